// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nn/03 — losses and their gradients: MSE, binary cross-entropy with logits,
 * cross-entropy with logits for integer class targets.
 *
 * Shapes: predictions and targets (B, K) for mse and bce_with_logits (every element is one
 * prediction); logits (B, C) and targets (B) class indices for cross_entropy_with_logits. A
 * (B,T,C) tensor of a sequence model passes as its rows, as_rows(x) (B·T, C), with B·T targets.
 * Every loss is a mean, and every function gives the loss together with its gradient with respect
 * to its first argument (the same shape), ready to be passed backward into the network.
 *
 * Two forms of each loss, one implementation. The view form is the one a model uses: it reads
 * const_matrix_view<T> inputs, writes the gradient into a preallocated matrix_view<T> (a buffer
 * of the model's workspace, so a training step allocates nothing) and returns the loss. The form
 * taking and returning xtensors (loss_result<T>) is for tests and small programs; it allocates
 * the gradient and calls the view form. T is float (training) or double (gradient checks); the
 * loss is accumulated in double in both, so a mean over a large batch keeps its digits.
 *
 * The two cross-entropies were met in ml/03 (logistic regression): bce_with_logits takes its
 * per-element loss from ml::binary_cross_entropy_with_logits and its sigmoid from ml::sigmoid, so
 * each formula lives in one place. cross_entropy_with_logits fuses the log-softmax and its
 * gradient: per row one maximum, one pass of exp (stored in the gradient), one log — what the
 * loss and the softmax both need, computed once.
 *
 * Reference: PyTorch's `MSELoss`, `BCEWithLogitsLoss` and `CrossEntropyLoss` (reduction='mean'),
 * whose values these match; the stable BCE form is the one PyTorch and TensorFlow document.
 *
 * Guide: @ref nn_03_losses (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NN_03_LOSSES_HPP
#define LLMLINGS_NN_03_LOSSES_HPP

#include <cmath>
#include <cstddef>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/ml/03_logistic_regression.hpp>

namespace llmlings {
namespace nn {

/**
 * @ingroup nn
 * @brief A loss value and its gradient with respect to the predictions (or logits): what the
 * overloads taking xtensors return.
 *
 * @tparam T the element type of the gradient, float or double (the loss is a double in both)
 */
template <class T>
struct loss_result {
    double loss = 0.0;  ///< the scalar loss (a mean), accumulated in double
    matrix_of<T> grad;  ///< ∂loss/∂(first argument), same shape as it
};

namespace detail {

/// Throws shape_error unless predictions, targets and grad have one shape with elements in it.
template <class P, class Q, class G>
void check_elementwise_loss(const char* function, const P& predictions, const Q& targets, const G& grad) {
    todo("nn/03_losses", "check_elementwise_loss");
}

/// Throws shape_error unless logits are (B, C) with B, C ≥ 1, B targets and grad (B, C), and
/// invalid_argument unless every target is a class index < C.
template <class L, class G>
void check_cross_entropy(const char* function, const L& logits, const index_vector& targets, const G& grad) {
    todo("nn/03_losses", "check_cross_entropy");
}

}  // namespace detail

/**
 * @ingroup nn
 * @brief Mean squared error over all elements, its gradient written into a preallocated view.
 *
 * With N = B·K elements:
 * @f[ L = \frac1N \sum_{i} (p_i - t_i)^2, \qquad \frac{\partial L}{\partial p_i} = \frac{2}{N}(p_i - t_i) @f]
 * The differences are taken in T, their squares summed in double.
 *
 * @tparam T float or double
 * @param predictions p (B, K), not empty
 * @param targets     t (B, K)
 * @param grad        ∂L/∂p (B, K), preallocated; overwritten
 * @return the loss
 * @throws shape_error when the shapes differ, grad is not (B, K) or there are no elements; the
 *         message names the function and both shapes: `mse: grad must have the shape (2,3) of the
 *         predictions, got (3,2)`
 *
 * Complexity: O(B K), no allocation. Example: p = {{1, 2}}, t = {{0, 4}} → `2.5` (= (1 + 4) / 2),
 * grad `{{1, -2}}`.
 */
template <class T>
double mse(const const_matrix_view<T>& predictions, const const_matrix_view<T>& targets, matrix_view<T> grad) {
    todo("nn/03_losses", "mse");
}

/**
 * @ingroup nn
 * @brief Mean squared error and its gradient, returned (see the overload with a gradient view).
 *
 * @tparam T float or double
 * @param predictions p (B, K), not empty
 * @param targets     t (B, K)
 * @return the loss and ∂L/∂p (B, K)
 * @throws shape_error when the shapes differ or there are no elements
 *
 * Complexity: O(B K) plus one allocation. Example: `mse({{1, 2}}, {{0, 4}})` → loss `2.5`,
 * grad `{{1, -2}}`.
 */
template <class T>
loss_result<T> mse(const matrix_of<T>& predictions, const matrix_of<T>& targets) {
    todo("nn/03_losses", "mse");
}

/**
 * @ingroup nn
 * @brief Binary cross-entropy on logits (sigmoid folded in), stable, its gradient written into a
 * preallocated view.
 *
 * For a logit z and a target y ∈ [0, 1], with p = σ(z):
 * @f[ \ell = -y\log p - (1-y)\log(1-p) = \max(z, 0) - z\,y + \log\left(1 + e^{-|z|}\right) @f]
 * The right-hand form, ml::binary_cross_entropy_with_logits(double, double) of ml/03, never takes
 * the log of 0 and never exponentiates a positive number, so z = ±1e4 gives the exact loss (0 when
 * right, 1e4 when wrong). The gradient is simply
 * @f[ \frac{\partial \ell}{\partial z} = \sigma(z) - y @f]
 * and both are averaged over the N = B·K elements. The targets are checked before anything is
 * written.
 *
 * @tparam T float or double
 * @param logits  z (B, K), not empty
 * @param targets y (B, K), each in [0, 1]
 * @param grad    ∂L/∂z (B, K), preallocated; overwritten
 * @return the mean loss
 * @throws shape_error when the shapes differ or there are no elements
 * @throws invalid_argument when a target is outside [0, 1] (NaN included)
 *
 * Complexity: O(B K), no allocation. Example: z = {{0}}, y = {{1}} → `log 2`, grad `{{-0.5}}`.
 */
template <class T>
double bce_with_logits(const const_matrix_view<T>& logits, const const_matrix_view<T>& targets, matrix_view<T> grad) {
    todo("nn/03_losses", "bce_with_logits");
}

/**
 * @ingroup nn
 * @brief Binary cross-entropy on logits and its gradient, returned (see the overload with a
 * gradient view).
 *
 * @tparam T float or double
 * @param logits  z (B, K), not empty
 * @param targets y (B, K), each in [0, 1]
 * @return the mean loss and ∂L/∂z (B, K)
 * @throws shape_error when the shapes differ or there are no elements
 * @throws invalid_argument when a target is outside [0, 1]
 *
 * Complexity: O(B K) plus one allocation. Example: `bce_with_logits({{0}}, {{1}})` → loss
 * `log 2`, grad `{{-0.5}}`.
 */
template <class T>
loss_result<T> bce_with_logits(const matrix_of<T>& logits, const matrix_of<T>& targets) {
    todo("nn/03_losses", "bce_with_logits");
}

/**
 * @ingroup nn
 * @brief Cross-entropy of softmax(logits) against integer class targets, mean over the rows, its
 * gradient written into a preallocated view.
 *
 * For row b with target class t_b and m_b its largest logit:
 * @f[ L = -\frac1B \sum_b \log\mathrm{softmax}(x_b)_{t_b}
 *       = \frac1B \sum_b \Bigl(\log\sum_c e^{x_{bc} - m_b} - (x_{b,t_b} - m_b)\Bigr), \qquad
 *     \frac{\partial L}{\partial x_{bc}} = \frac{\mathrm{softmax}(x_b)_c - [c = t_b]}{B} @f]
 * Both come from one log-softmax per row: one maximum, one pass of exp storing e^(x − m) in the
 * gradient row and summing it, one log for the loss, then the gradient row is scaled by 1/(B·Σ)
 * and 1/B is subtracted at the target. The log-sum-exp trick keeps every exponent ≤ 0, so a
 * confidently right row costs ~0 and a confidently wrong one ~1e4 at logits of ±1e4, with no inf
 * or NaN. The targets and shapes are checked before anything is written.
 *
 * @tparam T float or double
 * @param logits  x (B, C), B ≥ 1, C ≥ 1; as_rows(x) for (B,T,C) logits
 * @param targets t (B), each in [0, C)
 * @param grad    ∂L/∂x (B, C), preallocated; overwritten
 * @return the mean loss, accumulated in double
 * @throws shape_error when B = 0, C = 0, targets has another length than B, or grad is not (B, C);
 *         the message names the function and, for grad, both shapes:
 *         `cross_entropy_with_logits: grad must have the shape (2,3) of the logits, got (3,2)`
 * @throws invalid_argument when a target is not a valid class index
 *
 * Complexity: O(B C): B·C exp and B log, no allocation. Example: x = {{0, 0}}, t = {1} →
 * `log 2`, grad `{{0.5, -0.5}}`.
 */
template <class T>
double cross_entropy_with_logits(const const_matrix_view<T>& logits, const index_vector& targets, matrix_view<T> grad) {
    todo("nn/03_losses", "cross_entropy_with_logits");
}

/**
 * @ingroup nn
 * @brief Cross-entropy of softmax(logits) against integer class targets and its gradient,
 * returned (see the overload with a gradient view for the math).
 *
 * @tparam T float or double
 * @param logits  x (B, C), B ≥ 1, C ≥ 1
 * @param targets t (B), each in [0, C)
 * @return the mean loss and ∂L/∂x (B, C)
 * @throws shape_error when B = 0, C = 0, or targets has another length than B
 * @throws invalid_argument when a target is not a valid class index
 *
 * Complexity: O(B C), B·C exp, plus one allocation. Example: `cross_entropy_with_logits({{0, 0}}, {1})`
 * → loss `log 2`, grad `{{0.5, -0.5}}`.
 */
template <class T>
loss_result<T> cross_entropy_with_logits(const matrix_of<T>& logits, const index_vector& targets) {
    todo("nn/03_losses", "cross_entropy_with_logits");
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_03_LOSSES_HPP
