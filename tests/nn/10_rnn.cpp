// SPDX-License-Identifier: MIT
// Tests for nn/10_rnn. Oracles: hand-worked one-unit cells (tanh of a few products, written out in
// the test), golden values from torch.nn.RNNCell with fixed weights (tools/golden/nn_recurrent.py),
// central-difference gradient checks of every gradient (llmlings::testing::gradient_check), the
// accumulation identity and PyTorch's initialisation range.
#include <llmlings/testing.hpp>

#include <llmlings/nn/10_rnn.hpp>

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

// A few tanh and products of small numbers in double: agreement to a few ulps.
const tolerance tight{1e-13, 1e-14};

// A cell with seeded N(0, 0.5²) parameters (xtensor's generator, independent of the code under test).
rnn_cell random_cell(std::size_t in, std::size_t hidden, unsigned seed) {
    rnn_cell cell = make_rnn_cell(in, hidden);
    xt::random::seed(seed);
    cell.ih.weight = 0.5 * xt::random::randn<double>({hidden, in});
    cell.hh.weight = 0.5 * xt::random::randn<double>({hidden, hidden});
    cell.ih.bias = 0.5 * xt::random::randn<double>({hidden});
    cell.hh.bias = 0.5 * xt::random::randn<double>({hidden});
    return cell;
}

// L = Σ c⊙hs + ½ Σ hs², so dL/dhs = c + hs (depends on the parameters, unlike a linear loss).
double loss_of(const tensor3& hs, const tensor3& c) {
    double sum = 0.0;
    for (std::size_t k = 0; k < hs.size(); ++k) sum += c.data()[k] * hs.data()[k] + 0.5 * hs.data()[k] * hs.data()[k];
    return sum;
}

}  // namespace

TEST_CASE("one forward step of a one-unit cell is tanh of the weighted input and state", "[nn][10_rnn]") {
    rnn_cell cell = make_rnn_cell(1, 1);
    cell.ih.weight = matrix{{1.0}};
    cell.hh.weight = matrix{{0.5}};
    cell.ih.bias = vector{0.25};
    cell.hh.bias = vector{-0.5};
    const matrix x{{1.0}, {-2.0}};
    const matrix h{{2.0}, {0.0}};
    // Row 1: 1 + 0.25 + 0.5·2 − 0.5 = 1.75. Row 2: −2 + 0.25 + 0 − 0.5 = −2.25.
    LLMLINGS_CHECK_CLOSE(rnn_cell_forward(cell, x, h), (matrix{{std::tanh(1.75)}, {std::tanh(-2.25)}}), tight);
}

TEST_CASE("one backward step multiplies by one minus h squared then by the weights", "[nn][10_rnn]") {
    rnn_cell cell = make_rnn_cell(2, 1);
    cell.ih.weight = matrix{{1.0, -1.0}};
    cell.hh.weight = matrix{{0.5}};
    const matrix x{{0.5, 0.25}};
    const matrix h{{1.0}};
    const matrix h_next = rnn_cell_forward(cell, x, h);  // tanh(0.25 + 0.5) = tanh(0.75)
    const double t = std::tanh(0.75), da = 2.0 * (1.0 - t * t);
    const rnn_step_grads g = rnn_cell_backward(cell, x, h, h_next, matrix{{2.0}});
    LLMLINGS_CHECK_CLOSE(g.dx, (matrix{{da, -da}}), tight);
    LLMLINGS_CHECK_CLOSE(g.dh, (matrix{{0.5 * da}}), tight);
    LLMLINGS_CHECK_CLOSE(cell.ih.weight_grad, (matrix{{0.5 * da, 0.25 * da}}), tight);
    LLMLINGS_CHECK_CLOSE(cell.hh.weight_grad, (matrix{{da}}), tight);
    LLMLINGS_CHECK_CLOSE(cell.ih.bias_grad, (vector{da}), tight);
    LLMLINGS_CHECK_CLOSE(cell.hh.bias_grad, (vector{da}), tight);
}

TEST_CASE("the sequence forward feeds each hidden state into the next step", "[nn][10_rnn]") {
    rnn_cell cell = make_rnn_cell(1, 1);
    cell.ih.weight = matrix{{0.8}};
    cell.hh.weight = matrix{{-0.6}};
    cell.ih.bias = vector{0.1};
    tensor3 x({1, 3, 1});
    x(0, 0, 0) = 1.0;
    x(0, 1, 0) = -0.5;
    x(0, 2, 0) = 2.0;
    const matrix h0{{0.3}};
    const double h1 = std::tanh(0.8 * 1.0 + 0.1 - 0.6 * 0.3);
    const double h2 = std::tanh(0.8 * -0.5 + 0.1 - 0.6 * h1);
    const double h3 = std::tanh(0.8 * 2.0 + 0.1 - 0.6 * h2);
    const tensor3 hs = rnn_forward(cell, x, h0);
    REQUIRE(hs.shape()[0] == 1);
    REQUIRE(hs.shape()[1] == 3);
    REQUIRE(hs.shape()[2] == 1);
    CHECK(std::fabs(hs(0, 0, 0) - h1) < 1e-15);
    CHECK(std::fabs(hs(0, 1, 0) - h2) < 1e-15);
    CHECK(std::fabs(hs(0, 2, 0) - h3) < 1e-15);
}

TEST_CASE("forward and BPTT match torch nn RNNCell on the golden file", "[nn][10_rnn]") {
    const golden_file g = golden_file::load(golden_path("nn/10_rnn.txt"));
    rnn_cell cell = make_rnn_cell(4, 3);
    cell.ih.weight = g.array("W_ih");
    cell.hh.weight = g.array("W_hh");
    cell.ih.bias = g.array("b_ih");
    cell.hh.bias = g.array("b_hh");
    const tensor3 x = g.array("x");
    const matrix h0 = g.array("h0");
    // Three steps of sums of 4-7 products and a tanh, in another order than PyTorch: a few ulps
    // per step, amplified by at most |W| ~ 3 per step; 1e-12 relative leaves a wide margin.
    const tolerance close{1e-12, 1e-13};
    const tensor3 hs = rnn_forward(cell, x, h0);
    LLMLINGS_CHECK_CLOSE(hs, g.array("h"), close);
    const rnn_sequence_grads grads = rnn_backward(cell, x, h0, hs, g.array("dy"));
    LLMLINGS_CHECK_CLOSE(grads.dx, g.array("dx"), close);
    LLMLINGS_CHECK_CLOSE(grads.dh0, g.array("dh0"), close);
    LLMLINGS_CHECK_CLOSE(cell.ih.weight_grad, g.array("dW_ih"), close);
    LLMLINGS_CHECK_CLOSE(cell.hh.weight_grad, g.array("dW_hh"), close);
    LLMLINGS_CHECK_CLOSE(cell.ih.bias_grad, g.array("db_ih"), close);
    LLMLINGS_CHECK_CLOSE(cell.hh.bias_grad, g.array("db_hh"), close);
}

TEST_CASE("every BPTT gradient agrees with central differences", "[nn][10_rnn]") {
    const std::size_t batch = 2, steps = 4, in = 3, hidden = 3;
    const rnn_cell base = random_cell(in, hidden, 11);
    xt::random::seed(12);
    const tensor3 x = xt::random::randn<double>({batch, steps, in});
    const matrix h0 = 0.5 * xt::random::randn<double>({batch, hidden});
    const tensor3 c = xt::random::randn<double>({batch, steps, hidden});
    rnn_cell cell = base;
    const tensor3 hs = rnn_forward(cell, x, h0);
    const rnn_sequence_grads grads = rnn_backward(cell, x, h0, hs, c + hs);
    auto loss = [&](const rnn_cell& probe, const tensor3& xs, const matrix& h) {
        return loss_of(rnn_forward(probe, xs, h), c);
    };
    auto loss_x = [&](const xt::xarray<double>& p) { return loss(base, p, h0); };
    auto loss_h0 = [&](const xt::xarray<double>& p) { return loss(base, x, p); };
    auto loss_wih = [&](const xt::xarray<double>& p) {
        rnn_cell q = base;
        q.ih.weight = p;
        return loss(q, x, h0);
    };
    auto loss_whh = [&](const xt::xarray<double>& p) {
        rnn_cell q = base;
        q.hh.weight = p;
        return loss(q, x, h0);
    };
    auto loss_bih = [&](const xt::xarray<double>& p) {
        rnn_cell q = base;
        q.ih.bias = p;
        return loss(q, x, h0);
    };
    auto loss_bhh = [&](const xt::xarray<double>& p) {
        rnn_cell q = base;
        q.hh.bias = p;
        return loss(q, x, h0);
    };
    // A smooth loss in double: a correct gradient gives relative errors near 1e-9 (CS231n: ≤ 1e-7).
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_x, x, grads.dx), 1e-7);
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_h0, h0, grads.dh0), 1e-7);
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_wih, base.ih.weight, cell.ih.weight_grad), 1e-7);
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_whh, base.hh.weight, cell.hh.weight_grad), 1e-7);
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_bih, base.ih.bias, cell.ih.bias_grad), 1e-7);
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_bhh, base.hh.bias, cell.hh.bias_grad), 1e-7);
}

TEST_CASE("BPTT accumulates parameter gradients and zero_grad clears them", "[nn][10_rnn]") {
    rnn_cell cell = random_cell(2, 3, 21);
    xt::random::seed(22);
    const tensor3 x = xt::random::randn<double>({2, 3, 2});
    const matrix h0 = xt::zeros<double>({2, 3});
    const tensor3 dhs = xt::random::randn<double>({2, 3, 3});
    const tensor3 hs = rnn_forward(cell, x, h0);
    const rnn_sequence_grads first = rnn_backward(cell, x, h0, hs, dhs);
    const matrix dw = cell.hh.weight_grad;
    const vector db = cell.ih.bias_grad;
    const rnn_sequence_grads second = rnn_backward(cell, x, h0, hs, dhs);
    // Two calls add the same gradient twice (x2 is exact in binary); dx is returned, not summed.
    LLMLINGS_CHECK_CLOSE(cell.hh.weight_grad, 2.0 * dw, tight);
    LLMLINGS_CHECK_CLOSE(cell.ih.bias_grad, 2.0 * db, tight);
    LLMLINGS_CHECK_CLOSE(second.dx, first.dx, tight);
    CHECK(xt::any(xt::not_equal(dw, 0.0)));
    zero_grad(cell);
    CHECK(xt::all(xt::equal(cell.ih.weight_grad, 0.0)));
    CHECK(xt::all(xt::equal(cell.hh.weight_grad, 0.0)));
    CHECK(xt::all(xt::equal(cell.ih.bias_grad, 0.0)));
    CHECK(xt::all(xt::equal(cell.hh.bias_grad, 0.0)));
}

TEST_CASE("the gradient reaching h0 shrinks with distance when the recurrent weights are small", "[nn][10_rnn]") {
    // Vanishing gradients: with ‖W_hh‖ < 1 and |tanh'| ≤ 1 each step back multiplies the gradient
    // by a factor below 1, so a loss on the last step only reaches h0 weakened geometrically.
    rnn_cell cell = random_cell(2, 3, 31);
    cell.hh.weight *= 0.3;
    auto h0_gradient_norm = [&](std::size_t steps) {
        xt::random::seed(32);
        const std::size_t one = 1, in = 2, hidden = 3;
        const tensor3 x = xt::random::randn<double>({one, steps, in});
        const matrix h0 = xt::zeros<double>({one, hidden});
        tensor3 dhs = xt::zeros<double>({one, steps, hidden});
        for (std::size_t k = 0; k < 3; ++k) dhs(0, steps - 1, k) = 1.0;
        rnn_cell probe = cell;
        const rnn_sequence_grads g = rnn_backward(probe, x, h0, rnn_forward(probe, x, h0), dhs);
        return std::sqrt(xt::sum(g.dh0 * g.dh0)());
    };
    const double near = h0_gradient_norm(2), far = h0_gradient_norm(12);
    CHECK(near > 1e-3);
    CHECK(far < 1e-3 * near);
}

TEST_CASE("the default initialisation draws from plus or minus one over root H", "[nn][10_rnn]") {
    rnn_cell cell = make_rnn_cell(30, 16);
    llmlings::rng gen(7);
    init_rnn_uniform(cell, gen);
    const double bound = 0.25;  // 1/√16
    CHECK(xt::amax(xt::abs(cell.ih.weight))() <= bound);
    CHECK(xt::amax(xt::abs(cell.hh.weight))() <= bound);
    CHECK(xt::amax(xt::abs(cell.ih.bias))() <= bound);
    CHECK(xt::amax(xt::abs(cell.hh.bias))() <= bound);
    CHECK(xt::amax(xt::abs(cell.ih.weight))() > 0.9 * bound);  // 480 draws use the whole range
    CHECK(xt::any(xt::not_equal(cell.hh.bias, 0.0)));
    rnn_cell again = make_rnn_cell(30, 16);
    llmlings::rng same(7);
    init_rnn_uniform(again, same);
    CHECK(xt::all(xt::equal(again.hh.weight, cell.hh.weight)));
}

TEST_CASE("RNN functions reject shapes that do not fit", "[nn][10_rnn]") {
    rnn_cell cell = make_rnn_cell(3, 2);
    CHECK_THROWS_AS(rnn_cell_forward(cell, matrix({4, 2}), matrix({4, 2})), llmlings::shape_error);
    CHECK_THROWS_AS(rnn_cell_forward(cell, matrix({4, 3}), matrix({5, 2})), llmlings::shape_error);
    CHECK_THROWS_WITH(rnn_cell_forward(cell, matrix({4, 3}), matrix({4, 3})),
                      contains("rnn_cell_forward") && contains("(4,2)"));
    CHECK_THROWS_AS(rnn_cell_backward(cell, matrix({4, 3}), matrix({4, 2}), matrix({4, 2}), matrix({4, 3})),
                    llmlings::shape_error);
    CHECK_THROWS_AS(rnn_forward(cell, tensor3({4, 5, 2}), matrix({4, 2})), llmlings::shape_error);
    CHECK_THROWS_AS(rnn_forward(cell, tensor3({4, 5, 3}), matrix({3, 2})), llmlings::shape_error);
    CHECK_THROWS_AS(rnn_backward(cell, tensor3({4, 5, 3}), matrix({4, 2}), tensor3({4, 5, 2}), tensor3({4, 4, 2})),
                    llmlings::shape_error);
    CHECK_THROWS_AS(make_rnn_cell(0, 2), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_rnn_cell(2, 0), llmlings::invalid_argument);
    rnn_cell empty;
    llmlings::rng gen(1);
    CHECK_THROWS_AS(init_rnn_uniform(empty, gen), llmlings::invalid_argument);
}
