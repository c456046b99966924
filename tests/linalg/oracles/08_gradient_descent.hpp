// SPDX-License-Identifier: MIT
// The oracles of tests/linalg/08_gradient_descent.cpp, compiled once in
// oracles/08_gradient_descent.cpp (never with the learner's file): the objectives and their
// analytic gradients, as std::function objects, so the test file builds none of its own.
#ifndef LLMLINGS_TESTS_LINALG_ORACLES_08_GRADIENT_DESCENT_HPP
#define LLMLINGS_TESTS_LINALG_ORACLES_08_GRADIENT_DESCENT_HPP

#include <functional>

#include <llmlings/core.hpp>

namespace oracles {

using llmlings::vector;

/// An objective f and its gradient ∇f, written out analytically.
struct problem {
    std::function<double(const vector&)> f;
    std::function<vector(const vector&)> grad;
};
/// f(x) = ½ xᵀAx − bᵀx for the symmetric A = [[a00, a01], [a01, a11]]; ∇f = Ax − b.
problem quadratic_problem(double a00, double a01, double a11, double b0, double b1);
/// Rosenbrock's f(x, y) = (1 − x)² + 100(y − x²)², ∇f = (−2(1 − x) − 400x(y − x²), 200(y − x²)).
problem rosenbrock();
/// f(x) = x² in one variable, ∇f = 2x.
problem square();

}  // namespace oracles

#endif  // LLMLINGS_TESTS_LINALG_ORACLES_08_GRADIENT_DESCENT_HPP
