// SPDX-License-Identifier: MIT
// Oracles of tests/linalg/02_matmul.cpp: xtensor and BLAS (xtensor-blas), no llmlings code.
#include "02_matmul.hpp"

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xrandom.hpp>

namespace oracles {

void seed_random(unsigned seed) {
    xt::random::seed(seed);
}

matrix random_matrix(std::size_t m, std::size_t n) {
    return xt::random::randn<double>({m, n});
}

vector random_vector(std::size_t n) {
    return xt::random::randn<double>({n});
}

matrix blas_product(const matrix& a, const matrix& b) {
    return xt::linalg::dot(a, b);
}

vector blas_product(const matrix& a, const vector& x) {
    return xt::linalg::dot(a, x);
}

matrix xt_transposed(const matrix& a) {
    return xt::transpose(a);
}

matrix identity(std::size_t n) {
    return xt::eye<double>(n);
}

matrix zero_matrix(std::size_t m, std::size_t n) {
    return xt::zeros<double>({m, n});
}

matrix filled_matrix(std::size_t m, std::size_t n, double c) {
    matrix out = xt::empty<double>({m, n});
    out.fill(c);
    return out;
}

matrix as_column(const vector& x) {
    return xt::reshape_view(x, {x.size(), std::size_t{1}});
}

vector flattened(const matrix& a) {
    return xt::reshape_view(a, {a.size()});
}

}  // namespace oracles
