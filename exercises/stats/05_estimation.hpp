// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief stats/05 — estimation: maximum-likelihood estimates (normal, Bernoulli, Poisson),
 * confidence intervals for a mean (z and t) and for a proportion (Wald and Wilson), and the
 * percentile bootstrap.
 *
 * Shapes: a sample x is a vector (n); a bootstrap distribution is a vector (B), one statistic per
 * resample.
 *
 * Every interval is returned as the llmlings::stats::interval of stats/04. The estimates use
 * stats/01 (mean, variance, quantile), the critical values stats/02 (normal_ppf,
 * student_t_ppf), and the bootstrap draws its indices from an llmlings::rng (core/random.hpp),
 * so a seed fixes the result on every platform.
 *
 * What this file deliberately is not: numerical maximum likelihood for models without a closed
 * form (that is gradient descent, linalg/08 and the ml module), Bayesian intervals (stats/04),
 * or the refined bootstrap intervals (BCa, studentized).
 *
 * References: L. Wasserman, *All of Statistics* (2004), ch. 6 (confidence intervals), 8 (the
 * bootstrap) and 9 (maximum likelihood); E. B. Wilson (1927), "Probable inference, the law of
 * succession, and statistical inference", JASA 22; R. G. Newcombe (1998), "Two-sided confidence
 * intervals for the single proportion: comparison of seven methods", Statistics in Medicine 17;
 * B. Efron, R. Tibshirani, *An Introduction to the Bootstrap* (1993), ch. 6 and 13.
 *
 * Guide: @ref stats_05_estimation (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_STATS_05_ESTIMATION_HPP
#define LLMLINGS_STATS_05_ESTIMATION_HPP

#include <cmath>
#include <cstddef>
#include <utility>

#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>
#include <llmlings/stats/01_descriptive.hpp>
#include <llmlings/stats/02_distributions.hpp>
#include <llmlings/stats/04_bayes.hpp>

namespace llmlings {
namespace stats {

/**
 * @ingroup stats
 * @brief The two parameters of a fitted normal distribution N(μ, σ²).
 */
struct normal_fit {
    double mean = 0.0;      ///< μ̂
    double variance = 1.0;  ///< σ̂², the maximum-likelihood (population, divide-by-n) variance
};

/**
 * @ingroup stats
 * @brief Maximum-likelihood fit of a normal distribution: μ̂ = x̄, σ̂² = (1/n) Σ (xᵢ − x̄)².
 *
 * @f[ \ell(\mu, \sigma^2) = -\frac{n}{2}\ln(2\pi\sigma^2) - \frac{1}{2\sigma^2}\sum_i (x_i - \mu)^2,
 *     \qquad \frac{\partial \ell}{\partial \mu} = 0 \Rightarrow \hat\mu = \bar x, \qquad
 *     \frac{\partial \ell}{\partial \sigma^2} = 0 \Rightarrow \hat\sigma^2 = \frac{1}{n}\sum_i (x_i - \bar x)^2 @f]
 * The MLE of the variance divides by n, not n − 1: it is biased low by the factor (n − 1)/n
 * (stats/01 explains why). Maximum likelihood optimises fit, not unbiasedness.
 *
 * @param x vector (n), n ≥ 1
 * @return {x̄, σ̂²}; σ̂² = 0 when n = 1 or all values are equal
 * @throws invalid_argument when x is empty
 *
 * Complexity: two passes over x. Example: `mle_normal({2, 4, 4, 4, 5, 5, 7, 9})` → `{5, 4}`.
 */
inline normal_fit mle_normal(const vector& x) {
    todo("stats/05_estimation", "mle_normal");
}

/**
 * @ingroup stats
 * @brief Maximum-likelihood estimate of a Bernoulli success probability: p̂ = k/n, the fraction
 * of ones.
 *
 * @f[ \ell(p) = k\ln p + (n-k)\ln(1-p), \qquad \ell'(p) = \frac{k}{p} - \frac{n-k}{1-p} = 0
 *     \;\Rightarrow\; \hat p = \frac{k}{n} @f]
 *
 * @param outcomes vector (n) of 0s (failure) and 1s (success), n ≥ 1
 * @return k/n, in [0, 1]
 * @throws invalid_argument when outcomes is empty or holds a value other than 0 or 1
 *
 * Complexity: O(n). Example: `mle_bernoulli({1, 0, 1, 1})` → `0.75`.
 */
inline double mle_bernoulli(const vector& outcomes) {
    todo("stats/05_estimation", "mle_bernoulli");
}

/**
 * @ingroup stats
 * @brief Maximum-likelihood estimate of a Poisson rate: λ̂ = x̄, the mean count.
 *
 * @f[ \ell(\lambda) = \sum_i \bigl(x_i \ln\lambda - \lambda - \ln x_i!\bigr), \qquad
 *     \ell'(\lambda) = \frac{\sum_i x_i}{\lambda} - n = 0 \;\Rightarrow\; \hat\lambda = \bar x @f]
 *
 * @param counts vector (n) of non-negative whole numbers, n ≥ 1
 * @return the mean count, ≥ 0
 * @throws invalid_argument when counts is empty or holds a negative, fractional or non-finite value
 *
 * Complexity: O(n). Example: `mle_poisson({2, 0, 3, 1, 4})` → `2`.
 */
inline double mle_poisson(const vector& counts) {
    todo("stats/05_estimation", "mle_poisson");
}

/**
 * @ingroup stats
 * @brief Confidence interval for a mean when the population standard deviation σ is known:
 * x̄ ± z_{(1+level)/2} · σ/√n.
 *
 * @f[ \bar x \pm z^{*}\,\frac{\sigma}{\sqrt n}, \qquad z^{*} = \Phi^{-1}\!\left(\frac{1+\ell}{2}\right)
 *     \quad (z^{*} = 1.96 \text{ for } \ell = 0.95) @f]
 * Meaning: the *procedure* captures the true mean in a fraction `level` of repeated samples. Any
 * one computed interval either contains μ or not; "μ is in [a, b] with probability 95 %" is the
 * Bayesian credible interval's claim (stats/04), not this one's.
 *
 * @param sample_mean x̄
 * @param sigma the known σ, finite and > 0
 * @param n the sample size, ≥ 1
 * @param level the confidence level, strictly between 0 and 1
 * @return {x̄ − z*σ/√n, x̄ + z*σ/√n}
 * @throws invalid_argument when σ is not finite and > 0, n = 0, or level ∉ (0, 1)
 *
 * Complexity: O(1). Example: `z_interval(112, 15, 36, 0.95)` → `{107.10, 116.90}`
 * (112 ± 1.96 · 2.5).
 */
inline interval z_interval(double sample_mean, double sigma, std::size_t n, double level) {
    todo("stats/05_estimation", "z_interval");
}

/**
 * @ingroup stats
 * @brief z interval for the mean of the sample x with known σ: z_interval(mean(x), σ, n, level).
 *
 * @param x vector (n), n ≥ 1
 * @param sigma the known σ, finite and > 0
 * @param level the confidence level, strictly between 0 and 1
 * @return the interval, centred on x̄
 * @throws invalid_argument when x is empty, σ is not finite and > 0, or level ∉ (0, 1)
 *
 * Complexity: O(n). Example: `z_interval({1, 2, 3, 4, 5}, 1, 0.95)` → `{2.1235, 3.8765}`.
 */
inline interval z_interval(const vector& x, double sigma, double level) {
    todo("stats/05_estimation", "z_interval");
}

/**
 * @ingroup stats
 * @brief Confidence interval for a mean with σ unknown: x̄ ± t_{(1+level)/2, n−1} · s/√n.
 *
 * @f[ \bar x \pm t^{*}_{n-1}\,\frac{s}{\sqrt n}, \qquad t^{*}_{n-1} = F^{-1}_{t_{n-1}}\!\left(\frac{1+\ell}{2}\right) @f]
 * Estimating σ by the sample standard deviation s adds uncertainty; Student's t with n − 1
 * degrees of freedom has heavier tails than the normal and widens the interval to keep its
 * coverage (t* = 2.064 for n = 25 at 95 %, against z* = 1.96). Assumes a roughly normal
 * population, or a large n.
 *
 * @param sample_mean x̄
 * @param sample_sd s, the sample standard deviation (divide by n − 1), finite and ≥ 0
 * @param n the sample size, ≥ 2
 * @param level the confidence level, strictly between 0 and 1
 * @return {x̄ − t* s/√n, x̄ + t* s/√n}
 * @throws invalid_argument when s is negative or not finite, n < 2, or level ∉ (0, 1)
 *
 * Complexity: one t quantile (a bisection). Example: `t_interval(50, 10, 25, 0.95)` →
 * `{45.872, 54.128}` (50 ± 2.0639 · 2).
 */
inline interval t_interval(double sample_mean, double sample_sd, std::size_t n, double level) {
    todo("stats/05_estimation", "t_interval");
}

/**
 * @ingroup stats
 * @brief t interval for the mean of the sample x: t_interval(mean(x), s, n, level) with s the
 * sample standard deviation.
 *
 * @param x vector (n), n ≥ 2
 * @param level the confidence level, strictly between 0 and 1
 * @return the interval, centred on x̄
 * @throws invalid_argument when n < 2 or level ∉ (0, 1)
 *
 * Complexity: O(n) plus one t quantile. Example: `t_interval({1, 2, 3, 4, 5}, 0.95)` →
 * `{1.0368, 4.9632}` (3 ± 2.7764 · √2.5/√5).
 */
inline interval t_interval(const vector& x, double level) {
    todo("stats/05_estimation", "t_interval");
}

namespace detail {

/// Throws invalid_argument unless 0 ≤ successes ≤ trials and trials ≥ 1.
inline void check_counts(const char* function, std::size_t successes, std::size_t trials) {
    todo("stats/05_estimation", "check_counts");
}

}  // namespace detail

/**
 * @ingroup stats
 * @brief Wald confidence interval for a proportion: p̂ ± z* √(p̂(1 − p̂)/n), p̂ = k/n.
 *
 * @f[ \hat p \pm z^{*}\sqrt{\frac{\hat p(1-\hat p)}{n}} @f]
 * The textbook interval, from the normal approximation with the *estimated* standard error. It
 * misbehaves for small n or p̂ near 0 or 1: with k = 0 it is the single point {0}, it can reach
 * below 0 or above 1 (it is not clipped here, so you can see it), and its actual coverage can be
 * far below the nominal level (78 % instead of 95 % for n = 30, p = 0.05). Prefer
 * wilson_interval().
 *
 * @param successes k
 * @param trials n ≥ 1
 * @param level the confidence level, strictly between 0 and 1
 * @return {p̂ − h, p̂ + h}
 * @throws invalid_argument when n = 0, k > n or level ∉ (0, 1)
 *
 * Complexity: O(1). Example (Newcombe 1998): `wald_interval(81, 263, 0.95)` → `{0.2522, 0.3638}`.
 */
inline interval wald_interval(std::size_t successes, std::size_t trials, double level) {
    todo("stats/05_estimation", "wald_interval");
}

/**
 * @ingroup stats
 * @brief Wilson score interval for a proportion: the set of p that a z test of H₀: p would not
 * reject, using the standard error √(p(1 − p)/n) at the *hypothesised* p.
 *
 * Solving |p̂ − p| ≤ z* √(p(1 − p)/n), a quadratic in p, gives
 * @f[ \frac{\hat p + \frac{z^2}{2n}}{1 + \frac{z^2}{n}} \;\pm\;
 *     \frac{z}{1 + \frac{z^2}{n}}\sqrt{\frac{\hat p(1-\hat p)}{n} + \frac{z^2}{4n^2}} @f]
 * The centre is pulled from p̂ towards ½, the interval always lies in [0, 1], never collapses to
 * a point, and its coverage stays close to the nominal level even for small n.
 *
 * @param successes k
 * @param trials n ≥ 1
 * @param level the confidence level, strictly between 0 and 1
 * @return {lower, upper} ⊂ [0, 1]
 * @throws invalid_argument when n = 0, k > n or level ∉ (0, 1)
 *
 * Complexity: O(1). Example (Newcombe 1998): `wilson_interval(81, 263, 0.95)` →
 * `{0.2553, 0.3662}`; `wilson_interval(0, 20, 0.95)` → `{0, 0.1611}`.
 */
inline interval wilson_interval(std::size_t successes, std::size_t trials, double level) {
    todo("stats/05_estimation", "wilson_interval");
}

/**
 * @ingroup stats
 * @brief The bootstrap distribution of a statistic: its value on B resamples of x, each drawn
 * with replacement and of the same size n.
 *
 * The sample stands in for the population. Drawing n values from it with replacement imitates
 * drawing a fresh sample; the spread of the statistic over many such resamples estimates its
 * sampling variability, with no formula for the standard error needed (Efron 1979). Its standard
 * deviation is the *bootstrap standard error*; for the mean it approaches σ̂/√n.
 *
 * @tparam Statistic a callable `double(const vector&)`, e.g. `[](const vector& v) { return median(v); }`
 * @param x vector (n), n ≥ 1, the observed sample
 * @param statistic the statistic to bootstrap
 * @param resamples B ≥ 1 (a few thousand for intervals)
 * @param gen the random generator; it is advanced by about B·n draws
 * @return vector (B): statistic(resample b) for b = 0..B−1
 * @throws invalid_argument when x is empty or B = 0
 *
 * Complexity: B·n index draws and B calls of the statistic; one buffer of n doubles is reused.
 * Example: `bootstrap_distribution({1, 2, 3}, mean_fn, 4, gen)` → e.g. `{2, 1.667, 2.333, 2}`
 * (each entry the mean of 3 values drawn from {1, 2, 3}).
 */
template <class Statistic>
vector bootstrap_distribution(const vector& x, Statistic&& statistic, std::size_t resamples, rng& gen) {
    todo("stats/05_estimation", "bootstrap_distribution");
}

/**
 * @ingroup stats
 * @brief Percentile bootstrap confidence interval: the (1 − level)/2 and (1 + level)/2
 * quantiles of the bootstrap distribution.
 *
 * @f[ \Bigl[\,Q_{\hat\theta^*}\!\bigl(\tfrac{1-\ell}{2}\bigr),\;
 *            Q_{\hat\theta^*}\!\bigl(\tfrac{1+\ell}{2}\bigr)\Bigr] @f]
 * with θ̂* the statistic on a resample and Q the sample quantile of stats/01. It works for any
 * statistic (median, correlation, a model's accuracy), needs no formula, and respects skewed
 * sampling distributions; it is only approximate for small n, and the Monte Carlo error shrinks
 * like 1/√B.
 *
 * @tparam Statistic a callable `double(const vector&)`
 * @param x vector (n), n ≥ 1
 * @param statistic the statistic
 * @param resamples B ≥ 1 (1000–10000 is usual)
 * @param level the confidence level, strictly between 0 and 1
 * @param gen the random generator
 * @return {lower, upper}
 * @throws invalid_argument when x is empty, B = 0 or level ∉ (0, 1)
 *
 * Complexity: as bootstrap_distribution(), plus two O(B) quantiles. Example: for 50 values from
 * N(0, 1) and the mean, 4000 resamples give about x̄ ± 1.96 σ̂/√50.
 */
template <class Statistic>
interval bootstrap_percentile_interval(const vector& x, Statistic&& statistic, std::size_t resamples, double level,
                                       rng& gen) {
    todo("stats/05_estimation", "bootstrap_percentile_interval");
}

}  // namespace stats
}  // namespace llmlings

#endif  // LLMLINGS_STATS_05_ESTIMATION_HPP
