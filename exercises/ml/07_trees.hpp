// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief ml/07 — decision trees (CART): impurities (Gini, entropy, variance), the best threshold
 * split, classification and regression trees with depth and size limits, and a random forest.
 *
 * Shapes: data X (n,d), one row per sample and one column per feature; class labels y
 * index_vector (n) with values 0 … k−1; regression targets y vector (n); class probabilities
 * (m,k). A tree is a std::vector<tree_node>: node 0 is the root, and an internal node names its
 * two children by their positions in that vector.
 *
 * A tree asks yes/no questions of the form "is feature j ≤ t?" and follows the answers down to a
 * leaf, which holds the prediction: the class frequencies (classification) or the mean target
 * (regression) of the training rows that reached it. It is grown greedily from the root: at
 * each node, try every feature j and every threshold t halfway between two consecutive distinct
 * values of that feature among the node's rows, keep the question whose two children are purest
 * on average (weighted by their sizes), and recurse into both children until a node is pure or
 * a limit stops it.
 *
 * CART is one algorithm whatever the task; only the node statistics differ. The builder below is
 * a template over a small "statistics" type — class counts (detail::class_histogram) or shifted
 * sums of targets (detail::target_moments) — that can add and remove a row and report an
 * impurity. Sorting a feature's values once and sliding rows from the right child to the left
 * one makes the scan over all thresholds of a feature O(m log m + m·k) instead of O(m²).
 *
 * Conventions, as scikit-learn's `DecisionTreeClassifier` / `DecisionTreeRegressor` where they
 * have one: a row goes left when x(feature) ≤ threshold; the threshold is the midpoint of two
 * consecutive distinct values (or the lower value when the midpoint rounds onto the upper one);
 * a node is split whenever it is impure and a valid split exists, even one that does not lower
 * the impurity (XOR needs such a first split); among equally good splits the first found wins
 * (lower feature index, then lower threshold) where scikit-learn draws features in a random
 * order; the forest predicts the class of highest averaged probability (soft voting, as
 * scikit-learn; Breiman's original forest takes a majority vote of the trees' classes).
 *
 * What this file deliberately is not: pruning (cost-complexity), missing-value handling,
 * categorical splits, sample weights, feature importances, out-of-bag scores, gradient boosting.
 *
 * References: L. Breiman, J. Friedman, R. Olshen, C. Stone (1984), *Classification and
 * Regression Trees*; L. Breiman (2001), "Random forests", Machine Learning 45(1); Hastie,
 * Tibshirani & Friedman, *The Elements of Statistical Learning* (2nd ed.), §9.2 and ch. 15.
 *
 * Guide: @ref ml_07_trees (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_ML_07_TREES_HPP
#define LLMLINGS_ML_07_TREES_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xview.hpp>

#include <llmlings/core.hpp>
#include <llmlings/ml/01_preprocessing.hpp>
#include <llmlings/stats/03_sampling.hpp>

namespace llmlings {
namespace ml {

/**
 * @ingroup ml
 * @brief How a classification tree measures the impurity of a node: gini_impurity() or
 * entropy(). Both are 0 for a pure node and largest when the classes are equally mixed; they
 * almost always choose the same splits.
 */
enum class split_criterion { gini, entropy };

/**
 * @ingroup ml
 * @brief The max_depth that means "no limit": grow until every leaf is pure or too small to split.
 */
constexpr std::size_t unlimited_depth = std::numeric_limits<std::size_t>::max();

namespace detail {

/**
 * @brief Checks a vector of class counts and returns their total.
 *
 * @param function the public function, for the messages
 * @param counts vector (k) of counts, each finite and ≥ 0
 * @return Σ counts
 * @throws invalid_argument when a count is negative, infinite or NaN
 */
inline double check_counts(const char* function, const vector& counts) {
    todo("ml/07_trees", "check_counts");
}

}  // namespace detail

/**
 * @ingroup ml
 * @brief Gini impurity of a node with the given class counts: the probability that two labels
 * drawn at random (with replacement) from the node differ.
 *
 * @f[ G = 1 - \sum_{c=0}^{k-1} p_c^2, \qquad p_c = \frac{n_c}{\sum_j n_j} @f]
 * 0 for a pure node; 1 − 1/k for k equally frequent classes (0.5 for two). A node without rows
 * has impurity 0.
 *
 * @param counts vector (k), how many rows of each class the node holds
 * @return G in [0, 1 − 1/k]
 * @throws invalid_argument when a count is negative or not finite
 *
 * Complexity: O(k). Example: `gini_impurity({5, 5})` → `0.5`; `gini_impurity({2, 1, 1})` →
 * `0.625`; `gini_impurity({8, 0})` → `0`.
 */
inline double gini_impurity(const vector& counts) {
    todo("ml/07_trees", "gini_impurity");
}

/**
 * @ingroup ml
 * @brief Shannon entropy, in bits, of a node with the given class counts: how many yes/no
 * questions it takes on average to learn a label drawn from the node.
 *
 * @f[ H = -\sum_{c:\,p_c > 0} p_c \log_2 p_c, \qquad p_c = \frac{n_c}{\sum_j n_j} @f]
 * Classes with no rows are skipped (0 log 0 = 0, its limit). 0 for a pure node, log₂ k for k
 * equally frequent classes (1 bit for two). The decrease of entropy achieved by a split is the
 * *information gain* of ID3 and C4.5. A node without rows has entropy 0.
 *
 * @param counts vector (k), how many rows of each class the node holds
 * @return H in [0, log₂ k]
 * @throws invalid_argument when a count is negative or not finite
 *
 * Complexity: O(k) logarithms. Example: `entropy({5, 5})` → `1`; `entropy({1, 1, 1, 1})` → `2`;
 * `entropy({2, 1, 1})` → `1.5`.
 */
inline double entropy(const vector& counts) {
    todo("ml/07_trees", "entropy");
}

/**
 * @ingroup ml
 * @brief A candidate question "x(feature) ≤ threshold?" for a node, and how much it helps.
 */
struct split_candidate {
    bool found =
        false;  ///< false when no threshold separates the rows (all values equal, or min_samples_leaf cannot be met)
    std::size_t feature = 0;         ///< the column the question tests
    double threshold = 0.0;          ///< rows with x(feature) ≤ threshold go left, the others right
    std::size_t n_left = 0;          ///< how many rows go left
    std::size_t n_right = 0;         ///< how many rows go right
    double impurity_decrease = 0.0;  ///< I(node) − (n_L/n) I(left) − (n_R/n) I(right), ≥ 0 up to rounding
};

/**
 * @ingroup ml
 * @brief One node of a fitted tree. An internal node asks "x(feature) ≤ threshold?"; a leaf
 * (left = right = 0) answers with its value.
 */
struct tree_node {
    std::size_t feature = 0;  ///< the feature an internal node tests
    double threshold = 0.0;   ///< rows with x(feature) ≤ threshold go to `left`
    std::size_t left =
        0;  ///< position of the left child in the node vector; 0 for a leaf (the root, at 0, is nobody's child)
    std::size_t right = 0;  ///< position of the right child; 0 for a leaf
    vector
        value;  ///< classification: the class frequencies (k) of the node's training rows, summing to 1; regression: {their mean target}
    std::size_t n_samples = 0;  ///< how many training rows reached the node
    double impurity = 0.0;      ///< the impurity of those rows (Gini, entropy or variance)
    std::size_t depth = 0;      ///< 0 for the root, parent's depth + 1 otherwise

    /// True for a leaf, which has no children.
    bool is_leaf() const { return left == 0; }
};

/**
 * @ingroup ml
 * @brief The limits that stop a tree from growing, and the random feature subsets of a forest.
 *
 * Without limits a tree grows until every leaf is pure: it memorises the training set, noise
 * included (overfitting). Each limit trades some training accuracy for simpler, more stable
 * trees.
 */
struct tree_options {
    std::size_t max_depth =
        unlimited_depth;                ///< no leaf deeper than this (the root has depth 0); 0 gives a single leaf
    std::size_t min_samples_split = 2;  ///< a node with fewer rows is not split (≥ 2)
    std::size_t min_samples_leaf = 1;   ///< a split must leave at least this many rows in each child (≥ 1)
    std::size_t max_features =
        0;  ///< features tried at each split, drawn at random (needs fit(x, y, gen)); 0 means all d (≤ d)
};

namespace detail {

/**
 * @brief The statistics of a classification node: how many of its rows carry each class.
 *
 * The "statistics" interface every tree builds on: clear(), add() and remove() a row,
 * count(), impurity() and value().
 */
struct class_histogram {
    const index_vector* labels;  ///< the training labels (n), not owned
    split_criterion criterion;   ///< Gini or entropy
    vector counts;               ///< (k): rows of each class
    std::size_t n = 0;           ///< rows counted

    /// An empty histogram of `n_classes` classes over the labels y.
    class_histogram(const index_vector& y, std::size_t n_classes, split_criterion how)
        : labels(&y), criterion(how), counts(xt::zeros<double>({n_classes})) {}

    /// Empties the histogram; the row is ignored (the regression statistics need it).
    void clear(std::size_t reference_row);
    /// Counts one more row.
    void add(std::size_t row);
    /// Forgets a row that was counted.
    void remove(std::size_t row);
    /// How many rows are counted.
    std::size_t count() const { return n; }
    /// gini_impurity(counts) or entropy(counts).
    double impurity() const;
    /// The class frequencies counts / n (k).
    vector value() const;
};

/// Zero every count.
inline void class_histogram::clear(std::size_t /*reference_row*/) {
    todo("ml/07_trees", "class_histogram::clear");
}

/// One more row of class labels(row).
inline void class_histogram::add(std::size_t row) {
    todo("ml/07_trees", "class_histogram::add");
}

/// One row of class labels(row) fewer.
inline void class_histogram::remove(std::size_t row) {
    todo("ml/07_trees", "class_histogram::remove");
}

/// The impurity of the counts under the chosen criterion.
inline double class_histogram::impurity() const {
    todo("ml/07_trees", "class_histogram::impurity");
}

/// counts / n.
inline vector class_histogram::value() const {
    todo("ml/07_trees", "class_histogram::value");
}

/**
 * @brief The statistics of a regression node: count, sum and sum of squares of its targets,
 * each shifted by the target of a reference row of the node.
 *
 * The impurity is the variance of the targets, the mean squared error of predicting their mean:
 * SSE / n with SSE = Σ d² − (Σ d)² / n, d = y − shift. Shifting by a value inside the data keeps
 * that difference from cancelling catastrophically (Σ y² and (Σ y)²/n are nearly equal when the
 * targets are large and close together), and makes it exactly 0 when all targets are equal.
 */
struct target_moments {
    const vector* targets;     ///< the training targets (n), not owned
    double shift = 0.0;        ///< the reference target subtracted from every target
    std::size_t n = 0;         ///< rows counted
    double sum = 0.0;          ///< Σ (y − shift)
    double sum_squares = 0.0;  ///< Σ (y − shift)²

    /// Empty statistics over the targets y.
    explicit target_moments(const vector& y) : targets(&y) {}

    /// Empties the sums and takes the target of `reference_row` as the new shift.
    void clear(std::size_t reference_row);
    /// Adds one row's target.
    void add(std::size_t row);
    /// Removes a row's target that was added.
    void remove(std::size_t row);
    /// How many rows are counted.
    std::size_t count() const { return n; }
    /// The variance SSE / n (0 without rows, and never negative).
    double impurity() const;
    /// {the mean target}.
    vector value() const;
};

/// Zero sums, new shift.
inline void target_moments::clear(std::size_t reference_row) {
    todo("ml/07_trees", "target_moments::clear");
}

/// d = y − shift into the sums.
inline void target_moments::add(std::size_t row) {
    todo("ml/07_trees", "target_moments::add");
}

/// d = y − shift out of the sums.
inline void target_moments::remove(std::size_t row) {
    todo("ml/07_trees", "target_moments::remove");
}

/// (Σ d² − (Σ d)²/n) / n, clamped at 0 against rounding.
inline double target_moments::impurity() const {
    todo("ml/07_trees", "target_moments::impurity");
}

/// shift + mean of the shifted targets.
inline vector target_moments::value() const {
    todo("ml/07_trees", "target_moments::value");
}

/**
 * @brief The threshold between two consecutive distinct values lo < hi: their midpoint, or lo
 * when the midpoint rounds out of [lo, hi) (lo and hi adjacent doubles).
 *
 * lo/2 + hi/2 cannot overflow, unlike (lo + hi)/2 near ±1.8e308. Without the guard the midpoint
 * of two adjacent doubles can round up to hi, and hi would go left with lo.
 */
inline double midpoint_threshold(double lo, double hi) {
    todo("ml/07_trees", "midpoint_threshold");
}

/**
 * @brief The best threshold on one feature for the node's rows; updates `best` if it beats it.
 *
 * Steps: 1. sort the rows by the feature's value (ties by row number, so the result never depends
 * on the sort); 2. start with every row in the right child; 3. move the rows to the left child
 * one at a time, and wherever the next value is larger, score the threshold between them by the
 * weighted impurity of the two children, if both keep at least min_samples_leaf rows.
 *
 * @tparam Statistics class_histogram or target_moments
 * @param x the data (n,d)
 * @param order the node's rows (m ≥ 1); sorted here by the feature
 * @param feature the column to scan
 * @param node the statistics of the node's rows
 * @param min_samples_leaf the smallest child allowed
 * @param best the best split so far; replaced only by a strictly larger impurity decrease
 * @return true when the feature offers at least one valid threshold
 *
 * Complexity: O(m log m) for the sort plus O(m) impurity evaluations.
 */
template <class Statistics>
bool scan_feature(const matrix& x, std::vector<std::size_t>& order, std::size_t feature, const Statistics& node,
                  std::size_t min_samples_leaf, split_candidate& best) {
    todo("ml/07_trees", "scan_feature");
}

/**
 * @brief The best split of a node over all features, or over a random subset of them.
 *
 * Without a generator (or with max_features 0 or d) every feature is scanned in order 0 … d−1.
 * With one, the features are visited in the order of a random permutation
 * (stats::random_permutation) until max_features of them have offered a valid threshold
 * (a feature that is constant in the node does not count, as in scikit-learn).
 *
 * @tparam Statistics class_histogram or target_moments
 * @param x the data (n,d)
 * @param rows the node's rows (m ≥ 1)
 * @param node the statistics of those rows
 * @param options min_samples_leaf and max_features are read
 * @param gen the generator for the feature subsets, or nullptr for all features
 * @return the best split; found is false when no feature offers one
 */
template <class Statistics>
split_candidate find_split(const matrix& x, const std::vector<std::size_t>& rows, const Statistics& node,
                           const tree_options& options, rng* gen) {
    todo("ml/07_trees", "find_split");
}

/**
 * @brief Grows the subtree of the rows [begin, end) of `rows` and returns its root's position.
 *
 * Steps: 1. count the rows into fresh statistics and append the node as a leaf; 2. stop there if
 * the depth limit is reached, the node has fewer than min_samples_split or 2·min_samples_leaf
 * rows, or is pure (impurity 0); 3. find_split(), stop if none is found; 4. partition the rows
 * (stably: left rows first) and grow the left, then the right subtree.
 *
 * @tparam Statistics class_histogram or target_moments
 * @param x the data (n,d)
 * @param rows the training rows of the whole tree; [begin, end) is reordered in place
 * @param begin first row of the node in `rows`
 * @param end one past its last row (end > begin)
 * @param depth the node's depth
 * @param prototype statistics with the right labels or targets, copied for the node
 * @param options the limits
 * @param gen the generator for feature subsets, or nullptr
 * @param nodes the tree, appended to
 * @return the position of the subtree's root in `nodes`
 *
 * Recursion depth = tree depth (at most n).
 */
template <class Statistics>
std::size_t grow_tree(const matrix& x, std::vector<std::size_t>& rows, std::size_t begin, std::size_t end,
                      std::size_t depth, const Statistics& prototype, const tree_options& options, rng* gen,
                      std::vector<tree_node>& nodes) {
    todo("ml/07_trees", "grow_tree");
}

/**
 * @brief The input checks shared by every fit(): shapes, finite features, sensible options.
 *
 * @param function the public function, for the messages
 * @param x the data (n,d)
 * @param n_targets the length of y
 * @param options the tree options to check
 * @param have_generator whether a generator was passed (needed for 0 < max_features < d)
 */
inline void check_tree_fit(const char* function, const matrix& x, std::size_t n_targets, const tree_options& options,
                           bool have_generator) {
    todo("ml/07_trees", "check_tree_fit");
}

/**
 * @brief Throws unless the tree is fitted and x has the number of features it was fitted on.
 *
 * @param function the public function, for the messages
 * @param n_features the d of the training data, 0 before fit()
 * @param x the queries (m,d)
 */
inline void check_tree_predict(const char* function, std::size_t n_features, const matrix& x) {
    todo("ml/07_trees", "check_tree_predict");
}

/**
 * @brief Checks class labels against n_classes and returns the number of classes k.
 *
 * @param function the public function, for the messages
 * @param y the labels (n ≥ 1)
 * @param n_classes k, or 0 for max(y) + 1
 * @return k
 */
inline std::size_t class_count(const char* function, const index_vector& y, std::size_t n_classes) {
    todo("ml/07_trees", "class_count");
}

}  // namespace detail

/**
 * @ingroup ml
 * @brief What classification and regression trees share: the fitted nodes, their shape, and the
 * walk from the root to a leaf.
 */
class decision_tree {
public:
    /// The nodes, root first; empty before fit().
    const std::vector<tree_node>& nodes() const { return nodes_; }
    /// The number of features the tree was fitted on (0 before fit()).
    std::size_t n_features() const { return n_features_; }

    /**
     * @brief The depth of the deepest leaf (0 for a tree that is a single leaf).
     * @throws invalid_argument before fit()
     */
    std::size_t depth() const;
    /**
     * @brief The number of leaves.
     * @throws invalid_argument before fit()
     */
    std::size_t n_leaves() const;
    /**
     * @brief The leaf each row of x ends in: start at the root, go left when
     * x(feature) ≤ threshold and right otherwise, until a leaf (scikit-learn's `apply`).
     *
     * @param x matrix (m,d)
     * @return index_vector (m) of positions in nodes()
     * @throws invalid_argument before fit() or for a non-finite x
     * @throws shape_error when d differs from the training data's
     *
     * Complexity: O(m · depth).
     */
    index_vector apply(const matrix& x) const;

protected:
    std::vector<tree_node> nodes_;  ///< the fitted tree, root first
    std::size_t n_features_ = 0;    ///< d of the training data, 0 before fit()
};

/// The largest node depth.
inline std::size_t decision_tree::depth() const {
    todo("ml/07_trees", "decision_tree::depth");
}

/// Count the nodes without children.
inline std::size_t decision_tree::n_leaves() const {
    todo("ml/07_trees", "decision_tree::n_leaves");
}

/// From the root, follow the answers to a leaf, for every row.
inline index_vector decision_tree::apply(const matrix& x) const {
    todo("ml/07_trees", "decision_tree::apply");
}

/**
 * @ingroup ml
 * @brief Best split of a classification data set at its root: the question
 * "x(feature) ≤ threshold?" whose children have the lowest weighted impurity.
 *
 * @f[ \Delta I = I(\text{node}) - \frac{n_L}{n} I(L) - \frac{n_R}{n} I(R) @f]
 * Every feature and every midpoint between consecutive distinct values is tried; the largest
 * ΔI wins (ties: lower feature, then lower threshold).
 *
 * @param x matrix (n,d)
 * @param y index_vector (n) of class labels
 * @param criterion Gini or entropy
 * @param min_samples_leaf the smallest child allowed (≥ 1)
 * @return the best split; `found` is false when no threshold exists (every feature constant)
 * @throws shape_error when x has not y.size() rows
 * @throws invalid_argument when x is empty or not finite, or min_samples_leaf is 0
 *
 * Complexity: O(d · n log n + d·n·k). Example: x = {1,2,3,4,5,6} as one column,
 * y = {0,0,0,1,1,0}, Gini → feature 0, threshold 3.5, ΔI = 4/9 − (3/6)·(4/9) = 2/9.
 */
inline split_candidate best_split_classification(const matrix& x, const index_vector& y, split_criterion criterion,
                                                 std::size_t min_samples_leaf = 1) {
    todo("ml/07_trees", "best_split_classification");
}

/**
 * @ingroup ml
 * @brief Best split of a regression data set at its root: the question whose children have
 * the lowest weighted variance (the largest reduction of the squared error).
 *
 * @f[ \Delta I = \operatorname{Var}(y) - \frac{n_L}{n}\operatorname{Var}(y_L)
 *                                      - \frac{n_R}{n}\operatorname{Var}(y_R) @f]
 * with population variances (divide by the count): predicting each child's mean leaves a total
 * squared error of n_L Var(y_L) + n_R Var(y_R).
 *
 * @param x matrix (n,d)
 * @param y vector (n) of targets
 * @param min_samples_leaf the smallest child allowed (≥ 1)
 * @return the best split; `found` is false when no threshold exists
 * @throws shape_error when x has not y.size() rows
 * @throws invalid_argument when x is empty or not finite, a target is not finite, or
 *         min_samples_leaf is 0
 *
 * Complexity: O(d · n log n). Example: x = {1,2,3,4}, y = {1,2,10,12} → threshold 2.5,
 * ΔI = 23.1875 − 0.625 = 22.5625.
 */
inline split_candidate best_split_regression(const matrix& x, const vector& y, std::size_t min_samples_leaf = 1) {
    todo("ml/07_trees", "best_split_regression");
}

/**
 * @ingroup ml
 * @brief A classification tree (CART): predicts the majority class of the leaf a point falls in.
 *
 * Unlimited, it fits any training set without contradictions (two equal points with different
 * labels) perfectly — and memorises its noise: limit max_depth or min_samples_leaf, or average
 * many randomised trees (random_forest_classifier).
 *
 * Example:
 * ```
 * decision_tree_classifier tree;                  // Gini, no limits
 * tree.fit({{1}, {2}, {3}, {10}, {11}, {12}}, {0, 0, 0, 1, 1, 1});
 * tree.predict({{0}, {6}, {7}, {20}});            // {0, 0, 1, 1}: the root asks x ≤ 6.5
 * tree.depth();                                   // 1
 * ```
 */
class decision_tree_classifier : public decision_tree {
public:
    /// @param options the growth limits (checked by fit)
    /// @param criterion Gini (the default) or entropy
    explicit decision_tree_classifier(tree_options options = {}, split_criterion criterion = split_criterion::gini)
        : options_(options), criterion_(criterion) {}

    /**
     * @brief Grows the tree on every feature (options.max_features must be 0 or d).
     * @param x matrix (n,d), finite
     * @param y index_vector (n) of class labels
     * @param n_classes k; 0 means max(y) + 1 (a forest passes the k of all its data, since a
     *        bootstrap sample can miss a class)
     * @return *this
     * @throws shape_error when x has not y.size() rows
     * @throws invalid_argument when n = 0, x is not finite, a label is ≥ n_classes, or the
     *         options are out of range (min_samples_split < 2, min_samples_leaf = 0,
     *         max_features > d, or 0 < max_features < d without a generator)
     */
    decision_tree_classifier& fit(const matrix& x, const index_vector& y, std::size_t n_classes = 0);
    /**
     * @brief Grows the tree, trying max_features random features at each split.
     * @param x matrix (n,d) @param y index_vector (n) @param gen the generator
     * @param n_classes k, or 0 for max(y) + 1
     * @return *this @throws as the other fit()
     */
    decision_tree_classifier& fit(const matrix& x, const index_vector& y, rng& gen, std::size_t n_classes = 0);
    /**
     * @brief The class frequencies of the leaf each row falls in.
     * @param x matrix (m,d) @return matrix (m,k), rows summing to 1
     * @throws invalid_argument before fit() or for a non-finite x
     * @throws shape_error when d differs from the training data's
     */
    matrix predict_proba(const matrix& x) const;
    /**
     * @brief The most frequent class of the leaf each row falls in (the lower class on a tie).
     * @param x matrix (m,d) @return index_vector (m) @throws as predict_proba()
     */
    index_vector predict(const matrix& x) const;
    /// k, the number of classes (0 before fit()).
    std::size_t n_classes() const { return n_classes_; }

private:
    /// Both fit()s: checks, then detail::grow_tree with class statistics.
    decision_tree_classifier& fit_with(const matrix& x, const index_vector& y, rng* gen, std::size_t n_classes);

    tree_options options_;
    split_criterion criterion_;
    std::size_t n_classes_ = 0;
};

/// Checks, class histogram prototype, every row at the root, grow.
inline decision_tree_classifier& decision_tree_classifier::fit_with(const matrix& x, const index_vector& y, rng* gen,
                                                                    std::size_t n_classes) {
    todo("ml/07_trees", "decision_tree_classifier::fit_with");
}

/// Every feature at every split.
inline decision_tree_classifier& decision_tree_classifier::fit(const matrix& x, const index_vector& y,
                                                               std::size_t n_classes) {
    todo("ml/07_trees", "decision_tree_classifier::fit");
}

/// Random feature subsets drawn from gen.
inline decision_tree_classifier& decision_tree_classifier::fit(const matrix& x, const index_vector& y, rng& gen,
                                                               std::size_t n_classes) {
    todo("ml/07_trees", "decision_tree_classifier::fit");
}

/// Row i is the value of the leaf apply() finds for row i of x.
inline matrix decision_tree_classifier::predict_proba(const matrix& x) const {
    todo("ml/07_trees", "decision_tree_classifier::predict_proba");
}

/// The column of the largest probability (one_hot_decode from ml/01).
inline index_vector decision_tree_classifier::predict(const matrix& x) const {
    todo("ml/07_trees", "decision_tree_classifier::predict");
}

/**
 * @ingroup ml
 * @brief A regression tree (CART): predicts the mean target of the leaf a point falls in, a
 * piecewise constant function of x with axis-aligned steps.
 *
 * Example:
 * ```
 * decision_tree_regressor tree;
 * tree.fit({{1}, {2}, {3}, {4}}, {1, 2, 10, 12});
 * tree.nodes()[0].threshold;                       // 2.5
 * tree.predict({{0}, {2.2}, {3.7}});               // {1, 2, 12}: every training target, exactly
 * ```
 */
class decision_tree_regressor : public decision_tree {
public:
    /// @param options the growth limits (checked by fit)
    explicit decision_tree_regressor(tree_options options = {}) : options_(options) {}

    /**
     * @brief Grows the tree on every feature (options.max_features must be 0 or d).
     * @param x matrix (n,d), finite @param y vector (n) of finite targets @return *this
     * @throws shape_error when x has not y.size() rows
     * @throws invalid_argument when n = 0, x or y is not finite, or the options are out of
     *         range (as decision_tree_classifier::fit)
     */
    decision_tree_regressor& fit(const matrix& x, const vector& y);
    /**
     * @brief Grows the tree, trying max_features random features at each split.
     * @param x matrix (n,d) @param y vector (n) @param gen the generator @return *this
     * @throws as the other fit()
     */
    decision_tree_regressor& fit(const matrix& x, const vector& y, rng& gen);
    /**
     * @brief The mean training target of the leaf each row falls in.
     * @param x matrix (m,d) @return vector (m)
     * @throws invalid_argument before fit() or for a non-finite x
     * @throws shape_error when d differs from the training data's
     */
    vector predict(const matrix& x) const;

private:
    /// Both fit()s: checks, then detail::grow_tree with target statistics.
    decision_tree_regressor& fit_with(const matrix& x, const vector& y, rng* gen);

    tree_options options_;
};

/// Checks, target moments prototype, every row at the root, grow.
inline decision_tree_regressor& decision_tree_regressor::fit_with(const matrix& x, const vector& y, rng* gen) {
    todo("ml/07_trees", "decision_tree_regressor::fit_with");
}

/// Every feature at every split.
inline decision_tree_regressor& decision_tree_regressor::fit(const matrix& x, const vector& y) {
    todo("ml/07_trees", "decision_tree_regressor::fit");
}

/// Random feature subsets drawn from gen.
inline decision_tree_regressor& decision_tree_regressor::fit(const matrix& x, const vector& y, rng& gen) {
    todo("ml/07_trees", "decision_tree_regressor::fit");
}

/// The single value of the leaf apply() finds.
inline vector decision_tree_regressor::predict(const matrix& x) const {
    todo("ml/07_trees", "decision_tree_regressor::predict");
}

/**
 * @ingroup ml
 * @brief The settings of a random forest: how many trees, how random, how deep.
 */
struct forest_options {
    std::size_t n_trees = 100;  ///< the number of trees averaged (≥ 1)
    std::size_t max_features =
        0;  ///< features tried at each split: 0 means ⌊√d⌋ (at least 1), the usual choice for classification; d gives plain bagging
    std::size_t max_depth = unlimited_depth;            ///< as tree_options::max_depth; forests usually grow full trees
    std::size_t min_samples_split = 2;                  ///< as tree_options::min_samples_split
    std::size_t min_samples_leaf = 1;                   ///< as tree_options::min_samples_leaf
    split_criterion criterion = split_criterion::gini;  ///< impurity of every tree
    bool bootstrap = true;  ///< train each tree on n rows drawn with replacement (false: on all rows)
};

/**
 * @ingroup ml
 * @brief A random forest classifier: many decision trees, each grown on a bootstrap sample with a
 * random subset of features tried at every split, whose class probabilities are averaged.
 *
 * One deep tree has low bias but high variance: change a few training rows and it changes a lot.
 * Averaging B trees whose errors are not too correlated keeps the bias and divides the variance:
 * if each has variance σ² and pairwise correlation ρ, their average has variance
 * @f[ \rho\,\sigma^2 + \frac{1-\rho}{B}\,\sigma^2 . @f]
 * The bootstrap samples and the random feature subsets (max_features < d) exist to lower ρ: they
 * stop every tree from asking the same strong question at its root.
 *
 * fit() draws from `gen` in a fixed order (tree by tree: the bootstrap rows, then the feature
 * permutations of its splits), so the same seed gives the same forest.
 *
 * Example:
 * ```
 * forest_options options;
 * options.n_trees = 50;
 * random_forest_classifier forest(options);
 * llmlings::rng gen(7);
 * forest.fit(x_train, y_train, gen);
 * index_vector predicted = forest.predict(x_test);
 * ```
 */
class random_forest_classifier {
public:
    /// @param options the forest's settings (checked by fit)
    explicit random_forest_classifier(forest_options options = {}) : options_(options) {}

    /**
     * @brief Grows options.n_trees trees, each on a bootstrap sample of the rows (ml::take_rows
     * of n row numbers drawn uniformly with replacement) with max_features random features per
     * split.
     * @param x matrix (n,d), finite
     * @param y index_vector (n) of class labels, k = max(y) + 1 classes
     * @param gen the generator
     * @return *this
     * @throws shape_error when x has not y.size() rows
     * @throws invalid_argument when n = 0, n_trees = 0, x is not finite, or a tree option is out
     *         of range (max_features > d, min_samples_split < 2, min_samples_leaf = 0)
     *
     * Complexity: about n_trees times the cost of one tree on n rows with max_features features.
     */
    random_forest_classifier& fit(const matrix& x, const index_vector& y, rng& gen);
    /**
     * @brief The average over the trees of their class probabilities.
     * @param x matrix (m,d) @return matrix (m,k), rows summing to 1
     * @throws invalid_argument before fit() or for a non-finite x
     * @throws shape_error when d differs from the training data's
     */
    matrix predict_proba(const matrix& x) const;
    /**
     * @brief The class of highest averaged probability (the lower class on a tie).
     * @param x matrix (m,d) @return index_vector (m) @throws as predict_proba()
     */
    index_vector predict(const matrix& x) const;
    /// The fitted trees (empty before fit()).
    const std::vector<decision_tree_classifier>& trees() const { return trees_; }

private:
    forest_options options_;
    std::vector<decision_tree_classifier> trees_;
    std::size_t n_classes_ = 0;
    std::size_t n_features_ = 0;
};

/// Per tree: bootstrap rows, take_rows, fit(x_b, y_b, gen, k).
inline random_forest_classifier& random_forest_classifier::fit(const matrix& x, const index_vector& y, rng& gen) {
    todo("ml/07_trees", "random_forest_classifier::fit");
}

/// The mean of the trees' predict_proba().
inline matrix random_forest_classifier::predict_proba(const matrix& x) const {
    todo("ml/07_trees", "random_forest_classifier::predict_proba");
}

/// The column of the largest averaged probability.
inline index_vector random_forest_classifier::predict(const matrix& x) const {
    todo("ml/07_trees", "random_forest_classifier::predict");
}

}  // namespace ml
}  // namespace llmlings

#endif  // LLMLINGS_ML_07_TREES_HPP
