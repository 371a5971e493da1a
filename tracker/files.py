"""Instance files are private: folders 0700, files 0600, whatever the process's umask.

The database holds password hashes and the uploads hold people's training logs: no other local
user may read them. ``secure_instance`` also tightens what an older version left readable.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_folder(path: Path) -> Path:
    """Make ``path`` (and missing parents) as folders only the owner can open."""
    path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    with contextlib.suppress(PermissionError):
        path.chmod(FOLDER_MODE)
    return path


def write_private(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` as a file only the owner can read (created 0600, never
    readable by others for an instant)."""
    raw = data.encode() if isinstance(data, str) else data
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        view = memoryview(raw)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    finally:
        os.close(fd)


def touch_private(path: Path) -> None:
    """Create ``path`` empty and 0600 if it is missing (before SQLite creates it with the
    umask's mode; SQLite gives its -wal and -shm files the database file's mode)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)


def secure_instance(instance_path: str | Path) -> None:
    """The instance folder 0700 and everything in it owner-only (files 0600, folders 0700)."""
    root = private_folder(Path(instance_path))
    for folder, folders, names in os.walk(root):
        for name in folders:
            with contextlib.suppress(OSError):
                os.chmod(os.path.join(folder, name), FOLDER_MODE, follow_symlinks=False)
        for name in names:
            path = os.path.join(folder, name)
            with contextlib.suppress(OSError):
                if not os.path.islink(path):
                    os.chmod(path, FILE_MODE)
