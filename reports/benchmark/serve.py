"""gunicorn serving a corpus folder on 127.0.0.1, with production-like settings, for the load test.

Started as the Dockerfile starts it (`gunicorn archive.wsgi`, sync workers, `--timeout 60`), but bound to
loopback on a free port, with a throwaway secret key and no HTTPS redirect (there is no proxy in front).
"""

import http.client
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from reports.benchmark import isolation

HOST = "127.0.0.1"
START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 30
WORKER_TIMEOUT_S = 60  # as in the Dockerfile


class ServerError(Exception):
    """gunicorn did not start, did not answer, or did not stop cleanly."""


@dataclass(frozen=True)
class Server:
    port: int
    log_path: Path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def server_env(folder: Path) -> dict[str, str]:
    env = isolation.child_env(folder)
    del env[isolation.CHILD_ENV]
    env.update(
        {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "0",
        }
    )
    return env


def get(port: int, path: str, timeout: float) -> int:
    """Status of GET `path`, body read to the end; raises OSError or HTTPException on failure."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def log_tail(log_path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(log_path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def wait_until_ready(process: subprocess.Popen, server: Server) -> None:
    """Return once the home page answers 200; fail if gunicorn exits or START_TIMEOUT_S passes."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"gunicorn exited ({process.returncode}):\n{log_tail(server.log_path)}")
        try:
            if get(server.port, "/", timeout=10) == 200:
                return
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.2)
    raise ServerError(f"gunicorn did not answer within {START_TIMEOUT_S} s:\n{log_tail(server.log_path)}")


def stop(process: subprocess.Popen) -> int:
    """SIGTERM (gunicorn's graceful stop), then SIGKILL if it has not exited in STOP_TIMEOUT_S."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            return process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
    return process.wait()


@contextmanager
def gunicorn(folder: Path, workers: int) -> Iterator[Server]:
    """A ready gunicorn on the corpus in `folder`; stopped on exit, ServerError if it stopped badly."""
    server = Server(free_port(), folder / "gunicorn.log")
    command = [sys.executable, "-m", "gunicorn", "archive.wsgi", "--bind", f"{HOST}:{server.port}"]
    command += ["--workers", str(workers), "--timeout", str(WORKER_TIMEOUT_S)]
    # gunicorn's control socket has one default path per user: a second server would take it over.
    command += ["--no-control-socket"]
    with open(server.log_path, "w") as log:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command, cwd=settings.BASE_DIR, env=server_env(folder), stdout=log, stderr=subprocess.STDOUT
        )
        try:
            wait_until_ready(process, server)
            yield server
        finally:
            returncode = stop(process)
    if returncode != 0:
        raise ServerError(f"gunicorn stopped with exit {returncode}:\n{log_tail(server.log_path)}")
