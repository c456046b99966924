// SPDX-License-Identifier: MIT
// Oracles of tests/linalg/07_derivatives.cpp: closed forms, xtensor and BLAS (xtensor-blas), no
// llmlings code.
#include "07_derivatives.hpp"

#include <cmath>
#include <vector>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmanipulation.hpp>

namespace oracles {

double error_order(const std::function<double(double)>& estimate, double exact) {
    std::vector<double> log_h, log_err;
    // h from 1e-2 down to 1e-2 / 2^6 ≈ 1.6e-4: truncation error dominates rounding by more than
    // four orders of magnitude over this whole range for the O(1) functions used below.
    for (int k = 0; k <= 6; ++k) {
        const double h = 1e-2 / std::ldexp(1.0, k);
        log_h.push_back(std::log(h));
        log_err.push_back(std::log(std::fabs(estimate(h) - exact)));
    }
    const double n = static_cast<double>(log_h.size());
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < log_h.size(); ++i) {
        mx += log_h[i] / n;
        my += log_err[i] / n;
    }
    double sxy = 0, sxx = 0;
    for (std::size_t i = 0; i < log_h.size(); ++i) {
        sxy += (log_h[i] - mx) * (log_err[i] - my);
        sxx += (log_h[i] - mx) * (log_h[i] - mx);
    }
    return sxy / sxx;
}

vector sigmoids(const vector& x) {
    vector out = xt::empty<double>({x.size()});
    for (std::size_t i = 0; i < x.size(); ++i) out(i) = 1.0 / (1.0 + std::exp(-x(i)));
    return out;
}

matrix symmetrised(const matrix& m) {
    return m + xt::transpose(m);
}

vector affine(const matrix& a, const vector& x, const vector& b) {
    return xt::linalg::dot(a, x) + b;
}

}  // namespace oracles
