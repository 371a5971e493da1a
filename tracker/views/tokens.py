"""Personal access tokens for the JSON API (``tracker.api``): make one (shown once), see them,
revoke one. Reached from the settings page."""

from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from tracker import limits
from tracker.crud import tokens as tokens_crud
from tracker.db import get_session
from tracker.forms.tokens import TokenForm
from tracker.models import ApiToken

bp = Blueprint("tokens", __name__)


def _page(form: TokenForm, status: int = 200, new: tuple[ApiToken, str] | None = None) -> Response:
    rows = tokens_crud.list_for_user(session=get_session(), user_id=current_user.id)
    answer = make_response(
        render_template(
            "settings/tokens.html",
            form=form,
            tokens=rows,
            new=new,
            full=len(rows) >= limits.MAX_API_TOKENS,
            limit=limits.MAX_API_TOKENS,
        ),
        status,
    )
    # The page with a new token shows it once: no cache may keep it.
    answer.headers["Cache-Control"] = "no-store"
    return answer


@bp.get("/settings/tokens")
@login_required
def index() -> Response:
    return _page(TokenForm(formdata=None))


@bp.post("/settings/tokens")
@login_required
def create() -> Response:
    form = TokenForm()
    session = get_session()
    valid = form.validate()
    if valid and tokens_crud.name_taken(
        session=session, user_id=current_user.id, name=form.name.data or ""
    ):
        form.name.errors = [*form.name.errors, "You already have a token with this name."]
        valid = False
    if valid and tokens_crud.count(session=session, user_id=current_user.id) >= (
        limits.MAX_API_TOKENS
    ):
        form.name.errors = [*form.name.errors, limits.API_TOKENS.message()]
        valid = False
    if not valid:
        return _page(form, 400)
    row, token = tokens_crud.create(
        session=session, user_id=current_user.id, name=form.name.data or "", scope=form.scope.data
    )
    return _page(TokenForm(formdata=None), 201, new=(row, token))


@bp.post("/settings/tokens/<int:token_id>/revoke")
@login_required
def revoke(token_id: int) -> Response:
    row = tokens_crud.get(session=get_session(), user_id=current_user.id, token_id=token_id)
    if row is None:
        abort(404)
    name = row.name
    tokens_crud.revoke(session=get_session(), row=row)
    flash(f"The token '{name}' is revoked: it opens nothing any more.", "success")
    return redirect(url_for("tokens.index"))
