// SPDX-License-Identifier: MIT
// The oracles of tests/stats/02_distributions.cpp, compiled once in oracles/02_distributions.cpp
// (never with the learner's file): the tables of SciPy values of the golden file
// tests/golden/stats/02_distributions.txt (tools/golden/stats_distributions.py), as concrete
// matrices, so the test file parses nothing and instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_STATS_ORACLES_02_DISTRIBUTIONS_HPP
#define LLMLINGS_TESTS_STATS_ORACLES_02_DISTRIBUTIONS_HPP

#include <string>

#include <llmlings/core.hpp>

namespace oracles {

using llmlings::matrix;

/// The golden table `name` (one row per grid point: the inputs, then SciPy's values), loaded once.
const matrix& golden_table(const char* name);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_STATS_ORACLES_02_DISTRIBUTIONS_HPP
