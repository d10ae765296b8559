#!/usr/bin/env python3
"""Builds v3core_pool_swap_cases.json, the cases of PoolSwapScenarioTests.swift.

Source: Uniswap v3-core's pool swap scenario tests,
  repository Uniswap/v3-core, test/UniswapV3Pool.swaps.spec.ts (commit cb66ac217c67b8f12b6ac9e48d2a00a144c07107)
  and its snapshot test/__snapshots__/UniswapV3Pool.swaps.spec.ts.snap (commit 8445f65e7d1b6714a92f287bfc8b0dcd4cc251e4).

The pool set-ups (fee, tick spacing, starting price, positions) and the swap cases are
reconstructed below from the spec's TEST_POOLS and DEFAULT_POOL_SWAP_TESTS and from the helpers
of test/shared/utilities.ts and contracts/test/TestUniswapV3Callee.sol (facts only: the
constants and the arithmetic they perform). The expected outcomes come from
v3core_swaps_snapshot_extract.txt, the snapshot's numbers copied out by hand.

Deterministic: re-running reproduces the JSON byte for byte.

    python3 Tests/MarketTests/Fixtures/generate_pool_swap_cases.py
"""
import json
import os
from decimal import Decimal, getcontext, ROUND_HALF_UP, ROUND_FLOOR

HERE = os.path.dirname(os.path.abspath(__file__))
EXTRACT = os.path.join(HERE, "v3core_swaps_snapshot_extract.txt")
OUTPUT = os.path.join(HERE, "v3core_pool_swap_cases.json")

# --- test/shared/utilities.ts -------------------------------------------------------------

MIN_SQRT_RATIO = 4295128739
MAX_SQRT_RATIO = 1461446703485210103287273052203988822378723970342
MIN_TICK, MAX_TICK = -887272, 887272
INT256_MAX = (1 << 255) - 1

FEE_LOW, FEE_MEDIUM, FEE_HIGH = 500, 3000, 10000
TICK_SPACINGS = {FEE_LOW: 10, FEE_MEDIUM: 60, FEE_HIGH: 200}


def ceil_div_toward_pos_inf(a, b):
    return -((-a) // b)


def get_min_tick(spacing):
    # Math.ceil(-887272 / tickSpacing) * tickSpacing
    return ceil_div_toward_pos_inf(MIN_TICK, spacing) * spacing


def get_max_tick(spacing):
    # Math.floor(887272 / tickSpacing) * tickSpacing
    return (MAX_TICK // spacing) * spacing


def get_max_liquidity_per_tick(spacing):
    # (2^128 - 1) / ((maxTick - minTick) / tickSpacing + 1), integer division
    return ((1 << 128) - 1) // ((get_max_tick(spacing) - get_min_tick(spacing)) // spacing + 1)


def expand_to_18_decimals(n):
    return n * 10 ** 18


# encodePriceSqrt(reserve1, reserve0) is bignumber.js configured with DECIMAL_PLACES 40 and the
# default ROUNDING_MODE (ROUND_HALF_UP):
#   new bn(reserve1).div(reserve0)   -> rounded to 40 decimal places, half up
#   .sqrt()                          -> rounded to 40 decimal places, half up
#   .multipliedBy(new bn(2).pow(96)) -> exact
#   .integerValue(3)                 -> ROUND_FLOOR
# Python's decimal at 400 significant digits holds every intermediate exactly before each
# quantize, and a square root of a 40-place number is never a tie at the 41st place unless exact.
getcontext().prec = 400
_PLACES = Decimal(1).scaleb(-40)


def encode_price_sqrt(reserve1, reserve0):
    ratio = (Decimal(reserve1) / Decimal(reserve0)).quantize(_PLACES, rounding=ROUND_HALF_UP)
    root = ratio.sqrt().quantize(_PLACES, rounding=ROUND_HALF_UP)
    return int((root * (1 << 96)).to_integral_value(rounding=ROUND_FLOOR))


# --- test/UniswapV3Pool.swaps.spec.ts: TEST_POOLS ------------------------------------------

def position(lower, upper, liquidity):
    return {"tickLower": lower, "tickUpper": upper, "liquidity": str(liquidity)}


M = TICK_SPACINGS[FEE_MEDIUM]
TWO_E18 = expand_to_18_decimals(2)


def full_range(fee, liquidity=TWO_E18):
    spacing = TICK_SPACINGS[fee]
    return position(get_min_tick(spacing), get_max_tick(spacing), liquidity)


TEST_POOLS = [
    ("low fee, 1:1 price, 2e18 max range liquidity", FEE_LOW, encode_price_sqrt(1, 1),
     [full_range(FEE_LOW)]),
    ("medium fee, 1:1 price, 2e18 max range liquidity", FEE_MEDIUM, encode_price_sqrt(1, 1),
     [full_range(FEE_MEDIUM)]),
    ("high fee, 1:1 price, 2e18 max range liquidity", FEE_HIGH, encode_price_sqrt(1, 1),
     [full_range(FEE_HIGH)]),
    ("medium fee, 10:1 price, 2e18 max range liquidity", FEE_MEDIUM, encode_price_sqrt(10, 1),
     [full_range(FEE_MEDIUM)]),
    ("medium fee, 1:10 price, 2e18 max range liquidity", FEE_MEDIUM, encode_price_sqrt(1, 10),
     [full_range(FEE_MEDIUM)]),
    ("medium fee, 1:1 price, 0 liquidity, all liquidity around current price", FEE_MEDIUM, encode_price_sqrt(1, 1),
     [position(get_min_tick(M), -M, TWO_E18), position(M, get_max_tick(M), TWO_E18)]),
    ("medium fee, 1:1 price, additional liquidity around current price", FEE_MEDIUM, encode_price_sqrt(1, 1),
     [full_range(FEE_MEDIUM), position(get_min_tick(M), -M, TWO_E18), position(M, get_max_tick(M), TWO_E18)]),
    ("low fee, large liquidity around current price (stable swap)", FEE_LOW, encode_price_sqrt(1, 1),
     [position(-TICK_SPACINGS[FEE_LOW], TICK_SPACINGS[FEE_LOW], TWO_E18)]),
    ("medium fee, token0 liquidity only", FEE_MEDIUM, encode_price_sqrt(1, 1),
     [position(0, 2000 * M, TWO_E18)]),
    ("medium fee, token1 liquidity only", FEE_MEDIUM, encode_price_sqrt(1, 1),
     [position(-2000 * M, 0, TWO_E18)]),
    ("close to max price", FEE_MEDIUM, encode_price_sqrt(2 ** 127, 1),
     [full_range(FEE_MEDIUM)]),
    ("close to min price", FEE_MEDIUM, encode_price_sqrt(1, 2 ** 127),
     [full_range(FEE_MEDIUM)]),
    ("max full range liquidity at 1:1 price with default fee", FEE_MEDIUM, encode_price_sqrt(1, 1),
     [full_range(FEE_MEDIUM, get_max_liquidity_per_tick(M))]),
    ("initialized at the max ratio", FEE_MEDIUM, MAX_SQRT_RATIO - 1,
     [full_range(FEE_MEDIUM)]),
    ("initialized at the min ratio", FEE_MEDIUM, MIN_SQRT_RATIO,
     [full_range(FEE_MEDIUM)]),
]

# --- DEFAULT_POOL_SWAP_TESTS, keyed by the description swapCaseToDescription gives them ------
# Without a sqrtPriceLimit, createPoolFunctions' swap passes MIN_SQRT_RATIO + 1 (token0 in) or
# MAX_SQRT_RATIO - 1 (token1 in). Exact input is amountSpecified = +amount, exact output
# -amount (TestUniswapV3Callee). swapToLowerPrice / swapToHigherPrice swap with
# amountSpecified = type(int256).max and the target price as the limit.

ONE = expand_to_18_decimals(1)


def swap(zero_for_one, amount, limit=None):
    if limit is None:
        limit = MIN_SQRT_RATIO + 1 if zero_for_one else MAX_SQRT_RATIO - 1
    return {"zeroForOne": zero_for_one, "amountSpecified": str(amount), "sqrtPriceLimitX96": str(limit)}


SWAPS = {
    "swap exactly 1.0000 token0 for token1": swap(True, ONE),
    "swap exactly 1.0000 token1 for token0": swap(False, ONE),
    "swap token0 for exactly 1.0000 token1": swap(True, -ONE),
    "swap token1 for exactly 1.0000 token0": swap(False, -ONE),
    "swap exactly 1.0000 token0 for token1 to price 0.50000": swap(True, ONE, encode_price_sqrt(50, 100)),
    "swap exactly 1.0000 token1 for token0 to price 2.0000": swap(False, ONE, encode_price_sqrt(200, 100)),
    "swap token0 for exactly 1.0000 token1 to price 0.50000": swap(True, -ONE, encode_price_sqrt(50, 100)),
    "swap token1 for exactly 1.0000 token0 to price 2.0000": swap(False, -ONE, encode_price_sqrt(200, 100)),
    "swap exactly 0.0000000000000010000 token0 for token1": swap(True, 1000),
    "swap exactly 0.0000000000000010000 token1 for token0": swap(False, 1000),
    "swap token0 for exactly 0.0000000000000010000 token1": swap(True, -1000),
    "swap token1 for exactly 0.0000000000000010000 token0": swap(False, -1000),
    "swap token1 for token0 to price 2.5000": swap(False, INT256_MAX, encode_price_sqrt(5, 2)),
    "swap token0 for token1 to price 0.40000": swap(True, INT256_MAX, encode_price_sqrt(2, 5)),
    "swap token0 for token1 to price 2.5000": swap(True, INT256_MAX, encode_price_sqrt(5, 2)),
    "swap token1 for token0 to price 0.40000": swap(False, INT256_MAX, encode_price_sqrt(2, 5)),
}


def read_extract():
    pools, current = {}, None
    with open(EXTRACT) as f:
        for raw in f:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            fields = [x.strip() for x in line.split("|")]
            if line.startswith("pool: "):
                name = fields[0][len("pool: "):]
                current = {"amount0Before": fields[1], "amount1Before": fields[2],
                           "tickBefore": int(fields[3]), "swaps": {}}
                pools[name] = current
            elif fields[1:] == ["SPL"]:
                current["swaps"][fields[0]] = {"revert": "SPL"}
            else:
                a0, a1, tick, price = fields[1:]
                int(a0), int(a1), float(price)
                current["swaps"][fields[0]] = {"amount0": a0, "amount1": a1, "tickAfter": int(tick),
                                               "poolPriceAfter": price}
    return pools


def main():
    snapshot = read_extract()
    assert sorted(snapshot) == sorted(name for name, *_ in TEST_POOLS), "pool names differ"
    pools, cases = [], []
    for name, fee, sqrt_price, positions in TEST_POOLS:
        snap = snapshot[name]
        assert sorted(snap["swaps"]) == sorted(SWAPS), f"swap set of {name} differs"
        assert MIN_SQRT_RATIO <= sqrt_price < MAX_SQRT_RATIO
        pools.append({
            "name": name, "fee": fee, "tickSpacing": TICK_SPACINGS[fee], "sqrtPriceX96": str(sqrt_price),
            "positions": positions, "amount0Before": snap["amount0Before"], "amount1Before": snap["amount1Before"],
            "tickBefore": snap["tickBefore"],
        })
        for description in sorted(snap["swaps"]):
            case = {"pool": name, "swap": description}
            case.update(SWAPS[description])
            case.update(snap["swaps"][description])
            cases.append(case)
    document = {
        "source": {
            "repository": "Uniswap/v3-core",
            "spec": "test/UniswapV3Pool.swaps.spec.ts@cb66ac217c67b8f12b6ac9e48d2a00a144c07107",
            "snapshot": "test/__snapshots__/UniswapV3Pool.swaps.spec.ts.snap@8445f65e7d1b6714a92f287bfc8b0dcd4cc251e4",
            "generator": "Tests/MarketTests/Fixtures/generate_pool_swap_cases.py",
        },
        "pools": pools,
        "cases": cases,
    }
    with open(OUTPUT, "w") as f:
        json.dump(document, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"{len(pools)} pools, {len(cases)} cases -> {os.path.relpath(OUTPUT)}")
    for r1, r0 in [(1, 1), (10, 1), (1, 10), (2 ** 127, 1), (1, 2 ** 127), (5, 2), (2, 5), (50, 100), (200, 100)]:
        print(f"encodePriceSqrt({r1}, {r0}) = {encode_price_sqrt(r1, r0)}")


if __name__ == "__main__":
    main()
