"""The dashboard and a break's projection page: estimates, a break going on, empty states."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from flask import Flask

from tests.factories import catalogue_exercise, make_break, make_workout, session_for
from tracker.break_days import today_in
from tracker.models import User
from tracker.projections import next_monday

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip


def _today() -> dt.date:
    return today_in("UTC")


def bench_sets(app: Flask, n: int = 3, weight: float = 80.0, reps: int = 8) -> list[dict[str, Any]]:
    bench = catalogue_exercise(app, "bench_press_barbell")
    return [{"exercise_id": bench.id, "reps": reps, "weight_kg": weight} for _ in range(n)]


def log_weeks(app: Flask, user: Any, weeks: int, end: dt.date, weight: float = 80.0) -> None:
    """Three bench sessions a week for ``weeks`` weeks before ``end``."""
    day = end - dt.timedelta(weeks=weeks)
    while day < end:
        if day.weekday() in (0, 2, 4):
            make_workout(
                app, user, dt.datetime.combine(day, dt.time(18)), bench_sets(app, weight=weight)
            )
        day += dt.timedelta(days=1)


def text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.get_data(as_text=True))


# --- empty states ------------------------------------------------------------------------------


def test_no_workouts_yet(auth_client: Any) -> None:
    page = text(auth_client.get("/"))
    assert "Bring your history from Strong" in page
    assert "/charts/timeline" not in page


def test_one_set_only(app: Flask, user: Any, auth_client: Any) -> None:
    make_workout(app, user, dt.datetime.combine(_today(), dt.time(7)), bench_sets(app, n=1))
    page = text(auth_client.get("/"))
    assert "Only 1 day of training logged so far" in page
    assert "Whole body" in page
    assert auth_client.get("/charts/timeline.svg").status_code == 200


def test_only_breaks(app: Flask, user: Any, auth_client: Any) -> None:
    item = make_break(app, user, _today() - dt.timedelta(days=40), _today() - dt.timedelta(days=20))
    page = text(auth_client.get("/"))
    assert "Your breaks are in, your training is not" in page
    projection = text(auth_client.get(f"/breaks/{item.id}/projection"))
    assert "No training logged before this break" in projection


def test_break_page_without_any_log(app: Flask, user: Any, auth_client: Any) -> None:
    # A break recorded, then the log emptied: the history starts at the break, nothing before.
    item = make_break(app, user, _today() - dt.timedelta(days=3), None, reason="illness")
    page = text(auth_client.get(f"/breaks/{item.id}/projection"))
    assert "No training logged before this break" in page
    assert "/charts/break/" not in page


def test_break_page_after_one_set(app: Flask, user: Any, auth_client: Any) -> None:
    make_workout(
        app,
        user,
        dt.datetime.combine(_today() - dt.timedelta(days=9), dt.time(7)),
        bench_sets(app, 1),
    )
    item = make_break(app, user, _today() - dt.timedelta(days=8), _today() - dt.timedelta(days=2))
    page = text(auth_client.get(f"/breaks/{item.id}/projection"))
    assert "Lost during the break" in page


# --- the dashboard with a history -------------------------------------------------------------


def test_dashboard_table_and_chart(app: Flask, user: Any, auth_client: Any) -> None:
    # A beginner who says so: otherwise the 80 kg x 8 bench at the start of the log reads as
    # years of training (issue 13), and ten weeks barely move a trained lifter's size band.
    with session_for(app) as session:
        row = session.get(User, user.id)
        row.training_years_set = True
        session.commit()
    log_weeks(app, user, 10, _today())
    page = text(auth_client.get("/"))
    # The answer first, then the chart, then each muscle group (folded away).
    main = page[page.index('<main id="main"') :]
    first, chart = main.index('id="standing"'), main.index("Your history")
    assert first < chart < main.index("Each muscle group")
    assert re.search(r"Strength: about \d+ % of your peak", page)
    assert re.search(r"Likely between \d+ and \d+ % of your peak", page)  # the range in words
    # Why, with the window it is about (the table's hard sets say theirs: the last four weeks):
    # three sessions of three bench sets, 3 x (3 chest + 1.5 shoulders + 1.5 triceps).
    words = re.sub(r"\s+", " ", page)
    assert (
        "trained about 3 sessions a week over the last eight weeks (18 hard sets a week)" in words
    )
    assert "Hard sets a week: the last four weeks." in words
    muscles = page[page.index("Each muscle group") :]
    rows = re.findall(r'<th scope="row">([^<]+)</th>\s*<td data-label="Size">(\d+) %', muscles)
    labels = [label for label, _ in rows]
    # Bench press: the chest as its main muscle, shoulders and triceps helping.
    assert labels == ["Whole body", "Chest", "Shoulders", "Triceps"]
    assert '<details class="card muscles-card"' in page  # collapsible
    assert "Not trained in your log" in page
    assert "weighted by" in page  # says how the whole body is averaged
    assert "a warm-up counts 0" in page  # hard sets explained where they are shown
    # Four images, one shown: the phone size on a narrow screen, dark where the system is.
    sources = re.findall(r'<source srcset="([^"]+)" media="([^"]+)"', page)
    assert [(m, "size=phone" in u, "theme=dark" in u) for u, m in sources] == [
        ("(prefers-color-scheme: dark) and (max-width: 639px)", True, True),
        ("(prefers-color-scheme: dark)", False, True),
        ("(max-width: 639px)", True, False),
    ]
    assert re.search(r'<img class="chart-image" src="/charts/timeline.svg\?[^"]*size=wide', page)
    assert "Download the chart (PNG)" in page
    assert "/articles/how-the-estimate-works#the-uncertainty-band" in page  # the band explained


def test_the_phone_chart_is_built_when_a_phone_asks(
    app: Flask, user: Any, auth_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The page needs only the phone image's room; its data is built for its own request, and
    # the room the page gave it is the image's size.
    from tracker.projections import service

    built: list[str] = []
    real = service.timeline_chart

    def counting(history: Any, muscle: Any, size: Any, style: Any) -> Any:
        built.append(size.name)
        return real(history, muscle, size, style)

    monkeypatch.setattr(service, "timeline_chart", counting)
    log_weeks(app, user, 8, _today())
    page = text(auth_client.get("/"))
    assert built == ["wide"]
    phone = re.search(
        r'<source srcset="([^"]+)" media="\(max-width: 639px\)" width="(\d+)" height="(\d+)"',
        page,
    )
    assert phone is not None
    image = auth_client.get(phone.group(1).replace("&amp;", "&"))
    assert image.status_code == 200 and built == ["wide", "phone"]
    root = ET.fromstring(image.data)
    assert (root.get("width"), root.get("height")) == (f"{phone[2]}pt", f"{phone[3]}pt")
    # Another view of the unchanged page builds nothing again.
    text(auth_client.get("/"))
    assert built == ["wide", "phone"]


def test_dashboard_for_one_muscle_group(app: Flask, user: Any, auth_client: Any) -> None:
    log_weeks(app, user, 6, _today())
    page = text(auth_client.get("/?muscle=triceps"))
    assert '<option value="triceps" selected>' in page
    assert "/charts/timeline.svg?muscle=triceps" in page or "muscle=triceps" in page
    assert "for the triceps" in page


@pytest.mark.parametrize("value", ["wings", "", "%00", "chest'--", "x" * 500])
def test_unknown_muscle_gets_a_message(app: Flask, user: Any, auth_client: Any, value: str) -> None:
    log_weeks(app, user, 3, _today())
    page = text(auth_client.get(f"/?muscle={value}"))
    if value:
        assert "does not know that muscle group" in page
    assert "for the whole body" in page


def test_ongoing_break_on_the_dashboard(app: Flask, user: Any, auth_client: Any) -> None:
    today = _today()
    start = today - dt.timedelta(days=17)
    log_weeks(app, user, 12, start)
    item = make_break(app, user, start, None, reason="vacation")
    page = text(auth_client.get("/"))
    assert f"Day {(today - start).days + 1} of your vacation break" in page  # the breaks' banner
    assert re.search(r"About \d+ % of your strength lost so far", page)
    monday = next_monday(today)
    when = f"{monday.day} {MONTHS[monday.month - 1]} {monday.year}"
    # log_weeks trains three times a week: the way back is at that rhythm.
    words = re.sub(r"\s+", " ", page)
    assert re.search(
        rf"Back on {when}\? Then (strength is back to 95 % of its level before the break "
        r"(around .+?|not within the time followed)|strength never falls below 95 % of its "
        r"level before the break( \(at worst it is back there by .+?\))?), at your usual 3 "
        r"sessions a week",
        words,
    )
    assert re.search(r"Strength is about \d+ % of your peak \(between \d+ and \d+ %\)", words)
    # The answer card comes before the break's banner.
    assert page.index('id="standing"') < page.index(f"ongoing-break-{item.id}")
    assert f"/breaks/{item.id}/projection" in page


# --- a break's projection page -----------------------------------------------------------------


def test_projection_of_an_ended_break(app: Flask, user: Any, auth_client: Any) -> None:
    today = _today()
    start, end = today - dt.timedelta(days=80), today - dt.timedelta(days=30)
    log_weeks(app, user, 16, start, weight=100.0)
    item = make_break(app, user, start, end, reason="injury")
    # Back to training after the break, a little weaker: 3 x 8 at 90 kg.
    log_weeks(app, user, 4, today, weight=90.0)
    page = text(auth_client.get(f"/breaks/{item.id}/projection"))
    assert "Lost during the break" in page
    assert re.search(r"Size \d+ % \(likely \d+-\d+ %\) of your peak so far, strength \d+ %", page)
    assert re.search(r"Of the level before the break: size \d+ %", page)
    assert "Size back to 95 %" in page and "Strength back to 100 %" in page
    assert "your usual volume" in page
    assert re.search(r"(ahead of|behind) the estimate by \d+ %|in line with the estimate", page)
    assert f'src="/charts/break/{item.id}.svg?theme=light' in page


def test_projection_with_a_chosen_dose(app: Flask, user: Any, auth_client: Any) -> None:
    today = _today()
    start = today - dt.timedelta(days=60)
    log_weeks(app, user, 12, start)
    item = make_break(app, user, start, today - dt.timedelta(days=10))
    page = text(auth_client.get(f"/breaks/{item.id}/projection?dose=1.5"))
    assert "1.5 times your usual volume" in page
    assert f"/charts/break/{item.id}.svg?dose=1.5" in page or "dose=1.5" in page


@pytest.mark.parametrize("dose", ["0.1", "5", "nan", "inf", "much", "-1"])
def test_bad_dose_gets_a_message(app: Flask, user: Any, auth_client: Any, dose: str) -> None:
    today = _today()
    log_weeks(app, user, 6, today - dt.timedelta(days=20))
    item = make_break(app, user, today - dt.timedelta(days=20), today - dt.timedelta(days=5))
    page = text(auth_client.get(f"/breaks/{item.id}/projection?dose={dose}"))
    assert 'id="dose-error"' in page
    assert "your usual volume" in page


def test_projection_of_an_ongoing_break_is_for_next_monday(
    app: Flask, user: Any, auth_client: Any
) -> None:
    today = _today()
    start = today - dt.timedelta(days=12)
    log_weeks(app, user, 8, start)
    item = make_break(app, user, start, None, mode="immobilized", muscles=("triceps",))
    page = text(auth_client.get(f"/breaks/{item.id}/projection"))
    monday = next_monday(today)
    when = f"{monday.day} {MONTHS[monday.month - 1]} {monday.year}"
    assert "Lost so far" in page and f"Lost by {when}" in page
    assert f"if you are back on {when}" in page
    assert "For Triceps" in page  # an immobilised break is about its muscles


def test_projection_ownership(app: Flask, user: Any, auth_client: Any, other_client: Any) -> None:
    log_weeks(app, user, 4, _today())
    item = make_break(app, user, _today() - dt.timedelta(days=5), None)
    assert auth_client.get(f"/breaks/{item.id}/projection").status_code == 200
    assert other_client.get(f"/breaks/{item.id}/projection").status_code == 404
    assert auth_client.get(f"/breaks/{item.id + 1000}/projection").status_code == 404


def test_visitors_are_sent_to_log_in(client: Any) -> None:
    for url in ("/", "/breaks/1/projection"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_the_explainer_beside_each_chart(app: Flask, user: Any, auth_client: Any) -> None:
    if "articles.show" not in app.view_functions:
        pytest.skip("the articles blueprint is not registered in this tree yet")
    today = _today()
    log_weeks(app, user, 8, today - dt.timedelta(days=40))
    ended = make_break(app, user, today - dt.timedelta(days=40), today - dt.timedelta(days=30))
    assert "/articles/coming-back" in text(auth_client.get(f"/breaks/{ended.id}/projection"))
    assert "/articles/coming-back" in text(auth_client.get("/"))  # a recent return
    cast = make_break(app, user, today - dt.timedelta(days=3), None, ("quads",), mode="immobilized")
    assert "/articles/injury-and-immobilisation" in text(
        auth_client.get(f"/breaks/{cast.id}/projection")
    )
    planner = f"/planner?kind=reduced&sessions=1&days=20&dose=1&start={today}"
    assert "/articles/training-less" in text(auth_client.get(planner))


def test_a_new_account_never_sees_a_deleted_accounts_cached_dashboard(app: Flask) -> None:
    """SQLite can reuse a deleted user's id; the projection cache must tell the accounts apart."""
    from tests.conftest import PASSWORD, new_client
    from tests.factories import make_user, session_for
    from tracker.models import User

    old = make_user(app, email="old@example.com")
    bench = catalogue_exercise(app, "bench_press_barbell")
    today = today_in("UTC")
    for n in range(0, 40, 2):
        when = dt.datetime.combine(today - dt.timedelta(days=60 - n), dt.time(9))
        make_workout(app, old, when, [{"exercise_id": bench.id, "reps": 8, "weight_kg": 70.0}] * 3)
    client = new_client(app)
    client.login(old.email)
    assert "Bring your history from Strong" not in client.get("/").get_data(as_text=True)
    with session_for(app) as session:
        version = session.get(User, old.id).data_version  # type: ignore[union-attr]
    assert client.post("/settings/delete", data={"password": PASSWORD}).status_code == 302

    new = make_user(app, email="new@example.com")
    with session_for(app) as session:  # same id (where the database reuses it) and version
        row = session.get(User, new.id)
        assert row is not None
        row.data_version = version
        session.add(row)
        session.commit()
    fresh = new_client(app)
    fresh.login(new.email)
    assert "Bring your history from Strong" in fresh.get("/").get_data(as_text=True)
