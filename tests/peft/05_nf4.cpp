// SPDX-License-Identifier: MIT
// Tests for peft/05_nf4. Oracles: the published NF4 table of bitsandbytes and the QLoRA paper (the
// levels computed from the normal quantiles must match it to float precision), the nearest-level
// rule at the midpoints, a hand-packed block (value 2i in the high nibble), the half-gap bound on
// every value, NF4 against a uniform 4-bit code on normal weights (oracles/05_nf4.cpp), the bits
// per weight of QLoRA's paper (4 + 0.5 without double quantisation, about 4.127 with it), and
// damaged tensors refused.
#include <llmlings/testing.hpp>

#include <llmlings/peft/05_nf4.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "oracles/05_nf4.hpp"

using llmlings::matrix;
using llmlings::matrix_of;
using llmlings::testing::Approx;
using llmlings::testing::tolerance;
using namespace llmlings::peft;
using namespace oracles;

namespace {

template <class T>
matrix round_trip(const nf4_tensor<T>& q) {
    matrix_of<T> out = filled<T>(q.rows, q.cols, 0.0);
    dequantize(q, output_rows(out));
    return to_double(out);
}

double rmse(const matrix& a, const matrix& b) {
    double squares = 0.0;
    for (std::size_t k = 0; k < a.size(); ++k) squares += (a.data()[k] - b.data()[k]) * (a.data()[k] - b.data()[k]);
    return std::sqrt(squares / static_cast<double>(a.size()));
}

}  // namespace

TEST_CASE("the levels from the normal quantiles are the published NF4 table", "[peft][05_nf4]") {
    const std::array<double, 16> levels = nf4_levels();
    llmlings::vector computed = published_nf4_levels();
    for (std::size_t i = 0; i < 16; ++i) computed(i) = levels[i];
    // The table was computed from float32 probabilities (torch.linspace): 1.1e-7 apart at most.
    CHECK_CLOSE_AT(computed, published_nf4_levels(), (tolerance{0, 2e-7}));
    CHECK(levels[0] == -1.0);
    CHECK(levels[7] == 0.0);  // an exact zero
    CHECK(levels[15] == 1.0);
    for (std::size_t i = 0; i + 1 < 16; ++i) CHECK(levels[i] < levels[i + 1]);
}

TEST_CASE("a value takes the nearest level and a midpoint the lower one", "[peft][05_nf4]") {
    const std::array<double, 16> levels = nf4_levels();
    for (std::size_t i = 0; i < 16; ++i) CHECK(nf4_code(levels[i], levels) == i);
    CHECK(nf4_code(0.03, levels) == 7);
    CHECK(nf4_code(0.05, levels) == 8);
    CHECK(nf4_code(-0.95, levels) == 0);
    for (std::size_t i = 0; i + 1 < 16; ++i) {
        const double middle = 0.5 * (levels[i] + levels[i + 1]);
        CHECK(nf4_code(middle, levels) == i);  // ties go down, as bitsandbytes' x > midpoint
        CHECK(nf4_code(std::nextafter(middle, 2.0), levels) == i + 1);
    }
}

TEMPLATE_TEST_CASE("a hand-packed block puts value 2i in the high nibble", "[peft][05_nf4]", float, double) {
    using T = TestType;
    const std::array<double, 16> levels = nf4_levels();
    // One block of 4: (−2, 2, 0, 2·level 8) → absmax 2, codes (0, 15, 7, 8) → bytes 0x0F, 0x78.
    const matrix x = matrix_from({{-2, 2, 0, 2 * levels[8]}});
    const nf4_tensor<T> q = quantize_nf4(to_type<T>(x), 4, false);
    CHECK(q.packed == std::vector<std::uint8_t>{0x0F, 0x78});
    REQUIRE(q.absmax.size() == 1);
    CHECK(q.absmax[0] == T(2));
    CHECK(!q.double_quantized);
    CHECK_CLOSE_AT(round_trip(q), x, (tolerance{1e-6, 1e-7}));
    // a block of zeros stays zeros
    const nf4_tensor<T> z = quantize_nf4(to_type<T>(zero_matrix(2, 4)), 4, false);
    CHECK(z.packed == std::vector<std::uint8_t>{0x77, 0x77, 0x77, 0x77});
    CHECK_CLOSE_AT(round_trip(z), zero_matrix(2, 4), (tolerance{0, 0}));
}

TEMPLATE_TEST_CASE("every value comes back within half the gap to a neighbouring level", "[peft][05_nf4]", float,
                   double) {
    using T = TestType;
    const std::array<double, 16> levels = nf4_levels();
    const matrix x = normal_weights(3, 32, 64, 0.02);
    const nf4_tensor<T> q = quantize_nf4(to_type<T>(x), 64, false);
    const matrix back = round_trip(q);
    double widest = 0.0;  // the largest gap between two levels: 0.304, from −1 to −0.696
    for (std::size_t i = 0; i + 1 < 16; ++i) widest = std::max(widest, levels[i + 1] - levels[i]);
    for (std::size_t b = 0; b < 32; ++b) {
        const double m = static_cast<double>(q.absmax[b]);
        double worst = 0.0;
        for (std::size_t i = 0; i < 64; ++i)
            worst = std::max(worst, std::fabs(x.data()[b * 64 + i] - back.data()[b * 64 + i]) / m);
        CHECK(worst <= 0.5 * widest + 1e-6);
    }
}

TEMPLATE_TEST_CASE("NF4 loses less than a uniform 4-bit code on normal weights", "[peft][05_nf4]", float, double) {
    using T = TestType;
    const matrix x = normal_weights(4, 64, 64, 0.02);
    const double nf4_error = rmse(x, round_trip(quantize_nf4(to_type<T>(x), 64, false)));
    const double uniform_error = rmse(x, uniform_4bit_round_trip(x, 64));
    CAPTURE(nf4_error, uniform_error);
    CHECK(nf4_error < 0.9 * uniform_error);  // levels where the weights are
}

TEMPLATE_TEST_CASE("double quantisation stores a block's scale in one byte and costs little", "[peft][05_nf4]", float,
                   double) {
    using T = TestType;
    const matrix x = normal_weights(5, 64, 512, 0.02);  // 512 blocks: two groups of 256
    const nf4_tensor<T> plain = quantize_nf4(to_type<T>(x), 64, false);
    const nf4_tensor<T> dq = quantize_nf4(to_type<T>(x), 64, true);
    CHECK(dq.double_quantized);
    CHECK(dq.packed == plain.packed);  // the codes do not change, only how the scales are kept
    CHECK(dq.absmax.empty());
    CHECK(dq.absmax_codes.size() == 512);
    CHECK(dq.absmax_scales.size() == 2);
    double mean = 0.0;
    for (T a : plain.absmax) mean += static_cast<double>(a) / 512.0;
    CHECK(static_cast<double>(dq.absmax_mean) == Approx(mean).epsilon(1e-6));
    // each block scale within half a second-level step of the true absmax
    for (std::size_t b = 0; b < 512; ++b) {
        const double step = static_cast<double>(dq.absmax_scales[b / 256]);
        CHECK(std::fabs(static_cast<double>(nf4_block_scale(dq, b)) - static_cast<double>(plain.absmax[b])) <=
              0.5 * step + 1e-7);
    }
    const double plain_error = rmse(x, round_trip(plain)), dq_error = rmse(x, round_trip(dq));
    CAPTURE(plain_error, dq_error);
    CHECK(dq_error < 1.02 * plain_error);
    // bits per weight: 4 + 32/64 = 4.5 without; 4 + 8/64 + 32·(2 + 1)/32768 with (QLoRA: 4.127)
    CHECK(8.0 * static_cast<double>(storage_bytes(plain)) / 32768.0 == 4.0 + 8.0 * sizeof(T) / 64.0);
    CHECK(8.0 * static_cast<double>(storage_bytes(dq)) / 32768.0 == 4.0 + 0.125 + 24.0 * sizeof(T) / 32768.0);
    // a last group shorter than 256 blocks (a (64,384) tensor: 384 blocks, groups of 256 and 128)
    const matrix y = normal_weights(6, 64, 384, 0.02);
    const nf4_tensor<T> short_group = quantize_nf4(to_type<T>(y), 64, true);
    CHECK(short_group.absmax_scales.size() == 2);
    CHECK(short_group.absmax_codes.size() == 384);
    CHECK(rmse(y, round_trip(short_group)) < 1.02 * rmse(y, round_trip(quantize_nf4(to_type<T>(y), 64, false))));
}

TEMPLATE_TEST_CASE("bad input and damaged tensors are refused with a typed error", "[peft][05_nf4]", float, double) {
    using T = TestType;
    matrix_of<T> x = to_type<T>(normal_weights(7, 4, 16, 1.0));
    CHECK_THROWS_AS(quantize_nf4(x, 0), llmlings::invalid_argument);
    CHECK_THROWS_AS(quantize_nf4(x, 3), llmlings::invalid_argument);   // odd: two codes per byte
    CHECK_THROWS_AS(quantize_nf4(x, 1), llmlings::invalid_argument);   // odd, though it divides 64
    CHECK_THROWS_AS(quantize_nf4(x, 48), llmlings::invalid_argument);  // does not divide 64
    CHECK_THROWS_AS(quantize_nf4(to_type<T>(empty_matrix(0, 4)), 2), llmlings::shape_error);
    x.data()[9] = std::numeric_limits<T>::quiet_NaN();
    CHECK_THROWS_AS(quantize_nf4(x, 16), llmlings::invalid_argument);
    CHECK_THROWS_WITH(quantize_nf4(x, 16), llmlings::testing::contains("row 0, column 9"));
    x.data()[9] = std::numeric_limits<T>::infinity();
    CHECK_THROWS_AS(quantize_nf4(x, 16), llmlings::invalid_argument);
    // packing or scales that disagree with the header
    const nf4_tensor<T> good = quantize_nf4(to_type<T>(normal_weights(8, 4, 16, 1.0)), 16, true);
    matrix_of<T> out = filled<T>(4, 16, 0.0);
    nf4_tensor<T> bad = good;
    bad.packed.pop_back();
    CHECK_THROWS_AS(dequantize(bad, output_rows(out)), llmlings::shape_error);
    bad = good;
    bad.absmax_codes.pop_back();
    CHECK_THROWS_AS(dequantize(bad, output_rows(out)), llmlings::shape_error);
    bad = good;
    bad.block = 48;
    CHECK_THROWS_AS(dequantize(bad, output_rows(out)), llmlings::shape_error);
    bad = good;
    bad.double_quantized = false;  // the scales are stored the other way
    CHECK_THROWS_AS(dequantize(bad, output_rows(out)), llmlings::shape_error);
    matrix_of<T> wrong = filled<T>(16, 4, 0.0);
    CHECK_THROWS_AS(dequantize(good, output_rows(wrong)), llmlings::shape_error);
    CHECK_THROWS_AS(nf4_block_scale(good, 4), llmlings::shape_error);
}
