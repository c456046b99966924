#!/usr/bin/python3
"""Golden values for stats/02_distributions from SciPy.

    /usr/bin/python3 tools/golden/stats_distributions.py    # writes tests/golden/stats/02_distributions.txt

A fixed grid of arguments (no randomness: the seed line is 0 and unused) and, for each row, the
value of the scipy.stats / scipy.special function the topic mirrors. Every array is a table
(rows, columns); the columns are listed below, the inputs first and SciPy's outputs after:

  normal      x, mean, stddev, pdf, cdf, sf          scipy.stats.norm
  normal_ppf  p, mean, stddev, ppf                   scipy.stats.norm.ppf
  binomial    k, n, p, pmf, cdf                      scipy.stats.binom
  poisson     k, lambda, pmf, cdf                    scipy.stats.poisson
  gamma       a, x, P, Q                             scipy.special.gammainc, gammaincc
  beta        a, b, x, I                             scipy.special.betainc
  chi2        x, k, pdf, cdf, sf                     scipy.stats.chi2
  chi2_ppf    p, k, ppf                              scipy.stats.chi2.ppf, refined (refine_ppf)
  t           t, nu, pdf, cdf, sf                    scipy.stats.t
  t_ppf       p, nu, ppf                             scipy.stats.t.ppf, refined (refine_ppf)

The grid covers the bulk and both tails (down to ~1e-300 where the functions reach), integer and
fractional shapes, and shapes up to 1000 where the series and continued fractions need many
terms. Subnormal values (below 2.2e-308) are written as they are.
"""
import pathlib

import numpy as np

import goldenfile
import scipy
from scipy import special, stats

OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "stats" / "02_distributions.txt"


def refine_ppf(dist, p, *args):
    """SciPy's ppf, polished by three Newton steps on its cdf (p <= 1/2) or sf (p > 1/2).

    scipy.stats.t.ppf (special.stdtrit) stops at a relative error of ~1e-9 (t.ppf(0.05, 30) is off
    by 8e-9, t.cdf of it is 0.0499999993), while the cdf and sf are accurate to ~1e-15: Newton on
    them gives the quantile to within a few ulps.
    """
    x = dist.ppf(p, *args)
    for _ in range(3):
        if x == 0.0:
            break
        error = dist.cdf(x, *args) - p if p <= 0.5 else (1.0 - p) - dist.sf(x, *args)
        x -= error / dist.pdf(x, *args)
    return x


def main():
    tables = {}

    rows = []
    for mean, sd in ((0.0, 1.0), (2.0, 3.0), (-1.0, 0.25)):
        for z in (-37.5, -20.0, -8.0, -5.0, -3.0, -1.96, -1.0, -0.5, 0.0, 0.3, 1.0, 1.96, 3.0, 5.0, 8.0, 20.0):
            x = mean + sd * z
            rows.append([x, mean, sd, stats.norm.pdf(x, mean, sd), stats.norm.cdf(x, mean, sd),
                         stats.norm.sf(x, mean, sd)])
    tables["normal"] = rows

    rows = []
    ps = (1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.01, 0.02, 0.02425, 0.03, 0.1, 0.25, 0.4, 0.5,
          0.6, 0.75, 0.9, 0.975, 0.99, 0.999, 1 - 1e-5, 1 - 1e-10)
    for mean, sd in ((0.0, 1.0), (2.0, 3.0)):
        for p in ps:
            rows.append([p, mean, sd, stats.norm.ppf(p, mean, sd)])
    tables["normal_ppf"] = rows

    rows = []
    for n, p in ((10, 0.3), (20, 0.9), (50, 0.01), (1000, 0.5), (1, 0.5), (0, 0.7)):
        ks = range(0, n + 1) if n <= 50 else (0, 1, 400, 450, 480, 500, 520, 550, 600, 1000)
        for k in ks:
            rows.append([k, n, p, stats.binom.pmf(k, n, p), stats.binom.cdf(k, n, p)])
    tables["binomial"] = rows

    rows = []
    for lam in (0.5, 3.0, 20.0, 200.0):
        for k in (0, 1, 2, 3, 5, 10, 20, 30, 50, 150, 200, 250, 400):
            rows.append([k, lam, stats.poisson.pmf(k, lam), stats.poisson.cdf(k, lam)])
    tables["poisson"] = rows

    rows = []
    for a in (0.1, 0.5, 1.0, 2.5, 10.0, 100.0, 1000.0):
        for ratio in (0.001, 0.1, 0.5, 0.9, 1.0, 1.1, 2.0, 5.0):
            x = a * ratio
            rows.append([a, x, special.gammainc(a, x), special.gammaincc(a, x)])
    tables["gamma"] = rows

    rows = []
    for a, b in ((0.5, 0.5), (1.0, 1.0), (2.0, 3.0), (5.0, 0.5), (0.5, 5.0), (50.0, 40.0), (500.0, 0.5)):
        for x in (1e-6, 0.001, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999, 0.999999):
            rows.append([a, b, x, special.betainc(a, b, x)])
    tables["beta"] = rows

    rows = []
    for k in (1, 2, 3, 4.5, 10, 30, 100, 1000):
        for ratio in (0.001, 0.1, 0.5, 1.0, 1.5, 2.0, 4.0, 10.0):
            x = k * ratio
            rows.append([x, k, stats.chi2.pdf(x, k), stats.chi2.cdf(x, k), stats.chi2.sf(x, k)])
    tables["chi2"] = rows

    rows = []
    for k in (1, 2, 3, 4.5, 10, 30, 100):
        for p in (1e-10, 0.001, 0.025, 0.05, 0.5, 0.9, 0.95, 0.975, 0.99, 0.999, 1 - 1e-10):
            rows.append([p, k, refine_ppf(stats.chi2, p, k)])
    tables["chi2_ppf"] = rows

    rows = []
    for nu in (1, 2, 2.5, 5, 10, 30, 1000):
        for t in (-1e3, -50.0, -5.0, -2.0, -0.5, 0.0, 0.1, 1.0, 2.228, 4.0, 30.0, 1e3):
            rows.append([t, nu, stats.t.pdf(t, nu), stats.t.cdf(t, nu), stats.t.sf(t, nu)])
    tables["t"] = rows

    rows = []
    for nu in (1, 2, 2.5, 5, 10, 30, 1000):
        for p in (1e-10, 0.001, 0.025, 0.05, 0.3, 0.5, 0.7, 0.95, 0.975, 0.999, 1 - 1e-10):
            rows.append([p, nu, 0.0 if p == 0.5 else refine_ppf(stats.t, p, nu)])
    tables["t_ppf"] = rows

    goldenfile.write(OUT, "tools/golden/stats_distributions.py",
                     f"numpy {np.__version__}, scipy {scipy.__version__}",
                     "0 (a fixed grid; nothing is random)", tables)


if __name__ == "__main__":
    main()
