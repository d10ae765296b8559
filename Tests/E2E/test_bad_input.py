"""Bad input, generated: seeded random malformed requests against the running router and
backend. Whatever a client sends, the answer is below 500, every error is the JSON envelope
{"error":{"code","message","details"}}, and the service still answers afterwards.

The generators mix valid requests with wrong types, out-of-range numbers, malformed amounts and
addresses, missing and unknown fields, truncated bodies, invalid UTF-8 and odd query strings.
The seeds are fixed, so a failure names a request that fails again.
"""
import http.client
import json
import random
import urllib.parse

import pytest

from e2e_support import USDC, WETH

REQUESTS_PER_SEED = 150

ODD_VALUES = [None, True, False, 0, -1, 1.5, 1e30, 2**63, 2**64, -(2**63), 3, 4, 5, "", " ", "0", "-1", "1.0", "1e18",
              "0x10", "+5", "12 3", "１２３", "null", "\u0000", "a" * 5000, [], {}, ["1"], {"a": 1},
              str(2**256 - 1), str(2**256), "9" * 200]
ODD_ADDRESSES = [WETH, USDC, WETH.lower(), WETH.upper().replace("0X", "0x"), "0x" + "0" * 40, "0x" + "g" * 40, "0x123",
                 WETH[2:], "", "weth", WETH + "00"]
QUOTE_FIELDS = ["tokenIn", "tokenOut", "amount", "type", "slippageBps", "maxHops", "maxSplits", "gasPriceWei"]
VALID_QUOTE = {"tokenIn": WETH, "tokenOut": USDC, "amount": "1000000000000000000", "type": "exactIn"}


def send(base_url, method, path, body=None, content_type="application/json"):
    """(status, body) of one request; body is raw bytes, sent as given."""
    parsed = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    try:
        headers = {"Content-Type": content_type} if body is not None else {}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def check(problems, what, status, body):
    if status >= 500:
        problems.append(f"{status} for {what}: {body[:200]!r}")
        return
    if status < 400:
        return
    try:
        error = json.loads(body)["error"]
        assert isinstance(error["code"], str) and error["code"]
        assert isinstance(error["message"], str) and error["message"]
        assert isinstance(error["details"], dict)
    except (ValueError, KeyError, TypeError, AssertionError):
        problems.append(f"{status} without the error envelope for {what}: {body[:200]!r}")


def mangled_quote(rng):
    quote = dict(VALID_QUOTE)
    for _ in range(rng.randint(1, 3)):
        field = rng.choice(QUOTE_FIELDS + ["unknownField"])
        quote[field] = rng.choice(ODD_VALUES + ODD_ADDRESSES + ["exactIn", "exactOut", "EXACTIN"])
    if rng.random() < 0.1:
        quote.pop(rng.choice(list(quote)), None)
    return quote


def mangled_body(rng, value):
    text = json.dumps(value)
    roll = rng.random()
    if roll < 0.05:
        return text[: rng.randint(0, len(text))].encode()
    if roll < 0.08:
        return text.encode()[:-2] + b"\xff\xfe}"
    return text.encode()


@pytest.mark.parametrize("seed", [1, 2])
def test_router_answers_malformed_quotes_with_4xx_envelopes(suite, seed):
    rng = random.Random(seed)
    problems = []
    for _ in range(REQUESTS_PER_SEED):
        quote = mangled_quote(rng)
        path = rng.choice(["/v1/quote", "/v1/quote", "/v1/quotes", "/v1/simulate"])
        if path == "/v1/quotes":
            value = {"requests": [quote] * rng.randint(0, 3)}
        elif path == "/v1/simulate":
            value = {"tokenIn": quote.get("tokenIn"), "amount": quote.get("amount"), "type": quote.get("type"),
                     "path": rng.choice([[], [WETH], ["0x" + "1" * 40], "x", None, [1], [USDC] * 5])}
        else:
            value = quote
        body = mangled_body(rng, value)
        status, answer = send(suite.router, "POST", path, body)
        check(problems, f"POST {path} {body[:300]!r}", status, answer)
    for query in ["", "tokenIn=" + WETH, f"tokenIn={WETH}&tokenOut={USDC}&amount=1&amount=2", f"tokenIn={WETH}&tokenOut={USDC}&amount=%FF",
                  f"tokenIn={WETH}&tokenOut={USDC}&amount=1&maxHops=%00", "%%%", "a=b=c&&&", f"tokenIn={WETH}&tokenOut={USDC}&amount=1&maxSplits=99"]:
        status, answer = send(suite.router, "GET", "/v1/quote?" + query)
        check(problems, f"GET /v1/quote?{query}", status, answer)
    for content_type in ["text/plain", "application/x-www-form-urlencoded", ""]:
        status, answer = send(suite.router, "POST", "/v1/quote", json.dumps(VALID_QUOTE).encode(), content_type)
        check(problems, f"POST /v1/quote as {content_type!r}", status, answer)
    status, answer = send(suite.router, "POST", "/v1/quote", b"[" * 100_000)
    check(problems, "POST /v1/quote nested 100,000 deep", status, answer)
    assert not problems, "\n".join(problems[:20])
    assert send(suite.router, "GET", "/health")[0] == 200


BACKEND_PATHS = ["/v1/tokens", "/v1/tokens/{a}", "/v1/pools", "/v1/pools/{a}", "/v1/pools/{a}/ticks", "/v1/pools/{a}/swaps",
                 "/v1/pools/{a}/candles", "/v1/swaps", "/v1/positions", "/v1/stats", "/v1/stats/history", "/v1/prices",
                 "/v1/quote", "/openapi.json"]
BACKEND_PARAMETERS = ["limit", "cursor", "sort", "order", "token", "search", "interval", "from", "to", "days", "owner",
                      "account", "pool", "tokenIn", "tokenOut", "amount", "type"]
BACKEND_VALUES = ["", "0", "-1", "1", "100", "1000", "1001", "99999999999999999999999", "1.5", "abc", "%00", "%FF", "%",
                  "desc", "asc", "tvl", "apr", "volume", "1m", "5m", "1h", "1d", "2d", "0x", "0x" + "0" * 40, WETH, "a" * 3000,
                  "null", "[]", "eyJvZmZzZXQiOjEwfQ", "eyJvZmZzZXQiOi0xMH0", "eyJvZmZzZXQiOjFlMTAwfQ", "%E2%82%AC",
                  "2026-11-29T00:00:00Z", "1700000000", "-9999999999999"]


@pytest.mark.parametrize("seed", [1, 2])
def test_backend_answers_malformed_queries_with_4xx_envelopes(suite, seed):
    rng = random.Random(seed)
    status, answer = send(suite.backend, "GET", "/v1/pools?limit=2")
    assert status == 200, answer[:300]
    pools = [pool["address"] for pool in json.loads(answer)["data"]]
    addresses = ["0x" + "0" * 40, "0x123", "zz", "%00", "0x" + "G" * 40, "%2F", WETH] + pools
    problems = []
    for _ in range(REQUESTS_PER_SEED):
        path = rng.choice(BACKEND_PATHS).replace("{a}", rng.choice(addresses))
        query = "&".join(f"{rng.choice(BACKEND_PARAMETERS)}={rng.choice(BACKEND_VALUES)}" for _ in range(rng.randint(0, 4)))
        target = path + ("?" + query if query else "")
        status, answer = send(suite.backend, "GET", target)
        check(problems, f"GET {target[:300]}", status, answer)
    for _ in range(REQUESTS_PER_SEED // 3):
        body = mangled_body(rng, mangled_quote(rng))
        status, answer = send(suite.backend, "POST", "/v1/quote", body)
        check(problems, f"POST /v1/quote {body[:300]!r}", status, answer)
    assert not problems, "\n".join(problems[:20])
    assert send(suite.backend, "GET", "/health")[0] == 200
