"""What the pages ask of the model for one user, each answer cached: who they are to the model
(:func:`user_context`), their simulated history, today's summary, a break going on, a break's
projection, a plan, the dashboard's first card (:func:`standing`) and the charts of these.

No Flask: a view passes the app's cache, the request's database session and the user's row
(:meth:`UserProjections.of`), so the pages and the chart images they link to compute once, and
no view imports another to get them. Not re-exported by ``tracker.projections`` (it imports the
chart modules, which import that package).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from tracker import loading
from tracker.break_days import BreakSpan, may_be_going_on, may_be_just_over, today_in
from tracker.chart_data import (
    PHONE,
    WIDE,
    Chart,
    ChartSize,
    break_chart,
    planner_chart,
    timeline_chart,
)
from tracker.charts import figure_size
from tracker.crud import breaks as crud_breaks
from tracker.crud import projections as crud_projections
from tracker.models import Break
from tracker.physiology import Profile
from tracker.projections.breaks import (
    BEST_BEFORE_DAYS,
    BreakProjection,
    OngoingBreak,
    break_projection,
    ongoing_break,
)
from tracker.projections.cache import History, ProjectionCache, UserContext, user_history
from tracker.projections.calibration import calibrated_profile, user_calibration
from tracker.projections.comeback import BEFORE_DAYS as COMEBACK_BEFORE_DAYS
from tracker.projections.comeback import (
    Comeback,
    plan_comeback,
    planned_strength_path,
    strength_path,
)
from tracker.projections.planner import PlanComparison, PlanOption, plan_break, plan_pause
from tracker.projections.rhythm import Rhythm, rhythm_before
from tracker.projections.scenarios import next_monday
from tracker.projections.summary import NowSummary, now_summary
from tracker.projections.training_status import effective_training_years, user_training_status
from tracker.template_filters import DateStyle, style_of
from tracker.timeline import profile_for

#: The doses a break's page accepts (times the usual volume after the return).
MIN_BREAK_DOSE, MAX_BREAK_DOSE = 0.5, 2.0
#: A break that ended this recently is what the dashboard's first card is about.
RECENT_RETURN = dt.timedelta(weeks=12)


# --- who the projections are for -------------------------------------------------------------


def user_context(
    cache: ProjectionCache, session: Session, user: Any, today: dt.date | None = None
) -> UserContext:
    """A user row as the projections see it (cache key included), with their personal
    calibration (``tracker.projections.calibration``; the average lifter's without one).

    Kept per version of the user's data, day and the settings it reads: every page and chart
    request asks, and looking up the training status and the calibration each time cost a
    warm dashboard a tenth of its time."""
    day = today or today_in(user.timezone)
    settings = (user.birth_year, user.sex, user.training_years, user.training_years_set)
    key = (
        "user-context", user.id, user.created_at, user.data_version, day, settings,
        bool(user.personal_calibration),
    )  # fmt: skip
    return cache.result(key, lambda: _user_context(cache, session, user, day), local=True)


def _user_context(cache: ProjectionCache, session: Session, user: Any, day: dt.date) -> UserContext:
    profile = _profile(user.birth_year, user.sex, training_years_of(cache, session, user), day.year)
    return UserContext(
        user_id=int(user.id),
        data_version=int(user.data_version),
        profile=calibrated_profile(profile, user_calibration(cache, session, user, day)),
        today=day,
        account=user.created_at,
    )


def training_years_of(cache: ProjectionCache, session: Session, user: Any) -> float:
    """The user's training years, or (not set) what the start of their log suggests."""
    if user.training_years_set:
        return float(user.training_years or 0)
    status = user_training_status(
        cache,
        session,
        user_id=int(user.id),
        data_version=int(user.data_version),
        sex=user.sex,
        account=user.created_at,
    )
    return effective_training_years(float(user.training_years or 0), False, status)


@functools.lru_cache(maxsize=1024)
def _profile(birth_year: int | None, sex: str | None, years: float, this_year: int) -> Profile:
    # The age only needs the year: the same profile for the whole year, built once.
    return profile_for(birth_year, sex, years, dt.date(this_year, 7, 1))


# --- charts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartEntry:
    """A chart's data and its size in CSS pixels (for the page); its digest (for the ETag)
    is worked out when the image is asked for (a page shows four, a browser loads one)."""

    chart: Chart
    width: int
    height: int

    @classmethod
    def of(cls, chart: Chart) -> ChartEntry:
        width, height = figure_size(chart)
        return cls(chart, width, height)

    @property
    def size(self) -> ChartSize:
        return self.chart.size

    @functools.cached_property
    def digest(self) -> str:
        return self.chart.digest()

    def box_at(self, size: ChartSize) -> ChartBox:
        """The room the same chart drawn for ``size`` takes, without building its data.

        A chart's layout depends on its data only through each series' lowest and highest
        values (the y range and its ticks), and the downsampling keeps both at any size
        (:func:`tracker.chart_data.downsample`): laid out at ``size`` from this one's data, it
        comes out exactly as the chart built for ``size``.
        """
        if size == self.chart.size:
            return ChartBox(size, self.width, self.height)
        return ChartBox(size, *figure_size(dataclasses.replace(self.chart, size=size)))


@dataclass(frozen=True)
class ChartBox:
    """Where a chart goes on a page: the size it is drawn for and its width and height in
    CSS pixels (what the page's ``<source>`` needs of a chart it does not show by default)."""

    size: ChartSize
    width: int
    height: int


@dataclass(frozen=True)
class Standing:
    """The dashboard's first card: where the user stands, and a break going on or just over.

    ``back`` is the way back of that break at the usual volume (``None``: no break in view);
    ``rhythm`` the training before it (or of the last weeks).
    """

    now: NowSummary
    rhythm: Rhythm
    item: Break | None = None
    ongoing: OngoingBreak | None = None
    back: BreakProjection | None = None
    #: The comeback plan after that break, while it is not over.
    comeback: Comeback | None = None

    @property
    def in_break(self) -> bool:
        return self.ongoing is not None

    @property
    def returning(self) -> bool:
        return self.back is not None and self.ongoing is None


def parse_dose(raw: str | None, low: float, high: float) -> tuple[float, str | None]:
    """A dose from the URL: (value, None), or (1.0, a message) when it is not usable."""
    if raw in (None, ""):
        return 1.0, None
    try:
        value = float(str(raw).replace(",", "."))
    except ValueError:
        return 1.0, f"Enter a number between {low:g} and {high:g}; showing your usual volume."
    if not math.isfinite(value) or not low <= value <= high:
        return 1.0, f"Between {low:g} and {high:g} times your usual volume; showing 1."
    return round(value, 2), None


def logged_before(history: History, day: dt.date) -> bool:
    """Whether any set was logged before ``day``."""
    row = history.timeline.row_before(day)
    return bool(history.timeline.inputs.hard_sets[:row].sum() > 0)


@dataclass(frozen=True)
class UserProjections:
    """The projections of one user for one request: each answer cached by the user's data
    version, today and its own parameters (the words in it by the user's date style)."""

    cache: ProjectionCache
    session: Session
    who: UserContext
    style: DateStyle
    unit: str
    #: The plates and dumbbells the user loads (comeback plans round to them).
    steps: loading.Steps

    @classmethod
    def of(
        cls, cache: ProjectionCache, session: Session, user: Any, today: dt.date | None = None
    ) -> UserProjections:
        return cls(
            cache,
            session,
            user_context(cache, session, user, today),
            style_of(user),
            user.unit,
            loading.Steps.of(user.unit, user.plate_step_kg, user.dumbbell_step_kg),
        )

    def _key(self, *parts: Hashable) -> tuple[Hashable, ...]:
        return (parts[0], self.who.user_id, self.who.key, self.style, *parts[1:])

    @property
    def version(self) -> str:
        """Changes whenever a chart of the user can: with the data, the day and the style."""
        return f"{self.who.data_version}.{self.who.today.isoformat()}.{self.style.order}"

    def history(self) -> History | None:
        return user_history(self.cache, self.session, self.who)

    def now(self, history: History) -> NowSummary:
        return self.cache.result(
            ("now", self.who.user_id, self.who.key), lambda: now_summary(history)
        )

    def span(self, item: Break) -> BreakSpan:
        return crud_projections.break_span(session=self.session, item=item)

    def ongoing(self, history: History, item: Break) -> OngoingBreak:
        return self.cache.result(
            ("ongoing", self.who.user_id, self.who.key, item.id),
            lambda: ongoing_break(history, self.span(item)),
        )

    def break_projection(self, history: History, item: Break, dose: float) -> BreakProjection:
        def compute() -> BreakProjection:
            span = self.span(item)
            focus = span.muscles if span.mode == "immobilized" and span.muscles else None
            muscles = focus or [
                g for g, w in zip(history.timeline.groups, history.weights(), strict=True) if w > 0
            ]
            lifts = crud_projections.lift_sets(
                session=self.session,
                user_id=self.who.user_id,
                muscles=muscles,
                start=span.start - dt.timedelta(days=BEST_BEFORE_DAYS),
                end=self.who.today,
            )
            return break_projection(history, span, dose, lifts)

        return self.cache.result(("break", self.who.user_id, self.who.key, item.id, dose), compute)

    def comeback(self, history: History, item: Break, day: dt.date | None = None) -> Comeback:
        """The comeback plan after ``item``: an ongoing break's for a return next Monday, an
        ended one's from the day after it. ``day``: the plan as it stood on that morning, from
        the sessions logged before it (a workout of that day is pre-filled from it, however
        many of its sets are done already)."""

        def compute() -> Comeback:
            span = self.span(item)
            today = day or self.who.today
            if span.end is None or span.end >= today:
                back = next_monday(today)
            else:
                back = span.end + dt.timedelta(days=1)
            path = strength_path(history, span, back)
            sets = crud_projections.lift_sets(
                session=self.session,
                user_id=self.who.user_id,
                muscles=history.timeline.groups,
                start=span.start - dt.timedelta(days=COMEBACK_BEFORE_DAYS),
                end=today if day is None else today - dt.timedelta(days=1),
                loaded_only=False,
            )
            infos = crud_projections.lift_infos(
                session=self.session, exercise_ids={s.exercise_id for s in sets}
            )
            rhythm = self.rhythm(history, span.start)
            return plan_comeback(
                path,
                span,
                back,
                today,
                sets,
                infos,
                self.steps,
                rhythm.sessions_per_week,
                cleared=item.cleared_on is not None,
            )

        return self.cache.result(
            ("comeback", self.who.user_id, self.who.key, item.id, item.cleared_on, self.steps, day),
            compute,
        )

    def planned_comeback(
        self, history: History, start: dt.date, days: int, option: PlanOption, dose: float
    ) -> Comeback:
        """The first sessions back after a break still to come (the planner's plan)."""

        def compute() -> Comeback:
            today = self.who.today
            muscles = frozenset(option.muscles) if option.kind == "immobilized" else frozenset()
            span = BreakSpan(
                start, start + dt.timedelta(days=days - 1), option.kind, muscles=muscles
            )
            path = planned_strength_path(history, span, plan_pause(option, days, history), dose)
            sets = crud_projections.lift_sets(
                session=self.session,
                user_id=self.who.user_id,
                muscles=history.timeline.groups,
                start=today - dt.timedelta(days=COMEBACK_BEFORE_DAYS),
                end=today,
                loaded_only=False,
            )
            infos = crud_projections.lift_infos(
                session=self.session, exercise_ids={s.exercise_id for s in sets}
            )
            return plan_comeback(
                path,
                span,
                span.start + dt.timedelta(days=days),
                today,
                sets,
                infos,
                self.steps,
                self.rhythm(history).sessions_per_week,
                lifts_until=today + dt.timedelta(days=1),
            )

        return self.cache.result(
            ("planned-comeback", self.who.user_id, self.who.key, start, days, option, dose,
             self.steps),
            compute,
        )  # fmt: skip

    def current_comeback(self, day: dt.date | None = None) -> Comeback | None:
        """The comeback going on today, if any: after the break going on or one that ended in
        the last weeks, while it is not over (``day``: as it stood that morning; what the
        workout page pre-fills a workout of that day from)."""
        who = self.who
        item = crud_breaks.ongoing(session=self.session, user_id=who.user_id, today=who.today)
        if item is None:
            item = crud_projections.recent_break(
                session=self.session, user_id=who.user_id, today=who.today, within=RECENT_RETURN
            )
        if item is None:
            return None
        history = self.history()
        return None if history is None else self._live_comeback(history, item, day)

    def _live_comeback(
        self, history: History, item: Break, day: dt.date | None = None
    ) -> Comeback | None:
        if not logged_before(history, item.start_date):
            return None
        plan = self.comeback(history, item, day)
        return None if plan.over or not plan.planned else plan

    def plan(
        self,
        history: History | None,
        start: dt.date,
        days: int,
        options: tuple[PlanOption, ...],
        dose: float,
    ) -> PlanComparison:
        who = self.who
        return self.cache.result(
            ("plan", who.user_id, who.key, start, days, options, dose),
            lambda: plan_break(history, who.profile, who.today, start, days, options, dose),
        )

    def rhythm(self, history: History, before: dt.date | None = None) -> Rhythm:
        return self.cache.result(
            ("rhythm", self.who.user_id, self.who.key, before),
            lambda: rhythm_before(history.timeline, before),
        )

    def break_going_on(self, history: History | None) -> Break | None:
        """The break going on today, if any. The history holds every break started by today
        (none when it is ``None``): the database is asked only when one of them is going on."""
        if history is None or not may_be_going_on(history.timeline.breaks, self.who.today):
            return None
        return crud_breaks.ongoing(
            session=self.session, user_id=self.who.user_id, today=self.who.today
        )

    def standing(self, history: History, ongoing: Break | None) -> Standing:
        """Today against the peak, and the break going on or the one just over (if any)."""
        now = self.now(history)
        if ongoing is not None:
            return Standing(
                now,
                self.rhythm(history, ongoing.start_date),
                ongoing,
                self.ongoing(history, ongoing),
                comeback=self._live_comeback(history, ongoing),
            )
        # The history holds every break's dates: the database is asked for the latest only
        # when it may have ended in the last weeks.
        item = None
        if may_be_just_over(history.timeline.breaks, self.who.today, RECENT_RETURN):
            item = crud_projections.recent_break(
                session=self.session, user_id=self.who.user_id, today=self.who.today,
                within=RECENT_RETURN,
            )  # fmt: skip
        if item is not None and logged_before(history, item.start_date):
            back = self.break_projection(history, item, 1.0)
            return Standing(
                now,
                self.rhythm(history, item.start_date),
                item,
                None,
                back,
                self._live_comeback(history, item),
            )
        return Standing(now, self.rhythm(history))

    # --- charts ---------------------------------------------------------------------------

    def timeline_chart(
        self, history: History, muscle: str | None, size: ChartSize = WIDE
    ) -> ChartEntry:
        entry = self._timeline_entry(muscle, size, lambda: history)
        assert entry is not None
        return entry

    def timeline_chart_image(self, muscle: str | None, size: ChartSize) -> ChartEntry | None:
        """The timeline chart a chart image shows (``None``: nothing logged), the history read
        only when the chart is not kept (the image is asked right after its page)."""
        return self._timeline_entry(muscle, size, self.history)

    def _timeline_entry(
        self, muscle: str | None, size: ChartSize, history: Callable[[], History | None]
    ) -> ChartEntry | None:
        def compute() -> ChartEntry | None:
            found = history()
            if found is None:
                return None
            return ChartEntry.of(timeline_chart(found, muscle, size, self.style))

        return self.cache.result(self._key("timeline", muscle, size.name), compute)

    def timeline_charts(self, history: History, muscle: str | None) -> PageCharts:
        """The dashboard's chart for its page (see :meth:`page_charts`)."""
        wide = self.timeline_chart(history, muscle)
        return self.page_charts(self._key("timeline", muscle), wide)

    def break_chart(
        self, projection: BreakProjection, item: Break, dose: float, size: ChartSize = WIDE
    ) -> ChartEntry:
        return self.cache.result(
            self._key("break-chart", item.id, dose, self.unit, size.name),
            lambda: ChartEntry.of(
                break_chart(projection, item.reason, self.unit, size, self.style)
            ),
        )

    def break_charts(self, projection: BreakProjection, item: Break, dose: float) -> PageCharts:
        """A break's chart for its page (see :meth:`page_charts`)."""
        wide = self.break_chart(projection, item, dose)
        return self.page_charts(self._key("break-chart", item.id, dose, self.unit), wide)

    def plan_chart(
        self, comparison: PlanComparison, params: tuple[Any, ...], size: ChartSize = WIDE
    ) -> ChartEntry:
        return self.cache.result(
            self._key("plan-chart", params, size.name),
            lambda: ChartEntry.of(planner_chart(comparison, size, self.style)),
        )

    def plan_charts(self, comparison: PlanComparison, params: tuple[Any, ...]) -> PageCharts:
        """The planner's chart for its page (see :meth:`page_charts`)."""
        wide = self.plan_chart(comparison, params)
        return self.page_charts(self._key("plan-chart", params), wide)

    def page_charts(self, key: tuple[Hashable, ...], wide: ChartEntry) -> PageCharts:
        """What a page's ``<picture>`` needs of a chart (``templates/projections/_chart.html``):
        the wide chart's data (its default image, alt text and table) and only the room of the
        phone's. The phone's data is built when a phone asks for its image (a browser loads one
        of them): its room comes from the wide chart's data (:meth:`ChartEntry.box_at`)."""
        phone = self.cache.result((*key, "box", PHONE.name), lambda: wide.box_at(PHONE))
        return {PHONE.name: phone, WIDE.name: wide}


#: A page's charts by size name: the wide one's data, the phone's room.
PageCharts = dict[str, ChartEntry | ChartBox]
