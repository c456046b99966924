// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief transformer/04 — layer norm (forward and backward), RMSNorm, GPT-2's GELU MLP and the
 * residual connection: the parts of a transformer block around attention.
 *
 * Every layer here works on rows: R rows of C channels, R = B·T for a (B,T,C) batch of sequences
 * seen through as_rows(), without a copy. H is the MLP's hidden size (4C in GPT-2).
 *   x, y, dx, dy: (R, C)   layer/RMS norm weight, bias: (C)   cache.mean, rstd, rrms: (R)
 *   mlp: fc.weight (H, C), fc.bias (H), proj.weight (C, H), proj.bias (C); cache.pre, act: (R, H)
 *
 * A pre-LN GPT-2 block (transformer/05) is, row by row,
 * @f[ h = x + \operatorname{attn}(\operatorname{LN}_1(x)), \qquad
 *     y = h + \operatorname{MLP}(\operatorname{LN}_2(h)) @f]
 * - **Layer norm** (Ba et al. 2016) normalises each row to mean 0 and variance 1, then scales and
 *   shifts it by learned per-channel γ (weight) and β (bias):
 *   @f[ \mu = \frac1C\sum_c x_c,\quad \sigma^2 = \frac1C\sum_c (x_c-\mu)^2,\quad
 *       \hat x_c = \frac{x_c-\mu}{\sqrt{\sigma^2+\varepsilon}},\quad y_c = \gamma_c \hat x_c + \beta_c @f]
 *   (the biased variance, as torch.nn.LayerNorm). Its backward, with g = dy ⊙ γ and r = 1/√(σ²+ε):
 *   @f[ dx = r\big(g - \operatorname{mean}(g) - \hat x\,\operatorname{mean}(g \odot \hat x)\big),\quad
 *       d\gamma \mathrel{+}= \textstyle\sum_\text{rows} dy \odot \hat x,\quad d\beta \mathrel{+}= \sum_\text{rows} dy @f]
 * - **RMSNorm** (Zhang & Sennrich 2019, LLaMA's norm) only rescales: y = x / √(mean(x²) + ε) ⊙ γ,
 *   with the backward dx = r(g − x̂·mean(g ⊙ x̂)), x̂ = x r.
 * - **The MLP** of GPT-2: y = GELU_tanh(x W_fcᵀ + b_fc) W_projᵀ + b_proj, two nn/05 dense
 *   layers around nn/02's tanh-approximated GELU (PyTorch's approximate="tanh").
 * - **The residual** y = x + f(x): its backward sends dy to x twice, straight through the
 *   junction and through the branch, so dx = dy + (the branch's dx): add_into().
 *
 * Conventions (docs/authoring.md, "Models"): the parameters live in a parameter_store, registered
 * by make_layer_norm(), make_rms_norm() and make_mlp() under PyTorch's names; the forward passes
 * write preallocated outputs and fill a cache that the caller owns, sized on first use with
 * ensure_shape (a second call of the same shapes allocates nothing); the backward passes
 * *accumulate* (+=) the parameters' gradients and *write* dx. One implementation for float
 * (training) and double (gradient checks): everything is a template over T.
 *
 * Given in the exercise (plumbing, not the topic): the input checks in `detail`. The MLP's
 * products are nn/05's dense_forward and dense_backward, its activation nn/02's gelu_tanh.
 *
 * References: Ba, Kiros & Hinton (2016), "Layer normalization"; Zhang & Sennrich (2019), "Root
 * mean square layer normalization"; Hendrycks & Gimpel (2016), "Gaussian error linear units";
 * He et al. (2016), "Deep residual learning"; Radford et al. (2019), GPT-2; Karpathy's llm.c
 * (layernorm_forward, layernorm_backward: the same compact backward).
 *
 * Guide: @ref transformer_04_norms (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_TRANSFORMER_04_NORMS_HPP
#define LLMLINGS_TRANSFORMER_04_NORMS_HPP

#include <cmath>
#include <cstddef>
#include <string>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/core/simd.hpp>
#include <llmlings/nn/02_activations.hpp>
#include <llmlings/nn/05_dense.hpp>

namespace llmlings {
namespace transformer {

/**
 * @ingroup transformer
 * @brief Layer normalisation over the last axis (torch.nn.LayerNorm(C)): views of the gain γ and
 * the shift β in a parameter_store, the size and ε.
 *
 * Build it with make_layer_norm(). γ and β have rank 1, so the store's automatic rule leaves them
 * out of weight decay (GPT-2's and nanoGPT's rule: decaying a gain towards 0 fights the norm).
 *
 * @tparam T float or double
 */
template <class T>
struct layer_norm {
    parameter<T> weight;       ///< γ (C), "<name>.weight": 1 at first
    parameter<T> bias;         ///< β (C), "<name>.bias": 0 at first
    std::size_t channels = 0;  ///< C
    double eps = 1e-5;         ///< added to the variance under the square root; finite and > 0
};

/**
 * @ingroup transformer
 * @brief What layer_norm_forward() keeps for layer_norm_backward(): each row's mean and 1/σ.
 *
 * x̂ is not kept: the backward recomputes it from x, μ and r (llm.c's choice: 2R numbers instead
 * of R·C).
 *
 * @tparam T float or double
 */
template <class T>
struct layer_norm_cache {
    vector_of<T> mean;  ///< μ of each row (R)
    vector_of<T> rstd;  ///< r = 1/√(σ² + ε) of each row (R)
};

/**
 * @ingroup transformer
 * @brief RMS normalisation over the last axis (Zhang & Sennrich 2019; LLaMA): a view of the gain
 * γ in a parameter_store, the size and ε. No bias, no centring.
 *
 * @tparam T float or double
 */
template <class T>
struct rms_norm {
    parameter<T> weight;       ///< γ (C), "<name>.weight": 1 at first
    std::size_t channels = 0;  ///< C
    double eps = 1e-6;         ///< added to the mean square under the square root; finite and > 0
};

/**
 * @ingroup transformer
 * @brief What rms_norm_forward() keeps for rms_norm_backward(): each row's 1/rms.
 *
 * @tparam T float or double
 */
template <class T>
struct rms_norm_cache {
    vector_of<T> rrms;  ///< r = 1/√(mean(x²) + ε) of each row (R)
};

/**
 * @ingroup transformer
 * @brief GPT-2's position-wise MLP: a dense layer C → H, GELU (tanh form), a dense layer H → C.
 *
 * @tparam T float or double
 */
template <class T>
struct mlp {
    nn::dense_layer<T> fc;    ///< "<name>.fc": weight (H, C), bias (H); GPT-2's c_fc
    nn::dense_layer<T> proj;  ///< "<name>.proj": weight (C, H), bias (C); GPT-2's c_proj
};

/**
 * @ingroup transformer
 * @brief What mlp_forward() keeps for mlp_backward(), and the backward's scratch.
 *
 * @tparam T float or double
 */
template <class T>
struct mlp_cache {
    matrix_of<T> pre;       ///< x W_fcᵀ + b_fc (R, H), the GELU's input (its derivative is taken there)
    matrix_of<T> act;       ///< GELU_tanh(pre) (R, H), the input of proj (its weight gradient needs it)
    matrix_of<T> d_hidden;  ///< scratch of the backward (R, H): dL/d act, then dL/d pre
};

namespace detail {

// Given: the input checks (plumbing, not the topic).
/// Throws shape_error unless m is (rows, cols); `what` names it in the message.
template <class M>
void check_rows(const char* function, const char* what, const M& m, std::size_t rows, std::size_t cols) {
    if (m.shape()[0] != rows || m.shape()[1] != cols)
        throw shape_error(
            function, ::llmlings::detail::concat(what, " must be (", rows, ",", cols, "), got ", shape_str(m.shape())));
}

/// Throws invalid_argument unless the norm is built (`maker` names its make_ function) and its eps
/// is finite and > 0; shape_error unless x has its C channels.
template <class X>
void check_norm_input(const char* function, const char* maker, bool built, std::size_t channels, double eps,
                      const X& x) {
    if (!built || channels == 0)
        throw invalid_argument(function,
                               ::llmlings::detail::concat("the layer is not built (make it with ", maker, ")"));
    if (!(eps > 0.0) || !std::isfinite(eps))
        throw invalid_argument(function, ::llmlings::detail::concat("eps must be finite and > 0, got ", eps));
    if (x.shape()[1] != channels)
        throw shape_error(function, ::llmlings::detail::concat("input has ", x.shape()[1], " channels, the layer has ",
                                                               channels, " (x ", shape_str(x.shape()), ")"));
}

/// Throws invalid_argument unless `eps` is finite and > 0 and `channels` ≥ 1 (the make_ functions).
inline void check_norm_sizes(const char* function, std::size_t channels, double eps) {
    if (channels == 0) throw invalid_argument(function, "channels must be >= 1, got 0");
    if (!(eps > 0.0) || !std::isfinite(eps))
        throw invalid_argument(function, ::llmlings::detail::concat("eps must be finite and > 0, got ", eps));
}

/// Throws shape_error unless the cached vector has one entry per row (`forward` names the pass
/// that fills it).
template <class V>
void check_cached_rows(const char* function, const char* what, const V& cached, std::size_t rows, const char* forward) {
    if (cached.size() != rows)
        throw shape_error(function, ::llmlings::detail::concat(what, " must have ", rows, " entries, got ",
                                                               cached.size(), " (run ", forward, " first)"));
}

/// Throws invalid_argument unless the MLP is built, and shape_error unless x has its C channels.
template <class T, class X>
void check_mlp_input(const char* function, const mlp<T>& layer, const X& x) {
    if (layer.fc.in_features == 0 || layer.proj.in_features == 0 || !layer.fc.weight.registered())
        throw invalid_argument(function, "the layer is not built (make it with make_mlp)");
    if (x.shape()[1] != layer.fc.in_features)
        throw shape_error(function,
                          ::llmlings::detail::concat("input has ", x.shape()[1], " channels, the MLP has ",
                                                     layer.fc.in_features, " (x ", shape_str(x.shape()), ")"));
}

/// Throws shape_error unless x, fx and y have one shape (residual_add).
template <class A, class B, class Y>
void check_residual_shapes(const char* function, const A& x, const B& fx, const Y& y) {
    if (x.shape() != fx.shape() || x.shape() != y.shape())
        throw shape_error(
            function, ::llmlings::detail::concat("x ", shape_str(x.shape()), ", fx ", shape_str(fx.shape()), " and y ",
                                                 shape_str(y.shape()), " must have the same shape"));
}

/// Throws shape_error unless a and b have one shape (add_into).
template <class A, class B>
void check_same_shape(const char* function, const A& a, const B& b) {
    if (a.shape() != b.shape())
        throw shape_error(function, ::llmlings::detail::concat("a ", shape_str(a.shape()), " and b ",
                                                               shape_str(b.shape()), " must have the same shape"));
}
// End of the given code.

}  // namespace detail

/**
 * @ingroup transformer
 * @brief A layer norm over C channels, registered in `store` as "<name>.weight" (γ, all 1) and
 * "<name>.bias" (β, all 0): at first it only normalises.
 *
 * @tparam T float or double
 * @param store where γ and β live
 * @param name the layer's prefix, e.g. "ln_f" or "blocks.0.ln_1"
 * @param channels C ≥ 1, the length of a row
 * @param eps added to the variance, finite and > 0 (PyTorch's default 1e-5)
 * @return the layer
 * @throws invalid_argument when C is 0, eps is not finite and > 0 (NaN included:
 *         `make_layer_norm: eps must be finite and > 0, got nan`), or the store refuses the names
 *         (taken, or frozen)
 *
 * Complexity: O(C). Example: `make_layer_norm(store, "ln", 3)` registers ln.weight (1, 1, 1) and
 * ln.bias (0, 0, 0), neither in the weight-decay group.
 */
template <class T>
layer_norm<T> make_layer_norm(parameter_store<T>& store, const std::string& name, std::size_t channels,
                              double eps = 1e-5) {
    detail::check_norm_sizes("make_layer_norm", channels, eps);
    layer_norm<T> layer;
    layer.weight = store.add(name + ".weight", {channels});
    layer.bias = store.add(name + ".bias", {channels});
    T* gamma = layer.weight.data();
    for (std::size_t c = 0; c < channels; ++c) gamma[c] = T(1);
    layer.channels = channels;
    layer.eps = eps;
    return layer;
}

/**
 * @ingroup transformer
 * @brief Layer norm of each row into a preallocated output; keeps μ and r = 1/σ in `cache`.
 *
 * @f[ \mu = \frac1C\sum_c x_c,\qquad \sigma^2 = \frac1C\sum_c (x_c-\mu)^2,\qquad
 *     y_c = \gamma_c\,(x_c-\mu)\,r + \beta_c,\quad r = \frac{1}{\sqrt{\sigma^2+\varepsilon}} @f]
 * The biased variance (divided by C, not C − 1), as PyTorch's. Two passes over each row: the
 * mean, then the squared deviations from it. The one-pass E[x²] − μ² cancels catastrophically
 * when |μ| ≫ σ: for a float row of mean 10⁴ and spread 1, E[x²] ≈ 10⁸ has a rounding step of 8,
 * and the variance of 1 is lost entirely.
 *
 * NaN in, NaN out: a NaN in a row makes that row of y NaN; the other rows are unaffected.
 *
 * @tparam T float or double
 * @param layer the layer
 * @param x the input (R, C), e.g. as_rows() of a (B,T,C) batch
 * @param y the output (R, C), preallocated; overwritten
 * @param cache filled: mean and rstd (R); sized on first use
 * @throws invalid_argument when the layer is not built or its eps is not finite and > 0
 * @throws shape_error when x does not have C columns (`layer_norm_forward: input has 4 channels,
 *         the layer has 5 (x (3,4))`) or y is not (R, C) (`layer_norm_forward: y must be (3,5),
 *         got (3,4)`)
 *
 * Complexity: O(R·C), R square roots; no allocation after the cache's first use. Example: the row
 * (1, 2, 3, 4) with γ = 1, β = 0: μ = 2.5, σ² = 1.25, y ≈ (−1.342, −0.447, 0.447, 1.342).
 */
template <class T>
void layer_norm_forward(const layer_norm<T>& layer, const const_matrix_view<T>& x, matrix_view<T> y,
                        layer_norm_cache<T>& cache) {
    detail::check_norm_input("layer_norm_forward", "make_layer_norm", layer.weight.registered(), layer.channels,
                             layer.eps, x);
    const std::size_t rows = x.shape()[0], C = layer.channels;
    detail::check_rows("layer_norm_forward", "y", y, rows, C);
    ensure_shape(cache.mean, {rows});
    ensure_shape(cache.rstd, {rows});
    const T n = static_cast<T>(C);
    const T eps = static_cast<T>(layer.eps);
    const T* gamma = layer.weight.data();
    const T* beta = layer.bias.data();
    for (std::size_t r = 0; r < rows; ++r) {
        const T* in = x.data() + r * C;
        T* out = y.data() + r * C;
        // 1. the mean; 2. the biased variance, from the deviations (two passes, no E[x²] − μ²)
        T sum = 0;
        for (std::size_t c = 0; c < C; ++c) sum += in[c];
        const T mu = sum / n;
        T squares = 0;
        for (std::size_t c = 0; c < C; ++c) squares += (in[c] - mu) * (in[c] - mu);
        const T rstd = T(1) / std::sqrt(squares / n + eps);
        // 3. normalise, scale and shift
        for (std::size_t c = 0; c < C; ++c) out[c] = (in[c] - mu) * rstd * gamma[c] + beta[c];
        cache.mean(r) = mu;
        cache.rstd(r) = rstd;
    }
}

/**
 * @ingroup transformer
 * @brief Backward of layer_norm_forward(): accumulates dγ and dβ into the store and writes dx.
 *
 * With x̂ = (x − μ) r recomputed from the cache and g = dy ⊙ γ, for each row:
 * @f[ dx = r\Big(g - \frac1C\sum_c g_c - \hat x\,\frac1C\sum_c g_c\hat x_c\Big),\qquad
 *     d\gamma \mathrel{+}= dy \odot \hat x,\qquad d\beta \mathrel{+}= dy @f]
 * (summed over the rows). The two subtracted terms are the gradient flowing through μ and
 * through σ: y does not change when a row is shifted or scaled, so dx is orthogonal to the
 * directions (1, …, 1) and x̂: Σ dx = 0 and Σ dx x̂ = 0 in every row. Beware that with dy all
 * ones and γ = 1 both terms cancel g exactly: such a test cannot tell a right backward from one
 * that drops a term.
 *
 * @tparam T float or double
 * @param layer the layer; the gradients of its weight and bias are added to (`+=`)
 * @param cache what layer_norm_forward() kept for this x
 * @param x the input the forward saw (R, C)
 * @param dy ∂L/∂y (R, C)
 * @param dx ∂L/∂x (R, C), preallocated; overwritten
 * @throws invalid_argument when the layer is not built or its eps is not finite and > 0
 * @throws shape_error when x does not have C columns, dy or dx is not (R, C), or the cache does
 *         not hold R rows (`layer_norm_backward: cache.mean must have 3 entries, got 0 (run
 *         layer_norm_forward first)`)
 *
 * Complexity: O(R·C); no allocation. Example: the row (1, 2, 3, 4), γ = 1, dy = (1, 0, 0, 0):
 * dx = r·(0.3, −0.4, −0.1, 0.2) (ε aside), r = 1/√1.25; dγ += (−1.342, 0, 0, 0), dβ += (1, 0, 0, 0).
 */
template <class T>
void layer_norm_backward(const layer_norm<T>& layer, const layer_norm_cache<T>& cache, const const_matrix_view<T>& x,
                         const const_matrix_view<T>& dy, matrix_view<T> dx) {
    detail::check_norm_input("layer_norm_backward", "make_layer_norm", layer.weight.registered(), layer.channels,
                             layer.eps, x);
    const std::size_t rows = x.shape()[0], C = layer.channels;
    detail::check_rows("layer_norm_backward", "dy", dy, rows, C);
    detail::check_rows("layer_norm_backward", "dx", dx, rows, C);
    detail::check_cached_rows("layer_norm_backward", "cache.mean", cache.mean, rows, "layer_norm_forward");
    detail::check_cached_rows("layer_norm_backward", "cache.rstd", cache.rstd, rows, "layer_norm_forward");
    const T n = static_cast<T>(C);
    const T* gamma = layer.weight.data();
    T* d_gamma = layer.weight.grad_data();
    T* d_beta = layer.bias.grad_data();
    for (std::size_t r = 0; r < rows; ++r) {
        const T* in = x.data() + r * C;
        const T* up = dy.data() + r * C;
        T* out = dx.data() + r * C;
        const T mu = cache.mean(r), rstd = cache.rstd(r);
        // 1. the row's two means: of g = dy·γ, and of g·x̂
        T mean_g = 0, mean_g_xhat = 0;
        for (std::size_t c = 0; c < C; ++c) {
            const T g = up[c] * gamma[c];
            mean_g += g;
            mean_g_xhat += g * (in[c] - mu) * rstd;
        }
        mean_g /= n;
        mean_g_xhat /= n;
        // 2. the parameters' gradients (accumulated) and the row of dx (written)
        for (std::size_t c = 0; c < C; ++c) {
            const T x_hat = (in[c] - mu) * rstd;
            d_gamma[c] += up[c] * x_hat;
            d_beta[c] += up[c];
            out[c] = rstd * (up[c] * gamma[c] - mean_g - x_hat * mean_g_xhat);
        }
    }
}

/**
 * @ingroup transformer
 * @brief An RMS norm over C channels, registered in `store` as "<name>.weight" (γ, all 1).
 *
 * @tparam T float or double
 * @param store where γ lives
 * @param name the layer's prefix, e.g. "layers.0.attention_norm"
 * @param channels C ≥ 1
 * @param eps added to the mean square, finite and > 0 (LLaMA's default 1e-6)
 * @return the layer
 * @throws invalid_argument when C is 0, eps is not finite and > 0, or the store refuses the name
 *
 * Complexity: O(C). Example: `make_rms_norm(store, "norm", 3)` registers norm.weight (1, 1, 1).
 */
template <class T>
rms_norm<T> make_rms_norm(parameter_store<T>& store, const std::string& name, std::size_t channels, double eps = 1e-6) {
    detail::check_norm_sizes("make_rms_norm", channels, eps);
    rms_norm<T> layer;
    layer.weight = store.add(name + ".weight", {channels});
    T* gamma = layer.weight.data();
    for (std::size_t c = 0; c < channels; ++c) gamma[c] = T(1);
    layer.channels = channels;
    layer.eps = eps;
    return layer;
}

/**
 * @ingroup transformer
 * @brief RMS norm of each row into a preallocated output; keeps r = 1/rms in `cache`.
 *
 * @f[ r = \frac{1}{\sqrt{\frac1C\sum_c x_c^2 + \varepsilon}},\qquad y_c = \gamma_c\, x_c\, r @f]
 * No mean is subtracted: a row scaled by a > 0 gives the same y, a shifted row does not.
 * NaN in, NaN out, row by row.
 *
 * @tparam T float or double
 * @param layer the layer
 * @param x the input (R, C)
 * @param y the output (R, C), preallocated; overwritten
 * @param cache filled: rrms (R); sized on first use
 * @throws invalid_argument when the layer is not built or its eps is not finite and > 0
 * @throws shape_error when x does not have C columns or y is not (R, C)
 *
 * Complexity: O(R·C), R square roots; no allocation after the cache's first use. Example: the row
 * (1, 2, 3, 4): mean(x²) = 7.5, y = x/√7.5 ≈ (0.365, 0.730, 1.095, 1.461).
 */
template <class T>
void rms_norm_forward(const rms_norm<T>& layer, const const_matrix_view<T>& x, matrix_view<T> y,
                      rms_norm_cache<T>& cache) {
    detail::check_norm_input("rms_norm_forward", "make_rms_norm", layer.weight.registered(), layer.channels, layer.eps,
                             x);
    const std::size_t rows = x.shape()[0], C = layer.channels;
    detail::check_rows("rms_norm_forward", "y", y, rows, C);
    ensure_shape(cache.rrms, {rows});
    const T n = static_cast<T>(C);
    const T eps = static_cast<T>(layer.eps);
    const T* gamma = layer.weight.data();
    for (std::size_t r = 0; r < rows; ++r) {
        const T* in = x.data() + r * C;
        T* out = y.data() + r * C;
        T squares = 0;
        for (std::size_t c = 0; c < C; ++c) squares += in[c] * in[c];
        const T rrms = T(1) / std::sqrt(squares / n + eps);
        for (std::size_t c = 0; c < C; ++c) out[c] = in[c] * rrms * gamma[c];
        cache.rrms(r) = rrms;
    }
}

/**
 * @ingroup transformer
 * @brief Backward of rms_norm_forward(): accumulates dγ into the store and writes dx.
 *
 * With x̂ = x r and g = dy ⊙ γ: ∂r/∂x_j = −r³ x_j / C, so for each row
 * @f[ dx = r\Big(g - \hat x\,\frac1C\sum_c g_c \hat x_c\Big),\qquad d\gamma \mathrel{+}= dy \odot \hat x @f]
 * layer norm's formula without the mean term (nothing was centred). Σ dx x̂ = 0 in every row
 * (up to ε): y does not change when a row is scaled.
 *
 * @tparam T float or double
 * @param layer the layer; the gradient of its weight is added to (`+=`)
 * @param cache what rms_norm_forward() kept for this x
 * @param x the input the forward saw (R, C)
 * @param dy ∂L/∂y (R, C)
 * @param dx ∂L/∂x (R, C), preallocated; overwritten
 * @throws invalid_argument when the layer is not built or its eps is not finite and > 0
 * @throws shape_error when x does not have C columns, dy or dx is not (R, C), or the cache does
 *         not hold R rows (`rms_norm_backward: cache.rrms must have 3 entries, got 0 (run
 *         rms_norm_forward first)`)
 *
 * Complexity: O(R·C); no allocation. Example: the row (1, 2, 3, 4), γ = 1, dy = (1, 0, 0, 0):
 * r = 1/√7.5, dx = r·(29, −2, −3, −4)/30 (ε aside), dγ += (r, 0, 0, 0).
 */
template <class T>
void rms_norm_backward(const rms_norm<T>& layer, const rms_norm_cache<T>& cache, const const_matrix_view<T>& x,
                       const const_matrix_view<T>& dy, matrix_view<T> dx) {
    detail::check_norm_input("rms_norm_backward", "make_rms_norm", layer.weight.registered(), layer.channels, layer.eps,
                             x);
    const std::size_t rows = x.shape()[0], C = layer.channels;
    detail::check_rows("rms_norm_backward", "dy", dy, rows, C);
    detail::check_rows("rms_norm_backward", "dx", dx, rows, C);
    detail::check_cached_rows("rms_norm_backward", "cache.rrms", cache.rrms, rows, "rms_norm_forward");
    const T n = static_cast<T>(C);
    const T* gamma = layer.weight.data();
    T* d_gamma = layer.weight.grad_data();
    for (std::size_t r = 0; r < rows; ++r) {
        const T* in = x.data() + r * C;
        const T* up = dy.data() + r * C;
        T* out = dx.data() + r * C;
        const T rrms = cache.rrms(r);
        T mean_g_xhat = 0;
        for (std::size_t c = 0; c < C; ++c) mean_g_xhat += up[c] * gamma[c] * in[c] * rrms;
        mean_g_xhat /= n;
        for (std::size_t c = 0; c < C; ++c) {
            const T x_hat = in[c] * rrms;
            d_gamma[c] += up[c] * x_hat;
            out[c] = rrms * (up[c] * gamma[c] - x_hat * mean_g_xhat);
        }
    }
}

/**
 * @ingroup transformer
 * @brief GPT-2's MLP for C channels and H hidden units, registered in `store` as
 * "<name>.fc.weight" (H, C), "<name>.fc.bias" (H), "<name>.proj.weight" (C, H) and
 * "<name>.proj.bias" (C), every value 0 (nn::make_dense: the model initialises them).
 *
 * @tparam T float or double
 * @param store where the parameters live
 * @param name the layer's prefix, e.g. "blocks.0.mlp"
 * @param channels C ≥ 1
 * @param hidden H ≥ 1 (GPT-2: 4C)
 * @return the layer
 * @throws invalid_argument when C or H is 0 (`make_mlp: channels and hidden must be >= 1, got 4
 *         and 0`), or the store refuses the names
 *
 * Complexity: O(C·H). Example: `make_mlp(store, "mlp", 768, 3072)` registers 4 722 432
 * parameters, as one GPT-2 small block's MLP.
 */
template <class T>
mlp<T> make_mlp(parameter_store<T>& store, const std::string& name, std::size_t channels, std::size_t hidden) {
    if (channels == 0 || hidden == 0)
        throw invalid_argument("make_mlp", ::llmlings::detail::concat("channels and hidden must be >= 1, got ",
                                                                      channels, " and ", hidden));
    mlp<T> layer;
    layer.fc = nn::make_dense(store, name + ".fc", channels, hidden);
    layer.proj = nn::make_dense(store, name + ".proj", hidden, channels);
    return layer;
}

/**
 * @ingroup transformer
 * @brief The MLP's forward into a preallocated output; keeps the hidden layer in `cache`.
 *
 * @f[ \text{pre} = x W_\text{fc}^\top + b_\text{fc},\qquad \text{act} = \operatorname{GELU}_{\tanh}(\text{pre}),
 *     \qquad y = \text{act}\, W_\text{proj}^\top + b_\text{proj} @f]
 * with GELU_tanh(u) = ½u(1 + tanh(√(2/π)(u + 0.044715u³))), GPT-2's (and PyTorch's
 * approximate="tanh"); the erf form differs by up to 5e-4. Two nn::dense_forward calls (BLAS)
 * and one loop.
 *
 * @tparam T float or double
 * @param layer the MLP
 * @param x the input (R, C)
 * @param y the output (R, C), preallocated; overwritten
 * @param cache filled: pre and act (R, H); sized on first use
 * @throws invalid_argument when the MLP is not built
 * @throws shape_error when x does not have C columns (`mlp_forward: input has 3 channels, the MLP
 *         has 4 (x (2,3))`) or y is not (R, C)
 *
 * Complexity: 4·R·C·H flops, R·H tanh; no allocation after the cache's first use. Example: C = 1,
 * H = 2, W_fc = (1, −1)ᵀ, b_fc = 0, W_proj = (1, 1), b_proj = 0.5, x = 1: pre = (1, −1),
 * act = (0.8412, −0.1588), y = 1.1824.
 */
template <class T>
void mlp_forward(const mlp<T>& layer, const const_matrix_view<T>& x, matrix_view<T> y, mlp_cache<T>& cache) {
    detail::check_mlp_input("mlp_forward", layer, x);
    const std::size_t rows = x.shape()[0], C = layer.fc.in_features, H = layer.fc.out_features;
    detail::check_rows("mlp_forward", "y", y, rows, C);
    ensure_shape(cache.pre, {rows, H});
    ensure_shape(cache.act, {rows, H});
    nn::dense_forward(layer.fc, x, as_rows(cache.pre));
    const T* pre = cache.pre.data();
    T* act = cache.act.data();
    // nn::gelu_tanh's values, by core/simd.hpp's loop that vectorises (R·H tanh per call)
    ::llmlings::detail::simd::apply_gelu_tanh(pre, act, rows * H);
    nn::dense_forward(layer.proj, as_rows(cache.act), y);
}

/**
 * @ingroup transformer
 * @brief The MLP's backward: accumulates the four parameter gradients and writes dx.
 *
 * Backwards through the three steps of the forward:
 * @f[ d\,\text{act} = dy\, W_\text{proj},\qquad d\,\text{pre} = d\,\text{act} \odot \operatorname{GELU}'_{\tanh}(\text{pre}),
 *     \qquad dx = d\,\text{pre}\; W_\text{fc} @f]
 * with dW_proj += dyᵀ act, db_proj += Σ dy, dW_fc += d preᵀ x, db_fc += Σ d pre: nn::dense_backward
 * twice, and nn::gelu_tanh_derivative at pre (the GELU's input, not its output act).
 *
 * @tparam T float or double
 * @param layer the MLP; its gradients are added to (`+=`)
 * @param cache what mlp_forward() kept for this x; its scratch d_hidden is sized on first use
 * @param x the input the forward saw (R, C)
 * @param dy ∂L/∂y (R, C)
 * @param dx ∂L/∂x (R, C), preallocated; overwritten
 * @throws invalid_argument when the MLP is not built
 * @throws shape_error when x does not have C columns, dy or dx is not (R, C), or the cache does
 *         not hold (R, H) activations (`mlp_backward: cache.pre must be (2,16), got (0,0)` — run
 *         mlp_forward first)
 *
 * Complexity: 8·R·C·H flops, about twice the forward's; no allocation after the scratch's first
 * use. Example: the forward's example with dy = 1: d act = (1, 1), d pre = (1.0830, −0.0830),
 * dx = 1.1659.
 */
template <class T>
void mlp_backward(const mlp<T>& layer, mlp_cache<T>& cache, const const_matrix_view<T>& x,
                  const const_matrix_view<T>& dy, matrix_view<T> dx) {
    detail::check_mlp_input("mlp_backward", layer, x);
    const std::size_t rows = x.shape()[0], C = layer.fc.in_features, H = layer.fc.out_features;
    detail::check_rows("mlp_backward", "dy", dy, rows, C);
    detail::check_rows("mlp_backward", "dx", dx, rows, C);
    detail::check_rows("mlp_backward", "cache.pre", cache.pre, rows, H);
    detail::check_rows("mlp_backward", "cache.act", cache.act, rows, H);
    ensure_shape(cache.d_hidden, {rows, H});
    // 1. through proj: dW_proj += dyᵀ act, db_proj += Σ dy, d act = dy W_proj
    nn::dense_backward(layer.proj, as_rows(cache.act), dy, as_rows(cache.d_hidden));
    // 2. through the GELU, in place: d pre = d act ⊙ GELU'(pre)
    const T* pre = cache.pre.data();
    T* d_hidden = cache.d_hidden.data();
    ::llmlings::detail::simd::scale_by_gelu_tanh_derivative(pre, d_hidden, rows * H);
    // 3. through fc: dW_fc += d preᵀ x, db_fc += Σ d pre, dx = d pre W_fc
    nn::dense_backward(layer.fc, x, as_rows(cache.d_hidden), dx);
}

/**
 * @ingroup transformer
 * @brief The residual connection y = x + f(x), element by element, into a preallocated output.
 *
 * The skip path lets the signal and the gradient pass a deep stack unchanged (He et al. 2016):
 * a block only has to learn a correction f(x) to its input. Backward: ∂y/∂x through the skip is
 * the identity, so x receives dy itself *plus* whatever the branch f sends back; see add_into().
 *
 * @tparam T float or double
 * @param x the input of the block (R, C)
 * @param fx the branch's output f(x) (R, C)
 * @param y the sum (R, C), preallocated; may be the memory of x or of fx (in place)
 * @throws shape_error when the three shapes differ (`residual_add: x (2,3), fx (2,4) and y (2,3)
 *         must have the same shape`)
 *
 * Complexity: R·C additions; no allocation. Example: x = (1, 2), f(x) = (10, 20) → y = (11, 22).
 */
template <class T>
void residual_add(const const_matrix_view<T>& x, const const_matrix_view<T>& fx, matrix_view<T> y) {
    detail::check_residual_shapes("residual_add", x, fx, y);
    const T* a = x.data();
    const T* b = fx.data();
    T* out = y.data();
    for (std::size_t k = 0; k < y.size(); ++k) out[k] = a[k] + b[k];
}

/**
 * @ingroup transformer
 * @brief a += b, element by element: the backward of a residual junction.
 *
 * For y = x + f(x), the gradient reaches x along two paths, so dx = dy + (the branch's dx): run the
 * branch's backward (which *writes* its dx), then add dy into it. (A parameter used twice
 * accumulates its gradient the same way, which is why backward passes add into the store.)
 *
 * @tparam T float or double
 * @param a the accumulator (R, C), e.g. the branch's dx; updated in place
 * @param b what is added (R, C), e.g. dy
 * @throws shape_error when the shapes differ (`add_into: a (2,3) and b (2,4) must have the same
 *         shape`)
 *
 * Complexity: R·C additions; no allocation. Example: a = (1, 2), b = (0.5, −1) → a = (1.5, 1).
 */
template <class T>
void add_into(matrix_view<T> a, const const_matrix_view<T>& b) {
    detail::check_same_shape("add_into", a, b);
    T* out = a.data();
    const T* in = b.data();
    for (std::size_t k = 0; k < a.size(); ++k) out[k] += in[k];
}

}  // namespace transformer
}  // namespace llmlings

#endif  // LLMLINGS_TRANSFORMER_04_NORMS_HPP
