// SPDX-License-Identifier: MIT
// Oracles of tests/ml/08_model_selection.cpp: xtensor, llmlings' samplers (stats/03), the iris
// loader and the models of earlier topics (ml/01, ml/04, ml/05, ml/07); no code of the topic
// under test.
#include "08_model_selection.hpp"

#include <algorithm>
#include <vector>

#include <xtensor/xview.hpp>

#include <llmlings/data.hpp>
#include <llmlings/ml/01_preprocessing.hpp>
#include <llmlings/ml/04_metrics.hpp>
#include <llmlings/ml/05_knn.hpp>
#include <llmlings/ml/07_trees.hpp>
#include <llmlings/stats/03_sampling.hpp>

namespace oracles {

index_vector majority_predictor(const matrix&, const index_vector& y_train, const matrix& x_validation) {
    std::vector<std::size_t> counts(*std::max_element(y_train.begin(), y_train.end()) + 1, 0);
    for (std::size_t label : y_train) ++counts[label];
    const std::size_t majority =
        static_cast<std::size_t>(std::max_element(counts.begin(), counts.end()) - counts.begin());
    return xt::xtensor<std::size_t, 1>(xt::ones<std::size_t>({x_validation.shape()[0]}) * majority);
}

index_vector knn_predict(std::size_t k, const matrix& x_train, const index_vector& y_train,
                         const matrix& x_validation) {
    return llmlings::ml::knn_classifier(k).fit(x_train, y_train).predict(x_validation);
}

index_vector tree_predict(std::size_t max_depth, const matrix& x_train, const index_vector& y_train,
                          const matrix& x_validation) {
    llmlings::ml::tree_options options;
    options.max_depth = max_depth;
    return llmlings::ml::decision_tree_classifier(options).fit(x_train, y_train).predict(x_validation);
}

double accuracy_score(const index_vector& truth, const index_vector& predicted) {
    return llmlings::ml::accuracy(truth, predicted);
}

double negative_mse(const vector& truth, const vector& predicted) {
    return -static_cast<double>(xt::mean(xt::square(truth - predicted))());
}

bool identical(const index_vector& a, const index_vector& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

index_vector column_as_labels(const matrix& x, std::size_t j) {
    index_vector labels = xt::empty<std::size_t>({x.shape()[0]});
    for (std::size_t i = 0; i < labels.size(); ++i) labels(i) = static_cast<std::size_t>(x(i, j));
    return labels;
}

index_vector labels_10_7_3() {
    index_vector labels = xt::empty<std::size_t>({std::size_t{20}});
    for (std::size_t i = 0; i < 20; ++i) labels(i) = i < 10 ? 0 : (i < 17 ? 1 : 2);
    return labels;
}

void readable_labels(std::size_t n, matrix& x, index_vector& y) {
    x = xt::zeros<double>({n, std::size_t{2}});
    y = xt::empty<std::size_t>({n});
    for (std::size_t i = 0; i < n; ++i) {
        y(i) = i % 3;
        x(i, 0) = static_cast<double>(y(i));
        x(i, 1) = static_cast<double>(i);
    }
}

index_vector labels_20_10() {
    index_vector y = xt::empty<std::size_t>({std::size_t{30}});
    for (std::size_t i = 0; i < 30; ++i) y(i) = i % 3 == 2 ? 1 : 0;
    return y;
}

void noisy_clusters(rng& gen, std::size_t n, matrix& x, index_vector& y) {
    const vector z = llmlings::stats::sample_normal(2 * n, gen, 0.0, 0.5);
    x = xt::empty<double>({n, std::size_t{2}});
    y = xt::empty<std::size_t>({n});
    for (std::size_t i = 0; i < n; ++i) {
        const double centre = i < n / 2 ? -3.0 : 3.0;
        x(i, 0) = centre + z(2 * i);
        x(i, 1) = centre + z(2 * i + 1);
        y(i) = i < n / 2 ? 0 : 1;
        if (llmlings::uniform01(gen) < 0.2) y(i) = 1 - y(i);
    }
}

void depth_two_rule(rng& gen, std::size_t n, matrix& x, index_vector& y) {
    x = xt::empty<double>({n, std::size_t{3}});
    y = xt::empty<std::size_t>({n});
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < 3; ++j) x(i, j) = llmlings::uniform01(gen);
        y(i) = x(i, 0) > 0.5 && x(i, 1) > 0.5 ? 1 : 0;
        if (llmlings::uniform01(gen) < 0.1) y(i) = 1 - y(i);
    }
}

matrix square_mod_points() {
    matrix points = xt::empty<double>({std::size_t{12}, std::size_t{1}});
    for (std::size_t i = 0; i < 12; ++i) points(i, 0) = static_cast<double>(i * i % 7);
    return points;
}

double population_stddev(const vector& v) {
    return xt::stddev(v)();
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
