"""Trained lifters (issue 13): losses slow down with training age, strength outlasts size.

Measured on real lifters' logs, the model had trained people losing more the longer they had
trained, and strength falling with size. These properties hold the recalibrated model to the
direction the logs and the review literature show (Nuckols 2022): with more years behind them,
lifters come back closer to where they were, and over a break of weeks to months strength is
kept better than size.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.physiology import Phase, Profile, simulate_protocol

SOME = settings(max_examples=30, deadline=None)
groups = st.sampled_from(["quads", "chest", "upper_back", "triceps", "hamstrings"])


def back_after(
    group: str, years: float, before: int, pause: int, dose: float
) -> tuple[float, float]:
    """Strength and size 14 days after a rest break, relative to the break's first day."""
    phases = [Phase("train", before, dose), Phase("rest", pause), Phase("train", 14, dose)]
    r = simulate_protocol(phases, Profile(age=30, training_years=years), group=group)
    start, end = before, before + pause + 14
    return float(r.strength[end] / r.strength[start]), float(r.size[end] / r.size[start])


@SOME
@given(
    groups,
    st.integers(90, 730),
    st.integers(28, 150),
    st.floats(0.5, 1.5),
    st.floats(0.0, 4.0),
    st.floats(0.5, 6.0),
)
def test_more_training_years_never_mean_a_worse_return(
    group: str, before: int, pause: int, dose: float, years: float, more: float
) -> None:
    """What is missing two weeks back (growth beyond the old level aside: a newer lifter
    grows faster) is never more for the one who has trained longer, to within half a percent
    (a tenth of a 1RM's day-to-day variation)."""
    fewer, _ = back_after(group, years, before, pause, dose)
    longer, _ = back_after(group, years + more, before, pause, dose)
    assert min(longer, 1.0) >= min(fewer, 1.0) - 0.005


@SOME
@given(groups, st.integers(180, 730), st.integers(28, 150), st.floats(0.0, 10.0))
def test_strength_is_kept_better_than_size_over_a_break(
    group: str, before: int, pause: int, years: float
) -> None:
    phases = [Phase("train", before), Phase("rest", pause)]
    r = simulate_protocol(phases, Profile(age=30, training_years=years), group=group)
    kept_strength = r.strength[before + pause] / r.strength[before]
    kept_size = r.size[before + pause] / r.size[before]
    assert kept_size < 1.0  # something was lost
    assert kept_strength > kept_size


def test_a_trained_lifter_is_back_near_the_old_level_two_weeks_after_three_months_off() -> None:
    """Nuckols 2022 (trained lifters regain in about half the break, strength first) and the
    backtest's observations (0.88-1.11 after 77-132 days): after 12 weeks off a lifter with
    years of training is within about 10 % two weeks back, the size still further behind."""
    strength, size = back_after("chest", 4.0, 365, 84, 1.0)
    assert 0.9 <= strength <= 1.0
    assert size < strength


def test_a_short_first_block_keeps_little_strength_beyond_size() -> None:
    """Psilander 2019: after 10 weeks of training and 20 weeks off, the size was back to
    baseline and the trained leg regrew no faster; the memory is weak, so the retention that
    keeps a trained lifter's strength hardly applies."""
    phases = [Phase("train", 70), Phase("rest", 140)]
    r = simulate_protocol(phases, Profile(age=26), group="quads")
    simulation = r.simulation
    memory = float(simulation.memory[210, 0])
    assert memory < 0.5


@SOME
@given(groups, st.integers(28, 150), st.floats(1.0, 10.0))
def test_strength_comes_back_before_size(group: str, pause: int, years: float) -> None:
    """Staron 1991, Taaffe 1997, Nuckols 2022: on retraining strength returns first (skill and
    activation), size follows; the model's days to 95 % say the same for trained people."""
    from tracker.physiology import regain_days

    found = regain_days(
        [], Phase("rest", pause), Profile(age=30, training_years=years), groups=(group,)
    )
    regain = found[group]
    strength, size = regain.strength_95.central, regain.size_95.central
    assert strength is not None and size is not None
    assert strength <= size
