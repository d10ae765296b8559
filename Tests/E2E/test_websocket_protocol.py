"""The backend's WebSocket protocol with real clients: a pool channel starts with the
pool's state and then carries its events; malformed messages get an error frame and the
connection stays usable (issue 4)."""
import json
import time

from websockets.sync.client import connect

from e2e_support import CLOSE_TIMEOUT, get_json


def messages(ws, deadline):
    while True:
        remaining = deadline - time.monotonic()
        assert remaining > 0, "no message before the deadline"
        yield json.loads(ws.recv(timeout=remaining))


def next_non_event(ws, deadline):
    """The next reply to a client message, skipping the event stream around it."""
    return next(message for message in messages(ws, deadline) if message["type"] != "event")


def test_pool_channel_sends_the_state_first_then_the_pools_events(suite):
    pools = get_json(suite.backend + "/v1/pools", limit=100)["data"]
    # Every pool, so the next devnet block trades on one of them; addresses sent in lower
    # case come back under their checksummed channel names.
    channels = {f"pool:{pool['address']}": pool for pool in pools}
    deadline = time.monotonic() + 10 * suite.block_seconds + 30
    with connect(suite.backend_ws, open_timeout=10, close_timeout=CLOSE_TIMEOUT) as ws:
        ws.send(json.dumps({"op": "subscribe", "channels": [name.lower() for name in channels]}))
        stream = messages(ws, deadline)
        reply = next(stream)
        assert reply["type"] == "subscribed" and set(reply["channels"]) == set(channels)

        state_seq = {}
        for message in stream:
            assert message["type"] == "event" and message["channel"] in channels
            data = message["data"]
            if message["channel"] not in state_seq:
                assert data["kind"] == "state", f"{message['channel']} began with {data['kind']}, not its state"
                assert data["pool"]["address"] == channels[message["channel"]]["address"]
                state_seq[message["channel"]] = message["seq"]
                continue
            # A later event on a channel whose state came first: a swap, mint or burn, or a
            # constant-product pool's sync.
            assert data["kind"] != "state", f"{message['channel']} sent its state twice"
            assert message["seq"] > state_seq[message["channel"]]
            assert data["pool"]["address"] == channels[message["channel"]]["address"]
            if data["kind"] == "swap":
                assert data["swap"]["pool"] == data["pool"]["address"]
                assert data["swap"]["sequence"] == message["seq"]
                break


def test_malformed_messages_get_an_error_frame_and_the_connection_stays(suite):
    deadline = time.monotonic() + 30
    with connect(suite.backend_ws, open_timeout=10, close_timeout=CLOSE_TIMEOUT) as ws:
        for bad in ("this is not json", "[1, 2, 3]", json.dumps({"op": "dance"}),
                    json.dumps({"op": "subscribe", "channels": ["no-such-channel"]}),
                    json.dumps({"op": "subscribe", "channels": "swaps"})):
            ws.send(bad)
            reply = next_non_event(ws, deadline)
            assert reply["type"] == "error", f"{bad!r} got {reply}"
            assert reply["code"] and reply["message"], reply

        # Still open and serving.
        ws.send(json.dumps({"op": "ping"}))
        assert next_non_event(ws, deadline) == {"type": "pong"}
        ws.send(json.dumps({"op": "subscribe", "channels": ["stats"]}))
        assert next_non_event(ws, deadline) == {"type": "subscribed", "channels": ["stats"]}

