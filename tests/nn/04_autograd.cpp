// SPDX-License-Identifier: MIT
// Tests for nn/04_autograd. Oracles: the example of micrograd's README (g = 24.7041,
// a.grad = 138.8338, b.grad = 645.5773, also re-derived here by central differences), hand-worked
// derivatives (d(x x)/dx = 2x, a two-layer chain), central differences of every operation via
// gradient_check, and a tiny neuron whose loss must fall when trained with these gradients. The
// central differences are in oracles/04_autograd.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/nn/04_autograd.hpp>

#include <cmath>
#include <unordered_set>
#include <vector>

#include "oracles/04_autograd.hpp"

using llmlings::testing::tolerance;
using namespace llmlings::nn::autograd;

namespace {

// micrograd README, line for line (https://github.com/karpathy/micrograd).
value micrograd_example(const value& a, const value& b) {
    value c = a + b;
    value d = a * b + pow(b, 3);
    c += c + 1.0;
    c += 1.0 + c + (-a);
    d += d * 2.0 + relu(b + a);
    d += 3.0 * d + relu(b - a);
    value e = c - d;
    value f = pow(e, 2);
    value g = f / 2.0;
    g += 10.0 / f;
    return g;
}

// Evaluates the gradients of `build` at x by backward() and checks them by central differences.
template <class Build>
void check_against_differences(Build build, const std::vector<double>& x, double max_rel) {
    std::vector<value> leaves(x.begin(), x.end());
    backward(build(leaves));
    std::vector<double> analytic(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) analytic[i] = leaves[i].grad();
    const auto f = [&](const std::vector<double>& v) {
        std::vector<value> fresh(v.begin(), v.end());
        return build(fresh).data();
    };
    LLMLINGS_CHECK_GRADIENT(oracles::check_gradient(f, x, analytic), max_rel);
}

}  // namespace

TEST_CASE("the micrograd README example gives its published values", "[nn][04_autograd]") {
    value a = -4.0, b = 2.0;
    value g = micrograd_example(a, b);
    backward(g);
    // Published to 4 decimals: the tolerance is half a unit of the last printed digit.
    LLMLINGS_CHECK_CLOSE(g.data(), 24.7041, (tolerance{0, 5e-5}));
    LLMLINGS_CHECK_CLOSE(a.grad(), 138.8338, (tolerance{0, 5e-5}));
    LLMLINGS_CHECK_CLOSE(b.grad(), 645.5773, (tolerance{0, 5e-5}));
    // The same gradients by central differences (smooth here: the relus are far from their kinks).
    check_against_differences([](std::vector<value>& v) { return micrograd_example(v[0], v[1]); }, {-4.0, 2.0}, 1e-7);
}

TEST_CASE("a node used twice accumulates both gradients", "[nn][04_autograd]") {
    value x = 3.0;
    value y = x * x;
    backward(y);
    CHECK(y.data() == 9.0);
    CHECK(x.grad() == 6.0);  // d(x x)/dx = 2x
    value z = 5.0;
    value w = z + z + z;
    backward(w);
    CHECK(z.grad() == 3.0);
}

TEST_CASE("backward accumulates and zero grad resets", "[nn][04_autograd]") {
    value a = 2.0, b = -3.0;
    value c = a * b;
    backward(c);
    CHECK(a.grad() == -3.0);
    CHECK(b.grad() == 2.0);
    backward(c);  // no zero_grad in between: the leaves' gradients add up
    CHECK(a.grad() == -6.0);
    CHECK(b.grad() == 4.0);
    CHECK(c.grad() == 1.0);  // an intermediate node holds the last pass's gradient
    value d = c * 2.0;
    zero_grad(d);
    backward(d);
    backward(d);  // through an intermediate node: still exactly twice the gradient
    CHECK(a.grad() == -12.0);
    CHECK(c.grad() == 2.0);
    zero_grad(c);
    CHECK(a.grad() == 0.0);
    CHECK(b.grad() == 0.0);
    CHECK(c.grad() == 0.0);
}

TEST_CASE("a hand-worked chain of tanh and log has the chain-rule gradient", "[nn][04_autograd]") {
    // L = log(1 + tanh(w x)^2) at w = 0.5, x = 2: u = tanh(1), dL/dw = 2u (1 - u^2) x / (1 + u^2).
    value w = 0.5, x = 2.0;
    value u = tanh(w * x);
    value loss = log(1.0 + u * u);
    backward(loss);
    const double t = std::tanh(1.0);
    // A few roundings on each side.
    LLMLINGS_CHECK_CLOSE(loss.data(), std::log(1.0 + t * t), (tolerance{1e-15, 0}));
    LLMLINGS_CHECK_CLOSE(w.grad(), 2.0 * t * (1.0 - t * t) * 2.0 / (1.0 + t * t), (tolerance{1e-14, 0}));
    LLMLINGS_CHECK_CLOSE(x.grad(), 2.0 * t * (1.0 - t * t) * 0.5 / (1.0 + t * t), (tolerance{1e-14, 0}));
}

TEST_CASE("every operation matches central differences", "[nn][04_autograd]") {
    // Smooth operations in double with h = 1e-6: relative error below 1e-7 is correct.
    const std::vector<double> x{0.7, -1.3, 2.1};
    check_against_differences([](std::vector<value>& v) { return v[0] + v[1] * v[2]; }, x, 1e-7);
    check_against_differences([](std::vector<value>& v) { return v[0] - v[1] - (-v[2]); }, x, 1e-7);
    check_against_differences([](std::vector<value>& v) { return v[0] / v[1] + v[2] / v[0]; }, x, 1e-7);
    check_against_differences([](std::vector<value>& v) { return pow(v[2], 3.5) + pow(v[1], -2); }, x, 1e-7);
    check_against_differences([](std::vector<value>& v) { return exp(v[0] * v[1]) + log(v[2]); }, x, 1e-7);
    check_against_differences([](std::vector<value>& v) { return tanh(v[0] * v[1] + v[2]); }, x, 1e-7);
    // relu away from its kink at 0 (the inputs are at least 0.7 away from it).
    check_against_differences([](std::vector<value>& v) { return relu(v[0]) * relu(v[2]) + relu(v[1]); }, x, 1e-7);
    check_against_differences(
        [](std::vector<value>& v) {
            value s = v[0];
            s *= v[1];
            s -= v[2];
            s /= v[0];
            return s;
        },
        x, 1e-7);
}

TEST_CASE("topological order puts every node after its parents exactly once", "[nn][04_autograd]") {
    value a = 1.0, b = 2.0;
    value shared = a * b;
    value out = shared + shared * a;  // shared and a are reached twice
    const auto order = topological_order(out);
    CHECK(order.size() == 5);  // a, b, shared, shared * a, out
    CHECK(order.back() == out.get());
    std::unordered_set<const node*> seen;
    for (const auto& n : order) {
        for (const auto& p : n->parents) CHECK(seen.count(p.get()) == 1);
        CHECK(seen.insert(n.get()).second);
    }
}

TEST_CASE("a deep chain of ten thousand nodes backpropagates", "[nn][04_autograd]") {
    value x = 1.0;
    value y = x;
    for (int i = 0; i < 10000; ++i) y = y + x * 0.5;  // y = x + 5000 x
    backward(y);
    CHECK(y.data() == 5001.0);
    CHECK(x.grad() == 5001.0);
}

TEST_CASE("a chain of a million nodes backpropagates and is freed without deep recursion", "[nn][04_autograd]") {
    // y = y · 1 + 0 adds four nodes per step (the product, the sum and the two constant leaves),
    // so 250000 steps make 10⁶ nodes in a chain 500000 deep. backward() and topological_order()
    // must not recurse once per node, and neither may freeing the chain when its last handle goes
    // away: recursive shared_ptr destruction needs a stack frame per node and overflows 8 MiB
    // stacks long before that depth (the process would crash, failing this case).
    {
        value x = 2.0;
        value y = x;
        for (int i = 0; i < 250000; ++i) y = y * 1.0 + 0.0;
        CHECK(topological_order(y).size() == 1000001);  // the 10⁶ new nodes and x
        backward(y);
        CHECK(y.data() == 2.0);  // multiplying by 1 and adding 0 are exact
        CHECK(x.grad() == 1.0);  // dy/dx is a product of ones
        // x and y go out of scope here and the whole chain is freed
    }
    // the allocator still works after the teardown
    value z = 3.0;
    CHECK((z * z).data() == 9.0);
}

TEST_CASE("a tiny tanh neuron learns by gradient descent", "[nn][04_autograd]") {
    // Two inputs, one tanh neuron, mean squared error on four fixed points of a linear rule.
    const double xs[4][2] = {{1, 0}, {0, 1}, {-1, 0.5}, {0.5, -1}};
    const double ys[4] = {0.5, -0.5, -0.6, 0.6};
    value w0 = 0.1, w1 = -0.2, b = 0.0;
    auto loss_fn = [&]() {
        value loss = 0.0;
        for (int i = 0; i < 4; ++i) {
            value out = tanh(w0 * xs[i][0] + w1 * xs[i][1] + b);
            loss += pow(out - ys[i], 2);
        }
        return loss / 4.0;
    };
    const double initial = loss_fn().data();
    double last = initial;
    for (int step = 0; step < 200; ++step) {
        value loss = loss_fn();
        zero_grad(loss);
        backward(loss);
        for (value* p : {&w0, &w1, &b}) p->set_data(p->data() - 0.5 * p->grad());
        last = loss.data();
    }
    CHECK(initial > 0.1);
    CHECK(last < 0.01);      // the points are fitted well by tanh(0.6 x0 - 0.6 x1) or so
    CHECK(w0.data() > 0.0);  // and the signs of the learned weights match the rule
    CHECK(w1.data() < 0.0);
}

TEST_CASE("division by zero and log of a non-positive value throw", "[nn][04_autograd]") {
    CHECK_THROWS_AS(value(1.0) / value(0.0), llmlings::numerical_error);
    CHECK_THROWS_AS(log(value(0.0)), llmlings::numerical_error);
    CHECK_THROWS_AS(log(value(-2.0)), llmlings::numerical_error);
}
