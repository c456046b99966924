// SPDX-License-Identifier: MIT
// Tests for peft/01_lora. Oracles: a hand-worked layer (forward, backward, merge), the layer's
// output and gradients written out in double from the merged weight W₀ + s·B·A (oracles/01_lora.cpp,
// never the code under test), central-difference checks of every tensor of the store, PEFT's
// initialisation (B = 0: the output is the base layer's, bit for bit), the rank of B·A by LAPACK's
// singular values, and a rank-2 change of a frozen layer learned by gradient descent on A and B
// alone.
#include <llmlings/testing.hpp>

#include <llmlings/peft/01_lora.hpp>

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "oracles/01_lora.hpp"

using llmlings::matrix;
using llmlings::matrix_of;
using llmlings::parameter_store;
using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::peft;
using namespace oracles;

namespace {

// Sums of a few products of small integers in double: exact, 1e-14 for BLAS's order.
const tolerance exact{1e-14, 1e-14};

// A base "fc" (I → O, with a bias) and its LoRA update in one store, their tensors set from
// oracles::random_lora_tensors (or left as made).
template <class T>
struct lora_setup {
    parameter_store<T> store;
    lora_layer<T> layer;
    lora_tensors t;
    lora_setup(std::size_t in, std::size_t out, std::size_t r, double alpha, unsigned seed)
        : layer(make_lora(store, "fc", llmlings::nn::make_dense(store, "fc", in, out), r, alpha)),
          t(random_lora_tensors(seed, in, out, r, alpha / static_cast<double>(r))) {
        set_values(layer.base.weight, t.w0);
        set_values(layer.base.bias, t.bias);
        set_values(layer.a.weight, t.a);
        set_values(layer.b.weight, t.b);
    }
    // The tensors as the store holds them (rounded to T), in double.
    lora_tensors held() const {
        lora_tensors h;
        h.w0 = values_matrix(layer.base.weight);
        h.bias = values_of(layer.base.bias);
        h.a = values_matrix(layer.a.weight);
        h.b = values_matrix(layer.b.weight);
        h.s = t.s;
        return h;
    }
};

template <class T>
matrix forward_of(const lora_layer<T>& layer, const matrix& x, lora_cache<T>& cache) {
    const matrix_of<T> xt_ = to_type<T>(x);
    matrix_of<T> y = filled<T>(x.shape()[0], layer.base.out_features, 0.0);
    lora_forward(layer, input_rows(xt_), output_rows(y), cache);
    return to_double(y);
}

template <class T>
matrix backward_of(const lora_layer<T>& layer, lora_cache<T>& cache, const matrix& x, const matrix& dy) {
    const matrix_of<T> xt_ = to_type<T>(x), dyt = to_type<T>(dy);
    matrix_of<T> dx = filled<T>(x.shape()[0], layer.base.in_features, 0.0);
    lora_backward(layer, cache, input_rows(xt_), input_rows(dyt), output_rows(dx));
    return to_double(dx);
}

// The hand-worked layer: W₀ = I, b = (0.5, −1), A = (1, 1), B = (2, 3)ᵀ, α = 2, r = 1 (s = 2).
struct hand_worked {
    parameter_store<double> store;
    lora_layer<double> layer;
    hand_worked() : layer(make_lora(store, "fc", llmlings::nn::make_dense(store, "fc", 2, 2), 1, 2.0)) {
        set_values(layer.base.weight, matrix_from({{1, 0}, {0, 1}}));
        set_values(layer.base.bias, vector_from({0.5, -1}));
        set_values(layer.a.weight, matrix_from({{1, 1}}));
        set_values(layer.b.weight, matrix_from({{2}, {3}}));
    }
};

}  // namespace

TEST_CASE("make_lora registers A as r by in and B as out by r under PEFT's names", "[peft][01_lora]") {
    parameter_store<float> store;
    const llmlings::nn::dense_layer<float> base = llmlings::nn::make_dense(store, "blocks.0.attn.qkv", 16, 48);
    const lora_layer<float> layer = make_lora(store, "blocks.0.attn.qkv", base, 4, 8.0);
    CHECK(store.count() == 4);
    CHECK(layer.a.weight.name() == "blocks.0.attn.qkv.lora_A.weight");
    CHECK(layer.b.weight.name() == "blocks.0.attn.qkv.lora_B.weight");
    CHECK(layer.a.weight.shape() == std::vector<std::size_t>{4, 16});
    CHECK(layer.b.weight.shape() == std::vector<std::size_t>{48, 4});
    CHECK(!layer.a.bias.registered());
    CHECK(!layer.b.bias.registered());
    CHECK(layer.rank == 4);
    CHECK(layer.alpha == 8.0);
    CHECK(!layer.merged);
    CHECK(layer.base.weight.name() == "blocks.0.attn.qkv.weight");
    CHECK(lora_scaling(layer) == 2.0f);  // α/r = 8/4
    CHECK(store.numel() == 16 * 48 + 48 + 4 * (16 + 48));
}

TEST_CASE("make_lora refuses a rank of 0 or above the layer and a bad alpha", "[peft][01_lora]") {
    parameter_store<double> store;
    const llmlings::nn::dense_layer<double> base = llmlings::nn::make_dense(store, "fc", 3, 5);
    CHECK_THROWS_AS(make_lora(store, "fc", base, 0, 1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_lora(store, "fc", base, 4, 1.0), llmlings::invalid_argument);  // min(3, 5) = 3
    CHECK_THROWS_WITH(make_lora(store, "fc", base, 4, 1.0), llmlings::testing::contains("min(in, out) = 3"));
    CHECK_THROWS_AS(make_lora(store, "fc", base, 1, 0.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_lora(store, "fc", base, 1, -2.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_lora(store, "fc", base, 1, std::nan("")), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_lora(store, "fc", base, 1, HUGE_VAL), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_lora(store, "fc", llmlings::nn::dense_layer<double>{}, 1, 1.0), llmlings::invalid_argument);
    CHECK(store.count() == 2);  // nothing was registered by the refused calls
    const lora_layer<double> full = make_lora(store, "fc", base, 3, 1.0);  // r = min(I, O) is allowed
    CHECK(full.b.weight.shape() == std::vector<std::size_t>{5, 3});
    CHECK_THROWS_AS(make_lora(store, "fc", base, 1, 1.0), llmlings::invalid_argument);  // the names are taken
    const lora_layer<double> unbuilt;
    CHECK_THROWS_AS(lora_scaling(unbuilt), llmlings::invalid_argument);
}

TEMPLATE_TEST_CASE("init_lora draws A within one over root I and zeroes B so the output is the base's",
                   "[peft][01_lora]", float, double) {
    using T = TestType;
    lora_setup<T> s(16, 12, 4, 8.0, 3);
    llmlings::rng gen(7);
    init_lora(s.layer, gen);
    CHECK(grads_all(s.layer.a.weight, 0.0));  // init touches values only
    CHECK(values_all(s.layer.b.weight, 0.0));
    const vector a = values_of(s.layer.a.weight);
    const double bound = 0.25;  // 1/√16
    double largest = 0.0, sum = 0.0;
    for (double v : a) {
        largest = std::max(largest, std::fabs(v));
        sum += v;
    }
    CHECK(largest <= bound);
    CHECK(largest > 0.8 * bound);         // 64 draws of U(−¼, ¼) reach past 0.2 (probability 1 − 0.8⁶⁴)
    CHECK(std::fabs(sum / 64.0) < 0.06);  // the mean of 64 draws: sd 0.25/√3/8 ≈ 0.018
    // B = 0: the LoRA layer computes exactly what the base layer computes.
    seed_random(11);
    const matrix x = normal_matrix(5, 16);
    lora_cache<T> cache;
    const matrix y = forward_of(s.layer, x, cache);
    const matrix_of<T> xt_ = to_type<T>(x);
    matrix_of<T> base_y = filled<T>(5, 12, 0.0);
    llmlings::nn::dense_forward(s.layer.base, input_rows(xt_), output_rows(base_y));
    CHECK(bool(y == to_double(base_y)));
}

TEST_CASE("the forward and backward of a hand-worked layer", "[peft][01_lora]") {
    hand_worked h;
    lora_cache<double> cache;
    // base (3.5, 3); h = s·x·Aᵀ = 2·7 = 14; y = base + 14·(2, 3) = (31.5, 45)
    const matrix y = forward_of(h.layer, matrix_from({{3, 4}}), cache);
    CHECK_CLOSE_AT(y, matrix_from({{31.5, 45}}), exact);
    CHECK_CLOSE_AT(cache.h, matrix_from({{14}}), exact);
    // dy = (1, −1): dB += dyᵀh = (14, −14)ᵀ, dh = s·dy·B = 2·(2 − 3) = −2, dA += dh·x = (−6, −8),
    // dx = dy·W₀ + dh·A = (1, −1) + (−2, −2) = (−1, −3); the trainable base: dW₀ += dyᵀx, db += dy.
    const matrix dx = backward_of(h.layer, cache, matrix_from({{3, 4}}), matrix_from({{1, -1}}));
    CHECK_CLOSE_AT(dx, matrix_from({{-1, -3}}), exact);
    CHECK_CLOSE_AT(grads_matrix(h.layer.b.weight), matrix_from({{14}, {-14}}), exact);
    CHECK_CLOSE_AT(grads_matrix(h.layer.a.weight), matrix_from({{-6, -8}}), exact);
    CHECK_CLOSE_AT(grads_matrix(h.layer.base.weight), matrix_from({{3, 4}, {-3, -4}}), exact);
    CHECK_CLOSE_AT(grads_of(h.layer.base.bias), vector_from({1, -1}), exact);
    // merged: W = W₀ + s·B·A = [[5, 4], [6, 7]], the same output from the base alone
    CHECK(merge_lora(h.layer));
    CHECK_CLOSE_AT(values_matrix(h.layer.base.weight), matrix_from({{5, 4}, {6, 7}}), exact);
    CHECK_CLOSE_AT(forward_of(h.layer, matrix_from({{3, 4}}), cache), matrix_from({{31.5, 45}}), exact);
}

TEMPLATE_TEST_CASE("the forward is x times the merged weight transposed plus b", "[peft][01_lora]", float, double) {
    using T = TestType;
    lora_setup<T> s(7, 9, 3, 6.0, 21);
    seed_random(22);
    const matrix x = normal_matrix(10, 7);
    lora_cache<T> cache;
    const matrix y = forward_of(s.layer, x, cache);
    // Sums of ~10 products of N(0,1) numbers: double to rounding; float ~10 ulp of values of ~10.
    const tolerance tol = std::is_same<T, float>::value ? tolerance{1e-5, 1e-5} : tolerance{1e-12, 1e-12};
    CHECK_CLOSE_AT(y, lora_output(s.held(), x), tol);
    CHECK(cache.h.shape()[0] == 10);
    CHECK(cache.h.shape()[1] == 3);
    // shapes: x with 6 columns, y of the wrong shape
    const matrix_of<T> bad_x = filled<T>(2, 6, 1.0);
    matrix_of<T> y2 = filled<T>(2, 9, 0.0), y3 = filled<T>(2, 8, 0.0);
    CHECK_THROWS_AS(lora_forward(s.layer, input_rows(bad_x), output_rows(y2), cache), llmlings::shape_error);
    const matrix_of<T> good_x = filled<T>(2, 7, 1.0);
    CHECK_THROWS_AS(lora_forward(s.layer, input_rows(good_x), output_rows(y3), cache), llmlings::shape_error);
}

TEMPLATE_TEST_CASE("the backward gives the written-out gradients of every tensor and of x", "[peft][01_lora]", float,
                   double) {
    using T = TestType;
    lora_setup<T> s(6, 5, 2, 3.0, 31);
    seed_random(32);
    const matrix x = normal_matrix(8, 6), dy = normal_matrix(8, 5);
    lora_cache<T> cache;
    forward_of(s.layer, x, cache);
    const matrix dx = backward_of(s.layer, cache, x, dy);
    const lora_gradients g = lora_grads(s.held(), x, dy);
    const tolerance tol = std::is_same<T, float>::value ? tolerance{1e-5, 1e-5} : tolerance{1e-12, 1e-12};
    CHECK_CLOSE_AT(dx, g.dx, tol);
    CHECK_CLOSE_AT(grads_matrix(s.layer.a.weight), g.da, tol);
    CHECK_CLOSE_AT(grads_matrix(s.layer.b.weight), g.db, tol);
    CHECK_CLOSE_AT(grads_matrix(s.layer.base.weight), g.dw0, tol);
    CHECK_CLOSE_AT(grads_of(s.layer.base.bias), g.dbias, tol);
    // a second backward adds the same again (+=), and dx is written, not added to
    const matrix dx2 = backward_of(s.layer, cache, x, dy);
    CHECK_CLOSE_AT(dx2, g.dx, tol);
    CHECK_CLOSE_AT(grads_matrix(s.layer.a.weight), 2.0 * g.da, tol);
    CHECK_CLOSE_AT(grads_matrix(s.layer.b.weight), 2.0 * g.db, tol);
    // an empty dx skips it; the factors still get their gradients
    s.store.zero_grad();
    const matrix_of<T> xt_ = to_type<T>(x), dyt = to_type<T>(dy);
    lora_backward(s.layer, cache, input_rows(xt_), input_rows(dyt), llmlings::empty_view<T>());
    CHECK_CLOSE_AT(grads_matrix(s.layer.a.weight), g.da, tol);
    // dy of the wrong shape; a cache of another batch
    const matrix_of<T> bad_dy = filled<T>(8, 4, 1.0);
    matrix_of<T> dxo = filled<T>(8, 6, 0.0);
    CHECK_THROWS_AS(lora_backward(s.layer, cache, input_rows(xt_), input_rows(bad_dy), output_rows(dxo)),
                    llmlings::shape_error);
    lora_cache<T> fresh;
    CHECK_THROWS_AS(lora_backward(s.layer, fresh, input_rows(xt_), input_rows(dyt), output_rows(dxo)),
                    llmlings::shape_error);
}

TEST_CASE("every tensor's gradient matches central differences", "[peft][01_lora]") {
    lora_setup<double> s(5, 4, 2, 5.0, 41);
    seed_random(42);
    const matrix x = normal_matrix(6, 5), c = normal_matrix(6, 4);
    lora_cache<double> cache;
    const auto loss = [&] { return quadratic_loss(forward_of(s.layer, x, cache), c); };
    s.store.zero_grad();
    const matrix y = forward_of(s.layer, x, cache);
    const matrix dx = backward_of(s.layer, cache, x, quadratic_loss_grad(y, c));
    CHECK_STORE_GRADIENTS_AT(store_gradient_check(s.store, loss), 1e-7);
    const auto loss_of_x = [&](const matrix& moved) { return quadratic_loss(forward_of(s.layer, moved, cache), c); };
    CHECK_GRADIENT_AT(check_gradient(loss_of_x, x, dx), 1e-7);
}

TEMPLATE_TEST_CASE("a frozen base gets no gradient and the factors the same ones", "[peft][01_lora]", float, double) {
    using T = TestType;
    lora_setup<T> s(6, 5, 2, 3.0, 51);
    lora_setup<T> frozen(6, 5, 2, 3.0, 51);
    CHECK(mark_only_lora_trainable(frozen.store) == 2 * (6 + 5));
    CHECK(!frozen.layer.base.weight.trainable());
    CHECK(!frozen.layer.base.bias.trainable());
    CHECK(frozen.layer.a.weight.trainable());
    CHECK(frozen.layer.b.weight.trainable());
    seed_random(52);
    const matrix x = normal_matrix(7, 6), dy = normal_matrix(7, 5);
    lora_cache<T> c1, c2;
    forward_of(s.layer, x, c1);
    forward_of(frozen.layer, x, c2);
    const matrix dx1 = backward_of(s.layer, c1, x, dy);
    const matrix dx2 = backward_of(frozen.layer, c2, x, dy);
    CHECK(grads_all(frozen.layer.base.weight, 0.0));
    CHECK(grads_all(frozen.layer.base.bias, 0.0));
    CHECK(!grads_all(s.layer.base.weight, 0.0));
    CHECK(bool(grads_matrix(frozen.layer.a.weight) == grads_matrix(s.layer.a.weight)));
    CHECK(bool(grads_matrix(frozen.layer.b.weight) == grads_matrix(s.layer.b.weight)));
    CHECK(bool(dx1 == dx2));  // dx still flows through the frozen W₀
}

TEST_CASE("mark_only_lora_trainable freezes everything but the factors and counts them", "[peft][01_lora]") {
    parameter_store<float> store;
    const auto fc1 = llmlings::nn::make_dense(store, "fc1", 16, 48);
    const auto fc2 = llmlings::nn::make_dense(store, "fc2", 48, 16);
    CHECK_THROWS_AS(mark_only_lora_trainable(store), llmlings::invalid_argument);  // no LoRA yet
    CHECK(store.trainable_numel() == store.numel());                               // and nothing was frozen
    make_lora(store, "fc1", fc1, 4, 8.0);
    make_lora(store, "fc2", fc2, 2, 8.0);
    const std::size_t all = store.numel();
    CHECK(mark_only_lora_trainable(store) == 4 * (16 + 48) + 2 * (48 + 16));
    CHECK(store.trainable_numel() == 384);
    CHECK(all == 16 * 48 + 48 + 48 * 16 + 16 + 384);
    for (const auto& p : store) {
        const bool lora = p.name().find("lora") != std::string::npos;
        CHECK(p.trainable() == lora);
    }
    // a second call changes nothing
    CHECK(mark_only_lora_trainable(store) == 384);
}

TEMPLATE_TEST_CASE("merge folds the update into W once and unmerge takes it out", "[peft][01_lora]", float, double) {
    using T = TestType;
    lora_setup<T> s(8, 6, 3, 4.0, 61);
    seed_random(62);
    const matrix x = normal_matrix(5, 8);
    lora_cache<T> cache;
    const matrix before = forward_of(s.layer, x, cache);
    const matrix w0 = values_matrix(s.layer.base.weight);
    const tolerance tol = std::is_same<T, float>::value ? tolerance{1e-5, 1e-5} : tolerance{1e-12, 1e-12};
    CHECK(merge_lora(s.layer));
    CHECK(s.layer.merged);
    CHECK_CLOSE_AT(
        values_matrix(s.layer.base.weight),
        [&] {
            lora_tensors t = s.held();
            t.w0 = w0;
            return merged_weight(t);
        }(),
        tol);
    const matrix merged_y = forward_of(s.layer, x, cache);
    CHECK_CLOSE_AT(merged_y, before, tol);
    const matrix w_merged = values_matrix(s.layer.base.weight);
    CHECK(!merge_lora(s.layer));  // twice: nothing happens
    CHECK(bool(values_matrix(s.layer.base.weight) == w_merged));
    // a merged layer is not trained
    const matrix_of<T> xt_ = to_type<T>(x), dyt = filled<T>(5, 6, 1.0);
    matrix_of<T> dx = filled<T>(5, 8, 0.0);
    CHECK_THROWS_AS(lora_backward(s.layer, cache, input_rows(xt_), input_rows(dyt), output_rows(dx)),
                    llmlings::invalid_argument);
    CHECK(unmerge_lora(s.layer));
    CHECK(!s.layer.merged);
    CHECK_CLOSE_AT(values_matrix(s.layer.base.weight), w0, tol);
    CHECK(!unmerge_lora(s.layer));  // twice: nothing happens
    CHECK_CLOSE_AT(values_matrix(s.layer.base.weight), w0, tol);
    CHECK_CLOSE_AT(forward_of(s.layer, x, cache), before, tol);
}

TEST_CASE("the update B times A has rank at most r", "[peft][01_lora]") {
    // W₀ = 0 and b = 0: merging leaves ΔW = s·B·A itself in W.
    lora_setup<double> s(10, 8, 3, 3.0, 71);
    set_values(s.layer.base.weight, zero_matrix(8, 10));
    CHECK(merge_lora(s.layer));
    const vector sv = singular_values(values_matrix(s.layer.base.weight));
    CHECK(sv(2) > 1e-3 * sv(0));                                               // rank 3: three clear singular values…
    for (std::size_t k = 3; k < sv.size(); ++k) CHECK(sv(k) < 1e-12 * sv(0));  // …and no more
}

TEST_CASE("gradient descent on A and B alone learns a rank-2 change of a frozen layer", "[peft][01_lora]") {
    // Target: W* = W₀ + Δ with Δ of rank 2. LoRA with r = 2 starts at W₀ (B = 0) and must reach
    // W* by moving A and B only; W₀ and b do not change.
    lora_setup<double> s(8, 6, 2, 2.0, 81);
    llmlings::rng gen(82);
    init_lora(s.layer, gen);
    mark_only_lora_trainable(s.store);
    lora_tensors target = s.held();
    seed_random(83);
    target.a = normal_matrix(2, 8, 0.5);
    target.b = normal_matrix(6, 2, 0.5);
    const matrix x = normal_matrix(64, 8);
    const matrix wanted = lora_output(target, x);
    const matrix w0 = values_matrix(s.layer.base.weight);
    lora_cache<double> cache;
    double first = 0.0, last = 0.0;
    for (int step = 0; step < 400; ++step) {
        s.store.zero_grad();
        matrix dy = forward_of(s.layer, x, cache);  // then (y − wanted)/64, the loss's gradient
        double loss = 0.0;
        for (std::size_t k = 0; k < dy.size(); ++k) {
            const double d = dy.data()[k] - wanted.data()[k];
            loss += 0.5 * d * d / 64.0;
            dy.data()[k] = d / 64.0;
        }
        if (step == 0) first = loss;
        last = loss;
        backward_of(s.layer, cache, x, dy);
        for (const auto& p : s.store) {
            if (!p.trainable()) continue;
            for (std::size_t k = 0; k < p.size(); ++k) p.data()[k] -= 0.1 * p.grad_data()[k];
        }
    }
    CAPTURE(first, last);
    CHECK(first > 0.1);
    CHECK(last < 1e-6 * first);
    CHECK(bool(values_matrix(s.layer.base.weight) == w0));
}
