// SPDX-License-Identifier: MIT
// Tests for nn/05_dense. Oracles: hand-worked forward and backward cases, central-difference
// gradient checks of dx, dW and db (llmlings::testing::gradient_check and
// check_store_gradients), golden values from torch.nn.Linear (tools/golden/nn_dense.py), the
// accumulation identity (two backward calls give twice the gradient), the float pass against the
// double pass, the (B,T,C) pass against one pass per time step, and the variances 2/I and
// 2/(I+O) of the initialisers within CLT bounds. The random inputs, the golden file, the central
// differences and the moments are in oracles/05_dense.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/nn/05_dense.hpp>

#include <cmath>
#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

#include "oracles/05_dense.hpp"

using llmlings::as_rows;
using llmlings::matrix;
using llmlings::matrix_of;
using llmlings::parameter_store;
using llmlings::tensor3;
using llmlings::vector;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::nn;
using namespace oracles;

namespace {

// A few double operations on small integers: exact, 1e-14 allowed for BLAS's summation order.
const tolerance exact{1e-14, 1e-14};

// A layer "fc" in its own store with seeded N(0,1) weights and biases (xtensor's generator,
// independent of the code under test).
template <class T = double>
struct random_dense {
    parameter_store<T> store;
    dense_layer<T> layer;
    random_dense(std::size_t in, std::size_t out, unsigned seed) : layer(make_dense(store, "fc", in, out)) {
        seed_layer(seed, layer.weight, layer.bias);
    }
};

}  // namespace

TEST_CASE("make_dense registers a weight of shape out by in and a bias in the store", "[nn][05_dense]") {
    parameter_store<float> store;
    const dense_layer<float> fc1 = make_dense(store, "fc1", 4, 3);
    const dense_layer<float> head = make_dense(store, "head", 3, 5, false);
    CHECK(store.count() == 3);
    CHECK(store.numel() == 12 + 3 + 15);
    CHECK(fc1.weight.name() == "fc1.weight");
    CHECK(fc1.weight.shape() == std::vector<std::size_t>{3, 4});  // PyTorch's (out, in)
    CHECK(fc1.bias.name() == "fc1.bias");
    CHECK(fc1.weight.decays());  // a matrix: in the weight-decay group
    CHECK(!fc1.bias.decays());   // a bias: not
    CHECK(!head.bias.registered());
    CHECK(store.find("head.weight").offset() == 15);
    CHECK_THROWS_AS(make_dense(store, "fc1", 4, 3), llmlings::invalid_argument);  // the name is taken
}

TEST_CASE("the forward pass of a hand-worked layer is x times W transposed plus b", "[nn][05_dense]") {
    parameter_store<double> store;
    dense_layer<double> layer = make_dense(store, "fc", 2, 3);
    layer.weight.value<2>() = matrix{{1, 2}, {3, 4}, {5, 6}};
    layer.bias.value<1>() = vector{0.5, 0, -1};
    const matrix x{{1, 1}, {2, -1}};
    // Row 1: (1+2, 3+4, 5+6) + b = (3.5, 7, 10); row 2: (2-2, 6-4, 10-6) + b = (0.5, 2, 3).
    LLMLINGS_CHECK_CLOSE(dense_forward(layer, x), (matrix{{3.5, 7, 10}, {0.5, 2, 3}}), exact);
    matrix y({2, 3});
    const double* buffer = y.data();
    dense_forward(layer, as_rows(x), as_rows(y));  // into a preallocated output, in place
    LLMLINGS_CHECK_CLOSE(y, (matrix{{3.5, 7, 10}, {0.5, 2, 3}}), exact);
    CHECK(y.data() == buffer);
    // without a bias, y = x Wᵀ
    dense_layer<double> plain = make_dense(store, "plain", 2, 3, false);
    plain.weight.value<2>() = matrix{{1, 2}, {3, 4}, {5, 6}};
    LLMLINGS_CHECK_CLOSE(dense_forward(plain, x), (matrix{{3, 7, 11}, {0, 2, 4}}), exact);
}

TEST_CASE("the backward pass of a hand-worked layer gives dy W and dy transposed x", "[nn][05_dense]") {
    parameter_store<double> store;
    dense_layer<double> layer = make_dense(store, "one", 2, 1);
    layer.weight.value<2>() = matrix{{1, 2}};
    const matrix x{{3, 4}};
    const matrix dy{{1}};
    LLMLINGS_CHECK_CLOSE(dense_backward(layer, x, dy), (matrix{{1, 2}}), exact);
    LLMLINGS_CHECK_CLOSE(layer.weight.grad<2>(), (matrix{{3, 4}}), exact);
    LLMLINGS_CHECK_CLOSE(layer.bias.grad<1>(), (vector{1}), exact);
    // A batch of two: the parameter gradients sum over the rows.
    dense_layer<double> two = make_dense(store, "two", 2, 1);
    two.weight.value<2>() = matrix{{1, 2}};
    const matrix dx = dense_backward(two, matrix{{3, 4}, {1, -1}}, matrix{{1}, {2}});
    LLMLINGS_CHECK_CLOSE(dx, (matrix{{1, 2}, {2, 4}}), exact);
    LLMLINGS_CHECK_CLOSE(two.weight.grad<2>(), (matrix{{5, 2}}), exact);  // 1·(3,4) + 2·(1,−1)
    LLMLINGS_CHECK_CLOSE(two.bias.grad<1>(), (vector{3}), exact);
}

TEST_CASE("dx dW and db agree with central differences", "[nn][05_dense]") {
    random_dense<> r(4, 3, 11);
    const matrix x = seeded_normal(12, 5, 4);
    const matrix c = seeded_normal(-1, 5, 3);
    const matrix y = dense_forward(r.layer, x);
    const matrix dy = loss_gradient(y, c);  // dL/dy = c + y of L = Σ c⊙y + ½Σy²
    const matrix dx = dense_backward(r.layer, x, dy);

    auto loss_x = [&](const matrix& point) { return loss_of(dense_forward(r.layer, point), c); };
    // A smooth loss in double: a correct gradient gives relative errors near 1e-9 (CS231n: ≤ 1e-7).
    LLMLINGS_CHECK_GRADIENT(check_gradient(loss_x, x, dx), 1e-7);
    LLMLINGS_CHECK_STORE_GRADIENTS(check_store(r.store, [&] { return loss_of(dense_forward(r.layer, x), c); }), 1e-7);
}

TEST_CASE("backward accumulates parameter gradients and the store's zero_grad clears them", "[nn][05_dense]") {
    random_dense<> r(6, 4, 21);
    const matrix x = seeded_normal(22, 3, 6);
    const matrix dy = seeded_normal(-1, 3, 4);
    const matrix dx1 = dense_backward(r.layer, x, dy);
    const vector twice_dw1 = grads_of(r.layer.weight, 2.0), twice_db1 = grads_of(r.layer.bias, 2.0);
    matrix dx2({3, 6});
    dense_backward(r.layer, as_rows(x), as_rows(dy), as_rows(dx2));
    // Two calls add the same gradient twice (x2 is exact in binary); dx is overwritten, not summed.
    LLMLINGS_CHECK_CLOSE(grads_of(r.layer.weight), twice_dw1, exact);
    LLMLINGS_CHECK_CLOSE(grads_of(r.layer.bias), twice_db1, exact);
    LLMLINGS_CHECK_CLOSE(dx2, dx1, exact);
    r.store.zero_grad();
    CHECK(grads_all(r.layer.weight, 0.0));
    CHECK(grads_all(r.layer.bias, 0.0));
}

TEST_CASE("forward and backward match torch nn Linear on the golden file", "[nn][05_dense]") {
    const dense_golden g = load_dense_golden();
    parameter_store<double> store;
    dense_layer<double> layer = make_dense(store, "fc", 4, 3);
    layer.weight.value<2>() = g.weight;
    layer.bias.value<1>() = g.bias;
    // Sums of 4 or 5 products of O(1) numbers in another order: agreement to a few ulps.
    const tolerance close{1e-12, 1e-13};
    LLMLINGS_CHECK_CLOSE(dense_forward(layer, g.x), g.y, close);
    LLMLINGS_CHECK_CLOSE(dense_backward(layer, g.x, g.dy), g.dx, close);
    LLMLINGS_CHECK_CLOSE(layer.weight.grad<2>(), g.d_weight, close);
    LLMLINGS_CHECK_CLOSE(layer.bias.grad<1>(), g.d_bias, close);
}

TEMPLATE_TEST_CASE("the float layer computes what the double layer computes to float precision", "[nn][05_dense]",
                   float, double) {
    // Same weights (the float ones are the double ones rounded), same input: sums of 64 products
    // of N(0,1) numbers, each rounded to 2⁻²⁴ in float, differ from double by ~√64·2⁻²⁴·|terms|
    // ≈ 1e-6 absolute; 1e-5 allows for the worst of 32·16 outputs. In double: BLAS order only.
    const double atol = std::is_same<TestType, float>::value ? 1e-5 : 1e-12;
    random_dense<double> reference(64, 16, 31);
    random_dense<TestType> r(64, 16, 31);
    const matrix x = seeded_normal(32, 32, 64);
    const matrix dy = seeded_normal(-1, 32, 16);
    const matrix_of<TestType> xt_ = to_type<TestType>(x), dyt = to_type<TestType>(dy);
    LLMLINGS_CHECK_CLOSE(dense_forward(r.layer, xt_), dense_forward(reference.layer, x), (tolerance{0, atol}));
    LLMLINGS_CHECK_CLOSE(dense_backward(r.layer, xt_, dyt), dense_backward(reference.layer, x, dy),
                         (tolerance{0, atol}));
    LLMLINGS_CHECK_CLOSE(grads_of(r.layer.weight), grads_of(reference.layer.weight), (tolerance{0, 4 * atol}));
    LLMLINGS_CHECK_CLOSE(grads_of(r.layer.bias), grads_of(reference.layer.bias), (tolerance{0, 4 * atol}));
}

TEST_CASE("a batch of sequences passes as its rows without a copy", "[nn][05_dense]") {
    // (B,T,C) = (3,4,5) seen as (12,5) rows: the output of row b·T + t is the layer applied to
    // x[b, t, :], and y's memory is the (B,T,O) tensor itself.
    random_dense<> r(5, 2, 41);
    const tensor3 x = seeded_normal3(42, 3, 4, 5);
    tensor3 y({3, 4, 2});
    dense_forward(r.layer, as_rows(x), as_rows(y));
    for (std::size_t b = 0; b < 3; ++b)
        for (std::size_t t = 0; t < 4; ++t) {
            INFO("b = " << b << ", t = " << t);
            LLMLINGS_CHECK_CLOSE(row_at(y, b, t), row_of(dense_forward(r.layer, example(x, b, t)), 0), exact);
        }
    // backward through the same rows: dW sums over all B·T rows
    tensor3 dx({3, 4, 5});
    const tensor3 dy = filled3(3, 4, 2, 1.0);
    dense_backward(r.layer, as_rows(x), as_rows(dy), as_rows(dx));
    LLMLINGS_CHECK_CLOSE(r.layer.bias.grad<1>(), (vector{12, 12}), exact);
}

TEST_CASE("He initialisation has variance 2 over fan_in", "[nn][05_dense]") {
    // 512 x 256 = 131072 draws. The sample variance of n normals has standard error
    // σ²·√(2/n) ≈ 0.4 % of σ² (uniform: σ²·√(0.8/n) ≈ 0.25 %); 2 % is five standard errors.
    const std::size_t in = 512, out = 256;
    const double target = 2.0 / static_cast<double>(in);
    const double n = static_cast<double>(in * out);
    llmlings::rng gen(3);
    parameter_store<double> store;
    dense_layer<double> normal = make_dense(store, "normal", in, out);
    normal.bias.value<1>().fill(1.0);
    init_he_normal(normal, gen);
    double mean = 0.0, variance = 0.0;
    moments(normal.weight, mean, variance);
    CHECK(std::fabs(mean) < 5.0 * std::sqrt(target / n));
    CHECK(std::fabs(variance / target - 1.0) < 0.02);
    CHECK(values_all(normal.bias, 0.0));
    // A normal has about 8 % of its mass beyond √3 σ, the uniform's bound.
    const double bound = std::sqrt(3.0 * target);
    CHECK(count_beyond(normal.weight, bound) > 5000);

    dense_layer<double> uniform = make_dense(store, "uniform", in, out);
    init_he_uniform(uniform, gen);
    moments(uniform.weight, mean, variance);
    CHECK(std::fabs(mean) < 5.0 * std::sqrt(target / n));
    CHECK(std::fabs(variance / target - 1.0) < 0.02);
    CHECK(max_abs(uniform.weight) <= bound);
    CHECK(max_abs(uniform.weight) > 0.999 * bound);  // the range is used up to its end
}

TEST_CASE("Xavier initialisation has variance 2 over fan_in plus fan_out", "[nn][05_dense]") {
    // Same CLT bound as the He test: 2 % is about five standard errors of the sample variance.
    const std::size_t in = 384, out = 256;
    const double target = 2.0 / static_cast<double>(in + out);
    const double n = static_cast<double>(in * out);
    llmlings::rng gen(4);
    parameter_store<float> store;  // float weights: the same draws, rounded
    dense_layer<float> uniform = make_dense(store, "uniform", in, out);
    init_xavier_uniform(uniform, gen);
    double mean = 0.0, variance = 0.0;
    moments(uniform.weight, mean, variance);
    CHECK(std::fabs(mean) < 5.0 * std::sqrt(target / n));
    CHECK(std::fabs(variance / target - 1.0) < 0.02);
    CHECK(max_abs(uniform.weight) <= static_cast<float>(std::sqrt(3.0 * target)));

    dense_layer<float> normal = make_dense(store, "normal", in, out);
    init_xavier_normal(normal, gen, 2.0);  // gain 2 multiplies the variance by 4
    moments(normal.weight, mean, variance);
    CHECK(std::fabs(mean) < 5.0 * std::sqrt(4.0 * target / n));
    CHECK(std::fabs(variance / (4.0 * target) - 1.0) < 0.02);
}

TEST_CASE("initialisation is reproducible from the seed", "[nn][05_dense]") {
    parameter_store<double> store;
    dense_layer<double> a = make_dense(store, "a", 10, 7), b = make_dense(store, "b", 10, 7);
    llmlings::rng gen_a(99), gen_b(99);
    init_xavier_normal(a, gen_a);
    init_xavier_normal(b, gen_b);
    CHECK(same_values(a.weight, b.weight));
    init_he_uniform(a, gen_a);
    CHECK_FALSE(same_values(a.weight, b.weight));  // the generator moved on
}

TEST_CASE("He initialisation keeps ReLU activations at their scale through ten layers", "[nn][05_dense]") {
    // The reason for the factor 2: with Var(W) = 2/I the mean square of ReLU activations is kept
    // (in expectation) layer after layer; with Var(W) = 1/I it halves at each layer.
    const std::size_t width = 200, batch = 50;
    const matrix x0 = seeded_normal(5, batch, width);
    auto mean_square_after = [&](bool he) {
        llmlings::rng gen(6);
        parameter_store<double> store;
        matrix h = x0;
        for (int depth = 0; depth < 10; ++depth) {
            dense_layer<double> layer = make_dense(store, "layer" + std::to_string(depth), width, width);
            if (he)
                init_he_normal(layer, gen);
            else
                init_xavier_normal(layer, gen);    // Var = 2/(2·width) = 1/width
            h = relu_of(dense_forward(layer, h));  // ReLU
        }
        return mean_square(h);
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
    parameter_store<double> store;
    dense_layer<double> layer = make_dense(store, "fc", 3, 2);
    CHECK_THROWS_AS(dense_forward(layer, matrix({4, 2})), llmlings::shape_error);
    CHECK_THROWS_WITH(dense_forward(layer, matrix({4, 2})), contains("dense_forward") && contains("3"));
    CHECK_THROWS_AS(dense_backward(layer, matrix({4, 2}), matrix({4, 2})), llmlings::shape_error);
    CHECK_THROWS_AS(dense_backward(layer, matrix({4, 3}), matrix({4, 3})), llmlings::shape_error);
    CHECK_THROWS_AS(dense_backward(layer, matrix({4, 3}), matrix({5, 2})), llmlings::shape_error);
    const matrix x({4, 3});
    matrix wrong({4, 3});  // y must be (4,2): a preallocated output is never resized
    CHECK_THROWS_AS(dense_forward(layer, as_rows(x), as_rows(wrong)), llmlings::shape_error);
    CHECK_THROWS_WITH(dense_forward(layer, as_rows(x), as_rows(wrong)), contains("y must be (4,2)"));
}

TEST_CASE("dense functions reject invalid arguments", "[nn][05_dense]") {
    parameter_store<double> store;
    CHECK_THROWS_AS(make_dense(store, "a", 0, 3), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_dense(store, "b", 3, 0), llmlings::invalid_argument);
    dense_layer<double> layer = make_dense(store, "fc", 3, 2);
    llmlings::rng gen(1);
    CHECK_THROWS_AS(init_xavier_uniform(layer, gen, -1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(init_xavier_normal(layer, gen, 0.0), llmlings::invalid_argument);
    dense_layer<double> empty;  // never made: its views refer to nothing
    CHECK_THROWS_AS(init_he_normal(empty, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(init_he_uniform(empty, gen), llmlings::invalid_argument);
}

TEST_CASE("backward with an empty dx accumulates the parameter gradients and skips dx", "[nn][05_dense]") {
    // The first layer of a network needs no dL/dx: an empty view asks for none.
    random_dense<> full(6, 4, 51), skip(6, 4, 51);
    const matrix x = seeded_normal(52, 3, 6);
    const matrix dy = seeded_normal(-1, 3, 4);
    dense_backward(full.layer, x, dy);
    dense_backward(skip.layer, as_rows(x), as_rows(dy), llmlings::empty_view<double>());
    LLMLINGS_CHECK_CLOSE(grads_of(skip.layer.weight), grads_of(full.layer.weight), exact);
    LLMLINGS_CHECK_CLOSE(grads_of(skip.layer.bias), grads_of(full.layer.bias), exact);
    matrix wrong({2, 6});  // not empty and not (3,6): still an error
    CHECK_THROWS_AS(dense_backward(skip.layer, as_rows(x), as_rows(dy), as_rows(wrong)), llmlings::shape_error);
}
