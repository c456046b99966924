// SPDX-License-Identifier: MIT
// The oracles of tests/stats/07_eda.cpp, compiled once in oracles/07_eda.cpp (never with the
// learner's file): the real data sets (palmerpenguins and iris, loaded by llmlings/data), seeded
// random samples, columns, concatenations and the sums and counts of the returned counts and
// masks. Each returns plain containers, so the test file instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_STATS_ORACLES_07_EDA_HPP
#define LLMLINGS_TESTS_STATS_ORACLES_07_EDA_HPP

#include <cstddef>
#include <string>
#include <vector>

#include <llmlings/core.hpp>

namespace oracles {

using llmlings::index_vector;
using llmlings::matrix;
using llmlings::vector;

/// The measurements of a real data set (NaN where a value is missing) and their names.
struct measurements {
    matrix X;
    std::vector<std::string> feature_names;
};
/// llmlings::data::load_penguins() and load_iris(): call after have_real_data.
measurements penguin_measurements();
measurements iris_measurements();

/// count vectors of n standard normal numbers each, after xt::random::seed(seed).
std::vector<vector> normal_samples(unsigned seed, int count, std::size_t n);
/// 0, 0.1, …, 1 as i/10 for i = 0 … 10.
vector tenths();
/// a followed by b.
vector concatenated(const vector& a, const vector& b);
/// Column j of a matrix.
vector column(const matrix& m, std::size_t j);
/// Σ counts(i).
std::size_t total(const index_vector& counts);
/// The number of true entries of a mask.
std::size_t count_true(const xt::xtensor<bool, 1>& mask);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_STATS_ORACLES_07_EDA_HPP
