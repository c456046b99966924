// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nn/08 — regularisation: the L2 penalty (weight decay) over a parameter store, inverted
 * dropout, batch normalisation with running statistics, and early stopping.
 *
 * Shapes: B = batch size, C = features (channels); a (B,T,C) tensor passes as as_rows(x).
 *   x, y, dx, dy, dropout mask: (B,C)   γ (weight), β (bias), their gradients, running mean/var: (C)
 *
 * The conventions of nn/05 and docs/authoring.md: every function is a template over the element
 * type T (float to train, double for gradient checks), written once. The L2 penalty walks the
 * store's weight-decay group (matrices, not biases or norm gains). A layer's parameters live in a
 * parameter_store: make_batch_norm() registers "<name>.weight" (γ) and "<name>.bias" (β). A
 * forward writes into outputs the caller preallocated and keeps what its backward needs in a
 * cache the caller owns (the dropout mask; batch norm's normalised input and 1/σ); a backward
 * writes the input gradient and ACCUMULATES parameter gradients (`+=`) into the store. Caches are
 * sized on first use (ensure_shape), so a training step allocates nothing after the first. A
 * `training` flag switches dropout and batch norm between their two behaviours, as PyTorch's
 * module.train() / module.eval() do. The overloads taking and returning xtensors are for tests
 * and small programs; they call the view versions.
 *
 * Conventions are PyTorch 1.13's: dropout p is the probability of *dropping* a unit and kept
 * units are scaled by 1/(1−p) during training (inverted dropout), so evaluation is the identity;
 * BatchNorm1d normalises with the biased batch variance (divide by B) but updates its running
 * variance with the unbiased one (divide by B−1), with momentum 0.1 meaning
 * running = 0.9·running + 0.1·batch; the running statistics are buffers (state that is not
 * trained), kept in the layer struct, not in the store.
 *
 * References: Srivastava et al. (2014), "Dropout: a simple way to prevent neural networks from
 * overfitting"; Ioffe & Szegedy (2015), "Batch normalization"; Prechelt (1998), "Early stopping —
 * but when?"; Krogh & Hertz (1992) for weight decay.
 *
 * Guide: @ref nn_08_regularization (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NN_08_REGULARIZATION_HPP
#define LLMLINGS_NN_08_REGULARIZATION_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>

#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>

namespace llmlings {
namespace nn {

namespace detail {

/// Throws invalid_argument unless λ is finite and ≥ 0.
inline void check_lambda(const char* function, double lambda) {
    if (!(lambda >= 0.0) || !std::isfinite(lambda))
        throw invalid_argument(function, ::llmlings::detail::concat("lambda must be finite and >= 0, got ", lambda));
}

/// Throws shape_error unless `m` is (rows, cols); `name` says which argument it is.
template <class M>
void check_shape(const char* function, const char* name, const M& m, std::size_t rows, std::size_t cols) {
    if (m.shape()[0] != rows || m.shape()[1] != cols)
        throw shape_error(
            function, ::llmlings::detail::concat(name, " must be (", rows, ",", cols, "), got ", shape_str(m.shape())));
}

}  // namespace detail

/**
 * @ingroup nn
 * @brief The L2 penalty of a model: (λ/2)·Σθ² over the tensors of the store's weight-decay group.
 *
 * @f[ R(\theta) = \frac{\lambda}{2} \sum_{\text{decay group}} \theta_i^2 @f]
 * Added to the data loss, it pulls the weights towards 0: large weights must earn their size by
 * lowering the data loss. With the factor ½ its gradient is λθ, the `weight_decay` term of
 * PyTorch's SGD. The decay group is what the store says (parameter_info::decay): by default the
 * tensors of rank ≥ 2 (weight matrices, kernels, embeddings), not biases or normalisation gains.
 * Frozen tensors (not trainable) are constants of the training problem and are skipped, as the
 * optimizers skip them. The squares are summed in double.
 *
 * @tparam T float or double
 * @param store the model's parameters
 * @param lambda λ ≥ 0, the strength
 * @return the penalty
 * @throws invalid_argument when lambda is negative or not finite; the message names the function
 *         and the value: `l2_penalty: lambda must be finite and >= 0, got -1`
 *
 * Complexity: O(elements of the decay group). Example: a dense layer with W = [[1,2],[3,4]] and
 * any bias, λ = 0.1 → 0.05 · 30 = 1.5.
 */
template <class T>
double l2_penalty(const parameter_store<T>& store, double lambda) {
    detail::check_lambda("l2_penalty", lambda);
    double sum = 0.0;
    for (std::size_t k = 0; k < store.count(); ++k) {
        const parameter_info& info = store.info(k);
        if (!info.decay || !info.trainable) continue;
        const T* w = store.values() + info.offset;
        for (std::size_t i = 0; i < info.size; ++i) sum += static_cast<double>(w[i]) * static_cast<double>(w[i]);
    }
    return 0.5 * lambda * sum;
}

/**
 * @ingroup nn
 * @brief Adds the gradient of l2_penalty() to the store's gradients: grad += λθ for every
 * trainable tensor of the weight-decay group.
 *
 * Followed by plain SGD this is SGD with `weight_decay = λ` (nn/07), step for step.
 *
 * @tparam T float or double
 * @param store the model's parameters; the gradients of the decay group are accumulated into,
 *        the others are untouched
 * @param lambda λ ≥ 0
 * @throws invalid_argument when lambda is negative or not finite
 *
 * Complexity: O(elements of the decay group), no allocation. Example: W = [[1,2],[3,4]], λ = 0.1,
 * gradient 0 → [[0.1,0.2],[0.3,0.4]]; the bias's gradient stays 0.
 */
template <class T>
void l2_penalty_backward(parameter_store<T>& store, double lambda) {
    detail::check_lambda("l2_penalty_backward", lambda);
    const T lam = static_cast<T>(lambda);
    for (std::size_t k = 0; k < store.count(); ++k) {
        const parameter_info& info = store.info(k);
        if (!info.decay || !info.trainable) continue;
        const T* w = store.values() + info.offset;
        T* g = store.grads() + info.offset;
        for (std::size_t i = 0; i < info.size; ++i) g[i] += lam * w[i];
    }
}

/**
 * @ingroup nn
 * @brief What dropout_backward() needs from dropout_forward(): the mask. The caller owns it and
 * passes the same cache to the backward; the forward sizes it on first use.
 *
 * @tparam T float or double
 */
template <class T>
struct dropout_cache {
    matrix_of<T> mask;  ///< (B,C): 0 for a dropped unit, 1/(1−p) for a kept one (all 1 in eval mode)
};

/**
 * @ingroup nn
 * @brief Inverted dropout into a preallocated output: in training each unit is zeroed with
 * probability p and the kept ones are scaled by 1/(1−p); in evaluation the input passes unchanged.
 *
 * @f[ m_{bc} = \begin{cases} 0 & u_{bc} < p \\ \frac{1}{1-p} & \text{otherwise} \end{cases}
 *     \quad u_{bc} \sim U[0,1), \qquad y = x \odot m, \qquad \mathbb{E}[y] = x @f]
 * Scaling at training time keeps every unit's expected value, so the network at evaluation needs
 * no correction. One uniform01 draw (a double) per element, row by row, so a seed gives the same
 * mask in float and in double; p = 1 drops everything (mask 0). In evaluation the mask is set to
 * 1 and nothing is drawn. `y` may be the memory of `x` (in place).
 *
 * @tparam T float or double
 * @param x input (B,C)
 * @param p drop probability in [0, 1]
 * @param training true: draw a mask; false: identity (nothing drawn)
 * @param y output (B,C), preallocated; overwritten with x ⊙ mask
 * @param cache receives the mask (resized only when the shape changes)
 * @param gen the generator (B·C draws in training)
 * @throws invalid_argument when p is outside [0, 1] (NaN included); the message names the
 *         function and p: `dropout_forward: p must be in [0, 1], got 1.5`
 * @throws shape_error when y is not (B,C); the message names the function and both shapes:
 *         `dropout_forward: y must be (4,5), got (5,4)`
 *
 * Complexity: O(B·C), no allocation once the cache has the shape. Example: p = 0.5, x = [[2, 4]],
 * u = (0.7, 0.2) → mask [[2, 0]], y [[4, 0]].
 */
template <class T>
void dropout_forward(const const_matrix_view<T>& x, double p, bool training, matrix_view<T> y, dropout_cache<T>& cache,
                     rng& gen) {
    if (!(p >= 0.0 && p <= 1.0))
        throw invalid_argument("dropout_forward", ::llmlings::detail::concat("p must be in [0, 1], got ", p));
    const std::size_t rows = x.shape()[0], cols = x.shape()[1];
    detail::check_shape("dropout_forward", "y", y, rows, cols);
    ensure_shape(cache.mask, {rows, cols});
    const std::size_t n = rows * cols;
    const T* in = x.data();
    T* out = y.data();
    T* mask = cache.mask.data();
    if (!training) {
        std::fill(mask, mask + n, T(1));
        for (std::size_t k = 0; k < n; ++k) out[k] = in[k];
        return;
    }
    const T keep_scale = p < 1.0 ? static_cast<T>(1.0 / (1.0 - p)) : T(0);
    for (std::size_t k = 0; k < n; ++k) {
        mask[k] = uniform01(gen) < p ? T(0) : keep_scale;
        out[k] = in[k] * mask[k];
    }
}

/**
 * @ingroup nn
 * @brief Inverted dropout returning its output (see the overload with an output for the math).
 *
 * @tparam T float or double
 * @param x input (B,C)
 * @param p drop probability in [0, 1]
 * @param training true: draw a mask; false: identity
 * @param cache receives the mask
 * @param gen the generator
 * @return y (B,C)
 * @throws invalid_argument when p is outside [0, 1]
 *
 * Complexity: O(B·C) plus one allocation. Example: as the other overload.
 */
template <class T>
matrix_of<T> dropout_forward(const matrix_of<T>& x, double p, bool training, dropout_cache<T>& cache, rng& gen) {
    matrix_of<T> y(x.shape());
    dropout_forward(as_rows(x), p, training, as_rows(y), cache, gen);
    return y;
}

/**
 * @ingroup nn
 * @brief Backward of dropout into a preallocated output: dx = dy ⊙ mask, with the mask of the
 * forward pass (never a new one). `dx` may be the memory of `dy`.
 *
 * @tparam T float or double
 * @param cache the cache the forward pass filled
 * @param dy dL/dy (B,C)
 * @param dx dL/dx (B,C), preallocated; overwritten
 * @throws shape_error when dy or dx differ in shape from the mask
 *
 * Complexity: O(B·C), no allocation. Example: mask [[2, 0]], dy [[1, 1]] → dx [[2, 0]].
 */
template <class T>
void dropout_backward(const dropout_cache<T>& cache, const const_matrix_view<T>& dy, matrix_view<T> dx) {
    check::same_shape("dropout_backward", dy, cache.mask);
    detail::check_shape("dropout_backward", "dx", dx, dy.shape()[0], dy.shape()[1]);
    const T* g = dy.data();
    const T* mask = cache.mask.data();
    T* out = dx.data();
    for (std::size_t k = 0; k < cache.mask.size(); ++k) out[k] = g[k] * mask[k];
}

/**
 * @ingroup nn
 * @brief Backward of dropout returning dx = dy ⊙ mask (see the overload with an output).
 *
 * @tparam T float or double
 * @param cache the cache the forward pass filled
 * @param dy dL/dy (B,C)
 * @return dx (B,C)
 * @throws shape_error when dy and the mask differ in shape
 *
 * Complexity: O(B·C) plus one allocation. Example: mask [[2, 0]], dy [[1, 1]] → [[2, 0]].
 */
template <class T>
matrix_of<T> dropout_backward(const dropout_cache<T>& cache, const matrix_of<T>& dy) {
    matrix_of<T> dx(dy.shape());
    dropout_backward(cache, as_rows(dy), as_rows(dx));
    return dx;
}

/**
 * @ingroup nn
 * @brief Batch normalisation over the batch axis of (B,C) inputs (PyTorch's BatchNorm1d): views
 * of the learned scale γ and shift β in a parameter_store, and the running statistics.
 *
 * γ and β are parameters (trained; their gradients live in the store). The running mean and
 * variance are *buffers*: state the forward pass updates in training and uses in evaluation,
 * never trained, so they stay here, not in the store (PyTorch's register_buffer).
 *
 * @tparam T float or double
 */
template <class T>
struct batch_norm_layer {
    parameter<T> weight;        ///< γ (C), "<name>.weight": the scale, 1 at first
    parameter<T> bias;          ///< β (C), "<name>.bias": the shift, 0 at first
    vector_of<T> running_mean;  ///< (C) buffer, used in eval mode; 0 at first
    vector_of<T> running_var;   ///< (C) buffer, used in eval mode; 1 at first
    std::size_t features = 0;   ///< C
    double momentum = 0.1;      ///< running = (1 − momentum)·running + momentum·batch statistic
    double eps = 1e-5;          ///< added to the variance under the square root
};

/**
 * @ingroup nn
 * @brief What batch_norm_backward() needs from batch_norm_forward(). The caller owns it; the
 * forward sizes it on first use.
 *
 * @tparam T float or double
 */
template <class T>
struct batch_norm_cache {
    matrix_of<T> x_hat;    ///< (B,C) the normalised input (x − μ)/√(σ² + ε)
    vector_of<T> mean;     ///< (C) the μ the forward subtracted (the batch's or the running one)
    vector_of<T> inv_std;  ///< (C) 1/√(σ² + ε) with the statistics the forward used
    bool training = true;  ///< whether μ, σ² were the batch's (true) or the running ones (false)
};

namespace detail {

/// Throws invalid_argument unless the layer is built, and shape_error unless x has its C columns.
template <class T, class X>
void check_features(const char* function, const batch_norm_layer<T>& layer, const X& x) {
    if (layer.features == 0 || !layer.weight.registered())
        throw invalid_argument(function, "the layer is not built (make it with make_batch_norm)");
    if (x.shape()[1] != layer.features)
        throw shape_error(function, ::llmlings::detail::concat("input has ", x.shape()[1], " features, the layer has ",
                                                               layer.features, " (got ", shape_str(x.shape()), ")"));
}

}  // namespace detail

/**
 * @ingroup nn
 * @brief A batch-norm layer over C features, registered in `store` as "<name>.weight" (γ = 1) and
 * "<name>.bias" (β = 0); running mean 0 and variance 1.
 *
 * Both tensors have rank 1, so they are outside the weight-decay group (the store's automatic
 * rule): decaying a normalisation gain towards 0 would fight the normalisation.
 *
 * @tparam T float or double
 * @param store where γ and β live
 * @param name the layer's prefix in the store, e.g. "bn1"
 * @param features C ≥ 1
 * @param momentum in (0, 1], PyTorch's default 0.1
 * @param eps > 0, PyTorch's default 1e-5
 * @return the layer
 * @throws invalid_argument when C is 0, momentum is outside (0, 1], eps is not finite and > 0, or
 *         the store refuses the names (taken, or frozen)
 *
 * Complexity: O(C). Example: `make_batch_norm(store, "bn", 3).running_var` → (1, 1, 1).
 */
template <class T>
batch_norm_layer<T> make_batch_norm(parameter_store<T>& store, const std::string& name, std::size_t features,
                                    double momentum = 0.1, double eps = 1e-5) {
    if (features == 0) throw invalid_argument("make_batch_norm", "features must be >= 1, got 0");
    if (!(momentum > 0.0 && momentum <= 1.0))
        throw invalid_argument("make_batch_norm",
                               ::llmlings::detail::concat("momentum must be in (0, 1], got ", momentum));
    if (!(eps > 0.0) || !std::isfinite(eps))
        throw invalid_argument("make_batch_norm", ::llmlings::detail::concat("eps must be finite and > 0, got ", eps));
    batch_norm_layer<T> layer;
    layer.weight = store.add(name + ".weight", {features});
    layer.bias = store.add(name + ".bias", {features});
    std::fill(layer.weight.data(), layer.weight.data() + features, T(1));
    layer.running_mean = xt::zeros<T>({features});
    layer.running_var = xt::ones<T>({features});
    layer.features = features;
    layer.momentum = momentum;
    layer.eps = eps;
    return layer;
}

/**
 * @ingroup nn
 * @brief Batch-norm forward into a preallocated output. Training: normalise with the batch
 * statistics and update the running ones. Evaluation: normalise with the running statistics.
 *
 * Per feature c, in training:
 * @f[ \mu_c = \frac{1}{B}\sum_b x_{bc}, \quad \sigma^2_c = \frac{1}{B}\sum_b (x_{bc}-\mu_c)^2, \quad
 *     \hat x_{bc} = \frac{x_{bc}-\mu_c}{\sqrt{\sigma^2_c+\varepsilon}}, \quad y_{bc} = \gamma_c \hat x_{bc} + \beta_c @f]
 * @f[ \text{running\_mean}_c \leftarrow (1-m)\,\text{running\_mean}_c + m\,\mu_c, \qquad
 *     \text{running\_var}_c \leftarrow (1-m)\,\text{running\_var}_c + m\,\frac{B}{B-1}\sigma^2_c @f]
 * The normalisation uses the biased variance, the running estimate the unbiased one — PyTorch's
 * exact convention. In evaluation μ and σ² are running_mean and running_var, nothing is updated
 * and every row is normalised independently of the others. Two passes over x (the mean, then the
 * squared deviations), row by row.
 *
 * @tparam T float or double
 * @param layer the layer; its running statistics change in training
 * @param x input (B,C)
 * @param training batch statistics (true) or running statistics (false)
 * @param y output (B,C), preallocated; overwritten with γ ⊙ x̂ + β
 * @param cache receives x̂, μ and 1/σ for the backward pass (resized only when the shape changes)
 * @throws invalid_argument when the layer is not built, or in training when B < 2 (one row has no
 *         variance; PyTorch refuses too)
 * @throws shape_error when x does not have C columns or y is not (B,C); the message names the
 *         function and both sizes: `batch_norm_forward: input has 2 features, the layer has 3
 *         (got (4,2))`
 *
 * Complexity: O(B·C), no allocation once the cache has the shape. Example: x = [[1],[3]], γ = 1,
 * β = 0 → μ = 2, σ² = 1, y ≈ [[−1],[1]] (×1/√(1+1e-5)), running_mean 0.2, running_var
 * 0.9 + 0.1·2 = 1.1.
 */
template <class T>
void batch_norm_forward(batch_norm_layer<T>& layer, const const_matrix_view<T>& x, bool training, matrix_view<T> y,
                        batch_norm_cache<T>& cache) {
    detail::check_features("batch_norm_forward", layer, x);
    const std::size_t batch = x.shape()[0], features = layer.features;
    detail::check_shape("batch_norm_forward", "y", y, batch, features);
    if (training && batch < 2)
        throw invalid_argument(
            "batch_norm_forward",
            ::llmlings::detail::concat("training needs at least 2 rows per batch to estimate a variance, got ", batch));
    ensure_shape(cache.x_hat, {batch, features});
    ensure_shape(cache.mean, {features});
    ensure_shape(cache.inv_std, {features});
    cache.training = training;
    T* mean = cache.mean.data();
    T* inv_std = cache.inv_std.data();
    const T eps = static_cast<T>(layer.eps);
    if (training) {
        // 1. batch mean and biased variance per feature (the variance is built in inv_std)
        const T n = static_cast<T>(batch);
        std::fill(mean, mean + features, T(0));
        std::fill(inv_std, inv_std + features, T(0));
        for (std::size_t b = 0; b < batch; ++b) {
            const T* row = x.data() + b * features;
            for (std::size_t c = 0; c < features; ++c) mean[c] += row[c];
        }
        for (std::size_t c = 0; c < features; ++c) mean[c] /= n;
        for (std::size_t b = 0; b < batch; ++b) {
            const T* row = x.data() + b * features;
            for (std::size_t c = 0; c < features; ++c) inv_std[c] += (row[c] - mean[c]) * (row[c] - mean[c]);
        }
        // 2. running statistics: the unbiased variance, weighted by momentum
        const T momentum = static_cast<T>(layer.momentum);
        for (std::size_t c = 0; c < features; ++c) {
            const T var = inv_std[c] / n;
            inv_std[c] = T(1) / std::sqrt(var + eps);
            layer.running_mean(c) = (T(1) - momentum) * layer.running_mean(c) + momentum * mean[c];
            layer.running_var(c) = (T(1) - momentum) * layer.running_var(c) + momentum * var * n / (n - T(1));
        }
    } else {
        for (std::size_t c = 0; c < features; ++c) {
            mean[c] = layer.running_mean(c);
            inv_std[c] = T(1) / std::sqrt(layer.running_var(c) + eps);
        }
    }
    // 3. normalise, scale and shift
    const T* gamma = layer.weight.data();
    const T* beta = layer.bias.data();
    for (std::size_t b = 0; b < batch; ++b) {
        const T* row = x.data() + b * features;
        T* x_hat = cache.x_hat.data() + b * features;
        T* out = y.data() + b * features;
        for (std::size_t c = 0; c < features; ++c) {
            x_hat[c] = (row[c] - mean[c]) * inv_std[c];
            out[c] = gamma[c] * x_hat[c] + beta[c];
        }
    }
}

/**
 * @ingroup nn
 * @brief Batch-norm forward returning y (see the overload with an output for the math).
 *
 * @tparam T float or double
 * @param layer the layer; its running statistics change in training
 * @param x input (B,C)
 * @param training batch statistics (true) or running statistics (false)
 * @param cache receives what the backward pass needs
 * @return y (B,C)
 * @throws invalid_argument, shape_error as the other overload, with the same messages
 *         (`batch_norm_forward: input has 2 features, the layer has 3 (got (4,2))`)
 *
 * Complexity: O(B·C) plus one allocation. Example: as the other overload.
 */
template <class T>
matrix_of<T> batch_norm_forward(batch_norm_layer<T>& layer, const matrix_of<T>& x, bool training,
                                batch_norm_cache<T>& cache) {
    matrix_of<T> y(x.shape());
    batch_norm_forward(layer, as_rows(x), training, as_rows(y), cache);
    return y;
}

/**
 * @ingroup nn
 * @brief Batch-norm backward: writes dL/dx and accumulates dL/dγ and dL/dβ into the store.
 *
 * @f[ d\beta_c \mathrel{+}= \sum_b dy_{bc}, \qquad d\gamma_c \mathrel{+}= \sum_b dy_{bc}\,\hat x_{bc} @f]
 * In training μ and σ² depend on every row, which gives the compact form
 * @f[ dx_{bc} = \frac{\gamma_c\, s_c}{B}\Big(B\,dy_{bc} - \sum_{b'} dy_{b'c} - \hat x_{bc}\sum_{b'} dy_{b'c}\hat x_{b'c}\Big),
 *     \quad s_c = \frac{1}{\sqrt{\sigma_c^2+\varepsilon}} @f]
 * In evaluation the statistics are constants and dx = γ s dy. Feature by feature: the two sums
 * over the column, then the column of dx (no buffer is needed). `dx` may be the memory of `dy`.
 *
 * @tparam T float or double
 * @param layer the layer; the gradients of its weight and bias are added to (`+=`)
 * @param cache the cache of the forward pass
 * @param dy dL/dy (B,C)
 * @param dx dL/dx (B,C), preallocated; overwritten
 * @throws invalid_argument when the layer is not built
 * @throws shape_error when dy is not (B, C) of the cached x̂, or dx is not (B, C)
 *
 * Complexity: O(B·C), no allocation. Example: in eval mode with γ = 2, running_var = 1 − ε,
 * dy = [[1]] → dx = [[2]].
 */
template <class T>
void batch_norm_backward(const batch_norm_layer<T>& layer, const batch_norm_cache<T>& cache,
                         const const_matrix_view<T>& dy, matrix_view<T> dx) {
    detail::check_features("batch_norm_backward", layer, dy);
    check::same_shape("batch_norm_backward", dy, cache.x_hat);
    const std::size_t batch = dy.shape()[0], features = layer.features;
    detail::check_shape("batch_norm_backward", "dx", dx, batch, features);
    const T n = static_cast<T>(batch);
    const T* gamma = layer.weight.data();
    T* d_gamma = layer.weight.grad_data();
    T* d_beta = layer.bias.grad_data();
    const T* g = dy.data();
    const T* x_hat = cache.x_hat.data();
    T* out = dx.data();
    for (std::size_t c = 0; c < features; ++c) {
        // 1. the two sums of this feature: Σ dy and Σ dy·x̂ — they are also dβ and dγ
        T sum_dy = 0, sum_dy_xhat = 0;
        for (std::size_t b = 0; b < batch; ++b) {
            sum_dy += g[b * features + c];
            sum_dy_xhat += g[b * features + c] * x_hat[b * features + c];
        }
        d_beta[c] += sum_dy;
        d_gamma[c] += sum_dy_xhat;
        // 2. this feature's column of dx
        const T scale = gamma[c] * cache.inv_std(c);
        for (std::size_t b = 0; b < batch; ++b) {
            const std::size_t k = b * features + c;
            out[k] = cache.training ? scale / n * (n * g[k] - sum_dy - x_hat[k] * sum_dy_xhat) : scale * g[k];
        }
    }
}

/**
 * @ingroup nn
 * @brief Batch-norm backward returning dL/dx (see the overload with an output for the math).
 *
 * @tparam T float or double
 * @param layer the layer; its gradients are accumulated
 * @param cache the cache of the forward pass
 * @param dy dL/dy (B,C)
 * @return dx (B,C)
 * @throws invalid_argument, shape_error as the other overload
 *
 * Complexity: O(B·C) plus one allocation. Example: as the other overload.
 */
template <class T>
matrix_of<T> batch_norm_backward(const batch_norm_layer<T>& layer, const batch_norm_cache<T>& cache,
                                 const matrix_of<T>& dy) {
    matrix_of<T> dx(dy.shape());
    batch_norm_backward(layer, cache, as_rows(dy), as_rows(dx));
    return dx;
}

/**
 * @ingroup nn
 * @brief Early stopping's state: the best validation loss so far, its epoch, and how many epochs
 * have passed without improvement.
 *
 * Make it with make_early_stopping(); call early_stopping_update() once per epoch.
 */
struct early_stopping {
    std::size_t patience = 0;  ///< stop after this many consecutive epochs without improvement
    double min_delta = 0.0;    ///< an improvement must lower the best loss by more than this
    double best = std::numeric_limits<double>::infinity();  ///< best validation loss so far
    std::size_t best_epoch = 0;                             ///< 1-based epoch of `best` (0: none yet)
    std::size_t epoch = 0;                                  ///< epochs seen so far
    std::size_t bad_epochs = 0;                             ///< consecutive epochs without improvement
    bool improved = false;  ///< whether the last update improved: save a checkpoint then
    bool stop = false;      ///< whether training should stop
};

/**
 * @ingroup nn
 * @brief Early stopping with a patience and a minimum improvement.
 *
 * @param patience stop after this many consecutive epochs without improvement (Keras's and
 *        Lightning's meaning; 0 and 1 both stop at the first epoch that does not improve)
 * @param min_delta ≥ 0, the smallest decrease that counts as an improvement
 * @return a fresh state (best = +∞)
 * @throws invalid_argument when min_delta is negative or not finite
 *
 * Complexity: O(1). Example: `make_early_stopping(3).best_epoch` → 0.
 */
inline early_stopping make_early_stopping(std::size_t patience, double min_delta = 0.0) {
    if (!(min_delta >= 0.0) || !std::isfinite(min_delta))
        throw invalid_argument("make_early_stopping",
                               ::llmlings::detail::concat("min_delta must be finite and >= 0, got ", min_delta));
    early_stopping es;
    es.patience = patience;
    es.min_delta = min_delta;
    return es;
}

/**
 * @ingroup nn
 * @brief Records one epoch's validation loss; returns whether training should stop.
 *
 * The epoch improves when loss < best − min_delta: then best, best_epoch are updated,
 * bad_epochs is reset and `improved` is set (save the weights now, and restore them when the run
 * stops). Otherwise bad_epochs grows, and once it reaches `patience` the state stops (and stays
 * stopped). A NaN loss never improves.
 *
 * @param es the state
 * @param validation_loss this epoch's validation loss
 * @return es.stop
 *
 * Throws nothing. Complexity: O(1). Example: patience 2, losses 1.0, 0.9, 0.95, 0.97 → stops at
 * epoch 4 with best_epoch 2 and best 0.9.
 */
inline bool early_stopping_update(early_stopping& es, double validation_loss) {
    ++es.epoch;
    es.improved = validation_loss < es.best - es.min_delta;
    if (es.improved) {
        es.best = validation_loss;
        es.best_epoch = es.epoch;
        es.bad_epochs = 0;
    } else {
        ++es.bad_epochs;
        if (es.bad_epochs >= es.patience) es.stop = true;
    }
    return es.stop;
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_08_REGULARIZATION_HPP
