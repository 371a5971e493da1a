"""The profile, and the token a request is made with."""

from __future__ import annotations

from flask import Blueprint, current_app

from tracker import crud
from tracker.api import rules
from tracker.api.endpoint import caller, endpoint, raw_body
from tracker.api.schemas import Profile, ProfileChanges, ProfileIn, TokenInfo
from tracker.clock import today_in
from tracker.db import get_session
from tracker.models import User
from tracker.projections import cache_for
from tracker.projections.service import training_years_of

bp = Blueprint("profile", __name__)


def profile_of(user: User) -> Profile:
    return Profile(
        email=user.email,
        display_name=user.display_name,
        unit=user.unit,
        birth_year=user.birth_year,
        sex=user.sex,
        training_years=training_years_of(cache_for(current_app.extensions), get_session(), user),
        training_years_set=user.training_years_set,
        timezone=user.timezone,
        gap_days=user.gap_days,
        personal_calibration=user.personal_calibration,
        created_at=user.created_at,
    )


@bp.get("/profile")
@endpoint()
def get_profile() -> Profile:
    """The account's profile.

    ``training_years`` is the number the model uses: the user's own when ``training_years_set``
    is true, otherwise what the start of the log suggests.
    """
    return profile_of(caller().user)


@bp.patch("/profile")
@endpoint(write=True)
def update_profile(json: ProfileChanges) -> Profile:
    """Change the profile: send only the fields to change.

    ``training_years: null`` reads the training years from the log again. The e-mail address
    and the password change on the settings page only.
    """
    user = caller().user
    changes = raw_body()
    current = {
        "display_name": user.display_name,
        "unit": user.unit,
        "birth_year": user.birth_year,
        "sex": user.sex,
        "training_years": user.training_years if user.training_years_set else None,
        "timezone": user.timezone,
        "gap_days": user.gap_days,
        "personal_calibration": user.personal_calibration,
    }
    data = rules.merged(ProfileIn, current, changes)
    rules.birth_year(data.birth_year, today_in(data.timezone))
    values = data.model_dump()
    years = values.pop("training_years")
    values["training_years_set"] = years is not None
    if years is not None:
        values["training_years"] = float(years)
    crud.users.update_profile(session=get_session(), user=user, changes=values)
    return profile_of(user)


@bp.get("/token")
@endpoint()
def get_token() -> TokenInfo:
    """The token this request is made with: its name, scope and when it was last used."""
    token = caller().token
    return TokenInfo(
        name=token.name,
        scope=token.scope,
        hint=token.hint,
        created_at=token.created_at,
        last_used_at=token.last_used_at,
    )
