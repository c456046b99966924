// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief mlops/01 — data drift: the Population Stability Index (PSI) over equal-frequency bins of
 * a reference sample, the two-sample Kolmogorov–Smirnov (KS) statistic and its asymptotic
 * p-value, and a monitor that runs both on one input feature.
 *
 * Shapes: a sample is a vector (n) of one feature's values (the mean pixel intensity of each
 * image, a customer's age, a request's latency); the reference sample is what the model was
 * trained on, the current sample what it serves now. Bin edges are a vector (k) and counts an
 * index_vector (k + 1).
 *
 * Both statistics ask "do these two samples come from the same distribution?" without any
 * labels, which is what a production monitor has (Evidently's data drift report, WhyLabs,
 * SageMaker Model Monitor, NannyML). PSI, a credit-scoring habit, measures *how much* the
 * distribution moved, with rule-of-thumb thresholds (0.1, 0.25); KS tests *whether* it moved at
 * all, and with enough data it notices any move, however small.
 *
 * What this file deliberately is not: the exact small-sample KS distribution (SciPy's
 * ks_2samp default), one-sided KS tests, drift of categorical features (the chi-square test of
 * stats/06), multivariate drift, or corrections for testing many features at once.
 *
 * References: B. Yurdakul (2018), "Statistical properties of population stability index", PhD
 * thesis, Western Michigan University; N. Smirnov (1948), "Table for estimating the goodness of
 * fit of empirical distributions", Ann. Math. Statist. 19; W. Feller (1948), "On the
 * Kolmogorov–Smirnov limit theorems for empirical distributions", Ann. Math. Statist. 19 (the two
 * series of the Kolmogorov distribution); SciPy's scipy.special.kolmogorov and
 * scipy.stats.ks_2samp, which the tests compare with.
 *
 * Guide: @ref mlops_01_drift (the production situation and the math) and @ref cpp_guide (the C++
 * used here).
 */
#ifndef LLMLINGS_MLOPS_01_DRIFT_HPP
#define LLMLINGS_MLOPS_01_DRIFT_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>
#include <llmlings/stats/01_descriptive.hpp>
#include <llmlings/stats/06_hypothesis_tests.hpp>

namespace llmlings {
namespace mlops {

/**
 * @ingroup mlops
 * @brief The settings of detect_drift(): the bins of PSI and the two alert thresholds.
 */
struct drift_options {
    std::size_t bins = 10;       ///< equal-frequency bins of the reference (deciles), ≥ 2
    double psi_threshold = 0.2;  ///< alert when PSI exceeds it; finite and > 0 (0.1–0.25 are common)
    double alpha = 0.01;         ///< alert when the KS p-value is below it; in (0, 1)
    double epsilon = 1e-4;       ///< the floor of a bin's proportion in psi(); finite, in (0, 1)
};

/**
 * @ingroup mlops
 * @brief What detect_drift() found: both statistics, the verdict and the histograms behind PSI.
 */
struct drift_report {
    double psi = 0.0;               ///< PSI of the current sample against the reference's bins
    double ks_statistic = 0.0;      ///< D, the largest gap between the two empirical cdfs
    double p_value = 1.0;           ///< the asymptotic KS p-value of D
    bool drifted = false;           ///< psi > psi_threshold or p_value < alpha
    vector edges;                   ///< the inner bin edges from the reference's quantiles
    index_vector reference_counts;  ///< the reference's values per bin (edges.size() + 1)
    index_vector current_counts;    ///< the current sample's values per bin
};

namespace detail {

// Given: the checks every function makes (you call them; they are not the exercise).

/**
 * @brief Throws invalid_argument naming `function` when `x` holds a NaN or, if `finite`, ±∞;
 * the message names the sample and the index.
 *
 * @param function the public function, for the message
 * @param name the sample's name in the message ("reference", "x", "a", ...)
 * @param x the sample
 * @param finite whether ±∞ are rejected too
 */
inline void drift_check_values(const char* function, const char* name, const vector& x, bool finite) {
    for (std::size_t i = 0; i < x.size(); ++i)
        if (std::isnan(x(i)) || (finite && std::isinf(x(i))))
            throw invalid_argument(
                function,
                ::llmlings::detail::concat("the ", name, " sample holds ", x(i), " at index ", i,
                                           finite ? ": expected finite values" : ": NaN has no place in an order"));
}

/**
 * @brief Throws invalid_argument naming `function` when the sample `x` is empty, holds a NaN or,
 * if `finite`, ±∞.
 *
 * @param function the public function, for the message
 * @param name the sample's name in the message
 * @param x the sample
 * @param finite whether ±∞ are rejected too
 */
inline void drift_check_sample(const char* function, const char* name, const vector& x, bool finite) {
    if (x.size() == 0)
        throw invalid_argument(
            function, ::llmlings::detail::concat("the ", name, " sample is empty: expected at least one value"));
    drift_check_values(function, name, x, finite);
}

/// Throws invalid_argument naming `function` and the parameter `name` unless bins ≥ 2.
inline void drift_check_bins(const char* function, const char* name, std::size_t bins) {
    if (bins < 2) throw invalid_argument(function, ::llmlings::detail::concat(name, " must be >= 2, got ", bins));
}

/// Throws invalid_argument naming `function` unless the edges are finite and strictly increasing.
inline void drift_check_edges(const char* function, const vector& edges) {
    for (std::size_t i = 0; i < edges.size(); ++i) {
        if (!std::isfinite(edges(i)))
            throw invalid_argument(
                function, ::llmlings::detail::concat("the edges must be finite, got ", edges(i), " at index ", i));
        if (i > 0 && !(edges(i) > edges(i - 1)))
            throw invalid_argument(
                function, ::llmlings::detail::concat("the edges must be strictly increasing, got ", edges(i), " after ",
                                                     edges(i - 1), " at index ", i));
    }
}

/// Throws invalid_argument naming `function` and the parameter `name` unless ε is finite and in (0, 1).
inline void drift_check_epsilon(const char* function, const char* name, double epsilon) {
    if (!(epsilon > 0.0 && epsilon < 1.0))
        throw invalid_argument(function,
                               ::llmlings::detail::concat(name, " must be finite and in (0, 1), got ", epsilon));
}

/**
 * @brief Throws unless two count vectors describe the same, non-empty bins and each has a total
 * above 0.
 *
 * @param function the public function, for the message
 * @param expected the reference's counts
 * @param actual the current sample's counts
 * @throws shape_error when the lengths differ
 * @throws invalid_argument when there is no bin or a total is 0
 */
inline void drift_check_counts(const char* function, const index_vector& expected, const index_vector& actual) {
    if (expected.size() != actual.size())
        throw shape_error(function, ::llmlings::detail::concat("the count vectors differ in length: ", expected.size(),
                                                               " vs ", actual.size(), " bins"));
    if (expected.size() == 0) throw invalid_argument(function, "expected at least one bin, got none");
    std::size_t total_expected = 0, total_actual = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        total_expected += expected(i);
        total_actual += actual(i);
    }
    if (total_expected == 0)
        throw invalid_argument(function, "the expected counts sum to 0: proportions need at least one value");
    if (total_actual == 0)
        throw invalid_argument(function, "the actual counts sum to 0: proportions need at least one value");
}

/// Throws invalid_argument naming `function` unless λ ≥ 0 (NaN fails too; +∞ is allowed).
inline void drift_check_lambda(const char* function, double lambda) {
    if (!(lambda >= 0.0))
        throw invalid_argument(function, ::llmlings::detail::concat("lambda must be >= 0, got ", lambda));
}

/// Throws invalid_argument naming `function` and the option unless every field of `options` is valid.
inline void drift_check_options(const char* function, const drift_options& options) {
    drift_check_bins(function, "options.bins", options.bins);
    if (!(options.psi_threshold > 0.0) || !std::isfinite(options.psi_threshold))
        throw invalid_argument(
            function,
            ::llmlings::detail::concat("options.psi_threshold must be finite and > 0, got ", options.psi_threshold));
    if (!(options.alpha > 0.0 && options.alpha < 1.0))
        throw invalid_argument(function,
                               ::llmlings::detail::concat("options.alpha must be in (0, 1), got ", options.alpha));
    drift_check_epsilon(function, "options.epsilon", options.epsilon);
}

// End of the given code.

}  // namespace detail

/**
 * @ingroup mlops
 * @brief The inner edges of `bins` equal-frequency bins of the reference sample: its quantiles at
 * k/bins, k = 1 … bins − 1, with repeated values dropped.
 *
 * @f[ e_k = Q_\text{ref}\!\left(\tfrac{k}{B}\right), \quad k = 1, \dots, B-1 @f]
 * with Q stats::quantile (NumPy's default linear interpolation). The bins (−∞, e₁], (e₁, e₂], …,
 * (e_{B−1}, +∞) then hold about n/B reference values each: deciles for B = 10. Equal-frequency
 * bins follow the data where it is dense, so no bin of the reference is nearly empty (equal-width
 * bins over a skewed feature leave most of them so), which keeps PSI's logarithms tame.
 *
 * Ties: a reference with many equal values (a constant, a feature that is mostly 0) gives equal
 * quantiles; keeping one of each makes the edges strictly increasing, and there are fewer bins:
 * a constant reference has one edge and two bins.
 *
 * @param reference vector (n), n ≥ 1, finite values (the training sample of one feature)
 * @param bins B ≥ 2, the number of bins before ties are merged (default 10)
 * @return vector (k), 1 ≤ k ≤ B − 1, strictly increasing
 * @throws invalid_argument when bins < 2, the reference is empty or holds a NaN or ±∞; the
 *         message names quantile_edges, the sample and the index: `quantile_edges: the reference
 *         sample holds nan at index 2: expected finite values`
 *
 * Complexity: O(B·n): each quantile is one O(n) selection (stats::quantile). Example:
 * `quantile_edges({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 4)` → `{3.25, 5.5, 7.75}`;
 * `quantile_edges({0, 0, 0, 0, 0, 0, 0, 1, 2, 3}, 4)` → `{0, 0.75}` (the quantiles 0, 0, 0.75).
 */
inline vector quantile_edges(const vector& reference, std::size_t bins = 10) {
    detail::drift_check_bins("quantile_edges", "bins", bins);
    detail::drift_check_sample("quantile_edges", "reference", reference, true);
    std::vector<double> edges;
    edges.reserve(bins - 1);
    for (std::size_t k = 1; k < bins; ++k) {
        const double edge = stats::quantile(reference, static_cast<double>(k) / static_cast<double>(bins));
        if (edges.empty() || edge > edges.back()) edges.push_back(edge);
    }
    vector out = xt::empty<double>({edges.size()});
    std::copy(edges.begin(), edges.end(), out.begin());
    return out;
}

/**
 * @ingroup mlops
 * @brief How many values of x fall in each bin: bin i holds the values v with e_{i−1} < v ≤ e_i.
 *
 * @f[ \text{bin}(v) = \#\{\, i : e_i < v \,\} \in \{0, \dots, k\} @f]
 * The bins are (−∞, e₀], (e₀, e₁], …, (e_{k−1}, +∞): closed on the right, so a value equal to an
 * edge goes to the lower bin. That is NumPy's `np.searchsorted(edges, v, side="left")` (and
 * `std::lower_bound`); `np.histogram` and `np.digitize` close their bins on the left instead,
 * which moves every tie, and with integer features ties are everywhere. Values below the first
 * edge or above the last, −∞ and +∞ included, land in the two end bins.
 *
 * @param edges vector (k), finite and strictly increasing (from quantile_edges(); k = 0 is one bin)
 * @param x vector (n), no NaN; may be empty
 * @return index_vector (k + 1), summing to n
 * @throws invalid_argument when an edge is not finite or not above the one before it, or x holds
 *         a NaN; the message names bin_counts and the index: `bin_counts: the x sample holds nan
 *         at index 1: NaN has no place in an order`
 *
 * Complexity: O(n log k), a binary search per value. Example:
 * `bin_counts({1, 2}, {0.5, 1, 1.5, 2, 9})` → `{2, 2, 1}` (1 and 2 are ties at the edges).
 */
inline index_vector bin_counts(const vector& edges, const vector& x) {
    detail::drift_check_edges("bin_counts", edges);
    detail::drift_check_values("bin_counts", "x", x, false);
    index_vector counts = xt::zeros<std::size_t>({edges.size() + 1});
    for (std::size_t i = 0; i < x.size(); ++i) {
        const auto below = std::lower_bound(edges.begin(), edges.end(), x(i)) - edges.begin();
        ++counts(static_cast<std::size_t>(below));
    }
    return counts;
}

/**
 * @ingroup mlops
 * @brief The Population Stability Index of two histograms over the same bins: how far the
 * current proportions moved from the expected (reference) ones.
 *
 * @f[ p_i = \max\!\Big(\frac{e_i}{\sum_j e_j}, \varepsilon\Big), \quad
 *     q_i = \max\!\Big(\frac{a_i}{\sum_j a_j}, \varepsilon\Big), \quad
 *     \mathrm{PSI} = \sum_i (q_i - p_i) \ln\frac{q_i}{p_i} @f]
 * Each term is ≥ 0 (q − p and ln(q/p) have the same sign), so PSI ≥ 0, with 0 only for equal
 * proportions; swapping the two histograms gives the same value. PSI is the symmetrised
 * Kullback–Leibler divergence KL(q‖p) + KL(p‖q) of the binned distributions.
 *
 * An empty bin would make a logarithm infinite: its proportion is raised to ε, without
 * renormalising the others (Evidently replaces an empty bin's 0 by 1e-4 the same way), and then
 * dominates the sum — a bin that the reference never saw but that now holds 20 % of the traffic
 * contributes 0.2 ln(0.2/ε) ≈ 1.5.
 * Rule of thumb: PSI < 0.1 no change, 0.1–0.25 a moderate change, > 0.25 a significant one.
 *
 * @param expected index_vector (k), the reference's counts, k ≥ 1, total > 0
 * @param actual index_vector (k), the current sample's counts over the same bins, total > 0
 * @param epsilon ε, the floor of a proportion, finite and in (0, 1) (default 1e-4)
 * @return PSI ≥ 0
 * @throws shape_error when the lengths differ: `psi: the count vectors differ in length: 3 vs 2 bins`
 * @throws invalid_argument when there is no bin, a total is 0 or ε ∉ (0, 1)
 *
 * Complexity: O(k). Example: `psi({1, 1}, {1, 3})` → `0.27465` (p = ½, ½ and q = ¼, ¾:
 * −¼ ln ½ + ¼ ln 3/2 = ¼ ln 3).
 */
inline double psi(const index_vector& expected, const index_vector& actual, double epsilon = 1e-4) {
    detail::drift_check_counts("psi", expected, actual);
    detail::drift_check_epsilon("psi", "epsilon", epsilon);
    double total_expected = 0.0, total_actual = 0.0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        total_expected += static_cast<double>(expected(i));
        total_actual += static_cast<double>(actual(i));
    }
    double sum = 0.0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const double p = std::max(static_cast<double>(expected(i)) / total_expected, epsilon);
        const double q = std::max(static_cast<double>(actual(i)) / total_actual, epsilon);
        sum += (q - p) * std::log(q / p);
    }
    return sum;
}

/**
 * @ingroup mlops
 * @brief The two-sample Kolmogorov–Smirnov statistic: the largest vertical gap between the
 * empirical cdfs of a and b.
 *
 * @f[ D = \sup_x \lvert F_a(x) - F_b(x) \rvert, \qquad
 *     F_a(x) = \frac{\#\{i : a_i \le x\}}{n}, \quad F_b(x) = \frac{\#\{j : b_j \le x\}}{m} @f]
 * Both cdfs are step functions that only jump at data values, so the supremum is reached at one
 * of them. Sort copies of both samples and walk them together like the merge of merge sort; at
 * each distinct value v, step *both* cdfs past every copy of v before comparing — stepping over
 * one copy at a time compares a half-taken jump, which with ties (integer features, repeated
 * values) reports gaps that do not exist. D = 0 for equal samples, 1 when every value of one
 * lies below every value of the other. Equals `scipy.stats.ks_2samp(a, b).statistic`.
 *
 * @param a vector (n), n ≥ 1, no NaN (±∞ are values like any other)
 * @param b vector (m), m ≥ 1, no NaN
 * @return D in [0, 1]
 * @throws invalid_argument when a sample is empty or holds a NaN; the message names
 *         ks_statistic, the sample and the index: `ks_statistic: the b sample holds nan at index
 *         0: NaN has no place in an order`
 *
 * Complexity: O((n + m) log(n + m)) for the sorts, then one O(n + m) walk. Example:
 * `ks_statistic({1, 2, 2, 3}, {2, 2, 2, 4})` → `0.25` (at x = 1: ¼ − 0; at 2: ¾ − ¾; at 3: 1 − ¾).
 */
inline double ks_statistic(const vector& a, const vector& b) {
    detail::drift_check_sample("ks_statistic", "a", a, false);
    detail::drift_check_sample("ks_statistic", "b", b, false);
    std::vector<double> x(a.begin(), a.end()), y(b.begin(), b.end());
    std::sort(x.begin(), x.end());
    std::sort(y.begin(), y.end());
    const double n = static_cast<double>(x.size()), m = static_cast<double>(y.size());
    std::size_t i = 0, j = 0;
    double d = 0.0;
    while (i < x.size() && j < y.size()) {
        const double v = std::min(x[i], y[j]);
        while (i < x.size() && x[i] == v) ++i;
        while (j < y.size() && y[j] == v) ++j;
        d = std::max(d, std::fabs(static_cast<double>(i) / n - static_cast<double>(j) / m));
    }
    return d;
}

/**
 * @ingroup mlops
 * @brief The survival function of the Kolmogorov distribution, Q(λ) = P(K > λ): the limit of
 * the KS p-value as the samples grow.
 *
 * @f[ Q(\lambda) = 2 \sum_{k=1}^{\infty} (-1)^{k-1} e^{-2k^2\lambda^2}
 *               = 1 - \frac{\sqrt{2\pi}}{\lambda} \sum_{k=1}^{\infty} e^{-(2k-1)^2\pi^2/(8\lambda^2)} @f]
 * Both series are exact (Feller 1948); each is fast where the other is slow. For large λ the
 * first converges at once (λ = 1: the terms are e^{−2}, e^{−8}, e^{−18}, …); for small λ its terms
 * barely shrink and cancel each other, while in the second they vanish (λ = 0.5: e^{−4.9},
 * e^{−44}, …). So use the second below λ = 1 and the first from 1 on, and add terms until the
 * next one no longer changes the sum. For λ ≤ 0.04, e^{−π²/(8λ²)} underflows and Q = 1 in double.
 * The 5 % critical value: Q(1.358) = 0.05. SciPy: `scipy.special.kolmogorov`.
 *
 * @param lambda λ ≥ 0; +∞ gives 0
 * @return Q(λ) in [0, 1], to about 1e-15 relative
 * @throws invalid_argument when λ is NaN or negative: `kolmogorov_sf: lambda must be >= 0, got -1`
 *
 * Complexity: at most 5 exponentials (the terms that still change the sum). Example:
 * `kolmogorov_sf(1)` → `0.2699997`; `kolmogorov_sf(0.5)` → `0.9639452`; `kolmogorov_sf(2)` →
 * `0.000670925`.
 */
inline double kolmogorov_sf(double lambda) {
    detail::drift_check_lambda("kolmogorov_sf", lambda);
    const double pi = 3.141592653589793;
    if (lambda <= 0.04) return 1.0;
    if (lambda < 1.0) {
        double sum = 0.0;
        for (int k = 1; k <= 20; ++k) {
            const double odd = 2.0 * k - 1.0;
            const double term = std::exp(-odd * odd * pi * pi / (8.0 * lambda * lambda));
            sum += term;
            if (term <= 1e-17 * sum) break;
        }
        return 1.0 - std::sqrt(2.0 * pi) / lambda * sum;
    }
    double sum = 0.0, sign = 1.0;
    for (int k = 1; k <= 20; ++k) {
        const double term = std::exp(-2.0 * k * k * lambda * lambda);
        sum += sign * term;
        if (term <= 1e-17 * sum) break;
        sign = -sign;
    }
    return 2.0 * sum;
}

/**
 * @ingroup mlops
 * @brief The asymptotic two-sample Kolmogorov–Smirnov test of H₀: a and b come from the same
 * continuous distribution.
 *
 * @f[ D = \sup_x \lvert F_a(x) - F_b(x) \rvert, \qquad n_e = \frac{n\,m}{n + m}, \qquad
 *     p = Q\big(\sqrt{n_e}\, D\big) @f]
 * Under H₀, √n_e·D tends to the Kolmogorov distribution whatever the data's distribution is
 * (Smirnov 1939), so p = kolmogorov_sf(√n_e D), clamped to [0, 1]. n_e, the *effective sample
 * size*, is what a two-sample comparison is worth in one-sample terms: n_e = n/2 for two samples
 * of n, and about m when the reference is far larger than the current sample m. It goes in the
 * dof field (it is not a degree of freedom, but it is the parameter of the null distribution).
 *
 * How this differs from SciPy: `scipy.stats.ks_2samp(a, b)` has the same statistic, but its
 * default p-value is exact for small samples (method="auto": exact when n, m ≤ 10000), and its
 * method="asymp" uses the one-sample finite-n distribution `kstwo(round(n_e))`. Both are closer
 * for small samples; for the thousands of values a monitor compares they all agree. The p-value
 * here is `scipy.special.kolmogorov(sqrt(n_e) * D)`. With ties (discrete data) the test is
 * conservative: p is too large.
 *
 * @param a vector (n), n ≥ 1, no NaN (the reference sample)
 * @param b vector (m), m ≥ 1, no NaN (the current sample)
 * @return {D, n_e, p}
 * @throws invalid_argument when a sample is empty or holds a NaN; the message names ks_test
 *
 * Complexity: O((n + m) log(n + m)). Example: `ks_test({1, 2, 3}, {4, 5})` → `{1, 1.2, 0.1813}`
 * (λ = √1.2 = 1.0954); `ks_test({1, 2, 2, 3}, {2, 2, 2, 4})` → `{0.25, 2, 0.99963}` (λ = 0.354).
 */
inline stats::test_result ks_test(const vector& a, const vector& b) {
    detail::drift_check_sample("ks_test", "a", a, false);
    detail::drift_check_sample("ks_test", "b", b, false);
    const double d = ks_statistic(a, b);
    const double n = static_cast<double>(a.size()), m = static_cast<double>(b.size());
    const double effective = n * m / (n + m);
    const double p = std::min(1.0, std::max(0.0, kolmogorov_sf(std::sqrt(effective) * d)));
    return {d, effective, p};
}

/**
 * @ingroup mlops
 * @brief A drift monitor for one feature: PSI of the current sample over the reference's
 * equal-frequency bins, and the KS test of the two samples; drift when either crosses its
 * threshold.
 *
 * Steps: edges = quantile_edges(reference, bins); reference_counts and current_counts =
 * bin_counts() of each sample over those edges; psi = psi(reference_counts, current_counts,
 * epsilon); {ks_statistic, p_value} from ks_test(reference, current); and
 * @f[ \text{drifted} = (\mathrm{PSI} > \tau) \lor (p < \alpha) @f]
 * with τ = options.psi_threshold and α = options.alpha.
 * With large samples the KS test flags shifts far too small to matter (at n = m = 100 000 a shift
 * of 0.02 standard deviations gives p ≈ 0.003 and PSI ≈ 0.0004): raise alpha's bar (a smaller
 * alpha) or watch PSI alone where that happens. Drift of an input is not a drop in accuracy
 * either: it says "look", not "retrain".
 *
 * @param reference vector (n), n ≥ 1, finite values (the training sample)
 * @param current vector (m), m ≥ 1, no NaN (±∞ land in the end bins)
 * @param options bins ≥ 2, psi_threshold finite and > 0, alpha in (0, 1), epsilon finite in (0, 1)
 * @return the drift_report: psi, ks_statistic, p_value, drifted, edges and both histograms
 * @throws invalid_argument naming detect_drift and the option or sample when an option is out of
 *         range, a sample is empty, the reference holds a NaN or ±∞, or the current sample a NaN:
 *         `detect_drift: options.alpha must be in (0, 1), got 1.5`
 *
 * Complexity: O(bins·n + (n + m) log(n + m)). Example: reference {1, 2, …, 10}, current {5, 6, 7,
 * 8, 8, 9, 10, 11, 12, 13}, bins = 4 → edges {3.25, 5.5, 7.75}, counts {3, 2, 2, 3} and
 * {0, 1, 2, 7}, PSI = 2.809 (the empty first bin, floored at 1e-4, gives 2.401 of it), D = 0.4,
 * p = 0.4005, drifted (by PSI).
 */
inline drift_report detect_drift(const vector& reference, const vector& current, const drift_options& options = {}) {
    detail::drift_check_options("detect_drift", options);
    detail::drift_check_sample("detect_drift", "reference", reference, true);
    detail::drift_check_sample("detect_drift", "current", current, false);
    drift_report report;
    report.edges = quantile_edges(reference, options.bins);
    report.reference_counts = bin_counts(report.edges, reference);
    report.current_counts = bin_counts(report.edges, current);
    report.psi = psi(report.reference_counts, report.current_counts, options.epsilon);
    const stats::test_result ks = ks_test(reference, current);
    report.ks_statistic = ks.statistic;
    report.p_value = ks.p_value;
    report.drifted = report.psi > options.psi_threshold || report.p_value < options.alpha;
    return report;
}

}  // namespace mlops
}  // namespace llmlings

#endif  // LLMLINGS_MLOPS_01_DRIFT_HPP
