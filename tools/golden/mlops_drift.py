#!/usr/bin/python3
"""Golden values for mlops/01_drift from NumPy and SciPy.

    /usr/bin/python3 tools/golden/mlops_drift.py    # writes tests/golden/mlops/01_drift.txt

Sample pairs drawn once from NumPy's seeded generator (the values are stored in the file, so the
tests never need Python), NAME_a (the reference) and NAME_b (the current sample):
  normal  150 values of N(0, 1) and 150 of N(0.4, 1): a shift of 0.4 standard deviations
  sizes   50 values of N(0, 1) and 173 of N(0.1, 1.5): different sizes and spreads
  ties    120 integers uniform in 0..5 and 90 in 1..6: heavy ties, also at the bin edges
  inf     60 values of N(0, 1) and 45 of N(0.2, 1), with -inf and +inf written into both

For every pair, NAME_ks = [D, en, p]: D = scipy.stats.ks_2samp(a, b).statistic, the effective
size en = n m / (n + m) and the asymptotic p-value p = scipy.special.kolmogorov(sqrt(en) D). (This
is not ks_2samp's own p-value: by default it uses the exact distribution for small samples, and
method="asymp" the finite-n one-sample distribution kstwo.)

For the pairs with a finite reference (normal, sizes, ties) the PSI pipeline in NumPy, with
NAME_bins bins and epsilon 1e-4:
  NAME_edges       np.unique(np.quantile(a, np.arange(1, bins) / bins))  (linear interpolation)
  NAME_ref_counts  np.bincount(np.searchsorted(edges, a, side="left"), minlength=len(edges) + 1)
  NAME_cur_counts  the same for b
  NAME_psi         sum((q - p) log(q / p)) of the proportions, each floored at epsilon

And lambda / kolmogorov: scipy.special.kolmogorov (the Kolmogorov distribution's survival function)
over 0, 0.04, 0.1, 0.2, 0.3, ..., 3.0, 5, 10.
"""
import pathlib

import numpy as np

import goldenfile
import scipy
from scipy import special, stats

SEED = 20250117
EPSILON = 1e-4
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "mlops" / "01_drift.txt"


def edges_of(reference, bins):
    """np.quantile's edges, checked against the interpolation the topic writes (h = (n - 1) q,
    x_(j) + (h - j)(x_(j+1) - x_(j))): NumPy computes h another way, so the two may differ in the
    last bits; they must agree to rounding and put every value in the same bin."""
    q = np.arange(1, bins) / bins
    numpy_edges = np.quantile(reference, q)
    s = np.sort(reference)
    h = (len(s) - 1) * q
    j = np.floor(h).astype(int)
    upper = s[np.minimum(j + 1, len(s) - 1)]
    ours = s[j] + (h - j) * (upper - s[j])
    assert np.allclose(numpy_edges, ours, rtol=1e-14, atol=0), (numpy_edges, ours)
    edges = np.unique(numpy_edges)
    assert np.array_equal(counts_of(edges, reference), counts_of(np.unique(ours), reference))
    return edges


def counts_of(edges, x):
    return np.bincount(np.searchsorted(edges, x, side="left"), minlength=len(edges) + 1)


def psi_of(expected, actual, epsilon=EPSILON):
    p = np.maximum(expected / expected.sum(), epsilon)
    q = np.maximum(actual / actual.sum(), epsilon)
    return float(np.sum((q - p) * np.log(q / p)))


def main():
    rng = np.random.default_rng(SEED)
    arrays = []

    def add(name, values):
        arrays.append((name, np.atleast_1d(np.asarray(values, dtype=float))))

    a_inf, b_inf = rng.normal(0.0, 1.0, 60), rng.normal(0.2, 1.0, 45)
    a_inf[[3, 17]] = np.inf
    a_inf[[10]] = -np.inf
    b_inf[[0, 5]] = np.inf
    b_inf[[7, 30, 31]] = -np.inf
    pairs = {
        "normal": (rng.normal(0.0, 1.0, 150), rng.normal(0.4, 1.0, 150), 10),
        "sizes": (rng.normal(0.0, 1.0, 50), rng.normal(0.1, 1.5, 173), 5),
        "ties": (rng.integers(0, 6, 120).astype(float), rng.integers(1, 7, 90).astype(float), 10),
        "inf": (a_inf, b_inf, None),
    }
    for name, (a, b, bins) in pairs.items():
        add(name + "_a", a)
        add(name + "_b", b)
        d = stats.ks_2samp(a, b, method="asymp").statistic
        en = len(a) * len(b) / (len(a) + len(b))
        add(name + "_ks", [d, en, special.kolmogorov(np.sqrt(en) * d)])
        if bins is None:
            continue
        edges = edges_of(a, bins)
        ref_counts, cur_counts = counts_of(edges, a), counts_of(edges, b)
        add(name + "_bins", [bins])
        add(name + "_edges", edges)
        add(name + "_ref_counts", ref_counts)
        add(name + "_cur_counts", cur_counts)
        add(name + "_psi", [psi_of(ref_counts, cur_counts)])

    lam = np.concatenate([[0.0, 0.04, 0.1], np.round(np.arange(2, 31) / 10, 1), [5.0, 10.0]])
    add("lambda", lam)
    add("kolmogorov", special.kolmogorov(lam))

    goldenfile.write(OUT, "tools/golden/mlops_drift.py", f"numpy {np.__version__}, scipy {scipy.__version__}", SEED,
                     arrays)


if __name__ == "__main__":
    main()
