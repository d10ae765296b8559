"""docker/: the images' build and runtime properties, compose.yaml and its
Prometheus configuration, against the contract and the Kubernetes manifests."""

import json
import re

import pytest
import yaml

from contract import ALL_ENV, EXECUTABLES, PATHS, PORT_ENV, PORTS, REQUIRED_SECRET_ENV, SECRET_ENV
from manifests import COMPONENTS, DOCKER, REPO, Rendered

RUNTIME_PACKAGES = {
    # The C clients the backend links, and CA certificates for HTTPS JSON-RPC.
    "backend": {"libpq5", "libhiredis0.14", "libuv1", "ca-certificates"},
    "router": set(),
    "frontend": set(),
}
OCI_LABELS = {"title", "description", "version", "revision", "created", "source"}

components = pytest.mark.parametrize("component", COMPONENTS)


def _instructions(path):
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments
    (including parser directives and hadolint pragmas) dropped."""
    logical, current = [], ""
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):
            continue
        current += " " + stripped.rstrip("\\").strip() if current else stripped.rstrip("\\").strip()
        if not stripped.endswith("\\"):
            logical.append(current)
            current = ""
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "") for line in logical]


def _stages(component):
    stages = []
    for instruction, arguments in _instructions(DOCKER / f"Dockerfile.{component}"):
        if instruction == "FROM":
            stages.append([])
        if stages:
            stages[-1].append((instruction, arguments))
    return stages


def _args(component, name):
    return [a for i, a in _stages(component)[-1] if i == name]


def _env(stage):
    env = {}
    for instruction, arguments in stage:
        if instruction == "ENV":
            env.update(dict(re.findall(r"(\w+)=(\S+)", arguments)))
    return env


@components
def test_multi_stage_static_swift_build(component):
    build, runtime = _stages(component)
    assert re.fullmatch(r"swift:\$\{SWIFT_VERSION\}-(jammy|noble) AS build", build[0][1])
    version = [a for i, a in _instructions(DOCKER / f"Dockerfile.{component}") if i == "ARG" and a.startswith("SWIFT_VERSION=")]
    assert version and re.fullmatch(r"SWIFT_VERSION=6\.\d+(\.\d+)?", version[0])
    runs = " ".join(a for i, a in build if i == "RUN")
    assert f"swift build -c release --static-swift-stdlib --product {EXECUTABLES[component]}" in runs
    assert runtime[0][1].startswith("ubuntu:")
    assert ("COPY", f"--from=build /out/{EXECUTABLES[component]} /usr/local/bin/{EXECUTABLES[component]}") in runtime


@components
def test_runtime_installs_only_the_needed_libraries(component):
    runtime = _stages(component)[-1]
    installed = set()
    for instruction, arguments in runtime:
        if instruction == "RUN":
            for match in re.finditer(r"apt-get install ((?:-\S+\s+)*)([^&|;]+)", arguments):
                installed |= set(match.group(2).split())
    assert installed == RUNTIME_PACKAGES[component]


@components
def test_runs_as_uid_1001_with_only_tmp_writable(component):
    runtime = _stages(component)[-1]
    assert _args(component, "USER") == ["1001:1001"]
    assert any(i == "RUN" and "useradd --system --uid 1001" in a for i, a in runtime)
    # Nothing is made writable for the service: no chown/chmod of paths for it.
    assert not any(i == "COPY" and "--chown" in a for i, a in runtime)
    assert not any(i == "VOLUME" for i, _ in runtime)
    assert _args(component, "WORKDIR") == ["/tmp"]


@components
def test_exposed_ports_and_port_variables_match_the_contract(component):
    exposed = {int(p) for a in _args(component, "EXPOSE") for p in a.split()}
    assert exposed == set(PORTS[component].values())
    env = _env(_stages(component)[-1])
    assert set(env) <= ALL_ENV[component]
    for role, port in PORTS[component].items():
        if role != "http" or "PORT" in env:
            assert env[PORT_ENV[role]] == str(port)


@components
def test_healthcheck_uses_the_executable_not_curl(component):
    [healthcheck] = _args(component, "HEALTHCHECK")
    command = json.loads(healthcheck.split("CMD", 1)[1])
    assert command == [EXECUTABLES[component], "healthcheck"]
    text = (DOCKER / f"Dockerfile.{component}").read_text()
    assert "curl" not in text and "wget" not in text


@components
def test_entrypoint_and_default_command(component):
    assert [json.loads(a) for a in _args(component, "ENTRYPOINT")] == [[EXECUTABLES[component]]]
    assert [json.loads(a) for a in _args(component, "CMD")] == [["serve"]]


@components
def test_oci_labels(component):
    labels = " ".join(_args(component, "LABEL"))
    present = set(re.findall(r"org\.opencontainers\.image\.([a-z.]+)=", labels))
    assert OCI_LABELS <= present
    assert f'org.opencontainers.image.title="basebook-{component}"' in labels


def test_frontend_image_carries_the_web_app(rendered: Rendered):
    runtime = _stages("frontend")[-1]
    assert ("COPY", "Frontend /app/Frontend") in runtime
    assert _env(runtime)["FRONTEND_ROOT"] == "/app/Frontend"
    assert rendered.config_map("frontend")["FRONTEND_ROOT"] == "/app/Frontend"


def test_k8s_images_are_these_images(rendered: Rendered):
    for component in COMPONENTS:
        repository = rendered.container(component)["image"].rpartition(":")[0]
        assert repository == f"ghcr.io/basebook/{component}"


def test_dockerignore_keeps_the_context_to_the_sources():
    lines = [l.strip() for l in (REPO / ".dockerignore").read_text().splitlines() if l.strip() and not l.startswith("#")]
    assert lines[0] == "*"
    assert {"!Package.swift", "!Sources/", "!Tests/", "!Frontend/"} <= set(lines)
    assert "**/.build" in lines


# ---------------------------------------------------------------- compose

@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((DOCKER / "compose.yaml").read_text())


COMPOSE_NAMES = {"backend": "backend", "router": "router", "frontend": "frontend"}


def test_compose_runs_the_whole_suite(compose):
    assert set(compose["services"]) == {"postgres", "redis", "migrate", "backend", "router", "frontend", "prometheus"}


@pytest.mark.parametrize("service", ["migrate", "backend", "router", "frontend"])
def test_compose_services_are_hardened(compose, service):
    spec = compose["services"][service]
    assert spec["read_only"] is True
    assert [t.split(":")[0] for t in spec["tmpfs"]] == ["/tmp"]
    assert spec["cap_drop"] == ["ALL"]
    assert "no-new-privileges:true" in spec["security_opt"]
    assert "user" not in spec or spec["user"].startswith("1001")


@components
def test_compose_environment_uses_contract_names(compose, component):
    spec = compose["services"][COMPOSE_NAMES[component]]
    env = spec["environment"]
    assert set(env) <= ALL_ENV[component], sorted(set(env) - ALL_ENV[component])
    assert REQUIRED_SECRET_ENV[component] <= set(env)
    for name in SECRET_ENV[component] & set(env):
        # Secrets come from docker/.env, never from the file itself.
        assert "${" in str(env[name]), name
    for role, port in PORTS[component].items():
        assert env[PORT_ENV[role]] == str(port)
    published = {int(p.rsplit(":", 1)[1]) for p in spec.get("ports", [])}
    assert published <= set(PORTS[component].values())
    assert all(p.startswith("127.0.0.1:") for p in spec.get("ports", []))


def test_compose_wiring(compose):
    services = compose["services"]
    assert services["migrate"]["command"] == ["migrate"]
    assert services["migrate"]["image"] == services["backend"]["image"]
    assert services["backend"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["backend"]["environment"]["ROUTER_URL"] == f"http://router:{PORTS['router']['http']}"
    assert services["router"]["environment"]["BACKEND_URL"] == f"http://backend:{PORTS['backend']['http']}"
    for component in COMPONENTS:
        assert services[component]["command"] == ["serve"]
        assert services[component]["build"]["dockerfile"] == f"docker/Dockerfile.{component}"


def test_prometheus_scrapes_every_service():
    config = yaml.safe_load((DOCKER / "prometheus.yml").read_text())
    targets = {}
    for job in config["scrape_configs"]:
        for static in job["static_configs"]:
            for target in static["targets"]:
                host, port = target.split(":")
                targets[host] = (int(port), job.get("metrics_path", "/metrics"))
    assert targets == {
        "backend": (PORTS["backend"]["metrics"], "/metrics"),
        "router": (PORTS["router"]["metrics"], "/metrics"),
        "frontend": (PORTS["frontend"]["http"], "/metrics"),
    }
    for host, (port, path) in targets.items():
        assert path in PATHS[host][port]
