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
#include <cstddef>
#include <string>

#include <xtensor/xtensor.hpp>

#include <llmlings/core/errors.hpp>

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

}  // namespace check
}  // namespace llmlings

#endif  // LLMLINGS_CORE_TENSOR_HPP
