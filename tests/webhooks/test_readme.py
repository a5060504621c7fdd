"""The README's verification example works as written, on real deliveries."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.factories import CommentFactory
from tests.webhooks.conftest import Receiver, endpoint_for
from thoughtful.webhooks import events, sources

README = Path(__file__).resolve().parents[2] / "README.md"


def _example() -> dict[str, Any]:
    section = README.read_text().split("## Webhooks", 1)[1].split("\n## ", 1)[0]
    (code,) = re.findall(r"```python\n(.*?)```", section, re.S)
    namespace: dict[str, Any] = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 (our own README)
    return namespace


@pytest.mark.django_db
def test_the_readme_example_verifies_a_delivery(
    receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    verify = _example()["verify"]
    endpoint = endpoint_for(receiver.url, events.COMMENT_POSTED)
    comment = CommentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        sources.comment_posted(comment.pk)
    (got,) = receiver.received
    payload = verify(endpoint.secret, got.headers, got.body)
    assert payload["type"] == "comment.posted"
    assert payload["data"]["comment"]["id"] == comment.pk
    with pytest.raises(ValueError, match="no valid signature"):
        verify(endpoint.secret, got.headers, got.body + b" ")
    with pytest.raises(ValueError, match="no valid signature"):
        verify("whsec_" + "A" * 32, got.headers, got.body)
    stale = {**got.headers, "webhook-timestamp": str(int(got.headers["webhook-timestamp"]) - 900)}
    with pytest.raises(ValueError, match="timestamp"):
        verify(endpoint.secret, stale, got.body)
