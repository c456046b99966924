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
    bool same = a.dimension() == N;
    for (std::size_t k = 0; same && k < N; ++k) same = a.shape()[k] == expected[k];
    if (!same)
        throw shape_error(function, ::llmlings::detail::concat(what, " must be ", shape_str(expected), ", got ",
                                                               shape_str(a.shape())));
}

/// Throws invalid_argument unless the cell was built by its make_ function (I and H are set).
template <class Cell>
void check_cell(const char* function, const Cell& cell) {
    if (cell.input_size == 0 || cell.hidden_size == 0 || !cell.ih.weight.registered())
        throw invalid_argument(function, "the cell is not built (make it with its make_ function on a store)");
}

/// Throws shape_error unless x is (B,T,I) for the cell's I (B and T are x's own).
template <class Cell, class X>
void check_sequence_input(const char* function, const Cell& cell, const X& x) {
    check_cell(function, cell);
    if (x.dimension() != 3 || x.shape()[2] != cell.input_size)
        throw shape_error(
            function, ::llmlings::detail::concat("x must be (B,T,", cell.input_size, "), got ", shape_str(x.shape())));
}

/// C (m,n) = α·op(A)·op(B) + β·C on row-major memory with leading dimensions (BLAS's
/// sgemm/dgemm): core/blas.hpp's, shared by every layer that multiplies.
using ::llmlings::detail::gemm;

/// Adds the column sums of the (rows, n) matrix at `m` to `sum` (n): a bias gradient.
template <class T>
void add_column_sums(const T* m, std::size_t rows, std::size_t n, T* sum) {
    for (std::size_t r = 0; r < rows; ++r) {
        const T* row = m + r * n;
        for (std::size_t j = 0; j < n; ++j) sum[j] += row[j];
    }
}

/**
 * @brief The input map's share of a recurrent backward, after the time loop: with d (B·T, O) the
 * gradient of every step's x W_ihᵀ + b_ih, dW_ih += dᵀ x, db_ih += column sums of d and
 * dx = d W_ih — nn/05's dense_backward, one gemm each — or, when dx is an empty view, the first
 * two only.
 */
template <class T>
void input_map_backward(const dense_layer<T>& ih, const const_tensor_view<T, 3>& x, const T* d, tensor_view<T, 3> dx) {
    const std::size_t rows = x.shape()[0] * x.shape()[1], in = ih.in_features, out = ih.out_features;
    const auto d_rows = view_of<2>(d, rows * out, {rows, out});
    if (dx.size() != 0) {
        dense_backward(ih, as_rows(x), d_rows, as_rows(dx));
        return;
    }
    gemm(true, false, out, in, rows, T(1), d, out, x.data(), in, T(1), ih.weight.grad_data(), in);
    add_column_sums(d, rows, out, ih.bias.grad_data());
}

/// Fills the layer's weight and bias from U(−1/√H, 1/√H), PyTorch's default for recurrent cells.
template <class T>
void init_recurrent_uniform(dense_layer<T>& layer, rng& gen, std::size_t hidden) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(hidden));
    T* w = layer.weight.data();
    for (std::size_t k = 0; k < layer.weight.size(); ++k) w[k] = static_cast<T>(bound * (2.0 * uniform01(gen) - 1.0));
    T* b = layer.bias.data();
    for (std::size_t k = 0; k < layer.bias.size(); ++k) b[k] = static_cast<T>(bound * (2.0 * uniform01(gen) - 1.0));
}

/// The vectorisable exp, sigmoid and tanh of core/simd.hpp, as nn/11 and nn/12 call them.
namespace simd = ::llmlings::detail::simd;

/// A (B,1,F) view of a (B,F) matrix: one time step seen as a sequence of length 1 (no copy).
template <class V>
auto as_one_step(V& m) -> tensor_view<std::remove_pointer_t<decltype(m.data())>, 3> {
    return view_of<3>(m.data(), m.size(), {m.shape()[0], std::size_t{1}, m.shape()[1]});
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
    if (input_size == 0 || hidden_size == 0)
        throw invalid_argument("make_rnn_cell",
                               ::llmlings::detail::concat("input_size and hidden_size must be > 0, got ", input_size,
                                                          " and ", hidden_size));
    rnn_cell<T> cell;
    cell.ih = make_dense(store, name + ".ih", input_size, hidden_size);
    cell.hh = make_dense(store, name + ".hh", hidden_size, hidden_size);
    cell.input_size = input_size;
    cell.hidden_size = hidden_size;
    return cell;
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
    detail::check_cell("init_rnn_uniform", cell);
    detail::init_recurrent_uniform(cell.ih, gen, cell.hidden_size);
    detail::init_recurrent_uniform(cell.hh, gen, cell.hidden_size);
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
    detail::check_sequence_input("rnn_forward", cell, x);
    const std::size_t B = x.shape()[0], steps = x.shape()[1], H = cell.hidden_size;
    detail::expect_shape("rnn_forward", "h0", h0, {B, H});
    detail::expect_shape("rnn_forward", "h", h, {B, steps, H});
    ensure_shape(cache.h_prev, {B, steps, H});
    if (B == 0 || steps == 0) return;
    // 1. The input projection of every step, one gemm: (B·T, I)·(I, H) + b_ih, written into h.
    dense_forward(cell.ih, as_rows(x), as_rows(h));
    const T* w_hh = cell.hh.weight.data();
    const T* b_hh = cell.hh.bias.data();
    T* hs = h.data();
    T* prev = cache.h_prev.data();
    for (std::size_t b = 0; b < B; ++b) std::copy(h0.data() + b * H, h0.data() + (b + 1) * H, prev + b * steps * H);
    for (std::size_t t = 0; t < steps; ++t) {
        // 2. The recurrent product: h_t += h_{t−1} W_hhᵀ. Step t of a (B,T,H) buffer is the (B,H)
        //    matrix at offset t·H whose rows lie T·H apart.
        detail::gemm(false, true, B, H, H, T(1), prev + t * H, steps * H, w_hh, H, T(1), hs + t * H, steps * H);
        // 3. The nonlinearity, and the state the next step reads.
        for (std::size_t b = 0; b < B; ++b) {
            T* row = hs + (b * steps + t) * H;
            for (std::size_t k = 0; k < H; ++k) row[k] = detail::simd::tanh(row[k] + b_hh[k]);
            if (t + 1 < steps) std::copy(row, row + H, prev + (b * steps + t + 1) * H);
        }
    }
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
    detail::check_sequence_input("rnn_backward", cell, x);
    const std::size_t B = x.shape()[0], steps = x.shape()[1], I = cell.input_size, H = cell.hidden_size;
    detail::expect_shape("rnn_backward", "h", h, {B, steps, H});
    detail::expect_shape("rnn_backward", "dh", dh, {B, steps, H});
    const bool want_dx = dx.size() != 0;  // an empty view: dL/dx is not needed
    if (want_dx) detail::expect_shape("rnn_backward", "dx", dx, {B, steps, I});
    detail::expect_shape("rnn_backward", "dh0", dh0, {B, H});
    detail::expect_shape("rnn_backward", "cache.h_prev (run rnn_forward on this x first)", cache.h_prev, {B, steps, H});
    ensure_shape(cache.d_a, {B, steps, H});
    ensure_shape(cache.dh, {B, H});
    T* carried = cache.dh.data();  // dL/dh_t from the steps after t
    std::fill(carried, carried + B * H, T(0));
    if (B > 0 && steps > 0) {
        const T* hs = h.data();
        const T* dhs = dh.data();
        T* da = cache.d_a.data();
        for (std::size_t t = steps; t-- > 0;) {
            // 1. Through the tanh: tanh'(a) = 1 − tanh(a)², and tanh(a) is h_t. The gradient
            //    reaching h_t is the loss's at step t plus what the future sends back.
            for (std::size_t b = 0; b < B; ++b) {
                const std::size_t row = (b * steps + t) * H;
                for (std::size_t k = 0; k < H; ++k)
                    da[row + k] = (dhs[row + k] + carried[b * H + k]) * (T(1) - hs[row + k] * hs[row + k]);
            }
            // 2. One step back: g = da_t W_hh  (B,H)·(H,H).
            detail::gemm(false, false, B, H, H, T(1), da + t * H, steps * H, cell.hh.weight.data(), H, T(0), carried,
                         H);
        }
        // 3. The sums over the steps, one gemm each: dW_ih, db_ih and dx through nn/05's backward
        //    (without dx: dW_ih += daᵀ x by hand); dW_hh += daᵀ h_prev and db_hh by hand
        //    (dense_backward would also make an unneeded dh).
        detail::input_map_backward(cell.ih, x, static_cast<const T*>(da), dx);
        detail::gemm(true, false, H, H, B * steps, T(1), static_cast<const T*>(da), H, cache.h_prev.data(), H, T(1),
                     cell.hh.weight.grad_data(), H);
        detail::add_column_sums(static_cast<const T*>(da), B * steps, H, cell.hh.bias.grad_data());
    } else {
        std::fill(dx.begin(), dx.end(), T(0));
    }
    std::copy(carried, carried + B * H, dh0.data());
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
    detail::check_cell("rnn_cell_forward", cell);
    const std::size_t B = x.shape()[0];
    detail::expect_shape("rnn_cell_forward", "x", x, {B, cell.input_size});
    detail::expect_shape("rnn_cell_forward", "h", h, {B, cell.hidden_size});
    detail::expect_shape("rnn_cell_forward", "h_next", h_next, {B, cell.hidden_size});
    rnn_forward(cell, detail::as_one_step(x), h, detail::as_one_step(h_next), cache);
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
    detail::check_cell("rnn_cell_backward", cell);
    const std::size_t B = x.shape()[0];
    detail::expect_shape("rnn_cell_backward", "x", x, {B, cell.input_size});
    detail::expect_shape("rnn_cell_backward", "h_next", h_next, {B, cell.hidden_size});
    detail::expect_shape("rnn_cell_backward", "dh_next", dh_next, {B, cell.hidden_size});
    detail::expect_shape("rnn_cell_backward", "dx", dx, {B, cell.input_size});
    rnn_backward(cell, cache, detail::as_one_step(x), detail::as_one_step(h_next), detail::as_one_step(dh_next),
                 detail::as_one_step(dx), dh);
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
    detail::check_sequence_input("rnn_forward", cell, x);
    tensor3_of<T> h({x.shape()[0], x.shape()[1], cell.hidden_size});
    rnn_forward(cell, view_of<3>(x.data(), x.size(), {x.shape()[0], x.shape()[1], x.shape()[2]}), as_rows(h0),
                view_of<3>(h.data(), h.size(), {h.shape()[0], h.shape()[1], h.shape()[2]}), cache);
    return h;
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
    detail::check_sequence_input("rnn_backward", cell, x);
    const std::size_t B = x.shape()[0], steps = x.shape()[1];
    rnn_grads<T> g{tensor3_of<T>({B, steps, cell.input_size}), matrix_of<T>({B, cell.hidden_size})};
    rnn_backward(cell, cache, view_of<3>(x.data(), x.size(), {B, steps, x.shape()[2]}),
                 view_of<3>(h.data(), h.size(), {h.shape()[0], h.shape()[1], h.shape()[2]}),
                 view_of<3>(dh.data(), dh.size(), {dh.shape()[0], dh.shape()[1], dh.shape()[2]}),
                 view_of<3>(g.dx.data(), g.dx.size(), {B, steps, cell.input_size}), as_rows(g.dh0));
    return g;
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_10_RNN_HPP
