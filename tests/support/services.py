"""Real local services for tests: a fresh PostgreSQL database and a private Redis server.

Nothing is skipped silently: when a service cannot be reached or started the test fails with a
line that says what to install or start.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import psycopg2
import pytest
from sqlalchemy.engine import make_url

POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _postgres_reachable(admin_url: str) -> bool:
    try:
        psycopg2.connect(admin_url, connect_timeout=3).close()
    except psycopg2.OperationalError:
        return False
    return True


def _start_local_postgres() -> None:
    """Start the machine's PostgreSQL cluster the way the machine image does."""
    clusters = Path("/etc/postgresql")
    if not clusters.is_dir() or shutil.which("pg_ctlcluster") is None:
        return
    for version in sorted(path.name for path in clusters.iterdir()):
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
            check=False,
            capture_output=True,
        )


@contextmanager
def postgres_database(admin_url: str = POSTGRES_ADMIN_URL) -> Iterator[str]:
    """Create a throwaway database on the local server, yield its URL, drop it afterwards."""
    if not _postgres_reachable(admin_url):
        _start_local_postgres()
        for _ in range(20):
            if _postgres_reachable(admin_url):
                break
            time.sleep(0.5)
        else:
            pytest.fail(
                f"PostgreSQL is not reachable at {admin_url}; .ci/run installs and starts it"
            )
    name = f"intake_test_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(admin_url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
            )
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


@contextmanager
def redis_server(tmp_dir: Path) -> Iterator[str]:
    """Run a private, non-persistent redis-server on a free port; yield its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed; .ci/run installs it (apt package redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_dir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    """Block until something accepts connections on `port`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on port {port} after {timeout} s")
