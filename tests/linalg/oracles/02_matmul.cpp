// SPDX-License-Identifier: MIT
// Oracles of tests/linalg/02_matmul.cpp: xtensor only, no llmlings code (the random matrices and
// the BLAS products are common/oracles.cpp's).
#include "02_matmul.hpp"

#include <xtensor/xmanipulation.hpp>

namespace oracles {

matrix as_column(const vector& x) {
    return xt::reshape_view(x, {x.size(), std::size_t{1}});
}

vector flattened(const matrix& a) {
    return xt::reshape_view(a, {a.size()});
}

}  // namespace oracles
