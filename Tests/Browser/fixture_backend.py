#!/usr/bin/env python3
"""A stand-in for basebook-api, for developing and checking the web app without the suite.

Serves canned, deterministic answers in the contract's shapes (REST on --port, WebSocket on
--ws-port at /ws) and emits a trade every --trade-every seconds on `swaps`, `pools`,
`pool:<address>`, `candles:<address>:<interval>`, `prices` and `stats`. It is a fixture: the
real browser tests (test_webapp.py) run against the real suite through FRONTEND_URL/API_URL.

    python3 Tests/Browser/fixture_backend.py --port 4000 --ws-port 4001
"""
import argparse
import asyncio
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import websockets

TOKENS = [
    {"address": "0x4200000000000000000000000000000000000006", "symbol": "WETH", "name": "Wrapped Ether", "decimals": 18, "priceUsd": 3000.0},
    {"address": "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", "symbol": "USDC", "name": "USD Coin", "decimals": 6, "priceUsd": 1.0},
    {"address": "0x50c5725949A6F0c72E6C4a641F24049A917DB0Cb", "symbol": "DAI", "name": "Dai Stablecoin", "decimals": 18, "priceUsd": 1.0},
    {"address": "0xcbB7C0000aB88B473b1f5aFd9ef808440eed33Bf", "symbol": "cbBTC", "name": "Coinbase Wrapped BTC", "decimals": 8, "priceUsd": 60000.0},
    {"address": "0x940181a94A35A4569E4529A3CDfB74e38FD98631", "symbol": "AERO", "name": "Aerodrome", "decimals": 18, "priceUsd": 1.2},
]
BY_SYMBOL = {t["symbol"]: t for t in TOKENS}
BY_ADDRESS = {t["address"].lower(): t for t in TOKENS}
for i, token in enumerate(TOKENS):
    token["tvlUsd"] = 50_000_000.0 / (i + 1)
    token["volume24hUsd"] = 9_000_000.0 / (i + 1)


def ref(token):
    return {k: token[k] for k in ("address", "symbol", "name", "decimals")}


def pool_address(n):
    return "0x" + f"{n:02x}" * 20


POOLS = []
for n, (a, b, fee, kind) in enumerate([
    ("WETH", "USDC", 500, "concentrated"), ("WETH", "USDC", 3000, "concentrated"), ("cbBTC", "WETH", 500, "concentrated"),
    ("USDC", "DAI", 100, "concentrated"), ("WETH", "AERO", 3000, "constantProduct"), ("AERO", "USDC", 10000, "concentrated"),
], start=1):
    t0, t1 = BY_SYMBOL[a], BY_SYMBOL[b]
    price = t0["priceUsd"] / t1["priceUsd"]
    tvl = 40_000_000.0 / n ** 1.3
    volume = 5_000_000.0 / ((n * 7) % 6 + 1)
    POOLS.append({
        "address": pool_address(n), "kind": kind, "token0": ref(t0), "token1": ref(t1), "fee": fee,
        "tickSpacing": {100: 1, 500: 10, 3000: 60, 10000: 200}[fee] if kind == "concentrated" else None,
        "sqrtPriceX96": "1" if kind == "concentrated" else None, "tick": -200000 + n if kind == "concentrated" else None,
        "liquidity": str(10**22 * n) if kind == "concentrated" else None,
        "reserve0": str(int(tvl / 2 / t0["priceUsd"] * 10 ** t0["decimals"])),
        "reserve1": str(int(tvl / 2 / t1["priceUsd"] * 10 ** t1["decimals"])),
        "price": price, "tvlUsd": tvl, "volume24hUsd": volume, "fees24hUsd": volume * fee / 1e6,
        "apr": volume * fee / 1e6 * 365 / tvl * 100, "volume24h0": "0", "volume24h1": "0", "swaps24h": 1000 // n,
        "createdAt": 1_700_000_000 + n * 86400,
    })
BY_POOL = {p["address"].lower(): p for p in POOLS}
SEQUENCE = [1000]
SWAPS = {p["address"].lower(): [] for p in POOLS}


def error(status, code, message, details=None):
    return status, {"error": {"code": code, "message": message, "details": details or {}}}


def make_swap(pool, n, now):
    t0, t1 = pool["token0"], pool["token1"]
    sell0 = n % 2 == 0
    amount0 = 10 ** (t0["decimals"] - 1) * (1 + n % 5)
    amount1 = int(amount0 / 10 ** t0["decimals"] * pool["price"] * 10 ** t1["decimals"])
    SEQUENCE[0] += 1
    return {
        "pool": pool["address"], "txHash": "0x" + f"{SEQUENCE[0]:064x}", "logIndex": 0, "blockNumber": SEQUENCE[0], "timestamp": int(now),
        "sender": "0x" + "ab" * 20, "recipient": "0x" + "cd" * 20,
        "amount0": str(amount0 if sell0 else -amount0), "amount1": str(-amount1 if sell0 else amount1),
        "sqrtPriceX96": "1", "tick": pool["tick"], "liquidity": pool["liquidity"], "price": pool["price"],
        "amountUsd": amount0 / 10 ** t0["decimals"] * BY_ADDRESS[t0["address"].lower()]["priceUsd"], "sequence": SEQUENCE[0],
    }


def candles(pool, interval, start, end):
    step = {"1m": 60, "5m": 300, "1h": 3600, "1d": 86400}[interval]
    out, price = [], pool["price"]
    first = start - start % step
    for i, t in enumerate(range(first, end + 1, step)):
        wiggle = ((i * 37) % 11 - 5) / 500
        open_, close = price, price * (1 + wiggle)
        out.append({"time": t, "open": open_, "high": max(open_, close) * 1.002, "low": min(open_, close) * 0.998, "close": close,
                    "volume0": "1000", "volume1": "2000", "volumeUsd": 12345.0 + i, "trades": 3 + i % 4})
        price = close
    return out


def quote(params):
    token_in = BY_ADDRESS.get(str(params.get("tokenIn", "")).lower())
    token_out = BY_ADDRESS.get(str(params.get("tokenOut", "")).lower())
    if not token_in:
        return error(400, "INVALID_TOKEN", "tokenIn: unknown token", {"field": "tokenIn"})
    if not token_out:
        return error(400, "INVALID_TOKEN", "tokenOut: unknown token", {"field": "tokenOut"})
    amount = str(params.get("amount", ""))
    if not amount.isdigit() or int(amount) == 0:
        return error(400, "INVALID_AMOUNT", "amount: a positive integer string", {"field": "amount"})
    kind = params.get("type", "exactIn")
    slippage = int(params.get("slippageBps", 50))
    if {token_in["symbol"], token_out["symbol"]} == {"DAI", "AERO"}:
        return error(404, "NO_ROUTE", "no path between the tokens")
    rate = token_in["priceUsd"] / token_out["priceUsd"] * 0.997
    scale_in, scale_out = 10 ** token_in["decimals"], 10 ** token_out["decimals"]
    if kind == "exactOut":
        amount_out = int(amount)
        amount_in = int(amount_out / scale_out / rate * scale_in) + 1
    else:
        amount_in = int(amount)
        amount_out = int(amount_in / scale_in * rate * scale_out)
    if amount_out == 0:
        return error(422, "AMOUNT_TOO_SMALL", "amount is too small: no route pays out a whole unit of tokenOut for it", {"field": "amount"})
    usd_in = amount_in / scale_in * token_in["priceUsd"]
    impact = min(2000, int(usd_in / 20_000))  # grows with size so warnings can be seen
    pair = [p for p in POOLS if {p["token0"]["address"].lower(), p["token1"]["address"].lower()} == {token_in["address"].lower(), token_out["address"].lower()}]

    def hop(pool, a_in, a_out, t_in=token_in, t_out=token_out):
        return {"pool": pool["address"], "tokenIn": t_in["address"], "tokenOut": t_out["address"], "fee": pool["fee"],
                "amountIn": str(a_in), "amountOut": str(a_out), "sqrtPriceX96After": "1", "ticksCrossed": 0}

    if len(pair) >= 2:
        a_in, a_out = amount_in * 7 // 10, amount_out * 7 // 10
        routes = [{"portionBps": 7000, "amountIn": str(a_in), "amountOut": str(a_out), "hops": [hop(pair[0], a_in, a_out)]},
                  {"portionBps": 3000, "amountIn": str(amount_in - a_in), "amountOut": str(amount_out - a_out), "hops": [hop(pair[1], amount_in - a_in, amount_out - a_out)]}]
    elif pair:
        routes = [{"portionBps": 10000, "amountIn": str(amount_in), "amountOut": str(amount_out), "hops": [hop(pair[0], amount_in, amount_out)]}]
    else:
        weth = BY_SYMBOL["WETH"]
        mid = int(amount_in / scale_in * token_in["priceUsd"] / weth["priceUsd"] * 10**18)
        routes = [{"portionBps": 10000, "amountIn": str(amount_in), "amountOut": str(amount_out), "hops": [
            hop(POOLS[2], amount_in, mid, token_in, weth), hop(POOLS[0], mid, amount_out, weth, token_out)]}]
    answer = {
        "type": kind, "amountIn": str(amount_in), "amountOut": str(amount_out), "priceImpactBps": impact,
        "gasEstimate": "150000", "gasCostInQuoteToken": "1000", "routes": routes, "stateSequence": SEQUENCE[0], "computeMicros": 420,
        "tokenIn": token_in, "tokenOut": token_out, "amountInUsd": usd_in, "amountOutUsd": amount_out / scale_out * token_out["priceUsd"],
        "gasCostUsd": 0.021,
    }
    if kind == "exactOut":
        answer["amountInMax"] = str(amount_in * (10000 + slippage) // 10000)
    else:
        answer["amountOutMin"] = str(amount_out * (10000 - slippage) // 10000)
    return 200, answer


def route(path, params):
    parts = [p for p in path.split("/") if p]
    if parts[:1] == ["health"]:
        return 200, {"status": "ok"}
    if parts[:1] != ["v1"]:
        return error(404, "NOT_FOUND", f"no endpoint at {path}")
    rest = parts[1:]
    if rest == ["tokens"]:
        search = params.get("search", "").lower()
        data = [t for t in TOKENS if not search or search in t["symbol"].lower() or search in t["name"].lower() or search == t["address"].lower()]
        return 200, {"data": data, "nextCursor": None}
    if len(rest) == 2 and rest[0] == "tokens":
        token = BY_ADDRESS.get(rest[1].lower())
        return (200, token) if token else error(404, "NOT_FOUND", "no such token")
    if rest == ["pools"]:
        key = {"tvl": "tvlUsd", "volume": "volume24hUsd", "fees": "fees24hUsd", "apr": "apr"}.get(params.get("sort", "tvl"))
        if not key:
            return error(400, "INVALID_PARAMETER", "sort", {"field": "sort"})
        data = sorted(POOLS, key=lambda p: p[key], reverse=params.get("order", "desc") == "desc")
        if params.get("token"):
            data = [p for p in data if params["token"].lower() in (p["token0"]["address"].lower(), p["token1"]["address"].lower())]
        return 200, {"data": data[: int(params.get("limit", 20))], "nextCursor": None}
    if len(rest) >= 2 and rest[0] == "pools":
        pool = BY_POOL.get(rest[1].lower())
        if not pool:
            return error(404, "NOT_FOUND", "no such pool")
        if len(rest) == 2:
            return 200, pool
        if rest[2] == "swaps":
            return 200, {"data": SWAPS[pool["address"].lower()][:25], "nextCursor": None}
        if rest[2] == "candles":
            now = int(time.time())
            interval = params.get("interval", "1h")
            return 200, {"pool": pool["address"], "interval": interval,
                         "candles": candles(pool, interval, int(params.get("from", now - 3600 * 60)), int(params.get("to", now)))}
        if rest[2] == "ticks":
            p = pool["price"]
            dist = [{"tickLower": i * 10, "tickUpper": i * 10 + 10, "priceLower": p * (1 + i / 100), "priceUpper": p * (1 + (i + 1) / 100),
                     "liquidity": str(10**20 * (40 - abs(i) * 3 if abs(i) < 13 else 1))} for i in range(-20, 20)]
            return 200, {"pool": pool["address"], "tick": pool["tick"], "sqrtPriceX96": "1", "liquidity": pool["liquidity"], "ticks": [], "distribution": dist}
    if rest == ["stats"]:
        return 200, stats()
    if rest == ["stats", "history"]:
        days = int(params.get("days", 30))
        day0 = int(time.time()) // 86400 - days
        return 200, {"data": [{"date": time.strftime("%Y-%m-%d", time.gmtime((day0 + i) * 86400)), "tvlUsd": 80e6 + i * 1e6 + (i % 3) * 2e6,
                               "volumeUsd": 10e6 + (i * 7 % 5) * 1e6, "feesUsd": 20e3, "swaps": 5000} for i in range(days)]}
    if rest == ["prices"]:
        return 200, {"sequence": SEQUENCE[0], "prices": {t["address"]: t["priceUsd"] for t in TOKENS}}
    if rest == ["quote"]:
        return quote(params)
    return error(404, "NOT_FOUND", f"no endpoint at {path}")


def stats():
    return {"tvlUsd": sum(p["tvlUsd"] for p in POOLS), "volume24hUsd": sum(p["volume24hUsd"] for p in POOLS),
            "fees24hUsd": sum(p["fees24hUsd"] for p in POOLS), "swaps24h": 2450, "pools": len(POOLS), "tokens": len(TOKENS),
            "sequence": SEQUENCE[0], "blockNumber": SEQUENCE[0], "timestamp": int(time.time())}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urlparse(self.path)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        status, body = route(url.path, params)
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


class Hub:
    def __init__(self):
        self.clients = {}  # websocket → set of channels

    async def handle(self, ws):
        self.clients[ws] = set()
        try:
            async for text in ws:
                message = json.loads(text)
                if message.get("op") == "ping":
                    await ws.send(json.dumps({"type": "pong"}))
                elif message.get("op") in ("subscribe", "unsubscribe"):
                    channels = message.get("channels", [])
                    if message["op"] == "subscribe":
                        self.clients[ws].update(channels)
                    else:
                        self.clients[ws].difference_update(channels)
                    await ws.send(json.dumps({"type": message["op"] + "d", "channels": channels}))
                    for channel in channels if message["op"] == "subscribe" else []:
                        if channel.startswith("pool:") and channel[5:].lower() in BY_POOL:
                            await ws.send(json.dumps({"type": "event", "channel": channel, "seq": SEQUENCE[0],
                                                      "data": {"kind": "state", "pool": BY_POOL[channel[5:].lower()]}}))
        finally:
            del self.clients[ws]

    async def publish(self, channel, data):
        text = json.dumps({"type": "event", "channel": channel, "seq": SEQUENCE[0], "data": data})
        for ws, channels in list(self.clients.items()):
            if channel in channels:
                try:
                    await ws.send(text)
                except websockets.ConnectionClosed:
                    pass

    async def trade_loop(self, every):
        n = 0
        while True:
            await asyncio.sleep(every)
            n += 1
            pool = POOLS[n % len(POOLS)] if n % 2 else POOLS[0]
            now = time.time()
            swap = make_swap(pool, n, now)
            SWAPS[pool["address"].lower()].insert(0, swap)
            del SWAPS[pool["address"].lower()][50:]
            pool["volume24hUsd"] += swap["amountUsd"]
            await self.publish("swaps", swap)
            await self.publish("pools", pool)
            await self.publish(f"pool:{pool['address']}", {"kind": "swap", "swap": swap, "pool": pool})
            for interval in ("1m", "5m", "1h", "1d"):
                last = candles(pool, interval, int(now), int(now))[-1]
                await self.publish(f"candles:{pool['address']}:{interval}", last)
            await self.publish("prices", {"prices": {t["address"]: t["priceUsd"] for t in TOKENS}})
            await self.publish("stats", stats())


async def main(args):
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    hub = Hub()
    async with websockets.serve(hub.handle, args.host, args.ws_port):
        print(f"fixture backend: http://{args.host}:{args.port} ws://{args.host}:{args.ws_port}/ws", flush=True)
        await hub.trade_loop(args.trade_every)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4000)
    parser.add_argument("--ws-port", type=int, default=4001)
    parser.add_argument("--trade-every", type=float, default=1.0)
    asyncio.run(main(parser.parse_args()))
