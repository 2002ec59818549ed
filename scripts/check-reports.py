#!/usr/bin/env python3
"""Check that the reports of one `slant score` run agree with each other and with the source.

Python 3.11, standard library only. Independent of slant's code: every number is re-derived
from the lowest-level rows, following the codebook (reports/README.md) and the counting rules
of the README, and compared with the aggregate that slant wrote.

    python3 scripts/check-reports.py REPORT_DIR [--corpus FILE_OR_GZ ...]
                                     [--text-field text] [--id-field id] [--title-field title]
                                     [--format jsonl|json|csv|tsv] [--max-errors N] [--no-words] [-v]

--corpus takes the run's input files (JSON Lines, JSON, CSV or TSV, gzipped or not) in the order
they were given to slant; the field names default to the run's own (from run.json). The run's
settings (group columns, period, --dedupe, --omit, --context,
--targets, --strip-html, field names) are read from run.json: its `settings`, or for older
reports its command line.

Check groups (one line each: rows checked, disagreements, then the first few disagreements):

  run.json            counts against the reports' rows; omitted files; inputs' sha256, bytes and
                      records (with --corpus); lexicon files' sha256 (path origins only)
  format              formula guard of text cells; floats in shortest round-trip form
  articles.counts     every <cat>.n / negated_n / title_n / lead_n / body_n, slant,
                      narrator_slant and slant_matches of articles.csv from matches.csv rows
                      (roll-up to ancestors, one count per category named)
  articles.rates      every *_per_1k cell = count / words x 1000 (rel. 1e-12), quoted_share,
                      title+lead+body words = words, parts' counts add up to n
  articles.quotations quotations / quoted_words of articles.csv from quotations.csv; quotation
                      numbering; scare-quote / distancing quotations against device matches
  articles.structure  duplicate_of names an earlier first-of-cluster article; period format;
                      matches.csv rows in input order, then reading order
  groups              groups.csv recomputed from articles.csv (and matches.csv weights for the
                      pooled slant): articles, words, total, pooled_per_1k, pooled_ratio, mean,
                      sd, se, t interval, exact median; the set of rows
  terms               terms.csv counts from matches.csv; per_1k, shares, G2 and its p, log ratio,
                      Fisher's exact p, Benjamini-Hochberg q over the file; the set of rows
  choices             choices.csv counts, concept totals, shares and Wilson intervals from
                      articles.csv (and from matches.csv); articles, design_effect and the
                      intervals over articles from each article's <cat>.n; notes; the set of rows
  targets             targets.csv internal consistency (mentions are not in any other report):
                      rates, Wilson intervals, one mention count per target x cell, roll-up order;
                      the intervals over articles from the row's articles and design_effect
  corpus.records      (--corpus) every record is in articles.csv or skipped.csv, in input order,
                      with its id, group values and period (every date form of the
                      README's "Dates", under its --date-format, both ways)
  corpus.structure    (--corpus) words, title_words, lead_words + body_words, paragraphs and the
                      first paragraph as lead, recounted from the text by the README's rules;
                      the lead/body part of every match and quotation; words of each quotation
  corpus.matches      (--corpus) text[start..end] of the headline/body bytes = the text cell;
                      left/right context = up to --context characters (combining marks kept
                      with their letter), white space folded
  corpus.quotations   (--corpus) a quotation's text = its span, folded, cut at 300 characters

Exit status: 0 all agree, 1 any disagreement, 2 usage error (missing folder, unreadable file).
"""

import argparse
import bisect
import csv
import gzip
import hashlib
import io
import json
import math
import os
import re
import sys
import unicodedata
from collections import defaultdict

csv.field_size_limit(sys.maxsize)

REL = 1e-12          # rates and shares computed by one division / multiplication
REL_STAT = 1e-9      # sums, means, sds, intervals (summation order differs)
REL_P = 1e-7         # p values of G2 and Fisher (different special-function code)
Z95 = 1.959963984540054
VERBOSE = False

PARTS = {"title": 0, "lead": 1, "body": 2}
CAT_SUFFIXES = ["n", "per_1k", "narrator_per_1k", "negated_n", "title_n", "title_per_1k",
                "lead_n", "lead_per_1k", "body_n", "body_per_1k"]
PLAIN_METRICS = ["words", "narrator_words", "quoted_words", "sentences", "paragraphs", "quotations"]
ARTICLE_FIXED = ["words", "title_words", "lead_words", "body_words", "sentences", "paragraphs",
                 "quoted_words", "quoted_share", "quotations", "slant", "narrator_slant",
                 "slant_matches"]
GUARD_RE = re.compile(r"^'+[=+\-@\t\r\x00]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\x00")
# a decimal number as the guard reads one: ASCII digits, after white space around it is trimmed
NUMBER_RE = re.compile(r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$")
# Unicode White_Space (the property Rust's char::is_whitespace follows)
WS_CLASS = "[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"
WS_RE = re.compile(WS_CLASS)
TRIM_RE = re.compile(f"^{WS_CLASS}|{WS_CLASS}$")


def trim_ws(s):
    """`s` without the white space around it, as Rust's `str::trim` gives it."""
    return TRIM_RE.sub("", s)


class UsageError(Exception):
    pass


# --------------------------------------------------------------------------------------------
# bookkeeping


class Check:
    def __init__(self, name, max_errors):
        self.name = name
        self.rows = 0
        self.cells = 0
        self.bad = 0
        self.examples = []
        self.max_errors = max_errors
        self.skipped = None
        self.notes = []
        self.maxdev = {}

    def fail(self, where, ident, what, expected, found):
        self.bad += 1
        if len(self.examples) < self.max_errors:
            self.examples.append(f"{where} id={ident!r}: {what}: expected {expected!r}, found {found!r}")

    def skip(self, why):
        if self.skipped is None:
            self.skipped = why

    def line(self):
        if self.skipped is not None and self.rows == 0:
            return f"{self.name:20} SKIPPED ({self.skipped})"
        s = f"{self.name:20} {self.rows} rows checked"
        if self.cells:
            s += f" ({self.cells} cells)"
        s += f", {self.bad} disagree"
        if self.skipped is not None:
            s += f" [partly skipped: {self.skipped}]"
        out = [s]
        for n in self.notes:
            out.append(f"    note: {n}")
        if self.maxdev and VERBOSE:
            out.append("    largest relative deviations within tolerance: " + ", ".join(
                f"{k} {d:.1e} ({w})" for k, (d, w) in sorted(self.maxdev.items(), key=lambda x: -x[1][0])[:6]))
        for e in self.examples:
            out.append(f"    {e}")
        if self.bad > len(self.examples):
            out.append(f"    … and {self.bad - len(self.examples)} more")
        return "\n".join(out)


def unguard(cell):
    if cell and cell[0] == "'" and GUARD_RE.match(cell):
        return cell[1:]
    return cell


def close(a, b, rel, abs_tol=0.0):
    if a == b:
        return True
    return abs(a - b) <= max(rel * max(abs(a), abs(b)), abs_tol)


def sig_digits(s):
    s = s.lstrip("+-")
    s = re.split("[eE]", s)[0].replace(".", "").lstrip("0").rstrip("0")
    return s


def shortest_ok(cell):
    """The cell is the shortest decimal that reads back as the same double: no sign but a minus,
    no leading zero before the integer digits, no trailing zero (or bare point) after the point,
    and the digits of Python's repr, which is the shortest round-trip form too."""
    try:
        v = float(cell)
    except ValueError:
        return False
    if not math.isfinite(v) or cell.strip() != cell:
        return False
    r = repr(v)
    if r.endswith(".0"):
        r = r[:-2]
    if cell == r:
        return True
    mant = re.split("[eE]", cell)[0].lstrip("-")
    if cell.startswith("+") or (len(mant) > 1 and mant[0] == "0" and mant[1] != "."):
        return False
    if "." in mant and (mant.endswith("0") or mant.endswith(".")):
        return False
    return sig_digits(cell) == sig_digits(r)


def num_cell(chk, where, ident, what, cell, expected, rel, abs_tol=0.0, fmt=None):
    """Compare a float cell with an expected value (None = the cell must be empty)."""
    chk.cells += 1
    if expected is None:
        if cell != "":
            chk.fail(where, ident, what, "", cell)
            return False
        return True
    if cell == "":
        chk.fail(where, ident, what, expected, cell)
        return False
    # fast path: the cell is exactly the shortest form of the expected value
    r = repr(expected)
    if cell == r or (r[-2:] == ".0" and cell == r[:-2]):
        if fmt is not None:
            fmt.cells += 1
        return True
    try:
        v = float(cell)
    except ValueError:
        chk.fail(where, ident, what + " (not a number)", expected, cell)
        return False
    if v != expected:
        d = abs(v - expected) / max(abs(v), abs(expected))
        k = what.split(" ")[0].rsplit(".", 1)[-1]
        if d > chk.maxdev.get(k, (0,))[0]:
            chk.maxdev[k] = (d, where)
    if not close(v, expected, rel, abs_tol):
        chk.fail(where, ident, what, expected, cell)
        return False
    if fmt is not None:
        fmt.cells += 1
        if not shortest_ok(cell):
            fmt.fail(where, ident, what + " not in shortest round-trip form", repr(v), cell)
    return True


def int_cell(chk, where, ident, what, cell, expected):
    chk.cells += 1
    if cell != str(expected):
        chk.fail(where, ident, what, str(expected), cell)
        return False
    return True


def fnum(cell):
    return None if cell == "" else float(cell)


def open_csv(path):
    """Yield (line_number, row) of a CSV report; line_number is the physical line it starts on."""
    try:
        f = open(path, encoding="utf-8", newline="")
        f.read(1)
        f.seek(0)
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"{path}: cannot read: {e}")
    return f


class CsvRows:
    """Stream the rows of a report with their starting line numbers; remember the header."""

    def __init__(self, path, fmt_check=None, text_cols=()):
        self.path = path
        self.name = os.path.basename(path)
        self.f = open_csv(path)
        self.reader = csv.reader(self.f)
        try:
            self.header = next(self.reader)
        except StopIteration:
            raise UsageError(f"{path}: empty file, no header")
        except (csv.Error, UnicodeDecodeError) as e:
            raise UsageError(f"{path}: cannot read: {e}")
        self.col = {c: i for i, c in enumerate(self.header)}
        self.fmt = fmt_check
        self.text_idx = [self.col[c] for c in text_cols if c in self.col]
        self.line = 1

    def __iter__(self):
        return self

    def __next__(self):
        start = self.reader.line_num + 1
        try:
            row = next(self.reader)
        except (csv.Error, UnicodeDecodeError) as e:
            raise UsageError(f"{self.path}:{start}: cannot read: {e}")
        self.line = start
        if len(row) != len(self.header):
            raise UsageError(f"{self.path}:{start}: {len(row)} fields, header has {len(self.header)}")
        if self.fmt is not None:
            # a text cell may start with = + - @ tab CR NUL only when it is a number ("-5"); the
            # guard ' (and the extra ' of a text that began with 's) is stripped below
            self.fmt.rows += 1
            self.fmt.cells += len(self.text_idx)
            for i in self.text_idx:
                c = row[i]
                if c and c[0] in FORMULA_START and not NUMBER_RE.match(trim_ws(c)):
                    self.fmt.fail(f"{self.name}:{start}", row[0], f"column {self.header[i]} is not formula-guarded",
                                  "'" + c, c)
            for i in range(len(row)):
                c = row[i]
                if c and c[0] == "'":
                    row[i] = unguard(c)
        return row

    def close(self):
        self.f.close()


def read_all(path, fmt=None, text_cols=()):
    r = CsvRows(path, fmt, text_cols)
    rows = [(r.line, row) for row in r]
    r.close()
    return r.header, rows


# --------------------------------------------------------------------------------------------
# statistics (closed forms from the codebook's Formulas section)


def t_two_sided_prob(t, nu):
    """P(|T| < t) for Student's t with integer nu degrees of freedom (A&S 26.7.3/26.7.4)."""
    theta = math.atan2(t, math.sqrt(nu))
    s, c = math.sin(theta), math.cos(theta)
    c2 = c * c
    if nu % 2 == 0:
        term, terms = 1.0, [1.0]
        for k in range(1, nu // 2):
            term *= c2 * (2 * k - 1) / (2 * k)
            terms.append(term)
            if term < 1e-18:
                break
        return s * math.fsum(terms)
    if nu == 1:
        return 2 * theta / math.pi
    term, terms = 1.0, [1.0]
    for k in range(1, (nu - 1) // 2):
        term *= c2 * (2 * k) / (2 * k + 1)
        terms.append(term)
        if term < 1e-18:
            break
    return 2 / math.pi * (theta + s * c * math.fsum(terms))


_TQ = {}


def t975(nu):
    """The 0.975 quantile of Student's t with nu (integer >= 1) degrees of freedom."""
    if nu in _TQ:
        return _TQ[nu]
    if nu >= 500:
        # The Cornish-Fisher expansion in 1/nu to the fourth order (Abramowitz & Stegun
        # 26.7.5): within about 1e-14 here, where the series below loses digits.
        z = Z95
        g = [(z**3 + z) / 4,
             (5 * z**5 + 16 * z**3 + 3 * z) / 96,
             (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384,
             (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160]
        q = z + sum(gi / nu ** (i + 1) for i, gi in enumerate(g))
        _TQ[nu] = q
        return q
    lo, hi = 0.0, 100.0
    if nu == 1:
        q = math.tan(math.pi * 0.475)
        _TQ[nu] = q
        return q
    # bisection on the monotone P(|T| < t), then Newton polishing
    for _ in range(60):
        mid = (lo + hi) / 2
        if t_two_sided_prob(mid, nu) < 0.95:
            lo = mid
        else:
            hi = mid
    t = (lo + hi) / 2
    logc = math.lgamma((nu + 1) / 2) - math.lgamma(nu / 2) - 0.5 * math.log(nu * math.pi)
    for _ in range(8):
        pdf = math.exp(logc - (nu + 1) / 2 * math.log1p(t * t / nu))
        step = (t_two_sided_prob(t, nu) - 0.95) / (2 * pdf)
        t -= step
        if abs(step) < 1e-17 * t:
            break
    _TQ[nu] = t
    return t


def wilson(k, n):
    if n == 0:
        return None, None
    p = k / n
    z2 = Z95 * Z95
    centre = p + z2 / (2 * n)
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    den = 1 + z2 / n
    lo = 0.0 if k == 0 else (centre - half) / den
    hi = 1.0 if k == n else (centre + half) / den
    return lo, hi


CONCEPT_ABSENT = "the concept does not occur in this cell"
# The reasons of quotations.csv's not_device that the row's other cells cannot tell apart.
NOT_DEVICE_LATER = {"sentence", "no_narrator", "markup", "introduced", "headline", "reported", "title", "name",
                    "attributed", "echo"}
ONE_ARTICLE = "one article only: no interval over articles"
SHARE_AT_BOUND = "share 0 or 1: design effect taken as 1"
NO_NARRATOR_MENTION = "no narrator mention"


def design_effect(y, x, k, syy, sxy, sxx):
    """The design effect of the ratio y/x over k articles (codebook, choices.csv): the linearised
    variance k/(k-1) * sum (y_i - p x_i)^2 / x^2 over p(1-p)/x, from exact integer sums."""
    s_int = x * x * syy - 2 * x * y * sxy + y * y * sxx   # = sum (x y_i - y x_i)^2 >= 0
    return (k * s_int) / ((k - 1) * x * y * (x - y))     # int / int: correctly rounded


def clustered(y, x, k, deff):
    """(why empty, interval over articles) given the design effect (None when undefined)."""
    if x == 0:
        return "none", (None, None)
    if k < 2:
        return ONE_ARTICLE, (None, None)
    # Korn & Graubard's degrees-of-freedom factor: 1 when every article has one trial.
    factor = 1.0 if x == k else (t975(x - 1) / t975(k - 1)) ** 2
    why = SHARE_AT_BOUND if y == 0 or y == x else ""
    kish = 1.0 if why or deff <= 1 else deff
    if kish == 1.0 and factor == 1.0:
        return why, wilson(y, x)
    n_eff = x / kish * factor
    return why, wilson(y / x * n_eff, n_eff)


def g2_stat(a, b, c, d):
    if c == 0 or d == 0 or (a == 0 and b == 0):
        return None
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    g = 0.0
    if a:
        g += a * math.log(a / e1)
    if b:
        g += b * math.log(b / e2)
    return 2 * g


def chi2_1_sf(x):
    return math.erfc(math.sqrt(max(x, 0.0) / 2))


def log_ratio(a, b, c, d):
    if (a == 0 and b == 0) or c == 0 or d == 0:
        return None
    r = math.log2(((a or 0.5) / c) / ((b or 0.5) / d))
    # A zero's 0.5 stand-in may not reverse the direction (codebook, log ratio).
    if (a == 0 and r >= 0) or (b == 0 and r <= 0):
        return None
    return r


_LF = [0.0]


def logfact_upto(n):
    while len(_LF) <= n:
        _LF.append(math.lgamma(len(_LF) + 1))
    return _LF


_FISHER = {}


def fisher_p(k1, n1, k2, n2):
    N, K = n1 + n2, k1 + k2
    if n1 == 0 or n2 == 0 or K == 0 or K == N:
        return None
    key = (n1, K, N)
    tab = _FISHER.get(key)
    if tab is None:
        lo, hi = max(0, n1 - (N - K)), min(K, n1)
        lf = logfact_upto(N)
        base = lf[K] + lf[N - K] + lf[n1] + lf[N - n1] - lf[N]
        exp = math.exp
        probs = [exp(base - lf[x] - lf[K - x] - lf[n1 - x] - lf[N - K - n1 + x]) for x in range(lo, hi + 1)]
        order = sorted(range(len(probs)), key=lambda i: probs[i])
        sp = [probs[i] for i in order]
        cum, acc = [], 0.0
        for v in sp:
            acc += v
            cum.append(acc)
        tab = (lo, probs, sp, cum)
        if len(_FISHER) > 200000:
            _FISHER.clear()
        _FISHER[key] = tab
    lo, probs, sp, cum = tab
    thr = probs[k1 - lo] * (1 + 1e-7)
    i = bisect.bisect_right(sp, thr)
    return min(1.0, cum[i - 1]) if i else 0.0


def bh(pvals):
    """Benjamini-Hochberg q for a list of p (None kept as None)."""
    idx = [i for i, p in enumerate(pvals) if p is not None]
    m = len(idx)
    idx.sort(key=lambda i: pvals[i])
    q = [None] * len(pvals)
    run = 1.0
    for rank in range(m, 0, -1):
        i = idx[rank - 1]
        run = min(run, min(1.0, m * pvals[i] / rank))
        q[i] = run
    return q


def summary(nonzero, zeros=0):
    """mean, sd, se, ci_low, ci_high, median of `zeros` zeros and the values `nonzero`."""
    n = len(nonzero) + zeros
    if n == 0:
        return None, None, None, None, None, None
    vs = sorted(nonzero)
    k = bisect.bisect_left(vs, 0.0)
    k2 = bisect.bisect_right(vs, 0.0)

    def kth(i):  # i-th smallest of the full sample
        if i < k:
            return vs[i]
        if i < k + zeros:
            return 0.0
        return vs[i - zeros]
    med = kth(n // 2) if n % 2 else (kth(n // 2 - 1) + kth(n // 2)) / 2
    all_equal = (zeros == 0 and vs[0] == vs[-1]) or (zeros > 0 and (not vs or (k == 0 and k2 == len(vs))))
    if all_equal:
        mean = vs[0] if vs else 0.0
    else:
        mean = math.fsum(vs) / n
    if n < 2:
        return mean, None, None, None, None, med
    if all_equal:
        var = 0.0
    else:
        terms = [(x - mean) ** 2 for x in vs]
        terms.append(zeros * mean * mean)
        var = math.fsum(terms) / (n - 1)
    sd = math.sqrt(var)
    se = sd / math.sqrt(n)
    if var == 0:
        # Every value the same: no interval (an interval of no width would claim certainty).
        return mean, sd, se, None, None, med
    # Hall's (1992) skewness-corrected interval (codebook, *Summary of one sample*): the
    # studentised mean read through g(T) = T + aT^2 + a^2 T^3 / 3 + b, inverted in its plain
    # closed form.
    m3 = math.fsum([(x - mean) ** 3 for x in vs] + [zeros * (-mean) ** 3]) / n
    gamma = m3 / sd ** 3
    a, b = gamma / (3 * math.sqrt(n)), gamma / (6 * math.sqrt(n))
    q = t975(n - 1)

    def inverse(u):
        w = 3 * a * (u - b)
        if abs(w) < 1e-3:
            # (1 + w)^(1/3) - 1 loses digits here: its series to w^5 instead (error ~w^6).
            return (u - b) * (1 - w / 3 + 5 * w**2 / 27 - 10 * w**3 / 81 + 22 * w**4 / 243
                              - 154 * w**5 / 2187)
        return (math.copysign(abs(1 + w) ** (1 / 3), 1 + w) - 1) / a
    return mean, sd, se, mean - se * inverse(q), mean - se * inverse(-q), med


# --------------------------------------------------------------------------------------------
# corpus reading


def open_maybe_gz(path):
    f = open(path, "rb")
    magic = f.read(2)
    f.seek(0)
    if magic == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=f)
    return f


class JNum(str):
    """A JSON number, kept as the text written in the file (as slant keeps it)."""


def json_compact(v):
    if isinstance(v, JNum):
        return str(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "[" + ",".join(json_compact(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + json_compact(x) for k, x in v.items()) + "}"
    return str(v)


def json_scalar_text(v):
    """A field's value as slant writes it: strings as they are, other JSON as compact text; null is
    a missing field."""
    if v is None:
        return None
    if isinstance(v, str):
        return str(v)
    return json_compact(v)


def iter_corpus(path, fmt):
    """Yield (record_number, dict or None, problem) for each record of a corpus file."""
    if fmt in ("jsonl", "ndjson"):
        with open_maybe_gz(path) as f:
            for recno, raw in enumerate(f, 1):
                if recno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                line = raw.rstrip(b"\n").rstrip(b"\r")
                if not line.strip():
                    continue
                text = line.decode("utf-8", "replace")
                try:
                    obj = json.loads(text, parse_int=JNum, parse_float=JNum)
                except ValueError as e:
                    yield recno, None, f"not JSON: {e}"
                    continue
                yield recno, obj if isinstance(obj, dict) else None, None if isinstance(obj, dict) else "not an object"
    elif fmt == "json":
        with open_maybe_gz(path) as f:
            data = f.read().decode("utf-8", "replace").lstrip("\ufeff")
        obj = json.loads(data, parse_int=JNum, parse_float=JNum)
        if isinstance(obj, dict):
            obj = [obj]
        for recno, o in enumerate(obj, 1):
            yield recno, o if isinstance(o, dict) else None, None
    elif fmt in ("csv", "tsv"):
        with open_maybe_gz(path) as f:
            data = f.read().decode("utf-8", "replace").lstrip("\ufeff")
        rd = csv.reader(io.StringIO(data, newline=""), delimiter="\t" if fmt == "tsv" else ",")
        header = next(rd, None)
        if header is None:
            return
        for recno, row in enumerate(rd, 1):
            if len(row) != len(header):
                yield recno, None, "ragged row"
            else:
                d = {}
                for k, v in zip(header, row):
                    d.setdefault(k, v)
                yield recno, d, None
    else:
        raise UsageError(f"{path}: corpus format {fmt!r} is not supported by this checker")


def corpus_format(path, forced):
    if forced:
        return forced
    name = path[:-3] if path.endswith(".gz") else path
    ext = name.rsplit(".", 1)[-1].lower() if "." in os.path.basename(name) else ""
    return {"jsonl": "jsonl", "ndjson": "jsonl", "json": "json", "csv": "csv", "tsv": "tsv"}.get(ext, ext)


def sha256_file(path):
    h = hashlib.sha256()
    n = 0
    with open(path, "rb") as f:
        while True:
            b = f.read(1 << 20)
            if not b:
                break
            h.update(b)
            n += len(b)
    return h.hexdigest(), n


# ---- dates: an independent reading of the forms in README, "Dates" (regular expressions and
# datetime, not a port of slant's cursor); it must give the date slant gives, and None where slant
# refuses, for every form slant reads.

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
TIMESTAMP_YEARS = (1900, 2100)   # README, "Dates": the years a Unix timestamp is read in
_SP = "[ \t\n\x0c\r\xa0]"         # slant's white space: ASCII (not \v) and the no-break space
_WORD = re.compile("[A-Za-z]*")


def _month(word):
    w = word.lower()
    if w == "sept":
        return 9
    for i, name in enumerate(MONTHS):
        if w == name or (len(w) == 3 and name.startswith(w)):
            return i + 1
    return None


def _weekday(word):
    """ISO number (Monday 1) of a weekday name, its 3-letter abbreviation, Tues, Thur, Thurs."""
    w = word.lower()
    for i, name in enumerate(WEEKDAYS):
        if w == name or (len(w) == 3 and name.startswith(w)):
            return i + 1
    return {"tues": 2, "thur": 4, "thurs": 4}.get(w)


def _ymd(y, m, d):
    """The date, or None when it does not exist or its year is outside 1000-9999."""
    import datetime
    if not 1000 <= y <= 9999:
        return None
    try:
        return datetime.date(y, m, d)
    except ValueError:
        return None


def _time_ok(rest):
    """True when `rest` (what follows the date) is empty or a time, zone and comment."""
    if rest == "":
        return True
    after_t = bool(re.match(r"[Tt][0-9]", rest))
    if after_t:
        rest = rest[1:]
    else:
        m = re.match(f",?{_SP}*", rest)
        if not m.group(0):
            return False
        rest = rest[m.end():]
        m = re.match(f"[aA][tT](?![A-Za-z]){_SP}+", rest)
        if m:
            rest = rest[m.end():]
    # the clock
    m = re.match(r"([0-9]+)", rest)
    if not m or len(m.group(1)) > 9:
        return False
    digits, rest = m.group(1), rest[m.end():]
    needs_meridiem = False
    m = re.match(r":([0-9]+)(?::([0-9]+))?", rest) if len(digits) <= 2 else None
    if m:
        if len(m.group(1)) != 2 or (m.group(2) is not None and len(m.group(2)) != 2):
            return False
        if rest[m.end():].startswith(":"):
            return False
        hour, minute, second = int(digits), int(m.group(1)), int(m.group(2) or 0)
        rest = rest[m.end():]
    elif after_t and len(digits) in (2, 4, 6):
        hour, minute, second = int(digits[0:2]), int(digits[2:4] or 0), int(digits[4:6] or 0)
    elif not after_t and len(digits) <= 2:
        hour, minute, second, needs_meridiem = int(digits), 0, 0, True
    else:
        return False
    m = re.match(r"[.,]([0-9]*)", rest)
    if m:
        if not m.group(1):
            return False
        rest = rest[m.end():]
    m = re.match(f"{_SP}*[aApP]\\.?[mM]\\.?(?![A-Za-z0-9])", rest)
    if m:
        rest = rest[m.end():]
        if not 1 <= hour <= 12:
            return False
    elif needs_meridiem or hour > 23:
        return False
    if minute > 59 or second > 60:
        return False
    rest = re.sub(f"^{_SP}*", "", rest)
    # the zone: a name (<= 5 capitals), an offset, or an offset and then a name (Go)
    named = bool(re.match("[A-Z]", rest))
    if named:
        w = _WORD.match(rest).group(0)
        if len(w) > 5 or not w.isupper():
            return False
        rest = rest[len(w):]
    m = re.match(r"[+-]([0-9]+)", rest)
    if m:
        off, rest = m.group(1), rest[m.end():]
        if len(off) <= 2 and rest.startswith(":"):
            mm = re.match(r":([0-9]+)", rest)
            if not mm or len(mm.group(1)) != 2:
                return False
            oh, om, rest = int(off), int(mm.group(1)), rest[mm.end():]
        elif len(off) <= 2:
            oh, om = int(off), 0
        elif len(off) == 4:
            oh, om = int(off[:2]), int(off[2:])
        else:
            return False
        if oh > 23 or om > 59:
            return False
        m = re.match(f"{_SP}+(?=[A-Z])", rest)
        if m and not named:
            w = _WORD.match(rest[m.end():]).group(0)
            if len(w) > 5 or not w.isupper():
                return False
            rest = rest[m.end() + len(w):]
    rest = re.sub(f"^{_SP}*", "", rest)
    rest = re.sub(r"^\([A-Za-z0-9 +\-:]*\)", "", rest)
    return rest == ""


def _compact(digits):
    """YYYYMMDD, optionally with hh, hhmm or hhmmss: (date or None) when the time is one."""
    if not re.fullmatch(r"[0-9]{8}|[0-9]{10}|[0-9]{12}|[0-9]{14}", digits):
        return False, None
    t = [int(digits[i:i + 2]) for i in range(8, len(digits), 2)] + [0, 0, 0]
    if t[0] > 23 or t[1] > 59 or t[2] > 60:
        return False, None
    return True, _ymd(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


def _two(y):
    """POSIX %y."""
    return 2000 + y if y < 69 else 1900 + y


def _numeric_dm(date_format, a, b, c):
    """A numeric form whose first field (a) has one or two digits: day/month/year in the
    declared order, or under auto in the only order that is a date."""
    x, y = int(a), int(b)
    year = int(c) if len(c) == 4 else _two(int(c)) if len(c) == 2 else None
    if date_format == "dmy":
        return _ymd(year, y, x) if year else None
    if date_format == "mdy":
        return _ymd(year, x, y) if year else None
    if date_format == "ymd":
        return _ymd(_two(x), y, int(c)) if len(a) == 2 and len(c) <= 2 else None
    def auto(year):
        if year is None or (x != y and 1 <= x <= 12 and 1 <= y <= 12):
            return None      # no year, or both orders are dates
        return _ymd(year, x, y) if 1 <= x <= 12 else _ymd(year, y, x)
    if len(a) == 2 and len(c) == 2 and (first := _ymd(_two(x), y, int(c))):
        # 17/12/30 is year first (2017-12-30) as well as year last: read only when both agree
        return first if auto(year) == first else None
    return auto(year)


def _with_weekday(d, named):
    return d if d is None or named is None or d.isoweekday() == named else None


def _words_date(text):
    """Month-name forms, RFC 2822 (two-digit years too, RFC 2822 4.3) and LexisNexis date lines,
    each with a weekday before or after: (date or None, rest) or None when no such form."""
    sep = f"(?:,{_SP}*|{_SP}+)"
    wd = r"(?P<wd>[A-Za-z]+)\.?" + sep
    ordinal = r"(?i:st|nd|rd|th)?(?![A-Za-z])"
    day_first = (f"(?:{wd})?(?P<d>[0-9]{{1,2}}){ordinal}{_SP}+(?:[oO][fF]{_SP}+)?"
                 f"(?P<m>[A-Za-z]+)\\.?{sep}(?P<y>[0-9]{{4}}|[0-9]{{2}}(?={_SP}+[0-9]{{1,2}}:))(?![0-9])")
    month_first = (f"(?:{wd})?(?P<m>[A-Za-z]+)\\.?{_SP}+(?P<d>[0-9]{{1,2}}){ordinal}{sep}"
                   f"(?P<y>[0-9]{{4}})(?![0-9])")
    for pattern in (day_first, month_first):
        m = re.match(pattern, text)
        if not m or _month(m.group("m")) is None:
            continue
        named = None
        if m.group("wd") is not None:
            named = _weekday(m.group("wd"))
            if named is None:
                continue
        y = m.group("y")
        year = int(y) if len(y) == 4 else (2000 + int(y) if int(y) < 50 else 1900 + int(y))
        d = _ymd(year, _month(m.group("m")), int(m.group("d")))
        rest = text[m.end():]
        t = re.match(f"{sep}([A-Za-z]+)\\.?", rest)
        if named is None and t and _weekday(t.group(1)) is not None:
            named, rest = _weekday(t.group(1)), rest[t.end():]
        return _with_weekday(d, named), rest
    return None


def date_of(text, date_format):
    """The date slant must read from `text` under --date-format (README, "Dates"), or None."""
    import datetime
    text = (text or "").strip()
    if len(text.encode("utf-8")) > 100:
        return None
    if date_format in ("unix", "unix-ms"):
        m = re.match(r"^(-?)([0-9]{1,18})(?:(\.)([0-9]*))?$", text)
        if m:
            whole = m.group(2)
            if not m.group(1) and not m.group(3):
                # digits that spell a year or a date of 1900-2100 as written are not timestamps
                spelled = None
                if len(whole) == 4:
                    spelled = int(whole)
                else:
                    ok, d = _compact(whole)
                    spelled = d.year if ok and d else None
                if spelled is not None and TIMESTAMP_YEARS[0] <= spelled <= TIMESTAMP_YEARS[1]:
                    return None
            units = int(whole)
            if m.group(1):
                units = -units - (1 if (m.group(4) or "").strip("0") else 0)
            per_day = 86400 * (1000 if date_format == "unix-ms" else 1)
            try:
                d = datetime.date(1970, 1, 1) + datetime.timedelta(days=units // per_day)
            except OverflowError:
                return None
            return d if TIMESTAMP_YEARS[0] <= d.year <= TIMESTAMP_YEARS[1] else None
    if re.match("[A-Za-z]", text):
        got = _words_date(text)
        return got[0] if got and _time_ok(got[1]) else None
    m = re.match(r"([0-9]+)", text)
    if not m:
        return None
    digits, rest = m.group(1), text[m.end():]
    ok, d = _compact(digits)
    if ok:
        return d if len(digits) != 10 and _time_ok(rest) else None
    if len(digits) == 4:
        if w := re.match(r"(-?)W([0-9]+)(?:(-)([0-9]+))?", rest):   # ISO week date
            dash, week, dash2, day = w.groups()
            if dash:
                if not (len(week) == 2 and dash2 and day and len(day) == 1):
                    return None
                week, day = int(week), int(day)
            elif len(week) == 3 and not dash2:
                week, day = int(week[:2]), int(week[2])
            else:
                return None
            if not _time_ok(rest[w.end():]) or not 1000 <= int(digits) <= 9999 or not 1 <= day <= 7:
                return None
            try:
                d = datetime.date.fromisocalendar(int(digits), week, day)
            except ValueError:
                return None
            return d if 1000 <= d.year <= 9999 else None
        if o := re.match(r"-([0-9]{3})(?![0-9])", rest):                 # ordinal date
            if not _time_ok(rest[o.end():]) or not 1000 <= int(digits) <= 9999:
                return None
            n = int(o.group(1))
            y = int(digits)
            last = 366 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 365
            return (datetime.date(int(digits), 1, 1) + datetime.timedelta(days=n - 1)
                    if 1 <= n <= last else None)
        if y := re.match(r"([-/.])([0-9]{1,2})\1([0-9]{1,2})(?![0-9])", rest):
            return _ymd(int(digits), int(y.group(2)), int(y.group(3))) if _time_ok(rest[y.end():]) else None
        return None
    if len(digits) > 2:
        return None
    if n := re.match(r"([-/.])([A-Za-z]+)\1([0-9]{4})(?![0-9])", rest):   # 24-May-2013
        mo = _month(n.group(2))
        return _ymd(int(n.group(3)), mo, int(digits)) if mo and _time_ok(rest[n.end():]) else None
    if n := re.match(r"([-/.])([0-9]{1,2})\1([0-9]{1,9})(?![0-9])", rest):
        return _numeric_dm(date_format, digits, n.group(2), n.group(3)) if _time_ok(rest[n.end():]) else None
    got = _words_date(text)
    return got[0] if got and _time_ok(got[1]) else None


def partial_period(text, period, date_format):
    """The period of a month or a year alone (README, "Dates"), when the period is no finer."""
    text = (text or "").strip()
    year = month = None
    if re.fullmatch(r"[0-9]{4}", text) and date_format not in ("unix", "unix-ms"):
        year = int(text)
    elif m := re.fullmatch(r"([0-9]{4})[-/.]([0-9]{1,2})", text):
        year, month = int(m.group(1)), int(m.group(2))
    elif m := re.fullmatch(r"([0-9]{1,2})[-/.]([0-9]{4})", text):
        year, month = int(m.group(2)), int(m.group(1))
    else:
        words = [w for w in re.split(r"[ ,.]", text) if w]
        if len(words) == 2 and re.fullmatch(r"[0-9]{4}", words[1]):
            w = words[0].lower()
            hit = [i + 1 for i, name in enumerate(MONTHS)
                   if w == name or (len(w) == 3 and name.startswith(w))] + ([9] if w == "sept" else [])
            if hit:
                year, month = int(words[1]), hit[0]
    if year is None or not 1000 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
        return None
    if period == "year":
        return f"{year:04d}"
    if period == "month" and month is not None:
        return f"{year:04d}-{month:02d}"
    return None


def period_of(text, period, date_format):
    d = date_of(text, date_format)
    if d is None:
        return partial_period(text, period, date_format)
    if period == "day":
        return d.isoformat()
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if period == "year":
        return f"{d.year:04d}"
    if period == "week":
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}"
    return None


PERIOD_RE = {"day": r"^\d{4}-\d{2}-\d{2}$", "week": r"^\d{4}-W\d{2}$", "month": r"^\d{4}-\d{2}$",
             "year": r"^\d{4}$"}


def fold_ws(s):
    return WS_RE.sub(" ", s)


# Words (README, "Counting rules"): a maximal run of letters, digits and combining marks, with
# apostrophes, hyphens and invisible format characters (soft hyphen, zero-width joiners, …)
# inside a word, . , / : between digits, and dotted initialisms (with a hyphen and a word after
# one, a compound: `U.S.-led`).
# Two readings were needed that the README does not spell out (see the report):
# - an apostrophe joins any two word characters, not only letters (slant counts `2016's` and
#   `5’4”` as one word each);
# - "letters" are Unicode's Alphabetic property, which includes circled letters such as Ⓥ.
_TOK = None
_PARA_WS = re.compile("[\t\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*")


def _char_class(pred):
    import unicodedata
    ranges, start = [], None
    for cp in range(0x110000):
        ok = pred(cp, unicodedata.category(chr(cp)))
        if ok and start is None:
            start = cp
        elif not ok and start is not None:
            ranges.append((start, cp - 1))
            start = None
    if start is not None:
        ranges.append((start, 0x10FFFF))

    def esc(c):
        return "\\x%02x" % c if c < 0x20 else re.escape(chr(c))
    return "[" + "".join(esc(a) if a == b else esc(a) + "-" + esc(b) for a, b in ranges) + "]"


_OTHER_ALPHA_SO = [(0x24B6, 0x24E9), (0x1F130, 0x1F149), (0x1F150, 0x1F169), (0x1F170, 0x1F189)]


def _is_other_alpha(cp):
    return any(a <= cp <= b for a, b in _OTHER_ALPHA_SO)


def tokens_re():
    global _TOK
    if _TOK is None:
        W = _char_class(lambda cp, cat: cat[0] in "LNM" or _is_other_alpha(cp))
        L = _char_class(lambda cp, cat: cat[0] == "L" or cat == "Nl" or _is_other_alpha(cp))
        N = _char_class(lambda cp, cat: cat[0] == "N")
        J = (f"(?:(?<={W})['\u2019\u02bc](?={W})|(?<={W})[-\u2010\u2011](?={W})"
             f"|(?<={W})[\u00ad\u200c\u200d\u2060\ufeff\u200e\u200f\u061c](?={W})"
             f"|(?<=[\u05d0-\u05ea])[\"\u05f3\u05f4](?=[\u05d0-\u05ea])"
             f"|(?<={N})[.,/:](?=[0-9]))")
        # an initialism followed by a hyphen and a word is a compound (`U.S.-led`: one word)
        _TOK = re.compile(f"{L}\\.(?:{L}\\.)+(?:[-\u2010\u2011](?={W}){W}+(?:{J}{W}+)*)?"
                          f"|{W}+(?:{J}{W}+)*")
    return _TOK


def count_words(text):
    return sum(1 for _ in tokens_re().finditer(text))


def body_paragraphs(body):
    """Byte spans (in the UTF-8 body) of the paragraphs that hold a word (README, "Paragraphs")."""
    b = body.encode("utf-8", "surrogatepass")
    lines = []
    pos = 0
    for ln in b.split(b"\n"):
        lines.append((pos, pos + len(ln), ln))
        pos += len(ln) + 1
    blank = [_PARA_WS.fullmatch(ln.decode("utf-8", "replace")) is not None for _, _, ln in lines]
    paras = []
    if any(blank):
        cur = None
        for (st, en, _), bl in zip(lines, blank):
            if bl:
                if cur:
                    paras.append(cur)
                cur = None
            else:
                cur = (cur[0], en) if cur else (st, en)
        if cur:
            paras.append(cur)
    else:
        paras = [(st, en) for (st, en, _) in lines]
    tok = tokens_re()
    return [(st, en) for st, en in paras if tok.search(b[st:en].decode("utf-8", "replace"))]


# --------------------------------------------------------------------------------------------
# the run's settings


def cli_option(cmd, name, default=None):
    """Last value of --name in the recorded command line (--name V or --name=V)."""
    val = default
    for i, a in enumerate(cmd):
        if a == name and i + 1 < len(cmd):
            val = cmd[i + 1]
        elif a.startswith(name + "="):
            val = a[len(name) + 1:]
    return val


def cli_flag(cmd, name):
    return name in cmd


def rollup_of(catfield, cache):
    r = cache.get(catfield)
    if r is None:
        r = []
        for c in catfield.split(";"):
            parts = c.split(".")
            for k in range(1, len(parts) + 1):
                r.append(".".join(parts[:k]))
        cache[catfield] = r
    return r


# --------------------------------------------------------------------------------------------
# main


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("report_dir")
    ap.add_argument("--corpus", nargs="+", default=[], help="the run's input files, in the order given to slant")
    ap.add_argument("--text-field", default=None, help="default: the run's --text-field, else text")
    ap.add_argument("--id-field", default=None, help="default: the run's --id-field, else id")
    ap.add_argument("--title-field", default=None, help="default: the run's --title-field, else title")
    ap.add_argument("--format", default=None, help="corpus format when the extension does not say")
    ap.add_argument("--max-errors", type=int, default=8, help="disagreements shown per check (default 8)")
    ap.add_argument("--no-words", action="store_true",
                    help="with --corpus, skip the word, paragraph and lead counts (the slowest check)")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="also print the largest deviation within tolerance of each float column")
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:
        return 2 if e.code else 0
    global VERBOSE
    VERBOSE = args.verbose
    try:
        return run(args)
    except UsageError as e:
        print(f"check-reports: error: {e}", file=sys.stderr)
        return 2


def run(args):
    D = args.report_dir
    if not os.path.isdir(D):
        raise UsageError(f"{D}: not a folder")
    rj_path = os.path.join(D, "run.json")
    try:
        with open(rj_path, encoding="utf-8") as f:
            rj = json.load(f)
    except (OSError, ValueError) as e:
        raise UsageError(f"{rj_path}: cannot read: {e}")
    for c in args.corpus:
        if not os.path.isfile(c):
            raise UsageError(f"{c}: no such corpus file")

    me = args.max_errors
    names = ["run.json", "format", "articles.counts", "articles.rates", "articles.quotations",
             "articles.structure", "groups", "terms", "choices", "targets", "corpus.records",
             "corpus.structure", "corpus.matches", "corpus.quotations"]
    C = {n: Check(n, me) for n in names}
    CR, FMT = C["run.json"], C["format"]

    cmd = rj.get("command_line") or []
    if rj.get("shards"):
        # written by `slant merge`: the settings are in the shards' `score` command lines
        cmd = rj["shards"][0].get("command_line") or []
    omitted = set(rj.get("omitted") or [])
    deduped = bool(rj.get("deduped"))
    period_kind = rj.get("period")
    group_by = list(rj.get("group_by") or [])
    group_cols = group_by if group_by else ["group"]
    # run.json's `settings` (slant 0.2.0 from 2026-12-06 on) has them with the defaults filled
    # in; older reports only have the command line.
    st = rj.get("settings")
    if isinstance(st, dict):
        context = int(st["context"])
        strip_html = bool(st["strip_html"])
        text_field = args.text_field or st["text_field"]
        id_field = args.id_field or st["id_field"]
        title_field = args.title_field or st["title_field"]
        date_field = st["date_field"]
        date_format = st.get("date_format", "auto")
        has_targets = bool(rj.get("targets"))
    else:
        context = int(cli_option(cmd, "--context", "60"))
        strip_html = cli_flag(cmd, "--strip-html")
        text_field = args.text_field or cli_option(cmd, "--text-field", "text")
        id_field = args.id_field or cli_option(cmd, "--id-field", "id")
        title_field = args.title_field or cli_option(cmd, "--title-field", "title")
        date_field = cli_option(cmd, "--date-field", "date")
        date_format = cli_option(cmd, "--date-format", "auto")
        has_targets = cli_option(cmd, "--targets") is not None
    words_check = not args.no_words

    def path(n):
        return os.path.join(D, n)

    present = {n: os.path.isfile(path(n)) for n in
               ["articles.csv", "matches.csv", "quotations.csv", "skipped.csv", "groups.csv", "terms.csv",
                "choices.csv", "targets.csv"]}
    # ---- run.json: files present vs omitted
    CR.rows += 1
    if rj.get("tool") != "slant":
        CR.fail("run.json", "", "tool", "slant", rj.get("tool"))
    for n in ["articles.csv", "matches.csv", "quotations.csv"]:
        CR.cells += 1
        if n in omitted and present[n]:
            CR.fail("run.json", "", f"{n} is listed in omitted but present", "absent", "present")
        if n not in omitted and not present[n]:
            CR.fail("run.json", "", f"{n} is not listed in omitted but missing", "present", "absent")
    for n in ["skipped.csv", "groups.csv", "terms.csv", "choices.csv"]:
        CR.cells += 1
        if not present[n]:
            CR.fail("run.json", "", f"{n} missing", "present", "absent")
    CR.cells += 1
    if has_targets != present["targets.csv"]:
        CR.fail("run.json", "", "targets.csv present iff --targets in command_line",
                "present" if has_targets else "absent", "present" if present["targets.csv"] else "absent")
    if (st["dedupe"] if isinstance(st, dict) else "--dedupe" in cmd) and not deduped:
        CR.fail("run.json", "", "deduped with --dedupe in command_line", True, deduped)
    have_art = present["articles.csv"] and "articles.csv" not in omitted
    have_mat = present["matches.csv"] and "matches.csv" not in omitted
    have_quo = present["quotations.csv"] and "quotations.csv" not in omitted

    # ---- skipped.csv
    skipped = []
    if present["skipped.csv"]:
        _, skipped = read_all(path("skipped.csv"), FMT, ["file", "id", "reason"])
    n_skip_rec = sum(1 for _, r in skipped if r[1] != "0")
    n_unread = sum(1 for _, r in skipped if r[1] == "0")
    for key, exp in [("records_skipped", n_skip_rec), ("files_unreadable", n_unread),
                     ("records_read", (rj.get("articles_scored") or 0) + (rj.get("records_skipped") or 0))]:
        CR.cells += 1
        if rj.get(key) != exp:
            CR.fail("run.json", "", key, exp, rj.get(key))
    CR.cells += 1
    in_total = sum(int(i.get("records", 0)) for i in rj.get("inputs", []))
    if in_total != rj.get("records_read"):
        CR.fail("run.json", "", "sum of inputs[].records vs records_read", rj.get("records_read"), in_total)
    CR.cells += 1
    if rj.get("warnings_total", 0) < len(rj.get("warnings", [])) or len(rj.get("warnings", [])) > 1000:
        CR.fail("run.json", "", "warnings_total >= len(warnings) <= 1000", len(rj.get("warnings", [])),
                rj.get("warnings_total"))
    for lx in rj.get("lexicons", []):
        origin = lx.get("origin", "")
        if origin and not origin.startswith(("builtin:", "slant:")) and os.path.isfile(origin):
            CR.cells += 1
            h, _ = sha256_file(origin)
            if h != lx.get("sha256"):
                CR.fail("run.json", lx.get("name"), f"lexicon sha256 of {origin}", h, lx.get("sha256"))

    # ---- corpus
    corpus_iter = None
    corpus_files = []
    if args.corpus:
        inputs = rj.get("inputs", [])
        for i, c in enumerate(args.corpus):
            h, nbytes = sha256_file(c)
            match = None
            for inp in inputs:
                if inp.get("sha256") == h:
                    match = inp
                    break
            CR.cells += 1
            if match is None:
                CR.fail("run.json", c, "no input with this file's sha256", h,
                        [x.get("sha256") for x in inputs])
                display = inputs[i]["path"] if i < len(inputs) else c
                match = {"path": display}
            else:
                CR.cells += 1
                if match.get("bytes") != nbytes:
                    CR.fail("run.json", c, "input bytes", nbytes, match.get("bytes"))
            corpus_files.append((c, match))
        if strip_html:
            C["corpus.matches"].skip("--strip-html: offsets count the text after tag removal")

        def gen(count=True):
            for c, inp in corpus_files:
                fmt = corpus_format(c, args.format or cli_option(cmd, "--format"))
                nrec = 0
                for recno, obj, problem in iter_corpus(c, fmt):
                    nrec = recno if fmt != "jsonl" else nrec + 1
                    yield inp["path"], recno, obj, problem
                if count:
                    CR.cells += 1
                    if inp.get("records") is not None and inp.get("records") != nrec:
                        CR.fail("run.json", c, "input records", nrec, inp.get("records"))
        corpus_iter = gen()
    else:
        for n in ["corpus.records", "corpus.structure", "corpus.matches", "corpus.quotations"]:
            C[n].skip("no --corpus")

    skip_by_rec = {}
    for line, r in skipped:
        skip_by_rec[(r[0], r[1])] = (line, r)

    def is_mark(c):
        return unicodedata.category(c).startswith("M")

    def before(src, st, nchars):
        """The text of the last nchars characters before byte st (st on a boundary), less the
        combining marks at its start, whose letter was cut off."""
        lo = max(0, st - 4 * nchars)
        while lo > 0 and 0x80 <= src[lo] < 0xC0:
            lo -= 1
        s = src[lo:st].decode("utf-8")[-nchars:] if nchars > 0 else ""
        while s and is_mark(s[0]):
            s = s[1:]
        return s

    def after(src, en, nchars):
        """The first nchars characters from byte en, and the combining marks after the last."""
        hi = min(len(src), en + 4 * nchars + 64)
        while hi < len(src) and 0x80 <= src[hi] < 0xC0:
            hi += 1
        if nchars <= 0:
            return ""
        s = src[en:hi].decode("utf-8")
        k = min(nchars, len(s))
        while k < len(s) and is_mark(s[k]):
            k += 1
        return s[:k]

    def boundary(src, i):
        return i == len(src) or (0 <= i < len(src) and not 0x80 <= src[i] < 0xC0)

    def check_text(ident, where, obj, mrows, qrows, recname, arow=None):
        CM, CQ, CS = C["corpus.matches"], C["corpus.quotations"], C["corpus.structure"]
        body = json_scalar_text(obj.get(text_field))
        title = json_scalar_text(obj.get(title_field)) or ""
        if body is None:
            C["corpus.records"].fail(where, ident, f"{recname} has no text field {text_field!r}", "text", None)
            return
        if strip_html:
            return
        tb = title.encode("utf-8", "surrogatepass")
        bb = body.encode("utf-8", "surrogatepass")
        paras = body_paragraphs(body)
        lead_span = paras[0] if len(paras) > 1 else None
        if arow is not None and words_check:
            CS.rows += 1
            tw, bw_all = count_words(title), count_words(body)
            exp = {"words": tw + bw_all, "title_words": tw, "paragraphs": len(body_paragraphs(title)) + len(paras)}
            if lead_span is not None:
                lw = count_words(bb[lead_span[0]:lead_span[1]].decode("utf-8"))
                exp["lead_words"] = lw
                exp["body_words"] = bw_all - lw
            for k, v in exp.items():
                int_cell(CS, where, ident, f"{k} (from the text of {recname})", arow[k], v)
            CS.cells += 1
            if int(arow["lead_words"]) + int(arow["body_words"]) != bw_all:
                CS.fail(where, ident, f"lead_words + body_words = words of the body of {recname}", bw_all,
                        int(arow["lead_words"]) + int(arow["body_words"]))

        def part_ok(part, st, en, sentence, chk, w):
            """lead = the body's first paragraph, or its first two sentences when it has one."""
            if part == "title" or not words_check:
                return
            chk.cells += 1
            if lead_span is not None:
                expect = "lead" if st < lead_span[1] else "body"
                if part != expect or (part == "lead" and en > lead_span[1]):
                    chk.fail(w, ident, f"part of bytes {st}..{en}, the first paragraph being bytes {lead_span}",
                             expect, part)
            elif sentence is not None:
                if (part == "lead") != (sentence <= 2):
                    chk.fail(w, ident, f"part {part} in sentence {sentence} of a one-paragraph body",
                             "lead" if sentence <= 2 else "body", part)
        for mline, m in mrows:
            CM.rows += 1
            mwhere = f"matches.csv:{mline}"
            src = tb if m[M_PART] == "title" else bb
            st, en = int(m[M_START]), int(m[M_END])
            CM.cells += 1
            if en > len(src) or st > en:
                CM.fail(mwhere, ident, f"start <= end <= length of the {m[M_PART]} ({len(src)} bytes)", len(src),
                        (st, en))
                continue
            if not (boundary(src, st) and boundary(src, en)):
                CM.fail(mwhere, ident, "offsets on character boundaries", "boundaries", (st, en))
                continue
            got = src[st:en].decode("utf-8")
            try:
                part_ok(m[M_PART], st, en, int(m[M_SENT]), CS, mwhere)
            except ValueError:
                CS.fail(mwhere, ident, "sentence is an integer", "integer", m[M_SENT])
            if got != m[M_TEXT]:
                CM.fail(mwhere, ident, f"text = {m[M_PART]}[{st}..{en}]", got, m[M_TEXT])
            CM.cells += 2
            el = fold_ws(before(src, st, context))
            er = fold_ws(after(src, en, context))
            if el != m[M_LEFT]:
                CM.fail(mwhere, ident, "left context", el, m[M_LEFT])
            if er != m[M_RIGHT]:
                CM.fail(mwhere, ident, "right context", er, m[M_RIGHT])
        for qline, q in qrows:
            CQ.rows += 1
            src = tb if q[ng + 2] == "title" else bb
            qs, qe = int(q[ng + 4]), int(q[ng + 5])
            CQ.cells += 1
            qwhere = f"quotations.csv:{qline}"
            if qe > len(src) or qs > qe:
                CQ.fail(qwhere, ident, f"start <= end <= length of the {q[ng + 2]}", len(src), (qs, qe))
                continue
            if not (boundary(src, qs) and boundary(src, qe)):
                CQ.fail(qwhere, ident, "offsets on character boundaries", "boundaries", (qs, qe))
                continue
            span = src[qs:qe].decode("utf-8")
            part_ok(q[ng + 2], qs, qs, None, CS, qwhere)
            if words_check:
                CS.cells += 1
                if q[ng + 6] != str(count_words(span)):
                    CS.fail(qwhere, ident, "words = words in the quotation's span", count_words(span), q[ng + 6])
            exp = fold_ws(span)[:300]
            if exp != q[ng + 11]:
                CQ.fail(qwhere, ident, f"text = folded {q[ng + 2]}[{qs}..{qe}], cut at 300 characters", exp,
                        q[ng + 11])

    # ---- the per-article pass
    A = C["articles.counts"]
    RT = C["articles.rates"]
    Q = C["articles.quotations"]
    ST = C["articles.structure"]
    CRec, CM, CQ = C["corpus.records"], C["corpus.matches"], C["corpus.quotations"]

    if not have_art:
        for n in ["articles.counts", "articles.rates", "articles.quotations", "articles.structure", "groups",
                  "choices"]:
            C[n].skip("articles.csv omitted")
    if not have_mat:
        A.skip("matches.csv omitted")
        C["terms"].skip("matches.csv omitted: only the statistics recomputed from terms.csv's own counts")
        CM.skip("matches.csv omitted")
    if not have_quo:
        Q.skip("quotations.csv omitted")
        CQ.skip("quotations.csv omitted")

    rollcache = {}
    mat = None
    quo = None
    if have_mat:
        mat = CsvRows(path("matches.csv"), FMT,
                      ["id"] + group_cols + ["text", "lexicon", "entry", "category", "left", "right"])
        mh = mat.col
        exp_m = ["id"] + group_cols + ["period", "part", "sentence", "start", "end", "text", "lexicon", "entry",
                                        "category", "weight", "voice", "negated", "left", "right"]
        CR.cells += 1
        if mat.header != exp_m:
            CR.fail("matches.csv", "", "header", exp_m, mat.header)
            raise UsageError("matches.csv: unexpected header; cannot check")
    if have_quo:
        quo = CsvRows(path("quotations.csv"), FMT, ["id"] + group_cols + ["text"])
        exp_q = ["id"] + group_cols + ["period", "part", "quotation", "start", "end", "words", "closed", "depth",
                                        "device", "not_device", "text"]
        CR.cells += 1
        if quo.header != exp_q:
            CR.fail("quotations.csv", "", "header", exp_q, quo.header)
            raise UsageError("quotations.csv: unexpected header; cannot check")

    ng = len(group_cols)
    mi_id = 0
    if have_mat:
        M_PART, M_SENT, M_START, M_END, M_TEXT, M_LEX, M_ENTRY, M_CAT, M_W, M_VOICE, M_NEG, M_LEFT, M_RIGHT = (
            mh[c] for c in ["part", "sentence", "start", "end", "text", "lexicon", "entry", "category", "weight",
                            "voice", "negated", "left", "right"])

    # lookahead readers grouped per article
    class Grouper:
        def __init__(self, rows, newart):
            self.rows = rows
            self.newart = newart
            self.pending = None
            self.done = False
            self._fill()

        def _fill(self):
            if self.done:
                return
            try:
                self.pending = (self.rows.line, next(self.rows))
            except StopIteration:
                self.pending = None
                self.done = True

        def take(self, ident, split_dups):
            out = []
            prev = None
            while self.pending is not None and self.pending[1][0] == ident:
                if split_dups and prev is not None and self.newart(prev[1], self.pending[1]):
                    break
                prev = self.pending
                out.append(self.pending)
                self._fill()
            return out

    def m_newart(a, b):
        ka = (PARTS.get(a[M_PART], 3), int(a[M_START]))
        kb = (PARTS.get(b[M_PART], 3), int(b[M_START]))
        return kb < ka

    mg = Grouper(mat, m_newart) if have_mat else None
    qg = Grouper(quo, lambda a, b: b[ng + 3] == "1") if have_quo else None

    # group accumulators
    class Cell:
        __slots__ = ("n", "words", "nwords", "qwords", "sent", "para", "quot", "slant", "nslant", "slant_total",
                     "nslant_total", "sw", "saw", "nsw", "nsaw", "rate_n", "rate_words", "nrate_n", "nrate_words",
                     "cat_total", "cat_vals", "ncat_total", "ncat_vals", "ids", "concept_sums", "variant_sums")

        def __init__(self):
            self.n = 0
            self.words, self.nwords, self.qwords, self.sent, self.para, self.quot = [], [], [], [], [], []
            self.slant, self.nslant = [], []
            self.slant_total = self.nslant_total = 0
            self.sw = self.saw = self.nsw = self.nsaw = 0.0
            self.rate_n = self.rate_words = self.nrate_n = self.nrate_words = 0
            self.cat_total = defaultdict(int)
            self.cat_vals = defaultdict(list)
            self.ncat_total = defaultdict(int)
            self.ncat_vals = defaultdict(list)
            # per concept: [articles using it, sum x, sum x^2]; per variant: [sum y, sum y^2, sum x*y],
            # where x is an article's matches of the concept's variants and y of the variant
            self.concept_sums = defaultdict(lambda: [0, 0, 0])
            self.variant_sums = defaultdict(lambda: [0, 0, 0])

    cells = {}
    # (group, key) -> count, narrator, articles_with, sum of c^2, sum of c * words (per article)
    term_cnt = defaultdict(lambda: [0, 0, 0, 0, 0])
    group_words = defaultdict(int)
    group_arts = defaultdict(int)
    group_wsq = defaultdict(int)  # sum of words^2 over the group's articles
    group_worded = defaultdict(int)  # the group's articles with words
    all_entries = set()
    all_entries_any = set()
    n_articles = 0
    n_dups = 0
    cats = []
    art_ids_seen = {}
    matches_rows = 0
    device_q_total = 0

    odd_years = []

    def next_corpus_article(ident, where):
        """Advance the corpus to the next record that is not in skipped.csv; check its id."""
        while True:
            try:
                fname, recno, obj, problem = next(corpus_iter)
            except StopIteration:
                CRec.rows += 1
                CRec.fail(where, ident, "article has no corpus record left", "a record", "end of corpus")
                return None
            sk = skip_by_rec.pop((fname, str(recno)), None)
            if sk is not None:
                CRec.rows += 1
                sline, srow = sk
                if obj is not None and srow[2]:
                    rid = json_scalar_text(obj.get(id_field))
                    if rid is not None and rid != srow[2]:
                        CRec.fail(f"skipped.csv:{sline}", srow[2], f"id of {fname}:{recno}", rid, srow[2])
                continue
            CRec.rows += 1
            if obj is None:
                CRec.fail(where, ident, f"{fname}:{recno} cannot be read ({problem}) but is not in skipped.csv",
                          "a skipped.csv row", "an articles.csv row")
                continue
            rid = json_scalar_text(obj.get(id_field))
            if not rid:  # no id, or an empty one: slant makes one up
                rid = f"{fname}:{recno}"
            if rid != ident:
                CRec.fail(where, ident, f"id of the next unskipped record {fname}:{recno}", rid, ident)
            return fname, recno, obj

    if have_art:
        art = CsvRows(path("articles.csv"), FMT, ["id"] + group_cols + ["duplicate_of"])
        h = art.header
        if "duplicate_of" not in art.col:
            raise UsageError("articles.csv: no duplicate_of column")
        gi = art.col["duplicate_of"]
        CR.cells += 1
        if h[1:gi] != group_cols:
            CR.fail("articles.csv", "", "group columns vs run.json group_by", group_cols, h[1:gi])
        base = gi + 2
        CR.cells += 1
        if h[gi + 1] != "period" or h[base:base + len(ARTICLE_FIXED)] != ARTICLE_FIXED:
            CR.fail("articles.csv", "", "fixed columns", ["period"] + ARTICLE_FIXED, h[gi + 1:base + len(ARTICLE_FIXED)])
            raise UsageError("articles.csv: unexpected header; cannot check")
        ix = {c: base + i for i, c in enumerate(ARTICLE_FIXED)}
        cs = base + len(ARTICLE_FIXED)
        if (len(h) - cs) % 10:
            raise UsageError("articles.csv: category columns do not come in tens")
        for j in range((len(h) - cs) // 10):
            blk = h[cs + 10 * j: cs + 10 * j + 10]
            cat = blk[0][:-2]
            if blk != [f"{cat}.{s}" for s in CAT_SUFFIXES]:
                raise UsageError(f"articles.csv: columns {blk} are not one category's ten columns")
            cats.append(cat)
        catpos = {c: cs + 10 * j for j, c in enumerate(cats)}
        # a parent sorts before its children
        for j, c in enumerate(cats):
            p = c.rsplit(".", 1)[0] if "." in c else None
            ST.cells += 1
            if p is not None and (p not in catpos or catpos[p] > catpos[c]):
                ST.fail("articles.csv:1", "", f"category {c}: parent column before it", p,
                        "missing" if p not in catpos else "after")
        choice_vars = [c for c in cats if c.startswith("choice.") and c.count(".") == 2]
        choice_set = set(choice_vars)
        ncat = len(cats)

        prev_art = None
        lookahead = None
        rows_iter = iter(art)

        def next_art():
            try:
                return art.line, next(rows_iter)
            except StopIteration:
                return None

        cur = next_art()
        nxt = next_art() if cur else None
        while cur is not None:
            line, row = cur
            ident = row[0]
            where = f"articles.csv:{line}"
            n_articles += 1
            split_dups = nxt is not None and nxt[1][0] == ident
            if ident in art_ids_seen and not split_dups:
                split_dups = True
            dup = row[gi]
            period = row[gi + 1]
            gvals = tuple(row[1:gi])
            try:
                words = int(row[ix["words"]])
                tw, lw, bw = (int(row[ix[k]]) for k in ("title_words", "lead_words", "body_words"))
                qw = int(row[ix["quoted_words"]])
                sents, paras, nq = int(row[ix["sentences"]]), int(row[ix["paragraphs"]]), int(row[ix["quotations"]])
                slant_m = int(row[ix["slant_matches"]])
            except ValueError as e:
                raise UsageError(f"{where}: not an integer: {e}")
            nw = words - qw
            RT.rows += 1
            RT.cells += 1
            if tw + lw + bw != words:
                RT.fail(where, ident, "title_words + lead_words + body_words", words, tw + lw + bw)
            num_cell(RT, where, ident, "quoted_share", row[ix["quoted_share"]], qw / words if words else None, REL,
                     fmt=FMT)
            # structure
            ST.rows += 1
            ST.cells += 1
            if dup:
                n_dups += 1
                first = art_ids_seen.get(dup)
                if first is None:
                    ST.fail(where, ident, "duplicate_of names an earlier article", "an earlier id", dup)
                elif first[1]:
                    ST.fail(where, ident, "duplicate_of names the first of its cluster", first[1], dup)
            if period_kind:
                ST.cells += 1
                if period and not re.match(PERIOD_RE.get(period_kind, "^$"), period):
                    ST.fail(where, ident, f"period form for --period {period_kind}", PERIOD_RE.get(period_kind),
                            period)
            elif period:
                ST.fail(where, ident, "period without --period", "", period)
            if ident not in art_ids_seen:
                art_ids_seen[ident] = (line, dup)

            # ---- matches of this article
            counts = {}
            sl_w = sl_a = nsl_w = nsl_a = 0.0
            sl_n = nsl_n = 0
            entries = {}
            device_m = defaultdict(list)
            mrows = mg.take(ident, split_dups) if have_mat else []
            prevkey = None
            max_sent = [0, 0]
            for mline, m in mrows:
                matches_rows += 1
                mwhere = f"matches.csv:{mline}"
                ST.rows += 1
                ST.cells += 1
                if tuple(m[1:1 + ng]) != gvals or m[ng + 1] != period:
                    ST.fail(mwhere, ident, "group and period as in articles.csv", list(gvals) + [period],
                            m[1:ng + 2])
                part = m[M_PART]
                try:
                    st, en = int(m[M_START]), int(m[M_END])
                except ValueError:
                    ST.fail(mwhere, ident, "start/end integers", "integers", (m[M_START], m[M_END]))
                    continue
                pk = PARTS.get(part)
                if pk is None:
                    ST.fail(mwhere, ident, "part", "title|lead|body", part)
                    continue
                key = (pk, st)
                if prevkey is not None and key < prevkey:
                    ST.fail(mwhere, ident, "reading order (part, start) after the previous row", f">= {prevkey}", key)
                prevkey = key
                try:
                    sn = int(m[M_SENT])
                except ValueError:
                    sn = 0
                side = 0 if pk == 0 else 1
                ST.cells += 1
                if sn < max_sent[side] or sn < 1:
                    ST.fail(mwhere, ident, "sentence >= 1 and not below the previous row's of the same text",
                            f">= {max(1, max_sent[side])}", m[M_SENT])
                max_sent[side] = max(max_sent[side], sn)
                if not (0 <= st <= en):
                    ST.fail(mwhere, ident, "0 <= start <= end", "start <= end", (st, en))
                voice = m[M_VOICE]
                narr = voice == "narrator"
                if voice not in ("narrator", "quoted"):
                    ST.fail(mwhere, ident, "voice", "narrator|quoted", voice)
                neg = m[M_NEG] == "true"
                if m[M_NEG] not in ("true", "false"):
                    ST.fail(mwhere, ident, "negated", "true|false", m[M_NEG])
                catf = m[M_CAT]
                for c in rollup_of(catf, rollcache):
                    v = counts.get(c)
                    if v is None:
                        v = counts[c] = [0, 0, 0, 0, 0, 0]
                    v[0] += 1
                    if narr:
                        v[1] += 1
                    if neg:
                        v[2] += 1
                    v[3 + pk] += 1
                try:
                    w = float(m[M_W])
                except ValueError:
                    ST.fail(mwhere, ident, "weight is a number", "number", m[M_W])
                    w = 0.0
                if w != 0 and any(c.startswith("choice.") for c in catf.split(";")):
                    sl_w += w
                    sl_a += abs(w)
                    sl_n += 1
                    if narr:
                        nsl_w += w
                        nsl_a += abs(w)
                        nsl_n += 1
                ek = (m[M_LEX], m[M_ENTRY], catf)
                e = entries.get(ek)
                if e is None:
                    e = entries[ek] = [0, 0]
                e[0] += 1
                if narr:
                    e[1] += 1
                if m[M_LEX] == "device":
                    device_m[catf].append((mline, part, st, en, m))
                    if not narr:
                        ST.fail(mwhere, ident, "device match voice", "narrator", voice)
            ST.cells += 1
            if max_sent[0] + max_sent[1] > sents:
                ST.fail(where, ident, "sentences >= last title sentence + last body sentence of its matches",
                        f">= {max_sent[0] + max_sent[1]}", sents)
            # ---- check 1: counts from matches
            A.rows += 1
            if have_mat:
                for c in counts:
                    if c not in catpos:
                        A.cells += 1
                        A.fail(where, ident, f"category {c} of matches.csv has no column", "a column", "none")
                num_cell(A, where, ident, "slant", row[ix["slant"]], sl_w / sl_a if sl_a else None, REL, fmt=FMT)
                num_cell(A, where, ident, "narrator_slant", row[ix["narrator_slant"]],
                         nsl_w / nsl_a if nsl_a else None, REL, fmt=FMT)
                int_cell(A, where, ident, "slant_matches", row[ix["slant_matches"]], sl_n)
            else:
                ok = (slant_m == 0) == (row[ix["slant"]] == "")
                A.cells += 1
                if not ok:
                    A.fail(where, ident, "slant empty iff slant_matches is 0", slant_m, row[ix["slant"]])
            # zero block for categories without matches
            zr = "0" if words else ""
            zn = "0" if nw > 0 else ""
            zt = "0" if tw else ""
            zl = "0" if lw else ""
            zb = "0" if bw else ""
            zero = [("0", zr, zn, "0", "0", zt, "0", zl, "0", zb)]
            nonzero_n = []
            for j in range(ncat):
                s = cs + 10 * j
                c = cats[j]
                v = counts.get(c) if have_mat else None
                blk = row[s:s + 10]
                if v is None and have_mat:
                    A.cells += 10
                    RT.cells += 10
                    if tuple(blk) == zero[0]:
                        continue
                if v is None and not have_mat and blk[0] == "0":
                    RT.cells += 10
                    if tuple(blk) != zero[0]:
                        RT.fail(where, ident, f"{c}: a category with n = 0 has zero counts and rates",
                                list(zero[0]), blk)
                    continue
                # full check of this block
                try:
                    n_cell = int(blk[0])
                    neg_c, t_c, l_c, b_c = int(blk[3]), int(blk[4]), int(blk[6]), int(blk[8])
                except ValueError:
                    A.fail(where, ident, f"{c}: integer counts", "integers", blk)
                    continue
                if have_mat:
                    e = v or [0, 0, 0, 0, 0, 0]
                    int_cell(A, where, ident, f"{c}.n", blk[0], e[0])
                    int_cell(A, where, ident, f"{c}.negated_n", blk[3], e[2])
                    int_cell(A, where, ident, f"{c}.title_n", blk[4], e[3])
                    int_cell(A, where, ident, f"{c}.lead_n", blk[6], e[4])
                    int_cell(A, where, ident, f"{c}.body_n", blk[8], e[5])
                    narr_count = e[1]
                else:
                    narr_count = None
                RT.cells += 1
                if t_c + l_c + b_c != n_cell:
                    RT.fail(where, ident, f"{c}: title_n + lead_n + body_n", n_cell, t_c + l_c + b_c)
                if neg_c > n_cell:
                    RT.fail(where, ident, f"{c}: negated_n <= n", n_cell, neg_c)
                num_cell(RT, where, ident, f"{c}.per_1k", blk[1], n_cell / words * 1000 if words else None, REL,
                         fmt=FMT)
                num_cell(RT, where, ident, f"{c}.title_per_1k", blk[5], t_c / tw * 1000 if tw else None, REL, fmt=FMT)
                num_cell(RT, where, ident, f"{c}.lead_per_1k", blk[7], l_c / lw * 1000 if lw else None, REL, fmt=FMT)
                num_cell(RT, where, ident, f"{c}.body_per_1k", blk[9], b_c / bw * 1000 if bw else None, REL, fmt=FMT)
                if narr_count is not None:
                    num_cell(RT, where, ident, f"{c}.narrator_per_1k", blk[2],
                             narr_count / nw * 1000 if nw > 0 else None, REL, fmt=FMT)
                elif nw <= 0:
                    num_cell(RT, where, ident, f"{c}.narrator_per_1k", blk[2], None, REL)
                elif blk[2] == "" or not shortest_ok(blk[2]):
                    RT.fail(where, ident, f"{c}.narrator_per_1k", "a number", blk[2])
                if n_cell:
                    nonzero_n.append(j)

            # ---- quotations of this article
            if have_quo:
                qrows = qg.take(ident, split_dups)
                Q.rows += 1
                int_cell(Q, where, ident, "quotations = rows of quotations.csv", row[ix["quotations"]], len(qrows))
                top_words = 0
                prev_q = None
                dev_q = defaultdict(list)
                for k, (qline, q) in enumerate(qrows, 1):
                    qwhere = f"quotations.csv:{qline}"
                    Q.cells += 1
                    if q[ng + 3] != str(k):
                        Q.fail(qwhere, ident, "quotation number", k, q[ng + 3])
                    if tuple(q[1:1 + ng]) != gvals or q[ng + 1] != period:
                        Q.fail(qwhere, ident, "group and period as in articles.csv", list(gvals) + [period],
                               q[1:ng + 2])
                    try:
                        qs, qe, qwds, depth = int(q[ng + 4]), int(q[ng + 5]), int(q[ng + 6]), int(q[ng + 8])
                    except ValueError:
                        Q.fail(qwhere, ident, "integers in start/end/words/depth", "integers", q)
                        continue
                    if depth == 0:
                        top_words += qwds
                    qk = (PARTS.get(q[ng + 2], 3), qs)
                    Q.cells += 1
                    if qk[0] == 3 or (prev_q is not None and qk < prev_q) or not 0 <= qs <= qe:
                        Q.fail(qwhere, ident, "part, and reading order (part, start) after the previous row",
                               f">= {prev_q}", qk)
                    prev_q = qk
                    if q[ng + 7] not in ("true", "false"):
                        Q.fail(qwhere, ident, "closed", "true|false", q[ng + 7])
                    devc, why = q[ng + 9], q[ng + 10]
                    if devc:
                        if devc not in ("scare_quote", "distancing"):
                            Q.fail(qwhere, ident, "device", "scare_quote|distancing|empty", devc)
                        dev_q["device." + devc].append((qline, q[ng + 2], qs, qe))
                    # not_device: the first rule that rules a quotation out (codebook); the
                    # first ones follow from the row's own cells.
                    Q.cells += 1
                    if qwds == 0:
                        want = {"empty"}
                    elif devc == "distancing":
                        want = {""}
                    elif q[ng + 7] == "false":
                        want = {"open"}
                    elif depth > 0:
                        want = {"nested"}
                    elif qwds > 3:
                        want = {"long"}
                    elif devc == "scare_quote":
                        want = {""}
                    else:
                        want = NOT_DEVICE_LATER
                    if why not in want or (devc and why):
                        Q.fail(qwhere, ident, "not_device", "|".join(sorted(want)) or "empty", why)
                    if corpus_iter is not None:
                        pass  # checked below with the article's text
                int_cell(Q, where, ident, "quoted_words = sum of words of depth-0 quotations", row[ix["quoted_words"]],
                         top_words)
                if have_mat:
                    for kind in set(dev_q) | {k for k in device_m}:
                        ql = dev_q.get(kind, [])
                        ml = device_m.get(kind, [])
                        Q.cells += 1
                        if len(ql) != len(ml):
                            Q.fail(where, ident, f"{kind}: quotations with the device vs device matches", len(ql),
                                   len(ml))
                            continue
                        for (qline, qpart, qs, qe), (mline, mpart, ms, me_, _) in zip(ql, ml):
                            Q.cells += 1
                            same_text = (qpart == "title") == (mpart == "title")
                            if not (same_text and qs <= ms <= me_ <= qe):
                                Q.fail(f"matches.csv:{mline}", ident,
                                       f"{kind} match inside its quotation (quotations.csv:{qline})",
                                       f"{qpart} {qs}..{qe}", f"{mpart} {ms}..{me_}")
            else:
                qrows = []

            # ---- corpus
            if corpus_iter is not None:
                rec = next_corpus_article(ident, where)
                if rec is not None:
                    fname, recno, obj = rec
                    for gc, gv in zip(group_cols, gvals):
                        if gc == "group" and not group_by:
                            continue
                        fv = obj.get(gc)
                        fv = "" if fv is None else json_scalar_text(fv)
                        if fv is None:
                            continue
                        # group values are trimmed and in NFC (README, "Grouping")
                        fv = unicodedata.normalize("NFC", fv.strip())
                        CRec.cells += 1
                        if fv != gv:
                            CRec.fail(where, ident, f"group column {gc} vs {fname}:{recno}", fv, gv)
                    if period_kind:
                        dtext = json_scalar_text(obj.get(date_field)) or ""
                        ep = period_of(dtext, period_kind, date_format)
                        if ep is not None and not 1000 <= int(ep[:4]) <= 9999 and period == "":
                            # slant refuses years outside 1000-9999 (scraper placeholders such as
                            # 0001-11-30), with a warning; the README's "Dates" does not say so
                            odd_years.append(ident)
                        elif ep is not None or period:
                            # both ways: a date slant reads and the checker does not is a
                            # disagreement too (date_of reads every form of README, "Dates")
                            CRec.cells += 1
                            if (ep or "") != period:
                                CRec.fail(where, ident, f"period of date {obj.get(date_field)!r}", ep or "", period)
                    check_text(ident, where, obj, mrows, qrows, f"{fname}:{recno}",
                               {k: row[ix[k]] for k in ("words", "title_words", "lead_words", "body_words",
                                                        "paragraphs")})

            # ---- accumulate aggregates
            if not (deduped and dup):
                cell = cells.get((gvals, period))
                if cell is None:
                    cell = cells[(gvals, period)] = Cell()
                cell.n += 1
                cell.words.append(words)
                cell.nwords.append(nw)
                cell.qwords.append(qw)
                cell.sent.append(sents)
                cell.para.append(paras)
                cell.quot.append(nq)
                sv, nsv = fnum(row[ix["slant"]]), fnum(row[ix["narrator_slant"]])
                if sv is not None:
                    cell.slant.append((sv, words))
                    cell.slant_total += slant_m
                if nsv is not None:
                    cell.nslant.append((nsv, words))
                    cell.nslant_total += nsl_n
                cell.sw += sl_w
                cell.saw += sl_a
                cell.nsw += nsl_w
                cell.nsaw += nsl_a
                if words > 0:
                    cell.rate_n += 1
                    cell.rate_words += words
                if nw > 0:
                    cell.nrate_n += 1
                    cell.nrate_words += nw
                in_article = defaultdict(dict)  # concept -> {variant category: count in this article}
                for j in nonzero_n:
                    s = cs + 10 * j
                    c = cats[j]
                    n_c = int(row[s])
                    cell.cat_total[c] += n_c
                    if c in choice_set:
                        in_article[c.split(".")[1]][c] = n_c
                    if words > 0:
                        cell.cat_vals[c].append(float(row[s + 1]))
                    if nw > 0 and row[s + 2] not in ("", "0"):
                        r = float(row[s + 2])
                        cell.ncat_vals[c].append(r)
                        cell.ncat_total[c] += round(r * nw / 1000)
                for con, vs in in_article.items():
                    x = sum(vs.values())
                    t = cell.concept_sums[con]
                    t[0] += 1
                    t[1] += x
                    t[2] += x * x
                    for c, y in vs.items():
                        v = cell.variant_sums[c]
                        v[0] += y
                        v[1] += y * y
                        v[2] += x * y
                group_words[gvals] += words
                group_arts[gvals] += 1
                group_wsq[gvals] += words * words
                group_worded[gvals] += words > 0
                for ek, (cnt, ncnt) in entries.items():
                    t = term_cnt[(gvals, ek)]
                    t[0] += cnt
                    t[1] += ncnt
                    t[2] += 1
                    t[3] += cnt * cnt
                    t[4] += cnt * words
                    all_entries.add(ek)
            for ek in entries:
                all_entries_any.add(ek)
            cur, nxt = nxt, (next_art() if nxt else None)
        art.close()
        # leftovers
        if have_mat:
            rest = 0
            while mg.pending is not None:
                rest += 1
                if rest <= 1:
                    ST.fail(f"matches.csv:{mg.pending[0]}", mg.pending[1][0],
                            "match row belongs to an article of articles.csv, in input order", "an article", "none")
                mg._fill()
            if rest > 1:
                ST.bad += rest - 1
            CR.cells += 1
            if rj.get("matches") != matches_rows + rest:
                CR.fail("run.json", "", "matches = rows of matches.csv", matches_rows + rest, rj.get("matches"))
            mat.close()
        if have_quo:
            rest = 0
            while qg.pending is not None:
                rest += 1
                if rest <= 1:
                    Q.fail(f"quotations.csv:{qg.pending[0]}", qg.pending[1][0],
                           "quotation row belongs to an article of articles.csv, in input order", "an article", "none")
                qg._fill()
            if rest > 1:
                Q.bad += rest - 1
            quo.close()
        CR.cells += 2
        if rj.get("articles_scored") != n_articles:
            CR.fail("run.json", "", "articles_scored = rows of articles.csv", n_articles, rj.get("articles_scored"))
        if rj.get("duplicates") != n_dups:
            CR.fail("run.json", "", "duplicates = articles with duplicate_of", n_dups, rj.get("duplicates"))
    else:
        # without articles.csv: matches.csv alone gives the terms counts and the corpus checks
        skip_recs = {(r[0], r[1]) for _, r in skipped}

        def by_id(count):
            it = (x for x in gen(count) if (x[0], str(x[1])) not in skip_recs and x[2] is not None)

            def find(ident, where, chk):
                for fname, recno, obj, _ in it:
                    rid = json_scalar_text(obj.get(id_field))
                    if (rid or f"{fname}:{recno}") == ident:
                        return fname, recno, obj
                chk.rows += 1
                chk.fail(where, ident, "a corpus record with this id, in input order", "a record", "none")
                return None
            return find
        if have_mat:
            n_m = 0
            if deduped:
                C["terms"].notes.append("--dedupe without articles.csv: the copies are unknown, so terms.csv "
                                        "counts are not compared with matches.csv")
            find = by_id(True) if corpus_iter is not None else None
            while mg.pending is not None:
                ident = mg.pending[1][0]
                mrows = mg.take(ident, True)
                n_m += len(mrows)
                gvals = tuple(mrows[0][1][1:1 + ng])
                entries = {}
                for mline, m in mrows:
                    ek = (m[M_LEX], m[M_ENTRY], m[M_CAT])
                    e = entries.setdefault(ek, [0, 0])
                    e[0] += 1
                    e[1] += m[M_VOICE] == "narrator"
                for ek, (cnt, ncnt) in entries.items():
                    t = term_cnt[(gvals, ek)]
                    t[0] += cnt
                    t[1] += ncnt
                    t[2] += 1
                    all_entries.add(ek)
                    all_entries_any.add(ek)
                if find is not None:
                    rec = find(ident, f"matches.csv:{mrows[0][0]}", CM)
                    if rec is not None:
                        check_text(ident, f"matches.csv:{mrows[0][0]}", rec[2], mrows, [], f"{rec[0]}:{rec[1]}")
            CR.cells += 1
            if rj.get("matches") != n_m:
                CR.fail("run.json", "", "matches = rows of matches.csv", n_m, rj.get("matches"))
            mat.close()
            if deduped:
                have_mat = False
        if have_quo and corpus_iter is not None:
            find = by_id(not have_mat)
            while qg.pending is not None:
                ident = qg.pending[1][0]
                qrows = qg.take(ident, True)
                rec = find(ident, f"quotations.csv:{qrows[0][0]}", CQ)
                if rec is not None:
                    check_text(ident, f"quotations.csv:{qrows[0][0]}", rec[2], [], qrows, f"{rec[0]}:{rec[1]}")
        if have_quo:
            quo.close()

    if corpus_iter is not None:
        if have_art:
            for fname, recno, obj, problem in corpus_iter:
                CRec.rows += 1
                sk = skip_by_rec.pop((fname, str(recno)), None)
                if sk is None:
                    CRec.fail(f"{fname}:{recno}", json_scalar_text((obj or {}).get(id_field)),
                              "record neither in articles.csv nor in skipped.csv", "a row", "none")
        else:
            CRec.skip("articles.csv omitted")
        for (fname, recno), (sline, srow) in sorted(skip_by_rec.items(), key=lambda x: x[1][0]):
            if recno != "0":
                CRec.fail(f"skipped.csv:{sline}", srow[2], "skipped record exists in the corpus",
                          f"{fname}:{recno}", "no such record")

    if odd_years:
        CRec.notes.append(f"{len(odd_years)} article(s) with an ISO date whose year is outside 1000-9999 have an "
                          f"empty period (first: {odd_years[0]}); slant refuses such years, which the README's "
                          f"'Dates' does not document")
    # ---- groups.csv
    if have_art and present["groups.csv"]:
        check_groups(path("groups.csv"), C["groups"], FMT, cells, cats, group_cols, have_mat)
    # ---- terms.csv
    if present["terms.csv"]:
        check_terms(path("terms.csv"), C["terms"], FMT, group_cols, have_art, have_mat, term_cnt, group_words,
                    group_arts, all_entries, all_entries_any, group_wsq, group_worded)
    # ---- choices.csv
    if have_art and present["choices.csv"]:
        check_choices(path("choices.csv"), C["choices"], FMT, cells, choice_vars, group_cols)
    # ---- targets.csv
    if present["targets.csv"]:
        check_targets(path("targets.csv"), C["targets"], FMT, group_cols, cats if have_art else None,
                      cells if have_art else None)
    else:
        C["targets"].skip("no targets.csv (run without --targets)")

    print(f"check-reports: {D}  (slant {rj.get('version')}, group by {group_cols}, period {period_kind}, "
          f"omitted {sorted(omitted) or 'none'}, deduped {deduped}, context {context})")
    bad = 0
    for n in names:
        print(C[n].line())
        bad += C[n].bad
    print(f"check-reports: {'all agree' if bad == 0 else f'{bad} disagreements'}")
    return 1 if bad else 0


# --------------------------------------------------------------------------------------------


class SeenMap:
    """Which (row key, column key) pairs have been seen, one byte each."""

    def __init__(self, rows, cols):
        self.ri = {k: i for i, k in enumerate(rows)}
        self.ci = {k: i for i, k in enumerate(cols)}
        self.nc = len(self.ci)
        self.bits = bytearray(len(self.ri) * self.nc)

    def mark(self, rk, ck):
        """0: new, 1: seen before, None: not an expected pair."""
        i, j = self.ri.get(rk), self.ci.get(ck)
        if i is None or j is None:
            return None
        x = i * self.nc + j
        old = self.bits[x]
        self.bits[x] = 1
        return old

    def missing(self):
        rks = list(self.ri)
        cks = list(self.ci)
        for x, v in enumerate(self.bits):
            if not v:
                yield rks[x // self.nc], cks[x % self.nc]


def report_missing(chk, file, seen, fmt_key, limit=3):
    k = 0
    for rk, ck in seen.missing():
        k += 1
        if k <= limit:
            chk.fail(file, fmt_key(rk, ck), "row missing", "a row", "none")
        else:
            chk.bad += 1


def check_groups(p, G, FMT, cells, cats, group_cols, have_mat):
    rd = CsvRows(p, FMT, group_cols + ["metric", "note"])
    header = rd.header
    ng = len(group_cols)
    exp_h = group_cols + ["period", "metric", "articles", "words", "total", "pooled_per_1k", "pooled_ratio", "mean",
                          "sd", "se", "ci95_low", "ci95_high", "median", "note"]
    if header != exp_h:
        G.fail("groups.csv:1", "", "header", exp_h, header)
        return
    metrics = PLAIN_METRICS + ["slant", "narrator_slant"]
    for c in cats:
        metrics += [f"{c}.per_1k", f"{c}.narrator_per_1k"]
    seen = SeenMap(list(cells), metrics)
    plain_vals = {}
    for r in rd:
        line = rd.line
        where = f"groups.csv:{line}"
        g, per, metric = tuple(r[:ng]), r[ng], r[ng + 1]
        ident = " · ".join(list(g) + ([per] if per else []) + [metric])
        G.rows += 1
        st = seen.mark((g, per), metric)
        if st is None:
            G.fail(where, ident, "row for a group × period × metric of articles.csv", "no such row", "row")
            continue
        if st:
            G.fail(where, ident, "row appears once", 1, 2)
        cell = cells[(g, per)]
        (c_art, c_words, c_total, c_pool, c_ratio, c_mean, c_sd, c_se, c_lo, c_hi, c_med, c_note) = r[ng + 2:]
        pooled = ratio = None
        zeros = 0
        if metric in PLAIN_METRICS:
            vals = {"words": cell.words, "narrator_words": cell.nwords, "quoted_words": cell.qwords,
                    "sentences": cell.sent, "paragraphs": cell.para, "quotations": cell.quot}[metric]
            n, words, total = cell.n, sum(cell.words), sum(vals)
            vals = [float(v) for v in vals]
            if metric == "quoted_words":
                ratio = total / words if words else None
        elif metric in ("slant", "narrator_slant"):
            sv = cell.slant if metric == "slant" else cell.nslant
            vals = [v for v, _ in sv]
            n, words = len(vals), sum(w for _, w in sv)
            total = cell.slant_total if metric == "slant" else (cell.nslant_total if have_mat else None)
            if have_mat:
                if metric == "slant":
                    ratio = cell.sw / cell.saw if cell.saw else None
                else:
                    ratio = cell.nsw / cell.nsaw if cell.nsaw else None
            else:
                ratio = "skip"
        elif metric.endswith(".narrator_per_1k"):
            c = metric[:-len(".narrator_per_1k")]
            n, words, total = cell.nrate_n, cell.nrate_words, cell.ncat_total.get(c, 0)
            vals = cell.ncat_vals.get(c, [])
            zeros = n - len(vals)
            pooled = total / words * 1000 if words else None
        else:
            c = metric[:-len(".per_1k")]
            n, words, total = cell.rate_n, cell.rate_words, cell.cat_total.get(c, 0)
            vals = cell.cat_vals.get(c, [])
            zeros = n - len(vals)
            pooled = total / words * 1000 if words else None
        int_cell(G, where, ident, "articles", c_art, n)
        int_cell(G, where, ident, "words", c_words, words)
        if total is not None:
            int_cell(G, where, ident, "total", c_total, total)
        num_cell(G, where, ident, "pooled_per_1k", c_pool, pooled, REL, fmt=FMT)
        if ratio != "skip":
            num_cell(G, where, ident, "pooled_ratio", c_ratio, ratio, REL_STAT, fmt=FMT)
        mean, sd, se, lo, hi, med = summary(vals, zeros)
        scale = max((abs(v) for v in vals), default=0.0)
        at = 1e-12 * scale
        num_cell(G, where, ident, "mean", c_mean, mean, REL_STAT, at, fmt=FMT)
        num_cell(G, where, ident, "sd", c_sd, sd, REL_STAT, at * 10, fmt=FMT)
        num_cell(G, where, ident, "se", c_se, se, REL_STAT, at * 10, fmt=FMT)
        num_cell(G, where, ident, "ci95_low", c_lo, lo, REL_STAT, at * 100, fmt=FMT)
        num_cell(G, where, ident, "ci95_high", c_hi, hi, REL_STAT, at * 100, fmt=FMT)
        num_cell(G, where, ident, "median", c_med, med, REL, fmt=FMT)
        G.cells += 1
        if (sd is None or mean is None or lo is None) and not c_note:
            G.fail(where, ident, "note says why cells are empty", "a note", c_note)
    rd.close()
    report_missing(G, "groups.csv", seen, lambda rk, ck: " · ".join(list(rk[0]) + [rk[1], ck]))


def dispersions(term_cnt, group_words, group_wsq, group_worded):
    """Each entry's dispersion over articles (codebook, terms.csv): the spread of its articles'
    counts around their group's rate, sum (c - rate * w)^2, over its matches, times N / (N - G);
    at least 1; None with no more articles than groups."""
    n, g = sum(group_worded.values()), len(group_worded)
    spread, total = defaultdict(float), defaultdict(int)
    for (grp, ek), (cnt, _, _, sq, cw) in sorted(term_cnt.items()):
        w = group_words.get(grp, 0)
        if cnt == 0 or w == 0:
            continue
        rate = cnt / w
        spread[ek] += max(0.0, sq - 2 * rate * cw + rate * rate * group_wsq[grp])
        total[ek] += cnt
    if n <= g:
        return {ek: None for ek in total}
    return {ek: max(1.0, spread[ek] / total[ek] * n / (n - g)) for ek in total}


def check_terms(p, T, FMT, group_cols, have_art, have_mat, term_cnt, group_words, group_arts, all_entries,
                all_entries_any, group_wsq, group_worded):
    from array import array
    ng = len(group_cols)
    exp_h = group_cols + ["lexicon", "entry", "category", "count", "narrator_count", "per_1k", "articles_with",
                          "articles", "share", "rest_share", "g2", "g2_p", "g2_q", "dispersion", "g2_adj_p",
                          "g2_adj_q", "log_ratio", "share_p", "share_q", "note"]
    # pass 1: per-entry totals and the p columns, as written
    rd = CsvRows(p, None)
    if rd.header != exp_h:
        T.fail("terms.csv:1", "", "header", exp_h, rd.header)
        return
    ix = {c: i for i, c in enumerate(rd.header)}
    I_CNT, I_AW, I_ART, I_P1, I_P2 = ix["count"], ix["articles_with"], ix["articles"], ix["g2_p"], ix["share_p"]
    I_PA = ix["g2_adj_p"]
    NAN = float("nan")
    tot = {}
    g2p, shp, adjp = array("d"), array("d"), array("d")
    groups_seen = set()
    gw_est = {}
    ga_file = {}
    for r in rd:
        ek = (r[ng], r[ng + 1], r[ng + 2])
        g = tuple(r[:ng])
        groups_seen.add(g)
        try:
            cnt, aw = int(r[I_CNT]), int(r[I_AW])
        except ValueError:
            cnt = aw = 0
        t = tot.get(ek)
        if t is None:
            t = tot[ek] = [0, 0]
        t[0] += cnt
        t[1] += aw
        if not have_art:
            ga_file.setdefault(g, int(r[I_ART]))
            if cnt and r[ix["per_1k"]] and g not in gw_est:
                gw_est[g] = round(cnt / float(r[ix["per_1k"]]) * 1000)
        try:
            g2p.append(float(r[I_P1]) if r[I_P1] else NAN)
            shp.append(float(r[I_P2]) if r[I_P2] else NAN)
            adjp.append(float(r[I_PA]) if r[I_PA] else NAN)
        except ValueError:
            g2p.append(NAN)
            shp.append(NAN)
            adjp.append(NAN)
    rd.close()

    def bh_arr(arr):
        q = bh([None if x != x else x for x in arr])
        return array("d", [NAN if v is None else v for v in q])
    q1, q2, q3 = bh_arr(g2p), bh_arr(shp), bh_arr(adjp)
    del g2p, shp, adjp
    # The dispersions need each article's count of each entry and its words.
    phis = dispersions(term_cnt, group_words, group_wsq, group_worded) if have_art and have_mat else None
    if phis is None:
        T.notes.append("matches.csv or articles.csv omitted: dispersion and g2_adj_p not re-derived")
    if have_art:
        gw, ga = dict(group_words), dict(group_arts)
    else:
        gw, ga = gw_est, ga_file
        T.notes.append("articles.csv omitted: group words are estimated from count / per_1k")
    all_words = sum(gw.values())
    all_arts = sum(ga.values())
    entries = list(tot)
    seen = SeenMap(sorted(ga), entries)
    # pass 2
    rd = CsvRows(p, FMT, group_cols + ["lexicon", "entry", "category", "note"])
    k = -1
    for r in rd:
        k += 1
        line = rd.line
        where = f"terms.csv:{line}"
        g = tuple(r[:ng])
        ek = (r[ng], r[ng + 1], r[ng + 2])
        ident = " · ".join(list(g) + [ek[0], ek[1]])
        T.rows += 1
        st = seen.mark(g, ek)
        if st is None:
            T.fail(where, ident, "group of articles.csv", "a group with articles", g)
            continue
        if st:
            T.fail(where, ident, "row appears once", 1, 2)
        try:
            cnt, aw, arts = int(r[I_CNT]), int(r[I_AW]), int(r[I_ART])
        except ValueError:
            T.fail(where, ident, "integer counts", "integers", r[I_CNT:I_ART + 1])
            continue
        if have_mat:
            e = term_cnt.get((g, ek), (0, 0, 0))
            int_cell(T, where, ident, "count (from matches.csv)", r[I_CNT], e[0])
            int_cell(T, where, ident, "narrator_count (from matches.csv)", r[ix["narrator_count"]], e[1])
            int_cell(T, where, ident, "articles_with (from matches.csv)", r[I_AW], e[2])
        int_cell(T, where, ident, "articles", r[I_ART], ga[g])
        c = gw.get(g, 0)
        d = all_words - c
        a = cnt
        b = tot[ek][0] - cnt
        num_cell(T, where, ident, "per_1k", r[ix["per_1k"]], a / c * 1000 if c else None, REL, fmt=FMT)
        num_cell(T, where, ident, "share", r[ix["share"]], aw / arts if arts else None, REL, fmt=FMT)
        rest_arts = all_arts - arts
        rest_with = tot[ek][1] - aw
        num_cell(T, where, ident, "rest_share", r[ix["rest_share"]], rest_with / rest_arts if rest_arts else None,
                 REL, fmt=FMT)
        g2 = g2_stat(a, b, c, d)
        num_cell(T, where, ident, "g2", r[ix["g2"]], g2, REL_STAT, 1e-12, fmt=FMT)
        gp = chi2_1_sf(g2) if g2 is not None else None
        num_cell(T, where, ident, "g2_p", r[I_P1], gp, REL_P, 1e-300, fmt=FMT)
        if phis is not None:
            phi = phis.get(ek) if len(ga) > 1 else None
            num_cell(T, where, ident, "dispersion", r[ix["dispersion"]], phi, REL_STAT, fmt=FMT)
            adj = chi2_1_sf(g2 / phi) if g2 is not None and phi is not None else None
            num_cell(T, where, ident, "g2_adj_p", r[I_PA], adj, REL_P, 1e-300, fmt=FMT)
        q3k = q3[k]
        num_cell(T, where, ident, "g2_adj_q (BH of g2_adj_p over the file)", r[ix["g2_adj_q"]],
                 None if q3k != q3k else q3k, REL, fmt=FMT)
        num_cell(T, where, ident, "log_ratio", r[ix["log_ratio"]], log_ratio(a, b, c, d), REL_STAT, 1e-12, fmt=FMT)
        fp = fisher_p(aw, arts, rest_with, rest_arts)
        num_cell(T, where, ident, "share_p", r[I_P2], fp, REL_P, 1e-13, fmt=FMT)
        qa, qb = q1[k], q2[k]
        num_cell(T, where, ident, "g2_q (BH of g2_p over the file)", r[ix["g2_q"]], None if qa != qa else qa, REL,
                 fmt=FMT)
        num_cell(T, where, ident, "share_q (BH of share_p over the file)", r[ix["share_q"]],
                 None if qb != qb else qb, REL, fmt=FMT)
        T.cells += 1
        if (r[ix["g2"]] == "" or r[ix["share_p"]] == "") and not r[ix["note"]]:
            T.fail(where, ident, "note says why cells are empty", "a note", "")
    rd.close()
    # the set of rows: every entry that matched anywhere, for every group
    if have_mat:
        es = set(entries)
        if es != all_entries:
            extra = es - all_entries
            miss = all_entries - es
            if extra - all_entries_any or miss:
                T.fail("terms.csv", "", "entries = entries matched in the (scored) corpus",
                       f"{len(all_entries)} entries", f"{len(es)} (missing {sorted(miss)[:3]}, extra "
                                                      f"{sorted(extra)[:3]})")
            else:
                T.notes.append(f"{len(extra)} entries matched only in copies left out by --dedupe have rows")
    report_missing(T, "terms.csv", seen, lambda g, ek: " · ".join(list(g) + [ek[0], ek[1]]))


def check_choices(p, CH, FMT, cells, choice_vars, group_cols):
    rd = CsvRows(p, FMT, group_cols + ["concept", "variant", "note"])
    header = rd.header
    ng = len(group_cols)
    exp_h = group_cols + ["period", "concept", "variant", "count", "concept_total", "share", "ci95_low", "ci95_high",
                          "articles", "design_effect", "ci95_articles_low", "ci95_articles_high", "note"]
    if header != exp_h:
        CH.fail("choices.csv:1", "", "header", exp_h, header)
        return
    concepts = defaultdict(list)
    for c in choice_vars:
        _, con, var = c.split(".")
        concepts[con].append(var)
    seen = SeenMap(list(cells), [(con, v) for con, vs in concepts.items() for v in vs])
    for r in rd:
        line = rd.line
        where = f"choices.csv:{line}"
        g, per, con, var = tuple(r[:ng]), r[ng], r[ng + 1], r[ng + 2]
        ident = " · ".join(list(g) + ([per] if per else []) + [con, var])
        CH.rows += 1
        st = seen.mark((g, per), (con, var))
        if st is None:
            CH.fail(where, ident, "row for a cell and a choice category of articles.csv", "no such row", "row")
            continue
        if st:
            CH.fail(where, ident, "row appears once", 1, 2)
        cell = cells[(g, per)]
        cnt = cell.cat_total.get(f"choice.{con}.{var}", 0)
        tot = sum(cell.cat_total.get(f"choice.{con}.{v}", 0) for v in concepts[con])
        int_cell(CH, where, ident, "count (sum of articles.csv choice.<concept>.<variant>.n)", r[ng + 3], cnt)
        int_cell(CH, where, ident, "concept_total (sum over the concept's variants)", r[ng + 4], tot)
        num_cell(CH, where, ident, "share", r[ng + 5], cnt / tot if tot else None, REL, fmt=FMT)
        lo, hi = wilson(cnt, tot)
        num_cell(CH, where, ident, "ci95_low (Wilson)", r[ng + 6], lo, REL_STAT, 1e-15, fmt=FMT)
        num_cell(CH, where, ident, "ci95_high (Wilson)", r[ng + 7], hi, REL_STAT, 1e-15, fmt=FMT)
        k, sx, sxx = cell.concept_sums.get(con, (0, 0, 0))
        sy, syy, sxy = cell.variant_sums.get(f"choice.{con}.{var}", (0, 0, 0))
        if (sx, sy) != (tot, cnt):
            CH.fail(where, ident, "per-article sums add up to concept_total and count", (tot, cnt), (sx, sy))
        int_cell(CH, where, ident, "articles (articles.csv rows with the concept)", r[ng + 8], k)
        deff = design_effect(sy, sx, k, syy, sxy, sxx) if k >= 2 and 0 < sy < sx else None
        num_cell(CH, where, ident, "design_effect", r[ng + 9], deff, REL_STAT, 1e-15, fmt=FMT)
        why, (lo, hi) = clustered(sy, sx, k, deff)
        num_cell(CH, where, ident, "ci95_articles_low", r[ng + 10], lo, REL_STAT, 1e-15, fmt=FMT)
        num_cell(CH, where, ident, "ci95_articles_high", r[ng + 11], hi, REL_STAT, 1e-15, fmt=FMT)
        CH.cells += 1
        note = CONCEPT_ABSENT if tot == 0 else why
        if r[ng + 12] != note:
            CH.fail(where, ident, "note", note, r[ng + 12])
    rd.close()
    report_missing(CH, "choices.csv", seen, lambda rk, ck: " · ".join(list(rk[0]) + [rk[1], ck[0], ck[1]]))


def check_targets(p, TG, FMT, group_cols, cats, cells):
    header, rows = read_all(p, FMT, group_cols + ["target", "category"])
    ng = len(group_cols)
    exp_h = group_cols + ["period", "target", "category", "mentions", "co_occurrences", "rate", "ci95_low",
                          "ci95_high", "articles", "design_effect", "ci95_articles_low", "ci95_articles_high",
                          "narrator_mentions", "narrator_co_occurrences", "narrator_rate",
                          "narrator_ci95_low", "narrator_ci95_high", "narrator_articles", "narrator_design_effect",
                          "narrator_ci95_articles_low", "narrator_ci95_articles_high", "note"]
    if header != exp_h:
        TG.fail("targets.csv:1", "", "header", exp_h, header)
        return
    TG.notes.append("target mentions are in no other report: only internal consistency is checked (the "
                    "intervals over articles against their own articles and design_effect)")
    mentions = {}
    pairs_by_target = defaultdict(set)
    cells_by_target = defaultdict(set)
    rows_by = {}
    co_pos = defaultdict(int)
    catset = set(cats) if cats is not None else None
    for line, r in rows:
        where = f"targets.csv:{line}"
        g, per, tgt, cat = tuple(r[:ng]), r[ng], r[ng + 1], r[ng + 2]
        ident = " · ".join(list(g) + ([per] if per else []) + [tgt, cat])
        TG.rows += 1
        try:
            m, co, nm, nco, ka, nka = (int(r[ng + k]) for k in (3, 4, 12, 13, 8, 17))
        except ValueError:
            TG.fail(where, ident, "integer counts", "integers", r)
            continue
        if (g, per, tgt, cat) in rows_by:
            TG.fail(where, ident, "row appears once", 1, 2)
        rows_by[(g, per, tgt, cat)] = (m, co, nm, nco, line)
        TG.cells += 4
        if m <= 0:
            TG.fail(where, ident, "mentions > 0 (cells without mentions have no rows)", "> 0", m)
        if not (0 <= co <= m and 0 <= nm <= m and 0 <= nco <= nm and nco <= co):
            TG.fail(where, ident, "0 <= narrator_co <= co <= mentions, narrator_co <= narrator_mentions <= mentions",
                    "ordered", (m, co, nm, nco))
        prev = mentions.setdefault((g, per, tgt), (m, nm, ka, nka))
        if prev != (m, nm, ka, nka):
            TG.fail(where, ident, "one count of mentions and of articles per target × cell", prev, (m, nm, ka, nka))
        TG.cells += 2
        if not (1 <= ka <= m and 0 <= nka <= min(nm, ka) and (nka > 0) == (nm > 0)):
            TG.fail(where, ident, "1 <= articles <= mentions, narrator_articles <= narrator_mentions and <= articles "
                    "(0 iff no narrator mention)", "ordered", (ka, m, nka, nm))
        if cells is not None and (g, per) in cells and ka > cells[(g, per)].n:
            TG.fail(where, ident, "articles <= the cell's articles in articles.csv", cells[(g, per)].n, ka)
        notes = []
        for pre, y, x, k, at in (("", co, m, ka, 9), ("narrator_", nco, nm, nka, 18)):
            cell_d = r[ng + at]
            deff = fnum(cell_d) if cell_d != "" and NUMBER_RE.match(cell_d) else None
            defined = k >= 2 and 0 < y < x
            if defined != (deff is not None):
                TG.fail(where, ident, f"{pre}design_effect given iff 2 or more articles and a share not 0 or 1",
                        "a number" if defined else "", cell_d)
                continue
            if deff is not None:
                shortest_ok(cell_d) or FMT.fail(where, ident, f"{pre}design_effect not shortest", repr(deff), cell_d)
                # sum (y_i - p x_i)^2 <= 2 p (1 - p) x * max x_i, and max x_i <= x - (k - 1)
                limit = 2 * k / (k - 1) * (x - k + 1)
                if not 0 <= deff <= limit * (1 + 1e-12):
                    TG.fail(where, ident, f"{pre}design_effect within [0, 2k/(k-1) * (mentions - k + 1)]",
                            f"<= {limit}", deff)
            why, (lo, hi) = clustered(y, x, k, deff)
            num_cell(TG, where, ident, f"{pre}ci95_articles_low", r[ng + at + 1], lo, REL_STAT, 1e-15, fmt=FMT)
            num_cell(TG, where, ident, f"{pre}ci95_articles_high", r[ng + at + 2], hi, REL_STAT, 1e-15, fmt=FMT)
            if pre and x == 0:
                why = NO_NARRATOR_MENTION
            if why:
                notes.append(f"narrator: {why}" if pre else why)
        TG.cells += 1
        if r[ng + 21] != "; ".join(notes):
            TG.fail(where, ident, "note", "; ".join(notes), r[ng + 21])
        if catset is not None and cat not in catset:
            TG.fail(where, ident, "category is a main-lexicon category (an articles.csv column)", "a category", cat)
        if cells is not None and (g, per) not in cells:
            TG.fail(where, ident, "cell of articles.csv", "a cell", (g, per))
        elif cells is not None and co > 0 and cells[(g, per)].cat_total.get(cat, 0) == 0:
            TG.fail(where, ident, "co-occurrences only where the cell has matches of the category", 0, co)
        num_cell(TG, where, ident, "rate", r[ng + 5], co / m if m else None, REL, fmt=FMT)
        lo, hi = wilson(co, m)
        num_cell(TG, where, ident, "ci95_low (Wilson)", r[ng + 6], lo, REL_STAT, 1e-15, fmt=FMT)
        num_cell(TG, where, ident, "ci95_high (Wilson)", r[ng + 7], hi, REL_STAT, 1e-15, fmt=FMT)
        num_cell(TG, where, ident, "narrator_rate", r[ng + 14], nco / nm if nm else None, REL, fmt=FMT)
        lo, hi = wilson(nco, nm)
        num_cell(TG, where, ident, "narrator_ci95_low (Wilson)", r[ng + 15], lo, REL_STAT, 1e-15, fmt=FMT)
        num_cell(TG, where, ident, "narrator_ci95_high (Wilson)", r[ng + 16], hi, REL_STAT, 1e-15, fmt=FMT)
        pairs_by_target[tgt].add(cat)
        cells_by_target[tgt].add((g, per))
        if co > 0:
            co_pos[(tgt, cat)] += 1
    # every category of a target in every cell the target is mentioned in
    for tgt, cs in pairs_by_target.items():
        for cell in cells_by_target[tgt]:
            for cat in cs:
                if (cell[0], cell[1], tgt, cat) not in rows_by:
                    TG.fail("targets.csv", " · ".join(list(cell[0]) + [cell[1], tgt, cat]),
                            "row for every category of the target in every cell it is mentioned in", "a row", "none")
        for cat in cs:
            TG.cells += 1
            if co_pos[(tgt, cat)] == 0:
                TG.fail("targets.csv", f"{tgt} · {cat}", "category found near the target somewhere", "> 0", 0)
    # roll-up: a parent category is near whenever a child is; a parent target mentioned whenever a child
    for (g, per, tgt, cat), (m, co, nm, nco, line) in rows_by.items():
        if "." in cat:
            parent = cat.rsplit(".", 1)[0]
            pr = rows_by.get((g, per, tgt, parent))
            TG.cells += 1
            if pr is None or pr[1] < co or pr[3] < nco:
                TG.fail(f"targets.csv:{line}", f"{tgt} · {cat}", f"parent category {parent} co-occurs at least as often",
                        f">= {(co, nco)}", None if pr is None else (pr[1], pr[3]))
        if "." in tgt:
            parent = tgt.rsplit(".", 1)[0]
            pm = mentions.get((g, per, parent))
            TG.cells += 1
            if pm is None or pm[0] < m:
                TG.fail(f"targets.csv:{line}", f"{tgt}", f"parent target {parent} mentioned at least as often",
                        f">= {m}", pm)


if __name__ == "__main__":
    sys.exit(main())
