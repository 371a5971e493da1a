"""How a user trains: sessions and hard sets a week over the weeks before a day.

The same weeks as the model's "usual volume" (``tracker.timeline.usual_weekly_sets``): the 8
weeks of normal training (no break) up to a week after the last session before the day. The
dashboard says "your usual 3 sessions a week" from it, and the planner starts from it; a log of
a few sessions only is *thin*, and the pages say so rather than invent a programme.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from tracker.physiology import TRAIN
from tracker.timeline import USUAL_WINDOW_DAYS, Timeline

#: Fewer sessions than this, or fewer days between the first and the day: a thin log.
THIN_SESSIONS = 4
THIN_DAYS = 21


@dataclass(frozen=True)
class Rhythm:
    """Sessions (days with hard sets) and hard sets a week over the weeks looked at."""

    sessions_per_week: float
    weekly_sets: float  # summed over the muscle groups
    sessions: int  # sessions in the weeks looked at
    logged_sessions: int  # every session before the day
    first_day: dt.date | None  # the first session ever logged (None: none before the day)
    days_logged: int  # days from the first session to the day

    @property
    def thin(self) -> bool:
        """Too little logged to call it a rhythm (the estimates are a rough guide)."""
        return self.logged_sessions < THIN_SESSIONS or self.days_logged < THIN_DAYS

    @property
    def sessions_rounded(self) -> int:
        return max(round(self.sessions_per_week), 1) if self.sessions else 0


NO_RHYTHM = Rhythm(0.0, 0.0, 0, 0, None, 0)


def rhythm_before(timeline: Timeline, before: dt.date | None = None) -> Rhythm:
    """The user's rhythm before ``before`` (default: up to and including today)."""
    inputs = timeline.inputs
    stop = (
        timeline.days if before is None else min(max(timeline.index_of(before), 0), timeline.days)
    )
    daily = inputs.hard_sets[:stop].sum(axis=1)
    trained = np.flatnonzero(daily > 0)
    if trained.size == 0:
        return NO_RHYTHM
    normal = np.all(inputs.states[:stop] == TRAIN, axis=1)
    logged = np.flatnonzero(normal & (daily > 0))
    first = timeline.first_day + dt.timedelta(days=int(trained[0]))
    days_logged = stop - int(trained[0])
    if logged.size == 0:
        return Rhythm(0.0, 0.0, 0, int(trained.size), first, days_logged)
    # As the usual volume: the week after the last session still belongs to its rhythm.
    end = min(int(logged[-1]) + 7, stop)
    lo = max(end - USUAL_WINDOW_DAYS, 0)
    window = normal[lo:end]
    counted = max(int(window.sum()), 7)
    in_window = int(((daily[lo:end] > 0) & window).sum())
    weekly_sets = float(daily[lo:end][window].sum() / counted * 7)
    return Rhythm(
        sessions_per_week=in_window / counted * 7,
        weekly_sets=weekly_sets,
        sessions=in_window,
        logged_sessions=int(trained.size),
        first_day=first,
        days_logged=days_logged,
    )
