// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The training pipeline of the MLOps capstone: fetch → train → evaluate → register →
 * gate, for the Fashion-MNIST CNN of projects/image_classifiers (nn/09's layers, float32 on the
 * parameter store), reproducible for a seed.
 *
 * Each step prints one progress line. The artifacts a run leaves in the registry:
 * - the weights as safetensors (transformer/10), whose SHA-256 is the version's identity: the
 *   same seed, data and code give the same bytes, hence the same address;
 * - the model card (JSON): what the server needs to serve the model (the input's name, datatype,
 *   shape and scaling, the output's, the class names) and what a reader needs to trust it
 *   (metrics, data hash, code version);
 * - the test-set predictions, one byte per image (what the server must reproduce).
 *
 * The gate (mlops/04), with Production evaluated again on the candidate's test set: accuracy may
 * not fall more than `max_accuracy_drop` below Production's and must reach `min_accuracy`; the
 * weights may not grow, nor exceed `max_model_bytes`; and McNemar's test on the two models'
 * predictions of the same test images must not find the candidate significantly worse. The first
 * version faces the limits only.
 */
#ifndef LLMLINGS_PROJECTS_MLOPS_PIPELINE_HPP
#define LLMLINGS_PROJECTS_MLOPS_PIPELINE_HPP

#include <chrono>
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/data/fashion_mnist.hpp>
#include <llmlings/mlops/01_drift.hpp>
#include <llmlings/mlops/03_content_addressing.hpp>
#include <llmlings/mlops/04_promotion_gate.hpp>
#include <llmlings/transformer/10_safetensors.hpp>

#include "../image_classifiers/image_models.hpp"
#include "../project.hpp"
#include "registry.hpp"

#ifndef LLMLINGS_CODE_VERSION
#define LLMLINGS_CODE_VERSION "unknown"
#endif

namespace mlops_service {

using llmlings::projects::format;

/// The model's name in the registry.
inline const char* model_name = "fashion_cnn";

/// The training data: Fashion-MNIST's train and test splits as bytes, and their hash.
struct dataset {
    llmlings::data::image_dataset train, test;
    std::string address;  ///< content address of the training images and labels
};

/// Brightens every image in place, p → 128 + p / 2 (bytes; [0, 1] → [0.5, 1] as floats): the
/// kind of shift a new camera or a changed upstream job brings, which the drift monitor sees.
inline void brighten(xt::xtensor<std::uint8_t, 2>& x) {
    for (std::uint8_t& p : x) p = static_cast<std::uint8_t>(128 + p / 2);
}

/// Loads the data (the first `train_images` / `test_images` of each split; 0: all), brightened
/// when asked (the "recent" data after a drift), and hashes the training images and labels, the
/// bytes the model learns from.
inline dataset fetch(std::size_t train_images, std::size_t test_images, bool brightened = false) {
    dataset d;
    d.train = llmlings::data::load_fashion_mnist("train", train_images);
    d.test = llmlings::data::load_fashion_mnist("test", test_images);
    if (brightened) {
        brighten(d.train.X);
        brighten(d.test.X);
    }
    mlops::sha256_state s = mlops::sha256_init();
    mlops::sha256_update(s, d.train.X.data(), d.train.X.size());
    const llmlings::index_vector labels = d.train.labels();
    std::vector<std::uint8_t> bytes(labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) bytes[i] = static_cast<std::uint8_t>(labels(i));
    mlops::sha256_update(s, bytes.data(), bytes.size());
    d.address = "sha256:" + mlops::to_hex(mlops::sha256_final(s));
    return d;
}

/// What one pipeline run trains.
struct run_options {
    std::uint64_t seed = 1;       ///< initialisation and batch order
    std::size_t epochs = 3;       ///< passes over the training images
    std::size_t train_limit = 0;  ///< use only the first N training images (0: all), to make a weaker candidate
    std::string note;             ///< why this run exists, kept in its parameters
    bool brightened = false;      ///< trained on brightened images (recorded in the parameters)
};

/// The gate's rules (mlops/04).
struct gate_options {
    double max_accuracy_drop = 0.01;  ///< accuracy may fall this much below Production's
    double min_accuracy = 0.70;       ///< and must reach this, whatever Production does
    double max_model_bytes = 1e6;     ///< the safetensors file's size limit
    double alpha = 0.05;              ///< McNemar's significance level
};

/// What a run produced before registration.
struct trained_model {
    std::string weights;  ///< the safetensors bytes
    std::map<std::string, double> metrics;
    std::vector<std::uint8_t> predictions;  ///< test-set predictions, one byte each
    std::size_t parameters = 0;
};

/// Trains and evaluates one CNN (float32), as projects/image_classifiers does.
inline trained_model train_and_evaluate(const dataset& data, const run_options& run, std::ostream& log) {
    llmlings::rng gen(run.seed);
    llmlings::parameter_store<float> store;
    image_models::small_cnn<float> net = image_models::make_small_cnn(store, 28, 10, gen);
    xt::xtensor<std::uint8_t, 2> x = data.train.X;
    llmlings::index_vector y = data.train.labels();
    if (run.train_limit != 0 && run.train_limit < x.shape()[0]) {
        x = xt::view(data.train.X, xt::range(0, run.train_limit), xt::all());
        y = xt::view(y, xt::range(0, run.train_limit));
    }
    image_models::cnn_options options;
    options.epochs = run.epochs;
    options.seed = run.seed;
    const llmlings::index_vector y_test = data.test.labels();
    image_models::train_cnn(net, x, y, data.test.X, y_test, options, [&](const llmlings::epoch_record& r) {
        log << "    " << llmlings::format_progress(r, run.epochs) << std::endl;
    });
    const auto start = std::chrono::steady_clock::now();
    const image_models::scores s = image_models::evaluate(net, data.test.X, y_test, options.input_scale);
    const double seconds = llmlings::projects::seconds_since(start);
    trained_model m;
    m.parameters = store.numel();
    m.weights = llmlings::transformer::to_safetensors(
        store, {{"model", model_name}, {"seed", std::to_string(run.seed)}, {"code", LLMLINGS_CODE_VERSION}});
    m.metrics = {{"accuracy", s.accuracy},
                 {"test_loss", s.loss},
                 {"ms_per_image", 1000.0 * seconds / static_cast<double>(y_test.size())},
                 {"model_bytes", static_cast<double>(m.weights.size())}};
    m.predictions.resize(s.predicted.size());
    for (std::size_t i = 0; i < s.predicted.size(); ++i) m.predictions[i] = static_cast<std::uint8_t>(s.predicted(i));
    return m;
}

/// Each image's mean pixel in [0, 1]: the feature the server watches for drift.
inline llmlings::vector mean_pixels(const xt::xtensor<std::uint8_t, 2>& x, std::size_t rows) {
    const std::size_t cols = x.shape()[1];
    llmlings::vector out = xt::empty<double>({rows});
    for (std::size_t i = 0; i < rows; ++i) {
        double sum = 0.0;
        for (std::size_t k = 0; k < cols; ++k) sum += x(i, k);
        out(i) = sum / (255.0 * static_cast<double>(cols));
    }
    return out;
}

/// The model card: how to call the model and why to trust it.
inline json model_card(const dataset& data, const run_options& run, const trained_model& m,
                       const std::string& weights) {
    json card;
    card["name"] = model_name;
    card["platform"] = "llmlings";
    card["format"] = "safetensors";
    card["weights"] = weights;
    card["architecture"] = "conv5x5(8)-maxpool2-relu-conv3x3(16)-maxpool2-relu-dense(128)-relu-dense(10)";
    card["parameters"] = m.parameters;
    card["inputs"] = json::array({{{"name", "image"},
                                   {"datatype", "FP32"},
                                   {"shape", {-1, 1, 28, 28}},
                                   {"description", "grey pixels scaled to [0, 1] (byte / 255), row-major"}}});
    card["outputs"] = json::array({{{"name", "logits"}, {"datatype", "FP32"}, {"shape", {-1, 10}}}});
    card["classes"] = data.train.class_names;
    card["metrics"] = m.metrics;
    card["training"] = {
        {"data", "Fashion-MNIST train (Debian's package, ./llmlings data fashion-mnist)"},
        {"images", run.train_limit != 0 ? std::min(run.train_limit, data.train.X.shape()[0]) : data.train.X.shape()[0]},
        {"data_sha256", data.address},
        {"seed", run.seed},
        {"epochs", run.epochs},
        {"optimizer", "Adam, learning rate 0.001, batch 64"}};
    card["evaluation"] = {{"data", "Fashion-MNIST test"}, {"images", data.test.X.shape()[0]}};
    card["code"] = LLMLINGS_CODE_VERSION;
    // The drift reference (mlops/01): ten equal-frequency bins of the training images' mean pixel.
    const std::size_t used =
        run.train_limit != 0 ? std::min(run.train_limit, data.train.X.shape()[0]) : data.train.X.shape()[0];
    const llmlings::vector reference = mean_pixels(data.train.X, used);
    const llmlings::vector edges = mlops::quantile_edges(reference, 10);
    const llmlings::index_vector counts = mlops::bin_counts(edges, reference);
    card["drift_reference"] = {{"feature", "mean pixel of an image, in [0, 1]"},
                               {"edges", std::vector<double>(edges.begin(), edges.end())},
                               {"counts", std::vector<std::size_t>(counts.begin(), counts.end())}};
    return card;
}

/// The gate's rules as mlops/04 takes them.
inline std::vector<mlops::gate_rule> gate_rules(const gate_options& g) {
    mlops::gate_rule accuracy;
    accuracy.metric = "accuracy";
    accuracy.direction = mlops::better::higher;
    accuracy.max_regression = g.max_accuracy_drop;
    accuracy.limit = g.min_accuracy;
    mlops::gate_rule bytes;
    bytes.metric = "model_bytes";
    bytes.direction = mlops::better::lower;
    bytes.max_regression = 0.0;  // the same architecture: no growth
    bytes.limit = g.max_model_bytes;
    return {accuracy, bytes};
}

/// A registered version's CNN, its weights read through the registry (SHA-256 checked).
inline image_models::small_cnn<float> load_cnn(const registry& reg, const version_record& v, std::size_t classes) {
    llmlings::parameter_store<float> store;
    llmlings::rng gen(0);
    image_models::small_cnn<float> net = image_models::make_small_cnn(store, 28, classes, gen);
    llmlings::transformer::from_safetensors(reg.get(v.weights), store);
    return net;
}

/// A registered version's scores on a data set's test images.
inline image_models::scores evaluate_version(const registry& reg, const version_record& v, const dataset& data) {
    image_models::small_cnn<float> net = load_cnn(reg, v, data.train.class_names.size());
    return image_models::evaluate(net, data.test.X, data.test.labels(), 1.0 / 255);
}

/// The outcome of one pipeline run.
struct run_outcome {
    int version = 0;
    bool promoted = false;
    std::string weights;
    std::map<std::string, double> metrics;
};

/// One pipeline run: train, evaluate, register in Staging, gate against Production, and promote
/// when the gate passes.
inline run_outcome run_pipeline(const registry& reg, const dataset& data, const run_options& run,
                                const gate_options& gate, std::ostream& log) {
    const auto start = std::chrono::steady_clock::now();
    log << "  [train] seed " << run.seed << ", " << run.epochs << " epoch(s), "
        << (run.train_limit != 0 ? std::to_string(run.train_limit) : std::to_string(data.train.X.shape()[0]))
        << " training images" << (run.note.empty() ? "" : " (" + run.note + ")") << "\n";
    const trained_model m = train_and_evaluate(data, run, log);
    log << format("  [evaluate] test accuracy %.4f, loss %.4f, %.3f ms per image, %zu bytes of weights\n",
                  m.metrics.at("accuracy"), m.metrics.at("test_loss"), m.metrics.at("ms_per_image"), m.weights.size());

    version_record r;
    r.model = model_name;
    r.params = {{"seed", run.seed},
                {"epochs", run.epochs},
                {"train_limit", run.train_limit},
                {"brightened", run.brightened},
                {"note", run.note}};
    r.metrics = m.metrics;
    r.data = data.address;
    r.code = LLMLINGS_CODE_VERSION;
    r.weights = reg.put(m.weights);
    r.card = reg.put(model_card(data, run, m, r.weights).dump(2) + "\n");
    r.predictions = reg.put(std::string(m.predictions.begin(), m.predictions.end()));
    const int version = reg.register_version(r);
    reg.move(model_name, version, mlops::stage::staging, "registered by the pipeline");
    log << "  [register] version " << version << ", weights " << r.weights.substr(0, 19) << "…, in Staging\n";

    const std::optional<version_state> production = reg.production(model_name);
    std::map<std::string, double> production_metrics;
    mlops::mcnemar_result paired;
    const mlops::mcnemar_result* paired_ptr = nullptr;
    if (production) {
        // Production is evaluated again on this run's test set (after a drift, the recorded
        // accuracy was measured on data that no longer comes in), its weights read through the
        // registry's hash check; McNemar's test pairs the two models' predictions image by image.
        const image_models::scores theirs = evaluate_version(reg, production->record, data);
        production_metrics = production->record.metrics;
        production_metrics["accuracy"] = theirs.accuracy;
        production_metrics["test_loss"] = theirs.loss;
        const llmlings::index_vector truth = data.test.labels();
        llmlings::index_vector b = llmlings::index_vector::from_shape({truth.size()});
        for (std::size_t i = 0; i < truth.size(); ++i) b(i) = m.predictions[i];
        paired = mlops::mcnemar_test(truth, theirs.predicted, b);
        paired_ptr = &paired;
        log << format(
            "  [gate] against version %d in Production, evaluated on the same %zu test images: accuracy %.4f "
            "(%.4f when registered); %zu images only it gets right, %zu only the candidate, McNemar p = %.3g\n",
            production->record.version, truth.size(), theirs.accuracy, production->record.metrics.at("accuracy"),
            paired.only_a_right, paired.only_b_right, paired.p_value);
    } else {
        log << "  [gate] no version in Production yet: the limits alone apply\n";
    }
    const mlops::gate_decision decision =
        mlops::evaluate_gate(m.metrics, production_metrics, gate_rules(gate), paired_ptr, gate.alpha);
    for (const std::string& reason : decision.reasons) log << "         " << reason << "\n";
    json d;
    d["version"] = version;
    d["time"] = utc_now();
    d["against"] = production ? json(production->record.version) : json(nullptr);
    d["promote"] = decision.promote;
    d["reasons"] = decision.reasons;
    if (paired_ptr)
        d["mcnemar"] = {{"only_production_right", paired.only_a_right},
                        {"only_candidate_right", paired.only_b_right},
                        {"p_value", paired.p_value}};
    reg.record_gate(model_name, version, d);
    if (decision.promote) {
        reg.move(model_name, version, mlops::stage::production, "passed the gate");
        log << "  [promote] version " << version << " is in Production"
            << (production ? ", version " + std::to_string(production->record.version) + " archived" : std::string())
            << "\n";
    } else {
        log << "  [promote] refused: version " << version << " stays in Staging\n";
    }
    log << format("  (%.1f s)\n", llmlings::projects::seconds_since(start));
    return {version, decision.promote, r.weights, m.metrics};
}

}  // namespace mlops_service

#endif  // LLMLINGS_PROJECTS_MLOPS_PIPELINE_HPP
