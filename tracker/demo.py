"""The demo account: about two years of realistic training and three breaks, ending today.

An upper/lower split, three or four sessions a week, with the usual lifts from the catalogue
(by key). Each lift follows a strength curve with diminishing returns, plateaus and day-to-day
noise; working weights are picked from it for a planned number of reps with two in reserve, and
the last sets of an exercise sometimes fall a rep short. Barbell lifts get warm-up sets; some
sessions note an RPE. Pull-ups start assisted and move to bodyweight, then to added weight.

Three breaks (rows of ``breaks``): a two-week vacation about 18 months ago and a ten-day illness
about three months ago, with no workouts in them, and a six-week left-arm injury about 11 months
ago during which only leg sessions are logged. Loads dip after each break (the arm lifts most
after the injury) and come back over about half the break's length.

Deterministic: a seeded random generator, so the same ``today`` gives the same history. Rows
are written with bulk inserts, so it takes well under a second or two.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from tracker import crud
from tracker.models import Break, BreakMuscle, Exercise, User, UserBase, Workout, WorkoutSet
from tracker.physiology.muscles import BODY_REGIONS

SEED = 20_240_601
#: How far back the history goes.
DAYS = 730
#: The lifter's body weight, for pull-ups (the load is the body, minus assistance, plus a belt).
BODY_KG = 80.0


@dataclass(frozen=True)
class Lift:
    """An exercise in the programme and how the demo lifter progresses on it."""

    key: str
    #: Estimated 1RM at the start (for pull-ups: the whole load, body included).
    start: float
    #: Fraction added over the two years, approached with diminishing returns.
    gain: float
    reps: tuple[int, ...]
    sets: int
    step: float = 2.5
    warmups: bool = False
    rpe: bool = False
    #: Trained by the arms: held back by the left-arm injury.
    arms: bool = True


@dataclass(frozen=True)
class DemoBreak:
    start_offset: int  # days before today
    days: int
    reason: str
    mode: str
    #: Fraction of strength lost by the end of the break, for the lifts it affects.
    loss: float
    body_region: str | None = None
    notes: str = ""

    def span(self, today: dt.date) -> tuple[dt.date, dt.date]:
        start = today - dt.timedelta(days=self.start_offset)
        return start, start + dt.timedelta(days=self.days - 1)


BREAKS = (
    DemoBreak(548, 14, "vacation", "rest", 0.035, notes="Two weeks at the seaside."),
    DemoBreak(
        335,
        42,
        "injury",
        "immobilized",
        0.15,
        body_region="left_arm",
        notes="Broken left wrist, six weeks in a cast. Legs only.",
    ),
    DemoBreak(95, 10, "illness", "rest", 0.05, notes="Flu."),
)

# fmt: off
UPPER_A = (
    Lift("bench_press_barbell", 80, 0.30, (5, 6, 8), 3, warmups=True, rpe=True),
    Lift("bent_over_row_barbell", 70, 0.30, (8,), 3, rpe=True),
    Lift("overhead_press_dumbbell", 22, 0.35, (10,), 3, step=2),
    Lift("lat_pulldown_cable", 70, 0.30, (10,), 3, step=5),
    Lift("bicep_curl_dumbbell", 16, 0.35, (12,), 3, step=2),
    Lift("triceps_rope_pushdown_cable", 30, 0.35, (12,), 3),
)
LOWER_A = (
    Lift("squat_barbell", 100, 0.35, (5,), 3, warmups=True, rpe=True, arms=False),
    Lift("romanian_deadlift_barbell", 90, 0.35, (8,), 3, arms=False),
    Lift("leg_press_machine", 160, 0.35, (10,), 3, step=10, arms=False),
    Lift("lying_leg_curl_machine", 45, 0.30, (12,), 3, step=5, arms=False),
    Lift("standing_calf_raise_machine", 80, 0.25, (12,), 3, step=5, arms=False),
)
UPPER_B = (
    Lift("overhead_press_barbell", 50, 0.30, (6,), 3, warmups=True, rpe=True),
    Lift("pull_up", 78, 0.55, (6, 8), 3),
    Lift("incline_bench_press_dumbbell", 26, 0.35, (10,), 3, step=2),
    Lift("seated_row_cable", 70, 0.30, (10,), 3, step=5),
    Lift("lateral_raise_dumbbell", 10, 0.40, (15,), 3, step=2),
    Lift("hammer_curl_dumbbell", 18, 0.30, (12,), 2, step=2),
)
LOWER_B = (
    Lift("deadlift_barbell", 130, 0.35, (5,), 2, warmups=True, rpe=True, arms=False),
    Lift("bulgarian_split_squat_dumbbell", 40, 0.35, (8,), 3, step=4, arms=False),
    Lift("leg_extension_machine", 60, 0.30, (12,), 3, step=5, arms=False),
    Lift("seated_leg_curl_machine", 50, 0.30, (12,), 3, step=5, arms=False),
    Lift("hip_thrust_barbell", 100, 0.40, (10,), 3, arms=False),
)
#: With the left arm in a cast: machines only, nothing held in the hands.
LEGS_ONLY = (
    Lift("leg_press_machine", 160, 0.35, (10,), 4, step=10, arms=False),
    Lift("leg_extension_machine", 60, 0.30, (12,), 3, step=5, arms=False),
    Lift("lying_leg_curl_machine", 45, 0.30, (12,), 3, step=5, arms=False),
    Lift("standing_calf_raise_machine", 80, 0.25, (12,), 3, step=5, arms=False),
    Lift("hip_abduction_machine", 50, 0.25, (15,), 2, step=5, arms=False),
)
# fmt: on

#: (weekday, title, lifts): Monday, Tuesday, Thursday, Saturday.
WEEK = (
    (0, "Upper A", UPPER_A),
    (1, "Lower A", LOWER_A),
    (3, "Upper B", UPPER_B),
    (5, "Lower B", LOWER_B),
)
#: Stretches (days from the start) where a lift group stalls: arms, then legs.
PLATEAUS = {True: ((210, 265), (470, 520)), False: ((300, 350),)}
EXTRA_KEYS = ("pull_up_assisted", "plank", "hanging_leg_raise", "treadmill")


@dataclass
class _Progress:
    """One lift's state: how many sessions pushed it on, and the dent left by breaks."""

    sessions: int = 0
    #: Per break (by its index in BREAKS): first session back, fraction lost, recovery days.
    dents: dict[int, tuple[dt.date, float, float]] = field(default_factory=dict)

    def level(self, lift: Lift, day: dt.date) -> float:
        base = lift.start * (1 + lift.gain * (1 - math.exp(-self.sessions / 55)))
        dent = sum(
            loss * math.exp(-(day - back).days / tau)
            for back, loss, tau in self.dents.values()
            if day >= back
        )
        return base * (1 - min(dent, 0.5))


def create_demo_user(
    *, session: Session, email: str, password: str, today: dt.date | None = None
) -> User:
    """Create the demo account with its history and breaks; returns the user."""
    profile = UserBase(
        email=email, display_name="Demo lifter", unit="kg", training_years=1.0, sex="male"
    )
    user = crud.users.create(session=session, profile=profile, password=password)
    assert user.id is not None
    user.training_years_set = True  # the year above is the demo lifter's own, not inferred
    session.add(user)
    today = today or dt.date.today()
    ids = _exercise_ids(session)
    workouts, sets_by_key = _history(today)
    connection = session.connection()
    connection.execute(
        insert(Workout),
        [{**w, "user_id": user.id, "source": "demo"} for w in workouts],
    )
    workout_ids = dict(
        session.exec(select(Workout.source_key, Workout.id).where(Workout.user_id == user.id)).all()
    )
    rows = []
    for source_key, items in sets_by_key.items():
        for position, (key, values) in enumerate(items, start=1):
            rows.append(
                {
                    "workout_id": workout_ids[source_key],
                    "exercise_id": ids[key],
                    "position": position,
                    "reps": None,
                    "weight_kg": None,
                    "rpe": None,
                    "kind": "normal",
                    "distance_m": None,
                    "seconds": None,
                    "notes": "",
                    **values,
                }
            )
    connection.execute(insert(WorkoutSet), rows)
    for item in BREAKS:
        start, end = item.span(today)
        row = Break(
            user_id=user.id,
            start_date=start,
            end_date=end,
            reason=item.reason,
            mode=item.mode,
            body_region=item.body_region,
            notes=item.notes,
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        if item.body_region is not None:
            for muscle in BODY_REGIONS[item.body_region][1]:
                session.add(BreakMuscle(break_id=row.id, muscle=muscle))
    crud.users.bump_data_version(session=session, user_id=user.id)
    session.commit()
    session.refresh(user)
    return user


def _exercise_ids(session: Session) -> dict[str, int]:
    keys = {lift.key for _, _, lifts in WEEK for lift in lifts}
    keys |= {lift.key for lift in LEGS_ONLY} | set(EXTRA_KEYS)
    found = dict(
        session.exec(
            select(Exercise.key, Exercise.id).where(
                col(Exercise.key).in_(keys), col(Exercise.owner_id).is_(None)
            )
        ).all()
    )
    missing = keys - set(found)
    if missing:
        raise RuntimeError(f"the catalogue lacks {sorted(missing)}: run `flask init-db` first")
    return {k: v for k, v in found.items() if k is not None and v is not None}


SetValues = tuple[str, dict[str, Any]]


def _history(today: dt.date) -> tuple[list[dict[str, Any]], dict[str, list[SetValues]]]:
    """The workouts (as row dicts) and their sets (exercise key, values), by source key."""
    rng = random.Random(SEED)
    first = today - dt.timedelta(days=DAYS)
    first -= dt.timedelta(days=first.weekday())
    spans = [(b, *b.span(today)) for b in BREAKS]
    injury = next(b for b in BREAKS if b.mode == "immobilized")
    progress: dict[str, _Progress] = {}
    workouts: list[dict[str, Any]] = []
    sets: dict[str, list[SetValues]] = {}
    week = first
    while week <= today:
        plan = list(WEEK)
        if rng.random() < 0.35:
            plan.pop(rng.randrange(len(plan)))  # a three-session week
        for weekday, title, lifts in plan:
            day = week + dt.timedelta(days=weekday)
            if day > today or rng.random() < 0.03:
                continue
            during = [b for b, start, end in spans if start <= day <= end]
            if any(b.mode == "rest" for b in during):
                continue
            injured = injury in during
            if injured:
                if title.startswith("Upper"):
                    continue
                lifts, title = LEGS_ONLY, "Legs (arm in a cast)"
            form = rng.gauss(0, 0.02)
            items = _session(rng, progress, lifts, day, first, form, injured, spans)
            if title == "Lower A" and rng.random() < 0.4:
                items.append(_run(rng))
            key = f"demo-{day.isoformat()}"
            start_hour = 10 if weekday == 5 else 18
            minutes = rng.randrange(-60, 61, 5)
            started = dt.datetime.combine(day, dt.time(start_hour)) + dt.timedelta(minutes=minutes)
            if day == today:
                started = dt.datetime.combine(day, dt.time(7, 15))
            workouts.append(
                {
                    "started_at": started,
                    "title": title,
                    "duration_minutes": rng.randrange(50, 85, 5),
                    "notes": "Left arm in a cast: legs only." if injured else "",
                    "source_key": key,
                }
            )
            sets[key] = items
        week += dt.timedelta(days=7)
    return workouts, sets


def _note_breaks(
    state: _Progress,
    lift: Lift,
    spans: list[tuple[DemoBreak, dt.date, dt.date]],
    day: dt.date,
) -> None:
    """At a lift's first session after a break, dent it if the break affected it.

    The dent fades from that session on: mostly regained after half the break's length.
    """
    for index, (item, _start, end) in enumerate(spans):
        if index in state.dents or not end < day <= end + dt.timedelta(days=28):
            continue
        if item.mode == "immobilized" and not lift.arms:
            continue
        state.dents[index] = (day, item.loss, item.days / 4)


def _session(
    rng: random.Random,
    progress: dict[str, _Progress],
    lifts: tuple[Lift, ...],
    day: dt.date,
    first: dt.date,
    form: float,
    injured: bool,
    spans: list[tuple[DemoBreak, dt.date, dt.date]],
) -> list[SetValues]:
    items: list[SetValues] = []
    elapsed = (day - first).days
    for lift in lifts:
        state = progress.setdefault(lift.key, _Progress())
        if state.sessions:
            _note_breaks(state, lift, spans, day)
        level = state.level(lift, day) * (1 + form + rng.gauss(0, 0.01))
        if not any(a <= elapsed <= b for a, b in PLATEAUS[lift.arms]):
            state.sessions += 1
        reps = rng.choice(lift.reps)
        if lift.key == "pull_up":
            items.extend(_pull_ups(rng, level, reps, lift.sets))
            continue
        weight = _round(level / (1 + (reps + 2) / 30), lift.step)
        if lift.warmups:
            items.extend(_warmups(lift.key, weight))
        note_rpe = lift.rpe and rng.random() < 0.5
        for index in range(lift.sets):
            done = _reps_done(rng, level, weight, reps, index)
            values: dict[str, Any] = {"reps": done, "weight_kg": weight}
            if note_rpe:
                values["rpe"] = _rpe(level, weight, done)
            items.append((lift.key, values))
    if not injured and lifts is LOWER_A:
        seconds = min(120, 45 + 5 * (progress[LOWER_A[0].key].sessions // 8))
        items.extend(("plank", {"seconds": seconds}) for _ in range(2))
    if not injured and lifts is LOWER_B:
        reps = min(15, 8 + progress[LOWER_B[0].key].sessions // 12)
        items.extend(("hanging_leg_raise", {"reps": reps}) for _ in range(3))
    return items


def _pull_ups(rng: random.Random, level: float, reps: int, count: int) -> list[SetValues]:
    """Assisted while the lifter cannot move the body for the reps, then bodyweight, then a belt."""
    load = _round(level / (1 + (reps + 2) / 30), 2.5)
    if load < BODY_KG:
        help_kg = _round(BODY_KG - load, 5)
        return [
            (
                "pull_up_assisted",
                {"reps": _reps_done(rng, level, BODY_KG - help_kg, reps, i), "weight_kg": help_kg},
            )
            for i in range(count)
        ]
    added = load - BODY_KG
    return [
        (
            "pull_up",
            {
                "reps": _reps_done(rng, level, load, reps, i),
                "weight_kg": added if added > 0 else None,
            },
        )
        for i in range(count)
    ]


def _warmups(key: str, weight: float) -> list[SetValues]:
    """The empty bar, then about half and three quarters of the working weight."""
    steps = [(20.0, 10), (_round(weight * 0.5, 2.5), 5), (_round(weight * 0.75, 2.5), 3)]
    return [
        (key, {"reps": reps, "weight_kg": w, "kind": "warmup"})
        for w, reps in steps
        if 20 <= w < weight
    ]


def _reps_done(rng: random.Random, level: float, weight: float, planned: int, index: int) -> int:
    """The reps managed: the plan, unless fatigue over the sets says fewer."""
    possible = 30 * (level / weight - 1) - 0.8 * index + rng.gauss(0, 0.6)
    return max(1, min(planned, math.floor(possible)))


def _rpe(level: float, weight: float, reps: int) -> float:
    in_reserve = max(0.0, 30 * (level / weight - 1) - reps)
    return max(6.0, min(10.0, round((10 - in_reserve) * 2) / 2))


def _run(rng: random.Random) -> SetValues:
    km = rng.choice((3.0, 4.0, 5.0))
    pace = rng.uniform(330, 390)  # seconds per km
    return ("treadmill", {"distance_m": km * 1000, "seconds": int(km * pace)})


def _round(value: float, step: float) -> float:
    return round(max(step, round(value / step) * step), 2)
