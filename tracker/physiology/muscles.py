"""The muscle groups Regain tracks: one list, used by the model, the catalogue and the UI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Region = Literal["upper", "core", "lower"]


@dataclass(frozen=True)
class MuscleGroup:
    """A muscle group as the model and the UI see it."""

    key: str
    label: str
    region: Region
    #: True where the muscles sit in an arm or a leg (immobilising a limb affects them).
    limb: Literal["arm", "leg", None] = None


MUSCLE_GROUPS: tuple[MuscleGroup, ...] = (
    MuscleGroup("chest", "Chest", "upper"),
    MuscleGroup("upper_back", "Upper back / lats", "upper"),
    MuscleGroup("traps", "Trapezius", "upper"),
    MuscleGroup("shoulders", "Shoulders", "upper", "arm"),
    MuscleGroup("biceps", "Biceps", "upper", "arm"),
    MuscleGroup("triceps", "Triceps", "upper", "arm"),
    MuscleGroup("forearms", "Forearms", "upper", "arm"),
    MuscleGroup("abs", "Abdominals", "core"),
    MuscleGroup("lower_back", "Lower back", "core"),
    MuscleGroup("glutes", "Glutes", "lower", "leg"),
    MuscleGroup("quads", "Quadriceps", "lower", "leg"),
    MuscleGroup("hamstrings", "Hamstrings", "lower", "leg"),
    MuscleGroup("adductors", "Adductors", "lower", "leg"),
    MuscleGroup("calves", "Calves", "lower", "leg"),
)

MUSCLE_KEYS: tuple[str, ...] = tuple(m.key for m in MUSCLE_GROUPS)
MUSCLES_BY_KEY: dict[str, MuscleGroup] = {m.key: m for m in MUSCLE_GROUPS}

#: Body-region shortcuts offered when a break immobilises part of the body.
BODY_REGIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "left_arm": ("Left arm", tuple(m.key for m in MUSCLE_GROUPS if m.limb == "arm")),
    "right_arm": ("Right arm", tuple(m.key for m in MUSCLE_GROUPS if m.limb == "arm")),
    "left_leg": ("Left leg", tuple(m.key for m in MUSCLE_GROUPS if m.limb == "leg")),
    "right_leg": ("Right leg", tuple(m.key for m in MUSCLE_GROUPS if m.limb == "leg")),
    "upper_body": ("Upper body", tuple(m.key for m in MUSCLE_GROUPS if m.region == "upper")),
    "lower_body": ("Lower body", tuple(m.key for m in MUSCLE_GROUPS if m.region == "lower")),
    "whole_body": ("Whole body", MUSCLE_KEYS),
}
