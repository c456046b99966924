// SPDX-License-Identifier: MIT
// Oracles of tests/ml/09_pca.cpp: xtensor, LAPACK (xtensor-blas), stats/01, linalg/05 and the iris
// loader; no code of the topic under test.
#include "09_pca.hpp"

#include <tuple>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xrandom.hpp>
#include <xtensor/xsort.hpp>
#include <xtensor/xview.hpp>

#include <llmlings/data.hpp>
#include <llmlings/linalg/05_eigen.hpp>
#include <llmlings/stats/01_descriptive.hpp>

namespace oracles {

matrix correlated_data(int seed, std::size_t n, std::size_t d) {
    xt::random::seed(seed);
    const matrix g = xt::random::randn<double>({n, d});
    const matrix mix = xt::random::randn<double>({d, d});
    const vector offset = xt::random::randn<double>({d}) * 10.0;
    matrix x = xt::linalg::dot(g, mix);
    x = x + offset;
    return x;
}

matrix iris_features() {
    return llmlings::data::load_iris().X;
}

matrix sample_covariance(const matrix& x) {
    return llmlings::stats::covariance_matrix(x, 1);
}

eigen_pairs eigen_linalg(const matrix& a) {
    const llmlings::linalg::eigen_decomposition e = llmlings::linalg::symmetric_eigen(a);
    return {e.values, e.vectors};
}

eigen_pairs eigen_lapack(const matrix& a) {
    const auto lapack = xt::linalg::eigh(a);  // LAPACK dsyevd
    return {std::get<0>(lapack), std::get<1>(lapack)};
}

double abs_row_dot_column(const matrix& p, std::size_t i, const matrix& q, std::size_t j) {
    const vector a = xt::row(p, i);
    const vector b = xt::col(q, j);
    return std::fabs(xt::linalg::vdot(a, b));
}

matrix gram_rows(const matrix& p) {
    return xt::linalg::dot(p, xt::transpose(p));
}

matrix diagonal_matrix(const vector& v) {
    return xt::diag(v);
}

double tail_sum(const vector& v, std::size_t from) {
    return xt::sum(xt::view(v, xt::range(from, v.size())))();
}

double squared_distance(const matrix& a, const matrix& b) {
    return xt::sum(xt::square(a - b))();
}

bool largest_entry_positive(const vector& v) {
    const std::size_t largest = xt::argmax(xt::abs(v))();
    return v(largest) > 0.0;
}

}  // namespace oracles
