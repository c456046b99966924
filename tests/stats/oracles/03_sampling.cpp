// SPDX-License-Identifier: MIT
// Oracles of tests/stats/03_sampling.cpp: the C library and xtensor, no llmlings code.
#include "03_sampling.hpp"

#include <algorithm>
#include <cmath>

#include <xtensor/xbuilder.hpp>

namespace oracles {

double phi(double x) {
    return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

double phi_minus_3_half(double x) {
    return phi((x + 3.0) / 0.5);
}

double chi2_2_cdf(double x) {
    return -std::expm1(-x / 2);
}

double exponential_rate_2_cdf(double x) {
    return -std::expm1(-2.0 * x);
}

double ks_statistic(const vector& sample, double (*cdf)(double)) {
    std::vector<double> sorted(sample.begin(), sample.end());
    std::sort(sorted.begin(), sorted.end());
    const double n = static_cast<double>(sorted.size());
    double d = 0.0;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        const double f = cdf(sorted[i]);
        d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
    }
    return d;
}

double ks_critical(std::size_t n) {
    return 1.95 / std::sqrt(static_cast<double>(n));
}

double chi_square_statistic(const std::vector<double>& observed, const std::vector<double>& expected) {
    double x2 = 0.0;
    for (std::size_t k = 0; k < observed.size(); ++k)
        x2 += (observed[k] - expected[k]) * (observed[k] - expected[k]) / expected[k];
    return x2;
}

double smallest(const vector& x) {
    return *std::min_element(x.begin(), x.end());
}

double largest(const vector& x) {
    return *std::max_element(x.begin(), x.end());
}

vector zeros(std::size_t n) {
    return xt::zeros<double>({n});
}

vector multiples_of_one_and_a_half(std::size_t n) {
    return xt::arange<double>(0.0, static_cast<double>(n)) * 1.5;
}

std::vector<double> sorted_copy(const vector& x) {
    std::vector<double> sorted(x.begin(), x.end());
    std::sort(sorted.begin(), sorted.end());
    return sorted;
}

}  // namespace oracles
