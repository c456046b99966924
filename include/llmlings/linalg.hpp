// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The linalg module in one include: vectors, matrices, factorisations, calculus.
 */
#ifndef LLMLINGS_LINALG_HPP
#define LLMLINGS_LINALG_HPP

/**
 * @defgroup linalg linalg — vectors, matrices and calculus
 * @brief Weeks 3–4: the linear algebra and calculus every later module stands on.
 */

#include <llmlings/linalg/01_vectors.hpp>
#include <llmlings/linalg/02_matmul.hpp>
#include <llmlings/linalg/03_lu.hpp>
#include <llmlings/linalg/04_det_inverse.hpp>
#include <llmlings/linalg/05_eigen.hpp>
#include <llmlings/linalg/06_svd.hpp>
#include <llmlings/linalg/07_derivatives.hpp>
#include <llmlings/linalg/08_gradient_descent.hpp>

#endif  // LLMLINGS_LINALG_HPP
