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
    todo("ml/06_kmeans", "check_cluster_count");
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
    todo("ml/06_kmeans", "kmeans_plus_plus");
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
    todo("ml/06_kmeans", "assign_clusters");
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
    todo("ml/06_kmeans", "update_centroids");
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
    todo("ml/06_kmeans", "inertia");
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
    todo("ml/06_kmeans", "kmeans");
}

}  // namespace ml
}  // namespace llmlings

#endif  // LLMLINGS_ML_06_KMEANS_HPP
