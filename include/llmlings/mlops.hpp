// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The mlops module in one include: drift statistics, latency histograms and their quantiles,
 * content-addressed artifacts, the promotion gate.
 */
#ifndef LLMLINGS_MLOPS_HPP
#define LLMLINGS_MLOPS_HPP

/**
 * @defgroup mlops mlops — the engineer's end
 * @brief Weeks 29–36: data drift (PSI, Kolmogorov–Smirnov), latency quantiles from Prometheus
 * histograms, SHA-256 content addressing, McNemar's test and the promotion gate.
 */

#include <llmlings/mlops/01_drift.hpp>
#include <llmlings/mlops/02_histogram_quantile.hpp>
#include <llmlings/mlops/03_content_addressing.hpp>
#include <llmlings/mlops/04_promotion_gate.hpp>

#endif  // LLMLINGS_MLOPS_HPP
