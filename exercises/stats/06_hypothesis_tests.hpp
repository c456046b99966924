// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief stats/06 — hypothesis tests: the one-sample z test, the one-sample, paired and
 * two-sample t tests (pooled and Welch), the chi-square test of independence, and the p-values
 * that turn a test statistic into a verdict.
 *
 * Shapes: a sample x is a vector (n); two samples a (n_a) and b (n_b) may differ in length except
 * for the paired test; a contingency table is a matrix (r, c) of counts.
 *
 * Every test returns a test_result {statistic, dof, p_value}, like SciPy's ttest_1samp,
 * ttest_rel, ttest_ind and chi2_contingency(correction=False), which the tests compare with.
 * The statistics use stats/01 (mean, variance) and the p-values stats/02 (normal, Student t and
 * chi-square tails, computed as survival functions so a tiny p-value keeps its digits).
 *
 * What this file deliberately is not: power analysis, multiple-testing corrections, exact or
 * non-parametric tests (Fisher, Mann–Whitney), or Yates' continuity correction.
 *
 * References: NIST/SEMATECH *e-Handbook of Statistical Methods*, §1.3.5.3 (t tests) and
 * §7.4.2 (tests for a mean); B. L. Welch (1947), "The generalization of 'Student's' problem when
 * several different population variances are involved", Biometrika 34; K. Pearson (1900) for the
 * chi-square test; R's `t.test(extra ~ group, data = sleep)` for the worked example.
 *
 * Guide: @ref stats_06_hypothesis_tests (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_STATS_06_HYPOTHESIS_TESTS_HPP
#define LLMLINGS_STATS_06_HYPOTHESIS_TESTS_HPP

#include <cmath>
#include <cstddef>
#include <limits>

#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>
#include <llmlings/stats/01_descriptive.hpp>
#include <llmlings/stats/02_distributions.hpp>

namespace llmlings {
namespace stats {

/**
 * @ingroup stats
 * @brief Which deviations from the null hypothesis count as evidence against it.
 *
 * For a statistic T whose null distribution is symmetric about 0 (z, t):
 * two_sided: p = P(|T| ≥ |t|); less: p = P(T ≤ t) (the alternative says the true value is
 * below the null value); greater: p = P(T ≥ t). Choose before seeing the data.
 */
enum class alternative {
    two_sided,  ///< H₁: μ ≠ μ₀ (SciPy's "two-sided")
    less,       ///< H₁: μ < μ₀
    greater     ///< H₁: μ > μ₀
};

/**
 * @ingroup stats
 * @brief The outcome of a hypothesis test.
 */
struct test_result {
    double statistic = 0.0;  ///< z, t or χ², measured in units of its null distribution's spread
    double dof = 0.0;        ///< degrees of freedom of the null distribution (+∞ for a z test)
    double p_value = 1.0;    ///< P(a statistic at least this extreme | H₀ true), in [0, 1]
};

/**
 * @ingroup stats
 * @brief p-value of a z statistic, whose null distribution is the standard normal N(0, 1).
 *
 * @f[ p = \begin{cases} 2\,(1 - \Phi(|z|)) & \text{two-sided} \\ \Phi(z) & \text{less} \\
 *     1 - \Phi(z) & \text{greater} \end{cases} @f]
 * Upper tails come from stats/02's normal_sf, so z = 10 gives 7.6e-24, not 0.
 *
 * @param z the statistic (not NaN; ±∞ give p = 0 or 1)
 * @param alt the alternative hypothesis
 * @return the p-value, in [0, 1]
 * @throws invalid_argument when z is NaN
 *
 * Complexity: O(1). Example: `p_value_z(1.959963984540054, alternative::two_sided)` → `0.05`;
 * `p_value_z(-1, alternative::less)` → `0.1587`.
 */
inline double p_value_z(double z, alternative alt) {
    todo("stats/06_hypothesis_tests", "p_value_z");
}

/**
 * @ingroup stats
 * @brief p-value of a t statistic with ν degrees of freedom (Student's t null distribution).
 *
 * @f[ p = \begin{cases} 2\,P(T_\nu > |t|) & \text{two-sided} \\ P(T_\nu \le t) & \text{less} \\
 *     P(T_\nu > t) & \text{greater} \end{cases} @f]
 * Heavier tails than the normal: t = 2.228 with ν = 10 is the two-sided 5 % point, where the
 * normal would need only 1.96.
 *
 * @param t the statistic (not NaN)
 * @param dof ν, finite and > 0 (fractional for Welch's test)
 * @param alt the alternative hypothesis
 * @return the p-value, in [0, 1]
 * @throws invalid_argument when t is NaN or ν is not finite and > 0
 *
 * Complexity: one incomplete beta evaluation. Example:
 * `p_value_t(2.2281388519649385, 10, alternative::two_sided)` → `0.05`.
 */
inline double p_value_t(double t, double dof, alternative alt) {
    todo("stats/06_hypothesis_tests", "p_value_t");
}

namespace detail {

/**
 * @brief Throws invalid_argument naming `function` when its statistic is NaN, which happens
 * exactly when the data hold a NaN (or infinities that cancel): reported by the test the caller
 * called, not by p_value_t().
 *
 * @param function the public test, e.g. `"t_test_welch"`
 * @param statistic z or t
 */
inline void check_statistic(const char* function, double statistic) {
    todo("stats/06_hypothesis_tests", "check_statistic");
}

/**
 * @brief The one-sample t test of t_test_one_sample(), with errors reported under `function`
 * (t_test_paired() runs it on the differences).
 *
 * @param function the public test that asked
 * @param x the sample
 * @param mu0 the mean under the null hypothesis
 * @param alt the alternative hypothesis
 */
inline test_result one_sample_t(const char* function, const vector& x, double mu0, alternative alt) {
    todo("stats/06_hypothesis_tests", "one_sample_t");
}

}  // namespace detail

/**
 * @ingroup stats
 * @brief One-sample z test of H₀: μ = μ₀ when the population standard deviation σ is known.
 *
 * @f[ z = \frac{\bar x - \mu_0}{\sigma / \sqrt n} \;\sim\; N(0, 1) \text{ under } H_0 @f]
 * The standard error σ/√n is how much x̄ varies from sample to sample; z counts how many standard
 * errors x̄ lies from μ₀. Knowing σ is rare outside textbooks and quality control; otherwise use
 * t_test_one_sample().
 *
 * @param x vector (n), n ≥ 1
 * @param mu0 the mean under the null hypothesis
 * @param sigma the known population standard deviation, finite and > 0
 * @param alt the alternative hypothesis (default two-sided)
 * @return {z, +∞, p}: the normal is the t distribution with infinitely many degrees of freedom
 * @throws invalid_argument when x is empty, holds a NaN, or σ is not finite and > 0; the message
 *         names the function and the reason, e.g. `z_test: the statistic is NaN: the data contain
 *         a NaN (or infinities that cancel)`
 *
 * Complexity: O(n). Example: `z_test({1, 2, 3, 4, 5}, 2, 1)` → `{2.236, inf, 0.0253}`
 * (x̄ = 3, z = 1/(1/√5) = √5).
 */
inline test_result z_test(const vector& x, double mu0, double sigma, alternative alt = alternative::two_sided) {
    todo("stats/06_hypothesis_tests", "z_test");
}

/**
 * @ingroup stats
 * @brief One-sample t test of H₀: μ = μ₀ with σ estimated from the sample (Student, 1908).
 *
 * @f[ t = \frac{\bar x - \mu_0}{s / \sqrt n}, \qquad s^2 = \frac{1}{n-1}\sum_i (x_i - \bar x)^2,
 *     \qquad t \sim t_{n-1} \text{ under } H_0 @f]
 * Replacing σ by the estimate s adds uncertainty, which the heavier-tailed t distribution with
 * n − 1 degrees of freedom accounts for. Assumes independent observations from a roughly normal
 * population (for large n the central limit theorem makes normality unimportant).
 *
 * @param x vector (n), n ≥ 2
 * @param mu0 the mean under the null hypothesis
 * @param alt the alternative hypothesis (default two-sided)
 * @return {t, n − 1, p}
 * @throws invalid_argument when n < 2, all values are equal (s = 0: t is undefined) or x holds a
 *         NaN; the message names the function and the reason, e.g. `t_test_one_sample: the
 *         statistic is NaN: the data contain a NaN (or infinities that cancel)`
 *
 * Complexity: O(n). Example (the sleep data: extra hours of sleep with drug 2 minus drug 1 for
 * 10 patients): `t_test_one_sample({1.2, 2.4, 1.3, 1.3, 0, 1, 1.8, 0.8, 4.6, 1.4}, 0)` →
 * `{4.0621, 9, 0.002833}`.
 */
inline test_result t_test_one_sample(const vector& x, double mu0, alternative alt = alternative::two_sided) {
    todo("stats/06_hypothesis_tests", "t_test_one_sample");
}

/**
 * @ingroup stats
 * @brief Paired t test of H₀: mean(a − b) = 0, for two measurements on the same units
 * (before/after, left/right): a one-sample t test of the differences dᵢ = aᵢ − bᵢ.
 *
 * @f[ t = \frac{\bar d}{s_d / \sqrt n}, \qquad t \sim t_{n-1} \text{ under } H_0 @f]
 * Pairing removes the variation between units, so it detects a smaller effect than a two-sample
 * test on the same numbers would.
 *
 * @param a vector (n), the first measurement of each unit
 * @param b vector (n), the second measurement of the same units, in the same order
 * @param alt the alternative hypothesis about mean(a − b) (default two-sided)
 * @return {t, n − 1, p}
 * @throws shape_error when the lengths differ; the message names the function and both lengths:
 *         `t_test_paired: vectors differ in length: 3 vs 2`
 * @throws invalid_argument when n < 2, all differences are equal or a value is NaN; the message
 *         names t_test_paired (not the one-sample test it runs) and the reason: `... needs at least
 *         2 values to estimate the spread, got n = 1`, `... all values are equal: ...`, `... the
 *         statistic is NaN: the data contain a NaN ...`
 *
 * Complexity: O(n). Example (sleep data, drug 1 then drug 2): t = −4.0621, dof 9, p = 0.002833.
 */
inline test_result t_test_paired(const vector& a, const vector& b, alternative alt = alternative::two_sided) {
    todo("stats/06_hypothesis_tests", "t_test_paired");
}

namespace detail {

/// Throws invalid_argument unless a sample of a two-sample test has at least 2 values.
inline void check_two_sample_size(const char* function, const char* name, std::size_t n) {
    todo("stats/06_hypothesis_tests", "check_two_sample_size");
}

}  // namespace detail

/**
 * @ingroup stats
 * @brief Two-sample t test of H₀: μ_a = μ_b assuming equal variances (Student's pooled test).
 *
 * @f[ s_p^2 = \frac{(n_a - 1)s_a^2 + (n_b - 1)s_b^2}{n_a + n_b - 2}, \qquad
 *     t = \frac{\bar a - \bar b}{s_p\sqrt{1/n_a + 1/n_b}}, \qquad t \sim t_{n_a+n_b-2} @f]
 * The pooled variance s_p² averages the two sample variances, weighted by their degrees of
 * freedom. If the variances and the sizes both differ, the test is miscalibrated; Welch's test
 * (t_test_welch()) is the safer default.
 *
 * @param a vector (n_a), n_a ≥ 2
 * @param b vector (n_b), n_b ≥ 2
 * @param alt the alternative hypothesis about μ_a − μ_b (default two-sided)
 * @return {t, n_a + n_b − 2, p}
 * @throws invalid_argument when a sample has fewer than 2 values or holds a NaN, or both have zero
 *         variance; the message names the function and the reason, e.g. `t_test_pooled: the
 *         statistic is NaN: the data contain a NaN (or infinities that cancel)`
 *
 * Complexity: O(n_a + n_b). Example (sleep data by drug): t = −1.8608, dof 18, p = 0.07919.
 */
inline test_result t_test_pooled(const vector& a, const vector& b, alternative alt = alternative::two_sided) {
    todo("stats/06_hypothesis_tests", "t_test_pooled");
}

/**
 * @ingroup stats
 * @brief Welch's two-sample t test of H₀: μ_a = μ_b without assuming equal variances.
 *
 * @f[ t = \frac{\bar a - \bar b}{\sqrt{s_a^2/n_a + s_b^2/n_b}}, \qquad
 *     \nu = \frac{\left(s_a^2/n_a + s_b^2/n_b\right)^2}
 *                {\frac{(s_a^2/n_a)^2}{n_a - 1} + \frac{(s_b^2/n_b)^2}{n_b - 1}} @f]
 * Each mean keeps its own standard error; the Welch–Satterthwaite formula gives an approximate,
 * usually fractional ν between min(n_a, n_b) − 1 and n_a + n_b − 2.
 *
 * @param a vector (n_a), n_a ≥ 2
 * @param b vector (n_b), n_b ≥ 2
 * @param alt the alternative hypothesis about μ_a − μ_b (default two-sided)
 * @return {t, ν, p}
 * @throws invalid_argument when a sample has fewer than 2 values or holds a NaN, or both have zero
 *         variance; the message names the function and the reason, e.g. `t_test_welch: the
 *         statistic is NaN: the data contain a NaN (or infinities that cancel)`
 *
 * Complexity: O(n_a + n_b). Example (sleep data by drug): t = −1.8608, ν = 17.776, p = 0.07939.
 */
inline test_result t_test_welch(const vector& a, const vector& b, alternative alt = alternative::two_sided) {
    todo("stats/06_hypothesis_tests", "t_test_welch");
}

/**
 * @ingroup stats
 * @brief Expected counts of a contingency table if rows and columns were independent:
 * E_ij = (row total i) · (column total j) / (grand total).
 *
 * @f[ E_{ij} = \frac{R_i\, C_j}{N}, \qquad R_i = \sum_j O_{ij},\ C_j = \sum_i O_{ij},\ N = \sum_{ij} O_{ij} @f]
 * Independence means P(row i and column j) = P(row i) P(column j); estimating both factors by
 * the observed proportions R_i/N and C_j/N and multiplying by N gives E_ij. E has the same row
 * and column totals as the observed table.
 *
 * @param observed matrix (r, c) of counts, finite and ≥ 0 (need not be integers)
 * @return matrix (r, c) of expected counts
 * @throws shape_error when the table has no rows or no columns
 * @throws invalid_argument when a count is negative or not finite, or a row or column total is 0
 *         (that category was never observed: its expected counts would be 0 and χ² divides by them)
 *
 * Complexity: O(r·c). Example: `expected_counts({{10, 20}, {30, 40}})` →
 * `{{12, 18}, {28, 42}}` (row totals 30, 70; column totals 40, 60; N = 100).
 */
inline matrix expected_counts(const matrix& observed) {
    todo("stats/06_hypothesis_tests", "expected_counts");
}

/**
 * @ingroup stats
 * @brief Pearson's chi-square test of independence of the rows and columns of a contingency table.
 *
 * @f[ \chi^2 = \sum_{i,j} \frac{(O_{ij} - E_{ij})^2}{E_{ij}}, \qquad
 *     \nu = (r - 1)(c - 1), \qquad p = P(\chi^2_\nu \ge \chi^2) @f]
 * Each term compares an observed count with the count independence predicts, scaled by the
 * expected count (for Poisson-like counts the variance equals the mean). The test is always
 * one-sided: only large χ² is evidence against independence. The chi-square approximation wants
 * every E_ij ≳ 5; no continuity correction is applied (SciPy's correction=False).
 *
 * @param observed matrix (r, c) of counts, r ≥ 2, c ≥ 2, finite and ≥ 0
 * @return {χ², (r − 1)(c − 1), p}
 * @throws shape_error when r < 2 or c < 2 (nothing to compare: ν = 0)
 * @throws invalid_argument when a count is negative or not finite, or a row or column total is 0;
 *         these come from expected_counts(), whose name the message carries, with the row or
 *         column: `expected_counts: row 0 has a total of 0`
 *
 * Complexity: O(r·c) plus one incomplete gamma evaluation. Example (Wikipedia, "Chi-squared
 * test": occupations by neighbourhood, 650 people): `{{90, 60, 104, 95}, {30, 50, 51, 20},
 * {30, 40, 45, 35}}` → `{24.571, 6, 0.00041}`.
 */
inline test_result chi_square_independence(const matrix& observed) {
    todo("stats/06_hypothesis_tests", "chi_square_independence");
}

}  // namespace stats
}  // namespace llmlings

#endif  // LLMLINGS_STATS_06_HYPOTHESIS_TESTS_HPP
