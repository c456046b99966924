// SPDX-License-Identifier: MIT
// Oracles of tests/nn/05_dense.cpp: xtensor, the golden file and the testing helpers, no code of
// nn/05.
#include "05_dense.hpp"

#include <algorithm>
#include <cmath>

#include <xtensor/xrandom.hpp>
#include <xtensor/xview.hpp>

#include <llmlings/testing.hpp>
#include <llmlings/testing/golden.hpp>

namespace oracles {

template <class T>
void seed_layer(unsigned seed, const parameter<T>& weight, const parameter<T>& bias) {
    const std::size_t out = weight.shape()[0], in = weight.shape()[1];
    xt::random::seed(seed);
    const matrix w = xt::random::randn<double>({out, in});
    const vector b = xt::random::randn<double>({out});
    std::transform(w.begin(), w.end(), weight.data(), [](double v) { return static_cast<T>(v); });
    std::transform(b.begin(), b.end(), bias.data(), [](double v) { return static_cast<T>(v); });
}

tensor3 seeded_normal3(unsigned seed, std::size_t b, std::size_t t, std::size_t c) {
    xt::random::seed(seed);
    return xt::random::randn<double>({b, t, c});
}

double loss_of(const matrix& y, const matrix& c) {
    return quadratic_loss(y, c);
}

matrix loss_gradient(const matrix& y, const matrix& c) {
    return quadratic_loss_grad(y, c);
}

std::vector<tensor_gradient_report> check_store(parameter_store<double>& store, const std::function<double()>& loss) {
    return store_gradient_check(store, loss);
}

// Sample mean and (n−1) variance of all entries of a layer's weight.
template <class T>
void moments(const parameter<T>& p, double& mean, double& variance) {
    const double n = static_cast<double>(p.size());
    mean = 0.0;
    for (std::size_t k = 0; k < p.size(); ++k) mean += p.data()[k];
    mean /= n;
    variance = 0.0;
    for (std::size_t k = 0; k < p.size(); ++k) variance += (p.data()[k] - mean) * (p.data()[k] - mean);
    variance /= n - 1.0;
}

template <class T>
double max_abs(const parameter<T>& p) {
    double m = 0.0;
    for (std::size_t k = 0; k < p.size(); ++k) m = std::max(m, static_cast<double>(std::fabs(p.data()[k])));
    return m;
}

std::size_t count_beyond(const parameter<double>& p, double bound) {
    return static_cast<std::size_t>(
        std::count_if(p.data(), p.data() + p.size(), [&](double v) { return std::fabs(v) > bound; }));
}

template void seed_layer<float>(unsigned, const parameter<float>&, const parameter<float>&);
template void seed_layer<double>(unsigned, const parameter<double>&, const parameter<double>&);
template void moments<float>(const parameter<float>&, double&, double&);
template void moments<double>(const parameter<double>&, double&, double&);
template double max_abs<float>(const parameter<float>&);
template double max_abs<double>(const parameter<double>&);

dense_golden load_dense_golden() {
    using llmlings::testing::golden_file;
    const golden_file g = golden_file::load(llmlings::testing::golden_path("nn/05_dense.txt"));
    dense_golden out;
    out.weight = g.array("W");
    out.bias = g.array("b");
    out.x = g.array("x");
    out.dy = g.array("dy");
    out.y = g.array("y");
    out.dx = g.array("dx");
    out.d_weight = g.array("dW");
    out.d_bias = g.array("db");
    return out;
}

matrix example(const tensor3& x, std::size_t b, std::size_t t) {
    return xt::view(x, xt::range(b, b + 1), t, xt::all());
}

vector row_at(const tensor3& x, std::size_t b, std::size_t t) {
    return xt::view(x, b, t, xt::all());
}

vector row_of(const matrix& m, std::size_t i) {
    return xt::view(m, i, xt::all());
}

tensor3 filled3(std::size_t b, std::size_t t, std::size_t c, double value) {
    return xt::zeros<double>({b, t, c}) + value;
}

matrix relu_of(const matrix& x) {
    return xt::maximum(x, 0.0);
}

double mean_square(const matrix& x) {
    double sum = 0.0;
    for (double v : x) sum += v * v;
    return sum / static_cast<double>(x.size());
}

}  // namespace oracles
