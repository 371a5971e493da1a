"""The upload store: a file uploaded for import waits here between its preview and the import.

Files, not database rows: ``folder/<user id>/<token>`` holds the bytes and
``<token>.json`` beside it the original file name and the source and unit chosen. The token is
random, and a user only ever reaches their own folder. An upload is removed once imported or
cancelled, and any upload older than ``UPLOAD_MAX_AGE`` is removed by the next ``save_upload``
(``clean_uploads``) or refused by ``load_upload``; deleting the account removes its folder
(``delete_user_uploads``), and user ids are never reused (migration 0006), so a new account
never opens an old one's folder. Folders are 0700 and files 0600 (``tracker.files``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from tracker.files import private_folder, write_private

#: An upload is kept this long for its preview, then removed.
UPLOAD_MAX_AGE = dt.timedelta(days=1)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass(frozen=True)
class Upload:
    token: str
    path: Path
    filename: str
    source: str | None
    unit: str | None
    #: "dmy" or "mdy" once the user said how the file's numeric dates are written.
    date_order: str | None = None

    def data(self) -> bytes:
        return self.path.read_bytes()


def upload_folder(instance_path: str | Path) -> Path:
    """Where uploads wait: ``<instance>/uploads``."""
    return Path(instance_path) / "uploads"


def _user_folder(folder: Path, user_id: int) -> Path:
    return folder / str(int(user_id))


def save_upload(
    *,
    folder: Path,
    user_id: int,
    data: bytes,
    filename: str,
    source: str | None,
    unit: str | None,
) -> Upload:
    """Keep an uploaded file for its preview under ``folder/<user id>/<random token>``."""
    clean_uploads(folder=folder)
    private_folder(folder)
    target = private_folder(_user_folder(folder, user_id))
    token = secrets.token_urlsafe(18)
    path = target / token
    write_private(path, data)
    meta = {"filename": filename[:200], "source": source or None, "unit": unit or None}
    write_private(target / f"{token}.json", json.dumps(meta))
    return Upload(token, path, meta["filename"] or "", meta["source"], meta["unit"])


def load_upload(*, folder: Path, user_id: int, token: str) -> Upload | None:
    """The user's upload called ``token``; None when it is not theirs, expired or unknown."""
    if not _TOKEN.fullmatch(token):
        return None
    path = _user_folder(folder, user_id) / token
    meta_path = path.with_name(f"{token}.json")
    if not path.is_file() or not meta_path.is_file():
        return None
    if time.time() - path.stat().st_mtime > UPLOAD_MAX_AGE.total_seconds():
        delete_upload(folder=folder, user_id=user_id, token=token)
        return None
    meta = json.loads(meta_path.read_text())
    return Upload(
        token,
        path,
        meta.get("filename") or "",
        meta.get("source"),
        meta.get("unit"),
        meta.get("date_order"),
    )


def set_upload_unit(*, folder: Path, user_id: int, token: str, unit: str) -> None:
    set_upload_answers(folder=folder, user_id=user_id, token=token, unit=unit)


def set_upload_answers(
    *,
    folder: Path,
    user_id: int,
    token: str,
    unit: str | None = None,
    date_order: str | None = None,
) -> None:
    """Keep what the user said about the file: its weight unit, its date order."""
    upload = load_upload(folder=folder, user_id=user_id, token=token)
    if upload is None:
        return
    meta_path = upload.path.with_name(f"{token}.json")
    meta = json.loads(meta_path.read_text())
    if unit is not None:
        meta["unit"] = unit
    if date_order is not None:
        meta["date_order"] = date_order
    write_private(meta_path, json.dumps(meta))


def delete_upload(*, folder: Path, user_id: int, token: str) -> None:
    if not _TOKEN.fullmatch(token):
        return
    base = _user_folder(folder, user_id)
    for path in (base / token, base / f"{token}.json"):
        path.unlink(missing_ok=True)


def delete_user_uploads(*, folder: Path, user_id: int) -> int:
    """Remove every upload of the user (their account is being deleted); how many files went."""
    target = _user_folder(folder, user_id)
    if not target.is_dir():
        return 0
    removed = 0
    for path in target.iterdir():
        if path.is_file() or path.is_symlink():
            path.unlink(missing_ok=True)
            removed += 1
    with contextlib.suppress(OSError):  # another request may have put a file there meanwhile
        target.rmdir()
    return removed


def clean_uploads(*, folder: Path, max_age: dt.timedelta = UPLOAD_MAX_AGE) -> int:
    """Remove every user's uploads older than ``max_age``; how many files went."""
    if not folder.is_dir():
        return 0
    limit = time.time() - max_age.total_seconds()
    removed = 0
    for user_folder in folder.iterdir():
        if not user_folder.is_dir():
            continue
        for path in user_folder.iterdir():
            try:
                if path.is_file() and path.stat().st_mtime < limit:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:  # removed meanwhile by another request
                continue
    return removed
