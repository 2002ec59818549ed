#!/usr/bin/env python3
"""Reference values for slant's statistics: src/aggregate/stats/tests.rs and counts/tests.rs, src/aggregate/rng.rs
and tests/integration/compare.rs.

Prints Rust literals to paste into the tests. Needs SciPy and NumPy:

    python3 -m venv /tmp/refenv && /tmp/refenv/bin/pip install scipy numpy
    /tmp/refenv/bin/python scripts/reference-stats.py

Every value from SciPy names the call that produced it below. G2 and the log ratio are
formulas, so they are also computed here by hand (plain Python floats) and checked against
SciPy's chi-square machinery. The random generator, the bootstrap and the permutation test
are re-implemented here from their published definitions, so the Rust code is checked against
an independent copy.
"""

import math
import warnings

import numpy as np
import scipy
from scipy import stats

M64 = (1 << 64) - 1

# ---------------------------------------------------------------- data sets (shared with Rust)
SAMPLES = [
    # name, a, b
    ("ties", [1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 4.0], [2.0, 3.0, 3.0, 4.0, 5.0, 5.0]),
    ("unequal_sizes", [0.5, 1.7, 2.2, 3.9, 4.1, 6.3, 7.0, 8.8, 9.4, 10.0], [2.1, 2.9, 3.3, 5.0]),
    ("zero_variance_in_a", [4.0, 4.0, 4.0, 4.0], [1.5, 2.5, 3.0, 6.0, 2.0]),
    ("n1", [5.0], [1.0, 2.0, 3.0, 4.0]),
    ("n2", [1.0, 3.0], [2.0, 8.0]),
    ("identical", [1.0, 2.0, 3.0, 4.0, 5.0], [1.0, 2.0, 3.0, 4.0, 5.0]),
    ("rates_with_zeros",
     [0.0, 0.0, 3.2258064516129035, 5.847953216374269, 0.0, 12.5],
     [0.0, 0.0, 0.0, 2.73972602739726, 0.0, 0.0, 1.8]),
    ("all_tied", [0.0, 0.0, 0.0], [0.0, 0.0]),
    ("sparse_rates",
     [0.0] * 20 + [1.5, 0.0, 4.25, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 7.75],
     [0.0] * 30 + [3.5, 0.0, 0.0, 1.25, 0.0, 0.0, 0.0, 0.0, 6.0, 0.0]
     + [0.0] * 9 + [2.5]),
]

# (a, b, c, d): count in group, count in rest, words in group, words in rest
KEYNESS = [
    (10, 5, 1000, 2000),
    (0, 7, 1500, 3000),
    (12, 0, 800, 900),
    (3, 3, 1000, 1000),
    (1, 250, 400, 120000),
    (150, 20, 50000, 60000),
]

# (k, n)
WILSON = [(0, 10), (10, 10), (3, 17), (1, 1), (50, 100), (7, 1234)]

# (k1, n1, k2, n2): articles using the entry / articles, in the group and in the rest
FISHER = [
    (3, 10, 1, 12),
    (0, 5, 5, 5),
    (7, 20, 7, 20),
    (1, 1, 0, 1),
    (12, 40, 2, 35),
    (40, 100, 25, 120),
    (0, 3, 1, 200),
]

# (n, successes): binomial tables pinned in rng.rs
BINOMIAL = [(40, 4), (12000, 600), (7, 6), (158723, 79361)]

# (population, successes, draws): hypergeometric tables pinned in rng.rs
HYPERGEOMETRIC = [(12000, 1300, 40), (9000, 900, 4500), (20, 15, 12), (1000, 3, 500)]

BH = [0.01, 0.04, None, 0.03, 0.2, 0.04, None, 0.9, 0.0001]


def lit(x):
    """A Rust f64 literal that reads back as the same double."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "None"
    r = repr(float(x))
    if "e" not in r and "." not in r and "inf" not in r:
        r += ".0"
    return r


def some(*xs):
    if any(x is None or not math.isfinite(float(x)) for x in xs):
        return "None"
    if len(xs) == 1:
        return f"Some({lit(xs[0])})"
    return "Some((" + ", ".join(lit(x) for x in xs) + "))"


def arr(xs):
    return "&[" + ", ".join(lit(x) for x in xs) + "]"


# ---------------------------------------------------------------- rng (independent copy)
def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & M64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return state, z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M64


class Xoshiro:
    def __init__(self, seed):
        st = seed
        self.s = []
        for _ in range(4):
            st, z = splitmix64(st)
            self.s.append(z)

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def below(self, n):
        m = self.next() * n
        low = m & M64
        if low < n:
            threshold = ((1 << 64) - n) % n
            while low < threshold:
                m = self.next() * n
                low = m & M64
        return m >> 64

    def unit(self):
        return (self.next() >> 11) * 2.0 ** -53


NEGLIGIBLE = 2.0 ** -70


class Counts:
    """Same table as rng::Counts: cumulative weights around the most likely count, whose weight
    is 1, each neighbour's from the one before by the ratio of the two counts' probabilities
    (`up(k)` = P(k + 1)/P(k), `down(k)` = P(k - 1)/P(k)), within low..high and down to 2^-70; a
    draw is unit() times the total, then the first cumulative weight above it."""

    def __init__(self, mode, low, high, up, down):
        above, w, k = [], 1.0, mode
        while k < high:
            w *= up(k)
            if w < NEGLIGIBLE:
                break
            above.append(w)
            k += 1
        below, w, k = [], 1.0, mode
        while k > low:
            w *= down(k)
            if w < NEGLIGIBLE:
                break
            below.append(w)
            k -= 1
        self.first = mode - len(below)
        total, self.cumulative = 0.0, []
        for w in list(reversed(below)) + [1.0] + above:
            total += w
            self.cumulative.append(total)

    def sample(self, rng):
        last = len(self.cumulative) - 1
        if last == 0:
            return self.first
        u = rng.unit() * self.cumulative[last]
        at = next((i for i, c in enumerate(self.cumulative) if c > u), last)
        return self.first + min(at, last)


def certain(count):
    """A table of one count: a draw takes no random number."""
    return Counts(count, count, count, None, None)


def Binomial(n, successes):
    """rng::Counts::binomial_of_share: successes in n trials of probability successes/n."""
    successes = min(successes, n)
    if successes in (0, n):
        return certain(successes)
    p = successes / n
    odds = p / (1.0 - p)
    mode = min(int(math.floor((n + 1) * p)), n)
    return Counts(mode, 0, n, lambda k: (n - k) / (k + 1) * odds,
                  lambda k: k / ((n - k + 1) * odds))


def Hypergeometric(population, successes, draws):
    """rng::Counts::hypergeometric: how many of `successes` marked values among `population`
    land in `draws` drawn without replacement. The products of integers are exact in doubles
    here, as in Rust, so Python's integer arithmetic gives the same quotients."""
    n, s = min(draws, population), min(successes, population)
    failures = population - s
    low, high = max(n - failures, 0), min(n, s)
    if low == high:
        return certain(low)
    mode = min(max(int(math.floor(((n + 1) * (s + 1)) / (population + 2))), low), high)
    return Counts(mode, low, high,
                  lambda k: ((s - k) * (n - k)) / ((k + 1) * (failures + k + 1 - n)),
                  lambda k: (k * (failures + k - n)) / ((s - k + 1) * (n - k + 1)))


def welch_t_two_pass(a, b):
    """Welch's t as stats::welch_t_of computes it (two-pass moments, exactly 0 variance when
    every value is equal); None when it has none."""
    def moments(xs):
        n = len(xs)
        if all(x == xs[0] for x in xs):
            return n, xs[0], 0.0
        mean = sum(xs) / n
        return n, mean, sum((x - mean) * (x - mean) for x in xs) / (n - 1)
    if len(a) < 2 or len(b) < 2:
        return None
    (na, ma, va), (nb, mb, vb) = moments(a), moments(b)
    se2 = va / na + vb / nb
    return None if se2 == 0.0 else (ma - mb) / math.sqrt(se2)


def t_of_sums(s1, q1, n1, s2, q2, n2):
    m1, m2 = s1 / n1, s2 / n2
    v1 = max((q1 - s1 * m1) / (n1 - 1.0), 0.0)
    v2 = max((q2 - s2 * m2) / (n2 - 1.0), 0.0)
    se2 = v1 / n1 + v2 / n2
    d = m1 - m2
    if se2 > 0.0:
        return d / math.sqrt(se2)
    return 0.0 if d == 0.0 else math.inf


def permutation_p(a, b, reps, seed, stop_after=200):
    """Same as stats::permutation::permutation_p: pool, draw the smaller side without
    replacement (hypergeometric count of non-zero values, then a partial Fisher-Yates shuffle;
    every value less the pooled mean when fewer than one in eight is 0), Welch's t from sums,
    stop at the stop_after-th permutation as extreme, else (c + 1)/(reps + 1)."""
    t_obs = welch_t_two_pass(a, b)
    if t_obs is None:
        return None
    drawn, rest = min(len(a), len(b)), max(len(a), len(b))
    pooled = a + b
    n = len(pooled)
    nonzero = [x for x in pooled if x != 0.0]
    if len(nonzero) * 8 <= n * 7:
        values, count = nonzero, Hypergeometric(n, len(nonzero), drawn)
    else:
        mean = sum(pooled) / n
        values, count = [x - mean for x in pooled], Hypergeometric(n, n, drawn)
    total = sum(values)
    squares = sum(x * x for x in values)
    scratch = list(values)
    rng = Xoshiro(seed)
    bar = abs(t_obs) * (1.0 - 1e-9)
    extreme = 0
    for done in range(1, reps + 1):
        k = count.sample(rng)
        s1 = q1 = 0.0
        for i in range(min(k, len(scratch))):
            j = i + rng.below(len(scratch) - i)
            scratch[i], scratch[j] = scratch[j], scratch[i]
            x = scratch[i]
            s1 += x
            q1 += x * x
        t = t_of_sums(s1, q1, drawn, total - s1, squares - q1, rest)
        extreme += abs(t) >= bar
        if extreme == stop_after:
            return extreme / done
    return (extreme + 1) / (reps + 1)


def resample_mean(xs, rng):
    """Same as stats::bootstrap::Resample: when at least one value in eight is 0, draw how many
    of the len(xs) draws are non-zero, then draw that many from the non-zero values; else draw
    every value. Sum left to right, divide by len(xs)."""
    n = len(xs)
    nonzero = [x for x in xs if x != 0.0]
    if len(nonzero) * 8 <= n * 7:
        pool, draws = nonzero, Binomial(n, len(nonzero)).sample(rng)
    else:
        pool, draws = xs, n
    total = 0.0
    for _ in range(draws):
        total += pool[rng.below(len(pool))]
    return total / n


def bootstrap(a, b, reps, seed):
    """Same loop as stats::bootstrap::bootstrap_mean_diff_ci: per replicate, resample a, then
    b; then the type-7 quantiles of the differences."""
    rng = Xoshiro(seed)
    diffs = []
    for _ in range(reps):
        ma = resample_mean(a, rng)
        diffs.append(ma - resample_mean(b, rng))
    lo, hi = np.quantile(np.array(diffs), [0.025, 0.975], method="linear")
    return float(lo), float(hi)


def hall_interval(xs):
    """Hall's (1992) skewness-corrected 95% interval of the mean, as the codebook states it:
    SciPy's t quantile, NumPy's moments, and g's inverse in its plain closed form."""
    n = len(xs)
    sd = xs.std(ddof=1)
    se = sd / math.sqrt(n)
    gamma = np.mean((xs - xs.mean()) ** 3) / sd**3
    a, b = gamma / (3 * math.sqrt(n)), gamma / (6 * math.sqrt(n))
    q = stats.t.ppf(0.975, n - 1)

    def inverse(u):
        if a == 0:
            return u - b
        return (np.cbrt(1 + 3 * a * (u - b)) - 1) / a

    # g(T) = T + aT^2 + a^2 T^3 / 3 + b must give back +-q at the ends.
    for u in (q, -q):
        t = inverse(u)
        assert math.isclose(t + a * t**2 + a**2 * t**3 / 3 + b, u, rel_tol=1e-9, abs_tol=1e-12)
    return xs.mean() - se * inverse(q), xs.mean() - se * inverse(-q)


def main():
    print(f"// scipy {scipy.__version__}, numpy {np.__version__}")
    print("// ---- rng")
    st = 1234567
    out = []
    for _ in range(3):
        st, z = splitmix64(st)
        out.append(z)
    print("splitmix64(1234567):", out)
    r = Xoshiro(1)
    print("XOSHIRO_SEED1:", [r.next() for _ in range(4)])
    r = Xoshiro(1)
    print("BELOW10_SEED1:", [r.below(10) for _ in range(8)])
    r = Xoshiro(1)
    print("UNIT_SEED1:", [lit(r.unit()) for _ in range(3)])
    for n, k in BINOMIAL:
        r = Xoshiro(3)
        b = Binomial(n, k)
        print(f"BINOMIAL({n}, {k}) seed 3: first {b.first}, table {len(b.cumulative)},",
              [b.sample(r) for _ in range(6)])

    for population, successes, draws in HYPERGEOMETRIC:
        r = Xoshiro(3)
        h = Hypergeometric(population, successes, draws)
        print(f"HYPERGEOMETRIC({population}, {successes}, {draws}) seed 3: first {h.first}, "
              f"table {len(h.cumulative)},", [h.sample(r) for _ in range(6)])

    print("// ---- permutation p values: (name, p), 10,000 permutations at most, seed 1")
    for name, a, b in SAMPLES:
        p = permutation_p(a, b, 10_000, 1)
        print(f'    ("{name}", {"None" if p is None else f"Some({lit(p)})"}),')

    print("// ---- two-sample cases")
    for name, a, b in SAMPLES:
        A, B = np.array(a), np.array(b)
        with np.errstate(all="ignore"), warnings.catch_warnings():
            # SciPy warns (and returns NaN) for the degenerate cases; slant refuses them.
            warnings.simplefilter("ignore")
            w = stats.ttest_ind(A, B, equal_var=False)
            welch = some(w.statistic, w.df, w.pvalue)
            try:
                m = stats.mannwhitneyu(A, B, alternative="two-sided", method="asymptotic",
                                       use_continuity=True)
                mw = some(m.statistic, m.pvalue) if m.pvalue == m.pvalue else "None"
            except ValueError:
                mw = "None"
            # all values tied: SciPy returns p = nan
            if len(set(a + b)) == 1:
                mw = "None"
        na, nb = len(a), len(b)
        if na >= 2 and nb >= 2:
            sp = math.sqrt(((na - 1) * A.var(ddof=1) + (nb - 1) * B.var(ddof=1)) / (na + nb - 2))
            d = some((A.mean() - B.mean()) / sp) if sp > 0 else "None"
            boot = some(*bootstrap(a, b, 2000, 1))
        else:
            d, boot = "None", "None"
        gt = sum(1 for x in a for y in b if x > y)
        lt = sum(1 for x in a for y in b if x < y)
        delta = some((gt - lt) / (na * nb))
        summ = []
        for xs in (A, B):
            n = len(xs)
            if n >= 2:
                sd = xs.std(ddof=1)
                se = stats.sem(xs)
                ci = some(*hall_interval(xs)) if se > 0 else "None"
                summ.append(f"({n}, {lit(xs.mean())}, {some(sd)}, {some(se)}, {ci}, "
                            f"{lit(np.median(xs))})")
            else:
                summ.append(f"({n}, {lit(xs.mean())}, None, None, None, {lit(np.median(xs))})")
        print(f"""    Case {{
        name: "{name}",
        a: {arr(a)},
        b: {arr(b)},
        welch: {welch},
        mw: {mw},
        cohens_d: {d},
        cliffs_delta: {delta},
        boot: {boot},
        summary_a: {summ[0]},
        summary_b: {summ[1]},
    }},""")

    print("// ---- keyness: (a, b, c, d, g2, p, log_ratio)")
    for a, b, c, d in KEYNESS:
        e1 = c * (a + b) / (c + d)
        e2 = d * (a + b) / (c + d)
        g2 = 2 * sum(o * math.log(o / e) for o, e in ((a, e1), (b, e2)) if o > 0)
        # SciPy's G-test on the same two cells gives the same statistic.
        g2_scipy = stats.power_divergence([a, b], [e1, e2], lambda_="log-likelihood").statistic
        assert math.isclose(g2, g2_scipy, rel_tol=1e-12, abs_tol=1e-12), (g2, g2_scipy)
        p = stats.chi2.sf(g2, 1)
        lr = math.log2(((a or 0.5) / c) / ((b or 0.5) / d))
        print(f"    ({a}, {b}, {c}, {d}, {lit(g2)}, {lit(p)}, {lit(lr)}),")

    print("// ---- wilson: (k, n, low, high)")
    for k, n in WILSON:
        ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
        print(f"    ({k}, {n}, {lit(ci.low)}, {lit(ci.high)}),")

    print("// ---- fisher: (k1, n1, k2, n2, p)")
    for k1, n1, k2, n2 in FISHER:
        res = stats.fisher_exact([[k1, n1 - k1], [k2, n2 - k2]], alternative="two-sided")
        print(f"    ({k1}, {n1}, {k2}, {n2}, {lit(res.pvalue)}),")

    print("// ---- benjamini-hochberg")
    ps = [p for p in BH if p is not None]
    qs = iter(stats.false_discovery_control(ps, method="bh"))
    print("    " + ", ".join("None" if p is None else f"Some({lit(next(qs))})" for p in BH))

    print("// ---- quantiles")
    print("z(0.975) =", lit(stats.norm.ppf(0.975)))
    for df in (1, 2, 3, 5, 10, 30, 100, 1000):
        print(f"    ({df}.0, {lit(stats.t.ppf(0.975, df))}),")

    # tests/integration/compare.rs: groups A and B of its hand-made articles.csv.
    print("// ---- integration (tests/integration/compare.rs)")
    for metric, a, b in [
        ("x.per_1k", [2.5, 4.0, 3.0, 6.5], [1.0, 0.0, 2.0, 1.5]),
        ("words", [100, 200, 150, 400], [120, 90, 80, 0, 300]),
    ]:
        w = stats.ttest_ind(a, b, equal_var=False)
        m = stats.mannwhitneyu(a, b, alternative="two-sided", method="asymptotic",
                               use_continuity=True)
        print(f"{metric}: welch_t {lit(w.statistic)}, welch_df {lit(w.df)}, "
              f"welch_p {lit(w.pvalue)}, mw_u {lit(m.statistic)}, mw_p {lit(m.pvalue)}")


if __name__ == "__main__":
    main()
