// SPDX-License-Identifier: MIT
// Tests for cuda/01_saxpy, on the CPU simulator (and on a GPU where the build has one). Oracles:
// the CPU results in oracles/01_saxpy.cpp (a + b in float, alpha·x + y in double rounded to float),
// the closed form of ⌈n / block⌉, and properties: every element written exactly once (alpha = 1,
// x = 1, y = 0 gives exactly 1 everywhere), at sizes that are not multiples of the block and with
// grids smaller and larger than the data.
#include <llmlings/testing/catch.hpp>

#include <llmlings/cuda/01_saxpy.cuh>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "oracles/01_saxpy.hpp"

using namespace llmlings::cuda;
using oracles::first_mismatch;

TEST_CASE("blocks_for is the number of blocks that give every element a thread", "[cuda][01_saxpy]") {
    CHECK(blocks_for(1000, 256) == 4);
    CHECK(blocks_for(1024, 256) == 4);
    CHECK(blocks_for(1025, 256) == 5);
    CHECK(blocks_for(1, 1024) == 1);
    CHECK(blocks_for(0, 256) == 0);
    CHECK(blocks_for(31, 1) == 31);
    CHECK_THROWS_AS(blocks_for(10, 0), llmlings::invalid_argument);
}

TEST_CASE("vector_add adds at sizes that are not a multiple of the block size", "[cuda][01_saxpy]") {
    for (std::size_t n : {1, 31, 255, 256, 257, 1000, 4099}) {
        const std::vector<float> a = oracles::uniform_floats(n, 1), b = oracles::uniform_floats(n, 2);
        const std::vector<float> want = oracles::added(a, b);
        for (unsigned block : {32u, 128u, 256u, 1024u}) {
            INFO("n = " << n << ", " << block << " threads per block");
            device_buffer<float> da(a, "a"), db(b, "b"), dc(n, "c");
            vector_add(da, db, dc, block);
            CHECK(dc.to_host() == want);  // one float addition per element: exact
        }
    }
}

TEST_CASE("matrix_add indexes rows and columns on a two-dimensional grid", "[cuda][01_saxpy]") {
    const std::vector<std::pair<int, int>> shapes = {{1, 1}, {3, 70}, {70, 3}, {33, 65}};
    const std::vector<std::pair<unsigned, unsigned>> blocks = {{32, 8}, {16, 16}, {8, 4}};
    for (const auto& shape : shapes) {
        const std::size_t count = static_cast<std::size_t>(shape.first) * static_cast<std::size_t>(shape.second);
        const std::vector<float> a = oracles::uniform_floats(count, 3), b = oracles::uniform_floats(count, 4);
        for (const auto& block : blocks) {
            INFO(shape.first << " × " << shape.second << " matrix, blocks of " << block.first << " × " << block.second);
            device_buffer<float> da(a, "A"), db(b, "B"), dc(count, "C");
            matrix_add(shape.first, shape.second, da, db, dc, block.first, block.second);
            CHECK(dc.to_host() == oracles::added(a, b));
        }
    }
}

TEST_CASE("saxpy covers any n with any grid through its grid-stride loop", "[cuda][01_saxpy]") {
    for (std::size_t n : {1, 100, 1000, 4097}) {
        const std::vector<float> x = oracles::uniform_floats(n, 5), y = oracles::uniform_floats(n, 6);
        const std::vector<float> want = oracles::saxpy_reference(2.5f, x, y);
        // 0: one thread per element; 1, 2, 3 blocks: fewer threads than elements; 50: more.
        for (unsigned blocks : {0u, 1u, 2u, 3u, 50u})
            for (unsigned block : {64u, 256u}) {
                INFO("n = " << n << ", " << blocks << " blocks (0: one thread per element) of " << block << " threads");
                device_buffer<float> dx(x, "x"), dy(y, "y");
                saxpy(2.5f, dx, dy, block, blocks);
                const std::vector<float> got = dy.to_host();
                const std::size_t at = first_mismatch(got, want, 1e-6);
                INFO("first wrong element: " << at);
                CHECK(at == n);
            }
    }
}

TEST_CASE("saxpy updates every element exactly once", "[cuda][01_saxpy]") {
    for (unsigned blocks : {0u, 1u, 3u}) {
        INFO(blocks << " blocks (0: one thread per element)");
        device_buffer<float> x(std::vector<float>(1000, 1.0f), "x"), y(std::vector<float>(1000, 0.0f), "y");
        saxpy(1.0f, x, y, 128, blocks);
        CHECK(y.to_host() == std::vector<float>(1000, 1.0f));  // 2 where an element was done twice, 0 where never
    }
}

TEST_CASE("empty inputs launch nothing", "[cuda][01_saxpy]") {
    device_buffer<float> a(std::size_t(0), "a"), b(std::size_t(0), "b"), c(std::size_t(0), "c");
    CHECK_NOTHROW(vector_add(a, b, c));
    CHECK_NOTHROW(saxpy(2.0f, a, c));
    CHECK_NOTHROW(matrix_add(0, 5, a, b, c));
    CHECK(c.to_host().empty());
}

TEST_CASE("bad launches and mismatched buffers are refused with the function's name", "[cuda][01_saxpy]") {
    device_buffer<float> a(std::vector<float>(10, 1.0f)), b(std::vector<float>(10, 1.0f)), c(std::size_t(9));
    CHECK_THROWS_AS(vector_add(a, b, c), llmlings::shape_error);
    CHECK_THROWS_AS(saxpy(1.0f, a, c), llmlings::shape_error);
    CHECK_THROWS_AS(matrix_add(2, 5, a, b, c), llmlings::shape_error);
    CHECK_THROWS_AS(vector_add(a, b, a, 0), llmlings::invalid_argument);
    CHECK_THROWS_AS(saxpy(1.0f, a, b, 2048), llmlings::invalid_argument);
    CHECK_THROWS_AS(matrix_add(2, 5, a, b, b, 64, 32), llmlings::invalid_argument);
    CHECK_THROWS_AS(matrix_add(-2, -5, a, b, b), llmlings::invalid_argument);
    try {
        vector_add(a, b, c);
    } catch (const llmlings::error& e) {
        CHECK(e.function() == "vector_add");
        CHECK_THAT(e.message(), llmlings::testing::contains("10"));
    }
}
