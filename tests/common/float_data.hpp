// SPDX-License-Identifier: MIT
// Seeded float data and a float comparison for the cuda topics' oracles, in a header without
// xtensor: the cuda tests are also compiled by nvcc. Defined in float_data.cpp, compiled once
// into the test main library.
#ifndef LLMLINGS_TESTS_COMMON_FLOAT_DATA_HPP
#define LLMLINGS_TESTS_COMMON_FLOAT_DATA_HPP

#include <cstddef>
#include <cstdint>
#include <vector>

namespace oracles {

/// n floats uniform in [lo, hi) from llmlings::rng(seed).
std::vector<float> uniform_floats(std::size_t n, std::uint64_t seed, float lo = -1.0f, float hi = 1.0f);
/// The index of the first element where got and want differ by more than rel·max(1, |want|)
/// (NaN differs from everything), or got.size() when none does; 0 when the sizes differ.
std::size_t first_mismatch(const std::vector<float>& got, const std::vector<float>& want, double rel);
/// The first index where |got − want| > abs + rel·|want| (NaN is never within), or got.size() when
/// none is; 0 when the sizes differ.
std::size_t first_off(const std::vector<float>& got, const std::vector<double>& want, double abs, double rel);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_COMMON_FLOAT_DATA_HPP
