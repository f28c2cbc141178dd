"""A real PostgreSQL server for the tests, started from the system's binaries in a temporary directory.

One server per pytest-xdist worker (a session fixture), on a free localhost
port, with password (SCRAM) authentication like a municipality's server;
each test gets its own database. initdb refuses to run as root, so as root
the server runs as the `postgres` (or `nobody`) user with the directory
handed to it. Without binaries the tests that need a server skip on a
developer's machine and fail in CI (CI=true): they never silently skip there.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SUPERUSER = "regie_test"
PASSWORD = "test-wachtwoord-teamdatabase"  # the same for every test role; sent through REGIE_TEAM_PASSWORD


def find_bindir() -> Path | None:
    """The directory with initdb and pg_ctl: pg_config's bindir, else /usr/lib/postgresql/<newest>/bin."""
    candidates = []
    if pg_config := shutil.which("pg_config"):
        try:
            candidates.append(subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=True).stdout.strip())
        except (OSError, subprocess.CalledProcessError):
            pass
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True)
    for candidate in candidates:
        if (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run_as() -> str | None:
    """The user to run the server as when we are root (initdb refuses root)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None
    import pwd

    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("geen gebruiker om PostgreSQL als niet-root te starten (postgres of nobody)")


@dataclass
class PgServer:
    bindir: Path
    root: Path
    port: int = field(default_factory=_free_port)
    user: str | None = field(default_factory=_run_as)

    @property
    def data(self) -> Path:
        return self.root / "data"

    def _run(self, *args: str) -> None:
        result = subprocess.run([str(self.bindir / args[0]), *args[1:]], capture_output=True, text=True, user=self.user,
                                cwd=self.root)
        if result.returncode != 0:
            raise RuntimeError(f"{args[0]} faalde: {result.stderr[-2000:]}{result.stdout[-2000:]}")

    def start(self) -> None:
        if self.user is not None:
            import pwd

            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        os.chmod(self.root, 0o700)
        pwfile = self.root / "pw"
        pwfile.write_text(PASSWORD + "\n")
        if self.user is not None:
            os.chown(pwfile, entry.pw_uid, entry.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, f"--pwfile={pwfile}", "--auth=scram-sha-256",
                  "-E", "UTF8", "--no-sync")
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.root} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-t", "60", "-o", options, "start")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres", *, user: str = SUPERUSER, password: bool = True) -> str:
        secret = f":{PASSWORD}" if password else ""
        return f"postgresql+psycopg://{user}{secret}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new, empty database for one test."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url().replace("postgresql+psycopg", "postgresql"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return name


def unavailable(reason: str):
    """Skip on a developer's machine without PostgreSQL; fail in CI, where the server must be there."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"PostgreSQL is nodig voor deze test maar {reason}; installeer het (apt-get install -y postgresql).",
                    pytrace=False)
    pytest.skip(f"PostgreSQL niet beschikbaar: {reason}")


@pytest.fixture(scope="session")
def pg_server():
    """One real PostgreSQL server per test worker, stopped at the end."""
    if os.name != "posix":
        unavailable("deze testopstelling start de server alleen op Linux en macOS")
    bindir = find_bindir()
    if bindir is None:
        unavailable("initdb en pg_ctl zijn niet gevonden (pg_config --bindir, /usr/lib/postgresql/*/bin)")
    root = Path(tempfile.mkdtemp(prefix="regie-pg-"))  # not under pytest's tmp (owner-only for root)
    server = PgServer(bindir=bindir, root=root)
    try:
        server.start()
    except Exception as exc:
        shutil.rmtree(root, ignore_errors=True)
        unavailable(f"de server start niet: {exc}")
    yield server
    server.stop()


@pytest.fixture
def pg_database(pg_server, monkeypatch):
    """A fresh database on the test server; (server, name). Role passwords come from REGIE_TEAM_PASSWORD."""
    monkeypatch.setenv("REGIE_TEAM_PASSWORD", PASSWORD)
    return pg_server, pg_server.create_database()
