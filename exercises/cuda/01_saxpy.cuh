// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Vector add, matrix add and SAXPY: one thread per element, the index from the block and
 * the thread, grids that do not divide the data, and grid-stride loops.
 *
 * The first kernels, where every idea of the module starts: a kernel is the body of a loop, run
 * once per thread; a thread finds its element from `blockIdx`, `blockDim` and `threadIdx`; the
 * grid has whole blocks, so the last one reaches past the data and its extra threads must do
 * nothing; and a grid-stride loop lets a fixed grid cover any n.
 */
#ifndef LLMLINGS_CUDA_01_SAXPY_CUH
#define LLMLINGS_CUDA_01_SAXPY_CUH

#include <cstddef>
#include <limits>

#include <llmlings/cuda/runtime.hpp>

namespace llmlings {
namespace cuda {

/**
 * @ingroup cuda
 * @brief c[i] = a[i] + b[i] for i < n: thread i of the grid adds element i.
 *
 * Thread i is `blockIdx.x * blockDim.x + threadIdx.x`; the threads with i ≥ n (the end of the
 * last block) do nothing. Launch it with at least n threads (vector_add()).
 */
__global__ void vector_add_kernel(int n, dev_ptr<const float> a, dev_ptr<const float> b, dev_ptr<float> c) {
    LLMLINGS_CUDA_TODO("cuda/01_saxpy", "vector_add_kernel");
}

/**
 * @ingroup cuda
 * @brief C = A + B for row-major rows × cols matrices, on a two-dimensional grid: x runs along a
 * row (the column index), y down the columns (the row index).
 *
 * With x as the column, the 32 threads of a warp (consecutive x) read 32 consecutive floats: one
 * memory transaction instead of 32 (coalescing, cuda/03).
 */
__global__ void matrix_add_kernel(int rows, int cols, dev_ptr<const float> a, dev_ptr<const float> b,
                                  dev_ptr<float> c) {
    LLMLINGS_CUDA_TODO("cuda/01_saxpy", "matrix_add_kernel");
}

/**
 * @ingroup cuda
 * @brief y[i] = alpha·x[i] + y[i] for every i < n (BLAS' SAXPY), with a grid-stride loop.
 *
 * Thread t of a grid of T threads handles elements t, t + T, t + 2T, …: any grid covers any n,
 * each element exactly once, and the threads of a warp still touch consecutive elements.
 */
__global__ void saxpy_kernel(int n, float alpha, dev_ptr<const float> x, dev_ptr<float> y) {
    LLMLINGS_CUDA_TODO("cuda/01_saxpy", "saxpy_kernel");
}

namespace detail {

// Given: the checks of the host functions (you call them; they are not the exercise).

/// Threads per block: 1 to 1024 (CUDA's limit).
inline void check_block(const char* function, unsigned block) {
    if (block == 0 || block > 1024)
        throw invalid_argument(function, concat("threads per block must be 1 to 1024, got ", block));
}

/// The element count as the kernels' int, and that the two buffers hold it.
template <class A, class B>
int check_lengths(const char* function, const A& a, const B& b) {
    if (a.size() != b.size())
        throw shape_error(function, concat("the buffers differ in length: ", a.size(), " and ", b.size()));
    if (a.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw invalid_argument(function, concat("at most 2^31 - 1 elements (an int indexes them), got ", a.size()));
    return static_cast<int>(a.size());
}

// End of the given code.

}  // namespace detail

/**
 * @ingroup cuda
 * @brief The blocks of `block` threads that cover n elements, one element per thread: ⌈n / block⌉.
 *
 * blocks_for(1000, 256) = 4 (1024 threads, the last 24 idle); blocks_for(0, 256) = 0.
 * @throws invalid_argument when block is 0
 */
inline unsigned blocks_for(std::size_t n, unsigned block) {
    todo("cuda/01_saxpy", "blocks_for");
}

/**
 * @ingroup cuda
 * @brief c = a + b on the device: vector_add_kernel over blocks_for(n, block) blocks.
 *
 * Nothing is launched for n = 0 (a grid of 0 blocks is an error on a GPU).
 * @throws shape_error when the lengths differ
 * @throws invalid_argument when block is not 1 to 1024
 */
inline void vector_add(const device_buffer<float>& a, const device_buffer<float>& b, device_buffer<float>& c,
                       unsigned block = 256) {
    todo("cuda/01_saxpy", "vector_add");
}

/**
 * @ingroup cuda
 * @brief C = A + B for rows × cols matrices on the device: blocks of block_x × block_y threads
 * tiling the matrix, x along a row.
 *
 * @throws shape_error when a buffer does not hold rows·cols floats
 * @throws invalid_argument when block_x·block_y is not 1 to 1024
 */
inline void matrix_add(int rows, int cols, const device_buffer<float>& a, const device_buffer<float>& b,
                       device_buffer<float>& c, unsigned block_x = 32, unsigned block_y = 8) {
    todo("cuda/01_saxpy", "matrix_add");
}

/**
 * @ingroup cuda
 * @brief y = alpha·x + y on the device: saxpy_kernel over `blocks` blocks of `block` threads
 * (0 blocks: enough for one element per thread, blocks_for(n, block)).
 *
 * A smaller grid is covered by the kernel's grid-stride loop: saxpy(a, x, y, 256, 2) updates all
 * of y with 512 threads.
 * @throws shape_error when the lengths differ
 * @throws invalid_argument when block is not 1 to 1024
 */
inline void saxpy(float alpha, const device_buffer<float>& x, device_buffer<float>& y, unsigned block = 256,
                  unsigned blocks = 0) {
    todo("cuda/01_saxpy", "saxpy");
}

}  // namespace cuda
}  // namespace llmlings

#endif  // LLMLINGS_CUDA_01_SAXPY_CUH
