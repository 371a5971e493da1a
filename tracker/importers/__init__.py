"""Reading workout exports of Strong, Hevy and FitNotes into neutral records (no database).

    result = parse(uploaded_bytes)                  # detects the app from the header
    result = parse(uploaded_bytes, source="strong", unit="lb")

``detect`` names the app and layout; ``needs_unit`` says whether the user must choose kg or lb
first (Strong S2 and S5 carry no unit). Every problem with the file raises
``ImportFormatError``, whose message names the line (the header is line 1) and the column.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from tracker.collector import collector_paused
from tracker.importers import fitnotes, hevy, strong
from tracker.importers.csvfile import ProgressCallback, Table, decode
from tracker.importers.fields import unit_name
from tracker.importers.formats import SOURCE_NAMES, SOURCES, VARIANTS, needs_unit, sniff
from tracker.importers.gaps import Gap, find_gaps
from tracker.importers.records import (
    ImportFormatError,
    ParsedImport,
    ParsedSet,
    ParsedWorkout,
)

__all__ = [
    "SOURCES",
    "VARIANTS",
    "Gap",
    "ImportFormatError",
    "ParsedImport",
    "ParsedSet",
    "ParsedWorkout",
    "detect",
    "find_gaps",
    "needs_unit",
    "parse",
]

_PARSERS: dict[str, Callable[[Table, str, str | None, ProgressCallback | None], ParsedImport]] = {
    "strong": strong.parse,
    "hevy": hevy.parse,
    "fitnotes": fitnotes.parse,
}


def detect(data: str | bytes) -> tuple[str, str]:
    """(source, variant) from the header, e.g. ("strong", "S5") or ("hevy", "imperial")."""
    text, _ = decode(data)
    found = sniff(text)
    return found.source, found.variant


def parse(
    data: bytes | str,
    source: str | None = None,
    unit: str | None = None,
    *,
    progress: ProgressCallback | None = None,
) -> ParsedImport:
    """Parse an export. ``source`` (optional) must match what the header shows; ``unit`` ("kg"
    or "lb") is required for Strong S2/S5 and ignored, with a warning if it disagrees, when the
    file names its units. ``progress`` is called with the number of rows read so far."""
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
    unit_chosen = unit_name(unit) if unit else None
    with collector_paused():
        result = _PARSERS[found.source](
            Table(text, found.delimiter), found.variant, unit_chosen, progress
        )
    warnings = list(result.warnings)
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
