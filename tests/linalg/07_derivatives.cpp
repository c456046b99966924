// SPDX-License-Identifier: MIT
// Tests for linalg/07_derivatives. Oracles: analytic derivatives (sin, exp, polynomials, x·y²,
// softplus, polar coordinates, linear maps), the exact error terms of differences of
// polynomials, and the error order measured as the slope of log(error) against log(h).
// The suite's own gradient checker (testing/gradcheck.hpp) is deliberately not used here: it
// would test finite differences with finite differences. The error-order fit, random inputs and
// analytic gradients are in oracles/07_derivatives.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/linalg/07_derivatives.hpp>

#include <cmath>
#include <cstddef>
#include <limits>

#include "oracles/07_derivatives.hpp"

using llmlings::matrix;
using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::linalg;
using llmlings::testing::contains;
using namespace oracles;

namespace {

double sin_fn(double x) {
    return std::sin(x);
}
double exp_fn(double x) {
    return std::exp(x);
}

}  // namespace

TEST_CASE("differences of simple functions approach their analytic derivatives", "[linalg][07_derivatives]") {
    // Forward at the default h = 1e-8: truncation ~ h/2·|f''| ~ 1e-8 plus rounding ~ ε|f|/h ~ 1e-8,
    // so 1e-6 leaves a margin of ~50. Central at h = 1e-6: h²/6·|f'''| ~ 1e-13 plus ε|f|/h ~ 1e-10.
    const tolerance forward_tol{1e-6, 1e-6}, central_tol{1e-8, 1e-9};
    for (double x : {-2.0, -0.3, 0.0, 0.7, 1.5, 3.0}) {
        LLMLINGS_CHECK_CLOSE(forward_difference(sin_fn, x), std::cos(x), forward_tol);
        LLMLINGS_CHECK_CLOSE(central_difference(sin_fn, x), std::cos(x), central_tol);
        LLMLINGS_CHECK_CLOSE(forward_difference(exp_fn, x), std::exp(x), forward_tol);
        LLMLINGS_CHECK_CLOSE(central_difference(exp_fn, x), std::exp(x), central_tol);
    }
    // softplus(x) = log(1 + eˣ) has derivative sigmoid(x) = 1 / (1 + e⁻ˣ).
    const scalar_function softplus = [](double x) { return std::log1p(std::exp(x)); };
    for (double x : {-4.0, -1.0, 0.0, 2.0, 5.0}) {
        const double sigmoid = 1.0 / (1.0 + std::exp(-x));
        LLMLINGS_CHECK_CLOSE(central_difference(softplus, x), sigmoid, central_tol);
        LLMLINGS_CHECK_CLOSE(forward_difference(softplus, x), sigmoid, forward_tol);
    }
}

TEST_CASE("the error terms of differences of polynomials are exactly h and h squared", "[linalg][07_derivatives]") {
    // Forward difference of x²: ((x+h)² − x²)/h = 2x + h exactly. Central difference of x³:
    // ((x+h)³ − (x−h)³)/(2h) = 3x² + h² exactly. With x and h powers of two or small dyadic
    // numbers every intermediate is exact in binary, so only a few ulps of rounding remain.
    const scalar_function square = [](double x) { return x * x; };
    const scalar_function cube = [](double x) { return x * x * x; };
    const tolerance tol{1e-14, 1e-14};
    for (double h : {0.5, 0.25, 0.125}) {
        for (double x : {-1.5, 0.0, 1.0, 3.0}) {
            LLMLINGS_CHECK_CLOSE(forward_difference(square, x, h), 2 * x + h, tol);
            LLMLINGS_CHECK_CLOSE(central_difference(cube, x, h), 3 * x * x + h * h, tol);
            // the central difference of a quadratic has no truncation error at all
            LLMLINGS_CHECK_CLOSE(central_difference(square, x, h), 2 * x, tol);
        }
    }
    // the worked examples of the doc comments
    CHECK(forward_difference(square, 3.0, 0.5) == 6.5);
    CHECK(central_difference(cube, 1.0, 0.5) == 3.25);
}

TEST_CASE("halving h halves the forward error and quarters the central error", "[linalg][07_derivatives]") {
    // The slope of log(error) against log(h) is the order: 1 for forward, 2 for central.
    // Observed slopes deviate from the exact order by O(h) relative terms, far below 0.1.
    struct case_ {
        scalar_function f;
        double x, derivative;
    };
    const case_ cases[] = {
        {sin_fn, 1.0, std::cos(1.0)},
        {exp_fn, 0.5, std::exp(0.5)},
        {[](double x) { return std::log1p(std::exp(x)); }, 0.3, 1.0 / (1.0 + std::exp(-0.3))},
        {[](double x) { return x * x * x * x; }, 1.2, 4 * 1.2 * 1.2 * 1.2},
    };
    for (const case_& c : cases) {
        const double forward_slope =
            error_order([&](double h) { return forward_difference(c.f, c.x, h); }, c.derivative);
        const double central_slope =
            error_order([&](double h) { return central_difference(c.f, c.x, h); }, c.derivative);
        INFO("x = " << c.x << ", forward slope " << forward_slope << ", central slope " << central_slope);
        CHECK(std::fabs(forward_slope - 1.0) < 0.1);
        CHECK(std::fabs(central_slope - 2.0) < 0.1);
    }
}

TEST_CASE("a step far below the square root of machine epsilon loses to rounding", "[linalg][07_derivatives]") {
    // Near h = 1e-15 the difference f(x+h) − f(x) keeps only a few significant bits, so the
    // forward estimate is off by far more than at h = 1e-8, where the total error is ~1e-8.
    double worst_tiny = 0.0, worst_good = 0.0;
    for (double x : {0.5, 1.0, 1.5, 2.0}) {
        worst_tiny = std::fmax(worst_tiny, std::fabs(forward_difference(sin_fn, x, 1e-15) - std::cos(x)));
        worst_good = std::fmax(worst_good, std::fabs(forward_difference(sin_fn, x, 1e-8) - std::cos(x)));
    }
    INFO("max error at h = 1e-15: " << worst_tiny << ", at h = 1e-8: " << worst_good);
    CHECK(worst_good < 1e-7);
    CHECK(worst_tiny > 1e-4);
}

TEST_CASE("the gradient of x times y squared is y squared and 2xy", "[linalg][07_derivatives]") {
    const objective f = [](const vector& v) { return v(0) * v(1) * v(1); };
    // central differences with h = 1e-6 on O(10) values: rounding ~ ε·|f|/h ~ 1e-9
    const tolerance tol{1e-8, 1e-8};
    LLMLINGS_CHECK_CLOSE(gradient(f, vector{3, 2}), (vector{4, 12}), tol);
    LLMLINGS_CHECK_CLOSE(gradient(f, vector{-1.5, 0.5}), (vector{0.25, -1.5}), tol);
    LLMLINGS_CHECK_CLOSE(gradient(f, vector{0, 0}), (vector{0, 0}), tol);
    // f is linear in x and quadratic in y, and central differences are exact for quadratics,
    // so even the coarse step h = 0.5 gives the gradient up to rounding.
    LLMLINGS_CHECK_CLOSE(gradient(f, vector{3, 2}, 0.5), (vector{4, 12}), (tolerance{1e-14, 1e-14}));
}

TEST_CASE("the gradient of a sum of softplus terms is the vector of sigmoids", "[linalg][07_derivatives]") {
    seed_random(7);
    const vector x = scaled(2.0, random_vector(6));
    const objective f = [](const vector& v) {
        double s = 0.0;
        for (double vi : v) s += std::log1p(std::exp(vi));
        return s;
    };
    const vector expected = sigmoids(x);
    // |f| ~ 10, so rounding ~ ε·10/h ~ 2e-9 with h = 1e-6; truncation h²/6·|σ''| ~ 1e-13
    LLMLINGS_CHECK_CLOSE(gradient(f, x), expected, (tolerance{1e-7, 1e-8}));
}

TEST_CASE("the gradient of a quadratic form is A x plus b", "[linalg][07_derivatives]") {
    // f(x) = ½ xᵀAx + bᵀx with symmetric A has gradient Ax + b; central differences of a
    // quadratic have no truncation error, so only rounding ~ ε·|f|/h remains (~1e-9 here).
    seed_random(8);
    const matrix a = symmetrised(random_matrix(5, 5));
    const vector b = random_vector(5);
    const vector x = random_vector(5);
    const objective f = [&](const vector& v) {
        double s = 0.0;
        for (std::size_t i = 0; i < 5; ++i) {
            s += b(i) * v(i);
            for (std::size_t j = 0; j < 5; ++j) s += 0.5 * v(i) * a(i, j) * v(j);
        }
        return s;
    };
    const vector expected = affine(a, x, b);
    LLMLINGS_CHECK_CLOSE(gradient(f, x), expected, (tolerance{1e-7, 1e-7}));
}

TEST_CASE("the Jacobian of polar coordinates has determinant r", "[linalg][07_derivatives]") {
    // f(r, θ) = (r cos θ, r sin θ); J = [[cos θ, −r sin θ], [sin θ, r cos θ]], det J = r.
    const vector_function polar = [](const vector& p) { return vector{p(0) * std::cos(p(1)), p(0) * std::sin(p(1))}; };
    const tolerance tol{1e-8, 1e-9};  // central differences, h = 1e-6, O(1) values
    for (double r : {0.5, 2.0}) {
        for (double theta : {0.0, 0.4, 2.5}) {
            const matrix j = jacobian(polar, vector{r, theta});
            const matrix expected{{std::cos(theta), -r * std::sin(theta)}, {std::sin(theta), r * std::cos(theta)}};
            LLMLINGS_CHECK_CLOSE(j, expected, tol);
            LLMLINGS_CHECK_CLOSE(j(0, 0) * j(1, 1) - j(0, 1) * j(1, 0), r, tol);
        }
    }
}

TEST_CASE("the Jacobian of a map from 2 to 3 variables is 3 by 2", "[linalg][07_derivatives]") {
    // f(x, y) = (x·y, x², sin y): rows are outputs, columns are inputs.
    const vector_function f = [](const vector& v) { return vector{v(0) * v(1), v(0) * v(0), std::sin(v(1))}; };
    const matrix j = jacobian(f, vector{1.5, -0.5});
    REQUIRE(j.shape()[0] == 3);
    REQUIRE(j.shape()[1] == 2);
    const matrix expected{{-0.5, 1.5}, {3.0, 0.0}, {0.0, std::cos(-0.5)}};
    LLMLINGS_CHECK_CLOSE(j, expected, (tolerance{1e-8, 1e-9}));  // central differences, h = 1e-6
}

TEST_CASE("the Jacobian of a linear map is its matrix", "[linalg][07_derivatives]") {
    // f(x) = A x with A of shape (4, 3): J = A. Differences of a linear map have no truncation
    // error; rounding is ~ ε·|Ax|/h ~ 1e-9 with h = 1e-6.
    seed_random(9);
    const matrix a = random_matrix(4, 3);
    const vector x = random_vector(3);
    const vector_function f = [&](const vector& v) { return blas_product(a, v); };
    LLMLINGS_CHECK_CLOSE(jacobian(f, x), a, (tolerance{1e-7, 1e-8}));
    // a function with one output: the single row is its gradient, here x·y² again
    const vector_function g = [](const vector& v) { return vector{v(0) * v(1) * v(1)}; };
    LLMLINGS_CHECK_CLOSE(jacobian(g, vector{3, 2}), (matrix{{4, 12}}), (tolerance{1e-8, 1e-8}));
}

TEST_CASE("a step that is not a positive finite number throws", "[linalg][07_derivatives]") {
    const double inf = std::numeric_limits<double>::infinity();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const objective sum = [](const vector& v) { return v(0) + v(1); };
    const vector_function identity = [](const vector& v) { return v; };
    for (double h : {0.0, -1e-6, inf, -inf, nan}) {
        INFO("h = " << h);
        CHECK_THROWS_AS(forward_difference(sin_fn, 1.0, h), llmlings::invalid_argument);
        CHECK_THROWS_AS(central_difference(sin_fn, 1.0, h), llmlings::invalid_argument);
        CHECK_THROWS_AS(gradient(sum, vector{1, 2}, h), llmlings::invalid_argument);
        CHECK_THROWS_AS(jacobian(identity, vector{1, 2}, h), llmlings::invalid_argument);
    }
    // the message names the function and the step it was given
    CHECK_THROWS_WITH(central_difference(sin_fn, 1.0, -0.25), contains("central_difference") && contains("-0.25"));
}

TEST_CASE("empty points empty functions and inconsistent outputs throw", "[linalg][07_derivatives]") {
    const objective sum = [](const vector& v) { return v.size() ? v(0) : 0.0; };
    const vector_function identity = [](const vector& v) { return v; };
    CHECK_THROWS_AS(gradient(sum, vector{}), llmlings::invalid_argument);
    CHECK_THROWS_AS(jacobian(identity, vector{}), llmlings::invalid_argument);
    CHECK_THROWS_AS(forward_difference(scalar_function{}, 1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(central_difference(scalar_function{}, 1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(gradient(objective{}, vector{1}), llmlings::invalid_argument);
    CHECK_THROWS_AS(jacobian(vector_function{}, vector{1}), llmlings::invalid_argument);
    // two outputs to the right of 0, three to the left: x ± h sees both
    const vector_function ragged = [](const vector& v) {
        return v(0) > 0 ? vector{v(0), v(0)} : vector{v(0), v(0), v(0)};
    };
    CHECK_THROWS_AS(jacobian(ragged, vector{0.0}), llmlings::shape_error);
    const vector_function ragged_later = [](const vector& v) { return v(1) > 0 ? vector{v(0), v(1)} : vector{v(0)}; };
    CHECK_THROWS_AS(jacobian(ragged_later, vector{1.0, 0.0}), llmlings::shape_error);
}
