// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The ml module in one include: preprocessing, regression, classification, clustering,
 * model selection, dimensionality reduction and anomaly detection.
 */
#ifndef LLMLINGS_ML_HPP
#define LLMLINGS_ML_HPP

/**
 * @defgroup ml ml — classical machine learning
 * @brief Weeks 5–8: the first real models, trained and evaluated on real data.
 */

#include <llmlings/ml/01_preprocessing.hpp>
#include <llmlings/ml/02_linear_regression.hpp>
#include <llmlings/ml/03_logistic_regression.hpp>
#include <llmlings/ml/04_metrics.hpp>
#include <llmlings/ml/05_knn.hpp>
#include <llmlings/ml/06_kmeans.hpp>
#include <llmlings/ml/07_trees.hpp>
#include <llmlings/ml/08_model_selection.hpp>
#include <llmlings/ml/09_pca.hpp>
#include <llmlings/ml/10_anomaly_detection.hpp>
#include <llmlings/ml/11_naive_bayes.hpp>

#endif  // LLMLINGS_ML_HPP
