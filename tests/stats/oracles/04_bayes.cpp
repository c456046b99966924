// SPDX-License-Identifier: MIT
// Oracles of tests/stats/04_bayes.cpp: xtensor, no llmlings code.
#include "04_bayes.hpp"

#include <xtensor/xrandom.hpp>
#include <xtensor/xreducer.hpp>

namespace oracles {

std::vector<prior_and_likelihood> random_pairs(unsigned seed, int count, std::size_t k) {
    xt::random::seed(seed);
    std::vector<prior_and_likelihood> pairs;
    for (int trial = 0; trial < count; ++trial) {
        prior_and_likelihood pair;
        pair.prior = xt::random::rand<double>({k});
        pair.likelihood = xt::random::rand<double>({k});
        pairs.push_back(pair);
    }
    return pairs;
}

prior_and_likelihoods random_prior_and_likelihoods(unsigned seed, std::size_t n, std::size_t k) {
    xt::random::seed(seed);
    prior_and_likelihoods out;
    out.prior = xt::random::rand<double>({k});
    out.likelihoods = xt::random::rand<double>({n, k});
    return out;
}

vector column_products(const matrix& m) {
    return xt::prod(m, {0});
}

vector ratio(const vector& p, const vector& prior, const vector& likelihood) {
    return p / (prior * likelihood);
}

vector filled(std::size_t n, double c) {
    vector out = xt::empty<double>({n});
    out.fill(c);
    return out;
}

}  // namespace oracles
