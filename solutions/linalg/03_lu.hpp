// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief linalg/03 — Gaussian elimination with partial pivoting: the LU factorisation PA = LU,
 * forward and back substitution, and solving Ax = b.
 *
 * Shapes: A (n,n) square; b (n) or B (n,k) for k right-hand sides; L, U, P (n,n); perm (n).
 *
 * Elimination subtracts multiples of a pivot row from the rows below it until A is upper
 * triangular (U); the multipliers, kept below the diagonal of a unit lower triangular L, record
 * how to undo it. Partial pivoting swaps the row with the largest |entry| into the pivot position
 * first, so every multiplier has |lᵢₖ| ≤ 1 and rounding errors cannot grow through huge
 * multipliers. Once A = P⁻¹LU is known, Ax = b costs two triangular solves, O(n²), for each new b.
 *
 * What this file deliberately is not: blocked or in-place (LAPACK's dgetrf overwrites A with L
 * and U and works on column panels), and it does not estimate the condition number.
 *
 * Reference: Trefethen & Bau, *Numerical Linear Algebra*, lectures 20–23; Golub & Van Loan,
 * *Matrix Computations* (4th ed.), §3.1–3.4.
 *
 * Guide: @ref linalg_03_lu (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_LINALG_03_LU_HPP
#define LLMLINGS_LINALG_03_LU_HPP

#include <cmath>
#include <cstddef>
#include <limits>
#include <utility>
#include <vector>

#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>

namespace llmlings {
namespace linalg {

/**
 * @ingroup linalg
 * @brief The result of lu(): PA = LU, with P stored as a list of row indices.
 *
 * Example, for A = {{0,1},{1,0}}: perm = {1,0}, lower = I, upper = I, sign = -1.
 */
struct lu_decomposition {
    matrix lower;       ///< L (n,n): unit lower triangular, the multipliers below the diagonal
    matrix upper;       ///< U (n,n): upper triangular, the pivots on the diagonal
    index_vector perm;  ///< (n): row i of PA is row perm(i) of A
    int sign = 1;       ///< det(P) = (-1)^(number of row swaps), +1 or -1
};

namespace detail {

/**
 * @brief True when `pivot` is too small to tell from rounding noise: |pivot| ≤ n·ε·scale.
 *
 * `scale` is the magnitude of the matrix the pivot came from (its largest |entry|), n its order
 * and ε the machine epsilon (2.2e-16). A pivot at that level may be a true zero that rounding
 * turned into 1e-17, so dividing by it would return garbage of size 1/1e-17.
 *
 * @param pivot the candidate pivot
 * @param scale the largest |entry| of the matrix, ≥ 0
 * @param n the order of the matrix
 */
inline bool negligible_pivot(double pivot, double scale, std::size_t n) {
    return std::fabs(pivot) <= static_cast<double>(n) * std::numeric_limits<double>::epsilon() * scale;
}

/**
 * @brief The largest |entry| of a matrix (0 for an empty one): the scale that negligible_pivot()
 * compares a pivot with.
 *
 * @param a matrix (m,n)
 */
inline double max_abs_entry(const matrix& a) {
    double largest = 0.0;
    for (std::size_t i = 0; i < a.shape()[0]; ++i)
        for (std::size_t j = 0; j < a.shape()[1]; ++j) largest = std::fmax(largest, std::fabs(a(i, j)));
    return largest;
}

}  // namespace detail

/**
 * @ingroup linalg
 * @brief LU factorisation with partial pivoting: PA = LU.
 *
 * @f[ PA = LU, \qquad L = \begin{pmatrix} 1 & & \\ l_{10} & 1 & \\ l_{20} & l_{21} & 1 \end{pmatrix},
 *     \quad U = \begin{pmatrix} u_{00} & u_{01} & u_{02} \\ & u_{11} & u_{12} \\ & & u_{22} \end{pmatrix} @f]
 * For each column k = 0 … n−1:
 * 1. pivot: find the row p ≥ k with the largest |U(p,k)| and swap rows p and k (of U, of the
 *    multipliers already in L, and of perm; flip sign);
 * 2. eliminate: for every row i > k, lᵢₖ = U(i,k) / U(k,k) and row i −= lᵢₖ · row k, which
 *    zeroes U(i,k). Partial pivoting guarantees |lᵢₖ| ≤ 1.
 *
 * A singular matrix still has such a factorisation: when a whole column below the diagonal is
 * already zero there is nothing to eliminate and U gets a zero pivot. lu() therefore never
 * throws numerical_error; solving with a singular factor does (see is_singular()).
 *
 * @param a matrix (n,n), n ≥ 1
 * @return the factors L, U, the permutation perm and its sign
 * @throws shape_error when a is not square or is empty
 *
 * Complexity: about n³/3 multiply-adds (⅔n³ flops) and O(n²) memory for L and U.
 *
 * Example: `lu({{0,1},{1,0}})` → perm `{1,0}`, sign `-1`, L = U = I: without the row swap
 * the first pivot would be 0.
 */
inline lu_decomposition lu(const matrix& a) {
    check::square("lu", a);
    const std::size_t n = a.shape()[0];
    lu_decomposition f;
    f.upper = a;  // eliminated in place
    f.lower = xt::eye<double>(n);
    f.perm = xt::arange<std::size_t>(n);
    f.sign = 1;
    matrix& u = f.upper;
    matrix& l = f.lower;
    for (std::size_t k = 0; k < n; ++k) {
        // 1. Pivot: the largest |entry| on or below the diagonal of column k.
        std::size_t p = k;
        double largest = std::fabs(u(k, k));
        for (std::size_t i = k + 1; i < n; ++i)
            if (std::fabs(u(i, k)) > largest) {
                largest = std::fabs(u(i, k));
                p = i;
            }
        if (p != k) {
            // Columns < k of U are already zero in both rows; swap the rest, and the multipliers
            // that L has recorded for the two rows so far.
            for (std::size_t j = k; j < n; ++j) std::swap(u(k, j), u(p, j));
            for (std::size_t j = 0; j < k; ++j) std::swap(l(k, j), l(p, j));
            std::swap(f.perm(k), f.perm(p));
            f.sign = -f.sign;
        }
        // 2. Eliminate below the pivot. A zero pivot means the column is already zero below it.
        const double pivot = u(k, k);
        if (pivot == 0.0) continue;
        for (std::size_t i = k + 1; i < n; ++i) {
            const double multiplier = u(i, k) / pivot;
            l(i, k) = multiplier;
            u(i, k) = 0.0;
            for (std::size_t j = k + 1; j < n; ++j) u(i, j) -= multiplier * u(k, j);  // unit stride
        }
    }
    return f;
}

/**
 * @ingroup linalg
 * @brief The permutation matrix P of a row order `perm`: P(i, perm(i)) = 1, every other entry 0.
 *
 * Multiplying by P reorders rows: row i of PA is row perm(i) of A. It is what lu() returns as an
 * index list, because storing n indices is cheaper than n² mostly-zero entries.
 *
 * @param perm vector (n), a permutation of 0 … n−1
 * @return P, a new matrix (n,n)
 * @throws invalid_argument when perm is not a permutation (an index ≥ n, or one used twice)
 *
 * Complexity: n² writes. Example: `permutation_matrix({2,0,1})` → `{{0,0,1},{1,0,0},{0,1,0}}`.
 */
inline matrix permutation_matrix(const index_vector& perm) {
    const std::size_t n = perm.size();
    matrix p = xt::zeros<double>({n, n});
    std::vector<bool> used(n, false);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t j = perm(i);
        if (j >= n || used[j])
            throw invalid_argument("permutation_matrix",
                                   ::llmlings::detail::concat("not a permutation of 0..", n - 1, ": entry ", i, " is ",
                                                              j, j >= n ? " (out of range)" : " (repeated)"));
        used[j] = true;
        p(i, j) = 1.0;
    }
    return p;
}

/**
 * @ingroup linalg
 * @brief Forward substitution: solves Ly = b for a lower triangular L, top row first.
 *
 * @f[ y_i = \frac{1}{L_{ii}} \Big( b_i - \sum_{j<i} L_{ij}\, y_j \Big), \qquad i = 0, 1, \dots, n-1 @f]
 * Only the diagonal and the entries below it are read; whatever lies above the diagonal is
 * ignored. With the unit L of lu() the division is by 1.
 *
 * @param lower matrix (n,n), lower triangular
 * @param b vector (n)
 * @return y, a new vector (n)
 * @throws shape_error when lower is not square, is empty, or b's length is not n
 * @throws numerical_error when a diagonal entry is exactly 0 (L is singular)
 *
 * Complexity: n² multiply-adds. Example: `forward_substitution({{2,0},{1,1}}, {2,3})` → `{1,2}`.
 */
inline vector forward_substitution(const matrix& lower, const vector& b) {
    check::square("forward_substitution", lower);
    const std::size_t n = lower.shape()[0];
    if (b.size() != n)
        throw shape_error("forward_substitution",
                          ::llmlings::detail::concat("right-hand side has length ", b.size(), ", the matrix is ",
                                                     shape_str(lower.shape())));
    vector y = xt::empty<double>({n});
    for (std::size_t i = 0; i < n; ++i) {
        if (lower(i, i) == 0.0)
            throw numerical_error(
                "forward_substitution",
                ::llmlings::detail::concat("zero on the diagonal at (", i, ",", i, "): the matrix is singular"));
        double sum = b(i);
        for (std::size_t j = 0; j < i; ++j) sum -= lower(i, j) * y(j);
        y(i) = sum / lower(i, i);
    }
    return y;
}

/**
 * @ingroup linalg
 * @brief Back substitution: solves Ux = y for an upper triangular U, bottom row first.
 *
 * @f[ x_i = \frac{1}{U_{ii}} \Big( y_i - \sum_{j>i} U_{ij}\, x_j \Big), \qquad i = n-1, \dots, 1, 0 @f]
 * Only the diagonal and the entries above it are read.
 *
 * @param upper matrix (n,n), upper triangular
 * @param y vector (n)
 * @return x, a new vector (n)
 * @throws shape_error when upper is not square, is empty, or y's length is not n
 * @throws numerical_error when a diagonal entry is exactly 0 (U is singular)
 *
 * Complexity: n² multiply-adds. Example: `back_substitution({{2,1},{0,4}}, {4,8})` → `{1,2}`.
 */
inline vector back_substitution(const matrix& upper, const vector& y) {
    check::square("back_substitution", upper);
    const std::size_t n = upper.shape()[0];
    if (y.size() != n)
        throw shape_error("back_substitution",
                          ::llmlings::detail::concat("right-hand side has length ", y.size(), ", the matrix is ",
                                                     shape_str(upper.shape())));
    vector x = xt::empty<double>({n});
    for (std::size_t i = n; i-- > 0;) {  // i = n-1, …, 0 without unsigned wrap-around
        if (upper(i, i) == 0.0)
            throw numerical_error("back_substitution", ::llmlings::detail::concat("zero on the diagonal at (", i, ",",
                                                                                  i, "): the matrix is singular"));
        double sum = y(i);
        for (std::size_t j = i + 1; j < n; ++j) sum -= upper(i, j) * x(j);
        x(i) = sum / upper(i, i);
    }
    return x;
}

/**
 * @ingroup linalg
 * @brief Whether a factorisation is singular to working precision: some pivot |U(i,i)| ≤ n·ε·max|U|.
 *
 * Exact zero pivots are rare in floating point: eliminating the singular {{1,2,3},{4,5,6},{7,8,9}}
 * leaves a last pivot near 1e-16 instead of 0. Any pivot within n rounding errors of the largest
 * entry of U is treated as zero, because solving with it would divide rounding noise by rounding
 * noise. (LAPACK's dgesv only rejects exact zeros, so NumPy's solve can return an answer of size
 * 1e15 for a matrix of rank n−1.) It is a heuristic: rounding can leave the pivot of a singular
 * matrix a few times above the threshold; the singular values (topic 06) give a reliable verdict.
 *
 * @param f a factorisation from lu()
 * @return true when A should be treated as singular
 *
 * Throws nothing: it only reads the factorisation.
 *
 * Complexity: n² comparisons. Example: `is_singular(lu({{1,2},{2,4}}))` → `true`.
 */
inline bool is_singular(const lu_decomposition& f) {
    const std::size_t n = f.upper.shape()[0];
    const double scale = detail::max_abs_entry(f.upper);
    for (std::size_t i = 0; i < n; ++i)
        if (detail::negligible_pivot(f.upper(i, i), scale, n)) return true;
    return false;
}

namespace detail {

/**
 * @brief The two triangular solves of lu_solve(), without its checks: x with LUx = Pb.
 *
 * @param f a factorisation from lu(), already known not to be singular
 * @param b vector (n)
 */
inline vector lu_substitute(const lu_decomposition& f, const vector& b) {
    const std::size_t n = b.size();
    vector pb = xt::empty<double>({n});
    for (std::size_t i = 0; i < n; ++i) pb(i) = b(f.perm(i));  // Pb: row i of PA is row perm(i) of A
    return back_substitution(f.upper, forward_substitution(f.lower, pb));
}

}  // namespace detail

/**
 * @ingroup linalg
 * @brief Solves Ax = b with a factorisation PA = LU of A: permute b, then Ly = Pb, then Ux = y.
 *
 * @f[ Ax = b \iff PAx = Pb \iff L(Ux) = Pb: \quad Ly = Pb, \quad Ux = y @f]
 * Factor once with lu() (O(n³)), then solve for as many right-hand sides as needed at O(n²) each.
 *
 * @param f a factorisation from lu()
 * @param b vector (n)
 * @return x, a new vector (n)
 * @throws shape_error when b's length is not n
 * @throws numerical_error when the factorisation is singular (is_singular())
 *
 * Complexity: 2n² multiply-adds. Example: with `f = lu({{0,1},{1,0}})`, `lu_solve(f, {5,7})` →
 * `{7,5}`.
 */
inline vector lu_solve(const lu_decomposition& f, const vector& b) {
    const std::size_t n = f.upper.shape()[0];
    if (b.size() != n)
        throw shape_error("lu_solve", ::llmlings::detail::concat("right-hand side has length ", b.size(),
                                                                 ", the factorisation is of order ", n));
    if (is_singular(f)) throw numerical_error("lu_solve", "the matrix is singular to working precision");
    return detail::lu_substitute(f, b);
}

/**
 * @ingroup linalg
 * @brief Solves AX = B for k right-hand sides at once, one column of B at a time.
 *
 * @param f a factorisation from lu() of A (n,n)
 * @param b matrix (n,k); column j is the j-th right-hand side
 * @return X, a new matrix (n,k) with AX = B
 * @throws shape_error when b does not have n rows
 * @throws numerical_error when the factorisation is singular (is_singular())
 *
 * Complexity: 2n²k multiply-adds. Example: `lu_solve(lu(A), I)` is A⁻¹ (topic 04).
 */
inline matrix lu_solve(const lu_decomposition& f, const matrix& b) {
    const std::size_t n = f.upper.shape()[0], k = b.shape()[1];
    if (b.shape()[0] != n)
        throw shape_error("lu_solve", ::llmlings::detail::concat("right-hand side is ", shape_str(b.shape()),
                                                                 ", the factorisation is of order ", n));
    if (is_singular(f)) throw numerical_error("lu_solve", "the matrix is singular to working precision");
    matrix x({n, k});
    vector column = xt::empty<double>({n});
    for (std::size_t j = 0; j < k; ++j) {
        for (std::size_t i = 0; i < n; ++i) column(i) = b(i, j);
        const vector xj = detail::lu_substitute(f, column);
        for (std::size_t i = 0; i < n; ++i) x(i, j) = xj(i);
    }
    return x;
}

/**
 * @ingroup linalg
 * @brief Solves the square system Ax = b by Gaussian elimination with partial pivoting.
 *
 * Equivalent to `lu_solve(lu(a), b)`, with the errors named after solve.
 *
 * @param a matrix (n,n)
 * @param b vector (n)
 * @return x, a new vector (n), with Ax ≈ b
 * @throws shape_error when a is not square or empty, or b's length is not n; the message names
 *         the function: `solve: right-hand side has length 3, the matrix is (2,2)`
 * @throws numerical_error when a is singular to working precision
 *
 * Complexity: ⅔n³ + 2n² flops. Example: `solve({{2,1},{1,3}}, {3,5})` → `{0.8,1.4}`.
 */
inline vector solve(const matrix& a, const vector& b) {
    check::square("solve", a);
    if (b.size() != a.shape()[0])
        throw shape_error("solve", ::llmlings::detail::concat("right-hand side has length ", b.size(),
                                                              ", the matrix is ", shape_str(a.shape())));
    const lu_decomposition f = lu(a);
    if (is_singular(f)) throw numerical_error("solve", "the matrix is singular to working precision");
    return lu_solve(f, b);
}

/**
 * @ingroup linalg
 * @brief Solves AX = B for a matrix of right-hand sides B (n,k).
 *
 * @param a matrix (n,n)
 * @param b matrix (n,k)
 * @return X, a new matrix (n,k), with AX ≈ B
 * @throws shape_error when a is not square or empty, or b does not have n rows
 * @throws numerical_error when a is singular to working precision
 *
 * Complexity: ⅔n³ + 2n²k flops. Example: `solve({{2,0},{0,4}}, {{2,4},{4,8}})` → `{{1,2},{1,2}}`.
 */
inline matrix solve(const matrix& a, const matrix& b) {
    check::square("solve", a);
    if (b.shape()[0] != a.shape()[0])
        throw shape_error("solve", ::llmlings::detail::concat("right-hand side is ", shape_str(b.shape()),
                                                              ", the matrix is ", shape_str(a.shape())));
    const lu_decomposition f = lu(a);
    if (is_singular(f)) throw numerical_error("solve", "the matrix is singular to working precision");
    return lu_solve(f, b);
}

}  // namespace linalg
}  // namespace llmlings

#endif  // LLMLINGS_LINALG_03_LU_HPP
