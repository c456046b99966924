// SPDX-License-Identifier: MIT
// Tests for cuda/03_matmul, on the CPU simulator (and on a GPU where the build has one). Oracles:
// linalg/02's matmul in double on the same float inputs (oracles/03_matmul.cpp), within the error
// bound of a float dot product of length K (Higham §3.5); exact products of small integers; BLAS'
// rule that C is not read when β = 0.
#include <llmlings/testing/catch.hpp>

#include <llmlings/cuda/03_matmul.cuh>

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "oracles/03_matmul.hpp"

using namespace llmlings::cuda;

namespace {

const char* name_of(sgemm_kernel k) {
    switch (k) {
        case sgemm_kernel::naive:
            return "naive";
        case sgemm_kernel::coalesced:
            return "coalesced";
        case sgemm_kernel::shared:
            return "shared";
        case sgemm_kernel::blocked:
            return "blocked";
    }
    return "?";
}

const sgemm_kernel every_kernel[] = {sgemm_kernel::naive, sgemm_kernel::coalesced, sgemm_kernel::shared,
                                     sgemm_kernel::blocked};

struct shape {
    int m, n, k;
};

std::vector<float> small_integers(std::size_t n, int modulus, int offset) {
    std::vector<float> v(n);
    for (std::size_t i = 0; i < n; ++i)
        v[i] = static_cast<float>(static_cast<int>(i * 7 % static_cast<std::size_t>(modulus)) - offset);
    return v;
}

}  // namespace

TEST_CASE("every kernel gives the exact product of small integer matrices", "[cuda][03_matmul]") {
    // Products and sums of integers below 2^24 are exact in float, in any order.
    const int M = 37, N = 45, K = 29;
    const std::vector<float> a = small_integers(M * K, 9, 4), b = small_integers(K * N, 7, 3);
    const std::vector<double> want = oracles::sgemm_reference(M, N, K, 1.0f, a, b, 0.0f, {});
    for (sgemm_kernel kernel : every_kernel) {
        INFO(name_of(kernel) << " kernel");
        device_buffer<float> A(a, "A"), B(b, "B"), C(static_cast<std::size_t>(M * N), "C");
        sgemm(kernel, M, N, K, 1.0f, A, B, 0.0f, C);
        const std::vector<float> got = C.to_host();
        std::size_t wrong = 0;
        for (std::size_t i = 0; i < got.size(); ++i) wrong += got[i] != static_cast<float>(want[i]);
        CHECK(wrong == 0);
    }
}

TEST_CASE("every kernel matches linalg's matmul within a float product's error bound", "[cuda][03_matmul]") {
    // Sizes that are multiples of no tile, one that is of every tile, and thin ones.
    const std::vector<shape> shapes = {{1, 1, 1}, {17, 23, 31}, {64, 64, 64}, {33, 70, 9}, {5, 130, 67}, {70, 3, 40}};
    for (const shape& s : shapes) {
        const std::vector<float> a = oracles::uniform_floats(static_cast<std::size_t>(s.m * s.k), 21);
        const std::vector<float> b = oracles::uniform_floats(static_cast<std::size_t>(s.k * s.n), 22);
        const std::vector<float> c = oracles::uniform_floats(static_cast<std::size_t>(s.m * s.n), 23);
        const std::vector<double> want = oracles::sgemm_reference(s.m, s.n, s.k, 1.5f, a, b, -0.5f, c);
        const std::vector<double> bound = oracles::sgemm_error_bound(s.m, s.n, s.k, 1.5f, a, b, -0.5f, c);
        for (sgemm_kernel kernel : every_kernel) {
            INFO(name_of(kernel) << " kernel, M = " << s.m << ", N = " << s.n << ", K = " << s.k
                                 << ", alpha 1.5, beta -0.5");
            device_buffer<float> A(a, "A"), B(b, "B"), C(c, "C");
            sgemm(kernel, s.m, s.n, s.k, 1.5f, A, B, -0.5f, C);
            const std::vector<float> got = C.to_host();
            const std::size_t at = oracles::first_beyond(got, want, bound);
            INFO("first element beyond the bound: " << at << " of " << got.size());
            CHECK(at == got.size());
        }
    }
}

TEST_CASE("C is not read when beta is 0 and K = 0 leaves beta times C", "[cuda][03_matmul]") {
    const int M = 20, N = 36, K = 12;
    const std::vector<float> a = small_integers(M * K, 5, 2), b = small_integers(K * N, 5, 2);
    const std::vector<double> want = oracles::sgemm_reference(M, N, K, 2.0f, a, b, 0.0f, {});
    for (sgemm_kernel kernel : every_kernel) {
        INFO(name_of(kernel) << " kernel");
        device_buffer<float> A(a, "A"), B(b, "B");
        device_buffer<float> C(std::vector<float>(M * N, std::numeric_limits<float>::quiet_NaN()), "C");
        sgemm(kernel, M, N, K, 2.0f, A, B, 0.0f, C);
        const std::vector<float> got = C.to_host();
        std::size_t wrong = 0;
        for (std::size_t i = 0; i < got.size(); ++i) wrong += got[i] != static_cast<float>(want[i]);
        CHECK(wrong == 0);  // a NaN would be wrong
        device_buffer<float> empty_a(std::size_t(0), "A"), empty_b(std::size_t(0), "B");
        device_buffer<float> c2(std::vector<float>(M * N, 4.0f), "C");
        sgemm(kernel, M, N, 0, 1.0f, empty_a, empty_b, 0.25f, c2);
        CHECK(c2.to_host() == std::vector<float>(M * N, 1.0f));
    }
}

TEST_CASE("sgemm refuses shapes its buffers do not hold and launches nothing for an empty C", "[cuda][03_matmul]") {
    device_buffer<float> A(std::vector<float>(6, 1.0f)), B(std::vector<float>(12, 1.0f)),
        C(std::vector<float>(8, 0.0f));
    CHECK_NOTHROW(sgemm(sgemm_kernel::shared, 2, 4, 3, 1.0f, A, B, 0.0f, C));
    CHECK(C.to_host() == std::vector<float>(8, 3.0f));
    CHECK_THROWS_AS(sgemm(sgemm_kernel::shared, 3, 4, 2, 1.0f, A, B, 0.0f, C),
                    llmlings::shape_error);  // C is 3 × 4 = 12
    CHECK_THROWS_AS(sgemm(sgemm_kernel::naive, 2, 4, 4, 1.0f, A, B, 0.0f, C), llmlings::shape_error);
    CHECK_THROWS_AS(sgemm(sgemm_kernel::blocked, -2, 4, 3, 1.0f, A, B, 0.0f, C), llmlings::invalid_argument);
    device_buffer<float> none(std::size_t(0), "empty");
    CHECK_NOTHROW(sgemm(sgemm_kernel::blocked, 0, 0, 5, 1.0f, none, none, 0.0f, none));
    try {
        sgemm(sgemm_kernel::coalesced, 3, 4, 2, 1.0f, A, B, 0.0f, C);
    } catch (const llmlings::error& e) {
        CHECK(e.function() == "sgemm");
    }
}
