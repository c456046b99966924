// SPDX-License-Identifier: MIT
// nn/09 and nn/06 in a model: one training epoch on Fashion-MNIST (60000 images of 28x28) of the
// two models of project_image_classifiers, in float32 on one thread, as
// bench/peers/image_classifiers_torch.py times the same models in PyTorch:
//   CNN  conv 5x5 (1→8, pad 2) → ReLU → max-pool 2 → conv 3x3 (8→16, pad 1) → ReLU → max-pool 2
//        → dense 784→128 → ReLU → dense 128→10; cross-entropy, Adam lr 1e-3, batches of 64
//   MLP  784 → 256 → ReLU → 10; cross-entropy, SGD lr 0.05, batches of 32
// One iteration is one epoch of training steps (shuffle, gather the batch from bytes into float
// scaled by 1/255, forward, loss, zero_grad, backward, optimizer step), without the test-set
// evaluation the project adds to its epoch times; three iterations are the first three epochs of
// one model from its initial weights (as the peer times them), and the time column is their mean.
// The data are loaded once, before timing.
// Build and run (the bench preset: Release, -O3; add -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" for -O2):
//   cmake --preset bench && cmake --build --preset bench --target bench_nn_image_classifiers
//   OPENBLAS_NUM_THREADS=1 build/bench/bench/bench_nn_image_classifiers
// Needs the data set (./llmlings data fashion-mnist, or LLMLINGS_DATA_DIR pointing at a copy).
#include <benchmark/benchmark.h>

#include <exception>
#include <memory>
#include <string>

#include <llmlings/data/fashion_mnist.hpp>
#include <llmlings/nn/06_mlp.hpp>
#include <llmlings/nn/07_optimizers.hpp>
#include <llmlings/nn/13_training_utilities.hpp>

#include "../projects/image_classifiers/image_models.hpp"

namespace {

/// Fashion-MNIST's training images as bytes, loaded once for both benchmarks.
const llmlings::data::image_dataset* fashion(std::string& error) {
    static std::unique_ptr<llmlings::data::image_dataset> data;
    static std::string load_error;
    if (!data && load_error.empty()) {
        try {
            data = std::make_unique<llmlings::data::image_dataset>(llmlings::data::load_fashion_mnist("train"));
        } catch (const std::exception& e) {
            load_error = e.what();
        }
    }
    error = load_error;
    return data.get();
}

void cnn_epoch(benchmark::State& state) {
    std::string error;
    const llmlings::data::image_dataset* data = fashion(error);
    if (data == nullptr) {
        state.SkipWithError(error.c_str());
        return;
    }
    const llmlings::index_vector labels = data->labels();
    llmlings::rng gen(2024);
    llmlings::parameter_store<float> store;
    image_models::small_cnn<float> net = image_models::make_small_cnn(store, 28, 10, gen);
    llmlings::nn::adam_optimizer<float> adam = llmlings::nn::make_adam(net.params, llmlings::nn::adam_options{});
    llmlings::nn::batch_loader loader = llmlings::nn::make_batch_loader(labels.size(), 64, true, 1);
    double loss = 0.0;
    for (auto _ : state) {
        loss = image_models::train_epoch(net, data->X, labels, loader, 1.0 / 255, adam).first;
        benchmark::DoNotOptimize(loss);
    }
    state.counters["train_loss"] = loss;
    state.counters["images/s"] =
        benchmark::Counter(static_cast<double>(labels.size()) * state.iterations(), benchmark::Counter::kIsRate);
}

void mlp_epoch(benchmark::State& state) {
    std::string error;
    const llmlings::data::image_dataset* data = fashion(error);
    if (data == nullptr) {
        state.SkipWithError(error.c_str());
        return;
    }
    const llmlings::index_vector labels = data->labels();
    llmlings::rng gen(2024);
    llmlings::parameter_store<float> store;
    llmlings::nn::mlp<float> net =
        llmlings::nn::make_mlp(store, "mlp", {784, 256, 10}, llmlings::nn::hidden_activation::relu, gen);
    llmlings::nn::sgd_options options;
    options.lr = 0.05;
    llmlings::nn::sgd_optimizer<float> sgd = llmlings::nn::make_sgd(net.params, options);
    llmlings::nn::mlp_workspace<float> ws;
    double loss = 0.0;
    for (auto _ : state) {
        loss = llmlings::nn::train_epoch(net, data->X, labels, 32, 1.0 / 255, sgd, ws, gen).loss;
        benchmark::DoNotOptimize(loss);
    }
    state.counters["train_loss"] = loss;
    state.counters["images/s"] =
        benchmark::Counter(static_cast<double>(labels.size()) * state.iterations(), benchmark::Counter::kIsRate);
}

}  // namespace

// One iteration is a whole epoch (seconds): the time column reads as seconds per epoch, the mean of
// epochs 1 to 3 of one training run.
BENCHMARK(cnn_epoch)->Iterations(3)->Unit(benchmark::kSecond);
BENCHMARK(mlp_epoch)->Iterations(3)->Unit(benchmark::kSecond);
BENCHMARK_MAIN();
