"""Serve the embed demo page as "another site" (issue 13).

    python examples/embed-demo/serve.py       # the page on :8001, thoughtful on :8000
    python examples/embed-demo/serve.py --port 8001 --thoughtful http://127.0.0.1:8000

The page is plain static HTML (`python -m http.server 8001` in this folder serves it as well
when thoughtful runs on port 8000); this script only rewrites the thoughtful address in the
script tag when it runs elsewhere. The browser test (tests/browser/test_embed.py) uses it too.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_THOUGHTFUL = "http://127.0.0.1:8000"
DEFAULT_PAGE_ORIGIN = "http://127.0.0.1:8001"


class DemoHandler(http.server.SimpleHTTPRequestHandler):
    thoughtful = DEFAULT_THOUGHTFUL
    page_origin = DEFAULT_PAGE_ORIGIN

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path in ("/", "/index.html") or path.startswith("/posts/"):
            html = (HERE / "index.html").read_text(encoding="utf-8")
            html = html.replace(DEFAULT_THOUGHTFUL, self.thoughtful)
            html = html.replace(DEFAULT_PAGE_ORIGIN, self.page_origin)
            body = html.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


def make_server(
    *, host: str = "127.0.0.1", port: int = 8001, thoughtful: str = DEFAULT_THOUGHTFUL
) -> http.server.ThreadingHTTPServer:
    handler = type(
        "Handler",
        (DemoHandler,),
        {"thoughtful": thoughtful.rstrip("/"), "page_origin": f"http://{host}:{port}"},
    )
    return http.server.ThreadingHTTPServer(
        (host, port), functools.partial(handler, directory=str(HERE))
    )


def serve_in_background(**kwargs: object) -> http.server.ThreadingHTTPServer:
    server = make_server(**kwargs)  # type: ignore[arg-type]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--thoughtful", default=DEFAULT_THOUGHTFUL)
    args = parser.parse_args()
    server = make_server(host=args.host, port=args.port, thoughtful=args.thoughtful)
    print(f"Embed demo on http://{args.host}:{args.port}/ (thoughtful at {args.thoughtful})")
    server.serve_forever()


if __name__ == "__main__":
    main()
