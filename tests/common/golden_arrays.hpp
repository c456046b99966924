// SPDX-License-Identifier: MIT
// The arrays of a golden file (llmlings::testing::golden_file::array, an xt::xarray<double>) as the
// fixed-rank containers the oracles return. For oracle files only: it includes xtensor's xarray,
// which a test file should not compile on every save. Defined in common/oracles.cpp.
#ifndef LLMLINGS_TESTS_COMMON_GOLDEN_ARRAYS_HPP
#define LLMLINGS_TESTS_COMMON_GOLDEN_ARRAYS_HPP

#include <xtensor/xarray.hpp>

#include "common/oracles.hpp"

namespace oracles {

/// A rank-3 array as it is; a rank-4 array (a, b, c, d) as (a·b, c, d); other ranks throw shape_error.
tensor3 golden_tensor3(const xt::xarray<double>& a);
/// A rank-2 array; other ranks throw shape_error.
matrix golden_matrix(const xt::xarray<double>& a);
/// Any array, flattened in row-major order.
vector golden_vector(const xt::xarray<double>& a);
/// Any array of non-negative whole numbers, flattened, as indices (shape_error for another value).
index_vector golden_ids(const xt::xarray<double>& a);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_COMMON_GOLDEN_ARRAYS_HPP
