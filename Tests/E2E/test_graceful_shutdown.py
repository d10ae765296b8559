"""SIGTERM to each service under wrk load loses no request that was accepted, and the
process exits 0 within its grace period (issue 6; ARCHITECTURE.md: stop accepting, finish
the requests in flight, close WebSockets with 1001, exit 0).

What "accepted" means, and what is asserted:

- A request is accepted once the server has read its head: from then on it must be
  answered in full. `AcceptedRequest` makes one that is provably accepted and still
  unfinished when the signal arrives (its body is held back), and the test completes it
  only after the listener has closed: it must get its whole 200 answer.
- wrk's keep-alive connections always have the next request on the wire. When a draining
  server closes a connection between two requests, the request it had not read yet was
  never accepted: wrk counts it as a read error, at most one per connection (HTTP/1.1's
  keep-alive close race, RFC 9112 §9.6: such requests are the client's to retry). A server
  that dropped accepted requests shows up in the probe above, or as non-2xx answers,
  timeouts, or more read errors than connections.
- After the listener closes, wrk's reconnect attempts are refused. Its non-blocking connect
  reports that on the first write, so wrk counts them as write errors (tens of thousands, as
  fast as it can retry): they are never requests a server accepted, and are not asserted on.
"""
import json
import re
import shutil
import socket
import subprocess
import time
from contextlib import ExitStack
from dataclasses import dataclass

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from e2e_support import USDC, WETH, poll, port_accepts, request, start_backend, start_frontend, start_router

# Kubernetes' default terminationGracePeriodSeconds; the services stop waiting at 25 s.
GRACE_SECONDS = 30
CONNECTIONS = 8
WRK_SECONDS = 4
QUOTE_BODY = json.dumps({"tokenIn": WETH, "tokenOut": USDC, "amount": "1000000000000000000",
                         "type": "exactIn"}).encode()


class AcceptedRequest:
    """A POST /v1/quote the server has read the head of, with its body still to come.

    It is pipelined behind a GET /health in a single write: once the health check's answer
    is back, the server has read the quote's head too (both arrived in one segment and one
    read), and it is waiting for the body, which only `finish` sends.
    """

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        head = (f"POST /v1/quote HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(QUOTE_BODY)}\r\n\r\n").encode()
        self.sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + head + QUOTE_BODY[:20])
        self.buffer = b""
        status, _ = self._response()
        assert status == 200, "the health check pipelined before the held request failed"

    def _response(self):
        while b"\r\n\r\n" not in self.buffer:
            self._receive()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {name.strip().lower(): value.strip() for name, value in (line.split(":", 1) for line in lines[1:])}
        assert "content-length" in headers, f"expected a sized answer, got {headers}"
        length = int(headers["content-length"])
        while len(self.buffer) < length:
            self._receive()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return status, body

    def _receive(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise AssertionError(f"the server closed the connection of an accepted request (had {self.buffer[:200]!r})")
        self.buffer += chunk

    def finish(self):
        self.sock.sendall(QUOTE_BODY[20:])
        try:
            return self._response()
        finally:
            self.sock.close()


@dataclass
class WrkSummary:
    requests: int
    connect: int
    read: int
    write: int
    timeout: int
    non_success: int

    @staticmethod
    def parse(output):
        completed = re.search(r"(\d+) requests in", output)
        assert completed, f"unexpected wrk output:\n{output}"
        errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
        connect_errors, read, write, timeout = map(int, errors.groups()) if errors else (0, 0, 0, 0)
        non_success = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        return WrkSummary(int(completed.group(1)), connect_errors, read, write, timeout,
                          int(non_success.group(1)) if non_success else 0)


def requests_answered(instance):
    """The service's own count of answered HTTP requests (all routes)."""
    try:
        status, body, _ = request(instance.metrics_url, timeout=2)
    except OSError:
        return 0
    if status != 200:
        return 0
    return sum(float(line.rsplit(" ", 1)[1]) for line in body.decode().splitlines()
               if line.startswith("http_requests_total{"))


SERVICES = {
    # The test's own backend: no trades and a block a minute, so that its history costs little.
    "backend": (lambda suite: start_backend(suite, DEVNET_SWAPS_PER_SECOND=0, DEVNET_BLOCK_SECONDS=60), "/health"),
    "router": (start_router, "/health"),
    "frontend": (start_frontend, "/api/health"),
}


@pytest.mark.parametrize("service", list(SERVICES))
def test_sigterm_under_wrk_load_loses_no_accepted_request(suite, service):
    wrk_binary = shutil.which("wrk")
    assert wrk_binary, "wrk is not installed (scripts/install-deps.sh wrk)"
    start, health_path = SERVICES[service]
    instance = start(suite)
    websocket = None
    with ExitStack() as cleanup:
        cleanup.callback(instance.stop)
        instance.wait_ready()
        if service == "backend":
            websocket = cleanup.enter_context(connect(f"ws://127.0.0.1:{instance.ws_port}/ws", open_timeout=10,
                                                      close_timeout=2))
            websocket.send(json.dumps({"op": "subscribe", "channels": ["stats"]}))
            assert json.loads(websocket.recv(timeout=10))["type"] == "subscribed"

        wrk = subprocess.Popen([wrk_binary, "-t2", f"-c{CONNECTIONS}", f"-d{WRK_SECONDS}s", "--timeout", "5s",
                                f"http://127.0.0.1:{instance.port}{health_path}"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        cleanup.callback(stop_process, wrk)
        baseline = requests_answered(instance)
        poll(lambda: requests_answered(instance) >= baseline + 200, timeout=WRK_SECONDS - 1, interval=0.05,
             message="wrk's load reaching the service")
        # The frontend answers a request as soon as it has its head (static files, no
        # request bodies), so none of its requests can be caught accepted and unfinished.
        held = AcceptedRequest(instance.port) if service != "frontend" else None

        instance.terminate()
        signalled = time.monotonic()
        poll(lambda: not port_accepts(instance.port), timeout=GRACE_SECONDS, interval=0.02,
             message="the listener closing after SIGTERM")

        if held is not None:
            status, body = held.finish()
            assert status == 200, f"the request accepted before SIGTERM got {status}: {body[:300]!r}"
            quote = json.loads(body)
            assert int(quote["amountOut"]) > 0 and quote["routes"]

        if websocket is not None:
            with pytest.raises(ConnectionClosed) as closed:
                while True:
                    websocket.recv(timeout=GRACE_SECONDS)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 1001, closed.value

        status = instance.wait_exit(GRACE_SECONDS - (time.monotonic() - signalled))
        assert status == 0, f"{service} exited with {status} after SIGTERM:\n{instance.log_tail()}"

        output, _ = wrk.communicate(timeout=WRK_SECONDS + 30)
        summary = WrkSummary.parse(output)
        print(f"{service}: {summary}")
        assert summary.requests > 0
        assert summary.non_success == 0, f"answers other than 2xx/3xx while draining:\n{output}"
        assert summary.timeout == 0, f"requests left unanswered:\n{output}"
        assert summary.read <= CONNECTIONS, f"more read errors than connections (requests lost mid-answer):\n{output}"


def stop_process(process):
    if process.poll() is None:
        process.kill()
        process.wait()
