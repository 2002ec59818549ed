#!/usr/bin/env python3
"""Precision of slant's `negated` flag, from a blind hand-labelled sample.

  scripts/negation-precision.py draw OLD/matches.csv NEW/matches.csv CORPUS
          --sheet SHEET.csv --key KEY.csv [--seed 20261213] [--negated 40] [--removed 30]
          [--stratum idiom]
      draws a blind sheet from two runs over the same corpus, OLD by the rule before a
      change and NEW by the rule after it (`367dc02` and `a49806a` for the negation idioms):
        negated  matches NEW flags as negated;
        STRATUM  matches OLD flagged as negated and NEW does not (named `idiom` by default,
                 for the idioms `not only`, `no doubt`, ...; `definite` for the definite
                 descriptions of 0.7.0).
      With rng = random.Random(seed): rng.sample(negated, N), then rng.sample(removed, R),
      then rng.shuffle of the N + R rows, numbered 1.. in that order. SHEET has the item, where it
      is, the matched text with 200 characters of context either side (from CORPUS, by the
      match's byte offsets, white space folded), and empty `judgement` and `note` columns; it
      does not say which stratum a row is from nor what slant flagged. KEY gives each item's
      stratum. Rows are taken in file order; a match is keyed by id, part, start, end and
      lexicon.

  scripts/negation-precision.py score SHEET.csv KEY.csv
      per stratum, the share judged `negated` (for `negated`: the precision of the flag) or
      `not_negated` (for any other: how often leaving the match unnegated is right), with a
      Wilson 95% interval; `unclear` rows are counted apart and left out of the shares.

  scripts/negation-precision.py agree SHEET1.csv SHEET2.csv
      two coders' judgements of the same sheet: the share of items they agree on and Cohen's
      kappa over the three judgements, and each item they judged differently.

Standard library only.
"""
import csv
import gzip
import json
import math
import random
import re
import sys

csv.field_size_limit(1 << 30)


def wilson(k, n, z=1.959963984540054):
    if n == 0:
        return float("nan"), float("nan")
    p = k / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return centre - half, centre + half


def key(r):
    return (r["id"], r["part"], r["start"], r["end"], r["lexicon"])


def rows_of(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def texts_of(corpus, ids):
    """The title and text of each article in `ids`, as UTF-8 bytes, by part (`lead` and
    `body` share the text's offsets)."""
    opener = gzip.open if corpus.endswith(".gz") else open
    found = {}
    with opener(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if record.get("id") in ids:
                body = (record.get("text") or "").encode("utf-8")
                found[record["id"]] = {
                    "title": (record.get("title") or "").encode("utf-8"),
                    "lead": body,
                    "body": body,
                }
    return found


def fold(s):
    return re.sub(r"\s+", " ", s)


def around(text, start, end, n=200):
    """Up to `n` characters before the match, the match, and up to `n` after, white space folded."""
    decode = lambda b: b.decode("utf-8", "replace")
    return fold(decode(text[:start])[-n:]), fold(decode(text[start:end])), fold(decode(text[end:])[:n])


def draw(old, new, corpus, sheet, key_path, seed, n_negated, n_removed, stratum):
    old_rows, new_rows = rows_of(old), rows_of(new)
    new_by_key = {key(r): r for r in new_rows}
    negated = [r for r in new_rows if r["negated"] == "true"]
    removed = [
        r
        for r in old_rows
        if r["negated"] == "true" and new_by_key.get(key(r), {}).get("negated") == "false"
    ]
    rng = random.Random(seed)
    picked = [("negated", r) for r in rng.sample(negated, n_negated)]
    picked += [(stratum, r) for r in rng.sample(removed, n_removed)]
    rng.shuffle(picked)
    texts = texts_of(corpus, {r["id"] for _, r in picked})
    with open(sheet, "w", newline="", encoding="utf-8") as s, open(
        key_path, "w", newline="", encoding="utf-8"
    ) as k:
        sw = csv.writer(s, lineterminator="\n")
        kw = csv.writer(k, lineterminator="\n")
        sw.writerow(["item", "id", "part", "start", "end", "before", "text", "after", "judgement", "note"])
        kw.writerow(["item", "stratum", "id", "part", "start", "end", "lexicon", "entry"])
        for i, (stratum, r) in enumerate(picked, 1):
            text = texts[r["id"]][r["part"]]
            start, end = int(r["start"]), int(r["end"])
            before, matched, after = around(text, start, end)
            if matched != fold(r["text"]):
                sys.exit(f"negation-precision: item {i} ({r['id']} {r['part']} {start}..{end}): "
                         f"the corpus has {matched!r} there, matches.csv {r['text']!r}")
            sw.writerow([i, r["id"], r["part"], start, end, before, matched, after, "", ""])
            kw.writerow([i, stratum, r["id"], r["part"], start, end, r["lexicon"], r["entry"]])
    print(
        f"{len(negated)} negated matches in NEW, {len(removed)} negated in OLD only; drew "
        f"{n_negated} and {n_removed} with seed {seed}",
        file=sys.stderr,
    )


def score(sheet, key_path):
    strata = {r["item"]: r["stratum"] for r in rows_of(key_path)}
    counts = {}
    for r in rows_of(sheet):
        j = r["judgement"].strip()
        if j not in ("negated", "not_negated", "unclear"):
            sys.exit(f"negation-precision: item {r['item']}: judgement {j!r} is not negated, not_negated or unclear")
        c = counts.setdefault(strata[r["item"]], {"negated": 0, "not_negated": 0, "unclear": 0})
        c[j] += 1
    for stratum in sorted(counts, key=lambda s: (s != "negated", s)):
        right = "negated" if stratum == "negated" else "not_negated"
        c = counts[stratum]
        n = c["negated"] + c["not_negated"]
        k = c[right]
        lo, hi = wilson(k, n)
        print(
            f"{stratum}: judged {right} {k}/{n} = {k / n if n else float('nan'):.2f} "
            f"[{lo:.2f}, {hi:.2f}] (Wilson 95%); unclear {c['unclear']}"
        )


def agree(first, second):
    a = {r["item"]: r for r in rows_of(first)}
    b = {r["item"]: r for r in rows_of(second)}
    if a.keys() != b.keys():
        sys.exit("negation-precision: the two sheets do not have the same items")
    labels = ("negated", "not_negated", "unclear")
    n = len(a)
    same = sum(a[i]["judgement"] == b[i]["judgement"] for i in a)
    p_o = same / n
    p_e = sum(
        sum(r["judgement"] == l for r in a.values()) * sum(r["judgement"] == l for r in b.values())
        for l in labels
    ) / (n * n)
    kappa = (p_o - p_e) / (1 - p_e) if p_e < 1 else float("nan")
    print(f"agreement {same}/{n} = {p_o:.2f}; Cohen's kappa {kappa:.2f}")
    for i in sorted(a, key=int):
        if a[i]["judgement"] != b[i]["judgement"]:
            print(f"  item {i} {a[i]['text']!r}: {a[i]['judgement']} / {b[i]['judgement']}")


def option(args, name, default):
    if name in args:
        i = args.index(name)
        value = args[i + 1]
        del args[i : i + 2]
        return value
    return default


def main(argv):
    args = list(argv[1:])
    if not args:
        sys.exit(__doc__)
    command = args.pop(0)
    if command == "draw":
        sheet = option(args, "--sheet", None)
        key_path = option(args, "--key", None)
        seed = int(option(args, "--seed", "20261213"))
        n_negated = int(option(args, "--negated", "40"))
        n_removed = int(option(args, "--removed", "30"))
        stratum = option(args, "--stratum", "idiom")
        if len(args) != 3 or not sheet or not key_path or stratum == "negated":
            sys.exit(__doc__)
        draw(*args, sheet, key_path, seed, n_negated, n_removed, stratum)
    elif command == "score" and len(args) == 2:
        score(*args)
    elif command == "agree" and len(args) == 2:
        agree(*args)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
