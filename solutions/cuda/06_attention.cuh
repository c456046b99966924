// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Scaled dot-product attention forward on the GPU: naive (the scores of every query written
 * to memory, softmaxed, multiplied by V), then tiled with the online softmax, flash-style (keys and
 * values walked in tiles through shared memory, the scores never stored).
 *
 * Shapes as transformer/01's, row-major: q (N, T_q, d), k and v (N, T_k, d), out (N, T_q, d), for N
 * problems (batch × heads). O = softmax(Q·Kᵀ/√d + M)·V, with the causal mask M aligned to the
 * bottom right (query i sees keys j ≤ i + T_k − T_q, as transformer/01 and FlashAttention); a query
 * that sees no key gets 0.
 */
#ifndef LLMLINGS_CUDA_06_ATTENTION_CUH
#define LLMLINGS_CUDA_06_ATTENTION_CUH

#include <cmath>
#include <cstddef>
#include <limits>

#include <llmlings/cuda/runtime.hpp>

namespace llmlings {
namespace cuda {

/**
 * @ingroup cuda
 * @brief How many keys query i sees: T_k, or under the causal mask i + 1 + T_k − T_q clamped to
 * [0, T_k] (bottom-right aligned, as transformer/01's key_limit).
 */
__device__ __host__ inline int visible_keys(int i, int Tq, int Tk, bool causal) {
    if (!causal) return Tk;
    const int last = i + 1 + Tk - Tq;
    return last < 0 ? 0 : last > Tk ? Tk : last;
}

/**
 * @ingroup cuda
 * @brief One thread per query (n, i), the way attention is written without thinking about memory:
 * its T_k scores s_j = q·k_j/√d go to row (n, i) of the scratch buffer p (N, T_q, T_k), which it
 * then turns into softmax weights in place (the maximum, exp(s − max), the sum) and multiplies by V.
 *
 * The scratch buffer is N·T_q·T_k floats — the T² memory that flash attention removes — and every
 * score is written once and read three times.
 */
__global__ void attention_naive_kernel(int N, int Tq, int Tk, int d, bool causal, float scale, dev_ptr<const float> q,
                                       dev_ptr<const float> k, dev_ptr<const float> v, dev_ptr<float> p,
                                       dev_ptr<float> out) {
    const int idx = blockIdx.x * blockDim.x + threadIdx.x;
    if (idx >= N * Tq) return;
    const int n = idx / Tq, i = idx % Tq;
    const int limit = visible_keys(i, Tq, Tk, causal);
    const int qrow = (n * Tq + i) * d, prow = (n * Tq + i) * Tk;
    float m = -INFINITY;
    for (int j = 0; j < limit; ++j) {
        float s = 0.0f;
        for (int c = 0; c < d; ++c) s += q[qrow + c] * k[(n * Tk + j) * d + c];
        p[prow + j] = s * scale;
        m = fmaxf(m, s * scale);
    }
    float sum = 0.0f;
    for (int j = 0; j < limit; ++j) {
        const float e = expf(p[prow + j] - m);
        p[prow + j] = e;
        sum += e;
    }
    for (int c = 0; c < d; ++c) {
        float acc = 0.0f;
        for (int j = 0; j < limit; ++j) acc += p[prow + j] * v[(n * Tk + j) * d + c];
        out[qrow + c] = limit > 0 ? acc / sum : 0.0f;
    }
}

/**
 * @ingroup cuda
 * @brief Flash-style: a block of Br threads takes Br consecutive queries of one problem (thread t:
 * query blockIdx.x·Br + t, its q row in registers) and walks the keys in tiles of Bc. Per tile the
 * block loads Bc rows of K and of V into shared memory and waits; each thread then folds the
 * tile's scores into its own online softmax (cuda/04) — the running maximum m, the sum l, and the
 * output accumulator, all rescaled by exp(m − m') when the maximum grows — and the block waits
 * again before the next tile. The scores are never stored; out = acc / l at the end.
 *
 * Under the causal mask a thread stops at its own limit inside a tile, and the block stops after
 * the tile that holds its last query's limit (every thread runs the same tiles and barriers).
 * @tparam Br queries (threads) per block; Bc keys per tile; D the largest head size d (the q row
 *         and the accumulator are D registers). static_asserts keep them to what a block can hold.
 */
template <int Br, int Bc, int D>
__global__ void attention_flash_kernel(int N, int Tq, int Tk, int d, bool causal, float scale, dev_ptr<const float> q,
                                       dev_ptr<const float> k, dev_ptr<const float> v, dev_ptr<float> out) {
    static_assert(Br >= 1 && Br <= 1024, "attention_flash_kernel: Br threads must fit in a block");
    static_assert(Bc >= 1 && D >= 1 && 2 * Bc * D * 4 <= 48 * 1024,
                  "attention_flash_kernel: the K and V tiles must fit in 48 KiB of shared memory");
    __shared__ shared_array<float, Bc, D> ks;
    __shared__ shared_array<float, Bc, D> vs;
    const int n = blockIdx.y, t = threadIdx.x, i = blockIdx.x * Br + t;
    if (n >= N) return;  // the whole block
    const bool active = i < Tq;
    const int limit = active ? visible_keys(i, Tq, Tk, causal) : 0;
    const int block_end = static_cast<int>(blockIdx.x + 1) * Br;
    const int last = (block_end < Tq ? block_end : Tq) - 1;
    const int block_limit = visible_keys(last, Tq, Tk, causal);
    float qr[D], acc[D];
    for (int c = 0; c < d; ++c) {
        qr[c] = active ? q[(n * Tq + i) * d + c] : 0.0f;
        acc[c] = 0.0f;
    }
    float m = -INFINITY, l = 0.0f;
    for (int j0 = 0; j0 < block_limit; j0 += Bc) {
        for (int e = t; e < Bc * d; e += Br) {
            const int r = e / d, c = e % d, j = j0 + r;
            ks[r][c] = j < Tk ? k[(n * Tk + j) * d + c] : 0.0f;
            vs[r][c] = j < Tk ? v[(n * Tk + j) * d + c] : 0.0f;
        }
        __syncthreads();
        for (int r = 0; r < Bc && j0 + r < limit; ++r) {
            float s = 0.0f;
            for (int c = 0; c < d; ++c) s += qr[c] * ks[r][c];
            s *= scale;
            const float m_new = fmaxf(m, s);
            const float correction = expf(m - m_new), weight = expf(s - m_new);
            l = l * correction + weight;
            for (int c = 0; c < d; ++c) acc[c] = acc[c] * correction + weight * vs[r][c];
            m = m_new;
        }
        __syncthreads();
    }
    if (active)
        for (int c = 0; c < d; ++c) out[(n * Tq + i) * d + c] = limit > 0 ? acc[c] / l : 0.0f;
}

namespace detail {

// Given: the checks of the host functions (you call them; they are not the exercise).

/// N, T_q, T_k ≥ 0, 1 ≤ d ≤ max_d, the buffers' sizes, an int for every index.
inline void check_attention(const char* function, int N, int Tq, int Tk, int d, int max_d, std::size_t q, std::size_t k,
                            std::size_t v, std::size_t out) {
    if (N < 0 || Tq < 0 || Tk < 0)
        throw invalid_argument(function, concat("N, T_q, T_k must be ≥ 0, got ", N, ", ", Tq, ", ", Tk));
    if (d < 1 || d > max_d)
        throw invalid_argument(function, concat("the head size d must be 1 to ", max_d, ", got ", d));
    const auto size = [](int a, int b, int c) {
        return static_cast<std::size_t>(a) * static_cast<std::size_t>(b) * static_cast<std::size_t>(c);
    };
    for (const std::size_t count : {size(N, Tq, d), size(N, Tk, d), size(N, Tq, Tk)})
        if (count > static_cast<std::size_t>(std::numeric_limits<int>::max()))
            throw invalid_argument(
                function, concat("more than 2^31 - 1 elements in a tensor (an int indexes them): N, T_q, T_k, d = ", N,
                                 ", ", Tq, ", ", Tk, ", ", d));
    if (q != size(N, Tq, d) || k != size(N, Tk, d) || v != size(N, Tk, d) || out != size(N, Tq, d))
        throw shape_error(function, concat("expected q and out of N·T_q·d = ", size(N, Tq, d),
                                           " floats, k and v of N·T_k·d = ", size(N, Tk, d), "; got ", q, ", ", k, ", ",
                                           v, ", ", out));
}

// End of the given code.

}  // namespace detail

/**
 * @ingroup cuda
 * @brief out = attention(q, k, v) by attention_naive_kernel, with blocks of 128 threads; `scores`
 * is its scratch of N·T_q·T_k floats.
 * @throws invalid_argument for negative sizes or d < 1
 * @throws shape_error when a buffer does not hold its tensor
 */
inline void attention_naive(int N, int Tq, int Tk, int d, bool causal, const device_buffer<float>& q,
                            const device_buffer<float>& k, const device_buffer<float>& v, device_buffer<float>& out,
                            device_buffer<float>& scores) {
    detail::check_attention("attention_naive", N, Tq, Tk, d, std::numeric_limits<int>::max(), q.size(), k.size(),
                            v.size(), out.size());
    if (scores.size() != static_cast<std::size_t>(N) * static_cast<std::size_t>(Tq) * static_cast<std::size_t>(Tk))
        throw shape_error("attention_naive", concat("scores must hold N·T_q·T_k floats, got ", scores.size()));
    if (N == 0 || Tq == 0) return;
    const float scale = 1.0f / std::sqrt(static_cast<float>(d));
    launch(attention_naive_kernel, dim3((static_cast<unsigned>(N) * static_cast<unsigned>(Tq) + 127) / 128), dim3(128))(
        N, Tq, Tk, d, causal, scale, q.ptr(), k.ptr(), v.ptr(), scores.ptr(), out.ptr());
}

/**
 * @ingroup cuda
 * @brief out = attention(q, k, v) by attention_flash_kernel<Br, Bc, D>: ⌈T_q / Br⌉ × N blocks of Br
 * threads; no scratch memory.
 * @throws invalid_argument for negative sizes, or d not in [1, D]
 * @throws shape_error when a buffer does not hold its tensor
 */
template <int Br = 32, int Bc = 32, int D = 64>
void attention_flash(int N, int Tq, int Tk, int d, bool causal, const device_buffer<float>& q,
                     const device_buffer<float>& k, const device_buffer<float>& v, device_buffer<float>& out) {
    detail::check_attention("attention_flash", N, Tq, Tk, d, D, q.size(), k.size(), v.size(), out.size());
    if (N > 65535) throw invalid_argument("attention_flash", concat("at most 65535 problems (the grid's y), got ", N));
    if (N == 0 || Tq == 0) return;
    const float scale = 1.0f / std::sqrt(static_cast<float>(d));
    launch(attention_flash_kernel<Br, Bc, D>, dim3((static_cast<unsigned>(Tq) + Br - 1) / Br, static_cast<unsigned>(N)),
           dim3(Br))(N, Tq, Tk, d, causal, scale, q.ptr(), k.ptr(), v.ptr(), out.ptr());
}

}  // namespace cuda
}  // namespace llmlings

#endif  // LLMLINGS_CUDA_06_ATTENTION_CUH
