// SPDX-License-Identifier: MIT
// The oracles of tests/nn/12_gru.cpp, compiled once in oracles/12_gru.cpp (never with the learner's
// file): the torch GRUCell golden file, read by common/oracles.hpp's load_recurrent_golden. The
// seeded random data, the test loss, the gradient checks, slices of (B,T,F) tensors and the
// element-wise helpers are those of common/oracles.hpp. Each returns plain containers, so the test
// file instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_NN_ORACLES_12_GRU_HPP
#define LLMLINGS_TESTS_NN_ORACLES_12_GRU_HPP

#include "common/oracles.hpp"

namespace oracles {

/// tests/golden/nn/12_gru.txt (tools/golden/nn_recurrent.py, torch.nn.GRUCell in float64), read by
/// common/oracles.hpp's load_recurrent_golden: the cell's weights and biases, x (B,T,I), h0 (B,H),
/// the states h (B,T,H), the upstream gradient dy, and dx, dh0 and the parameter gradients.
using gru_golden = recurrent_golden;
gru_golden load_gru_golden();

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NN_ORACLES_12_GRU_HPP
