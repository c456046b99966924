// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Row-wise softmax on the GPU: one thread per row in three passes, then one block per row
 * with the online softmax (the maximum and the sum in one pass, partial results merged by warp
 * shuffles) — the building block of flash attention (cuda/06).
 *
 * Both compute, for each row z of an R × C row-major matrix, y = exp(z − max z) / Σ exp(z − max z),
 * as ml/03's softmax does: stable at any scale (logits of ±10⁴ give no overflow), NaN in → a row
 * of NaN, a row of only −∞ → NaN (0/0), a −∞ among finite logits → probability 0.
 */
#ifndef LLMLINGS_CUDA_04_SOFTMAX_CUH
#define LLMLINGS_CUDA_04_SOFTMAX_CUH

#include <cmath>
#include <cstddef>
#include <limits>

#include <llmlings/cuda/runtime.hpp>

namespace llmlings {
namespace cuda {

/**
 * @ingroup cuda
 * @brief One thread per row: the row's maximum, then the sum of exp(z − max), then each
 * probability — three passes over the row from global memory.
 *
 * Right and simple, and slow on a GPU: a row is read three times by one thread, one element after
 * another, and neighbouring threads read elements C floats apart (uncoalesced).
 */
__global__ void softmax_rows_kernel(int rows, int cols, dev_ptr<const float> x, dev_ptr<float> y) {
    const int row = blockIdx.x * blockDim.x + threadIdx.x;
    if (row >= rows) return;
    const int base = row * cols;
    float m = -INFINITY;
    for (int j = 0; j < cols; ++j) m = fmaxf(m, x[base + j]);
    float d = 0.0f;
    for (int j = 0; j < cols; ++j) d += expf(x[base + j] - m);
    for (int j = 0; j < cols; ++j) y[base + j] = expf(x[base + j] - m) / d;
}

/**
 * @ingroup cuda
 * @brief The online softmax's step (Milakov & Gimelshein, 2018): after seeing x, m is the largest
 * value seen and d = Σ exp(seen − m).
 *
 * When x raises the maximum from m to m', the sum so far was relative to the old maximum and is
 * rescaled: d ← d·exp(m − m') + exp(x − m'). Start from m = −∞, d = 0. An x of −∞ adds e^(−∞) = 0
 * and changes nothing (computed, −∞ − (−∞) would be NaN while the maximum is still −∞).
 */
__device__ inline void online_softmax_step(float& m, float& d, float x) {
    if (x == -INFINITY) return;
    const float m_new = fmaxf(m, x);
    d = d * expf(m - m_new) + expf(x - m_new);
    m = m_new;
}

/**
 * @ingroup cuda
 * @brief Merges two online-softmax partial results (m, d) and (m2, d2) of disjoint parts of a row
 * into (m, d): max, and both sums rescaled to it. A part with d = 0 saw nothing and adds nothing
 * (its m = −∞ would otherwise give 0·exp(NaN)).
 */
__device__ inline void online_softmax_merge(float& m, float& d, float m2, float d2) {
    const float m_new = fmaxf(m, m2);
    d = (d == 0.0f ? 0.0f : d * expf(m - m_new)) + (d2 == 0.0f ? 0.0f : d2 * expf(m2 - m_new));
    m = m_new;
}

/**
 * @ingroup cuda
 * @brief One block of Block threads per row: each thread runs online_softmax_step over its
 * strided elements (j = t, t + Block, …), the partial (m, d) are merged across each warp by
 * `__shfl_xor_sync`, across the warps through shared memory, and every thread then writes its
 * elements' probabilities — two passes over the row, both coalesced.
 *
 * @tparam Block threads per block: a power of two from 32 to 1024 (a static_assert)
 */
template <unsigned Block>
__global__ void softmax_online_kernel(int rows, int cols, dev_ptr<const float> x, dev_ptr<float> y) {
    static_assert(Block >= 32 && Block <= 1024 && (Block & (Block - 1)) == 0,
                  "softmax_online_kernel: Block must be a power of two from 32 to 1024");
    constexpr unsigned warps = Block / 32;
    __shared__ shared_array<float, warps> warp_m;
    __shared__ shared_array<float, warps> warp_d;
    const int row = blockIdx.x;
    const unsigned t = threadIdx.x, lane = t % 32, warp = t / 32;
    if (row >= rows) return;  // the whole block: the barriers below are reached by all or none
    const int base = row * cols;
    float m = -INFINITY, d = 0.0f;
    for (int j = t; j < cols; j += Block) online_softmax_step(m, d, x[base + j]);
    for (int offset = 16; offset > 0; offset /= 2) {
        const float m2 = __shfl_xor_sync(0xffffffffu, m, offset);
        const float d2 = __shfl_xor_sync(0xffffffffu, d, offset);
        online_softmax_merge(m, d, m2, d2);
    }
    if (lane == 0) {
        warp_m[warp] = m;
        warp_d[warp] = d;
    }
    __syncthreads();
    // Every thread merges the warps' results itself (at most 32): no second exchange needed.
    m = warp_m[0];
    d = warp_d[0];
    for (unsigned w = 1; w < warps; ++w) online_softmax_merge(m, d, warp_m[w], warp_d[w]);
    for (int j = t; j < cols; j += Block) y[base + j] = expf(x[base + j] - m) / d;
}

namespace detail {

// Given: the checks of the host functions (you call them; they are not the exercise).

/// rows, cols ≥ 0, cols ≥ 1 when rows ≥ 1 (as ml::softmax), both buffers of rows·cols floats.
inline void check_softmax(const char* function, int rows, int cols, std::size_t x, std::size_t y) {
    if (rows < 0 || cols < 0)
        throw invalid_argument(function, concat("rows and cols must be ≥ 0, got ", rows, " × ", cols));
    if (rows > 0 && cols == 0)
        throw invalid_argument(function, concat("a row needs at least one logit (cols ≥ 1), got ", rows, " rows of 0"));
    const std::size_t count = static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols);
    if (count > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw invalid_argument(function,
                               concat("at most 2^31 - 1 elements (an int indexes them), got ", rows, " × ", cols));
    if (x != count || y != count)
        throw shape_error(function,
                          concat("a ", rows, " × ", cols, " matrix has ", count, " floats; x holds ", x, ", y ", y));
}

// End of the given code.

}  // namespace detail

/**
 * @ingroup cuda
 * @brief y = row-wise softmax of x (rows × cols) by softmax_rows_kernel, blocks of 128 threads.
 * @throws invalid_argument for negative sizes, or rows ≥ 1 with cols = 0
 * @throws shape_error when a buffer does not hold rows·cols floats
 */
inline void softmax_rows(int rows, int cols, const device_buffer<float>& x, device_buffer<float>& y) {
    detail::check_softmax("softmax_rows", rows, cols, x.size(), y.size());
    if (rows == 0) return;
    launch(softmax_rows_kernel, dim3((static_cast<unsigned>(rows) + 127) / 128), dim3(128))(rows, cols, x.ptr(),
                                                                                            y.ptr());
}

/**
 * @ingroup cuda
 * @brief y = row-wise softmax of x (rows × cols) by softmax_online_kernel<Block>: one block per row.
 * @throws invalid_argument for negative sizes, or rows ≥ 1 with cols = 0
 * @throws shape_error when a buffer does not hold rows·cols floats
 */
template <unsigned Block = 256>
void softmax_online(int rows, int cols, const device_buffer<float>& x, device_buffer<float>& y) {
    detail::check_softmax("softmax_online", rows, cols, x.size(), y.size());
    if (rows == 0) return;
    launch(softmax_online_kernel<Block>, dim3(static_cast<unsigned>(rows)), dim3(Block))(rows, cols, x.ptr(), y.ptr());
}

}  // namespace cuda
}  // namespace llmlings

#endif  // LLMLINGS_CUDA_04_SOFTMAX_CUH
