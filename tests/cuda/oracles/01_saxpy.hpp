// SPDX-License-Identifier: MIT
// The oracles of tests/cuda/01_saxpy.cpp, compiled once in oracles/01_saxpy.cpp (by the host
// compiler, also when the test itself is compiled by nvcc): seeded inputs and the CPU results the
// kernels must give.
#ifndef LLMLINGS_TESTS_CUDA_ORACLES_01_SAXPY_HPP
#define LLMLINGS_TESTS_CUDA_ORACLES_01_SAXPY_HPP

#include <cstddef>
#include <cstdint>
#include <vector>

namespace oracles {

/// n floats uniform in [lo, hi) from llmlings::rng(seed).
std::vector<float> uniform_floats(std::size_t n, std::uint64_t seed, float lo = -1.0f, float hi = 1.0f);
/// a[i] + b[i], in float (one rounding, as the kernel's).
std::vector<float> added(const std::vector<float>& a, const std::vector<float>& b);
/// alpha·x[i] + y[i] in double, rounded to float: within one rounding of the kernel's
/// float result, with or without a fused multiply-add.
std::vector<float> saxpy_reference(float alpha, const std::vector<float>& x, const std::vector<float>& y);
/// The index of the first element where got and want differ by more than rel·max(1, |want|), or
/// got.size() when none does (and the sizes agree).
std::size_t first_mismatch(const std::vector<float>& got, const std::vector<float>& want, double rel);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_CUDA_ORACLES_01_SAXPY_HPP
