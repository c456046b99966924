// SPDX-License-Identifier: MIT
// Tests for ml/03_logistic_regression. Oracles: closed-form values of the sigmoid, BCE and
// softmax (log 2, log 3, 3/4 from logit log 3), central-difference gradient checks
// (llmlings::testing::gradient_check), a hand-computed gradient step, golden gradient-descent
// steps from an independent NumPy implementation (tools/golden/ml_logistic.py), and properties
// (separable data classified perfectly, probabilities summing to 1, L2 bounding the weights).
// The oracles, random data and golden-file loading are in oracles/03_logistic_regression.cpp,
// compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/ml/03_logistic_regression.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>

#include "oracles/03_logistic_regression.hpp"

using llmlings::index_vector;
using llmlings::matrix;
using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::ml;
using namespace oracles;

namespace {

// A few double operations on numbers of order 1.
const tolerance exact{1e-14, 1e-15};
const double ln2 = std::log(2.0);
const double ln3 = std::log(3.0);

}  // namespace

TEST_CASE("the sigmoid of hand-picked logits", "[ml][03_logistic_regression]") {
    CHECK(sigmoid(0.0) == 0.5);
    CHECK_CLOSE_AT(sigmoid(ln3), 0.75, exact);  // odds 3 : 1
    CHECK_CLOSE_AT(sigmoid(-ln3), 0.25, exact);
    CHECK_CLOSE_AT(sigmoid(2.0), 1.0 / (1.0 + std::exp(-2.0)), exact);
    CHECK(sigmoid(1000.0) == 1.0);
    CHECK(sigmoid(-1000.0) == 0.0);
    // σ(−700) = e^(−700) / (1 + e^(−700)) ≈ e^(−700): no overflow, full relative precision.
    CHECK_CLOSE_AT(sigmoid(-700.0), std::exp(-700.0), (tolerance{1e-14, 0}));
    for (double z : {-30.0, -3.5, -0.1, 0.7, 12.0})
        CHECK_CLOSE_AT(sigmoid(-z), 1.0 - sigmoid(z), (tolerance{1e-15, 1e-16}));
}

TEST_CASE("binary cross-entropy from logits matches closed forms and stays finite", "[ml][03_logistic_regression]") {
    // z = 0 is a coin flip: log 2 whatever the label.
    CHECK_CLOSE_AT(binary_cross_entropy_with_logits(vector_from({0.0, 0.0}), labels_of({0, 1})), ln2, exact);
    // z = log 3 means P(1) = 3/4: −log(3/4) for y = 1, −log(1/4) for y = 0.
    CHECK_CLOSE_AT(binary_cross_entropy_with_logits(vector_from({ln3}), labels_of({1})), std::log(4.0 / 3.0), exact);
    CHECK_CLOSE_AT(binary_cross_entropy_with_logits(vector_from({ln3}), labels_of({0})), std::log(4.0), exact);
    CHECK_CLOSE_AT(binary_cross_entropy_with_logits(vector_from({0.0, ln3}), labels_of({0, 1})),
                   (ln2 + std::log(4.0 / 3.0)) / 2.0, exact);
    // Confidently wrong logits cost |z|; confidently right ones cost ≈ e^(−|z|).
    CHECK_CLOSE_AT(binary_cross_entropy_with_logits(vector_from({1000.0}), labels_of({0})), 1000.0, exact);
    CHECK_CLOSE_AT(binary_cross_entropy_with_logits(vector_from({-1000.0}), labels_of({1})), 1000.0, exact);
    CHECK(binary_cross_entropy_with_logits(vector_from({1000.0, -1000.0}), labels_of({1, 0})) == 0.0);
    CHECK_CLOSE_AT(binary_cross_entropy_with_logits(vector_from({40.0}), labels_of({1})), std::exp(-40.0),
                   (tolerance{1e-12, 0}));
    // One logit against a soft target: y = 1/4 at z = log 3 (P = 3/4) is −(¼ log ¾ + ¾ log ¼).
    CHECK_CLOSE_AT(binary_cross_entropy_with_logits(ln3, 0.25), -(0.25 * std::log(0.75) + 0.75 * std::log(0.25)),
                   exact);
    CHECK_CLOSE_AT(binary_cross_entropy_with_logits(0.0, 0.3), ln2, exact);
    // At |z| = 1e4: log1p(e^(−1e4)) = 0 in double, so the loss is exactly max(z, 0) − y z.
    CHECK(binary_cross_entropy_with_logits(1e4, 1.0) == 0.0);
    CHECK(binary_cross_entropy_with_logits(-1e4, 0.0) == 0.0);
    CHECK(binary_cross_entropy_with_logits(1e4, 0.0) == 1e4);
    CHECK(binary_cross_entropy_with_logits(-1e4, 0.5) == 5e3);
}

TEST_CASE("softmax rows sum to one and ignore a common shift", "[ml][03_logistic_regression]") {
    const matrix p = softmax(matrix_from({{0.0, ln3}, {1.0, 1.0}, {1000.0, 1000.0 + ln3}, {-1000.0, -1000.0 + ln3}}));
    // 1000 + log 3 is stored with an error of up to ulp(1000)/2 ≈ 6e-14, which the softmax passes on.
    CHECK_CLOSE_AT(p, (matrix_from({{0.25, 0.75}, {0.5, 0.5}, {0.25, 0.75}, {0.25, 0.75}})), (tolerance{1e-13, 1e-13}));
    const matrix z = scaled_randn(31, 6, 4, 5.0);
    const matrix q = softmax(z);
    CHECK_CLOSE_AT(row_sums(q), filled(6, 1.0), (tolerance{1e-14, 1e-14}));
    CHECK(all_positive(q));
    const matrix shifted = plus(z, 123.0);
    CHECK_CLOSE_AT(softmax(shifted), q, (tolerance{1e-12, 1e-15}));
    // Two classes: softmax(0, z)₁ = σ(z).
    for (double v : {-4.0, 0.3, 7.0})
        CHECK_CLOSE_AT(element(softmax(matrix_from({{0.0, v}})), 0, 1), sigmoid(v), (tolerance{1e-14, 1e-16}));
    // log_softmax is its logarithm, finite even where softmax underflows to 0.
    const matrix lp = log_softmax(matrix_from({{0.0, -2000.0}}));
    CHECK_CLOSE_AT(element(lp, 0, 1), -2000.0, exact);
    CHECK_CLOSE_AT(exp_of(log_softmax(z)), q, (tolerance{1e-14, 1e-16}));
    // And the other way round where no probability underflows (logits of size 5 keep them above
    // e^(−60)): log(q) carries q's relative rounding error as an absolute one, about 1e-16.
    CHECK_CLOSE_AT(log_softmax(z), log_of(q), (tolerance{1e-13, 1e-14}));
}

TEST_CASE("softmax and log softmax stay exact at logits of plus or minus 1e4", "[ml][03_logistic_regression]") {
    const matrix x = matrix_from({{1e4, 0.0, -1e4}, {-1e4, -1e4, -1e4}, {1e4, 1e4, 0.0}});
    const matrix p = softmax(x);
    // e^(−1e4) underflows to 0; the other entries are exp of a correctly rounded log: a few ulps.
    CHECK_CLOSE_AT(p, (matrix_from({{1, 0, 0}, {1.0 / 3, 1.0 / 3, 1.0 / 3}, {0.5, 0.5, 0}})),
                   (tolerance{1e-15, 1e-300}));
    // log softmax(1e4, 0, −1e4) = (0, −1e4, −2e4) up to log(1 + e^(−1e4)) = 0 in double. In rows 2
    // and 3 the maximum is ±1e4 and log Σ is log 3 or log 2: computing z − (m + log Σ) would round
    // log Σ to the ulp of 1e4 (1.8e-12) and miss this 1e-15 tolerance.
    CHECK_CLOSE_AT(log_softmax(x), (matrix_from({{0, -1e4, -2e4}, {-ln3, -ln3, -ln3}, {-ln2, -ln2, -1e4 - ln2}})),
                   (tolerance{1e-15, 1e-15}));
}

TEMPLATE_TEST_CASE("softmax and log softmax fill preallocated views in float and double",
                   "[ml][03_logistic_regression]", float, double) {
    using T = TestType;
    using llmlings::matrix_of;
    // The oracle is the double computation on the same (rounded) logits. In double the view and
    // the matrix overloads run the same operations: 1e-15. In float each probability is exp of a
    // difference |z − m| ≤ 20 rounded to 2⁻²⁴ relative (1.2e-6 at 20) times a sum and a division
    // of a few ulps: 3e-6 relative; a log-probability carries the same as an absolute error, 4e-6.
    const bool is_float = std::is_same<T, float>::value;
    const tolerance prob_tol = is_float ? tolerance{3e-6, 1e-12} : tolerance{1e-15, 1e-300};
    const tolerance log_tol = is_float ? tolerance{1e-6, 4e-6} : tolerance{1e-15, 1e-15};
    const matrix_of<T> z = random_logits<T>(41);  // 4 N(0, 1), rounded to T
    const matrix rounded = to_double(z);
    matrix_of<T> p({5, 4}), lp({5, 4});
    softmax(input_rows(z), output_rows(p));
    log_softmax(input_rows(z), output_rows(lp));
    CHECK_CLOSE_AT(to_double(p), softmax(rounded), prob_tol);
    CHECK_CLOSE_AT(to_double(lp), log_softmax(rounded), log_tol);
    // exact at logits of ±1e4 in either type: e^(−1e4) is 0, e⁰ is 1 (all exact in float too)
    const matrix_of<T> big = to_type<T>(matrix_from({{1e4, 0, -1e4}}));
    matrix_of<T> pb({1, 3});
    softmax(input_rows(big), output_rows(pb));
    CHECK_CLOSE_AT(to_double(pb), (matrix_from({{1, 0, 0}})), (tolerance{0, 0}));
    // in place: the output may be the memory of the input
    matrix_of<T> inplace = z;
    softmax(input_rows(inplace), output_rows(inplace));
    CHECK_CLOSE_AT(to_double(inplace), to_double(p), (tolerance{0, 0}));
    // sigmoid in T: σ(log 3) = 3/4 to a few ulps of T
    const T three_quarters = sigmoid(static_cast<T>(std::log(3.0)));
    CHECK(std::is_same<decltype(sigmoid(T(0))), T>::value);
    CHECK(std::fabs(static_cast<double>(three_quarters) - 0.75) < 4.0 * std::numeric_limits<T>::epsilon());
    // a preallocated output of the wrong shape is never resized
    matrix_of<T> wrong({5, 3});
    CHECK_THROWS_AS(softmax(input_rows(z), output_rows(wrong)), llmlings::shape_error);
    CHECK_THROWS_AS(log_softmax(input_rows(z), output_rows(wrong)), llmlings::shape_error);
}

TEST_CASE("cross-entropy from logits matches closed forms and stays finite", "[ml][03_logistic_regression]") {
    CHECK_CLOSE_AT(cross_entropy_with_logits(matrix_from({{0.0, 0.0, 0.0}}), labels_of({2})), ln3, exact);
    // Rows (0, log 3): P = (1/4, 3/4). Labels 1 and 0: (−log ¾ − log ¼) / 2.
    CHECK_CLOSE_AT(cross_entropy_with_logits(matrix_from({{0.0, ln3}, {0.0, ln3}}), labels_of({1, 0})),
                   (std::log(4.0 / 3.0) + std::log(4.0)) / 2.0, exact);
    CHECK_CLOSE_AT(cross_entropy_with_logits(matrix_from({{1000.0, -1000.0}}), labels_of({1})), 2000.0, exact);
    CHECK(cross_entropy_with_logits(matrix_from({{1000.0, -1000.0}}), labels_of({0})) == 0.0);
}

TEST_CASE("the binary logistic gradient passes a central-difference check", "[ml][03_logistic_regression]") {
    const gradient_problem problem = binary_gradient_problem();  // θ = (b, w)
    const matrix& x = problem.x;
    const index_vector& y = problem.y;
    const xt::xarray<double>& point = problem.point;
    for (double l2 : {0.0, 0.3}) {
        const xt::xarray<double> analytic = pack_binary(logistic_gradient(unpack_binary(point), x, y, l2));
        const auto report = central_difference_check(
            [&](const xt::xarray<double>& p) { return logistic_loss(unpack_binary(p), x, y, l2); }, point, analytic);
        // A smooth loss in double with h = 1e-6: a correct gradient gives relative error < 1e-7.
        CHECK_GRADIENT_AT(report, 1e-7);
    }
}

TEST_CASE("the softmax gradient passes a central-difference check", "[ml][03_logistic_regression]") {
    const gradient_problem problem = softmax_gradient_problem();  // W (K,d) = (4,3) row by row, then b (4)
    const matrix& x = problem.x;
    const index_vector& y = problem.y;
    const xt::xarray<double>& point = problem.point;
    const auto unpack = [](const xt::xarray<double>& p) {
        return softmax_model{weights_part(p, 4, 3), bias_part(p, 4, 3)};
    };
    for (double l2 : {0.0, 0.2}) {
        const softmax_model g = softmax_gradient(unpack(point), x, y, l2);
        const xt::xarray<double> analytic = pack_softmax(g.weights, g.bias);
        const auto report = central_difference_check(
            [&](const xt::xarray<double>& p) { return softmax_loss(unpack(p), x, y, l2); }, point, analytic);
        CHECK_GRADIENT_AT(report, 1e-7);
    }
}

TEST_CASE("one epoch of binary logistic regression is the hand-computed step", "[ml][03_logistic_regression]") {
    // From w = 0, b = 0 every σ(z) is ½; errors σ − y = (−½, ½, −½); ∂w = (−½·1 + ½·3 − ½·(−2))/3 = 2/3,
    // ∂b = (−½)/3 = −1/6. With α = 0.3: w = −0.2, b = 0.05.
    const matrix x = matrix_from({{1.0}, {3.0}, {-2.0}});
    const index_vector y = labels_of({1, 0, 1});
    const linear_model zero{vector_from({0.0}), 0.0};
    const linear_model g = logistic_gradient(zero, x, y);
    CHECK_CLOSE_AT(element(g.weights, 0), 2.0 / 3.0, exact);
    CHECK_CLOSE_AT(g.bias, -1.0 / 6.0, exact);
    CHECK_CLOSE_AT(logistic_loss(zero, x, y), ln2, exact);
    logistic_options options;
    options.learning_rate = 0.3;
    options.epochs = 1;
    options.tolerance = 0.0;
    const linear_model model = fit_logistic(x, y, options);
    CHECK_CLOSE_AT(element(model.weights, 0), -0.2, exact);
    CHECK_CLOSE_AT(model.bias, 0.05, exact);
}

TEST_CASE("one epoch of softmax regression is the hand-computed step", "[ml][03_logistic_regression]") {
    // W = 0: P = 1/3 everywhere. (P − Y)/n rows: (−1/3, 1/6, 1/6) and (1/6, 1/6, −1/3); X = I makes
    // them the columns of ∂W = (P − Y)ᵀX/n (K,d) = (3,2), and ∂b is their sum (−1/6, 1/3, −1/6).
    // With α = 1 the step is −∂.
    const matrix x = matrix_from({{1.0, 0.0}, {0.0, 1.0}});
    const index_vector y = labels_of({0, 2});
    logistic_options options;
    options.learning_rate = 1.0;
    options.epochs = 1;
    options.tolerance = 0.0;
    const softmax_model model = fit_softmax(x, y, 3, options);
    CHECK_CLOSE_AT(model.weights, (matrix_from({{1.0 / 3, -1.0 / 6}, {-1.0 / 6, -1.0 / 6}, {-1.0 / 6, 1.0 / 3}})),
                   exact);
    CHECK_CLOSE_AT(model.bias, (vector_from({1.0 / 6, -1.0 / 3, 1.0 / 6})), exact);
    CHECK_CLOSE_AT(softmax_loss(softmax_model{zero_matrix(3, 2), zero_vector(3)}, x, y), ln3, exact);
}

TEST_CASE("softmax regression stores W as classes by features as PyTorch does", "[ml][03_logistic_regression]") {
    // W (K,d) = (3,2): row k holds the weights of class k, so z = xWᵀ + b. For x = (3, 1):
    // z = (1·3 + 2·1, 0·3 + 1·1, 1·3 + 0·1) + (0, 1, 0) = (5, 2, 3).
    const softmax_model model{matrix_from({{1, 2}, {0, 1}, {1, 0}}), vector_from({0, 1, 0})};
    const matrix x = matrix_from({{3, 1}, {0, 2}});
    // Row 2: (0 + 4, 0 + 2 + 1, 0) = (4, 3, 0).
    CHECK_CLOSE_AT(predict_logits(model, x), (matrix_from({{5, 2, 3}, {4, 3, 0}})), exact);
    CHECK(identical(predict_labels(model, x), labels_of({0, 0})));
    // The gradient has W's shape; with labels (1, 2) the error rows (P − Y)/2 weight the features.
    const index_vector y = labels_of({1, 2});
    const softmax_model g = softmax_gradient(model, x, y);
    REQUIRE(g.weights.shape()[0] == 3);
    REQUIRE(g.weights.shape()[1] == 2);
    // (P − Y)ᵀX/n by three loops; two products: rounding
    CHECK_CLOSE_AT(g.weights, softmax_weight_gradient(predict_proba(model, x), x, y), (tolerance{1e-14, 1e-15}));
}

TEST_CASE("binary gradient descent steps match the NumPy golden file", "[ml][03_logistic_regression]") {
    const binary_golden g = load_binary_golden();
    const linear_model start{row(g.w_steps, 0), element(g.b_steps, 0)};
    logistic_options options;
    options.learning_rate = g.learning_rate;
    options.l2 = g.l2;
    options.tolerance = 0.0;
    for (std::size_t k = 0; k <= g.steps; ++k) {
        options.epochs = k;
        const linear_model model = fit_logistic(g.x, g.y, options, start);
        // Five steps of O(1) arithmetic in two implementations: agreement to ~1e-15, 1e-12 allowed.
        CHECK_CLOSE_AT(model.weights, row(g.w_steps, k), (tolerance{1e-12, 1e-13}));
        CHECK_CLOSE_AT(model.bias, element(g.b_steps, k), (tolerance{1e-12, 1e-13}));
        CHECK_CLOSE_AT(logistic_loss(model, g.x, g.y, options.l2), element(g.losses, k), (tolerance{1e-12, 1e-13}));
    }
}

TEST_CASE("softmax gradient descent steps match the NumPy golden file", "[ml][03_logistic_regression]") {
    // NumPy computes X @ W with W (d,K); the model stores (K,d) (PyTorch's layout): the oracle
    // returns the transposes.
    const softmax_golden g = load_softmax_golden();
    const softmax_model start{g.w_steps[0], row(g.b_steps, 0)};
    logistic_options options;
    options.learning_rate = g.learning_rate;
    options.l2 = g.l2;
    options.tolerance = 0.0;
    for (std::size_t k = 0; k <= g.steps; ++k) {
        options.epochs = k;
        const softmax_model model = fit_softmax(g.x, g.y, 3, options, start);
        CHECK_CLOSE_AT(model.weights, g.w_steps[k], (tolerance{1e-12, 1e-13}));
        CHECK_CLOSE_AT(model.bias, row(g.b_steps, k), (tolerance{1e-12, 1e-13}));
        CHECK_CLOSE_AT(softmax_loss(model, g.x, g.y, options.l2), element(g.losses, k), (tolerance{1e-12, 1e-13}));
    }
}

TEST_CASE("separable two-class data is classified perfectly", "[ml][03_logistic_regression]") {
    index_vector y;
    const matrix x = clusters(matrix_from({{-3.0, -3.0}, {3.0, 2.0}}), 20, 34, y);
    logistic_options options;
    options.learning_rate = 0.5;
    options.epochs = 300;
    const linear_model model = fit_logistic(x, y, options);
    CHECK(identical(predict_labels(model, x), y));
    CHECK(all_within(predict_proba(model, x), 0.0, 1.0));
    // Points far on either side of the boundary: confident and correct.
    const vector far = predict_proba(model, matrix_from({{-6.0, -6.0}, {6.0, 5.0}}));
    CHECK(element(far, 0) < 0.01);
    CHECK(element(far, 1) > 0.99);
    // A threshold of 0 accepts everything.
    CHECK(all_equal_to(predict_labels(model, x, 0.0), 1));
    // A probability exactly at the threshold is class 1 (p ≥ t): w = 0, b = 0 gives σ(0) = ½
    // everywhere, and σ(±1000) is exactly 1 or 0 in double.
    CHECK(all_equal_to(predict_labels(linear_model{vector_from({0.0, 0.0}), 0.0}, x, 0.5), 1));
    CHECK(identical(predict_labels(linear_model{vector_from({1000.0}), 0.0}, matrix_from({{1.0}, {-1.0}}), 1.0),
                    labels_of({1, 0})));
}

TEST_CASE("separable three-class data is classified perfectly with probabilities summing to one",
          "[ml][03_logistic_regression]") {
    index_vector y;
    const matrix x = clusters(matrix_from({{0.0, 4.0}, {-4.0, -2.0}, {4.0, -2.0}}), 15, 35, y);
    logistic_options options;
    options.learning_rate = 0.5;
    options.epochs = 300;
    const softmax_model model = fit_softmax(x, y, 3, options);
    CHECK(identical(predict_labels(model, x), y));
    const matrix p = predict_proba(model, x);
    CHECK_CLOSE_AT(row_sums(p), filled(45, 1.0), (tolerance{1e-14, 1e-14}));
    const vector p_label = label_probabilities(p, y);  // p(i, y(i)) for each row i
    for (std::size_t i = 0; i < y.size(); ++i) CHECK(element(p_label, i) > 0.5);
    // A class that never occurs in the labels gets ever lower scores but is allowed.
    const softmax_model four = fit_softmax(x, y, 4, options);
    CHECK(identical(predict_labels(four, x), y));
    CHECK(column_max(predict_proba(four, x), 3) < 0.05);
}

TEST_CASE("without L2 separable data makes the weights grow and L2 bounds them", "[ml][03_logistic_regression]") {
    index_vector y;
    const matrix x = clusters(matrix_from({{-3.0, 0.0}, {3.0, 0.0}}), 10, 36, y);
    logistic_options options;
    options.learning_rate = 0.5;
    options.tolerance = 0.0;
    options.epochs = 100;
    const double short_run = euclidean_length(fit_logistic(x, y, options).weights);
    options.epochs = 1000;
    const double long_run = euclidean_length(fit_logistic(x, y, options).weights);
    CHECK(long_run > short_run + 0.5);  // ‖w‖ grows like log(epochs): it never converges
    // With λ = 0.1 the loss has a unique minimum; descent reaches it (its gradient vanishes there).
    options.l2 = 0.1;
    options.tolerance = 1e-9;
    options.epochs = 20000;
    const linear_model ridge = fit_logistic(x, y, options);
    const linear_model g = logistic_gradient(ridge, x, y, 0.1);
    CHECK(std::hypot(euclidean_length(g.weights), g.bias) <= 1e-9);
    CHECK(euclidean_length(ridge.weights) < short_run);
    options.l2 = 1.0;
    CHECK(euclidean_length(fit_logistic(x, y, options).weights) < euclidean_length(ridge.weights));
}

TEST_CASE("logistic regression rejects bad labels shapes and settings", "[ml][03_logistic_regression]") {
    const matrix x = matrix_from({{1.0}, {2.0}});
    CHECK_THROWS_AS(fit_logistic(x, labels_of({0, 2})), llmlings::invalid_argument);
    CHECK_THROWS_AS(fit_logistic(x, labels_of({0, 1, 1})), llmlings::shape_error);
    CHECK_THROWS_AS(fit_logistic(zero_matrix(2, 0), labels_of({0, 1})), llmlings::invalid_argument);
    CHECK_THROWS_AS(fit_logistic(x, labels_of({0, 1}), logistic_options{}, linear_model{vector_from({1.0, 2.0}), 0.0}),
                    llmlings::shape_error);
    logistic_options bad;
    bad.learning_rate = -0.1;
    CHECK_THROWS_AS(fit_logistic(x, labels_of({0, 1}), bad), llmlings::invalid_argument);
    bad.learning_rate = 0.1;
    bad.l2 = -1.0;
    CHECK_THROWS_AS(fit_logistic(x, labels_of({0, 1}), bad), llmlings::invalid_argument);
    CHECK_THROWS_AS(fit_softmax(x, labels_of({0, 1}), 1), llmlings::invalid_argument);
    CHECK_THROWS_AS(fit_softmax(x, labels_of({0, 3}), 3), llmlings::invalid_argument);
    CHECK_THROWS_AS(predict_proba(linear_model{vector_from({1.0, 2.0}), 0.0}, x), llmlings::shape_error);
    CHECK_THROWS_AS(predict_labels(linear_model{vector_from({1.0}), 0.0}, x, 1.5), llmlings::invalid_argument);
    CHECK_THROWS_AS(predict_logits(softmax_model{zero_matrix(2, 3), zero_vector(3)}, x), llmlings::shape_error);
    // W must be (K,d) = (3,1) for X's one column: the (d,K) layout is refused
    CHECK_THROWS_AS(predict_logits(softmax_model{zero_matrix(1, 3), zero_vector(3)}, x), llmlings::shape_error);
    CHECK_THROWS_AS(
        fit_softmax(x, labels_of({0, 1}), 3, logistic_options{}, softmax_model{zero_matrix(1, 3), zero_vector(3)}),
        llmlings::shape_error);
    CHECK_THROWS_AS(binary_cross_entropy_with_logits(vector_from({0.0}), labels_of({0, 1})), llmlings::shape_error);
    CHECK_THROWS_AS(binary_cross_entropy_with_logits(vector{}, index_vector{}), llmlings::invalid_argument);
    CHECK_THROWS_AS(binary_cross_entropy_with_logits(0.0, 1.5), llmlings::invalid_argument);
    CHECK_THROWS_AS(binary_cross_entropy_with_logits(0.0, std::nan("")), llmlings::invalid_argument);
    CHECK_THROWS_AS(cross_entropy_with_logits(matrix_from({{0.0, 0.0}}), labels_of({2})), llmlings::invalid_argument);
    CHECK_THROWS_AS(log_softmax(zero_matrix(2, 0)), llmlings::invalid_argument);
}
