// SPDX-License-Identifier: MIT
// Oracles of tests/ml/05_knn.cpp: xtensor only, no llmlings code under test.
#include "05_knn.hpp"

#include <cmath>

#include <xtensor/xrandom.hpp>
#include <xtensor/xview.hpp>

namespace oracles {

void two_clusters(std::size_t n, matrix& x, index_vector& y) {
    x = 0.5 * xt::random::randn<double>({2 * n, std::size_t{2}});
    y = xt::zeros<std::size_t>({2 * n});
    for (std::size_t i = 0; i < 2 * n; ++i) {
        const double centre = i < n ? -3.0 : 3.0;
        x(i, 0) += centre;
        x(i, 1) += centre;
        y(i) = i < n ? 0 : 1;
    }
}

vector times(double c, const vector& v) {
    return c * v;
}

matrix times(double c, const matrix& x) {
    return c * x;
}

matrix euclidean_by_definition(const matrix& a, const matrix& b) {
    matrix d = xt::empty<double>({a.shape()[0], b.shape()[0]});
    for (std::size_t i = 0; i < a.shape()[0]; ++i)
        for (std::size_t j = 0; j < b.shape()[0]; ++j) {
            const auto diff = xt::eval(xt::row(a, i) - xt::row(b, j));
            d(i, j) = std::sqrt(xt::sum(xt::square(diff))());
        }
    return d;
}

matrix manhattan_by_definition(const matrix& a, const matrix& b) {
    matrix d = xt::empty<double>({a.shape()[0], b.shape()[0]});
    for (std::size_t i = 0; i < a.shape()[0]; ++i)
        for (std::size_t j = 0; j < b.shape()[0]; ++j) d(i, j) = xt::sum(xt::abs(xt::row(a, i) - xt::row(b, j)))();
    return d;
}

matrix cosine_by_definition(const matrix& a, const matrix& b) {
    matrix d = xt::empty<double>({a.shape()[0], b.shape()[0]});
    for (std::size_t i = 0; i < a.shape()[0]; ++i)
        for (std::size_t j = 0; j < b.shape()[0]; ++j) {
            const double norms = std::sqrt(xt::sum(xt::square(xt::row(a, i)))() * xt::sum(xt::square(xt::row(b, j)))());
            d(i, j) = 1.0 - xt::sum(xt::row(a, i) * xt::row(b, j))() / norms;
        }
    return d;
}

matrix transposed(const matrix& x) {
    return xt::transpose(x);
}

}  // namespace oracles
