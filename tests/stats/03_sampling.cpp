// SPDX-License-Identifier: MIT
// Tests for stats/03_sampling. Randomised algorithms are tested for properties of their output
// distribution, with a fixed seed, never for one particular sequence of numbers. Oracles: the
// central limit theorem (sample means and variances within 5 standard errors), the
// Kolmogorov–Smirnov statistic against the exact cdf (std::erfc for the normal, 1 - e^{-λx} for
// the exponential) below its 0.1 % critical value 1.95/√n, Pearson's chi-square statistic of
// observed counts below the published 0.999 quantile of its chi-square distribution, and
// reproducibility (same seed, same output).
//
// False failures: a correct sampler with an arbitrary seed fails a 5-standard-error check with
// probability 5.7e-7 and a 0.1 % KS or chi-square check with probability 1e-3; each case below
// states its union bound. With the fixed seeds the outcome is deterministic, and a buggy sampler
// (wrong variance, a biased shuffle, an off-by-one category) fails by a wide margin.
//
// The statistics (KS, chi-square, sample moments) and the exact cdfs are in
// oracles/03_sampling.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/stats/02_distributions.hpp>
#include <llmlings/stats/03_sampling.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <vector>

#include "oracles/03_sampling.hpp"

using llmlings::index_vector;
using llmlings::rng;
using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::stats;
using llmlings::testing::contains;
using namespace oracles;

namespace {

// Published 0.999 quantiles of chi-square (any table, e.g. NIST/SEMATECH e-Handbook 1.3.6.7.4).
const double chi2_999_df1 = 10.828;
const double chi2_999_df3 = 16.266;
const double chi2_999_df4 = 18.467;
const double chi2_999_df23 = 49.728;

}  // namespace

TEST_CASE("the same seed gives the same samples and another seed different ones", "[stats][03_sampling]") {
    rng a(7), b(7), c(8);
    const vector pa = {0.1, 0.6, 0.3};
    CHECK(box_muller(a) == box_muller(b));
    const vector na = sample_normal(101, a), nb = sample_normal(101, b), nc = sample_normal(101, c);
    CHECK(std::equal(na.begin(), na.end(), nb.begin()));
    CHECK_FALSE(std::equal(na.begin(), na.end(), nc.begin()));
    const vector ea = sample_exponential(50, 1.5, a), eb = sample_exponential(50, 1.5, b),
                 ec = sample_exponential(50, 1.5, c);
    CHECK(std::equal(ea.begin(), ea.end(), eb.begin()));
    CHECK_FALSE(std::equal(ea.begin(), ea.end(), ec.begin()));
    const index_vector ca = sample_categorical(pa, 60, a), cb = sample_categorical(pa, 60, b),
                       cc = sample_categorical(pa, 60, c);
    CHECK(std::equal(ca.begin(), ca.end(), cb.begin()));
    CHECK_FALSE(std::equal(ca.begin(), ca.end(), cc.begin()));  // equal with probability < 0.6^60
    CHECK(sample_categorical(pa, a) == sample_categorical(pa, b));
    const index_vector ra = random_permutation(50, a), rb = random_permutation(50, b), rc = random_permutation(50, c);
    CHECK(std::equal(ra.begin(), ra.end(), rb.begin()));
    CHECK_FALSE(std::equal(ra.begin(), ra.end(), rc.begin()));  // equal with probability 1/50!
}

TEST_CASE("Box-Muller pairs are independent standard normals", "[stats][03_sampling]") {
    // 50000 pairs. Union bound on false failures: 6 checks at 5 standard errors (3.4e-6) plus
    // 3 KS checks at 0.1 % (3e-3).
    const std::size_t n = 50000;
    rng gen(2024);
    vector z1 = zeros(n), z2 = zeros(n), r2 = zeros(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto pair = box_muller(gen);
        z1(i) = pair.first;
        z2(i) = pair.second;
        r2(i) = pair.first * pair.first + pair.second * pair.second;
    }
    const double se = 1.0 / std::sqrt(static_cast<double>(n));  // standard error of a mean of N(0,1)
    const double se_var = std::sqrt(2.0 / (n - 1.0));           // of a sample variance of N(0,1)
    CHECK(std::fabs(sample_mean(z1)) < 5 * se);
    CHECK(std::fabs(sample_mean(z2)) < 5 * se);
    CHECK(std::fabs(sample_variance(z1) - 1.0) < 5 * se_var);
    CHECK(std::fabs(sample_variance(z2) - 1.0) < 5 * se_var);
    // independence: the mean of z1·z2 has mean 0 and standard error 1/√n
    double product = 0.0;
    for (std::size_t i = 0; i < n; ++i) product += z1(i) * z2(i);
    CHECK(std::fabs(product / n) < 5 * se);
    CHECK(ks_statistic(z1, phi) < ks_critical(n));
    CHECK(ks_statistic(z2, phi) < ks_critical(n));
    // z1² + z2² of independent standard normals is chi-square(2): exponential with mean 2
    CHECK(ks_statistic(r2, chi2_2_cdf) < ks_critical(n));
    CHECK(std::fabs(sample_mean(r2) - 2.0) < 5 * 2.0 * se);
}

TEST_CASE("normal samples have the requested mean and variance within CLT bounds", "[stats][03_sampling]") {
    // n = 100000 from N(5, 2²): the sample mean has standard error σ/√n = 0.0063 and the sample
    // variance σ²√(2/(n-1)) = 0.018. Two 5-standard-error checks: false failure below 1.2e-6.
    // Forgetting to scale (σ = 1) or to shift (μ = 0) misses by hundreds of standard errors.
    const std::size_t n = 100000;
    rng gen(99);
    const vector x = sample_normal(n, gen, 5.0, 2.0);
    REQUIRE(x.size() == n);
    const double root_n = std::sqrt(static_cast<double>(n));
    CHECK(std::fabs(sample_mean(x) - 5.0) < 5 * 2.0 / root_n);
    CHECK(std::fabs(sample_variance(x) - 4.0) < 5 * 4.0 * std::sqrt(2.0 / (n - 1.0)));
    CHECK(sample_normal(7, gen).size() == 7);  // odd n: the last pair's second number is dropped
    CHECK(sample_normal(0, gen).size() == 0);
}

TEST_CASE("normal samples pass a Kolmogorov-Smirnov test against the normal cdf", "[stats][03_sampling]") {
    // D < 1.95/√n: false failure 0.1 % for one check, 0.2 % for both.
    const std::size_t n = 100000;
    rng gen(5);
    const vector standard = sample_normal(n, gen);
    CHECK(ks_statistic(standard, phi) < ks_critical(n));
    const vector shifted = sample_normal(n, gen, -3.0, 0.5);
    CHECK(ks_statistic(shifted, phi_minus_3_half) < ks_critical(n));
}

TEST_CASE("exponential samples by inverse transform have the exponential distribution", "[stats][03_sampling]") {
    // rate 2: mean 1/2 with standard error (1/2)/√n, cdf 1 - e^{-2x}. False failure below 1.001e-3.
    const std::size_t n = 100000;
    rng gen(31);
    const vector x = sample_exponential(n, 2.0, gen);
    REQUIRE(x.size() == n);
    CHECK(smallest(x) >= 0.0);
    CHECK(std::fabs(sample_mean(x) - 0.5) < 5 * 0.5 / std::sqrt(static_cast<double>(n)));
    CHECK(ks_statistic(x, exponential_rate_2_cdf) < ks_critical(n));
}

TEST_CASE("inverse transform sampling works with any inverse cdf", "[stats][03_sampling]") {
    const std::size_t n = 100000;
    rng gen(77);
    // stats/02's normal quantile function turns uniforms into normals (false failure 1e-3)
    const auto quantile = [](double u) { return normal_ppf(u); };
    const vector z = sample_inverse_transform(n, quantile, gen);
    REQUIRE(z.size() == n);
    CHECK(ks_statistic(z, phi) < ks_critical(n));
    // F⁻¹(u) = a + (b - a) u is Uniform(a, b); the callable only ever sees u strictly inside (0, 1)
    double lowest = 1.0, highest = 0.0;
    const vector w = sample_inverse_transform(
        1000,
        [&](double u) {
            lowest = std::min(lowest, u);
            highest = std::max(highest, u);
            return -1.0 + 4.0 * u;
        },
        gen);
    REQUIRE(w.size() == 1000);
    CHECK(lowest > 0.0);
    CHECK(highest < 1.0);
    CHECK(smallest(w) >= -1.0);
    CHECK(largest(w) < 3.0);
    // mean 1, standard deviation 4/√12 = 1.15, so a standard error of 0.037 (false failure 5.7e-7)
    CHECK(std::fabs(sample_mean(w) - 1.0) < 5 * 1.155 / std::sqrt(1000.0));
}

TEST_CASE("categorical frequencies match the probabilities", "[stats][03_sampling]") {
    // Counts of 100000 draws over the 4 categories of positive probability: Pearson's statistic
    // has 3 degrees of freedom; false failure 1e-3. The category of probability 0 never appears.
    const vector p{0.1, 0.2, 0.0, 0.4, 0.3};
    const std::size_t n = 100000;
    rng gen(3);
    const index_vector draws = sample_categorical(p, n, gen);
    REQUIRE(draws.size() == n);
    std::vector<double> counts(p.size(), 0.0);
    for (std::size_t k : draws) {
        REQUIRE(k < p.size());
        counts[k] += 1.0;
    }
    CHECK(counts[2] == 0.0);
    const std::vector<double> observed{counts[0], counts[1], counts[3], counts[4]};
    const std::vector<double> expected{0.1 * n, 0.2 * n, 0.4 * n, 0.3 * n};
    CHECK(chi_square_statistic(observed, expected) < chi2_999_df3);
}

TEST_CASE("single categorical draws have the right frequencies", "[stats][03_sampling]") {
    // 20000 single draws from {0.25, 0.75}: 1 degree of freedom, false failure 1e-3.
    rng gen(4);
    const vector p{0.25, 0.75};
    std::vector<double> counts(2, 0.0);
    for (int i = 0; i < 20000; ++i) {
        const std::size_t k = sample_categorical(p, gen);
        REQUIRE(k < 2);
        counts[k] += 1.0;
    }
    CHECK(chi_square_statistic(counts, {5000.0, 15000.0}) < chi2_999_df1);
    // a certain outcome, wherever it is, and a single category
    for (int i = 0; i < 100; ++i) {
        CHECK(sample_categorical(vector{0.0, 0.0, 1.0}, gen) == 2);
        CHECK(sample_categorical(vector{1.0, 0.0, 0.0}, gen) == 0);
        CHECK(sample_categorical(vector{1.0}, gen) == 0);
    }
}

TEST_CASE("categorical sampling accepts sums within 1e-9 of one and rejects bad probabilities",
          "[stats][03_sampling]") {
    rng gen(5);
    // 1/3 + 1/3 + 1/3 and a softmax-like vector are 1 only up to rounding
    CHECK(sample_categorical(vector{1.0 / 3, 1.0 / 3, 1.0 / 3}, gen) < 3);
    CHECK(sample_categorical(vector{0.5 - 1e-12, 0.5}, 10, gen).size() == 10);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_AS(sample_categorical(vector{0.5, 0.4}, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(sample_categorical(vector{0.5, 0.6}, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(sample_categorical(vector{0.5, 0.5 + 1e-8}, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(sample_categorical(vector{-0.1, 1.1}, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(sample_categorical(vector{nan, 1.0}, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(sample_categorical(vector{}, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(sample_categorical(vector{0.5, 0.4}, 5, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(sample_categorical(vector{-0.5, 1.5}, 5, gen), llmlings::invalid_argument);
    CHECK_THROWS_WITH(sample_categorical(vector{0.5, 0.4}, gen), contains("sample_categorical"));
}

TEST_CASE("normal and exponential samplers reject bad parameters", "[stats][03_sampling]") {
    rng gen(6);
    CHECK_THROWS_AS(sample_normal(10, gen, 0.0, 0.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(sample_normal(10, gen, 0.0, -1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(sample_normal(10, gen, std::numeric_limits<double>::infinity(), 1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(sample_exponential(10, 0.0, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(sample_exponential(10, -2.0, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(sample_exponential(10, std::numeric_limits<double>::quiet_NaN(), gen), llmlings::invalid_argument);
}

TEST_CASE("a shuffle is a permutation of its input", "[stats][03_sampling]") {
    rng gen(8);
    vector values = multiples_of_one_and_a_half(1000);
    const vector original = values;
    shuffle(values, gen);
    CHECK_FALSE(std::equal(values.begin(), values.end(), original.begin()));  // probability 1/1000!
    const std::vector<double> sorted = sorted_copy(values);
    CHECK(std::equal(sorted.begin(), sorted.end(), original.begin()));
    std::vector<int> ints{5, 1, 4, 1, 5, 9, 2, 6};  // any container with size() and []
    std::vector<int> ints_sorted = ints;
    shuffle(ints, gen);
    std::sort(ints.begin(), ints.end());
    std::sort(ints_sorted.begin(), ints_sorted.end());
    CHECK(ints == ints_sorted);
    const index_vector perm = random_permutation(257, gen);
    REQUIRE(perm.size() == 257);
    std::vector<bool> seen(257, false);
    for (std::size_t v : perm) {
        REQUIRE(v < 257);
        CHECK_FALSE(seen[v]);
        seen[v] = true;
    }
    CHECK(random_permutation(0, gen).size() == 0);
    const index_vector one = random_permutation(1, gen);
    REQUIRE(one.size() == 1);
    CHECK(one(0) == 0);
}

TEST_CASE("every element lands in every position equally often", "[stats][03_sampling]") {
    // 50000 shuffles of 5 elements: the position of each element is uniform on 5 places, so each
    // element's 5 counts give a Pearson statistic with 4 degrees of freedom. Union bound on false
    // failures: 5 · 1e-3. Sattolo's off-by-one (j in [0, i)) never leaves an element in place and
    // fails at once.
    const std::size_t n = 5, trials = 50000;
    rng gen(9);
    std::vector<std::vector<double>> counts(n, std::vector<double>(n, 0.0));
    for (std::size_t t = 0; t < trials; ++t) {
        const index_vector perm = random_permutation(n, gen);
        for (std::size_t position = 0; position < n; ++position) counts[perm(position)][position] += 1.0;
    }
    const std::vector<double> expected(n, static_cast<double>(trials) / n);
    for (std::size_t element = 0; element < n; ++element) {
        INFO("element " << element);
        CHECK(chi_square_statistic(counts[element], expected) < chi2_999_df4);
    }
}

TEST_CASE("all orders of a shuffle are equally likely", "[stats][03_sampling]") {
    // 48000 shuffles of {0, 1, 2, 3}: each of the 24 orders expected 2000 times; Pearson's
    // statistic has 23 degrees of freedom, false failure 1e-3. The naive shuffle (j in [0, n) at
    // every step) makes some orders 30 % more likely than others and fails by far.
    const std::size_t trials = 48000;
    rng gen(10);
    std::map<std::array<std::size_t, 4>, double> counts;
    for (std::size_t t = 0; t < trials; ++t) {
        std::array<std::size_t, 4> order{0, 1, 2, 3};
        shuffle(order, gen);
        counts[order] += 1.0;
    }
    CHECK(counts.size() == 24);
    std::vector<double> observed;
    for (const auto& entry : counts) observed.push_back(entry.second);
    observed.resize(24, 0.0);
    CHECK(chi_square_statistic(observed, std::vector<double>(24, trials / 24.0)) < chi2_999_df23);
}
