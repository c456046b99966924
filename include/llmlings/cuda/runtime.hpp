// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief What a kernel file includes: CUDA's runtime under nvcc, the CPU simulator
 * (simulator.hpp) under any other compiler, behind one vocabulary.
 *
 * A kernel is written once, in CUDA C++, with two words of this header where CUDA has a raw type:
 *
 *     __global__ void saxpy_kernel(int n, float a, dev_ptr<const float> x, dev_ptr<float> y) {
 *         const int i = blockIdx.x * blockDim.x + threadIdx.x;
 *         if (i < n) y[i] = a * x[i] + y[i];
 *     }
 *     …
 *     launch(saxpy_kernel, dim3((n + 255) / 256), dim3(256))(n, a, x, y);   // saxpy_kernel<<<…>>>(…)
 *
 * | here                                  | under nvcc                       | on the simulator                         |
 * | ---                                   | ---                              | ---                                      |
 * | `dev_ptr<T>`                          | `T*`                             | a pointer checked on every access        |
 * | `__shared__ shared_array<T, N, M> s;` | `__shared__ T s[N][M];`          | a checked array, one per block           |
 * | `launch(k, grid, block)(args…)`       | `k<<<grid, block>>>(args…)`      | runs every block, then returns           |
 * | `device_buffer<T>`                    | cudaMalloc'd memory              | host memory and its access records       |
 * | `synchronize()`                       | cudaDeviceSynchronize, checked   | nothing to wait for                      |
 * | `device_count()`                      | cudaGetDeviceCount (0 on error)  | 0                                        |
 *
 * Everything else is CUDA's own: `threadIdx`, `blockIdx`, `blockDim`, `gridDim`, `warpSize`,
 * `__syncthreads()`, `__syncwarp()`, `__shfl_sync`, `__shfl_down_sync`, `__shfl_up_sync`,
 * `__shfl_xor_sync`, `atomicAdd`, `atomicMax`, `atomicExch`, `expf`, `rsqrtf`, `fmaxf`, ….
 */
#ifndef LLMLINGS_CUDA_RUNTIME_HPP
#define LLMLINGS_CUDA_RUNTIME_HPP

/**
 * @defgroup cuda cuda — GPU kernels, on a GPU or on the CPU simulator
 * @brief The optional module: kernels in CUDA C++, checked against the CPU solutions of the other
 * modules, on a GPU when there is one and on the project's simulator everywhere.
 */

#include <llmlings/core/errors.hpp>

#if defined(__CUDACC__)

#include <cuda_runtime.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace llmlings {
namespace cuda {

using ::llmlings::detail::concat;

/// @ingroup cuda
/// @brief A CUDA runtime call that failed: the call, where, and CUDA's message.
class cuda_error : public error {
public:
    using error::error;
};

namespace detail {
inline void check(cudaError_t status, const char* expression, const char* file, int line) {
    if (status != cudaSuccess)
        throw cuda_error(
            expression, concat(cudaGetErrorName(status), ": ", cudaGetErrorString(status), " (", file, ":", line, ")"));
}

template <class T, std::size_t... N>
struct array_of {
    using type = T;
};
template <class T, std::size_t N, std::size_t... Rest>
struct array_of<T, N, Rest...> {
    using type = typename array_of<T, Rest...>::type[N];
};
}  // namespace detail

/// Checks a CUDA runtime call: throws cuda_error with the expression, file and line (cuda-samples' checkCudaErrors).
#define LLMLINGS_CUDA_CHECK(expression) ::llmlings::cuda::detail::check((expression), #expression, __FILE__, __LINE__)

template <class T>
using dev_ptr = T*;

template <class T, std::size_t... N>
using shared_array = typename detail::array_of<T, N...>::type;

/// Memory on the GPU (cudaMalloc), copied from and to host vectors.
template <class T>
class device_buffer {
public:
    explicit device_buffer(std::size_t n, std::string = "buffer") : n_(n) {
        if (n_ > 0) LLMLINGS_CUDA_CHECK(cudaMalloc(reinterpret_cast<void**>(&p_), n_ * sizeof(T)));
    }
    explicit device_buffer(const std::vector<T>& host, std::string name = "buffer")
        : device_buffer(host.size(), std::move(name)) {
        copy_from_host(host);
    }
    device_buffer(const device_buffer&) = delete;
    device_buffer& operator=(const device_buffer&) = delete;
    ~device_buffer() {
        if (p_) cudaFree(p_);
    }
    T* ptr() { return p_; }
    const T* ptr() const { return p_; }
    std::size_t size() const { return n_; }
    void copy_from_host(const std::vector<T>& host) {
        if (host.size() != n_)
            throw shape_error("device_buffer::copy_from_host", concat("expected ", n_, " elements, got ", host.size()));
        if (n_ > 0) LLMLINGS_CUDA_CHECK(cudaMemcpy(p_, host.data(), n_ * sizeof(T), cudaMemcpyHostToDevice));
    }
    void fill_bytes(unsigned char byte) {
        if (n_ > 0) LLMLINGS_CUDA_CHECK(cudaMemset(p_, byte, n_ * sizeof(T)));
    }
    std::vector<T> to_host() const {
        std::vector<T> out(n_);
        if (n_ > 0) LLMLINGS_CUDA_CHECK(cudaMemcpy(out.data(), p_, n_ * sizeof(T), cudaMemcpyDeviceToHost));
        return out;
    }

private:
    T* p_ = nullptr;
    std::size_t n_ = 0;
};

/// `launch(k, grid, block)(args…)`: `k<<<grid, block>>>(args…)`, with the launch error checked.
template <class... Params>
class launcher {
public:
    launcher(void (*kernel)(Params...), dim3 grid, dim3 block) : kernel_(kernel), grid_(grid), block_(block) {}
    template <class... Args>
    void operator()(Args&&... args) const {
        kernel_<<<grid_, block_>>>(std::forward<Args>(args)...);
        LLMLINGS_CUDA_CHECK(cudaGetLastError());
    }

private:
    void (*kernel_)(Params...);
    dim3 grid_, block_;
};

template <class... Params>
launcher<Params...> launch(void (*kernel)(Params...), dim3 grid, dim3 block) {
    return launcher<Params...>(kernel, grid, block);
}

inline void synchronize() {
    LLMLINGS_CUDA_CHECK(cudaDeviceSynchronize());
}

inline int device_count() {
    int n = 0;
    if (cudaGetDeviceCount(&n) != cudaSuccess) {
        cudaGetLastError();  // clear it: no driver or no GPU
        return 0;
    }
    return n;
}

constexpr bool simulated = false;

}  // namespace cuda
}  // namespace llmlings

#if defined(__CUDA_ARCH__)
#define LLMLINGS_CUDA_TODO(topic, function) (__trap(), __builtin_unreachable())
#else
#define LLMLINGS_CUDA_TODO(topic, function) ::llmlings::todo(topic, function)
#endif

#else  // a host compiler: the simulator

#include <llmlings/cuda/simulator.hpp>

/// The body of a kernel or device function the learner has not written yet.
#define LLMLINGS_CUDA_TODO(topic, function) ::llmlings::todo(topic, function)

#endif

#endif  // LLMLINGS_CUDA_RUNTIME_HPP
