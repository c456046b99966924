// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nn/10 — the Elman RNN cell and backpropagation through time (BPTT), over a batch of
 * sequences, in float or double.
 *
 * Shapes: B = batch, T = time steps, I = input features, H = hidden units.
 *   x, dx (B,T,I)   h0, dh0 (B,H)   h, dh (B,T,H)   one step: x_t (B,I), h_t (B,H)
 *   cell.ih: "<name>.ih.weight" W_ih (H,I), "<name>.ih.bias" b_ih (H)
 *   cell.hh: "<name>.hh.weight" W_hh (H,H), "<name>.hh.bias" b_hh (H)
 *   cache: h_prev (B,T,H), d_a (B,T,H), dh (B,H)
 *
 * Convention: exactly PyTorch's torch.nn.RNNCell (nonlinearity tanh), batch first:
 *   h_t = tanh(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh)
 * The two affine maps are nn/05 dense layers registered in a parameter_store (same (out,in) layout
 * as PyTorch), so a state_dict copies in without a transpose. As everywhere from nn/05 on, the
 * forward writes into outputs the caller preallocated, keeps what the backward needs in an
 * rnn_cache the caller owns, and the backward ACCUMULATES the parameter gradients (`+=`) in the
 * store — which is exactly what BPTT needs: the same weights act at every step, so their
 * gradient is the sum of the per-step gradients.
 *
 * The hot path (what makes an RNN fast on a CPU, as cuDNN and PyTorch do it): x W_ihᵀ does not
 * depend on the recurrence, so the forward computes it for all B·T rows at once, ONE gemm of x
 * seen as (B·T, I) rows (as_rows) — only h_{t−1} W_hhᵀ has to wait for the previous step. The
 * backward likewise collects dL/da of every step and, after the time loop, makes dW_ih, dW_hh
 * and dx with one gemm each. A time step is a strided (B,·) slice of a (B,T,·) buffer, which BLAS
 * reads in place through its leading dimension (detail::gemm): nothing is copied or allocated per
 * step, and a second call with the same shapes allocates nothing (ensure_shape).
 *
 * Given in the exercise (plumbing, not the topic): the shape checks, the strided BLAS call
 * detail::gemm, detail::add_column_sums, detail::as_one_step and the
 * vectorisable activations of detail::simd (core/simd.hpp), which nn/11 and nn/12 use too.
 *
 * What this file is not: a multi-layer or bidirectional RNN. Gradient clipping, which an RNN
 * usually needs, is nn/13's.
 *
 * References: Elman (1990), "Finding structure in time"; Werbos (1990), "Backpropagation through
 * time: what it does and how to do it"; Pascanu, Mikolov & Bengio (2013), "On the difficulty of
 * training recurrent neural networks"; Appleyard, Kociský & Blunsom (2016), "Optimizing
 * performance of recurrent neural networks on GPUs" (the input projection hoisted out of the loop).
 *
 * Guide: @ref nn_10_rnn (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NN_10_RNN_HPP
#define LLMLINGS_NN_10_RNN_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>

#include <xtensor/xtensor.hpp>

#include <llmlings/core.hpp>
#include <llmlings/core/blas.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/core/simd.hpp>
#include <llmlings/nn/05_dense.hpp>

namespace llmlings {
namespace nn {

/**
 * @ingroup nn
 * @brief An Elman RNN cell: two dense maps, input-to-hidden and hidden-to-hidden, whose
 * parameters live in a parameter_store.
 *
 * `ih.weight` is PyTorch's weight_ih (H,I), `ih.bias` its bias_ih (H); `hh.weight` is weight_hh
 * (H,H), `hh.bias` bias_hh (H). The two biases are redundant (only their sum matters); PyTorch
 * keeps both, and so do we, to load its weights as they are.
 *
 * @tparam T float (training) or double (gradient checks)
 */
template <class T>
struct rnn_cell {
    dense_layer<T> ih;            ///< x ↦ x W_ihᵀ + b_ih: weight (H,I), bias (H)
    dense_layer<T> hh;            ///< h ↦ h W_hhᵀ + b_hh: weight (H,H), bias (H)
    std::size_t input_size = 0;   ///< I
    std::size_t hidden_size = 0;  ///< H
};

/**
 * @ingroup nn
 * @brief What rnn_forward() keeps for rnn_backward(), and the backward's own buffers. The caller
 * owns it; the passes size it with ensure_shape (allocating only when the shapes change).
 * @tparam T float or double
 */
template <class T>
struct rnn_cache {
    tensor3_of<T> h_prev;  ///< (B,T,H) forward: the state step t read — h0, h_1, …, h_{T−1}
    tensor3_of<T> d_a;     ///< (B,T,H) backward: dL/da_t, the gradient of every step's pre-activation
    matrix_of<T> dh;       ///< (B,H) backward: the gradient carried back to the previous step
};

namespace detail {

/// Throws shape_error unless `a` has the shape `expected` (a braced list of extents).
template <class A, std::size_t N>
void expect_shape(const char* function, const char* what, const A& a, const std::size_t (&expected)[N]) {
    todo("nn/10_rnn", "expect_shape");
}

/// Throws invalid_argument unless the cell was built by its make_ function (I and H are set).
template <class Cell>
void check_cell(const char* function, const Cell& cell) {
    todo("nn/10_rnn", "check_cell");
}

/// Throws shape_error unless x is (B,T,I) for the cell's I (B and T are x's own).
template <class Cell, class X>
void check_sequence_input(const char* function, const Cell& cell, const X& x) {
    todo("nn/10_rnn", "check_sequence_input");
}

/// C (m,n) = α·op(A)·op(B) + β·C on row-major memory with leading dimensions (BLAS's
/// sgemm/dgemm): core/blas.hpp's, shared by every layer that multiplies.
using ::llmlings::detail::gemm;

/// Adds the column sums of the (rows, n) matrix at `m` to `sum` (n): a bias gradient.
template <class T>
void add_column_sums(const T* m, std::size_t rows, std::size_t n, T* sum) {
    todo("nn/10_rnn", "add_column_sums");
}

/**
 * @brief The input map's share of a recurrent backward, after the time loop: with d (B·T, O) the
 * gradient of every step's x W_ihᵀ + b_ih, dW_ih += dᵀ x, db_ih += column sums of d and
 * dx = d W_ih — nn/05's dense_backward, one gemm each — or, when dx is an empty view, the first
 * two only.
 */
template <class T>
void input_map_backward(const dense_layer<T>& ih, const const_tensor_view<T, 3>& x, const T* d, tensor_view<T, 3> dx) {
    todo("nn/10_rnn", "input_map_backward");
}

/// Fills the layer's weight and bias from U(−1/√H, 1/√H), PyTorch's default for recurrent cells.
template <class T>
void init_recurrent_uniform(dense_layer<T>& layer, rng& gen, std::size_t hidden) {
    todo("nn/10_rnn", "init_recurrent_uniform");
}

/// The vectorisable exp, sigmoid and tanh of core/simd.hpp, as nn/11 and nn/12 call them.
namespace simd = ::llmlings::detail::simd;

/// A (B,1,F) view of a (B,F) matrix: one time step seen as a sequence of length 1 (no copy).
template <class V>
auto as_one_step(V& m) -> tensor_view<std::remove_pointer_t<decltype(m.data())>, 3> {
    todo("nn/10_rnn", "as_one_step");
}

}  // namespace detail

/**
 * @ingroup nn
 * @brief An RNN cell with `input_size` inputs and `hidden_size` hidden units, registered in
 * `store` as "<name>.ih.weight" (H,I), "<name>.ih.bias" (H), "<name>.hh.weight" (H,H) and
 * "<name>.hh.bias" (H), every value zero (call init_rnn_uniform() next).
 *
 * @param store where the parameters live
 * @param name the cell's prefix, e.g. "rnn" or "encoder.rnn"
 * @param input_size I
 * @param hidden_size H
 * @return the cell, holding views of its tensors
 * @throws invalid_argument when I or H is 0, or the store refuses the names (taken, or frozen)
 *
 * Complexity: O(H·(I+H)). Example: `make_rnn_cell(store, "rnn", 4, 3).hh.weight.shape()` → `(3,3)`.
 */
template <class T>
rnn_cell<T> make_rnn_cell(parameter_store<T>& store, const std::string& name, std::size_t input_size,
                          std::size_t hidden_size) {
    todo("nn/10_rnn", "make_rnn_cell");
}

/**
 * @ingroup nn
 * @brief PyTorch's default initialisation: every weight and bias from U(−1/√H, 1/√H).
 *
 * @param cell the cell; its four tensors are overwritten (ih's weight and bias, then hh's)
 * @param gen the generator (H·(I+H+2) uniforms are drawn, in double, then rounded to T)
 * @throws invalid_argument when the cell is not built (not made by make_rnn_cell)
 *
 * Complexity: O(H·(I+H)). Example: with H = 4 every parameter lies in [−0.5, 0.5].
 */
template <class T>
void init_rnn_uniform(rnn_cell<T>& cell, rng& gen) {
    todo("nn/10_rnn", "init_rnn_uniform");
}

/**
 * @ingroup nn
 * @brief Runs the cell over a batch of sequences into the preallocated h, keeping in `cache`
 * what rnn_backward() needs.
 *
 * @f[ h_t = \tanh(x_t W_{ih}^\top + b_{ih} + h_{t-1} W_{hh}^\top + b_{hh}), \quad t = 0..T-1 @f]
 * 1. h ← x W_ihᵀ + b_ih for all B·T rows at once: one nn/05 dense_forward of as_rows(x);
 * 2. for each step t: h_t += h_{t−1} W_hhᵀ (one gemm of a strided step), then h_t = tanh(h_t + b_hh),
 *    and h_t is kept in cache.h_prev as the state the next step reads.
 * The last step h(:,T−1,:) is the final state.
 *
 * @param cell the cell
 * @param x the inputs (B,T,I)
 * @param h0 the initial hidden state (B,H), often zeros
 * @param h output: every hidden state (B,T,H), preallocated; overwritten
 * @param cache sized here (ensure_shape); read by rnn_backward()
 * @throws invalid_argument when the cell is not built
 * @throws shape_error when x is not (B,T,I), h0 not (B,H) or h not (B,T,H)
 *
 * Complexity: 2·B·T·H·(I+H) flops, T sequential steps; allocates only when the cache's shapes
 * change. Example: with W_hh = 0, every h_t depends on x_t only; with T = 1 it is one step from h0.
 */
template <class T>
void rnn_forward(const rnn_cell<T>& cell, const const_tensor_view<T, 3>& x, const const_matrix_view<T>& h0,
                 tensor_view<T, 3> h, rnn_cache<T>& cache) {
    todo("nn/10_rnn", "rnn_forward");
}

/**
 * @ingroup nn
 * @brief Backpropagation through time: accumulates the gradients of the cell's four tensors in
 * the store, and writes dL/dx and dL/dh0.
 *
 * `dh(:,t,:)` is the gradient of the loss with respect to h_t coming from the outputs (zero where
 * a step has no loss). Walking t = T−1 down to 0 with a carried gradient g (zero at first):
 * @f[ da_t = (dh_t + g) \odot (1 - h_t^2), \qquad g \leftarrow da_t\, W_{hh} @f]
 * and the final g is dL/dh0. The weights act at every step, so their gradients are sums over the
 * steps — made after the loop, one gemm each over all B·T rows:
 * @f[ dW_{ih} \mathrel{+}= da^\top x, \quad dW_{hh} \mathrel{+}= da^\top h_{prev}, \quad
 *     db_{ih},\, db_{hh} \mathrel{+}= \textstyle\sum_{b,t} da_{bt}, \quad dx = da\, W_{ih} @f]
 * Repeated multiplication by W_hh and tanh' is why gradients vanish (or explode) over long
 * sequences.
 *
 * @param cell the cell; its gradients in the store are added to (`+=`)
 * @param cache what rnn_forward() kept; its backward buffers are (re)written here
 * @param x the inputs the forward saw (B,T,I)
 * @param h the hidden states the forward wrote (B,T,H)
 * @param dh dL/dh (B,T,H)
 * @param dx output dL/dx (B,T,I), preallocated; overwritten. Or empty_view<T, 3>(): not made
 * @param dh0 output dL/dh0 (B,H), preallocated; overwritten
 * @throws invalid_argument when the cell is not built
 * @throws shape_error when a shape does not fit, or the cache holds a forward of other shapes;
 *         the message names the function and the argument: `rnn_backward: cache.h_prev (run
 *         rnn_forward on this x first) must be (4,6,2), got (4,5,2)`
 *
 * Complexity: 4·B·T·H·(I+H) flops; allocates only when the cache's shapes change. Example: with
 * T = 1, h0 = 0 and x = 0 (so h_0 = tanh(b_ih + b_hh)): dx = da W_ih, dh0 = da W_hh.
 */
template <class T>
void rnn_backward(const rnn_cell<T>& cell, rnn_cache<T>& cache, const const_tensor_view<T, 3>& x,
                  const const_tensor_view<T, 3>& h, const const_tensor_view<T, 3>& dh, tensor_view<T, 3> dx,
                  matrix_view<T> dh0) {
    todo("nn/10_rnn", "rnn_backward");
}

/**
 * @ingroup nn
 * @brief One forward step: h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh) — rnn_forward() with T = 1.
 *
 * @f[ h'_{bk} = \tanh\Big(\sum_i x_{bi} W^{ih}_{ki} + b^{ih}_k + \sum_j h_{bj} W^{hh}_{kj} + b^{hh}_k\Big) @f]
 * For a loop that decides each input from the previous output (generation, a decoder).
 *
 * @param cell the cell
 * @param x the input at this step (B,I)
 * @param h the previous hidden state (B,H)
 * @param h_next output: the new hidden state (B,H), every entry in (−1, 1)
 * @param cache what rnn_cell_backward() needs (a cache of T = 1)
 * @throws shape_error when x is not (B,I), h not (B,H) or h_next not (B,H); the message names the
 *         function, the argument and both shapes: `rnn_cell_forward: h must be (4,2), got (4,3)`
 *
 * Complexity: 2·B·H·(I+H) flops. Example: I = H = 1, W_ih = 1, W_hh = 0.5, biases 0, x = 1,
 * h = 2 → h' = tanh(2) ≈ 0.9640.
 */
template <class T>
void rnn_cell_forward(const rnn_cell<T>& cell, const const_matrix_view<T>& x, const const_matrix_view<T>& h,
                      matrix_view<T> h_next, rnn_cache<T>& cache) {
    todo("nn/10_rnn", "rnn_cell_forward");
}

/**
 * @ingroup nn
 * @brief One backward step: accumulates the parameter gradients, writes dL/dx and dL/dh —
 * rnn_backward() with T = 1.
 *
 * With a = x W_ihᵀ + b_ih + h W_hhᵀ + b_hh and h' = tanh(a):
 * @f[ da = dh' \odot (1 - h'^2), \quad dW_{ih} \mathrel{+}= da^\top x, \quad
 *     dW_{hh} \mathrel{+}= da^\top h, \quad db_{ih},\, db_{hh} \mathrel{+}= \textstyle\sum_b da_b,
 *     \quad dx = da\, W_{ih}, \quad dh = da\, W_{hh} @f]
 *
 * @param cell the cell; its gradients are added to (`+=`)
 * @param cache what rnn_cell_forward() kept
 * @param x the input of this step (B,I)
 * @param h_next the output of rnn_cell_forward (B,H)
 * @param dh_next dL/dh' (B,H): the loss's gradient at this step plus what flowed back from the next
 * @param dx output dL/dx (B,I)
 * @param dh output dL/dh (B,H), what flows back to the previous step
 * @throws shape_error when a shape does not fit
 *
 * Complexity: 4·B·H·(I+H) flops. Example: I = H = B = 1, W_ih = 1, W_hh = 0.5, x = 0, h = 0 (so
 * h' = 0), dh' = 1 → dx = 1, dh = 0.5, dW_ih += 0, dW_hh += 0, both biases += 1.
 */
template <class T>
void rnn_cell_backward(const rnn_cell<T>& cell, rnn_cache<T>& cache, const const_matrix_view<T>& x,
                       const const_matrix_view<T>& h_next, const const_matrix_view<T>& dh_next, matrix_view<T> dx,
                       matrix_view<T> dh) {
    todo("nn/10_rnn", "rnn_cell_backward");
}

/**
 * @ingroup nn
 * @brief rnn_forward() on owning tensors, for tests and small programs: returns h (B,T,H).
 *
 * @throws shape_error, invalid_argument as the view version
 *
 * Complexity: as the view version, plus the allocation of h.
 */
template <class T>
tensor3_of<T> rnn_forward(const rnn_cell<T>& cell, const tensor3_of<T>& x, const matrix_of<T>& h0,
                          rnn_cache<T>& cache) {
    todo("nn/10_rnn", "rnn_forward");
}

/// @ingroup nn
/// @brief The gradients rnn_backward() on owning tensors returns.
template <class T>
struct rnn_grads {
    tensor3_of<T> dx;  ///< dL/dx (B,T,I)
    matrix_of<T> dh0;  ///< dL/dh0 (B,H)
};

/**
 * @ingroup nn
 * @brief rnn_backward() on owning tensors, for tests and small programs: returns dx and dh0.
 *
 * @throws shape_error, invalid_argument as the view version
 *
 * Complexity: as the view version, plus the allocation of dx and dh0.
 */
template <class T>
rnn_grads<T> rnn_backward(const rnn_cell<T>& cell, rnn_cache<T>& cache, const tensor3_of<T>& x, const tensor3_of<T>& h,
                          const tensor3_of<T>& dh) {
    todo("nn/10_rnn", "rnn_backward");
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_10_RNN_HPP
