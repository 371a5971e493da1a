"""The model's checkpoints in the database (tracker.projections.store): what they are keyed by,
that a server resumes from another's, and that one computed from other data is never used."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import sqlite3
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from flask import Flask
from sqlalchemy import create_engine, inspect, text

from tests.factories import catalogue_exercise, make_user, make_workout, session_for
from tests.servers import (
    assert_same,
    history_of,
    servers_fixture,  # noqa: F401  (the fixture "servers")
    simulated_from_scratch,
    stored_chains,
    train,
)
from tests.test_migrations import empty_database  # noqa: F401  (the fixture)
from tracker import crud
from tracker.break_days import today_in
from tracker.migrations import downgrade_database, upgrade_database
from tracker.models import ModelCheckpoint, User
from tracker.physiology import DailyInputs, Profile, Response, simulate
from tracker.physiology.muscles import MUSCLE_KEYS
from tracker.projections import CHECKPOINT_EVERY, cache_for
from tracker.projections import store as store_module
from tracker.projections.store import (
    BLOCK_DAYS,
    Block,
    CheckpointStore,
    chain_seed,
    chains,
    decode_block,
    encode_block,
)

PROFILE = Profile(age=35, sex="female", training_years=1.0)
ACCOUNT = dt.datetime(2025, 1, 2, 3, 4, 5, 678901)


def _inputs(days: int, seed: int = 1) -> DailyInputs:
    rng = np.random.default_rng(seed)
    sets = np.where(rng.random((days, len(MUSCLE_KEYS))) < 0.3, rng.integers(0, 8, (days, 14)), 0)
    states = np.where(rng.random((days, len(MUSCLE_KEYS))) < 0.05, 2, 0)
    return DailyInputs(MUSCLE_KEYS, sets.astype(float), states)


def _block(inputs: DailyInputs, index: int) -> Block:
    end = (index + 1) * BLOCK_DAYS
    sim = simulate(inputs.window(0, end), PROFILE, keep=[end])
    rows = slice(index * BLOCK_DAYS, end)
    size = np.stack([sim.size_low, sim.size, sim.size_high], axis=1)[rows]
    strength = np.stack([sim.strength_low, sim.strength, sim.strength_high], axis=1)[rows]
    phase = np.arange(BLOCK_DAYS * 14, dtype=np.int8).reshape(BLOCK_DAYS, 14) % 6
    return Block(index, size, strength, phase, sim.checkpoint(end))


# --- the data of a block -------------------------------------------------------------------------


def test_a_block_reads_back_exactly() -> None:
    block = _block(_inputs(3 * BLOCK_DAYS), 2)
    back = decode_block(2, encode_block(block))
    assert back.index == 2 and back.end == 3 * BLOCK_DAYS
    for name in ("size", "strength", "phase"):
        np.testing.assert_array_equal(getattr(back, name), getattr(block, name))
        assert getattr(back, name).dtype == getattr(block, name).dtype
    for field in dataclasses.fields(block.state):
        got, want = getattr(back.state, field.name), getattr(block.state, field.name)
        if isinstance(want, np.ndarray):
            np.testing.assert_array_equal(got, want)
            assert got.dtype == want.dtype
        elif isinstance(want, DailyInputs):
            assert got.groups == want.groups
            np.testing.assert_array_equal(got.hard_sets, want.hard_sets)
            np.testing.assert_array_equal(got.states, want.states)
        else:
            assert got == want
    # The state read back continues the simulation exactly as the original does.
    more = _inputs(5 * BLOCK_DAYS).window(3 * BLOCK_DAYS, 5 * BLOCK_DAYS)
    a = simulate(more, PROFILE, initial=block.state)
    b = simulate(more, PROFILE, initial=back.state)
    np.testing.assert_array_equal(a.size, b.size)
    np.testing.assert_array_equal(a.strength_high, b.strength_high)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"XXXX" + data[4:],  # not ours
        lambda data: data[:-1],  # truncated
        lambda data: data + b"\0",  # trailing bytes
        lambda data: data[:8] + data[8:].replace(b'"<f8"', b'"|O"', 1),  # an object array
    ],
)
def test_damaged_data_is_refused(damage: Any) -> None:
    data = encode_block(_block(_inputs(BLOCK_DAYS), 0))
    with pytest.raises(ValueError):
        decode_block(0, damage(data))


# --- chains: what a block is keyed by --------------------------------------------------------


def test_a_chain_covers_every_input_row_before_the_block_end() -> None:
    inputs = _inputs(4 * BLOCK_DAYS)
    seed = chain_seed(1, ACCOUNT, PROFILE, inputs)
    base = chains(seed, inputs, 4)
    assert len(base) == 4 and len(set(base)) == 4
    for row in (0, BLOCK_DAYS - 1, BLOCK_DAYS, 3 * BLOCK_DAYS - 1):
        for change in ("sets", "state"):
            sets, states = inputs.hard_sets.copy(), inputs.states.copy()
            if change == "sets":
                sets[row, 3] += 0.5
            else:
                states[row, 3] = (states[row, 3] + 1) % 4
            other = chains(seed, DailyInputs(MUSCLE_KEYS, sets, states), 4)
            first_changed = row // BLOCK_DAYS
            assert other[:first_changed] == base[:first_changed]
            assert all(
                a != b for a, b in zip(other[first_changed:], base[first_changed:], strict=True)
            )


def test_a_chain_starts_from_the_account_the_profile_and_the_model() -> None:
    inputs = _inputs(BLOCK_DAYS)
    base = chain_seed(7, ACCOUNT, PROFILE, inputs)
    assert chain_seed(7, ACCOUNT, PROFILE, inputs) == base  # stable
    assert chain_seed(8, ACCOUNT, PROFILE, inputs) != base
    assert chain_seed(7, ACCOUNT + dt.timedelta(microseconds=1), PROFILE, inputs) != base
    assert chain_seed(7, None, PROFILE, inputs) != base
    # Every value the simulation takes from the profile, the personal response included.
    changed = [
        dataclasses.replace(PROFILE, age=36.0),
        dataclasses.replace(PROFILE, sex="male"),
        dataclasses.replace(PROFILE, sex=None),
        dataclasses.replace(PROFILE, training_years=1.5),
        *(
            dataclasses.replace(PROFILE, response=dataclasses.replace(Response(), **{f.name: v}))
            for f, v in zip(dataclasses.fields(Response), (1.2, 0.8, 0.1, 0.2), strict=True)
        ),
    ]
    assert len({chain_seed(7, ACCOUNT, p, inputs) for p in changed} | {base}) == len(changed) + 1
    fewer = DailyInputs(MUSCLE_KEYS[:3], inputs.hard_sets[:, :3], inputs.states[:, :3])
    assert chain_seed(7, ACCOUNT, PROFILE, fewer) != base


def test_a_new_model_never_reads_an_old_models_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = _inputs(BLOCK_DAYS)
    base = chain_seed(1, ACCOUNT, PROFILE, inputs)
    monkeypatch.setattr(store_module, "model_fingerprint", lambda: b"another model")
    assert chain_seed(1, ACCOUNT, PROFILE, inputs) != base


# --- through the app: two servers on one database -------------------------------------------------


@pytest.fixture
def trained(app: Flask, user: User) -> User:
    """Half a year of training: six complete blocks and a bit."""
    train(app, user, 190, 1)
    return user


def test_a_second_server_resumes_from_the_first_ones_blocks(
    app: Flask, trained: User, servers: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = history_of(app, trained)
    assert first is not None and first.simulated_rows == first.rows - 1  # from day 0
    complete = (first.rows - 1) // CHECKPOINT_EVERY
    assert complete >= 6
    assert sorted(stored_chains(app, trained)) == list(range(complete))

    other = servers()
    calls = []
    real = simulate

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[0].days)
        return real(*args, **kwargs)

    monkeypatch.setattr("tracker.projections.cache.simulate", counting)
    second = history_of(other, trained)
    assert second is not None
    # Resumed at the last stored block: at most a block and a day simulated, not half a year.
    assert second.simulated_rows <= CHECKPOINT_EVERY + 1
    assert calls == [second.simulated_rows]
    assert cache_for(other.extensions).checkpoints.blocks_read >= complete - 1  # type: ignore[union-attr]
    assert_same(second, first)
    assert_same(second, simulated_from_scratch(other, trained))


def test_data_changed_on_another_server_is_never_served_from_a_stale_block(
    app: Flask, trained: User, servers: Any
) -> None:
    """Server B has the user's history and its blocks are stored; server A records a workout
    100 days back. B's next history (and any server's) is the new data's, simulated from the
    block the change falls in: the stored blocks after it are the old data's and go unused."""
    server_a, server_b = app, servers()
    before = history_of(server_b, trained)
    assert before is not None
    old = stored_chains(app, trained)

    exercise = catalogue_exercise(app, "squat_barbell")
    back = today_in("UTC") - dt.timedelta(days=100)
    with server_a.app_context():
        make_workout(
            server_a, trained, dt.datetime.combine(back, dt.time(7)),
            [{"exercise_id": exercise.id, "reps": 5, "weight_kg": 100.0}] * 6,
        )  # fmt: skip

    after = history_of(server_b, trained)
    fresh = simulated_from_scratch(server_b, trained)
    assert after is not None
    assert_same(after, fresh)
    changed_row = after.timeline.index_of(back)
    # The old history differs from the new one after the change (else the test proves nothing).
    assert not np.allclose(before.size[changed_row + 2 :], after.size[changed_row + 2 :])
    # Simulated from the block of the change on, not from an old block after it.
    assert after.simulated_rows >= after.rows - 1 - (changed_row // CHECKPOINT_EVERY) * 28
    new = stored_chains(app, trained)
    block = changed_row // CHECKPOINT_EVERY
    assert all(new[j] == old[j] for j in range(block))
    assert all(new[j] != old[j] for j in range(block, len(old)))
    # A third server, starting cold, gets the new data's history from the blocks.
    third = history_of(servers(), trained)
    assert third is not None and third.simulated_rows <= CHECKPOINT_EVERY + 1
    assert_same(third, fresh)


def test_another_profile_never_uses_the_blocks(app: Flask, trained: User, servers: Any) -> None:
    history_of(app, trained)
    with session_for(app) as session:
        row = session.get(User, trained.id)
        assert row is not None
        crud.users.update_profile(
            session=session, user=row, changes={"training_years": 4.0, "training_years_set": True}
        )
    other = servers()
    history = history_of(other, trained)
    assert history is not None and history.profile.training_years == 4.0
    assert history.simulated_rows == history.rows - 1  # all of it: no block fits
    assert_same(history, simulated_from_scratch(other, trained))


def test_a_deleted_account_takes_its_blocks_and_an_id_given_again_finds_none(
    app: Flask, trained: User, servers: Any
) -> None:
    history_of(app, trained)
    assert stored_chains(app, trained)
    blocks = _rows(app, trained)
    with session_for(app) as session:
        row = session.get(User, trained.id)
        assert row is not None
        crud.users.delete(session=session, user=row)
    assert stored_chains(app, trained) == {}  # deleted with the account
    # Another account under the same id (SQLite could once give an id again; forced here),
    # with the same training, and the old account's blocks put back by hand: none is used.
    newcomer = make_user(app, email="again@example.com")
    with session_for(app) as session:
        session.execute(
            text("UPDATE users SET id = :old WHERE id = :new"),
            {"old": trained.id, "new": newcomer.id},
        )
        session.commit()
        same_id = session.get(User, trained.id)
        assert same_id is not None and same_id.created_at != trained.created_at
    train(app, same_id, 190, 1)
    with session_for(app) as session:
        session.execute(ModelCheckpoint.__table__.insert(), blocks)  # type: ignore[attr-defined]
        session.commit()
    history = history_of(servers(), same_id)
    assert history is not None
    assert history.simulated_rows == history.rows - 1  # nothing of the old account's used


def _rows(app: Flask, user: User) -> list[dict[str, Any]]:
    with session_for(app) as session:
        found = session.execute(
            text("SELECT user_id, block, chain, data FROM model_checkpoints WHERE user_id = :u"),
            {"u": user.id},
        ).all()
    return [{"user_id": u, "block": b, "chain": c, "data": d} for u, b, c, d in found]


def test_a_set_logged_today_writes_no_block(app: Flask, trained: User) -> None:
    history_of(app, trained)
    store = cache_for(app.extensions).checkpoints
    assert store is not None
    written = store.blocks_written
    exercise = catalogue_exercise(app, "deadlift_barbell")
    make_workout(
        app, trained, dt.datetime.combine(today_in("UTC"), dt.time(6)),
        [{"exercise_id": exercise.id, "reps": 5, "weight_kg": 120.0}],
    )  # fmt: skip
    history = history_of(app, trained)
    assert history is not None and history.simulated_rows <= CHECKPOINT_EVERY + 1
    assert store.blocks_written == written
    assert_same(history, simulated_from_scratch(app, trained))


def test_a_failing_store_costs_a_simulation_not_a_page(
    app: Flask,
    trained: User,
    auth_client: Any,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    # A database the store cannot reach (the app's own keeps working).
    store = cache_for(app.extensions).checkpoints
    assert store is not None
    store.engine = create_engine(f"sqlite:///{tmp_path / 'missing' / 'x.sqlite3'}")
    with caplog.at_level(logging.WARNING, logger="tracker.projections.store"):
        page = auth_client.get("/")
    assert page.status_code == 200
    assert "model checkpoints" in caplog.text and "simulating instead" in caplog.text
    history = history_of(app, trained)
    assert history is not None
    assert_same(history, simulated_from_scratch(app, trained))


def test_a_busy_writer_delays_no_page(
    app: Flask,
    trained: User,
    servers: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Another writer holds the database (SQLite) or the table (PostgreSQL): the history is
    served at once, its blocks left for the next computation."""
    engine = app.extensions["engine"]
    other = servers()
    if engine.dialect.name == "sqlite":
        holder: Any = sqlite3.connect(app.config["DATABASE_URL"].removeprefix("sqlite:///"))
        holder.execute("BEGIN IMMEDIATE")
    else:
        holder = engine.connect()
        holder.execute(text("LOCK TABLE model_checkpoints IN EXCLUSIVE MODE"))
    try:
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="tracker.projections.store"):
            history = history_of(other, trained)
        assert time.monotonic() - started < 2.0  # not the 5 s busy timeout, nor 30 s
        assert history is not None and history.stored_blocks == 0
        assert "write failed" in caplog.text
    finally:
        holder.rollback()
        holder.close()
    # The next computation stores what the busy one could not.
    make_workout(
        other, trained, dt.datetime.combine(today_in("UTC"), dt.time(6)),
        [{"exercise_id": catalogue_exercise(app, "pull_up").id, "reps": 5}],
    )  # fmt: skip
    again = history_of(other, trained)
    assert again is not None and again.stored_blocks == (again.rows - 1) // CHECKPOINT_EVERY
    assert stored_chains(app, trained)


def test_the_store_refuses_rows_whose_chain_does_not_match(app: Flask) -> None:
    inputs = _inputs(3 * BLOCK_DAYS)
    user = make_user(app, email="store@example.com")
    store = CheckpointStore(app.extensions["engine"])
    blocks = [_block(inputs, j) for j in range(3)]
    assert store.save(user.id, ACCOUNT, PROFILE, inputs, blocks, 3)
    assert [b.index for b in store.load(user.id, ACCOUNT, PROFILE, inputs, 0, 3)] == [0, 1, 2]
    assert [b.index for b in store.load(user.id, ACCOUNT, PROFILE, inputs, 1, 3)] == [1, 2]
    sets = inputs.hard_sets.copy()
    sets[BLOCK_DAYS + 3, 0] += 1
    changed = DailyInputs(MUSCLE_KEYS, sets, inputs.states)
    assert [b.index for b in store.load(user.id, ACCOUNT, PROFILE, changed, 0, 3)] == [0]
    assert store.load(user.id, ACCOUNT, PROFILE, changed, 1, 3) == []
    assert store.load(user.id, None, PROFILE, inputs, 0, 3) == []
    other = dataclasses.replace(PROFILE, response=Response(loss=1.3))
    assert store.load(user.id, ACCOUNT, other, inputs, 0, 3) == []
    # A block missing in the middle ends what is used.
    with session_for(app) as session:
        session.execute(text("DELETE FROM model_checkpoints WHERE block = 1"))
        session.commit()
    assert [b.index for b in store.load(user.id, ACCOUNT, PROFILE, inputs, 0, 3)] == [0]
    # A shorter history forgets the blocks past its end.
    assert store.save(user.id, ACCOUNT, PROFILE, inputs, [], 1)
    with session_for(app) as session:
        left = session.execute(text("SELECT block FROM model_checkpoints")).scalars().all()
    assert left == [0]


# --- the migration -----------------------------------------------------------------------------


def test_the_checkpoint_table_comes_and_goes_with_its_migration(
    empty_database: str,  # noqa: F811
) -> None:
    upgrade_database(empty_database, "0011")
    engine = create_engine(empty_database)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (email, password_hash, display_name, unit, training_years, "
                    "timezone, gap_days, data_version, created_at, session_token, "
                    "training_years_set, personal_calibration, date_order, clock) VALUES "
                    "('kept@example.com', 'x', 'Kept', 'kg', 1.0, 'UTC', 14, 3, "
                    "'2025-01-01 10:00:00', 'token', false, true, 'dmy', '24')"
                )
            )
            user_id = conn.execute(text("SELECT id FROM users")).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO workouts (user_id, started_at, title, notes, source, created_at) "
                    f"VALUES ({user_id}, '2025-01-02 18:00:00', 'Legs', '', 'manual', "
                    "'2025-01-02 20:00:00')"
                )
            )
        upgrade_database(empty_database)
        assert "model_checkpoints" in inspect(engine).get_table_names()
        with engine.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM users")).scalar_one() == 1
            assert conn.execute(text("SELECT count(*) FROM workouts")).scalar_one() == 1
            assert conn.execute(text("SELECT data_version FROM users")).scalar_one() == 3
            assert conn.execute(text("SELECT count(*) FROM model_checkpoints")).scalar_one() == 0
        store = CheckpointStore(engine)
        inputs = _inputs(BLOCK_DAYS)
        assert store.save(user_id, ACCOUNT, PROFILE, inputs, [_block(inputs, 0)], 1)
        assert len(store.load(user_id, ACCOUNT, PROFILE, inputs, 0, 1)) == 1
        downgrade_database(empty_database, "0011")
        assert "model_checkpoints" not in inspect(engine).get_table_names()
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM workouts")).scalar_one() == 1
        upgrade_database(empty_database)
    finally:
        engine.dispose()
