"""Pausing Python's cycle collector around bulk work (parsing an export, inserting its rows).

Python frees most objects by reference counting; the cycle collector exists only for reference
cycles. It runs whenever allocations of container objects outnumber deallocations by a
threshold, and each run traverses every object of the generations it collects; the oldest
generation holds everything that has lived a while.
Reading a big export keeps hundreds of thousands of records alive at once, and building its
database rows adds as many again, so the collections that this allocation triggers traverse a
large and growing heap repeatedly, and find nothing: the records and rows make no cycles.
Those scans cost 10-20% of the time of parsing a 100,000-row export and doubled the time of
writing a 100,000-set import. Pausing the collector for the bulk step removes them; since
nothing in it makes cycles, nothing piles up meanwhile.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Switch the cycle collector off for the ``with`` block.

    It is switched back on however the block ends (an exception included), unless it was off
    already, in which case it stays off; so the pauses nest.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
