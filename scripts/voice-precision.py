#!/usr/bin/env python3
"""Accuracy of slant's `voice` column (narrator or quoted), from a blind hand-labelled sample.

  scripts/voice-precision.py draw REPORTS/matches.csv CORPUS --sheet SHEET.csv --key KEY.csv
          [--seed 20261207] [--quoted 40] [--narrator 40] [--old OLD/matches.csv --changed C]
      draws a blind sheet from one run over CORPUS: `quoted` matches slant put in quoted voice
      and `narrator` matches it put in narrator voice (lexicon matches only: the `device` rows
      are narrator voice by definition). With rng = random.Random(seed):
      rng.sample(quoted, Q), then rng.sample(narrator, N), then (with --old) rng.sample of C
      `changed` matches, whose voice in OLD, a run by the rules before a change, differs; then
      rng.shuffle of the rows, numbered 1.. in that order. SHEET has the item, where it is, and the matched text with
      its paragraph around it (`before` from the paragraph's start, at most 1,500 characters,
      and `after` to its end, at most 500; a paragraph ends at a blank line; `…` marks a cut;
      white space folded); empty `judgement` and `note` columns. It does not say what slant
      found; KEY does (item, voice, the match's place, lexicon, entry, the stratum's size, and
      the stratum: the voice, or `changed`).

  scripts/voice-precision.py score SHEET.csv KEY.csv
      per stratum, the share judged as slant labelled it, with a Wilson 95% interval: for a
      match in narrator voice `narrator`, for one in quoted voice (the `quoted` stratum, and
      `changed` rows, now quoted) `quoted` or `unmarked_quote` (someone else's words either
      way: a transcript turn has no marks); and how many were `unmarked_quote`; then the
      accuracy over all matches, weighting the quoted and narrator strata by their sizes
      (`changed` rows are a part of one of them). `unclear` rows are counted apart.

  scripts/voice-precision.py agree SHEET1.csv SHEET2.csv
      two coders' agreement and Cohen's kappa over the four judgements.

Standard library only; the helpers it shares with negation-precision.py are in
blind_sheet.py.
"""
import random
import re
import sys

from blind_sheet import decode, fold, judgements, main, match_key, option, rows_of, share, texts_of, write_sheet

LABELS = ("quoted", "narrator", "unmarked_quote", "unclear")
BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def paragraph_around(text, start, end, before_max=1500, after_max=500):
    """The paragraph of the match: from its start (a blank line, or the text's start) to the
    match, the match, and on to its end, cut at the given lengths with `…`."""
    before = decode(text[:start])
    after = decode(text[end:])
    breaks = list(BLANK_LINE.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    if len(before) > before_max:
        before = "…" + before[-before_max:]
    nxt = BLANK_LINE.search(after)
    if nxt:
        after = after[: nxt.start()]
    if len(after) > after_max:
        after = after[:after_max] + "…"
    return fold(before).lstrip(), fold(decode(text[start:end])), fold(after).rstrip()


def draw(matches, corpus, sheet, key_path, seed, n_quoted, n_narrator, old, n_changed):
    rows = [r for r in rows_of(matches) if r["lexicon"] != "device"]
    strata = {
        "quoted": [r for r in rows if r["voice"] == "quoted"],
        "narrator": [r for r in rows if r["voice"] == "narrator"],
    }
    if old:
        before = {match_key(r): r["voice"] for r in rows_of(old)}
        strata["changed"] = [r for r in rows if before.get(match_key(r), r["voice"]) != r["voice"]]
    rng = random.Random(seed)
    picked = [("quoted", r) for r in rng.sample(strata["quoted"], n_quoted)]
    picked += [("narrator", r) for r in rng.sample(strata["narrator"], n_narrator)]
    if old:
        picked += [("changed", r) for r in rng.sample(strata["changed"], n_changed)]
    rng.shuffle(picked)
    texts = texts_of(corpus, {r["id"] for _, r in picked})
    out = []
    for i, (stratum, r) in enumerate(picked, 1):
        text = texts[r["id"]][r["part"]]
        start, end = int(r["start"]), int(r["end"])
        before, matched, after = paragraph_around(text, start, end)
        if matched != fold(r["text"]):
            sys.exit(f"voice-precision: item {i} ({r['id']} {r['part']} {start}..{end}): "
                     f"the corpus has {matched!r} there, matches.csv {r['text']!r}")
        out.append(([r["id"], r["part"], start, end, before, matched, after],
                    [r["voice"], r["id"], r["part"], start, end, r["lexicon"], r["entry"],
                     len(strata[stratum]), stratum]))
    write_sheet(sheet, key_path,
                ["voice", "id", "part", "start", "end", "lexicon", "entry", "stratum_size", "stratum"], out)
    sizes = ", ".join(f"{len(v)} {k}" for k, v in strata.items())
    print(f"{sizes} matches; drew {len(picked)} with seed {seed}", file=sys.stderr)


def score(sheet, key_path):
    key = {r["item"]: r for r in rows_of(key_path)}
    counts, sizes = {}, {}
    voices = {}
    for item, j in judgements(sheet, LABELS, "voice-precision").items():
        k = key[item]
        stratum = k.get("stratum") or k["voice"]
        sizes[stratum] = int(k["stratum_size"])
        voices[stratum] = k["voice"]
        counts.setdefault(stratum, dict.fromkeys(LABELS, 0))[j] += 1
    weighted, total = 0.0, 0
    for stratum in ("quoted", "narrator", "changed"):
        if stratum not in counts:
            continue
        c, voice = counts[stratum], voices[stratum]
        n = c["quoted"] + c["narrator"] + c["unmarked_quote"]
        right = c["narrator"] if voice == "narrator" else c["quoted"] + c["unmarked_quote"]
        said = "narrator" if voice == "narrator" else "quoted or unmarked_quote"
        print(
            f"{stratum}: judged {said} {share(right, n)} (Wilson 95%); "
            f"unmarked_quote {c['unmarked_quote']}; unclear {c['unclear']}"
        )
        if n and stratum != "changed":
            weighted += sizes[stratum] * right / n
            total += sizes[stratum]
    if total:
        print(f"all matches, strata weighted by size ({total}): accuracy {weighted / total:.3f}")


def draw_command(args):
    sheet = option(args, "--sheet", None)
    key_path = option(args, "--key", None)
    seed = int(option(args, "--seed", "20261207"))
    n_quoted = int(option(args, "--quoted", "40"))
    n_narrator = int(option(args, "--narrator", "40"))
    old = option(args, "--old", None)
    n_changed = int(option(args, "--changed", "30"))
    if len(args) != 2 or not sheet or not key_path:
        sys.exit(__doc__)
    draw(*args, sheet, key_path, seed, n_quoted, n_narrator, old, n_changed)


if __name__ == "__main__":
    main(sys.argv, __doc__, "voice-precision", LABELS, draw_command, score)
