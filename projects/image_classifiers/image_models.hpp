// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The two image classifiers of project_image_classifiers, and the training loop they
 * share: a multi-layer perceptron (nn/06) and a small convolutional network built from nn/09's
 * layers. Shared with tests/integration/image_classifiers.cpp, which trains both on a small seeded
 * subset.
 *
 * Nothing here re-implements a layer: convolution, pooling, dense layers, the loss, Adam and the
 * mini-batches come from the topics; this file only wires them together and keeps the buffers.
 *
 * The CNN, for square grey images of side S (S divisible by 4; 28 for Fashion-MNIST, 20 for
 * opencv's digits):
 *
 *     x (B,1,S,S) → conv 5×5, 8 maps, pad 2 → ReLU → max-pool 2  → (B,8,S/2,S/2)
 *                 → conv 3×3, 16 maps, pad 1 → ReLU → max-pool 2 → (B,16,S/4,S/4)
 *                 → flatten → dense 128 → ReLU → dense 10 → logits
 *
 * Per 28×28 image the forward pass costs about 0.5 million multiply-adds (157 k in the first
 * convolution, 226 k in the second, 100 k in the first dense layer); the backward about twice that.
 */
#ifndef LLMLINGS_PROJECTS_IMAGE_MODELS_HPP
#define LLMLINGS_PROJECTS_IMAGE_MODELS_HPP

#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/nn/02_activations.hpp>
#include <llmlings/nn/03_losses.hpp>
#include <llmlings/nn/05_dense.hpp>
#include <llmlings/nn/06_mlp.hpp>
#include <llmlings/nn/07_optimizers.hpp>
#include <llmlings/nn/09_cnn.hpp>
#include <llmlings/nn/13_training_utilities.hpp>

namespace image_models {

namespace nn = llmlings::nn;
using llmlings::index_vector;
using llmlings::matrix;
using llmlings::tensor4;

/// ReLU in place, on every element of a tensor (nn/02's scalar relu()).
template <class Tensor>
void relu_in_place(Tensor& t) {
    for (double& v : t) v = nn::relu(v);
}

/// dL/dz from dL/dh in place, where h = ReLU(z) is what the forward kept: h > 0 exactly where z > 0.
template <class Tensor>
void relu_backward_in_place(Tensor& grad, const Tensor& h) {
    auto g = grad.begin();
    for (auto v = h.begin(); v != h.end(); ++v, ++g) *g *= nn::relu_derivative(*v);
}

/// The class of highest logit in row i (the first one on a tie). (xt::argmax over an axis trips a
/// false -Warray-bounds of g++ 12 at -O3 inside xtensor's xsort.hpp.)
inline std::size_t row_argmax(const matrix& logits, std::size_t i) {
    std::size_t best = 0;
    for (std::size_t k = 1; k < logits.shape()[1]; ++k)
        if (logits(i, k) > logits(i, best)) best = k;
    return best;
}

/// The small CNN described in the file comment, with every buffer its passes write.
struct small_cnn {
    std::size_t side = 0;  ///< S: the images are S×S
    nn::conv2d_layer conv1, conv2;
    nn::dense_layer fc1, fc2;
    // forward
    tensor4 x, a1, a2;             ///< input, ReLU outputs of the two convolutions
    nn::max_pool2d_result p1, p2;  ///< the pooled maps and their argmax
    matrix flat, h, logits;        ///< flattened p2, ReLU(fc1), fc2's output
    matrix columns1, columns2;     ///< im2col workspaces
    // backward
    matrix dh, dflat;
    tensor4 dp2, da2, dp1, da1, dx;
};

/// A CNN for S×S images and `classes` classes, He-initialised from `gen`.
inline small_cnn make_small_cnn(std::size_t side, std::size_t classes, llmlings::rng& gen) {
    if (side < 4 || side % 4 != 0)
        throw llmlings::invalid_argument("make_small_cnn",
                                         "the image side must be a multiple of 4, got " + std::to_string(side));
    small_cnn net;
    net.side = side;
    net.conv1 = nn::make_conv2d(1, 8, 5, 5, 1, 2);
    net.conv2 = nn::make_conv2d(8, 16, 3, 3, 1, 1);
    net.fc1 = nn::make_dense(16 * (side / 4) * (side / 4), 128);
    net.fc2 = nn::make_dense(128, classes);
    nn::init_he_uniform(net.conv1, gen);
    nn::init_he_uniform(net.conv2, gen);
    nn::init_he_uniform(net.fc1, gen);
    nn::init_xavier_uniform(net.fc2, gen);
    return net;
}

/// Logits (B,classes) of a batch of flattened images (B,S·S).
inline const matrix& forward(small_cnn& net, const matrix& images) {
    const std::size_t s = net.side;
    net.x = nn::unflatten_images(images, 1, s, s);
    nn::conv2d_forward_im2col(net.conv1, net.x, net.columns1, net.a1);
    relu_in_place(net.a1);
    net.p1 = nn::max_pool2d_forward(net.a1, 2, 2);
    nn::conv2d_forward_im2col(net.conv2, net.p1.y, net.columns2, net.a2);
    relu_in_place(net.a2);
    net.p2 = nn::max_pool2d_forward(net.a2, 2, 2);
    net.flat = nn::flatten_images(net.p2.y);
    net.h = nn::dense_forward(net.fc1, net.flat);
    relu_in_place(net.h);
    net.logits = nn::dense_forward(net.fc2, net.h);
    return net.logits;
}

/// Backpropagates dL/dlogits through the network of the last forward(); adds to every gradient.
inline void backward(small_cnn& net, const matrix& dlogits) {
    const std::size_t s = net.side;
    net.dh = nn::dense_backward(net.fc2, net.h, dlogits);
    relu_backward_in_place(net.dh, net.h);
    net.dflat = nn::dense_backward(net.fc1, net.flat, net.dh);
    net.dp2 = nn::unflatten_images(net.dflat, 16, s / 4, s / 4);
    net.da2 = nn::max_pool2d_backward(net.dp2, net.p2.argmax, s / 2, s / 2);
    relu_backward_in_place(net.da2, net.a2);
    nn::conv2d_backward(net.conv2, net.p1.y, net.da2, net.columns2, net.dp1);
    net.da1 = nn::max_pool2d_backward(net.dp1, net.p1.argmax, s, s);
    relu_backward_in_place(net.da1, net.a1);
    nn::conv2d_backward(net.conv1, net.x, net.da1, net.columns1, net.dx);
}

inline void zero_grad(small_cnn& net) {
    nn::zero_grad(net.conv1);
    nn::zero_grad(net.conv2);
    nn::zero_grad(net.fc1);
    nn::zero_grad(net.fc2);
}

/// Every parameter of the network with its gradient, for an nn/07 optimizer.
inline std::vector<nn::parameter_ref> parameters(small_cnn& net) {
    return {nn::make_parameter(net.conv1.weight, net.conv1.weight_grad),
            nn::make_parameter(net.conv1.bias, net.conv1.bias_grad),
            nn::make_parameter(net.conv2.weight, net.conv2.weight_grad),
            nn::make_parameter(net.conv2.bias, net.conv2.bias_grad),
            nn::make_parameter(net.fc1.weight, net.fc1.weight_grad),
            nn::make_parameter(net.fc1.bias, net.fc1.bias_grad),
            nn::make_parameter(net.fc2.weight, net.fc2.weight_grad),
            nn::make_parameter(net.fc2.bias, net.fc2.bias_grad)};
}

/// The number of trainable numbers of the CNN.
inline std::size_t parameter_count(small_cnn& net) {
    std::size_t n = 0;
    for (const nn::parameter_ref& p : parameters(net)) n += p.size;
    return n;
}

/// The number of trainable numbers of an MLP.
inline std::size_t parameter_count(const nn::mlp& net) {
    std::size_t n = 0;
    for (const nn::dense_layer& layer : net.layers) n += layer.weight.size() + layer.bias.size();
    return n;
}

/// Loss, accuracy and predicted classes of a model over a data set.
struct scores {
    double loss = 0.0;
    double accuracy = 0.0;
    index_vector predicted;
};

/// Scores the CNN on (x, labels), `batch` images at a time (no gradients).
inline scores evaluate(small_cnn& net, const matrix& x, const index_vector& labels, std::size_t batch = 500) {
    const std::size_t n = x.shape()[0];
    scores s;
    s.predicted = index_vector::from_shape({n});
    double loss_sum = 0.0;
    std::size_t correct = 0;
    for (std::size_t begin = 0; begin < n; begin += batch) {
        const std::size_t size = std::min(batch, n - begin);
        index_vector rows = xt::arange<std::size_t>(begin, begin + size);
        const matrix images = nn::gather_rows(x, rows);
        const matrix& logits = forward(net, images);  // a reference into net's activations
        const index_vector targets = nn::gather(labels, rows);
        loss_sum += nn::cross_entropy_with_logits(logits, targets).loss * static_cast<double>(size);
        for (std::size_t i = 0; i < size; ++i) {
            s.predicted(begin + i) = row_argmax(logits, i);
            correct += s.predicted(begin + i) == targets(i) ? 1 : 0;
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
    double learning_rate = 1e-3;  ///< Adam's step size
    std::uint64_t seed = 1;       ///< the batch order's
};

/**
 * Trains the CNN with Adam (nn/07) on shuffled mini-batches (nn/13), scoring the test set after
 * every epoch; calls `report` with each epoch's record (e.g. to print nn/13's progress line).
 * Returns the learning curve.
 */
inline nn::learning_curve train_cnn(small_cnn& net, const matrix& x, const index_vector& labels, const matrix& x_test,
                                    const index_vector& labels_test, const cnn_options& options,
                                    const std::function<void(const nn::epoch_record&)>& report) {
    nn::adam_options adam;
    adam.lr = options.learning_rate;
    nn::adam_optimizer optimizer = nn::make_adam(parameters(net), adam);
    nn::batch_loader loader = nn::make_batch_loader(x.shape()[0], options.batch_size, true, options.seed);
    nn::learning_curve curve;
    for (std::size_t epoch = 1; epoch <= options.epochs; ++epoch) {
        const auto start = std::chrono::steady_clock::now();
        double loss_sum = 0.0;
        std::size_t correct = 0, seen = 0;
        for (const index_vector& batch : nn::next_epoch(loader)) {
            const index_vector targets = nn::gather(labels, batch);
            const matrix images = nn::gather_rows(x, batch);
            const matrix& logits = forward(net, images);
            const nn::loss_result loss = nn::cross_entropy_with_logits(logits, targets);
            for (std::size_t i = 0; i < batch.size(); ++i) correct += row_argmax(logits, i) == targets(i) ? 1 : 0;
            loss_sum += loss.loss * static_cast<double>(batch.size());
            seen += batch.size();
            zero_grad(net);
            backward(net, loss.grad);
            nn::step(optimizer);
        }
        nn::epoch_record record;
        record.epoch = epoch;
        record.train_loss = loss_sum / static_cast<double>(seen);
        record.train_accuracy = static_cast<double>(correct) / static_cast<double>(seen);
        const scores test = evaluate(net, x_test, labels_test);
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
