"""The model's public interface: MODEL.md's snippet, shapes, validation, checkpoints, helpers."""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from tracker.physiology import (
    BODY_REGIONS,
    IMMOBILIZED,
    MUSCLE_KEYS,
    PARAMETERS,
    PHASE_ABOVE_PEAK,
    PHASE_BUILDING,
    PHASE_GRACE,
    PHASE_LOSING,
    PHASE_REGAINING,
    PHASES,
    REDUCED,
    REST,
    TRAIN,
    DailyInputs,
    ModelState,
    Phase,
    Profile,
    break_loss,
    build_inputs,
    initial_state,
    protocol_inputs,
    regain_days,
    simulate,
    simulate_protocol,
)
from tracker.physiology.model import CHUNK_DAYS
from tracker.physiology.validation import validation_markdown, validation_rows

ROOT = Path(__file__).resolve().parents[2]
BANDS = ("size", "strength", "size_low", "size_high", "strength_low", "strength_high")


# --- MODEL.md's interface ---------------------------------------------------------------------


def test_the_model_md_snippet_works() -> None:
    result = simulate_protocol(
        [Phase("train", days=84), Phase("rest", days=168), Phase("train", days=56)],
        Profile(age=70, sex="male", training_years=0.0),
    )
    for name in BANDS:
        values = getattr(result, name)
        assert values.shape == (84 + 168 + 56 + 1,)  # days 0..N inclusive
        assert values[0] == pytest.approx(1.0)  # 1.0 = the value on day 0
        assert all(isinstance(v, float) for v in values.tolist())
    assert result.size[84] > 1.05  # twelve weeks of training built muscle
    assert result.size[84 + 168] < result.size[84]  # 24 weeks off lost some of it
    assert result.strength[-1] > result.strength[84 + 168]  # retraining brought it back


def test_phase_and_profile_defaults() -> None:
    assert Phase("train", 10).dose == 1.0
    profile = Profile()
    assert (profile.age, profile.sex, profile.training_years) == (30, None, 0.0)


def test_phase_and_profile_are_frozen() -> None:
    with pytest.raises(AttributeError):
        Phase("train", 10).days = 3  # type: ignore[misc]
    with pytest.raises(AttributeError):
        Profile().age = 40  # type: ignore[misc]


def test_simulate_protocol_reports_the_chosen_group() -> None:
    phases = [Phase("train", 70)]
    legs = simulate_protocol(phases, Profile(), group="quads")
    chest = simulate_protocol(phases, Profile(), group="chest")
    # MODEL.md point 7: chest and arms grow faster than legs.
    assert chest.size[-1] - 1 > 1.5 * (legs.size[-1] - 1)
    assert simulate_protocol(phases, Profile()).group == "quads"


def test_sex_is_validated_but_does_not_change_relative_changes() -> None:
    phases = [Phase("train", 84), Phase("rest", 56)]
    results = [simulate_protocol(phases, Profile(sex=s)).size for s in ("male", "female", None)]
    assert np.array_equal(results[0], results[1])
    assert np.array_equal(results[0], results[2])


# --- Invalid input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "argument"),
    [
        (lambda: Phase("jog", 10), "kind"),
        (lambda: Phase("train", 0), "days"),
        (lambda: Phase("train", -3), "days"),
        (lambda: Phase("train", 7306), "days"),  # more than 20 years
        (lambda: Phase("train", 1.5), "days"),  # type: ignore[arg-type]
        (lambda: Phase("train", True), "days"),
        (lambda: Phase("train", 10, dose=-0.1), "dose"),
        (lambda: Phase("train", 10, dose=3.01), "dose"),
        (lambda: Phase("train", 10, dose=math.nan), "dose"),
        (lambda: Profile(age=13), "age"),
        (lambda: Profile(age=101), "age"),
        (lambda: Profile(age=math.nan), "age"),
        (lambda: Profile(sex="other"), "sex"),
        (lambda: Profile(training_years=-1), "training_years"),
        (lambda: Profile(training_years=math.nan), "training_years"),
        (lambda: Profile(age=20, training_years=30), "training_years"),
        (lambda: simulate_protocol([], Profile()), "phases"),
        (
            lambda: simulate_protocol([Phase("train", 7000), Phase("rest", 400)], Profile()),
            "phases",
        ),
        (lambda: simulate_protocol([Phase("train", 7)], Profile(), group="tail"), "group"),
        (lambda: simulate_protocol([Phase("train", 7)], "old"), "profile"),  # type: ignore[arg-type]
        (lambda: DailyInputs(("chest",), np.array([[math.nan]]), np.array([[0]])), "hard_sets"),
        (lambda: DailyInputs(("chest",), np.array([[-1.0]]), np.array([[0]])), "hard_sets"),
        (lambda: DailyInputs(("chest",), np.array([[1.0]]), np.array([[7]])), "states"),
        (lambda: DailyInputs(("chest",), np.array([[1.0]]), np.array([[math.nan]])), "states"),
        (lambda: DailyInputs(("wings",), np.array([[1.0]]), np.array([[0]])), "groups"),
        (lambda: build_inputs(5, sets=[(9, "chest", 3.0)]), "sets"),
        (lambda: build_inputs(5, sets=[(1, "chest", math.nan)]), "sets"),
        (lambda: build_inputs(5, periods=[(0, 3, "sleep", None)]), "periods"),
        (lambda: build_inputs(5, groups=["chest"], periods=[(0, 3, "rest", ["quads"])]), "periods"),
        (lambda: regain_days([], Phase("rest", 10), Profile(), dose=4.0), "dose"),
        (lambda: regain_days([], Phase("rest", 10), Profile(), horizon=0), "horizon"),
    ],
)
def test_bad_input_raises_value_error_naming_the_argument(
    make: Callable[[], object], argument: str
) -> None:
    with pytest.raises(ValueError, match=argument):
        make()


def test_simulate_rejects_a_state_for_other_groups() -> None:
    state = initial_state(Profile(), ("chest",))
    with pytest.raises(ValueError, match="initial"):
        simulate(DailyInputs.untrained(5, ("quads",)), Profile(), initial=state)


# --- Daily inputs --------------------------------------------------------------------------


def test_build_inputs_adds_sets_and_applies_periods() -> None:
    inputs = build_inputs(
        10,
        groups=("chest", "quads"),
        sets=[(0, "chest", 3.0), (0, "chest", 1.5), (2, "quads", 0.5)],
        periods=[(4, 8, "rest", None), (6, 10, "immobilized", ["quads"])],
    )
    assert inputs.hard_sets.shape == (10, 2)
    assert inputs.hard_sets[0].tolist() == [4.5, 0.0]
    assert inputs.hard_sets[2].tolist() == [0.0, 0.5]
    assert inputs.states[:, 0].tolist() == [TRAIN] * 4 + [REST] * 4 + [TRAIN] * 2
    assert inputs.states[:, 1].tolist() == [TRAIN] * 4 + [REST] * 2 + [IMMOBILIZED] * 4
    assert not inputs.hard_sets.flags.writeable


def test_protocol_inputs_place_sessions_like_a_log() -> None:
    inputs = protocol_inputs(
        [Phase("train", 14), Phase("reduced", 14), Phase("rest", 7)], ("chest",)
    )
    week = inputs.hard_sets[:7, 0]
    assert week.sum() == pytest.approx(15.0)  # about 15 hard sets a week
    assert np.count_nonzero(week) == 3  # on three session days
    reduced = inputs.hard_sets[14:28, 0]
    assert np.count_nonzero(reduced) == 2 and reduced.sum() == pytest.approx(10.0)
    assert (inputs.states[14:28, 0] == REDUCED).all()
    assert (inputs.states[28:, 0] == REST).all()


def test_a_reduced_break_without_logged_sets_counts_its_nominal_dose() -> None:
    history = protocol_inputs([Phase("train", 84)], ("quads",))
    logged = history.then(protocol_inputs([Phase("reduced", 84)], ("quads",)))
    unlogged = history.then(build_inputs(84, groups=("quads",), periods=[(0, 84, "reduced", None)]))
    resting = history.then(build_inputs(84, groups=("quads",), periods=[(0, 84, "rest", None)]))
    profile = Profile(age=70)
    a, b, c = (simulate(x, profile) for x in (logged, unlogged, resting))
    # One logged session of 5 sets a week and an unlogged reduced break give the same weeks,
    # except the first, where the logged session adds to the last training days.
    assert b.size[-1, 0] == pytest.approx(a.size[-1, 0], abs=1e-3)
    assert b.size[-1, 0] > c.size[-1, 0] + 0.02  # and clearly not rest


def test_a_leg_day_is_not_a_rest_day_for_the_chest() -> None:
    groups = ("chest", "quads")
    days = 140
    chest_sessions = [(d, "chest", 5.0) for d in range(0, days, 7)]
    leg_sessions = [(d, "quads", 5.0) for d in range(3, days, 7)]
    chest_only = simulate(build_inputs(days, groups=groups, sets=chest_sessions), Profile())
    both = simulate(
        build_inputs(days, groups=groups, sets=chest_sessions + leg_sessions), Profile()
    )
    assert np.array_equal(chest_only.size[:, 0], both.size[:, 0])
    # Once a week keeps the chest trained: never losing, never in a grace period.
    assert set(both.phase[7:, 0].tolist()) <= {PHASE_BUILDING, PHASE_ABOVE_PEAK}
    assert np.all(np.diff(both.size[:, 0]) >= -1e-12)


def test_weeks_of_train_state_without_sets_behave_as_rest() -> None:
    groups = ("quads",)
    declared = protocol_inputs([Phase("train", 84), Phase("rest", 56)], groups)
    unlogged = protocol_inputs([Phase("train", 84)], groups).then(DailyInputs.untrained(56, groups))
    a, b = simulate(declared, Profile()), simulate(unlogged, Profile())
    # A declared break stops growth on its first day; an unlogged gap still grows for the few
    # days its trailing week holds sets. After that both lose alike.
    assert b.size[-1, 0] == pytest.approx(a.size[-1, 0], abs=0.005)
    assert a.size[-1, 0] < a.size[84, 0] - 0.02 and b.size[-1, 0] < b.size[84, 0] - 0.02
    assert np.all(np.diff(a.size[84:, 0]) <= 1e-12)  # a declared rest never gains
    assert np.all(np.diff(b.size[84 + 7 :, 0]) <= 1e-12)  # nor a gap, once its week is empty


def test_a_day_out_of_the_cast_does_not_restart_the_fast_early_loss() -> None:
    straight = simulate_protocol([Phase("immobilized", 29)], Profile())
    interrupted = simulate_protocol(
        [Phase("immobilized", 14), Phase("rest", 1), Phase("immobilized", 14)], Profile()
    )
    fresh = simulate_protocol([Phase("immobilized", 14)], Profile())
    second_half = 1.0 - interrupted.size[29] / interrupted.size[15]
    same_days_of_one_cast = 1.0 - straight.size[29] / straight.size[15]
    new_cast = 1.0 - fresh.size[14]
    # The second fortnight loses about like weeks 3-4 of one cast (a day free winds the clock
    # back a little), not like a new cast.
    assert second_half == pytest.approx(same_days_of_one_cast, rel=0.15)
    assert second_half < 0.6 * new_cast


def test_immobilised_sets_are_ignored() -> None:
    groups = ("quads",)
    cast = build_inputs(14, groups=groups, periods=[(0, 14, "immobilized", None)])
    cast_with_sets = DailyInputs(groups, np.full((14, 1), 5.0), cast.states)
    a, b = simulate(cast, Profile()), simulate(cast_with_sets, Profile())
    assert np.array_equal(a.size, b.size)


# --- Simulation -------------------------------------------------------------------------------


def test_simulation_shapes_and_outputs() -> None:
    inputs = protocol_inputs([Phase("train", 100), Phase("rest", 50)], MUSCLE_KEYS)
    sim = simulate(inputs, Profile())
    rows, cols = 151, len(MUSCLE_KEYS)
    for name in (*BANDS, "muscular", "neural", "memory", "peak", "phase"):
        assert getattr(sim, name).shape == (rows, cols), name
    assert sim.groups == MUSCLE_KEYS
    assert np.allclose(sim.strength, sim.muscular * sim.neural)
    assert set(sim.phase.ravel().tolist()) <= set(PHASES)
    assert sim.memory[0].tolist() == [0.0] * cols  # untrained: nothing remembered
    assert (sim.memory[100] > 0.3).all()  # 100 days of training built a memory
    assert np.all(sim.peak >= sim.size - 1e-12)


def test_phase_labels_follow_a_break() -> None:
    sim = simulate(
        protocol_inputs([Phase("train", 84), Phase("rest", 56), Phase("train", 150)], ("quads",)),
        Profile(),
    )
    phase = sim.phase[:, 0]
    assert phase[50] == PHASE_BUILDING
    assert phase[84 + 10] == PHASE_GRACE  # ten days into the break
    assert phase[84 + 40] == PHASE_LOSING
    assert phase[140 + 7] == PHASE_REGAINING
    assert phase[-2] == PHASE_ABOVE_PEAK


def test_zero_days_gives_day_zero_only() -> None:
    sim = simulate(DailyInputs.untrained(0, ("chest",)), Profile())
    assert sim.size.shape == (1, 1) and sim.size[0, 0] == pytest.approx(1.0)


def test_initial_state_for_trained_people() -> None:
    novice, veteran = (
        initial_state(Profile(), MUSCLE_KEYS),
        initial_state(Profile(training_years=6), MUSCLE_KEYS),
    )
    assert (novice.gain == 0).all() and (novice.memory == 0).all()
    assert (veteran.gain > 0.3).all()  # well above the untrained baseline
    assert (veteran.memory > 0.9).all()  # and remembered
    inputs = protocol_inputs([Phase("train", 84)], ("quads",))
    new = simulate(inputs, Profile()).size[-1, 0] - 1
    old = simulate(inputs, Profile(training_years=6)).size[-1, 0] - 1
    assert old < new / 4  # diminishing returns with training age


@pytest.mark.parametrize("k", [0, 1, 6, 7, 100, CHUNK_DAYS - 1, CHUNK_DAYS, CHUNK_DAYS + 1, 1300])
def test_checkpoint_continues_identically(k: int) -> None:
    rng = np.random.default_rng(k)
    days = 1500
    sets = rng.choice([0.0, 0.0, 0.5, 3.0, 5.0], size=(days, 3))
    sets[600:700] = 0.0  # a break
    states = np.zeros((days, 3), dtype=np.int8)
    states[900:930, 2] = IMMOBILIZED
    states[1000:1050] = REDUCED
    inputs = DailyInputs(("chest", "quads", "biceps"), sets, states)
    profile = Profile(age=58, training_years=1.5)
    whole = simulate(inputs, profile)
    state = whole.checkpoint(k)
    assert isinstance(state, ModelState) and state.day == k
    rest = simulate(inputs.window(k, days), profile, initial=state)
    for name in (*BANDS, "neural", "memory", "peak"):
        assert getattr(rest, name) == pytest.approx(getattr(whole, name)[k:], rel=1e-9, abs=1e-12)
    assert (rest.phase[:-1] == whole.phase[k:-1]).all()


def test_kept_states_are_the_checkpoints_a_rerun_would_give() -> None:
    rng = np.random.default_rng(3)
    days = 2 * CHUNK_DAYS + 60
    sets = rng.choice([0.0, 0.0, 1.0, 4.0], size=(days, 2))
    sets[400:480] = 0.0
    states = np.zeros((days, 2), dtype=np.int8)
    states[CHUNK_DAYS - 20 : CHUNK_DAYS + 20, 1] = IMMOBILIZED  # a cast across a block edge
    inputs = DailyInputs(("chest", "quads"), sets, states)
    rows = [0, 1, 27, 400, 479, CHUNK_DAYS - 1, CHUNK_DAYS, CHUNK_DAYS + 5, days - 1, days]
    kept = simulate(inputs, Profile(age=61), keep=rows)
    plain = simulate(inputs, Profile(age=61))
    assert kept.size.tolist() == plain.size.tolist()  # keeping states changes no output
    for row in rows:
        a, b = kept.checkpoint(row), plain.checkpoint(row)
        assert a.day == b.day == row
        for name in ("baseline", "gain", "peak_gain", "memory", "neural", "activation",
                     "responsiveness", "peak", "since_maintained", "training_years",
                     "immobilized_days"):  # fmt: skip
            assert getattr(a, name) == pytest.approx(getattr(b, name), rel=1e-12, abs=1e-15), (
                row,
                name,
            )
        assert (a.had_loss == b.had_loss).all()
        assert (a.recent.hard_sets == b.recent.hard_sets).all()
        assert (a.recent.states == b.recent.states).all()


@pytest.mark.parametrize(
    ("keep", "message"),
    [([1.5], "integer rows"), ([True], "integer rows"), ([-1], "between 0 and 10"), ([11], "keep")],
)
def test_keep_rejects_rows_outside_the_simulation(keep: list[object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        simulate(DailyInputs.untrained(10, ("chest",)), Profile(), keep=keep)  # type: ignore[arg-type]


def test_checkpoint_rejects_days_outside_the_simulation() -> None:
    sim = simulate(DailyInputs.untrained(10, ("chest",)), Profile())
    with pytest.raises(ValueError, match="day"):
        sim.checkpoint(11)
    assert sim.checkpoint(10).day == sim.final.day == 10


def test_band_is_ordered_on_a_long_history() -> None:
    rng = np.random.default_rng(3)
    days = 2000
    sets = rng.choice([0.0, 2.0, 5.0], size=(days, len(MUSCLE_KEYS)))
    sets[300:420] = 0.0
    states = np.zeros(sets.shape, dtype=np.int8)
    states[800:840, :5] = IMMOBILIZED
    sim = simulate(DailyInputs(MUSCLE_KEYS, sets, states), Profile(age=67, training_years=2))
    assert np.all(sim.size_low <= sim.size + 1e-12) and np.all(sim.size <= sim.size_high + 1e-12)
    assert np.all(sim.strength_low <= sim.strength + 1e-12)
    assert np.all(sim.strength <= sim.strength_high + 1e-12)


# --- Break helpers ---------------------------------------------------------------------------


def test_break_loss_of_a_protocol() -> None:
    losses = break_loss([Phase("train", 84)], Phase("rest", 56), Profile(), groups=["quads"])
    loss = losses["quads"]
    assert (loss.kind, loss.days) == ("rest", 56)
    assert 0.0 < loss.size < 0.1 and 0.0 < loss.strength < 0.1
    assert loss.size_least <= loss.size <= loss.size_most
    assert loss.strength_least <= loss.strength <= loss.strength_most
    # It is the same number simulate_protocol shows.
    r = simulate_protocol([Phase("train", 84), Phase("rest", 56)], Profile())
    assert loss.size == pytest.approx(1 - r.size[140] / r.size[84])


def test_break_loss_from_a_checkpoint_matches_the_protocol() -> None:
    history = [Phase("train", 120)]
    sim = simulate(protocol_inputs(history, MUSCLE_KEYS), Profile(age=40))
    from_state = break_loss(sim.final, Phase("rest", 42), Profile(age=40))
    from_phases = break_loss(history, Phase("rest", 42), Profile(age=40))
    assert from_state.keys() == from_phases.keys() == set(MUSCLE_KEYS)
    for key in MUSCLE_KEYS:
        assert from_state[key].size == pytest.approx(from_phases[key].size, rel=1e-9)
        assert from_state[key].strength_most == pytest.approx(
            from_phases[key].strength_most, rel=1e-9
        )


def test_an_immobilised_arm_loses_more_than_the_resting_legs() -> None:
    arm = BODY_REGIONS["left_arm"][1]
    losses = break_loss([Phase("train", 84)], Phase("immobilized", 21), Profile(), affected=arm)
    assert losses["biceps"].size > 2 * losses["quads"].size
    assert losses["biceps"].strength > losses["biceps"].size  # strength falls faster early


def test_regain_days_after_a_break() -> None:
    found = regain_days([Phase("train", 365)], Phase("rest", 84), Profile(), groups=["quads"])
    regain = found["quads"]
    size_95, size_100 = regain.size_95.central, regain.size_100.central
    strength_95, strength_100 = regain.strength_95.central, regain.strength_100.central
    assert None not in (size_95, size_100, strength_95, strength_100)
    assert size_95 <= size_100 and strength_95 <= strength_100  # type: ignore[operator]
    fastest, slowest = regain.size_100.fastest, regain.size_100.slowest
    assert fastest is not None and fastest <= size_100  # type: ignore[operator]
    assert slowest is None or size_100 <= slowest  # type: ignore[operator]
    # MODEL.md point 6: about half the break, between one third and two thirds.
    assert 84 / 4 <= size_100 <= 84 * 2 / 3  # type: ignore[operator]


def test_regain_days_edge_cases() -> None:
    short = regain_days([Phase("train", 120)], Phase("rest", 5), Profile(), groups=["quads"])
    assert short["quads"].size_100.central == 0  # nothing was lost in five days
    never = regain_days(
        [Phase("train", 365)], Phase("rest", 365), Profile(), horizon=5, groups=["quads"]
    )
    assert never["quads"].size_100.central is None
    untrained = regain_days([], Phase("rest", 30), Profile(), groups=["chest"])
    assert untrained["chest"].strength_100.central == 0


def test_regain_days_from_a_checkpoint() -> None:
    sim = simulate(protocol_inputs([Phase("train", 200)], ("chest", "quads")), Profile())
    found = regain_days(sim.final, Phase("rest", 60), Profile(), dose=0.5)
    slow = found["quads"].size_100.central
    fast = regain_days(sim.final, Phase("rest", 60), Profile(), dose=1.5)["quads"].size_100.central
    assert slow is not None and fast is not None and fast < slow


# --- Parameters and the validation report ----------------------------------------------------


def test_every_parameter_has_a_range_and_a_source() -> None:
    names = [p.name for p in PARAMETERS]
    assert len(names) == len(set(names))
    for p in PARAMETERS:
        assert p.low <= p.central <= p.high
        assert p.source.strip() and p.meaning.strip() and p.unit.strip()
        low_set, central, high_set = p.values()
        assert central == p.central
        if p.direction > 0:
            assert (low_set, high_set) == (p.low, p.high)
        elif p.direction < 0:
            assert (low_set, high_set) == (p.high, p.low)


def test_validation_markdown_has_one_line_per_study() -> None:
    table = validation_markdown()
    lines = table.strip().splitlines()
    assert lines[0] == "| Study | Protocol | Published | Model (band) | Within tolerance |"
    assert len(lines) == 2 + len(validation_rows()) == 2 + 17


def test_validation_command_writes_the_table(tmp_path: Path) -> None:
    out = tmp_path / "validation.md"
    subprocess.run(
        [sys.executable, "-m", "tracker.physiology.validation", "--output", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    assert out.read_text(encoding="utf-8") == validation_markdown()
