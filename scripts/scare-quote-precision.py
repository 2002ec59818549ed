#!/usr/bin/env python3
"""Precision of slant's scare-quote and distancing devices, from a hand-labelled sample.

  scripts/scare-quote-precision.py draw REPORTS/matches.csv [--seed 31337] > sample.csv
      draws 50 device matches at random (Python's random.Random(seed).sample over the
      device rows of matches.csv, in file order) for labelling by hand;
  scripts/scare-quote-precision.py score [validation/scare-quotes-sample.csv]
      prints precision with a Wilson 95% interval from the `judgement` column.

Standard library only.
"""
import csv
import math
import random
import sys


def wilson(k, n, z=1.959963984540054):
    p = k / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return centre - half, centre + half


def draw(path, seed):
    rows = [r for r in csv.DictReader(open(path, newline="", encoding="utf-8")) if r["lexicon"] == "device"]
    sample = random.Random(seed).sample(rows, 50)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["n", "id", "outlet", "category", "text", "left", "right", "judgement", "reason"])
    for i, r in enumerate(sample, 1):
        out.writerow([i, r["id"], r.get("outlet", ""), r["category"], r["text"], r["left"], r["right"], "", ""])
    print(f"{len(rows)} device matches; drew 50 with seed {seed}", file=sys.stderr)


def score(path):
    rows = list(csv.DictReader(open(path, newline="", encoding="utf-8")))
    for label in ["all", "device.scare_quote", "device.distancing"]:
        sel = [r for r in rows if label == "all" or r["category"] == label]
        if not sel:
            continue
        k = sum(r["judgement"] == "correct" for r in sel)
        lo, hi = wilson(k, len(sel))
        print(f"{label:20} {k:3}/{len(sel):<3} precision {k / len(sel):.2f}  95% CI {lo:.2f}-{hi:.2f}")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["draw"] and len(args) >= 2:
        seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 31337
        draw(args[1], seed)
    elif args[:1] == ["score"]:
        score(args[1] if len(args) > 1 else "validation/scare-quotes-sample.csv")
    else:
        sys.exit(__doc__)
