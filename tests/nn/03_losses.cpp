// SPDX-License-Identifier: MIT
// Tests for nn/03_losses. Oracles: hand-worked values (log 2 for a logit of 0, 2.5 for a small
// MSE), the naive formulas where they are representable, the identity grad CE = (softmax -
// onehot) / B written out by hand, central differences via gradient_check (in double), logits of
// +-1e4, the float losses against the double ones, and the allocation counter (the view forms
// allocate nothing). The random inputs, the naive formulas and the central differences are in
// oracles/03_losses.cpp, compiled once.
#include <llmlings/testing.hpp>
#include <llmlings/testing/allocations.hpp>  // this program's operator new counts allocations

#include <llmlings/nn/03_losses.hpp>

#include <cmath>
#include <cstddef>
#include <type_traits>

#include "oracles/03_losses.hpp"

using llmlings::index_vector;
using llmlings::matrix;
using llmlings::matrix_of;
using llmlings::tensor3_of;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::nn;
using namespace oracles;

TEST_CASE("mse has its hand-worked value and gradient", "[nn][03_losses]") {
    const loss_result<double> r = mse(matrix_from({{1, 2}}), matrix_from({{0, 4}}));
    CHECK(r.loss == 2.5);                                                 // (1 + 4) / 2, exact
    CHECK_CLOSE_AT(r.grad, (matrix_from({{1, -2}})), (tolerance{0, 0}));  // 2 (p - t) / 2, exact
    CHECK(mse(matrix_from({{3, -1}, {0, 7}}), matrix_from({{3, -1}, {0, 7}})).loss == 0.0);
}

TEST_CASE("bce with logits has its hand-worked values", "[nn][03_losses]") {
    const loss_result<double> r = bce_with_logits(matrix_from({{0.0, 0.0}}), matrix_from({{1.0, 0.0}}));
    CHECK_CLOSE_AT(r.loss, std::log(2.0), (tolerance{1e-15, 0}));                   // p = 1/2 either way
    CHECK_CLOSE_AT(r.grad, (matrix_from({{-0.25, 0.25}})), (tolerance{1e-15, 0}));  // (1/2 - y) / 2
    // A soft target y = 0.25 at z = log 3 (p = 3/4): -(0.25 log 0.75 + 0.75 log 0.25).
    const double expected = -(0.25 * std::log(0.75) + 0.75 * std::log(0.25));
    CHECK_CLOSE_AT(bce_with_logits(matrix_from({{std::log(3.0)}}), matrix_from({{0.25}})).loss, expected,
                   (tolerance{1e-14, 0}));
}

TEST_CASE("bce with logits equals the naive formula on moderate logits", "[nn][03_losses]") {
    seed(11);
    const matrix z = next_normal(4, 5, 3.0);
    const matrix y = next_uniform(4, 5);
    // The naive form loses digits in log(1 - p) when p is near 1; |z| <~ 10 keeps that below 1e-12.
    CHECK_CLOSE_AT(bce_with_logits(z, y).loss, naive_bce(z, y), (tolerance{1e-12, 0}));
}

TEST_CASE("bce with logits is finite and exact at logits of plus or minus 1e4", "[nn][03_losses]") {
    const loss_result<double> right = bce_with_logits(matrix_from({{1e4, -1e4}}), matrix_from({{1.0, 0.0}}));
    CHECK(right.loss == 0.0);  // log1p(e^-1e4) = 0 in double
    CHECK_CLOSE_AT(right.grad, (matrix_from({{0, 0}})), (tolerance{0, 0}));
    const loss_result<double> wrong = bce_with_logits(matrix_from({{1e4, -1e4}}), matrix_from({{0.0, 1.0}}));
    CHECK_CLOSE_AT(wrong.loss, 1e4, (tolerance{1e-15, 0}));
    CHECK_CLOSE_AT(wrong.grad, (matrix_from({{0.5, -0.5}})), (tolerance{1e-15, 0}));  // (sigma - y) / 2
}

TEST_CASE("cross entropy with logits has its hand-worked values", "[nn][03_losses]") {
    const loss_result<double> r = cross_entropy_with_logits(matrix_from({{0, 0}}), labels_of({1}));
    CHECK_CLOSE_AT(r.loss, std::log(2.0), (tolerance{1e-15, 0}));
    CHECK_CLOSE_AT(r.grad, (matrix_from({{0.5, -0.5}})), (tolerance{1e-15, 0}));
    // Row (0, log 3): softmax (1/4, 3/4). Targets 1 and 0: losses log(4/3) and log 4, mean of both.
    const double l3 = std::log(3.0);
    const loss_result<double> two = cross_entropy_with_logits(matrix_from({{0, l3}, {0, l3}}), labels_of({1, 0}));
    CHECK_CLOSE_AT(two.loss, 0.5 * (std::log(4.0 / 3.0) + std::log(4.0)), (tolerance{1e-15, 0}));
    CHECK_CLOSE_AT(two.grad, (matrix_from({{0.125, -0.125}, {-0.375, 0.375}})), (tolerance{1e-15, 1e-16}));
}

TEST_CASE("the cross entropy gradient is softmax minus onehot over the batch size", "[nn][03_losses]") {
    seed(12);
    const matrix x = next_normal(6, 4, 2.0);
    const index_vector t = labels_of({0, 3, 1, 1, 2, 3});
    const loss_result<double> r = cross_entropy_with_logits(x, t);
    // The naive softmax (fine at |x| ~ 2) minus the one-hot, over B = 6, written out in the oracle.
    // Two ways of rounding the same few operations per element.
    CHECK_CLOSE_AT(r.grad, naive_cross_entropy_gradient(x, t), (tolerance{1e-13, 1e-15}));
    CHECK_CLOSE_AT(r.loss, naive_cross_entropy(x, t), (tolerance{1e-13, 0}));
}

TEST_CASE("cross entropy stays finite and exact at logits of plus or minus 1e4", "[nn][03_losses]") {
    const matrix x = matrix_from({{1e4, 0.0, -1e4}, {1e4, 0.0, -1e4}});
    const loss_result<double> right = cross_entropy_with_logits(matrix_from({{1e4, 0.0, -1e4}}), labels_of({0}));
    CHECK(right.loss == 0.0);  // -log softmax = log(1 + e^-1e4 + e^-2e4) = 0 in double
    const loss_result<double> wrong = cross_entropy_with_logits(matrix_from({{1e4, 0.0, -1e4}}), labels_of({2}));
    CHECK_CLOSE_AT(wrong.loss, 2e4, (tolerance{1e-15, 0}));
    const loss_result<double> both = cross_entropy_with_logits(x, labels_of({0, 1}));
    CHECK_CLOSE_AT(both.loss, 0.5e4, (tolerance{1e-15, 0}));  // (0 + 1e4) / 2
    CHECK_CLOSE_AT(both.grad, (matrix_from({{0, 0, 0}, {0.5, -0.5, 0}})), (tolerance{1e-15, 1e-300}));
}

TEST_CASE("every loss gradient matches central differences", "[nn][03_losses]") {
    seed(13);
    const matrix p = next_normal(3, 4);
    const matrix t = next_normal(3, 4);
    const matrix y = next_uniform(3, 4);
    const index_vector cls = labels_of({2, 0, 3});
    // Smooth losses in double with h = 1e-6: relative error below 1e-7 is correct.
    CHECK_GRADIENT_AT(check_gradient([&](const matrix& v) { return mse(v, t).loss; }, p, mse(p, t).grad), 1e-7);
    CHECK_GRADIENT_AT(
        check_gradient([&](const matrix& v) { return bce_with_logits(v, y).loss; }, p, bce_with_logits(p, y).grad),
        1e-7);
    CHECK_GRADIENT_AT(check_gradient([&](const matrix& v) { return cross_entropy_with_logits(v, cls).loss; }, p,
                                     cross_entropy_with_logits(p, cls).grad),
                      1e-7);
}

TEMPLATE_TEST_CASE("every loss writes its gradient into a view in float as the double loss does", "[nn][03_losses]",
                   float, double) {
    using T = TestType;
    const bool is_float = std::is_same<T, float>::value;
    // The oracle is the double loss on the same (rounded) inputs; in double the two forms run the
    // same operations (identical). In float: mse rounds each difference once (2⁻²⁴ ≈ 6e-8
    // relative, 1.2e-7 on its square); bce computes its loss in double from the float inputs and
    // its gradient from a float sigmoid (a few ulps of an O(1) number, over N = 20); cross-entropy
    // rounds x − m (|x − m| ≤ 12 here: 7e-7 relative on the exp), sums 5 exps and takes a log.
    // Measured: losses within 2e-8 relative, gradients within 1.3e-8 absolute; allowed: 1e-6
    // relative (+1e-6 absolute) on a loss of O(1), 1e-7 absolute on a gradient entry (≤ 1/B).
    const tolerance loss_tol = is_float ? tolerance{1e-6, 1e-6} : tolerance{0, 0};
    const tolerance grad_tol = is_float ? tolerance{1e-6, 1e-7} : tolerance{0, 0};
    seed(21);
    const matrix_of<T> p = to_type<T>(next_normal(4, 5));
    const matrix_of<T> t = to_type<T>(next_normal(4, 5));
    const matrix_of<T> y = to_type<T>(next_uniform(4, 5));
    // A (B,T,C) = (2,3,5) batch of sequence logits: its B·T = 6 rows take 6 targets.
    const tensor3_of<T> logits = next_normal3<T>(2, 3, 5, 3.0);
    const index_vector classes = labels_of({4, 0, 2, 2, 1, 3});

    matrix_of<T> g_mse = filled<T>(4, 5, 0.0), g_bce = filled<T>(4, 5, 0.0), g_ce = filled<T>(6, 5, 0.0);
    const std::size_t before = llmlings::testing::allocation_count();
    const double l_mse = mse(input_rows(p), input_rows(t), output_rows(g_mse));
    const double l_bce = bce_with_logits(input_rows(p), input_rows(y), output_rows(g_bce));
    const double l_ce = cross_entropy_with_logits(input_rows(logits), classes, output_rows(g_ce));
    const std::size_t allocations = llmlings::testing::allocation_count() - before;
    CHECK(allocations == 0);  // the view forms write into the caller's buffers only

    const matrix pd = to_double(p), td = to_double(t), yd = to_double(y);
    const matrix rows = rows_to_double(logits);
    const loss_result<double> e_mse = mse(pd, td), e_bce = bce_with_logits(pd, yd);
    const loss_result<double> e_ce = cross_entropy_with_logits(rows, classes);
    CHECK_CLOSE_AT(l_mse, e_mse.loss, loss_tol);
    CHECK_CLOSE_AT(to_double(g_mse), e_mse.grad, grad_tol);
    CHECK_CLOSE_AT(l_bce, e_bce.loss, loss_tol);
    CHECK_CLOSE_AT(to_double(g_bce), e_bce.grad, grad_tol);
    CHECK_CLOSE_AT(l_ce, e_ce.loss, loss_tol);
    CHECK_CLOSE_AT(to_double(g_ce), e_ce.grad, grad_tol);
    // The forms returning a loss_result<T> call the view forms: the same numbers.
    const loss_result<T> r_ce = cross_entropy_with_logits(rows_of(logits), classes);
    CHECK(r_ce.loss == l_ce);
    CHECK_CLOSE_AT(to_double(r_ce.grad), to_double(g_ce), (tolerance{0, 0}));
    CHECK(mse(p, t).loss == l_mse);
    CHECK(bce_with_logits(p, y).loss == l_bce);
}

TEST_CASE("losses reject bad shapes and targets before writing the gradient", "[nn][03_losses]") {
    const matrix x = matrix_from({{0.5, -1.0, 2.0}, {0.0, 1.0, 3.0}});
    matrix grad = filled(2, 3, 7.0);
    // A target out of range throws before anything is written.
    CHECK_THROWS_AS(cross_entropy_with_logits(input_rows(x), labels_of({0, 3}), output_rows(grad)),
                    llmlings::invalid_argument);
    CHECK(all_equal(grad, 7.0));
    const matrix soft = matrix_from({{0.5, 1.0, 1.5}, {0.0, 0.0, 0.0}});
    CHECK_THROWS_AS(bce_with_logits(input_rows(x), input_rows(soft), output_rows(grad)), llmlings::invalid_argument);
    CHECK(all_equal(grad, 7.0));
    // A NaN target is outside [0, 1] too (the documented rule): bce_with_logits itself rejects it,
    // naming itself, before any element of grad is written (a check written y < 0 || y > 1 lets
    // NaN through to the elements before it).
    const matrix nan_target = matrix_from({{0.5, 1.0, 0.0}, {0.0, std::nan(""), 0.0}});
    CHECK_THROWS_WITH(bce_with_logits(input_rows(x), input_rows(nan_target), output_rows(grad)),
                      contains("bce_with_logits"));
    CHECK(all_equal(grad, 7.0));
    // A preallocated gradient of the wrong shape is never resized.
    matrix wrong({3, 2});
    CHECK_THROWS_AS(cross_entropy_with_logits(input_rows(x), labels_of({0, 1}), output_rows(wrong)),
                    llmlings::shape_error);
    // One substring per check: `contains(a) && contains(b)` would make Catch2 compile its all-of
    // matcher into this file (each save), for the same verdicts.
    CHECK_THROWS_WITH(cross_entropy_with_logits(input_rows(x), labels_of({0, 1}), output_rows(wrong)),
                      contains("cross_entropy_with_logits"));
    CHECK_THROWS_WITH(cross_entropy_with_logits(input_rows(x), labels_of({0, 1}), output_rows(wrong)),
                      contains("grad"));
    CHECK_THROWS_AS(mse(input_rows(x), input_rows(x), output_rows(wrong)), llmlings::shape_error);
    CHECK_THROWS_WITH(mse(input_rows(x), input_rows(x), output_rows(wrong)), contains("mse"));
    CHECK_THROWS_AS(bce_with_logits(input_rows(x), input_rows(x), output_rows(wrong)), llmlings::shape_error);
}

TEST_CASE("losses reject bad shapes and targets", "[nn][03_losses]") {
    CHECK_THROWS_AS(mse(matrix({2, 3}), matrix({3, 2})), llmlings::shape_error);
    CHECK_THROWS_AS(mse(matrix({0, 3}), matrix({0, 3})), llmlings::shape_error);
    CHECK_THROWS_AS(bce_with_logits(matrix({2, 3}), matrix({2, 2})), llmlings::shape_error);
    CHECK_THROWS_AS(bce_with_logits(matrix_from({{0.0}}), matrix_from({{1.5}})), llmlings::invalid_argument);
    // A NaN target is outside [0, 1] too (the documented rule), and must not slip through a test
    // written y < 0 || y > 1, which is false for NaN.
    CHECK_THROWS_AS(bce_with_logits(matrix_from({{0.0, 1.0}}), matrix_from({{0.5, std::nan("")}})),
                    llmlings::invalid_argument);
    CHECK_THROWS_AS(cross_entropy_with_logits(matrix({2, 3}), labels_of({0})), llmlings::shape_error);
    CHECK_THROWS_AS(cross_entropy_with_logits(matrix({0, 3}), labels_of({})), llmlings::shape_error);
    CHECK_THROWS_AS(cross_entropy_with_logits(matrix_from({{0, 0}}), labels_of({2})), llmlings::invalid_argument);
}
