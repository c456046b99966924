// SPDX-License-Identifier: MIT
// The oracles of tests/nn/01_perceptron.cpp, compiled once in oracles/01_perceptron.cpp (never with
// the learner's file): Novikoff's bound on the unit square, the seeded separable points and the
// count of wrong predictions.
#ifndef LLMLINGS_TESTS_NN_ORACLES_01_PERCEPTRON_HPP
#define LLMLINGS_TESTS_NN_ORACLES_01_PERCEPTRON_HPP

#include <cstddef>

#include <llmlings/core.hpp>

namespace oracles {

using llmlings::matrix;
using llmlings::vector;

/// How many entries of `predicted` differ from `expected`.
std::size_t count_errors(const vector& predicted, const vector& expected);

/// Novikoff's bound (R/γ)² on the perceptron's updates over the four corners of {0,1}², for the
/// separating line w0·x0 + w1·x1 + b = 0 (any separator gives a valid, possibly loose, bound).
double novikoff_bound(double w0, double w1, double b);

/// Examples and their 0/1 labels.
struct labelled {
    matrix x;
    vector y;
};

/// n points uniform in [−1, 1]³ drawn from llmlings::rng(seed), labelled by the side of the plane
/// 0.5a − b + 0.25c + 0.1 = 0, keeping only points at least 0.1 from it (a margin, so the rule
/// must converge).
labelled separable_points(unsigned seed, std::size_t n);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NN_ORACLES_01_PERCEPTRON_HPP
