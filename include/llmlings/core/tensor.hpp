// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The tensor types llmlings speaks in, and the input checks shared by every module.
 *
 * The library works in `double` unless a topic says otherwise: a learner compares with
 * closed forms and LAPACK, and float's 7 digits would hide mistakes behind rounding.
 */
#ifndef LLMLINGS_CORE_TENSOR_HPP
#define LLMLINGS_CORE_TENSOR_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <vector>

#include <xtensor/xtensor.hpp>

#include <llmlings/core/errors.hpp>

/// Marks a function that returns a reference into a workspace argument, never into another
/// argument: GCC 14's -Wdangling-reference would otherwise warn at every
/// `const auto& y = f(..., as_rows(x), ws)` because `as_rows(x)` is a temporary.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 14
#define LLMLINGS_RETURNS_INTO_WORKSPACE [[gnu::no_dangling]]
#else
#define LLMLINGS_RETURNS_INTO_WORKSPACE
#endif

namespace llmlings {

/// @ingroup core
/// @brief A dense vector of doubles, shape (n).
using vector = xt::xtensor<double, 1>;
/// @ingroup core
/// @brief A dense row-major matrix of doubles, shape (rows, cols).
using matrix = xt::xtensor<double, 2>;
/// @ingroup core
/// @brief A vector of indices (permutations, labels, token ids), shape (n).
using index_vector = xt::xtensor<std::size_t, 1>;
/// @ingroup core
/// @brief A dense 3-D array of doubles: a batch of sequences (B,T,F), or one image (C,H,W).
using tensor3 = xt::xtensor<double, 3>;
/// @ingroup core
/// @brief A dense 4-D array of doubles: a batch of images (N,C,H,W), or conv weights (C_out,C_in,kH,kW).
using tensor4 = xt::xtensor<double, 4>;

/// @ingroup core
/// @brief A vector of element type T (float or double), shape (n): what models use.
template <class T>
using vector_of = xt::xtensor<T, 1>;
/// @ingroup core
/// @brief A row-major matrix of element type T, shape (rows, cols).
template <class T>
using matrix_of = xt::xtensor<T, 2>;
/// @ingroup core
/// @brief A 3-D array of element type T: a batch of sequences (B,T,C).
template <class T>
using tensor3_of = xt::xtensor<T, 3>;
/// @ingroup core
/// @brief A 4-D array of element type T: a batch of images (N,C,H,W).
template <class T>
using tensor4_of = xt::xtensor<T, 4>;

/**
 * @ingroup core
 * @brief Gives a workspace or cache buffer the shape `shape`, reallocating only when its shape
 * differs; the contents are then unspecified (a forward pass overwrites them).
 *
 * The way a model keeps its activations across steps: the first step of a batch shape
 * allocates, every later step of the same shape reuses the memory.
 *
 * @return true when the buffer was reallocated
 *
 * Complexity: O(rank), plus the allocation when the shape changes. Example:
 * `ensure_shape(h, {32, 128})` twice allocates once.
 */
template <class Tensor, class Shape>
bool ensure_shape(Tensor& buffer, const Shape& shape) {
    if (buffer.dimension() == shape.size() && std::equal(shape.begin(), shape.end(), buffer.shape().begin()))
        return false;
    buffer.resize(shape);
    return true;
}

/// @ingroup core
/// @brief ensure_shape() with the shape written in braces: `ensure_shape(h, {32, 128})`.
template <class Tensor>
bool ensure_shape(Tensor& buffer, std::initializer_list<std::size_t> shape) {
    if (buffer.dimension() == shape.size() && std::equal(shape.begin(), shape.end(), buffer.shape().begin()))
        return false;  // compared without building a vector: no allocation
    buffer.resize(std::vector<std::size_t>(shape));
    return true;
}

/**
 * @ingroup core
 * @brief Input checks that throw llmlings errors naming the calling function.
 */
namespace check {

/// Throws shape_error unless `a` and `b` have the same length.
template <class A, class B>
void same_size(const char* function, const A& a, const B& b) {
    if (a.size() != b.size())
        throw shape_error(function, detail::concat("vectors differ in length: ", a.size(), " vs ", b.size()));
}

/// Throws shape_error unless `a` has the same shape as `b`.
template <class A, class B>
void same_shape(const char* function, const A& a, const B& b) {
    if (a.dimension() != b.dimension() || !std::equal(a.shape().begin(), a.shape().end(), b.shape().begin()))
        throw shape_error(function,
                          detail::concat("shapes differ: ", shape_str(a.shape()), " vs ", shape_str(b.shape())));
}

/// Throws shape_error unless the matrix `a` is square and not empty.
template <class M>
void square(const char* function, const M& a) {
    if (a.shape()[0] != a.shape()[1] || a.shape()[0] == 0)
        throw shape_error(function, detail::concat("expected a non-empty square matrix, got ", shape_str(a.shape())));
}

/// Throws invalid_argument when `x` has no elements.
template <class E>
void not_empty(const char* function, const E& x) {
    if (x.size() == 0)
        throw invalid_argument(function,
                               detail::concat("expected a non-empty input, got shape ", shape_str(x.shape())));
}

/// Throws invalid_argument when `x` has a NaN or infinite entry; returns the largest |xᵢ| (0 when
/// `x` is empty), the scale that the eigen- and singular-value solvers divide out.
template <class E>
double finite_max_abs(const char* function, const E& x) {
    double largest = 0.0;
    for (const auto value : x) {
        if (!std::isfinite(value))
            throw invalid_argument(function, detail::concat("the matrix has a NaN or infinite entry: ", value));
        largest = std::max(largest, std::fabs(static_cast<double>(value)));
    }
    return largest;
}

}  // namespace check
}  // namespace llmlings

#endif  // LLMLINGS_CORE_TENSOR_HPP
