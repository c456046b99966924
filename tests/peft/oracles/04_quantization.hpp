// SPDX-License-Identifier: MIT
// The oracles of tests/peft/04_quantization.cpp, compiled once in oracles/04_quantization.cpp
// (never with the learner's file): seeded weight-like matrices (N(0,1) rows at different scales,
// outliers, one-sided values), and the product of two matrices in double by BLAS. The seeded
// random data and the comparisons are those of common/oracles.hpp.
#ifndef LLMLINGS_TESTS_PEFT_ORACLES_04_QUANTIZATION_HPP
#define LLMLINGS_TESTS_PEFT_ORACLES_04_QUANTIZATION_HPP

#include "common/oracles.hpp"

namespace oracles {

/// N(0,1) rows, row r scaled by 10^(r mod 4 − 2): channels of very different ranges, as the output
/// channels of a trained layer have (xt::random, seed `seed`).
matrix channels_of_different_scales(unsigned seed, std::size_t rows, std::size_t cols);

/// N(0, 0.02²) values with every 97th one set to 5: the outliers that LLM.int8 and blockwise
/// quantisation are about.
matrix with_outliers(unsigned seed, std::size_t rows, std::size_t cols);

/// U(0, 1) values: one-sided, as activations after a ReLU.
matrix one_sided(unsigned seed, std::size_t rows, std::size_t cols);

/// a · bᵀ in double (BLAS).
matrix product_transposed(const matrix& a, const matrix& b);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_PEFT_ORACLES_04_QUANTIZATION_HPP
