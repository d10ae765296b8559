"""What the end-to-end tests share: where the suite runs (from scripts/test-e2e.sh's
environment), JSON over HTTP, polling with deadlines, and service instances of their own."""
import json
import os
import pathlib
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

WETH = "0x4200000000000000000000000000000000000006"
USDC = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"

# How long a WebSocket client waits for the server's answer to its close frame: not the
# library's 10 s, since the backend sometimes leaves a close unanswered when the client
# closes in the middle of a burst of events, and a test would wait that out.
CLOSE_TIMEOUT = 1

REPO = pathlib.Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Suite:
    backend: str
    backend_ws: str
    backend_metrics: str
    router: str
    router_metrics: str
    frontend: str
    frontend_metrics: str
    block_seconds: int
    bin_dir: pathlib.Path
    frontend_root: pathlib.Path
    work_dir: pathlib.Path

    @staticmethod
    def from_environment():
        env = os.environ
        missing = [name for name in ("BACKEND_URL", "BACKEND_WS_URL", "ROUTER_URL", "FRONTEND_URL") if name not in env]
        if missing:
            raise RuntimeError(f"{', '.join(missing)} not set: run the end-to-end tests through scripts/test-e2e.sh")
        work_dir = pathlib.Path(env.get("E2E_WORK_DIR", "/tmp"))
        work_dir.mkdir(parents=True, exist_ok=True)
        return Suite(
            backend=env["BACKEND_URL"].rstrip("/"),
            backend_ws=env["BACKEND_WS_URL"],
            backend_metrics=env["BACKEND_METRICS_URL"],
            router=env["ROUTER_URL"].rstrip("/"),
            router_metrics=env["ROUTER_METRICS_URL"],
            frontend=env["FRONTEND_URL"].rstrip("/"),
            frontend_metrics=env["FRONTEND_METRICS_URL"],
            block_seconds=int(env.get("DEVNET_BLOCK_SECONDS", "2")),
            bin_dir=pathlib.Path(env["BASEBOOK_BIN_DIR"]),
            frontend_root=pathlib.Path(env.get("FRONTEND_ROOT", REPO / "Frontend")),
            work_dir=work_dir,
        )


class HTTPFailure(AssertionError):
    pass


def request(url, method="GET", body=None, timeout=10):
    """(status, body bytes, headers) for any status; raises only when nothing answers."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json"} if data is not None else {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def get_json(url, **query):
    if query:
        url += ("&" if "?" in url else "?") + urllib.parse.urlencode(query)
    status, body, _ = request(url)
    if status != 200:
        raise HTTPFailure(f"GET {url} answered {status}: {body[:500]!r}")
    return json.loads(body)


def text(url):
    status, body, _ = request(url)
    if status != 200:
        raise HTTPFailure(f"GET {url} answered {status}")
    return body.decode()


def poll(condition, timeout, interval=0.05, message="condition"):
    """Calls condition() until it returns something truthy; returns that, or fails at the deadline."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        last = condition()
        if last:
            return last
        if time.monotonic() >= deadline:
            raise AssertionError(f"{message}: not met within {timeout:.0f}s (last: {last!r})")
        time.sleep(interval)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_accepts(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


class ServiceInstance:
    """One service process of a test's own, on free ports, with its log in the work dir."""

    def __init__(self, suite, name, argv, env, ready_path, port, extra_ports=(), metrics_port=None):
        self.name = name
        self.port = port
        self.metrics_url = f"http://127.0.0.1:{metrics_port or port}/metrics"
        self.ports = (port, *extra_ports)
        self.ready_url = f"http://127.0.0.1:{port}{ready_path}"
        self.log_path = suite.work_dir / f"{name}-{port}.log"
        self._log = open(self.log_path, "wb")
        full_env = {key: value for key, value in os.environ.items() if key in ("PATH", "HOME", "LANG", "TZ")}
        full_env.update({key: str(value) for key, value in env.items()})
        self.process = subprocess.Popen(argv, env=full_env, stdout=self._log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL)
        # scripts/test-e2e.sh stops what an interrupted run left behind by these files.
        (suite.work_dir / f"{name}-{port}.pid").write_text(f"{self.process.pid}\n")
        self._pid_file = suite.work_dir / f"{name}-{port}.pid"

    def wait_ready(self, timeout=120):
        def ready():
            if self.process.poll() is not None:
                raise AssertionError(f"{self.name} exited with {self.process.returncode} while starting:\n{self.log_tail()}")
            try:
                return request(self.ready_url, timeout=2)[0] == 200
            except OSError:
                return False
        poll(ready, timeout, interval=0.1, message=f"{self.name} ready at {self.ready_url}")
        return self

    def terminate(self):
        self.process.send_signal(signal.SIGTERM)

    def wait_exit(self, timeout):
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"{self.name} still running {timeout}s after SIGTERM:\n{self.log_tail()}")

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._log.close()
        self._pid_file.unlink(missing_ok=True)

    def log_tail(self, lines=30):
        self._log.flush()
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def start_backend(suite, **env):
    port, ws_port, metrics_port = free_port(), free_port(), free_port()
    settings = {"PORT": port, "WS_PORT": ws_port, "METRICS_PORT": metrics_port, "HOST": "127.0.0.1",
                "INDEXER": "devnet", "DEVNET_HISTORY_HOURS": 0, "ROUTER_URL": suite.router,
                "RATE_LIMIT_PER_MINUTE": 1_000_000, "RATE_LIMIT_BURST": 100_000}
    settings.update(env)
    instance = ServiceInstance(suite, "api", [str(suite.bin_dir / "basebook-api"), "serve"], settings,
                               "/ready", port, (ws_port, metrics_port), metrics_port)
    instance.ws_port = ws_port
    return instance


def start_router(suite):
    port, metrics_port = free_port(), free_port()
    return ServiceInstance(suite, "router",
                           [str(suite.bin_dir / "basebook-router"), "serve", "--backend-url", suite.backend],
                           {"PORT": port, "METRICS_PORT": metrics_port, "HOST": "127.0.0.1"}, "/ready", port,
                           (metrics_port,), metrics_port)


def start_frontend(suite):
    port = free_port()
    return ServiceInstance(suite, "frontend", [str(suite.bin_dir / "basebook-frontend"), "serve"],
                           {"PORT": port, "HOST": "127.0.0.1", "FRONTEND_ROOT": suite.frontend_root,
                            "API_URL": suite.backend, "WS_URL": suite.backend_ws}, "/api/health", port)
