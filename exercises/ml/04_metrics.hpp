// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief ml/04 — classification metrics: the confusion matrix, accuracy, precision, recall and F1
 * per class with micro, macro and weighted averages, the ROC curve and the area under it (AUC).
 *
 * Shapes: labels y_true, y_pred are index_vector (n) holding class ids 0 … k−1; a confusion
 * matrix is (k, k) with row = true class and column = predicted class (scikit-learn's layout);
 * scores for the ROC curve are a vector (n), larger meaning "more likely positive".
 *
 * Conventions, chosen to match scikit-learn's defaults so results can be compared with it:
 * - zero division gives 0: the precision of a class that is never predicted, the recall of a
 *   class that never occurs, and F1 when precision + recall = 0 are all 0 (sklearn's
 *   `zero_division=0`), never NaN and never an exception;
 * - macro and weighted averages run over the classes that occur in y_true or y_pred (a row or
 *   column of the confusion matrix that is not all zero), as sklearn does when `labels` is not
 *   given; the macro F1 is the mean of the per-class F1 scores, not the F1 of the mean precision
 *   and recall;
 * - the ROC curve has one point per distinct score (tied scores move the curve diagonally, which
 *   is what gives a tie half credit) and starts at (0, 0) with threshold +∞; unlike sklearn's
 *   default `drop_intermediate=True` it keeps collinear points.
 *
 * What this file deliberately is not: multi-label metrics, sample weights, precision–recall
 * curves (the same sweep as roc_curve() with other axes).
 *
 * References: T. Fawcett (2006), "An introduction to ROC analysis", Pattern Recognition Letters
 * 27(8) — Algorithm 2 is roc_curve(); J. A. Hanley, B. J. McNeil (1982), "The meaning and use of
 * the area under a ROC curve", Radiology 143 — the AUC as the Mann–Whitney U statistic;
 * scikit-learn's user guide, section 3.4 "Metrics and scoring".
 *
 * Guide: @ref ml_04_metrics (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_ML_04_METRICS_HPP
#define LLMLINGS_ML_04_METRICS_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <vector>

#include <xtensor/xadapt.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>

#include <llmlings/core.hpp>
#include <llmlings/stats/01_descriptive.hpp>

namespace llmlings {
namespace ml {

namespace detail {

/**
 * @brief Throws unless y_true and y_pred are non-empty and of equal length.
 *
 * @param function the public function that checks, e.g. `"accuracy"`
 * @param y_true index_vector (n)
 * @param y_pred index_vector (n)
 */
inline void check_label_pair(const char* function, const index_vector& y_true, const index_vector& y_pred) {
    todo("ml/04_metrics", "check_label_pair");
}

/**
 * @brief Checks that `scores` pairs with binary labels y_true (0 = negative, 1 = positive) that
 * contain both classes, and that no score is NaN.
 *
 * @param function the public function that checks, e.g. `"roc_curve"`
 * @param y_true index_vector (n) of 0s and 1s
 * @param scores vector (n)
 * @return the number of positives P (the number of negatives is n − P)
 * @throws shape_error when the lengths differ
 * @throws invalid_argument when a label is not 0 or 1, only one class occurs, or a score is NaN
 */
inline std::size_t check_binary_scores(const char* function, const index_vector& y_true, const vector& scores) {
    todo("ml/04_metrics", "check_binary_scores");
}

/**
 * @brief The average of `scores` over the classes that occur in y_true or y_pred: plain mean
 * (macro), or weighted by each class's support (weighted).
 *
 * @param function the public function that averages, for error messages
 * @param confusion matrix (k, k)
 * @param scores vector (k), one score per class
 * @param weighted false for the macro mean, true to weight class c by its support (row sum c)
 * @return the average
 */
inline double average_over_classes(const char* function, const matrix& confusion, const vector& scores, bool weighted) {
    todo("ml/04_metrics", "average_over_classes");
}

}  // namespace detail

/**
 * @ingroup ml
 * @brief How per-class scores are combined into one number.
 *
 * - `micro`: pool the counts of all classes, then compute the score once. Every *sample* weighs
 *   the same, so frequent classes dominate; for single-label data micro precision = micro recall
 *   = micro F1 = accuracy.
 * - `macro`: compute the score per class, then take the plain mean. Every *class* weighs the
 *   same, so a rare class that the model ignores pulls the score down — what you want on
 *   imbalanced data.
 * - `weighted`: the per-class scores averaged with weights = support (the number of true samples
 *   of the class).
 */
enum class average { micro, macro, weighted };

/**
 * @ingroup ml
 * @brief The confusion matrix: entry (i, j) counts the samples of true class i predicted as j.
 *
 * @f[ C_{ij} = \#\{\, s : y^{\mathrm{true}}_s = i,\ y^{\mathrm{pred}}_s = j \,\} @f]
 * The diagonal holds the correct predictions; row i sums to the support of class i, column j to
 * the number of times j was predicted. Every metric below is computed from it. For two classes
 * with 1 = positive: C = [[TN, FP], [FN, TP]].
 *
 * @param y_true index_vector (n), the true classes
 * @param y_pred index_vector (n), the predicted classes
 * @param n_classes k; 0 (the default) means max(max y_true, max y_pred) + 1
 * @return matrix (k, k) of counts (doubles, exact up to 2⁵³)
 * @throws shape_error when the lengths differ
 * @throws invalid_argument when the labels are empty, or a label is ≥ n_classes (when given)
 *
 * Complexity: O(n + k²). Example: `confusion_matrix({0,1,2,0,1,2}, {0,2,1,0,0,1})` →
 * `{{2,0,0}, {1,0,1}, {0,2,0}}`.
 */
inline matrix confusion_matrix(const index_vector& y_true, const index_vector& y_pred, std::size_t n_classes = 0) {
    todo("ml/04_metrics", "confusion_matrix");
}

/**
 * @ingroup ml
 * @brief Accuracy, the fraction of samples whose predicted class is the true one.
 *
 * @f[ \mathrm{accuracy} = \frac{1}{n} \sum_s [\,y^{\mathrm{true}}_s = y^{\mathrm{pred}}_s\,]
 *     = \frac{\operatorname{tr} C}{\sum_{ij} C_{ij}} @f]
 * It misleads on imbalanced classes: with 95 negatives and 5 positives, the model that always
 * says "negative" scores 0.95 and never finds a positive. Look at recall and macro F1 too.
 *
 * @param y_true index_vector (n)
 * @param y_pred index_vector (n)
 * @return a number in [0, 1]
 * @throws shape_error when the lengths differ
 * @throws invalid_argument when the labels are empty
 *
 * Complexity: O(n). Example: `accuracy({0,1,2,0,1,2}, {0,2,1,0,0,1})` → `0.3333…` (2 of 6).
 */
inline double accuracy(const index_vector& y_true, const index_vector& y_pred) {
    todo("ml/04_metrics", "accuracy");
}

/**
 * @ingroup ml
 * @brief Precision of every class: of the samples predicted as c, the fraction that are c.
 *
 * @f[ P_c = \frac{TP_c}{TP_c + FP_c} = \frac{C_{cc}}{\sum_i C_{ic}} @f]
 * "When the model says c, how often is it right?" A class that is never predicted has
 * 0 / 0: this returns 0 for it (scikit-learn's `zero_division=0`).
 *
 * @param confusion matrix (k, k) from confusion_matrix()
 * @return vector (k), each in [0, 1]
 * @throws shape_error when the matrix is not square or is empty
 *
 * Complexity: O(k²). Example: for `{{2,0,0}, {1,0,1}, {0,2,0}}` → `{2/3, 0, 0}`.
 */
inline vector precision_per_class(const matrix& confusion) {
    todo("ml/04_metrics", "precision_per_class");
}

/**
 * @ingroup ml
 * @brief Recall (sensitivity, true positive rate) of every class: of the samples that are c,
 * the fraction predicted as c.
 *
 * @f[ R_c = \frac{TP_c}{TP_c + FN_c} = \frac{C_{cc}}{\sum_j C_{cj}} @f]
 * "Of the real c's, how many did the model find?" A class with no true sample returns 0.
 *
 * @param confusion matrix (k, k)
 * @return vector (k), each in [0, 1]
 * @throws shape_error when the matrix is not square or is empty
 *
 * Complexity: O(k²). Example: for `{{2,0,0}, {1,0,1}, {0,2,0}}` → `{1, 0, 0}`.
 */
inline vector recall_per_class(const matrix& confusion) {
    todo("ml/04_metrics", "recall_per_class");
}

/**
 * @ingroup ml
 * @brief F1 score of every class: the harmonic mean of its precision and recall.
 *
 * @f[ F1_c = \frac{2 P_c R_c}{P_c + R_c} = \frac{2\,TP_c}{2\,TP_c + FP_c + FN_c} @f]
 * The harmonic mean is high only when both are high: P = 1, R = 0.01 gives F1 ≈ 0.02, where the
 * arithmetic mean would say 0.5. When P + R = 0 it returns 0.
 *
 * @param confusion matrix (k, k)
 * @return vector (k), each in [0, 1]
 * @throws shape_error when the matrix is not square or is empty
 *
 * Complexity: O(k²). Example: for `{{2,0,0}, {1,0,1}, {0,2,0}}` → `{0.8, 0, 0}`.
 */
inline vector f1_per_class(const matrix& confusion) {
    todo("ml/04_metrics", "f1_per_class");
}

/**
 * @ingroup ml
 * @brief Precision averaged over the classes: micro, macro or weighted (see ml::average).
 *
 * @f[ P_{\mathrm{micro}} = \frac{\sum_c TP_c}{\sum_c (TP_c + FP_c)}, \qquad
 *     P_{\mathrm{macro}} = \frac{1}{|K|} \sum_{c \in K} P_c, \qquad
 *     P_{\mathrm{weighted}} = \frac{\sum_{c \in K} n_c P_c}{\sum_{c \in K} n_c} @f]
 * where K holds the classes that occur in y_true or y_pred and n_c is the support of c.
 *
 * @param confusion matrix (k, k)
 * @param how average::micro, average::macro or average::weighted
 * @return a number in [0, 1]
 * @throws shape_error when the matrix is not square or is empty
 * @throws invalid_argument when the matrix is all zeros
 *
 * Complexity: O(k²). Example (the scikit-learn documentation's y_true = {0,1,2,0,1,2},
 * y_pred = {0,2,1,0,0,1}): micro → `0.3333…`, macro → `0.2222…`, weighted → `0.2222…`.
 */
inline double precision_score(const matrix& confusion, average how) {
    todo("ml/04_metrics", "precision_score");
}

/**
 * @ingroup ml
 * @brief Recall averaged over the classes: micro, macro or weighted (see ml::average).
 *
 * @f[ R_{\mathrm{micro}} = \frac{\sum_c TP_c}{\sum_c (TP_c + FN_c)}, \qquad
 *     R_{\mathrm{macro}} = \frac{1}{|K|} \sum_{c \in K} R_c @f]
 * The weighted recall equals the accuracy (n_c R_c = TP_c).
 *
 * @param confusion matrix (k, k)
 * @param how average::micro, average::macro or average::weighted
 * @return a number in [0, 1]
 * @throws shape_error when the matrix is not square or is empty
 * @throws invalid_argument when the matrix is all zeros
 *
 * Complexity: O(k²). Example (sklearn docs' case above): micro → `0.3333…`, macro → `0.3333…`.
 */
inline double recall_score(const matrix& confusion, average how) {
    todo("ml/04_metrics", "recall_score");
}

/**
 * @ingroup ml
 * @brief F1 averaged over the classes: micro, macro or weighted (see ml::average).
 *
 * Micro F1 is the F1 of the pooled counts, which for single-label data is the accuracy. Macro F1
 * is the mean of the per-class F1 scores — not the harmonic mean of macro precision and macro
 * recall (that variant exists in the literature and gives other numbers).
 *
 * @param confusion matrix (k, k)
 * @param how average::micro, average::macro or average::weighted
 * @return a number in [0, 1]
 * @throws shape_error when the matrix is not square or is empty
 * @throws invalid_argument when the matrix is all zeros
 *
 * Complexity: O(k²). Example (sklearn docs' case above): micro → `0.3333…`, macro → `0.2666…`,
 * weighted → `0.2666…`.
 */
inline double f1_score(const matrix& confusion, average how) {
    todo("ml/04_metrics", "f1_score");
}

/**
 * @ingroup ml
 * @brief A ROC curve: the false and true positive rates at every threshold, in order of
 * decreasing threshold.
 */
struct roc_points {
    vector fpr;         ///< false positive rate FP/N at each threshold, non-decreasing, from 0 to 1
    vector tpr;         ///< true positive rate (recall) TP/P at each threshold, non-decreasing, from 0 to 1
    vector thresholds;  ///< thresholds[0] = +∞ (nothing predicted positive), then the distinct scores, decreasing
};

/**
 * @ingroup ml
 * @brief The receiver operating characteristic: for every threshold t, predict "positive" when
 * score ≥ t and record (FPR, TPR).
 *
 * @f[ \mathrm{TPR}(t) = \frac{\#\{\text{positives with } s \ge t\}}{P}, \qquad
 *     \mathrm{FPR}(t) = \frac{\#\{\text{negatives with } s \ge t\}}{N} @f]
 * Sweep the samples in order of decreasing score, counting TP and FP, and emit a point each time
 * the score changes (Fawcett 2006, Algorithm 2). Samples with equal scores enter together, so a
 * tie between a positive and a negative moves the curve diagonally. The curve runs from (0, 0)
 * (threshold +∞) to (1, 1) (threshold = the smallest score). A random scorer follows the
 * diagonal; a perfect one goes straight up to (0, 1) first.
 *
 * @param y_true index_vector (n) of 0 (negative) and 1 (positive), both present
 * @param scores vector (n), any real numbers (probabilities, margins, …), no NaN
 * @return roc_points with d + 1 points, d the number of distinct scores
 * @throws shape_error when the lengths differ
 * @throws invalid_argument when a label is not 0 or 1, only one class occurs, or a score is NaN
 *
 * Complexity: O(n log n) for the sort. Example (scikit-learn's roc_curve documentation):
 * `roc_curve({0,0,1,1}, {0.1,0.4,0.35,0.8})` → fpr `{0, 0, 0.5, 0.5, 1}`,
 * tpr `{0, 0.5, 0.5, 1, 1}`, thresholds `{inf, 0.8, 0.4, 0.35, 0.1}`.
 */
inline roc_points roc_curve(const index_vector& y_true, const vector& scores) {
    todo("ml/04_metrics", "roc_curve");
}

/**
 * @ingroup ml
 * @brief Area under a curve y(x) by the trapezoid rule.
 *
 * @f[ \int y\,dx \approx \sum_{i=0}^{m-2} (x_{i+1} - x_i)\,\frac{y_i + y_{i+1}}{2} @f]
 * Exact for a polyline, which is what a ROC curve is.
 *
 * @param x vector (m), m ≥ 2, non-decreasing
 * @param y vector (m)
 * @return the area (negative where y < 0)
 * @throws shape_error when the lengths differ
 * @throws invalid_argument when m < 2 or x decreases somewhere
 *
 * Complexity: O(m). Example: `auc({0, 0.5, 1}, {0, 1, 1})` → `0.75`.
 */
inline double auc(const vector& x, const vector& y) {
    todo("ml/04_metrics", "auc");
}

/**
 * @ingroup ml
 * @brief ROC AUC: the area under roc_curve(y_true, scores).
 *
 * 1 for a perfect ranking (every positive scored above every negative), 0.5 for a random or
 * constant scorer, 0 for a perfectly reversed one. Unlike accuracy it needs no threshold and
 * does not change when the scores are transformed by any increasing function.
 *
 * @param y_true index_vector (n) of 0 and 1, both present
 * @param scores vector (n), no NaN
 * @return the area, in [0, 1]
 * @throws shape_error when the lengths differ
 * @throws invalid_argument when a label is not 0 or 1, only one class occurs, or a score is NaN;
 *         the message names roc_auc_score (not roc_curve) and the reason: `roc_auc_score: needs
 *         both classes, got 2 positives among 2 labels (...)`, `roc_auc_score: score 1 is NaN`
 *
 * Complexity: O(n log n). Example (scikit-learn's roc_auc_score documentation):
 * `roc_auc_score({0,0,1,1}, {0.1,0.4,0.35,0.8})` → `0.75`.
 */
inline double roc_auc_score(const index_vector& y_true, const vector& scores) {
    todo("ml/04_metrics", "roc_auc_score");
}

/**
 * @ingroup ml
 * @brief The AUC computed as a probability, without any curve: the chance that a random
 * positive scores above a random negative, ties counting one half (the Mann–Whitney U statistic
 * divided by P·N).
 *
 * @f[ \mathrm{AUC} = \Pr(s^+ > s^-) + \tfrac12 \Pr(s^+ = s^-)
 *     = \frac{R_+ - P(P+1)/2}{P\,N} @f]
 * where R₊ is the sum of the ranks (1-based, ascending by score, tied scores sharing the mean of
 * their ranks) of the P positives, and N is the number of negatives. Counting all P·N pairs is
 * O(n²); ranking is O(n log n). That this equals roc_auc_score() is the theorem of Hanley &
 * McNeil (1982): the tests check it.
 *
 * @param y_true index_vector (n) of 0 and 1, both present
 * @param scores vector (n), no NaN
 * @return the probability, in [0, 1]
 * @throws shape_error when the lengths differ
 * @throws invalid_argument as roc_curve()
 *
 * Complexity: O(n log n). Example: `auc_mann_whitney({0,0,1,1}, {0.1,0.4,0.35,0.8})` → `0.75`
 * (of the 4 pairs (positive, negative), only 0.35 < 0.4 is ordered wrongly).
 */
inline double auc_mann_whitney(const index_vector& y_true, const vector& scores) {
    todo("ml/04_metrics", "auc_mann_whitney");
}

}  // namespace ml
}  // namespace llmlings

#endif  // LLMLINGS_ML_04_METRICS_HPP
