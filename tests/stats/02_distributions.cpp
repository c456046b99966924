// SPDX-License-Identifier: MIT
// Tests for stats/02_distributions. Oracles: published table values (Abramowitz & Stegun ch. 26
// and any statistics textbook's normal, chi-square and t tables), closed forms (the exponential,
// Cauchy and two-degree-of-freedom special cases, hand-computed pmfs), identities (pmfs sum to 1,
// the Poisson and binomial cdfs as incomplete gamma and beta functions, ppf inverts cdf), and a
// golden file of SciPy values on a grid (tools/golden/stats_distributions.py), loaded in
// oracles/02_distributions.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/stats/02_distributions.hpp>

#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <string>

#include "oracles/02_distributions.hpp"

using llmlings::matrix;
using llmlings::testing::tolerance;
using oracles::golden_table;
using namespace llmlings::stats;
using llmlings::testing::contains;

namespace {

const double not_a_number = std::numeric_limits<double>::quiet_NaN();
const double infinity = std::numeric_limits<double>::infinity();
const double pi = 3.141592653589793;

// Table values are printed to d decimals: they are within half a unit of the last digit.
tolerance table(int decimals) {
    return tolerance{0.0, 0.5 * std::pow(10.0, -decimals)};
}

// A closed form evaluated with a few library calls (exp, erf, atan, lgamma): a few ulps, plus the
// error of the series or continued fraction, which stop at a relative step of 2.2e-16.
const tolerance closed_form{1e-13, 1e-15};

// Compares column `col` of the golden table `name` with f(row) for every row; on failure says
// which row (its inputs) differed.
void check_golden_column(const std::string& name, std::size_t col, const std::function<double(std::size_t)>& f,
                         tolerance tol) {
    const matrix& rows = golden_table(name.c_str());
    REQUIRE(rows.dimension() == 2);
    for (std::size_t r = 0; r < rows.shape()[0]; ++r) {
        INFO(name << " row " << r << ": inputs " << rows(r, 0) << ", " << rows(r, 1) << ", "
                  << (rows.shape()[1] > 2 ? rows(r, 2) : 0.0) << "; column " << col);
        LLMLINGS_CHECK_CLOSE(f(r), rows(r, col), tol);
    }
}

}  // namespace

// ---- normal -----------------------------------------------------------------------------------

TEST_CASE("the normal cdf reproduces the published table values", "[stats][02_distributions]") {
    LLMLINGS_CHECK_CLOSE(normal_cdf(1.96), 0.9750, table(4));
    LLMLINGS_CHECK_CLOSE(normal_cdf(1.0), 0.8413, table(4));
    LLMLINGS_CHECK_CLOSE(normal_cdf(-1.0), 0.1587, table(4));
    LLMLINGS_CHECK_CLOSE(normal_cdf(2.576), 0.9950, table(4));
    LLMLINGS_CHECK_CLOSE(normal_cdf(3.0), 0.99865, table(5));
    CHECK(normal_cdf(0.0) == 0.5);  // erfc(0) = 1 exactly
    // IQ scores N(100, 15²): P(IQ <= 130) = Φ(2) = 0.97725.
    LLMLINGS_CHECK_CLOSE(normal_cdf(130.0, 100.0, 15.0), 0.97725, table(5));
    LLMLINGS_CHECK_CLOSE(normal_cdf(infinity), 1.0, closed_form);
    LLMLINGS_CHECK_CLOSE(normal_cdf(-infinity), 0.0, closed_form);
}

TEST_CASE("the normal pdf has its closed-form values", "[stats][02_distributions]") {
    const double inv_sqrt_2pi = 0.3989422804014327;  // 1/√(2π)
    LLMLINGS_CHECK_CLOSE(normal_pdf(0.0), inv_sqrt_2pi, closed_form);
    LLMLINGS_CHECK_CLOSE(normal_pdf(1.0), inv_sqrt_2pi * std::exp(-0.5), closed_form);
    LLMLINGS_CHECK_CLOSE(normal_pdf(-2.0), inv_sqrt_2pi * std::exp(-2.0), closed_form);
    // a density can exceed 1: N(3, 0.1²) at its mean is 1/(0.1 √(2π))
    LLMLINGS_CHECK_CLOSE(normal_pdf(3.0, 3.0, 0.1), 10.0 * inv_sqrt_2pi, closed_form);
    LLMLINGS_CHECK_CLOSE(normal_pdf(5.0, 3.0, 2.0), 0.5 * inv_sqrt_2pi * std::exp(-0.5), closed_form);
}

TEST_CASE("the normal survival function keeps the upper tail that one minus the cdf loses",
          "[stats][02_distributions]") {
    // Q(10) = 7.6198530241605e-24 (A&S table 26.1 of the upper tail); 1 - Φ(10) rounds to 0.
    LLMLINGS_CHECK_CLOSE(normal_sf(10.0), 7.6198530241605e-24, (tolerance{1e-12, 0}));
    LLMLINGS_CHECK_CLOSE(normal_sf(1.96), 0.0250, table(4));
    for (double x : {-3.0, -0.7, 0.0, 0.4, 2.5})
        LLMLINGS_CHECK_CLOSE(normal_sf(x, 1.0, 2.0) + normal_cdf(x, 1.0, 2.0), 1.0, closed_form);
    for (double x : {0.3, 1.7, 6.0, 30.0})  // symmetry: the upper tail above x is the lower tail below -x
        LLMLINGS_CHECK_CLOSE(normal_sf(x), normal_cdf(-x), (tolerance{1e-14, 0}));
}

TEST_CASE("the normal inverse cdf reproduces the published critical values", "[stats][02_distributions]") {
    LLMLINGS_CHECK_CLOSE(normal_ppf(0.975), 1.959964, table(6));
    LLMLINGS_CHECK_CLOSE(normal_ppf(0.95), 1.644854, table(6));
    LLMLINGS_CHECK_CLOSE(normal_ppf(0.995), 2.575829, table(6));
    LLMLINGS_CHECK_CLOSE(normal_ppf(0.025), -1.959964, table(6));
    LLMLINGS_CHECK_CLOSE(normal_ppf(0.999), 3.090232, table(6));
    CHECK(normal_ppf(0.5) == 0.0);
    LLMLINGS_CHECK_CLOSE(normal_ppf(0.975, 100.0, 15.0), 100.0 + 15.0 * 1.959964, table(5));
}

TEST_CASE("the normal inverse cdf inverts the cdf from 1e-300 to 1 - 1e-15", "[stats][02_distributions]") {
    // Conditioning: an x off by one ulp changes Φ(x) relatively by about x² · 1.1e-16, which is
    // 1.5e-13 at x = -37 (p = 1e-300); 1e-12 leaves room for that and the refinement.
    for (double p = 1e-300; p < 0.5; p *= 7.3) {
        INFO("p = " << p);
        const double x = normal_ppf(p);
        CHECK(x < 0.0);
        LLMLINGS_CHECK_CLOSE(normal_cdf(x), p, (tolerance{1e-12, 0}));
        const double upper = 1.0 - p, tail = 1.0 - upper;  // the tail upper really leaves (exact)
        if (upper < 1.0) LLMLINGS_CHECK_CLOSE(normal_ppf(upper), -normal_ppf(tail), (tolerance{1e-15, 0}));
    }
    for (double q = 1e-15; q < 0.5; q *= 3.1) {  // upper half: p = 1 - q leaves the exact tail 1 - p
        const double p = 1.0 - q, tail = 1.0 - p;
        INFO("p = 1 - " << tail);
        LLMLINGS_CHECK_CLOSE(normal_sf(normal_ppf(p)), tail, (tolerance{1e-12, 0}));
    }
}

TEST_CASE("the normal functions agree with SciPy on a grid", "[stats][02_distributions]") {
    // erfc and exp are accurate to ~1 ulp; the one rounding of z = (x - mean)/stddev is amplified
    // by |d log Φ/dz| ≈ |z| and |d log φ/dz| = |z|, so the relative error is about z² · 1.1e-16,
    // 1.6e-13 at z = -37.5, the grid's far end.
    const tolerance tails{1e-12, 0};
    check_golden_column(
        "normal", 3,
        [](std::size_t r) {
            const auto& g = golden_table("normal");
            return normal_pdf(g(r, 0), g(r, 1), g(r, 2));
        },
        tails);
    check_golden_column(
        "normal", 4,
        [](std::size_t r) {
            const auto& g = golden_table("normal");
            return normal_cdf(g(r, 0), g(r, 1), g(r, 2));
        },
        tails);
    check_golden_column(
        "normal", 5,
        [](std::size_t r) {
            const auto& g = golden_table("normal");
            return normal_sf(g(r, 0), g(r, 1), g(r, 2));
        },
        tails);
    // SciPy's ndtri is accurate to ~1e-16; ours to a few ulps (Acklam + one Halley step).
    check_golden_column(
        "normal_ppf", 3,
        [](std::size_t r) {
            const auto& g = golden_table("normal_ppf");
            return normal_ppf(g(r, 0), g(r, 1), g(r, 2));
        },
        tolerance{1e-14, 1e-15});
}

TEST_CASE("the normal functions reject bad parameters", "[stats][02_distributions]") {
    CHECK_THROWS_AS(normal_pdf(0.0, 0.0, 0.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(normal_cdf(0.0, 0.0, -1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(normal_sf(0.0, 0.0, not_a_number), llmlings::invalid_argument);
    CHECK_THROWS_AS(normal_cdf(0.0, infinity, 1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(normal_ppf(0.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(normal_ppf(1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(normal_ppf(-0.1), llmlings::invalid_argument);
    CHECK_THROWS_AS(normal_ppf(not_a_number), llmlings::invalid_argument);
    CHECK_THROWS_AS(normal_ppf(0.5, 0.0, 0.0), llmlings::invalid_argument);
    CHECK_THROWS_WITH(normal_ppf(1.5), contains("normal_ppf") && contains("1.5"));
}

// ---- counts -----------------------------------------------------------------------------------

TEST_CASE("binomial pmf and cdf of hand-worked cases", "[stats][02_distributions]") {
    // n = 4 fair coins: C(4,k)/16 = 1, 4, 6, 4, 1 sixteenths
    LLMLINGS_CHECK_CLOSE(binomial_pmf(0, 4, 0.5), 1.0 / 16, closed_form);
    LLMLINGS_CHECK_CLOSE(binomial_pmf(2, 4, 0.5), 6.0 / 16, closed_form);
    LLMLINGS_CHECK_CLOSE(binomial_pmf(4, 4, 0.5), 1.0 / 16, closed_form);
    LLMLINGS_CHECK_CLOSE(binomial_cdf(2, 4, 0.5), 11.0 / 16, closed_form);
    // n = 3, p = 0.2: 0.512, 0.384, 0.096, 0.008
    LLMLINGS_CHECK_CLOSE(binomial_pmf(0, 3, 0.2), 0.512, closed_form);
    LLMLINGS_CHECK_CLOSE(binomial_pmf(1, 3, 0.2), 0.384, closed_form);
    LLMLINGS_CHECK_CLOSE(binomial_pmf(3, 3, 0.2), 0.008, closed_form);
    LLMLINGS_CHECK_CLOSE(binomial_cdf(1, 3, 0.2), 0.896, closed_form);
    // outside the support, and the degenerate p = 0, p = 1, n = 0
    CHECK(binomial_pmf(-1, 3, 0.2) == 0.0);
    CHECK(binomial_pmf(4, 3, 0.2) == 0.0);
    CHECK(binomial_cdf(-1, 3, 0.2) == 0.0);
    CHECK(binomial_cdf(3, 3, 0.2) == 1.0);
    CHECK(binomial_cdf(7, 3, 0.2) == 1.0);
    CHECK(binomial_pmf(0, 5, 0.0) == 1.0);
    CHECK(binomial_pmf(1, 5, 0.0) == 0.0);
    CHECK(binomial_pmf(5, 5, 1.0) == 1.0);
    CHECK(binomial_pmf(4, 5, 1.0) == 0.0);
    CHECK(binomial_pmf(0, 0, 0.3) == 1.0);
    // C(2000, 1000) overflows a double, the pmf does not: 2000!/(1000!)² / 2^2000 ≈ 0.017839
    LLMLINGS_CHECK_CLOSE(binomial_pmf(1000, 2000, 0.5), 0.017839, table(6));
}

TEST_CASE("Poisson pmf and cdf of hand-worked cases", "[stats][02_distributions]") {
    const double e3 = std::exp(-3.0);
    LLMLINGS_CHECK_CLOSE(poisson_pmf(0, 3.0), e3, closed_form);
    LLMLINGS_CHECK_CLOSE(poisson_pmf(1, 3.0), 3.0 * e3, closed_form);
    LLMLINGS_CHECK_CLOSE(poisson_pmf(2, 3.0), 4.5 * e3, closed_form);
    LLMLINGS_CHECK_CLOSE(poisson_pmf(3, 3.0), 4.5 * e3, closed_form);  // 27/6
    LLMLINGS_CHECK_CLOSE(poisson_cdf(2, 3.0), 8.5 * e3, closed_form);
    LLMLINGS_CHECK_CLOSE(poisson_pmf(10, 0.5), std::pow(0.5, 10) * std::exp(-0.5) / 3628800.0, closed_form);
    CHECK(poisson_pmf(-1, 3.0) == 0.0);
    CHECK(poisson_cdf(-1, 3.0) == 0.0);
    CHECK(poisson_pmf(0, 0.0) == 1.0);
    CHECK(poisson_pmf(2, 0.0) == 0.0);
    CHECK(poisson_cdf(0, 0.0) == 1.0);
    // a huge k must not mean billions of terms: the tail beyond 2λ is summed only while it matters
    LLMLINGS_CHECK_CLOSE(poisson_cdf(std::numeric_limits<int>::max(), 3.0), 1.0, closed_form);
    // λ^k and k! overflow separately; their ratio does not: pmf(1000; 1000) = 0.012611
    LLMLINGS_CHECK_CLOSE(poisson_pmf(1000, 1000.0), 0.012615, table(6));
}

TEST_CASE("probability mass functions sum to one and their cdfs are monotone", "[stats][02_distributions]") {
    // sums of ~100 terms of size <= 1: rounding error below 1e-14
    const tolerance sum_tol{0, 1e-13};
    double total = 0.0, mean = 0.0, previous = 0.0;
    for (int k = 0; k <= 30; ++k) {
        total += binomial_pmf(k, 30, 0.37);
        mean += k * binomial_pmf(k, 30, 0.37);
        const double c = binomial_cdf(k, 30, 0.37);
        CHECK(c >= previous);
        previous = c;
    }
    LLMLINGS_CHECK_CLOSE(total, 1.0, sum_tol);
    LLMLINGS_CHECK_CLOSE(mean, 30 * 0.37, sum_tol);  // E[X] = np
    CHECK(previous == 1.0);
    total = mean = previous = 0.0;
    for (int k = 0; k <= 100; ++k) {  // P(X > 100) for λ = 7.5 is below 1e-60
        total += poisson_pmf(k, 7.5);
        mean += k * poisson_pmf(k, 7.5);
        const double c = poisson_cdf(k, 7.5);
        CHECK(c >= previous);
        previous = c;
    }
    LLMLINGS_CHECK_CLOSE(total, 1.0, sum_tol);
    LLMLINGS_CHECK_CLOSE(mean, 7.5, sum_tol);  // E[X] = λ
    LLMLINGS_CHECK_CLOSE(previous, 1.0, sum_tol);
}

TEST_CASE("binomial and Poisson agree with SciPy on a grid", "[stats][02_distributions]") {
    // exp of a log-space sum: lgamma(1001) ≈ 5912 carries an absolute error of ~1e-13, which
    // becomes a relative error of the pmf; 1e-11 allows for n up to the grid's 1000.
    const tolerance log_space{1e-11, 1e-300};
    auto k = [](std::size_t r, const char* name) { return static_cast<int>(golden_table(name)(r, 0)); };
    check_golden_column(
        "binomial", 3,
        [&](std::size_t r) {
            const auto& g = golden_table("binomial");
            return binomial_pmf(k(r, "binomial"), static_cast<int>(g(r, 1)), g(r, 2));
        },
        log_space);
    check_golden_column(
        "binomial", 4,
        [&](std::size_t r) {
            const auto& g = golden_table("binomial");
            return binomial_cdf(k(r, "binomial"), static_cast<int>(g(r, 1)), g(r, 2));
        },
        log_space);
    check_golden_column(
        "poisson", 2, [&](std::size_t r) { return poisson_pmf(k(r, "poisson"), golden_table("poisson")(r, 1)); },
        log_space);
    check_golden_column(
        "poisson", 3, [&](std::size_t r) { return poisson_cdf(k(r, "poisson"), golden_table("poisson")(r, 1)); },
        log_space);
}

TEST_CASE("binomial and Poisson reject bad parameters", "[stats][02_distributions]") {
    CHECK_THROWS_AS(binomial_pmf(1, -1, 0.5), llmlings::invalid_argument);
    CHECK_THROWS_AS(binomial_pmf(1, 3, 1.5), llmlings::invalid_argument);
    CHECK_THROWS_AS(binomial_pmf(1, 3, -0.1), llmlings::invalid_argument);
    CHECK_THROWS_AS(binomial_pmf(1, 3, not_a_number), llmlings::invalid_argument);
    CHECK_THROWS_AS(binomial_cdf(1, 3, 1.01), llmlings::invalid_argument);
    CHECK_THROWS_AS(binomial_cdf(1, -2, 0.5), llmlings::invalid_argument);
    CHECK_THROWS_AS(poisson_pmf(1, -1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(poisson_pmf(1, infinity), llmlings::invalid_argument);
    CHECK_THROWS_AS(poisson_cdf(1, not_a_number), llmlings::invalid_argument);
    CHECK_THROWS_WITH(binomial_pmf(1, 3, 1.5), contains("binomial_pmf"));
}

// ---- incomplete gamma and beta ------------------------------------------------------------------

TEST_CASE("the incomplete gamma and beta functions match their closed forms", "[stats][02_distributions]") {
    for (double x : {0.01, 0.5, 1.0, 2.0, 3.5, 10.0, 40.0}) {
        INFO("x = " << x);
        LLMLINGS_CHECK_CLOSE(regularized_gamma_p(1.0, x), -std::expm1(-x), closed_form);  // exponential cdf
        LLMLINGS_CHECK_CLOSE(regularized_gamma_q(1.0, x), std::exp(-x), closed_form);
        LLMLINGS_CHECK_CLOSE(regularized_gamma_p(0.5, x), std::erf(std::sqrt(x)), closed_form);
        LLMLINGS_CHECK_CLOSE(regularized_gamma_q(0.5, x), std::erfc(std::sqrt(x)), closed_form);
        // P(2, x) = 1 - (1 + x) e^{-x}
        LLMLINGS_CHECK_CLOSE(regularized_gamma_q(2.0, x), (1.0 + x) * std::exp(-x), closed_form);
    }
    CHECK(regularized_gamma_p(3.0, 0.0) == 0.0);
    CHECK(regularized_gamma_q(3.0, 0.0) == 1.0);
    CHECK(regularized_gamma_p(3.0, infinity) == 1.0);
    for (double x : {1e-5, 0.05, 0.3, 0.5, 0.77, 0.99}) {
        INFO("x = " << x);
        LLMLINGS_CHECK_CLOSE(regularized_beta(1.0, 1.0, x), x, closed_form);  // uniform cdf
        LLMLINGS_CHECK_CLOSE(regularized_beta(3.0, 1.0, x), x * x * x, closed_form);
        LLMLINGS_CHECK_CLOSE(regularized_beta(1.0, 4.0, x), -std::expm1(4.0 * std::log1p(-x)), closed_form);
        LLMLINGS_CHECK_CLOSE(regularized_beta(0.5, 0.5, x), 2.0 / pi * std::asin(std::sqrt(x)), closed_form);
        // the symmetry the algorithm uses, checked with shapes far apart
        LLMLINGS_CHECK_CLOSE(regularized_beta(7.5, 2.0, x) + regularized_beta(2.0, 7.5, 1.0 - x), 1.0, closed_form);
    }
    CHECK(regularized_beta(2.0, 3.0, 0.0) == 0.0);
    CHECK(regularized_beta(2.0, 3.0, 1.0) == 1.0);
}

TEST_CASE("Poisson and binomial cdfs equal incomplete gamma and beta functions", "[stats][02_distributions]") {
    // P(Poisson(λ) <= k) = Q(k + 1, λ) and P(Bin(n, p) <= k) = I_{1-p}(n - k, k + 1): a sum of pmfs
    // against a series or continued fraction, two independent computations.
    const tolerance tol{1e-12, 1e-15};
    for (double lambda : {0.3, 4.0, 25.0}) {
        for (int k : {0, 1, 3, 10, 30}) {
            INFO("lambda = " << lambda << ", k = " << k);
            LLMLINGS_CHECK_CLOSE(poisson_cdf(k, lambda), regularized_gamma_q(k + 1.0, lambda), tol);
        }
    }
    for (double p : {0.05, 0.5, 0.81}) {
        for (int k : {0, 2, 7, 15}) {
            INFO("p = " << p << ", k = " << k);
            LLMLINGS_CHECK_CLOSE(binomial_cdf(k, 20, p), regularized_beta(20.0 - k, k + 1.0, 1.0 - p), tol);
        }
    }
}

TEST_CASE("the incomplete gamma and beta functions agree with SciPy on a grid", "[stats][02_distributions]") {
    // The prefactor exp(a log x - x - lgamma(a)) loses |a log x| · 1.1e-16 to cancellation, ~1e-12
    // relative at a = 1000 (the grid's largest); the expansions themselves stop at 2.2e-16.
    const tolerance large_shapes{1e-11, 1e-300};
    check_golden_column(
        "gamma", 2,
        [](std::size_t r) {
            const auto& g = golden_table("gamma");
            return regularized_gamma_p(g(r, 0), g(r, 1));
        },
        large_shapes);
    check_golden_column(
        "gamma", 3,
        [](std::size_t r) {
            const auto& g = golden_table("gamma");
            return regularized_gamma_q(g(r, 0), g(r, 1));
        },
        large_shapes);
    check_golden_column(
        "beta", 3,
        [](std::size_t r) {
            const auto& g = golden_table("beta");
            return regularized_beta(g(r, 0), g(r, 1), g(r, 2));
        },
        large_shapes);
}

TEST_CASE("the incomplete gamma and beta functions reject arguments outside their domain",
          "[stats][02_distributions]") {
    CHECK_THROWS_AS(regularized_gamma_p(0.0, 1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(regularized_gamma_p(-1.0, 1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(regularized_gamma_p(1.0, -1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(regularized_gamma_q(1.0, not_a_number), llmlings::invalid_argument);
    CHECK_THROWS_AS(regularized_gamma_q(infinity, 1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(regularized_beta(0.0, 1.0, 0.5), llmlings::invalid_argument);
    CHECK_THROWS_AS(regularized_beta(1.0, -2.0, 0.5), llmlings::invalid_argument);
    CHECK_THROWS_AS(regularized_beta(1.0, 1.0, 1.5), llmlings::invalid_argument);
    CHECK_THROWS_AS(regularized_beta(1.0, 1.0, not_a_number), llmlings::invalid_argument);
}

// ---- chi-square -------------------------------------------------------------------------------

TEST_CASE("chi-square reproduces the published table and its closed forms", "[stats][02_distributions]") {
    LLMLINGS_CHECK_CLOSE(chi_square_ppf(0.95, 1.0), 3.841, table(3));
    LLMLINGS_CHECK_CLOSE(chi_square_ppf(0.95, 10.0), 18.307, table(3));
    LLMLINGS_CHECK_CLOSE(chi_square_ppf(0.99, 1.0), 6.635, table(3));
    LLMLINGS_CHECK_CLOSE(chi_square_ppf(0.95, 2.0), 5.991, table(3));
    LLMLINGS_CHECK_CLOSE(chi_square_ppf(0.05, 10.0), 3.940, table(3));
    LLMLINGS_CHECK_CLOSE(chi_square_ppf(0.999, 4.0), 18.467, table(3));
    LLMLINGS_CHECK_CLOSE(chi_square_sf(3.841, 1.0), 0.0500, table(4));
    for (double x : {0.1, 1.0, 3.0, 9.0, 50.0}) {
        INFO("x = " << x);
        // k = 2 is the exponential with mean 2; k = 1 is the square of a standard normal
        LLMLINGS_CHECK_CLOSE(chi_square_cdf(x, 2.0), -std::expm1(-x / 2), closed_form);
        LLMLINGS_CHECK_CLOSE(chi_square_sf(x, 2.0), std::exp(-x / 2), closed_form);
        LLMLINGS_CHECK_CLOSE(chi_square_pdf(x, 2.0), 0.5 * std::exp(-x / 2), closed_form);
        LLMLINGS_CHECK_CLOSE(chi_square_cdf(x, 1.0), std::erf(std::sqrt(x / 2)), closed_form);
        LLMLINGS_CHECK_CLOSE(chi_square_pdf(x, 1.0), std::exp(-x / 2) / std::sqrt(2 * pi * x), closed_form);
    }
    CHECK(chi_square_cdf(-1.0, 3.0) == 0.0);
    CHECK(chi_square_sf(0.0, 3.0) == 1.0);
    CHECK(chi_square_pdf(-1.0, 3.0) == 0.0);
    CHECK(chi_square_pdf(0.0, 2.0) == 0.5);
}

TEST_CASE("chi-square agrees with SciPy on a grid", "[stats][02_distributions]") {
    const tolerance large_shapes{1e-11, 1e-300};  // as for the incomplete gamma function
    check_golden_column(
        "chi2", 2,
        [](std::size_t r) {
            const auto& g = golden_table("chi2");
            return chi_square_pdf(g(r, 0), g(r, 1));
        },
        large_shapes);
    check_golden_column(
        "chi2", 3,
        [](std::size_t r) {
            const auto& g = golden_table("chi2");
            return chi_square_cdf(g(r, 0), g(r, 1));
        },
        large_shapes);
    check_golden_column(
        "chi2", 4,
        [](std::size_t r) {
            const auto& g = golden_table("chi2");
            return chi_square_sf(g(r, 0), g(r, 1));
        },
        large_shapes);
    // The golden quantiles are SciPy's, polished by Newton steps on SciPy's cdf (see the
    // generator); ours bisects to adjacent doubles. Both are within a few ulps of the root, but a
    // flat cdf (p near 0 or 1) amplifies the cdf's own ~1e-15 error: 1e-12 covers it.
    check_golden_column(
        "chi2_ppf", 2,
        [](std::size_t r) {
            const auto& g = golden_table("chi2_ppf");
            return chi_square_ppf(g(r, 0), g(r, 1));
        },
        tolerance{1e-12, 0});
}

// ---- Student's t ------------------------------------------------------------------------------

TEST_CASE("Student t reproduces the published table and its closed forms", "[stats][02_distributions]") {
    LLMLINGS_CHECK_CLOSE(student_t_ppf(0.975, 10.0), 2.228, table(3));
    LLMLINGS_CHECK_CLOSE(student_t_ppf(0.975, 1.0), 12.706, table(3));
    LLMLINGS_CHECK_CLOSE(student_t_ppf(0.95, 5.0), 2.015, table(3));
    LLMLINGS_CHECK_CLOSE(student_t_ppf(0.975, 30.0), 2.042, table(3));
    LLMLINGS_CHECK_CLOSE(student_t_ppf(0.995, 2.0), 9.925, table(3));
    LLMLINGS_CHECK_CLOSE(student_t_ppf(0.025, 10.0), -2.228, table(3));
    CHECK(student_t_ppf(0.5, 7.0) == 0.0);
    for (double t : {-40.0, -3.0, -0.5, 0.0, 0.2, 1.0, 6.0, 1e4}) {
        INFO("t = " << t);
        // ν = 1 is the Cauchy distribution, ν = 2 has cdf 1/2 + t / (2 √(2 + t²))
        LLMLINGS_CHECK_CLOSE(student_t_cdf(t, 1.0), 0.5 + std::atan(t) / pi, closed_form);
        LLMLINGS_CHECK_CLOSE(student_t_pdf(t, 1.0), 1.0 / (pi * (1.0 + t * t)), closed_form);
        LLMLINGS_CHECK_CLOSE(student_t_cdf(t, 2.0), 0.5 + t / (2.0 * std::sqrt(2.0 + t * t)), closed_form);
        LLMLINGS_CHECK_CLOSE(student_t_sf(t, 2.0), 0.5 - t / (2.0 * std::sqrt(2.0 + t * t)), (tolerance{1e-12, 1e-15}));
    }
    // many degrees of freedom: t is nearly normal (the difference is O(1/ν))
    LLMLINGS_CHECK_CLOSE(student_t_cdf(1.96, 1e6), 0.9750, table(4));
    CHECK(student_t_cdf(infinity, 3.0) == 1.0);
    CHECK(student_t_cdf(-infinity, 3.0) == 0.0);
}

TEST_CASE("Student t agrees with SciPy on a grid", "[stats][02_distributions]") {
    // as for the incomplete beta function: lgamma(ν/2 + ½) - lgamma(ν/2) cancels ~1e-12 at ν = 1000
    const tolerance large_shapes{1e-11, 1e-300};
    check_golden_column(
        "t", 2,
        [](std::size_t r) {
            const auto& g = golden_table("t");
            return student_t_pdf(g(r, 0), g(r, 1));
        },
        large_shapes);
    check_golden_column(
        "t", 3,
        [](std::size_t r) {
            const auto& g = golden_table("t");
            return student_t_cdf(g(r, 0), g(r, 1));
        },
        large_shapes);
    check_golden_column(
        "t", 4,
        [](std::size_t r) {
            const auto& g = golden_table("t");
            return student_t_sf(g(r, 0), g(r, 1));
        },
        large_shapes);
    // SciPy's t.ppf alone stops at ~1e-9 relative (t.ppf(0.975, 1) is 12.706204736432, while
    // cot(π/40) = 12.706204736174707); the generator polishes it by Newton steps on SciPy's cdf.
    // Our cdf carries the lgamma cancellation (~1e-12 at ν = 1000, see above) into the quantile;
    // an absolute 1e-15 covers the median 0 (SciPy returns 7e-17 there).
    check_golden_column(
        "t_ppf", 2,
        [](std::size_t r) {
            const auto& g = golden_table("t_ppf");
            return student_t_ppf(g(r, 0), g(r, 1));
        },
        tolerance{1e-11, 1e-15});
}

TEST_CASE("the chi-square and t quantile functions invert their cdfs", "[stats][02_distributions]") {
    // Bisection ends at adjacent doubles; the cdf there differs from p by the cdf's own rounding
    // (~1e-15 relative) times the condition number, which stays below 1e3 on this grid.
    const tolerance inverse{1e-12, 0};
    for (double k : {0.5, 1.0, 3.0, 17.0, 250.0}) {
        for (double p : {1e-12, 1e-4, 0.05, 0.3, 0.5}) {
            INFO("k = " << k << ", p = " << p);
            const double upper = 1.0 - p, tail = 1.0 - upper;  // the tail upper really leaves (exact)
            LLMLINGS_CHECK_CLOSE(chi_square_cdf(chi_square_ppf(p, k), k), p, inverse);
            LLMLINGS_CHECK_CLOSE(chi_square_sf(chi_square_ppf(upper, k), k), tail, inverse);
        }
    }
    for (double nu : {0.5, 1.0, 4.0, 29.0, 3000.0}) {
        for (double p : {1e-12, 1e-4, 0.05, 0.3, 0.49}) {
            INFO("nu = " << nu << ", p = " << p);
            const double t = student_t_ppf(p, nu);
            CHECK(t < 0.0);
            LLMLINGS_CHECK_CLOSE(student_t_cdf(t, nu), p, inverse);
            const double upper = 1.0 - p, tail = 1.0 - upper;  // the tail upper really leaves (exact)
            LLMLINGS_CHECK_CLOSE(student_t_ppf(upper, nu), -student_t_ppf(tail, nu), (tolerance{1e-14, 0}));
        }
    }
}

TEST_CASE("chi-square and t reject bad parameters", "[stats][02_distributions]") {
    CHECK_THROWS_AS(chi_square_pdf(1.0, 0.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(chi_square_cdf(1.0, -3.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(chi_square_sf(1.0, not_a_number), llmlings::invalid_argument);
    CHECK_THROWS_AS(chi_square_cdf(not_a_number, 2.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(chi_square_ppf(0.0, 2.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(chi_square_ppf(1.0, 2.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(chi_square_ppf(0.5, 0.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(student_t_pdf(0.0, 0.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(student_t_cdf(0.0, -1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(student_t_cdf(not_a_number, 5.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(student_t_sf(0.0, infinity), llmlings::invalid_argument);
    CHECK_THROWS_AS(student_t_ppf(1.2, 5.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(student_t_ppf(0.5, -5.0), llmlings::invalid_argument);
    CHECK_THROWS_WITH(student_t_ppf(0.9, -5.0), contains("student_t_ppf"));
}

// ---- huge degrees of freedom and counts ---------------------------------------------------------

namespace {

// The standard normal cdf and density in closed form (not the topic's normal_cdf).
double phi_cdf(double z) {
    return 0.5 * std::erfc(-z / std::sqrt(2.0));
}
double phi_pdf(double z) {
    return std::exp(-0.5 * z * z) / std::sqrt(2.0 * pi);
}

}  // namespace

TEST_CASE("Student t tends to the normal distribution for huge degrees of freedom", "[stats][02_distributions]") {
    // Fisher's expansion: F_ν(t) = Φ(t) − φ(t)(t³ + t)/(4ν) + O(t⁸φ(t)/ν²). At ν = 1e15 the first
    // term is below 1e-16 in absolute value, so the cdf must equal Φ to 1e-12 absolute; relative to
    // a tail it is ~t⁴/(4ν) (1e-12 at t = −8), so for a relative 1e-12 the first term is kept: what
    // is then neglected, ~(t⁴/(4ν))², is below 1e-13 relative from ν = 1e10 on.
    const tolerance to_rounding{1e-12, 0};
    for (double t : {-8.0, -3.0, -1.0, -0.1, 0.5, 2.0, 6.0}) {
        INFO("t = " << t);
        const double cdf = student_t_cdf(t, 1e15);
        CHECK(cdf >= 0.0);
        CHECK(cdf <= 1.0);
        LLMLINGS_CHECK_CLOSE(cdf, phi_cdf(t), (tolerance{0, 1e-12}));
        LLMLINGS_CHECK_CLOSE(student_t_sf(t, 1e15), phi_cdf(-t), (tolerance{0, 1e-12}));
        // f_ν(t) = φ(t)(1 + (t⁴ − 2t² − 1)/(4ν) + O(ν⁻²)), from Stirling's series and ln(1 + t²/ν)
        const double t2 = t * t;
        LLMLINGS_CHECK_CLOSE(student_t_pdf(t, 1e15), phi_pdf(t) * (1.0 + (t2 * t2 - 2.0 * t2 - 1.0) / 4e15),
                             to_rounding);
        LLMLINGS_CHECK_CLOSE(student_t_cdf(t, 1e300), phi_cdf(t), to_rounding);
        for (double nu : {1e10, 1e12, 1e15}) {
            INFO("nu = " << nu);
            const double fisher = phi_pdf(t) * (t * t * t + t) / (4.0 * nu);
            LLMLINGS_CHECK_CLOSE(student_t_cdf(t, nu), phi_cdf(t) - fisher, to_rounding);
            LLMLINGS_CHECK_CLOSE(student_t_sf(t, nu), phi_cdf(-t) + fisher, to_rounding);
        }
    }
    // the quantile inverts the normal cdf: z₀.₉₇₅ = 1.959963984540054 (the published 1.96)
    LLMLINGS_CHECK_CLOSE(student_t_ppf(0.975, 1e15), 1.959963984540054, (tolerance{1e-12, 0}));
}

TEST_CASE("chi-square stays accurate and monotone for a million to a trillion degrees of freedom",
          "[stats][02_distributions]") {
    // Oracle: the Wilson–Hilferty approximation Φ(((x/k)^(1/3) − (1 − 2/(9k))) / √(2/(9k))). Its
    // error is O(1/k): about 0.009/k for |z| <= 4 (against 40-digit incomplete gamma values at
    // k = 1e3 … 1e6, computed apart), so 0.02/k + 1e-14 (rounding) bounds it with a margin.
    // (x/k)^(1/3) − 1 is evaluated as expm1(log1p((x − k)/k)/3): cbrt(x/k) − 1 would cancel to
    // ~1e-6 at k = 1e12 and lose 1e-10 of the oracle to rounding.
    for (double k : {1e6, 1e8, 1e10, 1e12}) {
        const tolerance wilson_hilferty{0, 0.02 / k + 1e-14};
        const double h = 2.0 / (9.0 * k);
        double previous = 0.0;
        for (double z = -4.0; z <= 4.0; z += 1.0) {  // x = mean + z standard deviations
            const double x = k + z * std::sqrt(2.0 * k);
            INFO("k = " << k << ", z = " << z);
            const double cdf = chi_square_cdf(x, k), sf = chi_square_sf(x, k);
            CHECK(cdf >= 0.0);
            CHECK(cdf <= 1.0);
            CHECK(cdf > previous);
            previous = cdf;
            const double cube_root_minus_one = std::expm1(std::log1p((x - k) / k) / 3.0);
            LLMLINGS_CHECK_CLOSE(cdf, phi_cdf((cube_root_minus_one + h) / std::sqrt(h)), wilson_hilferty);
            LLMLINGS_CHECK_CLOSE(cdf + sf, 1.0, (tolerance{0, 1e-15}));
        }
        // the density at the mean is ≈ 1/√(2π·2k), with a relative correction of O(1/k)
        LLMLINGS_CHECK_CLOSE(chi_square_pdf(k, k), 1.0 / std::sqrt(4.0 * pi * k), (tolerance{2.0 / k + 1e-13, 0}));
    }
}

TEST_CASE("the binomial cdf stays accurate for a billion trials", "[stats][02_distributions]") {
    // Oracle: the normal approximation with continuity correction plus its skewness term (the
    // one-term Edgeworth expansion), P(X <= k) ≈ Φ(w) − φ(w) γ (w² − 1)/6 with
    // w = (k + ½ − np)/σ, σ² = npq, γ = (1 − 2p)/σ. What it drops is O(1/n): the kurtosis term
    // (1 − 6pq)/(24σ²)·φ(w)|w³ − 3w| <= 3e-11, the squared skewness term and the lattice (Sheppard)
    // term, each below 5e-11 at n = 1e9; 1e-9 allows ten times their sum.
    const int n = 1000000000;
    const tolerance edgeworth{0, 1e-9};
    for (double p : {0.5, 0.3}) {
        const double mean = n * p, sd = std::sqrt(n * p * (1.0 - p)), skew = (1.0 - 2.0 * p) / sd;
        double previous = 0.0;
        for (double z = -4.0; z <= 4.0; z += 1.0) {
            const int k = static_cast<int>(std::floor(mean + z * sd));
            const double w = (k + 0.5 - mean) / sd;
            INFO("p = " << p << ", k = " << k);
            const double cdf = binomial_cdf(k, n, p);
            CHECK(cdf >= 0.0);
            CHECK(cdf <= 1.0);
            CHECK(cdf > previous);
            previous = cdf;
            LLMLINGS_CHECK_CLOSE(cdf, phi_cdf(w) - phi_pdf(w) * skew * (w * w - 1.0) / 6.0, edgeworth);
        }
    }
    // the central term C(2m, m)/4^m = (1 − 1/(8m) + O(m⁻²))/√(πm), here m = 5e8: 1e-12 relative
    const double m = 5e8;
    LLMLINGS_CHECK_CLOSE(binomial_pmf(500000000, n, 0.5), (1.0 - 1.0 / (8.0 * m)) / std::sqrt(pi * m),
                         (tolerance{1e-12, 0}));
}

TEST_CASE("an error names the function that was called and not its helper", "[stats][02_distributions]") {
    // student_t_sf and the chi-square functions delegate to the t cdf and the incomplete gamma
    // function; a bad argument must still be reported under the name the caller used.
    CHECK_THROWS_AS(student_t_sf(not_a_number, 3.0), llmlings::invalid_argument);
    CHECK_THROWS_WITH(student_t_sf(not_a_number, 3.0), contains("student_t_sf") && contains("NaN"));
    CHECK_THROWS_WITH(student_t_sf(1.0, -3.0), contains("student_t_sf") && contains("degrees of freedom"));
    CHECK_THROWS_AS(chi_square_cdf(not_a_number, 3.0), llmlings::invalid_argument);
    CHECK_THROWS_WITH(chi_square_cdf(not_a_number, 3.0), contains("chi_square_cdf") && contains("NaN"));
    CHECK_THROWS_WITH(chi_square_sf(not_a_number, 3.0), contains("chi_square_sf") && contains("NaN"));
}

TEST_CASE("the normal cdf and sf reject a NaN point as the other cdfs do", "[stats][02_distributions]") {
    // docs/authoring.md, NaN inputs: a cdf orders x against the distribution, so a NaN point is
    // rejected (as student_t_cdf and chi_square_cdf do), while a density propagates it.
    CHECK_THROWS_AS(normal_cdf(not_a_number), llmlings::invalid_argument);
    CHECK_THROWS_WITH(normal_cdf(not_a_number), contains("normal_cdf") && contains("NaN"));
    CHECK_THROWS_WITH(normal_sf(not_a_number, 1.0, 2.0), contains("normal_sf") && contains("NaN"));
    CHECK(std::isnan(normal_pdf(not_a_number)));
    CHECK(normal_cdf(-infinity) == 0.0);
    CHECK(normal_sf(-infinity) == 1.0);
}
