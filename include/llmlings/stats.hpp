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

#endif  // LLMLINGS_STATS_HPP
