// SPDX-License-Identifier: MIT
// The oracles of tests/cuda/04_softmax.cpp, compiled once in oracles/04_softmax.cpp (by the host
// compiler, also when the test itself is compiled by nvcc): the CPU reference — ml/03's softmax
// (nn::softmax) in double on the same float logits; seeded inputs from common/float_data.hpp.
#ifndef LLMLINGS_TESTS_CUDA_ORACLES_04_SOFTMAX_HPP
#define LLMLINGS_TESTS_CUDA_ORACLES_04_SOFTMAX_HPP

#include <cstddef>
#include <vector>

#include "common/float_data.hpp"

namespace oracles {

/// The row-wise softmax of the rows × cols float logits by llmlings::ml::softmax, in double.
std::vector<double> softmax_reference(int rows, int cols, const std::vector<float>& logits);
/// The first index where got and want differ by more than (cols + 8)·2⁻²⁴·want + 1e-37 (a float
/// softmax's rounding: the sum of cols terms, two exp and a division), NaN matching NaN; or
/// got.size() when none does.
std::size_t first_softmax_mismatch(const std::vector<float>& got, const std::vector<double>& want, int cols);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_CUDA_ORACLES_04_SOFTMAX_HPP
