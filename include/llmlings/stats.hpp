// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The stats module in one include: descriptive statistics, distributions, sampling,
 * Bayesian updates, estimation and hypothesis tests.
 */
#ifndef LLMLINGS_STATS_HPP
#define LLMLINGS_STATS_HPP

/**
 * @defgroup stats stats — probability and statistics
 * @brief Weeks 5–6: describing data, modelling uncertainty, and deciding from samples.
 */

#include <llmlings/stats/01_descriptive.hpp>
#include <llmlings/stats/02_distributions.hpp>
#include <llmlings/stats/03_sampling.hpp>
#include <llmlings/stats/04_bayes.hpp>
#include <llmlings/stats/05_estimation.hpp>
#include <llmlings/stats/06_hypothesis_tests.hpp>
#include <llmlings/stats/07_eda.hpp>

#endif  // LLMLINGS_STATS_HPP
