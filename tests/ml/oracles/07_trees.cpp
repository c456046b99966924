// SPDX-License-Identifier: MIT
// Oracles of tests/ml/07_trees.cpp: xtensor, llmlings' samplers (stats/03), the iris loader and
// ml/01's split; no code of the topic under test.
#include "07_trees.hpp"

#include <algorithm>

#include <xtensor/xview.hpp>

#include <llmlings/data.hpp>
#include <llmlings/ml/01_preprocessing.hpp>
#include <llmlings/stats/03_sampling.hpp>

namespace oracles {

void random_points(rng& gen, std::size_t n, std::size_t d, std::size_t k, matrix& x, index_vector& y) {
    x = xt::empty<double>({n, d});
    y = xt::empty<std::size_t>({n});
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < d; ++j) x(i, j) = llmlings::uniform01(gen);
        y(i) = static_cast<std::size_t>(llmlings::uniform_index(k, gen));
    }
}

void noisy_diagonal(rng& gen, std::size_t n, double flip, matrix& x, index_vector& y) {
    const vector z = llmlings::stats::sample_normal(n * 5, gen);
    x = xt::empty<double>({n, std::size_t{5}});
    y = xt::empty<std::size_t>({n});
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < 5; ++j) x(i, j) = z(i * 5 + j);
        std::size_t label = x(i, 0) + x(i, 1) > 0.0 ? 1 : 0;
        if (llmlings::uniform01(gen) < flip) label = 1 - label;
        y(i) = label;
    }
}

void noisy_disc(rng& gen, std::size_t n, double flip, matrix& x, index_vector& y) {
    const vector z = llmlings::stats::sample_normal(n * 2, gen);
    x = xt::empty<double>({n, std::size_t{2}});
    y = xt::empty<std::size_t>({n});
    for (std::size_t i = 0; i < n; ++i) {
        x(i, 0) = z(2 * i);
        x(i, 1) = z(2 * i + 1);
        std::size_t label = x(i, 0) * x(i, 0) + x(i, 1) * x(i, 1) < 1.4 ? 1 : 0;
        if (llmlings::uniform01(gen) < flip) label = 1 - label;
        y(i) = label;
    }
}

void stump_data(matrix& x, index_vector& y, vector& target) {
    x = xt::empty<double>({std::size_t{20}, std::size_t{1}});
    y = xt::empty<std::size_t>({std::size_t{20}});
    target = xt::empty<double>({std::size_t{20}});
    for (std::size_t i = 0; i < 20; ++i) {
        x(i, 0) = static_cast<double>(i);
        y(i) = i >= 13 ? 1 : 0;
        target(i) = i >= 7 ? 5.0 : 1.0;
    }
}

void offset_targets(rng& gen, std::size_t n, matrix& x, vector& y) {
    x = xt::empty<double>({n, std::size_t{3}});
    y = 1e6 + llmlings::stats::sample_normal(n, gen);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < 3; ++j) x(i, j) = llmlings::uniform01(gen);
}

index_vector threshold_labels(const matrix& x, std::size_t j, double t) {
    index_vector y = xt::empty<std::size_t>({x.shape()[0]});
    for (std::size_t i = 0; i < y.size(); ++i) y(i) = x(i, j) > t ? 1 : 0;
    return y;
}

vector sample_normal(std::size_t n, rng& gen) {
    return llmlings::stats::sample_normal(n, gen);
}

matrix first_rows(const matrix& x, std::size_t r) {
    return xt::view(x, xt::range(0, r), xt::all());
}

matrix mean_of(const std::vector<matrix>& terms) {
    matrix mean = xt::zeros<double>(terms.front().shape());
    for (const matrix& t : terms) mean += t;
    mean /= static_cast<double>(terms.size());
    return mean;
}

double fraction_equal(const index_vector& a, const index_vector& b) {
    std::size_t same = 0;
    for (std::size_t i = 0; i < a.size(); ++i) same += a(i) == b(i);
    return static_cast<double>(same) / static_cast<double>(a.size());
}

bool identical(const index_vector& a, const index_vector& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

iris_split split_iris(rng& gen) {
    const auto iris = llmlings::data::load_iris();
    const index_vector labels = iris.labels();
    const llmlings::ml::split_indices split = llmlings::ml::stratified_split(labels, 0.3, gen);
    iris_split out;
    out.x_train = llmlings::ml::take_rows(iris.X, split.train);
    out.x_test = llmlings::ml::take_rows(iris.X, split.test);
    out.y_train = llmlings::ml::take_rows(labels, split.train);
    out.y_test = llmlings::ml::take_rows(labels, split.test);
    return out;
}

}  // namespace oracles
