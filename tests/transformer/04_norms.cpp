// SPDX-License-Identifier: MIT
// Tests for transformer/04_norms. Oracles: hand-worked rows (1, 2, 3, 4) for layer norm (mean 2.5,
// variance 1.25) and RMSNorm (mean square 7.5) with a one-hot upstream gradient, and a one-channel
// MLP whose GELU values are PyTorch's; PyTorch's forward and backward of nn.LayerNorm, RMSNorm (in
// torch ops), the GELU MLP and a pre-LN residual branch x + mlp(ln(x)), in both types
// (tools/golden/transformer_norms.py); an independent double layer norm in the oracles, with either
// correction term of the backward dropped, to show the test data need both; invariance to shifting
// and scaling a row, and the gradient's orthogonality that follows; a float row of mean 1e4 and
// spread 1; central differences of the quadratic loss over the input and every tensor of the
// store; accumulation; NaN rows; the allocation counter; the errors. The golden file is read in
// oracles/04_norms.cpp.
#include <llmlings/testing.hpp>
#include <llmlings/testing/allocations.hpp>  // replaces operator new: in this one file of the program

#include <llmlings/transformer/04_norms.hpp>

#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <type_traits>

#include "oracles/04_norms.hpp"

using llmlings::matrix_of;
using llmlings::parameter_store;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::transformer;
using namespace oracles;

namespace {

// Sums of a few terms and one square root in double: agreement to a few ulps.
const tolerance tight{1e-13, 1e-14};

// Float against PyTorch's float64: the inputs rounded to float (2⁻²⁴ ≈ 6e-8 relative) and float
// sums of ≤ 16 terms move values of size ≤ 20 (x̂ ≤ 3, γ ≤ 2, r ≤ 2, gradients summed over 6
// rows) by a few 1e-6 (measured: 1.6e-6 at most); 1e-4 relative and 3e-5 absolute bound them with
// margin. Double: another order of the same sums, a few ulps (measured: 3e-15 at most).
template <class T>
tolerance golden_tolerance() {
    return std::is_same<T, float>::value ? tolerance{1e-4, 3e-5} : tolerance{1e-10, 1e-12};
}

// What a forward and a backward of a norm give back, in double.
struct norm_result {
    matrix y, dx;
    vector stat_a, stat_b;  // layer norm: mean and rstd; RMSNorm: rrms
    vector dweight, dbias;  // the parameters' gradients (RMSNorm: no bias)
};

// A layer norm in type T with these parameters: one forward and one backward, the inputs rounded
// from double. Outputs start at 7, not 0: every element must be written, not added to.
template <class T>
norm_result run_layer_norm(const matrix& x_in, const vector& weight, const vector& bias, const matrix& dy_in,
                           double eps = 1e-5) {
    const std::size_t rows = x_in.shape()[0], cols = x_in.shape()[1];
    parameter_store<T> store = fresh_store<T>();
    const layer_norm<T> ln = make_layer_norm(store, "ln", cols, eps);
    set_values(ln.weight, weight);
    set_values(ln.bias, bias);
    const matrix_of<T> x = rounded<T>(x_in), dy = rounded<T>(dy_in);
    matrix_of<T> y = filled<T>(rows, cols, 7.0), dx = filled<T>(rows, cols, 7.0);
    layer_norm_cache<T> cache;
    layer_norm_forward(ln, input_rows(x), output_rows(y), cache);
    layer_norm_backward(ln, cache, input_rows(x), input_rows(dy), output_rows(dx));
    return {to_double(y),        to_double(dx),       widened(cache.mean),
            widened(cache.rstd), grads_of(ln.weight), grads_of(ln.bias)};
}

// The same for an RMS norm.
template <class T>
norm_result run_rms_norm(const matrix& x_in, const vector& weight, const matrix& dy_in, double eps = 1e-6) {
    const std::size_t rows = x_in.shape()[0], cols = x_in.shape()[1];
    parameter_store<T> store = fresh_store<T>();
    const rms_norm<T> rms = make_rms_norm(store, "rms", cols, eps);
    set_values(rms.weight, weight);
    const matrix_of<T> x = rounded<T>(x_in), dy = rounded<T>(dy_in);
    matrix_of<T> y = filled<T>(rows, cols, 7.0), dx = filled<T>(rows, cols, 7.0);
    rms_norm_cache<T> cache;
    rms_norm_forward(rms, input_rows(x), output_rows(y), cache);
    rms_norm_backward(rms, cache, input_rows(x), input_rows(dy), output_rows(dx));
    return {to_double(y), to_double(dx), widened(cache.rrms), vector{}, grads_of(rms.weight), vector{}};
}

// What a forward and a backward of the MLP give back, in double.
struct mlp_result {
    matrix pre, act, y, dx, dfc_weight, dproj_weight;
    vector dfc_bias, dproj_bias;
};

// The MLP in type T with these parameters (the golden struct's weight and bias; its gradients unused).
template <class T>
mlp_result run_mlp(const matrix& x_in, const dense_golden& fc, const dense_golden& proj, const matrix& dy_in) {
    const std::size_t rows = x_in.shape()[0], cols = x_in.shape()[1];
    parameter_store<T> store = fresh_store<T>();
    const mlp<T> m = make_mlp(store, "mlp", cols, fc.weight.shape()[0]);
    set_values(m.fc.weight, fc.weight);
    set_values(m.fc.bias, fc.bias);
    set_values(m.proj.weight, proj.weight);
    set_values(m.proj.bias, proj.bias);
    const matrix_of<T> x = rounded<T>(x_in), dy = rounded<T>(dy_in);
    matrix_of<T> y = filled<T>(rows, cols, 7.0), dx = filled<T>(rows, cols, 7.0);
    mlp_cache<T> cache;
    mlp_forward(m, input_rows(x), output_rows(y), cache);
    mlp_backward(m, cache, input_rows(x), input_rows(dy), output_rows(dx));
    return {to_double(cache.pre),      to_double(cache.act),        to_double(y),        to_double(dx),
            grads_matrix(m.fc.weight), grads_matrix(m.proj.weight), grads_of(m.fc.bias), grads_of(m.proj.bias)};
}

// The one-hot upstream gradient (1, 0, 0, 0) of the hand-worked rows.
matrix one_hot_row() {
    return matrix_from({{1.0, 0.0, 0.0, 0.0}});
}

// x − y, element by element.
matrix difference(const matrix& x, const matrix& y) {
    return plus(x, scaled(-1.0, y));
}

}  // namespace

TEST_CASE("layer norm of the row 1 2 3 4 works by hand", "[transformer][04_norms]") {
    // μ = 2.5, σ² = ((1.5² + 0.5²)·2)/4 = 1.25 (biased: dividing by C − 1 would give 5/3), r = 1/√(1.25 + ε).
    const double r = 1.0 / std::sqrt(1.25 + 1e-5);
    const matrix x = matrix_from({{1.0, 2.0, 3.0, 4.0}});
    const norm_result a =
        run_layer_norm<double>(x, vector_from({1, 1, 1, 1}), vector_from({0, 0, 0, 0}), one_hot_row());
    CHECK_CLOSE_AT(a.y, matrix_from({{-1.5 * r, -0.5 * r, 0.5 * r, 1.5 * r}}), tight);
    CHECK_CLOSE_AT(a.stat_a, vector_from({2.5}), tight);
    CHECK_CLOSE_AT(a.stat_b, vector_from({r}), tight);
    // dy = (1, 0, 0, 0): mean(g) = ¼ and mean(g x̂) = −1.5r/4, so dx_j = r(δ_j0 − ¼ + (x_j − 2.5)·k) with
    // k = 1.5r²/4 — (0.3, −0.4, −0.1, 0.2)·r when ε = 0 (k = 0.3). Without the x̂ term it would be
    // (0.75, −0.25, −0.25, −0.25)·r; without the mean term (0.55, −0.15, 0.15, 0.45)·r.
    const double k = 1.5 * r * r / 4;
    CHECK_CLOSE_AT(
        a.dx,
        matrix_from({{r * (0.75 - 1.5 * k), r * (-0.25 - 0.5 * k), r * (-0.25 + 0.5 * k), r * (-0.25 + 1.5 * k)}}),
        tight);
    CHECK_CLOSE_AT(a.dweight, vector_from({-1.5 * r, 0, 0, 0}), tight);  // dγ += dy ⊙ x̂
    CHECK_CLOSE_AT(a.dbias, vector_from({1, 0, 0, 0}), tight);           // dβ += dy
    // γ = 2, β = 1 and dy halved: y = 2x̂ + 1, g = dy ⊙ γ is the same, so dx is too; the parameters'
    // gradients halve.
    const norm_result b =
        run_layer_norm<double>(x, vector_from({2, 2, 2, 2}), vector_from({1, 1, 1, 1}), scaled(0.5, one_hot_row()));
    CHECK_CLOSE_AT(b.y, matrix_from({{1 - 3 * r, 1 - r, 1 + r, 1 + 3 * r}}), tight);
    CHECK_CLOSE_AT(b.dx, a.dx, tight);
    CHECK_CLOSE_AT(b.dweight, vector_from({-0.75 * r, 0, 0, 0}), tight);
    CHECK_CLOSE_AT(b.dbias, vector_from({0.5, 0, 0, 0}), tight);
}

TEST_CASE("rms norm of the row 1 2 3 4 works by hand", "[transformer][04_norms]") {
    // mean(x²) = 30/4 = 7.5, r = 1/√(7.5 + ε); nothing is centred. dy = (1, 0, 0, 0) with γ = (2, 1, 1, 1):
    // g = (2, 0, 0, 0), mean(g x̂) = 2r/4, dx_j = r(g_j − x_j r · r/2) = r(g_j − x_j r²/2).
    const double r = 1.0 / std::sqrt(7.5 + 1e-6), h = r * r / 2;
    const matrix x = matrix_from({{1.0, 2.0, 3.0, 4.0}});
    const norm_result a = run_rms_norm<double>(x, vector_from({2, 1, 1, 1}), one_hot_row());
    CHECK_CLOSE_AT(a.y, matrix_from({{2 * r, 2 * r, 3 * r, 4 * r}}), tight);
    CHECK_CLOSE_AT(a.stat_a, vector_from({r}), tight);
    CHECK_CLOSE_AT(a.dx, matrix_from({{r * (2 - h), r * (-2 * h), r * (-3 * h), r * (-4 * h)}}), tight);
    CHECK_CLOSE_AT(a.dweight, vector_from({r, 0, 0, 0}), tight);  // dγ += dy ⊙ x̂, x̂ = x r
}

TEST_CASE("the GELU MLP of one channel works by hand", "[transformer][04_norms]") {
    // C = 1, H = 2: W_fc = (1, −1)ᵀ, b_fc = 0, W_proj = (1, 1), b_proj = 0.5, x = 1: pre = (1, −1),
    // act = GELU_tanh(±1) = (0.8411919906082768, −0.15880800939172324) (PyTorch, approximate="tanh";
    // the erf GELU gives 0.8413447460685429), y = 0.6823839812165536 + 0.5. Backward with dy = 1:
    // d act = W_proj = (1, 1), d pre = GELU'(±1) = (1.0829640838457826, −0.08296408384578252),
    // dx = W_fcᵀ d pre = 1.0829640838457826 + 0.08296408384578252.
    dense_golden fc, proj;
    fc.weight = matrix_from({{1.0}, {-1.0}});
    fc.bias = vector_from({0.0, 0.0});
    proj.weight = matrix_from({{1.0, 1.0}});
    proj.bias = vector_from({0.5});
    const mlp_result r = run_mlp<double>(matrix_from({{1.0}}), fc, proj, matrix_from({{1.0}}));
    const double g1 = 0.8411919906082768, gm1 = -0.15880800939172324;
    const double d1 = 1.0829640838457826, dm1 = -0.08296408384578252;
    const tolerance tol{1e-14, 1e-15};
    CHECK_CLOSE_AT(r.pre, matrix_from({{1.0, -1.0}}), tol);
    CHECK_CLOSE_AT(r.act, matrix_from({{g1, gm1}}), tol);
    CHECK_CLOSE_AT(r.y, matrix_from({{g1 + gm1 + 0.5}}), tol);
    CHECK_CLOSE_AT(r.dx, matrix_from({{d1 - dm1}}), tol);
    CHECK_CLOSE_AT(r.dproj_weight, matrix_from({{g1, gm1}}), tol);  // dW_proj += dyᵀ act
    CHECK_CLOSE_AT(r.dproj_bias, vector_from({1.0}), tol);
    CHECK_CLOSE_AT(r.dfc_weight, matrix_from({{d1}, {dm1}}), tol);  // dW_fc += d preᵀ x
    CHECK_CLOSE_AT(r.dfc_bias, vector_from({d1, dm1}), tol);
}

TEMPLATE_TEST_CASE("layer norm matches PyTorch forward and backward", "[transformer][04_norms]", float, double) {
    const auto& c = norms_golden_data().ln;
    const tolerance tol = golden_tolerance<TestType>();
    const norm_result r = run_layer_norm<TestType>(c.x, c.weight, c.bias, c.g);
    CHECK_CLOSE_AT(r.y, c.y, tol);
    CHECK_CLOSE_AT(r.stat_a, c.mean, tol);
    CHECK_CLOSE_AT(r.stat_b, c.rstd, tol);
    CHECK_CLOSE_AT(r.dx, c.dx, tol);
    CHECK_CLOSE_AT(r.dweight, c.dweight, tol);
    CHECK_CLOSE_AT(r.dbias, c.dbias, tol);
}

TEMPLATE_TEST_CASE("rms norm matches PyTorch forward and backward", "[transformer][04_norms]", float, double) {
    const auto& c = norms_golden_data().rms;
    const tolerance tol = golden_tolerance<TestType>();
    const norm_result r = run_rms_norm<TestType>(c.x, c.weight, c.g);
    CHECK_CLOSE_AT(r.y, c.y, tol);
    CHECK_CLOSE_AT(r.stat_a, c.rrms, tol);
    CHECK_CLOSE_AT(r.dx, c.dx, tol);
    CHECK_CLOSE_AT(r.dweight, c.dweight, tol);
}

TEMPLATE_TEST_CASE("the GELU MLP matches PyTorch forward and backward", "[transformer][04_norms]", float, double) {
    const auto& c = norms_golden_data().mlp;
    const tolerance tol = golden_tolerance<TestType>();
    const mlp_result r = run_mlp<TestType>(c.x, c.fc, c.proj, c.g);
    CHECK_CLOSE_AT(r.pre, c.pre, tol);
    CHECK_CLOSE_AT(r.act, c.act, tol);
    CHECK_CLOSE_AT(r.y, c.y, tol);
    CHECK_CLOSE_AT(r.dx, c.dx, tol);
    CHECK_CLOSE_AT(r.dfc_weight, c.fc.dweight, tol);
    CHECK_CLOSE_AT(r.dfc_bias, c.fc.dbias, tol);
    CHECK_CLOSE_AT(r.dproj_weight, c.proj.dweight, tol);
    CHECK_CLOSE_AT(r.dproj_bias, c.proj.dbias, tol);
}

TEMPLATE_TEST_CASE("a pre-LN residual branch x plus mlp of ln of x matches PyTorch", "[transformer][04_norms]", float,
                   double) {
    // The residual junction: y = x + f(x) forward; backward, x gets dy twice — through the skip and
    // through the branch — so dx = (the branch's dx) + dy, which add_into() adds.
    const auto& c = norms_golden_data().block;
    const std::size_t rows = c.x.shape()[0], cols = c.x.shape()[1];
    parameter_store<TestType> store = fresh_store<TestType>();
    const layer_norm<TestType> ln = make_layer_norm(store, "ln", cols);
    const mlp<TestType> m = make_mlp(store, "mlp", cols, c.fc.weight.shape()[0]);
    set_values(ln.weight, c.ln_weight);
    set_values(ln.bias, c.ln_bias);
    set_values(m.fc.weight, c.fc.weight);
    set_values(m.fc.bias, c.fc.bias);
    set_values(m.proj.weight, c.proj.weight);
    set_values(m.proj.bias, c.proj.bias);
    const matrix_of<TestType> x = rounded<TestType>(c.x), dy = rounded<TestType>(c.g);
    matrix_of<TestType> h = filled<TestType>(rows, cols, 7.0), f = h, y = h, dh = h, dx = h;
    layer_norm_cache<TestType> ln_cache;
    mlp_cache<TestType> branch_cache;
    layer_norm_forward(ln, input_rows(x), output_rows(h), ln_cache);
    mlp_forward(m, input_rows(h), output_rows(f), branch_cache);
    residual_add(input_rows(x), input_rows(f), output_rows(y));
    mlp_backward(m, branch_cache, input_rows(h), input_rows(dy), output_rows(dh));
    layer_norm_backward(ln, ln_cache, input_rows(x), input_rows(dh), output_rows(dx));
    add_into(output_rows(dx), input_rows(dy));
    const tolerance tol = golden_tolerance<TestType>();
    CHECK_CLOSE_AT(to_double(y), c.y, tol);
    CHECK_CLOSE_AT(to_double(dx), c.dx, tol);
    CHECK_CLOSE_AT(grads_of(ln.weight), c.ln_dweight, tol);
    CHECK_CLOSE_AT(grads_of(ln.bias), c.ln_dbias, tol);
    CHECK_CLOSE_AT(grads_matrix(m.fc.weight), c.fc.dweight, tol);
    CHECK_CLOSE_AT(grads_of(m.fc.bias), c.fc.dbias, tol);
    CHECK_CLOSE_AT(grads_matrix(m.proj.weight), c.proj.dweight, tol);
    CHECK_CLOSE_AT(grads_of(m.proj.bias), c.proj.dbias, tol);
}

TEST_CASE("the layer norm backward needs both of its correction terms", "[transformer][04_norms]") {
    // dx = r(g − mean(g) − x̂·mean(g x̂)). With γ = 1 and dy all ones, g − mean(g) = 0 and mean(g x̂) =
    // mean(x̂) = 0: dx = 0, and a backward that drops the x̂ term gives 0 too — such data cannot catch
    // it. The golden data (non-uniform dy and γ) make each term move dx by more than 0.1.
    const auto& c = norms_golden_data().ln;
    const norm_result r = run_layer_norm<double>(c.x, c.weight, c.bias, c.g);
    CHECK_CLOSE_AT(r.dx, c.dx, (tolerance{1e-10, 1e-12}));
    CHECK_CLOSE_AT(layer_norm_dx_formula(c.x, c.weight, c.g, 1e-5, true, true), c.dx, (tolerance{1e-10, 1e-12}));
    CHECK(max_abs(difference(layer_norm_dx_formula(c.x, c.weight, c.g, 1e-5, true, false), c.dx)) > 0.1);
    CHECK(max_abs(difference(layer_norm_dx_formula(c.x, c.weight, c.g, 1e-5, false, true), c.dx)) > 0.1);
    const vector ones = vector_from({1, 1, 1, 1, 1, 1});
    const matrix all_ones = filled(6, 6, 1.0);
    const norm_result flat = run_layer_norm<double>(c.x, ones, c.bias, all_ones);
    CHECK(max_abs(flat.dx) < 1e-12);
    CHECK(max_abs(layer_norm_dx_formula(c.x, ones, all_ones, 1e-5, true, false)) < 1e-12);  // the trap
}

TEST_CASE("layer norm ignores a row's shift and scale and rms norm only its scale", "[transformer][04_norms]") {
    // ε = 1e-12 makes the invariance exact to rounding. y(3x + 7) = y(x); so dx is orthogonal to the
    // directions that change nothing: Σ_c dx_c = 0 (a shift) and Σ_c dx_c x̂_c = 0 (a scale), in every
    // row; and dx(x + 7) = dx(x), dx(3x) = dx(x)/3.
    seed_random(41);
    const matrix x = normal_matrix(3, 5), dy = normal_matrix(3, 5);
    const vector weight = normal_vector(5), bias = normal_vector(5);
    const double eps = 1e-12;
    const tolerance tol{1e-9, 1e-10};
    const norm_result base = run_layer_norm<double>(x, weight, bias, dy, eps);
    const norm_result moved = run_layer_norm<double>(plus(scaled(3.0, x), 7.0), weight, bias, dy, eps);
    const norm_result shifted = run_layer_norm<double>(plus(x, 7.0), weight, bias, dy, eps);
    CHECK_CLOSE_AT(moved.y, base.y, tol);
    CHECK_CLOSE_AT(shifted.dx, base.dx, tol);
    CHECK_CLOSE_AT(scaled(3.0, moved.dx), base.dx, tol);
    CHECK_CLOSE_AT(row_sums(base.dx), vector_from({0, 0, 0}), tol);
    CHECK_CLOSE_AT(row_dots(base.dx, normalised_rows(x, eps)), vector_from({0, 0, 0}), tol);
    // RMSNorm: a scaled row gives the same y and dx/3, a shifted row another y; Σ dx x = 0.
    const norm_result rms = run_rms_norm<double>(x, weight, dy, eps);
    const norm_result rms_scaled = run_rms_norm<double>(scaled(3.0, x), weight, dy, eps);
    const norm_result rms_shifted = run_rms_norm<double>(plus(x, 7.0), weight, dy, eps);
    CHECK_CLOSE_AT(rms_scaled.y, rms.y, tol);
    CHECK_CLOSE_AT(scaled(3.0, rms_scaled.dx), rms.dx, tol);
    CHECK(max_abs(difference(rms_shifted.y, rms.y)) > 0.1);
    CHECK_CLOSE_AT(row_dots(rms.dx, x), vector_from({0, 0, 0}), tol);
}

TEMPLATE_TEST_CASE("a row of mean 1e4 and spread 1 keeps its variance", "[transformer][04_norms]", float, double) {
    // In float E[x²] ≈ 1e8 is stored to a step of 8, so E[x²] − μ² loses the variance of 1 entirely
    // (0, 8, a negative number: y off by O(1), or NaN). Two passes lose only the mean's rounding:
    // 8 float sums near 8e4 (step 2⁻⁷) put μ within ~2e-3 of its value, and y within ~2e-3 (r ≈ 1);
    // 1e-2 bounds that (measured: 1.0e-3 in y, 1.2e-3 in dx, whose bound is 2e-2). Double: the same
    // with steps 2⁻³⁷, 1e-9 with a wide margin. The expected values are the double two-pass of the
    // same (rounded) inputs.
    const bool is_float = std::is_same<TestType, float>::value;
    seed_random(43);
    const matrix x = to_double(rounded<TestType>(plus(normal_matrix(3, 8), 1e4)));
    const matrix dy = normal_matrix(3, 8);
    const vector ones = vector_from({1, 1, 1, 1, 1, 1, 1, 1}), zeros = vector_from({0, 0, 0, 0, 0, 0, 0, 0});
    const norm_result r = run_layer_norm<TestType>(x, ones, zeros, dy);
    CHECK_CLOSE_AT(r.y, normalised_rows(x, 1e-5), (tolerance{0, is_float ? 1e-2 : 1e-9}));
    CHECK_CLOSE_AT(r.dx, layer_norm_dx_formula(x, ones, dy, 1e-5, true, true), (tolerance{0, is_float ? 2e-2 : 1e-9}));
}

TEST_CASE("layer norm gradients match central differences", "[transformer][04_norms]") {
    // A smooth loss in double: a correct gradient gives relative errors near 1e-9 (CS231n: ≤ 1e-7).
    seed_random(45);
    const matrix x = normal_matrix(4, 5, 2.0), c = normal_matrix(4, 5);
    parameter_store<double> store = fresh_store<double>();
    const layer_norm<double> ln = make_layer_norm(store, "ln", 5);
    set_values(ln.weight, normal_vector(5));
    set_values(ln.bias, normal_vector(5));
    const std::function<double(const matrix&)> loss = [&](const matrix& point) {
        matrix y = zero_matrix(4, 5);
        layer_norm_cache<double> cache;
        layer_norm_forward(ln, input_rows(point), output_rows(y), cache);
        return quadratic_loss(y, c);
    };
    matrix y = zero_matrix(4, 5), dx = zero_matrix(4, 5);
    layer_norm_cache<double> cache;
    layer_norm_forward(ln, input_rows(x), output_rows(y), cache);
    const matrix dy = quadratic_loss_grad(y, c);
    layer_norm_backward(ln, cache, input_rows(x), input_rows(dy), output_rows(dx));
    CHECK_GRADIENT_AT(matrix_gradient_check(loss, x, dx), 1e-7);
    CHECK_STORE_GRADIENTS_AT(store_gradient_check_at(store, loss, x), 1e-7);
}

TEST_CASE("rms norm gradients match central differences", "[transformer][04_norms]") {
    seed_random(47);
    const matrix x = normal_matrix(4, 5, 2.0), c = normal_matrix(4, 5);
    parameter_store<double> store = fresh_store<double>();
    const rms_norm<double> rms = make_rms_norm(store, "rms", 5);
    set_values(rms.weight, normal_vector(5));
    const std::function<double(const matrix&)> loss = [&](const matrix& point) {
        matrix y = zero_matrix(4, 5);
        rms_norm_cache<double> cache;
        rms_norm_forward(rms, input_rows(point), output_rows(y), cache);
        return quadratic_loss(y, c);
    };
    matrix y = zero_matrix(4, 5), dx = zero_matrix(4, 5);
    rms_norm_cache<double> cache;
    rms_norm_forward(rms, input_rows(x), output_rows(y), cache);
    const matrix dy = quadratic_loss_grad(y, c);
    rms_norm_backward(rms, cache, input_rows(x), input_rows(dy), output_rows(dx));
    CHECK_GRADIENT_AT(matrix_gradient_check(loss, x, dx), 1e-7);
    CHECK_STORE_GRADIENTS_AT(store_gradient_check_at(store, loss, x), 1e-7);
}

TEST_CASE("the MLP gradients match central differences", "[transformer][04_norms]") {
    seed_random(49);
    const matrix x = normal_matrix(3, 4), c = normal_matrix(3, 4);
    parameter_store<double> store = fresh_store<double>();
    const mlp<double> m = make_mlp(store, "mlp", 4, 6);
    set_values(m.fc.weight, normal_matrix(6, 4));
    set_values(m.fc.bias, normal_vector(6));
    set_values(m.proj.weight, normal_matrix(4, 6, 0.5));
    set_values(m.proj.bias, normal_vector(4));
    const std::function<double(const matrix&)> loss = [&](const matrix& point) {
        matrix y = zero_matrix(3, 4);
        mlp_cache<double> cache;
        mlp_forward(m, input_rows(point), output_rows(y), cache);
        return quadratic_loss(y, c);
    };
    matrix y = zero_matrix(3, 4), dx = zero_matrix(3, 4);
    mlp_cache<double> cache;
    mlp_forward(m, input_rows(x), output_rows(y), cache);
    const matrix dy = quadratic_loss_grad(y, c);
    mlp_backward(m, cache, input_rows(x), input_rows(dy), output_rows(dx));
    CHECK_GRADIENT_AT(matrix_gradient_check(loss, x, dx), 1e-7);
    CHECK_STORE_GRADIENTS_AT(store_gradient_check_at(store, loss, x), 1e-7);
}

TEST_CASE("backward passes accumulate parameter gradients and write dx", "[transformer][04_norms]") {
    // A second backward adds the same gradients again (+=) and writes the same dx (=, not +=).
    seed_random(51);
    const matrix x = normal_matrix(3, 4), dy = normal_matrix(3, 4);
    parameter_store<double> store = fresh_store<double>();
    const layer_norm<double> ln = make_layer_norm(store, "ln", 4);
    const rms_norm<double> rms = make_rms_norm(store, "rms", 4);
    const mlp<double> m = make_mlp(store, "mlp", 4, 5);
    set_values(ln.weight, normal_vector(4));
    set_values(rms.weight, normal_vector(4));
    set_values(m.fc.weight, normal_matrix(5, 4));
    set_values(m.proj.weight, normal_matrix(4, 5));
    matrix y = zero_matrix(3, 4), dx1 = zero_matrix(3, 4), dx2 = zero_matrix(3, 4);
    layer_norm_cache<double> ln_cache;
    rms_norm_cache<double> rms_cache;
    mlp_cache<double> m_cache;
    layer_norm_forward(ln, input_rows(x), output_rows(y), ln_cache);
    rms_norm_forward(rms, input_rows(x), output_rows(y), rms_cache);
    mlp_forward(m, input_rows(x), output_rows(y), m_cache);
    const auto backward_all = [&](matrix& dx) {
        layer_norm_backward(ln, ln_cache, input_rows(x), input_rows(dy), output_rows(dx));
        rms_norm_backward(rms, rms_cache, input_rows(x), input_rows(dy), output_rows(dx));
        mlp_backward(m, m_cache, input_rows(x), input_rows(dy), output_rows(dx));
    };
    backward_all(dx1);
    const vector once = store_grads(store);
    backward_all(dx2);
    CHECK_CLOSE_AT(dx2, dx1, tight);
    CHECK_CLOSE_AT(store_grads(store), scaled(2.0, once), tight);
    CHECK(max_abs(once) > 0.1);
}

TEST_CASE("residual_add and add_into add element by element and work in place", "[transformer][04_norms]") {
    matrix x = matrix_from({{1.0, 2.0}, {3.0, 4.0}}), fx = matrix_from({{10.0, 20.0}, {30.0, 40.0}});
    matrix y = filled(2, 2, 7.0);
    residual_add(input_rows(x), input_rows(fx), output_rows(y));
    CHECK_CLOSE_AT(y, matrix_from({{11.0, 22.0}, {33.0, 44.0}}), tight);
    residual_add(input_rows(x), input_rows(fx), output_rows(fx));  // y is the memory of f(x)
    CHECK_CLOSE_AT(fx, matrix_from({{11.0, 22.0}, {33.0, 44.0}}), tight);
    add_into(output_rows(x), input_rows(y));
    CHECK_CLOSE_AT(x, matrix_from({{12.0, 24.0}, {36.0, 48.0}}), tight);
    add_into(output_rows(x), input_rows(x));  // a += a doubles
    CHECK_CLOSE_AT(x, matrix_from({{24.0, 48.0}, {72.0, 96.0}}), tight);
}

TEMPLATE_TEST_CASE("a second forward and backward of the same shapes allocate nothing", "[transformer][04_norms]",
                   float, double) {
    const std::size_t rows = 6, cols = 8;
    parameter_store<TestType> store = fresh_store<TestType>();
    const layer_norm<TestType> ln = make_layer_norm(store, "ln", cols);
    const rms_norm<TestType> rms = make_rms_norm(store, "rms", cols);
    const mlp<TestType> m = make_mlp(store, "mlp", cols, 32);
    set_values(m.fc.weight, normal_matrix(32, cols));
    set_values(m.proj.weight, normal_matrix(cols, 32));
    const matrix_of<TestType> x = rounded<TestType>(normal_matrix(rows, cols));
    matrix_of<TestType> h = filled<TestType>(rows, cols, 0.0), n = h, f = h, dn = h, dh = h, dx = h;
    layer_norm_cache<TestType> ln_cache;
    rms_norm_cache<TestType> rms_cache;
    mlp_cache<TestType> m_cache;
    const auto step = [&] {  // x → ln → rms → mlp, plus x; back with the upstream gradient x
        layer_norm_forward(ln, input_rows(x), output_rows(h), ln_cache);
        rms_norm_forward(rms, input_rows(h), output_rows(n), rms_cache);
        mlp_forward(m, input_rows(n), output_rows(f), m_cache);
        residual_add(input_rows(x), input_rows(f), output_rows(f));
        mlp_backward(m, m_cache, input_rows(n), input_rows(x), output_rows(dn));
        rms_norm_backward(rms, rms_cache, input_rows(h), input_rows(dn), output_rows(dh));
        layer_norm_backward(ln, ln_cache, input_rows(x), input_rows(dh), output_rows(dx));
        add_into(output_rows(dx), input_rows(x));
    };
    step();
    const std::size_t before = llmlings::testing::allocation_count();
    step();
    CHECK(llmlings::testing::allocation_count() == before);
    CHECK(max_abs(dx) > 0.0);
}

TEST_CASE("a NaN in a row makes that row NaN and leaves the others", "[transformer][04_norms]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const matrix x = matrix_from({{1.0, -2.0, 0.5}, {3.0, nan, 1.0}, {0.0, 2.0, -1.0}});
    const matrix dy = matrix_from({{1.0, 0.5, -1.0}, {2.0, 1.0, 0.0}, {-0.5, 1.0, 1.0}});
    const vector ones = vector_from({1, 1, 1});
    dense_golden fc, proj;
    fc.weight = matrix_from({{1.0, 0.5, -0.5}, {0.25, -1.0, 2.0}});
    fc.bias = vector_from({0.1, -0.1});
    proj.weight = matrix_from({{1.0, -1.0}, {0.5, 0.5}, {2.0, 0.0}});
    proj.bias = vector_from({0.0, 0.0, 0.0});
    const norm_result ln = run_layer_norm<double>(x, ones, vector_from({0, 0, 0}), dy);
    const norm_result rms = run_rms_norm<double>(x, ones, dy);
    const mlp_result m = run_mlp<double>(x, fc, proj, dy);
    for (const matrix* y : {&ln.y, &ln.dx, &rms.y, &rms.dx, &m.y, &m.dx})
        for (std::size_t c = 0; c < 3; ++c) {
            CHECK(std::isfinite(element(*y, 0, c)));
            CHECK(std::isnan(element(*y, 1, c)));
            CHECK(std::isfinite(element(*y, 2, c)));
        }
}

TEST_CASE("make functions register PyTorch's names shapes and starting values", "[transformer][04_norms]") {
    parameter_store<double> store = fresh_store<double>();
    const layer_norm<double> ln = make_layer_norm(store, "blocks.0.ln_1", 3);
    const rms_norm<double> rms = make_rms_norm(store, "norm", 3);
    const mlp<double> m = make_mlp(store, "blocks.0.mlp", 3, 12);
    CHECK(ln.weight.name() == "blocks.0.ln_1.weight");
    CHECK(ln.bias.name() == "blocks.0.ln_1.bias");
    CHECK(values_all(ln.weight, 1.0));
    CHECK(values_all(ln.bias, 0.0));
    CHECK(ln.eps == 1e-5);            // PyTorch's LayerNorm
    CHECK_FALSE(ln.weight.decays());  // a gain of rank 1: no weight decay
    CHECK(rms.weight.name() == "norm.weight");
    CHECK(values_all(rms.weight, 1.0));
    CHECK(rms.eps == 1e-6);  // LLaMA's RMSNorm
    CHECK(m.fc.weight.name() == "blocks.0.mlp.fc.weight");
    CHECK(m.proj.bias.name() == "blocks.0.mlp.proj.bias");
    CHECK(m.fc.weight.shape()[0] == 12);  // (H, C), PyTorch's (out, in)
    CHECK(m.proj.weight.shape()[0] == 3);
    CHECK(store.count() == 7);
    CHECK(store.numel() == 3 + 3 + 3 + (12 * 3 + 12) + (3 * 12 + 3));
}

TEST_CASE("bad shapes eps and unbuilt layers throw errors that name the function", "[transformer][04_norms]") {
    parameter_store<double> store = fresh_store<double>();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH(make_layer_norm(store, "a", 4, nan), contains("make_layer_norm: eps must be finite and > 0"));
    CHECK_THROWS_AS(make_layer_norm(store, "b", 0), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_rms_norm(store, "c", 4, -1e-6), llmlings::invalid_argument);
    CHECK_THROWS_WITH(make_mlp(store, "d", 4, 0), contains("make_mlp: "));
    const layer_norm<double> ln = make_layer_norm(store, "ln", 5);
    const rms_norm<double> rms = make_rms_norm(store, "rms", 5);
    const mlp<double> m = make_mlp(store, "mlp", 5, 7);
    const matrix x = filled(3, 5, 1.0), narrow = filled(3, 4, 1.0);
    matrix y = filled(3, 5, 0.0), y_narrow = filled(3, 4, 0.0);
    layer_norm_cache<double> ln_cache;
    rms_norm_cache<double> rms_cache;
    mlp_cache<double> m_cache;
    CHECK_THROWS_WITH(layer_norm_forward(ln, input_rows(narrow), output_rows(y_narrow), ln_cache),
                      contains("layer_norm_forward: input has 4 channels, the layer has 5"));
    CHECK_THROWS_WITH(layer_norm_forward(ln, input_rows(x), output_rows(y_narrow), ln_cache),
                      contains("layer_norm_forward: y must be (3,5)"));
    CHECK_THROWS_WITH(rms_norm_forward(rms, input_rows(narrow), output_rows(y_narrow), rms_cache),
                      contains("rms_norm_forward: input has 4 channels"));
    CHECK_THROWS_WITH(mlp_forward(m, input_rows(narrow), output_rows(y_narrow), m_cache),
                      contains("mlp_forward: input has 4 channels"));
    // eps changed after making: checked again, NaN included.
    layer_norm<double> bad = ln;
    bad.eps = nan;
    CHECK_THROWS_AS(layer_norm_forward(bad, input_rows(x), output_rows(y), ln_cache), llmlings::invalid_argument);
    // Unbuilt layers.
    CHECK_THROWS_WITH(layer_norm_forward(layer_norm<double>{}, input_rows(x), output_rows(y), ln_cache),
                      contains("layer_norm_forward: the layer is not built"));
    CHECK_THROWS_AS(rms_norm_forward(rms_norm<double>{}, input_rows(x), output_rows(y), rms_cache),
                    llmlings::invalid_argument);
    CHECK_THROWS_AS(mlp_forward(mlp<double>{}, input_rows(x), output_rows(y), m_cache), llmlings::invalid_argument);
    // A backward before its forward: the cache is empty.
    CHECK_THROWS_WITH(layer_norm_backward(ln, ln_cache, input_rows(x), input_rows(x), output_rows(y)),
                      contains("layer_norm_backward: cache.mean must have 3 entries"));
    CHECK_THROWS_WITH(rms_norm_backward(rms, rms_cache, input_rows(x), input_rows(x), output_rows(y)),
                      contains("rms_norm_backward: cache.rrms"));
    CHECK_THROWS_WITH(mlp_backward(m, m_cache, input_rows(x), input_rows(x), output_rows(y)),
                      contains("mlp_backward: cache.pre"));
    // The residual's shapes.
    CHECK_THROWS_WITH(residual_add(input_rows(x), input_rows(narrow), output_rows(y)), contains("residual_add: "));
    CHECK_THROWS_WITH(add_into(output_rows(y), input_rows(narrow)), contains("add_into: "));
}
