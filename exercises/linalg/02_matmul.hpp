// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief linalg/02 — the matrix product and the transpose with plain loops, and why the order of
 * the three loops of a product matters.
 *
 * Shapes: A (m,n), B (n,p), C = AB (m,p), x (n). Matrices are row-major: A(i,j) and A(i,j+1) are
 * neighbours in memory, A(i,j) and A(i+1,j) are n doubles apart.
 *
 * Two products are kept side by side, as llm.c keeps its naive kernels: matmul_naive() is the
 * definition written as loops (i-j-k), matmul() the same arithmetic in the cache-friendly i-k-j
 * order. What this file deliberately is not: blocked, vectorised or threaded — that is what BLAS
 * (OpenBLAS through xtensor-blas) does, and what every later topic calls for its products.
 *
 * Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §1.1 (the six loop orderings of
 * the product) and §1.5 (memory hierarchies).
 *
 * Guide: @ref linalg_02_matmul (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_LINALG_02_MATMUL_HPP
#define LLMLINGS_LINALG_02_MATMUL_HPP

#include <cstddef>

#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>

namespace llmlings {
namespace linalg {

namespace detail {

/**
 * @brief Throws shape_error unless the columns of `a` match the rows of `b`, naming `function` and
 * both shapes: `matmul: inner dimensions differ: (2,3) x (4,5)`.
 *
 * @param function the public function that checks, e.g. `"matmul"`
 * @param a matrix (m,n)
 * @param b matrix (n,p) or vector (n)
 */
template <class B>
void check_inner_dimensions(const char* function, const matrix& a, const B& b) {
    todo("linalg/02_matmul", "check_inner_dimensions");
}

}  // namespace detail

/**
 * @ingroup linalg
 * @brief Transpose: rows become columns, (Aᵀ)ᵢⱼ = Aⱼᵢ.
 *
 * @f[ (A^\top)_{ij} = A_{ji}, \qquad A \in \mathbb{R}^{m \times n} \Rightarrow A^\top \in \mathbb{R}^{n \times m} @f]
 *
 * @param a matrix (m,n); either extent may be 0
 * @return a new matrix (n,m)
 *
 * No input is invalid (every matrix has a transpose, an empty one included), so nothing is thrown.
 *
 * Complexity: m·n copies. One side of the copy is always strided (reading a column or writing
 * one), so a transpose is limited by memory traffic, not arithmetic.
 *
 * Example: `transpose({{1,2,3},{4,5,6}})` → `{{1,4},{2,5},{3,6}}`.
 */
inline matrix transpose(const matrix& a) {
    todo("linalg/02_matmul", "transpose");
}

/**
 * @ingroup linalg
 * @brief Matrix product C = AB straight from the definition: loops in the order i, j, k.
 *
 * @f[ C_{ij} = \sum_{k=0}^{n-1} A_{ik} B_{kj} @f]
 * Each entry of C is the dot product of row i of A with column j of B. The innermost loop runs
 * over k, so it walks *down a column* of B: consecutive iterations read B(k,j) and B(k+1,j),
 * which are p doubles apart in memory. For large p every read touches a new cache line, and
 * most of each line fetched is thrown away before it is used again. Kept as the readable
 * reference; matmul() computes the same sums in a cache-friendly order.
 *
 * If n = 0 every entry is an empty sum, so C is the (m,p) zero matrix.
 *
 * @param a matrix (m,n)
 * @param b matrix (n,p)
 * @return C = AB, a new matrix (m,p)
 * @throws shape_error when a's column count differs from b's row count,
 *         e.g. `matmul_naive: inner dimensions differ: (2,3) x (4,5)`
 *
 * Complexity: m·n·p multiply-adds, with a stride-p memory access in the innermost loop.
 *
 * Example: `matmul_naive({{1,2},{3,4}}, {{5,6},{7,8}})` → `{{19,22},{43,50}}`.
 */
inline matrix matmul_naive(const matrix& a, const matrix& b) {
    todo("linalg/02_matmul", "matmul_naive");
}

/**
 * @ingroup linalg
 * @brief Matrix product C = AB with the loops in the cache-friendly order i, k, j.
 *
 * @f[ C_{i,:} = \sum_{k=0}^{n-1} A_{ik}\, B_{k,:} @f]
 * The same multiply-adds as matmul_naive(), reordered: row i of C is a combination of the rows
 * of B, weighted by row i of A. The innermost loop now runs over j, so it reads B(k,j), B(k,j+1),
 * … and writes C(i,j), C(i,j+1), … — both with unit stride, every byte of every cache line used,
 * and A(i,k) stays in a register. On a 512×512 product this is typically several times faster
 * than i-j-k, although both do exactly n·m·p multiply-adds (BLAS is faster still: it also blocks
 * for the caches and uses SIMD and threads).
 *
 * Each C(i,j) still receives its terms in the order k = 0, 1, …, as in matmul_naive(), so the two
 * functions agree to rounding (on most machines to the last bit).
 *
 * @param a matrix (m,n)
 * @param b matrix (n,p)
 * @return C = AB, a new matrix (m,p); the (m,p) zero matrix when n = 0
 * @throws shape_error when a's column count differs from b's row count,
 *         e.g. `matmul: inner dimensions differ: (2,3) x (4,5)`
 *
 * Complexity: m·n·p multiply-adds, unit stride in the innermost loop.
 *
 * Example: `matmul({{1,2,3}}, {{1},{1},{1}})` → `{{6}}`; `matmul({{1},{2}}, {{3,4}})` →
 * `{{3,4},{6,8}}` (an outer product).
 */
inline matrix matmul(const matrix& a, const matrix& b) {
    todo("linalg/02_matmul", "matmul");
}

/**
 * @ingroup linalg
 * @brief Matrix–vector product y = Ax.
 *
 * @f[ y_i = \sum_{j=0}^{n-1} A_{ij} x_j @f]
 * Each yᵢ is the dot product of row i of A with x; row i is contiguous in a row-major matrix, so
 * the row-by-row order is already the cache-friendly one.
 *
 * @param a matrix (m,n)
 * @param x vector (n)
 * @return y = Ax, a new vector (m); zeros when n = 0
 * @throws shape_error when x's length differs from a's column count,
 *         e.g. `matvec: inner dimensions differ: (2,3) x (4)`
 *
 * Complexity: m·n multiply-adds.
 *
 * Example: `matvec({{1,2},{3,4}}, {1,1})` → `{3,7}`.
 */
inline vector matvec(const matrix& a, const vector& x) {
    todo("linalg/02_matmul", "matvec");
}

}  // namespace linalg
}  // namespace llmlings

#endif  // LLMLINGS_LINALG_02_MATMUL_HPP
