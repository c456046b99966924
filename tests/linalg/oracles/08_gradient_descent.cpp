// SPDX-License-Identifier: MIT
// Oracles of tests/linalg/08_gradient_descent.cpp: closed-form objectives and gradients, no
// llmlings code.
#include "08_gradient_descent.hpp"

namespace oracles {

problem quadratic_problem(double a00, double a01, double a11, double b0, double b1) {
    problem p;
    p.f = [=](const vector& x) {
        return 0.5 * (a00 * x(0) * x(0) + 2 * a01 * x(0) * x(1) + a11 * x(1) * x(1)) - b0 * x(0) - b1 * x(1);
    };
    p.grad = [=](const vector& x) { return vector{a00 * x(0) + a01 * x(1) - b0, a01 * x(0) + a11 * x(1) - b1}; };
    return p;
}

problem rosenbrock() {
    problem p;
    p.f = [](const vector& x) {
        const double a = 1 - x(0), b = x(1) - x(0) * x(0);
        return a * a + 100 * b * b;
    };
    p.grad = [](const vector& x) {
        const double b = x(1) - x(0) * x(0);
        return vector{-2 * (1 - x(0)) - 400 * x(0) * b, 200 * b};
    };
    return p;
}

problem square() {
    problem p;
    p.f = [](const vector& x) { return x(0) * x(0); };
    p.grad = [](const vector& x) { return vector{2 * x(0)}; };
    return p;
}

}  // namespace oracles
