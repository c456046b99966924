// SPDX-License-Identifier: MIT
#include "common/float_data.hpp"

#include <cmath>

#include <llmlings/core/random.hpp>

namespace oracles {

std::vector<float> uniform_floats(std::size_t n, std::uint64_t seed, float lo, float hi) {
    llmlings::rng gen(seed);
    std::vector<float> v(n);
    for (float& x : v) x = static_cast<float>(lo + (hi - lo) * llmlings::uniform01(gen));
    return v;
}

std::size_t first_mismatch(const std::vector<float>& got, const std::vector<float>& want, double rel) {
    if (got.size() != want.size()) return 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
        const double g = got[i], w = want[i];
        if (!(std::fabs(g - w) <= rel * std::fmax(1.0, std::fabs(w)))) return i;
    }
    return got.size();
}

std::size_t first_off(const std::vector<float>& got, const std::vector<double>& want, double abs, double rel) {
    if (got.size() != want.size()) return 0;
    for (std::size_t i = 0; i < got.size(); ++i)
        if (!(std::fabs(got[i] - want[i]) <= abs + rel * std::fabs(want[i]))) return i;
    return got.size();
}

}  // namespace oracles
