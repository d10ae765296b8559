"""Waits until the suite scripts/test-e2e.sh started is ready to be tested.

Ready means: the backend's /ready and the frontend's /api/health answer 200, the devnet
market has caught up with the wall clock (it pre-generates the day's history first, and
/ready already answers during that), and the router's graph has reached the sequence the
backend had once caught up — so the tests start on a market that moves at its live pace.

Exit status: 0 ready, 1 timeout, 2 a service process exited (the caller may retry on
other ports).
"""
import argparse
import json
import sys
import time
import urllib.error
import urllib.request


def get(url):
    """(status, parsed JSON or None); status 0 when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        return error.code, None
    except (OSError, ValueError):
        return 0, None
    try:
        return status, json.loads(body)
    except ValueError:
        return status, None


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", required=True)
    parser.add_argument("--router", required=True)
    parser.add_argument("--frontend", required=True)
    parser.add_argument("--block-seconds", type=int, required=True)
    parser.add_argument("--timeout", type=float, required=True)
    parser.add_argument("--pid", action="append", default=[], help="NAME=PID of a service to watch")
    args = parser.parse_args()
    watched = dict(item.split("=", 1) for item in args.pid)

    deadline = time.monotonic() + args.timeout
    caught_up_sequence = None
    waiting_for = "start"
    while time.monotonic() < deadline:
        for name, pid in watched.items():
            if not alive(pid):
                print(f"[wait-for-suite] {name} (pid {pid}) exited while starting", file=sys.stderr)
                return 2
        if caught_up_sequence is None:
            status, _ = get(args.backend + "/ready")
            stats_status, stats = get(args.backend + "/v1/stats")
            if status != 200 or stats_status != 200:
                waiting_for = f"backend /ready ({status})"
            elif stats["timestamp"] < time.time() - args.block_seconds - 5:
                waiting_for = f"devnet history (at {time.strftime('%H:%M:%S', time.gmtime(stats['timestamp']))} UTC)"
            else:
                caught_up_sequence = stats["sequence"]
        if caught_up_sequence is not None:
            router_status, _ = get(args.router + "/ready")
            graph_status, graph = get(args.router + "/v1/graph")
            frontend_status, _ = get(args.frontend + "/api/health")
            if router_status != 200 or graph_status != 200:
                waiting_for = f"router /ready ({router_status})"
            elif graph["sequence"] < caught_up_sequence:
                waiting_for = f"router graph at sequence {graph['sequence']} < {caught_up_sequence}"
            elif frontend_status != 200:
                waiting_for = f"frontend /api/health ({frontend_status})"
            else:
                return 0
        time.sleep(0.2)
    print(f"[wait-for-suite] not ready after {args.timeout:.0f}s: waiting for {waiting_for}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
