// SPDX-License-Identifier: MIT
// The oracles of tests/linalg/01_vectors.cpp, compiled once in oracles/01_vectors.cpp (never with
// the learner's file): seeded random vectors and αa + c; the rest of the element-wise arithmetic the
// identities need is common/oracles.hpp's. Each returns plain containers, so the test file
// instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_LINALG_ORACLES_01_VECTORS_HPP
#define LLMLINGS_TESTS_LINALG_ORACLES_01_VECTORS_HPP

#include <cstddef>
#include <vector>

#include "common/oracles.hpp"

namespace oracles {

/// `count` vectors of n standard normal numbers, drawn in order after xt::random::seed(seed).
std::vector<vector> random_vectors(unsigned seed, std::size_t count, std::size_t n);
/// αa + c, element by element.
vector scaled_plus(double alpha, const vector& a, const vector& c);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_LINALG_ORACLES_01_VECTORS_HPP
