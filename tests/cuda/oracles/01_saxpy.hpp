// SPDX-License-Identifier: MIT
// The oracles of tests/cuda/01_saxpy.cpp, compiled once in oracles/01_saxpy.cpp (by the host
// compiler, also when the test itself is compiled by nvcc): the CPU results the kernels must give;
// seeded inputs from common/float_data.hpp.
#ifndef LLMLINGS_TESTS_CUDA_ORACLES_01_SAXPY_HPP
#define LLMLINGS_TESTS_CUDA_ORACLES_01_SAXPY_HPP

#include <vector>

#include "common/float_data.hpp"

namespace oracles {

/// a[i] + b[i], in float (one rounding, as the kernel's).
std::vector<float> added(const std::vector<float>& a, const std::vector<float>& b);
/// alpha·x[i] + y[i] in double, rounded to float: within one rounding of the kernel's
/// float result, with or without a fused multiply-add.
std::vector<float> saxpy_reference(float alpha, const std::vector<float>& x, const std::vector<float>& y);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_CUDA_ORACLES_01_SAXPY_HPP
