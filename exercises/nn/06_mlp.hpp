// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nn/06 — training a multi-layer perceptron: the forward and backward pass through a stack
 * of dense layers, mini-batch SGD, and a training loop that solves XOR and reads handwritten digits.
 *
 * Shapes: B = batch size, L = number of dense layers, sizes = (n_0, n_1, …, n_L) with n_0 the
 * number of features and n_L = C the number of classes.
 *   x, dx: (B,n_0)   layer l: (n_l → n_{l+1})   z_l, h_l: (B,n_{l+1})   logits = z_{L-1}: (B,C)
 *   labels: (B), each in [0, C)
 *
 * What this file is: nn/05's dense layers chained with a hidden non-linearity (ReLU or tanh from
 * nn/02), the cross-entropy of nn/03 on top, and plain SGD (p -= lr·g). What it deliberately is
 * not: a general module system or an optimizer library (nn/07 brings momentum and Adam, nn/13
 * mini-batch loaders and gradient clipping). Every buffer a step needs (z_l, h_l and the
 * backward's gradients) lives in the mlp struct and is reused from batch to batch; the products
 * are BLAS gemms inside dense_forward/dense_backward.
 *
 * References: Rumelhart, Hinton & Williams (1986), "Learning representations by back-propagating
 * errors"; Goodfellow, Bengio & Courville, *Deep Learning* (2016), ch. 6 (XOR in §6.1) and §8.1.3
 * (mini-batch SGD); the digits are scikit-learn's `load_digits` (UCI optdigits, 8×8 pixels, 0–16).
 */
#ifndef LLMLINGS_NN_06_MLP_HPP
#define LLMLINGS_NN_06_MLP_HPP

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <limits>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xnoalias.hpp>

#include <llmlings/core.hpp>
#include <llmlings/ml/03_logistic_regression.hpp>
#include <llmlings/ml/04_metrics.hpp>
#include <llmlings/nn/02_activations.hpp>
#include <llmlings/nn/03_losses.hpp>
#include <llmlings/nn/05_dense.hpp>
#include <llmlings/stats/03_sampling.hpp>

namespace llmlings {
namespace nn {

/**
 * @ingroup nn
 * @brief The non-linearity between two dense layers of an mlp (the output layer has none).
 */
enum class hidden_activation {
    relu,  ///< max(0, z): the default for deep nets; He initialisation
    tanh   ///< tanh(z), in (−1, 1): smooth, zero-centred; Xavier initialisation
};

/**
 * @ingroup nn
 * @brief A multi-layer perceptron: L dense layers with a hidden activation between them, and the
 * buffers one forward and one backward pass write into.
 *
 * Build it with make_mlp(). The buffers are resized to the batch of the last call (so the first
 * batch, and the last smaller batch of an epoch, allocate; the others reuse the memory).
 */
struct mlp {
    std::vector<dense_layer> layers;                         ///< layer l maps n_l features to n_{l+1}
    hidden_activation activation = hidden_activation::relu;  ///< applied after every layer but the last
    std::vector<matrix> pre;   ///< z_l (B,n_{l+1}) = layer l's output before the activation; pre.back() is the logits
    std::vector<matrix> post;  ///< h_l = f(z_l) (B,n_{l+1}) for the L−1 hidden layers: the input of layer l+1
    std::vector<matrix> grad;  ///< grad[0] = dL/dx (B,n_0); grad[l] = dL/dz_{l−1} for l ≥ 1, written by mlp_backward()
};

/**
 * @ingroup nn
 * @brief A mean loss and an accuracy, over a data set or over one training epoch.
 */
struct mlp_scores {
    double loss = std::numeric_limits<double>::quiet_NaN();      ///< mean cross-entropy
    double accuracy = std::numeric_limits<double>::quiet_NaN();  ///< fraction of correct labels, in [0, 1]
};

/**
 * @ingroup nn
 * @brief One epoch of fit(): the training scores, the test scores (NaN without a test set) and
 * the wall-clock time.
 */
struct epoch_log {
    std::size_t epoch = 0;  ///< 1-based epoch number
    mlp_scores train;       ///< mean loss and accuracy over the epoch's batches (the weights moving)
    mlp_scores test;        ///< loss and accuracy on the test set after the epoch; NaN when there is none
    double seconds = 0.0;   ///< time the epoch took, evaluation included
};

/**
 * @ingroup nn
 * @brief The settings of fit(); the defaults suit the digits data scaled to [0, 1].
 */
struct fit_options {
    std::size_t epochs = 20;      ///< passes over the training set, ≥ 1
    std::size_t batch_size = 32;  ///< examples per SGD step, ≥ 1 (the last batch may be smaller)
    double learning_rate = 0.1;   ///< the SGD step size, finite and > 0
};

namespace detail {

/// f(z) of the hidden activation.
inline double activate(hidden_activation kind, double z) {
    todo("nn/06_mlp", "activate");
}

/// f'(z) of the hidden activation, given z and h = f(z): ReLU's step, or tanh's 1 − h² from the
/// stored output (no second tanh).
inline double activation_slope(hidden_activation kind, double z, double h) {
    todo("nn/06_mlp", "activation_slope");
}

/// Throws invalid_argument for a network without layers, shape_error unless x has n_0 columns.
inline void check_mlp_input(const char* function, const mlp& net, const matrix& x) {
    todo("nn/06_mlp", "check_mlp_input");
}

/// Throws invalid_argument unless the learning rate is finite and > 0.
inline void check_learning_rate(const char* function, double learning_rate) {
    todo("nn/06_mlp", "check_learning_rate");
}

/// Checks a labelled data set against the network: n ≥ 1 rows, n_0 features, labels in [0, C).
inline void check_labelled(const char* function, const mlp& net, const matrix& x, const index_vector& labels) {
    todo("nn/06_mlp", "check_labelled");
}

}  // namespace detail

/**
 * @ingroup nn
 * @brief An mlp with layers sizes[0] → sizes[1] → … → sizes.back(), initialised for its
 * activation: He normal (Var W = 2/fan_in) for ReLU, Xavier uniform (Var W = 2/(fan_in+fan_out))
 * for tanh, every bias 0.
 *
 * The layers are initialised in order, each drawing from `gen`, so a seed fixes the network.
 * sizes = {2, 8, 2} is one hidden layer of 8 units for a 2-class problem with 2 features;
 * sizes = {d, C} has no hidden layer and is softmax regression (ml/03).
 *
 * @param sizes (n_0, …, n_L), at least 2 entries, each ≥ 1
 * @param activation the hidden non-linearity
 * @param gen the generator
 * @return the network, with empty (0-row) buffers
 * @throws invalid_argument when sizes has fewer than 2 entries or one is 0
 *
 * Complexity: O(Σ n_l n_{l+1}) draws. Example: `make_mlp({64, 32, 10}, hidden_activation::relu, gen)`
 * → layers of weight shapes (32,64) and (10,32).
 */
inline mlp make_mlp(const std::vector<std::size_t>& sizes, hidden_activation activation, rng& gen) {
    todo("nn/06_mlp", "make_mlp");
}

/**
 * @ingroup nn
 * @brief Forward pass: the logits of every row of x, keeping z_l and h_l for the backward.
 *
 * @f[ h_{-1} = x, \qquad z_l = h_{l-1} W_l^\top + b_l, \qquad h_l = f(z_l)\ (l < L-1), \qquad
 *     \text{logits} = z_{L-1} @f]
 * The last layer has no activation: its outputs are logits, and softmax lives inside the loss.
 *
 * @param net the network; its pre and post buffers are overwritten (resized to B rows if needed)
 * @param x input (B,n_0)
 * @return a reference to net.pre.back(), the logits (B,C), valid until the next forward
 * @throws invalid_argument when the network has no layers
 * @throws shape_error when x does not have n_0 columns
 *
 * Complexity: 2·B·Σ n_l n_{l+1} flops (one gemm per layer) plus B·Σ n_{l+1} activations.
 * Example: sizes {2,2,2}, ReLU, W_0 = I, b_0 = (0,−1), W_1 = [[1,0],[0,2]], b_1 = 0, x = (1,3) →
 * z_0 = (1,2), h_0 = (1,2), logits (1,4).
 */
inline const matrix& mlp_forward(mlp& net, const matrix& x) {
    todo("nn/06_mlp", "mlp_forward");
}

/**
 * @ingroup nn
 * @brief Backward pass from dL/dlogits: accumulates every layer's weight and bias gradient and
 * returns dL/dx. Call it right after mlp_forward() on the same x.
 *
 * The chain rule, layer by layer from the top, with δ_{L-1} = dL/dlogits:
 * @f[ dW_l \mathrel{+}= \delta_l^\top h_{l-1}, \qquad db_l \mathrel{+}= \textstyle\sum_b \delta_{l,b},
 *     \qquad \delta_{l-1} = (\delta_l W_l) \odot f'(z_{l-1}) @f]
 * dense_backward() does the first two and δ_l W_l; the elementwise product with f'(z) carries the
 * gradient back through the activation. ReLU's slope is 1 where z > 0 and 0 elsewhere; tanh's is
 * 1 − h², read from the stored output.
 *
 * @param net the network after mlp_forward(x); gradients are added to (`+=`), so call zero_grad()
 *        first when starting a new step
 * @param x the input the forward pass saw (B,n_0)
 * @param dlogits dL/dlogits (B,C), e.g. cross_entropy_with_logits(logits, labels).grad
 * @return a reference to net.grad[0] = dL/dx (B,n_0), valid until the next backward
 * @throws invalid_argument when the network has no layers
 * @throws shape_error when x does not have n_0 columns, or x or dlogits does not match the batch
 *         of the last forward
 *
 * Complexity: 4·B·Σ n_l n_{l+1} flops (two gemms per layer). Example: for the network of
 * mlp_forward()'s example and dlogits = (1,1): δ_0 = (1,2)·[1 on z > 0] = (1,2), W_1's gradient
 * (1·1, 1·2; 1·1, 1·2) = [[1,2],[1,2]], dL/dx = δ_0 W_0 = (1,2).
 */
inline const matrix& mlp_backward(mlp& net, const matrix& x, const matrix& dlogits) {
    todo("nn/06_mlp", "mlp_backward");
}

/**
 * @ingroup nn
 * @brief Sets every layer's weight and bias gradient to 0 (nn/05's zero_grad on each layer).
 *
 * Throws nothing. Complexity: O(number of parameters). Example: after `zero_grad(net)`,
 * `net.layers[0].bias_grad` is all 0.
 */
inline void zero_grad(mlp& net) {
    todo("nn/06_mlp", "zero_grad");
}

/**
 * @ingroup nn
 * @brief One step of plain gradient descent on every parameter: p ← p − lr · dL/dp.
 *
 * @f[ W_l \leftarrow W_l - \eta\, dW_l, \qquad b_l \leftarrow b_l - \eta\, db_l @f]
 * The gradients are left as they are (zero_grad() clears them). nn/07 replaces this with
 * momentum, RMSProp and Adam.
 *
 * @param net the network, its gradients filled by mlp_backward()
 * @param learning_rate η, finite and > 0
 * @throws invalid_argument when η is not finite and > 0
 *
 * Complexity: 2 flops per parameter. Example: W = [[1,2]], dW = [[0.5,−1]], η = 0.1 →
 * W = [[0.95, 2.1]].
 */
inline void sgd_step(mlp& net, double learning_rate) {
    todo("nn/06_mlp", "sgd_step");
}

/**
 * @ingroup nn
 * @brief One epoch of mini-batch SGD: shuffles the rows, then for each batch forward, loss,
 * zero_grad, backward and sgd_step.
 *
 * The rows are visited in the order of stats::random_permutation(gen, N) (a new order every epoch:
 * batches that always hold the same examples make the gradient noise repeat), in batches of
 * batch_size; the last batch holds the N mod batch_size rows left over. The loss of a batch is
 * nn/03's mean cross_entropy_with_logits, and its gradient is what mlp_backward() receives.
 *
 * The returned scores are means over the epoch, weighted by batch size, of the loss and of the
 * correct predictions *as each batch was seen*, with the weights still moving (what Keras
 * prints); evaluate() after the epoch gives the scores of the final weights.
 *
 * @param net the network, trained in place
 * @param x the training inputs (N,n_0)
 * @param labels their classes (N), each in [0, C)
 * @param batch_size B ≥ 1 (B ≥ N gives full-batch gradient descent)
 * @param learning_rate η, finite and > 0
 * @param gen the generator for the shuffle (N − 1 draws)
 * @return the epoch's mean training loss and accuracy
 * @throws shape_error when x does not have n_0 columns or labels has not N entries
 * @throws invalid_argument when N = 0, a label is ≥ C, B = 0 or η is not finite and > 0
 *
 * Complexity: 6·N·Σ n_l n_{l+1} flops, ⌈N/B⌉ steps. Example: on the four XOR points with
 * B = 4 every epoch is one full-batch step.
 */
inline mlp_scores train_epoch(mlp& net, const matrix& x, const index_vector& labels, std::size_t batch_size,
                              double learning_rate, rng& gen) {
    todo("nn/06_mlp", "train_epoch");
}

/**
 * @ingroup nn
 * @brief The predicted class of every row: the index of the largest logit.
 *
 * @param net the network (its forward buffers are used)
 * @param x inputs (N,n_0)
 * @return index_vector (N) of classes in [0, C)
 * @throws invalid_argument when the network has no layers
 * @throws shape_error when x does not have n_0 columns
 *
 * Complexity: one forward pass. Example: with the network of mlp_forward()'s example,
 * `predict(net, {{1, 3}})` → `{1}`.
 */
inline index_vector predict(mlp& net, const matrix& x) {
    todo("nn/06_mlp", "predict");
}

/**
 * @ingroup nn
 * @brief The mean cross-entropy and the accuracy of the network on a labelled data set.
 *
 * @param net the network (its forward buffers are used; no gradient is touched)
 * @param x inputs (N,n_0), N ≥ 1
 * @param labels classes (N), each in [0, C)
 * @return the loss (ml::cross_entropy_with_logits) and the accuracy (ml::accuracy)
 * @throws shape_error when x does not have n_0 columns or labels has not N entries
 * @throws invalid_argument when N = 0 or a label is ≥ C
 *
 * Complexity: one forward pass over N rows. Example: logits (1,4) for label 1 → loss
 * log(1 + e^{−3}) = 0.0486, accuracy 1.
 */
inline mlp_scores evaluate(mlp& net, const matrix& x, const index_vector& labels) {
    todo("nn/06_mlp", "evaluate");
}

/**
 * @ingroup nn
 * @brief The progress line of one epoch, as fit() prints it.
 *
 * Format (printf): `epoch %*zu/%zu  loss %.4f  train acc %5.1f%%`, the epoch padded to the
 * width of the total, then `  test acc %5.1f%%` unless the test accuracy is NaN, then
 * `  %.2f s`. The loss is the training loss.
 *
 * @param log the epoch
 * @param epochs E, the planned number of epochs
 * @return the line, without a newline
 * @throws invalid_argument unless 1 ≤ log.epoch ≤ E
 *
 * Complexity: O(1). Example: {3, {0.21434, 0.942}, {0.3, 0.931}, 0.0512}, E = 20 →
 * `"epoch  3/20  loss 0.2143  train acc  94.2%  test acc  93.1%  0.05 s"`.
 */
inline std::string progress_line(const epoch_log& log, std::size_t epochs) {
    todo("nn/06_mlp", "progress_line");
}

/**
 * @ingroup nn
 * @brief Trains for options.epochs epochs of train_epoch(), scoring the test set after each, and
 * writes one progress_line() per epoch to `progress` (nullptr: silent).
 *
 * Pass a test set with 0 rows (e.g. `matrix({0, n_0})` and an empty index_vector) to train
 * without one; its scores are then NaN and left out of the progress line. Training is
 * deterministic: the same network, data, options and generator state give bit-identical weights.
 *
 * @param net the network, trained in place
 * @param x training inputs (N,n_0)
 * @param labels training classes (N)
 * @param x_test test inputs (M,n_0), M may be 0
 * @param labels_test test classes (M)
 * @param options epochs, batch size, learning rate
 * @param gen the generator for the shuffles
 * @param progress where the progress lines go (e.g. &std::cout), or nullptr
 * @return one epoch_log per epoch
 * @throws shape_error when an input does not have n_0 columns or the labels do not match the rows
 * @throws invalid_argument when epochs = 0, batch_size = 0, the learning rate is not finite and
 *         > 0, N = 0 or a label is ≥ C
 *
 * Complexity: options.epochs × (train_epoch() + evaluate() on the test set). Example: on the
 * digits, `fit(net, x, y, xt, yt, {20, 32, 0.1}, gen, &std::cout)` prints lines like
 * `epoch  3/20  loss 0.1873  train acc  95.1%  test acc  95.6%  0.02 s`.
 */
inline std::vector<epoch_log> fit(mlp& net, const matrix& x, const index_vector& labels, const matrix& x_test,
                                  const index_vector& labels_test, const fit_options& options, rng& gen,
                                  std::ostream* progress = nullptr) {
    todo("nn/06_mlp", "fit");
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_06_MLP_HPP
