// SPDX-License-Identifier: MIT
// The oracles of tests/transformer/01_attention.cpp, compiled once in oracles/01_attention.cpp
// (never with the learner's file): PyTorch's scaled dot-product attention, forward and backward,
// for three masks, from tests/golden/transformer/01_attention.txt
// (tools/golden/transformer_attention.py). The seeded random data, gradient checks and tensor
// helpers are those of common/oracles.hpp. Each returns plain containers.
#ifndef LLMLINGS_TESTS_TRANSFORMER_ORACLES_01_ATTENTION_HPP
#define LLMLINGS_TESTS_TRANSFORMER_ORACLES_01_ATTENTION_HPP

#include <string>

#include "common/oracles.hpp"

namespace oracles {

/// One case of the golden file: the inputs q (N,T_q,d), k (N,T_k,d), v (N,T_k,d_v), the upstream
/// gradient g (N,T_q,d_v) of the loss sum(out * g), the mask (one key length per sequence, T_k
/// where unpadded; causal or not), and PyTorch's weights, out, dq, dk and dv.
struct attention_golden_case {
    tensor3 q, k, v, g, weights, out, dq, dk, dv;
    index_vector lengths;
    bool causal = false;
};

/// The case "masked" (B=2, H=2, T=5, causal and lengths 5, 3), "cached" (T_q=2 of T_k=6, causal)
/// or "plain" (no mask); loaded once.
const attention_golden_case& attention_golden(const std::string& name);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_TRANSFORMER_ORACLES_01_ATTENTION_HPP
