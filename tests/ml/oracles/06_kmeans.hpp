// SPDX-License-Identifier: MIT
// The oracles of tests/ml/06_kmeans.cpp, compiled once in oracles/06_kmeans.cpp (never with the
// learner's file): seeded random points and Gaussian blobs, the column means and population
// variances of the k = 1 closed form, and the comparisons of centres with data rows. The helpers
// shared with other topics (seeded random draws, constant tensors, slices, reductions) are those of
// common/oracles.hpp. Each returns plain containers, so the test file instantiates no expression of
// its own.
#ifndef LLMLINGS_TESTS_ML_ORACLES_06_KMEANS_HPP
#define LLMLINGS_TESTS_ML_ORACLES_06_KMEANS_HPP

#include <cstddef>
#include <vector>

#include "common/oracles.hpp"

namespace oracles {

/// The next rows × cols uniform [0, 1) numbers of xt::random's stream (xt::random::rand).
matrix random_uniform(std::size_t rows, std::size_t cols);
/// Three Gaussian blobs of 30 points, standard deviation sd, around the rows of centres (3,2),
/// from xt::random's stream; truth(i) is the blob of row i.
matrix blobs(const matrix& centres, double sd, index_vector& truth);
/// The values of a (k,1) matrix of 1-D centres, sorted.
std::vector<double> sorted_1d(const matrix& centres);
/// How many distinct rows of x equal some row of centres.
std::size_t distinct_rows_matched(const matrix& centres, const matrix& x);
/// The sum of the population variances of the columns (xt::variance, ddof 0).
double summed_variance(const matrix& x);
/// True when a and b have the same length and entries.
bool identical(const index_vector& a, const index_vector& b);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_ML_ORACLES_06_KMEANS_HPP
