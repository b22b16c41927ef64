"""A local HTTP receiver on 127.0.0.1 standing in for 企业微信, 钉钉, 政务微信 and an SMS provider: it keeps
every request (path, query, headers, JSON body) and answers what the test sets."""

import json
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    query: dict
    headers: dict
    raw: bytes

    @property
    def body(self) -> dict:
        return json.loads(self.raw)


@dataclass
class Receiver:
    base: str = ""
    requests: list[Received] = field(default_factory=list)
    answers: list[tuple[int, dict]] = field(default_factory=list)  # taken in turn; then 200 {"errcode": 0}


def serving():
    receiver = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            parts = urllib.parse.urlsplit(self.path)
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            query = dict(urllib.parse.parse_qsl(parts.query))
            receiver.requests.append(Received(parts.path, query, dict(self.headers), raw))
            status, answer = receiver.answers.pop(0) if receiver.answers else (200, {"errcode": 0})
            body = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, receiver
