#!/usr/bin/env python3
"""Times peer tools on the same JSON Lines corpus as slant, for the README's Performance table.

  python3 scripts/peers.py CORPUS.jsonl [--vader-mb N]

Peers: the Python `liwc` package (dictionary word counting, the task closest to slant's) with
a dictionary of slant's own single-word `loaded` entries written as LIWC `.dic`, and VADER
(`vaderSentiment`, rule-based sentiment) on the first N MB (default 10: it is slow). Both are
PyPI packages: `pip install liwc vaderSentiment`. For a like-for-like run, slant is timed on
the same corpus with the same `.dic` (`--no-default-lexicons --lexicon`), next to its default
run. Throughput is MB of the JSON Lines file per second (VADER: MB of the part it read,
scaled), single process, as each peer runs.
"""
import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write_dic(path):
    """slant's single-word `loaded` entries as a LIWC dictionary (`~` inflections become `*`)."""
    cats, words = {}, {}
    with open(os.path.join(ROOT, "lexicons", "loaded.csv"), encoding="utf-8") as f:
        rows = csv.reader(line for line in f if not line.startswith("#"))
        next(rows)
        for row in rows:
            term, category = row[0], row[1]
            if category == "-" or " " in term or term.startswith("re:"):
                continue
            term = term.lower().rstrip("~") + ("*" if term.endswith(("~", "*")) else "")
            term = term.replace("**", "*")
            for c in category.split(";"):
                top = ".".join(c.strip().split(".")[:2])
                cats.setdefault(top, len(cats) + 1)
                words.setdefault(term, set()).add(cats[top])
    with open(path, "w", encoding="utf-8") as out:
        out.write("%\n")
        for name, n in cats.items():
            out.write(f"{n}\t{name}\n")
        out.write("%\n")
        for term, ns in sorted(words.items()):
            out.write(term + "\t" + "\t".join(str(n) for n in sorted(ns)) + "\n")
    return len(words)


def articles(path, limit=None):
    read = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            read += len(line.encode())
            r = json.loads(line)
            yield (r.get("title") or "") + "\n" + (r.get("text") or "")
            if limit and read >= limit:
                return


def main():
    parser = argparse.ArgumentParser(description="Time peer tools and slant on one JSON Lines corpus.")
    parser.add_argument("corpus", help="a JSON Lines corpus (e.g. one scripts/bench.sh built)")
    parser.add_argument("--vader-mb", type=float, default=10,
                        help="MB of the corpus VADER reads; its time is scaled to the whole (default 10)")
    args = parser.parse_args()
    corpus, vader_mb = args.corpus, args.vader_mb
    if not os.path.isfile(corpus):
        sys.exit(f"peers.py: {corpus}: no such file")
    mb = os.path.getsize(corpus) / 1e6
    tmp = tempfile.mkdtemp()
    try:
        run(corpus, vader_mb, mb, tmp)
    finally:
        # The reports of a 100 MB corpus are half a gigabyte: they do not stay behind.
        shutil.rmtree(tmp, ignore_errors=True)


def run(corpus, vader_mb, mb, tmp):
    dic = os.path.join(tmp, "loaded-words.dic")
    entries = write_dic(dic)
    rows = []

    import liwc
    parse, _ = liwc.load_token_parser(dic)
    token = re.compile(r"\w+(?:'\w+)?")
    t = time.perf_counter()
    total = Counter()
    for text in articles(corpus):
        total.update(c for w in token.findall(text.lower()) for c in parse(w))
    s = time.perf_counter() - t
    rows.append((f"Python liwc 0.5 ({entries}-word .dic)", s, mb / s, sum(total.values())))

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    sia = SentimentIntensityAnalyzer()
    limit = int(vader_mb * 1e6)
    t = time.perf_counter()
    n = sum(1 for text in articles(corpus, limit) if sia.polarity_scores(text))
    s = time.perf_counter() - t
    rows.append((f"VADER 3.3 (first {vader_mb:g} MB, {n} articles)", s * mb / vader_mb, vader_mb / s, None))

    slant = os.path.join(ROOT, "target", "release", "slant")
    for label, extra in [(f"slant, same {entries}-word .dic", ["--no-default-lexicons", "--lexicon", dic]),
                         ("slant, built-in lexicons, every report", [])]:
        t = time.perf_counter()
        subprocess.run([slant, "score", corpus, "--out", os.path.join(tmp, "out"), "-q", *extra], check=True)
        s = time.perf_counter() - t
        rows.append((label, s, mb / s, None))

    print(f"corpus: {corpus} ({mb:.1f} MB)")
    print(f"{'tool':55} {'seconds':>9} {'MB/s':>7}")
    for label, s, rate, _ in rows:
        print(f"{label:55} {s:9.2f} {rate:7.1f}")


if __name__ == "__main__":
    main()
