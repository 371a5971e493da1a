"""What a lifter can put on the bar: weights rounded to the user's plates and dumbbells, and the
working weight for a number of reps at an effort (pure: no Flask, no database).

A barbell (or a Smith machine, a plate-loaded machine) goes up by a pair of the smallest plates;
dumbbells and kettlebells by the gym's dumbbell step; a weight stack by a pair of plates too
(most stacks step 2.5 or 5 kg, 5 or 10 lb). Weights are rounded *down* in the user's unit: a
suggestion for a first session back is never heavier than its target.

Efforts are reps in reserve (RIR: reps left before failure). A set of ``reps`` with ``rir`` in
reserve is about the weight whose Epley one-rep max has ``reps + rir`` reps in it, the same
formula Regain estimates 1RMs with (``tracker.volume.epley_1rm``); RPE is 10 minus RIR.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tracker.units import KG_PER_LB

_KG_PER_LB = float(KG_PER_LB)
#: kg in a pound, as a float (for the settings form).
KG_PER_LB_FLOAT = _KG_PER_LB

#: Defaults when the user has not set their own: the smallest plate (so a barbell goes up by
#: twice it) and the dumbbell step, in kg for a kg user and in lb for a lb user.
DEFAULT_PLATE = {"kg": 1.25, "lb": 2.5}
DEFAULT_DUMBBELL = {"kg": 2.0, "lb": 5.0}
#: A plate or dumbbell step outside this range (in kg) is not a step but a typing error.
MIN_STEP_KG, MAX_STEP_KG = 0.1, 25.0

#: Equipment that goes up by a pair of plates, and by a dumbbell step.
PAIRED = frozenset({"barbell", "smith", "machine", "cable"})
SINGLE = frozenset({"dumbbell", "kettlebell"})


@dataclass(frozen=True)
class Steps:
    """How a user's weights go up, in their unit (``unit`` is "kg" or "lb")."""

    unit: str
    plate: float
    dumbbell: float

    @classmethod
    def of(
        cls, unit: str, plate_kg: float | None = None, dumbbell_kg: float | None = None
    ) -> Steps:
        """The user's steps: the ones they set (stored in kg), else the unit's defaults."""
        factor = 1.0 if unit == "kg" else 1 / _KG_PER_LB
        plate = DEFAULT_PLATE[unit] if plate_kg is None else round(plate_kg * factor, 4)
        dumbbell = DEFAULT_DUMBBELL[unit] if dumbbell_kg is None else round(dumbbell_kg * factor, 4)
        return cls(unit, plate, dumbbell)

    def increment(self, equipment: str) -> float:
        """The smallest change of load for ``equipment``, in the user's unit."""
        if equipment in PAIRED:
            return 2 * self.plate
        if equipment in SINGLE:
            return self.dumbbell
        return 0.5 if self.unit == "kg" else 1.0


def round_down(weight_kg: float, equipment: str, steps: Steps) -> float:
    """``weight_kg`` rounded down to a load of ``equipment`` the user can make, in kg (exact
    for the user's unit: 155 lb comes back as 155 lb's kilograms)."""
    factor = 1.0 if steps.unit == "kg" else _KG_PER_LB
    step = steps.increment(equipment)
    in_unit = weight_kg / factor
    # A hair of slack so that a weight already on a step is not rounded down a whole step.
    loads = math.floor(in_unit / step + 1e-9)
    return max(loads, 0) * step * factor


def working_weight(e1rm_kg: float, reps: int, rir: float) -> float:
    """The weight (kg) of a set of ``reps`` with ``rir`` reps in reserve, for a lifter whose
    one-rep max is ``e1rm_kg`` (Epley inverted)."""
    if reps < 1:
        raise ValueError("reps must be at least 1")
    total = reps + max(rir, 0.0)
    return e1rm_kg / (1 + total / 30) if total > 1 else e1rm_kg


def effort_words(rir: float) -> str:
    """An effort as a lifter says it: "comfortable: about 3-4 reps left in you"."""
    if rir >= 3.5:
        return "comfortable: about 3-4 reps left in the tank"
    if rir >= 2.5:
        return "steady: about 3 reps left in the tank"
    if rir >= 1.5:
        return "solid: about 2 reps left in the tank"
    return "hard: about 1 rep left in the tank"


def check_step(value: float, unit: str) -> str | None:
    """Why a typed plate or dumbbell step (in ``unit``) is not one; None when it is."""
    if not math.isfinite(value):
        return "Enter a number."
    factor = 1.0 if unit == "kg" else _KG_PER_LB
    if value * factor < MIN_STEP_KG:
        return f"Enter a step of at least {MIN_STEP_KG / factor:.2g} {unit}."
    if value * factor > MAX_STEP_KG:
        largest = f"{MAX_STEP_KG / factor:.0f} {unit}"
        return f"A step of more than {largest} is not a plate or dumbbell step."
    return None
