// SPDX-License-Identifier: MIT
// Oracles of tests/stats/01_descriptive.cpp: xtensor and BLAS (xtensor-blas), no llmlings code.
#include "01_descriptive.hpp"

#include <algorithm>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xrandom.hpp>
#include <xtensor/xview.hpp>

namespace oracles {

vector normal_sample(unsigned seed, std::size_t n, double mean, double sd) {
    xt::random::seed(seed);
    return mean + sd * xt::random::randn<double>({n});
}

matrix normal_matrix(unsigned seed, std::size_t n, std::size_t d, double mean, double sd) {
    xt::random::seed(seed);
    return mean + sd * xt::random::randn<double>({n, d});
}

offset_sample offset_uniforms(unsigned seed, std::size_t n) {
    xt::random::seed(seed);
    const vector small = 10.0 * xt::random::rand<double>({n});
    offset_sample out;
    out.shifted = small + 1e9;
    out.recovered = out.shifted - 1e9;
    return out;
}

std::vector<double> sorted_copy(const vector& x) {
    std::vector<double> sorted(x.begin(), x.end());
    std::sort(sorted.begin(), sorted.end());
    return sorted;
}

vector prefix(const vector& x, std::size_t k) {
    return xt::view(x, xt::range(0, k));
}

vector column(const matrix& data, std::size_t j) {
    return xt::view(data, xt::all(), j);
}

matrix covariance_by_definition(const matrix& data) {
    const std::size_t n = data.shape()[0];
    const xt::xtensor<double, 1> means = xt::mean(data, {0});
    const matrix centred = data - means;
    return xt::linalg::dot(xt::transpose(centred), centred) / static_cast<double>(n - 1);
}

std::vector<correlation_trial> correlation_trials(unsigned seed, int count) {
    xt::random::seed(seed);
    std::vector<correlation_trial> trials;
    for (int trial = 0; trial < count; ++trial) {
        correlation_trial t;
        t.x = xt::random::randn<double>({30});
        const vector noise = xt::random::randn<double>({30});
        t.y = 0.5 * t.x + noise;
        t.x_scaled = 3.0 * t.x - 7.0;
        t.y_scaled = 0.25 * t.y + 100.0;
        t.minus_y = -t.y;
        trials.push_back(t);
    }
    return trials;
}

}  // namespace oracles
