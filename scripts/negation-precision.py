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

Standard library only; the helpers it shares with voice-precision.py are in
blind_sheet.py.
"""
import random
import sys

from blind_sheet import around_bytes, fold, judgements, main, match_key, option, rows_of, share, texts_of, write_sheet

LABELS = ("negated", "not_negated", "unclear")


def draw(old, new, corpus, sheet, key_path, seed, n_negated, n_removed, stratum):
    old_rows, new_rows = rows_of(old), rows_of(new)
    new_by_key = {match_key(r): r for r in new_rows}
    negated = [r for r in new_rows if r["negated"] == "true"]
    removed = [
        r
        for r in old_rows
        if r["negated"] == "true" and new_by_key.get(match_key(r), {}).get("negated") == "false"
    ]
    rng = random.Random(seed)
    picked = [("negated", r) for r in rng.sample(negated, n_negated)]
    picked += [(stratum, r) for r in rng.sample(removed, n_removed)]
    rng.shuffle(picked)
    texts = texts_of(corpus, {r["id"] for _, r in picked})
    rows = []
    for i, (stratum_of, r) in enumerate(picked, 1):
        text = texts[r["id"]][r["part"]]
        start, end = int(r["start"]), int(r["end"])
        before, matched, after = around_bytes(text, start, end, 200)
        if matched != fold(r["text"]):
            sys.exit(f"negation-precision: item {i} ({r['id']} {r['part']} {start}..{end}): "
                     f"the corpus has {matched!r} there, matches.csv {r['text']!r}")
        rows.append(([r["id"], r["part"], start, end, before, matched, after],
                     [stratum_of, r["id"], r["part"], start, end, r["lexicon"], r["entry"]]))
    write_sheet(sheet, key_path, ["stratum", "id", "part", "start", "end", "lexicon", "entry"], rows)
    print(
        f"{len(negated)} negated matches in NEW, {len(removed)} negated in OLD only; drew "
        f"{n_negated} and {n_removed} with seed {seed}",
        file=sys.stderr,
    )


def score(sheet, key_path):
    strata = {r["item"]: r["stratum"] for r in rows_of(key_path)}
    counts = {}
    for item, j in judgements(sheet, LABELS, "negation-precision").items():
        c = counts.setdefault(strata[item], dict.fromkeys(LABELS, 0))
        c[j] += 1
    for stratum in sorted(counts, key=lambda s: (s != "negated", s)):
        right = "negated" if stratum == "negated" else "not_negated"
        c = counts[stratum]
        print(
            f"{stratum}: judged {right} {share(c[right], c['negated'] + c['not_negated'])} "
            f"(Wilson 95%); unclear {c['unclear']}"
        )


def draw_command(args):
    sheet = option(args, "--sheet", None)
    key_path = option(args, "--key", None)
    seed = int(option(args, "--seed", "20261213"))
    n_negated = int(option(args, "--negated", "40"))
    n_removed = int(option(args, "--removed", "30"))
    stratum = option(args, "--stratum", "idiom")
    if len(args) != 3 or not sheet or not key_path or stratum == "negated":
        sys.exit(__doc__)
    draw(*args, sheet, key_path, seed, n_negated, n_removed, stratum)


if __name__ == "__main__":
    main(sys.argv, __doc__, "negation-precision", LABELS, draw_command, score)
