// SPDX-License-Identifier: MIT
// Tests for stats/07_eda. Oracles: hand-worked small cases (masks, a histogram, Tukey's fences of
// 1..9 and 100, pandas' describe() of 1..10 worked by hand), NumPy's documented binning rules
// (half-open bins, the last one closed; a constant sample widened by 0.5; Freedman-Diaconis 2 IQR
// n^(-1/3)), the property that every count agrees with the returned edges, and published statistics
// of real data sets: palmerpenguins' summary(penguins) output (R, type-7 quantiles, which equal
// NumPy's and pandas' linear interpolation) and pandas' describe() of iris.
//
// The [real] cases need the data sets of `./llmlings data`; without them they FAIL with "data set
// missing: run ./llmlings data", or only warn when LLMLINGS_ALLOW_MISSING_DATA=1 (see
// tests/infra/data_loaders.cpp). No case needs gnuplot.
//
// The data loading, the random samples and the sums of counts and masks are in
// oracles/07_eda.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/stats/07_eda.hpp>

#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <initializer_list>
#include <limits>
#include <string>

#include "oracles/07_eda.hpp"

using llmlings::index_vector;
using llmlings::matrix;
using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::stats;
using llmlings::testing::contains;
using llmlings::testing::within_abs;
using namespace oracles;

namespace {

const double NaN = std::numeric_limits<double>::quiet_NaN();
// Means, standard deviations and interpolated quantiles of O(10) numbers: a few roundings.
const tolerance exact{1e-14, 1e-14};

// Checks that h's counts are exactly what its edges say: bin i holds the values v with
// edges(i) <= v < edges(i+1), the last bin also its right edge; NaN are in no bin.
void check_counts_match_edges(const vector& x, const histogram_bins& h) {
    const std::size_t k = h.counts.size();
    REQUIRE(h.edges.size() == k + 1);
    for (std::size_t i = 0; i < k; ++i) {
        std::size_t expected = 0;
        for (double v : x)
            expected += (v >= h.edges(i) && (v < h.edges(i + 1) || (i + 1 == k && v == h.edges(k)))) ? 1 : 0;
        INFO("bin " << i << " = [" << h.edges(i) << ", " << h.edges(i + 1) << ")");
        CHECK(h.counts(i) == expected);
    }
}

}  // namespace

TEST_CASE("missing_mask and count_missing find the NaN of each column", "[stats][07_eda]") {
    const matrix data{{1, NaN, 3}, {NaN, NaN, 6}, {7, 8, 9}, {10, NaN, 12}};
    const xt::xtensor<bool, 2> expected{
        {false, true, false}, {true, true, false}, {false, false, false}, {false, true, false}};
    CHECK((missing_mask(data) == expected));
    CHECK((count_missing(data) == index_vector{1, 3, 0}));
    CHECK((count_missing(matrix{{1, 2}}) == index_vector{0, 0}));
}

TEST_CASE("complete_rows and drop_missing_rows keep the rows without a NaN in order", "[stats][07_eda]") {
    const matrix data{{1, 2}, {NaN, 4}, {5, 6}, {7, NaN}, {9, 10}};
    CHECK((complete_rows(data) == index_vector{0, 2, 4}));
    LLMLINGS_CHECK_CLOSE(drop_missing_rows(data), (matrix{{1, 2}, {5, 6}, {9, 10}}), tolerance{});
    // nothing to drop, and nothing left
    LLMLINGS_CHECK_CLOSE(drop_missing_rows(matrix{{1, 2}, {3, 4}}), (matrix{{1, 2}, {3, 4}}), tolerance{});
    const matrix none = drop_missing_rows(matrix{{NaN, 1}, {2, NaN}});
    CHECK(none.shape()[0] == 0);
    CHECK(none.shape()[1] == 2);
    CHECK(complete_rows(matrix{{NaN}}).size() == 0);
}

TEST_CASE("drop_missing keeps the values that are not NaN in their order", "[stats][07_eda]") {
    LLMLINGS_CHECK_CLOSE(drop_missing(vector{3, NaN, 1, NaN, 2}), (vector{3, 1, 2}), tolerance{});
    LLMLINGS_CHECK_CLOSE(drop_missing(vector{4, 5}), (vector{4, 5}), tolerance{});
    CHECK(drop_missing(vector{NaN, NaN}).size() == 0);
}

TEST_CASE("histogram of a hand-worked sample with five equal-width bins", "[stats][07_eda]") {
    // range [0, 10] in 5 bins of width 2: [0,2) holds 0 1 1, [2,4) holds 2 3, [4,6) holds 4 4 4,
    // [6,8) nothing, [8,10] the maximum 10; the NaN is skipped.
    const histogram_bins h = histogram(vector{0, 1, 1, 2, 3, 4, 4, 4, 10, NaN}, 5);
    LLMLINGS_CHECK_CLOSE(h.edges, (vector{0, 2, 4, 6, 8, 10}), exact);
    CHECK((h.counts == index_vector{3, 2, 3, 0, 1}));
    // one bin holds everything, both ends included
    const histogram_bins one = histogram(vector{-1, 5, 2}, 1);
    LLMLINGS_CHECK_CLOSE(one.edges, (vector{-1, 5}), exact);
    CHECK((one.counts == index_vector{3}));
}

TEST_CASE("histogram counts agree with its edges for values on the bin boundaries", "[stats][07_eda]") {
    // 0, 0.1, ..., 1: ten bins of width 0.1 put one value on every edge. 0.6 / 0.1 = 5.999...,
    // so a bin index taken from the quotient alone can be one off.
    const vector x_tenths = tenths();
    const histogram_bins h = histogram(x_tenths, 10);
    check_counts_match_edges(x_tenths, h);
    CHECK(total(h.counts) == 11);
    CHECK(h.edges(0) == 0.0);
    CHECK(h.edges(10) == 1.0);
    // -2, -1.85, -1.7 in two bins: the middle edge -2 + 0.3/2 is the double of the literal -1.85,
    // and a value on an edge belongs to the bin on its right: counts 1 and 2. The quotient alone,
    // (-1.85 + 2) / 0.3 * 2 = 0.99999999999999922 in double, would put -1.85 in the first bin.
    const vector on_edge{-2.0, -1.85, -1.7};
    const histogram_bins two = histogram(on_edge, 2);
    CHECK(two.edges(1) == -1.85);
    CHECK((two.counts == index_vector{1, 2}));
    check_counts_match_edges(on_edge, two);
    // seeded random samples, with every edge added as a value
    const std::vector<vector> samples = normal_samples(7, 3, 200);
    const std::size_t bin_counts[3] = {3, 7, 20};
    for (int trial = 0; trial < 3; ++trial) {
        const std::size_t bins = bin_counts[trial];
        const vector& x = samples[static_cast<std::size_t>(trial)];
        const histogram_bins first = histogram(x, bins);
        const vector with_edges = concatenated(x, first.edges);  // same min and max
        const histogram_bins h2 = histogram(with_edges, bins);
        LLMLINGS_CHECK_CLOSE(h2.edges, first.edges, (tolerance{0, 0}));
        check_counts_match_edges(with_edges, h2);
        CHECK(total(h2.counts) == 200 + bins + 1);
    }
}

TEST_CASE("histogram of a constant sample widens the range by one half on each side", "[stats][07_eda]") {
    // NumPy: np.histogram([3, 3, 3], bins=2) gives edges [2.5, 3, 3.5] and counts [0, 3].
    const histogram_bins h = histogram(vector{3, 3, NaN, 3}, 2);
    LLMLINGS_CHECK_CLOSE(h.edges, (vector{2.5, 3, 3.5}), exact);
    CHECK((h.counts == index_vector{0, 3}));
}

TEST_CASE("Freedman-Diaconis width and bin count of 1 to 10", "[stats][07_eda]") {
    const vector x{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};  // Q1 = 3.25, Q3 = 7.75, IQR = 4.5
    CHECK_THAT(iqr(x), within_abs(4.5, 1e-14));
    const double h = 2.0 * 4.5 / std::cbrt(10.0);  // 4.177...
    LLMLINGS_CHECK_CLOSE(freedman_diaconis_width(x), h, exact);
    CHECK(freedman_diaconis_bins(x) == 3);  // ceil(9 / 4.177) = ceil(2.154); NumPy's bins='fd' agrees
    // NaN do not count in n
    const vector with_nan{1, 2, 3, NaN, 4, 5, 6, 7, 8, 9, 10, NaN};
    LLMLINGS_CHECK_CLOSE(freedman_diaconis_width(with_nan), h, exact);
    CHECK(freedman_diaconis_bins(with_nan) == 3);
    // IQR 0 (more than half the values equal): width 0 and a single bin
    const vector mostly_five{5, 5, 5, 5, 5, 1, 9};
    CHECK(freedman_diaconis_width(mostly_five) == 0.0);
    CHECK(freedman_diaconis_bins(mostly_five) == 1);
}

TEST_CASE("Tukey fences of 1 to 9 and 100 flag only the 100", "[stats][07_eda]") {
    const vector x{1, 2, 3, 4, 5, 6, 7, 8, 9, 100, NaN};
    // Q1: h = 9 * 0.25 = 2.25 -> 3 + 0.25 = 3.25; Q3: h = 6.75 -> 7.75; IQR 4.5
    const fences f = iqr_fences(x);
    LLMLINGS_CHECK_CLOSE(f.lower, 3.25 - 1.5 * 4.5, exact);  // -3.5
    LLMLINGS_CHECK_CLOSE(f.upper, 7.75 + 1.5 * 4.5, exact);  // 14.5
    const fences far = iqr_fences(x, 3.0);
    LLMLINGS_CHECK_CLOSE(far.lower, -10.25, exact);
    LLMLINGS_CHECK_CLOSE(far.upper, 21.25, exact);
    const xt::xtensor<bool, 1> expected{false, false, false, false, false, false, false, false, false, true, false};
    CHECK((outlier_mask(x) == expected));  // the NaN is missing, not an outlier
    // a value exactly on a fence is inside: {0, 1, 1, 1, 2} has Q1 = Q3 = 1, fences 1 and 1
    const vector on_fence{0, 1, 1, 1, 2};
    const xt::xtensor<bool, 1> ends{true, false, false, false, true};
    CHECK((outlier_mask(on_fence) == ends));
    // wide fences: with k = 30 the upper fence is 7.75 + 135 = 142.75 and 100 is inside
    CHECK(count_true(outlier_mask(x, 30.0)) == 0);
}

TEST_CASE("describe of 1 to 10 and of a column with missing values matches pandas", "[stats][07_eda]") {
    // Column 0: 1..10. pandas: count 10, mean 5.5, std sqrt(82.5 / 9) = 3.0277, quartiles 3.25 5.5 7.75.
    // Column 1: 2 4 6 8 10 and five NaN: count 5, mean 6, std sqrt(40 / 4), quartiles 4 6 8.
    matrix data({10, 2});
    for (std::size_t i = 0; i < 10; ++i) {
        data(i, 0) = static_cast<double>(i + 1);
        data(i, 1) = i % 2 == 0 ? static_cast<double>(i + 2) : NaN;
    }
    const description s = describe(data);
    CHECK((s.count == index_vector{10, 5}));
    LLMLINGS_CHECK_CLOSE(s.mean, (vector{5.5, 6}), exact);
    LLMLINGS_CHECK_CLOSE(s.std, (vector{std::sqrt(82.5 / 9.0), std::sqrt(10.0)}), exact);
    LLMLINGS_CHECK_CLOSE(s.min, (vector{1, 2}), exact);
    LLMLINGS_CHECK_CLOSE(s.q25, (vector{3.25, 4}), exact);
    LLMLINGS_CHECK_CLOSE(s.q50, (vector{5.5, 6}), exact);
    LLMLINGS_CHECK_CLOSE(s.q75, (vector{7.75, 8}), exact);
    LLMLINGS_CHECK_CLOSE(s.max, (vector{10, 10}), exact);
}

TEST_CASE("describe gives count 0 and NaN for an empty column and NaN std for a single value", "[stats][07_eda]") {
    const description s = describe(matrix{{NaN, 4}, {NaN, NaN}});
    CHECK((s.count == index_vector{0, 1}));
    for (const vector* v : {&s.mean, &s.std, &s.min, &s.q25, &s.q50, &s.q75, &s.max}) CHECK(std::isnan((*v)(0)));
    CHECK(std::isnan(s.std(1)));  // one value has no sample spread
    CHECK(s.mean(1) == 4.0);
    CHECK(s.min(1) == 4.0);
    CHECK(s.q50(1) == 4.0);
    CHECK(s.max(1) == 4.0);
}

TEST_CASE("EDA functions reject input they cannot summarise", "[stats][07_eda]") {
    const vector all_missing{NaN, NaN};
    CHECK_THROWS_AS(histogram(vector{1, 2}, 0), llmlings::invalid_argument);
    CHECK_THROWS_AS(histogram(all_missing, 3), llmlings::invalid_argument);
    CHECK_THROWS_AS(histogram(vector{}, 3), llmlings::invalid_argument);
    CHECK_THROWS_AS(histogram(vector{1, std::numeric_limits<double>::infinity()}, 3), llmlings::invalid_argument);
    CHECK_THROWS_WITH(iqr(all_missing), contains("iqr") && contains("missing"));
    CHECK_THROWS_AS(iqr_fences(all_missing), llmlings::invalid_argument);
    CHECK_THROWS_AS(iqr_fences(vector{1, 2, 3}, -1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(iqr_fences(vector{1, 2, 3}, NaN), llmlings::invalid_argument);
    CHECK_THROWS_AS(outlier_mask(all_missing), llmlings::invalid_argument);
    CHECK_THROWS_AS(freedman_diaconis_width(all_missing), llmlings::invalid_argument);
    CHECK_THROWS_AS(freedman_diaconis_bins(vector{}), llmlings::invalid_argument);
    CHECK_THROWS_AS(describe(matrix({3, 0})), llmlings::invalid_argument);
}

// ---- real data sets, against published statistics ------------------------------------------

TEST_CASE("Real penguins miss 2 values per measurement and describe matches summary of palmerpenguins",
          "[stats][07_eda][real]") {
    if (!llmlings::testing::have_real_data({"penguins.csv"})) return;
    const measurements penguins = penguin_measurements();
    CHECK((count_missing(penguins.X) == index_vector{2, 2, 2, 2}));
    CHECK(complete_rows(penguins.X).size() == 342);
    CHECK(drop_missing_rows(penguins.X).shape()[0] == 342);
    // palmerpenguins README, summary(penguins) (R): Min, 1st Qu., Median, Mean, 3rd Qu., Max, NA's.
    // R prints 4 significant digits, so each value is exact to half a unit of its last digit
    // (plus 1e-9: 39.225 is printed 39.23 and sits exactly half a unit away).
    struct published {
        double min, q1, median, mean, q3, max, half_unit;
    };
    const published summary[4] = {
        {32.10, 39.23, 44.45, 43.92, 48.50, 59.60, 0.005},  // bill_length_mm
        {13.10, 15.60, 17.30, 17.15, 18.70, 21.50, 0.005},  // bill_depth_mm
        {172.0, 190.0, 197.0, 200.9, 213.0, 231.0, 0.05},   // flipper_length_mm
        {2700, 3550, 4050, 4202, 4750, 6300, 0.5},          // body_mass_g
    };
    const description s = describe(penguins.X);
    for (std::size_t j = 0; j < 4; ++j) {
        INFO(penguins.feature_names[j]);
        const double tol = summary[j].half_unit + 1e-9;
        CHECK(s.count(j) == 342);
        CHECK_THAT(s.min(j), within_abs(summary[j].min, tol));
        CHECK_THAT(s.q25(j), within_abs(summary[j].q1, tol));
        CHECK_THAT(s.q50(j), within_abs(summary[j].median, tol));
        CHECK_THAT(s.mean(j), within_abs(summary[j].mean, tol));
        CHECK_THAT(s.q75(j), within_abs(summary[j].q3, tol));
        CHECK_THAT(s.max(j), within_abs(summary[j].max, tol));
    }
    // Histograms skip the two NaN: bill length, Freedman-Diaconis bins from the published
    // quartiles: ceil((59.6 - 32.1) / (2 * 9.275 * 342^(-1/3))) = ceil(10.37) = 11.
    const vector bill = column(penguins.X, 0);
    CHECK(freedman_diaconis_bins(bill) == 11);
    const histogram_bins h = histogram(bill, freedman_diaconis_bins(bill));
    CHECK(total(h.counts) == 342);
    CHECK(h.edges(0) == 32.1);
    CHECK(h.edges(11) == 59.6);
}

TEST_CASE("Real iris describe matches the pandas describe table and sepal width has 4 outliers",
          "[stats][07_eda][real]") {
    if (!llmlings::testing::have_real_data({"iris.csv"})) return;
    const measurements iris = iris_measurements();
    // pandas' iris.describe(), printed to 6 decimals: tolerance half a unit, 5e-7 (+ rounding).
    const double mean[] = {5.843333, 3.057333, 3.758000, 1.199333};
    const double std_[] = {0.828066, 0.435866, 1.765298, 0.762238};
    const double min[] = {4.3, 2.0, 1.0, 0.1};
    const double q25[] = {5.1, 2.8, 1.6, 0.3};
    const double q50[] = {5.8, 3.0, 4.35, 1.3};
    const double q75[] = {6.4, 3.3, 5.1, 1.8};
    const double max[] = {7.9, 4.4, 6.9, 2.5};
    const description s = describe(iris.X);
    const double tol = 5e-7 + 1e-12;
    for (std::size_t j = 0; j < 4; ++j) {
        INFO(iris.feature_names[j]);
        CHECK(s.count(j) == 150);
        CHECK_THAT(s.mean(j), within_abs(mean[j], tol));
        CHECK_THAT(s.std(j), within_abs(std_[j], tol));
        CHECK_THAT(s.min(j), within_abs(min[j], tol));
        CHECK_THAT(s.q25(j), within_abs(q25[j], tol));
        CHECK_THAT(s.q50(j), within_abs(q50[j], tol));
        CHECK_THAT(s.q75(j), within_abs(q75[j], tol));
        CHECK_THAT(s.max(j), within_abs(max[j], tol));
    }
    // R's boxplot(iris$Sepal.Width) draws 4 points: 4.4, 4.1, 4.2 and 2.0 (fences 2.05 and 4.05
    // from the quartiles 2.8 and 3.3). Sepal length has none.
    const vector sepal_width = column(iris.X, 1);
    const fences f = iqr_fences(sepal_width);
    CHECK_THAT(f.lower, within_abs(2.05, 1e-12));
    CHECK_THAT(f.upper, within_abs(4.05, 1e-12));
    const xt::xtensor<bool, 1> outliers = outlier_mask(sepal_width);
    CHECK(count_true(outliers) == 4);
    for (std::size_t i = 0; i < 150; ++i)
        if (outliers(i)) CHECK((sepal_width(i) == 2.0 || sepal_width(i) >= 4.1));
    const vector sepal_length = column(iris.X, 0);
    CHECK(count_true(outlier_mask(sepal_length)) == 0);
}
