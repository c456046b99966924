// SPDX-License-Identifier: MIT
// Tests for stats/01_descriptive. Oracles: the published summary statistics of Anscombe's quartet
// (Anscombe 1973: every x has mean 9 and sample variance 11, every y mean 7.50 and variance
// 4.125 ± 0.003, correlation 0.82 (0.816 in most tables), regression line y = 3.00 + 0.500 x),
// the NumPy documentation's quantile example, hand-worked small cases, a classic cancellation
// case (1e9 + {4, 7, 13, 16}, sample variance 30), and identities (shift and scale invariance,
// cov(x, x) = var(x), the covariance matrix as Xcᵀ Xc / (n - 1) computed with xtensor-blas).
// The random samples and the covariance matrix by its definition are in oracles/01_descriptive.cpp,
// compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/stats/01_descriptive.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "oracles/01_descriptive.hpp"

using llmlings::matrix;
using llmlings::vector;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
// mean, variance, median and quantile are called qualified: an unqualified call on an xtensor
// argument also finds xt::mean, xt::variance, ... by argument-dependent lookup, and for a
// non-const or temporary argument xtensor's template is the better match.
namespace stats = llmlings::stats;
using namespace oracles;

namespace {

// A few double operations on numbers of order 1-100: a few ulps.
const tolerance exact{1e-13, 1e-14};

// Anscombe (1973), Table 1: x is shared by data sets 1-3.
const vector anscombe_x123{10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5};
const vector anscombe_x4{8, 8, 8, 8, 8, 8, 8, 19, 8, 8, 8};
const vector anscombe_y1{8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68};
const vector anscombe_y2{9.14, 8.14, 8.74, 8.77, 9.26, 8.10, 6.13, 3.10, 9.13, 7.26, 4.74};
const vector anscombe_y3{7.46, 6.77, 12.74, 7.11, 7.81, 8.84, 6.08, 5.39, 8.15, 6.42, 5.73};
const vector anscombe_y4{6.58, 5.76, 7.71, 8.84, 8.47, 7.04, 5.25, 12.50, 5.56, 7.91, 6.89};

// Published values are rounded to d decimals: within half a unit of the last digit.
tolerance decimals(int d) {
    return tolerance{0.0, 0.5 * std::pow(10.0, -d)};
}

}  // namespace

TEST_CASE("mean variance and standard deviation of a hand-worked sample", "[stats][01_descriptive]") {
    // deviations from the mean 5: -3 -1 -1 -1 0 0 2 4, squares sum to 32
    const vector x{2, 4, 4, 4, 5, 5, 7, 9};
    LLMLINGS_CHECK_CLOSE(stats::mean(x), 5.0, exact);
    LLMLINGS_CHECK_CLOSE(stats::variance(x, 0), 4.0, exact);      // 32 / 8
    LLMLINGS_CHECK_CLOSE(stats::variance(x), 32.0 / 7.0, exact);  // 32 / 7, the default ddof = 1
    LLMLINGS_CHECK_CLOSE(stats::standard_deviation(x, 0), 2.0, exact);
    LLMLINGS_CHECK_CLOSE(stats::standard_deviation(x, 1), std::sqrt(32.0 / 7.0), exact);
    LLMLINGS_CHECK_CLOSE(stats::mean(vector{-2.5}), -2.5, exact);
    CHECK(stats::variance(vector{3.0}, 0) == 0.0);
}

TEST_CASE("Anscombe's quartet has its published summary statistics", "[stats][01_descriptive]") {
    const vector* xs[] = {&anscombe_x123, &anscombe_x123, &anscombe_x123, &anscombe_x4};
    const vector* ys[] = {&anscombe_y1, &anscombe_y2, &anscombe_y3, &anscombe_y4};
    for (int set = 0; set < 4; ++set) {
        INFO("data set " << set + 1);
        const vector& x = *xs[set];
        const vector& y = *ys[set];
        LLMLINGS_CHECK_CLOSE(stats::mean(x), 9.0, exact);  // exact: integer data
        LLMLINGS_CHECK_CLOSE(stats::variance(x), 11.0, exact);
        LLMLINGS_CHECK_CLOSE(stats::mean(y), 7.50, decimals(2));
        LLMLINGS_CHECK_CLOSE(stats::variance(y), 4.125, (tolerance{0.0, 0.003}));  // published as 4.125 ± 0.003
        // Anscombe gives r = 0.82; the usual table 0.816 rounds the four values 0.8162 to 0.8165
        LLMLINGS_CHECK_CLOSE(stats::correlation(x, y), 0.82, decimals(2));
        LLMLINGS_CHECK_CLOSE(stats::correlation(x, y), 0.816, (tolerance{0.0, 0.001}));
        // least-squares line y = a + b x with b = cov(x, y) / var(x), a = ȳ - b x̄: 3.00 + 0.500 x
        const double slope = stats::covariance(x, y) / stats::variance(x);
        LLMLINGS_CHECK_CLOSE(slope, 0.500, decimals(3));
        LLMLINGS_CHECK_CLOSE(stats::mean(y) - slope * stats::mean(x), 3.00, decimals(2));
    }
}

TEST_CASE("variance stays exact with a large offset where the naive formula fails", "[stats][01_descriptive]") {
    // The standard example: 1e9 + {4, 7, 13, 16} has sample variance 30 (the squared deviations
    // 36, 9, 9, 36 sum to 90). The one-pass (Σx² - (Σx)²/n)/(n - 1) subtracts two numbers of
    // size 4e18 whose spacing in double is 512: its answer is off by far more than 30.
    const vector x{1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16};
    double sum = 0.0, sum_squares = 0.0;
    for (double v : x) {
        sum += v;
        sum_squares += v * v;
    }
    const double naive = (sum_squares - sum * sum / 4.0) / 3.0;
    INFO("the naive one-pass formula gives " << naive);
    // all intermediate values of the two-pass and Welford computations are exact here
    LLMLINGS_CHECK_CLOSE(stats::variance(x), 30.0, exact);
    stats::running_stats s;
    for (double v : x) s.add(v);
    LLMLINGS_CHECK_CLOSE(s.variance(), 30.0, exact);
    LLMLINGS_CHECK_CLOSE(s.mean(), 1e9 + 10, exact);
}

TEST_CASE("Welford and two-pass variance agree on random data with a large offset", "[stats][01_descriptive]") {
    // 1000 uniforms on [0, 10) shifted by 1e9. Subtracting 1e9 again is exact (Sterbenz), so the
    // small values carry exactly the information the shifted ones do; their variance (~8.3) is
    // the oracle by shift invariance. Each Welford update rounds the mean to ulp(1e9) = 1.2e-7,
    // which perturbs M2 by about 1e-7 per step: 1e-7 relative is a safe bound for 1000 steps.
    const offset_sample sample = offset_uniforms(11, 1000);
    const vector &shifted = sample.shifted, &recovered = sample.recovered;
    const double oracle = stats::variance(recovered);
    LLMLINGS_CHECK_CLOSE(stats::variance(shifted), oracle, (tolerance{1e-9, 0}));  // two-pass: deviations exact
    stats::running_stats s;
    for (double v : shifted) s.add(v);
    LLMLINGS_CHECK_CLOSE(s.variance(), oracle, (tolerance{1e-7, 0}));
    LLMLINGS_CHECK_CLOSE(s.variance(0), stats::variance(recovered, 0), (tolerance{1e-7, 0}));
    LLMLINGS_CHECK_CLOSE(s.mean() - 1e9, stats::mean(recovered), (tolerance{0, 1e-6}));
}

TEST_CASE("running statistics match the two-pass formulas after every value", "[stats][01_descriptive]") {
    const vector x = normal_sample(12, 200, 3.0, 2.0);
    stats::running_stats s;
    CHECK(s.count == 0);
    for (std::size_t k = 0; k < x.size(); ++k) {
        s.add(x(k));
        const vector first = prefix(x, k + 1);
        CHECK(s.count == k + 1);
        // both are backward stable: differences of a few ulps times the number of values
        LLMLINGS_CHECK_CLOSE(s.mean(), stats::mean(first), (tolerance{1e-13, 1e-14}));
        LLMLINGS_CHECK_CLOSE(s.variance(0), stats::variance(first, 0), (tolerance{1e-12, 1e-14}));
        if (k >= 1) LLMLINGS_CHECK_CLOSE(s.variance(), stats::variance(first), (tolerance{1e-12, 1e-14}));
    }
}

TEST_CASE("mean variance and running statistics reject samples that are too small", "[stats][01_descriptive]") {
    CHECK_THROWS_AS(stats::mean(vector{}), llmlings::invalid_argument);
    CHECK_THROWS_AS(stats::variance(vector{}), llmlings::invalid_argument);
    CHECK_THROWS_AS(stats::variance(vector{}, 0), llmlings::invalid_argument);
    CHECK_THROWS_AS(stats::variance(vector{4.0}), llmlings::invalid_argument);  // sample variance needs n >= 2
    CHECK_THROWS_AS(stats::standard_deviation(vector{4.0}, 1), llmlings::invalid_argument);
    CHECK_THROWS_WITH(stats::variance(vector{4.0}), contains("variance") && contains("n = 1"));
    stats::running_stats s;
    CHECK_THROWS_AS(s.mean(), llmlings::invalid_argument);
    CHECK_THROWS_AS(s.variance(0), llmlings::invalid_argument);
    s.add(4.0);
    CHECK(s.variance(0) == 0.0);
    CHECK_THROWS_AS(s.variance(1), llmlings::invalid_argument);
}

TEST_CASE("quantiles interpolate linearly between order statistics", "[stats][01_descriptive]") {
    const vector x{1, 2, 3, 4};  // positions 0, 1/3, 2/3, 1
    LLMLINGS_CHECK_CLOSE(stats::quantile(x, 0.0), 1.0, exact);
    LLMLINGS_CHECK_CLOSE(stats::quantile(x, 0.25), 1.75, exact);  // h = 0.75
    LLMLINGS_CHECK_CLOSE(stats::quantile(x, 0.5), 2.5, exact);
    LLMLINGS_CHECK_CLOSE(stats::quantile(x, 0.75), 3.25, exact);  // h = 2.25
    LLMLINGS_CHECK_CLOSE(stats::quantile(x, 1.0), 4.0, exact);
    // unsorted input: sorted 1 3 5 7 10
    const vector y{10, 1, 7, 3, 5};
    LLMLINGS_CHECK_CLOSE(stats::quantile(y, 0.1), 1.8, exact);  // h = 0.4: 1 + 0.4 * 2
    LLMLINGS_CHECK_CLOSE(stats::quantile(y, 0.3), 3.4, exact);  // h = 1.2: 3 + 0.2 * 2
    LLMLINGS_CHECK_CLOSE(stats::quantile(y, 0.9), 8.8, exact);  // h = 3.6: 7 + 0.6 * 3
    // NumPy's documentation: np.quantile([[10, 7, 4], [3, 2, 1]], 0.5) = 3.5
    LLMLINGS_CHECK_CLOSE(stats::quantile(vector{10, 7, 4, 3, 2, 1}, 0.5), 3.5, exact);
    // the quartiles of Anscombe's x: sorted 4..14, h = 2.5 and 7.5
    LLMLINGS_CHECK_CLOSE(stats::quantile(anscombe_x123, 0.25), 6.5, exact);
    LLMLINGS_CHECK_CLOSE(stats::quantile(anscombe_x123, 0.75), 11.5, exact);
    LLMLINGS_CHECK_CLOSE(stats::quantile(vector{42.0}, 0.3), 42.0, exact);
    // A scrambled permutation of 0..19: sorted, the value k sits at position k, so q = (k + 1/2)/19
    // gives h = k + 1/2 (up to one rounding) and the quantile k + 1/2, halfway between k and its
    // upper neighbour k + 1 -- the smallest value above position k, wherever a partial sort left it.
    const vector scrambled{13, 2, 17, 8, 0, 19, 5, 11, 15, 3, 9, 18, 1, 7, 14, 4, 16, 10, 6, 12};
    for (int k = 0; k < 19; ++k) {
        INFO("q = " << k << ".5/19");
        LLMLINGS_CHECK_CLOSE(stats::quantile(scrambled, (k + 0.5) / 19.0), k + 0.5, (tolerance{1e-13, 1e-13}));
    }
}

TEST_CASE("quantiles of random data are monotone and hit the sorted values", "[stats][01_descriptive]") {
    const vector x = normal_sample(13, 101);
    const std::vector<double> sorted = sorted_copy(x);
    double previous = -std::numeric_limits<double>::infinity();
    for (int k = 0; k <= 100; ++k) {
        INFO("q = " << k << "/100");
        const double q = stats::quantile(x, k / 100.0);
        // h = 100 · (k/100) may round to k ± 1e-14, a fraction that moves the result by ~1e-14
        LLMLINGS_CHECK_CLOSE(q, sorted[static_cast<std::size_t>(k)], (tolerance{1e-12, 1e-12}));
        CHECK(q >= previous);
        previous = q;
    }
    const vector unchanged = x;  // quantile works on a copy
    stats::quantile(x, 0.5);
    CHECK(std::equal(x.begin(), x.end(), unchanged.begin()));
}

TEST_CASE("the median is the middle value and ignores outliers", "[stats][01_descriptive]") {
    LLMLINGS_CHECK_CLOSE(stats::median(vector{5, 1, 3}), 3.0, exact);
    LLMLINGS_CHECK_CLOSE(stats::median(vector{4, 1, 3, 2}), 2.5, exact);
    LLMLINGS_CHECK_CLOSE(stats::median(vector{1, 2, 1000}), 2.0, exact);  // the mean would be 334.3
    LLMLINGS_CHECK_CLOSE(stats::median(vector{2, 2, 2, 5}), 2.0, exact);
    LLMLINGS_CHECK_CLOSE(stats::median(anscombe_x4), 8.0, exact);
    LLMLINGS_CHECK_CLOSE(stats::median(anscombe_y1), 7.58, exact);  // sorted, the 6th of 11
}

TEST_CASE("quantile and median reject empty input NaN and q outside the unit interval", "[stats][01_descriptive]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_AS(stats::quantile(vector{}, 0.5), llmlings::invalid_argument);
    CHECK_THROWS_AS(stats::median(vector{}), llmlings::invalid_argument);
    CHECK_THROWS_AS(stats::quantile(vector{1, 2}, -0.1), llmlings::invalid_argument);
    CHECK_THROWS_AS(stats::quantile(vector{1, 2}, 1.5), llmlings::invalid_argument);
    CHECK_THROWS_AS(stats::quantile(vector{1, 2}, nan), llmlings::invalid_argument);
    CHECK_THROWS_AS(stats::median(vector{1, nan, 2}), llmlings::invalid_argument);
    CHECK_THROWS_WITH(stats::quantile(vector{1, 2}, 1.5), contains("quantile") && contains("1.5"));
}

TEST_CASE("covariance and correlation of hand-worked pairs", "[stats][01_descriptive]") {
    // deviations (-1, 0, 1) and (-2, 0, 2): Σ products = 4
    LLMLINGS_CHECK_CLOSE(stats::covariance(vector{1, 2, 3}, vector{2, 4, 6}), 2.0, exact);
    LLMLINGS_CHECK_CLOSE(stats::covariance(vector{1, 2, 3}, vector{2, 4, 6}, 0), 4.0 / 3.0, exact);
    LLMLINGS_CHECK_CLOSE(stats::covariance(vector{1, 2, 3}, vector{6, 4, 2}), -2.0, exact);
    LLMLINGS_CHECK_CLOSE(stats::correlation(vector{1, 2, 3}, vector{2, 4, 6}), 1.0, exact);
    LLMLINGS_CHECK_CLOSE(stats::correlation(vector{1, 2, 3}, vector{3, 2, 1}), -1.0, exact);
    // deviations (-2,-1,0,1,2) and (-1,-2,1,0,2): 8 / √(10 · 10) = 0.8
    LLMLINGS_CHECK_CLOSE(stats::correlation(vector{1, 2, 3, 4, 5}, vector{2, 1, 4, 3, 5}), 0.8, exact);
    // y = x² on a symmetric x: a perfect relation, but not a linear one
    LLMLINGS_CHECK_CLOSE(stats::correlation(vector{-2, -1, 0, 1, 2}, vector{4, 1, 0, 1, 4}), 0.0, exact);
    const vector x{2, 4, 4, 4, 5, 5, 7, 9};
    LLMLINGS_CHECK_CLOSE(stats::covariance(x, x), stats::variance(x), exact);
}

TEST_CASE("correlation ignores shifts and positive scaling and lies in the unit interval", "[stats][01_descriptive]") {
    for (const correlation_trial& t : correlation_trials(14, 10)) {
        const vector &x = t.x, &y = t.y, &x2 = t.x_scaled, &y2 = t.y_scaled, &minus_y = t.minus_y;
        const double r = stats::correlation(x, y);
        CHECK(r >= -1.0);
        CHECK(r <= 1.0);
        LLMLINGS_CHECK_CLOSE(stats::correlation(x2, y2), r, (tolerance{1e-12, 1e-14}));
        LLMLINGS_CHECK_CLOSE(stats::correlation(x, minus_y), -r, (tolerance{1e-12, 1e-14}));
        LLMLINGS_CHECK_CLOSE(stats::covariance(x2, y2), 3.0 * 0.25 * stats::covariance(x, y),
                             (tolerance{1e-12, 1e-13}));
    }
}

TEST_CASE("covariance and correlation reject mismatched or degenerate input", "[stats][01_descriptive]") {
    CHECK_THROWS_AS(stats::covariance(vector{1, 2, 3}, vector{1, 2}), llmlings::shape_error);
    CHECK_THROWS_AS(stats::correlation(vector{1, 2, 3}, vector{1, 2}), llmlings::shape_error);
    CHECK_THROWS_AS(stats::covariance(vector{1}, vector{2}), llmlings::invalid_argument);
    CHECK_THROWS_AS(stats::correlation(vector{1}, vector{2}), llmlings::invalid_argument);
    CHECK_THROWS_AS(stats::correlation(vector{1, 2, 3}, vector{5, 5, 5}), llmlings::invalid_argument);
    CHECK_THROWS_AS(stats::correlation(vector{4, 4}, vector{1, 2}), llmlings::invalid_argument);
}

TEST_CASE("the covariance matrix of a hand-worked data set", "[stats][01_descriptive]") {
    // columns (1, 2, 3) and (2, 4, 9): means 2 and 5, deviations (-1, 0, 1) and (-3, -1, 4)
    const matrix data{{1, 2}, {2, 4}, {3, 9}};
    LLMLINGS_CHECK_CLOSE(stats::covariance_matrix(data), (matrix{{1.0, 3.5}, {3.5, 13.0}}), exact);
    LLMLINGS_CHECK_CLOSE(stats::covariance_matrix(data, 0), (matrix{{2.0 / 3, 7.0 / 3}, {7.0 / 3, 26.0 / 3}}), exact);
    LLMLINGS_CHECK_CLOSE(stats::covariance_matrix(matrix{{1}, {2}, {3}, {4}}), (matrix{{5.0 / 3}}), exact);
}

TEST_CASE("the covariance matrix agrees with its definition on random data", "[stats][01_descriptive]") {
    const std::size_t n = 200, d = 5;
    const matrix data = normal_matrix(15, n, d, 10.0, 3.0);
    const matrix c = stats::covariance_matrix(data);
    REQUIRE(c.shape()[0] == d);
    REQUIRE(c.shape()[1] == d);
    // the definition with xtensor's reductions and a BLAS product: Xcᵀ Xc / (n - 1)
    const matrix expected = covariance_by_definition(data);
    // sums of 200 products of size ~9: rounding ~1e-13 relative to entries of size ~9
    LLMLINGS_CHECK_CLOSE(c, expected, (tolerance{1e-12, 1e-12}));
    for (std::size_t j = 0; j < d; ++j) {
        const vector cj = column(data, j);
        LLMLINGS_CHECK_CLOSE(c(j, j), stats::variance(cj), (tolerance{1e-12, 1e-12}));
        for (std::size_t k = 0; k < d; ++k) {
            const vector ck = column(data, k);
            LLMLINGS_CHECK_CLOSE(c(j, k), stats::covariance(cj, ck), (tolerance{1e-12, 1e-12}));
            CHECK(c(j, k) == c(k, j));
        }
    }
}

TEST_CASE("the covariance matrix rejects too few rows or no columns", "[stats][01_descriptive]") {
    CHECK_THROWS_AS(stats::covariance_matrix(matrix{{1, 2}}), llmlings::invalid_argument);  // n = 1, ddof = 1
    CHECK_THROWS_AS(stats::covariance_matrix(matrix{{1, 2}}, 1), llmlings::invalid_argument);
    CHECK_THROWS_AS(stats::covariance_matrix(matrix(std::array<std::size_t, 2>{3, 0})), llmlings::invalid_argument);
    CHECK_THROWS_AS(stats::covariance_matrix(matrix(std::array<std::size_t, 2>{0, 2}), 0), llmlings::invalid_argument);
}

TEST_CASE("z-scores have mean zero and unit standard deviation", "[stats][01_descriptive]") {
    // mean 5, population standard deviation 2
    LLMLINGS_CHECK_CLOSE(stats::zscores(vector{2, 4, 4, 4, 5, 5, 7, 9}, 0),
                         (vector{-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2}), exact);
    // sample standard deviation of {1, 2, 3} is 1
    LLMLINGS_CHECK_CLOSE(stats::zscores(vector{1, 2, 3}), (vector{-1, 0, 1}), exact);
    const vector x = normal_sample(16, 500, 50.0, 8.0);
    const vector z = stats::zscores(x);
    REQUIRE(z.size() == x.size());
    LLMLINGS_CHECK_CLOSE(stats::mean(z), 0.0, (tolerance{0, 1e-13}));
    LLMLINGS_CHECK_CLOSE(stats::standard_deviation(z), 1.0, (tolerance{1e-13, 0}));
    LLMLINGS_CHECK_CLOSE(z(7), (x(7) - stats::mean(x)) / stats::standard_deviation(x), (tolerance{1e-13, 1e-14}));
    CHECK_THROWS_AS(stats::zscores(vector{3, 3, 3}), llmlings::invalid_argument);
    CHECK_THROWS_AS(stats::zscores(vector{3}), llmlings::invalid_argument);
}

TEST_CASE("errors name the function called and a NaN is never clamped away", "[stats][01_descriptive]") {
    // standard_deviation and median delegate to variance and quantile; a bad input must still be
    // reported under the name the caller used.
    CHECK_THROWS_AS(stats::standard_deviation(vector{1.0}, 1), llmlings::invalid_argument);
    CHECK_THROWS_WITH(stats::standard_deviation(vector{1.0}, 1), contains("standard_deviation") && contains("ddof"));
    CHECK_THROWS_WITH(stats::median(vector{}), contains("median") && contains("non-empty"));
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH(stats::median(vector{1.0, nan}), contains("median") && contains("NaN at index 1"));
    // correlation propagates a NaN (NaN in, NaN out); std::fmin(1, NaN) would make it r = 1
    CHECK(std::isnan(stats::correlation(vector{1.0, 2.0, nan}, vector{1.0, 2.0, 3.0})));
}
