// SPDX-License-Identifier: MIT
// Oracles of tests/linalg/01_vectors.cpp: xtensor only, no llmlings code.
#include "01_vectors.hpp"

#include <xtensor/xrandom.hpp>

namespace oracles {

std::vector<vector> random_vectors(unsigned seed, std::size_t count, std::size_t n) {
    xt::random::seed(seed);
    std::vector<vector> out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) out.push_back(xt::random::randn<double>({n}));
    return out;
}

vector scaled_plus(double alpha, const vector& a, const vector& c) {
    return alpha * a + c;
}

}  // namespace oracles
