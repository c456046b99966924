// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The random number generator llmlings uses everywhere a result must be reproducible.
 *
 * Every randomised function takes an `llmlings::rng&` (a 64-bit Mersenne Twister) so a seed fixes
 * the result. Draw raw bits or uniforms from it with the helpers below and write the
 * distributions yourself (stats/03): `std::normal_distribution` and friends are not specified
 * bit-for-bit by the standard, so their output differs between libstdc++ and libc++.
 */
#ifndef LLMLINGS_CORE_RANDOM_HPP
#define LLMLINGS_CORE_RANDOM_HPP

#include <cstdint>
#include <random>

#include <llmlings/core/errors.hpp>

namespace llmlings {

/// @ingroup core
/// @brief The generator: std::mt19937_64, whose output sequence the C++ standard fixes.
using rng = std::mt19937_64;

/**
 * @ingroup core
 * @brief A uniform double in [0, 1) with 53 random bits, identical on every platform.
 */
inline double uniform01(rng& gen) {
    return static_cast<double>(gen() >> 11) * 0x1.0p-53;
}

/**
 * @ingroup core
 * @brief A uniform integer in [0, n) without modulo bias (rejection sampling).
 *
 * @throws invalid_argument when n is 0 (the range [0, 0) is empty; the modulo would divide by 0)
 */
inline std::uint64_t uniform_index(std::uint64_t n, rng& gen) {
    if (n == 0) throw invalid_argument("uniform_index", "n must be > 0 (the range [0, n) is empty), got 0");
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t x;
    do {
        x = gen();
    } while (x >= limit);
    return x % n;
}

}  // namespace llmlings

#endif  // LLMLINGS_CORE_RANDOM_HPP
