// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Dequantise-and-matmul: a linear layer y = x·Wᵀ whose weights are stored quantised — int8
 * absmax (peft/04) or NF4 (peft/05, QLoRA's base weights) — and turned back into floats inside the
 * kernel, element by element, never as a whole float matrix.
 *
 * x is B × in, W is out × in (PyTorch's layout), y is B × out, all row-major. The codes are as
 * peft stores them: int8 codes with one scale per group of `group` consecutive values of W's
 * row-major order (per channel: group = in; per block: the block; per tensor: out·in); NF4 two
 * codes per byte, the even element in the high nibble, with one float scale per block of `block`
 * values (a double-quantised tensor's scales dequantised first: peft::nf4_block_scale) and the 16
 * NF4 levels (peft::nf4_levels).
 */
#ifndef LLMLINGS_CUDA_07_DEQUANT_MATMUL_CUH
#define LLMLINGS_CUDA_07_DEQUANT_MATMUL_CUH

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>

#include <llmlings/cuda/01_saxpy.cuh>
#include <llmlings/cuda/runtime.hpp>

namespace llmlings {
namespace cuda {

/**
 * @ingroup cuda
 * @brief W's element k (row-major) of an NF4 tensor: level[code]·scale of k's block, the code in
 * the high nibble of byte k/2 for even k and in the low nibble for odd k.
 */
__device__ inline float nf4_value(dev_ptr<const std::uint8_t> packed, dev_ptr<const float> scales,
                                  dev_ptr<const float> levels, int block, int k) {
    const std::uint8_t byte = packed[k / 2];
    const int code = k % 2 == 0 ? byte >> 4 : byte & 0x0F;
    return levels[code] * scales[k / block];
}

/**
 * @ingroup cuda
 * @brief Every element of an NF4 tensor of n values back to float: one thread per element
 * (grid-stride), out[k] = nf4_value(k).
 */
__global__ void nf4_dequantize_kernel(int n, dev_ptr<const std::uint8_t> packed, dev_ptr<const float> scales,
                                      dev_ptr<const float> levels, int block, dev_ptr<float> out) {
    for (int k = blockIdx.x * blockDim.x + threadIdx.x; k < n; k += blockDim.x * gridDim.x)
        out[k] = nf4_value(packed, scales, levels, block, k);
}

/**
 * @ingroup cuda
 * @brief y[b][o] = Σᵢ x[b][i]·(codes[o·in + i]·scales[(o·in + i) / group]): one thread per output
 * (o from x, so a warp's threads share the row of x), the weights dequantised as they are read.
 *
 * Each weight costs one byte of memory traffic instead of four — the point of quantised inference,
 * whose matrix products at batch 1 wait on memory, not arithmetic.
 */
__global__ void int8_linear_kernel(int batch, int in, int out, dev_ptr<const float> x, dev_ptr<const std::int8_t> codes,
                                   dev_ptr<const float> scales, int group, dev_ptr<float> y) {
    const int o = blockIdx.x * blockDim.x + threadIdx.x;
    const int b = blockIdx.y * blockDim.y + threadIdx.y;
    if (o >= out || b >= batch) return;
    float acc = 0.0f;
    for (int i = 0; i < in; ++i) {
        const int k = o * in + i;
        acc += x[b * in + i] * (static_cast<float>(codes[k]) * scales[k / group]);
    }
    y[b * out + o] = acc;
}

/**
 * @ingroup cuda
 * @brief y = x·Wᵀ for an NF4 W, laid out as int8_linear_kernel: each weight is nf4_value() of its
 * index — half a byte of codes per weight read, and a level looked up.
 */
__global__ void nf4_linear_kernel(int batch, int in, int out, dev_ptr<const float> x,
                                  dev_ptr<const std::uint8_t> packed, dev_ptr<const float> scales,
                                  dev_ptr<const float> levels, int block, dev_ptr<float> y) {
    const int o = blockIdx.x * blockDim.x + threadIdx.x;
    const int b = blockIdx.y * blockDim.y + threadIdx.y;
    if (o >= out || b >= batch) return;
    float acc = 0.0f;
    for (int i = 0; i < in; ++i) acc += x[b * in + i] * nf4_value(packed, scales, levels, block, o * in + i);
    y[b * out + o] = acc;
}

namespace detail {

// Given: the checks of the host functions (you call them; they are not the exercise).

/// Sizes ≥ 0, an int for every index, the activations' buffers.
inline std::size_t check_linear(const char* function, int batch, int in, int out, std::size_t x, std::size_t y) {
    if (batch < 0 || in < 0 || out < 0)
        throw invalid_argument(function, concat("batch, in and out must be ≥ 0, got ", batch, ", ", in, ", ", out));
    const auto size = [](int a, int b) { return static_cast<std::size_t>(a) * static_cast<std::size_t>(b); };
    for (const std::size_t count : {size(batch, in), size(out, in), size(batch, out)})
        if (count > static_cast<std::size_t>(std::numeric_limits<int>::max()))
            throw invalid_argument(
                function, concat("more than 2^31 - 1 elements in a matrix (an int indexes them): batch, in, out = ",
                                 batch, ", ", in, ", ", out));
    if (x != size(batch, in) || y != size(batch, out))
        throw shape_error(function, concat("x must hold batch·in = ", size(batch, in),
                                           " floats and y batch·out = ", size(batch, out), "; got ", x, " and ", y));
    return size(out, in);
}

/// A group or block size that divides the weights, and one scale per group.
inline void check_groups(const char* function, std::size_t weights, int group, std::size_t scales) {
    if (group < 1 || (weights > 0 && weights % static_cast<std::size_t>(group) != 0))
        throw invalid_argument(
            function, concat("the group (block) size must be ≥ 1 and divide the ", weights, " weights, got ", group));
    if (scales != weights / static_cast<std::size_t>(group))
        throw shape_error(function, concat("expected one scale per group: ", weights / static_cast<std::size_t>(group),
                                           ", got ", scales));
}

/// NF4: an even number of weights (two per byte), their bytes, and the 16 levels.
inline void check_nf4(const char* function, std::size_t weights, std::size_t packed, std::size_t levels) {
    if (weights % 2 != 0)
        throw invalid_argument(function, concat("NF4 packs two weights per byte: an even count, got ", weights));
    if (packed != weights / 2)
        throw shape_error(function, concat("expected ", weights / 2, " bytes of codes, got ", packed));
    if (levels != 16) throw shape_error(function, concat("expected the 16 NF4 levels, got ", levels));
}

// End of the given code.

}  // namespace detail

/**
 * @ingroup cuda
 * @brief y = x·Wᵀ (batch × out) for W (out × in) in absmax int8: int8_linear_kernel over blocks of
 * 32 outputs × 8 rows of the batch.
 * @throws invalid_argument for negative sizes, or a group that does not divide out·in
 * @throws shape_error when a buffer does not hold its size (codes out·in, one scale per group)
 */
inline void int8_linear(int batch, int in, int out, const device_buffer<float>& x,
                        const device_buffer<std::int8_t>& codes, const device_buffer<float>& scales, int group,
                        device_buffer<float>& y) {
    const std::size_t weights = detail::check_linear("int8_linear", batch, in, out, x.size(), y.size());
    if (codes.size() != weights)
        throw shape_error("int8_linear", concat("expected out·in = ", weights, " codes, got ", codes.size()));
    detail::check_groups("int8_linear", weights, group, scales.size());
    if (batch == 0 || out == 0) return;
    const dim3 grid(blocks_for(static_cast<std::size_t>(out), 32), blocks_for(static_cast<std::size_t>(batch), 8));
    launch(int8_linear_kernel, grid, dim3(32, 8))(batch, in, out, x.ptr(), codes.ptr(), scales.ptr(), group, y.ptr());
}

/**
 * @ingroup cuda
 * @brief y = x·Wᵀ (batch × out) for W (out × in) in NF4: nf4_linear_kernel over blocks of 32
 * outputs × 8 rows of the batch.
 * @throws invalid_argument for negative sizes, an odd out·in, or a block that does not divide it
 * @throws shape_error when a buffer does not hold its size (out·in/2 bytes, a scale per block, 16 levels)
 */
inline void nf4_linear(int batch, int in, int out, const device_buffer<float>& x,
                       const device_buffer<std::uint8_t>& packed, const device_buffer<float>& scales,
                       const device_buffer<float>& levels, int block, device_buffer<float>& y) {
    const std::size_t weights = detail::check_linear("nf4_linear", batch, in, out, x.size(), y.size());
    detail::check_nf4("nf4_linear", weights, packed.size(), levels.size());
    detail::check_groups("nf4_linear", weights, block, scales.size());
    if (batch == 0 || out == 0) return;
    const dim3 grid(blocks_for(static_cast<std::size_t>(out), 32), blocks_for(static_cast<std::size_t>(batch), 8));
    launch(nf4_linear_kernel, grid, dim3(32, 8))(batch, in, out, x.ptr(), packed.ptr(), scales.ptr(), levels.ptr(),
                                                 block, y.ptr());
}

/**
 * @ingroup cuda
 * @brief The n weights of an NF4 tensor back to float, by nf4_dequantize_kernel (blocks of 256).
 * @throws invalid_argument for an odd n or a block that does not divide it
 * @throws shape_error when a buffer does not hold its size
 */
inline void nf4_dequantize(const device_buffer<std::uint8_t>& packed, const device_buffer<float>& scales,
                           const device_buffer<float>& levels, int block, device_buffer<float>& out) {
    const std::size_t n = out.size();
    if (n > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw invalid_argument("nf4_dequantize", concat("at most 2^31 - 1 weights (an int indexes them), got ", n));
    detail::check_nf4("nf4_dequantize", n, packed.size(), levels.size());
    detail::check_groups("nf4_dequantize", n, block, scales.size());
    if (n == 0) return;
    launch(nf4_dequantize_kernel, dim3(std::min(blocks_for(n, 256), 1024u)), dim3(256))(
        static_cast<int>(n), packed.ptr(), scales.ptr(), levels.ptr(), block, out.ptr());
}

}  // namespace cuda
}  // namespace llmlings

#endif  // LLMLINGS_CUDA_07_DEQUANT_MATMUL_CUH
