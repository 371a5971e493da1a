"""In a browser on a phone: import a Strong export, map its one unknown exercise, confirm."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from playwright.sync_api import Page, expect
from sqlmodel import select

from tests.conftest import PASSWORD
from tests.e2e.conftest import no_horizontal_scroll, screenshot
from tests.factories import catalogue_exercise, make_user, session_for
from tracker.models import ExerciseMapping, Workout, WorkoutSet

# Strong S3 (units per row): two workouts 20 days apart; "Snatch Ballance" is a typo the
# catalogue does not know.
EXPORT = """\
Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;\
Seconds;Notes;Workout Notes
2024-01-02 18:00:00;"Push";"Bench Press (Barbell)";1;60;kg;8;;;;0;"";""
2024-01-02 18:00:00;"Push";"Bench Press (Barbell)";2;135;lbs;6;;;;0;"";""
2024-01-23 18:00:00;"Olympic";"Snatch Ballance";1;40;kg;3;;;;0;"";""
2024-01-23 18:00:00;"Olympic";"Snatch Ballance";2;45;kg;3;;;;0;"";""
"""


def test_import_a_strong_export_on_a_phone(
    app: Flask, page: Page, live_server: str, tmp_path: Path
) -> None:
    user = make_user(app, email="mover@example.com", display_name="Mo")
    export = tmp_path / "strong.csv"
    export.write_text(EXPORT)

    page.goto(f"{live_server}/login")
    page.get_by_label("E-mail").fill("mover@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello, Mo")

    page.goto(f"{live_server}/settings")
    page.get_by_role("link", name="Import a file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import your training history")
    assert no_horizontal_scroll(page)
    page.get_by_label("Export file", exact=False).set_input_files(str(export))
    page.get_by_label("App").select_option("strong")
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")
    expect(page.locator("#count-workouts")).to_have_text("2")
    expect(page.locator("#count-sets")).to_have_text("4")
    expect(page.get_by_text("Exercises Regain does not know (1)")).to_be_visible()
    expect(page.get_by_text("20 days: after 2024-01-02, until 2024-01-23")).to_be_visible()
    assert no_horizontal_scroll(page)
    screenshot(page, "import-preview-phone")

    page.get_by_label("“Snatch Ballance” is").select_option(label="Snatch Balance (Barbell)")
    page.get_by_role("button", name="Import 2 workouts").click()

    expect(page.get_by_text("Imported 2 workouts with 4 sets.")).to_be_visible()
    link = page.get_by_role("link", name="review them on the breaks page")
    expect(link).to_have_attribute("href", "/breaks")
    assert no_horizontal_scroll(page)

    snatch = catalogue_exercise(app, "snatch_balance_barbell")
    with session_for(app) as session:
        assert len(session.exec(select(Workout).where(Workout.user_id == user.id)).all()) == 2
        exercises = session.exec(select(WorkoutSet.exercise_id).order_by(WorkoutSet.id)).all()
        assert exercises[2:] == [snatch.id, snatch.id]
        mapping = session.exec(select(ExerciseMapping)).one()
        assert (mapping.normalized, mapping.exercise_id) == ("snatch ballance", snatch.id)
