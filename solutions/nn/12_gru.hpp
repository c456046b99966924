// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nn/12 — the GRU cell (forward and backward step, sequence unroll with BPTT) and
 * character-level text generation by sampling from a GRU.
 *
 * Shapes: B = batch, T = time steps, I = input features, H = hidden units, V = vocabulary size.
 *   x (B,T,I)   h0, dh0 (B,H)   h, dhs (B,T,H)   gates (B,T,3H)   hn (B,T,H)
 *   cell.ih: weight W_ih (3H,I), bias b_ih (3H)    cell.hh: weight W_hh (3H,H), bias b_hh (3H)
 *   readout: weight (V,H), bias (V)
 *
 * Convention: exactly PyTorch's torch.nn.GRUCell, gate blocks stacked in the order r, z, n:
 *   r = σ(x W_irᵀ + b_ir + h W_hrᵀ + b_hr)        reset gate
 *   z = σ(x W_izᵀ + b_iz + h W_hzᵀ + b_hz)        update gate
 *   n = tanh(x W_inᵀ + b_in + r ⊙ (h W_hnᵀ + b_hn))   candidate
 *   h' = (1 − z) ⊙ n + z ⊙ h
 * Note that r multiplies h W_hnᵀ + b_hn, bias included (PyTorch's and cuDNN's form; the original
 * paper applies r to h before the product). As in nn/10 the affine maps are nn/05 dense layers,
 * the sigmoid is ml/03's; forward returns the outputs plus the cache (activated gates and
 * hn = h W_hnᵀ + b_hn), backward returns input gradients and accumulates parameter gradients.
 *
 * Generation: a GRU over one-hot characters with a dense readout to V logits is a character
 * language model; generate_text() samples from it with ml::softmax and stats::sample_categorical.
 *
 * References: Cho et al. (2014), "Learning phrase representations using RNN encoder-decoder for
 * statistical machine translation"; Chung et al. (2014), "Empirical evaluation of gated recurrent
 * neural networks on sequence modeling"; Karpathy (2015), "The unreasonable effectiveness of
 * recurrent neural networks" (character-level generation).
 */
#ifndef LLMLINGS_NN_12_GRU_HPP
#define LLMLINGS_NN_12_GRU_HPP

#include <cmath>
#include <cstddef>
#include <string>
#include <utility>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xview.hpp>

#include <llmlings/core.hpp>
#include <llmlings/ml/03_logistic_regression.hpp>
#include <llmlings/nn/05_dense.hpp>
#include <llmlings/nn/10_rnn.hpp>
#include <llmlings/stats/03_sampling.hpp>

namespace llmlings {
namespace nn {

/**
 * @ingroup nn
 * @brief A GRU cell: two dense maps producing the three stacked gate pre-activations.
 *
 * `ih.weight` is PyTorch's weight_ih (3H,I), `hh.weight` weight_hh (3H,H), biases (3H); the row
 * blocks are r, z, n in that order. The two maps are kept apart (not summed) because the n block
 * of `hh` is multiplied by r before it is added.
 */
struct gru_cell {
    dense_layer ih;  ///< x ↦ x W_ihᵀ + b_ih: weight (3H,I), bias (3H)
    dense_layer hh;  ///< h ↦ h W_hhᵀ + b_hh: weight (3H,H), bias (3H)
};

/// @ingroup nn
/// @brief The result of one forward step: the new state and the cache for the backward.
struct gru_step {
    matrix h;      ///< h' (B,H)
    matrix gates;  ///< the activated gates (B,3H): columns [r | z | n]
    matrix hn;     ///< h W_hnᵀ + b_hn (B,H), the part r multiplies (needed for dr)
};

/// @ingroup nn
/// @brief The gradients one backward step returns.
struct gru_step_grads {
    matrix dx;  ///< dL/dx_t (B,I)
    matrix dh;  ///< dL/dh_{t−1} (B,H)
};

/// @ingroup nn
/// @brief The result of a sequence forward: every state and the cache of every step.
struct gru_sequence {
    tensor3 h;      ///< h_t for t = 1..T (B,T,H)
    tensor3 gates;  ///< the activated gates of every step (B,T,3H)
    tensor3 hn;     ///< h_{t−1} W_hnᵀ + b_hn of every step (B,T,H)
};

/// @ingroup nn
/// @brief The gradients a backward pass through time returns.
struct gru_sequence_grads {
    tensor3 dx;  ///< dL/dx (B,T,I)
    matrix dh0;  ///< dL/dh0 (B,H)
};

/**
 * @ingroup nn
 * @brief A GRU cell with `input_size` inputs and `hidden_size` units, every parameter and
 * gradient zero (call init_gru_uniform() next).
 *
 * @param input_size I
 * @param hidden_size H
 * @return a cell with ih (3H,I) and hh (3H,H), zero
 * @throws invalid_argument when I or H is 0
 *
 * Complexity: O(H·(I+H)). Example: `make_gru_cell(4, 3).hh.weight.shape()` → `(9,3)`.
 */
inline gru_cell make_gru_cell(std::size_t input_size, std::size_t hidden_size) {
    if (input_size == 0 || hidden_size == 0)
        throw invalid_argument("make_gru_cell",
                               ::llmlings::detail::concat("input_size and hidden_size must be > 0, got ", input_size,
                                                          " and ", hidden_size));
    return gru_cell{make_dense(input_size, 3 * hidden_size), make_dense(hidden_size, 3 * hidden_size)};
}

/**
 * @ingroup nn
 * @brief PyTorch's default initialisation: every weight and bias from U(−1/√H, 1/√H).
 *
 * @param cell the cell; all four parameter arrays are overwritten
 * @param gen the generator
 * @throws invalid_argument when the cell is empty (not made by make_gru_cell)
 *
 * Complexity: O(H·(I+H)). Example: with H = 4 every parameter lies in [−0.5, 0.5].
 */
inline void init_gru_uniform(gru_cell& cell, rng& gen) {
    const std::size_t hidden = cell.hh.weight.shape()[1];
    if (hidden == 0 || cell.ih.weight.size() == 0)
        throw invalid_argument("init_gru_uniform", "the cell is empty: build it with make_gru_cell");
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
inline void zero_grad(gru_cell& cell) {
    zero_grad(cell.ih);
    zero_grad(cell.hh);
}

/**
 * @ingroup nn
 * @brief One forward step of the GRU.
 *
 * With gi = x W_ihᵀ + b_ih = [gi_r | gi_z | gi_n] and gh = h W_hhᵀ + b_hh = [gh_r | gh_z | gh_n]:
 * @f[ r = \sigma(gi_r + gh_r), \quad z = \sigma(gi_z + gh_z), \quad n = \tanh(gi_n + r \odot gh_n),
 *     \quad h' = (1 - z) \odot n + z \odot h @f]
 * z interpolates between keeping the old state (z = 1) and taking the candidate n (z = 0); r
 * decides how much of the old state the candidate may look at.
 *
 * @param cell the cell
 * @param x the input at this step (B,I)
 * @param h the previous hidden state (B,H)
 * @return h' (B,H), the activated gates (B,3H) and hn = gh_n (B,H), which gru_cell_backward needs
 * @throws shape_error when x is not (B,I) or h is not (B,H)
 *
 * Complexity: 6·B·H·(I+H) flops. Example: all parameters 0 give r = z = ½ and n = 0, so h' = h/2.
 */
inline gru_step gru_cell_forward(const gru_cell& cell, const matrix& x, const matrix& h) {
    const std::size_t batch = x.shape()[0], in = cell.ih.weight.shape()[1], hidden = cell.hh.weight.shape()[1];
    detail::expect_shape("gru_cell_forward", "x", x, {batch, in});
    detail::expect_shape("gru_cell_forward", "h", h, {batch, hidden});
    gru_step step;
    // 1. The two affine maps, kept apart: (B,3H) each.
    step.gates = dense_forward(cell.ih, x);
    const matrix gh = dense_forward(cell.hh, h);
    step.hn = matrix({batch, hidden});
    step.h = matrix({batch, hidden});
    for (std::size_t b = 0; b < batch; ++b)
        for (std::size_t k = 0; k < hidden; ++k) {
            // 2. The gates, in place over gi: r and z add both maps, n gates the hidden part by r.
            double& r = step.gates(b, k);
            double& z = step.gates(b, hidden + k);
            double& n = step.gates(b, 2 * hidden + k);
            r = ml::sigmoid(r + gh(b, k));
            z = ml::sigmoid(z + gh(b, hidden + k));
            step.hn(b, k) = gh(b, 2 * hidden + k);
            n = std::tanh(n + r * step.hn(b, k));
            // 3. Interpolate between the candidate and the old state.
            step.h(b, k) = (1.0 - z) * n + z * h(b, k);
        }
    return step;
}

/**
 * @ingroup nn
 * @brief One backward step of the GRU: accumulates the parameter gradients, returns dx and dh.
 *
 * With dh' the upstream gradient and the cached r, z, n, hn:
 * @f[ dn = dh' \odot (1 - z), \quad dz = dh' \odot (h - n), \quad
 *     da_n = dn \odot (1 - n^2), \quad dr = da_n \odot hn @f]
 * @f[ da_r = dr \odot r(1-r), \quad da_z = dz \odot z(1-z) @f]
 * The input map receives [da_r | da_z | da_n], the hidden map [da_r | da_z | da_n ⊙ r]
 * (r multiplied its n block), and
 * @f[ dx = [da_r | da_z | da_n]\, W_{ih}, \qquad
 *     dh = dh' \odot z + [da_r | da_z | da_n \odot r]\, W_{hh} @f]
 *
 * @param cell the cell; its gradients are added to (`+=`)
 * @param x the input of this step (B,I)
 * @param h the previous hidden state (B,H)
 * @param step what gru_cell_forward(cell, x, h) returned (gates and hn are used)
 * @param dh_next dL/dh' (B,H)
 * @return dx (B,I) and dh = dL/dh (B,H)
 * @throws shape_error when a shape does not fit
 *
 * Complexity: 6·B·H·(I+H) flops. Example: with z = 1 (update gate closed to new input) dh = dh'
 * and dx = 0: the state and its gradient pass through unchanged.
 */
inline gru_step_grads gru_cell_backward(gru_cell& cell, const matrix& x, const matrix& h, const gru_step& step,
                                        const matrix& dh_next) {
    const std::size_t batch = x.shape()[0], in = cell.ih.weight.shape()[1], hidden = cell.hh.weight.shape()[1];
    detail::expect_shape("gru_cell_backward", "x", x, {batch, in});
    detail::expect_shape("gru_cell_backward", "h", h, {batch, hidden});
    detail::expect_shape("gru_cell_backward", "step.gates", step.gates, {batch, 3 * hidden});
    detail::expect_shape("gru_cell_backward", "step.hn", step.hn, {batch, hidden});
    detail::expect_shape("gru_cell_backward", "dh_next", dh_next, {batch, hidden});
    matrix dgi({batch, 3 * hidden}), dgh({batch, 3 * hidden});
    for (std::size_t b = 0; b < batch; ++b)
        for (std::size_t k = 0; k < hidden; ++k) {
            const double r = step.gates(b, k), z = step.gates(b, hidden + k), n = step.gates(b, 2 * hidden + k);
            // 1. Through h' = (1 − z) n + z h.
            const double dn = dh_next(b, k) * (1.0 - z), dz = dh_next(b, k) * (h(b, k) - n);
            // 2. Through n = tanh(gi_n + r ⊙ hn).
            const double da_n = dn * (1.0 - n * n), dr = da_n * step.hn(b, k);
            // 3. Through the sigmoids.
            const double da_r = dr * r * (1.0 - r), da_z = dz * z * (1.0 - z);
            dgi(b, k) = dgh(b, k) = da_r;
            dgi(b, hidden + k) = dgh(b, hidden + k) = da_z;
            dgi(b, 2 * hidden + k) = da_n;
            dgh(b, 2 * hidden + k) = da_n * r;
        }
    // 4. Through the two affine maps; the direct path z ⊙ dh' joins dh.
    gru_step_grads grads;
    grads.dx = dense_backward(cell.ih, x, dgi);
    grads.dh = dense_backward(cell.hh, h, dgh);
    for (std::size_t b = 0; b < batch; ++b)
        for (std::size_t k = 0; k < hidden; ++k) grads.dh(b, k) += dh_next(b, k) * step.gates(b, hidden + k);
    return grads;
}

/**
 * @ingroup nn
 * @brief Runs the GRU over a sequence; returns every h_t and the per-step cache.
 *
 * @f[ h_t = \text{GRU}(x_t, h_{t-1}), \quad t = 1..T @f]
 *
 * @param cell the cell
 * @param x the inputs (B,T,I)
 * @param h0 the initial hidden state (B,H)
 * @return h (B,T,H), gates (B,T,3H), hn (B,T,H)
 * @throws shape_error when x is not (B,T,I) or h0 is not (B,H)
 *
 * Complexity: 6·T·B·H·(I+H) flops. Example: with T = 1 the result holds gru_cell_forward(x_0, h0).
 */
inline gru_sequence gru_forward(const gru_cell& cell, const tensor3& x, const matrix& h0) {
    const std::size_t batch = x.shape()[0], steps = x.shape()[1];
    const std::size_t in = cell.ih.weight.shape()[1], hidden = cell.hh.weight.shape()[1];
    detail::expect_shape("gru_forward", "x", x, {batch, steps, in});
    detail::expect_shape("gru_forward", "h0", h0, {batch, hidden});
    gru_sequence seq{tensor3({batch, steps, hidden}), tensor3({batch, steps, 3 * hidden}),
                     tensor3({batch, steps, hidden})};
    matrix x_t({batch, in});
    gru_step step{h0, matrix({batch, 3 * hidden}), matrix({batch, hidden})};
    for (std::size_t t = 0; t < steps; ++t) {
        detail::read_step(x, t, x_t);
        step = gru_cell_forward(cell, x_t, step.h);
        detail::write_step(seq.h, t, step.h);
        detail::write_step(seq.gates, t, step.gates);
        detail::write_step(seq.hn, t, step.hn);
    }
    return seq;
}

/**
 * @ingroup nn
 * @brief Backpropagation through time for the GRU: accumulates the parameter gradients and
 * returns dx and dh0.
 *
 * nn/10's loop with the GRU step: walking t = T−1 down to 0 with a carried gradient g (zero at
 * first), g ← g + dhs_t, then (dx_t, g) ← gru_cell_backward(x_t, h_{t−1}, step_t, g).
 *
 * @param cell the cell; its gradients are added to (`+=`)
 * @param x the inputs the forward saw (B,T,I)
 * @param h0 the initial hidden state the forward saw (B,H)
 * @param seq what gru_forward(cell, x, h0) returned
 * @param dhs dL/dh (B,T,H)
 * @return dx (B,T,I) and dh0 (B,H)
 * @throws shape_error when a shape does not fit
 *
 * Complexity: 6·T·B·H·(I+H) flops. Example: with T = 1 it is one gru_cell_backward.
 */
inline gru_sequence_grads gru_backward(gru_cell& cell, const tensor3& x, const matrix& h0, const gru_sequence& seq,
                                       const tensor3& dhs) {
    const std::size_t batch = x.shape()[0], steps = x.shape()[1];
    const std::size_t in = cell.ih.weight.shape()[1], hidden = cell.hh.weight.shape()[1];
    detail::expect_shape("gru_backward", "x", x, {batch, steps, in});
    detail::expect_shape("gru_backward", "h0", h0, {batch, hidden});
    detail::expect_shape("gru_backward", "seq.h", seq.h, {batch, steps, hidden});
    detail::expect_shape("gru_backward", "seq.gates", seq.gates, {batch, steps, 3 * hidden});
    detail::expect_shape("gru_backward", "seq.hn", seq.hn, {batch, steps, hidden});
    detail::expect_shape("gru_backward", "dhs", dhs, {batch, steps, hidden});
    gru_sequence_grads grads;
    grads.dx = xt::zeros<double>({batch, steps, in});
    matrix carried = xt::zeros<double>({batch, hidden});
    matrix x_t({batch, in}), h_prev({batch, hidden}), dh_t({batch, hidden});
    gru_step step{matrix({batch, hidden}), matrix({batch, 3 * hidden}), matrix({batch, hidden})};
    for (std::size_t t = steps; t-- > 0;) {
        detail::read_step(x, t, x_t);
        detail::read_step(seq.gates, t, step.gates);
        detail::read_step(seq.hn, t, step.hn);
        if (t > 0)
            detail::read_step(seq.h, t - 1, h_prev);
        else
            h_prev = h0;
        detail::read_step(dhs, t, dh_t);
        dh_t += carried;
        gru_step_grads back = gru_cell_backward(cell, x_t, h_prev, step, dh_t);
        detail::write_step(grads.dx, t, back.dx);
        carried = std::move(back.dh);
    }
    grads.dh0 = std::move(carried);
    return grads;
}

/**
 * @ingroup nn
 * @brief Character-level generation: feeds one-hot characters to a GRU and samples each next
 * character from the softmax of a dense readout.
 *
 * The vocabulary string maps ids to characters (id k is `vocabulary[k]`, V = its length). Starting
 * from h = 0 and the character `first`, each step runs
 * @f[ h \leftarrow \text{GRU}(\text{onehot}(c), h), \qquad
 *     p = \mathrm{softmax}\big((h W_{out}^\top + b_{out}) / \tau\big), \qquad c \sim p @f]
 * with ml::softmax and stats::sample_categorical, and appends c. The temperature τ sharpens
 * (τ < 1) or flattens (τ > 1) the distribution; τ → 0 approaches always taking the most likely
 * character.
 *
 * @param cell a GRU with I = V inputs and H units
 * @param readout a dense layer H → V (weight (V,H), bias (V))
 * @param vocabulary the V characters, each once
 * @param first the character to start from (must be in the vocabulary)
 * @param length how many characters to generate
 * @param gen the generator (one uniform per character)
 * @param temperature τ > 0 (default 1)
 * @return the `length` generated characters (not including `first`)
 * @throws invalid_argument when `first` is not in the vocabulary or τ is not finite and > 0
 * @throws shape_error when the cell's input size or the readout's shape does not match V and H
 *
 * Complexity: length · (6·H·(V+H) + 2·V·H) flops. Example: a GRU wired so that reading "a" puts
 * "b" first, "b" → "c" and "c" → "a", started at 'a', generates "bcabca…".
 */
inline std::string generate_text(const gru_cell& cell, const dense_layer& readout, const std::string& vocabulary,
                                 char first, std::size_t length, rng& gen, double temperature = 1.0) {
    const std::size_t vocab = vocabulary.size(), hidden = cell.hh.weight.shape()[1];
    if (cell.ih.weight.shape()[1] != vocab || readout.weight.shape()[0] != vocab || readout.weight.shape()[1] != hidden)
        throw shape_error("generate_text",
                          ::llmlings::detail::concat("a vocabulary of ", vocab, " characters needs a cell with ", vocab,
                                                     " inputs and a readout (", vocab, ",", hidden, "), got cell.ih ",
                                                     shape_str(cell.ih.weight.shape()), " and readout ",
                                                     shape_str(readout.weight.shape())));
    if (!(temperature > 0.0) || !std::isfinite(temperature))
        throw invalid_argument("generate_text",
                               ::llmlings::detail::concat("temperature must be finite and > 0, got ", temperature));
    std::size_t id = vocabulary.find(first);
    if (id == std::string::npos)
        throw invalid_argument(
            "generate_text", ::llmlings::detail::concat("the first character '", first, "' is not in the vocabulary \"",
                                                        vocabulary, "\""));
    std::string text;
    text.reserve(length);
    matrix onehot = xt::zeros<double>({std::size_t{1}, vocab});
    matrix h = xt::zeros<double>({std::size_t{1}, hidden});
    for (std::size_t step = 0; step < length; ++step) {
        // 1. Read the current character.
        onehot.fill(0.0);
        onehot(0, id) = 1.0;
        h = gru_cell_forward(cell, onehot, h).h;
        // 2. Scores for the next one, scaled by the temperature, turned into probabilities.
        matrix logits = dense_forward(readout, h);
        logits /= temperature;
        const matrix p = ml::softmax(logits);
        // 3. Draw it.
        id = stats::sample_categorical(gen, xt::row(p, 0));
        text.push_back(vocabulary[id]);
    }
    return text;
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_12_GRU_HPP
