// SPDX-License-Identifier: MIT
// Tests for stats/05_estimation. Oracles: closed forms (the MLEs, the stationarity of the
// log-likelihood, z and t intervals from tabulated critical values), published worked examples
// (the t interval for n = 25, x̄ = 50, s = 10; Newcombe 1998's Wald and Wilson intervals), exact
// binomial coverage sums, and seeded simulations (normal samples from stats/03) judged against
// binomial and CLT error bounds.
#include <llmlings/testing.hpp>

#include <llmlings/stats/03_sampling.hpp>
#include <llmlings/stats/05_estimation.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <set>

using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::stats;

namespace {

const tolerance exact{1e-14, 1e-14};

// A printed value is exact to half a unit in its last decimal place: printed(4) for 0.2553.
tolerance printed(int decimals) {
    return {0, 0.5 * std::pow(10.0, -decimals)};
}

// Critical values from SciPy 1.10 (norm.ppf, t.ppf); stats/02's quantiles agree to ~1e-11.
const double z975 = 1.959963984540054;     // norm.ppf(0.975)
const double z95 = 1.6448536269514722;     // norm.ppf(0.95)
const double t975_4 = 2.7764451051977987;  // t.ppf(0.975, 4)
const tolerance quantile_tol{1e-9, 1e-12};

// Normal log-likelihood, written out here so the test does not trust the code under test.
double normal_loglik(const vector& x, double mu, double var) {
    double ss = 0.0;
    for (double v : x) ss += (v - mu) * (v - mu);
    const double pi = 3.141592653589793;
    return -0.5 * static_cast<double>(x.size()) * std::log(2 * pi * var) - ss / (2 * var);
}

double mean_of(const vector& v) {
    return mean(v);
}

}  // namespace

TEST_CASE("the normal MLE is the mean and the divide-by-n variance", "[stats][05_estimation]") {
    const normal_fit fit = mle_normal(vector{2, 4, 4, 4, 5, 5, 7, 9});
    LLMLINGS_CHECK_CLOSE(fit.mean, 5.0, exact);
    LLMLINGS_CHECK_CLOSE(fit.variance, 4.0, exact);  // 32 / 8, not 32 / 7
    const normal_fit one = mle_normal(vector{3.5});
    CHECK(one.mean == 3.5);
    CHECK(one.variance == 0.0);
}

TEST_CASE("the normal MLE is a stationary point and maximum of the log-likelihood", "[stats][05_estimation]") {
    llmlings::rng gen(51);
    const vector x = sample_normal(40, gen, 3.0, 2.0);
    const normal_fit fit = mle_normal(x);
    // Score equations: Σ(x − μ)/σ² = 0 and −n/(2σ²) + Σ(x − μ)²/(2σ⁴) = 0.
    double s1 = 0.0, s2 = 0.0;
    for (double v : x) {
        s1 += v - fit.mean;
        s2 += (v - fit.mean) * (v - fit.mean);
    }
    LLMLINGS_CHECK_CLOSE(s1 / fit.variance, 0.0, (tolerance{0, 1e-12}));
    LLMLINGS_CHECK_CLOSE(-40 / (2 * fit.variance) + s2 / (2 * fit.variance * fit.variance), 0.0, (tolerance{0, 1e-12}));
    const double best = normal_loglik(x, fit.mean, fit.variance);
    for (double dm : {-0.1, 0.1}) CHECK(normal_loglik(x, fit.mean + dm, fit.variance) < best);
    for (double scale : {0.9, 1.1}) CHECK(normal_loglik(x, fit.mean, fit.variance * scale) < best);
}

TEST_CASE("the MLE of the variance is biased low by the factor n minus 1 over n", "[stats][05_estimation]") {
    // E[σ̂²] = (n − 1)/n σ² = 0.8 for n = 5, σ = 1. Var(σ̂²) = 2(n − 1)/n² = 0.32, so the average of
    // 4000 estimates has standard error 0.0089: 0.04 is 4.5 standard errors, and 0.2 (the bias)
    // is 22 of them.
    llmlings::rng gen(52);
    double total = 0.0;
    const int samples = 4000;
    for (int s = 0; s < samples; ++s) {
        const vector x = sample_normal(5, gen);
        total += mle_normal(x).variance;
    }
    const double average = total / samples;
    CHECK(std::fabs(average - 0.8) < 0.04);
}

TEST_CASE("Bernoulli and Poisson MLEs are the sample fraction and the mean count", "[stats][05_estimation]") {
    LLMLINGS_CHECK_CLOSE(mle_bernoulli(vector{1, 0, 1, 1}), 0.75, exact);
    CHECK(mle_bernoulli(vector{0, 0, 0}) == 0.0);
    CHECK(mle_bernoulli(vector{1}) == 1.0);
    LLMLINGS_CHECK_CLOSE(mle_poisson(vector{2, 0, 3, 1, 4}), 2.0, exact);
    CHECK(mle_poisson(vector{0, 0}) == 0.0);
    // Each maximises its log-likelihood: compare with nearby parameter values.
    const vector flips{1, 1, 0, 1, 0, 1, 1, 1, 0, 1};  // k = 7, n = 10
    auto bern = [](double p) { return 7 * std::log(p) + 3 * std::log(1 - p); };
    const double p_hat = mle_bernoulli(flips);
    LLMLINGS_CHECK_CLOSE(p_hat, 0.7, exact);
    CHECK(bern(p_hat) > bern(p_hat - 0.01));
    CHECK(bern(p_hat) > bern(p_hat + 0.01));
    const vector counts{3, 7, 4, 6, 5, 5, 2};                       // Σ = 32, n = 7
    auto pois = [](double l) { return 32 * std::log(l) - 7 * l; };  // without the constant Σ ln xᵢ!
    const double l_hat = mle_poisson(counts);
    LLMLINGS_CHECK_CLOSE(l_hat, 32.0 / 7.0, exact);
    CHECK(pois(l_hat) > pois(l_hat * 0.99));
    CHECK(pois(l_hat) > pois(l_hat * 1.01));
}

TEST_CASE("MLEs reject empty samples and impossible values", "[stats][05_estimation]") {
    CHECK_THROWS_AS(mle_normal(vector{}), llmlings::invalid_argument);
    CHECK_THROWS_AS(mle_bernoulli(vector{}), llmlings::invalid_argument);
    CHECK_THROWS_AS(mle_bernoulli(vector{1, 0.5}), llmlings::invalid_argument);
    CHECK_THROWS_AS(mle_bernoulli(vector{2, 0}), llmlings::invalid_argument);
    CHECK_THROWS_AS(mle_poisson(vector{}), llmlings::invalid_argument);
    CHECK_THROWS_AS(mle_poisson(vector{1, -1}), llmlings::invalid_argument);
    CHECK_THROWS_AS(mle_poisson(vector{1.5}), llmlings::invalid_argument);
    CHECK_THROWS_AS(mle_poisson(vector{std::numeric_limits<double>::infinity()}), llmlings::invalid_argument);
}

TEST_CASE("z intervals are the mean plus or minus z star standard errors", "[stats][05_estimation]") {
    // σ = 15, n = 36: standard error 2.5; 95 %: 112 ± 1.96 · 2.5 ≈ [107.10, 116.90].
    const interval ci = z_interval(112.0, 15.0, 36, 0.95);
    LLMLINGS_CHECK_CLOSE(ci.lower, 112 - z975 * 2.5, quantile_tol);
    LLMLINGS_CHECK_CLOSE(ci.upper, 112 + z975 * 2.5, quantile_tol);
    LLMLINGS_CHECK_CLOSE(ci.lower, 107.10, printed(2));
    const interval ci90 = z_interval(112.0, 15.0, 36, 0.90);
    LLMLINGS_CHECK_CLOSE(ci90.upper - 112, z95 * 2.5, quantile_tol);
    // From data: x̄ = 3, σ = 1, n = 5.
    const interval d = z_interval(vector{1, 2, 3, 4, 5}, 1.0, 0.95);
    LLMLINGS_CHECK_CLOSE(d.lower, 3 - z975 / std::sqrt(5.0), quantile_tol);
    LLMLINGS_CHECK_CLOSE(d.upper, 3 + z975 / std::sqrt(5.0), quantile_tol);
}

TEST_CASE("the t interval reproduces the published n 25 example", "[stats][05_estimation]") {
    // n = 25, x̄ = 50, s = 10: standard error 2, t*(24) = 2.064 → [45.872, 54.128].
    const interval ci = t_interval(50.0, 10.0, 25, 0.95);
    LLMLINGS_CHECK_CLOSE(ci.lower, 45.872, printed(3));
    LLMLINGS_CHECK_CLOSE(ci.upper, 54.128, printed(3));
    LLMLINGS_CHECK_CLOSE((ci.upper - ci.lower) / 4, 2.064, printed(3));  // the tabulated t*
    // From data: {1..5} has x̄ = 3 and s = √2.5, so the half-width is t*(4) · √0.5.
    const interval d = t_interval(vector{1, 2, 3, 4, 5}, 0.95);
    LLMLINGS_CHECK_CLOSE(d.lower, 3 - t975_4 * std::sqrt(0.5), quantile_tol);
    LLMLINGS_CHECK_CLOSE(d.upper, 3 + t975_4 * std::sqrt(0.5), quantile_tol);
}

TEST_CASE("t intervals are wider than z intervals and approach them as n grows", "[stats][05_estimation]") {
    double previous_ratio = std::numeric_limits<double>::infinity();
    for (std::size_t n : {3u, 10u, 30u, 100u, 100000u}) {
        const interval t = t_interval(0.0, 1.0, n, 0.95);
        const interval z = z_interval(0.0, 1.0, n, 0.95);
        const double ratio = t.upper / z.upper;
        CHECK(ratio > 1.0);
        CHECK(ratio < previous_ratio);
        previous_ratio = ratio;
    }
    // At n = 1e5, t*(99999) / z* − 1 ≈ (1 + z*²)/(4n) ≈ 1.2e-5.
    CHECK(previous_ratio < 1.0 + 2e-5);
    // A zero standard deviation gives a zero-width interval.
    const interval point = t_interval(4.0, 0.0, 10, 0.95);
    CHECK(point.lower == 4.0);
    CHECK(point.upper == 4.0);
}

TEST_CASE("t intervals cover the true mean 95 percent of the time and plug-in z intervals do not",
          "[stats][05_estimation]") {
    // 2000 samples of n = 5 from N(10, 3²). Coverage of a correct 95 % interval: 1900 ± 9.75 (one
    // binomial standard deviation), so [1856, 1944] is ±4.5 of them. A z interval with s plugged
    // in for σ covers P(|t₄| < 1.96) = 87.8 %: 1757 ± 14.6, far outside.
    llmlings::rng gen(53);
    const int trials = 2000;
    int t_hits = 0, plug_in_hits = 0, known_sigma_hits = 0;
    for (int s = 0; s < trials; ++s) {
        const vector x = sample_normal(5, gen, 10.0, 3.0);
        const interval t = t_interval(x, 0.95);
        const interval plug = z_interval(mean(x), standard_deviation(x), 5, 0.95);
        const interval known = z_interval(x, 3.0, 0.95);
        t_hits += (t.lower <= 10.0 && 10.0 <= t.upper) ? 1 : 0;
        plug_in_hits += (plug.lower <= 10.0 && 10.0 <= plug.upper) ? 1 : 0;
        known_sigma_hits += (known.lower <= 10.0 && 10.0 <= known.upper) ? 1 : 0;
    }
    INFO("t: " << t_hits << ", z with s: " << plug_in_hits << ", z with sigma: " << known_sigma_hits);
    CHECK(t_hits >= 1856);
    CHECK(t_hits <= 1944);
    CHECK(known_sigma_hits >= 1856);
    CHECK(known_sigma_hits <= 1944);
    CHECK(plug_in_hits >= 1691);  // 1757 ± 4.5 · 14.6
    CHECK(plug_in_hits <= 1823);
}

TEST_CASE("Wald and Wilson intervals reproduce Newcombe 1998", "[stats][05_estimation]") {
    // Newcombe (1998), Statistics in Medicine 17, Table II, 95 % intervals, 4 decimals.
    const interval w1 = wald_interval(81, 263, 0.95);
    LLMLINGS_CHECK_CLOSE(w1.lower, 0.2522, printed(4));
    LLMLINGS_CHECK_CLOSE(w1.upper, 0.3638, printed(4));
    const interval w2 = wald_interval(15, 148, 0.95);
    LLMLINGS_CHECK_CLOSE(w2.lower, 0.0527, printed(4));
    LLMLINGS_CHECK_CLOSE(w2.upper, 0.1500, printed(4));
    const double wilson_expected[4][4] = {
        {81, 263, 0.2553, 0.3662}, {15, 148, 0.0624, 0.1605}, {0, 20, 0.0, 0.1611}, {1, 29, 0.0061, 0.1718}};
    for (const auto& row : wilson_expected) {
        const interval w = wilson_interval(static_cast<std::size_t>(row[0]), static_cast<std::size_t>(row[1]), 0.95);
        INFO(row[0] << " of " << row[1]);
        LLMLINGS_CHECK_CLOSE(w.lower, row[2], printed(4));
        LLMLINGS_CHECK_CLOSE(w.upper, row[3], printed(4));
    }
}

TEST_CASE("the Wald interval degenerates at the edges while Wilson stays inside 0 to 1", "[stats][05_estimation]") {
    // 0 of 20: Wald collapses to the single point 0; 1 of 29: Wald reaches below 0.
    const interval zero = wald_interval(0, 20, 0.95);
    CHECK(zero.lower == 0.0);
    CHECK(zero.upper == 0.0);
    CHECK(wald_interval(1, 29, 0.95).lower < 0.0);
    for (std::size_t k = 0; k <= 20; ++k) {
        const interval w = wilson_interval(k, 20, 0.95);
        const double p_hat = k / 20.0;
        CHECK(w.lower >= 0.0);
        CHECK(w.upper <= 1.0);
        CHECK(w.lower < w.upper);
        CHECK(w.lower <= p_hat);
        CHECK(p_hat <= w.upper);
    }
    const interval all = wilson_interval(20, 20, 0.95);  // symmetric to 0 of 20
    LLMLINGS_CHECK_CLOSE(all.lower, 1 - wilson_interval(0, 20, 0.95).upper, exact);
    CHECK(all.upper == 1.0);
}

TEST_CASE("exact coverage shows Wald undercovering where Wilson does not", "[stats][05_estimation]") {
    // Coverage at p = Σ_k P(K = k) [p ∈ CI(k)], summed exactly over the binomial pmf of stats/02.
    auto coverage = [](int n, double p, bool wilson) {
        double c = 0.0;
        for (int k = 0; k <= n; ++k) {
            const interval ci = wilson ? wilson_interval(k, n, 0.95) : wald_interval(k, n, 0.95);
            if (ci.lower <= p && p <= ci.upper) c += binomial_pmf(k, n, p);
        }
        return c;
    };
    // n = 30, p = 0.05: Wald 0.782, Wilson 0.939; n = 20, p = 0.1: Wald 0.876, Wilson 0.957.
    LLMLINGS_CHECK_CLOSE(coverage(30, 0.05, false), 0.7820787504620605, (tolerance{1e-12, 0}));
    LLMLINGS_CHECK_CLOSE(coverage(30, 0.05, true), 0.9392284386912562, (tolerance{1e-12, 0}));
    LLMLINGS_CHECK_CLOSE(coverage(20, 0.1, false), 0.8760372560004647, (tolerance{1e-12, 0}));
    LLMLINGS_CHECK_CLOSE(coverage(20, 0.1, true), 0.9568255047155367, (tolerance{1e-12, 0}));
}

TEST_CASE("intervals reject bad sizes counts and levels", "[stats][05_estimation]") {
    CHECK_THROWS_AS(z_interval(0.0, 0.0, 10, 0.95), llmlings::invalid_argument);
    CHECK_THROWS_AS(z_interval(0.0, 1.0, 0, 0.95), llmlings::invalid_argument);
    CHECK_THROWS_AS(z_interval(0.0, 1.0, 10, 1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(z_interval(vector{}, 1.0, 0.95), llmlings::invalid_argument);
    CHECK_THROWS_AS(t_interval(0.0, 1.0, 1, 0.95), llmlings::invalid_argument);
    CHECK_THROWS_AS(t_interval(0.0, -1.0, 10, 0.95), llmlings::invalid_argument);
    CHECK_THROWS_AS(t_interval(0.0, 1.0, 10, 0.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(t_interval(vector{1.0}, 0.95), llmlings::invalid_argument);
    CHECK_THROWS_AS(wald_interval(3, 2, 0.95), llmlings::invalid_argument);
    CHECK_THROWS_AS(wald_interval(0, 0, 0.95), llmlings::invalid_argument);
    CHECK_THROWS_AS(wilson_interval(5, 4, 0.95), llmlings::invalid_argument);
    CHECK_THROWS_AS(wilson_interval(1, 4, -0.5), llmlings::invalid_argument);
}

TEST_CASE("the bootstrap is reproducible from its seed and resamples the data", "[stats][05_estimation]") {
    const vector x{3, 1, 4, 1, 5, 9, 2};
    llmlings::rng g1(54), g2(54), g3(55);
    const vector a = bootstrap_distribution(x, mean_of, 200, g1);
    const vector b = bootstrap_distribution(x, mean_of, 200, g2);
    const vector c = bootstrap_distribution(x, mean_of, 200, g3);
    REQUIRE(a.size() == 200);
    CHECK((a == b));
    CHECK(!(a == c));
    // The median of 7 resampled values is always one of the data values, and over 2000 resamples
    // the middle values 1, 2, 3, 4, 5 all occur (each is the median of a resample with
    // probability > 2 %; 9 needs four 9s out of 7 draws).
    llmlings::rng g4(56);
    const auto median_of = [](const vector& v) { return median(v); };
    const vector medians = bootstrap_distribution(x, median_of, 2000, g4);
    std::set<double> seen;
    for (double m : medians) {
        CHECK((m == 1 || m == 2 || m == 3 || m == 4 || m == 5 || m == 9));
        seen.insert(m);
    }
    CHECK(seen.size() >= 5);
    // Every data value can be drawn, the last one too: the largest of 3 draws from {1, 2, 3} is 3
    // with probability 1 - (2/3)^3 = 0.70, so 200 resamples without a 3 have probability 0.3^200.
    llmlings::rng g6(59);
    const auto max_of = [](const vector& v) { return *std::max_element(v.begin(), v.end()); };
    const vector maxima = bootstrap_distribution(vector{1, 2, 3}, max_of, 200, g6);
    CHECK(std::count(maxima.begin(), maxima.end(), 3.0) > 0);
    // Constant data: every resample is the same, so the interval is a point.
    llmlings::rng g5(57);
    const interval point = bootstrap_percentile_interval(vector{2, 2, 2}, mean_of, 50, 0.9, g5);
    CHECK(point.lower == 2.0);
    CHECK(point.upper == 2.0);
}

TEST_CASE("the bootstrap standard error and interval of the mean agree with normal theory", "[stats][05_estimation]") {
    llmlings::rng gen(58);
    const vector x = sample_normal(50, gen, 5.0, 2.0);
    const double se = std::sqrt(mle_normal(x).variance / 50.0);  // the bootstrap's σ̂/√n
    const vector boot = bootstrap_distribution(x, mean_of, 4000, gen);
    // A standard deviation estimated from B = 4000 draws has relative error ≈ 1/√(2B) = 1.1 %;
    // 5 % is 4.5 of those. The bootstrap mean is within 4.5 · se/√B ≈ 0.07 se of x̄.
    LLMLINGS_CHECK_CLOSE(standard_deviation(boot), se, (tolerance{0.05, 0}));
    LLMLINGS_CHECK_CLOSE(mean(boot), mean(x), (tolerance{0, 0.07 * se}));
    // Percentile interval vs x̄ ± 1.96 se: the 2.5 % quantile of 4000 draws has Monte Carlo error
    // ≈ 0.04 se, and the sampling distribution of a mean of 50 is close to normal; allow 0.25 se.
    const interval ci = bootstrap_percentile_interval(x, mean_of, 4000, 0.95, gen);
    LLMLINGS_CHECK_CLOSE(ci.lower, mean(x) - z975 * se, (tolerance{0, 0.25 * se}));
    LLMLINGS_CHECK_CLOSE(ci.upper, mean(x) + z975 * se, (tolerance{0, 0.25 * se}));
}

TEST_CASE("the bootstrap rejects empty data zero resamples and bad levels", "[stats][05_estimation]") {
    llmlings::rng gen(61);
    CHECK_THROWS_AS(bootstrap_distribution(vector{}, mean_of, 10, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(bootstrap_distribution(vector{1, 2}, mean_of, 0, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(bootstrap_percentile_interval(vector{1, 2}, mean_of, 10, 1.5, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(bootstrap_percentile_interval(vector{}, mean_of, 10, 0.9, gen), llmlings::invalid_argument);
}
