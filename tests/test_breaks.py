"""Breaks: pages, rules, bad input, unrecorded gaps, and the crud reads the model uses."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from flask import Flask

from tests.conftest import Client, form_values, new_client
from tests.factories import (
    catalogue_exercise,
    count,
    make_break,
    make_user,
    make_workout,
    session_for,
)
from tracker import crud
from tracker.break_days import BreakSpan
from tracker.models import Break, BreakMuscle, TrainingGap, User

ARM = {"shoulders", "biceps", "triceps", "forearms"}


def today() -> dt.date:
    # The test users keep the default time zone, UTC.
    return dt.datetime.now(dt.UTC).date()


def ago(days: int) -> dt.date:
    return today() - dt.timedelta(days=days)


def at(day: dt.date, hour: int = 18) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def version(app: Flask, user: User) -> int:
    with session_for(app) as session:
        found = session.get(User, user.id)
        assert found is not None
        return found.data_version


def load(app: Flask, break_id: int | None) -> Break | None:
    with session_for(app) as session:
        return session.get(Break, break_id)


def muscles_of(app: Flask, break_id: int | None) -> set[str]:
    with session_for(app) as session:
        assert break_id is not None
        return set(crud.breaks.muscles(session=session, break_ids=[break_id]).get(break_id, ()))


def only_break(app: Flask) -> Break:
    with session_for(app) as session:
        from sqlmodel import select

        return session.exec(select(Break)).one()


def checked_values(html: str, name: str) -> set[str]:
    """The values of the ticked checkboxes (or radios) called ``name``."""
    found = set()
    for tag in re.findall(r'<input[^>]*name="' + re.escape(name) + r'"[^>]*>', html):
        if re.search(r"\schecked[\s>]", tag):
            match = re.search(r'value="([^"]*)"', tag)
            assert match is not None
            found.add(match.group(1))
    return found


def good_break(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "start_date": ago(30).isoformat(),
        "end_date": ago(10).isoformat(),
        "reason": "injury",
        "mode": "rest",
        "sessions_per_week": "",
        "body_region": "",
        "notes": "Sprained wrist",
    }
    data.update(changes)
    return data


# --- who may see what ------------------------------------------------------------------------

BREAK_ROUTES = [
    ("get", "/breaks/{id}"),
    ("post", "/breaks/{id}"),
    ("post", "/breaks/{id}/end"),
    ("post", "/breaks/{id}/reduce"),
    ("get", "/breaks/{id}/delete"),
    ("post", "/breaks/{id}/delete"),
]
ALL_ROUTES = [
    ("get", "/breaks"),
    ("get", "/breaks/new"),
    ("post", "/breaks/new"),
    ("post", "/breaks/gaps/training"),
    *BREAK_ROUTES,
]
POST_DATA = {**good_break(), "sessions_per_week": "2", "start_date": "2025-01-01"}


@pytest.mark.parametrize(("method", "path"), ALL_ROUTES)
def test_visitors_are_sent_to_log_in(
    app: Flask, client: Client, user: User, method: str, path: str
) -> None:
    item = make_break(app, user, ago(5), None, reason="injury")
    before = version(app, user)
    url = path.format(id=item.id)
    response = client.get(url) if method == "get" else client.post(url, data=POST_DATA)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert count(app, Break) == 1 and count(app, TrainingGap) == 0
    assert load(app, item.id) == item
    assert version(app, user) == before


@pytest.mark.parametrize(("method", "path"), BREAK_ROUTES)
def test_someone_elses_break_is_not_found(
    app: Flask, other_client: Client, user: User, method: str, path: str
) -> None:
    item = make_break(app, user, ago(5), None, reason="injury")
    before = version(app, user)
    url = path.format(id=item.id)
    response = other_client.get(url) if method == "get" else other_client.post(url, data=POST_DATA)
    assert response.status_code == 404
    assert load(app, item.id) == item
    assert version(app, user) == before


@pytest.mark.parametrize(("method", "path"), BREAK_ROUTES)
def test_a_missing_break_is_not_found(auth_client: Client, method: str, path: str) -> None:
    url = path.format(id=999999)
    response = auth_client.get(url) if method == "get" else auth_client.post(url, data=POST_DATA)
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/breaks", "/breaks/new", "/breaks/{id}", "/breaks/{id}/delete"])
def test_owner_sees_the_pages(app: Flask, auth_client: Client, user: User, path: str) -> None:
    item = make_break(app, user, ago(5), None, reason="injury")
    response = auth_client.get(path.format(id=item.id))
    assert response.status_code == 200
    assert "Content-Security-Policy" in response.headers


def test_other_users_breaks_are_not_listed(
    app: Flask, auth_client: Client, other_user: User
) -> None:
    make_break(app, other_user, ago(40), ago(20), reason="vacation", notes="Bob's trip")
    html = auth_client.get("/breaks").get_data(as_text=True)
    assert "No breaks recorded yet" in html
    assert "Vacation" not in html


# --- the list and the dashboard ----------------------------------------------------------------


def test_list_shows_the_ongoing_break_first_then_past_ones_newest_first(
    app: Flask, auth_client: Client, user: User
) -> None:
    old = make_break(app, user, dt.date(2025, 1, 10), dt.date(2025, 1, 20), reason="vacation")
    newer = make_break(
        app,
        user,
        dt.date(2025, 6, 1),
        dt.date(2025, 6, 10),
        reason="illness",
        mode="reduced",
        sessions_per_week=2,
    )
    current = make_break(
        app,
        user,
        ago(11),
        None,
        muscles=tuple(ARM),
        reason="injury",
        mode="immobilized",
        body_region="left_arm",
    )
    html = auth_client.get("/breaks").get_data(as_text=True)
    ongoing_at = html.index("Day 12 of your injury break")
    newer_at = html.index(f'href="/breaks/{newer.id}">Illness<')
    old_at = html.index(f'href="/breaks/{old.id}">Vacation<')
    assert ongoing_at < newer_at < old_at
    assert "Immobilised: left arm" in html
    assert "1-10 June 2025" in html and "10-20 January 2025" in html
    assert "Reduced training, about 2 a week" in html and "Rest: no training" in html
    assert "10 days" in html and "11 days" in html
    assert f'action="/breaks/{current.id}/end"' in html


def test_dashboard_shows_the_ongoing_break(app: Flask, auth_client: Client, user: User) -> None:
    assert "of your" not in auth_client.get("/").get_data(as_text=True)
    item = make_break(app, user, ago(11), None, reason="illness")
    html = auth_client.get("/").get_data(as_text=True)
    assert "Day 12 of your illness break" in html
    assert f'action="/breaks/{item.id}/end"' in html
    assert f'href="/breaks/{item.id}"' in html


@pytest.mark.parametrize("ended", [1, 0])
def test_a_break_that_ended_is_not_ongoing(
    app: Flask, auth_client: Client, user: User, ended: int
) -> None:
    # Ended today ("end this break today") counts as ended too.
    make_break(app, user, ago(11), ago(ended), reason="illness")
    assert "of your" not in auth_client.get("/").get_data(as_text=True)
    assert "of your" not in auth_client.get("/breaks").get_data(as_text=True)


def test_a_break_with_a_planned_end_is_ongoing(app: Flask, auth_client: Client, user: User) -> None:
    end = today() + dt.timedelta(days=20)
    make_break(app, user, ago(2), end, reason="injury")
    html = auth_client.get("/").get_data(as_text=True)
    assert "Day 3 of your injury break" in html
    assert "planned to end on" in html


# --- recording a break ---------------------------------------------------------------------


def test_record_a_rest_break(app: Flask, auth_client: Client, user: User) -> None:
    before = version(app, user)
    # Numbers and muscles sent with a rest break are ignored.
    data = good_break(sessions_per_week="3", muscles=["biceps"], body_region="left_arm")
    response = auth_client.post("/breaks/new", data=data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/breaks")
    item = only_break(app)
    assert (item.user_id, item.start_date, item.end_date) == (user.id, ago(30), ago(10))
    assert (item.reason, item.mode, item.notes) == ("injury", "rest", "Sprained wrist")
    assert item.sessions_per_week is None and item.body_region is None
    assert count(app, BreakMuscle) == 0
    assert version(app, user) == before + 1


def test_record_an_ongoing_reduced_break(app: Flask, auth_client: Client, user: User) -> None:
    data = good_break(end_date="", mode="reduced", sessions_per_week="2", reason="stress")
    assert auth_client.post("/breaks/new", data=data).status_code == 302
    item = only_break(app)
    assert item.end_date is None and item.mode == "reduced" and item.sessions_per_week == 2


def test_body_region_without_ticked_muscles_uses_the_region(
    app: Flask, auth_client: Client, user: User
) -> None:
    """With JavaScript off nothing ticks the boxes: the region's muscles are used."""
    data = good_break(mode="immobilized", body_region="right_arm")
    assert auth_client.post("/breaks/new", data=data).status_code == 302
    item = only_break(app)
    assert item.body_region == "right_arm"
    assert muscles_of(app, item.id) == ARM


def test_ticked_muscles_win_over_the_region(app: Flask, auth_client: Client, user: User) -> None:
    data = good_break(mode="immobilized", body_region="left_leg", muscles=["quads", "calves"])
    assert auth_client.post("/breaks/new", data=data).status_code == 302
    assert muscles_of(app, only_break(app).id) == {"quads", "calves"}


def test_a_break_may_start_today_and_end_within_a_year(
    app: Flask, auth_client: Client, user: User
) -> None:
    end = today() + dt.timedelta(days=365)
    data = good_break(start_date=today().isoformat(), end_date=end.isoformat())
    assert auth_client.post("/breaks/new", data=data).status_code == 302
    assert only_break(app).end_date == end


def test_notes_count_a_line_break_as_one_character(
    app: Flask, auth_client: Client, user: User
) -> None:
    notes = ("x" * 99 + "\r\n") * 20  # 2000 characters once each line break is one
    assert auth_client.post("/breaks/new", data=good_break(notes=notes)).status_code == 302
    assert only_break(app).notes == ("x" * 99 + "\n") * 19 + "x" * 99


def test_one_day_break(app: Flask, auth_client: Client, user: User) -> None:
    data = good_break(start_date=ago(3).isoformat(), end_date=ago(3).isoformat())
    assert auth_client.post("/breaks/new", data=data).status_code == 302


TOMORROW = "tomorrow"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"start_date": ""}, "start_date", "Enter the first day of the break."),
        ({"start_date": "2026-02-30"}, "start_date", "Not a valid date value."),
        ({"start_date": "yesterday"}, "start_date", "Not a valid date value."),
        ({"start_date": "1899-12-31"}, "start_date", "Enter a date from 1900 on."),
        (
            {"start_date": TOMORROW, "end_date": ""},
            "start_date",
            "A break that starts in the future is a plan: use the planner.",
        ),
        ({"end_date": "1899-12-31"}, "end_date", "Enter a date from 1900 on."),
        ({"end_date": "2026-13-01"}, "end_date", "Not a valid date value."),
        ({"end_date": "+366"}, "end_date", "The last day can be at most a year from today."),
        ({"end_date": "-31"}, "end_date", "The last day is before the first day."),
        ({"reason": "sabbatical"}, "reason", "Not a valid choice."),
        ({"reason": "unknown"}, "reason", "Not a valid choice."),
        ({"reason": ""}, "reason", "Not a valid choice."),
        ({"mode": "yoga"}, "mode", "Not a valid choice."),
        (
            {"mode": "immobilized", "body_region": "", "muscles": []},
            "muscles",
            "Pick the immobilised muscle groups, or a body region.",
        ),
        (
            {"mode": "immobilized", "muscles": ["biceps", "wings"]},
            "muscles",
            "Not a muscle group Regain knows: wings.",
        ),
        ({"mode": "immobilized", "body_region": "tail"}, "body_region", "Not a valid choice."),
        (
            {"mode": "reduced", "sessions_per_week": ""},
            "sessions_per_week",
            "Enter about how many sessions a week (1 to 7).",
        ),
        (
            {"mode": "reduced", "sessions_per_week": "0"},
            "sessions_per_week",
            "Between 1 and 7 sessions a week.",
        ),
        (
            {"mode": "reduced", "sessions_per_week": "8"},
            "sessions_per_week",
            "Between 1 and 7 sessions a week.",
        ),
        (
            {"mode": "reduced", "sessions_per_week": "two"},
            "sessions_per_week",
            "Not a valid integer value.",
        ),
        ({"notes": "x" * 2001}, "notes", "Keep the notes under 2000 characters."),
    ],
)
def test_bad_input_is_refused_at_the_field(
    app: Flask,
    auth_client: Client,
    user: User,
    changes: dict[str, Any],
    field: str,
    message: str,
) -> None:
    before = version(app, user)
    data = good_break(**changes)
    if data["start_date"] == TOMORROW:
        data["start_date"] = (today() + dt.timedelta(days=1)).isoformat()
    for name in ("end_date",):
        if data[name].startswith(("+", "-")):
            data[name] = (today() + dt.timedelta(days=int(data[name]))).isoformat()
    response = auth_client.post("/breaks/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert f'id="{field}-error"' in html
    # Nothing written.
    assert count(app, Break) == 0 and count(app, BreakMuscle) == 0
    assert version(app, user) == before
    # The form keeps what was typed.
    if field != "start_date":
        assert form_values(html, "start_date") == [data["start_date"]]
    if field != "notes":
        assert "Sprained wrist</textarea>" in html
    if changes.get("mode") in ("reduced", "immobilized"):
        assert checked_values(html, "mode") == {changes["mode"]}


def test_bad_input_keeps_the_ticked_muscles(app: Flask, auth_client: Client, user: User) -> None:
    data = good_break(
        mode="immobilized", muscles=["biceps", "triceps"], body_region="left_arm", end_date="x"
    )
    html = auth_client.post("/breaks/new", data=data).get_data(as_text=True)
    assert checked_values(html, "muscles") == {"biceps", "triceps"}
    assert re.search(r'<option data-muscles="[a-z_ ]+" selected value="left_arm">', html)
    assert count(app, Break) == 0


def test_a_rest_break_ignores_the_number_it_does_not_use(
    app: Flask, auth_client: Client, user: User
) -> None:
    # Typed while "reduced" was picked, then the mode changed: the hidden number is dropped.
    data = good_break(mode="rest", sessions_per_week="abc")
    assert auth_client.post("/breaks/new", data=data).status_code == 302
    assert only_break(app).sessions_per_week is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"body_region": "tail"}, "body_region"), ({"muscles": ["wings"]}, "muscles")],
)
def test_unknown_regions_and_muscles_are_refused_in_any_mode(
    app: Flask, auth_client: Client, user: User, changes: dict[str, Any], field: str
) -> None:
    response = auth_client.post("/breaks/new", data=good_break(mode="rest", **changes))
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert count(app, Break) == 0


def test_future_start_points_to_the_planner(app: Flask, auth_client: Client, user: User) -> None:
    data = good_break(start_date=(today() + dt.timedelta(days=3)).isoformat(), end_date="")
    html = auth_client.post("/breaks/new", data=data).get_data(as_text=True)
    assert "A break that starts in the future is a plan: use the planner." in html
    assert '<a href="/planner">Plan a break in the planner</a>' in html
    assert count(app, Break) == 0


# --- overlaps ----------------------------------------------------------------------------------

VACATION = (dt.date(2025, 3, 3), dt.date(2025, 3, 17))


@pytest.mark.parametrize(
    ("start", "end", "collides"),
    [
        (dt.date(2025, 3, 10), dt.date(2025, 3, 20), True),
        (dt.date(2025, 3, 17), dt.date(2025, 3, 20), True),  # shares the last day
        (dt.date(2025, 2, 20), dt.date(2025, 3, 3), True),  # shares the first day
        (dt.date(2025, 2, 1), dt.date(2025, 4, 1), True),  # encloses it
        (dt.date(2025, 3, 5), dt.date(2025, 3, 6), True),  # inside it
        (dt.date(2025, 3, 1), None, True),  # ongoing since before it
        (dt.date(2025, 3, 18), dt.date(2025, 3, 30), False),  # the day after
        (dt.date(2025, 2, 20), dt.date(2025, 3, 2), False),  # the day before
        (dt.date(2025, 3, 18), None, False),  # ongoing since after it
    ],
)
def test_breaks_do_not_overlap(
    app: Flask,
    auth_client: Client,
    user: User,
    start: dt.date,
    end: dt.date | None,
    collides: bool,
) -> None:
    make_break(app, user, *VACATION, reason="vacation")
    data = good_break(start_date=start.isoformat(), end_date=end.isoformat() if end else "")
    response = auth_client.post("/breaks/new", data=data)
    html = response.get_data(as_text=True)
    if collides:
        assert response.status_code == 400
        assert "This overlaps your vacation break of 3-17 March 2025." in html
        assert 'id="start_date-error"' in html
        assert count(app, Break) == 1
    else:
        assert response.status_code == 302
        assert count(app, Break) == 2


@pytest.mark.parametrize(
    ("start", "end", "collides"),
    [
        (40, 11, False),
        (40, 10, True),
        (5, None, True),
        (3, 1, True),
    ],
)
def test_an_ongoing_break_reaches_every_later_day(
    app: Flask,
    auth_client: Client,
    user: User,
    start: int,
    end: int | None,
    collides: bool,
) -> None:
    ongoing = make_break(app, user, ago(10), None, reason="injury")
    data = good_break(
        start_date=ago(start).isoformat(), end_date=ago(end).isoformat() if end is not None else ""
    )
    response = auth_client.post("/breaks/new", data=data)
    if collides:
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        day = ongoing.start_date
        assert f"overlaps your injury break going on since {day.day} " in html
    else:
        assert response.status_code == 302


def test_other_users_breaks_never_collide(
    app: Flask, auth_client: Client, other_user: User
) -> None:
    make_break(app, other_user, *VACATION, reason="vacation")
    data = good_break(start_date="2025-03-03", end_date="2025-03-17")
    assert auth_client.post("/breaks/new", data=data).status_code == 302


# --- the break page and editing --------------------------------------------------------------


def test_break_page_shows_details_and_a_filled_edit_form(
    app: Flask, auth_client: Client, user: User
) -> None:
    item = make_break(
        app,
        user,
        dt.date(2025, 3, 3),
        dt.date(2025, 3, 17),
        muscles=("biceps", "forearms"),
        reason="injury",
        mode="immobilized",
        notes="Cast on the wrist",
    )
    html = auth_client.get(f"/breaks/{item.id}").get_data(as_text=True)
    assert "<h1>Injury break</h1>" in html
    assert "<dd>3-17 March 2025</dd>" in html
    assert "Immobilised: biceps, forearms" in html
    assert "15 days" in html
    assert "Cast on the wrist" in html
    assert form_values(html, "start_date") == ["2025-03-03"]
    assert form_values(html, "end_date") == ["2025-03-17"]
    assert checked_values(html, "mode") == {"immobilized"}
    assert checked_values(html, "muscles") == {"biceps", "forearms"}
    assert f'href="/breaks/{item.id}/delete"' in html
    # It ended: no "end today" button.
    assert f'action="/breaks/{item.id}/end"' not in html


def test_edit_a_break(app: Flask, auth_client: Client, user: User) -> None:
    item = make_break(
        app, user, ago(30), ago(10), muscles=("biceps",), mode="immobilized", reason="injury"
    )
    before = version(app, user)
    data = good_break(
        start_date=ago(28).isoformat(),
        end_date=ago(12).isoformat(),
        mode="immobilized",
        muscles=["quads", "calves"],
        reason="illness",
        notes="Knee brace",
    )
    response = auth_client.post(f"/breaks/{item.id}", data=data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/breaks/{item.id}")
    saved = load(app, item.id)
    assert saved is not None
    assert (saved.start_date, saved.end_date, saved.reason, saved.notes) == (
        ago(28),
        ago(12),
        "illness",
        "Knee brace",
    )
    assert muscles_of(app, item.id) == {"quads", "calves"}
    assert version(app, user) == before + 1
    # Turned into a rest break, it loses its muscles.
    auth_client.post(f"/breaks/{item.id}", data=good_break(mode="rest", muscles=["quads"]))
    assert muscles_of(app, item.id) == set()


def test_edit_may_keep_its_own_days_but_not_take_anothers(
    app: Flask, auth_client: Client, user: User
) -> None:
    item = make_break(app, user, ago(30), ago(10), reason="injury")
    make_break(app, user, *VACATION, reason="vacation")
    widened = good_break(start_date=ago(31).isoformat(), end_date=ago(9).isoformat())
    assert auth_client.post(f"/breaks/{item.id}", data=widened).status_code == 302
    clash = good_break(start_date="2025-03-15", end_date="2025-03-20")
    response = auth_client.post(f"/breaks/{item.id}", data=clash)
    assert response.status_code == 400
    assert "This overlaps your vacation break of 3-17 March 2025." in response.get_data(
        as_text=True
    )
    saved = load(app, item.id)
    assert saved is not None and saved.start_date == ago(31)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end_date": "-31"}, "end_date", "The last day is before the first day."),
        ({"mode": "reduced", "sessions_per_week": "9"}, "sessions_per_week", "Between 1 and 7"),
        ({"mode": "immobilized"}, "muscles", "Pick the immobilised muscle groups"),
        ({"start_date": "+1", "end_date": ""}, "start_date", "is a plan: use the planner."),
    ],
)
def test_edit_bad_input_changes_nothing(
    app: Flask,
    auth_client: Client,
    user: User,
    changes: dict[str, str],
    field: str,
    message: str,
) -> None:
    item = make_break(app, user, ago(30), ago(10), reason="injury")
    before = version(app, user)
    data = good_break(**changes)
    for name in ("start_date", "end_date"):
        if data[name].startswith(("+", "-")):
            data[name] = (today() + dt.timedelta(days=int(data[name]))).isoformat()
    response = auth_client.post(f"/breaks/{item.id}", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html and f'id="{field}-error"' in html
    assert load(app, item.id) == item
    assert version(app, user) == before


# --- end today, make it reduced, delete ------------------------------------------------------


def test_end_a_break_today(app: Flask, auth_client: Client, user: User) -> None:
    item = make_break(app, user, ago(11), None, reason="injury")
    before = version(app, user)
    response = auth_client.post(f"/breaks/{item.id}/end")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/breaks/{item.id}")
    saved = load(app, item.id)
    assert saved is not None and saved.end_date == today()
    assert version(app, user) == before + 1
    assert "ended today" in auth_client.get(f"/breaks/{item.id}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("back", "target"),
    [("dashboard.index", "/"), ("breaks.index", "/breaks"), ("https://evil.example", None)],
)
def test_end_today_returns_to_the_page_of_the_button(
    app: Flask, auth_client: Client, user: User, back: str, target: str | None
) -> None:
    item = make_break(app, user, ago(11), today() + dt.timedelta(days=30), reason="injury")
    response = auth_client.post(f"/breaks/{item.id}/end", data={"back": back})
    assert response.headers["Location"] == (target or f"/breaks/{item.id}")
    saved = load(app, item.id)
    assert saved is not None and saved.end_date == today()


def test_ending_an_ended_break_changes_nothing(app: Flask, auth_client: Client, user: User) -> None:
    item = make_break(app, user, ago(20), ago(5), reason="injury")
    before = version(app, user)
    response = auth_client.post(f"/breaks/{item.id}/end", follow_redirects=True)
    assert "already ended on" in response.get_data(as_text=True)
    saved = load(app, item.id)
    assert saved is not None and saved.end_date == ago(5)
    assert version(app, user) == before


def test_training_in_a_rest_break_is_flagged(app: Flask, auth_client: Client, user: User) -> None:
    item = make_break(app, user, ago(20), ago(5), reason="vacation")
    make_workout(app, user, at(ago(12)))  # day 9 of the break
    make_workout(app, user, at(ago(25)))  # before it: not flagged
    message = "You trained on day 9 of this break:"
    list_html = auth_client.get("/breaks").get_data(as_text=True)
    assert message in list_html
    assert f'action="/breaks/{item.id}/reduce"' in list_html
    page_html = auth_client.get(f"/breaks/{item.id}").get_data(as_text=True)
    assert message in page_html and "split the break" in page_html


def test_training_in_a_reduced_or_immobilised_break_is_not_flagged(
    app: Flask, auth_client: Client, user: User
) -> None:
    make_break(app, user, ago(40), ago(30), mode="reduced", sessions_per_week=1)
    make_break(app, user, ago(20), ago(5), muscles=("biceps",), mode="immobilized")
    make_workout(app, user, at(ago(35)))
    make_workout(app, user, at(ago(12)))
    assert "You trained on" not in auth_client.get("/breaks").get_data(as_text=True)


def test_make_it_reduced(app: Flask, auth_client: Client, user: User) -> None:
    item = make_break(app, user, ago(20), ago(5), reason="vacation")
    make_workout(app, user, at(ago(12)))
    make_workout(app, user, at(ago(10)))
    before = version(app, user)
    response = auth_client.post(
        f"/breaks/{item.id}/reduce", data={"sessions_per_week": "2", "back": "breaks.index"}
    )
    assert response.headers["Location"] == "/breaks"
    saved = load(app, item.id)
    assert saved is not None and (saved.mode, saved.sessions_per_week) == ("reduced", 2)
    assert version(app, user) == before + 1
    assert "You trained on" not in auth_client.get("/breaks").get_data(as_text=True)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter about how many sessions a week (1 to 7)."),
        ("0", "Between 1 and 7 sessions a week."),
        ("8", "Between 1 and 7 sessions a week."),
        ("often", "Not a valid integer value."),
    ],
)
def test_make_it_reduced_needs_a_number_from_1_to_7(
    app: Flask, auth_client: Client, user: User, value: str, message: str
) -> None:
    item = make_break(app, user, ago(20), ago(5), reason="vacation")
    make_workout(app, user, at(ago(12)))
    before = version(app, user)
    response = auth_client.post(f"/breaks/{item.id}/reduce", data={"sessions_per_week": value})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html and 'id="sessions_per_week-error"' in html
    assert f'value="{value}"' in html
    # The edit form below still shows the stored break.
    assert form_values(html, "start_date") == [ago(20).isoformat()]
    assert checked_values(html, "mode") == {"rest"}
    assert load(app, item.id) == item
    assert version(app, user) == before


def test_delete_asks_then_deletes(app: Flask, auth_client: Client, user: User) -> None:
    item = make_break(
        app,
        user,
        ago(20),
        ago(5),
        muscles=("biceps", "triceps"),
        mode="immobilized",
        reason="injury",
    )
    keep = make_break(app, user, ago(40), ago(30), reason="vacation")
    html = auth_client.get(f"/breaks/{item.id}/delete").get_data(as_text=True)
    assert "Delete your injury break?" in html
    assert f'action="/breaks/{item.id}/delete"' in html
    # Asking deletes nothing.
    assert count(app, Break) == 2
    before = version(app, user)
    response = auth_client.post(f"/breaks/{item.id}/delete")
    assert response.headers["Location"] == "/breaks"
    assert load(app, item.id) is None and load(app, keep.id) is not None
    assert count(app, BreakMuscle) == 0
    assert version(app, user) == before + 1


# --- unrecorded gaps -------------------------------------------------------------------------


def _gap_history(app: Flask, user: User) -> None:
    """Workouts 40 and 20 days ago: a 19-day gap between, 20 days since the last one."""
    make_workout(app, user, at(ago(40)))
    make_workout(app, user, at(ago(20)))


def test_unrecorded_gaps_are_listed(app: Flask, auth_client: Client, user: User) -> None:
    _gap_history(app, user)
    html = auth_client.get("/breaks").get_data(as_text=True)
    assert "19 days without a logged workout" in html
    assert "20 days without a logged workout" in html
    record = f"/breaks/new?start={ago(39).isoformat()}&amp;end={ago(21).isoformat()}&amp;from_gap=1"
    assert record in html
    # The one going on now is recorded without a last day.
    assert f"/breaks/new?start={ago(19).isoformat()}&amp;from_gap=1" in html


def test_short_stretches_are_not_gaps(app: Flask, auth_client: Client, user: User) -> None:
    # 13 days between the workouts, 13 days since the last: neither is a gap at 14 days.
    make_workout(app, user, at(ago(27)))
    make_workout(app, user, at(ago(13)))
    assert "without a logged workout" not in auth_client.get("/breaks").get_data(as_text=True)


def test_gap_days_comes_from_the_profile(app: Flask) -> None:
    patient = make_user(app, email="patient@example.com", gap_days=21)
    _gap_history(app, patient)
    client = new_client(app)
    client.login(patient.email)
    assert "without a logged workout" not in client.get("/breaks").get_data(as_text=True)


def test_record_a_gap_as_a_break(app: Flask, auth_client: Client, user: User) -> None:
    _gap_history(app, user)
    url = f"/breaks/new?start={ago(39).isoformat()}&end={ago(21).isoformat()}&from_gap=1"
    html = auth_client.get(url).get_data(as_text=True)
    assert form_values(html, "start_date") == [ago(39).isoformat()]
    assert form_values(html, "end_date") == [ago(21).isoformat()]
    assert '<option selected value="unknown">Not sure</option>' in html
    assert form_values(html, "from_gap") == ["1"]
    data = good_break(
        start_date=ago(39).isoformat(), end_date=ago(21).isoformat(), reason="unknown", from_gap="1"
    )
    assert auth_client.post("/breaks/new", data=data).status_code == 302
    assert only_break(app).reason == "unknown"
    html = auth_client.get("/breaks").get_data(as_text=True)
    assert "19 days without a logged workout" not in html
    assert "Not sure" in html
    # Editing that break keeps "Not sure" available.
    page = auth_client.get(f"/breaks/{only_break(app).id}").get_data(as_text=True)
    assert '<option selected value="unknown">Not sure</option>' in page


def test_not_sure_is_offered_only_for_a_gap(auth_client: Client) -> None:
    html = auth_client.get("/breaks/new").get_data(as_text=True)
    assert 'value="unknown"' not in html
    assert '<option selected value="other">Other</option>' in html


def test_training_not_logging_dismisses_the_gap_for_good(
    app: Flask, auth_client: Client, user: User
) -> None:
    _gap_history(app, user)
    before = version(app, user)
    response = auth_client.post(
        "/breaks/gaps/training",
        data={"start_date": ago(39).isoformat(), "end_date": ago(21).isoformat()},
    )
    assert response.headers["Location"] == "/breaks"
    with session_for(app) as session:
        rows = crud.breaks.training_gaps(session=session, user_id=user.id)
    assert [(r.start_date, r.end_date) for r in rows] == [(ago(39), ago(21))]
    assert version(app, user) == before + 1
    html = auth_client.get("/breaks").get_data(as_text=True)
    assert "19 days without a logged workout" not in html
    assert "20 days without a logged workout" in html  # the other one is still asked about


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2020-01-01", "2020-01-30"),  # not a gap
        ("nonsense", "2020-01-30"),
        ("", ""),
        ("+21", "+39"),  # backwards (offsets are days ago)
        ("+45", "+21"),  # starts before the gap
    ],
)
def test_training_not_logging_only_for_a_real_gap(
    app: Flask, auth_client: Client, user: User, start: str, end: str
) -> None:
    _gap_history(app, user)
    before = version(app, user)

    def resolve(value: str) -> str:
        return ago(int(value[1:])).isoformat() if value.startswith("+") else value

    response = auth_client.post(
        "/breaks/gaps/training",
        data={"start_date": resolve(start), "end_date": resolve(end)},
        follow_redirects=True,
    )
    assert "not an unrecorded gap any more" in response.get_data(as_text=True)
    assert count(app, TrainingGap) == 0
    assert version(app, user) == before


# --- crud reads for the model ------------------------------------------------------------------


def test_workout_days_and_days_by_muscle(app: Flask, user: User, other_user: User) -> None:
    squat = catalogue_exercise(app, "squat_barbell")
    bench = catalogue_exercise(app, "bench_press_barbell")
    make_workout(app, user, at(ago(3), 7), sets=[{"exercise_id": squat.id, "reps": 5}])
    make_workout(app, user, at(ago(3), 19), sets=[{"exercise_id": bench.id, "reps": 5}])
    make_workout(app, user, at(ago(1)), sets=[{"exercise_id": squat.id, "reps": 5}])
    make_workout(app, other_user, at(ago(2)), sets=[{"exercise_id": bench.id, "reps": 5}])
    with session_for(app) as session:
        assert user.id is not None
        assert crud.breaks.workout_days(session=session, user_id=user.id) == [ago(3), ago(1)]
        primary = crud.breaks.workout_days_by_muscle(session=session, user_id=user.id)
        both = crud.breaks.workout_days_by_muscle(
            session=session, user_id=user.id, roles=("primary", "secondary")
        )
    assert primary["quads"] == [ago(3), ago(1)]
    assert primary["chest"] == [ago(3)]
    assert "triceps" not in primary and "adductors" not in primary
    assert both["triceps"] == [ago(3)] and both["adductors"] == [ago(3), ago(1)]


def test_spans_ongoing_and_training_gaps(app: Flask, user: User, other_user: User) -> None:
    make_break(app, user, ago(5), None, muscles=("biceps",), mode="immobilized")
    make_break(app, user, ago(40), ago(30), mode="reduced", sessions_per_week=2)
    make_break(app, other_user, ago(60), ago(50))
    with session_for(app) as session:
        assert user.id is not None
        spans = crud.breaks.spans(session=session, user_id=user.id)
        current = crud.breaks.ongoing(session=session, user_id=user.id, today=today())
        earlier = crud.breaks.ongoing(session=session, user_id=user.id, today=ago(20))
        session.add(TrainingGap(user_id=user.id, start_date=ago(80), end_date=ago(70)))
        session.commit()
        gaps = crud.breaks.training_gaps(session=session, user_id=user.id)
        others = crud.breaks.training_gaps(session=session, user_id=other_user.id or 0)
    assert spans == [
        BreakSpan(ago(40), ago(30), "reduced", sessions_per_week=2),
        BreakSpan(ago(5), None, "immobilized", muscles=frozenset({"biceps"})),
    ]
    assert current is not None and current.start_date == ago(5)
    assert earlier is None
    assert [(g.start_date, g.end_date) for g in gaps] == [(ago(80), ago(70))]
    assert others == []


def test_break_pages_link_to_the_projection(app: Any, auth_client: Any, user: Any) -> None:
    item = make_break(app, user, dt.date(2025, 3, 1), dt.date(2025, 3, 20), reason="vacation")
    target = f"/breaks/{item.id}/projection"
    assert target in auth_client.get(f"/breaks/{item.id}").get_data(as_text=True)
    assert target in auth_client.get("/breaks").get_data(as_text=True)
