#!/usr/bin/python3
"""Golden values for mlops/04_promotion_gate from SciPy.

    /usr/bin/python3 tools/golden/mlops_gate.py    # writes tests/golden/mlops/04_promotion_gate.txt

McNemar's test on a grid of disagreement counts (b, c): b = examples only model A got right,
c = examples only model B got right (the examples both got right or both got wrong do not enter).
For each pair, in arrays indexed like `b` and `c`:
  exact_statistic, exact_p: min(b, c) and scipy.stats.binomtest(min(b, c), b + c, 0.5).pvalue
      (the two-sided exact binomial test; b + c = 0 gives p = 1, where binomtest refuses n = 0);
  asymptotic_statistic, asymptotic_p: Edwards' continuity-corrected statistic
      max(|b - c| - 1, 0)^2 / (b + c) (0 when b + c = 0) and scipy.stats.chi2.sf(statistic, 1).
No randomness: the grid is fixed (the seed line records 0).
"""
import pathlib

import numpy as np

import goldenfile
import scipy
from scipy import stats

OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "mlops" / "04_promotion_gate.txt"

# (b, c): no disagreement, one-sided counts, ties, small and large samples, both orders of each
GRID = [(0, 0), (0, 1), (1, 0), (0, 5), (5, 0), (1, 1), (2, 3), (3, 2), (7, 7), (4, 12), (12, 4),
        (10, 25), (25, 10), (30, 12), (100, 130), (130, 100), (86, 150), (1000, 1100), (1100, 1000),
        (5000, 4700)]


def exact(b, c):
    k, n = min(b, c), b + c
    return (float(k), 1.0 if n == 0 else stats.binomtest(k, n, 0.5).pvalue)


def asymptotic(b, c):
    n = b + c
    if n == 0:
        return (0.0, 1.0)
    statistic = max(abs(b - c) - 1, 0) ** 2 / n
    return (statistic, stats.chi2.sf(statistic, 1))


def main():
    b = [pair[0] for pair in GRID]
    c = [pair[1] for pair in GRID]
    ex = [exact(*pair) for pair in GRID]
    asym = [asymptotic(*pair) for pair in GRID]
    arrays = [
        ("b", b),
        ("c", c),
        ("exact_statistic", [s for s, _ in ex]),
        ("exact_p", [p for _, p in ex]),
        ("asymptotic_statistic", [s for s, _ in asym]),
        ("asymptotic_p", [p for _, p in asym]),
    ]
    goldenfile.write(OUT, "tools/golden/mlops_gate.py", f"numpy {np.__version__}, scipy {scipy.__version__}", 0,
                     arrays)


if __name__ == "__main__":
    main()
