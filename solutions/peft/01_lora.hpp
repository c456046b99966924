// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief peft/01 — the LoRA linear layer: a frozen dense layer plus a trainable low-rank update
 * B·A, its forward and backward passes, the α/r scaling, merge and unmerge.
 *
 * Shapes: R = rows (a batch, or the B·T rows of a (B,T,I) tensor through as_rows()), I = in
 * features, O = out features, r = the rank (1 ≤ r ≤ min(I, O)).
 *   x, dx: (R,I)   y, dy: (R,O)   W: (O,I)   b: (O)   A: (r,I)   B: (O,r)
 *
 * LoRA (Hu et al., 2021, "LoRA: Low-Rank Adaptation of Large Language Models") fine-tunes a
 * pretrained weight W₀ by learning only a low-rank change ΔW = (α/r)·B·A:
 * @f[ y = x W_0^\top + b + \frac{\alpha}{r}\, (x A^\top) B^\top @f]
 * W₀ and b stay frozen (the store's trainable flag); A and B, r·(I + O) numbers instead of I·O,
 * are all the optimizer sees. B starts at zero, so at step 0 the layer is exactly the pretrained
 * one, and A starts small and random (a zero A as well would leave both gradients zero forever).
 * linalg/06 (SVD, Eckart–Young) is why a rank-r change can be enough: the updates full
 * fine-tuning makes are close to low-rank.
 *
 * Names and initialisation are those of Hugging Face's PEFT library: the factors are registered
 * as "<name>.lora_A.weight" (r,I) and "<name>.lora_B.weight" (O,r), A ~ U(−1/√I, 1/√I) (PyTorch's
 * kaiming_uniform_ with a = √5, torch.nn.Linear's default), B = 0. Not here: dropout on the LoRA
 * branch's input (PEFT's lora_dropout, 0 by default) and rank-stabilised scaling α/√r.
 *
 * merge_lora() folds ΔW into W for inference: one product per layer, no extra latency, the same
 * outputs within float rounding. unmerge_lora() takes it out again. Training needs the unmerged
 * layer: the backward refuses a merged one.
 *
 * Guide: @ref peft_01_lora.
 */
#ifndef LLMLINGS_PEFT_01_LORA_HPP
#define LLMLINGS_PEFT_01_LORA_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/core/blas.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/nn/05_dense.hpp>

namespace llmlings {
namespace peft {

/**
 * @ingroup peft
 * @brief A dense layer with a LoRA update: the base layer's views, the two factors' views, the
 * rank, α and whether ΔW is merged into the base weight.
 *
 * Build it with make_lora() over a built nn::dense_layer of the same store, then init_lora().
 * `merged` is the state of the store's W: pass the layer by reference, so that every user of W
 * sees the same flag.
 *
 * @tparam T float or double
 */
template <class T>
struct lora_layer {
    nn::dense_layer<T> base;  ///< W₀ (O,I) and b (O): frozen for LoRA training (mark_only_lora_trainable)
    nn::dense_layer<T> a;     ///< A (r,I), "<name>.lora_A.weight", no bias
    nn::dense_layer<T> b;     ///< B (O,r), "<name>.lora_B.weight", no bias
    std::size_t rank = 0;     ///< r
    double alpha = 0.0;       ///< α: ΔW = (α/r)·B·A
    bool merged = false;      ///< whether W holds W₀ + ΔW (merge_lora) rather than W₀
};

/**
 * @ingroup peft
 * @brief What lora_forward() keeps for lora_backward(), and the backward's scratch.
 *
 * @tparam T float or double
 */
template <class T>
struct lora_cache {
    matrix_of<T> h;   ///< (α/r)·x Aᵀ (R,r): the branch's hidden rows, scaled (B's backward needs them)
    matrix_of<T> dh;  ///< scratch of the backward (R,r)
};

namespace detail {

// Given: the input checks (plumbing, not the topic).
/// Throws invalid_argument unless the layer was made by make_lora().
template <class T>
void check_lora_built(const char* function, const lora_layer<T>& layer) {
    if (layer.rank == 0 || !layer.a.weight.registered() || !layer.b.weight.registered())
        throw invalid_argument(function, "the LoRA layer is not built (make it with make_lora)");
}

/// Throws shape_error unless x has the base layer's I columns (nn/05's check, which names the weight).
template <class T, class X>
void check_lora_input(const char* function, const lora_layer<T>& layer, const X& x) {
    check_lora_built(function, layer);
    nn::detail::check_input(function, layer.base, x);
}
// End of the given code.

}  // namespace detail

/**
 * @ingroup peft
 * @brief The scaling α/r of the LoRA branch, in T.
 *
 * Why divide by r: with A's initial scale fixed, the branch's output grows with the number of
 * rank-1 terms summed; α/r keeps the size of the update about the same when r changes, so a
 * learning rate tuned at one rank works at another (the paper sets α once and does not tune it).
 *
 * @param layer a LoRA layer made by make_lora()
 * @return α/r
 * @throws invalid_argument when the layer is not built
 *
 * Complexity: O(1). Example: α = 16, r = 8 → 2.
 */
template <class T>
T lora_scaling(const lora_layer<T>& layer) {
    detail::check_lora_built("lora_scaling", layer);
    return static_cast<T>(layer.alpha / static_cast<double>(layer.rank));
}

/**
 * @ingroup peft
 * @brief Adds a rank-r LoRA update to a built dense layer: registers "<name>.lora_A.weight" (r,I)
 * and "<name>.lora_B.weight" (O,r) in `store`, both zero.
 *
 * Call init_lora() next (a zero A would never learn). The base layer's tensors are not touched;
 * mark_only_lora_trainable() freezes them.
 *
 * @param store the store the base layer lives in, not frozen yet (make the optimizer afterwards)
 * @param name the base layer's prefix, e.g. "blocks.0.attn.qkv"
 * @param base the dense layer to adapt, made by nn::make_dense
 * @param rank r, 1 ≤ r ≤ min(I, O): a rank of min(I, O) can already express any ΔW
 * @param alpha α > 0 and finite (PEFT's lora_alpha; α = r makes the scaling 1)
 * @return the LoRA layer, unmerged
 * @throws invalid_argument when the base is not built, r is 0 or above min(I, O), α is not
 *         finite and > 0, or the store refuses the names (taken, or frozen)
 *
 * Complexity: O(r·(I + O)). Example: a (48,16) base with r = 4 registers A (4,16) and B (48,4):
 * 256 numbers against the base's 768 + 48.
 */
template <class T>
lora_layer<T> make_lora(parameter_store<T>& store, const std::string& name, const nn::dense_layer<T>& base,
                        std::size_t rank, double alpha) {
    if (base.in_features == 0 || !base.weight.registered())
        throw invalid_argument("make_lora", "the base layer is not built (make it with nn::make_dense)");
    const std::size_t limit = std::min(base.in_features, base.out_features);
    if (rank == 0 || rank > limit)
        throw invalid_argument(
            "make_lora", ::llmlings::detail::concat("rank must be in 1 .. min(in, out) = ", limit, " for a (",
                                                    base.out_features, ",", base.in_features, ") layer, got ", rank));
    if (!(alpha > 0.0) || !std::isfinite(alpha))
        throw invalid_argument("make_lora", ::llmlings::detail::concat("alpha must be finite and > 0, got ", alpha));
    lora_layer<T> layer;
    layer.base = base;
    layer.a = nn::make_dense(store, name + ".lora_A", base.in_features, rank, false);
    layer.b = nn::make_dense(store, name + ".lora_B", rank, base.out_features, false);
    layer.rank = rank;
    layer.alpha = alpha;
    return layer;
}

/**
 * @ingroup peft
 * @brief PEFT's initialisation: A ~ U(−1/√I, 1/√I), B = 0, so that ΔW = 0 and the layer's output
 * is the base layer's, exactly.
 *
 * Why not both zero: ∂L/∂A = (α/r)·Bᵀ(…) and ∂L/∂B = (α/r)·(…)A are then both zero, and no step
 * ever moves them. With B = 0 only, the first step moves B (its gradient needs A ≠ 0) and A
 * follows from the second step on.
 *
 * @param layer the LoRA layer; A and B are overwritten, the base is not touched
 * @param gen the generator (r·I uniforms, in double, rounded to T)
 * @throws invalid_argument when the layer is not built, or is merged (W would keep the old ΔW)
 *
 * Complexity: O(r·(I + O)). Example: I = 16 gives A's entries in [−0.25, 0.25].
 */
template <class T>
void init_lora(lora_layer<T>& layer, rng& gen) {
    detail::check_lora_built("init_lora", layer);
    if (layer.merged) throw invalid_argument("init_lora", "the layer is merged: unmerge_lora first");
    const double bound = 1.0 / std::sqrt(static_cast<double>(layer.base.in_features));
    T* a = layer.a.weight.data();
    for (std::size_t k = 0; k < layer.a.weight.size(); ++k) a[k] = static_cast<T>(bound * (2.0 * uniform01(gen) - 1.0));
    std::fill(layer.b.weight.data(), layer.b.weight.data() + layer.b.weight.size(), T(0));
}

/**
 * @ingroup peft
 * @brief Freezes every tensor of the store except the LoRA factors (names containing ".lora_A."
 * or ".lora_B."), as PEFT's mark_only_lora_as_trainable; returns the number of trainable values.
 *
 * Make the optimizer after this call: it keeps state (Adam: two numbers per value) only for the
 * trainable tensors, which is most of LoRA's memory saving.
 *
 * @param store a store holding at least one LoRA layer
 * @return store.trainable_numel() afterwards: r·(I + O) summed over the LoRA layers
 * @throws invalid_argument when the store holds no LoRA factor
 *
 * Complexity: O(number of tensors). Example: one (48,16) base with r = 4: 256 of 1072 values.
 */
template <class T>
std::size_t mark_only_lora_trainable(parameter_store<T>& store) {
    std::vector<std::string> factors;
    for (const parameter<T>& p : store) {
        const std::string& name = p.name();
        if (name.find(".lora_A.") != std::string::npos || name.find(".lora_B.") != std::string::npos)
            factors.push_back(name);
    }
    if (factors.empty())
        throw invalid_argument(
            "mark_only_lora_trainable",
            "the store holds no LoRA factor (no name contains .lora_A. or .lora_B.); make_lora first");
    store.set_trainable("", false);  // every tensor, then the factors back on (a prefix may match more)
    for (const std::string& name : factors) store.set_trainable(name, true);
    return store.trainable_numel();
}

/**
 * @ingroup peft
 * @brief Forward pass into a preallocated output: y = x W₀ᵀ + b + (α/r)·(x Aᵀ) Bᵀ.
 *
 * Three products, none of them (O,I) beyond the base's: x Aᵀ (R,r), then (R,r)·(r,O) added into
 * y. The branch never forms ΔW. Merged (merge_lora), the base layer alone: W already holds
 * W₀ + ΔW.
 *
 * @param layer the LoRA layer
 * @param x input (R,I)
 * @param y output (R,O), preallocated; overwritten
 * @param cache filled: h = (α/r)·x Aᵀ (R,r), sized on first use (unused when merged)
 * @throws invalid_argument when the layer is not built
 * @throws shape_error when x does not have I columns or y is not (R,O)
 *
 * Complexity: 2·R·O·I + 2·R·r·(I + O) flops; no allocation after the cache's first use. Example:
 * W₀ = 0, b = 0, A = (1, 1), B = (2), α = r = 1, x = (3, 4) → h = 7, y = 14.
 */
template <class T>
void lora_forward(const lora_layer<T>& layer, const const_matrix_view<T>& x, matrix_view<T> y, lora_cache<T>& cache) {
    detail::check_lora_input("lora_forward", layer, x);
    const std::size_t rows = x.shape()[0], in = layer.base.in_features, out = layer.base.out_features;
    const std::size_t r = layer.rank;
    nn::detail::check_matrix("lora_forward", "y", y, rows, out);
    nn::dense_forward(layer.base, x, y);  // y = x W₀ᵀ + b (W₀ + ΔW when merged)
    if (layer.merged) return;
    ensure_shape(cache.h, {rows, r});
    // h = (α/r)·x Aᵀ   (R,I)·(I,r): the scaling on the narrow rows, r numbers per row
    ::llmlings::detail::gemm(false, true, rows, r, in, lora_scaling(layer), x.data(), in,
                             static_cast<const T*>(layer.a.weight.data()), in, T(0), cache.h.data(), r);
    // y += h Bᵀ   (R,r)·(r,O), beta = 1
    ::llmlings::detail::gemm(false, true, rows, out, r, T(1), static_cast<const T*>(cache.h.data()), r,
                             static_cast<const T*>(layer.b.weight.data()), r, T(1), y.data(), out);
}

/**
 * @ingroup peft
 * @brief Backward pass: accumulates ∂L/∂A and ∂L/∂B (and ∂L/∂W₀, ∂L/∂b when they are trainable)
 * and writes ∂L/∂x.
 *
 * With s = α/r, h = s·x Aᵀ and y = x W₀ᵀ + b + h Bᵀ:
 * @f[ dB \mathrel{+}= dy^\top h, \qquad dh = s\,(dy\, B), \qquad dA \mathrel{+}= dh^\top x,
 *     \qquad dx = dy\, W_0 + dh\, A @f]
 * and, only when the base's tensors are trainable, dW₀ += dyᵀ x and db += Σ dy. A frozen W₀'s
 * gradient is not computed at all: that skips the largest product of the backward (2·R·O·I
 * flops), LoRA's saving in compute.
 *
 * @param layer the LoRA layer, not merged; gradients are added to (`+=`)
 * @param cache what lora_forward() kept for this x; its dh is scratch
 * @param x the input the forward saw (R,I)
 * @param dy ∂L/∂y (R,O)
 * @param dx ∂L/∂x (R,I), preallocated; overwritten. An empty view (`empty_view<T>()`) skips it
 * @throws invalid_argument when the layer is not built or is merged (unmerge it to train)
 * @throws shape_error when x does not have I columns, dy is not (R,O), dx is not (R,I), or the
 *         cache does not hold (R,r) rows (run lora_forward first)
 *
 * Complexity: 4·R·r·(I + O) flops, plus 2·R·O·I for dx and 2·R·O·I for a trainable W₀; no
 * allocation after the scratch's first use. Example: the forward's example with dy = 1:
 * dB += 7, dh = 2, dA += (6, 8), dx = (2, 2).
 */
template <class T>
void lora_backward(const lora_layer<T>& layer, lora_cache<T>& cache, const const_matrix_view<T>& x,
                   const const_matrix_view<T>& dy, matrix_view<T> dx) {
    detail::check_lora_input("lora_backward", layer, x);
    if (layer.merged) throw invalid_argument("lora_backward", "the layer is merged: unmerge_lora before training it");
    const std::size_t rows = x.shape()[0], in = layer.base.in_features, out = layer.base.out_features;
    const std::size_t r = layer.rank;
    nn::detail::check_matrix("lora_backward", "dy", dy, rows, out);
    const bool wants_dx = dx.size() != 0 || rows == 0;
    if (wants_dx) nn::detail::check_matrix("lora_backward", "dx", dx, rows, in);
    nn::detail::check_matrix("lora_backward", "cache.h", cache.h, rows, r);
    ensure_shape(cache.dh, {rows, r});
    if (rows == 0) return;
    const T* dyp = dy.data();
    const T* xp = x.data();
    // 1. dB += dyᵀ h   (O,R)·(R,r)
    ::llmlings::detail::gemm(true, false, out, r, rows, T(1), dyp, out, static_cast<const T*>(cache.h.data()), r, T(1),
                             layer.b.weight.grad_data(), r);
    // 2. dh = s·(dy B)   (R,O)·(O,r)
    ::llmlings::detail::gemm(false, false, rows, r, out, lora_scaling(layer), dyp, out,
                             static_cast<const T*>(layer.b.weight.data()), r, T(0), cache.dh.data(), r);
    // 3. dA += dhᵀ x   (r,R)·(R,I)
    ::llmlings::detail::gemm(true, false, r, in, rows, T(1), static_cast<const T*>(cache.dh.data()), r, xp, in, T(1),
                             layer.a.weight.grad_data(), in);
    // 4. the frozen base's gradients are skipped; a trainable base (full fine-tuning) gets them
    if (layer.base.weight.trainable())
        ::llmlings::detail::gemm(true, false, out, in, rows, T(1), dyp, out, xp, in, T(1),
                                 layer.base.weight.grad_data(), in);
    if (layer.base.bias.registered() && layer.base.bias.trainable()) {
        T* db = layer.base.bias.grad_data();
        for (std::size_t i = 0; i < rows; ++i)
            for (std::size_t o = 0; o < out; ++o) db[o] += dyp[i * out + o];
    }
    if (!wants_dx) return;
    // 5. dx = dy W₀ + dh A   (R,O)·(O,I), then (R,r)·(r,I) with beta = 1
    ::llmlings::detail::gemm(false, false, rows, in, out, T(1), dyp, out,
                             static_cast<const T*>(layer.base.weight.data()), in, T(0), dx.data(), in);
    ::llmlings::detail::gemm(false, false, rows, in, r, T(1), static_cast<const T*>(cache.dh.data()), r,
                             static_cast<const T*>(layer.a.weight.data()), in, T(1), dx.data(), in);
}

namespace detail {

/// W += sign·(α/r)·B·A, the one product merge and unmerge share.
template <class T>
void add_lora_delta(lora_layer<T>& layer, T sign) {
    const std::size_t in = layer.base.in_features, out = layer.base.out_features;
    ::llmlings::detail::gemm(false, false, out, in, layer.rank, sign * lora_scaling(layer),
                             static_cast<const T*>(layer.b.weight.data()), layer.rank,
                             static_cast<const T*>(layer.a.weight.data()), in, T(1), layer.base.weight.data(), in);
}

}  // namespace detail

/**
 * @ingroup peft
 * @brief Folds the update into the base weight, W ← W₀ + (α/r)·B·A, for inference at the base
 * layer's cost; a second call does nothing.
 *
 * After merging, lora_forward() is one dense layer and gives the unmerged outputs within float
 * rounding (the sums run in another order). A merged layer cannot be trained: unmerge first.
 *
 * @param layer the LoRA layer; its base weight is changed in place
 * @return true when it merged, false when the layer was already merged (W is left alone: adding
 *         ΔW twice would corrupt it)
 * @throws invalid_argument when the layer is not built
 *
 * Complexity: 2·O·r·I flops. Example: W₀ = 0, A = (1, 1), B = (2), α = r = 1 → W = (2, 2).
 */
template <class T>
bool merge_lora(lora_layer<T>& layer) {
    detail::check_lora_built("merge_lora", layer);
    if (layer.merged) return false;
    detail::add_lora_delta(layer, T(1));
    layer.merged = true;
    return true;
}

/**
 * @ingroup peft
 * @brief Takes the update out of the base weight again, W ← W − (α/r)·B·A; a call on an unmerged
 * layer does nothing.
 *
 * W comes back to W₀ within float rounding, not bit for bit (W₀ + ΔW − ΔW rounds twice). A
 * deployment that switches adapters keeps W₀ and merges from it rather than unmerging repeatedly.
 *
 * @param layer the LoRA layer; its base weight is changed in place
 * @return true when it unmerged, false when the layer was not merged
 * @throws invalid_argument when the layer is not built
 *
 * Complexity: 2·O·r·I flops. Example: merge_lora then unmerge_lora leaves W = W₀ to rounding.
 */
template <class T>
bool unmerge_lora(lora_layer<T>& layer) {
    detail::check_lora_built("unmerge_lora", layer);
    if (!layer.merged) return false;
    detail::add_lora_delta(layer, T(-1));
    layer.merged = false;
    return true;
}

}  // namespace peft
}  // namespace llmlings

#endif  // LLMLINGS_PEFT_01_LORA_HPP
