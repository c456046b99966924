// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief ml/02 — linear regression: the least-squares fit by the normal equation, by batch
 * gradient descent and with a ridge (L2) penalty; the regression metrics MSE, RMSE, MAE and R².
 *
 * Shapes: X (n,d), one row per example and one column per feature; y and every prediction (n);
 * weights w (d); the bias b is a scalar. The model is ŷ = Xw + b.
 *
 * The intercept. Every fit works on the design matrix A = [1 X] (n, d+1), whose first column is
 * all ones, and the parameter vector θ = (b, w₀, …, w_{d−1}), so that Aθ = Xw + b. With
 * `fit_intercept = false` A is X itself and b stays 0. Ridge penalises w but never b: shifting
 * every target by a constant must shift the predictions by that constant and change nothing else.
 *
 * What this file deliberately is not: a QR or SVD least-squares solver (LAPACK's dgelsd, which
 * `xt::linalg::lstsq` calls and the tests compare with, is more accurate when X is ill-conditioned,
 * because forming XᵀX squares the condition number), stochastic or mini-batch descent (nn/13),
 * or feature scaling (ml/01; scale features before ridge or gradient descent).
 *
 * Reference: Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning* (2nd ed.),
 * §3.2 (least squares) and §3.4.1 (ridge regression, with the unpenalised intercept).
 *
 * Guide: @ref ml_02_linear_regression (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_ML_02_LINEAR_REGRESSION_HPP
#define LLMLINGS_ML_02_LINEAR_REGRESSION_HPP

#include <cmath>
#include <cstddef>

#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>
#include <llmlings/linalg/02_matmul.hpp>
#include <llmlings/linalg/03_lu.hpp>
#include <llmlings/linalg/08_gradient_descent.hpp>
#include <llmlings/stats/01_descriptive.hpp>

namespace llmlings {
namespace ml {

/**
 * @ingroup ml
 * @brief A fitted linear model ŷ = x·w + b.
 *
 * Example: `linear_model{{2, -1}, 3}` predicts 2·x₀ − x₁ + 3.
 */
struct linear_model {
    vector weights;     ///< w (d): how much the prediction changes per unit of each feature
    double bias = 0.0;  ///< b: the prediction when every feature is 0 (the intercept)
};

/**
 * @ingroup ml
 * @brief Settings of fit_gradient_descent(): batch gradient descent on the mean squared error.
 */
struct gd_options {
    /// α > 0, the step size. Too large and the loss grows without bound (the fit throws
    /// numerical_error); too small and it needs many epochs. With standardised features
    /// 0.01–0.1 is a safe start.
    double learning_rate = 0.01;
    /// The most epochs; batch descent takes one step per pass over the whole data set.
    std::size_t epochs = 1000;
    /// Stop early once the gradient is this small, ‖∇MSE‖₂ ≤ tolerance; ≥ 0.
    double tolerance = 1e-8;
    /// Fit the bias b (true) or keep it at 0 (false).
    bool fit_intercept = true;
};

namespace detail {

/// Throws unless X (n,d) and y (n) describe the same n ≥ 1 examples.
inline void check_regression_input(const char* function, const matrix& x, const vector& y) {
    if (x.shape()[0] != y.size())
        throw shape_error(function,
                          ::llmlings::detail::concat("X has ", x.shape()[0], " rows but y has ", y.size(),
                                                     " targets: ", shape_str(x.shape()), " vs ", shape_str(y.shape())));
    if (y.size() == 0) throw invalid_argument(function, "no examples to fit (n = 0)");
}

/**
 * @brief The design matrix: A = [1 X] (n, d+1) with a leading column of ones when
 * `fit_intercept`, else a copy of X.
 *
 * @param x matrix (n,d)
 * @param fit_intercept whether to prepend the column of ones
 */
inline matrix design_matrix(const matrix& x, bool fit_intercept) {
    if (!fit_intercept) return x;
    const std::size_t n = x.shape()[0], d = x.shape()[1];
    matrix a = xt::empty<double>({n, d + 1});
    for (std::size_t i = 0; i < n; ++i) {
        a(i, 0) = 1.0;
        for (std::size_t j = 0; j < d; ++j) a(i, j + 1) = x(i, j);
    }
    return a;
}

/// Splits θ = (b, w) (or θ = w without an intercept) into a linear_model.
inline linear_model unpack_parameters(const vector& theta, bool fit_intercept) {
    linear_model model;
    const std::size_t first = fit_intercept ? 1 : 0;
    model.bias = fit_intercept ? theta(0) : 0.0;
    model.weights = xt::empty<double>({theta.size() - first});
    for (std::size_t j = 0; j < model.weights.size(); ++j) model.weights(j) = theta(j + first);
    return model;
}

/**
 * @brief Solves the (regularised) normal equations (AᵀA + λD)θ = Aᵀy, where D is the identity
 * with a 0 in the bias position, by LU (linalg/03).
 *
 * @param function the public function, for error messages
 * @param x matrix (n,d); y vector (n); lambda ≥ 0; fit_intercept as for design_matrix()
 */
inline linear_model solve_normal_equations(const char* function, const matrix& x, const vector& y, double lambda,
                                           bool fit_intercept) {
    check_regression_input(function, x, y);
    const matrix a = design_matrix(x, fit_intercept);
    const std::size_t p = a.shape()[1];
    if (p == 0) throw invalid_argument(function, "no features and no intercept: nothing to fit");
    const matrix at = linalg::transpose(a);
    matrix gram = linalg::matmul(at, a);                                           // AᵀA (p,p)
    const vector rhs = linalg::matvec(at, y);                                      // Aᵀy (p)
    for (std::size_t j = fit_intercept ? 1 : 0; j < p; ++j) gram(j, j) += lambda;  // never the bias
    const linalg::lu_decomposition f = linalg::lu(gram);
    if (linalg::is_singular(f))
        throw numerical_error(
            function,
            ::llmlings::detail::concat("XᵀX (", p, "x", p,
                                       ") is singular: a feature is a linear combination of the others, or there are",
                                       " fewer examples (", x.shape()[0], ") than parameters; use ridge (lambda > 0)"));
    return unpack_parameters(linalg::lu_solve(f, rhs), fit_intercept);
}

}  // namespace detail

/**
 * @ingroup ml
 * @brief The predictions of a linear model: ŷ = Xw + b, one per row of X.
 *
 * @f[ \hat y_i = \sum_{j=0}^{d-1} X_{ij} w_j + b @f]
 *
 * @param model the weights w (d) and bias b
 * @param x matrix (n,d)
 * @return vector (n) of predictions
 * @throws shape_error when X does not have d = model.weights.size() columns
 *
 * Complexity: n·d multiply-adds. Example: `predict({{2, -1}, 3}, {{1, 1}, {0, 2}})` → `{4, 1}`.
 */
inline vector predict(const linear_model& model, const matrix& x) {
    if (x.shape()[1] != model.weights.size())
        throw shape_error("predict", ::llmlings::detail::concat("X has ", x.shape()[1], " columns, the model has ",
                                                                model.weights.size(), " weights"));
    vector y = linalg::matvec(x, model.weights);
    for (double& yi : y) yi += model.bias;
    return y;
}

/**
 * @ingroup ml
 * @brief Ordinary least squares by the normal equation: the w and b that minimise Σᵢ(ŷᵢ − yᵢ)².
 *
 * @f[ \hat\theta = \arg\min_\theta \|A\theta - y\|_2^2 \quad\Longleftrightarrow\quad A^\top A\,\hat\theta = A^\top y,
 *     \qquad A = [\mathbf 1\;X],\ \theta = (b, w) @f]
 * Setting the gradient 2Aᵀ(Aθ − y) of the sum of squares to zero gives the normal equations: the
 * residual y − Aθ is orthogonal to every column of A. They are solved with linalg::lu and
 * linalg::lu_solve. The solution is unique when the columns of A are linearly independent.
 *
 * @param x matrix (n,d) of features
 * @param y vector (n) of targets
 * @param fit_intercept prepend a column of ones and fit b (default); false forces b = 0
 * @return the fitted model
 * @throws shape_error when X has not n = y.size() rows
 * @throws invalid_argument when n = 0, or d = 0 without an intercept
 * @throws numerical_error when AᵀA is singular to working precision (collinear features, or fewer
 *         examples than parameters)
 *
 * Complexity: n·p² for AᵀA plus p³/3 for the LU, p = d + 1. Example: the points (0,1), (1,3),
 * (2,2): `fit_normal_equation({{0},{1},{2}}, {1,3,2})` → w = `{0.5}`, b = `1.5`.
 */
inline linear_model fit_normal_equation(const matrix& x, const vector& y, bool fit_intercept = true) {
    return detail::solve_normal_equations("fit_normal_equation", x, y, 0.0, fit_intercept);
}

/**
 * @ingroup ml
 * @brief Ridge regression: least squares plus an L2 penalty λ‖w‖² on the weights (not the bias).
 *
 * @f[ \hat\theta = \arg\min_{w,b} \|Xw + b - y\|_2^2 + \lambda \|w\|_2^2
 *     \quad\Longleftrightarrow\quad (A^\top A + \lambda D)\,\hat\theta = A^\top y,
 *     \qquad D = \mathrm{diag}(0, 1, \dots, 1) @f]
 * The penalty pulls the weights towards 0: λ = 0 is fit_normal_equation(), λ → ∞ gives w → 0 and
 * b → ȳ. For λ > 0 the system is always solvable, because θᵀ(AᵀA + λD)θ = ‖Aθ‖² + λ‖w‖² > 0
 * for every θ ≠ 0, so ridge also fits collinear features and d > n. The penalty depends on the
 * units of each feature: standardise the features first (ml/01).
 *
 * @param x matrix (n,d)
 * @param y vector (n)
 * @param lambda λ ≥ 0, finite: the strength of the penalty
 * @param fit_intercept as in fit_normal_equation()
 * @return the fitted model
 * @throws shape_error when X has not n = y.size() rows
 * @throws invalid_argument when λ is negative or not finite, n = 0, or d = 0 without an intercept
 * @throws numerical_error when the system is singular (only possible for λ = 0)
 *
 * Complexity: as fit_normal_equation(). Example: `fit_ridge({{0},{1},{2}}, {1,3,2}, 2)` → w =
 * `{0.25}` (half of OLS: Σ(x−x̄)² = 2 becomes 2 + λ = 4), b = `1.75`.
 */
inline linear_model fit_ridge(const matrix& x, const vector& y, double lambda, bool fit_intercept = true) {
    if (!(lambda >= 0.0) || !std::isfinite(lambda))
        throw invalid_argument("fit_ridge", ::llmlings::detail::concat("lambda must be finite and >= 0, got ", lambda));
    return detail::solve_normal_equations("fit_ridge", x, y, lambda, fit_intercept);
}

/**
 * @ingroup ml
 * @brief Mean squared error (1/n) Σᵢ (yᵢ − ŷᵢ)²: the loss that least squares minimises.
 *
 * @f[ \mathrm{MSE} = \frac{1}{n}\sum_{i=0}^{n-1} (y_i - \hat y_i)^2 @f]
 * Squaring punishes large errors much more than small ones, so a few outliers can dominate it.
 *
 * @param y_true vector (n) of targets
 * @param y_pred vector (n) of predictions
 * @return the MSE, ≥ 0, in squared units of y
 * @throws shape_error when the lengths differ
 * @throws invalid_argument when n = 0
 *
 * Complexity: n. Example: `mean_squared_error({1,3,2}, {1.5,2,2.5})` → `0.5`.
 */
inline double mean_squared_error(const vector& y_true, const vector& y_pred) {
    check::same_size("mean_squared_error", y_true, y_pred);
    check::not_empty("mean_squared_error", y_true);
    double sum = 0.0;
    for (std::size_t i = 0; i < y_true.size(); ++i) {
        const double r = y_true(i) - y_pred(i);
        sum += r * r;
    }
    return sum / static_cast<double>(y_true.size());
}

/**
 * @ingroup ml
 * @brief Root mean squared error √MSE: the typical size of an error, in the units of y.
 *
 * @param y_true vector (n)
 * @param y_pred vector (n)
 * @return √mean_squared_error(y_true, y_pred)
 * @throws shape_error when the lengths differ; the message names root_mean_squared_error (not
 *         mean_squared_error) and both lengths: `root_mean_squared_error: vectors differ in
 *         length: 2 vs 1`
 * @throws invalid_argument when n = 0: `root_mean_squared_error: expected a non-empty input, got
 *         shape (0)`
 *
 * Complexity: n. Example: `root_mean_squared_error({0,0}, {3,-3})` → `3`.
 */
inline double root_mean_squared_error(const vector& y_true, const vector& y_pred) {
    check::same_size("root_mean_squared_error", y_true, y_pred);  // checked here so errors name this function
    check::not_empty("root_mean_squared_error", y_true);
    return std::sqrt(mean_squared_error(y_true, y_pred));
}

/**
 * @ingroup ml
 * @brief Mean absolute error (1/n) Σᵢ |yᵢ − ŷᵢ|: less sensitive to outliers than the MSE.
 *
 * @f[ \mathrm{MAE} = \frac{1}{n}\sum_{i=0}^{n-1} \lvert y_i - \hat y_i \rvert @f]
 *
 * @param y_true vector (n)
 * @param y_pred vector (n)
 * @return the MAE, ≥ 0, in the units of y
 * @throws shape_error when the lengths differ
 * @throws invalid_argument when n = 0
 *
 * Complexity: n. Example: `mean_absolute_error({1,3,2}, {1.5,2,2.5})` → `2/3`.
 */
inline double mean_absolute_error(const vector& y_true, const vector& y_pred) {
    check::same_size("mean_absolute_error", y_true, y_pred);
    check::not_empty("mean_absolute_error", y_true);
    double sum = 0.0;
    for (std::size_t i = 0; i < y_true.size(); ++i) sum += std::fabs(y_true(i) - y_pred(i));
    return sum / static_cast<double>(y_true.size());
}

/**
 * @ingroup ml
 * @brief Coefficient of determination R² = 1 − SS_res / SS_tot: the fraction of the variance of y
 * that the predictions explain.
 *
 * @f[ R^2 = 1 - \frac{\sum_i (y_i - \hat y_i)^2}{\sum_i (y_i - \bar y)^2}
 *         = 1 - \frac{\mathrm{MSE}}{\operatorname{Var}(y)} @f]
 * (Var with ddof = 0, stats::variance.) R² = 1 is a perfect fit; R² = 0 is no better than always
 * predicting the mean ȳ; R² < 0 is worse than that, which a model can be on data it was not
 * fitted to. It has no units, so it compares fits across data sets.
 *
 * @param y_true vector (n), not constant
 * @param y_pred vector (n)
 * @return R², at most 1
 * @throws shape_error when the lengths differ
 * @throws invalid_argument when n = 0, or y_true is constant (SS_tot = 0: R² is undefined)
 *
 * Complexity: 3n. Example: `r2_score({1,3,2}, {1.5,2,2.5})` → `0.25` (SS_res = 1.5, SS_tot = 2).
 */
inline double r2_score(const vector& y_true, const vector& y_pred) {
    const double mse = mean_squared_error(y_true, y_pred);
    const double var = stats::variance(y_true, 0);
    if (var == 0.0) throw invalid_argument("r2_score", "y_true is constant: its variance is 0, so R² is undefined");
    return 1.0 - mse / var;
}

/**
 * @ingroup ml
 * @brief Least squares by batch gradient descent on the MSE, starting from θ = 0 (linalg/08).
 *
 * @f[ L(\theta) = \frac{1}{n}\|A\theta - y\|_2^2, \qquad \nabla L(\theta) = \frac{2}{n} A^\top (A\theta - y),
 *     \qquad \theta \leftarrow \theta - \alpha \nabla L(\theta) @f]
 * Each epoch computes the residual on all n examples and takes one step downhill. L is a convex
 * quadratic bowl with curvatures 2μ … 2L_max, the eigenvalues of (2/n)AᵀA; the step converges to
 * the normal-equation solution for α < 1/L_max (L_max the largest eigenvalue of AᵀA/n) and
 * diverges above it. Unscaled features (one in metres, one in millimetres) stretch the bowl and
 * force a tiny α: standardise first.
 *
 * @param x matrix (n,d)
 * @param y vector (n)
 * @param options learning_rate α, epochs, tolerance on ‖∇L‖₂, fit_intercept
 * @return the model after convergence or after `epochs` steps, whichever comes first
 * @throws shape_error when X has not n = y.size() rows
 * @throws invalid_argument when n = 0, d = 0 without an intercept, α is not finite and > 0 or
 *         the tolerance is negative
 * @throws numerical_error when the loss diverges to infinity (α too large)
 *
 * Complexity: per epoch three passes over A (3·n·p multiply-adds), p = d + 1. Example: the points
 * (0,1), (1,3), (2,2) with α = 0.1 and one epoch: θ = (2α/n)Aᵀy = (0.2/3)(6, 7), so
 * b = `0.4`, w = `{0.4667}`; after a few hundred epochs w → `{0.5}`, b → `1.5`.
 */
inline linear_model fit_gradient_descent(const matrix& x, const vector& y, const gd_options& options = {}) {
    const char* name = "fit_gradient_descent";
    detail::check_regression_input(name, x, y);
    if (!(options.learning_rate > 0.0) || !std::isfinite(options.learning_rate))
        throw invalid_argument(
            name, ::llmlings::detail::concat("the learning rate must be finite and > 0, got ", options.learning_rate));
    if (!(options.tolerance >= 0.0))
        throw invalid_argument(name, ::llmlings::detail::concat("the tolerance must be >= 0, got ", options.tolerance));
    const matrix a = detail::design_matrix(x, options.fit_intercept);
    const std::size_t p = a.shape()[1];
    if (p == 0) throw invalid_argument(name, "no features and no intercept: nothing to fit");
    const matrix at = linalg::transpose(a);  // once, so that Aᵀr is a row-major matvec
    const double n = static_cast<double>(y.size());

    const linalg::objective loss = [&](const vector& theta) { return mean_squared_error(y, linalg::matvec(a, theta)); };
    const linalg::gradient_function gradient = [&](const vector& theta) {
        vector residual = linalg::matvec(a, theta);
        for (std::size_t i = 0; i < residual.size(); ++i) residual(i) -= y(i);
        vector g = linalg::matvec(at, residual);
        for (double& gj : g) gj *= 2.0 / n;
        return g;
    };
    linalg::descent_options descent;
    descent.step_size = options.learning_rate;
    descent.tolerance = options.tolerance;
    descent.max_iterations = options.epochs;
    const linalg::descent_result result = linalg::gradient_descent(loss, gradient, xt::zeros<double>({p}), descent);
    if (result.diverged)
        throw numerical_error(
            name, ::llmlings::detail::concat("diverged after ", result.iterations,
                                             " epochs (the loss is no longer finite): the learning rate ",
                                             options.learning_rate,
                                             " is too large for these features; lower it or standardise the features"));
    return detail::unpack_parameters(result.x, options.fit_intercept);
}

}  // namespace ml
}  // namespace llmlings

#endif  // LLMLINGS_ML_02_LINEAR_REGRESSION_HPP
