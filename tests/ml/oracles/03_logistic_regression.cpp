// SPDX-License-Identifier: MIT
// Oracles of tests/ml/03_logistic_regression.cpp: xtensor and the golden-file reader, no code of
// the topic under test (ml/02's linear_model is only a struct to fill).
#include "03_logistic_regression.hpp"

#include <algorithm>
#include <cmath>

#include <xtensor/xrandom.hpp>
#include <xtensor/xview.hpp>

#include <llmlings/testing.hpp>

namespace oracles {

matrix clusters(const matrix& centres, std::size_t per_cluster, unsigned seed, index_vector& labels) {
    xt::random::seed(seed);
    const std::size_t k = centres.shape()[0], d = centres.shape()[1];
    matrix x = xt::random::rand<double>({k * per_cluster, d}, -1.0, 1.0);
    labels = xt::empty<std::size_t>({k * per_cluster});
    for (std::size_t c = 0; c < k; ++c)
        for (std::size_t i = 0; i < per_cluster; ++i) {
            labels(c * per_cluster + i) = c;
            for (std::size_t j = 0; j < d; ++j) x(c * per_cluster + i, j) += centres(c, j);
        }
    return x;
}

matrix scaled_randn(unsigned seed, std::size_t rows, std::size_t cols, double scale) {
    xt::random::seed(seed);
    return scale * xt::random::randn<double>({rows, cols});
}

template <class T>
matrix_of<T> random_logits(unsigned seed) {
    xt::random::seed(seed);
    return xt::cast<T>(4.0 * xt::random::randn<double>({5, 4}));
}

template matrix_of<float> random_logits<float>(unsigned);
template matrix_of<double> random_logits<double>(unsigned);

gradient_problem binary_gradient_problem() {
    xt::random::seed(32);
    gradient_problem g;
    g.x = xt::random::randn<double>({20, 4});
    g.y = xt::cast<std::size_t>(xt::random::rand<double>({20}) > 0.5);
    g.point = xt::random::randn<double>({5});
    return g;
}

gradient_problem softmax_gradient_problem() {
    xt::random::seed(33);
    gradient_problem g;
    g.x = xt::random::randn<double>({15, 3});
    g.y = xt::cast<std::size_t>(xt::floor(xt::random::rand<double>({15}) * 4.0));
    g.point = xt::random::randn<double>({4 * 3 + 4});
    return g;
}

llmlings::ml::linear_model unpack_binary(const xt::xarray<double>& theta) {
    llmlings::ml::linear_model m;
    m.bias = theta(0);
    m.weights = xt::view(theta, xt::range(1, theta.size()));
    return m;
}

xt::xarray<double> pack_binary(const llmlings::ml::linear_model& model) {
    const std::size_t d = model.weights.size();
    xt::xarray<double> theta = xt::empty<double>({d + 1});
    theta(0) = model.bias;
    xt::view(theta, xt::range(1, d + 1)) = model.weights;
    return theta;
}

matrix weights_part(const xt::xarray<double>& theta, std::size_t k, std::size_t d) {
    return xt::reshape_view(xt::view(theta, xt::range(0, k * d)), {k, d});
}

vector bias_part(const xt::xarray<double>& theta, std::size_t k, std::size_t d) {
    return xt::view(theta, xt::range(k * d, k * d + k));
}

xt::xarray<double> pack_softmax(const matrix& weights, const vector& bias) {
    const std::size_t kd = weights.size(), k = bias.size();
    xt::xarray<double> theta = xt::empty<double>({kd + k});
    xt::view(theta, xt::range(0, kd)) = xt::flatten(weights);
    xt::view(theta, xt::range(kd, kd + k)) = bias;
    return theta;
}

llmlings::testing::gradient_report central_difference_check(
    const std::function<double(const xt::xarray<double>&)>& loss, const xt::xarray<double>& point,
    const xt::xarray<double>& analytic) {
    return llmlings::testing::gradient_check(loss, point, analytic);
}

matrix softmax_weight_gradient(const matrix& p, const matrix& x, const index_vector& y) {
    const std::size_t n = x.shape()[0], d = x.shape()[1], k = p.shape()[1];
    matrix g = xt::zeros<double>({k, d});
    for (std::size_t c = 0; c < k; ++c)
        for (std::size_t j = 0; j < d; ++j)
            for (std::size_t i = 0; i < n; ++i)
                g(c, j) += (p(i, c) - (y(i) == c ? 1.0 : 0.0)) * x(i, j) / static_cast<double>(n);
    return g;
}

namespace {

index_vector to_labels(const xt::xarray<double>& values) {
    index_vector labels = xt::empty<std::size_t>({values.size()});
    for (std::size_t i = 0; i < values.size(); ++i) labels(i) = static_cast<std::size_t>(values(i));
    return labels;
}

}  // namespace

binary_golden load_binary_golden() {
    using llmlings::testing::golden_file;
    const golden_file g = golden_file::load(llmlings::testing::golden_path("ml/03_logistic_regression.txt"));
    binary_golden out;
    out.x = g.array("X_bin");
    out.y = to_labels(g.array("y_bin"));
    const auto& settings = g.array("settings_bin");
    out.learning_rate = settings(0);
    out.l2 = settings(1);
    out.steps = static_cast<std::size_t>(settings(2));
    out.w_steps = g.array("w_bin_steps");
    out.b_steps = g.array("b_bin_steps");
    out.losses = g.array("loss_bin");
    return out;
}

softmax_golden load_softmax_golden() {
    using llmlings::testing::golden_file;
    const golden_file g = golden_file::load(llmlings::testing::golden_path("ml/03_logistic_regression.txt"));
    softmax_golden out;
    out.x = g.array("X_soft");
    out.y = to_labels(g.array("y_soft"));
    const auto& settings = g.array("settings_soft");
    out.learning_rate = settings(0);
    out.l2 = settings(1);
    out.steps = static_cast<std::size_t>(settings(2));
    const auto& w_steps = g.array("W_soft_steps");
    // NumPy computes X @ W with W (d,K); the model stores (K,d) (PyTorch's layout): the transpose.
    for (std::size_t k = 0; k < w_steps.shape()[0]; ++k)
        out.w_steps.push_back(xt::transpose(xt::view(w_steps, k, xt::all(), xt::all())));
    out.b_steps = g.array("b_soft_steps");
    out.losses = g.array("loss_soft");
    return out;
}

vector zero_vector(std::size_t n) {
    return xt::zeros<double>({n});
}

double euclidean_length(const vector& v) {
    return std::sqrt(xt::sum(v * v)());
}

bool all_positive(const matrix& x) {
    return xt::all(x > 0.0);
}

bool all_within(const vector& v, double lo, double hi) {
    return xt::all(v >= lo && v <= hi);
}

bool all_equal_to(const index_vector& labels, std::size_t c) {
    return xt::all(xt::equal(labels, c));
}

double column_max(const matrix& x, std::size_t j) {
    return xt::amax(xt::view(x, xt::all(), j))();
}

bool identical(const index_vector& a, const index_vector& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

vector label_probabilities(const matrix& p, const index_vector& labels) {
    vector out = xt::empty<double>({labels.size()});
    for (std::size_t i = 0; i < labels.size(); ++i) out(i) = p(i, labels(i));
    return out;
}

}  // namespace oracles
