// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nn/11 — the LSTM cell: forward and backward step, and a sequence unroll with BPTT.
 *
 * Shapes: B = batch, T = time steps, I = input features, H = hidden units.
 *   x (B,T,I)   h0, c0, dh0, dc0 (B,H)   h, c, dhs (B,T,H)   gates (B,T,4H)
 *   cell.ih: weight W_ih (4H,I), bias b_ih (4H)    cell.hh: weight W_hh (4H,H), bias b_hh (4H)
 *
 * Convention: exactly PyTorch's torch.nn.LSTMCell, gate blocks stacked in the order i, f, g, o
 * (rows 0..H−1 of W_ih and W_hh are the input gate, H..2H−1 the forget gate, 2H..3H−1 the cell
 * candidate, 3H..4H−1 the output gate):
 *   a = x W_ihᵀ + b_ih + h W_hhᵀ + b_hh          (B,4H)
 *   i = σ(a_i)   f = σ(a_f)   g = tanh(a_g)   o = σ(a_o)
 *   c' = f ⊙ c + i ⊙ g        h' = o ⊙ tanh(c')
 * As in nn/10, the two affine maps are nn/05 dense layers, the sigmoid is ml/03's ml::sigmoid,
 * forward returns the outputs plus the cache the backward needs (the activated gates), and the
 * backward returns input gradients and ACCUMULATES parameter gradients (`+=`).
 *
 * What this file is not: peephole connections, projections (proj_size), multi-layer or
 * bidirectional LSTMs.
 *
 * References: Hochreiter & Schmidhuber (1997), "Long short-term memory"; Gers, Schmidhuber &
 * Cummins (2000), "Learning to forget" (the forget gate); PyTorch's LSTMCell documentation.
 */
#ifndef LLMLINGS_NN_11_LSTM_HPP
#define LLMLINGS_NN_11_LSTM_HPP

#include <cmath>
#include <cstddef>
#include <utility>

#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>
#include <llmlings/ml/03_logistic_regression.hpp>
#include <llmlings/nn/05_dense.hpp>
#include <llmlings/nn/10_rnn.hpp>

namespace llmlings {
namespace nn {

/**
 * @ingroup nn
 * @brief An LSTM cell: two dense maps producing the four stacked gate pre-activations.
 *
 * `ih.weight` is PyTorch's weight_ih (4H,I), `hh.weight` weight_hh (4H,H), the biases (4H); the
 * row blocks are the gates i, f, g, o in that order. Each dense_layer also holds its accumulated
 * gradients.
 */
struct lstm_cell {
    dense_layer ih;  ///< x ↦ x W_ihᵀ + b_ih: weight (4H,I), bias (4H)
    dense_layer hh;  ///< h ↦ h W_hhᵀ + b_hh: weight (4H,H), bias (4H)
};

/// @ingroup nn
/// @brief The result of one forward step: the new state and the cache for the backward.
struct lstm_step {
    matrix h;      ///< h' (B,H)
    matrix c;      ///< c' (B,H)
    matrix gates;  ///< the activated gates (B,4H): columns [i | f | g | o]
};

/// @ingroup nn
/// @brief The gradients one backward step returns.
struct lstm_step_grads {
    matrix dx;  ///< dL/dx_t (B,I)
    matrix dh;  ///< dL/dh_{t−1} (B,H)
    matrix dc;  ///< dL/dc_{t−1} (B,H)
};

/// @ingroup nn
/// @brief The result of a sequence forward: every state and the gates of every step.
struct lstm_sequence {
    tensor3 h;      ///< h_t for t = 1..T (B,T,H)
    tensor3 c;      ///< c_t for t = 1..T (B,T,H)
    tensor3 gates;  ///< the activated gates of every step (B,T,4H)
};

/// @ingroup nn
/// @brief The gradients a backward pass through time returns.
struct lstm_sequence_grads {
    tensor3 dx;  ///< dL/dx (B,T,I)
    matrix dh0;  ///< dL/dh0 (B,H)
    matrix dc0;  ///< dL/dc0 (B,H)
};

/**
 * @ingroup nn
 * @brief An LSTM cell with `input_size` inputs and `hidden_size` units, every parameter and
 * gradient zero (call init_lstm_uniform() next).
 *
 * @param input_size I
 * @param hidden_size H
 * @return a cell with ih (4H,I) and hh (4H,H), zero
 * @throws invalid_argument when I or H is 0
 *
 * Complexity: O(H·(I+H)). Example: `make_lstm_cell(4, 3).ih.weight.shape()` → `(12,4)`.
 */
inline lstm_cell make_lstm_cell(std::size_t input_size, std::size_t hidden_size) {
    todo("nn/11_lstm", "make_lstm_cell");
}

/**
 * @ingroup nn
 * @brief PyTorch's default initialisation: every weight and bias from U(−1/√H, 1/√H).
 *
 * @param cell the cell; all four parameter arrays are overwritten
 * @param gen the generator
 * @throws invalid_argument when the cell is empty (not made by make_lstm_cell)
 *
 * Complexity: O(H·(I+H)). Example: with H = 4 every parameter lies in [−0.5, 0.5].
 */
inline void init_lstm_uniform(lstm_cell& cell, rng& gen) {
    todo("nn/11_lstm", "init_lstm_uniform");
}

/**
 * @ingroup nn
 * @brief Sets the four gradient arrays of the cell to zero.
 *
 * Throws nothing. Complexity: O(H·(I+H)). Example: after `zero_grad(cell)`,
 * `cell.ih.bias_grad` is all zeros.
 */
inline void zero_grad(lstm_cell& cell) {
    todo("nn/11_lstm", "zero_grad");
}

/**
 * @ingroup nn
 * @brief One forward step of the LSTM.
 *
 * @f[ a = x W_{ih}^\top + b_{ih} + h W_{hh}^\top + b_{hh} = [a_i \,|\, a_f \,|\, a_g \,|\, a_o] @f]
 * @f[ i = \sigma(a_i),\; f = \sigma(a_f),\; g = \tanh(a_g),\; o = \sigma(a_o), \qquad
 *     c' = f \odot c + i \odot g, \qquad h' = o \odot \tanh(c') @f]
 * The forget gate f decides how much of the old memory c is kept, the input gate i how much of
 * the candidate g is written, the output gate o how much of the memory is shown as h'.
 *
 * @param cell the cell
 * @param x the input at this step (B,I)
 * @param h the previous hidden state (B,H)
 * @param c the previous cell state (B,H)
 * @return h' (B,H), c' (B,H) and the activated gates (B,4H), which lstm_cell_backward needs
 * @throws shape_error when x is not (B,I) or h, c are not (B,H)
 *
 * Complexity: 8·B·H·(I+H) flops. Example: all parameters 0 give i = f = o = ½ and g = 0, so
 * c' = c/2 and h' = ½·tanh(c/2); with c = 2: c' = 1, h' = ½·tanh(1) ≈ 0.3808.
 */
inline lstm_step lstm_cell_forward(const lstm_cell& cell, const matrix& x, const matrix& h, const matrix& c) {
    todo("nn/11_lstm", "lstm_cell_forward");
}

/**
 * @ingroup nn
 * @brief One backward step of the LSTM: accumulates the parameter gradients, returns dx, dh, dc.
 *
 * With τ = tanh(c') and the upstream gradients dh' and dc' (the latter from the next step):
 * @f[ do = dh' \odot \tau, \qquad \delta c = dc' + dh' \odot o \odot (1 - \tau^2) @f]
 * @f[ di = \delta c \odot g, \quad df = \delta c \odot c, \quad dg = \delta c \odot i, \quad
 *     dc = \delta c \odot f @f]
 * @f[ da = [\,di\, i(1-i) \,|\, df\, f(1-f) \,|\, dg\,(1-g^2) \,|\, do\, o(1-o)\,] @f]
 * then the two dense backward passes of nn/05 with da: dx = da W_ih, dh = da W_hh.
 *
 * @param cell the cell; its gradients are added to (`+=`)
 * @param x the input of this step (B,I)
 * @param h the previous hidden state (B,H)
 * @param c the previous cell state (B,H)
 * @param step what lstm_cell_forward(cell, x, h, c) returned (its c and gates are used)
 * @param dh_next dL/dh' (B,H)
 * @param dc_next dL/dc' (B,H) from the following step (zeros at the last step)
 * @return dx (B,I), dh = dL/dh (B,H), dc = dL/dc (B,H)
 * @throws shape_error when a shape does not fit
 *
 * Complexity: 8·B·H·(I+H) flops. Example: with f = 1 and dh' = 0, dc = dc': the memory path
 * passes its gradient back unchanged, the reason LSTMs remember over long spans.
 */
inline lstm_step_grads lstm_cell_backward(lstm_cell& cell, const matrix& x, const matrix& h, const matrix& c,
                                          const lstm_step& step, const matrix& dh_next, const matrix& dc_next) {
    todo("nn/11_lstm", "lstm_cell_backward");
}

/**
 * @ingroup nn
 * @brief Runs the LSTM over a sequence; returns every h_t, c_t and the gates (the BPTT cache).
 *
 * @f[ (h_t, c_t) = \text{LSTM}(x_t, h_{t-1}, c_{t-1}), \quad t = 1..T @f]
 *
 * @param cell the cell
 * @param x the inputs (B,T,I)
 * @param h0 the initial hidden state (B,H)
 * @param c0 the initial cell state (B,H)
 * @return h (B,T,H), c (B,T,H), gates (B,T,4H)
 * @throws shape_error when x is not (B,T,I) or h0, c0 are not (B,H)
 *
 * Complexity: 8·T·B·H·(I+H) flops. Example: with T = 1 the result holds lstm_cell_forward(x_0, h0, c0).
 */
inline lstm_sequence lstm_forward(const lstm_cell& cell, const tensor3& x, const matrix& h0, const matrix& c0) {
    todo("nn/11_lstm", "lstm_forward");
}

/**
 * @ingroup nn
 * @brief Backpropagation through time for the LSTM: accumulates the parameter gradients and
 * returns dx, dh0 and dc0.
 *
 * `dhs[:,t,:]` is dL/dh_t from the outputs; the loss is taken to depend on the cell states only
 * through the h_t. Walking t = T−1 down to 0 with carried gradients (g_h, g_c), both zero at first:
 * @f[ g_h \leftarrow g_h + dhs_t, \qquad (dx_t, g_h, g_c) \leftarrow
 *     \text{lstm\_cell\_backward}(x_t, h_{t-1}, c_{t-1}, \text{step}_t, g_h, g_c) @f]
 *
 * @param cell the cell; its gradients are added to (`+=`)
 * @param x the inputs the forward saw (B,T,I)
 * @param h0 the initial hidden state the forward saw (B,H)
 * @param c0 the initial cell state the forward saw (B,H)
 * @param seq what lstm_forward(cell, x, h0, c0) returned
 * @param dhs dL/dh (B,T,H)
 * @return dx (B,T,I), dh0 (B,H), dc0 (B,H)
 * @throws shape_error when a shape does not fit
 *
 * Complexity: 8·T·B·H·(I+H) flops. Example: with T = 1 it is one lstm_cell_backward with dc' = 0.
 */
inline lstm_sequence_grads lstm_backward(lstm_cell& cell, const tensor3& x, const matrix& h0, const matrix& c0,
                                         const lstm_sequence& seq, const tensor3& dhs) {
    todo("nn/11_lstm", "lstm_backward");
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_11_LSTM_HPP
