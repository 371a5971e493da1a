"""Turning uploaded bytes into text and text into numbered CSV records."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from typing import NoReturn

from tracker.importers.records import ImportFormatError

ProgressCallback = Callable[[int], None]
PROGRESS_EVERY = 1000

_ZIP_MAGIC = b"PK\x03\x04"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode(data: bytes | str) -> tuple[str, str | None]:
    """The text of an upload, without byte-order mark, and a warning when it was not UTF-8.

    UTF-8 (with or without BOM) and UTF-16 with BOM are read as such; other bytes are read as
    Windows-1252, the usual encoding of a CSV saved by Excel on Windows, or Latin-1 when
    Windows-1252 cannot map a byte.
    """
    warning = None
    if isinstance(data, str):
        text = data
    elif data.startswith(_ZIP_MAGIC):
        raise ImportFormatError(
            "this is a ZIP archive (perhaps an Excel .xlsx file), not a CSV file: "
            "unzip it, or export the workouts as CSV"
        )
    elif data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportFormatError("this file is not readable text (broken UTF-16)") from exc
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
                encoding = "Windows-1252"
            except UnicodeDecodeError:
                text = data.decode("latin-1")
                encoding = "Latin-1"
            warning = (
                f"the file is not UTF-8; it was read as {encoding}, so check accented letters "
                "in exercise names"
            )
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise ImportFormatError("this is not a CSV text file (it contains binary data)")
    return text, warning


class Table:
    """A CSV text split into a header and data records numbered by the line they start on."""

    def __init__(self, text: str, delimiter: str, columns: Sequence[str] | None = None) -> None:
        """``columns``: the English names to read a localised header by (same width)."""
        self.delimiter = delimiter
        self._reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        try:
            header = next(self._reader, None)
        except csv.Error as exc:
            raise _csv_error(exc, 1) from None
        if header is None:
            raise ImportFormatError("the file is empty")
        written = [name.strip() for name in header]
        self.header = list(columns) if columns is not None else written
        self._index = {name.casefold(): i for i, name in enumerate(self.header)}
        self._labels = dict(zip(self.header, written, strict=False))

    def label(self, name: str) -> str:
        """The column's name as the file writes it (for messages), given its English name."""
        at = self._index.get(name.casefold())
        return self._labels.get(self.header[at], name) if at is not None else name

    def has(self, name: str) -> bool:
        """Whether the header has a column called ``name`` (case-insensitive)."""
        return name.casefold() in self._index

    def index(self, name: str) -> int:
        """The position of column ``name``; the header was checked at detection."""
        try:
            return self._index[name.casefold()]
        except KeyError:
            raise ImportFormatError(f"the header has no column '{name}'", 1) from None

    def rows(
        self, *, allow_extra: bool = False, progress: ProgressCallback | None = None
    ) -> Iterator[tuple[int, list[str]]]:
        """Data records as (first line number, fields), blank lines skipped.

        A record with fewer fields than the header is an error (at the end of the file it means
        the file was cut off); one with more is an error unless ``allow_extra``.
        """
        expected = len(self.header)
        reader = self._reader
        count = 0
        countdown = PROGRESS_EVERY
        last = reader.line_num
        try:
            for row in reader:
                line = last + 1
                last = reader.line_num
                if len(row) != expected:
                    if not any(field.strip() for field in row):
                        continue
                    if len(row) < expected or not allow_extra:
                        self._wrong_length(line, len(row), expected)
                elif not any(row):
                    continue
                yield line, row
                count += 1
                countdown -= 1
                if not countdown:
                    countdown = PROGRESS_EVERY
                    if progress is not None:
                        progress(count)
        except csv.Error as exc:
            raise _csv_error(exc, last + 1) from None
        if progress is not None and countdown != PROGRESS_EVERY:
            progress(count)

    def _wrong_length(self, line: int, found: int, expected: int) -> NoReturn:
        if found < expected:
            at_end = True
            try:
                for following in self._reader:
                    if any(field.strip() for field in following):
                        at_end = False
                        break
            except csv.Error:
                at_end = False
            if at_end:
                raise ImportFormatError(
                    f"the last row has {found} of the header's {expected} columns: "
                    "the file looks cut off",
                    line,
                )
        raise ImportFormatError(f"the row has {found} columns but the header has {expected}", line)


def _csv_error(exc: csv.Error, line: int) -> ImportFormatError:
    if "unexpected end of data" in str(exc):
        message = (
            "the file ends inside a quoted field (a quote that never closes): it looks cut off"
        )
    elif "field larger than field limit" in str(exc):
        # Python's csv module stops at a cell of 128 KiB, quoted or not: say what it found.
        message = (
            f"a cell is longer than {csv.field_size_limit():,} characters, more than any workout "
            "export writes (if the cell starts with a quote, that quote may never close)"
        )
    else:
        message = f"this is not valid CSV ({exc})"
    return ImportFormatError(message, line)
