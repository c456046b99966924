// SPDX-License-Identifier: MIT
// Tests for stats/04_bayes. Oracles: textbook numbers (the diagnostic test; the cookie, dice and
// Monty Hall problems of Downey's Think Bayes), closed forms of the Beta distribution, and
// identities (sequential = batch updating, the posterior mean as a weighted average). The random
// priors and likelihoods and the batch products are in oracles/04_bayes.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/stats/04_bayes.hpp>

#include <cmath>
#include <cstddef>
#include <limits>

#include "oracles/04_bayes.hpp"

using llmlings::matrix;
using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::stats;
using llmlings::testing::contains;
using namespace oracles;

namespace {
// A handful of double operations on numbers of order 1: a few ulps.
const tolerance exact{1e-14, 1e-15};
}  // namespace

TEST_CASE("the diagnostic test posterior is one sixth", "[stats][04_bayes]") {
    // Prevalence 1 %, sensitivity 99 %, false-positive rate 5 %:
    // P(E) = 0.0099 + 0.0495 = 0.0594 and P(sick | +) = 0.0099 / 0.0594 = 1/6.
    LLMLINGS_CHECK_CLOSE(total_probability(0.01, 0.99, 0.05), 0.0594, exact);
    LLMLINGS_CHECK_CLOSE(posterior_binary(0.01, 0.99, 0.05), 1.0 / 6.0, exact);
    LLMLINGS_CHECK_CLOSE(bayes_rule(0.01, 0.99, 0.0594), 1.0 / 6.0, exact);
    // A second positive test, taking 1/6 as the new prior: 0.99/6 / (0.99/6 + 0.05 * 5/6) = 99/124.
    LLMLINGS_CHECK_CLOSE(posterior_binary(1.0 / 6.0, 0.99, 0.05), 99.0 / 124.0, exact);
}

TEST_CASE("bayes_rule and total_probability on hand-worked cases", "[stats][04_bayes]") {
    // Evidence that cannot tell H from not-H leaves the prior unchanged.
    LLMLINGS_CHECK_CLOSE(posterior_binary(0.3, 0.4, 0.4), 0.3, exact);
    // Evidence impossible without H proves H; evidence impossible under H refutes it.
    LLMLINGS_CHECK_CLOSE(posterior_binary(0.2, 0.5, 0.0), 1.0, exact);
    LLMLINGS_CHECK_CLOSE(posterior_binary(0.2, 0.0, 0.5), 0.0, exact);
    // A certain prior stays certain.
    LLMLINGS_CHECK_CLOSE(posterior_binary(1.0, 0.3, 0.9), 1.0, exact);
    LLMLINGS_CHECK_CLOSE(total_probability(0.5, 1.0, 0.0), 0.5, exact);
    LLMLINGS_CHECK_CLOSE(bayes_rule(0.5, 0.8, 0.5), 0.8, exact);
}

TEST_CASE("bayes_rule rejects impossible evidence and inconsistent inputs", "[stats][04_bayes]") {
    CHECK_THROWS_AS(bayes_rule(0.5, 0.5, 0.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(bayes_rule(0.5, 0.9, 0.3), llmlings::invalid_argument);  // 0.45 > 0.3
    CHECK_THROWS_AS(bayes_rule(1.5, 0.5, 0.9), llmlings::invalid_argument);
    CHECK_THROWS_AS(total_probability(0.5, -0.1, 0.2), llmlings::invalid_argument);
    CHECK_THROWS_AS(total_probability(0.5, 0.1, std::numeric_limits<double>::quiet_NaN()), llmlings::invalid_argument);
    CHECK_THROWS_AS(posterior_binary(0.5, 0.0, 0.0), llmlings::invalid_argument);  // P(E) = 0
    CHECK_THROWS_WITH(bayes_rule(0.5, 0.5, 0.0), contains("bayes_rule"));
}

TEST_CASE("discrete Bayes solves the cookie problem", "[stats][04_bayes]") {
    // Think Bayes ch. 1: bowl 1 has 30 vanilla and 10 chocolate, bowl 2 has 20 of each; a vanilla
    // cookie comes from a bowl chosen at random. P(bowl 1 | vanilla) = 0.375 / 0.625 = 0.6.
    LLMLINGS_CHECK_CLOSE(posterior(vector{0.5, 0.5}, vector{0.75, 0.5}), (vector{0.6, 0.4}), exact);
    // Unnormalised prior weights and a scaled likelihood give the same answer.
    LLMLINGS_CHECK_CLOSE(posterior(vector{3, 3}, vector{30, 20}), (vector{0.6, 0.4}), exact);
}

TEST_CASE("discrete Bayes solves the Monty Hall problem", "[stats][04_bayes]") {
    // The contestant picks door A; Monty, who knows where the car is, opens door B. Likelihood of
    // "Monty opens B": 1/2 if the car is behind A, 0 if behind B, 1 if behind C.
    const vector p = posterior(vector{1, 1, 1}, vector{0.5, 0.0, 1.0});
    LLMLINGS_CHECK_CLOSE(p, (vector{1.0 / 3.0, 0.0, 2.0 / 3.0}), exact);
}

TEST_CASE("discrete Bayes returns a probability vector proportional to prior times likelihood", "[stats][04_bayes]") {
    for (const prior_and_likelihood& pair : random_pairs(41, 20, 7)) {
        const vector &prior = pair.prior, &like = pair.likelihood;
        const vector p = posterior(prior, like);
        double sum = 0.0;
        for (std::size_t k = 0; k < p.size(); ++k) {
            CHECK(p(k) >= 0.0);
            sum += p(k);
        }
        LLMLINGS_CHECK_CLOSE(sum, 1.0, exact);
        // p_k / (prior_k like_k) is the same constant 1/evidence for every k.
        const vector r = ratio(p, prior, like);
        LLMLINGS_CHECK_CLOSE(r, filled(7, r(0)), (tolerance{1e-13, 0}));
    }
}

TEST_CASE("discrete Bayes rejects bad priors and likelihoods", "[stats][04_bayes]") {
    CHECK_THROWS_AS(posterior(vector{0.5, 0.5}, vector{1, 2, 3}), llmlings::shape_error);
    CHECK_THROWS_AS(posterior(vector{}, vector{}), llmlings::invalid_argument);
    CHECK_THROWS_AS(posterior(vector{-0.5, 1.5}, vector{1, 1}), llmlings::invalid_argument);
    CHECK_THROWS_AS(posterior(vector{0.5, 0.5}, vector{1, -1}), llmlings::invalid_argument);
    CHECK_THROWS_AS(posterior(vector{0.5, 0.5}, vector{1, std::numeric_limits<double>::infinity()}),
                    llmlings::invalid_argument);
    // The observation is impossible under every hypothesis that has prior mass.
    CHECK_THROWS_AS(posterior(vector{1, 0}, vector{0, 1}), llmlings::invalid_argument);
}

TEST_CASE("sequential updates solve the dice problem", "[stats][04_bayes]") {
    // Think Bayes (1st ed.) §3.1: a die with 4, 6, 8, 12 or 20 sides rolls 6, 6, 8, 7, 7, 5, 4.
    // The book prints 0, 0, 0.943248453672, 0.0552061280613, 0.0015454182665.
    const double sides[5] = {4, 6, 8, 12, 20};
    const double rolls[7] = {6, 6, 8, 7, 7, 5, 4};
    matrix like({7, 5});
    for (std::size_t t = 0; t < 7; ++t)
        for (std::size_t k = 0; k < 5; ++k) like(t, k) = rolls[t] <= sides[k] ? 1.0 / sides[k] : 0.0;
    const vector p = posterior_sequential(vector{1, 1, 1, 1, 1}, like);
    // The printed values have 12 significant digits.
    LLMLINGS_CHECK_CLOSE(p, (vector{0, 0, 0.943248453672, 0.0552061280613, 0.0015454182665}),
                         (tolerance{1e-11, 1e-15}));
    // Closed form: posterior ∝ (1/sides)^7 over the dice that can show an 8.
    const double w8 = std::pow(1.0 / 8, 7), w12 = std::pow(1.0 / 12, 7), w20 = std::pow(1.0 / 20, 7);
    const double s = w8 + w12 + w20;
    LLMLINGS_CHECK_CLOSE(p, (vector{0, 0, w8 / s, w12 / s, w20 / s}), exact);
}

TEST_CASE("sequential updating equals one batch update with the product of likelihoods", "[stats][04_bayes]") {
    const prior_and_likelihoods data = random_prior_and_likelihoods(42, 10, 6);
    const vector& prior = data.prior;
    const matrix& like = data.likelihoods;
    const vector batch = posterior(prior, column_products(like));
    // 10 steps of a few roundings each on O(1) numbers.
    LLMLINGS_CHECK_CLOSE(posterior_sequential(prior, like), batch, (tolerance{1e-13, 1e-16}));
    // No observations: the prior, normalised.
    const vector none = posterior_sequential(vector{2, 6}, matrix({0, 2}));
    LLMLINGS_CHECK_CLOSE(none, (vector{0.25, 0.75}), exact);
}

TEST_CASE("sequential updating survives a product of likelihoods that underflows", "[stats][04_bayes]") {
    // 2000 coin flips, 1200 heads: is the coin fair (p = 0.5) or biased (p = 0.6)? The product of
    // the fair coin's likelihoods, 0.5^2000 ≈ 1e-602, underflows to 0 in double, so the batch
    // update fails; normalising after every flip does not. Closed form of the posterior log-odds
    // (biased : fair): 1200 ln 0.6 + 800 ln 0.4 − 2000 ln 0.5 ≈ 40.3.
    const std::size_t n = 2000, heads = 1200;
    matrix like({n, 2});
    for (std::size_t t = 0; t < n; ++t) {
        const bool head = t < heads;
        like(t, 0) = 0.5;
        like(t, 1) = head ? 0.6 : 0.4;
    }
    CHECK_THROWS_AS(posterior(vector{0.5, 0.5}, column_products(like)), llmlings::invalid_argument);
    const vector p = posterior_sequential(vector{0.5, 0.5}, like);
    const double log_odds = heads * std::log(0.6) + (n - heads) * std::log(0.4) - n * std::log(0.5);
    const double expected_fair = 1.0 / (1.0 + std::exp(log_odds));
    // 2000 normalisations, each exact to a few ulps: the error grows like 2000 ulps at most.
    LLMLINGS_CHECK_CLOSE(p(0), expected_fair, (tolerance{1e-11, 1e-300}));
    LLMLINGS_CHECK_CLOSE(p(1), 1.0 - expected_fair, (tolerance{1e-14, 0}));
}

TEST_CASE("posterior_sequential rejects a likelihood matrix with the wrong number of columns", "[stats][04_bayes]") {
    CHECK_THROWS_AS(posterior_sequential(vector{0.5, 0.5}, matrix({3, 4})), llmlings::shape_error);
    matrix impossible = {{1.0, 0.0}, {0.0, 1.0}};  // the two observations exclude both hypotheses
    CHECK_THROWS_AS(posterior_sequential(vector{0.5, 0.5}, impossible), llmlings::invalid_argument);
}

TEST_CASE("the Beta-Binomial update adds successes and failures", "[stats][04_bayes]") {
    const beta_params post = beta_binomial_update({2, 2}, 7, 10);
    CHECK(post.alpha == 9.0);
    CHECK(post.beta == 5.0);
    const beta_params flat = beta_binomial_update({1, 1}, 0, 0);  // no data, no change
    CHECK(flat.alpha == 1.0);
    CHECK(flat.beta == 1.0);
    const beta_params jeffreys = beta_binomial_update({0.5, 0.5}, 3, 3);
    CHECK(jeffreys.alpha == 3.5);
    CHECK(jeffreys.beta == 0.5);
}

TEST_CASE("trial-by-trial Beta updates equal one batch update", "[stats][04_bayes]") {
    llmlings::rng gen(43);
    beta_params seq{2.5, 1.5};
    std::size_t k = 0;
    const std::size_t n = 500;
    for (std::size_t t = 0; t < n; ++t) {
        const bool success = llmlings::uniform01(gen) < 0.3;
        k += success ? 1 : 0;
        seq = beta_binomial_update(seq, success ? 1 : 0, 1);
    }
    const beta_params batch = beta_binomial_update({2.5, 1.5}, k, n);
    CHECK(seq.alpha == batch.alpha);  // sums of small integers and halves are exact in double
    CHECK(seq.beta == batch.beta);
    CHECK(batch.alpha == 2.5 + k);
}

TEST_CASE("Beta mean variance and mode match their closed forms", "[stats][04_bayes]") {
    LLMLINGS_CHECK_CLOSE(beta_mean({9, 5}), 9.0 / 14.0, exact);
    LLMLINGS_CHECK_CLOSE(beta_variance({9, 5}), 3.0 / 196.0, exact);  // 45 / (14² · 15)
    LLMLINGS_CHECK_CLOSE(beta_mode({9, 5}), 2.0 / 3.0, exact);        // 8 / 12
    LLMLINGS_CHECK_CLOSE(beta_mean({1, 1}), 0.5, exact);
    LLMLINGS_CHECK_CLOSE(beta_variance({1, 1}), 1.0 / 12.0, exact);  // the uniform distribution
    LLMLINGS_CHECK_CLOSE(beta_mode({3, 3}), 0.5, exact);
    // Modes at the edges: the density grows towards 0 (alpha <= 1) or towards 1 (beta <= 1).
    CHECK(beta_mode({1, 3}) == 0.0);
    CHECK(beta_mode({0.5, 2}) == 0.0);
    CHECK(beta_mode({4, 1}) == 1.0);
}

TEST_CASE("with a uniform prior the MAP estimate is the observed rate", "[stats][04_bayes]") {
    for (std::size_t n : {1u, 5u, 10u, 37u})
        for (std::size_t k = 0; k <= n; ++k)
            LLMLINGS_CHECK_CLOSE(beta_mode(beta_binomial_update({1, 1}, k, n)), static_cast<double>(k) / n, exact);
}

TEST_CASE("the posterior mean is a weighted average of the prior mean and the observed rate", "[stats][04_bayes]") {
    const beta_params prior{4, 6};
    for (std::size_t n : {3u, 30u, 300u}) {
        const std::size_t k = 2 * n / 3;
        const double w = (prior.alpha + prior.beta) / (prior.alpha + prior.beta + n);
        const double expected = w * 0.4 + (1 - w) * static_cast<double>(k) / n;
        const beta_params post = beta_binomial_update(prior, k, n);
        LLMLINGS_CHECK_CLOSE(beta_mean(post), expected, exact);
        // Between the prior mean 0.4 and the data's 2/3, and the variance shrinks with n.
        CHECK(beta_mean(post) > 0.4);
        CHECK(beta_mean(post) < static_cast<double>(k) / n + 1e-15);
        CHECK(beta_variance(post) < beta_variance(prior));
    }
}

TEST_CASE("Beta functions reject invalid parameters and counts", "[stats][04_bayes]") {
    CHECK_THROWS_AS(beta_binomial_update({1, 1}, 11, 10), llmlings::invalid_argument);
    CHECK_THROWS_AS(beta_binomial_update({0, 1}, 1, 2), llmlings::invalid_argument);
    CHECK_THROWS_AS(beta_mean({-1, 2}), llmlings::invalid_argument);
    CHECK_THROWS_AS(beta_variance({1, std::numeric_limits<double>::infinity()}), llmlings::invalid_argument);
    CHECK_THROWS_AS(beta_mode({1, 1}), llmlings::invalid_argument);      // flat: no unique mode
    CHECK_THROWS_AS(beta_mode({0.5, 0.5}), llmlings::invalid_argument);  // peaks at both ends
}

TEST_CASE("credible intervals of Beta distributions with closed-form cdfs", "[stats][04_bayes]") {
    // Bisection on the incomplete beta function of stats/02 (about 14 correct digits): the
    // quantile inherits that error divided by the density, which is >= 0.15 at these points.
    const tolerance tol{1e-12, 1e-13};
    // Beta(1, 1) is uniform: F(x) = x.
    const interval flat = beta_credible_interval({1, 1}, 0.95);
    LLMLINGS_CHECK_CLOSE(flat.lower, 0.025, tol);
    LLMLINGS_CHECK_CLOSE(flat.upper, 0.975, tol);
    // Beta(a, 1): F(x) = x^a, so F⁻¹(q) = q^(1/a). After n successes in n trials from a flat
    // prior the posterior is Beta(n + 1, 1).
    for (double a : {2.0, 3.0, 11.0}) {
        const interval ci = beta_credible_interval({a, 1}, 0.9);
        LLMLINGS_CHECK_CLOSE(ci.lower, std::pow(0.05, 1 / a), tol);
        LLMLINGS_CHECK_CLOSE(ci.upper, std::pow(0.95, 1 / a), tol);
    }
    // Beta(1, b): F(x) = 1 − (1 − x)^b.
    const interval one_b = beta_credible_interval({1, 4}, 0.8);
    LLMLINGS_CHECK_CLOSE(one_b.lower, 1 - std::pow(0.9, 0.25), tol);
    LLMLINGS_CHECK_CLOSE(one_b.upper, 1 - std::pow(0.1, 0.25), tol);
    // Beta(2, 2): F(x) = 3x² − 2x³; the interval is symmetric about 1/2.
    const interval two = beta_credible_interval({2, 2}, 0.95);
    auto f22 = [](double x) { return 3 * x * x - 2 * x * x * x; };
    LLMLINGS_CHECK_CLOSE(f22(two.lower), 0.025, tol);
    LLMLINGS_CHECK_CLOSE(f22(two.upper), 0.975, tol);
    LLMLINGS_CHECK_CLOSE(two.lower + two.upper, 1.0, tol);
}

TEST_CASE("credible intervals contain the posterior mean and narrow as data arrive", "[stats][04_bayes]") {
    double previous_width = 1.0;
    for (std::size_t n : {10u, 40u, 160u, 640u}) {
        const beta_params post = beta_binomial_update({2, 2}, 3 * n / 10, n);
        const interval ci95 = beta_credible_interval(post, 0.95);
        const interval ci50 = beta_credible_interval(post, 0.5);
        const double m = beta_mean(post);
        CHECK(ci95.lower < ci50.lower);
        CHECK(ci50.lower < m);
        CHECK(m < ci50.upper);
        CHECK(ci50.upper < ci95.upper);
        // The width shrinks roughly like 1/sqrt(n): quadrupling n about halves it.
        const double width = ci95.upper - ci95.lower;
        CHECK(width < 0.6 * previous_width);
        previous_width = width;
    }
}

TEST_CASE("credible intervals reject levels outside 0 to 1", "[stats][04_bayes]") {
    CHECK_THROWS_AS(beta_credible_interval({2, 2}, 0.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(beta_credible_interval({2, 2}, 1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(beta_credible_interval({2, 0}, 0.9), llmlings::invalid_argument);
}

TEST_CASE("posterior_binary names itself when an argument is not a probability", "[stats][04_bayes]") {
    // it delegates to total_probability and bayes_rule; the error must still name posterior_binary
    CHECK_THROWS_AS(posterior_binary(1.5, 0.5, 0.5), llmlings::invalid_argument);
    CHECK_THROWS_WITH(posterior_binary(1.5, 0.5, 0.5), contains("posterior_binary") && contains("prior"));
    CHECK_THROWS_WITH(posterior_binary(0.5, 0.5, -0.1), contains("posterior_binary") && contains("p_e_given_not_h"));
    CHECK_THROWS_WITH(posterior_binary(0.0, 0.5, 0.0), contains("posterior_binary") && contains("impossible"));
}
