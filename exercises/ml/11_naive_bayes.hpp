// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief ml/11 — naive Bayes classifiers: Gaussian (continuous features) and multinomial (counts,
 * e.g. word counts of documents), fitted by counting and averaging, predicting in log space.
 *
 * Shapes: X (n,d), one row per example; labels (n) in 0 … K−1; per-class parameters (K,d); class
 * log-priors (K); joint log-likelihoods and posteriors (n,K).
 *
 * Bayes' theorem (stats/04) gives P(class k | x) ∝ P(k) · P(x | k). The *naive* assumption is that
 * the d features are independent given the class, so P(x | k) = Πⱼ P(xⱼ | k) and each factor is
 * estimated on its own from the training examples of class k. Every prediction is made from
 * log P(k) + Σⱼ log P(xⱼ | k): a product of hundreds of small probabilities underflows to 0 in
 * double, its logarithm does not. log_softmax() of ml/03 turns these joint log-likelihoods into
 * normalised log-posteriors.
 *
 * Conventions follow scikit-learn's GaussianNB and MultinomialNB: priors are the class
 * frequencies; Gaussian variances are population variances (divide by n_k) plus
 * var_smoothing × the largest variance of any feature over all the data; multinomial
 * probabilities use Lidstone smoothing with α (α = 1 is Laplace's add-one).
 *
 * What this file deliberately is not: Bernoulli or complement naive Bayes, user-given priors,
 * or online (partial_fit) updates.
 *
 * Reference: Manning, Raghavan & Schütze, *Introduction to Information Retrieval* (2008), §13.2
 * (multinomial NB and its Example 13.1); Hastie, Tibshirani & Friedman, *The Elements of
 * Statistical Learning*, §6.6.3.
 *
 * Guide: @ref ml_11_naive_bayes (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_ML_11_NAIVE_BAYES_HPP
#define LLMLINGS_ML_11_NAIVE_BAYES_HPP

#include <cmath>
#include <cstddef>
#include <vector>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>
#include <llmlings/ml/03_logistic_regression.hpp>
#include <llmlings/stats/01_descriptive.hpp>

namespace llmlings {
namespace ml {

/**
 * @ingroup ml
 * @brief A fitted Gaussian naive Bayes model: a prior per class and a normal distribution per
 * class and feature.
 *
 * Example: two 1-D classes {0, 2} and {5, 7} (var_smoothing 0) give log priors {log ½, log ½},
 * means {{1}, {6}} and variances {{1}, {1}}.
 */
struct gaussian_nb_model {
    vector class_log_prior;  ///< (K): log P(k), the log of the share of training examples in class k
    matrix means;            ///< (K,d): μₖⱼ, the mean of feature j over class k
    matrix variances;        ///< (K,d): σ²ₖⱼ, its population variance plus the smoothing ε
};

/**
 * @ingroup ml
 * @brief A fitted multinomial naive Bayes model: a prior per class and a distribution over the d
 * features (words) per class.
 *
 * Example: see fit_multinomial_nb().
 */
struct multinomial_nb_model {
    vector class_log_prior;   ///< (K): log P(k)
    matrix feature_log_prob;  ///< (K,d): log θₖⱼ, the log-probability that a word of class k is word j
};

namespace detail {

/**
 * @brief Checks the training input of a naive Bayes fit and returns the rows of each class.
 *
 * @throws shape_error, invalid_argument as ml::detail::check_classification_input, and
 *         invalid_argument when K < 2 or a class has no training example
 */
inline std::vector<std::vector<std::size_t>> rows_by_class(const char* function, const matrix& x,
                                                           const index_vector& labels, std::size_t n_classes) {
    todo("ml/11_naive_bayes", "rows_by_class");
}

/// log(n_k / n) for each class, from the rows of each class.
inline vector class_log_prior(const std::vector<std::vector<std::size_t>>& rows, std::size_t n) {
    todo("ml/11_naive_bayes", "class_log_prior");
}

/// Throws shape_error unless X has the d columns the model was fitted on.
inline void check_features(const char* function, const matrix& x, std::size_t d) {
    todo("ml/11_naive_bayes", "check_features");
}

}  // namespace detail

/**
 * @ingroup ml
 * @brief Fits Gaussian naive Bayes: class frequencies, and the mean and variance of every feature
 * within every class.
 *
 * @f[ \log P(k) = \log\frac{n_k}{n}, \qquad \mu_{kj} = \frac{1}{n_k}\sum_{i: y_i = k} x_{ij}, \qquad
 *     \sigma^2_{kj} = \frac{1}{n_k}\sum_{i: y_i = k} (x_{ij} - \mu_{kj})^2 + \varepsilon, \qquad
 *     \varepsilon = s\cdot\max_j \operatorname{Var}(x_{\cdot j}) @f]
 * with s = var_smoothing.
 * ε keeps every variance positive: a feature that is constant within a class (a variance of 0)
 * would otherwise make the density infinite at that value and 0 everywhere else. Scaling ε by the
 * largest variance of the data makes it independent of the units (scikit-learn's rule, default
 * 1e-9). Means and variances come from stats::mean and stats::variance (ddof = 0).
 *
 * @param x matrix (n,d), d ≥ 1
 * @param labels vector (n) of classes in 0 … K−1
 * @param n_classes K ≥ 2; every class needs at least one example
 * @param var_smoothing ≥ 0 and finite (default 1e-9)
 * @return the fitted model
 * @throws shape_error when X has not n = labels.size() rows
 * @throws invalid_argument when n = 0, d = 0, K < 2, a label is ≥ K, a class has no example or
 *         var_smoothing is negative or not finite
 * @throws numerical_error when a smoothed variance is still 0 (var_smoothing = 0, or every
 *         feature constant)
 *
 * Complexity: O(n·d) time, plus O(n) memory for one column of one class at a time. Example: X =
 * {{0},{2},{5},{7}}, y = {0,0,1,1}, var_smoothing 0 → means `{{1},{6}}`, variances `{{1},{1}}`.
 */
inline gaussian_nb_model fit_gaussian_nb(const matrix& x, const index_vector& labels, std::size_t n_classes,
                                         double var_smoothing = 1e-9) {
    todo("ml/11_naive_bayes", "fit_gaussian_nb");
}

/**
 * @ingroup ml
 * @brief Gaussian naive Bayes: the joint log-likelihood log P(k) + Σⱼ log N(xⱼ; μₖⱼ, σ²ₖⱼ) of every
 * example and class.
 *
 * @f[ J_{ik} = \log P(k) - \frac{1}{2}\sum_{j} \left[ \log(2\pi\sigma^2_{kj}) + \frac{(x_{ij} - \mu_{kj})^2}{\sigma^2_{kj}} \right] @f]
 * This is log(P(k) · Πⱼ stats::normal_pdf(xᵢⱼ, μₖⱼ, σₖⱼ)) written out: normal_pdf itself
 * underflows to 0 once |x − μ| > 38σ, and the log of 0 is −∞ for every class, while J stays
 * finite. J is not normalised (Σₖ e^J = P(xᵢ), not 1); predict_log_proba() normalises it.
 *
 * @param model a fitted model (K classes, d features)
 * @param x matrix (n,d)
 * @return matrix (n,K) of J
 * @throws shape_error when X does not have d columns
 *
 * Complexity: O(n·K·d). Example: means {{1},{6}}, variances {{1},{1}}, priors ½: at x = 1,
 * J = `{log ½ − ½ log 2π, log ½ − ½ log 2π − 12.5}`.
 */
inline matrix joint_log_likelihood(const gaussian_nb_model& model, const matrix& x) {
    todo("ml/11_naive_bayes", "joint_log_likelihood");
}

/**
 * @ingroup ml
 * @brief Fits multinomial naive Bayes: class frequencies, and per class the smoothed share of each
 * feature (word) in the total count.
 *
 * @f[ \log P(k) = \log\frac{n_k}{n}, \qquad
 *     \theta_{kj} = \frac{N_{kj} + \alpha}{N_k + \alpha d}, \qquad N_{kj} = \sum_{i: y_i = k} x_{ij}, \quad N_k = \sum_j N_{kj} @f]
 * Each document of class k is modelled as words drawn independently from the distribution θₖ.
 * Without smoothing (α = 0) a word never seen in class k would get θ = 0, and a single occurrence
 * of it in a new document would veto class k whatever the other words say; α > 0 pretends every
 * word was seen α extra times in every class (Lidstone; α = 1 is Laplace's add-one).
 *
 * @param counts matrix (n,d) of non-negative counts (or tf-idf weights), d ≥ 1
 * @param labels vector (n) of classes in 0 … K−1
 * @param n_classes K ≥ 2; every class needs at least one example
 * @param alpha α > 0 and finite (default 1)
 * @return the fitted model
 * @throws shape_error when counts has not n = labels.size() rows
 * @throws invalid_argument when n = 0, d = 0, K < 2, a label is ≥ K, a class has no example, a
 *         count is negative or not finite, or α is not finite and > 0
 *
 * Complexity: O(n·d). Example (Manning et al., Example 13.1; words Chinese, Beijing, Shanghai,
 * Macao, Tokyo, Japan): the class "China" has 8 words, 5 of them "Chinese", so with α = 1
 * θ(Chinese | China) = (5 + 1)/(8 + 6) = `3/7` and θ(Tokyo | China) = (0 + 1)/14 = `1/14`.
 */
inline multinomial_nb_model fit_multinomial_nb(const matrix& counts, const index_vector& labels, std::size_t n_classes,
                                               double alpha = 1.0) {
    todo("ml/11_naive_bayes", "fit_multinomial_nb");
}

/**
 * @ingroup ml
 * @brief Multinomial naive Bayes: the joint log-likelihood log P(k) + Σⱼ xᵢⱼ log θₖⱼ of every
 * document and class.
 *
 * @f[ J_{ik} = \log P(k) + \sum_j x_{ij} \log\theta_{kj} @f]
 * The multinomial coefficient (the number of orders of the same words) is the same for every class
 * and is left out, so Σₖ e^J is proportional to, not equal to, P(xᵢ); the posterior is unaffected.
 * One product of a (n,d) and a (d,K) matrix (BLAS).
 *
 * @param model a fitted model (K classes, d features)
 * @param counts matrix (n,d)
 * @return matrix (n,K) of J
 * @throws shape_error when counts does not have d columns
 *
 * Complexity: O(n·d·K). Example (Manning et al., Example 13.1): the document "Chinese Chinese
 * Chinese Tokyo Japan" gets e^J = 3/4 · (3/7)³ · (1/14)² ≈ `0.0003` for China and
 * 1/4 · (2/9)⁵ ≈ `0.0001` for not-China.
 */
inline matrix joint_log_likelihood(const multinomial_nb_model& model, const matrix& counts) {
    todo("ml/11_naive_bayes", "joint_log_likelihood");
}

/**
 * @ingroup ml
 * @brief Gaussian naive Bayes: the log-posterior log P(k | x) of every example and class.
 *
 * @f[ \log P(k \mid x_i) = J_{ik} - \log\sum_{k'} e^{J_{ik'}} @f]
 * which is log_softmax() (ml/03) of the joint log-likelihood: Bayes' theorem with the evidence
 * P(x) = Σₖ P(k)P(x | k) as the normaliser, computed by the log-sum-exp trick so that a point far
 * from every class still gets a finite answer.
 *
 * @param model a fitted model
 * @param x matrix (n,d)
 * @return matrix (n,K) of log-probabilities; each row's exponentials sum to 1
 * @throws shape_error when X does not have d columns
 *
 * Complexity: O(n·K·d). Example: means 0 and 2, variances 1, equal priors, x = 60: the
 * densities are e^(−1800) and e^(−1682), 0 in double, yet the result is `{−118, −e^(−118)}`.
 */
inline matrix predict_log_proba(const gaussian_nb_model& model, const matrix& x) {
    todo("ml/11_naive_bayes", "predict_log_proba");
}

/**
 * @ingroup ml
 * @brief Gaussian naive Bayes: the posterior P(k | x) of every example and class.
 *
 * @param model a fitted model
 * @param x matrix (n,d)
 * @return matrix (n,K); each row sums to 1
 * @throws shape_error when X does not have d columns
 *
 * Complexity: O(n·K·d). Example: two classes with equal variances and priors: at the midpoint of
 * the two means → `{0.5, 0.5}`.
 */
inline matrix predict_proba(const gaussian_nb_model& model, const matrix& x) {
    todo("ml/11_naive_bayes", "predict_proba");
}

/**
 * @ingroup ml
 * @brief Gaussian naive Bayes: the most probable class of each example (the largest joint
 * log-likelihood; ties go to the lowest class).
 *
 * @param model a fitted model
 * @param x matrix (n,d)
 * @return vector (n) of classes
 * @throws shape_error when X does not have d columns
 *
 * Complexity: O(n·K·d). Example: means {{1},{6}}, variances {{1},{1}}, equal priors:
 * `predict_labels(model, {{3}, {4}})` → `{0, 1}` (the boundary is 3.5).
 */
inline index_vector predict_labels(const gaussian_nb_model& model, const matrix& x) {
    todo("ml/11_naive_bayes", "predict_labels");
}

/**
 * @ingroup ml
 * @brief Multinomial naive Bayes: the log-posterior log P(k | document) of every document and class.
 *
 * @param model a fitted model
 * @param counts matrix (n,d)
 * @return matrix (n,K) of log-probabilities; each row's exponentials sum to 1
 * @throws shape_error when counts does not have d columns
 *
 * Complexity: O(n·d·K). Example (Manning et al., Example 13.1): for "Chinese Chinese Chinese Tokyo
 * Japan" → `{log 0.6898, log 0.3102}`.
 */
inline matrix predict_log_proba(const multinomial_nb_model& model, const matrix& counts) {
    todo("ml/11_naive_bayes", "predict_log_proba");
}

/**
 * @ingroup ml
 * @brief Multinomial naive Bayes: the posterior P(k | document) of every document and class.
 *
 * @param model a fitted model
 * @param counts matrix (n,d)
 * @return matrix (n,K); each row sums to 1
 * @throws shape_error when counts does not have d columns
 *
 * Complexity: O(n·d·K). Example (Manning et al., Example 13.1) → `{0.6898, 0.3102}`.
 */
inline matrix predict_proba(const multinomial_nb_model& model, const matrix& counts) {
    todo("ml/11_naive_bayes", "predict_proba");
}

/**
 * @ingroup ml
 * @brief Multinomial naive Bayes: the most probable class of each document.
 *
 * @param model a fitted model
 * @param counts matrix (n,d)
 * @return vector (n) of classes
 * @throws shape_error when counts does not have d columns
 *
 * Complexity: O(n·d·K). Example (Manning et al., Example 13.1) → `{0}` (China).
 */
inline index_vector predict_labels(const multinomial_nb_model& model, const matrix& counts) {
    todo("ml/11_naive_bayes", "predict_labels");
}

}  // namespace ml
}  // namespace llmlings

#endif  // LLMLINGS_ML_11_NAIVE_BAYES_HPP
