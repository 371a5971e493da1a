"""Reading the dates and times workout apps write, in the phone's locale.

The apps write the workout's start as the phone shows dates: ``2020-12-30 18:51:52``,
``2025-01-30 12:34:56 pm`` (a 12-hour clock, the marker after a space, a no-break space or the
narrow no-break space U+202F that newer phones use), ``7 Apr 2024, 16:34``,
``Jul 28, 2026, 6:49 PM``, ``5 Mai 2026, 07:34``, ``30.01.2025 18:51``, ``01/30/2025 6:51 PM``,
``2026年5月5日 07:34``... Seconds are optional, and so is the time.

Month names are read in English, German, French, Spanish, Portuguese, Italian, Dutch, the
Scandinavian languages, Polish, Turkish and Russian, full or abbreviated ("Sept.", "Mai",
"dez", "févr."). A date written with numbers only may put the day or the month first; that is
decided for the whole file (``DateColumn.resolve``): a day above 12 settles it, else the order
in which the workouts are listed (the apps list them by date), else the caller must say
(``AmbiguousDateOrder``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise
from typing import Literal

from tracker.importers.records import ImportFormatError

DateOrder = Literal["dmy", "mdy"]
DATE_ORDERS: tuple[DateOrder, ...] = ("dmy", "mdy")
DATE_ORDER_LABELS = {"dmy": "day first (30/01/2025)", "mdy": "month first (01/30/2025)"}

_FULL_MONTHS: tuple[tuple[str, ...], ...] = (
    # en, de, fr, es, pt, it, nl, sv/da/no, pl, tr, ru (nominative and genitive)
    ("january", "januar", "janvier", "enero", "janeiro", "gennaio", "januari", "januar",
     "styczen", "stycznia", "ocak", "январь", "января"),
    ("february", "februar", "fevrier", "febrero", "fevereiro", "febbraio", "februari",
     "luty", "lutego", "subat", "февраль", "февраля"),
    ("march", "marz", "maerz", "mars", "marzo", "marco", "maart", "marts", "marzec", "marca",
     "mart", "март", "марта"),
    ("april", "avril", "abril", "aprile", "kwiecien", "kwietnia", "nisan", "апрель",
     "апреля"),
    ("may", "mai", "mayo", "maio", "maggio", "mei", "maj", "maja", "mayis", "май", "мая"),
    ("june", "juni", "juin", "junio", "junho", "giugno", "czerwiec", "czerwca", "haziran",
     "июнь", "июня"),
    ("july", "juli", "juillet", "julio", "julho", "luglio", "lipiec", "lipca", "temmuz",
     "июль", "июля"),
    ("august", "aout", "agosto", "augustus", "augusti", "sierpien", "sierpnia", "agustos",
     "август", "августа"),
    ("september", "septembre", "septiembre", "setiembre", "setembro", "settembre",
     "wrzesien", "wrzesnia", "eylul", "сентябрь", "сентября"),
    ("october", "oktober", "octobre", "octubre", "outubro", "ottobre", "pazdziernik",
     "pazdziernika", "ekim", "октябрь", "октября"),
    ("november", "novembre", "noviembre", "novembro", "listopad", "listopada", "kasim",
     "ноябрь", "ноября"),
    ("december", "dezember", "decembre", "diciembre", "dezembro", "dicembre", "grudzien",
     "grudnia", "aralik", "декабрь", "декабря"),
)  # fmt: skip


def _month_words() -> dict[str, int]:
    """Full names and every unambiguous abbreviation (a prefix of 3 letters or more of one
    month's names only), accents removed: "sep", "sept", "dez", "févr" -> "fevr"."""
    full = {name: number for number, names in enumerate(_FULL_MONTHS, 1) for name in names}
    words: dict[str, int] = dict(full)
    claimed: dict[str, set[int]] = {}
    for name, number in full.items():
        for end in range(3, len(name)):
            claimed.setdefault(name[:end], set()).add(number)
    for prefix, numbers in claimed.items():
        if len(numbers) == 1 and prefix not in words:
            words[prefix] = numbers.pop()
    return words


MONTHS = _month_words()

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
# A 12-hour marker right after the time: am/pm in any case, with or without dots ("p.m.",
# "a. m."); or the CJK and Korean ones, which come before it.
_HALF_AFTER = re.compile(r"\s?([ap])\.?\s?m\b\.?", re.IGNORECASE)
_HALF_BEFORE = re.compile(r"(上午|下午|午前|午後|오전|오후)\s?$")
_PM_WORDS = {"p", "下午", "午後", "오후"}
_TIME = re.compile(r"(?<!\d)(\d{1,2})[:h](\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?!\d)")
_YEAR_FIRST = re.compile(r"(\d{4})\s?[-/.]\s?(\d{1,2})\s?[-/.]\s?(\d{1,2})\.?")
_CJK_DATE = re.compile(r"(\d{4})\s?[年년]\s?(\d{1,2})\s?[月월]\s?(\d{1,2})\s?[日일]?")
_NUMERIC = re.compile(r"(\d{1,2})\s?[-/.]\s?(\d{1,2})\s?[-/.]\s?(\d{4}|\d{2})(?!\d)")
_WORD = re.compile(r"[^\W\d_]+\.?")
_NUMBER = re.compile(r"\d+")
# Words that may sit between the parts of a written date ("5 de mai. de 2026", "le 5 mai").
_FILLERS = {"de", "del", "of", "le", "the", "den", "der", "am", "um", "at", "a", "as", "om",
            "à", "alle", "ore", "kl", "klo", "г", "в"}  # fmt: skip
_WEEKDAYS = re.compile(
    r"^(mon|tue|wed|thu|fri|sat|sun|mo|di|mi|do|fr|sa|so|lun|mar|mer|jeu|ven|sam|dim|"
    r"seg|ter|qua|qui|sex|sab|dom|mie|jue|vie|mer|gio)[a-z]*\.?,?$"
)
_EXAMPLES = "'2020-12-30 18:51:52', '7 Apr 2024, 16:34' or 'Jul 28, 2026, 6:49 PM'"


@dataclass(frozen=True, slots=True)
class _Reading:
    """What one text says: a date whose first two numbers may still be day or month."""

    year: int
    first: int  # the month, or for an ambiguous numeric date its first number
    second: int  # the day, or its second number
    ambiguous: bool  # numbers only, day and month order not settled by the text itself
    hour: int
    minute: int
    second_of_minute: int
    #: For a date in numbers whose text settles the order (a number above 12): that order.
    numeric: DateOrder | None = None

    def build(self, order: DateOrder | None) -> datetime | None:
        month, day = self.first, self.second
        if self.ambiguous and order == "dmy":
            month, day = day, month
        try:
            return datetime(self.year, month, day, self.hour, self.minute, self.second_of_minute)
        except ValueError:
            return None


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return _SPACES.sub(" ", text).strip()


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold().rstrip("."))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _time(text: str) -> tuple[tuple[int, int, int] | None, str]:
    """The clock time in ``text`` (24-hour) and the text without it; (None, text) if none,
    ((-1, 0, 0), text) if the time is not a time (25:00, 13 pm)."""
    times = list(_TIME.finditer(text))
    if not times:
        return None, text
    found = times[-1]  # a date has no colon, so the last clock-like part is the time
    start, end = found.span()
    half = None
    after = _HALF_AFTER.match(text, end)
    before = _HALF_BEFORE.search(text[:start])
    if after is not None:
        half, end = after.group(1).casefold(), after.end()
    elif before is not None:
        half, start = before.group(1), before.start()
    hour, minute, second = int(found.group(1)), int(found.group(2)), int(found.group(3) or 0)
    rest = (text[:start] + " " + text[end:]).strip(" ,T")
    if half is not None:
        if not 1 <= hour <= 12:
            return (-1, 0, 0), rest
        hour = hour % 12 + (12 if half in _PM_WORDS else 0)
    if hour > 23 or minute > 59 or second > 59:
        return (-1, 0, 0), rest
    return (hour, minute, second), rest


def read(text: str) -> _Reading | None:
    """The parts of one date text, or None when it is not a date."""
    clean = _clean(text)
    if not clean:
        return None
    if "T" in clean and clean[:4].isdecimal():
        clean = clean.replace("T", " ", 1)
    clock, rest = _time(clean)
    if clock is not None and clock[0] < 0:
        return None
    hour, minute, second = clock or (0, 0, 0)
    rest = re.sub(r"(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)$", "", rest).strip(" ,")
    for pattern in (_YEAR_FIRST, _CJK_DATE):
        match = pattern.fullmatch(rest)
        if match is not None:
            year, month, day = (int(group) for group in match.groups())
            return _Reading(year, month, day, False, hour, minute, second)
    match = _NUMERIC.fullmatch(rest.rstrip("."))
    if match is not None:
        a, b, year_text = match.groups()
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        first, second_number = int(a), int(b)
        if first > 12 and second_number <= 12:
            return _Reading(year, second_number, first, False, hour, minute, second, "dmy")
        if second_number > 12 and first <= 12:
            return _Reading(year, first, second_number, False, hour, minute, second, "mdy")
        return _Reading(year, first, second_number, True, hour, minute, second)
    return _written(rest, hour, minute, second)


def _written(rest: str, hour: int, minute: int, second: int) -> _Reading | None:
    """A date with the month as a word: "7 Apr 2024", "Jul 28, 2026", "5. Mai 2026",
    "5 de mai. de 2026", "mardi 5 mai 2026"."""
    month = None
    numbers: list[int] = []
    lengths: list[int] = []
    for token in re.split(r"[\s,]+", rest):
        if not token:
            continue
        for piece in re.findall(r"\d+|[^\W\d_]+\.?|\S", token):
            if piece.isdecimal():
                numbers.append(int(piece))
                lengths.append(len(piece))
                continue
            if not _WORD.fullmatch(piece):
                if piece in ".-/":
                    continue
                return None
            word = _fold(piece)
            if word in _FILLERS:
                continue
            number = MONTHS.get(word)
            if number is not None and month is None:
                month = number
                continue
            if _WEEKDAYS.match(word) and month is None and not numbers:
                continue
            return None
    if month is None or len(numbers) != 2:
        return None
    if lengths[0] == 4 and lengths[1] <= 2:
        year, day = numbers
    elif lengths[1] == 4 and lengths[0] <= 2:
        day, year = numbers
    else:
        return None
    return _Reading(year, month, day, False, hour, minute, second)


class AmbiguousDateOrder(ImportFormatError):
    """Every date is written with numbers only and could be day or month first."""

    def __init__(self, column: str, example: str) -> None:
        super().__init__(
            f"the dates (like {example!r}) could be day first or month first: choose which",
            None,
            column,
        )
        self.example = example


class DateColumn:
    """The distinct texts of one date column, read together once the file has been read.

    ``add`` each cell (cheap: one dictionary lookup for a text seen before); ``resolve`` gives
    every text's datetime, reading numeric dates with one order for the whole file.
    """

    __slots__ = ("_first_line", "column", "date_only", "order")

    def __init__(self, column: str, *, date_only: bool = False) -> None:
        self.column = column
        self.date_only = date_only
        self._first_line: dict[str, int] = {}
        #: After ``resolve``: the order numeric dates were read with (None: none needed one).
        self.order: DateOrder | None = None

    def add(self, text: str, line: int) -> None:
        if text not in self._first_line:
            self._first_line[text] = line

    def __len__(self) -> int:
        return len(self._first_line)

    def resolve(self, order: DateOrder | None = None) -> dict[str, datetime]:
        """Every added text -> its datetime (naive, as written). Raises ``ImportFormatError``
        naming the first line of a text that is not a date, and ``AmbiguousDateOrder`` when
        the order of day and month cannot be told and ``order`` is None."""
        readings: dict[str, _Reading] = {}
        for text, line in self._first_line.items():
            found = read(text)
            if found is None or (
                self.date_only and found.hour + found.minute + found.second_of_minute
            ):
                expected = "'2025-04-29'" if self.date_only else _EXAMPLES
                raise ImportFormatError(
                    f"{text!r} is not a date{'' if self.date_only else ' and time'} "
                    f"(expected like {expected})",
                    line,
                    self.column,
                )
            readings[text] = found
        chosen = order if order is not None else self._order(readings)
        self.order = chosen
        result: dict[str, datetime] = {}
        for text, found in readings.items():
            value = found.build(chosen)
            if value is None:
                what = "a date" if self.date_only else "a date and time"
                raise ImportFormatError(
                    f"{text!r} is not {what}: there is no such day",
                    self._first_line[text],
                    self.column,
                )
            result[text] = value
        return result

    def _order(self, readings: dict[str, _Reading]) -> DateOrder | None:
        ambiguous = [text for text, found in readings.items() if found.ambiguous]
        if not ambiguous:
            return None
        # Numeric dates with a number above 12 say which order the phone writes.
        votes = {order: 0 for order in DATE_ORDERS}
        for found in readings.values():
            if found.numeric is not None:
                votes[found.numeric] += 1
        if any(votes.values()):
            return max(DATE_ORDERS, key=lambda order: votes[order])
        fits = [order for order in DATE_ORDERS if self._listed_in_order(order)]
        if len(fits) == 1:
            return fits[0]
        raise AmbiguousDateOrder(self.column, ambiguous[0])

    def _listed_in_order(self, order: DateOrder) -> bool:
        """Whether, read with ``order``, the dates run one way (oldest or newest first) in the
        order the file lists them, as every app lists its workouts."""
        days: list[date] = []
        for text in self._first_line:
            found = read(text)
            value = None if found is None else found.build(order)
            if value is None:
                return False
            days.append(value.date())
        if len(set(days)) < 2:
            return False
        steps = [b >= a for a, b in pairwise(days)]
        return all(steps) or not any(steps)
