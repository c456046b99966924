// SPDX-License-Identifier: MIT
// Oracles of tests/mlops/02_histogram_quantile.cpp: the golden file (Prometheus' promtool), the C
// library and llmlings::rng, no llmlings algorithm code.
#include "02_histogram_quantile.hpp"

#include <cmath>
#include <string>

#include <llmlings/core.hpp>
#include <llmlings/testing.hpp>

namespace oracles {

namespace {

std::vector<double> flat(const llmlings::testing::golden_file& g, const std::string& name) {
    const xt::xarray<double>& a = g.array(name);
    return std::vector<double>(a.begin(), a.end());
}

}  // namespace

std::vector<promtool_case> promtool_cases() {
    const llmlings::testing::golden_file g =
        llmlings::testing::golden_file::load(llmlings::testing::golden_path("mlops/02_histogram_quantile.txt"));
    const auto n = static_cast<std::size_t>(g.array("cases")(0));
    std::vector<promtool_case> out(n);
    for (std::size_t k = 0; k < n; ++k) {
        const std::string s = std::to_string(k);
        out[k] = {flat(g, "bounds_" + s), flat(g, "counts_" + s), flat(g, "phi_" + s), flat(g, "quantile_" + s)};
    }
    return out;
}

std::vector<double> latencies(std::size_t n, double median, std::uint64_t seed) {
    llmlings::rng gen(seed);
    std::vector<double> out(n);
    const double pi = std::acos(-1.0);
    for (std::size_t i = 0; i < n; ++i) {
        // Box-Muller on two uniforms in (0, 1]
        const double u1 = 1.0 - llmlings::uniform01(gen);
        const double u2 = llmlings::uniform01(gen);
        const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * pi * u2);
        out[i] = median * std::exp(0.8 * z);
    }
    return out;
}

double count_at_most(const std::vector<double>& values, double bound) {
    double n = 0.0;
    for (double v : values) n += v <= bound ? 1.0 : 0.0;
    return n;
}

}  // namespace oracles
