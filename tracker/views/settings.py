"""The profile, the password and deleting the account."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from tracker import crud, uploads
from tracker.clock import today_in
from tracker.db import get_session
from tracker.forms.auth import DeleteAccountForm, PasswordChangeForm, ProfileForm
from tracker.forms.calibration import CalibrationForm
from tracker.forms.dates import DateStyleForm
from tracker.forms.loading import LoadingForm
from tracker.projections import cache_for
from tracker.projections.calibration import (
    Calibration,
    left_out_lines,
    sentence,
    user_calibration,
)
from tracker.projections.training_status import TrainingStatus, user_training_status

bp = Blueprint("settings", __name__)


def _page(
    profile: ProfileForm | None = None,
    password: PasswordChangeForm | None = None,
    delete: DeleteAccountForm | None = None,
    calibration_form: CalibrationForm | None = None,
    dates_form: DateStyleForm | None = None,
    loading_form: LoadingForm | None = None,
) -> str:
    training = _training_status()
    calibrated = _calibration()
    if profile is None:
        profile = ProfileForm(obj=current_user, today=_today())
        profile.sex.data = current_user.sex or ""
        if not current_user.training_years_set:  # shown as read from the log
            profile.training_years.data = Decimal(str(_shown_years(training)))
    return render_template(
        "settings/index.html",
        profile=profile,
        training=training,
        password_form=password or _password_form(),
        delete_form=delete or DeleteAccountForm(),
        calibration=calibrated,
        calibration_sentence=sentence(calibrated),
        calibration_left_out=left_out_lines(calibrated),
        calibration_form=calibration_form or _calibration_form(),
        dates_form=dates_form or DateStyleForm(obj=current_user),
        loading_form=loading_form or _loading_form(),
    )


def _loading_form() -> LoadingForm:
    form = LoadingForm(formdata=None, unit=current_user.unit)
    form.show(current_user.plate_step_kg, current_user.dumbbell_step_kg)
    return form


def _calibration() -> Calibration:
    """What Regain learnt from the user's past breaks (issue 15)."""
    user = current_user._get_current_object()
    return user_calibration(cache_for(current_app.extensions), get_session(), user, _today())


def _calibration_form() -> CalibrationForm:
    form = CalibrationForm()
    form.use.data = "on" if current_user.personal_calibration else "off"
    return form


def _today() -> dt.date:
    return today_in(current_user.timezone)


def _training_status() -> TrainingStatus:
    """What the start of the user's log suggests about their training years (issue 13)."""
    user = current_user._get_current_object()
    return user_training_status(
        cache_for(current_app.extensions),
        get_session(),
        user_id=int(user.id),
        data_version=int(user.data_version),
        sex=user.sex,
        account=user.created_at,
    )


def _shown_years(status: TrainingStatus) -> float:
    """The training years the form shows when the user has not set them."""
    return float(status.years if status.years is not None else current_user.training_years or 0)


def _password_form() -> PasswordChangeForm:
    return PasswordChangeForm(email_address=current_user.email)


@bp.get("/settings")
@login_required
def index() -> str:
    return _page()


@bp.post("/settings/profile")
@login_required
def profile() -> tuple[str, int] | Response:
    form = ProfileForm(today=_today())
    if not form.validate():
        return _page(profile=form), 400
    years = form.training_years.data or Decimal(0)
    changes: dict[str, object] = {
        "display_name": form.display_name.data or "",
        "unit": form.unit.data,
        "birth_year": form.birth_year.data,
        "sex": form.sex.data or None,
        "training_years": float(years),
        "timezone": form.timezone.data,
        "gap_days": form.gap_days.data,
    }
    # "Read it from my log", or left as shown while not set: from the log; otherwise theirs.
    from_log = request.form.get("training_years_from_log") == "1"
    unchanged = float(years) == _shown_years(_training_status())
    if from_log or (not current_user.training_years_set and unchanged):
        del changes["training_years"]
        changes["training_years_set"] = False
    else:
        changes["training_years_set"] = True
    crud.users.update_profile(session=get_session(), user=current_user, changes=changes)
    flash("Profile saved.", "success")
    return redirect(url_for("settings.index"))


@bp.post("/settings/calibration")
@login_required
def calibration() -> tuple[str, int] | Response:
    form = CalibrationForm()
    if not form.validate():
        return _page(calibration_form=form), 400
    changes: dict[str, object] = {"personal_calibration": form.enabled}
    crud.users.update_profile(session=get_session(), user=current_user, changes=changes)
    flash(
        "Your estimates now use what Regain learnt from your past breaks."
        if form.enabled
        else "Your estimates now use the average lifter's values.",
        "success",
    )
    return redirect(url_for("settings.index") + "#calibration")


@bp.post("/settings/dates")
@login_required
def dates() -> tuple[str, int] | Response:
    form = DateStyleForm()
    if not form.validate():
        return _page(dates_form=form), 400
    changes: dict[str, object] = {"date_order": form.date_order.data, "clock": form.clock.data}
    crud.users.update_profile(session=get_session(), user=current_user, changes=changes)
    flash("Saved: dates and times now read this way everywhere.", "success")
    return redirect(url_for("settings.index") + "#dates")


@bp.post("/settings/loading")
@login_required
def loading_steps() -> tuple[str, int] | Response:
    form = LoadingForm(unit=current_user.unit)
    if not form.validate():
        return _page(loading_form=form), 400
    # update_profile bumps the data version: the comeback plans round to these.
    crud.users.update_profile(session=get_session(), user=current_user, changes=form.values_kg())
    flash("Saved: comeback plans round to these plates and dumbbells.", "success")
    return redirect(url_for("settings.index") + "#loading")


@bp.post("/settings/password")
@login_required
def password() -> tuple[str, int] | Response:
    form = _password_form()
    if not form.validate():
        return _page(password=form), 400
    if not crud.users.check_password(current_user, form.current.data):
        form.current.errors = ["That is not your current password."]
        return _page(password=form), 400
    crud.users.set_password(session=get_session(), user=current_user, password=form.password.data)
    login_user(current_user)  # a new session token: this session goes on, every other ends
    flash("Password changed. Other devices have been logged out.", "success")
    return redirect(url_for("settings.index"))


@bp.post("/settings/delete")
@login_required
def delete() -> tuple[str, int] | Response:
    form = DeleteAccountForm()
    if not form.validate():
        return _page(delete=form), 400
    if not crud.users.check_password(current_user, form.password.data):
        form.password.errors = ["That is not your password. Nothing was deleted."]
        return _page(delete=form), 400
    user = current_user._get_current_object()
    logout_user()
    session.clear()
    crud.users.delete(session=get_session(), user=user)
    uploads.delete_user_uploads(
        folder=uploads.upload_folder(current_app.instance_path), user_id=user.id
    )
    flash("Your account and all its data have been deleted.", "info")
    return redirect(url_for("auth.register"))
