// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief peft/03 — two more ways to fine-tune a frozen GPT: bottleneck adapters (a small MLP with
 * its own residual after every block) and prompt tuning (P trainable vectors in front of the
 * input), each with its forward and backward passes, a training step and its trainable count.
 *
 * Sizes as transformer/05 (V, P_max = block_size, L, H, C; B sequences of T tokens), m the
 * adapters' bottleneck and P the prompt's length.
 *
 * **Bottleneck adapters** (Houlsby et al. 2019's module; one per block, after it, as Pfeiffer et
 * al. 2020): block l's output y goes through a down-projection to m ≪ C numbers, a GELU and an
 * up-projection back to C, added to y:
 * @f[ x_{l+1} = y + W_\text{up}\,\operatorname{GELU}(W_\text{down}\, y + b_\text{down}) + b_\text{up},
 *     \qquad y = \operatorname{block}_l(x_l) @f]
 * That is transformer/04's MLP with H = m hidden units instead of 4C, and a residual: its passes
 * are mlp_forward() and mlp_backward(). Registered as "blocks.l.adapter.down" (m, C) and
 * "blocks.l.adapter.up" (C, m), with biases: L·(2·C·m + m + C) trainable numbers. The
 * up-projection starts at 0, so the adapted GPT starts as the base GPT, bit for bit.
 *
 * **Prompt tuning** (Lester et al. 2021): P trainable vectors ("prompt.weight", (P, C)) are put
 * in front of every sequence's token embeddings; the frozen GPT runs over all P + T positions with
 * its causal attention, and the logits (and the loss) are those of the T text positions:
 * @f[ x_0[b, i] = \text{prompt}_i + W_{pe}[i] \;(i < P), \qquad
 *     x_0[b, P + t] = W_{te}[\text{ids}_{bt}] + W_{pe}[P + t], \qquad P + T \le \text{block\_size} @f]
 * P·C trainable numbers. Initialised from the embeddings of chosen token ids (Lester's vocabulary
 * initialisation), the prompted GPT computes what the base GPT computes on those ids followed by
 * the text.
 *
 * Both freeze every tensor of the GPT (embeddings, blocks, norms, the tied head) and run its
 * blocks through peft/02's lora_block_forward() and lora_block_backward() with rank-0 layers
 * (detail::frozen_blocks): the frozen weights' gradients are never computed, only the input's.
 * Counts for the default char-GPT (L 4, C 128): adapters m = 8: 8,736, m = 64: 66,304 (LoRA
 * r = 8: 65,536); a prompt of P = 16: 2,048. peft/02's measure_training_memory() gives the bytes.
 *
 * Prefix tuning (Li & Liang 2021) puts trainable vectors in every layer's keys and values instead;
 * it needs the attention itself changed and is not here (see the guide).
 *
 * References: Houlsby et al. (2019), "Parameter-efficient transfer learning for NLP"; Pfeiffer et
 * al. (2020), "AdapterHub" and (2021) "AdapterFusion"; Lester, Al-Rfou & Constant (2021), "The
 * power of scale for parameter-efficient prompt tuning"; Li & Liang (2021), "Prefix-tuning"; He et
 * al. (2022), "Towards a unified view of parameter-efficient transfer learning".
 *
 * Guide: @ref peft_03_adapters.
 */
#ifndef LLMLINGS_PEFT_03_ADAPTERS_HPP
#define LLMLINGS_PEFT_03_ADAPTERS_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/core/blas.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/nn/07_optimizers.hpp>
#include <llmlings/nn/13_training_utilities.hpp>
#include <llmlings/peft/02_lora_finetuning.hpp>
#include <llmlings/transformer/06_gpt_training.hpp>

namespace llmlings {
namespace peft {

/**
 * @ingroup peft
 * @brief A GPT with a bottleneck adapter after every block. Build it with make_adapter_gpt().
 * @tparam T float or double
 */
template <class T>
struct adapter_gpt {
    transformer::gpt_model<T> gpt;              ///< the pretrained model, frozen; its store holds the adapters too
    std::size_t bottleneck = 0;                 ///< m, the adapters' hidden width
    std::vector<lora_block<T>> blocks;          ///< the blocks' linear layers, rank 0 (detail::frozen_blocks)
    std::vector<transformer::mlp<T>> adapters;  ///< one per block: fc is the down-projection, proj the up-projection
};

/**
 * @ingroup peft
 * @brief What adapter_forward() keeps for adapter_backward().
 * @tparam T float or double
 */
template <class T>
struct adapter_state {
    transformer::mlp_cache<T> mlp;  ///< down(y) and its GELU (R, m), and the backward's scratch
    matrix_of<T> branch;            ///< up(GELU(down(y))) (R, C)
    matrix_of<T> output;            ///< y + branch (R, C): the next block's input
};

/**
 * @ingroup peft
 * @brief The adapter GPT's activations: transformer/05's workspace (block l's state.output is the
 * block's own output y), the rank-0 layers' caches, and every adapter's state.
 * @tparam T float or double
 */
template <class T>
struct adapter_gpt_workspace {
    transformer::gpt_workspace<T> gpt;        ///< embedded, the blocks' states, ln_f, the logits
    std::vector<lora_block_cache<T>> blocks;  ///< lora_block_forward's caches (no LoRA branch: unused)
    std::vector<adapter_state<T>> adapters;   ///< one per block
};

/**
 * @ingroup peft
 * @brief A GPT with P trainable prompt vectors in front of its input. Build it with
 * make_prompt_gpt().
 * @tparam T float or double
 */
template <class T>
struct prompt_gpt {
    transformer::gpt_model<T> gpt;      ///< the pretrained model, frozen; its store holds the prompt too
    parameter<T> prompt;                ///< "prompt.weight" (P, C)
    std::size_t length = 0;             ///< P
    std::vector<lora_block<T>> blocks;  ///< the blocks' linear layers, rank 0 (detail::frozen_blocks)
};

/**
 * @ingroup peft
 * @brief The prompted GPT's activations over P + T positions: embedded (B, P + T, C), the blocks'
 * states and LN_f over B·(P + T) rows, the logits of the text positions (B·T, V).
 * @tparam T float or double
 */
template <class T>
struct prompt_gpt_workspace {
    transformer::gpt_workspace<T> gpt;        ///< the activations
    std::vector<lora_block_cache<T>> blocks;  ///< lora_block_forward's caches (no LoRA branch: unused)
};

namespace detail {

// Given: the plumbing (checks, and the frozen GPT's layers as rank-0 LoRA layers).
/// Throws invalid_argument unless the GPT is built and its store is not frozen yet.
template <class T>
void check_gpt_to_adapt(const char* function, const transformer::gpt_model<T>& gpt) {
    if (gpt.blocks.size() != gpt.config.layers || gpt.blocks.empty() || !gpt.wte.registered())
        throw invalid_argument(function, "the GPT is not built (make it with transformer::make_gpt)");
    if (gpt.params.frozen())
        throw invalid_argument(function,
                               "the store is frozen (an optimizer was made over it): add the new "
                               "tensors first, then make the optimizer");
}

/// Throws invalid_argument unless 1 ≤ m ≤ C.
inline void check_bottleneck(const char* function, std::size_t bottleneck, std::size_t channels) {
    if (bottleneck == 0 || bottleneck > channels)
        throw invalid_argument(function, ::llmlings::detail::concat("expected 1 <= bottleneck <= channels (", channels,
                                                                    "), got ", bottleneck));
}

/// Throws invalid_argument unless 1 ≤ P < block_size (a prompt leaves room for one token at least).
inline void check_prompt_length(const char* function, std::size_t length, std::size_t block_size) {
    if (length == 0 || length >= block_size)
        throw invalid_argument(function, ::llmlings::detail::concat("expected a prompt of 1 to block_size - 1 (",
                                                                    block_size - 1, ") vectors, got ", length));
}

/// Throws invalid_argument unless every prompt id is below V.
template <class T>
void check_prompt_ids(const char* function, const transformer::gpt_model<T>& gpt, const std::vector<std::size_t>& ids) {
    for (std::size_t i = 0; i < ids.size(); ++i)
        if (ids[i] >= gpt.config.vocab_size)
            throw invalid_argument(
                function, ::llmlings::detail::concat("prompt id ", ids[i], " at ", i, " is not below vocab_size ",
                                                     gpt.config.vocab_size));
}

/// Throws invalid_argument unless the model was made by make_adapter_gpt().
template <class T>
void check_adapter_gpt(const char* function, const adapter_gpt<T>& model) {
    const std::size_t L = model.gpt.blocks.size();
    if (L == 0 || L != model.gpt.config.layers || model.blocks.size() != L || model.adapters.size() != L ||
        model.bottleneck == 0)
        throw invalid_argument(function, "the model is not built (make it with make_adapter_gpt)");
}

/// Throws invalid_argument unless the model was made by make_prompt_gpt().
template <class T>
void check_prompt_gpt(const char* function, const prompt_gpt<T>& model) {
    const std::size_t L = model.gpt.blocks.size();
    if (L == 0 || L != model.gpt.config.layers || model.blocks.size() != L || model.length == 0 ||
        !model.prompt.registered())
        throw invalid_argument(function, "the model is not built (make it with make_prompt_gpt)");
}

/// Throws unless ids is (B, T) with T ≥ 1 and P + T ≤ block_size (shape_error) and every id is
/// below V (invalid_argument), for a built prompted GPT.
template <class T>
void check_prompted_ids(const char* function, const prompt_gpt<T>& model, const transformer::token_ids& ids) {
    check_prompt_gpt(function, model);
    const std::size_t steps = ids.shape()[1], P = model.length, block = model.gpt.config.block_size;
    if (steps == 0 || P + steps > block)
        throw shape_error(function, ::llmlings::detail::concat("the prompt's ", P, " vectors leave room for 1 to ",
                                                               block - P, " tokens, got ids ", shape_str(ids.shape())));
    transformer::detail::check_ids(function, model.gpt, ids);
}

/// Throws shape_error unless the workspace holds the adapter GPT's forward of ids and d_logits its gradient.
template <class T>
void check_adapter_backward(const adapter_gpt<T>& model, const transformer::token_ids& ids,
                            const adapter_gpt_workspace<T>& ws, const transformer::gpt_gradients<T>& g) {
    check_adapter_gpt("adapter_gpt_backward", model);
    transformer::detail::check_backward_inputs(model.gpt, ids, ws.gpt, g, "adapter_gpt_backward");
    if (ws.adapters.size() != model.adapters.size() || ws.blocks.size() != model.blocks.size())
        throw shape_error("adapter_gpt_backward",
                          "the workspace holds no adapter states: run adapter_gpt_forward "
                          "on the same ids first");
}

/// Throws shape_error unless the workspace holds the prompted GPT's forward of ids (P + T positions)
/// and d_logits its gradient (B·T, V).
template <class T>
void check_prompt_backward(const prompt_gpt<T>& model, const transformer::token_ids& ids,
                           const prompt_gpt_workspace<T>& ws, const transformer::gpt_gradients<T>& g) {
    check_prompted_ids("prompt_gpt_backward", model, ids);
    const std::size_t B = ids.shape()[0], steps = ids.shape()[1], S = model.length + steps;
    const std::size_t V = model.gpt.config.vocab_size;
    const transformer::gpt_workspace<T>& w = ws.gpt;
    if (w.embedded.shape()[0] != B || w.embedded.shape()[1] != S || w.logits.shape()[0] != B * steps ||
        w.logits.shape()[1] != V || w.blocks.size() != model.blocks.size() || ws.blocks.size() != model.blocks.size())
        throw shape_error("prompt_gpt_backward",
                          ::llmlings::detail::concat("the workspace holds embedded ", shape_str(w.embedded.shape()),
                                                     " and logits ", shape_str(w.logits.shape()), ", not those of ",
                                                     model.length, " prompt vectors and ids ", shape_str(ids.shape()),
                                                     ": run prompt_gpt_forward on the same ids first"));
    if (g.d_logits.shape()[0] != B * steps || g.d_logits.shape()[1] != V)
        throw shape_error("prompt_gpt_backward",
                          ::llmlings::detail::concat("d_logits is ", shape_str(g.d_logits.shape()), ", expected (",
                                                     B * steps, ", ", V, ")"));
}

/// The GPT's blocks as peft/02 lora_blocks whose four layers have rank 0: lora_block_forward() runs
/// each base layer alone, and lora_block_backward() computes no gradient for a frozen weight.
template <class T>
std::vector<lora_block<T>> frozen_blocks(const transformer::gpt_model<T>& gpt) {
    std::vector<lora_block<T>> blocks(gpt.blocks.size());
    for (std::size_t l = 0; l < gpt.blocks.size(); ++l) {
        blocks[l].qkv.base = gpt.blocks[l].attn.qkv;
        blocks[l].attn_proj.base = gpt.blocks[l].attn.proj;
        blocks[l].fc.base = gpt.blocks[l].mlp.fc;
        blocks[l].mlp_proj.base = gpt.blocks[l].mlp.proj;
    }
    return blocks;
}
// End of the given code.

}  // namespace detail

/**
 * @ingroup peft
 * @brief The trainable numbers of bottleneck adapters after every block: L·(2·C·m + m + C).
 *
 * Each adapter has a down-projection (m, C) with m biases and an up-projection (C, m) with C
 * biases.
 *
 * @param config the GPT's sizes
 * @param bottleneck m, 1 ≤ m ≤ C
 * @return L·(2·C·m + m + C)
 * @throws invalid_argument for a bad configuration or m outside 1 … C
 *
 * Complexity: O(1). Example: the default GPT (L 4, C 128) with m = 8: 8,736; with m = 64: 66,304.
 */
inline std::size_t adapter_parameter_count(const transformer::gpt_config& config, std::size_t bottleneck) {
    todo("peft/03_adapters", "adapter_parameter_count");
}

/**
 * @ingroup peft
 * @brief The trainable numbers of a prompt of P vectors: P·C, whatever the depth of the model.
 *
 * @param config the GPT's sizes
 * @param length P, 1 ≤ P < block_size
 * @return P·C
 * @throws invalid_argument for a bad configuration or P outside 1 … block_size − 1
 *
 * Complexity: O(1). Example: the default GPT (C 128) with P = 16: 2,048.
 */
inline std::size_t prompt_parameter_count(const transformer::gpt_config& config, std::size_t length) {
    todo("peft/03_adapters", "prompt_parameter_count");
}

/**
 * @ingroup peft
 * @brief Adds a bottleneck adapter after every block of a built GPT and freezes everything else.
 *
 * For each block l, nn::make_dense registers the down-projection "blocks.l.adapter.down" (C → m,
 * with bias) and the up-projection "blocks.l.adapter.up" (m → C, with bias); the down-projection's
 * weight is drawn from U(−1/√C, 1/√C) (PyTorch's nn.Linear default, as peft/01's A), the
 * up-projection's weight and both biases stay 0: each adapter starts as the identity. Then every
 * tensor of the store is frozen but the adapters'.
 *
 * @tparam T float or double
 * @param gpt a built GPT (transformer/05), pretrained; its store must not be frozen (no optimizer
 *        made over it yet). The returned model shares the store.
 * @param bottleneck m, 1 ≤ m ≤ C
 * @param gen the generator for the down-projections, block by block, row-major
 * @return the adapter GPT; its logits equal the base GPT's
 * @throws invalid_argument when the GPT is not built, its store is frozen, m is outside 1 … C, or
 *         the store refuses the names (adapters already added)
 *
 * Complexity: O(L·C·m). Example: the default GPT with m = 64: 66,304 trainable numbers of 900,608.
 */
template <class T>
adapter_gpt<T> make_adapter_gpt(const transformer::gpt_model<T>& gpt, std::size_t bottleneck, rng& gen) {
    todo("peft/03_adapters", "make_adapter_gpt");
}

/**
 * @ingroup peft
 * @brief One adapter, forward: output = y + up(GELU(down(y))), transformer/04's mlp_forward() and
 * residual_add().
 *
 * @tparam T float or double
 * @param adapter the adapter (fc: down, proj: up)
 * @param y the block's output (R, C)
 * @param state filled: the MLP's cache, the branch and the output (R, C); sized on first use
 * @throws invalid_argument when the adapter is not built
 * @throws shape_error when y does not have C columns
 *
 * Complexity: 4·R·C·m flops, R·m tanh; no allocation after the first call of a shape. Example:
 * with the up-projection 0 the output is y, bit for bit.
 */
template <class T>
void adapter_forward(const transformer::mlp<T>& adapter, const const_matrix_view<T>& y, adapter_state<T>& state) {
    todo("peft/03_adapters", "adapter_forward");
}

/**
 * @ingroup peft
 * @brief One adapter, backward: given ∂L/∂output in g.d_stream, accumulates the adapter's
 * gradients and leaves ∂L/∂y = ∂L/∂output + (the branch's input gradient) in g.d_stream.
 *
 * mlp_backward() into g.d_branch, then add_into(g.d_stream, g.d_branch): the residual's "+" passes
 * the gradient on unchanged and the branch adds its own.
 *
 * @tparam T float or double
 * @param adapter the adapter; its four tensors' gradients are accumulated
 * @param state what adapter_forward() left for this y; its scratch is used
 * @param y the input the forward saw (R, C)
 * @param g g.d_stream (R, C): ∂L/∂output in, ∂L/∂y out; g.d_branch: scratch (R, C)
 * @throws invalid_argument when the adapter is not built
 * @throws shape_error when y, the state or g's buffers do not fit
 *
 * Complexity: 8·R·C·m flops; no allocation after the first call of a shape. Example: with the
 * up-projection 0, ∂L/∂y = ∂L/∂output and only the up-projection gets a gradient.
 */
template <class T>
void adapter_backward(const transformer::mlp<T>& adapter, adapter_state<T>& state, const const_matrix_view<T>& y,
                      transformer::gpt_gradients<T>& g) {
    todo("peft/03_adapters", "adapter_backward");
}

/**
 * @ingroup peft
 * @brief The adapter GPT's forward pass: the logits of the next token at every position.
 *
 * x₀ = embed_tokens(wte, ids) + wpe (learned_positions_forward, in place, into ws.gpt.embedded);
 * for each block l: lora_block_forward() of x_l (the rank-0 layers: the frozen block) into
 * ws.gpt.blocks[l], then adapter_forward() of its output y into ws.adapters[l], whose output is
 * x_{l+1}; LN_f(x_L) → ws.gpt.ln_f_out; the tied head logits = LN_f(x_L)·wteᵀ → ws.gpt.logits.
 *
 * @tparam T float or double
 * @param model the model, made by make_adapter_gpt()
 * @param ids (B, T) token ids, 1 ≤ T ≤ block_size, each < vocab_size
 * @param ws the workspace; sized on first use
 * @return ws.gpt.logits (B·T, V)
 * @throws invalid_argument when the model is not built or an id is not below V
 * @throws shape_error when T is 0 or exceeds the block size
 *
 * Complexity: transformer/05's gpt_forward plus 4·B·T·C·m flops per block; no allocation after the
 * first call of a batch shape. Example: right after make_adapter_gpt(), gpt_forward's logits bit
 * for bit.
 */
template <class T>
LLMLINGS_RETURNS_INTO_WORKSPACE const matrix_of<T>& adapter_gpt_forward(const adapter_gpt<T>& model,
                                                                        const transformer::token_ids& ids,
                                                                        adapter_gpt_workspace<T>& ws) {
    todo("peft/03_adapters", "adapter_gpt_forward");
}

/**
 * @ingroup peft
 * @brief The adapter GPT's backward pass: given ∂L/∂logits in g.d_logits, accumulates the
 * adapters' gradients (and those of any tensor made trainable again).
 *
 * 1. the tied head: g.d_norm = d_logits·wte; wte.grad += d_logitsᵀ·LN_f(x_L) only when wte is
 *    trainable;
 * 2. LN_f's backward (its input: the last adapter's output) → g.d_stream = ∂L/∂x_L;
 * 3. for each block from the last: adapter_backward() (its input: the block's output y), then
 *    lora_block_backward() (its input x_l: adapter l−1's output, or ws.gpt.embedded for l = 0);
 * 4. the embeddings, only when trainable: learned_positions_backward for wpe, the scatter-add into
 *    wte's rows for wte.
 *
 * @tparam T float or double
 * @param model the model; gradients are accumulated (`+=`)
 * @param ids the (B, T) ids of the forward
 * @param ws the workspace of adapter_gpt_forward(model, ids, ws)
 * @param g g.d_logits holds ∂L/∂logits (B·T, V); the other buffers are scratch
 * @throws invalid_argument, shape_error as adapter_gpt_forward() for the ids; shape_error when the
 *         workspace or d_logits does not match ids
 *
 * Complexity: about 4·B·T·(12·L·C² + 2·L·T·C) + 2·B·T·V·C flops for the frozen GPT (no weight
 * gradient) plus 8·B·T·C·m per adapter; no allocation after the first call of a batch shape.
 * Example: d_logits = 0 leaves every gradient unchanged.
 */
template <class T>
void adapter_gpt_backward(const adapter_gpt<T>& model, const transformer::token_ids& ids, adapter_gpt_workspace<T>& ws,
                          transformer::gpt_gradients<T>& g) {
    todo("peft/03_adapters", "adapter_gpt_backward");
}

/**
 * @ingroup peft
 * @brief One adapter training step: zero the gradients, forward, the cross-entropy and its
 * gradient, backward, clip the global norm, one optimizer step (transformer/06's gpt_train_step
 * with the adapter passes).
 *
 * @tparam T float or double
 * @tparam Optimizer an nn/07 optimizer over model.gpt.params, made after make_adapter_gpt()
 * @param model the model; its adapters are updated
 * @param ids (B, T) input ids
 * @param targets (B, T) the next ids
 * @param ws the forward's workspace
 * @param g the backward's buffers
 * @param opt the optimizer (nn::make_adamw(model.gpt.params, …))
 * @param max_grad_norm clip to this global norm (0: no clipping)
 * @return the loss before the update and the gradient norm before clipping
 * @throws as adapter_gpt_forward() and gpt_cross_entropy(); invalid_argument for a negative or
 *         non-finite max_grad_norm; numerical_error when a gradient is NaN or infinite
 *
 * Complexity: one forward and one backward; no allocation after the first step of a batch shape.
 * Example: on a text the base model has never seen, the loss falls while every base weight keeps
 * its bits.
 */
template <class T, class Optimizer>
transformer::train_step_result adapter_gpt_train_step(adapter_gpt<T>& model, const transformer::token_ids& ids,
                                                      const transformer::token_ids& targets,
                                                      adapter_gpt_workspace<T>& ws, transformer::gpt_gradients<T>& g,
                                                      Optimizer& opt, double max_grad_norm = 1.0) {
    todo("peft/03_adapters", "adapter_gpt_train_step");
}

/**
 * @ingroup peft
 * @brief Adds P trainable prompt vectors to a built GPT, initialised from the embeddings of the
 * given token ids (Lester et al.'s vocabulary initialisation), and freezes everything else.
 *
 * Registers "prompt.weight" (P, C) in the GPT's store, copies row init_ids[i] of wte into row i,
 * then freezes every tensor of the store but the prompt.
 *
 * @tparam T float or double
 * @param gpt a built GPT, pretrained; its store must not be frozen. The model shares the store.
 * @param init_ids P token ids, each < V, 1 ≤ P < block_size: the prompt starts as their embeddings
 * @return the prompted GPT: on ids it computes what the base GPT computes on init_ids followed by ids
 * @throws invalid_argument when the GPT is not built, its store is frozen, P is outside
 *         1 … block_size − 1, an id is not below V, or "prompt.weight" is taken
 *
 * Complexity: O(P·C). Example: the default GPT with 16 ids: 2,048 trainable numbers.
 */
template <class T>
prompt_gpt<T> make_prompt_gpt(const transformer::gpt_model<T>& gpt, const std::vector<std::size_t>& init_ids) {
    todo("peft/03_adapters", "make_prompt_gpt");
}

/**
 * @ingroup peft
 * @brief Adds P prompt vectors initialised from the embeddings of P token ids drawn uniformly
 * from the vocabulary (Lester et al.'s "sampled vocabulary" initialisation; they drew from the
 * 5,000 most common tokens): make_prompt_gpt(gpt, ids) with ids from uniform_index(V, gen).
 *
 * @tparam T float or double
 * @param gpt a built GPT; its store must not be frozen
 * @param length P, 1 ≤ P < block_size
 * @param gen the generator for the ids
 * @return the prompted GPT
 * @throws invalid_argument as the other overload
 *
 * Complexity: O(P·C). Example: length 8 on the default GPT: 1,024 trainable numbers.
 */
template <class T>
prompt_gpt<T> make_prompt_gpt(const transformer::gpt_model<T>& gpt, std::size_t length, rng& gen) {
    todo("peft/03_adapters", "make_prompt_gpt");
}

/**
 * @ingroup peft
 * @brief The prompted GPT's forward pass: the logits of the next token at every text position.
 *
 * With S = P + T: x₀ (B, S, C) holds, for each sequence, the P prompt vectors then the token
 * embeddings wte[ids(b, ·)], and wpe[0..S) is added to it (learned_positions_forward, in place,
 * into ws.gpt.embedded): the prompt takes positions 0 … P−1, the text P … S−1. Then every block
 * by lora_block_forward() (the rank-0 layers: the frozen blocks, causal over all S positions),
 * LN_f over the B·S rows, and the tied head for the text rows only: for each sequence b, rows
 * b·S + P … b·S + S − 1 of LN_f's output times wteᵀ → rows b·T … b·T + T − 1 of ws.gpt.logits.
 *
 * @tparam T float or double
 * @param model the model, made by make_prompt_gpt()
 * @param ids (B, T) token ids, 1 ≤ T ≤ block_size − P, each < vocab_size
 * @param ws the workspace; sized on first use
 * @return ws.gpt.logits (B·T, V): row b·T + t scores the token after ids(b, t)
 * @throws invalid_argument when the model is not built or an id is not below V
 * @throws shape_error when T is 0 or P + T exceeds the block size
 *
 * Complexity: transformer/05's gpt_forward over P + T positions, its head over T; no allocation
 * after the first call of a batch shape. Example: with the prompt made from ids p, the last T rows
 * of gpt_forward on [p, ids].
 */
template <class T>
LLMLINGS_RETURNS_INTO_WORKSPACE const matrix_of<T>& prompt_gpt_forward(const prompt_gpt<T>& model,
                                                                       const transformer::token_ids& ids,
                                                                       prompt_gpt_workspace<T>& ws) {
    todo("peft/03_adapters", "prompt_gpt_forward");
}

/**
 * @ingroup peft
 * @brief The prompted GPT's backward pass: given ∂L/∂logits (B·T, V) in g.d_logits, accumulates
 * the prompt's gradient (and those of any tensor made trainable again).
 *
 * With S = P + T, rows = B·S:
 * 1. the head, per sequence b: rows P … S−1 of g.d_norm (b's part) = d_logits_b·wte, rows 0 … P−1
 *    = 0 (no logit read them); wte.grad += d_logits_bᵀ·(b's text rows of LN_f's output) only when
 *    wte is trainable;
 * 2. LN_f's backward over all rows → g.d_stream; each block from the last, lora_block_backward();
 *    g.d_stream is then ∂L/∂x₀ (B, S, C);
 * 3. the prompt: prompt.grad[i] += Σ_b ∂L/∂x₀[b, i] for i < P (every sequence used the same vectors);
 * 4. the embeddings, only when trainable: learned_positions_backward over all S positions for wpe;
 *    wte's row ids(b, t) += ∂L/∂x₀[b, P + t].
 *
 * @tparam T float or double
 * @param model the model; gradients are accumulated (`+=`)
 * @param ids the (B, T) ids of the forward
 * @param ws the workspace of prompt_gpt_forward(model, ids, ws)
 * @param g g.d_logits holds ∂L/∂logits (B·T, V); the other buffers are scratch, (B·S, C)
 * @throws invalid_argument, shape_error as prompt_gpt_forward() for the ids; shape_error when the
 *         workspace or d_logits does not match ids
 *
 * Complexity: the frozen GPT's backward over S positions without its weight gradients; no
 * allocation after the first call of a batch shape. Example: d_logits = 0 leaves every gradient
 * unchanged.
 */
template <class T>
void prompt_gpt_backward(const prompt_gpt<T>& model, const transformer::token_ids& ids, prompt_gpt_workspace<T>& ws,
                         transformer::gpt_gradients<T>& g) {
    todo("peft/03_adapters", "prompt_gpt_backward");
}

/**
 * @ingroup peft
 * @brief One prompt-tuning step: zero the gradients, forward, the cross-entropy of the text
 * positions and its gradient, backward, clip the global norm, one optimizer step.
 *
 * @tparam T float or double
 * @tparam Optimizer an nn/07 optimizer over model.gpt.params, made after make_prompt_gpt()
 * @param model the model; its prompt is updated
 * @param ids (B, T) input ids, P + T ≤ block_size
 * @param targets (B, T) the next ids
 * @param ws the forward's workspace
 * @param g the backward's buffers
 * @param opt the optimizer (nn::make_adamw(model.gpt.params, …))
 * @param max_grad_norm clip to this global norm (0: no clipping)
 * @return the loss before the update and the gradient norm before clipping
 * @throws as prompt_gpt_forward() and gpt_cross_entropy(); invalid_argument for a negative or
 *         non-finite max_grad_norm; numerical_error when a gradient is NaN or infinite
 *
 * Complexity: one forward and one backward over P + T positions; no allocation after the first
 * step of a batch shape. Example: the loss of a new text falls while only the prompt moves.
 */
template <class T, class Optimizer>
transformer::train_step_result prompt_gpt_train_step(prompt_gpt<T>& model, const transformer::token_ids& ids,
                                                     const transformer::token_ids& targets, prompt_gpt_workspace<T>& ws,
                                                     transformer::gpt_gradients<T>& g, Optimizer& opt,
                                                     double max_grad_norm = 1.0) {
    todo("peft/03_adapters", "prompt_gpt_train_step");
}

}  // namespace peft
}  // namespace llmlings

#endif  // LLMLINGS_PEFT_03_ADAPTERS_HPP
