#!/usr/bin/env python3
"""Coverage of the intervals over articles (`ci95_articles_*` of choices.csv and targets.csv),
by simulation.

A cell of choices.csv pools the matches of one concept in one group's articles: y of x matches
are one variant. Matches of one article go together (a writer keeps a word), so slant widens
Wilson's interval by the design effect of the ratio y/x over the k articles and narrows its
degrees of freedom to k - 1 (Korn & Graubard), reports/README.md, *Intervals over articles*.
This script draws cells of known share p the way news text makes them: k articles, each with
1 + Poisson(m - 1) matches of the concept, each article with its own share drawn from a beta
distribution of mean p whose intra-article correlation is rho (rho = 0: matches independent;
rho = 1: every article uses one variant throughout), and y_i ~ Binomial(x_i, p_i). It computes
both intervals slant writes with check-reports.py's own implementation of the codebook (so
the formulas are not written a third time) and prints how often each covers p: Wilson's over
matches (`ci95_low`/`ci95_high`) and the one over articles. Cells where slant writes no
interval over articles (one article; no match) are not drawn: k >= 2 and x >= 1 always.

Usage: scripts/cluster-interval-coverage.py [--reps 2000] [--seed 20261207] [--matches 3]
Standard library only; the same arguments print the same table.
"""

import argparse
import importlib.util
import math
import pathlib
import random

HERE = pathlib.Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("check_reports", HERE / "check-reports.py")
check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check)


def poisson(rng, lam):
    """Knuth's method: fine for the small means used here."""
    if lam <= 0:
        return 0
    limit, k, prod = math.exp(-lam), 0, rng.random()
    while prod > limit:
        k += 1
        prod *= rng.random()
    return k


def draw_cell(rng, k, m, p, rho):
    """(y, x, sum y_i^2, sum x_i y_i, sum x_i^2) of one cell of k articles."""
    y = x = syy = sxy = sxx = 0
    for _ in range(k):
        xi = 1 + poisson(rng, m - 1)
        if rho <= 0:
            pi = p
        elif rho >= 1:
            pi = 1.0 if rng.random() < p else 0.0
        else:
            s = 1 / rho - 1  # a + b of the beta distribution
            pi = rng.betavariate(p * s, (1 - p) * s)
        yi = sum(rng.random() < pi for _ in range(xi))
        y, x = y + yi, x + xi
        syy, sxy, sxx = syy + yi * yi, sxy + xi * yi, sxx + xi * xi
    return y, x, syy, sxy, sxx


def covers(interval, p):
    lo, hi = interval
    return lo is not None and lo <= p <= hi


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=20261207)
    ap.add_argument("--matches", type=float, default=3.0,
                    help="mean matches of the concept per article (default 3)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    print(f"coverage of nominal 95% intervals, {args.reps} cells each, "
          f"{args.matches:g} matches per article on average, seed {args.seed}")
    print(f"{'articles':>8} {'rho':>5} {'share':>6}   {'over matches':>12}   "
          f"{'over articles':>13}   {'median width ratio':>18}")
    for k in [2, 3, 5, 10, 30, 100]:
        for rho in [0.0, 0.2, 0.5, 1.0]:
            for p in [0.1, 0.3, 0.5]:
                hit_m = hit_a = 0
                ratios = []
                for _ in range(args.reps):
                    y, x, syy, sxy, sxx = draw_cell(rng, k, args.matches, p, rho)
                    deff = (check.design_effect(y, x, k, syy, sxy, sxx)
                            if 0 < y < x else None)
                    over_matches = check.wilson(y, x)
                    _, over_articles = check.clustered(y, x, k, deff)
                    hit_m += covers(over_matches, p)
                    hit_a += covers(over_articles, p)
                    wm = over_matches[1] - over_matches[0]
                    if wm > 0 and over_articles[0] is not None:
                        ratios.append((over_articles[1] - over_articles[0]) / wm)
                ratios.sort()
                med = ratios[len(ratios) // 2] if ratios else float("nan")
                print(f"{k:>8} {rho:>5.1f} {p:>6.1f}   {hit_m / args.reps:>12.3f}   "
                      f"{hit_a / args.reps:>13.3f}   {med:>18.2f}")


if __name__ == "__main__":
    main()
