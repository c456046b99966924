// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief stats/02 — probability distributions: the normal (pdf, cdf, inverse cdf), the binomial
 * and Poisson counts, chi-square and Student's t through the regularized incomplete gamma and
 * beta functions.
 *
 * Every function takes and returns scalars (double); nothing here allocates. Naming follows
 * SciPy: `pdf` (density) or `pmf` (probability of one count), `cdf` = P(X ≤ x), `sf` = P(X > x)
 * (the survival function, computed directly so a tiny tail is not lost in 1 − cdf), `ppf` (the
 * percent-point function, the inverse of the cdf, also called the quantile function).
 *
 * What this file deliberately is not: a complete special-functions library. It has what the
 * hypothesis tests (stats/06) and the later modules need, with 12 to 15 correct digits in the
 * ranges they use (tails down to ~1e-300; shapes and degrees of freedom up to ~1e3, beyond which
 * the differences of large lgamma values in the prefactors cost a digit per factor of ten).
 *
 * References: W. H. Press et al., *Numerical Recipes* (3rd ed.), §6.2 (incomplete gamma: series
 * and continued fraction) and §6.4 (incomplete beta, modified Lentz); P. J. Acklam (2003), "An
 * algorithm for computing the inverse normal cumulative distribution function" (the rational
 * approximation and its one-step Halley refinement); M. Abramowitz and I. Stegun, *Handbook of
 * Mathematical Functions*, 26.2 (normal), 26.4 (chi-square), 26.7 (Student's t).
 */
#ifndef LLMLINGS_STATS_02_DISTRIBUTIONS_HPP
#define LLMLINGS_STATS_02_DISTRIBUTIONS_HPP

#include <cmath>
#include <limits>

#include <llmlings/core.hpp>

namespace llmlings {
namespace stats {

namespace detail {

/**
 * @brief Throws invalid_argument unless a normal distribution's parameters are usable: the mean
 * finite, the standard deviation finite and > 0.
 *
 * @param function the public function that checks, e.g. `"normal_cdf"`
 * @param mean the mean μ
 * @param stddev the standard deviation σ
 */
inline void check_normal_parameters(const char* function, double mean, double stddev) {
    todo("stats/02_distributions", "check_normal_parameters");
}

/**
 * @brief Throws invalid_argument unless `p` lies strictly between 0 and 1, as the argument of a
 * quantile function must (the 0 and 1 quantiles of an unbounded distribution are infinite).
 *
 * @param function the public function that checks, e.g. `"normal_ppf"`
 * @param p the probability
 */
inline void check_open_probability(const char* function, double p) {
    todo("stats/02_distributions", "check_open_probability");
}

/**
 * @brief Throws invalid_argument unless a shape parameter (degrees of freedom, a, b) is finite and > 0.
 *
 * @param function the public function that checks
 * @param name the parameter's name, for the message
 * @param value the parameter
 */
inline void check_positive_parameter(const char* function, const char* name, double value) {
    todo("stats/02_distributions", "check_positive_parameter");
}

/// Iteration cap of the series and continued fractions: they converge in O(√a) steps, so this is
/// reached only for parameters far beyond ~1e8, and is then reported rather than looped on.
inline constexpr int special_function_max_iterations = 100000;

/// Smallest magnitude a Lentz denominator may take (Numerical Recipes' FPMIN): guards 1/0.
inline constexpr double lentz_tiny = 1e-300;

/**
 * @brief The prefactor e^{−x} x^a / Γ(a) shared by both expansions of the incomplete gamma
 * function, computed in log space so neither x^a nor Γ(a) overflows.
 *
 * @param a the shape, > 0
 * @param x the point, > 0
 */
inline double gamma_prefactor(double a, double x) {
    todo("stats/02_distributions", "gamma_prefactor");
}

/**
 * @brief P(a, x) by its power series, which converges fast for x < a + 1 (Numerical Recipes gser).
 *
 * @f[ P(a,x) = \frac{e^{-x} x^a}{\Gamma(a)} \sum_{n=0}^{\infty} \frac{x^n}{a (a+1) \cdots (a+n)} @f]
 *
 * @param a the shape, > 0
 * @param x the point, > 0 and below a + 1
 * @throws numerical_error when the series has not converged after special_function_max_iterations terms
 */
inline double gamma_series(double a, double x) {
    todo("stats/02_distributions", "gamma_series");
}

/**
 * @brief Q(a, x) = 1 − P(a, x) by its continued fraction, evaluated with the modified Lentz
 * method; converges fast for x ≥ a + 1 (Numerical Recipes gcf).
 *
 * @f[ Q(a,x) = \frac{e^{-x} x^a}{\Gamma(a)}\;
 *     \cfrac{1}{x+1-a-\cfrac{1\cdot(1-a)}{x+3-a-\cfrac{2\cdot(2-a)}{x+5-a-\cdots}}} @f]
 *
 * @param a the shape, > 0
 * @param x the point, at least a + 1
 * @throws numerical_error when the fraction has not converged after special_function_max_iterations terms
 */
inline double gamma_continued_fraction(double a, double x) {
    todo("stats/02_distributions", "gamma_continued_fraction");
}

/**
 * @brief The continued fraction of the incomplete beta function, modified Lentz method
 * (Numerical Recipes betacf); converges fast for x < (a + 1) / (a + b + 2).
 *
 * @f[ I_x(a,b) = \frac{x^a (1-x)^b}{a\,B(a,b)}\;
 *     \cfrac{1}{1+\cfrac{d_1}{1+\cfrac{d_2}{1+\cdots}}}, \quad
 *     d_{2m+1} = -\frac{(a+m)(a+b+m)\,x}{(a+2m)(a+2m+1)}, \quad
 *     d_{2m} = \frac{m (b-m)\,x}{(a+2m-1)(a+2m)} @f]
 *
 * @param a, b the shapes, > 0
 * @param x the point in (0, 1)
 * @return the value of the fraction (without the prefactor)
 * @throws numerical_error when the fraction has not converged after special_function_max_iterations terms
 */
inline double beta_continued_fraction(double a, double b, double x) {
    todo("stats/02_distributions", "beta_continued_fraction");
}

/**
 * @brief I_x(a, b) from x and y = 1 − x, each given to full precision (no argument checks).
 *
 * The continued fraction converges fast for x < (a + 1)/(a + b + 2); above, the symmetry
 * I_x(a, b) = 1 − I_y(b, a) moves the evaluation there. The prefactor x^a y^b / B(a, b) is
 * computed in log space. Taking y as an argument lets a caller that knows 1 − x more accurately
 * than the subtraction would give it (Student's t with a tiny t²) keep those digits.
 *
 * @param a, b the shapes, > 0
 * @param x the point, in [0, 1]
 * @param y 1 − x
 */
inline double incomplete_beta(double a, double b, double x, double y) {
    todo("stats/02_distributions", "incomplete_beta");
}

// (Each table opens on the line of its name: a line ending in '{' would look like a function body
// to tools/make_stub.py.)
/// Acklam's rational approximation of Φ⁻¹: numerator and denominator coefficients for the
/// central region |p − ½| ≤ ½ − 0.02425 and for the tails (highest power first).
inline constexpr double acklam_central_numerator[6] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                                       -2.759285104469687e+02, 1.383577518672690e+02,
                                                       -3.066479806614716e+01, 2.506628277459239e+00};
/// See acklam_central_numerator.
inline constexpr double acklam_central_denominator[5] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                                         -1.556989798598866e+02, 6.680131188771972e+01,
                                                         -1.328068155288572e+01};
/// See acklam_central_numerator.
inline constexpr double acklam_tail_numerator[6] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                                    -2.400758277161838e+00, -2.549732539343734e+00,
                                                    4.374664141464968e+00,  2.938163982698783e+00};
/// See acklam_central_numerator.
inline constexpr double acklam_tail_denominator[4] = {7.784695709041462e-03, 3.224671290700398e-01,
                                                      2.445134137142996e+00, 3.754408661907416e+00};

/**
 * @brief The standard normal quantile for q in (0, 0.5], so the result is ≤ 0: Acklam's rational
 * approximation (relative error < 1.15e-9), then one Halley step against the exact cdf, which
 * brings it to full double precision.
 *
 * Working in the lower half only keeps the refinement accurate: Φ(x) for x ≤ 0 comes from erfc
 * with full relative precision, so even q = 1e-300 is refined correctly.
 *
 * @param q the probability, in (0, 0.5]
 */
inline double normal_lower_quantile(double q) {
    todo("stats/02_distributions", "normal_lower_quantile");
}

/**
 * @brief Solves f(x) = target for an increasing function f on a bracket by bisection, to full
 * double precision (until no double lies strictly between the ends).
 *
 * Slow but unconditionally safe: every step halves the bracket, so at most ~2100 steps are
 * needed even when the root is a subnormal number.
 *
 * @param f an increasing callable double → double
 * @param target the value to reach
 * @param lo a point with f(lo) ≤ target
 * @param hi a point with f(hi) ≥ target
 * @return a point of [lo, hi] adjacent to the crossing
 */
template <class F>
double bisect_increasing(F&& f, double target, double lo, double hi) {
    todo("stats/02_distributions", "bisect_increasing");
}

/**
 * @brief Doubles `hi`, starting from `start`, until f(hi) ≥ target; the bracket's upper end for
 * bisect_increasing().
 *
 * @param function the public function, for the message
 * @param f an increasing callable double → double
 * @param target the value to reach
 * @param start the first guess, > 0
 * @throws numerical_error when hi overflows to infinity first
 */
template <class F>
double bracket_above(const char* function, F&& f, double target, double start) {
    todo("stats/02_distributions", "bracket_above");
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// The normal distribution
// ---------------------------------------------------------------------------------------------

/**
 * @ingroup stats
 * @brief Density of the normal distribution N(μ, σ²) at x.
 *
 * @f[ \varphi(x) = \frac{1}{\sigma\sqrt{2\pi}}\, e^{-\frac{1}{2}\left(\frac{x-\mu}{\sigma}\right)^2} @f]
 * A density is not a probability: it is probability per unit of x (it can exceed 1 when σ is
 * small). Probabilities are areas under it, which is what normal_cdf() computes.
 *
 * @param x the point
 * @param mean μ, finite (default 0)
 * @param stddev σ, finite and > 0 (default 1)
 * @return φ(x) ≥ 0
 * @throws invalid_argument when μ is not finite or σ is not finite and > 0
 *
 * Complexity: O(1). Example: `normal_pdf(0)` → `0.3989422804014327` (= 1/√(2π)).
 */
inline double normal_pdf(double x, double mean = 0.0, double stddev = 1.0) {
    todo("stats/02_distributions", "normal_pdf");
}

/**
 * @ingroup stats
 * @brief Cumulative distribution function of N(μ, σ²): Φ((x − μ)/σ) = P(X ≤ x).
 *
 * @f[ \Phi(z) = \frac{1}{2}\operatorname{erfc}\!\left(-\frac{z}{\sqrt 2}\right), \qquad z = \frac{x-\mu}{\sigma} @f]
 * The form with erfc (not 1 + erf) keeps full relative precision in the lower tail: Φ(−30) ≈
 * 4.9e-198 is computed correctly, where 0.5·(1 + erf(−30/√2)) gives 0.
 *
 * @param x the point (±∞ give 0 and 1)
 * @param mean μ, finite (default 0)
 * @param stddev σ, finite and > 0 (default 1)
 * @return P(X ≤ x), in [0, 1]
 * @throws invalid_argument when μ is not finite or σ is not finite and > 0
 *
 * Complexity: O(1). Example: `normal_cdf(1.96)` → `0.9750021048517795`; `normal_cdf(1)` → `0.8413…`.
 */
inline double normal_cdf(double x, double mean = 0.0, double stddev = 1.0) {
    todo("stats/02_distributions", "normal_cdf");
}

/**
 * @ingroup stats
 * @brief Survival function of N(μ, σ²): P(X > x) = 1 − Φ((x − μ)/σ), accurate in the upper tail.
 *
 * @f[ 1 - \Phi(z) = \frac{1}{2}\operatorname{erfc}\!\left(\frac{z}{\sqrt 2}\right) @f]
 * Computing 1 − normal_cdf(x) instead would return 0 for every x above ~8.3, because Φ(x)
 * rounds to 1; the sf keeps the tail (sf(10) ≈ 7.6e-24). p-values are upper tails.
 *
 * @param x the point
 * @param mean μ, finite (default 0)
 * @param stddev σ, finite and > 0 (default 1)
 * @return P(X > x), in [0, 1]
 * @throws invalid_argument when μ is not finite or σ is not finite and > 0
 *
 * Complexity: O(1). Example: `normal_sf(1.96)` → `0.0249978951482204`.
 */
inline double normal_sf(double x, double mean = 0.0, double stddev = 1.0) {
    todo("stats/02_distributions", "normal_sf");
}

/**
 * @ingroup stats
 * @brief Inverse cdf (quantile function) of N(μ, σ²): the x with P(X ≤ x) = p.
 *
 * @f[ x = \mu + \sigma\, \Phi^{-1}(p) @f]
 * Φ⁻¹ has no closed form. Acklam's rational approximation gives 9 digits; one Halley step on
 * Φ(x) − p (using Φ' = φ and φ'/φ = −x) brings it to full double precision. For p > ½ the
 * symmetry Φ⁻¹(p) = −Φ⁻¹(1 − p) is used, with 1 − p exact in floating point.
 *
 * @param p the probability, strictly between 0 and 1
 * @param mean μ, finite (default 0)
 * @param stddev σ, finite and > 0 (default 1)
 * @return the p-quantile
 * @throws invalid_argument when p ∉ (0, 1), μ is not finite or σ is not finite and > 0
 *
 * Complexity: O(1). Example: `normal_ppf(0.975)` → `1.959963984540054` (the 1.96 of a 95 %
 * confidence interval); `normal_ppf(0.5)` → `0`.
 */
inline double normal_ppf(double p, double mean = 0.0, double stddev = 1.0) {
    todo("stats/02_distributions", "normal_ppf");
}

// ---------------------------------------------------------------------------------------------
// Counts: binomial and Poisson
// ---------------------------------------------------------------------------------------------

/**
 * @ingroup stats
 * @brief Probability of exactly k successes in n independent trials of success probability p.
 *
 * @f[ P(X = k) = \binom{n}{k} p^k (1-p)^{n-k}
 *    = \exp\bigl(\ln\Gamma(n+1) - \ln\Gamma(k+1) - \ln\Gamma(n-k+1) + k\ln p + (n-k)\ln(1-p)\bigr) @f]
 * The binomial coefficient overflows a double for n above ~1030, so it is computed in log space
 * with std::lgamma; ln(1 − p) is std::log1p(−p), exact for tiny p. p = 0 and p = 1 are handled
 * apart (0 · ln 0 would be NaN).
 *
 * @param k the number of successes (any k outside [0, n] has probability 0)
 * @param n the number of trials, ≥ 0
 * @param p the success probability, in [0, 1]
 * @return P(X = k)
 * @throws invalid_argument when n < 0 or p ∉ [0, 1]
 *
 * Complexity: O(1). Example: `binomial_pmf(2, 4, 0.5)` → `0.375` (6 of the 16 outcomes).
 */
inline double binomial_pmf(int k, int n, double p) {
    todo("stats/02_distributions", "binomial_pmf");
}

/**
 * @ingroup stats
 * @brief Binomial cdf: P(X ≤ k) = Σ_{i=0..k} P(X = i).
 *
 * @f[ P(X \le k) = \sum_{i=0}^{k} \binom{n}{i} p^i (1-p)^{n-i} @f]
 *
 * @param k the largest count included (k < 0 gives 0, k ≥ n gives 1)
 * @param n the number of trials, ≥ 0
 * @param p the success probability, in [0, 1]
 * @return P(X ≤ k), in [0, 1]
 * @throws invalid_argument when n < 0 or p ∉ [0, 1]
 *
 * Complexity: O(min(k, n)) calls of binomial_pmf(). Example: `binomial_cdf(2, 4, 0.5)` →
 * `0.6875` (1 + 4 + 6 of 16).
 */
inline double binomial_cdf(int k, int n, double p) {
    todo("stats/02_distributions", "binomial_cdf");
}

/**
 * @ingroup stats
 * @brief Probability of exactly k events when events arrive independently at an average rate λ
 * per interval (the Poisson distribution).
 *
 * @f[ P(X = k) = \frac{\lambda^k e^{-\lambda}}{k!} = \exp\bigl(k\ln\lambda - \lambda - \ln\Gamma(k+1)\bigr) @f]
 * In log space because λ^k and k! both overflow long before their ratio does.
 *
 * @param k the count (k < 0 has probability 0)
 * @param lambda the rate λ, finite and ≥ 0 (λ = 0: X is always 0)
 * @return P(X = k)
 * @throws invalid_argument when λ < 0 or λ is not finite
 *
 * Complexity: O(1). Example: `poisson_pmf(2, 3)` → `0.22404180765538775` (= 4.5 e⁻³).
 */
inline double poisson_pmf(int k, double lambda) {
    todo("stats/02_distributions", "poisson_pmf");
}

/**
 * @ingroup stats
 * @brief Poisson cdf: P(X ≤ k) = Σ_{i=0..k} λ^i e^{−λ} / i!.
 *
 * @f[ P(X \le k) = \sum_{i=0}^{k} \frac{\lambda^i e^{-\lambda}}{i!} = Q(k+1, \lambda) @f]
 * (the second form, with the regularized upper incomplete gamma function, is an identity the
 * tests check).
 *
 * @param k the largest count included (k < 0 gives 0)
 * @param lambda the rate λ, finite and ≥ 0
 * @return P(X ≤ k), in [0, 1]
 * @throws invalid_argument when λ < 0 or λ is not finite
 *
 * Complexity: O(min(k, 2λ + 40)) calls of poisson_pmf(): the sum stops once the remaining terms
 * are below rounding. Example: `poisson_cdf(2, 3)` → `0.42319008112684353`
 * (= 8.5 e⁻³).
 */
inline double poisson_cdf(int k, double lambda) {
    todo("stats/02_distributions", "poisson_cdf");
}

// ---------------------------------------------------------------------------------------------
// The special functions behind chi-square and t
// ---------------------------------------------------------------------------------------------

/**
 * @ingroup stats
 * @brief Regularized lower incomplete gamma function P(a, x), the cdf of the Gamma(a, 1) distribution.
 *
 * @f[ P(a,x) = \frac{1}{\Gamma(a)} \int_0^x t^{a-1} e^{-t}\, dt \in [0, 1] @f]
 * For x < a + 1 the power series converges fast; above, the continued fraction for
 * Q = 1 − P does, and P = 1 − Q (Numerical Recipes §6.2).
 *
 * @param a the shape, finite and > 0
 * @param x the point, ≥ 0 (+∞ gives 1)
 * @return P(a, x)
 * @throws invalid_argument when a is not finite and > 0, or x < 0 or NaN
 * @throws numerical_error when an expansion does not converge (only for a far beyond 1e8)
 *
 * Complexity: O(√a) iterations. Example: `regularized_gamma_p(1, 2)` → `0.8646647167633873`
 * (= 1 − e⁻², the exponential cdf).
 */
inline double regularized_gamma_p(double a, double x) {
    todo("stats/02_distributions", "regularized_gamma_p");
}

/**
 * @ingroup stats
 * @brief Regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x), accurate when it is tiny.
 *
 * @f[ Q(a,x) = \frac{1}{\Gamma(a)} \int_x^\infty t^{a-1} e^{-t}\, dt @f]
 *
 * @param a the shape, finite and > 0
 * @param x the point, ≥ 0 (+∞ gives 0)
 * @return Q(a, x)
 * @throws invalid_argument when a is not finite and > 0, or x < 0 or NaN
 * @throws numerical_error when an expansion does not converge
 *
 * Complexity: O(√a) iterations. Example: `regularized_gamma_q(1, 50)` → `1.9287498479639178e-22`
 * (= e⁻⁵⁰; 1 − P would give 0).
 */
inline double regularized_gamma_q(double a, double x) {
    todo("stats/02_distributions", "regularized_gamma_q");
}

/**
 * @ingroup stats
 * @brief Regularized incomplete beta function I_x(a, b), the cdf of the Beta(a, b) distribution.
 *
 * @f[ I_x(a,b) = \frac{1}{B(a,b)} \int_0^x t^{a-1} (1-t)^{b-1}\, dt, \qquad
 *    B(a,b) = \frac{\Gamma(a)\Gamma(b)}{\Gamma(a+b)} @f]
 * The continued fraction converges fast for x < (a + 1)/(a + b + 2); above, the symmetry
 * I_x(a, b) = 1 − I_{1−x}(b, a) moves the evaluation there (Numerical Recipes §6.4).
 *
 * @param a, b the shapes, finite and > 0
 * @param x the point, in [0, 1]
 * @return I_x(a, b), in [0, 1]
 * @throws invalid_argument when a or b is not finite and > 0, or x ∉ [0, 1]
 * @throws numerical_error when the continued fraction does not converge
 *
 * Complexity: O(√max(a, b)) iterations. Example: `regularized_beta(2, 3, 0.4)` → `0.5248`
 * (for integer shapes it is a binomial tail: P(Bin(4, 0.4) ≥ 2)).
 */
inline double regularized_beta(double a, double b, double x) {
    todo("stats/02_distributions", "regularized_beta");
}

// ---------------------------------------------------------------------------------------------
// Chi-square
// ---------------------------------------------------------------------------------------------

/**
 * @ingroup stats
 * @brief Density of the chi-square distribution with k degrees of freedom, the law of
 * Z₁² + … + Z_k² for independent standard normals Zᵢ.
 *
 * @f[ f(x; k) = \frac{x^{k/2-1} e^{-x/2}}{2^{k/2}\,\Gamma(k/2)}, \quad x > 0 @f]
 *
 * @param x the point (x < 0 gives 0; at x = 0 the density is +∞ for k < 2, ½ for k = 2, 0 above)
 * @param k the degrees of freedom, finite and > 0 (need not be an integer)
 * @return f(x; k)
 * @throws invalid_argument when k is not finite and > 0
 *
 * Complexity: O(1). Example: `chi_square_pdf(2, 2)` → `0.18393972058572117` (= e⁻¹/2).
 */
inline double chi_square_pdf(double x, double k) {
    todo("stats/02_distributions", "chi_square_pdf");
}

/**
 * @ingroup stats
 * @brief Chi-square cdf with k degrees of freedom: P(X ≤ x) = P(k/2, x/2).
 *
 * @f[ F(x; k) = P\!\left(\frac{k}{2}, \frac{x}{2}\right) @f]
 * with P the regularized lower incomplete gamma function.
 *
 * @param x the point (x ≤ 0 gives 0)
 * @param k the degrees of freedom, finite and > 0
 * @return P(X ≤ x)
 * @throws invalid_argument when k is not finite and > 0, or x is NaN
 *
 * Complexity: O(√k). Example: `chi_square_cdf(3.841458820694124, 1)` → `0.95`.
 */
inline double chi_square_cdf(double x, double k) {
    todo("stats/02_distributions", "chi_square_cdf");
}

/**
 * @ingroup stats
 * @brief Chi-square survival function P(X > x) = Q(k/2, x/2), the p-value of a chi-square test.
 *
 * @param x the point (x ≤ 0 gives 1)
 * @param k the degrees of freedom, finite and > 0
 * @return P(X > x)
 * @throws invalid_argument when k is not finite and > 0, or x is NaN
 *
 * Complexity: O(√k). Example: `chi_square_sf(18.307038053275146, 10)` → `0.05`.
 */
inline double chi_square_sf(double x, double k) {
    todo("stats/02_distributions", "chi_square_sf");
}

/**
 * @ingroup stats
 * @brief Chi-square quantile: the x with P(X ≤ x) = p, by bisection on the cdf.
 *
 * The cdf is increasing, so after bracketing the root in [0, hi] (doubling hi) bisection
 * converges to full precision. For p > ½ it solves sf(x) = 1 − p instead (1 − p is exact there,
 * and the sf keeps its digits in the upper tail where the cdf is flat near 1).
 *
 * @param p the probability, strictly between 0 and 1
 * @param k the degrees of freedom, finite and > 0
 * @return the p-quantile, > 0
 * @throws invalid_argument when p ∉ (0, 1) or k is not finite and > 0
 *
 * Complexity: O(60 to 2000) cdf evaluations. Example: `chi_square_ppf(0.95, 1)` →
 * `3.841458820694124` (the table value χ²₀.₉₅(1) = 3.841); `chi_square_ppf(0.95, 10)` → `18.307…`.
 */
inline double chi_square_ppf(double p, double k) {
    todo("stats/02_distributions", "chi_square_ppf");
}

// ---------------------------------------------------------------------------------------------
// Student's t
// ---------------------------------------------------------------------------------------------

/**
 * @ingroup stats
 * @brief Density of Student's t distribution with ν degrees of freedom: the law of
 * Z / √(V/ν) with Z standard normal and V chi-square(ν), independent.
 *
 * @f[ f(t; \nu) = \frac{\Gamma\!\left(\frac{\nu+1}{2}\right)}{\sqrt{\nu\pi}\,\Gamma\!\left(\frac{\nu}{2}\right)}
 *    \left(1 + \frac{t^2}{\nu}\right)^{-\frac{\nu+1}{2}} @f]
 * Bell-shaped like the normal but with heavier tails; as ν → ∞ it becomes N(0, 1).
 *
 * @param t the point
 * @param nu the degrees of freedom ν, finite and > 0
 * @return f(t; ν)
 * @throws invalid_argument when ν is not finite and > 0
 *
 * Complexity: O(1). Example: `student_t_pdf(0, 1)` → `0.3183098861837907` (= 1/π, the Cauchy density).
 */
inline double student_t_pdf(double t, double nu) {
    todo("stats/02_distributions", "student_t_pdf");
}

/**
 * @ingroup stats
 * @brief Student's t cdf with ν degrees of freedom, through the regularized incomplete beta function.
 *
 * @f[ P(T \le t) = \begin{cases} \tfrac12 I_{x}\!\left(\tfrac{\nu}{2}, \tfrac12\right) & t \le 0 \\
 *    1 - \tfrac12 I_{x}\!\left(\tfrac{\nu}{2}, \tfrac12\right) & t > 0 \end{cases},
 *    \qquad x = \frac{\nu}{\nu + t^2} @f]
 * ½ I_x(ν/2, ½) is the probability of one tail beyond |t| (Abramowitz & Stegun 26.7.1). Both x
 * and 1 − x = t²/(ν + t²) are passed on, each computed directly: when t² is tiny next to ν, x
 * rounds to a number near 1 that has lost most of t's digits, and 1 − x recomputed from it would
 * too.
 *
 * @param t the point (±∞ give 0 and 1)
 * @param nu the degrees of freedom ν, finite and > 0 (need not be an integer: Welch's test uses
 *        fractional ν)
 * @return P(T ≤ t)
 * @throws invalid_argument when ν is not finite and > 0, or t is NaN
 *
 * Complexity: O(√ν). Example: `student_t_cdf(2.228138851986274, 10)` → `0.975`.
 */
inline double student_t_cdf(double t, double nu) {
    todo("stats/02_distributions", "student_t_cdf");
}

/**
 * @ingroup stats
 * @brief Student's t survival function P(T > t) = cdf(−t), accurate in the upper tail.
 *
 * By symmetry of the density the upper tail beyond t equals the lower tail below −t, which the
 * cdf computes without cancellation.
 *
 * @param t the point
 * @param nu the degrees of freedom ν, finite and > 0
 * @return P(T > t)
 * @throws invalid_argument when ν is not finite and > 0, or t is NaN
 *
 * Complexity: O(√ν). Example: `student_t_sf(12.706204736174698, 1)` → `0.025`.
 */
inline double student_t_sf(double t, double nu) {
    todo("stats/02_distributions", "student_t_sf");
}

/**
 * @ingroup stats
 * @brief Student's t quantile: the t with P(T ≤ t) = p, by bisection on the survival function.
 *
 * By symmetry only t ≥ 0 is searched: with q = min(p, 1 − p) it solves sf(t) = q on [0, hi] and
 * returns −t for p < ½ (1 − p is exact for p ≥ ½, and p itself is used below, so no digits are
 * lost in either tail).
 *
 * @param p the probability, strictly between 0 and 1
 * @param nu the degrees of freedom ν, finite and > 0
 * @return the p-quantile (0 for p = ½)
 * @throws invalid_argument when p ∉ (0, 1) or ν is not finite and > 0
 *
 * Complexity: O(60 to 2000) cdf evaluations. Example: `student_t_ppf(0.975, 10)` →
 * `2.2281388519649385` (the table value t₀.₉₇₅(10) = 2.228); `student_t_ppf(0.975, 1)` → `12.706…`.
 */
inline double student_t_ppf(double p, double nu) {
    todo("stats/02_distributions", "student_t_ppf");
}

}  // namespace stats
}  // namespace llmlings

#endif  // LLMLINGS_STATS_02_DISTRIBUTIONS_HPP
