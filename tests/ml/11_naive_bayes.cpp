// SPDX-License-Identifier: MIT
// Tests for ml/11_naive_bayes. Oracles: the textbook example of Manning, Raghavan & Schütze,
// Introduction to Information Retrieval, Example 13.1 (exact fractions); hand-worked class means,
// variances and priors; Bayes' theorem evaluated with stats::normal_pdf and stats::posterior;
// the closed-form Bayes-optimal threshold between two 1-D Gaussians of equal variance; a far
// point whose log-posterior is a closed form while its densities underflow. The oracles and
// random data are in oracles/11_naive_bayes.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/ml/11_naive_bayes.hpp>

#include <cmath>
#include <cstddef>

#include "oracles/11_naive_bayes.hpp"

using llmlings::index_vector;
using llmlings::matrix;
using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::ml;
using namespace oracles;

namespace {

// A few double operations (logs, sums of a handful of terms) on numbers of order 1.
const tolerance exact{1e-13, 1e-14};

// Manning et al., Table 13.1. Columns: Chinese, Beijing, Shanghai, Macao, Tokyo, Japan.
// Class 0 is "China" (documents 1–3), class 1 is "not China" (document 4).
const matrix ir_train = {{2, 1, 0, 0, 0, 0},   // Chinese Beijing Chinese
                         {2, 0, 1, 0, 0, 0},   // Chinese Chinese Shanghai
                         {1, 0, 0, 1, 0, 0},   // Chinese Macao
                         {1, 0, 0, 0, 1, 1}};  // Tokyo Japan Chinese
const index_vector ir_labels = {0, 0, 0, 1};
const matrix ir_test = {{3, 0, 0, 0, 1, 1}};  // Chinese Chinese Chinese Tokyo Japan

// Class 0: (0,1), (2,3) → means (1,2), population variances (1,1).
// Class 1: (5,0), (7,4), (6,2) → means (6,2), variances (2/3, 8/3). Priors 2/5 and 3/5.
const matrix small_x = {{0, 1}, {5, 0}, {2, 3}, {7, 4}, {6, 2}};
const index_vector small_y = {0, 1, 0, 1, 1};

}  // namespace

TEST_CASE("gaussian naive bayes estimates the hand-worked means variances and priors", "[ml][11_naive_bayes]") {
    const gaussian_nb_model model = fit_gaussian_nb(small_x, small_y, 2, 0.0);
    LLMLINGS_CHECK_CLOSE(model.class_log_prior, (vector{std::log(0.4), std::log(0.6)}), exact);
    LLMLINGS_CHECK_CLOSE(model.means, (matrix{{1, 2}, {6, 2}}), exact);
    LLMLINGS_CHECK_CLOSE(model.variances, (matrix{{1, 1}, {2.0 / 3, 8.0 / 3}}), exact);
}

TEST_CASE("var_smoothing adds a fraction of the largest feature variance", "[ml][11_naive_bayes]") {
    // Over all five rows: column 0 = {0,5,2,7,6}, mean 4, variance 34/5 = 6.8; column 1 = {1,0,3,4,2},
    // variance 2. ε = 1e-3 × 6.8 is added to every variance.
    const gaussian_nb_model model = fit_gaussian_nb(small_x, small_y, 2, 1e-3);
    LLMLINGS_CHECK_CLOSE(model.variances, (matrix{{1 + 6.8e-3, 1 + 6.8e-3}, {2.0 / 3 + 6.8e-3, 8.0 / 3 + 6.8e-3}}),
                         exact);
    // The default 1e-9 shifts them by 6.8e-9 only.
    const gaussian_nb_model by_default = fit_gaussian_nb(small_x, small_y, 2);
    LLMLINGS_CHECK_CLOSE(by_default.variances(0, 0), 1.0 + 6.8e-9, exact);
    // A feature constant within class 0 has variance ε there, not 0.
    const matrix x = {{1, 0}, {1, 1}, {3, 5}, {4, 7}};
    const gaussian_nb_model constant = fit_gaussian_nb(x, index_vector{0, 0, 1, 1}, 2, 1e-2);
    // column 1 = {0,1,5,7}: mean 3.25, variance (10.5625 + 5.0625 + 3.0625 + 14.0625)/4 = 8.1875.
    LLMLINGS_CHECK_CLOSE(constant.variances(0, 0), 8.1875e-2, exact);
    CHECK_THROWS_AS(fit_gaussian_nb(x, index_vector{0, 0, 1, 1}, 2, 0.0), llmlings::numerical_error);
}

TEST_CASE("gaussian naive bayes posteriors follow Bayes theorem with normal densities", "[ml][11_naive_bayes]") {
    // The naive assumption: P(x | k) is the product of one normal density per feature.
    const gaussian_nb_model model = fit_gaussian_nb(small_x, small_y, 2, 0.0);
    const matrix points = {{3, 2}, {4.5, 1}, {1, 2}};
    const matrix p = predict_proba(model, points);
    const matrix log_p = predict_log_proba(model, points);
    const matrix jll = joint_log_likelihood(model, points);
    // Row by row: likelihoods N(x0; 1, 1) N(x1; 2, 1) and N(x0; 6, √(2/3)) N(x1; 2, √(8/3)) with
    // stats::normal_pdf, priors (0.4, 0.6), posteriors by stats::posterior.
    const matrix expected = small_set_posteriors(points);
    // exp/log round trips of numbers of order 1 to 1e-20: relative 1e-12 is ample.
    LLMLINGS_CHECK_CLOSE(p, expected, (tolerance{1e-12, 1e-15}));
    LLMLINGS_CHECK_CLOSE(log_p, log_of(expected), (tolerance{1e-12, 1e-14}));
    LLMLINGS_CHECK_CLOSE(jll, small_set_log_joint(points), (tolerance{1e-12, 1e-14}));
    CHECK(identical(predict_labels(model, points), index_vector{0, 1, 0}));
}

TEST_CASE("predicted log-probabilities are normalised", "[ml][11_naive_bayes]") {
    const random_problem r = random_three_classes();
    const gaussian_nb_model model = fit_gaussian_nb(r.x, r.y, 3);
    const matrix log_p = predict_log_proba(model, r.test);
    LLMLINGS_CHECK_CLOSE(row_sums_of_exp(log_p), filled(10, 1.0), (tolerance{1e-14, 1e-14}));
    CHECK(all_nonpositive(log_p));
    LLMLINGS_CHECK_CLOSE(exp_of(log_p), predict_proba(model, r.test), (tolerance{1e-14, 1e-16}));
    // The most probable class, from the posterior, is the predicted label.
    CHECK(identical(predict_labels(model, r.test), row_argmax(log_p)));
    const multinomial_nb_model mnb = fit_multinomial_nb(ir_train, ir_labels, 2);
    const matrix mlog = predict_log_proba(mnb, ir_train);
    LLMLINGS_CHECK_CLOSE(row_sums_of_exp(mlog), filled(4, 1.0), (tolerance{1e-14, 1e-14}));
}

TEST_CASE("equal variances and priors put the decision threshold at the midpoint", "[ml][11_naive_bayes]") {
    // Means −4 and 6, the same offsets in both classes (so the same variance 1.25), equal priors:
    // the Bayes-optimal threshold is the midpoint 1, where both classes are equally probable.
    const matrix x = {{-5.5}, {-4.5}, {-3.5}, {-2.5}, {4.5}, {5.5}, {6.5}, {7.5}};
    const index_vector y = {0, 0, 0, 0, 1, 1, 1, 1};
    const gaussian_nb_model model = fit_gaussian_nb(x, y, 2);
    LLMLINGS_CHECK_CLOSE(predict_proba(model, matrix{{1.0}})(0, 1), 0.5, (tolerance{1e-12, 1e-12}));
    CHECK(identical(predict_labels(model, matrix{{1.0 - 1e-6}, {1.0 + 1e-6}, {-100.0}, {100.0}}),
                    index_vector{0, 1, 0, 1}));
}

TEST_CASE("unequal priors shift the threshold by the closed-form amount", "[ml][11_naive_bayes]") {
    // Class 0 has every example twice (priors 2/3 and 1/3, variances unchanged at 1.25). Solving
    // log π₀ − (t−μ₀)²/2σ² = log π₁ − (t−μ₁)²/2σ² gives t = (μ₀+μ₁)/2 + σ² log(π₀/π₁)/(μ₁−μ₀).
    const matrix x = {{-5.5}, {-4.5}, {-3.5}, {-2.5}, {-5.5}, {-4.5}, {-3.5}, {-2.5}, {4.5}, {5.5}, {6.5}, {7.5}};
    const index_vector y = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1};
    const gaussian_nb_model model = fit_gaussian_nb(x, y, 2, 0.0);
    const double t = 1.0 + 1.25 * std::log(2.0) / 10.0;
    LLMLINGS_CHECK_CLOSE(predict_proba(model, matrix{{t}})(0, 1), 0.5, (tolerance{1e-12, 1e-12}));
    CHECK(identical(predict_labels(model, matrix{{t - 1e-6}, {t + 1e-6}, {1.0}}), index_vector{0, 1, 0}));
}

TEST_CASE("log space keeps posteriors finite where the densities underflow", "[ml][11_naive_bayes]") {
    // Means 0 and 2, variances 1, equal priors; at x = 60 the densities e^(−1800) and e^(−1682)
    // are both 0 in double, so P(x|k)P(k) / P(x) would be 0/0. In logs the difference of the two
    // classes is −(60² − 58²)/2 = −118 exactly, so log P(0|x) = −118 − log(1 + e^(−118)).
    CHECK(normal_density(60.0, 0.0, 1.0) == 0.0);
    const gaussian_nb_model model = fit_gaussian_nb(matrix{{-1}, {1}, {1}, {3}}, index_vector{0, 0, 1, 1}, 2, 0.0);
    const matrix log_p = predict_log_proba(model, matrix{{60.0}});
    LLMLINGS_CHECK_CLOSE(log_p(0, 0), -118.0, (tolerance{1e-13, 0}));
    // log P(1|x) = −log(1 + e^(−118)) ≈ −5.5e-52, which rounds to 0 next to J ≈ −1700.
    CHECK(log_p(0, 1) <= 0.0);
    LLMLINGS_CHECK_CLOSE(log_p(0, 1), 0.0, (tolerance{0, 1e-12}));
    const matrix p = predict_proba(model, matrix{{60.0}});
    CHECK(p(0, 1) == 1.0);
    CHECK(predict_labels(model, matrix{{60.0}})(0) == 1);
}

TEST_CASE("duplicating a feature doubles its evidence because naive Bayes assumes independence",
          "[ml][11_naive_bayes]") {
    // With equal priors the log-odds are the sum of one term per feature; a copy of a feature is
    // counted as independent evidence, so the log-odds double (the model becomes overconfident).
    const matrix x1 = {{0}, {2}, {5}, {7}};
    const matrix x2 = {{0, 0}, {2, 2}, {5, 5}, {7, 7}};
    const index_vector y = {0, 0, 1, 1};
    const matrix point1 = {{3.0}}, point2 = {{3.0, 3.0}};
    const matrix j1 = joint_log_likelihood(fit_gaussian_nb(x1, y, 2), point1);
    const matrix j2 = joint_log_likelihood(fit_gaussian_nb(x2, y, 2), point2);
    LLMLINGS_CHECK_CLOSE(j2(0, 0) - j2(0, 1), 2.0 * (j1(0, 0) - j1(0, 1)), exact);
    // Means 1 and 6, variances 1: log-odds at 3 = (−(3−1)² + (3−6)²)/2 = 2.5 for one copy.
    LLMLINGS_CHECK_CLOSE(j1(0, 0) - j1(0, 1), 2.5, (tolerance{1e-8, 1e-8}));  // ε = 1e-9·Var shifts it ~1e-8
}

TEST_CASE("multinomial naive bayes reproduces the textbook China example", "[ml][11_naive_bayes]") {
    const multinomial_nb_model model = fit_multinomial_nb(ir_train, ir_labels, 2, 1.0);
    LLMLINGS_CHECK_CLOSE(model.class_log_prior, (vector{std::log(0.75), std::log(0.25)}), exact);
    // China: 8 words, (count + 1)/(8 + 6); not China: 3 words, (count + 1)/(3 + 6).
    const matrix theta = {{6.0 / 14, 2.0 / 14, 2.0 / 14, 2.0 / 14, 1.0 / 14, 1.0 / 14},
                          {2.0 / 9, 1.0 / 9, 1.0 / 9, 1.0 / 9, 2.0 / 9, 2.0 / 9}};
    LLMLINGS_CHECK_CLOSE(exp_of(model.feature_log_prob), theta, exact);
    // Document 5: P(c|d5) ∝ 3/4 · (3/7)³ · (1/14)² ≈ 0.0003, P(not c|d5) ∝ 1/4 · (2/9)⁵ ≈ 0.0001.
    const double china = 0.75 * std::pow(3.0 / 7, 3) / (14.0 * 14.0);
    const double other = 0.25 * std::pow(2.0 / 9, 5);
    const matrix jll = joint_log_likelihood(model, ir_test);
    LLMLINGS_CHECK_CLOSE(jll, (matrix{{std::log(china), std::log(other)}}), exact);
    LLMLINGS_CHECK_CLOSE(predict_proba(model, ir_test), (matrix{{china / (china + other), other / (china + other)}}),
                         exact);
    CHECK(predict_labels(model, ir_test)(0) == 0);
    CHECK(identical(predict_labels(model, ir_train), ir_labels));
}

TEST_CASE("lidstone smoothing with other alphas", "[ml][11_naive_bayes]") {
    // α = 0.5: θ(Chinese | China) = (5 + 0.5)/(8 + 3) = 1/2, θ(Tokyo | China) = 0.5/11.
    const multinomial_nb_model half = fit_multinomial_nb(ir_train, ir_labels, 2, 0.5);
    LLMLINGS_CHECK_CLOSE(half.feature_log_prob(0, 0), std::log(0.5), exact);
    LLMLINGS_CHECK_CLOSE(half.feature_log_prob(0, 4), std::log(0.5 / 11), exact);
    // Every class's word distribution sums to 1, whatever α.
    for (double alpha : {1e-6, 0.5, 1.0, 30.0}) {
        const multinomial_nb_model m = fit_multinomial_nb(ir_train, ir_labels, 2, alpha);
        LLMLINGS_CHECK_CLOSE(row_sums_of_exp(m.feature_log_prob), (vector{1.0, 1.0}), (tolerance{1e-14, 1e-14}));
    }
    // A huge α drowns the counts: every word is equally likely, and only the prior decides.
    const multinomial_nb_model flat = fit_multinomial_nb(ir_train, ir_labels, 2, 1e12);
    LLMLINGS_CHECK_CLOSE(exp_of(flat.feature_log_prob), filled(2, 6, 1.0 / 6), (tolerance{1e-10, 0}));
    LLMLINGS_CHECK_CLOSE(predict_proba(flat, matrix{{0, 0, 0, 0, 5, 5}}), (matrix{{0.75, 0.25}}), (tolerance{1e-9, 0}));
}

TEST_CASE("naive bayes rejects bad input", "[ml][11_naive_bayes]") {
    CHECK_THROWS_AS(fit_gaussian_nb(small_x, index_vector{0, 1}, 2), llmlings::shape_error);
    CHECK_THROWS_AS(fit_gaussian_nb(small_x, small_y, 1), llmlings::invalid_argument);
    CHECK_THROWS_AS(fit_gaussian_nb(small_x, small_y, 3), llmlings::invalid_argument);  // class 2 is empty
    CHECK_THROWS_AS(fit_gaussian_nb(small_x, index_vector{0, 1, 0, 2, 1}, 2), llmlings::invalid_argument);
    CHECK_THROWS_AS(fit_gaussian_nb(small_x, small_y, 2, -1.0), llmlings::invalid_argument);
    const gaussian_nb_model g = fit_gaussian_nb(small_x, small_y, 2);
    CHECK_THROWS_AS(predict_proba(g, matrix{{1, 2, 3}}), llmlings::shape_error);
    CHECK_THROWS_AS(fit_multinomial_nb(ir_train, ir_labels, 2, 0.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(fit_multinomial_nb(matrix{{1, -1}, {0, 2}}, index_vector{0, 1}, 2), llmlings::invalid_argument);
    CHECK_THROWS_AS(fit_multinomial_nb(ir_train, index_vector{0, 1}, 2), llmlings::shape_error);
    const multinomial_nb_model m = fit_multinomial_nb(ir_train, ir_labels, 2);
    CHECK_THROWS_AS(predict_labels(m, matrix{{1, 2}}), llmlings::shape_error);
}
