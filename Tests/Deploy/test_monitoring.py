"""k8s/monitoring: the adapter rules behind the HPAs' custom metrics, and the
alerts' metric names and thresholds against the services' settings."""

import re

import yaml

from contract import ALL_METRICS
from manifests import Rendered


def _adapter_rules(monitoring):
    [config_map] = [d for d in monitoring if d["kind"] == "ConfigMap"]
    return yaml.safe_load(config_map["data"]["config.yaml"])["rules"]


def _alerts(monitoring):
    [rule] = [d for d in monitoring if d["kind"] == "PrometheusRule"]
    return {r["alert"]: r for group in rule["spec"]["groups"] for r in group["rules"]}


def test_adapter_derives_the_hpa_metrics_from_the_counters(monitoring):
    derived = {}
    for rule in _adapter_rules(monitoring):
        series = re.match(r"^([a-z_]+)\{", rule["seriesQuery"]).group(1)
        assert re.fullmatch(rule["name"]["matches"], series)
        derived[rule["name"]["as"]] = series
        assert rule["resources"]["overrides"] == {"namespace": {"resource": "namespace"}, "pod": {"resource": "pod"}}
        assert "rate(<<.Series>>{<<.LabelMatchers>>}" in rule["metricsQuery"]
        assert "by (<<.GroupBy>>)" in rule["metricsQuery"]
    assert derived == {
        "http_requests_per_second": "http_requests_total",
        "route_calculations_per_second": "route_calculations_total",
    }


def test_every_hpa_custom_metric_is_published_by_the_adapter(rendered: Rendered, monitoring):
    published = {rule["name"]["as"] for rule in _adapter_rules(monitoring)}
    for hpa in rendered.all("HorizontalPodAutoscaler"):
        for metric in hpa["spec"]["metrics"]:
            if metric["type"] == "Pods":
                assert metric["pods"]["metric"]["name"] in published


def test_alerts_cover_errors_latency_staleness_and_websocket_saturation(monitoring):
    alerts = _alerts(monitoring)
    uses = {name: rule["expr"] for name, rule in alerts.items()}
    assert any('http_requests_total{status=~"5.."}' in e for e in uses.values()), "error-rate alert"
    assert any("http_request_duration_seconds_bucket" in e for e in uses.values()), "HTTP latency alert"
    assert any("route_calculation_duration_seconds_bucket" in e for e in uses.values()), "route latency alert"
    assert any("pool_graph_last_update_timestamp_seconds" in e for e in uses.values()), "graph staleness alert"
    assert any("websocket_connections" in e for e in uses.values()), "WebSocket saturation alert"
    for rule in alerts.values():
        assert rule["labels"]["severity"] in ("warning", "critical")
        assert rule["annotations"]["summary"]


def test_alerts_use_only_exported_metrics(monitoring):
    for name, rule in _alerts(monitoring).items():
        words = set(re.findall(r"\b([a-z][a-z0-9_]*)\b", rule["expr"]))
        metrics = {w for w in words if w.endswith(("_total", "_seconds", "_bucket", "_connections"))}
        for metric in metrics:
            base = re.sub(r"_(bucket|sum|count)$", "", metric)
            assert base in ALL_METRICS, f"{name} uses {metric}, which no service exports"


def test_websocket_alert_divides_by_ws_max_connections(rendered: Rendered, monitoring):
    limit = rendered.config_map("backend")["WS_MAX_CONNECTIONS"]
    for name, rule in _alerts(monitoring).items():
        if "websocket_connections" in rule["expr"]:
            assert re.search(rf"/\s*{limit}\b", rule["expr"]), f"{name} does not divide by WS_MAX_CONNECTIONS={limit}"


def test_staleness_alert_is_twice_the_routers_state_max_age(rendered: Rendered, monitoring):
    max_age = int(rendered.config_map("router")["STATE_MAX_AGE_SECONDS"])
    [stale] = [r for r in _alerts(monitoring).values() if "pool_graph_last_update_timestamp_seconds" in r["expr"]]
    threshold = int(re.search(r">\s*(\d+)\s*$", stale["expr"].strip()).group(1))
    assert threshold == 2 * max_age
