// SPDX-License-Identifier: MIT
// Oracles of tests/nn/11_lstm.cpp: the golden file and ml/03's sigmoid, no code of the topic; the
// shared helpers are in common/oracles.cpp.
#include "11_lstm.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <xtensor/xview.hpp>

#include <llmlings/ml/03_logistic_regression.hpp>
#include <llmlings/testing.hpp>

namespace oracles {

double worst_sigmoid_error_float(const std::function<float(float)>& f) {
    double worst = 0.0;  // in units of epsilon, relative
    for (double z = -40.0; z <= 40.0; z += 0.01) {
        const float zf = static_cast<float>(z);
        const double expected_f = static_cast<float>(llmlings::ml::sigmoid(static_cast<double>(zf)));
        worst = std::max(worst, std::fabs(f(zf) - expected_f) / expected_f / std::numeric_limits<float>::epsilon());
    }
    return worst;
}

double worst_sigmoid_error_double(const std::function<double(double)>& f) {
    double worst = 0.0;  // in units of epsilon, relative
    for (double z = -40.0; z <= 40.0; z += 0.01) {
        const double expected = llmlings::ml::sigmoid(z);
        worst = std::max(worst, std::fabs(f(z) - expected) / expected / std::numeric_limits<double>::epsilon());
    }
    return worst;
}

lstm_golden load_lstm_golden() {
    const char* const path = "nn/11_lstm.txt";
    lstm_golden out;
    static_cast<recurrent_golden&>(out) = load_recurrent_golden(path);
    using llmlings::testing::golden_file;
    const golden_file g = golden_file::load(llmlings::testing::golden_path(path));
    out.c0 = g.array("c0");
    out.c = g.array("c");
    out.dc0 = g.array("dc0");
    return out;
}

}  // namespace oracles
