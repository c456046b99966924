// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief transformer/06 — the GPT backward pass and AdamW training: gradients of every tensor of
 * transformer/05's GPT, one training step, and random batches of a token corpus.
 *
 * The backward pass walks the forward in reverse, layer by layer, with the backward functions of
 * transformer/01–04 (llm.c's gpt2_backward):
 *   logits = LN_f(x_L) W_teᵀ        →  dW_te += d_logitsᵀ LN_f(x_L),  d LN_f = d_logits W_te
 *   LN_f                            →  dx_L
 *   for l = L−1 … 0:
 *     x_{l+1} = h + MLP(LN₂(h))     →  dh = dx_{l+1} + LN₂ᵀ(MLPᵀ(dx_{l+1}))
 *     h = x_l + attn(LN₁(x_l))      →  dx_l = dh + LN₁ᵀ(attnᵀ(dh))
 *   x₀ = W_te[ids] + W_pe           →  dW_te[ids(i)] += dx₀(i),  dW_pe[t] += Σ_b dx₀(b, t)
 * The residual stream's gradient passes each block unchanged and every branch adds to it: the "+"
 * of a residual connection copies its gradient to both its inputs. W_te gets two contributions, one
 * from the head and one from the embedding lookup (the tied weight).
 *
 * Every parameter gradient is *accumulated* (+=), as PyTorch's .grad: gpt_train_step() zeroes the
 * store's gradients first. The backward reads the activations that gpt_forward() left in the
 * workspace, so it must follow the forward of the same ids.
 *
 * Training (nanoGPT's loop): draw a batch of windows from the corpus (get_batch), zero the
 * gradients, forward, the cross-entropy and its gradient, backward, clip the global gradient norm,
 * one AdamW step (nn/07's adam_optimizer made with make_adamw).
 *
 * References: Karpathy's llm.c (train_gpt2.c: gpt2_backward) and nanoGPT (train.py, get_batch);
 * Loshchilov & Hutter (2019), "Decoupled weight decay regularization" (AdamW).
 *
 * Guide: @ref transformer_06_gpt_training (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_TRANSFORMER_06_GPT_TRAINING_HPP
#define LLMLINGS_TRANSFORMER_06_GPT_TRAINING_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/core/blas.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/nn/07_optimizers.hpp>
#include <llmlings/nn/13_training_utilities.hpp>
#include <llmlings/transformer/05_gpt_forward.hpp>

namespace llmlings {
namespace transformer {

/**
 * @ingroup transformer
 * @brief The backward pass's buffers: the logits' gradient and three (B·T, C) scratch matrices,
 * sized on first use (a later step of the same batch shape allocates nothing).
 * @tparam T float or double
 */
template <class T>
struct gpt_gradients {
    matrix_of<T> d_logits;  ///< ∂L/∂logits (B·T, V): gpt_cross_entropy() writes it
    matrix_of<T> d_stream;  ///< ∂L/∂x, the residual stream's gradient at the current depth (B·T, C)
    matrix_of<T> d_norm;    ///< ∂L/∂(a norm's output) (B·T, C); at first ∂L/∂ln_f_out
    matrix_of<T> d_branch;  ///< ∂L/∂(a branch's input) before it joins the stream (B·T, C)
};

/**
 * @ingroup transformer
 * @brief What one training step reports.
 */
struct train_step_result {
    double loss = 0.0;       ///< the batch's mean cross-entropy before the update, in nats
    double grad_norm = 0.0;  ///< the global gradient norm before clipping (clip_grad_norm's return)
};

namespace detail {

// Given: the checks (plumbing, not the topic).
/// Throws shape_error unless the workspace holds a forward of ids and d_logits its gradient; `function`
/// names the caller (peft/02's LoRA GPT checks its backward with it too).
template <class T>
void check_backward_inputs(const gpt_model<T>& model, const token_ids& ids, const gpt_workspace<T>& ws,
                           const gpt_gradients<T>& g, const char* function = "gpt_backward") {
    check_ids(function, model, ids);
    const std::size_t rows = ids.size(), V = model.config.vocab_size;
    if (ws.logits.shape()[0] != rows || ws.logits.shape()[1] != V || ws.blocks.size() != model.blocks.size() ||
        ws.embedded.shape()[0] != ids.shape()[0] || ws.embedded.shape()[1] != ids.shape()[1])
        throw shape_error(function,
                          ::llmlings::detail::concat("the workspace holds logits ", shape_str(ws.logits.shape()),
                                                     ", not those of ids ", shape_str(ids.shape()),
                                                     ": run gpt_forward on the same ids first"));
    if (g.d_logits.shape()[0] != rows || g.d_logits.shape()[1] != V)
        throw shape_error(function, ::llmlings::detail::concat("d_logits is ", shape_str(g.d_logits.shape()),
                                                               ", expected (", rows, ", ", V, ")"));
}

/// Throws shape_error unless the workspace holds a forward of ids and d_norm its gradient.
template <class T>
void check_hidden_backward_inputs(const gpt_model<T>& model, const token_ids& ids, const gpt_workspace<T>& ws,
                                  const gpt_gradients<T>& g) {
    check_ids("gpt_hidden_backward", model, ids);
    const std::size_t rows = ids.size(), C = model.config.channels;
    if (ws.ln_f_out.shape()[0] != rows || ws.ln_f_out.shape()[1] != C || ws.blocks.size() != model.blocks.size() ||
        ws.embedded.shape()[0] != ids.shape()[0] || ws.embedded.shape()[1] != ids.shape()[1])
        throw shape_error("gpt_hidden_backward",
                          ::llmlings::detail::concat("the workspace holds hidden states ",
                                                     shape_str(ws.ln_f_out.shape()), ", not those of ids ",
                                                     shape_str(ids.shape()), ": run gpt_hidden on the same ids first"));
    if (g.d_norm.shape()[0] != rows || g.d_norm.shape()[1] != C)
        throw shape_error("gpt_hidden_backward", ::llmlings::detail::concat("d_norm is ", shape_str(g.d_norm.shape()),
                                                                            ", expected (", rows, ", ", C, ")"));
}

/// Throws invalid_argument unless max_grad_norm is finite and ≥ 0.
inline void check_max_grad_norm(double max_grad_norm) {
    if (!(max_grad_norm >= 0.0) || !std::isfinite(max_grad_norm))
        throw invalid_argument(
            "gpt_train_step", ::llmlings::detail::concat("max_grad_norm must be finite and >= 0, got ", max_grad_norm));
}

/// Throws invalid_argument unless B, T ≥ 1 and the corpus holds a window of T + 1 tokens.
inline void check_batch_request(std::size_t tokens, std::size_t batch, std::size_t steps) {
    if (batch == 0 || steps == 0 || tokens < steps + 1)
        throw invalid_argument(
            "get_batch",
            ::llmlings::detail::concat("expected batch >= 1, steps >= 1 and at least steps + 1 = ", steps + 1,
                                       " tokens, got batch ", batch, ", steps ", steps, " and ", tokens, " tokens"));
}
// End of the given code.

}  // namespace detail

/**
 * @ingroup transformer
 * @brief The trunk's backward pass: given ∂L/∂(the hidden states) in g.d_norm, adds ∂L/∂θ to the
 * gradient of every tensor the trunk used (gpt_hidden()'s: embeddings, blocks, ln_f).
 *
 * In order (each step the transpose of a forward step):
 * 1. layer_norm_backward of ln_f → d_stream = ∂L/∂x_L;
 * 2. each block from the last: mlp_backward then layer_norm_backward of ln2, added into d_stream
 *    (now ∂L/∂h); multi_head_backward then layer_norm_backward of ln1, added into d_stream (now
 *    ∂L/∂x_l);
 * 3. learned_positions_backward; wte.grad row ids(i) += d_stream row i (a scatter-add: a token that
 *    occurs twice gets both rows).
 *
 * The attention caches remember the forward's mask, so the same function serves the GPT (causal)
 * and an encoder (transformer/08: no causal mask, padding).
 *
 * @tparam T float or double
 * @param model the model; its tensors' gradients are accumulated into
 * @param ids the (B, T) ids of the forward pass
 * @param ws the workspace of gpt_hidden(model, ids, mask, ws) (or of gpt_forward()), read (and its
 *        caches used as scratch)
 * @param g g.d_norm holds ∂L/∂ws.ln_f_out (B·T, C) and is then used as scratch, as are d_stream and
 *        d_branch
 * @throws invalid_argument, shape_error as gpt_hidden() for the ids; shape_error when the workspace
 *         or d_norm does not match ids
 *
 * Complexity: about twice the trunk's forward flops, 4·B·T·(12·L·C² + 2·L·T·C); no allocation
 * after the first call of a batch shape. Example: d_norm all 0 leaves every gradient unchanged.
 */
template <class T>
void gpt_hidden_backward(const gpt_model<T>& model, const token_ids& ids, gpt_workspace<T>& ws, gpt_gradients<T>& g) {
    detail::check_hidden_backward_inputs(model, ids, ws, g);
    const std::size_t B = ids.shape()[0], steps = ids.shape()[1], C = model.config.channels;
    const std::size_t rows = B * steps, L = model.blocks.size();
    ensure_shape(g.d_stream, {rows, C});
    ensure_shape(g.d_branch, {rows, C});
    const auto rows_of = [rows, C](const T* p) { return view_of<2>(p, rows * C, {rows, C}); };
    const auto sequences_of = [B, steps, C](const T* p) { return view_of<3>(p, B * steps * C, {B, steps, C}); };
    // x_l, the input of block l (x_L: the last block's output, the input of ln_f).
    const auto stream_in = [&ws](std::size_t l) -> const T* {
        return l == 0 ? ws.embedded.data() : ws.blocks[l - 1].output.data();
    };
    layer_norm_backward(model.ln_f, ws.ln_f, rows_of(stream_in(L)), as_rows(g.d_norm), as_rows(g.d_stream));
    for (std::size_t l = L; l-- > 0;) {
        const gpt_block<T>& b = model.blocks[l];
        gpt_block_state<T>& s = ws.blocks[l];
        // x_{l+1} = h + MLP(LN₂(h)): the gradient reaches h directly and through the branch.
        mlp_backward(b.mlp, s.mlp, as_rows(s.ln2_out), as_rows(g.d_stream), as_rows(g.d_norm));
        layer_norm_backward(b.ln2, s.ln2, as_rows(s.residual), as_rows(g.d_norm), as_rows(g.d_branch));
        add_into(as_rows(g.d_stream), as_rows(g.d_branch));
        // h = x_l + attn(LN₁(x_l))
        multi_head_backward(b.attn, s.attn, sequences_of(s.ln1_out.data()), sequences_of(g.d_stream.data()),
                            view_of<3>(g.d_norm.data(), rows * C, {B, steps, C}));
        layer_norm_backward(b.ln1, s.ln1, rows_of(stream_in(l)), as_rows(g.d_norm), as_rows(g.d_branch));
        add_into(as_rows(g.d_stream), as_rows(g.d_branch));
    }
    // x₀ = W_te[ids] + W_pe: both tables receive the stream's gradient.
    learned_positions_backward(model.wpe, sequences_of(g.d_stream.data()));
    T* dw = model.wte.grad_data();
    for (std::size_t i = 0; i < rows; ++i) {
        T* row = dw + ids.data()[i] * C;
        const T* d = g.d_stream.data() + i * C;
        for (std::size_t c = 0; c < C; ++c) row[c] += d[c];
    }
}

/**
 * @ingroup transformer
 * @brief The GPT backward pass: adds ∂L/∂θ to the gradient of every tensor of the model, given
 * ∂L/∂logits in g.d_logits.
 *
 * The tied head first: wte.grad += d_logitsᵀ · LN_f(x_L) and d_norm = d_logits · wte; then
 * gpt_hidden_backward() takes d_norm through the trunk. wte receives gradient twice, as the head
 * and as the embedding.
 *
 * @tparam T float or double
 * @param model the model; its tensors' gradients are accumulated into
 * @param ids the (B, T) ids of the forward pass
 * @param ws the workspace of gpt_forward(model, ids, ws), read (and its caches used as scratch)
 * @param g g.d_logits holds ∂L/∂logits (B·T, V); the other buffers are scratch
 * @throws invalid_argument, shape_error as gpt_forward() for the ids; shape_error when the workspace
 *         or d_logits does not match ids
 *
 * Complexity: about twice the forward's flops, 4·B·T·(12·L·C² + 2·L·T·C + V·C); no allocation
 * after the first call of a batch shape. Example: d_logits all 0 leaves every gradient unchanged.
 */
template <class T>
void gpt_backward(const gpt_model<T>& model, const token_ids& ids, gpt_workspace<T>& ws, gpt_gradients<T>& g) {
    detail::check_backward_inputs(model, ids, ws, g);
    const std::size_t C = model.config.channels, V = model.config.vocab_size, rows = ids.size();
    ensure_shape(g.d_norm, {rows, C});
    // The tied head: dW_te += d_logitsᵀ · LN_f(x_L), and d LN_f(x_L) = d_logits · W_te.
    ::llmlings::detail::gemm(true, false, V, C, rows, T(1), static_cast<const T*>(g.d_logits.data()), V,
                             static_cast<const T*>(ws.ln_f_out.data()), C, T(1), model.wte.grad_data(), C);
    ::llmlings::detail::gemm(false, false, rows, C, V, T(1), static_cast<const T*>(g.d_logits.data()), V,
                             static_cast<const T*>(model.wte.data()), C, T(0), g.d_norm.data(), C);
    gpt_hidden_backward(model, ids, ws, g);
}

/**
 * @ingroup transformer
 * @brief One training step (nanoGPT's inner loop): zero the gradients, forward, the loss and its
 * gradient, backward, clip the global gradient norm, one optimizer step.
 *
 * @tparam T float or double
 * @param model the model, updated in place
 * @param ids the (B, T) input ids
 * @param targets the (B, T) next ids: targets(b, t) follows ids(b, t)
 * @param ws the forward's workspace
 * @param g the backward's buffers
 * @param opt an optimizer over model.params (make_adamw(model.params, …) for GPT training)
 * @param max_grad_norm clip the global gradient norm to this (nanoGPT: 1.0); 0 turns clipping off
 * @return the loss before the update and the gradient norm before clipping
 * @throws as gpt_forward() and gpt_cross_entropy(); invalid_argument for a negative or non-finite
 *         max_grad_norm; numerical_error (from clip_grad_norm) when a gradient is NaN or infinite
 *
 * Complexity: one forward and one backward, about 6·B·T·(12·L·C² + 2·L·T·C + V·C) flops, and
 * O(parameters) for the clipping and the update; no allocation after the first step of a batch
 * shape. Example: 200 steps on two short sentences take the loss from ln 256 ≈ 5.5 to about 0.34.
 */
template <class T, class Optimizer>
train_step_result gpt_train_step(gpt_model<T>& model, const token_ids& ids, const token_ids& targets,
                                 gpt_workspace<T>& ws, gpt_gradients<T>& g, Optimizer& opt,
                                 double max_grad_norm = 1.0) {
    detail::check_max_grad_norm(max_grad_norm);
    train_step_result r;
    model.params.zero_grad();
    const matrix_of<T>& logits = gpt_forward(model, ids, ws);
    ensure_shape(g.d_logits, {logits.shape()[0], logits.shape()[1]});
    r.loss = gpt_cross_entropy<T>(as_rows(logits), targets, as_rows(g.d_logits));
    gpt_backward(model, ids, ws, g);
    r.grad_norm =
        max_grad_norm > 0.0 ? nn::clip_grad_norm(model.params, max_grad_norm) : nn::global_grad_norm(model.params);
    nn::step(opt);
    return r;
}

/**
 * @ingroup transformer
 * @brief Draws a batch of B random windows of a token corpus (nanoGPT's get_batch): ids(b, :) =
 * tokens[s_b … s_b + T), targets(b, :) = tokens[s_b + 1 … s_b + T] with each start s_b uniform
 * in [0, n − T − 1].
 *
 * @param tokens the corpus as token ids (bytes for a character-level model), at least T + 1
 * @param batch B ≥ 1
 * @param steps T ≥ 1, the window length
 * @param gen the random generator (uniform_index draws the starts)
 * @param ids (B, T), resized when its shape differs; overwritten
 * @param targets (B, T), resized when its shape differs; overwritten
 * @throws invalid_argument when B or T is 0 or the corpus has fewer than T + 1 tokens
 *
 * Complexity: O(B·T). Example: tokens 0 1 2 3 4, B 1, T 3 gives ids (s, s+1, s+2) and targets
 * (s+1, s+2, s+3) with s ∈ {0, 1}.
 */
inline void get_batch(const std::vector<std::size_t>& tokens, std::size_t batch, std::size_t steps, rng& gen,
                      token_ids& ids, token_ids& targets) {
    detail::check_batch_request(tokens.size(), batch, steps);
    ensure_shape(ids, {batch, steps});
    ensure_shape(targets, {batch, steps});
    const std::size_t starts = tokens.size() - steps;  // s ∈ [0, n − T − 1]: n − T choices
    for (std::size_t b = 0; b < batch; ++b) {
        const std::size_t s = static_cast<std::size_t>(uniform_index(starts, gen));
        std::copy(tokens.begin() + static_cast<std::ptrdiff_t>(s),
                  tokens.begin() + static_cast<std::ptrdiff_t>(s + steps), ids.data() + b * steps);
        std::copy(tokens.begin() + static_cast<std::ptrdiff_t>(s + 1),
                  tokens.begin() + static_cast<std::ptrdiff_t>(s + steps + 1), targets.data() + b * steps);
    }
}

}  // namespace transformer
}  // namespace llmlings

#endif  // LLMLINGS_TRANSFORMER_06_GPT_TRAINING_HPP
