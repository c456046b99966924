// SPDX-License-Identifier: MIT
// What one infer request costs the capstone's v2 server (projects/mlops), piece by piece, without
// the network: reading the request body, the CNN's forward pass, writing the response. The peer
// of the request reader is the way the server first read requests: nlohmann-json's tree of the
// whole body, then a walk of the tree into floats.
//   request  {"id": "42", "inputs": [{"name": "image", "shape": [B, 1, 28, 28], "datatype": "FP32",
//             "data": [B·784 numbers]}]}, the pixels seeded uniforms in [0, 1) printed with 6
//             significant digits (~7 KB per image, as the load test's request)
//   reader   mlops_service::parse_infer_request: the grammar checked in one pass, the numbers read
//            with std::from_chars straight into floats (projects/mlops/v2_protocol.hpp)
//   tree     nlohmann::json::parse, then the "data" array walked into a std::vector<float> with
//            the same finiteness check (what it takes to get the pixels, not the full validation)
//   forward  image_models::forward of the served CNN (float32, seeded weights) on B images
//   response mlops_service::infer_response (logits and classes, nlohmann-json's writer)
// The argument is B, the images per request (1: a lone request; 32: a batch).
// Build and run (the bench preset, Release):
//   cmake --preset bench && cmake --build --preset bench --target bench_mlops_request
//   OPENBLAS_NUM_THREADS=1 build/bench/bench/bench_mlops_request
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <llmlings/core.hpp>

#include "../projects/image_classifiers/image_models.hpp"
#include "../projects/mlops/v2_protocol.hpp"

namespace {

mlops_service::model_signature signature() {
    mlops_service::model_signature sig;
    sig.name = "fashion_cnn";
    sig.version = "1";
    sig.classes = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                   "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    return sig;
}

/// The body of an infer request with `batch` images of seeded pixels.
std::string request_body(std::size_t batch) {
    llmlings::rng gen(7);
    std::string body = R"({"id": "42", "inputs": [{"name": "image", "shape": [)" + std::to_string(batch) +
                       R"(, 1, 28, 28], "datatype": "FP32", "data": [)";
    char number[32];
    for (std::size_t k = 0; k < batch * 784; ++k) {
        std::snprintf(number, sizeof number, k == 0 ? "%.6g" : ", %.6g", llmlings::uniform01(gen));
        body += number;
    }
    return body + "]}]}";
}

void BM_request_reader(benchmark::State& state) {
    const std::string body = request_body(static_cast<std::size_t>(state.range(0)));
    const mlops_service::model_signature sig = signature();
    for (auto _ : state) {
        mlops_service::infer_request r = mlops_service::parse_infer_request(body, sig);
        benchmark::DoNotOptimize(r.pixels.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}

void BM_nlohmann_tree(benchmark::State& state) {
    const std::string body = request_body(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        const nlohmann::json doc = nlohmann::json::parse(body);
        const nlohmann::json& data = doc.at("inputs").at(0).at("data");
        std::vector<float> pixels;
        pixels.reserve(data.size());
        for (const nlohmann::json& v : data) {
            const float f = static_cast<float>(v.get<double>());
            if (!std::isfinite(f)) state.SkipWithError("a pixel is not finite");
            pixels.push_back(f);
        }
        benchmark::DoNotOptimize(pixels.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}

void BM_forward(benchmark::State& state) {
    const std::size_t batch = static_cast<std::size_t>(state.range(0));
    llmlings::rng gen(1);
    llmlings::parameter_store<float> store;
    image_models::small_cnn<float> net = image_models::make_small_cnn(store, 28, 10, gen);
    const mlops_service::infer_request r = mlops_service::parse_infer_request(request_body(batch), signature());
    llmlings::ensure_shape(net.ws.x, {batch, 1, 28, 28});
    for (auto _ : state) {
        std::copy(r.pixels.begin(), r.pixels.end(), net.ws.x.data());
        const llmlings::matrix_of<float>& logits = image_models::forward(net);
        benchmark::DoNotOptimize(logits.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * batch));
}

void BM_response(benchmark::State& state) {
    const std::size_t batch = static_cast<std::size_t>(state.range(0));
    const mlops_service::model_signature sig = signature();
    const mlops_service::infer_request r = mlops_service::parse_infer_request(request_body(batch), sig);
    llmlings::rng gen(3);
    std::vector<float> logits(batch * sig.classes.size());
    for (float& v : logits) v = static_cast<float>(llmlings::uniform01(gen) * 20.0 - 10.0);
    for (auto _ : state) {
        std::string out = mlops_service::infer_response(sig, r, logits.data());
        benchmark::DoNotOptimize(out.data());
    }
}

}  // namespace

BENCHMARK(BM_request_reader)->Arg(1)->Arg(32)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_nlohmann_tree)->Arg(1)->Arg(32)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_forward)->Arg(1)->Arg(32)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_response)->Arg(1)->Arg(32)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
