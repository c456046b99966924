// SPDX-License-Identifier: MIT
// Tests for nlp/12_vector_search. Oracles: small 2-D cases worked by hand below (every metric,
// ties, k > n, zero vectors, an IVF index of two obvious clusters); brute force on 2,500 seeded
// clustered vectors, every score by plain double loops and every ranking by sorting all n scores
// (oracles/12_vector_search.cpp, compiled once), exact in float too for inner products and
// squared distances because the data lie on a grid of 1/8; recall@k worked by hand; and the
// properties an IVF index must have: every vector in the list of its best centroid (computed
// here in double from the index's centroids), ids numbered across ivf_add calls, nprobe lists
// scanned exactly (the result is the brute force over the union of the nprobe best lists),
// recall non-decreasing in nprobe, and nprobe = nlist giving the exact search.
#include <llmlings/testing.hpp>

#include <llmlings/nlp/12_vector_search.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "oracles/12_vector_search.hpp"

using llmlings::testing::contains;
using namespace llmlings::nlp;
using llmlings::matrix_of;
using llmlings::vector_of;
using oracles::brute_metric;

namespace {

using result = std::vector<neighbour<double>>;

constexpr brute_metric all_metrics[] = {brute_metric::inner_product, brute_metric::cosine, brute_metric::squared_l2};

search_metric metric_of(brute_metric m) {
    return m == brute_metric::inner_product ? search_metric::inner_product
           : m == brute_metric::cosine      ? search_metric::cosine
                                            : search_metric::squared_l2;
}

const char* name_of(brute_metric m) {
    return m == brute_metric::inner_product ? "inner_product" : m == brute_metric::cosine ? "cosine" : "squared_l2";
}

template <class T>
matrix_of<T> rows_of(const std::vector<double>& flat, std::size_t first, std::size_t count, std::size_t d) {
    if constexpr (std::is_same<T, float>::value)
        return oracles::rows_float(flat, first, count, d);
    else
        return oracles::rows_double(flat, first, count, d);
}

template <class T>
vector_of<T> row_of(const std::vector<double>& flat, std::size_t i, std::size_t d) {
    vector_of<T> out = xt::empty<T>({d});
    for (std::size_t j = 0; j < d; ++j) out(j) = static_cast<T>(flat[i * d + j]);
    return out;
}

// (index, score) pairs as text, for messages.
template <class T>
std::string show(const std::vector<neighbour<T>>& r) {
    std::string s;
    for (const auto& x : r) s += "(" + std::to_string(x.index) + ", " + std::to_string(x.score) + ") ";
    return s;
}

// One result against the brute force of its query (oracles::compare_neighbours): indices and
// scores exactly for inner products and squared distances, which are exact on the grid data in
// float too; for cosine, rounded in both computations, within `atol`.
template <class T>
void check_result(const std::vector<neighbour<T>>& got, const std::vector<std::size_t>& expected,
                  const std::vector<double>& truth, brute_metric metric, double atol, const std::string& where) {
    std::vector<std::size_t> indices;
    std::vector<double> scores;
    for (const auto& x : got) {
        indices.push_back(x.index);
        scores.push_back(static_cast<double>(x.score));
    }
    const std::string problem =
        oracles::compare_neighbours(indices, scores, expected, truth, metric != brute_metric::cosine, atol);
    INFO(where << ", " << name_of(metric) << ": " << problem);
    CHECK(problem.empty());
}

// float: a cosine is a few roundings of numbers ≤ 1 (sqrt, two products): 1e-6 absolute is a
// few float ulps of 1. double: the same in double precision.
template <class T>
double cosine_atol() {
    return std::is_same<T, float>::value ? 1e-6 : 1e-14;
}

// X = {(1,0), (0,1), (−1,0), (2,0)}: the hand-worked example of exact_search's doc comment.
matrix_of<double> four_points() {
    return {{1.0, 0.0}, {0.0, 1.0}, {-1.0, 0.0}, {2.0, 0.0}};
}

}  // namespace

// ---- Exact search ------------------------------------------------------------------------------

TEST_CASE("exact_search ranks a hand-worked 2-D example under each metric", "[nlp][12_vector_search]") {
    const vector_of<double> q = {1.0, 0.0};
    // q·x = 1, 0, −1, 2 → rows 3, 0, 1, 2
    const result ip = exact_search(four_points(), q, 4, search_metric::inner_product);
    INFO(show(ip));
    REQUIRE(ip.size() == 4);
    CHECK((ip[0].index == 3 && ip[0].score == 2.0 && ip[1].index == 0 && ip[1].score == 1.0));
    CHECK((ip[2].index == 1 && ip[2].score == 0.0 && ip[3].index == 2 && ip[3].score == -1.0));
    // cos = 1, 0, −1, 1: rows 0 and 3 tie at 1, the lower row first
    const result cos = exact_search(four_points(), q, 4, search_metric::cosine);
    INFO(show(cos));
    REQUIRE(cos.size() == 4);
    CHECK((cos[0].index == 0 && cos[1].index == 3 && cos[2].index == 1 && cos[3].index == 2));
    CHECK_THAT(cos[1].score, llmlings::testing::within_abs(1.0, 1e-15));
    CHECK_THAT(cos[3].score, llmlings::testing::within_abs(-1.0, 1e-15));
    // ‖q − x‖² = 0, 1 + 1 = 2, 2² = 4, 1² = 1 → rows 0, 3, 1, 2, smallest first
    const result l2 = exact_search(four_points(), q, 2, search_metric::squared_l2);
    INFO(show(l2));
    REQUIRE(l2.size() == 2);
    CHECK((l2[0].index == 0 && l2[0].score == 0.0 && l2[1].index == 3 && l2[1].score == 1.0));
}

TEST_CASE("exact_search breaks ties by the lower index under every metric", "[nlp][12_vector_search]") {
    // X = {(0,1), (1,0), (0,−1), (−1,0), (1,0)}
    const matrix_of<double> x = {{0.0, 1.0}, {1.0, 0.0}, {0.0, -1.0}, {-1.0, 0.0}, {1.0, 0.0}};
    // q = (0,0): every squared distance is 1, so the order is the rows' order; k = 3 cuts the tie
    const result l2 = exact_search(x, vector_of<double>{0.0, 0.0}, 3, search_metric::squared_l2);
    INFO(show(l2));
    REQUIRE(l2.size() == 3);
    CHECK((l2[0].index == 0 && l2[1].index == 1 && l2[2].index == 2));
    // q = (2,0): q·x = 0, 2, 0, −2, 2 → (1, 2), (4, 2), (0, 0), (2, 0), (3, −2)
    for (const search_metric m : {search_metric::inner_product, search_metric::cosine}) {
        const result r = exact_search(x, vector_of<double>{2.0, 0.0}, 5, m);
        INFO(show(r));
        REQUIRE(r.size() == 5);
        CHECK((r[0].index == 1 && r[1].index == 4 && r[2].index == 0 && r[3].index == 2 && r[4].index == 3));
    }
    // k = 3 keeps (1, 2), (4, 2), (0, 0): row 2 ties with row 0 and loses
    const result cut = exact_search(x, vector_of<double>{2.0, 0.0}, 3, search_metric::inner_product);
    INFO(show(cut));
    REQUIRE(cut.size() == 3);
    CHECK((cut[0].index == 1 && cut[1].index == 4 && cut[2].index == 0 && cut[2].score == 0.0));
}

TEST_CASE("exact_search with k larger than n returns every vector best first", "[nlp][12_vector_search]") {
    // q = (0,1): ‖q − x‖² = 2, 0, 2, 5 → (1, 0), (0, 2), (2, 2), (3, 5)
    const result r = exact_search(four_points(), vector_of<double>{0.0, 1.0}, 10, search_metric::squared_l2);
    INFO(show(r));
    REQUIRE(r.size() == 4);
    CHECK((r[0].index == 1 && r[1].index == 0 && r[2].index == 2 && r[3].index == 3));
    CHECK((r[0].score == 0.0 && r[1].score == 2.0 && r[2].score == 2.0 && r[3].score == 5.0));
    // no stored vector at all: nothing to return
    CHECK(exact_search(matrix_of<double>({0, 2}), vector_of<double>{0.0, 1.0}, 3, search_metric::cosine).empty());
}

TEST_CASE("exact_search gives a zero vector cosine 0", "[nlp][12_vector_search]") {
    // X = {(0,0), (3,4), (−3,−4)}, q = (3,4): cos = 0, 1, −1
    const matrix_of<double> x = {{0.0, 0.0}, {3.0, 4.0}, {-3.0, -4.0}};
    const result r = exact_search(x, vector_of<double>{3.0, 4.0}, 3, search_metric::cosine);
    INFO(show(r));
    REQUIRE(r.size() == 3);
    CHECK((r[0].index == 1 && r[1].index == 0 && r[2].index == 2));
    CHECK_THAT(r[0].score, llmlings::testing::within_abs(1.0, 1e-15));
    CHECK(r[1].score == 0.0);
    CHECK_THAT(r[2].score, llmlings::testing::within_abs(-1.0, 1e-15));
    // a zero query: every cosine is 0, the rows in order
    const result z = exact_search(x, vector_of<double>{0.0, 0.0}, 2, search_metric::cosine);
    INFO(show(z));
    REQUIRE(z.size() == 2);
    CHECK((z[0].index == 0 && z[0].score == 0.0 && z[1].index == 1 && z[1].score == 0.0));
}

TEMPLATE_TEST_CASE("exact_search matches brute force on seeded clustered vectors", "[nlp][12_vector_search]", float,
                   double) {
    const oracles::search_data& s = oracles::clustered_search_data();
    const matrix_of<TestType> x = rows_of<TestType>(s.data, 0, s.n, s.d);
    for (const brute_metric m : all_metrics) {
        const auto& expected = oracles::brute_force_top_k(m, 10);
        const auto& truth = oracles::brute_force_scores(m);
        for (std::size_t q = 0; q < s.m; ++q)
            check_result(exact_search(x, row_of<TestType>(s.queries, q, s.d), 10, metric_of(m)), expected[q], truth[q],
                         m, cosine_atol<TestType>(), "query " + std::to_string(q));
    }
}

TEMPLATE_TEST_CASE("exact_search_batch matches brute force across its blocks", "[nlp][12_vector_search]", float,
                   double) {
    // 2,500 stored vectors and 70 queries: three blocks of stored vectors, two of queries
    const oracles::search_data& s = oracles::clustered_search_data();
    const matrix_of<TestType> x = rows_of<TestType>(s.data, 0, s.n, s.d);
    const matrix_of<TestType> queries = rows_of<TestType>(s.queries, 0, s.m, s.d);
    for (const brute_metric m : all_metrics) {
        const auto& expected = oracles::brute_force_top_k(m, 10);
        const auto& truth = oracles::brute_force_scores(m);
        const auto got = exact_search_batch(x, queries, 10, metric_of(m));
        REQUIRE(got.size() == s.m);
        for (std::size_t q = 0; q < s.m; ++q)
            check_result(got[q], expected[q], truth[q], m, cosine_atol<TestType>(), "query " + std::to_string(q));
    }
}

TEST_CASE("exact_search_batch handles k larger than n and zero queries", "[nlp][12_vector_search]") {
    // q = (1,0) as in the hand-worked example, and q = (0,1): ‖q − x‖² = 2, 0, 2, 5
    const matrix_of<double> queries = {{1.0, 0.0}, {0.0, 1.0}};
    const auto r = exact_search_batch(four_points(), queries, 9, search_metric::squared_l2);
    REQUIRE(r.size() == 2);
    INFO(show(r[0]) << "| " << show(r[1]));
    REQUIRE((r[0].size() == 4 && r[1].size() == 4));
    CHECK((r[0][0].index == 0 && r[0][1].index == 3 && r[0][2].index == 1 && r[0][3].index == 2));
    CHECK((r[0][0].score == 0.0 && r[0][1].score == 1.0 && r[0][2].score == 2.0 && r[0][3].score == 4.0));
    CHECK((r[1][0].index == 1 && r[1][1].index == 0 && r[1][2].index == 2 && r[1][3].index == 3));
    CHECK((r[1][0].score == 0.0 && r[1][1].score == 2.0 && r[1][2].score == 2.0 && r[1][3].score == 5.0));
    CHECK(exact_search_batch(four_points(), matrix_of<double>({0, 2}), 3, search_metric::cosine).empty());
}

// ---- recall@k ----------------------------------------------------------------------------------

TEST_CASE("recall_at_k is worked by hand", "[nlp][12_vector_search]") {
    auto ids = [](std::vector<std::size_t> v) {
        result r;
        for (std::size_t i : v) r.push_back({i, 0.0});
        return r;
    };
    // {1,2,3} ∩ {1,2,4} = {1,2}: 2/3
    CHECK_THAT(recall_at_k<double>({ids({1, 2, 3})}, {ids({1, 2, 4})}, 3),
               llmlings::testing::within_abs(2.0 / 3, 1e-15));
    // the order does not count: {4,2,1} finds all three
    CHECK(recall_at_k<double>({ids({4, 2, 1})}, {ids({1, 2, 4})}, 3) == 1.0);
    // averaged over queries: (2/3 + 0) / 2 = 1/3
    CHECK_THAT(recall_at_k<double>({ids({1, 2, 3}), ids({7, 8, 9})}, {ids({1, 2, 4}), ids({1, 2, 4})}, 3),
               llmlings::testing::within_abs(1.0 / 3, 1e-15));
    // only the first k entries of each count: k = 2 compares {1,5} with {1,2}: 1/2
    CHECK(recall_at_k<double>({ids({1, 5, 2})}, {ids({1, 2, 4})}, 2) == 0.5);
    // an index found twice counts once: {3,3,1} ∩ {1,2,3} = {1,3}: 2/3
    CHECK_THAT(recall_at_k<double>({ids({3, 3, 1})}, {ids({1, 2, 3})}, 3),
               llmlings::testing::within_abs(2.0 / 3, 1e-15));
    // an approximate search that found fewer than k: {1} of {1,2,3}: 1/3
    CHECK_THAT(recall_at_k<double>({ids({1})}, {ids({1, 2, 3})}, 3), llmlings::testing::within_abs(1.0 / 3, 1e-15));
}

TEST_CASE("recall_at_k divides by the number of true neighbours when k exceeds n", "[nlp][12_vector_search]") {
    auto ids = [](std::vector<std::size_t> v) {
        result r;
        for (std::size_t i : v) r.push_back({i, 0.0});
        return r;
    };
    // n = 2 stored vectors, k = 5: the exact search returns 2; finding both is recall 1, one is 1/2
    CHECK(recall_at_k<double>({ids({1, 0})}, {ids({0, 1})}, 5) == 1.0);
    CHECK(recall_at_k<double>({ids({1})}, {ids({0, 1})}, 5) == 0.5);
    // on real results: an exact search compared with itself has recall 1 for any k
    const auto exact = exact_search_batch(four_points(), matrix_of<double>{{1.0, 0.0}}, 7, search_metric::cosine);
    CHECK(recall_at_k(exact, exact, 7) == 1.0);
}

// ---- IVF-Flat ----------------------------------------------------------------------------------

TEST_CASE("an IVF index of two clusters is trained filled and searched as worked by hand", "[nlp][12_vector_search]") {
    // k-means with nlist = 2 on (0,0), (0,1), (10,0), (10,1): the cluster means (0, 0.5), (10, 0.5)
    const matrix_of<double> training = {{0.0, 0.0}, {0.0, 1.0}, {10.0, 0.0}, {10.0, 1.0}};
    llmlings::rng gen(1);
    ivf_index<double> index = train_ivf(training, 2, search_metric::squared_l2, gen);
    REQUIRE(index.centroids.shape()[0] == 2);
    const std::size_t left = index.centroids(0, 0) < 5.0 ? 0 : 1, right = 1 - left;
    CHECK_THAT(index.centroids(left, 0), llmlings::testing::within_abs(0.0, 1e-12));
    CHECK_THAT(index.centroids(left, 1), llmlings::testing::within_abs(0.5, 1e-12));
    CHECK_THAT(index.centroids(right, 0), llmlings::testing::within_abs(10.0, 1e-12));
    CHECK_THAT(index.centroids(right, 1), llmlings::testing::within_abs(0.5, 1e-12));
    CHECK(index.size == 0);
    // (1,1) is nearer (0,0.5): id 0 on the left; (9,0) id 1 on the right
    ivf_add(index, matrix_of<double>{{1.0, 1.0}, {9.0, 0.0}});
    CHECK(index.size == 2);
    CHECK((index.ids[left] == std::vector<std::size_t>{0} && index.ids[right] == std::vector<std::size_t>{1}));
    CHECK((index.vectors[left] == std::vector<double>{1.0, 1.0} &&
           index.vectors[right] == std::vector<double>{9.0, 0.0}));
    // q = (8,0), nprobe = 1 scans the right list only: (1, 1); nprobe = 2 also finds
    // ‖(8,0) − (1,1)‖² = 49 + 1 = 50
    const result one = ivf_search(index, vector_of<double>{8.0, 0.0}, 2, 1);
    INFO(show(one));
    REQUIRE(one.size() == 1);
    CHECK((one[0].index == 1 && one[0].score == 1.0));
    const result both = ivf_search(index, vector_of<double>{8.0, 0.0}, 2, 2);
    INFO(show(both));
    REQUIRE(both.size() == 2);
    CHECK((both[0].index == 1 && both[1].index == 0 && both[1].score == 50.0));
}

TEST_CASE("ivf_search returns fewer than k before any ivf_add and from empty lists", "[nlp][12_vector_search]") {
    const matrix_of<double> training = {{0.0, 0.0}, {0.0, 1.0}, {10.0, 0.0}, {10.0, 1.0}};
    llmlings::rng gen(2);
    ivf_index<double> index = train_ivf(training, 2, search_metric::squared_l2, gen);
    CHECK(ivf_search(index, vector_of<double>{1.0, 1.0}, 3, 2).empty());
    // vectors on the left only: the right list stays empty
    ivf_add(index, matrix_of<double>{{0.0, 0.0}, {1.0, 0.0}});
    CHECK(ivf_search(index, vector_of<double>{10.0, 0.0}, 3, 1).empty());
    // probing both lists (or more lists than there are) finds the two: ‖(10,0) − x‖² = 100, 81
    for (const std::size_t nprobe : {std::size_t{2}, std::size_t{5}}) {
        const result r = ivf_search(index, vector_of<double>{10.0, 0.0}, 3, nprobe);
        INFO("nprobe " << nprobe << ": " << show(r));
        REQUIRE(r.size() == 2);
        CHECK((r[0].index == 1 && r[0].score == 81.0 && r[1].index == 0 && r[1].score == 100.0));
    }
}

TEMPLATE_TEST_CASE("ivf_search with nprobe equal to nlist is the exact search", "[nlp][12_vector_search]", float,
                   double) {
    const oracles::search_data& s = oracles::clustered_search_data();
    for (const brute_metric m : all_metrics) {
        llmlings::rng gen(5);
        ivf_index<TestType> index = train_ivf(rows_of<TestType>(s.data, 0, 600, s.d), 16, metric_of(m), gen);
        ivf_add(index, rows_of<TestType>(s.data, 0, s.n, s.d));
        const auto& expected = oracles::brute_force_top_k(m, 10);
        const auto& truth = oracles::brute_force_scores(m);
        for (std::size_t q = 0; q < s.m; ++q)
            check_result(ivf_search(index, row_of<TestType>(s.queries, q, s.d), 10, 16), expected[q], truth[q], m,
                         cosine_atol<TestType>(), "query " + std::to_string(q));
    }
}

TEST_CASE("ivf_add puts every vector in the list of its best centroid and numbers them across calls",
          "[nlp][12_vector_search]") {
    const oracles::search_data& s = oracles::clustered_search_data();
    for (const brute_metric m : all_metrics) {
        llmlings::rng gen(7);
        ivf_index<float> index = train_ivf(rows_of<float>(s.data, 0, 800, s.d), 12, metric_of(m), gen);
        // added in two calls after training: ids 0 … 1499, then 1500 … 2499
        ivf_add(index, rows_of<float>(s.data, 0, 1500, s.d));
        ivf_add(index, rows_of<float>(s.data, 1500, s.n - 1500, s.d));
        CHECK(index.size == s.n);
        const std::string problem = oracles::check_inverted_lists(m, index.centroids, index.vectors, index.ids);
        INFO(name_of(m) << ": " << problem);
        CHECK(problem.empty());
    }
}

TEST_CASE("ivf_search scans exactly the nprobe best lists and recall never falls as nprobe grows",
          "[nlp][12_vector_search]") {
    const oracles::search_data& s = oracles::clustered_search_data();
    const std::size_t nlist = 16, k = 10;
    for (const brute_metric m : all_metrics) {
        llmlings::rng gen(9);
        ivf_index<double> index = train_ivf(rows_of<double>(s.data, 0, 800, s.d), nlist, metric_of(m), gen);
        ivf_add(index, rows_of<double>(s.data, 0, s.n, s.d));
        const matrix_of<double> queries = rows_of<double>(s.queries, 0, s.m, s.d);
        const auto exact = exact_search_batch(rows_of<double>(s.data, 0, s.n, s.d), queries, k, metric_of(m));
        const auto& truth = oracles::brute_force_scores(m);
        double previous = 0.0;
        for (const std::size_t nprobe : {std::size_t{1}, std::size_t{2}, std::size_t{4}, std::size_t{8}, nlist}) {
            const auto approx = ivf_search_batch(index, queries, k, nprobe);
            REQUIRE(approx.size() == s.m);
            for (std::size_t q = 0; q < s.m; q += 7) {
                // the brute force over the members of the nprobe best lists
                std::vector<std::size_t> members;
                for (const std::size_t l : oracles::best_lists(index.centroids, s.queries.data() + q * s.d, nprobe,
                                                               m == brute_metric::squared_l2))
                    members.insert(members.end(), index.ids[l].begin(), index.ids[l].end());
                check_result(approx[q], oracles::top_k_among(truth[q], members, k, m == brute_metric::squared_l2),
                             truth[q], m, 1e-14, "nprobe " + std::to_string(nprobe) + ", query " + std::to_string(q));
            }
            const double recall = recall_at_k(approx, exact, k);
            INFO(name_of(m) << ", nprobe " << nprobe << ": recall@10 " << recall << ", before " << previous);
            CHECK(recall >= previous);
            previous = recall;
        }
        CHECK(previous == 1.0);
    }
}

TEST_CASE("ivf_search_batch equals ivf_search for every query", "[nlp][12_vector_search]") {
    const oracles::search_data& s = oracles::clustered_search_data();
    llmlings::rng gen(11);
    ivf_index<float> index = train_ivf(rows_of<float>(s.data, 0, 500, s.d), 10, search_metric::inner_product, gen);
    ivf_add(index, rows_of<float>(s.data, 0, s.n, s.d));
    const auto batch = ivf_search_batch(index, rows_of<float>(s.queries, 0, s.m, s.d), 5, 3);
    REQUIRE(batch.size() == s.m);
    std::size_t differ = 0;
    for (std::size_t q = 0; q < s.m; ++q) {
        const auto one = ivf_search(index, row_of<float>(s.queries, q, s.d), 5, 3);
        bool same = one.size() == batch[q].size() && one.size() == 5;
        for (std::size_t r = 0; same && r < one.size(); ++r)
            same = one[r].index == batch[q][r].index && one[r].score == batch[q][r].score;
        if (!same) ++differ;
    }
    CHECK(differ == 0);
    CHECK(ivf_search_batch(index, matrix_of<float>({0, s.d}), 5, 3).empty());
}

// ---- Bad input ---------------------------------------------------------------------------------

TEST_CASE("exact search rejects bad input", "[nlp][12_vector_search]") {
    using llmlings::invalid_argument;
    using llmlings::shape_error;
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    const auto m = search_metric::squared_l2;
    CHECK_THROWS_AS(exact_search(four_points(), vector_of<double>{1.0, 0.0, 0.0}, 2, m), shape_error);
    CHECK_THROWS_WITH(exact_search(four_points(), vector_of<double>{1.0}, 2, m), contains("exact_search"));
    CHECK_THROWS_AS(
        exact_search(matrix_of<double>({3, 0}), vector_of<double>(xt::empty<double>({std::size_t{0}})), 1, m),
        shape_error);
    CHECK_THROWS_WITH(exact_search(four_points(), vector_of<double>{1.0, 0.0}, 0, m),
                      contains("exact_search") && contains("k must be"));
    CHECK_THROWS_AS(exact_search(four_points(), vector_of<double>{nan, 0.0}, 2, m), invalid_argument);
    CHECK_THROWS_WITH(exact_search(four_points(), vector_of<double>{0.0, inf}, 2, m),
                      contains("exact_search") && contains("(0, 1)"));
    const matrix_of<double> bad = {{1.0, 0.0}, {nan, 1.0}};
    for (const search_metric metric : {search_metric::inner_product, search_metric::cosine, search_metric::squared_l2})
        CHECK_THROWS_WITH(exact_search(bad, vector_of<double>{1.0, 1.0}, 1, metric),
                          contains("exact_search") && contains("vector 1"));
    CHECK_THROWS_AS(exact_search_batch(four_points(), matrix_of<double>{{1.0, 0.0, 0.0}}, 2, m), shape_error);
    CHECK_THROWS_WITH(exact_search_batch(four_points(), matrix_of<double>{{1.0, 0.0}}, 0, m),
                      contains("exact_search_batch") && contains("k must be"));
    CHECK_THROWS_WITH(exact_search_batch(four_points(), matrix_of<double>{{1.0, 0.0}, {0.0, nan}}, 2, m),
                      contains("exact_search_batch") && contains("(1, 1)"));
    CHECK_THROWS_WITH(exact_search_batch(bad, matrix_of<double>{{1.0, 1.0}}, 1, search_metric::cosine),
                      contains("exact_search_batch") && contains("vector 1"));
}

TEST_CASE("recall_at_k rejects bad input", "[nlp][12_vector_search]") {
    const std::vector<result> one = {{{0, 1.0}}}, two = {{{0, 1.0}}, {{1, 1.0}}};
    CHECK_THROWS_AS(recall_at_k(one, two, 1), llmlings::shape_error);
    CHECK_THROWS_WITH(recall_at_k(one, two, 1), contains("recall_at_k"));
    CHECK_THROWS_WITH(recall_at_k(one, one, 0), contains("recall_at_k") && contains("k must be"));
    CHECK_THROWS_WITH(recall_at_k(std::vector<result>{}, std::vector<result>{}, 1),
                      contains("recall_at_k") && contains("no queries"));
    CHECK_THROWS_WITH(recall_at_k(two, std::vector<result>{{{0, 1.0}}, {}}, 1),
                      contains("recall_at_k") && contains("query 1"));
}

TEST_CASE("the IVF functions reject bad input", "[nlp][12_vector_search]") {
    using llmlings::invalid_argument;
    using llmlings::shape_error;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const auto m = search_metric::squared_l2;
    const matrix_of<double> training = {{0.0, 0.0}, {0.0, 1.0}, {10.0, 0.0}, {10.0, 1.0}};
    llmlings::rng gen(3);
    CHECK_THROWS_WITH(train_ivf(training, 0, m, gen), contains("train_ivf") && contains("nlist"));
    CHECK_THROWS_WITH(train_ivf(training, 5, m, gen), contains("train_ivf") && contains("nlist"));
    CHECK_THROWS_WITH(train_ivf(training, 2, m, gen, 0), contains("train_ivf") && contains("max_iter"));
    CHECK_THROWS_AS(train_ivf(matrix_of<double>({4, 0}), 2, m, gen), shape_error);
    CHECK_THROWS_WITH(train_ivf(matrix_of<double>{{0.0, 0.0}, {nan, 1.0}}, 1, m, gen),
                      contains("train_ivf") && contains("(1, 0)"));
    // two distinct points cannot make three lists: k-means' complaint, under train_ivf's name
    CHECK_THROWS_WITH(train_ivf(matrix_of<double>{{1.0, 1.0}, {1.0, 1.0}, {2.0, 2.0}}, 3, m, gen),
                      contains("train_ivf") && contains("distinct"));
    ivf_index<double> index = train_ivf(training, 2, m, gen);
    CHECK_THROWS_AS(ivf_add(index, matrix_of<double>{{1.0, 2.0, 3.0}}), shape_error);
    CHECK_THROWS_WITH(ivf_add(index, matrix_of<double>{{1.0, 2.0}, {nan, 0.0}}),
                      contains("ivf_add") && contains("(1, 0)"));
    CHECK(index.size == 0);  // nothing was added
    CHECK(index.ids[0].empty());
    CHECK(index.ids[1].empty());
    ivf_index<double> untrained;
    CHECK_THROWS_WITH(ivf_add(untrained, training), contains("ivf_add") && contains("train_ivf"));
    CHECK_THROWS_AS(ivf_search(index, vector_of<double>{1.0}, 1, 1), shape_error);
    CHECK_THROWS_WITH(ivf_search(index, vector_of<double>{1.0, 0.0}, 0, 1),
                      contains("ivf_search") && contains("k must be"));
    CHECK_THROWS_WITH(ivf_search(index, vector_of<double>{1.0, 0.0}, 1, 0),
                      contains("ivf_search") && contains("nprobe"));
    CHECK_THROWS_WITH(ivf_search(index, vector_of<double>{nan, 0.0}, 1, 1), contains("ivf_search") && contains("NaN"));
    CHECK_THROWS_WITH(ivf_search(ivf_index<double>{}, vector_of<double>{1.0, 0.0}, 1, 1),
                      contains("ivf_search") && contains("train_ivf"));
    CHECK_THROWS_AS(ivf_search_batch(index, matrix_of<double>{{1.0, 0.0, 0.0}}, 1, 1), shape_error);
    CHECK_THROWS_WITH(ivf_search_batch(index, matrix_of<double>{{1.0, 0.0}}, 1, 0),
                      contains("ivf_search_batch") && contains("nprobe"));
    CHECK_THROWS_WITH(ivf_search_batch(index, matrix_of<double>{{1.0, 0.0}, {0.0, nan}}, 1, 1),
                      contains("ivf_search_batch") && contains("(1, 1)"));
}
