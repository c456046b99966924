// SPDX-License-Identifier: MIT
// Oracles of tests/ml/11_naive_bayes.cpp: xtensor, stats/02 and stats/04; no code of the topic
// under test.
#include "11_naive_bayes.hpp"

#include <algorithm>
#include <cmath>

#include <xtensor/xrandom.hpp>
#include <xtensor/xsort.hpp>
#include <xtensor/xview.hpp>

#include <llmlings/stats/02_distributions.hpp>
#include <llmlings/stats/04_bayes.hpp>

namespace oracles {

namespace {

const vector small_prior{0.4, 0.6};

vector small_likelihood(double x0, double x1) {
    using llmlings::stats::normal_pdf;
    return vector{normal_pdf(x0, 1, 1) * normal_pdf(x1, 2, 1),
                  normal_pdf(x0, 6, std::sqrt(2.0 / 3)) * normal_pdf(x1, 2, std::sqrt(8.0 / 3))};
}

}  // namespace

matrix small_set_posteriors(const matrix& points) {
    matrix out = xt::empty<double>({points.shape()[0], std::size_t{2}});
    for (std::size_t i = 0; i < points.shape()[0]; ++i)
        xt::row(out, i) = llmlings::stats::posterior(small_prior, small_likelihood(points(i, 0), points(i, 1)));
    return out;
}

matrix small_set_log_joint(const matrix& points) {
    matrix out = xt::empty<double>({points.shape()[0], std::size_t{2}});
    for (std::size_t i = 0; i < points.shape()[0]; ++i)
        xt::row(out, i) = xt::log(small_prior * small_likelihood(points(i, 0), points(i, 1)));
    return out;
}

double normal_density(double x, double mu, double sigma) {
    return llmlings::stats::normal_pdf(x, mu, sigma);
}

random_problem random_three_classes() {
    xt::random::seed(51);
    random_problem p;
    p.x = xt::random::randn<double>({60, 5});
    p.y = xt::cast<std::size_t>(xt::floor(xt::random::rand<double>({60}) * 3.0));
    p.test = 3.0 * xt::random::randn<double>({10, 5});
    return p;
}

vector row_sums_of_exp(const matrix& x) {
    return xt::sum(xt::exp(x), {1});
}

index_vector row_argmax(const matrix& x) {
    index_vector best = xt::empty<std::size_t>({x.shape()[0]});
    for (std::size_t i = 0; i < x.shape()[0]; ++i) best(i) = xt::argmax(xt::view(x, i, xt::all()))();
    return best;
}

bool all_nonpositive(const matrix& x) {
    return xt::all(x <= 0.0);
}

bool identical(const index_vector& a, const index_vector& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

}  // namespace oracles
