"""Sessions end for real (logout, password change, deletion), a login starts a new one, a
deleted account leaves no files and no id behind, and instance files are private."""

from __future__ import annotations

import io
import stat
from pathlib import Path

from flask import Flask
from sqlmodel import select

from tests.conftest import PASSWORD, Client, new_client
from tests.factories import make_user, session_for
from tracker import uploads
from tracker.models import User

STRONG_CSV = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n"
    "2024-01-02 18:00:00,Legs,1h,Squat (Barbell),1,100,5,0,0,,,\n"
)


def session_cookie(client: Client) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def client_with(app: Flask, cookie: str) -> Client:
    client = new_client(app)
    client.set_cookie("session", cookie, domain="localhost")
    return client


def test_a_cookie_saved_before_logout_opens_nothing(app: Flask, auth_client: Client) -> None:
    saved = session_cookie(auth_client)
    assert client_with(app, saved).get("/settings").status_code == 200
    assert auth_client.post("/logout").status_code == 302
    copy = client_with(app, saved)
    for path in ("/settings", "/export.json", "/breaks"):
        response = copy.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/login")


def test_logout_ends_every_session_of_the_account(
    app: Flask, auth_client: Client, user: User
) -> None:
    elsewhere = new_client(app)
    elsewhere.login(user.email)
    auth_client.post("/logout")
    assert elsewhere.get("/settings").status_code == 302


def test_a_login_starts_a_new_session(app: Flask, client: Client, user: User) -> None:
    with client.session_transaction() as planted:
        planted["csrf_token"] = "planted-by-someone-else"
        planted["anything"] = "else"
    client.login(user.email)
    with client.session_transaction() as fresh:
        assert fresh.get("csrf_token") != "planted-by-someone-else"
        assert "anything" not in fresh


def test_the_old_cookie_dies_with_a_password_change(
    app: Flask, auth_client: Client, user: User
) -> None:
    saved = session_cookie(auth_client)
    new = "a brand new passphrase"
    response = auth_client.post(
        "/settings/password", data={"current": PASSWORD, "password": new, "confirm": new}
    )
    assert response.status_code == 302
    assert auth_client.get("/settings").status_code == 200  # this session goes on
    assert client_with(app, saved).get("/settings").status_code == 302


def test_a_cookie_naming_another_token_or_id_opens_nothing(app: Flask, user: User) -> None:
    from tracker.crud.users import from_session_id

    with session_for(app) as session:
        assert from_session_id(session=session, value=f"{user.id}:{user.session_token}")
        for value in (f"{user.id}:", f"{user.id}:wrong", "x:y", f"{user.id}", "9" * 400 + ":t"):
            assert from_session_id(session=session, value=value) is None


def test_deleting_the_account_deletes_its_uploads_and_its_id(app: Flask) -> None:
    make_user(app, email="first@example.com")
    doomed = make_user(app, email="doomed@example.com")  # the highest id
    client = new_client(app)
    client.login(doomed.email)
    saved = session_cookie(client)
    response = client.post(
        "/import",
        data={"file": (io.BytesIO(STRONG_CSV.encode()), "strong.csv"), "source": "", "unit": "kg"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    preview = response.headers["Location"]
    folder = uploads.upload_folder(app.instance_path) / str(doomed.id)
    assert any(folder.iterdir())
    response = client.post("/settings/delete", data={"password": PASSWORD})
    assert response.status_code == 302
    assert not folder.exists()
    assert client_with(app, saved).get("/settings").status_code == 302
    # The next account gets a new id, and the old upload's address is nobody's.
    successor = make_user(app, email="next@example.com")
    assert successor.id is not None and doomed.id is not None and successor.id > doomed.id
    next_client = new_client(app)
    next_client.login(successor.email)
    assert next_client.get(preview).status_code in (302, 404)
    with session_for(app) as session:
        assert session.exec(select(User).where(User.email == doomed.email)).first() is None


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_instance_files_are_private(app: Flask, auth_client: Client, user: User) -> None:
    instance = Path(app.instance_path)
    auth_client.post(
        "/import",
        data={"file": (io.BytesIO(STRONG_CSV.encode()), "strong.csv"), "source": "", "unit": "kg"},
        content_type="multipart/form-data",
    )
    assert _mode(instance) == 0o700
    folder = uploads.upload_folder(instance)
    assert _mode(folder) == 0o700 and _mode(folder / str(user.id)) == 0o700
    files = list((folder / str(user.id)).iterdir())
    assert files and all(_mode(f) == 0o600 for f in files)
    database = instance / "regain.sqlite3"
    if database.exists():  # the SQLite runs; PostgreSQL keeps its own files
        assert _mode(database) == 0o600
        for suffix in ("-wal", "-shm"):
            extra = database.with_name(database.name + suffix)
            if extra.exists():
                assert _mode(extra) == 0o600


def test_older_instances_are_tightened_at_start(tmp_path: Path) -> None:
    from tracker import create_app

    instance = tmp_path / "instance"
    (instance / "uploads" / "3").mkdir(parents=True)
    instance.chmod(0o755)
    leftover = instance / "uploads" / "3" / "old-upload"
    leftover.write_text("a training log")
    leftover.chmod(0o644)
    (instance / "secret_key").write_text("k" * 64)
    (instance / "secret_key").chmod(0o644)
    app = create_app({"INSTANCE_PATH": str(instance), "TESTING": True})
    app.extensions["engine"].dispose()
    assert _mode(instance) == 0o700
    assert _mode(instance / "uploads" / "3") == 0o700
    assert _mode(leftover) == 0o600 and _mode(instance / "secret_key") == 0o600
    assert _mode(instance / "regain.sqlite3") == 0o600
