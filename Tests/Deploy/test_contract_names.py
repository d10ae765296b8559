"""Every port, path, environment variable and subcommand the manifests name is
one the services really use (contract.py)."""

import re

import pytest

from contract import (ALL_ENV, CONFIG_ENV, DNS_PORT, EXECUTABLES, HTTPS_PORT, PATHS, PORT_ENV, PORTS,
                      POSTGRES_PORT, REDIS_PORT, SECRET_ENV, SUBCOMMANDS)
from manifests import COMPONENTS, Rendered, component_of, container_env_names, named_port

components = pytest.mark.parametrize("component", COMPONENTS)


def _containers(rendered, component):
    spec = rendered.pod_spec(component)
    return spec.get("initContainers", []) + spec["containers"]


@components
def test_env_names_are_ones_the_service_reads(rendered: Rendered, component):
    for container in _containers(rendered, component):
        names = container_env_names(rendered, container)
        unknown = set(names) - ALL_ENV[component]
        assert not unknown, f"{component}/{container['name']} gets variables it does not read: {sorted(unknown)}"


@components
def test_secret_values_come_only_from_the_secret(rendered: Rendered, component):
    for container in _containers(rendered, component):
        for name, source in container_env_names(rendered, container).items():
            if name in SECRET_ENV[component]:
                assert source.startswith("secret:"), f"{component}: {name} must come from the Secret, not {source}"
            else:
                assert name in CONFIG_ENV[component]
                assert source.startswith("configmap:"), f"{component}: {name} should be in its ConfigMap, not {source}"


@components
def test_config_map_keys_are_ones_the_service_reads(rendered: Rendered, component):
    data = rendered.config_map(component)
    assert set(data) <= CONFIG_ENV[component], sorted(set(data) - CONFIG_ENV[component])
    assert not set(data) & SECRET_ENV[component]


@components
def test_port_variables_match_the_container_ports(rendered: Rendered, component):
    data = rendered.config_map(component)
    ports = {p["name"]: p["containerPort"] for p in rendered.container(component)["ports"]}
    for role, number in ports.items():
        assert role in PORTS[component] and PORTS[component][role] == number, (component, role, number)
        assert data[PORT_ENV[role]] == str(number), (component, PORT_ENV[role])


@components
def test_probe_paths_are_served_on_their_ports(rendered: Rendered, component):
    container = rendered.container(component)
    for kind in ("startupProbe", "livenessProbe", "readinessProbe"):
        get = container[kind]["httpGet"]
        port = named_port(container, get["port"])
        assert get["path"] in PATHS[component][port], (component, kind, get)


@components
def test_commands_are_the_executables_subcommands(rendered: Rendered, component):
    for container in _containers(rendered, component):
        words = container.get("command", []) + container.get("args", [])
        if container.get("command"):
            assert words[0] == EXECUTABLES[component]
            words = words[1:]
        assert len(words) == 1 and words[0] in SUBCOMMANDS[component], (component, container["name"], words)


def test_service_ports_exist_in_the_pods(rendered: Rendered):
    for service in rendered.all("Service"):
        component = component_of(service["spec"]["selector"])
        container = rendered.container(component)
        for port in service["spec"]["ports"]:
            assert PORTS[component][port["name"]] == port["port"] == named_port(container, port["targetPort"])


def test_service_monitor_paths_are_served(rendered: Rendered):
    services = {component_of(s["metadata"]["labels"]): s for s in rendered.all("Service")}
    for monitor in rendered.all("ServiceMonitor"):
        component = component_of(monitor["spec"]["selector"]["matchLabels"])
        ports = {p["name"]: p["port"] for p in services[component]["spec"]["ports"]}
        for endpoint in monitor["spec"]["endpoints"]:
            assert endpoint["path"] in PATHS[component][ports[endpoint["port"]]]


def test_ingress_paths_are_served(rendered: Rendered):
    services = {s["metadata"]["name"]: s for s in rendered.all("Service")}
    for rule in rendered.get("Ingress", "basebook-ingress")["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            service = services[path["backend"]["service"]["name"]]
            component = component_of(service["spec"]["selector"])
            ports = {p["name"]: p["port"] for p in service["spec"]["ports"]}
            assert path["path"] in PATHS[component][ports[path["backend"]["service"]["port"]["name"]]]


def test_network_policy_ports_are_real(rendered: Rendered):
    external = {POSTGRES_PORT, REDIS_PORT, HTTPS_PORT, DNS_PORT}
    for policy in rendered.all("NetworkPolicy"):
        selected = component_of(policy["spec"]["podSelector"].get("matchLabels", {}))
        for rule in policy["spec"].get("ingress", []):
            for port in rule.get("ports", []):
                assert port["port"] in PORTS[selected].values(), (policy["metadata"]["name"], port)
        for rule in policy["spec"].get("egress", []):
            peers = [component_of(p.get("podSelector", {}).get("matchLabels", {})) for p in rule.get("to", [])]
            for port in rule.get("ports", []):
                allowed = set(external)
                for peer in filter(None, peers):
                    allowed |= set(PORTS[peer].values())
                assert port["port"] in allowed, (policy["metadata"]["name"], port)


def test_urls_in_config_name_real_services_and_ports(rendered: Rendered):
    services = {s["metadata"]["name"]: s for s in rendered.all("Service")}
    for component in COMPONENTS:
        for key, value in rendered.config_map(component).items():
            match = re.fullmatch(r"https?://([a-z0-9-]+):(\d+)", value)
            if match and "." not in match.group(1):
                service = services[match.group(1)]
                assert int(match.group(2)) in {p["port"] for p in service["spec"]["ports"]}, (key, value)
