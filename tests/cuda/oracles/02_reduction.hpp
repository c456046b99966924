// SPDX-License-Identifier: MIT
// The oracles of tests/cuda/02_reduction.cpp, compiled once in oracles/02_reduction.cpp (by the
// host compiler, also when the test itself is compiled by nvcc): sums in double (exact to far
// below a float's rounding for these sizes), the running float sum a plain loop computes, and the
// error bound of a summation tree; seeded inputs from common/float_data.hpp.
#ifndef LLMLINGS_TESTS_CUDA_ORACLES_02_REDUCTION_HPP
#define LLMLINGS_TESTS_CUDA_ORACLES_02_REDUCTION_HPP

#include <cstddef>
#include <vector>

#include "common/float_data.hpp"

namespace oracles {

/// Σ x[i] in double, and Σ |x[i]|.
double sum_in_double(const std::vector<float>& x);
double abs_sum_in_double(const std::vector<float>& x);
/// Σ x[i] added left to right in float: what `for (float v : x) s += v;` gives.
float running_float_sum(const std::vector<float>& x);
/// The bound k·2⁻²⁴·Σ|xᵢ| on the error of a float sum in which every element passes through at
/// most k additions (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §4.2), with
/// k = ⌈n / (blocks·block)⌉ + log₂(block) for block_sum_kernel's grid-stride, tree and warp steps
/// in the first launch, and ⌈blocks / block⌉ + log₂(block) in the second, over the blocks' sums.
double tree_sum_bound(std::size_t n, unsigned blocks, unsigned block, double abs_sum);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_CUDA_ORACLES_02_REDUCTION_HPP
