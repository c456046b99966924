// SPDX-License-Identifier: MIT
// The oracles of tests/peft/05_nf4.cpp, compiled once in oracles/05_nf4.cpp (never with the
// learner's file): the published NF4 table (bitsandbytes and the QLoRA paper), a uniform 4-bit
// absmax code to compare NF4 with, and seeded normal weights.
#ifndef LLMLINGS_TESTS_PEFT_ORACLES_05_NF4_HPP
#define LLMLINGS_TESTS_PEFT_ORACLES_05_NF4_HPP

#include "common/oracles.hpp"

namespace oracles {

/// The 16 NF4 levels as bitsandbytes publishes them (functional.py's and the CUDA kernels'
/// float32 constants; QLoRA, Dettmers et al. 2023, appendix E).
vector published_nf4_levels();

/// Each block of `block` values of x (row-major) rounded to the nearest of 15 evenly spaced levels
/// k·m/7, k = −7 … 7, m the block's absmax: a uniform 4-bit code (one level unused), the
/// baseline NF4 improves on.
matrix uniform_4bit_round_trip(const matrix& x, std::size_t block);

/// N(0, sd²) values (xt::random, seed `seed`).
matrix normal_weights(unsigned seed, std::size_t rows, std::size_t cols, double sd);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_PEFT_ORACLES_05_NF4_HPP
