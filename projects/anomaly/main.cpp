// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Capstone of the ml module: anomaly detection on real data — detectors fitted on normal
 * samples only, thresholds chosen on a validation set, precision/recall/F1 on a held-out test set.
 *
 * The setup, on the Wisconsin breast-cancer data (569 tumours, 30 cell-nucleus measurements):
 * benign tumours are the "normal" data, malignant ones the anomalies. A detector learns what
 * benign looks like and flags whatever looks different — it never sees a malignant tumour while
 * fitting. Malignant tumours are 37 % of the data set, far from rare, so only some of them are
 * used, making anomalies 25 % of the validation and test sets (still more than in most anomaly
 * problems: precision would be lower with rarer anomalies).
 * 1. split the 357 benign rows 60/20/20 (ml/01's train_test_split, twice) into training,
 *    validation and test rows; draw 24 + 24 malignant rows for validation and test;
 * 2. standardise with ml/01's scaler fitted on the benign training rows;
 * 3. score with the detectors of ml/10 — Gaussian density (full covariance and per feature),
 *    distance to the nearest of k k-means centroids (ml/06), z-score and IQR rules;
 * 4. choose each detector's threshold (and k) by the best F1 on the validation set
 *    (select_threshold: Andrew Ng's recipe); the z-score (t = 3) and IQR (1.5) rules are also
 *    shown with their customary thresholds, which need no labels at all;
 * 5. report precision, recall and F1 of the anomaly class on the test set, and the ROC AUC of each
 *    score (ml/04), which needs no threshold;
 * 6. draw precision, recall and F1 of the best detector on the test set against the share of test
 *    rows it flags, from 1 % to 95 % (that is, against its threshold).
 *
 * Usage: project_anomaly [OUTPUT_DIR]   (default build/projects-output; created if missing)
 */
#include <chrono>
#include <cmath>
#include <cstddef>
#include <exception>
#include <filesystem>
#include <functional>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/data.hpp>
#include <llmlings/ml/01_preprocessing.hpp>
#include <llmlings/ml/04_metrics.hpp>
#include <llmlings/ml/06_kmeans.hpp>
#include <llmlings/ml/10_anomaly_detection.hpp>
#include <llmlings/plot.hpp>
#include <llmlings/stats/01_descriptive.hpp>

namespace ml = llmlings::ml;
namespace plot = llmlings::plot;
using llmlings::index_vector;
using llmlings::matrix;
using llmlings::vector;

namespace {

/// x with `digits` significant digits, as `std::cout << x` prints it.
std::string str(double x, int digits = 6) {
    std::ostringstream out;
    out << std::setprecision(digits) << x;
    return out.str();
}

/// Rows `rows` of x and y stacked: the benign rows first, then the malignant ones.
struct labelled {
    matrix x;
    index_vector y;  ///< 0 = normal (benign), 1 = anomaly (malignant)
};

labelled stack(const matrix& normal, const matrix& anomalies) {
    labelled out;
    out.x = xt::concatenate(xt::xtuple(normal, anomalies), 0);
    out.y = xt::concatenate(
        xt::xtuple(xt::zeros<std::size_t>({normal.shape()[0]}), xt::ones<std::size_t>({anomalies.shape()[0]})));
    return out;
}

/// Precision, recall and F1 of the anomaly class (label 1).
struct prf {
    double precision, recall, f1;
};

prf anomaly_scores(const index_vector& y, const vector& scores, double threshold) {
    const matrix confusion = ml::confusion_matrix(y, ml::flag_outliers(scores, threshold), 2);
    return {ml::precision_per_class(confusion)(1), ml::recall_per_class(confusion)(1), ml::f1_per_class(confusion)(1)};
}

/// One detector's result: its scores on validation and test, and the threshold used.
struct detector_result {
    std::string name, rule;
    double threshold;
    double validation_f1;
    vector test_scores;
};

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
        llmlings::rng gen(7);
        std::cout << "Anomaly detection (ml/10) on breast cancer: benign = normal, malignant = anomaly\n";

        // 1. the splits: benign 60/20/20, malignant 24 + 24 (the detectors are fitted on benign rows only)
        const llmlings::data::dataset ds = llmlings::data::load_breast_cancer();
        const index_vector labels = ds.labels();  // 0 = malignant, 1 = benign
        std::vector<std::size_t> benign_rows, malignant_rows;
        for (std::size_t i = 0; i < labels.size(); ++i) (labels(i) == 1 ? benign_rows : malignant_rows).push_back(i);
        const matrix benign = ml::take_rows(ds.X, xt::adapt(benign_rows, {benign_rows.size()}));
        const matrix malignant = ml::take_rows(ds.X, xt::adapt(malignant_rows, {malignant_rows.size()}));
        const ml::split_indices first = ml::train_test_split(benign.shape()[0], 0.4, gen);   // 60 % train
        const ml::split_indices second = ml::train_test_split(first.test.size(), 0.5, gen);  // the 40 % halved
        const matrix benign_train = ml::take_rows(benign, first.train);
        const matrix benign_rest = ml::take_rows(benign, first.test);
        const std::size_t n_anomalies = 24;
        const ml::split_indices pick =
            ml::train_test_split(malignant.shape()[0], 2.0 * n_anomalies / malignant.shape()[0], gen);
        const matrix chosen_malignant = ml::take_rows(malignant, pick.test);
        const index_vector first_half = xt::arange<std::size_t>(n_anomalies);
        const index_vector second_half = xt::arange<std::size_t>(n_anomalies, 2 * n_anomalies);
        labelled validation =
            stack(ml::take_rows(benign_rest, second.train), ml::take_rows(chosen_malignant, first_half));
        labelled test = stack(ml::take_rows(benign_rest, second.test), ml::take_rows(chosen_malignant, second_half));
        std::cout << "  " << ds.n_samples() << " tumours, " << ds.n_features() << " features: " << benign.shape()[0]
                  << " benign, " << malignant.shape()[0] << " malignant\n"
                  << "  fit on " << benign_train.shape()[0] << " benign rows only; validation " << second.train.size()
                  << " benign + " << n_anomalies << " malignant; test " << second.test.size() << " benign + "
                  << n_anomalies << " malignant\n"
                  << "  (malignant rows are 37 % of the data set; " << 2 * n_anomalies
                  << " of them are used, so anomalies are a quarter of validation and of test)\n";

        // 2. standardise with the statistics of the benign training rows
        ml::standard_scaler scaler;
        const matrix train = scaler.fit_transform(benign_train);
        validation.x = scaler.transform(validation.x);
        test.x = scaler.transform(test.x);

        // 3 + 4. score; choose thresholds on the validation set
        std::vector<detector_result> results;
        const auto add_chosen = [&](const std::string& name, const vector& val_scores, const vector& test_scores) {
            const ml::threshold_choice c = ml::select_threshold(validation.y, val_scores);
            results.push_back({name, "best F1 on validation", c.threshold, c.f1, test_scores});
        };
        const ml::gaussian_model full = ml::fit_gaussian(train);
        add_chosen("Gaussian density, full covariance", -ml::gaussian_log_density(full, validation.x),
                   -ml::gaussian_log_density(full, test.x));
        const ml::gaussian_model diagonal = ml::fit_gaussian(train, true);
        add_chosen("Gaussian density, per feature", -ml::gaussian_log_density(diagonal, validation.x),
                   -ml::gaussian_log_density(diagonal, test.x));
        // k-means: k chosen on the validation set too (the best F1 over k)
        std::size_t best_k = 0;
        ml::threshold_choice best_kmeans;
        matrix best_centroids;
        for (std::size_t k : {1, 2, 4, 8}) {
            const matrix centroids = ml::kmeans(train, k, gen).centroids;
            const ml::threshold_choice c =
                ml::select_threshold(validation.y, ml::centroid_distances(centroids, validation.x));
            if (best_k == 0 || c.f1 > best_kmeans.f1) {
                best_k = k;
                best_kmeans = c;
                best_centroids = centroids;
            }
        }
        results.push_back({"k-means distance, k = " + std::to_string(best_k), "best F1 on validation",
                           best_kmeans.threshold, best_kmeans.f1, ml::centroid_distances(best_centroids, test.x)});
        const vector z_val = ml::zscore_scores(train, validation.x), z_test = ml::zscore_scores(train, test.x);
        add_chosen("z-score, max |z| over the features", z_val, z_test);
        results.push_back({"z-score, max |z| over the features", "customary |z| > 3", 3.0,
                           anomaly_scores(validation.y, z_val, 3.0).f1, z_test});
        const vector iqr_val = ml::iqr_scores(train, validation.x), iqr_test = ml::iqr_scores(train, test.x);
        add_chosen("IQR rule (Tukey fences)", iqr_val, iqr_test);
        results.push_back({"IQR rule (Tukey fences)", "Tukey's 1.5 IQR", 1.5,
                           anomaly_scores(validation.y, iqr_val, 1.5).f1, iqr_test});

        // 5. the held-out test set
        std::cout << "\n  detector                                   threshold rule          threshold  val F1 |"
                     " test precision recall    F1   ROC AUC\n";
        std::size_t best = 0;
        double best_val_f1 = -1.0;
        for (std::size_t i = 0; i < results.size(); ++i) {
            const detector_result& r = results[i];
            const prf t = anomaly_scores(test.y, r.test_scores, r.threshold);
            std::cout << "  " << std::setw(42) << std::left << (i > 0 && results[i - 1].name == r.name ? "" : r.name)
                      << " " << std::setw(23) << r.rule << std::right << std::setw(10) << str(r.threshold, 4)
                      << std::fixed << std::setprecision(3) << std::setw(8) << r.validation_f1 << " |" << std::setw(15)
                      << t.precision << std::setw(7) << t.recall << std::setw(6) << t.f1 << std::setw(10)
                      << ml::roc_auc_score(test.y, r.test_scores) << std::defaultfloat << "\n";
            if (r.rule == "best F1 on validation" && r.validation_f1 > best_val_f1) {
                best = i;
                best_val_f1 = r.validation_f1;
            }
        }
        const detector_result& chosen = results[best];
        std::cout
            << "  (k-means' k in {1, 2, 4, 8} is chosen on validation too; precision and recall are those of the\n"
               "   malignant class; ROC AUC ranks the test scores without any threshold; the Gaussian\n"
               "   thresholds are on the score -log p(x), so the density threshold is epsilon = exp(-threshold))\n"
            << "  best on validation: " << chosen.name << "\n";

        // 6. precision, recall and F1 of the chosen detector on the test set, against the share of
        //    test rows it flags: the threshold at share f is the (1 − f)-quantile of the test scores
        const std::size_t points = 95;
        vector flagged_share = xt::empty<double>({points});
        vector precision = xt::empty<double>({points}), recall = xt::empty<double>({points}),
               f1 = xt::empty<double>({points});
        for (std::size_t p = 0; p < points; ++p) {
            flagged_share(p) = static_cast<double>(p + 1) / 100.0;  // 1 % … 95 %
            const double threshold = llmlings::stats::quantile(chosen.test_scores, 1.0 - flagged_share(p));
            const prf s = anomaly_scores(test.y, chosen.test_scores, threshold);
            precision(p) = s.precision;
            recall(p) = s.recall;
            f1(p) = s.f1;
        }
        const double chosen_share =
            llmlings::stats::mean(xt::cast<double>(ml::flag_outliers(chosen.test_scores, chosen.threshold)));
        std::cout << "  at its validation-chosen threshold it flags " << str(100.0 * chosen_share, 3)
                  << " % of the test rows (" << str(100.0 * n_anomalies / test.y.size(), 3) << " % are malignant)\n";
        plot::options o;
        o.run_gnuplot = draw;
        o.title = chosen.name + " on the test set (the validation-chosen threshold flags " +
                  str(100.0 * chosen_share, 3) + " %)";
        o.xlabel = "share of test rows flagged as anomalies (a lower threshold flags more)";
        o.ylabel = "score of the malignant class";
        const std::string picture = plot::line_plot((out_dir / "anomaly_threshold_sweep.png").string(), flagged_share,
                                                    {{"precision", precision}, {"recall", recall}, {"F1", f1}}, o);
        std::cout << "  " << (draw ? "picture: " : "gnuplot script and data, to draw later (.png -> .gp): ") << picture
                  << "\n";
    } catch (const std::exception& e) {
        std::cerr << "project_anomaly: " << e.what() << "\n";
        return 1;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "\ndone in " << std::fixed << std::setprecision(2) << seconds << " s\n";
    return 0;
}
