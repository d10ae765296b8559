#!/usr/bin/env python3
"""Exact reference vectors for the UInt256 / Int256 / FullMath cross-checks.

Python's integers are arbitrary precision, so every expected value here is exact.
Deterministic: the seed is fixed and the output is sorted-key JSON, so re-running the
script reproduces bigint_vectors.json byte for byte.

    python3 Tests/DEXMathTests/Fixtures/generate_vectors.py > Tests/DEXMathTests/Fixtures/bigint_vectors.json
"""
import json
import random
import sys

SEED = 0xBA5EB00C
U256 = 1 << 256
MASK = U256 - 1
I256_MIN = -(1 << 255)
I256_MAX = (1 << 255) - 1

rng = random.Random(SEED)

EDGES = sorted({
    0, 1, 2, 3,
    (1 << 64) - 1, 1 << 64, (1 << 64) + 1,
    (1 << 96), (1 << 96) - 1,
    (1 << 128) - 1, 1 << 128, (1 << 128) + 1,
    (1 << 160) - 1, 1 << 160,
    (1 << 192) - 1, 1 << 192,
    (1 << 255) - 1, 1 << 255, (1 << 255) + 1,
    U256 - 2, U256 - 1,
    10 ** 18, 10 ** 19, 10 ** 38, 10 ** 76,
})

SIGNED_EDGES = sorted({
    0, 1, -1, 2, -2,
    (1 << 63) - 1, -(1 << 63), (1 << 64), -(1 << 64),
    (1 << 127) - 1, -(1 << 127), (1 << 128), -(1 << 128),
    I256_MAX, I256_MAX - 1, I256_MIN, I256_MIN + 1,
    (1 << 254), -(1 << 254),
})


LIMB = 1 << 64
LIMB_PATTERNS = [0, 1, LIMB - 1, LIMB - 2, 1 << 63, (1 << 63) - 1, (1 << 63) + 1]


def knuth_d_adds_back(u, v):
    """True when long division of u by v on 64-bit limbs (Knuth, TAOCP 4.3.1, Algorithm D) needs
    the rare 'add back' correction (step D6). Only used to pick inputs that exercise that path;
    the expected quotients and remainders always come from Python's exact divmod."""
    def limbs(x, n):
        return [(x >> (64 * i)) & (LIMB - 1) for i in range(n)]
    vl = limbs(v, 4)
    while len(vl) > 1 and vl[-1] == 0:
        vl.pop()
    n = len(vl)
    ul = limbs(u, 8)
    while len(ul) > 1 and ul[-1] == 0:
        ul.pop()
    if n == 1 or len(ul) < n:
        return False
    s = 64 - vl[-1].bit_length()
    vn = limbs(v << s, n)
    un = limbs(u << s, len(ul) + 1)
    divisor = sum(vn[i] << (64 * i) for i in range(n))
    added_back = False
    for j in range(len(ul) - n, -1, -1):
        top = un[j + n] * LIMB + un[j + n - 1]
        qhat, rhat = divmod(top, vn[n - 1])
        while qhat >= LIMB or qhat * vn[n - 2] > LIMB * rhat + un[j + n - 2]:
            qhat -= 1
            rhat += vn[n - 1]
            if rhat >= LIMB:
                break
        window = sum(un[j + i] << (64 * i) for i in range(n + 1))
        window -= qhat * divisor
        if window < 0:
            added_back = True
            window += divisor
        for i in range(n + 1):
            un[j + i] = (window >> (64 * i)) & (LIMB - 1)
    return added_back


def adversarial(limb_count):
    return sum(rng.choice(LIMB_PATTERNS) << (64 * i) for i in range(limb_count))


def rand_u256():
    """A value of random bit width (so small, medium and full-width values all occur),
    sometimes an edge value or an edge value nudged by a little."""
    r = rng.random()
    if r < 0.15:
        return rng.choice(EDGES)
    if r < 0.25:
        return (rng.choice(EDGES) + rng.randint(-3, 3)) % U256
    bits = rng.randint(1, 256)
    return rng.getrandbits(bits)


def rand_nonzero_u256():
    while True:
        v = rand_u256()
        if v:
            return v


def rand_i256():
    r = rng.random()
    if r < 0.2:
        return rng.choice(SIGNED_EDGES)
    bits = rng.randint(1, 255)
    v = rng.getrandbits(bits)
    return -v if rng.random() < 0.5 else v


def s(v):
    return str(v)


def to_i256(v):
    v &= MASK
    return v - U256 if v >> 255 else v


def fits_i256(v):
    return I256_MIN <= v <= I256_MAX


def edge_pairs(count):
    pairs = [(a, b) for a in EDGES for b in EDGES]
    rng.shuffle(pairs)
    return pairs[:count]


def main():
    out = {"seed": SEED}

    # add / sub: wrapped result plus the overflow flag.
    add, sub = [], []
    for a, b in edge_pairs(40) + [(rand_u256(), rand_u256()) for _ in range(60)]:
        add.append({"a": s(a), "b": s(b), "result": s((a + b) & MASK), "overflow": a + b > MASK})
        sub.append({"a": s(a), "b": s(b), "result": s((a - b) & MASK), "overflow": a < b})
    out["add"], out["sub"] = add, sub

    # Full-width products.
    mul = []
    for a, b in edge_pairs(30) + [(rand_u256(), rand_u256()) for _ in range(60)]:
        p = a * b
        mul.append({"a": s(a), "b": s(b), "high": s(p >> 256), "low": s(p & MASK)})
    out["mul"] = mul

    # 256 / 256 division.
    divmod_cases = []
    for _ in range(80):
        a, b = rand_u256(), rand_nonzero_u256()
        if rng.random() < 0.3:  # divisor close to the dividend exercises Knuth D's correction step
            b = max(1, a >> rng.randint(0, 8))
        q, r = divmod(a, b)
        divmod_cases.append({"a": s(a), "b": s(b), "quotient": s(q), "remainder": s(r)})
    for a, b in edge_pairs(25):
        if b:
            q, r = divmod(a, b)
            divmod_cases.append({"a": s(a), "b": s(b), "quotient": s(q), "remainder": s(r)})
    # Dividends and divisors built from extreme limbs, kept only when Algorithm D must add back.
    found = 0
    while found < 15:
        a, b = adversarial(4), adversarial(4)
        if b and knuth_d_adds_back(a, b):
            q, r = divmod(a, b)
            divmod_cases.append({"a": s(a), "b": s(b), "quotient": s(q), "remainder": s(r)})
            found += 1
    out["divmod"] = divmod_cases

    # 512 / 256 division where the quotient fits (high < divisor).
    wide = []
    for _ in range(60):
        d = rand_nonzero_u256()
        if d < 2:
            d = rng.getrandbits(256) | 2
        high = rng.randrange(d)
        low = rand_u256()
        q, r = divmod((high << 256) | low, d)
        assert q <= MASK
        wide.append({"high": s(high), "low": s(low), "divisor": s(d), "quotient": s(q), "remainder": s(r)})
    found = 0
    while found < 15:
        d, n = adversarial(4), adversarial(8)
        high, low = n >> 256, n & MASK
        if d and high < d and knuth_d_adds_back(n, d):
            q, r = divmod(n, d)
            wide.append({"high": s(high), "low": s(low), "divisor": s(d), "quotient": s(q), "remainder": s(r)})
            found += 1
    out["divFullWidth"] = wide

    # mulDiv / mulDivRoundingUp; null = the contract reverts (result above 2^256 - 1).
    muldiv = []
    def add_muldiv(a, b, d):
        q, r = divmod(a * b, d)
        floor = s(q) if q <= MASK else None
        ceil_v = q + (1 if r else 0)
        ceil = s(ceil_v) if ceil_v <= MASK else None
        muldiv.append({"a": s(a), "b": s(b), "d": s(d), "floor": floor, "ceil": ceil})
    for _ in range(80):
        a, b = rand_u256(), rand_u256()
        # Pick d so the quotient usually fits: at least (a*b) >> 256, plus noise.
        lo = (a * b >> 256) + 1
        if rng.random() < 0.8 and lo <= MASK:
            d = rng.randint(lo, max(lo, MASK))
            if rng.random() < 0.5:
                d = min(MASK, lo + rng.getrandbits(rng.randint(1, 64)))
        else:
            d = rand_nonzero_u256()
        add_muldiv(a, b, d)
    for a, b in edge_pairs(20):
        add_muldiv(a, b, rand_nonzero_u256())
    add_muldiv(MASK, MASK, MASK)
    add_muldiv(MASK, MASK, MASK - 1)
    add_muldiv(1 << 128, 1 << 128, 1)
    add_muldiv(1 << 255, 2, 2)
    add_muldiv(MASK, 2, 2)
    add_muldiv(MASK, 3, 2)
    # Results at the top of the range: exactly 2^256 - 1, just below it, and (the published
    # v3-core FullMath case) floor == 2^256 - 1 with a remainder, so only the ceiling overflows.
    add_muldiv(MASK, MASK - 1, MASK - 1)
    add_muldiv((1 << 255) + 1, MASK, MASK - 2)
    add_muldiv(535006138814359, 432862656469423142931042426214547535783388063929571229938474969, 2)
    out["mulDiv"] = muldiv

    # Logical shifts (amounts of 256 or more give 0, as the EVM's SHL/SHR).
    shifts = []
    amounts = [0, 1, 31, 32, 63, 64, 65, 96, 127, 128, 129, 160, 191, 192, 193, 255, 256, 300]
    for _ in range(60):
        a = rand_u256()
        k = rng.choice(amounts) if rng.random() < 0.5 else rng.randint(0, 260)
        shifts.append({"a": s(a), "shift": k,
                       "left": s((a << k) & MASK if k < 256 else 0),
                       "right": s(a >> k if k < 256 else 0)})
    out["shifts"] = shifts

    # Text round trips: decimal, "0x"-prefixed minimal lower-case hex, 64-digit padded hex.
    strings = []
    for v in EDGES + [rand_u256() for _ in range(40)]:
        strings.append({"decimal": str(v), "hex": hex(v), "padded": format(v, "064x")})
    out["strings"] = strings

    # Int256: checked results are null where Solidity's checked int256 math would revert;
    # wrapping results are two's complement mod 2^256.
    signed = []
    pairs = [(a, b) for a in SIGNED_EDGES for b in SIGNED_EDGES]
    rng.shuffle(pairs)
    for a, b in pairs[:50] + [(rand_i256(), rand_i256()) for _ in range(70)]:
        k = rng.randint(0, 260)
        signed.append({
            "a": s(a), "b": s(b),
            "sum": s(a + b) if fits_i256(a + b) else None,
            "difference": s(a - b) if fits_i256(a - b) else None,
            "product": s(a * b) if fits_i256(a * b) else None,
            "wrappingSum": s(to_i256(a + b)),
            "wrappingDifference": s(to_i256(a - b)),
            "wrappingProduct": s(to_i256(a * b)),
            "negation": s(-a) if fits_i256(-a) else None,
            "shift": k,
            "arithmeticRight": s(a >> k if k < 256 else (-1 if a < 0 else 0)),
            "bitPattern": s(a & MASK),
            "less": a < b,
        })
    out["int256"] = signed

    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
