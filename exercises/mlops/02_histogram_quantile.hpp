// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief mlops/02 — latency histograms: bucket layouts, observing values, the cumulative buckets a
 * server exposes, the increase between two scrapes (with counter resets), and quantiles and
 * fractions estimated from the buckets as Prometheus' `histogram_quantile` computes them.
 *
 * A server cannot keep every request's latency. A Prometheus histogram keeps a few counters
 * instead: for each upper bound u of a fixed layout, how many observations were ≤ u (the `le`
 * label, "less or equal"), plus the total count and sum. Prometheus scrapes those counters every
 * few seconds; a query subtracts two scrapes to get the last minutes' counts and estimates the
 * 99th percentile by linear interpolation inside the bucket where it falls.
 *
 * Shapes: a layout is a std::vector<double> of finite, strictly increasing upper bounds (the
 * +Inf bucket is implicit); a histogram keeps one count per bound plus the +Inf bucket's; the
 * exposed (cumulative) buckets are a std::vector<bucket> ending with the +Inf bucket.
 *
 * Oracles: Prometheus 2.42's own promtool evaluating `histogram_quantile` over the same buckets
 * (tools/golden/mlops_histogram_quantile.py), the client libraries' bucket layouts, and closed
 * forms.
 *
 * References: Prometheus documentation, "Histograms and summaries" and the `histogram_quantile()`
 * function; promql/quantile.go (bucketQuantile) of Prometheus 2.42; client_golang's
 * `ExponentialBuckets`, `LinearBuckets` and `DefBuckets`.
 *
 * Guide: @ref mlops_02_histogram_quantile (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_MLOPS_02_HISTOGRAM_QUANTILE_HPP
#define LLMLINGS_MLOPS_02_HISTOGRAM_QUANTILE_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include <llmlings/core.hpp>

namespace llmlings {
namespace mlops {

/**
 * @ingroup mlops
 * @brief A histogram as a client library keeps it: one counter per bucket, not yet cumulative.
 *
 * counts[i] is the number of observations v with upper_bounds[i-1] < v ≤ upper_bounds[i]
 * (the first bucket has no lower bound); counts.back() is the +Inf bucket's, the observations
 * above every bound (and NaN). counts.size() == upper_bounds.size() + 1. Make it with
 * make_histogram.
 */
struct histogram {
    std::vector<double> upper_bounds;   ///< finite, strictly increasing (the +Inf bound is implicit)
    std::vector<std::uint64_t> counts;  ///< per bucket, the last one the +Inf bucket
    double sum = 0.0;                   ///< sum of every observed value (`_sum`)
    std::uint64_t count = 0;            ///< number of observations (`_count`)
};

/**
 * @ingroup mlops
 * @brief One exposed bucket: an upper bound and the number of observations ≤ it (cumulative).
 *
 * What a scrape of `/metrics` shows as `name_bucket{le="0.25"} 17`. Counts are doubles, as
 * Prometheus stores every sample (rates and increases are fractional).
 */
struct bucket {
    double upper_bound = 0.0;  ///< the `le` label; +Inf for the last bucket
    double count = 0.0;        ///< observations ≤ upper_bound
};

namespace detail {

// Given: argument checks for the layouts and the buckets.
inline void check_layout(const char* function, const std::vector<double>& bounds) {
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        if (!std::isfinite(bounds[i])) {
            throw invalid_argument(
                function, ::llmlings::detail::concat("upper bound ", i, " is ", bounds[i],
                                                     "; expected finite bounds (the +Inf bucket is implicit)"));
        }
        if (i > 0 && !(bounds[i] > bounds[i - 1])) {
            throw invalid_argument(function,
                                   ::llmlings::detail::concat("upper bounds must increase strictly; bound ", i, " is ",
                                                              bounds[i], " after ", bounds[i - 1]));
        }
    }
}

inline void check_buckets(const char* function, const std::vector<bucket>& buckets) {
    for (std::size_t i = 0; i < buckets.size(); ++i) {
        if (std::isnan(buckets[i].upper_bound) || std::isnan(buckets[i].count)) {
            throw invalid_argument(
                function, ::llmlings::detail::concat("bucket ", i, " holds NaN (upper bound ", buckets[i].upper_bound,
                                                     ", count ", buckets[i].count, "); expected numbers"));
        }
    }
}

inline void check_same_bounds(const char* function, const std::vector<bucket>& earlier,
                              const std::vector<bucket>& later) {
    if (earlier.size() != later.size()) {
        throw shape_error(function, ::llmlings::detail::concat("the two scrapes have ", earlier.size(), " and ",
                                                               later.size(), " buckets; expected the same layout"));
    }
    for (std::size_t i = 0; i < earlier.size(); ++i) {
        if (earlier[i].upper_bound != later[i].upper_bound) {
            throw shape_error(function,
                              ::llmlings::detail::concat("bucket ", i, " has upper bound ", earlier[i].upper_bound,
                                                         " in the earlier scrape and ", later[i].upper_bound,
                                                         " in the later one; expected the same layout"));
        }
    }
}
// End of the given code.

}  // namespace detail

/**
 * @ingroup mlops
 * @brief The default layout of Prometheus' client libraries, in seconds: 5 ms to 10 s.
 *
 * {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10} (client_golang's `DefBuckets`),
 * "tailored to broadly measure the response time of a network service".
 *
 * @return the 11 upper bounds
 *
 * Complexity: O(1). Example: `default_buckets().size()` → `11`.
 */
// Given: a constant.
inline std::vector<double> default_buckets() {
    return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};
}
// End of the given code.

/**
 * @ingroup mlops
 * @brief `count` upper bounds start, start·factor, start·factor², … (client_golang's
 * `ExponentialBuckets`).
 *
 * @f[ u_i = \mathrm{start}\cdot\mathrm{factor}^i, \quad i = 0, \dots, \mathrm{count}-1 @f]
 * Each bound is the previous one times factor (as client_golang computes it), so the relative
 * width of every bucket is the same: suited to latencies, which span orders of magnitude.
 *
 * @param start the first bound (finite, > 0)
 * @param factor the ratio of consecutive bounds (finite, > 1)
 * @param count the number of bounds (≥ 1)
 * @return the bounds, strictly increasing
 * @throws invalid_argument when start ≤ 0 or not finite, factor ≤ 1 or not finite, count is 0,
 * or a bound overflows to +∞
 *
 * Complexity: O(count). Example: `exponential_buckets(0.001, 2, 4)` → `{0.001, 0.002, 0.004, 0.008}`.
 */
inline std::vector<double> exponential_buckets(double start, double factor, std::size_t count) {
    todo("mlops/02_histogram_quantile", "exponential_buckets");
}

/**
 * @ingroup mlops
 * @brief `count` upper bounds start, start + width, start + 2·width, … (client_golang's
 * `LinearBuckets`).
 *
 * @f[ u_i = \mathrm{start} + i\cdot\mathrm{width}, \quad i = 0, \dots, \mathrm{count}-1 @f]
 * computed as start + i·width (not by repeated addition, whose rounding errors accumulate).
 *
 * @param start the first bound (finite; may be ≤ 0)
 * @param width the distance between bounds (finite, > 0)
 * @param count the number of bounds (≥ 1)
 * @return the bounds, strictly increasing
 * @throws invalid_argument when start or width is not finite, width ≤ 0, count is 0, or the
 * bounds stop increasing (a width too small for start's precision)
 *
 * Complexity: O(count). Example: `linear_buckets(-1, 0.5, 4)` → `{-1, -0.5, 0, 0.5}`.
 */
inline std::vector<double> linear_buckets(double start, double width, std::size_t count) {
    todo("mlops/02_histogram_quantile", "linear_buckets");
}

/**
 * @ingroup mlops
 * @brief An empty histogram over a layout: every count 0, sum 0.
 *
 * A trailing +∞ bound is dropped (the +Inf bucket is always there), as client_golang does; an
 * empty layout is allowed (one +Inf bucket: only the count and sum are kept).
 *
 * @param upper_bounds finite, strictly increasing bounds, optionally followed by +∞
 * @return a histogram with upper_bounds.size() + 1 counts (without a trailing +∞)
 * @throws invalid_argument when a bound is NaN or infinite (except a trailing +∞) or the bounds
 * do not increase strictly
 *
 * Complexity: O(bounds). Example: `make_histogram({0.1, 0.5}).counts` → `{0, 0, 0}`.
 */
inline histogram make_histogram(std::vector<double> upper_bounds) {
    todo("mlops/02_histogram_quantile", "make_histogram");
}

/**
 * @ingroup mlops
 * @brief Records one value: the first bucket whose upper bound is ≥ value counts it.
 *
 * Buckets are "less or equal": a value equal to a bound belongs to that bound's bucket. A value
 * above every bound goes to the +Inf bucket. The bucket is found by binary search
 * (std::lower_bound), O(log b), which matters on a hot path: a server observes every request.
 * count grows by one and sum by the value. NaN, like in the client libraries, is counted in the
 * +Inf bucket and makes the sum NaN (NaN in, NaN out: it is not hidden).
 *
 * @param h a histogram from make_histogram
 * @param value the observation (any double)
 * @throws shape_error when h.counts.size() != h.upper_bounds.size() + 1 (not made by make_histogram)
 *
 * Complexity: O(log b). Example: after `observe(h, 0.1)` on bounds {0.1, 0.5}, counts are `{1, 0, 0}`.
 */
inline void observe(histogram& h, double value) {
    todo("mlops/02_histogram_quantile", "observe");
}

/**
 * @ingroup mlops
 * @brief The buckets as a scrape exposes them: cumulative counts, ending with the +Inf bucket.
 *
 * @f[ c_i = \sum_{j \le i} \mathrm{counts}_j @f]
 * so the +Inf bucket's count equals h.count (`name_bucket{le="+Inf"}` == `name_count`).
 *
 * @param h a histogram from make_histogram
 * @return upper_bounds.size() + 1 buckets, the last one with upper bound +∞
 * @throws shape_error when h.counts.size() != h.upper_bounds.size() + 1
 *
 * Complexity: O(b). Example: counts {1, 2, 3} on bounds {0.1, 0.5} → `{{0.1, 1}, {0.5, 3}, {+Inf, 6}}`.
 */
inline std::vector<bucket> cumulative_buckets(const histogram& h) {
    todo("mlops/02_histogram_quantile", "cumulative_buckets");
}

/**
 * @ingroup mlops
 * @brief What each bucket counted between two scrapes, with Prometheus' counter-reset rule.
 *
 * A bucket's counter only grows while the server runs; when the server restarts it starts again
 * at 0. So, per bucket (each bucket is its own time series in Prometheus):
 * @f[ \Delta_i = \begin{cases} \mathrm{later}_i - \mathrm{earlier}_i & \text{if } \mathrm{later}_i \ge \mathrm{earlier}_i \\
 *     \mathrm{later}_i & \text{otherwise (a reset: everything since the restart is new)} \end{cases} @f]
 * This is `increase(name_bucket[w])` over exactly two samples, without the extrapolation to the
 * window's edges that Prometheus adds. Feed the result to histogram_quantile for "the p99 of the
 * last five minutes".
 *
 * @param earlier the buckets of the first scrape
 * @param later the buckets of the second scrape, same upper bounds in the same order
 * @return one bucket per input bucket, same bounds, the increases as counts
 * @throws shape_error when the two scrapes differ in length or in a bound
 * @throws invalid_argument when a bound or a count is NaN
 *
 * Complexity: O(b). Example: earlier {{1, 3}, {+Inf, 5}}, later {{1, 4}, {+Inf, 9}} → `{{1, 1}, {+Inf, 4}}`;
 * later {{1, 2}, {+Inf, 2}} (a restart) → `{{1, 2}, {+Inf, 2}}`.
 */
inline std::vector<bucket> bucket_increase(const std::vector<bucket>& earlier, const std::vector<bucket>& later) {
    todo("mlops/02_histogram_quantile", "bucket_increase");
}

namespace detail {

/// Sorts by upper bound, merges equal bounds (adding their counts) and lifts every count to at
/// least the one before it (Prometheus' coalesceBuckets and ensureMonotonic).
inline std::vector<bucket> normalized_buckets(std::vector<bucket> buckets) {
    todo("mlops/02_histogram_quantile", "normalized_buckets");
}

}  // namespace detail

/**
 * @ingroup mlops
 * @brief The φ-quantile estimated from cumulative buckets, exactly as Prometheus'
 * `histogram_quantile(φ, buckets)` computes it (promql/quantile.go, Prometheus 2.42).
 *
 * After sorting the buckets by bound, merging equal bounds and making the counts monotonic
 * (detail::normalized_buckets), with n the +Inf bucket's count, the rank is r = φ·n and b the first
 * bucket whose count is ≥ r. Inside it the observations are assumed spread evenly:
 * @f[ \hat q = u_{b-1} + (u_b - u_{b-1})\,\frac{r - c_{b-1}}{c_b - c_{b-1}} @f]
 * with u₋₁ = 0 and c₋₁ = 0 for the first bucket (a natural lower bound of 0: latencies are
 * positive). Special cases, in Prometheus' order:
 * - φ NaN → NaN; φ < 0 → −∞; φ > 1 → +∞;
 * - the highest bucket is not +Inf (or there is none) → NaN;
 * - fewer than two buckets after merging → NaN; no observations (n = 0) → NaN;
 * - r falls in the +Inf bucket → the highest finite bound (the histogram cannot say more);
 * - r falls in the first bucket and its bound is ≤ 0 → that bound (no lower bound to interpolate
 *   from).
 *
 * The estimate is only as good as the layout: within a bucket, any value is as likely as the
 * interpolated one. The bucket may be dozens of milliseconds wide.
 *
 * @param phi the quantile, in [0, 1] (0.99 for p99); outside it the result is ±∞, as in PromQL
 * @param buckets cumulative buckets in any order (a scrape, or bucket_increase of two)
 * @return the estimate, or NaN / ±∞ in the special cases above
 * @throws invalid_argument when a bound or a count is NaN
 *
 * Complexity: O(b log b). Example: buckets {{0.1, 1}, {0.3, 4}, {+Inf, 7}}, φ = 0.37: r = 2.59
 * falls in (0.1, 0.3], which holds 3 of them, 1.59 past its start → 0.1 + 0.2·1.59/3 = `0.206`.
 */
inline double histogram_quantile(double phi, const std::vector<bucket>& buckets) {
    todo("mlops/02_histogram_quantile", "histogram_quantile");
}

/**
 * @ingroup mlops
 * @brief The fraction of observations ≤ a threshold, interpolated as histogram_quantile does:
 * its inverse, for "what share of requests met the 300 ms objective?".
 *
 * With the buckets normalised as in histogram_quantile and n the +Inf count:
 * @f[ F(x) = \frac{c_{b-1} + (c_b - c_{b-1})\,\frac{x - u_{b-1}}{u_b - u_{b-1}}}{n} @f]
 * for the bucket b with u_{b−1} < x ≤ u_b, where the first bucket starts at 0 when its bound is
 * > 0. Edges: x at or above the highest finite bound → c(highest finite)/n, except x = +∞ → 1
 * (the +Inf bucket has no width to interpolate in); x below the first bucket's start → 0;
 * a first bucket whose bound is ≤ 0 counts whole once x reaches its bound. At a bucket bound the
 * result is exact: F(u_i) = c_i / n, Prometheus' recommended SLO query
 * `rate(x_bucket{le="0.3"}) / rate(x_count)`.
 *
 * @param threshold the value x (not NaN)
 * @param buckets cumulative buckets in any order, ending (after sorting) with +Inf
 * @return the fraction in [0, 1], or NaN when there is no observation, no +Inf bucket or fewer
 * than two buckets (as histogram_quantile)
 * @throws invalid_argument when threshold is NaN, or a bound or a count is NaN
 *
 * Complexity: O(b log b). Example: buckets {{0.1, 1}, {0.3, 4}, {+Inf, 7}}: `fraction_at_most(0.206, …)` → `0.37`;
 * `fraction_at_most(0.3, …)` → `4/7`.
 */
inline double fraction_at_most(double threshold, const std::vector<bucket>& buckets) {
    todo("mlops/02_histogram_quantile", "fraction_at_most");
}

}  // namespace mlops
}  // namespace llmlings

#endif  // LLMLINGS_MLOPS_02_HISTOGRAM_QUANTILE_HPP
