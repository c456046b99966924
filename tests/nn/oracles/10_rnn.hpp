// SPDX-License-Identifier: MIT
// The oracles of tests/nn/10_rnn.cpp, compiled once in oracles/10_rnn.cpp (never with the learner's
// file): the tanh accuracy sweep. The torch RNNCell golden file (load_recurrent_golden), seeded
// random data, the test loss, the gradient checks, slices of (B,T,F) tensors and the element-wise
// helpers are those of common/oracles.hpp. Each returns plain containers, so the test file
// instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_NN_ORACLES_10_RNN_HPP
#define LLMLINGS_TESTS_NN_ORACLES_10_RNN_HPP

#include <functional>

#include "common/oracles.hpp"

namespace oracles {

/// The largest relative error of the vectorised tanh `f` against std::tanh over ±20 (steps of
/// 0.01, scaled by 1, 1e-3 and 1e-9), in units of epsilon of T; the exact value is std::tanh in
/// double at the T argument.
double worst_tanh_error_float(const std::function<float(float)>& f);
double worst_tanh_error_double(const std::function<double(double)>& f);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NN_ORACLES_10_RNN_HPP
