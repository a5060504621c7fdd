"""HTTPS endpoints: the connection goes to the checked address, and the certificate is still
verified against the URL's host name."""

from __future__ import annotations

import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.factories import CommentFactory
from tests.webhooks.conftest import PORTS, Receiver, endpoint_for, receiver_handler
from thoughtful.webhooks import actions, events, sources, transport
from thoughtful.webhooks.models import Delivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def tls_receiver(tmp_path: Path) -> Iterator[tuple[Receiver, Path]]:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost"),
            *("-addext", "subjectAltName=DNS:localhost"),
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    for port in reversed(PORTS):
        box = Receiver(port=port)
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), receiver_handler(box))
        except OSError:
            continue
        server.socket = context.wrap_socket(server.socket, server_side=True)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield box, cert
        finally:
            server.shutdown()
            server.server_close()
        return
    raise RuntimeError("no free port")


def _deliver(url: str) -> Delivery:
    endpoint_for(url, events.COMMENT_POSTED)
    event = sources.comment_event(CommentFactory().pk)
    assert event is not None
    (delivery_id,) = actions.emit(event)
    delivery = actions.attempt(delivery_id=delivery_id)
    assert delivery is not None
    return delivery


def test_an_untrusted_certificate_is_a_failed_attempt(
    tls_receiver: tuple[Receiver, Path],
) -> None:
    receiver, _cert = tls_receiver
    delivery = _deliver(f"https://localhost:{receiver.port}/hooks")
    assert delivery.status == Delivery.Status.PENDING
    assert "CERTIFICATE_VERIFY_FAILED" in delivery.last_error
    assert receiver.received == []


def test_a_trusted_certificate_delivers_over_https(
    tls_receiver: tuple[Receiver, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    receiver, cert = tls_receiver
    real = ssl.create_default_context

    def trusting(*args: Any, **kwargs: Any) -> ssl.SSLContext:
        return real(cafile=str(cert))

    monkeypatch.setattr(transport.ssl, "create_default_context", trusting)
    delivery = _deliver(f"https://localhost:{receiver.port}/hooks")
    assert delivery.status == Delivery.Status.DELIVERED
    assert receiver.received[0].headers["host"] == f"localhost:{receiver.port}"
