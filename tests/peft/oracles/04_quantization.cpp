// SPDX-License-Identifier: MIT
// Oracles of tests/peft/04_quantization.cpp: seeded matrices and a double product by BLAS; no code
// of the topic under test.
#include "04_quantization.hpp"

#include <cmath>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xrandom.hpp>

namespace oracles {

matrix channels_of_different_scales(unsigned seed, std::size_t rows, std::size_t cols) {
    seed_random(seed);
    matrix m = normal_matrix(rows, cols);
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < cols; ++c) m(r, c) *= std::pow(10.0, static_cast<double>(r % 4) - 2.0);
    return m;
}

matrix with_outliers(unsigned seed, std::size_t rows, std::size_t cols) {
    seed_random(seed);
    matrix m = normal_matrix(rows, cols, 0.02);
    for (std::size_t k = 0; k < m.size(); k += 97) m.data()[k] = 5.0;
    return m;
}

matrix one_sided(unsigned seed, std::size_t rows, std::size_t cols) {
    seed_random(seed);
    return xt::random::rand<double>({rows, cols});
}

matrix product_transposed(const matrix& a, const matrix& b) {
    return xt::linalg::dot(a, xt::transpose(b));
}

}  // namespace oracles
