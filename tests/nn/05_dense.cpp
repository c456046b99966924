// SPDX-License-Identifier: MIT
// Tests for nn/05_dense. Oracles: hand-worked forward and backward cases, central-difference
// gradient checks of dx, dW and db (llmlings::testing::gradient_check), golden values from
// torch.nn.Linear (tools/golden/nn_dense.py), the accumulation identity (two backward calls give
// twice the gradient), and the variances 2/I and 2/(I+O) of the initialisers within CLT bounds.
#include <llmlings/testing.hpp>

#include <llmlings/nn/05_dense.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>

#include <xtensor/xrandom.hpp>
#include <xtensor/xview.hpp>

using llmlings::matrix;
using llmlings::vector;
using llmlings::testing::golden_file;
using llmlings::testing::golden_path;
using llmlings::testing::gradient_check;
using llmlings::testing::tolerance;
using namespace llmlings::nn;
using llmlings::testing::contains;

namespace {

// A few double operations on small integers: exact, 1e-14 allowed for BLAS's summation order.
const tolerance exact{1e-14, 1e-14};

// A layer with seeded N(0,1) weights and biases (xtensor's generator, independent of the code
// under test).
dense_layer random_layer(std::size_t in, std::size_t out, unsigned seed) {
    dense_layer layer = make_dense(in, out);
    xt::random::seed(seed);
    layer.weight = xt::random::randn<double>({out, in});
    layer.bias = xt::random::randn<double>({out});
    return layer;
}

// The scalar loss used by the gradient checks: L = Σ c⊙y + ½ Σ y², so dL/dy = c + y depends on
// the parameters (a linear loss would make a wrong dx hard to tell from a right one).
double loss_of(const matrix& y, const matrix& c) {
    double sum = 0.0;
    for (std::size_t k = 0; k < y.size(); ++k) sum += c.data()[k] * y.data()[k] + 0.5 * y.data()[k] * y.data()[k];
    return sum;
}

// Sample mean and (n−1) variance of all entries of a matrix.
void moments(const matrix& w, double& mean, double& variance) {
    const double n = static_cast<double>(w.size());
    mean = 0.0;
    for (double v : w) mean += v;
    mean /= n;
    variance = 0.0;
    for (double v : w) variance += (v - mean) * (v - mean);
    variance /= n - 1.0;
}

}  // namespace

TEST_CASE("the forward pass of a hand-worked layer is x times W transposed plus b", "[nn][05_dense]") {
    dense_layer layer = make_dense(2, 3);
    layer.weight = matrix{{1, 2}, {3, 4}, {5, 6}};
    layer.bias = vector{0.5, 0, -1};
    const matrix x{{1, 1}, {2, -1}};
    // Row 1: (1+2, 3+4, 5+6) + b = (3.5, 7, 10); row 2: (2-2, 6-4, 10-6) + b = (0.5, 2, 3).
    LLMLINGS_CHECK_CLOSE(dense_forward(layer, x), (matrix{{3.5, 7, 10}, {0.5, 2, 3}}), exact);
    matrix y({7, 7});  // wrong shape: resized to (2,3)
    dense_forward(layer, x, y);
    LLMLINGS_CHECK_CLOSE(y, (matrix{{3.5, 7, 10}, {0.5, 2, 3}}), exact);
    const double* buffer = y.data();
    dense_forward(layer, x, y);  // right shape now: written in place, not reallocated
    CHECK(y.data() == buffer);
}

TEST_CASE("the backward pass of a hand-worked layer gives dy W and dy transposed x", "[nn][05_dense]") {
    dense_layer layer = make_dense(2, 1);
    layer.weight = matrix{{1, 2}};
    const matrix x{{3, 4}};
    const matrix dy{{1}};
    LLMLINGS_CHECK_CLOSE(dense_backward(layer, x, dy), (matrix{{1, 2}}), exact);
    LLMLINGS_CHECK_CLOSE(layer.weight_grad, (matrix{{3, 4}}), exact);
    LLMLINGS_CHECK_CLOSE(layer.bias_grad, (vector{1}), exact);
    // A batch of two: the parameter gradients sum over the rows.
    dense_layer two = make_dense(2, 1);
    two.weight = matrix{{1, 2}};
    const matrix dx = dense_backward(two, matrix{{3, 4}, {1, -1}}, matrix{{1}, {2}});
    LLMLINGS_CHECK_CLOSE(dx, (matrix{{1, 2}, {2, 4}}), exact);
    LLMLINGS_CHECK_CLOSE(two.weight_grad, (matrix{{5, 2}}), exact);  // 1·(3,4) + 2·(1,−1)
    LLMLINGS_CHECK_CLOSE(two.bias_grad, (vector{3}), exact);
}

TEST_CASE("dx dW and db agree with central differences", "[nn][05_dense]") {
    const dense_layer layer = random_layer(4, 3, 11);
    xt::random::seed(12);
    const matrix x = xt::random::randn<double>({5, 4});
    const matrix c = xt::random::randn<double>({5, 3});
    dense_layer analytic = layer;
    const matrix y = dense_forward(analytic, x);
    const matrix dy = c + y;  // dL/dy of L = Σ c⊙y + ½Σy²
    const matrix dx = dense_backward(analytic, x, dy);

    auto loss_x = [&](const xt::xarray<double>& point) { return loss_of(dense_forward(layer, matrix(point)), c); };
    auto loss_w = [&](const xt::xarray<double>& point) {
        dense_layer probe = layer;
        probe.weight = point;
        return loss_of(dense_forward(probe, x), c);
    };
    auto loss_b = [&](const xt::xarray<double>& point) {
        dense_layer probe = layer;
        probe.bias = point;
        return loss_of(dense_forward(probe, x), c);
    };
    // A smooth loss in double: a correct gradient gives relative errors near 1e-9 (CS231n: ≤ 1e-7).
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_x, x, dx), 1e-7);
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_w, layer.weight, analytic.weight_grad), 1e-7);
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_b, layer.bias, analytic.bias_grad), 1e-7);
}

TEST_CASE("backward accumulates parameter gradients and zero_grad clears them", "[nn][05_dense]") {
    dense_layer layer = random_layer(6, 4, 21);
    xt::random::seed(22);
    const matrix x = xt::random::randn<double>({3, 6});
    const matrix dy = xt::random::randn<double>({3, 4});
    const matrix dx1 = dense_backward(layer, x, dy);
    const matrix dw1 = layer.weight_grad;
    const vector db1 = layer.bias_grad;
    matrix dx2({3, 6});
    dense_backward(layer, x, dy, dx2);
    // Two calls add the same gradient twice (x2 is exact in binary); dx is overwritten, not summed.
    LLMLINGS_CHECK_CLOSE(layer.weight_grad, 2.0 * dw1, exact);
    LLMLINGS_CHECK_CLOSE(layer.bias_grad, 2.0 * db1, exact);
    LLMLINGS_CHECK_CLOSE(dx2, dx1, exact);
    zero_grad(layer);
    CHECK(xt::all(xt::equal(layer.weight_grad, 0.0)));
    CHECK(xt::all(xt::equal(layer.bias_grad, 0.0)));
    CHECK(layer.weight_grad.shape()[0] == 4);
    CHECK(layer.weight_grad.shape()[1] == 6);
}

TEST_CASE("forward and backward match torch nn Linear on the golden file", "[nn][05_dense]") {
    const golden_file g = golden_file::load(golden_path("nn/05_dense.txt"));
    dense_layer layer = make_dense(4, 3);
    layer.weight = g.array("W");
    layer.bias = g.array("b");
    const matrix x = g.array("x");
    const matrix dy = g.array("dy");
    // Sums of 4 or 5 products of O(1) numbers in another order: agreement to a few ulps.
    const tolerance close{1e-12, 1e-13};
    LLMLINGS_CHECK_CLOSE(dense_forward(layer, x), g.array("y"), close);
    LLMLINGS_CHECK_CLOSE(dense_backward(layer, x, dy), g.array("dx"), close);
    LLMLINGS_CHECK_CLOSE(layer.weight_grad, g.array("dW"), close);
    LLMLINGS_CHECK_CLOSE(layer.bias_grad, g.array("db"), close);
}

TEST_CASE("He initialisation has variance 2 over fan_in", "[nn][05_dense]") {
    // 512 x 256 = 131072 draws. The sample variance of n normals has standard error
    // σ²·√(2/n) ≈ 0.4 % of σ² (uniform: σ²·√(0.8/n) ≈ 0.25 %); 2 % is five standard errors.
    const std::size_t in = 512, out = 256;
    const double target = 2.0 / static_cast<double>(in);
    const double n = static_cast<double>(in * out);
    llmlings::rng gen(3);
    dense_layer normal = make_dense(in, out);
    normal.bias.fill(1.0);
    init_he_normal(normal, gen);
    double mean = 0.0, variance = 0.0;
    moments(normal.weight, mean, variance);
    CHECK(std::fabs(mean) < 5.0 * std::sqrt(target / n));
    CHECK(std::fabs(variance / target - 1.0) < 0.02);
    CHECK(xt::all(xt::equal(normal.bias, 0.0)));
    // A normal has about 8 % of its mass beyond √3 σ, the uniform's bound.
    const double bound = std::sqrt(3.0 * target);
    CHECK(std::count_if(normal.weight.begin(), normal.weight.end(), [&](double w) { return std::fabs(w) > bound; }) >
          5000);

    dense_layer uniform = make_dense(in, out);
    init_he_uniform(uniform, gen);
    moments(uniform.weight, mean, variance);
    CHECK(std::fabs(mean) < 5.0 * std::sqrt(target / n));
    CHECK(std::fabs(variance / target - 1.0) < 0.02);
    CHECK(xt::amax(xt::abs(uniform.weight))() <= bound);
    CHECK(xt::amax(xt::abs(uniform.weight))() > 0.999 * bound);  // the range is used up to its end
}

TEST_CASE("Xavier initialisation has variance 2 over fan_in plus fan_out", "[nn][05_dense]") {
    // Same CLT bound as the He test: 2 % is about five standard errors of the sample variance.
    const std::size_t in = 384, out = 256;
    const double target = 2.0 / static_cast<double>(in + out);
    const double n = static_cast<double>(in * out);
    llmlings::rng gen(4);
    dense_layer uniform = make_dense(in, out);
    init_xavier_uniform(uniform, gen);
    double mean = 0.0, variance = 0.0;
    moments(uniform.weight, mean, variance);
    CHECK(std::fabs(mean) < 5.0 * std::sqrt(target / n));
    CHECK(std::fabs(variance / target - 1.0) < 0.02);
    CHECK(xt::amax(xt::abs(uniform.weight))() <= std::sqrt(3.0 * target));

    dense_layer normal = make_dense(in, out);
    init_xavier_normal(normal, gen, 2.0);  // gain 2 multiplies the variance by 4
    moments(normal.weight, mean, variance);
    CHECK(std::fabs(mean) < 5.0 * std::sqrt(4.0 * target / n));
    CHECK(std::fabs(variance / (4.0 * target) - 1.0) < 0.02);
}

TEST_CASE("initialisation is reproducible from the seed", "[nn][05_dense]") {
    dense_layer a = make_dense(10, 7), b = make_dense(10, 7);
    llmlings::rng gen_a(99), gen_b(99);
    init_xavier_normal(a, gen_a);
    init_xavier_normal(b, gen_b);
    CHECK(xt::all(xt::equal(a.weight, b.weight)));
    init_he_uniform(a, gen_a);
    CHECK_FALSE(xt::all(xt::equal(a.weight, b.weight)));  // the generator moved on
}

TEST_CASE("He initialisation keeps ReLU activations at their scale through ten layers", "[nn][05_dense]") {
    // The reason for the factor 2: with Var(W) = 2/I the mean square of ReLU activations is kept
    // (in expectation) layer after layer; with Var(W) = 1/I it halves at each layer.
    const std::size_t width = 200, batch = 50;
    xt::random::seed(5);
    const matrix x0 = xt::random::randn<double>({batch, width});
    auto mean_square_after = [&](bool he) {
        llmlings::rng gen(6);
        matrix h = x0;
        for (int depth = 0; depth < 10; ++depth) {
            dense_layer layer = make_dense(width, width);
            if (he)
                init_he_normal(layer, gen);
            else
                init_xavier_normal(layer, gen);  // Var = 2/(2·width) = 1/width
            h = dense_forward(layer, h);
            h = xt::maximum(h, 0.0);  // ReLU
        }
        double sum = 0.0;
        for (double v : h) sum += v * v;
        return sum / static_cast<double>(h.size());
    };
    // The input has mean square 1; after ReLU the second moment per layer is ½·2 = 1 with He.
    // Seeded, the fluctuation over 10 layers of width 200 is a few tens of percent.
    const double he = mean_square_after(true);
    const double xavier = mean_square_after(false);
    CHECK(he > 0.3);
    CHECK(he < 3.0);
    CHECK(xavier < 0.01);  // (1/2)^10 ≈ 0.001: vanishing
}

TEST_CASE("dense functions reject shapes that do not fit", "[nn][05_dense]") {
    dense_layer layer = make_dense(3, 2);
    CHECK_THROWS_AS(dense_forward(layer, matrix({4, 2})), llmlings::shape_error);
    CHECK_THROWS_WITH(dense_forward(layer, matrix({4, 2})), contains("dense_forward") && contains("3"));
    CHECK_THROWS_AS(dense_backward(layer, matrix({4, 2}), matrix({4, 2})), llmlings::shape_error);
    CHECK_THROWS_AS(dense_backward(layer, matrix({4, 3}), matrix({4, 3})), llmlings::shape_error);
    CHECK_THROWS_AS(dense_backward(layer, matrix({4, 3}), matrix({5, 2})), llmlings::shape_error);
}

TEST_CASE("dense functions reject invalid arguments", "[nn][05_dense]") {
    CHECK_THROWS_AS(make_dense(0, 3), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_dense(3, 0), llmlings::invalid_argument);
    dense_layer layer = make_dense(3, 2);
    llmlings::rng gen(1);
    CHECK_THROWS_AS(init_xavier_uniform(layer, gen, -1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(init_xavier_normal(layer, gen, 0.0), llmlings::invalid_argument);
    dense_layer empty;
    CHECK_THROWS_AS(init_he_normal(empty, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(init_he_uniform(empty, gen), llmlings::invalid_argument);
}
