// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Tolerance comparison of tensors and scalars, with failure messages that say where and how much.
 *
 * An element passes when `|actual - expected| <= atol + rtol * |expected|` (NumPy's `isclose`).
 * NaN passes only against NaN, and an infinity only against the same infinity. On failure the
 * message gives the number of mismatches, the first mismatch's index, expected and actual value,
 * and the largest absolute and relative differences with their indices.
 */
#ifndef LLMLINGS_TESTING_CLOSE_HPP
#define LLMLINGS_TESTING_CLOSE_HPP

#include <cmath>
#include <cstddef>
#include <iomanip>
#include <limits>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include <xtensor/xarray.hpp>
#include <xtensor/xexpression.hpp>

#include <llmlings/core/errors.hpp>

namespace llmlings {
/**
 * @defgroup testing testing — helpers for the test suites
 * @brief Tolerance comparison, gradient checks, golden files.
 */

/// @ingroup testing
/// @brief Test helpers; none of them is needed by the library itself.
namespace testing {

/**
 * @ingroup testing
 * @brief A relative and an absolute tolerance: `|a - e| <= atol + rtol * |e|`.
 *
 * Rules of thumb used in the tests: 1e-12 for a few double operations on O(1) numbers; 1e-9 to
 * 1e-10 after a factorisation of a well-conditioned matrix (error grows with cond(A) · 1e-16);
 * 1e-6 and looser for iterative methods, stated at the call site with the reason.
 */
struct tolerance {
    double rtol = 1e-12;  ///< relative tolerance, scaled by |expected|
    double atol = 1e-12;  ///< absolute tolerance, what matters near zero
};

/// @ingroup testing
/// @brief The verdict of a comparison; `message` is empty when `ok`.
struct comparison {
    bool ok = true;       ///< every element within tolerance and shapes equal
    std::string message;  ///< what differed, where and by how much
};

namespace detail {

inline std::string index_str(const std::vector<std::size_t>& idx) {
    return shape_str(idx);
}

inline std::vector<std::size_t> unravel(std::size_t flat, const std::vector<std::size_t>& shape) {
    std::vector<std::size_t> idx(shape.size(), 0);
    for (std::size_t d = shape.size(); d-- > 0;) {
        if (shape[d] == 0) break;
        idx[d] = flat % shape[d];
        flat /= shape[d];
    }
    return idx;
}

inline bool element_close(double a, double e, const tolerance& tol) {
    if (std::isnan(e) || std::isnan(a)) return std::isnan(e) && std::isnan(a);
    if (std::isinf(e) || std::isinf(a)) return a == e;
    return std::fabs(a - e) <= tol.atol + tol.rtol * std::fabs(e);
}

inline std::string num(double x) {
    std::ostringstream out;
    out << std::setprecision(17) << x;
    return out.str();
}

}  // namespace detail

namespace detail {

/// The elements of a tensor as doubles in row-major order, with its shape.
struct flat_tensor {
    std::vector<std::size_t> shape;
    std::vector<double> values;
};

/// A row-major container or adaptor (xt::xtensor, xt::xarray, tensor_view) whose elements can be
/// read straight from data(); anything else (a view, an expression) is evaluated first.
template <class E, class = void>
struct is_row_major_container : std::false_type {};
template <class E>
struct is_row_major_container<E, std::enable_if_t<std::is_base_of<xt::xcontainer<E>, E>::value>>
    : std::integral_constant<bool, E::static_layout == xt::layout_type::row_major> {};

template <class E>
flat_tensor flatten(const E& e) {
    flat_tensor out;
    if constexpr (is_row_major_container<E>::value) {
        out.shape.assign(e.shape().begin(), e.shape().end());
        out.values.assign(e.data(), e.data() + e.size());
    } else {
        const xt::xarray<double> a = e;
        out.shape.assign(a.shape().begin(), a.shape().end());
        out.values.assign(a.data(), a.data() + a.size());
    }
    return out;
}

/// The comparison itself, for tensors of any type once they are flattened.
inline comparison compare_flat(const flat_tensor& actual, const flat_tensor& expected, tolerance tol) {
    comparison result;
    if (actual.shape != expected.shape) {
        result.ok = false;
        result.message = ::llmlings::detail::concat("shape mismatch: expected ", shape_str(expected.shape), ", actual ",
                                                    shape_str(actual.shape));
        return result;
    }
    const std::vector<std::size_t>& eshape = expected.shape;
    std::size_t mismatches = 0, first = 0, max_abs_at = 0, max_rel_at = 0;
    double max_abs = 0.0, max_rel = 0.0;
    for (std::size_t i = 0; i < actual.values.size(); ++i) {
        const double a = actual.values[i], e = expected.values[i];
        if (!element_close(a, e, tol)) {
            if (mismatches == 0) first = i;
            ++mismatches;
        }
        const double diff = std::fabs(a - e);
        const double rel = diff / std::max(std::fabs(e), std::numeric_limits<double>::min());
        if (!(diff <= max_abs)) {
            max_abs = diff;
            max_abs_at = i;
        }
        if (!(rel <= max_rel)) {
            max_rel = rel;
            max_rel_at = i;
        }
    }
    if (mismatches == 0) return result;
    result.ok = false;
    // Short lines, one number each: Catch2 wraps lines at 80 columns, and may break a number after
    // its decimal point.
    result.message = ::llmlings::detail::concat(
        mismatches, " of ", actual.values.size(), " elements differ beyond |a - e| <= atol + rtol*|e|\n",
        "  (rtol=", tol.rtol, ", atol=", tol.atol, ")\n", "  first at ", index_str(unravel(first, eshape)), ":\n",
        "    expected ", num(expected.values[first]), "\n", "    actual   ", num(actual.values[first]), "\n",
        "  max abs diff ", num(max_abs), " at ", index_str(unravel(max_abs_at, eshape)), "\n", "  max rel diff ",
        num(max_rel), " at ", index_str(unravel(max_rel_at, eshape)));
    return result;
}

}  // namespace detail

/**
 * @ingroup testing
 * @brief Compares two tensor expressions of any rank element by element.
 *
 * Containers are read in place; only views and expressions are evaluated, so a test file that
 * compares plain tensors instantiates little of xtensor (tools/time-topics.sh).
 * @return ok, or a message with the mismatch count, first mismatch and largest differences.
 */
template <class A, class E>
comparison compare(const xt::xexpression<A>& actual_expr, const xt::xexpression<E>& expected_expr, tolerance tol = {}) {
    return detail::compare_flat(detail::flatten(actual_expr.derived_cast()),
                                detail::flatten(expected_expr.derived_cast()), tol);
}

/// @ingroup testing
/// @brief Compares two scalars with the same rule as the tensor overload.
inline comparison compare(double actual, double expected, tolerance tol = {}) {
    comparison result;
    if (detail::element_close(actual, expected, tol)) return result;
    result.ok = false;
    result.message = ::llmlings::detail::concat(
        "  expected ", detail::num(expected), "\n  actual   ", detail::num(actual), "\n  abs diff ",
        detail::num(std::fabs(actual - expected)), " (rtol=", tol.rtol, ", atol=", tol.atol, ")");
    return result;
}

}  // namespace testing
}  // namespace llmlings

/**
 * @ingroup testing
 * @brief Catch2 check that `actual` is within `tol` (a llmlings::testing::tolerance) of `expected`;
 * on failure it prints where and by how much, and the test goes on.
 */
#define LLMLINGS_CHECK_CLOSE(actual, expected, tol)                                           \
    do {                                                                                      \
        const auto llmlings_cmp_ = ::llmlings::testing::compare((actual), (expected), (tol)); \
        if (llmlings_cmp_.ok)                                                                 \
            SUCCEED(#actual " is close to " #expected);                                       \
        else                                                                                  \
            FAIL_CHECK(#actual " vs " #expected ":\n" << llmlings_cmp_.message);              \
    } while (false)

/// @ingroup testing
/// @brief Like LLMLINGS_CHECK_CLOSE, but the test case stops at the first failure.
#define LLMLINGS_REQUIRE_CLOSE(actual, expected, tol)                                         \
    do {                                                                                      \
        const auto llmlings_cmp_ = ::llmlings::testing::compare((actual), (expected), (tol)); \
        if (llmlings_cmp_.ok)                                                                 \
            SUCCEED(#actual " is close to " #expected);                                       \
        else                                                                                  \
            FAIL(#actual " vs " #expected ":\n" << llmlings_cmp_.message);                    \
    } while (false)

#endif  // LLMLINGS_TESTING_CLOSE_HPP
