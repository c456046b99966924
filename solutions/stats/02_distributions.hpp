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
 * hypothesis tests (stats/06) and the later modules need, with 12 to 15 correct digits (tails
 * down to ~1e-300) for any shape or degrees of freedom a double holds and any binomial n an int
 * holds: from shape 10 on, the differences of large lgamma values in the prefactors come from
 * Stirling's series instead of cancelling (at ν = 1e15 they cancelled to noise: the t cdf came out
 * as −6.9); chi-square with k ≥ 2e5 uses Temme's uniform asymptotic expansion, Student's t with
 * ν ≥ 30 the expansion of DiDonato and Morris, and the binomial cdf beyond n = 1000 a continued
 * fraction in O(√n) steps. The Poisson functions still sum pmfs computed with lgamma: they are
 * meant for λ up to ~1e4 (beyond, use the identity P(X ≤ k) = Q(k + 1, λ)).
 *
 * References: W. H. Press et al., *Numerical Recipes* (3rd ed.), §6.2 (incomplete gamma: series
 * and continued fraction) and §6.4 (incomplete beta, modified Lentz); P. J. Acklam (2003), "An
 * algorithm for computing the inverse normal cumulative distribution function" (the rational
 * approximation and its one-step Halley refinement); M. Abramowitz and I. Stegun, *Handbook of
 * Mathematical Functions*, 26.2 (normal), 26.4 (chi-square), 26.7 (Student's t); N. M. Temme
 * (1979), SIAM J. Math. Anal. 10(4) (uniform expansion of the incomplete gamma functions);
 * A. R. DiDonato and A. H. Morris (1992), ACM TOMS 18(3), Algorithm 708 (bgrat, bfrac).
 *
 * Guide: @ref stats_02_distributions (the math) and @ref cpp_guide (the C++ used here).
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
    if (!std::isfinite(mean))
        throw invalid_argument(function, ::llmlings::detail::concat("the mean must be finite, got ", mean));
    if (!(stddev > 0.0) || !std::isfinite(stddev))
        throw invalid_argument(
            function, ::llmlings::detail::concat("the standard deviation must be finite and > 0, got ", stddev));
}

/**
 * @brief Throws invalid_argument unless `p` lies strictly between 0 and 1, as the argument of a
 * quantile function must (the 0 and 1 quantiles of an unbounded distribution are infinite).
 *
 * @param function the public function that checks, e.g. `"normal_ppf"`
 * @param p the probability
 */
inline void check_open_probability(const char* function, double p) {
    if (!(p > 0.0 && p < 1.0))
        throw invalid_argument(
            function, ::llmlings::detail::concat("the probability must lie strictly between 0 and 1, got ", p));
}

/**
 * @brief Throws invalid_argument unless a shape parameter (degrees of freedom, a, b) is finite and > 0.
 *
 * @param function the public function that checks
 * @param name the parameter's name, for the message
 * @param value the parameter
 */
inline void check_positive_parameter(const char* function, const char* name, double value) {
    if (!(value > 0.0) || !std::isfinite(value))
        throw invalid_argument(function, ::llmlings::detail::concat(name, " must be finite and > 0, got ", value));
}

/// Iteration cap of the series and continued fractions: they converge in O(√a) steps, and shapes
/// where that would be slow take the asymptotic expansion instead, so this is reached only for a
/// beta function with both shapes far beyond 1e9; it is then reported rather than looped on.
inline constexpr int special_function_max_iterations = 100000;

/// Smallest magnitude a Lentz denominator may take (Numerical Recipes' FPMIN): guards 1/0.
inline constexpr double lentz_tiny = 1e-300;

/// ½ ln(2π), the constant of Stirling's formula.
inline constexpr double half_log_two_pi = 0.91893853320467274178;

/// From this shape on, the prefactors take their log-gamma differences from Stirling's series
/// (stirling_correction()); below it, std::lgamma's values are under ~13 and the plain
/// differences lose at most a few ulps.
inline constexpr double stirling_shape = 10.0;

/// From this shape on, P(a, x) and Q(a, x) come from Temme's uniform asymptotic expansion
/// (temme_gamma()): the series and continued fraction would need ~9√a terms, and the first
/// neglected term of the expansion, ~0.004 a⁻² / √(2πa), is below 1e-16 there.
inline constexpr double temme_shape = 1e5;

/**
 * @brief ln(1 + u) − u for u > −1, without the cancellation of the plain subtraction at small u.
 *
 * With r = u / (2 + u), ln(1 + u) = 2 artanh r = 2(r + r³/3 + r⁵/5 + …) and 2r − u = −u²/(2 + u),
 * so ln(1 + u) − u = −u²/(2 + u) + 2(r³/3 + r⁵/5 + …), whose terms do not cancel. For |u| ≤ ½,
 * r² ≤ 1/9 and about 16 terms reach full precision; beyond, the subtraction loses at most a bit.
 *
 * @param u the argument, > −1
 */
inline double log1pmx(double u) {
    if (std::fabs(u) > 0.5) return std::log1p(u) - u;
    const double r = u / (2.0 + u), r2 = r * r;
    double power = r * r2, sum = 0.0;
    for (int k = 3;; k += 2) {
        const double term = power / k;
        sum += term;
        if (std::fabs(term) <= std::numeric_limits<double>::epsilon() * std::fabs(sum)) break;
        power *= r2;
    }
    return -u * u / (2.0 + u) + 2.0 * sum;
}

/**
 * @brief Stirling's correction μ(z) = ln Γ(z) − ((z − ½) ln z − z + ½ ln 2π), for z > 0.
 *
 * For z ≥ 10 its asymptotic series Σ B₂ₖ / (2k(2k − 1) z^{2k−1}) = 1/(12z) − 1/(360z³) + …,
 * to the z⁻¹³ term (the next is below 3e-17); below, std::lgamma minus the rest, all of them
 * under ~25 there.
 *
 * @param z the argument, > 0
 */
inline double stirling_correction(double z) {
    if (z < 10.0) return std::lgamma(z) - ((z - 0.5) * std::log(z) - z + half_log_two_pi);
    const double w = 1.0 / (z * z);
    return (1.0 / 12 + w * (-1.0 / 360 + w * (1.0 / 1260 + w * (-1.0 / 1680 +
                                                                w * (1.0 / 1188 + w * (-691.0 / 360360 + w / 156)))))) /
           z;
}

/**
 * @brief ln(e^{−x} x^a / Γ(a)), the logarithm of the prefactor shared by every expansion of the
 * incomplete gamma function, accurate for large a.
 *
 * Below stirling_shape: −x + a ln x − ln Γ(a). From there on the three large terms would cancel
 * (at a = 1e8 each is ~2e9 and carries an absolute error of ~4e-7), so Stirling's formula takes
 * them apart: with u = (x − a)/a,
 * @f[ -x + a\ln x - \ln\Gamma(a) = a\,(\ln(1+u) - u) + \tfrac12 \ln\frac{a}{2\pi} - \mu(a) @f]
 * where every term is small or computed without cancellation (log1pmx(), stirling_correction());
 * for |u| > ½, a ln(x/a) − (x − a) instead, as 1 + u would have lost digits near u = −1.
 *
 * @param a the shape, > 0
 * @param x the point, > 0
 */
inline double log_gamma_prefactor(double a, double x) {
    if (a < stirling_shape) return -x + a * std::log(x) - std::lgamma(a);
    const double u = (x - a) / a;
    // far from the mode ln(x/a) is better conditioned than log1p(u) (u near −1 has lost digits)
    const double main = std::fabs(u) <= 0.5 ? a * log1pmx(u) : a * std::log(x / a) - (x - a);
    return main + 0.5 * std::log(a) - half_log_two_pi - stirling_correction(a);
}

/**
 * @brief The prefactor e^{−x} x^a / Γ(a) shared by both expansions of the incomplete gamma
 * function, computed in log space (log_gamma_prefactor()) so neither x^a nor Γ(a) overflows.
 *
 * @param a the shape, > 0
 * @param x the point, > 0
 */
inline double gamma_prefactor(double a, double x) {
    return std::exp(log_gamma_prefactor(a, x));
}

/**
 * @brief P(a, x) by its power series, which converges fast for x < a + 1 (Numerical Recipes gser).
 *
 * @f[ P(a,x) = \frac{e^{-x} x^a}{\Gamma(a)} \sum_{n=0}^{\infty} \frac{x^n}{a (a+1) \cdots (a+n)} @f]
 *
 * @param function the public function that asked, for the message
 * @param a the shape, > 0
 * @param x the point, > 0 and below a + 1
 * @throws numerical_error when the series has not converged after special_function_max_iterations terms
 */
inline double gamma_series(const char* function, double a, double x) {
    double denominator = a;
    double term = 1.0 / a;
    double sum = term;
    for (int n = 1; n <= special_function_max_iterations; ++n) {
        denominator += 1.0;
        term *= x / denominator;
        sum += term;
        if (std::fabs(term) < std::fabs(sum) * std::numeric_limits<double>::epsilon())
            return sum * gamma_prefactor(a, x);
    }
    throw numerical_error(
        function, ::llmlings::detail::concat("the incomplete gamma series did not converge for a = ", a, ", x = ", x));
}

/**
 * @brief Q(a, x) = 1 − P(a, x) by its continued fraction, evaluated with the modified Lentz
 * method; converges fast for x ≥ a + 1 (Numerical Recipes gcf).
 *
 * @f[ Q(a,x) = \frac{e^{-x} x^a}{\Gamma(a)}\;
 *     \cfrac{1}{x+1-a-\cfrac{1\cdot(1-a)}{x+3-a-\cfrac{2\cdot(2-a)}{x+5-a-\cdots}}} @f]
 *
 * @param function the public function that asked, for the message
 * @param a the shape, > 0
 * @param x the point, at least a + 1
 * @throws numerical_error when the fraction has not converged after special_function_max_iterations terms
 */
inline double gamma_continued_fraction(const char* function, double a, double x) {
    double b = x + 1.0 - a;
    double c = 1.0 / lentz_tiny;
    double d = 1.0 / b;
    double h = d;
    for (int i = 1; i <= special_function_max_iterations; ++i) {
        const double an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        if (std::fabs(d) < lentz_tiny) d = lentz_tiny;
        c = b + an / c;
        if (std::fabs(c) < lentz_tiny) c = lentz_tiny;
        d = 1.0 / d;
        const double delta = d * c;
        h *= delta;
        if (std::fabs(delta - 1.0) < std::numeric_limits<double>::epsilon()) return h * gamma_prefactor(a, x);
    }
    throw numerical_error(
        function, ::llmlings::detail::concat("the incomplete gamma continued fraction did not converge for a = ", a,
                                             ", x = ", x));
}

// (Each table opens on the line of its name: a line ending in '{' would look like a function body
// to tools/make_stub.py.)
/// Taylor coefficients (lowest power first) of Temme's C₀(η) = 1/(λ − 1) − 1/η and
/// C₁(η) = 1/η³ − 1/(λ − 1)³ − 1/(λ − 1)² − 1/(12(λ − 1)) at η = 0, where the closed forms cancel.
inline constexpr double temme_c0[8] = {-1.0 / 3,   1.0 / 12,        -2.0 / 135,  1.0 / 864,
                                       1.0 / 2835, -139.0 / 777600, 1.0 / 25515, -571.0 / 261273600};
/// See temme_c0.
inline constexpr double temme_c1[6] = {-1.0 / 540, -1.0 / 288, 1.0 / 378, -77.0 / 77760, 1.0 / 4860, -1.0 / 2488320};

/**
 * @brief P(a, x) or Q(a, x) for a large shape, by Temme's uniform asymptotic expansion.
 *
 * With λ = x/a and η = sign(λ − 1) √(2(λ − 1 − ln λ)),
 * @f[ Q(a,x) = \tfrac12\operatorname{erfc}\!\bigl(\eta\sqrt{a/2}\bigr) + R, \qquad
 *     P(a,x) = \tfrac12\operatorname{erfc}\!\bigl(-\eta\sqrt{a/2}\bigr) - R, \qquad
 *     R = \frac{e^{-a\eta^2/2}}{\sqrt{2\pi a}} \Bigl(C_0(\eta) + \frac{C_1(\eta)}{a} + O(a^{-2})\Bigr) @f]
 * uniformly in x: the normal approximation of the Gamma(a) distribution plus its skewness
 * corrections. a ≥ temme_shape makes the neglected terms smaller than rounding. λ − 1 − ln λ is
 * −log1pmx(λ − 1), exact also near λ = 1; C₀ and C₁ come from their Taylor series when |η| < 0.1.
 *
 * Reference: N. M. Temme (1979), "The asymptotic expansion of the incomplete gamma functions",
 * SIAM J. Math. Anal. 10(4); DiDonato & Morris (1986), ACM TOMS 12(4), 377–393.
 *
 * @param a the shape, ≥ temme_shape
 * @param x the point, > 0 and finite
 * @param upper true for Q, false for P
 */
inline double temme_gamma(double a, double x, bool upper) {
    const double pi = 3.141592653589793;
    const double mu = (x - a) / a;  // λ − 1
    const double half_eta_sq = -log1pmx(mu);
    const double eta = std::copysign(std::sqrt(2.0 * half_eta_sq), mu);
    double c0 = 0.0, c1 = 0.0;
    if (std::fabs(eta) < 0.1) {
        for (int i = 7; i >= 0; --i) c0 = c0 * eta + temme_c0[i];
        for (int i = 5; i >= 0; --i) c1 = c1 * eta + temme_c1[i];
    } else {
        c0 = 1.0 / mu - 1.0 / eta;
        c1 = 1.0 / (eta * eta * eta) - 1.0 / (mu * mu * mu) - 1.0 / (mu * mu) - 1.0 / (12.0 * mu);
    }
    const double r = std::exp(-a * half_eta_sq) / std::sqrt(2.0 * pi * a) * (c0 + c1 / a);
    const double z = eta * std::sqrt(0.5 * a);
    const double value = upper ? 0.5 * std::erfc(z) + r : 0.5 * std::erfc(-z) - r;
    return std::fmin(1.0, std::fmax(0.0, value));
}

/**
 * @brief P(a, x) without argument checks: 0 at x = 0, 1 at x = ∞, else Temme's expansion for
 * a ≥ temme_shape, the series for x < a + 1, 1 − the continued fraction above.
 *
 * @param function the public function that asked, for the messages
 * @param a the shape, finite and > 0
 * @param x the point, ≥ 0
 */
inline double lower_gamma(const char* function, double a, double x) {
    if (x == 0.0) return 0.0;
    if (std::isinf(x)) return 1.0;
    if (a >= temme_shape) return temme_gamma(a, x, false);
    if (x < a + 1.0) return gamma_series(function, a, x);
    return 1.0 - gamma_continued_fraction(function, a, x);
}

/**
 * @brief Q(a, x) = 1 − P(a, x) without argument checks, computed directly in the upper tail
 * (see lower_gamma()).
 *
 * @param function the public function that asked, for the messages
 * @param a the shape, finite and > 0
 * @param x the point, ≥ 0
 */
inline double upper_gamma(const char* function, double a, double x) {
    if (x == 0.0) return 1.0;
    if (std::isinf(x)) return 0.0;
    if (a >= temme_shape) return temme_gamma(a, x, true);
    if (x < a + 1.0) return 1.0 - gamma_series(function, a, x);
    return gamma_continued_fraction(function, a, x);
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
 * @param function the public function that asked, for the message
 * @param a, b the shapes, > 0
 * @param x the point in (0, 1)
 * @return the value of the fraction (without the prefactor)
 * @throws numerical_error when the fraction has not converged after special_function_max_iterations terms
 */
inline double beta_continued_fraction(const char* function, double a, double b, double x) {
    const double qab = a + b, qap = a + 1.0, qam = a - 1.0;
    double c = 1.0;
    double d = 1.0 - qab * x / qap;
    if (std::fabs(d) < lentz_tiny) d = lentz_tiny;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m <= special_function_max_iterations; ++m) {
        const double m2 = 2.0 * m;
        // even step d_{2m}
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if (std::fabs(d) < lentz_tiny) d = lentz_tiny;
        c = 1.0 + aa / c;
        if (std::fabs(c) < lentz_tiny) c = lentz_tiny;
        d = 1.0 / d;
        h *= d * c;
        // odd step d_{2m+1}
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if (std::fabs(d) < lentz_tiny) d = lentz_tiny;
        c = 1.0 + aa / c;
        if (std::fabs(c) < lentz_tiny) c = lentz_tiny;
        d = 1.0 / d;
        const double delta = d * c;
        h *= delta;
        if (std::fabs(delta - 1.0) < std::numeric_limits<double>::epsilon()) return h;
    }
    throw numerical_error(
        function, ::llmlings::detail::concat("the incomplete beta continued fraction did not converge for a = ", a,
                                             ", b = ", b, ", x = ", x));
}

/**
 * @brief λ = (a + b)y − b = a − (a + b)x, the (scaled) distance of x from the mode a/(a + b) of
 * the Beta(a, b) density, computed without cancellation.
 *
 * The two products are nearly equal near the mode, so they are formed from whichever of x and y
 * is the accurate one (the smaller; the other may be a rounded 1 − p), with a + b split exactly
 * into s + e (Fast2Sum) and a fused multiply-add: for integer shapes (the binomial) λ is then
 * correctly rounded.
 *
 * @param a, b the shapes, > 0
 * @param x the point, in (0, 1)
 * @param y 1 − x
 */
inline double beta_lambda(double a, double b, double x, double y) {
    const double s = a + b;
    const double e = a >= b ? (a - s) + b : (b - s) + a;  // a + b = s + e exactly
    return y <= x ? std::fma(y, s, -b) + y * e : -std::fma(x, s, -a) - x * e;
}

/**
 * @brief ln(x^a y^b / B(a, b)) with y = 1 − x, the logarithm of the incomplete beta function's
 * prefactor, accurate for large shapes.
 *
 * ln x and ln y are taken from whichever of x and y is below ½ (log1p of the other), so a caller's
 * accurate tiny y is not lost in ln(1 − y). Below a + b = stirling_shape the plain
 * ln Γ(a+b) − ln Γ(a) − ln Γ(b) + a ln x + b ln y is used. From there on those terms would cancel
 * (ln Γ(5e8) ≈ 9.5e9 carries an absolute error of ~2e-6), and Stirling's formula rewrites the sum
 * around the mode x₀ = a/(a + b), y₀ = b/(a + b):
 * @f[ a\ln\frac{x}{x_0} + b\ln\frac{y}{y_0} + \tfrac12\ln\frac{ab}{2\pi(a+b)}
 *     + \mu(a+b) - \mu(a) - \mu(b) @f]
 * where, with λ = (a + b)(y − y₀) from beta_lambda(), a ln(x/x₀) = a·log1pmx(−λ/a) − λ and
 * b ln(y/y₀) = b·log1pmx(λ/b) + λ: the ±λ cancel exactly and are left out.
 *
 * @param a, b the shapes, > 0
 * @param x the point, in (0, 1)
 * @param y 1 − x, in (0, 1)
 */
inline double log_beta_prefactor(double a, double b, double x, double y) {
    const double log_x = x > 0.5 ? std::log1p(-y) : std::log(x);
    const double log_y = y > 0.5 ? std::log1p(-x) : std::log(y);
    if (a + b < stirling_shape) return std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * log_x + b * log_y;
    const double lambda = beta_lambda(a, b, x, y);
    const double u = -lambda / a, v = lambda / b;  // x/x₀ − 1 and y/y₀ − 1
    // a ln(x/x₀) + λ and b ln(y/y₀) − λ; ln x₀ = −ln(1 + b/a), ln y₀ = −ln(1 + a/b)
    const double term_a = std::fabs(u) <= 0.5 ? a * log1pmx(u) : a * (log_x + std::log1p(b / a)) + lambda;
    const double term_b = std::fabs(v) <= 0.5 ? b * log1pmx(v) : b * (log_y + std::log1p(a / b)) - lambda;
    const double log_harmonic = a >= b ? std::log(b) - std::log1p(b / a) : std::log(a) - std::log1p(a / b);
    return term_a + term_b + 0.5 * log_harmonic - half_log_two_pi + stirling_correction(a + b) -
           stirling_correction(a) - stirling_correction(b);
}

/**
 * @brief The continued fraction r of DiDonato and Morris with I_x(a, b) = x^a y^b / B(a, b) · r,
 * for a, b > 1 and x at or below the mode (λ = (a + b)y − b ≥ 0); BFRAC of ACM TOMS 708.
 *
 * An equivalent form of the fraction of beta_continued_fraction() whose partial numerators and
 * denominators are built from λ and y instead of from x: where a ≫ b, x is within ~b/a of 1 and
 * the terms 1 − (a + b)x/(a + 1) of Numerical Recipes' form cancel (the binomial cdf with
 * n = 1e9, p = 1e-6 loses 1e-9 there). With n = 1, 2, …, t = n/a, w = n(b − n)x:
 * @f[ \alpha_n = p_{n-1}(p_{n-1} + b/a)\,e_n^2\, w x, \quad
 *     \beta_n = n + \frac{w}{a + 2n - 1} + \frac{1 + t}{1 + 1/a + 2t}\,\bigl(1 + \lambda + n(1 + y)\bigr) @f]
 * with p_n = 1 + t, e_n = a/(a + 2n − 1), evaluated by the three-term recurrences of the
 * convergents (rescaled each step), from A₀ = 1, B₀ = (1 + λ)/(1 + 1/a).
 *
 * Reference: A. R. DiDonato and A. H. Morris (1992), ACM TOMS 18(3), 360–373 (routine bfrac).
 *
 * @param function the public function that asked, for the message
 * @param a, b the shapes, > 1
 * @param x the point, in (0, 1)
 * @param y 1 − x
 * @param lambda (a + b)y − b, ≥ 0 (beta_lambda())
 * @throws numerical_error when the fraction has not converged after special_function_max_iterations terms
 */
inline double beta_fraction_lambda(const char* function, double a, double b, double x, double y, double lambda) {
    const double c = 1.0 + lambda, c0 = b / a, c1 = 1.0 + 1.0 / a, yp1 = y + 1.0;
    double n = 0.0, p = 1.0, s = a + 1.0;
    double an = 0.0, bn = 1.0, anp1 = 1.0, bnp1 = c / c1, r = c1 / c;
    for (int i = 1; i <= special_function_max_iterations; ++i) {
        n += 1.0;
        double t = n / a;
        const double w = n * (b - n) * x;
        double e = a / s;
        const double alpha = p * (p + c0) * e * e * (w * x);
        e = (1.0 + t) / (c1 + t + t);
        const double beta = n + w / s + e * (c + n * yp1);
        p = 1.0 + t;
        s += 2.0;
        t = alpha * an + beta * anp1;  // the next convergent's numerator and denominator
        an = anp1;
        anp1 = t;
        t = alpha * bn + beta * bnp1;
        bn = bnp1;
        bnp1 = t;
        const double previous = r;
        r = anp1 / bnp1;
        if (std::fabs(r - previous) <= std::numeric_limits<double>::epsilon() * r) return r;
        an /= bnp1;  // rescale so that nothing overflows
        bn /= bnp1;
        anp1 = r;
        bnp1 = 1.0;
    }
    throw numerical_error(
        function, ::llmlings::detail::concat("the incomplete beta continued fraction did not converge for a = ", a,
                                             ", b = ", b, ", x = ", x));
}

/**
 * @brief I_x(a, b) for a ≥ 15, b ≤ 1 and x ≥ ½ by the asymptotic expansion of DiDonato and
 * Morris (BGRAT of ACM TOMS 708); false when the expansion breaks down (the caller then uses the
 * continued fraction).
 *
 * There the continued fraction would work with x within ~1/a of 1, where x itself has lost
 * digits (Student's t with ν = 1e6 loses ~1e-11 that way). With ν = a + (b − 1)/2 and
 * z = −ν ln x, I_x(a, b) is close to the incomplete gamma function Q(b, z), and
 * @f[ I_x(a,b) = \frac{\Gamma(a+b)}{\Gamma(a)\,\nu^b}\, \frac{z^b e^{-z}}{\Gamma(b)}
 *     \sum_{n \ge 0} p_n J_n, \qquad J_0 = \frac{Q(b,z)\, \Gamma(b)}{z^b e^{-z}} @f]
 * with the J_n and p_n from the recurrences of TOMS 708's bgrat (at most 30 terms, each smaller
 * by about (ln x)²/4). ln x is log1p(−y) for x near 1, so a tiny y keeps its digits.
 *
 * Reference: A. R. DiDonato and A. H. Morris (1992), "Algorithm 708: significant digit computation
 * of the incomplete beta function ratios", ACM TOMS 18(3), 360–373 (routine bgrat).
 *
 * @param function the public function that asked, for the messages
 * @param a, b the shapes, a ≥ 15 and b ≤ 1
 * @param x the point, in [½, 1)
 * @param y 1 − x, > 0
 * @param[out] result I_x(a, b) when the expansion converged
 */
inline bool beta_large_a_expansion(const char* function, double a, double b, double x, double y, double& result) {
    const double eps = std::numeric_limits<double>::epsilon();
    const double bm1 = b - 1.0;
    const double nu = a + 0.5 * bm1;
    const double log_x = y <= 0.375 ? std::log1p(-y) : std::log(x);
    const double z = -nu * log_x;
    if (!(b * z > 0.0)) return false;
    // r = z^b e^{−z} / Γ(b), and g = Γ(a + b) / (Γ(a) ν^b) by Stirling's formula (a + b − ν = (b + 1)/2)
    const double r = std::exp(b * std::log(z) - z - std::lgamma(b));
    const double log_g = a * log1pmx(b / a) - 0.5 * std::log1p(b / a) + b * std::log1p(0.5 * (b + 1.0) / nu) +
                         stirling_correction(a + b) - stirling_correction(a);
    const double u = r * std::exp(log_g);
    if (u == 0.0) {
        result = 0.0;
        return true;
    }
    const double q = upper_gamma(function, b, z);
    const double v = 0.25 / (nu * nu);
    const double t2 = 0.25 * log_x * log_x;
    double c[30], d[30];
    double j = q / r, sum = j, t = 1.0, cn = 1.0, n2 = 0.0;
    for (int n = 1; n <= 30; ++n) {
        const double bp2n = b + n2;
        j = (bp2n * (bp2n + 1.0) * j + (z + bp2n + 1.0) * t) * v;
        n2 += 2.0;
        t *= t2;
        cn /= n2 * (n2 + 1.0);
        c[n - 1] = cn;
        double s = 0.0, coefficient = b - n;
        for (int i = 1; i < n; ++i) {
            s += coefficient * c[i - 1] * d[n - i - 1];
            coefficient += b;
        }
        d[n - 1] = bm1 * cn + s / n;
        const double dj = d[n - 1] * j;
        sum += dj;
        if (sum <= 0.0) return false;
        if (std::fabs(dj) <= eps * sum) break;
    }
    result = std::fmin(1.0, u * sum);
    return true;
}

/**
 * @brief I_x(a, b) from x and y = 1 − x, each given to full precision (no argument checks).
 *
 * Three methods, each where it is accurate: for a ≥ 15, b ≤ 1 and x ≥ ½ (Student's t with
 * ν ≥ 30) the asymptotic expansion beta_large_a_expansion(); for a, b > 1 the continued fraction
 * beta_fraction_lambda() below the mode, and 1 − the same fraction of I_y(b, a) above it; otherwise
 * Numerical Recipes' continued fraction, which converges fast for x < (a + 1)/(a + b + 2), with
 * the symmetry I_x(a, b) = 1 − I_y(b, a) above. The prefactor x^a y^b / B(a, b) comes from
 * log_beta_prefactor(). Taking y as an argument lets a caller that knows 1 − x more accurately
 * than the subtraction would give it (Student's t with a tiny t², the binomial with a tiny p) keep
 * those digits.
 *
 * @param function the public function that asked, for the messages
 * @param a, b the shapes, > 0
 * @param x the point, in [0, 1]
 * @param y 1 − x
 */
inline double incomplete_beta(const char* function, double a, double b, double x, double y) {
    if (x == 0.0) return 0.0;
    if (y == 0.0) return 1.0;
    double expansion = 0.0;
    if (a >= 15.0 && b <= 1.0 && x >= 0.5 && beta_large_a_expansion(function, a, b, x, y, expansion)) return expansion;
    const double front = std::exp(log_beta_prefactor(a, b, x, y));
    if (a > 1.0 && b > 1.0) {  // below the mode directly, above it by the symmetry
        const double lambda = beta_lambda(a, b, x, y);
        if (lambda >= 0.0) return front * beta_fraction_lambda(function, a, b, x, y, lambda);
        return 1.0 - front * beta_fraction_lambda(function, b, a, y, x, -lambda);
    }
    if (x < (a + 1.0) / (a + b + 2.0)) return front * beta_continued_fraction(function, a, b, x) / a;
    return 1.0 - front * beta_continued_fraction(function, b, a, y) / b;
}

/**
 * @brief Student's t cdf P(T ≤ t) without argument checks (t not NaN, ν finite and > 0).
 *
 * The tail beyond |t| is ½ I_x(ν/2, ½) with x = ν/(ν + t²) = 1/(1 + r) and 1 − x = r/(1 + r),
 * r = t²/ν, both computed directly (see student_t_cdf()).
 *
 * @param function the public function that asked, for the messages
 * @param t the point
 * @param nu the degrees of freedom, > 0
 */
inline double student_t_lower(const char* function, double t, double nu) {
    if (std::isinf(t)) return t > 0.0 ? 1.0 : 0.0;
    const double r = t * t / nu;  // +∞ when t² overflows: then x = 0 and the tail is 0
    const double tail = 0.5 * incomplete_beta(function, 0.5 * nu, 0.5, 1.0 / (1.0 + r), r / (1.0 + r));
    return t > 0.0 ? 1.0 - tail : tail;
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
    const double tail_start = 0.02425;
    const double* a = acklam_central_numerator;
    const double* b = acklam_central_denominator;
    const double* c = acklam_tail_numerator;
    const double* d = acklam_tail_denominator;
    double x;
    if (q < tail_start) {
        const double r = std::sqrt(-2.0 * std::log(q));
        x = (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) /
            ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1.0);
    } else {
        const double s = q - 0.5;
        const double r = s * s;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * s /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
    }
    // Halley's step for f(x) = Φ(x) − q: f' = φ(x), f''/f' = −x.
    const double sqrt_2pi = 2.5066282746310002;  // √(2π)
    const double density = std::exp(-0.5 * x * x) / sqrt_2pi;
    if (density > 0.0) {
        const double error = 0.5 * std::erfc(-x / std::sqrt(2.0)) - q;
        const double u = error / density;
        x -= u / (1.0 + 0.5 * x * u);
    }
    return x;
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
    for (;;) {
        const double mid = lo + 0.5 * (hi - lo);
        if (mid <= lo || mid >= hi) return mid;
        if (f(mid) < target)
            lo = mid;
        else
            hi = mid;
    }
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
    double hi = start;
    while (f(hi) < target) {
        hi *= 2.0;
        if (!std::isfinite(hi))
            throw numerical_error(function, "could not bracket the quantile below the largest double");
    }
    return hi;
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
    detail::check_normal_parameters("normal_pdf", mean, stddev);
    const double z = (x - mean) / stddev;
    const double sqrt_2pi = 2.5066282746310002;  // √(2π)
    return std::exp(-0.5 * z * z) / (stddev * sqrt_2pi);
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
 * @throws invalid_argument when x is NaN, μ is not finite or σ is not finite and > 0; the message
 *         names the function and the parameter: `normal_cdf: x is NaN`
 *
 * Complexity: O(1). Example: `normal_cdf(1.96)` → `0.9750021048517795`; `normal_cdf(1)` → `0.8413…`.
 */
inline double normal_cdf(double x, double mean = 0.0, double stddev = 1.0) {
    detail::check_normal_parameters("normal_cdf", mean, stddev);
    if (std::isnan(x)) throw invalid_argument("normal_cdf", "x is NaN");
    const double z = (x - mean) / stddev;
    return 0.5 * std::erfc(-z / std::sqrt(2.0));
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
 * @throws invalid_argument when x is NaN, μ is not finite or σ is not finite and > 0; the message
 *         names the function and the parameter: `normal_sf: x is NaN`
 *
 * Complexity: O(1). Example: `normal_sf(1.96)` → `0.0249978951482204`.
 */
inline double normal_sf(double x, double mean = 0.0, double stddev = 1.0) {
    detail::check_normal_parameters("normal_sf", mean, stddev);
    if (std::isnan(x)) throw invalid_argument("normal_sf", "x is NaN");
    const double z = (x - mean) / stddev;
    return 0.5 * std::erfc(z / std::sqrt(2.0));
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
 * @throws invalid_argument when p ∉ (0, 1), μ is not finite or σ is not finite and > 0; the
 *         message names the function and the value: `normal_ppf: the probability must lie strictly
 *         between 0 and 1, got 1.5`
 *
 * Complexity: O(1). Example: `normal_ppf(0.975)` → `1.959963984540054` (the 1.96 of a 95 %
 * confidence interval); `normal_ppf(0.5)` → `0`.
 */
inline double normal_ppf(double p, double mean = 0.0, double stddev = 1.0) {
    detail::check_open_probability("normal_ppf", p);
    detail::check_normal_parameters("normal_ppf", mean, stddev);
    const double z = p > 0.5 ? -detail::normal_lower_quantile(1.0 - p) : detail::normal_lower_quantile(p);
    return mean + stddev * z;
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
 * apart (0 · ln 0 would be NaN). For n > 1000 the three lgamma values would cancel (at n = 1e9
 * each is ~2e10 and carries an absolute error of ~4e-6, a relative error of the pmf): there
 * C(n,k) p^k q^(n−k) = p^(k+1) q^(n−k+1) / ((n + 1) p q B(k + 1, n − k + 1)) takes the prefactor of
 * the incomplete beta function, which Stirling's series computes without cancellation.
 *
 * @param k the number of successes (any k outside [0, n] has probability 0)
 * @param n the number of trials, ≥ 0
 * @param p the success probability, in [0, 1]
 * @return P(X = k)
 * @throws invalid_argument when n < 0 or p ∉ [0, 1]; the message names the function and the value:
 *         `binomial_pmf: p must be in [0, 1], got 1.5`
 *
 * Complexity: O(1). Example: `binomial_pmf(2, 4, 0.5)` → `0.375` (6 of the 16 outcomes).
 */
inline double binomial_pmf(int k, int n, double p) {
    if (n < 0) throw invalid_argument("binomial_pmf", ::llmlings::detail::concat("n must be >= 0, got ", n));
    if (!(p >= 0.0 && p <= 1.0))
        throw invalid_argument("binomial_pmf", ::llmlings::detail::concat("p must be in [0, 1], got ", p));
    if (k < 0 || k > n) return 0.0;
    if (p == 0.0) return k == 0 ? 1.0 : 0.0;
    if (p == 1.0) return k == n ? 1.0 : 0.0;
    if (n > 1000)  // C(n,k) p^k q^(n−k) = p^(k+1) q^(n−k+1) / ((n + 1) p q B(k + 1, n − k + 1))
        return std::exp(detail::log_beta_prefactor(k + 1.0, n - k + 1.0, p, 1.0 - p)) / ((n + 1.0) * p * (1.0 - p));
    const double log_choose = std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0);
    return std::exp(log_choose + k * std::log(p) + (n - k) * std::log1p(-p));
}

/**
 * @ingroup stats
 * @brief Binomial cdf: P(X ≤ k) = Σ_{i=0..k} P(X = i).
 *
 * @f[ P(X \le k) = \sum_{i=0}^{k} \binom{n}{i} p^i (1-p)^{n-i} = I_{1-p}(n - k,\, k + 1) @f]
 * Up to n = 1000 the sum of pmfs. Beyond, the sum would cost k + 1 pmfs (half a billion at
 * n = 1e9) and add up their rounding, so the identity with the regularized incomplete beta
 * function (checked by the tests for small n) is used, with x = 1 − p and y = p passed apart so
 * a tiny p keeps its digits: O(√n) steps of a continued fraction, accurate to ~1e-13.
 *
 * @param k the largest count included (k < 0 gives 0, k ≥ n gives 1)
 * @param n the number of trials, ≥ 0
 * @param p the success probability, in [0, 1]
 * @return P(X ≤ k), in [0, 1]
 * @throws invalid_argument when n < 0 or p ∉ [0, 1]
 *
 * Complexity: O(min(k, n)) calls of binomial_pmf() up to n = 1000, O(√n) beyond. Example: `binomial_cdf(2, 4, 0.5)` →
 * `0.6875` (1 + 4 + 6 of 16).
 */
inline double binomial_cdf(int k, int n, double p) {
    if (n < 0) throw invalid_argument("binomial_cdf", ::llmlings::detail::concat("n must be >= 0, got ", n));
    if (!(p >= 0.0 && p <= 1.0))
        throw invalid_argument("binomial_cdf", ::llmlings::detail::concat("p must be in [0, 1], got ", p));
    if (k < 0) return 0.0;
    if (k >= n) return 1.0;
    if (n > 1000) {  // the incomplete beta function: O(√n) steps instead of k + 1 pmfs
        if (p == 0.0) return 1.0;
        if (p == 1.0) return 0.0;
        return detail::incomplete_beta("binomial_cdf", static_cast<double>(n) - k, k + 1.0, 1.0 - p, p);
    }
    double sum = 0.0;
    for (int i = 0; i <= k; ++i) sum += binomial_pmf(i, n, p);
    return std::fmin(sum, 1.0);
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
    if (!(lambda >= 0.0) || !std::isfinite(lambda))
        throw invalid_argument("poisson_pmf",
                               ::llmlings::detail::concat("lambda must be finite and >= 0, got ", lambda));
    if (k < 0) return 0.0;
    if (lambda == 0.0) return k == 0 ? 1.0 : 0.0;
    return std::exp(k * std::log(lambda) - lambda - std::lgamma(k + 1.0));
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
    if (!(lambda >= 0.0) || !std::isfinite(lambda))
        throw invalid_argument("poisson_cdf",
                               ::llmlings::detail::concat("lambda must be finite and >= 0, got ", lambda));
    double sum = 0.0;
    for (int i = 0; i <= k; ++i) {
        const double term = poisson_pmf(i, lambda);
        sum += term;
        // Beyond 2λ each term is less than half the previous one, so the rest of the series is
        // smaller than this term: stop once that cannot change the sum (k may be huge).
        if (i >= 2.0 * lambda && term <= 0.5 * std::numeric_limits<double>::epsilon() * sum) break;
    }
    return std::fmin(sum, 1.0);
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
 * Q = 1 − P does, and P = 1 − Q (Numerical Recipes §6.2). Both need ~9√a terms, so from
 * a = 1e5 on Temme's uniform asymptotic expansion takes over (detail::temme_gamma()).
 *
 * @param a the shape, finite and > 0
 * @param x the point, ≥ 0 (+∞ gives 1)
 * @return P(a, x)
 * @throws invalid_argument when a is not finite and > 0, or x < 0 or NaN
 * @throws numerical_error when an expansion does not converge (not expected: the iteration cap
 *         is 30 times the ~3000 terms that a = 1e5 needs)
 *
 * Complexity: O(√a) iterations below a = 1e5, O(1) above. Example: `regularized_gamma_p(1, 2)` → `0.8646647167633873`
 * (= 1 − e⁻², the exponential cdf).
 */
inline double regularized_gamma_p(double a, double x) {
    detail::check_positive_parameter("regularized_gamma_p", "a", a);
    if (!(x >= 0.0))
        throw invalid_argument("regularized_gamma_p", ::llmlings::detail::concat("x must be >= 0, got ", x));
    return detail::lower_gamma("regularized_gamma_p", a, x);
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
 * Complexity: O(√a) iterations below a = 1e5, O(1) above. Example: `regularized_gamma_q(1, 50)` → `1.9287498479639178e-22`
 * (= e⁻⁵⁰; 1 − P would give 0).
 */
inline double regularized_gamma_q(double a, double x) {
    detail::check_positive_parameter("regularized_gamma_q", "a", a);
    if (!(x >= 0.0))
        throw invalid_argument("regularized_gamma_q", ::llmlings::detail::concat("x must be >= 0, got ", x));
    return detail::upper_gamma("regularized_gamma_q", a, x);
}

/**
 * @ingroup stats
 * @brief Regularized incomplete beta function I_x(a, b), the cdf of the Beta(a, b) distribution.
 *
 * @f[ I_x(a,b) = \frac{1}{B(a,b)} \int_0^x t^{a-1} (1-t)^{b-1}\, dt, \qquad
 *    B(a,b) = \frac{\Gamma(a)\Gamma(b)}{\Gamma(a+b)} @f]
 * The continued fraction converges fast for x < (a + 1)/(a + b + 2); above, the symmetry
 * I_x(a, b) = 1 − I_{1−x}(b, a) moves the evaluation there (Numerical Recipes §6.4). Where that
 * fraction loses digits (x within ~b/a of 1 when a ≫ b) two methods of ACM TOMS 708 take over:
 * for a, b > 1 an equivalent fraction built from the distance to the mode, and for a ≥ 15, b ≤ 1,
 * x ≥ ½ an asymptotic expansion (detail::incomplete_beta()).
 *
 * @param a, b the shapes, finite and > 0
 * @param x the point, in [0, 1]
 * @return I_x(a, b), in [0, 1]
 * @throws invalid_argument when a or b is not finite and > 0, or x ∉ [0, 1]
 * @throws numerical_error when the continued fraction does not converge (both shapes far
 *         beyond 1e9)
 *
 * Complexity: O(√max(a, b)) iterations. Example: `regularized_beta(2, 3, 0.4)` → `0.5248`
 * (for integer shapes it is a binomial tail: P(Bin(4, 0.4) ≥ 2)).
 */
inline double regularized_beta(double a, double b, double x) {
    detail::check_positive_parameter("regularized_beta", "a", a);
    detail::check_positive_parameter("regularized_beta", "b", b);
    if (!(x >= 0.0 && x <= 1.0))
        throw invalid_argument("regularized_beta", ::llmlings::detail::concat("x must be in [0, 1], got ", x));
    return detail::incomplete_beta("regularized_beta", a, b, x, 1.0 - x);
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
    detail::check_positive_parameter("chi_square_pdf", "the degrees of freedom", k);
    if (x < 0.0) return 0.0;
    const double half_k = 0.5 * k;
    if (x == 0.0) return k < 2.0 ? std::numeric_limits<double>::infinity() : (k == 2.0 ? 0.5 : 0.0);
    // f = e^{−x/2} (x/2)^{k/2} / (Γ(k/2) x); for large k the prefactor's Stirling form avoids the
    // cancellation of ~k ln k sized terms
    if (half_k >= detail::stirling_shape) return detail::gamma_prefactor(half_k, 0.5 * x) / x;
    return std::exp((half_k - 1.0) * std::log(x) - 0.5 * x - half_k * std::log(2.0) - std::lgamma(half_k));
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
 * @throws invalid_argument when k is not finite and > 0, or x is NaN; the message names
 *         chi_square_cdf (not the gamma function it calls): `chi_square_cdf: x is NaN`
 *
 * Complexity: O(√k) below k = 2e5, O(1) above. Example: `chi_square_cdf(3.841458820694124, 1)` → `0.95`.
 */
inline double chi_square_cdf(double x, double k) {
    detail::check_positive_parameter("chi_square_cdf", "the degrees of freedom", k);
    if (std::isnan(x)) throw invalid_argument("chi_square_cdf", "x is NaN");
    if (x <= 0.0) return 0.0;
    return detail::lower_gamma("chi_square_cdf", 0.5 * k, 0.5 * x);
}

/**
 * @ingroup stats
 * @brief Chi-square survival function P(X > x) = Q(k/2, x/2), the p-value of a chi-square test.
 *
 * @param x the point (x ≤ 0 gives 1)
 * @param k the degrees of freedom, finite and > 0
 * @return P(X > x)
 * @throws invalid_argument when k is not finite and > 0, or x is NaN; the message names
 *         chi_square_sf (not the gamma function it calls): `chi_square_sf: x is NaN`
 *
 * Complexity: O(√k) below k = 2e5, O(1) above. Example: `chi_square_sf(18.307038053275146, 10)` → `0.05`.
 */
inline double chi_square_sf(double x, double k) {
    detail::check_positive_parameter("chi_square_sf", "the degrees of freedom", k);
    if (std::isnan(x)) throw invalid_argument("chi_square_sf", "x is NaN");
    if (x <= 0.0) return 1.0;
    return detail::upper_gamma("chi_square_sf", 0.5 * k, 0.5 * x);
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
    detail::check_open_probability("chi_square_ppf", p);
    detail::check_positive_parameter("chi_square_ppf", "the degrees of freedom", k);
    if (p <= 0.5) {
        auto cdf = [k](double x) { return detail::lower_gamma("chi_square_ppf", 0.5 * k, 0.5 * x); };
        return detail::bisect_increasing(cdf, p, 0.0, detail::bracket_above("chi_square_ppf", cdf, p, k));
    }
    auto minus_sf = [k](double x) { return -detail::upper_gamma("chi_square_ppf", 0.5 * k, 0.5 * x); };
    const double target = -(1.0 - p);
    return detail::bisect_increasing(minus_sf, target, 0.0,
                                     detail::bracket_above("chi_square_ppf", minus_sf, target, k));
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
    detail::check_positive_parameter("student_t_pdf", "the degrees of freedom", nu);
    // ln of the normalising constant: for large ν by Stirling's formula, where the two lgamma
    // values (~ν ln ν / 2) would cancel to a difference of ~ln ν / 2
    const double log_norm =
        0.5 * nu < detail::stirling_shape
            ? std::lgamma(0.5 * (nu + 1.0)) - std::lgamma(0.5 * nu) - 0.5 * std::log(nu * 3.141592653589793)
            : 0.5 * nu * detail::log1pmx(1.0 / nu) - detail::half_log_two_pi +
                  detail::stirling_correction(0.5 * (nu + 1.0)) - detail::stirling_correction(0.5 * nu);
    return std::exp(log_norm - 0.5 * (nu + 1.0) * std::log1p(t * t / nu));
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
 * too. For ν ≥ 30 and t² ≤ ν the tail comes from the asymptotic expansion of DiDonato and Morris
 * (detail::beta_large_a_expansion()), accurate for any ν up to the largest double: as ν → ∞ it
 * tends to the normal tail Φ(−|t|).
 *
 * @param t the point (±∞ give 0 and 1)
 * @param nu the degrees of freedom ν, finite and > 0 (need not be an integer: Welch's test uses
 *        fractional ν)
 * @return P(T ≤ t)
 * @throws invalid_argument when ν is not finite and > 0, or t is NaN
 *
 * Complexity: O(√ν) below ν = 30, O(1) above. Example: `student_t_cdf(2.228138851986274, 10)` → `0.975`.
 */
inline double student_t_cdf(double t, double nu) {
    detail::check_positive_parameter("student_t_cdf", "the degrees of freedom", nu);
    if (std::isnan(t)) throw invalid_argument("student_t_cdf", "t is NaN");
    return detail::student_t_lower("student_t_cdf", t, nu);
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
 * @throws invalid_argument when ν is not finite and > 0, or t is NaN; the message names
 *         student_t_sf (not the cdf it calls): `student_t_sf: t is NaN`, `student_t_sf: the degrees
 *         of freedom must be finite and > 0, got -3`
 *
 * Complexity: O(√ν) below ν = 30, O(1) above. Example: `student_t_sf(12.706204736174698, 1)` → `0.025`.
 */
inline double student_t_sf(double t, double nu) {
    detail::check_positive_parameter("student_t_sf", "the degrees of freedom", nu);
    if (std::isnan(t)) throw invalid_argument("student_t_sf", "t is NaN");
    return detail::student_t_lower("student_t_sf", -t, nu);
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
 * @throws invalid_argument when p ∉ (0, 1) or ν is not finite and > 0; the message names
 *         student_t_ppf and the value: `student_t_ppf: the degrees of freedom must be finite and
 *         > 0, got -5`
 *
 * Complexity: O(60 to 2000) cdf evaluations. Example: `student_t_ppf(0.975, 10)` →
 * `2.2281388519649385` (the table value t₀.₉₇₅(10) = 2.228); `student_t_ppf(0.975, 1)` → `12.706…`.
 */
inline double student_t_ppf(double p, double nu) {
    detail::check_open_probability("student_t_ppf", p);
    detail::check_positive_parameter("student_t_ppf", "the degrees of freedom", nu);
    if (p == 0.5) return 0.0;
    const double q = p < 0.5 ? p : 1.0 - p;  // the tail probability beyond |t|
    auto minus_sf = [nu](double t) { return -detail::student_t_lower("student_t_ppf", -t, nu); };
    const double t =
        detail::bisect_increasing(minus_sf, -q, 0.0, detail::bracket_above("student_t_ppf", minus_sf, -q, 1.0));
    return p < 0.5 ? -t : t;
}

}  // namespace stats
}  // namespace llmlings

#endif  // LLMLINGS_STATS_02_DISTRIBUTIONS_HPP
