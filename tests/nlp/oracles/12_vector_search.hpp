// SPDX-License-Identifier: MIT
// The oracles of tests/nlp/12_vector_search.cpp, compiled once in oracles/12_vector_search.cpp
// (never with the learner's file): a seeded set of clustered vectors and queries, and the brute
// force answer to every query, every score computed with plain double loops and every ranking
// made by sorting all n scores (std::sort), not by a bounded heap as the code under test does.
#ifndef LLMLINGS_TESTS_NLP_ORACLES_12_VECTOR_SEARCH_HPP
#define LLMLINGS_TESTS_NLP_ORACLES_12_VECTOR_SEARCH_HPP

#include <cstddef>
#include <string>
#include <vector>

#include "common/oracles.hpp"

namespace oracles {

/// The metrics, in the order of llmlings::nlp::search_metric (this file does not include it).
enum class brute_metric { inner_product, cosine, squared_l2 };

/// Seeded clustered vectors. Every coordinate is a multiple of 1/8 in [−6, 6], so every inner
/// product and squared distance (in any summation order, and ‖q‖² + ‖x‖² − 2q·x too) is a
/// multiple of 1/64 below 2^12 and exact in float as in double: for those two metrics the float
/// code must return exactly the double ranking, ties included.
struct search_data {
    std::size_t n = 0, d = 0, m = 0;
    std::vector<double> data;     ///< (n,d) row-major: 12 clusters of random points; row 7 is zero,
                                  ///< rows 1200–1209 repeat rows 0–9 and row 2400 repeats row 1800
    std::vector<double> queries;  ///< (m,d): query 0 is zero, query 1 repeats data row 5, the rest
                                  ///< drawn from the clusters as the data
};

/// n = 2500 (more than one block of 1024 stored vectors), d = 16, m = 70 (more than one block of
/// 64 queries), seed 12. Made once.
const search_data& clustered_search_data();

/// The m×n scores of every query against every stored vector, in double: q·x, q·x/(‖q‖‖x‖) (0
/// when either is zero) or Σ(q_j − x_j)². Made once per metric.
const std::vector<std::vector<double>>& brute_force_scores(brute_metric metric);

/// The indices of the k best scores of each query (larger first, smaller first for squared_l2;
/// equal scores by the lower index), by sorting all n of them; min(k, n) per query. Made once per
/// (metric, k).
const std::vector<std::vector<std::size_t>>& brute_force_top_k(brute_metric metric, std::size_t k);

/// Rows first … first + count − 1 of a row-major (rows, d) array, as a float or double matrix.
llmlings::matrix_of<float> rows_float(const std::vector<double>& flat, std::size_t first, std::size_t count,
                                      std::size_t d);
llmlings::matrix_of<double> rows_double(const std::vector<double>& flat, std::size_t first, std::size_t count,
                                        std::size_t d);

/// Compares one search result, given as its indices and scores, with the brute force of one
/// query: the same length; at every rank the returned vector's true score equals the expected
/// one at that rank and the returned score is its true score. With `exact` (inner products and
/// squared distances on the grid data, exact in float too) the indices must be the expected
/// ones and the scores equal; otherwise both within `atol`, so a swap of two scores closer than
/// that passes. Returns "" when they agree, else what differs and the result.
std::string compare_neighbours(const std::vector<std::size_t>& indices, const std::vector<double>& scores,
                               const std::vector<std::size_t>& expected, const std::vector<double>& truth, bool exact,
                               double atol);

/// The indices of the nprobe best rows of `centroids` for the query q: smallest ‖q − c‖² when
/// `l2`, else largest q·c; ties to the lower row. In double, by a stable sort of all of them.
std::vector<std::size_t> best_lists(const llmlings::matrix_of<float>& centroids, const double* q, std::size_t nprobe,
                                    bool l2);
/// The same for double centroids.
std::vector<std::size_t> best_lists(const llmlings::matrix_of<double>& centroids, const double* q, std::size_t nprobe,
                                    bool l2);

/// The k best of `truth` among the indices `allowed` (larger first, smaller when `smaller`; ties
/// to the lower index), by a full sort.
std::vector<std::size_t> top_k_among(const std::vector<double>& truth, std::vector<std::size_t> allowed, std::size_t k,
                                     bool smaller);

/// Checks the inverted lists of a float IVF index filled with rows 0 … n − 1 of
/// clustered_search_data(): every id once; each list's stored row equal (within 1e-6) to the data
/// row, divided by its norm under cosine; each vector in the list of its best centroid by
/// best_lists() (‖x − c‖² under squared_l2, x·c otherwise, x the stored row in double); under
/// cosine every centroid of norm ≤ 1 + 1e-6 (means of unit vectors). Returns "" or the problems.
std::string check_inverted_lists(brute_metric metric, const llmlings::matrix_of<float>& centroids,
                                 const std::vector<std::vector<float>>& vectors,
                                 const std::vector<std::vector<std::size_t>>& ids);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NLP_ORACLES_12_VECTOR_SEARCH_HPP
