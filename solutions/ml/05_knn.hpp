// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief ml/05 — k-nearest neighbours: distances (Euclidean, Manhattan, cosine), the k nearest
 * training points of each query, a classifier that takes a majority vote among them and a
 * regressor that averages their targets.
 *
 * Shapes: training data X (n,d) and queries Q (m,d), one row per point; class labels y
 * index_vector (n); regression targets y vector (n); distances between the rows of two matrices
 * (m,n); the neighbours of m queries (m,k).
 *
 * kNN "trains" by remembering the training set: fit() stores it, and all the work happens at
 * prediction time, k·n·d operations per query (brute force). Because it compares raw distances,
 * a feature measured in large units drowns the others: scale the features first (ml/01).
 *
 * Conventions. Neighbours are sorted by distance, and equal distances by training index (the
 * earlier row first), so results never depend on the sort's whims. The vote breaks a tie between
 * labels in favour of the label whose nearest member is closest to the query; scikit-learn picks
 * the smallest label instead (both are reasonable, but say which one you use).
 *
 * What this file deliberately is not: a spatial index (k-d tree, ball tree) or an approximate
 * search (nlp/12 builds one), distance-weighted votes.
 *
 * Reference: T. Cover, P. Hart (1967), "Nearest neighbor pattern classification", IEEE
 * Transactions on Information Theory 13(1); Hastie, Tibshirani & Friedman, *The Elements of
 * Statistical Learning* (2nd ed.), §2.3.2 and §13.3.
 *
 * Guide: @ref ml_05_knn (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_ML_05_KNN_HPP
#define LLMLINGS_ML_05_KNN_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <vector>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xview.hpp>

#include <llmlings/core.hpp>
#include <llmlings/linalg/01_vectors.hpp>
#include <llmlings/stats/01_descriptive.hpp>

namespace llmlings {
namespace ml {

/**
 * @ingroup ml
 * @brief Which distance neighbours are measured by.
 *
 * - `euclidean`: ‖a − b‖₂, the straight-line distance; the default.
 * - `manhattan`: ‖a − b‖₁, the distance along the axes (city blocks); a large difference in one
 *   feature counts less than under Euclidean.
 * - `cosine`: 1 − cos θ(a, b), in [0, 2]; only the directions count, not the lengths (text and
 *   embeddings, where a longer document is not a different one). Not a true metric: it breaks
 *   the triangle inequality.
 */
enum class distance_metric { euclidean, manhattan, cosine };

/**
 * @ingroup ml
 * @brief The distance between two points under `metric`.
 *
 * @f[ d_2(a,b) = \sqrt{\textstyle\sum_i (a_i - b_i)^2}, \quad
 *     d_1(a,b) = \textstyle\sum_i |a_i - b_i|, \quad
 *     d_{\cos}(a,b) = 1 - \frac{a \cdot b}{\|a\|_2 \|b\|_2} @f]
 * Built on linalg/01: norm_l2, norm_l1 and cosine_similarity.
 *
 * @param a vector (d)
 * @param b vector (d)
 * @param metric the distance to use
 * @return d(a, b) ≥ 0
 * @throws shape_error when the lengths differ
 * @throws invalid_argument for the cosine distance when a or b is the zero vector (its
 *         direction is undefined; thrown by linalg::cosine_similarity)
 *
 * Complexity: O(d), one temporary of length d for a − b. Example: `distance({0,0}, {3,4},
 * euclidean)` → `5`; manhattan → `7`; `distance({1,0}, {0,2}, cosine)` → `1`.
 */
inline double distance(const vector& a, const vector& b, distance_metric metric) {
    check::same_size("distance", a, b);
    switch (metric) {
        case distance_metric::euclidean:
            return linalg::norm_l2(a - b);
        case distance_metric::manhattan:
            return linalg::norm_l1(a - b);
        case distance_metric::cosine:
            return 1.0 - linalg::cosine_similarity(a, b);
    }
    throw invalid_argument("distance", "unknown distance_metric");
}

/**
 * @ingroup ml
 * @brief All distances between the rows of `a` and the rows of `b`: entry (i, j) is
 * distance(a[i], b[j], metric).
 *
 * @param a matrix (m,d)
 * @param b matrix (n,d)
 * @param metric the distance to use
 * @return matrix (m,n)
 * @throws shape_error when the numbers of columns differ
 * @throws invalid_argument for the cosine distance when a row is all zeros
 *
 * Complexity: O(m·n·d); the rows are copied into two buffers allocated once.
 * Example: `pairwise_distances({{0,0},{1,1}}, {{3,4}}, euclidean)` → `{{5}, {3.6055…}}`.
 */
inline matrix pairwise_distances(const matrix& a, const matrix& b, distance_metric metric) {
    if (a.shape()[1] != b.shape()[1])
        throw shape_error("pairwise_distances",
                          ::llmlings::detail::concat("the points have different numbers of features: ",
                                                     shape_str(a.shape()), " vs ", shape_str(b.shape())));
    const std::size_t m = a.shape()[0], n = b.shape()[0], d = a.shape()[1];
    matrix result = xt::empty<double>({m, n});
    vector row_a = xt::empty<double>({d}), row_b = xt::empty<double>({d});
    for (std::size_t i = 0; i < m; ++i) {
        for (std::size_t k = 0; k < d; ++k) row_a(k) = a(i, k);
        for (std::size_t j = 0; j < n; ++j) {
            for (std::size_t k = 0; k < d; ++k) row_b(k) = b(j, k);
            result(i, j) = distance(row_a, row_b, metric);
        }
    }
    return result;
}

/**
 * @ingroup ml
 * @brief The k nearest training points of each query: their row indices and distances, nearest
 * first.
 */
struct knn_result {
    xt::xtensor<std::size_t, 2> indices;  ///< (m,k): row i lists the training rows nearest to query i
    matrix distances;                     ///< (m,k): their distances, non-decreasing along each row
};

namespace detail {

/**
 * @brief Throws invalid_argument unless every entry of x is finite: a NaN distance has no place
 * in the order of neighbours (a sort would silently misplace it).
 *
 * @param function the public function that checks, e.g. `"k_nearest"`
 * @param what the argument's name, for the message
 * @param x the points
 */
inline void check_finite_points(const char* function, const char* what, const matrix& x) {
    for (std::size_t i = 0; i < x.shape()[0]; ++i)
        for (std::size_t j = 0; j < x.shape()[1]; ++j)
            if (!std::isfinite(x(i, j)))
                throw invalid_argument(function, ::llmlings::detail::concat(what, " has a NaN or infinite entry at (",
                                                                            i, ", ", j, "): ", x(i, j)));
}

}  // namespace detail

/**
 * @ingroup ml
 * @brief Finds the k training rows nearest to each query row (brute force).
 *
 * For each query compute its distance to every training point, then keep the k smallest with
 * std::partial_sort, ordering by (distance, training index) so that ties go to the earlier row.
 *
 * @param train matrix (n,d), the points searched
 * @param queries matrix (m,d)
 * @param k how many neighbours, 1 ≤ k ≤ n
 * @param metric the distance to use
 * @return knn_result with indices and distances (m,k)
 * @throws invalid_argument when k = 0 or k > n, or a point holds a NaN or an infinity; the
 *         message names the function, which input and the entry: `k_nearest: the training data
 *         has a NaN or infinite entry at (1, 0): nan`
 * @throws shape_error when the numbers of columns differ
 *
 * Complexity: O(m·n·d) for the distances plus O(m·n·log k) for the selection; (m,n) memory.
 * Example: train rows {0}, {1}, {3}, {7}; query {2.6}; k = 2 → indices `{{2, 1}}`, distances
 * `{{0.4, 1.6}}`.
 */
inline knn_result k_nearest(const matrix& train, const matrix& queries, std::size_t k, distance_metric metric) {
    const std::size_t n = train.shape()[0], m = queries.shape()[0];
    if (k == 0 || k > n)
        throw invalid_argument(
            "k_nearest", ::llmlings::detail::concat("k must be between 1 and the number of training points n = ", n,
                                                    ", got k = ", k));
    detail::check_finite_points("k_nearest", "the training data", train);
    detail::check_finite_points("k_nearest", "the queries", queries);
    const matrix all = pairwise_distances(queries, train, metric);
    knn_result result;
    result.indices = xt::empty<std::size_t>({m, k});
    result.distances = xt::empty<double>({m, k});
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < m; ++i) {
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::partial_sort(
            order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
            [&](std::size_t a, std::size_t b) { return all(i, a) < all(i, b) || (all(i, a) == all(i, b) && a < b); });
        for (std::size_t r = 0; r < k; ++r) {
            result.indices(i, r) = order[r];
            result.distances(i, r) = all(i, order[r]);
        }
    }
    return result;
}

/**
 * @ingroup ml
 * @brief The most frequent label; a tie goes to the tied label that occurs first.
 *
 * Pass the neighbours' labels nearest first: then "occurs first" means "has the nearest
 * member", and a 2-neighbour vote between different labels returns the label of the nearest one.
 *
 * @param labels index_vector (k), nearest neighbour first, k ≥ 1
 * @return the winning label
 * @throws invalid_argument when labels is empty
 *
 * Complexity: O(k²) with the simple count below (k is small). Example: `majority_vote({2,1,1})`
 * → `1`; `majority_vote({3,1,1,3})` → `3` (two each; 3 is nearer).
 */
inline std::size_t majority_vote(const index_vector& labels) {
    check::not_empty("majority_vote", labels);
    std::size_t best = labels(0), best_count = 0;
    for (std::size_t r = 0; r < labels.size(); ++r) {
        const std::size_t count = static_cast<std::size_t>(std::count(labels.begin(), labels.end(), labels(r)));
        if (count > best_count) {  // strictly more: an earlier label keeps a tie
            best = labels(r);
            best_count = count;
        }
    }
    return best;
}

/**
 * @ingroup ml
 * @brief k-nearest-neighbour classifier: the predicted class of a point is the majority vote of
 * the classes of its k nearest training points.
 *
 * k = 1 reproduces the training labels exactly (every point is its own nearest neighbour): a
 * perfect training score that says nothing about new data — overfitting in its purest form.
 * Larger k smooths the decision boundary; k = n predicts the most frequent class everywhere.
 *
 * Example:
 * ```
 * knn_classifier model(3);
 * model.fit({{0,0}, {0,1}, {1,0}, {5,5}, {5,6}, {6,5}}, {0, 0, 0, 1, 1, 1});
 * model.predict({{0.5, 0.5}, {5.5, 5.2}});   // {0, 1}
 * ```
 */
class knn_classifier {
public:
    /// @param k the number of neighbours that vote (checked by fit: 1 ≤ k ≤ n)
    /// @param metric the distance to use
    explicit knn_classifier(std::size_t k = 5, distance_metric metric = distance_metric::euclidean)
        : k_(k), metric_(metric) {}

    /// Stores the training set. @param x matrix (n,d) @param y index_vector (n) of class labels
    /// @return *this @throws shape_error when x has not y.size() rows
    /// @throws invalid_argument when n = 0, k = 0, k > n, or x holds a NaN or an infinity; the
    /// message names the method and the entry:
    /// `knn_classifier::fit: x has a NaN or infinite entry at (1, 0): nan`
    knn_classifier& fit(const matrix& x, const index_vector& y);
    /// The predicted class of each row of x. @param x matrix (m,d) @return index_vector (m)
    /// @throws invalid_argument before fit() or when x holds a NaN or an infinity; the message
    /// names the method and the entry: `knn_classifier::predict: x has a NaN or infinite entry at
    /// (0, 0): inf`
    /// @throws shape_error when d differs from the training data's
    index_vector predict(const matrix& x) const;

private:
    std::size_t k_;
    distance_metric metric_;
    matrix train_x_;
    index_vector train_y_;
    bool fitted_ = false;
};

namespace detail {

/**
 * @brief The input checks shared by the kNN classifier and regressor's fit().
 *
 * @param function the public function that checks, e.g. `"knn_classifier::fit"`
 * @param x matrix (n,d)
 * @param n_targets the length of y
 * @param k the number of neighbours
 */
inline void check_knn_fit(const char* function, const matrix& x, std::size_t n_targets, std::size_t k) {
    if (x.shape()[0] != n_targets)
        throw shape_error(
            function, ::llmlings::detail::concat("x has ", x.shape()[0], " rows but y has ", n_targets, " entries"));
    if (n_targets == 0) throw invalid_argument(function, "the training set is empty");
    if (k == 0 || k > n_targets)
        throw invalid_argument(
            function, ::llmlings::detail::concat(
                          "k must be between 1 and the number of training points n = ", n_targets, ", got k = ", k));
    check_finite_points(function, "x", x);
}

/**
 * @brief The input checks shared by the kNN classifier and regressor's predict().
 *
 * @param function the public function that checks, e.g. `"knn_classifier::predict"`
 * @param fitted whether fit() has been called
 * @param train_x the stored training data (n,d)
 * @param x the queries (m,d)
 */
inline void check_knn_predict(const char* function, bool fitted, const matrix& train_x, const matrix& x) {
    if (!fitted) throw invalid_argument(function, "call fit() before predict()");
    if (x.shape()[1] != train_x.shape()[1])
        throw shape_error(function, ::llmlings::detail::concat("the model was fitted on ", train_x.shape()[1],
                                                               " features, the queries have ", x.shape()[1]));
    check_finite_points(function, "x", x);
}

}  // namespace detail

/// Checks the input and keeps copies of x and y; nothing else happens until predict().
inline knn_classifier& knn_classifier::fit(const matrix& x, const index_vector& y) {
    detail::check_knn_fit("knn_classifier::fit", x, y.size(), k_);
    train_x_ = x;
    train_y_ = y;
    fitted_ = true;
    return *this;
}

/// For each query: its k nearest training points, then majority_vote() of their labels.
inline index_vector knn_classifier::predict(const matrix& x) const {
    detail::check_knn_predict("knn_classifier::predict", fitted_, train_x_, x);
    const knn_result neighbours = k_nearest(train_x_, x, k_, metric_);
    index_vector predictions = xt::empty<std::size_t>({x.shape()[0]});
    index_vector votes = xt::empty<std::size_t>({k_});
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        for (std::size_t r = 0; r < k_; ++r) votes(r) = train_y_(neighbours.indices(i, r));
        predictions(i) = majority_vote(votes);
    }
    return predictions;
}

/**
 * @ingroup ml
 * @brief k-nearest-neighbour regressor: the prediction for a point is the mean target of its k
 * nearest training points.
 *
 * @f[ \hat y(x) = \frac1k \sum_{j \in N_k(x)} y_j @f]
 * The prediction is a step function of x: it changes only when the set of neighbours does.
 * k = n predicts the mean of all targets everywhere.
 *
 * Example:
 * ```
 * knn_regressor model(3);
 * model.fit({{0}, {1}, {2}, {3}, {10}}, {0, 2, 4, 6, 100});
 * model.predict({{1.4}});   // {2}: the mean of 2, 4 and 0
 * ```
 */
class knn_regressor {
public:
    /// @param k the number of neighbours averaged (checked by fit: 1 ≤ k ≤ n)
    /// @param metric the distance to use
    explicit knn_regressor(std::size_t k = 5, distance_metric metric = distance_metric::euclidean)
        : k_(k), metric_(metric) {}

    /// Stores the training set. @param x matrix (n,d) @param y vector (n) of targets
    /// @return *this @throws shape_error when x has not y.size() rows
    /// @throws invalid_argument when n = 0, k = 0, k > n, or x holds a NaN or an infinity; the
    /// message names the method and the entry:
    /// `knn_regressor::fit: x has a NaN or infinite entry at (1, 0): nan`
    knn_regressor& fit(const matrix& x, const vector& y);
    /// The predicted target of each row of x. @param x matrix (m,d) @return vector (m)
    /// @throws invalid_argument before fit() or when x holds a NaN or an infinity
    /// @throws shape_error when d differs from the training data's
    vector predict(const matrix& x) const;

private:
    std::size_t k_;
    distance_metric metric_;
    matrix train_x_;
    vector train_y_;
    bool fitted_ = false;
};

/// Checks the input and keeps copies of x and y.
inline knn_regressor& knn_regressor::fit(const matrix& x, const vector& y) {
    detail::check_knn_fit("knn_regressor::fit", x, y.size(), k_);
    train_x_ = x;
    train_y_ = y;
    fitted_ = true;
    return *this;
}

/// For each query: its k nearest training points, then stats::mean of their targets.
inline vector knn_regressor::predict(const matrix& x) const {
    detail::check_knn_predict("knn_regressor::predict", fitted_, train_x_, x);
    const knn_result neighbours = k_nearest(train_x_, x, k_, metric_);
    vector predictions = xt::empty<double>({x.shape()[0]});
    vector targets = xt::empty<double>({k_});
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        for (std::size_t r = 0; r < k_; ++r) targets(r) = train_y_(neighbours.indices(i, r));
        predictions(i) = stats::mean(targets);
    }
    return predictions;
}

}  // namespace ml
}  // namespace llmlings

#endif  // LLMLINGS_ML_05_KNN_HPP
