// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief linalg/08 — gradient descent: a fixed step, a backtracking (Armijo) line search, and
 * heavy-ball or Nesterov momentum, for a function f: Rⁿ → R whose gradient the caller supplies.
 *
 * Shapes: x, ∇f(x), the velocity and every search direction are (n).
 *
 * The caller passes f and ∇f as `std::function`s (linalg::objective and gradient_function, see
 * linalg/07 for why not templates). The iteration stops at the first of: ‖∇f(x)‖₂ ≤ tolerance
 * (converged), max_iterations steps taken, f(x) or ∇f(x) not finite (diverged: reported in the
 * result, not thrown, so that a learning-rate experiment can plot the history of a divergent run),
 * or, for the line search only, no step that decreases f (stalled).
 *
 * What this file is not: stochastic or mini-batch descent, and not Adam and friends (nn/07).
 *
 * Reference: Nocedal & Wright, *Numerical Optimization* (2nd ed.), §3.1 (Armijo backtracking);
 * Polyak (1964) for the heavy ball; Nesterov (1983) for the look-ahead gradient.
 *
 * Guide: @ref linalg_08_gradient_descent (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_LINALG_08_GRADIENT_DESCENT_HPP
#define LLMLINGS_LINALG_08_GRADIENT_DESCENT_HPP

#include <cmath>
#include <cstddef>
#include <functional>
#include <vector>

#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>
#include <llmlings/linalg/01_vectors.hpp>
#include <llmlings/linalg/07_derivatives.hpp>

namespace llmlings {
namespace linalg {

/// @ingroup linalg
/// @brief The gradient of an objective, ∇f: Rⁿ → Rⁿ; it must return a vector as long as x.
using gradient_function = std::function<vector(const vector&)>;

/**
 * @ingroup linalg
 * @brief Settings of the three descent methods. Every function checks every field, whichever it uses.
 */
struct descent_options {
    /// α > 0: the fixed step of gradient_descent() and gradient_descent_momentum(), and the first
    /// trial step of every line search in gradient_descent_backtracking(). On a quadratic whose
    /// largest curvature is L, a fixed step converges only when α < 2/L.
    double step_size = 1e-2;
    /// Stop as soon as ‖∇f(x)‖₂ ≤ tolerance; ≥ 0.
    double tolerance = 1e-6;
    /// The most steps taken; 0 only evaluates f and ∇f at x₀.
    std::size_t max_iterations = 10000;
    /// β in [0, 1) of gradient_descent_momentum(): the fraction of the last step that is kept.
    double momentum = 0.9;
    /// gradient_descent_momentum(): take the gradient at the look-ahead point x + βv (Nesterov).
    bool nesterov = false;
    /// c in (0, 1) of the Armijo condition f(x + t d) ≤ f(x) + c t ∇f(x)·d.
    double armijo_c = 1e-4;
    /// ρ in (0, 1): the line search multiplies the trial step by ρ until the condition holds.
    double shrink = 0.5;
};

/**
 * @ingroup linalg
 * @brief What a descent method returns: where it stopped, and why.
 *
 * converged and diverged say why the iteration stopped. When both are false it ran out of steps
 * (iterations == max_iterations) or, in gradient_descent_backtracking() only, stalled: no trial
 * step changed x any more (iterations < max_iterations).
 */
struct descent_result {
    vector x;                     ///< the last iterate (on divergence, where f or ∇f overflowed)
    double value = 0.0;           ///< f(x)
    double gradient_norm = 0.0;   ///< ‖∇f(x)‖₂
    std::size_t iterations = 0;   ///< the number of steps taken
    bool converged = false;       ///< gradient_norm ≤ tolerance
    bool diverged = false;        ///< f(x) or ∇f(x) was not finite; the iteration stopped there
    std::vector<double> history;  ///< f(x₀), f(x₁), …: iterations + 1 values
};

namespace detail {

/// Throws invalid_argument unless the line-search parameters are in their domains.
inline void check_line_search_parameters(const char* function, double initial_step, double c, double shrink) {
    todo("linalg/08_gradient_descent", "check_line_search_parameters");
}

/// Throws invalid_argument on a missing function, an empty x₀ or an option outside its domain.
inline void check_descent_input(const char* function, const objective& f, const gradient_function& grad,
                                const vector& x0, const descent_options& options) {
    todo("linalg/08_gradient_descent", "check_descent_input");
}

/// Evaluates ∇f into `g` and f at result.x, records f in the history, and says whether to stop
/// (converged, diverged, or out of iterations). The loop of every method is
/// `while (!evaluate_and_check(...)) { step; ++iterations; }`.
inline bool evaluate_and_check(const char* function, const objective& f, const gradient_function& grad,
                               const descent_options& options, descent_result& result, vector& g) {
    todo("linalg/08_gradient_descent", "evaluate_and_check");
}

}  // namespace detail

/**
 * @ingroup linalg
 * @brief Backtracking line search: the first t in α, αρ, αρ², … with f(x + t d) ≤ f(x) + c t ∇f(x)·d.
 *
 * @f[ f(x + t\,d) \le f(x) + c\, t\, \nabla f(x)^\top d \qquad \text{(Armijo, sufficient decrease)} @f]
 * d must be a descent direction (∇f(x)·d < 0), for example d = −∇f(x). Then the condition holds
 * for every small enough t, and the accepted step decreases f by at least c t |∇f(x)·d|.
 * A trial value that is NaN or infinite fails the test, so a step out of f's domain is shrunk too.
 *
 * @param f            the objective
 * @param x            the current point, shape (n)
 * @param fx           f(x), already known to the caller
 * @param g            ∇f(x), shape (n)
 * @param direction    the search direction d, shape (n), with g·d < 0
 * @param initial_step α > 0, the first trial step
 * @param c            the Armijo constant, in (0, 1); 1e-4 is the textbook choice
 * @param shrink       ρ in (0, 1)
 * @return the accepted step t, or 0 when t has shrunk so far that x + t d == x in floating point
 *         (or t underflowed to 0): no decrease is possible any more, usually because of rounding
 *         at a minimum or a wrong gradient
 * @throws shape_error when x, g and direction differ in length
 * @throws invalid_argument when g·d ≥ 0 (or NaN), a parameter is outside its domain, or f is empty
 *
 * Complexity: one evaluation of f and O(n) work per trial step. Example: f(x) = x², x = 1,
 * g = 2, d = −2, α = 1, c = 1e-4, ρ = ½: t = 1 gives f(−1) = 1 > 0.9996, rejected; t = ½ gives
 * f(0) = 0 ≤ 0.9998, accepted → `0.5`.
 */
inline double backtracking_line_search(const objective& f, const vector& x, double fx, const vector& g,
                                       const vector& direction, double initial_step = 1.0, double c = 1e-4,
                                       double shrink = 0.5) {
    todo("linalg/08_gradient_descent", "backtracking_line_search");
}

/**
 * @ingroup linalg
 * @brief Gradient descent with a fixed step: x ← x − α ∇f(x).
 *
 * @f[ x_{k+1} = x_k - \alpha \nabla f(x_k) @f]
 * On a quadratic ½xᵀAx − bᵀx with eigenvalues μ ≤ … ≤ L the error shrinks by
 * max(|1 − αμ|, |1 − αL|) per step: it converges for 0 < α < 2/L, fastest at α = 2/(L + μ), and
 * diverges for α > 2/L. Divergence is reported (diverged = true) as soon as f or ∇f overflows.
 *
 * @param f       the objective, evaluated once per step (for the history and divergence)
 * @param grad    its gradient, evaluated once per step
 * @param x0      the starting point, shape (n), n ≥ 1
 * @param options step_size α, tolerance, max_iterations (every field is checked)
 * @return the last iterate, f there, ‖∇f‖ there, the steps taken, the flags and f's history
 * @throws invalid_argument when f or grad is empty, x0 is empty or an option is out of its domain
 * @throws shape_error when grad returns a vector of another length than x
 *
 * Complexity: per step one f, one ∇f and O(n). Example: f(x) = x², ∇f = 2x, x₀ = {1},
 * α = 0.25: x halves each step, 1, 0.5, 0.25, …; with tolerance 1e-6 it converges after 21
 * steps at x ≈ 4.8e-7.
 */
inline descent_result gradient_descent(const objective& f, const gradient_function& grad, const vector& x0,
                                       const descent_options& options = {}) {
    todo("linalg/08_gradient_descent", "gradient_descent");
}

/**
 * @ingroup linalg
 * @brief Gradient descent whose step is chosen each iteration by backtracking_line_search()
 * along d = −∇f(x).
 *
 * @f[ x_{k+1} = x_k - t_k \nabla f(x_k), \qquad t_k = \alpha\rho^{j}, \; j \text{ the smallest with }
 *     f(x_{k+1}) \le f(x_k) - c\, t_k \|\nabla f(x_k)\|^2 @f]
 * f decreases at every step, so the history never goes up, and a step size far too large for a
 * fixed-step method is harmless here: it only costs a few more trials. If no trial step changes
 * x any more, the method stops without converging (stalled; see descent_result).
 *
 * @param f       the objective: one evaluation per trial step plus one per iteration
 * @param grad    its gradient, evaluated once per step
 * @param x0      the starting point, shape (n), n ≥ 1
 * @param options step_size (the first trial step α), armijo_c, shrink, tolerance, max_iterations
 * @return as gradient_descent()
 * @throws invalid_argument when f or grad is empty, x0 is empty or an option is out of its domain
 * @throws shape_error when grad returns a vector of another length than x
 *
 * Complexity: per step one ∇f, 1 + (number of trials) f and O(n) per trial. Example: on
 * f(x) = ½(x₀² + 100 x₁²) from {1, 1} with α = 1 (50 times the largest stable fixed step) it
 * converges; a fixed step of 1 diverges.
 */
inline descent_result gradient_descent_backtracking(const objective& f, const gradient_function& grad, const vector& x0,
                                                    const descent_options& options = {}) {
    todo("linalg/08_gradient_descent", "gradient_descent_backtracking");
}

/**
 * @ingroup linalg
 * @brief Gradient descent with momentum: heavy ball (Polyak), or Nesterov's look-ahead gradient.
 *
 * @f[ v_{k+1} = \beta v_k - \alpha \nabla f(y_k), \qquad x_{k+1} = x_k + v_{k+1}, \qquad
 *     y_k = \begin{cases} x_k & \text{heavy ball} \\ x_k + \beta v_k & \text{Nesterov} \end{cases} @f]
 * with v₀ = 0. The velocity v remembers past steps, so directions the gradient keeps pointing in
 * speed up by up to 1/(1 − β), while directions in which it flips sign cancel out. On a
 * quadratic with condition number κ = L/μ the heavy ball with α = 4/(√L + √μ)² and
 * β = ((√κ − 1)/(√κ + 1))² needs about √κ times fewer steps than plain gradient descent.
 * f may go up on some steps; β = 0 is plain gradient_descent().
 *
 * @param f       the objective, evaluated once per step
 * @param grad    its gradient: once per step, twice with Nesterov (at y_k, and at x_k for the
 *                stopping test)
 * @param x0      the starting point, shape (n), n ≥ 1
 * @param options step_size α, momentum β, nesterov, tolerance, max_iterations
 * @return as gradient_descent()
 * @throws invalid_argument when f or grad is empty, x0 is empty or an option is out of its domain;
 *         the message names the function, the option and its value, e.g.
 *         `gradient_descent_momentum: the momentum must be in [0, 1), got 1`
 * @throws shape_error when grad returns a vector of another length than x
 *
 * Complexity: per step one f, one or two ∇f, O(n). Example: on f(x) = ½(x₀² + 100 x₁²) from
 * {1, 1} with tolerance 1e-8 the heavy ball (α = 4/121, β = 81/121) converges in about 100 steps,
 * plain gradient descent at its best fixed step α = 2/101 in about 1000.
 */
inline descent_result gradient_descent_momentum(const objective& f, const gradient_function& grad, const vector& x0,
                                                const descent_options& options = {}) {
    todo("linalg/08_gradient_descent", "gradient_descent_momentum");
}

}  // namespace linalg
}  // namespace llmlings

#endif  // LLMLINGS_LINALG_08_GRADIENT_DESCENT_HPP
