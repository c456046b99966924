// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief ml/10 — anomaly detection: z-score and IQR rules, a Gaussian density with a threshold
 * chosen by F1 on a validation set, and the distance to the nearest k-means centroid.
 *
 * Every detector turns a sample into an anomaly score, higher = more unusual, and flags the samples
 * whose score is above a threshold (flag_outliers()). Shapes: training data (n,d), queries (m,d),
 * scores (m), flags (m) with 1 = anomaly, 0 = normal.
 *
 * Reference: Chandola, Banerjee, Kumar, "Anomaly detection: a survey" (2009); the Gaussian
 * detector and its ε selection follow Andrew Ng's *Machine Learning* course (week 9).
 *
 * Guide: @ref ml_10_anomaly_detection (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_ML_10_ANOMALY_DETECTION_HPP
#define LLMLINGS_ML_10_ANOMALY_DETECTION_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xview.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include <llmlings/core.hpp>
#include <llmlings/linalg/05_eigen.hpp>
#include <llmlings/ml/04_metrics.hpp>
#include <llmlings/ml/06_kmeans.hpp>
#include <llmlings/stats/01_descriptive.hpp>

namespace llmlings {
namespace ml {

namespace detail {

/// Throws unless train has ≥ `min_rows` rows and ≥ 1 column, x has as many columns, both finite.
inline void check_detector_input(const char* function, const matrix& train, const matrix& x, std::size_t min_rows) {
    todo("ml/10_anomaly_detection", "check_detector_input");
}

}  // namespace detail

/**
 * @ingroup ml
 * @brief Flags the samples whose score is above the threshold.
 *
 * @f[ \text{flag}_i = [\,\text{score}_i > t\,] @f]
 *
 * @param scores (m) anomaly scores, higher = more unusual
 * @param threshold t
 * @return index_vector (m) of 0/1
 * @throws invalid_argument when a score or the threshold is NaN
 *
 * Complexity: O(m). Example: `flag_outliers({0.5, 3.2, 1}, 3)` → `{0, 1, 0}`.
 */
inline index_vector flag_outliers(const vector& scores, double threshold) {
    todo("ml/10_anomaly_detection", "flag_outliers");
}

/**
 * @ingroup ml
 * @brief z-score rule: the largest |z| over the features, with μ and σ of the training data.
 *
 * @f[ \text{score}_i = \max_j \frac{|x_{ij} - \mu_j|}{\sigma_j} @f]
 * σⱼ is the sample standard deviation (ddof 1). A sample is an outlier when *any* feature is more
 * than t standard deviations away, so flag with `flag_outliers(scores, t)`; t = 3 is customary.
 * The rule assumes roughly normal features, and outliers in the training data inflate σ (masking).
 *
 * @param train normal data (n,d), n ≥ 2, no constant column
 * @param x samples to score (m,d)
 * @return vector (m)
 * @throws invalid_argument when n < 2, d = 0, data not finite, or a training column is constant
 * @throws shape_error when x does not have d columns
 *
 * Complexity: O((n + m) d). Example: train column {1,2,3,4,5} (μ 3, σ √2.5), x = {8} → `3.1623`.
 */
inline vector zscore_scores(const matrix& train, const matrix& x) {
    todo("ml/10_anomaly_detection", "zscore_scores");
}

/**
 * @ingroup ml
 * @brief IQR (Tukey fence) rule: how far outside [Q1, Q3] a sample lies, in units of the IQR.
 *
 * @f[ \text{score}_i = \max_j \frac{\max(Q1_j - x_{ij},\; x_{ij} - Q3_j,\; 0)}{Q3_j - Q1_j} @f]
 * Q1 and Q3 are the training quartiles (stats::quantile, linear interpolation). Tukey's rule flags
 * a sample beyond Q1 − 1.5·IQR or Q3 + 1.5·IQR in any feature: `flag_outliers(scores, 1.5)`.
 * Quartiles, unlike μ and σ, barely move when the training data holds a few outliers.
 *
 * @param train normal data (n,d), n ≥ 2, every column with Q3 > Q1
 * @param x samples to score (m,d)
 * @return vector (m), 0 for a sample inside every [Q1, Q3]
 * @throws invalid_argument when n < 2, d = 0, data not finite, or a column has IQR 0
 * @throws shape_error when x does not have d columns
 *
 * Complexity: O((n + m) d). Example: train column {1,2,3,4,5} (Q1 2, Q3 4), x = {10} → `3`.
 */
inline vector iqr_scores(const matrix& train, const matrix& x) {
    todo("ml/10_anomaly_detection", "iqr_scores");
}

/**
 * @ingroup ml
 * @brief A fitted normal density N(μ, Σ): what gaussian_log_density() needs.
 */
struct gaussian_model {
    vector mean;           ///< μ (d)
    matrix covariance;     ///< Σ (d,d), ddof 0 (maximum likelihood); diagonal for the per-feature model
    matrix precision;      ///< Σ⁻¹ (d,d)
    double log_det = 0.0;  ///< log det Σ
};

/**
 * @ingroup ml
 * @brief Fits a normal density to normal data: per feature (diagonal Σ) or with full covariance.
 *
 * @f[ \mu = \tfrac1n \sum_i x_i, \qquad \Sigma = \tfrac1n \sum_i (x_i-\mu)(x_i-\mu)^\top @f]
 * With `diagonal` the off-diagonal entries are set to 0: p(x) is the product of d one-dimensional
 * normals, the "independent features" model. The full model also sees that two features move
 * together, so it catches a sample whose features are each ordinary but whose combination is not.
 * Σ⁻¹ and log det Σ come from the eigen-decomposition Σ = V diag(λ) Vᵀ (linalg/05).
 *
 * @param train normal data (n,d), n ≥ 2
 * @param diagonal true for the per-feature model
 * @return gaussian_model
 * @throws invalid_argument when n < 2, d = 0 or the data is not finite
 * @throws numerical_error when Σ is singular (an eigenvalue ≤ 1e-12 · the largest): a constant
 *         feature, or with the full model fewer samples than features or collinear features
 *
 * Complexity: O(n d² + d³). Example: rows (0,0), (2,0), (0,2), (2,2) → μ (1,1), Σ = I.
 */
inline gaussian_model fit_gaussian(const matrix& train, bool diagonal = false) {
    todo("ml/10_anomaly_detection", "fit_gaussian");
}

/**
 * @ingroup ml
 * @brief log p(x) under the fitted normal density, for every row of x.
 *
 * @f[ \log p(x) = -\tfrac12\Big(d \log 2\pi + \log\det\Sigma + (x-\mu)^\top \Sigma^{-1} (x-\mu)\Big) @f]
 * The log, not p itself: in 30 dimensions p underflows to 0 long before a sample is unusual.
 * The anomaly score is −log p (low density = unusual).
 *
 * @param g a fitted gaussian_model
 * @param x samples (m,d)
 * @return vector (m)
 * @throws invalid_argument when g is not fitted or x is not finite
 * @throws shape_error when x does not have d columns
 *
 * Complexity: O(m d²). Example: with μ = 0, Σ = I in 2-D, x = (0,0) → −log 2π = `−1.8379`.
 */
inline vector gaussian_log_density(const gaussian_model& g, const matrix& x) {
    todo("ml/10_anomaly_detection", "gaussian_log_density");
}

/**
 * @ingroup ml
 * @brief The threshold chosen on a labelled validation set, and its F1.
 */
struct threshold_choice {
    double threshold = 0.0;  ///< flag a sample when its score > threshold
    double f1 = 0.0;         ///< F1 of the anomaly class (label 1) on the validation set at that threshold
};

/**
 * @ingroup ml
 * @brief Chooses the anomaly threshold that maximises F1 on a labelled validation set.
 *
 * Andrew Ng's recipe: fit the density on normal data only, then on a small validation set with a
 * few known anomalies try every threshold and keep the one with the best F1 of the anomaly class:
 * @f[ t^\star = \arg\max_t F_1\big(y, [\,\text{score} > t\,]\big) @f]
 * F1 rather than accuracy: with 1 % anomalies, "nothing is an anomaly" is 99 % accurate.
 * The candidates are the distinct scores (flagging everything strictly above one of them); between
 * two neighbouring scores F1 does not change, so nothing is missed. On a tie the higher threshold
 * (fewer alarms) wins. For the Gaussian detector pass −log p; then ε = exp(−t).
 *
 * @param y_val (m) 0 = normal, 1 = anomaly, with at least one of each
 * @param scores (m) anomaly scores, higher = more unusual
 * @return threshold_choice
 * @throws shape_error when the lengths differ
 * @throws invalid_argument when a label is not 0/1, a class is missing or a score is NaN
 *
 * Complexity: O(m²) with one confusion matrix per candidate (m distinct scores).
 * Example: y = {0,0,0,1,1}, scores = {0.1,0.2,0.3,0.9,1.0} → threshold `0.3`, F1 `1`.
 */
inline threshold_choice select_threshold(const index_vector& y_val, const vector& scores) {
    todo("ml/10_anomaly_detection", "select_threshold");
}

/**
 * @ingroup ml
 * @brief Distance of every row of x to its nearest centroid: the k-means anomaly score.
 *
 * @f[ \text{score}_i = \min_c \lVert x_i - \mu_c \rVert_2 @f]
 *
 * @param centroids (k,d), e.g. kmeans(train, k, gen).centroids
 * @param x samples (m,d)
 * @return vector (m)
 * @throws invalid_argument when there are no centroids
 * @throws shape_error when the numbers of columns differ
 *
 * Complexity: O(m k d). Example: centroids {0}, {10}; x = {3} → `3`.
 */
inline vector centroid_distances(const matrix& centroids, const matrix& x) {
    todo("ml/10_anomaly_detection", "centroid_distances");
}

/**
 * @ingroup ml
 * @brief A fitted k-means detector: centroids and a distance threshold.
 */
struct centroid_detector {
    matrix centroids;        ///< (k,d) the k-means centroids of the training data
    double threshold = 0.0;  ///< the q-quantile of the training points' distances to their centroid
};

/**
 * @ingroup ml
 * @brief Fits the k-means detector: cluster the normal data, then set the threshold so that a
 * fraction 1 − q of the training points would be flagged.
 *
 * Normal data may form several blobs, which one Gaussian describes badly; k centroids describe
 * them, and a sample far from every centroid is unusual. Flag with
 * `flag_outliers(centroid_distances(det.centroids, x), det.threshold)`.
 *
 * @param train normal data (n,d); scale the features first (distances compare them)
 * @param k the number of clusters, 1 ≤ k ≤ n
 * @param q the quantile of training distances used as threshold, in [0, 1] (e.g. 0.99)
 * @param gen the generator for the k-means++ seeding
 * @return centroid_detector
 * @throws invalid_argument as kmeans(), or when q ∉ [0, 1]
 *
 * Complexity: that of kmeans(), plus O(n k d). Example: train {0},{1},{10},{11}, k = 2, q = 1 →
 * centroids {0.5}, {10.5} and threshold `0.5`.
 */
inline centroid_detector fit_centroid_detector(const matrix& train, std::size_t k, double q, rng& gen) {
    todo("ml/10_anomaly_detection", "fit_centroid_detector");
}

}  // namespace ml
}  // namespace llmlings

#endif  // LLMLINGS_ML_10_ANOMALY_DETECTION_HPP
