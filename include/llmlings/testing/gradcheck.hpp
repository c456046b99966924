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

#include <xtensor/xadapt.hpp>
#include <xtensor/xarray.hpp>

#include <llmlings/core/errors.hpp>
#include <llmlings/core/parameters.hpp>
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

/// @ingroup testing
/// @brief The gradient check of one tensor of a parameter store (see check_store_gradients()).
struct tensor_gradient_report {
    std::string name;        ///< the tensor's registered name
    gradient_report report;  ///< its check
};

/**
 * @ingroup testing
 * @brief Checks every gradient in a store against central differences of `loss`, the one block
 * every layer's test needs.
 *
 * Run the forward and backward pass once first (after `store.zero_grad()`), so that the store's
 * gradients hold the analytic dL/dθ. Then for each tensor and each element θᵢ this sets
 * θᵢ ± h *in the store* (the layers see it through their views), calls `loss()`, and restores
 * θᵢ. Only the store's values are touched; the gradients are read.
 *
 * @param store the model's parameters, in double (finite differences in float are too coarse)
 * @param loss callable with no argument returning the scalar loss at the store's current values
 * @param h the step (1e-6: O(h²) truncation ~1e-12, cancellation ~1e-10 relative)
 * @return one report per tensor, in registration order
 *
 * Example: `for (auto& t : check_store_gradients(store, [&] { return loss_of(forward(x)); }))
 * { INFO(t.name); LLMLINGS_CHECK_GRADIENT(t.report, 1e-7); }`, or LLMLINGS_CHECK_STORE_GRADIENTS.
 */
template <class Loss>
std::vector<tensor_gradient_report> check_store_gradients(parameter_store<double>& store, Loss&& loss,
                                                          double h = 1e-6) {
    std::vector<tensor_gradient_report> reports;
    for (std::size_t k = 0; k < store.count(); ++k) {
        const parameter_info& info = store.info(k);
        const parameter<double> p = store.at(k);
        xt::xarray<double> point = xt::adapt(p.data(), info.size, xt::no_ownership(), info.shape);
        const xt::xarray<double> analytic = xt::adapt(p.grad_data(), info.size, xt::no_ownership(), info.shape);
        double* values = p.data();
        auto f = [&](const xt::xarray<double>& moved) {
            std::copy(moved.begin(), moved.end(), values);
            return static_cast<double>(loss());
        };
        tensor_gradient_report r;
        r.name = info.name;
        r.report = gradient_check(f, point, analytic, h);
        std::copy(point.begin(), point.end(), values);  // restore θ
        reports.push_back(std::move(r));
    }
    return reports;
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

/**
 * @ingroup testing
 * @brief Catch2 checks that every tensor of a store passes the gradient check: `reports` is what
 * check_store_gradients() returned; a failure names the tensor.
 */
#define LLMLINGS_CHECK_STORE_GRADIENTS(reports, max_rel)                                                          \
    do {                                                                                                          \
        const auto& llmlings_reps_ = (reports);                                                                   \
        if (llmlings_reps_.empty()) FAIL_CHECK("the store holds no tensor to check");                             \
        for (const auto& llmlings_t_ : llmlings_reps_) {                                                          \
            if (llmlings_t_.report.checked > 0 && llmlings_t_.report.max_rel_error <= (max_rel))                  \
                SUCCEED(llmlings_t_.name << ": " << llmlings_t_.report.message());                                \
            else                                                                                                  \
                FAIL_CHECK(llmlings_t_.name << ": " << llmlings_t_.report.message() << " (allowed: " << (max_rel) \
                                            << ")");                                                              \
        }                                                                                                         \
    } while (false)

#endif  // LLMLINGS_TESTING_GRADCHECK_HPP
