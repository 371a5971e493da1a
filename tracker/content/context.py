"""Which explainer fits what the user is looking at."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from tracker.content.articles import get_article

SituationKind = Literal["dashboard", "break", "return", "planning"]
BreakMode = Literal["rest", "reduced", "immobilized"]
BreakReason = Literal["injury", "illness", "vacation", "stress", "motivation", "other", "unknown"]

#: Sections of "during-a-break" by how long a rest break has lasted: (first day, anchor).
#: Day 0 is the first day of the break.
BREAK_SECTIONS: tuple[tuple[int, str], ...] = (
    (0, "the-first-two-weeks"),
    (14, "weeks-3-to-8"),
    (56, "two-to-twelve-months"),
    (365, "a-year-or-more"),
)
INJURY_TRAINING_SECTION = "what-you-can-still-train"
RETURN_AFTER_INJURY_SECTION = "after-an-injury-or-a-cast"


@dataclass(frozen=True)
class Situation:
    """What the page shows: its kind, and the break it is about (if any).

    ``day`` is how many days the break has lasted so far (0 on its first day), when known.
    """

    kind: SituationKind
    break_mode: BreakMode | None = None
    reason: BreakReason | None = None
    ongoing: bool = False
    day: int | None = None

    def __post_init__(self) -> None:
        # The values usually come from database rows and forms, so check them here.
        if self.kind not in get_args(SituationKind):
            raise ValueError(f"unknown situation kind {self.kind!r}")
        if self.break_mode is not None and self.break_mode not in get_args(BreakMode):
            raise ValueError(f"unknown break mode {self.break_mode!r}")
        if self.reason is not None and self.reason not in get_args(BreakReason):
            raise ValueError(f"unknown break reason {self.reason!r}")
        if self.day is not None and self.day < 0:
            raise ValueError("day must be 0 or more")


@dataclass(frozen=True)
class ArticleLink:
    """A pointer to an explainer (and a section of it) for the aside beside a chart."""

    slug: str
    title: str
    summary: str
    anchor: str | None = None


def article_for(situation: Situation) -> ArticleLink:
    """The explainer, and where useful the section, that fits ``situation``.

    - dashboard without a break: muscle memory; with a break, as for that break (ongoing)
      or a return (ended);
    - a break in a cast, brace or bed, or any break for an injury: the injury article
      (for an injury without immobilisation, its section on what can still be trained);
    - a break with reduced training: training less;
    - a rest break that is still going: what happens during a break, at the section for how
      long it has lasted; a break that has ended: coming back;
    - a return: coming back (its injury section after an injury or immobilisation);
    - planning: training less when the plan is reduced training, the injury article for an
      injury or immobilisation, otherwise what happens during a break.
    """
    kind = situation.kind
    if kind == "dashboard":
        if situation.break_mode is None:
            return _link("muscle-memory")
        kind = "break" if situation.ongoing else "return"
    injured = situation.break_mode == "immobilized" or situation.reason == "injury"

    if kind == "return" or (kind == "break" and not situation.ongoing):
        return _link("coming-back", RETURN_AFTER_INJURY_SECTION if injured else None)
    if kind == "planning":
        if situation.break_mode == "immobilized":
            return _link("injury-and-immobilisation")
        if situation.break_mode == "reduced":
            return _link("training-less")
        if injured:
            return _link("injury-and-immobilisation", INJURY_TRAINING_SECTION)
        return _link("during-a-break")
    # An ongoing break.
    if situation.break_mode == "immobilized":
        return _link("injury-and-immobilisation")
    if injured:
        return _link("injury-and-immobilisation", INJURY_TRAINING_SECTION)
    if situation.break_mode == "reduced":
        return _link("training-less")
    return _link("during-a-break", _break_section(situation.day))


def _break_section(day: int | None) -> str | None:
    if day is None:
        return None
    anchor = BREAK_SECTIONS[0][1]
    for first_day, section in BREAK_SECTIONS:
        if day >= first_day:
            anchor = section
    return anchor


def _link(slug: str, anchor: str | None = None) -> ArticleLink:
    article = get_article(slug)
    if article is None:  # only if the allow-list and this module disagree: a programming error
        raise LookupError(f"no article {slug!r}")
    return ArticleLink(slug=slug, title=article.title, summary=article.summary, anchor=anchor)
