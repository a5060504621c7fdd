"""Record what the real `perspective.py` client (PyPI 0.3.4) sends, run against this endpoint.

It builds its client from the discovery document with google-api-python-client and installs a
top-level `perspective` package (conway's name), and imports matplotlib for charts it never
needs here, so it is recorded rather than installed; recorded.json keeps its requests.

    pip install --no-deps --target SITE_DIR perspective.py==0.3.4 pycountry
    python record_perspective_py.py PORT KEY SITE_DIR   # google-api-python-client installed
"""

import json
import sys
import types

sys.path.insert(0, sys.argv[3])
for name in ("matplotlib", "matplotlib.pyplot"):  # only its plotting helpers use it
    sys.modules[name] = types.ModuleType(name)
sys.modules["matplotlib"].pyplot = sys.modules["matplotlib.pyplot"]  # type: ignore[attr-defined]
sys.modules["matplotlib"].set_loglevel = lambda level: None  # type: ignore[attr-defined]

import httplib2  # noqa: E402
from googleapiclient import discovery  # noqa: E402

port, key = sys.argv[1], sys.argv[2]
sent = []
real_request = httplib2.Http.request
real_build = discovery.build


def request(self, uri, method="GET", body=None, headers=None, **kw):  # type: ignore[no-untyped-def]
    sent.append(
        {
            "method": method,
            "uri": uri.replace(key, "KEY"),
            "content_type": (headers or {}).get("content-type"),
            "body": json.loads(body) if body else None,
        }
    )
    return real_request(self, uri, method, body=body, headers=headers, **kw)


def build(*args, **kw):  # type: ignore[no-untyped-def]
    """The discovery URL is hard-coded to Google's host: the one thing changed."""
    kw["discoveryServiceUrl"] = kw["discoveryServiceUrl"].replace(
        "https://commentanalyzer.googleapis.com", f"http://127.0.0.1:{port}"
    )
    return real_build(*args, **kw)


httplib2.Http.request = request
discovery.build = build

from perspective import Attributes, Client  # noqa: E402

client = Client(token=key)
read = [
    client.analyze("You are a pathetic idiot", ["TOXICITY", "INSULT"]),
    client.analyze("You are a pathetic idiot", Attributes.Production, language="en"),
]
print(json.dumps({"sent": sent, "read": read}))
