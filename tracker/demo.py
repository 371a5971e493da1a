"""The demo account: realistic history for trying Regain out."""

from __future__ import annotations

from sqlmodel import Session

from tracker import crud
from tracker.models import User, UserBase


def create_demo_user(*, session: Session, email: str, password: str) -> User:
    profile = UserBase(email=email, display_name="Demo lifter", unit="kg", training_years=1.0)
    return crud.users.create(session=session, profile=profile, password=password)
