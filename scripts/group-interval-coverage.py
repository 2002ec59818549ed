#!/usr/bin/env python3
"""Coverage of groups.csv's interval of a mean (`ci95_low`/`ci95_high`), by resampling real
per-article values.

groups.csv gives, per group and metric, the mean of the per-article values and a 95%
interval. Per-article values are far from normal: most categories are absent from most
articles (on allsides, 89 % of articles have no `label.terror` match), so a group's rates are
mostly 0 with a long right tail. Until 0.7.0 the interval was mean ± t(0.975, n − 1) · sd / √n,
which assumes a roughly normal mean; from 0.8.0 it is Hall's (1992) skewness-corrected
interval, and a group whose values are all equal (all 0, typically) gets none.

This script takes the articles.csv of a run, treats the articles with a value of each chosen
metric as a population, draws groups of n articles from it at random (without replacement),
computes both intervals (Hall's with check-reports.py's implementation of the codebook, so the
formula is not written a third time), and prints, per metric and n:
  zeros        the metric's share of articles with the value 0
  t_all        how often the t interval (as written up to 0.7.0, a zero-width one for a group
               of equal values included) holds the population's mean
  no_interval  how often every value of the group is equal (from 0.8.0: no interval)
  t, hall      how often each interval holds the mean, among the other draws
  t_width, hall_width   their median widths, among the other draws

Usage: scripts/group-interval-coverage.py ARTICLES.csv [--metrics a,b,...] [--sizes 2,5,...]
       [--reps 4000] [--seed 20261207]
Standard library only; the same arguments print the same table.
"""

import argparse
import csv
import importlib.util
import math
import pathlib
import random
import statistics

HERE = pathlib.Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("check_reports", HERE / "check-reports.py")
check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check)

DEFAULT_METRICS = (
    "words,frame.per_1k,attribution.per_1k,loaded.per_1k,device.scare_quote.per_1k,"
    "label.terror.per_1k,choice.immigrant.per_1k,loaded.dehumanizing.per_1k,slant"
)


def intervals(values):
    """(t interval, Hall's interval or None, all values equal) for two or more values."""
    mean, sd, se, low, high, _ = check.summary(values)
    half = check.t975(len(values) - 1) * se
    hall = None if low is None else (low, high)
    return (mean - half, mean + half), hall, sd == 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("articles")
    ap.add_argument("--metrics", default=DEFAULT_METRICS)
    ap.add_argument("--sizes", default="2,3,5,10,20,50,100")
    ap.add_argument("--reps", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=20261207)
    args = ap.parse_args()
    with open(args.articles, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    sizes = [int(s) for s in args.sizes.split(",")]
    print("metric,articles,zeros,n,t_all,no_interval,t,hall,t_width,hall_width")
    for metric in args.metrics.split(","):
        values = [float(r[metric]) for r in rows if r.get(metric, "") != ""]
        if not values:
            continue
        truth = math.fsum(values) / len(values)
        zeros = sum(v == 0 for v in values) / len(values)
        # One stream per metric, so that adding a metric leaves the others' rows unchanged.
        rng = random.Random(f"{args.seed}:{metric}")
        for n in sizes:
            if n > len(values):
                continue
            t_all = flat = 0
            hits = {"t": 0, "hall": 0}
            widths = {"t": [], "hall": []}
            for _ in range(args.reps):
                t, hall, equal = intervals(rng.sample(values, n))
                t_all += t[0] <= truth <= t[1]
                if equal:
                    flat += 1
                    continue
                for name, (low, high) in (("t", t), ("hall", hall)):
                    hits[name] += low <= truth <= high
                    widths[name].append(high - low)
            rest = args.reps - flat
            share = lambda k: f"{k / rest:.3f}" if rest else ""
            width = lambda w: f"{statistics.median(w):.4g}" if w else ""
            print(
                f"{metric},{len(values)},{zeros:.3f},{n},{t_all / args.reps:.3f},"
                f"{flat / args.reps:.3f},{share(hits['t'])},{share(hits['hall'])},"
                f"{width(widths['t'])},{width(widths['hall'])}"
            )


if __name__ == "__main__":
    main()
