"""Database tables and the data shapes around them.

Weights are stored in kilograms, distances in metres, durations in seconds or minutes as named.
A workout's ``started_at`` is the local wall-clock time where the user trained (the time zone of
their profile when logged by hand, the time written in the file when imported); its date is the
training day the model sees.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import CheckConstraint, DateTime, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

UNITS = ("kg", "lb")
SEXES = ("male", "female")
SET_KINDS = ("warmup", "normal", "drop", "failure")
BREAK_REASONS = ("injury", "illness", "vacation", "stress", "motivation", "other", "unknown")
BREAK_MODES = ("rest", "reduced", "immobilized")
WORKOUT_SOURCES = ("manual", "strong", "hevy", "fitnotes", "regain", "demo")


def utcnow() -> dt.datetime:
    """Now in UTC, without tzinfo: every timestamp column stores naive UTC."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _timestamp() -> DateTime:
    # Explicit, so naive values are stored as they are on every database.
    return DateTime(timezone=False)


# --- users -----------------------------------------------------------------------------------


class UserBase(SQLModel):
    email: str = Field(max_length=254)
    display_name: str = Field(default="", max_length=80)
    unit: str = Field(default="kg", max_length=2)
    birth_year: int | None = None
    sex: str | None = Field(default=None, max_length=6)
    training_years: float = 0.0
    timezone: str = Field(default="UTC", max_length=64)
    #: Days without a logged workout or a recorded break that count as a possible break.
    gap_days: int = 14
    #: How dates read: dmy, mdy or ymd; times: a 24- or 12-hour clock (migration 0010).
    date_order: str = Field(default="dmy", max_length=3)
    clock: str = Field(default="24", max_length=2)
    #: The smallest plate and the dumbbell step, in kg; None: the unit's usual ones
    #: (``tracker.loading``; migration 0013).
    plate_step_kg: float | None = None
    dumbbell_step_kg: float | None = None


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class User(UserBase, table=True):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("unit IN ('kg', 'lb')", name="ck_users_unit"),
        CheckConstraint("sex IS NULL OR sex IN ('male', 'female')", name="ck_users_sex"),
        # SQLite reuses the highest id after a delete unless told not to: a new account must
        # never get a deleted one's id (caches and files are keyed by it). Migration 0006.
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    password_hash: str = Field(max_length=255)
    #: Carried by every session cookie and checked on every request: logging out, changing
    #: the password or deleting the account replaces it, which ends every session at once.
    session_token: str = Field(default_factory=new_session_token, max_length=64)
    #: Bumped on every write to the user's training data; projections are cached by it.
    data_version: int = 0
    #: Whether the user gave ``training_years`` themselves; if not, the model uses what the
    #: start of their log suggests (``tracker.projections.training_status``). Migration 0007.
    training_years_set: bool = False
    #: Whether the estimates use what Regain learnt from the user's own past returns
    #: (``tracker.projections.calibration``); the settings' switch. Migration 0009.
    personal_calibration: bool = True
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=_timestamp())

    # Flask-Login's user protocol.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        from tracker.crud.users import session_id

        return session_id(self)


# --- exercises -------------------------------------------------------------------------------


class ExerciseBase(SQLModel):
    name: str = Field(max_length=120)
    equipment: str = Field(default="other", max_length=20)
    kind: str = Field(default="weighted", max_length=12)


class Exercise(ExerciseBase, table=True):
    """A catalogue exercise (``owner_id`` empty, ``key`` set) or a user's custom one."""

    __tablename__ = "exercises"

    id: int | None = Field(default=None, primary_key=True)
    key: str | None = Field(default=None, max_length=80, unique=True)
    owner_id: int | None = Field(
        default=None, foreign_key="users.id", ondelete="CASCADE", index=True
    )


class ExerciseMuscle(SQLModel, table=True):
    __tablename__ = "exercise_muscles"

    exercise_id: int = Field(foreign_key="exercises.id", ondelete="CASCADE", primary_key=True)
    muscle: str = Field(max_length=20, primary_key=True)
    role: str = Field(max_length=10)  # "primary" or "secondary"


class ExerciseAlias(SQLModel, table=True):
    """Another name of a catalogue exercise, as other apps write it (normalised)."""

    __tablename__ = "exercise_aliases"

    id: int | None = Field(default=None, primary_key=True)
    exercise_id: int = Field(foreign_key="exercises.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=120)
    normalized: str = Field(max_length=120, unique=True)


class ExerciseMapping(SQLModel, table=True):
    """A user's answer to "which exercise is this name from my old app?"."""

    __tablename__ = "exercise_mappings"
    __table_args__ = (UniqueConstraint("user_id", "normalized"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    normalized: str = Field(max_length=120)
    exercise_id: int = Field(foreign_key="exercises.id", ondelete="CASCADE")


# --- workouts --------------------------------------------------------------------------------


class WorkoutBase(SQLModel):
    started_at: dt.datetime = Field(sa_type=_timestamp(), index=True)
    title: str = Field(default="", max_length=120)
    duration_minutes: int | None = None
    notes: str = Field(default="", max_length=2000)


class Workout(WorkoutBase, table=True):
    __tablename__ = "workouts"
    __table_args__ = (
        UniqueConstraint("user_id", "source_key"),
        # A user's workouts by start: the latest ones, ranges of days (migration 0017).
        Index("ix_workouts_user_id_started_at", "user_id", "started_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    source: str = Field(default="manual", max_length=12)
    #: Identity of an imported workout, so a re-import adds nothing twice.
    source_key: str | None = Field(default=None, max_length=200)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=_timestamp())
    #: Raised by the database on every change to the workout's sets (triggers of migration
    #: 0016): the model's log reader reads again only the workouts whose version moved. Written
    #: by the app only as an import's ``FRESH`` (see ``tracker.crud.import_writes``).
    sets_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class WorkoutMonth(SQLModel, table=True):
    """A version per user and month of workouts ("YYYY-MM" of their start), raised by the
    database whenever a workout of that month is added, deleted, moved or its sets change
    (triggers of migration 0018): the log reader reads again only the months that moved."""

    __tablename__ = "workout_months"

    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", primary_key=True)
    month: str = Field(max_length=7, primary_key=True)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class WorkoutSetBase(SQLModel):
    exercise_id: int = Field(foreign_key="exercises.id", ondelete="CASCADE", index=True)
    position: int = 1
    reps: int | None = None
    weight_kg: float | None = None
    rpe: float | None = None
    kind: str = Field(default="normal", max_length=8)
    distance_m: float | None = None
    seconds: int | None = None
    notes: str = Field(default="", max_length=500)
    #: The side a one-arm or one-leg set trained, "left" or "right"; None: both, or not said
    #: (``tracker.sides``; migration 0015).
    side: str | None = Field(default=None, max_length=5)


class WorkoutSet(WorkoutSetBase, table=True):
    __tablename__ = "workout_sets"
    # Leads with workout_id (the foreign key's lookups) and covers the model's log query, which
    # counts sets per workout, exercise and kind without reading the table (migration 0004).
    __table_args__ = (
        Index("ix_workout_sets_workout_id_exercise_id_kind", "workout_id", "exercise_id", "kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workout_id: int = Field(foreign_key="workouts.id", ondelete="CASCADE")


# --- breaks ----------------------------------------------------------------------------------


class BreakBase(SQLModel):
    start_date: dt.date
    end_date: dt.date | None = None
    reason: str = Field(default="other", max_length=12)
    mode: str = Field(default="rest", max_length=12)
    sessions_per_week: int | None = None
    #: The body-region shortcut picked for an immobilised break, for display.
    body_region: str | None = Field(default=None, max_length=20)
    notes: str = Field(default="", max_length=2000)
    #: An immobilised break of one side's limb ("left" or "right"): that side is simulated
    #: apart from the other, which keeps training (issue 17; migration 0015). None: both sides.
    side: str | None = Field(default=None, max_length=5)


class Break(BreakBase, table=True):
    __tablename__ = "breaks"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=_timestamp())
    #: The day the user said an immobilised region may be loaded again (migration 0013).
    cleared_on: dt.date | None = None


class BreakMuscle(SQLModel, table=True):
    """A muscle group immobilised during a break."""

    __tablename__ = "break_muscles"

    break_id: int = Field(foreign_key="breaks.id", ondelete="CASCADE", primary_key=True)
    muscle: str = Field(max_length=20, primary_key=True)


class TrainingGap(SQLModel, table=True):
    """Days without logs that the user says were training ("just not logging")."""

    __tablename__ = "training_gaps"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    start_date: dt.date
    end_date: dt.date
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=_timestamp())


# --- plans -----------------------------------------------------------------------------------


class PlanBase(SQLModel):
    name: str = Field(default="", max_length=120)
    start_date: dt.date
    days: int
    mode: str = Field(default="rest", max_length=12)
    sessions_per_week: int | None = None
    #: Comma-separated muscle group keys for an immobilised plan.
    muscles: str = Field(default="", max_length=400)
    dose_after: float = 1.0


class Plan(PlanBase, table=True):
    __tablename__ = "plans"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    break_id: int | None = Field(default=None, foreign_key="breaks.id", ondelete="SET NULL")
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=_timestamp())


# --- imports ---------------------------------------------------------------------------------


class ImportRecord(SQLModel, table=True):
    """One import a user made: what it added, and its report (what each exercise name of the
    file became), kept so that the review page and the report download stay available."""

    __tablename__ = "import_records"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=_timestamp())
    filename: str = Field(default="", max_length=200)
    source: str = Field(max_length=12)
    workouts_added: int = 0
    sets_added: int = 0
    duplicate_workouts: int = 0
    skipped_sets: int = 0
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    #: JSON: {"exercises": [...], "warnings": [...]} (``tracker.crud.imports.report_document``).
    report: str = Field(default="{}", sa_type=Text())


# --- API tokens ------------------------------------------------------------------------------

#: What a personal access token may do: ``read`` answers GET requests only, ``write`` all.
API_SCOPES = ("read", "write")


class ApiToken(SQLModel, table=True):
    """A personal access token for the JSON API (``tracker.api``). Only the SHA-256 digest of
    the token is stored (the user sees the token once); ``hint`` is its first characters, so
    that the settings page can tell tokens apart. Revoking a token deletes it. Migration 0011.
    """

    __tablename__ = "api_tokens"
    __table_args__ = (CheckConstraint("scope IN ('read', 'write')", name="ck_api_tokens_scope"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=80)
    scope: str = Field(default="read", max_length=5)
    token_hash: str = Field(max_length=64, unique=True)
    hint: str = Field(max_length=16)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=_timestamp())
    #: Updated at most once a minute (``tracker.crud.tokens.USE_RESOLUTION``).
    last_used_at: dt.datetime | None = Field(default=None, sa_type=_timestamp())


# --- the model's stored checkpoints -----------------------------------------------------------


class ModelCheckpoint(SQLModel, table=True):
    """A block of a user's simulated history, shared by every app server and kept across
    restarts (``tracker.projections.store``): the model's outputs for 28 days and its state at
    their end, valid for the inputs whose digest is ``chain``. A cache: deleting rows only
    costs simulations. Migration 0012.
    """

    __tablename__ = "model_checkpoints"

    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", primary_key=True)
    block: int = Field(primary_key=True)
    chain: bytes = Field(sa_type=LargeBinary())
    data: bytes = Field(sa_type=LargeBinary())


# --- routines, planned sets and sets sent from a device (issue 18) ---------------------------


class Routine(SQLModel, table=True):
    """A workout to repeat: its exercises and sets with target values (``RoutineSet``).
    Migration 0014."""

    __tablename__ = "routines"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=80)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=_timestamp())
    #: When a workout was last started from it (the routines most used come first).
    used_at: dt.datetime | None = Field(default=None, sa_type=_timestamp())


class PlannedValues(SQLModel):
    """What a set is meant to be: a routine's target, or a planned set's pre-filled values (in
    kilograms, metres and seconds, like ``WorkoutSetBase``)."""

    exercise_id: int = Field(foreign_key="exercises.id", ondelete="CASCADE", index=True)
    position: int = 1
    reps: int | None = None
    weight_kg: float | None = None
    kind: str = Field(default="normal", max_length=8)
    distance_m: float | None = None
    seconds: int | None = None


class RoutineSet(PlannedValues, table=True):
    __tablename__ = "routine_sets"

    id: int | None = Field(default=None, primary_key=True)
    routine_id: int = Field(foreign_key="routines.id", ondelete="CASCADE", index=True)


class PlannedSet(PlannedValues, table=True):
    """A set of a workout that is planned, not (yet) done. The model reads ``workout_sets``
    only, so a planned set never counts as training; marking it done logs a ``WorkoutSet`` and
    links it here (``set_id``), undoing deletes that set and leaves the plan. ``uid`` is the
    row's id on the workout page, made by the server or by the device that planned it."""

    __tablename__ = "planned_sets"
    __table_args__ = (UniqueConstraint("workout_id", "uid"),)

    id: int | None = Field(default=None, primary_key=True)
    workout_id: int = Field(foreign_key="workouts.id", ondelete="CASCADE")
    uid: str = Field(max_length=40)
    set_id: int | None = Field(
        default=None, foreign_key="workout_sets.id", ondelete="SET NULL", index=True
    )


class SyncReceipt(SQLModel, table=True):
    """An operation a device sent (marking a set done, changing one...), by the id the device
    made for it: applied once, so a batch sent again stores nothing twice."""

    __tablename__ = "sync_receipts"
    __table_args__ = (UniqueConstraint("user_id", "op_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    op_id: str = Field(max_length=40)
    workout_id: int = Field(foreign_key="workouts.id", ondelete="CASCADE", index=True)
    #: The set the operation logged, if it logged one.
    set_id: int | None = Field(
        default=None, foreign_key="workout_sets.id", ondelete="SET NULL", index=True
    )
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=_timestamp())


class RestTime(SQLModel, table=True):
    """How long a user rests between sets of an exercise (the rest timer's start)."""

    __tablename__ = "rest_times"

    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", primary_key=True)
    exercise_id: int = Field(foreign_key="exercises.id", ondelete="CASCADE", primary_key=True)
    seconds: int
