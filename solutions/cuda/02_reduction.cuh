// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Reduction: the sum of a vector as a tree in shared memory, the last 32 values by warp
 * shuffles, blocks combined by a second launch; and the atomic sum it replaces.
 *
 * The pattern behind every reduction of the later topics (the maximum and the sum of softmax,
 * the mean and variance of layer norm): threads first add in registers, then halve the number of
 * partial sums at each step, with a barrier between steps, until one value per block is left.
 */
#ifndef LLMLINGS_CUDA_02_REDUCTION_CUH
#define LLMLINGS_CUDA_02_REDUCTION_CUH

#include <algorithm>
#include <cstddef>
#include <limits>
#include <vector>

#include <llmlings/cuda/01_saxpy.cuh>
#include <llmlings/cuda/runtime.hpp>

namespace llmlings {
namespace cuda {

/**
 * @ingroup cuda
 * @brief The sum of v over the 32 lanes of a warp, in lane 0: five steps of `__shfl_down_sync`
 * with offsets 16, 8, 4, 2, 1.
 *
 * At offset k each lane adds the value of lane + k; a lane whose source lies beyond lane 31 gets
 * its own value back and adds garbage to its own partial sum, which lane 0 never reads. Every
 * lane of the warp must call it (the mask is all 32 lanes).
 */
__device__ inline float warp_sum(float v) {
    for (int offset = warpSize / 2; offset > 0; offset /= 2) v += __shfl_down_sync(0xffffffffu, v, offset);
    return v;
}

/**
 * @ingroup cuda
 * @brief partial[blockIdx.x] = the sum of this block's share of x[0 … n): launched with Block
 * threads per block, over any grid.
 *
 * 1. Grid-stride: each thread adds x[i] for i = its global index, + Block·gridDim.x, … into a
 *    register.
 * 2. Tree: the Block partial sums go to shared memory; while more than 32 are left, the first
 *    half adds the second half (stride Block/2, Block/4, …, 32), with `__syncthreads()` after each step.
 * 3. Warp: the first warp adds the last 32 by warp_sum(); lane 0 writes the block's sum.
 *
 * @tparam Block threads per block: a power of two from 32 to 1024 (a static_assert)
 */
template <unsigned Block>
__global__ void block_sum_kernel(int n, dev_ptr<const float> x, dev_ptr<float> partial) {
    static_assert(Block >= 32 && Block <= 1024 && (Block & (Block - 1)) == 0,
                  "block_sum_kernel: Block must be a power of two from 32 to 1024");
    __shared__ shared_array<float, Block> s;
    const unsigned t = threadIdx.x;
    float v = 0.0f;
    for (int i = blockIdx.x * Block + t; i < n; i += Block * gridDim.x) v += x[i];
    s[t] = v;
    __syncthreads();
    for (unsigned stride = Block / 2; stride >= 32; stride /= 2) {
        if (t < stride) s[t] += s[t + stride];
        __syncthreads();
    }
    if (t < 32) {
        const float total = warp_sum(s[t]);
        if (t == 0) partial[blockIdx.x] = total;
    }
}

/**
 * @ingroup cuda
 * @brief *total += x[i] for every i < n by atomicAdd, one element per thread (grid-stride): the
 * simplest correct sum, and the slowest — every addition waits for the one before it.
 *
 * The order of the additions is whatever order the threads reach the atomic in, so on a GPU the
 * last bits of the result change from run to run.
 */
__global__ void atomic_sum_kernel(int n, dev_ptr<const float> x, dev_ptr<float> total) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) atomicAdd(&total[0], x[i]);
}

namespace detail {

// Given: the checks of the host functions (you call them; they are not the exercise).

/// The element count as the kernels' int.
inline int check_count(const char* function, std::size_t n) {
    if (n > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw invalid_argument(function, concat("at most 2^31 - 1 elements (an int indexes them), got ", n));
    return static_cast<int>(n);
}

// End of the given code.

}  // namespace detail

/**
 * @ingroup cuda
 * @brief The sum of x by block_sum_kernel: one launch over `blocks` blocks of Block threads writes
 * one partial sum per block, a second launch of one block adds those.
 *
 * @param x the vector, on the device
 * @param blocks blocks of the first launch; 0: blocks_for(n, Block), at most 256 (each thread then
 *        adds several elements first — more blocks than the GPU runs at once only wait)
 * @return the sum in float; 0 for an empty x; NaN when x holds a NaN, ±∞ as IEEE addition gives
 * @throws invalid_argument for more than 2³¹ − 1 elements
 *
 * Error: each element passes through at most k = ⌈n / (blocks·Block)⌉ + ⌈blocks / Block⌉ + 2·log₂(Block)
 * float additions, so |sum − exact| ≤ k·2⁻²⁴·Σ|xᵢ| (Higham, *Accuracy and Stability of Numerical
 * Algorithms*, §4.2); a running sum's bound is n·2⁻²⁴·Σ|xᵢ|.
 */
template <unsigned Block = 256>
float sum(const device_buffer<float>& x, unsigned blocks = 0) {
    const int n = detail::check_count("sum", x.size());
    if (n == 0) return 0.0f;
    if (blocks == 0) blocks = std::min(blocks_for(x.size(), Block), 256u);
    device_buffer<float> partial(blocks, "partial"), total(1, "total");
    launch(block_sum_kernel<Block>, dim3(blocks), dim3(Block))(n, x.ptr(), partial.ptr());
    launch(block_sum_kernel<Block>, dim3(1), dim3(Block))(static_cast<int>(blocks), partial.ptr(), total.ptr());
    return total.to_host()[0];
}

/**
 * @ingroup cuda
 * @brief The sum of x by atomic_sum_kernel over blocks_for(n, block) blocks (at most 256).
 *
 * @return the sum in float; 0 for an empty x
 * @throws invalid_argument for more than 2³¹ − 1 elements, or block not 1 to 1024
 */
inline float atomic_sum(const device_buffer<float>& x, unsigned block = 256) {
    const int n = detail::check_count("atomic_sum", x.size());
    detail::check_block("atomic_sum", block);
    device_buffer<float> total(std::vector<float>{0.0f}, "total");
    if (n > 0)
        launch(atomic_sum_kernel, dim3(std::min(blocks_for(x.size(), block), 256u)), dim3(block))(n, x.ptr(),
                                                                                                  total.ptr());
    return total.to_host()[0];
}

}  // namespace cuda
}  // namespace llmlings

#endif  // LLMLINGS_CUDA_02_REDUCTION_CUH
