"""Record what the real `perspectiveapi` client (PyPI 1.1.0) sends, run against this endpoint.

It installs a top-level `perspective` package, as conway's `perspective` does, so it cannot
share the test environment; recorded.json keeps its requests for the tests to replay.

    pip install --target SITE_DIR perspectiveapi==1.1.0 httpx
    python record_perspectiveapi.py PORT KEY SITE_DIR   # a thoughtful server on 127.0.0.1:PORT
"""

import json
import sys

sys.path.insert(0, sys.argv[3])

import httpx
from perspective import Attribute
from perspective.blocking import Perspective

port, key = int(sys.argv[1]), sys.argv[2]
sent = []


def redirect(request: httpx.Request) -> None:
    """Record the request, then send it here instead of Google's host (hard-coded)."""
    sent.append(
        {
            "method": request.method,
            "path": request.url.path,
            "query": sorted(dict(request.url.params)),
            "content_type": request.headers.get("content-type"),
            "body": json.loads(request.content),
        }
    )
    request.url = request.url.copy_with(scheme="http", host="127.0.0.1", port=port)
    request.headers["host"] = f"127.0.0.1:{port}"


client = Perspective(key)
client._Perspective__client = httpx.Client(event_hooks={"request": [redirect]})
wanted = [Attribute.TOXICITY, Attribute.INSULT, Attribute.SEVERE_TOXICITY]
score = client.score("You are a pathetic idiot", wanted)
read = {a.name: getattr(score, a.name.lower()) for a in wanted}
print(json.dumps({"sent": sent, "read": read}))
