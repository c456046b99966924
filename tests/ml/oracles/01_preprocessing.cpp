// SPDX-License-Identifier: MIT
// Oracles of tests/ml/01_preprocessing.cpp: xtensor only, no llmlings code under test.
#include "01_preprocessing.hpp"

#include <algorithm>
#include <vector>

#include <xtensor/xrandom.hpp>
#include <xtensor/xview.hpp>

namespace oracles {

matrix features(std::size_t n) {
    matrix x = xt::random::randn<double>({n, std::size_t{3}});
    for (std::size_t i = 0; i < n; ++i) {
        x(i, 0) = 1000.0 + 250.0 * x(i, 0);  // square metres
        x(i, 1) = 0.01 * x(i, 1);            // a small ratio
        x(i, 2) = -7.0 + 3.0 * x(i, 2);
    }
    return x;
}

index_vector imbalanced_labels(std::size_t n) {
    // imbalanced classes: label 0 about 60 %, 1 about 30 %, 2 about 10 %
    const vector u = xt::random::rand<double>({n});
    index_vector labels = xt::zeros<std::size_t>({n});
    for (std::size_t i = 0; i < n; ++i) labels(i) = u(i) < 0.6 ? 0 : (u(i) < 0.9 ? 1 : 2);
    return labels;
}

index_vector random_codes(unsigned seed, std::size_t n, std::size_t k) {
    xt::random::seed(seed);
    return xt::random::randint<std::size_t>({n}, 0, k);
}

index_vector labels_50_30_20() {
    index_vector labels = xt::zeros<std::size_t>({100});
    for (std::size_t i = 0; i < 100; ++i) labels(i) = i % 10 < 5 ? 0 : (i % 10 < 8 ? 1 : 2);  // 50, 30, 20
    return labels;
}

index_vector two_blocks(std::size_t zeros, std::size_t ones) {
    index_vector labels = xt::zeros<std::size_t>({zeros + ones});
    for (std::size_t i = zeros; i < zeros + ones; ++i) labels(i) = 1;
    return labels;
}

bool disjoint_and_covering(const index_vector& train, const index_vector& test, std::size_t n) {
    std::vector<std::size_t> all(train.begin(), train.end());
    all.insert(all.end(), test.begin(), test.end());
    std::sort(all.begin(), all.end());
    if (all.size() != n) return false;
    for (std::size_t i = 0; i < n; ++i)
        if (all[i] != i) return false;
    return true;
}

std::size_t count_label(const index_vector& labels, const index_vector& rows, std::size_t c) {
    std::size_t count = 0;
    for (std::size_t r = 0; r < rows.size(); ++r) count += (labels(rows(r)) == c);
    return count;
}

std::size_t count_label(const index_vector& labels, std::size_t c) {
    return static_cast<std::size_t>(std::count(labels.begin(), labels.end(), c));
}

bool identical(const index_vector& a, const index_vector& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

bool sorted_by_class(const index_vector& labels, const index_vector& rows) {
    for (std::size_t r = 1; r < rows.size(); ++r)
        if (labels(rows(r - 1)) > labels(rows(r))) return false;
    return true;
}

vector column_stddevs(const matrix& x) {
    return xt::stddev(x, {0});
}

matrix standardised_with(const matrix& train, const matrix& test) {
    const vector mu = xt::mean(train, {0});
    const vector sigma = xt::stddev(train, {0});
    return (test - mu) / sigma;
}

}  // namespace oracles
