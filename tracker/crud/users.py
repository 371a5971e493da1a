"""Accounts: create, find, authenticate, update, delete."""

from __future__ import annotations

import hmac

from sqlalchemy import bindparam, func, update
from sqlmodel import Session, col, select
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.models import User, UserBase, new_session_token

#: werkzeug's scrypt; the test suite swaps in a fast method so that it can create many users.
HASH_METHOD = "scrypt"


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=HASH_METHOD)


def normalize_email(email: str) -> str:
    return email.strip().lower()


def get(*, session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def by_email(*, session: Session, email: str) -> User | None:
    statement = select(User).where(func.lower(User.email) == normalize_email(email))
    return session.exec(statement).first()


def create(*, session: Session, profile: UserBase, password: str) -> User:
    """Add a user; the caller has checked that the e-mail is free."""
    data = profile.model_dump()
    data["email"] = normalize_email(profile.email)
    user = User.model_validate({**data, "password_hash": hash_password(password)})
    session.add(user)
    session.commit()
    session.refresh(user)
    return user


def authenticate(*, session: Session, email: str, password: str) -> User | None:
    user = by_email(session=session, email=email)
    if user is None:
        # Hash anyway so a missing account takes as long as a wrong password.
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def check_password(user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password)


def set_password(*, session: Session, user: User, password: str) -> None:
    """Change the password; every session of the account ends (log this one in again)."""
    user.password_hash = hash_password(password)
    user.session_token = new_session_token()
    session.add(user)
    session.commit()


def end_sessions(*, session: Session, user: User) -> None:
    """End every session of the account (logging out): their cookies no longer match."""
    user.session_token = new_session_token()
    session.add(user)
    session.commit()


def update_profile(*, session: Session, user: User, changes: dict[str, object]) -> User:
    for name, value in changes.items():
        setattr(user, name, value)
    session.add(user)
    bump_data_version(session=session, user_id=int(user.id or 0))
    session.commit()
    session.refresh(user)
    return user


def delete(*, session: Session, user: User) -> None:
    """Delete the account; the database cascades to everything the user owns."""
    session.delete(user)
    session.commit()


def bump_data_version(*, session: Session, user_id: int) -> None:
    """Mark the user's training data as changed (cached projections become stale).

    Call inside the transaction that changes the data, before its commit. The database adds
    the 1 (not Python, from a value read earlier): two servers writing for the same user at
    once end two versions up, so no version ever stands for two states of the data.
    """
    session.execute(
        update(User).where(col(User.id) == user_id).values(data_version=col(User.data_version) + 1)
    )


def session_id(user: User) -> str:
    """What a session cookie carries: ``<id>:<session token>``."""
    return f"{user.id}:{user.session_token}"


#: The user by id, built once: every request of a logged-in user starts with it (building the
#: select of ``Session.get`` took a quarter of its time).
_BY_ID = select(User).where(col(User.id) == bindparam("user_id"))


def from_session_id(*, session: Session, value: str) -> User | None:
    """The user a session cookie names, while its token is still the account's."""
    ident, _, token = value.partition(":")
    if not ident.isdecimal() or len(ident) > 18 or not token:
        return None
    user = session.exec(_BY_ID, params={"user_id": int(ident)}).first()
    if user is None or not hmac.compare_digest(user.session_token, token):
        return None
    return user


_DUMMY_HASH = generate_password_hash("regain-timing-equaliser")
