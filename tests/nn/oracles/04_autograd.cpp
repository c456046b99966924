// SPDX-License-Identifier: MIT
// Oracles of tests/nn/04_autograd.cpp: the testing helpers' gradient_check, no code of nn/04.
#include "04_autograd.hpp"

#include <xtensor/xadapt.hpp>

namespace oracles {

gradient_report check_gradient(const std::function<double(const std::vector<double>&)>& f, const std::vector<double>& x,
                               const std::vector<double>& analytic) {
    const xt::xarray<double> point = xt::adapt(x, {x.size()});
    const xt::xarray<double> grad = xt::adapt(analytic, {analytic.size()});
    const auto at = [&](const xt::xarray<double>& v) { return f(std::vector<double>(v.begin(), v.end())); };
    return llmlings::testing::gradient_check(at, point, grad);
}

}  // namespace oracles
