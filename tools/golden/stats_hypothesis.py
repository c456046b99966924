#!/usr/bin/python3
"""Golden values for stats/06_hypothesis_tests from SciPy.

    /usr/bin/python3 tools/golden/stats_hypothesis.py    # writes tests/golden/stats/06_hypothesis_tests.txt

Fixed data sets drawn once from NumPy's seeded generator (the values are stored in the file, so the
tests never need Python), and for each the result of the SciPy function the topic mirrors:
  ttest_1samp, ttest_rel, ttest_ind(equal_var=True), ttest_ind(equal_var=False): an array
      NAME_result (3,3) whose rows are the alternatives two-sided, less, greater and whose columns
      are statistic, degrees of freedom, p-value;
  chi2_contingency(correction=False): NAME_result (3) = statistic, dof, p-value and
      NAME_expected, the expected counts.
"""
import pathlib

import numpy as np

import goldenfile
import scipy
from scipy import stats

SEED = 20240605
ALTERNATIVES = ("two-sided", "less", "greater")
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "stats" / "06_hypothesis_tests.txt"


def welch_dof(a, b):
    va, vb = np.var(a, ddof=1) / len(a), np.var(b, ddof=1) / len(b)
    return (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))


def main():
    rng = np.random.default_rng(SEED)
    arrays = []

    def add(name, values):
        arrays.append((name, np.atleast_1d(np.asarray(values, dtype=float))))

    # one-sample t: a small sample whose true mean (0.4) differs from mu0 = 0
    x = rng.normal(0.4, 1.0, 12)
    add("one_x", x)
    add("one_mu0", [0.0])
    add("one_result", [[r.statistic, len(x) - 1, r.pvalue]
                       for r in (stats.ttest_1samp(x, 0.0, alternative=a) for a in ALTERNATIVES)])

    # a one-sample t with a far-off mean: a p-value near 1e-8 tests the far tail of the t cdf,
    # where 1 - cdf would have lost half its digits
    x = rng.normal(7.0, 1.0, 10)
    add("far_x", x)
    add("far_mu0", [3.0])
    add("far_result", [[r.statistic, len(x) - 1, r.pvalue]
                       for r in (stats.ttest_1samp(x, 3.0, alternative=a) for a in ALTERNATIVES)])

    # paired t: before/after with a small shift
    before = rng.normal(120.0, 10.0, 9)
    after = before + rng.normal(-3.0, 4.0, 9)
    add("paired_a", after)
    add("paired_b", before)
    add("paired_result", [[r.statistic, len(before) - 1, r.pvalue]
                          for r in (stats.ttest_rel(after, before, alternative=a) for a in ALTERNATIVES)])

    # two samples of different sizes and spreads: pooled and Welch give different answers
    a = rng.normal(10.0, 2.0, 15)
    b = rng.normal(11.5, 4.0, 8)
    add("two_a", a)
    add("two_b", b)
    add("pooled_result", [[r.statistic, len(a) + len(b) - 2, r.pvalue]
                          for r in (stats.ttest_ind(a, b, equal_var=True, alternative=alt)
                                    for alt in ALTERNATIVES)])
    add("welch_result", [[r.statistic, welch_dof(a, b), r.pvalue]
                         for r in (stats.ttest_ind(a, b, equal_var=False, alternative=alt)
                                   for alt in ALTERNATIVES)])

    # chi-square tests of independence: a 3x4 table and a 2x2 table (no Yates correction)
    for name, shape, lam in (("chi34", (3, 4), 25.0), ("chi22", (2, 2), 40.0)):
        table = rng.poisson(lam, shape).astype(float)
        table[0, 0] += 15  # some association
        r = stats.chi2_contingency(table, correction=False)
        add(name + "_table", table)
        add(name + "_result", [r.statistic, r.dof, r.pvalue])
        add(name + "_expected", r.expected_freq)

    goldenfile.write(OUT, "tools/golden/stats_hypothesis.py",
                     f"numpy {np.__version__}, scipy {scipy.__version__}", SEED, arrays)


if __name__ == "__main__":
    main()
