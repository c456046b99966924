// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief ml/06 — k-means clustering: k-means++ seeding, Lloyd's iterations (assign every point to
 * its nearest centre, move every centre to the mean of its points) and the inertia they minimise.
 *
 * Shapes: data X (n,d), one row per point; centres C (k,d); cluster labels index_vector (n) with
 * values 0 … k−1.
 *
 * k-means is unsupervised: nobody gives it labels, it finds k groups of points that lie close
 * together. It minimises the inertia, the sum of squared distances of the points to their
 * centres, by alternating two steps that can each only lower it; so it always stops, but in a
 * local minimum that depends on the starting centres — hence k-means++ seeding, and in practice
 * several seeded runs keeping the lowest inertia.
 *
 * Conventions. The assignment is the 1-nearest-neighbour search of ml/05 with the centres as the
 * training set (ties to the lower centre index). A cluster that loses all its points keeps its
 * previous centre (scikit-learn relocates it to a far point instead). Iterations stop when no
 * label changes, or after max_iter.
 *
 * What this file deliberately is not: mini-batch k-means, Elkan's triangle-inequality
 * acceleration, choosing k (the elbow of inertia against k, silhouettes).
 *
 * References: S. P. Lloyd (1982), "Least squares quantization in PCM", IEEE Transactions on
 * Information Theory 28(2); D. Arthur, S. Vassilvitskii (2007), "k-means++: the advantages of
 * careful seeding", SODA.
 *
 * Guide: @ref ml_06_kmeans (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_ML_06_KMEANS_HPP
#define LLMLINGS_ML_06_KMEANS_HPP

#include <cmath>
#include <cstddef>
#include <vector>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include <llmlings/core.hpp>
#include <llmlings/ml/05_knn.hpp>
#include <llmlings/stats/03_sampling.hpp>

namespace llmlings {
namespace ml {

namespace detail {

/**
 * @brief Throws unless 1 ≤ k ≤ n for data of n rows and at least one column, all finite (a NaN
 * distance has no place in the comparisons that assign points to centres).
 *
 * @param function the public function, for the messages
 * @param x the data (n,d)
 * @param k the number of clusters
 */
inline void check_cluster_count(const char* function, const matrix& x, std::size_t k) {
    if (x.shape()[1] == 0) throw invalid_argument(function, "the points have no coordinates (d = 0)");
    if (k == 0 || k > x.shape()[0])
        throw invalid_argument(function, ::llmlings::detail::concat("k must be between 1 and the number of points n = ",
                                                                    x.shape()[0], ", got k = ", k));
    for (std::size_t i = 0; i < x.shape()[0]; ++i)
        for (std::size_t j = 0; j < x.shape()[1]; ++j)
            if (!std::isfinite(x(i, j)))
                throw invalid_argument(function, ::llmlings::detail::concat("the data has a NaN or infinite entry at (",
                                                                            i, ", ", j, "): ", x(i, j)));
}

}  // namespace detail

/**
 * @ingroup ml
 * @brief k-means++ seeding: k starting centres chosen among the points, each new one far from
 * those already chosen.
 *
 * 1. The first centre is a point chosen uniformly at random.
 * 2. Every further centre is a point chosen with probability proportional to D(x)², the squared
 *    distance from x to its nearest centre so far (stats::sample_categorical).
 * A point that is already a centre has D = 0 and cannot be chosen again, so the k centres are k
 * distinct points. Far-away points are likely picks, so each true cluster tends to get its own
 * centre; Arthur & Vassilvitskii prove the expected inertia is within a factor 8(ln k + 2) of
 * the optimum before Lloyd's iterations even start.
 *
 * @param x the points (n,d)
 * @param k the number of centres, 1 ≤ k ≤ n
 * @param gen the generator: one uniform_index and k − 1 categorical draws
 * @return the centres (k,d), copies of k distinct rows of x in the order chosen
 * @throws invalid_argument when k = 0, k > n, d = 0, x holds a NaN or an infinity, or x has fewer
 *         than k distinct points; the message names the function and the entry:
 *         `kmeans_plus_plus: the data has a NaN or infinite entry at (1, 0): nan`
 *
 * Complexity: O(n·k·d). Example: for the points {0}, {0}, {0}, {10} and k = 2 the centres are
 * always 0 and 10, in either order.
 */
inline matrix kmeans_plus_plus(const matrix& x, std::size_t k, rng& gen) {
    detail::check_cluster_count("kmeans_plus_plus", x, k);
    const std::size_t n = x.shape()[0], d = x.shape()[1];
    matrix centres = xt::empty<double>({k, d});
    vector nearest_squared = xt::empty<double>({n});  // D², to the nearest centre so far
    for (std::size_t c = 0; c < k; ++c) {
        std::size_t chosen = 0;
        if (c == 0) {
            // 1. a uniform first centre
            chosen = static_cast<std::size_t>(uniform_index(n, gen));
        } else {
            // 2. the next centre with probability D² / ΣD²
            double total = 0.0;
            for (const double squared : nearest_squared) total += squared;
            if (total == 0.0)
                throw invalid_argument(
                    "kmeans_plus_plus",
                    ::llmlings::detail::concat("the data have fewer than k = ", k, " distinct points (found ", c, ")"));
            vector probabilities = nearest_squared;
            for (double& p : probabilities) p /= total;
            chosen = stats::sample_categorical(probabilities, gen);
        }
        matrix new_centre = xt::empty<double>({std::size_t{1}, d});
        for (std::size_t j = 0; j < d; ++j) centres(c, j) = new_centre(0, j) = x(chosen, j);
        // D² after adding the new centre
        const matrix to_new = pairwise_distances(x, new_centre, distance_metric::euclidean);
        for (std::size_t i = 0; i < n; ++i) {
            const double squared = to_new(i, 0) * to_new(i, 0);
            if (c == 0 || squared < nearest_squared(i)) nearest_squared(i) = squared;
        }
    }
    return centres;
}

/**
 * @ingroup ml
 * @brief The assignment step: the label of every point is the index of its nearest centre
 * (Euclidean; a tie goes to the lower index).
 *
 * @f[ \ell_i = \arg\min_c \|x_i - \mu_c\|_2 @f]
 * This is ml/05's k_nearest() with k = 1 and the centres as the training set.
 *
 * @param x the points (n,d)
 * @param centres (k,d), k ≥ 1
 * @return index_vector (n) of labels in [0, k)
 * @throws invalid_argument when there is no centre
 * @throws shape_error when the numbers of columns differ
 *
 * Complexity: O(n·k·d). Example: points {0}, {4}, {9} and centres {1}, {8} → `{0, 0, 1}`.
 */
inline index_vector assign_clusters(const matrix& x, const matrix& centres) {
    if (centres.shape()[0] == 0) throw invalid_argument("assign_clusters", "there are no centres (k = 0)");
    const knn_result nearest = k_nearest(centres, x, 1, distance_metric::euclidean);
    index_vector labels = xt::empty<std::size_t>({x.shape()[0]});
    for (std::size_t i = 0; i < labels.size(); ++i) labels(i) = nearest.indices(i, 0);
    return labels;
}

/**
 * @ingroup ml
 * @brief The update step: every centre moves to the mean of the points assigned to it; a centre
 * with no point stays where it was.
 *
 * @f[ \mu_c = \frac{1}{|S_c|} \sum_{i \in S_c} x_i, \qquad S_c = \{ i : \ell_i = c \} @f]
 * For fixed labels the mean is the point that minimises the sum of squared distances to the
 * members, so this step cannot raise the inertia.
 *
 * @param x the points (n,d)
 * @param labels index_vector (n), values < k
 * @param previous the current centres (k,d); k is taken from it
 * @return the new centres (k,d)
 * @throws shape_error when labels has not n entries or the numbers of columns differ
 * @throws invalid_argument when a label is ≥ k
 *
 * Complexity: O(n·d), one pass over the rows. Example: points {0}, {2}, {10} with labels
 * {0, 0, 1} → centres `{{1}, {10}}`.
 */
inline matrix update_centroids(const matrix& x, const index_vector& labels, const matrix& previous) {
    const std::size_t n = x.shape()[0], d = x.shape()[1], k = previous.shape()[0];
    if (labels.size() != n || previous.shape()[1] != d)
        throw shape_error(
            "update_centroids",
            ::llmlings::detail::concat("points ", shape_str(x.shape()), ", labels ", shape_str(labels.shape()),
                                       ", centres ", shape_str(previous.shape()), " do not fit together"));
    matrix sums = xt::zeros<double>({k, d});
    std::vector<std::size_t> counts(k, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t c = labels(i);
        if (c >= k)
            throw invalid_argument("update_centroids",
                                   ::llmlings::detail::concat("label ", c, " at index ", i, " is not below k = ", k));
        ++counts[c];
        for (std::size_t j = 0; j < d; ++j) sums(c, j) += x(i, j);
    }
    matrix centres = previous;
    for (std::size_t c = 0; c < k; ++c)
        if (counts[c] > 0)
            for (std::size_t j = 0; j < d; ++j) centres(c, j) = sums(c, j) / static_cast<double>(counts[c]);
    return centres;
}

/**
 * @ingroup ml
 * @brief The inertia (within-cluster sum of squares): the sum of squared distances from every
 * point to the centre of its cluster.
 *
 * @f[ J = \sum_{i=0}^{n-1} \|x_i - \mu_{\ell_i}\|_2^2 @f]
 * The quantity k-means minimises. It always drops as k grows (k = n gives 0), so it cannot pick
 * k by itself: look for the "elbow" where adding a cluster stops helping much.
 *
 * @param x the points (n,d)
 * @param centres (k,d)
 * @param labels index_vector (n), values < k
 * @return J ≥ 0
 * @throws shape_error when labels has not n entries or the numbers of columns differ
 * @throws invalid_argument when a label is ≥ k
 *
 * Complexity: O(n·d). Example: points {0}, {2}, {10}, {12}, centres {1}, {11}, labels
 * {0, 0, 1, 1} → `4`.
 */
inline double inertia(const matrix& x, const matrix& centres, const index_vector& labels) {
    const std::size_t n = x.shape()[0], d = x.shape()[1], k = centres.shape()[0];
    if (labels.size() != n || centres.shape()[1] != d)
        throw shape_error("inertia", ::llmlings::detail::concat("points ", shape_str(x.shape()), ", labels ",
                                                                shape_str(labels.shape()), ", centres ",
                                                                shape_str(centres.shape()), " do not fit together"));
    vector point = xt::empty<double>({d}), centre = xt::empty<double>({d});
    double total = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        if (labels(i) >= k)
            throw invalid_argument(
                "inertia", ::llmlings::detail::concat("label ", labels(i), " at index ", i, " is not below k = ", k));
        for (std::size_t j = 0; j < d; ++j) {
            point(j) = x(i, j);
            centre(j) = centres(labels(i), j);
        }
        const double r = distance(point, centre, distance_metric::euclidean);
        total += r * r;
    }
    return total;
}

/**
 * @ingroup ml
 * @brief The outcome of kmeans().
 */
struct kmeans_result {
    matrix centroids;                     ///< (k,d), the final centres
    index_vector labels;                  ///< (n), the cluster of every point: its nearest centre
    double inertia = 0.0;                 ///< J of these centres and labels
    std::size_t iterations = 0;           ///< the Lloyd iterations run (update + assignment)
    bool converged = false;               ///< true when the last iteration changed no label
    std::vector<double> inertia_history;  ///< J after the seeding and after each iteration; never increases
};

/**
 * @ingroup ml
 * @brief k-means: k-means++ seeding, then Lloyd's iterations until no label changes.
 *
 * 1. centres ← kmeans_plus_plus(x, k, gen); labels ← assign_clusters(x, centres)
 * 2. repeat at most max_iter times:
 *    centres ← update_centroids(x, labels, centres); new ← assign_clusters(x, centres);
 *    record inertia(x, centres, new); stop if new = labels; labels ← new.
 *
 * Each half step lowers J or leaves it alone (the mean minimises squared distances to fixed
 * members; the nearest centre minimises each point's term for fixed centres), and there are
 * finitely many labellings, so the loop ends — in a local minimum. When labels stop changing the
 * centres are the means of their clusters and every point is with its nearest centre.
 *
 * @param x the points (n,d); scale the features first (ml/01), distances are compared
 * @param k the number of clusters, 1 ≤ k ≤ n
 * @param gen the generator, used by the seeding only: the same seed gives the same result
 * @param max_iter the most iterations, ≥ 1
 * @return kmeans_result
 * @throws invalid_argument when k = 0, k > n, d = 0, max_iter = 0, x holds a NaN or an infinity,
 *         or x has fewer than k distinct points; the message names kmeans (not the k-means++ it
 *         runs) and the entry: `kmeans: the data has a NaN or infinite entry at (1, 0): nan`
 *
 * Complexity: O(n·k·d) per iteration; well-separated clusters converge in a few iterations.
 * Example: the points {0}, {2}, {10}, {12} and k = 2 → centroids {1} and {11} (in either
 * order), inertia 4.
 */
inline kmeans_result kmeans(const matrix& x, std::size_t k, rng& gen, std::size_t max_iter = 300) {
    detail::check_cluster_count("kmeans", x, k);
    if (max_iter == 0) throw invalid_argument("kmeans", "max_iter must be at least 1");
    kmeans_result result;
    // 1. seeding
    result.centroids = kmeans_plus_plus(x, k, gen);
    result.labels = assign_clusters(x, result.centroids);
    result.inertia_history.push_back(inertia(x, result.centroids, result.labels));
    // 2. Lloyd's iterations
    while (result.iterations < max_iter) {
        ++result.iterations;
        result.centroids = update_centroids(x, result.labels, result.centroids);
        const index_vector relabelled = assign_clusters(x, result.centroids);
        result.inertia_history.push_back(inertia(x, result.centroids, relabelled));
        if (relabelled == result.labels) {
            result.converged = true;
            break;
        }
        result.labels = relabelled;
    }
    result.inertia = result.inertia_history.back();
    return result;
}

}  // namespace ml
}  // namespace llmlings

#endif  // LLMLINGS_ML_06_KMEANS_HPP
