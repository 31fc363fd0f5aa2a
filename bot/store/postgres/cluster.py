"""A throwaway PostgreSQL cluster in a temporary directory, for the tests and the backend benchmark.

``initdb`` and ``postgres`` come from PATH or ``/usr/lib/postgresql/*/bin``.
The server listens on 127.0.0.1 at a free port, keeps its socket in the
temporary directory, and is stopped and removed by ``stop()``. PostgreSQL
refuses to run as root, so as root the cluster runs as ``nobody``.
TCP connections need the password of ``url()``, so a wrong one can be tested.
"""
from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

__all__ = ["Cluster", "ClusterError", "find_bin_dir"]

USER = "newsdesk"


class ClusterError(RuntimeError):
    """No PostgreSQL server could be started here (the reason is the message)."""


def find_bin_dir() -> Path | None:
    """The directory holding ``initdb`` and ``pg_ctl``: PATH first, then Debian's versioned directories."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0
    )
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self) -> None:
        self.bin_dir = find_bin_dir()
        self.dir: Path | None = None
        self.port = 0
        self.password = secrets.token_hex(12)
        self._run_as: tuple[int, int] | None = None

    def url(self, database: str = "postgres", password: str | None = None) -> str:
        return f"postgresql://{USER}:{password or self.password}@127.0.0.1:{self.port}/{database}"

    def start(self) -> "Cluster":
        if self.bin_dir is None:
            raise ClusterError("no initdb found on PATH or in /usr/lib/postgresql/*/bin")
        self.dir = Path(tempfile.mkdtemp(prefix="newsdesk-pg-"))
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            self._run_as = (nobody.pw_uid, nobody.pw_gid)
            os.chown(self.dir, *self._run_as)
        pwfile = self.dir / "pw"
        pwfile.write_text(self.password + "\n")
        if self._run_as:
            os.chown(pwfile, *self._run_as)
        try:
            self._run(
                "initdb", "-D", str(self.dir / "data"), "-U", USER, "--pwfile", str(pwfile), "-E", "UTF8",
                "--locale", "C", "--auth-local", "trust", "--auth-host", "scram-sha-256", "--no-sync",
            )
            for _ in range(3):
                self.port = _free_port()
                try:
                    self._start_server()
                    return self
                except ClusterError:
                    continue  # the port was taken meanwhile: another one
            raise ClusterError(f"postgres did not start: {self.log_tail()}")
        except BaseException:
            self.stop()
            raise

    def _start_server(self) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.dir}"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        )
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-w", "-t", "60",
                  "-o", options, "start")

    def pause(self) -> None:
        """Stop the server as an outage would (open connections are cut), keeping its data and port."""
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        """Start the paused server again, on the same port with the same data."""
        self._start_server()

    def log_tail(self) -> str:
        log = self.dir / "log" if self.dir else None
        return log.read_text(errors="replace")[-800:] if log and log.exists() else ""

    def create_database(self, name: str) -> str:
        """A new, empty database; its URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return self.url(name)

    def stop(self) -> None:
        if self.dir is None:
            return
        if (self.dir / "data" / "postmaster.pid").exists():
            try:
                self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop")
            except ClusterError:
                pass
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    def _run(self, program: str, *args: str) -> None:
        extra = {"user": self._run_as[0], "group": self._run_as[1], "extra_groups": []} if self._run_as else {}
        try:
            done = subprocess.run(
                [str(self.bin_dir / program), *args], capture_output=True, text=True, timeout=120,
                cwd=self.dir, **extra,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise ClusterError(f"{program} could not run: {exc}") from exc
        if done.returncode != 0:
            raise ClusterError(f"{program} failed: {(done.stderr or done.stdout).strip()[-600:]}")

    def __enter__(self) -> "Cluster":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
