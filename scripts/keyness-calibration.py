#!/usr/bin/env python3
"""How often terms.csv calls an entry key where no group differs: its two keyness tests on a
corpus dealt at random into groups.

The script gives every article of CORPUS (JSON Lines, gzipped or not) a group drawn at random,
`g00` to `g(G-1)`, in a new field `grp`, so that the groups differ only by chance, and runs
`slant score --group-by grp` on it with the built-in lexicons. Per test it prints, over the
rows of terms.csv that have a p value:
  p<0.05  the share of rows with p < 0.05 (a calibrated test: about 5 %)
  q<0.05  how many rows have a Benjamini-Hochberg q < 0.05 (with every null hypothesis
          true, a valid test finds one or more in at most 5 % of such tables)
for G² on the word counts (`g2_p`, `g2_q`), G² over the entry's dispersion (`g2_adj_p`,
`g2_adj_q`) and Fisher's exact test on the articles that use the entry (`share_p`,
`share_q`). G² treats every word as an independent draw; an entry that one article repeats is
not, so G² is expected to find differences that are not there (Kilgarriff 2005; Lijffijt et
al. 2016), and the dispersion is there to correct it.

Usage: scripts/keyness-calibration.py CORPUS [--slant target/release/slant] [--groups 10]
       [--seeds 1,2,3]
Standard library only; the same arguments print the same table.
"""

import argparse
import csv
import gzip
import json
import pathlib
import random
import subprocess
import tempfile


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--slant", default="target/release/slant")
    ap.add_argument("--groups", type=int, default=10)
    ap.add_argument("--seeds", default="1,2,3")
    args = ap.parse_args()
    opener = gzip.open if args.corpus.endswith(".gz") else open
    with opener(args.corpus, "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    print("seed,groups,test,rows,p<0.05,q<0.05")
    for seed in (int(s) for s in args.seeds.split(",")):
        rng = random.Random(seed)
        with tempfile.TemporaryDirectory() as tmp:
            corpus = pathlib.Path(tmp, "corpus.jsonl")
            with open(corpus, "w", encoding="utf-8") as f:
                for r in records:
                    r = dict(r, grp=f"g{rng.randrange(args.groups):02d}")
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
            out = pathlib.Path(tmp, "out")
            subprocess.run(
                [args.slant, "score", str(corpus), "--group-by", "grp", "--out", str(out),
                 "--omit", "matches,quotations", "-q"],
                check=True,
            )
            with open(out / "terms.csv", newline="", encoding="utf-8") as f:
                rows = list(csv.DictReader(f))
        for test, p_col, q_col in (("G2 (words)", "g2_p", "g2_q"),
                                   ("G2 / dispersion", "g2_adj_p", "g2_adj_q"),
                                   ("Fisher (articles)", "share_p", "share_q")):
            tested = [r for r in rows if r[p_col] != ""]
            low_p = sum(float(r[p_col]) < 0.05 for r in tested)
            low_q = sum(r[q_col] != "" and float(r[q_col]) < 0.05 for r in tested)
            print(f"{seed},{args.groups},{test},{len(tested)},"
                  f"{low_p / len(tested):.3f},{low_q}")


if __name__ == "__main__":
    main()
