// SPDX-License-Identifier: MIT
// Integration tests of project_image_classifiers' models (projects/image_classifiers/image_models.hpp):
// the MLP of nn/06 and the small CNN built from nn/09's layers, trained end to end on small seeded
// subsets of the real image data sets, so that the suite stays fast; the full runs are the project.
//
// They need the large data sets (`./llmlings data --all`); a missing one FAILS the case (see
// include/llmlings/testing/real_data.hpp).
//
// Thresholds: each was measured on this subset and seed, then lowered by a margin of about 5
// points so that a change of BLAS summation order cannot flip it, while a broken layer (chance is
// 10 %) cannot reach it.
#include <llmlings/testing.hpp>

#include <cstddef>
#include <string>

#include <xtensor/xview.hpp>

#include <llmlings/data.hpp>
#include <llmlings/ml/01_preprocessing.hpp>

#include "../../projects/image_classifiers/image_models.hpp"

namespace nn = llmlings::nn;
using llmlings::index_vector;
using llmlings::matrix;

namespace {

struct subset {
    matrix x_train, x_test;
    index_vector y_train, y_test;
};

// The first n_train training and n_test test images of Fashion-MNIST, scaled to [0, 1].
subset fashion(std::size_t n_train, std::size_t n_test) {
    const auto train = llmlings::data::load_fashion_mnist("train", n_train);
    const auto test = llmlings::data::load_fashion_mnist("test", n_test);
    return {train.X / 255.0, test.X / 255.0, train.labels(), test.labels()};
}

}  // namespace

TEST_CASE("An MLP trained on 2000 of opencv's handwritten digits classifies held-out ones", "[integration][images]") {
    if (!llmlings::testing::have_real_data({"opencv-digits.pgm"})) return;
    const auto all = llmlings::data::load_opencv_digits();
    llmlings::rng gen(7);
    // A stratified 2000 / 500 subset: split off 10 % for testing, and keep 2000 of the rest.
    const auto split = llmlings::ml::stratified_split(all.labels(), 0.1, gen);
    const index_vector train_rows = xt::view(split.train, xt::range(0, 2000));
    const matrix x = llmlings::ml::take_rows(all.X, train_rows) / 255.0;
    const matrix x_test = llmlings::ml::take_rows(all.X, split.test) / 255.0;
    const index_vector y = nn::gather(all.labels(), train_rows), y_test = nn::gather(all.labels(), split.test);
    nn::mlp net = nn::make_mlp({400, 64, 10}, nn::hidden_activation::relu, gen);
    nn::fit_options options;
    options.epochs = 8;
    options.learning_rate = 0.05;
    const auto logs = nn::fit(net, x, y, x_test, y_test, options, gen);
    INFO("test accuracy " << logs.back().test.accuracy);
    // Measured: 0.854 on these 500 test digits (the full project reaches about 95 %).
    CHECK(logs.back().test.accuracy >= 0.80);
    CHECK(logs.back().train.loss < logs.front().train.loss);
}

TEST_CASE("The small CNN trained for two epochs on 3000 Fashion-MNIST images beats the MLP's first steps",
          "[integration][images]") {
    if (!llmlings::testing::have_real_data({"fashion-mnist/train-images-idx3-ubyte"})) return;
    const subset data = fashion(3000, 1000);
    llmlings::rng gen(11);
    image_models::small_cnn net = image_models::make_small_cnn(28, 10, gen);
    image_models::cnn_options options;
    options.epochs = 2;
    const nn::learning_curve curve =
        image_models::train_cnn(net, data.x_train, data.y_train, data.x_test, data.y_test, options, nullptr);
    REQUIRE(curve.epochs.size() == 2);
    INFO("test accuracy " << curve.epochs.back().valid_accuracy);
    // Measured: 0.791 on the first 1000 test images.
    CHECK(curve.epochs.back().valid_accuracy >= 0.74);
    CHECK(curve.epochs[1].train_loss < curve.epochs[0].train_loss);
    // evaluate() agrees with the last epoch's test score and predicts a class for every image.
    const image_models::scores test = image_models::evaluate(net, data.x_test, data.y_test);
    INFO("evaluate() after training: " << test.accuracy);
    CHECK(test.accuracy == curve.epochs.back().valid_accuracy);
    CHECK(test.predicted.size() == 1000);
}

TEST_CASE("Training the small CNN is deterministic for a seed", "[integration][images]") {
    if (!llmlings::testing::have_real_data({"fashion-mnist/train-images-idx3-ubyte"})) return;
    const subset data = fashion(300, 100);
    const auto train = [&](std::uint64_t seed) {
        llmlings::rng gen(seed);
        image_models::small_cnn net = image_models::make_small_cnn(28, 10, gen);
        image_models::cnn_options options;
        options.epochs = 1;
        options.seed = seed;
        image_models::train_cnn(net, data.x_train, data.y_train, data.x_test, data.y_test, options, nullptr);
        return net;
    };
    const image_models::small_cnn a = train(3), b = train(3), c = train(4);
    CHECK(a.conv1.weight == b.conv1.weight);
    CHECK(a.fc2.weight == b.fc2.weight);
    CHECK(a.conv1.weight != c.conv1.weight);
}
