"""Left and right: one-sided injuries and one-arm or one-leg sets (pure: no Flask, no database).

Regain simulates an arm or a leg apart from the other side only while a break says that one
side is immobilised (``Break.side``): a wrist in a cast, a knee after surgery. Everything else
counts for both sides as it always did, so histories without a one-sided break give the same
numbers as before sides existed.

- A **set** may say the side it trained (``WorkoutSet.side``): a one-arm row, a single-leg
  press. :func:`default_side` is the side a new set gets from its exercise's name ("Left",
  "Right"; "Single-Arm", "One-Leg", "Unilateral" get the healthy side while a one-sided break
  is going on, none otherwise). :func:`set_sides` says which side a set counts for in the
  model: a set without a side trains both.
- A **break** may be one-sided only where the body has sides: every muscle group it
  immobilises must sit in an arm or a leg (:func:`side_problem`).

The workout pages call :func:`default_side` (the one hook they need); the timeline reads the
sides of the log (``tracker.timeline``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tracker.physiology.muscles import BODY_REGIONS, MUSCLES_BY_KEY

SIDES: tuple[str, str] = ("left", "right")
SIDE_LABELS: dict[str, str] = {"left": "Left", "right": "Right"}
#: A set's side in the set form ("": both sides, or not said).
SET_SIDE_CHOICES: tuple[tuple[str, str], ...] = (
    ("", "Both sides"),
    ("left", "Left only"),
    ("right", "Right only"),
)
#: The limbs that have sides, and their words.
LIMB_WORDS: dict[str, str] = {"arm": "arm", "leg": "leg"}

_LEFT = re.compile(r"\bleft\b", re.IGNORECASE)
_RIGHT = re.compile(r"\bright\b", re.IGNORECASE)
_ONE = re.compile(
    r"\b(single|one|1)[\s-]*(arm(ed)?|leg(ged)?|hand(ed)?|side(d)?)\b|\bunilateral\b"
    r"|\b(single|one)\b.*\b(arm|leg)\b",
    re.IGNORECASE,
)


def check_side(side: str | None) -> str | None:
    """``side`` if it is one of :data:`SIDES` or None; ``ValueError`` otherwise."""
    if side is not None and side not in SIDES:
        raise ValueError(f"side must be one of {SIDES} or None, got {side!r}")
    return side


def other_side(side: str) -> str:
    """The other side: ``left`` -> ``right``."""
    return SIDES[1 - SIDES.index(check_side(side) or "left")]


def limb_of(muscle: str) -> str | None:
    """``arm`` or ``leg`` for a muscle group in a limb, None for the trunk (or unknown)."""
    group = MUSCLES_BY_KEY.get(muscle)
    return None if group is None else group.limb


def limbs_of(muscles: Iterable[str]) -> frozenset[str]:
    """The limbs (``arm``, ``leg``) that some muscle groups sit in."""
    return frozenset(limb for limb in map(limb_of, muscles) if limb is not None)


def limb_groups(limb: str) -> tuple[str, ...]:
    """The muscle groups of one limb, in the model's order."""
    return tuple(k for k, m in MUSCLES_BY_KEY.items() if m.limb == limb)


def region_side(region: str | None) -> str | None:
    """The side a body-region shortcut names: ``left_arm`` -> ``left``; None for the others."""
    if not region or region not in BODY_REGIONS:
        return None
    side = region.split("_", 1)[0]
    return side if side in SIDES else None


def side_problem(side: str | None, muscles: Iterable[str], region: str | None = None) -> str:
    """Why a break cannot be on ``side`` with these immobilised muscle groups ("" if it can):
    the trunk has no sides, and a region naming the other side contradicts it."""
    if side is None:
        return ""
    if side not in SIDES:
        return "Pick left, right, or both sides."
    keys = list(muscles)
    trunk = [
        MUSCLES_BY_KEY[k].label.lower() for k in keys if k in MUSCLES_BY_KEY and not limb_of(k)
    ]
    if trunk:
        return (
            f"Only an arm or a leg has a left and a right side: {', '.join(trunk)} "
            f"{'has' if len(trunk) == 1 else 'have'} none. Leave the side at both sides, or "
            "pick the muscle groups of one limb."
        )
    named = region_side(region)
    if named is not None and named != side:
        return f"The body region is the {named} side: pick the {named} side, or another region."
    return ""


def name_side(name: str) -> str | None:
    """What an exercise's name says of its side: ``left``, ``right``, ``one`` (one limb at a
    time, the side not said) or None (both sides, or nothing said)."""
    text = name.replace("_", " ")
    left, right = bool(_LEFT.search(text)), bool(_RIGHT.search(text))
    if left != right:
        return "left" if left else "right"
    if _ONE.search(text):
        return "one"
    return None


def default_side(name: str, injured_side: str | None = None) -> str | None:
    """The side a new set of the exercise ``name`` gets: the side its name says; for a
    one-limb exercise whose name says no side ("Single-Arm Row"), the healthy side while a
    one-sided break of ``injured_side`` is going on; None otherwise (both sides)."""
    said = name_side(name)
    if said in SIDES:
        return said
    if said == "one" and injured_side in SIDES:
        return other_side(injured_side)
    return None


def set_sides(side: str | None) -> tuple[str, ...]:
    """The sides a set counts for: its own, or both when it says none."""
    return SIDES if side is None else (check_side(side) or "left",)
