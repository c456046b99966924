// SPDX-License-Identifier: MIT
// Oracles of tests/ml/02_linear_regression.cpp: xtensor and LAPACK (xtensor-blas), no llmlings code.
#include "02_linear_regression.hpp"

#include <tuple>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xrandom.hpp>
#include <xtensor/xview.hpp>

namespace oracles {

matrix random_features(unsigned seed, std::size_t n, std::size_t d) {
    xt::random::seed(seed);
    return xt::random::randn<double>({n, d});
}

vector linear_targets(const matrix& x, const vector& w, double b) {
    return xt::linalg::dot(x, w) + b;
}

vector noisy_linear_targets(const matrix& x, const vector& w, double b, double sigma) {
    return xt::linalg::dot(x, w) + b + sigma * xt::random::randn<double>({x.shape()[0]});
}

matrix with_scaled_copy(const matrix& x, std::size_t from, std::size_t to, double factor) {
    matrix out = x;
    xt::view(out, xt::all(), to) = factor * xt::view(x, xt::all(), from);
    return out;
}

line_fit lstsq(const matrix& x, const vector& y) {
    matrix a = xt::ones<double>({x.shape()[0], x.shape()[1] + 1});
    xt::view(a, xt::all(), xt::range(1, x.shape()[1] + 1)) = x;
    const vector theta = std::get<0>(xt::linalg::lstsq(a, y));
    return {xt::view(theta, xt::range(1, theta.size())), theta(0)};
}

line_fit centred_ridge(const matrix& x, const vector& y, double lambda) {
    const vector x_mean = xt::mean(x, {0});
    const matrix xc = x - xt::view(x_mean, xt::newaxis(), xt::all());
    const double y_mean = xt::mean(y)();
    const vector yc = y - y_mean;
    const matrix lhs = xt::linalg::dot(xt::transpose(xc), xc) + lambda * xt::eye<double>(x.shape()[1]);
    const vector rhs = xt::linalg::dot(xt::transpose(xc), yc);
    const vector w = xt::linalg::solve(lhs, rhs);
    return {w, y_mean - xt::linalg::dot(x_mean, w)()};
}

double squared_norm(const vector& v) {
    return xt::sum(v * v)();
}

vector plus(const vector& v, double c) {
    return v + c;
}

std::vector<overfit_trial> overfit_trials(unsigned seed, int count) {
    xt::random::seed(seed);
    std::vector<overfit_trial> trials;
    for (int trial = 0; trial < count; ++trial) {
        const vector w = 0.3 * xt::random::randn<double>({12});
        overfit_trial t;
        t.x_train = xt::random::randn<double>({15, 12});
        t.x_test = xt::random::randn<double>({200, 12});
        t.y_train = xt::linalg::dot(t.x_train, w) + xt::random::randn<double>({15});
        t.y_test = xt::linalg::dot(t.x_test, w) + xt::random::randn<double>({200});
        trials.push_back(t);
    }
    return trials;
}

}  // namespace oracles
