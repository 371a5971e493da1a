"""The model's one step that must run day after day, compiled with Numba.

Everything else in the model is computed for all days at once with numpy. Gain and peak gain
are not: each day takes a maximum and a minimum of the day before, so they are a loop over the
days. In Python that loop is five numpy calls a day on rows of a few dozen lanes, and such a
call costs its overhead, not its arithmetic (about 9 ms for ten years: 40 % of a simulation).
Numba compiles the same loop to machine code with the same IEEE operations in the same order
(no fast-math, so no fused multiply-add): the same numbers, about forty times faster.

Compiled on first use in each process (a quarter of a second); a server compiles it before
forking its workers (``tracker.cluster.warm_up``).
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=False, nogil=True)
def gain_days(pair: np.ndarray, keep: np.ndarray, pull: np.ndarray, growth: np.ndarray) -> None:
    """Gain ``g`` and peak gain ``P`` day after day, in place: ``pair[t] = (g, P)`` per lane,
    row 0 given, rows 1..days written; ``keep``, ``pull`` and ``growth`` are (days, lanes).

    Each day ``h = keep·g + growth``, ``P' = max(P, h)`` and ``g' = min(h + pull·P, P')``:
    growth and loss, then extra growth toward the peak (the memory), never beyond it. This
    equals ``max(h, min(P, h + pull·P))``, which rises with ``g``, ``P`` and every
    gain-raising parameter, and so keeps the band ordered.
    """
    days, lanes = keep.shape
    for t in range(days):
        for j in range(lanes):
            gain = pair[t, 0, j]
            peak = pair[t, 1, j]
            held = gain * keep[t, j]
            held = held + growth[t, j]
            pulled = peak * pull[t, j]
            peak_next = np.fmax(peak, held)
            pair[t + 1, 1, j] = peak_next
            pair[t + 1, 0, j] = np.fmin(held + pulled, peak_next)


def compile_now() -> None:
    """Compile :func:`gain_days` for the arrays the model passes (C-ordered float64)."""
    pair = np.zeros((2, 2, 1))
    rows = np.zeros((1, 1))
    gain_days(pair, rows, rows, rows)
