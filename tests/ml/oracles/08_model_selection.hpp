// SPDX-License-Identifier: MIT
// The oracles of tests/ml/08_model_selection.cpp, compiled once in oracles/08_model_selection.cpp
// (never with the learner's file): the seeded synthetic data sets (llmlings::rng and the samplers
// of stats/03), the models that cross-validation and grid search are run with (a majority-class
// baseline, kNN of ml/05, trees of ml/07), accuracy (ml/04), the iris split (ml/01) and the xtensor
// arithmetic the properties need. The helpers shared with other topics (seeded random draws,
// constant tensors, slices, reductions) are those of common/oracles.hpp. Each returns plain
// containers, so the test file instantiates no expression and no model of its own.
#ifndef LLMLINGS_TESTS_ML_ORACLES_08_MODEL_SELECTION_HPP
#define LLMLINGS_TESTS_ML_ORACLES_08_MODEL_SELECTION_HPP

#include <cstddef>

#include "common/oracles.hpp"

namespace oracles {

using llmlings::rng;

/// The most frequent label of y_train (the lower one on a tie), predicted for every row of
/// x_validation: the baseline every real model must beat.
index_vector majority_predictor(const matrix& x_train, const index_vector& y_train, const matrix& x_validation);
/// The predictions of ml/05's knn_classifier(k) and of ml/07's decision_tree_classifier with
/// max_depth, fitted on (x_train, y_train).
index_vector knn_predict(std::size_t k, const matrix& x_train, const index_vector& y_train, const matrix& x_validation);
index_vector tree_predict(std::size_t max_depth, const matrix& x_train, const index_vector& y_train,
                          const matrix& x_validation);
/// ml/04's accuracy: the fraction of equal labels.
double accuracy_score(const index_vector& truth, const index_vector& predicted);
/// −mean((truth − predicted)²).
double negative_mse(const vector& truth, const vector& predicted);
/// True when a and b have the same length and entries.
bool identical(const index_vector& a, const index_vector& b);
/// Column j of x as labels (the values are small whole numbers).
index_vector column_as_labels(const matrix& x, std::size_t j);

/// 10 zeros, 7 ones and 3 twos, sorted.
index_vector labels_10_7_3();
/// n rows whose label i mod 3 is written in column 0 (column 1 holds i): y and x (n,2).
void readable_labels(std::size_t n, matrix& x, index_vector& y);
/// 30 labels, 1 where i mod 3 = 2: 20 zeros and 10 ones.
index_vector labels_20_10();
/// Two clusters of n/2 points each around (−3,−3) and (3,3), standard deviation 0.5
/// (stats::sample_normal of 2n), labels by cluster, each flipped with probability 0.2 (uniform01
/// after each point).
void noisy_clusters(rng& gen, std::size_t n, matrix& x, index_vector& y);
/// x uniform in [0,1)³ row by row, y = [x0 > 0.5 and x1 > 0.5], each flipped with probability 0.1.
void depth_two_rule(rng& gen, std::size_t n, matrix& x, index_vector& y);
/// The 12 points i² mod 7, as a (12,1) matrix.
matrix square_mod_points();
/// The population standard deviation (ddof 0, numpy's) of v.
double population_stddev(const vector& v);

/// The iris data set split by ml/01's stratified_split(labels, 0.3, gen); gen goes on from there.
struct iris_split {
    matrix x_train, x_test;
    index_vector y_train, y_test;
};
iris_split split_iris(rng& gen);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_ML_ORACLES_08_MODEL_SELECTION_HPP
