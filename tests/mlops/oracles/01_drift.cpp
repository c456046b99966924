// SPDX-License-Identifier: MIT
// Oracles of tests/mlops/01_drift.cpp: the golden file, stats/03's sampler and plain loops, no
// code of mlops/01.
#include "01_drift.hpp"

#include <algorithm>

#include <llmlings/stats/03_sampling.hpp>
#include <llmlings/testing.hpp>

namespace oracles {

namespace {

const llmlings::testing::golden_file& golden() {
    static const llmlings::testing::golden_file g =
        llmlings::testing::golden_file::load(llmlings::testing::golden_path("mlops/01_drift.txt"));
    return g;
}

}  // namespace

vector golden_vector(const std::string& name) {
    const xt::xarray<double>& a = golden().array(name);
    vector out = xt::empty<double>({a.size()});
    std::copy(a.begin(), a.end(), out.begin());
    return out;
}

double golden_value(const std::string& name, std::size_t i) {
    const xt::xarray<double>& a = golden().array(name);
    if (i >= a.size())
        throw llmlings::shape_error("golden_value", llmlings::detail::concat("array '", name, "' has ", a.size(),
                                                                             " values, asked for index ", i));
    return a.data()[i];
}

std::vector<std::size_t> golden_counts(const std::string& name) {
    const xt::xarray<double>& a = golden().array(name);
    std::vector<std::size_t> out;
    for (const double v : a) out.push_back(static_cast<std::size_t>(v));
    return out;
}

std::vector<std::size_t> counts_of(const index_vector& counts) {
    return std::vector<std::size_t>(counts.begin(), counts.end());
}

vector normal_sample(std::size_t n, std::uint64_t seed, double mean, double sd) {
    llmlings::rng gen(seed);
    return llmlings::stats::sample_normal(n, gen, mean, sd);
}

vector to_vector(const std::vector<double>& values) {
    vector out = xt::empty<double>({values.size()});
    std::copy(values.begin(), values.end(), out.begin());
    return out;
}

vector arange(std::size_t n) {
    vector out = xt::empty<double>({n});
    for (std::size_t i = 0; i < n; ++i) out(i) = static_cast<double>(i);
    return out;
}

vector reversed(const vector& x) {
    vector out = x;
    std::reverse(out.begin(), out.end());
    return out;
}

vector with_value(const vector& x, std::size_t i, double value) {
    vector out = x;
    out(i) = value;
    return out;
}

}  // namespace oracles
