// SPDX-License-Identifier: MIT
// The oracles of tests/peft/01_lora.cpp, compiled once in oracles/01_lora.cpp (never with the
// learner's file): the LoRA layer's output and gradients written out in double with xtensor from
// the merged weight W₀ + s·B·A (the form the layer must never build in its forward), and singular
// values by LAPACK. The seeded random data and the gradient checks are those of common/oracles.hpp.
#ifndef LLMLINGS_TESTS_PEFT_ORACLES_01_LORA_HPP
#define LLMLINGS_TESTS_PEFT_ORACLES_01_LORA_HPP

#include "common/oracles.hpp"

namespace oracles {

/// A LoRA layer's tensors in double: W₀ (O,I), b (O), A (r,I), B (O,r) and the scaling s = α/r.
struct lora_tensors {
    matrix w0, a, b;
    vector bias;
    double s = 1.0;
};

/// Seeded N(0,1) tensors for an (O,I) base with rank r (xt::random, seed `seed`), B included (a
/// zero B would hide every mistake in the branch).
lora_tensors random_lora_tensors(unsigned seed, std::size_t in, std::size_t out, std::size_t r, double s);

/// W₀ + s·B·A (O,I).
matrix merged_weight(const lora_tensors& t);

/// y = x (W₀ + s·B·A)ᵀ + b (R,O).
matrix lora_output(const lora_tensors& t, const matrix& x);

/// The gradients of the loss sum(y ⊙ dy), written out: dW₀ = dyᵀx, db = Σ dy, dB = s·dyᵀ(x Aᵀ),
/// dA = s·(dy B)ᵀ x, dx = dy (W₀ + s·B·A).
struct lora_gradients {
    matrix dw0, da, db, dx;
    vector dbias;
};
lora_gradients lora_grads(const lora_tensors& t, const matrix& x, const matrix& dy);

/// The singular values of m, largest first (LAPACK's gesdd through xt::linalg::svd).
vector singular_values(const matrix& m);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_PEFT_ORACLES_01_LORA_HPP
