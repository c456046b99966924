// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nn/12 — the GRU cell (its gate arithmetic, a sequence forward and backpropagation
 * through time over a batch, in float or double) and character-level text generation by sampling
 * from a GRU.
 *
 * Shapes: B = batch, T = time steps, I = input features, H = hidden units, V = vocabulary size.
 *   x, dx (B,T,I)   h0, dh0 (B,H)   h, dh (B,T,H)   one step: x_t (B,I), h_t (B,H)
 *   cell.ih: "<name>.ih.weight" W_ih (3H,I), "<name>.ih.bias" b_ih (3H)
 *   cell.hh: "<name>.hh.weight" W_hh (3H,H), "<name>.hh.bias" b_hh (3H)
 *   cache: gates, d_gi, d_gh (B,T,3H)   hn, h_prev (B,T,H)   gh (B,3H)   dh (B,H)
 *   readout: weight (V,H), bias (V)
 *
 * Convention: exactly PyTorch's torch.nn.GRUCell, gate blocks stacked in the order r, z, n:
 *   r = σ(x W_irᵀ + b_ir + h W_hrᵀ + b_hr)        reset gate
 *   z = σ(x W_izᵀ + b_iz + h W_hzᵀ + b_hz)        update gate
 *   n = tanh(x W_inᵀ + b_in + r ⊙ (h W_hnᵀ + b_hn))   candidate
 *   h' = (1 − z) ⊙ n + z ⊙ h
 * Note that r multiplies h W_hnᵀ + b_hn, bias included (PyTorch's and cuDNN's form; the original
 * paper applies r to h before the product). As in nn/10: the affine maps are nn/05 dense layers in
 * a parameter_store, the forward writes into preallocated outputs and keeps what the backward
 * needs in a gru_cache the caller owns (the activated gates and hn = h W_hnᵀ + b_hn), and the
 * backward ACCUMULATES the parameter gradients. The hot path is nn/10's: one gemm for the input
 * projection of all B·T rows, one per step for h_{t−1} W_hhᵀ, one each for dW_ih, dW_hh and dx
 * after the backward's loop, and the cell's arithmetic row by row (detail::gru_gates_forward,
 * detail::gru_gates_backward). The two maps stay apart (not summed, unlike the LSTM's) because
 * the n block of the hidden map is multiplied by r before it is added.
 *
 * Generation: a GRU over one-hot characters with a dense readout to V logits is a character
 * language model; generate_text() samples from it with ml::softmax and stats::sample_categorical.
 *
 * References: Cho et al. (2014), "Learning phrase representations using RNN encoder-decoder for
 * statistical machine translation"; Chung et al. (2014), "Empirical evaluation of gated recurrent
 * neural networks on sequence modeling"; Karpathy (2015), "The unreasonable effectiveness of
 * recurrent neural networks" (character-level generation).
 *
 * Guide: @ref nn_12_gru (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NN_12_GRU_HPP
#define LLMLINGS_NN_12_GRU_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <utility>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xview.hpp>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/ml/03_logistic_regression.hpp>
#include <llmlings/nn/05_dense.hpp>
#include <llmlings/nn/10_rnn.hpp>
#include <llmlings/stats/03_sampling.hpp>

namespace llmlings {
namespace nn {

/**
 * @ingroup nn
 * @brief A GRU cell: two dense maps producing the three stacked gate pre-activations, their
 * parameters in a parameter_store.
 *
 * `ih.weight` is PyTorch's weight_ih (3H,I), `hh.weight` weight_hh (3H,H), biases (3H); the row
 * blocks are r, z, n in that order.
 *
 * @tparam T float (training) or double (gradient checks)
 */
template <class T>
struct gru_cell {
    dense_layer<T> ih;            ///< x ↦ x W_ihᵀ + b_ih: weight (3H,I), bias (3H)
    dense_layer<T> hh;            ///< h ↦ h W_hhᵀ + b_hh: weight (3H,H), bias (3H)
    std::size_t input_size = 0;   ///< I
    std::size_t hidden_size = 0;  ///< H
};

/**
 * @ingroup nn
 * @brief What gru_forward() keeps for gru_backward(), and the passes' own buffers. The caller
 * owns it; the passes size it with ensure_shape.
 * @tparam T float or double
 */
template <class T>
struct gru_cache {
    tensor3_of<T> gates;   ///< (B,T,3H) forward: the activated gates [r | z | n] of every step
    tensor3_of<T> hn;      ///< (B,T,H) forward: h_{t−1} W_hnᵀ + b_hn of every step (r multiplies it)
    tensor3_of<T> h_prev;  ///< (B,T,H) forward: the hidden state step t read (h0, h_1, …, h_{T−1})
    matrix_of<T> gh;       ///< (B,3H) forward: h_{t−1} W_hhᵀ of the current step
    tensor3_of<T> d_gi;    ///< (B,T,3H) backward: dL/d(x W_ihᵀ + b_ih) of every step
    tensor3_of<T> d_gh;    ///< (B,T,3H) backward: dL/d(h W_hhᵀ + b_hh) of every step
    matrix_of<T> dh;       ///< (B,H) backward: dL/dh carried back to the previous step
};

namespace detail {

/**
 * @brief The GRU cell for one batch row: turns the input map's part into the activated gates, in
 * place, and writes hn and the new hidden state.
 *
 * @param H hidden units
 * @param b_hh the hidden map's bias (3H), added here
 * @param gates in: x W_ihᵀ + b_ih (3H); out: [r | z | n]
 * @param gh h W_hhᵀ without its bias (3H)
 * @param h_prev the previous hidden state (H)
 * @param hn out: h W_hnᵀ + b_hn (H)
 * @param h out: h' = (1 − z) ⊙ n + z ⊙ h_prev (H)
 *
 * σ and tanh are core/simd.hpp's vectorisable detail::simd::sigmoid and detail::simd::tanh.
 */
template <class T>
void gru_gates_forward(std::size_t H, const T* __restrict b_hh, T* __restrict gates, const T* __restrict gh,
                       const T* __restrict h_prev, T* __restrict hn, T* __restrict h) {
    todo("nn/12_gru", "gru_gates_forward");
}

/**
 * @brief The backward of the GRU cell for one batch row.
 *
 * @param H hidden units
 * @param gates the activated gates of the step [r | z | n] (3H)
 * @param hn h W_hnᵀ + b_hn of the step (H)
 * @param h_prev the hidden state the step read (H)
 * @param dh_out dL/dh' from the loss at this step (H)
 * @param dh in: dL/dh' from the following steps; out: the direct part of dL/dh_prev, dh' ⊙ z
 * @param d_gi out: dL/d(x W_ihᵀ + b_ih) = [da_r | da_z | da_n] (3H)
 * @param d_gh out: dL/d(h W_hhᵀ + b_hh) = [da_r | da_z | da_n ⊙ r] (3H)
 */
template <class T>
void gru_gates_backward(std::size_t H, const T* __restrict gates, const T* __restrict hn, const T* __restrict h_prev,
                        const T* __restrict dh_out, T* __restrict dh, T* __restrict d_gi, T* __restrict d_gh) {
    todo("nn/12_gru", "gru_gates_backward");
}

}  // namespace detail

/**
 * @ingroup nn
 * @brief A GRU cell with `input_size` inputs and `hidden_size` units, registered in `store` as
 * "<name>.ih.weight" (3H,I), "<name>.ih.bias" (3H), "<name>.hh.weight" (3H,H) and
 * "<name>.hh.bias" (3H), every value zero (call init_gru_uniform() next).
 *
 * @param store where the parameters live
 * @param name the cell's prefix, e.g. "gru" or "decoder.gru"
 * @param input_size I
 * @param hidden_size H
 * @return the cell, holding views of its tensors
 * @throws invalid_argument when I or H is 0, or the store refuses the names (taken, or frozen)
 *
 * Complexity: O(H·(I+H)). Example: `make_gru_cell(store, "gru", 4, 3).hh.weight.shape()` → `(9,3)`.
 */
template <class T>
gru_cell<T> make_gru_cell(parameter_store<T>& store, const std::string& name, std::size_t input_size,
                          std::size_t hidden_size) {
    todo("nn/12_gru", "make_gru_cell");
}

/**
 * @ingroup nn
 * @brief PyTorch's default initialisation: every weight and bias from U(−1/√H, 1/√H).
 *
 * @param cell the cell; its four tensors are overwritten (ih's weight and bias, then hh's)
 * @param gen the generator
 * @throws invalid_argument when the cell is not built (not made by make_gru_cell)
 *
 * Complexity: O(H·(I+H)). Example: with H = 4 every parameter lies in [−0.5, 0.5].
 */
template <class T>
void init_gru_uniform(gru_cell<T>& cell, rng& gen) {
    todo("nn/12_gru", "init_gru_uniform");
}

/**
 * @ingroup nn
 * @brief Runs the GRU over a batch of sequences into the preallocated h, keeping in `cache` the
 * gates and hn that gru_backward() needs.
 *
 * With gi = x_t W_ihᵀ + b_ih = [gi_r | gi_z | gi_n] and gh = h_{t−1} W_hhᵀ + b_hh = [gh_r | gh_z | gh_n]:
 * @f[ r = \sigma(gi_r + gh_r), \quad z = \sigma(gi_z + gh_z), \quad n = \tanh(gi_n + r \odot gh_n),
 *     \quad h_t = (1 - z) \odot n + z \odot h_{t-1} @f]
 * z interpolates between keeping the old state (z = 1) and taking the candidate n (z = 0); r
 * decides how much of the old state the candidate may look at.
 * 1. cache.gates ← x W_ihᵀ + b_ih for all B·T rows, one nn/05 dense_forward of as_rows(x);
 * 2. for each step: cache.gh ← h_{t−1} W_hhᵀ (one gemm), then the cell row by row
 *    (detail::gru_gates_forward), and h_t becomes what step t+1 reads.
 *
 * @param cell the cell
 * @param x the inputs (B,T,I)
 * @param h0 the initial hidden state (B,H)
 * @param h output: every hidden state (B,T,H), preallocated; overwritten
 * @param cache sized here; read by gru_backward()
 * @throws invalid_argument when the cell is not built
 * @throws shape_error when x is not (B,T,I), h0 not (B,H) or h not (B,T,H)
 *
 * Complexity: 6·B·T·H·(I+H) flops; allocates only when the cache's shapes change. Example: all
 * parameters 0 give r = z = ½ and n = 0, so h_1 = h0/2.
 */
template <class T>
void gru_forward(const gru_cell<T>& cell, const const_tensor_view<T, 3>& x, const const_matrix_view<T>& h0,
                 tensor_view<T, 3> h, gru_cache<T>& cache) {
    todo("nn/12_gru", "gru_forward");
}

/**
 * @ingroup nn
 * @brief Backpropagation through time for the GRU: accumulates the gradients of the cell's four
 * tensors in the store, and writes dL/dx and dL/dh0.
 *
 * Per step, with g = dh_t + (what step t+1 sends back) and the cached r, z, n, hn:
 * @f[ dn = g \odot (1 - z), \quad dz = g \odot (h_{t-1} - n), \quad
 *     da_n = dn \odot (1 - n^2), \quad dr = da_n \odot hn @f]
 * @f[ da_r = dr \odot r(1-r), \quad da_z = dz \odot z(1-z) @f]
 * The input map receives [da_r | da_z | da_n], the hidden map [da_r | da_z | da_n ⊙ r] (r
 * multiplied its n block), and what goes back to h_{t−1} is g ⊙ z + [da_r | da_z | da_n ⊙ r] W_hh.
 * After the loop, one gemm each: dW_ih += d_giᵀ x, dx = d_gi W_ih, dW_hh += d_ghᵀ h_prev, and the
 * bias gradients += the column sums.
 *
 * @param cell the cell; its gradients in the store are added to (`+=`)
 * @param cache what gru_forward() kept; its backward buffers are (re)written here
 * @param x the inputs the forward saw (B,T,I)
 * @param dh dL/dh (B,T,H)
 * @param dx output dL/dx (B,T,I), preallocated; overwritten. Or empty_view<T, 3>(): not made
 * @param dh0 output dL/dh0 (B,H); overwritten
 * @throws invalid_argument when the cell is not built
 * @throws shape_error when a shape does not fit, or the cache holds a forward of other shapes;
 *         the message names the function and the argument: `gru_backward: cache.gates (run
 *         gru_forward on this x first) must be (4,6,6), got (4,5,6)`
 *
 * Complexity: 6·B·T·H·(I+H) flops; allocates only when the cache's shapes change. Example: with
 * z = 1 (the update gate closed to new input) dh0 = dh and dx = 0: the state and its gradient pass
 * through unchanged.
 */
template <class T>
void gru_backward(const gru_cell<T>& cell, gru_cache<T>& cache, const const_tensor_view<T, 3>& x,
                  const const_tensor_view<T, 3>& dh, tensor_view<T, 3> dx, matrix_view<T> dh0) {
    todo("nn/12_gru", "gru_backward");
}

/**
 * @ingroup nn
 * @brief One forward step of the GRU — gru_forward() with T = 1.
 *
 * @param cell the cell
 * @param x the input at this step (B,I)
 * @param h the previous hidden state (B,H)
 * @param h_next output h' (B,H)
 * @param cache what gru_cell_backward() needs (a cache of T = 1)
 * @throws shape_error when x is not (B,I) or h, h_next are not (B,H); the message names the
 *         function, the argument and both shapes: `gru_cell_forward: h must be (4,2), got (5,2)`
 *
 * Complexity: 6·B·H·(I+H) flops. Example: all parameters 0 give r = z = ½ and n = 0, so h' = h/2.
 */
template <class T>
void gru_cell_forward(const gru_cell<T>& cell, const const_matrix_view<T>& x, const const_matrix_view<T>& h,
                      matrix_view<T> h_next, gru_cache<T>& cache) {
    todo("nn/12_gru", "gru_cell_forward");
}

/**
 * @ingroup nn
 * @brief One backward step of the GRU: accumulates the parameter gradients, writes dx and dh —
 * gru_backward() with T = 1.
 *
 * @param cell the cell; its gradients are added to (`+=`)
 * @param cache what gru_cell_forward() kept
 * @param x the input of this step (B,I)
 * @param dh_next dL/dh' (B,H)
 * @param dx output dL/dx (B,I)
 * @param dh output dL/dh (B,H)
 * @throws shape_error when a shape does not fit
 *
 * Complexity: 6·B·H·(I+H) flops. Example: with z = 1, dh = dh' and dx = 0.
 */
template <class T>
void gru_cell_backward(const gru_cell<T>& cell, gru_cache<T>& cache, const const_matrix_view<T>& x,
                       const const_matrix_view<T>& dh_next, matrix_view<T> dx, matrix_view<T> dh) {
    todo("nn/12_gru", "gru_cell_backward");
}

/**
 * @ingroup nn
 * @brief gru_forward() on owning tensors, for tests and small programs: returns h (B,T,H).
 *
 * @throws shape_error, invalid_argument as the view version
 *
 * Complexity: as the view version, plus the allocation of h.
 */
template <class T>
tensor3_of<T> gru_forward(const gru_cell<T>& cell, const tensor3_of<T>& x, const matrix_of<T>& h0,
                          gru_cache<T>& cache) {
    todo("nn/12_gru", "gru_forward");
}

/// @ingroup nn
/// @brief The gradients gru_backward() on owning tensors returns.
template <class T>
struct gru_grads {
    tensor3_of<T> dx;  ///< dL/dx (B,T,I)
    matrix_of<T> dh0;  ///< dL/dh0 (B,H)
};

/**
 * @ingroup nn
 * @brief gru_backward() on owning tensors, for tests and small programs: returns dx and dh0.
 *
 * @throws shape_error, invalid_argument as the view version
 *
 * Complexity: as the view version, plus the allocation of the gradients.
 */
template <class T>
gru_grads<T> gru_backward(const gru_cell<T>& cell, gru_cache<T>& cache, const tensor3_of<T>& x,
                          const tensor3_of<T>& dh) {
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
 * with gru_cell_forward(), nn/05's dense_forward, ml::softmax (in double) and
 * stats::sample_categorical, and appends c. The temperature τ sharpens (τ < 1) or flattens (τ > 1)
 * the distribution; τ → 0 approaches always taking the most likely character.
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
template <class T>
std::string generate_text(const gru_cell<T>& cell, const dense_layer<T>& readout, const std::string& vocabulary,
                          char first, std::size_t length, rng& gen, double temperature = 1.0) {
    todo("nn/12_gru", "generate_text");
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_12_GRU_HPP
