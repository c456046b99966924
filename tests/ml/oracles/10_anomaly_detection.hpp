// SPDX-License-Identifier: MIT
// The oracles of tests/ml/10_anomaly_detection.cpp, compiled once in
// oracles/10_anomaly_detection.cpp (never with the learner's file): seeded synthetic data with
// injected outliers, correlated and two-blob sets, precision and recall (ml/04), the product of
// one-dimensional normal pdfs (stats/02), the seeded breast-cancer protocol, and the xtensor
// reductions the checks need. The helpers shared with other topics (seeded random draws, constant
// tensors, slices, reductions) are those of common/oracles.hpp. Each returns plain containers, so
// the test file instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_ML_ORACLES_10_ANOMALY_DETECTION_HPP
#define LLMLINGS_TESTS_ML_ORACLES_10_ANOMALY_DETECTION_HPP

#include <cstddef>

#include "common/oracles.hpp"

namespace oracles {

/// Precision and recall of the anomaly class (label 1), from ml/04's confusion matrix.
struct pr {
    double precision, recall;
};
pr anomaly_pr(const index_vector& truth, const index_vector& flags);

/// The rows of `normal` followed by `outliers` rows that are 0 except ±8 in feature o mod d.
matrix with_injected_outliers(const matrix& normal, std::size_t outliers);
/// n zeros followed by `ones` ones.
index_vector zeros_then_ones(std::size_t zeros, std::size_t ones);
/// x · scale + shift, column by column.
matrix scaled_columns(const matrix& x, const vector& scale, const vector& shift);
/// log Πⱼ N(x(i,j); μⱼ, σⱼ) for every row of x, with μⱼ and σⱼ (ddof 0) of column j of train
/// (stats::mean, stats::variance, stats::normal_pdf).
vector log_normal_pdf_product(const matrix& train, const matrix& x);
/// 400 points with two features that move together: t + 0.1 noise in each (t and noise from
/// xt::random's stream, after the caller's seed).
matrix correlated_pair(std::size_t n);
/// n standard normal points in 2-D, the even rows shifted by +6 and the odd ones by −6 in x0.
matrix two_blobs(std::size_t n);
/// −v; the largest, the smallest and the median of v; the number of ones.
vector negated(const vector& v);
double max_of(const vector& v);
double min_of(const vector& v);
double median_of(const vector& v);
std::size_t count_ones(const index_vector& flags);
/// The entries of x, sorted.
vector sorted_entries(const matrix& x);
/// True when a and b have the same length and entries.
bool identical(const index_vector& a, const index_vector& b);

/// Wisconsin breast cancer, log1p of the features: 237 benign tumours to fit; validation and test
/// sets of 60 benign and 10 malignant each (label 1 = malignant = anomaly), from a Fisher–Yates
/// shuffle of each class with llmlings::rng(2024) and uniform_index.
struct cancer_protocol {
    matrix train, x_val, x_test;
    index_vector y_val, y_test;
};
cancer_protocol breast_cancer_protocol();

}  // namespace oracles

#endif  // LLMLINGS_TESTS_ML_ORACLES_10_ANOMALY_DETECTION_HPP
