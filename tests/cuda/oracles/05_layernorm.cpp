// SPDX-License-Identifier: MIT
#include "05_layernorm.hpp"

#include <cmath>

#include <llmlings/transformer/04_norms.hpp>

#include "common/oracles.hpp"

namespace oracles {

namespace {
matrix to_matrix(int rows, int cols, const std::vector<float>& v) {
    matrix m({static_cast<std::size_t>(rows), static_cast<std::size_t>(cols)});
    for (std::size_t i = 0; i < v.size(); ++i) m.data()[i] = v[i];
    return m;
}
vector to_vector(const std::vector<float>& v) {
    vector out = xt::empty<double>({v.size()});
    for (std::size_t i = 0; i < v.size(); ++i) out(i) = v[i];
    return out;
}
template <class E>
std::vector<double> values(const E& e) {
    return std::vector<double>(e.data(), e.data() + e.size());
}
}  // namespace

layernorm_reference layernorm_of(int rows, int cols, double eps, const std::vector<float>& x,
                                 const std::vector<float>& gamma, const std::vector<float>& beta,
                                 const std::vector<float>& dy) {
    namespace tr = llmlings::transformer;
    llmlings::parameter_store<double> store;
    const tr::layer_norm<double> ln = tr::make_layer_norm(store, "ln", static_cast<std::size_t>(cols), eps);
    set_values(ln.weight, to_vector(gamma));
    set_values(ln.bias, to_vector(beta));
    const matrix X = to_matrix(rows, cols, x), DY = to_matrix(rows, cols, dy);
    matrix Y = xt::zeros_like(X), DX = xt::zeros_like(X);
    tr::layer_norm_cache<double> cache;
    tr::layer_norm_forward(ln, input_rows(X), output_rows(Y), cache);
    store.zero_grad();
    tr::layer_norm_backward(ln, cache, input_rows(X), input_rows(DY), output_rows(DX));
    layernorm_reference r;
    r.y = values(Y);
    r.mean = values(cache.mean);
    r.rstd = values(cache.rstd);
    r.dx = values(DX);
    r.dgamma = std::vector<double>(ln.weight.grad_data(), ln.weight.grad_data() + cols);
    r.dbeta = std::vector<double>(ln.bias.grad_data(), ln.bias.grad_data() + cols);
    return r;
}

}  // namespace oracles
