// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief One matrix product on raw row-major memory with leading dimensions: BLAS's sgemm/dgemm,
 * the kernel under every layer that multiplies (recurrent cells, attention, vector search).
 */
#ifndef LLMLINGS_CORE_BLAS_HPP
#define LLMLINGS_CORE_BLAS_HPP

#include <cstddef>

#include <xtensor-blas/xblas.hpp>

namespace llmlings {
namespace detail {

/**
 * @brief C (m,n) = α·op(A)·op(B) + β·C on row-major memory with leading dimensions: BLAS's
 * sgemm/dgemm through xtensor-blas's cxxblas layer.
 *
 * A leading dimension is the distance between two rows: time step t of a (B,T,F) buffer is the
 * (B,F) matrix at `data + t·F` with leading dimension T·F, so BLAS reads and writes a step in
 * place, without a copy. op(A) is A or Aᵀ (trans_a); A is stored (m,k), or (k,m) when transposed.
 * An empty C (m = 0 or n = 0) is left alone; k = 0 makes C = β·C without calling BLAS (whose
 * leading dimensions must be at least 1, which an empty A or B need not have).
 */
template <class T>
void gemm(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k, T alpha, const T* a, std::size_t lda,
          const T* b, std::size_t ldb, T beta, T* c, std::size_t ldc) {
    if (m == 0 || n == 0) return;
    if (k == 0) {
        for (std::size_t i = 0; i < m; ++i)
            for (std::size_t j = 0; j < n; ++j) c[i * ldc + j] = beta == T(0) ? T(0) : beta * c[i * ldc + j];
        return;
    }
    using index = xt::blas_index_t;
    cxxblas::gemm<index>(cxxblas::StorageOrder::RowMajor,
                         trans_a ? cxxblas::Transpose::Trans : cxxblas::Transpose::NoTrans,
                         trans_b ? cxxblas::Transpose::Trans : cxxblas::Transpose::NoTrans, static_cast<index>(m),
                         static_cast<index>(n), static_cast<index>(k), alpha, a, static_cast<index>(lda), b,
                         static_cast<index>(ldb), beta, c, static_cast<index>(ldc));
}

}  // namespace detail
}  // namespace llmlings

#endif  // LLMLINGS_CORE_BLAS_HPP
