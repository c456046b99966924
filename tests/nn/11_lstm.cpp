// SPDX-License-Identifier: MIT
// Tests for nn/11_lstm. Oracles: a hand-worked one-unit cell whose gates are set by the biases to
// 3/4, 1/4, 1/2 and 1/2 (checks the gate order i, f, g, o) and its backward step written out by
// hand, golden values from torch.nn.LSTMCell with fixed weights (tools/golden/nn_recurrent.py),
// central-difference gradient checks of every tensor of the store and of dx, dh0, dc0, the float
// pass against the double pass, T one-step passes against the sequence passes, the
// constant-memory property of an open forget gate, accumulation, PyTorch's initialisation range,
// and the allocation counter (a second pass of the same shapes allocates nothing). The oracles,
// the golden file's arrays, the gradient checks and the random data are in oracles/11_lstm.cpp,
// compiled once.
#include <llmlings/testing.hpp>
#include <llmlings/testing/allocations.hpp>  // replaces operator new: in this one file of the program

#include <llmlings/nn/11_lstm.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>
#include <vector>

#include "oracles/11_lstm.hpp"

using llmlings::matrix;
using llmlings::matrix_of;
using llmlings::parameter_store;
using llmlings::tensor3;
using llmlings::tensor3_of;
using llmlings::vector;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::nn;
using namespace oracles;

namespace {

// A few exp, tanh and products of small numbers in double: agreement to a few ulps.
const tolerance tight{1e-13, 1e-14};

// A cell "lstm" in its own store with seeded N(0, 0.5²) parameters (xtensor's generator,
// independent of the code under test), drawn in double and rounded to T.
template <class T = double>
struct random_lstm {
    parameter_store<T> store;
    lstm_cell<T> cell;
    lstm_cache<T> cache;
    random_lstm(std::size_t in, std::size_t hidden, unsigned seed) : cell(make_lstm_cell(store, "lstm", in, hidden)) {
        seed_random(seed);
        set_values(cell.ih.weight, normal_matrix(4 * hidden, in, 0.5));
        set_values(cell.hh.weight, normal_matrix(4 * hidden, hidden, 0.5));
        set_values(cell.ih.bias, normal_vector(4 * hidden, 0.5));
        set_values(cell.hh.bias, normal_vector(4 * hidden, 0.5));
    }
};

// One unit whose biases fix the gates: σ(ln 3) = 3/4, σ(−ln 3) = 1/4, tanh(atanh ½) = ½, σ(0) = ½.
// W_ih and W_hh are non-zero but x = h = 0 in the tests, so they only matter for dx and dh.
lstm_cell<double> fixed_gate_cell(parameter_store<double>& store) {
    lstm_cell<double> cell = make_lstm_cell(store, "lstm", 1, 1);
    set_values(cell.ih.bias, vector_from({std::log(3.0), -std::log(3.0), std::atanh(0.5), 0.0}));
    set_values(cell.ih.weight, matrix_from({{1.0}, {2.0}, {3.0}, {4.0}}));
    set_values(cell.hh.weight, matrix_from({{-1.0}, {0.5}, {0.25}, {2.0}}));
    return cell;
}

}  // namespace

TEST_CASE("make_lstm_cell registers four gate blocks in ih and hh", "[nn][11_lstm]") {
    parameter_store<float> store;
    const lstm_cell<float> cell = make_lstm_cell(store, "lstm", 10, 16);
    CHECK(store.count() == 4);
    CHECK(cell.ih.weight.name() == "lstm.ih.weight");
    CHECK(cell.ih.weight.shape() == std::vector<std::size_t>{64, 10});  // weight_ih (4H,I)
    CHECK(cell.hh.weight.name() == "lstm.hh.weight");
    CHECK(cell.hh.weight.shape() == std::vector<std::size_t>{64, 16});  // weight_hh (4H,H)
    CHECK(store.find("lstm.ih.bias").shape() == std::vector<std::size_t>{64});
    CHECK(store.find("lstm.hh.bias").shape() == std::vector<std::size_t>{64});
    CHECK(store.numel() == 64 * 10 + 64 + 64 * 16 + 64);
    CHECK(cell.hidden_size == 16);
    CHECK_THROWS_AS(make_lstm_cell(store, "lstm", 10, 16), llmlings::invalid_argument);  // the names are taken
}

TEST_CASE("one LSTM step uses the gates in the order input forget cell output", "[nn][11_lstm]") {
    parameter_store<double> store;
    const lstm_cell<double> cell = fixed_gate_cell(store);
    const matrix zero = matrix_from({{0.0}}), c = matrix_from({{2.0}});
    matrix h_next({1, 1}), c_next({1, 1});
    lstm_cache<double> cache;
    lstm_cell_forward(cell, input_rows(zero), input_rows(zero), input_rows(c), output_rows(h_next), output_rows(c_next),
                      cache);
    // c' = f·c + i·g = ¼·2 + ¾·½ = 0.875, h' = o·tanh(c') = ½ tanh(0.875).
    CHECK_CLOSE_AT(row_of(cache.gates, 0, 0), (vector_from({0.75, 0.25, 0.5, 0.5})), tight);
    CHECK_CLOSE_AT(c_next, (matrix_from({{0.875}})), tight);
    CHECK_CLOSE_AT(h_next, (matrix_from({{0.5 * std::tanh(0.875)}})), tight);
}

TEST_CASE("one LSTM backward step follows the chain rule through both state paths", "[nn][11_lstm]") {
    parameter_store<double> store;
    const lstm_cell<double> cell = fixed_gate_cell(store);
    const matrix x = matrix_from({{0.0}}), h = matrix_from({{0.0}}), c = matrix_from({{2.0}});
    matrix h_next({1, 1}), c_next({1, 1}), dx({1, 1}), dh({1, 1}), dc({1, 1});
    lstm_cache<double> cache;
    lstm_cell_forward(cell, input_rows(x), input_rows(h), input_rows(c), output_rows(h_next), output_rows(c_next),
                      cache);
    const matrix dh_next = matrix_from({{1.0}}), dc_next = matrix_from({{0.5}});
    lstm_cell_backward(cell, cache, input_rows(x), input_rows(dh_next), input_rows(dc_next), output_rows(dx),
                       output_rows(dh), output_rows(dc));
    // Written out with i = ¾, f = ¼, g = ½, o = ½, τ = tanh(0.875):
    const double tau = std::tanh(0.875);
    const double dc_total = 0.5 + 1.0 * 0.5 * (1.0 - tau * tau);
    const double da_i = dc_total * 0.5 * 0.75 * 0.25, da_f = dc_total * 2.0 * 0.25 * 0.75;
    const double da_g = dc_total * 0.75 * (1.0 - 0.25), da_o = tau * 0.5 * 0.5;
    CHECK_CLOSE_AT(dc, (matrix_from({{dc_total * 0.25}})), tight);
    CHECK_CLOSE_AT(grads_of(cell.ih.bias), (vector_from({da_i, da_f, da_g, da_o})), tight);
    CHECK_CLOSE_AT(grads_of(cell.hh.bias), (vector_from({da_i, da_f, da_g, da_o})), tight);
    CHECK_CLOSE_AT(dx, (matrix_from({{da_i + 2.0 * da_f + 3.0 * da_g + 4.0 * da_o}})), tight);
    CHECK_CLOSE_AT(dh, (matrix_from({{-da_i + 0.5 * da_f + 0.25 * da_g + 2.0 * da_o}})), tight);
    CHECK_CLOSE_AT(grads_of(cell.ih.weight), (vector_from({0.0, 0.0, 0.0, 0.0})), tight);  // x = 0
    CHECK_CLOSE_AT(grads_of(cell.hh.weight), (vector_from({0.0, 0.0, 0.0, 0.0})), tight);  // h = 0
}

TEST_CASE("LSTM forward and BPTT match torch nn LSTMCell on the golden file", "[nn][11_lstm]") {
    const lstm_golden g = load_lstm_golden();
    parameter_store<double> store;
    lstm_cell<double> cell = make_lstm_cell(store, "lstm", 4, 3);
    set_values(cell.ih.weight, g.w_ih);
    set_values(cell.hh.weight, g.w_hh);
    set_values(cell.ih.bias, g.b_ih);
    set_values(cell.hh.bias, g.b_hh);
    const tensor3& x = g.x;
    const matrix &h0 = g.h0, &c0 = g.c0;
    // Three steps of sums of up to 9 products and a few exp/tanh, in another order than PyTorch:
    // a few ulps per step; 1e-12 relative leaves a wide margin.
    const tolerance close{1e-12, 1e-13};
    lstm_cache<double> cache;
    const tensor3 h = lstm_forward(cell, x, h0, c0, cache);
    CHECK_CLOSE_AT(h, g.h, close);
    CHECK_CLOSE_AT(cache.c, g.c, close);
    const lstm_grads<double> grads = lstm_backward(cell, cache, x, g.dy);
    CHECK_CLOSE_AT(grads.dx, g.dx, close);
    CHECK_CLOSE_AT(grads.dh0, g.dh0, close);
    CHECK_CLOSE_AT(grads.dc0, g.dc0, close);
    CHECK_CLOSE_AT(grads_of(cell.ih.weight), g.dw_ih, close);
    CHECK_CLOSE_AT(grads_of(cell.hh.weight), g.dw_hh, close);
    CHECK_CLOSE_AT(grads_of(cell.ih.bias), g.db_ih, close);
    CHECK_CLOSE_AT(grads_of(cell.hh.bias), g.db_hh, close);
}

TEST_CASE("every LSTM gradient agrees with central differences", "[nn][11_lstm]") {
    const std::size_t batch = 2, steps = 3, in = 3, hidden = 2;
    random_lstm<> r(in, hidden, 11);
    seed_random(12);
    const tensor3 x = normal_tensor3(batch, steps, in);
    const matrix h0 = normal_matrix(batch, hidden, 0.5);
    const matrix c0 = normal_matrix(batch, hidden);
    const tensor3 c = normal_tensor3(batch, steps, hidden);
    const tensor3 h = lstm_forward(r.cell, x, h0, c0, r.cache);
    const lstm_grads<double> grads = lstm_backward(r.cell, r.cache, x, plus(c, h));
    lstm_cache<double> probe;  // the checks' forwards must not overwrite r.cache
    auto loss = [&](const tensor3& xs, const matrix& h_0, const matrix& c_0) {
        return quadratic_loss(lstm_forward(r.cell, xs, h_0, c_0, probe), c);
    };
    // A smooth loss in double: a correct gradient gives relative errors near 1e-9 (CS231n: ≤ 1e-7).
    CHECK_GRADIENT_AT(tensor3_gradient_check([&](const tensor3& p) { return loss(p, h0, c0); }, x, grads.dx), 1e-7);
    CHECK_GRADIENT_AT(matrix_gradient_check([&](const matrix& p) { return loss(x, p, c0); }, h0, grads.dh0), 1e-7);
    CHECK_GRADIENT_AT(matrix_gradient_check([&](const matrix& p) { return loss(x, h0, p); }, c0, grads.dc0), 1e-7);
    CHECK_STORE_GRADIENTS_AT(store_gradient_check(r.store, [&] { return loss(x, h0, c0); }), 1e-7);
}

TEMPLATE_TEST_CASE("the float LSTM computes what the double LSTM computes to float precision", "[nn][11_lstm]", float,
                   double) {
    // Same weights (the float ones are the double ones rounded), same inputs, B = 8, T = 12,
    // I = 5, H = 16. Float: a pre-activation sums ~20 products of O(1) numbers rounded to 2⁻²⁴
    // (~3e-7 for the sum); the gates squash it (σ' ≤ ¼, tanh' ≤ 1) and c_t = f c_{t−1} + i g does
    // not let it grow (f < 1): measured ≤ 4e-7 on h and c, so 4e-6. The gradients (|dx| ≤ 3):
    // measured ≤ 6e-7, so 1e-5; the store's gradients, sums over B·T = 96 rows (up to 6):
    // measured ≤ 2.5e-6, so 2e-5. A wrong term is off by O(1). Double: another summation order only,
    // ~1e-14.
    const bool is_float = std::is_same<TestType, float>::value;
    const tolerance states{0, is_float ? 4e-6 : 1e-12};
    const tolerance grads{0, is_float ? 1e-5 : 1e-12};
    const tolerance sums{is_float ? 0 : 1e-12, is_float ? 2e-5 : 1e-11};
    const std::size_t batch = 8, steps = 12, in = 5, hidden = 16;
    random_lstm<double> reference(in, hidden, 21);
    random_lstm<TestType> r(in, hidden, 21);
    seed_random(22);
    const tensor3 x = normal_tensor3(batch, steps, in);
    const matrix h0 = normal_matrix(batch, hidden, 0.5);
    const matrix c0 = normal_matrix(batch, hidden);
    const tensor3 dh = normal_tensor3(batch, steps, hidden);
    const tensor3 h_ref = lstm_forward(reference.cell, x, h0, c0, reference.cache);
    const lstm_grads<double> g_ref = lstm_backward(reference.cell, reference.cache, x, dh);
    const tensor3_of<TestType> xt_ = rounded<TestType>(x), dht = rounded<TestType>(dh);
    const tensor3_of<TestType> h = lstm_forward(r.cell, xt_, rounded<TestType>(h0), rounded<TestType>(c0), r.cache);
    const lstm_grads<TestType> g = lstm_backward(r.cell, r.cache, xt_, dht);
    CHECK_CLOSE_AT(to_double(h), h_ref, states);
    CHECK_CLOSE_AT(to_double(r.cache.c), reference.cache.c, states);
    CHECK_CLOSE_AT(to_double(g.dx), g_ref.dx, grads);
    CHECK_CLOSE_AT(to_double(g.dh0), g_ref.dh0, grads);
    CHECK_CLOSE_AT(to_double(g.dc0), g_ref.dc0, grads);
    CHECK_CLOSE_AT(grads_of(r.cell.ih.weight), grads_of(reference.cell.ih.weight), sums);
    CHECK_CLOSE_AT(grads_of(r.cell.hh.weight), grads_of(reference.cell.hh.weight), sums);
    CHECK_CLOSE_AT(grads_of(r.cell.ih.bias), grads_of(reference.cell.ih.bias), sums);
    CHECK_CLOSE_AT(grads_of(r.cell.hh.bias), grads_of(reference.cell.hh.bias), sums);
}

TEST_CASE("T one-step LSTM passes chained by hand give the sequence passes", "[nn][11_lstm]") {
    // The sequence functions hoist x W_ihᵀ out of the loop and sum the weight gradients after it;
    // stepping by hand, carrying (h, c) forward and (dh, dc) back, must give the same numbers.
    const std::size_t batch = 3, steps = 4, in = 2, hidden = 5;
    random_lstm<> seq(in, hidden, 31), step(in, hidden, 31);
    seed_random(32);
    const tensor3 x = normal_tensor3(batch, steps, in);
    const matrix h0 = normal_matrix(batch, hidden), c0 = normal_matrix(batch, hidden);
    const tensor3 dh = normal_tensor3(batch, steps, hidden);
    const tensor3 h_seq = lstm_forward(seq.cell, x, h0, c0, seq.cache);
    const lstm_grads<double> g_seq = lstm_backward(seq.cell, seq.cache, x, dh);

    std::vector<lstm_cache<double>> caches(steps);
    std::vector<matrix> xs(steps), hs(steps + 1), cs(steps + 1);
    hs[0] = h0;
    cs[0] = c0;
    for (std::size_t t = 0; t < steps; ++t) {
        xs[t] = step_of(x, t);
        hs[t + 1] = matrix({batch, hidden});
        cs[t + 1] = matrix({batch, hidden});
        lstm_cell_forward(step.cell, input_rows(xs[t]), input_rows(hs[t]), input_rows(cs[t]), output_rows(hs[t + 1]),
                          output_rows(cs[t + 1]), caches[t]);
        CHECK_CLOSE_AT(hs[t + 1], step_of(h_seq, t), tight);
        CHECK_CLOSE_AT(cs[t + 1], step_of(seq.cache.c, t), tight);
    }
    matrix carried_h = filled<double>(batch, hidden, 0.0), carried_c = filled<double>(batch, hidden, 0.0);
    for (std::size_t t = steps; t-- > 0;) {
        const matrix dh_t = plus(step_of(dh, t), carried_h);
        const matrix dc_t = carried_c;
        matrix dx_t({batch, in});
        lstm_cell_backward(step.cell, caches[t], input_rows(xs[t]), input_rows(dh_t), input_rows(dc_t),
                           output_rows(dx_t), output_rows(carried_h), output_rows(carried_c));
        CHECK_CLOSE_AT(dx_t, step_of(g_seq.dx, t), tight);
    }
    CHECK_CLOSE_AT(carried_h, g_seq.dh0, tight);
    CHECK_CLOSE_AT(carried_c, g_seq.dc0, tight);
    for (std::size_t k = 0; k < seq.store.count(); ++k) {
        INFO(seq.store.info(k).name);
        CHECK_CLOSE_AT(grads_of(step.store.at(k)), grads_of(seq.store.at(k)), tight);
    }
}

TEST_CASE("an LSTM backward without dx accumulates the same parameter gradients", "[nn][11_lstm]") {
    // empty_view() skips dx = da W_ih (a model's first layer, fed with data, does not need
    // it); the parameter gradients, dh0 and dc0 must not change.
    random_lstm<> with(3, 4, 45), without(3, 4, 45);
    seed_random(46);
    const tensor3 x = normal_tensor3(2, 5, 3);
    const matrix h0 = normal_matrix(2, 4), c0 = normal_matrix(2, 4);
    const tensor3 dh = normal_tensor3(2, 5, 4);
    lstm_forward(with.cell, x, h0, c0, with.cache);
    const lstm_grads<double> g = lstm_backward(with.cell, with.cache, x, dh);
    lstm_forward(without.cell, x, h0, c0, without.cache);
    matrix dh0({2, 4}), dc0({2, 4});
    lstm_backward(without.cell, without.cache, input_view3(x), input_view3(dh), llmlings::empty_view<double, 3>(),
                  output_rows(dh0), output_rows(dc0));
    CHECK_CLOSE_AT(dh0, g.dh0, tight);
    CHECK_CLOSE_AT(dc0, g.dc0, tight);
    for (std::size_t k = 0; k < with.store.count(); ++k) {
        INFO(with.store.info(k).name);
        CHECK_CLOSE_AT(grads_of(without.store.at(k)), grads_of(with.store.at(k)), tight);
    }
}

TEST_CASE("an open forget gate and a closed input gate keep the memory and its gradient intact", "[nn][11_lstm]") {
    // Biases ±30 saturate the gates: f = σ(30) = 1 − 9.4e-14, i = σ(−30) ≈ 9.4e-14, so over 20
    // steps c changes by about 20 · 1e-13 relative and the gradient reaching c0 is the gradient of
    // the last step's loss, undiminished — the constant error carousel of Hochreiter & Schmidhuber.
    const std::size_t one = 1, hidden = 2, steps = 20;
    random_lstm<> r(1, hidden, 41);
    // Through raw pointers: each xtensor element accessor and view type the test file uses is
    // compiled on every save.
    for (const llmlings::parameter<double>& p : {r.cell.ih.weight, r.cell.hh.weight, r.cell.hh.bias})
        std::fill(p.data(), p.data() + p.size(), 0.0);
    double* const b_ih = r.cell.ih.bias.data();
    for (std::size_t k = 0; k < hidden; ++k) {
        b_ih[k] = -30.0;             // i closed
        b_ih[hidden + k] = 30.0;     // f open
        b_ih[3 * hidden + k] = 0.0;  // o = ½
    }
    const tensor3 x = filled<double>(one, steps, one, 1.0);
    const matrix h0 = filled<double>(one, hidden, 0.0);
    const double c0_values[] = {0.7, -1.2};
    const matrix c0 = matrix_from({{c0_values[0], c0_values[1]}});
    lstm_forward(r.cell, x, h0, c0, r.cache);
    tensor3 dhs = filled<double>(one, steps, hidden, 0.0);
    dhs.data()[(steps - 1) * hidden] = 1.0;      // dhs(0, T − 1, 0)
    dhs.data()[(steps - 1) * hidden + 1] = 1.0;  // dhs(0, T − 1, 1)
    const lstm_grads<double> g = lstm_backward(r.cell, r.cache, x, dhs);
    const tolerance carried{1e-11, 1e-12};  // 20 factors of 1 − 1e-13
    const vector c_last = row_of(r.cache.c, 0, steps - 1), dc0 = row(g.dc0, 0);
    for (std::size_t k = 0; k < hidden; ++k) {
        CHECK(std::fabs(element(c_last, k) - c0_values[k]) < 1e-11);
        const double t = std::tanh(c0_values[k]);
        CHECK_CLOSE_AT(element(dc0, k), 0.5 * (1.0 - t * t), carried);  // dh_T · o · tanh'(c)
    }
}

TEST_CASE("LSTM BPTT accumulates parameter gradients and the store's zero_grad clears them", "[nn][11_lstm]") {
    random_lstm<> r(2, 3, 51);
    seed_random(52);
    const tensor3 x = normal_tensor3(2, 3, 2);
    const matrix h0 = filled<double>(2, 3, 0.0), c0 = filled<double>(2, 3, 0.0);
    const tensor3 dhs = normal_tensor3(2, 3, 3);
    lstm_forward(r.cell, x, h0, c0, r.cache);
    const lstm_grads<double> first = lstm_backward(r.cell, r.cache, x, dhs);
    const vector dw = grads_of(r.cell.hh.weight);
    const vector db = grads_of(r.cell.ih.bias);
    const lstm_grads<double> second = lstm_backward(r.cell, r.cache, x, dhs);
    // Two calls add the same gradient twice (x2 is exact in binary); dx is written, not summed.
    CHECK_CLOSE_AT(grads_of(r.cell.hh.weight), scaled(dw, 2.0), tight);
    CHECK_CLOSE_AT(grads_of(r.cell.ih.bias), scaled(db, 2.0), tight);
    CHECK_CLOSE_AT(second.dx, first.dx, tight);
    CHECK(max_abs(dw) > 0.0);
    r.store.zero_grad();
    for (std::size_t k = 0; k < r.store.count(); ++k) CHECK(max_abs(grads_of(r.store.at(k))) == 0.0);
}

TEST_CASE("the LSTM default initialisation has four gate blocks within one over root H", "[nn][11_lstm]") {
    parameter_store<float> store;
    lstm_cell<float> cell = make_lstm_cell(store, "lstm", 10, 16);
    llmlings::rng gen(7);
    init_lstm_uniform(cell, gen);
    const float bound = 0.25f;  // 1/√16
    for (std::size_t k = 0; k < store.count(); ++k) {
        const llmlings::parameter<float> p = store.at(k);
        INFO(p.name());
        const float* v = p.data();
        CHECK(std::all_of(v, v + p.size(), [&](float w) { return std::fabs(w) <= bound; }));
        CHECK(std::any_of(v, v + p.size(), [](float w) { return w != 0.0f; }));
    }
    CHECK(max_abs(values_of(cell.hh.weight)) > 0.9f * bound);  // 1024 draws use the whole range
}

TEST_CASE("NaN in an LSTM input propagates and the vectorised sigmoid agrees with ml sigmoid", "[nn][11_lstm]") {
    // Arithmetic on data propagates NaN (docs/authoring.md): a NaN at x(1,2,·) spoils h and c of
    // sequence 1 from step 2 on, and nothing of sequence 0.
    random_lstm<float> r(2, 3, 71);
    tensor3_of<float> x = filled<float>(2, 4, 2, 1.0);
    x.data()[(1 * 4 + 2) * 2 + 1] = std::numeric_limits<float>::quiet_NaN();  // x(1, 2, 1)
    const matrix_of<float> zero = filled<float>(2, 3, 0.0);
    const tensor3_of<float> h = lstm_forward(r.cell, x, zero, zero, r.cache);
    for (std::size_t t = 0; t < 4; ++t) {
        // h[b, t, :] and c[1, t, :] widened to double (NaN stays NaN)
        const vector h0 = row_of(h, 0, t), h1 = row_of(h, 1, t), c1 = row_of(r.cache.c, 1, t);
        for (std::size_t k = 0; k < 3; ++k) {
            INFO("t = " << t << ", k = " << k);
            CHECK(std::isfinite(element(h0, k)));
            CHECK(std::isnan(element(h1, k)) == (t >= 2));
            CHECK(std::isnan(element(c1, k)) == (t >= 2));
        }
    }
    // The gates' sigmoid (core/simd.hpp's detail::simd::sigmoid, vectorisable) against ml/03's: within 4
    // units in the last place of float and of double, with σ(+∞) = 1, σ(−∞) = 0 and NaN kept.
    using llmlings::nn::detail::simd::sigmoid;
    // In units of epsilon, relative, over z in [−40, 40] by 0.01; the loop and ml/03's sigmoid
    // are in the oracles.
    const double worst_float = worst_sigmoid_error_float([](float z) { return sigmoid(z); });
    const double worst_double = worst_sigmoid_error_double([](double z) { return sigmoid(z); });
    CHECK(worst_float <= 4.0);
    CHECK(worst_double <= 4.0);
    CHECK(sigmoid(std::numeric_limits<float>::infinity()) == 1.0f);
    CHECK(sigmoid(-std::numeric_limits<double>::infinity()) == 0.0);
    CHECK(std::isnan(sigmoid(std::numeric_limits<float>::quiet_NaN())));
}

TEST_CASE("a second LSTM forward and backward of the same shapes allocates nothing", "[nn][11_lstm]") {
    // The buffers are the caller's (views) and the cache's (sized once): the hot loop of training.
    random_lstm<float> r(5, 8, 61);
    seed_random(62);
    const tensor3_of<float> x = rounded<float>(normal_tensor3(4, 6, 5));
    const tensor3_of<float> dh = rounded<float>(normal_tensor3(4, 6, 8));
    const matrix_of<float> h0 = filled<float>(4, 8, 0.0), c0 = filled<float>(4, 8, 1.0);
    tensor3_of<float> h({4, 6, 8}), dx({4, 6, 5});
    matrix_of<float> dh0({4, 8}), dc0({4, 8});
    auto pass = [&] {
        lstm_forward(r.cell, input_view3(x), input_rows(h0), input_rows(c0), output_view3(h), r.cache);
        lstm_backward(r.cell, r.cache, input_view3(x), input_view3(dh), output_view3(dx), output_rows(dh0),
                      output_rows(dc0));
    };
    pass();  // sizes the cache
    const std::size_t before = llmlings::testing::allocation_count();
    pass();
    CHECK(llmlings::testing::allocation_count() == before);
    CHECK(max_abs(dx) > 0.0);
}

TEST_CASE("LSTM functions reject shapes that do not fit", "[nn][11_lstm]") {
    parameter_store<double> store;
    lstm_cell<double> cell = make_lstm_cell(store, "lstm", 3, 2);
    lstm_cache<double> cache;
    const matrix x43({4, 3}), x42({4, 2}), s42({4, 2}), s52({5, 2}), s43({4, 3});
    matrix o42({4, 2}), p42({4, 2}), o43({4, 3});
    CHECK_THROWS_AS(lstm_cell_forward(cell, input_rows(x42), input_rows(s42), input_rows(s42), output_rows(o42),
                                      output_rows(p42), cache),
                    llmlings::shape_error);
    CHECK_THROWS_AS(lstm_cell_forward(cell, input_rows(x43), input_rows(s42), input_rows(s43), output_rows(o42),
                                      output_rows(p42), cache),
                    llmlings::shape_error);
    // One substring per check: `contains(a) && contains(b)` would make Catch2 compile its all-of
    // matcher into this file (each save), for the same verdicts.
    CHECK_THROWS_WITH(lstm_cell_forward(cell, input_rows(x43), input_rows(s52), input_rows(s42), output_rows(o42),
                                        output_rows(p42), cache),
                      contains("lstm_cell_forward"));
    CHECK_THROWS_WITH(lstm_cell_forward(cell, input_rows(x43), input_rows(s52), input_rows(s42), output_rows(o42),
                                        output_rows(p42), cache),
                      contains("(4,2)"));
    CHECK_THROWS_AS(lstm_cell_forward(cell, input_rows(x43), input_rows(s42), input_rows(s42), output_rows(o42),
                                      output_rows(o43), cache),
                    llmlings::shape_error);
    CHECK_THROWS_AS(lstm_forward(cell, tensor3({4, 5, 2}), matrix({4, 2}), matrix({4, 2}), cache),
                    llmlings::shape_error);
    CHECK_THROWS_AS(lstm_forward(cell, tensor3({4, 5, 3}), matrix({4, 2}), matrix({4, 1}), cache),
                    llmlings::shape_error);
    const tensor3 x = filled<double>(4, 5, 3, 0.0);
    const matrix zero = filled<double>(4, 2, 0.0);
    lstm_forward(cell, x, zero, zero, cache);
    CHECK_THROWS_AS(lstm_backward(cell, cache, x, tensor3({4, 5, 3})), llmlings::shape_error);
    CHECK_THROWS_WITH(lstm_backward(cell, cache, filled<double>(4, 6, 3, 0.0), tensor3({4, 6, 2})),
                      contains("lstm_backward"));
    CHECK_THROWS_WITH(lstm_backward(cell, cache, filled<double>(4, 6, 3, 0.0), tensor3({4, 6, 2})), contains("cache"));
    CHECK_THROWS_AS(make_lstm_cell(store, "a", 0, 2), llmlings::invalid_argument);
    lstm_cell<double> empty;  // never made
    llmlings::rng gen(1);
    CHECK_THROWS_AS(init_lstm_uniform(empty, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(lstm_forward(empty, x, zero, zero, cache), llmlings::invalid_argument);
}
