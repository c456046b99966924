// SPDX-License-Identifier: MIT
// Tests for nn/08_regularization. Oracles: golden values from torch.nn.BatchNorm1d in float64
// (tools/golden/nn_batchnorm.py: train-mode output, dx, dgamma, dbeta, running statistics after
// two steps, eval-mode output), central-difference gradient checks of batch norm (train and eval)
// and of dropout with a fixed mask, binomial bounds on dropout's keep rate, its preserved mean,
// the eval-mode identity, a hand-worked L2 penalty and hand-worked early-stopping sequences.
#include <llmlings/testing.hpp>

#include <llmlings/nn/08_regularization.hpp>

#include <cmath>
#include <cstddef>
#include <limits>

#include <xtensor/xrandom.hpp>

using llmlings::matrix;
using llmlings::vector;
using llmlings::testing::golden_file;
using llmlings::testing::golden_path;
using llmlings::testing::gradient_check;
using llmlings::testing::tolerance;
using namespace llmlings::nn;
using llmlings::testing::Approx;

namespace {

// float64 on both sides with the same formulas in another order: rounding only.
const tolerance torch_tol{1e-12, 1e-13};

// L = Σ c⊙y + ½ Σ y², so dL/dy = c + y depends on the output (as in nn/05's tests).
double loss_of(const matrix& y, const matrix& c) {
    double sum = 0.0;
    for (std::size_t k = 0; k < y.size(); ++k) sum += c.data()[k] * y.data()[k] + 0.5 * y.data()[k] * y.data()[k];
    return sum;
}

matrix loss_grad(const matrix& y, const matrix& c) {
    return c + y;
}

batch_norm golden_layer(const golden_file& g) {
    batch_norm bn = make_batch_norm(3);
    bn.gamma = g.array("gamma");
    bn.beta = g.array("beta");
    return bn;
}

}  // namespace

TEST_CASE("the L2 penalty is half lambda times the squared weights and its gradient is lambda W",
          "[nn][08_regularization]") {
    dense_layer layer = make_dense(2, 2);
    layer.weight = matrix{{1, 2}, {3, 4}};
    layer.bias = vector{5, 6};                                    // not penalised
    CHECK(l2_penalty(layer, 0.1) == Approx(1.5).epsilon(1e-15));  // 0.05 · (1 + 4 + 9 + 16)
    layer.weight_grad = matrix{{1, 1}, {1, 1}};
    l2_penalty_backward(layer, 0.1);
    // One multiply-add per element.
    LLMLINGS_CHECK_CLOSE(layer.weight_grad, (matrix{{1.1, 1.2}, {1.3, 1.4}}), (tolerance{1e-15, 0.0}));
    CHECK((layer.bias_grad == vector{0, 0}));
    CHECK(l2_penalty(layer, 0.0) == 0.0);
    CHECK_THROWS_AS(l2_penalty(layer, -1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(l2_penalty_backward(layer, -1.0), llmlings::invalid_argument);
}

TEST_CASE("the L2 penalty gradient matches central differences", "[nn][08_regularization]") {
    dense_layer layer = make_dense(3, 2);
    xt::random::seed(11);
    layer.weight = xt::random::randn<double>({2, 3});
    l2_penalty_backward(layer, 0.3);
    const auto f = [&](const xt::xarray<double>& w) {
        dense_layer copy = layer;
        copy.weight = w;
        return l2_penalty(copy, 0.3);
    };
    // A quadratic: central differences are exact up to rounding.
    LLMLINGS_CHECK_GRADIENT(gradient_check(f, layer.weight, layer.weight_grad), 1e-7);
}

TEST_CASE("dropout in eval mode is the identity and draws nothing", "[nn][08_regularization]") {
    const matrix x{{1, -2, 3}, {4, 5, -6}};
    llmlings::rng gen(1), untouched(1);
    const dropout_result r = dropout_forward(x, 0.5, false, gen);
    CHECK((r.y == x));
    CHECK((r.mask == xt::ones<double>({2, 3})));
    CHECK(gen() == untouched());
    CHECK((dropout_backward(x, r.mask) == x));
}

TEST_CASE("dropout keeps units at rate one minus p and preserves the mean", "[nn][08_regularization]") {
    const std::size_t rows = 100, cols = 200;  // 20000 units
    const double p = 0.3, n = 20000.0;
    const matrix x = xt::ones<double>({rows, cols});
    llmlings::rng gen(2024);
    const dropout_result r = dropout_forward(x, p, true, gen);
    double kept = 0.0, mean = 0.0;
    std::size_t bad = 0;
    for (std::size_t k = 0; k < r.mask.size(); ++k) {
        const double m = r.mask.data()[k];
        if (!(m == 0.0 || m == 1.0 / (1.0 - p)) || r.y.data()[k] != x.data()[k] * m) ++bad;
        if (m != 0.0) kept += 1.0;
        mean += r.y.data()[k];
    }
    mean /= n;
    CHECK(bad == 0);  // every mask entry is 0 or 1/(1-p) and y = x * mask
    // Kept ~ Binomial(n, 0.7): sd √(n·0.7·0.3) ≈ 64.8; 5 sd fails a correct code with p < 1e-6.
    CHECK(std::fabs(kept - 0.7 * n) < 5.0 * std::sqrt(n * 0.21));
    // E[y] = 1 with per-unit sd √(p/(1−p)) ≈ 0.655; 5 standard errors of the mean.
    CHECK(std::fabs(mean - 1.0) < 5.0 * std::sqrt(p / (1.0 - p) / n));
}

TEST_CASE("dropout with the same seed draws the same mask and p at the ends behaves", "[nn][08_regularization]") {
    xt::random::seed(3);
    const matrix x = xt::random::randn<double>({4, 5});
    llmlings::rng a(9), b(9);
    CHECK((dropout_forward(x, 0.5, true, a).mask == dropout_forward(x, 0.5, true, b).mask));
    llmlings::rng gen(4);
    CHECK((dropout_forward(x, 0.0, true, gen).y == x));
    const dropout_result all = dropout_forward(x, 1.0, true, gen);
    CHECK((all.y == xt::zeros<double>({4, 5})));
    CHECK_THROWS_AS(dropout_forward(x, 1.5, true, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(dropout_forward(x, -0.1, false, gen), llmlings::invalid_argument);
}

TEST_CASE("dropout backward with a fixed mask matches central differences", "[nn][08_regularization]") {
    xt::random::seed(5);
    const matrix x = xt::random::randn<double>({3, 4}), c = xt::random::randn<double>({3, 4});
    llmlings::rng gen(6);
    const dropout_result r = dropout_forward(x, 0.4, true, gen);
    const matrix dx = dropout_backward(loss_grad(r.y, c), r.mask);
    // The loss through a fixed mask, written without the code under test.
    const auto f = [&](const xt::xarray<double>& point) {
        const matrix y = point * r.mask;
        return loss_of(y, c);
    };
    LLMLINGS_CHECK_GRADIENT(gradient_check(f, x, dx), 1e-6);
    CHECK_THROWS_AS(dropout_backward(matrix({2, 2}), r.mask), llmlings::shape_error);
}

TEST_CASE("batch norm in train mode matches torch BatchNorm1d forward and backward", "[nn][08_regularization]") {
    const golden_file g = golden_file::load(golden_path("nn/08_regularization.txt"));
    batch_norm bn = golden_layer(g);
    const matrix x = g.array("x");
    const batch_norm_result r = batch_norm_forward(bn, x, true);
    LLMLINGS_CHECK_CLOSE(r.y, g.array("y"), torch_tol);
    const matrix dx = batch_norm_backward(bn, r.cache, g.array("dy"));
    LLMLINGS_CHECK_CLOSE(dx, g.array("dx"), torch_tol);
    LLMLINGS_CHECK_CLOSE(bn.gamma_grad, g.array("dgamma"), torch_tol);
    LLMLINGS_CHECK_CLOSE(bn.beta_grad, g.array("dbeta"), torch_tol);
}

TEST_CASE("batch norm running statistics follow torch with momentum and the unbiased variance",
          "[nn][08_regularization]") {
    const golden_file g = golden_file::load(golden_path("nn/08_regularization.txt"));
    batch_norm bn = golden_layer(g);
    batch_norm_forward(bn, g.array("x"), true);
    LLMLINGS_CHECK_CLOSE(bn.running_mean, g.array("rmean1"), torch_tol);
    LLMLINGS_CHECK_CLOSE(bn.running_var, g.array("rvar1"), torch_tol);
    batch_norm_forward(bn, g.array("x2"), true);
    LLMLINGS_CHECK_CLOSE(bn.running_mean, g.array("rmean2"), torch_tol);
    LLMLINGS_CHECK_CLOSE(bn.running_var, g.array("rvar2"), torch_tol);
    // Eval mode uses the running statistics and leaves them alone.
    const vector mean_before = bn.running_mean, var_before = bn.running_var;
    const batch_norm_result e = batch_norm_forward(bn, g.array("xe"), false);
    LLMLINGS_CHECK_CLOSE(e.y, g.array("ye"), torch_tol);
    CHECK((bn.running_mean == mean_before));
    CHECK((bn.running_var == var_before));
}

TEST_CASE("batch norm on a hand-worked batch of two uses the biased variance to normalise", "[nn][08_regularization]") {
    batch_norm bn = make_batch_norm(1);
    const batch_norm_result r = batch_norm_forward(bn, matrix{{1}, {3}}, true);
    // μ = 2, biased σ² = 1, unbiased 2: y = ±1/√(1 + 1e-5), running 0.1·2 and 0.9 + 0.1·2.
    const double s = 1.0 / std::sqrt(1.0 + 1e-5);
    LLMLINGS_CHECK_CLOSE(r.y, (matrix{{-s}, {s}}), (tolerance{1e-15, 0.0}));
    CHECK(bn.running_mean(0) == Approx(0.2).epsilon(1e-15));
    CHECK(bn.running_var(0) == Approx(1.1).epsilon(1e-15));
}

TEST_CASE("batch norm backward in train mode matches central differences for x gamma and beta",
          "[nn][08_regularization]") {
    xt::random::seed(21);
    const matrix x = 1.5 + 2.0 * xt::random::randn<double>({5, 3});
    const matrix c = xt::random::randn<double>({5, 3});
    batch_norm bn = make_batch_norm(3);
    bn.gamma = xt::random::randn<double>({3});
    bn.beta = xt::random::randn<double>({3});
    batch_norm tmp = bn;
    const batch_norm_result r = batch_norm_forward(tmp, x, true);
    const matrix dx = batch_norm_backward(bn, r.cache, loss_grad(r.y, c));
    const auto f_x = [&](const xt::xarray<double>& point) {
        batch_norm copy = bn;
        return loss_of(batch_norm_forward(copy, point, true).y, c);
    };
    const auto f_gamma = [&](const xt::xarray<double>& point) {
        batch_norm copy = bn;
        copy.gamma = point;
        return loss_of(batch_norm_forward(copy, x, true).y, c);
    };
    const auto f_beta = [&](const xt::xarray<double>& point) {
        batch_norm copy = bn;
        copy.beta = point;
        return loss_of(batch_norm_forward(copy, x, true).y, c);
    };
    // Smooth functions of O(1) inputs: central differences reach 1e-7 relative or better.
    LLMLINGS_CHECK_GRADIENT(gradient_check(f_x, x, dx), 1e-6);
    LLMLINGS_CHECK_GRADIENT(gradient_check(f_gamma, bn.gamma, bn.gamma_grad), 1e-6);
    LLMLINGS_CHECK_GRADIENT(gradient_check(f_beta, bn.beta, bn.beta_grad), 1e-6);
}

TEST_CASE("batch norm backward in eval mode matches central differences and accumulates", "[nn][08_regularization]") {
    xt::random::seed(22);
    const matrix x = xt::random::randn<double>({4, 2}), dy = xt::random::randn<double>({4, 2});
    batch_norm bn = make_batch_norm(2);
    bn.gamma = vector{2.0, -0.5};
    bn.running_mean = vector{0.3, -1.0};
    bn.running_var = vector{2.0, 0.5};
    const batch_norm_result r = batch_norm_forward(bn, x, false);
    const matrix dx = batch_norm_backward(bn, r.cache, dy);
    const auto f = [&](const xt::xarray<double>& point) {
        batch_norm copy = bn;
        const matrix y = batch_norm_forward(copy, point, false).y;
        double sum = 0.0;
        for (std::size_t k = 0; k < y.size(); ++k) sum += y.data()[k] * dy.data()[k];
        return sum;
    };
    LLMLINGS_CHECK_GRADIENT(gradient_check(f, x, dx), 1e-6);
    const vector once = bn.beta_grad;
    batch_norm_backward(bn, r.cache, dy);
    // Two identical backward calls: exactly twice the first (x + x is exact).
    CHECK((bn.beta_grad == 2.0 * once));
}

TEST_CASE("batch norm rejects a single training row and a wrong feature count", "[nn][08_regularization]") {
    batch_norm bn = make_batch_norm(3);
    CHECK_THROWS_AS(batch_norm_forward(bn, matrix({1, 3}), true), llmlings::invalid_argument);
    CHECK_THROWS_AS(batch_norm_forward(bn, matrix({4, 2}), true), llmlings::shape_error);
    const batch_norm_result r = batch_norm_forward(bn, xt::ones<double>({1, 3}), false);
    CHECK_THROWS_AS(batch_norm_backward(bn, r.cache, matrix({2, 3})), llmlings::shape_error);
    CHECK_THROWS_AS(make_batch_norm(0), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_batch_norm(3, 0.0), llmlings::invalid_argument);
}

TEST_CASE("early stopping with min_delta stops after patience epochs without enough improvement",
          "[nn][08_regularization]") {
    early_stopping es = make_early_stopping(2, 0.05);
    CHECK_FALSE(early_stopping_update(es, 1.0));  // best 1.0 at epoch 1
    CHECK(es.improved);
    CHECK_FALSE(early_stopping_update(es, 0.8));   // 0.8 < 0.95: best at epoch 2
    CHECK_FALSE(early_stopping_update(es, 0.79));  // 0.79 is not < 0.75: one bad epoch
    CHECK_FALSE(es.improved);
    CHECK(early_stopping_update(es, 0.85));  // two bad epochs: stop
    CHECK(es.best_epoch == 2);
    CHECK(es.best == 0.8);
    CHECK(es.epoch == 4);
}

TEST_CASE("early stopping without min_delta resets its count on every improvement", "[nn][08_regularization]") {
    early_stopping es = make_early_stopping(2);
    const double losses[] = {1.0, 0.8, 0.79, 0.85, 0.7, 0.75, 0.7};
    const bool stops[] = {false, false, false, false, false, false, true};
    for (std::size_t e = 0; e < 7; ++e) CHECK(early_stopping_update(es, losses[e]) == stops[e]);
    CHECK(es.best_epoch == 5);  // 0.7 again at epoch 7 is not strictly better
    CHECK(es.best == 0.7);
    early_stopping nan_run = make_early_stopping(1);
    early_stopping_update(nan_run, 0.5);
    CHECK(early_stopping_update(nan_run, std::numeric_limits<double>::quiet_NaN()));
    CHECK_THROWS_AS(make_early_stopping(1, -0.1), llmlings::invalid_argument);
}
