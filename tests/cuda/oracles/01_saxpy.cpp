// SPDX-License-Identifier: MIT
#include "01_saxpy.hpp"

namespace oracles {

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

}  // namespace oracles
