// SPDX-License-Identifier: MIT
// Tests for ml/02_linear_regression. Oracles: hand-worked fits and metrics on three points,
// exact recovery of known weights from noiseless data, LAPACK least squares (xt::linalg::lstsq)
// and an independent centred ridge formula solved by LAPACK (xt::linalg::solve) on seeded random
// data, and properties (λ → 0 gives OLS, larger λ shrinks ‖w‖, shifting y shifts only b,
// OLS has the smallest training error). The oracles and random data are in
// oracles/02_linear_regression.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/ml/02_linear_regression.hpp>

#include <cmath>
#include <cstddef>

#include "oracles/02_linear_regression.hpp"

using llmlings::matrix;
using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::ml;
using namespace oracles;

namespace {

// A few double operations on numbers of order 1.
const tolerance exact{1e-13, 1e-13};

// The three points (0,1), (1,3), (2,2): x̄ = 1, ȳ = 2, Σ(x−x̄)(y−ȳ) = 1, Σ(x−x̄)² = 2, so the
// least-squares line has slope 1/2 and intercept 2 − 1/2 = 3/2.
const matrix three_x = {{0.0}, {1.0}, {2.0}};
const vector three_y = {1.0, 3.0, 2.0};

}  // namespace

TEST_CASE("predict computes X times w plus b", "[ml][02_linear_regression]") {
    const linear_model model{{2.0, -1.0}, 3.0};
    LLMLINGS_CHECK_CLOSE(predict(model, matrix{{1.0, 1.0}, {0.0, 2.0}, {0.0, 0.0}}), (vector{4.0, 1.0, 3.0}), exact);
    CHECK_THROWS_AS(predict(model, matrix{{1.0, 2.0, 3.0}}), llmlings::shape_error);
}

TEST_CASE("the normal equation fits the hand-worked line through three points", "[ml][02_linear_regression]") {
    const linear_model model = fit_normal_equation(three_x, three_y);
    REQUIRE(model.weights.size() == 1);
    LLMLINGS_CHECK_CLOSE(model.weights(0), 0.5, exact);
    LLMLINGS_CHECK_CLOSE(model.bias, 1.5, exact);
    // Without an intercept the line must pass through 0: w = Σxy / Σx² = 7/5.
    const linear_model through_origin = fit_normal_equation(three_x, three_y, false);
    LLMLINGS_CHECK_CLOSE(through_origin.weights(0), 1.4, exact);
    CHECK(through_origin.bias == 0.0);
}

TEST_CASE("the normal equation recovers known weights from noiseless data", "[ml][02_linear_regression]") {
    const matrix x = random_features(11);
    const vector w{2.0, -1.0, 0.5};
    const vector y = linear_targets(x, w, 3.0);
    // X is well conditioned (cond(XᵀX) ≈ 3), so LU of XᵀX loses only a few digits: 1e-10 is generous.
    const linear_model model = fit_normal_equation(x, y);
    LLMLINGS_CHECK_CLOSE(model.weights, w, (tolerance{1e-10, 1e-10}));
    LLMLINGS_CHECK_CLOSE(model.bias, 3.0, (tolerance{1e-10, 1e-10}));
    const vector y0 = linear_targets(x, w);
    const linear_model no_bias = fit_normal_equation(x, y0, false);
    LLMLINGS_CHECK_CLOSE(no_bias.weights, w, (tolerance{1e-10, 1e-10}));
}

TEST_CASE("the normal equation matches LAPACK least squares on noisy data", "[ml][02_linear_regression]") {
    for (unsigned seed = 20; seed < 25; ++seed) {
        const matrix x = random_features(seed, 30, 4);
        const vector y = random_normal(30);  // pure noise: no exact fit exists
        const line_fit theta = lstsq(x, y);  // LAPACK dgelsd (SVD)
        const linear_model model = fit_normal_equation(x, y);
        // cond(AᵀA) is at most ~10 here; the normal equations and the SVD agree to ~1e-14.
        LLMLINGS_CHECK_CLOSE(model.bias, theta.bias, (tolerance{1e-10, 1e-12}));
        LLMLINGS_CHECK_CLOSE(model.weights, theta.weights, (tolerance{1e-10, 1e-12}));
    }
}

TEST_CASE("collinear features make the normal equation throw but ridge still fits", "[ml][02_linear_regression]") {
    const matrix x = with_scaled_copy(random_features(3, 10, 2), 0, 1, 2.0);  // feature 1 = 2 × feature 0
    const vector y = random_normal(10);
    CHECK_THROWS_AS(fit_normal_equation(x, y), llmlings::numerical_error);
    // Two parameters (b, w) from one example: AᵀA has rank 1.
    CHECK_THROWS_AS(fit_normal_equation(matrix{{1.0}}, vector{2.0}), llmlings::numerical_error);
    const linear_model model = fit_ridge(x, y, 1.0);
    // The penalty splits the weight between the two copies in proportion 1 : 2 (the minimum-norm
    // way to write the same predictions), and the residual is orthogonal to the ones column.
    LLMLINGS_CHECK_CLOSE(model.weights(1), 2.0 * model.weights(0), (tolerance{1e-10, 1e-12}));
    LLMLINGS_CHECK_CLOSE(total(minus(y, predict(model, x))), 0.0, (tolerance{0, 1e-12}));
}

TEST_CASE("ridge with lambda zero or tiny equals ordinary least squares", "[ml][02_linear_regression]") {
    const matrix x = random_features(4, 25, 3);
    const vector y = random_normal(25);
    const linear_model ols = fit_normal_equation(x, y);
    const linear_model zero = fit_ridge(x, y, 0.0);
    LLMLINGS_CHECK_CLOSE(zero.weights, ols.weights, exact);
    LLMLINGS_CHECK_CLOSE(zero.bias, ols.bias, exact);
    // λ = 1e-9 moves w by about λ‖(XᵀX)⁻¹‖‖w‖ ≈ 1e-9 / 25 relative: 1e-8 is an upper bound.
    const linear_model tiny = fit_ridge(x, y, 1e-9);
    LLMLINGS_CHECK_CLOSE(tiny.weights, ols.weights, (tolerance{1e-8, 1e-10}));
    LLMLINGS_CHECK_CLOSE(tiny.bias, ols.bias, (tolerance{1e-8, 1e-10}));
}

TEST_CASE("ridge matches the centred closed form with an unpenalised intercept", "[ml][02_linear_regression]") {
    // Independent formula: centre X and y, w = (XcᵀXc + λI)⁻¹ Xcᵀyc, then b = ȳ − x̄·w.
    const matrix x = plus(random_features(5, 20, 3), 4.0);  // features away from 0, so b matters
    const vector y = plus(random_normal(20), 10.0);
    for (double lambda : {0.5, 3.0, 40.0}) {
        const line_fit expected = centred_ridge(x, y, lambda);
        const linear_model model = fit_ridge(x, y, lambda);
        // Both solve a well-conditioned 3x3 or 4x4 system: agreement to ~1e-13.
        LLMLINGS_CHECK_CLOSE(model.weights, expected.weights, (tolerance{1e-10, 1e-12}));
        LLMLINGS_CHECK_CLOSE(model.bias, expected.bias, (tolerance{1e-10, 1e-12}));
    }
    // The hand-worked three points with λ = 2: w = Σ(x−x̄)(y−ȳ) / (Σ(x−x̄)² + λ) = 1/4, b = 2 − 1/4.
    const linear_model hand = fit_ridge(three_x, three_y, 2.0);
    LLMLINGS_CHECK_CLOSE(hand.weights(0), 0.25, exact);
    LLMLINGS_CHECK_CLOSE(hand.bias, 1.75, exact);
}

TEST_CASE("larger lambda shrinks the ridge weights towards zero and the bias towards the mean",
          "[ml][02_linear_regression]") {
    const matrix x = random_features(6, 30, 4);
    const vector y = noisy_linear_targets(x, vector{1.0, -2.0, 0.5, 3.0}, 5.0, 1.0);
    double previous = squared_norm(fit_normal_equation(x, y).weights);
    for (double lambda : {0.1, 1.0, 10.0, 100.0, 1000.0}) {
        const double current = squared_norm(fit_ridge(x, y, lambda).weights);
        CHECK(current < previous);
        previous = current;
    }
    // λ = 1e12: w ≈ Xcᵀyc / λ ≈ 1e-10, and b ≈ ȳ.
    const linear_model flat = fit_ridge(x, y, 1e12);
    CHECK(max_abs(flat.weights) < 1e-8);
    LLMLINGS_CHECK_CLOSE(flat.bias, average(y), (tolerance{1e-8, 1e-8}));
}

TEST_CASE("adding a constant to the targets changes only the ridge bias", "[ml][02_linear_regression]") {
    // The intercept is not penalised, so the fit is equivariant to shifts of y.
    const matrix x = random_features(7, 15, 3);
    const vector y = random_normal(15);
    const vector shifted = plus(y, 100.0);
    const linear_model a = fit_ridge(x, y, 5.0);
    const linear_model b = fit_ridge(x, shifted, 5.0);
    // Shifting y by 100 adds rounding errors of size ~100ε·cond to the solve.
    LLMLINGS_CHECK_CLOSE(b.weights, a.weights, (tolerance{1e-10, 1e-11}));
    LLMLINGS_CHECK_CLOSE(b.bias, a.bias + 100.0, (tolerance{1e-12, 1e-10}));
}

TEST_CASE("ridge trades a higher training error for a lower test error on a small noisy problem",
          "[ml][02_linear_regression]") {
    // 12 features and only 15 noisy examples: OLS fits the noise (overfits). With p = 13
    // parameters the expected test MSE of OLS is σ²(1 + p/(n − p − 1)) = 14 for σ² = 1, while
    // ridge with λ = 10 stays below 2 (a NumPy simulation of this setting gives 1.7). A single
    // trial could be unlucky; the mean over 20 seeded trials is not.
    double ols_test = 0.0, ridge_test = 0.0;
    for (const overfit_trial& t : overfit_trials(8, 20)) {
        const matrix &x_train = t.x_train, &x_test = t.x_test;
        const vector &y_train = t.y_train, &y_test = t.y_test;
        const linear_model ols = fit_normal_equation(x_train, y_train);
        const linear_model ridge = fit_ridge(x_train, y_train, 10.0);
        // OLS minimises the training error, so ridge can never beat it there.
        CHECK(mean_squared_error(y_train, predict(ridge, x_train)) >=
              mean_squared_error(y_train, predict(ols, x_train)));
        ols_test += mean_squared_error(y_test, predict(ols, x_test)) / 20.0;
        ridge_test += mean_squared_error(y_test, predict(ridge, x_test)) / 20.0;
    }
    CHECK(ridge_test < 0.5 * ols_test);
}

TEST_CASE("one epoch of gradient descent is the hand-computed step", "[ml][02_linear_regression]") {
    // From θ = 0 the gradient is −(2/n)Aᵀy = −(2/3)(Σy, Σxy) = −(2/3)(6, 7); α = 0.1 gives
    // b = 0.4 and w = 0.7/1.5 = 7/15.
    gd_options options;
    options.learning_rate = 0.1;
    options.epochs = 1;
    options.tolerance = 0.0;
    const linear_model model = fit_gradient_descent(three_x, three_y, options);
    LLMLINGS_CHECK_CLOSE(model.bias, 0.4, exact);
    LLMLINGS_CHECK_CLOSE(model.weights(0), 7.0 / 15.0, exact);
}

TEST_CASE("gradient descent converges to the normal equation solution", "[ml][02_linear_regression]") {
    const matrix x = random_features(9, 50, 3);
    const vector y = noisy_linear_targets(x, vector{1.5, -0.5, 2.0}, -1.0, 0.3);
    const linear_model exact_fit = fit_normal_equation(x, y);
    gd_options options;
    options.learning_rate = 0.2;  // below 1/λmax(AᵀA/n) ≈ 1/1.6 for standard normal features
    options.epochs = 5000;
    options.tolerance = 1e-12;
    const linear_model model = fit_gradient_descent(x, y, options);
    // Stopping at ‖∇L‖ ≤ 1e-12 with the smallest curvature 2μ ≈ 1 leaves |θ − θ*| ≲ 1e-12.
    LLMLINGS_CHECK_CLOSE(model.weights, exact_fit.weights, (tolerance{1e-9, 1e-10}));
    LLMLINGS_CHECK_CLOSE(model.bias, exact_fit.bias, (tolerance{1e-9, 1e-10}));
    // The same without an intercept.
    options.fit_intercept = false;
    const linear_model no_bias = fit_gradient_descent(x, y, options);
    LLMLINGS_CHECK_CLOSE(no_bias.weights, fit_normal_equation(x, y, false).weights, (tolerance{1e-9, 1e-10}));
    CHECK(no_bias.bias == 0.0);
}

TEST_CASE("gradient descent with too large a learning rate diverges and throws", "[ml][02_linear_regression]") {
    const matrix x = random_features(10, 20, 2);
    const vector y = random_normal(20);
    gd_options options;
    options.learning_rate = 5.0;  // far above 1/λmax(AᵀA/n) ≈ 0.7: the error grows ~8× per epoch
    options.epochs = 100000;
    CHECK_THROWS_AS(fit_gradient_descent(x, y, options), llmlings::numerical_error);
}

TEST_CASE("the metrics of the hand-worked fit", "[ml][02_linear_regression]") {
    // Predictions 1.5, 2, 2.5 for targets 1, 3, 2: residuals −0.5, 1, −0.5.
    const vector pred{1.5, 2.0, 2.5};
    LLMLINGS_CHECK_CLOSE(mean_squared_error(three_y, pred), 0.5, exact);  // 1.5 / 3
    LLMLINGS_CHECK_CLOSE(root_mean_squared_error(three_y, pred), std::sqrt(0.5), exact);
    LLMLINGS_CHECK_CLOSE(mean_absolute_error(three_y, pred), 2.0 / 3.0, exact);  // 2 / 3
    LLMLINGS_CHECK_CLOSE(r2_score(three_y, pred), 0.25, exact);                  // 1 − 1.5 / 2
    LLMLINGS_CHECK_CLOSE(root_mean_squared_error(vector{0.0, 0.0}, vector{3.0, -3.0}), 3.0, exact);
    // One outlier: MSE grows with its square, MAE only linearly.
    LLMLINGS_CHECK_CLOSE(mean_squared_error(vector{0, 0, 0, 0}, vector{1, 1, 1, 9}), 21.0, exact);
    LLMLINGS_CHECK_CLOSE(mean_absolute_error(vector{0, 0, 0, 0}, vector{1, 1, 1, 9}), 3.0, exact);
}

TEST_CASE("R2 is one for a perfect fit zero for the mean and negative for worse", "[ml][02_linear_regression]") {
    const vector y{3.0, -1.0, 4.0, 1.0, 5.0};
    CHECK(r2_score(y, y) == 1.0);
    LLMLINGS_CHECK_CLOSE(r2_score(y, filled(5, 2.4)), 0.0, exact);  // ȳ = 12/5
    // Predicting the mean plus 1: SS_res = SS_tot + n, so R² = −n / SS_tot, with SS_tot =
    // 0.6² + 3.4² + 1.6² + 1.4² + 2.6² = 23.2.
    LLMLINGS_CHECK_CLOSE(r2_score(y, filled(5, 3.4)), -5.0 / 23.2, exact);
    // A fitted OLS model with an intercept has R² in [0, 1] on its training data.
    const double r2 = r2_score(three_y, predict(fit_normal_equation(three_x, three_y), three_x));
    LLMLINGS_CHECK_CLOSE(r2, 0.25, exact);
}

TEST_CASE("metrics reject mismatched empty or constant inputs", "[ml][02_linear_regression]") {
    CHECK_THROWS_AS(mean_squared_error(vector{1, 2}, vector{1}), llmlings::shape_error);
    CHECK_THROWS_AS(mean_absolute_error(vector{1, 2}, vector{1}), llmlings::shape_error);
    CHECK_THROWS_AS(r2_score(vector{1, 2}, vector{1, 2, 3}), llmlings::shape_error);
    CHECK_THROWS_AS(mean_squared_error(vector{}, vector{}), llmlings::invalid_argument);
    CHECK_THROWS_AS(root_mean_squared_error(vector{}, vector{}), llmlings::invalid_argument);
    CHECK_THROWS_AS(mean_absolute_error(vector{}, vector{}), llmlings::invalid_argument);
    CHECK_THROWS_AS(r2_score(vector{2, 2, 2}, vector{1, 2, 3}), llmlings::invalid_argument);
}

TEST_CASE("the fits reject bad shapes and bad settings", "[ml][02_linear_regression]") {
    CHECK_THROWS_AS(fit_normal_equation(three_x, vector{1, 2}), llmlings::shape_error);
    CHECK_THROWS_AS(fit_ridge(three_x, vector{1, 2}, 1.0), llmlings::shape_error);
    CHECK_THROWS_AS(fit_gradient_descent(three_x, vector{1, 2}), llmlings::shape_error);
    CHECK_THROWS_AS(fit_normal_equation(matrix::from_shape({0, 2}), vector{}), llmlings::invalid_argument);
    CHECK_THROWS_AS(fit_normal_equation(matrix::from_shape({3, 0}), three_y, false), llmlings::invalid_argument);
    CHECK_THROWS_AS(fit_ridge(three_x, three_y, -1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(fit_ridge(three_x, three_y, std::nan("")), llmlings::invalid_argument);
    gd_options options;
    options.learning_rate = 0.0;
    CHECK_THROWS_AS(fit_gradient_descent(three_x, three_y, options), llmlings::invalid_argument);
    options.learning_rate = 0.1;
    options.tolerance = -1.0;
    CHECK_THROWS_AS(fit_gradient_descent(three_x, three_y, options), llmlings::invalid_argument);
}

TEST_CASE("root mean squared error names itself for vectors of different lengths", "[ml][02_linear_regression]") {
    // it is the square root of mean_squared_error, but the error must name the function called
    CHECK_THROWS_AS(root_mean_squared_error(vector{1.0, 2.0}, vector{1.0}), llmlings::shape_error);
    CHECK_THROWS_WITH(root_mean_squared_error(vector{1.0, 2.0}, vector{1.0}),
                      llmlings::testing::contains("root_mean_squared_error") && llmlings::testing::contains("2 vs 1"));
    CHECK_THROWS_WITH(root_mean_squared_error(vector{}, vector{}),
                      llmlings::testing::contains("root_mean_squared_error") && llmlings::testing::contains("empty"));
}
