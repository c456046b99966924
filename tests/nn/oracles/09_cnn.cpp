// SPDX-License-Identifier: MIT
// Oracles of tests/nn/09_cnn.cpp: xtensor, the golden file, the digits and the gradient check, no
// code of the topic; the shared helpers are common/oracles.cpp's.
#include "09_cnn.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <xtensor/xrandom.hpp>
#include <xtensor/xview.hpp>

#include <llmlings/data/sklearn.hpp>
#include <llmlings/nn/03_losses.hpp>
#include <llmlings/nn/07_optimizers.hpp>
#include <llmlings/stats/03_sampling.hpp>
#include <llmlings/testing.hpp>

namespace oracles {

tensor4 normal_tensor4(std::size_t n, std::size_t c, std::size_t h, std::size_t w) {
    return xt::random::randn<double>({n, c, h, w});
}

tensor4 random_images(std::size_t n, std::size_t c, std::size_t h, std::size_t w, unsigned seed) {
    xt::random::seed(seed);
    return xt::random::randn<double>({n, c, h, w});
}

template <class T>
tensor4_of<T> image(const matrix& rows) {
    tensor4_of<T> x({1, 1, rows.shape()[0], rows.shape()[1]});
    std::transform(rows.begin(), rows.end(), x.begin(), [](double v) { return static_cast<T>(v); });
    return x;
}

template <class T>
tensor4_of<T> rounded(const tensor4& t) {
    return xt::cast<T>(t);
}

template <class T>
tensor4_of<T> filled(std::size_t n, std::size_t c, std::size_t h, std::size_t w, double value) {
    tensor4_of<T> out({n, c, h, w});
    std::fill(out.begin(), out.end(), static_cast<T>(value));
    return out;
}

tensor4 widened(const xt::xtensor<std::size_t, 4>& indices) {
    return xt::cast<double>(indices);
}

template <class T>
void set_random_conv(const llmlings::parameter<T>& weight, const llmlings::parameter<T>& bias, std::size_t in,
                     std::size_t out, std::size_t kh, std::size_t kw, unsigned seed) {
    xt::random::seed(seed);
    const tensor4 w = xt::random::randn<double>({out, in, kh, kw});
    const vector b = xt::random::randn<double>({out});
    set_values(weight, w);
    set_values(bias, b);
}

template <class T>
void fill_values(const llmlings::parameter<T>& p, double c) {
    std::fill(p.data(), p.data() + p.size(), static_cast<T>(c));
}

#define ORACLES_09_INSTANTIATE(T)                                                                               \
    template tensor4_of<T> image<T>(const matrix&);                                                             \
    template tensor4_of<T> rounded<T>(const tensor4&);                                                          \
    template tensor4_of<T> filled<T>(std::size_t, std::size_t, std::size_t, std::size_t, double);               \
    template void set_random_conv<T>(const llmlings::parameter<T>&, const llmlings::parameter<T>&, std::size_t, \
                                     std::size_t, std::size_t, std::size_t, unsigned);                          \
    template void fill_values<T>(const llmlings::parameter<T>&, double);
ORACLES_09_INSTANTIATE(float)
ORACLES_09_INSTANTIATE(double)
#undef ORACLES_09_INSTANTIATE

std::size_t& element(xt::xtensor<std::size_t, 4>& t, std::size_t n, std::size_t c, std::size_t h, std::size_t w) {
    return t(n, c, h, w);
}

float element(const tensor4_of<float>& t, std::size_t n, std::size_t c, std::size_t h, std::size_t w) {
    return t(n, c, h, w);
}

float element(const llmlings::tensor_view<float, 4>& t, std::size_t n, std::size_t c, std::size_t h, std::size_t w) {
    return t(n, c, h, w);
}

float element(const llmlings::tensor_view<const float, 4>& t, std::size_t n, std::size_t c, std::size_t h,
              std::size_t w) {
    return t(n, c, h, w);
}

float& element(llmlings::tensor_view<float, 2>& m, std::size_t i, std::size_t j) {
    return m(i, j);
}

tensor4 plus(const tensor4& a, const tensor4& b) {
    return a + b;
}

bool identical(const vector& a, const vector& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

bool image_is_zero(const tensor4& x, std::size_t n) {
    return xt::all(xt::equal(xt::view(x, n), 0.0));
}

bool all_equal(const vector& v, double c) {
    return std::all_of(v.begin(), v.end(), [c](double e) { return e == c; });
}

double inner(const matrix& a, const matrix& b) {
    double sum = 0.0;
    for (std::size_t k = 0; k < a.size(); ++k) sum += a.data()[k] * b.data()[k];
    return sum;
}

double inner(const tensor4& a, const tensor4& b) {
    double sum = 0.0;
    for (std::size_t k = 0; k < a.size(); ++k) sum += a.data()[k] * b.data()[k];
    return sum;
}

void moments(const vector& w, double& mean, double& variance) {
    const double n = static_cast<double>(w.size());
    mean = 0.0;
    for (double v : w) mean += v;
    mean /= n;
    variance = 0.0;
    for (double v : w) variance += (v - mean) * (v - mean);
    variance /= n - 1.0;
}

cnn_golden load_cnn_golden() {
    using llmlings::testing::golden_file;
    const golden_file g = golden_file::load(llmlings::testing::golden_path("nn/09_cnn.txt"));
    cnn_golden out;
    const char* prefixes[] = {"c1_", "c2_"};
    for (std::size_t i = 0; i < 2; ++i) {
        const std::string p = prefixes[i];
        conv_golden& c = out.conv[i];
        c.w = g.array(p + "W");
        c.b = g.array(p + "b");
        c.x = g.array(p + "x");
        c.y = g.array(p + "y");
        c.dy = g.array(p + "dy");
        c.dx = g.array(p + "dx");
        c.dw = xt::flatten(g.array(p + "dW"));
        c.db = g.array(p + "db");
    }
    out.pool_x = g.array("p_x");
    for (std::size_t i = 0; i < 2; ++i) {
        const std::string kernel = std::to_string(i + 2);
        pool_golden& m = out.max_pool[i];
        m.y = g.array("max" + kernel + "_y");
        m.idx = g.array("max" + kernel + "_idx");
        m.dy = g.array("max" + kernel + "_dy");
        m.dx = g.array("max" + kernel + "_dx");
        pool_golden& a = out.avg_pool[i];
        a.y = g.array("avg" + kernel + "_y");
        a.dy = g.array("avg" + kernel + "_dy");
        a.dx = g.array("avg" + kernel + "_dx");
    }
    return out;
}

digits_data load_digits_scaled() {
    digits_data out;
    if (!llmlings::testing::have_real_data({"digits.csv"})) return out;
    const llmlings::data::dataset digits = llmlings::data::load_digits();
    out.n = digits.n_samples();
    out.labels = digits.labels();
    out.pixels.resize(out.n * 64);
    for (std::size_t row = 0; row < out.n; ++row)
        for (std::size_t k = 0; k < 64; ++k) out.pixels[row * 64 + k] = static_cast<float>(digits.X(row, k) / 16.0);
    return out;
}

index_vector permutation(std::size_t n, llmlings::rng& gen) {
    return llmlings::stats::random_permutation(n, gen);
}

llmlings::nn::dense_layer<float> make_dense_float(llmlings::parameter_store<float>& store, const std::string& name,
                                                  std::size_t in, std::size_t out) {
    return llmlings::nn::make_dense(store, name, in, out);
}

void init_xavier_uniform_float(llmlings::nn::dense_layer<float>& layer, llmlings::rng& gen) {
    llmlings::nn::init_xavier_uniform(layer, gen);
}

vector dense_he_normal_weights(std::size_t in, std::size_t out, llmlings::rng& gen) {
    llmlings::parameter_store<double> store;
    llmlings::nn::dense_layer<double> layer = llmlings::nn::make_dense(store, "dense", in, out);
    llmlings::nn::init_he_normal(layer, gen);
    return values_of(layer.weight);
}

void ensure_buffer(tensor4_of<float>& buffer, std::initializer_list<std::size_t> shape) {
    llmlings::ensure_shape(buffer, shape);
}

void ensure_buffer(matrix_of<float>& buffer, std::initializer_list<std::size_t> shape) {
    llmlings::ensure_shape(buffer, shape);
}

void ensure_buffer(index_vector& buffer, std::initializer_list<std::size_t> shape) {
    llmlings::ensure_shape(buffer, shape);
}

void dense_forward_float(const llmlings::nn::dense_layer<float>& layer, const llmlings::const_matrix_view<float>& x,
                         llmlings::matrix_view<float> y) {
    llmlings::nn::dense_forward(layer, x, y);
}

void dense_backward_float(const llmlings::nn::dense_layer<float>& layer, const llmlings::const_matrix_view<float>& x,
                          const llmlings::const_matrix_view<float>& dy, llmlings::matrix_view<float> dx) {
    llmlings::nn::dense_backward(layer, x, dy, dx);
}

double cross_entropy_into(const matrix_of<float>& logits, const index_vector& targets, matrix_of<float>& grad) {
    return llmlings::nn::cross_entropy_with_logits(llmlings::as_rows(logits), targets, llmlings::as_rows(grad));
}

struct float_adam::state {
    llmlings::nn::adam_optimizer<float> opt;
};

float_adam::float_adam(llmlings::parameter_store<float>& store, double learning_rate, double beta1, double beta2,
                       double epsilon, double weight_decay)
    : state_(new state{llmlings::nn::make_adam(
          store, llmlings::nn::adam_options{learning_rate, beta1, beta2, epsilon, weight_decay})}) {}

float_adam::~float_adam() = default;

void float_adam::step() {
    llmlings::nn::step(state_->opt);
}

std::size_t row_argmax(const matrix_of<float>& m, std::size_t r) {
    const float* row = m.data() + r * m.shape()[1];
    return static_cast<std::size_t>(std::max_element(row, row + m.shape()[1]) - row);
}

}  // namespace oracles
