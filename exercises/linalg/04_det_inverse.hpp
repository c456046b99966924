// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief linalg/04 — the determinant (and its logarithm) from the LU factorisation, and the
 * inverse two ways: LU solves against the identity, and Gauss–Jordan elimination.
 *
 * Shapes: A (n,n) square, n ≥ 1; A⁻¹ (n,n).
 *
 * Both rest on topic 03: PA = LU gives det(A) = det(P)·Πᵢ uᵢᵢ in O(n³) instead of the n! terms
 * of the Laplace (cofactor) expansion, and A⁻¹ is the solution X of AX = I. Gauss–Jordan reaches
 * the same inverse by reducing [A | I] to [I | A⁻¹] in one pass.
 *
 * What this file deliberately is not: a reason to compute inverses. To solve Ax = b call solve()
 * (topic 03): it is cheaper and more accurate than forming A⁻¹b.
 *
 * Reference: Trefethen & Bau, *Numerical Linear Algebra*, lecture 20; Golub & Van Loan,
 * *Matrix Computations* (4th ed.), §3.2 and §3.4; Strang, *Introduction to Linear Algebra*, ch. 5.
 *
 * Guide: @ref linalg_04_det_inverse (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_LINALG_04_DET_INVERSE_HPP
#define LLMLINGS_LINALG_04_DET_INVERSE_HPP

#include <cmath>
#include <cstddef>
#include <limits>
#include <utility>

#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>
#include <llmlings/linalg/03_lu.hpp>

namespace llmlings {
namespace linalg {

/**
 * @ingroup linalg
 * @brief Determinant from the LU factorisation: det(A) = det(P)·Πᵢ uᵢᵢ.
 *
 * @f[ PA = LU \;\Rightarrow\; \det P \cdot \det A = \det L \cdot \det U = 1 \cdot \prod_i u_{ii},
 *     \qquad \det P = (-1)^{\text{row swaps}} @f]
 * A singular matrix gives an exact 0 when elimination produces an exact zero pivot; when the zero
 * is hidden by rounding (as for {{1,2,3},{4,5,6},{7,8,9}}) the result is a number at rounding
 * level, about 7e-16 there (LAPACK, which orders its operations differently, happens to get an
 * exact 0 for that matrix). Never judge singularity by |det| < tol: det(0.1·I₃₀) = 1e-30.
 *
 * @param a matrix (n,n), n ≥ 1
 * @return det(A); it overflows to ±inf or underflows to 0 for large n (use slogdet())
 * @throws shape_error when a is not square or is empty
 *
 * Complexity: one lu(), n³/3 multiply-adds, plus n multiplications.
 *
 * Example: `det({{1,2},{3,4}})` → `-2` (1·4 − 2·3).
 */
inline double det(const matrix& a) {
    todo("linalg/04_det_inverse", "det");
}

/**
 * @ingroup linalg
 * @brief The result of slogdet(): det(A) = sign · exp(log_abs).
 */
struct signed_log_det {
    double sign = 0.0;     ///< +1 or -1, or 0 for a singular matrix
    double log_abs = 0.0;  ///< ln |det(A)|; -inf for a singular matrix
};

/**
 * @ingroup linalg
 * @brief Sign and natural logarithm of |det(A)|, which neither overflow nor underflow.
 *
 * @f[ \ln|\det A| = \sum_i \ln|u_{ii}|, \qquad \operatorname{sign}\det A = \det P \cdot \prod_i \operatorname{sign} u_{ii} @f]
 * The determinant of 1e100·I (4×4) is 1e400, beyond the largest double; its logarithm,
 * 4·ln(1e100) ≈ 921.03, is an ordinary number. Gaussian log-likelihoods need exactly this
 * (log det Σ). Same convention as NumPy's slogdet: a zero pivot gives sign 0, log_abs −∞.
 *
 * @param a matrix (n,n), n ≥ 1
 * @return {sign, log_abs}
 * @throws shape_error when a is not square or is empty
 *
 * Complexity: one lu() plus n logarithms.
 *
 * Example: `slogdet({{1,2},{3,4}})` → `{-1, ln 2 ≈ 0.6931}`.
 */
inline signed_log_det slogdet(const matrix& a) {
    todo("linalg/04_det_inverse", "slogdet");
}

/**
 * @ingroup linalg
 * @brief Inverse through the LU factorisation: solve AX = I, one column of I at a time.
 *
 * @f[ A X = I \iff L U X = P: \quad \text{column } j \text{ of } A^{-1} \text{ solves } A x_j = e_j @f]
 * Factor once (n³/3), then n pairs of triangular solves (2n² each).
 *
 * @param a matrix (n,n), n ≥ 1
 * @return A⁻¹, a new matrix (n,n)
 * @throws shape_error when a is not square or is empty
 * @throws numerical_error when a is singular to working precision (is_singular())
 *
 * Complexity: about 7n³/3 multiply-adds (n³ when the zeros of I are exploited, as LAPACK's
 * dgetri does).
 *
 * Example: `inverse({{4,7},{2,6}})` → `{{0.6,-0.7},{-0.2,0.4}}` (1/10 · {{6,-7},{-2,4}}).
 */
inline matrix inverse(const matrix& a) {
    todo("linalg/04_det_inverse", "inverse");
}

/**
 * @ingroup linalg
 * @brief Inverse by Gauss–Jordan elimination with partial pivoting: [A | I] → [I | A⁻¹].
 *
 * For each column k = 0 … n−1:
 * 1. pivot: swap the row p ≥ k with the largest |entry| in column k into row k, on both sides;
 * 2. scale row k by 1/pivot, so the pivot becomes 1;
 * 3. eliminate column k from *every* other row, above and below (row i −= aᵢₖ · row k).
 *
 * The left block becomes I, and the same row operations turn the right block into A⁻¹ — the
 * row swaps included, so nothing needs to be unpermuted at the end. Unlike LU, which stops at an
 * upper triangle and back-substitutes, Gauss–Jordan clears above the diagonal as it goes.
 *
 * @f[ \big[\, A \;\big|\; I \,\big] \xrightarrow{\text{row operations } E} \big[\, EA \;\big|\; E \,\big] = \big[\, I \;\big|\; A^{-1} \,\big] @f]
 *
 * @param a matrix (n,n), n ≥ 1
 * @return A⁻¹, a new matrix (n,n)
 * @throws shape_error when a is not square or is empty
 * @throws numerical_error when a pivot is negligible, |pivot| ≤ n·ε·max|aᵢⱼ|
 *         (a is singular to working precision)
 *
 * Complexity: about 3n³/2 multiply-adds, with unit-stride row operations.
 *
 * Example: `inverse_gauss_jordan({{0,2},{1,0}})` → `{{0,1},{0.5,0}}` (needs a row swap).
 */
inline matrix inverse_gauss_jordan(const matrix& a) {
    todo("linalg/04_det_inverse", "inverse_gauss_jordan");
}

}  // namespace linalg
}  // namespace llmlings

#endif  // LLMLINGS_LINALG_04_DET_INVERSE_HPP
