#!/usr/bin/env python3
"""WebSocket fan-out load client: N clients subscribe to one channel and measure delivery.

Latency is measured against the instant the server's feed emitted each event, read from the
event data's `emittedAtNs` (wall-clock nanoseconds; ws-fanout-server stamps it). Events
without that field (the devnet stream of a running backend) are measured as the spread
between the first and each later client receiving the same `seq`, which is the fan-out's own
cost without the client-to-server clock question.

Every client also checks that it sees each seq once and in increasing order.

    fanout_client.py --url ws://127.0.0.1:PORT/ws --clients 1000 --duration 30
"""
import argparse
import asyncio
import json
import resource
import statistics
import sys
import time

import websockets


def percentile(sorted_values, fraction):
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, max(0, round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


class Results:
    def __init__(self):
        self.latencies_ns = []
        self.first_arrival_ns = {}
        self.arrivals = []  # (seq, arrival_ns) for events without a stamp
        self.events = 0
        self.out_of_order = 0
        self.duplicates = 0
        self.closed_early = 0
        self.close_codes = {}


async def run_client(index, args, results, subscribed, start_measuring, stop):
    released = False
    try:
        async with websockets.connect(args.url, max_size=2**24, ping_interval=None, open_timeout=60) as ws:
            await ws.send(json.dumps({"op": "subscribe", "channels": [args.channel]}))
            while True:
                reply = json.loads(await ws.recv())
                if reply.get("type") == "subscribed":
                    break
                if reply.get("type") == "error":
                    raise RuntimeError(f"subscribe refused: {reply}")
            subscribed.release()
            released = True
            last_seq = None
            async for text in ws:  # until the main task cancels this one
                now = time.time_ns()
                frame = json.loads(text)
                if frame.get("type") != "event" or frame.get("channel") != args.channel:
                    continue
                seq = frame["seq"]
                if last_seq is not None:
                    if seq == last_seq:
                        results.duplicates += 1
                    elif seq < last_seq:
                        results.out_of_order += 1
                last_seq = seq
                if not start_measuring.is_set():
                    continue
                results.events += 1
                stamp = frame["data"].get(args.stamp_field) if isinstance(frame["data"], dict) else None
                if stamp is not None:
                    results.latencies_ns.append(now - int(stamp))
                else:
                    first = results.first_arrival_ns.setdefault(seq, now)
                    results.arrivals.append((seq, now))
    except websockets.ConnectionClosed as closed:
        if not stop.is_set():
            results.closed_early += 1
            code = closed.rcvd.code if closed.rcvd else None
            results.close_codes[code] = results.close_codes.get(code, 0) + 1
    except Exception as error:  # a refused or failed connection counts, and is reported
        if not stop.is_set():
            results.closed_early += 1
            results.close_codes[type(error).__name__] = results.close_codes.get(type(error).__name__, 0) + 1
    finally:
        if not released:
            subscribed.release()  # don't keep the run waiting for a client that failed


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="ws://127.0.0.1:4001/ws")
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--channel", default="swaps")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds measured, after warm-up")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--connect-concurrency", type=int, default=100)
    parser.add_argument("--stamp-field", default="emittedAtNs")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = args.clients + 64
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(wanted, soft)), hard))

    results = Results()
    subscribed = asyncio.Semaphore(0)
    start_measuring = asyncio.Event()
    stop = asyncio.Event()
    gate = asyncio.Semaphore(args.connect_concurrency)

    async def gated(index):
        async with gate:
            pass
        await run_client(index, args, results, subscribed, start_measuring, stop)

    tasks = [asyncio.create_task(gated(i)) for i in range(args.clients)]
    connect_started = time.monotonic()
    for _ in range(args.clients):
        await subscribed.acquire()
    connect_seconds = time.monotonic() - connect_started
    await asyncio.sleep(args.warmup)
    start_measuring.set()
    await asyncio.sleep(args.duration)
    stop.set()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)

    summary = {
        "clients": args.clients,
        "connectAndSubscribeSeconds": round(connect_seconds, 3),
        "measuredSeconds": args.duration,
        "eventsReceived": results.events,
        "deliveriesPerSecond": round(results.events / args.duration, 1),
        "outOfOrder": results.out_of_order,
        "duplicates": results.duplicates,
        "closedEarly": results.closed_early,
        "closeCodes": {str(k): v for k, v in results.close_codes.items()},
    }
    if results.latencies_ns:
        values = sorted(results.latencies_ns)
        summary["latencyFrom"] = "feed emission (" + args.stamp_field + ")"
    else:
        values = sorted(arrival - results.first_arrival_ns[seq] for seq, arrival in results.arrivals)
        summary["latencyFrom"] = "first client's receipt of the same seq (spread)"
    if values:
        summary["latencyMs"] = {
            "p50": round(percentile(values, 0.50) / 1e6, 3),
            "p90": round(percentile(values, 0.90) / 1e6, 3),
            "p99": round(percentile(values, 0.99) / 1e6, 3),
            "max": round(values[-1] / 1e6, 3),
            "mean": round(statistics.fmean(values) / 1e6, 3),
        }
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        for key, value in summary.items():
            print(f"{key}: {value}")
    return 0 if results.closed_early == 0 and results.out_of_order == 0 and results.duplicates == 0 else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
