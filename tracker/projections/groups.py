"""Which muscle groups a number is about, and how they are averaged into one.

"Whole body" is the mean of the muscle groups weighted by the hard sets logged for each (groups
never trained weigh nothing); a user without sets weighs all groups equally. A break or a plan
that immobilises some groups is about those groups only.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

from tracker.physiology.muscles import MUSCLES_BY_KEY
from tracker.projections.cache import History

WHOLE_BODY = "whole_body"


def focus_weights(
    groups: Sequence[str], weights: np.ndarray, muscles: Collection[str] | None = None
) -> np.ndarray:
    """Weights over ``groups`` for a mean: the whole-body weights, limited to ``muscles``
    (equal weights among those when none of them was trained)."""
    w = np.asarray(weights, dtype=np.float64)
    if muscles is not None:
        mask = np.array([g in muscles for g in groups], dtype=np.float64)
        w = w * mask
        if w.sum() <= 0:
            w = mask
    if w.sum() <= 0:
        w = np.ones(len(groups))
    return np.asarray(w / w.sum())


def aggregate(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted mean over the last axis (groups).

    As one matrix-vector product over the rows flattened (a history's (rows, 3, groups) as
    ``@`` broadcasts it is six times slower)."""
    values = np.asarray(values)
    flat = values.reshape(-1, values.shape[-1]) @ np.asarray(weights)
    return np.asarray(flat.reshape(values.shape[:-1]))


def group_choice(muscle: str | None) -> str | None:
    """A muscle key for ``?muscle=``: ``None`` for the whole body; ``ValueError`` if unknown."""
    if muscle in (None, "", WHOLE_BODY):
        return None
    if muscle not in MUSCLES_BY_KEY:
        raise ValueError(f"unknown muscle group {muscle!r}")
    return muscle


def selection_weights(history: History, muscle: str | None) -> np.ndarray:
    groups = history.timeline.groups
    if muscle is None:
        return focus_weights(groups, history.weights())
    return focus_weights(groups, np.ones(len(groups)), (muscle,))


def group_labels(keys: Sequence[str]) -> str:
    return ", ".join(MUSCLES_BY_KEY[k].label for k in keys if k in MUSCLES_BY_KEY)
