// SPDX-License-Identifier: MIT
// Oracles of tests/ml/10_anomaly_detection.cpp: xtensor, ml/04's metrics, stats/01 and stats/02,
// and the breast-cancer loader; no code of the topic under test.
#include "10_anomaly_detection.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xrandom.hpp>
#include <xtensor/xsort.hpp>
#include <xtensor/xview.hpp>

#include <llmlings/data.hpp>
#include <llmlings/ml/04_metrics.hpp>
#include <llmlings/stats/01_descriptive.hpp>
#include <llmlings/stats/02_distributions.hpp>

namespace oracles {

pr anomaly_pr(const index_vector& truth, const index_vector& flags) {
    const matrix c = llmlings::ml::confusion_matrix(truth, flags, 2);
    return {llmlings::ml::precision_per_class(c)(1), llmlings::ml::recall_per_class(c)(1)};
}

matrix with_injected_outliers(const matrix& normal, std::size_t outliers) {
    const std::size_t n = normal.shape()[0], d = normal.shape()[1];
    matrix x = xt::zeros<double>({n + outliers, d});
    xt::view(x, xt::range(0, n), xt::all()) = normal;
    for (std::size_t o = 0; o < outliers; ++o) x(n + o, o % d) = (o % 2 == 0) ? 8.0 : -8.0;
    return x;
}

index_vector zeros_then_ones(std::size_t zeros, std::size_t ones) {
    index_vector y = xt::zeros<std::size_t>({zeros + ones});
    xt::view(y, xt::range(zeros, zeros + ones)) = 1;
    return y;
}

matrix scaled_columns(const matrix& x, const vector& scale, const vector& shift) {
    return x * scale + shift;
}

vector log_normal_pdf_product(const matrix& train, const matrix& x) {
    vector out = xt::empty<double>({x.shape()[0]});
    for (std::size_t i = 0; i < x.shape()[0]; ++i) {
        double product = 1.0;
        for (std::size_t j = 0; j < x.shape()[1]; ++j) {
            const vector column = xt::col(train, j);
            const double mu = llmlings::stats::mean(column);
            const double sigma = std::sqrt(llmlings::stats::variance(column, 0));
            product *= llmlings::stats::normal_pdf(x(i, j), mu, sigma);
        }
        out(i) = std::log(product);
    }
    return out;
}

matrix correlated_pair(std::size_t n) {
    const vector t = xt::random::randn<double>({n});
    const matrix noise = xt::random::randn<double>({n, std::size_t{2}});
    matrix train = xt::empty<double>({n, std::size_t{2}});
    for (std::size_t i = 0; i < n; ++i) {
        train(i, 0) = t(i) + 0.1 * noise(i, 0);
        train(i, 1) = t(i) + 0.1 * noise(i, 1);
    }
    return train;
}

matrix two_blobs(std::size_t n) {
    matrix train = xt::random::randn<double>({n, std::size_t{2}});
    for (std::size_t i = 0; i < n; ++i) train(i, 0) += (i % 2 == 0) ? 6.0 : -6.0;
    return train;
}

vector negated(const vector& v) {
    return -v;
}

double max_of(const vector& v) {
    return xt::amax(v)();
}

double min_of(const vector& v) {
    return xt::amin(v)();
}

double median_of(const vector& v) {
    return llmlings::stats::median(v);
}

std::size_t count_ones(const index_vector& flags) {
    return xt::sum(flags)();
}

vector sorted_entries(const matrix& x) {
    return xt::sort(xt::flatten(x));
}

bool identical(const index_vector& a, const index_vector& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

cancer_protocol breast_cancer_protocol() {
    const llmlings::data::dataset bc = llmlings::data::load_breast_cancer();
    const index_vector labels = bc.labels();  // 0 malignant, 1 benign
    std::vector<std::size_t> benign, malignant;
    for (std::size_t i = 0; i < labels.size(); ++i) (labels(i) == 1 ? benign : malignant).push_back(i);
    llmlings::rng gen(2024);
    // Fisher–Yates with llmlings::uniform_index: std::shuffle's order differs between libraries.
    for (std::vector<std::size_t>* v : {&benign, &malignant})
        for (std::size_t i = v->size(); i > 1; --i) std::swap((*v)[i - 1], (*v)[llmlings::uniform_index(i, gen)]);
    // 357 benign: 237 to fit, 60 validation, 60 test; 10 malignant each in validation and test.
    auto rows = [&](const std::vector<std::size_t>& idx, std::size_t from, std::size_t count) {
        matrix out = xt::empty<double>({count, bc.n_features()});
        for (std::size_t r = 0; r < count; ++r) xt::row(out, r) = xt::row(bc.X, idx[from + r]);
        return out;
    };
    cancer_protocol p;
    p.train = xt::log1p(rows(benign, 0, 237));  // log: the sizes and areas are skewed
    auto labelled = [&](std::size_t benign_from, std::size_t malignant_from, matrix& x, index_vector& y) {
        x = xt::concatenate(xt::xtuple(rows(benign, benign_from, 60), rows(malignant, malignant_from, 10)));
        x = xt::log1p(x);
        y = xt::zeros<std::size_t>({70});
        xt::view(y, xt::range(60, 70)) = 1;
    };
    labelled(237, 0, p.x_val, p.y_val);
    labelled(297, 10, p.x_test, p.y_test);
    return p;
}

}  // namespace oracles
