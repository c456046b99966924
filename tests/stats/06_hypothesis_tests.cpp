// SPDX-License-Identifier: MIT
// Tests for stats/06_hypothesis_tests. Oracles: published worked examples (R's sleep-data t tests,
// Wikipedia's Student's t-test and chi-squared test examples), closed forms (normal tails via
// std::erfc, the t distribution with 1 and 2 degrees of freedom, the 2x2 chi-square shortcut),
// identities, SciPy 1.10 golden values (tools/golden/stats_hypothesis.py), and seeded simulations
// (normal samples from stats/03) judged against binomial error bounds. The golden values, the
// normal tail and the margins are in oracles/06_hypothesis_tests.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/stats/03_sampling.hpp>
#include <llmlings/stats/06_hypothesis_tests.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>

#include "oracles/06_hypothesis_tests.hpp"

using llmlings::matrix;
using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::stats;
using llmlings::testing::contains;
using namespace oracles;

namespace {

// Statistics: a few dozen roundings on O(1)-O(100) numbers, summed in a different order than NumPy.
const tolerance stat_tol{1e-12, 1e-12};
// p-values: our incomplete beta/gamma functions (stats/02) and SciPy's (Cephes/Boost) are
// independent implementations that agree to ~1e-13 relative; 1e-10 leaves margin.
const tolerance p_tol{1e-10, 1e-300};

// R 4.x, `t.test(extra ~ group, data = sleep)` (Cushny & Peebles 1905, as used by Student 1908):
// extra hours of sleep of 10 patients under drug 1 and drug 2.
const vector sleep_drug1{0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
const vector sleep_drug2{1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};
// A printed value is exact to half a unit in its last decimal place: printed(4) for 0.0794.
tolerance printed(int decimals) {
    return {0, 0.5 * std::pow(10.0, -decimals)};
}

const alternative alternatives[3] = {alternative::two_sided, alternative::less, alternative::greater};

// Checks a test_result against row `row` of a golden (3,3) result array.
void check_row(const test_result& r, const matrix& expected, std::size_t row, const std::string& what) {
    INFO(what << ", alternative row " << row);
    LLMLINGS_CHECK_CLOSE(r.statistic, expected(row, 0), stat_tol);
    LLMLINGS_CHECK_CLOSE(r.dof, expected(row, 1), stat_tol);
    LLMLINGS_CHECK_CLOSE(r.p_value, expected(row, 2), p_tol);
}

}  // namespace

TEST_CASE("p-values of a z statistic are normal tail areas", "[stats][06_hypothesis_tests]") {
    const tolerance tol{1e-14, 1e-300};
    // The two-sided 5 % point.
    LLMLINGS_CHECK_CLOSE(p_value_z(1.959963984540054, alternative::two_sided), 0.05, tol);
    CHECK(p_value_z(0.0, alternative::two_sided) == 1.0);
    CHECK(p_value_z(0.0, alternative::less) == 0.5);
    for (double z : {-3.7, -1.0, 0.3, 2.5, 9.0}) {
        LLMLINGS_CHECK_CLOSE(p_value_z(z, alternative::greater), upper_normal(z), tol);
        LLMLINGS_CHECK_CLOSE(p_value_z(z, alternative::less), upper_normal(-z), tol);
        LLMLINGS_CHECK_CLOSE(p_value_z(z, alternative::two_sided), 2 * upper_normal(std::fabs(z)), tol);
    }
    // A far tail keeps its digits, where 1 − Φ(10) would round to 0 (SciPy: norm.sf(10)).
    LLMLINGS_CHECK_CLOSE(p_value_z(10.0, alternative::greater), 7.61985302416047e-24, (tolerance{1e-13, 0}));
    CHECK_THROWS_AS(p_value_z(std::numeric_limits<double>::quiet_NaN(), alternative::less), llmlings::invalid_argument);
}

TEST_CASE("p-values of a t statistic match the closed forms for 1 and 2 degrees of freedom",
          "[stats][06_hypothesis_tests]") {
    const tolerance tol{1e-12, 1e-300};
    const double pi = 3.141592653589793;
    for (double t : {-6.0, -0.5, 0.7, 3.0, 40.0}) {
        // nu = 1 is the Cauchy distribution: P(T > t) = 1/2 − atan(t)/π.
        const double cauchy_upper = 0.5 - std::atan(t) / pi;
        LLMLINGS_CHECK_CLOSE(p_value_t(t, 1, alternative::greater), cauchy_upper, tol);
        LLMLINGS_CHECK_CLOSE(p_value_t(t, 1, alternative::less), 1 - cauchy_upper, tol);
        // nu = 2: P(T > t) = 1/2 − t / (2 sqrt(2 + t²)).
        const double upper2 = 0.5 - t / (2 * std::sqrt(2 + t * t));
        LLMLINGS_CHECK_CLOSE(p_value_t(t, 2, alternative::greater), upper2, (tolerance{1e-11, 1e-300}));
        LLMLINGS_CHECK_CLOSE(p_value_t(t, 2, alternative::two_sided),
                             2 * (0.5 - std::fabs(t) / (2 * std::sqrt(2 + t * t))), (tolerance{1e-11, 1e-300}));
    }
    // Table value t_0.975(10) = 2.228139: the two-sided 5 % point (SciPy: 2 t.sf(2.228138851986274, 10)
    // = 0.049999999999999975).
    LLMLINGS_CHECK_CLOSE(p_value_t(2.228138851986274, 10, alternative::two_sided), 0.05, (tolerance{1e-12, 0}));
    CHECK_THROWS_AS(p_value_t(1.0, 0.0, alternative::two_sided), llmlings::invalid_argument);
    CHECK_THROWS_AS(p_value_t(std::numeric_limits<double>::quiet_NaN(), 3, alternative::greater),
                    llmlings::invalid_argument);
}

TEST_CASE("a z test on a hand-worked sample", "[stats][06_hypothesis_tests]") {
    // x̄ = 3, μ₀ = 2, σ = 1, n = 5: z = 1 / (1/√5) = √5.
    const vector x{1, 2, 3, 4, 5};
    const double z = std::sqrt(5.0);
    const test_result two = z_test(x, 2.0, 1.0);
    LLMLINGS_CHECK_CLOSE(two.statistic, z, (tolerance{1e-15, 0}));
    CHECK(two.dof == std::numeric_limits<double>::infinity());
    LLMLINGS_CHECK_CLOSE(two.p_value, 2 * upper_normal(z), (tolerance{1e-13, 0}));
    LLMLINGS_CHECK_CLOSE(z_test(x, 2.0, 1.0, alternative::greater).p_value, upper_normal(z), (tolerance{1e-13, 0}));
    LLMLINGS_CHECK_CLOSE(z_test(x, 2.0, 1.0, alternative::less).p_value, upper_normal(-z), (tolerance{1e-13, 0}));
    // σ = 2 halves z.
    LLMLINGS_CHECK_CLOSE(z_test(x, 2.0, 2.0).statistic, z / 2, (tolerance{1e-15, 0}));
}

TEST_CASE("a z test rejects an empty sample and a non-positive sigma", "[stats][06_hypothesis_tests]") {
    CHECK_THROWS_AS(z_test(vector{}, 0.0, 1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(z_test(vector{1, 2}, 0.0, 0.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(z_test(vector{1, 2}, 0.0, -1.0), llmlings::invalid_argument);
}

TEST_CASE("the one-sample and paired t tests reproduce the published sleep-data result",
          "[stats][06_hypothesis_tests]") {
    // R: t.test(extra ~ group, data = sleep, paired = TRUE) → t = -4.0621, df = 9, p-value = 0.002833.
    const test_result paired = t_test_paired(sleep_drug1, sleep_drug2);
    LLMLINGS_CHECK_CLOSE(paired.statistic, -4.0621, printed(4));
    CHECK(paired.dof == 9.0);
    LLMLINGS_CHECK_CLOSE(paired.p_value, 0.002833, printed(6));
    // The same test as a one-sample t test of the differences drug 2 − drug 1.
    const vector d = minus(sleep_drug2, sleep_drug1);
    const test_result one = t_test_one_sample(d, 0.0);
    LLMLINGS_CHECK_CLOSE(one.statistic, 4.0621, printed(4));
    LLMLINGS_CHECK_CLOSE(one.p_value, paired.p_value, (tolerance{1e-14, 0}));
    // One-sided: the drug-2 advantage is in the predicted direction, so half the two-sided p.
    // (half of a value printed to 6 decimals is still within printed(6))
    LLMLINGS_CHECK_CLOSE(t_test_one_sample(d, 0.0, alternative::greater).p_value, 0.002833 / 2, printed(6));
}

TEST_CASE("the one-sample t test matches SciPy ttest_1samp", "[stats][06_hypothesis_tests]") {
    for (const std::string name : {"one", "far"}) {
        const vector x = golden_vector(name + "_x");
        const double mu0 = golden_vector(name + "_mu0")(0);
        const matrix expected = golden_matrix(name + "_result");
        for (std::size_t k = 0; k < 3; ++k) check_row(t_test_one_sample(x, mu0, alternatives[k]), expected, k, name);
    }
}

TEST_CASE("the paired t test matches SciPy ttest_rel", "[stats][06_hypothesis_tests]") {
    const vector a = golden_vector("paired_a"), b = golden_vector("paired_b");
    const matrix expected = golden_matrix("paired_result");
    for (std::size_t k = 0; k < 3; ++k) check_row(t_test_paired(a, b, alternatives[k]), expected, k, "paired");
}

TEST_CASE("one-sample and paired t tests reject bad input", "[stats][06_hypothesis_tests]") {
    CHECK_THROWS_AS(t_test_one_sample(vector{1.0}, 0.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(t_test_one_sample(vector{}, 0.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(t_test_one_sample(vector{2, 2, 2}, 0.0), llmlings::invalid_argument);  // s = 0
    CHECK_THROWS_AS(t_test_paired(vector{1, 2, 3}, vector{1, 2}), llmlings::shape_error);
    CHECK_THROWS_AS(t_test_paired(vector{1}, vector{2}), llmlings::invalid_argument);
    CHECK_THROWS_WITH(t_test_paired(vector{1, 2, 3}, vector{1, 2}), contains("3 vs 2"));
}

TEST_CASE("under the null hypothesis a 5 percent test rejects 5 percent of the time", "[stats][06_hypothesis_tests]") {
    // 2000 samples of n = 8 from N(0, 1), tested against the true mean 0: p is uniform on [0, 1],
    // so P(p < 0.05) = 0.05 (100 ± 9.7 rejections; [56, 144] is ±4.5 standard deviations) and
    // P(p < 0.5) = 0.5 (1000 ± 22; [900, 1100]). Shifted to mean 1 the test has power
    // P(reject) ≈ 0.68 (SciPy simulation): at least 1200 rejections.
    llmlings::rng gen(61);
    int below_005 = 0, below_05 = 0, power = 0;
    for (int s = 0; s < 2000; ++s) {
        const vector x = sample_normal(8, gen);
        const double p = t_test_one_sample(x, 0.0).p_value;
        below_005 += p < 0.05 ? 1 : 0;
        below_05 += p < 0.5 ? 1 : 0;
        const vector shifted = plus(x, 1.0);
        power += t_test_one_sample(shifted, 0.0).p_value < 0.05 ? 1 : 0;
    }
    INFO("p < 0.05: " << below_005 << ", p < 0.5: " << below_05 << ", power: " << power);
    CHECK(below_005 >= 56);
    CHECK(below_005 <= 144);
    CHECK(below_05 >= 900);
    CHECK(below_05 <= 1100);
    CHECK(power >= 1200);
}

TEST_CASE("with unequal variances and sizes Welch keeps its level and the pooled test does not",
          "[stats][06_hypothesis_tests]") {
    // Equal means; a: 5 values with sigma 3, b: 20 values with sigma 1. SciPy simulation: Welch
    // rejects 5.4 % at alpha = 0.05, the pooled test 26 % (it uses the small variance of the big
    // sample for both). Bounds for 2000 trials: Welch within [56, 144], pooled above 300.
    llmlings::rng gen(62);
    int welch = 0, pooled = 0;
    for (int s = 0; s < 2000; ++s) {
        const vector a = sample_normal(5, gen, 0.0, 3.0);
        const vector b = sample_normal(20, gen);
        welch += t_test_welch(a, b).p_value < 0.05 ? 1 : 0;
        pooled += t_test_pooled(a, b).p_value < 0.05 ? 1 : 0;
    }
    INFO("Welch rejections: " << welch << ", pooled rejections: " << pooled);
    CHECK(welch >= 56);
    CHECK(welch <= 144);
    CHECK(pooled >= 300);
}

TEST_CASE("pooled and Welch t tests reproduce published examples", "[stats][06_hypothesis_tests]") {
    // R: t.test(extra ~ group, data = sleep) → t = -1.8608, df = 17.776, p-value = 0.07939;
    // with var.equal = TRUE → t = -1.8608, df = 18, p-value = 0.07919.
    const test_result welch = t_test_welch(sleep_drug1, sleep_drug2);
    LLMLINGS_CHECK_CLOSE(welch.statistic, -1.8608, printed(4));
    LLMLINGS_CHECK_CLOSE(welch.dof, 17.776, printed(3));
    LLMLINGS_CHECK_CLOSE(welch.p_value, 0.07939, printed(5));
    const test_result pooled = t_test_pooled(sleep_drug1, sleep_drug2);
    LLMLINGS_CHECK_CLOSE(pooled.statistic, -1.8608, printed(4));
    CHECK(pooled.dof == 18.0);
    LLMLINGS_CHECK_CLOSE(pooled.p_value, 0.07919, printed(5));
    // Wikipedia, "Student's t-test", worked examples: Welch p = 0.09077, equal variances p = 0.07857.
    const vector a1{30.02, 29.99, 30.11, 29.97, 30.01, 29.99};
    const vector a2{29.89, 29.93, 29.72, 29.98, 30.02, 29.98};
    LLMLINGS_CHECK_CLOSE(t_test_welch(a1, a2).p_value, 0.09077, printed(5));
    LLMLINGS_CHECK_CLOSE(t_test_pooled(a1, a2).p_value, 0.07857, printed(5));
    LLMLINGS_CHECK_CLOSE(t_test_pooled(a1, a2).statistic, 1.959, printed(3));
}

TEST_CASE("pooled and Welch t tests match SciPy ttest_ind", "[stats][06_hypothesis_tests]") {
    const vector a = golden_vector("two_a"), b = golden_vector("two_b");
    const matrix pooled_expected = golden_matrix("pooled_result"), welch_expected = golden_matrix("welch_result");
    for (std::size_t k = 0; k < 3; ++k) {
        check_row(t_test_pooled(a, b, alternatives[k]), pooled_expected, k, "pooled");
        check_row(t_test_welch(a, b, alternatives[k]), welch_expected, k, "welch");
    }
}

TEST_CASE("Welch equals pooled for equal sizes and its dof lies between the bounds", "[stats][06_hypothesis_tests]") {
    const vector a{4.1, 5.3, 2.2, 6.8, 5.0, 3.9};
    const vector b{7.7, 6.1, 9.4, 5.2, 8.8, 6.6};
    // With n_a = n_b the two standard errors coincide, so the statistics are equal.
    LLMLINGS_CHECK_CLOSE(t_test_welch(a, b).statistic, t_test_pooled(a, b).statistic, (tolerance{1e-14, 0}));
    // min(n_a, n_b) − 1 ≤ ν ≤ n_a + n_b − 2, the upper bound reached when the variances are equal.
    const vector c{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    const vector wide{-40, 25, 3, 60, -12, 33, 8};
    const double nu = t_test_welch(c, wide).dof;
    CHECK(nu >= 6.0);
    CHECK(nu <= 17.0);
    const vector shifted = plus(a, 10.0);  // same variance as a
    LLMLINGS_CHECK_CLOSE(t_test_welch(a, shifted).dof, 10.0, (tolerance{1e-13, 0}));
}

TEST_CASE("two-sample t tests reject samples that are too small or constant", "[stats][06_hypothesis_tests]") {
    CHECK_THROWS_AS(t_test_welch(vector{1.0}, vector{1, 2, 3}), llmlings::invalid_argument);
    CHECK_THROWS_AS(t_test_welch(vector{1, 2, 3}, vector{}), llmlings::invalid_argument);
    CHECK_THROWS_AS(t_test_pooled(vector{1.0}, vector{1, 2, 3}), llmlings::invalid_argument);
    CHECK_THROWS_AS(t_test_pooled(vector{5, 5}, vector{7, 7, 7}), llmlings::invalid_argument);
    CHECK_THROWS_AS(t_test_welch(vector{5, 5}, vector{7, 7, 7}), llmlings::invalid_argument);
}

TEST_CASE("expected counts are row total times column total over the grand total", "[stats][06_hypothesis_tests]") {
    // Row totals 30 and 70, column totals 40 and 60, N = 100.
    const matrix e = expected_counts(matrix{{10, 20}, {30, 40}});
    LLMLINGS_CHECK_CLOSE(e, (matrix{{12, 18}, {28, 42}}), (tolerance{1e-15, 1e-14}));
    // They keep the observed margins.
    const matrix o{{3, 0, 7, 1}, {2, 9, 4, 4}, {8, 1, 1, 6}};
    const matrix e2 = expected_counts(o);
    LLMLINGS_CHECK_CLOSE(column_totals(e2), column_totals(o), (tolerance{1e-14, 1e-13}));
    LLMLINGS_CHECK_CLOSE(row_totals(e2), row_totals(o), (tolerance{1e-14, 1e-13}));
}

TEST_CASE("the chi-square test reproduces the published neighbourhood example", "[stats][06_hypothesis_tests]") {
    // Wikipedia, "Chi-squared test", example chi-squared test for categorical data: 650 people by
    // occupation (rows: white, blue, no collar) and neighbourhood (A, B, C, D). It prints
    // χ² ≈ 24.6 with 6 degrees of freedom and p ≈ 0.0004.
    const matrix table{{90, 60, 104, 95}, {30, 50, 51, 20}, {30, 40, 45, 35}};
    const test_result r = chi_square_independence(table);
    LLMLINGS_CHECK_CLOSE(r.statistic, 24.6, printed(1));
    CHECK(r.dof == 6.0);
    LLMLINGS_CHECK_CLOSE(r.p_value, 0.0004, printed(4));
    // The article's first expected count: 150 · 349 / 650 ≈ 80.54.
    LLMLINGS_CHECK_CLOSE(expected_counts(table)(0, 0), 150.0 * 349.0 / 650.0, (tolerance{1e-15, 0}));
}

TEST_CASE("the chi-square test of a 2x2 table matches the closed form", "[stats][06_hypothesis_tests]") {
    // χ² = N (ad − bc)² / ((a+b)(c+d)(a+c)(b+d)); with 1 degree of freedom χ² = Z², so
    // p = P(|Z| > √χ²) = erfc(√(χ²/2)).
    const double a = 34, b = 11, c = 19, d = 29, n = a + b + c + d;
    const double chi2 = n * (a * d - b * c) * (a * d - b * c) / ((a + b) * (c + d) * (a + c) * (b + d));
    const test_result r = chi_square_independence(matrix{{a, b}, {c, d}});
    LLMLINGS_CHECK_CLOSE(r.statistic, chi2, stat_tol);
    CHECK(r.dof == 1.0);
    LLMLINGS_CHECK_CLOSE(r.p_value, std::erfc(std::sqrt(chi2 / 2)), (tolerance{1e-11, 1e-300}));
    // A table with exactly proportional rows shows no association at all.
    const test_result none = chi_square_independence(matrix{{10, 20, 30}, {20, 40, 60}});
    LLMLINGS_CHECK_CLOSE(none.statistic, 0.0, (tolerance{0, 1e-13}));
    LLMLINGS_CHECK_CLOSE(none.p_value, 1.0, (tolerance{1e-12, 0}));
}

TEST_CASE("the chi-square test matches SciPy chi2_contingency without correction", "[stats][06_hypothesis_tests]") {
    for (const std::string name : {"chi34", "chi22"}) {
        INFO(name);
        const matrix table = golden_matrix(name + "_table");
        const vector expected = golden_vector(name + "_result");
        const test_result r = chi_square_independence(table);
        LLMLINGS_CHECK_CLOSE(r.statistic, expected(0), stat_tol);
        CHECK(r.dof == expected(1));
        LLMLINGS_CHECK_CLOSE(r.p_value, expected(2), p_tol);
        LLMLINGS_CHECK_CLOSE(expected_counts(table), golden_matrix(name + "_expected"), (tolerance{1e-13, 1e-12}));
    }
}

TEST_CASE("the chi-square test rejects small tables and empty categories", "[stats][06_hypothesis_tests]") {
    CHECK_THROWS_AS(chi_square_independence(matrix{{1, 2, 3}}), llmlings::shape_error);
    CHECK_THROWS_AS(chi_square_independence(matrix({0, 0})), llmlings::shape_error);
    CHECK_THROWS_AS(expected_counts(matrix({0, 3})), llmlings::shape_error);
    CHECK_THROWS_AS(chi_square_independence(matrix{{0, 0}, {3, 4}}), llmlings::invalid_argument);  // zero row total
    CHECK_THROWS_AS(chi_square_independence(matrix{{0, 5}, {0, 4}}), llmlings::invalid_argument);  // zero column total
    CHECK_THROWS_AS(chi_square_independence(matrix{{-1, 5}, {2, 4}}), llmlings::invalid_argument);
    CHECK_THROWS_AS(expected_counts(matrix{{1, std::numeric_limits<double>::quiet_NaN()}, {2, 4}}),
                    llmlings::invalid_argument);
    CHECK_THROWS_WITH(chi_square_independence(matrix{{0, 0}, {3, 4}}), contains("row 0"));
}

TEST_CASE("t tests name themselves for too few values and for data holding a NaN", "[stats][06_hypothesis_tests]") {
    // t_test_paired runs the one-sample test on the differences, and every test hands its statistic
    // to p_value_t: errors must still name the test the caller called.
    CHECK_THROWS_AS(t_test_paired(vector{1.0}, vector{2.0}), llmlings::invalid_argument);
    CHECK_THROWS_WITH(t_test_paired(vector{1.0}, vector{2.0}), contains("t_test_paired") && contains("at least 2"));
    CHECK_THROWS_WITH(t_test_paired(vector{1.0, 2.0}, vector{0.0, 1.0}),
                      contains("t_test_paired") && contains("equal"));
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const vector with_nan{1.0, nan, 3.0}, plain{1.0, 2.0, 4.0};
    CHECK_THROWS_WITH(t_test_one_sample(with_nan, 0.0), contains("t_test_one_sample") && contains("NaN"));
    CHECK_THROWS_WITH(t_test_paired(with_nan, plain), contains("t_test_paired") && contains("NaN"));
    CHECK_THROWS_WITH(t_test_pooled(with_nan, plain), contains("t_test_pooled") && contains("NaN"));
    CHECK_THROWS_WITH(t_test_welch(plain, with_nan), contains("t_test_welch") && contains("NaN"));
    CHECK_THROWS_WITH(z_test(with_nan, 0.0, 1.0), contains("z_test") && contains("NaN"));
}
