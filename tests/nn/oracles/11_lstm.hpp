// SPDX-License-Identifier: MIT
// The oracles of tests/nn/11_lstm.cpp, compiled once in oracles/11_lstm.cpp (never with the
// learner's file): the torch LSTMCell golden file and the sigmoid accuracy sweep (ml/03's sigmoid).
// The seeded random data, the test loss, the gradient checks, slices of (B,T,F) tensors and the
// element-wise helpers are those of common/oracles.hpp. Each returns plain containers, so the test
// file instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_NN_ORACLES_11_LSTM_HPP
#define LLMLINGS_TESTS_NN_ORACLES_11_LSTM_HPP

#include <functional>

#include "common/oracles.hpp"

namespace oracles {

/// The largest relative error of the vectorised sigmoid `f` against ml/03's sigmoid over z in
/// [−40, 40] by steps of 0.01, in units of epsilon of T (the float reference is ml/03's sigmoid at
/// the float argument, rounded to float).
double worst_sigmoid_error_float(const std::function<float(float)>& f);
double worst_sigmoid_error_double(const std::function<double(double)>& f);

/// tests/golden/nn/11_lstm.txt (tools/golden/nn_recurrent.py, torch.nn.LSTMCell in float64): what
/// every recurrent golden file holds (common/oracles.hpp's recurrent_golden: the cell's weights and
/// biases, x, h0, the states h, dy, dx, dh0 and the parameter gradients), and the cell state: c0
/// (B,H), the states c (B,T,H) and dc0.
struct lstm_golden : recurrent_golden {
    tensor3 c;
    matrix c0, dc0;
};
lstm_golden load_lstm_golden();

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NN_ORACLES_11_LSTM_HPP
