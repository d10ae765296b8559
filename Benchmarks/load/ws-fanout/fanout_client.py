#!/usr/bin/env python3
"""WebSocket fan-out load client: N clients subscribe to one channel and measure delivery.

Latency is measured against the instant the server's feed emitted each event, read from the
event data's `emittedAtNs` (wall-clock nanoseconds; ws-fanout-server stamps it). Events
without that field (the devnet stream of a running backend) are measured as the spread
between the first and each later client receiving the same `seq`, which is the fan-out's own
cost without the client-to-server clock question.

Every client also checks that it sees each seq once and in increasing order.

Two client implementations (--client):
- raw (default): a minimal RFC 6455 client on asyncio.Protocol. It costs a few microseconds
  per received frame, so one process can take 1,000 clients x 20 events/s and still measure
  the server rather than itself. Arrival is stamped once per socket read.
- websockets: the `websockets` library, about 35 us per frame here. In one process that
  serialises a burst for 1,000 clients into hundreds of milliseconds of client time, which
  then shows up as "latency"; kept as an independent protocol check.

    fanout_client.py --url ws://127.0.0.1:PORT/ws --clients 1000 --duration 30
"""
import argparse
import asyncio
import base64
import json
import os
import resource
import statistics
import sys
import time
import urllib.parse

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
        self.connect_failures = {}


async def run_client(index, args, results, subscribed, start_measuring, stop, gate):
    released = False
    try:
        async with websockets.connect(args.url, max_size=2**24, ping_interval=None, open_timeout=args.open_timeout) as ws:
            await ws.send(json.dumps({"op": "subscribe", "channels": [args.channel]}))
            while True:
                reply = json.loads(await ws.recv())
                if reply.get("type") == "subscribed":
                    break
                if reply.get("type") == "error":
                    raise RuntimeError(f"subscribe refused: {reply}")
            subscribed.release()
            gate.release()
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
            gate.release()



class RawClient(asyncio.Protocol):
    """One connection: handshake, subscribe, then parse server frames (unmasked, unfragmented
    as this server sends them) straight from the read buffer."""

    def __init__(self, args, results, start_measuring, stop, subscribed_future):
        self.args = args
        self.results = results
        self.start_measuring = start_measuring
        self.stop = stop
        self.subscribed_future = subscribed_future
        self.buffer = bytearray()
        self.upgraded = False
        self.subscribed = False
        self.last_seq = None
        self.close_code = None
        self.transport = None
        self.stamp_key = b'"' + args.stamp_field.encode() + b'":'
        self.channel_prefix = b'{"type":"event","channel":' + json.dumps(args.channel).encode() + b',"seq":'

    def connection_made(self, transport):
        self.transport = transport
        url = urllib.parse.urlsplit(self.args.url)
        key = base64.b64encode(os.urandom(16)).decode()
        transport.write((f"GET {url.path or '/'}{'?' + url.query if url.query else ''} HTTP/1.1\r\n"
                         f"Host: {url.netloc}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                         f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())

    def send_frame(self, opcode, payload):
        mask = os.urandom(4)
        header = bytearray([0x80 | opcode])
        if len(payload) < 126:
            header.append(0x80 | len(payload))
        else:
            header.append(0x80 | 126)
            header += len(payload).to_bytes(2, "big")
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.transport.write(bytes(header) + mask + masked)

    def fail(self, reason):
        if not self.subscribed_future.done():
            self.subscribed_future.set_exception(RuntimeError(reason))
        self.transport.abort()

    def data_received(self, data):
        now = time.time_ns()
        buffer = self.buffer
        buffer += data
        if not self.upgraded:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            if not buffer.startswith(b"HTTP/1.1 101"):
                status = bytes(buffer[:buffer.find(b"\r\n")]).decode(errors="replace")
                return self.fail(f"upgrade refused: {status}")
            del buffer[:end + 4]
            self.upgraded = True
            self.send_frame(0x1, json.dumps({"op": "subscribe", "channels": [self.args.channel]}).encode())
        measuring = self.start_measuring.is_set()
        while len(buffer) >= 2:
            opcode = buffer[0] & 0x0F
            length = buffer[1] & 0x7F
            start = 2
            if length == 126:
                if len(buffer) < 4:
                    break
                length = int.from_bytes(buffer[2:4], "big")
                start = 4
            elif length == 127:
                if len(buffer) < 10:
                    break
                length = int.from_bytes(buffer[2:10], "big")
                start = 10
            end = start + length
            if len(buffer) < end:
                break
            payload = bytes(buffer[start:end])
            del buffer[:end]
            if opcode == 0x1:
                self.text(payload, now, measuring)
            elif opcode == 0x9:
                self.send_frame(0xA, payload)
            elif opcode == 0x8:
                self.close_code = int.from_bytes(payload[:2], "big") if len(payload) >= 2 else 1005
                self.send_frame(0x8, payload[:2])
                self.transport.close()
                return

    def text(self, payload, now, measuring):
        if not payload.startswith(self.channel_prefix):
            if not self.subscribed:
                reply = json.loads(payload)
                if reply.get("type") == "subscribed":
                    self.subscribed = True
                    if not self.subscribed_future.done():
                        self.subscribed_future.set_result(None)
                elif reply.get("type") == "error":
                    self.fail(f"subscribe refused: {reply}")
            return
        seq_start = len(self.channel_prefix)
        seq = int(payload[seq_start:payload.index(b",", seq_start)])
        results = self.results
        if self.last_seq is not None:
            if seq == self.last_seq:
                results.duplicates += 1
            elif seq < self.last_seq:
                results.out_of_order += 1
        self.last_seq = seq
        if not measuring:
            return
        results.events += 1
        at = payload.find(self.stamp_key)
        if at >= 0:
            at += len(self.stamp_key)
            stop_at = at
            while payload[stop_at] in b"0123456789":
                stop_at += 1
            results.latencies_ns.append(now - int(payload[at:stop_at]))
        else:
            results.first_arrival_ns.setdefault(seq, now)
            results.arrivals.append((seq, now))

    def connection_lost(self, exc):
        if not self.subscribed_future.done():
            self.subscribed_future.set_exception(ConnectionError(f"closed before subscribing (close code {self.close_code})"))
        if not self.stop.is_set():
            results = self.results
            results.closed_early += 1
            code = self.close_code if self.close_code is not None else "no close frame"
            results.close_codes[code] = results.close_codes.get(code, 0) + 1


async def run_raw_client(index, args, results, subscribed, start_measuring, stop, gate):
    loop = asyncio.get_running_loop()
    url = urllib.parse.urlsplit(args.url)
    subscribed_future = loop.create_future()
    transport = None
    try:
        try:
            transport, _ = await asyncio.wait_for(
                loop.create_connection(lambda: RawClient(args, results, start_measuring, stop, subscribed_future),
                                       url.hostname, url.port or 80),
                timeout=args.open_timeout)
            await asyncio.wait_for(subscribed_future, timeout=args.open_timeout)
        except Exception as error:
            results.connect_failures[type(error).__name__] = results.connect_failures.get(type(error).__name__, 0) + 1
            if transport is not None:
                transport.abort()
            return
        finally:
            subscribed.release()
            gate.release()
        await stop.wait()
    finally:
        if transport is not None:
            transport.abort()


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="ws://127.0.0.1:4001/ws")
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--channel", default="swaps")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds measured, after warm-up")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--connect-concurrency", type=int, default=100)
    parser.add_argument("--stamp-field", default="emittedAtNs")
    parser.add_argument("--client", choices=["raw", "websockets"], default="raw")
    parser.add_argument("--open-timeout", type=float, default=60.0, help="seconds to connect and be subscribed")
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
        # The gate is held until this client is subscribed (or has failed): at most
        # --connect-concurrency handshakes are in flight, well under the server's listen
        # backlog (Hummingbird's default is 256). Releasing it before connecting, as this tool
        # once did, let all clients SYN at once.
        await gate.acquire()
        client = run_raw_client if args.client == "raw" else run_client
        await client(index, args, results, subscribed, start_measuring, stop, gate)

    tasks = [asyncio.create_task(gated(i)) for i in range(args.clients)]
    connect_started = time.monotonic()
    for _ in range(args.clients):
        await subscribed.acquire()
    connect_seconds = time.monotonic() - connect_started
    await asyncio.sleep(args.warmup)
    # The client's own CPU while measuring: near 100 % of one core means the latencies include
    # this (single-threaded) client's backlog, not only the server's fan-out.
    cpu_before = time.process_time()
    start_measuring.set()
    await asyncio.sleep(args.duration)
    stop.set()
    client_cpu = (time.process_time() - cpu_before) / args.duration
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
        "client": args.client,
        "connectFailures": results.connect_failures,
        "closedEarly": results.closed_early,
        "closeCodes": {str(k): v for k, v in results.close_codes.items()},
        "clientCpuPercentOfOneCore": round(100 * client_cpu, 1),
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
    return 0 if results.closed_early == 0 and not results.connect_failures and results.out_of_order == 0 and results.duplicates == 0 else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
