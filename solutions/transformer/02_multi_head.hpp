// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief transformer/02 — multi-head attention: a fused QKV projection, heads split and merged,
 * and an output projection, forward and backward.
 *
 * Shapes: B sequences of T positions with C channels; H heads of d = C / H channels each.
 *   x, dx, y, dy: (B, T, C)
 *   qkv.weight (3C, C), qkv.bias (3C): rows 0…C−1 make the queries, C…2C−1 the keys, 2C…3C−1 the
 *   values, as GPT-2's `c_attn` and torch.nn.MultiheadAttention's `in_proj_weight`
 *   proj.weight (C, C), proj.bias (C): the output projection (GPT-2's `c_proj`, PyTorch's `out_proj`)
 *
 * The computation (Vaswani et al. 2017, section 3.2.2):
 * @f[ [Q\,|\,K\,|\,V] = x W_{qkv}^\top + b_{qkv}, \qquad
 *     \text{head}_h = \operatorname{attention}(Q_h, K_h, V_h), \qquad
 *     y = [\text{head}_1 | \dots | \text{head}_H]\, W_o^\top + b_o @f]
 * where Q_h is the block of d columns h·d … h·d + d − 1 of Q. One (B·T, C) × (C, 3C) product makes
 * all queries, keys and values of all heads at once; split_heads() copies each head's columns into
 * the (B·H, T, d) layout that transformer/01's attention_forward takes (problem n = b·H + h), and
 * merge_heads() puts the heads' outputs back side by side.
 *
 * Why several heads: one softmax picks one mixture of positions per query. H heads of d = C/H
 * channels cost the same flops as one head of C channels, but each can attend somewhere else —
 * one to the previous token, one to the matching bracket — and the output projection mixes them.
 *
 * The backward goes through the same steps in reverse; the two dense layers ACCUMULATE their
 * gradients in the store (nn/05) and dx is written. Everything it needs is in the cache, which is
 * sized on the first call: a second call with the same shapes allocates nothing.
 *
 * References: Vaswani et al. (2017), "Attention is all you need", section 3.2.2; Radford et al.
 * (2019), GPT-2 (the fused c_attn); Karpathy's nanoGPT, `CausalSelfAttention`.
 *
 * Guide: @ref transformer_02_multi_head (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_TRANSFORMER_02_MULTI_HEAD_HPP
#define LLMLINGS_TRANSFORMER_02_MULTI_HEAD_HPP

#include <algorithm>
#include <cstddef>
#include <string>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/nn/05_dense.hpp>
#include <llmlings/transformer/01_attention.hpp>

namespace llmlings {
namespace transformer {

/**
 * @ingroup transformer
 * @brief Multi-head self-attention: views of its two dense layers' parameters and its sizes.
 *
 * Build it with make_multi_head_attention(). @tparam T float or double
 */
template <class T>
struct multi_head_attention {
    nn::dense_layer<T> qkv;     ///< the fused projection, weight (3C, C), bias (3C)
    nn::dense_layer<T> proj;    ///< the output projection, weight (C, C), bias (C)
    std::size_t channels = 0;   ///< C
    std::size_t heads = 0;      ///< H
    std::size_t head_size = 0;  ///< d = C / H
};

/**
 * @ingroup transformer
 * @brief What multi_head_forward() keeps for multi_head_backward(), and the backward's scratch.
 *
 * @tparam T float or double
 */
template <class T>
struct multi_head_cache {
    matrix_of<T> qkv;              ///< the fused projection (B·T, 3C)
    tensor3_of<T> q;               ///< the queries, heads split (B·H, T, d)
    tensor3_of<T> k;               ///< the keys, heads split (B·H, T, d)
    tensor3_of<T> v;               ///< the values, heads split (B·H, T, d)
    tensor3_of<T> heads_out;       ///< each head's attention output (B·H, T, d)
    matrix_of<T> merged;           ///< the heads side by side (B·T, C): the projection's input
    attention_cache<T> attention;  ///< transformer/01's cache: the weights (B·H, T, T)
    tensor3_of<T> d_heads;         ///< backward scratch: the heads' output gradients (B·H, T, d)
    tensor3_of<T> dq;              ///< backward scratch: the queries' gradients (B·H, T, d)
    tensor3_of<T> dk;              ///< backward scratch: the keys' gradients (B·H, T, d)
    tensor3_of<T> dv;              ///< backward scratch: the values' gradients (B·H, T, d)
    matrix_of<T> d_merged;         ///< backward scratch: the merged heads' gradient (B·T, C)
    matrix_of<T> d_qkv;            ///< backward scratch: the fused projection's gradient (B·T, 3C)
};

namespace detail {

// Given: the shape checks (plumbing, not the topic).
/// Throws invalid_argument unless the layer was made by make_multi_head_attention().
template <class T>
void check_built(const char* function, const multi_head_attention<T>& layer) {
    if (layer.heads == 0 || !layer.qkv.weight.registered())
        throw invalid_argument(function, "the layer is not built (make it with make_multi_head_attention)");
}

/// Throws shape_error unless x is (B, T, C) for the layer's C.
template <class T, class X>
void check_sequence(const char* function, const multi_head_attention<T>& layer, const char* what, const X& x) {
    if (x.shape()[2] != layer.channels)
        throw shape_error(function, ::llmlings::detail::concat(what, " must be (B,T,", layer.channels, "), got ",
                                                               shape_str(x.shape())));
}

/// Throws shape_error unless `heads` is (B·H, T, d) for the (B, T, W) tensor `packed` and
/// columns offset … offset + H·d − 1 lie within W.
template <class P, class V>
void check_heads(const char* function, const P& packed, const V& heads, std::size_t head_count, std::size_t offset) {
    const std::size_t B = packed.shape()[0], T = packed.shape()[1], W = packed.shape()[2];
    if (head_count == 0 || heads.shape()[0] != B * head_count || heads.shape()[1] != T ||
        offset + head_count * heads.shape()[2] > W)
        throw shape_error(function,
                          ::llmlings::detail::concat("heads ", shape_str(heads.shape()), " do not fit ", head_count,
                                                     " heads at column ", offset, " of ", shape_str(packed.shape())));
}
// End of the given code.

}  // namespace detail

/**
 * @ingroup transformer
 * @brief Registers a multi-head attention layer's four tensors: "<name>.qkv.weight" (3C, C),
 * "<name>.qkv.bias" (3C), "<name>.proj.weight" (C, C), "<name>.proj.bias" (C).
 *
 * The values are left as the store made them (zeros): initialise them (transformer/05 uses
 * GPT-2's N(0, 0.02)) or copy them from a checkpoint.
 *
 * @tparam T float or double
 * @param store the model's parameter store
 * @param name the prefix of the tensors' names ("blocks.0.attn")
 * @param channels C ≥ 1
 * @param heads H ≥ 1, dividing C
 * @return the layer
 * @throws invalid_argument when C or H is 0 or H does not divide C
 *         (`make_multi_head_attention: heads = 3 must divide channels = 8`)
 *
 * Complexity: O(C²) to register. Example: C = 8, H = 2 registers 192 + 24 + 64 + 8 = 288 numbers.
 */
template <class T>
multi_head_attention<T> make_multi_head_attention(parameter_store<T>& store, const std::string& name,
                                                  std::size_t channels, std::size_t heads) {
    if (channels == 0 || heads == 0 || channels % heads != 0)
        throw invalid_argument(
            "make_multi_head_attention",
            ::llmlings::detail::concat("heads = ", heads, " must divide channels = ", channels, " (both at least 1)"));
    multi_head_attention<T> layer;
    layer.qkv = nn::make_dense(store, name + ".qkv", channels, 3 * channels);
    layer.proj = nn::make_dense(store, name + ".proj", channels, channels);
    layer.channels = channels;
    layer.heads = heads;
    layer.head_size = channels / heads;
    return layer;
}

/**
 * @ingroup transformer
 * @brief Copies H heads of d columns, starting at column `offset` of a (B, T, W) tensor, into the
 * (B·H, T, d) layout of attention_forward(): out(b·H + h, t, j) = packed(b, t, offset + h·d + j).
 *
 * The queries of a fused (B, T, 3C) projection are split with offset 0, the keys with C, the
 * values with 2C.
 *
 * @tparam T float or double
 * @param packed the (B, T, W) tensor
 * @param offset the first column
 * @param heads H
 * @param out the heads (B·H, T, d), preallocated; overwritten
 * @throws shape_error when the shapes do not fit (H·d columns from offset within W, B·H problems)
 *
 * Complexity: O(B·T·H·d) copies. Example: packed (1, 1, 4) = (1, 2, 3, 4), offset 0, H = 2 →
 * out(0, 0, :) = (1, 2), out(1, 0, :) = (3, 4).
 */
template <class T>
void split_heads(const const_tensor_view<T, 3>& packed, std::size_t offset, std::size_t heads, tensor_view<T, 3> out) {
    detail::check_heads("split_heads", packed, out, heads, offset);
    const std::size_t B = packed.shape()[0], steps = packed.shape()[1], W = packed.shape()[2], d = out.shape()[2];
    for (std::size_t b = 0; b < B; ++b)
        for (std::size_t h = 0; h < heads; ++h)
            for (std::size_t t = 0; t < steps; ++t) {
                const T* from = packed.data() + (b * steps + t) * W + offset + h * d;
                std::copy(from, from + d, out.data() + ((b * heads + h) * steps + t) * d);
            }
}

/**
 * @ingroup transformer
 * @brief The inverse of split_heads(): writes H heads (B·H, T, d) side by side into columns
 * offset … offset + H·d − 1 of a (B, T, W) tensor; the other columns are left as they are.
 *
 * @tparam T float or double
 * @param heads the heads (B·H, T, d)
 * @param offset the first column
 * @param out the (B, T, W) tensor, preallocated
 * @throws shape_error when the shapes do not fit
 *
 * Complexity: O(B·T·H·d) copies. Example: the inverse of split_heads()'s example.
 */
template <class T>
void merge_heads(const const_tensor_view<T, 3>& heads, std::size_t offset, tensor_view<T, 3> out) {
    const std::size_t B = out.shape()[0], steps = out.shape()[1], W = out.shape()[2], d = heads.shape()[2];
    const std::size_t H = B == 0 ? 0 : heads.shape()[0] / B;
    detail::check_heads("merge_heads", out, heads, B == 0 ? 1 : H, offset);
    for (std::size_t b = 0; b < B; ++b)
        for (std::size_t h = 0; h < H; ++h)
            for (std::size_t t = 0; t < steps; ++t) {
                const T* from = heads.data() + ((b * H + h) * steps + t) * d;
                std::copy(from, from + d, out.data() + (b * steps + t) * W + offset + h * d);
            }
}

/**
 * @ingroup transformer
 * @brief Multi-head self-attention forward into a preallocated output.
 *
 * 1. cache.qkv = x W_qkvᵀ + b_qkv (nn::dense_forward on the B·T rows);
 * 2. split_heads() of the queries (offset 0), keys (C) and values (2C);
 * 3. attention_forward() of the B·H problems with `mask` (its key_lengths are per sequence: B);
 * 4. merge_heads() into cache.merged (B·T, C), then y = merged W_oᵀ + b_o.
 *
 * @tparam T float or double
 * @param layer the layer
 * @param x the input (B, T, C)
 * @param y the output (B, T, C), preallocated; overwritten (must not be x's memory)
 * @param cache filled for the backward; sized on first use
 * @param mask causal and padding masks of transformer/01 (default: none)
 * @throws invalid_argument when the layer is not built, or as attention_forward() for the mask
 * @throws shape_error when x or y is not (B, T, C)
 *         (`multi_head_forward: x must be (B,T,8), got (2,3,6)`)
 *
 * Complexity: 8·B·T·C² flops in the two projections plus 4·B·T²·C in attention; no allocation
 * after the first call of a shape. Example: with W_o = I, b_o = 0 and one position, y is the
 * value projection of x (a single key gets weight 1).
 */
template <class T>
void multi_head_forward(const multi_head_attention<T>& layer, const const_tensor_view<T, 3>& x, tensor_view<T, 3> y,
                        multi_head_cache<T>& cache, const attention_mask& mask = {}) {
    detail::check_built("multi_head_forward", layer);
    detail::check_sequence("multi_head_forward", layer, "x", x);
    detail::check_sequence("multi_head_forward", layer, "y", y);
    const std::size_t B = x.shape()[0], steps = x.shape()[1], C = layer.channels, H = layer.heads;
    const std::size_t d = layer.head_size;
    if (y.shape()[0] != B || y.shape()[1] != steps)
        throw shape_error("multi_head_forward",
                          ::llmlings::detail::concat("y must be the shape of x, ", shape_str(x.shape()), ", got ",
                                                     shape_str(y.shape())));
    ensure_shape(cache.qkv, {B * steps, 3 * C});
    ensure_shape(cache.q, {B * H, steps, d});
    ensure_shape(cache.k, {B * H, steps, d});
    ensure_shape(cache.v, {B * H, steps, d});
    ensure_shape(cache.heads_out, {B * H, steps, d});
    ensure_shape(cache.merged, {B * steps, C});
    nn::dense_forward(layer.qkv, as_rows(x), as_rows(cache.qkv));
    const auto packed = view_of<3>(static_cast<const T*>(cache.qkv.data()), cache.qkv.size(), {B, steps, 3 * C});
    split_heads<T>(packed, 0, H, as_view(cache.q));
    split_heads<T>(packed, C, H, as_view(cache.k));
    split_heads<T>(packed, 2 * C, H, as_view(cache.v));
    attention_forward<T>(as_view(cache.q), as_view(cache.k), as_view(cache.v), as_view(cache.heads_out),
                         cache.attention, mask);
    merge_heads<T>(as_view(cache.heads_out), 0, view_of<3>(cache.merged.data(), cache.merged.size(), {B, steps, C}));
    nn::dense_forward(layer.proj, as_rows(cache.merged), as_rows(y));
}

/**
 * @ingroup transformer
 * @brief Multi-head self-attention backward: accumulates the four tensors' gradients in the store
 * and writes dx.
 *
 * In reverse: nn::dense_backward of the projection (d_merged), split_heads() of d_merged into the
 * heads' gradients, attention_backward() into dq, dk, dv, merge_heads() of those into the fused
 * (B·T, 3C) gradient at offsets 0, C, 2C, and nn::dense_backward of the QKV projection into dx.
 *
 * @tparam T float or double
 * @param layer the layer
 * @param cache what multi_head_forward() kept for x (its scratch is reused)
 * @param x the forward's input (B, T, C)
 * @param dy ∂L/∂y (B, T, C)
 * @param dx ∂L/∂x (B, T, C), preallocated; overwritten
 * @throws invalid_argument when the layer is not built
 * @throws shape_error when x, dy or dx is not (B, T, C) or the cache does not hold a forward of x
 *
 * Complexity: about twice the forward's flops; no allocation after the first call of a shape.
 * Example: with dy = 0, every gradient stays as it was and dx = 0.
 */
template <class T>
void multi_head_backward(const multi_head_attention<T>& layer, multi_head_cache<T>& cache,
                         const const_tensor_view<T, 3>& x, const const_tensor_view<T, 3>& dy, tensor_view<T, 3> dx) {
    detail::check_built("multi_head_backward", layer);
    detail::check_sequence("multi_head_backward", layer, "x", x);
    detail::check_sequence("multi_head_backward", layer, "dy", dy);
    detail::check_sequence("multi_head_backward", layer, "dx", dx);
    const std::size_t B = x.shape()[0], steps = x.shape()[1], C = layer.channels, H = layer.heads;
    const std::size_t d = layer.head_size;
    if (dy.shape()[0] != B || dy.shape()[1] != steps || dx.shape()[0] != B || dx.shape()[1] != steps ||
        cache.merged.shape()[0] != B * steps || cache.q.shape()[0] != B * H)
        throw shape_error(
            "multi_head_backward",
            ::llmlings::detail::concat("x ", shape_str(x.shape()), ", dy ", shape_str(dy.shape()), ", dx ",
                                       shape_str(dx.shape()), " and the cache of the forward must agree"));
    ensure_shape(cache.d_merged, {B * steps, C});
    ensure_shape(cache.d_heads, {B * H, steps, d});
    ensure_shape(cache.dq, {B * H, steps, d});
    ensure_shape(cache.dk, {B * H, steps, d});
    ensure_shape(cache.dv, {B * H, steps, d});
    ensure_shape(cache.d_qkv, {B * steps, 3 * C});
    nn::dense_backward(layer.proj, as_rows(cache.merged), as_rows(dy), as_rows(cache.d_merged));
    split_heads<T>(view_of<3>(static_cast<const T*>(cache.d_merged.data()), cache.d_merged.size(), {B, steps, C}), 0, H,
                   as_view(cache.d_heads));
    attention_backward<T>(cache.attention, as_view(cache.q), as_view(cache.k), as_view(cache.v), as_view(cache.d_heads),
                          as_view(cache.dq), as_view(cache.dk), as_view(cache.dv));
    const auto d_packed = view_of<3>(cache.d_qkv.data(), cache.d_qkv.size(), {B, steps, 3 * C});
    merge_heads<T>(as_view(cache.dq), 0, d_packed);
    merge_heads<T>(as_view(cache.dk), C, d_packed);
    merge_heads<T>(as_view(cache.dv), 2 * C, d_packed);
    nn::dense_backward(layer.qkv, as_rows(x), as_rows(cache.d_qkv), as_rows(dx));
}

}  // namespace transformer
}  // namespace llmlings

#endif  // LLMLINGS_TRANSFORMER_02_MULTI_HEAD_HPP
