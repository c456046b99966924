// SPDX-License-Identifier: MIT
// Tests for cuda/04_softmax, on the CPU simulator (and on a GPU where the build has one). Oracles:
// ml/03's softmax in double on the same float logits (oracles/04_softmax.cpp) within a float
// softmax's rounding; the online step and merge against their definitions on small hand-worked
// inputs; shift invariance at ±10⁴; IEEE rules for −∞ and NaN as the CPU softmax has them.
#include <llmlings/testing/catch.hpp>

#include <llmlings/cuda/04_softmax.cuh>

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "oracles/04_softmax.hpp"

using namespace llmlings::cuda;

namespace {

constexpr float inf = std::numeric_limits<float>::infinity();

// One thread: the online step over x, then a merge of two halves, written to out = {m, d, m2, d2}.
__global__ void online_test_kernel(int n, dev_ptr<const float> x, dev_ptr<float> out) {
    float m = -INFINITY, d = 0.0f;
    for (int i = 0; i < n; ++i) online_softmax_step(m, d, x[i]);
    out[0] = m;
    out[1] = d;
    float ma = -INFINITY, da = 0.0f, mb = -INFINITY, db = 0.0f;
    for (int i = 0; i < n / 2; ++i) online_softmax_step(ma, da, x[i]);
    for (int i = n / 2; i < n; ++i) online_softmax_step(mb, db, x[i]);
    online_softmax_merge(ma, da, mb, db);
    out[2] = ma;
    out[3] = da;
}

std::vector<float> online_stats(const std::vector<float>& x) {
    device_buffer<float> dx(x, "x"), out(std::size_t(4), "out");
    launch(online_test_kernel, dim3(1), dim3(1))(static_cast<int>(x.size()), dx.ptr(), out.ptr());
    return out.to_host();
}

enum class kernel { rows, online32, online256, online1024 };
const kernel every_kernel[] = {kernel::rows, kernel::online32, kernel::online256, kernel::online1024};
const char* name_of(kernel k) {
    return k == kernel::rows        ? "softmax_rows"
           : k == kernel::online32  ? "softmax_online<32>"
           : k == kernel::online256 ? "softmax_online<256>"
                                    : "softmax_online<1024>";
}

std::vector<float> run(kernel k, int rows, int cols, const std::vector<float>& logits) {
    device_buffer<float> x(logits, "x"), y(logits.size(), "y");
    switch (k) {
        case kernel::rows:
            softmax_rows(rows, cols, x, y);
            break;
        case kernel::online32:
            softmax_online<32>(rows, cols, x, y);
            break;
        case kernel::online256:
            softmax_online<256>(rows, cols, x, y);
            break;
        case kernel::online1024:
            softmax_online<1024>(rows, cols, x, y);
            break;
    }
    return y.to_host();
}

}  // namespace

TEST_CASE("the online step keeps the running maximum and the sum relative to it", "[cuda][04_softmax]") {
    // 1, 3, 2: after 1: (1, 1); after 3: (3, e^-2 + 1); after 2: (3, e^-2 + 1 + e^-1).
    const std::vector<float> s = online_stats({1.0f, 3.0f, 2.0f, 0.0f});
    const double d = std::exp(-2.0) + 1.0 + std::exp(-1.0) + std::exp(-3.0);
    CHECK(s[0] == 3.0f);
    CHECK(std::fabs(s[1] - d) <= 4e-7 * d);
    CHECK(s[2] == 3.0f);  // the merge of (1, 3) and (2, 0)
    CHECK(std::fabs(s[3] - d) <= 4e-7 * d);
    // A part that saw nothing adds nothing, and a part of −∞ only is 0/0 there too.
    const std::vector<float> one = online_stats({5.0f});
    CHECK(one[2] == 5.0f);
    CHECK(one[3] == 1.0f);
}

TEST_CASE("both kernels match ml's softmax in double at many shapes", "[cuda][04_softmax]") {
    const int shapes[][2] = {{1, 1}, {3, 7}, {5, 1000}, {64, 33}, {2, 4099}};
    for (const auto& s : shapes) {
        const std::vector<float> z = oracles::uniform_floats(static_cast<std::size_t>(s[0] * s[1]), 31, -5.0f, 5.0f);
        const std::vector<double> want = oracles::softmax_reference(s[0], s[1], z);
        for (kernel k : every_kernel) {
            INFO(name_of(k) << " on " << s[0] << " × " << s[1]);
            const std::vector<float> got = run(k, s[0], s[1], z);
            const std::size_t at = oracles::first_softmax_mismatch(got, want, s[1]);
            INFO("first element off: " << at);
            CHECK(at == got.size());
        }
    }
}

TEST_CASE("logits of plus or minus ten thousand neither overflow nor underflow to nothing", "[cuda][04_softmax]") {
    // Row 0: 10⁴ − j; row 1: −10⁴ + j; row 2: the same as row 0 shifted down by 2·10⁴. Softmax ignores
    // a shift, so rows 0 and 2 agree, and nothing is inf or NaN.
    const int cols = 50;
    std::vector<float> z(3 * cols);
    for (int j = 0; j < cols; ++j) {
        z[static_cast<std::size_t>(j)] = 1e4f - static_cast<float>(j);
        z[static_cast<std::size_t>(cols + j)] = -1e4f + static_cast<float>(j);
        z[static_cast<std::size_t>(2 * cols + j)] = -1e4f - static_cast<float>(j);
    }
    const std::vector<double> want = oracles::softmax_reference(3, cols, z);
    for (kernel k : every_kernel) {
        INFO(name_of(k));
        const std::vector<float> got = run(k, 3, cols, z);
        CHECK(oracles::first_softmax_mismatch(got, want, cols) == got.size());
        double sum0 = 0, sum1 = 0;
        for (int j = 0; j < cols; ++j) {
            sum0 += got[static_cast<std::size_t>(j)];
            sum1 += got[static_cast<std::size_t>(cols + j)];
            CHECK(got[static_cast<std::size_t>(j)] == got[static_cast<std::size_t>(2 * cols + j)]);
        }
        CHECK(std::fabs(sum0 - 1.0) <= 1e-5);
        CHECK(std::fabs(sum1 - 1.0) <= 1e-5);
    }
}

TEST_CASE("minus infinity gives probability 0 and a row of NaN or only minus infinity gives NaN",
          "[cuda][04_softmax]") {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const std::vector<float> z = {-inf, 0.0f, -inf, std::log(3.0f),  // 0, 1/4, 0, 3/4
                                  -inf, -inf, -inf, -inf,            // 0/0: NaN, as ml::softmax
                                  1.0f, nan,  2.0f, 3.0f};           // NaN in, NaN out
    const std::vector<double> want = oracles::softmax_reference(3, 4, z);
    for (kernel k : every_kernel) {
        INFO(name_of(k));
        const std::vector<float> got = run(k, 3, 4, z);
        CHECK(got[0] == 0.0f);
        CHECK(got[2] == 0.0f);
        CHECK(std::fabs(got[1] - 0.25f) <= 1e-7f);
        CHECK(std::fabs(got[3] - 0.75f) <= 1e-7f);
        for (std::size_t i = 4; i < 12; ++i) CHECK(std::isnan(got[i]));
        CHECK(oracles::first_softmax_mismatch(got, want, 4) == got.size());
    }
}

TEST_CASE("bad shapes are refused with the function's name and no rows launch nothing", "[cuda][04_softmax]") {
    device_buffer<float> x(std::vector<float>(6, 0.0f), "x"), y(std::size_t(6), "y"), small(std::size_t(5), "y");
    CHECK_THROWS_AS(softmax_rows(2, 3, x, small), llmlings::shape_error);
    CHECK_THROWS_AS(softmax_online(3, 3, x, y), llmlings::shape_error);
    CHECK_THROWS_AS(softmax_online(-1, 3, x, y), llmlings::invalid_argument);
    device_buffer<float> none(std::size_t(0), "x");
    CHECK_THROWS_AS(softmax_rows(2, 0, none, none), llmlings::invalid_argument);
    CHECK_NOTHROW(softmax_rows(0, 5, none, none));
    CHECK_NOTHROW(softmax_online(0, 5, none, none));
    try {
        softmax_online(3, 3, x, y);
    } catch (const llmlings::error& e) {
        CHECK(e.function() == "softmax_online");
    }
}
