// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief ml/08 — model selection: k-fold and stratified k-fold cross-validation, the
 * cross-validated score of any model, and grid search over its hyperparameters.
 *
 * Shapes: data X (n,d) and targets y (n) — class labels (index_vector) or real values (vector);
 * a fold is an ml::split_indices whose `train` rows fit the model and whose `test` rows (the
 * *validation* fold) score it; k folds are a std::vector of k of them; a grid search over c
 * parameter combinations returns a (c,k) table of scores.
 *
 * One train/test split gives one noisy number: another split, another score. k-fold
 * cross-validation uses every row for validation exactly once and for training k − 1 times, and
 * reports k scores, whose mean is a steadier estimate and whose spread shows how much luck is in
 * it. Hyperparameters (k of kNN, the depth of a tree, …) are chosen by comparing those means —
 * on the training part of the data only. The test set, held out before any of this, is used once,
 * at the very end: a test set consulted while tuning has been fitted to and no longer measures
 * anything.
 *
 * Models are passed as callables, as templates (any lambda, function or std::function whose call
 * fits): `fit_predict(x_train, y_train, x_validation) → predictions` fits a fresh model and
 * predicts, and `score(y_true, y_pred) → double` rates the predictions, larger being better
 * (ml::accuracy; a negated error for regression, as scikit-learn's `neg_mean_squared_error`).
 * Templates cost nothing per call and accept any callable; a std::function parameter would
 * read more plainly but cannot deduce the label type from a lambda.
 *
 * Conventions, as scikit-learn's KFold: without a generator the folds are contiguous blocks in
 * row order; with one the rows are shuffled first (stats::random_permutation); the first n mod k
 * folds have ⌈n/k⌉ rows, the others ⌊n/k⌋. Index lists are returned sorted. Stratified folds
 * deal each class's shuffled rows round-robin over the folds (scikit-learn's StratifiedKFold
 * allocates differently but keeps the same guarantees: per-class counts within one of n_c/k).
 * Grid order is scikit-learn's ParameterGrid: names sorted, the last name varying fastest; the
 * best candidate is the first with the highest mean score.
 *
 * What this file deliberately is not: nested cross-validation (write it with two loops of these
 * functions), randomised search, group or time-series splits, parallel evaluation, refitting
 * the best model (a single call of fit_predict on all the training data).
 *
 * References: Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning* (2nd ed.),
 * §7.10 "Cross-validation", including "the wrong and the right way to do cross-validation";
 * R. Kohavi (1995), "A study of cross-validation and bootstrap for accuracy estimation and model
 * selection", IJCAI; scikit-learn user guide §3.1 and §3.2.
 *
 * Guide: @ref ml_08_model_selection (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_ML_08_MODEL_SELECTION_HPP
#define LLMLINGS_ML_08_MODEL_SELECTION_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <xtensor/xadapt.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xview.hpp>

#include <llmlings/core.hpp>
#include <llmlings/ml/01_preprocessing.hpp>
#include <llmlings/stats/01_descriptive.hpp>
#include <llmlings/stats/03_sampling.hpp>

namespace llmlings {
namespace ml {

namespace detail {

/**
 * @brief Throws invalid_argument unless 2 ≤ k ≤ n.
 *
 * @param function the public function, for the messages
 * @param n the number of rows
 * @param k the number of folds
 */
inline void check_fold_count(const char* function, std::size_t n, std::size_t k) {
    if (k < 2 || k > n)
        throw invalid_argument(
            function, ::llmlings::detail::concat("the number of folds must be between 2 and the number of rows n = ", n,
                                                 ", got k = ", k));
}

/**
 * @brief The k folds defined by the fold number of every row: row i validates in fold
 * fold_of[i] and trains in all the others. Both lists of a fold come out sorted.
 *
 * @param fold_of (n) fold numbers, each < k
 * @param k the number of folds
 * @return k split_indices
 *
 * Complexity: O(n·k).
 */
inline std::vector<split_indices> folds_from_assignment(const std::vector<std::size_t>& fold_of, std::size_t k) {
    std::vector<std::vector<std::size_t>> validation(k), training(k);
    for (std::size_t i = 0; i < fold_of.size(); ++i)
        for (std::size_t f = 0; f < k; ++f) (f == fold_of[i] ? validation[f] : training[f]).push_back(i);
    std::vector<split_indices> folds(k);
    for (std::size_t f = 0; f < k; ++f) {
        folds[f].train = xt::adapt(training[f], {training[f].size()});
        folds[f].test = xt::adapt(validation[f], {validation[f].size()});
    }
    return folds;
}

/**
 * @brief k contiguous folds over the rows listed in `order`: the first n mod k folds take ⌈n/k⌉
 * consecutive entries, the others ⌊n/k⌋.
 *
 * @param order (n) the rows, in the order they are cut into blocks
 * @param k the number of folds, 2 ≤ k ≤ n
 * @return k split_indices
 */
inline std::vector<split_indices> contiguous_folds(const index_vector& order, std::size_t k) {
    const std::size_t n = order.size();
    std::vector<std::size_t> fold_of(n);
    std::size_t position = 0;
    for (std::size_t f = 0; f < k; ++f) {
        const std::size_t size = n / k + (f < n % k ? 1 : 0);
        for (std::size_t r = 0; r < size; ++r, ++position) fold_of[order(position)] = f;
    }
    return folds_from_assignment(fold_of, k);
}

}  // namespace detail

/**
 * @ingroup ml
 * @brief k-fold cross-validation without shuffling: fold f validates on the f-th block of
 * consecutive rows and trains on the rest.
 *
 * Use it when the row order must be kept, or shuffle with the other overload: data sorted by
 * class or by date would otherwise give folds that look nothing like each other.
 *
 * @param n the number of rows
 * @param k the number of folds, 2 ≤ k ≤ n (5 or 10 are usual)
 * @return k split_indices, sorted; validation sizes ⌈n/k⌉ for the first n mod k folds, ⌊n/k⌋ after
 * @throws invalid_argument when k < 2 or k > n
 *
 * Complexity: O(n·k). Example: `k_fold(5, 2)` → validation folds `{0,1,2}` and `{3,4}`, training
 * `{3,4}` and `{0,1,2}`.
 */
inline std::vector<split_indices> k_fold(std::size_t n, std::size_t k) {
    detail::check_fold_count("k_fold", n, k);
    const index_vector order = xt::arange<std::size_t>(n);
    return detail::contiguous_folds(order, k);
}

/**
 * @ingroup ml
 * @brief Shuffled k-fold cross-validation: the rows are put in a random order
 * (stats::random_permutation) and cut into k blocks; every row is in exactly one validation fold.
 *
 * @param n the number of rows
 * @param k the number of folds, 2 ≤ k ≤ n
 * @param gen the generator; the same seed gives the same folds
 * @return k split_indices, sorted; validation sizes differ by at most 1
 * @throws invalid_argument when k < 2 or k > n
 *
 * Complexity: O(n·k). Example: `k_fold(10, 3, gen)` → validation folds of 4, 3 and 3 rows, e.g.
 * `{1,4,6,9}`, `{0,3,8}`, `{2,5,7}`.
 */
inline std::vector<split_indices> k_fold(std::size_t n, std::size_t k, rng& gen) {
    detail::check_fold_count("k_fold", n, k);
    return detail::contiguous_folds(stats::random_permutation(n, gen), k);
}

/**
 * @ingroup ml
 * @brief Stratified k-fold cross-validation: every fold keeps the class proportions of the
 * whole data set.
 *
 * With a rare class, plain folds can leave it out of some validation folds entirely, and the
 * scores jump from fold to fold for no reason but the split. Here:
 * 1. shuffle the rows of each class (stats::shuffle);
 * 2. list them class after class: all of class 0, then class 1, …;
 * 3. deal that list round-robin: its p-th row validates in fold p mod k.
 *
 * Each class's rows are consecutive in the list, so fold f receives ⌊n_c/k⌋ or ⌈n_c/k⌉ rows of
 * class c, and ⌊n/k⌋ or ⌈n/k⌉ rows in all. A class with fewer than k rows is missing from some
 * validation folds (allowed, as in scikit-learn, which warns).
 *
 * @param labels index_vector (n) of class labels
 * @param k the number of folds, 2 ≤ k ≤ n
 * @param gen the generator
 * @return k split_indices, sorted
 * @throws invalid_argument when k < 2 or k > n (including n = 0)
 *
 * Complexity: O(n·k + max label). Example: labels with 6 zeros and 3 ones, k = 3 → every
 * validation fold holds 2 zeros and 1 one.
 */
inline std::vector<split_indices> stratified_k_fold(const index_vector& labels, std::size_t k, rng& gen) {
    const std::size_t n = labels.size();
    detail::check_fold_count("stratified_k_fold", n, k);
    // 1. each class's rows, shuffled
    const std::size_t n_classes = *std::max_element(labels.begin(), labels.end()) + 1;
    std::vector<std::vector<std::size_t>> members(n_classes);
    for (std::size_t i = 0; i < n; ++i) members[labels(i)].push_back(i);
    // 2. and 3. class after class, dealt round-robin
    std::vector<std::size_t> fold_of(n);
    std::size_t position = 0;
    for (std::vector<std::size_t>& rows : members) {
        stats::shuffle(rows, gen);
        for (std::size_t row : rows) fold_of[row] = position++ % k;
    }
    return detail::folds_from_assignment(fold_of, k);
}

/**
 * @ingroup ml
 * @brief The score of a model on each validation fold, after fitting it on that fold's
 * training rows.
 *
 * @f[ s_f = \mathrm{score}\bigl(y_{V_f},\ \mathrm{model}_{T_f}(X_{V_f})\bigr), \qquad
 *     \text{CV estimate} = \frac1k \sum_f s_f @f]
 * For each fold: take_rows() of the training and validation rows, call
 * `fit_predict(x_train, y_train, x_validation)` — which must fit a *fresh* model, so nothing
 * learnt on one fold leaks into another — and score its predictions against the validation
 * labels. Everything the model learns from data (scaler statistics included) belongs inside
 * fit_predict, or the validation rows leak into training.
 *
 * @tparam T std::size_t (class labels) or double (regression targets)
 * @tparam FitPredict callable as `xt::xtensor<T,1>(const matrix& x_train,
 *         const xt::xtensor<T,1>& y_train, const matrix& x_validation)`
 * @tparam Score callable as `double(const xt::xtensor<T,1>& y_true, const xt::xtensor<T,1>& y_pred)`,
 *         larger is better (ml::accuracy)
 * @param x matrix (n,d)
 * @param y xtensor (n) of labels or targets
 * @param folds the folds (from k_fold() or stratified_k_fold())
 * @param fit_predict fits a model on the training rows and predicts the validation rows
 * @param score rates predictions
 * @return vector (k) of scores, one per fold
 * @throws shape_error when x has not y.size() rows, or fit_predict returns a number of
 *         predictions other than the number of validation rows
 * @throws invalid_argument when there are no folds, or a fold names a row ≥ n
 *
 * Complexity: k fits and predictions, plus O(n·d) copying per fold. Example (5-NN, 5 folds):
 * ```
 * auto knn5 = [](const matrix& xt, const index_vector& yt, const matrix& xv) {
 *     return knn_classifier(5).fit(xt, yt).predict(xv);
 * };
 * vector scores = cross_val_score(x, y, stratified_k_fold(y, 5, gen), knn5, accuracy);
 * double estimate = stats::mean(scores);
 * ```
 */
template <class T, class FitPredict, class Score>
vector cross_val_score(const matrix& x, const xt::xtensor<T, 1>& y, const std::vector<split_indices>& folds,
                       FitPredict&& fit_predict, Score&& score) {
    if (x.shape()[0] != y.size())
        throw shape_error("cross_val_score",
                          ::llmlings::detail::concat("x has ", x.shape()[0], " rows but y has ", y.size(), " entries"));
    if (folds.empty()) throw invalid_argument("cross_val_score", "no folds given");
    vector scores = xt::empty<double>({folds.size()});
    for (std::size_t f = 0; f < folds.size(); ++f) {
        const matrix x_train = take_rows(x, folds[f].train);
        const xt::xtensor<T, 1> y_train = take_rows(y, folds[f].train);
        const matrix x_validation = take_rows(x, folds[f].test);
        const xt::xtensor<T, 1> y_validation = take_rows(y, folds[f].test);
        const xt::xtensor<T, 1> predictions = fit_predict(x_train, y_train, x_validation);
        if (predictions.size() != y_validation.size())
            throw shape_error(
                "cross_val_score",
                ::llmlings::detail::concat("fit_predict returned ", predictions.size(), " predictions for the ",
                                           y_validation.size(), " validation rows of fold ", f));
        scores(f) = score(y_validation, predictions);
    }
    return scores;
}

/**
 * @ingroup ml
 * @brief One setting of every hyperparameter, by name: `{{"k", 5}}`, `{{"max_depth", 3},
 * {"min_samples_leaf", 2}}`. Whole numbers are stored as doubles; categorical choices as codes.
 */
using parameters = std::map<std::string, double>;

/**
 * @ingroup ml
 * @brief The values to try for every hyperparameter: `{{"k", {1, 5, 15}}}`. A grid search tries
 * every combination.
 */
using parameter_grid = std::map<std::string, std::vector<double>>;

/**
 * @ingroup ml
 * @brief Every combination of the grid's values (the Cartesian product), in scikit-learn's
 * ParameterGrid order: names sorted (as std::map keeps them), the last name varying fastest,
 * like the digits of an odometer.
 *
 * @f[ |\text{candidates}| = \prod_{\text{name}} |\text{values}(\text{name})| @f]
 * An empty grid gives one empty combination (the model with its defaults).
 *
 * @param grid the values of each hyperparameter
 * @return the combinations
 * @throws invalid_argument when a name has no values
 *
 * Complexity: O(c · p) for c combinations of p names. Example:
 * `expand_grid({{"a", {1, 2}}, {"b", {10, 20, 30}}})` → `{a=1,b=10}, {a=1,b=20}, {a=1,b=30},
 * {a=2,b=10}, {a=2,b=20}, {a=2,b=30}`.
 */
inline std::vector<parameters> expand_grid(const parameter_grid& grid) {
    std::size_t total = 1;
    for (const auto& entry : grid) {
        if (entry.second.empty())
            throw invalid_argument("expand_grid",
                                   ::llmlings::detail::concat("parameter '", entry.first, "' has no values to try"));
        total *= entry.second.size();
    }
    std::vector<parameters> candidates(total);
    for (std::size_t c = 0; c < total; ++c) {
        // read c as a mixed-radix number whose last digit belongs to the last name
        std::size_t rest = c;
        for (auto entry = grid.rbegin(); entry != grid.rend(); ++entry) {
            const std::size_t base = entry->second.size();
            candidates[c][entry->first] = entry->second[rest % base];
            rest /= base;
        }
    }
    return candidates;
}

/**
 * @ingroup ml
 * @brief What a grid search found: every candidate's scores, and the best one.
 */
struct grid_search_result {
    std::vector<parameters> candidates;  ///< the c combinations tried, in expand_grid() order
    matrix fold_scores;                  ///< (c,k): the score of candidate i on validation fold f
    vector mean_scores;                  ///< (c): the mean over the folds, the cross-validation estimate
    vector std_scores;                   ///< (c): the population standard deviation over the folds
    std::size_t best_index = 0;          ///< the first candidate with the highest mean score
    parameters best_parameters;          ///< candidates[best_index]
    double best_score = 0.0;             ///< mean_scores(best_index)
};

/**
 * @ingroup ml
 * @brief Tries every combination of hyperparameters by cross-validation and keeps the one with
 * the best mean score.
 *
 * For each candidate p of expand_grid(grid): cross_val_score() with a fit_predict that passes p
 * to `fit_predict(p, x_train, y_train, x_validation)`, then the mean and the standard deviation
 * (stats::mean, stats::variance with ddof 0) of its k scores. All candidates see the same folds,
 * so their differences come from the hyperparameters, not the splits. A NaN mean never wins.
 *
 * Give it the *training* part of the data only. The best mean score is optimistic — it is the
 * maximum of c noisy estimates — so report the chosen model's score on a test set that took no
 * part in the search.
 *
 * @tparam T std::size_t (class labels) or double (regression targets)
 * @tparam FitPredict callable as `xt::xtensor<T,1>(const parameters& p, const matrix& x_train,
 *         const xt::xtensor<T,1>& y_train, const matrix& x_validation)`
 * @tparam Score callable as `double(const xt::xtensor<T,1>& y_true, const xt::xtensor<T,1>& y_pred)`,
 *         larger is better
 * @param x matrix (n,d)
 * @param y xtensor (n)
 * @param grid the values of each hyperparameter
 * @param folds the folds, shared by all candidates
 * @param fit_predict builds a model from p, fits it and predicts
 * @param score rates predictions
 * @return the score table and the best candidate
 * @throws invalid_argument when a grid entry has no values, there are no folds, or a fold names
 *         a row ≥ n
 * @throws shape_error as cross_val_score()
 *
 * Complexity: c · k fits. Example:
 * ```
 * auto knn = [](const parameters& p, const matrix& xt, const index_vector& yt, const matrix& xv) {
 *     return knn_classifier(static_cast<std::size_t>(p.at("k"))).fit(xt, yt).predict(xv);
 * };
 * grid_search_result r = grid_search(x, y, {{"k", {1, 5, 15}}}, stratified_k_fold(y, 5, gen), knn, accuracy);
 * r.best_parameters.at("k");   // e.g. 15
 * ```
 */
template <class T, class FitPredict, class Score>
grid_search_result grid_search(const matrix& x, const xt::xtensor<T, 1>& y, const parameter_grid& grid,
                               const std::vector<split_indices>& folds, FitPredict&& fit_predict, Score&& score) {
    grid_search_result result;
    result.candidates = expand_grid(grid);
    if (folds.empty()) throw invalid_argument("grid_search", "no folds given");
    const std::size_t c = result.candidates.size(), k = folds.size();
    result.fold_scores = xt::empty<double>({c, k});
    result.mean_scores = xt::empty<double>({c});
    result.std_scores = xt::empty<double>({c});
    bool have_best = false;
    for (std::size_t i = 0; i < c; ++i) {
        const parameters& p = result.candidates[i];
        const vector scores = cross_val_score(
            x, y, folds,
            [&](const matrix& x_train, const xt::xtensor<T, 1>& y_train, const matrix& x_validation) {
                return fit_predict(p, x_train, y_train, x_validation);
            },
            score);
        xt::row(result.fold_scores, i) = scores;
        result.mean_scores(i) = stats::mean(scores);
        result.std_scores(i) = std::sqrt(stats::variance(scores, 0));
        const double mean = result.mean_scores(i);
        if (!std::isnan(mean) && (!have_best || mean > result.mean_scores(result.best_index))) {
            result.best_index = i;  // strictly better: an earlier candidate keeps a tie
            have_best = true;
        }
    }
    result.best_parameters = result.candidates[result.best_index];
    result.best_score = result.mean_scores(result.best_index);
    return result;
}

}  // namespace ml
}  // namespace llmlings

#endif  // LLMLINGS_ML_08_MODEL_SELECTION_HPP
