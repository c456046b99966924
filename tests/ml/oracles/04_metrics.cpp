// SPDX-License-Identifier: MIT
// Oracles of tests/ml/04_metrics.cpp: xtensor and loops, no llmlings code under test.
#include "04_metrics.hpp"

#include <xtensor/xrandom.hpp>

namespace oracles {

vector tied_scores(const index_vector& y) {
    return xt::round(10.0 * xt::random::rand<double>({y.size()})) / 10.0 + 0.3 * xt::cast<double>(y);
}

vector squashed(const vector& s) {
    return xt::exp(s) / (1.0 + xt::exp(s));
}

double trace(const matrix& c) {
    double sum = 0.0;
    for (std::size_t i = 0; i < c.shape()[0]; ++i) sum += c(i, i);
    return sum;
}

double total(const matrix& c) {
    double sum = 0.0;
    for (std::size_t i = 0; i < c.shape()[0]; ++i)
        for (std::size_t j = 0; j < c.shape()[1]; ++j) sum += c(i, j);
    return sum;
}

index_vector every_nth(std::size_t n, std::size_t step) {
    index_vector y = xt::zeros<std::size_t>({n});
    for (std::size_t i = 0; i < n; i += step) y(i) = 1;
    return y;
}

double pair_count_auc(const index_vector& y, const vector& s) {
    double favourable = 0.0, pairs = 0.0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (y(i) != 1) continue;
        for (std::size_t j = 0; j < y.size(); ++j) {
            if (y(j) != 0) continue;
            pairs += 1.0;
            favourable += s(i) > s(j) ? 1.0 : (s(i) == s(j) ? 0.5 : 0.0);
        }
    }
    return favourable / pairs;
}

}  // namespace oracles
