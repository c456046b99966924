// SPDX-License-Identifier: MIT
// The oracles of tests/stats/03_sampling.cpp, compiled once in oracles/03_sampling.cpp (never with
// the learner's file): the goodness-of-fit statistics (Kolmogorov–Smirnov against an exact cdf,
// Pearson's chi-square), the exact normal and exponential cdfs (the sample moments are
// common/oracles.hpp's). Each takes and returns plain containers, so the test file instantiates no
// expression of its own.
#ifndef LLMLINGS_TESTS_STATS_ORACLES_03_SAMPLING_HPP
#define LLMLINGS_TESTS_STATS_ORACLES_03_SAMPLING_HPP

#include <cstddef>
#include <vector>

#include <llmlings/core.hpp>

#include "common/oracles.hpp"

namespace oracles {

using llmlings::vector;

/// The standard normal cdf Φ(x) = erfc(−x/√2)/2 by the C library (independent of stats/02).
double phi(double x);
/// Φ((x + 3)/0.5), the cdf of N(−3, 0.5²).
double phi_minus_3_half(double x);
/// 1 − e^{−x/2}, the cdf of chi-square(2) (exponential with mean 2).
double chi2_2_cdf(double x);
/// 1 − e^{−2x}, the cdf of the exponential with rate 2.
double exponential_rate_2_cdf(double x);

/// Kolmogorov–Smirnov statistic D = sup |F_n(x) − F(x)| of a sample against a continuous cdf F.
double ks_statistic(const vector& sample, double (*cdf)(double));
/// The 0.1 % critical value of D for large n (Kolmogorov's limit distribution: K_0.999 = 1.9495).
double ks_critical(std::size_t n);
/// Pearson's statistic Σ (observed − expected)² / expected.
double chi_square_statistic(const std::vector<double>& observed, const std::vector<double>& expected);

/// The smallest and largest element.
double smallest(const vector& x);
double largest(const vector& x);
/// n elements, all zero.
vector zeros(std::size_t n);
/// 0, 1.5, 3, …, 1.5 (n − 1).
vector multiples_of_one_and_a_half(std::size_t n);
/// The values of x in increasing order.
std::vector<double> sorted_copy(const vector& x);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_STATS_ORACLES_03_SAMPLING_HPP
