#!/usr/bin/env python3
"""Precision of slant's scare-quote and distancing devices, from a hand-labelled sample.

  scripts/scare-quote-precision.py draw REPORTS/matches.csv [--seed 31337] > sample.csv
      draws 50 device matches at random (Python's random.Random(seed).sample over the
      device rows of matches.csv, in file order) for labelling by hand;
  scripts/scare-quote-precision.py score [validation/scare-quotes-sample.csv]
      prints precision with a Wilson 95% interval from the `judgement` column;
  scripts/scare-quote-precision.py rounds [DIR]
      for the study of December 2026 (DIR defaults to validation/scare-quotes-2026-12): each
      round's sheet mixes matches the changed rules keep with matches they remove, judged blind;
      prints the share judged correct of each, and from the numbers of scare quotes on
      allsides-dev (16,017 by the old rules; 11,528 kept by the first version of the change,
      10,673 by the final one) the estimated precision of the old rules and the share of their
      correct scare quotes the changed ones keep.

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


def rounds(folder, old, first, final):
    """Round 1 was drawn for the first version of the changed rules (keeping `first` of the
    `old` scare quotes), round 2 for the final one (keeping `final`)."""
    for name, column, kept in [("round1.csv", "first_rules", first), ("round2.csv", "rules", final)]:
        rows = list(csv.DictReader(open(f"{folder}/{name}", newline="", encoding="utf-8")))
        strata = {}
        for r in rows:
            k, n = strata.get(r[column], (0, 0))
            strata[r[column]] = (k + (r["judgement"] == "correct"), n + 1)
        print(f"{name} ({column}, keeping {kept} of {old}):")
        for label in ["kept", "removed"]:
            k, n = strata[label]
            lo, hi = wilson(k, n)
            print(f"  {label:8} {k:3}/{n:<3} correct {k / n:.2f}  95% CI {lo:.2f}-{hi:.2f}")
        true_kept = kept * strata["kept"][0] / strata["kept"][1]
        true_lost = (old - kept) * strata["removed"][0] / strata["removed"][1]
        print(f"  old rules: estimated precision {(true_kept + true_lost) / old:.2f}; the changed "
              f"rules keep an estimated {true_kept / (true_kept + true_lost):.2f} of their "
              f"correct scare quotes")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["draw"] and len(args) >= 2:
        seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 31337
        draw(args[1], seed)
    elif args[:1] == ["rounds"]:
        rounds(args[1] if len(args) > 1 else "validation/scare-quotes-2026-12", 16017, 11528, 10673)
    elif args[:1] == ["score"]:
        score(args[1] if len(args) > 1 else "validation/scare-quotes-sample.csv")
    else:
        sys.exit(__doc__)
