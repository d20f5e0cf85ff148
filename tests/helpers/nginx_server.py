"""A real nginx (Debian's nginx-light) serving a built site on loopback and writing the
default combined access log, started by scripts/nginx-up.sh (which installs it as root).

Outside CI a machine without nginx and without root skips loudly; in CI it fails.
"""
from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "nginx-up.sh"


def require_nginx() -> None:
    if subprocess.run([str(SCRIPT), "--installed"]).returncode == 0:
        return
    if os.geteuid() == 0 and subprocess.run([str(SCRIPT), "--install"]).returncode == 0:
        return
    message = ("nginx absent : les tests de « kb usage » sur un vrai serveur n'ont PAS été exécutés. "
               "Installez-le avec « scripts/nginx-up.sh --install » (root).")
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def nginx(site: Path, run_dir: Path) -> Iterator[tuple[str, Path]]:
    """Yields the origin and the access log's path; stops nginx afterwards."""
    require_nginx()
    port = free_port()
    started = subprocess.run([str(SCRIPT), str(site), str(run_dir), str(port)], capture_output=True, text=True)
    assert started.returncode == 0, started.stderr
    try:
        yield f"http://127.0.0.1:{port}", run_dir / "logs" / "access.log"
    finally:
        subprocess.run([str(SCRIPT), "--stop", str(run_dir)], check=False)
