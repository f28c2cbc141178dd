"""A local fake of DUO's M2M interface over real mutual TLS, bound to 127.0.0.1 only.

It checks every request against DUO's specification (path, method, the
headers bron/doel/berichtId, the body schema) and answers the way the test
asks: accept, refuse with 403 and fouttekst values, never answer (timeout) or
drop the connection after processing. Like DUO it processes a berichtId
once: a retry with the same id gets the first answer again.

The GET endpoints per BSN (asking DUO, issue 19 point 6) answer from
``FakeDuoState.personen``: per BSN, per path template of the specification,
the body DUO would give. A BSN it does not hold gets 404, as does a path the
test left out for a BSN it does hold; a BSN in ``geweigerd`` gets 403 with
those texts. Every answer is itself checked against the response schema of
the specification (strictly: a field the schema does not name is a
violation), so the test data cannot drift from DUO's format.
"""

from __future__ import annotations

import json
import re
import socket
import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from services.duo import spec

BASE = "/v1"  # DUO's basispad: the API's major version (README, Basis pad URI)
APIS = ("PIP", "Inburgeringsaanbod", "MAP_PVT_Zroute", "GevolgdeUren", "Inburgeringsplicht", "Inburgeringstermijn",
        "Vrijstelling", "Ontheffing", "Examen")


@dataclass
class Ontvangen:
    method: str
    path: str
    bericht_id: str
    body: object
    client_subject: str


@dataclass
class FakeDuoState:
    folder: Path
    modes: list[str] = field(default_factory=list)  # consumed one per request; empty: accept
    refusal: tuple[str, ...] = ("De datum dagtekening ligt voor de vestiging van de inburgeraar bij de gemeente.",)
    received: list[Ontvangen] = field(default_factory=list)  # every request that reached the handler
    applied: dict[str, Ontvangen] = field(default_factory=dict)  # berichtId -> what DUO registered (once)
    answers: dict[str, int] = field(default_factory=dict)  # berichtId -> status DUO gave
    violations: list[str] = field(default_factory=list)
    personen: dict[str, dict[str, object]] = field(default_factory=dict)  # BSN -> path template -> DUO's answer (GET)
    geweigerd: dict[str, tuple[str, ...]] = field(default_factory=dict)  # BSN -> DUO's texts with a 403 on any GET
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def operations(self):
        for api in APIS:
            document = spec.load_api(self.folder, api)
            for template, methods in document["paths"].items():
                pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "([^/]+)", re.escape(template)) + "$"
                yield api, template, pattern, methods


def _handler(state: FakeDuoState):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet: nothing of a request reaches the test output
            pass

        def _answer(self, status: int, body: object | None = None) -> None:
            data = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("API-Version", "1.0.0")
            self.send_header("Content-Length", str(len(data)))
            if body is not None:
                self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(data)

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            method = self.command
            if not self.path.startswith(BASE + "/"):
                state.violations.append(f"pad zonder basispad {BASE}: {self.path}")
                return self._answer(404)
            path = self.path[len(BASE):]
            match = None
            for api, template, pattern, methods in state.operations():
                found = re.match(pattern, path)
                if found and method.lower() in methods:
                    match = (api, template, found)
                    break
            if match is None:
                state.violations.append(f"{method} {path}: bestaat niet in de specificatie")
                return self._answer(404)
            api, template, found = match
            operation = spec.operation(state.folder, api, method, template)
            names = re.findall(r"\{([^}]+)\}", template)
            values = dict(zip(names, found.groups()))
            problems = []
            for parameter in operation.parameters:
                where = parameter.get("in")
                value = values.get(parameter["name"]) if where == "path" else self.headers.get(parameter["name"])
                problems += [p.tekst for p in spec.validate_parameter(parameter, value)]
            body = None
            if raw:
                if not (self.headers.get("Content-Type") or "").startswith("application/json"):
                    problems.append("inhoud zonder Content-Type application/json")
                try:
                    body = json.loads(raw)
                except ValueError:
                    problems.append("inhoud is geen JSON")
            if not problems:
                problems += [p.tekst for p in spec.validate_body(state.folder, api, method, template, body)]
            if problems:
                state.violations.append(f"{method} {template}: " + "; ".join(problems))
                return self._answer(400)
            bericht_id = self.headers["berichtId"]
            subject = dict(x[0] for x in self.connection.getpeercert()["subject"]).get("commonName", "")
            received = Ontvangen(method, path, bericht_id, body, subject)
            if method == "GET":
                return self._get(api, template, values.get("bsn"), received)
            with state.lock:
                state.received.append(received)
                mode = state.modes.pop(0) if state.modes else "accept"
                if bericht_id in state.answers:  # a retry: DUO answers what it answered before, registers nothing new
                    status = state.answers[bericht_id]
                    mode = "repeat"
            if mode == "repeat":
                return self._answer(status, [{"fouttekst": t} for t in state.refusal] if status == 403 else None)
            if mode == "timeout":
                state.release.wait()  # never answers within the client's wait; released at teardown
                return
            if mode == "weiger":
                with state.lock:
                    state.answers[bericht_id] = 403
                return self._answer(403, [{"fouttekst": t} for t in state.refusal])
            success = next(int(code) for code in operation.responses if str(code).startswith("2"))
            with state.lock:
                state.applied[bericht_id] = received
                state.answers[bericht_id] = success
            if mode == "drop":  # registered, but the answer never leaves
                return self._drop()
            return self._answer(success)

        def _drop(self) -> None:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

        def _get(self, api: str, template: str, bsn: str | None, received: Ontvangen) -> None:
            """Asking DUO: what `personen` holds for the BSN, checked against the response schema before it leaves."""
            with state.lock:
                state.received.append(received)
                mode = state.modes.pop(0) if state.modes else "accept"
            if mode == "timeout":
                state.release.wait()
                return
            if mode == "drop":
                return self._drop()
            if mode == "weiger" or bsn in state.geweigerd:
                texts = state.geweigerd.get(bsn) or state.refusal
                return self._answer(403, [{"fouttekst": t} for t in texts])
            answers = state.personen.get(bsn)
            if answers is None or template not in answers:
                return self._answer(404)
            body = answers[template]
            problems = spec.validate_response(state.folder, api, "GET", template, 200, body, strict=True)
            if problems:
                state.violations.append(f"antwoord op GET {template}: " + "; ".join(p.tekst for p in problems))
            return self._answer(200, body)

        do_GET = do_POST = do_PUT = do_DELETE = _handle

    return Handler


class FakeDuoServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # a dropped connection is the point of some tests
        pass


def start(state: FakeDuoState, server_context: ssl.SSLContext) -> tuple[FakeDuoServer, threading.Thread]:
    server = FakeDuoServer(("127.0.0.1", 0), _handler(state))
    server.socket = server_context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread
