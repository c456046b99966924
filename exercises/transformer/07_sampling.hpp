// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief transformer/07 — sampling the next token (greedy, temperature, top-k, top-p) and the KV
 * cache that makes generation cost O(T) per token instead of O(T²).
 *
 * A GPT (transformer/05) gives, at every position, V logits z for the token that comes next. The
 * model's distribution is softmax(z); generation draws a token from it (or from a sharpened,
 * truncated version of it), appends the token and asks again:
 * @f[ p_v = \frac{e^{z_v/\tau}}{\sum_u e^{z_u/\tau}}, \quad\text{then top-}k\text{, then top-}p
 *     \text{, each keeping a set of tokens and renormalising over it} @f]
 * τ is the temperature (τ → 0: greedy, the argmax; τ = 1: the model's own distribution; τ > 1:
 * flatter). top-k keeps the k most probable tokens; top-p (nucleus sampling, Holtzman et al.
 * 2020) keeps the most probable tokens until their probability reaches p.
 *
 * Shapes: one row of V logits at a time for the samplers (raw pointers: a row of a (B·T, V)
 * logits matrix). For the cache, with B sequences, H heads of d = C/H channels, L blocks and P
 * the block size:
 *   cache.keys[l], cache.values[l]: (B·H, P, d), slot p of problem b·H + h is position p's key
 *   (value) of head h of sequence b; the first cache.length slots are filled
 *   ids: (B, T_new) the tokens of the new positions cache.length … cache.length + T_new − 1
 *   logits: (B·T_new, V), as transformer/05's for those positions
 *
 * Why the cache works: under the causal mask, position t's key and value depend on tokens 0…t
 * only, so they never change when later tokens arrive. A forward pass for the new positions alone
 * computes their queries, keys and values, appends the keys and values to the cache, and lets
 * each new query attend over the cached keys (cached_attention()): the result equals the full
 * forward's rows for those positions, to rounding. Memory: 2·L·B·P·C numbers.
 *
 * Learned positions (transformer/03) cannot be shifted: a model trained on positions 0…P−1 has no
 * vector for position P. So once a sequence is longer than P, generate() does as nanoGPT does
 * without a cache — the last P tokens at positions 0…P−1 — and rebuilds the cache by one prefill
 * of those P tokens per new token: the ids are those of the uncached path at any length, and past
 * P each token costs a prefill.
 *
 * References: Holtzman et al. (2020), "The curious case of neural text degeneration" (top-p);
 * Fan et al. (2018), "Hierarchical neural story generation" (top-k); Pope et al. (2022),
 * "Efficiently scaling transformer inference" (the KV cache's cost); Karpathy's nanoGPT
 * (`generate`), and Hugging Face transformers' TopKLogitsWarper and TopPLogitsWarper (the order
 * temperature, top-k, top-p).
 *
 * Guide: @ref transformer_07_sampling (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_TRANSFORMER_07_SAMPLING_HPP
#define LLMLINGS_TRANSFORMER_07_SAMPLING_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/core/blas.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/transformer/05_gpt_forward.hpp>

namespace llmlings {
namespace transformer {

/**
 * @ingroup transformer
 * @brief How the next token is drawn: the temperature, then top-k, then top-p. The defaults draw
 * from the model's own distribution.
 *
 * Example: `sampling_options{0.8, 40, 0.95}`; `sampling_options{0.0}` is greedy decoding.
 */
struct sampling_options {
    /// τ, finite and ≥ 0: the logits are divided by it before the softmax; 0 means greedy.
    double temperature = 1.0;
    /// Keep the k most probable tokens (ties: the lower ids), at most V; 0 keeps them all.
    std::size_t top_k = 0;
    /// Keep the most probable tokens until their probability reaches p, in (0, 1]; 1 keeps all.
    double top_p = 1.0;
};

/**
 * @ingroup transformer
 * @brief The keys and values of every block for the positions a sequence has so far (the KV
 * cache). Size it with reset_cache(); gpt_forward_cached() appends to it.
 *
 * @tparam T float or double
 */
template <class T>
struct kv_cache {
    /// One per block, (B·H, P, d): slot p of problem b·H + h is position p's key of head h.
    std::vector<tensor3_of<T>> keys;
    /// One per block, (B·H, P, d): the values, laid out as the keys.
    std::vector<tensor3_of<T>> values;
    /// The positions filled, the same for every sequence of the batch: slots 0 … length − 1.
    std::size_t length = 0;
};

/**
 * @ingroup transformer
 * @brief How generate() extends a prompt: the number of tokens, how each is drawn, and whether
 * the KV cache is used (the ids are the same either way).
 */
struct generate_options {
    /// The number of tokens appended to each sequence.
    std::size_t max_new_tokens = 64;
    /// How each token is drawn from the logits of the last position.
    sampling_options sampling;
    /// Run gpt_forward_cached() on the new token only (true) or gpt_forward() on the whole window.
    bool use_cache = true;
    /// A token that ends a sequence (a newline, an end-of-text id), or no_stop_token. A sequence
    /// that draws it is finished: its later positions repeat it and it draws no more numbers;
    /// once every sequence is finished, generation ends before max_new_tokens.
    std::size_t stop_token = no_stop_token;
    /// The stop_token that never stops.
    static constexpr std::size_t no_stop_token = static_cast<std::size_t>(-1);
};

namespace detail {

// Given: the checks of the arguments (plumbing, not the topic).
/// Throws invalid_argument unless τ is finite and ≥ 0, p is in (0, 1] and k ≤ V (NaN fails each).
inline void check_sampling_options(const char* function, const sampling_options& o, std::size_t vocab) {
    if (!(o.temperature >= 0.0) || !std::isfinite(o.temperature))
        throw invalid_argument(
            function,
            ::llmlings::detail::concat("sampling_options.temperature must be finite and >= 0, got ", o.temperature));
    if (!(o.top_p > 0.0 && o.top_p <= 1.0))
        throw invalid_argument(function,
                               ::llmlings::detail::concat("sampling_options.top_p must be in (0, 1], got ", o.top_p));
    if (o.top_k > vocab)
        throw invalid_argument(function,
                               ::llmlings::detail::concat("sampling_options.top_k = ", o.top_k, " exceeds the ", vocab,
                                                          " tokens (0 turns it off)"));
}

/// Throws invalid_argument unless there is at least one logit and none is NaN (order needs numbers).
template <class T>
void check_logits(const char* function, const T* logits, std::size_t vocab) {
    if (vocab == 0) throw invalid_argument(function, "expected at least one logit, got V = 0");
    for (std::size_t v = 0; v < vocab; ++v)
        if (std::isnan(logits[v])) throw invalid_argument(function, ::llmlings::detail::concat("logit ", v, " is NaN"));
}

/// check_logits(), and also no logit is +∞ (the softmax has no value there) and one is finite
/// (−∞ is a token of probability 0; all −∞ leave nothing to draw).
template <class T>
void check_distribution_logits(const char* function, const T* logits, std::size_t vocab) {
    check_logits(function, logits, vocab);
    bool finite = false;
    for (std::size_t v = 0; v < vocab; ++v) {
        if (logits[v] == std::numeric_limits<T>::infinity())
            throw invalid_argument(function, ::llmlings::detail::concat("logit ", v, " is +inf"));
        finite = finite || std::isfinite(logits[v]);
    }
    if (!finite) throw invalid_argument(function, "every logit is -inf: no token can be drawn");
}

/// Throws invalid_argument unless u is in [0, 1), V ≥ 1, every probability is ≥ 0 (not NaN) and
/// one is > 0.
inline void check_probabilities(const char* function, const double* probs, std::size_t vocab, double u) {
    if (!(u >= 0.0 && u < 1.0))
        throw invalid_argument(function, ::llmlings::detail::concat("u must be in [0, 1), got ", u));
    bool positive = false;
    for (std::size_t v = 0; v < vocab; ++v) {
        if (!(probs[v] >= 0.0))
            throw invalid_argument(function,
                                   ::llmlings::detail::concat("probs[", v, "] = ", probs[v], " is not a probability"));
        positive = positive || probs[v] > 0.0;
    }
    if (!positive)
        throw invalid_argument(function, ::llmlings::detail::concat("the ", vocab, " probabilities are all 0"));
}

/// Throws shape_error unless t is (a, b, c); `what` names it in the message.
template <class View>
void check_cache_shape(const char* function, const char* what, const View& t, std::size_t a, std::size_t b,
                       std::size_t c) {
    const auto& s = t.shape();
    if (s[0] != a || s[1] != b || s[2] != c)
        throw shape_error(function,
                          ::llmlings::detail::concat(what, " must be (", a, ",", b, ",", c, "), got ", shape_str(s)));
}

/// The checks of cached_attention(): q (N, T_new, d ≥ 1), keys (N, P, d), values (N, P, d_v),
/// out (N, T_new, d_v), weights (N, T_new, P) and start + T_new ≤ P.
template <class Q, class K, class V, class O, class W>
void check_cached_attention(const char* function, const Q& q, const K& keys, const V& values, std::size_t start,
                            const O& out, const W& weights) {
    const std::size_t N = q.shape()[0], steps = q.shape()[1], d = q.shape()[2], P = keys.shape()[1];
    if (d == 0)
        throw shape_error(function, ::llmlings::detail::concat("queries need d >= 1, got q ", shape_str(q.shape())));
    check_cache_shape(function, "keys", keys, N, P, d);
    check_cache_shape(function, "values", values, N, P, values.shape()[2]);
    check_cache_shape(function, "out", out, N, steps, values.shape()[2]);
    check_cache_shape(function, "weights", weights, N, steps, P);
    if (start > P || steps > P - start)
        throw shape_error(function, ::llmlings::detail::concat("start + T_new = ", start, " + ", steps,
                                                               " exceeds the cache's ", P, " slots"));
}

/// The checks of append_keys_values(): qkv (B, T_new, 3·H·d), keys and values (B·H, P, d),
/// start + T_new ≤ P.
template <class Q, class K, class V>
void check_append(const char* function, const Q& qkv, std::size_t heads, std::size_t start, const K& keys,
                  const V& values) {
    const std::size_t B = qkv.shape()[0], steps = qkv.shape()[1], P = keys.shape()[1], d = keys.shape()[2];
    if (heads == 0 || qkv.shape()[2] != 3 * heads * d || keys.shape()[0] != B * heads)
        throw shape_error(
            function, ::llmlings::detail::concat("qkv ", shape_str(qkv.shape()), " and keys ", shape_str(keys.shape()),
                                                 " do not fit ", heads, " heads (expected (B,T,3Hd) and (B*H,P,d))"));
    check_cache_shape(function, "values", values, B * heads, P, d);
    if (start > P || steps > P - start)
        throw shape_error(function, ::llmlings::detail::concat("start + T_new = ", start, " + ", steps,
                                                               " exceeds the cache's ", P, " slots"));
}

/// Throws unless the cache was sized for this model by reset_cache(), holds `batch` sequences and
/// has room for `steps` more positions (shape_error naming the numbers).
template <class T>
void check_cache(const char* function, const gpt_model<T>& model, const kv_cache<T>& cache, std::size_t batch,
                 std::size_t steps) {
    const gpt_config& c = model.config;
    const std::size_t H = c.heads, P = c.block_size, d = c.channels / c.heads;
    bool sized = cache.keys.size() == c.layers && cache.values.size() == c.layers;
    for (std::size_t l = 0; sized && l < c.layers; ++l)
        sized = cache.keys[l].shape()[1] == P && cache.keys[l].shape()[2] == d && cache.keys[l].shape()[0] % H == 0 &&
                cache.keys[l].shape()[0] > 0 &&
                std::equal(cache.keys[l].shape().begin(), cache.keys[l].shape().end(), cache.values[l].shape().begin());
    if (!sized) throw shape_error(function, "the cache is not sized for this model (call reset_cache first)");
    const std::size_t cached_batch = cache.keys[0].shape()[0] / H;
    if (cached_batch != batch)
        throw shape_error(function,
                          ::llmlings::detail::concat("the cache holds ", cached_batch, " sequences, ids have ", batch));
    if (cache.length > P || steps > P - cache.length)
        throw shape_error(function, ::llmlings::detail::concat(cache.length, " cached + ", steps,
                                                               " new positions exceed block_size ", P));
}

/// Throws unless the model is built, the prompt is (B ≥ 1, T₀ ≥ 1) with every id < V, and the
/// sampling options are valid. T₀ may exceed the block size: only the last P tokens are read.
template <class T>
void check_prompt(const char* function, const gpt_model<T>& model, const token_ids& prompt, const generate_options& o) {
    if (model.blocks.size() != model.config.layers || !model.wte.registered())
        throw invalid_argument(function, "the model is not built (make it with make_gpt)");
    if (prompt.shape()[0] == 0 || prompt.shape()[1] == 0)
        throw shape_error(function, ::llmlings::detail::concat("the prompt needs at least one token per sequence, got ",
                                                               shape_str(prompt.shape())));
    const std::size_t steps = prompt.shape()[1];
    for (std::size_t i = 0; i < prompt.size(); ++i)
        if (prompt.data()[i] >= model.config.vocab_size)
            throw invalid_argument(
                function, ::llmlings::detail::concat("token id ", prompt.data()[i], " at (", i / steps, ",", i % steps,
                                                     ") is not below vocab_size ", model.config.vocab_size));
    check_sampling_options(function, o.sampling, model.config.vocab_size);
    if (o.stop_token != generate_options::no_stop_token && o.stop_token >= model.config.vocab_size)
        throw invalid_argument(function,
                               ::llmlings::detail::concat("stop_token ", o.stop_token, " is not below vocab_size ",
                                                          model.config.vocab_size));
}

/// window = ids[:, first : first + count], sized (B, count) with ensure_shape.
inline void copy_tokens(const token_ids& ids, std::size_t first, std::size_t count, token_ids& window) {
    const std::size_t B = ids.shape()[0], width = ids.shape()[1];
    ensure_shape(window, {B, count});
    for (std::size_t b = 0; b < B; ++b)
        std::copy(ids.data() + b * width + first, ids.data() + b * width + first + count, window.data() + b * count);
}
// End of the given code.

}  // namespace detail

/**
 * @ingroup transformer
 * @brief The most probable token of a row of logits: the argmax, the lowest id on ties.
 *
 * What sampling at temperature 0 gives. ±∞ are numbers here (+∞ wins, −∞ loses).
 *
 * @tparam T float or double
 * @param logits V logits
 * @param vocab V ≥ 1
 * @return the id of the largest logit; the first of equal largest ones
 * @throws invalid_argument when V is 0 or a logit is NaN (`greedy_token: logit 2 is NaN`)
 *
 * Complexity: O(V). Example: logits (1, 3, 3, 2) → 1.
 */
template <class T>
std::size_t greedy_token(const T* logits, std::size_t vocab) {
    todo("transformer/07_sampling", "greedy_token");
}

/**
 * @ingroup transformer
 * @brief The distribution the next token is drawn from: softmax at temperature τ, then top-k,
 * then top-p, in double; every token outside the kept set gets exactly 0.
 *
 * 1. @f$ p_v = e^{(z_v - m)/\tau} / \sum_u e^{(z_u - m)/\tau} @f$ with m = max z (in double; the
 *    maximum subtracted, so logits of 1000 do not overflow). τ = 0 gives probability 1 to
 *    greedy_token() (the limit τ → 0, ties to the lower id).
 * 2. top-k (k ≥ 1, k < V): order the tokens by probability, largest first, the lower id first on
 *    ties; keep the first k (exactly k) and renormalise.
 * 3. top-p (p < 1): walk the kept tokens in that order and keep each token whose cumulative
 *    probability *before* it is < p — the shortest prefix whose probability reaches p; the token
 *    that crosses p is kept, and so is the first token always. Renormalise. The probabilities
 *    walked are those renormalised by top-k (Hugging Face's order of the warpers).
 *
 * A −∞ logit is a token of probability 0 (a banned token).
 *
 * @tparam T float or double
 * @param logits V logits
 * @param vocab V ≥ 1
 * @param o the temperature, k and p
 * @param probs V numbers, overwritten with the distribution (summing to 1 up to rounding)
 * @throws invalid_argument for bad options (`next_token_distribution:
 *         sampling_options.temperature must be finite and >= 0, got -1`; τ NaN or infinite, p
 *         outside (0, 1], k > V), V = 0, a NaN or +∞ logit, or every logit −∞
 *
 * Complexity: O(V) exp; with top-k O(V log k), with top-p alone O(V log V), plus one allocation of
 * V indices for the order. Example: logits ln(8, 4, 2, 1, 1), τ = 1: (8, 4, 2, 1, 1)/16; with
 * k = 3: (8, 4, 2, 0, 0)/14; with p = 0.6 instead: (2/3, 1/3, 0, 0, 0) (0.5 < 0.6 keeps the second,
 * 0.75 reaches p).
 */
template <class T>
void next_token_distribution(const T* logits, std::size_t vocab, const sampling_options& o, double* probs) {
    todo("transformer/07_sampling", "next_token_distribution");
}

/**
 * @ingroup transformer
 * @brief Draws a token by the inverse of the cumulative distribution: the smallest i with
 * probs[0] + … + probs[i] > u.
 *
 * With u uniform in [0, 1), token i comes out with probability probs[i]. A token of probability
 * 0 never comes out: at u = 0 the first token of positive probability does, and when rounding
 * leaves the sum of all probabilities at or below u (0.3 + 0.3 + 0.3 and u = 0.95), the last
 * token of positive probability does, never a later one of probability 0.
 *
 * @param probs V probabilities (≥ 0, summing to 1 up to rounding)
 * @param vocab V ≥ 1
 * @param u a number in [0, 1), e.g. uniform01(gen)
 * @return the token id
 * @throws invalid_argument when u is not in [0, 1) (NaN included), a probability is negative or
 *         NaN, or all are 0 (`sample_from: the 3 probabilities are all 0`)
 *
 * Complexity: O(V). Example: probs (0, 0.25, 0, 0.5, 0.25): u = 0 → 1, u = 0.25 → 3, u = 0.8 → 4.
 */
inline std::size_t sample_from(const double* probs, std::size_t vocab, double u) {
    todo("transformer/07_sampling", "sample_from");
}

/**
 * @ingroup transformer
 * @brief Draws the next token from a row of logits: next_token_distribution() into `scratch`,
 * then sample_from() with one uniform01(gen); at temperature 0, greedy_token() (no draw).
 *
 * Exactly one number is drawn from `gen` per token (none when τ = 0), so a seed fixes the tokens,
 * and the same seed gives the same tokens with and without the KV cache.
 *
 * @tparam T float or double
 * @param logits V logits
 * @param vocab V ≥ 1
 * @param o the temperature, k and p
 * @param scratch resized to V (allocates only the first time): the distribution, after the call
 *        (untouched at τ = 0)
 * @param gen the random generator
 * @return the token id
 * @throws invalid_argument as next_token_distribution(), naming sample_token (`sample_token:
 *         logit 3 is NaN`)
 *
 * Complexity: that of next_token_distribution(). Example: logits (0, ln 3) at τ = 1 give token 1
 * when the uniform draw is ≥ 0.25.
 */
template <class T>
std::size_t sample_token(const T* logits, std::size_t vocab, const sampling_options& o, std::vector<double>& scratch,
                         rng& gen) {
    todo("transformer/07_sampling", "sample_token");
}

/**
 * @ingroup transformer
 * @brief Sizes the cache for `batch` sequences of the model (ensure_shape: a cache of the same
 * shape keeps its memory) and empties it (length 0).
 *
 * The slots' contents are left as they are: nothing reads a slot before gpt_forward_cached()
 * writes it.
 *
 * @tparam T float or double
 * @param model the model (L blocks, H heads, P positions, C channels)
 * @param batch B ≥ 1
 * @param cache keys and values become L tensors (B·H, P, C/H) each; length 0
 * @throws invalid_argument when the model is not built or B is 0
 *
 * Complexity: allocates 2·L·B·P·C numbers the first time, nothing when the shape is unchanged.
 * Example: L = 2, B = 2, H = 2, P = 8, C = 8: keys[0] is (4, 8, 4).
 */
template <class T>
void reset_cache(const gpt_model<T>& model, std::size_t batch, kv_cache<T>& cache) {
    todo("transformer/07_sampling", "reset_cache");
}

/**
 * @ingroup transformer
 * @brief Copies the keys and values of T_new new positions from a fused (B, T_new, 3C) projection
 * into slots start … start + T_new − 1 of a block's cache.
 *
 * keys(b·H + h, start + t, j) = qkv(b, t, C + h·d + j) and values(b·H + h, start + t, j) =
 * qkv(b, t, 2C + h·d + j): transformer/02's split_heads() with the keys at offset C and the values
 * at 2C, written at the positions' slots instead of a tensor of their own.
 *
 * @tparam T float or double
 * @param qkv the fused projection (B, T_new, 3C) of the new positions (queries, keys, values)
 * @param heads H
 * @param start the first new position (the cache's length)
 * @param keys the block's keys (B·H, P, d); slots start … start + T_new − 1 overwritten
 * @param values the block's values (B·H, P, d); the same slots overwritten
 * @throws shape_error when the shapes do not fit (C = H·d, B·H problems) or start + T_new > P
 *
 * Complexity: 2·B·T_new·C copies. Example: B = 1, H = 2, d = 1, start 3: qkv (1, 1, 6) =
 * (q₀, q₁, 10, 11, 20, 21) writes keys(0, 3, 0) = 10, keys(1, 3, 0) = 11, values(1, 3, 0) = 21.
 */
template <class T>
void append_keys_values(const const_tensor_view<T, 3>& qkv, std::size_t heads, std::size_t start,
                        tensor_view<T, 3> keys, tensor_view<T, 3> values) {
    todo("transformer/07_sampling", "append_keys_values");
}

/**
 * @ingroup transformer
 * @brief Causal attention of T_new new queries over a cache whose first start + T_new slots hold
 * the keys and values of positions 0 … start + T_new − 1 (the new ones appended already).
 *
 * For each problem n, with K and V the first T_k = start + T_new slots:
 * @f[ S = \frac{Q K^\top}{\sqrt d}, \qquad P_i = \operatorname{softmax}(S_i)\ \text{over keys}\
 *     j \le \text{start} + i, \qquad O = P V @f]
 * New query i is position start + i, so it sees start + i + 1 keys: transformer/01's causal
 * triangle aligned to the bottom right (masked_softmax_row() with that limit). Slots from T_k on
 * are never read, whatever they hold.
 *
 * @tparam T float or double
 * @param q the new queries (N, T_new, d), d ≥ 1
 * @param keys the cache's keys (N, P, d)
 * @param values the cache's values (N, P, d_v)
 * @param start the number of positions cached before these (the first new position)
 * @param out the output (N, T_new, d_v), preallocated; overwritten
 * @param weights (N, T_new, P), preallocated: overwritten with the attention weights, 0 past each
 *        query's limit (the scores' scratch; transformer/09 can draw them)
 * @throws shape_error when the shapes do not fit or start + T_new > P (`cached_attention:
 *         start + T_new = 7 + 2 exceeds the cache's 8 slots`)
 *
 * Complexity: 2·N·T_new·T_k·(d + d_v) flops in BLAS, N·T_new·T_k exp; no allocation. With
 * T_new = 1 that is O(T_k·C) per token per block, where the whole forward is O(T_k²·C). Example:
 * one new query at start 1 over keys (1, 0), (0, 1), query (0, 0): weights ½, ½ and the mean of
 * the two values.
 */
template <class T>
void cached_attention(const const_tensor_view<T, 3>& q, const const_tensor_view<T, 3>& keys,
                      const const_tensor_view<T, 3>& values, std::size_t start, tensor_view<T, 3> out,
                      tensor_view<T, 3> weights) {
    todo("transformer/07_sampling", "cached_attention");
}

/**
 * @ingroup transformer
 * @brief The GPT forward pass for new positions only: appends their keys and values to the cache
 * and returns their logits.
 *
 * The ids are the tokens of positions start … start + T_new − 1, start = cache.length. As
 * gpt_forward() on those rows — the position embeddings from `start` (learned_positions_forward's
 * start), LN₁, the QKV projection, LN₂, the MLP, the residuals, LN_f and the tied head — except
 * the attention of each block: split the queries (split_heads()), append the keys and values
 * (append_keys_values()), attend over the cache (cached_attention()), merge the heads and project.
 * Then cache.length += T_new. Feeding a sequence in pieces (a prompt, then one token at a time)
 * gives the rows gpt_forward() gives for the whole sequence, to rounding.
 *
 * The workspace holds the activations of the new positions (ws.embedded is (B, T_new, C);
 * each block's attn.attention.weights is (B·H, T_new, P)); it is not a forward of the whole
 * sequence for transformer/06's backward.
 *
 * @tparam T float or double
 * @param model the model
 * @param ids (B, T_new) token ids, T_new ≥ 1, each < V
 * @param cache sized by reset_cache() for B sequences; start + T_new ≤ P
 * @param ws the workspace; sized on first use
 * @return ws.logits, (B·T_new, V): row b·T_new + t scores the token after ids(b, t)
 * @throws invalid_argument when the model is not built or an id is not below V
 * @throws shape_error when the cache is not sized for the model, holds another batch size
 *         (`gpt_forward_cached: the cache holds 2 sequences, ids have 3`), or has no room
 *         (`gpt_forward_cached: 6 cached + 3 new positions exceed block_size 8`)
 *
 * Complexity: about 2·B·T_new·(12·L·C² + 2·L·(start + T_new)·C + V·C) flops; no allocation after
 * the first call of a shape (B, T_new). Example: a prompt of 5 tokens, then 3 calls of 1 token:
 * cache.length is 8 and each call's logits are one row per sequence.
 */
template <class T>
LLMLINGS_RETURNS_INTO_WORKSPACE const matrix_of<T>& gpt_forward_cached(const gpt_model<T>& model, const token_ids& ids,
                                                                       kv_cache<T>& cache, gpt_workspace<T>& ws) {
    todo("transformer/07_sampling", "gpt_forward_cached");
}

/**
 * @ingroup transformer
 * @brief Extends each sequence of a prompt by max_new_tokens tokens, each drawn by sample_token()
 * from the logits of the last position.
 *
 * Without the cache (nanoGPT's `generate`): for each new token, gpt_forward() over the last
 * min(length, P) tokens, and sample from each sequence's last row. With the cache: reset_cache(),
 * one gpt_forward_cached() of the prompt's last min(T₀, P) tokens (the prefill), then one call per
 * token with that token alone. When the cache is full (length P) and another token must be fed,
 * the window slides: the cache is rebuilt by one prefill of the last P tokens, new one included,
 * at positions 0 … P − 1 — exactly the uncached window, since learned positions cannot be shifted.
 * So both paths give the same ids at any length (the logits agree to rounding), and past P each
 * token costs a prefill.
 *
 * The tokens are drawn sequence by sequence (b = 0 … B − 1) at each step, one uniform number each
 * (none at temperature 0): a seed fixes the result. With a stop_token, a sequence that has drawn
 * it repeats it without drawing, and when all have drawn it the loop ends: the result is then
 * (B, T₀ + the steps taken), the last column the step at which the last sequence stopped.
 *
 * @tparam T float or double
 * @param model the model
 * @param prompt (B, T₀) token ids, B ≥ 1, T₀ ≥ 1 (T₀ may exceed P), each < V
 * @param o the number of new tokens, the sampling options, the cache on or off
 * @param gen the random generator
 * @return (B, T₀ + max_new_tokens): the prompt, then the new tokens; fewer columns when every
 *         sequence drew o.stop_token
 * @throws invalid_argument when the model is not built, an id or the stop token is not below V,
 *         or the sampling options are bad (`generate: sampling_options.top_p must be in (0, 1],
 *         got 0`)
 * @throws shape_error when the prompt is empty
 *
 * Complexity: with the cache, O(L·B·(P·C + C²) + B·V·C) per token up to P tokens, a prefill of P
 * per token beyond; without it, a forward of min(length, P) tokens per token. Example: greedy
 * decoding (temperature 0) of a prompt {{1, 2}} with 3 new tokens returns a (1, 5) matrix whose
 * first two ids are 1, 2.
 */
template <class T>
token_ids generate(const gpt_model<T>& model, const token_ids& prompt, const generate_options& o, rng& gen) {
    todo("transformer/07_sampling", "generate");
}

}  // namespace transformer
}  // namespace llmlings

#endif  // LLMLINGS_TRANSFORMER_07_SAMPLING_HPP
