// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The small convolutional network of project_image_classifiers, built from nn/09's layers,
 * and the loop that trains it. Shared with tests/integration/image_classifiers.cpp and
 * bench/nn_image_classifiers.cpp. (The project's other model, the MLP, is nn/06's as it is.)
 *
 * Nothing here re-implements a layer: convolution, pooling, dense layers, the loss, Adam and the
 * mini-batches come from the topics; this file wires them together and owns the buffers.
 *
 * The CNN, for square grey images of side S (S divisible by 4; 28 for Fashion-MNIST, 20 for
 * opencv's digits):
 *
 *     x (B,1,S,S) → conv 5×5, 8 maps, pad 2 → ReLU → max-pool 2  → (B,8,S/2,S/2)
 *                 → conv 3×3, 16 maps, pad 1 → ReLU → max-pool 2 → (B,16,S/4,S/4)
 *                 → flatten → dense 128 → ReLU → dense 10 → logits
 *
 * computed as conv → max-pool → ReLU: ReLU is monotone, so it commutes with a maximum
 * (max(relu a, relu b) = relu(max(a, b))) and the two orders give the same numbers, forward and
 * backward, bit for bit; pooling first leaves the ReLU a quarter of the values.
 *
 * As every model of the library (docs/authoring.md, "Models"): its tensors live in one
 * parameter_store (conv1.weight, conv1.bias, conv2.*, fc1.*, fc2.*), which Adam, zero_grad and
 * the parameter count walk; nothing lists them by hand. Every activation the backward needs, the
 * layers' caches and the batch itself live in one cnn_workspace, sized on the first batch with
 * ensure_shape() and reused, so a training step allocates nothing after the first (the
 * integration test counts). It trains in float32, as PyTorch does; the integration test checks
 * its gradients in double. The images stay bytes (llmlings::data::image_dataset) until a batch is
 * gathered into T and scaled to [0, 1] (nn/13's gather_rows).
 *
 * Per 28×28 image the forward pass costs about 0.5 million multiply-adds (157 k in the first
 * convolution, 226 k in the second, 100 k in the first dense layer); the backward about twice that
 * (less the first convolution's dx, which nothing needs).
 */
#ifndef LLMLINGS_PROJECTS_IMAGE_MODELS_HPP
#define LLMLINGS_PROJECTS_IMAGE_MODELS_HPP

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/nn/03_losses.hpp>
#include <llmlings/nn/05_dense.hpp>
#include <llmlings/nn/07_optimizers.hpp>
#include <llmlings/nn/09_cnn.hpp>
#include <llmlings/nn/13_training_utilities.hpp>

namespace image_models {

namespace nn = llmlings::nn;
using llmlings::as_rows;
using llmlings::ensure_shape;
using llmlings::index_vector;
using llmlings::matrix_of;
using llmlings::parameter_store;
using llmlings::tensor4_of;

namespace detail {
/// The unsigned integer with T's bits (float: 32, double: 64).
template <class T>
using bits_of = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;

/// v if keep is 1, +0 if it is 0: the bits of v and-ed with a mask of ones or zeros.
template <class T>
T keep_or_zero(T v, bits_of<T> keep) {
    bits_of<T> bits;
    std::memcpy(&bits, &v, sizeof bits);
    bits &= bits_of<T>(0) - keep;
    std::memcpy(&v, &bits, sizeof v);
    return v;
}
}  // namespace detail

/**
 * ReLU in place: nn/02's relu() (max(0, z), NaN stays NaN) on every element of a buffer, written
 * with a mask instead of nn/02's `z < 0 ? 0 : z`. The sign of an activation is a coin toss, and
 * g++ compiles the conditional into a branch that mispredicts half of the time (~15 cycles each):
 * the CNN's epoch spent a tenth of its time there.
 */
template <class Tensor>
void relu_in_place(Tensor& t) {
    using T = typename Tensor::value_type;
    T* v = t.data();
    for (std::size_t k = 0; k < t.size(); ++k)
        v[k] = detail::keep_or_zero(
            v[k], static_cast<detail::bits_of<T>>(v[k] > T(0)) | static_cast<detail::bits_of<T>>(std::isnan(v[k])));
}

/// dL/dz from dL/dh in place, where h = ReLU(z) is what the forward kept: h > 0 exactly where z > 0
/// (nn/02's relu_derivative), and dL/dz is 0 elsewhere (PyTorch's threshold_backward); with a mask,
/// as relu_in_place().
template <class Tensor>
void relu_backward_in_place(Tensor& grad, const Tensor& h) {
    using T = typename Tensor::value_type;
    T* g = grad.data();
    const T* v = h.data();
    for (std::size_t k = 0; k < grad.size(); ++k)
        g[k] = detail::keep_or_zero(g[k], static_cast<detail::bits_of<T>>(v[k] > T(0)));
}

/// The class of highest logit in row i (the first one on a tie).
template <class T>
std::size_t row_argmax(const matrix_of<T>& logits, std::size_t i) {
    const std::size_t classes = logits.shape()[1];
    const T* row = logits.data() + i * classes;
    std::size_t best = 0;
    for (std::size_t k = 1; k < classes; ++k)
        if (row[k] > row[best]) best = k;
    return best;
}

/// The rows of a data set named by `rows`, in that order, keeping the element type (bytes stay
/// bytes): a train/test split of an image_dataset. @throws llmlings::invalid_argument when a row
/// is out of range
template <class E>
xt::xtensor<E, 2> select_rows(const xt::xtensor<E, 2>& x, const index_vector& rows) {
    const std::size_t n = x.shape()[0], d = x.shape()[1];
    xt::xtensor<E, 2> out({rows.size(), d});
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (rows(r) >= n)
            throw llmlings::invalid_argument(
                "select_rows", "row " + std::to_string(rows(r)) + " of a data set with " + std::to_string(n) + " rows");
        std::copy(x.data() + rows(r) * d, x.data() + (rows(r) + 1) * d, out.data() + r * d);
    }
    return out;
}

/**
 * Every buffer one forward and one backward pass of the CNN write, for a batch of B images: the
 * model's ActivationTensors. ReLU is applied in place (p1 holds ReLU(pool(z1)), …): its backward
 * needs only the output.
 */
template <class T>
struct cnn_workspace {
    tensor4_of<T> x;                                ///< (B,1,S,S) the batch, T(pixel / 255)
    index_vector targets;                           ///< (B) its labels
    index_vector rows;                              ///< (B) the data set's rows of an evaluation batch
    tensor4_of<T> z1, p1;                           ///< conv1's output (B,8,S,S), ReLU(max-pool(z1)) (B,8,S/2,S/2)
    tensor4_of<T> z2, p2;                           ///< conv2's output (B,16,S/2,S/2), ReLU(max-pool(z2))
    matrix_of<T> h, logits;                         ///< ReLU(fc1) (B,128), fc2's output (B,C)
    matrix_of<T> dlogits, dh;                       ///< dL/dlogits (B,C), dL/d(fc1's output) (B,128)
    tensor4_of<T> dp2, dz2, dp1, dz1;               ///< gradients of p2, z2, p1, z1
    nn::conv2d_cache<T> conv1_cache, conv2_cache;   ///< the im2col buffers
    nn::max_pool2d_cache pool1_cache, pool2_cache;  ///< the argmax of each window
};

/// The small CNN described in the file comment: its store, its layers and its workspace.
template <class T>
struct small_cnn {
    parameter_store<T> params;  ///< every tensor of the network (a handle: shares the store it was made in)
    std::size_t side = 0;       ///< S: the images are S×S
    nn::conv2d_layer<T> conv1, conv2;
    nn::dense_layer<T> fc1, fc2;
    cnn_workspace<T> ws;  ///< the activations of the last forward and backward pass
};

/// A CNN for S×S images and `classes` classes, registered in `store` and He-initialised from `gen`
/// (the output layer Xavier).
template <class T>
small_cnn<T> make_small_cnn(parameter_store<T>& store, std::size_t side, std::size_t classes, llmlings::rng& gen) {
    if (side < 4 || side % 4 != 0)
        throw llmlings::invalid_argument("make_small_cnn",
                                         "the image side must be a multiple of 4, got " + std::to_string(side));
    small_cnn<T> net;
    net.params = store;
    net.side = side;
    net.conv1 = nn::make_conv2d(store, "conv1", 1, 8, 5, 5, 1, 2);
    net.conv2 = nn::make_conv2d(store, "conv2", 8, 16, 3, 3, 1, 1);
    net.fc1 = nn::make_dense(store, "fc1", 16 * (side / 4) * (side / 4), 128);
    net.fc2 = nn::make_dense(store, "fc2", 128, classes);
    nn::init_he_uniform(net.conv1, gen);
    nn::init_he_uniform(net.conv2, gen);
    nn::init_he_uniform(net.fc1, gen);
    nn::init_xavier_uniform(net.fc2, gen);
    return net;
}

/// Copies the images `rows` of x (N, S·S) into ws.x as T(pixel · input_scale), and their labels
/// into ws.targets (nn/13's gather_rows: the data set stays in its own type).
template <class T, class E>
void load_batch(small_cnn<T>& net, const xt::xtensor<E, 2>& x, const index_vector& labels, const index_vector& rows,
                double input_scale) {
    cnn_workspace<T>& ws = net.ws;
    const std::size_t batch = rows.size(), s = net.side;
    ensure_shape(ws.x, {batch, 1, s, s});
    ensure_shape(ws.targets, {batch});
    nn::gather_rows(x, rows, input_scale, nn::flatten_images(ws.x));
    for (std::size_t i = 0; i < batch; ++i) ws.targets(i) = labels(rows(i));
}

/// The logits (B,classes) of the batch in net.ws.x; keeps every activation for backward().
template <class T>
const matrix_of<T>& forward(small_cnn<T>& net) {
    cnn_workspace<T>& ws = net.ws;
    const std::size_t b = ws.x.shape()[0], s = net.side;
    ensure_shape(ws.z1, {b, 8, s, s});
    ensure_shape(ws.p1, {b, 8, s / 2, s / 2});
    ensure_shape(ws.z2, {b, 16, s / 2, s / 2});
    ensure_shape(ws.p2, {b, 16, s / 4, s / 4});
    ensure_shape(ws.h, {b, 128});
    ensure_shape(ws.logits, {b, net.fc2.out_features});
    nn::conv2d_forward(net.conv1, nn::as_images(ws.x), nn::as_images(ws.z1), ws.conv1_cache);
    nn::max_pool2d_forward(nn::as_images(ws.z1), 2, 2, nn::as_images(ws.p1), ws.pool1_cache);
    relu_in_place(ws.p1);
    nn::conv2d_forward(net.conv2, nn::as_images(ws.p1), nn::as_images(ws.z2), ws.conv2_cache);
    nn::max_pool2d_forward(nn::as_images(ws.z2), 2, 2, nn::as_images(ws.p2), ws.pool2_cache);
    relu_in_place(ws.p2);
    nn::dense_forward(net.fc1, nn::flatten_images(ws.p2), as_rows(ws.h));
    relu_in_place(ws.h);
    nn::dense_forward(net.fc2, as_rows(ws.h), as_rows(ws.logits));
    return ws.logits;
}

/// Backpropagates net.ws.dlogits through the network of the last forward(); adds to every
/// gradient of the store.
template <class T>
void backward(small_cnn<T>& net) {
    cnn_workspace<T>& ws = net.ws;
    ensure_shape(ws.dh, ws.h.shape());
    ensure_shape(ws.dp2, ws.p2.shape());
    ensure_shape(ws.dz2, ws.z2.shape());
    ensure_shape(ws.dp1, ws.p1.shape());
    ensure_shape(ws.dz1, ws.z1.shape());
    nn::dense_backward(net.fc2, as_rows(ws.h), as_rows(ws.dlogits), as_rows(ws.dh));
    relu_backward_in_place(ws.dh, ws.h);
    // fc1's dx is the flattened dp2: written straight into it.
    nn::dense_backward(net.fc1, nn::flatten_images(ws.p2), as_rows(ws.dh), nn::flatten_images(ws.dp2));
    relu_backward_in_place(ws.dp2, ws.p2);
    nn::max_pool2d_backward(ws.pool2_cache, nn::as_images(ws.dp2), nn::as_images(ws.dz2));
    nn::conv2d_backward(net.conv2, ws.conv2_cache, nn::as_images(ws.p1), nn::as_images(ws.dz2), nn::as_images(ws.dp1));
    relu_backward_in_place(ws.dp1, ws.p1);
    nn::max_pool2d_backward(ws.pool1_cache, nn::as_images(ws.dp1), nn::as_images(ws.dz1));
    // The images need no gradient: conv1's backward without dx.
    nn::conv2d_backward(net.conv1, ws.conv1_cache, nn::as_images(ws.x), nn::as_images(ws.dz1),
                        llmlings::empty_view<T, 4>());
}

/// The mean cross-entropy (nn/03) of the logits of the last forward() against ws.targets; writes
/// its gradient into ws.dlogits.
template <class T>
double loss(small_cnn<T>& net) {
    cnn_workspace<T>& ws = net.ws;
    ensure_shape(ws.dlogits, ws.logits.shape());
    return nn::cross_entropy_with_logits(as_rows(ws.logits), ws.targets, as_rows(ws.dlogits));
}

/// What one training step saw: the batch's mean loss and how many of its images were right.
struct step_result {
    double loss = 0.0;
    std::size_t correct = 0;
};

/**
 * One step of training on the images `rows` of (x, labels): gather the batch, forward, loss,
 * zero_grad, backward, an optimizer step. Allocates nothing once the workspace holds buffers of
 * this batch size.
 */
template <class T, class E, class Optimizer>
step_result train_step(small_cnn<T>& net, const xt::xtensor<E, 2>& x, const index_vector& labels,
                       const index_vector& rows, double input_scale, Optimizer& opt) {
    load_batch(net, x, labels, rows, input_scale);
    const matrix_of<T>& logits = forward(net);
    step_result r;
    r.loss = loss(net);
    for (std::size_t i = 0; i < rows.size(); ++i) r.correct += row_argmax(logits, i) == net.ws.targets(i) ? 1 : 0;
    net.params.zero_grad();
    backward(net);
    step(opt);
    return r;
}

/**
 * One epoch of training: the next shuffled epoch of `loader` (nn/13), one train_step() per batch.
 * Returns the mean loss and the accuracy of the batches as they were seen (the weights moving).
 */
template <class T, class E, class Optimizer>
std::pair<double, double> train_epoch(small_cnn<T>& net, const xt::xtensor<E, 2>& x, const index_vector& labels,
                                      nn::batch_loader& loader, double input_scale, Optimizer& opt) {
    double loss_sum = 0.0;
    std::size_t correct = 0, seen = 0;
    for (const index_vector& batch : nn::next_epoch(loader)) {
        const step_result r = train_step(net, x, labels, batch, input_scale, opt);
        loss_sum += r.loss * static_cast<double>(batch.size());
        correct += r.correct;
        seen += batch.size();
    }
    return {loss_sum / static_cast<double>(seen), static_cast<double>(correct) / static_cast<double>(seen)};
}

/// Loss, accuracy and predicted classes of a model over a data set.
struct scores {
    double loss = 0.0;
    double accuracy = 0.0;
    index_vector predicted;
};

/// Scores the CNN on (x, labels), `batch` images at a time (no gradients).
template <class T, class E>
scores evaluate(small_cnn<T>& net, const xt::xtensor<E, 2>& x, const index_vector& labels, double input_scale,
                std::size_t batch = 64) {
    const std::size_t n = x.shape()[0];
    scores s;
    s.predicted = index_vector::from_shape({n});
    double loss_sum = 0.0;
    std::size_t correct = 0;
    for (std::size_t begin = 0; begin < n; begin += batch) {
        const std::size_t size = std::min(batch, n - begin);
        ensure_shape(net.ws.rows, {size});
        for (std::size_t i = 0; i < size; ++i) net.ws.rows(i) = begin + i;
        load_batch(net, x, labels, net.ws.rows, input_scale);
        const matrix_of<T>& logits = forward(net);
        loss_sum += loss(net) * static_cast<double>(size);
        for (std::size_t i = 0; i < size; ++i) {
            s.predicted(begin + i) = row_argmax(logits, i);
            correct += s.predicted(begin + i) == net.ws.targets(i) ? 1 : 0;
        }
    }
    s.loss = loss_sum / static_cast<double>(n);
    s.accuracy = static_cast<double>(correct) / static_cast<double>(n);
    return s;
}

/// What train_cnn() needs besides the data.
struct cnn_options {
    std::size_t epochs = 5;
    std::size_t batch_size = 64;
    double learning_rate = 1e-3;     ///< Adam's step size
    double input_scale = 1.0 / 255;  ///< pixels 0–255 → [0, 1]
    std::uint64_t seed = 1;          ///< the batch order's
};

/**
 * Trains the CNN with Adam (nn/07, over the model's store) on shuffled mini-batches (nn/13),
 * scoring the test set after every epoch; calls `report` with each epoch's record (e.g. to print
 * the progress line). Returns the learning curve. An epoch's time includes the test set's
 * evaluation.
 */
template <class T, class E>
nn::learning_curve train_cnn(small_cnn<T>& net, const xt::xtensor<E, 2>& x, const index_vector& labels,
                             const xt::xtensor<E, 2>& x_test, const index_vector& labels_test,
                             const cnn_options& options,
                             const std::function<void(const llmlings::epoch_record&)>& report) {
    nn::adam_options adam;
    adam.lr = options.learning_rate;
    nn::adam_optimizer<T> optimizer = nn::make_adam(net.params, adam);
    nn::batch_loader loader = nn::make_batch_loader(x.shape()[0], options.batch_size, true, options.seed);
    nn::learning_curve curve;
    for (std::size_t epoch = 1; epoch <= options.epochs; ++epoch) {
        const auto start = std::chrono::steady_clock::now();
        const auto [train_loss, train_accuracy] = train_epoch(net, x, labels, loader, options.input_scale, optimizer);
        llmlings::epoch_record record;
        record.epoch = epoch;
        record.train_loss = train_loss;
        record.train_accuracy = train_accuracy;
        const scores test = evaluate(net, x_test, labels_test, options.input_scale);
        record.valid_loss = test.loss;
        record.valid_accuracy = test.accuracy;
        record.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        nn::record_epoch(curve, record);
        if (report) report(record);
    }
    return curve;
}

}  // namespace image_models

#endif  // LLMLINGS_PROJECTS_IMAGE_MODELS_HPP
