// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nlp/09 — attention: the decoder of nlp/08 looks back at every encoder state. Three score
 * functions (Luong's dot and general, Bahdanau's additive), a masked softmax over the source
 * positions, the context vector, their backward, and Luong's attentional decoder trained with
 * teacher forcing; the attention weights drawn as a heatmap.
 *
 * Shapes: B = batch, S = source steps, T = target steps, Q = query size, K = key size (the keys
 * are also the values), A = the additive score's hidden size, H = the model's hidden units.
 *   queries (B,T,Q)  keys (B,S,K)  lengths (B)  →  weights (B,T,S), context (B,T,K)
 *   model: nlp/08's encoder and decoder, plus "decoder.attention.*" and "decoder.combine.weight" (H,2H)
 *
 * The scores of query q (a decoder state) against key k (an encoder state):
 *   dot      q·k                    Luong, Pham, Manning (2015), eq. 8 "dot"      (needs Q = K)
 *   general  q·(W_a k), W_a (Q,K)    Luong et al. (2015), eq. 8 "general"
 *   additive v·tanh(W_q q + W_k k)   Bahdanau, Cho, Bengio (2015), eq. 6, appendix A.1.2 (Luong's "concat")
 *            W_q (A,Q), W_k (A,K), v (1,A), no biases
 * a = softmax of the scores over the positions s < lengths(b) (the rest get exactly 0), and the
 * context c = Σ_s a_s k_s.
 *
 * One design for all three scores, Luong's global attention (Luong et al. 2015, §3.1, eqs. 5–7)
 * without input feeding: the decoder GRU runs as in nlp/08; its state h_t (the query) attends
 * over the encoder states, and the attentional state h̃_t = tanh(W_c [c_t; h_t]) (no bias)
 * replaces h_t in nlp/08's output projection. Bahdanau's own decoder (the previous state as query,
 * the context fed into the GRU's input) is not built: it serialises the decoder step by step;
 * its *score* is the additive one here, as his appendix A.1.2 writes it.
 *
 * Masks and empty sources: a source row of length 0 (only pads) has nothing to attend to; its
 * weights are all 0 and its context is 0 (a documented choice: PyTorch's softmax over all −∞
 * gives NaN). Such a row's decoder still runs, from nlp/08's zero final state.
 *
 * What this file deliberately is not: multi-head or scaled dot-product attention (transformer/01
 * and 02), input feeding, local or monotonic attention, coverage, or beam search (nlp/10).
 *
 * References: D. Bahdanau, K. Cho, Y. Bengio (2015), "Neural machine translation by jointly
 * learning to align and translate" (ICLR); M.-T. Luong, H. Pham, C. D. Manning (2015), "Effective
 * approaches to attention-based neural machine translation" (EMNLP).
 *
 * Guide: @ref nlp_09_attention (the ideas) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NLP_09_ATTENTION_HPP
#define LLMLINGS_NLP_09_ATTENTION_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/nlp/08_seq2seq.hpp>
#include <llmlings/nn/05_dense.hpp>
#include <llmlings/nn/12_gru.hpp>
#include <llmlings/nn/13_training_utilities.hpp>
#include <llmlings/plot.hpp>

namespace llmlings {
namespace nlp {

/// @ingroup nlp
/// @brief Which score function an attention_layer computes.
enum class attention_score {
    dot,      ///< q·k (Luong): no parameters; needs Q = K
    general,  ///< q·(W_a k) (Luong): W_a (Q,K)
    additive  ///< v·tanh(W_q q + W_k k) (Bahdanau): W_q (A,Q), W_k (A,K), v (1,A)
};

/**
 * @ingroup nlp
 * @brief An attention layer: its score function and the views of its parameters, registered by
 * make_attention() as "<name>.general.weight" (Q,K) for general, or "<name>.query.weight" (A,Q),
 * "<name>.key.weight" (A,K) and "<name>.v.weight" (1,A) for additive (nn/05 layers without bias).
 * @tparam T float (training) or double (gradient checks)
 */
template <class T>
struct attention_layer {
    attention_score score = attention_score::dot;  ///< the score function
    nn::dense_layer<T> general;                    ///< general: k ↦ W_a k, K → Q
    nn::dense_layer<T> query;                      ///< additive: q ↦ W_q q, Q → A
    nn::dense_layer<T> key;                        ///< additive: k ↦ W_k k, K → A
    nn::dense_layer<T> v;                          ///< additive: u ↦ v·u, A → 1
    std::size_t query_size = 0;                    ///< Q
    std::size_t key_size = 0;                      ///< K
    std::size_t attention_size = 0;                ///< A (additive), else 0
};

/**
 * @ingroup nlp
 * @brief What attention_forward() keeps for attention_backward(), and the backward's buffers.
 * @tparam T float or double
 */
template <class T>
struct attention_cache {
    tensor3_of<T> keys_w;    ///< (B,S,Q) forward, general: W_a k of every key
    tensor3_of<T> q_proj;    ///< (B,T,A) forward, additive: W_q q
    tensor3_of<T> k_proj;    ///< (B,S,A) forward, additive: W_k k
    tensor4_of<T> u;         ///< (B,T,S,A) forward, additive: tanh(W_q q + W_k k), 0 at masked s
    tensor3_of<T> d_scores;  ///< (B,T,S) backward: dL/d(scores)
    tensor3_of<T> d_proj_q;  ///< (B,T,Q or A) backward: dL/d(queries' image) before the layer
    tensor3_of<T> d_proj_k;  ///< (B,S,Q or A) backward: dL/d(keys' image) before the layer
    tensor3_of<T> d_extra;   ///< (B,S,K) or (B,T,Q) backward: a projection's dL/d(input)
};

/// @ingroup nlp
/// @brief The sizes of an attention_seq2seq_model: nlp/08's, the score function and A.
struct attention_seq2seq_config : seq2seq_config {
    attention_score score = attention_score::general;  ///< the score function
    std::size_t attention_size = 32;                   ///< A ≥ 1 (additive only; ignored otherwise)
};

/**
 * @ingroup nlp
 * @brief nlp/08's encoder-decoder with Luong's global attention; build it with
 * make_attention_seq2seq().
 * @tparam T float or double
 */
template <class T>
struct attention_seq2seq_model {
    parameter_store<T> params;     ///< the model's store (a handle)
    seq2seq_encoder<T> encoder;    ///< "encoder.*" (nlp/08)
    seq2seq_decoder<T> decoder;    ///< "decoder.*" (nlp/08); its `out` projects h̃ instead of h
    attention_layer<T> attention;  ///< "decoder.attention.*": queries H, keys H
    nn::dense_layer<T> combine;    ///< "decoder.combine.weight" (H,2H): Luong's W_c, no bias
};

/**
 * @ingroup nlp
 * @brief The buffers of one attentional decoder step (attention_decoder_step(); forward only).
 * @tparam T float or double
 */
template <class T>
struct attention_step_cache {
    matrix_of<T> embedded;         ///< (B,E)
    nn::gru_cache<T> gru;          ///< nn/12's cache of one step
    attention_cache<T> attention;  ///< the attention's cache for one query per row
    matrix_of<T> context;          ///< (B,H)
    matrix_of<T> combined;         ///< (B,2H): [c; h]
    matrix_of<T> attentional;      ///< (B,H): h̃
};

/**
 * @ingroup nlp
 * @brief Every activation of a training step and an evaluation (the model's ActivationTensors);
 * make it empty, the passes size it. After attention_seq2seq_evaluate() or a forward, `weights`
 * holds the attention maps (B,T,S) that plot_attention() draws.
 * @tparam T float or double
 */
template <class T>
struct attention_seq2seq_workspace {
    seq2seq_encoder_cache<T> encoder;  ///< nlp/08's encoder cache (its `lengths` are the masks)
    tensor3_of<T> encoder_states;      ///< (B,S,H): the keys and values
    matrix_of<T> encoder_final;        ///< (B,H): the decoder's first state
    seq2seq_ids decoder_inputs;        ///< (B,T)
    tensor3_of<T> embedded;            ///< (B,T,E)
    nn::gru_cache<T> gru;              ///< the decoder GRU's cache
    tensor3_of<T> states;              ///< (B,T,H): the decoder's states, the queries
    attention_cache<T> attention;      ///< the attention's cache
    tensor3_of<T> weights;             ///< (B,T,S): the attention weights
    tensor3_of<T> context;             ///< (B,T,H)
    tensor3_of<T> combined;            ///< (B,T,2H): [c_t; h_t]
    tensor3_of<T> attentional;         ///< (B,T,H): h̃_t = tanh(W_c [c_t; h_t])
    tensor3_of<T> logits;              ///< (B,T,V)
    tensor3_of<T> d_logits;            ///< (B,T,V)
    tensor3_of<T> d_attentional;       ///< (B,T,H)
    tensor3_of<T> d_combined;          ///< (B,T,2H)
    tensor3_of<T> d_context;           ///< (B,T,H)
    tensor3_of<T> d_states;            ///< (B,T,H)
    tensor3_of<T> d_queries;           ///< (B,T,H)
    tensor3_of<T> d_keys;              ///< (B,S,H): the encoder's dL/d(states)
    tensor3_of<T> d_embedded;          ///< (B,T,E)
    matrix_of<T> d_encoder_final;      ///< (B,H)
    attention_step_cache<T> step;      ///< free-running: one step
    index_vector previous;             ///< (B) free-running: the tokens fed back
    matrix_of<T> h;                    ///< (B,H) free-running
    matrix_of<T> h_next;               ///< (B,H) free-running
    matrix_of<T> step_logits;          ///< (B,V) free-running
    matrix_of<T> step_weights;         ///< (B,S) free-running
};

namespace detail {

// Given: the checks (you call them; they are not the exercise).

/// Throws invalid_argument unless the layer was built by make_attention.
template <class T>
void check_attention(const char* function, const attention_layer<T>& layer) {
    if (layer.query_size == 0 || layer.key_size == 0)
        throw invalid_argument(function, "the attention layer is not built (make it with make_attention)");
}

/// Throws shape_error or invalid_argument unless queries (B,T,Q), keys (B,S,K) and lengths (B)
/// fit the layer and every length is ≤ S.
template <class T, class Q, class K>
void check_attention_inputs(const char* function, const attention_layer<T>& layer, const Q& queries, const K& keys,
                            const index_vector& lengths) {
    check_attention(function, layer);
    if (queries.dimension() != 3 || queries.shape()[2] != layer.query_size)
        throw shape_error(function, ::llmlings::detail::concat("queries must be (B,T,", layer.query_size, "), got ",
                                                               shape_str(queries.shape())));
    const std::size_t B = queries.shape()[0];
    if (keys.dimension() != 3 || keys.shape()[0] != B || keys.shape()[2] != layer.key_size)
        throw shape_error(function, ::llmlings::detail::concat("keys must be (", B, ",S,", layer.key_size, "), got ",
                                                               shape_str(keys.shape())));
    if (lengths.size() != B)
        throw shape_error(function, ::llmlings::detail::concat("lengths must hold one length per row (", B, "), got ",
                                                               lengths.size()));
    for (std::size_t b = 0; b < B; ++b)
        if (lengths(b) > keys.shape()[1])
            throw invalid_argument(function, ::llmlings::detail::concat("lengths(", b, ") = ", lengths(b),
                                                                        " exceeds the ", keys.shape()[1], " keys"));
}

/// A (B,1,F) view of a (B,F) matrix: one step of a sequence.
template <class T>
tensor_view<T, 3> one_step(matrix_of<T>& m) {
    return view_of<3>(m.data(), m.size(), {m.shape()[0], std::size_t{1}, m.shape()[1]});
}
template <class T>
tensor_view<const T, 3> one_step(const matrix_of<T>& m) {
    return view_of<3>(m.data(), m.size(), {m.shape()[0], std::size_t{1}, m.shape()[1]});
}

/// Throws invalid_argument unless the model was built by make_attention_seq2seq.
template <class T>
void check_attention_model(const char* function, const attention_seq2seq_model<T>& model) {
    check_encoder(function, model.encoder);
    check_decoder(function, model.decoder);
    check_attention(function, model.attention);
}

/// Adds src to dst, n numbers.
template <class T>
void add_into(T* dst, const T* src, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) dst[i] += src[i];
}

// End of the given code.

/**
 * @brief The masked softmax of one row of scores, in place: a_s = e^{e_s − m} / Σ_{s'<len}
 * e^{e_s' − m} for s < len (m their maximum), and a_s = 0 for len ≤ s < S. A row with len = 0
 * becomes all 0. A NaN score makes the row's weights NaN (never hidden by the maximum).
 *
 * @param row S scores; overwritten with the weights
 * @param len how many positions may be attended to, ≤ S
 * @param S the row's length
 */
template <class T>
void masked_softmax_row(T* row, std::size_t len, std::size_t S) {
    std::fill(row + len, row + S, T(0));
    if (len == 0) return;
    T m = row[0];
    for (std::size_t s = 1; s < len; ++s)
        if (std::isnan(row[s]) || row[s] > m) m = std::isnan(m) ? m : row[s];
    T sum = 0;
    for (std::size_t s = 0; s < len; ++s) {
        row[s] = std::exp(row[s] - m);
        sum += row[s];
    }
    for (std::size_t s = 0; s < len; ++s) row[s] /= sum;
}

/// U(−1/√in, 1/√in) for every weight of a layer without bias: nn.Linear's default.
template <class T>
void init_linear_uniform(const nn::dense_layer<T>& layer, rng& gen) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(layer.in_features));
    T* w = layer.weight.data();
    for (std::size_t k = 0; k < layer.weight.size(); ++k) w[k] = static_cast<T>(bound * (2.0 * uniform01(gen) - 1.0));
}

}  // namespace detail

/**
 * @ingroup nlp
 * @brief An attention layer in `store` for queries of Q and keys of K numbers, its parameters 0.
 *
 * dot registers nothing; general registers "<name>.general.weight" (Q,K); additive registers
 * "<name>.query.weight" (A,Q), "<name>.key.weight" (A,K) and "<name>.v.weight" (1,A), PyTorch's
 * nn.Linear(…, bias=False) layouts.
 *
 * @param store where the parameters live
 * @param name the prefix, e.g. "decoder.attention"
 * @param score dot, general or additive
 * @param query_size Q ≥ 1
 * @param key_size K ≥ 1; must equal Q for dot
 * @param attention_size A ≥ 1 for additive; ignored otherwise
 * @return the layer, holding views of its tensors
 * @throws invalid_argument when a size is 0, dot has Q ≠ K, or the store refuses the names
 *
 * Complexity: O(A·(Q+K)) or O(Q·K). Example: `make_attention(store, "att", attention_score::additive,
 * 4, 6, 3).key.weight.shape()` → `(3,6)`.
 */
template <class T>
attention_layer<T> make_attention(parameter_store<T>& store, const std::string& name, attention_score score,
                                  std::size_t query_size, std::size_t key_size, std::size_t attention_size = 0) {
    if (query_size == 0 || key_size == 0 || (score == attention_score::additive && attention_size == 0))
        throw invalid_argument("make_attention",
                               ::llmlings::detail::concat("query_size, key_size (and attention_size for additive) "
                                                          "must be >= 1, got ",
                                                          query_size, ", ", key_size, ", ", attention_size));
    if (score == attention_score::dot && query_size != key_size)
        throw invalid_argument("make_attention", ::llmlings::detail::concat("the dot score needs query_size == "
                                                                            "key_size, got ",
                                                                            query_size, " and ", key_size));
    attention_layer<T> layer;
    layer.score = score;
    layer.query_size = query_size;
    layer.key_size = key_size;
    if (score == attention_score::general)
        layer.general = nn::make_dense(store, name + ".general", key_size, query_size, false);
    if (score == attention_score::additive) {
        layer.query = nn::make_dense(store, name + ".query", query_size, attention_size, false);
        layer.key = nn::make_dense(store, name + ".key", key_size, attention_size, false);
        layer.v = nn::make_dense(store, name + ".v", attention_size, 1, false);
        layer.attention_size = attention_size;
    }
    return layer;
}

/**
 * @ingroup nlp
 * @brief Attention forward: the scores of every query against every key of its row, the masked
 * softmax over the first lengths(b) keys, and the context vectors.
 *
 * @f[ e_{b,t,s} = \mathrm{score}(q_{b,t}, k_{b,s}), \qquad
 *     a_{b,t,s} = \frac{[s < \ell_b]\, e^{e_{b,t,s}}}{\sum_{s' < \ell_b} e^{e_{b,t,s'}}}, \qquad
 *     c_{b,t} = \sum_{s < \ell_b} a_{b,t,s}\, k_{b,s} @f]
 * with score = q·k (dot), q·(W_a k) (general) or v·tanh(W_q q + W_k k) (additive). The softmax
 * subtracts the row's maximum (no overflow). Masked keys (s ≥ ℓ_b) get weight exactly 0 and
 * their values are never read. A row with ℓ_b = 0 gets weights 0 and context 0. NaN in, NaN out.
 *
 * @param layer the layer
 * @param queries (B,T,Q): one query per target step (the decoder's states)
 * @param keys (B,S,K): the keys, also the values (the encoder's states)
 * @param lengths (B): ℓ_b ≤ S, the keys row b may attend to (seq2seq_lengths() of a right-padded source)
 * @param context output (B,T,K); overwritten
 * @param weights output (B,T,S); overwritten — what plot_attention() draws
 * @param cache filled here; read by attention_backward()
 * @throws invalid_argument when the layer is not built or a length exceeds S
 * @throws shape_error when a shape does not fit
 *
 * Complexity: O(B·T·S·K) for dot and general (plus 2·B·S·K·Q for W_a k), O(B·T·S·A) tanh for
 * additive; allocates only when the cache's shapes change. Example (dot): q = (1, 0), keys (0, 1),
 * (ln 2, 2), (0, −1) → scores (0, ln 2, 0), weights (¼, ½, ¼), context (½ ln 2, 1).
 */
template <class T>
void attention_forward(const attention_layer<T>& layer, const const_tensor_view<T, 3>& queries,
                       const const_tensor_view<T, 3>& keys, const index_vector& lengths, tensor_view<T, 3> context,
                       tensor_view<T, 3> weights, attention_cache<T>& cache) {
    detail::check_attention_inputs("attention_forward", layer, queries, keys, lengths);
    const std::size_t B = queries.shape()[0], steps = queries.shape()[1], S = keys.shape()[1];
    const std::size_t Q = layer.query_size, K = layer.key_size, A = layer.attention_size;
    nn::detail::expect_shape("attention_forward", "context", context, {B, steps, K});
    nn::detail::expect_shape("attention_forward", "weights", weights, {B, steps, S});
    // 1. What the score needs of the keys and queries, computed once: W_a k, or W_q q and W_k k.
    const T* kq = keys.data();  // the vectors each query is dotted with: keys (dot) or W_a k (general)
    std::size_t width = K;
    if (layer.score == attention_score::general) {
        ensure_shape(cache.keys_w, {B, S, Q});
        nn::dense_forward(layer.general, as_rows(keys), as_rows(cache.keys_w));
        kq = cache.keys_w.data();
        width = Q;
    } else if (layer.score == attention_score::additive) {
        ensure_shape(cache.q_proj, {B, steps, A});
        ensure_shape(cache.k_proj, {B, S, A});
        ensure_shape(cache.u, {B, steps, S, A});
        nn::dense_forward(layer.query, as_rows(queries), as_rows(cache.q_proj));
        nn::dense_forward(layer.key, as_rows(keys), as_rows(cache.k_proj));
    }
    const T* v = layer.score == attention_score::additive ? layer.v.weight.data() : nullptr;
    for (std::size_t b = 0; b < B; ++b) {
        const std::size_t len = lengths(b);
        for (std::size_t t = 0; t < steps; ++t) {
            // 2. The scores of the keys that may be attended to.
            T* a = weights.data() + (b * steps + t) * S;
            if (layer.score == attention_score::additive) {
                const T* qp = cache.q_proj.data() + (b * steps + t) * A;
                T* u = cache.u.data() + (b * steps + t) * S * A;
                for (std::size_t s = 0; s < len; ++s) {
                    const T* kp = cache.k_proj.data() + (b * S + s) * A;
                    T e = 0;
                    for (std::size_t i = 0; i < A; ++i) {
                        u[s * A + i] = std::tanh(qp[i] + kp[i]);
                        e += v[i] * u[s * A + i];
                    }
                    a[s] = e;
                }
                std::fill(u + len * A, u + S * A, T(0));
            } else {
                const T* q = queries.data() + (b * steps + t) * Q;
                for (std::size_t s = 0; s < len; ++s) {
                    const T* k = kq + (b * S + s) * width;
                    T e = 0;
                    for (std::size_t i = 0; i < Q; ++i) e += q[i] * k[i];
                    a[s] = e;
                }
            }
            // 3. The masked softmax, 4. the weighted sum of the values.
            detail::masked_softmax_row(a, len, S);
            T* c = context.data() + (b * steps + t) * K;
            std::fill(c, c + K, T(0));
            for (std::size_t s = 0; s < len; ++s) {
                const T* k = keys.data() + (b * S + s) * K;
                for (std::size_t i = 0; i < K; ++i) c[i] += a[s] * k[i];
            }
        }
    }
}

/**
 * @ingroup nlp
 * @brief Attention backward: from dL/d(context) to dL/d(queries), dL/d(keys) (both paths: as
 * values and through the scores) and the layer's parameter gradients (accumulated, `+=`).
 *
 * With g_{t} = dL/dc_{t}:
 * @f[ \frac{\partial L}{\partial a_{t,s}} = g_t \cdot k_s, \qquad
 *     \frac{\partial L}{\partial e_{t,s}} = a_{t,s}\Bigl(\frac{\partial L}{\partial a_{t,s}}
 *       - \sum_{s'} a_{t,s'} \frac{\partial L}{\partial a_{t,s'}}\Bigr), \qquad
 *     \frac{\partial L}{\partial k_s} \mathrel{+}= \sum_t a_{t,s}\, g_t @f]
 * then the score's own backward (dot: dq_t += Σ_s de k_s, dk_s += Σ_t de q_t; general: the same
 * with W_a k, then nn/05's dense_backward; additive: through tanh' = 1 − u² into v, W_q, W_k).
 * Masked keys get weight 0, so they receive no gradient.
 *
 * @param layer the layer; its gradients are added to
 * @param cache what attention_forward() kept; its backward buffers are (re)written
 * @param queries, keys, lengths what the forward saw
 * @param weights the weights the forward wrote (B,T,S)
 * @param d_context dL/d(context) (B,T,K)
 * @param d_queries output dL/d(queries) (B,T,Q); overwritten
 * @param d_keys output dL/d(keys) (B,S,K); overwritten
 * @throws invalid_argument, shape_error as attention_forward(), or when the cache holds another
 *         forward's shapes
 *
 * Complexity: about twice the forward; allocates only when the cache's shapes change. Example:
 * d_context = 0 leaves the parameter gradients as they were and writes d_queries = d_keys = 0.
 */
template <class T>
void attention_backward(const attention_layer<T>& layer, attention_cache<T>& cache,
                        const const_tensor_view<T, 3>& queries, const const_tensor_view<T, 3>& keys,
                        const index_vector& lengths, const const_tensor_view<T, 3>& weights,
                        const const_tensor_view<T, 3>& d_context, tensor_view<T, 3> d_queries,
                        tensor_view<T, 3> d_keys) {
    detail::check_attention_inputs("attention_backward", layer, queries, keys, lengths);
    const std::size_t B = queries.shape()[0], steps = queries.shape()[1], S = keys.shape()[1];
    const std::size_t Q = layer.query_size, K = layer.key_size, A = layer.attention_size;
    nn::detail::expect_shape("attention_backward", "weights", weights, {B, steps, S});
    nn::detail::expect_shape("attention_backward", "d_context", d_context, {B, steps, K});
    nn::detail::expect_shape("attention_backward", "d_queries", d_queries, {B, steps, Q});
    nn::detail::expect_shape("attention_backward", "d_keys", d_keys, {B, S, K});
    const bool general = layer.score == attention_score::general, additive = layer.score == attention_score::additive;
    if (general)
        nn::detail::expect_shape("attention_backward", "cache.keys_w (run attention_forward first)", cache.keys_w,
                                 {B, S, Q});
    if (additive)
        nn::detail::expect_shape("attention_backward", "cache.u (run attention_forward first)", cache.u,
                                 {B, steps, S, A});
    ensure_shape(cache.d_scores, {B, steps, S});
    std::fill(d_queries.begin(), d_queries.end(), T(0));
    std::fill(d_keys.begin(), d_keys.end(), T(0));
    // The vectors each query was dotted with, and where their gradient goes.
    const T* kq = general ? cache.keys_w.data() : keys.data();
    T* d_kq = d_keys.data();
    if (general) {
        ensure_shape(cache.d_proj_k, {B, S, Q});
        std::fill(cache.d_proj_k.begin(), cache.d_proj_k.end(), T(0));
        d_kq = cache.d_proj_k.data();
    }
    if (additive) {
        ensure_shape(cache.d_proj_q, {B, steps, A});
        ensure_shape(cache.d_proj_k, {B, S, A});
        std::fill(cache.d_proj_k.begin(), cache.d_proj_k.end(), T(0));
    }
    T* dv = additive ? layer.v.weight.grad_data() : nullptr;
    const T* v = additive ? layer.v.weight.data() : nullptr;
    for (std::size_t b = 0; b < B; ++b) {
        const std::size_t len = lengths(b);
        for (std::size_t t = 0; t < steps; ++t) {
            const std::size_t row = b * steps + t;
            const T* a = weights.data() + row * S;
            const T* g = d_context.data() + row * K;
            T* de = cache.d_scores.data() + row * S;
            // 1. Through the weighted sum: dL/da_s = g·k_s, and dk_s += a_s g.
            T mean = 0;
            for (std::size_t s = 0; s < len; ++s) {
                const T* k = keys.data() + (b * S + s) * K;
                T* dk = d_keys.data() + (b * S + s) * K;
                T da = 0;
                for (std::size_t i = 0; i < K; ++i) {
                    da += g[i] * k[i];
                    dk[i] += a[s] * g[i];
                }
                de[s] = da;
                mean += a[s] * da;
            }
            // 2. Through the softmax: de_s = a_s (da_s − Σ a da); masked positions 0.
            for (std::size_t s = 0; s < len; ++s) de[s] = a[s] * (de[s] - mean);
            std::fill(de + len, de + S, T(0));
            // 3. Through the score.
            if (additive) {
                const T* u = cache.u.data() + row * S * A;
                T* dqp = cache.d_proj_q.data() + row * A;
                std::fill(dqp, dqp + A, T(0));
                for (std::size_t s = 0; s < len; ++s) {
                    T* dkp = cache.d_proj_k.data() + (b * S + s) * A;
                    for (std::size_t i = 0; i < A; ++i) {
                        const T us = u[s * A + i];
                        dv[i] += de[s] * us;
                        const T d_pre = de[s] * v[i] * (T(1) - us * us);
                        dqp[i] += d_pre;
                        dkp[i] += d_pre;
                    }
                }
            } else {
                const T* q = queries.data() + row * Q;
                T* dq = d_queries.data() + row * Q;
                for (std::size_t s = 0; s < len; ++s) {
                    const T* k = kq + (b * S + s) * Q;
                    T* dk = d_kq + (b * S + s) * Q;
                    for (std::size_t i = 0; i < Q; ++i) {
                        dq[i] += de[s] * k[i];
                        dk[i] += de[s] * q[i];
                    }
                }
            }
        }
    }
    // 4. The projections' backward: their weight gradients, and their inputs' gradients added.
    if (general) {
        ensure_shape(cache.d_extra, {B, S, K});
        nn::dense_backward(layer.general, as_rows(keys), as_rows(std::as_const(cache.d_proj_k)),
                           as_rows(cache.d_extra));
        detail::add_into(d_keys.data(), static_cast<const T*>(cache.d_extra.data()), B * S * K);
    } else if (additive) {
        nn::dense_backward(layer.query, as_rows(queries), as_rows(std::as_const(cache.d_proj_q)), as_rows(d_queries));
        ensure_shape(cache.d_extra, {B, S, K});
        nn::dense_backward(layer.key, as_rows(keys), as_rows(std::as_const(cache.d_proj_k)), as_rows(cache.d_extra));
        detail::add_into(d_keys.data(), static_cast<const T*>(cache.d_extra.data()), B * S * K);
    }
}

/**
 * @ingroup nlp
 * @brief The attentional model of `config` in `store`: nlp/08's make_seq2seq_encoder(store,
 * "encoder", …) and make_seq2seq_decoder(store, "decoder", …), then make_attention(store,
 * "decoder.attention", score, H, H, A) and "decoder.combine.weight" (H,2H); every value 0 (call
 * init_attention_seq2seq() next).
 *
 * @param store where the parameters live
 * @param config sizes, special ids, the score and A
 * @return the model, holding a copy of the store handle
 * @throws invalid_argument when the config is invalid (as make_seq2seq(), or A = 0 with
 *         additive) or the names are taken
 *
 * Complexity: O(parameters). Example: V_src = 6, V = 7, E = 3, H = 4 with general attention
 * registers nlp/08's 290 numbers plus 16 (W_a) and 32 (W_c).
 */
template <class T>
attention_seq2seq_model<T> make_attention_seq2seq(parameter_store<T>& store, const attention_seq2seq_config& config) {
    detail::check_config("make_attention_seq2seq", config);
    if (config.score == attention_score::additive && config.attention_size == 0)
        throw invalid_argument("make_attention_seq2seq", "the additive score needs attention_size >= 1, got 0");
    const std::size_t H = config.hidden_size;
    attention_seq2seq_model<T> model;
    model.params = store;
    model.encoder =
        make_seq2seq_encoder(store, "encoder", config.source_vocab, config.embedding_size, H, config.pad_id);
    model.decoder = make_seq2seq_decoder(store, "decoder", config.target_vocab, config.embedding_size, H, config.pad_id,
                                         config.bos_id, config.eos_id);
    model.attention = make_attention(store, "decoder.attention", config.score, H, H, config.attention_size);
    model.combine = nn::make_dense(store, "decoder.combine", 2 * H, H, false);
    return model;
}

/**
 * @ingroup nlp
 * @brief PyTorch's default initialisation: nlp/08's init_seq2seq() for the encoder and decoder
 * (embeddings N(0,1) with pad rows 0, GRUs and projection U(−1/√H, 1/√H)), then every attention
 * and combine weight U(−1/√in, 1/√in) with `in` its number of inputs (nn.Linear's default).
 *
 * @param model a model made by make_attention_seq2seq()
 * @param gen the generator; draws, in order: init_seq2seq()'s, then the attention's tensors in
 *        registration order, then W_c
 * @throws invalid_argument when the model is not built
 *
 * Complexity: O(parameters). Example: with H = 16, every value of W_c lies in [−1/√32, 1/√32].
 */
template <class T>
void init_attention_seq2seq(attention_seq2seq_model<T>& model, rng& gen) {
    detail::check_attention_model("init_attention_seq2seq", model);
    seq2seq_model<T> base;
    base.params = model.params;
    base.encoder = model.encoder;
    base.decoder = model.decoder;
    init_seq2seq(base, gen);  // views: the model's own tensors are filled
    const attention_layer<T>& a = model.attention;
    if (a.score == attention_score::general) detail::init_linear_uniform(a.general, gen);
    if (a.score == attention_score::additive) {
        detail::init_linear_uniform(a.query, gen);
        detail::init_linear_uniform(a.key, gen);
        detail::init_linear_uniform(a.v, gen);
    }
    detail::init_linear_uniform(model.combine, gen);
}

/**
 * @ingroup nlp
 * @brief The teacher-forced forward: encode, run the decoder GRU over bos and the shifted targets,
 * attend from every decoder state over the encoder states, h̃_t = tanh(W_c [c_t; h_t]), project
 * h̃_t to logits, and the masked loss (its gradient in ws.d_logits).
 *
 * @f[ h_t = \mathrm{GRU}(E[y_{t-1}], h_{t-1}), \quad c_t = \sum_s a_{t,s} \bar h_s, \quad
 *     \tilde h_t = \tanh(W_c [c_t; h_t]), \quad \text{logits}_t = W_{out} \tilde h_t + b_{out} @f]
 * (Luong et al. 2015, eqs. 5–6). ws.weights holds a (B,T,S) afterwards.
 *
 * @param model the model
 * @param src (B,S) source ids, right-padded (the pads are the attention's mask)
 * @param tgt (B,T) target ids ending with eos, padded with pad
 * @param ws the workspace
 * @return the mean cross-entropy per target token
 * @throws shape_error when src and tgt have different numbers of rows
 * @throws invalid_argument when the model is not built, an id is out of its vocabulary, src is
 *         not right-padded, or tgt holds no token
 *
 * Complexity: nlp/08's forward plus O(B·T·S·H) for the attention and 4·B·T·H² for W_c; no
 * allocation once ws fits these shapes. Example: every parameter 0 gives the loss ln V.
 */
template <class T>
double attention_seq2seq_forward(const attention_seq2seq_model<T>& model, const seq2seq_ids& src,
                                 const seq2seq_ids& tgt, attention_seq2seq_workspace<T>& ws) {
    detail::check_batches("attention_seq2seq_forward", src, tgt);
    detail::check_attention_model("attention_seq2seq_forward", model);
    const seq2seq_decoder<T>& dec = model.decoder;
    const std::size_t B = src.shape()[0], S = src.shape()[1], steps = tgt.shape()[1];
    const std::size_t E = dec.gru.input_size, H = dec.gru.hidden_size, V = dec.vocab_size;
    ensure_shape(ws.encoder_states, {B, S, H});
    ensure_shape(ws.encoder_final, {B, H});
    ensure_shape(ws.embedded, {B, steps, E});
    ensure_shape(ws.states, {B, steps, H});
    ensure_shape(ws.weights, {B, steps, S});
    ensure_shape(ws.context, {B, steps, H});
    ensure_shape(ws.combined, {B, steps, 2 * H});
    ensure_shape(ws.attentional, {B, steps, H});
    ensure_shape(ws.logits, {B, steps, V});
    ensure_shape(ws.d_logits, {B, steps, V});
    // 1. The encoder (nlp/08): every state, the final one, and the lengths (the mask).
    seq2seq_encode(model.encoder, src, detail::seq_view(ws.encoder_states), as_rows(ws.encoder_final), ws.encoder);
    // 2. The decoder GRU over bos and the shifted targets, from the encoder's final state.
    seq2seq_teacher_inputs(tgt, dec.bos_id, ws.decoder_inputs);
    detail::check_ids("attention_seq2seq_forward", "inputs", ws.decoder_inputs.data(), ws.decoder_inputs.size(), V);
    detail::embed_rows(dec.embedding, ws.decoder_inputs.data(), B * steps, ws.embedded.data());
    nn::gru_forward(dec.gru, detail::seq_view(std::as_const(ws.embedded)), as_rows(std::as_const(ws.encoder_final)),
                    detail::seq_view(ws.states), ws.gru);
    // 3. Attention: the decoder states query the encoder states.
    attention_forward(model.attention, detail::seq_view(std::as_const(ws.states)),
                      detail::seq_view(std::as_const(ws.encoder_states)), ws.encoder.lengths,
                      detail::seq_view(ws.context), detail::seq_view(ws.weights), ws.attention);
    // 4. h̃ = tanh(W_c [c; h]), 5. the logits and the loss.
    for (std::size_t i = 0; i < B * steps; ++i) {
        T* row = ws.combined.data() + i * 2 * H;
        std::copy(ws.context.data() + i * H, ws.context.data() + (i + 1) * H, row);
        std::copy(ws.states.data() + i * H, ws.states.data() + (i + 1) * H, row + H);
    }
    nn::dense_forward(model.combine, as_rows(std::as_const(ws.combined)), as_rows(ws.attentional));
    for (T& x : ws.attentional) x = std::tanh(x);
    nn::dense_forward(dec.out, as_rows(std::as_const(ws.attentional)), as_rows(ws.logits));
    return seq2seq_cross_entropy(detail::seq_view(std::as_const(ws.logits)), tgt, dec.pad_id,
                                 detail::seq_view(ws.d_logits));
}

/**
 * @ingroup nlp
 * @brief The backward of attention_seq2seq_forward(): from ws.d_logits through the projection,
 * tanh and W_c, the attention (into the decoder states and the encoder states), the decoder GRU
 * and the encoder, accumulating every gradient of the store.
 *
 * The encoder receives two gradients: through its states (the attention's keys and values) and
 * through its final state (the decoder's h0), both passed to nlp/08's seq2seq_encode_backward().
 *
 * @param model the model; its gradients are added to (`+=`)
 * @param src the source the forward saw
 * @param ws the workspace the forward filled
 * @throws shape_error when ws does not hold a forward of this src
 *
 * Complexity: about twice the forward; no allocation once ws fits these shapes. Example: called
 * twice after one forward, every gradient is doubled.
 */
template <class T>
void attention_seq2seq_backward(const attention_seq2seq_model<T>& model, const seq2seq_ids& src,
                                attention_seq2seq_workspace<T>& ws) {
    const seq2seq_decoder<T>& dec = model.decoder;
    const std::size_t B = src.shape()[0], S = src.shape()[1], H = dec.gru.hidden_size, E = dec.gru.input_size;
    nn::detail::expect_shape("attention_seq2seq_backward", "ws.encoder_states (run the forward on this src first)",
                             ws.encoder_states, {B, S, H});
    const std::size_t steps = ws.states.shape()[1];
    ensure_shape(ws.d_attentional, {B, steps, H});
    ensure_shape(ws.d_combined, {B, steps, 2 * H});
    ensure_shape(ws.d_context, {B, steps, H});
    ensure_shape(ws.d_states, {B, steps, H});
    ensure_shape(ws.d_queries, {B, steps, H});
    ensure_shape(ws.d_keys, {B, S, H});
    ensure_shape(ws.d_embedded, {B, steps, E});
    ensure_shape(ws.d_encoder_final, {B, H});
    // 1. The projection, 2. tanh: d(pre) = dh̃ (1 − h̃²), 3. W_c: split d[c; h].
    nn::dense_backward(dec.out, as_rows(std::as_const(ws.attentional)), as_rows(std::as_const(ws.d_logits)),
                       as_rows(ws.d_attentional));
    for (std::size_t i = 0; i < ws.d_attentional.size(); ++i) {
        const T y = ws.attentional.data()[i];
        ws.d_attentional.data()[i] *= T(1) - y * y;
    }
    nn::dense_backward(model.combine, as_rows(std::as_const(ws.combined)), as_rows(std::as_const(ws.d_attentional)),
                       as_rows(ws.d_combined));
    for (std::size_t i = 0; i < B * steps; ++i) {
        const T* row = ws.d_combined.data() + i * 2 * H;
        std::copy(row, row + H, ws.d_context.data() + i * H);
        std::copy(row + H, row + 2 * H, ws.d_states.data() + i * H);
    }
    // 4. The attention: into the queries (the decoder states) and the keys (the encoder states).
    attention_backward(model.attention, ws.attention, detail::seq_view(std::as_const(ws.states)),
                       detail::seq_view(std::as_const(ws.encoder_states)), ws.encoder.lengths,
                       detail::seq_view(std::as_const(ws.weights)), detail::seq_view(std::as_const(ws.d_context)),
                       detail::seq_view(ws.d_queries), detail::seq_view(ws.d_keys));
    detail::add_into(ws.d_states.data(), static_cast<const T*>(ws.d_queries.data()), ws.d_states.size());
    // 5. The decoder GRU and its embedding, 6. the encoder from its states and its final state.
    nn::gru_backward(dec.gru, ws.gru, detail::seq_view(std::as_const(ws.embedded)),
                     detail::seq_view(std::as_const(ws.d_states)), detail::seq_view(ws.d_embedded),
                     as_rows(ws.d_encoder_final));
    detail::embed_rows_backward(dec.embedding, ws.decoder_inputs.data(), B * steps,
                                static_cast<const T*>(ws.d_embedded.data()), dec.pad_id);
    seq2seq_encode_backward(model.encoder, ws.encoder, src, detail::seq_view(std::as_const(ws.d_keys)),
                            as_rows(std::as_const(ws.d_encoder_final)));
}

/**
 * @ingroup nlp
 * @brief One training step with teacher forcing: zero the gradients, forward, backward, clip the
 * global norm (nn/13), one optimizer step — nlp/08's seq2seq_train_step() for this model.
 *
 * @param model the model, updated in place
 * @param src (B,S) source ids
 * @param tgt (B,T) target ids
 * @param opt an optimizer over model.params (nn/07); its step() is found by argument-dependent lookup
 * @param max_norm the clipping threshold, finite and > 0
 * @param ws the workspace
 * @return the loss before the step and the gradient norm before clipping
 * @throws invalid_argument when max_norm is not finite and > 0, or as attention_seq2seq_forward()
 * @throws shape_error as attention_seq2seq_forward()
 * @throws numerical_error when a gradient is NaN or infinite (clip_grad_norm)
 *
 * Complexity: one forward and one backward; no allocation after the first step of these shapes.
 * Example: with Adam at lr 0.01 the reversal of 10 digits is learnt in a few hundred steps.
 */
template <class T, class Optimizer>
seq2seq_step_result attention_seq2seq_train_step(attention_seq2seq_model<T>& model, const seq2seq_ids& src,
                                                 const seq2seq_ids& tgt, Optimizer& opt, double max_norm,
                                                 attention_seq2seq_workspace<T>& ws) {
    if (!(max_norm > 0.0) || !std::isfinite(max_norm))
        throw invalid_argument("attention_seq2seq_train_step",
                               ::llmlings::detail::concat("max_norm must be finite and > 0, got ", max_norm));
    seq2seq_step_result result;
    model.params.zero_grad();
    result.loss = attention_seq2seq_forward(model, src, tgt, ws);
    attention_seq2seq_backward(model, src, ws);
    result.grad_norm = nn::clip_grad_norm(model.params, max_norm);
    step(opt);
    return result;
}

/**
 * @ingroup nlp
 * @brief One attentional decoder step: embed the previous tokens, advance the GRU, attend over the
 * encoder states, h̃ = tanh(W_c [c; h']), and the logits — what greedy and beam search call.
 *
 * @param model the model
 * @param previous (B) the previous token of each row (bos at the first step)
 * @param h (B,H) the state (the encoder's final state at the first step)
 * @param encoder_states (B,S,H) the encoder's states
 * @param lengths (B) the source lengths (the mask)
 * @param h_next output (B,H); must not be h
 * @param logits output (B,V)
 * @param weights output (B,S): this step's attention weights
 * @param cache the step's buffers
 * @throws invalid_argument when the model is not built, a previous id is ≥ V or a length > S
 * @throws shape_error when a shape does not fit
 *
 * Complexity: nlp/08's step plus O(B·S·H) and 4·B·H²; allocates only when B or S change.
 * Example: T calls fed seq2seq_teacher_inputs() give the logits and weights of the teacher-forced
 * forward.
 */
template <class T>
void attention_decoder_step(const attention_seq2seq_model<T>& model, const index_vector& previous,
                            const const_matrix_view<T>& h, const const_tensor_view<T, 3>& encoder_states,
                            const index_vector& lengths, matrix_view<T> h_next, matrix_view<T> logits,
                            matrix_view<T> weights, attention_step_cache<T>& cache) {
    detail::check_attention_model("attention_decoder_step", model);
    const seq2seq_decoder<T>& dec = model.decoder;
    const std::size_t B = previous.size(), E = dec.gru.input_size, H = dec.gru.hidden_size, V = dec.vocab_size;
    const std::size_t S = encoder_states.shape()[1];
    nn::detail::expect_shape("attention_decoder_step", "h", h, {B, H});
    nn::detail::expect_shape("attention_decoder_step", "h_next", h_next, {B, H});
    nn::detail::expect_shape("attention_decoder_step", "logits", logits, {B, V});
    nn::detail::expect_shape("attention_decoder_step", "encoder_states", encoder_states, {B, S, H});
    nn::detail::expect_shape("attention_decoder_step", "weights", weights, {B, S});
    detail::check_ids("attention_decoder_step", "previous", previous.data(), B, V);
    ensure_shape(cache.embedded, {B, E});
    ensure_shape(cache.context, {B, H});
    ensure_shape(cache.combined, {B, 2 * H});
    ensure_shape(cache.attentional, {B, H});
    detail::embed_rows(dec.embedding, previous.data(), B, cache.embedded.data());
    nn::gru_cell_forward(dec.gru, as_rows(std::as_const(cache.embedded)), h, h_next, cache.gru);
    const const_tensor_view<T, 3> query =
        view_of<3>(static_cast<const T*>(h_next.data()), B * H, {B, std::size_t{1}, H});
    attention_forward(model.attention, query, encoder_states, lengths, detail::one_step(cache.context),
                      view_of<3>(weights.data(), B * S, {B, std::size_t{1}, S}), cache.attention);
    for (std::size_t b = 0; b < B; ++b) {
        T* row = cache.combined.data() + b * 2 * H;
        std::copy(cache.context.data() + b * H, cache.context.data() + (b + 1) * H, row);
        std::copy(h_next.data() + b * H, h_next.data() + (b + 1) * H, row + H);
    }
    nn::dense_forward(model.combine, as_rows(std::as_const(cache.combined)), as_rows(cache.attentional));
    for (T& x : cache.attentional) x = std::tanh(x);
    nn::dense_forward(dec.out, as_rows(std::as_const(cache.attentional)), logits);
}

/**
 * @ingroup nlp
 * @brief The loss and token accuracy of the attentional model on a batch, with teacher forcing or
 * free-running (nlp/08's seq2seq_evaluate() for this model); ws.weights keeps the attention maps
 * (B,T,S) of the run, for plot_attention().
 *
 * @param model the model
 * @param src (B,S) source ids
 * @param tgt (B,T) target ids
 * @param feeding teacher_forcing or free_running (the argmax fed back, the first on ties)
 * @param ws the workspace (its forward buffers are overwritten)
 * @return the mean loss, the accuracy and the number of tokens scored
 * @throws as attention_seq2seq_forward()
 *
 * Complexity: one forward; no allocation once ws fits these shapes. Example: a model trained on
 * the reversal task puts most of row t's weight on source position ℓ − 1 − t.
 */
template <class T>
seq2seq_scores attention_seq2seq_evaluate(const attention_seq2seq_model<T>& model, const seq2seq_ids& src,
                                          const seq2seq_ids& tgt, seq2seq_feeding feeding,
                                          attention_seq2seq_workspace<T>& ws) {
    detail::check_batches("attention_seq2seq_evaluate", src, tgt);
    detail::check_attention_model("attention_seq2seq_evaluate", model);
    const seq2seq_decoder<T>& dec = model.decoder;
    const std::size_t B = src.shape()[0], S = src.shape()[1], steps = tgt.shape()[1];
    const std::size_t H = dec.gru.hidden_size, V = dec.vocab_size;
    for (std::size_t i = 0; i < tgt.size(); ++i)
        if (tgt.data()[i] != dec.pad_id && tgt.data()[i] >= V)
            throw invalid_argument("attention_seq2seq_evaluate",
                                   ::llmlings::detail::concat("target ", i, " is id ", tgt.data()[i], " but V = ", V));
    double loss = 0.0;
    std::size_t tokens = 0, correct = 0;
    auto score = [&](const T* x, std::size_t target) {
        if (target == dec.pad_id) return;
        loss += detail::row_cross_entropy(x, V, target, static_cast<T*>(nullptr), T(0));
        correct += detail::argmax_logit(x, V) == target ? 1 : 0;
        ++tokens;
    };
    if (feeding == seq2seq_feeding::teacher_forcing) {
        bool any = false;
        for (std::size_t i = 0; i < tgt.size(); ++i) any = any || tgt.data()[i] != dec.pad_id;
        if (!any) throw invalid_argument("attention_seq2seq_evaluate", "no target is a token (every one is pad)");
        attention_seq2seq_forward(model, src, tgt, ws);
        for (std::size_t i = 0; i < B * steps; ++i) score(ws.logits.data() + i * V, tgt.data()[i]);
    } else {
        ensure_shape(ws.encoder_states, {B, S, H});
        ensure_shape(ws.encoder_final, {B, H});
        ensure_shape(ws.weights, {B, steps, S});
        ensure_shape(ws.previous, {B});
        ensure_shape(ws.h, {B, H});
        ensure_shape(ws.h_next, {B, H});
        ensure_shape(ws.step_logits, {B, V});
        ensure_shape(ws.step_weights, {B, S});
        seq2seq_encode(model.encoder, src, detail::seq_view(ws.encoder_states), as_rows(ws.encoder_final), ws.encoder);
        std::fill(ws.previous.begin(), ws.previous.end(), dec.bos_id);
        std::copy(ws.encoder_final.begin(), ws.encoder_final.end(), ws.h.begin());
        for (std::size_t t = 0; t < steps; ++t) {
            attention_decoder_step(model, ws.previous, as_rows(std::as_const(ws.h)),
                                   detail::seq_view(std::as_const(ws.encoder_states)), ws.encoder.lengths,
                                   as_rows(ws.h_next), as_rows(ws.step_logits), as_rows(ws.step_weights), ws.step);
            for (std::size_t b = 0; b < B; ++b) {
                const T* x = ws.step_logits.data() + b * V;
                score(x, tgt(b, t));
                ws.previous(b) = detail::argmax_logit(x, V);
                std::copy(ws.step_weights.data() + b * S, ws.step_weights.data() + (b + 1) * S,
                          ws.weights.data() + (b * steps + t) * S);
            }
            std::swap(ws.h, ws.h_next);
        }
    }
    if (tokens == 0)
        throw invalid_argument("attention_seq2seq_evaluate",
                               "no target is a token (every one is pad): nothing to score");
    seq2seq_scores scores;
    scores.loss = loss / static_cast<double>(tokens);
    scores.accuracy = static_cast<double>(correct) / static_cast<double>(tokens);
    scores.tokens = tokens;
    return scores;
}

/**
 * @ingroup nlp
 * @brief Draws one row's attention map as a heatmap (llmlings::plot::heatmap): one picture row per
 * target token, one column per source token, the weight as the colour.
 *
 * The block drawn is weights[b, 0:T_b, 0:S_b] with T_b = target_tokens.size() and S_b =
 * source_tokens.size(), the tokens being the tic labels (the source on the x axis, the target
 * down the y axis, row 0 at the top). Writes NAME.dat (the numbers) and NAME.gp (the script)
 * beside NAME.png, then runs gnuplot unless opts.run_gnuplot is false. An empty title, xlabel or
 * ylabel becomes "attention weights", "source", "target".
 *
 * @param png_path where the picture goes; must end in .png
 * @param weights (B,T,S) attention weights (ws.weights after a forward or an evaluation)
 * @param b which row of the batch
 * @param source_tokens S_b ≥ 1 labels, S_b ≤ S
 * @param target_tokens T_b ≥ 1 labels, T_b ≤ T
 * @param opts the plot options
 * @return png_path
 * @throws shape_error when b ≥ B or there are more labels than positions
 * @throws invalid_argument when a label list is empty or the path does not end in .png
 * @throws io_error when a file cannot be written, or gnuplot is missing or fails
 *
 * Complexity: O(T_b·S_b) plus one gnuplot run. Example: weights {{{0.25, 0.75}, {1, 0}}}, b = 0,
 * source {"a", "b"}, target {"x", "y"} writes the lines `0.25 0.75` and `1 0`.
 */
template <class T>
std::string plot_attention(const std::string& png_path, const tensor3_of<T>& weights, std::size_t b,
                           const std::vector<std::string>& source_tokens, const std::vector<std::string>& target_tokens,
                           plot::options opts = {}) {
    const std::size_t B = weights.shape()[0], steps = weights.shape()[1], S = weights.shape()[2];
    if (b >= B || target_tokens.size() > steps || source_tokens.size() > S)
        throw shape_error(
            "plot_attention",
            ::llmlings::detail::concat("row ", b, " with ", target_tokens.size(), " target and ", source_tokens.size(),
                                       " source labels does not fit weights ", shape_str(weights.shape())));
    if (source_tokens.empty() || target_tokens.empty())
        throw invalid_argument("plot_attention", "need at least one source and one target label");
    const std::size_t rows = target_tokens.size(), cols = source_tokens.size();
    matrix block({rows, cols});
    for (std::size_t t = 0; t < rows; ++t)
        for (std::size_t s = 0; s < cols; ++s) block(t, s) = static_cast<double>(weights(b, t, s));
    if (opts.title.empty()) opts.title = "attention weights";
    if (opts.xlabel.empty()) opts.xlabel = "source";
    if (opts.ylabel.empty()) opts.ylabel = "target";
    return plot::heatmap(png_path, block, target_tokens, source_tokens, opts);
}

}  // namespace nlp
}  // namespace llmlings

#endif  // LLMLINGS_NLP_09_ATTENTION_HPP
