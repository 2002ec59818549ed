#!/usr/bin/env python3
"""Validate slant's built-in lexicons against AllSides outlet labels; Python 3 standard library only.

Two jobs, both on reports that `slant score CORPUS --group-by outlet --out DIR` wrote:

  report        outlet-level validity: Spearman's rho between each outlet's pooled slant and its
                AllSides label (left -1, center 0, right +1) over outlets with at least
                --min-articles articles, with a seeded percentile bootstrap interval (outlets
                resampled with replacement); then per-category precision, with Wilson 95%
                intervals, from the hand-judged sample in --sample.
  draw-sample   draw the stratified random sample of matches to judge by hand (see --help).
  two-coder     the sample of `slant sample --per lexicon` that two coders judged, in the
                sheets given by --sheets: checks that its matches are still in this run's
                matches.csv, then prints each stratum's (lexicon's) precision from the
                coders' majority, with Wilson 95% intervals, and where the coders disagreed.
                `slant agreement` gives the rest (precision per category, weighted by stratum
                size, kappa, alpha); this is an independent count of the per-stratum figures.

scripts/validate-allsides.sh builds slant, scores the corpus and runs `report`, `two-coder`
and `slant agreement`; use this file directly only to re-run on existing reports or to draw a
new sample.
"""

import argparse
import csv
import gzip
import json
import math
import os
import random
import signal
import sys
from collections import Counter, defaultdict

LABEL_VALUE = {"left": -1, "center": 0, "right": 1}
Z95 = 1.959963984540054
SAMPLE_COLUMNS = ["id", "outlet", "lexicon", "entry", "category", "text", "left", "right"]
# One stratum per built-in lexicon; for choices only the weighted (non-zero) matches, the ones
# that enter the slant metric.
STRATA = ["choices", "epistemic", "frames", "loaded"]

csv.field_size_limit(1 << 30)


def fail(message):
    print(f"validate_allsides: {message}", file=sys.stderr)
    sys.exit(2)


# --- statistics -----------------------------------------------------------------------------


def average_ranks(values):
    """1-based ranks, ties sharing the mean of the ranks they span."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        mean_rank = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[order[k]] = mean_rank
        i = j + 1
    return ranks


def pearson(x, y):
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def spearman(x, y):
    """Spearman's rho: Pearson's r of the average ranks; None when a variable is constant."""
    if len(x) < 2:
        return None
    return pearson(average_ranks(x), average_ranks(y))


def quantile(sorted_values, q):
    """Linear interpolation between order statistics (numpy's default)."""
    pos = (len(sorted_values) - 1) * q
    lo = math.floor(pos)
    hi = math.ceil(pos)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def bootstrap_rho(x, y, reps, seed):
    rng = random.Random(seed)
    n = len(x)
    values, degenerate = [], 0
    for _ in range(reps):
        idx = [rng.randrange(n) for _ in range(n)]
        rho = spearman([x[i] for i in idx], [y[i] for i in idx])
        if rho is None:
            degenerate += 1
        else:
            values.append(rho)
    values.sort()
    if not values:
        return None, None, degenerate
    return quantile(values, 0.025), quantile(values, 0.975), degenerate


def wilson(k, n):
    if n == 0:
        return None, None
    p = k / n
    denom = 1 + Z95 * Z95 / n
    centre = (p + Z95 * Z95 / (2 * n)) / denom
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95 * Z95 / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


# --- inputs ---------------------------------------------------------------------------------


def corpus_labels(path):
    """outlet -> Counter of AllSides labels, over every record of the corpus."""
    labels = defaultdict(Counter)
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            record = json.loads(line)
            labels[record.get("outlet", "")][record.get("bias", "")] += 1
    return labels


def read_groups(reports):
    """(slant rows by outlet, article counts by outlet) from groups.csv."""
    slant, narrator, articles, coded = {}, {}, {}, {}
    with open(os.path.join(reports, "groups.csv"), newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if "outlet" not in reader.fieldnames:
            fail("groups.csv has no outlet column: score with --group-by outlet")
        for row in reader:
            metric = row["metric"]
            if metric == "words":
                articles[row["outlet"]] = int(row["articles"])
            elif metric in ("slant", "narrator_slant"):
                value = row.get("pooled_ratio", "")
                target = slant if metric == "slant" else narrator
                target[row["outlet"]] = float(value) if value not in ("", None) else None
                if metric == "slant" and row.get("total", "") != "":
                    coded[row["outlet"]] = int(float(row["total"]))
    return slant, narrator, articles, coded


def pooled_from_matches(reports):
    """Fallback: outlet -> sum of weights / sum of |weights| over choice matches."""
    total, absolute, count = defaultdict(float), defaultdict(float), Counter()
    with open(os.path.join(reports, "matches.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            cats = row["category"].lstrip("'").split(";")
            if not any(c.startswith("choice.") for c in cats):
                continue
            w = float(row["weight"])
            total[row["outlet"]] += w
            absolute[row["outlet"]] += abs(w)
            count[row["outlet"]] += w != 0
    pooled = {o: (total[o] / absolute[o] if absolute[o] else None) for o in absolute}
    return pooled, dict(count)


# --- report ---------------------------------------------------------------------------------


def outlet_validity(args):
    labels = corpus_labels(args.corpus)
    varying = {o: c for o, c in labels.items() if len(c) > 1}
    slant, narrator, articles, coded = read_groups(args.reports)
    if any(v is not None for v in slant.values()):
        source = "groups.csv (metric slant, column pooled_ratio)"
    else:
        slant, coded = pooled_from_matches(args.reports)
        narrator = {}
        source = "matches.csv (no slant rows in groups.csv: sum of weight / sum of |weight| over choice.* matches)"
    if not articles:
        articles = {o: sum(c.values()) for o, c in labels.items()}

    print(f"corpus: {args.corpus}")
    print(f"reports: {args.reports}")
    print(f"pooled slant read from: {source}")
    print(
        f"outlets in corpus: {len(labels)}; AllSides label constant within every outlet: "
        + ("yes" if not varying else f"no ({len(varying)} outlets vary; their majority label is used)")
    )
    eligible = sorted(o for o, n in articles.items() if n >= args.min_articles and o in labels)
    usable = [o for o in eligible if slant.get(o) is not None]
    print(
        f"outlets with >= {args.min_articles} articles: {len(eligible)}; "
        f"with a defined pooled slant: {len(usable)}"
    )
    if len(usable) < 3:
        fail("fewer than 3 outlets to correlate")
    counts = sorted(coded.get(o, 0) for o in usable)
    if counts:
        print(
            f"coded (weight +-1) word-choice matches per outlet: median {quantile(counts, 0.5):g}, "
            f"min {counts[0]}, max {counts[-1]}"
        )

    def label_of(outlet):
        return LABEL_VALUE[labels[outlet].most_common(1)[0][0]]

    def correlate(values, name):
        outlets = [o for o in usable if values.get(o) is not None]
        x = [values[o] for o in outlets]
        y = [label_of(o) for o in outlets]
        rho = spearman(x, y)
        lo, hi, degenerate = bootstrap_rho(x, y, args.reps, args.seed)
        print(
            f"{name}: Spearman rho = {fmt(rho)} over {len(outlets)} outlets; bootstrap 95% CI "
            f"[{fmt(lo)}, {fmt(hi)}] ({args.reps} resamples of outlets, seed {args.seed}, "
            f"percentile; {degenerate} degenerate resamples skipped)"
        )
        return outlets

    outlets = correlate(slant, "pooled slant vs AllSides label (left -1, center 0, right +1)")
    if any(v is not None for v in narrator.values()):
        correlate(narrator, "pooled narrator-voice slant vs AllSides label")

    print("mean of outlets' pooled slant by AllSides label:")
    for name, value in LABEL_VALUE.items():
        group = [slant[o] for o in outlets if label_of(o) == value]
        if group:
            mean = sum(group) / len(group)
            print(f"  {name:<7} n = {len(group):>3}  mean = {mean:+.3f}  "
                  f"min = {min(group):+.3f}  max = {max(group):+.3f}")
    if args.outlets:
        print("per outlet (pooled slant, AllSides label, articles, coded matches):")
        for o in sorted(outlets, key=lambda o: slant[o]):
            print(f"  {slant[o]:+.3f}  {labels[o].most_common(1)[0][0]:<6} {articles[o]:>5} "
                  f"{coded.get(o, 0):>5}  {o}")


def fmt(value):
    return "n/a" if value is None else f"{value:.3f}"


def precision(args):
    if not os.path.exists(args.sample):
        print(f"\nno hand-judged sample at {args.sample}: skipping precision")
        return
    with open(args.sample, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    judged = [r for r in rows if r.get("judgement") in ("correct", "incorrect")]
    print(f"\nprecision from {len(judged)} hand-judged matches ({args.sample}; "
          f"{len(rows) - len(judged)} not judged):")
    by_lexicon, by_family, by_category = defaultdict(list), defaultdict(list), defaultdict(list)
    for r in judged:
        ok = r["judgement"] == "correct"
        by_lexicon[r["lexicon"]].append(ok)
        # A match of an entry with several categories can be right for one and wrong for
        # another: `wrong_categories` then names the wrong ones, and the others count as correct.
        wrong = {c for c in r.get("wrong_categories", "").split(";") if c}
        families = {}
        for c in r["category"].lstrip("'").split(";"):
            right = ok or (bool(wrong) and c not in wrong)
            by_category[c].append(right)
            family = ".".join(c.split(".")[:2]) if c.startswith("frame.") else c.split(".")[0]
            families[family] = families.get(family, True) and right
        for family, right in families.items():
            by_family[family].append(right)
    print("  by lexicon (each lexicon is one stratum of the sample; a match is correct when")
    print("  every category it counts in is right):")
    print_table(by_lexicon)
    print("  by category family (frame.policy and frame.generic apart; the first part otherwise):")
    print_table(by_family)
    print("  by category (a match whose entry names two categories counts in both):")
    print_table(by_category)


def print_table(groups):
    for key in sorted(groups):
        oks = groups[key]
        k, n = sum(oks), len(oks)
        lo, hi = wilson(k, n)
        print(f"    {key:<42} {k:>3}/{n:<3} precision {k / n:.2f}  Wilson 95% [{lo:.2f}, {hi:.2f}]")


# --- the two-coder sample -------------------------------------------------------------------

# The columns that say which match a sheet row is, as `slant sample` writes them.
MATCH_KEY = ["id", "part", "start", "end", "lexicon", "entry", "category"]


def two_coder(args):
    sheets = []
    for path in args.sheets:
        with open(path, newline="", encoding="utf-8") as f:
            sheets.append((path, {r["sample_id"]: r for r in csv.DictReader(f)}))
    ids = sorted(sheets[0][1], key=int)
    for path, rows in sheets[1:]:
        if sorted(rows, key=int) != ids:
            fail(f"{path} does not hold the sample_ids of {sheets[0][0]}")
    first = sheets[0][1]
    wanted = {tuple(first[i][c].lstrip("'") for c in MATCH_KEY) for i in ids}
    found = set()
    with open(os.path.join(args.reports, "matches.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = tuple(row[c].lstrip("'") for c in MATCH_KEY)
            if key in wanted:
                found.add(key)
    print(f"\ntwo coders ({', '.join(p for p, _ in sheets)}): {len(ids)} matches, "
          f"{len(found)} of them still in this run's matches.csv"
          + ("" if len(found) == len(wanted) else
             " (the lexicons or slant's rules changed since the draw: the sheets measure the run they "
             "were drawn from; draw and judge a new sample to measure this one)"))
    by_stratum, split = defaultdict(list), Counter()
    for i in ids:
        votes = Counter(rows[i]["judgement"].strip().lower() for _, rows in sheets)
        stratum = first[i]["stratum"]
        (top, n), = votes.most_common(1)
        if n * 2 > len(sheets) and top in ("correct", "incorrect"):
            by_stratum[stratum].append(top == "correct")
        else:
            split[stratum] += 1
    print("  precision per stratum, from the majority judgement (a tie is left out):")
    print_table(by_stratum)
    print("  ties (the coders disagreed): "
          + (", ".join(f"{s} {n}" for s, n in sorted(split.items())) or "none"))


# --- sampling -------------------------------------------------------------------------------


def stratum_of(row):
    lexicon = row["lexicon"]
    if lexicon == "choices" and float(row["weight"]) == 0:
        return None
    return lexicon if lexicon in STRATA else None


def draw_sample(args):
    if os.path.exists(args.sample) and not args.force:
        fail(f"{args.sample} exists (and may hold judgements); pass --force to replace it")
    path = os.path.join(args.reports, "matches.csv")
    members = defaultdict(list)
    with open(path, newline="", encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f)):
            s = stratum_of(row)
            if s is not None:
                members[s].append(i)
    rng = random.Random(args.seed)
    per, extra = divmod(args.size, len(STRATA))
    chosen = {}
    for k, s in enumerate(STRATA):
        take = per + (1 if k < extra else 0)
        for i in sorted(rng.sample(members[s], min(take, len(members[s])))):
            chosen[i] = s
    with open(path, newline="", encoding="utf-8") as f, open(
        args.sample, "w", newline="", encoding="utf-8"
    ) as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(SAMPLE_COLUMNS + ["judgement", "reason"])
        for i, row in enumerate(csv.DictReader(f)):
            if i in chosen:
                writer.writerow([row[c] for c in SAMPLE_COLUMNS] + ["", ""])
    sizes = Counter(chosen.values())
    print(f"wrote {len(chosen)} matches to {args.sample} (seed {args.seed}; "
          + ", ".join(f"{s} {sizes[s]} of {len(members[s])}" for s in STRATA) + ")")


def main():
    # Piping into head must end the script quietly, as slant itself does.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["report", "draw-sample", "two-coder"])
    parser.add_argument("--reports", required=True, help="folder written by slant score --group-by outlet")
    parser.add_argument("--corpus", help="the AllSides JSON Lines corpus (report only)")
    parser.add_argument("--sample", help="the hand-judged sample CSV (report, draw-sample)")
    parser.add_argument("--sheets", nargs="+", help="the coded sheets of the two-coder sample (two-coder)")
    parser.add_argument("--min-articles", type=int, default=40)
    parser.add_argument("--reps", type=int, default=2000, help="bootstrap resamples")
    parser.add_argument("--seed", type=int, default=20251125,
                        help="seed of the bootstrap (report) or of the sample (draw-sample)")
    parser.add_argument("--size", type=int, default=100, help="sample size (draw-sample)")
    parser.add_argument("--force", action="store_true", help="replace an existing sample (draw-sample)")
    parser.add_argument("--outlets", action="store_true", help="also print every outlet's value (report)")
    args = parser.parse_args()
    if args.command == "two-coder":
        if not args.sheets:
            fail("two-coder needs --sheets")
        two_coder(args)
        return
    if not args.sample:
        fail(f"{args.command} needs --sample")
    if args.command == "draw-sample":
        draw_sample(args)
    else:
        if not args.corpus:
            fail("report needs --corpus")
        if not os.path.exists(args.corpus):
            fail(f"corpus not found: {args.corpus}")
        outlet_validity(args)
        precision(args)


if __name__ == "__main__":
    main()
