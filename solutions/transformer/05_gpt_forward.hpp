// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief transformer/05 — the GPT forward pass: token and position embeddings, pre-LN blocks, a
 * final layer norm and the tied language-model head; the cross-entropy of the next token.
 *
 * Sizes (gpt_config): V tokens in the vocabulary, at most P positions (the block size), L blocks,
 * H heads, C channels. A batch holds B sequences of T ≤ P token ids.
 *   ids, targets: (B, T) token ids < V        logits: (B·T, V)
 *   wte.weight (V, C): row v is token v's vector, and the LM head's weight (tied)
 *   wpe.weight (P, C): row p is position p's vector (transformer/03)
 *   blocks.l.ln1 / .attn / .ln2 / .mlp: transformer/04's and 02's layers; ln_f: the final norm
 *
 * The computation (Radford et al. 2019, GPT-2; the pre-LN arrangement of Xiong et al. 2020):
 * @f[ x_0 = W_{te}[\text{ids}] + W_{pe}[0..T), \qquad
 *     h_l = x_{l} + \operatorname{attn}_l(\operatorname{LN}_{1,l}(x_l)), \qquad
 *     x_{l+1} = h_l + \operatorname{MLP}_l(\operatorname{LN}_{2,l}(h_l)), \qquad
 *     \text{logits} = \operatorname{LN}_f(x_L)\, W_{te}^\top @f]
 * with causal attention. The residual stream x carries every block's input straight through to the
 * end; each block only adds to it. The LM head reuses the token embedding (Press & Wolf 2017): the
 * logit of token v is the dot product of the final vector with token v's own embedding.
 *
 * The workspace (gpt_workspace) holds every activation the backward pass (transformer/06) needs,
 * block by block, as llm.c's ActivationTensors; it is sized on the first call, and a later call of
 * the same batch shape allocates nothing.
 *
 * References: Radford et al. (2019), GPT-2; Xiong et al. (2020), "On layer normalization in the
 * transformer architecture"; Press & Wolf (2017), "Using the output embedding to improve language
 * models"; Karpathy's nanoGPT (model.py) and llm.c (train_gpt2.c).
 *
 * Guide: @ref transformer_05_gpt_forward (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_TRANSFORMER_05_GPT_FORWARD_HPP
#define LLMLINGS_TRANSFORMER_05_GPT_FORWARD_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/core/blas.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/stats/03_sampling.hpp>
#include <llmlings/transformer/02_multi_head.hpp>
#include <llmlings/transformer/03_positions.hpp>
#include <llmlings/transformer/04_norms.hpp>

namespace llmlings {
namespace transformer {

/// @ingroup transformer
/// @brief Token ids of a batch, (B, T): row b is sequence b.
using token_ids = xt::xtensor<std::size_t, 2>;

/// @ingroup transformer
/// @brief The target that gpt_cross_entropy() leaves out (PyTorch's `ignore_index`, −100 there):
/// the positions a masked language model does not predict.
constexpr std::size_t ignore_index = std::numeric_limits<std::size_t>::max();

/**
 * @ingroup transformer
 * @brief The sizes of a GPT. The defaults are the bench's model: 4 blocks of 4 heads, 128 wide,
 * 64 positions, a byte vocabulary.
 */
struct gpt_config {
    std::size_t vocab_size = 256;  ///< V, the number of token ids
    std::size_t block_size = 64;   ///< P, the most positions a sequence may have
    std::size_t layers = 4;        ///< L, the number of blocks
    std::size_t heads = 4;         ///< H, dividing channels
    std::size_t channels = 128;    ///< C
    double ln_eps = 1e-5;          ///< every layer norm's ε (PyTorch's default)
};

/**
 * @ingroup transformer
 * @brief One pre-LN block: x + attn(ln1(x)), then + mlp(ln2(·)).
 * @tparam T float or double
 */
template <class T>
struct gpt_block {
    layer_norm<T> ln1;                    ///< "blocks.l.ln1"
    multi_head_attention<T> attn;         ///< "blocks.l.attn" (qkv, proj)
    layer_norm<T> ln2;                    ///< "blocks.l.ln2"
    ::llmlings::transformer::mlp<T> mlp;  ///< "blocks.l.mlp" (fc C → 4C, proj 4C → C)
};

/**
 * @ingroup transformer
 * @brief A GPT: its configuration, its store handle and views of every tensor.
 * @tparam T float or double
 */
template <class T>
struct gpt_model {
    gpt_config config;                 ///< the sizes
    parameter_store<T> params;         ///< every tensor, in registration order
    parameter<T> wte;                  ///< "wte.weight" (V, C): token embeddings and the LM head
    learned_positions<T> wpe;          ///< "wpe.weight" (P, C)
    std::vector<gpt_block<T>> blocks;  ///< L blocks
    layer_norm<T> ln_f;                ///< "ln_f", the final norm
};

/**
 * @ingroup transformer
 * @brief The activations of one block that its backward reads.
 * @tparam T float or double
 */
template <class T>
struct gpt_block_state {
    layer_norm_cache<T> ln1;   ///< LN₁'s means and 1/σ
    layer_norm_cache<T> ln2;   ///< LN₂'s means and 1/σ
    matrix_of<T> ln1_out;      ///< LN₁(x) (B·T, C): the attention's input
    multi_head_cache<T> attn;  ///< the attention's cache
    tensor3_of<T> attn_out;    ///< attn(LN₁(x)) (B, T, C)
    matrix_of<T> residual;     ///< h = x + attn(…) (B·T, C)
    matrix_of<T> ln2_out;      ///< LN₂(h) (B·T, C): the MLP's input
    mlp_cache<T> mlp;          ///< the MLP's cache
    matrix_of<T> mlp_out;      ///< MLP(LN₂(h)) (B·T, C)
    matrix_of<T> output;       ///< h + MLP(…) (B·T, C): the next block's input
};

/**
 * @ingroup transformer
 * @brief Every activation of a forward pass, kept for the backward (llm.c's ActivationTensors).
 * @tparam T float or double
 */
template <class T>
struct gpt_workspace {
    tensor3_of<T> embedded;                  ///< x₀ (B, T, C)
    std::vector<gpt_block_state<T>> blocks;  ///< one per block
    layer_norm_cache<T> ln_f;                ///< the final norm's statistics
    matrix_of<T> ln_f_out;                   ///< LN_f(x_L) (B·T, C)
    matrix_of<T> logits;                     ///< (B·T, V)
};

namespace detail {

// Given: the checks (plumbing, not the topic).
/// Throws invalid_argument unless every size is at least 1, H divides C and ε is finite and > 0.
inline void check_config(const char* function, const gpt_config& c) {
    if (c.vocab_size == 0 || c.block_size == 0 || c.layers == 0 || c.heads == 0 || c.channels == 0 ||
        c.channels % c.heads != 0)
        throw invalid_argument(
            function, ::llmlings::detail::concat("expected sizes >= 1 with heads dividing channels, got vocab_size ",
                                                 c.vocab_size, ", block_size ", c.block_size, ", layers ", c.layers,
                                                 ", heads ", c.heads, ", channels ", c.channels));
    if (!(c.ln_eps > 0.0) || !std::isfinite(c.ln_eps))
        throw invalid_argument(function, ::llmlings::detail::concat("ln_eps must be finite and > 0, got ", c.ln_eps));
}

/// Throws unless ids is (B, T) with 1 ≤ T ≤ P and every id < V (invalid_argument, naming the
/// first bad id and where it is).
template <class T>
void check_ids(const char* function, const gpt_model<T>& model, const token_ids& ids) {
    if (model.blocks.size() != model.config.layers || !model.wte.registered())
        throw invalid_argument(function, "the model is not built (make it with make_gpt)");
    const std::size_t steps = ids.shape()[1];
    if (steps == 0 || steps > model.config.block_size)
        throw shape_error(function, ::llmlings::detail::concat("sequences must have 1 to ", model.config.block_size,
                                                               " tokens, got ids ", shape_str(ids.shape())));
    const std::size_t* p = ids.data();
    for (std::size_t i = 0; i < ids.size(); ++i)
        if (p[i] >= model.config.vocab_size)
            throw invalid_argument(function,
                                   ::llmlings::detail::concat("token id ", p[i], " at (", i / steps, ",", i % steps,
                                                              ") is not below vocab_size ", model.config.vocab_size));
}

/// Throws unless the mask's key_lengths are none or one per sequence (B), each at most T.
inline void check_mask(const char* function, const attention_mask& mask, std::size_t batch, std::size_t steps) {
    const std::size_t n = mask.key_lengths.size();
    if (n != 0 && n != batch)
        throw shape_error(
            function, ::llmlings::detail::concat("expected no key_lengths or one per sequence (", batch, "), got ", n));
    for (std::size_t b = 0; b < n; ++b)
        if (mask.key_lengths(b) > steps)
            throw invalid_argument(function, ::llmlings::detail::concat("key_lengths(", b, ") = ", mask.key_lengths(b),
                                                                        " exceeds the ", steps, " tokens"));
}
// End of the given code.

}  // namespace detail

/**
 * @ingroup transformer
 * @brief Registers a GPT's tensors in `store`, in GPT-2's order: wte, wpe, then each block's ln1,
 * attn (qkv, proj), ln2, mlp (fc, proj), then ln_f. 4C hidden units in each MLP.
 *
 * The values are the store's zeros, the norms' ones: initialise with init_gpt() or copy a
 * checkpoint in (transformer/10).
 *
 * @tparam T float or double
 * @param store the store to register in (the model keeps a handle)
 * @param config the sizes
 * @return the model
 * @throws invalid_argument for a bad configuration (see gpt_config)
 *
 * Complexity: O(number of parameters) = O(L·12C² + (V + P)·C). Example: the default
 * configuration has 4·(12·128² + 13·128) + (256 + 64)·128 + 2·128 = 834,304 numbers.
 */
template <class T>
gpt_model<T> make_gpt(parameter_store<T> store, const gpt_config& config) {
    detail::check_config("make_gpt", config);
    gpt_model<T> m;
    m.config = config;
    m.params = store;
    const std::size_t C = config.channels;
    m.wte = store.add("wte.weight", {config.vocab_size, C});
    m.wpe = make_learned_positions(store, "wpe", config.block_size, C);
    for (std::size_t l = 0; l < config.layers; ++l) {
        const std::string p = "blocks." + std::to_string(l);
        gpt_block<T> b;
        b.ln1 = make_layer_norm(store, p + ".ln1", C, config.ln_eps);
        b.attn = make_multi_head_attention(store, p + ".attn", C, config.heads);
        b.ln2 = make_layer_norm(store, p + ".ln2", C, config.ln_eps);
        b.mlp = make_mlp(store, p + ".mlp", C, 4 * C);
        m.blocks.push_back(b);
    }
    m.ln_f = make_layer_norm(store, "ln_f", C, config.ln_eps);
    return m;
}

/**
 * @ingroup transformer
 * @brief GPT-2's initialisation: every weight matrix and embedding N(0, 0.02²), the two
 * projections that write into the residual stream (attn.proj, mlp.proj) N(0, (0.02/√(2L))²),
 * biases 0, norm gains 1.
 *
 * The smaller projections keep the residual stream's variance from growing with depth: each of
 * the 2L blocks' branches adds to it.
 *
 * @tparam T float or double
 * @param model the model
 * @param gen the random generator (stats/03's normal sampler draws the values in double)
 * @throws invalid_argument when the model is not built
 *
 * Complexity: O(number of parameters). Example: after init_gpt, wte's sample deviation is about 0.02.
 */
template <class T>
void init_gpt(gpt_model<T>& model, rng& gen) {
    if (model.blocks.size() != model.config.layers || !model.wte.registered())
        throw invalid_argument("init_gpt", "the model is not built (make it with make_gpt)");
    const double projection_sd = 0.02 / std::sqrt(2.0 * static_cast<double>(model.config.layers));
    const auto fill_normal = [&gen](const parameter<T>& p, double sd) {
        const vector draws = stats::sample_normal(p.size(), gen, 0.0, sd);
        T* out = p.data();
        for (std::size_t i = 0; i < p.size(); ++i) out[i] = static_cast<T>(draws(i));
    };
    const auto fill = [](const parameter<T>& p, T value) { std::fill(p.data(), p.data() + p.size(), value); };
    fill_normal(model.wte, 0.02);
    fill_normal(model.wpe.weight, 0.02);
    for (gpt_block<T>& b : model.blocks) {
        for (const layer_norm<T>* ln : {&b.ln1, &b.ln2}) {
            fill(ln->weight, T(1));
            fill(ln->bias, T(0));
        }
        fill_normal(b.attn.qkv.weight, 0.02);
        fill(b.attn.qkv.bias, T(0));
        fill_normal(b.attn.proj.weight, projection_sd);
        fill(b.attn.proj.bias, T(0));
        fill_normal(b.mlp.fc.weight, 0.02);
        fill(b.mlp.fc.bias, T(0));
        fill_normal(b.mlp.proj.weight, projection_sd);
        fill(b.mlp.proj.bias, T(0));
    }
    fill(model.ln_f.weight, T(1));
    fill(model.ln_f.bias, T(0));
}

/**
 * @ingroup transformer
 * @brief Looks up token embeddings: out(b, t, :) = table row ids(b, t).
 *
 * @tparam T float or double
 * @param table the (V, C) embedding table
 * @param ids the (B, T) token ids, each < V (checked by the caller)
 * @param out (B, T, C), preallocated; overwritten
 *
 * Complexity: B·T·C copies; throws nothing. Example: ids {{2}} copies row 2.
 */
template <class T>
void embed_tokens(const parameter<T>& table, const token_ids& ids, tensor_view<T, 3> out) {
    const std::size_t C = out.shape()[2];
    const T* w = table.data();
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const T* row = w + ids.data()[i] * C;
        std::copy(row, row + C, out.data() + i * C);
    }
}

/**
 * @ingroup transformer
 * @brief The transformer's trunk under any mask: embeddings, every block, the final norm — the
 * hidden state of every position, before a head reads it.
 *
 * 1. x₀ = embed_tokens(wte, ids) + wpe (learned_positions_forward, in place);
 * 2. for each block: LN₁, multi_head_forward with `mask`, residual_add; LN₂, mlp_forward,
 *    residual_add;
 * 3. LN_f.
 *
 * gpt_forward() is this with the causal mask, then the tied head. An encoder (transformer/08) calls
 * it without the causal mask and with each sequence's length, so that every token sees the whole
 * sequence but no padding.
 *
 * @tparam T float or double
 * @param model the model
 * @param ids (B, T) token ids, 1 ≤ T ≤ block_size, each < vocab_size
 * @param mask transformer/01's mask: causal or not; key_lengths empty or one per sequence (≤ T)
 * @param ws the workspace; sized on first use, filled with every activation up to ws.ln_f_out
 * @return ws.ln_f_out, (B·T, C): row b·T + t is position t of sequence b
 * @throws invalid_argument when the model is not built, an id is not below V or a key length
 *         exceeds T
 * @throws shape_error when T is 0 or exceeds the block size, or key_lengths is neither empty nor B long
 *
 * Complexity: about 2·B·T·(12·L·C² + 2·L·T·C) flops; no allocation after the first call of a batch
 * shape. Example: with a causal mask, position t's row does not change when a later token does.
 */
template <class T>
LLMLINGS_RETURNS_INTO_WORKSPACE const matrix_of<T>& gpt_hidden(const gpt_model<T>& model, const token_ids& ids,
                                                               const attention_mask& mask, gpt_workspace<T>& ws) {
    detail::check_ids("gpt_hidden", model, ids);
    const std::size_t B = ids.shape()[0], steps = ids.shape()[1], C = model.config.channels, rows = B * steps;
    detail::check_mask("gpt_hidden", mask, B, steps);
    ensure_shape(ws.embedded, {B, steps, C});
    ws.blocks.resize(model.blocks.size());
    embed_tokens(model.wte, ids, as_view(ws.embedded));
    learned_positions_forward(model.wpe, as_view(ws.embedded), as_view(ws.embedded));
    const T* x = ws.embedded.data();
    for (std::size_t l = 0; l < model.blocks.size(); ++l) {
        const gpt_block<T>& b = model.blocks[l];
        gpt_block_state<T>& s = ws.blocks[l];
        ensure_shape(s.ln1_out, {rows, C});
        ensure_shape(s.attn_out, {B, steps, C});
        ensure_shape(s.residual, {rows, C});
        ensure_shape(s.ln2_out, {rows, C});
        ensure_shape(s.mlp_out, {rows, C});
        ensure_shape(s.output, {rows, C});
        const auto x_rows = view_of<2>(x, rows * C, {rows, C});
        layer_norm_forward(b.ln1, x_rows, as_rows(s.ln1_out), s.ln1);
        multi_head_forward(b.attn, view_of<3>(static_cast<const T*>(s.ln1_out.data()), rows * C, {B, steps, C}),
                           as_view(s.attn_out), s.attn, mask);
        residual_add(x_rows, as_rows(s.attn_out), as_rows(s.residual));
        layer_norm_forward(b.ln2, as_rows(s.residual), as_rows(s.ln2_out), s.ln2);
        mlp_forward(b.mlp, as_rows(s.ln2_out), as_rows(s.mlp_out), s.mlp);
        residual_add(as_rows(s.residual), as_rows(s.mlp_out), as_rows(s.output));
        x = s.output.data();
    }
    ensure_shape(ws.ln_f_out, {rows, C});
    layer_norm_forward(model.ln_f, view_of<2>(x, rows * C, {rows, C}), as_rows(ws.ln_f_out), ws.ln_f);
    return ws.ln_f_out;
}

/**
 * @ingroup transformer
 * @brief The GPT forward pass: the logits of the next token at every position.
 *
 * gpt_hidden() with the causal mask (position t sees tokens 0…t), then the tied head:
 * logits = LN_f(x_L) · wteᵀ, one BLAS product.
 *
 * @tparam T float or double
 * @param model the model
 * @param ids (B, T) token ids, 1 ≤ T ≤ block_size, each < vocab_size
 * @param ws the workspace; sized on first use, filled with every activation
 * @return ws.logits, (B·T, V): row b·T + t scores the token after ids(b, t)
 * @throws invalid_argument when the model is not built or an id is not below V
 * @throws shape_error when T is 0 or exceeds the block size
 *
 * Complexity: about 2·B·T·(12·L·C² + 2·L·T·C + V·C) flops; no allocation after the first call of
 * a batch shape. Example: a model whose weights are all 0 (norm gains 1) gives logits 0: every
 * token is equally likely.
 */
template <class T>
LLMLINGS_RETURNS_INTO_WORKSPACE const matrix_of<T>& gpt_forward(const gpt_model<T>& model, const token_ids& ids,
                                                                gpt_workspace<T>& ws) {
    detail::check_ids("gpt_forward", model, ids);
    attention_mask causal;
    causal.causal = true;
    const matrix_of<T>& hidden = gpt_hidden(model, ids, causal, ws);
    const std::size_t rows = ids.size(), V = model.config.vocab_size, C = model.config.channels;
    ensure_shape(ws.logits, {rows, V});
    ::llmlings::detail::gemm(false, true, rows, V, C, T(1), static_cast<const T*>(hidden.data()), C,
                             static_cast<const T*>(model.wte.data()), C, T(0), ws.logits.data(), V);
    return ws.logits;
}

/**
 * @ingroup transformer
 * @brief The mean cross-entropy of the next token, and optionally its gradient w.r.t. the logits.
 *
 * @f[ L = \frac{1}{N} \sum_{b,t} \Big(\log \sum_v e^{z_{bt,v}} - z_{bt,\,y_{bt}}\Big), \qquad
 *     \frac{\partial L}{\partial z_{bt,v}} = \frac{\operatorname{softmax}(z_{bt})_v - [v = y_{bt}]}{N} @f]
 * computed with the log-sum-exp trick in double per row. The targets are the ids shifted by one:
 * targets(b, t) = the token that follows ids(b, t). A target equal to ignore_index is left out
 * (PyTorch's `ignore_index`): its row adds nothing and gets a zero gradient, and N counts the other
 * rows (N = B·T when none is ignored). A masked language model (transformer/08) predicts only the
 * positions it chose this way. When every row is ignored, L = 0 and the gradient is 0 (PyTorch
 * returns NaN, 0/0).
 *
 * @tparam T float or double
 * @param logits (B·T, V), from gpt_forward()
 * @param targets (B, T) token ids < V, or ignore_index
 * @param d_logits when not empty, (B·T, V): overwritten with ∂L/∂logits
 * @return L in nats (ln V for uniform logits)
 * @throws shape_error when the shapes do not fit; invalid_argument for a target ≥ V that is not
 *         ignore_index
 *
 * Complexity: B·T·V exp. Example: logits all 0 give ln V.
 */
template <class T>
double gpt_cross_entropy(const const_matrix_view<T>& logits, const token_ids& targets, matrix_view<T> d_logits) {
    const std::size_t rows = logits.shape()[0], V = logits.shape()[1];
    if (targets.size() != rows || (d_logits.size() != 0 && (d_logits.shape()[0] != rows || d_logits.shape()[1] != V)))
        throw shape_error(
            "gpt_cross_entropy",
            ::llmlings::detail::concat("logits ", shape_str(logits.shape()), ", targets ", shape_str(targets.shape()),
                                       " and d_logits ", shape_str(d_logits.shape()), " do not fit"));
    std::size_t counted = 0;
    for (std::size_t r = 0; r < rows; ++r) {
        const std::size_t y = targets.data()[r];
        if (y == ignore_index) continue;
        if (y >= V)
            throw invalid_argument("gpt_cross_entropy",
                                   ::llmlings::detail::concat("target ", y, " in row ", r, " is not below ", V));
        ++counted;
    }
    double total = 0.0;
    const double scale = counted == 0 ? 0.0 : 1.0 / static_cast<double>(counted);
    for (std::size_t r = 0; r < rows; ++r) {
        const std::size_t y = targets.data()[r];
        if (y == ignore_index) {
            if (d_logits.size() != 0) std::fill(d_logits.data() + r * V, d_logits.data() + (r + 1) * V, T(0));
            continue;
        }
        const T* z = logits.data() + r * V;
        double largest = -std::numeric_limits<double>::infinity();
        for (std::size_t v = 0; v < V; ++v) largest = std::max(largest, static_cast<double>(z[v]));
        double sum = 0.0;
        for (std::size_t v = 0; v < V; ++v) sum += std::exp(static_cast<double>(z[v]) - largest);
        const double log_sum = largest + std::log(sum);
        total += log_sum - static_cast<double>(z[y]);
        if (d_logits.size() == 0) continue;
        T* d = d_logits.data() + r * V;
        for (std::size_t v = 0; v < V; ++v)
            d[v] = static_cast<T>((std::exp(static_cast<double>(z[v]) - log_sum) - (v == y ? 1.0 : 0.0)) * scale);
    }
    return total * scale;
}

}  // namespace transformer
}  // namespace llmlings

#endif  // LLMLINGS_TRANSFORMER_05_GPT_FORWARD_HPP
