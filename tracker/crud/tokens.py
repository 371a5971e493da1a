"""Personal access tokens for the JSON API: create, list, find by the token itself, revoke.

A token is ``rg_`` and 43 random URL-safe characters (256 bits). The database keeps only its
SHA-256 digest: a token is as long and random as a key, so a fast digest is as safe as a
password hash would be, and lets a request find its token with one indexed lookup. The user
sees the token once, when it is made. Tokens are not training data: making, using or revoking
one leaves the data version alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import func
from sqlmodel import Session, col, select

from tracker import limits
from tracker.models import API_SCOPES, ApiToken, utcnow

PREFIX = "rg_"
#: Characters of the token kept in clear (the prefix and a few more) to tell tokens apart.
HINT_LENGTH = len(PREFIX) + 6
#: ``last_used_at`` is written at most this often (not one write per request).
USE_RESOLUTION = dt.timedelta(minutes=1)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def count(*, session: Session, user_id: int) -> int:
    statement = select(func.count()).select_from(ApiToken).where(ApiToken.user_id == user_id)
    return int(session.exec(statement).one())


def create(*, session: Session, user_id: int, name: str, scope: str) -> tuple[ApiToken, str]:
    """Make a token; returns its row and the token itself (shown once, never stored).
    ``limits.LimitReached`` (nothing written) when the account holds its most tokens."""
    if scope not in API_SCOPES:
        raise ValueError(f"unknown scope {scope!r}")
    limits.check_room(limits.API_TOKENS, count(session=session, user_id=user_id))
    token = new_token()
    row = ApiToken(
        user_id=user_id, name=name, scope=scope, token_hash=digest(token), hint=token[:HINT_LENGTH]
    )
    session.add(row)
    session.commit()
    session.refresh(row)
    return row, token


def list_for_user(*, session: Session, user_id: int) -> list[ApiToken]:
    """The user's tokens, newest first."""
    statement = (
        select(ApiToken)
        .where(ApiToken.user_id == user_id)
        .order_by(col(ApiToken.created_at).desc(), col(ApiToken.id).desc())
    )
    return list(session.exec(statement))


def get(*, session: Session, user_id: int, token_id: int) -> ApiToken | None:
    """The user's token, or None when it does not exist or belongs to someone else."""
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != user_id:
        return None
    return row


def name_taken(*, session: Session, user_id: int, name: str) -> bool:
    wanted = name.strip().casefold()
    return any(
        row.name.strip().casefold() == wanted
        for row in list_for_user(session=session, user_id=user_id)
    )


def find(*, session: Session, token: str) -> ApiToken | None:
    """The token row for a token as sent (None: unknown or revoked)."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    return session.exec(select(ApiToken).where(ApiToken.token_hash == digest(token))).first()


def mark_used(*, session: Session, row: ApiToken, now: dt.datetime | None = None) -> None:
    """Remember when the token was last used (at most one write a minute)."""
    moment = now or utcnow()
    if row.last_used_at is not None and moment - row.last_used_at < USE_RESOLUTION:
        return
    row.last_used_at = moment
    session.add(row)
    session.commit()


def revoke(*, session: Session, row: ApiToken) -> None:
    """Revoke a token: its row goes, so the token opens nothing from the next request on."""
    session.delete(row)
    session.commit()
