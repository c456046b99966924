// SPDX-License-Identifier: MIT
// Tests for nn/01_perceptron. Oracles: truth tables of AND, OR and XOR; Novikoff's bound on the
// number of updates computed from a hand-picked separating line; a hand-set AND perceptron; Rosenblatt's
// rule on AND traced by hand, epoch by epoch. Novikoff's bound and the random separable points are in
// oracles/01_perceptron.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/nn/01_perceptron.hpp>

#include "oracles/01_perceptron.hpp"

using llmlings::matrix;
using llmlings::vector;
using namespace llmlings::nn;
using namespace oracles;

namespace {

const matrix inputs{{0, 0}, {0, 1}, {1, 0}, {1, 1}};

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

TEST_CASE("the perceptron follows Rosenblatt's rule on AND as traced by hand", "[nn][01_perceptron]") {
    // η = 1 from w = (0, 0), b = 0, examples in the order (0,0), (0,1), (1,0), (1,1); a mistake adds
    // (y − ŷ)(x, 1) to (w, b). Epoch 1: only (1,1) is wrong → (1,1; 1). Epoch 2: (0,0) → (1,1; 0),
    // (0,1) → (1,0; −1), (1,1) → (2,1; 0). Epoch 3: (0,1) → (2,0; −1), (1,0) → (1,0; −2),
    // (1,1) → (2,1; −1). Epoch 4: (1,0) → (1,1; −2), (1,1) → (2,2; −1). Epoch 5: (0,1) → (2,1; −2).
    // Epoch 6 makes no mistake: 6 epochs, 1 + 3 + 3 + 2 + 1 = 10 updates, w = (2, 1), b = −2.
    const vector y{0, 0, 0, 1};
    const perceptron_result r = train_perceptron(inputs, y);
    CHECK(r.converged);
    CHECK(r.epochs == 6);
    CHECK(r.updates == 10);
    CHECK(count_errors(r.model.weights, vector{2, 1}) == 0);
    CHECK(r.model.bias == -2.0);
    // From zero weights η only rescales every step: η = 0.5 makes the same mistakes and ends at
    // half the weights (exact: halving is exact in binary).
    const perceptron_result half = train_perceptron(inputs, y, perceptron_options{0.5, 100});
    CHECK(half.epochs == 6);
    CHECK(half.updates == 10);
    CHECK(count_errors(half.model.weights, vector{1, 0.5}) == 0);
    CHECK(half.model.bias == -1.0);
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
    // Labels come from a known plane with a margin of at least 0.1, so the rule must converge.
    const labelled points = separable_points(7, 200);
    const matrix& x = points.x;
    const vector& y = points.y;
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
