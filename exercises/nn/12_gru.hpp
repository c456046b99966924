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
    todo("nn/12_gru", "make_gru_cell");
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
    todo("nn/12_gru", "init_gru_uniform");
}

/**
 * @ingroup nn
 * @brief Sets the four gradient arrays of the cell to zero.
 *
 * Throws nothing. Complexity: O(H·(I+H)). Example: after `zero_grad(cell)`,
 * `cell.ih.bias_grad` is all zeros.
 */
inline void zero_grad(gru_cell& cell) {
    todo("nn/12_gru", "zero_grad");
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
    todo("nn/12_gru", "gru_cell_forward");
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
    todo("nn/12_gru", "gru_cell_backward");
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
    todo("nn/12_gru", "gru_forward");
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
    todo("nn/12_gru", "gru_backward");
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
    todo("nn/12_gru", "generate_text");
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_12_GRU_HPP
