// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nn/03 — losses and their gradients: MSE, binary cross-entropy with logits,
 * cross-entropy with logits for integer class targets.
 *
 * Shapes: predictions and targets (B, K) for mse and bce_with_logits (every element is one
 * prediction); logits (B, C) and targets (B) class indices for cross_entropy_with_logits. Every
 * loss is a mean, and every function returns the loss together with its gradient with respect to
 * its first argument (the same shape), ready to be passed backward into the network.
 *
 * The two cross-entropies were met in ml/03 (logistic regression): their stable loss values come
 * from ml::binary_cross_entropy_with_logits and ml::cross_entropy_with_logits, so each formula
 * lives in one place; what this topic adds is their gradients, and the batched (B, K) shapes of a
 * network's output.
 *
 * Reference: PyTorch's `MSELoss`, `BCEWithLogitsLoss` and `CrossEntropyLoss` (reduction='mean'),
 * whose values these match; the stable BCE form is the one PyTorch and TensorFlow document.
 */
#ifndef LLMLINGS_NN_03_LOSSES_HPP
#define LLMLINGS_NN_03_LOSSES_HPP

#include <cmath>
#include <cstddef>

#include <llmlings/core.hpp>
#include <llmlings/ml/03_logistic_regression.hpp>

namespace llmlings {
namespace nn {

/**
 * @ingroup nn
 * @brief A loss value and its gradient with respect to the predictions (or logits).
 */
struct loss_result {
    double loss = 0.0;  ///< the scalar loss (a mean)
    matrix grad;        ///< ∂loss/∂(first argument), same shape as it
};

/**
 * @ingroup nn
 * @brief Mean squared error over all elements, and its gradient.
 *
 * With N = B·K elements:
 * @f[ L = \frac1N \sum_{i} (p_i - t_i)^2, \qquad \frac{\partial L}{\partial p_i} = \frac{2}{N}(p_i - t_i) @f]
 *
 * @param predictions p (B, K), not empty
 * @param targets     t (B, K)
 * @return the loss and ∂L/∂p (B, K)
 * @throws shape_error when the shapes differ or there are no elements
 *
 * Complexity: O(B K). Example: `mse({{1, 2}}, {{0, 4}})` → loss `2.5` (= (1 + 4) / 2), grad `{{1, -2}}`.
 */
inline loss_result mse(const matrix& predictions, const matrix& targets) {
    check::same_shape("mse", predictions, targets);
    if (predictions.size() == 0) throw shape_error("mse", "no elements (the mean of nothing is undefined)");
    const double n = static_cast<double>(predictions.size());
    loss_result r;
    r.grad = matrix(predictions.shape());
    double sum = 0.0;
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        const double diff = predictions.data()[i] - targets.data()[i];
        sum += diff * diff;
        r.grad.data()[i] = 2.0 * diff / n;
    }
    r.loss = sum / n;
    return r;
}

/**
 * @ingroup nn
 * @brief Binary cross-entropy on logits (sigmoid folded in), stable, and its gradient.
 *
 * For a logit z and a target y ∈ [0, 1], with p = σ(z):
 * @f[ \ell = -y\log p - (1-y)\log(1-p) = \max(z, 0) - z\,y + \log\left(1 + e^{-|z|}\right) @f]
 * The right-hand form, ml::binary_cross_entropy_with_logits(double, double) of ml/03, never takes
 * the log of 0 and never exponentiates a positive number, so z = ±1e4 gives the exact loss (0 when
 * right, 1e4 when wrong). The gradient is simply
 * @f[ \frac{\partial \ell}{\partial z} = \sigma(z) - y @f]
 * and both are averaged over the N = B·K elements.
 *
 * @param logits  z (B, K), not empty
 * @param targets y (B, K), each in [0, 1]
 * @return the mean loss and ∂L/∂z (B, K)
 * @throws shape_error when the shapes differ or there are no elements
 * @throws invalid_argument when a target is outside [0, 1]
 *
 * Complexity: O(B K). Example: `bce_with_logits({{0}}, {{1}})` → loss `log 2`, grad `{{-0.5}}`.
 */
inline loss_result bce_with_logits(const matrix& logits, const matrix& targets) {
    check::same_shape("bce_with_logits", logits, targets);
    if (logits.size() == 0) throw shape_error("bce_with_logits", "no elements (the mean of nothing is undefined)");
    const double n = static_cast<double>(logits.size());
    loss_result r;
    r.grad = matrix(logits.shape());
    double sum = 0.0;
    for (std::size_t i = 0; i < logits.size(); ++i) {
        const double z = logits.data()[i], y = targets.data()[i];
        if (!(y >= 0.0 && y <= 1.0))
            throw invalid_argument("bce_with_logits",
                                   detail::concat("targets must lie in [0, 1], element ", i, " is ", y));
        sum += ml::binary_cross_entropy_with_logits(z, y);
        r.grad.data()[i] = (ml::sigmoid(z) - y) / n;
    }
    r.loss = sum / n;
    return r;
}

/**
 * @ingroup nn
 * @brief Cross-entropy of softmax(logits) against integer class targets, mean over the batch,
 * and its gradient.
 *
 * For row b with target class t_b:
 * @f[ L = -\frac1B \sum_b \log\mathrm{softmax}(x_b)_{t_b}, \qquad
 *     \frac{\partial L}{\partial x_{bc}} = \frac{\mathrm{softmax}(x_b)_c - [c = t_b]}{B} @f]
 * The loss is ml::cross_entropy_with_logits of ml/03 and the softmax is ml::softmax, both through
 * the log-sum-exp trick, so a confidently right row costs ~0 and a confidently wrong one ~1e4 at
 * logits of ±1e4, with no inf or NaN.
 *
 * @param logits  x (B, C), B ≥ 1, C ≥ 1
 * @param targets t (B), each in [0, C)
 * @return the mean loss and ∂L/∂x (B, C)
 * @throws shape_error when B = 0, C = 0, or targets has another length than B
 * @throws invalid_argument when a target is not a valid class index
 *
 * Complexity: O(B C), 3·B·C exp (one log-softmax for the loss, one for the softmax and its
 * exp). Example: `cross_entropy_with_logits({{0, 0}}, {1})` → loss `log 2`,
 * grad `{{0.5, -0.5}}`.
 */
inline loss_result cross_entropy_with_logits(const matrix& logits, const index_vector& targets) {
    const std::size_t batch = logits.shape()[0], classes = logits.shape()[1];
    if (batch == 0 || classes == 0)
        throw shape_error("cross_entropy_with_logits",
                          detail::concat("expected non-empty logits (B, C), got ", shape_str(logits.shape())));
    if (targets.size() != batch)
        throw shape_error("cross_entropy_with_logits",
                          detail::concat("logits have ", batch, " rows but there are ", targets.size(), " targets"));
    for (std::size_t b = 0; b < batch; ++b)
        if (targets(b) >= classes)
            throw invalid_argument(
                "cross_entropy_with_logits",
                detail::concat("target ", b, " is class ", targets(b), " but there are only ", classes, " classes"));
    loss_result r;
    r.loss = ml::cross_entropy_with_logits(logits, targets);
    r.grad = ml::softmax(logits);  // becomes (softmax - onehot) / B in place
    const double inv_batch = 1.0 / static_cast<double>(batch);
    for (std::size_t b = 0; b < batch; ++b) {
        for (std::size_t c = 0; c < classes; ++c) r.grad(b, c) *= inv_batch;
        r.grad(b, targets(b)) -= inv_batch;
    }
    return r;
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_03_LOSSES_HPP
