// SPDX-License-Identifier: MIT
// Tests for ml/06_kmeans. Oracles: hand-worked assignments, centroids and inertias on 1-D points;
// closed forms (k = 1 gives the column means and n times the summed population variances, k = n
// gives inertia 0); the k-means++ probabilities D²/ΣD² checked by counting over many seeds with
// binomial bounds; well-separated synthetic blobs whose centres and partition are known by
// construction; the monotone decrease of the inertia that Lloyd's algorithm guarantees. The
// oracles and random data are in oracles/06_kmeans.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/ml/06_kmeans.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "oracles/06_kmeans.hpp"

using llmlings::index_vector;
using llmlings::matrix;
using llmlings::rng;
using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::ml;
using namespace oracles;

namespace {

// Three Gaussian blobs of 30 points, standard deviation 0.5, around blob_centres (oracles::blobs).
// The blobs are 10 apart, 20 standard deviations.
const double blob_sd = 0.5;
const matrix blob_centres{{0, 0}, {10, 0}, {0, 10}};

}  // namespace

TEST_CASE("k-means++ picks k distinct points of the data", "[ml][06_kmeans]") {
    random_seed(60);
    const matrix x = random_normal(30, 3);
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        rng gen(seed);
        const matrix c = kmeans_plus_plus(x, 5, gen);
        REQUIRE(c.shape()[0] == 5);
        REQUIRE(c.shape()[1] == 3);
        CHECK(distinct_rows_matched(c, x) == 5);  // each centre is a data row, and no row twice
    }
}

TEST_CASE("k-means++ never picks a point twice even among duplicates", "[ml][06_kmeans]") {
    const matrix x{{0}, {0}, {0}, {10}};
    for (std::uint64_t seed = 0; seed < 50; ++seed) {
        rng gen(seed);
        const std::vector<double> c = sorted_1d(kmeans_plus_plus(x, 2, gen));
        CHECK(c == (std::vector<double>{0, 10}));
    }
}

TEST_CASE("k-means++ draws the next centre in proportion to the squared distance", "[ml][06_kmeans]") {
    // points 0, 1, 3. After a first centre at 0 the squared distances are (0, 1, 9): 3 follows
    // with probability 0.9; after 1 they are (1, 0, 4): 3 with 0.8; after 3, (9, 4, 0): 0 with 9/13.
    const matrix x{{0}, {1}, {3}};
    std::size_t first[3] = {0, 0, 0}, far[3] = {0, 0, 0};
    rng gen(61);
    const int trials = 3000;
    for (int t = 0; t < trials; ++t) {
        const matrix c = kmeans_plus_plus(x, 2, gen);
        const std::size_t a = c(0, 0) == 0 ? 0 : (c(0, 0) == 1 ? 1 : 2);
        ++first[a];
        const double expected_far = a == 2 ? 0.0 : 3.0;
        far[a] += (c(1, 0) == expected_far);
    }
    const double p_far[3] = {0.9, 0.8, 9.0 / 13.0};
    for (std::size_t a = 0; a < 3; ++a) {
        // the first centre is uniform: Binomial(3000, 1/3), sd 25.8; six sd either side
        CHECK(std::fabs(static_cast<double>(first[a]) - trials / 3.0) < 6 * 25.8);
        const double n = static_cast<double>(first[a]);
        const double freq = static_cast<double>(far[a]) / n;
        INFO("first centre " << a << ": the far point followed " << far[a] << " of " << first[a] << " times");
        CHECK(std::fabs(freq - p_far[a]) < 6 * std::sqrt(p_far[a] * (1 - p_far[a]) / n));
    }
}

TEST_CASE("k-means++ rejects k of zero k above n and too few distinct points", "[ml][06_kmeans]") {
    rng gen(1);
    const matrix x{{1, 2}, {3, 4}, {5, 6}};
    CHECK_THROWS_AS(kmeans_plus_plus(x, 0, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(kmeans_plus_plus(x, 4, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(kmeans_plus_plus(matrix{{1}, {1}, {1}}, 2, gen), llmlings::invalid_argument);
}

TEST_CASE("every point is assigned to its nearest centre", "[ml][06_kmeans]") {
    CHECK(identical(assign_clusters(matrix{{0}, {4}, {9}}, matrix{{1}, {8}}), index_vector{0, 0, 1}));
    CHECK(identical(assign_clusters(matrix{{5}}, matrix{{7}, {3}}), index_vector{0}));  // tie: the lower index
    CHECK(identical(assign_clusters(matrix{{1, 1}, {9, 9}, {1, 8}}, matrix{{0, 9}, {0, 0}, {9, 9}}),
                    index_vector{1, 2, 0}));
    CHECK_THROWS_AS(assign_clusters(matrix{{1, 2}}, matrix{{1, 2, 3}}), llmlings::shape_error);
}

TEST_CASE("centroids move to the mean of their points and an empty cluster stays put", "[ml][06_kmeans]") {
    const matrix x{{0, 1}, {2, 3}, {10, -4}};
    const matrix previous{{5, 5}, {6, 6}, {42, 42}};
    const matrix c = update_centroids(x, index_vector{0, 0, 1}, previous);
    LLMLINGS_CHECK_CLOSE(c, (matrix{{1, 2}, {10, -4}, {42, 42}}), (tolerance{1e-15, 1e-15}));
    CHECK_THROWS_AS(update_centroids(x, index_vector{0, 3, 1}, previous), llmlings::invalid_argument);
    CHECK_THROWS_AS(update_centroids(x, index_vector{0, 1}, previous), llmlings::shape_error);
}

TEST_CASE("inertia sums the squared distances to the assigned centres", "[ml][06_kmeans]") {
    const matrix x{{0}, {2}, {10}, {12}};
    const matrix c{{1}, {11}};
    CHECK(inertia(x, c, index_vector{0, 0, 1, 1}) == 4.0);    // 1 + 1 + 1 + 1
    CHECK(inertia(x, c, index_vector{0, 1, 0, 1}) == 164.0);  // 1 + 81 + 81 + 1
    CHECK(inertia(matrix{{0, 0}}, matrix{{3, 4}}, index_vector{0}) == 25.0);
    CHECK_THROWS_AS(inertia(x, c, index_vector{0, 0, 2, 1}), llmlings::invalid_argument);
    CHECK_THROWS_AS(inertia(x, c, index_vector{0, 0}), llmlings::shape_error);
}

TEST_CASE("k-means finds the two groups of a hand-worked line of points", "[ml][06_kmeans]") {
    const matrix x{{0}, {2}, {10}, {12}};
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
        rng gen(seed);
        const kmeans_result r = kmeans(x, 2, gen);
        CHECK(sorted_1d(r.centroids) == (std::vector<double>{1, 11}));
        CHECK(r.inertia == 4.0);
        CHECK(r.converged);
        CHECK(r.labels(0) == r.labels(1));
        CHECK(r.labels(2) == r.labels(3));
        CHECK(r.labels(0) != r.labels(2));
    }
}

TEST_CASE("k-means recovers the centres and the partition of well-separated blobs", "[ml][06_kmeans]") {
    random_seed(62);
    index_vector truth;
    const matrix x = blobs(blob_centres, blob_sd, truth);
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        rng gen(seed);
        const kmeans_result r = kmeans(x, 3, gen);
        CHECK(r.converged);
        // the found cluster of each blob: the label of its first point
        std::size_t label_of_blob[3];
        for (std::size_t b = 0; b < 3; ++b) label_of_blob[b] = r.labels(30 * b);
        // a bijection between blobs and clusters, and every point with its blob's cluster
        CHECK(label_of_blob[0] != label_of_blob[1]);
        CHECK(label_of_blob[0] != label_of_blob[2]);
        CHECK(label_of_blob[1] != label_of_blob[2]);
        std::size_t misplaced = 0;
        for (std::size_t i = 0; i < 90; ++i) misplaced += (r.labels(i) != label_of_blob[truth(i)]);
        CHECK(misplaced == 0);
        // each centre is the mean of 30 points of sd 0.5: each coordinate is off by sd
        // 0.5/√30 ≈ 0.09, so 0.5 (5.5 sd) is safe
        for (std::size_t b = 0; b < 3; ++b) {
            LLMLINGS_CHECK_CLOSE(row(r.centroids, label_of_blob[b]), row(blob_centres, b), (tolerance{0, 0.5}));
        }
    }
}

TEST_CASE("the inertia never increases from one iteration to the next", "[ml][06_kmeans]") {
    random_seed(63);
    const matrix x = random_uniform(120, 2);  // no structure: many iterations
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        rng gen(seed);
        const kmeans_result r = kmeans(x, 6, gen);
        REQUIRE(r.inertia_history.size() == r.iterations + 1);
        CHECK(r.iterations > 1);
        for (std::size_t t = 1; t < r.inertia_history.size(); ++t) {
            INFO("iteration " << t << ": " << r.inertia_history[t - 1] << " -> " << r.inertia_history[t]);
            // exact arithmetic never increases it; allow rounding of a sum of 120 terms
            CHECK(r.inertia_history[t] <= r.inertia_history[t - 1] * (1 + 1e-12));
        }
    }
}

TEST_CASE("a converged result is a fixed point of both Lloyd steps", "[ml][06_kmeans]") {
    random_seed(64);
    const matrix x = random_normal(60, 3);
    rng gen(5);
    const kmeans_result r = kmeans(x, 4, gen);
    REQUIRE(r.converged);
    CHECK(identical(assign_clusters(x, r.centroids), r.labels));
    LLMLINGS_CHECK_CLOSE(update_centroids(x, r.labels, r.centroids), r.centroids, (tolerance{1e-15, 1e-15}));
    LLMLINGS_CHECK_CLOSE(r.inertia, inertia(x, r.centroids, r.labels), (tolerance{1e-15, 0}));
}

TEST_CASE("the same seed gives the same clustering", "[ml][06_kmeans]") {
    random_seed(65);
    const matrix x = random_uniform(80, 2);
    rng gen1(9), gen2(9);
    const kmeans_result a = kmeans(x, 5, gen1);
    const kmeans_result b = kmeans(x, 5, gen2);
    CHECK(identical(a.labels, b.labels));
    LLMLINGS_CHECK_CLOSE(a.centroids, b.centroids, (tolerance{0, 0}));
    CHECK(a.inertia_history == b.inertia_history);
}

TEST_CASE("one cluster has the mean as centre and k equal to n has inertia 0", "[ml][06_kmeans]") {
    random_seed(66);
    const matrix x = random_normal(25, 2);
    rng gen(3);
    const kmeans_result one = kmeans(x, 1, gen);
    // sums of 25 O(1) values: rounding only; summed_variance is Σⱼ of the population variances (ddof 0)
    LLMLINGS_CHECK_CLOSE(row(one.centroids, 0), column_means(x), (tolerance{1e-13, 1e-14}));
    LLMLINGS_CHECK_CLOSE(one.inertia, 25.0 * summed_variance(x), (tolerance{1e-12, 0}));
    const kmeans_result all = kmeans(x, 25, gen);
    CHECK(all.inertia == 0.0);
}

TEST_CASE("max_iter bounds the number of iterations", "[ml][06_kmeans]") {
    random_seed(67);
    const matrix x = random_uniform(120, 2);
    rng gen(4);
    const kmeans_result r = kmeans(x, 6, gen, 1);
    CHECK(r.iterations == 1);
    CHECK(r.inertia_history.size() == 2);
    CHECK(r.inertia == r.inertia_history.back());
    CHECK(identical(assign_clusters(x, r.centroids), r.labels));  // labels always match the centres
}

TEST_CASE("k-means rejects k above n k of zero and max_iter of zero", "[ml][06_kmeans]") {
    rng gen(1);
    const matrix x{{1, 2}, {3, 4}, {5, 6}};
    CHECK_THROWS_AS(kmeans(x, 4, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(kmeans(x, 0, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(kmeans(x, 2, gen, 0), llmlings::invalid_argument);
    CHECK_THROWS_AS(kmeans(matrix{{2, 2}, {2, 2}}, 2, gen), llmlings::invalid_argument);
}

TEST_CASE("k-means rejects a NaN point and names itself", "[ml][06_kmeans]") {
    // Before the check the NaN reached k-means++'s sampling and the error named its helper
    // (sample_categorical). docs/authoring.md, NaN inputs: clustering needs numbers.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const matrix x{{0.0, 0.0}, {nan, 1.0}, {5.0, 5.0}, {6.0, 6.0}};
    rng gen(3);
    CHECK_THROWS_AS(kmeans(x, 2, gen), llmlings::invalid_argument);
    CHECK_THROWS_WITH(kmeans(x, 2, gen),
                      llmlings::testing::contains("kmeans") && llmlings::testing::contains("(1, 0)"));
    CHECK_THROWS_WITH(kmeans_plus_plus(x, 2, gen), llmlings::testing::contains("kmeans_plus_plus") &&
                                                       llmlings::testing::contains("NaN or infinite"));
}
