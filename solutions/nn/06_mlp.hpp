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
    return kind == hidden_activation::relu ? relu(z) : std::tanh(z);
}

/// f'(z) of the hidden activation, given z and h = f(z): ReLU's step, or tanh's 1 − h² from the
/// stored output (no second tanh).
inline double activation_slope(hidden_activation kind, double z, double h) {
    return kind == hidden_activation::relu ? relu_derivative(z) : 1.0 - h * h;
}

/// Throws invalid_argument for a network without layers, shape_error unless x has n_0 columns.
inline void check_mlp_input(const char* function, const mlp& net, const matrix& x) {
    if (net.layers.empty()) throw invalid_argument(function, "the network has no layers (build it with make_mlp)");
    const std::size_t features = net.layers.front().weight.shape()[1];
    if (x.shape()[1] != features)
        throw shape_error(
            function, ::llmlings::detail::concat("x has ", x.shape()[1], " features, the network expects ", features,
                                                 " (x ", shape_str(x.shape()), ")"));
}

/// Throws invalid_argument unless the learning rate is finite and > 0.
inline void check_learning_rate(const char* function, double learning_rate) {
    if (!(learning_rate > 0.0) || !std::isfinite(learning_rate))
        throw invalid_argument(
            function, ::llmlings::detail::concat("the learning rate must be finite and > 0, got ", learning_rate));
}

/// Checks a labelled data set against the network: n ≥ 1 rows, n_0 features, labels in [0, C).
inline void check_labelled(const char* function, const mlp& net, const matrix& x, const index_vector& labels) {
    check_mlp_input(function, net, x);
    ml::detail::check_classification_input(function, x, labels, net.layers.back().weight.shape()[0]);
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
    if (sizes.size() < 2)
        throw invalid_argument("make_mlp",
                               ::llmlings::detail::concat("sizes needs the input and the output size at least, got ",
                                                          sizes.size(), " entries"));
    for (std::size_t l = 0; l < sizes.size(); ++l)
        if (sizes[l] == 0)
            throw invalid_argument("make_mlp",
                                   ::llmlings::detail::concat("sizes[", l, "] is 0; every layer needs a unit"));
    const std::size_t n_layers = sizes.size() - 1;
    mlp net;
    net.activation = activation;
    for (std::size_t l = 0; l < n_layers; ++l) {
        dense_layer layer = make_dense(sizes[l], sizes[l + 1]);
        if (activation == hidden_activation::relu)
            init_he_normal(layer, gen);
        else
            init_xavier_uniform(layer, gen);
        net.layers.push_back(std::move(layer));
        net.pre.push_back(xt::zeros<double>({std::size_t{0}, sizes[l + 1]}));
        if (l + 1 < n_layers) net.post.push_back(xt::zeros<double>({std::size_t{0}, sizes[l + 1]}));
        net.grad.push_back(xt::zeros<double>({std::size_t{0}, sizes[l]}));
    }
    return net;
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
    detail::check_mlp_input("mlp_forward", net, x);
    const std::size_t n_layers = net.layers.size();
    for (std::size_t l = 0; l < n_layers; ++l) {
        const matrix& input = l == 0 ? x : net.post[l - 1];
        dense_forward(net.layers[l], input, net.pre[l]);  // z_l = h_{l-1} W_lᵀ + b_l
        if (l + 1 == n_layers) break;                     // the logits get no activation
        const matrix& z = net.pre[l];
        matrix& h = net.post[l];
        if (h.shape() != z.shape()) h.resize(z.shape());
        for (std::size_t k = 0; k < z.size(); ++k) h.data()[k] = detail::activate(net.activation, z.data()[k]);
    }
    return net.pre.back();
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
    detail::check_mlp_input("mlp_backward", net, x);
    const matrix& logits = net.pre.back();
    if (x.shape()[0] != logits.shape()[0] || dlogits.shape() != logits.shape())
        throw shape_error("mlp_backward", ::llmlings::detail::concat(
                                              "the last forward gave logits ", shape_str(logits.shape()), "; got x ",
                                              shape_str(x.shape()), " and dlogits ", shape_str(dlogits.shape()),
                                              " (call mlp_forward on the same batch first)"));
    const std::size_t n_layers = net.layers.size();
    for (std::size_t l = n_layers; l-- > 0;) {
        const matrix& input = l == 0 ? x : net.post[l - 1];
        const matrix& delta = l + 1 == n_layers ? dlogits : net.grad[l + 1];
        // 1. through the dense layer: dW_l, db_l accumulate; grad[l] = δ_l W_l = dL/dh_{l-1}.
        dense_backward(net.layers[l], input, delta, net.grad[l]);
        if (l == 0) break;  // grad[0] is dL/dx: there is no activation below the input
        // 2. through the activation of layer l−1: dL/dz_{l-1} = dL/dh_{l-1} ⊙ f'(z_{l-1}).
        matrix& g = net.grad[l];
        const matrix& z = net.pre[l - 1];
        const matrix& h = net.post[l - 1];
        for (std::size_t k = 0; k < g.size(); ++k)
            g.data()[k] *= detail::activation_slope(net.activation, z.data()[k], h.data()[k]);
    }
    return net.grad[0];
}

/**
 * @ingroup nn
 * @brief Sets every layer's weight and bias gradient to 0 (nn/05's zero_grad on each layer).
 *
 * Throws nothing. Complexity: O(number of parameters). Example: after `zero_grad(net)`,
 * `net.layers[0].bias_grad` is all 0.
 */
inline void zero_grad(mlp& net) {
    for (dense_layer& layer : net.layers) zero_grad(layer);
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
    detail::check_learning_rate("sgd_step", learning_rate);
    for (dense_layer& layer : net.layers) {
        xt::noalias(layer.weight) -= learning_rate * layer.weight_grad;
        xt::noalias(layer.bias) -= learning_rate * layer.bias_grad;
    }
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
    detail::check_labelled("train_epoch", net, x, labels);
    if (batch_size == 0) throw invalid_argument("train_epoch", "batch_size must be >= 1, got 0");
    detail::check_learning_rate("train_epoch", learning_rate);
    const std::size_t n = x.shape()[0], features = x.shape()[1];
    const index_vector order = stats::random_permutation(gen, n);
    matrix xb = xt::empty<double>({std::min(batch_size, n), features});
    index_vector yb = xt::empty<std::size_t>({std::min(batch_size, n)});
    double loss_sum = 0.0;
    std::size_t correct = 0;
    for (std::size_t begin = 0; begin < n; begin += batch_size) {
        const std::size_t rows = std::min(batch_size, n - begin);
        if (xb.shape()[0] != rows) {  // the last, smaller batch
            xb.resize({rows, features});
            yb.resize({rows});
        }
        // 1. gather the batch
        for (std::size_t r = 0; r < rows; ++r) {
            const std::size_t src = order(begin + r);
            for (std::size_t j = 0; j < features; ++j) xb(r, j) = x(src, j);
            yb(r) = labels(src);
        }
        // 2. forward and loss
        const matrix& logits = mlp_forward(net, xb);
        const loss_result loss = cross_entropy_with_logits(logits, yb);
        loss_sum += loss.loss * static_cast<double>(rows);
        const index_vector predicted = ml::detail::argmax_rows(logits);
        for (std::size_t r = 0; r < rows; ++r) correct += (predicted(r) == yb(r));
        // 3. backward and step
        zero_grad(net);
        mlp_backward(net, xb, loss.grad);
        sgd_step(net, learning_rate);
    }
    mlp_scores scores;
    scores.loss = loss_sum / static_cast<double>(n);
    scores.accuracy = static_cast<double>(correct) / static_cast<double>(n);
    return scores;
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
    return ml::detail::argmax_rows(mlp_forward(net, x));
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
    detail::check_labelled("evaluate", net, x, labels);
    const matrix& logits = mlp_forward(net, x);
    mlp_scores scores;
    scores.loss = ml::cross_entropy_with_logits(logits, labels);
    scores.accuracy = ml::accuracy(labels, ml::detail::argmax_rows(logits));
    return scores;
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
    if (log.epoch == 0 || log.epoch > epochs)
        throw invalid_argument("progress_line", ::llmlings::detail::concat("epoch ", log.epoch, " of ", epochs,
                                                                           ": expected 1 <= epoch <= epochs"));
    const int width = static_cast<int>(std::to_string(epochs).size());
    char buffer[160];
    std::snprintf(buffer, sizeof buffer, "epoch %*zu/%zu  loss %.4f  train acc %5.1f%%", width, log.epoch, epochs,
                  log.train.loss, 100.0 * log.train.accuracy);
    std::string line = buffer;
    if (!std::isnan(log.test.accuracy)) {
        std::snprintf(buffer, sizeof buffer, "  test acc %5.1f%%", 100.0 * log.test.accuracy);
        line += buffer;
    }
    std::snprintf(buffer, sizeof buffer, "  %.2f s", log.seconds);
    return line + buffer;
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
    if (options.epochs == 0) throw invalid_argument("fit", "epochs must be >= 1, got 0");
    if (options.batch_size == 0) throw invalid_argument("fit", "batch_size must be >= 1, got 0");
    detail::check_learning_rate("fit", options.learning_rate);
    detail::check_labelled("fit", net, x, labels);
    const bool has_test = x_test.shape()[0] > 0 || labels_test.size() > 0;
    if (has_test) detail::check_labelled("fit", net, x_test, labels_test);
    std::vector<epoch_log> history;
    history.reserve(options.epochs);
    for (std::size_t epoch = 1; epoch <= options.epochs; ++epoch) {
        const auto start = std::chrono::steady_clock::now();
        epoch_log log;
        log.epoch = epoch;
        log.train = train_epoch(net, x, labels, options.batch_size, options.learning_rate, gen);
        if (has_test) log.test = evaluate(net, x_test, labels_test);
        log.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (progress != nullptr) *progress << progress_line(log, options.epochs) << '\n';
        history.push_back(log);
    }
    return history;
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_06_MLP_HPP
