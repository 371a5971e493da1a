"""Reading workout exports of Strong, Hevy and FitNotes into neutral records (no database).

    result = parse(uploaded_bytes)                  # detects the app from the header
    result = parse(uploaded_bytes, source="strong", unit="lb")

``detect`` names the app and layout; ``needs_unit`` says whether the user must choose kg or lb
first (Strong S2 and S5 carry no unit), and ``guess_file_unit`` what the numbers suggest. Dates
written with numbers only may need ``date_order`` ("dmy" or "mdy") when the file cannot tell
(``AmbiguousDateOrder``). Every problem with the file raises ``ImportFormatError``, whose message
names the line (the header is line 1) and the column.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from tracker.collector import collector_paused
from tracker.importers import fitnotes, hevy, strong
from tracker.importers.csvfile import ProgressCallback, Table, decode
from tracker.importers.dates import DATE_ORDERS, AmbiguousDateOrder, DateOrder
from tracker.importers.fields import unit_name
from tracker.importers.formats import (
    SOURCE_NAMES,
    SOURCES,
    VARIANTS,
    Format,
    needs_unit,
    sniff,
)
from tracker.importers.gaps import Gap, find_gaps
from tracker.importers.records import (
    ImportFormatError,
    ParsedImport,
    ParsedSet,
    ParsedWorkout,
)
from tracker.importers.unit_guess import UnitGuess, guess_unit

__all__ = [
    "DATE_ORDERS",
    "SOURCES",
    "VARIANTS",
    "AmbiguousDateOrder",
    "DateOrder",
    "Gap",
    "ImportFormatError",
    "ParsedImport",
    "ParsedSet",
    "ParsedWorkout",
    "UnitGuess",
    "detect",
    "find_gaps",
    "guess_file_unit",
    "needs_unit",
    "parse",
]

_Parser = Callable[..., ParsedImport]
_PARSERS: dict[str, _Parser] = {
    "strong": strong.parse,
    "hevy": hevy.parse,
    "fitnotes": fitnotes.parse,
}


def detect(data: str | bytes) -> tuple[str, str]:
    """(source, variant) from the header, e.g. ("strong", "S5") or ("hevy", "imperial")."""
    text, _ = decode(data)
    found = sniff(text)
    return found.source, found.variant


def _table(text: str, found: Format) -> Table:
    return Table(text, found.delimiter, found.columns)


def guess_file_unit(data: str | bytes) -> UnitGuess | None:
    """For a file that names no weight unit, what its numbers suggest; None when the file
    names its unit."""
    text, _ = decode(data)
    found = sniff(text)
    if not needs_unit(found.source, found.variant):
        return None
    table = _table(text, found)
    at = table.index("Weight")
    weights = []
    for _, row in table.rows():
        try:
            weights.append(float(row[at]))
        except ValueError:
            continue
    return guess_unit(weights)


def parse(
    data: bytes | str,
    source: str | None = None,
    unit: str | None = None,
    *,
    date_order: str | None = None,
    latest: dt.date | None = None,
    progress: ProgressCallback | None = None,
) -> ParsedImport:
    """Parse an export. ``source`` (optional) must match what the header shows; ``unit`` ("kg"
    or "lb") is required for Strong S2/S5 and ignored, with a warning if it disagrees, when the
    file names its units. ``date_order`` settles numeric dates the file cannot settle itself.
    A workout dated before 1900, or after ``latest`` when given (the importing user's
    ``tracker.limits.latest_day``), is refused; so is a file over the per-file limits.
    ``progress`` is called with the number of rows read so far."""
    text, encoding_warning = decode(data)
    found = sniff(text)
    if source is not None:
        chosen = source.strip().casefold()
        if chosen not in SOURCES:
            raise ImportFormatError(
                f"unknown source {source!r}: choose one of {', '.join(SOURCES)}"
            )
        if chosen != found.source:
            raise ImportFormatError(
                f"this looks like a {SOURCE_NAMES[found.source]} export, "
                f"not {SOURCE_NAMES[chosen]}",
                1,
            )
    order: DateOrder | None = None
    if date_order:
        if date_order not in DATE_ORDERS:
            raise ImportFormatError(
                f"the date order must be {' or '.join(DATE_ORDERS)}, not {date_order!r}"
            )
        order = date_order  # type: ignore[assignment]
    unit_chosen = unit_name(unit) if unit else None
    with collector_paused():
        result = _PARSERS[found.source](
            _table(text, found),
            found.variant,
            unit_chosen,
            progress,
            date_order=order,
            latest=latest,
        )
    warnings = list(result.warnings)
    if found.note:
        warnings.insert(0, found.note)
    if encoding_warning:
        warnings.insert(0, encoding_warning)
    if (
        unit_chosen is not None
        and not needs_unit(found.source, found.variant)
        and result.unit in ("kg", "lb")
        and result.unit != unit_chosen
    ):
        warnings.append(
            f"the file gives its weights in {result.unit}; the unit chosen ({unit_chosen}) "
            "was not used"
        )
    return dataclasses.replace(result, warnings=tuple(warnings))
