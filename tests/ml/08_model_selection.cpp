// SPDX-License-Identifier: MIT
// Tests for ml/08_model_selection. Oracles: fold properties checked from their definitions (every
// row validates exactly once, validation and training are complements, sizes differ by at most one,
// per-class counts within one of n_c/k, each row equally likely in each fold); hand-worked scores
// (a perfect model scores 1, a majority-class predictor scores the majority rate, a mean predictor's
// squared error on hand-made folds); the Cartesian product counted by hand; grid searches on data
// built so that one hyperparameter value is clearly best (label noise that 1-NN copies and a huge k
// smooths away; a depth-2 rule that a stump cannot express and an unlimited tree overfits); the full
// protocol on real iris data ([real]: a FAIL names `./llmlings data` when the file is missing).
//
// Random data come from llmlings::rng and stats/03 samplers, identical on every platform. They,
// the models cross-validated (kNN, trees, a majority baseline), the iris split and the other
// oracles are in oracles/08_model_selection.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/ml/08_model_selection.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "oracles/08_model_selection.hpp"

using llmlings::index_vector;
using llmlings::matrix;
using llmlings::rng;
using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::ml;
using namespace oracles;

namespace {

std::vector<std::size_t> as_std(const index_vector& v) {
    return std::vector<std::size_t>(v.begin(), v.end());
}

// Every fold: train and validation sorted, disjoint, together 0 … n−1; over all folds every row
// validates exactly once; validation sizes differ by at most one.
void check_fold_properties(const std::vector<split_indices>& folds, std::size_t n, std::size_t k) {
    REQUIRE(folds.size() == k);
    std::vector<std::size_t> times_validated(n, 0);
    std::size_t smallest = n, largest = 0;
    for (const split_indices& fold : folds) {
        const std::vector<std::size_t> train = as_std(fold.train), validation = as_std(fold.test);
        CHECK(std::is_sorted(train.begin(), train.end()));
        CHECK(std::is_sorted(validation.begin(), validation.end()));
        std::vector<std::size_t> all = train;
        all.insert(all.end(), validation.begin(), validation.end());
        std::sort(all.begin(), all.end());
        REQUIRE(all.size() == n);
        for (std::size_t i = 0; i < n; ++i) REQUIRE(all[i] == i);
        for (std::size_t row : validation) ++times_validated[row];
        smallest = std::min(smallest, validation.size());
        largest = std::max(largest, validation.size());
    }
    for (std::size_t i = 0; i < n; ++i) CHECK(times_validated[i] == 1);
    CHECK(largest - smallest <= 1);
    CHECK(smallest == n / k);
}

std::size_t count_class(const index_vector& labels, const index_vector& rows, std::size_t c) {
    std::size_t count = 0;
    for (std::size_t r = 0; r < rows.size(); ++r) count += labels(rows(r)) == c;
    return count;
}

}  // namespace

TEST_CASE("unshuffled k-fold cuts consecutive blocks", "[ml][08_model_selection]") {
    const std::vector<split_indices> two = k_fold(5, 2);
    REQUIRE(two.size() == 2);
    CHECK(identical(two[0].test, index_vector{0, 1, 2}));  // the first n mod k = 1 fold gets ⌈5/2⌉ = 3
    CHECK(identical(two[0].train, index_vector{3, 4}));
    CHECK(identical(two[1].test, index_vector{3, 4}));
    CHECK(identical(two[1].train, index_vector{0, 1, 2}));
    const std::vector<split_indices> three = k_fold(10, 3);
    REQUIRE(three.size() == 3);
    CHECK(identical(three[0].test, index_vector{0, 1, 2, 3}));
    CHECK(identical(three[1].test, index_vector{4, 5, 6}));
    CHECK(identical(three[2].test, index_vector{7, 8, 9}));
    check_fold_properties(k_fold(7, 7), 7, 7);  // leave-one-out
}

TEST_CASE("shuffled k-fold puts every row in exactly one validation fold", "[ml][08_model_selection]") {
    rng gen(1);
    for (std::size_t n : {2, 10, 11, 37, 100})
        for (std::size_t k : {2, 3, 5, 10}) {
            if (k > n) continue;
            const std::vector<split_indices> folds = k_fold(n, k, gen);
            check_fold_properties(folds, n, k);
            for (std::size_t f = 0; f < k; ++f)  // the first n mod k folds are the larger ones
                CHECK(folds[f].test.size() == n / k + (f < n % k ? 1 : 0));
        }
}

TEST_CASE("shuffled k-fold is reproducible for a seed and uniform over seeds", "[ml][08_model_selection]") {
    rng a(42), b(42);
    const std::vector<split_indices> first = k_fold(20, 4, a), again = k_fold(20, 4, b);
    for (std::size_t f = 0; f < 4; ++f) CHECK(identical(first[f].test, again[f].test));
    // Over 3000 draws each of 6 rows validates in fold 0 of 3 with probability 1/3: 1000 ± 26 (1σ);
    // the band is ±5σ. Unshuffled it would always be rows 0 and 1.
    rng gen(7);
    std::vector<std::size_t> in_fold_0(6, 0);
    for (int draw = 0; draw < 3000; ++draw) {
        const std::vector<split_indices> folds = k_fold(6, 3, gen);
        for (std::size_t row : folds[0].test) ++in_fold_0[row];
    }
    for (std::size_t row = 0; row < 6; ++row) {
        INFO("row " << row << " validated in fold 0 " << in_fold_0[row] << " times");
        CHECK(in_fold_0[row] > 870);
        CHECK(in_fold_0[row] < 1130);
    }
}

TEST_CASE("stratified k-fold keeps every class within one row of its share in each fold", "[ml][08_model_selection]") {
    // 10 zeros, 7 ones, 3 twos, in a sorted order that unshuffled folds would keep together
    const index_vector labels = labels_10_7_3();
    const std::size_t class_size[3] = {10, 7, 3};
    rng gen(5);
    for (std::size_t k : {2, 3, 4, 5}) {
        const std::vector<split_indices> folds = stratified_k_fold(labels, k, gen);
        check_fold_properties(folds, 20, k);
        for (const split_indices& fold : folds)
            for (std::size_t c = 0; c < 3; ++c) {
                const std::size_t count = count_class(labels, fold.test, c);
                CHECK(count >= class_size[c] / k);
                CHECK(count <= (class_size[c] + k - 1) / k);
            }
    }
    // 6 zeros and 3 ones in 3 folds: exactly 2 zeros and 1 one each
    const index_vector small{1, 0, 0, 1, 0, 0, 1, 0, 0};
    for (const split_indices& fold : stratified_k_fold(small, 3, gen)) {
        CHECK(count_class(small, fold.test, 0) == 2);
        CHECK(count_class(small, fold.test, 1) == 1);
    }
}

TEST_CASE("stratified k-fold is reproducible for a seed", "[ml][08_model_selection]") {
    const index_vector labels{0, 1, 0, 1, 0, 1, 0, 0, 2, 2, 1, 0};
    rng a(3), b(3);
    const std::vector<split_indices> first = stratified_k_fold(labels, 3, a), again = stratified_k_fold(labels, 3, b);
    for (std::size_t f = 0; f < 3; ++f) {
        CHECK(identical(first[f].test, again[f].test));
        CHECK(identical(first[f].train, again[f].train));
    }
}

TEST_CASE("fold functions reject too few or too many folds", "[ml][08_model_selection]") {
    rng gen(1);
    CHECK_THROWS_AS(k_fold(10, 1), llmlings::invalid_argument);
    CHECK_THROWS_AS(k_fold(3, 4), llmlings::invalid_argument);
    CHECK_THROWS_AS(k_fold(10, 0, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(k_fold(3, 4, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(stratified_k_fold(index_vector{0, 1, 0}, 4, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(stratified_k_fold(index_vector{}, 2, gen), llmlings::invalid_argument);
}

TEST_CASE("cross-validation of a perfect model scores 1 on every fold", "[ml][08_model_selection]") {
    // The label is written in column 0; the "model" reads it back.
    const std::size_t n = 23;
    matrix x;
    index_vector y;
    readable_labels(n, x, y);
    auto oracle = [](const matrix&, const index_vector&, const matrix& x_validation) {
        return column_as_labels(x_validation, 0);
    };
    rng gen(2);
    const vector scores = cross_val_score(x, y, k_fold(n, 5, gen), oracle, accuracy_score);
    REQUIRE(scores.size() == 5);
    LLMLINGS_CHECK_CLOSE(scores, filled(5, 1.0), (tolerance{0, 0}));
}

TEST_CASE("cross-validation of a majority predictor scores the majority-class rate", "[ml][08_model_selection]") {
    // 20 zeros and 10 ones. Every training part has at least as many zeros as ones, so the baseline
    // always predicts 0 (a tie goes to 0).
    const index_vector y = labels_20_10();
    const matrix x = zero_matrix(30, 1);
    rng gen(8);
    // Plain folds of 6 rows: the fold scores vary, their mean is 20/30 (equal fold sizes).
    const vector plain = cross_val_score(x, y, k_fold(30, 5, gen), majority_predictor, accuracy_score);
    LLMLINGS_CHECK_CLOSE(average(plain), 2.0 / 3.0, (tolerance{1e-15, 1e-15}));
    // Stratified folds hold 4 zeros and 2 ones each: every fold scores exactly 4/6.
    const vector stratified = cross_val_score(x, y, stratified_k_fold(y, 5, gen), majority_predictor, accuracy_score);
    LLMLINGS_CHECK_CLOSE(stratified, filled(5, 4.0 / 6.0), (tolerance{1e-15, 1e-15}));
}

TEST_CASE("cross_val_score gives the model exactly its fold rows and works for regression",
          "[ml][08_model_selection]") {
    // Column 0 holds the row number, so the model can see which rows it was given.
    const matrix x{{0}, {1}, {2}, {3}};
    const vector y{1, 2, 3, 4};
    const std::vector<split_indices> folds = k_fold(4, 2);
    std::size_t call = 0;
    auto mean_model = [&](const matrix& x_train, const vector& y_train, const matrix& x_validation) {
        for (std::size_t r = 0; r < x_train.shape()[0]; ++r)
            CHECK(x_train(r, 0) == static_cast<double>(folds[call].train(r)));
        for (std::size_t r = 0; r < x_validation.shape()[0]; ++r)
            CHECK(x_validation(r, 0) == static_cast<double>(folds[call].test(r)));
        ++call;
        return filled(x_validation.shape()[0], average(y_train));
    };
    // fold 0: validate {1, 2} with the mean 3.5 of {3, 4} → ((2.5)² + (1.5)²)/2 = 4.25; fold 1 mirrors it
    const vector scores = cross_val_score(x, y, folds, mean_model, negative_mse);
    CHECK(call == 2);
    LLMLINGS_CHECK_CLOSE(scores, (vector{-4.25, -4.25}), (tolerance{1e-15, 1e-15}));
}

TEST_CASE("cross_val_score rejects mismatched shapes and wrong prediction counts", "[ml][08_model_selection]") {
    const matrix x{{0}, {1}, {2}, {3}};
    const index_vector y{0, 1, 0, 1};
    const std::vector<split_indices> folds = k_fold(4, 2);
    CHECK_THROWS_AS(cross_val_score(x, index_vector{0, 1, 0}, folds, majority_predictor, accuracy_score),
                    llmlings::shape_error);
    CHECK_THROWS_AS(cross_val_score(x, y, std::vector<split_indices>{}, majority_predictor, accuracy_score),
                    llmlings::invalid_argument);
    auto one_too_few = [](const matrix&, const index_vector&, const matrix& x_validation) {
        return zero_labels(x_validation.shape()[0] - 1);
    };
    CHECK_THROWS_AS(cross_val_score(x, y, folds, one_too_few, accuracy_score), llmlings::shape_error);
    CHECK_THROWS_AS(cross_val_score(x, y, k_fold(6, 2), majority_predictor, accuracy_score),
                    llmlings::invalid_argument);
}

TEST_CASE("expand_grid lists every combination in odometer order", "[ml][08_model_selection]") {
    const std::vector<parameters> grid = expand_grid({{"b", {10, 20, 30}}, {"a", {1, 2}}});
    // names sorted (a, b), the last one fastest: 2 × 3 = 6 combinations
    const std::vector<parameters> expected{{{"a", 1}, {"b", 10}}, {{"a", 1}, {"b", 20}}, {{"a", 1}, {"b", 30}},
                                           {{"a", 2}, {"b", 10}}, {{"a", 2}, {"b", 20}}, {{"a", 2}, {"b", 30}}};
    CHECK(grid == expected);
    const std::vector<parameters> three = expand_grid({{"x", {1}}, {"y", {1, 2}}, {"z", {1, 2, 3, 4}}});
    CHECK(three.size() == 8);
    CHECK(three.back() == parameters{{"x", 1}, {"y", 2}, {"z", 4}});
    const std::vector<parameters> none = expand_grid({});
    REQUIRE(none.size() == 1);
    CHECK(none[0].empty());
    CHECK_THROWS_AS(expand_grid({{"k", {}}}), llmlings::invalid_argument);
}

TEST_CASE("grid search picks the k of kNN that label noise makes best", "[ml][08_model_selection]") {
    // Two clusters 8.5 standard deviations apart, 20 % of the labels flipped at random. 1-NN copies the
    // flipped label of the nearest neighbour (expected accuracy about 0.8² + 0.2² = 0.68); 25 neighbours
    // outvote the noise (about 0.8, the best possible); 159 of the 160 training points predict the
    // overall majority (about 0.5).
    rng gen(12);
    const std::size_t n = 200;
    matrix x;
    index_vector y;
    noisy_clusters(gen, n, x, y);
    auto knn = [](const parameters& p, const matrix& x_train, const index_vector& y_train, const matrix& x_validation) {
        return knn_predict(static_cast<std::size_t>(p.at("k")), x_train, y_train, x_validation);
    };
    const std::vector<split_indices> folds = stratified_k_fold(y, 5, gen);
    const grid_search_result result = grid_search(x, y, {{"k", {1, 25, 159}}}, folds, knn, accuracy_score);
    INFO("mean accuracies: k=1 " << result.mean_scores(0) << ", k=25 " << result.mean_scores(1) << ", k=159 "
                                 << result.mean_scores(2));
    CHECK(result.best_index == 1);
    CHECK(result.best_parameters.at("k") == 25.0);
    CHECK(result.best_score == result.mean_scores(1));
    CHECK(result.mean_scores(1) > result.mean_scores(0) + 0.05);
    CHECK(result.mean_scores(1) > result.mean_scores(2) + 0.2);
    // the table: one row per candidate, one column per fold, means and deviations of the rows
    REQUIRE(result.fold_scores.shape()[0] == 3);
    REQUIRE(result.fold_scores.shape()[1] == 5);
    for (std::size_t i = 0; i < 3; ++i) {
        const vector fold_row = row(result.fold_scores, i);
        LLMLINGS_CHECK_CLOSE(result.mean_scores(i), average(fold_row), (tolerance{1e-14, 1e-15}));
        // numpy's ddof 0
        LLMLINGS_CHECK_CLOSE(result.std_scores(i), population_stddev(fold_row), (tolerance{1e-12, 1e-14}));
        // and the row is what cross_val_score gives for that k on the same folds
        const double k = result.candidates[i].at("k");
        const auto knn_k = [&](const matrix& a, const index_vector& b, const matrix& c) {
            return knn({{"k", k}}, a, b, c);
        };
        const vector direct = cross_val_score(x, y, folds, knn_k, accuracy_score);
        LLMLINGS_CHECK_CLOSE(fold_row, direct, (tolerance{0, 0}));
    }
}

TEST_CASE("grid search picks the tree depth of the rule behind the data", "[ml][08_model_selection]") {
    // Class 1 exactly when x0 > 0.5 and x1 > 0.5 (a depth-2 rule), x2 is noise, 10 % of the labels
    // flipped. A stump cannot express the rule; an unlimited tree memorises the flips (expected
    // accuracy about 0.9² + 0.1² = 0.82); depth 2 gets about 0.9.
    rng gen(4);
    const std::size_t n = 300;
    matrix x;
    index_vector y;
    depth_two_rule(gen, n, x, y);
    auto tree = [](const parameters& p, const matrix& x_train, const index_vector& y_train,
                   const matrix& x_validation) {
        return tree_predict(static_cast<std::size_t>(p.at("max_depth")), x_train, y_train, x_validation);
    };
    const grid_search_result result =
        grid_search(x, y, {{"max_depth", {1, 2, 30}}}, stratified_k_fold(y, 5, gen), tree, accuracy_score);
    INFO("mean accuracies: depth 1 " << result.mean_scores(0) << ", depth 2 " << result.mean_scores(1) << ", depth 30 "
                                     << result.mean_scores(2));
    CHECK(result.best_parameters.at("max_depth") == 2.0);
    CHECK(result.mean_scores(1) > result.mean_scores(0) + 0.05);
    CHECK(result.mean_scores(1) > result.mean_scores(2) + 0.03);
}

TEST_CASE("grid search keeps the first of tied candidates and is reproducible for a seed", "[ml][08_model_selection]") {
    const matrix x = zero_matrix(12, 1);
    const index_vector y{0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1};
    auto ignore_parameters = [](const parameters&, const matrix& a, const index_vector& b, const matrix& c) {
        return majority_predictor(a, b, c);
    };
    rng gen(6);
    const grid_search_result tied =
        grid_search(x, y, {{"alpha", {3, 1, 2}}}, stratified_k_fold(y, 3, gen), ignore_parameters, accuracy_score);
    CHECK(tied.best_index == 0);
    CHECK(tied.best_parameters.at("alpha") == 3.0);  // grid values keep their given order
    // same seed, same folds, same table
    rng a(77), b(77);
    auto knn = [](const parameters& p, const matrix& x_train, const index_vector& y_train, const matrix& x_validation) {
        return knn_predict(static_cast<std::size_t>(p.at("k")), x_train, y_train, x_validation);
    };
    const matrix points = square_mod_points();  // i² mod 7
    const grid_search_result first = grid_search(points, y, {{"k", {1, 3}}}, k_fold(12, 3, a), knn, accuracy_score);
    const grid_search_result again = grid_search(points, y, {{"k", {1, 3}}}, k_fold(12, 3, b), knn, accuracy_score);
    LLMLINGS_CHECK_CLOSE(first.fold_scores, again.fold_scores, (tolerance{0, 0}));
    CHECK(first.best_index == again.best_index);
    CHECK_THROWS_AS(grid_search(points, y, {{"k", {}}}, k_fold(12, 3), knn, accuracy_score),
                    llmlings::invalid_argument);
    CHECK_THROWS_AS(grid_search(points, y, {{"k", {1}}}, std::vector<split_indices>{}, knn, accuracy_score),
                    llmlings::invalid_argument);
}

TEST_CASE("the iris protocol tunes on the training part and scores once on the test set",
          "[ml][08_model_selection][real]") {
    if (!llmlings::testing::have_real_data({"iris.csv"})) return;
    rng gen(2024);
    // 1. hold out the test set before anything else (a stratified split of 30 %)
    const iris_split iris = split_iris(gen);
    const matrix& x_train = iris.x_train;
    const matrix& x_test = iris.x_test;
    const index_vector& y_train = iris.y_train;
    const index_vector& y_test = iris.y_test;
    // 2. choose k by 5-fold cross-validation on the 105 training flowers only
    std::size_t rows_seen = 0;
    auto knn = [&](const parameters& p, const matrix& xt, const index_vector& yt, const matrix& xv) {
        rows_seen = std::max(rows_seen, xt.shape()[0] + xv.shape()[0]);
        return knn_predict(static_cast<std::size_t>(p.at("k")), xt, yt, xv);
    };
    const grid_search_result result = grid_search(x_train, y_train, {{"k", {1, 3, 5, 7, 9, 15, 25}}},
                                                  stratified_k_fold(y_train, 5, gen), knn, accuracy_score);
    CHECK(rows_seen == 105);  // the 45 test flowers took no part
    CHECK(result.best_score >= 0.9);
    // 3. refit the chosen model on all training rows and score it once on the test set
    const auto k = static_cast<std::size_t>(result.best_parameters.at("k"));
    const double test_accuracy = accuracy_score(y_test, knn_predict(k, x_train, y_train, x_test));
    INFO("best k " << k << ", CV accuracy " << result.best_score << ", test accuracy " << test_accuracy);
    CHECK(test_accuracy >= 0.9);
}
