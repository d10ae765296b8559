"""The deployment description's figures, one by one, on the rendered
production and staging overlays.

DESCRIPTION below restates every figure of the deployment description
(shared/seed/k8s-README.md); the tests compare the rendered manifests with it.
"""

import json

import pytest

from contract import DRAIN_SECONDS, EXECUTABLES, POSTGRES_PORT, REDIS_PORT
from manifests import (COMPONENTS, K8S, NAMESPACE, Rendered, container_env_names, cpu_millicores,
                       load_yaml_documents, memory_bytes, named_port)

DESCRIPTION = {
    "backend": {
        "replicas": {"production": 3, "staging": 2},
        "requests": {"cpu": "500m", "memory": "512Mi"},
        "limits": {"cpu": "1000m", "memory": "1Gi"},
        "ports": {"http": 4000, "ws": 4001, "metrics": 9090},
        "liveness": ("/health", 30),
        "readiness": ("/ready", 10),
        "startup": "/health",
        "hpa": {"min": 3, "max": 10, "cpu": 70, "memory": 80,
                "custom": ("http_requests_per_second", 1000)},
        "pdb_min_available": 2,
    },
    "router": {
        "replicas": {"production": 2, "staging": 1},
        "requests": {"cpu": "1000m", "memory": "1Gi"},
        "limits": {"cpu": "2000m", "memory": "2Gi"},
        "ports": {"http": 8080, "metrics": 9091},
        "liveness": ("/health", 15),
        "readiness": ("/ready", 5),
        "startup": "/health",
        "hpa": {"min": 2, "max": 6, "cpu": 60, "memory": 70,
                "custom": ("route_calculations_per_second", 100)},
        "pdb_min_available": 1,
    },
    "frontend": {
        "replicas": {"production": 2, "staging": 1},
        "requests": {"cpu": "250m", "memory": "256Mi"},
        "limits": {"cpu": "500m", "memory": "512Mi"},
        "ports": {"http": 3000},
        "liveness": ("/api/health", 30),
        "readiness": ("/api/health", 10),
        "startup": "/api/health",
        "hpa": {"min": 2, "max": 8, "cpu": 70, "memory": 80, "custom": None},
        "pdb_min_available": 1,
    },
}
# "30 failures = 5 minutes".
STARTUP_FAILURE_THRESHOLD = 30
STARTUP_BUDGET_SECONDS = 300
# Scale up: no stabilisation, +100 % or +2 pods per 15 s. Scale down: 300 s
# stabilisation, -50 % or -1 pod per 60 s.
SCALE_UP = {"stabilizationWindowSeconds": 0, "selectPolicy": "Max",
            "policies": {("Percent", 100, 15), ("Pods", 2, 15)}}
SCALE_DOWN = {"stabilizationWindowSeconds": 300, "selectPolicy": "Min",
              "policies": {("Percent", 50, 60), ("Pods", 1, 60)}}
UID = 1001
SERVICE_NAMES = {"backend": "backend-service", "router": "router-service", "frontend": "frontend-service"}
HOSTS = {
    "production": {"app": "app.basebook.xyz", "api": "api.basebook.xyz"},
    "staging": {"app": "app.staging.basebook.xyz", "api": "api.staging.basebook.xyz"},
}
IMAGES = {c: f"ghcr.io/basebook/{c}" for c in COMPONENTS}

components = pytest.mark.parametrize("component", COMPONENTS)


# ---------------------------------------------------------------- namespaces

def test_every_namespaced_object_is_in_the_environments_namespace(rendered: Rendered):
    namespace = NAMESPACE[rendered.environment]
    assert [d["metadata"]["name"] for d in rendered.all("Namespace")] == [namespace]
    for document in rendered.documents:
        if document["kind"] != "Namespace":
            assert document["metadata"].get("namespace") == namespace, \
                f"{document['kind']} {document['metadata']['name']} is not in {namespace}"


# ---------------------------------------------------------------- deployments

@components
def test_replicas(rendered: Rendered, component):
    expected = DESCRIPTION[component]["replicas"][rendered.environment]
    assert rendered.deployment(component)["spec"]["replicas"] == expected


@components
def test_requests_and_limits(rendered: Rendered, component):
    resources = rendered.container(component)["resources"]
    for kind in ("requests", "limits"):
        wanted = DESCRIPTION[component][kind]
        assert cpu_millicores(resources[kind]["cpu"]) == cpu_millicores(wanted["cpu"]), (component, kind)
        assert memory_bytes(resources[kind]["memory"]) == memory_bytes(wanted["memory"]), (component, kind)


@components
def test_container_ports_and_names(rendered: Rendered, component):
    ports = {p["name"]: p["containerPort"] for p in rendered.container(component)["ports"]}
    assert ports == DESCRIPTION[component]["ports"]


@components
def test_service_ports_and_names(rendered: Rendered, component):
    service = rendered.get("Service", SERVICE_NAMES[component])
    ports = {p["name"]: (p["port"], p["targetPort"]) for p in service["spec"]["ports"]}
    assert ports == {name: (number, name) for name, number in DESCRIPTION[component]["ports"].items()}


def _probe(container, kind):
    probe = container[kind]
    return probe["httpGet"]["path"], named_port(container, probe["httpGet"]["port"]), probe


@components
def test_liveness_probe(rendered: Rendered, component):
    container = rendered.container(component)
    path, port, probe = _probe(container, "livenessProbe")
    assert (path, probe["initialDelaySeconds"]) == DESCRIPTION[component]["liveness"]
    assert port == DESCRIPTION[component]["ports"]["http"]


@components
def test_readiness_probe(rendered: Rendered, component):
    container = rendered.container(component)
    path, port, probe = _probe(container, "readinessProbe")
    assert (path, probe["initialDelaySeconds"]) == DESCRIPTION[component]["readiness"]
    assert port == DESCRIPTION[component]["ports"]["http"]


@components
def test_startup_probe_allows_five_minutes(rendered: Rendered, component):
    container = rendered.container(component)
    path, port, probe = _probe(container, "startupProbe")
    assert path == DESCRIPTION[component]["startup"]
    assert port == DESCRIPTION[component]["ports"]["http"]
    assert probe["failureThreshold"] == STARTUP_FAILURE_THRESHOLD
    assert probe["failureThreshold"] * probe.get("periodSeconds", 10) == STARTUP_BUDGET_SECONDS


@components
def test_rolling_update_never_drops_below_desired(rendered: Rendered, component):
    strategy = rendered.deployment(component)["spec"]["strategy"]
    assert strategy["type"] == "RollingUpdate"
    assert strategy["rollingUpdate"]["maxUnavailable"] == 0
    assert strategy["rollingUpdate"]["maxSurge"] not in (0, "0%")


@components
def test_pod_anti_affinity_spreads_replicas_over_nodes(rendered: Rendered, component):
    anti = rendered.pod_spec(component)["affinity"]["podAntiAffinity"]
    terms = [t.get("podAffinityTerm", t) for t in
             anti.get("preferredDuringSchedulingIgnoredDuringExecution", [])
             + anti.get("requiredDuringSchedulingIgnoredDuringExecution", [])]
    by_host = [t for t in terms if t["topologyKey"] == "kubernetes.io/hostname"]
    assert by_host, f"{component}: no anti-affinity over kubernetes.io/hostname"
    pod_labels = rendered.deployment(component)["spec"]["template"]["metadata"]["labels"]
    for term in by_host:
        selector = term["labelSelector"]["matchLabels"]
        assert selector["component"] == component
        assert all(pod_labels.get(k) == v for k, v in selector.items())


@components
def test_image_and_command(rendered: Rendered, component):
    container = rendered.container(component)
    assert container["name"] == component  # `kubectl logs deployment/backend -c backend`
    repository, _, tag = container["image"].rpartition(":")
    assert repository == IMAGES[component] and tag and tag != "latest"
    assert container["args"] == ["serve"]
    assert "command" not in container  # the image's ENTRYPOINT is the executable


# ---------------------------------------------------------------- security context

def _containers(rendered: Rendered, component):
    spec = rendered.pod_spec(component)
    return spec.get("initContainers", []) + spec["containers"]


@components
def test_pod_security_context(rendered: Rendered, component):
    spec = rendered.pod_spec(component)
    context = spec["securityContext"]
    assert context["runAsNonRoot"] is True
    assert context["runAsUser"] == UID
    assert context["seccompProfile"]["type"] == "RuntimeDefault"
    assert spec["automountServiceAccountToken"] is False
    assert spec["serviceAccountName"] == f"basebook-{component}"
    rendered.get("ServiceAccount", f"basebook-{component}")


@components
def test_container_security_context(rendered: Rendered, component):
    for container in _containers(rendered, component):
        context = container["securityContext"]
        where = f"{component}/{container['name']}"
        assert context["runAsNonRoot"] is True, where
        assert context.get("runAsUser", UID) == UID, where
        assert context["readOnlyRootFilesystem"] is True, where
        assert context["allowPrivilegeEscalation"] is False, where
        assert context.get("privileged", False) is False, where
        assert context["capabilities"]["drop"] == ["ALL"], where
        assert not context["capabilities"].get("add"), where
        assert context["seccompProfile"]["type"] == "RuntimeDefault", where


@components
def test_only_tmp_is_writable(rendered: Rendered, component):
    spec = rendered.pod_spec(component)
    volumes = {v["name"]: v for v in spec.get("volumes", [])}
    for container in _containers(rendered, component):
        mounts = container.get("volumeMounts", [])
        assert [m["mountPath"] for m in mounts] == ["/tmp"], container["name"]
        assert "emptyDir" in volumes[mounts[0]["name"]]


# ---------------------------------------------------------------- HPA

@components
def test_hpa_bounds_and_targets(rendered: Rendered, component):
    wanted = DESCRIPTION[component]["hpa"]
    hpa = rendered.get("HorizontalPodAutoscaler", f"{component}-hpa")["spec"]
    assert hpa["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": component}
    # Staging starts the HPA at staging's replica count: a higher minimum would
    # overrule the description's staging replicas at once.
    if rendered.environment == "production":
        assert hpa["minReplicas"] == wanted["min"]
    else:
        assert hpa["minReplicas"] == DESCRIPTION[component]["replicas"]["staging"]
    assert hpa["maxReplicas"] == wanted["max"]

    resources = {m["resource"]["name"]: m["resource"]["target"] for m in hpa["metrics"] if m["type"] == "Resource"}
    assert resources == {
        "cpu": {"type": "Utilization", "averageUtilization": wanted["cpu"]},
        "memory": {"type": "Utilization", "averageUtilization": wanted["memory"]},
    }
    custom = [(m["pods"]["metric"]["name"], m["pods"]["target"]) for m in hpa["metrics"] if m["type"] == "Pods"]
    if wanted["custom"] is None:
        assert custom == []
    else:
        name, per_pod = wanted["custom"]
        assert custom == [(name, {"type": "AverageValue", "averageValue": str(per_pod)})]
    assert [m["type"] for m in hpa["metrics"]] == ["Resource", "Resource"] + (["Pods"] if custom else [])


@components
def test_hpa_scaling_behaviour(rendered: Rendered, component):
    behavior = rendered.get("HorizontalPodAutoscaler", f"{component}-hpa")["spec"]["behavior"]
    for direction, wanted in (("scaleUp", SCALE_UP), ("scaleDown", SCALE_DOWN)):
        rules = behavior[direction]
        assert rules["stabilizationWindowSeconds"] == wanted["stabilizationWindowSeconds"], direction
        assert rules["selectPolicy"] == wanted["selectPolicy"], direction
        assert {(p["type"], p["value"], p["periodSeconds"]) for p in rules["policies"]} == wanted["policies"], direction


# ---------------------------------------------------------------- PDB

@components
def test_pod_disruption_budget(rendered: Rendered, component):
    pdb = rendered.get("PodDisruptionBudget", f"{component}-pdb")["spec"]
    assert pdb["minAvailable"] == DESCRIPTION[component]["pdb_min_available"]
    assert "maxUnavailable" not in pdb
    pod_labels = rendered.deployment(component)["spec"]["template"]["metadata"]["labels"]
    selector = pdb["selector"]["matchLabels"]
    assert selector.get("component") == component
    # Every colour counts: the selector does not pin the blue-green version.
    assert "version" not in selector
    assert all(pod_labels.get(k) == v for k, v in selector.items())


# ---------------------------------------------------------------- blue-green

def _selects(selector: dict, labels: dict) -> bool:
    return all(labels.get(k) == v for k, v in selector.items())


@components
def test_version_label_lets_the_service_switch_colour(rendered: Rendered, component):
    deployment = rendered.deployment(component)
    blue_labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert blue_labels["version"] == "blue"
    assert deployment["spec"]["selector"]["matchLabels"]["version"] == "blue"
    service = rendered.get("Service", SERVICE_NAMES[component])
    assert _selects(service["spec"]["selector"], blue_labels)

    # `kubectl patch service X -p '{"spec":{"selector":{"version":"green"}}}'`
    # is a merge patch: only the version key changes.
    patch = json.loads('{"spec":{"selector":{"version":"green"}}}')
    switched = {**service["spec"]["selector"], **patch["spec"]["selector"]}
    green_labels = {**blue_labels, "version": "green"}
    assert _selects(switched, green_labels) and not _selects(switched, blue_labels)
    rolled_back = {**switched, "version": "blue"}
    assert _selects(rolled_back, blue_labels) and not _selects(rolled_back, green_labels)


# ---------------------------------------------------------------- backend specifics

def test_backend_migrates_in_an_init_container(rendered: Rendered):
    spec = rendered.pod_spec("backend")
    [init] = spec["initContainers"]
    main = rendered.container("backend")
    assert init["image"] == main["image"]
    assert init.get("command", []) + init.get("args", []) == [EXECUTABLES["backend"], "migrate"]
    assert container_env_names(rendered, init)["DATABASE_URL"] == "secret:basebook-secrets"
    assert "cpu" in init["resources"]["limits"] and "memory" in init["resources"]["limits"]


def test_backend_reads_database_redis_and_token_from_the_secret(rendered: Rendered):
    sources = container_env_names(rendered, rendered.container("backend"))
    for name in ("DATABASE_URL", "REDIS_URL", "INTERNAL_TOKEN"):
        assert sources[name] == "secret:basebook-secrets", name


def test_router_reaches_the_backend_service(rendered: Rendered):
    config = rendered.config_map("router")
    assert config["BACKEND_URL"] == "http://backend-service:4000"
    assert container_env_names(rendered, rendered.container("router"))["INTERNAL_TOKEN"] == "secret:basebook-secrets"
    assert rendered.config_map("backend")["ROUTER_URL"] == "http://router-service:8080"


@components
def test_shutdown_drain_fits_the_grace_period(rendered: Rendered, component):
    spec = rendered.pod_spec(component)
    command = rendered.container(component)["lifecycle"]["preStop"]["exec"]["command"]
    assert command[0] == "sleep"
    pre_stop = int(command[1])
    assert 0 < pre_stop < DRAIN_SECONDS
    # SIGTERM comes after preStop; the drain must then fit in what remains.
    assert spec["terminationGracePeriodSeconds"] >= pre_stop + DRAIN_SECONDS + 5


# ---------------------------------------------------------------- secret template

def test_secret_template_holds_placeholders_only(rendered: Rendered):
    assert rendered.all("Secret") == [], "the Secret template must not be applied by kustomize"
    [secret] = load_yaml_documents(K8S / "base" / "secret.yaml")
    assert secret["metadata"]["name"] == "basebook-secrets"
    values = secret["stringData"]
    assert all(v in ("REPLACE_ME", "") for v in values.values()), values
    referenced = set()
    for component in COMPONENTS:
        for container in _containers(rendered, component):
            for entry in container.get("env", []):
                ref = entry.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ref["name"] == "basebook-secrets"
                    referenced.add(ref["key"])
    assert referenced == set(values)


# ---------------------------------------------------------------- ingress

def test_ingress_nginx_with_cert_manager_tls(rendered: Rendered):
    ingress = rendered.get("Ingress", "basebook-ingress")
    spec = ingress["spec"]
    assert spec["ingressClassName"] == "nginx"
    assert "cert-manager.io/cluster-issuer" in ingress["metadata"]["annotations"]
    hosts = HOSTS[rendered.environment]
    [tls] = spec["tls"]
    assert set(tls["hosts"]) == {hosts["app"], hosts["api"]}
    assert tls["secretName"]

    routes = {}
    for rule in spec["rules"]:
        for path in rule["http"]["paths"]:
            service = path["backend"]["service"]
            routes[(rule["host"], path["path"])] = (service["name"], service["port"]["name"])
    assert routes == {
        (hosts["app"], "/"): ("frontend-service", "http"),
        (hosts["api"], "/"): ("backend-service", "http"),
        (hosts["api"], "/ws"): ("backend-service", "ws"),
    }
    ws_port = {p["name"]: p["port"] for p in rendered.get("Service", "backend-service")["spec"]["ports"]}["ws"]
    assert ws_port == 4001


def test_frontend_points_browsers_at_the_api_host(rendered: Rendered):
    api = HOSTS[rendered.environment]["api"]
    config = rendered.config_map("frontend")
    assert config["API_URL"] == f"https://{api}"
    assert config["WS_URL"] == f"wss://{api}/ws"
    assert rendered.config_map("backend")["CORS_ORIGINS"] == f"https://{HOSTS[rendered.environment]['app']}"


# ---------------------------------------------------------------- ServiceMonitors

@pytest.mark.parametrize("component,port", [("backend", 9090), ("router", 9091)])
def test_service_monitors_scrape_the_metrics_ports(rendered: Rendered, component, port):
    monitor = rendered.get("ServiceMonitor", component)
    service = rendered.get("Service", SERVICE_NAMES[component])
    assert _selects(monitor["spec"]["selector"]["matchLabels"], service["metadata"]["labels"])
    [endpoint] = monitor["spec"]["endpoints"]
    assert endpoint["path"] == "/metrics"
    ports = {p["name"]: p["port"] for p in service["spec"]["ports"]}
    assert ports[endpoint["port"]] == port


# ---------------------------------------------------------------- NetworkPolicies

def _policy(rendered: Rendered, component):
    return rendered.get("NetworkPolicy", f"{component}-network-policy")["spec"]


def _pod_peers(rules, direction):
    key = "from" if direction == "ingress" else "to"
    return [(peer.get("podSelector", {}).get("matchLabels", {}).get("component"),
             sorted(p["port"] for p in rule.get("ports", [])))
            for rule in rules for peer in rule.get(key, []) if "podSelector" in peer]


def test_default_deny(rendered: Rendered):
    policy = rendered.get("NetworkPolicy", "default-deny-all")["spec"]
    assert policy["podSelector"] == {}
    assert set(policy["policyTypes"]) == {"Ingress", "Egress"}
    assert not policy.get("ingress") and not policy.get("egress")


def test_backend_reaches_router_postgres_and_redis(rendered: Rendered):
    policy = _policy(rendered, "backend")
    assert set(policy["policyTypes"]) == {"Ingress", "Egress"}
    assert ("router", [8080]) in _pod_peers(policy["egress"], "egress")
    open_ports = {p["port"] for rule in policy["egress"] for p in rule.get("ports", [])}
    assert {POSTGRES_PORT, REDIS_PORT} <= open_ports


def test_router_only_accepts_the_backend(rendered: Rendered):
    policy = _policy(rendered, "router")
    assert set(policy["policyTypes"]) == {"Ingress", "Egress"}
    http = DESCRIPTION["router"]["ports"]["http"]
    for rule in policy["ingress"]:
        ports = {p["port"] for p in rule["ports"]}
        peers = rule["from"]
        if http in ports:
            # The quote port: backend pods, nothing else.
            assert ports == {http}
            assert [p.get("podSelector", {}).get("matchLabels", {}).get("component") for p in peers] == ["backend"]
            assert all(set(p) == {"podSelector"} for p in peers)
        else:
            # Prometheus may scrape the metrics port, and only that.
            assert ports == {DESCRIPTION["router"]["ports"]["metrics"]}
    assert ("backend", [8080]) in _pod_peers(policy["ingress"], "ingress")


def test_frontend_is_isolated(rendered: Rendered):
    policy = _policy(rendered, "frontend")
    assert set(policy["policyTypes"]) == {"Ingress", "Egress"}
    assert policy.get("egress", []) == []
    for rule in policy["ingress"]:
        assert {p["port"] for p in rule["ports"]} == {3000}
        assert all("podSelector" not in peer for peer in rule["from"]), "no pod of the suite talks to the frontend"


def test_policies_select_the_components_pods(rendered: Rendered):
    for component in COMPONENTS:
        labels = rendered.deployment(component)["spec"]["template"]["metadata"]["labels"]
        assert _selects(_policy(rendered, component)["podSelector"]["matchLabels"], labels)


# ---------------------------------------------------------------- names from the description

def test_object_names_used_by_the_descriptions_commands(rendered: Rendered):
    for kind, name in [("Deployment", "backend"), ("Deployment", "router"), ("Deployment", "frontend"),
                       ("Service", "backend-service"), ("Service", "router-service"),
                       ("HorizontalPodAutoscaler", "backend-hpa"), ("PodDisruptionBudget", "backend-pdb"),
                       ("NetworkPolicy", "backend-network-policy"), ("Ingress", "basebook-ingress"),
                       ("ServiceAccount", "basebook-backend")]:
        rendered.get(kind, name)
    # `kubectl logs -l component=backend`
    for component in COMPONENTS:
        assert rendered.deployment(component)["spec"]["template"]["metadata"]["labels"]["component"] == component
