// SPDX-License-Identifier: MIT
// Oracles of tests/stats/06_hypothesis_tests.cpp: the golden file, the C library and xtensor, no
// llmlings algorithm code.
#include "06_hypothesis_tests.hpp"

#include <algorithm>
#include <cmath>

#include <llmlings/testing.hpp>

#include <xtensor/xreducer.hpp>

namespace oracles {

namespace {

const llmlings::testing::golden_file& golden() {
    static const llmlings::testing::golden_file g =
        llmlings::testing::golden_file::load(llmlings::testing::golden_path("stats/06_hypothesis_tests.txt"));
    return g;
}

}  // namespace

vector golden_vector(const std::string& name) {
    const xt::xarray<double>& a = golden().array(name);
    vector out = xt::empty<double>({a.size()});
    std::copy(a.begin(), a.end(), out.begin());
    return out;
}

matrix golden_matrix(const std::string& name) {
    return golden().array(name);
}

double upper_normal(double z) {
    return 0.5 * std::erfc(z / std::sqrt(2.0));
}

vector column_totals(const matrix& m) {
    return xt::sum(m, {0});
}

vector row_totals(const matrix& m) {
    return xt::sum(m, {1});
}

vector plus(const vector& x, double c) {
    return x + c;
}

vector minus(const vector& a, const vector& b) {
    return a - b;
}

}  // namespace oracles
