// SPDX-License-Identifier: MIT
// Integration tests of project_image_classifiers' models: the MLP of nn/06 and the small CNN of
// projects/image_classifiers/image_models.hpp (nn/09's layers), trained end to end in float32 on
// small seeded subsets of the real image data sets, so that the suite stays fast; the full runs
// are the project. Also: the CNN's parameters live in one store, its gradients agree with central
// differences (in double), and a training step allocates nothing after the first.
//
// The training cases need the large data sets (`./llmlings data --all`); a missing one FAILS the
// case (see include/llmlings/testing/real_data.hpp).
//
// Thresholds: each was measured on this subset and seed, then lowered by a margin of about 5
// points so that a change of BLAS summation order cannot flip it, while a broken layer (chance is
// 10 %) cannot reach it.
#include <llmlings/testing.hpp>
// Replaces the global operator new of this program to count allocations (one file per program).
#include <llmlings/testing/allocations.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include <xtensor/xrandom.hpp>
#include <xtensor/xview.hpp>

#include <llmlings/data.hpp>
#include <llmlings/ml/01_preprocessing.hpp>
#include <llmlings/nn/06_mlp.hpp>

#include "../../projects/image_classifiers/image_models.hpp"

namespace nn = llmlings::nn;
using image_models::small_cnn;
using llmlings::index_vector;
using llmlings::parameter_store;
using llmlings::testing::allocation_count;
using llmlings::testing::check_store_gradients;

namespace {

using bytes = xt::xtensor<std::uint8_t, 2>;

struct subset {
    bytes x_train, x_test;
    index_vector y_train, y_test;
};

// The first n_train training and n_test test images of Fashion-MNIST, as bytes.
subset fashion(std::size_t n_train, std::size_t n_test) {
    auto train = llmlings::data::load_fashion_mnist("train", n_train);
    auto test = llmlings::data::load_fashion_mnist("test", n_test);
    return {std::move(train.X), std::move(test.X), train.labels(), test.labels()};
}

}  // namespace

TEST_CASE("An MLP trained on 2000 of opencv's handwritten digits classifies held-out ones", "[integration][images]") {
    if (!llmlings::testing::have_real_data({"opencv-digits.pgm"})) return;
    const llmlings::data::image_dataset all = llmlings::data::load_opencv_digits();
    llmlings::rng gen(7);
    // A stratified 2000 / 500 subset: split off 10 % for testing, and keep 2000 of the rest.
    const auto split = llmlings::ml::stratified_split(all.labels(), 0.1, gen);
    const index_vector train_rows = xt::view(split.train, xt::range(0, 2000));
    const bytes x = image_models::select_rows(all.X, train_rows);
    const bytes x_test = image_models::select_rows(all.X, split.test);
    const index_vector y = nn::gather(all.labels(), train_rows), y_test = nn::gather(all.labels(), split.test);
    parameter_store<float> store;
    nn::mlp<float> net = nn::make_mlp(store, "mlp", {400, 64, 10}, nn::hidden_activation::relu, gen);
    nn::sgd_options sgd;
    sgd.lr = 0.05;
    nn::sgd_optimizer<float> optimizer = nn::make_sgd(net.params, sgd);
    nn::fit_options options;
    options.epochs = 8;
    options.input_scale = 1.0 / 255;
    const auto records = nn::fit(net, x, y, x_test, y_test, options, optimizer, gen);
    INFO("test accuracy " << records.back().valid_accuracy);
    // Measured: 0.854 on these 500 test digits (the full project reaches about 93 %).
    CHECK(records.back().valid_accuracy >= 0.80);
    CHECK(records.back().train_loss < records.front().train_loss);
}

TEST_CASE("The small CNN keeps its parameters in one store and the images stay bytes", "[integration][images]") {
    llmlings::rng gen(1);
    parameter_store<float> store;
    const small_cnn<float> net = image_models::make_small_cnn(store, 28, 10, gen);
    CHECK(net.params.same_as(store));
    const std::vector<std::string> names{"conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
                                         "fc1.weight",   "fc1.bias",   "fc2.weight",   "fc2.bias"};
    REQUIRE(store.count() == names.size());
    for (std::size_t k = 0; k < names.size(); ++k) CHECK(store.info(k).name == names[k]);
    // 8·25 + 8 + 16·8·9 + 16 + 128·784 + 128 + 10·128 + 10, the count the project prints.
    CHECK(store.numel() == 103146);
    CHECK(store.find("fc1.weight").shape() == std::vector<std::size_t>{128, 784});
    CHECK(std::is_same<decltype(llmlings::data::image_dataset::X)::value_type, std::uint8_t>::value);
}

TEST_CASE("The small CNN's gradients agree with central differences in double", "[integration][images]") {
    // The whole wiring (conv, max-pool, ReLU, flatten, dense, the loss, in the project's order)
    // checked at once: 8x8 images, 3 of them, every tensor of the store. The loss is smooth except
    // at ReLU's and max-pool's kinks, and seeded normal inputs put none within h of a kink. The
    // step h = 1e-5 (not 1e-6): the loss is ~2.3 and some gradients are ~1e-6 (nearly dead units),
    // so the cancellation error ε·L/h must stay far below them. Measured: absolute errors ≤ 2e-11,
    // relative ≤ 5e-6 (on a gradient of 1.6e-6), most ~1e-8; a wrong gradient is wrong by O(1).
    llmlings::rng gen(5);
    parameter_store<double> store;
    small_cnn<double> net = image_models::make_small_cnn(store, 8, 10, gen);
    xt::random::seed(6);
    const xt::xtensor<double, 2> images = xt::random::randn<double>({3, 64});
    const index_vector labels{3, 7, 0}, rows{0, 1, 2};
    auto loss = [&] {
        image_models::load_batch(net, images, labels, rows, 1.0);
        image_models::forward(net);
        return image_models::loss(net);
    };
    loss();
    store.zero_grad();
    image_models::backward(net);
    LLMLINGS_CHECK_STORE_GRADIENTS(check_store_gradients(store, loss, 1e-5), 1e-5);
}

TEST_CASE("A training step of the small CNN allocates nothing after the first", "[integration][images]") {
    // Random bytes as images: the buffers, not the learning, are under test.
    llmlings::rng gen(9);
    parameter_store<float> store;
    small_cnn<float> net = image_models::make_small_cnn(store, 28, 10, gen);
    nn::adam_optimizer<float> adam = nn::make_adam(net.params, nn::adam_options{});
    xt::random::seed(10);
    const bytes images = xt::cast<std::uint8_t>(xt::random::randint<int>({200, 784}, 0, 256));
    const index_vector labels = xt::cast<std::size_t>(xt::random::randint<int>({200}, 0, 10));
    index_vector batch = xt::arange<std::size_t>(0, 64);
    image_models::train_step(net, images, labels, batch, 1.0 / 255, adam);  // sizes the workspace
    const float* first_conv_columns = net.ws.conv1_cache.columns.data();
    batch = xt::arange<std::size_t>(64, 128);  // the same size: assigned in place
    const std::size_t before = allocation_count();
    const image_models::step_result r = image_models::train_step(net, images, labels, batch, 1.0 / 255, adam);
    const std::size_t allocations = allocation_count() - before;
    CHECK(allocations == 0);
    CHECK(net.ws.conv1_cache.columns.data() == first_conv_columns);
    CHECK(std::isfinite(r.loss));
}

TEST_CASE("The small CNN trained for two epochs on 3000 Fashion-MNIST images beats the MLP's first steps",
          "[integration][images]") {
    if (!llmlings::testing::have_real_data({"fashion-mnist/train-images-idx3-ubyte"})) return;
    const subset data = fashion(3000, 1000);
    llmlings::rng gen(11);
    parameter_store<float> store;
    small_cnn<float> net = image_models::make_small_cnn(store, 28, 10, gen);
    image_models::cnn_options options;
    options.epochs = 2;
    const nn::learning_curve curve =
        image_models::train_cnn(net, data.x_train, data.y_train, data.x_test, data.y_test, options, nullptr);
    REQUIRE(curve.epochs.size() == 2);
    INFO("test accuracy " << curve.epochs.back().valid_accuracy);
    // Measured: 0.794 on the first 1000 test images.
    CHECK(curve.epochs.back().valid_accuracy >= 0.74);
    CHECK(curve.epochs[1].train_loss < curve.epochs[0].train_loss);
    // evaluate() agrees with the last epoch's test score and predicts a class for every image.
    const image_models::scores test = image_models::evaluate(net, data.x_test, data.y_test, options.input_scale);
    INFO("evaluate() after training: " << test.accuracy);
    CHECK(test.accuracy == curve.epochs.back().valid_accuracy);
    CHECK(test.predicted.size() == 1000);
}

TEST_CASE("Training the small CNN is deterministic for a seed", "[integration][images]") {
    if (!llmlings::testing::have_real_data({"fashion-mnist/train-images-idx3-ubyte"})) return;
    const subset data = fashion(300, 100);
    const auto train = [&](std::uint64_t seed) {
        llmlings::rng gen(seed);
        parameter_store<float> store;
        small_cnn<float> net = image_models::make_small_cnn(store, 28, 10, gen);
        image_models::cnn_options options;
        options.epochs = 1;
        options.seed = seed;
        image_models::train_cnn(net, data.x_train, data.y_train, data.x_test, data.y_test, options, nullptr);
        return std::vector<float>(store.values(), store.values() + store.numel());
    };
    const std::vector<float> a = train(3), b = train(3), c = train(4);
    CHECK(a == b);  // bit for bit
    CHECK(a != c);
}
