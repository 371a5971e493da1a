"""Import history from Strong, Hevy, FitNotes or a Regain export.

Upload (``/import``) -> questions the file cannot answer (its unit, its date order) -> preview
of what it adds and what each exercise name becomes (``/import/<token>``) -> confirm (POST to
the same URL) -> the import's page (``/imports/<id>``): what each name became, the report to
download, and the gaps to record as breaks in one step. The uploaded file waits in
``instance/uploads`` between those steps (a day at most; ``tracker.uploads``).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from tracker import crud, uploads
from tracker.break_days import Gap
from tracker.clock import today_in
from tracker.crud.imports import Preview
from tracker.crud.matching import UnresolvedExercises
from tracker.db import get_session
from tracker.forms.transfer import ConfirmForm, GapsForm, ImportForm, QuestionsForm
from tracker.importers import AmbiguousDateOrder, ImportFormatError, guess_file_unit
from tracker.importers.incoming import RECENT, SOURCE_LABELS, Incoming, needs_unit
from tracker.limits import LimitReached
from tracker.models import ImportRecord
from tracker.physiology.muscles import MUSCLE_GROUPS
from tracker.uploads import Upload

bp = Blueprint("transfer", __name__)

#: The unit a file without one is checked with at upload, before the user has said which:
#: pounds, so that no weight is refused as too heavy merely for being read as kilograms.
_PROVISIONAL_UNIT = "lb"
#: Gaps of this many days or more are ticked to become breaks on the import's page.
TICKED_GAP_DAYS = 21


def _folder() -> Path:
    return uploads.upload_folder(current_app.instance_path)


def _user_id() -> int:
    return int(current_user.id)


def _today() -> dt.date:
    return today_in(current_user.timezone)


def _upload_page(form: ImportForm, status: int = 200) -> tuple[str, int]:
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    megabytes = None if not limit else limit // (1024 * 1024)
    past = crud.import_records.records(session=get_session(), user_id=_user_id(), limit=10)
    return render_template("transfer/upload.html", form=form, limit_mb=megabytes, past=past), status


def _file_error(form: ImportForm, error: ImportFormatError) -> tuple[str, int]:
    form.file.errors = [f"This file cannot be imported: {error}. Nothing was imported."]
    return _upload_page(form, 400)


@bp.get("/import")
@login_required
def upload() -> tuple[str, int]:
    return _upload_page(ImportForm())


@bp.post("/import")
@login_required
def receive() -> tuple[str, int] | Response:
    form = ImportForm()
    if not form.validate():
        return _upload_page(form, 400)
    data = form.file.data.read()
    source = form.source.data or None
    unit = form.unit.data or None
    saved = uploads.save_upload(
        folder=_folder(),
        user_id=_user_id(),
        data=data,
        filename=form.file.data.filename or "",
        source=source,
        unit=unit,
    )
    # Read now, so that a broken row shows here; the questions come next.
    try:
        _questions(saved, raising=True)
    except ImportFormatError as error:
        _drop(saved.token)
        return _file_error(form, error)
    return redirect(url_for("transfer.preview", token=saved.token))


def _load(token: str) -> Upload:
    found = uploads.load_upload(folder=_folder(), user_id=_user_id(), token=token)
    if found is None:
        abort(404)
    return found


def _incoming(upload: Upload, unit: str | None = None) -> Incoming:
    """The upload read with its answers (``unit`` in place of its own, if given); the same
    process reads it once (``RECENT``)."""
    unit = unit or upload.unit
    key = (
        _user_id(),
        upload.token,
        upload.path.stat().st_mtime_ns,
        unit,
        upload.date_order,
        _today(),
    )
    return RECENT.read(
        key,
        upload.data,
        source=upload.source,
        unit=unit,
        date_order=upload.date_order,
        today=_today(),
    )


def _read(upload: Upload) -> Incoming | tuple[str, int]:
    """The upload read, or the upload form with the error (the upload is then dropped)."""
    try:
        return _incoming(upload)
    except ImportFormatError as error:
        _drop(upload.token)
        form = ImportForm(
            formdata=None, data={"source": upload.source or "", "unit": upload.unit or ""}
        )
        return _file_error(form, error)


def _drop(token: str) -> None:
    uploads.delete_upload(folder=_folder(), user_id=_user_id(), token=token)
    RECENT.forget(lambda key: isinstance(key, tuple) and key[:2] == (_user_id(), token))


def _questions(upload: Upload, *, raising: bool = False) -> tuple[bool, bool]:
    """Whether the file's weight unit, and its date order, must be asked. A file that cannot
    be read raises with ``raising``, else asks nothing (reading it shows the error)."""
    try:
        unit = upload.unit is None and needs_unit(upload.data(), upload.source)
        # A file without a unit is checked in pounds, so that no weight is refused as too
        # heavy merely for being read as kilograms before the user has said.
        _incoming(upload, _PROVISIONAL_UNIT if unit else None)
    except AmbiguousDateOrder:
        return unit, True
    except ImportFormatError:
        if raising:
            raise
        return False, False
    return unit, False


def _questions_page(
    upload: Upload, form: QuestionsForm, asked: tuple[bool, bool], status: int = 200
) -> tuple[str, int]:
    guess = None
    if asked[0]:
        try:
            guess = guess_file_unit(upload.data())
        except ImportFormatError:
            guess = None
        if form.unit.data is None:  # first shown: what the numbers say, else the profile's
            form.unit.data = (guess.unit if guess else None) or current_user.unit
    return render_template(
        "transfer/questions.html", upload=upload, form=form, asked=asked, guess=guess
    ), status


def _preview_page(
    upload: Upload, incoming: Incoming, form: ConfirmForm | None = None, status: int = 200
) -> tuple[str, int]:
    session = get_session()
    summary = crud.imports.preview(session=session, user=current_user, incoming=incoming)
    exercises = crud.matching.choosable_exercises(session=session, user_id=_user_id())
    if form is None:
        form = ConfirmForm()
    form.setup(summary.names)
    return render_template(
        "transfer/preview.html",
        upload=upload,
        summary=summary,
        form=form,
        entries=list(zip(form.names, summary.names, strict=True)),
        exercises=exercises,
        muscle_labels={group.key: group.label for group in MUSCLE_GROUPS},
        source_label=SOURCE_LABELS.get(summary.source, summary.source),
        variant_label=_variant_label(summary),
    ), status


def _variant_label(summary: Preview) -> str:
    if summary.source == "strong":
        return f"{summary.variant} layout"
    if summary.source == "fitnotes":
        return f"{summary.variant} header"
    if summary.source == "regain":
        return f"format {summary.variant}"
    return summary.variant


@bp.get("/import/<token>")
@login_required
def preview(token: str) -> tuple[str, int]:
    upload = _load(token)
    asked = _questions(upload)
    if any(asked):
        form = QuestionsForm(formdata=None)
        form.ask(unit=asked[0], date_order=asked[1])
        return _questions_page(upload, form, asked)
    incoming = _read(upload)
    if not isinstance(incoming, Incoming):
        return incoming
    return _preview_page(upload, incoming)


@bp.post("/import/<token>/questions")
@login_required
def answer(token: str) -> tuple[str, int] | Response:
    upload = _load(token)
    asked = _questions(upload)
    form = QuestionsForm()
    form.ask(unit=asked[0], date_order=asked[1])
    if not form.validate():
        return _questions_page(upload, form, asked, 400)
    uploads.set_upload_answers(
        folder=_folder(),
        user_id=_user_id(),
        token=token,
        unit=form.unit.data if asked[0] else None,
        date_order=form.date_order.data if asked[1] else None,
    )
    return redirect(url_for("transfer.preview", token=token))


@bp.post("/import/<token>")
@login_required
def confirm(token: str) -> tuple[str, int] | Response:
    upload = _load(token)
    if any(_questions(upload)):
        return redirect(url_for("transfer.preview", token=token))
    incoming = _read(upload)
    if not isinstance(incoming, Incoming):
        return incoming
    session = get_session()
    planned = crud.imports.plans(session=session, user_id=_user_id(), incoming=incoming)
    exercises = crud.matching.choosable_exercises(session=session, user_id=_user_id())
    form = ConfirmForm()
    form.setup(planned)
    valid = form.validate()
    decisions = form.decisions(planned, exercises)
    if not valid or decisions is None:
        return _preview_page(upload, incoming, form, 400)
    try:
        result = crud.imports.run_import(
            session=session,
            user_id=_user_id(),
            incoming=incoming,
            decisions=decisions,
            filename=upload.filename,
        )
    except UnresolvedExercises as error:
        flash(f"Nothing was imported: {error}.", "error")
        return _preview_page(upload, incoming, form, 400)
    except IntegrityError:
        # Another request imported some of these workouts meanwhile (a second tab, a double
        # click); this one was rolled back whole.
        flash("Nothing was imported: some of these workouts were imported meanwhile.", "error")
        return _preview_page(upload, incoming, None, 409)
    except LimitReached as error:
        flash(f"Nothing was imported: {error}", "error")
        return _preview_page(upload, incoming, form, 409)
    _drop(token)
    assert result.record_id is not None
    return redirect(url_for("transfer.record", record_id=result.record_id))


@bp.post("/import/<token>/cancel")
@login_required
def cancel(token: str) -> Response:
    _load(token)
    _drop(token)
    flash("The upload was discarded; nothing was imported.", "info")
    return redirect(url_for("transfer.upload"))


# --- after the import -------------------------------------------------------------------------


def _record_or_404(record_id: int) -> ImportRecord:
    found = crud.import_records.get_record(
        session=get_session(), user_id=_user_id(), record_id=record_id
    )
    if found is None:
        abort(404)
    return found


def _gaps_for(record: ImportRecord) -> list[Gap]:
    """The unrecorded gaps of the user's history within the imported file's dates."""
    gaps = crud.breaks.unrecorded_gaps(session=get_session(), user=current_user, today=_today())
    if record.first_day is None or record.last_day is None:
        return []
    return [gap for gap in gaps if gap.end >= record.first_day and gap.start <= record.last_day]


def _record_page(
    record: ImportRecord, form: GapsForm | None = None, status: int = 200
) -> tuple[str, int]:
    gaps = _gaps_for(record)
    if form is None:
        form = GapsForm(formdata=None)
        for gap in gaps:
            form.gaps.append_entry(
                {
                    "start": gap.start.isoformat(),
                    "end": gap.end.isoformat(),
                    "record": gap.days >= TICKED_GAP_DAYS,
                    "reason": "unknown",
                }
            )
    report = crud.import_records.record_report(record)
    unassigned = [e for e in report if e.how != "skipped" and not e.primary and e.kind != "cardio"]
    return render_template(
        "transfer/record.html",
        record=record,
        report=report,
        warnings=crud.import_records.record_warnings(record),
        extras=crud.import_records.record_extras(record),
        unassigned=unassigned,
        muscle_labels={group.key: group.label for group in MUSCLE_GROUPS},
        form=form,
        gap_rows=list(zip(form.gaps, gaps, strict=False)),
        ticked_days=TICKED_GAP_DAYS,
        source_label=SOURCE_LABELS.get(record.source, record.source),
    ), status


@bp.get("/imports/<int:record_id>")
@login_required
def record(record_id: int) -> tuple[str, int]:
    return _record_page(_record_or_404(record_id))


@bp.get("/imports/<int:record_id>/report.json")
@login_required
def report(record_id: int) -> Response:
    found = _record_or_404(record_id)
    document = crud.import_records.record_document(found)
    body = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    response = Response(body, mimetype="application/json")
    day = found.created_at.date().isoformat()
    response.headers["Content-Disposition"] = (
        f'attachment; filename="regain-import-{day}-{found.id}.json"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/imports/<int:record_id>/breaks")
@login_required
def record_gaps(record_id: int) -> tuple[str, int] | Response:
    found = _record_or_404(record_id)
    form = GapsForm()
    if not form.validate():
        return _record_page(found, form, 400)
    current = {(gap.start, gap.end): gap for gap in _gaps_for(found)}
    chosen: list[tuple[dt.date, dt.date, str]] = []
    stale = 0
    for entry in form.gaps:
        if not entry.form.record.data:
            continue
        try:
            span = (
                dt.date.fromisoformat(entry.form.start.data or ""),
                dt.date.fromisoformat(entry.form.end.data or ""),
            )
        except ValueError:
            stale += 1
            continue
        if span not in current:
            stale += 1
            continue
        chosen.append((*span, entry.form.reason.data or "unknown"))
    if not chosen:
        message = "Tick at least one gap to record it as a break."
        if stale:
            message = "Those gaps are not open any more (recorded meanwhile?): nothing was added."
        flash(message, "error")
        return _record_page(found, form, 400)
    added = crud.import_records.record_gaps_as_breaks(
        session=get_session(), user_id=_user_id(), gaps=chosen
    )
    text = f"Recorded {added} break{'' if added == 1 else 's'}."
    if stale:
        text += f" {stale} gap{' was' if stale == 1 else 's were'} no longer open and left out."
    flash(text, "success")
    return redirect(url_for("transfer.record", record_id=record_id))
