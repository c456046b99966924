// SPDX-License-Identifier: MIT
// The oracles of tests/mlops/04_promotion_gate.cpp, compiled once in oracles/04_promotion_gate.cpp
// (never with the learner's file): the SciPy golden values of McNemar's test
// (tools/golden/mlops_gate.py) and label vectors built to hold a given 2x2 table of paired
// outcomes. Each returns plain containers, so the test file instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_MLOPS_ORACLES_04_PROMOTION_GATE_HPP
#define LLMLINGS_TESTS_MLOPS_ORACLES_04_PROMOTION_GATE_HPP

#include <cstddef>
#include <string>
#include <vector>

#include "common/oracles.hpp"

namespace oracles {

/// Array `name` of tests/golden/mlops/04_promotion_gate.txt: b, c (the disagreement counts of each
/// grid point), exact_statistic, exact_p (SciPy's binomtest), asymptotic_statistic, asymptotic_p
/// (Edwards' corrected statistic and chi2.sf with 1 dof).
std::vector<double> gate_golden(const std::string& name);

/// Labels of n = both_right + only_a_right + only_b_right + both_wrong examples whose paired
/// outcomes are exactly these counts, in a seeded shuffled order. The true labels are large values
/// (1000 to 1009, not 0 … k−1); a wrong prediction is another label of that range, and where both
/// models are wrong they mostly name different wrong labels.
struct paired_labels {
    index_vector truth, pred_a, pred_b;
};
paired_labels paired_outcomes(std::size_t both_right, std::size_t only_a_right, std::size_t only_b_right,
                              std::size_t both_wrong, unsigned seed);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_MLOPS_ORACLES_04_PROMOTION_GATE_HPP
