// SPDX-License-Identifier: MIT
// Oracles of tests/peft/01_lora.cpp: the layer in double from its merged weight, and LAPACK's
// singular values; no code of the topic under test.
#include "01_lora.hpp"

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xreducer.hpp>

namespace oracles {

lora_tensors random_lora_tensors(unsigned seed, std::size_t in, std::size_t out, std::size_t r, double s) {
    seed_random(seed);
    lora_tensors t;
    t.w0 = normal_matrix(out, in);
    t.bias = normal_vector(out);
    t.a = normal_matrix(r, in);
    t.b = normal_matrix(out, r);
    t.s = s;
    return t;
}

matrix merged_weight(const lora_tensors& t) {
    return t.w0 + t.s * xt::linalg::dot(t.b, t.a);
}

matrix lora_output(const lora_tensors& t, const matrix& x) {
    return xt::linalg::dot(x, xt::transpose(merged_weight(t))) + t.bias;
}

lora_gradients lora_grads(const lora_tensors& t, const matrix& x, const matrix& dy) {
    lora_gradients g;
    const matrix dyt = xt::transpose(dy);
    g.dw0 = xt::linalg::dot(dyt, x);
    g.dbias = xt::sum(dy, {0});
    g.db = t.s * xt::linalg::dot(dyt, xt::linalg::dot(x, xt::transpose(t.a)));
    g.da = t.s * xt::linalg::dot(xt::transpose(xt::linalg::dot(dy, t.b)), x);
    g.dx = xt::linalg::dot(dy, merged_weight(t));
    return g;
}

vector singular_values(const matrix& m) {
    const auto usv = xt::linalg::svd(m, false, false);
    return std::get<1>(usv);
}

}  // namespace oracles
