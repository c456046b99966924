// SPDX-License-Identifier: MIT
#include "04_softmax.hpp"

#include <cmath>

#include <llmlings/ml/03_logistic_regression.hpp>

namespace oracles {

std::vector<double> softmax_reference(int rows, int cols, const std::vector<float>& logits) {
    llmlings::matrix z({static_cast<std::size_t>(rows), static_cast<std::size_t>(cols)});
    for (std::size_t i = 0; i < logits.size(); ++i) z.data()[i] = logits[i];
    const llmlings::matrix p = llmlings::ml::softmax(z);
    return std::vector<double>(p.data(), p.data() + p.size());
}

std::size_t first_softmax_mismatch(const std::vector<float>& got, const std::vector<double>& want, int cols) {
    if (got.size() != want.size()) return 0;
    const double rel = (cols + 8) * std::ldexp(1.0, -24);
    for (std::size_t i = 0; i < got.size(); ++i) {
        if (std::isnan(want[i]) && std::isnan(got[i])) continue;
        if (!(std::fabs(got[i] - want[i]) <= rel * std::fabs(want[i]) + 1e-37)) return i;
    }
    return got.size();
}

}  // namespace oracles
