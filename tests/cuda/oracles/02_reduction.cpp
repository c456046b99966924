// SPDX-License-Identifier: MIT
#include "02_reduction.hpp"

#include <cmath>

namespace oracles {

double sum_in_double(const std::vector<float>& x) {
    double s = 0.0;
    for (float v : x) s += v;
    return s;
}

double abs_sum_in_double(const std::vector<float>& x) {
    double s = 0.0;
    for (float v : x) s += std::fabs(v);
    return s;
}

float running_float_sum(const std::vector<float>& x) {
    float s = 0.0f;
    for (float v : x) s += v;
    return s;
}

double tree_sum_bound(std::size_t n, unsigned blocks, unsigned block, double abs_sum) {
    const double threads = static_cast<double>(blocks) * block;
    const double k = std::ceil(static_cast<double>(n) / threads) + std::ceil(static_cast<double>(blocks) / block) +
                     2.0 * std::log2(static_cast<double>(block));
    return k * std::ldexp(1.0, -24) * abs_sum;
}

}  // namespace oracles
