"""The names the services really read and serve, as data.

Copied from the service contract (the executables, subcommands, environment
variables, ports and health paths agreed between the services) and from
ARCHITECTURE.md's metric names, so that the manifests can be checked against
them without either document at hand. When a service starts reading a new
variable or serving a new port, it is added here first; a manifest naming
anything not listed here fails test_contract_names.py.
"""

# Executables and their subcommands.
EXECUTABLES = {
    "backend": "basebook-api",
    "router": "basebook-router",
    "frontend": "basebook-frontend",
}
SUBCOMMANDS = {
    "backend": {"serve", "migrate", "healthcheck"},
    "router": {"serve", "healthcheck"},
    "frontend": {"serve", "healthcheck"},
}

# Environment variables ("Common" applies to all three).
COMMON_ENV = {"HOST", "PORT", "METRICS_PORT", "LOG_LEVEL", "MAX_BODY_BYTES"}
CONFIG_ENV = {
    "backend": COMMON_ENV | {
        "PORT", "WS_PORT", "METRICS_PORT", "CHAIN_ID", "INDEXER", "DEVNET_SEED",
        "DEVNET_SWAPS_PER_SECOND", "DEVNET_HISTORY_HOURS", "ROUTER_URL", "ROUTER_TIMEOUT_MS",
        "CORS_ORIGINS", "RATE_LIMIT_PER_MINUTE", "RATE_LIMIT_BURST", "TRUSTED_PROXY_HOPS", "WS_MAX_CONNECTIONS",
        "WS_MAX_SUBSCRIPTIONS", "WS_SEND_QUEUE", "WS_IDLE_TIMEOUT_SECONDS", "DATABASE_POOL_MIN",
        "DATABASE_POOL_MAX", "DATABASE_STATEMENT_TIMEOUT_MS", "REDIS_KEY_PREFIX", "RPC_URL",
        "RPC_FALLBACK_URLS", "FACTORY_ADDRESS", "START_BLOCK", "CONFIRMATIONS",
    },
    "router": COMMON_ENV | {
        "PORT", "METRICS_PORT", "BACKEND_URL", "STATE_MAX_AGE_SECONDS", "MAX_HOPS", "MAX_SPLITS",
        "DEFAULT_SLIPPAGE_BPS", "DEFAULT_GAS_PRICE_WEI", "QUOTE_CACHE_SIZE", "MAX_BATCH_QUOTES",
        "STATE_FILE",
    },
    "frontend": COMMON_ENV | {"PORT", "FRONTEND_ROOT", "API_URL", "WS_URL", "CHAIN_ID"},
}
# Variables that must come from the Secret, never from a ConfigMap or a literal.
SECRET_ENV = {
    "backend": {"DATABASE_URL", "REDIS_URL", "INTERNAL_TOKEN", "API_KEYS"},
    "router": {"INTERNAL_TOKEN"},
    "frontend": set(),
}
# Secret keys a service cannot start without in production.
REQUIRED_SECRET_ENV = {
    "backend": {"DATABASE_URL", "REDIS_URL", "INTERNAL_TOKEN"},
    "router": {"INTERNAL_TOKEN"},
    "frontend": set(),
}
ALL_ENV = {c: CONFIG_ENV[c] | SECRET_ENV[c] for c in CONFIG_ENV}

# Ports by role; the role is also the Kubernetes port name.
PORTS = {
    "backend": {"http": 4000, "ws": 4001, "metrics": 9090},
    "router": {"http": 8080, "metrics": 9091},
    "frontend": {"http": 3000},
}
# Which environment variable sets which port.
PORT_ENV = {"http": "PORT", "ws": "WS_PORT", "metrics": "METRICS_PORT"}

# HTTP paths served on each port (health, readiness, metrics, WebSocket).
PATHS = {
    "backend": {4000: {"/health", "/ready", "/"}, 4001: {"/ws"}, 9090: {"/metrics"}},
    "router": {8080: {"/health", "/ready", "/"}, 9091: {"/metrics"}},
    # The frontend's metrics, if any, are on its HTTP port.
    "frontend": {3000: {"/api/health", "/metrics", "/"}},
}
LIVENESS_PATH = {"backend": "/health", "router": "/health", "frontend": "/api/health"}
READINESS_PATH = {"backend": "/ready", "router": "/ready", "frontend": "/api/health"}

# Metric names exported (ARCHITECTURE.md) that the HPAs and alerts use.
METRICS = {
    "backend": {
        "http_requests_total", "http_request_duration_seconds", "websocket_connections",
        "websocket_messages_sent_total", "events_applied_total", "indexer_head_block",
    },
    "router": {
        "http_requests_total", "http_request_duration_seconds", "route_calculations_total",
        "route_calculation_duration_seconds", "route_cache_hits_total", "route_cache_misses_total",
        "pool_graph_pools", "pool_graph_tokens", "pool_graph_last_update_timestamp_seconds",
    },
    "frontend": {"http_requests_total", "http_request_duration_seconds"},
}
ALL_METRICS = set().union(*METRICS.values())

# The services' graceful shutdown drains for at most this long after SIGTERM
# (ServiceKit's ServiceRunner).
DRAIN_SECONDS = 25

# Ports outside the suite that the backend may reach: PostgreSQL, Redis, the
# chain's JSON-RPC over HTTPS; and DNS for everyone.
POSTGRES_PORT = 5432
REDIS_PORT = 6379
HTTPS_PORT = 443
DNS_PORT = 53
