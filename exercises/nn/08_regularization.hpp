// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nn/08 — regularisation: the L2 penalty (weight decay), inverted dropout, batch
 * normalisation with running statistics, and early stopping.
 *
 * Shapes: B = batch size, C = features (channels).
 *   x, y, dx, dy, dropout mask: (B,C)   gamma, beta, their gradients, running mean/var: (C)
 *
 * The pattern is nn/05's: a forward returns its output together with what its backward needs
 * (the dropout mask, batch norm's normalised input and 1/σ); a backward returns the input
 * gradient and ACCUMULATES parameter gradients (`+=`). A `training` flag switches dropout and
 * batch norm between their two behaviours, as PyTorch's module.train() / module.eval() do.
 *
 * Conventions are PyTorch 1.13's: dropout p is the probability of *dropping* a unit and kept
 * units are scaled by 1/(1−p) during training (inverted dropout), so evaluation is the identity;
 * BatchNorm1d normalises with the biased batch variance (divide by B) but updates its running
 * variance with the unbiased one (divide by B−1), with momentum 0.1 meaning
 * running = 0.9·running + 0.1·batch.
 *
 * References: Srivastava et al. (2014), "Dropout: a simple way to prevent neural networks from
 * overfitting"; Ioffe & Szegedy (2015), "Batch normalization"; Prechelt (1998), "Early stopping —
 * but when?"; Krogh & Hertz (1992) for weight decay.
 */
#ifndef LLMLINGS_NN_08_REGULARIZATION_HPP
#define LLMLINGS_NN_08_REGULARIZATION_HPP

#include <cmath>
#include <cstddef>
#include <limits>

#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>
#include <llmlings/nn/05_dense.hpp>

namespace llmlings {
namespace nn {

/**
 * @ingroup nn
 * @brief The L2 penalty of a dense layer's weight: (λ/2)·‖W‖²_F (the bias is not penalised).
 *
 * @f[ R(W) = \frac{\lambda}{2} \sum_{o,i} W_{oi}^2 @f]
 * Added to the data loss, it pulls the weights towards 0: large weights must earn their size by
 * lowering the data loss. With the factor ½ its gradient is λW, the `weight_decay` term of
 * PyTorch's SGD.
 *
 * @param layer the layer
 * @param lambda λ ≥ 0, the strength
 * @return the penalty
 * @throws invalid_argument when lambda is negative or not finite
 *
 * Complexity: O(I·O). Example: W = [[1,2],[3,4]], λ = 0.1 → 0.05 · 30 = 1.5.
 */
inline double l2_penalty(const dense_layer& layer, double lambda) {
    todo("nn/08_regularization", "l2_penalty");
}

/**
 * @ingroup nn
 * @brief Adds the gradient of l2_penalty() to the layer's weight gradient: weight_grad += λW.
 *
 * @param layer the layer; weight_grad is accumulated into, bias_grad is untouched
 * @param lambda λ ≥ 0
 * @throws invalid_argument when lambda is negative or not finite
 *
 * Complexity: O(I·O). Example: W = [[1,2],[3,4]], λ = 0.1, weight_grad 0 → [[0.1,0.2],[0.3,0.4]].
 */
inline void l2_penalty_backward(dense_layer& layer, double lambda) {
    todo("nn/08_regularization", "l2_penalty_backward");
}

/**
 * @ingroup nn
 * @brief What dropout_forward() returns: the output and the mask its backward needs.
 */
struct dropout_result {
    matrix y;     ///< (B,C) the output x ⊙ mask
    matrix mask;  ///< (B,C) 0 for a dropped unit, 1/(1−p) for a kept one (all 1 in eval mode)
};

/**
 * @ingroup nn
 * @brief Inverted dropout: in training each unit is zeroed with probability p and the kept ones
 * are scaled by 1/(1−p); in evaluation the input passes unchanged.
 *
 * @f[ m_{bc} = \begin{cases} 0 & u_{bc} < p \\ \frac{1}{1-p} & \text{otherwise} \end{cases}
 *     \quad u_{bc} \sim U[0,1), \qquad y = x \odot m, \qquad \mathbb{E}[y] = x @f]
 * Scaling at training time keeps every unit's expected value, so the network at evaluation needs
 * no correction. One uniform01 draw per element, row by row; p = 1 drops everything (mask 0).
 *
 * @param x input (B,C)
 * @param p drop probability in [0, 1]
 * @param training true: draw a mask; false: identity (nothing drawn)
 * @param gen the generator (B·C draws in training)
 * @return the output and the mask
 * @throws invalid_argument when p is outside [0, 1]
 *
 * Complexity: O(B·C). Example: p = 0.5, x = [[2, 4]], u = (0.7, 0.2) → mask [[2, 0]], y [[4, 0]].
 */
inline dropout_result dropout_forward(const matrix& x, double p, bool training, rng& gen) {
    todo("nn/08_regularization", "dropout_forward");
}

/**
 * @ingroup nn
 * @brief Backward of dropout: dx = dy ⊙ mask (the same mask as the forward pass).
 *
 * @param dy dL/dy (B,C)
 * @param mask the mask dropout_forward() returned
 * @return dx (B,C)
 * @throws shape_error when dy and mask differ in shape
 *
 * Complexity: O(B·C). Example: mask [[2, 0]], dy [[1, 1]] → dx [[2, 0]].
 */
inline matrix dropout_backward(const matrix& dy, const matrix& mask) {
    todo("nn/08_regularization", "dropout_backward");
}

/**
 * @ingroup nn
 * @brief Batch normalisation over the batch axis of (B,C) inputs (PyTorch's BatchNorm1d): the
 * learned scale and shift, their accumulated gradients, and the running statistics.
 */
struct batch_norm {
    vector gamma;           ///< (C) scale, 1 at first
    vector beta;            ///< (C) shift, 0 at first
    vector gamma_grad;      ///< (C) dL/dγ, accumulated by batch_norm_backward()
    vector beta_grad;       ///< (C) dL/dβ, accumulated by batch_norm_backward()
    vector running_mean;    ///< (C) used in eval mode; 0 at first
    vector running_var;     ///< (C) used in eval mode; 1 at first
    double momentum = 0.1;  ///< running = (1 − momentum)·running + momentum·batch statistic
    double eps = 1e-5;      ///< added to the variance under the square root
};

/**
 * @ingroup nn
 * @brief A batch_norm over C features: γ = 1, β = 0, gradients 0, running mean 0, variance 1.
 *
 * @param features C ≥ 1
 * @param momentum in (0, 1], PyTorch's default 0.1
 * @param eps > 0, PyTorch's default 1e-5
 * @return the layer
 * @throws invalid_argument when C is 0, momentum is outside (0, 1] or eps is not > 0
 *
 * Complexity: O(C). Example: `make_batch_norm(3).running_var` → (1, 1, 1).
 */
inline batch_norm make_batch_norm(std::size_t features, double momentum = 0.1, double eps = 1e-5) {
    todo("nn/08_regularization", "make_batch_norm");
}

/**
 * @ingroup nn
 * @brief What batch_norm_backward() needs from the forward pass.
 */
struct batch_norm_cache {
    matrix x_hat;          ///< (B,C) the normalised input (x − μ)/√(σ² + ε)
    vector inv_std;        ///< (C) 1/√(σ² + ε) with the statistics the forward used
    bool training = true;  ///< whether μ, σ² were the batch's (true) or the running ones (false)
};

/**
 * @ingroup nn
 * @brief What batch_norm_forward() returns: the output and the cache.
 */
struct batch_norm_result {
    matrix y;                ///< (B,C) γ ⊙ x̂ + β
    batch_norm_cache cache;  ///< for batch_norm_backward()
};

namespace detail {

/// Throws shape_error unless x (or dy) is (B, C) for the layer's C.
inline void check_features(const char* function, const batch_norm& bn, const matrix& x) {
    todo("nn/08_regularization", "check_features");
}

}  // namespace detail

/**
 * @ingroup nn
 * @brief Batch-norm forward. Training: normalise with the batch statistics and update the
 * running ones. Evaluation: normalise with the running statistics.
 *
 * Per feature c, in training:
 * @f[ \mu_c = \frac{1}{B}\sum_b x_{bc}, \quad \sigma^2_c = \frac{1}{B}\sum_b (x_{bc}-\mu_c)^2, \quad
 *     \hat x_{bc} = \frac{x_{bc}-\mu_c}{\sqrt{\sigma^2_c+\varepsilon}}, \quad y_{bc} = \gamma_c \hat x_{bc} + \beta_c @f]
 * @f[ \text{running\_mean}_c \leftarrow (1-m)\,\text{running\_mean}_c + m\,\mu_c, \qquad
 *     \text{running\_var}_c \leftarrow (1-m)\,\text{running\_var}_c + m\,\frac{B}{B-1}\sigma^2_c @f]
 * The normalisation uses the biased variance, the running estimate the unbiased one — PyTorch's
 * exact convention. In evaluation μ and σ² are running_mean and running_var, nothing is updated
 * and every row is normalised independently of the others.
 *
 * @param bn the layer; its running statistics change in training
 * @param x input (B,C)
 * @param training batch statistics (true) or running statistics (false)
 * @return y and the cache for the backward pass
 * @throws shape_error when x does not have C columns
 * @throws invalid_argument in training when B < 2 (one row has no variance; PyTorch refuses too)
 *
 * Complexity: O(B·C), two passes over x in training. Example: x = [[1],[3]], γ = 1, β = 0 →
 * μ = 2, σ² = 1, y ≈ [[−1],[1]] (×1/√(1+1e-5)), running_mean 0.2, running_var 0.9 + 0.1·2 = 1.1.
 */
inline batch_norm_result batch_norm_forward(batch_norm& bn, const matrix& x, bool training) {
    todo("nn/08_regularization", "batch_norm_forward");
}

/**
 * @ingroup nn
 * @brief Batch-norm backward: returns dL/dx and accumulates dL/dγ and dL/dβ.
 *
 * @f[ d\beta_c \mathrel{+}= \sum_b dy_{bc}, \qquad d\gamma_c \mathrel{+}= \sum_b dy_{bc}\,\hat x_{bc} @f]
 * In training μ and σ² depend on every row, which gives the compact form
 * @f[ dx_{bc} = \frac{\gamma_c\, s_c}{B}\Big(B\,dy_{bc} - \sum_{b'} dy_{b'c} - \hat x_{bc}\sum_{b'} dy_{b'c}\hat x_{b'c}\Big),
 *     \quad s_c = \frac{1}{\sqrt{\sigma_c^2+\varepsilon}} @f]
 * In evaluation the statistics are constants and dx = γ s dy.
 *
 * @param bn the layer; gamma_grad and beta_grad are added to
 * @param cache the cache of the forward pass
 * @param dy dL/dy (B,C)
 * @return dx (B,C)
 * @throws shape_error when dy's shape differs from the cached x̂'s or from (B, C)
 *
 * Complexity: O(B·C). Example: in eval mode with γ = 2, running_var = 1 − ε, dy = [[1]] → dx = [[2]].
 */
inline matrix batch_norm_backward(batch_norm& bn, const batch_norm_cache& cache, const matrix& dy) {
    todo("nn/08_regularization", "batch_norm_backward");
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
    todo("nn/08_regularization", "make_early_stopping");
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
    todo("nn/08_regularization", "early_stopping_update");
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_08_REGULARIZATION_HPP
