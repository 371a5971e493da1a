"""The model's checkpoints in the database: every server resumes a user's history from them,
after a restart too, and none is ever used for inputs other than those it was computed from.

A user's history is stored in **blocks** of :data:`BLOCK_DAYS` days (the cache's checkpoint
spacing): block ``j`` holds the model's outputs for rows ``28j`` to ``28j + 27`` (size and
strength of the three parameter sets, the phase) and its state at row ``28(j + 1)``, one row
of ``model_checkpoints`` per block (:class:`tracker.models.ModelCheckpoint`).

**The key is what the simulation takes.** Rows up to ``28(j + 1)`` depend on the profile and on
the daily inputs before that row, and on nothing else (the model looks only backwards: the
backtest's test of that holds for every day). So each block is stored with its *chain*: a
digest of the model's code (:func:`tracker.projections.keys.model_fingerprint`), the account
(user id and creation time, so an id given again never finds another account's blocks), the
profile as :func:`~tracker.projections.keys.encode` writes it, the muscle groups, and the
inputs of every row before the block's end. A server reads the blocks of a user, computes the
chain of the inputs it has just read, and takes the blocks from the first one on while the
chains agree: a block computed from other data (a set logged on another server, a break
edited, another profile, an older version of the model) differs in its chain and is simulated
again, never used. Rows are the chain's owner's alone: they are deleted with the account.

Writing is rarer than reading: only complete blocks are stored, so a new set today touches none;
a block is written when it completes (once every four weeks) or when an earlier day changes.
A write that cannot take its locks at once (SQLite's writer busy, a row locked on PostgreSQL)
is left for the next computation, and any database error only costs a simulation, logged.

The data of a block is a small header (JSON: shapes and dtypes, never pickle) followed by the
raw arrays.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import Engine, delete, select, text
from sqlalchemy.exc import SQLAlchemyError

from tracker.physiology import DailyInputs, ModelState, Profile
from tracker.projections.keys import digest, encode, model_fingerprint

log = logging.getLogger("tracker.projections.store")

#: Days in a block (the cache's checkpoint spacing).
BLOCK_DAYS = 28
#: The data's layout; part of every chain, so a new layout never reads an old one.
FORMAT = b"regain-checkpoint-1"
_MAGIC = b"RGC1"


@dataclass(frozen=True, eq=False)
class Block:
    """Block ``index``: outputs of rows ``index * BLOCK_DAYS`` to ``+ BLOCK_DAYS - 1`` and the
    state at the row after them."""

    index: int
    size: np.ndarray  # (BLOCK_DAYS, 3, groups)
    strength: np.ndarray  # (BLOCK_DAYS, 3, groups)
    phase: np.ndarray  # (BLOCK_DAYS, groups), int8 index into PHASES
    state: ModelState

    @property
    def end(self) -> int:
        """The row of :attr:`state`."""
        return (self.index + 1) * BLOCK_DAYS


# --- chains ------------------------------------------------------------------------------------


def chain_seed(user_id: int, account: Any, profile: Profile, inputs: DailyInputs) -> bytes:
    """What every block's chain starts from: the model's code, the account, the profile and the
    layout of the inputs."""
    return digest(
        FORMAT,
        model_fingerprint(),
        encode(int(user_id)),
        encode(account),
        encode(profile),
        encode(tuple(inputs.groups)),
        f"{inputs.hard_sets.dtype.str},{inputs.states.dtype.str}".encode(),
    )


def chains(seed: bytes, inputs: DailyInputs, blocks: int) -> list[bytes]:
    """The chain of each of the first ``blocks`` blocks: a digest of ``seed`` and of every
    input row before the block's end."""
    h = hashlib.blake2b(seed, digest_size=32)
    found = []
    sets, states = inputs.hard_sets, inputs.states
    for j in range(min(blocks, inputs.days // BLOCK_DAYS)):
        rows = slice(j * BLOCK_DAYS, (j + 1) * BLOCK_DAYS)
        h.update(np.ascontiguousarray(sets[rows]).tobytes())
        h.update(np.ascontiguousarray(states[rows]).tobytes())
        found.append(h.copy().digest())
    return found


# --- the data of a block -------------------------------------------------------------------------


class _Writer:
    def __init__(self) -> None:
        self.header: list[list[Any]] = []
        self.buffers: list[bytes] = []

    def array(self, name: str, value: np.ndarray) -> None:
        value = np.ascontiguousarray(value)
        if value.dtype.kind not in "biuf":
            raise TypeError(f"{name}: arrays of {value.dtype} are not stored")
        self.header.append(["array", name, value.dtype.str, list(value.shape)])
        self.buffers.append(value.tobytes())

    def value(self, name: str, value: Any) -> None:
        self.header.append(["value", name, value])

    def bytes(self) -> bytes:
        head = json.dumps(self.header, separators=(",", ":")).encode()
        return _MAGIC + len(head).to_bytes(4, "big") + head + b"".join(self.buffers)


def encode_block(block: Block) -> bytes:
    """The block's data: a JSON header of names, dtypes and shapes, then the raw arrays."""
    out = _Writer()
    out.array("size", block.size)
    out.array("strength", block.strength)
    out.array("phase", block.phase)
    for field in dataclasses.fields(ModelState):
        value = getattr(block.state, field.name)
        name = "state." + field.name
        if isinstance(value, np.ndarray):
            out.array(name, value)
        elif isinstance(value, DailyInputs):
            out.value(name + ".groups", list(value.groups))
            out.array(name + ".hard_sets", value.hard_sets)
            out.array(name + ".states", value.states)
        elif isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            out.value(name, list(value))
        elif type(value) in (int, float, bool):
            out.value(name, value)
        else:
            raise TypeError(f"ModelState.{field.name}: {type(value).__name__} is not stored")
    return out.bytes()


def decode_block(index: int, data: bytes) -> Block:
    """The block :func:`encode_block` wrote (``ValueError`` for anything else)."""
    view = memoryview(data)
    if bytes(view[:4]) != _MAGIC:
        raise ValueError("not a stored checkpoint")
    length = int.from_bytes(view[4:8], "big")
    header = json.loads(bytes(view[8 : 8 + length]))
    offset = 8 + length
    values: dict[str, Any] = {}
    for entry in header:
        if entry[0] == "array":
            _, name, dtype, shape = entry
            kind = np.dtype(dtype)
            if kind.kind not in "biuf":
                raise ValueError(f"{name}: unexpected dtype {dtype}")
            count = int(np.prod(shape)) if shape else 1
            size = count * kind.itemsize
            if offset + size > len(view):
                raise ValueError("stored checkpoint is truncated")
            values[name] = np.frombuffer(view, dtype=kind, count=count, offset=offset).reshape(
                shape
            )
            offset += size
        else:
            _, name, value = entry
            values[name] = value
    if offset != len(view):
        raise ValueError("stored checkpoint has trailing data")
    state: dict[str, Any] = {}
    for field in dataclasses.fields(ModelState):
        name = "state." + field.name
        if name + ".groups" in values:
            state[field.name] = DailyInputs(
                tuple(values[name + ".groups"]),
                values[name + ".hard_sets"],
                values[name + ".states"],
            )
        elif name in values:
            value = values[name]
            state[field.name] = tuple(value) if isinstance(value, list) else value
        else:
            raise ValueError(f"stored checkpoint has no {field.name}")
    size, strength, phase = values["size"], values["strength"], values["phase"]
    if size.shape[0] != BLOCK_DAYS or strength.shape != size.shape or phase.shape[0] != BLOCK_DAYS:
        raise ValueError("stored checkpoint has the wrong number of rows")
    return Block(int(index), size, strength, phase, ModelState(**state))


# --- the table ---------------------------------------------------------------------------------


class CheckpointStore:
    """Blocks of users' histories in the database (``model_checkpoints``), through ``engine``
    on connections of their own (never the request's transaction)."""

    #: How long a write waits for a lock before it is left for later.
    LOCK_WAIT_MS = 200
    #: A failing database is logged at most this often.
    LOG_EVERY_SECONDS = 60.0

    def __init__(self, engine: Engine) -> None:
        from tracker.models import ModelCheckpoint

        self.engine = engine
        self.table = ModelCheckpoint.__table__  # type: ignore[attr-defined]
        self._logged = 0.0
        self._lock = threading.Lock()
        #: Counts for tests and the benchmark.
        self.blocks_read = 0
        self.blocks_written = 0

    def load(
        self,
        user_id: int,
        account: Any,
        profile: Profile,
        inputs: DailyInputs,
        first: int,
        last: int,
    ) -> list[Block]:
        """The stored blocks ``first``, ``first + 1``... before ``last`` whose chains match
        ``inputs``, up to the first that does not (an empty list on any error)."""
        if last <= first:
            return []
        expected = chains(chain_seed(user_id, account, profile, inputs), inputs, last)
        last = min(last, len(expected))
        t = self.table
        try:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(t.c.block, t.c.chain, t.c.data)
                    .where(t.c.user_id == user_id, t.c.block >= first, t.c.block < last)
                    .order_by(t.c.block)
                ).all()
        except SQLAlchemyError as error:
            self._failed("read", error)
            return []
        found: list[Block] = []
        for index, chain, data in rows:
            if index != first + len(found) or bytes(chain) != expected[index]:
                break
            try:
                block = decode_block(index, bytes(data))
            except (ValueError, TypeError, KeyError) as error:
                self._failed("decode", error)
                break
            if block.size.shape[2] != len(inputs.groups):
                break
            found.append(block)
        self.blocks_read += len(found)
        return found

    def save(
        self,
        user_id: int,
        account: Any,
        profile: Profile,
        inputs: DailyInputs,
        blocks: Sequence[Block],
        total: int,
    ) -> bool:
        """Store ``blocks`` (replacing whatever the user had at their indexes) and forget the
        user's blocks from ``total`` on (a history that became shorter). False when the
        database refused, busy or failing: the caller tries again with its next history."""
        seed = chain_seed(user_id, account, profile, inputs)
        last = max((b.index for b in blocks), default=-1) + 1
        expected = chains(seed, inputs, last)
        rows = []
        for block in blocks:
            try:
                data = encode_block(block)
            except TypeError as error:
                self._failed("encode", error)
                return False
            rows.append({"user_id": user_id, "block": block.index,
                         "chain": expected[block.index], "data": data})  # fmt: skip
        t = self.table
        try:
            with self.engine.connect() as conn:
                sqlite = conn.dialect.name == "sqlite"
                if sqlite:
                    # Wait briefly for SQLite's one writer (the pool's connections wait 5 s):
                    # a write left for later costs nothing, a page held up does.
                    usual = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
                    conn.exec_driver_sql(f"PRAGMA busy_timeout = {self.LOCK_WAIT_MS}")
                    conn.commit()
                try:
                    with conn.begin():
                        if not sqlite:
                            conn.execute(text(f"SET LOCAL lock_timeout = {self.LOCK_WAIT_MS}"))
                        if rows:
                            conn.execute(_upsert(conn.dialect.name, t, rows))
                        conn.execute(delete(t).where(t.c.user_id == user_id, t.c.block >= total))
                finally:
                    if sqlite:
                        conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(usual or 5000)}")
                        conn.commit()
        except SQLAlchemyError as error:
            self._failed("write", error)
            return False
        self.blocks_written += len(rows)
        return True

    def _failed(self, what: str, error: BaseException) -> None:
        now = time.monotonic()
        with self._lock:
            if now - self._logged < self.LOG_EVERY_SECONDS and self._logged:
                return
            self._logged = now
        log.warning("model checkpoints: %s failed (%s); simulating instead", what, _short(error))


def _upsert(dialect: str, table: Any, rows: list[dict[str, Any]]) -> Any:
    statement: Any
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        statement = pg_insert(table).values(rows)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        statement = sqlite_insert(table).values(rows)
    return statement.on_conflict_do_update(
        index_elements=[table.c.user_id, table.c.block],
        set_={"chain": statement.excluded.chain, "data": statement.excluded.data},
    )


def _short(error: BaseException) -> str:
    text_ = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text_[0] if text_ else ''}"[:300]
