"""Import history from Strong, Hevy, FitNotes or a Regain export.

Upload (``/import``) -> preview with the mapping of unknown exercises (``/import/<token>``)
-> confirm (POST to the same URL) -> the dashboard. The uploaded file waits in
``instance/uploads/<user id>/<token>`` between those steps (a day at most; ``tracker.uploads``).
"""

from __future__ import annotations

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
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from tracker import crud, uploads
from tracker.crud.imports import SOURCE_LABELS, ImportResult, Incoming, Preview
from tracker.crud.matching import UnresolvedExercises
from tracker.db import get_session
from tracker.forms.transfer import ConfirmForm, ImportForm, UnitForm
from tracker.importers import ImportFormatError
from tracker.uploads import Upload

bp = Blueprint("transfer", __name__)

#: The unit a file without one is checked with at upload, before the user has said which:
#: pounds, so that no weight is refused as too heavy merely for being read as kilograms.
_PROVISIONAL_UNIT = "lb"


def _folder() -> Path:
    return Path(current_app.instance_path) / "uploads"


def _user_id() -> int:
    return int(current_user.id)


def _upload_page(form: ImportForm, status: int = 200) -> tuple[str, int]:
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    megabytes = None if not limit else limit // (1024 * 1024)
    return render_template("transfer/upload.html", form=form, limit_mb=megabytes), status


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
    try:
        if unit is None and crud.imports.upload_needs_unit(data, source):
            # Checked now so that a broken row shows here; the unit is asked next.
            crud.imports.read_upload(data, source, _PROVISIONAL_UNIT)
        else:
            crud.imports.read_upload(data, source, unit)
    except ImportFormatError as error:
        return _file_error(form, error)
    saved = uploads.save_upload(
        folder=_folder(),
        user_id=_user_id(),
        data=data,
        filename=form.file.data.filename or "",
        source=source,
        unit=unit,
    )
    return redirect(url_for("transfer.preview", token=saved.token))


def _load(token: str) -> Upload:
    found = uploads.load_upload(folder=_folder(), user_id=_user_id(), token=token)
    if found is None:
        abort(404)
    return found


def _read(upload: Upload) -> Incoming | tuple[str, int]:
    """The upload read, or the upload form with the error (the upload is then dropped)."""
    try:
        return crud.imports.read_upload(upload.data(), upload.source, upload.unit)
    except ImportFormatError as error:
        uploads.delete_upload(folder=_folder(), user_id=_user_id(), token=upload.token)
        form = ImportForm(
            formdata=None, data={"source": upload.source or "", "unit": upload.unit or ""}
        )
        return _file_error(form, error)


def _needs_unit(upload: Upload) -> bool:
    if upload.unit is not None:
        return False
    try:
        return crud.imports.upload_needs_unit(upload.data(), upload.source)
    except ImportFormatError:
        return False  # reading it shows the error


def _preview_page(
    upload: Upload, incoming: Incoming, form: ConfirmForm | None = None, status: int = 200
) -> tuple[str, int]:
    session = get_session()
    summary = crud.imports.preview(session=session, user=current_user, incoming=incoming)
    exercises = crud.matching.choosable_exercises(session=session, user_id=_user_id())
    if form is None:
        form = ConfirmForm()
    form.setup(summary.unknown, exercises)
    return render_template(
        "transfer/preview.html",
        upload=upload,
        summary=summary,
        form=form,
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
    if _needs_unit(upload):
        return render_template("transfer/unit.html", upload=upload, form=UnitForm()), 200
    incoming = _read(upload)
    if not isinstance(incoming, Incoming):
        return incoming
    return _preview_page(upload, incoming)


@bp.post("/import/<token>/unit")
@login_required
def choose_unit(token: str) -> tuple[str, int] | Response:
    upload = _load(token)
    form = UnitForm()
    if not form.validate():
        return render_template("transfer/unit.html", upload=upload, form=form), 400
    uploads.set_upload_unit(folder=_folder(), user_id=_user_id(), token=token, unit=form.unit.data)
    return redirect(url_for("transfer.preview", token=token))


@bp.post("/import/<token>")
@login_required
def confirm(token: str) -> tuple[str, int] | Response:
    upload = _load(token)
    if _needs_unit(upload):
        return redirect(url_for("transfer.preview", token=token))
    incoming = _read(upload)
    if not isinstance(incoming, Incoming):
        return incoming
    session = get_session()
    unknown = crud.imports.unknown_names(session=session, user_id=_user_id(), incoming=incoming)
    exercises = crud.matching.choosable_exercises(session=session, user_id=_user_id())
    form = ConfirmForm()
    form.setup(unknown, exercises)
    valid = form.validate()
    decisions = form.decisions(unknown, exercises)
    if not valid or decisions is None:
        return _preview_page(upload, incoming, form, 400)
    try:
        result = crud.imports.run_import(
            session=session, user_id=_user_id(), incoming=incoming, decisions=decisions
        )
    except UnresolvedExercises as error:
        flash(f"Nothing was imported: {error}.", "error")
        return _preview_page(upload, incoming, form, 400)
    except IntegrityError:
        # Another request imported some of these workouts meanwhile (a second tab, a double
        # click); this one was rolled back whole.
        flash("Nothing was imported: some of these workouts were imported meanwhile.", "error")
        return _preview_page(upload, incoming, None, 409)
    except ImportFormatError as error:
        uploads.delete_upload(folder=_folder(), user_id=_user_id(), token=token)
        return _file_error(ImportForm(formdata=None, data={"source": upload.source or ""}), error)
    uploads.delete_upload(folder=_folder(), user_id=_user_id(), token=token)
    flash(_summary(result), "success")
    return redirect(url_for("dashboard.index"))


@bp.post("/import/<token>/cancel")
@login_required
def cancel(token: str) -> Response:
    _load(token)
    uploads.delete_upload(folder=_folder(), user_id=_user_id(), token=token)
    flash("The upload was discarded; nothing was imported.", "info")
    return redirect(url_for("transfer.upload"))


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _summary(result: ImportResult) -> Markup:
    """The flash after an import: what was added, and the gaps to look at."""
    text = f"Imported {_plural(result.workouts_added, 'workout')} with "
    text += f"{_plural(result.sets_added, 'set')}."
    if result.duplicate_workouts:
        text += (
            f" {_plural(result.duplicate_workouts, 'workout')} already imported "
            f"{'was' if result.duplicate_workouts == 1 else 'were'} skipped."
        )
    if result.custom_created:
        text += f" New custom exercises: {', '.join(result.custom_created)}."
    extras = [
        _plural(count, word)
        for count, word in (
            (result.breaks_added, "break"),
            (result.training_gaps_added, "training gap"),
            (result.plans_added, "plan"),
        )
        if count
    ]
    if extras:
        text += f" Also added: {', '.join(extras)}."
    if result.shortened:
        text += f" {_plural(result.shortened, 'text')} longer than Regain keeps were shortened."
    message = Markup.escape(text)
    if result.gaps:
        endpoints = current_app.view_functions
        link = url_for("breaks.index") if "breaks.index" in endpoints else "/breaks"
        count = len(result.gaps)
        message += Markup(
            ' {count} long {gaps} like {breaks}: <a href="{link}">review them on the breaks '
            "page</a>."
        ).format(
            count=count,
            gaps="gap looks" if count == 1 else "gaps look",
            breaks="a break" if count == 1 else "breaks",
            link=link,
        )
    return message
