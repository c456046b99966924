// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Capstone of the ml module: house-price regression with least squares and ridge, on two
 * real data sets, judged on held-out test data.
 *
 * What it does, for census-house (11392 + 11392 US regions, 16 features, its own train and test
 * files) and then Boston (506 tracts, 13 features, a seeded 80/20 split):
 * 0. drop the features that are constant on the training rows (census-house as libfann-doc ships
 *    it: 14 of its 16 input columns are 0 in every row of both files);
 * 1. standardise the features with ml/01's standard_scaler, fitted on the training rows only;
 * 2. choose ridge's λ by 5-fold cross-validation on the training rows (ml/08's k_fold and
 *    grid_search; each fold refits the scaler on its own training rows), the λ with the lowest
 *    mean validation RMSE (λ = 0, plain least squares, is one of the candidates);
 * 3. refit least squares (ml/02's normal equation) and ridge with that λ on all training rows;
 * 4. report RMSE, MAE and R² of both models on the test rows, which nothing above has seen;
 * 5. draw predicted against actual test prices, a histogram of the test residuals (stats/07's
 *    bins) and the cross-validated RMSE against λ.
 *
 * What it deliberately is not: feature engineering (logs, interactions) or a search for the best
 * model of house prices; it is the protocol — fit on train, choose on validation, judge on test.
 *
 * Usage: project_house_prices [OUTPUT_DIR]   (default build/projects-output; created if missing)
 */
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <exception>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <xtensor/xview.hpp>

#include <llmlings/core.hpp>
#include <llmlings/data.hpp>
#include <llmlings/ml/01_preprocessing.hpp>
#include <llmlings/ml/02_linear_regression.hpp>
#include <llmlings/ml/08_model_selection.hpp>
#include <llmlings/plot.hpp>
#include <llmlings/stats/01_descriptive.hpp>
#include <llmlings/stats/07_eda.hpp>

namespace ml = llmlings::ml;
namespace plot = llmlings::plot;
using llmlings::matrix;
using llmlings::vector;

namespace {

/// The λ values tried for ridge: 0 (least squares), then 10⁻³ … 10⁵, one per decade (the penalty
/// is on the sum of squares, so the λ that matters grows with the number of rows).
const std::vector<double> lambda_grid = {0, 1e-3, 1e-2, 1e-1, 1, 10, 100, 1e3, 1e4, 1e5};

/// x with `digits` significant digits, as `std::cout << x` prints it: 0.001, 10000, 1e+05.
std::string str(double x, int digits = 6) {
    std::ostringstream out;
    out << std::setprecision(digits) << x;
    return out.str();
}

/// The columns of x whose values vary (population variance > 0). A constant column carries no
/// information, and with the intercept it makes XᵀX singular, so least squares cannot be solved.
std::vector<std::size_t> varying_columns(const matrix& x) {
    std::vector<std::size_t> keep;
    for (std::size_t j = 0; j < x.shape()[1]; ++j)
        if (llmlings::stats::variance(xt::col(x, j), 0) > 0.0) keep.push_back(j);
    return keep;
}

/// The test-set figures of one fitted model.
struct scores {
    double rmse, mae, r2;
};

scores evaluate(const ml::linear_model& model, const matrix& x_test, const vector& y_test) {
    const vector predicted = ml::predict(model, x_test);
    return {ml::root_mean_squared_error(y_test, predicted), ml::mean_absolute_error(y_test, predicted),
            ml::r2_score(y_test, predicted)};
}

/// A training and a test set, raw (unscaled) features.
struct task {
    std::string name;   ///< file-name stem of the pictures
    std::string units;  ///< what the target is measured in
    matrix x_train, x_test;
    vector y_train, y_test;
};

/// Steps 0–5 of the file comment on one data set.
void run(task t, const std::filesystem::path& out_dir, bool draw, llmlings::rng& gen) {
    std::cout << "  train " << t.x_train.shape()[0] << " rows, test " << t.x_test.shape()[0] << " rows, "
              << t.x_train.shape()[1] << " features; target: " << t.units << "\n";
    // 0. drop the constant features
    const std::vector<std::size_t> keep = varying_columns(t.x_train);
    if (keep.size() < t.x_train.shape()[1]) {
        std::cout << "  " << t.x_train.shape()[1] - keep.size() << " of the " << t.x_train.shape()[1]
                  << " features are constant on the training rows (no information, and XᵀX would be singular):\n"
                  << "  dropped, the models use the " << keep.size() << " others\n";
        t.x_train = xt::view(t.x_train, xt::all(), xt::keep(keep));
        t.x_test = xt::view(t.x_test, xt::all(), xt::keep(keep));
    }

    // 2. choose λ by 5-fold cross-validation on the training rows; λ = 0 is least squares
    const std::vector<ml::split_indices> folds = ml::k_fold(t.x_train.shape()[0], 5, gen);
    const auto ridge_fit_predict = [](const ml::parameters& p, const matrix& x_fit, const vector& y_fit,
                                      const matrix& x_val) {
        ml::standard_scaler fold_scaler;  // fitted on the fold's training rows only
        const matrix z_fit = fold_scaler.fit_transform(x_fit);
        return ml::predict(ml::fit_ridge(z_fit, y_fit, p.at("lambda")), fold_scaler.transform(x_val));
    };
    const auto negative_rmse = [](const vector& y_true, const vector& y_pred) {
        return -ml::root_mean_squared_error(y_true, y_pred);  // grid_search keeps the largest score
    };
    const ml::grid_search_result search =
        ml::grid_search(t.x_train, t.y_train, {{"lambda", lambda_grid}}, folds, ridge_fit_predict, negative_rmse);
    std::cout << "  choosing lambda by 5-fold cross-validation on the training rows (RMSE, mean +- std over folds):\n";
    vector log_lambda = xt::empty<double>({lambda_grid.size() - 1});
    vector cv_rmse = xt::empty<double>({lambda_grid.size() - 1});
    for (std::size_t i = 0; i < search.candidates.size(); ++i) {
        const double value = search.candidates[i].at("lambda");
        std::cout << "    " << std::setw(24) << std::left
                  << (value == 0.0 ? std::string("least squares") : "ridge, lambda = " + str(value)) << std::right
                  << std::fixed << std::setprecision(4) << std::setw(9) << -search.mean_scores(i) << " +- "
                  << search.std_scores(i) << std::defaultfloat << (i == search.best_index ? "  <- lowest" : "") << "\n";
        if (i > 0) {
            log_lambda(i - 1) = std::log10(value);
            cv_rmse(i - 1) = -search.mean_scores(i);
        }
    }
    const double lambda = search.best_parameters.at("lambda");
    const auto print_folds = [&](const char* what, std::size_t candidate) {
        std::cout << "    " << std::setw(24) << std::left << what << std::right << "per fold:";
        for (std::size_t f = 0; f < folds.size(); ++f) std::cout << " " << str(-search.fold_scores(candidate, f), 4);
        std::cout << "\n";
    };
    print_folds("least squares", 0);
    if (search.best_index != 0) print_folds(("ridge, lambda = " + str(lambda)).c_str(), search.best_index);
    std::cout << "  chosen lambda = " << str(lambda)
              << (lambda == 0.0 ? " (no penalty helps: ridge is least squares)" : "") << "\n";

    // 1 + 3. standardise with statistics of all training rows; refit both models on them
    ml::standard_scaler scaler;
    const matrix x_train = scaler.fit_transform(t.x_train);
    const matrix x_test = scaler.transform(t.x_test);
    const ml::linear_model ols = ml::fit_normal_equation(x_train, t.y_train);
    const ml::linear_model ridge = ml::fit_ridge(x_train, t.y_train, lambda);

    // 4. the held-out test set
    const scores a = evaluate(ols, x_test, t.y_test), b = evaluate(ridge, x_test, t.y_test);
    std::cout << "  test set                     RMSE        MAE         R^2\n"
              << std::fixed << std::setprecision(4) << "    least squares        " << std::setw(11) << a.rmse << " "
              << std::setw(10) << a.mae << " " << std::setw(10) << a.r2 << "\n"
              << "    " << std::setw(21) << std::left << "ridge, lambda " + str(lambda) << std::right << std::setw(11)
              << b.rmse << " " << std::setw(10) << b.mae << " " << std::setw(10) << b.r2 << "\n"
              << std::defaultfloat << std::setprecision(6) << "    (for scale: the test targets' standard deviation is "
              << str(llmlings::stats::standard_deviation(t.y_test, 0), 4)
              << ": about the RMSE of always predicting the mean)\n";

    // 5. pictures
    plot::options o;
    o.run_gnuplot = draw;
    o.title = t.name + ": ridge (lambda " + str(lambda) + ") on the test set, R^2 " + str(b.r2, 3);
    o.xlabel = "actual (" + t.units + ")";
    o.ylabel = "predicted";
    const vector predicted = ml::predict(ridge, x_test);
    const std::string scatter =
        plot::scatter_plot((out_dir / (t.name + "_predicted_vs_actual.png")).string(), t.y_test, predicted, o);
    const vector residuals = t.y_test - predicted;
    const llmlings::stats::histogram_bins bins = llmlings::stats::histogram(
        residuals, std::min<std::size_t>(llmlings::stats::freedman_diaconis_bins(residuals), 60));
    plot::options h;
    h.run_gnuplot = draw;
    h.title = t.name + ": test residuals of ridge (actual - predicted)";
    h.xlabel = "residual (" + t.units + ")";
    h.ylabel = "test rows";
    const vector counts = bins.counts;
    const std::string residual_plot =
        plot::histogram((out_dir / (t.name + "_residuals.png")).string(), bins.edges, counts, h);
    plot::options v;
    v.run_gnuplot = draw;
    v.title = t.name + ": choosing ridge's lambda by 5-fold cross-validation";
    v.xlabel = "log10(lambda)";
    v.ylabel = "mean cross-validated RMSE";
    const vector ols_line = xt::full_like(cv_rmse, -search.mean_scores(0));
    const std::string curve = plot::line_plot((out_dir / (t.name + "_validation_curve.png")).string(), log_lambda,
                                              {{"ridge", cv_rmse}, {"least squares (lambda 0)", ols_line}}, v);
    if (draw)
        std::cout << "  pictures: " << scatter << "\n            " << residual_plot << "\n            " << curve
                  << "\n";
    else
        std::cout << "  gnuplot scripts beside their data, to draw later (gnuplot NAME.gp in " << out_dir.string()
                  << "):\n    " << scatter << "\n    " << residual_plot << "\n    " << curve << " (.png → .gp)\n";
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
        llmlings::rng gen(42);

        std::cout << "House prices: least squares and ridge regression (ml/01, ml/02)\n\n"
                  << "census-house (DELVE, 1990 US census; libfann-doc's train and test files)\n";
        const llmlings::data::dataset census_train =
            llmlings::data::load_census_house(llmlings::data::default_data_dir(), "train");
        const llmlings::data::dataset census_test =
            llmlings::data::load_census_house(llmlings::data::default_data_dir(), "test");
        run({"census_house", "median house price, scaled to [0, 1]", census_train.X, census_test.X, census_train.y,
             census_test.y},
            out_dir, draw, gen);
        std::cout << "  R^2 is the share of the test prices' variance a model explains: here about 1 %. The two\n"
                  << "  features left say next to nothing about a region's price, so the predictions hug the mean\n"
                  << "  (see the picture). No fitting method can add information the features lack; Boston,\n"
                  << "  below, has informative features.\n";

        std::cout << "\nBoston (Harrison & Rubinfeld 1978; seeded 80/20 split)\n"
                  << "  caveat: its column B encodes the share of Black residents, built on a racist assumption;\n"
                  << "  it is kept here only to compare with the many published results on this data set\n";
        const llmlings::data::dataset boston = llmlings::data::load_boston();
        const ml::split_indices split = ml::train_test_split(boston.n_samples(), 0.2, gen);
        run({"boston", "median value, $1000s", ml::take_rows(boston.X, split.train),
             ml::take_rows(boston.X, split.test), ml::take_rows(boston.y, split.train),
             ml::take_rows(boston.y, split.test)},
            out_dir, draw, gen);
    } catch (const std::exception& e) {
        std::cerr << "project_house_prices: " << e.what() << "\n";
        return 1;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "\ndone in " << std::setprecision(2) << std::fixed << seconds << " s\n";
    return 0;
}
