#!/usr/bin/env bash
# Instructions (and simulated branch mispredictions) per operation for each DEXMath kernel,
# counted by callgrind on the dexmath-profile driver: run N and 2N operations and divide the
# difference by N, which cancels start-up and input generation. Deterministic for a given
# binary and inputs, whatever else the machine is doing — unlike wall clock on a shared box.
#
#   cd Benchmarks && scripts/instructions-per-op.sh            # all kernels
#   cd Benchmarks && scripts/instructions-per-op.sh mulDiv     # some kernels
#
# Needs valgrind (Debian: apt-get install valgrind). Mispredictions come from callgrind's
# simple branch-predictor model (--branch-sim=yes): a relative indicator, not a hardware count.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product dexmath-profile >&2
binary="$(swift build -c release --show-bin-path)/dexmath-profile"

kernels=("$@")
if [ ${#kernels[@]} -eq 0 ]; then
    kernels=(mulDiv mulDivRoundingUp naiveMulDiv mulDiv64x64 nativeUInt128 mulDiv128x128 stdlibUInt128
             sqrtPriceAtTick tickAtSqrtPrice swapStepExactIn swapStepExactOut poolSwap10Ticks)
fi

# callgrind's "Collected : Ir Bc Bcm Bi Bim" line for one run.
collect() {
    valgrind --tool=callgrind --branch-sim=yes --callgrind-out-file=/dev/null "$binary" "$1" "$2" 2>&1 \
        | sed -n 's/.*Collected : //p'
}

printf '| kernel | instructions/op | cond. branches/op | mispredicted cond./op | indirect jumps/op | mispredicted indirect/op |\n'
printf '|:--|--:|--:|--:|--:|--:|\n'
for kernel in "${kernels[@]}"; do
    n=4096
    [ "$kernel" = poolSwap10Ticks ] && n=512
    read -r -a one <<<"$(collect "$kernel" "$n")"
    read -r -a two <<<"$(collect "$kernel" $((2 * n)))"
    per() { awk -v a="$1" -v b="$2" -v n="$n" 'BEGIN { printf "%.1f", (b - a) / n }'; }
    printf '| %s | %s | %s | %s | %s | %s |\n' "$kernel" \
        "$(per "${one[0]}" "${two[0]}")" "$(per "${one[1]}" "${two[1]}")" "$(per "${one[2]}" "${two[2]}")" \
        "$(per "${one[3]}" "${two[3]}")" "$(per "${one[4]}" "${two[4]}")"
done
