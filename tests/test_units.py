"""Unit conversion: exact pounds, and round trips through storage."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.units import KG_PER_LB, format_weight, from_kg, to_kg


def test_pound_is_exact() -> None:
    assert str(KG_PER_LB) == "0.45359237"
    assert to_kg(100, "lb") == pytest.approx(45.359237, abs=1e-12)
    assert to_kg(225, "lb") == pytest.approx(102.05828325, abs=1e-9)
    assert to_kg(82.5, "kg") == 82.5


def test_from_kg() -> None:
    assert from_kg(45.359237, "lb") == 100.0
    assert from_kg(102.5, "kg") == 102.5


@given(st.decimals(min_value=0, max_value=2205, places=2, allow_nan=False))
def test_typed_pounds_come_back_as_typed(typed: object) -> None:
    value = float(typed)  # type: ignore[arg-type]
    assert from_kg(to_kg(value, "lb"), "lb") == pytest.approx(value, abs=1e-9)


@given(st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False))
def test_typed_kilograms_come_back_as_typed(typed: object) -> None:
    value = float(typed)  # type: ignore[arg-type]
    assert from_kg(to_kg(value, "kg"), "kg") == pytest.approx(value, abs=1e-9)


def test_format_weight() -> None:
    assert format_weight(None, "kg") == ""
    assert format_weight(80.0, "kg") == "80 kg"
    assert format_weight(82.5, "kg") == "82.5 kg"
    assert format_weight(to_kg(185, "lb"), "lb") == "185 lb"


def test_format_weight_to_the_plate_step_or_one_decimal() -> None:
    assert format_weight(81.25, "kg") == "81.25 kg"  # 1.25 kg plates: a real load
    assert format_weight(to_kg(2.5, "lb") * 53, "lb") == "132.5 lb"
    # A weight logged in kg and shown in lb (60 kg = 132.277... lb), or a third of 80 kg.
    assert format_weight(60.0, "kg") == "60 kg" and format_weight(60.0, "lb") == "132.3 lb"
    assert format_weight(80 / 3, "kg") == "26.7 kg"
    assert format_weight(117.53, "kg") == "117.5 kg"
    assert format_weight(-0.0, "kg") == "0 kg"


def test_unknown_unit() -> None:
    with pytest.raises(ValueError, match="unit must be one of"):
        to_kg(1, "stone")
