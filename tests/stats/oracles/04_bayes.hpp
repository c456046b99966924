// SPDX-License-Identifier: MIT
// The oracles of tests/stats/04_bayes.cpp, compiled once in oracles/04_bayes.cpp (never with the
// learner's file): seeded random priors and likelihoods, and the batch products and ratios that
// the identities compare with. Each returns plain containers, so the test file instantiates no
// expression of its own.
#ifndef LLMLINGS_TESTS_STATS_ORACLES_04_BAYES_HPP
#define LLMLINGS_TESTS_STATS_ORACLES_04_BAYES_HPP

#include <cstddef>
#include <vector>

#include <llmlings/core.hpp>

namespace oracles {

using llmlings::matrix;
using llmlings::vector;

/// A prior and a likelihood of k uniforms on [0, 1) each, drawn in that order from xt::random's
/// stream.
struct prior_and_likelihood {
    vector prior, likelihood;
};
/// count such pairs after xt::random::seed(seed).
std::vector<prior_and_likelihood> random_pairs(unsigned seed, int count, std::size_t k);

/// A prior of k uniforms and then an (n, k) matrix of uniform likelihoods, after xt::random::seed(seed).
struct prior_and_likelihoods {
    vector prior;
    matrix likelihoods;
};
prior_and_likelihoods random_prior_and_likelihoods(unsigned seed, std::size_t n, std::size_t k);

/// The product of each column of a matrix (xt::prod over axis 0): the batch likelihood.
vector column_products(const matrix& m);
/// p / (prior · likelihood), element by element.
vector ratio(const vector& p, const vector& prior, const vector& likelihood);
/// A vector of n copies of c.
vector filled(std::size_t n, double c);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_STATS_ORACLES_04_BAYES_HPP
