"""A person's own response (``Profile.response``): the loss and regain factors and their spread.

What the factors mean is stated in ``tracker.physiology.profile.Response``; these tests hold
the model to that meaning with protocols whose outcome follows from it (the reference loop in
``reference.py`` checks the equations themselves on random histories).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from tracker.physiology import Phase, Profile, Response, regain_days, simulate_protocol

TRAINED = 3.0  # training years: a lifter with a strong memory


def _break(response: Response, rest_days: int = 56, back_days: int = 56) -> object:
    return simulate_protocol(
        [Phase("train", 84), Phase("rest", rest_days), Phase("train", back_days)],
        Profile(age=30, training_years=TRAINED, response=response),
        group="chest",
    )


def test_the_average_response_is_the_model_without_one() -> None:
    plain = simulate_protocol([Phase("train", 84), Phase("rest", 56)], Profile(age=30))
    average = simulate_protocol(
        [Phase("train", 84), Phase("rest", 56)],
        Profile(age=30, response=Response(1.0, 1.0, 0.0, 0.0)),
    )
    np.testing.assert_array_equal(plain.strength, average.strength)
    np.testing.assert_array_equal(plain.strength_low, average.strength_low)


def test_a_larger_loss_factor_loses_more_in_a_break_and_a_smaller_one_less() -> None:
    end = 84 + 56  # the break's last day
    kept = {k: _break(Response(loss=k)).strength[end] / _break(Response(loss=k)).strength[84]
            for k in (0.5, 1.0, 2.0)}  # fmt: skip
    assert kept[0.5] > kept[1.0] > kept[2.0]
    size = {k: _break(Response(loss=k)).size[end] for k in (0.5, 1.0, 2.0)}
    assert size[0.5] > size[1.0] > size[2.0]


def test_the_loss_factor_divides_the_grace_period() -> None:
    """The average lifter under 50 keeps the size for the 14-day grace period (MODEL.md point
    2); twice the loss factor halves it: size starts to fall 7 days sooner after the last
    session. Never sooner than a week after it: the trailing week still holds that session
    (a week with a session is a maintained week), so a four times faster clock starts then too.
    Half the loss factor doubles the grace period."""

    def onset(response: Response) -> int:
        run = simulate_protocol(
            [Phase("train", 84), Phase("rest", 40)],
            Profile(age=30, response=response),
            group="chest",
        )
        falling = np.flatnonzero(np.diff(run.size[84:]) < -1e-9)
        return 84 + int(falling[0])

    average = onset(Response())
    assert average - 81 == pytest.approx(14, abs=1)  # the last session: day 81, a Friday
    assert average - onset(Response(loss=2.0)) == pytest.approx(7, abs=1)
    assert onset(Response(loss=4.0)) - 81 == pytest.approx(7, abs=1)
    assert onset(Response(loss=0.5)) - average == pytest.approx(14, abs=1)


def test_a_larger_regain_factor_comes_back_sooner() -> None:
    before = [Phase("train", 120)]
    pause = Phase("rest", 120)
    days = {
        k: regain_days(before, pause, Profile(age=30, response=Response(regain=k)))["chest"]
        for k in (0.5, 1.0, 2.0)
    }
    size_95 = {k: r.size_95.central for k, r in days.items()}
    assert None not in size_95.values()
    assert size_95[0.5] > size_95[1.0] > size_95[2.0]  # type: ignore[operator]


def test_regain_never_brings_back_more_than_all_the_strength_of_lost_size() -> None:
    """With a strong memory, a fast regain brings back the strength of lost size at once, but
    no more than all of it: in the first days back strength stays below the level the break
    began at (skill fades a little in the break, nothing is added back beyond the size)."""
    run = _break(Response(regain=4.0), rest_days=84, back_days=7)
    start = 84
    back = run.strength[start + 84 + 1 : start + 84 + 4]
    assert np.all(back <= run.strength[start] + 1e-9)


def test_the_spread_widens_the_band_around_the_same_central_estimate() -> None:
    narrow = _break(Response(loss=1.3, regain=0.8))
    wide = _break(Response(loss=1.3, regain=0.8, loss_spread=0.4, regain_spread=0.4))
    np.testing.assert_allclose(narrow.strength, wide.strength, rtol=1e-12)
    end = 84 + 56 + 14
    assert wide.strength_low[end] < narrow.strength_low[end]
    assert wide.strength_high[end] > narrow.strength_high[end]
    assert wide.strength_low[end] <= wide.strength[end] <= wide.strength_high[end]


def test_the_spread_is_the_factor_of_the_band_ends() -> None:
    response = Response(loss=1.5, regain=0.8, loss_spread=0.2, regain_spread=0.3)
    low, central, high = response.loss_factors()
    assert (low, central, high) == pytest.approx((1.5 * math.exp(0.2), 1.5, 1.5 / math.exp(0.2)))
    low, central, high = response.regain_factors()
    assert (low, central, high) == pytest.approx((0.8 / math.exp(0.3), 0.8, 0.8 * math.exp(0.3)))


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"loss": 0.0}, "loss"),
        ({"loss": 5.0}, "loss"),
        ({"regain": float("nan")}, "regain"),
        ({"regain": "fast"}, "regain"),
        ({"loss_spread": -0.1}, "loss_spread"),
        ({"regain_spread": 2.0}, "regain_spread"),
        ({"loss": True}, "loss"),
    ],
)
def test_bad_factors_raise_value_error_naming_them(kwargs: dict[str, object], name: str) -> None:
    with pytest.raises(ValueError, match=name):
        Response(**kwargs)  # type: ignore[arg-type]


def test_a_profile_refuses_a_response_that_is_not_one() -> None:
    with pytest.raises(ValueError, match="response"):
        Profile(age=30, response=1.2)  # type: ignore[arg-type]


def test_a_response_is_a_cache_key() -> None:
    assert hash(Profile(response=Response(loss=1.2))) == hash(Profile(response=Response(1.2)))
    assert Profile(response=Response(loss=1.2)) != Profile()
