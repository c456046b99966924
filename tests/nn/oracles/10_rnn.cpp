// SPDX-License-Identifier: MIT
// Oracles of tests/nn/10_rnn.cpp: the tanh accuracy sweep (<cmath>), no code of the topic; the
// shared helpers are in common/oracles.cpp.
#include "10_rnn.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace oracles {

double worst_tanh_error_float(const std::function<float(float)>& f) {
    double worst = 0.0;
    for (double v = -20.0; v <= 20.0; v += 0.01)
        for (double x0 : {v, v * 1e-3, v * 1e-9}) {
            if (x0 == 0.0) continue;
            const float xf = static_cast<float>(x0);
            const double tf = std::tanh(static_cast<double>(xf));  // the exact value at the float argument
            worst = std::max(worst, std::fabs(static_cast<double>(f(xf)) - tf) / std::fabs(tf) /
                                        std::numeric_limits<float>::epsilon());
        }
    return worst;
}

double worst_tanh_error_double(const std::function<double(double)>& f) {
    double worst = 0.0;
    for (double v = -20.0; v <= 20.0; v += 0.01)
        for (double x0 : {v, v * 1e-3, v * 1e-9}) {
            if (x0 == 0.0) continue;
            worst = std::max(worst, std::fabs(f(x0) - std::tanh(x0)) / std::fabs(std::tanh(x0)) /
                                        std::numeric_limits<double>::epsilon());
        }
    return worst;
}

}  // namespace oracles
