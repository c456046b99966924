// SPDX-License-Identifier: MIT
// Tests for cuda/07_dequant_matmul, on the CPU simulator (and on a GPU where the build has one).
// Oracles: peft/04's absmax int8 and peft/05's double-quantised NF4 quantise seeded weights; peft's
// own dequantize gives the weights the kernels must reconstruct bit for bit; the product x·Wᵀ of
// those weights in double, within a float dot product's error bound (oracles/07_dequant_matmul.cpp).
#include <llmlings/testing/catch.hpp>

#include <llmlings/cuda/07_dequant_matmul.cuh>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "oracles/07_dequant_matmul.hpp"

using namespace llmlings::cuda;

TEST_CASE("nf4_dequantize gives back peft's dequantized weights bit for bit", "[cuda][07_dequant_matmul]") {
    for (int block : {64, 32, 128}) {
        const std::vector<float> w = oracles::uniform_floats(96 * 64, 71, -0.2f, 0.2f);
        const oracles::nf4_weights q = oracles::nf4_of(96, 64, w, block);
        INFO("blocks of " << block);
        device_buffer<std::uint8_t> packed(q.packed, "packed");
        device_buffer<float> scales(q.scales, "scales"), levels(q.levels, "levels"), out(w.size(), "out");
        nf4_dequantize(packed, scales, levels, block, out);
        CHECK(out.to_host() == q.dequantized);
    }
}

TEST_CASE("a hand-packed NF4 byte: the even element in the high nibble", "[cuda][07_dequant_matmul]") {
    // peft/05's example: byte 0x0F with scale 2 → (level 0, level 15)·2 = (−2, 2).
    const oracles::nf4_weights q = oracles::nf4_of(2, 32, oracles::uniform_floats(64, 72), 32);
    device_buffer<std::uint8_t> packed(std::vector<std::uint8_t>(32, 0x0F), "packed");
    device_buffer<float> scales(std::vector<float>{2.0f, 2.0f}, "scales"), levels(q.levels, "levels"),
        out(std::size_t(64), "out");
    nf4_dequantize(packed, scales, levels, 32, out);
    const std::vector<float> got = out.to_host();
    CHECK(got[0] == -2.0f);
    CHECK(got[1] == 2.0f);
    CHECK(got[62] == -2.0f);
    CHECK(got[63] == 2.0f);
}

TEST_CASE("int8_linear matches peft's dequantized weights times x", "[cuda][07_dequant_matmul]") {
    const int shapes[][3] = {{1, 64, 10}, {5, 96, 33}, {17, 128, 40}};
    for (const auto& s : shapes) {
        const int batch = s[0], in = s[1], out = s[2];
        const std::vector<float> x = oracles::uniform_floats(static_cast<std::size_t>(batch * in), 73);
        const std::vector<float> w = oracles::uniform_floats(static_cast<std::size_t>(out * in), 74, -0.3f, 0.3f);
        for (int block : {0, 32}) {  // 0: one scale per output channel
            INFO(batch << " × " << in << " → " << out << (block == 0 ? ", per channel" : ", blocks of 32"));
            const oracles::int8_weights q = oracles::int8_of(out, in, w, block);
            device_buffer<float> dx(x, "x"), scales(q.scales, "scales"), y(static_cast<std::size_t>(batch * out), "y");
            device_buffer<std::int8_t> codes(q.codes, "codes");
            int8_linear(batch, in, out, dx, codes, scales, q.group, y);
            const std::vector<float> got = y.to_host();
            const std::size_t at =
                oracles::first_outside(got, oracles::linear_reference(batch, in, out, x, q.dequantized),
                                       oracles::linear_bound(batch, in, out, x, q.dequantized));
            CHECK(at == got.size());
        }
    }
}

TEST_CASE("nf4_linear matches peft's dequantized weights times x", "[cuda][07_dequant_matmul]") {
    const int shapes[][3] = {{1, 64, 10}, {5, 96, 32}, {17, 128, 40}};  // out·in a multiple of the blocks (peft/05)
    for (const auto& s : shapes) {
        const int batch = s[0], in = s[1], out = s[2];
        const std::vector<float> x = oracles::uniform_floats(static_cast<std::size_t>(batch * in), 75);
        const std::vector<float> w = oracles::uniform_floats(static_cast<std::size_t>(out * in), 76, -0.3f, 0.3f);
        for (int block : {64, 32}) {
            INFO(batch << " × " << in << " → " << out << ", blocks of " << block);
            const oracles::nf4_weights q = oracles::nf4_of(out, in, w, block);
            device_buffer<float> dx(x, "x"), scales(q.scales, "scales"), levels(q.levels, "levels"),
                y(static_cast<std::size_t>(batch * out), "y");
            device_buffer<std::uint8_t> packed(q.packed, "packed");
            nf4_linear(batch, in, out, dx, packed, scales, levels, block, y);
            const std::vector<float> got = y.to_host();
            const std::size_t at =
                oracles::first_outside(got, oracles::linear_reference(batch, in, out, x, q.dequantized),
                                       oracles::linear_bound(batch, in, out, x, q.dequantized));
            CHECK(at == got.size());
        }
    }
}

TEST_CASE("quantized layers refuse sizes and groups that do not fit", "[cuda][07_dequant_matmul]") {
    device_buffer<float> x(std::vector<float>(8, 1.0f)), y(std::size_t(6)), scales(std::vector<float>(3, 1.0f)),
        levels(std::size_t(16));
    device_buffer<std::int8_t> codes(std::vector<std::int8_t>(12, 1));
    device_buffer<std::uint8_t> packed(std::vector<std::uint8_t>(6, 0));
    // batch 2, in 4, out 3: x 8, W 12, y 6
    CHECK_NOTHROW(int8_linear(2, 4, 3, x, codes, scales, 4, y));
    CHECK(y.to_host() == std::vector<float>(6, 4.0f));
    CHECK_THROWS_AS(int8_linear(2, 4, 3, x, codes, scales, 5, y), llmlings::invalid_argument);  // 5 does not divide 12
    CHECK_THROWS_AS(int8_linear(2, 4, 3, x, codes, scales, 2, y), llmlings::shape_error);       // 6 groups, 3 scales
    CHECK_THROWS_AS(int8_linear(3, 4, 3, x, codes, scales, 4, y), llmlings::shape_error);
    CHECK_THROWS_AS(nf4_linear(2, 4, 3, x, packed, scales, x, 4, y), llmlings::shape_error);  // 8 levels, not 16
    CHECK_THROWS_AS(nf4_linear(-2, 4, 3, x, packed, scales, levels, 4, y), llmlings::invalid_argument);
    device_buffer<float> odd(std::size_t(7));
    CHECK_THROWS_AS(nf4_dequantize(packed, scales, levels, 1, odd), llmlings::invalid_argument);
    try {
        int8_linear(3, 4, 3, x, codes, scales, 4, y);
    } catch (const llmlings::error& e) {
        CHECK(e.function() == "int8_linear");
    }
}
