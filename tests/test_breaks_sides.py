"""One-sided breaks on the break forms (issue 17): the side stored, taken from the body region,
refused at its field where the body has no sides, two casts on the two sides overlapping, and
nobody else's break changed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask

from tests.conftest import Client
from tests.factories import count, make_break
from tests.test_breaks import ARM, ago, checked_values, good_break, load, muscles_of, only_break
from tracker.models import Break, User


def cast(**changes: Any) -> dict[str, Any]:
    data = good_break(mode="immobilized", body_region="left_arm", muscles=sorted(ARM), side="")
    data.update(changes)
    return data


def side_error(html: str) -> str:
    match = re.search(r'<p class="error" id="side-error">(.*?)</p>', html, re.S)
    return match.group(1) if match else ""


def test_a_left_arm_cast_is_the_left_side(app: Flask, auth_client: Client, user: User) -> None:
    """The body region names the side: "Left arm" is the left side only."""
    response = auth_client.post("/breaks/new", data=cast())
    assert response.status_code == 302
    item = only_break(app)
    assert item.side == "left" and muscles_of(app, item.id) == ARM


def test_the_side_picked_is_stored_and_shown(app: Flask, auth_client: Client, user: User) -> None:
    data = cast(body_region="", side="right", muscles=["biceps", "forearms"])
    assert auth_client.post("/breaks/new", data=data).status_code == 302
    item = only_break(app)
    assert item.side == "right"
    html = auth_client.get(f"/breaks/{item.id}").get_data(as_text=True)
    assert "Immobilised: biceps, forearms (right side only)" in html
    assert checked_values(html, "side") == {"right"}


def test_both_sides_stay_both(app: Flask, auth_client: Client, user: User) -> None:
    """Ticked groups of both arms and the trunk, no side: an ordinary cast, both sides."""
    data = cast(body_region="upper_body", muscles=["chest", "biceps"])
    assert auth_client.post("/breaks/new", data=data).status_code == 302
    assert only_break(app).side is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"body_region": "upper_body", "muscles": [], "side": "left"}, "chest"),
        ({"muscles": ["biceps", "abs"], "side": "left"}, "abdominals"),
        ({"body_region": "whole_body", "muscles": [], "side": "right"}, "lower back"),
        ({"body_region": "right_arm", "side": "left"}, "The body region is the right side"),
        ({"side": "middle"}, "Not a valid choice"),
    ],
)
def test_a_side_where_there_is_none_is_refused_at_the_field(
    app: Flask, auth_client: Client, user: User, changes: dict[str, Any], message: str
) -> None:
    response = auth_client.post("/breaks/new", data=cast(**changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in side_error(html), side_error(html)
    assert count(app, Break) == 0


def test_a_side_means_nothing_for_a_rest_break(app: Flask, auth_client: Client, user: User) -> None:
    data = good_break(mode="rest", side="left", body_region="upper_body")
    assert auth_client.post("/breaks/new", data=data).status_code == 302
    assert only_break(app).side is None


def test_casts_on_the_two_arms_may_overlap(app: Flask, auth_client: Client, user: User) -> None:
    make_break(
        app,
        user,
        ago(40),
        ago(5),
        tuple(ARM),
        mode="immobilized",
        reason="injury",
        body_region="right_arm",
        side="right",
    )
    response = auth_client.post("/breaks/new", data=cast(start_date=ago(30).isoformat()))
    assert response.status_code == 302
    assert count(app, Break) == 2


@pytest.mark.parametrize(
    "existing",
    [
        {"side": "left", "mode": "immobilized", "body_region": "left_arm"},  # the same arm
        {"side": None, "mode": "immobilized", "body_region": "left_arm"},  # both arms
        {"side": None, "mode": "rest"},  # a rest break: the whole body
    ],
)
def test_overlaps_of_the_same_side_or_with_both_are_refused(
    app: Flask, auth_client: Client, user: User, existing: dict[str, Any]
) -> None:
    muscles = tuple(ARM) if existing["mode"] == "immobilized" else ()
    make_break(app, user, ago(40), ago(5), muscles, reason="injury", **existing)
    response = auth_client.post("/breaks/new", data=cast(start_date=ago(30).isoformat()))
    assert response.status_code == 400
    assert "This overlaps your injury break" in response.get_data(as_text=True)
    assert count(app, Break) == 1


def test_a_leg_and_an_arm_of_the_same_side_may_overlap(
    app: Flask, auth_client: Client, user: User
) -> None:
    leg = ("glutes", "quads", "hamstrings", "adductors", "calves")
    make_break(
        app,
        user,
        ago(40),
        ago(5),
        leg,
        mode="immobilized",
        reason="injury",
        body_region="left_leg",
        side="left",
    )
    assert auth_client.post("/breaks/new", data=cast()).status_code == 302


def test_editing_keeps_and_changes_the_side(app: Flask, auth_client: Client, user: User) -> None:
    item = make_break(
        app,
        user,
        ago(30),
        ago(10),
        tuple(ARM),
        mode="immobilized",
        reason="injury",
        body_region="left_arm",
        side="left",
    )
    html = auth_client.get(f"/breaks/{item.id}").get_data(as_text=True)
    assert checked_values(html, "side") == {"left"}
    data = cast(body_region="", side="right")
    assert auth_client.post(f"/breaks/{item.id}", data=data).status_code == 302
    found = load(app, item.id)
    assert found is not None and found.side == "right"
    # Made reduced, the break has no side any more.
    assert (
        auth_client.post(f"/breaks/{item.id}/reduce", data={"sessions_per_week": "2"}).status_code
        == 302
    )
    found = load(app, item.id)
    assert found is not None and found.side is None and found.mode == "reduced"


def test_nobody_else_changes_the_side(app: Flask, other_client: Client, user: User) -> None:
    item = make_break(
        app,
        user,
        ago(30),
        ago(10),
        tuple(ARM),
        mode="immobilized",
        reason="injury",
        body_region="left_arm",
        side="left",
    )
    response = other_client.post(f"/breaks/{item.id}", data=cast(side="right", body_region=""))
    assert response.status_code == 404
    found = load(app, item.id)
    assert found is not None and found.side == "left"
    # Another user's cast of the left arm does not let this one's overlap anything of theirs.
    assert other_client.post("/breaks/new", data=cast()).status_code == 302
