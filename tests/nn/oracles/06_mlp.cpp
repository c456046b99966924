// SPDX-License-Identifier: MIT
// Oracles of tests/nn/06_mlp.cpp: xtensor, <regex>, the data loaders, ml/01's split and nn/05's
// initialisers (earlier topics) and the testing helpers, no code of nn/06.
#include "06_mlp.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <regex>
#include <sstream>

#include <xtensor/xrandom.hpp>

#include <llmlings/data.hpp>
#include <llmlings/ml/01_preprocessing.hpp>
#include <llmlings/nn/05_dense.hpp>
#include <llmlings/testing/real_data.hpp>

namespace oracles {

// The oracle loss, written here: the mean over rows of log Σ exp(z) − z_label (log-sum-exp with
// the row maximum taken out), in double.
double mean_cross_entropy(const matrix& logits, const index_vector& labels) {
    double total = 0.0;
    for (std::size_t i = 0; i < logits.shape()[0]; ++i) {
        double m = logits(i, 0);
        for (std::size_t k = 1; k < logits.shape()[1]; ++k) m = std::max(m, logits(i, k));
        double sum = 0.0;
        for (std::size_t k = 0; k < logits.shape()[1]; ++k) sum += std::exp(logits(i, k) - m);
        total += std::log(sum) - (logits(i, labels(i)) - m);
    }
    return total / static_cast<double>(logits.shape()[0]);
}

// Its gradient with respect to the logits: (softmax(z) − onehot(label)) / B.
matrix cross_entropy_gradient(const matrix& logits, const index_vector& labels) {
    const std::size_t rows = logits.shape()[0], classes = logits.shape()[1];
    matrix grad({rows, classes});
    for (std::size_t i = 0; i < rows; ++i) {
        double m = logits(i, 0), sum = 0.0;
        for (std::size_t k = 1; k < classes; ++k) m = std::max(m, logits(i, k));
        for (std::size_t k = 0; k < classes; ++k) sum += std::exp(logits(i, k) - m);
        for (std::size_t k = 0; k < classes; ++k)
            grad(i, k) = (std::exp(logits(i, k) - m) / sum - (k == labels(i) ? 1.0 : 0.0)) / static_cast<double>(rows);
    }
    return grad;
}

void blobs(matrix& x, index_vector& y) {
    const std::size_t n = 120;
    xt::random::seed(42);
    x = xt::random::randn<double>({n, std::size_t{2}});
    y = xt::empty<std::size_t>({n});
    const double cx[3] = {0, 3, -3}, cy[3] = {3, 0, -3};
    for (std::size_t i = 0; i < n; ++i) {
        y(i) = i % 3;
        x(i, 0) += cx[y(i)];
        x(i, 1) += cy[y(i)];
    }
}

byte_matrix blob_bytes(const matrix& x) {
    return xt::cast<std::uint8_t>(xt::clip(xt::round(32.0 * x + 128.0), 0.0, 255.0));
}

matrix bytes_over_32(const byte_matrix& bytes) {
    return xt::cast<double>(bytes) / 32.0;
}

byte_matrix as_bytes(const matrix& x) {
    return xt::cast<std::uint8_t>(x);
}

template <class T>
vector he_normal_weights(std::size_t in, std::size_t out, llmlings::rng& gen) {
    parameter_store<T> store;
    llmlings::nn::dense_layer<T> layer = llmlings::nn::make_dense(store, "layer", in, out);
    llmlings::nn::init_he_normal(layer, gen);
    return values_of(layer.weight);
}

template <class T>
vector xavier_uniform_weights(std::size_t in, std::size_t out, llmlings::rng& gen) {
    parameter_store<T> store;
    llmlings::nn::dense_layer<T> layer = llmlings::nn::make_dense(store, "layer", in, out);
    llmlings::nn::init_xavier_uniform(layer, gen);
    return values_of(layer.weight);
}

template vector he_normal_weights<float>(std::size_t, std::size_t, llmlings::rng&);
template vector he_normal_weights<double>(std::size_t, std::size_t, llmlings::rng&);
template vector xavier_uniform_weights<float>(std::size_t, std::size_t, llmlings::rng&);
template vector xavier_uniform_weights<double>(std::size_t, std::size_t, llmlings::rng&);

index_vector next_labels(std::size_t n, std::size_t classes) {
    return random_labels(n, classes);
}

matrix zeros(std::size_t rows, std::size_t cols) {
    return zero_matrix(rows, cols);
}

gradient_report check_gradient(const std::function<double(const matrix&)>& loss, const matrix& x,
                               const matrix& analytic, double h) {
    return llmlings::testing::gradient_check([&](const xt::xarray<double>& p) { return loss(matrix(p)); }, x, analytic,
                                             h);
}

std::vector<tensor_gradient_report> check_store(parameter_store<double>& store, const std::function<double()>& loss,
                                                double h) {
    return llmlings::testing::check_store_gradients(store, loss, h);
}

double min_abs(const matrix& x) {
    double m = std::numeric_limits<double>::infinity();
    for (double v : x) m = std::min(m, std::fabs(v));
    return m;
}

index_vector argmax_rows(const matrix& x) {
    const std::size_t rows = x.shape()[0], cols = x.shape()[1];
    index_vector best = xt::zeros<std::size_t>({rows});
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t k = 1; k < cols; ++k)
            if (x(i, k) > x(i, best(i))) best(i) = k;
    return best;
}

std::size_t count_equal(const index_vector& a, const index_vector& b) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) n += a(i) == b(i) ? 1 : 0;
    return n;
}

bool same(const index_vector& a, const index_vector& b) {
    return a.size() == b.size() && count_equal(a, b) == a.size();
}

template <class T>
bool same_values(const parameter_store<T>& a, const parameter_store<T>& b) {
    return a.numel() == b.numel() && std::equal(a.values(), a.values() + a.numel(), b.values());
}

template <class T>
vector grads_at(const parameter_store<T>& store, std::size_t offset, std::size_t n) {
    vector out = xt::empty<double>({n});
    for (std::size_t k = 0; k < n; ++k) out(k) = static_cast<double>(store.grads()[offset + k]);
    return out;
}

template bool same_values<float>(const parameter_store<float>&, const parameter_store<float>&);
template bool same_values<double>(const parameter_store<double>&, const parameter_store<double>&);
template vector grads_at<float>(const parameter_store<float>&, std::size_t, std::size_t);
template vector grads_at<double>(const parameter_store<double>&, std::size_t, std::size_t);

bool have_digits() {
    return llmlings::testing::have_real_data({"digits.csv"});
}

digits_split load_digits_split(llmlings::rng& gen) {
    const llmlings::data::dataset digits = llmlings::data::load_digits();
    const index_vector labels = digits.labels();
    const llmlings::ml::split_indices split = llmlings::ml::stratified_split(labels, 0.2, gen);
    digits_split out;
    out.x_train = llmlings::ml::take_rows(digits.X, split.train);
    out.x_test = llmlings::ml::take_rows(digits.X, split.test);
    out.y_train = llmlings::ml::take_rows(labels, split.train);
    out.y_test = llmlings::ml::take_rows(labels, split.test);
    return out;
}

std::string digits_summary(const digits_split& split, double test_accuracy, double test_loss,
                           const llmlings::epoch_record& last, std::size_t epochs) {
    std::ostringstream out;
    out << "digits: " << split.x_train.shape()[0] << " train / " << split.x_test.shape()[0]
        << " test rows, test accuracy " << test_accuracy << ", test loss " << test_loss << ", "
        << llmlings::format_progress(last, epochs);
    return out.str();
}

std::vector<progress_line> parse_progress(const std::string& text, std::size_t epochs) {
    // llmlings::format_progress's documented format (include/llmlings/core/progress.hpp).
    const std::regex pattern(
        R"(epoch +(\d+)/)" + std::to_string(epochs) +
        R"(  loss (\d+\.\d{4})  acc +(\d+\.\d)%  val_loss (\d+\.\d{4})  val_acc +(\d+\.\d)%  (\d+\.\d\d)s)");
    std::istringstream lines(text);
    std::string line;
    std::vector<progress_line> out;
    while (std::getline(lines, line)) {
        progress_line p;
        std::smatch m;
        p.matched = std::regex_match(line, m, pattern);
        if (p.matched) {
            p.epoch = std::stoul(m[1].str());
            p.loss = std::stod(m[2].str());
            p.accuracy_percent = std::stod(m[3].str());
            p.val_loss = std::stod(m[4].str());
            p.val_accuracy_percent = std::stod(m[5].str());
            p.seconds = std::stod(m[6].str());
        }
        out.push_back(p);
    }
    return out;
}

}  // namespace oracles
