// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief peft/06 — QLoRA: peft/02's LoRA GPT on a frozen base stored in NF4 (peft/05, blocks of
 * 64, double-quantised scales), dequantised one transformer block at a time just before the block
 * runs, forward and backward; the adapters train in float through the dequantised weights; what it
 * costs in memory and in loss beside LoRA on a float base and full fine-tuning.
 *
 * Sizes as peft/02 (V, P, L, H, C; B sequences of T tokens; r the rank). Each block's four linear
 * weights (3C,C), (C,C), (4C,C), (C,4C) — 12C² numbers — are kept only as NF4 codes and scales;
 * everything else of the GPT (embeddings, norms, biases) and the LoRA factors stay in T.
 *
 * QLoRA (Dettmers et al. 2023, "QLoRA: Efficient Finetuning of Quantized LLMs") replaces each
 * frozen W₀ of LoRA by its quantised form Q = NF4(W₀) and computes every product with the
 * dequantised weight:
 * @f[ y = x\,\operatorname{deq}(Q)^\top + b + \frac{\alpha}{r}\,(x A^\top) B^\top @f]
 * The gradient flows through deq(Q) to x (dx = dy·deq(Q) + dh·A) and into A and B as in LoRA; Q
 * never changes and gets no gradient. The model the adapters learn on is the quantised one: the
 * loss at step 0 is the quantised model's, and the adapters can absorb part of the quantisation
 * error as they learn the new task.
 *
 * Only one block's weights exist in float at a time: peft/02's passes call `before_block(l)`
 * before block l runs, forward (l = 0 … L−1) and backward (l = L−1 … 0), and dequantize_block()
 * writes block l's four NF4 tensors there into a *scratch* of four float weights, one per shape,
 * that every block's lora_layer uses as its base. Memory of the frozen base: 12C²·L·(4 + 8/64 + …)
 * bits in NF4 plus 12C² floats of scratch, against 12C²·L floats.
 *
 * The model is a peft::lora_gpt whose GPT lives in a new store *without* the linear weights (the
 * blocks' dense layers keep their bias, sizes and no weight), the NF4 tensors, and the scratch
 * store. After training, merge_qlora_gpt() dequantises everything into a plain float GPT and folds
 * the updates into it, for transformer/05's gpt_forward and transformer/07's generate.
 *
 * References: Dettmers, Pagnoni, Holtzman & Zettlemoyer (2023), "QLoRA: Efficient Finetuning of
 * Quantized LLMs" (§3: NF4, double quantisation, the QLoRA linear layer); bitsandbytes
 * (Linear4bit, dequantize_4bit); Hugging Face PEFT (prepare_model_for_kbit_training).
 *
 * Guide: @ref peft_06_qlora.
 */
#ifndef LLMLINGS_PEFT_06_QLORA_HPP
#define LLMLINGS_PEFT_06_QLORA_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/nn/07_optimizers.hpp>
#include <llmlings/peft/02_lora_finetuning.hpp>
#include <llmlings/peft/05_nf4.hpp>
#include <llmlings/transformer/06_gpt_training.hpp>

namespace llmlings {
namespace peft {

/// @ingroup peft
/// @brief QLoRA's NF4 block: 64 weights share one scale.
constexpr std::size_t qlora_block_size = 64;

/**
 * @ingroup peft
 * @brief The four frozen linear weights of one block, in NF4 (blocks of 64, double-quantised).
 * @tparam T float or double (the type of the scales)
 */
template <class T>
struct qlora_block_weights {
    nf4_tensor<T> qkv;        ///< blocks.l.attn.qkv.weight (3C, C)
    nf4_tensor<T> attn_proj;  ///< blocks.l.attn.proj.weight (C, C)
    nf4_tensor<T> fc;         ///< blocks.l.mlp.fc.weight (4C, C)
    nf4_tensor<T> mlp_proj;   ///< blocks.l.mlp.proj.weight (C, 4C)
};

/**
 * @ingroup peft
 * @brief One block's linear weights in T: a store of its own with four frozen tensors, one per
 * shape, that dequantize_block() overwrites before each block runs.
 * @tparam T float or double
 */
template <class T>
struct qlora_scratch {
    parameter_store<T> store;  ///< the four tensors below, frozen (never trained, never counted as the model's)
    parameter<T> qkv;          ///< "scratch.attn.qkv.weight" (3C, C)
    parameter<T> attn_proj;    ///< "scratch.attn.proj.weight" (C, C)
    parameter<T> fc;           ///< "scratch.mlp.fc.weight" (4C, C)
    parameter<T> mlp_proj;     ///< "scratch.mlp.proj.weight" (C, 4C)
};

/**
 * @ingroup peft
 * @brief A QLoRA GPT: peft/02's LoRA GPT over a GPT without linear weights, the NF4 weights of
 * every block, and the scratch their lora_layers read. Build it with make_qlora_gpt().
 *
 * `lora.gpt.params` holds the float tensors (wte, wpe, the norms, the biases) and the LoRA
 * factors; the optimizer is made over it. Each `lora.blocks[l]` layer's base is {the scratch
 * weight of its shape, block l's own bias}; the GPT's own blocks have no linear weight (their
 * views are not registered), so transformer/05's gpt_forward refuses this GPT: use qlora_forward(),
 * or merge_qlora_gpt() for a plain GPT.
 *
 * @tparam T float or double
 */
template <class T>
struct qlora_gpt {
    lora_gpt<T> lora;                             ///< the adapters and the float part of the GPT
    std::vector<qlora_block_weights<T>> weights;  ///< L blocks of NF4 weights
    qlora_scratch<T> scratch;                     ///< one block's weights in T
};

/**
 * @ingroup peft
 * @brief What QLoRA training holds in memory, in bytes (qlora_memory()).
 */
struct qlora_training_memory {
    std::size_t nf4_bytes = 0;        ///< the NF4 weights' codes and scales (peft/05's storage_bytes)
    std::size_t float_bytes = 0;      ///< the store's tensors in T: embeddings, norms, biases, LoRA factors
    std::size_t scratch_bytes = 0;    ///< one block's dequantised weights in T
    std::size_t weight_bytes = 0;     ///< nf4_bytes + float_bytes + scratch_bytes
    std::size_t trainable = 0;        ///< the numbers the optimizer updates
    std::size_t optimizer_bytes = 0;  ///< the optimizer's state: AdamW's two moments of each trainable number
    std::size_t gradient_bytes = 0;   ///< the two stores' gradient buffers (one T per float number, frozen or not)
};

namespace detail {

// Given: the checks and the plumbing (the GPT without its linear weights).
/// Throws invalid_argument unless the pretrained GPT is built, the config is valid, C is a multiple
/// of 8 (C² values, the smallest weight, then fill whole NF4 blocks of 64) and every linear weight
/// is finite (the error names the tensor and the element).
template <class T>
void check_qlora_pretrained(const char* function, const transformer::gpt_model<T>& gpt, const lora_config& config) {
    bool built = gpt.blocks.size() == gpt.config.layers && !gpt.blocks.empty() && gpt.wte.registered();
    for (const transformer::gpt_block<T>& b : gpt.blocks)
        for (const nn::dense_layer<T>* d : {&b.attn.qkv, &b.attn.proj, &b.mlp.fc, &b.mlp.proj})
            built = built && d->weight.registered() && d->bias.registered();
    if (!built)
        throw invalid_argument(function, "the pretrained GPT is not built (make it with transformer::make_gpt)");
    check_lora_config(function, config, gpt.config.channels);
    if (gpt.config.channels % 8 != 0)
        throw invalid_argument(function, ::llmlings::detail::concat("channels must be a multiple of 8, so that every "
                                                                    "linear weight fills whole NF4 blocks of ",
                                                                    qlora_block_size, ", got ", gpt.config.channels));
    for (const transformer::gpt_block<T>& b : gpt.blocks)
        for (const nn::dense_layer<T>* d : {&b.attn.qkv, &b.attn.proj, &b.mlp.fc, &b.mlp.proj}) {
            const T* w = d->weight.data();
            for (std::size_t k = 0; k < d->weight.size(); ++k)
                if (!std::isfinite(w[k]))
                    throw invalid_argument(
                        function, ::llmlings::detail::concat("'", d->weight.name(), "' value ", k, " (row ",
                                                             k / d->in_features, ", column ", k % d->in_features,
                                                             ") is ", w[k], ": only finite weights can be quantised"));
        }
}

/// Throws invalid_argument unless the model was made by make_qlora_gpt() and no layer is merged.
template <class T>
void check_qlora_gpt(const char* function, const qlora_gpt<T>& model) {
    const std::size_t L = model.lora.blocks.size();
    if (L == 0 || L != model.lora.gpt.blocks.size() || L != model.weights.size() || !model.scratch.qkv.registered() ||
        !model.scratch.attn_proj.registered() || !model.scratch.fc.registered() || !model.scratch.mlp_proj.registered())
        throw invalid_argument(function, "the model is not built (make it with make_qlora_gpt)");
    for (const lora_block<T>& b : model.lora.blocks)
        for (const lora_layer<T>* layer : {&b.qkv, &b.attn_proj, &b.fc, &b.mlp_proj})
            if (layer->merged)
                throw invalid_argument(function,
                                       "a layer is merged into the scratch: the base is NF4, merge with "
                                       "merge_qlora_gpt instead");
}

/// Throws as check_qlora_gpt, and unless l is a block of the model.
template <class T>
void check_qlora_block(const char* function, const qlora_gpt<T>& model, std::size_t l) {
    check_qlora_gpt(function, model);
    if (l >= model.weights.size())
        throw invalid_argument(function, ::llmlings::detail::concat("block ", l, " does not exist: the model has ",
                                                                    model.weights.size(), " blocks"));
}

/// A linear layer's weight (O,I) as the read-only view that peft/05's quantize_nf4<T> takes.
template <class T>
const_matrix_view<T> weight_of(const nn::dense_layer<T>& d) {
    return view_of<2>(static_cast<const T*>(d.weight.data()), d.weight.size(), {d.out_features, d.in_features});
}

/// Copies the values of `from` into `to` (same size).
template <class T>
void copy_values(const parameter<T>& from, const parameter<T>& to) {
    std::copy(from.data(), from.data() + from.size(), to.data());
}

/// A GPT of the pretrained one's sizes in a new store holding every tensor but the blocks' four
/// linear weights (transformer/05's names and order), their values copied from `pretrained`. Each
/// block's dense layers get the block's own bias and the scratch's weight of their shape, so that
/// peft/02's make_lora_gpt can adapt them.
template <class T>
transformer::gpt_model<T> make_frame(const transformer::gpt_model<T>& pretrained, const qlora_scratch<T>& scratch) {
    const transformer::gpt_config& c = pretrained.config;
    const std::size_t C = c.channels;
    transformer::gpt_model<T> m;
    m.config = c;
    parameter_store<T> store = m.params;
    m.wte = store.add("wte.weight", {c.vocab_size, C});
    copy_values(pretrained.wte, m.wte);
    m.wpe = transformer::make_learned_positions(store, "wpe", c.block_size, C);
    copy_values(pretrained.wpe.weight, m.wpe.weight);
    const auto norm = [&store, &c](const std::string& name, const transformer::layer_norm<T>& from) {
        transformer::layer_norm<T> n = transformer::make_layer_norm(store, name, c.channels, c.ln_eps);
        copy_values(from.weight, n.weight);
        copy_values(from.bias, n.bias);
        return n;
    };
    const auto linear = [&store](const std::string& name, const nn::dense_layer<T>& from, const parameter<T>& weight) {
        nn::dense_layer<T> d;
        d.weight = weight;
        d.bias = store.add(name + ".bias", {from.out_features});
        copy_values(from.bias, d.bias);
        d.in_features = from.in_features;
        d.out_features = from.out_features;
        return d;
    };
    for (std::size_t l = 0; l < c.layers; ++l) {
        const transformer::gpt_block<T>& from = pretrained.blocks[l];
        const std::string p = "blocks." + std::to_string(l);
        transformer::gpt_block<T> b;
        b.ln1 = norm(p + ".ln1", from.ln1);
        b.attn = from.attn;  // its channels, heads and head size; the layers are replaced next
        b.attn.qkv = linear(p + ".attn.qkv", from.attn.qkv, scratch.qkv);
        b.attn.proj = linear(p + ".attn.proj", from.attn.proj, scratch.attn_proj);
        b.ln2 = norm(p + ".ln2", from.ln2);
        b.mlp.fc = linear(p + ".mlp.fc", from.mlp.fc, scratch.fc);
        b.mlp.proj = linear(p + ".mlp.proj", from.mlp.proj, scratch.mlp_proj);
        m.blocks.push_back(b);
    }
    m.ln_f = norm("ln_f", pretrained.ln_f);
    return m;
}

/// Leaves the GPT's own linear layers without a weight (the adapters' bases keep the scratch):
/// transformer/05's passes then refuse the GPT instead of running every block on the scratch.
template <class T>
void detach_linear_weights(transformer::gpt_model<T>& gpt) {
    for (transformer::gpt_block<T>& b : gpt.blocks)
        for (nn::dense_layer<T>* d : {&b.attn.qkv, &b.attn.proj, &b.mlp.fc, &b.mlp.proj}) d->weight = parameter<T>();
}
// End of the given code.

}  // namespace detail

/**
 * @ingroup peft
 * @brief Makes a QLoRA GPT from a pretrained float GPT: its linear weights quantised to NF4, the
 * rest copied into a new store, a one-block scratch, and peft/02's adapters.
 *
 * 1. the scratch: a store of four tensors registered frozen (parameter_options{false}),
 *    "scratch.attn.qkv.weight" (3C, C), "scratch.attn.proj.weight" (C, C),
 *    "scratch.mlp.fc.weight" (4C, C), "scratch.mlp.proj.weight" (C, 4C);
 * 2. per block, its four weights (as detail::weight_of(layer) views) through peft/05's
 *    quantize_nf4<T> (blocks of qlora_block_size = 64, double quantisation on) into a
 *    qlora_block_weights;
 * 3. peft/02's make_lora_gpt over detail::make_frame(pretrained, scratch) (given: every other
 *    tensor copied into a new store, each linear layer reading the scratch), with `config` and
 *    `gen`; then detail::detach_linear_weights of the result's GPT (given).
 *
 * The factors are drawn as make_lora_gpt draws them: with the same generator state they equal
 * those of make_lora_gpt on the float GPT. The pretrained GPT is only read: its store may be
 * frozen (an optimizer trained it).
 *
 * @tparam T float or double
 * @param pretrained a built GPT (transformer/05), finite, C a multiple of 8
 * @param config the rank, α and targets (peft/02's lora_config)
 * @param gen the generator for the A factors
 * @return the model; its logits at the start are those of the GPT with dequantised weights
 * @throws invalid_argument when the GPT is not built, the config is not valid, C is not a
 *         multiple of 8, or a linear weight is NaN or infinite (naming the tensor)
 *
 * Complexity: O(16·12C²·L) to quantise (each value against 15 midpoints), O(r·C·L) for the
 * adapters. Example: the default GPT with r = 8: 786,432 weights in 405,760 bytes of NF4.
 */
template <class T>
qlora_gpt<T> make_qlora_gpt(const transformer::gpt_model<T>& pretrained, const lora_config& config, rng& gen) {
    todo("peft/06_qlora", "make_qlora_gpt");
}

/**
 * @ingroup peft
 * @brief Dequantises block l's four NF4 weights into the scratch (peft/05's dequantize, each into
 * the scratch tensor of its shape): what the hook of qlora_forward() and qlora_backward() does
 * before block l runs.
 *
 * @tparam T float or double
 * @param model the model; its scratch is overwritten
 * @param l the block, 0 ≤ l < L
 * @throws invalid_argument when the model is not built or l ≥ L
 * @throws shape_error when an NF4 tensor's codes and scales do not fit its shape (peft/05)
 *
 * Complexity: O(12C²); no allocation. Example: after dequantize_block(model, 1),
 * model.scratch.fc holds dequantize(model.weights[1].fc).
 */
template <class T>
void dequantize_block(qlora_gpt<T>& model, std::size_t l) {
    todo("peft/06_qlora", "dequantize_block");
}

/**
 * @ingroup peft
 * @brief The QLoRA GPT's forward pass: peft/02's lora_gpt_forward with a hook that dequantises
 * block l (dequantize_block) before block l runs.
 *
 * @tparam T float or double
 * @param model the model; its scratch holds block L−1's weights afterwards
 * @param ids (B, T) token ids, 1 ≤ T ≤ block_size, each < vocab_size
 * @param ws peft/02's workspace; sized on first use
 * @return ws.gpt.logits (B·T, V)
 * @throws invalid_argument when the model is not built or an id is not below V
 * @throws shape_error when T is 0 or exceeds the block size
 *
 * Complexity: peft/02's forward plus 12C²·L dequantised values; no allocation after the first
 * call of a batch shape. Example: right after make_qlora_gpt(), the logits are those of the float
 * GPT whose weights are dequantize(quantize_nf4(W)), bit for bit.
 */
template <class T>
LLMLINGS_RETURNS_INTO_WORKSPACE const matrix_of<T>& qlora_forward(qlora_gpt<T>& model,
                                                                  const transformer::token_ids& ids,
                                                                  lora_gpt_workspace<T>& ws) {
    todo("peft/06_qlora", "qlora_forward");
}

/**
 * @ingroup peft
 * @brief The QLoRA GPT's backward pass: peft/02's lora_gpt_backward with the same hook, so block
 * l's weights are dequantised again just before its backward (the forward left block L−1's there).
 *
 * Gradients reach the LoRA factors (and any float tensor made trainable again); the NF4 weights
 * never get one, and the scratch, frozen, none either.
 *
 * @tparam T float or double
 * @param model the model; gradients are accumulated (`+=`); its scratch holds block 0 afterwards
 * @param ids the (B, T) ids of the forward
 * @param ws the workspace of qlora_forward(model, ids, ws)
 * @param g g.d_logits holds ∂L/∂logits (B·T, V); the other buffers are scratch
 * @throws invalid_argument when the model is not built or an id is not below V
 * @throws shape_error when the workspace or d_logits does not match ids
 *
 * Complexity: peft/02's backward plus 12C²·L dequantised values; no allocation after the first
 * call of a batch shape. Example: d_logits = 0 leaves every gradient unchanged.
 */
template <class T>
void qlora_backward(qlora_gpt<T>& model, const transformer::token_ids& ids, lora_gpt_workspace<T>& ws,
                    transformer::gpt_gradients<T>& g) {
    todo("peft/06_qlora", "qlora_backward");
}

/**
 * @ingroup peft
 * @brief One QLoRA training step: peft/02's lora_gpt_train_step (zero the gradients, forward,
 * cross-entropy, backward, clip, one optimizer step) with the dequantising hook.
 *
 * @tparam T float or double
 * @tparam Optimizer an nn/07 optimizer over model.lora.gpt.params, made after make_qlora_gpt()
 * @param model the model; its factors are updated, its NF4 weights never
 * @param ids (B, T) input ids
 * @param targets (B, T) the next ids
 * @param ws the forward's workspace
 * @param g the backward's buffers
 * @param opt the optimizer (nn::make_adamw(model.lora.gpt.params, …))
 * @param max_grad_norm clip to this global norm (0: no clipping)
 * @return the loss before the update and the gradient norm before clipping
 * @throws as qlora_forward() and gpt_cross_entropy(); invalid_argument for a negative or
 *         non-finite max_grad_norm; numerical_error when a gradient is NaN or infinite
 *
 * Complexity: one forward and one backward, 2·12C²·L values dequantised; no allocation after the
 * first step of a batch shape. Example: on a new text the loss falls while every NF4 byte keeps
 * its value.
 */
template <class T, class Optimizer>
transformer::train_step_result qlora_train_step(qlora_gpt<T>& model, const transformer::token_ids& ids,
                                                const transformer::token_ids& targets, lora_gpt_workspace<T>& ws,
                                                transformer::gpt_gradients<T>& g, Optimizer& opt,
                                                double max_grad_norm = 1.0) {
    todo("peft/06_qlora", "qlora_train_step");
}

/**
 * @ingroup peft
 * @brief QLoRA's deployment: a plain float GPT (transformer/05) with every NF4 weight dequantised
 * and every LoRA update folded in, W = deq(Q) + (α/r)·B·A; the other tensors copied.
 *
 * make_gpt in a new store with the model's config; copy every tensor of model.lora.gpt.params
 * whose name the new GPT has (the embeddings, norms and biases); per block, dequantize each NF4
 * weight into the new GPT's weight of that layer, then peft/01's merge_lora on a copy of the
 * block's lora_layer whose base is the new GPT's layer (skip rank 0). The QLoRA model is not
 * changed. Its gpt_forward gives qlora_forward's logits to float rounding.
 *
 * @tparam T float or double
 * @param model the model
 * @return the merged GPT, every tensor trainable (a fresh store)
 * @throws invalid_argument when the model is not built
 *
 * Complexity: O(12C²·L·r) to merge. Example: right after make_qlora_gpt() (B = 0), the merged
 * GPT's weights are the dequantised ones.
 */
template <class T>
transformer::gpt_model<T> merge_qlora_gpt(const qlora_gpt<T>& model) {
    todo("peft/06_qlora", "merge_qlora_gpt");
}

/**
 * @ingroup peft
 * @brief The bytes QLoRA training holds: the NF4 weights (peft/05's storage_bytes of each), the
 * store's float tensors, the scratch, the optimizer's state, and the two stores' gradient buffers.
 *
 * peft/02's measure_training_memory counts the store and the optimizer; QLoRA adds the NF4 bytes
 * and the scratch, and its store no longer holds the linear weights. For the default GPT with
 * r = 8 in float: 405,760 bytes of NF4 (4.13 bits per weight), 453,632 of float tensors, 786,432
 * of scratch — 1,645,824 bytes of weights against LoRA's 3,599,360 — and the same 524,288 bytes of
 * AdamW state.
 *
 * @tparam T float or double
 * @param model the model
 * @param opt an Adam or AdamW optimizer made over model.lora.gpt.params
 * @return the counts
 * @throws invalid_argument when the model is not built or the optimizer was made over another store
 *
 * Complexity: O(number of tensors). Example: see above.
 */
template <class T>
qlora_training_memory qlora_memory(const qlora_gpt<T>& model, const nn::adam_optimizer<T>& opt) {
    todo("peft/06_qlora", "qlora_memory");
}

}  // namespace peft
}  // namespace llmlings

#endif  // LLMLINGS_PEFT_06_QLORA_HPP
