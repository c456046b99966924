// SPDX-License-Identifier: MIT
// The oracles of tests/mlops/01_drift.cpp, compiled once in oracles/01_drift.cpp (never with the
// learner's file): the NumPy and SciPy golden values (tools/golden/mlops_drift.py), seeded normal
// samples from stats/03's sampler, and small inputs built here so that the test file instantiates
// no xtensor expression of its own. The helpers shared with other topics (vector_from, labels_of,
// CHECK_CLOSE_AT) are those of common/oracles.hpp.
#ifndef LLMLINGS_TESTS_MLOPS_ORACLES_01_DRIFT_HPP
#define LLMLINGS_TESTS_MLOPS_ORACLES_01_DRIFT_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/oracles.hpp"

namespace oracles {

/// Array `name` of tests/golden/mlops/01_drift.txt as a vector (its values in order).
vector golden_vector(const std::string& name);
/// Element i of the golden array `name`.
double golden_value(const std::string& name, std::size_t i = 0);
/// The golden array `name` of counts as std::vector (exact: the counts are small integers).
std::vector<std::size_t> golden_counts(const std::string& name);

/// Counts as a std::vector, which Catch2 compares with == and prints when they differ.
std::vector<std::size_t> counts_of(const index_vector& counts);

/// n values of N(mean, sd²) from stats/03's sample_normal with llmlings::rng(seed).
vector normal_sample(std::size_t n, std::uint64_t seed, double mean = 0.0, double sd = 1.0);
/// The values as a vector.
vector to_vector(const std::vector<double>& values);
/// 0, 1, ..., n − 1.
vector arange(std::size_t n);
/// x in reverse order.
vector reversed(const vector& x);
/// x with x(i) replaced by value.
vector with_value(const vector& x, std::size_t i, double value);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_MLOPS_ORACLES_01_DRIFT_HPP
