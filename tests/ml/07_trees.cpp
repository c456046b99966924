// SPDX-License-Identifier: MIT
// Tests for ml/07_trees. Oracles: hand-worked impurities (Gini of [5,5] = 0.5, entropy = 1 bit, …)
// and hand-worked best splits on tiny data sets (the arithmetic is in the comments); stumps on
// one-dimensional data whose threshold is known by construction; properties (an unlimited tree
// fits contradiction-free training data exactly, limits are respected, node counts add up, a
// forest's probabilities are the mean of its trees', the same seed gives the same forest);
// accuracy on real data (iris, [real]: a FAIL names `./llmlings data` when the file is missing)
// and on a noisy synthetic set whose Bayes-optimal boundary is a diagonal.
//
// Random data come from llmlings::rng and stats/03 samplers, identical on every platform. They,
// the iris split and the other oracles are in oracles/07_trees.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/ml/07_trees.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "oracles/07_trees.hpp"

using llmlings::index_vector;
using llmlings::matrix;
using llmlings::rng;
using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::ml;
using namespace oracles;

namespace {

const tolerance exact_ish{1e-15, 1e-15};  // a handful of operations on small fractions

// Every structural invariant of a fitted tree: children after parents, one deeper, counts that add up.
void check_structure(const std::vector<tree_node>& nodes) {
    REQUIRE(!nodes.empty());
    CHECK(nodes[0].depth == 0);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const tree_node& node = nodes[i];
        if (node.is_leaf()) {
            CHECK(node.right == 0);
            continue;
        }
        REQUIRE(node.left > i);
        REQUIRE(node.right > i);
        REQUIRE(node.right < nodes.size());
        CHECK(nodes[node.left].depth == node.depth + 1);
        CHECK(nodes[node.right].depth == node.depth + 1);
        CHECK(nodes[node.left].n_samples + nodes[node.right].n_samples == node.n_samples);
    }
}

}  // namespace

TEST_CASE("Gini impurity of hand-worked class counts", "[ml][07_trees]") {
    LLMLINGS_CHECK_CLOSE(gini_impurity(vector{5, 5}), 0.5, exact_ish);         // 1 - 1/4 - 1/4
    LLMLINGS_CHECK_CLOSE(gini_impurity(vector{10, 10}), 0.5, exact_ish);       // only proportions count
    LLMLINGS_CHECK_CLOSE(gini_impurity(vector{2, 1, 1}), 0.625, exact_ish);    // 1 - 1/4 - 1/16 - 1/16
    LLMLINGS_CHECK_CLOSE(gini_impurity(vector{1, 1, 1, 1}), 0.75, exact_ish);  // 1 - 1/k for k equal classes
    LLMLINGS_CHECK_CLOSE(gini_impurity(vector{4, 2}), 4.0 / 9.0, exact_ish);   // 1 - 16/36 - 4/36
    CHECK(gini_impurity(vector{8, 0}) == 0.0);                                 // pure: exactly 0
    CHECK(gini_impurity(vector{0, 0, 3}) == 0.0);
    CHECK(gini_impurity(vector{0, 0}) == 0.0);  // no rows: 0 by convention
}

TEST_CASE("entropy in bits of hand-worked class counts", "[ml][07_trees]") {
    LLMLINGS_CHECK_CLOSE(entropy(vector{5, 5}), 1.0, exact_ish);                          // a fair coin: one bit
    LLMLINGS_CHECK_CLOSE(entropy(vector{1, 1, 1, 1}), 2.0, exact_ish);                    // log2 4
    LLMLINGS_CHECK_CLOSE(entropy(vector{2, 1, 1}), 1.5, exact_ish);                       // 1/2·1 + 2·(1/4·2)
    LLMLINGS_CHECK_CLOSE(entropy(vector{1, 3}), 2.0 - 0.75 * std::log2(3.0), exact_ish);  // 1/4·2 + 3/4·log2(4/3)
    LLMLINGS_CHECK_CLOSE(entropy(vector{3, 0, 3}), 1.0, exact_ish);                       // an empty class adds nothing
    CHECK(entropy(vector{8, 0}) == 0.0);
    CHECK(entropy(vector{0, 0}) == 0.0);
}

TEST_CASE("impurities reject negative or non-finite counts", "[ml][07_trees]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_AS(gini_impurity(vector{3, -1}), llmlings::invalid_argument);
    CHECK_THROWS_AS(entropy(vector{3, -1}), llmlings::invalid_argument);
    CHECK_THROWS_AS(gini_impurity(vector{nan, 1}), llmlings::invalid_argument);
    CHECK_THROWS_AS(entropy(vector{1, std::numeric_limits<double>::infinity()}), llmlings::invalid_argument);
}

TEST_CASE("the best classification split of a hand-worked data set", "[ml][07_trees]") {
    // Feature 0 is 1..6; feature 1 alternates 1, 2 and separates nothing.
    const matrix x{{1, 1}, {2, 2}, {3, 1}, {4, 2}, {5, 1}, {6, 2}};
    const index_vector y{0, 0, 0, 1, 1, 0};
    // Gini of the root [4 zeros, 2 ones] = 4/9. The candidate thresholds on feature 0:
    //   1.5: [0] | [0,0,1,1,0]  → 5/6 · (1 - 9/25 - 4/25) = 2/5
    //   2.5: [0,0] | [0,1,1,0]  → 4/6 · 1/2 = 1/3
    //   3.5: [0,0,0] | [1,1,0]  → 3/6 · 4/9 = 2/9      ← the best
    //   4.5: [0,0,0,1] | [1,0]  → 4/6 · 3/8 + 2/6 · 1/2 = 5/12
    //   5.5: [0,0,0,1,1] | [0]  → 5/6 · 12/25 = 2/5
    // and 1.5 on feature 1: [0,0,1] | [0,1,0] → 4/9, no decrease at all.
    const split_candidate gini = best_split_classification(x, y, split_criterion::gini);
    REQUIRE(gini.found);
    CHECK(gini.feature == 0);
    CHECK(gini.threshold == 3.5);
    CHECK(gini.n_left == 3);
    CHECK(gini.n_right == 3);
    LLMLINGS_CHECK_CLOSE(gini.impurity_decrease, 4.0 / 9.0 - 2.0 / 9.0, exact_ish);
    // Entropy agrees: H(1/3) = log2 3 - 2/3 at the root, half of that left after 3.5 (the left child is pure).
    const double h = std::log2(3.0) - 2.0 / 3.0;
    const split_candidate info = best_split_classification(x, y, split_criterion::entropy);
    REQUIRE(info.found);
    CHECK(info.feature == 0);
    CHECK(info.threshold == 3.5);
    LLMLINGS_CHECK_CLOSE(info.impurity_decrease, h / 2.0, (tolerance{1e-14, 1e-15}));
}

TEST_CASE("min_samples_leaf forbids small children in the best split", "[ml][07_trees]") {
    const matrix x{{1}, {2}, {3}, {4}, {5}, {6}};
    const index_vector y{0, 0, 1, 1, 1, 1};
    const split_candidate free = best_split_classification(x, y, split_criterion::gini);
    REQUIRE(free.found);
    CHECK(free.threshold == 2.5);  // two pure children
    LLMLINGS_CHECK_CLOSE(free.impurity_decrease, 4.0 / 9.0, exact_ish);
    // With at least 3 rows per child only 3.5 is allowed: [0,0,1] | [1,1,1] → 3/6 · 4/9 = 2/9.
    const split_candidate limited = best_split_classification(x, y, split_criterion::gini, 3);
    REQUIRE(limited.found);
    CHECK(limited.threshold == 3.5);
    LLMLINGS_CHECK_CLOSE(limited.impurity_decrease, 4.0 / 9.0 - 2.0 / 9.0, exact_ish);
    // 4 rows per child would need 8 rows.
    CHECK_FALSE(best_split_classification(x, y, split_criterion::gini, 4).found);
}

TEST_CASE("the best regression split of a hand-worked data set", "[ml][07_trees]") {
    const matrix x{{1}, {2}, {3}, {4}};
    const vector y{1, 2, 10, 12};
    // Var(y) = mean of (5.25², 4.25², 3.75², 5.75²) = 23.1875. Thresholds:
    //   1.5: [1] | [2,10,12]  → 3/4 · 56/3 = 14
    //   2.5: [1,2] | [10,12]  → 2/4 · 0.25 + 2/4 · 1 = 0.625   ← the best
    //   3.5: [1,2,10] | [12]  → 3/4 · 438/27 ≈ 12.17
    const split_candidate s = best_split_regression(x, y);
    REQUIRE(s.found);
    CHECK(s.feature == 0);
    CHECK(s.threshold == 2.5);
    CHECK(s.n_left == 2);
    LLMLINGS_CHECK_CLOSE(s.impurity_decrease, 23.1875 - 0.625, (tolerance{1e-14, 1e-14}));
}

TEST_CASE("no split exists when every feature is constant", "[ml][07_trees]") {
    const matrix x{{1, 7}, {1, 7}, {1, 7}};
    CHECK_FALSE(best_split_classification(x, index_vector{0, 1, 0}, split_criterion::gini).found);
    CHECK_FALSE(best_split_regression(x, vector{0.5, 2.0, 3.0}).found);
    // A tree on such data is a single leaf predicting the majority class.
    decision_tree_classifier tree;
    tree.fit(x, index_vector{0, 1, 1});
    CHECK(tree.n_leaves() == 1);
    CHECK(tree.predict(matrix{{1, 7}})(0) == 1);
}

TEST_CASE("a depth-one stump on one-dimensional data finds the known threshold", "[ml][07_trees]") {
    // x = 0 … 19, class 1 from x = 13 on: the only pure split is halfway between 12 and 13.
    matrix x;
    index_vector y;
    vector target;  // a step at 6.5 for the regressor
    stump_data(x, y, target);
    tree_options stump;
    stump.max_depth = 1;
    decision_tree_classifier classifier(stump);
    classifier.fit(x, y);
    REQUIRE(classifier.nodes().size() == 3);
    CHECK(classifier.nodes()[0].feature == 0);
    CHECK(classifier.nodes()[0].threshold == 12.5);
    CHECK(classifier.depth() == 1);
    CHECK(classifier.n_leaves() == 2);
    const index_vector predicted = classifier.predict(matrix{{-5}, {12.4}, {12.6}, {100}});
    CHECK(identical(predicted, index_vector{0, 0, 1, 1}));

    decision_tree_regressor regressor(stump);
    regressor.fit(x, target);
    REQUIRE(regressor.nodes().size() == 3);
    CHECK(regressor.nodes()[0].threshold == 6.5);
    LLMLINGS_CHECK_CLOSE(regressor.predict(matrix{{0}, {6.4}, {6.6}, {19}}), (vector{1, 1, 5, 5}), exact_ish);
    CHECK(regressor.nodes()[0].impurity > 0.0);
    CHECK(regressor.nodes()[1].impurity == 0.0);  // constant targets: exactly 0, thanks to the shift
    CHECK(regressor.nodes()[2].impurity == 0.0);
}

TEST_CASE("an unlimited classification tree fits its training data perfectly", "[ml][07_trees]") {
    rng gen(7);
    matrix x;
    index_vector y;
    random_points(gen, 80, 2, 3, x, y);  // random labels: pure noise, memorised anyway
    for (split_criterion criterion : {split_criterion::gini, split_criterion::entropy}) {
        decision_tree_classifier tree({}, criterion);
        tree.fit(x, y);
        CHECK(identical(tree.predict(x), y));
        check_structure(tree.nodes());
        for (const tree_node& node : tree.nodes())
            if (node.is_leaf()) CHECK(node.impurity == 0.0);
        const matrix proba = tree.predict_proba(x);
        REQUIRE(proba.shape()[1] == 3);
        for (std::size_t i = 0; i < y.size(); ++i) CHECK(proba(i, y(i)) == 1.0);
    }
}

TEST_CASE("XOR is learnt although its first split lowers no impurity", "[ml][07_trees]") {
    // Every single threshold leaves both children half and half (Gini stays 0.5), yet the tree must
    // split: only the second level separates the classes.
    const matrix x{{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    const index_vector y{0, 1, 1, 0};
    const split_candidate first = best_split_classification(x, y, split_criterion::gini);
    REQUIRE(first.found);
    LLMLINGS_CHECK_CLOSE(first.impurity_decrease, 0.0, exact_ish);
    decision_tree_classifier tree;
    tree.fit(x, y);
    CHECK(identical(tree.predict(x), y));
    CHECK(tree.depth() == 2);
    CHECK(tree.n_leaves() == 4);
}

TEST_CASE("an unlimited regression tree reproduces distinct training targets", "[ml][07_trees]") {
    rng gen(11);
    const std::size_t n = 60;
    matrix x;
    vector y;
    offset_targets(gen, n, x, y);  // y = 1e6 + N(0,1): large offset, shifted sums must not cancel
    decision_tree_regressor tree;
    tree.fit(x, y);
    // each leaf holds one row, and its mean is that row's target to the last bit
    LLMLINGS_CHECK_CLOSE(tree.predict(x), y, (tolerance{0, 0}));
    CHECK(tree.n_leaves() == n);
    check_structure(tree.nodes());
}

TEST_CASE("depth and leaf-size limits are respected", "[ml][07_trees]") {
    rng gen(3);
    matrix x;
    index_vector y;
    random_points(gen, 120, 3, 2, x, y);
    for (std::size_t depth : {0, 1, 2, 3, 5}) {
        tree_options options;
        options.max_depth = depth;
        decision_tree_classifier tree(options);
        tree.fit(x, y);
        CHECK(tree.depth() <= depth);
        CHECK(tree.n_leaves() <= (std::size_t{1} << depth));
        check_structure(tree.nodes());
    }
    tree_options options;
    options.min_samples_leaf = 7;
    options.min_samples_split = 20;
    decision_tree_classifier tree(options);
    tree.fit(x, y);
    CHECK(tree.n_leaves() > 1);
    for (const tree_node& node : tree.nodes()) {
        if (node.is_leaf())
            CHECK(node.n_samples >= 7);
        else
            CHECK(node.n_samples >= 20);
    }
    // the regressor obeys the same limits
    const vector target = sample_normal(120, gen);
    decision_tree_regressor regressor(options);
    regressor.fit(x, target);
    for (const tree_node& node : regressor.nodes())
        if (node.is_leaf()) CHECK(node.n_samples >= 7);
}

TEST_CASE("predict_proba gives the class frequencies of the leaf", "[ml][07_trees]") {
    // Duplicated x with different labels cannot be separated: two leaves at x ≤ 0.5 and x > 0.5.
    const matrix x{{0}, {0}, {0}, {0}, {1}, {1}, {1}, {1}};
    const index_vector y{0, 0, 0, 1, 1, 1, 2, 2};
    decision_tree_classifier tree;
    tree.fit(x, y);
    CHECK(tree.n_leaves() == 2);
    CHECK(tree.n_classes() == 3);
    const matrix proba = tree.predict_proba(matrix{{-1}, {3}});
    LLMLINGS_CHECK_CLOSE(proba, (matrix{{0.75, 0.25, 0.0}, {0.0, 0.5, 0.5}}), exact_ish);
    CHECK(identical(tree.predict(matrix{{-1}, {3}}), index_vector{0, 1}));  // a tie goes to the lower class
    // n_classes widens the probabilities to classes the data never show
    tree.fit(x, y, 5);
    CHECK(tree.predict_proba(matrix{{0}}).shape()[1] == 5);
}

TEST_CASE("tree inputs out of range throw", "[ml][07_trees]") {
    const matrix x{{1, 2}, {3, 4}, {5, 6}};
    const index_vector y{0, 1, 0};
    decision_tree_classifier tree;
    CHECK_THROWS_AS(tree.predict(x), llmlings::invalid_argument);  // before fit
    CHECK_THROWS_AS(tree.fit(x, index_vector{0, 1}), llmlings::shape_error);
    CHECK_THROWS_AS(tree.fit(empty_matrix(0, 2), index_vector{}), llmlings::invalid_argument);
    CHECK_THROWS_AS(tree.fit(matrix{{1, std::nan("")}, {3, 4}, {5, 6}}, y), llmlings::invalid_argument);
    CHECK_THROWS_AS(tree.fit(x, y, 1), llmlings::invalid_argument);  // label 1 with n_classes 1
    tree.fit(x, y);
    CHECK_THROWS_AS(tree.predict(matrix{{1, 2, 3}}), llmlings::shape_error);
    CHECK_THROWS_AS(tree.predict(matrix{{std::nan(""), 2}}), llmlings::invalid_argument);

    tree_options bad_split;
    bad_split.min_samples_split = 1;
    CHECK_THROWS_AS(decision_tree_classifier(bad_split).fit(x, y), llmlings::invalid_argument);
    tree_options bad_leaf;
    bad_leaf.min_samples_leaf = 0;
    CHECK_THROWS_AS(decision_tree_regressor(bad_leaf).fit(x, vector{1, 2, 3}), llmlings::invalid_argument);
    tree_options too_many;
    too_many.max_features = 3;
    rng gen(1);
    CHECK_THROWS_AS(decision_tree_classifier(too_many).fit(x, y, gen), llmlings::invalid_argument);
    tree_options subset;
    subset.max_features = 1;
    CHECK_THROWS_AS(decision_tree_classifier(subset).fit(x, y), llmlings::invalid_argument);  // no generator

    decision_tree_regressor regressor;
    CHECK_THROWS_AS(regressor.fit(x, vector{1, std::nan(""), 3}), llmlings::invalid_argument);
    CHECK_THROWS_AS(regressor.fit(x, vector{1, 2}), llmlings::shape_error);
    CHECK_THROWS_AS(best_split_regression(x, vector{1, 2}), llmlings::shape_error);
    CHECK_THROWS_AS(best_split_classification(x, y, split_criterion::gini, 0), llmlings::invalid_argument);
}

TEST_CASE("forest inputs out of range throw", "[ml][07_trees]") {
    const matrix x{{1, 2}, {3, 4}, {5, 6}};
    const index_vector y{0, 1, 0};
    rng gen(2);
    random_forest_classifier unfitted;
    CHECK_THROWS_AS(unfitted.predict(x), llmlings::invalid_argument);
    forest_options none;
    none.n_trees = 0;
    CHECK_THROWS_AS(random_forest_classifier(none).fit(x, y, gen), llmlings::invalid_argument);
    forest_options too_many;
    too_many.max_features = 5;
    CHECK_THROWS_AS(random_forest_classifier(too_many).fit(x, y, gen), llmlings::invalid_argument);
    forest_options small;
    small.n_trees = 3;
    random_forest_classifier forest(small);
    CHECK_THROWS_AS(forest.fit(x, index_vector{0, 1}, gen), llmlings::shape_error);
    forest.fit(x, y, gen);
    CHECK_THROWS_AS(forest.predict(matrix{{1}}), llmlings::shape_error);
}

TEST_CASE("max_features tries a random subset of features per split and a seed fixes it", "[ml][07_trees]") {
    // Feature 0 separates the classes perfectly, feature 1 is noise. With one feature tried per split
    // the root question is about feature 1 whenever the draw says so, about half of the seeds.
    rng data_gen(5);
    matrix x;
    index_vector y;
    random_points(data_gen, 40, 2, 2, x, y);
    y = threshold_labels(x, 0, 0.5);
    tree_options options;
    options.max_features = 1;
    std::size_t root_on_noise = 0;
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
        rng gen(seed);
        decision_tree_classifier tree(options);
        tree.fit(x, y, gen);
        root_on_noise += tree.nodes()[0].feature == 1;
        CHECK(identical(tree.predict(x), y));  // unlimited: still fits the training data
        // same seed, same tree
        rng again(seed);
        decision_tree_classifier twin(options);
        twin.fit(x, y, again);
        REQUIRE(twin.nodes().size() == tree.nodes().size());
        for (std::size_t n = 0; n < tree.nodes().size(); ++n) {
            CHECK(twin.nodes()[n].feature == tree.nodes()[n].feature);
            CHECK(twin.nodes()[n].threshold == tree.nodes()[n].threshold);
        }
    }
    // P(0 of 20) = P(20 of 20) = 2^-20
    CHECK(root_on_noise > 0);
    CHECK(root_on_noise < 20);
    // all features: the strong feature is always the root question
    decision_tree_classifier plain;
    plain.fit(x, y);
    CHECK(plain.nodes()[0].feature == 0);
}

TEST_CASE("a forest without bootstrap and random features is a set of identical plain trees", "[ml][07_trees]") {
    rng data_gen(9);
    matrix x;
    index_vector y;
    random_points(data_gen, 50, 3, 3, x, y);
    forest_options options;
    options.n_trees = 4;
    options.bootstrap = false;
    options.max_features = 3;
    random_forest_classifier forest(options);
    rng gen(1);
    forest.fit(x, y, gen);
    decision_tree_classifier plain;
    plain.fit(x, y);
    REQUIRE(forest.trees().size() == 4);
    const matrix queries = first_rows(x, 10);
    for (const decision_tree_classifier& member : forest.trees()) {
        CHECK(member.nodes().size() == plain.nodes().size());
        LLMLINGS_CHECK_CLOSE(member.predict_proba(queries), plain.predict_proba(queries), (tolerance{0, 0}));
    }
    LLMLINGS_CHECK_CLOSE(forest.predict_proba(x), plain.predict_proba(x), exact_ish);
}

TEST_CASE("forest probabilities are the mean of its trees probabilities", "[ml][07_trees]") {
    rng data_gen(21);
    matrix x;
    index_vector y;
    noisy_diagonal(data_gen, 120, 0.1, x, y);
    forest_options options;
    options.n_trees = 15;
    random_forest_classifier forest(options);
    rng gen(4);
    forest.fit(x, y, gen);
    REQUIRE(forest.trees().size() == 15);
    std::vector<matrix> member_proba;
    for (const decision_tree_classifier& member : forest.trees()) {
        CHECK(member.n_classes() == 2);
        member_proba.push_back(member.predict_proba(x));
    }
    const matrix proba = forest.predict_proba(x);
    // the same 15 terms, maybe summed in another order
    LLMLINGS_CHECK_CLOSE(proba, mean_of(member_proba), (tolerance{1e-14, 1e-15}));
    LLMLINGS_CHECK_CLOSE(row_sums(proba), filled(x.shape()[0], 1.0), (tolerance{1e-14, 1e-14}));
    // predict is the argmax of those probabilities
    const index_vector predicted = forest.predict(x);
    for (std::size_t i = 0; i < predicted.size(); ++i) CHECK(proba(i, predicted(i)) >= proba(i, 1 - predicted(i)));
    // the trees differ: bootstrap samples and feature subsets decorrelate them
    std::size_t distinct = 0;
    const matrix first = forest.trees()[0].predict_proba(x);
    for (const decision_tree_classifier& member : forest.trees())
        distinct += !llmlings::testing::compare(member.predict_proba(x), first, tolerance{0, 0}).ok;
    CHECK(distinct >= 10);
}

TEST_CASE("the same seed gives the same forest and another seed another forest", "[ml][07_trees]") {
    rng data_gen(13);
    matrix x;
    index_vector y;
    noisy_diagonal(data_gen, 100, 0.15, x, y);
    forest_options options;
    options.n_trees = 10;
    random_forest_classifier a(options), b(options), c(options);
    rng gen_a(99), gen_b(99), gen_c(100);
    a.fit(x, y, gen_a);
    b.fit(x, y, gen_b);
    c.fit(x, y, gen_c);
    LLMLINGS_CHECK_CLOSE(a.predict_proba(x), b.predict_proba(x), (tolerance{0, 0}));
    CHECK_FALSE(llmlings::testing::compare(a.predict_proba(x), c.predict_proba(x), tolerance{0, 0}).ok);
}

TEST_CASE("a forest is more accurate than a depth-limited or an unlimited tree on noisy data", "[ml][07_trees]") {
    // Inside or outside a disc, 10 % of the labels flipped: the best possible accuracy is 0.9. A
    // tree of depth 3 has 8 boxes to draw a circle with (it underfits); an unlimited tree also
    // draws a box around every flipped label (it overfits); averaging 50 randomised unlimited
    // trees smooths both away. Three independent data sets, so the verdict rests on no lucky draw
    // (over 20 seeds the forest won by at least 0.05 and 0.03 accuracy).
    for (std::uint64_t seed : {31, 32, 33}) {
        rng data_gen(seed);
        matrix x_train, x_test;
        index_vector y_train, y_test;
        noisy_disc(data_gen, 300, 0.1, x_train, y_train);
        noisy_disc(data_gen, 1000, 0.1, x_test, y_test);
        tree_options limited;
        limited.max_depth = 3;
        decision_tree_classifier shallow(limited), deep;
        shallow.fit(x_train, y_train);
        deep.fit(x_train, y_train);
        forest_options options;
        options.n_trees = 50;
        random_forest_classifier forest(options);
        rng gen(seed);
        forest.fit(x_train, y_train, gen);
        const double shallow_accuracy = fraction_equal(y_test, shallow.predict(x_test));
        const double deep_accuracy = fraction_equal(y_test, deep.predict(x_test));
        const double forest_accuracy = fraction_equal(y_test, forest.predict(x_test));
        INFO("seed " << seed << ": depth-3 tree " << shallow_accuracy << ", unlimited tree " << deep_accuracy
                     << ", forest " << forest_accuracy);
        CHECK(forest_accuracy >= shallow_accuracy);
        CHECK(forest_accuracy >= deep_accuracy);
        CHECK(forest_accuracy >= 0.8);
        // the unlimited tree is perfect on its training set, which says nothing about new data
        CHECK(fraction_equal(y_train, deep.predict(x_train)) == 1.0);
    }
}

TEST_CASE("a random forest on real iris data reaches 90 percent test accuracy", "[ml][07_trees][real]") {
    if (!llmlings::testing::have_real_data({"iris.csv"})) return;
    for (std::uint64_t seed : {1, 2, 3}) {
        rng gen(seed);
        const iris_split iris = split_iris(gen);  // stratified, 45 test flowers, 15 per species
        random_forest_classifier forest;          // 100 trees, 2 of the 4 features per split
        forest.fit(iris.x_train, iris.y_train, gen);
        const double test_accuracy = fraction_equal(iris.y_test, forest.predict(iris.x_test));
        INFO("seed " << seed << ": test accuracy " << test_accuracy);
        CHECK(test_accuracy >= 0.9);
    }
}
