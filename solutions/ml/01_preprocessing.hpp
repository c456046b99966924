// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief ml/01 — preprocessing: seeded train/test splits (plain and stratified), the standard and
 * min-max scalers, label encoding and one-hot encoding.
 *
 * Shapes: a data matrix X is (n,d), one row per example and one column per feature; class labels
 * are index_vector (n) with values 0 … k−1; a split is two index_vectors of row numbers; a
 * one-hot matrix is (n,k).
 *
 * Every transformer follows scikit-learn's protocol: fit() learns its statistics from the
 * training data only, transform() applies them to any data (training, test, tomorrow's), and
 * inverse_transform() undoes it. Fitting on all the data before splitting leaks information
 * about the test set into training — the classic mistake this protocol prevents.
 *
 * Conventions, as scikit-learn's: the test set gets ⌈f·n⌉ rows; the standard scaler divides by
 * the population standard deviation (ddof = 0); a constant column (standard deviation or range
 * 0) gets scale 1 instead of a division by zero, so it maps to 0 (standard) or to the lower end
 * of the range (min-max); the min-max scaler does not clip test data outside the training range.
 *
 * What this file deliberately is not: imputation of missing values, robust (median/IQR)
 * scaling, encoders for unseen categories (an unknown label throws).
 *
 * Reference: scikit-learn user guide, §6.3 "Preprocessing data" and the documentation of
 * train_test_split, StandardScaler, MinMaxScaler, LabelEncoder and OneHotEncoder.
 *
 * Guide: @ref ml_01_preprocessing (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_ML_01_PREPROCESSING_HPP
#define LLMLINGS_ML_01_PREPROCESSING_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include <xtensor/xadapt.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xview.hpp>

#include <llmlings/core.hpp>
#include <llmlings/stats/01_descriptive.hpp>
#include <llmlings/stats/03_sampling.hpp>

namespace llmlings {
namespace ml {

/**
 * @ingroup ml
 * @brief The row numbers of a train/test split: disjoint, and together each of 0 … n−1 once.
 */
struct split_indices {
    index_vector train;  ///< the rows to fit on
    index_vector test;   ///< the rows held out to measure how well the model generalises
};

namespace detail {

/**
 * @brief The number of test rows of a split, ⌈f·n⌉, after checking that both sides are non-empty.
 *
 * The product f·n is rounded up with a tolerance of 1e-9: 0.07 · 100 is 7.000000000000001 in
 * double and must give 7 test rows, not 8.
 *
 * @param function the public function, for the messages
 * @param n the number of rows
 * @param test_fraction f, in (0, 1)
 * @return ⌈f·n⌉, between 1 and n − 1
 * @throws invalid_argument when f ∉ (0, 1), or the test or the training set would be empty
 */
inline std::size_t test_count(const char* function, std::size_t n, double test_fraction) {
    if (!(test_fraction > 0.0 && test_fraction < 1.0))
        throw invalid_argument(function,
                               ::llmlings::detail::concat("test_fraction must be in (0, 1), got ", test_fraction));
    const double n_test = std::ceil(test_fraction * static_cast<double>(n) - 1e-9);
    if (n_test < 1.0 || n_test > static_cast<double>(n) - 1.0)
        throw invalid_argument(function, ::llmlings::detail::concat("a test fraction of ", test_fraction, " of n = ", n,
                                                                    " rows leaves the training or the test set empty"));
    return static_cast<std::size_t>(n_test);
}

/**
 * @brief Throws unless fit() has been called and x has the number of columns the transformer was
 * fitted on.
 *
 * @param function the public function, for the messages
 * @param fitted_columns the d of the fitted data, 0 before fit()
 * @param x the data to transform (m,d)
 */
inline void check_fitted_columns(const char* function, std::size_t fitted_columns, const matrix& x) {
    if (fitted_columns == 0) throw invalid_argument(function, "call fit() before transforming");
    if (x.shape()[1] != fitted_columns)
        throw shape_error(function, ::llmlings::detail::concat("fitted on ", fitted_columns,
                                                               " columns, got data of shape ", shape_str(x.shape())));
}

/**
 * @brief Throws invalid_argument unless x has at least one row and one column.
 *
 * @param function the public function, for the messages
 * @param x the data to fit on (n,d)
 */
inline void check_fit_data(const char* function, const matrix& x) {
    if (x.shape()[0] == 0 || x.shape()[1] == 0)
        throw invalid_argument(
            function, ::llmlings::detail::concat("needs at least one row and one column, got ", shape_str(x.shape())));
}

}  // namespace detail

/**
 * @ingroup ml
 * @brief A seeded random split of n rows into a training and a test set.
 *
 * The first ⌈f·n⌉ entries of a random permutation (stats::random_permutation) become the test
 * set, the others the training set; both stay in that random order. A model is fitted on the
 * training rows only and judged on the test rows, which it has never seen: the score on the
 * training rows says how well it memorised, the score on the test rows how well it generalises.
 * The same seed gives the same split, so results can be reproduced.
 *
 * @param n the number of rows
 * @param test_fraction f, the fraction held out for testing, in (0, 1); 0.2–0.3 is usual
 * @param gen the generator; n − 1 draws
 * @return split_indices with ⌈f·n⌉ test and n − ⌈f·n⌉ training rows
 * @throws invalid_argument when f ∉ (0, 1) or either side would be empty
 *
 * Complexity: O(n). Example: `train_test_split(10, 0.3, gen)` → 3 test rows, 7 training rows,
 * e.g. test `{6, 2, 9}`.
 */
inline split_indices train_test_split(std::size_t n, double test_fraction, rng& gen) {
    const std::size_t n_test = detail::test_count("train_test_split", n, test_fraction);
    const index_vector order = stats::random_permutation(n, gen);
    split_indices split;
    split.test = xt::empty<std::size_t>({n_test});
    split.train = xt::empty<std::size_t>({n - n_test});
    std::copy(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n_test), split.test.begin());
    std::copy(order.begin() + static_cast<std::ptrdiff_t>(n_test), order.end(), split.train.begin());
    return split;
}

/**
 * @ingroup ml
 * @brief A seeded split that keeps each class's share: a class with 30 % of the rows has about
 * 30 % of the test rows too.
 *
 * With a rare class, a plain random split can leave it out of the test set altogether (or put all
 * of it there). Here every class c with n_c rows contributes about f·n_c test rows: the
 * integer counts are apportioned by the largest-remainder method, so that they sum to ⌈f·n⌉
 * and each is ⌊f·n_c⌋ or ⌈f·n_c⌉ — within one row of its exact share:
 * 1. quota q_c = f·n_c; every class gets ⌊q_c⌋ test rows;
 * 2. the ⌈f·n⌉ − Σ⌊q_c⌋ rows left over go one each to the classes with the largest remainders
 *    q_c − ⌊q_c⌋ (ties to the smaller label);
 * 3. shuffle each class's rows (stats::shuffle) and take its count as test rows;
 * 4. shuffle the training and the test rows, so that the classes are mixed.
 *
 * @param labels index_vector (n) of class labels (any values; k = max + 1 classes)
 * @param test_fraction f, in (0, 1)
 * @param gen the generator
 * @return split_indices with ⌈f·n⌉ test rows
 * @throws invalid_argument when f ∉ (0, 1) or either side would be empty (including n = 0)
 *
 * Complexity: O(n + k log k). Example: labels with 50 zeros, 30 ones and 20 twos and f = 0.2 →
 * a test set of exactly 10 zeros, 6 ones and 4 twos; with 7, 5 and 3 rows and f = 0.3 the quotas
 * 2.1, 1.5 and 0.9 become 2, 2 and 1.
 */
inline split_indices stratified_split(const index_vector& labels, double test_fraction, rng& gen) {
    const std::size_t n = labels.size();
    const std::size_t n_test = detail::test_count("stratified_split", n, test_fraction);
    // the rows of each class
    const std::size_t k = *std::max_element(labels.begin(), labels.end()) + 1;
    std::vector<std::vector<std::size_t>> members(k);
    for (std::size_t i = 0; i < n; ++i) members[labels(i)].push_back(i);
    // 1. floors of the quotas
    std::vector<std::size_t> class_test(k);
    std::vector<double> remainder(k);
    std::size_t assigned = 0;
    for (std::size_t c = 0; c < k; ++c) {
        const double quota = test_fraction * static_cast<double>(members[c].size());
        class_test[c] = static_cast<std::size_t>(std::floor(quota + 1e-9));
        remainder[c] = quota - static_cast<double>(class_test[c]);
        assigned += class_test[c];
    }
    // 2. the rows left over, to the largest remainders
    std::vector<std::size_t> by_remainder(k);
    for (std::size_t c = 0; c < k; ++c) by_remainder[c] = c;
    std::stable_sort(by_remainder.begin(), by_remainder.end(),
                     [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
    for (std::size_t r = 0; assigned < n_test; ++r, ++assigned) ++class_test[by_remainder[r]];
    // 3. a random choice within each class
    std::vector<std::size_t> train, test;
    for (std::size_t c = 0; c < k; ++c) {
        stats::shuffle(members[c], gen);
        test.insert(test.end(), members[c].begin(), members[c].begin() + static_cast<std::ptrdiff_t>(class_test[c]));
        train.insert(train.end(), members[c].begin() + static_cast<std::ptrdiff_t>(class_test[c]), members[c].end());
    }
    // 4. mix the classes
    stats::shuffle(train, gen);
    stats::shuffle(test, gen);
    split_indices split;
    split.train = xt::empty<std::size_t>({train.size()});
    split.test = xt::empty<std::size_t>({test.size()});
    std::copy(train.begin(), train.end(), split.train.begin());
    std::copy(test.begin(), test.end(), split.test.begin());
    return split;
}

/**
 * @ingroup ml
 * @brief The rows of x listed in `rows`, in that order: how a split is applied to a data matrix.
 *
 * @param x matrix (n,d)
 * @param rows index_vector (m) of row numbers < n (repeats allowed)
 * @return matrix (m,d)
 * @throws invalid_argument when a row number is ≥ n
 *
 * Complexity: O(m·d). Example: `take_rows({{1,2},{3,4},{5,6}}, {2,0})` → `{{5,6},{1,2}}`.
 */
inline matrix take_rows(const matrix& x, const index_vector& rows) {
    const std::size_t n = x.shape()[0], d = x.shape()[1];
    matrix result = xt::empty<double>({rows.size(), d});
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (rows(r) >= n)
            throw invalid_argument("take_rows",
                                   ::llmlings::detail::concat("row ", rows(r), " of a matrix with ", n, " rows"));
        for (std::size_t j = 0; j < d; ++j) result(r, j) = x(rows(r), j);
    }
    return result;
}

/**
 * @ingroup ml
 * @brief The entries of a vector (labels, targets) listed in `rows`, in that order.
 *
 * @tparam T the element type: double for targets (llmlings::vector), std::size_t for labels
 *         (llmlings::index_vector)
 * @param values xtensor (n)
 * @param rows index_vector (m) of positions < n
 * @return xtensor (m)
 * @throws invalid_argument when a position is ≥ n
 *
 * Complexity: O(m). Example: `take_rows(index_vector{7,8,9}, {2,0})` → `{9,7}`.
 */
template <class T>
xt::xtensor<T, 1> take_rows(const xt::xtensor<T, 1>& values, const index_vector& rows) {
    xt::xtensor<T, 1> result = xt::empty<T>({rows.size()});
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (rows(r) >= values.size())
            throw invalid_argument("take_rows", ::llmlings::detail::concat("position ", rows(r),
                                                                           " of a vector of length ", values.size()));
        result(r) = values(rows(r));
    }
    return result;
}

/**
 * @ingroup ml
 * @brief Standardises every column: subtract its mean, divide by its (population) standard
 * deviation, so that each feature has mean 0 and standard deviation 1 on the training data.
 *
 * @f[ z_{ij} = \frac{x_{ij} - \mu_j}{\sigma_j}, \qquad
 *     \mu_j = \frac1n \sum_i x_{ij}, \quad \sigma_j = \sqrt{\frac1n \sum_i (x_{ij} - \mu_j)^2} @f]
 * Why: distances (kNN, k-means) and gradient descent treat all features alike, so a feature in
 * metres and one in millimetres must be brought to one scale, or the one with the larger numbers
 * decides everything. μ and σ come from fit() on the training data and are reused unchanged by
 * transform() on test data. A constant column has σ = 0: its scale is set to 1 (as
 * scikit-learn does), so it becomes all zeros instead of NaN.
 *
 * fit() reads the data row by row with one stats::running_stats (Welford) per column: one pass,
 * in memory order, as accurate as the two-pass formula.
 *
 * Example:
 * ```
 * standard_scaler s;
 * s.fit_transform({{1, 10}, {3, 10}});   // {{-1, 0}, {1, 0}}: μ = (2, 10), σ = (1, 0 → 1)
 * s.transform({{5, 12}});                // {{3, 2}}
 * ```
 */
class standard_scaler {
public:
    /// Learns μ and σ of every column of x (n,d). @return *this
    /// @throws invalid_argument when x has no rows or no columns
    standard_scaler& fit(const matrix& x);
    /// (x − μ) / σ column by column. @param x (m,d) @return (m,d)
    /// @throws invalid_argument before fit() @throws shape_error when d differs from the fitted data's
    matrix transform(const matrix& x) const;
    /// fit(x), then transform(x). @throws as fit()
    matrix fit_transform(const matrix& x);
    /// z · σ + μ column by column: back to the original units. @param z (m,d) @return (m,d)
    /// @throws invalid_argument before fit() @throws shape_error when d differs from the fitted data's
    matrix inverse_transform(const matrix& z) const;
    /// μ (d), the column means of the training data.
    const vector& mean() const { return mean_; }
    /// σ (d), the column standard deviations of the training data, with 0 replaced by 1.
    const vector& scale() const { return scale_; }

private:
    vector mean_;
    vector scale_;
};

/// One running_stats per column, fed row by row; σ = √(population variance), 0 → 1.
inline standard_scaler& standard_scaler::fit(const matrix& x) {
    detail::check_fit_data("standard_scaler::fit", x);
    const std::size_t n = x.shape()[0], d = x.shape()[1];
    std::vector<stats::running_stats> columns(d);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j) columns[j].add(x(i, j));
    mean_ = xt::empty<double>({d});
    scale_ = xt::empty<double>({d});
    for (std::size_t j = 0; j < d; ++j) {
        mean_(j) = columns[j].mean();
        const double sigma = std::sqrt(columns[j].variance(0));
        scale_(j) = sigma == 0.0 ? 1.0 : sigma;
    }
    return *this;
}

/// (x − μ) / σ, with μ and σ (d) broadcast along the rows.
inline matrix standard_scaler::transform(const matrix& x) const {
    detail::check_fitted_columns("standard_scaler::transform", mean_.size(), x);
    matrix z = xt::empty<double>(x.shape());
    for (std::size_t i = 0; i < x.shape()[0]; ++i)
        for (std::size_t j = 0; j < x.shape()[1]; ++j) z(i, j) = (x(i, j) - mean_(j)) / scale_(j);
    return z;
}

/// fit() then transform().
inline matrix standard_scaler::fit_transform(const matrix& x) {
    return fit(x).transform(x);
}

/// z · σ + μ.
inline matrix standard_scaler::inverse_transform(const matrix& z) const {
    detail::check_fitted_columns("standard_scaler::inverse_transform", mean_.size(), z);
    matrix x = xt::empty<double>(z.shape());
    for (std::size_t i = 0; i < z.shape()[0]; ++i)
        for (std::size_t j = 0; j < z.shape()[1]; ++j) x(i, j) = z(i, j) * scale_(j) + mean_(j);
    return x;
}

/**
 * @ingroup ml
 * @brief Rescales every column linearly so that the training data span [lo, hi] (default
 * [0, 1]).
 *
 * @f[ x'_{ij} = lo + (hi - lo)\,\frac{x_{ij} - \min_j}{\max_j - \min_j} @f]
 * Keeps the shape of each feature's distribution (unlike standardising, which also centres it),
 * and is what bounded inputs such as pixel intensities usually get. One outlier squeezes all the
 * other values together, so prefer the standard scaler when there are outliers. Test values
 * outside the training range map outside [lo, hi]: nothing is clipped. A constant column has
 * range 0: its range is taken as 1, so it maps to lo.
 *
 * Example:
 * ```
 * minmax_scaler s;            // to [0, 1]
 * s.fit_transform({{1}, {3}, {5}});   // {{0}, {0.5}, {1}}
 * s.transform({{7}});                 // {{1.5}}: not clipped
 * ```
 */
class minmax_scaler {
public:
    /// @param lo the value the column minimum maps to
    /// @param hi the value the column maximum maps to; fit() checks lo < hi
    explicit minmax_scaler(double lo = 0.0, double hi = 1.0) : lo_(lo), hi_(hi) {}

    /// Learns the minimum and the range of every column of x (n,d). @return *this
    /// @throws invalid_argument when lo ≥ hi, or x has no rows or no columns
    minmax_scaler& fit(const matrix& x);
    /// lo + (hi − lo)(x − min) / range, column by column. @param x (m,d) @return (m,d)
    /// @throws invalid_argument before fit() @throws shape_error when d differs from the fitted data's
    matrix transform(const matrix& x) const;
    /// fit(x), then transform(x). @throws as fit()
    matrix fit_transform(const matrix& x);
    /// min + (x' − lo) · range / (hi − lo): back to the original units. @param z (m,d) @return (m,d)
    /// @throws invalid_argument before fit() @throws shape_error when d differs from the fitted data's
    matrix inverse_transform(const matrix& z) const;
    /// The column minima (d) of the training data.
    const vector& data_min() const { return min_; }
    /// The column ranges max − min (d) of the training data, with 0 replaced by 1.
    const vector& data_range() const { return range_; }

private:
    double lo_;
    double hi_;
    vector min_;
    vector range_;
};

/// Column minima and maxima in one pass over the rows; range 0 → 1.
inline minmax_scaler& minmax_scaler::fit(const matrix& x) {
    if (!(lo_ < hi_))
        throw invalid_argument(
            "minmax_scaler::fit",
            ::llmlings::detail::concat("the feature range needs lo < hi, got [", lo_, ", ", hi_, "]"));
    detail::check_fit_data("minmax_scaler::fit", x);
    const std::size_t n = x.shape()[0], d = x.shape()[1];
    min_ = xt::empty<double>({d});
    vector maximum = xt::empty<double>({d});
    for (std::size_t j = 0; j < d; ++j) min_(j) = maximum(j) = x(0, j);
    for (std::size_t i = 1; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j) {
            min_(j) = std::min(min_(j), x(i, j));
            maximum(j) = std::max(maximum(j), x(i, j));
        }
    range_ = xt::empty<double>({d});
    for (std::size_t j = 0; j < d; ++j) {
        range_(j) = maximum(j) - min_(j);
        if (range_(j) == 0.0) range_(j) = 1.0;
    }
    return *this;
}

/// lo + (hi − lo)(x − min) / range, broadcast along the rows.
inline matrix minmax_scaler::transform(const matrix& x) const {
    detail::check_fitted_columns("minmax_scaler::transform", min_.size(), x);
    matrix scaled = xt::empty<double>(x.shape());
    for (std::size_t i = 0; i < x.shape()[0]; ++i)
        for (std::size_t j = 0; j < x.shape()[1]; ++j)
            scaled(i, j) = lo_ + (hi_ - lo_) * ((x(i, j) - min_(j)) / range_(j));
    return scaled;
}

/// fit() then transform().
inline matrix minmax_scaler::fit_transform(const matrix& x) {
    return fit(x).transform(x);
}

/// min + (z − lo) · range / (hi − lo).
inline matrix minmax_scaler::inverse_transform(const matrix& z) const {
    detail::check_fitted_columns("minmax_scaler::inverse_transform", min_.size(), z);
    matrix x = xt::empty<double>(z.shape());
    for (std::size_t i = 0; i < z.shape()[0]; ++i)
        for (std::size_t j = 0; j < z.shape()[1]; ++j) x(i, j) = min_(j) + ((z(i, j) - lo_) / (hi_ - lo_)) * range_(j);
    return x;
}

/**
 * @ingroup ml
 * @brief Maps category names to the integers 0 … k−1 (their rank in sorted order), and back.
 *
 * Models compute with numbers, so labels such as "setosa", "versicolor", "virginica" become 0, 1,
 * 2. The classes are sorted (std::string order), so the code of a label does not depend on the
 * order in which the data happen to list them. Use the codes as *targets*; as an input feature,
 * a code invents an order and distances (blue − red = 2 × (green − red)) that do not exist:
 * one-hot encode input categories instead (one_hot()).
 *
 * Example:
 * ```
 * label_encoder e;
 * e.fit_transform({"b", "a", "c", "a"});   // {1, 0, 2, 0}; classes() = {"a", "b", "c"}
 * e.inverse_transform({2, 0});             // {"c", "a"}
 * ```
 */
class label_encoder {
public:
    /// Learns the sorted distinct labels. @param labels (n) @return *this
    /// @throws invalid_argument when labels is empty
    label_encoder& fit(const std::vector<std::string>& labels);
    /// The code (position in classes()) of every label. @return index_vector (n)
    /// @throws invalid_argument before fit(), or for a label not seen by fit()
    index_vector transform(const std::vector<std::string>& labels) const;
    /// fit(labels), then transform(labels).
    index_vector fit_transform(const std::vector<std::string>& labels);
    /// The label of every code. @throws invalid_argument before fit(), or for a code ≥ k
    std::vector<std::string> inverse_transform(const index_vector& codes) const;
    /// The k distinct labels, sorted; label classes()[c] has code c.
    const std::vector<std::string>& classes() const { return classes_; }

private:
    std::vector<std::string> classes_;
};

/// Sort a copy, then drop the repeats.
inline label_encoder& label_encoder::fit(const std::vector<std::string>& labels) {
    if (labels.empty()) throw invalid_argument("label_encoder::fit", "no labels to learn from");
    classes_ = labels;
    std::sort(classes_.begin(), classes_.end());
    classes_.erase(std::unique(classes_.begin(), classes_.end()), classes_.end());
    return *this;
}

/// Binary search of each label in the sorted classes: O(n log k).
inline index_vector label_encoder::transform(const std::vector<std::string>& labels) const {
    if (classes_.empty()) throw invalid_argument("label_encoder::transform", "call fit() before transform()");
    index_vector codes = xt::empty<std::size_t>({labels.size()});
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const auto it = std::lower_bound(classes_.begin(), classes_.end(), labels[i]);
        if (it == classes_.end() || *it != labels[i])
            throw invalid_argument(
                "label_encoder::transform",
                ::llmlings::detail::concat("label '", labels[i], "' at index ", i, " was not seen by fit()"));
        codes(i) = static_cast<std::size_t>(it - classes_.begin());
    }
    return codes;
}

/// fit() then transform().
inline index_vector label_encoder::fit_transform(const std::vector<std::string>& labels) {
    return fit(labels).transform(labels);
}

/// classes()[code] for every code.
inline std::vector<std::string> label_encoder::inverse_transform(const index_vector& codes) const {
    if (classes_.empty()) throw invalid_argument("label_encoder::inverse_transform", "call fit() first");
    std::vector<std::string> labels;
    labels.reserve(codes.size());
    for (std::size_t i = 0; i < codes.size(); ++i) {
        if (codes(i) >= classes_.size())
            throw invalid_argument("label_encoder::inverse_transform",
                                   ::llmlings::detail::concat("code ", codes(i), " at index ", i,
                                                              " is not below the number of classes ", classes_.size()));
        labels.push_back(classes_[codes(i)]);
    }
    return labels;
}

/**
 * @ingroup ml
 * @brief One-hot encoding: code c becomes the row with a 1 in column c and 0 elsewhere.
 *
 * @f[ H_{ic} = [\,\mathrm{codes}_i = c\,] @f]
 * Every category gets its own axis, so all categories are equally far apart (distance √2) and
 * a linear model can give each its own weight. It is also the target format of the softmax
 * cross-entropy loss (ml/03, nn).
 *
 * @param codes index_vector (n) of category codes (from label_encoder)
 * @param n_classes k; 0 (the default) means max(codes) + 1
 * @return matrix (n,k) of 0s and 1s, one 1 per row
 * @throws invalid_argument when a code is ≥ n_classes (when given), or codes is empty and
 *         n_classes is 0
 *
 * Complexity: O(n·k) to fill the zeros. Example: `one_hot({2, 0, 1})` →
 * `{{0,0,1}, {1,0,0}, {0,1,0}}`.
 */
inline matrix one_hot(const index_vector& codes, std::size_t n_classes = 0) {
    if (n_classes == 0) {
        check::not_empty("one_hot", codes);
        n_classes = *std::max_element(codes.begin(), codes.end()) + 1;
    }
    matrix encoded = xt::zeros<double>({codes.size(), n_classes});
    for (std::size_t i = 0; i < codes.size(); ++i) {
        if (codes(i) >= n_classes)
            throw invalid_argument("one_hot", ::llmlings::detail::concat("code ", codes(i), " at index ", i,
                                                                         " is not below n_classes = ", n_classes));
        encoded(i, codes(i)) = 1.0;
    }
    return encoded;
}

/**
 * @ingroup ml
 * @brief The inverse of one_hot(): the column of the largest entry of every row (the first one
 * on a tie).
 *
 * On a one-hot matrix it returns the codes exactly; on a matrix of class probabilities (the
 * output of a classifier) it returns the most probable class of each row.
 *
 * @param encoded matrix (n,k), k ≥ 1
 * @return index_vector (n)
 * @throws invalid_argument when k = 0
 *
 * Complexity: O(n·k). Example: `one_hot_decode({{0,0,1}, {0.7,0.2,0.1}})` → `{2, 0}`.
 */
inline index_vector one_hot_decode(const matrix& encoded) {
    const std::size_t n = encoded.shape()[0], k = encoded.shape()[1];
    if (k == 0) throw invalid_argument("one_hot_decode", "the matrix has no columns (k = 0)");
    index_vector codes = xt::empty<std::size_t>({n});
    for (std::size_t i = 0; i < n; ++i) {
        std::size_t best = 0;
        for (std::size_t c = 1; c < k; ++c)
            if (encoded(i, c) > encoded(i, best)) best = c;
        codes(i) = best;
    }
    return codes;
}

}  // namespace ml
}  // namespace llmlings

#endif  // LLMLINGS_ML_01_PREPROCESSING_HPP
