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
    check::same_size("dot", a, b);
    double sum = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) sum += a(i) * b(i);
    return sum;
}

/**
 * @ingroup linalg
 * @brief L1 norm ‖a‖₁ = Σᵢ |aᵢ| (the "Manhattan" length).
 *
 * Example: `norm_l1({3,-4})` → `7`. The empty vector has norm 0.
 */
inline double norm_l1(const vector& a) {
    double sum = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) sum += std::fabs(a(i));
    return sum;
}

/**
 * @ingroup linalg
 * @brief L∞ norm ‖a‖∞ = maxᵢ |aᵢ|.
 *
 * Example: `norm_linf({3,-4})` → `4`. The empty vector has norm 0; a vector holding a NaN has
 * norm NaN (so do the other norms), so that a NaN can never pass for a small number.
 */
inline double norm_linf(const vector& a) {
    double largest = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double magnitude = std::fabs(a(i));
        if (std::isnan(magnitude)) return magnitude;  // NaN in, NaN out: never hide it
        if (magnitude > largest) largest = magnitude;
    }
    return largest;
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
    const double scale = norm_linf(a);
    if (scale == 0.0 || !std::isfinite(scale)) return scale;
    double sum = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double r = a(i) / scale;
        sum += r * r;
    }
    return scale * std::sqrt(sum);
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
    check::same_size("cosine_similarity", a, b);
    const double na = norm_l2(a), nb = norm_l2(b);
    if (na == 0.0 || nb == 0.0)
        throw invalid_argument("cosine_similarity", "the angle with a zero vector is undefined (a norm is 0)");
    // Normalise before the dot product so huge vectors cannot overflow it.
    double sum = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) sum += (a(i) / na) * (b(i) / nb);
    if (std::isnan(sum)) return sum;  // std::fmin(1, NaN) is 1
    return std::fmax(-1.0, std::fmin(1.0, sum));
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
    check::same_size("projection", a, onto);
    const double uu = dot(onto, onto);
    if (uu == 0.0) throw invalid_argument("projection", "cannot project onto the zero vector");
    const double coefficient = dot(a, onto) / uu;
    vector result = onto;
    for (double& r : result) r *= coefficient;
    return result;
}

}  // namespace linalg
}  // namespace llmlings

#endif  // LLMLINGS_LINALG_01_VECTORS_HPP
