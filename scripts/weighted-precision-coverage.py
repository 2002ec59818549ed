#!/usr/bin/env python3
"""Coverage of slant agreement's weighted precision interval, by simulation.

`slant agreement` weights each judged match by the candidates of its stratum it stands for
(w_h = N_h / n_h) and gives Wilson's 95% interval with the effective number of matches
n_eff = (sum w_h m_h)^2 / sum (1 - n_h/N_h) w_h^2 m_h (reports/README.md, agreement.csv).
This script draws stratified samples from made-up corpora of known precision, the way
`slant sample` draws (up to n per stratum, without replacement, a stratum smaller than n taken
whole), recomputes the estimate and interval with the same formulas, and prints how often the
interval covers the corpus's precision, next to the unweighted Wilson interval of the pooled
sample. Standard library only; the same seed prints the same table.

Usage: scripts/weighted-precision-coverage.py [--reps 4000] [--seed 20261207]
"""

import argparse
import math
import random

Z = 1.959963984540054  # the 0.975 normal quantile

# Corpora: (candidates, of which correct) per stratum.
CORPORA = {
    "small strata precise, large ones not": [
        (3000, 1500), (800, 480), (40, 38), (30, 30), (20, 19), (12, 12), (8, 8)],
    "all strata near 0.97": [(3000, 2900), (800, 790), (40, 38), (30, 30)],
    "one stratum": [(5000, 4000)],
    "20 small strata and a large one": [(50, 45)] * 20 + [(2000, 1000)],
    "a spread like a real run": [
        (5000, 4500), (3000, 2000), (1000, 950), (500, 300), (200, 190), (100, 100),
        (50, 40), (20, 20), (10, 9), (5, 5)],
}


def wilson(p, n):
    """Wilson's 95% interval for a share p with n (possibly fractional) trials."""
    k = p * n
    denom = 2 * (n + Z * Z)
    centre = (2 * k + Z * Z) / denom
    half = Z / denom * math.sqrt(4 * k * (1 - p) + Z * Z)
    low = 0.0 if p == 0 else max(0.0, centre - half)
    high = 1.0 if p == 1 else min(1.0, centre + half)
    return low, high


def weighted(strata):
    """(estimate, interval) from (N_h, n_h, correct_h) per stratum."""
    represented = hits = spread = 0.0
    for size, judged, correct in strata:
        w = size / judged
        represented += w * judged
        hits += w * correct
        spread += (size - judged) / size * w * w * judged
    p = hits / represented
    if spread == 0:
        return p, (p, p)
    return p, wilson(p, represented * represented / spread)


def coverage(corpus, n, reps, rng):
    truth = sum(c for _, c in corpus) / sum(s for s, _ in corpus)
    hit_weighted = hit_pooled = 0
    for _ in range(reps):
        strata = []
        for size, correct in corpus:
            drawn = min(n, size)
            k = sum(1 for x in rng.sample(range(size), drawn) if x < correct)
            strata.append((size, drawn, k))
        _, (low, high) = weighted(strata)
        hit_weighted += low <= truth <= high
        k = sum(s[2] for s in strata)
        m = sum(s[1] for s in strata)
        low, high = wilson(k / m, m)
        hit_pooled += low <= truth <= high
    return truth, hit_weighted / reps, hit_pooled / reps


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=4000, help="samples per cell (default 4000)")
    ap.add_argument("--seed", type=int, default=20261207, help="random seed (default 20261207)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    print(f"coverage of 95% intervals over {args.reps} stratified samples per cell "
          f"(seed {args.seed})")
    print(f"{'corpus':<38} {'precision':>9} {'--n':>4} {'weighted':>9} {'unweighted':>11}")
    for name, corpus in CORPORA.items():
        for n in (5, 10, 20, 50):
            truth, w, u = coverage(corpus, n, args.reps, rng)
            print(f"{name:<38} {truth:>9.3f} {n:>4} {w:>9.3f} {u:>11.3f}")


if __name__ == "__main__":
    main()
