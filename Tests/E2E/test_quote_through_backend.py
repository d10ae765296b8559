"""A quote through the backend is the router's own answer, enriched (issue 6)."""
import pytest

from e2e_support import USDC, WETH, get_json, poll

ROUTER_FIELDS = ("type", "amountIn", "amountOut", "amountOutMin", "amountInMax", "priceImpactBps",
                 "gasEstimate", "gasCostInQuoteToken", "routes", "stateSequence")


@pytest.mark.parametrize("kind, amount", [("exactIn", "1000000000000000000"), ("exactOut", "2500000000")])
def test_backend_quote_equals_the_routers_answer_at_the_same_sequence(suite, kind, amount):
    query = {"tokenIn": WETH, "tokenOut": USDC, "amount": amount, "type": kind}

    # The market moves between the two requests now and then; a pair is comparable only
    # when both answers were computed on the same state.
    def same_state_pair():
        through_backend = get_json(suite.backend + "/v1/quote", **query)
        direct = get_json(suite.router + "/v1/quote", **query)
        if through_backend["stateSequence"] == direct["stateSequence"]:
            return through_backend, direct
        return None

    through_backend, direct = poll(same_state_pair, timeout=max(30, 10 * suite.block_seconds), interval=0.1,
                                   message="a backend and a router quote at the same stateSequence")

    for field in ROUTER_FIELDS:
        assert through_backend.get(field) == direct.get(field), field
    assert direct["routes"], "the router found no route"
    assert sum(route["portionBps"] for route in direct["routes"]) == 10_000
    if kind == "exactIn":
        assert direct["amountIn"] == amount and int(direct["amountOut"]) > 0
    else:
        assert direct["amountOut"] == amount and int(direct["amountIn"]) > 0
    for route in direct["routes"]:
        assert route["hops"][0]["tokenIn"] == WETH and route["hops"][-1]["tokenOut"] == USDC

    # What the backend adds: token metadata and USD values.
    assert through_backend["tokenIn"]["symbol"] == "WETH" and through_backend["tokenIn"]["decimals"] == 18
    assert through_backend["tokenOut"]["symbol"] == "USDC" and through_backend["tokenOut"]["decimals"] == 6
    assert through_backend["amountInUsd"] > 0 and through_backend["amountOutUsd"] > 0
