// SPDX-License-Identifier: MIT
// Tests for nn/03_losses. Oracles: hand-worked values (log 2 for a logit of 0, 2.5 for a small
// MSE), the naive formulas where they are representable, the identity grad CE = (softmax -
// onehot) / B written out by hand, central differences via gradient_check, and logits of +-1e4.
#include <llmlings/testing.hpp>

#include <llmlings/nn/03_losses.hpp>

#include <cmath>

#include <xtensor/xrandom.hpp>

using llmlings::index_vector;
using llmlings::matrix;
using llmlings::testing::gradient_check;
using llmlings::testing::tolerance;
using namespace llmlings::nn;

TEST_CASE("mse has its hand-worked value and gradient", "[nn][03_losses]") {
    const loss_result r = mse(matrix{{1, 2}}, matrix{{0, 4}});
    CHECK(r.loss == 2.5);                                                // (1 + 4) / 2, exact
    LLMLINGS_CHECK_CLOSE(r.grad, (matrix{{1, -2}}), (tolerance{0, 0}));  // 2 (p - t) / 2, exact
    CHECK(mse(matrix{{3, -1}, {0, 7}}, matrix{{3, -1}, {0, 7}}).loss == 0.0);
}

TEST_CASE("bce with logits has its hand-worked values", "[nn][03_losses]") {
    const loss_result r = bce_with_logits(matrix{{0.0, 0.0}}, matrix{{1.0, 0.0}});
    LLMLINGS_CHECK_CLOSE(r.loss, std::log(2.0), (tolerance{1e-15, 0}));            // p = 1/2 either way
    LLMLINGS_CHECK_CLOSE(r.grad, (matrix{{-0.25, 0.25}}), (tolerance{1e-15, 0}));  // (1/2 - y) / 2
    // A soft target y = 0.25 at z = log 3 (p = 3/4): -(0.25 log 0.75 + 0.75 log 0.25).
    const double expected = -(0.25 * std::log(0.75) + 0.75 * std::log(0.25));
    LLMLINGS_CHECK_CLOSE(bce_with_logits(matrix{{std::log(3.0)}}, matrix{{0.25}}).loss, expected,
                         (tolerance{1e-14, 0}));
}

TEST_CASE("bce with logits equals the naive formula on moderate logits", "[nn][03_losses]") {
    xt::random::seed(11);
    const matrix z = 3.0 * xt::random::randn<double>({4, 5});
    const matrix y = xt::random::rand<double>({4, 5});
    double naive = 0.0;
    for (std::size_t i = 0; i < z.size(); ++i) {
        const double p = 1.0 / (1.0 + std::exp(-z.data()[i]));
        naive -= y.data()[i] * std::log(p) + (1.0 - y.data()[i]) * std::log(1.0 - p);
    }
    // The naive form loses digits in log(1 - p) when p is near 1; |z| <~ 10 keeps that below 1e-12.
    LLMLINGS_CHECK_CLOSE(bce_with_logits(z, y).loss, naive / 20.0, (tolerance{1e-12, 0}));
}

TEST_CASE("bce with logits is finite and exact at logits of plus or minus 1e4", "[nn][03_losses]") {
    const loss_result right = bce_with_logits(matrix{{1e4, -1e4}}, matrix{{1.0, 0.0}});
    CHECK(right.loss == 0.0);  // log1p(e^-1e4) = 0 in double
    LLMLINGS_CHECK_CLOSE(right.grad, (matrix{{0, 0}}), (tolerance{0, 0}));
    const loss_result wrong = bce_with_logits(matrix{{1e4, -1e4}}, matrix{{0.0, 1.0}});
    LLMLINGS_CHECK_CLOSE(wrong.loss, 1e4, (tolerance{1e-15, 0}));
    LLMLINGS_CHECK_CLOSE(wrong.grad, (matrix{{0.5, -0.5}}), (tolerance{1e-15, 0}));  // (sigma - y) / 2
}

TEST_CASE("cross entropy with logits has its hand-worked values", "[nn][03_losses]") {
    const loss_result r = cross_entropy_with_logits(matrix{{0, 0}}, index_vector{1});
    LLMLINGS_CHECK_CLOSE(r.loss, std::log(2.0), (tolerance{1e-15, 0}));
    LLMLINGS_CHECK_CLOSE(r.grad, (matrix{{0.5, -0.5}}), (tolerance{1e-15, 0}));
    // Row (0, log 3): softmax (1/4, 3/4). Targets 1 and 0: losses log(4/3) and log 4, mean of both.
    const double l3 = std::log(3.0);
    const loss_result two = cross_entropy_with_logits(matrix{{0, l3}, {0, l3}}, index_vector{1, 0});
    LLMLINGS_CHECK_CLOSE(two.loss, 0.5 * (std::log(4.0 / 3.0) + std::log(4.0)), (tolerance{1e-15, 0}));
    LLMLINGS_CHECK_CLOSE(two.grad, (matrix{{0.125, -0.125}, {-0.375, 0.375}}), (tolerance{1e-15, 1e-16}));
}

TEST_CASE("the cross entropy gradient is softmax minus onehot over the batch size", "[nn][03_losses]") {
    xt::random::seed(12);
    const matrix x = 2.0 * xt::random::randn<double>({6, 4});
    const index_vector t{0, 3, 1, 1, 2, 3};
    const loss_result r = cross_entropy_with_logits(x, t);
    matrix expected({6, 4});
    double loss = 0.0;
    for (std::size_t b = 0; b < 6; ++b) {
        double sum = 0.0;
        for (std::size_t c = 0; c < 4; ++c) sum += std::exp(x(b, c));  // naive: fine at |x| ~ 2
        for (std::size_t c = 0; c < 4; ++c) expected(b, c) = (std::exp(x(b, c)) / sum - (c == t(b))) / 6.0;
        loss -= std::log(std::exp(x(b, t(b))) / sum);
    }
    // Two ways of rounding the same few operations per element.
    LLMLINGS_CHECK_CLOSE(r.grad, expected, (tolerance{1e-13, 1e-15}));
    LLMLINGS_CHECK_CLOSE(r.loss, loss / 6.0, (tolerance{1e-13, 0}));
}

TEST_CASE("cross entropy stays finite and exact at logits of plus or minus 1e4", "[nn][03_losses]") {
    const matrix x{{1e4, 0.0, -1e4}, {1e4, 0.0, -1e4}};
    const loss_result right = cross_entropy_with_logits(matrix{{1e4, 0.0, -1e4}}, index_vector{0});
    CHECK(right.loss == 0.0);  // -log softmax = log(1 + e^-1e4 + e^-2e4) = 0 in double
    const loss_result wrong = cross_entropy_with_logits(matrix{{1e4, 0.0, -1e4}}, index_vector{2});
    LLMLINGS_CHECK_CLOSE(wrong.loss, 2e4, (tolerance{1e-15, 0}));
    const loss_result both = cross_entropy_with_logits(x, index_vector{0, 1});
    LLMLINGS_CHECK_CLOSE(both.loss, 0.5e4, (tolerance{1e-15, 0}));  // (0 + 1e4) / 2
    LLMLINGS_CHECK_CLOSE(both.grad, (matrix{{0, 0, 0}, {0.5, -0.5, 0}}), (tolerance{1e-15, 1e-300}));
}

TEST_CASE("every loss gradient matches central differences", "[nn][03_losses]") {
    xt::random::seed(13);
    const matrix p = xt::random::randn<double>({3, 4});
    const matrix t = xt::random::randn<double>({3, 4});
    const matrix y = xt::random::rand<double>({3, 4});
    const index_vector cls{2, 0, 3};
    // Smooth losses in double with h = 1e-6: relative error below 1e-7 is correct.
    LLMLINGS_CHECK_GRADIENT(
        gradient_check([&](const xt::xarray<double>& v) { return mse(matrix(v), t).loss; }, p, mse(p, t).grad), 1e-7);
    LLMLINGS_CHECK_GRADIENT(
        gradient_check([&](const xt::xarray<double>& v) { return bce_with_logits(matrix(v), y).loss; }, p,
                       bce_with_logits(p, y).grad),
        1e-7);
    LLMLINGS_CHECK_GRADIENT(
        gradient_check([&](const xt::xarray<double>& v) { return cross_entropy_with_logits(matrix(v), cls).loss; }, p,
                       cross_entropy_with_logits(p, cls).grad),
        1e-7);
}

TEST_CASE("losses reject bad shapes and targets", "[nn][03_losses]") {
    CHECK_THROWS_AS(mse(matrix({2, 3}), matrix({3, 2})), llmlings::shape_error);
    CHECK_THROWS_AS(mse(matrix({0, 3}), matrix({0, 3})), llmlings::shape_error);
    CHECK_THROWS_AS(bce_with_logits(matrix({2, 3}), matrix({2, 2})), llmlings::shape_error);
    CHECK_THROWS_AS(bce_with_logits(matrix{{0.0}}, matrix{{1.5}}), llmlings::invalid_argument);
    CHECK_THROWS_AS(cross_entropy_with_logits(matrix({2, 3}), index_vector{0}), llmlings::shape_error);
    CHECK_THROWS_AS(cross_entropy_with_logits(matrix({0, 3}), index_vector{}), llmlings::shape_error);
    CHECK_THROWS_AS(cross_entropy_with_logits(matrix{{0, 0}}, index_vector{2}), llmlings::invalid_argument);
}
