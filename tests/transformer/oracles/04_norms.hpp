// SPDX-License-Identifier: MIT
// The oracles of tests/transformer/04_norms.cpp, compiled once in oracles/04_norms.cpp (never with
// the learner's file): PyTorch's layer norm, RMSNorm, GELU MLP and pre-LN residual branch, forward
// and backward, from tests/golden/transformer/04_norms.txt (tools/golden/transformer_norms.py);
// an independent double layer norm (the normalised rows, and the dx of the compact formula with
// either correction term switched off, to show that the test data need both); row-wise dot
// products. The seeded random data, gradient checks and tensor helpers are those of
// common/oracles.hpp. Each returns plain containers.
#ifndef LLMLINGS_TESTS_TRANSFORMER_ORACLES_04_NORMS_HPP
#define LLMLINGS_TESTS_TRANSFORMER_ORACLES_04_NORMS_HPP

#include "common/oracles.hpp"

namespace oracles {

/// A dense layer's parameters and PyTorch's gradients of them.
struct dense_golden {
    matrix weight, dweight;
    vector bias, dbias;
};

/// The golden file's four cases. Each (B,T,C) = (2,3,C) batch is given as its (B·T, C) rows, as
/// as_rows() sees it; g is the upstream gradient of the loss sum(y * g).
struct norms_golden {
    /// torch.nn.LayerNorm(6), eps 1e-5: mean and rstd (6) per row.
    struct {
        matrix x, g, y, dx;
        vector weight, bias, mean, rstd, dweight, dbias;
    } ln;
    /// RMSNorm(6) in torch ops, eps 1e-6: rrms (6) per row.
    struct {
        matrix x, g, y, dx;
        vector weight, rrms, dweight;
    } rms;
    /// GPT-2's MLP, C = 4, H = 16: pre and act (6, 16).
    struct {
        matrix x, g, pre, act, y, dx;
        dense_golden fc, proj;
    } mlp;
    /// y = x + mlp(ln(x)), C = 4, H = 8.
    struct {
        matrix x, g, y, dx;
        vector ln_weight, ln_bias, ln_dweight, ln_dbias;
        dense_golden fc, proj;
    } block;
};

/// The golden file, loaded once.
const norms_golden& norms_golden_data();

/// Each row of x normalised, (x − μ)/√(σ² + eps) with the biased σ², in double, two-pass.
matrix normalised_rows(const matrix& x, double eps);

/// A layer norm's dx in double by the compact formula r(g − mean(g) − x̂·mean(g x̂)), g = dy ⊙ weight,
/// with the mean(g) term and the x̂ term each kept or dropped: both kept is the right gradient,
/// either dropped a wrong backward that a learner writes.
matrix layer_norm_dx_formula(const matrix& x, const vector& weight, const matrix& dy, double eps, bool mean_term,
                             bool xhat_term);

/// Σ_c a_rc b_rc for each row r.
vector row_dots(const matrix& a, const matrix& b);

/// A new, empty parameter store, made here: the test file then copies the handle but instantiates
/// none of the store's construction (make_shared of its state, ~6 MB of g++'s memory per type).
template <class T>
llmlings::parameter_store<T> fresh_store();

/// store_gradient_check(store, loss) with the loss of the fixed input x: `loss(x)`, the same
/// std::function the input's check uses, so that the test file converts one lambda, not two.
std::vector<llmlings::testing::tensor_gradient_report> store_gradient_check_at(
    llmlings::parameter_store<double>& store, const std::function<double(const matrix&)>& loss, const matrix& x);

/// Every gradient of a double store, all tensors back to back (its grads() buffer, copied).
vector store_grads(const llmlings::parameter_store<double>& store);

/// A float or double vector widened to double (exact).
template <class T>
vector widened(const llmlings::vector_of<T>& v);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_TRANSFORMER_ORACLES_04_NORMS_HPP
