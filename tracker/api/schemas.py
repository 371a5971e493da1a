"""The API's request and response shapes: the pydantic models that validate every request and
that the OpenAPI document is generated from (``tracker.api.endpoint``).

Requests are read strictly (``"8"`` is not a number, ``true`` is not 1, an unknown field is an
error) with the forms' limits and messages: the constants come from the forms and from
``tracker.limits``, and ``tests/test_api_parity.py`` sends the same values to both. Rules that
need the user's today or their data (a date in the future, an overlapping break, an exercise
that is not theirs) are in ``tracker.api.rules``.

Weights are kilograms, distances metres, durations seconds (a workout's in minutes), dates
``YYYY-MM-DD`` and a workout's start the local wall-clock time ``YYYY-MM-DDTHH:MM[:SS]``, as
the export writes them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
    create_model,
    model_validator,
)

from tracker import limits
from tracker.catalogue import EQUIPMENT, EXERCISE_KINDS
from tracker.crud.routines import MAX_ROUTINE_SETS
from tracker.forms.breaks import FUTURE_START
from tracker.forms.planner import COMPARE_OPTIONS
from tracker.forms.routines import MAX_NAME as MAX_ROUTINE_NAME
from tracker.forms.workouts import MAX_MINUTES, MAX_REPS, MAX_SECONDS, MAX_WEIGHT_KG
from tracker.models import API_SCOPES, BREAK_MODES, BREAK_REASONS, SET_KINDS
from tracker.physiology.muscles import BODY_REGIONS, MUSCLE_KEYS, MUSCLES_BY_KEY
from tracker.projections import MAX_DOSE, MIN_DOSE, PLAN_KINDS

__all__ = ["FUTURE_START"]

#: A workout set's distance: the form's 0.001 to 1000 km, in metres.
MIN_DISTANCE_M, MAX_DISTANCE_M = 1.0, 1_000_000.0
#: Sessions a week of a reduced break or plan.
MIN_SESSIONS, MAX_SESSIONS = 1, 7
#: A break's projection: the doses its page accepts (``tracker.projections.service``).
MIN_BREAK_DOSE, MAX_BREAK_DOSE = 0.5, 2.0


# --- value types ---------------------------------------------------------------------------


class Request(BaseModel):
    """A request body: strict types, no unknown fields, no NaN or infinity."""

    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False)


class Query(BaseModel):
    """Query parameters arrive as text: read as the types they name (``page=2``). An unknown
    parameter is an error, as an unknown field is (a typo is not silently ignored)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class Reply(BaseModel):
    """A response body."""

    model_config = ConfigDict(from_attributes=True)


def _clean_text(value: object) -> object:
    """Text as the forms keep it: stripped, Windows line breaks as one, no NUL characters
    (PostgreSQL cannot store them) and nothing that is not Unicode text."""
    if not isinstance(value, str):
        return value
    if "\x00" in value:
        raise ValueError("Text cannot contain NUL characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("Text must be valid Unicode (no lone surrogates).") from None
    return value.replace("\r\n", "\n").strip()


_CLEAN = BeforeValidator(_clean_text)
_NO_NUL = Field(pattern=r"^[^\x00]*$")

#: Text of at most so many characters, counted after stripping (as the forms count them).
Text80 = Annotated[str, StringConstraints(max_length=80), _NO_NUL, _CLEAN]
RoutineName = Annotated[str, StringConstraints(max_length=MAX_ROUTINE_NAME), _NO_NUL, _CLEAN]
Text120 = Annotated[str, StringConstraints(max_length=120), _NO_NUL, _CLEAN]
Text500 = Annotated[str, StringConstraints(max_length=500), _NO_NUL, _CLEAN]
Text2000 = Annotated[str, StringConstraints(max_length=2000), _NO_NUL, _CLEAN]


def _one_of(values: tuple[str, ...], what: str) -> AfterValidator:
    def check(value: str) -> str:
        if value not in values:
            raise ValueError(f"Pick {what}: {', '.join(values)}.")
        return value

    return AfterValidator(check)


def _enum(values: tuple[str, ...]) -> Any:
    return Field(json_schema_extra={"enum": list(values)})


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
#: What the document says a local date and time looks like (the parser reads any year).
MOMENT_PATTERN = (
    r"^(19|20)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$"
)
_MOMENT = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)")


def _day(value: object) -> object:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DAY.fullmatch(value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if day < limits.EARLIEST_DATE:
                raise ValueError(f"Enter a date from {limits.EARLIEST_DATE.year} on.")
            return day
    raise ValueError("Enter a date as YYYY-MM-DD, like 2026-03-01.")


def _moment(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value
    match = _MOMENT.fullmatch(value) if isinstance(value, str) else None
    if match is not None:
        try:
            moment = dt.datetime.fromisoformat(f"{match[1]}T{match[2]}")
        except ValueError:
            pass
        else:
            if moment.date() < limits.EARLIEST_DATE:
                raise ValueError(f"Enter a date from {limits.EARLIEST_DATE.year} on.")
            return moment
    raise ValueError(
        "Enter the local date and time as YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS, like "
        "2026-03-01T18:30 (no time zone: the time on the clock where you trained)."
    )


#: A calendar date, ``YYYY-MM-DD``, from 1900 on.
Day = Annotated[
    dt.date, BeforeValidator(_day), WithJsonSchema({"type": "string", "format": "date"})
]
#: A local wall-clock date and time, ``YYYY-MM-DDTHH:MM[:SS]`` (no time zone).
Moment = Annotated[
    dt.datetime,
    BeforeValidator(_moment),
    WithJsonSchema({"type": "string", "pattern": MOMENT_PATTERN}),
]
#: In a response: a local wall-clock time (no zone), and an instant in UTC.
LocalTime = Annotated[
    dt.datetime,
    PlainSerializer(lambda v: v.isoformat(timespec="seconds"), return_type=str),
    WithJsonSchema({"type": "string", "description": "Local time, YYYY-MM-DDTHH:MM:SS."}),
]
UtcTime = Annotated[
    dt.datetime,
    PlainSerializer(
        lambda v: v.replace(tzinfo=None).isoformat(timespec="seconds") + "Z", return_type=str
    ),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
#: The id of a row.
Id = Annotated[int, Field(ge=1, le=limits.API_MAX_ID)]

Muscle = Annotated[str, _one_of(MUSCLE_KEYS, "a muscle group"), _enum(MUSCLE_KEYS)]
Muscles = Annotated[list[Muscle], Field(max_length=len(MUSCLE_KEYS) * 2)]
Region = Annotated[str, _one_of(tuple(BODY_REGIONS), "a body region"), _enum(tuple(BODY_REGIONS))]
SetKind = Annotated[str, _one_of(SET_KINDS, "a set type"), _enum(SET_KINDS)]
ExerciseKind = Annotated[str, _one_of(EXERCISE_KINDS, "a kind"), _enum(EXERCISE_KINDS)]
Equipment = Annotated[str, _one_of(EQUIPMENT, "the equipment"), _enum(EQUIPMENT)]
Reason = Annotated[str, _one_of(BREAK_REASONS, "a reason"), _enum(BREAK_REASONS)]
BreakMode = Annotated[str, _one_of(BREAK_MODES, "a kind of break"), _enum(BREAK_MODES)]
PlanKind = Annotated[str, _one_of(PLAN_KINDS, "a kind of break"), _enum(PLAN_KINDS)]
CompareKey = Annotated[
    str,
    _one_of(tuple(COMPARE_OPTIONS), "an option to compare with"),
    _enum(tuple(COMPARE_OPTIONS)),
]
Unit = Annotated[str, _one_of(("kg", "lb"), "a unit"), _enum(("kg", "lb"))]
Sex = Annotated[str, _one_of(("male", "female"), "male or female"), _enum(("male", "female"))]
Scope = Annotated[str, _one_of(API_SCOPES, "a scope"), _enum(API_SCOPES)]


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _in_group_order(values: list[str]) -> list[str]:
    return [key for key in MUSCLE_KEYS if key in values]


M = TypeVar("M", bound=BaseModel)


def partial(model: type[M], name: str, doc: str) -> type[BaseModel]:
    """``model`` with every field optional: the body of a PATCH, which is merged with the
    stored values and validated as a whole by ``model`` (``tracker.api.rules.merged``)."""
    fields: dict[str, Any] = {}
    for key, info in model.model_fields.items():
        annotation = (
            Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        )
        extra = Field(
            default=None, description=info.description, json_schema_extra=info.json_schema_extra
        )
        fields[key] = (annotation, extra)
    patch = create_model(name, __base__=Request, __doc__=doc, **fields)
    return patch


# --- errors and pages ----------------------------------------------------------------------


class ErrorDetail(Reply):
    field: str | None = Field(description="The field at fault (`sets.0.reps`), if one is.")
    message: str


class ErrorInfo(Reply):
    code: str = Field(
        description="What went wrong, for programs: `unauthorized`, `forbidden`, `not_found`, "
        "`invalid`, `invalid_json`, `unsupported_media_type`, `limit_reached`, "
        "`rate_limited`, `method_not_allowed`, `too_large`, `timeout`, `server_error`."
    )
    message: str = Field(description="What went wrong, for people (it names the field).")
    field: str | None = Field(default=None, description="The field at fault, if one is.")
    details: list[ErrorDetail] = Field(
        default_factory=list, description="Every field at fault, when several are."
    )


class ErrorBody(Reply):
    """Every error answers with this shape."""

    error: ErrorInfo


class PageQuery(Query):
    page: int = Field(default=1, ge=1, le=1_000_000, description="1 is the first page.")
    per_page: int = Field(
        default=limits.API_PAGE_SIZE, ge=1, le=limits.API_MAX_PAGE_SIZE, description="Items a page."
    )


class PageInfo(Reply):
    page: int
    per_page: int
    total: int = Field(description="Items on all pages together.")
    pages: int


def _check_range(start: dt.date | None, end: dt.date | None) -> None:
    if start is not None and end is not None and end < start:
        raise ValueError("The end date is before the start date.")


# --- the profile ---------------------------------------------------------------------------


class Profile(Reply):
    email: str
    display_name: str
    unit: str = Field(description="`kg` or `lb`: how the pages show weights (the API: kg).")
    birth_year: int | None
    sex: str | None
    training_years: float = Field(description="Years of training before using Regain.")
    training_years_set: bool = Field(
        description="Whether the user gave the training years (false: read from the log)."
    )
    timezone: str
    gap_days: int
    personal_calibration: bool
    created_at: UtcTime


class ProfileIn(Request):
    """A whole profile (``PATCH /profile`` sends the fields to change: ``ProfileChanges``)."""

    display_name: Text80 = ""
    unit: Unit = "kg"
    birth_year: int | None = Field(
        default=None, description="Between this year - 100 and this year - 14, or null."
    )
    sex: Sex | None = None
    training_years: float | None = Field(
        default=None,
        ge=0,
        le=80,
        description="Years of training before Regain (0 to 80); null: read them from the log.",
    )
    timezone: str = Field(default="UTC", description="An IANA time zone, like Europe/Berlin.")
    gap_days: int = Field(
        default=14,
        ge=7,
        le=90,
        description="Unlogged stretches of at least this many days show as possible breaks.",
    )
    personal_calibration: bool = True

    @model_validator(mode="after")
    def _zone(self) -> ProfileIn:
        if self.timezone not in _timezones():
            raise _field_error("timezone", "Pick a time zone such as Europe/Berlin or UTC.")
        return self


def _timezones() -> set[str]:
    from tracker.forms.fields import timezone_choices

    return {c.value for c in timezone_choices()}


if TYPE_CHECKING:  # made at run time: to mypy, a request body like any other
    ProfileChanges = Request
else:
    ProfileChanges = partial(ProfileIn, "ProfileChanges", "The profile fields to change.")


# --- exercises -----------------------------------------------------------------------------


class Exercise(Reply):
    id: int
    name: str
    kind: str = Field(description="`weighted`, `bodyweight`, `assisted`, `cardio` or `timed`.")
    equipment: str
    custom: bool = Field(description="One of the user's own (false: the shared catalogue).")
    key: str | None = Field(description="The catalogue's key (null for a custom exercise).")
    primary: list[str] = Field(description="Main muscle groups (count as a whole set).")
    secondary: list[str] = Field(description="Helping muscle groups (count half).")


class ExercisePage(Reply):
    items: list[Exercise]
    page: PageInfo


class ExerciseQuery(PageQuery):
    q: Text120 = Field(default="", description="Words of the name (or a catalogue alias).")
    muscle: Muscle | None = Field(
        default=None, description="Only exercises with this main muscle group."
    )
    custom: bool | None = Field(
        default=None, description="Only custom ones (true) or the catalogue's (false)."
    )


class ExerciseIn(Request):
    """A custom exercise. Cardio carries no muscle groups; any other kind at least one main one."""

    name: Text120
    kind: ExerciseKind = "weighted"
    equipment: Equipment = "other"
    primary: Muscles = Field(default_factory=list)
    secondary: Muscles = Field(default_factory=list)

    @model_validator(mode="after")
    def _muscles(self) -> ExerciseIn:
        if not self.name:
            raise _field_error("name", "Give the exercise a name.")
        self.primary = _in_group_order(_unique(self.primary))
        self.secondary = _in_group_order(_unique(self.secondary))
        if self.kind == "cardio":
            if self.primary:
                raise _field_error(
                    "primary",
                    "Cardio exercises carry no muscle groups (the model counts no muscle "
                    "stimulus from them): clear these or pick another kind.",
                )
            if self.secondary:
                raise _field_error(
                    "secondary", "Cardio exercises carry no muscle groups: clear these."
                )
        elif not self.primary:
            raise _field_error("primary", "Pick at least one main muscle group.")
        both = [m for m in self.secondary if m in self.primary]
        if both:
            labels = ", ".join(MUSCLES_BY_KEY[m].label for m in both)
            raise _field_error(
                "secondary", f"A muscle group is either main or helping, not both: {labels}."
            )
        return self


if TYPE_CHECKING:  # made at run time: to mypy, a request body like any other
    ExerciseChanges = Request
else:
    ExerciseChanges = partial(ExerciseIn, "ExerciseChanges", "The fields to change.")


class FieldError(ValueError):
    """A cross-field rule broken, at one field (``tracker.api.errors`` reports it there)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _field_error(field: str, message: str) -> FieldError:
    return FieldError(field, message)


# --- workouts and sets ---------------------------------------------------------------------


class WorkoutSet(Reply):
    id: int
    workout_id: int
    exercise_id: int
    position: int = Field(description="1 for the first set of the workout.")
    kind: str = Field(description="`warmup`, `normal`, `drop` or `failure`.")
    reps: int | None
    weight_kg: float | None = Field(description="Load (added weight, or assistance) in kg.")
    rpe: float | None
    distance_m: float | None
    seconds: int | None
    notes: str


class SetIn(Request):
    """A set. What it needs depends on its exercise's kind: reps for weighted, bodyweight and
    assisted ones, a weight for weighted ones, seconds for a timed hold, a distance or seconds
    (or both) for cardio. Fields the kind does not use are dropped, as the form drops them."""

    exercise_id: Id
    kind: SetKind = "normal"
    reps: int | None = Field(default=None, ge=1, le=MAX_REPS)
    weight_kg: float | None = Field(default=None, ge=0, le=MAX_WEIGHT_KG)
    rpe: float | None = Field(default=None, ge=1, le=10, multiple_of=0.5)
    distance_m: float | None = Field(default=None, ge=MIN_DISTANCE_M, le=MAX_DISTANCE_M)
    seconds: int | None = Field(default=None, ge=1, le=MAX_SECONDS)
    notes: Text500 = ""


if TYPE_CHECKING:  # made at run time: to mypy, a request body like any other
    SetChanges = Request
else:
    SetChanges = partial(SetIn, "SetChanges", "The fields to change (the set keeps its place).")


class Workout(Reply):
    id: int
    started_at: LocalTime = Field(description="Local wall-clock time where the user trained.")
    title: str
    duration_minutes: int | None
    notes: str
    source: str = Field(description="`manual`, or the app it was imported from.")
    sets: list[WorkoutSet]


class WorkoutPage(Reply):
    items: list[Workout]
    page: PageInfo


class WorkoutQuery(PageQuery):
    per_page: int = Field(
        default=20, ge=1, le=limits.API_MAX_WORKOUTS_PAGE, description="Workouts a page."
    )
    start: Day | None = Field(default=None, description="Workouts on this day or later.")
    end: Day | None = Field(default=None, description="Workouts on this day or earlier.")
    exercise_id: Id | None = Field(default=None, description="Only workouts with this exercise.")

    @model_validator(mode="after")
    def _range(self) -> WorkoutQuery:
        _check_range(self.start, self.end)
        return self


class WorkoutIn(Request):
    """A workout (its sets are added one by one: ``POST /workouts/{id}/sets``)."""

    started_at: Moment = Field(
        description="Local date and time, YYYY-MM-DDTHH:MM[:SS]; from 1900 to a day after today."
    )
    title: Text120 = ""
    duration_minutes: int | None = Field(default=None, ge=0, le=MAX_MINUTES)
    notes: Text2000 = ""


if TYPE_CHECKING:  # made at run time: to mypy, a request body like any other
    WorkoutChanges = Request
else:
    WorkoutChanges = partial(WorkoutIn, "WorkoutChanges", "The fields to change.")


# --- breaks --------------------------------------------------------------------------------


class Break(Reply):
    id: int
    start_date: dt.date
    end_date: dt.date | None = Field(description="The last day; null while it goes on.")
    reason: str
    mode: str = Field(description="`rest`, `reduced` or `immobilized`.")
    sessions_per_week: int | None
    body_region: str | None
    muscles: list[str] = Field(description="The immobilised muscle groups.")
    notes: str


class BreakPage(Reply):
    items: list[Break]
    page: PageInfo


class BreakQuery(PageQuery):
    start: Day | None = Field(default=None, description="Breaks that reach this day or later.")
    end: Day | None = Field(default=None, description="Breaks that start by this day.")

    @model_validator(mode="after")
    def _range(self) -> BreakQuery:
        _check_range(self.start, self.end)
        return self


class BreakIn(Request):
    """A break that has begun: first day by today, last day at most a year ahead (empty while it
    goes on). ``reduced`` needs sessions a week (1 to 7); ``immobilized`` muscle groups or a
    body region. A break may not overlap another."""

    start_date: Day
    end_date: Day | None = None
    reason: Reason = "other"
    mode: BreakMode = "rest"
    sessions_per_week: int | None = Field(
        default=None, description="Reduced breaks: about how many sessions a week (1 to 7)."
    )
    body_region: Region | None = None
    muscles: Muscles = Field(default_factory=list)
    notes: Text2000 = ""

    @model_validator(mode="after")
    def _rules(self) -> BreakIn:
        if self.end_date is not None and self.end_date < self.start_date:
            raise _field_error("end_date", "The last day is before the first day.")
        if self.mode == "reduced":
            n = self.sessions_per_week
            if n is None:
                raise _field_error(
                    "sessions_per_week", "Enter about how many sessions a week (1 to 7)."
                )
            if not MIN_SESSIONS <= n <= MAX_SESSIONS:
                raise _field_error("sessions_per_week", "Between 1 and 7 sessions a week.")
        else:
            self.sessions_per_week = None
        self.muscles = _in_group_order(_unique(self.muscles))
        if self.mode == "immobilized":
            if not self.muscles and self.body_region is not None:
                self.muscles = list(BODY_REGIONS[self.body_region][1])
            if not self.muscles:
                raise _field_error(
                    "muscles", "Pick the immobilised muscle groups, or a body region."
                )
        else:
            self.muscles, self.body_region = [], None
        return self


if TYPE_CHECKING:  # made at run time: to mypy, a request body like any other
    BreakChanges = Request
else:
    BreakChanges = partial(BreakIn, "BreakChanges", "The fields to change.")


# --- routines ------------------------------------------------------------------------------


class RoutineSet(Reply):
    position: int = Field(description="1 for the first set of the routine.")
    exercise_id: int
    kind: str = Field(description="`warmup`, `normal`, `drop` or `failure`.")
    reps: int | None = Field(description="Target reps (null: last time's).")
    weight_kg: float | None = Field(description="Target load in kg (null: last time's).")
    distance_m: float | None
    seconds: int | None


class Routine(Reply):
    id: int
    name: str
    created_at: UtcTime
    used_at: UtcTime | None = Field(description="When a workout was last started from it.")
    sets: list[RoutineSet]


class RoutinePage(Reply):
    items: list[Routine]
    page: PageInfo


class RoutineSetIn(Request):
    """A set of a routine: its exercise, its type and targets. Every target is optional (left
    out, a workout started from the routine pre-fills last time's value); what is sent is held
    to the ranges of a logged set. Targets the exercise's kind does not use are dropped, as
    the editor drops them (reps for timed and cardio, a weight for cardio, a distance for
    anything but cardio, seconds for anything but timed and cardio)."""

    exercise_id: Id
    kind: SetKind = "normal"
    reps: int | None = Field(default=None, ge=1, le=MAX_REPS)
    weight_kg: float | None = Field(default=None, ge=0, le=MAX_WEIGHT_KG)
    distance_m: float | None = Field(default=None, ge=MIN_DISTANCE_M, le=MAX_DISTANCE_M)
    seconds: int | None = Field(default=None, ge=1, le=MAX_SECONDS)


def _routine_sets(value: object) -> object:
    """The editor's words for a routine with no set or too many (before the items are read)."""
    if isinstance(value, list):
        if not value:
            raise ValueError("Add at least one exercise.")
        if len(value) > MAX_ROUTINE_SETS:
            raise ValueError(f"A routine holds at most {MAX_ROUTINE_SETS} sets.")
    return value


class RoutineIn(Request):
    """A routine: a name (at most 80 characters) and 1 to 100 sets, in order, of exercises
    of the catalogue or of the account's own."""

    name: RoutineName
    sets: Annotated[
        list[RoutineSetIn],
        BeforeValidator(_routine_sets),
        Field(min_length=1, max_length=MAX_ROUTINE_SETS),
    ]

    @model_validator(mode="after")
    def _name(self) -> RoutineIn:
        # The editor's rules (``tracker.forms.routines.read``).
        if not self.name:
            raise _field_error("name", "Give the routine a name.")
        if not self.name.isprintable():
            raise _field_error("name", "Use letters, digits and punctuation only.")
        return self


if TYPE_CHECKING:  # made at run time: to mypy, a request body like any other
    RoutineChanges = Request
else:
    RoutineChanges = partial(
        RoutineIn, "RoutineChanges", "A new name, new sets (they replace all the sets), or both."
    )


# --- plans ---------------------------------------------------------------------------------


class Plan(Reply):
    id: int
    name: str
    start_date: dt.date
    days: int
    last_day: dt.date
    mode: str
    sessions_per_week: int | None
    muscles: list[str]
    dose_after: float = Field(description="Training after the break, times the usual volume.")
    break_id: int | None = Field(description="The break it became, if it did.")


class PlanPage(Reply):
    items: list[Plan]
    page: PageInfo


class PlanIn(Request):
    """A break that has not happened yet: it starts today or later (at most three years ahead)
    and lasts 1 to 1,095 days; ``reduced`` needs sessions a week, ``immobilized`` muscle
    groups or a body region."""

    name: Text120 = ""
    start_date: Day
    days: int = Field(ge=1, le=limits.PLAN_MAX_DAYS)
    mode: PlanKind = "rest"
    sessions_per_week: int | None = None
    body_region: Region | None = None
    muscles: Muscles = Field(default_factory=list)
    dose_after: float = Field(default=1.0, ge=MIN_DOSE, le=MAX_DOSE)

    @model_validator(mode="after")
    def _rules(self) -> PlanIn:
        if self.mode == "reduced":
            n = self.sessions_per_week
            if n is None:
                raise _field_error("sessions_per_week", "Enter the sessions a week (1 to 7).")
            if not MIN_SESSIONS <= n <= MAX_SESSIONS:
                raise _field_error("sessions_per_week", "Between 1 and 7 sessions a week.")
        else:
            self.sessions_per_week = None
        self.muscles = _in_group_order(_unique(self.muscles))
        if self.mode == "immobilized":
            if not self.muscles and self.body_region is not None:
                self.muscles = list(BODY_REGIONS[self.body_region][1])
            if not self.muscles:
                raise _field_error(
                    "muscles", "Pick the immobilised muscle groups, or a body region."
                )
        else:
            self.muscles = []
        return self


# --- the model's answers -------------------------------------------------------------------


class Estimate(Reply):
    """A model number and its band (from the model's three parameter sets)."""

    central: float
    low: float
    high: float


class DateBand(Reply):
    """When a level is reached (null: not within the time followed)."""

    central: dt.date | None
    earliest: dt.date | None
    latest: dt.date | None


class Outcome(Reply):
    """A break's cost (fractions lost: 0.05 is 5 %) and when 95 % and 100 % are back."""

    loss_size: Estimate
    loss_strength: Estimate
    size_95: DateBand
    size_100: DateBand
    strength_95: DateBand
    strength_100: DateBand


class GroupNow(Reply):
    key: str = Field(description="A muscle group, or `whole` for the whole body.")
    label: str
    size: Estimate = Field(description="Today relative to the peak so far (1.0 = at the peak).")
    strength: Estimate
    phase: str = Field(description="The model's phase: building, grace, losing, regaining...")
    weekly_sets: float = Field(description="Hard sets a week over the last four weeks.")


class ReturnOption(Reply):
    label: str
    return_day: dt.date
    outcome: Outcome


class OngoingBreak(Reply):
    break_id: int
    day: int = Field(description="1 on the break's first day.")
    loss_size: Estimate = Field(description="Lost so far.")
    loss_strength: Estimate
    returns: list[ReturnOption] = Field(description="Back next Monday, or two weeks later.")


class Summary(Reply):
    """Where the user stands today. ``whole`` is null until a set is logged."""

    as_of: dt.date
    whole: GroupNow | None
    groups: list[GroupNow]
    untrained: list[str] = Field(description="Muscle groups with no logged set.")
    ongoing_break: OngoingBreak | None


class ProjectionQuery(Query):
    dose: float = Field(
        default=1.0,
        ge=MIN_BREAK_DOSE,
        le=MAX_BREAK_DOSE,
        description="Training after the return, times the usual volume.",
    )


class SeriesPoint(Reply):
    day: dt.date
    size: Estimate = Field(description="Relative to the level on the break's first day.")
    strength: Estimate


class LiftPoint(Reply):
    day: dt.date
    e1rm_kg: float = Field(description="The day's best estimated 1RM (Epley).")
    ratio: float = Field(description="The day's best estimated 1RM over the best before.")
    projected: float


class LiftTrack(Reply):
    exercise_id: int
    name: str
    best_before_kg: float
    points: list[LiftPoint]


class ComebackQuery(Query):
    """No parameters (the plan rounds to the plates and dumbbells of the account's settings)."""


class ComebackSession(Reply):
    day: dt.date
    weight_kg: float = Field(description="Rounded down to the plates and dumbbells of settings.")
    reps: int
    reps_in_reserve: float = Field(description="Reps left in the tank the weight aims at.")
    effort: str = Field(description="The effort in words.")
    expected: float = Field(description="The lift's 1RM expected that day over the one before.")


class ComebackLogged(Reply):
    day: dt.date
    e1rm_kg: float = Field(description="The session's best estimated 1RM (Epley).")
    ratio: float = Field(description="That 1RM over the one before the break.")
    expected: float = Field(description="What the model expected that day, as a ratio too.")


class ComebackLift(Reply):
    exercise_id: int
    name: str
    best_before_kg: float | None = Field(
        description="The best estimated 1RM of the four weeks before the break; null for a "
        "lift that was never loaded."
    )
    usual_reps: int
    withheld: str | None = Field(
        description="Why no weight is suggested: `bodyweight`, or `injured` (it trains an "
        "immobilised region not cleared yet); null when it is."
    )
    sessions: list[ComebackSession] = Field(description="The next sessions suggested.")
    logged: list[ComebackLogged] = Field(description="Sessions logged since the return.")
    adjustment: float = Field(
        description="What was lifted against what was expected (1.0 until a session is logged)."
    )
    back_on: dt.date | None = Field(description="When the lift is expected back to its 1RM.")


class Comeback(Reply):
    """The first sessions back after a break, lift by lift (the break's page's plan).
    ``available`` is false when the log has nothing before the break (``reason``)."""

    break_id: int
    available: bool
    reason: str | None = Field(
        description="`no-log` (no workout, or a break in the future) or `nothing-before`."
    )
    return_day: dt.date | None = None
    sessions_per_week: int | None = None
    held_back: list[str] = Field(
        default_factory=list, description="Immobilised muscle groups not cleared yet."
    )
    over: bool | None = Field(
        default=None, description="Every loaded lift is back, or the plan is past its time."
    )
    ends_on: dt.date | None = Field(default=None, description="When the last lift is back.")
    lifts: list[ComebackLift] = Field(default_factory=list)


class BreakProjection(Reply):
    """What a break cost and the way back. ``available`` is false (and the numbers null) when
    the log has nothing before the break to project from (``reason``)."""

    break_id: int
    dose: float
    available: bool
    reason: str | None = Field(
        description="`no-log` (no workout, or a break in the future) or `nothing-before`."
    )
    ongoing: bool | None = None
    return_day: dt.date | None = None
    focus: list[str] = Field(default_factory=list, description="The muscle groups averaged.")
    before_size: Estimate | None = None
    before_strength: Estimate | None = None
    loss_size: Estimate | None = None
    loss_strength: Estimate | None = None
    outcome: Outcome | None = None
    usual_weekly_sets: float | None = None
    projection_from: dt.date | None = Field(
        default=None, description="The first day of the series that is projected."
    )
    series: list[SeriesPoint] = Field(default_factory=list)
    lifts: list[LiftTrack] = Field(default_factory=list)


class ComparisonQuery(Query):
    compare: list[CompareKey] = Field(
        default_factory=lambda: ["rest", "reduced_1", "reduced_2"],
        description="Other ways to spend the break, to compare with the plan.",
    )


class PlanOption(Reply):
    key: str
    kind: str
    sessions_per_week: int | None
    muscles: list[str]
    label: str


class PlanResult(Reply):
    option: PlanOption
    first_day: dt.date
    last_day: dt.date
    outcome: Outcome


class PlanComparison(Reply):
    """The plan (first result) against the other options."""

    plan_id: int
    from_history: bool = Field(description="False: no log yet, a typical lifter stands in.")
    dose: float
    focus: list[str]
    usual_weekly_sets: float
    results: list[PlanResult]


class BacktestCase(Reply):
    model_config = ConfigDict(extra="allow")

    exercise: str
    source_names: list[str]
    break_first_day: dt.date
    return_day: dt.date
    pre_e1rm_kg: float
    predicted_ratio: float
    predicted_ratio_low: float
    predicted_ratio_high: float
    predicted_days_to_95: int | None
    observed_ratio: float | None
    observed_days_to_95: int | None
    first_session_ratio: float | None = None


class Backtest(Reply):
    """Every past break predicted again from the log before it, next to what was lifted (the
    same document as ``/backtest.json``; see the README's "Backtest")."""

    model_config = ConfigDict(extra="allow")

    cases: list[BacktestCase]
    summary: dict[str, Any]


# --- the token ------------------------------------------------------------------------------


class TokenInfo(Reply):
    """The token this request was made with."""

    name: str
    scope: str = Field(description=f"{' or '.join(API_SCOPES)}.")
    hint: str = Field(description="Its first characters.")
    created_at: UtcTime
    last_used_at: UtcTime | None
