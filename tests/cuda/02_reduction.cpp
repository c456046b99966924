// SPDX-License-Identifier: MIT
// Tests for cuda/02_reduction, on the CPU simulator (and on a GPU where the build has one).
// Oracles: exact sums of small integers; sums in double of seeded floats with the error bound of a
// summation tree (Higham §4.2, oracles/02_reduction.cpp); the running float sum a plain loop
// computes, which the tree must beat by far on a long vector of equal values; IEEE rules for NaN
// and infinity.
#include <llmlings/testing/catch.hpp>

#include <llmlings/cuda/02_reduction.cuh>

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "oracles/02_reduction.hpp"

using namespace llmlings::cuda;

namespace {

// Each lane passes its value through warp_sum; lane k writes what it got.
__global__ void warp_sum_test_kernel(dev_ptr<const float> in, dev_ptr<float> out) {
    out[threadIdx.x] = warp_sum(in[threadIdx.x]);
}

std::vector<float> integers(std::size_t n) {
    std::vector<float> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<float>(i % 17);
    return v;
}

double integer_sum(std::size_t n) {
    double s = 0;
    for (std::size_t i = 0; i < n; ++i) s += static_cast<double>(i % 17);
    return s;
}

}  // namespace

TEST_CASE("warp_sum leaves the sum of the 32 lanes in lane 0", "[cuda][02_reduction]") {
    std::vector<float> in(32);
    for (int lane = 0; lane < 32; ++lane) in[static_cast<std::size_t>(lane)] = static_cast<float>(lane + 1);
    device_buffer<float> din(in, "in"), dout(std::size_t(32), "out");
    launch(warp_sum_test_kernel, dim3(1), dim3(32))(din.ptr(), dout.ptr());
    CHECK(dout.to_host()[0] == 528.0f);  // 1 + 2 + … + 32
}

TEST_CASE("block_sum_kernel writes one exact partial sum per block", "[cuda][02_reduction]") {
    const std::size_t n = 1000;
    device_buffer<float> x(integers(n), "x"), partial(std::size_t(4), "partial");
    launch(block_sum_kernel<256>, dim3(4), dim3(256))(static_cast<int>(n), x.ptr(), partial.ptr());
    const std::vector<float> p = partial.to_host();
    // Block b adds elements b·256 … b·256 + 255 (fewer in the last block): each a small integer sum.
    for (std::size_t b = 0; b < 4; ++b) {
        double expected = 0;
        for (std::size_t i = b * 256; i < std::min(n, b * 256 + 256); ++i) expected += static_cast<double>(i % 17);
        CHECK(p[b] == static_cast<float>(expected));
    }
}

TEST_CASE("sum is exact on small integers at every block size and grid", "[cuda][02_reduction]") {
    for (std::size_t n : {1, 32, 33, 257, 5000}) {
        device_buffer<float> x(integers(n), "x");
        const float want = static_cast<float>(integer_sum(n));  // below 2^24: every partial sum is exact
        for (unsigned blocks : {0u, 7u}) {
            INFO("n = " << n << ", " << blocks << " blocks (0: the default)");
            CHECK(sum<32>(x, blocks) == want);
            CHECK(sum<128>(x, blocks) == want);
            CHECK(sum<256>(x, blocks) == want);
            CHECK(sum<1024>(x, blocks) == want);
        }
    }
}

TEST_CASE("sum of seeded floats is within the error bound of its summation tree", "[cuda][02_reduction]") {
    for (std::size_t n : {100, 4099, 65536}) {
        const std::vector<float> x = oracles::uniform_floats(n, 11, -1.0f, 1.0f);
        const double exact = oracles::sum_in_double(x), abs_sum = oracles::abs_sum_in_double(x);
        device_buffer<float> dx(x, "x");
        for (unsigned blocks : {1u, 3u, 64u}) {
            INFO("n = " << n << ", " << blocks << " blocks of 256");
            const double got = sum<256>(dx, blocks);
            CHECK(std::fabs(got - exact) <= oracles::tree_sum_bound(n, blocks, 256, abs_sum));
        }
    }
}

TEST_CASE("a float sum by a tree is far closer to the exact sum than a running float sum", "[cuda][02_reduction]") {
    // 2^18 copies of 0.1f: a running sum in float drifts once it is large (each addition rounds
    // to a coarser grid); the tree adds numbers of similar size at every level.
    const std::vector<float> x(std::size_t(1) << 18, 0.1f);
    const double exact = oracles::sum_in_double(x);
    const double running_error = std::fabs(oracles::running_float_sum(x) - exact);
    device_buffer<float> dx(x, "x");
    const double tree_error = std::fabs(static_cast<double>(sum<256>(dx)) - exact);
    INFO("running float sum off by " << running_error << ", the tree by " << tree_error);
    CHECK(running_error > 10.0);
    CHECK(tree_error < running_error / 100.0);
}

TEST_CASE("atomic_sum adds every element once", "[cuda][02_reduction]") {
    for (std::size_t n : {1, 300, 5000}) {
        device_buffer<float> x(integers(n), "x");
        INFO("n = " << n);
        CHECK(atomic_sum(x) == static_cast<float>(integer_sum(n)));
        CHECK(atomic_sum(x, 64) == static_cast<float>(integer_sum(n)));
    }
    const std::vector<float> y = oracles::uniform_floats(3000, 12, 0.0f, 1.0f);
    device_buffer<float> dy(y, "y");
    const double exact = oracles::sum_in_double(y);
    CHECK(std::fabs(atomic_sum(dy) - exact) <=
          3000 * std::ldexp(1.0, -24) * exact);  // a running sum's bound, in any order
}

TEST_CASE("empty input sums to 0 and NaN or infinity follow IEEE addition", "[cuda][02_reduction]") {
    device_buffer<float> empty(std::size_t(0), "x");
    CHECK(sum(empty) == 0.0f);
    CHECK(atomic_sum(empty) == 0.0f);
    std::vector<float> v = integers(777);
    v[500] = std::numeric_limits<float>::quiet_NaN();
    device_buffer<float> with_nan(v, "x");
    CHECK(std::isnan(sum(with_nan)));
    CHECK(std::isnan(atomic_sum(with_nan)));
    v[500] = std::numeric_limits<float>::infinity();
    device_buffer<float> with_inf(v, "x");
    CHECK(sum(with_inf) == std::numeric_limits<float>::infinity());
    v[10] = -std::numeric_limits<float>::infinity();
    device_buffer<float> both(v, "x");
    CHECK(std::isnan(sum(both)));  // ∞ − ∞
    CHECK_THROWS_AS(atomic_sum(with_nan, 0), llmlings::invalid_argument);
}
