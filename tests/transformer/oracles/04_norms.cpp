// SPDX-License-Identifier: MIT
// Oracles of tests/transformer/04_norms.cpp: the PyTorch golden file and an independent double
// layer norm; no code of the topic under test.
#include "04_norms.hpp"

#include <cmath>
#include <string>

#include <llmlings/testing.hpp>

#include "common/golden_arrays.hpp"

namespace oracles {

namespace {

using llmlings::testing::golden_file;

/// An array of any rank ≥ 1 as the matrix of its rows (leading dimensions × last dimension).
matrix rows_of(const xt::xarray<double>& a) {
    const std::size_t cols = a.shape().back();
    matrix m = xt::zeros<double>({a.size() / cols, cols});
    std::copy(a.begin(), a.end(), m.begin());
    return m;
}

dense_golden dense_of(const golden_file& g, const std::string& prefix) {
    dense_golden d;
    d.weight = rows_of(g.array(prefix + ".weight"));
    d.dweight = rows_of(g.array(prefix + ".dweight"));
    d.bias = golden_vector(g.array(prefix + ".bias"));
    d.dbias = golden_vector(g.array(prefix + ".dbias"));
    return d;
}

norms_golden load() {
    const golden_file g = golden_file::load(llmlings::testing::golden_path("transformer/04_norms.txt"));
    norms_golden n;
    const auto m = [&](const std::string& name) { return rows_of(g.array(name)); };
    const auto v = [&](const std::string& name) { return golden_vector(g.array(name)); };
    n.ln.x = m("ln.x");
    n.ln.g = m("ln.g");
    n.ln.y = m("ln.y");
    n.ln.dx = m("ln.dx");
    n.ln.weight = v("ln.weight");
    n.ln.bias = v("ln.bias");
    n.ln.mean = v("ln.mean");
    n.ln.rstd = v("ln.rstd");
    n.ln.dweight = v("ln.dweight");
    n.ln.dbias = v("ln.dbias");
    n.rms.x = m("rms.x");
    n.rms.g = m("rms.g");
    n.rms.y = m("rms.y");
    n.rms.dx = m("rms.dx");
    n.rms.weight = v("rms.weight");
    n.rms.rrms = v("rms.rrms");
    n.rms.dweight = v("rms.dweight");
    n.mlp.x = m("mlp.x");
    n.mlp.g = m("mlp.g");
    n.mlp.pre = m("mlp.pre");
    n.mlp.act = m("mlp.act");
    n.mlp.y = m("mlp.y");
    n.mlp.dx = m("mlp.dx");
    n.mlp.fc = dense_of(g, "mlp.fc");
    n.mlp.proj = dense_of(g, "mlp.proj");
    n.block.x = m("block.x");
    n.block.g = m("block.g");
    n.block.y = m("block.y");
    n.block.dx = m("block.dx");
    n.block.ln_weight = v("block.ln.weight");
    n.block.ln_bias = v("block.ln.bias");
    n.block.ln_dweight = v("block.ln.dweight");
    n.block.ln_dbias = v("block.ln.dbias");
    n.block.fc = dense_of(g, "block.mlp.fc");
    n.block.proj = dense_of(g, "block.mlp.proj");
    return n;
}

}  // namespace

const norms_golden& norms_golden_data() {
    static const norms_golden data = load();
    return data;
}

matrix normalised_rows(const matrix& x, double eps) {
    const std::size_t rows = x.shape()[0], cols = x.shape()[1];
    matrix out = xt::zeros<double>({rows, cols});
    for (std::size_t r = 0; r < rows; ++r) {
        double mean = 0.0, var = 0.0;
        for (std::size_t c = 0; c < cols; ++c) mean += x(r, c);
        mean /= static_cast<double>(cols);
        for (std::size_t c = 0; c < cols; ++c) var += (x(r, c) - mean) * (x(r, c) - mean);
        var /= static_cast<double>(cols);
        for (std::size_t c = 0; c < cols; ++c) out(r, c) = (x(r, c) - mean) / std::sqrt(var + eps);
    }
    return out;
}

matrix layer_norm_dx_formula(const matrix& x, const vector& weight, const matrix& dy, double eps, bool mean_term,
                             bool xhat_term) {
    llmlings::check::same_shape("oracles::layer_norm_dx_formula", x, dy);
    const std::size_t rows = x.shape()[0], cols = x.shape()[1];
    const matrix x_hat = normalised_rows(x, eps);
    matrix dx = xt::zeros<double>({rows, cols});
    for (std::size_t r = 0; r < rows; ++r) {
        double mean = 0.0, var = 0.0;
        for (std::size_t c = 0; c < cols; ++c) mean += x(r, c);
        mean /= static_cast<double>(cols);
        for (std::size_t c = 0; c < cols; ++c) var += (x(r, c) - mean) * (x(r, c) - mean);
        const double rstd = 1.0 / std::sqrt(var / static_cast<double>(cols) + eps);
        double mean_g = 0.0, mean_g_xhat = 0.0;
        for (std::size_t c = 0; c < cols; ++c) {
            mean_g += dy(r, c) * weight(c);
            mean_g_xhat += dy(r, c) * weight(c) * x_hat(r, c);
        }
        mean_g /= static_cast<double>(cols);
        mean_g_xhat /= static_cast<double>(cols);
        for (std::size_t c = 0; c < cols; ++c)
            dx(r, c) = rstd * (dy(r, c) * weight(c) - (mean_term ? mean_g : 0.0) -
                               (xhat_term ? x_hat(r, c) * mean_g_xhat : 0.0));
    }
    return dx;
}

vector row_dots(const matrix& a, const matrix& b) {
    llmlings::check::same_shape("oracles::row_dots", a, b);
    vector out = xt::zeros<double>({a.shape()[0]});
    for (std::size_t r = 0; r < a.shape()[0]; ++r)
        for (std::size_t c = 0; c < a.shape()[1]; ++c) out(r) += a(r, c) * b(r, c);
    return out;
}

template <class T>
llmlings::parameter_store<T> fresh_store() {
    return llmlings::parameter_store<T>();
}

template llmlings::parameter_store<float> fresh_store<float>();
template llmlings::parameter_store<double> fresh_store<double>();

std::vector<llmlings::testing::tensor_gradient_report> store_gradient_check_at(
    llmlings::parameter_store<double>& store, const std::function<double(const matrix&)>& loss, const matrix& x) {
    return store_gradient_check(store, [&] { return loss(x); });
}

vector store_grads(const llmlings::parameter_store<double>& store) {
    vector out = xt::zeros<double>({store.numel()});
    std::copy(store.grads(), store.grads() + store.numel(), out.begin());
    return out;
}

template <class T>
vector widened(const llmlings::vector_of<T>& v) {
    vector out = xt::zeros<double>({v.size()});
    for (std::size_t i = 0; i < v.size(); ++i) out(i) = static_cast<double>(v(i));
    return out;
}

template vector widened<float>(const llmlings::vector_of<float>&);
template vector widened<double>(const llmlings::vector_of<double>&);

}  // namespace oracles
