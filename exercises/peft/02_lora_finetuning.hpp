// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief peft/02 — LoRA fine-tuning of a GPT: rank-r updates on the four linear layers of every
 * block of transformer/05's GPT, the forward and backward passes through them with the base frozen,
 * a training step, merging for generation, and what it saves (trainable numbers, optimizer bytes).
 *
 * Sizes as transformer/05 (V, P, L, H, C; B sequences of T tokens) and r, the rank.
 * Each block's four linear layers and what a rank-r update adds to them:
 *   blocks.l.attn.qkv  (3C, C)  + r·(C + 3C)      blocks.l.attn.proj (C, C)   + r·(C + C)
 *   blocks.l.mlp.fc    (4C, C)  + r·(C + 4C)      blocks.l.mlp.proj  (C, 4C)  + r·(4C + C)
 * With every linear layer adapted that is 16·r·C per block: for the default GPT (L 4, C 128) and
 * r = 8, 65,536 trainable numbers beside the 834,304 frozen ones (7.9 % of the base model, 7.3 % of all).
 *
 * The block is transformer/05's pre-LN block with peft/01's lora_forward in place of each
 * nn::dense_forward:
 * @f[ h = x + \operatorname{proj}\big(\operatorname{attn}(\operatorname{qkv}(\operatorname{LN}_1 x))\big),
 *     \qquad x' = h + \operatorname{proj}_2\big(\operatorname{GELU}(\operatorname{fc}(\operatorname{LN}_2 h))\big) @f]
 * where each linear layer is y = x W₀ᵀ + b + (α/r)(x Aᵀ)Bᵀ. The backward is transformer/06's,
 * with lora_backward in place of each dense backward: gradients reach only A and B (and the
 * norms' gains, which are frozen and skipped by the optimizer), and the frozen W₀'s gradient is
 * never computed — about a third of the backward's work saved, besides the memory.
 *
 * Why the memory is the point: AdamW keeps two numbers per *trainable* number. Full fine-tuning
 * of a model of N numbers in float32 needs 4N bytes of weights, 4N of gradients and 8N of
 * optimizer state; LoRA keeps the 4N of frozen weights and pays gradients and optimizer state
 * only on its r·(I + O) per layer. measure_training_memory() counts it from the store and the
 * optimizer.
 *
 * After training, merge_lora_gpt() folds every update into its base weight: the model is then a
 * plain transformer/05 GPT again, at the base model's cost, for transformer/07's generate.
 *
 * References: Hu et al. (2021), "LoRA: Low-Rank Adaptation of Large Language Models" (§4.2: which
 * weights to adapt); Hugging Face PEFT (LoraConfig's r, lora_alpha, target_modules).
 *
 * Guide: @ref peft_02_lora_finetuning.
 */
#ifndef LLMLINGS_PEFT_02_LORA_FINETUNING_HPP
#define LLMLINGS_PEFT_02_LORA_FINETUNING_HPP

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/core/blas.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/core/simd.hpp>
#include <llmlings/nn/07_optimizers.hpp>
#include <llmlings/nn/13_training_utilities.hpp>
#include <llmlings/peft/01_lora.hpp>
#include <llmlings/transformer/06_gpt_training.hpp>

namespace llmlings {
namespace peft {

/**
 * @ingroup peft
 * @brief Which layers get a LoRA update, its rank and α (PEFT's LoraConfig: r, lora_alpha,
 * target_modules).
 */
struct lora_config {
    std::size_t rank = 8;   ///< r, 1 ≤ r ≤ C
    double alpha = 16.0;    ///< α > 0: each update is scaled by α/r
    bool attention = true;  ///< adapt attn.qkv and attn.proj
    bool mlp = true;        ///< adapt mlp.fc and mlp.proj
};

/**
 * @ingroup peft
 * @brief The four linear layers of one block, each a peft/01 LoRA layer over the GPT's dense
 * layer. A layer that is not adapted has rank 0: its `base` alone is used.
 * @tparam T float or double
 */
template <class T>
struct lora_block {
    lora_layer<T> qkv;        ///< over blocks.l.attn.qkv (3C, C)
    lora_layer<T> attn_proj;  ///< over blocks.l.attn.proj (C, C)
    lora_layer<T> fc;         ///< over blocks.l.mlp.fc (4C, C)
    lora_layer<T> mlp_proj;   ///< over blocks.l.mlp.proj (C, 4C)
};

/**
 * @ingroup peft
 * @brief A GPT with LoRA updates: the base model (its store holds the factors too) and one
 * lora_block per block. Build it with make_lora_gpt().
 * @tparam T float or double
 */
template <class T>
struct lora_gpt {
    transformer::gpt_model<T> gpt;      ///< the pretrained model; its linear weights stay frozen
    lora_config config;                 ///< the rank, α and targets it was made with
    std::vector<lora_block<T>> blocks;  ///< L blocks of adapters
};

/**
 * @ingroup peft
 * @brief The LoRA caches of one block's four linear layers.
 * @tparam T float or double
 */
template <class T>
struct lora_block_cache {
    lora_cache<T> qkv;        ///< attn.qkv's
    lora_cache<T> attn_proj;  ///< attn.proj's
    lora_cache<T> fc;         ///< mlp.fc's
    lora_cache<T> mlp_proj;   ///< mlp.proj's
};

/**
 * @ingroup peft
 * @brief The forward's activations: transformer/05's workspace (every block's state, the final
 * norm, the logits) and the LoRA caches of every block.
 * @tparam T float or double
 */
template <class T>
struct lora_gpt_workspace {
    transformer::gpt_workspace<T> gpt;        ///< the activations of transformer/05's GPT
    std::vector<lora_block_cache<T>> blocks;  ///< one per block
};

/**
 * @ingroup peft
 * @brief What a training setup holds in memory, in bytes of T (measure_training_memory()).
 */
struct training_memory {
    std::size_t parameters = 0;       ///< every number of the store, frozen or not
    std::size_t trainable = 0;        ///< the numbers the optimizer updates
    std::size_t weight_bytes = 0;     ///< parameters · sizeof(T)
    std::size_t optimizer_bytes = 0;  ///< the optimizer's state: AdamW's two moments of each trainable number
};

/**
 * @ingroup peft
 * @brief The hook that does nothing: lora_gpt_forward() and lora_gpt_backward() call their
 * `before_block(l)` before each block; peft/06 (QLoRA) dequantises the block's weights there.
 */
struct no_block_hook {
    /// Does nothing.
    void operator()(std::size_t) const noexcept {}
};

namespace detail {

// Given: the plumbing (checks, and the one switch between a plain and an adapted layer).
/// Throws invalid_argument unless 1 ≤ rank ≤ C (every adapted layer's smaller side), α is finite
/// and > 0, and a target is on.
inline void check_lora_config(const char* function, const lora_config& c, std::size_t channels) {
    if (c.rank == 0 || c.rank > channels || !(c.alpha > 0.0) || !std::isfinite(c.alpha) || !(c.attention || c.mlp))
        throw invalid_argument(function, ::llmlings::detail::concat("expected 1 <= rank <= channels (", channels,
                                                                    "), a finite alpha > 0 and attention or mlp on, "
                                                                    "got rank ",
                                                                    c.rank, ", alpha ", c.alpha, ", attention ",
                                                                    c.attention, ", mlp ", c.mlp));
}

/// Throws invalid_argument unless the model was made by make_lora_gpt().
template <class T>
void check_lora_gpt(const char* function, const lora_gpt<T>& model) {
    if (model.blocks.size() != model.gpt.blocks.size() || model.blocks.empty() ||
        model.gpt.blocks.size() != model.gpt.config.layers)
        throw invalid_argument(function, "the model is not built (make it with make_lora_gpt)");
}

/// y = the layer's output: lora_forward for an adapted layer, the base's dense_forward for rank 0.
template <class T>
void linear_forward(const lora_layer<T>& layer, const const_matrix_view<T>& x, matrix_view<T> y, lora_cache<T>& cache) {
    if (layer.rank == 0)
        nn::dense_forward(layer.base, x, y);
    else
        lora_forward(layer, x, y, cache);
}

/// dx = ∂L/∂x of the layer, and the gradients of its trainable tensors: lora_backward for an
/// adapted layer; for rank 0, the base's dense_backward when it is trainable, else dx = dy·W only.
template <class T>
void linear_backward(const lora_layer<T>& layer, lora_cache<T>& cache, const const_matrix_view<T>& x,
                     const const_matrix_view<T>& dy, matrix_view<T> dx) {
    if (layer.rank != 0) {
        lora_backward(layer, cache, x, dy, dx);
    } else if (layer.base.weight.trainable()) {
        nn::dense_backward(layer.base, x, dy, dx);
    } else {
        nn::detail::check_input("linear_backward", layer.base, x);
        const std::size_t rows = x.shape()[0], in = layer.base.in_features, out = layer.base.out_features;
        nn::detail::check_matrix("linear_backward", "dy", dy, rows, out);
        nn::detail::check_matrix("linear_backward", "dx", dx, rows, in);
        ::llmlings::detail::gemm(false, false, rows, in, out, T(1), dy.data(), out,
                                 static_cast<const T*>(layer.base.weight.data()), in, T(0), dx.data(), in);
    }
}

/// The four layers of a block, for loops over them.
template <class T>
std::vector<lora_layer<T>*> layers_of(lora_block<T>& b) {
    return {&b.qkv, &b.attn_proj, &b.fc, &b.mlp_proj};
}

// The GPT's ends, as transformer/05 and 06 compute them (you wrote them there): the embeddings
// before the blocks, the final norm and the tied head after them. peft/03's models share them.

/// x₀ = wte[ids] + wpe[0 … T) into w.embedded (B, T, C), sized here.
template <class T>
void embed_input(const transformer::gpt_model<T>& gpt, const transformer::token_ids& ids,
                 transformer::gpt_workspace<T>& w) {
    ensure_shape(w.embedded, {ids.shape()[0], ids.shape()[1], gpt.config.channels});
    transformer::embed_tokens(gpt.wte, ids, as_view(w.embedded));
    transformer::learned_positions_forward(gpt.wpe, as_view(w.embedded), as_view(w.embedded));
}

/// w.ln_f_out = LN_f(x) and w.logits = LN_f(x)·wteᵀ, for the rows of the last block's output x.
template <class T>
const matrix_of<T>& head_forward(const transformer::gpt_model<T>& gpt, const T* x, std::size_t rows,
                                 transformer::gpt_workspace<T>& w) {
    const std::size_t C = gpt.config.channels, V = gpt.config.vocab_size;
    ensure_shape(w.ln_f_out, {rows, C});
    transformer::layer_norm_forward(gpt.ln_f, view_of<2>(x, rows * C, {rows, C}), as_rows(w.ln_f_out), w.ln_f);
    ensure_shape(w.logits, {rows, V});
    ::llmlings::detail::gemm(false, true, rows, V, C, T(1), static_cast<const T*>(w.ln_f_out.data()), C,
                             static_cast<const T*>(gpt.wte.data()), C, T(0), w.logits.data(), V);
    return w.logits;
}

/// The head backwards: g.d_norm = d_logits·wte (wte.grad += d_logitsᵀ·LN_f(x) only when wte is
/// trainable), then LN_f's backward from the last block's output x into g.d_stream. Sizes g's buffers.
template <class T>
void head_backward(const transformer::gpt_model<T>& gpt, const T* x, std::size_t rows,
                   const transformer::gpt_workspace<T>& w, transformer::gpt_gradients<T>& g) {
    const std::size_t C = gpt.config.channels, V = gpt.config.vocab_size;
    ensure_shape(g.d_norm, {rows, C});
    ensure_shape(g.d_stream, {rows, C});
    ensure_shape(g.d_branch, {rows, C});
    if (gpt.wte.trainable())
        ::llmlings::detail::gemm(true, false, V, C, rows, T(1), static_cast<const T*>(g.d_logits.data()), V,
                                 static_cast<const T*>(w.ln_f_out.data()), C, T(1), gpt.wte.grad_data(), C);
    ::llmlings::detail::gemm(false, false, rows, C, V, T(1), static_cast<const T*>(g.d_logits.data()), V,
                             static_cast<const T*>(gpt.wte.data()), C, T(0), g.d_norm.data(), C);
    transformer::layer_norm_backward(gpt.ln_f, w.ln_f, view_of<2>(x, rows * C, {rows, C}), as_rows(g.d_norm),
                                     as_rows(g.d_stream));
}

/// The embeddings backwards from ∂L/∂x₀ in g.d_stream, each only when trainable: wpe's gradient,
/// and wte's rows ids(i) += row i (a scatter-add).
template <class T>
void embeddings_backward(const transformer::gpt_model<T>& gpt, const transformer::token_ids& ids,
                         const transformer::gpt_gradients<T>& g) {
    const std::size_t B = ids.shape()[0], steps = ids.shape()[1], C = gpt.config.channels, rows = B * steps;
    if (gpt.wpe.weight.trainable())
        transformer::learned_positions_backward(
            gpt.wpe, view_of<3>(static_cast<const T*>(g.d_stream.data()), rows * C, {B, steps, C}));
    if (!gpt.wte.trainable()) return;
    T* dw = gpt.wte.grad_data();
    for (std::size_t i = 0; i < rows; ++i) {
        T* row = dw + ids.data()[i] * C;
        const T* dx = g.d_stream.data() + i * C;
        for (std::size_t c = 0; c < C; ++c) row[c] += dx[c];
    }
}
// End of the given code.

}  // namespace detail

/**
 * @ingroup peft
 * @brief Adds LoRA updates to a built GPT (PEFT's get_peft_model): for each block, peft/01's
 * make_lora() over the targeted layers ("blocks.l.attn.qkv", …), init_lora() with `gen`, then
 * mark_only_lora_trainable() over the whole store.
 *
 * Layers that are not targeted keep rank 0 in their lora_layer and only their base. Afterwards
 * the store's only trainable tensors are the factors; make the optimizer after this call.
 *
 * @tparam T float or double
 * @param gpt a built GPT (transformer/05), pretrained; its store must not be frozen (no optimizer
 *        made over it yet). The returned model shares the store.
 * @param config the rank, α and targets; rank ≤ C (the smallest side of every adapted layer)
 * @param gen the generator for the A factors (layer by layer, block by block, in the order
 *        qkv, attn.proj, fc, mlp.proj)
 * @return the LoRA model; its output equals the base model's (every B is 0)
 * @throws invalid_argument when the GPT is not built, the config is not valid, the rank exceeds C,
 *         or the store refuses the names (frozen, or adapters already added)
 *
 * Complexity: O(r·C·L) to register and initialise. Example: the default GPT with r = 8 on every
 * layer: 65,536 trainable numbers.
 */
template <class T>
lora_gpt<T> make_lora_gpt(const transformer::gpt_model<T>& gpt, const lora_config& config, rng& gen) {
    todo("peft/02_lora_finetuning", "make_lora_gpt");
}

/**
 * @ingroup peft
 * @brief One pre-LN block with LoRA layers, forward: transformer/05's block with peft/01's
 * lora_forward wherever the block has a linear layer.
 *
 * 1. LN₁(x) → state.ln1_out; the qkv layer → state.attn.qkv (B·T, 3C);
 * 2. split_heads() of queries, keys, values (offsets 0, C, 2C) into state.attn.q/k/v;
 *    attention_forward() with the causal mask → state.attn.heads_out; merge_heads() →
 *    state.attn.merged (B·T, C);
 * 3. the attention's proj layer → state.attn_out; h = x + attn_out → state.residual;
 * 4. LN₂(h) → state.ln2_out; the fc layer → state.mlp.pre; GELU (core/simd.hpp's
 *    apply_gelu_tanh) → state.mlp.act; the MLP's proj layer → state.mlp_out;
 * 5. state.output = h + mlp_out.
 *
 * @tparam T float or double
 * @param block the GPT's block (its norms and its attention's head count; its linear layers are
 *        the adapters' bases)
 * @param adapters the block's four linear layers
 * @param x the block's input (B, T, C)
 * @param state filled with every activation the backward reads (transformer/05's block state);
 *        sized on first use
 * @param cache filled: the four layers' LoRA caches
 * @throws invalid_argument when a layer is not built
 * @throws shape_error when x does not have the block's C channels
 *
 * Complexity: as transformer/05's block, 24·B·T·C² + 4·B·T²·C flops, plus 2·B·T·r·(I + O) per
 * adapted layer; no allocation after the first call of a shape. Example: with every B = 0 the
 * output is the base block's, bit for bit.
 */
template <class T>
void lora_block_forward(const transformer::gpt_block<T>& block, const lora_block<T>& adapters,
                        const const_tensor_view<T, 3>& x, transformer::gpt_block_state<T>& state,
                        lora_block_cache<T>& cache) {
    todo("peft/02_lora_finetuning", "lora_block_forward");
}

/**
 * @ingroup peft
 * @brief One block with LoRA layers, backward: given ∂L/∂(the block's output) in g.d_stream,
 * accumulates the gradients of the block's trainable tensors and leaves ∂L/∂x in g.d_stream.
 *
 * transformer/06's block backward with peft/01's lora_backward in place of each dense backward:
 * 1. the MLP's proj layer (input state.mlp.act) → state.mlp.d_hidden; through the GELU at
 *    state.mlp.pre (core/simd.hpp's scale_by_gelu_tanh_derivative); the fc layer → g.d_norm;
 *    LN₂'s backward → g.d_branch, added into g.d_stream (now ∂L/∂h);
 * 2. the attention's proj layer (input state.attn.merged) → state.attn.d_merged; split_heads()
 *    into state.attn.d_heads; attention_backward() → dq, dk, dv; merge_heads() of those at
 *    offsets 0, C, 2C into state.attn.d_qkv; the qkv layer → g.d_norm; LN₁'s backward → g.d_branch,
 *    added into g.d_stream (now ∂L/∂x).
 *
 * @tparam T float or double
 * @param block the GPT's block; its norms' gradients are accumulated
 * @param adapters the block's four linear layers; their trainable tensors' gradients are accumulated
 * @param x the block's input the forward saw (B, T, C)
 * @param state what lora_block_forward() left; its backward scratch is used
 * @param cache the LoRA caches of that forward; their scratch is used
 * @param g g.d_stream (B·T, C): ∂L/∂(output) in, ∂L/∂x out; g.d_norm and g.d_branch: scratch,
 *        (B·T, C)
 * @throws invalid_argument when a layer is not built or is merged
 * @throws shape_error when x, the state or g's buffers do not fit
 *
 * Complexity: about twice the forward's flops, less 2·B·T·I·O for each frozen weight whose
 * gradient is skipped; no allocation after the first call of a shape. Example: g.d_stream = 0
 * leaves every gradient unchanged.
 */
template <class T>
void lora_block_backward(const transformer::gpt_block<T>& block, const lora_block<T>& adapters,
                         const const_tensor_view<T, 3>& x, transformer::gpt_block_state<T>& state,
                         lora_block_cache<T>& cache, transformer::gpt_gradients<T>& g) {
    todo("peft/02_lora_finetuning", "lora_block_backward");
}

/**
 * @ingroup peft
 * @brief The LoRA GPT's forward pass: the logits of the next token at every position.
 *
 * transformer/05's gpt_forward with lora_block_forward() for each block: x₀ = embed_tokens(wte,
 * ids) + wpe (learned_positions_forward, in place, into ws.gpt.embedded); each block in turn
 * (block l's input is block l−1's state.output); LN_f → ws.gpt.ln_f_out; the tied head
 * logits = LN_f(x_L)·wteᵀ → ws.gpt.logits.
 *
 * @tparam T float or double
 * @param model the model, made by make_lora_gpt()
 * @param ids (B, T) token ids, 1 ≤ T ≤ block_size, each < vocab_size
 * @param ws the workspace; sized on first use
 * @param before_block called as before_block(l) before block l runs, l = 0 … L−1 (default: nothing;
 *        peft/06 dequantises block l's frozen weights into the layers' base there)
 * @return ws.gpt.logits (B·T, V)
 * @throws invalid_argument when the model is not built or an id is not below V
 * @throws shape_error when T is 0 or exceeds the block size
 *
 * Complexity: transformer/05's gpt_forward plus 2·B·T·r·(I + O) per adapted layer; no allocation
 * after the first call of a batch shape. Example: right after make_lora_gpt(), the logits are
 * gpt_forward's, bit for bit.
 */
template <class T, class BeforeBlock = no_block_hook>
LLMLINGS_RETURNS_INTO_WORKSPACE const matrix_of<T>& lora_gpt_forward(const lora_gpt<T>& model,
                                                                     const transformer::token_ids& ids,
                                                                     lora_gpt_workspace<T>& ws,
                                                                     BeforeBlock&& before_block = {}) {
    todo("peft/02_lora_finetuning", "lora_gpt_forward");
}

/**
 * @ingroup peft
 * @brief The LoRA GPT's backward pass: given ∂L/∂logits in g.d_logits, accumulates the gradients
 * of the trainable tensors (the LoRA factors; a tensor made trainable again gets its gradient too).
 *
 * transformer/06's gpt_backward with lora_block_backward() for each block, and nothing computed
 * for a frozen tensor that no later step needs:
 * 1. the tied head: g.d_norm = d_logits·wte; wte.grad += d_logitsᵀ·LN_f(x_L) only when wte is
 *    trainable;
 * 2. LN_f's backward → g.d_stream = ∂L/∂x_L;
 * 3. each block from the last, lora_block_backward() (block l's input: block l−1's output, or
 *    ws.gpt.embedded for block 0);
 * 4. the embeddings, only when trainable: learned_positions_backward for wpe, the scatter-add
 *    into wte's rows for wte.
 *
 * @tparam T float or double
 * @param model the model; gradients are accumulated (`+=`)
 * @param ids the (B, T) ids of the forward
 * @param ws the workspace of lora_gpt_forward(model, ids, ws)
 * @param g g.d_logits holds ∂L/∂logits (B·T, V); the other buffers are scratch
 * @param before_block called as before_block(l) before block l's backward, l = L−1 … 0 (default:
 *        nothing)
 * @throws invalid_argument, shape_error as lora_gpt_forward() for the ids; shape_error when the
 *         workspace or d_logits does not match ids; invalid_argument when a layer is merged
 *
 * Complexity: transformer/06's backward less the frozen weights' gradients: about
 * 4·B·T·(8·L·C² + 2·L·T·C) + 2·B·T·V·C flops with every linear layer and the embeddings frozen,
 * against 4·B·T·(12·L·C² + 2·L·T·C + V·C) for full fine-tuning; no allocation after the first call
 * of a batch shape. Example: d_logits = 0 leaves every gradient unchanged.
 */
template <class T, class BeforeBlock = no_block_hook>
void lora_gpt_backward(const lora_gpt<T>& model, const transformer::token_ids& ids, lora_gpt_workspace<T>& ws,
                       transformer::gpt_gradients<T>& g, BeforeBlock&& before_block = {}) {
    todo("peft/02_lora_finetuning", "lora_gpt_backward");
}

/**
 * @ingroup peft
 * @brief One LoRA training step: zero the gradients, forward, the cross-entropy and its gradient,
 * backward, clip the global norm of the trainable gradients, one optimizer step.
 *
 * transformer/06's gpt_train_step with the LoRA passes. Only the factors move: the optimizer was
 * made after make_lora_gpt(), over a store whose only trainable tensors are the factors.
 *
 * @tparam T float or double
 * @tparam Optimizer an nn/07 optimizer over model.gpt.params
 * @param model the model; its factors are updated
 * @param ids (B, T) input ids
 * @param targets (B, T) the next ids
 * @param ws the forward's workspace
 * @param g the backward's buffers
 * @param opt the optimizer (nn::make_adamw(model.gpt.params, …))
 * @param max_grad_norm clip to this global norm (0: no clipping)
 * @param before_block passed to the forward and the backward (default: nothing)
 * @return the loss before the update and the gradient norm before clipping
 * @throws as lora_gpt_forward() and gpt_cross_entropy(); invalid_argument for a negative or
 *         non-finite max_grad_norm; numerical_error when a gradient is NaN or infinite
 *
 * Complexity: one forward and one backward; no allocation after the first step of a batch shape.
 * Example: on a text the base model has never seen, the loss falls while every base weight keeps
 * its bits.
 */
template <class T, class Optimizer, class BeforeBlock = no_block_hook>
transformer::train_step_result lora_gpt_train_step(lora_gpt<T>& model, const transformer::token_ids& ids,
                                                   const transformer::token_ids& targets, lora_gpt_workspace<T>& ws,
                                                   transformer::gpt_gradients<T>& g, Optimizer& opt,
                                                   double max_grad_norm = 1.0, BeforeBlock&& before_block = {}) {
    todo("peft/02_lora_finetuning", "lora_gpt_train_step");
}

/**
 * @ingroup peft
 * @brief Folds every update into its base weight (peft/01's merge_lora on each adapted layer):
 * model.gpt is then the fine-tuned GPT, at the base model's cost, for transformer/05's
 * gpt_forward and transformer/07's generate.
 *
 * @tparam T float or double
 * @param model the model; its base weights change in place
 * @return the number of layers merged now (0 when all were merged already)
 * @throws invalid_argument when the model is not built
 *
 * Complexity: 2·r·I·O flops per adapted layer. Example: right after make_lora_gpt() (B = 0)
 * merging changes no weight.
 */
template <class T>
std::size_t merge_lora_gpt(lora_gpt<T>& model) {
    todo("peft/02_lora_finetuning", "merge_lora_gpt");
}

/**
 * @ingroup peft
 * @brief Takes every update out of its base weight again (peft/01's unmerge_lora), to train on.
 *
 * @tparam T float or double
 * @param model the model; its base weights change in place (back to W₀ within float rounding)
 * @return the number of layers unmerged now
 * @throws invalid_argument when the model is not built
 *
 * Complexity: 2·r·I·O flops per adapted layer. Example: merge_lora_gpt then unmerge_lora_gpt
 * returns the same count twice.
 */
template <class T>
std::size_t unmerge_lora_gpt(lora_gpt<T>& model) {
    todo("peft/02_lora_finetuning", "unmerge_lora_gpt");
}

/**
 * @ingroup peft
 * @brief The memory a training setup holds: numbers in the store, trainable numbers, the bytes of
 * the weights and of the optimizer's state, counted from the store and the optimizer's buffers.
 *
 * For AdamW the state is two moments per trainable number: 8 bytes per trainable float, against
 * 4 per weight. Full fine-tuning's state is twice the model; LoRA's, twice its factors.
 *
 * @tparam T float or double
 * @param params the model's store
 * @param opt an Adam or AdamW optimizer made over `params`
 * @return the counts
 * @throws invalid_argument when the optimizer was made over another store
 *
 * Complexity: O(number of tensors). Example: the default GPT with r = 8 LoRA in float: 899,840
 * numbers (3,599,360 bytes), 65,536 trainable, 524,288 bytes of AdamW state.
 */
template <class T>
training_memory measure_training_memory(const parameter_store<T>& params, const nn::adam_optimizer<T>& opt) {
    todo("peft/02_lora_finetuning", "measure_training_memory");
}

}  // namespace peft
}  // namespace llmlings

#endif  // LLMLINGS_PEFT_02_LORA_FINETUNING_HPP
