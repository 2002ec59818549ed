"""What the blind-sample scripts share (negation-precision.py, voice-precision.py): reading
slant's reports and the corpus, folding white space, Wilson intervals, and two coders'
agreement. A module, not a command. Standard library only.
"""
import csv
import gzip
import json
import math
import re
import sys

csv.field_size_limit(1 << 30)


def wilson(k, n, z=1.959963984540054):
    """Wilson's 95% interval for k successes in n trials (NaN for n = 0)."""
    if n == 0:
        return float("nan"), float("nan")
    p = k / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return centre - half, centre + half


def share(k, n):
    """`k/n = 0.xx [lo, hi]`, the form every study README quotes."""
    lo, hi = wilson(k, n)
    return f"{k}/{n} = {k / n if n else float('nan'):.2f} [{lo:.2f}, {hi:.2f}]"


def match_key(r):
    """A match of matches.csv: its article, part, span and lexicon."""
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


def decode(b):
    return b.decode("utf-8", "replace")


def around_bytes(text, start, end, n):
    """Up to `n` characters of `text` (bytes) before the match, the match, and up to `n`
    after, white space folded."""
    return fold(decode(text[:start])[-n:]), fold(decode(text[start:end])), fold(decode(text[end:])[:n])


def write_sheet(sheet, key_path, key_columns, rows):
    """SHEET (item, id, part, start, end, before, text, after, judgement, note) and KEY (item
    and `key_columns`); `rows` are (sheet cells after the item, key cells after the item)."""
    with open(sheet, "w", newline="", encoding="utf-8") as s, open(
        key_path, "w", newline="", encoding="utf-8"
    ) as k:
        sw = csv.writer(s, lineterminator="\n")
        kw = csv.writer(k, lineterminator="\n")
        sw.writerow(["item", "id", "part", "start", "end", "before", "text", "after", "judgement", "note"])
        kw.writerow(["item", *key_columns])
        for i, (cells, key_cells) in enumerate(rows, 1):
            sw.writerow([i, *cells, "", ""])
            kw.writerow([i, *key_cells])


def judgements(sheet, labels, script):
    """item -> judgement of a coded sheet, each one of `labels`."""
    out = {}
    for r in rows_of(sheet):
        j = r["judgement"].strip()
        if j not in labels:
            sys.exit(f"{script}: item {r['item']}: judgement {j!r} is not one of {', '.join(labels)}")
        out[r["item"]] = j
    return out


def agree(first, second, labels, script):
    """Two coders' judgements of the same sheet: the share they agree on, Cohen's kappa over
    `labels`, and each item they judged differently."""
    a = {r["item"]: r for r in rows_of(first)}
    b = {r["item"]: r for r in rows_of(second)}
    if a.keys() != b.keys():
        sys.exit(f"{script}: the two sheets do not have the same items")
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
    """Take `name VALUE` out of `args`, or give `default`."""
    if name in args:
        i = args.index(name)
        value = args[i + 1]
        del args[i : i + 2]
        return value
    return default


def main(argv, doc, script, labels, draw_command, score):
    """The commands every blind-sample script has: `draw` (its own options, parsed by
    `draw_command` from the arguments after the command), `score SHEET KEY` and `agree SHEET1
    SHEET2`; anything else prints `doc`."""
    args = list(argv[1:])
    if not args:
        sys.exit(doc)
    command = args.pop(0)
    if command == "draw":
        draw_command(args)
    elif command == "score" and len(args) == 2:
        score(*args)
    elif command == "agree" and len(args) == 2:
        agree(*args, labels, script)
    else:
        sys.exit(doc)
