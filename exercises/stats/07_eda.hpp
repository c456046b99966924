// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief stats/07 — exploratory data analysis: missing values, histograms, IQR outliers and a
 * describe() summary of every column, like pandas' `DataFrame.describe()`.
 *
 * Shapes: a data set is a matrix (n, d), one row per observation and one column per variable; a
 * single variable is a vector (n). A missing value is a NaN (the data loaders turn R's `NA` into
 * NaN, see llmlings::data::load_penguins()).
 *
 * Conventions. Every statistic skips the missing values of its own column, as pandas does
 * (`skipna=True`), and is computed by stats/01: stats::mean, stats::standard_deviation (sample,
 * ddof = 1) and stats::quantile, whose linear interpolation (NumPy's default, Hyndman & Fan type 7)
 * is also what pandas' quantile() and R's quantile() and summary() use, so the numbers here match
 * theirs digit for digit. Histogram bins follow NumPy's np.histogram: k equal-width bins spanning
 * [min, max], each half-open [a, b) except the last, which also holds the maximum.
 *
 * What this file deliberately is not: imputation (filling missing values in), kernel density
 * estimates, or the plots themselves. llmlings::plot draws the histogram (docs: stats_07_eda).
 *
 * References: J. W. Tukey (1977), *Exploratory Data Analysis*, Addison-Wesley (the box plot and its
 * 1.5 IQR fences); D. Freedman, P. Diaconis (1981), "On the histogram as a density estimator: L2
 * theory", Z. Wahrscheinlichkeitstheorie verw. Gebiete 57; pandas' DataFrame.describe() and
 * NumPy's histogram_bin_edges documentation.
 *
 * Guide: @ref stats_07_eda (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_STATS_07_EDA_HPP
#define LLMLINGS_STATS_07_EDA_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include <xtensor/xadapt.hpp>
#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>
#include <llmlings/stats/01_descriptive.hpp>

namespace llmlings {
namespace stats {

/**
 * @ingroup stats
 * @brief Where the values are missing: true at (i, j) when data(i, j) is NaN.
 *
 * @param data matrix (n, d)
 * @return a boolean matrix (n, d)
 *
 * Throws nothing. Complexity: n·d tests. Example: `missing_mask({{1, NaN}, {3, 4}})` →
 * `{{false, true}, {false, false}}`.
 */
inline xt::xtensor<bool, 2> missing_mask(const matrix& data) {
    todo("stats/07_eda", "missing_mask");
}

/**
 * @ingroup stats
 * @brief How many values each column is missing: pandas' `df.isna().sum()`.
 *
 * @param data matrix (n, d)
 * @return index_vector (d): entry j counts the NaN in column j
 *
 * Throws nothing. Complexity: n·d tests, read row by row. Example: `count_missing({{1, NaN},
 * {NaN, NaN}, {5, 6}})` → `{1, 2}`.
 */
inline index_vector count_missing(const matrix& data) {
    todo("stats/07_eda", "count_missing");
}

/**
 * @ingroup stats
 * @brief The indices of the complete rows, those without any NaN, in increasing order.
 *
 * Use them to keep the matching targets too: `y_complete(k) = y(rows(k))`.
 *
 * @param data matrix (n, d)
 * @return index_vector (m), m ≤ n
 *
 * Throws nothing. Complexity: at most n·d tests. Example: `complete_rows({{1, 2}, {NaN, 4},
 * {5, 6}})` → `{0, 2}`.
 */
inline index_vector complete_rows(const matrix& data) {
    todo("stats/07_eda", "complete_rows");
}

/**
 * @ingroup stats
 * @brief The data without the rows that hold a NaN: pandas' `df.dropna()` (listwise deletion).
 *
 * Simple and honest when few rows are incomplete (2 of 344 penguins). When many are, or when
 * whether a value is missing depends on the value itself, dropping rows biases what is left.
 *
 * @param data matrix (n, d)
 * @return matrix (m, d): the rows complete_rows() lists, in their order
 *
 * Throws nothing. Complexity: n·d tests and one (m, d) copy. Example: `drop_missing_rows({{1, 2},
 * {NaN, 4}, {5, 6}})` → `{{1, 2}, {5, 6}}`.
 */
inline matrix drop_missing_rows(const matrix& data) {
    todo("stats/07_eda", "drop_missing_rows");
}

/**
 * @ingroup stats
 * @brief The values of a vector that are not NaN, in their order: pandas' `s.dropna()`.
 *
 * @param x vector (n)
 * @return vector (m), m ≤ n
 *
 * Throws nothing. Complexity: n tests, one copy. Example: `drop_missing({3, NaN, 1})` → `{3, 1}`.
 */
inline vector drop_missing(const vector& x) {
    todo("stats/07_eda", "drop_missing");
}

namespace detail {

/// drop_missing(x), or invalid_argument naming `function` when no value is left.
inline vector present_values(const char* function, const vector& x) {
    todo("stats/07_eda", "present_values");
}

}  // namespace detail

/**
 * @ingroup stats
 * @brief The interquartile range Q3 − Q1, the width of the middle half of the data; NaN skipped.
 *
 * @f[ \mathrm{IQR} = Q(0.75) - Q(0.25) @f]
 * with stats::quantile (linear interpolation). Unlike the standard deviation it ignores how far out
 * the extreme quarter on each side lies, so a few wild values barely move it.
 *
 * @param x vector (n), at least one value not NaN
 * @return the IQR, ≥ 0
 * @throws invalid_argument when every value is missing (or x is empty); the message names the
 *         function and says so: `iqr: expected at least one value that is not missing (NaN), got
 *         2 values, all missing`
 *
 * Complexity: O(n) on average. Example: `iqr({1, 2, …, 10})` → `7.75 − 3.25 = 4.5`.
 */
inline double iqr(const vector& x) {
    todo("stats/07_eda", "iqr");
}

/**
 * @ingroup stats
 * @brief Tukey's fences, the limits beyond which a box plot draws a value as a single point.
 */
struct fences {
    double lower;  ///< Q1 − k·IQR
    double upper;  ///< Q3 + k·IQR
};

/**
 * @ingroup stats
 * @brief Tukey's outlier fences Q1 − k·IQR and Q3 + k·IQR (k = 1.5: "outside"; k = 3: "far out").
 *
 * @f[ L = Q_1 - k\,(Q_3 - Q_1), \qquad U = Q_3 + k\,(Q_3 - Q_1) @f]
 * For normal data Q1, Q3 = μ ∓ 0.674σ, so the 1.5 fences sit at μ ∓ 2.698σ and flag about 0.7 %
 * of the values: a value beyond them deserves a look (a typo, another unit, a rare case), not
 * automatic deletion.
 *
 * @param x vector (n), at least one value not NaN (NaN are skipped)
 * @param k the fence distance in IQRs, ≥ 0; 1.5 (default) as in box plots
 * @return the fences {lower, upper}
 * @throws invalid_argument when every value is missing, or k is negative or NaN
 *
 * Complexity: O(n) on average. Example: `iqr_fences({1, 2, …, 9, 100})` → `{-3.5, 14.5}`
 * (Q1 = 3.25, Q3 = 7.75, IQR = 4.5).
 */
inline fences iqr_fences(const vector& x, double k = 1.5) {
    todo("stats/07_eda", "iqr_fences");
}

/**
 * @ingroup stats
 * @brief Which values lie outside Tukey's fences: true where x(i) < lower or x(i) > upper.
 *
 * A value exactly on a fence is not an outlier; a NaN is missing, not an outlier (false).
 *
 * @param x vector (n), at least one value not NaN
 * @param k the fence distance in IQRs, ≥ 0 (default 1.5)
 * @return a boolean vector (n)
 * @throws invalid_argument as iqr_fences()
 *
 * Complexity: O(n) on average. Example: `outlier_mask({1, 2, …, 9, 100})` → true only at index 9.
 */
inline xt::xtensor<bool, 1> outlier_mask(const vector& x, double k = 1.5) {
    todo("stats/07_eda", "outlier_mask");
}

/**
 * @ingroup stats
 * @brief A histogram: k bins given by k + 1 increasing edges, and how many values fell in each.
 */
struct histogram_bins {
    vector edges;         ///< (k + 1): bin i is [edges(i), edges(i+1)), the last bin also holds its right edge
    index_vector counts;  ///< (k): the number of values in each bin
};

/**
 * @ingroup stats
 * @brief Histogram with `bins` equal-width bins spanning the data, NaN skipped (NumPy's
 * np.histogram(x, bins)).
 *
 * @f[ e_i = \min + (\max - \min)\,\frac{i}{k}, \quad i = 0, \dots, k; \qquad
 *     \text{bin } i = [e_i, e_{i+1}) \text{, the last one } [e_{k-1}, e_k] @f]
 * The bin of a value v is ⌊(v − min)/(max − min) · k⌋, except the maximum, which goes in the
 * last bin. Rounding can put that quotient one bin off for a value on an edge (0.6 / 0.1 is
 * 5.999…), so the computed index is then checked against the edges returned: a value v is counted
 * in bin i exactly when eᵢ ≤ v < eᵢ₊₁. When every value is equal (max = min) the range is widened
 * to [v − 0.5, v + 0.5], as NumPy does.
 *
 * @param x vector (n), at least one value not NaN, no infinity
 * @param bins the number of bins k ≥ 1 (freedman_diaconis_bins() chooses one)
 * @return edges (k + 1) and counts (k); the counts sum to the number of values that are not NaN
 * @throws invalid_argument when bins = 0, every value is missing, or a value is infinite
 *
 * Complexity: O(n + k). Example: `histogram({0, 1, 1, 2, 3, 4, 4, 4, 10, NaN}, 5)` →
 * edges `{0, 2, 4, 6, 8, 10}`, counts `{3, 2, 3, 0, 1}`.
 */
inline histogram_bins histogram(const vector& x, std::size_t bins) {
    todo("stats/07_eda", "histogram");
}

/**
 * @ingroup stats
 * @brief The Freedman–Diaconis bin width 2·IQR·n^(−1/3), NaN skipped (n counts the values that are
 * not NaN).
 *
 * @f[ h = 2\,\mathrm{IQR}\; n^{-1/3} @f]
 * Freedman and Diaconis (1981) showed that a width proportional to n^(−1/3) balances the two errors
 * of a histogram as an estimate of a density: wide bins blur its shape, narrow bins hold too few
 * values each and show noise. Scaling by the IQR, not the standard deviation, keeps a few outliers
 * from widening every bin. The same rule as NumPy's `bins="fd"`.
 *
 * @param x vector (n), at least one value not NaN
 * @return h ≥ 0; 0 when the IQR is 0 (more than half of the values are equal)
 * @throws invalid_argument when every value is missing
 *
 * Complexity: O(n) on average. Example: `freedman_diaconis_width({1, 2, …, 10})` →
 * 2 · 4.5 / 10^(1/3) = 4.177…
 */
inline double freedman_diaconis_width(const vector& x) {
    todo("stats/07_eda", "freedman_diaconis_width");
}

/**
 * @ingroup stats
 * @brief The number of equal-width bins the Freedman–Diaconis width asks for:
 * ⌈(max − min) / h⌉, at least 1 (NumPy's `bins="fd"`).
 *
 * When h = 0 (IQR 0) there is no sensible width and the answer is 1 bin, as in NumPy.
 *
 * @param x vector (n), at least one value not NaN
 * @return k ≥ 1, to pass to histogram()
 * @throws invalid_argument when every value is missing
 *
 * Complexity: O(n) on average. Example: `freedman_diaconis_bins({1, 2, …, 10})` →
 * ⌈9 / 4.177⌉ = 3.
 */
inline std::size_t freedman_diaconis_bins(const vector& x) {
    todo("stats/07_eda", "freedman_diaconis_bins");
}

/**
 * @ingroup stats
 * @brief The summary of every column describe() returns: one vector (d) per statistic, the rows
 * of pandas' `df.describe()`.
 */
struct description {
    index_vector count;  ///< values that are not NaN
    vector mean;         ///< mean of those values
    vector std;          ///< sample standard deviation (divide by count − 1); NaN when count < 2
    vector min;          ///< smallest value
    vector q25;          ///< first quartile Q(0.25), pandas' "25%"
    vector q50;          ///< median Q(0.5), "50%"
    vector q75;          ///< third quartile Q(0.75), "75%"
    vector max;          ///< largest value
};

/**
 * @ingroup stats
 * @brief Per column: count, mean, std, min, 25 %, 50 %, 75 %, max of the values that are not NaN,
 * like pandas' `DataFrame.describe()`.
 *
 * Eight numbers per variable that answer the first questions about a data set: how many values are
 * there (count), where is the middle (mean, 50 %), how spread out are they (std, 25 %–75 %), and
 * how far do they reach (min, max). A mean far from the median hints at skew; a max far beyond the
 * 75 % at outliers. Every statistic comes from stats/01 (quantiles by linear interpolation, as in
 * pandas and R's summary()). A column without values has count 0 and NaN elsewhere; with one value
 * its std is NaN (pandas does the same).
 *
 * @param data matrix (n, d), d ≥ 1; NaN marks a missing value
 * @return the description, each member of length d
 * @throws invalid_argument when d = 0
 *
 * Complexity: O(n·d) on average, one copy of each column. Example: for the one column 1, 2, …, 10 →
 * count 10, mean 5.5, std 3.0277, min 1, 25 % 3.25, 50 % 5.5, 75 % 7.75, max 10.
 */
inline description describe(const matrix& data) {
    todo("stats/07_eda", "describe");
}

}  // namespace stats
}  // namespace llmlings

#endif  // LLMLINGS_STATS_07_EDA_HPP
