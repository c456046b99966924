// SPDX-License-Identifier: MIT
// Tests for ml/05_knn. Oracles: hand-worked distances, neighbours, votes and averages on tiny
// sets; distances recomputed from their definitions with xtensor expressions; properties
// (1-NN reproduces its training labels, cosine ignores the length of a point); a synthetic set
// of two well-separated Gaussian clusters whose labels are known by construction. The oracles
// and random data are in oracles/05_knn.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/ml/05_knn.hpp>

#include <cmath>
#include <cstddef>
#include <limits>

#include "oracles/05_knn.hpp"

using llmlings::index_vector;
using llmlings::matrix;
using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::ml;
using namespace oracles;

TEST_CASE("Euclidean Manhattan and cosine distances of hand-worked points", "[ml][05_knn]") {
    const tolerance tol{1e-15, 1e-15};  // a handful of operations on small integers
    LLMLINGS_CHECK_CLOSE(distance(vector{0, 0}, vector{3, 4}, distance_metric::euclidean), 5.0, tol);
    LLMLINGS_CHECK_CLOSE(distance(vector{0, 0}, vector{3, 4}, distance_metric::manhattan), 7.0, tol);
    LLMLINGS_CHECK_CLOSE(distance(vector{1, -1, 2}, vector{1, -1, 2}, distance_metric::euclidean), 0.0, tol);
    LLMLINGS_CHECK_CLOSE(distance(vector{1, 0}, vector{0, 2}, distance_metric::cosine), 1.0, tol);  // 90°
    LLMLINGS_CHECK_CLOSE(distance(vector{1, 0}, vector{1, 1}, distance_metric::cosine), 1.0 - std::sqrt(0.5), tol);
    LLMLINGS_CHECK_CLOSE(distance(vector{1, 2}, vector{3, 6}, distance_metric::cosine), 0.0, tol);    // same direction
    LLMLINGS_CHECK_CLOSE(distance(vector{1, 2}, vector{-1, -2}, distance_metric::cosine), 2.0, tol);  // opposite
}

TEST_CASE("the cosine distance ignores the length of either point but Euclidean does not", "[ml][05_knn]") {
    random_seed(50);
    for (int trial = 0; trial < 10; ++trial) {
        const vector a = random_normal(5);
        const vector b = random_normal(5);
        const vector b_scaled = times(4.0, b);
        const vector a_scaled = times(0.25, a);
        const double d = distance(a, b, distance_metric::cosine);
        // a few ulps of a value in [0, 2]
        LLMLINGS_CHECK_CLOSE(distance(a, b_scaled, distance_metric::cosine), d, (tolerance{1e-12, 1e-14}));
        LLMLINGS_CHECK_CLOSE(distance(a_scaled, b, distance_metric::cosine), d, (tolerance{1e-12, 1e-14}));
        CHECK(distance(a, b_scaled, distance_metric::euclidean) != distance(a, b, distance_metric::euclidean));
    }
}

TEST_CASE("distance rejects mismatched lengths and a zero vector under cosine", "[ml][05_knn]") {
    CHECK_THROWS_AS(distance(vector{1, 2}, vector{1, 2, 3}, distance_metric::euclidean), llmlings::shape_error);
    CHECK_THROWS_AS(distance(vector{1, 2}, vector{1}, distance_metric::manhattan), llmlings::shape_error);
    CHECK_THROWS_AS(distance(vector{0, 0}, vector{1, 2}, distance_metric::cosine), llmlings::invalid_argument);
}

TEST_CASE("pairwise distances agree with the definitions row by row", "[ml][05_knn]") {
    random_seed(51);
    const matrix a = random_normal(4, 3);
    const matrix b = random_normal(6, 3);
    const matrix d2 = pairwise_distances(a, b, distance_metric::euclidean);
    const matrix d1 = pairwise_distances(a, b, distance_metric::manhattan);
    const matrix dc = pairwise_distances(a, b, distance_metric::cosine);
    REQUIRE(d2.shape()[0] == 4);
    REQUIRE(d2.shape()[1] == 6);
    // O(1) values from a few operations: rounding only
    LLMLINGS_CHECK_CLOSE(d2, euclidean_by_definition(a, b), (tolerance{1e-13, 1e-14}));
    LLMLINGS_CHECK_CLOSE(d1, manhattan_by_definition(a, b), (tolerance{1e-13, 1e-14}));
    LLMLINGS_CHECK_CLOSE(dc, cosine_by_definition(a, b), (tolerance{1e-13, 1e-14}));
}

TEST_CASE("the pairwise distances of a set to itself are symmetric with a zero diagonal", "[ml][05_knn]") {
    const matrix x{{0, 0}, {3, 4}, {-1, 2}, {6, 8}};
    const matrix d = pairwise_distances(x, x, distance_metric::euclidean);
    LLMLINGS_CHECK_CLOSE(d, transposed(d), (tolerance{0, 0}));
    for (std::size_t i = 0; i < 4; ++i) CHECK(d(i, i) == 0.0);
    CHECK(d(0, 1) == 5.0);
    CHECK(d(0, 3) == 10.0);
    CHECK_THROWS_AS(pairwise_distances(x, matrix{{1, 2, 3}}, distance_metric::euclidean), llmlings::shape_error);
}

TEST_CASE("k_nearest returns the nearest training rows in order of distance", "[ml][05_knn]") {
    const matrix train{{0}, {1}, {3}, {7}, {8}};
    // distances from 2.6: 2.6, 1.6, 0.4, 4.4, 5.4
    const knn_result r = k_nearest(train, matrix{{2.6}, {7.9}}, 3, distance_metric::euclidean);
    REQUIRE(r.indices.shape()[0] == 2);
    REQUIRE(r.indices.shape()[1] == 3);
    CHECK(r.indices(0, 0) == 2);
    CHECK(r.indices(0, 1) == 1);
    CHECK(r.indices(0, 2) == 0);
    CHECK(r.indices(1, 0) == 4);
    CHECK(r.indices(1, 1) == 3);
    CHECK(r.indices(1, 2) == 2);
    LLMLINGS_CHECK_CLOSE(row(r.distances, 0), (vector{0.4, 1.6, 2.6}), (tolerance{1e-14, 1e-14}));
}

TEST_CASE("equal distances are ordered by training index", "[ml][05_knn]") {
    // from 2: rows 1 and 2 are both 1 away, rows 0 and 3 both 2 away
    const knn_result r = k_nearest(matrix{{0}, {1}, {3}, {4}}, matrix{{2}}, 4, distance_metric::manhattan);
    CHECK(r.indices(0, 0) == 1);
    CHECK(r.indices(0, 1) == 2);
    CHECK(r.indices(0, 2) == 0);
    CHECK(r.indices(0, 3) == 3);
}

TEST_CASE("the metric decides which neighbour is nearest", "[ml][05_knn]") {
    // from the origin: A = (3,0) is 3 away under both; B = (2,2) is 2.83 (Euclidean) or 4 (Manhattan)
    const matrix train{{3, 0}, {2, 2}};
    const index_vector labels{0, 1};
    const matrix origin{{0, 0}};
    CHECK(knn_classifier(1, distance_metric::euclidean).fit(train, labels).predict(origin)(0) == 1);
    CHECK(knn_classifier(1, distance_metric::manhattan).fit(train, labels).predict(origin)(0) == 0);
}

TEST_CASE("k_nearest rejects k of zero k above n and mismatched features", "[ml][05_knn]") {
    const matrix train{{0, 0}, {1, 1}, {2, 2}};
    CHECK_THROWS_AS(k_nearest(train, matrix{{0, 0}}, 0, distance_metric::euclidean), llmlings::invalid_argument);
    CHECK_THROWS_AS(k_nearest(train, matrix{{0, 0}}, 4, distance_metric::euclidean), llmlings::invalid_argument);
    CHECK_THROWS_AS(k_nearest(train, matrix{{0, 0, 0}}, 1, distance_metric::euclidean), llmlings::shape_error);
}

TEST_CASE("the majority vote breaks ties in favour of the nearest label", "[ml][05_knn]") {
    CHECK(majority_vote(index_vector{2, 1, 1}) == 1);
    CHECK(majority_vote(index_vector{3, 1, 1, 3}) == 3);  // two each: 3 is nearer
    CHECK(majority_vote(index_vector{1, 3, 3, 1}) == 1);
    CHECK(majority_vote(index_vector{4, 0, 2}) == 4);  // all tied: the nearest
    CHECK(majority_vote(index_vector{5}) == 5);
    CHECK(majority_vote(index_vector{0, 2, 2, 0, 2}) == 2);
    CHECK_THROWS_AS(majority_vote(index_vector{}), llmlings::invalid_argument);
}

TEST_CASE("the classifier labels a hand-worked set by majority", "[ml][05_knn]") {
    const matrix x{{0, 0}, {0, 1}, {1, 0}, {5, 5}, {5, 6}, {6, 5}};
    const index_vector y{0, 0, 0, 1, 1, 1};
    knn_classifier model(3);
    model.fit(x, y);
    const index_vector p = model.predict(matrix{{0.5, 0.5}, {5.5, 5.2}, {2, 2}, {4, 4}});
    CHECK(p(0) == 0);
    CHECK(p(1) == 1);
    CHECK(p(2) == 0);  // its 3 nearest are the three 0s (2.24 to 2.83 away; the 1s are 4.24+)
    CHECK(p(3) == 1);
    // k = n: every query gets the overall majority; 4 zeros against 3 ones
    const matrix x7{{0}, {1}, {2}, {3}, {10}, {11}, {12}};
    const index_vector y7{0, 0, 0, 0, 1, 1, 1};
    const index_vector all = knn_classifier(7).fit(x7, y7).predict(matrix{{11.5}, {-4}});
    CHECK(all(0) == 0);
    CHECK(all(1) == 0);
}

TEST_CASE("one nearest neighbour scores 100 percent on its own training set even with random labels", "[ml][05_knn]") {
    random_seed(52);
    const matrix x = random_normal(40, 3);        // distinct points (almost surely)
    const index_vector y = random_labels(40, 3);  // labels that mean nothing
    const index_vector p = knn_classifier(1).fit(x, y).predict(x);
    for (std::size_t i = 0; i < 40; ++i) CHECK(p(i) == y(i));
}

TEST_CASE("the classifier separates two well-separated clusters", "[ml][05_knn]") {
    random_seed(53);
    matrix x_train, x_test;
    index_vector y_train, y_test;
    two_clusters(20, x_train, y_train);
    two_clusters(10, x_test, y_test);
    for (auto metric : {distance_metric::euclidean, distance_metric::manhattan, distance_metric::cosine}) {
        const index_vector p = knn_classifier(5, metric).fit(x_train, y_train).predict(x_test);
        std::size_t correct = 0;
        for (std::size_t i = 0; i < y_test.size(); ++i) correct += (p(i) == y_test(i));
        CHECK(correct == y_test.size());
    }
}

TEST_CASE("with the cosine distance a query and its rescaled copy get the same class", "[ml][05_knn]") {
    random_seed(54);
    matrix x;
    index_vector y;
    two_clusters(15, x, y);
    const matrix queries = random_normal(12, 2);
    const matrix stretched = times(25.0, queries);
    knn_classifier model(3, distance_metric::cosine);
    model.fit(x, y);
    const index_vector a = model.predict(queries), b = model.predict(stretched);
    for (std::size_t i = 0; i < 12; ++i) CHECK(a(i) == b(i));
}

TEST_CASE("the regressor averages the targets of the k nearest points", "[ml][05_knn]") {
    const matrix x{{0}, {1}, {2}, {3}, {10}};
    const vector y{0, 2, 4, 6, 100};
    knn_regressor model(3);
    model.fit(x, y);
    // 1.4 → rows 1, 2, 0 → (2 + 4 + 0)/3; 9 → rows 4, 3, 2 → (100 + 6 + 4)/3
    LLMLINGS_CHECK_CLOSE(model.predict(matrix{{1.4}, {9}}), (vector{2.0, 110.0 / 3.0}), (tolerance{1e-15, 1e-15}));
    // k = n: the mean of all targets, 112/5, whatever the query
    LLMLINGS_CHECK_CLOSE(knn_regressor(5).fit(x, y).predict(matrix{{-50}, {50}}), (vector{22.4, 22.4}),
                         (tolerance{1e-15, 1e-15}));
}

TEST_CASE("the regressor with one neighbour reproduces its training targets", "[ml][05_knn]") {
    random_seed(55);
    const matrix x = random_normal(30, 2);
    const vector y = random_normal(30);
    LLMLINGS_CHECK_CLOSE(knn_regressor(1).fit(x, y).predict(x), y, (tolerance{0, 0}));
}

TEST_CASE("fit rejects k above n k of zero and mismatched rows", "[ml][05_knn]") {
    const matrix x{{0, 0}, {1, 1}, {2, 2}};
    CHECK_THROWS_AS(knn_classifier(4).fit(x, index_vector{0, 1, 0}), llmlings::invalid_argument);
    CHECK_THROWS_AS(knn_classifier(0).fit(x, index_vector{0, 1, 0}), llmlings::invalid_argument);
    CHECK_THROWS_AS(knn_classifier(1).fit(x, index_vector{0, 1}), llmlings::shape_error);
    CHECK_THROWS_AS(knn_regressor(4).fit(x, vector{0, 1, 0}), llmlings::invalid_argument);
    CHECK_THROWS_AS(knn_regressor(1).fit(x, vector{0, 1, 0, 1}), llmlings::shape_error);
}

TEST_CASE("predict rejects an unfitted model and queries with other features", "[ml][05_knn]") {
    const matrix x{{0, 0}, {1, 1}, {2, 2}};
    CHECK_THROWS_AS(knn_classifier(1).predict(x), llmlings::invalid_argument);
    CHECK_THROWS_AS(knn_regressor(1).predict(x), llmlings::invalid_argument);
    knn_classifier c(1);
    c.fit(x, index_vector{0, 1, 0});
    CHECK_THROWS_AS(c.predict(matrix{{1, 2, 3}}), llmlings::shape_error);
    knn_regressor r(1);
    r.fit(x, vector{0, 1, 0});
    CHECK_THROWS_AS(r.predict(matrix{{1}}), llmlings::shape_error);
}

TEST_CASE("nearest neighbours reject a NaN or an infinity in the points", "[ml][05_knn]") {
    // A NaN distance has no place in the order of neighbours: before this check a NaN training
    // point was silently never (or always) a neighbour. docs/authoring.md, NaN inputs.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    const matrix train{{0.0}, {nan}, {2.0}};
    const matrix clean{{0.0}, {1.0}, {2.0}};
    const index_vector labels{0, 1, 1};
    CHECK_THROWS_AS(knn_classifier(1).fit(train, labels), llmlings::invalid_argument);
    CHECK_THROWS_WITH(knn_classifier(1).fit(train, labels),
                      llmlings::testing::contains("knn_classifier::fit") && llmlings::testing::contains("(1, 0)"));
    CHECK_THROWS_WITH(
        knn_classifier(1).fit(clean, labels).predict(matrix{{inf}}),
        llmlings::testing::contains("knn_classifier::predict") && llmlings::testing::contains("NaN or infinite"));
    CHECK_THROWS_WITH(knn_regressor(1).fit(train, vector{0.0, 1.0, 2.0}),
                      llmlings::testing::contains("knn_regressor::fit"));
    CHECK_THROWS_WITH(k_nearest(train, matrix{{1.0}}, 1, distance_metric::euclidean),
                      llmlings::testing::contains("k_nearest") && llmlings::testing::contains("training data"));
}
