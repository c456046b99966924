// SPDX-License-Identifier: MIT
// The oracles of tests/mlops/02_histogram_quantile.cpp, compiled once in
// oracles/02_histogram_quantile.cpp (never with the learner's file): the cases Prometheus' promtool
// evaluated (tools/golden/mlops_histogram_quantile.py) as plain vectors, and seeded latencies.
#ifndef LLMLINGS_TESTS_MLOPS_ORACLES_02_HISTOGRAM_QUANTILE_HPP
#define LLMLINGS_TESTS_MLOPS_ORACLES_02_HISTOGRAM_QUANTILE_HPP

#include <cstdint>
#include <vector>

namespace oracles {

/// One case of tests/golden/mlops/02_histogram_quantile.txt: cumulative buckets (bounds in the
/// order promtool read them, +inf for "+Inf"), the quantiles asked for and promtool's answers.
struct promtool_case {
    std::vector<double> bounds;
    std::vector<double> counts;
    std::vector<double> phi;
    std::vector<double> quantile;
};

/// Every case of the golden file.
std::vector<promtool_case> promtool_cases();

/// n latencies in seconds, log-normal around `median` (σ = 0.8 in log space), from a seeded
/// generator (llmlings::rng) independent of the topic.
std::vector<double> latencies(std::size_t n, double median, std::uint64_t seed);

/// How many of `values` are ≤ bound (counted directly, one comparison each).
double count_at_most(const std::vector<double>& values, double bound);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_MLOPS_ORACLES_02_HISTOGRAM_QUANTILE_HPP
