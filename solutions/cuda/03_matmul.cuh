// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief SGEMM, C = α·A·B + β·C in float, in four kernels that each fix what made the one before
 * slow: naive, coalesced, shared-memory tiles, register blocking (siboehm's progression).
 *
 * All matrices are row-major: A is M × K, B is K × N, C is M × N. The kernels are numbered as the
 * steps of the guide: sgemm_1_naive_kernel, sgemm_2_coalesced_kernel, sgemm_3_shared_kernel,
 * sgemm_4_blocked_kernel. As BLAS does, C is not read when β = 0 (it may hold anything, NaN too).
 */
#ifndef LLMLINGS_CUDA_03_MATMUL_CUH
#define LLMLINGS_CUDA_03_MATMUL_CUH

#include <cstddef>
#include <limits>

#include <llmlings/cuda/01_saxpy.cuh>
#include <llmlings/cuda/runtime.hpp>

namespace llmlings {
namespace cuda {

namespace detail {

// Given: the last step every kernel shares, and the checks of the host function (you call them;
// they are not the exercise).

/// C[i] = α·acc + β·C[i]; C is not read when β = 0 (BLAS' rule).
__device__ inline void store_scaled(dev_ptr<float> c, int i, float alpha, float acc, float beta) {
    if (beta == 0.0f)
        c[i] = alpha * acc;
    else
        c[i] = alpha * acc + beta * c[i];
}

// End of the given code.

}  // namespace detail

/**
 * @ingroup cuda
 * @brief Step 1: one thread per element of C, its row from x and its column from y.
 *
 * Correct, and slow for a reason invisible in the code: the 32 threads of a warp have consecutive
 * x, so consecutive rows: at each k they read A at addresses K floats apart and write C N floats
 * apart — 32 memory transactions where one would do.
 */
__global__ void sgemm_1_naive_kernel(int M, int N, int K, float alpha, dev_ptr<const float> A, dev_ptr<const float> B,
                                     float beta, dev_ptr<float> C) {
    const int row = blockIdx.x * blockDim.x + threadIdx.x;
    const int col = blockIdx.y * blockDim.y + threadIdx.y;
    if (row < M && col < N) {
        float acc = 0.0f;
        for (int k = 0; k < K; ++k) acc += A[row * K + k] * B[k * N + col];
        detail::store_scaled(C, row * N + col, alpha, acc, beta);
    }
}

/**
 * @ingroup cuda
 * @brief Step 2: the same arithmetic with the column from x: a warp's threads share a row of A
 * (one address, broadcast) and read 32 consecutive floats of B and write 32 consecutive floats of
 * C — coalesced.
 */
__global__ void sgemm_2_coalesced_kernel(int M, int N, int K, float alpha, dev_ptr<const float> A,
                                         dev_ptr<const float> B, float beta, dev_ptr<float> C) {
    const int col = blockIdx.x * blockDim.x + threadIdx.x;
    const int row = blockIdx.y * blockDim.y + threadIdx.y;
    if (row < M && col < N) {
        float acc = 0.0f;
        for (int k = 0; k < K; ++k) acc += A[row * K + k] * B[k * N + col];
        detail::store_scaled(C, row * N + col, alpha, acc, beta);
    }
}

/**
 * @ingroup cuda
 * @brief Step 3: a block of Tile × Tile threads computes a Tile × Tile tile of C, walking along K
 * one Tile-wide slab at a time: each thread loads one element of A's slab and one of B's into
 * shared memory, the block waits, every thread reads Tile values of each from shared memory, the
 * block waits again.
 *
 * Every element loaded from global memory is now used Tile times. Elements outside the matrices
 * (the edges, when M, N or K is not a multiple of Tile) are loaded as 0, which adds nothing.
 * @tparam Tile the tile's side: Tile² threads per block, at most 1024 (a static_assert)
 */
template <int Tile>
__global__ void sgemm_3_shared_kernel(int M, int N, int K, float alpha, dev_ptr<const float> A, dev_ptr<const float> B,
                                      float beta, dev_ptr<float> C) {
    static_assert(Tile >= 1 && Tile * Tile <= 1024, "sgemm_3_shared_kernel: Tile² threads must fit in a block (1024)");
    __shared__ shared_array<float, Tile, Tile> As;
    __shared__ shared_array<float, Tile, Tile> Bs;
    const int tx = threadIdx.x, ty = threadIdx.y;
    const int row = blockIdx.y * Tile + ty, col = blockIdx.x * Tile + tx;
    float acc = 0.0f;
    for (int k0 = 0; k0 < K; k0 += Tile) {
        As[ty][tx] = row < M && k0 + tx < K ? A[row * K + k0 + tx] : 0.0f;
        Bs[ty][tx] = k0 + ty < K && col < N ? B[(k0 + ty) * N + col] : 0.0f;
        __syncthreads();
        for (int k = 0; k < Tile; ++k) acc += As[ty][k] * Bs[k][tx];
        __syncthreads();
    }
    if (row < M && col < N) detail::store_scaled(C, row * N + col, alpha, acc, beta);
}

/**
 * @ingroup cuda
 * @brief Step 4: register blocking. A block of (BM/TM)·(BN/TN) threads computes a BM × BN tile of
 * C; each thread computes a TM × TN patch of it in registers. Per step of BK along K, the block
 * loads BM × BK of A and BK × BN of B into shared memory (each thread a few elements), then each
 * thread, for each k, reads TM values of A and TN of B into registers and does TM·TN
 * multiply-adds with them.
 *
 * A thread now does TM·TN multiply-adds per TM + TN shared-memory reads instead of one per two:
 * the arithmetic, not the memory, becomes the limit.
 * @tparam BM, BN the block's tile of C; BK the slab's depth; TM, TN one thread's patch. BM is a
 * multiple of TM and BN of TN; the threads divide the slabs' BM·BK and BK·BN elements evenly
 * (static_asserts).
 */
template <int BM, int BN, int BK, int TM, int TN>
__global__ void sgemm_4_blocked_kernel(int M, int N, int K, float alpha, dev_ptr<const float> A, dev_ptr<const float> B,
                                       float beta, dev_ptr<float> C) {
    static_assert(BM % TM == 0 && BN % TN == 0, "sgemm_4_blocked_kernel: BM must be a multiple of TM, BN of TN");
    constexpr int threads = (BM / TM) * (BN / TN);
    static_assert(threads >= 1 && threads <= 1024,
                  "sgemm_4_blocked_kernel: (BM/TM)·(BN/TN) threads must fit in a block");
    static_assert((BM * BK) % threads == 0 && (BK * BN) % threads == 0,
                  "sgemm_4_blocked_kernel: every thread loads the same number of elements of each slab");
    __shared__ shared_array<float, BM, BK> As;
    __shared__ shared_array<float, BK, BN> Bs;
    const int t = threadIdx.x;
    const int thread_row = t / (BN / TN), thread_col = t % (BN / TN);
    const int row0 = blockIdx.y * BM, col0 = blockIdx.x * BN;
    float acc[TM][TN] = {};
    float a[TM], b[TN];
    for (int k0 = 0; k0 < K; k0 += BK) {
        for (int i = t; i < BM * BK; i += threads) {
            const int r = row0 + i / BK, c = k0 + i % BK;
            As[i / BK][i % BK] = r < M && c < K ? A[r * K + c] : 0.0f;
        }
        for (int i = t; i < BK * BN; i += threads) {
            const int r = k0 + i / BN, c = col0 + i % BN;
            Bs[i / BN][i % BN] = r < K && c < N ? B[r * N + c] : 0.0f;
        }
        __syncthreads();
        for (int k = 0; k < BK; ++k) {
            for (int i = 0; i < TM; ++i) a[i] = As[thread_row * TM + i][k];
            for (int j = 0; j < TN; ++j) b[j] = Bs[k][thread_col * TN + j];
            for (int i = 0; i < TM; ++i)
                for (int j = 0; j < TN; ++j) acc[i][j] += a[i] * b[j];
        }
        __syncthreads();
    }
    for (int i = 0; i < TM; ++i)
        for (int j = 0; j < TN; ++j) {
            const int r = row0 + thread_row * TM + i, c = col0 + thread_col * TN + j;
            if (r < M && c < N) detail::store_scaled(C, r * N + c, alpha, acc[i][j], beta);
        }
}

/// @ingroup cuda
/// @brief Which of the four kernels sgemm() launches.
enum class sgemm_kernel { naive, coalesced, shared, blocked };

namespace detail {

// Given: the checks of the host function.

/// The shapes against the buffers, and that an int indexes every element.
inline void check_sgemm(int M, int N, int K, std::size_t a, std::size_t b, std::size_t c) {
    if (M < 0 || N < 0 || K < 0)
        throw invalid_argument("sgemm", concat("M, N, K must be ≥ 0, got ", M, ", ", N, ", ", K));
    const auto size = [](int rows, int cols) {
        return static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols);
    };
    for (const std::size_t count : {size(M, K), size(K, N), size(M, N)})
        if (count > static_cast<std::size_t>(std::numeric_limits<int>::max()))
            throw invalid_argument(
                "sgemm", concat("a matrix of more than 2^31 - 1 elements (an int indexes them): M, N, K = ", M, ", ", N,
                                ", ", K));
    if (a != size(M, K) || b != size(K, N) || c != size(M, N))
        throw shape_error("sgemm", concat("A must hold M·K = ", size(M, K), ", B K·N = ", size(K, N),
                                          ", C M·N = ", size(M, N), " floats; got ", a, ", ", b, ", ", c));
}

// End of the given code.

}  // namespace detail

/**
 * @ingroup cuda
 * @brief C = α·A·B + β·C on the device with the chosen kernel: naive and coalesced on blocks of
 * 16 × 16 threads, shared on 32 × 32 (Tile = 32), blocked with BM = BN = 64, BK = 8, TM = TN = 8
 * (64 threads per block).
 *
 * Nothing is launched when M or N is 0; K = 0 gives C = β·C.
 * @throws invalid_argument when M, N or K is negative or a matrix has more than 2³¹ − 1 elements
 * @throws shape_error when a buffer does not hold its matrix
 */
inline void sgemm(sgemm_kernel kernel, int M, int N, int K, float alpha, const device_buffer<float>& A,
                  const device_buffer<float>& B, float beta, device_buffer<float>& C) {
    detail::check_sgemm(M, N, K, A.size(), B.size(), C.size());
    if (M == 0 || N == 0) return;
    const auto rows = static_cast<std::size_t>(M), cols = static_cast<std::size_t>(N);
    switch (kernel) {
        case sgemm_kernel::naive:
            launch(sgemm_1_naive_kernel, dim3(blocks_for(rows, 16), blocks_for(cols, 16)), dim3(16, 16))(
                M, N, K, alpha, A.ptr(), B.ptr(), beta, C.ptr());
            break;
        case sgemm_kernel::coalesced:
            launch(sgemm_2_coalesced_kernel, dim3(blocks_for(cols, 16), blocks_for(rows, 16)), dim3(16, 16))(
                M, N, K, alpha, A.ptr(), B.ptr(), beta, C.ptr());
            break;
        case sgemm_kernel::shared:
            launch(sgemm_3_shared_kernel<32>, dim3(blocks_for(cols, 32), blocks_for(rows, 32)), dim3(32, 32))(
                M, N, K, alpha, A.ptr(), B.ptr(), beta, C.ptr());
            break;
        case sgemm_kernel::blocked:
            launch(sgemm_4_blocked_kernel<64, 64, 8, 8, 8>, dim3(blocks_for(cols, 64), blocks_for(rows, 64)), dim3(64))(
                M, N, K, alpha, A.ptr(), B.ptr(), beta, C.ptr());
            break;
    }
}

}  // namespace cuda
}  // namespace llmlings

#endif  // LLMLINGS_CUDA_03_MATMUL_CUH
