// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nn/11 — the LSTM cell: its gate arithmetic, a sequence forward and backpropagation
 * through time over a batch, in float or double.
 *
 * Shapes: B = batch, T = time steps, I = input features, H = hidden units.
 *   x, dx (B,T,I)   h0, c0, dh0, dc0 (B,H)   h, dh (B,T,H)   one step: x_t (B,I), h_t, c_t (B,H)
 *   cell.ih: "<name>.ih.weight" W_ih (4H,I), "<name>.ih.bias" b_ih (4H)
 *   cell.hh: "<name>.hh.weight" W_hh (4H,H), "<name>.hh.bias" b_hh (4H)
 *   cache: gates, d_gates (B,T,4H)   c, tanh_c, h_prev, c_prev (B,T,H)   dh, dc (B,H)
 *
 * Convention: exactly PyTorch's torch.nn.LSTMCell, gate blocks stacked in the order i, f, g, o
 * (rows 0..H−1 of W_ih and W_hh are the input gate, H..2H−1 the forget gate, 2H..3H−1 the cell
 * candidate, 3H..4H−1 the output gate):
 *   a = x W_ihᵀ + b_ih + h W_hhᵀ + b_hh          (B,4H)
 *   i = σ(a_i)   f = σ(a_f)   g = tanh(a_g)   o = σ(a_o)
 *   c' = f ⊙ c + i ⊙ g        h' = o ⊙ tanh(c')
 * As in nn/10: the two affine maps are nn/05 dense layers in a parameter_store, the forward writes
 * into preallocated outputs and keeps what the backward needs in an lstm_cache the caller owns,
 * and the backward ACCUMULATES the parameter gradients (`+=`). σ is the stable sigmoid of ml/03
 * (ml::sigmoid), evaluated by core/simd.hpp's vectorisable detail::simd::sigmoid.
 *
 * The cell's arithmetic for one batch row lives in two small functions over raw pointers,
 * detail::lstm_gates_forward and detail::lstm_gates_backward; the sequence passes are nn/10's
 * hot path around them: the input projection x W_ihᵀ of all B·T rows in ONE gemm, only
 * h_{t−1} W_hhᵀ per step, and after the backward's time loop one gemm each for dW_ih, dW_hh and
 * dx. Nothing is allocated per step, nor by a second call of the same shapes.
 *
 * What this file is not: peephole connections, projections (proj_size), multi-layer or
 * bidirectional LSTMs.
 *
 * References: Hochreiter & Schmidhuber (1997), "Long short-term memory"; Gers, Schmidhuber &
 * Cummins (2000), "Learning to forget" (the forget gate); PyTorch's LSTMCell documentation.
 *
 * Guide: @ref nn_11_lstm (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NN_11_LSTM_HPP
#define LLMLINGS_NN_11_LSTM_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/nn/05_dense.hpp>
#include <llmlings/nn/10_rnn.hpp>

namespace llmlings {
namespace nn {

/**
 * @ingroup nn
 * @brief An LSTM cell: two dense maps producing the four stacked gate pre-activations, their
 * parameters in a parameter_store.
 *
 * `ih.weight` is PyTorch's weight_ih (4H,I), `hh.weight` weight_hh (4H,H), the biases (4H); the
 * row blocks are the gates i, f, g, o in that order.
 *
 * @tparam T float (training) or double (gradient checks)
 */
template <class T>
struct lstm_cell {
    dense_layer<T> ih;            ///< x ↦ x W_ihᵀ + b_ih: weight (4H,I), bias (4H)
    dense_layer<T> hh;            ///< h ↦ h W_hhᵀ + b_hh: weight (4H,H), bias (4H)
    std::size_t input_size = 0;   ///< I
    std::size_t hidden_size = 0;  ///< H
};

/**
 * @ingroup nn
 * @brief What lstm_forward() keeps for lstm_backward(), and the backward's own buffers. The
 * caller owns it; the passes size it with ensure_shape.
 *
 * The final cell state of a forward is `c(:,T−1,:)` (to carry into the next window); the final
 * hidden state is the forward's output h(:,T−1,:).
 * @tparam T float or double
 */
template <class T>
struct lstm_cache {
    tensor3_of<T> gates;    ///< (B,T,4H) forward: the activated gates [i | f | g | o] of every step
    tensor3_of<T> c;        ///< (B,T,H) forward: the cell state c_t every step wrote
    tensor3_of<T> tanh_c;   ///< (B,T,H) forward: tanh(c_t) (the backward needs it; computed once)
    tensor3_of<T> h_prev;   ///< (B,T,H) forward: the hidden state step t read (h0, h_1, …, h_{T−1})
    tensor3_of<T> c_prev;   ///< (B,T,H) forward: the cell state step t read (c0, c_1, …, c_{T−1})
    tensor3_of<T> d_gates;  ///< (B,T,4H) backward: dL/da, the gradient of every step's pre-activations
    matrix_of<T> dh;        ///< (B,H) backward: dL/dh carried back to the previous step
    matrix_of<T> dc;        ///< (B,H) backward: dL/dc carried back to the previous step
};

namespace detail {

/**
 * @brief The LSTM cell for one batch row: turns the pre-activations (without b_hh) into the
 * activated gates, in place, and writes the new cell and hidden state.
 *
 * @param H hidden units
 * @param b_hh the hidden map's bias (4H), added here
 * @param gates in: x W_ihᵀ + b_ih + h W_hhᵀ (4H); out: [i | f | g | o]
 * @param c_prev the previous cell state (H)
 * @param c out: c' = f ⊙ c_prev + i ⊙ g (H)
 * @param tanh_c out: tanh(c') (H), kept for the backward
 * @param h out: h' = o ⊙ tanh(c') (H)
 *
 * σ and tanh are core/simd.hpp's detail::simd::sigmoid and detail::simd::tanh: the values of ml::sigmoid
 * and std::tanh (to 2 ulp), in a form the compiler vectorises. `__restrict` (a g++/clang/MSVC
 * extension) promises that the arrays do not overlap; without it g++ gives up vectorising the
 * loop (too many pairs of pointers to check at run time).
 */
template <class T>
void lstm_gates_forward(std::size_t H, const T* __restrict b_hh, T* __restrict gates, const T* __restrict c_prev,
                        T* __restrict c, T* __restrict tanh_c, T* __restrict h) {
    todo("nn/11_lstm", "lstm_gates_forward");
}

/**
 * @brief The backward of the LSTM cell for one batch row.
 *
 * @param H hidden units
 * @param gates the activated gates of the step [i | f | g | o] (4H)
 * @param c_prev the cell state the step read (H)
 * @param tanh_c tanh of the cell state the step wrote (H)
 * @param dh_out dL/dh' from the loss at this step (H)
 * @param dh_next dL/dh' from the following steps (H)
 * @param dc in: dL/dc' from the following steps; out: dL/dc_prev (H)
 * @param d_gates out: dL/da (4H)
 */
template <class T>
void lstm_gates_backward(std::size_t H, const T* __restrict gates, const T* __restrict c_prev,
                         const T* __restrict tanh_c, const T* __restrict dh_out, const T* __restrict dh_next,
                         T* __restrict dc, T* __restrict d_gates) {
    todo("nn/11_lstm", "lstm_gates_backward");
}

/// lstm_backward(), with dL/dc of the last step given (`dc_last`, (B,H)) or zero (nullptr).
template <class T>
void lstm_backward_from(const char* function, const lstm_cell<T>& cell, lstm_cache<T>& cache,
                        const const_tensor_view<T, 3>& x, const const_tensor_view<T, 3>& dh, const T* dc_last,
                        tensor_view<T, 3> dx, matrix_view<T> dh0, matrix_view<T> dc0) {
    todo("nn/11_lstm", "lstm_backward_from");
}

}  // namespace detail

/**
 * @ingroup nn
 * @brief An LSTM cell with `input_size` inputs and `hidden_size` units, registered in `store` as
 * "<name>.ih.weight" (4H,I), "<name>.ih.bias" (4H), "<name>.hh.weight" (4H,H) and
 * "<name>.hh.bias" (4H), every value zero (call init_lstm_uniform() next).
 *
 * @param store where the parameters live
 * @param name the cell's prefix, e.g. "lstm"
 * @param input_size I
 * @param hidden_size H
 * @return the cell, holding views of its tensors
 * @throws invalid_argument when I or H is 0, or the store refuses the names (taken, or frozen)
 *
 * Complexity: O(H·(I+H)). Example: `make_lstm_cell(store, "lstm", 4, 3).ih.weight.shape()` →
 * `(12,4)`.
 */
template <class T>
lstm_cell<T> make_lstm_cell(parameter_store<T>& store, const std::string& name, std::size_t input_size,
                            std::size_t hidden_size) {
    todo("nn/11_lstm", "make_lstm_cell");
}

/**
 * @ingroup nn
 * @brief PyTorch's default initialisation: every weight and bias from U(−1/√H, 1/√H).
 *
 * @param cell the cell; its four tensors are overwritten (ih's weight and bias, then hh's)
 * @param gen the generator
 * @throws invalid_argument when the cell is not built (not made by make_lstm_cell)
 *
 * Complexity: O(H·(I+H)). Example: with H = 4 every parameter lies in [−0.5, 0.5].
 */
template <class T>
void init_lstm_uniform(lstm_cell<T>& cell, rng& gen) {
    todo("nn/11_lstm", "init_lstm_uniform");
}

/**
 * @ingroup nn
 * @brief Runs the LSTM over a batch of sequences into the preallocated h, keeping in `cache` the
 * gates and states lstm_backward() needs.
 *
 * @f[ a_t = x_t W_{ih}^\top + b_{ih} + h_{t-1} W_{hh}^\top + b_{hh} = [a_i \,|\, a_f \,|\, a_g \,|\, a_o] @f]
 * @f[ i = \sigma(a_i),\; f = \sigma(a_f),\; g = \tanh(a_g),\; o = \sigma(a_o), \qquad
 *     c_t = f \odot c_{t-1} + i \odot g, \qquad h_t = o \odot \tanh(c_t) @f]
 * The forget gate f decides how much of the old memory is kept, the input gate i how much of the
 * candidate g is written, the output gate o how much of the memory is shown as h_t.
 * 1. cache.gates ← x W_ihᵀ + b_ih for all B·T rows, one nn/05 dense_forward of as_rows(x);
 * 2. for each step: gates_t += h_{t−1} W_hhᵀ (one gemm of a strided step), then the cell's
 *    arithmetic row by row (detail::lstm_gates_forward), and (h_t, c_t) become what step t+1 reads.
 *
 * @param cell the cell
 * @param x the inputs (B,T,I)
 * @param h0 the initial hidden state (B,H)
 * @param c0 the initial cell state (B,H)
 * @param h output: every hidden state (B,T,H), preallocated; overwritten
 * @param cache sized here; holds the gates and the states (cache.c(:,T−1,:) is the final c)
 * @throws invalid_argument when the cell is not built
 * @throws shape_error when x is not (B,T,I), h0 or c0 not (B,H), or h not (B,T,H)
 *
 * Complexity: 8·B·T·H·(I+H) flops and 5·B·T·H exp/tanh; allocates only when the cache's shapes
 * change. Example: all parameters 0 give i = f = o = ½ and g = 0, so c_1 = c0/2 and
 * h_1 = ½·tanh(c0/2); with c0 = 2: c_1 = 1, h_1 = ½·tanh(1) ≈ 0.3808.
 */
template <class T>
void lstm_forward(const lstm_cell<T>& cell, const const_tensor_view<T, 3>& x, const const_matrix_view<T>& h0,
                  const const_matrix_view<T>& c0, tensor_view<T, 3> h, lstm_cache<T>& cache) {
    todo("nn/11_lstm", "lstm_forward");
}

/**
 * @ingroup nn
 * @brief Backpropagation through time for the LSTM: accumulates the gradients of the cell's four
 * tensors in the store, and writes dL/dx, dL/dh0 and dL/dc0.
 *
 * `dh(:,t,:)` is dL/dh_t from the outputs; the loss depends on the cell states only through the
 * h_t. Per step, with τ = tanh(c_t), the gradient dh_t reaching h_t (the loss's plus what step t+1
 * sends back) and dc_t from step t+1 (zero at the last step):
 * @f[ do = dh_t \odot \tau, \qquad \delta c = dc_t + dh_t \odot o \odot (1 - \tau^2) @f]
 * @f[ di = \delta c \odot g, \quad df = \delta c \odot c_{t-1}, \quad dg = \delta c \odot i, \quad
 *     dc_{t-1} = \delta c \odot f @f]
 * @f[ da_t = [\,di\, i(1-i) \,|\, df\, f(1-f) \,|\, dg\,(1-g^2) \,|\, do\, o(1-o)\,], \qquad
 *     dh_{t-1} \mathrel{+}= da_t W_{hh} @f]
 * After the loop, one gemm each: dW_ih += daᵀ x, dW_hh += daᵀ h_prev, dx = da W_ih, and both bias
 * gradients += the column sums of da. Along the memory path the gradient is only scaled by f:
 * with f ≈ 1 it is carried unchanged — why LSTMs remember over long spans.
 *
 * @param cell the cell; its gradients in the store are added to (`+=`)
 * @param cache what lstm_forward() kept; its backward buffers are (re)written here
 * @param x the inputs the forward saw (B,T,I)
 * @param dh dL/dh (B,T,H)
 * @param dx output dL/dx (B,T,I), preallocated; overwritten. Or empty_view<T, 3>(): not made
 * @param dh0 output dL/dh0 (B,H); overwritten
 * @param dc0 output dL/dc0 (B,H); overwritten
 * @throws invalid_argument when the cell is not built
 * @throws shape_error when a shape does not fit, or the cache holds a forward of other shapes;
 *         the message names the function and the argument: `lstm_backward: cache.gates (run the
 *         forward on this x first) must be (4,6,8), got (4,5,8)`
 *
 * Complexity: 8·B·T·H·(I+H) flops; allocates only when the cache's shapes change. Example: with
 * T = 1 and f = 1, dh = 0: dc0 = 0 — and with dc from a following step it would pass unchanged.
 */
template <class T>
void lstm_backward(const lstm_cell<T>& cell, lstm_cache<T>& cache, const const_tensor_view<T, 3>& x,
                   const const_tensor_view<T, 3>& dh, tensor_view<T, 3> dx, matrix_view<T> dh0, matrix_view<T> dc0) {
    todo("nn/11_lstm", "lstm_backward");
}

/**
 * @ingroup nn
 * @brief One forward step of the LSTM — lstm_forward() with T = 1, also returning c'.
 *
 * For a loop that decides each input from the previous output (generation, a decoder).
 *
 * @param cell the cell
 * @param x the input at this step (B,I)
 * @param h the previous hidden state (B,H)
 * @param c the previous cell state (B,H)
 * @param h_next output h' (B,H)
 * @param c_next output c' (B,H)
 * @param cache what lstm_cell_backward() needs (a cache of T = 1)
 * @throws shape_error when x is not (B,I) or h, c, h_next, c_next are not (B,H); the message names
 *         the function, the argument and both shapes: `lstm_cell_forward: h must be (4,2), got (5,2)`
 *
 * Complexity: 8·B·H·(I+H) flops. Example: the fixed gates i = ¾, f = ¼, g = ½, o = ½ and c = 2
 * give c' = ¼·2 + ¾·½ = 0.875 and h' = ½·tanh(0.875) ≈ 0.3520.
 */
template <class T>
void lstm_cell_forward(const lstm_cell<T>& cell, const const_matrix_view<T>& x, const const_matrix_view<T>& h,
                       const const_matrix_view<T>& c, matrix_view<T> h_next, matrix_view<T> c_next,
                       lstm_cache<T>& cache) {
    todo("nn/11_lstm", "lstm_cell_forward");
}

/**
 * @ingroup nn
 * @brief One backward step of the LSTM: accumulates the parameter gradients and writes dx, dh,
 * dc — lstm_backward() with T = 1, whose step also receives dc' from the step after it.
 *
 * @param cell the cell; its gradients are added to (`+=`)
 * @param cache what lstm_cell_forward() kept
 * @param x the input of this step (B,I)
 * @param dh_next dL/dh' (B,H)
 * @param dc_next dL/dc' (B,H) from the following step (zeros at the last step)
 * @param dx output dL/dx (B,I)
 * @param dh output dL/dh (B,H)
 * @param dc output dL/dc (B,H)
 * @throws shape_error when a shape does not fit
 *
 * Complexity: 8·B·H·(I+H) flops. Example: with f = 1 and dh' = 0, dc = dc': the memory path
 * passes its gradient back unchanged.
 */
template <class T>
void lstm_cell_backward(const lstm_cell<T>& cell, lstm_cache<T>& cache, const const_matrix_view<T>& x,
                        const const_matrix_view<T>& dh_next, const const_matrix_view<T>& dc_next, matrix_view<T> dx,
                        matrix_view<T> dh, matrix_view<T> dc) {
    todo("nn/11_lstm", "lstm_cell_backward");
}

/**
 * @ingroup nn
 * @brief lstm_forward() on owning tensors, for tests and small programs: returns h (B,T,H).
 *
 * @throws shape_error, invalid_argument as the view version
 *
 * Complexity: as the view version, plus the allocation of h.
 */
template <class T>
tensor3_of<T> lstm_forward(const lstm_cell<T>& cell, const tensor3_of<T>& x, const matrix_of<T>& h0,
                           const matrix_of<T>& c0, lstm_cache<T>& cache) {
    todo("nn/11_lstm", "lstm_forward");
}

/// @ingroup nn
/// @brief The gradients lstm_backward() on owning tensors returns.
template <class T>
struct lstm_grads {
    tensor3_of<T> dx;  ///< dL/dx (B,T,I)
    matrix_of<T> dh0;  ///< dL/dh0 (B,H)
    matrix_of<T> dc0;  ///< dL/dc0 (B,H)
};

/**
 * @ingroup nn
 * @brief lstm_backward() on owning tensors, for tests and small programs: returns dx, dh0, dc0.
 *
 * @throws shape_error, invalid_argument as the view version
 *
 * Complexity: as the view version, plus the allocation of the gradients.
 */
template <class T>
lstm_grads<T> lstm_backward(const lstm_cell<T>& cell, lstm_cache<T>& cache, const tensor3_of<T>& x,
                            const tensor3_of<T>& dh) {
    todo("nn/11_lstm", "lstm_backward");
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_11_LSTM_HPP
