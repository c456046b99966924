// SPDX-License-Identifier: MIT
// Tests for nn/01_perceptron. Oracles: truth tables of AND, OR and XOR; Novikoff's bound on the
// number of updates computed from a hand-picked separating line; a hand-set AND perceptron.
#include <llmlings/testing.hpp>

#include <llmlings/nn/01_perceptron.hpp>

#include <cmath>

using llmlings::matrix;
using llmlings::vector;
using namespace llmlings::nn;

namespace {

const matrix inputs{{0, 0}, {0, 1}, {1, 0}, {1, 1}};

std::size_t count_errors(const vector& predicted, const vector& expected) {
    std::size_t errors = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) errors += predicted(i) != expected(i);
    return errors;
}

// Novikoff: updates <= (R / gamma)^2 for the augmented inputs (x, 1), with gamma the margin of a
// unit-norm separator (w, b). Any separator gives a valid (possibly loose) bound.
double novikoff_bound(double w0, double w1, double b) {
    const double norm = std::sqrt(w0 * w0 + w1 * w1 + b * b);
    double gamma = 1e300;
    for (std::size_t i = 0; i < 4; ++i)
        gamma = std::fmin(gamma, std::fabs(w0 * inputs(i, 0) + w1 * inputs(i, 1) + b) / norm);
    const double r2 = 3.0;  // the largest |(x, 1)|^2 is |(1, 1, 1)|^2
    return r2 / (gamma * gamma);
}

}  // namespace

TEST_CASE("step is 1 only for strictly positive input", "[nn][01_perceptron]") {
    CHECK(step(0.3) == 1.0);
    CHECK(step(0.0) == 0.0);
    CHECK(step(-2.0) == 0.0);
}

TEST_CASE("a hand-set perceptron computes logical AND", "[nn][01_perceptron]") {
    perceptron p{vector{1.0, 1.0}, -1.5};
    CHECK(predict_one(p, vector{1, 1}) == 1.0);
    CHECK(predict_one(p, vector{0, 1}) == 0.0);
    const vector out = predict(p, inputs);
    CHECK(count_errors(out, vector{0, 0, 0, 1}) == 0);
}

TEST_CASE("the perceptron learns AND within the convergence bound", "[nn][01_perceptron]") {
    const vector y{0, 0, 0, 1};
    const perceptron_result r = train_perceptron(inputs, y);
    CHECK(r.converged);
    CHECK(count_errors(predict(r.model, inputs), y) == 0);
    CHECK(r.updates >= 1);
    CHECK(static_cast<double>(r.updates) <= novikoff_bound(1.0, 1.0, -1.5));  // about 51
    CHECK(r.epochs <= r.updates + 1);  // every epoch but the last made at least one mistake
}

TEST_CASE("the perceptron learns OR within the convergence bound", "[nn][01_perceptron]") {
    const vector y{0, 1, 1, 1};
    const perceptron_result r = train_perceptron(inputs, y, perceptron_options{0.5, 100});
    CHECK(r.converged);
    CHECK(count_errors(predict(r.model, inputs), y) == 0);
    CHECK(static_cast<double>(r.updates) <= novikoff_bound(1.0, 1.0, -0.5));  // 27
}

TEST_CASE("the perceptron cannot learn XOR", "[nn][01_perceptron]") {
    // No line separates {(0,1),(1,0)} from {(0,0),(1,1)}: every epoch makes a mistake.
    const vector y{0, 1, 1, 0};
    const perceptron_result r = train_perceptron(inputs, y, perceptron_options{1.0, 1000});
    CHECK_FALSE(r.converged);
    CHECK(r.epochs == 1000);
    CHECK(r.updates >= 1000);
    CHECK(count_errors(predict(r.model, inputs), y) >= 1);
}

TEST_CASE("the perceptron separates random linearly separable points", "[nn][01_perceptron]") {
    // Labels come from a known line with a margin of at least 0.1, so the rule must converge.
    llmlings::rng gen(7);
    matrix x({200, 3});
    vector y = xt::empty<double>({200});
    std::size_t i = 0;
    while (i < 200) {
        const double a = 2 * llmlings::uniform01(gen) - 1, b = 2 * llmlings::uniform01(gen) - 1,
                     c = 2 * llmlings::uniform01(gen) - 1;
        const double s = 0.5 * a - b + 0.25 * c + 0.1;
        if (std::fabs(s) < 0.1) continue;
        x(i, 0) = a;
        x(i, 1) = b;
        x(i, 2) = c;
        y(i) = s > 0 ? 1.0 : 0.0;
        ++i;
    }
    const perceptron_result r = train_perceptron(x, y, perceptron_options{1.0, 10000});
    CHECK(r.converged);
    CHECK(count_errors(predict(r.model, x), y) == 0);
}

TEST_CASE("the perceptron rejects bad input", "[nn][01_perceptron]") {
    CHECK_THROWS_AS(train_perceptron(inputs, vector{0, 1, 1}), llmlings::shape_error);
    CHECK_THROWS_AS(train_perceptron(inputs, vector{0, 1, 2, 0}), llmlings::invalid_argument);
    CHECK_THROWS_AS(train_perceptron(inputs, vector{0, 1, 1, 0}, perceptron_options{0.0, 10}),
                    llmlings::invalid_argument);
    CHECK_THROWS_AS(train_perceptron(matrix({0, 2}), vector{}), llmlings::shape_error);
    CHECK_THROWS_AS(predict(perceptron{vector{1, 2, 3}, 0.0}, inputs), llmlings::shape_error);
    CHECK_THROWS_AS(predict_one(perceptron{vector{1, 2, 3}, 0.0}, vector{1, 2}), llmlings::shape_error);
}
