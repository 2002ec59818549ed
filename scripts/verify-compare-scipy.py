#!/usr/bin/env python3
"""Recompute every column of `slant compare`'s comparisons.csv from articles.csv alone, with
SciPy and NumPy instead of slant's own code, and report how far the two are apart.

  python3 -m venv /tmp/venv && /tmp/venv/bin/pip install scipy numpy
  slant score CORPUS -o rep -q
  slant compare rep/articles.csv --by outlet --pairs rest --bootstrap 0 --out cmp
  /tmp/venv/bin/python scripts/verify-compare-scipy.py rep/articles.csv cmp/comparisons.csv \
      --by outlet --pairs rest [--dedupe] [--tol 1e-9] [--show N] [--boot R] [--perm R]

Welch is scipy.stats.ttest_ind(equal_var=False); Mann-Whitney is scipy.stats.mannwhitneyu
with the asymptotic method and continuity correction (what the codebook states); Cohen's d
(pooled sd) and Cliff's delta are computed here; the q values are
scipy.stats.false_discovery_control over every p value of the file. The bootstrap interval
cannot match bit for bit (other random numbers): `--boot R` prints NumPy's own percentile
interval beside slant's. Nor can `perm_p`: `--perm R` draws R permutations per row with NumPy
(Welch's t of each, |t*| >= |t| as the codebook states, p = (1 + count)/(1 + R)) and flags a row
whose two p values differ by more than 4.5 standard errors of the two Monte Carlo estimates
(slant's permutations read from comparisons.json). Slow on large groups: pick a few --metrics
for the compare run. Exits 1 when any cell differs by more than --tol (relative) or is
empty in one and not the other. Not run by CI (SciPy is not a dependency of the project).
"""
import argparse, csv, math, sys, collections, warnings
import numpy as np
from scipy import stats

warnings.filterwarnings("ignore")
csv.field_size_limit(1 << 30)

ap = argparse.ArgumentParser()
ap.add_argument("articles"); ap.add_argument("comparisons")
ap.add_argument("--by", required=True); ap.add_argument("--pairs", default="all")
ap.add_argument("--dedupe", action="store_true")
ap.add_argument("--tol", type=float, default=1e-9)
ap.add_argument("--show", type=int, default=40)
ap.add_argument("--boot", type=int, default=0, help="own percentile bootstrap replicates to compare with boot_ci95_*")
ap.add_argument("--perm", type=int, default=0, help="own permutations per row to compare with perm_p")
a = ap.parse_args()

def unguard(s):
    if len(s) >= 2 and s[0] == "'" and s[1] in "=+-@":
        return s[1:]
    return s

# ---- read articles
with open(a.articles, newline="", encoding="utf-8") as f:
    rd = csv.reader(f)
    header = next(rd)
    rows = list(rd)
col = {h: i for i, h in enumerate(header)}
bi = col[a.by]
di = col.get("duplicate_of")

with open(a.comparisons, newline="", encoding="utf-8") as f:
    cr = list(csv.DictReader(f))
metrics = list(dict.fromkeys(r["metric"] for r in cr))

groups = collections.defaultdict(list)   # group -> row indices
kept = []
for k, r in enumerate(rows):
    g = unguard(r[bi])
    if g == "":
        continue
    if a.dedupe and di is not None and r[di] != "":
        continue
    groups[g].append(k); kept.append(k)
names = sorted(groups, key=lambda s: s.encode("utf-8"))

def values(idx, m):
    ci = col[m]; out = []
    for k in idx:
        c = rows[k][ci]
        if c != "":
            out.append(float(c))
    return np.array(out, dtype=float)

# pairs
if a.pairs == "all":
    pairs = [(names[i], names[j]) for i in range(len(names)) for j in range(i + 1, len(names))]
elif a.pairs == "rest":
    pairs = [(g, "(rest)") for g in names]
else:
    A, B = a.pairs.split(",")
    pairs = [(A, B)]

cache = {}
gid = {g: i for i, g in enumerate(names)}
kept_arr = np.array(kept, dtype=int)
kept_gid = np.array([gid[unguard(rows[k][bi])] for k in kept], dtype=int)
colcache = {}
def column(m):
    if m not in colcache:
        ci = col[m]
        colcache[m] = np.array([float(rows[k][ci]) if rows[k][ci] != "" else np.nan for k in kept], dtype=float)
    return colcache[m]
def side(g, m, other=None):
    v = column(m)
    if g == "(rest)":
        sel = kept_gid != gid[other]
    else:
        sel = kept_gid == gid[g]
    x = v[sel]
    return x[~np.isnan(x)]

def svar(x):
    return float(np.var(x, ddof=1)) if len(x) > 1 else float("nan")

def cliff(x, y):
    ys = np.sort(y)
    lt = np.searchsorted(ys, x, side="left")   # # y < x
    le = np.searchsorted(ys, x, side="right")  # # y <= x
    gt = len(ys) - le
    return (lt.sum() - gt.sum()) / (len(x) * len(y))

def compute(x, y):
    r = {}
    na, nb = len(x), len(y)
    r["n_a"], r["n_b"] = na, nb
    r["mean_a"] = float(np.mean(x)) if na else None
    r["mean_b"] = float(np.mean(y)) if nb else None
    r["difference"] = r["mean_a"] - r["mean_b"] if na and nb else None
    for c in ("welch_t", "welch_df", "welch_p", "mw_u", "mw_p", "cohens_d", "cliffs_delta"):
        r[c] = None
    if na >= 2 and nb >= 2:
        va, vb = svar(x) / na, svar(y) / nb
        if va + vb > 0:
            t = stats.ttest_ind(x, y, equal_var=False)
            r["welch_t"] = float(t.statistic); r["welch_p"] = float(t.pvalue)
            r["welch_df"] = (va + vb) ** 2 / (va ** 2 / (na - 1) + vb ** 2 / (nb - 1))
            # scipy >=1.11 exposes df
            if hasattr(t, "df"):
                r["welch_df"] = float(t.df)
        sp2 = ((na - 1) * svar(x) + (nb - 1) * svar(y)) / (na + nb - 2)
        if sp2 > 0:
            r["cohens_d"] = (r["mean_a"] - r["mean_b"]) / math.sqrt(sp2)
    if na and nb:
        r["cliffs_delta"] = float(cliff(x, y))
        allv = np.concatenate([x, y])
        if not np.all(allv == allv[0]):
            mw = stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic", use_continuity=True)
            r["mw_u"] = float(mw.statistic); r["mw_p"] = float(mw.pvalue)
    return r

def boot(x, y, R, rng):
    if len(x) < 2 or len(y) < 2:
        return None, None
    ia = rng.integers(0, len(x), size=(R, len(x)))
    ib = rng.integers(0, len(y), size=(R, len(y)))
    d = x[ia].mean(1) - y[ib].mean(1)
    return float(np.quantile(d, 0.025)), float(np.quantile(d, 0.975))

def perm(x, y, R, rng, chunk=200):
    """NumPy's studentised permutation p value of Welch's t (None where Welch has no t)."""
    if len(x) < 2 or len(y) < 2:
        return None
    t0 = stats.ttest_ind(x, y, equal_var=False).statistic
    if not np.isfinite(t0):
        return None
    z = np.concatenate([x, y]); n = len(x); count = 0
    for start in range(0, R, chunk):
        k = min(chunk, R - start)
        X = z[np.argsort(rng.random((k, len(z))), axis=1)]
        xa, xb = X[:, :n], X[:, n:]
        se = np.sqrt(xa.var(1, ddof=1) / n + xb.var(1, ddof=1) / xb.shape[1])
        d = xa.mean(1) - xb.mean(1)
        with np.errstate(all="ignore"):
            t = np.where(se > 0, np.abs(d) / se, np.where(d == 0, 0.0, np.inf))
        count += int((t >= abs(t0) * (1 - 1e-9)).sum())
    return (1 + count) / (1 + R)

mine = {}
order = []
for (ga, gb) in pairs:
    for m in metrics:
        x = side(ga, m); y = side(gb, m, other=ga)
        r = compute(x, y)
        if a.boot:
            rng = np.random.default_rng(12345)
            r["boot_ci95_low"], r["boot_ci95_high"] = boot(x, y, a.boot, rng)
        if a.perm:
            r["perm_mine"] = perm(x, y, a.perm, np.random.default_rng(54321))
        mine[(ga, gb, m)] = r; order.append((ga, gb, m))

# metrics order: slant orders rows by column order in the file
metric_order = sorted(metrics, key=lambda m: col[m])
order = [(ga, gb, m) for (ga, gb) in pairs for m in metric_order]

# BH over whole file
for pc, qc in (("welch_p", "welch_q"), ("mw_p", "mw_q")):
    keys = [k for k in order if mine[k][pc] is not None]
    ps = np.array([mine[k][pc] for k in keys])
    qs = stats.false_discovery_control(ps, method="bh") if len(ps) else []
    for k in order:
        mine[k][qc] = None
    for k, q in zip(keys, qs):
        mine[k][qc] = float(q)

# ---- compare
slant_keys = [(unguard(r["group_a"]), unguard(r["group_b"]) if r["group_b"] != "(rest)" else "(rest)", r["metric"]) for r in cr]
print(f"rows: slant {len(cr)}, mine {len(order)}; same keys in same order: {slant_keys == order}; same key set: {set(slant_keys) == set(order)}")
cols = ["n_a", "n_b", "mean_a", "mean_b", "difference", "welch_t", "welch_df", "welch_p", "mw_u", "mw_p",
        "cohens_d", "cliffs_delta", "welch_q", "mw_q"] + (["boot_ci95_low", "boot_ci95_high"] if a.boot else [])
stat = {c: [0.0, 0.0, 0, 0, None] for c in cols}  # maxabs, maxrel, n compared, n flagged, worst
flags = []
for r, k in zip(cr, slant_keys):
    if k not in mine:
        flags.append((k, "row", "missing in mine", "", r["note"])); continue
    me = mine[k]
    for c in cols:
        s = r[c]; p = me[c]
        if s == "" and p is None:
            continue
        if (s == "") != (p is None):
            flags.append((k, c, s, p, r["note"])); stat[c][3] += 1; continue
        s = float(s)
        if c.startswith("boot"):
            continue
        ad = abs(s - p); rel = ad / max(abs(s), abs(p)) if ad else 0.0
        st = stat[c]; st[2] += 1
        if ad > st[0]: st[0] = ad
        if rel > st[1]: st[1] = rel; st[4] = (k, s, p)
        if rel > a.tol and ad > 1e-13:
            st[3] += 1; flags.append((k, c, s, p, r["note"]))

print(f"{'column':14s} {'compared':>8s} {'max_abs':>11s} {'max_rel':>11s} {'flagged':>7s}  worst-rel row")
for c in cols:
    st = stat[c]
    print(f"{c:14s} {st[2]:8d} {st[0]:11.3g} {st[1]:11.3g} {st[3]:7d}  {st[4] if st[4] and st[1] > 1e-12 else ''}")
print(f"flagged cells: {len(flags)}")
for f_ in flags[: a.show]:
    print("  ", f_)

# notes seen
nc = collections.Counter(r["note"] for r in cr)
print("notes:", dict(nc))

if a.boot:
    print("bootstrap (slant vs own numpy percentile bootstrap):")
    for r, k in zip(cr, slant_keys):
        me = mine[k]
        print("  ", k, "diff", r["difference"], "slant", r["boot_ci95_low"], r["boot_ci95_high"],
              "mine", me["boot_ci95_low"], me["boot_ci95_high"])

if a.perm:
    import json, pathlib
    record = json.loads(pathlib.Path(a.comparisons).with_name("comparisons.json").read_text())
    theirs = record["permutations"]
    print(f"perm_p (slant, {theirs} permutations) vs own NumPy permutation p ({a.perm}):")
    zs = []
    for r, k in zip(cr, slant_keys):
        s_, p_ = r["perm_p"], mine[k]["perm_mine"]
        if (s_ == "") != (p_ is None):
            flags.append((k, "perm_p", s_, p_, r["note"])); continue
        if p_ is None:
            continue
        s_ = float(s_); pbar = (s_ + p_) / 2
        se = math.sqrt(max(pbar * (1 - pbar), 1e-4) * (1 / theirs + 1 / a.perm))
        zs.append((s_ - p_) / se)
        if abs(s_ - p_) > 4.5 * se:
            flags.append((k, "perm_p", s_, p_, r["note"]))
    if zs:
        print(f"  rows {len(zs)}, mean z {np.mean(zs):+.3f}, sd of z {np.std(zs):.3f} (about 1 when "
              f"the two estimate one p value), max |z| {np.max(np.abs(zs)):.2f}")
    print(f"flagged cells now: {len(flags)}")

sys.exit(1 if flags else 0)
