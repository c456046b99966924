// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief linalg/01 — vectors: dot product, the L1, L2 and L∞ norms, cosine similarity, projection.
 *
 * Shapes: every vector is (n). Every function here is O(n) and allocates nothing, except
 * projection(), which returns a new vector.
 *
 * Reference: Strang, *Introduction to Linear Algebra*, ch. 1. The scaled L2 norm follows the
 * idea of LAPACK's dnrm2: divide by the largest magnitude first, so squares cannot overflow.
 *
 * Guide: @ref linalg_01_vectors (the math) and @ref cpp_guide (the C++ used here).
 * New to C++? Read @ref cpp_guide first: it explains every piece of C++ this exercise needs, with
 * examples from the reference solutions, and how to read a failing test.
 */
#ifndef LLMLINGS_LINALG_01_VECTORS_HPP
#define LLMLINGS_LINALG_01_VECTORS_HPP

#include <cmath>
#include <cstddef>

#include <llmlings/core.hpp>

namespace llmlings {
namespace linalg {

/**
 * @ingroup linalg
 * @brief Dot product a·b = Σᵢ aᵢ bᵢ.
 *
 * @f[ a \cdot b = \sum_{i=0}^{n-1} a_i b_i @f]
 * The dot product of two empty vectors is 0 (an empty sum).
 *
 * @param a vector (n)
 * @param b vector (n)
 * @return the scalar Σ aᵢbᵢ
 * @throws shape_error when the lengths differ; the message names the function and both
 *         lengths: `dot: vectors differ in length: 3 vs 2`
 *
 * Complexity: n multiply-adds. Example: `dot({1,2,3}, {4,5,6})` → `32`.
 */
inline double dot(const vector& a, const vector& b) {
    todo("linalg/01_vectors", "dot");
}

/**
 * @ingroup linalg
 * @brief L1 norm ‖a‖₁ = Σᵢ |aᵢ| (the "Manhattan" length).
 *
 * Example: `norm_l1({3,-4})` → `7`. The empty vector has norm 0.
 */
inline double norm_l1(const vector& a) {
    todo("linalg/01_vectors", "norm_l1");
}

/**
 * @ingroup linalg
 * @brief L∞ norm ‖a‖∞ = maxᵢ |aᵢ|.
 *
 * Example: `norm_linf({3,-4})` → `4`. The empty vector has norm 0; a vector holding a NaN has
 * norm NaN (so do the other norms), so that a NaN can never pass for a small number.
 */
inline double norm_linf(const vector& a) {
    todo("linalg/01_vectors", "norm_linf");
}

/**
 * @ingroup linalg
 * @brief Euclidean (L2) norm ‖a‖₂ = √(Σᵢ aᵢ²), computed without overflow or underflow.
 *
 * @f[ \|a\|_2 = s \sqrt{\sum_i (a_i / s)^2}, \qquad s = \|a\|_\infty @f]
 * Squaring 1e200 overflows to infinity although the norm of (3e200, 4e200) is a finite 5e200;
 * dividing by the largest magnitude first keeps every square in [0, 1].
 *
 * Example: `norm_l2({3,4})` → `5`, `norm_l2({3e200,4e200})` → `5e200`.
 */
inline double norm_l2(const vector& a) {
    todo("linalg/01_vectors", "norm_l2");
}

/**
 * @ingroup linalg
 * @brief Cosine of the angle between a and b: a·b / (‖a‖₂ ‖b‖₂), in [-1, 1].
 *
 * Used everywhere embeddings are compared (nlp, retrieval): 1 means same direction, 0
 * orthogonal, -1 opposite. Scaling either vector by a positive number does not change it.
 *
 * @return the cosine, in [−1, 1]; NaN when a or b holds a NaN (the clamp to [−1, 1] must not
 *         turn a NaN into 1)
 * @throws shape_error when the lengths differ
 * @throws invalid_argument when a or b is the zero vector (the angle is undefined)
 *
 * Example: `cosine_similarity({1,0}, {1,1})` → `0.7071…` (45°).
 */
inline double cosine_similarity(const vector& a, const vector& b) {
    todo("linalg/01_vectors", "cosine_similarity");
}

/**
 * @ingroup linalg
 * @brief Orthogonal projection of a onto the line through `onto`: (a·u / u·u) u.
 *
 * @f[ \mathrm{proj}_u(a) = \frac{a \cdot u}{u \cdot u}\, u @f]
 * The residual a − proj is orthogonal to u; this is one step of Gram–Schmidt.
 *
 * @throws shape_error when the lengths differ
 * @throws invalid_argument when `onto` is the zero vector
 *
 * Example: `projection({2,3}, {1,0})` → `{2,0}`.
 */
inline vector projection(const vector& a, const vector& onto) {
    todo("linalg/01_vectors", "projection");
}

}  // namespace linalg
}  // namespace llmlings

#endif  // LLMLINGS_LINALG_01_VECTORS_HPP
