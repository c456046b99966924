// SPDX-License-Identifier: MIT
// Tests for nn/08_regularization. Oracles: golden values from torch.nn.BatchNorm1d in float64
// (tools/golden/nn_batchnorm.py: train-mode output, dx, dgamma, dbeta, running statistics after
// two steps, eval-mode output), central-difference gradient checks in double (the store's γ and β
// with check_store_gradients, x with gradient_check) in train and eval mode and of dropout with a
// fixed mask, binomial bounds on dropout's keep rate, its preserved mean, the eval-mode identity,
// a hand-worked L2 penalty over a store's decay group, L2 plus plain SGD against nn/07's SGD with
// weight decay, the float passes against the double ones, the allocation counter (a second step
// allocates nothing) and hand-worked early-stopping sequences. The oracles, the golden file's
// arrays and the random data are in oracles/08_regularization.cpp, compiled once.
#include <llmlings/testing.hpp>
#include <llmlings/testing/allocations.hpp>  // this program's operator new counts allocations

#include <llmlings/nn/05_dense.hpp>
#include <llmlings/nn/08_regularization.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>

#include "oracles/08_regularization.hpp"

using llmlings::matrix;
using llmlings::matrix_of;
using llmlings::parameter_store;
using llmlings::vector;
using llmlings::vector_of;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::nn;
using namespace oracles;
using llmlings::testing::Approx;

namespace {

// float64 on both sides with the same formulas in another order: rounding only.
const tolerance torch_tol{1e-12, 1e-13};
// Bit for bit: copies, products by exact powers of two, the same code run twice.
const tolerance identical{0.0, 0.0};

// A batch norm "bn" over the golden file's 3 features, with its γ and β.
struct golden_bn {
    batch_norm_golden g = load_batch_norm_golden();
    parameter_store<double> store;
    batch_norm_layer<double> bn = make_batch_norm(store, "bn", 3);
    golden_bn() {
        set_values(bn.weight, g.gamma);
        set_values(bn.bias, g.beta);
    }
};

}  // namespace

TEMPLATE_TEST_CASE("the L2 penalty is half lambda times the squared weights of the decay group",
                   "[nn][08_regularization]", float, double) {
    using T = TestType;
    parameter_store<T> store;
    dense_layer<T> layer = make_dense(store, "fc", 2, 2);
    set_values(layer.weight, matrix_from({{1, 2}, {3, 4}}));
    set_values(layer.bias, vector_from({5, 6}));  // rank 1: not in the decay group
    dense_layer<T> frozen = make_dense(store, "frozen", 2, 1);
    set_values(frozen.weight, matrix_from({{10, 10}}));  // frozen: a constant, skipped
    store.set_trainable("frozen", false);
    const llmlings::parameter<T> gain = store.add("gain", {2}, {true, llmlings::weight_decay::apply});
    set_values(gain, vector_from({1, 1}));  // rank 1 but registered in the group: counted
    // 0.05 · (1 + 4 + 9 + 16 + 1 + 1) = 1.6: small integers squared and summed in double, then one
    // product by 0.05 (itself rounded): 1e-15 in either type.
    CHECK(l2_penalty(store, 0.1) == Approx(1.6).epsilon(1e-15));
    CHECK(l2_penalty(store, 0.0) == 0.0);
    set_grads(layer.weight, matrix_from({{1, 1}, {1, 1}}));
    l2_penalty_backward(store, 0.1);
    // One multiply-add per element in T: half an ulp of 1.1 to 1.4 (6e-8 in float, 1e-16 in double).
    const tolerance one_op = std::is_same<T, float>::value ? tolerance{1.2e-7, 0.0} : tolerance{1e-15, 0.0};
    CHECK_CLOSE_AT(grads_of(layer.weight), (vector_from({1.1, 1.2, 1.3, 1.4})), one_op);
    CHECK_CLOSE_AT(grads_of(gain), (vector_from({0.1, 0.1})), one_op);
    CHECK_CLOSE_AT(grads_of(layer.bias), (vector_from({0, 0})), identical);
    CHECK_CLOSE_AT(grads_of(frozen.weight), (vector_from({0, 0})), identical);
    CHECK_THROWS_AS(l2_penalty(store, -1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(l2_penalty_backward(store, std::numeric_limits<double>::quiet_NaN()), llmlings::invalid_argument);
    // One substring per check: `contains(a) && contains(b)` would make Catch2 compile its all-of
    // matcher into this file (each save), for the same verdicts.
    CHECK_THROWS_WITH(l2_penalty(store, -1.0), contains("l2_penalty"));
    CHECK_THROWS_WITH(l2_penalty(store, -1.0), contains("lambda"));
}

TEST_CASE("the L2 penalty gradient matches central differences over the store", "[nn][08_regularization]") {
    parameter_store<double> store;
    dense_layer<double> a = make_dense(store, "a", 3, 2), b = make_dense(store, "b", 2, 4);
    seed_random(11);
    set_values(a.weight, normal_matrix(2, 3));
    set_values(b.weight, normal_matrix(4, 2));
    set_values(b.bias, normal_vector(4));
    l2_penalty_backward(store, 0.3);
    // A quadratic: central differences are exact up to rounding (the biases' gradients are 0 on
    // both sides, which the check accepts).
    CHECK_STORE_GRADIENTS_AT(store_gradient_check(store, [&] { return l2_penalty(store, 0.3); }), 1e-7);
}

TEMPLATE_TEST_CASE("the L2 gradient followed by plain SGD is SGD with weight decay", "[nn][08_regularization]", float,
                   double) {
    using T = TestType;
    // Two copies of a model with the same values and data gradients: one takes l2_penalty_backward
    // and plain SGD, the other nn/07's SGD with weight_decay = λ (which decays the same group).
    // Each step computes θ − η(g + λθ) in T in both: equal to a rounding or two.
    const tolerance close = std::is_same<T, float>::value ? tolerance{1e-6, 1e-7} : tolerance{1e-15, 1e-16};
    parameter_store<T> s1, s2;
    dense_layer<T> l1 = make_dense(s1, "fc", 3, 2), l2 = make_dense(s2, "fc", 3, 2);
    seed_random(13);
    const matrix w = normal_matrix(2, 3), gw = normal_matrix(2, 3);
    const vector bias = normal_vector(2), gb = normal_vector(2);
    for (dense_layer<T>* l : {&l1, &l2}) {
        set_values(l->weight, w);
        set_values(l->bias, bias);
    }
    // Three steps of nn/07's SGD at lr 0.1 (in the oracle file), each after the same data gradients:
    // plain SGD after l2_penalty_backward(λ = 0.05) on s1, weight_decay = 0.05 on s2.
    sgd_steps(s1, 0.1, 0.0, 3, [&] {
        set_grads(l1.weight, gw);
        set_grads(l1.bias, gb);
        l2_penalty_backward(s1, 0.05);
    });
    sgd_steps(s2, 0.1, 0.05, 3, [&] {
        set_grads(l2.weight, gw);
        set_grads(l2.bias, gb);
    });
    CHECK_CLOSE_AT(values_of(l1.weight), values_of(l2.weight), close);
    CHECK_CLOSE_AT(values_of(l1.bias), values_of(l2.bias), close);
}

TEMPLATE_TEST_CASE("dropout in eval mode is the identity and draws nothing", "[nn][08_regularization]", float, double) {
    using T = TestType;
    const matrix_of<T> x = to_type<T>(matrix_from({{1, -2, 3}, {4, 5, -6}}));
    llmlings::rng gen(1), untouched(1);
    dropout_cache<T> cache;
    const matrix_of<T> y = dropout_forward(x, 0.5, false, cache, gen);
    CHECK_CLOSE_AT(widened(y), widened(x), identical);
    CHECK_CLOSE_AT(widened(cache.mask), filled(2, 3, 1.0), identical);
    CHECK(gen() == untouched());
    CHECK_CLOSE_AT(widened(dropout_backward(cache, x)), widened(x), identical);
    // into a preallocated output, in place
    matrix_of<T> z = x;
    dropout_forward(input_rows(z), 0.5, false, output_rows(z), cache, gen);
    CHECK_CLOSE_AT(widened(z), widened(x), identical);
}

TEST_CASE("dropout keeps units at rate one minus p and preserves the mean", "[nn][08_regularization]") {
    const std::size_t rows = 100, cols = 200;  // 20000 units
    const double p = 0.3, n = 20000.0;
    const matrix x = filled<double>(rows, cols, 1.0);
    llmlings::rng gen(2024);
    dropout_cache<double> cache;
    const matrix y = dropout_forward(x, p, true, cache, gen);
    const dropout_summary s = summarize_dropout(x, y, cache.mask, p);
    CHECK(s.bad == 0);  // every mask entry is 0 or 1/(1-p) and y = x * mask
    // Kept ~ Binomial(n, 0.7): sd √(n·0.7·0.3) ≈ 64.8; 5 sd fails a correct code with p < 1e-6.
    CHECK(std::fabs(s.kept - 0.7 * n) < 5.0 * std::sqrt(n * 0.21));
    // E[y] = 1 with per-unit sd √(p/(1−p)) ≈ 0.655; 5 standard errors of the mean.
    CHECK(std::fabs(s.mean - 1.0) < 5.0 * std::sqrt(p / (1.0 - p) / n));
}

TEMPLATE_TEST_CASE("dropout with the same seed draws the same mask in float and double and p at the ends behaves",
                   "[nn][08_regularization]", float, double) {
    using T = TestType;
    seed_random(3);
    const matrix xd = normal_matrix(4, 5);
    const matrix_of<T> x = rounded<T>(xd);
    llmlings::rng a(9), b(9);
    dropout_cache<T> ca;
    dropout_cache<double> cb;
    const matrix_of<T> y = dropout_forward(x, 0.5, true, ca, a);
    dropout_forward(xd, 0.5, true, cb, b);
    // One double uniform per element whatever T: the same units are dropped; kept ones are × 2
    // (exact in both types), so y is x ⊙ mask exactly.
    CHECK_CLOSE_AT(zero_pattern(ca.mask), zero_pattern(cb.mask), identical);
    CHECK_CLOSE_AT(widened(y), widened(times(x, ca.mask)), identical);
    CHECK(count_other_than(ca.mask, 0.0, 2.0) == 0);
    llmlings::rng gen(4);
    CHECK_CLOSE_AT(widened(dropout_forward(x, 0.0, true, ca, gen)), widened(x), identical);
    CHECK_CLOSE_AT(widened(dropout_forward(x, 1.0, true, ca, gen)), filled(4, 5, 0.0), identical);
    CHECK_THROWS_AS(dropout_forward(x, 1.5, true, ca, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(dropout_forward(x, -0.1, false, ca, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(dropout_forward(x, std::numeric_limits<double>::quiet_NaN(), true, ca, gen),
                    llmlings::invalid_argument);
    matrix_of<T> wrong({5, 4});  // a preallocated output of the wrong shape is never resized
    CHECK_THROWS_AS(dropout_forward(input_rows(x), 0.5, true, output_rows(wrong), ca, gen), llmlings::shape_error);
    CHECK_THROWS_WITH(dropout_forward(input_rows(x), 0.5, true, output_rows(wrong), ca, gen),
                      contains("dropout_forward"));
}

TEST_CASE("dropout backward with a fixed mask matches central differences", "[nn][08_regularization]") {
    seed_random(5);
    const matrix x = normal_matrix(3, 4), c = normal_matrix(3, 4);
    llmlings::rng gen(6);
    dropout_cache<double> cache;
    const matrix y = dropout_forward(x, 0.4, true, cache, gen);
    const matrix dx = dropout_backward(cache, quadratic_loss_grad(y, c));
    // The loss through a fixed mask, written without the code under test.
    const auto f = [&](const matrix& point) { return quadratic_loss(times(point, cache.mask), c); };
    CHECK_GRADIENT_AT(matrix_gradient_check(f, x, dx), 1e-6);
    CHECK_THROWS_AS(dropout_backward(cache, matrix({2, 2})), llmlings::shape_error);
    matrix wrong({4, 3});
    CHECK_THROWS_AS(dropout_backward(cache, input_rows(dx), output_rows(wrong)), llmlings::shape_error);
}

TEST_CASE("make_batch_norm registers gamma and beta in the store outside the decay group", "[nn][08_regularization]") {
    parameter_store<float> store;
    const dense_layer<float> fc = make_dense(store, "fc", 4, 3);
    const batch_norm_layer<float> bn = make_batch_norm(store, "bn1", 3);
    CHECK(store.count() == 4);
    CHECK(bn.weight.name() == "bn1.weight");
    CHECK(bn.bias.name() == "bn1.bias");
    CHECK(bn.weight.shape() == std::vector<std::size_t>{3});
    CHECK_FALSE(bn.weight.decays());  // a normalisation gain: rank 1, no weight decay
    CHECK_FALSE(bn.bias.decays());
    CHECK(fc.weight.decays());
    CHECK_CLOSE_AT(values_of(bn.weight), (vector_from({1, 1, 1})), identical);
    CHECK_CLOSE_AT(values_of(bn.bias), (vector_from({0, 0, 0})), identical);
    CHECK_CLOSE_AT(widened(bn.running_mean), (vector_from({0, 0, 0})), identical);
    CHECK_CLOSE_AT(widened(bn.running_var), (vector_from({1, 1, 1})), identical);
    CHECK(bn.momentum == 0.1);  // PyTorch's defaults
    CHECK(bn.eps == 1e-5);
    CHECK(store.find("bn1.weight").offset() == 15);
    CHECK_THROWS_AS(make_batch_norm(store, "bn1", 3), llmlings::invalid_argument);  // the name is taken
}

TEST_CASE("batch norm in train mode matches torch BatchNorm1d forward and backward", "[nn][08_regularization]") {
    golden_bn t;
    batch_norm_cache<double> cache;
    const matrix y = batch_norm_forward(t.bn, t.g.x, true, cache);
    CHECK_CLOSE_AT(y, t.g.y, torch_tol);
    const matrix dx = batch_norm_backward(t.bn, cache, t.g.dy);
    CHECK_CLOSE_AT(dx, t.g.dx, torch_tol);
    CHECK_CLOSE_AT(grads_of(t.bn.weight), t.g.dgamma, torch_tol);
    CHECK_CLOSE_AT(grads_of(t.bn.bias), t.g.dbeta, torch_tol);
}

TEST_CASE("batch norm running statistics follow torch with momentum and the unbiased variance",
          "[nn][08_regularization]") {
    golden_bn t;
    batch_norm_cache<double> cache;
    batch_norm_forward(t.bn, t.g.x, true, cache);
    CHECK_CLOSE_AT(t.bn.running_mean, t.g.rmean1, torch_tol);
    CHECK_CLOSE_AT(t.bn.running_var, t.g.rvar1, torch_tol);
    batch_norm_forward(t.bn, t.g.x2, true, cache);
    CHECK_CLOSE_AT(t.bn.running_mean, t.g.rmean2, torch_tol);
    CHECK_CLOSE_AT(t.bn.running_var, t.g.rvar2, torch_tol);
    // Eval mode uses the running statistics and leaves them alone.
    const vector mean_before = t.bn.running_mean, var_before = t.bn.running_var;
    const matrix e = batch_norm_forward(t.bn, t.g.xe, false, cache);
    CHECK_CLOSE_AT(e, t.g.ye, torch_tol);
    CHECK_CLOSE_AT(t.bn.running_mean, mean_before, identical);
    CHECK_CLOSE_AT(t.bn.running_var, var_before, identical);
}

TEST_CASE("batch norm on a hand-worked batch of two uses the biased variance to normalise", "[nn][08_regularization]") {
    parameter_store<double> store;
    batch_norm_layer<double> bn = make_batch_norm(store, "bn", 1);
    batch_norm_cache<double> cache;
    const matrix y = batch_norm_forward(bn, matrix_from({{1}, {3}}), true, cache);
    // μ = 2, biased σ² = 1, unbiased 2: y = ±1/√(1 + 1e-5), running 0.1·2 and 0.9 + 0.1·2.
    const double s = 1.0 / std::sqrt(1.0 + 1e-5);
    CHECK_CLOSE_AT(y, (matrix_from({{-s}, {s}})), (tolerance{1e-15, 0.0}));
    CHECK(element(bn.running_mean, 0) == Approx(0.2).epsilon(1e-15));
    CHECK(element(bn.running_var, 0) == Approx(1.1).epsilon(1e-15));
    CHECK(element(cache.mean, 0) == 2.0);
    CHECK(cache.training);
}

TEST_CASE("batch norm backward in train mode matches central differences for x gamma and beta",
          "[nn][08_regularization]") {
    seed_random(21);
    const matrix x = normal_matrix(5, 3, 1.5, 2.0);
    const matrix c = normal_matrix(5, 3);
    parameter_store<double> store;
    batch_norm_layer<double> bn = make_batch_norm(store, "bn", 3);
    set_values(bn.weight, normal_vector(3));
    set_values(bn.bias, normal_vector(3));
    // The loss through a copy of the layer: it shares γ and β (views into the store) and keeps
    // its own running statistics, which a train-mode output does not read.
    const auto loss_at = [&](const matrix& input) {
        batch_norm_layer<double> probe = bn;
        batch_norm_cache<double> scratch;
        return quadratic_loss(batch_norm_forward(probe, input, true, scratch), c);
    };
    batch_norm_cache<double> cache;
    const matrix y = batch_norm_forward(bn, x, true, cache);
    const matrix dx = batch_norm_backward(bn, cache, quadratic_loss_grad(y, c));
    // Smooth functions of O(1) inputs in double: central differences reach 1e-7 relative or better.
    CHECK_GRADIENT_AT(matrix_gradient_check(loss_at, x, dx), 1e-6);
    CHECK_STORE_GRADIENTS_AT(store_gradient_check(store, [&] { return loss_at(x); }), 1e-6);
}

TEST_CASE("batch norm backward in eval mode matches central differences and accumulates", "[nn][08_regularization]") {
    seed_random(22);
    const matrix x = normal_matrix(4, 2), dy = normal_matrix(4, 2);
    parameter_store<double> store;
    batch_norm_layer<double> bn = make_batch_norm(store, "bn", 2);
    set_values(bn.weight, vector_from({2.0, -0.5}));
    bn.running_mean = vector_from({0.3, -1.0});
    bn.running_var = vector_from({2.0, 0.5});
    batch_norm_cache<double> cache;
    batch_norm_forward(bn, x, false, cache);
    CHECK_FALSE(cache.training);
    const matrix dx = batch_norm_backward(bn, cache, dy);
    const auto linear = [&](const matrix& input) {
        batch_norm_layer<double> probe = bn;
        batch_norm_cache<double> scratch;
        return linear_loss(batch_norm_forward(probe, input, false, scratch), dy);
    };
    CHECK_GRADIENT_AT(matrix_gradient_check(linear, x, dx), 1e-6);
    CHECK_STORE_GRADIENTS_AT(store_gradient_check(store, [&] { return linear(x); }), 1e-6);
    const vector once_beta = grads_of(bn.bias), once_gamma = grads_of(bn.weight);
    batch_norm_backward(bn, cache, dy);
    // Two identical backward calls: exactly twice the first (x + x is exact), for β and for γ.
    CHECK_CLOSE_AT(grads_of(bn.bias), scaled(once_beta, 2.0), identical);
    CHECK_CLOSE_AT(grads_of(bn.weight), scaled(once_gamma, 2.0), identical);
}

TEMPLATE_TEST_CASE("the float batch norm computes what the double batch norm computes", "[nn][08_regularization]",
                   float, double) {
    using T = TestType;
    // Same inputs and parameters (the float ones are the double ones rounded). In double: the
    // view and the matrix overloads are the same code, identical. In float: μ and σ² are sums of
    // 16 O(1) terms (16 roundings of 2⁻²⁴ ≈ 6e-8 relative), and x̂ and y inherit them through 1/σ
    // (measured 2e-7 absolute on |y| ≤ 3.5: 1e-6 allowed); dx subtracts sums of 16 terms of size
    // ~3 (measured 2e-7: 2e-6 allowed); dγ and dβ sum 16 products of such numbers (measured 1e-6:
    // 5e-6 allowed).
    const bool is_float = std::is_same<T, float>::value;
    const tolerance out_tol = is_float ? tolerance{1e-6, 1e-6} : tolerance{0, 0};
    const tolerance dx_tol = is_float ? tolerance{1e-6, 2e-6} : tolerance{0, 0};
    const tolerance param_tol = is_float ? tolerance{1e-6, 5e-6} : tolerance{0, 0};
    seed_random(23);
    const matrix xd = normal_matrix(16, 4, 0.5, 1.0);
    const matrix dyd = normal_matrix(16, 4);
    const vector gamma = normal_vector(4, 1.0, 0.3), beta = normal_vector(4);
    parameter_store<double> sd;
    parameter_store<T> st;
    batch_norm_layer<double> ld = make_batch_norm(sd, "bn", 4);
    batch_norm_layer<T> lt = make_batch_norm(st, "bn", 4);
    set_values(ld.weight, round_trip<T>(gamma));
    set_values(ld.bias, round_trip<T>(beta));
    set_values(lt.weight, gamma);
    set_values(lt.bias, beta);
    const matrix_of<T> x = rounded<T>(xd), dy = rounded<T>(dyd);
    const matrix x_rounded = widened(x), dy_rounded = widened(dy);

    batch_norm_cache<double> cd;
    const matrix yd = batch_norm_forward(ld, x_rounded, true, cd);
    const matrix dxd = batch_norm_backward(ld, cd, dy_rounded);
    batch_norm_cache<T> ct;
    matrix_of<T> y({16, 4}), dx({16, 4});
    batch_norm_forward(lt, input_rows(x), true, output_rows(y), ct);
    batch_norm_backward(lt, ct, input_rows(dy), output_rows(dx));
    CHECK_CLOSE_AT(widened(y), yd, out_tol);
    CHECK_CLOSE_AT(widened(dx), dxd, dx_tol);
    CHECK_CLOSE_AT(grads_of(lt.weight), grads_of(ld.weight), param_tol);
    CHECK_CLOSE_AT(grads_of(lt.bias), grads_of(ld.bias), param_tol);
    CHECK_CLOSE_AT(widened(lt.running_mean), ld.running_mean, out_tol);
    CHECK_CLOSE_AT(widened(lt.running_var), ld.running_var, out_tol);
    // eval mode too
    const matrix ye = batch_norm_forward(ld, x_rounded, false, cd);
    batch_norm_forward(lt, input_rows(x), false, output_rows(y), ct);
    CHECK_CLOSE_AT(widened(y), ye, out_tol);
}

TEST_CASE("a second training step of dropout and batch norm allocates nothing", "[nn][08_regularization]") {
    parameter_store<float> store;
    batch_norm_layer<float> bn = make_batch_norm(store, "bn", 8);
    seed_random(24);
    const matrix_of<float> x = rounded<float>(normal_matrix(32, 8));
    const matrix_of<float> dy = rounded<float>(normal_matrix(32, 8));
    matrix_of<float> h({32, 8}), y({32, 8}), dh({32, 8}), dx({32, 8});
    batch_norm_cache<float> bn_cache;
    dropout_cache<float> drop_cache;
    llmlings::rng gen(25);
    const auto train_step = [&] {
        batch_norm_forward(bn, input_rows(x), true, output_rows(h), bn_cache);
        dropout_forward(input_rows(h), 0.2, true, output_rows(y), drop_cache, gen);
        dropout_backward(drop_cache, input_rows(dy), output_rows(dh));
        batch_norm_backward(bn, bn_cache, input_rows(dh), output_rows(dx));
        l2_penalty_backward(store, 0.01);
    };
    train_step();  // the first step sizes the caches
    const std::size_t before = llmlings::testing::allocation_count();
    train_step();
    const std::size_t allocations = llmlings::testing::allocation_count() - before;
    CHECK(allocations == 0);
    CHECK(bn_cache.x_hat.shape()[0] == 32);
    CHECK(max_abs(dx) > 0.0);  // the step did something
}

TEST_CASE("batch norm rejects a single training row and a wrong feature count", "[nn][08_regularization]") {
    parameter_store<double> store;
    batch_norm_layer<double> bn = make_batch_norm(store, "bn", 3);
    batch_norm_cache<double> cache;
    CHECK_THROWS_AS(batch_norm_forward(bn, matrix({1, 3}), true, cache), llmlings::invalid_argument);
    CHECK_THROWS_AS(batch_norm_forward(bn, matrix({4, 2}), true, cache), llmlings::shape_error);
    CHECK_THROWS_WITH(batch_norm_forward(bn, matrix({4, 2}), true, cache), contains("batch_norm_forward"));
    batch_norm_forward(bn, filled<double>(1, 3, 1.0), false, cache);
    CHECK_THROWS_AS(batch_norm_backward(bn, cache, matrix({2, 3})), llmlings::shape_error);
    const matrix x = filled<double>(2, 3, 1.0);
    matrix wrong({3, 2});
    CHECK_THROWS_AS(batch_norm_forward(bn, input_rows(x), true, output_rows(wrong), cache), llmlings::shape_error);
    CHECK_THROWS_AS(make_batch_norm(store, "zero", 0), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_batch_norm(store, "m0", 3, 0.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_batch_norm(store, "eps", 3, 0.1, -1.0), llmlings::invalid_argument);
    batch_norm_layer<double> empty;  // never made
    CHECK_THROWS_AS(batch_norm_forward(empty, x, true, cache), llmlings::invalid_argument);
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
