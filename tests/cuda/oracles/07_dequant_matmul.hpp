// SPDX-License-Identifier: MIT
// The oracles of tests/cuda/07_dequant_matmul.cpp, compiled once in oracles/07_dequant_matmul.cpp
// (by the host compiler, also when the test itself is compiled by nvcc): weights quantised by
// peft/04 (absmax int8) and peft/05 (NF4, double-quantised), in the arrays the kernels take, and
// the CPU path — peft's dequantize, then the product in double; seeded inputs from
// common/float_data.hpp.
#ifndef LLMLINGS_TESTS_CUDA_ORACLES_07_DEQUANT_MATMUL_HPP
#define LLMLINGS_TESTS_CUDA_ORACLES_07_DEQUANT_MATMUL_HPP

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/float_data.hpp"

namespace oracles {

/// A weight matrix W (out × in) quantised by peft, with what peft's dequantize gives back.
struct int8_weights {
    std::vector<std::int8_t> codes;  ///< out·in codes
    std::vector<float> scales;       ///< one per group
    int group = 0;                   ///< values per group (in: per channel; block: per block)
    std::vector<float> dequantized;  ///< peft::dequantize(W), out·in
};
struct nf4_weights {
    std::vector<std::uint8_t> packed;  ///< out·in / 2 bytes
    std::vector<float> scales;         ///< one per block: peft::nf4_block_scale
    std::vector<float> levels;         ///< peft::nf4_levels as floats
    int block = 0;                     ///< values per block
    std::vector<float> dequantized;    ///< peft::dequantize(W), out·in
};

/// peft::quantize_absmax<float> of the out × in matrix w, per channel (block 0) or per block.
int8_weights int8_of(int out, int in, const std::vector<float>& w, int block);
/// peft::quantize_nf4<float> of the out × in matrix w, double-quantised, blocks of `block`.
nf4_weights nf4_of(int out, int in, const std::vector<float>& w, int block);
/// x·Wᵀ (batch × out) in double, and its error bound for a float dot product of length in:
/// (in + 2)·2⁻²⁴·(|x|·|W|ᵀ).
std::vector<double> linear_reference(int batch, int in, int out, const std::vector<float>& x,
                                     const std::vector<float>& w);
std::vector<double> linear_bound(int batch, int in, int out, const std::vector<float>& x, const std::vector<float>& w);
/// The first index where |got − want| > bound, or got.size() when none is.
std::size_t first_outside(const std::vector<float>& got, const std::vector<double>& want,
                          const std::vector<double>& bound);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_CUDA_ORACLES_07_DEQUANT_MATMUL_HPP
