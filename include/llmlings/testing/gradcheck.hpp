// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Central-difference gradient checking, with a relative error whose size says how wrong a
 * gradient is (the thresholds of Stanford's CS231n notes).
 *
 * For each element x_i: numeric_i = (f(x + h e_i) - f(x - h e_i)) / (2h), an O(h²) estimate, and
 * rel_i = |analytic_i - numeric_i| / max(|analytic_i| + |numeric_i|, floor). In double with
 * h = 1e-6 a correct gradient of a smooth function gives rel < 1e-7; kinks (ReLU, max, |x|)
 * within h of x_i can give up to 1e-4; above 1e-2 the gradient is wrong.
 */
#ifndef LLMLINGS_TESTING_GRADCHECK_HPP
#define LLMLINGS_TESTING_GRADCHECK_HPP

#include <algorithm>
#include <cmath>
#include <limits>
#include <cstddef>
#include <string>
#include <vector>

#include <xtensor/xarray.hpp>

#include <llmlings/core/errors.hpp>
#include <llmlings/testing/close.hpp>

namespace llmlings {
namespace testing {

/// @ingroup testing
/// @brief The outcome of gradient_check().
struct gradient_report {
    double max_rel_error = 0.0;            ///< the largest relative error over all elements
    std::vector<std::size_t> worst_index;  ///< where it occurred
    double analytic = 0.0;                 ///< the analytic gradient there
    double numeric = 0.0;                  ///< the central-difference estimate there
    std::size_t checked = 0;               ///< how many elements were compared

    /// The CS231n reading of max_rel_error.
    std::string verdict() const {
        if (max_rel_error > 1e-2) return "wrong (relative error > 1e-2)";
        if (max_rel_error > 1e-4) return "suspicious (1e-4 < relative error <= 1e-2)";
        if (max_rel_error > 1e-7) return "acceptable near kinks only (1e-7 < relative error <= 1e-4)";
        return "correct (relative error <= 1e-7)";
    }

    /// A one-paragraph account for a failing test.
    std::string message() const {
        return ::llmlings::detail::concat("gradient check over ", checked, " elements: max relative error ",
                                          max_rel_error, " at ", shape_str(worst_index), " (analytic ",
                                          detail::num(analytic), ", numeric ", detail::num(numeric), "): ", verdict());
    }
};

/**
 * @ingroup testing
 * @brief Checks `analytic` against central differences of the scalar function `f` at `x`.
 *
 * @param f        callable taking `const xt::xarray<double>&` and returning the scalar loss
 * @param x        the point; it is copied, never modified
 * @param analytic the gradient to check, same shape as `x`
 * @param h        the step; 1e-6 balances truncation O(h²) and rounding O(ε/h) in double
 * @throws shape_error when the shapes of `x` and `analytic` differ
 */
template <class F, class X, class G>
gradient_report gradient_check(F&& f, const X& x, const G& analytic, double h = 1e-6) {
    xt::xarray<double> point = x;
    const xt::xarray<double> grad = analytic;
    if (!std::equal(point.shape().begin(), point.shape().end(), grad.shape().begin(), grad.shape().end()))
        throw shape_error("gradient_check",
                          ::llmlings::detail::concat("gradient has shape ", shape_str(grad.shape()),
                                                     ", the point has shape ", shape_str(point.shape())));
    gradient_report report;
    std::vector<std::size_t> shape(point.shape().begin(), point.shape().end());
    for (std::size_t i = 0; i < point.size(); ++i) {
        const double saved = point.data()[i];
        point.data()[i] = saved + h;
        const double plus = f(static_cast<const xt::xarray<double>&>(point));
        point.data()[i] = saved - h;
        const double minus = f(static_cast<const xt::xarray<double>&>(point));
        point.data()[i] = saved;
        const double numeric = (plus - minus) / (2.0 * h);
        const double a = grad.data()[i];
        const double denom = std::max(std::fabs(a) + std::fabs(numeric), 1e-12);
        double rel = std::fabs(a - numeric) / denom;
        if (std::isnan(rel)) rel = std::numeric_limits<double>::infinity();
        if (i == 0 || rel > report.max_rel_error) {
            report.max_rel_error = rel;
            report.worst_index = detail::unravel(i, shape);
            report.analytic = a;
            report.numeric = numeric;
        }
        ++report.checked;
    }
    return report;
}

}  // namespace testing
}  // namespace llmlings

/**
 * @ingroup testing
 * @brief Catch2 check that a gradient_report's max relative error is at most `max_rel`.
 */
#define LLMLINGS_CHECK_GRADIENT(report, max_rel)                                      \
    do {                                                                              \
        const auto& llmlings_rep_ = (report);                                         \
        if (llmlings_rep_.checked > 0 && llmlings_rep_.max_rel_error <= (max_rel))    \
            SUCCEED(llmlings_rep_.message());                                         \
        else                                                                          \
            FAIL_CHECK(llmlings_rep_.message() << " (allowed: " << (max_rel) << ")"); \
    } while (false)

#endif  // LLMLINGS_TESTING_GRADCHECK_HPP
