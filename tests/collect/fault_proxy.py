"""A fault-injecting HTTP proxy between the collector and moto or the CodeArtifact fake.

Loopback only (it listens on 127.0.0.1 and forwards only to a loopback upstream), and bounded:
each upstream call times out after `timeout` seconds and after `max_requests` requests every
answer is a 503, so a collector that loops cannot keep a test running.
"""

from __future__ import annotations

import http.client
import random
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlparse

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass
class Answer:
    """An HTTP answer as the proxy passes it on."""

    status: int
    headers: dict[str, str]
    body: bytes


Action = Callable[[Answer], Answer]


@dataclass
class Rule:
    """Rewrite the answer to requests whose method, path, target header or body holds `match`."""

    match: str
    action: Action
    times: int = -1  # -1: always
    hits: int = 0


def html(_: Answer) -> Answer:
    """What a corporate proxy or captive portal sends: a 200 HTML page."""
    return Answer(200, {"Content-Type": "text/html"}, b"<html><body>Gateway says hi</body></html>")


def truncated(answer: Answer) -> Answer:
    """The upstream answer cut in half (a connection reset mid-body, kept as a 200)."""
    return Answer(200, answer.headers, answer.body[: len(answer.body) // 2])


def empty(answer: Answer) -> Answer:
    """A 200 with no body at all."""
    return Answer(200, answer.headers, b"")


def throttled_json(_: Answer) -> Answer:
    """CodeArtifact's throttling answer (rest-json)."""
    headers = {"Content-Type": "application/json", "x-amzn-ErrorType": "ThrottlingException"}
    return Answer(429, headers, b'{"message": "Rate exceeded"}')


def sometimes(action: Action, share: float, seed: int = 15) -> Action:
    """`action` on a `share` of the answers, the others passed on; seeded, so a run repeats."""
    chance = random.Random(seed)
    return lambda answer: action(answer) if chance.random() < share else answer


def iam_error(code: str, status: int = 403) -> Action:
    """An IAM (query protocol) error answer."""
    body = (
        f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code>"
        f"<Message>fault proxy: {code}</Message></Error><RequestId>r1</RequestId></ErrorResponse>"
    ).encode()
    return lambda _: Answer(status, {"Content-Type": "text/xml"}, body)


def _xml(answer: Answer, edit: Callable[[ET.Element, str], None]) -> Answer:
    root = ET.fromstring(answer.body)
    namespace = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    edit(root, namespace)
    return Answer(answer.status, answer.headers, ET.tostring(root))


def truncated_without_marker(answer: Answer) -> Answer:
    """A GetAccountAuthorizationDetails page that says more follow but gives no Marker."""

    def edit(root: ET.Element, ns: str) -> None:
        for flag in root.iter(f"{ns}IsTruncated"):
            flag.text = "true"
        for parent in root.iter():
            for marker in parent.findall(f"{ns}Marker"):
                parent.remove(marker)

    return _xml(answer, edit)


def without_policy(arn: str) -> Action:
    """A GetAccountAuthorizationDetails page whose Policies list lacks `arn` (the policy was
    attached while the pages were read)."""

    def edit(root: ET.Element, ns: str) -> None:
        for policies in root.iter(f"{ns}Policies"):
            for member in policies.findall(f"{ns}member"):
                if member.findtext(f"{ns}Arn") == arn:
                    policies.remove(member)

    return lambda answer: _xml(answer, edit)


class FaultProxy:
    """The proxy; add `Rule`s to `rules`, point an `AWS_ENDPOINT_URL_*` at `url`."""

    def __init__(self, upstream: str, *, max_requests: int = 500, timeout: float = 5.0) -> None:
        target = urlparse(upstream)
        if target.hostname not in LOOPBACK:
            raise ValueError(f"the fault proxy forwards to loopback only, not {upstream}")
        self.upstream = (target.hostname, target.port or 80)
        self.max_requests = max_requests
        self.timeout = timeout
        self.rules: list[Rule] = []
        self.requests: list[str] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> FaultProxy:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _rule(self, request: str) -> Rule | None:
        with self.lock:
            self.requests.append(request)
            for rule in self.rules:
                if rule.times != 0 and rule.match in request:
                    rule.times -= rule.times > 0
                    rule.hits += 1
                    return rule
        return None

    def forward(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Answer:
        if len(self.requests) > self.max_requests:
            return Answer(503, {"Content-Type": "text/plain"}, b"fault proxy: request budget spent")
        connection = http.client.HTTPConnection(*self.upstream, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            kept = {k: v for k, v in response.getheaders() if k.lower() not in _HOP_HEADERS}
            return Answer(response.status, kept, response.read())
        finally:
            connection.close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_HEADERS}
                target = self.headers.get("X-Amz-Target", "")
                request = f"{self.command} {self.path} {target} {body.decode('utf-8', 'replace')}"
                rule = proxy._rule(request)
                answer = proxy.forward(self.command, self.path, headers, body)
                if rule is not None:
                    answer = rule.action(answer)
                self.send_response(answer.status)
                for key, value in answer.headers.items():
                    if key.lower() != "content-length":
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            do_GET = do_POST = _serve

        return Handler


_HOP_HEADERS = frozenset({"connection", "keep-alive", "transfer-encoding", "content-length"})
