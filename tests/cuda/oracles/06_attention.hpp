// SPDX-License-Identifier: MIT
// The oracles of tests/cuda/06_attention.cpp, compiled once in oracles/06_attention.cpp (by the
// host compiler, also when the test itself is compiled by nvcc): the CPU reference —
// transformer/01's attention_forward in double on the same float inputs; seeded inputs from
// common/float_data.hpp.
#ifndef LLMLINGS_TESTS_CUDA_ORACLES_06_ATTENTION_HPP
#define LLMLINGS_TESTS_CUDA_ORACLES_06_ATTENTION_HPP

#include <cstddef>
#include <vector>

#include "common/float_data.hpp"

namespace oracles {

/// transformer::attention_forward for q (N, T_q, d), k and v (N, T_k, d), causal or not (bottom-right
/// aligned), in double.
std::vector<double> attention_reference(int N, int Tq, int Tk, int d, bool causal, const std::vector<float>& q,
                                        const std::vector<float>& k, const std::vector<float>& v);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_CUDA_ORACLES_06_ATTENTION_HPP
