// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief stats/04 — Bayes' theorem: from a prior and a likelihood to a posterior, for one yes/no
 * hypothesis, for a finite set of hypotheses, and for an unknown probability with a Beta prior
 * (its posterior, mean, variance, mode and credible interval).
 *
 * Shapes: K hypotheses; prior, likelihood, posterior (K); a sequence of T observations as a
 * likelihood matrix (T,K) whose row t holds P(observation t | hypothesis k).
 *
 * What this file deliberately is not: general Bayesian inference (MCMC, variational methods). It
 * covers the two cases where the posterior is exact: a finite hypothesis set (normalise a vector)
 * and a conjugate prior (update two numbers). The Beta cdf and the bisection that inverts it
 * come from stats/02.
 *
 * Reference: A. Downey, *Think Bayes* (2nd ed.), ch. 1–4 (the cookie, dice and Monty Hall
 * problems); A. Gelman et al., *Bayesian Data Analysis* (3rd ed.), §2.1–2.4 (Beta–Binomial).
 *
 * Guide: @ref stats_04_bayes (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_STATS_04_BAYES_HPP
#define LLMLINGS_STATS_04_BAYES_HPP

#include <cmath>
#include <cstddef>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xview.hpp>

#include <llmlings/core.hpp>
#include <llmlings/stats/02_distributions.hpp>

namespace llmlings {
namespace stats {

namespace detail {

/**
 * @brief Throws invalid_argument unless `p` is a probability: finite and in [0, 1].
 *
 * @param function the public function that checks, e.g. `"bayes_rule"`
 * @param name the parameter's name, for the message
 * @param p the value to check
 */
inline void check_probability(const char* function, const char* name, double p) {
    if (!(p >= 0.0 && p <= 1.0))
        throw invalid_argument(function, ::llmlings::detail::concat(name, " must be a probability in [0, 1], got ", p));
}

/**
 * @brief Throws invalid_argument unless every element of `v` is finite and >= 0.
 *
 * @param function the public function that checks
 * @param name the parameter's name, for the message
 * @param v the vector to check
 */
inline void check_nonnegative(const char* function, const char* name, const vector& v) {
    for (std::size_t i = 0; i < v.size(); ++i)
        if (!(v(i) >= 0.0) || !std::isfinite(v(i)))
            throw invalid_argument(
                function, ::llmlings::detail::concat(name, " must be finite and >= 0, got ", v(i), " at index ", i));
}

}  // namespace detail

/**
 * @ingroup stats
 * @brief Law of total probability for a yes/no hypothesis H: P(E) = P(E|H)P(H) + P(E|¬H)(1 − P(H)).
 *
 * @f[ P(E) = P(E \mid H)\,P(H) + P(E \mid \neg H)\,\bigl(1 - P(H)\bigr) @f]
 * This is the *evidence*: how probable the observation E is at all, averaged over whether H is
 * true or not. It is the denominator of Bayes' theorem.
 *
 * @param prior P(H), the probability of H before seeing E
 * @param p_e_given_h P(E|H), e.g. a test's sensitivity
 * @param p_e_given_not_h P(E|¬H), e.g. a test's false-positive rate
 * @return P(E), in [0, 1]
 * @throws invalid_argument when an argument is not a probability in [0, 1]
 *
 * Complexity: O(1). Example: `total_probability(0.01, 0.99, 0.05)` → `0.0594`
 * (0.0099 true positives + 0.0495 false positives).
 */
inline double total_probability(double prior, double p_e_given_h, double p_e_given_not_h) {
    detail::check_probability("total_probability", "prior", prior);
    detail::check_probability("total_probability", "p_e_given_h", p_e_given_h);
    detail::check_probability("total_probability", "p_e_given_not_h", p_e_given_not_h);
    return p_e_given_h * prior + p_e_given_not_h * (1.0 - prior);
}

/**
 * @ingroup stats
 * @brief Bayes' theorem: P(H|E) = P(E|H) P(H) / P(E).
 *
 * @f[ \underbrace{P(H \mid E)}_{\text{posterior}} =
 *     \frac{\overbrace{P(E \mid H)}^{\text{likelihood}}\;\overbrace{P(H)}^{\text{prior}}}
 *          {\underbrace{P(E)}_{\text{evidence}}} @f]
 *
 * @param prior P(H)
 * @param likelihood P(E|H)
 * @param evidence P(E); it must be at least likelihood · prior (the share of E that comes with H)
 * @return the posterior P(H|E), in [0, 1]
 * @throws invalid_argument when an argument is not in [0, 1], when evidence is 0 (conditioning on
 *         an impossible event) or when likelihood · prior > evidence (the inputs are inconsistent:
 *         the posterior would exceed 1); the message names bayes_rule and the reason, e.g.
 *         `bayes_rule: the evidence P(E) is 0: cannot condition on an impossible event`
 *
 * Complexity: O(1). Example: `bayes_rule(0.01, 0.99, 0.0594)` → `0.1666…` (= 1/6).
 */
inline double bayes_rule(double prior, double likelihood, double evidence) {
    detail::check_probability("bayes_rule", "prior", prior);
    detail::check_probability("bayes_rule", "likelihood", likelihood);
    detail::check_probability("bayes_rule", "evidence", evidence);
    const double joint = likelihood * prior;  // P(E and H)
    if (evidence == 0.0)
        throw invalid_argument("bayes_rule", "the evidence P(E) is 0: cannot condition on an impossible event");
    if (joint > evidence)
        throw invalid_argument(
            "bayes_rule", ::llmlings::detail::concat("likelihood * prior = ", joint, " exceeds the evidence ", evidence,
                                                     ": P(E and H) cannot be larger than P(E)"));
    return joint / evidence;
}

/**
 * @ingroup stats
 * @brief The posterior of a yes/no hypothesis after one observation E:
 * P(H|E) = P(E|H)P(H) / (P(E|H)P(H) + P(E|¬H)(1 − P(H))).
 *
 * The diagnostic test: a disease with prevalence 1 % (the prior), a test that detects 99 % of the
 * sick (sensitivity, P(+|sick)) and flags 5 % of the healthy (false-positive rate, P(+|healthy)).
 * A positive result raises the probability of disease from 1 % to only 1/6, because the healthy
 * are 99 times more numerous and their 5 % false alarms outnumber the true positives five to one.
 *
 * @param prior P(H)
 * @param p_e_given_h P(E|H)
 * @param p_e_given_not_h P(E|¬H)
 * @return P(H|E)
 * @throws invalid_argument when an argument is not a probability, or when P(E) = 0; the message
 *         names posterior_binary (not the functions it calls) and the argument:
 *         `posterior_binary: prior must be a probability in [0, 1], got 1.5`,
 *         `posterior_binary: the evidence P(E) is 0: cannot condition on an impossible event`
 *
 * Complexity: O(1). Example: `posterior_binary(0.01, 0.99, 0.05)` → `0.1666…`
 * (0.0099 / (0.0099 + 0.0495) = 1/6).
 */
inline double posterior_binary(double prior, double p_e_given_h, double p_e_given_not_h) {
    // checked here, so that an error names posterior_binary and not the functions it calls
    detail::check_probability("posterior_binary", "prior", prior);
    detail::check_probability("posterior_binary", "p_e_given_h", p_e_given_h);
    detail::check_probability("posterior_binary", "p_e_given_not_h", p_e_given_not_h);
    const double evidence = total_probability(prior, p_e_given_h, p_e_given_not_h);
    if (evidence == 0.0)
        throw invalid_argument("posterior_binary", "the evidence P(E) is 0: cannot condition on an impossible event");
    return bayes_rule(prior, p_e_given_h, evidence);
}

/**
 * @ingroup stats
 * @brief Discrete Bayes over K hypotheses: posterior ∝ prior × likelihood, normalised to sum 1.
 *
 * @f[ P(H_k \mid E) = \frac{P(E \mid H_k)\,P(H_k)}{\sum_{j} P(E \mid H_j)\,P(H_j)} @f]
 * The denominator is the evidence P(E) by the law of total probability. Only the ratios of the
 * prior matter, so the prior may be given as unnormalised weights ({1,1} is the same as {½,½});
 * likewise the likelihood may be scaled by any positive constant.
 *
 * @param prior vector (K) of prior probabilities or weights, finite and >= 0
 * @param likelihood vector (K): P(E | H_k) for each hypothesis, finite and >= 0
 * @return vector (K), the posterior; it sums to 1
 * @throws shape_error when the lengths differ
 * @throws invalid_argument when K = 0, an entry is negative or not finite, or the evidence
 *         Σ prior·likelihood is 0 (the observation is impossible under every hypothesis)
 *
 * Complexity: 2K multiplications and K divisions.
 * Example (the cookie problem of *Think Bayes*: bowl 1 holds 30 vanilla and 10 chocolate
 * cookies, bowl 2 holds 20 of each; a vanilla cookie is drawn from a bowl chosen at random):
 * `posterior({0.5, 0.5}, {0.75, 0.5})` → `{0.6, 0.4}`.
 */
inline vector posterior(const vector& prior, const vector& likelihood) {
    check::same_size("posterior", prior, likelihood);
    check::not_empty("posterior", prior);
    detail::check_nonnegative("posterior", "prior", prior);
    detail::check_nonnegative("posterior", "likelihood", likelihood);
    vector result = prior * likelihood;  // the joint P(E and H_k), unnormalised
    double evidence = 0.0;
    for (std::size_t k = 0; k < result.size(); ++k) evidence += result(k);
    if (!(evidence > 0.0))
        throw invalid_argument("posterior",
                               "the evidence sum(prior * likelihood) is 0: the observation "
                               "is impossible under every hypothesis (or the product underflowed)");
    result /= evidence;
    return result;
}

/**
 * @ingroup stats
 * @brief Sequential Bayes: update on T observations one at a time, yesterday's posterior being
 * today's prior.
 *
 * @f[ p_0 = \text{prior}, \qquad p_t(k) \propto p_{t-1}(k)\,L_{t,k}, \qquad t = 1..T @f]
 * For independent observations this equals one batch update with the product of the
 * likelihoods, \f$ p_T(k) \propto \text{prior}(k) \prod_t L_{t,k} \f$, but normalising after
 * every step keeps the numbers near 1: the product of a thousand likelihoods of 0.1 underflows to
 * 0 in double (1e-1000), while the sequential posterior is still exact.
 *
 * @param prior vector (K), finite and >= 0 with a positive sum
 * @param likelihoods matrix (T,K); row t is P(observation t | H_k); T may be 0
 * @return vector (K), the posterior after all T observations (the normalised prior when T = 0)
 * @throws shape_error when likelihoods has K ≠ prior.size() columns
 * @throws invalid_argument as posterior() does, at the first step whose evidence is 0
 *
 * Complexity: O(T·K). Example (the dice problem of *Think Bayes*: a die with 4, 6, 8, 12 or 20
 * sides, chosen at random, rolls a 6 and then an 8):
 * `posterior_sequential({1,1,1,1,1}, {{0,1./6,1./8,1./12,1./20}, {0,0,1./8,1./12,1./20}})` →
 * `{0, 0, 0.6233, 0.2770, 0.0997}` (∝ 1/64, 1/144, 1/400).
 */
inline vector posterior_sequential(const vector& prior, const matrix& likelihoods) {
    if (likelihoods.shape()[1] != prior.size())
        throw shape_error(
            "posterior_sequential",
            ::llmlings::detail::concat("likelihoods must have one column per hypothesis: got ",
                                       shape_str(likelihoods.shape()), " for ", prior.size(), " hypotheses"));
    // Step 0: the prior itself, normalised (a flat likelihood changes nothing but the scale).
    vector current = posterior(prior, xt::ones<double>({prior.size()}));
    for (std::size_t t = 0; t < likelihoods.shape()[0]; ++t)
        current = posterior(current, xt::row(likelihoods, static_cast<std::ptrdiff_t>(t)));
    return current;
}

/**
 * @ingroup stats
 * @brief The two parameters of a Beta(α, β) distribution over a probability p ∈ [0, 1].
 *
 * Its density is proportional to \f$ p^{\alpha-1}(1-p)^{\beta-1} \f$. Read α − 1 and β − 1 as
 * "successes and failures seen so far": Beta(1, 1) is the uniform prior (nothing seen), and
 * α + β measures how much the distribution has learnt.
 */
struct beta_params {
    double alpha = 1.0;  ///< α > 0: prior successes + 1
    double beta = 1.0;   ///< β > 0: prior failures + 1
};

namespace detail {

/// Throws invalid_argument unless α and β are finite and > 0 (with stats/02's parameter check).
inline void check_beta(const char* function, const beta_params& d) {
    check_positive_parameter(function, "alpha", d.alpha);
    check_positive_parameter(function, "beta", d.beta);
}

}  // namespace detail

/**
 * @ingroup stats
 * @brief Conjugate update: a Beta(α, β) prior and k successes in n Bernoulli trials give the
 * posterior Beta(α + k, β + n − k).
 *
 * @f[ \underbrace{p^{k}(1-p)^{n-k}}_{\text{binomial likelihood}} \cdot
 *     \underbrace{p^{\alpha-1}(1-p)^{\beta-1}}_{\text{Beta prior}}
 *     = p^{\alpha+k-1}(1-p)^{\beta+n-k-1} \;\propto\; \mathrm{Beta}(\alpha+k,\ \beta+n-k) @f]
 * "Conjugate" means the posterior has the prior's family, so Bayes' theorem reduces to adding
 * counts. Updating once with (k, n) or trial by trial gives the same posterior.
 *
 * @param prior Beta(α, β) with α, β > 0
 * @param successes k
 * @param trials n >= k
 * @return Beta(α + k, β + n − k)
 * @throws invalid_argument when α or β is not finite and > 0, or k > n
 *
 * Complexity: O(1). Example: `beta_binomial_update({2, 2}, 7, 10)` → `{9, 5}`.
 */
inline beta_params beta_binomial_update(const beta_params& prior, std::size_t successes, std::size_t trials) {
    detail::check_beta("beta_binomial_update", prior);
    if (successes > trials)
        throw invalid_argument(
            "beta_binomial_update",
            ::llmlings::detail::concat("successes must not exceed trials, got ", successes, " of ", trials));
    return {prior.alpha + static_cast<double>(successes), prior.beta + static_cast<double>(trials - successes)};
}

/**
 * @ingroup stats
 * @brief Mean of Beta(α, β): α / (α + β) — the posterior mean, and the probability that the next
 * trial succeeds.
 *
 * @f[ E[p] = \frac{\alpha}{\alpha+\beta} @f]
 * After k successes in n trials from Beta(α, β) it is a weighted average of the prior mean and
 * the observed rate k/n, with weight (α + β)/(α + β + n) on the prior: the data win as n grows.
 *
 * @param d Beta(α, β)
 * @return the mean, in (0, 1)
 * @throws invalid_argument when α or β is not finite and > 0
 *
 * Complexity: O(1). Example: `beta_mean({9, 5})` → `0.642857…` (9/14).
 */
inline double beta_mean(const beta_params& d) {
    detail::check_beta("beta_mean", d);
    return d.alpha / (d.alpha + d.beta);
}

/**
 * @ingroup stats
 * @brief Variance of Beta(α, β): αβ / ((α + β)² (α + β + 1)).
 *
 * It shrinks roughly like 1/(α + β): more data, less uncertainty.
 *
 * @param d Beta(α, β)
 * @return the variance, > 0
 * @throws invalid_argument when α or β is not finite and > 0
 *
 * Complexity: O(1). Example: `beta_variance({9, 5})` → `0.015306…` (45 / (196·15) = 3/196).
 */
inline double beta_variance(const beta_params& d) {
    detail::check_beta("beta_variance", d);
    const double s = d.alpha + d.beta;
    return d.alpha * d.beta / (s * s * (s + 1.0));
}

/**
 * @ingroup stats
 * @brief Mode of Beta(α, β), the maximum a posteriori (MAP) estimate when d is a posterior.
 *
 * @f[ \hat p_{\mathrm{MAP}} = \frac{\alpha - 1}{\alpha + \beta - 2} \qquad (\alpha > 1,\ \beta > 1) @f]
 * With the uniform prior Beta(1, 1) and k of n successes the MAP is k/n, the maximum-likelihood
 * estimate (stats/05). At the edges the density is largest at an end point: the mode is 0 when
 * α ≤ 1 < β and 1 when β ≤ 1 < α. When α ≤ 1 and β ≤ 1 there is no single mode (Beta(1,1) is flat,
 * Beta(½,½) peaks at both ends), so the function throws.
 *
 * @param d Beta(α, β)
 * @return the mode, in [0, 1]
 * @throws invalid_argument when α or β is not finite and > 0, or when α ≤ 1 and β ≤ 1
 *
 * Complexity: O(1). Example: `beta_mode({9, 5})` → `0.6667` (8/12); `beta_mode({1, 3})` → `0`.
 */
inline double beta_mode(const beta_params& d) {
    detail::check_beta("beta_mode", d);
    if (d.alpha > 1.0 && d.beta > 1.0) return (d.alpha - 1.0) / (d.alpha + d.beta - 2.0);
    if (d.alpha > 1.0) return 1.0;  // β ≤ 1: the density grows towards p = 1
    if (d.beta > 1.0) return 0.0;   // α ≤ 1: the density grows towards p = 0
    throw invalid_argument("beta_mode", ::llmlings::detail::concat("Beta(", d.alpha, ", ", d.beta,
                                                                   ") has no unique mode (alpha <= 1 and beta <= 1)"));
}

/**
 * @ingroup stats
 * @brief A closed interval [lower, upper] of real numbers: a credible interval here, a
 * confidence interval in stats/05.
 */
struct interval {
    double lower = 0.0;  ///< the left end
    double upper = 0.0;  ///< the right end
};

/**
 * @ingroup stats
 * @brief Equal-tailed credible interval of Beta(α, β): the central range that holds probability
 * `level`, leaving (1 − level)/2 in each tail.
 *
 * @f[ [\,F^{-1}(	frac{1-\ell}{2}),\ F^{-1}(	frac{1+\ell}{2})\,], \qquad
 *     F(x) = I_x(lpha, eta) @f]
 * with F the Beta cdf, the regularized incomplete beta function of stats/02
 * (llmlings::stats::regularized_beta). F has no closed-form inverse, but it increases from
 * F(0) = 0 to F(1) = 1, so each end is found by bisection on [0, 1]
 * (llmlings::stats::detail::bisect_increasing of stats/02).
 *
 * Meaning: given the prior and the data, p lies in the interval with probability `level`. This
 * is the statement people wrongly read into a confidence interval (stats/05).
 *
 * @param d Beta(α, β), usually a posterior from beta_binomial_update()
 * @param level the probability inside, strictly between 0 and 1 (0.95 for a 95 % interval)
 * @return {lower, upper} with 0 ≤ lower < upper ≤ 1
 * @throws invalid_argument when α or β is not finite and > 0, or level ∉ (0, 1)
 *
 * Complexity: two bisections of ~60 steps, each an incomplete beta evaluation.
 * Example: `beta_credible_interval({1, 1}, 0.95)` → `{0.025, 0.975}` (the flat prior: F(x) = x);
 * `beta_credible_interval({3, 1}, 0.9)` → `{0.3684, 0.9830}` (F(x) = x³: 0.05^⅓, 0.95^⅓).
 */
inline interval beta_credible_interval(const beta_params& d, double level) {
    detail::check_beta("beta_credible_interval", d);
    detail::check_open_probability("beta_credible_interval", level);
    auto cdf = [&d](double x) { return regularized_beta(d.alpha, d.beta, x); };
    const double tail = 0.5 * (1.0 - level);
    return {detail::bisect_increasing(cdf, tail, 0.0, 1.0), detail::bisect_increasing(cdf, 1.0 - tail, 0.0, 1.0)};
}

}  // namespace stats
}  // namespace llmlings

#endif  // LLMLINGS_STATS_04_BAYES_HPP
