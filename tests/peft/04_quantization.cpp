// SPDX-License-Identifier: MIT
// Tests for peft/04_quantization. Oracles: hand-worked codes and scales (absmax: the largest value
// is ±127 exactly; zero-point: 0 has a code of its own), the rounding bound |x − x̂| ≤ s/2 on every
// value of seeded matrices, the order of the errors that the grouping must give (per channel below
// per tensor on channels of different scales, per block below per channel with outliers,
// zero-point below absmax on one-sided values), the int8 product against the product of the
// dequantised matrices in double (exact up to the final rounding: the int32 sum is exact), the
// int32 limit at its boundary, and bytes counted by hand.
#include <llmlings/testing.hpp>

#include <llmlings/peft/04_quantization.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "oracles/04_quantization.hpp"

using llmlings::matrix;
using llmlings::matrix_of;
using llmlings::testing::Approx;
using llmlings::testing::tolerance;
using namespace llmlings::peft;
using namespace oracles;

namespace {

const quant_layout per_tensor{quant_granularity::per_tensor, 64};
const quant_layout per_channel{quant_granularity::per_channel, 64};
quant_layout per_block(std::size_t block) {
    return {quant_granularity::per_block, block};
}

template <class T>
int8_absmax<T> absmax_of(const matrix& x, const quant_layout& layout) {
    return quantize_absmax(to_type<T>(x), layout);
}

template <class T>
uint8_affine<T> zero_point_of(const matrix& x, const quant_layout& layout) {
    return quantize_zero_point(to_type<T>(x), layout);
}

template <class Q>
matrix dequantized(const Q& q) {
    using T = typename decltype(q.scales)::value_type;
    matrix_of<T> out = filled<T>(q.rows, q.cols, 0.0);
    dequantize(q, output_rows(out));
    return to_double(out);
}

template <class T>
double rmse_of(const matrix& x, const matrix& approx) {
    return quantization_error_of(to_type<T>(x), to_type<T>(approx)).rmse;
}

// The RMSE over row r only.
double row_rmse(const matrix& x, const matrix& approx, std::size_t r) {
    const std::size_t cols = x.shape()[1];
    double squares = 0.0;
    for (std::size_t c = 0; c < cols; ++c) {
        const double d = x.data()[r * cols + c] - approx.data()[r * cols + c];
        squares += d * d;
    }
    return std::sqrt(squares / static_cast<double>(cols));
}

std::vector<int> codes_of(const std::vector<std::int8_t>& q) {
    return std::vector<int>(q.begin(), q.end());
}
std::vector<int> codes_of(const std::vector<std::uint8_t>& q) {
    return std::vector<int>(q.begin(), q.end());
}

// The largest |x − x̂|/s over the values, s the value's group scale: at most 1/2 (+ rounding).
template <class T, class Q>
double worst_steps(const matrix& x, const Q& q, const matrix& approx) {
    const std::size_t size = x.size() / q.scales.size();
    double worst = 0.0;
    for (std::size_t k = 0; k < x.size(); ++k)
        worst = std::max(worst, std::fabs(x.data()[k] - approx.data()[k]) / static_cast<double>(q.scales[k / size]));
    return worst;
}

}  // namespace

TEMPLATE_TEST_CASE("absmax maps the largest value of a tensor to 127 and rounds the rest", "[peft][04_quantization]",
                   float, double) {
    using T = TestType;
    const int8_absmax<T> q = absmax_of<T>(matrix_from({{0.5, -1.27}, {0.127, 0}}), per_tensor);
    REQUIRE(q.scales.size() == 1);
    CHECK(q.scales[0] == Approx(0.01).epsilon(1e-6));
    CHECK(codes_of(q.q) == std::vector<int>{50, -127, 13, 0});  // 12.7 rounds to 13
    CHECK(q.rows == 2);
    CHECK(q.cols == 2);
    CHECK_CLOSE_AT(dequantized(q), matrix_from({{0.5, -1.27}, {0.13, 0}}), (tolerance{1e-6, 1e-7}));
    // all zeros: scale 0, codes 0, and back to zeros
    const int8_absmax<T> z = absmax_of<T>(zero_matrix(2, 3), per_tensor);
    CHECK(z.scales[0] == T(0));
    CHECK(codes_of(z.q) == std::vector<int>(6, 0));
    CHECK_CLOSE_AT(dequantized(z), zero_matrix(2, 3), (tolerance{0, 0}));
}

TEMPLATE_TEST_CASE("per channel and per block give each group its own scale", "[peft][04_quantization]", float,
                   double) {
    using T = TestType;
    // Row 0: max 4 → s = 4/127, 1/s = 31.75 → 32; row 1: max 0.03 → −0.01/s = −42.33 → −42.
    const int8_absmax<T> c = absmax_of<T>(matrix_from({{1, -4}, {0.03, -0.01}}), per_channel);
    REQUIRE(c.scales.size() == 2);
    CHECK(c.scales[0] == Approx(4.0 / 127).epsilon(1e-6));
    CHECK(c.scales[1] == Approx(0.03 / 127).epsilon(1e-6));
    CHECK(codes_of(c.q) == std::vector<int>{32, -127, 127, -42});
    // Blocks of 2 over a (2,3) tensor run across the rows: (1, −4) (8, | 0.5) (−0.25, 0.1).
    const int8_absmax<T> b = absmax_of<T>(matrix_from({{1, -4, 8}, {0.5, -0.25, 0.1}}), per_block(2));
    REQUIRE(b.scales.size() == 3);
    CHECK(b.scales[0] == Approx(4.0 / 127).epsilon(1e-6));
    CHECK(b.scales[1] == Approx(8.0 / 127).epsilon(1e-6));
    CHECK(b.scales[2] == Approx(0.25 / 127).epsilon(1e-6));
    CHECK(codes_of(b.q) == std::vector<int>{32, -127, 127, 8, -127, 51});  // 7.9375 → 8, 50.8 → 51
    CHECK_CLOSE_AT(dequantized(b), matrix_from({{4.0 * 32 / 127, -4, 8}, {8.0 * 8 / 127, -0.25, 0.25 * 51 / 127}}),
                   (tolerance{1e-6, 1e-7}));
}

TEMPLATE_TEST_CASE("zero-point gives 0 a code of its own and uses all 256 codes", "[peft][04_quantization]", float,
                   double) {
    using T = TestType;
    // [−1, 3]: s = 4/255, z = round(63.75) = 64; q(−1) = −64 + 64 = 0, q(3) = 191 + 64 = 255,
    // q(0) = 64, q(1) = 64 + 64 = 128.
    const uint8_affine<T> q = zero_point_of<T>(matrix_from({{-1, 3}, {0, 1}}), per_tensor);
    REQUIRE(q.scales.size() == 1);
    CHECK(q.scales[0] == Approx(4.0 / 255).epsilon(1e-6));
    CHECK(q.zero_points == std::vector<std::int32_t>{64});
    CHECK(codes_of(q.q) == std::vector<int>{0, 255, 64, 128});
    const double s = 4.0 / 255;
    CHECK_CLOSE_AT(dequantized(q), matrix_from({{-64 * s, 191 * s}, {0, 64 * s}}), (tolerance{1e-6, 1e-7}));
    // all positive: lo = 0, so z = 0 and the 256 codes cover [0, max]
    const uint8_affine<T> p = zero_point_of<T>(matrix_from({{1, 4}}), per_tensor);
    CHECK(p.zero_points == std::vector<std::int32_t>{0});
    CHECK(codes_of(p.q) == std::vector<int>{64, 255});  // 1/(4/255) = 63.75 → 64
    // all negative: hi = 0, z = 255
    const uint8_affine<T> n = zero_point_of<T>(matrix_from({{-2, -0.5}}), per_tensor);
    CHECK(n.zero_points == std::vector<std::int32_t>{255});
    CHECK(codes_of(n.q) == std::vector<int>{0, 191});  // −0.5/(2/255) = −63.75 → −64, + 255
    // per channel: each row its range
    const uint8_affine<T> c = zero_point_of<T>(matrix_from({{-1, 3}, {0, 0.5}}), per_channel);
    CHECK(c.zero_points == std::vector<std::int32_t>{64, 0});
    CHECK(c.scales[1] == Approx(0.5 / 255).epsilon(1e-6));
    // a range wider than the largest T: hi − lo overflows, the scale must not
    const double big = 0.9 * static_cast<double>(std::numeric_limits<T>::max());
    const uint8_affine<T> wide = zero_point_of<T>(matrix_from({{-big, big, 0}}), per_tensor);
    CHECK(std::isfinite(static_cast<double>(wide.scales[0])));
    CHECK(codes_of(wide.q) == std::vector<int>{0, 255, 128});  // z = round(127.5) = 128 (even)
    const matrix wide_back = dequantized(wide);
    CHECK(std::fabs(wide_back.data()[1] - big) <= 0.5 * static_cast<double>(wide.scales[0]) * 1.0001);
    // zeros: any scale, zero point 0, back to zeros
    CHECK_CLOSE_AT(dequantized(zero_point_of<T>(zero_matrix(1, 3), per_tensor)), zero_matrix(1, 3), (tolerance{0, 0}));
}

TEMPLATE_TEST_CASE("every value comes back within half a step of its group", "[peft][04_quantization]", float, double) {
    using T = TestType;
    const matrix x = with_outliers(3, 16, 64);
    for (const quant_layout& layout : {per_tensor, per_channel, per_block(64), per_block(32)}) {
        CAPTURE(static_cast<int>(layout.granularity), layout.block);
        const matrix xr = to_double(to_type<T>(x));  // the values the quantiser sees
        const int8_absmax<T> a = absmax_of<T>(x, layout);
        CHECK(worst_steps<T>(xr, a, dequantized(a)) <= 0.5 + 1e-4);
        const uint8_affine<T> z = zero_point_of<T>(x, layout);
        CHECK(worst_steps<T>(xr, z, dequantized(z)) <= 0.5 + 1e-4);
        // some code reaches ±127 in every absmax group
        const std::size_t size = a.q.size() / a.scales.size();
        for (std::size_t g = 0; g < a.scales.size(); ++g) {
            int largest = 0;
            for (std::size_t i = 0; i < size; ++i) largest = std::max(largest, std::abs(int(a.q[g * size + i])));
            CHECK(largest == 127);
        }
    }
}

TEMPLATE_TEST_CASE("smaller groups lose less and zero-point wins on one-sided values", "[peft][04_quantization]", float,
                   double) {
    using T = TestType;
    // Row 0 has scale 0.01, row 3 scale 10: one scale for the tensor has steps of ~0.2, which round
    // most of row 0 to 0; its own scale has steps of ~0.0002.
    const matrix channels = channels_of_different_scales(5, 8, 64);
    const double tensor_error = row_rmse(channels, dequantized(absmax_of<T>(channels, per_tensor)), 0);
    const double channel_error = row_rmse(channels, dequantized(absmax_of<T>(channels, per_channel)), 0);
    CAPTURE(tensor_error, channel_error);
    CHECK(channel_error < 0.05 * tensor_error);
    const matrix outliers = with_outliers(6, 16, 64);
    const double row_error = rmse_of<T>(outliers, dequantized(absmax_of<T>(outliers, per_channel)));
    const double block_error = rmse_of<T>(outliers, dequantized(absmax_of<T>(outliers, per_block(16))));
    CAPTURE(row_error, block_error);
    CHECK(block_error < 0.7 * row_error);  // most blocks of 16 hold no outlier
    const matrix positive = one_sided(7, 8, 64);
    const double absmax_error = rmse_of<T>(positive, dequantized(absmax_of<T>(positive, per_tensor)));
    const double zero_point_error = rmse_of<T>(positive, dequantized(zero_point_of<T>(positive, per_tensor)));
    CAPTURE(absmax_error, zero_point_error);
    CHECK(zero_point_error < 0.6 * absmax_error);  // 255 steps over [0, 1] against 127
}

TEMPLATE_TEST_CASE("the int8 product sums codes in int32 and applies the scales once", "[peft][04_quantization]", float,
                   double) {
    using T = TestType;
    // hand-worked: codes (1, 2)·(3, −1) = 1 with scales 0.5 and 0.25 → 0.125
    int8_absmax<T> a, w;
    a.q = {1, 2};
    a.scales = {T(0.5)};
    a.rows = 1;
    a.cols = 2;
    w.q = {3, -1};
    w.scales = {T(0.25)};
    w.rows = 1;
    w.cols = 2;
    matrix_of<T> y = filled<T>(1, 1, 0.0);
    int8_matmul(a, w, output_rows(y));
    CHECK(static_cast<double>(y.data()[0]) == 0.125);
    // random, per channel: the product of the dequantised matrices, to the final rounding
    const matrix x = channels_of_different_scales(8, 5, 48), weight = with_outliers(9, 7, 48);
    const int8_absmax<T> qa = absmax_of<T>(x, per_channel), qw = absmax_of<T>(weight, per_channel);
    matrix_of<T> out = filled<T>(5, 7, 0.0);
    int8_matmul(qa, qw, output_rows(out));
    const matrix exact = product_transposed(dequantized(qa), dequantized(qw));
    const tolerance tol = std::is_same<T, float>::value ? tolerance{1e-6, 1e-9} : tolerance{1e-13, 1e-15};
    CHECK_CLOSE_AT(to_double(out), exact, tol);
    // and a per-tensor activation with a per-channel weight
    const int8_absmax<T> qt = absmax_of<T>(x, per_tensor);
    int8_matmul(qt, qw, output_rows(out));
    CHECK_CLOSE_AT(to_double(out), product_transposed(dequantized(qt), dequantized(qw)), tol);
    // per block cannot be taken out of the sum; K must agree; y must be (M, N)
    CHECK_THROWS_AS(int8_matmul(absmax_of<T>(x, per_block(16)), qw, output_rows(out)), llmlings::invalid_argument);
    const int8_absmax<T> narrow = absmax_of<T>(with_outliers(10, 7, 32), per_channel);
    CHECK_THROWS_AS(int8_matmul(qa, narrow, output_rows(out)), llmlings::shape_error);
    matrix_of<T> wrong = filled<T>(7, 5, 0.0);
    CHECK_THROWS_AS(int8_matmul(qa, qw, output_rows(wrong)), llmlings::shape_error);
}

TEMPLATE_TEST_CASE("the int32 sum holds up to its limit and refuses one more", "[peft][04_quantization]", float,
                   double) {
    using T = TestType;
    const std::size_t k = int8_matmul_max_inner;
    CHECK(k == 133144);  // ⌊(2³¹ − 1)/127²⌋
    int8_absmax<T> a;
    a.q.assign(k, 127);
    a.scales = {T(1)};
    a.rows = 1;
    a.cols = k;
    matrix_of<T> y = filled<T>(1, 1, 0.0);
    int8_matmul(a, a, output_rows(y));
    CHECK(y.data()[0] == static_cast<T>(127.0 * 127.0 * static_cast<double>(k)));
    a.q.push_back(127);
    a.cols = k + 1;
    CHECK_THROWS_AS(int8_matmul(a, a, output_rows(y)), llmlings::invalid_argument);
}

TEMPLATE_TEST_CASE("bad input to quantise is refused with a typed error", "[peft][04_quantization]", float, double) {
    using T = TestType;
    matrix x = matrix_from({{1, 2, 3}, {4, 5, 6}});
    CHECK_THROWS_AS(absmax_of<T>(x, per_block(4)), llmlings::invalid_argument);  // 4 does not divide 6
    CHECK_THROWS_AS(zero_point_of<T>(x, per_block(0)), llmlings::invalid_argument);
    CHECK_THROWS_AS(absmax_of<T>(empty_matrix(0, 3), per_tensor), llmlings::shape_error);
    x.data()[5] = std::nan("");
    CHECK_THROWS_AS(absmax_of<T>(x, per_tensor), llmlings::invalid_argument);
    CHECK_THROWS_WITH(absmax_of<T>(x, per_tensor), llmlings::testing::contains("row 1, column 2"));
    x.data()[5] = HUGE_VAL;
    CHECK_THROWS_AS(zero_point_of<T>(x, per_channel), llmlings::invalid_argument);
    // codes and scales that disagree with the shape (a damaged file)
    int8_absmax<T> q = absmax_of<T>(matrix_from({{1, 2}, {3, 4}}), per_channel);
    q.scales.pop_back();
    matrix_of<T> out = filled<T>(2, 2, 0.0);
    CHECK_THROWS_AS(dequantize(q, output_rows(out)), llmlings::shape_error);
    uint8_affine<T> z = zero_point_of<T>(matrix_from({{1, 2}, {3, 4}}), per_block(2));
    z.zero_points.pop_back();
    CHECK_THROWS_AS(dequantize(z, output_rows(out)), llmlings::shape_error);
    matrix_of<T> wrong = filled<T>(1, 4, 0.0);
    CHECK_THROWS_AS(dequantize(absmax_of<T>(matrix_from({{1, 2}, {3, 4}}), per_tensor), output_rows(wrong)),
                    llmlings::shape_error);
}

TEMPLATE_TEST_CASE("error metrics and bytes", "[peft][04_quantization]", float, double) {
    using T = TestType;
    const matrix_of<T> x = to_type<T>(matrix_from({{1, 2}})), approx = to_type<T>(matrix_from({{1, 2.5}}));
    const quantization_error e = quantization_error_of(x, approx);
    CHECK(e.rmse == Approx(std::sqrt(0.125)).epsilon(1e-12));
    CHECK(e.max_abs == 0.5);
    const matrix_of<T> other = filled<T>(2, 1, 0.0);
    CHECK_THROWS_AS(quantization_error_of(x, other), llmlings::shape_error);
    const matrix w = with_outliers(11, 64, 64);
    CHECK(storage_bytes(absmax_of<T>(w, per_block(64))) == 4096 + 64 * sizeof(T));
    CHECK(storage_bytes(absmax_of<T>(w, per_tensor)) == 4096 + sizeof(T));
    CHECK(storage_bytes(zero_point_of<T>(w, per_channel)) == 4096 + 64 * (sizeof(T) + 4));
}

TEMPLATE_TEST_CASE("fake quantisation rounds every matrix of a store and leaves vectors alone",
                   "[peft][04_quantization]", float, double) {
    using T = TestType;
    llmlings::parameter_store<T> store;
    const llmlings::parameter<T> w = store.add("fc.weight", {2, 2});
    const llmlings::parameter<T> b = store.add("fc.bias", {2});
    set_values(w, matrix_from({{0.5, -1.27}, {0.127, 0}}));
    set_values(b, vector_from({0.127, 3}));
    const quantization_error e = fake_quantize_weights(store, per_tensor);
    CHECK_CLOSE_AT(values_matrix(w), matrix_from({{0.5, -1.27}, {0.13, 0}}), (tolerance{1e-6, 1e-7}));
    CHECK_CLOSE_AT(values_of(b), vector_from({static_cast<double>(T(0.127)), 3}), (tolerance{0, 0}));  // unchanged
    CHECK(e.max_abs == Approx(0.003).epsilon(1e-3));
    CHECK(e.rmse == Approx(0.0015).epsilon(1e-3));  // √(0.003²/4)
    // a NaN anywhere: nothing is changed
    llmlings::parameter_store<T> bad;
    const llmlings::parameter<T> first = bad.add("a.weight", {1, 2});
    const llmlings::parameter<T> second = bad.add("b.weight", {1, 2});
    set_values(first, matrix_from({{0.127, 1}}));
    set_values(second, matrix_from({{std::nan(""), 1}}));
    CHECK_THROWS_AS(fake_quantize_weights(bad, per_tensor), llmlings::invalid_argument);
    CHECK(values_of(first)(0) == static_cast<double>(T(0.127)));
    llmlings::parameter_store<T> vectors_only;
    vectors_only.add("bias", {3});
    CHECK_THROWS_AS(fake_quantize_weights(vectors_only, per_tensor), llmlings::shape_error);
}
