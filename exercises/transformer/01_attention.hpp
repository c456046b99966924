// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief transformer/01 — scaled dot-product attention, forward and backward, with causal and
 * padding masks.
 *
 * Shapes: N = the number of independent attention problems (B sequences, or B·H when H heads
 * each attend on their own, as transformer/02 lays them out: (B, H, T, d) seen as (B·H, T, d)),
 * T_q queries and T_k keys per problem, d the size of a query and a key, d_v the size of a value.
 *   q, dq: (N, T_q, d)   k, dk: (N, T_k, d)   v, dv: (N, T_k, d_v)   out, d_out: (N, T_q, d_v)
 *   cache.weights: (N, T_q, T_k), the attention weights, which transformer/09 draws
 *
 * The computation, for each problem n (Vaswani et al. 2017, equation 1):
 * @f[ S = \frac{Q K^\top}{\sqrt d}, \qquad P = \operatorname{softmax}_\text{row}(S + M), \qquad
 *     O = P V @f]
 * where the mask M is 0 where query i may look at key j and −∞ where it may not, so that the
 * weight of a masked key is exactly 0. Two masks, which combine:
 * - **causal**: query i sees keys j ≤ i + (T_k − T_q). With T_q = T_k that is j ≤ i, the
 *   triangle a language model needs (a token may not look at the tokens it will predict). With
 *   T_q < T_k — the last T_q positions of a sequence whose first T_k − T_q keys were computed
 *   before, as a KV cache does (transformer/07) — the triangle is aligned to the bottom right,
 *   as FlashAttention's: the last query sees every key. (PyTorch 2's `is_causal` aligns it to the
 *   top left instead; the two agree when T_q = T_k.)
 * - **padding**: `key_lengths[b]` keys of sequence b are real and the rest padding; problem n
 *   belongs to sequence b = n / (N / B) (the heads of one sequence are consecutive).
 * A query that may see no key at all (a sequence of length 0, or T_q > T_k under the causal
 * mask) gets weights 0 and output 0, and passes no gradient (PyTorch returns NaN there).
 *
 * The products are BLAS calls on raw memory (core/blas.hpp), one per problem and product; the
 * softmax and its backward are the topic, written as loops over rows. The backward needs P, which
 * the forward keeps in the cache, and nothing else but the inputs:
 * @f[ dV = P^\top dO,\quad dP = dO\,V^\top,\quad dS_{ij} = P_{ij}\Big(dP_{ij} - \sum_l P_{il}\,dP_{il}\Big),
 *     \quad dQ = \frac{dS\,K}{\sqrt d},\quad dK = \frac{dS^\top Q}{\sqrt d} @f]
 * The backward *writes* dq, dk and dv (they are gradients of inputs, not of parameters).
 *
 * One implementation serves float (training) and double (gradient checks): the functions are
 * templates over the element type T. Inputs are read-only views (a slice of a larger buffer, a
 * tensor seen through a view); outputs are preallocated views of the right shape. The cache's
 * buffers are sized on the first call and reused: a second call with the same shapes allocates
 * nothing.
 *
 * Given in the exercise (plumbing, not the topic): the shape checks and detail::key_limit's
 * bookkeeping of which problem belongs to which sequence are yours to write; the BLAS call
 * detail::gemm is core's.
 *
 * References: Vaswani et al. (2017), "Attention is all you need", section 3.2.1; Dao et al.
 * (2022), "FlashAttention" (the causal alignment for T_q ≠ T_k); Karpathy's llm.c
 * (attention_forward_cpu and attention_backward_cpu, the same equations without BLAS).
 *
 * Guide: @ref transformer_01_attention (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_TRANSFORMER_01_ATTENTION_HPP
#define LLMLINGS_TRANSFORMER_01_ATTENTION_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/core/blas.hpp>
#include <llmlings/core/parameters.hpp>

namespace llmlings {
namespace transformer {

/**
 * @ingroup transformer
 * @brief Which keys each query may attend to: the causal triangle, padding, both or neither.
 *
 * The default, `attention_mask{}`, masks nothing. Example: `attention_mask{true, {}}` is a GPT's
 * mask; `attention_mask{false, lengths}` a BERT batch's with `lengths(b)` real tokens in row b.
 */
struct attention_mask {
    /// Query i sees key j only when j ≤ i + (T_k − T_q) (bottom-right aligned).
    bool causal = false;
    /// Empty: every key is real. Otherwise one length per sequence (B entries, N a multiple of
    /// B): keys j ≥ key_lengths(b) of sequence b are padding.
    index_vector key_lengths = index_vector::from_shape({0});
};

/**
 * @ingroup transformer
 * @brief What attention_forward() keeps for attention_backward(): the attention weights, and a
 * scratch buffer of the backward.
 *
 * @tparam T float or double
 */
template <class T>
struct attention_cache {
    /// P (N, T_q, T_k): row i of problem n holds query i's weights over the keys; 0 where masked.
    tensor3_of<T> weights;
    /// The number of real (unpadded) keys of each problem (N): the backward reads no others.
    std::vector<std::size_t> real_keys;
    /// Scratch of the backward (T_q, T_k): dP, then dS, of one problem at a time.
    matrix_of<T> d_scores;
};

namespace detail {

// Given: the shape checks (plumbing, not the topic).
/// Throws shape_error unless q (N,T_q,d), k (N,T_k,d) and v (N,T_k,d_v) fit together, d ≥ 1,
/// and the mask's lengths fit N and T_k (invalid_argument for a length past T_k).
template <class T>
void check_attention_inputs(const char* function, const const_tensor_view<T, 3>& q, const const_tensor_view<T, 3>& k,
                            const const_tensor_view<T, 3>& v, const attention_mask& mask) {
    const auto& qs = q.shape();
    const auto& ks = k.shape();
    const auto& vs = v.shape();
    if (ks[0] != qs[0] || vs[0] != qs[0] || ks[2] != qs[2] || vs[1] != ks[1])
        throw shape_error(function,
                          ::llmlings::detail::concat("expected q (N,T_q,d), k (N,T_k,d) and v (N,T_k,d_v), got ",
                                                     shape_str(qs), ", ", shape_str(ks), " and ", shape_str(vs)));
    if (qs[2] == 0)
        throw shape_error(function, ::llmlings::detail::concat("queries and keys need d >= 1, got q ", shape_str(qs)));
    const std::size_t batch = mask.key_lengths.size();
    if (batch == 0) return;
    if (qs[0] % batch != 0)
        throw shape_error(function, ::llmlings::detail::concat("N = ", qs[0], " problems cannot be split over ", batch,
                                                               " key lengths (N must be a multiple of B)"));
    for (std::size_t b = 0; b < batch; ++b)
        if (mask.key_lengths(b) > ks[1])
            throw invalid_argument(function, ::llmlings::detail::concat("key_lengths(", b, ") = ", mask.key_lengths(b),
                                                                        " exceeds the ", ks[1], " keys"));
}

/// Throws shape_error unless `t` has the shape (a, b, c); `what` names it in the message.
template <class View>
void check_shape3(const char* function, const char* what, const View& t, std::size_t a, std::size_t b, std::size_t c) {
    const auto& s = t.shape();
    if (s[0] != a || s[1] != b || s[2] != c)
        throw shape_error(function,
                          ::llmlings::detail::concat(what, " must be (", a, ",", b, ",", c, "), got ", shape_str(s)));
}

/// The number of real (unpadded) keys of problem n: key_lengths(n / (N / B)), or all T_k.
inline std::size_t real_keys(const attention_mask& mask, std::size_t n, std::size_t problems, std::size_t keys) {
    return mask.key_lengths.size() == 0 ? keys : mask.key_lengths(n / (problems / mask.key_lengths.size()));
}
// End of the given code.

}  // namespace detail

/**
 * @ingroup transformer
 * @brief The number of keys query i of problem n may see: keys 0 … limit − 1 are visible, the
 * others masked.
 *
 * @f[ \text{limit} = \min\big(\ell_b,\; i + 1 + T_k - T_q\big) @f] with ℓ_b = key_lengths(b) for
 * the problem's sequence b = n / (N / B) (T_k without padding), the second term only under the
 * causal mask and clamped to [0, T_k].
 *
 * @param mask the mask
 * @param n the problem, in [0, N)
 * @param i the query, in [0, T_q)
 * @param problems N
 * @param queries T_q
 * @param keys T_k
 * @return the number of visible keys, in [0, T_k]; throws nothing (the caller checked the mask
 *         with the inputs)
 *
 * Complexity: O(1). Example: causal, T_q = T_k = 4: query 0 sees 1 key, query 3 sees 4; with
 * T_q = 1, T_k = 4 the one query sees all 4.
 */
inline std::size_t key_limit(const attention_mask& mask, std::size_t n, std::size_t i, std::size_t problems,
                             std::size_t queries, std::size_t keys) {
    todo("transformer/01_attention", "key_limit");
}

/**
 * @ingroup transformer
 * @brief Softmax of the first `limit` entries of a row, in place; the rest of the row becomes 0.
 *
 * @f[ p_j = \frac{e^{s_j - m}}{\sum_{l < \text{limit}} e^{s_l - m}} \ (j < \text{limit}), \qquad
 *     p_j = 0 \ (j \ge \text{limit}), \qquad m = \max_{l < \text{limit}} s_l @f]
 * Subtracting the maximum keeps every exponent ≤ 0, so scores of 1000 do not overflow. A row
 * with limit 0 becomes all 0. NaN in, NaN out: a NaN score makes the visible entries NaN.
 *
 * @tparam T float or double
 * @param row the scores, overwritten by the weights
 * @param size the row's length T_k
 * @param limit the number of visible entries, ≤ size
 *
 * Complexity: O(size), `limit` exp; throws nothing. Example: scores (0, ln 3, 7) with limit 2 →
 * (¼, ¾, 0).
 */
template <class T>
void masked_softmax_row(T* row, std::size_t size, std::size_t limit) {
    todo("transformer/01_attention", "masked_softmax_row");
}

/**
 * @ingroup transformer
 * @brief Scaled dot-product attention into a preallocated output; keeps the weights in `cache`.
 *
 * For each problem n: S = q_n k_nᵀ / √d (one BLAS product into cache.weights), the masked
 * softmax of each row of S (masked_softmax_row() with key_limit()), then out_n = P_n v_n (one
 * BLAS product). Why √d: with q and k of independent unit-variance entries, q·k has variance d;
 * dividing by √d keeps the scores near unit variance whatever the head size, so the softmax does
 * not saturate into a one-hot row whose gradient vanishes.
 *
 * @tparam T float or double
 * @param q the queries (N, T_q, d), d ≥ 1
 * @param k the keys (N, T_k, d)
 * @param v the values (N, T_k, d_v)
 * @param out the output (N, T_q, d_v), preallocated; overwritten
 * @param cache filled: weights (N, T_q, T_k); sized on first use
 * @param mask causal and padding masks (default: none)
 * @throws shape_error when the shapes do not fit together (the message names the function and
 *         the shapes: `attention_forward: expected q (N,T_q,d), k (N,T_k,d) and v (N,T_k,d_v), got
 *         (2,3,4), (2,5,3) and (2,5,4)`), when d = 0, when N is not a multiple of the number of
 *         key lengths, or when `out` has another shape
 * @throws invalid_argument when a key length exceeds T_k
 *
 * Complexity: 2·N·T_q·T_k·(d + d_v) flops in BLAS, N·T_q·T_k exp; no allocation after the
 * cache's first use. Example: one query (0, 0) over keys (1, 0), (0, 1) with values 10 and 20 →
 * weights ½, ½ and output 15.
 */
template <class T>
void attention_forward(const const_tensor_view<T, 3>& q, const const_tensor_view<T, 3>& k,
                       const const_tensor_view<T, 3>& v, tensor_view<T, 3> out, attention_cache<T>& cache,
                       const attention_mask& mask = {}) {
    todo("transformer/01_attention", "attention_forward");
}

// Given: the overload for owning tensors, which calls the one above.
/**
 * @ingroup transformer
 * @brief Scaled dot-product attention returning the output (see the overload with an output for
 * the math, the masks and the errors).
 *
 * @tparam T float or double
 * @param q the queries (N, T_q, d)
 * @param k the keys (N, T_k, d)
 * @param v the values (N, T_k, d_v)
 * @param cache filled with the weights (N, T_q, T_k)
 * @param mask causal and padding masks (default: none)
 * @return the output (N, T_q, d_v)
 * @throws shape_error, invalid_argument as the overload with an output
 *
 * Complexity: as the overload, plus one allocation. Example: see the overload.
 */
template <class T>
tensor3_of<T> attention_forward(const tensor3_of<T>& q, const tensor3_of<T>& k, const tensor3_of<T>& v,
                                attention_cache<T>& cache, const attention_mask& mask = {}) {
    tensor3_of<T> out = tensor3_of<T>::from_shape({q.shape()[0], q.shape()[1], v.shape()[2]});
    attention_forward<T>(as_view(q), as_view(k), as_view(v), as_view(out), cache, mask);
    return out;
}
// End of the given code.

/**
 * @ingroup transformer
 * @brief Backward of the masked softmax of one row: dS from dP and the row's weights P, in place.
 *
 * @f[ dS_j = P_j \Big(dP_j - \sum_l P_l\, dP_l\Big) @f]
 * the softmax's Jacobian-vector product (nn/02's softmax_backward, one row). A masked entry has
 * P_j = 0, so its dS_j is 0: no gradient reaches a key the query could not see.
 *
 * @tparam T float or double
 * @param weights the row P of the forward (size entries)
 * @param d_row dP on entry, dS on return
 * @param size the row's length
 *
 * Complexity: O(size); throws nothing. Example: P = (¼, ¾), dP = (1, 0) → dS = (3/16, −3/16).
 */
template <class T>
void masked_softmax_row_backward(const T* weights, T* d_row, std::size_t size) {
    todo("transformer/01_attention", "masked_softmax_row_backward");
}

/**
 * @ingroup transformer
 * @brief Backward of attention_forward(): the gradients of the queries, keys and values.
 *
 * For each problem n, with P_n from the cache and dO_n = d_out's slice:
 * dv_n = P_nᵀ dO_n, dP = dO_n v_nᵀ, dS by masked_softmax_row_backward() row by row,
 * dq_n = dS k_n / √d and dk_n = dSᵀ q_n / √d: five BLAS products, the softmax's backward in loops.
 *
 * @tparam T float or double
 * @param cache what attention_forward() kept for these inputs (its scratch is reused)
 * @param q the queries (N, T_q, d) given to the forward
 * @param k the keys (N, T_k, d)
 * @param v the values (N, T_k, d_v)
 * @param d_out ∂L/∂out (N, T_q, d_v)
 * @param dq ∂L/∂q (N, T_q, d), preallocated; overwritten
 * @param dk ∂L/∂k (N, T_k, d), preallocated; overwritten
 * @param dv ∂L/∂v (N, T_k, d_v), preallocated; overwritten
 * @throws shape_error when the inputs do not fit together, when d_out, dq, dk or dv has another
 *         shape, or when the cache does not hold (N, T_q, T_k) weights (the message names the
 *         function: `attention_backward: cache.weights must be (2,3,5), got (0,0,0)` — run
 *         attention_forward first)
 *
 * Complexity: 2·N·T_q·T_k·(2d + 3d_v)… about twice the forward's flops; no allocation after the
 * scratch's first use. Example: with a single key, P is all ones, so dq = dk = 0 and dv is the
 * sum of d_out over the queries.
 */
template <class T>
void attention_backward(attention_cache<T>& cache, const const_tensor_view<T, 3>& q, const const_tensor_view<T, 3>& k,
                        const const_tensor_view<T, 3>& v, const const_tensor_view<T, 3>& d_out, tensor_view<T, 3> dq,
                        tensor_view<T, 3> dk, tensor_view<T, 3> dv) {
    todo("transformer/01_attention", "attention_backward");
}

}  // namespace transformer
}  // namespace llmlings

#endif  // LLMLINGS_TRANSFORMER_01_ATTENTION_HPP
