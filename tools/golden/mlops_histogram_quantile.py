#!/usr/bin/python3
"""Golden values for mlops/02_histogram_quantile from Prometheus itself: promtool (Debian's
`prometheus` package, 2.42 on Debian 12) evaluates `histogram_quantile(phi, h_bucket{case="K"})`
over the cumulative buckets of each case, and this script reads the values promtool computed.

    apt-get install prometheus                                 # provides /usr/bin/promtool
    /usr/bin/python3 tools/golden/mlops_histogram_quantile.py  # writes tests/golden/mlops/02_histogram_quantile.txt

How the values are read: the script writes a promtool unit test (`promtool test rules`) whose
input series are the buckets (one series per `le` label, one sample at time 0) and whose every
expected value is a deliberately wrong one (-12345); promtool then reports each expression with
the value it got, printed with 17 significant digits, and the script parses those lines. Nothing
of the library is used.

Cases (arrays per case K):
  bounds_K (m)     the `le` labels as numbers, in the order written (+inf for "+Inf"); some cases
                   repeat a bound under two spellings ("1" and "1.0"), which PromQL merges
  counts_K (m)     the cumulative counts (floats; some cases are not monotonic, as after a
                   partial scrape or a remote-write glitch)
  phi_K (p)        the quantiles asked for, including 0, 1, values outside [0, 1] and NaN
  quantile_K (p)   promtool's histogram_quantile for each phi (nan, inf and -inf included)
"""
import pathlib
import re
import subprocess
import tempfile

import numpy as np

import goldenfile

SEED = 20261206
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "mlops" / "02_histogram_quantile.txt"
PHIS = [0.0, 0.01, 0.1, 0.25, 0.37, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0]
WRONG = -12345.0


def label(bound, spelling=None):
    if spelling is not None:
        return spelling
    if bound == np.inf:
        return "+Inf"
    return repr(float(bound))


def cases():
    """(bounds, spellings, counts, phis) per case."""
    rng = np.random.default_rng(SEED)
    out = []
    default = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, np.inf]
    # latencies of a server, seeded: log-normal around 40 ms, observed into the default layout
    for n, mu in ((1000, np.log(0.04)), (37, np.log(0.2)), (100000, np.log(0.004))):
        lat = rng.lognormal(mu, 0.8, n)
        counts = [float(np.sum(lat <= b)) for b in default]
        out.append((default, None, counts, PHIS + [0.5001, 0.123456789]))
    # exponential layout, a rate-like fractional count
    bounds = [0.001 * 2.0 ** i for i in range(10)] + [np.inf]
    per = rng.uniform(0.0, 3.0, len(bounds))
    out.append((bounds, None, list(np.cumsum(per)), PHIS))
    # negative bounds and a first bucket <= 0: (-inf, -1], (-1, 0], (0, 2], (2, +Inf)
    out.append(([-1.0, 0.0, 2.0, np.inf], None, [2.0, 5.0, 9.0, 10.0], PHIS))
    # every observation in the first bucket, whose bound is negative
    out.append(([-0.5, 1.0, np.inf], None, [4.0, 4.0, 4.0], PHIS))
    # the rank in the +Inf bucket
    out.append(([0.1, 0.2, np.inf], None, [1.0, 2.0, 10.0], PHIS))
    # not monotonic: the counts dip and must be lifted
    out.append(([0.1, 0.2, 0.4, 0.8, np.inf], None, [3.0, 2.0, 6.0, 5.0, 8.0], PHIS))
    # a bound written twice, "1" and "1.0": the two series are merged, their counts added
    out.append(([0.5, 1.0, 1.0, np.inf], [None, "1", "1.0", None], [1.0, 2.0, 1.0, 5.0], PHIS))
    # written out of order (the reader sorts): the same buckets as a sorted case
    out.append(([np.inf, 0.25, 0.05, 1.0], None, [20.0, 12.0, 3.0, 18.0], PHIS))
    # no observations: NaN everywhere in [0, 1]
    out.append(([0.1, 1.0, np.inf], None, [0.0, 0.0, 0.0], [0.0, 0.5, 1.0]))
    # no +Inf bucket: NaN
    out.append(([0.1, 1.0], None, [1.0, 2.0], [0.5]))
    # only the +Inf bucket: NaN
    out.append(([np.inf], None, [7.0], [0.5]))
    # phi outside [0, 1] and NaN
    out.append(([0.1, 1.0, np.inf], None, [1.0, 3.0, 4.0], [-0.5, 1.5, float("nan")]))
    # zero-width interpolation: an empty bucket inside
    out.append(([0.1, 0.2, 0.3, np.inf], None, [5.0, 5.0, 10.0, 10.0], PHIS))
    return out


def promtool_values(all_cases):
    series, exprs = [], []
    for k, (bounds, spellings, counts, phis) in enumerate(all_cases):
        for i, (b, c) in enumerate(zip(bounds, counts)):
            spelling = spellings[i] if spellings else None
            series.append(f"      - series: 'h_bucket{{case=\"{k}\",le=\"{label(b, spelling)}\"}}'\n"
                          f"        values: '{c!r}'\n")
        for phi in phis:
            text = "NaN" if np.isnan(phi) else repr(phi)
            exprs.append((k, phi, f"histogram_quantile({text}, h_bucket{{case=\"{k}\"}})"))
    tests = ["rule_files: []\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n"]
    tests.extend(series)
    tests.append("    promql_expr_test:\n")
    for k, _, expr in exprs:
        tests.append(f"      - expr: '{expr}'\n        eval_time: 0\n        exp_samples:\n"
                     f"          - labels: '{{case=\"{k}\"}}'\n            value: {WRONG}\n")
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "histogram_quantile_test.yml"
        path.write_text("".join(tests))
        run = subprocess.run(["promtool", "test", "rules", str(path)], capture_output=True, text=True)
    text = run.stdout + run.stderr
    got = {}
    pattern = re.compile(r'expr: "(histogram_quantile\((.*?), h_bucket\{case=\\"(\d+)\\"\}\))", time: 0s,\s*'
                         r'exp: .*?\n\s*got: \{case="\d+"\} (\S+)')
    for match in pattern.finditer(text):
        got[(int(match.group(3)), match.group(2))] = float(match.group(4).replace("+Inf", "inf").replace("-Inf", "-inf"))
    values = {}
    for k, phi, expr in exprs:
        key = (k, "NaN" if np.isnan(phi) else repr(phi))
        if key not in got:
            raise SystemExit(f"promtool gave no value for {expr}:\n{text[:2000]}")
        values.setdefault(k, []).append(got[key])
    version = subprocess.run(["promtool", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    return values, version


def main():
    all_cases = cases()
    values, version = promtool_values(all_cases)
    arrays = []
    for k, (bounds, _, counts, phis) in enumerate(all_cases):
        arrays += [(f"bounds_{k}", bounds), (f"counts_{k}", counts), (f"phi_{k}", phis), (f"quantile_{k}", values[k])]
    arrays.append(("cases", [len(all_cases)]))
    goldenfile.write(OUT, "tools/golden/mlops_histogram_quantile.py", f"numpy {np.__version__}, {version}", SEED,
                     arrays)


if __name__ == "__main__":
    main()
