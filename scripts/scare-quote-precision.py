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
      allsides-dev (16,017 by the rules before the study; 11,528 kept by round 1's rules,
      10,673 by round 2's; 9,798 of those 10,673 by round 3's; 9,644 of the 9,798 by the rules
      round 4 tried, 9,716 by round 5's) the estimated precision of the rules before the round
      and the share of their correct scare quotes the round's keep.

  scripts/scare-quote-precision.py draw-round OLD/matches.csv NEW/matches.csv CORPUS
          --sheet SHEET.csv --key KEY.csv [--seed 20261210] [--kept 50] [--removed 30]
          [--exclude-ids FILE]...
      draws a blind round: the scare quotes the new rules keep (the device.scare_quote rows of
      NEW in file order) and those the old rules found that the new ones remove (rows of OLD,
      in file order, whose id, part, start and end NEW does not have), leaving out every
      article of the earlier samples (the earlier rounds, validation/scare-quotes-sample.csv,
      the two-coder sheets) and of each FILE (one id a line, `#` comments). With rng =
      random.Random(seed): rng.sample(kept, K), then rng.sample(removed, R), then
      rng.shuffle of the K + R rows, numbered 1.. in that order. SHEET has the columns of
      round2.csv but `rules` (judgement and note empty; left, text and right as matches.csv
      gives them), KEY the item's `rules` (kept or removed) and where it is. Every row's
      start..end is checked against the UTF-8 bytes of its title or text in CORPUS (JSON
      Lines, gzipped or not).

Standard library only; the Wilson interval is blind_sheet.py's.
"""
import csv
import gzip
import json
import random
import sys

from blind_sheet import wilson


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


def rounds(folder, sheets):
    """Each round's sheet, the column that says whether a row is kept, and the numbers of scare
    quotes the rules before it (`old`) and after it (`kept`) find on allsides-dev."""
    for name, column, old, kept in sheets:
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
        print(f"  rules before: estimated precision {(true_kept + true_lost) / old:.2f}; the changed "
              f"rules keep an estimated {true_kept / (true_kept + true_lost):.2f} of their "
              f"correct scare quotes")


EARLIER_SAMPLES = [
    "validation/scare-quotes-2026-12/round1.csv",
    "validation/scare-quotes-2026-12/round2.csv",
    "validation/scare-quotes-2026-12/round3.csv",
    "validation/scare-quotes-2026-12/round4.csv",
    "validation/scare-quotes-sample.csv",
    "validation/two-coder/coder1.csv",
    "validation/two-coder/coder2.csv",
]


def scare_quotes(path):
    csv.field_size_limit(1 << 30)
    with open(path, newline="", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["category"] == "device.scare_quote"]


def draw_round(old, new, corpus, sheet, key, seed, n_kept, n_removed, exclude_files):
    excluded = set()
    for path in EARLIER_SAMPLES:
        with open(path, newline="", encoding="utf-8") as f:
            excluded.update(r["id"] for r in csv.DictReader(f))
    for path in exclude_files:
        with open(path, encoding="utf-8") as f:
            excluded.update(line.strip() for line in f if line.strip() and not line.startswith("#"))
    where = lambda r: (r["id"], r["part"], r["start"], r["end"])
    new_rows = scare_quotes(new)
    kept_keys = {where(r) for r in new_rows}
    kept = [r for r in new_rows if r["id"] not in excluded]
    removed = [r for r in scare_quotes(old) if where(r) not in kept_keys and r["id"] not in excluded]
    rng = random.Random(seed)
    rows = [("kept", r) for r in rng.sample(kept, n_kept)]
    rows += [("removed", r) for r in rng.sample(removed, n_removed)]
    rng.shuffle(rows)
    check_offsets(corpus, [r for _, r in rows])
    columns = ["id", "outlet", "part", "start", "end", "left", "text", "right"]
    with open(sheet, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["item"] + columns + ["judgement", "note"])
        for item, (_, r) in enumerate(rows, 1):
            out.writerow([item] + [r[c] for c in columns] + ["", ""])
    with open(key, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["item", "rules", "id", "part", "start", "end"])
        for item, (rules, r) in enumerate(rows, 1):
            out.writerow([item, rules, r["id"], r["part"], r["start"], r["end"]])
    print(f"{len(kept)} kept and {len(removed)} removed scare quotes outside {len(excluded)} "
          f"excluded articles; drew {n_kept} and {n_removed} with seed {seed}", file=sys.stderr)


def check_offsets(corpus, rows):
    """Each row's start..end, in the UTF-8 bytes of its article's title (part = title) or
    text (lead, body), holds its text."""
    wanted = {r["id"] for r in rows}
    articles = {}
    opener = gzip.open if corpus.endswith(".gz") else open
    with opener(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            if a.get("id") in wanted:
                articles[a["id"]] = a
    for r in rows:
        a = articles[r["id"]]
        field = a["title"] if r["part"] == "title" else a["text"]
        found = field.encode("utf-8")[int(r["start"]):int(r["end"])].decode("utf-8")
        if found != r["text"]:
            sys.exit(f"{r['id']} {r['part']} {r['start']}..{r['end']}: {found!r} is not {r['text']!r}")


def option(args, name, default):
    return args[args.index(name) + 1] if name in args else default


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["draw"] and len(args) >= 2:
        seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 31337
        draw(args[1], seed)
    elif args[:1] == ["rounds"]:
        rounds(args[1] if len(args) > 1 else "validation/scare-quotes-2026-12",
               [("round1.csv", "first_rules", 16017, 11528), ("round2.csv", "rules", 16017, 10673),
                ("round3.csv", "rules", 10673, 9798), ("round4.csv", "rules", 9798, 9644),
                ("round5.csv", "rules", 9798, 9716)])
    elif args[:1] == ["draw-round"] and len(args) >= 4 and "--sheet" in args and "--key" in args:
        excludes = [args[i + 1] for i, a in enumerate(args) if a == "--exclude-ids"]
        draw_round(args[1], args[2], args[3], option(args, "--sheet", None), option(args, "--key", None),
                   int(option(args, "--seed", 20261210)), int(option(args, "--kept", 50)),
                   int(option(args, "--removed", 30)), excludes)
    elif args[:1] == ["score"]:
        score(args[1] if len(args) > 1 else "validation/scare-quotes-sample.csv")
    else:
        sys.exit(__doc__)
