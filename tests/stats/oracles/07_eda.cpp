// SPDX-License-Identifier: MIT
// Oracles of tests/stats/07_eda.cpp: the data loaders and xtensor, no code of stats/07.
#include "07_eda.hpp"

#include <llmlings/data.hpp>

#include <xtensor/xrandom.hpp>
#include <xtensor/xview.hpp>

namespace oracles {

measurements penguin_measurements() {
    const auto penguins = llmlings::data::load_penguins();
    return {penguins.X, penguins.feature_names};
}

measurements iris_measurements() {
    const auto iris = llmlings::data::load_iris();
    return {iris.X, iris.feature_names};
}

std::vector<vector> normal_samples(unsigned seed, int count, std::size_t n) {
    xt::random::seed(seed);
    std::vector<vector> samples;
    for (int k = 0; k < count; ++k) samples.push_back(xt::random::randn<double>({n}));
    return samples;
}

vector tenths() {
    vector out = xt::empty<double>({11});
    for (std::size_t i = 0; i <= 10; ++i) out(i) = static_cast<double>(i) / 10.0;
    return out;
}

vector concatenated(const vector& a, const vector& b) {
    return xt::concatenate(xt::xtuple(a, b));
}

vector column(const matrix& m, std::size_t j) {
    return xt::view(m, xt::all(), j);
}

std::size_t total(const index_vector& counts) {
    std::size_t sum = 0;
    for (std::size_t c : counts) sum += c;
    return sum;
}

std::size_t count_true(const xt::xtensor<bool, 1>& mask) {
    std::size_t count = 0;
    for (bool b : mask) count += b ? 1 : 0;
    return count;
}

}  // namespace oracles
