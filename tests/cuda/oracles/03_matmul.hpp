// SPDX-License-Identifier: MIT
// The oracles of tests/cuda/03_matmul.cpp, compiled once in oracles/03_matmul.cpp (by the host
// compiler, also when the test itself is compiled by nvcc): the CPU reference — linalg/02's
// matmul in double on the same float inputs — and the error bound a float product must meet;
// seeded inputs from common/float_data.hpp.
#ifndef LLMLINGS_TESTS_CUDA_ORACLES_03_MATMUL_HPP
#define LLMLINGS_TESTS_CUDA_ORACLES_03_MATMUL_HPP

#include <cstddef>
#include <vector>

#include "common/float_data.hpp"

namespace oracles {

/// α·A·B + β·C for row-major float A (M × K), B (K × N), C (M × N), in double through
/// llmlings::linalg::matmul (linalg/02's reference); C is not read when β = 0.
std::vector<double> sgemm_reference(int M, int N, int K, float alpha, const std::vector<float>& A,
                                    const std::vector<float>& B, float beta, const std::vector<float>& C);
/// Per element, the bound on a float SGEMM's error: (K + 2)·2⁻²⁴·(|α|·(|A|·|B|)ᵢⱼ + |β·Cᵢⱼ|)
/// (Higham §3.5: each term of a dot product of length K passes through at most K roundings).
std::vector<double> sgemm_error_bound(int M, int N, int K, float alpha, const std::vector<float>& A,
                                      const std::vector<float>& B, float beta, const std::vector<float>& C);
/// The first index where |got − want| exceeds bound, or got.size() when none does.
std::size_t first_beyond(const std::vector<float>& got, const std::vector<double>& want,
                         const std::vector<double>& bound);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_CUDA_ORACLES_03_MATMUL_HPP
