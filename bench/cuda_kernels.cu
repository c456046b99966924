// SPDX-License-Identifier: MIT
// The cuda module's kernels on a GPU, beside their peers: the four SGEMM kernels of cuda/03 against
// cuBLAS' SGEMM at 4096² (the goal: the register-blocked kernel at ≥ 0.7× cuBLAS); flash-style
// attention against the naive kernel of cuda/06 at T = 1024 (the goal: ≥ 3×); and the
// bandwidth-bound kernels (SAXPY, the online softmax, layer norm forward) as a fraction of the
// device's peak memory bandwidth (2 × memory clock × bus width, from the device's attributes).
// A plain program (nvcc and cuBLAS, NVIDIA's CUDA toolkit): each case is run once to warm up, then
// timed with CUDA events over `repeats` runs, and the median is printed.
// Build and run (on a machine with a GPU; the bench preset builds it when CMake finds nvcc):
//   cmake --preset bench -DCMAKE_CUDA_ARCHITECTURES=native && cmake --build --preset bench --target bench_cuda_kernels
//   build/bench/bench/bench_cuda_kernels
#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

#include <llmlings/cuda.hpp>

using namespace llmlings::cuda;

namespace {

#define CUBLAS_CHECK(expression)                                                                                 \
    do {                                                                                                         \
        const cublasStatus_t status = (expression);                                                              \
        if (status != CUBLAS_STATUS_SUCCESS) {                                                                   \
            std::fprintf(stderr, "%s failed: cuBLAS status %d (%s:%d)\n", #expression, static_cast<int>(status), \
                         __FILE__, __LINE__);                                                                    \
            std::exit(1);                                                                                        \
        }                                                                                                        \
    } while (0)

/// The median time in milliseconds of `repeats` runs of f, after one run to warm up.
double median_ms(const std::function<void()>& f, int repeats) {
    cudaEvent_t start, stop;
    LLMLINGS_CUDA_CHECK(cudaEventCreate(&start));
    LLMLINGS_CUDA_CHECK(cudaEventCreate(&stop));
    f();
    synchronize();
    std::vector<double> times;
    for (int r = 0; r < repeats; ++r) {
        LLMLINGS_CUDA_CHECK(cudaEventRecord(start));
        f();
        LLMLINGS_CUDA_CHECK(cudaEventRecord(stop));
        LLMLINGS_CUDA_CHECK(cudaEventSynchronize(stop));
        float ms = 0;
        LLMLINGS_CUDA_CHECK(cudaEventElapsedTime(&ms, start, stop));
        times.push_back(ms);
    }
    cudaEventDestroy(start);
    cudaEventDestroy(stop);
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

std::vector<float> filled(std::size_t n, float scale) {
    std::vector<float> v(n);
    for (std::size_t i = 0; i < n; ++i)
        v[i] = scale * static_cast<float>(static_cast<int>(i * 2654435761u % 2001) - 1000) / 1000.0f;
    return v;
}

void sgemm_cases() {
    const int n = 4096;
    const std::size_t count = static_cast<std::size_t>(n) * n;
    device_buffer<float> a(filled(count, 1.0f)), b(filled(count, 0.5f)), c(count);
    const double flops = 2.0 * n * n * n;
    cublasHandle_t handle;
    CUBLAS_CHECK(cublasCreate(&handle));
    const float one = 1.0f, zero = 0.0f;
    // Row-major C = A·B is column-major Cᵀ = Bᵀ·Aᵀ: cuBLAS with the operands swapped.
    const double cublas_ms = median_ms(
        [&] {
            CUBLAS_CHECK(cublasSgemm(handle, CUBLAS_OP_N, CUBLAS_OP_N, n, n, n, &one, b.ptr(), n, a.ptr(), n, &zero,
                                     c.ptr(), n));
        },
        5);
    std::printf("SGEMM %d x %d x %d (float)\n", n, n, n);
    std::printf("  %-28s %10.3f ms %10.1f GFLOP/s\n", "cuBLAS cublasSgemm", cublas_ms, flops / cublas_ms / 1e6);
    const struct {
        const char* name;
        sgemm_kernel kernel;
    } kernels[] = {{"1 naive", sgemm_kernel::naive},
                   {"2 coalesced", sgemm_kernel::coalesced},
                   {"3 shared-memory tiles", sgemm_kernel::shared},
                   {"4 register blocking", sgemm_kernel::blocked}};
    for (const auto& k : kernels) {
        const double ms = median_ms([&] { sgemm(k.kernel, n, n, n, 1.0f, a, b, 0.0f, c); }, 3);
        std::printf("  %-28s %10.3f ms %10.1f GFLOP/s %6.3f x cuBLAS\n", k.name, ms, flops / ms / 1e6, cublas_ms / ms);
    }
    cublasDestroy(handle);
}

void attention_cases() {
    const int N = 48, T = 1024, d = 64;  // batch 4 × 12 heads of 64: GPT-2 small's attention
    const std::size_t count = static_cast<std::size_t>(N) * T * d;
    device_buffer<float> q(filled(count, 1.0f)), k(filled(count, 0.7f)), v(filled(count, 1.0f)), out(count);
    device_buffer<float> scores(static_cast<std::size_t>(N) * T * T);
    std::printf("attention, N = %d problems, T = %d, d = %d, causal\n", N, T, d);
    const double naive_ms = median_ms([&] { attention_naive(N, T, T, d, true, q, k, v, out, scores); }, 3);
    const double flash_ms = median_ms([&] { attention_flash<64, 32, 64>(N, T, T, d, true, q, k, v, out); }, 3);
    std::printf("  %-28s %10.3f ms\n", "naive (scores in memory)", naive_ms);
    std::printf("  %-28s %10.3f ms %6.2f x naive\n", "flash-style", flash_ms, naive_ms / flash_ms);
}

void bandwidth_cases(double peak_gb_s) {
    std::printf("bandwidth-bound kernels (peak %.0f GB/s from the device's attributes)\n", peak_gb_s);
    const auto line = [&](const char* name, double bytes, double ms) {
        const double gb_s = bytes / ms / 1e6;
        std::printf("  %-28s %10.3f ms %8.1f GB/s %6.3f of peak\n", name, ms, gb_s, gb_s / peak_gb_s);
    };
    {
        const std::size_t n = std::size_t(1) << 26;
        device_buffer<float> x(filled(n, 1.0f)), y(filled(n, 1.0f));
        line("SAXPY, 2^26 floats", 3.0 * 4.0 * n, median_ms([&] { saxpy(2.0f, x, y); }, 10));
    }
    {
        const int rows = 4096, cols = 4096;
        const std::size_t n = static_cast<std::size_t>(rows) * cols;
        device_buffer<float> x(filled(n, 4.0f)), y(n);
        line("online softmax, 4096 x 4096", 3.0 * 4.0 * n,
             median_ms([&] { softmax_online<256>(rows, cols, x, y); }, 10));
    }
    {
        const int rows = 16384, cols = 768;
        const std::size_t n = static_cast<std::size_t>(rows) * cols;
        device_buffer<float> x(filled(n, 1.0f)), g(filled(cols, 1.0f)), b(filled(cols, 0.1f)), y(n),
            mean(static_cast<std::size_t>(rows)), rstd(static_cast<std::size_t>(rows));
        line("layer norm forward, 16384 x 768", 3.0 * 4.0 * n,
             median_ms([&] { layernorm_forward<256>(rows, cols, 1e-5f, x, g, b, y, mean, rstd); }, 10));
    }
}

}  // namespace

int main() {
    if (device_count() == 0) {
        std::puts("bench_cuda_kernels: no CUDA GPU on this machine; nothing to measure");
        return 0;
    }
    cudaDeviceProp prop;
    LLMLINGS_CUDA_CHECK(cudaGetDeviceProperties(&prop, 0));
    int clock_khz = 0, bus_bits = 0;
    LLMLINGS_CUDA_CHECK(cudaDeviceGetAttribute(&clock_khz, cudaDevAttrMemoryClockRate, 0));
    LLMLINGS_CUDA_CHECK(cudaDeviceGetAttribute(&bus_bits, cudaDevAttrGlobalMemoryBusWidth, 0));
    const double peak_gb_s = 2.0 * clock_khz * 1e3 * (bus_bits / 8.0) / 1e9;
    std::printf("device: %s, compute capability %d.%d, %d SMs\n", prop.name, prop.major, prop.minor,
                prop.multiProcessorCount);
    sgemm_cases();
    attention_cases();
    bandwidth_cases(peak_gb_s);
    return 0;
}
