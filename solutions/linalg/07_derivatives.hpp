// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief linalg/07 — numerical derivatives: forward and central differences, the gradient of
 * f: Rⁿ → R and the Jacobian of f: Rⁿ → Rᵐ.
 *
 * Shapes: x (n); gradient (n); f(x) (m) for a vector function; Jacobian (m, n), row i is the
 * gradient of output i, column j the change of every output when x_j moves.
 *
 * Callables are `std::function` (the aliases scalar_function, objective, vector_function), not
 * templates: the signatures say exactly what a function must take and return, a mistake gives a
 * short error message, and the body is compiled once. The price, one indirect call per
 * evaluation, is nothing next to evaluating f itself.
 *
 * What this file is not: automatic differentiation (nn/04 builds that) and not a gradient checker
 * for the test suite (include/llmlings/testing/gradcheck.hpp is the tests' own, independent one).
 * The step h is absolute, not scaled by |x|; the caller chooses it.
 *
 * Reference: Nocedal & Wright, *Numerical Optimization* (2nd ed.), §8.1; the error analysis is
 * Taylor's theorem.
 *
 * Guide: @ref linalg_07_derivatives (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_LINALG_07_DERIVATIVES_HPP
#define LLMLINGS_LINALG_07_DERIVATIVES_HPP

#include <cmath>
#include <cstddef>
#include <functional>

#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>

namespace llmlings {
namespace linalg {

/// @ingroup linalg
/// @brief A scalar function of one variable, f: R → R.
using scalar_function = std::function<double(double)>;
/// @ingroup linalg
/// @brief A scalar function of a vector, f: Rⁿ → R (a loss, an objective).
using objective = std::function<double(const vector&)>;
/// @ingroup linalg
/// @brief A vector function of a vector, f: Rⁿ → Rᵐ.
using vector_function = std::function<vector(const vector&)>;

namespace detail {

/// Throws invalid_argument unless the step h is finite and > 0.
inline void check_step(const char* function, double h) {
    if (!(h > 0.0) || !std::isfinite(h))
        throw invalid_argument(function, ::llmlings::detail::concat("the step h must be finite and > 0, got ", h));
}

/// Throws invalid_argument when the std::function `f` is empty (calling it would throw
/// std::bad_function_call).
template <class Function>
void check_callable(const char* function, const Function& f) {
    if (!f) throw invalid_argument(function, "the function to differentiate is empty");
}

}  // namespace detail

/**
 * @ingroup linalg
 * @brief Forward difference (f(x + h) − f(x)) / h, an O(h) estimate of f'(x).
 *
 * @f[ \frac{f(x+h) - f(x)}{h} = f'(x) + \frac{h}{2} f''(\xi), \qquad \xi \in [x, x+h] @f]
 * Halving h halves the truncation error. Rounding adds about ε|f(x)|/h (ε ≈ 2.2e-16), so a
 * smaller h is not always better: the total error is smallest near h ≈ √ε ≈ 1e-8, the default.
 *
 * @param f the function, called twice
 * @param x the point
 * @param h the step, finite and > 0
 * @return the estimate of f'(x)
 * @throws invalid_argument when h ≤ 0 or h is not finite, or f is empty
 *
 * Complexity: 2 evaluations of f. Example: for f(x) = x², `forward_difference(f, 3, 0.5)` →
 * `(12.25 − 9) / 0.5 = 6.5` = f'(3) + h.
 */
inline double forward_difference(const scalar_function& f, double x, double h = 1e-8) {
    detail::check_step("forward_difference", h);
    detail::check_callable("forward_difference", f);
    return (f(x + h) - f(x)) / h;
}

/**
 * @ingroup linalg
 * @brief Central difference (f(x + h) − f(x − h)) / (2h), an O(h²) estimate of f'(x).
 *
 * @f[ \frac{f(x+h) - f(x-h)}{2h} = f'(x) + \frac{h^2}{6} f'''(\xi), \qquad \xi \in [x-h, x+h] @f]
 * The even terms of the two Taylor series cancel, so halving h divides the error by 4, and the
 * estimate is exact (up to rounding) for every quadratic. With rounding the best step is near
 * h ≈ ε^{1/3} ≈ 1e-5; the default 1e-6 is close to it.
 *
 * @param f the function, called twice
 * @param x the point
 * @param h the step, finite and > 0
 * @return the estimate of f'(x)
 * @throws invalid_argument when h ≤ 0 or h is not finite (the message names the function and the
 *         step: `central_difference: the step h must be finite and > 0, got -0.25`), or f is empty
 *
 * Complexity: 2 evaluations of f. Example: for f(x) = x³, `central_difference(f, 1, 0.5)` →
 * `(3.375 − 0.125) / 1 = 3.25` = f'(1) + h².
 */
inline double central_difference(const scalar_function& f, double x, double h = 1e-6) {
    detail::check_step("central_difference", h);
    detail::check_callable("central_difference", f);
    return (f(x + h) - f(x - h)) / (2.0 * h);
}

/**
 * @ingroup linalg
 * @brief Gradient ∇f(x) of f: Rⁿ → R by central differences, one coordinate at a time.
 *
 * @f[ [\nabla f(x)]_j \approx \frac{f(x + h e_j) - f(x - h e_j)}{2h}, \qquad j = 0, \dots, n-1 @f]
 * where e_j is the j-th unit vector. Each entry has the O(h²) error of central_difference().
 *
 * @param f the objective, called 2n times; it must not keep a reference to its argument
 * @param x the point, shape (n), n ≥ 1
 * @param h the step, finite and > 0
 * @return the estimated gradient, shape (n)
 * @throws invalid_argument when x is empty, h ≤ 0 or not finite, or f is empty
 *
 * Complexity: 2n evaluations of f and one copy of x. Example: for f(x, y) = x·y²,
 * `gradient(f, {3, 2})` → `{4, 12}` (= (y², 2xy)) to about 1e-9.
 */
inline vector gradient(const objective& f, const vector& x, double h = 1e-6) {
    check::not_empty("gradient", x);
    detail::check_step("gradient", h);
    detail::check_callable("gradient", f);
    vector point = x;  // one copy, moved back and forth one coordinate at a time
    vector grad = xt::empty<double>({x.size()});
    for (std::size_t j = 0; j < x.size(); ++j) {
        point(j) = x(j) + h;
        const double plus = f(point);
        point(j) = x(j) - h;
        const double minus = f(point);
        point(j) = x(j);  // restore before moving the next coordinate
        grad(j) = (plus - minus) / (2.0 * h);
    }
    return grad;
}

/**
 * @ingroup linalg
 * @brief Jacobian of f: Rⁿ → Rᵐ by central differences: the (m, n) matrix J with J(i, j) = ∂fᵢ/∂xⱼ.
 *
 * @f[ J_{:,j} \approx \frac{f(x + h e_j) - f(x - h e_j)}{2h} @f]
 * One pair of evaluations gives a whole column. m is the length of the first f(x + h e₀); every
 * evaluation must return that many values. For m = 1 the single row is the gradient.
 *
 * @param f the vector function, called 2n times
 * @param x the point, shape (n), n ≥ 1
 * @param h the step, finite and > 0
 * @return J, shape (m, n)
 * @throws invalid_argument when x is empty, h ≤ 0 or not finite, or f is empty
 * @throws shape_error when two evaluations of f return vectors of different lengths
 *
 * Complexity: 2n evaluations of f plus O(mn). Example: for f(r, θ) = (r cos θ, r sin θ),
 * `jacobian(f, {2, 0})` → `{{1, 0}, {0, 2}}` to about 1e-9.
 */
inline matrix jacobian(const vector_function& f, const vector& x, double h = 1e-6) {
    check::not_empty("jacobian", x);
    detail::check_step("jacobian", h);
    detail::check_callable("jacobian", f);
    const std::size_t n = x.size();
    vector point = x;
    matrix jac;
    for (std::size_t j = 0; j < n; ++j) {
        point(j) = x(j) + h;
        const vector plus = f(point);
        point(j) = x(j) - h;
        const vector minus = f(point);
        point(j) = x(j);
        if (j == 0) jac = xt::empty<double>({plus.size(), n});  // now m is known
        if (plus.size() != jac.shape()[0] || minus.size() != jac.shape()[0])
            throw shape_error("jacobian",
                              ::llmlings::detail::concat("f returned vectors of different lengths: ", jac.shape()[0],
                                                         ", ", plus.size(), " and ", minus.size()));
        for (std::size_t i = 0; i < plus.size(); ++i) jac(i, j) = (plus(i) - minus(i)) / (2.0 * h);
    }
    return jac;
}

}  // namespace linalg
}  // namespace llmlings

#endif  // LLMLINGS_LINALG_07_DERIVATIVES_HPP
