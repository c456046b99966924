// SPDX-License-Identifier: MIT
#include "01_saxpy.hpp"

#include <cmath>

#include <llmlings/core/random.hpp>

namespace oracles {

std::vector<float> uniform_floats(std::size_t n, std::uint64_t seed, float lo, float hi) {
    llmlings::rng gen(seed);
    std::vector<float> v(n);
    for (float& x : v) x = static_cast<float>(lo + (hi - lo) * llmlings::uniform01(gen));
    return v;
}

std::vector<float> added(const std::vector<float>& a, const std::vector<float>& b) {
    std::vector<float> c(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) c[i] = a[i] + b[i];
    return c;
}

std::vector<float> saxpy_reference(float alpha, const std::vector<float>& x, const std::vector<float>& y) {
    std::vector<float> out(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        out[i] = static_cast<float>(static_cast<double>(alpha) * x[i] + static_cast<double>(y[i]));
    return out;
}

std::size_t first_mismatch(const std::vector<float>& got, const std::vector<float>& want, double rel) {
    if (got.size() != want.size()) return 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
        const double g = got[i], w = want[i];
        if (!(std::fabs(g - w) <= rel * std::fmax(1.0, std::fabs(w)))) return i;
    }
    return got.size();
}

}  // namespace oracles
