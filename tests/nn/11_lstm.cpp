// SPDX-License-Identifier: MIT
// Tests for nn/11_lstm. Oracles: a hand-worked one-unit cell whose gates are set by the biases to
// 3/4, 1/4, 1/2 and 1/2 (checks the gate order i, f, g, o), golden values from torch.nn.LSTMCell with
// fixed weights (tools/golden/nn_recurrent.py), central-difference gradient checks of every
// gradient, the constant-memory property of an open forget gate, accumulation and init range.
#include <llmlings/testing.hpp>

#include <llmlings/nn/11_lstm.hpp>

#include <cmath>
#include <cstddef>

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
lstm_cell random_cell(std::size_t in, std::size_t hidden, unsigned seed) {
    lstm_cell cell = make_lstm_cell(in, hidden);
    xt::random::seed(seed);
    cell.ih.weight = 0.5 * xt::random::randn<double>({4 * hidden, in});
    cell.hh.weight = 0.5 * xt::random::randn<double>({4 * hidden, hidden});
    cell.ih.bias = 0.5 * xt::random::randn<double>({4 * hidden});
    cell.hh.bias = 0.5 * xt::random::randn<double>({4 * hidden});
    return cell;
}

// One unit whose biases fix the gates: σ(ln 3) = 3/4, σ(−ln 3) = 1/4, tanh(atanh ½) = ½, σ(0) = ½.
// W_ih and W_hh are non-zero but x = h = 0 in the tests, so they only matter for dx and dh.
lstm_cell fixed_gate_cell() {
    lstm_cell cell = make_lstm_cell(1, 1);
    cell.ih.bias = vector{std::log(3.0), -std::log(3.0), std::atanh(0.5), 0.0};
    cell.ih.weight = matrix{{1.0}, {2.0}, {3.0}, {4.0}};
    cell.hh.weight = matrix{{-1.0}, {0.5}, {0.25}, {2.0}};
    return cell;
}

// L = Σ c⊙h + ½ Σ h², so dL/dh = c + h.
double loss_of(const tensor3& h, const tensor3& c) {
    double sum = 0.0;
    for (std::size_t k = 0; k < h.size(); ++k) sum += c.data()[k] * h.data()[k] + 0.5 * h.data()[k] * h.data()[k];
    return sum;
}

}  // namespace

TEST_CASE("one LSTM step uses the gates in the order input forget cell output", "[nn][11_lstm]") {
    const lstm_cell cell = fixed_gate_cell();
    const lstm_step step = lstm_cell_forward(cell, matrix{{0.0}}, matrix{{0.0}}, matrix{{2.0}});
    // c' = f·c + i·g = ¼·2 + ¾·½ = 0.875, h' = o·tanh(c') = ½ tanh(0.875).
    LLMLINGS_CHECK_CLOSE(step.gates, (matrix{{0.75, 0.25, 0.5, 0.5}}), tight);
    LLMLINGS_CHECK_CLOSE(step.c, (matrix{{0.875}}), tight);
    LLMLINGS_CHECK_CLOSE(step.h, (matrix{{0.5 * std::tanh(0.875)}}), tight);
}

TEST_CASE("one LSTM backward step follows the chain rule through both state paths", "[nn][11_lstm]") {
    lstm_cell cell = fixed_gate_cell();
    const matrix x{{0.0}}, h{{0.0}}, c{{2.0}};
    const lstm_step step = lstm_cell_forward(cell, x, h, c);
    const lstm_step_grads g = lstm_cell_backward(cell, x, h, c, step, matrix{{1.0}}, matrix{{0.5}});
    // Written out with i = ¾, f = ¼, g = ½, o = ½, τ = tanh(0.875):
    const double tau = std::tanh(0.875);
    const double dc_total = 0.5 + 1.0 * 0.5 * (1.0 - tau * tau);
    const double da_i = dc_total * 0.5 * 0.75 * 0.25, da_f = dc_total * 2.0 * 0.25 * 0.75;
    const double da_g = dc_total * 0.75 * (1.0 - 0.25), da_o = tau * 0.5 * 0.5;
    LLMLINGS_CHECK_CLOSE(g.dc, (matrix{{dc_total * 0.25}}), tight);
    LLMLINGS_CHECK_CLOSE(cell.ih.bias_grad, (vector{da_i, da_f, da_g, da_o}), tight);
    LLMLINGS_CHECK_CLOSE(cell.hh.bias_grad, (vector{da_i, da_f, da_g, da_o}), tight);
    LLMLINGS_CHECK_CLOSE(g.dx, (matrix{{da_i + 2.0 * da_f + 3.0 * da_g + 4.0 * da_o}}), tight);
    LLMLINGS_CHECK_CLOSE(g.dh, (matrix{{-da_i + 0.5 * da_f + 0.25 * da_g + 2.0 * da_o}}), tight);
    LLMLINGS_CHECK_CLOSE(cell.ih.weight_grad, (matrix{{0.0}, {0.0}, {0.0}, {0.0}}), tight);  // x = 0
}

TEST_CASE("LSTM forward and BPTT match torch nn LSTMCell on the golden file", "[nn][11_lstm]") {
    const golden_file g = golden_file::load(golden_path("nn/11_lstm.txt"));
    lstm_cell cell = make_lstm_cell(4, 3);
    cell.ih.weight = g.array("W_ih");
    cell.hh.weight = g.array("W_hh");
    cell.ih.bias = g.array("b_ih");
    cell.hh.bias = g.array("b_hh");
    const tensor3 x = g.array("x");
    const matrix h0 = g.array("h0"), c0 = g.array("c0");
    // Three steps of sums of up to 9 products and a few exp/tanh, in another order than PyTorch:
    // a few ulps per step; 1e-12 relative leaves a wide margin.
    const tolerance close{1e-12, 1e-13};
    const lstm_sequence seq = lstm_forward(cell, x, h0, c0);
    LLMLINGS_CHECK_CLOSE(seq.h, g.array("h"), close);
    LLMLINGS_CHECK_CLOSE(seq.c, g.array("c"), close);
    const lstm_sequence_grads grads = lstm_backward(cell, x, h0, c0, seq, g.array("dy"));
    LLMLINGS_CHECK_CLOSE(grads.dx, g.array("dx"), close);
    LLMLINGS_CHECK_CLOSE(grads.dh0, g.array("dh0"), close);
    LLMLINGS_CHECK_CLOSE(grads.dc0, g.array("dc0"), close);
    LLMLINGS_CHECK_CLOSE(cell.ih.weight_grad, g.array("dW_ih"), close);
    LLMLINGS_CHECK_CLOSE(cell.hh.weight_grad, g.array("dW_hh"), close);
    LLMLINGS_CHECK_CLOSE(cell.ih.bias_grad, g.array("db_ih"), close);
    LLMLINGS_CHECK_CLOSE(cell.hh.bias_grad, g.array("db_hh"), close);
}

TEST_CASE("every LSTM gradient agrees with central differences", "[nn][11_lstm]") {
    const std::size_t batch = 2, steps = 3, in = 3, hidden = 2;
    const lstm_cell base = random_cell(in, hidden, 11);
    xt::random::seed(12);
    const tensor3 x = xt::random::randn<double>({batch, steps, in});
    const matrix h0 = 0.5 * xt::random::randn<double>({batch, hidden});
    const matrix c0 = xt::random::randn<double>({batch, hidden});
    const tensor3 c = xt::random::randn<double>({batch, steps, hidden});
    lstm_cell cell = base;
    const lstm_sequence seq = lstm_forward(cell, x, h0, c0);
    const lstm_sequence_grads grads = lstm_backward(cell, x, h0, c0, seq, c + seq.h);
    auto loss = [&](const lstm_cell& probe, const tensor3& xs, const matrix& h, const matrix& m) {
        return loss_of(lstm_forward(probe, xs, h, m).h, c);
    };
    auto loss_x = [&](const xt::xarray<double>& p) { return loss(base, p, h0, c0); };
    auto loss_h0 = [&](const xt::xarray<double>& p) { return loss(base, x, p, c0); };
    auto loss_c0 = [&](const xt::xarray<double>& p) { return loss(base, x, h0, p); };
    auto loss_wih = [&](const xt::xarray<double>& p) {
        lstm_cell q = base;
        q.ih.weight = p;
        return loss(q, x, h0, c0);
    };
    auto loss_whh = [&](const xt::xarray<double>& p) {
        lstm_cell q = base;
        q.hh.weight = p;
        return loss(q, x, h0, c0);
    };
    auto loss_bih = [&](const xt::xarray<double>& p) {
        lstm_cell q = base;
        q.ih.bias = p;
        return loss(q, x, h0, c0);
    };
    auto loss_bhh = [&](const xt::xarray<double>& p) {
        lstm_cell q = base;
        q.hh.bias = p;
        return loss(q, x, h0, c0);
    };
    // A smooth loss in double: a correct gradient gives relative errors near 1e-9 (CS231n: ≤ 1e-7).
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_x, x, grads.dx), 1e-7);
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_h0, h0, grads.dh0), 1e-7);
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_c0, c0, grads.dc0), 1e-7);
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_wih, base.ih.weight, cell.ih.weight_grad), 1e-7);
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_whh, base.hh.weight, cell.hh.weight_grad), 1e-7);
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_bih, base.ih.bias, cell.ih.bias_grad), 1e-7);
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_bhh, base.hh.bias, cell.hh.bias_grad), 1e-7);
}

TEST_CASE("an open forget gate and a closed input gate keep the memory and its gradient intact", "[nn][11_lstm]") {
    // Biases ±30 saturate the gates: f = σ(30) = 1 − 9.4e-14, i = σ(−30) ≈ 9.4e-14, so over 20
    // steps c changes by about 20 · 1e-13 relative and the gradient reaching c0 is the gradient of
    // the last step's loss, undiminished — the constant error carousel of Hochreiter & Schmidhuber.
    const std::size_t one = 1, hidden = 2, steps = 20;
    lstm_cell cell = random_cell(1, hidden, 41);
    cell.ih.weight.fill(0.0);
    cell.hh.weight.fill(0.0);
    cell.hh.bias.fill(0.0);
    for (std::size_t k = 0; k < hidden; ++k) {
        cell.ih.bias(k) = -30.0;             // i closed
        cell.ih.bias(hidden + k) = 30.0;     // f open
        cell.ih.bias(3 * hidden + k) = 0.0;  // o = ½
    }
    const tensor3 x = xt::ones<double>({one, steps, one});
    const matrix h0 = xt::zeros<double>({one, hidden});
    const matrix c0{{0.7, -1.2}};
    const lstm_sequence seq = lstm_forward(cell, x, h0, c0);
    tensor3 dhs = xt::zeros<double>({one, steps, hidden});
    dhs(0, steps - 1, 0) = 1.0;
    dhs(0, steps - 1, 1) = 1.0;
    const lstm_sequence_grads g = lstm_backward(cell, x, h0, c0, seq, dhs);
    const tolerance carried{1e-11, 1e-12};  // 20 factors of 1 − 1e-13
    for (std::size_t k = 0; k < hidden; ++k) {
        CHECK(std::fabs(seq.c(0, steps - 1, k) - c0(0, k)) < 1e-11);
        const double t = std::tanh(c0(0, k));
        LLMLINGS_CHECK_CLOSE(g.dc0(0, k), 0.5 * (1.0 - t * t), carried);  // dh_T · o · tanh'(c)
    }
}

TEST_CASE("LSTM BPTT accumulates parameter gradients and zero_grad clears them", "[nn][11_lstm]") {
    lstm_cell cell = random_cell(2, 3, 21);
    xt::random::seed(22);
    const tensor3 x = xt::random::randn<double>({2, 3, 2});
    const matrix h0 = xt::zeros<double>({2, 3}), c0 = xt::zeros<double>({2, 3});
    const tensor3 dhs = xt::random::randn<double>({2, 3, 3});
    const lstm_sequence seq = lstm_forward(cell, x, h0, c0);
    lstm_backward(cell, x, h0, c0, seq, dhs);
    const matrix dw = cell.hh.weight_grad;
    const vector db = cell.ih.bias_grad;
    lstm_backward(cell, x, h0, c0, seq, dhs);
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

TEST_CASE("the LSTM default initialisation has four gate blocks within one over root H", "[nn][11_lstm]") {
    lstm_cell cell = make_lstm_cell(10, 16);
    CHECK(cell.ih.weight.shape()[0] == 64);
    CHECK(cell.hh.weight.shape()[1] == 16);
    llmlings::rng gen(7);
    init_lstm_uniform(cell, gen);
    const double bound = 0.25;  // 1/√16
    CHECK(xt::amax(xt::abs(cell.ih.weight))() <= bound);
    CHECK(xt::amax(xt::abs(cell.hh.weight))() <= bound);
    CHECK(xt::amax(xt::abs(cell.hh.bias))() <= bound);
    CHECK(xt::amax(xt::abs(cell.hh.weight))() > 0.9 * bound);  // 1024 draws use the whole range
    CHECK(xt::any(xt::not_equal(cell.ih.bias, 0.0)));
}

TEST_CASE("LSTM functions reject shapes that do not fit", "[nn][11_lstm]") {
    lstm_cell cell = make_lstm_cell(3, 2);
    CHECK_THROWS_AS(lstm_cell_forward(cell, matrix({4, 2}), matrix({4, 2}), matrix({4, 2})), llmlings::shape_error);
    CHECK_THROWS_AS(lstm_cell_forward(cell, matrix({4, 3}), matrix({4, 2}), matrix({4, 3})), llmlings::shape_error);
    CHECK_THROWS_WITH(lstm_cell_forward(cell, matrix({4, 3}), matrix({5, 2}), matrix({4, 2})),
                      contains("lstm_cell_forward") && contains("(4,2)"));
    const lstm_step bad{matrix({4, 2}), matrix({4, 2}), matrix({4, 2})};
    CHECK_THROWS_AS(
        lstm_cell_backward(cell, matrix({4, 3}), matrix({4, 2}), matrix({4, 2}), bad, matrix({4, 2}), matrix({4, 2})),
        llmlings::shape_error);
    CHECK_THROWS_AS(lstm_forward(cell, tensor3({4, 5, 2}), matrix({4, 2}), matrix({4, 2})), llmlings::shape_error);
    CHECK_THROWS_AS(lstm_forward(cell, tensor3({4, 5, 3}), matrix({4, 2}), matrix({4, 1})), llmlings::shape_error);
    const lstm_sequence seq{tensor3({4, 5, 2}), tensor3({4, 5, 2}), tensor3({4, 5, 8})};
    CHECK_THROWS_AS(lstm_backward(cell, tensor3({4, 5, 3}), matrix({4, 2}), matrix({4, 2}), seq, tensor3({4, 5, 3})),
                    llmlings::shape_error);
    CHECK_THROWS_AS(make_lstm_cell(0, 2), llmlings::invalid_argument);
    lstm_cell empty;
    llmlings::rng gen(1);
    CHECK_THROWS_AS(init_lstm_uniform(empty, gen), llmlings::invalid_argument);
}
