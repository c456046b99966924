// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief stats/01 — descriptive statistics: mean, variance (two-pass and Welford's online
 * algorithm), standard deviation, median and quantiles, covariance (of two vectors and of a data
 * matrix), Pearson correlation, z-scores.
 *
 * Shapes: a sample x is a vector (n); a data matrix is (n, d), one row per observation and one
 * column per variable; its covariance matrix is (d, d).
 *
 * Conventions. `ddof` ("delta degrees of freedom", NumPy's name) is what the sum of squares is
 * divided by n minus: ddof = 0 gives the population variance (NumPy's np.var default), ddof = 1
 * the sample variance (R's var, pandas, np.cov). Here the default is ddof = 1 everywhere: these
 * functions describe a sample. Quantiles use NumPy's default 'linear' method, type 7 of Hyndman &
 * Fan (1996), also R's default.
 *
 * What this file deliberately is not: weighted statistics, NaN-skipping variants (a NaN in the
 * data propagates to the result, except in quantile() which rejects it), or robust estimators.
 *
 * References: B. P. Welford (1962), "Note on a method for calculating corrected sums of squares
 * and products", Technometrics 4(3); T. F. Chan, G. H. Golub, R. J. LeVeque (1983), "Algorithms
 * for computing the sample variance: analysis and recommendations", The American Statistician
 * 37(3); R. J. Hyndman, Y. Fan (1996), "Sample quantiles in statistical packages", The American
 * Statistician 50(4); F. J. Anscombe (1973), "Graphs in statistical analysis", The American
 * Statistician 27(1).
 *
 * Guide: @ref stats_01_descriptive (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_STATS_01_DESCRIPTIVE_HPP
#define LLMLINGS_STATS_01_DESCRIPTIVE_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include <xtensor/xbuilder.hpp>
#include <xtensor-blas/xblas.hpp>

#include <llmlings/core.hpp>

namespace llmlings {
namespace stats {

namespace detail {

/**
 * @brief Throws invalid_argument unless a sample of n values is large enough for a divisor n − ddof.
 *
 * @param function the public function that checks, e.g. `"variance"`
 * @param n the number of values
 * @param ddof the delta degrees of freedom
 */
inline void check_enough_values(const char* function, std::size_t n, std::size_t ddof) {
    if (n <= ddof)
        throw invalid_argument(function, ::llmlings::detail::concat("needs more than ddof = ", ddof,
                                                                    " values (the divisor is n - ddof), got n = ", n));
}

/**
 * @brief Throws invalid_argument unless x holds no NaN (a NaN has no place in an order).
 *
 * @param function the public function that checks, e.g. `"median"`
 * @param x the data
 */
inline void check_no_nan(const char* function, const vector& x) {
    for (std::size_t i = 0; i < x.size(); ++i)
        if (std::isnan(x(i)))
            throw invalid_argument(function, ::llmlings::detail::concat("the data contain a NaN at index ", i));
}

}  // namespace detail

/**
 * @ingroup stats
 * @brief Arithmetic mean x̄ = (1/n) Σᵢ xᵢ, the balance point of the data.
 *
 * @f[ \bar x = \frac{1}{n} \sum_{i=0}^{n-1} x_i @f]
 *
 * @param x vector (n), n ≥ 1
 * @return the mean
 * @throws invalid_argument when x is empty (the mean of nothing is undefined)
 *
 * Complexity: n additions. Example: `mean({2, 4, 4, 4, 5, 5, 7, 9})` → `5`.
 */
inline double mean(const vector& x) {
    check::not_empty("mean", x);
    double sum = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) sum += x(i);
    return sum / static_cast<double>(x.size());
}

/**
 * @ingroup stats
 * @brief Variance, the mean squared distance from the mean, by the two-pass algorithm.
 *
 * @f[ s^2 = \frac{1}{n - \mathrm{ddof}} \sum_{i=0}^{n-1} (x_i - \bar x)^2 @f]
 * Pass 1 computes x̄, pass 2 sums the squared deviations. Why n − 1 for a sample (ddof = 1):
 * the deviations are measured from x̄, which was fitted to these same values and so sits closer
 * to them than the true mean does; dividing by n underestimates the spread on average by the
 * factor (n − 1)/n (Bessel's correction).
 *
 * Never use the one-pass textbook form (Σxᵢ² − n x̄²)/(n − 1): it subtracts two huge, nearly equal
 * numbers. For 1e9 + {4, 7, 13, 16} it returns garbage (even negative values are possible), while
 * the two-pass form gives the exact 30.
 *
 * @param x vector (n)
 * @param ddof 1 (default) for the sample variance, 0 for the population variance
 * @return the variance, ≥ 0
 * @throws invalid_argument when n ≤ ddof (e.g. an empty input, or one value with ddof = 1); the
 *         message names the function, ddof and n: `variance: needs more than ddof = 1 values (the
 *         divisor is n - ddof), got n = 1`
 *
 * Complexity: two passes, 3n flops. Example: `variance({2, 4, 4, 4, 5, 5, 7, 9}, 0)` → `4`;
 * with ddof = 1 → `32/7 = 4.571…`.
 */
inline double variance(const vector& x, std::size_t ddof = 1) {
    detail::check_enough_values("variance", x.size(), ddof);
    const double m = mean(x);
    double sum_squares = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double deviation = x(i) - m;
        sum_squares += deviation * deviation;
    }
    return sum_squares / static_cast<double>(x.size() - ddof);
}

/**
 * @ingroup stats
 * @brief Standard deviation, the square root of variance(): the spread in the units of the data.
 *
 * @param x vector (n)
 * @param ddof 1 (default) for the sample, 0 for the population standard deviation
 * @return √variance(x, ddof)
 * @throws invalid_argument when n ≤ ddof; the message names standard_deviation (not variance),
 *         ddof and n: `standard_deviation: needs more than ddof = 1 values (the divisor is
 *         n - ddof), got n = 1`
 *
 * Complexity: as variance(). Example: `standard_deviation({2, 4, 4, 4, 5, 5, 7, 9}, 0)` → `2`.
 */
inline double standard_deviation(const vector& x, std::size_t ddof = 1) {
    detail::check_enough_values("standard_deviation", x.size(), ddof);  // errors name this function
    return std::sqrt(variance(x, ddof));
}

/**
 * @ingroup stats
 * @brief Mean and variance of a stream, one value at a time, in O(1) memory: Welford's online
 * algorithm.
 *
 * After each add() the accumulator holds the count n, the running mean x̄ₙ and
 * M2ₙ = Σᵢ (xᵢ − x̄ₙ)², updated by
 * @f[ \delta = x - \bar x_{n-1}, \quad \bar x_n = \bar x_{n-1} + \frac{\delta}{n}, \quad
 *     M2_n = M2_{n-1} + \delta\,(x - \bar x_n) @f]
 * and the variance is M2ₙ / (n − ddof). Every update works with deviations from the current
 * mean, never with raw sums of squares, so it is as accurate as the two-pass variance() (Chan,
 * Golub & LeVeque 1983) while reading each value once: what a data stream, a training loop or
 * batch norm's running statistics need.
 *
 * The three numbers of the state are public, like the fields of a plain record: read them freely,
 * but change them only through add().
 *
 * Example:
 * ```
 * running_stats s;
 * for (double v : {2, 4, 4, 4, 5, 5, 7, 9}) s.add(v);
 * s.count;        // 8
 * s.mean();       // 5
 * s.variance(0);  // 4
 * ```
 */
struct running_stats {
    std::size_t count = 0;      ///< n, the number of values added so far
    double current_mean = 0.0;  ///< x̄ₙ, the mean of those n values
    double m2 = 0.0;            ///< M2ₙ = Σᵢ (xᵢ − x̄ₙ)², their sum of squared deviations

    /// Adds one value: updates count, current_mean and m2 by Welford's formulas above. O(1).
    void add(double x);
    /// The mean of the values added so far. @throws invalid_argument when none was added.
    double mean() const;
    /// The variance m2 / (n − ddof) of the values added so far (ddof = 1, the default: sample).
    /// @throws invalid_argument when count ≤ ddof.
    double variance(std::size_t ddof = 1) const;
};

/// Welford's update; see running_stats.
inline void running_stats::add(double x) {
    ++count;
    const double delta = x - current_mean;  // distance to the old mean
    current_mean += delta / static_cast<double>(count);
    m2 += delta * (x - current_mean);  // old distance times new distance
}

/// The running mean x̄ₙ.
inline double running_stats::mean() const {
    if (count == 0) throw invalid_argument("running_stats::mean", "no value has been added yet");
    return current_mean;
}

/// M2ₙ / (n − ddof).
inline double running_stats::variance(std::size_t ddof) const {
    detail::check_enough_values("running_stats::variance", count, ddof);
    return m2 / static_cast<double>(count - ddof);
}

/**
 * @ingroup stats
 * @brief The q-quantile of x: the value below which a fraction q of the data lies, by linear
 * interpolation between order statistics (NumPy's default 'linear' method; Hyndman & Fan type 7).
 *
 * Sort the values, x₍₀₎ ≤ … ≤ x₍ₙ₋₁₎, and place them at the positions 0, 1/(n−1), …, 1. The
 * q-quantile is read off the polyline through those points:
 * @f[ h = (n-1)\,q, \quad j = \lfloor h \rfloor, \quad
 *     Q(q) = x_{(j)} + (h - j)\,\bigl(x_{(j+1)} - x_{(j)}\bigr) @f]
 * So q = 0 is the minimum, q = 1 the maximum, q = ½ the median, q = ¼ and ¾ the quartiles.
 * Other definitions (there are nine in Hyndman & Fan) give slightly different values on small
 * samples; say which one you use.
 *
 * A full sort is not needed: std::nth_element places x₍ⱼ₎ in O(n) on average, and x₍ⱼ₊₁₎ is
 * then the smallest value to its right.
 *
 * @param x vector (n), n ≥ 1, no NaN
 * @param q the probability, in [0, 1]
 * @return Q(q)
 * @throws invalid_argument when x is empty, contains a NaN (it has no place in the order), or
 *         q ∉ [0, 1]; the message names the function and the offending value:
 *         `quantile: q must be in [0, 1], got 1.5`, `quantile: the data contain a NaN at index 1`
 *
 * Complexity: O(n) on average, one copy of x. Example: `quantile({1, 2, 3, 4}, 0.25)` → `1.75`
 * (h = 0.75, between 1 and 2); `quantile({3, 1, 2}, 1)` → `3`.
 */
inline double quantile(const vector& x, double q) {
    check::not_empty("quantile", x);
    if (!(q >= 0.0 && q <= 1.0))
        throw invalid_argument("quantile", ::llmlings::detail::concat("q must be in [0, 1], got ", q));
    detail::check_no_nan("quantile", x);
    std::vector<double> values(x.begin(), x.end());
    const double h = static_cast<double>(values.size() - 1) * q;
    const std::size_t j = static_cast<std::size_t>(std::floor(h));
    const double fraction = h - static_cast<double>(j);
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(j), values.end());
    const double lower = values[j];
    if (fraction == 0.0) return lower;
    const double upper = *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(j) + 1, values.end());
    return lower + fraction * (upper - lower);
}

/**
 * @ingroup stats
 * @brief The median, the middle value: quantile(x, 0.5).
 *
 * For odd n it is the middle order statistic; for even n the mean of the two middle ones. Unlike
 * the mean it ignores how far out the extreme values are: the median of {1, 2, 1000} is 2.
 *
 * @param x vector (n), n ≥ 1, no NaN
 * @return the median
 * @throws invalid_argument when x is empty or contains a NaN; the message names median (not
 *         quantile) and what was wrong: `median: expected a non-empty input, got shape (0)`,
 *         `median: the data contain a NaN at index 1`
 *
 * Complexity: O(n) on average. Example: `median({5, 1, 3})` → `3`; `median({4, 1, 3, 2})` → `2.5`.
 */
inline double median(const vector& x) {
    check::not_empty("median", x);  // checked here too, so that an error names median
    detail::check_no_nan("median", x);
    return quantile(x, 0.5);
}

/**
 * @ingroup stats
 * @brief Covariance of two paired samples: how x and y vary together.
 *
 * @f[ \operatorname{cov}(x,y) = \frac{1}{n-\mathrm{ddof}} \sum_{i=0}^{n-1} (x_i - \bar x)(y_i - \bar y) @f]
 * Positive when above-average x go with above-average y, negative when they go with
 * below-average y, near 0 when there is no linear relation. cov(x, x) = variance(x).
 *
 * @param x vector (n)
 * @param y vector (n), paired with x (yᵢ belongs to the same observation as xᵢ)
 * @param ddof 1 (default) for the sample covariance, 0 for the population covariance
 * @return the covariance
 * @throws shape_error when the lengths differ
 * @throws invalid_argument when n ≤ ddof
 *
 * Complexity: two passes. Example: `covariance({1, 2, 3}, {2, 4, 6})` → `2`
 * (deviations (−1, 0, 1) and (−2, 0, 2): (2 + 0 + 2)/2).
 */
inline double covariance(const vector& x, const vector& y, std::size_t ddof = 1) {
    check::same_size("covariance", x, y);
    detail::check_enough_values("covariance", x.size(), ddof);
    const double mx = mean(x), my = mean(y);
    double sum = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) sum += (x(i) - mx) * (y(i) - my);
    return sum / static_cast<double>(x.size() - ddof);
}

/**
 * @ingroup stats
 * @brief Covariance matrix of a data matrix (n observations × d variables): entry (j, k) is the
 * covariance of columns j and k.
 *
 * @f[ C = \frac{1}{n-\mathrm{ddof}}\, X_c^\top X_c, \qquad (X_c)_{ij} = X_{ij} - \bar X_{\cdot j} @f]
 * Centre each column, then one matrix product (BLAS dgemm through xtensor-blas). The diagonal
 * holds the variances; C is symmetric and positive semi-definite. It is the matrix PCA
 * diagonalises (ml/09) and the Σ of a multivariate normal. Same as NumPy's
 * `np.cov(X, rowvar=False, ddof=ddof)`.
 *
 * @param data matrix (n, d): row i is one observation, column j one variable
 * @param ddof 1 (default) for the sample covariance, 0 for the population covariance
 * @return matrix (d, d)
 * @throws invalid_argument when n ≤ ddof or d = 0
 *
 * Complexity: O(n d²) in the product, one (n, d) copy for the centred data.
 * Example: rows (1, 2), (2, 4), (3, 9) → `{{1, 3.5}, {3.5, 13}}`.
 */
inline matrix covariance_matrix(const matrix& data, std::size_t ddof = 1) {
    const std::size_t n = data.shape()[0], d = data.shape()[1];
    detail::check_enough_values("covariance_matrix", n, ddof);
    if (d == 0) throw invalid_argument("covariance_matrix", "the data have no columns (d = 0)");
    // 1. column means, accumulated row by row (contiguous in row-major storage)
    vector means = xt::zeros<double>({d});
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j) means(j) += data(i, j);
    means /= static_cast<double>(n);
    // 2. centred copy
    matrix centred = data;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j) centred(i, j) -= means(j);
    // 3. C = centredᵀ centred / (n − ddof), in one BLAS call
    matrix result = xt::zeros<double>({d, d});
    xt::blas::gemm(centred, centred, result, true, false, 1.0 / static_cast<double>(n - ddof));
    // 4. mirror the upper triangle: BLAS kernels need not sum c(j,k) and c(k,j) in the same order
    //    (OpenBLAS's Haswell kernels do not), and a covariance matrix is exactly symmetric
    for (std::size_t j = 0; j < d; ++j)
        for (std::size_t k = j + 1; k < d; ++k) result(k, j) = result(j, k);
    return result;
}

/**
 * @ingroup stats
 * @brief Pearson correlation coefficient r: the covariance rescaled to [−1, 1].
 *
 * @f[ r = \frac{\operatorname{cov}(x,y)}{s_x\, s_y}
 *    = \frac{\sum_i (x_i-\bar x)(y_i-\bar y)}{\sqrt{\sum_i (x_i-\bar x)^2}\,\sqrt{\sum_i (y_i-\bar y)^2}} @f]
 * r = ±1 exactly when the points lie on a line (rising or falling); r = 0 means no *linear*
 * relation (y = x² on a symmetric x has r = 0). It does not change when x or y is shifted or
 * scaled by a positive factor, and ddof cancels. Anscombe's quartet shows four very different
 * data sets with the same r = 0.816: always plot the data.
 *
 * @param x vector (n), n ≥ 2
 * @param y vector (n)
 * @return r, in [−1, 1]; NaN when x or y holds a NaN (NaN in, NaN out: the clamp to [−1, 1]
 *         must not turn it into 1)
 * @throws shape_error when the lengths differ
 * @throws invalid_argument when n < 2, or x or y is constant (its standard deviation is 0 and r
 *         is undefined)
 *
 * Complexity: a few passes. Example: `correlation({1, 2, 3}, {3, 2, 1})` → `-1`.
 */
inline double correlation(const vector& x, const vector& y) {
    check::same_size("correlation", x, y);
    detail::check_enough_values("correlation", x.size(), 1);
    const double vx = variance(x), vy = variance(y);
    if (vx == 0.0 || vy == 0.0)
        throw invalid_argument("correlation", "a constant sample has standard deviation 0: r is undefined");
    const double r = covariance(x, y) / std::sqrt(vx * vy);
    if (std::isnan(r)) return r;  // std::fmin(1, NaN) is 1
    return std::fmax(-1.0, std::fmin(1.0, r));
}

/**
 * @ingroup stats
 * @brief Standard scores: how many standard deviations each value lies from the mean.
 *
 * @f[ z_i = \frac{x_i - \bar x}{s} @f]
 * The result has mean 0 and standard deviation 1 (with the same ddof). Standardising puts
 * variables measured in different units on one scale, which gradient descent, k-means and PCA
 * need (ml/01's standard scaler applies it column by column).
 *
 * @param x vector (n)
 * @param ddof 1 (default) to divide by the sample standard deviation, 0 for the population one
 *        (scipy.stats.zscore and scikit-learn's StandardScaler use 0)
 * @return vector (n) of z-scores
 * @throws invalid_argument when n ≤ ddof, or x is constant (s = 0)
 *
 * Complexity: three passes, one output vector. Example: `zscores({2, 4, 4, 4, 5, 5, 7, 9}, 0)` →
 * `{-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2}` (mean 5, s = 2).
 */
inline vector zscores(const vector& x, std::size_t ddof = 1) {
    const double s = standard_deviation(x, ddof);
    if (s == 0.0) throw invalid_argument("zscores", "a constant sample has standard deviation 0");
    const double m = mean(x);
    vector z = xt::empty<double>({x.size()});
    for (std::size_t i = 0; i < x.size(); ++i) z(i) = (x(i) - m) / s;
    return z;
}

}  // namespace stats
}  // namespace llmlings

#endif  // LLMLINGS_STATS_01_DESCRIPTIVE_HPP
