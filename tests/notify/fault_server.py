"""A local stand-in for Twilio's Messages API that misbehaves on purpose.

Each request takes the next scripted behaviour (then `default`, or a random failure at
`failure_rate`): `ok` (201 with a Message JSON), `500`, `429` (with Retry-After), `hang` (answer
nothing for `hang_seconds`, then close), `accept-hang` (accept the message, then hang: the
provider took it but the sender never learns so), `drop` (close the connection without an answer), `400:CODE`
(a Twilio error such as 21610). Only `ok` answers count as accepted messages, so tests and
benchmarks count deliveries and duplicates from what the "provider" accepted.
"""

from __future__ import annotations

import json
import random
import socket
import threading
import time
import uuid
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Dict, Iterator, List, Optional
from urllib.parse import parse_qs


@dataclass(frozen=True)
class Accepted:
    """A message the fake provider accepted."""

    sid: str
    to: str
    body: str
    at: float


@dataclass
class FaultScript:
    """What the server does next; shared with the handler threads under `lock`."""

    queue: List[str] = field(default_factory=list)
    default: str = "ok"
    failure_rate: float = 0.0
    failures: tuple[str, ...] = ("500", "429", "drop")
    hang_seconds: float = 5.0
    retry_after: str = "1"
    accepted: List[Accepted] = field(default_factory=list)
    seen: List[str] = field(default_factory=list)
    on_request: Optional[Callable[[str], None]] = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    rng: random.Random = field(default_factory=lambda: random.Random(4))

    def next_behaviour(self) -> str:
        with self.lock:
            if self.queue:
                return self.queue.pop(0)
            if self.failure_rate and self.rng.random() < self.failure_rate:
                return self.rng.choice(self.failures)
            return self.default

    def bodies(self) -> List[str]:
        with self.lock:
            return [message.body for message in self.accepted]


class _Handler(BaseHTTPRequestHandler):
    script: FaultScript
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return None

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        form = {key: values[0] for key, values in parse_qs(raw.decode()).items()}
        if len(raw) < length or "To" not in form or "Body" not in form:
            self._close()  # a request cut off by a dying client is never a message
            return
        behaviour = self.script.next_behaviour()
        with self.script.lock:
            self.script.seen.append(behaviour)
        if self.script.on_request is not None:
            self.script.on_request(behaviour)
        if behaviour == "hang":
            time.sleep(self.script.hang_seconds)
            self._close()
        elif behaviour == "accept-hang":
            self._record(form)
            time.sleep(self.script.hang_seconds)
            self._close()
        elif behaviour == "drop":
            self._close()
        elif behaviour == "500":
            self._json(500, {"code": 20500, "message": "Internal Server Error", "status": 500})
        elif behaviour == "429":
            self._json(429, {"code": 20429, "message": "Too Many Requests", "status": 429},
                       {"Retry-After": self.script.retry_after})
        elif behaviour.startswith("400:"):
            code = int(behaviour.split(":", 1)[1])
            self._json(400, {"code": code, "message": "refused", "status": 400})
        else:
            self._accept(form)

    def _record(self, form: Dict[str, str]) -> str:
        sid = "SM" + uuid.uuid4().hex
        with self.script.lock:
            self.script.accepted.append(
                Accepted(sid=sid, to=form.get("To", ""), body=form.get("Body", ""), at=time.time())
            )
        return sid

    def _accept(self, form: Dict[str, str]) -> None:
        sid = self._record(form)
        self._json(201, {"sid": sid, "status": "queued", "to": form.get("To"),
                         "body": form.get("Body"), "num_segments": "1"})

    def _json(self, status: int, payload: Dict[str, object],
              headers: Optional[Dict[str, str]] = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _close(self) -> None:
        self.close_connection = True
        with suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)


@contextmanager
def fault_server(script: Optional[FaultScript] = None) -> Iterator[tuple[str, FaultScript]]:
    """Serve `script` on a free loopback port; yield (base URL, script)."""
    script = script or FaultScript()
    handler = type("Handler", (_Handler,), {"script": script})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", script
    finally:
        server.shutdown()
        server.server_close()
