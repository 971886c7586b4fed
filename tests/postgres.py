"""Throwaway PostgreSQL server for the test session."""

from __future__ import annotations

import atexit
import contextlib
import glob
import itertools
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path

import asyncpg

REQUIRE_ENV = "PRAATMAAT_REQUIRE_POSTGRES"
SUPERUSER = "praatmaat"
_RUN_AS = "postgres"
_SERVER_OPTS = (
    "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
    "-c full_page_writes=off -c max_connections=200"
)
_DB_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_counter = itertools.count(1)


class PostgresUnavailable(RuntimeError):
    """PostgreSQL server binaries were not found on this machine."""


def find_bin_dir() -> Path | None:
    """Return the directory holding pg_ctl/initdb/postgres, or None if absent."""
    on_path = shutil.which("pg_ctl")
    if on_path:
        bin_dir = Path(os.path.realpath(on_path)).parent
        if (bin_dir / "initdb").exists() and (bin_dir / "postgres").exists():
            return bin_dir

    def version(path: str) -> tuple[int, ...]:
        return tuple(int(p) for p in re.findall(r"\d+", Path(path).parent.name))

    candidates = [p for p in glob.glob("/usr/lib/postgresql/*/bin") if Path(p, "pg_ctl").exists()]
    return Path(max(candidates, key=version)) if candidates else None


def _free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _quote_ident(name: str) -> str:
    """Quote a PostgreSQL identifier."""
    return '"' + name.replace('"', '""') + '"'


class PostgresServer:
    """A private PostgreSQL cluster in a temp dir, listening on 127.0.0.1 only."""

    def __init__(self, bin_dir: Path | None = None) -> None:
        """Prepare (but do not start) a server using the binaries in bin_dir."""
        found = bin_dir or find_bin_dir()
        if found is None:
            raise PostgresUnavailable(
                "PostgreSQL server binaries not found (no pg_ctl on PATH or in "
                "/usr/lib/postgresql/*/bin); install the 'postgresql' package"
            )
        self.bin_dir = found
        self.port = 0
        self._tmp: Path | None = None
        self._run_as: pwd.struct_passwd | None = None
        self._owner_pid = os.getpid()

    @property
    def data_dir(self) -> Path:
        """Directory of the cluster's data."""
        assert self._tmp is not None, "server not started"
        return self._tmp / "data"

    @property
    def socket_dir(self) -> Path:
        """Directory of the server's Unix socket."""
        assert self._tmp is not None, "server not started"
        return self._tmp / "sock"

    @property
    def log_file(self) -> Path:
        """The server's log file."""
        assert self._tmp is not None, "server not started"
        return self._tmp / "server.log"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a PostgreSQL binary, as the postgres user when we are root."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env.update(LC_ALL="C", LANG="C")
        kwargs: dict[str, object] = {}
        if self._run_as is not None:
            env.update(HOME=str(self._tmp), USER=_RUN_AS, LOGNAME=_RUN_AS)
            kwargs.update(user=self._run_as.pw_uid, group=self._run_as.pw_gid, extra_groups=[])
        return subprocess.run(
            [str(self.bin_dir / args[0]), *args[1:]],
            cwd=self._tmp,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            **kwargs,  # type: ignore[arg-type]
        )

    def _log_tail(self) -> str:
        """Return the last lines of the server log, for error messages."""
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-20:])
        except OSError:
            return ""

    def start(self) -> None:
        """initdb a fresh cluster in a temp dir and start it; clean up on failure."""
        if self._tmp is not None:
            return
        atexit.register(self.stop)
        self._tmp = Path(tempfile.mkdtemp(prefix="praatmaat-pg-"))
        try:
            self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> None:
        """Do the work of start()."""
        assert self._tmp is not None
        self.socket_dir.mkdir()
        if os.geteuid() == 0:
            try:
                self._run_as = pwd.getpwnam(_RUN_AS)
            except KeyError:
                raise RuntimeError(
                    f"running as root but there is no {_RUN_AS!r} user to run PostgreSQL as"
                ) from None
            for path in (self._tmp, self.socket_dir):
                os.chown(path, self._run_as.pw_uid, self._run_as.pw_gid)
        result = self._run(
            "initdb",
            "-D",
            str(self.data_dir),
            "-U",
            SUPERUSER,
            "-A",
            "trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{result.stdout}\n{result.stderr}")
        error = ""
        for _attempt in range(5):
            self.port = _free_port()
            opts = f"-p {self.port} -k {shlex.quote(str(self.socket_dir))} {_SERVER_OPTS}"
            result = self._run(
                "pg_ctl",
                "start",
                "-w",
                "-t",
                "60",
                "-D",
                str(self.data_dir),
                "-l",
                str(self.log_file),
                "-o",
                opts,
            )
            if result.returncode == 0:
                return
            error = f"{result.stdout}\n{result.stderr}\n{self._log_tail()}"
            if "could not bind" not in error and "already in use" not in error:
                break
        raise RuntimeError(f"pg_ctl start failed:\n{error}")

    def stop(self) -> None:
        """Stop the server (if running) and remove its temp dir; safe to call twice."""
        if self._tmp is None or os.getpid() != self._owner_pid:
            return
        try:
            pid_file = self.data_dir / "postmaster.pid"
            if pid_file.exists():
                result = self._run(
                    "pg_ctl", "stop", "-D", str(self.data_dir), "-w", "-t", "30", "-m", "immediate"
                )
                if result.returncode != 0 or pid_file.exists():
                    self._kill(pid_file)
        finally:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
            atexit.unregister(self.stop)

    @staticmethod
    def _kill(pid_file: Path) -> None:
        """SIGKILL the postmaster whose pid is in pid_file, if any."""
        with contextlib.suppress(OSError, ValueError, IndexError):
            os.kill(int(pid_file.read_text().split()[0]), signal.SIGKILL)

    def dsn(self, database: str = "postgres") -> str:
        """Return a plain libpq/asyncpg DSN for database."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def url(self, database: str) -> str:
        """Return a SQLAlchemy asyncpg URL for database."""
        return f"postgresql+asyncpg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    async def create_database(self, name: str | None = None) -> str:
        """Create an empty database (a unique name if none given); return its SQLAlchemy URL."""
        name = name or f"test_{os.getpid()}_{next(_counter)}"
        if not _DB_NAME.fullmatch(name):
            raise ValueError(f"database name must match {_DB_NAME.pattern}: {name!r}")
        conn = await asyncpg.connect(self.dsn())
        try:
            await conn.execute(f"CREATE DATABASE {_quote_ident(name)} TEMPLATE template0")
        finally:
            await conn.close()
        return self.url(name)

    async def drop_database(self, name: str) -> None:
        """Drop a database, disconnecting any sessions still using it."""
        conn = await asyncpg.connect(self.dsn())
        try:
            await conn.execute(f"DROP DATABASE IF EXISTS {_quote_ident(name)} WITH (FORCE)")
        finally:
            await conn.close()
