"""In a browser on a phone: import a Strong export; the preview's suggestions, a skip, a
refused answer brought into view, accept-all, and the gaps recorded as breaks in one step.

How names are read is replaced by a table here (as in tests/test_import_flow.py), so that
what the page offers for each name is certain; ``tracker.exercise_names`` has its own tests.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlmodel import select

from tests.conftest import PASSWORD
from tests.e2e.conftest import no_horizontal_scroll, screenshot
from tests.factories import catalogue_exercise, make_user, session_for
from tracker.catalogue import BY_KEY
from tracker.crud import matching
from tracker.models import Break, Exercise, Workout, WorkoutSet

# Strong S3 (units per row): three workouts, 20 and 36 days apart; "Snatch Ballance" is read as
# the catalogue's Snatch Balance, "Mystery Press" from its words, "Zorblax" and "Flux" not at all.
EXPORT = """\
Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;\
Seconds;Notes;Workout Notes
2024-01-02 18:00:00;"Push";"Bench Press (Barbell)";1;60;kg;8;;;;0;"";""
2024-01-02 18:00:00;"Push";"Bench Press (Barbell)";2;135;lbs;6;;;;0;"";""
2024-01-02 18:00:00;"Push";"Mystery Press";1;20;kg;10;;;;0;"";""
2024-01-23 18:00:00;"Olympic";"Snatch Ballance";1;40;kg;3;;;;0;"";""
2024-01-23 18:00:00;"Olympic";"Zorblax";1;12;kg;15;;;;0;"";""
2024-01-23 18:00:00;"Olympic";"Flux";1;5;kg;20;;;;0;"";""
2024-02-28 18:00:00;"Push";"Bench Press (Barbell)";1;60;kg;8;;;;0;"";""
"""

READINGS = {
    "Snatch Ballance": SimpleNamespace(
        how="matched", exercise=BY_KEY["snatch_balance_barbell"], reading="snatch balance",
        **{k: getattr(BY_KEY["snatch_balance_barbell"], k)
           for k in ("kind", "equipment", "primary", "secondary")},
    ),
    "Mystery Press": SimpleNamespace(
        how="inferred", exercise=None, kind="weighted", equipment="other",
        primary=("chest", "shoulders"), secondary=("triceps",), reading="a press",
    ),
}  # fmt: skip
NOTHING = SimpleNamespace(
    how="unassigned", exercise=None, kind="weighted", equipment="other", primary=(),
    secondary=(), reading="",
)  # fmt: skip


@pytest.fixture(autouse=True)
def fixed_readings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(matching, "read_name", lambda name: READINGS.get(name, NOTHING))


def log_in_and_upload(page: Page, live_server: str, export: Path) -> None:
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mail").fill("mover@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # A new account is offered the import first.
    expect(page.get_by_role("heading", name="Bring your history from Strong")).to_be_visible()
    page.get_by_role("link", name="Import your history").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import your training history")
    assert no_horizontal_scroll(page)
    page.get_by_label("Export file", exact=False).set_input_files(str(export))
    page.get_by_label("App").select_option("strong")
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")


def test_answers_a_skip_and_a_refused_answer_on_a_phone(
    app: Flask, page: Page, live_server: str, tmp_path: Path
) -> None:
    user = make_user(app, email="mover@example.com", display_name="Mo")
    export = tmp_path / "strong.csv"
    export.write_text(EXPORT)
    log_in_and_upload(page, live_server, export)

    expect(page.locator("#count-workouts")).to_have_text("3")
    expect(page.locator("#count-sets")).to_have_text("7")
    expect(page.get_by_role("heading", name="3 exercise names to check")).to_be_visible()
    mystery = page.get_by_label("“Mystery Press” becomes")
    expect(mystery.locator("option:checked")).to_contain_text("with the muscles below")
    assert no_horizontal_scroll(page)
    screenshot(page, "import-preview-phone")

    page.get_by_label("“Flux” becomes").select_option(label="Skip these sets")
    zorblax = page.get_by_label("“Zorblax” becomes")
    zorblax.select_option(label="Another exercise (type its name below)")
    pick = page.locator("fieldset", has_text="Zorblax").get_by_label("Exercise (type to search)")
    pick.fill("No Such Exercise")
    page.get_by_role("button", name="Import 3 workouts").click()

    # Refused: the problems are listed and brought into view; nothing was written.
    problems = page.locator("#problems")
    expect(problems).to_contain_text("Type the name of an exercise from the list.")
    top = problems.evaluate("element => element.getBoundingClientRect().top")
    assert 0 <= top < 740, top
    screenshot(page, "import-refused-answer-phone")
    with session_for(app) as session:
        assert session.exec(select(Workout)).all() == []

    pick.fill("Deadlift (Barbell)")
    page.get_by_role("button", name="Import 3 workouts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Imported 3 workouts")
    assert no_horizontal_scroll(page)
    deadlift = catalogue_exercise(app, "deadlift_barbell")
    snatch = catalogue_exercise(app, "snatch_balance_barbell")
    with session_for(app) as session:
        ids = session.exec(select(WorkoutSet.exercise_id).order_by(WorkoutSet.id)).all()
        mine = session.exec(select(Exercise.name).where(Exercise.owner_id == user.id)).all()
    assert len(ids) == 6  # Flux's set skipped
    assert ids[3:5] == [snatch.id, deadlift.id]
    assert mine == ["Mystery Press"]


def test_accept_all_then_the_gaps_become_breaks_on_a_phone(
    app: Flask, page: Page, live_server: str, tmp_path: Path
) -> None:
    make_user(app, email="mover@example.com", display_name="Mo")
    export = tmp_path / "strong.csv"
    export.write_text(EXPORT)
    log_in_and_upload(page, live_server, export)
    page.get_by_role("button", name="Accept all suggestions and import").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Imported 3 workouts")
    expect(page.locator("#unassigned")).to_contain_text("in 2 exercises have no muscle groups")
    # Two gaps: 20 days (not ticked: under three weeks) and 35 days (ticked).
    first, second = page.locator("#gaps li").all()
    expect(first).to_contain_text("20 days")
    expect(first.get_by_role("checkbox")).not_to_be_checked()
    expect(second).to_contain_text("35 days")
    expect(second.get_by_role("checkbox")).to_be_checked()
    second.get_by_label("Why").select_option(label="Injury")
    assert no_horizontal_scroll(page)
    screenshot(page, "import-record-phone")
    page.get_by_role("button", name="Record the ticked gaps as breaks").click()
    expect(page.get_by_text("Recorded 1 break.")).to_be_visible()
    with session_for(app) as session:
        recorded = session.exec(select(Break)).one()
    assert (str(recorded.start_date), str(recorded.end_date), recorded.reason) == (
        "2024-01-24",
        "2024-02-27",
        "injury",
    )

    page.get_by_role("link", name="Set their muscles").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exercises without muscles")
    screenshot(page, "import-unassigned-phone")
    assert no_horizontal_scroll(page)
