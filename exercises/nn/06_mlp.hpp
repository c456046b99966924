// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nn/06 — training a multi-layer perceptron: the forward and backward pass through a stack
 * of dense layers, mini-batch training with an optimizer, and a training loop that solves XOR and
 * reads handwritten digits.
 *
 * Shapes: B = batch size, L = number of dense layers, sizes = (n_0, n_1, …, n_L) with n_0 the
 * number of features and n_L = C the number of classes.
 *   x, dx: (B,n_0)   layer l: weight (n_{l+1},n_l)   z_l, h_l: (B,n_{l+1})   logits = z_{L-1}: (B,C)
 *   labels: (B), each in [0, C)
 *
 * What this file is: nn/05's dense layers chained with a hidden non-linearity (ReLU or tanh from
 * nn/02), the cross-entropy of nn/03 on top, and the loop that trains them. The parameters live in
 * one parameter_store (include/llmlings/core/parameters.hpp): make_mlp() registers the layers as
 * "<name>.0", "<name>.1", …, the network keeps a copy of the store handle, and any optimizer made
 * over it (nn/07's make_sgd, make_adam, … — the loop calls `step(opt)`) trains it. Every
 * activation the backward needs lives in one mlp_workspace, sized with ensure_shape() on the first
 * batch and reused: a training step allocates nothing after the first (llm.c's
 * ActivationTensors). One implementation serves float (training) and double (gradient checks).
 *
 * The data set keeps its own element type E (std::uint8_t pixels, float, double): each batch is
 * copied into the workspace as T(x · input_scale), so Fashion-MNIST stays 47 MB of bytes instead of
 * 376 MB of doubles.
 *
 * What it deliberately is not: a general module system (a network is a list of dense layers), or
 * a data-loader framework (nn/13 brings loaders and gradient clipping).
 *
 * References: Rumelhart, Hinton & Williams (1986), "Learning representations by back-propagating
 * errors"; Goodfellow, Bengio & Courville, *Deep Learning* (2016), ch. 6 (XOR in §6.1) and §8.1.3
 * (mini-batch SGD); the digits are scikit-learn's `load_digits` (UCI optdigits, 8×8 pixels, 0–16).
 *
 * Guide: @ref nn_06_mlp (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NN_06_MLP_HPP
#define LLMLINGS_NN_06_MLP_HPP

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <limits>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xtensor.hpp>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/core/progress.hpp>
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
 * @brief A multi-layer perceptron: L dense layers with a hidden activation between them, their
 * parameters in one store.
 *
 * Build it with make_mlp(). The network holds no activation: those live in an mlp_workspace the
 * caller owns, so a const network can run forward passes for several workspaces.
 *
 * @tparam T the element type, float (training) or double (gradient checks)
 */
template <class T>
struct mlp {
    parameter_store<T> params;                               ///< the model's store handle (shares the tensors)
    std::vector<dense_layer<T>> layers;                      ///< layer l maps n_l features to n_{l+1}
    hidden_activation activation = hidden_activation::relu;  ///< applied after every layer but the last
};

/**
 * @ingroup nn
 * @brief Every activation one forward and one backward pass of an mlp write: the network's
 * ActivationTensors.
 *
 * Make it empty (`mlp_workspace<float> ws;`); the passes size each buffer with ensure_shape() for
 * the batch they see, so the first batch allocates and every later batch of the same size reuses
 * the memory. A batch of another size (the last, smaller batch of an epoch) reallocates once.
 *
 * @tparam T the network's element type
 */
template <class T>
struct mlp_workspace {
    matrix_of<T> input;              ///< (B,n_0): the batch as T(x · input_scale) (train_epoch, predict, evaluate)
    index_vector targets;            ///< (B): the batch's labels (train_epoch, evaluate)
    index_vector order;              ///< (N): the epoch's shuffled row order (train_epoch)
    std::vector<matrix_of<T>> pre;   ///< z_l (B,n_{l+1}), layer l's output before the activation; pre.back(): logits
    std::vector<matrix_of<T>> post;  ///< h_l = f(z_l) (B,n_{l+1}) for the L−1 hidden layers: layer l+1's input
    std::vector<matrix_of<T>> grad;  ///< grad[0] = dL/dx (B,n_0); grad[l] = dL/dz_{l−1} (B,n_l) for l ≥ 1
    matrix_of<T> dlogits;            ///< dL/dlogits (B,C), written by the loss (train_epoch, evaluate)
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
 * @brief The settings of fit(). The learning rate belongs to the optimizer.
 */
struct fit_options {
    std::size_t epochs = 10;      ///< passes over the training set, ≥ 1
    std::size_t batch_size = 32;  ///< examples per optimizer step, ≥ 1 (the last batch may be smaller)
    double input_scale = 1.0;     ///< every input is multiplied by it (1/255 for bytes of pixels), finite and > 0
};

namespace detail {

/// How many rows predict() and evaluate() push through the network at once: the workspace of a
/// 784-256-10 float network then holds about 1 MB, whatever the size of the data set.
constexpr std::size_t evaluation_rows = 256;

/// f(z) of the hidden activation (nn/02's relu, or tanh).
template <class T>
T activate(hidden_activation kind, T z) {
    todo("nn/06_mlp", "activate");
}

/// f'(z) of the hidden activation, given z and h = f(z): ReLU's step, or tanh's 1 − h² from the
/// stored output (no second tanh).
template <class T>
T activation_slope(hidden_activation kind, T z, T h) {
    todo("nn/06_mlp", "activation_slope");
}

/// Throws invalid_argument for a network without layers, shape_error unless x has n_0 columns.
template <class T, class X>
void check_mlp_input(const char* function, const mlp<T>& net, const X& x) {
    todo("nn/06_mlp", "check_mlp_input");
}

/// Throws invalid_argument unless the scale of the inputs is finite and > 0.
inline void check_input_scale(const char* function, double input_scale) {
    todo("nn/06_mlp", "check_input_scale");
}

/// Checks a labelled data set against the network: n_0 features, one label per row, N ≥ 1 rows,
/// labels in [0, C).
template <class T, class E>
void check_labelled(const char* function, const mlp<T>& net, const xt::xtensor<E, 2>& x, const index_vector& labels) {
    todo("nn/06_mlp", "check_labelled");
}

/// Copies `rows` rows of x into ws.input as T(x · scale), and their labels into ws.targets (when
/// labels is not null): the rows order[begin…] when order is not null, else begin, begin+1, ….
template <class T, class E>
void load_batch(const xt::xtensor<E, 2>& x, const index_vector* labels, const std::size_t* order, std::size_t begin,
                std::size_t rows, double scale, mlp_workspace<T>& ws) {
    todo("nn/06_mlp", "load_batch");
}

/// The index of the largest of `classes` logits (the first one on ties): the predicted class.
template <class T>
std::size_t argmax_row(const T* row, std::size_t classes) {
    todo("nn/06_mlp", "argmax_row");
}

/// The number of rows whose predicted class (argmax_row) is their label.
template <class T>
std::size_t count_correct(const matrix_of<T>& logits, const index_vector& labels) {
    todo("nn/06_mlp", "count_correct");
}

}  // namespace detail

/**
 * @ingroup nn
 * @brief An mlp with layers sizes[0] → sizes[1] → … → sizes.back(), registered in `store` as
 * "<name>.0", "<name>.1", … and initialised for its activation: He normal (Var W = 2/fan_in) for
 * ReLU, Xavier uniform (Var W = 2/(fan_in+fan_out)) for tanh, every bias 0.
 *
 * The layers are initialised in order, each drawing from `gen`, so a seed fixes the network.
 * sizes = {2, 8, 2} is one hidden layer of 8 units for a 2-class problem with 2 features;
 * sizes = {d, C} has no hidden layer and is softmax regression (ml/03).
 *
 * @param store where the parameters live; the network keeps a copy of the handle in `params`
 * @param name the network's prefix in the store (e.g. "mlp" gives "mlp.0.weight"); "" gives
 *        "0.weight", as PyTorch's nn.Sequential names them
 * @param sizes (n_0, …, n_L), at least 2 entries, each ≥ 1
 * @param activation the hidden non-linearity
 * @param gen the generator
 * @return the network
 * @throws invalid_argument when sizes has fewer than 2 entries or one is 0, or the store refuses
 *         a name (taken, or the store is frozen)
 *
 * Complexity: O(Σ n_l n_{l+1}) draws. Example: `make_mlp(store, "mlp", {64, 32, 10},
 * hidden_activation::relu, gen)` → "mlp.0.weight" (32,64), "mlp.0.bias" (32), "mlp.1.weight"
 * (10,32), "mlp.1.bias" (10).
 */
template <class T>
mlp<T> make_mlp(parameter_store<T>& store, const std::string& name, const std::vector<std::size_t>& sizes,
                hidden_activation activation, rng& gen) {
    todo("nn/06_mlp", "make_mlp");
}

/**
 * @ingroup nn
 * @brief Forward pass: the logits of every row of x, keeping z_l and h_l in the workspace for the
 * backward.
 *
 * @f[ h_{-1} = x, \qquad z_l = h_{l-1} W_l^\top + b_l, \qquad h_l = f(z_l)\ (l < L-1), \qquad
 *     \text{logits} = z_{L-1} @f]
 * The last layer has no activation: its outputs are logits, and softmax lives inside the loss.
 *
 * @param net the network
 * @param x input (B,n_0), e.g. `as_rows(batch)`; it must not be a view of ws.pre or ws.post
 * @param ws the workspace; ws.pre and ws.post are sized for B rows (if needed) and overwritten
 * @return a reference to ws.pre.back(), the logits (B,C), valid until the next pass on ws
 * @throws invalid_argument when the network has no layers
 * @throws shape_error when x does not have n_0 columns; the message names the function and both
 *         sizes: `mlp_forward: x has 2 features, the network expects 3 (x (5,2))`
 *
 * Complexity: 2·B·Σ n_l n_{l+1} flops (one gemm per layer) plus B·Σ n_{l+1} activations; no
 * allocation once ws holds buffers of this batch size. Example: sizes {2,2,2}, ReLU, W_0 = I,
 * b_0 = (0,−1), W_1 = [[1,0],[0,2]], b_1 = 0, x = (1,3) → z_0 = (1,2), h_0 = (1,2), logits (1,4).
 */
template <class T>
LLMLINGS_RETURNS_INTO_WORKSPACE const matrix_of<T>& mlp_forward(const mlp<T>& net, const const_matrix_view<T>& x,
                                                                mlp_workspace<T>& ws) {
    todo("nn/06_mlp", "mlp_forward");
}

/**
 * @ingroup nn
 * @brief Backward pass from dL/dlogits: accumulates every layer's weight and bias gradient into
 * the store and leaves dL/dx in ws.grad[0]. Call it right after mlp_forward() on the same x and
 * workspace.
 *
 * The chain rule, layer by layer from the top, with δ_{L-1} = dL/dlogits:
 * @f[ dW_l \mathrel{+}= \delta_l^\top h_{l-1}, \qquad db_l \mathrel{+}= \textstyle\sum_b \delta_{l,b},
 *     \qquad \delta_{l-1} = (\delta_l W_l) \odot f'(z_{l-1}) @f]
 * dense_backward() does the first two and δ_l W_l; the elementwise product with f'(z) carries the
 * gradient back through the activation. ReLU's slope is 1 where z > 0 and 0 elsewhere; tanh's is
 * 1 − h², read from the stored output.
 *
 * @param net the network; gradients are added to (`+=`), so call net.params.zero_grad() first
 *        when starting a new step
 * @param x the input the forward pass saw (B,n_0)
 * @param dlogits dL/dlogits (B,C), e.g. the gradient nn/03's cross_entropy_with_logits wrote
 * @param ws the workspace mlp_forward() filled; ws.grad is sized and overwritten
 * @throws invalid_argument when the network has no layers
 * @throws shape_error when x does not have n_0 columns, or x or dlogits does not match the batch
 *         of the last forward on ws
 *
 * Complexity: 4·B·Σ n_l n_{l+1} flops (two gemms per layer); no allocation once ws holds buffers
 * of this batch size. Example: for the network of mlp_forward()'s example and dlogits = (1,1):
 * δ_0 = (1,2)·[1 on z > 0] = (1,2), W_1's gradient [[1,2],[1,2]], dL/dx = δ_0 W_0 = (1,2).
 */
template <class T>
void mlp_backward(const mlp<T>& net, const const_matrix_view<T>& x, const const_matrix_view<T>& dlogits,
                  mlp_workspace<T>& ws) {
    todo("nn/06_mlp", "mlp_backward");
}

/**
 * @ingroup nn
 * @brief One epoch of mini-batch training: shuffles the rows, then for each batch zero_grad,
 * forward, loss, backward and an optimizer step.
 *
 * The rows are visited in a fresh random order every epoch (0…N−1 shuffled with stats::shuffle,
 * the order stats::random_permutation(N, gen) gives: batches that always hold the same examples
 * make the gradient noise repeat), in batches of batch_size; the last batch holds the
 * N mod batch_size rows left over. Each batch is copied into ws.input as T(x · input_scale), its
 * loss is nn/03's mean cross_entropy_with_logits, whose gradient goes to mlp_backward(), and
 * `step(opt)` (nn/07's SGD, Adam, …, found by argument-dependent lookup) updates the store.
 *
 * The returned scores are means over the epoch, weighted by batch size, of the loss and of the
 * correct predictions *as each batch was seen*, with the weights still moving (what Keras
 * prints); evaluate() after the epoch gives the scores of the final weights.
 *
 * @param net the network, trained in place
 * @param x the training inputs (N,n_0), of any element type E convertible to double
 * @param labels their classes (N), each in [0, C)
 * @param batch_size B ≥ 1 (B ≥ N gives full-batch gradient descent)
 * @param input_scale every input is multiplied by it, finite and > 0
 * @param opt an optimizer made over net.params (nn/07's make_sgd(net.params, …), make_adam, …)
 * @param ws the workspace, reused from step to step and epoch to epoch
 * @param gen the generator for the shuffle (N − 1 draws)
 * @return the epoch's mean training loss and accuracy
 * @throws shape_error when x does not have n_0 columns or labels has not N entries
 * @throws invalid_argument when N = 0, a label is ≥ C, B = 0 or input_scale is not finite and > 0
 *
 * Complexity: 6·N·Σ n_l n_{l+1} flops, ⌈N/B⌉ steps; no allocation once ws holds buffers of these
 * batch sizes. Example: on the four XOR points with B = 4 every epoch is one full-batch step.
 */
template <class T, class Optimizer, class E>
mlp_scores train_epoch(mlp<T>& net, const xt::xtensor<E, 2>& x, const index_vector& labels, std::size_t batch_size,
                       double input_scale, Optimizer& opt, mlp_workspace<T>& ws, rng& gen) {
    todo("nn/06_mlp", "train_epoch");
}

/**
 * @ingroup nn
 * @brief The predicted class of every row: the index of the largest logit (the first one on ties).
 *
 * The rows go through the network 256 at a time (copied into ws.input as T(x · input_scale)), so
 * the workspace stays small whatever N.
 *
 * @param net the network
 * @param x inputs (N,n_0), of any element type E convertible to double
 * @param input_scale every input is multiplied by it, finite and > 0 (the one used in training)
 * @param ws the workspace (its forward buffers are overwritten; no gradient is touched)
 * @return index_vector (N) of classes in [0, C)
 * @throws invalid_argument when the network has no layers or input_scale is not finite and > 0
 * @throws shape_error when x does not have n_0 columns
 *
 * Complexity: one forward pass over N rows. Example: with the network of mlp_forward()'s example,
 * `predict(net, matrix{{1, 3}}, 1.0, ws)` → `{1}`.
 */
template <class T, class E>
index_vector predict(const mlp<T>& net, const xt::xtensor<E, 2>& x, double input_scale, mlp_workspace<T>& ws) {
    todo("nn/06_mlp", "predict");
}

/**
 * @ingroup nn
 * @brief The mean cross-entropy and the accuracy of the network on a labelled data set.
 *
 * The rows go through the network 256 at a time, as in predict(); the loss is the mean over all N
 * rows (each chunk's mean weighted by its rows).
 *
 * @param net the network (no gradient in its store is touched)
 * @param x inputs (N,n_0), N ≥ 1, of any element type E convertible to double
 * @param labels classes (N), each in [0, C)
 * @param input_scale every input is multiplied by it, finite and > 0
 * @param ws the workspace (its forward buffers and dlogits are overwritten)
 * @return the loss (nn/03's cross_entropy_with_logits) and the accuracy
 * @throws shape_error when x does not have n_0 columns or labels has not N entries
 * @throws invalid_argument when N = 0, a label is ≥ C or input_scale is not finite and > 0
 *
 * Complexity: one forward pass over N rows. Example: logits (1,4) for label 1 → loss
 * log(1 + e^{−3}) = 0.0486, accuracy 1.
 */
template <class T, class E>
mlp_scores evaluate(const mlp<T>& net, const xt::xtensor<E, 2>& x, const index_vector& labels, double input_scale,
                    mlp_workspace<T>& ws) {
    todo("nn/06_mlp", "evaluate");
}

/**
 * @ingroup nn
 * @brief Trains for options.epochs epochs of train_epoch(), scoring the test set after each, and
 * writes one format_progress() line per epoch to `progress` (nullptr: silent).
 *
 * Pass a test set with 0 rows (e.g. `xt::xtensor<E, 2>({0, n_0})` and an empty index_vector) to
 * train without one; its scores are then NaN and left out of the progress line. Training is
 * deterministic: the same network, data, options, optimizer and generator state give bit-identical
 * weights. fit() keeps one workspace for the whole run.
 *
 * @param net the network, trained in place
 * @param x training inputs (N,n_0), of any element type E convertible to double
 * @param labels training classes (N)
 * @param x_test test inputs (M,n_0), M may be 0
 * @param labels_test test classes (M)
 * @param options epochs, batch size, input scale
 * @param opt an optimizer made over net.params; its learning rate is the one used
 * @param gen the generator for the shuffles
 * @param progress where the progress lines go (e.g. &std::cout), or nullptr
 * @return one epoch_record per epoch (valid_* are the test scores, NaN without a test set)
 * @throws shape_error when an input does not have n_0 columns or the labels do not match the rows
 * @throws invalid_argument when epochs = 0, batch_size = 0, input_scale is not finite and > 0,
 *         N = 0 or a label is ≥ C
 *
 * Complexity: options.epochs × (train_epoch() + evaluate() on the test set). Example: on the
 * digits, `fit(net, x, y, xt, yt, {40, 16, 1.0 / 16}, sgd, gen, &std::cout)` prints lines like
 * `epoch  3/40  loss 0.1873  acc  95.1%  val_loss 0.1702  val_acc  95.6%  0.02s`.
 */
template <class T, class Optimizer, class E>
std::vector<epoch_record> fit(mlp<T>& net, const xt::xtensor<E, 2>& x, const index_vector& labels,
                              const xt::xtensor<E, 2>& x_test, const index_vector& labels_test,
                              const fit_options& options, Optimizer& opt, rng& gen, std::ostream* progress = nullptr) {
    todo("nn/06_mlp", "fit");
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_06_MLP_HPP
