// SPDX-License-Identifier: MIT
// Tests for nn/10_rnn. Oracles: hand-worked one-unit cells (tanh of a few products, written out in
// the test), golden values from torch.nn.RNNCell with fixed weights (tools/golden/nn_recurrent.py),
// central-difference gradient checks of every tensor of the store and of dx, dh0
// (check_store_gradients, gradient_check), the float pass against the double pass, T steps of the
// one-step functions against the sequence functions, the accumulation identity, PyTorch's
// initialisation range, and the allocation counter (a second pass of the same shapes allocates
// nothing). The oracles, the golden file's arrays, the gradient checks and the random data are in
// oracles/10_rnn.cpp, compiled once.
#include <llmlings/testing.hpp>
#include <llmlings/testing/allocations.hpp>  // replaces operator new: in this one file of the program

#include <llmlings/nn/10_rnn.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

#include "oracles/10_rnn.hpp"

using llmlings::as_rows;
using llmlings::matrix;
using llmlings::matrix_of;
using llmlings::parameter_store;
using llmlings::tensor3;
using llmlings::tensor3_of;
using llmlings::vector;
using llmlings::view_of;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::nn;
using namespace oracles;

namespace {

// A few tanh and products of small numbers in double: agreement to a few ulps.
const tolerance tight{1e-13, 1e-14};
// Bit for bit: the same values copied or the same code run twice.
const tolerance identical{0.0, 0.0};

// A cell "rnn" in its own store with seeded N(0, 0.5²) parameters (xtensor's generator,
// independent of the code under test), drawn in double and rounded to T.
template <class T = double>
struct random_rnn {
    parameter_store<T> store;
    rnn_cell<T> cell;
    rnn_cache<T> cache;
    random_rnn(std::size_t in, std::size_t hidden, unsigned seed) : cell(make_rnn_cell(store, "rnn", in, hidden)) {
        seed_random(seed);
        set_values(cell.ih.weight, normal_matrix(hidden, in, 0.5));
        set_values(cell.hh.weight, normal_matrix(hidden, hidden, 0.5));
        set_values(cell.ih.bias, normal_vector(hidden, 0.5));
        set_values(cell.hh.bias, normal_vector(hidden, 0.5));
    }
};

// A (B,T,F) view of an owning tensor, read-only or writable.
template <class T>
llmlings::tensor_view<const T, 3> view3(const tensor3_of<T>& t) {
    return view_of<3>(t.data(), t.size(), {t.shape()[0], t.shape()[1], t.shape()[2]});
}
template <class T>
llmlings::tensor_view<T, 3> view3(tensor3_of<T>& t) {
    return view_of<3>(t.data(), t.size(), {t.shape()[0], t.shape()[1], t.shape()[2]});
}

}  // namespace

TEST_CASE("make_rnn_cell registers ih and hh in the store with PyTorch's shapes", "[nn][10_rnn]") {
    parameter_store<float> store;
    const rnn_cell<float> cell = make_rnn_cell(store, "rnn", 4, 3);
    CHECK(store.count() == 4);
    CHECK(store.numel() == 3 * 4 + 3 + 3 * 3 + 3);
    CHECK(cell.ih.weight.name() == "rnn.ih.weight");
    CHECK(cell.ih.weight.shape() == std::vector<std::size_t>{3, 4});  // weight_ih (H,I)
    CHECK(cell.hh.weight.name() == "rnn.hh.weight");
    CHECK(cell.hh.weight.shape() == std::vector<std::size_t>{3, 3});
    CHECK(store.contains("rnn.ih.bias"));
    CHECK(store.contains("rnn.hh.bias"));
    CHECK(cell.input_size == 4);
    CHECK(cell.hidden_size == 3);
    CHECK_THROWS_AS(make_rnn_cell(store, "rnn", 4, 3), llmlings::invalid_argument);  // the names are taken
}

TEST_CASE("one forward step of a one-unit cell is tanh of the weighted input and state", "[nn][10_rnn]") {
    parameter_store<double> store;
    rnn_cell<double> cell = make_rnn_cell(store, "rnn", 1, 1);
    set_values(cell.ih.weight, matrix{{1.0}});
    set_values(cell.hh.weight, matrix{{0.5}});
    set_values(cell.ih.bias, vector{0.25});
    set_values(cell.hh.bias, vector{-0.5});
    const matrix x{{1.0}, {-2.0}};
    const matrix h{{2.0}, {0.0}};
    matrix h_next({2, 1});
    rnn_cache<double> cache;
    rnn_cell_forward(cell, as_rows(x), as_rows(h), as_rows(h_next), cache);
    // Row 1: 1 + 0.25 + 0.5·2 − 0.5 = 1.75. Row 2: −2 + 0.25 + 0 − 0.5 = −2.25.
    LLMLINGS_CHECK_CLOSE(h_next, (matrix{{std::tanh(1.75)}, {std::tanh(-2.25)}}), tight);
}

TEST_CASE("one backward step multiplies by one minus h squared then by the weights", "[nn][10_rnn]") {
    parameter_store<double> store;
    rnn_cell<double> cell = make_rnn_cell(store, "rnn", 2, 1);
    set_values(cell.ih.weight, matrix{{1.0, -1.0}});
    set_values(cell.hh.weight, matrix{{0.5}});
    const matrix x{{0.5, 0.25}};
    const matrix h{{1.0}};
    matrix h_next({1, 1});
    rnn_cache<double> cache;
    rnn_cell_forward(cell, as_rows(x), as_rows(h), as_rows(h_next), cache);  // tanh(0.25 + 0.5) = tanh(0.75)
    const double t = std::tanh(0.75), da = 2.0 * (1.0 - t * t);
    const matrix dh_next{{2.0}};
    matrix dx({1, 2}), dh({1, 1});
    rnn_cell_backward(cell, cache, as_rows(x), as_rows(std::as_const(h_next)), as_rows(dh_next), as_rows(dx),
                      as_rows(dh));
    LLMLINGS_CHECK_CLOSE(dx, (matrix{{da, -da}}), tight);
    LLMLINGS_CHECK_CLOSE(dh, (matrix{{0.5 * da}}), tight);
    LLMLINGS_CHECK_CLOSE(grads_of(cell.ih.weight), (vector{0.5 * da, 0.25 * da}), tight);
    LLMLINGS_CHECK_CLOSE(grads_of(cell.hh.weight), (vector{da}), tight);  // da · h
    LLMLINGS_CHECK_CLOSE(grads_of(cell.ih.bias), (vector{da}), tight);
    LLMLINGS_CHECK_CLOSE(grads_of(cell.hh.bias), (vector{da}), tight);
}

TEST_CASE("the sequence forward feeds each hidden state into the next step", "[nn][10_rnn]") {
    parameter_store<double> store;
    rnn_cell<double> cell = make_rnn_cell(store, "rnn", 1, 1);
    set_values(cell.ih.weight, matrix{{0.8}});
    set_values(cell.hh.weight, matrix{{-0.6}});
    set_values(cell.ih.bias, vector{0.1});
    tensor3 x({1, 3, 1});
    x(0, 0, 0) = 1.0;
    x(0, 1, 0) = -0.5;
    x(0, 2, 0) = 2.0;
    const matrix h0{{0.3}};
    const double h1 = std::tanh(0.8 * 1.0 + 0.1 - 0.6 * 0.3);
    const double h2 = std::tanh(0.8 * -0.5 + 0.1 - 0.6 * h1);
    const double h3 = std::tanh(0.8 * 2.0 + 0.1 - 0.6 * h2);
    rnn_cache<double> cache;
    const tensor3 hs = rnn_forward(cell, x, h0, cache);
    REQUIRE(hs.shape()[0] == 1);
    REQUIRE(hs.shape()[1] == 3);
    REQUIRE(hs.shape()[2] == 1);
    CHECK(std::fabs(hs(0, 0, 0) - h1) < 1e-15);
    CHECK(std::fabs(hs(0, 1, 0) - h2) < 1e-15);
    CHECK(std::fabs(hs(0, 2, 0) - h3) < 1e-15);
}

TEST_CASE("forward and BPTT match torch nn RNNCell on the golden file", "[nn][10_rnn]") {
    const recurrent_golden g = load_recurrent_golden("nn/10_rnn.txt");
    parameter_store<double> store;
    rnn_cell<double> cell = make_rnn_cell(store, "rnn", 4, 3);
    set_values(cell.ih.weight, g.w_ih);
    set_values(cell.hh.weight, g.w_hh);
    set_values(cell.ih.bias, g.b_ih);
    set_values(cell.hh.bias, g.b_hh);
    const tensor3& x = g.x;
    const matrix& h0 = g.h0;
    // Three steps of sums of 4-7 products and a tanh, in another order than PyTorch: a few ulps
    // per step, amplified by at most |W| ~ 3 per step; 1e-12 relative leaves a wide margin.
    const tolerance close{1e-12, 1e-13};
    rnn_cache<double> cache;
    const tensor3 hs = rnn_forward(cell, x, h0, cache);
    LLMLINGS_CHECK_CLOSE(hs, g.h, close);
    const rnn_grads<double> grads = rnn_backward(cell, cache, x, hs, g.dy);
    LLMLINGS_CHECK_CLOSE(grads.dx, g.dx, close);
    LLMLINGS_CHECK_CLOSE(grads.dh0, g.dh0, close);
    LLMLINGS_CHECK_CLOSE(grads_of(cell.ih.weight), g.dw_ih, close);
    LLMLINGS_CHECK_CLOSE(grads_of(cell.hh.weight), g.dw_hh, close);
    LLMLINGS_CHECK_CLOSE(grads_of(cell.ih.bias), g.db_ih, close);
    LLMLINGS_CHECK_CLOSE(grads_of(cell.hh.bias), g.db_hh, close);
}

TEST_CASE("every BPTT gradient agrees with central differences", "[nn][10_rnn]") {
    const std::size_t batch = 2, steps = 4, in = 3, hidden = 3;
    random_rnn<> r(in, hidden, 11);
    seed_random(12);
    const tensor3 x = normal_tensor3(batch, steps, in);
    const matrix h0 = normal_matrix(batch, hidden, 0.5);
    const tensor3 c = normal_tensor3(batch, steps, hidden);
    const tensor3 hs = rnn_forward(r.cell, x, h0, r.cache);
    const rnn_grads<double> grads = rnn_backward(r.cell, r.cache, x, hs, plus(c, hs));
    rnn_cache<double> probe;  // the checks' forwards must not overwrite r.cache
    auto loss = [&](const tensor3& xs, const matrix& h) {
        return quadratic_loss(rnn_forward(r.cell, xs, h, probe), c);
    };
    // A smooth loss in double: a correct gradient gives relative errors near 1e-9 (CS231n: ≤ 1e-7).
    LLMLINGS_CHECK_GRADIENT(tensor3_gradient_check([&](const tensor3& p) { return loss(p, h0); }, x, grads.dx), 1e-7);
    LLMLINGS_CHECK_GRADIENT(matrix_gradient_check([&](const matrix& p) { return loss(x, p); }, h0, grads.dh0), 1e-7);
    LLMLINGS_CHECK_STORE_GRADIENTS(store_gradient_check(r.store, [&] { return loss(x, h0); }), 1e-7);
}

TEMPLATE_TEST_CASE("the float RNN computes what the double RNN computes to float precision", "[nn][10_rnn]", float,
                   double) {
    // Same weights (the float ones are the double ones rounded), same inputs, B = 8, T = 12,
    // I = 5, H = 16. Float: each pre-activation is a sum of ~20 products of O(1) numbers rounded to
    // 2⁻²⁴ (~3e-7 for the sum), and tanh keeps the states' errors at that size: measured ≤ 1e-6 on
    // h, so 1e-5. Going back, the gradients grow through ‖W_hh‖ ≈ 2 to |dx| ≈ 16, and where tanh
    // saturates 1 − h² cancels (h = 0.999999 has 1 digit of 1 − h² left in float): measured ≤ 6e-5
    // absolute, so 1e-5 relative + 1e-4 absolute; the store's gradients (sums over B·T = 96 rows,
    // up to 26): measured ≤ 1.1e-4, so 1e-5 relative + 3e-4 absolute. A wrong term is off by O(1).
    // Double: the same sums in another order agree to ~1e-14.
    const bool is_float = std::is_same<TestType, float>::value;
    const tolerance states{0, is_float ? 1e-5 : 1e-12};
    const tolerance grads{is_float ? 1e-5 : 1e-12, is_float ? 1e-4 : 1e-12};
    const tolerance sums{is_float ? 1e-5 : 1e-12, is_float ? 3e-4 : 1e-11};
    const std::size_t batch = 8, steps = 12, in = 5, hidden = 16;
    random_rnn<double> reference(in, hidden, 21);
    random_rnn<TestType> r(in, hidden, 21);
    seed_random(22);
    const tensor3 x = normal_tensor3(batch, steps, in);
    const matrix h0 = normal_matrix(batch, hidden, 0.5);
    const tensor3 dh = normal_tensor3(batch, steps, hidden);
    const tensor3 h_ref = rnn_forward(reference.cell, x, h0, reference.cache);
    const rnn_grads<double> g_ref = rnn_backward(reference.cell, reference.cache, x, h_ref, dh);
    const tensor3_of<TestType> xt_ = rounded<TestType>(x), dht = rounded<TestType>(dh);
    const tensor3_of<TestType> h = rnn_forward(r.cell, xt_, rounded<TestType>(h0), r.cache);
    const rnn_grads<TestType> g = rnn_backward(r.cell, r.cache, xt_, h, dht);
    LLMLINGS_CHECK_CLOSE(h, h_ref, states);
    LLMLINGS_CHECK_CLOSE(g.dx, g_ref.dx, grads);
    LLMLINGS_CHECK_CLOSE(g.dh0, g_ref.dh0, grads);
    LLMLINGS_CHECK_CLOSE(grads_of(r.cell.ih.weight), grads_of(reference.cell.ih.weight), sums);
    LLMLINGS_CHECK_CLOSE(grads_of(r.cell.hh.weight), grads_of(reference.cell.hh.weight), sums);
    LLMLINGS_CHECK_CLOSE(grads_of(r.cell.ih.bias), grads_of(reference.cell.ih.bias), sums);
    LLMLINGS_CHECK_CLOSE(grads_of(r.cell.hh.bias), grads_of(reference.cell.hh.bias), sums);
}

TEST_CASE("T one-step passes chained by hand give the sequence passes", "[nn][10_rnn]") {
    // The sequence functions hoist x W_ihᵀ out of the loop and sum the weight gradients after it;
    // stepping by hand with the one-step functions must give the same numbers (to BLAS's order).
    const std::size_t batch = 3, steps = 4, in = 2, hidden = 5;
    random_rnn<> seq(in, hidden, 31), step(in, hidden, 31);
    seed_random(32);
    const tensor3 x = normal_tensor3(batch, steps, in);
    const matrix h0 = normal_matrix(batch, hidden);
    const tensor3 dh = normal_tensor3(batch, steps, hidden);
    const tensor3 h_seq = rnn_forward(seq.cell, x, h0, seq.cache);
    const rnn_grads<double> g_seq = rnn_backward(seq.cell, seq.cache, x, h_seq, dh);

    std::vector<rnn_cache<double>> caches(steps);
    std::vector<matrix> xs(steps), hs(steps + 1);
    hs[0] = h0;
    for (std::size_t t = 0; t < steps; ++t) {
        xs[t] = step_of(x, t);
        hs[t + 1] = matrix({batch, hidden});
        rnn_cell_forward(step.cell, as_rows(std::as_const(xs[t])), as_rows(std::as_const(hs[t])), as_rows(hs[t + 1]),
                         caches[t]);
        LLMLINGS_CHECK_CLOSE(hs[t + 1], step_of(h_seq, t), tight);
    }
    matrix carried = filled<double>(batch, hidden, 0.0);
    for (std::size_t t = steps; t-- > 0;) {
        const matrix dh_t = plus(step_of(dh, t), carried);
        matrix dx_t({batch, in});
        rnn_cell_backward(step.cell, caches[t], as_rows(std::as_const(xs[t])), as_rows(std::as_const(hs[t + 1])),
                          as_rows(dh_t), as_rows(dx_t), as_rows(carried));
        LLMLINGS_CHECK_CLOSE(dx_t, step_of(g_seq.dx, t), tight);
    }
    LLMLINGS_CHECK_CLOSE(carried, g_seq.dh0, tight);
    for (std::size_t k = 0; k < seq.store.count(); ++k) {
        INFO(seq.store.info(k).name);
        LLMLINGS_CHECK_CLOSE(grads_of(step.store.at(k)), grads_of(seq.store.at(k)), tight);
    }
}

TEST_CASE("a backward without dx accumulates the same parameter gradients and dh0", "[nn][10_rnn]") {
    // empty_view() skips dx = da W_ih (the first layer of a model does not need it); the
    // parameter gradients then come from dW_ih += daᵀ x by hand and must be the same.
    random_rnn<> with(3, 4, 45), without(3, 4, 45);
    seed_random(46);
    const tensor3 x = normal_tensor3(2, 5, 3);
    const matrix h0 = normal_matrix(2, 4);
    const tensor3 dh = normal_tensor3(2, 5, 4);
    const tensor3 h = rnn_forward(with.cell, x, h0, with.cache);
    const rnn_grads<double> g = rnn_backward(with.cell, with.cache, x, h, dh);
    rnn_forward(without.cell, x, h0, without.cache);
    matrix dh0({2, 4});
    rnn_backward(without.cell, without.cache, view3(x), view3(h), view3(dh), llmlings::empty_view<double, 3>(),
                 as_rows(dh0));
    LLMLINGS_CHECK_CLOSE(dh0, g.dh0, tight);
    for (std::size_t k = 0; k < with.store.count(); ++k) {
        INFO(with.store.info(k).name);
        LLMLINGS_CHECK_CLOSE(grads_of(without.store.at(k)), grads_of(with.store.at(k)), tight);
    }
}

TEST_CASE("BPTT accumulates parameter gradients and the store's zero_grad clears them", "[nn][10_rnn]") {
    random_rnn<> r(2, 3, 41);
    seed_random(42);
    const tensor3 x = normal_tensor3(2, 3, 2);
    const matrix h0 = filled<double>(2, 3, 0.0);
    const tensor3 dhs = normal_tensor3(2, 3, 3);
    const tensor3 hs = rnn_forward(r.cell, x, h0, r.cache);
    const rnn_grads<double> first = rnn_backward(r.cell, r.cache, x, hs, dhs);
    const vector dw = grads_of(r.cell.hh.weight);
    const vector db = grads_of(r.cell.ih.bias);
    const rnn_grads<double> second = rnn_backward(r.cell, r.cache, x, hs, dhs);
    // Two calls add the same gradient twice (x2 is exact in binary); dx is written, not summed.
    LLMLINGS_CHECK_CLOSE(grads_of(r.cell.hh.weight), scaled(dw, 2.0), tight);
    LLMLINGS_CHECK_CLOSE(grads_of(r.cell.ih.bias), scaled(db, 2.0), tight);
    LLMLINGS_CHECK_CLOSE(second.dx, first.dx, tight);
    CHECK(max_abs(dw) > 0.0);
    r.store.zero_grad();
    CHECK(max_abs(grads_of(r.cell.ih.weight)) == 0.0);
    CHECK(max_abs(grads_of(r.cell.hh.weight)) == 0.0);
    CHECK(max_abs(grads_of(r.cell.ih.bias)) == 0.0);
    CHECK(max_abs(grads_of(r.cell.hh.bias)) == 0.0);
}

TEST_CASE("the gradient reaching h0 shrinks with distance when the recurrent weights are small", "[nn][10_rnn]") {
    // Vanishing gradients: with ‖W_hh‖ < 1 and |tanh'| ≤ 1 each step back multiplies the gradient
    // by a factor below 1, so a loss on the last step only reaches h0 weakened geometrically.
    random_rnn<> r(2, 3, 51);
    scale_values(r.cell.hh.weight, 0.3);
    auto h0_gradient_norm = [&](std::size_t steps) {
        seed_random(52);
        const std::size_t one = 1, in = 2, hidden = 3;
        const tensor3 x = normal_tensor3(one, steps, in);
        const matrix h0 = filled<double>(one, hidden, 0.0);
        tensor3 dhs = filled<double>(one, steps, hidden, 0.0);
        for (std::size_t k = 0; k < 3; ++k) dhs(0, steps - 1, k) = 1.0;
        const tensor3 hs = rnn_forward(r.cell, x, h0, r.cache);
        const rnn_grads<double> g = rnn_backward(r.cell, r.cache, x, hs, dhs);
        return norm(g.dh0);
    };
    const double near = h0_gradient_norm(2), far = h0_gradient_norm(12);
    CHECK(near > 1e-3);
    CHECK(far < 1e-3 * near);
}

TEST_CASE("the default initialisation draws from plus or minus one over root H", "[nn][10_rnn]") {
    parameter_store<float> store;
    rnn_cell<float> cell = make_rnn_cell(store, "rnn", 30, 16);
    llmlings::rng gen(7);
    init_rnn_uniform(cell, gen);
    const float bound = 0.25f;  // 1/√16
    for (std::size_t k = 0; k < store.count(); ++k) {
        const llmlings::parameter<float> p = store.at(k);
        INFO(p.name());
        const float* v = p.data();
        CHECK(std::all_of(v, v + p.size(), [&](float w) { return std::fabs(w) <= bound; }));
        CHECK(std::any_of(v, v + p.size(), [](float w) { return w != 0.0f; }));
    }
    // 480 draws of W_ih use the whole range.
    CHECK(max_abs(values_of(cell.ih.weight)) > 0.9f * bound);
    parameter_store<float> again_store;
    rnn_cell<float> again = make_rnn_cell(again_store, "rnn", 30, 16);
    llmlings::rng same(7);
    init_rnn_uniform(again, same);
    LLMLINGS_CHECK_CLOSE(values_of(again.hh.weight), values_of(cell.hh.weight), identical);
}

TEST_CASE("NaN in an input propagates and the vectorised tanh agrees with the C library", "[nn][10_rnn]") {
    // Arithmetic on data propagates NaN (docs/authoring.md): a NaN at x(0,1,·) spoils sequence 0
    // from step 1 on, and nothing of sequence 1.
    random_rnn<float> r(2, 3, 71);
    tensor3_of<float> x = filled<float>(2, 3, 2, 1.0);
    x(0, 1, 0) = std::numeric_limits<float>::quiet_NaN();
    const tensor3_of<float> h = rnn_forward(r.cell, x, filled<float>(2, 3, 0.0), r.cache);
    for (std::size_t k = 0; k < 3; ++k) {
        CHECK(std::isfinite(h(0, 0, k)));
        CHECK(std::isnan(h(0, 1, k)));
        CHECK(std::isnan(h(0, 2, k)));
        for (std::size_t t = 0; t < 3; ++t) CHECK(std::isfinite(h(1, t, k)));
    }
    // The pass's tanh (detail::simd::tanh, written so that loops over it vectorise) against
    // std::tanh: within 4 units in the last place of float and of double, near 0 too, with
    // tanh(±∞) = ±1 and NaN kept.
    using detail::simd::tanh;
    // In units of epsilon, relative; the loop over ±20 (and ×1e-3, ×1e-9) is in the oracles.
    const double worst_float = worst_tanh_error_float([](float v) { return tanh(v); });
    const double worst_double = worst_tanh_error_double([](double v) { return tanh(v); });
    CHECK(worst_float <= 4.0);
    CHECK(worst_double <= 4.0);
    CHECK(tanh(std::numeric_limits<double>::infinity()) == 1.0);
    CHECK(tanh(-std::numeric_limits<float>::infinity()) == -1.0f);
    CHECK(std::isnan(tanh(std::numeric_limits<double>::quiet_NaN())));
}

TEST_CASE("a second forward and backward of the same shapes allocates nothing", "[nn][10_rnn]") {
    // The buffers are the caller's (views) and the cache's (sized once): the hot loop of training.
    random_rnn<float> r(5, 8, 61);
    seed_random(62);
    const tensor3_of<float> x = rounded<float>(normal_tensor3(4, 6, 5));
    const tensor3_of<float> dh = rounded<float>(normal_tensor3(4, 6, 8));
    const matrix_of<float> h0 = filled<float>(4, 8, 0.0);
    tensor3_of<float> h({4, 6, 8}), dx({4, 6, 5});
    matrix_of<float> dh0({4, 8});
    auto pass = [&] {
        rnn_forward(r.cell, view3(x), as_rows(h0), view3(h), r.cache);
        rnn_backward(r.cell, r.cache, view3(x), view3(std::as_const(h)), view3(dh), view3(dx), as_rows(dh0));
    };
    pass();  // sizes the cache
    const std::size_t before = llmlings::testing::allocation_count();
    pass();
    CHECK(llmlings::testing::allocation_count() == before);
    CHECK(max_abs(dx) > 0.0);
}

TEST_CASE("RNN functions reject shapes that do not fit", "[nn][10_rnn]") {
    parameter_store<double> store;
    rnn_cell<double> cell = make_rnn_cell(store, "rnn", 3, 2);
    rnn_cache<double> cache;
    const matrix x43({4, 3}), x42({4, 2}), h42({4, 2}), h52({5, 2}), h43({4, 3});
    matrix out42({4, 2}), out43({4, 3});
    CHECK_THROWS_AS(rnn_cell_forward(cell, as_rows(x42), as_rows(h42), as_rows(out42), cache), llmlings::shape_error);
    CHECK_THROWS_AS(rnn_cell_forward(cell, as_rows(x43), as_rows(h52), as_rows(out42), cache), llmlings::shape_error);
    CHECK_THROWS_WITH(rnn_cell_forward(cell, as_rows(x43), as_rows(h43), as_rows(out42), cache),
                      contains("rnn_cell_forward") && contains("(4,2)"));
    CHECK_THROWS_AS(rnn_cell_forward(cell, as_rows(x43), as_rows(h42), as_rows(out43), cache), llmlings::shape_error);
    CHECK_THROWS_AS(rnn_forward(cell, tensor3({4, 5, 2}), matrix({4, 2}), cache), llmlings::shape_error);
    CHECK_THROWS_AS(rnn_forward(cell, tensor3({4, 5, 3}), matrix({3, 2}), cache), llmlings::shape_error);
    const tensor3 x = filled<double>(4, 5, 3, 0.0);
    const tensor3 h = rnn_forward(cell, x, filled<double>(4, 2, 0.0), cache);
    CHECK_THROWS_AS(rnn_backward(cell, cache, x, h, tensor3({4, 4, 2})), llmlings::shape_error);
    CHECK_THROWS_AS(rnn_backward(cell, cache, x, tensor3({4, 5, 3}), tensor3({4, 5, 2})), llmlings::shape_error);
    // a cache from a forward of other shapes
    CHECK_THROWS_WITH(rnn_backward(cell, cache, filled<double>(4, 6, 3, 0.0), tensor3({4, 6, 2}), tensor3({4, 6, 2})),
                      contains("rnn_backward") && contains("cache"));
    CHECK_THROWS_AS(make_rnn_cell(store, "a", 0, 2), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_rnn_cell(store, "b", 2, 0), llmlings::invalid_argument);
    rnn_cell<double> empty;  // never made
    llmlings::rng gen(1);
    CHECK_THROWS_AS(init_rnn_uniform(empty, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(rnn_forward(empty, x, matrix({4, 2}), cache), llmlings::invalid_argument);
}
