// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nn/10 — the Elman RNN cell, its backward step, and backpropagation through time (BPTT).
 *
 * Shapes: B = batch, T = time steps, I = input features, H = hidden units.
 *   x (B,T,I)   h0, dh0 (B,H)   hs, dhs (B,T,H)   one step: x_t (B,I), h_t (B,H)
 *   cell.ih: weight W_ih (H,I), bias b_ih (H)    cell.hh: weight W_hh (H,H), bias b_hh (H)
 *
 * Convention: exactly PyTorch's torch.nn.RNNCell (nonlinearity tanh), batch first:
 *   h_t = tanh(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh)
 * The two affine maps are nn/05 dense layers (same (out,in) layout as PyTorch), so a cell copied
 * from a PyTorch state_dict needs no transpose, and the products and their gradients are nn/05's
 * dense_forward / dense_backward. As in nn/05, forward returns the outputs (here every hidden
 * state hs, which is also the cache the backward needs); backward returns the input gradients and
 * ACCUMULATES the parameter gradients (`+=`), which is exactly what BPTT needs: the same weights
 * are used at every step, so their gradient is the sum of the per-step gradients.
 *
 * What this file is not: a multi-layer or bidirectional RNN, or a fused fast kernel. Gradient
 * clipping, which an RNN usually needs, is nn/13's.
 *
 * References: Elman (1990), "Finding structure in time"; Werbos (1990), "Backpropagation through
 * time: what it does and how to do it"; Pascanu, Mikolov & Bengio (2013), "On the difficulty of
 * training recurrent neural networks".
 */
#ifndef LLMLINGS_NN_10_RNN_HPP
#define LLMLINGS_NN_10_RNN_HPP

#include <cmath>
#include <cstddef>
#include <utility>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xtensor.hpp>

#include <llmlings/core.hpp>
#include <llmlings/nn/05_dense.hpp>

namespace llmlings {
namespace nn {

// A sequence batch is a tensor3 (core/tensor.hpp), batch-first: (B,T,F) = batch, time step, feature.

/**
 * @ingroup nn
 * @brief An Elman RNN cell: two dense maps, input-to-hidden and hidden-to-hidden.
 *
 * `ih.weight` is PyTorch's weight_ih (H,I), `ih.bias` its bias_ih (H); `hh.weight` is weight_hh
 * (H,H), `hh.bias` bias_hh (H). Each dense_layer also holds the accumulated gradients
 * (`weight_grad`, `bias_grad`). The two biases are redundant (only their sum matters); PyTorch
 * keeps both, and so do we, to load its weights as they are.
 */
struct rnn_cell {
    dense_layer ih;  ///< x ↦ x W_ihᵀ + b_ih: weight (H,I), bias (H)
    dense_layer hh;  ///< h ↦ h W_hhᵀ + b_hh: weight (H,H), bias (H)
};

/// @ingroup nn
/// @brief The gradients one backward step returns: dL/dx_t and dL/dh_{t−1}.
struct rnn_step_grads {
    matrix dx;  ///< dL/dx_t (B,I)
    matrix dh;  ///< dL/dh_{t−1} (B,H): what flows back to the previous step
};

/// @ingroup nn
/// @brief The gradients a backward pass through time returns: dL/dx and dL/dh0.
struct rnn_sequence_grads {
    tensor3 dx;  ///< dL/dx (B,T,I)
    matrix dh0;  ///< dL/dh0 (B,H)
};

namespace detail {

/// Throws shape_error unless `a` has the shape `expected` (a braced list of extents).
template <class A, std::size_t N>
void expect_shape(const char* function, const char* what, const A& a, const std::size_t (&expected)[N]) {
    todo("nn/10_rnn", "expect_shape");
}

/// Copies the time step t of a sequence s (B,T,F) into the matrix out (B,F) (resized if needed).
inline void read_step(const tensor3& s, std::size_t t, matrix& out) {
    todo("nn/10_rnn", "read_step");
}

/// Copies the matrix m (B,F) into the time step t of the sequence s (B,T,F).
inline void write_step(tensor3& s, std::size_t t, const matrix& m) {
    todo("nn/10_rnn", "write_step");
}

/// Fills every weight and bias of the layer from U(−1/√H, 1/√H), PyTorch's default for RNN cells.
inline void init_recurrent_uniform(dense_layer& layer, rng& gen, std::size_t hidden) {
    todo("nn/10_rnn", "init_recurrent_uniform");
}

}  // namespace detail

/**
 * @ingroup nn
 * @brief An RNN cell with `input_size` inputs and `hidden_size` hidden units, every parameter and
 * gradient zero (call init_rnn_uniform() next).
 *
 * @param input_size I
 * @param hidden_size H
 * @return a cell with ih (H,I) and hh (H,H), zero
 * @throws invalid_argument when I or H is 0
 *
 * Complexity: O(H·(I+H)). Example: `make_rnn_cell(4, 3).hh.weight.shape()` → `(3,3)`.
 */
inline rnn_cell make_rnn_cell(std::size_t input_size, std::size_t hidden_size) {
    todo("nn/10_rnn", "make_rnn_cell");
}

/**
 * @ingroup nn
 * @brief PyTorch's default initialisation: every weight and bias from U(−1/√H, 1/√H).
 *
 * @param cell the cell; all four parameter arrays are overwritten
 * @param gen the generator (H·(I+H+2) uniforms are drawn)
 * @throws invalid_argument when the cell is empty (not made by make_rnn_cell)
 *
 * Complexity: O(H·(I+H)). Example: with H = 4 every parameter lies in [−0.5, 0.5].
 */
inline void init_rnn_uniform(rnn_cell& cell, rng& gen) {
    todo("nn/10_rnn", "init_rnn_uniform");
}

/**
 * @ingroup nn
 * @brief Sets the four gradient arrays of the cell to zero (call it before each new BPTT pass).
 *
 * Throws nothing. Complexity: O(H·(I+H)). Example: after `zero_grad(cell)`,
 * `cell.hh.bias_grad` → `(0,0,0)`.
 */
inline void zero_grad(rnn_cell& cell) {
    todo("nn/10_rnn", "zero_grad");
}

/**
 * @ingroup nn
 * @brief One forward step: h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh).
 *
 * @f[ h'_{bk} = \tanh\Big(\sum_i x_{bi} W^{ih}_{ki} + b^{ih}_k + \sum_j h_{bj} W^{hh}_{kj} + b^{hh}_k\Big) @f]
 * The backward needs x, h and h' (tanh' = 1 − h'²): keep them.
 *
 * @param cell the cell
 * @param x the input at this step (B,I)
 * @param h the previous hidden state (B,H)
 * @return the new hidden state h' (B,H), every entry in (−1, 1)
 * @throws shape_error when x is not (B,I) or h is not (B,H)
 *
 * Complexity: 2·B·H·(I+H) flops. Example: I = H = 1, W_ih = 1, W_hh = 0.5, biases 0, x = 1,
 * h = 2 → h' = tanh(2) ≈ 0.9640.
 */
inline matrix rnn_cell_forward(const rnn_cell& cell, const matrix& x, const matrix& h) {
    todo("nn/10_rnn", "rnn_cell_forward");
}

/**
 * @ingroup nn
 * @brief One backward step: accumulates the parameter gradients, returns dL/dx and dL/dh.
 *
 * With a = x W_ihᵀ + b_ih + h W_hhᵀ + b_hh and h' = tanh(a):
 * @f[ da = dh' \odot (1 - h'^2), \quad dW_{ih} \mathrel{+}= da^\top x, \quad
 *     dW_{hh} \mathrel{+}= da^\top h, \quad db_{ih} \mathrel{+}= \textstyle\sum_b da_b, \quad
 *     db_{hh} \mathrel{+}= \textstyle\sum_b da_b, \quad dx = da\, W_{ih}, \quad dh = da\, W_{hh} @f]
 * That is two nn/05 dense backward passes sharing the same upstream gradient da.
 *
 * @param cell the cell; its gradients are added to (`+=`)
 * @param x the input of this step (B,I)
 * @param h the previous hidden state (B,H)
 * @param h_next the output h' of rnn_cell_forward(cell, x, h) (B,H)
 * @param dh_next dL/dh' (B,H): the loss's gradient at this step plus what flowed back from the next
 * @return dx (B,I) and dh = dL/dh (B,H)
 * @throws shape_error when a shape does not fit
 *
 * Complexity: 4·B·H·(I+H) flops. Example: I = H = B = 1, W_ih = 1, W_hh = 0.5, x = 0, h = 0
 * (so h' = 0), dh' = 1 → dx = 1, dh = 0.5, dW_ih += 0, dW_hh += 0, both biases += 1.
 */
inline rnn_step_grads rnn_cell_backward(rnn_cell& cell, const matrix& x, const matrix& h, const matrix& h_next,
                                        const matrix& dh_next) {
    todo("nn/10_rnn", "rnn_cell_backward");
}

/**
 * @ingroup nn
 * @brief Runs the cell over a sequence and returns every hidden state.
 *
 * @f[ h_t = \tanh(x_t W_{ih}^\top + b_{ih} + h_{t-1} W_{hh}^\top + b_{hh}), \quad t = 1..T @f]
 * hs[:,t,:] = h_t. The last step hs[:,T−1,:] is the final state. hs is also the cache rnn_backward
 * needs (with x and h0).
 *
 * @param cell the cell
 * @param x the inputs (B,T,I)
 * @param h0 the initial hidden state (B,H), often zeros
 * @return hs (B,T,H)
 * @throws shape_error when x is not (B,T,I) or h0 is not (B,H)
 *
 * Complexity: 2·T·B·H·(I+H) flops, T sequential steps. Example: with W_hh = 0, every h_t depends on
 * x_t only; with T = 1 the result is rnn_cell_forward(cell, x_0, h0).
 */
inline tensor3 rnn_forward(const rnn_cell& cell, const tensor3& x, const matrix& h0) {
    todo("nn/10_rnn", "rnn_forward");
}

/**
 * @ingroup nn
 * @brief Backpropagation through time: accumulates the parameter gradients over all steps and
 * returns dL/dx and dL/dh0.
 *
 * `dhs[:,t,:]` is the gradient of the loss with respect to h_t coming from the outputs (zero where
 * a step has no loss). Walking t = T−1 down to 0 with a carried gradient g (0 at the start):
 * @f[ g \leftarrow g + dhs_t, \qquad (dx_t,\; g) \leftarrow \text{rnn\_cell\_backward}(x_t, h_{t-1}, h_t, g) @f]
 * The final g is dL/dh0. The weights receive the sum of their per-step gradients because
 * rnn_cell_backward accumulates. Repeated multiplication by W_hh and tanh' is why gradients vanish
 * (or explode) over long sequences.
 *
 * @param cell the cell; its gradients are added to (`+=`)
 * @param x the inputs the forward saw (B,T,I)
 * @param h0 the initial state the forward saw (B,H)
 * @param hs the output of rnn_forward(cell, x, h0) (B,T,H)
 * @param dhs dL/dhs (B,T,H)
 * @return dx (B,T,I) and dh0 (B,H)
 * @throws shape_error when a shape does not fit
 *
 * Complexity: 4·T·B·H·(I+H) flops. Example: with T = 1 it is rnn_cell_backward(x_0, h0, hs_0, dhs_0).
 */
inline rnn_sequence_grads rnn_backward(rnn_cell& cell, const tensor3& x, const matrix& h0, const tensor3& hs,
                                       const tensor3& dhs) {
    todo("nn/10_rnn", "rnn_backward");
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_10_RNN_HPP
