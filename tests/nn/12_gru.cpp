// SPDX-License-Identifier: MIT
// Tests for nn/12_gru. Oracles: a hand-worked one-unit cell whose biases fix the gates (checks the
// gate order r, z, n and that r multiplies b_hn as in PyTorch) and its backward step written out
// by hand, golden values from torch.nn.GRUCell with fixed weights (tools/golden/nn_recurrent.py),
// central-difference gradient checks of every tensor of the store and of dx, dh0, the float pass
// against the double pass, T one-step passes against the sequence passes, accumulation, PyTorch's
// initialisation range, the allocation counter, and for generation: a GRU wired by hand to cycle
// through its vocabulary, and sample frequencies against softmax(bias / temperature) within CLT
// bounds. The oracles, the golden file's arrays, the gradient checks and the random data are in
// oracles/12_gru.cpp, compiled once.
#include <llmlings/testing.hpp>
#include <llmlings/testing/allocations.hpp>  // replaces operator new: in this one file of the program

#include <llmlings/nn/12_gru.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

#include "oracles/12_gru.hpp"

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

// A cell "gru" in its own store with seeded N(0, 0.5²) parameters (xtensor's generator,
// independent of the code under test), drawn in double and rounded to T.
template <class T = double>
struct random_gru {
    parameter_store<T> store;
    gru_cell<T> cell;
    gru_cache<T> cache;
    random_gru(std::size_t in, std::size_t hidden, unsigned seed) : cell(make_gru_cell(store, "gru", in, hidden)) {
        seed_random(seed);
        set_values(cell.ih.weight, normal_matrix(3 * hidden, in, 0.5));
        set_values(cell.hh.weight, normal_matrix(3 * hidden, hidden, 0.5));
        set_values(cell.ih.bias, normal_vector(3 * hidden, 0.5));
        set_values(cell.hh.bias, normal_vector(3 * hidden, 0.5));
    }
};

// One unit read at x = 0, h = 0.8. W_hh = (1,2,3) and b_hh = (−0.8, −1.6, −2) make
// gh = h W_hhᵀ + b_hh = (0, 0, 0.4); b_ih = (ln 3, −ln 3, 0) then gives r = ¾, z = ¼, hn = 0.4
// and n = tanh(¾ · 0.4) = tanh(0.3).
gru_cell<double> fixed_gate_cell(parameter_store<double>& store) {
    gru_cell<double> cell = make_gru_cell(store, "gru", 1, 1);
    set_values(cell.ih.bias, vector_from({std::log(3.0), -std::log(3.0), 0.0}));
    set_values(cell.ih.weight, matrix_from({{1.0}, {-1.0}, {2.0}}));
    set_values(cell.hh.weight, matrix_from({{1.0}, {2.0}, {3.0}}));
    set_values(cell.hh.bias, vector_from({-0.8, -1.6, -2.0}));
    return cell;
}

// A GRU over a vocabulary of V characters wired so that reading character k makes k+1 (mod V)
// almost certain: z = σ(−30) ≈ 0 so h' = n = tanh(3·onehot) ≈ 0.995·e_k, and the readout's
// logit 20·h_k on character k+1 beats the others by e^19.9 ≈ 4e8.
struct cycle_model {
    parameter_store<double> store;
    gru_cell<double> cell;
    dense_layer<double> readout;
    explicit cycle_model(std::size_t vocab)
        : cell(make_gru_cell(store, "gru", vocab, vocab)), readout(make_dense(store, "readout", vocab, vocab)) {
        // Through raw pointers, row-major (each xtensor element accessor and view type the test
        // file uses is compiled on every save): W_ih is (3V, V), the readout's weight (V, V).
        double* const b_ih = cell.ih.bias.data();
        double* const w_ih = cell.ih.weight.data();
        double* const w_out = readout.weight.data();
        for (std::size_t k = 0; k < vocab; ++k) {
            b_ih[vocab + k] = -30.0;                  // z closed: forget the old state
            w_ih[(2 * vocab + k) * vocab + k] = 3.0;  // n_k = tanh(3) when character k is read
            w_out[((k + 1) % vocab) * vocab + k] = 20.0;
        }
    }
};

}  // namespace

TEST_CASE("make_gru_cell registers three gate blocks in ih and hh", "[nn][12_gru]") {
    parameter_store<float> store;
    const gru_cell<float> cell = make_gru_cell(store, "gru", 10, 16);
    CHECK(store.count() == 4);
    CHECK(cell.ih.weight.name() == "gru.ih.weight");
    CHECK(cell.ih.weight.shape() == std::vector<std::size_t>{48, 10});  // weight_ih (3H,I)
    CHECK(cell.hh.weight.shape() == std::vector<std::size_t>{48, 16});  // weight_hh (3H,H)
    CHECK(store.find("gru.hh.bias").shape() == std::vector<std::size_t>{48});
    CHECK(store.numel() == 48 * 10 + 48 + 48 * 16 + 48);
    CHECK_THROWS_AS(make_gru_cell(store, "gru", 10, 16), llmlings::invalid_argument);  // the names are taken
}

TEST_CASE("one GRU step uses the gates in the order reset update candidate", "[nn][12_gru]") {
    parameter_store<double> store;
    const gru_cell<double> cell = fixed_gate_cell(store);
    const matrix x = matrix_from({{0.0}}), h = matrix_from({{0.8}});
    matrix h_next({1, 1});
    gru_cache<double> cache;
    gru_cell_forward(cell, input_rows(x), input_rows(h), output_rows(h_next), cache);
    const double n = std::tanh(0.3);  // r multiplies hn = W_hn h + b_hn, bias included
    CHECK_CLOSE_AT(row_of(cache.gates, 0, 0), (vector_from({0.75, 0.25, n})), tight);
    CHECK_CLOSE_AT(row_of(cache.hn, 0, 0), (vector_from({0.4})), tight);
    CHECK_CLOSE_AT(h_next, (matrix_from({{0.75 * n + 0.25 * 0.8}})), tight);  // (1 − z) n + z h
}

TEST_CASE("one GRU backward step follows the chain rule through gates and the direct path", "[nn][12_gru]") {
    parameter_store<double> store;
    const gru_cell<double> cell = fixed_gate_cell(store);
    const matrix x = matrix_from({{0.0}}), h = matrix_from({{0.8}}), dh_next = matrix_from({{1.0}});
    matrix h_next({1, 1}), dx({1, 1}), dh({1, 1});
    gru_cache<double> cache;
    gru_cell_forward(cell, input_rows(x), input_rows(h), output_rows(h_next), cache);
    gru_cell_backward(cell, cache, input_rows(x), input_rows(dh_next), output_rows(dx), output_rows(dh));
    // Written out with r = ¾, z = ¼, n = tanh(0.3), hn = 0.4, dh' = 1:
    const double n = std::tanh(0.3);
    const double da_n = 0.75 * (1.0 - n * n);
    const double da_r = da_n * 0.4 * 0.75 * 0.25, da_z = (0.8 - n) * 0.25 * 0.75;
    CHECK_CLOSE_AT(grads_of(cell.ih.bias), (vector_from({da_r, da_z, da_n})), tight);
    CHECK_CLOSE_AT(grads_of(cell.hh.bias), (vector_from({da_r, da_z, 0.75 * da_n})), tight);
    CHECK_CLOSE_AT(grads_of(cell.hh.weight), (vector_from({0.8 * da_r, 0.8 * da_z, 0.8 * 0.75 * da_n})), tight);
    CHECK_CLOSE_AT(dx, (matrix_from({{da_r - da_z + 2.0 * da_n}})), tight);
    CHECK_CLOSE_AT(dh, (matrix_from({{0.25 + da_r + 2.0 * da_z + 3.0 * 0.75 * da_n}})), tight);
}

TEST_CASE("GRU forward and BPTT match torch nn GRUCell on the golden file", "[nn][12_gru]") {
    const gru_golden g = load_gru_golden();
    parameter_store<double> store;
    gru_cell<double> cell = make_gru_cell(store, "gru", 4, 3);
    set_values(cell.ih.weight, g.w_ih);
    set_values(cell.hh.weight, g.w_hh);
    set_values(cell.ih.bias, g.b_ih);
    set_values(cell.hh.bias, g.b_hh);
    const tensor3& x = g.x;
    const matrix& h0 = g.h0;
    // Three steps of sums of up to 7 products and a few exp/tanh, in another order than PyTorch:
    // a few ulps per step; 1e-12 relative leaves a wide margin.
    const tolerance close{1e-12, 1e-13};
    gru_cache<double> cache;
    const tensor3 h = gru_forward(cell, x, h0, cache);
    CHECK_CLOSE_AT(h, g.h, close);
    const gru_grads<double> grads = gru_backward(cell, cache, x, g.dy);
    CHECK_CLOSE_AT(grads.dx, g.dx, close);
    CHECK_CLOSE_AT(grads.dh0, g.dh0, close);
    CHECK_CLOSE_AT(grads_of(cell.ih.weight), g.dw_ih, close);
    CHECK_CLOSE_AT(grads_of(cell.hh.weight), g.dw_hh, close);
    CHECK_CLOSE_AT(grads_of(cell.ih.bias), g.db_ih, close);
    CHECK_CLOSE_AT(grads_of(cell.hh.bias), g.db_hh, close);
}

TEST_CASE("every GRU gradient agrees with central differences", "[nn][12_gru]") {
    const std::size_t batch = 2, steps = 3, in = 3, hidden = 3;
    random_gru<> r(in, hidden, 11);
    seed_random(12);
    const tensor3 x = normal_tensor3(batch, steps, in);
    const matrix h0 = normal_matrix(batch, hidden, 0.5);
    const tensor3 c = normal_tensor3(batch, steps, hidden);
    const tensor3 h = gru_forward(r.cell, x, h0, r.cache);
    const gru_grads<double> grads = gru_backward(r.cell, r.cache, x, plus(c, h));
    gru_cache<double> probe;  // the checks' forwards must not overwrite r.cache
    auto loss = [&](const tensor3& xs, const matrix& h_0) {
        return quadratic_loss(gru_forward(r.cell, xs, h_0, probe), c);
    };
    // A smooth loss in double: most entries agree to about 1e-9 relative, but some entries of
    // dW_hh are only ~1e-4, where the central difference's own rounding noise (ε·|L|/h ≈ 1e-10)
    // is already ~1e-6 relative. 1e-5 allows that; a wrong gradient gives errors above 1e-2.
    const double allowed = 1e-5;
    CHECK_GRADIENT_AT(tensor3_gradient_check([&](const tensor3& p) { return loss(p, h0); }, x, grads.dx), allowed);
    CHECK_GRADIENT_AT(matrix_gradient_check([&](const matrix& p) { return loss(x, p); }, h0, grads.dh0), allowed);
    CHECK_STORE_GRADIENTS_AT(store_gradient_check(r.store, [&] { return loss(x, h0); }), allowed);
}

TEMPLATE_TEST_CASE("the float GRU computes what the double GRU computes to float precision", "[nn][12_gru]", float,
                   double) {
    // Same weights (the float ones are the double ones rounded), same inputs, B = 8, T = 12,
    // I = 5, H = 16. Float: a pre-activation sums ~20 products of O(1) numbers rounded to 2⁻²⁴
    // (~3e-7 for the sum); the gates squash it and h_t = (1 − z) n + z h_{t−1} averages, so the
    // states keep that size: measured ≤ 4e-7, so 4e-6. The gradients (|dx| ≤ 5): measured
    // ≤ 1.1e-6, so 1e-5; the store's gradients, sums over B·T = 96 rows (up to 15): measured
    // ≤ 3.7e-6, so 3e-5. A wrong term is off by O(1). Double: another summation order only, ~1e-14.
    const bool is_float = std::is_same<TestType, float>::value;
    const tolerance states{0, is_float ? 4e-6 : 1e-12};
    const tolerance grads{0, is_float ? 1e-5 : 1e-12};
    const tolerance sums{is_float ? 0 : 1e-12, is_float ? 3e-5 : 1e-11};
    const std::size_t batch = 8, steps = 12, in = 5, hidden = 16;
    random_gru<double> reference(in, hidden, 21);
    random_gru<TestType> r(in, hidden, 21);
    seed_random(22);
    const tensor3 x = normal_tensor3(batch, steps, in);
    const matrix h0 = normal_matrix(batch, hidden, 0.5);
    const tensor3 dh = normal_tensor3(batch, steps, hidden);
    const tensor3 h_ref = gru_forward(reference.cell, x, h0, reference.cache);
    const gru_grads<double> g_ref = gru_backward(reference.cell, reference.cache, x, dh);
    const tensor3_of<TestType> xt_ = rounded<TestType>(x), dht = rounded<TestType>(dh);
    const tensor3_of<TestType> h = gru_forward(r.cell, xt_, rounded<TestType>(h0), r.cache);
    const gru_grads<TestType> g = gru_backward(r.cell, r.cache, xt_, dht);
    CHECK_CLOSE_AT(to_double(h), h_ref, states);
    CHECK_CLOSE_AT(to_double(g.dx), g_ref.dx, grads);
    CHECK_CLOSE_AT(to_double(g.dh0), g_ref.dh0, grads);
    CHECK_CLOSE_AT(grads_of(r.cell.ih.weight), grads_of(reference.cell.ih.weight), sums);
    CHECK_CLOSE_AT(grads_of(r.cell.hh.weight), grads_of(reference.cell.hh.weight), sums);
    CHECK_CLOSE_AT(grads_of(r.cell.ih.bias), grads_of(reference.cell.ih.bias), sums);
    CHECK_CLOSE_AT(grads_of(r.cell.hh.bias), grads_of(reference.cell.hh.bias), sums);
}

TEST_CASE("T one-step GRU passes chained by hand give the sequence passes", "[nn][12_gru]") {
    const std::size_t batch = 3, steps = 4, in = 2, hidden = 5;
    random_gru<> seq(in, hidden, 31), step(in, hidden, 31);
    seed_random(32);
    const tensor3 x = normal_tensor3(batch, steps, in);
    const matrix h0 = normal_matrix(batch, hidden);
    const tensor3 dh = normal_tensor3(batch, steps, hidden);
    const tensor3 h_seq = gru_forward(seq.cell, x, h0, seq.cache);
    const gru_grads<double> g_seq = gru_backward(seq.cell, seq.cache, x, dh);

    std::vector<gru_cache<double>> caches(steps);
    std::vector<matrix> xs(steps), hs(steps + 1);
    hs[0] = h0;
    for (std::size_t t = 0; t < steps; ++t) {
        xs[t] = step_of(x, t);
        hs[t + 1] = matrix({batch, hidden});
        gru_cell_forward(step.cell, input_rows(xs[t]), input_rows(hs[t]), output_rows(hs[t + 1]), caches[t]);
        CHECK_CLOSE_AT(hs[t + 1], step_of(h_seq, t), tight);
    }
    matrix carried = filled<double>(batch, hidden, 0.0);
    for (std::size_t t = steps; t-- > 0;) {
        const matrix dh_t = plus(step_of(dh, t), carried);
        matrix dx_t({batch, in});
        gru_cell_backward(step.cell, caches[t], input_rows(xs[t]), input_rows(dh_t), output_rows(dx_t),
                          output_rows(carried));
        CHECK_CLOSE_AT(dx_t, step_of(g_seq.dx, t), tight);
    }
    CHECK_CLOSE_AT(carried, g_seq.dh0, tight);
    for (std::size_t k = 0; k < seq.store.count(); ++k) {
        INFO(seq.store.info(k).name);
        CHECK_CLOSE_AT(grads_of(step.store.at(k)), grads_of(seq.store.at(k)), tight);
    }
}

TEST_CASE("a GRU backward without dx accumulates the same parameter gradients", "[nn][12_gru]") {
    random_gru<> with(3, 4, 45), without(3, 4, 45);
    seed_random(46);
    const tensor3 x = normal_tensor3(2, 5, 3);
    const matrix h0 = normal_matrix(2, 4);
    const tensor3 dh = normal_tensor3(2, 5, 4);
    gru_forward(with.cell, x, h0, with.cache);
    const gru_grads<double> g = gru_backward(with.cell, with.cache, x, dh);
    gru_forward(without.cell, x, h0, without.cache);
    matrix dh0({2, 4});
    gru_backward(without.cell, without.cache, input_view3(x), input_view3(dh), llmlings::empty_view<double, 3>(),
                 output_rows(dh0));
    CHECK_CLOSE_AT(dh0, g.dh0, tight);
    for (std::size_t k = 0; k < with.store.count(); ++k) {
        INFO(with.store.info(k).name);
        CHECK_CLOSE_AT(grads_of(without.store.at(k)), grads_of(with.store.at(k)), tight);
    }
}

TEST_CASE("GRU BPTT accumulates parameter gradients and the store's zero_grad clears them", "[nn][12_gru]") {
    random_gru<> r(2, 3, 41);
    seed_random(42);
    const tensor3 x = normal_tensor3(2, 3, 2);
    const matrix h0 = filled<double>(2, 3, 0.0);
    const tensor3 dhs = normal_tensor3(2, 3, 3);
    gru_forward(r.cell, x, h0, r.cache);
    const gru_grads<double> first = gru_backward(r.cell, r.cache, x, dhs);
    const vector dw = grads_of(r.cell.hh.weight);
    const vector db = grads_of(r.cell.ih.bias);
    const gru_grads<double> second = gru_backward(r.cell, r.cache, x, dhs);
    // Two calls add the same gradient twice (x2 is exact in binary); dx is written, not summed.
    CHECK_CLOSE_AT(grads_of(r.cell.hh.weight), scaled(dw, 2.0), tight);
    CHECK_CLOSE_AT(grads_of(r.cell.ih.bias), scaled(db, 2.0), tight);
    CHECK_CLOSE_AT(second.dx, first.dx, tight);
    CHECK(max_abs(dw) > 0.0);
    r.store.zero_grad();
    for (std::size_t k = 0; k < r.store.count(); ++k) CHECK(max_abs(grads_of(r.store.at(k))) == 0.0);
}

TEST_CASE("the GRU default initialisation has three gate blocks within one over root H", "[nn][12_gru]") {
    parameter_store<float> store;
    gru_cell<float> cell = make_gru_cell(store, "gru", 10, 16);
    llmlings::rng gen(7);
    init_gru_uniform(cell, gen);
    const float bound = 0.25f;  // 1/√16
    for (std::size_t k = 0; k < store.count(); ++k) {
        const llmlings::parameter<float> p = store.at(k);
        INFO(p.name());
        const float* v = p.data();
        CHECK(std::all_of(v, v + p.size(), [&](float w) { return std::fabs(w) <= bound; }));
        CHECK(std::any_of(v, v + p.size(), [](float w) { return w != 0.0f; }));
    }
    CHECK(max_abs(values_of(cell.hh.weight)) > 0.9f * bound);  // 768 draws use the whole range
}

TEST_CASE("a second GRU forward and backward of the same shapes allocates nothing", "[nn][12_gru]") {
    random_gru<float> r(5, 8, 61);
    seed_random(62);
    const tensor3_of<float> x = rounded<float>(normal_tensor3(4, 6, 5));
    const tensor3_of<float> dh = rounded<float>(normal_tensor3(4, 6, 8));
    const matrix_of<float> h0 = filled<float>(4, 8, 0.0);
    tensor3_of<float> h({4, 6, 8}), dx({4, 6, 5});
    matrix_of<float> dh0({4, 8});
    auto pass = [&] {
        gru_forward(r.cell, input_view3(x), input_rows(h0), output_view3(h), r.cache);
        gru_backward(r.cell, r.cache, input_view3(x), input_view3(dh), output_view3(dx), output_rows(dh0));
    };
    pass();  // sizes the cache
    const std::size_t before = llmlings::testing::allocation_count();
    pass();
    CHECK(llmlings::testing::allocation_count() == before);
    CHECK(max_abs(dx) > 0.0);
}

TEST_CASE("a GRU wired to cycle through its vocabulary generates the cycle", "[nn][12_gru]") {
    const cycle_model m(4);
    llmlings::rng gen(3);
    // Each step picks the wired character with probability 1 − 3e-9: 24 steps all right.
    CHECK(generate_text(m.cell, m.readout, "abcd", 'a', 24, gen) == "bcdabcdabcdabcdabcdabcda");
    CHECK(generate_text(m.cell, m.readout, "abcd", 'c', 3, gen) == "dab");
    CHECK(generate_text(m.cell, m.readout, "abcd", 'b', 0, gen).empty());
}

TEMPLATE_TEST_CASE("generated characters follow the softmax of the logits over the temperature", "[nn][12_gru]", float,
                   double) {
    // With a zero readout weight the logits are the readout bias b = (0, ln 2, ln 5) whatever the
    // state: p = (1, 2, 5)/8 at temperature 1 and ∝ (1, 4, 25) = /30 at temperature ½. Over 8000
    // draws a frequency has standard error ≤ √(0.25/8000) ≈ 0.0056; 0.025 is over four of them.
    // In float the bias is rounded (relative 6e-8): the probabilities move by ~1e-7, nothing here.
    random_gru<TestType> r(3, 2, 51);
    parameter_store<TestType> readout_store;
    dense_layer<TestType> readout = make_dense(readout_store, "readout", 2, 3);
    set_values(readout.bias, vector_from({0.0, std::log(2.0), std::log(5.0)}));
    const std::size_t n = 8000;
    auto frequencies = [&](double temperature, unsigned seed) {
        llmlings::rng gen(seed);
        const std::string text = generate_text(r.cell, readout, "xyz", 'x', n, gen, temperature);
        REQUIRE(text.size() == n);
        std::array<double, 3> f{0.0, 0.0, 0.0};
        for (char ch : text) f[static_cast<std::size_t>(ch - 'x')] += 1.0 / static_cast<double>(n);
        return f;
    };
    const std::array<double, 3> warm = frequencies(1.0, 1);
    CHECK(std::fabs(warm[0] - 1.0 / 8.0) < 0.025);
    CHECK(std::fabs(warm[1] - 2.0 / 8.0) < 0.025);
    CHECK(std::fabs(warm[2] - 5.0 / 8.0) < 0.025);
    const std::array<double, 3> cold = frequencies(0.5, 2);
    CHECK(std::fabs(cold[0] - 1.0 / 30.0) < 0.025);
    CHECK(std::fabs(cold[1] - 4.0 / 30.0) < 0.025);
    CHECK(std::fabs(cold[2] - 25.0 / 30.0) < 0.025);
    llmlings::rng a(9), b(9);  // reproducible from the seed
    CHECK(generate_text(r.cell, readout, "xyz", 'y', 50, a) == generate_text(r.cell, readout, "xyz", 'y', 50, b));
}

TEST_CASE("GRU functions reject shapes and arguments that do not fit", "[nn][12_gru]") {
    parameter_store<double> store;
    gru_cell<double> cell = make_gru_cell(store, "gru", 3, 2);
    gru_cache<double> cache;
    const matrix x43({4, 3}), x42({4, 2}), s42({4, 2}), s52({5, 2});
    matrix o42({4, 2}), o43({4, 3});
    CHECK_THROWS_AS(gru_cell_forward(cell, input_rows(x42), input_rows(s42), output_rows(o42), cache),
                    llmlings::shape_error);
    // One substring per check: `contains(a) && contains(b)` would make Catch2 compile its all-of
    // matcher into this file (each save), for the same verdicts.
    CHECK_THROWS_WITH(gru_cell_forward(cell, input_rows(x43), input_rows(s52), output_rows(o42), cache),
                      contains("gru_cell_forward"));
    CHECK_THROWS_WITH(gru_cell_forward(cell, input_rows(x43), input_rows(s52), output_rows(o42), cache),
                      contains("(4,2)"));
    CHECK_THROWS_AS(gru_cell_forward(cell, input_rows(x43), input_rows(s42), output_rows(o43), cache),
                    llmlings::shape_error);
    CHECK_THROWS_AS(gru_forward(cell, tensor3({4, 5, 2}), matrix({4, 2}), cache), llmlings::shape_error);
    const tensor3 x = filled<double>(4, 5, 3, 0.0);
    gru_forward(cell, x, filled<double>(4, 2, 0.0), cache);
    CHECK_THROWS_AS(gru_backward(cell, cache, x, tensor3({4, 6, 2})), llmlings::shape_error);
    CHECK_THROWS_WITH(gru_backward(cell, cache, filled<double>(4, 6, 3, 0.0), tensor3({4, 6, 2})),
                      contains("gru_backward"));
    CHECK_THROWS_WITH(gru_backward(cell, cache, filled<double>(4, 6, 3, 0.0), tensor3({4, 6, 2})), contains("cache"));
    CHECK_THROWS_AS(make_gru_cell(store, "a", 0, 2), llmlings::invalid_argument);
    gru_cell<double> empty;
    llmlings::rng gen(1);
    CHECK_THROWS_AS(init_gru_uniform(empty, gen), llmlings::invalid_argument);
    dense_layer<double> readout = make_dense(store, "readout", 2, 3);
    dense_layer<double> square = make_dense(store, "square", 3, 3);
    CHECK_THROWS_AS(generate_text(cell, readout, "abcd", 'a', 5, gen), llmlings::shape_error);
    CHECK_THROWS_AS(generate_text(cell, square, "abc", 'a', 5, gen), llmlings::shape_error);
    CHECK_THROWS_AS(generate_text(cell, readout, "abc", 'q', 5, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(generate_text(cell, readout, "abc", 'a', 5, gen, 0.0), llmlings::invalid_argument);
}
