"""A real HTTP receiver on a port of our own (8820-8828), recording what arrives; 8829 is kept
free as the dead endpoint."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.moderation.conftest import make_moderator
from thoughtful.people.models import User
from thoughtful.webhooks.events import EVENT_TYPES
from thoughtful.webhooks.models import Endpoint

PORTS = range(8820, 8829)
DEAD_PORT = 8829


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    port: int
    status: int = 200
    delay: float = 0.0
    location: str = ""
    received: list[Received] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"


def receiver_handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            receiver.received.append(
                Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            )
            if receiver.delay:
                time.sleep(receiver.delay)
            try:
                self.send_response(receiver.status)
                if receiver.location:
                    self.send_header("Location", receiver.location)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the sender gave up waiting (the slow-endpoint tests)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    last: OSError | None = None
    for port in PORTS:
        box = Receiver(port=port)
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), receiver_handler(box))
        except OSError as exc:  # another test process holds it
            last = exc
            continue
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield box
        finally:
            server.shutdown()
            server.server_close()
        return
    raise RuntimeError(f"no free port in 8820-8828: {last}")


@pytest.fixture
def operator(db: None) -> User:
    return User.objects.create_superuser("olive", "olive@example.org", "pw-olive-123456")


def endpoint_for(url: str, *events: str, private: bool = False) -> Endpoint:
    return Endpoint.objects.create(
        url=url, events=list(events or EVENT_TYPES), include_private_text=private
    )


@pytest.fixture
def moderator(db: None) -> User:
    return make_moderator("maya")
