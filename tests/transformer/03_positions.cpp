// SPDX-License-Identifier: MIT
// Tests for transformer/03_positions. Oracles: hand values of the sinusoidal table at positions 0,
// 1, 2 (C = 3, 4, 6 with bases whose powers are round numbers) and of RoPE with d = 4 (which also
// tells the interleaved pairing from rotate_half's); PyTorch's sinusoidal tables (even and odd C,
// and rows up to position 9999) and LLaMA's complex-number RoPE forward and backward
// (tools/golden/transformer_positions.py), in both types; properties: PE(p + k) is a rotation of
// each pair of PE(p), RoPE scores depend only on the offset, rotations keep norms, the backward is
// the transpose and the inverse, a start offset equals slicing a longer sequence, float tables are
// the double ones rounded once; central differences over the learned table (the store) and the
// input; sample moments of init_normal; the allocation counter; the errors. The golden file is
// read in oracles/03_positions.cpp.
#include <llmlings/testing.hpp>
#include <llmlings/testing/allocations.hpp>  // replaces operator new: in this one file of the program

#include <llmlings/transformer/03_positions.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>
#include <vector>

#include "oracles/03_positions.hpp"

using llmlings::matrix;
using llmlings::matrix_of;
using llmlings::parameter_store;
using llmlings::tensor3;
using llmlings::tensor3_of;
using llmlings::testing::Approx;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::transformer;
using namespace oracles;

namespace {

// sin, cos and pow of a few arguments in double: agreement to a few ulps.
const tolerance tight{1e-14, 1e-15};

// RoPE of a double tensor at positions start …: the value the properties below are about.
tensor3 rotated(const rope_table<double>& table, const tensor3& x, std::size_t start) {
    return rope_forward(table, x, start);
}
tensor3 rotated_back(const rope_table<double>& table, const tensor3& dy, std::size_t start) {
    tensor3 dx = filled<double>(dy.shape()[0], dy.shape()[1], dy.shape()[2], 7.0);
    rope_backward(table, input_view3(dy), output_view3(dx), start);
    return dx;
}

}  // namespace

TEST_CASE("sinusoidal encodings at positions 0 1 and 2 are the hand values", "[transformer][03_positions]") {
    // C = 4, base 10⁴: ω = (1, 10⁴^(−2/4) = 1/100).
    const matrix pe = sinusoidal_positions<double>(2, 4);
    CHECK_CLOSE_AT(
        pe, matrix_from({{0.0, 1.0, 0.0, 1.0}, {std::sin(1.0), std::cos(1.0), std::sin(0.01), std::cos(0.01)}}), tight);
    // C = 6, base 10⁶: ω = (1, 10⁻², 10⁻⁴), at position 2.
    const matrix pe6 = sinusoidal_positions<double>(3, 6, 1e6);
    CHECK_CLOSE_AT(
        row(pe6, 2),
        vector_from({std::sin(2.0), std::cos(2.0), std::sin(0.02), std::cos(0.02), std::sin(2e-4), std::cos(2e-4)}),
        tight);
    // Odd C = 3, base 64: the last column is the unpaired sine of ω = 64^(−2/3) = 1/16. Every element
    // of the preallocated output is written (it starts at 7).
    matrix odd = filled(3, 3, 7.0);
    sinusoidal_positions<double>(output_rows(odd), 64.0);
    CHECK_CLOSE_AT(odd,
                   matrix_from({{0.0, 1.0, 0.0},
                                {std::sin(1.0), std::cos(1.0), std::sin(1.0 / 16)},
                                {std::sin(2.0), std::cos(2.0), std::sin(2.0 / 16)}}),
                   tight);
}

TEMPLATE_TEST_CASE("sinusoidal encodings match PyTorch near and far", "[transformer][03_positions]", float, double) {
    // Double: pow(base, −2i/C) against PyTorch's exp(−2i ln(base)/C) differ by a few ulps, so the
    // angles p·ω by a few ulps of p: ~1e-14 for p < 32, ~1e-11 at p = 9999 (ulp(10⁴) = 1.8e-12).
    // Float: one rounding of values in [−1, 1] to float, ≤ 2⁻²⁵ ≈ 3e-8, plus the double's error.
    // (An angle computed in float would be off by 6e-4 at p = 9999.)
    const bool is_float = std::is_same<TestType, float>::value;
    const tolerance near = is_float ? tolerance{0, 5e-8} : tolerance{0, 1e-13};
    const tolerance far = is_float ? tolerance{0, 6e-8} : tolerance{0, 2e-11};
    CHECK_CLOSE_AT(to_double(sinusoidal_positions<TestType>(32, 16)), sinusoidal_golden("sin.even"), near);
    CHECK_CLOSE_AT(to_double(sinusoidal_positions<TestType>(12, 5, 100.0)), sinusoidal_golden("sin.odd"), near);
    const matrix table = to_double(sinusoidal_positions<TestType>(10000, 16));
    CHECK_CLOSE_AT(rows_at(table, sinusoidal_far_positions()), sinusoidal_golden("sin.far"), far);
}

TEST_CASE("a shift by k positions rotates each pair of the sinusoidal encoding", "[transformer][03_positions]") {
    // sin((p+k)ω) = sin(pω) cos(kω) + cos(pω) sin(kω), cos((p+k)ω) = cos(pω) cos(kω) − sin(pω) sin(kω):
    // the map from PE(p) to PE(p + k) depends on k alone (Vaswani et al. 2017, section 3.5).
    const std::size_t C = 8;
    const matrix pe = sinusoidal_positions<double>(64, C);
    for (std::size_t k : {1u, 5u, 13u})
        for (std::size_t p : {0u, 3u, 17u, 40u}) {
            INFO("k = " << k << ", p = " << p);
            for (std::size_t i = 0; i < C / 2; ++i) {
                const double w = std::pow(10000.0, -2.0 * static_cast<double>(i) / C), ck = std::cos(k * w),
                             sk = std::sin(k * w);
                const double s = element(pe, p, 2 * i), c = element(pe, p, 2 * i + 1);
                CHECK_CLOSE_AT(element(pe, p + k, 2 * i), s * ck + c * sk, tight);
                CHECK_CLOSE_AT(element(pe, p + k, 2 * i + 1), c * ck - s * sk, tight);
            }
        }
}

TEST_CASE("float tables at far positions are the double tables rounded once", "[transformer][03_positions]") {
    // Rounding a value in [−1, 1] to float moves it by at most 2⁻²⁵ ≈ 2.98e-8. An angle p·ω computed
    // in float would move the sines and cosines by up to 10⁴ · 6e-8 = 6e-4.
    const tolerance rounding{0, 3e-8};
    CHECK_CLOSE_AT(to_double(sinusoidal_positions<float>(10000, 8)), sinusoidal_positions<double>(10000, 8), rounding);
    const rope_table<float> single = make_rope_table<float>(10000, 8);
    const rope_table<double> twice = make_rope_table<double>(10000, 8);
    CHECK_CLOSE_AT(to_double(single.cos), twice.cos, rounding);
    CHECK_CLOSE_AT(to_double(single.sin), twice.sin, rounding);
}

TEST_CASE("sinusoidal_positions rejects a base that is not finite and above one", "[transformer][03_positions]") {
    CHECK_THROWS_WITH(sinusoidal_positions<double>(4, 4, 1.0),
                      contains("sinusoidal_positions") && contains("base must be finite and > 1"));
    for (double base : {0.5, -2.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
        INFO("base " << base);
        CHECK_THROWS_AS(sinusoidal_positions<float>(4, 4, base), llmlings::invalid_argument);
        matrix out = filled(2, 2, 0.0);
        CHECK_THROWS_AS(sinusoidal_positions<double>(output_rows(out), base), llmlings::invalid_argument);
    }
}

TEST_CASE("make_learned_positions registers the weight and init_normal draws from N of 0 and 0.02",
          "[transformer][03_positions]") {
    parameter_store<double> store;
    learned_positions<double> wpe = make_learned_positions(store, "wpe", 512, 64);
    CHECK(store.contains("wpe.weight"));
    CHECK(wpe.weight.shape() == std::vector<std::size_t>{512, 64});
    CHECK(wpe.max_positions == 512);
    CHECK(wpe.channels == 64);
    CHECK(values_all(wpe.weight, 0.0));
    llmlings::rng gen(11);
    init_normal(wpe, gen);  // GPT-2's 0.02
    // 32768 draws: the mean's standard error is 0.02/181 = 1.1e-4, the sd's 0.02/256 = 7.8e-5.
    const vector w = values_of(wpe.weight);
    CHECK(std::fabs(sample_mean(w)) < 6e-4);
    CHECK(std::fabs(sample_sd(w) - 0.02) < 4e-4);
    // A seed fixes the draws; a float layer holds the double layer's draws rounded (2⁻²⁴ relative).
    parameter_store<float> single;
    learned_positions<float> wpe32 = make_learned_positions(single, "wpe", 512, 64);
    llmlings::rng same(11);
    init_normal(wpe32, same);
    CHECK_CLOSE_AT(values_of(wpe32.weight), w, (tolerance{6e-8, 0}));
    llmlings::rng wide(12);
    init_normal(wpe, wide, 1.0);
    CHECK(std::fabs(sample_sd(values_of(wpe.weight)) - 1.0) < 0.02);
}

TEMPLATE_TEST_CASE("learned positions add the rows from start on and the backward sums over the batch",
                   "[transformer][03_positions]", float, double) {
    // W(p, c) = 10p + c, so row p of the table is recognisable; start 3 with T = 3 fills the 6 rows
    // exactly. Float: y = fl(x + w) is within 2⁻²⁴|y| of the exact sum (|y| < 60); the gradient sums
    // two rounded terms and 1.
    const bool is_float = std::is_same<TestType, float>::value;
    const tolerance tol = is_float ? tolerance{1.2e-7, 1e-12} : tolerance{1e-15, 1e-15};
    parameter_store<TestType> store;
    learned_positions<TestType> wpe = make_learned_positions(store, "wpe", 6, 3);
    const matrix w = counting_table(6, 3);
    set_values(wpe.weight, w);
    seed_random(2);
    const tensor3_of<TestType> x = rounded<TestType>(normal_tensor3(2, 3, 3));
    const tensor3 xd = to_double(x), expected = plus_rows(xd, w, 3);
    tensor3_of<TestType> y = filled<TestType>(2, 3, 3, 7.0);
    learned_positions_forward(wpe, input_view3(x), output_view3(y), 3);
    CHECK_CLOSE_AT(to_double(y), expected, tol);
    // In place: y is x itself.
    tensor3_of<TestType> z = x;
    learned_positions_forward(wpe, input_view3(z), output_view3(z), 3);
    CHECK_CLOSE_AT(to_double(z), expected, tol);
    // Start 0 adds rows 0, 1, 2.
    CHECK_CLOSE_AT(to_double(learned_positions_forward(wpe, x)), plus_rows(xd, w, 0), tol);
    // The backward adds Σ_b dy[b, t] to row 3 + t, on top of what the gradient held (1); rows 0–2 keep 1.
    set_grads(wpe.weight, filled(6, 3, 1.0));
    const tensor3_of<TestType> dy = rounded<TestType>(normal_tensor3(2, 3, 3));
    learned_positions_backward(wpe, input_view3(dy), 3);
    const matrix grad = plus_batch_sums(filled(6, 3, 1.0), to_double(dy), 3);
    CHECK_CLOSE_AT(grads_matrix(wpe.weight), grad, (is_float ? tolerance{1e-6, 1e-6} : tight));
}

TEST_CASE("learned positions pass the gradient check over the store and the input", "[transformer][03_positions]") {
    // L = Σ c·y + ½ Σ y² with y = x + W[2 + t]: dL/dy = c + y; dL/dx = dL/dy, which the caller passes on.
    parameter_store<double> store;
    learned_positions<double> wpe = make_learned_positions(store, "wpe", 5, 3);
    llmlings::rng gen(4);
    init_normal(wpe, gen, 1.0);
    seed_random(8);
    const tensor3 x = normal_tensor3(2, 3, 3), c = normal_tensor3(2, 3, 3);
    const std::size_t start = 2;
    const tensor3 y = learned_positions_forward(wpe, x, start);
    const tensor3 dy = plus(c, y);
    store.zero_grad();
    learned_positions_backward(wpe, input_view3(dy), start);
    CHECK_STORE_GRADIENTS_AT(
        store_gradient_check(store, [&] { return quadratic_loss(learned_positions_forward(wpe, x, start), c); }), 1e-7);
    CHECK_GRADIENT_AT(
        tensor3_gradient_check(
            [&](const tensor3& moved) { return quadratic_loss(learned_positions_forward(wpe, moved, start), c); }, x,
            dy),
        1e-7);
}

TEST_CASE("learned positions reject positions past the table and wrong shapes", "[transformer][03_positions]") {
    parameter_store<double> store;
    CHECK_THROWS_AS(make_learned_positions(store, "zero", 0, 3), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_learned_positions(store, "none", 4, 0), llmlings::invalid_argument);
    learned_positions<double> wpe = make_learned_positions(store, "wpe", 6, 3);
    const tensor3 x = filled<double>(2, 3, 3, 1.0);
    CHECK_THROWS_WITH(learned_positions_forward(wpe, x, 4),
                      contains("learned_positions_forward") && contains("4 + 3") && contains("max_positions = 6"));
    CHECK_THROWS_AS(learned_positions_forward(wpe, x, std::numeric_limits<std::size_t>::max()),
                    llmlings::invalid_argument);
    CHECK_THROWS_WITH(learned_positions_backward(wpe, input_view3(x), 5),
                      contains("learned_positions_backward") && contains("5 + 3"));
    CHECK_THROWS_AS(learned_positions_forward(wpe, filled<double>(2, 3, 4, 1.0)), llmlings::shape_error);
    CHECK_THROWS_AS(learned_positions_backward(wpe, input_view3(filled<double>(2, 3, 2, 1.0))), llmlings::shape_error);
    tensor3 wrong = filled<double>(2, 2, 3, 0.0);
    CHECK_THROWS_WITH(learned_positions_forward(wpe, input_view3(x), output_view3(wrong)),
                      contains("learned_positions_forward") && contains("y must be (2,3,3)"));
    learned_positions<double> unbuilt;
    CHECK_THROWS_AS(learned_positions_forward(unbuilt, x), llmlings::invalid_argument);
    llmlings::rng gen(1);
    CHECK_THROWS_AS(init_normal(unbuilt, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(init_normal(wpe, gen, 0.0), llmlings::invalid_argument);
    CHECK_THROWS_WITH(init_normal(wpe, gen, std::numeric_limits<double>::quiet_NaN()),
                      contains("init_normal") && contains("stddev"));
}

TEST_CASE("the RoPE table and rotation are the hand values", "[transformer][03_positions]") {
    // d = 4, base 100: θ = (1, 100^(−2/4) = 0.1).
    const rope_table<double> table = make_rope_table<double>(4, 4, 100.0);
    CHECK_CLOSE_AT(table.cos,
                   matrix_from({{1.0, 1.0},
                                {std::cos(1.0), std::cos(0.1)},
                                {std::cos(2.0), std::cos(0.2)},
                                {std::cos(3.0), std::cos(0.3)}}),
                   tight);
    CHECK_CLOSE_AT(table.sin,
                   matrix_from({{0.0, 0.0},
                                {std::sin(1.0), std::sin(0.1)},
                                {std::sin(2.0), std::sin(0.2)},
                                {std::sin(3.0), std::sin(0.3)}}),
                   tight);
    // At position 1 (start 1): (1, 0) turns by 1 radian into (cos 1, sin 1); the second pair (0, 2)
    // by 0.1 into (−2 sin 0.1, 2 cos 0.1). rotate_half's pairs (0, 2) and (1, 3) would give
    // (cos 1, 0, sin 1, 0) for the first row.
    const tensor3 x = tensor3_from({{{1.0, 0.0, 0.0, 0.0}, {0.0, 0.0, 0.0, 2.0}}});
    const tensor3 y = rotated(table, x, 1);
    CHECK_CLOSE_AT(y,
                   tensor3_from({{{std::cos(1.0), std::sin(1.0), 0.0, 0.0},
                                  {0.0, 0.0, -2.0 * std::sin(0.2), 2.0 * std::cos(0.2)}}}),
                   tight);
    // The second row is at position 2: θ₁·2 = 0.2. The backward turns (cos 1, sin 1) at position 1
    // back to (1, 0).
    const tensor3 back = rotated_back(table, tensor3_from({{{std::cos(1.0), std::sin(1.0), 0.0, 0.0}}}), 1);
    CHECK_CLOSE_AT(back, tensor3_from({{{1.0, 0.0, 0.0, 0.0}}}), tight);
    // NaN in, NaN out, in its own pair only.
    const tensor3 nan_row = tensor3_from({{{std::numeric_limits<double>::quiet_NaN(), 0.0, 1.0, 0.0}}});
    const tensor3 ny = rotated(table, nan_row, 2);
    CHECK(std::isnan(element(ny, 0, 0, 0)));
    CHECK(std::isnan(element(ny, 0, 0, 1)));
    CHECK(element(ny, 0, 0, 2) == Approx(std::cos(0.2)));
}

TEMPLATE_TEST_CASE("RoPE matches the complex form of LLaMA in PyTorch forward and backward",
                   "[transformer][03_positions]", float, double) {
    // Double: the table's cos and sin of the same angles (θ by pow against 1/base^(2i/d), a few
    // ulps) and the same four products per pair: 1e-13. Float: the inputs (|x| < 4) and the table
    // rounded to float, and float products: a few 2⁻²⁴ · 4 ≈ 1e-6.
    const bool is_float = std::is_same<TestType, float>::value;
    const tolerance tol = is_float ? tolerance{1e-5, 2e-6} : tolerance{1e-12, 1e-13};
    const tolerance table_tol = is_float ? tolerance{0, 3e-8} : tolerance{0, 1e-14};
    for (const char* name : {"cached", "plain"}) {
        INFO("case " << name);
        const rope_golden_case& c = rope_golden(name);
        const std::size_t N = c.x.shape()[0], T = c.x.shape()[1], d = c.x.shape()[2];
        const rope_table<TestType> table = make_rope_table<TestType>(c.max_positions, d, c.base);
        CHECK_CLOSE_AT(to_double(table.cos), c.cos, table_tol);
        CHECK_CLOSE_AT(to_double(table.sin), c.sin, table_tol);
        const tensor3_of<TestType> x = rounded<TestType>(c.x), g = rounded<TestType>(c.g);
        tensor3_of<TestType> y = filled<TestType>(N, T, d, 7.0), dx = filled<TestType>(N, T, d, 7.0);
        rope_forward(table, input_view3(x), output_view3(y), c.start);
        rope_backward(table, input_view3(g), output_view3(dx), c.start);
        CHECK_CLOSE_AT(to_double(y), c.y, tol);
        CHECK_CLOSE_AT(to_double(dx), c.dx, tol);
        // In place: y is x itself, dx is dy itself.
        tensor3_of<TestType> z = x, dz = g;
        rope_forward(table, input_view3(z), output_view3(z), c.start);
        rope_backward(table, input_view3(dz), output_view3(dz), c.start);
        CHECK_CLOSE_AT(to_double(z), c.y, tol);
        CHECK_CLOSE_AT(to_double(dz), c.dx, tol);
    }
}

TEST_CASE("RoPE scores depend only on the offset between the positions", "[transformer][03_positions]") {
    // (R_m q)·(R_n k) = q·R_(n−m) k: pairs of positions with the same m − n give the same score.
    seed_random(6);
    const tensor3 q = normal_tensor3(1, 1, 8), k = normal_tensor3(1, 1, 8);
    const rope_table<double> table = make_rope_table<double>(16, 8);
    auto score = [&](std::size_t m, std::size_t n) { return inner(rotated(table, q, m), rotated(table, k, n)); };
    const tolerance same{1e-12, 1e-12};
    CHECK_CLOSE_AT(score(0, 0), inner(q, k), same);
    CHECK_CLOSE_AT(score(7, 7), inner(q, k), same);
    const double two = score(2, 0);
    CHECK_CLOSE_AT(score(5, 3), two, same);
    CHECK_CLOSE_AT(score(11, 9), two, same);
    CHECK_CLOSE_AT(score(15, 13), two, same);
    CHECK_CLOSE_AT(score(9, 11), score(0, 2), same);
    CHECK_CLOSE_AT(score(14, 13), score(1, 0), same);
    CHECK(std::fabs(two - inner(q, k)) > 1e-3);   // an offset does change the score
    CHECK(std::fabs(score(9, 11) - two) > 1e-3);  // and −2 is not +2
}

TEST_CASE("RoPE keeps every norm and its backward is the transpose and the inverse", "[transformer][03_positions]") {
    seed_random(9);
    const tensor3 x = normal_tensor3(3, 6, 8), v = normal_tensor3(3, 6, 8);
    const rope_table<double> table = make_rope_table<double>(10, 8, 500.0);
    const tensor3 y = rotated(table, x, 2);
    CHECK_CLOSE_AT(row_norms(y), row_norms(x), tight);
    // ⟨R x, v⟩ = ⟨x, Rᵀ v⟩, and Rᵀ R x = x.
    CHECK_CLOSE_AT(inner(y, v), inner(x, rotated_back(table, v, 2)), (tolerance{1e-13, 1e-13}));
    CHECK_CLOSE_AT(rotated_back(table, y, 2), x, tight);
}

TEST_CASE("RoPE at a start offset equals the slice of a longer sequence", "[transformer][03_positions]") {
    // The KV cache's property: the last 3 of 8 positions, rotated on their own from start 5, are the
    // rows 5 to 7 of the whole sequence rotated from 0: the same products of the same numbers, so
    // equal to the last bit but for a compiler's contraction into fused multiply-adds.
    seed_random(10);
    const tensor3 x = normal_tensor3(2, 8, 6);
    const rope_table<double> table = make_rope_table<double>(10, 6);
    const tensor3 whole = rotated(table, x, 0);
    const tolerance exact{1e-15, 1e-16};
    CHECK_CLOSE_AT(rotated(table, steps_of(x, 5, 8), 5), steps_of(whole, 5, 8), exact);
    CHECK_CLOSE_AT(rotated(table, steps_of(x, 2, 4), 2), steps_of(whole, 2, 4), exact);
    const tensor3 back = rotated_back(table, x, 0);
    CHECK_CLOSE_AT(rotated_back(table, steps_of(x, 5, 8), 5), steps_of(back, 5, 8), exact);
}

TEST_CASE("the RoPE backward matches central differences", "[transformer][03_positions]") {
    // L = Σ c·y + ½ Σ y², y = RoPE(x) from position 3: dL/dy = c + y, dx = rope_backward(dL/dy).
    seed_random(12);
    const tensor3 x = normal_tensor3(2, 4, 6), c = normal_tensor3(2, 4, 6);
    const rope_table<double> table = make_rope_table<double>(8, 6, 50.0);
    const tensor3 dx = rotated_back(table, plus(c, rotated(table, x, 3)), 3);
    CHECK_GRADIENT_AT(tensor3_gradient_check(
                          [&](const tensor3& moved) { return quadratic_loss(rotated(table, moved, 3), c); }, x, dx),
                      1e-7);
}

TEMPLATE_TEST_CASE("the position passes allocate nothing", "[transformer][03_positions]", float, double) {
    parameter_store<TestType> store;
    learned_positions<TestType> wpe = make_learned_positions(store, "wpe", 8, 8);
    llmlings::rng gen(5);
    init_normal(wpe, gen);
    const rope_table<TestType> table = make_rope_table<TestType>(8, 8);
    tensor3_of<TestType> x = rounded<TestType>(normal_tensor3(4, 6, 8)), y = filled<TestType>(4, 6, 8, 0.0);
    const std::size_t before = llmlings::testing::allocation_count();
    learned_positions_forward(wpe, input_view3(x), output_view3(y), 2);
    learned_positions_backward(wpe, input_view3(x), 2);
    rope_forward(table, input_view3(y), output_view3(y), 1);
    rope_backward(table, input_view3(x), output_view3(x), 2);
    CHECK(llmlings::testing::allocation_count() == before);
    CHECK(max_abs(y) > 0.0);
    CHECK(max_abs(grads_matrix(wpe.weight)) > 0.0);
}

TEST_CASE("RoPE rejects odd head sizes positions past the table and wrong shapes", "[transformer][03_positions]") {
    CHECK_THROWS_WITH(make_rope_table<double>(8, 5),
                      contains("make_rope_table") && contains("head_size must be even and > 0, got 5"));
    CHECK_THROWS_AS(make_rope_table<double>(8, 0), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_rope_table<float>(0, 4), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_rope_table<double>(8, 4, 1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_rope_table<double>(8, 4, std::numeric_limits<double>::quiet_NaN()),
                    llmlings::invalid_argument);
    const rope_table<double> table = make_rope_table<double>(8, 4);
    const tensor3 x = filled<double>(2, 4, 4, 1.0);
    CHECK_THROWS_WITH(rope_forward(table, x, 6),
                      contains("rope_forward") && contains("6 + 4") && contains("max_positions = 8"));
    CHECK_THROWS_WITH(rotated_back(table, x, 5), contains("rope_backward") && contains("5 + 4"));
    CHECK_THROWS_WITH(rope_forward(table, filled<double>(2, 4, 6, 1.0)),
                      contains("rope_forward") && contains("head size 4"));
    tensor3 wrong = filled<double>(2, 4, 2, 0.0);
    CHECK_THROWS_WITH(rope_forward(table, input_view3(x), output_view3(wrong)),
                      contains("rope_forward") && contains("y must be (2,4,4)"));
    CHECK_THROWS_WITH(rope_backward(table, input_view3(x), output_view3(wrong)),
                      contains("rope_backward") && contains("dx must be (2,4,4)"));
    const rope_table<double> unmade;
    CHECK_THROWS_AS(rope_forward(unmade, x), llmlings::invalid_argument);
}
