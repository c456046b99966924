// SPDX-License-Identifier: MIT
// Tests for ml/01_preprocessing. Oracles: hand-worked scalings and encodings; properties of the
// splits (disjoint and covering, sizes ⌈f·n⌉, per-class counts within one row of f·n_c, each
// row equally likely to be held out, same seed same split); column statistics recomputed with
// xtensor's mean and stddev (scaled training columns have mean 0 and standard deviation 1,
// test data are scaled with the training statistics); round trips of every inverse. The oracles
// and random data are in oracles/01_preprocessing.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/ml/01_preprocessing.hpp>

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "oracles/01_preprocessing.hpp"

using llmlings::index_vector;
using llmlings::matrix;
using llmlings::rng;
using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::ml;
using namespace oracles;

TEST_CASE("train_test_split holds out the ceiling of f times n rows", "[ml][01_preprocessing]") {
    rng gen(1);
    const split_indices a = train_test_split(10, 0.3, gen);
    CHECK(a.test.size() == 3);
    CHECK(a.train.size() == 7);
    CHECK(disjoint_and_covering(a.train, a.test, 10));
    const split_indices b = train_test_split(10, 0.25, gen);  // 2.5 rounds up
    CHECK(b.test.size() == 3);
    CHECK(disjoint_and_covering(b.train, b.test, 10));
    // 0.07 · 100 is 7.000000000000001 in double: still 7 test rows, not 8
    const split_indices c = train_test_split(100, 0.07, gen);
    CHECK(c.test.size() == 7);
    CHECK(disjoint_and_covering(c.train, c.test, 100));
}

TEST_CASE("the same seed gives the same split and another seed another", "[ml][01_preprocessing]") {
    rng gen1(7), gen2(7), gen3(8);
    const split_indices a = train_test_split(50, 0.2, gen1);
    const split_indices b = train_test_split(50, 0.2, gen2);
    const split_indices c = train_test_split(50, 0.2, gen3);
    CHECK(identical(a.test, b.test));
    CHECK(identical(a.train, b.train));
    CHECK_FALSE(identical(a.test, c.test));  // 50! orders: the same one twice is out of the question
}

TEST_CASE("every row is equally likely to land in the test set", "[ml][01_preprocessing]") {
    // 3000 splits of 10 rows with f = 0.3: each row is held out Binomial(3000, 0.3) times,
    // mean 900 and standard deviation 25.1; ±6 standard deviations is 750 … 1050.
    std::vector<std::size_t> held_out(10, 0);
    rng gen(3);
    for (int trial = 0; trial < 3000; ++trial) {
        const split_indices s = train_test_split(10, 0.3, gen);
        for (std::size_t r = 0; r < s.test.size(); ++r) ++held_out[s.test(r)];
    }
    for (std::size_t i = 0; i < 10; ++i) {
        INFO("row " << i << " held out " << held_out[i] << " times");
        CHECK(held_out[i] > 750);
        CHECK(held_out[i] < 1050);
    }
}

TEST_CASE("train_test_split rejects fractions outside 0 to 1 and empty sides", "[ml][01_preprocessing]") {
    rng gen(1);
    CHECK_THROWS_AS(train_test_split(10, 0.0, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(train_test_split(10, 1.0, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(train_test_split(10, -0.2, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(train_test_split(10, 0.95, gen), llmlings::invalid_argument);  // 10 test, 0 train
    CHECK_THROWS_AS(train_test_split(1, 0.5, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(train_test_split(0, 0.5, gen), llmlings::invalid_argument);
}

TEST_CASE("take_rows applies a split to a matrix and to its labels", "[ml][01_preprocessing]") {
    const matrix x{{1, 2}, {3, 4}, {5, 6}};
    LLMLINGS_CHECK_CLOSE(take_rows(x, index_vector{2, 0}), (matrix{{5, 6}, {1, 2}}), (tolerance{0, 0}));
    const index_vector labels{7, 8, 9};
    const index_vector picked = take_rows(labels, index_vector{2, 0, 2});
    CHECK(identical(picked, index_vector{9, 7, 9}));
    LLMLINGS_CHECK_CLOSE(take_rows(vector{0.5, 1.5}, index_vector{1}), (vector{1.5}), (tolerance{0, 0}));
    CHECK_THROWS_AS(take_rows(x, index_vector{3}), llmlings::invalid_argument);
    CHECK_THROWS_AS(take_rows(labels, index_vector{0, 5}), llmlings::invalid_argument);
}

TEST_CASE("a stratified split keeps exact proportions when they are whole numbers", "[ml][01_preprocessing]") {
    const index_vector labels = labels_50_30_20();
    rng gen(11);
    const split_indices s = stratified_split(labels, 0.2, gen);
    CHECK(disjoint_and_covering(s.train, s.test, 100));
    CHECK(count_label(labels, s.test, 0) == 10);
    CHECK(count_label(labels, s.test, 1) == 6);
    CHECK(count_label(labels, s.test, 2) == 4);
}

TEST_CASE("a stratified split apportions leftover rows to the largest remainders", "[ml][01_preprocessing]") {
    // 7, 5 and 3 rows, f = 0.3: quotas 2.1, 1.5, 0.9; 5 test rows; floors 2, 1, 0; the two
    // rows left over go to the remainders 0.9 and 0.5
    const index_vector labels{0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 0, 1, 0, 0};
    rng gen(12);
    const split_indices s = stratified_split(labels, 0.3, gen);
    CHECK(disjoint_and_covering(s.train, s.test, 15));
    CHECK(s.test.size() == 5);
    CHECK(count_label(labels, s.test, 0) == 2);
    CHECK(count_label(labels, s.test, 1) == 2);
    CHECK(count_label(labels, s.test, 2) == 1);
}

TEST_CASE("every class of a stratified split is within one row of its share", "[ml][01_preprocessing]") {
    random_seed(13);
    rng gen(13);
    for (int trial = 0; trial < 20; ++trial) {
        const std::size_t n = 30 + 7 * static_cast<std::size_t>(trial);
        const index_vector labels = imbalanced_labels(n);  // about 60 %, 30 %, 10 % of 0, 1, 2
        const double f = 0.15 + 0.02 * trial;
        const split_indices s = stratified_split(labels, f, gen);
        CHECK(disjoint_and_covering(s.train, s.test, n));
        CHECK(static_cast<double>(s.test.size()) == std::ceil(f * static_cast<double>(n) - 1e-9));
        for (std::size_t c = 0; c < 3; ++c) {
            const double share = f * static_cast<double>(count_label(labels, c));
            const double got = static_cast<double>(count_label(labels, s.test, c));
            INFO("trial " << trial << " class " << c << ": " << got << " test rows for a share of " << share);
            CHECK(std::fabs(got - share) < 1.0);
        }
    }
}

TEST_CASE("a stratified split is reproducible from its seed and mixes the classes", "[ml][01_preprocessing]") {
    const index_vector labels = two_blocks(30, 30);
    rng gen1(21), gen2(21);
    const split_indices a = stratified_split(labels, 0.5, gen1);
    const split_indices b = stratified_split(labels, 0.5, gen2);
    CHECK(identical(a.test, b.test));
    CHECK(identical(a.train, b.train));
    // the test rows are not all zeros followed by all ones
    CHECK_FALSE(sorted_by_class(labels, a.test));
}

TEST_CASE("stratified_split rejects bad fractions and empty labels", "[ml][01_preprocessing]") {
    rng gen(1);
    CHECK_THROWS_AS(stratified_split(index_vector{0, 1, 0, 1}, 0.0, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(stratified_split(index_vector{0, 1, 0, 1}, 1.5, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(stratified_split(index_vector{}, 0.5, gen), llmlings::invalid_argument);
}

TEST_CASE("the standard scaler of a hand-worked matrix", "[ml][01_preprocessing]") {
    // column 0: mean 2.5, population variance (2.25 + 0.25 + 0.25 + 2.25)/4 = 1.25; column 1 = 10 × column 0
    const matrix x{{1, 10}, {2, 20}, {3, 30}, {4, 40}};
    standard_scaler s;
    const matrix z = s.fit_transform(x);
    const double sd = std::sqrt(1.25);
    const tolerance tol{1e-14, 1e-14};  // a subtraction and a division of O(1) numbers
    LLMLINGS_CHECK_CLOSE(s.mean(), (vector{2.5, 25}), tol);
    LLMLINGS_CHECK_CLOSE(s.scale(), (vector{sd, 10 * sd}), tol);
    const vector expected_column{-1.5 / sd, -0.5 / sd, 0.5 / sd, 1.5 / sd};
    LLMLINGS_CHECK_CLOSE(column(z, 0), expected_column, tol);
    LLMLINGS_CHECK_CLOSE(column(z, 1), expected_column, tol);
}

TEST_CASE("standardised training columns have mean 0 and standard deviation 1", "[ml][01_preprocessing]") {
    random_seed(30);
    const matrix x = features(200);
    standard_scaler s;
    const matrix z = s.fit_transform(x);
    // rounding in sums of 200 O(1) values
    LLMLINGS_CHECK_CLOSE(column_means(z), (vector{0, 0, 0}), (tolerance{0, 1e-13}));
    LLMLINGS_CHECK_CLOSE(column_stddevs(z), (vector{1, 1, 1}), (tolerance{1e-12, 0}));
    LLMLINGS_CHECK_CLOSE(s.mean(), column_means(x), (tolerance{1e-12, 1e-14}));
    LLMLINGS_CHECK_CLOSE(s.scale(), column_stddevs(x), (tolerance{1e-12, 0}));
}

TEST_CASE("the standard scaler transforms test data with the training statistics", "[ml][01_preprocessing]") {
    random_seed(31);
    const matrix train = features(50);
    const matrix test = plus(features(20), 5.0);  // shifted: its own statistics differ
    standard_scaler s;
    s.fit(train);
    const matrix expected = standardised_with(train, test);  // (test − μ) / σ, xt::mean and xt::stddev
    LLMLINGS_CHECK_CLOSE(s.transform(test), expected, (tolerance{1e-12, 1e-12}));
    // and so the test columns are not centred
    const vector test_means = column_means(s.transform(test));
    CHECK(std::fabs(test_means(2)) > 0.5);  // shifted by 5 on a column of sd 3
}

TEST_CASE("inverse_transform undoes both scalers", "[ml][01_preprocessing]") {
    random_seed(32);
    const matrix x = features(40);
    standard_scaler s;
    minmax_scaler m;
    // values up to ~2000: a few ulps of the largest
    LLMLINGS_CHECK_CLOSE(s.inverse_transform(s.fit_transform(x)), x, (tolerance{1e-13, 1e-12}));
    LLMLINGS_CHECK_CLOSE(m.inverse_transform(m.fit_transform(x)), x, (tolerance{1e-13, 1e-12}));
    minmax_scaler wide(-3, 3);
    LLMLINGS_CHECK_CLOSE(wide.inverse_transform(wide.fit_transform(x)), x, (tolerance{1e-13, 1e-12}));
}

TEST_CASE("a constant column gets scale 1 instead of a division by zero", "[ml][01_preprocessing]") {
    const matrix x{{1, 5}, {2, 5}, {3, 5}};
    standard_scaler s;
    const matrix z = s.fit_transform(x);
    CHECK(s.scale()(1) == 1.0);
    CHECK(z(0, 1) == 0.0);
    CHECK(z(2, 1) == 0.0);
    LLMLINGS_CHECK_CLOSE(s.inverse_transform(z), x, (tolerance{1e-15, 1e-15}));
    minmax_scaler m(-1, 1);
    const matrix mm = m.fit_transform(x);
    CHECK(m.data_range()(1) == 1.0);
    LLMLINGS_CHECK_CLOSE(column(mm, 1), (vector{-1, -1, -1}), (tolerance{0, 0}));  // lo
    LLMLINGS_CHECK_CLOSE(m.inverse_transform(mm), x, (tolerance{1e-15, 1e-15}));
}

TEST_CASE("the min-max scaler maps the training range onto the feature range", "[ml][01_preprocessing]") {
    const matrix x{{1, -4}, {3, 0}, {5, 4}};
    minmax_scaler m;
    LLMLINGS_CHECK_CLOSE(m.fit_transform(x), (matrix{{0, 0}, {0.5, 0.5}, {1, 1}}), (tolerance{1e-15, 1e-15}));
    LLMLINGS_CHECK_CLOSE(m.data_min(), (vector{1, -4}), (tolerance{0, 0}));
    LLMLINGS_CHECK_CLOSE(m.data_range(), (vector{4, 8}), (tolerance{0, 0}));
    // test data outside the training range are not clipped
    LLMLINGS_CHECK_CLOSE(m.transform(matrix{{7, -8}}), (matrix{{1.5, -0.5}}), (tolerance{1e-15, 1e-15}));
    minmax_scaler sym(-1, 1);
    LLMLINGS_CHECK_CLOSE(sym.fit_transform(x), (matrix{{-1, -1}, {0, 0}, {1, 1}}), (tolerance{1e-15, 1e-15}));
}

TEST_CASE("scalers reject unfitted use mismatched columns empty data and an empty range", "[ml][01_preprocessing]") {
    const matrix x{{1, 2}, {3, 4}};
    CHECK_THROWS_AS(standard_scaler().transform(x), llmlings::invalid_argument);
    CHECK_THROWS_AS(minmax_scaler().inverse_transform(x), llmlings::invalid_argument);
    standard_scaler s;
    s.fit(x);
    CHECK_THROWS_AS(s.transform(matrix{{1, 2, 3}}), llmlings::shape_error);
    CHECK_THROWS_AS(s.inverse_transform(matrix{{1}}), llmlings::shape_error);
    minmax_scaler m;
    m.fit(x);
    CHECK_THROWS_AS(m.transform(matrix{{1, 2, 3}}), llmlings::shape_error);
    const matrix empty = empty_matrix(0, 2);
    CHECK_THROWS_AS(standard_scaler().fit(empty), llmlings::invalid_argument);
    CHECK_THROWS_AS(minmax_scaler().fit(empty), llmlings::invalid_argument);
    CHECK_THROWS_AS(minmax_scaler(1, 1).fit(x), llmlings::invalid_argument);
    CHECK_THROWS_AS(minmax_scaler(2, -2).fit(x), llmlings::invalid_argument);
}

TEST_CASE("the label encoder numbers the sorted distinct labels", "[ml][01_preprocessing]") {
    label_encoder e;
    const index_vector codes = e.fit_transform({"versicolor", "setosa", "virginica", "setosa"});
    CHECK((e.classes() == std::vector<std::string>{"setosa", "versicolor", "virginica"}));
    CHECK(identical(codes, index_vector{1, 0, 2, 0}));
    CHECK(identical(e.transform({"virginica", "virginica"}), index_vector{2, 2}));
    CHECK(
        (e.inverse_transform(index_vector{2, 0, 1}) == std::vector<std::string>{"virginica", "setosa", "versicolor"}));
    const std::vector<std::string> data{"b", "a", "c", "a", "b"};
    CHECK((e.inverse_transform(e.fit_transform(data)) == data));
}

TEST_CASE("the label encoder rejects unknown labels codes out of range and unfitted use", "[ml][01_preprocessing]") {
    label_encoder e;
    CHECK_THROWS_AS(e.transform({"a"}), llmlings::invalid_argument);
    CHECK_THROWS_AS(e.inverse_transform(index_vector{0}), llmlings::invalid_argument);
    CHECK_THROWS_AS(e.fit({}), llmlings::invalid_argument);
    e.fit({"cat", "dog"});
    CHECK_THROWS_AS(e.transform({"dog", "cow"}), llmlings::invalid_argument);
    CHECK_THROWS_AS(e.inverse_transform(index_vector{0, 2}), llmlings::invalid_argument);
}

TEST_CASE("one-hot encoding puts a single 1 in the column of each code", "[ml][01_preprocessing]") {
    LLMLINGS_CHECK_CLOSE(one_hot(index_vector{2, 0, 1}), (matrix{{0, 0, 1}, {1, 0, 0}, {0, 1, 0}}), (tolerance{0, 0}));
    LLMLINGS_CHECK_CLOSE(one_hot(index_vector{1, 1}, 4), (matrix{{0, 1, 0, 0}, {0, 1, 0, 0}}), (tolerance{0, 0}));
    const index_vector codes = random_codes(33, 50, 5);
    const matrix h = one_hot(codes, 5);
    LLMLINGS_CHECK_CLOSE(row_sums(h), filled(50, 1.0), (tolerance{0, 0}));
    CHECK(identical(one_hot_decode(h), codes));
}

TEST_CASE("one_hot_decode returns the largest entry of each row", "[ml][01_preprocessing]") {
    const index_vector decoded = one_hot_decode(matrix{{0, 0, 1}, {0.7, 0.2, 0.1}, {0.4, 0.4, 0.2}});
    CHECK(identical(decoded, index_vector{2, 0, 0}));  // a tie goes to the first column
    CHECK_THROWS_AS(one_hot_decode(empty_matrix(2, 0)), llmlings::invalid_argument);
}

TEST_CASE("one_hot rejects codes beyond the number of classes and empty codes", "[ml][01_preprocessing]") {
    CHECK_THROWS_AS(one_hot(index_vector{0, 3}, 3), llmlings::invalid_argument);
    CHECK_THROWS_AS(one_hot(index_vector{}), llmlings::invalid_argument);
}
