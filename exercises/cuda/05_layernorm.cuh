// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Layer normalisation forward and backward on the GPU, one block per row: block-wide sums
 * from warp sums (cuda/02), the two-pass variance, and the parameters' gradients gathered across
 * rows by atomics — transformer/04's layer_norm_forward and layer_norm_backward in float.
 *
 * Row-major x (R × C); γ, β, dγ, dβ of C floats; the per-row mean μ and r = 1/√(σ² + ε) of R
 * floats, which the forward writes and the backward reads (as transformer/04's cache).
 */
#ifndef LLMLINGS_CUDA_05_LAYERNORM_CUH
#define LLMLINGS_CUDA_05_LAYERNORM_CUH

#include <cmath>
#include <cstddef>
#include <limits>

#include <llmlings/cuda/02_reduction.cuh>
#include <llmlings/cuda/runtime.hpp>

namespace llmlings {
namespace cuda {

/**
 * @ingroup cuda
 * @brief The sum of v over the Block threads of a block, returned to every thread: warp_sum in
 * each warp, lane 0 of each writes its warp's sum to shared memory, and after a barrier every
 * thread adds those up in the same order (so all get the same float).
 *
 * A second barrier before returning: the next call writes the same shared array, and must not
 * while a slow thread still reads it. Every thread of the block must call it.
 * @tparam Block threads per block: a multiple of 32 up to 1024 (a static_assert)
 */
template <unsigned Block>
__device__ float block_sum(float v) {
    LLMLINGS_CUDA_TODO("cuda/05_layernorm", "block_sum");
}

/**
 * @ingroup cuda
 * @brief One block per row: μ = Σx / C, σ² = Σ(x − μ)² / C (two passes: no E[x²] − μ², which
 * loses everything in float when |μ| ≫ σ), r = 1/√(σ² + ε), y = (x − μ)·r·γ + β; thread 0 writes
 * μ and r for the backward.
 */
template <unsigned Block>
__global__ void layernorm_forward_kernel(int rows, int cols, float eps, dev_ptr<const float> x,
                                         dev_ptr<const float> gamma, dev_ptr<const float> beta, dev_ptr<float> y,
                                         dev_ptr<float> mean, dev_ptr<float> rstd) {
    LLMLINGS_CUDA_TODO("cuda/05_layernorm", "layernorm_forward_kernel");
}

/**
 * @ingroup cuda
 * @brief One block per row: with x̂ = (x − μ)·r and g = dy·γ,
 * dx = r·(g − mean(g) − x̂·mean(g·x̂)); dγ += dy·x̂ and dβ += dy, by atomicAdd (every row's block
 * adds to the same C elements).
 */
template <unsigned Block>
__global__ void layernorm_backward_kernel(int rows, int cols, dev_ptr<const float> x, dev_ptr<const float> gamma,
                                          dev_ptr<const float> mean, dev_ptr<const float> rstd, dev_ptr<const float> dy,
                                          dev_ptr<float> dx, dev_ptr<float> dgamma, dev_ptr<float> dbeta) {
    LLMLINGS_CUDA_TODO("cuda/05_layernorm", "layernorm_backward_kernel");
}

namespace detail {

// Given: the checks of the host functions (you call them; they are not the exercise).

/// rows, cols ≥ 0 (cols ≥ 1 when rows ≥ 1), every buffer its size, an int for every index.
inline void check_layernorm(const char* function, int rows, int cols, std::size_t matrix, std::size_t vector,
                            std::size_t per_row) {
    if (rows < 0 || cols < 0)
        throw invalid_argument(function, concat("rows and cols must be ≥ 0, got ", rows, " × ", cols));
    if (rows > 0 && cols == 0)
        throw invalid_argument(function, concat("a row needs at least one channel, got ", rows, " rows of 0"));
    const std::size_t count = static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols);
    if (count > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw invalid_argument(function,
                               concat("at most 2^31 - 1 elements (an int indexes them), got ", rows, " × ", cols));
    if (matrix != count || vector != static_cast<std::size_t>(cols) || per_row != static_cast<std::size_t>(rows))
        throw shape_error(function,
                          concat("expected ", count, " floats per matrix, ", cols, " per parameter vector and ", rows,
                                 " per row statistic; got ", matrix, ", ", vector, ", ", per_row));
}

// End of the given code.

}  // namespace detail

/**
 * @ingroup cuda
 * @brief y = LayerNorm(x)·γ + β, row by row (rows × cols), and each row's μ and r into mean and
 * rstd: layernorm_forward_kernel<Block> over rows blocks.
 * @throws invalid_argument for negative sizes, rows ≥ 1 with cols = 0, or ε not finite and > 0
 * @throws shape_error when a buffer does not hold its size
 */
template <unsigned Block = 256>
void layernorm_forward(int rows, int cols, float eps, const device_buffer<float>& x, const device_buffer<float>& gamma,
                       const device_buffer<float>& beta, device_buffer<float>& y, device_buffer<float>& mean,
                       device_buffer<float>& rstd) {
    todo("cuda/05_layernorm", "layernorm_forward");
}

/**
 * @ingroup cuda
 * @brief dx of layernorm_forward, written; dγ and dβ added to (`+=`, as the parameter store's
 * gradients): layernorm_backward_kernel<Block> over rows blocks, with the forward's mean and rstd.
 * @throws invalid_argument for negative sizes, or rows ≥ 1 with cols = 0
 * @throws shape_error when a buffer does not hold its size
 */
template <unsigned Block = 256>
void layernorm_backward(int rows, int cols, const device_buffer<float>& x, const device_buffer<float>& gamma,
                        const device_buffer<float>& mean, const device_buffer<float>& rstd,
                        const device_buffer<float>& dy, device_buffer<float>& dx, device_buffer<float>& dgamma,
                        device_buffer<float>& dbeta) {
    todo("cuda/05_layernorm", "layernorm_backward");
}

}  // namespace cuda
}  // namespace llmlings

#endif  // LLMLINGS_CUDA_05_LAYERNORM_CUH
