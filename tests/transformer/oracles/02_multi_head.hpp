// SPDX-License-Identifier: MIT
// The oracles of tests/transformer/02_multi_head.cpp, compiled once in oracles/02_multi_head.cpp
// (never with the learner's file): torch.nn.MultiheadAttention's forward and backward for a
// causal and padded batch and an unmasked one, from tests/golden/transformer/02_multi_head.txt
// (tools/golden/transformer_multi_head.py). The seeded random data, gradient checks and tensor
// helpers are those of common/oracles.hpp. Each returns plain containers.
#ifndef LLMLINGS_TESTS_TRANSFORMER_ORACLES_02_MULTI_HEAD_HPP
#define LLMLINGS_TESTS_TRANSFORMER_ORACLES_02_MULTI_HEAD_HPP

#include <cstddef>
#include <string>

#include "common/oracles.hpp"

namespace oracles {

/// One case of the golden file: the input x (B,T,C), the upstream gradient g of sum(y * g), the
/// mask (lengths per sequence, causal or not), H, the four tensors under the C++ store's names
/// and their gradients, and PyTorch's y, per-head weights (B·H, T, T) and dx.
struct multi_head_golden_case {
    tensor3 x, g, y, weights, dx;
    index_vector lengths;
    bool causal = false;
    std::size_t heads = 0;
    matrix qkv_weight, proj_weight, grad_qkv_weight, grad_proj_weight;
    vector qkv_bias, proj_bias, grad_qkv_bias, grad_proj_bias;
};

/// The case "masked" (B=2, T=4, C=6, H=2, causal, lengths 4 and 2) or "plain" (B=2, T=3, C=6,
/// H=3, no mask); loaded once.
const multi_head_golden_case& multi_head_golden(const std::string& name);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_TRANSFORMER_ORACLES_02_MULTI_HEAD_HPP
