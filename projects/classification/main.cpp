// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Capstone of the ml module: classification with model selection — cross-validated grid
 * search over five kinds of model on two real data sets, and one honest test score at the end.
 *
 * What it does, for wine (178 wines, 13 chemical measurements, 3 cultivars) and breast cancer
 * (569 tumours, 30 cell-nucleus measurements, malignant or benign):
 * 1. hold out a stratified 25 % test set (ml/01's stratified_split) and put it away;
 * 2. on the other 75 %, score every candidate by stratified 5-fold cross-validation (ml/08) —
 *    kNN (ml/05) for k ∈ {1, 3, 5, 7, 9, 15}, a decision tree (ml/07) of depth 1, 2, 3, 4, 6 or
 *    unlimited, multinomial logistic regression (ml/03) with L2 strength λ ∈ {0.001, 0.01, 0.1, 1},
 *    Gaussian naive Bayes (ml/11) and a random forest (ml/07) of 100 trees, depth 4 or unlimited;
 *    every candidate standardises its features itself (ml/01), with the statistics of the rows
 *    it is fitted on, so that no fold peeks at the rows it is scored on;
 * 3. choose the candidate of highest mean cross-validated accuracy, refit it on the whole 75 %;
 * 4. score it once on the held-out test set — accuracy, macro F1 and the confusion matrix
 *    (ml/04) — and draw the confusion matrix as a heatmap.
 *
 * The test set is used once, at the end, for the chosen model only: choosing by test scores would
 * make them optimistic, exactly as training scores are.
 *
 * Usage: project_classification [OUTPUT_DIR]   (default build/projects-output; created if missing)
 */
#include <chrono>
#include <cmath>
#include <cstddef>
#include <exception>
#include <filesystem>
#include <functional>
#include <iomanip>
#include <iostream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/data.hpp>
#include <llmlings/ml/01_preprocessing.hpp>
#include <llmlings/ml/03_logistic_regression.hpp>
#include <llmlings/ml/04_metrics.hpp>
#include <llmlings/ml/05_knn.hpp>
#include <llmlings/ml/07_trees.hpp>
#include <llmlings/ml/08_model_selection.hpp>
#include <llmlings/ml/11_naive_bayes.hpp>
#include <llmlings/plot.hpp>

namespace ml = llmlings::ml;
namespace plot = llmlings::plot;
using llmlings::index_vector;
using llmlings::matrix;

namespace {

/// Fits a model with hyperparameters p on (x_train, y_train), predicts the classes of x_eval.
using fit_predict_fn = std::function<index_vector(const ml::parameters& p, const matrix& x_train,
                                                  const index_vector& y_train, const matrix& x_eval)>;

/// One kind of model and the values of its hyperparameter that the grid search tries.
struct family {
    std::string name;         ///< "kNN", "decision tree", …
    ml::parameter_grid grid;  ///< e.g. {{"k", {1, 3, 5}}}
    fit_predict_fn fit_predict;
};

/// Wraps a model so that it standardises its features with the statistics of the rows it is
/// fitted on: inside cross-validation, each fold's scaler never sees its validation rows.
template <class Model>
fit_predict_fn standardised(Model model) {
    return [model](const ml::parameters& p, const matrix& x_train, const index_vector& y_train, const matrix& x_eval) {
        ml::standard_scaler scaler;
        const matrix z_train = scaler.fit_transform(x_train);
        return model(p, z_train, y_train, scaler.transform(x_eval));
    };
}

/// x with `digits` significant digits, as `std::cout << x` prints it: 0.001, 15.
std::string str(double x, int digits = 6) {
    std::ostringstream out;
    out << std::setprecision(digits) << x;
    return out.str();
}

/// A depth from the grid: whole numbers as they are, infinity as ml::unlimited_depth.
std::size_t depth_of(double value) {
    return std::isinf(value) ? ml::unlimited_depth : static_cast<std::size_t>(value);
}

/// "k = 5, …": the hyperparameters as the report prints them (infinity as "unlimited").
std::string describe(const ml::parameters& p) {
    std::string text;
    for (const auto& [name, value] : p)
        text += (text.empty() ? "" : ", ") + name + " = " + (std::isinf(value) ? std::string("unlimited") : str(value));
    return text;
}

/// The grid of step 2, for data with n_classes classes; `gen` seeds the forests.
std::vector<family> model_families(std::size_t n_classes, llmlings::rng& gen) {
    const double unlimited = std::numeric_limits<double>::infinity();
    std::vector<family> families;
    families.push_back(
        {"kNN",
         {{"k", {1, 3, 5, 7, 9, 15}}},
         standardised([](const ml::parameters& p, const matrix& x, const index_vector& y, const matrix& q) {
             return ml::knn_classifier(static_cast<std::size_t>(p.at("k"))).fit(x, y).predict(q);
         })});
    families.push_back(
        {"decision tree",
         {{"max_depth", {1, 2, 3, 4, 6, unlimited}}},
         standardised([n_classes](const ml::parameters& p, const matrix& x, const index_vector& y, const matrix& q) {
             ml::tree_options options;
             options.max_depth = depth_of(p.at("max_depth"));
             return ml::decision_tree_classifier(options).fit(x, y, n_classes).predict(q);
         })});
    families.push_back(
        {"logistic regression",
         {{"l2", {0.001, 0.01, 0.1, 1}}},
         standardised([n_classes](const ml::parameters& p, const matrix& x, const index_vector& y, const matrix& q) {
             ml::logistic_options options;
             options.l2 = p.at("l2");
             options.learning_rate = 0.5;  // standardised features keep the curvature small
             options.epochs = 500;
             return ml::predict_labels(ml::fit_softmax(x, y, n_classes, options), q);
         })});
    families.push_back(
        {"Gaussian naive Bayes",
         {{"var_smoothing", {1e-9, 1e-3, 0.1}}},
         standardised([n_classes](const ml::parameters& p, const matrix& x, const index_vector& y, const matrix& q) {
             return ml::predict_labels(ml::fit_gaussian_nb(x, y, n_classes, p.at("var_smoothing")), q);
         })});
    llmlings::rng* g = &gen;
    families.push_back(
        {"random forest, 100 trees",
         {{"max_depth", {4, unlimited}}},
         standardised([g](const ml::parameters& p, const matrix& x, const index_vector& y, const matrix& q) {
             ml::forest_options options;
             options.n_trees = 100;
             options.max_depth = depth_of(p.at("max_depth"));
             return ml::random_forest_classifier(options).fit(x, y, *g).predict(q);
         })});
    return families;
}

/// Steps 1–4 of the file comment on one data set.
void run(const llmlings::data::dataset& ds, const std::string& title, const std::filesystem::path& out_dir, bool draw,
         llmlings::rng& gen) {
    const index_vector labels = ds.labels();
    const std::size_t k = ds.class_names.size();
    // 1. the held-out test set
    const ml::split_indices split = ml::stratified_split(labels, 0.25, gen);
    const matrix x_train = ml::take_rows(ds.X, split.train), x_test = ml::take_rows(ds.X, split.test);
    const index_vector y_train = ml::take_rows(labels, split.train), y_test = ml::take_rows(labels, split.test);
    std::cout << title << "\n  " << ds.n_samples() << " samples, " << ds.n_features() << " features, classes:";
    for (std::size_t c = 0; c < k; ++c) std::cout << (c == 0 ? " " : ", ") << ds.class_names[c];
    std::cout << "\n  stratified split: " << split.train.size() << " rows for model selection, " << split.test.size()
              << " held out for the final test\n";

    // 2. a grid search per kind of model, all on the same stratified folds
    const std::vector<ml::split_indices> folds = ml::stratified_k_fold(y_train, 5, gen);
    std::cout << "  grid search, 5-fold stratified cross-validation accuracy (mean +- std over the folds):\n";
    const std::vector<family> families = model_families(k, gen);
    std::size_t best_family = 0;
    std::vector<ml::grid_search_result> results;
    for (std::size_t f = 0; f < families.size(); ++f) {
        results.push_back(
            ml::grid_search(x_train, y_train, families[f].grid, folds, families[f].fit_predict, ml::accuracy));
        const ml::grid_search_result& r = results.back();
        for (std::size_t i = 0; i < r.candidates.size(); ++i)
            std::cout << "    " << std::setw(26) << std::left << (i == 0 ? families[f].name : "") << std::setw(26)
                      << describe(r.candidates[i]) << std::right << std::fixed << std::setprecision(3)
                      << r.mean_scores(i) << " +- " << r.std_scores(i) << std::defaultfloat
                      << (i == r.best_index ? "  <- best of its kind" : "") << "\n";
        if (r.best_score > results[best_family].best_score) best_family = f;
    }

    // 3. the best of the best, refitted on all the model-selection rows
    const family& chosen = families[best_family];
    const ml::grid_search_result& won = results[best_family];
    const std::string setting = describe(won.best_parameters);
    std::cout << "  chosen: " << chosen.name << ", " << setting << " (CV accuracy " << std::fixed
              << std::setprecision(3) << won.best_score << std::defaultfloat << ")\n";
    const index_vector predicted = chosen.fit_predict(won.best_parameters, x_train, y_train, x_test);

    // 4. the one look at the test set
    const matrix confusion = ml::confusion_matrix(y_test, predicted, k);
    std::cout << "  test set (" << y_test.size() << " rows): accuracy " << std::fixed << std::setprecision(3)
              << ml::accuracy(y_test, predicted) << ", macro F1 " << ml::f1_score(confusion, ml::average::macro)
              << std::defaultfloat << "\n  confusion matrix (rows: true class, columns: predicted):\n";
    const llmlings::vector precision = ml::precision_per_class(confusion), recall = ml::recall_per_class(confusion),
                           f1 = ml::f1_per_class(confusion);
    std::cout << std::string(16 + 5 * k, ' ') << "precision  recall     F1\n";
    for (std::size_t i = 0; i < k; ++i) {
        std::cout << "    " << std::setw(12) << std::left << ds.class_names[i] << std::right;
        for (std::size_t j = 0; j < k; ++j) std::cout << std::setw(5) << confusion(i, j);
        std::cout << std::fixed << std::setprecision(3) << std::setw(9) << precision(i) << std::setw(8) << recall(i)
                  << std::setw(7) << f1(i) << std::defaultfloat << "\n";
    }
    plot::options o;
    o.run_gnuplot = draw;
    o.title =
        ds.name + ": " + chosen.name + " (" + setting + "), test accuracy " + str(ml::accuracy(y_test, predicted), 3);
    o.xlabel = "predicted class";
    o.ylabel = "true class";
    const std::string picture = plot::heatmap((out_dir / (ds.name + "_confusion_matrix.png")).string(), confusion,
                                              ds.class_names, ds.class_names, o, true);
    std::cout << "  " << (draw ? "picture: " : "gnuplot script and data, to draw later (.png -> .gp): ") << picture
              << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    const auto start = std::chrono::steady_clock::now();
    const std::filesystem::path out_dir = argc > 1 ? argv[1] : "build/projects-output";
    try {
        std::filesystem::create_directories(out_dir);
        const bool draw = plot::available();
        if (!draw)
            std::cout << "note: gnuplot is not installed, so no PNG is drawn (the .dat and .gp files are written);\n"
                         "      install it with: sudo apt-get install gnuplot-nox\n";
        llmlings::rng gen(2024);
        std::cout << "Classification with model selection: grid search by k-fold cross-validation (ml/08)\n\n";
        run(llmlings::data::load_wine(), "wine (UCI; 3 cultivars)", out_dir, draw, gen);
        std::cout << "\n";
        run(llmlings::data::load_breast_cancer(), "breast cancer (Wisconsin diagnostic)", out_dir, draw, gen);
    } catch (const std::exception& e) {
        std::cerr << "project_classification: " << e.what() << "\n";
        return 1;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "\ndone in " << std::fixed << std::setprecision(2) << seconds << " s\n";
    return 0;
}
