"""Run the production nginx recipe (deploy/nginx/thoughtful.conf) unchanged but for its
addresses and paths, in a scratch folder (issue 12): its CI test and `make bench` use it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from django.conf import settings

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def recipe() -> Path:
    return Path(settings.BASE_DIR) / "deploy" / "nginx" / "thoughtful.conf"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _replace(text: str, old: str, new: str) -> str:
    # Each edit an operator makes must still be possible: fail loudly if the recipe drifted.
    if old not in text:
        raise ValueError(f"the nginx recipe no longer contains {old!r}")
    return text.replace(old, new)


def write_config(
    folder: Path, *, upstream_port: int, listen_port: int, static_root: Path, media_root: Path
) -> Path:
    """Write nginx.conf (a cut-down Debian main file) including the recipe; return its path."""
    site = recipe().read_text()
    site = _replace(site, "/var/cache/nginx/thoughtful", str(folder / "cache"))
    site = _replace(site, "server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};")
    site = _replace(site, "listen 80;", f"listen 127.0.0.1:{listen_port};")
    site = _replace(site, "listen [::]:80;", "")
    site = _replace(site, "/srv/thoughtful/var/static/", f"{static_root}/")
    site = _replace(site, "/srv/thoughtful/var/media/", f"{media_root}/")
    (folder / "thoughtful.conf").write_text(site)
    temps = "".join(
        f"  {kind}_temp_path {folder / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = folder / "nginx.conf"
    conf.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"worker_processes 1;\npid {folder / 'nginx.pid'};\n"
        + "events { worker_connections 1024; }\n"
        + "http {\n  access_log off;\n"
        + temps
        + "  include /etc/nginx/mime.types;\n"
        + f"  include {folder / 'thoughtful.conf'};\n}}\n"
    )
    return conf


def start(conf: Path, *, listen_port: int) -> subprocess.Popen[bytes]:
    """Check the configuration, start nginx in the foreground, wait for its port."""
    if not os.path.exists(NGINX):
        raise RuntimeError("Debian's nginx is needed: apt-get install nginx (see .ci/run)")
    folder = conf.parent
    args = [NGINX, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(conf)]
    # Our own fixed arguments (the nginx binary and files we wrote), never user input.
    check = subprocess.run([*args, "-t"], capture_output=True, text=True)  # noqa: S603
    if check.returncode != 0:
        raise RuntimeError(f"nginx -t failed: {check.stderr}")
    process = subprocess.Popen([*args, "-g", "daemon off;"])  # noqa: S603
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", listen_port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.05)
    process.terminate()
    raise RuntimeError("nginx did not start: " + (folder / "error.log").read_text())
