"""A CSV cell longer than the csv module reads is reported as what it is."""

from __future__ import annotations

import pytest

from tracker.importers.csvfile import Table
from tracker.importers.records import ImportFormatError


@pytest.mark.parametrize("quoted", [False, True])
def test_a_cell_over_128_kib_is_named_as_such(quoted: bool) -> None:
    cell = "x" * 140_000
    text = "Date,Notes\n2024-01-01," + (f'"{cell}"' if quoted else cell) + "\n"
    with pytest.raises(ImportFormatError) as caught:
        list(Table(text, ",").rows())
    message = str(caught.value)
    assert "longer than 131,072 characters" in message
    assert "never closes" not in message.split("(")[0]  # not claimed for a file with no quotes
    assert "line 2" in message
