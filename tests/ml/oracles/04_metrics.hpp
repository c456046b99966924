// SPDX-License-Identifier: MIT
// The oracles of tests/ml/04_metrics.cpp, compiled once in oracles/04_metrics.cpp (never with the
// learner's file): seeded random labels and scores, the trace and sum of a confusion matrix, and
// the AUC by brute-force counting of all (positive, negative) pairs. The helpers shared with other
// topics (seeded random draws, constant tensors, slices, reductions) are those of
// common/oracles.hpp. Each returns plain containers, so the test file instantiates no expression of
// its own.
#ifndef LLMLINGS_TESTS_ML_ORACLES_04_METRICS_HPP
#define LLMLINGS_TESTS_ML_ORACLES_04_METRICS_HPP

#include <cstddef>

#include "common/oracles.hpp"

namespace oracles {

/// Scores rounded to one decimal, so that many tie, plus 0.3 for the positives: round(10 U) / 10
/// + 0.3 y, the next n uniform numbers of xt::random's stream.
vector tied_scores(const index_vector& y);
/// e^s / (1 + e^s): an increasing transform of the scores.
vector squashed(const vector& s);
/// The sum of the diagonal and the sum of all entries of a square matrix.
double trace(const matrix& c);
double total(const matrix& c);
/// n labels that are 1 at every `step`-th row from 0 (the others 0).
index_vector every_nth(std::size_t n, std::size_t step);
/// Pr(s+ > s−) + Pr(s+ = s−)/2 by counting all P·N pairs: the definition, O(n²).
double pair_count_auc(const index_vector& y, const vector& s);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_ML_ORACLES_04_METRICS_HPP
