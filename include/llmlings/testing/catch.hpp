// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Catch2 for the tests, whether the system has Catch2 2.13 (Debian 12) or 3.x (Debian 13).
 *
 * Tests include this header (through `<llmlings/testing.hpp>`), never Catch2's own headers, and
 * write the few names that differ between the two versions through `llmlings::testing`:
 *
 * | here                                  | Catch2 2.13                   | Catch2 3                                  |
 * | ------------------------------------- | ----------------------------- | ----------------------------------------- |
 * | `Approx`                              | `Approx`                      | `Catch::Approx`                           |
 * | `contains(text)`                      | `Catch::Contains`             | `Catch::Matchers::ContainsSubstring`      |
 * | `starts_with`, `ends_with`            | `Catch::StartsWith`, `EndsWith` | `Catch::Matchers::StartsWith`, `EndsWith` |
 * | `within_abs(target, margin)`          | `Catch::WithinAbs`            | `Catch::Matchers::WithinAbs`              |
 * | `LLMLINGS_SKIP(message)`              | WARNs; the caller returns     | `SKIP`: the case reports as skipped       |
 *
 * `LLMLINGS_CATCH2_MAJOR` is 2 or 3. The test main (tests/common/catch_main.cpp) is the same program on both.
 */
#ifndef LLMLINGS_TESTING_CATCH_HPP
#define LLMLINGS_TESTING_CATCH_HPP

#include <string>

#if __has_include(<catch2/catch_test_macros.hpp>)
/// @ingroup testing
/// @brief The major version of the Catch2 the tests are built with: 2 or 3.
#define LLMLINGS_CATCH2_MAJOR 3
#include <catch2/catch_approx.hpp>
#include <catch2/catch_template_test_macros.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#else
/// @ingroup testing
/// @brief The major version of the Catch2 the tests are built with: 2 or 3.
#define LLMLINGS_CATCH2_MAJOR 2
#include <catch2/catch.hpp>
#endif

/**
 * @ingroup testing
 * @brief Ends the running test case as skipped, saying why (stream syntax, as in `INFO`).
 *
 * Catch2 3 reports the case as skipped (a program whose every case skipped exits with 4, which
 * CTest shows as skipped). Catch2 2.13 has no skip: the message becomes a warning and the caller
 * must `return` right after, checking nothing. Use it only where a missing tool or data set is
 * allowed by an explicit environment variable; otherwise a missing prerequisite FAILs.
 */
#if LLMLINGS_CATCH2_MAJOR >= 3
#define LLMLINGS_SKIP(message) SKIP(message)
#else
#define LLMLINGS_SKIP(message) WARN("skipped: " << message)
#endif

namespace llmlings {
namespace testing {

namespace detail {
#if LLMLINGS_CATCH2_MAJOR >= 3
using approx = Catch::Approx;
inline auto contains_substring(const std::string& text) {
    return Catch::Matchers::ContainsSubstring(text);
}
#else
using approx = Catch::Detail::Approx;
inline auto contains_substring(const std::string& text) {
    return Catch::Matchers::Contains(text);
}
#endif
}  // namespace detail

/// @ingroup testing
/// @brief Catch2's approximate comparison: `CHECK(x == Approx(1.5).epsilon(1e-15))`.
using Approx = detail::approx;
/// @ingroup testing
/// @brief Matches a string that contains `text`: `CHECK_THROWS_WITH(f(), contains("f:"))`.
inline auto contains(const std::string& text) {
    return detail::contains_substring(text);
}
/// @ingroup testing
/// @brief Matches a string that starts with `text`.
inline auto starts_with(const std::string& text) {
    return Catch::Matchers::StartsWith(text);
}
/// @ingroup testing
/// @brief Matches a string that ends with `text`.
inline auto ends_with(const std::string& text) {
    return Catch::Matchers::EndsWith(text);
}
/// @ingroup testing
/// @brief Matches a number within `margin` of `target`: `CHECK_THAT(x, within_abs(0.5, 1e-12))`.
inline auto within_abs(double target, double margin) {
    return Catch::Matchers::WithinAbs(target, margin);
}

}  // namespace testing
}  // namespace llmlings

#endif  // LLMLINGS_TESTING_CATCH_HPP
