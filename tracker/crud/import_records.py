"""An import's record: what it added and its report, kept for the import's page and the
report download; and the gaps that page records as breaks."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from tracker.crud import users as users_crud
from tracker.crud.matching import How
from tracker.models import Break, ImportRecord, utcnow


@dataclass(frozen=True)
class ReportEntry:
    """What one exercise name of the file became (one row of the import report)."""

    name: str
    sets: int
    exercise: str | None
    exercise_id: int | None
    custom: bool
    kind: str
    primary: tuple[str, ...]
    secondary: tuple[str, ...]
    how: How

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "sets": self.sets,
            "exercise": self.exercise,
            "custom": self.custom,
            "kind": self.kind,
            "primary": list(self.primary),
            "secondary": list(self.secondary),
            "how": self.how,
        }


def report_document(report: Sequence[ReportEntry], warnings: Sequence[str] = ()) -> dict[str, Any]:
    """The import report as JSON: ``{"exercises": [...], "warnings": [...]}``."""
    return {
        "exercises": [entry.as_json() for entry in report],
        "warnings": list(warnings),
    }


def get_record(*, session: Session, user_id: int, record_id: int) -> ImportRecord | None:
    """The user's import record ``record_id``, or None (also when it is someone else's)."""
    record = session.get(ImportRecord, record_id)
    if record is None or record.user_id != user_id:
        return None
    return record


def records(*, session: Session, user_id: int, limit: int = 50) -> list[ImportRecord]:
    """The user's imports, newest first."""
    return list(
        session.exec(
            select(ImportRecord)
            .where(ImportRecord.user_id == user_id)
            .order_by(ImportRecord.id.desc())  # type: ignore[union-attr]
            .limit(limit)
        ).all()
    )


def record_report(record: ImportRecord) -> list[ReportEntry]:
    """The report kept with a record, read back."""
    raw = json.loads(record.report or "{}")
    items = raw.get("exercises", [])
    ids = raw.get("exercise_ids") or [None] * len(items)
    return [
        ReportEntry(
            name=item["name"],
            sets=item["sets"],
            exercise=item["exercise"],
            exercise_id=exercise_id,
            custom=item["custom"],
            kind=item["kind"],
            primary=tuple(item["primary"]),
            secondary=tuple(item["secondary"]),
            how=item["how"],
        )
        for item, exercise_id in zip(items, ids, strict=True)
    ]


def record_document(record: ImportRecord) -> dict[str, Any]:
    """The report to download: what each name became, and the file's warnings."""
    raw = json.loads(record.report or "{}")
    return {"exercises": raw.get("exercises", []), "warnings": raw.get("warnings", [])}


def record_warnings(record: ImportRecord) -> list[str]:
    return list(json.loads(record.report or "{}").get("warnings", []))


def record_extras(record: ImportRecord) -> dict[str, int]:
    """What the import added besides workouts (custom exercises, breaks...), by noun."""
    also = json.loads(record.report or "{}").get("also", {})
    return {noun: int(number) for noun, number in also.items() if number}


def record_gaps_as_breaks(
    *, session: Session, user_id: int, gaps: Sequence[tuple[dt.date, dt.date, str]]
) -> int:
    """Record gaps (first day, last day, reason) as rest breaks, in one transaction; the caller
    has checked they are open gaps of the user's history (so no break overlaps them)."""
    now = utcnow()
    for start, end, reason in gaps:
        session.add(
            Break(
                user_id=user_id,
                start_date=start,
                end_date=end,
                reason=reason,
                mode="rest",
                created_at=now,
            )
        )
    users_crud.bump_data_version(session=session, user_id=user_id)
    session.commit()
    return len(gaps)
