// SPDX-License-Identifier: MIT
// Oracles of tests/ml/06_kmeans.cpp: xtensor only, no llmlings code under test.
#include "06_kmeans.hpp"

#include <algorithm>
#include <set>

#include <xtensor/xrandom.hpp>
#include <xtensor/xview.hpp>

namespace oracles {

matrix random_uniform(std::size_t rows, std::size_t cols) {
    return xt::random::rand<double>({rows, cols});
}

matrix blobs(const matrix& centres, double sd, index_vector& truth) {
    matrix x = sd * xt::random::randn<double>({90, 2});
    truth = xt::zeros<std::size_t>({90});
    for (std::size_t i = 0; i < 90; ++i) {
        truth(i) = i / 30;
        x(i, 0) += centres(truth(i), 0);
        x(i, 1) += centres(truth(i), 1);
    }
    return x;
}

std::vector<double> sorted_1d(const matrix& centres) {
    std::vector<double> v(centres.begin(), centres.end());
    std::sort(v.begin(), v.end());
    return v;
}

std::size_t distinct_rows_matched(const matrix& centres, const matrix& x) {
    std::set<std::size_t> rows;
    for (std::size_t j = 0; j < centres.shape()[0]; ++j)
        for (std::size_t i = 0; i < x.shape()[0]; ++i)
            if (xt::row(centres, j) == xt::row(x, i)) rows.insert(i);
    return rows.size();
}

double summed_variance(const matrix& x) {
    const vector variance = xt::variance(x, {0});  // population variance (ddof 0)
    return xt::sum(variance)();
}

bool identical(const index_vector& a, const index_vector& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

}  // namespace oracles
