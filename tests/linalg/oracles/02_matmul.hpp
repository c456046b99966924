// SPDX-License-Identifier: MIT
// The oracles of tests/linalg/02_matmul.cpp, compiled once in oracles/02_matmul.cpp (never with
// the learner's file): xtensor's reshapes; the seeded random matrices, the BLAS products
// (xt::linalg::dot through xtensor-blas), xtensor's own transpose and the constant matrices the
// identities need are common/oracles.hpp's. Each returns plain containers, so the test file
// instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_LINALG_ORACLES_02_MATMUL_HPP
#define LLMLINGS_TESTS_LINALG_ORACLES_02_MATMUL_HPP

#include <cstddef>

#include "common/oracles.hpp"

namespace oracles {

/// x as an (n,1) column, and an (m,1) or (1,m) matrix flattened to (m).
matrix as_column(const vector& x);
vector flattened(const matrix& a);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_LINALG_ORACLES_02_MATMUL_HPP
