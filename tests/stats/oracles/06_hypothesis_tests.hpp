// SPDX-License-Identifier: MIT
// The oracles of tests/stats/06_hypothesis_tests.cpp, compiled once in oracles/06_hypothesis_tests.cpp
// (never with the learner's file): the SciPy golden values (tools/golden/stats_hypothesis.py) as
// concrete tensors, the standard normal tail by the C library, and the margins and shifts the
// identities compare with. Each returns plain containers, so the test file instantiates no
// expression of its own.
#ifndef LLMLINGS_TESTS_STATS_ORACLES_06_HYPOTHESIS_TESTS_HPP
#define LLMLINGS_TESTS_STATS_ORACLES_06_HYPOTHESIS_TESTS_HPP

#include <string>

#include <llmlings/core.hpp>

namespace oracles {

using llmlings::matrix;
using llmlings::vector;

/// Array `name` of tests/golden/stats/06_hypothesis_tests.txt, flattened to a vector (a vector or a
/// scalar array) or as a matrix (a table or a (3, 3) result array: statistic, dof, p-value for
/// two-sided, less, greater).
vector golden_vector(const std::string& name);
matrix golden_matrix(const std::string& name);

/// The standard normal upper tail P(Z > z) = erfc(z/√2)/2 by the C library, independent of stats/02.
double upper_normal(double z);

/// The column totals (sums over the rows) and the row totals of a table.
vector column_totals(const matrix& m);
vector row_totals(const matrix& m);
/// x + c and a − b, element by element.
vector plus(const vector& x, double c);
vector minus(const vector& a, const vector& b);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_STATS_ORACLES_06_HYPOTHESIS_TESTS_HPP
