// SPDX-License-Identifier: MIT
// Tests for cuda/05_layernorm, on the CPU simulator (and on a GPU where the build has one).
// Oracles: transformer/04's layer_norm_forward and layer_norm_backward in double on the same float
// inputs (oracles/05_layernorm.cpp); closed forms (a constant row gives β; one channel gives β);
// the block sum against the exact sum of small integers; a row far from 0 (μ = 10⁴, σ ≈ 0.6),
// where the one-pass variance E[x²] − μ² loses every digit in float.
#include <llmlings/testing/catch.hpp>

#include <llmlings/cuda/05_layernorm.cuh>

#include <cmath>
#include <cstddef>
#include <vector>

#include "oracles/05_layernorm.hpp"

using namespace llmlings::cuda;

namespace {

// Every thread passes threadIdx.x + 1 through block_sum<Block>; thread t writes what it got.
template <unsigned Block>
__global__ void block_sum_test_kernel(dev_ptr<float> out) {
    out[threadIdx.x] = block_sum<Block>(static_cast<float>(threadIdx.x + 1));
}

struct pass {
    std::vector<float> y, mean, rstd, dx, dgamma, dbeta;
};

// Forward and backward on the device with blocks of Block threads, from zeroed dγ and dβ.
template <unsigned Block>
pass run(int rows, int cols, float eps, const std::vector<float>& x, const std::vector<float>& gamma,
         const std::vector<float>& beta, const std::vector<float>& dy) {
    const std::size_t count = x.size(), c = gamma.size(), r = static_cast<std::size_t>(rows);
    device_buffer<float> dx_(x, "x"), g(gamma, "gamma"), b(beta, "beta"), y(count, "y"), mean(r, "mean"),
        rstd(r, "rstd");
    layernorm_forward<Block>(rows, cols, eps, dx_, g, b, y, mean, rstd);
    device_buffer<float> up(dy, "dy"), dx(count, "dx"), dgamma(std::vector<float>(c, 0.0f), "dgamma"),
        dbeta(std::vector<float>(c, 0.0f), "dbeta");
    layernorm_backward<Block>(rows, cols, dx_, g, mean, rstd, up, dx, dgamma, dbeta);
    return {y.to_host(), mean.to_host(), rstd.to_host(), dx.to_host(), dgamma.to_host(), dbeta.to_host()};
}

void check_against_reference(const pass& got, const oracles::layernorm_reference& want, double scale) {
    CHECK(oracles::first_off(got.mean, want.mean, 1e-5 * scale, 1e-5) == got.mean.size());
    CHECK(oracles::first_off(got.rstd, want.rstd, 0.0, 1e-4) == got.rstd.size());
    CHECK(oracles::first_off(got.y, want.y, 1e-4, 1e-4) == got.y.size());
    CHECK(oracles::first_off(got.dx, want.dx, 1e-4, 1e-3) == got.dx.size());
    CHECK(oracles::first_off(got.dgamma, want.dgamma, 1e-4, 1e-4) == got.dgamma.size());
    CHECK(oracles::first_off(got.dbeta, want.dbeta, 1e-4, 1e-4) == got.dbeta.size());
}

}  // namespace

TEST_CASE("block_sum gives every thread the sum over the block", "[cuda][05_layernorm]") {
    device_buffer<float> out(std::size_t(256), "out");
    launch(block_sum_test_kernel<256>, dim3(1), dim3(256))(out.ptr());
    CHECK(out.to_host() == std::vector<float>(256, 256.0f * 257.0f / 2.0f));
    device_buffer<float> out32(std::size_t(32), "out");
    launch(block_sum_test_kernel<32>, dim3(1), dim3(32))(out32.ptr());
    CHECK(out32.to_host() == std::vector<float>(32, 528.0f));
}

TEST_CASE("forward and backward match transformer's layer norm in double", "[cuda][05_layernorm]") {
    const int shapes[][2] = {{1, 1}, {5, 7}, {3, 33}, {4, 768}, {16, 1000}};
    for (const auto& s : shapes) {
        const int rows = s[0], cols = s[1];
        const std::size_t count = static_cast<std::size_t>(rows * cols), c = static_cast<std::size_t>(cols);
        const std::vector<float> x = oracles::uniform_floats(count, 41, -2.0f, 2.0f);
        const std::vector<float> gamma = oracles::uniform_floats(c, 42, 0.5f, 1.5f),
                                 beta = oracles::uniform_floats(c, 43, -0.5f, 0.5f);
        const std::vector<float> dy = oracles::uniform_floats(count, 44);
        const oracles::layernorm_reference want = oracles::layernorm_of(rows, cols, 1e-5, x, gamma, beta, dy);
        {
            INFO(rows << " × " << cols << ", blocks of 32");
            check_against_reference(run<32>(rows, cols, 1e-5f, x, gamma, beta, dy), want, 1.0);
        }
        {
            INFO(rows << " × " << cols << ", blocks of 256");
            check_against_reference(run<256>(rows, cols, 1e-5f, x, gamma, beta, dy), want, 1.0);
        }
    }
}

TEST_CASE("a row far from zero keeps its variance because the variance takes two passes", "[cuda][05_layernorm]") {
    // x = 10⁴ + u with u uniform in [−1, 1): σ² ≈ 1/3. In float, x² ≈ 10⁸ has a spacing of 8, so the
    // one-pass variance is noise; the two-pass variance is right to about 1e-4.
    const int rows = 2, cols = 512;
    std::vector<float> x = oracles::uniform_floats(static_cast<std::size_t>(rows * cols), 45);
    for (float& v : x) v += 1e4f;
    const std::vector<float> gamma(cols, 1.0f), beta(cols, 0.0f), dy = oracles::uniform_floats(x.size(), 46);
    const oracles::layernorm_reference want = oracles::layernorm_of(rows, cols, 1e-5, x, gamma, beta, dy);
    const pass got = run<256>(rows, cols, 1e-5f, x, gamma, beta, dy);
    CHECK(oracles::first_off(got.rstd, want.rstd, 0.0, 1e-3) == got.rstd.size());
    CHECK(oracles::first_off(got.y, want.y, 2e-3, 2e-3) == got.y.size());
    CHECK(oracles::first_off(got.mean, want.mean, 0.0, 1e-6) == got.mean.size());
}

TEST_CASE("a constant row or a single channel normalises to beta", "[cuda][05_layernorm]") {
    // σ² = 0: x̂ = 0, y = β, r = 1/√ε; the gradient through a constant row is dx = r·(g − mean g).
    const std::vector<float> x = {3.0f, 3.0f, 3.0f, 3.0f}, gamma = {2.0f, 2.0f, 2.0f, 2.0f},
                             beta = {0.5f, -1.0f, 0.0f, 2.0f};
    const std::vector<float> dy = {1.0f, 0.0f, 0.0f, 0.0f};
    const pass got = run<32>(1, 4, 1e-4f, x, gamma, beta, dy);
    CHECK(got.y == beta);
    CHECK(got.mean[0] == 3.0f);
    CHECK(std::fabs(got.rstd[0] - 100.0f) <= 1e-3f);
    CHECK(std::fabs(got.dx[0] - 100.0f * 1.5f) <= 1e-2f);  // r·(2 − 0.5)
    CHECK(std::fabs(got.dx[1] + 100.0f * 0.5f) <= 1e-2f);  // r·(0 − 0.5)
    CHECK(got.dbeta == dy);
    CHECK(got.dgamma == std::vector<float>(4, 0.0f));
    const pass one = run<32>(3, 1, 1e-5f, {1.0f, -7.0f, 1e6f}, {3.0f}, {0.25f}, {1.0f, 1.0f, 1.0f});
    CHECK(one.y == std::vector<float>(3, 0.25f));
    CHECK(one.dbeta == std::vector<float>{3.0f});
}

TEST_CASE("dgamma and dbeta accumulate over calls", "[cuda][05_layernorm]") {
    const int rows = 3, cols = 40;
    const std::vector<float> x = oracles::uniform_floats(rows * cols, 47), gamma(cols, 1.0f), beta(cols, 0.0f);
    const std::vector<float> dy = oracles::uniform_floats(rows * cols, 48);
    const oracles::layernorm_reference want = oracles::layernorm_of(rows, cols, 1e-5, x, gamma, beta, dy);
    device_buffer<float> dx_(x, "x"), g(gamma, "gamma"), b(beta, "beta"), y(x.size(), "y"),
        mean(std::size_t(rows), "mean"), rstd(std::size_t(rows), "rstd"), up(dy, "dy"), dx(x.size(), "dx");
    device_buffer<float> dgamma(std::vector<float>(cols, 1.0f), "dgamma"),
        dbeta(std::vector<float>(cols, 1.0f), "dbeta");
    layernorm_forward(rows, cols, 1e-5f, dx_, g, b, y, mean, rstd);
    layernorm_backward(rows, cols, dx_, g, mean, rstd, up, dx, dgamma, dbeta);
    layernorm_backward(rows, cols, dx_, g, mean, rstd, up, dx, dgamma, dbeta);
    std::vector<double> twice_gamma(want.dgamma), twice_beta(want.dbeta);
    for (double& v : twice_gamma) v = 1.0 + 2.0 * v;
    for (double& v : twice_beta) v = 1.0 + 2.0 * v;
    CHECK(oracles::first_off(dgamma.to_host(), twice_gamma, 1e-4, 1e-4) == std::size_t(cols));
    CHECK(oracles::first_off(dbeta.to_host(), twice_beta, 1e-4, 1e-4) == std::size_t(cols));
}

TEST_CASE("bad sizes and epsilon are refused with the function's name", "[cuda][05_layernorm]") {
    device_buffer<float> x(std::vector<float>(6, 1.0f)), g(std::vector<float>(3, 1.0f)), b(std::vector<float>(3, 0.0f));
    device_buffer<float> y(std::size_t(6)), mean(std::size_t(2)), rstd(std::size_t(2)), small(std::size_t(2));
    CHECK_THROWS_AS(layernorm_forward(2, 3, 0.0f, x, g, b, y, mean, rstd), llmlings::invalid_argument);
    CHECK_THROWS_AS(layernorm_forward(2, 3, std::nanf(""), x, g, b, y, mean, rstd), llmlings::invalid_argument);
    CHECK_THROWS_AS(layernorm_forward(3, 2, 1e-5f, x, g, b, y, mean, rstd), llmlings::shape_error);
    CHECK_THROWS_AS(layernorm_forward(2, 3, 1e-5f, x, small, b, y, mean, rstd), llmlings::shape_error);
    CHECK_THROWS_AS(layernorm_backward(2, 3, x, g, mean, rstd, x, y, small, b), llmlings::shape_error);
    CHECK_THROWS_AS(layernorm_backward(-1, 3, x, g, mean, rstd, x, y, g, b), llmlings::invalid_argument);
    try {
        layernorm_forward(3, 2, 1e-5f, x, g, b, y, mean, rstd);
    } catch (const llmlings::error& e) {
        CHECK(e.function() == "layernorm_forward");
    }
}
