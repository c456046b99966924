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
    if (input_size == 0 || hidden_size == 0)
        throw invalid_argument("make_lstm_cell",
                               ::llmlings::detail::concat("input_size and hidden_size must be > 0, got ", input_size,
                                                          " and ", hidden_size));
    return lstm_cell{make_dense(input_size, 4 * hidden_size), make_dense(hidden_size, 4 * hidden_size)};
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
    const std::size_t hidden = cell.hh.weight.shape()[1];
    if (hidden == 0 || cell.ih.weight.size() == 0)
        throw invalid_argument("init_lstm_uniform", "the cell is empty: build it with make_lstm_cell");
    detail::init_recurrent_uniform(cell.ih, gen, hidden);
    detail::init_recurrent_uniform(cell.hh, gen, hidden);
}

/**
 * @ingroup nn
 * @brief Sets the four gradient arrays of the cell to zero.
 *
 * Throws nothing. Complexity: O(H·(I+H)). Example: after `zero_grad(cell)`,
 * `cell.ih.bias_grad` is all zeros.
 */
inline void zero_grad(lstm_cell& cell) {
    zero_grad(cell.ih);
    zero_grad(cell.hh);
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
    const std::size_t batch = x.shape()[0], in = cell.ih.weight.shape()[1], hidden = cell.hh.weight.shape()[1];
    detail::expect_shape("lstm_cell_forward", "x", x, {batch, in});
    detail::expect_shape("lstm_cell_forward", "h", h, {batch, hidden});
    detail::expect_shape("lstm_cell_forward", "c", c, {batch, hidden});
    lstm_step step;
    // 1. All four gate pre-activations at once: (B,4H).
    step.gates = dense_forward(cell.ih, x);
    step.gates += dense_forward(cell.hh, h);
    step.c = matrix({batch, hidden});
    step.h = matrix({batch, hidden});
    for (std::size_t b = 0; b < batch; ++b)
        for (std::size_t k = 0; k < hidden; ++k) {
            // 2. Activations, in place: sigmoid for i, f, o and tanh for g.
            double& i = step.gates(b, k);
            double& f = step.gates(b, hidden + k);
            double& g = step.gates(b, 2 * hidden + k);
            double& o = step.gates(b, 3 * hidden + k);
            i = ml::sigmoid(i);
            f = ml::sigmoid(f);
            g = std::tanh(g);
            o = ml::sigmoid(o);
            // 3. The memory update and the output.
            step.c(b, k) = f * c(b, k) + i * g;
            step.h(b, k) = o * std::tanh(step.c(b, k));
        }
    return step;
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
    const std::size_t batch = x.shape()[0], in = cell.ih.weight.shape()[1], hidden = cell.hh.weight.shape()[1];
    detail::expect_shape("lstm_cell_backward", "x", x, {batch, in});
    detail::expect_shape("lstm_cell_backward", "h", h, {batch, hidden});
    detail::expect_shape("lstm_cell_backward", "c", c, {batch, hidden});
    detail::expect_shape("lstm_cell_backward", "step.c", step.c, {batch, hidden});
    detail::expect_shape("lstm_cell_backward", "step.gates", step.gates, {batch, 4 * hidden});
    detail::expect_shape("lstm_cell_backward", "dh_next", dh_next, {batch, hidden});
    detail::expect_shape("lstm_cell_backward", "dc_next", dc_next, {batch, hidden});
    lstm_step_grads grads;
    grads.dc = matrix({batch, hidden});
    matrix da({batch, 4 * hidden});
    for (std::size_t b = 0; b < batch; ++b)
        for (std::size_t k = 0; k < hidden; ++k) {
            const double i = step.gates(b, k), f = step.gates(b, hidden + k);
            const double g = step.gates(b, 2 * hidden + k), o = step.gates(b, 3 * hidden + k);
            const double tau = std::tanh(step.c(b, k));
            // 1. Through h' = o ⊙ tanh(c'), adding the memory's own gradient from the future.
            const double d_o = dh_next(b, k) * tau;
            const double dc_total = dc_next(b, k) + dh_next(b, k) * o * (1.0 - tau * tau);
            // 2. Through c' = f ⊙ c + i ⊙ g.
            const double d_i = dc_total * g, d_f = dc_total * c(b, k), d_g = dc_total * i;
            grads.dc(b, k) = dc_total * f;
            // 3. Through the activations: σ' = σ(1 − σ), tanh' = 1 − tanh².
            da(b, k) = d_i * i * (1.0 - i);
            da(b, hidden + k) = d_f * f * (1.0 - f);
            da(b, 2 * hidden + k) = d_g * (1.0 - g * g);
            da(b, 3 * hidden + k) = d_o * o * (1.0 - o);
        }
    // 4. Through the two affine maps (accumulating their parameter gradients).
    grads.dx = dense_backward(cell.ih, x, da);
    grads.dh = dense_backward(cell.hh, h, da);
    return grads;
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
    const std::size_t batch = x.shape()[0], steps = x.shape()[1];
    const std::size_t in = cell.ih.weight.shape()[1], hidden = cell.hh.weight.shape()[1];
    detail::expect_shape("lstm_forward", "x", x, {batch, steps, in});
    detail::expect_shape("lstm_forward", "h0", h0, {batch, hidden});
    detail::expect_shape("lstm_forward", "c0", c0, {batch, hidden});
    lstm_sequence seq{tensor3({batch, steps, hidden}), tensor3({batch, steps, hidden}),
                      tensor3({batch, steps, 4 * hidden})};
    matrix x_t({batch, in});
    lstm_step step{h0, c0, matrix({batch, 4 * hidden})};
    for (std::size_t t = 0; t < steps; ++t) {
        detail::read_step(x, t, x_t);
        step = lstm_cell_forward(cell, x_t, step.h, step.c);
        detail::write_step(seq.h, t, step.h);
        detail::write_step(seq.c, t, step.c);
        detail::write_step(seq.gates, t, step.gates);
    }
    return seq;
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
    const std::size_t batch = x.shape()[0], steps = x.shape()[1];
    const std::size_t in = cell.ih.weight.shape()[1], hidden = cell.hh.weight.shape()[1];
    detail::expect_shape("lstm_backward", "x", x, {batch, steps, in});
    detail::expect_shape("lstm_backward", "h0", h0, {batch, hidden});
    detail::expect_shape("lstm_backward", "c0", c0, {batch, hidden});
    detail::expect_shape("lstm_backward", "seq.h", seq.h, {batch, steps, hidden});
    detail::expect_shape("lstm_backward", "seq.c", seq.c, {batch, steps, hidden});
    detail::expect_shape("lstm_backward", "seq.gates", seq.gates, {batch, steps, 4 * hidden});
    detail::expect_shape("lstm_backward", "dhs", dhs, {batch, steps, hidden});
    lstm_sequence_grads grads;
    grads.dx = xt::zeros<double>({batch, steps, in});
    matrix carried_h = xt::zeros<double>({batch, hidden}), carried_c = xt::zeros<double>({batch, hidden});
    matrix x_t({batch, in}), h_prev({batch, hidden}), c_prev({batch, hidden}), dh_t({batch, hidden});
    lstm_step step{matrix({batch, hidden}), matrix({batch, hidden}), matrix({batch, 4 * hidden})};
    for (std::size_t t = steps; t-- > 0;) {
        detail::read_step(x, t, x_t);
        detail::read_step(seq.c, t, step.c);
        detail::read_step(seq.gates, t, step.gates);
        if (t > 0) {
            detail::read_step(seq.h, t - 1, h_prev);
            detail::read_step(seq.c, t - 1, c_prev);
        } else {
            h_prev = h0;
            c_prev = c0;
        }
        detail::read_step(dhs, t, dh_t);
        dh_t += carried_h;
        lstm_step_grads back = lstm_cell_backward(cell, x_t, h_prev, c_prev, step, dh_t, carried_c);
        detail::write_step(grads.dx, t, back.dx);
        carried_h = std::move(back.dh);
        carried_c = std::move(back.dc);
    }
    grads.dh0 = std::move(carried_h);
    grads.dc0 = std::move(carried_c);
    return grads;
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_11_LSTM_HPP
