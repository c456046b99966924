// SPDX-License-Identifier: MIT
// The CUDA simulator (include/llmlings/cuda/simulator.hpp): what it runs as a GPU runs it, and the
// defects it reports with the thread and the block.
#include <llmlings/testing/catch.hpp>

#include <llmlings/cuda/runtime.hpp>

#include <cstdint>
#include <string>
#include <vector>

using llmlings::testing::contains;
using namespace llmlings::cuda;

namespace {

// ---- kernels that are right ----

__global__ void saxpy_kernel(int n, float a, dev_ptr<const float> x, dev_ptr<float> y) {
    const int i = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
    if (i < n) y[i] = a * x[i] + y[i];
}

__global__ void grid_stride_kernel(int n, dev_ptr<float> y) {
    for (int i = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x); i < n;
         i += static_cast<int>(blockDim.x * gridDim.x))
        y[i] = static_cast<float>(i);
}

__global__ void index_kernel(dev_ptr<unsigned> out) {
    const unsigned block = blockIdx.x + gridDim.x * (blockIdx.y + gridDim.y * blockIdx.z);
    const unsigned thread = threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z);
    const unsigned per_block = blockDim.x * blockDim.y * blockDim.z;
    out[block * per_block + thread] = block * 1000 + thread;
}

// A tree in shared memory, then the last warp by shuffles: the sum of a block's 256 values.
__global__ void block_sum_kernel(dev_ptr<const float> x, dev_ptr<float> out) {
    __shared__ shared_array<float, 256> s;
    const unsigned t = threadIdx.x;
    s[t] = x[blockIdx.x * 256 + t];
    __syncthreads();
    for (unsigned stride = 128; stride >= 32; stride /= 2) {
        if (t < stride) s[t] += s[t + stride];
        __syncthreads();
    }
    if (t < 32) {
        float v = s[t];
        for (unsigned offset = 16; offset > 0; offset /= 2) v += __shfl_down_sync(0xffffffffu, v, offset);
        if (t == 0) out[blockIdx.x] = v;
    }
}

__global__ void atomic_sum_kernel(int n, dev_ptr<const float> x, dev_ptr<float> total) {
    const int i = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
    if (i < n) atomicAdd(&total[0], x[i]);
}

__global__ void transpose_kernel(int n, dev_ptr<const float> in, dev_ptr<float> out) {
    __shared__ shared_array<float, 8, 9> tile;
    const unsigned x = blockIdx.x * 8 + threadIdx.x, y = blockIdx.y * 8 + threadIdx.y;
    if (x < static_cast<unsigned>(n) && y < static_cast<unsigned>(n)) tile[threadIdx.y][threadIdx.x] = in[y * n + x];
    __syncthreads();
    const unsigned tx = blockIdx.y * 8 + threadIdx.x, ty = blockIdx.x * 8 + threadIdx.y;
    if (tx < static_cast<unsigned>(n) && ty < static_cast<unsigned>(n))
        out[ty * n + tx] = tile[threadIdx.x][threadIdx.y];
}

__global__ void shuffle_kernel(dev_ptr<int> out) {
    const int lane = static_cast<int>(threadIdx.x);
    out[0 * 32 + lane] = __shfl_sync(0xffffffffu, lane * 10, 3);
    out[1 * 32 + lane] = __shfl_up_sync(0xffffffffu, lane * 10, 2);
    out[2 * 32 + lane] = __shfl_xor_sync(0xffffffffu, lane * 10, 1);
    out[3 * 32 + lane] = __shfl_down_sync(0xffffffffu, lane * 10, 4, 8);
    __syncwarp();
}

// ---- kernels with the defects a GPU does not report ----

__global__ void off_by_one_kernel(int n, dev_ptr<float> y) {
    const int i = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
    if (i <= n) y[i] = 1.0f;  // i == n is one past the end
}

__global__ void racy_neighbour_kernel(dev_ptr<const float> x, dev_ptr<float> out) {
    __shared__ shared_array<float, 64> s;
    const unsigned t = threadIdx.x;
    s[t] = x[t];
    // missing __syncthreads(): s[t + 1] is another thread's, maybe not written yet
    out[t] = t + 1 < 64 ? s[t] + s[t + 1] : s[t];
}

__global__ void early_return_kernel(int n, dev_ptr<const float> x, dev_ptr<float> out) {
    __shared__ shared_array<float, 64> s;
    const int i = static_cast<int>(threadIdx.x);
    if (i >= n) return;  // these threads never reach the barrier below
    s[i] = x[i];
    __syncthreads();
    out[i] = s[n - 1 - i];
}

__global__ void two_barriers_kernel(dev_ptr<float> out) {
    if (threadIdx.x % 2 == 0) {
        out[threadIdx.x] = 1.0f;
        __syncthreads();
    } else {
        out[threadIdx.x] = 2.0f;
        __syncthreads();
    }
}

__global__ void uninitialised_shared_kernel(dev_ptr<float> out) {
    __shared__ shared_array<float, 32> s;
    if (threadIdx.x < 16) s[threadIdx.x] = 1.0f;
    __syncthreads();
    out[threadIdx.x] = s[threadIdx.x];  // threads 16–31 read what nobody wrote
}

__global__ void shared_out_of_bounds_kernel(dev_ptr<float> out) {
    __shared__ shared_array<float, 4, 8> tile;
    tile[threadIdx.y][threadIdx.x] = 1.0f;  // a block of 9 × 4 threads: x = 8 is outside
    __syncthreads();
    out[threadIdx.y * 9 + threadIdx.x] = tile[threadIdx.y][threadIdx.x];
}

__global__ void blocks_race_kernel(dev_ptr<float> total) {
    if (threadIdx.x == 0) total[0] = total[0] + 1.0f;  // every block: a plain read-modify-write
}

__global__ void unwritten_read_kernel(dev_ptr<const float> x, dev_ptr<float> out) {
    out[threadIdx.x] = x[threadIdx.x];
}

__global__ void partial_mask_kernel(dev_ptr<float> out) {
    float v = 1.0f;
    if (threadIdx.x < 16) v += __shfl_down_sync(0xffffffffu, v, 1);  // lanes 16–31 never come
    out[threadIdx.x] = v;
}

__global__ void write_after_read_kernel(dev_ptr<float> out) {
    __shared__ shared_array<float, 32> s;
    s[threadIdx.x] = static_cast<float>(threadIdx.x);
    __syncthreads();
    const float left = s[(threadIdx.x + 31) % 32];
    s[threadIdx.x] = left;  // another thread may not have read the old value yet
    out[threadIdx.x] = left;
}

__global__ void todo_kernel(dev_ptr<float>) {
    LLMLINGS_CUDA_TODO("cuda/01_saxpy", "todo_kernel");
}

template <class F>
std::string fault_of(F&& run) {
    try {
        run();
    } catch (const kernel_fault& e) {
        return e.what();
    }
    return "no fault";
}

std::vector<float> iota(std::size_t n, float start = 0.0f) {
    std::vector<float> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = start + static_cast<float>(i);
    return v;
}

}  // namespace

TEST_CASE("the simulator runs every thread of every block once, with CUDA's indices", "[infra][cuda_simulator]") {
    device_buffer<unsigned> out(std::vector<unsigned>(3 * 2 * 2 * (4 * 3 * 2), 0u), "out");
    launch(index_kernel, dim3(3, 2, 2), dim3(4, 3, 2))(out.ptr());
    const std::vector<unsigned> v = out.to_host();
    for (unsigned b = 0; b < 12; ++b)
        for (unsigned t = 0; t < 24; ++t) CHECK(v[b * 24 + t] == b * 1000 + t);
}

TEST_CASE("SAXPY at sizes that are not a multiple of the block size", "[infra][cuda_simulator]") {
    for (int n : {1, 31, 256, 1000}) {
        device_buffer<float> x(iota(static_cast<std::size_t>(n)), "x"), y(iota(static_cast<std::size_t>(n), 1.0f), "y");
        launch(saxpy_kernel, dim3((n + 127) / 128), dim3(128))(n, 2.0f, x.ptr(), y.ptr());
        const std::vector<float> r = y.to_host();
        for (int i = 0; i < n; ++i) CHECK(r[static_cast<std::size_t>(i)] == 3.0f * static_cast<float>(i) + 1.0f);
    }
    device_buffer<float> y(std::size_t(1000), "y");
    launch(grid_stride_kernel, dim3(3), dim3(64))(1000, y.ptr());  // 192 threads, 1000 elements
    const std::vector<float> r = y.to_host();
    for (int i = 0; i < 1000; ++i) CHECK(r[static_cast<std::size_t>(i)] == static_cast<float>(i));
}

TEST_CASE("barriers, shared memory and shuffles: a block sum", "[infra][cuda_simulator]") {
    std::vector<float> x(3 * 256);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i % 7);
    device_buffer<float> dx(x, "x"), out(std::size_t(3), "out");
    launch(block_sum_kernel, dim3(3), dim3(256))(dx.ptr(), out.ptr());
    const std::vector<float> r = out.to_host();
    for (std::size_t b = 0; b < 3; ++b) {
        double expected = 0;
        for (std::size_t i = 0; i < 256; ++i) expected += x[b * 256 + i];
        CHECK(r[b] == static_cast<float>(expected));
    }
}

TEST_CASE("atomics from many blocks do not race", "[infra][cuda_simulator]") {
    device_buffer<float> x(std::vector<float>(1000, 1.0f), "x"), total(std::vector<float>{0.0f}, "total");
    launch(atomic_sum_kernel, dim3(8), dim3(128))(1000, x.ptr(), total.ptr());
    CHECK(total.to_host()[0] == 1000.0f);
}

TEST_CASE("a two-dimensional shared tile: a transpose", "[infra][cuda_simulator]") {
    const int n = 19;
    device_buffer<float> in(iota(n * n), "in"), out(std::size_t(n * n), "out");
    launch(transpose_kernel, dim3(3, 3), dim3(8, 8))(n, in.ptr(), out.ptr());
    const std::vector<float> r = out.to_host();
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) CHECK(r[static_cast<std::size_t>(i * n + j)] == static_cast<float>(j * n + i));
}

TEST_CASE("shuffles follow CUDA's rules for sources outside the warp or the segment", "[infra][cuda_simulator]") {
    device_buffer<int> out(std::size_t(4 * 32), "out");
    launch(shuffle_kernel, dim3(1), dim3(32))(out.ptr());
    const std::vector<int> r = out.to_host();
    for (int lane = 0; lane < 32; ++lane) {
        CHECK(r[static_cast<std::size_t>(lane)] == 30);  // everyone reads lane 3
        CHECK(r[static_cast<std::size_t>(32 + lane)] ==
              (lane >= 2 ? lane - 2 : lane) * 10);  // up: the first 2 keep theirs
        CHECK(r[static_cast<std::size_t>(64 + lane)] == (lane ^ 1) * 10);
        CHECK(r[static_cast<std::size_t>(96 + lane)] == (lane % 8 + 4 < 8 ? lane + 4 : lane) * 10);  // within 8 lanes
    }
}

TEST_CASE("an out-of-bounds write is reported with the index, the size, the thread and the block",
          "[infra][cuda_simulator]") {
    device_buffer<float> y(std::vector<float>(100, 0.0f), "y");
    const std::string m = fault_of([&] { launch(off_by_one_kernel, dim3(2), dim3(64))(100, y.ptr()); });
    CHECK_THAT(m, contains("out-of-bounds write of y[100]"));
    CHECK_THAT(m, contains("y has 100 floats"));
    CHECK_THAT(m, contains("by thread (36,0,0) of block (1,0,0)"));
    CHECK_THAT(m, contains("cuda_simulator.cpp"));  // where the launch is
    try {
        launch(off_by_one_kernel, dim3(2), dim3(64))(100, y.ptr());
    } catch (const kernel_fault& e) {
        CHECK(e.thread().x == 36);
        CHECK(e.block().x == 1);
    }
}

TEST_CASE("a read of shared memory another thread wrote without a barrier is a race", "[infra][cuda_simulator]") {
    device_buffer<float> x(iota(64), "x"), out(std::size_t(64), "out");
    const std::string m = fault_of([&] { launch(racy_neighbour_kernel, dim3(1), dim3(64))(x.ptr(), out.ptr()); });
    CHECK_THAT(m, contains("data race"));
    CHECK_THAT(m, contains("shared[1]"));
    CHECK_THAT(m, contains("no __syncthreads() in between"));
    CHECK_THAT(m, contains("thread (1,0,0)"));
}

TEST_CASE("a barrier that some threads never reach is reported", "[infra][cuda_simulator]") {
    device_buffer<float> x(iota(64), "x"), out(std::vector<float>(64, 0.0f), "out");
    const std::string m = fault_of([&] { launch(early_return_kernel, dim3(1), dim3(64))(50, x.ptr(), out.ptr()); });
    CHECK_THAT(m, contains("threads 50, 51, 52, 53 and 10 more returned without reaching __syncthreads()"));
    CHECK_THAT(m, contains("cuda_simulator.cpp"));
    CHECK_THAT(m, contains("by thread (50,0,0) of block (0,0,0)"));
    // All 64 threads in range: the same kernel is right.
    launch(early_return_kernel, dim3(1), dim3(64))(64, x.ptr(), out.ptr());
    CHECK(out.to_host()[0] == 63.0f);

    device_buffer<float> o(std::size_t(64), "out");
    const std::string m2 = fault_of([&] { launch(two_barriers_kernel, dim3(1), dim3(64))(o.ptr()); });
    CHECK_THAT(m2, contains("threads wait at different barriers"));
}

TEST_CASE("the other defects: uninitialised reads, shared bounds, races between blocks, masks",
          "[infra][cuda_simulator]") {
    device_buffer<float> out(std::size_t(64), "out");
    CHECK_THAT(fault_of([&] { launch(uninitialised_shared_kernel, dim3(1), dim3(32))(out.ptr()); }),
               contains("read of shared[16], which no thread of this block has written"));
    CHECK_THAT(fault_of([&] { launch(shared_out_of_bounds_kernel, dim3(1), dim3(9, 4))(out.ptr()); }),
               contains("out-of-bounds access of shared[0][8]: that dimension has 8 elements"));
    device_buffer<float> total(std::vector<float>{0.0f}, "total");
    const std::string blocks = fault_of([&] { launch(blocks_race_kernel, dim3(2), dim3(32))(total.ptr()); });
    CHECK_THAT(blocks, contains("data race"));
    CHECK_THAT(blocks, contains("of block (0,0,0)"));
    CHECK_THAT(blocks, contains("blocks never synchronise"));
    device_buffer<float> unwritten(std::size_t(32), "x");
    CHECK_THAT(fault_of([&] { launch(unwritten_read_kernel, dim3(1), dim3(32))(unwritten.ptr(), out.ptr()); }),
               contains("read of x[0], which nothing has written"));
    CHECK_THAT(fault_of([&] { launch(partial_mask_kernel, dim3(1), dim3(32))(out.ptr()); }),
               contains("__shfl_down_sync"));
    // Thread 0 has overwritten shared[0] when thread 1 comes to read it: on a GPU it reads either value.
    CHECK_THAT(fault_of([&] { launch(write_after_read_kernel, dim3(1), dim3(32))(out.ptr()); }),
               contains("data race: read of shared[0], which thread (0,0,0) of this block wrote with no "
                        "__syncthreads() in between"));
    CHECK_THAT(fault_of([&] { launch(saxpy_kernel, dim3(1), dim3(32))(32, 1.0f, dev_ptr<const float>(), out.ptr()); }),
               contains("through a null device pointer"));
}

TEST_CASE("configurations a GPU refuses, and an unwritten kernel", "[infra][cuda_simulator]") {
    device_buffer<float> y(std::size_t(4), "y");
    CHECK_THROWS_AS(launch(grid_stride_kernel, dim3(1), dim3(2048))(4, y.ptr()), llmlings::invalid_argument);
    CHECK_THROWS_AS(launch(grid_stride_kernel, dim3(0), dim3(32))(4, y.ptr()), llmlings::invalid_argument);
    CHECK_THROWS_AS(launch(grid_stride_kernel, dim3(1), dim3(1, 1, 65))(4, y.ptr()), llmlings::invalid_argument);
    CHECK_THROWS_AS(launch(todo_kernel, dim3(1), dim3(4))(y.ptr()), llmlings::not_implemented);
    // A fault leaves the simulator ready for the next launch.
    launch(grid_stride_kernel, dim3(1), dim3(4))(4, y.ptr());
    CHECK(y.to_host()[3] == 3.0f);
    CHECK(simulated);
    CHECK(device_count() == 0);
}
