// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Capstone of the nn module, part 1: an MLP and a small CNN on two real image data sets,
 * with learning curves and confusion matrices.
 *
 * Data sets (fetched from Debian packages by `./llmlings data --all`):
 * - opencv's digits.png (opencv-doc): 5000 real handwritten digits, 20×20 pixels, 500 per digit;
 *   a stratified 80/20 split (ml/01) gives 4000 training and 1000 test images;
 * - Fashion-MNIST (dataset-fashion-mnist): 60000 training and 10000 test images of clothing,
 *   28×28 pixels, 10 classes — the harder drop-in replacement for MNIST.
 *
 * Models, in float32 on pixels scaled to [0, 1], each in its own parameter store:
 * - an MLP (nn/06: ReLU hidden layers, mini-batch SGD) — it sees the image as a flat vector;
 * - a small CNN (image_models.hpp: two convolutions of nn/09 with ReLU and max-pooling, then two
 *   dense layers of nn/05), trained with Adam (nn/07) on shuffled mini-batches (nn/13) — it knows
 *   that neighbouring pixels belong together and that a stroke means the same thing anywhere.
 * The images stay bytes (llmlings::data::image_dataset, 47 MB for Fashion-MNIST's training set)
 * until a batch is gathered into float and scaled by 1/255.
 *
 * After every epoch a progress line (nn/13) gives the training loss and accuracy, the test loss and
 * accuracy and the time; the curves are written as CSV and drawn (nn/13), and the test set's
 * confusion matrix (ml/04) is drawn as a heatmap. A final table sums it up.
 *
 * Usage: project_image_classifiers [OUTPUT_DIR] [--quick]
 *   OUTPUT_DIR  where the pictures and CSV files go (default build/projects-output)
 *   --quick     a short run for the self-test: 6000 Fashion-MNIST training images, 2 epochs
 * Deterministic: the same build prints the same numbers (apart from the times) on every run.
 */
#include <cctype>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/data.hpp>
#include <llmlings/ml/01_preprocessing.hpp>
#include <llmlings/ml/04_metrics.hpp>
#include <llmlings/nn/06_mlp.hpp>
#include <llmlings/nn/07_optimizers.hpp>
#include <llmlings/plot.hpp>

#include <xtensor/xbuilder.hpp>

#include "image_models.hpp"

namespace fs = std::filesystem;
namespace ml = llmlings::ml;
namespace nn = llmlings::nn;
namespace plot = llmlings::plot;
using llmlings::index_vector;
using llmlings::matrix;

namespace {

/// Bytes 0–255 to [0, 1], applied when a batch is gathered into float.
constexpr double pixel_scale = 1.0 / 255;

/// A data set cut into training and test images, pixels as bytes 0–255.
struct image_split {
    std::string name;   ///< for file names, e.g. "fashion_mnist"
    std::string title;  ///< for people
    std::size_t side = 0;
    xt::xtensor<std::uint8_t, 2> x_train, x_test;
    index_vector y_train, y_test;
    std::vector<std::string> class_names;
};

/// What one model reached on one data set: a row of the final table.
struct result {
    std::string data, model;
    std::size_t parameters = 0, epochs = 0;
    double test_accuracy = 0.0, seconds_per_epoch = 0.0;
};

image_split opencv_digits(llmlings::rng& gen) {
    const llmlings::data::image_dataset all = llmlings::data::load_opencv_digits();
    const index_vector labels = all.labels();
    const ml::split_indices split = ml::stratified_split(labels, 0.2, gen);
    image_split s;
    s.name = "opencv_digits";
    s.title = "opencv digits.png (real handwritten digits, 20x20)";
    s.side = 20;
    s.x_train = image_models::select_rows(all.X, split.train);
    s.x_test = image_models::select_rows(all.X, split.test);
    s.y_train = nn::gather(labels, split.train);
    s.y_test = nn::gather(labels, split.test);
    s.class_names = all.class_names;
    return s;
}

image_split fashion_mnist(bool quick) {
    llmlings::data::image_dataset train = llmlings::data::load_fashion_mnist("train", quick ? 6000 : 0);
    llmlings::data::image_dataset test = llmlings::data::load_fashion_mnist("test", quick ? 2000 : 0);
    image_split s;
    s.name = "fashion_mnist";
    s.title = "Fashion-MNIST (clothing, 28x28)";
    s.side = 28;
    s.x_train = std::move(train.X);  // the bytes themselves, no copy
    s.x_test = std::move(test.X);
    s.y_train = train.labels();
    s.y_test = test.labels();
    s.class_names = train.class_names;
    return s;
}

/// nn/06's epoch records as an nn/13 learning curve, to draw both models' curves the same way.
nn::learning_curve as_curve(const std::vector<llmlings::epoch_record>& records) {
    nn::learning_curve curve;
    for (const llmlings::epoch_record& r : records) nn::record_epoch(curve, r);
    return curve;
}

double mean_seconds(const nn::learning_curve& curve) {
    double total = 0.0;
    for (const llmlings::epoch_record& r : curve.epochs) total += r.seconds;
    return total / static_cast<double>(curve.epochs.size());
}

/// Writes the curve's CSV and picture and the confusion matrix's picture; prints where they are.
void pictures(const image_split& data, const std::string& model, const nn::learning_curve& curve,
              const index_vector& predicted, const fs::path& out_dir, bool draw) {
    const std::string stem = data.name + "_" + model;
    std::string title = model;
    for (char& c : title) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    nn::write_csv(curve, (out_dir / (stem + "_curve.csv")).string());
    plot::options o;
    o.run_gnuplot = draw;
    o.title = title + " on " + data.title + ": loss per epoch";
    const std::string curve_png = nn::plot_learning_curve(curve, (out_dir / (stem + "_curve.png")).string(), o);
    // The accuracies of the same CSV, in percent, as a second picture.
    const std::size_t n = curve.epochs.size();
    llmlings::vector epochs = xt::zeros<double>({n}), train = epochs, test = epochs;
    for (std::size_t i = 0; i < n; ++i) {
        epochs(i) = static_cast<double>(curve.epochs[i].epoch);
        train(i) = 100.0 * curve.epochs[i].train_accuracy;
        test(i) = 100.0 * curve.epochs[i].valid_accuracy;
    }
    o.title = title + " on " + data.title + ": accuracy per epoch";
    o.xlabel = "epoch";
    o.ylabel = "accuracy (%)";
    const std::string accuracy_png = plot::line_plot((out_dir / (stem + "_accuracy.png")).string(), epochs,
                                                     {{"train accuracy", train}, {"test accuracy", test}}, o);
    const matrix confusion = ml::confusion_matrix(data.y_test, predicted, data.class_names.size());
    plot::options c;
    c.run_gnuplot = draw;
    c.title = title + " on " + data.title + ": test confusion matrix";
    c.xlabel = "predicted class";
    c.ylabel = "true class";
    c.width = 1100;
    c.height = 800;
    const std::string confusion_png = plot::heatmap((out_dir / (stem + "_confusion.png")).string(), confusion,
                                                    data.class_names, data.class_names, c, true);
    std::cout << "  " << (draw ? "pictures: " : "gnuplot scripts and data, to draw later: ") << curve_png << ", "
              << accuracy_png << ", " << confusion_png << "\n";
}

result run_mlp(const image_split& data, std::size_t epochs, const fs::path& out_dir, bool draw, llmlings::rng& gen) {
    const std::size_t d = data.x_train.shape()[1];
    llmlings::parameter_store<float> store;
    nn::mlp<float> net = nn::make_mlp(store, "mlp", {d, 256, 10}, nn::hidden_activation::relu, gen);
    std::cout << "\nMLP " << d << "-256-10, ReLU, SGD (nn/06), float32: " << net.params.numel()
              << " parameters, batch 32, learning rate 0.05\n";
    nn::sgd_options sgd;
    sgd.lr = 0.05;
    nn::sgd_optimizer<float> optimizer = nn::make_sgd(net.params, sgd);
    nn::fit_options options;
    options.epochs = epochs;
    options.batch_size = 32;
    options.input_scale = pixel_scale;
    const auto records =
        nn::fit(net, data.x_train, data.y_train, data.x_test, data.y_test, options, optimizer, gen, &std::cout);
    const nn::learning_curve curve = as_curve(records);
    nn::mlp_workspace<float> ws;
    pictures(data, "mlp", curve, nn::predict(net, data.x_test, pixel_scale, ws), out_dir, draw);
    return {data.title, "MLP", net.params.numel(), epochs, curve.epochs.back().valid_accuracy, mean_seconds(curve)};
}

result run_cnn(const image_split& data, std::size_t epochs, const fs::path& out_dir, bool draw, llmlings::rng& gen) {
    llmlings::parameter_store<float> store;
    image_models::small_cnn<float> net = image_models::make_small_cnn(store, data.side, data.class_names.size(), gen);
    std::cout << "\nCNN conv5x5(8)-pool-conv3x3(16)-pool-128-10, ReLU, Adam (nn/09, nn/07), float32: "
              << net.params.numel() << " parameters, batch 64, learning rate 0.001\n";
    image_models::cnn_options options;
    options.epochs = epochs;
    options.input_scale = pixel_scale;
    const nn::learning_curve curve = image_models::train_cnn(
        net, data.x_train, data.y_train, data.x_test, data.y_test, options,
        [&](const llmlings::epoch_record& r) { std::cout << llmlings::format_progress(r, epochs) << std::endl; });
    const image_models::scores test = image_models::evaluate(net, data.x_test, data.y_test, pixel_scale);
    pictures(data, "cnn", curve, test.predicted, out_dir, draw);
    return {data.title, "CNN", net.params.numel(), epochs, test.accuracy, mean_seconds(curve)};
}

}  // namespace

int main(int argc, char** argv) {
    const auto start = std::chrono::steady_clock::now();
    fs::path out_dir = "build/projects-output";
    bool quick = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0)
            quick = true;
        else
            out_dir = argv[i];
    }
    try {
        fs::create_directories(out_dir);
        const bool draw = plot::available();
        if (!draw)
            std::cout << "note: gnuplot is not installed, so no PNG is drawn (the .dat and .gp files are written);\n"
                         "      install it with: sudo apt-get install gnuplot-nox\n";
        llmlings::rng gen(2024);
        std::vector<result> results;
        std::cout << "Image classification: an MLP and a small CNN on real images"
                  << (quick ? " (quick run: fewer images and epochs)" : "") << "\n";

        const image_split digits = opencv_digits(gen);
        std::cout << "\n== " << digits.title << ": " << digits.x_train.shape()[0] << " training, "
                  << digits.x_test.shape()[0] << " test images\n";
        results.push_back(run_mlp(digits, quick ? 5 : 30, out_dir, draw, gen));
        results.push_back(run_cnn(digits, quick ? 2 : 10, out_dir, draw, gen));

        const image_split fashion = fashion_mnist(quick);
        std::cout << "\n== " << fashion.title << ": " << fashion.x_train.shape()[0] << " training, "
                  << fashion.x_test.shape()[0] << " test images\n";
        results.push_back(run_mlp(fashion, quick ? 3 : 20, out_dir, draw, gen));
        results.push_back(run_cnn(fashion, quick ? 2 : 10, out_dir, draw, gen));

        std::cout << "\nSummary (test accuracy after the last epoch; time per epoch on this machine, one thread)\n";
        std::cout << "  " << std::left << std::setw(52) << "data" << std::setw(6) << "model" << std::right
                  << std::setw(11) << "parameters" << std::setw(8) << "epochs" << std::setw(11) << "test acc"
                  << std::setw(12) << "s / epoch"
                  << "\n";
        for (const result& r : results)
            std::cout << "  " << std::left << std::setw(52) << r.data << std::setw(6) << r.model << std::right
                      << std::setw(11) << r.parameters << std::setw(8) << r.epochs << std::setw(10) << std::fixed
                      << std::setprecision(2) << 100.0 * r.test_accuracy << "%" << std::setw(12) << std::setprecision(2)
                      << r.seconds_per_epoch << "\n";
    } catch (const std::exception& e) {
        std::cerr << "project_image_classifiers: " << e.what() << "\n";
        return 1;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "\ndone in " << std::fixed << std::setprecision(1) << seconds << " s\n";
    return 0;
}
