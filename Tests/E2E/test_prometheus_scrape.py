"""A real Prometheus (Debian's) scrapes the three services' metrics endpoints, and each
endpoint's text passes `promtool check metrics` (issues 4 and 6)."""
import json
import shutil
import subprocess
import urllib.parse
from urllib.parse import urlsplit

import pytest

from e2e_support import free_port, get_json, poll, request, text


def targets(suite):
    return {"backend": suite.backend_metrics, "router": suite.router_metrics, "frontend": suite.frontend_metrics}


@pytest.mark.parametrize("job", ["backend", "router", "frontend"])
def test_metrics_text_passes_promtool(suite, job):
    promtool = shutil.which("promtool")
    assert promtool, "promtool (Debian's prometheus package) is not installed"
    body = text(targets(suite)[job])
    assert "# HELP" in body and "# TYPE" in body
    checked = subprocess.run([promtool, "check", "metrics"], input=body, capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0 and not checked.stdout.strip() and not checked.stderr.strip(), \
        f"promtool check metrics on {job}:\n{checked.stdout}{checked.stderr}"


@pytest.fixture
def prometheus(suite):
    binary = shutil.which("prometheus")
    assert binary, "prometheus (Debian's package) is not installed"
    home = suite.work_dir / "prometheus"
    home.mkdir(exist_ok=True)
    jobs = []
    for job, url in targets(suite).items():
        parts = urlsplit(url)
        jobs.append({"job_name": job, "metrics_path": parts.path,
                     "static_configs": [{"targets": [parts.netloc]}]})
    config = {"global": {"scrape_interval": "1s", "scrape_timeout": "1s", "evaluation_interval": "1s"},
              "scrape_configs": jobs}
    # JSON is YAML: no YAML writer needed.
    (home / "prometheus.yml").write_text(json.dumps(config))
    port = free_port()
    log = open(home / "prometheus.log", "wb")
    process = subprocess.Popen([binary, f"--config.file={home / 'prometheus.yml'}",
                                f"--storage.tsdb.path={home / 'data'}", f"--web.listen-address=127.0.0.1:{port}"],
                               stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    (suite.work_dir / f"prometheus-{port}.pid").write_text(f"{process.pid}\n")
    url = f"http://127.0.0.1:{port}"

    def ready():
        assert process.poll() is None, (home / "prometheus.log").read_text(errors="replace")[-3000:]
        try:
            return request(url + "/-/ready", timeout=2)[0] == 200
        except OSError:
            return False

    try:
        poll(ready, timeout=60, interval=0.1, message="prometheus ready")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        (suite.work_dir / f"prometheus-{port}.pid").unlink(missing_ok=True)


def query(prometheus, promql):
    answer = get_json(prometheus + "/api/v1/query?" + urllib.parse.urlencode({"query": promql}))
    assert answer["status"] == "success", answer
    return answer["data"]["result"]


def test_prometheus_scrapes_all_three_services_and_up_is_1(suite, prometheus):
    def all_scraped():
        up = {sample["metric"]["job"]: sample["value"][1] for sample in query(prometheus, "up")}
        return up if set(up) == {"backend", "router", "frontend"} else None

    up = poll(all_scraped, timeout=60, interval=0.25, message="a scrape of every target")
    assert up == {"backend": "1", "router": "1", "frontend": "1"}, up

    # What was scraped is the services' own data, not just a reachable port.
    def value(promql):
        result = query(prometheus, promql)
        return float(result[0]["value"][1]) if result else None

    assert value('events_applied_total{job="backend"}') > 0
    assert value('pool_graph_pools{job="router"}') > 0
    assert value('sum(http_requests_total{job="frontend"})') > 0
    health = get_json(prometheus + "/api/v1/targets")["data"]["activeTargets"]
    assert {target["labels"]["job"]: target["health"] for target in health} == \
        {"backend": "up", "router": "up", "frontend": "up"}, health
