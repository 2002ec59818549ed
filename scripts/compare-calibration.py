#!/usr/bin/env python3
"""How often `slant compare` finds a difference where there is none: its tests' false-positive
rate on groups of real articles drawn at random.

For each size n the script makes REPS null comparison tables. Each takes the articles of an
articles.csv (a run over allsides, say) that have a value of every chosen metric, draws 2K
groups of n articles at random, no article in two groups, and writes them as a small
articles.csv (an id, the group in `grp`, the metrics). Every group is then a random sample of
one population, so every true difference is 0. With --ratio R the second group of each pair
has R x n articles (an outlet against a larger rest, as `--pairs rest` compares). It runs
`slant compare --by grp --pairs all` on each table and keeps the K disjoint pairs (group 0
with 1, 2 with 3, ...), so that the rows it counts are independent. Per metric and n it
prints how many of the REPS x K pairs reject at 0.05:
  welch   welch_p < 0.05
  mw      mw_p < 0.05
  perm    perm_p < 0.05 (Welch's t by permutation)
  boot    the bootstrap interval of the difference excludes 0
each among the pairs where that cell is filled (a test needs values that vary), with that
number in brackets. A calibrated test rejects about 5 % of the time; with 400 pairs a share's
standard error is about 0.011.

Usage: scripts/compare-calibration.py ARTICLES.csv [--slant target/release/slant]
       [--metrics a,b,...] [--sizes 5,20,50] [--ratio 1] [--pairs 20] [--reps 20]
       [--bootstrap 2000] [--permutations 10000] [--seed 20261207]
Standard library only; the same arguments print the same table (slant compare is
deterministic for a seed).
"""

import argparse
import csv
import pathlib
import random
import subprocess
import tempfile

DEFAULT_METRICS = "frame.per_1k,loaded.per_1k,label.terror.per_1k,choice.immigrant.per_1k"


def null_table(path, rows, metrics, n, ratio, pairs, rng):
    """Write `pairs` pairs of random groups of `rows` to `path` as an articles.csv: groups
    g0000, g0002, ... of n articles, and g0001, g0003, ... of ratio x n."""
    picked = iter(rng.sample(rows, (n + ratio * n) * pairs))
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "grp", "period"] + metrics)
        for g in range(2 * pairs):
            for _ in range(n if g % 2 == 0 else ratio * n):
                r = next(picked)
                w.writerow([r["id"], f"g{g:04d}", ""] + [r[m] for m in metrics])


def rejects(row, test):
    """Whether `row` rejects at 0.05 by `test`, or None when the test gave nothing."""
    if test == "boot":
        lo, hi = row["boot_ci95_low"], row["boot_ci95_high"]
        return None if lo == "" or hi == "" else (float(lo) > 0 or float(hi) < 0)
    p = row[f"{test}_p"]
    return None if p == "" else float(p) < 0.05


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("articles")
    ap.add_argument("--slant", default="target/release/slant")
    ap.add_argument("--metrics", default=DEFAULT_METRICS)
    ap.add_argument("--sizes", default="5,20,50")
    ap.add_argument("--ratio", type=int, default=1)
    ap.add_argument("--pairs", type=int, default=20)
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--bootstrap", type=int, default=2000)
    ap.add_argument("--permutations", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=20261207)
    args = ap.parse_args()
    metrics = args.metrics.split(",")
    with open(args.articles, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if all(r.get(m, "") != "" for m in metrics)]
    tests = ("welch", "mw", "perm", "boot")
    if args.ratio != 1:
        print(f"# the second group of each pair has {args.ratio} x n articles")
    print("n,metric,pairs," + ",".join(tests))
    for n in (int(s) for s in args.sizes.split(",")):
        needed = (1 + args.ratio) * n * args.pairs
        if needed > len(rows):
            print(f"# n = {n}: {needed} articles needed, {len(rows)} have every metric")
            continue
        rng = random.Random(f"{args.seed}:{n}")
        verdicts = {(m, t): [] for m in metrics for t in tests}
        for rep in range(args.reps):
            with tempfile.TemporaryDirectory() as tmp:
                table = pathlib.Path(tmp, "articles.csv")
                null_table(table, rows, metrics, n, args.ratio, args.pairs, rng)
                subprocess.run(
                    [args.slant, "compare", str(table), "--by", "grp", "--pairs", "all",
                     "--metrics", ",".join(metrics), "--bootstrap", str(args.bootstrap),
                     "--permutations", str(args.permutations),
                     "--seed", str(args.seed + rep), "--out", tmp, "-q"],
                    check=True,
                )
                with open(pathlib.Path(tmp, "comparisons.csv"), newline="", encoding="utf-8") as f:
                    out = list(csv.DictReader(f))
            for r in out:
                a, b = int(r["group_a"][1:]), int(r["group_b"][1:])
                if a % 2 == 0 and b == a + 1:
                    for t in tests:
                        v = rejects(r, t)
                        if v is not None:
                            verdicts[(r["metric"], t)].append(v)
        for m in metrics:
            cells = []
            for t in tests:
                v = verdicts[(m, t)]
                cells.append(f"{sum(v) / len(v):.3f} ({len(v)})" if v else "")
            print(f"{n},{m},{args.reps * args.pairs}," + ",".join(cells))


if __name__ == "__main__":
    main()
