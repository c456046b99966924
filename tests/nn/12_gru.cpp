// SPDX-License-Identifier: MIT
// Tests for nn/12_gru. Oracles: a hand-worked one-unit cell whose biases fix the gates (checks the
// gate order r, z, n and that r multiplies b_hn as in PyTorch), golden values from
// torch.nn.GRUCell with fixed weights (tools/golden/nn_recurrent.py), central-difference gradient
// checks of every gradient, accumulation, and for generation: a GRU wired by hand to cycle through
// its vocabulary, and sample frequencies against softmax(bias / temperature) within CLT bounds.
#include <llmlings/testing.hpp>

#include <llmlings/nn/12_gru.hpp>

#include <cmath>
#include <cstddef>
#include <string>

#include <xtensor/xrandom.hpp>

using llmlings::matrix;
using llmlings::tensor3;
using llmlings::vector;
using llmlings::testing::golden_file;
using llmlings::testing::golden_path;
using llmlings::testing::gradient_check;
using llmlings::testing::tolerance;
using namespace llmlings::nn;
using llmlings::testing::contains;

namespace {

// A few exp, tanh and products of small numbers in double: agreement to a few ulps.
const tolerance tight{1e-13, 1e-14};

// A cell with seeded N(0, 0.5²) parameters (xtensor's generator, independent of the code under test).
gru_cell random_cell(std::size_t in, std::size_t hidden, unsigned seed) {
    gru_cell cell = make_gru_cell(in, hidden);
    xt::random::seed(seed);
    cell.ih.weight = 0.5 * xt::random::randn<double>({3 * hidden, in});
    cell.hh.weight = 0.5 * xt::random::randn<double>({3 * hidden, hidden});
    cell.ih.bias = 0.5 * xt::random::randn<double>({3 * hidden});
    cell.hh.bias = 0.5 * xt::random::randn<double>({3 * hidden});
    return cell;
}

// One unit read at x = 0, h = 0.8. W_hh = (1,2,3) and b_hh = (−0.8, −1.6, −2) make
// gh = h W_hhᵀ + b_hh = (0, 0, 0.4); b_ih = (ln 3, −ln 3, 0) then gives r = ¾, z = ¼, hn = 0.4
// and n = tanh(¾ · 0.4) = tanh(0.3).
gru_cell fixed_gate_cell() {
    gru_cell cell = make_gru_cell(1, 1);
    cell.ih.bias = vector{std::log(3.0), -std::log(3.0), 0.0};
    cell.ih.weight = matrix{{1.0}, {-1.0}, {2.0}};
    cell.hh.weight = matrix{{1.0}, {2.0}, {3.0}};
    cell.hh.bias = vector{-0.8, -1.6, -2.0};
    return cell;
}

// L = Σ c⊙h + ½ Σ h², so dL/dh = c + h.
double loss_of(const tensor3& h, const tensor3& c) {
    double sum = 0.0;
    for (std::size_t k = 0; k < h.size(); ++k) sum += c.data()[k] * h.data()[k] + 0.5 * h.data()[k] * h.data()[k];
    return sum;
}

// A GRU over a vocabulary of V characters wired so that reading character k makes k+1 (mod V)
// almost certain: z = σ(−30) ≈ 0 so h' = n = tanh(3·onehot) ≈ 0.995·e_k, and the readout's
// logit 20·h_k on character k+1 beats the others by e^19.9 ≈ 4e8.
void cycle_model(std::size_t vocab, gru_cell& cell, dense_layer& readout) {
    cell = make_gru_cell(vocab, vocab);
    for (std::size_t k = 0; k < vocab; ++k) {
        cell.ih.bias(vocab + k) = -30.0;         // z closed: forget the old state
        cell.ih.weight(2 * vocab + k, k) = 3.0;  // n_k = tanh(3) when character k is read
    }
    readout = make_dense(vocab, vocab);
    for (std::size_t k = 0; k < vocab; ++k) readout.weight((k + 1) % vocab, k) = 20.0;
}

}  // namespace

TEST_CASE("one GRU step uses the gates in the order reset update candidate", "[nn][12_gru]") {
    const gru_cell cell = fixed_gate_cell();
    const gru_step step = gru_cell_forward(cell, matrix{{0.0}}, matrix{{0.8}});
    const double n = std::tanh(0.3);  // r multiplies hn = W_hn h + b_hn, bias included
    LLMLINGS_CHECK_CLOSE(step.gates, (matrix{{0.75, 0.25, n}}), tight);
    LLMLINGS_CHECK_CLOSE(step.hn, (matrix{{0.4}}), tight);
    LLMLINGS_CHECK_CLOSE(step.h, (matrix{{0.75 * n + 0.25 * 0.8}}), tight);  // (1 − z) n + z h
}

TEST_CASE("one GRU backward step follows the chain rule through gates and the direct path", "[nn][12_gru]") {
    gru_cell cell = fixed_gate_cell();
    const matrix x{{0.0}}, h{{0.8}};
    const gru_step step = gru_cell_forward(cell, x, h);
    const gru_step_grads g = gru_cell_backward(cell, x, h, step, matrix{{1.0}});
    // Written out with r = ¾, z = ¼, n = tanh(0.3), hn = 0.4, dh' = 1:
    const double n = std::tanh(0.3);
    const double da_n = 0.75 * (1.0 - n * n);
    const double da_r = da_n * 0.4 * 0.75 * 0.25, da_z = (0.8 - n) * 0.25 * 0.75;
    LLMLINGS_CHECK_CLOSE(cell.ih.bias_grad, (vector{da_r, da_z, da_n}), tight);
    LLMLINGS_CHECK_CLOSE(cell.hh.bias_grad, (vector{da_r, da_z, 0.75 * da_n}), tight);
    LLMLINGS_CHECK_CLOSE(cell.hh.weight_grad, (matrix{{0.8 * da_r}, {0.8 * da_z}, {0.8 * 0.75 * da_n}}), tight);
    LLMLINGS_CHECK_CLOSE(g.dx, (matrix{{da_r - da_z + 2.0 * da_n}}), tight);
    LLMLINGS_CHECK_CLOSE(g.dh, (matrix{{0.25 + da_r + 2.0 * da_z + 3.0 * 0.75 * da_n}}), tight);
}

TEST_CASE("GRU forward and BPTT match torch nn GRUCell on the golden file", "[nn][12_gru]") {
    const golden_file g = golden_file::load(golden_path("nn/12_gru.txt"));
    gru_cell cell = make_gru_cell(4, 3);
    cell.ih.weight = g.array("W_ih");
    cell.hh.weight = g.array("W_hh");
    cell.ih.bias = g.array("b_ih");
    cell.hh.bias = g.array("b_hh");
    const tensor3 x = g.array("x");
    const matrix h0 = g.array("h0");
    // Three steps of sums of up to 7 products and a few exp/tanh, in another order than PyTorch:
    // a few ulps per step; 1e-12 relative leaves a wide margin.
    const tolerance close{1e-12, 1e-13};
    const gru_sequence seq = gru_forward(cell, x, h0);
    LLMLINGS_CHECK_CLOSE(seq.h, g.array("h"), close);
    const gru_sequence_grads grads = gru_backward(cell, x, h0, seq, g.array("dy"));
    LLMLINGS_CHECK_CLOSE(grads.dx, g.array("dx"), close);
    LLMLINGS_CHECK_CLOSE(grads.dh0, g.array("dh0"), close);
    LLMLINGS_CHECK_CLOSE(cell.ih.weight_grad, g.array("dW_ih"), close);
    LLMLINGS_CHECK_CLOSE(cell.hh.weight_grad, g.array("dW_hh"), close);
    LLMLINGS_CHECK_CLOSE(cell.ih.bias_grad, g.array("db_ih"), close);
    LLMLINGS_CHECK_CLOSE(cell.hh.bias_grad, g.array("db_hh"), close);
}

TEST_CASE("every GRU gradient agrees with central differences", "[nn][12_gru]") {
    const std::size_t batch = 2, steps = 3, in = 3, hidden = 3;
    const gru_cell base = random_cell(in, hidden, 11);
    xt::random::seed(12);
    const tensor3 x = xt::random::randn<double>({batch, steps, in});
    const matrix h0 = 0.5 * xt::random::randn<double>({batch, hidden});
    const tensor3 c = xt::random::randn<double>({batch, steps, hidden});
    gru_cell cell = base;
    const gru_sequence seq = gru_forward(cell, x, h0);
    const gru_sequence_grads grads = gru_backward(cell, x, h0, seq, c + seq.h);
    auto loss = [&](const gru_cell& probe, const tensor3& xs, const matrix& h) {
        return loss_of(gru_forward(probe, xs, h).h, c);
    };
    auto loss_x = [&](const xt::xarray<double>& p) { return loss(base, p, h0); };
    auto loss_h0 = [&](const xt::xarray<double>& p) { return loss(base, x, p); };
    auto loss_wih = [&](const xt::xarray<double>& p) {
        gru_cell q = base;
        q.ih.weight = p;
        return loss(q, x, h0);
    };
    auto loss_whh = [&](const xt::xarray<double>& p) {
        gru_cell q = base;
        q.hh.weight = p;
        return loss(q, x, h0);
    };
    auto loss_bih = [&](const xt::xarray<double>& p) {
        gru_cell q = base;
        q.ih.bias = p;
        return loss(q, x, h0);
    };
    auto loss_bhh = [&](const xt::xarray<double>& p) {
        gru_cell q = base;
        q.hh.bias = p;
        return loss(q, x, h0);
    };
    // A smooth loss in double: most entries agree to about 1e-9 relative, but some entries of
    // dW_hh are only ~1e-4, where the central difference's own rounding noise (ε·|L|/h ≈ 1e-10)
    // is already ~1e-6 relative. 1e-5 allows that; a wrong gradient gives errors above 1e-2.
    const double allowed = 1e-5;
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_x, x, grads.dx), allowed);
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_h0, h0, grads.dh0), allowed);
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_wih, base.ih.weight, cell.ih.weight_grad), allowed);
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_whh, base.hh.weight, cell.hh.weight_grad), allowed);
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_bih, base.ih.bias, cell.ih.bias_grad), allowed);
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_bhh, base.hh.bias, cell.hh.bias_grad), allowed);
}

TEST_CASE("GRU BPTT accumulates parameter gradients and zero_grad clears them", "[nn][12_gru]") {
    gru_cell cell = random_cell(2, 3, 21);
    xt::random::seed(22);
    const tensor3 x = xt::random::randn<double>({2, 3, 2});
    const matrix h0 = xt::zeros<double>({2, 3});
    const tensor3 dhs = xt::random::randn<double>({2, 3, 3});
    const gru_sequence seq = gru_forward(cell, x, h0);
    gru_backward(cell, x, h0, seq, dhs);
    const matrix dw = cell.hh.weight_grad;
    const vector db = cell.ih.bias_grad;
    gru_backward(cell, x, h0, seq, dhs);
    // Two calls add the same gradient twice (x2 is exact in binary).
    LLMLINGS_CHECK_CLOSE(cell.hh.weight_grad, 2.0 * dw, tight);
    LLMLINGS_CHECK_CLOSE(cell.ih.bias_grad, 2.0 * db, tight);
    CHECK(xt::any(xt::not_equal(dw, 0.0)));
    zero_grad(cell);
    CHECK(xt::all(xt::equal(cell.ih.weight_grad, 0.0)));
    CHECK(xt::all(xt::equal(cell.hh.weight_grad, 0.0)));
    CHECK(xt::all(xt::equal(cell.ih.bias_grad, 0.0)));
    CHECK(xt::all(xt::equal(cell.hh.bias_grad, 0.0)));
}

TEST_CASE("the GRU default initialisation has three gate blocks within one over root H", "[nn][12_gru]") {
    gru_cell cell = make_gru_cell(10, 16);
    CHECK(cell.ih.weight.shape()[0] == 48);
    CHECK(cell.hh.weight.shape()[1] == 16);
    llmlings::rng gen(7);
    init_gru_uniform(cell, gen);
    const double bound = 0.25;  // 1/√16
    CHECK(xt::amax(xt::abs(cell.ih.weight))() <= bound);
    CHECK(xt::amax(xt::abs(cell.hh.weight))() <= bound);
    CHECK(xt::amax(xt::abs(cell.hh.bias))() <= bound);
    CHECK(xt::amax(xt::abs(cell.hh.weight))() > 0.9 * bound);  // 768 draws use the whole range
    CHECK(xt::any(xt::not_equal(cell.ih.bias, 0.0)));
}

TEST_CASE("a GRU wired to cycle through its vocabulary generates the cycle", "[nn][12_gru]") {
    gru_cell cell;
    dense_layer readout;
    cycle_model(4, cell, readout);
    llmlings::rng gen(3);
    // Each step picks the wired character with probability 1 − 3e-9: 24 steps all right.
    CHECK(generate_text(cell, readout, "abcd", 'a', 24, gen) == "bcdabcdabcdabcdabcdabcda");
    CHECK(generate_text(cell, readout, "abcd", 'c', 3, gen) == "dab");
    CHECK(generate_text(cell, readout, "abcd", 'b', 0, gen).empty());
}

TEST_CASE("generated characters follow the softmax of the logits over the temperature", "[nn][12_gru]") {
    // With a zero readout weight the logits are the readout bias b = (0, ln 2, ln 5) whatever the
    // state: p = (1, 2, 5)/8 at temperature 1 and ∝ (1, 4, 25) = /30 at temperature ½. Over 8000
    // draws a frequency has standard error ≤ √(0.25/8000) ≈ 0.0056; 0.025 is over four of them.
    gru_cell cell = random_cell(3, 2, 51);
    dense_layer readout = make_dense(2, 3);
    readout.bias = vector{0.0, std::log(2.0), std::log(5.0)};
    const std::size_t n = 8000;
    auto frequencies = [&](double temperature, unsigned seed) {
        llmlings::rng gen(seed);
        const std::string text = generate_text(cell, readout, "xyz", 'x', n, gen, temperature);
        REQUIRE(text.size() == n);
        vector f = xt::zeros<double>({std::size_t{3}});
        for (char ch : text) f(static_cast<std::size_t>(ch - 'x')) += 1.0 / static_cast<double>(n);
        return f;
    };
    const vector warm = frequencies(1.0, 1);
    CHECK(std::fabs(warm(0) - 1.0 / 8.0) < 0.025);
    CHECK(std::fabs(warm(1) - 2.0 / 8.0) < 0.025);
    CHECK(std::fabs(warm(2) - 5.0 / 8.0) < 0.025);
    const vector cold = frequencies(0.5, 2);
    CHECK(std::fabs(cold(0) - 1.0 / 30.0) < 0.025);
    CHECK(std::fabs(cold(1) - 4.0 / 30.0) < 0.025);
    CHECK(std::fabs(cold(2) - 25.0 / 30.0) < 0.025);
    llmlings::rng a(9), b(9);  // reproducible from the seed
    CHECK(generate_text(cell, readout, "xyz", 'y', 50, a) == generate_text(cell, readout, "xyz", 'y', 50, b));
}

TEST_CASE("GRU functions reject shapes and arguments that do not fit", "[nn][12_gru]") {
    gru_cell cell = make_gru_cell(3, 2);
    CHECK_THROWS_AS(gru_cell_forward(cell, matrix({4, 2}), matrix({4, 2})), llmlings::shape_error);
    CHECK_THROWS_WITH(gru_cell_forward(cell, matrix({4, 3}), matrix({5, 2})),
                      contains("gru_cell_forward") && contains("(4,2)"));
    const gru_step bad{matrix({4, 2}), matrix({4, 5}), matrix({4, 2})};
    CHECK_THROWS_AS(gru_cell_backward(cell, matrix({4, 3}), matrix({4, 2}), bad, matrix({4, 2})),
                    llmlings::shape_error);
    CHECK_THROWS_AS(gru_forward(cell, tensor3({4, 5, 2}), matrix({4, 2})), llmlings::shape_error);
    const gru_sequence seq{tensor3({4, 5, 2}), tensor3({4, 5, 6}), tensor3({4, 5, 2})};
    CHECK_THROWS_AS(gru_backward(cell, tensor3({4, 5, 3}), matrix({4, 2}), seq, tensor3({4, 6, 2})),
                    llmlings::shape_error);
    CHECK_THROWS_AS(make_gru_cell(0, 2), llmlings::invalid_argument);
    gru_cell empty;
    llmlings::rng gen(1);
    CHECK_THROWS_AS(init_gru_uniform(empty, gen), llmlings::invalid_argument);
    dense_layer readout = make_dense(2, 3);
    CHECK_THROWS_AS(generate_text(cell, readout, "abcd", 'a', 5, gen), llmlings::shape_error);
    CHECK_THROWS_AS(generate_text(cell, make_dense(3, 3), "abc", 'a', 5, gen), llmlings::shape_error);
    CHECK_THROWS_AS(generate_text(cell, readout, "abc", 'q', 5, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(generate_text(cell, readout, "abc", 'a', 5, gen, 0.0), llmlings::invalid_argument);
}
