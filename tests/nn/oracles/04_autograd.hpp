// SPDX-License-Identifier: MIT
// The oracles of tests/nn/04_autograd.cpp, compiled once in oracles/04_autograd.cpp (never with
// the learner's file): the central-difference gradient check on plain numbers.
#ifndef LLMLINGS_TESTS_NN_ORACLES_04_AUTOGRAD_HPP
#define LLMLINGS_TESTS_NN_ORACLES_04_AUTOGRAD_HPP

#include <functional>
#include <vector>

#include <llmlings/testing/gradcheck.hpp>

namespace oracles {

using llmlings::testing::gradient_report;

/// Central differences (h = 1e-6) of the scalar f at the point x against `analytic` (one entry per
/// coordinate of x).
gradient_report check_gradient(const std::function<double(const std::vector<double>&)>& f, const std::vector<double>& x,
                               const std::vector<double>& analytic);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NN_ORACLES_04_AUTOGRAD_HPP
