// SPDX-License-Identifier: MIT
// Tests for linalg/08_gradient_descent. Oracles: known minima in closed form (the quadratic
// ½xᵀAx − bᵀx has its minimum at A⁻¹b, with A diagonal or a hand-inverted 2x2; Rosenbrock's at
// (1, 1) with f = 0), the exact iterates of x² with step ¼, hand-worked line searches, the
// stability limit 2/L of a fixed step, and properties (the line search never increases f;
// momentum beats plain descent on a quadratic with condition number 100). Every gradient is
// written out analytically, in oracles/08_gradient_descent.cpp (compiled once).
#include <llmlings/testing.hpp>

#include <llmlings/linalg/08_gradient_descent.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "oracles/08_gradient_descent.hpp"

using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::linalg;
using llmlings::testing::contains;

namespace {

// f(x) = ½ xᵀAx − bᵀx for a 2x2 symmetric A; ∇f = Ax − b.
struct quadratic {
    double a00, a01, a11, b0, b1;
    objective f() const { return oracles::quadratic_problem(a00, a01, a11, b0, b1).f; }
    gradient_function grad() const { return oracles::quadratic_problem(a00, a01, a11, b0, b1).grad; }
};

// A = [[3, 1], [1, 2]], det 5, A⁻¹ = [[2, −1], [−1, 3]] / 5; b = (1, 1) → x* = (1/5, 2/5) and
// f(x*) = −½ bᵀx* = −0.3. Eigenvalues (5 ± √5)/2: L ≈ 3.618, μ ≈ 1.382.
const quadratic coupled{3, 1, 2, 1, 1};
const vector coupled_min{0.2, 0.4};
// A = diag(1, 100), b = (1, 1) → x* = (1, 0.01); L = 100, μ = 1, condition number 100.
const quadratic stretched{1, 0, 100, 1, 1};
const vector stretched_min{1, 0.01};

// (1 − x)² + 100(y − x²)² and its gradient.
objective rosenbrock_f() {
    return oracles::rosenbrock().f;
}
gradient_function rosenbrock_grad() {
    return oracles::rosenbrock().grad;
}

descent_options with(double step, double tol, std::size_t max_iterations) {
    descent_options o;
    o.step_size = step;
    o.tolerance = tol;
    o.max_iterations = max_iterations;
    return o;
}

}  // namespace

TEST_CASE("a fixed step of one quarter halves x each step on x squared", "[linalg][08_gradient_descent]") {
    // ∇(x²) = 2x, so x ← x − ¼·2x = x/2: x_k = 2⁻ᵏ and f_k = 4⁻ᵏ, exact in binary. The gradient
    // 2·2⁻ᵏ first drops to 1e-6 or below at k = 21.
    const objective f = oracles::square().f;             // x²
    const gradient_function g = oracles::square().grad;  // 2x
    const descent_result r = gradient_descent(f, g, vector{1}, with(0.25, 1e-6, 1000));
    CHECK(r.converged);
    CHECK_FALSE(r.diverged);
    CHECK(r.iterations == 21);
    CHECK(r.x(0) == std::ldexp(1.0, -21));
    CHECK(r.value == std::ldexp(1.0, -42));
    CHECK(r.gradient_norm == std::ldexp(1.0, -20));
    REQUIRE(r.history.size() == 22);
    for (std::size_t k = 0; k < r.history.size(); ++k) CHECK(r.history[k] == std::ldexp(1.0, -2 * static_cast<int>(k)));
}

TEST_CASE("every method finds the minimum of a quadratic at A inverse b", "[linalg][08_gradient_descent]") {
    // Stopping at ‖∇f‖ ≤ tol puts x within ‖A⁻¹‖·tol ≤ tol of x* (μ ≥ 1 for both quadratics) and
    // f within L·tol² of f(x*). The fixed-step methods stop at 1e-10. The line search stops at
    // 1e-6: below ‖∇f‖ ~ 1e-7 the decrease it must see in f (|f| ≈ 0.5) is under one ulp.
    // Fixed steps αL = 0.9 and 1.2: stable for plain descent (< 2), the heavy ball with β = ½
    // (< 2(1 + β) = 3) and Nesterov with β = ½ (< (2 + 2β)/(1 + 2β) = 1.5).
    struct setup {
        quadratic q;
        vector minimum;
        double fixed_step;
    };
    const setup setups[] = {{coupled, coupled_min, 0.25}, {stretched, stretched_min, 0.012}};
    for (const setup& s : setups) {
        const double f_min = -0.5 * (s.q.b0 * s.minimum(0) + s.q.b1 * s.minimum(1));
        const descent_options fixed = with(s.fixed_step, 1e-10, 100000);
        descent_options momentum = fixed;
        momentum.momentum = 0.5;
        descent_options nesterov = momentum;
        nesterov.nesterov = true;
        struct run {
            const char* method;
            double tol;
            descent_result result;
        };
        const run runs[] = {
            {"fixed step", 1e-10, gradient_descent(s.q.f(), s.q.grad(), vector{-3, 5}, fixed)},
            {"backtracking", 1e-6,
             gradient_descent_backtracking(s.q.f(), s.q.grad(), vector{-3, 5}, with(1.0, 1e-6, 100000))},
            {"heavy ball", 1e-10, gradient_descent_momentum(s.q.f(), s.q.grad(), vector{-3, 5}, momentum)},
            {"Nesterov", 1e-10, gradient_descent_momentum(s.q.f(), s.q.grad(), vector{-3, 5}, nesterov)},
        };
        for (const run& r : runs) {
            INFO(r.method << " on A = [[" << s.q.a00 << ", " << s.q.a01 << "], [" << s.q.a01 << ", " << s.q.a11
                          << "]]");
            CHECK(r.result.converged);
            CHECK(r.result.gradient_norm <= r.tol);
            CHECK(r.result.history.size() == r.result.iterations + 1);
            LLMLINGS_CHECK_CLOSE(r.result.x, s.minimum, (tolerance{0, r.tol}));
            LLMLINGS_CHECK_CLOSE(r.result.value, f_min, (tolerance{0, 100 * r.tol * r.tol + 1e-15}));
        }
    }
}

TEST_CASE("a fixed step above 2 over L diverges and is reported as divergence", "[linalg][08_gradient_descent]") {
    // On ½(x₀² + 100x₁²) − x₀ − x₁ the error along x₁ is multiplied by 1 − 100α per step:
    // |1 − 100α| < 1 exactly when α < 2/L = 0.02.
    const descent_result below =
        gradient_descent(stretched.f(), stretched.grad(), vector{0, 0}, with(0.019, 1e-8, 100000));
    CHECK(below.converged);
    LLMLINGS_CHECK_CLOSE(below.x, stretched_min, (tolerance{1e-8, 1e-8}));  // ‖x − x*‖ ≤ ‖∇f‖/μ = 1e-8

    // α = 0.025: the x₁ error grows 1.5× per step, f by 2.25×, and overflows after ~900 steps.
    const descent_result above =
        gradient_descent(stretched.f(), stretched.grad(), vector{0, 0}, with(0.025, 1e-8, 100000));
    CHECK(above.diverged);
    CHECK_FALSE(above.converged);
    CHECK(above.iterations < 100000);  // stopped as soon as f overflowed, not at max_iterations
    CHECK_FALSE(std::isfinite(above.value));
    REQUIRE(above.history.size() == above.iterations + 1);
    REQUIRE(above.history.size() > 100);
    // f climbs at every one of the last 100 steps before the overflow
    for (std::size_t k = above.history.size() - 100; k + 1 < above.history.size(); ++k)
        CHECK(above.history[k + 1] > above.history[k]);
}

TEST_CASE("a gradient that is NaN is reported as divergence and never as convergence",
          "[linalg][08_gradient_descent]") {
    // NaN compares false with everything; a stopping test written as ‖g‖ <= tol on a norm that
    // drops NaN would declare this run converged.
    const objective f = oracles::square().f;  // x²
    const gradient_function nan_grad = [](const vector&) { return vector{std::numeric_limits<double>::quiet_NaN()}; };
    const descent_result r = gradient_descent(f, nan_grad, vector{1}, with(0.1, 1e-6, 50));
    CHECK(r.diverged);
    CHECK_FALSE(r.converged);
    CHECK(r.iterations == 0);
    const descent_result m = gradient_descent_momentum(f, nan_grad, vector{1}, with(0.1, 1e-6, 50));
    CHECK(m.diverged);
    CHECK_FALSE(m.converged);
    const descent_result b = gradient_descent_backtracking(f, nan_grad, vector{1}, with(0.1, 1e-6, 50));
    CHECK(b.diverged);
    CHECK_FALSE(b.converged);
}

TEST_CASE("backtracking reaches the Rosenbrock minimum without ever increasing f", "[linalg][08_gradient_descent]") {
    // From the classic start (−1.2, 1). Near (1, 1) the Hessian's smallest eigenvalue is ≈ 0.4,
    // so ‖∇f‖ ≤ 1e-8 gives ‖x − (1,1)‖ ≲ 2.5e-8 and f ≲ 1e-16. Budget: 25 000 steps
    // (about 19 500 are needed with α = 1, c = 1e-4, ρ = ½).
    const descent_result r =
        gradient_descent_backtracking(rosenbrock_f(), rosenbrock_grad(), vector{-1.2, 1}, with(1.0, 1e-8, 25000));
    CHECK(r.converged);
    CHECK(r.iterations < 25000);
    LLMLINGS_CHECK_CLOSE(r.x, (vector{1, 1}), (tolerance{0, 1e-7}));
    CHECK(r.value >= 0.0);
    CHECK(r.value < 1e-14);
    REQUIRE(r.history.size() == r.iterations + 1);
    LLMLINGS_CHECK_CLOSE(r.history.front(), 24.2, (tolerance{1e-14, 0}));  // f(−1.2, 1) = 2.2² + 100·0.44²
    std::size_t increases = 0;
    for (std::size_t k = 0; k + 1 < r.history.size(); ++k) increases += r.history[k + 1] > r.history[k];
    CHECK(increases == 0);
}

TEST_CASE("backtracking survives a first trial step fifty times too large for a fixed step",
          "[linalg][08_gradient_descent]") {
    // α = 1 on the stretched quadratic (2/L = 0.02): a fixed step diverges, the line search shrinks it.
    const descent_result fixed =
        gradient_descent(stretched.f(), stretched.grad(), vector{-2, 1}, with(1.0, 1e-6, 10000));
    CHECK(fixed.diverged);
    const descent_result r =
        gradient_descent_backtracking(stretched.f(), stretched.grad(), vector{-2, 1}, with(1.0, 1e-6, 10000));
    CHECK(r.converged);
    LLMLINGS_CHECK_CLOSE(r.x, stretched_min, (tolerance{0, 1e-6}));  // ‖x − x*‖ ≤ ‖∇f‖/μ = 1e-6
    // f never goes up; it may stay equal once its decrease is below one ulp
    for (std::size_t k = 0; k + 1 < r.history.size(); ++k) CHECK(r.history[k + 1] <= r.history[k]);
    CHECK(r.history.back() < r.history.front());
}

TEST_CASE("the line search accepts the first step with sufficient decrease", "[linalg][08_gradient_descent]") {
    const objective f = oracles::square().f;  // x²
    const vector x{1}, g{2};
    // d = −g, c = 1e-4: t = 1 → f(−1) = 1 > 1 − 4e-4, rejected; t = ½ → f(0) = 0, accepted.
    CHECK(backtracking_line_search(f, x, 1.0, g, vector{-2}, 1.0, 1e-4, 0.5) == 0.5);
    // c = 0.9 demands more: t = ½ (0 > −0.8), ¼ (0.25 > 0.1), ⅛ (0.5625 > 0.55) are rejected,
    // t = 1/16 gives f(0.875) = 0.765625 ≤ 1 − 0.9·(1/16)·4 = 0.775, accepted.
    CHECK(backtracking_line_search(f, x, 1.0, g, vector{-2}, 1.0, 0.9, 0.5) == 0.0625);
    // d = −½g: t = 1 lands on the minimum at once.
    CHECK(backtracking_line_search(f, x, 1.0, g, vector{-1}, 1.0, 1e-4, 0.5) == 1.0);
    // shrink ρ = 0.1 from α = 3: t = 3 (f = 25), 0.3 (f = 0.16 ≤ 1 − 1e-4·0.3·4), accepted.
    LLMLINGS_CHECK_CLOSE(backtracking_line_search(f, x, 1.0, g, vector{-2}, 3.0, 1e-4, 0.1), 0.3,
                         (tolerance{1e-15, 0}));
    // a trial point outside f's domain (NaN) is rejected like any other: √ is defined for x ≥ 0
    const objective root = [](const vector& v) { return -std::sqrt(v(0)); };
    // at x = 1: f = −1, ∇f = −½, d = +1 (downhill); every t is acceptable for c = 1e-4, t = 1 first
    CHECK(backtracking_line_search(root, x, -1.0, vector{-0.5}, vector{1}, 1.0, 1e-4, 0.5) == 1.0);
    // a wrong gradient +½ makes d = −1 look downhill: t = 4 and 2 land where f is NaN, every
    // smaller t goes uphill, so no t satisfies the condition and the search ends with 0.
    CHECK(backtracking_line_search(root, x, -1.0, vector{0.5}, vector{-1}, 4.0, 1e-4, 0.5) == 0.0);
}

TEST_CASE("the line search returns zero when no step decreases f", "[linalg][08_gradient_descent]") {
    // f(x) = x² at x = 1 with a wrong gradient −1 that makes d = +1 look downhill: f(1 + t) > 1
    // for every t > 0, so t halves until 1 + t == 1 (about 53 halvings) and the search gives 0.
    const objective f = oracles::square().f;  // x²
    CHECK(backtracking_line_search(f, vector{1}, 1.0, vector{-1}, vector{1}) == 0.0);
    // an infinite direction: every trial point is at infinity until t underflows to 0, where
    // 0·∞ is NaN; the search must end there too instead of looping forever
    const double inf = std::numeric_limits<double>::infinity();
    CHECK(backtracking_line_search(f, vector{1}, 1.0, vector{2}, vector{-inf}) == 0.0);
    // the descent loop stops there, neither converged nor diverged
    const gradient_function wrong = [](const vector& x) { return vector{-2 * x(0)}; };
    const descent_result r = gradient_descent_backtracking(f, wrong, vector{1}, with(1.0, 1e-8, 100));
    CHECK_FALSE(r.converged);
    CHECK_FALSE(r.diverged);
    CHECK(r.iterations == 0);
    CHECK(r.value == 1.0);
}

TEST_CASE("the first momentum steps on x squared are worked by hand", "[linalg][08_gradient_descent]") {
    // f = x², ∇f = 2x, x₀ = 1, α = ¼, β = ½, tolerance 0, at most 2 steps; every number is a
    // dyadic fraction, so each step is exact.
    const objective f = oracles::square().f;             // x²
    const gradient_function g = oracles::square().grad;  // 2x
    descent_options o = with(0.25, 0.0, 2);
    o.momentum = 0.5;
    // Heavy ball: v₁ = −¼·2 = −½, x₁ = ½; v₂ = ½·(−½) − ¼·1 = −½, x₂ = 0, where ∇f = 0 ≤ 0.
    const descent_result heavy = gradient_descent_momentum(f, g, vector{1}, o);
    CHECK(heavy.converged);
    CHECK(heavy.iterations == 2);
    CHECK(heavy.x(0) == 0.0);
    CHECK(heavy.history == std::vector<double>{1.0, 0.25, 0.0});
    // Nesterov: the gradient is taken at y = x + βv. y₀ = 1, v₁ = −½, x₁ = ½; y₁ = ½ − ¼ = ¼,
    // ∇f(y₁) = ½, v₂ = −¼ − ⅛ = −⅜, x₂ = ⅛; then the budget of 2 steps is spent.
    o.nesterov = true;
    const descent_result look_ahead = gradient_descent_momentum(f, g, vector{1}, o);
    CHECK_FALSE(look_ahead.converged);
    CHECK(look_ahead.iterations == 2);
    CHECK(look_ahead.x(0) == 0.125);
    CHECK(look_ahead.history == std::vector<double>{1.0, 0.25, 0.015625});
}

TEST_CASE("momentum needs far fewer steps than plain descent at condition number 100",
          "[linalg][08_gradient_descent]") {
    // A = diag(1, 100). Plain descent at its best fixed step 2/(L + μ) contracts by
    // (κ − 1)/(κ + 1) ≈ 0.980 per step (~940 steps to 1e-8); the heavy ball with
    // α = 4/(√L + √μ)² = 4/121 and β = ((√κ − 1)/(√κ + 1))² = 81/121 by ≈ 0.818 (~120 steps);
    // Nesterov with α = 1/L, β = (√κ − 1)/(√κ + 1) = 9/11 by ≈ 1 − 1/√κ = 0.9 (~200 steps).
    // Asking for a factor 4 leaves a wide margin below the predicted ~10 and ~5.
    const vector x0{0, 0};
    const descent_result plain = gradient_descent(stretched.f(), stretched.grad(), x0, with(2.0 / 101, 1e-8, 100000));
    descent_options heavy = with(4.0 / 121, 1e-8, 100000);
    heavy.momentum = 81.0 / 121;
    const descent_result ball = gradient_descent_momentum(stretched.f(), stretched.grad(), x0, heavy);
    descent_options look_ahead = with(1.0 / 100, 1e-8, 100000);
    look_ahead.momentum = 9.0 / 11;
    look_ahead.nesterov = true;
    const descent_result nesterov = gradient_descent_momentum(stretched.f(), stretched.grad(), x0, look_ahead);
    REQUIRE(plain.converged);
    REQUIRE(ball.converged);
    REQUIRE(nesterov.converged);
    INFO("plain " << plain.iterations << ", heavy ball " << ball.iterations << ", Nesterov " << nesterov.iterations
                  << " steps");
    CHECK(4 * ball.iterations < plain.iterations);
    CHECK(4 * nesterov.iterations < plain.iterations);
    LLMLINGS_CHECK_CLOSE(ball.x, stretched_min, (tolerance{1e-8, 1e-8}));  // ‖x − x*‖ ≤ ‖∇f‖/μ
    LLMLINGS_CHECK_CLOSE(nesterov.x, stretched_min, (tolerance{1e-8, 1e-8}));
}

TEST_CASE("momentum reaches the Rosenbrock minimum within 6000 steps", "[linalg][08_gradient_descent]") {
    // α = 1e-3, β = 0.9 from (−1.2, 1): about 3 000 steps for ‖∇f‖ ≤ 1e-6 (plain descent at the
    // same α needs about 32 000). ‖∇f‖ ≤ 1e-6 gives ‖x − (1,1)‖ ≲ 2.5e-6 and f ≲ 1e-12.
    for (bool look_ahead : {false, true}) {
        descent_options o = with(1e-3, 1e-6, 6000);
        o.momentum = 0.9;
        o.nesterov = look_ahead;
        const descent_result r = gradient_descent_momentum(rosenbrock_f(), rosenbrock_grad(), vector{-1.2, 1}, o);
        INFO("Nesterov " << look_ahead << ": " << r.iterations << " steps");
        CHECK(r.converged);
        LLMLINGS_CHECK_CLOSE(r.x, (vector{1, 1}), (tolerance{0, 5e-6}));
        CHECK(r.value < 1e-11);
    }
}

TEST_CASE("momentum zero takes exactly the steps of plain gradient descent", "[linalg][08_gradient_descent]") {
    // v = 0·v − αg = −αg, so x + v rounds exactly like x − αg: the histories agree bit for bit.
    descent_options o = with(0.1, 1e-9, 500);
    o.momentum = 0.0;
    const descent_result plain = gradient_descent(coupled.f(), coupled.grad(), vector{2, -1}, o);
    const descent_result heavy = gradient_descent_momentum(coupled.f(), coupled.grad(), vector{2, -1}, o);
    REQUIRE(plain.converged);
    CHECK(heavy.iterations == plain.iterations);
    CHECK(heavy.history == plain.history);
}

TEST_CASE("a start at the minimum takes no step and a small budget stops early", "[linalg][08_gradient_descent]") {
    const descent_result at_min =
        gradient_descent(coupled.f(), coupled.grad(), vector{0.2, 0.4}, with(0.1, 1e-12, 100));
    CHECK(at_min.converged);  // ∇f(1/5, 2/5) = (0.6 + 0.4 − 1, 0.2 + 0.8 − 1) = 0 up to one ulp
    CHECK(at_min.iterations == 0);
    CHECK(at_min.history.size() == 1);
    // max_iterations = 10 on Rosenbrock: 10 steps, not converged, 11 values of f
    const descent_result fixed =
        gradient_descent(rosenbrock_f(), rosenbrock_grad(), vector{-1.2, 1}, with(1e-3, 1e-8, 10));
    const descent_result searched =
        gradient_descent_backtracking(rosenbrock_f(), rosenbrock_grad(), vector{-1.2, 1}, with(1.0, 1e-8, 10));
    descent_options mo = with(1e-3, 1e-8, 10);
    const descent_result heavy = gradient_descent_momentum(rosenbrock_f(), rosenbrock_grad(), vector{-1.2, 1}, mo);
    for (const descent_result& r : {fixed, searched, heavy}) {
        CHECK(r.iterations == 10);
        CHECK_FALSE(r.converged);
        CHECK_FALSE(r.diverged);
        CHECK(r.history.size() == 11);
        CHECK(r.value < 24.2);  // below f(x₀)
    }
    // max_iterations = 0 only evaluates the start
    const descent_result none =
        gradient_descent(rosenbrock_f(), rosenbrock_grad(), vector{-1.2, 1}, with(1e-3, 1e-8, 0));
    CHECK(none.iterations == 0);
    LLMLINGS_CHECK_CLOSE(none.value, 24.2, (tolerance{1e-14, 0}));  // 4.84 + 19.36, to rounding
    LLMLINGS_CHECK_CLOSE(none.gradient_norm, std::hypot(-215.6, -88.0), (tolerance{1e-14, 0}));  // ∇f(−1.2, 1) by hand
}

TEST_CASE("options outside their domains throw invalid_argument", "[linalg][08_gradient_descent]") {
    const double inf = std::numeric_limits<double>::infinity();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const objective f = coupled.f();
    const gradient_function g = coupled.grad();
    const vector x0{1, 1};
    auto all_throw = [&](const descent_options& o) {
        CHECK_THROWS_AS(gradient_descent(f, g, x0, o), llmlings::invalid_argument);
        CHECK_THROWS_AS(gradient_descent_backtracking(f, g, x0, o), llmlings::invalid_argument);
        CHECK_THROWS_AS(gradient_descent_momentum(f, g, x0, o), llmlings::invalid_argument);
    };
    for (double step : {0.0, -0.1, inf, nan}) {
        INFO("step_size = " << step);
        descent_options o;
        o.step_size = step;
        all_throw(o);
    }
    for (double beta : {-0.1, 1.0, 1.5, nan}) {
        INFO("momentum = " << beta);
        descent_options o;
        o.momentum = beta;
        all_throw(o);
    }
    for (double c : {0.0, 1.0, -0.5, nan}) {
        INFO("armijo_c = " << c);
        descent_options o;
        o.armijo_c = c;
        all_throw(o);
    }
    for (double rho : {0.0, 1.0, 2.0, nan}) {
        INFO("shrink = " << rho);
        descent_options o;
        o.shrink = rho;
        all_throw(o);
    }
    for (double tol : {-1e-6, nan}) {
        INFO("tolerance = " << tol);
        descent_options o;
        o.tolerance = tol;
        all_throw(o);
    }
    CHECK_THROWS_WITH(gradient_descent_momentum(f, g, x0,
                                                [] {
                                                    descent_options o;
                                                    o.momentum = 1.0;
                                                    return o;
                                                }()),
                      contains("gradient_descent_momentum") && contains("momentum must be in [0, 1)"));
}

TEST_CASE("an empty start or a missing function or a gradient of the wrong length throws",
          "[linalg][08_gradient_descent]") {
    const objective f = coupled.f();
    const gradient_function g = coupled.grad();
    CHECK_THROWS_AS(gradient_descent(f, g, vector{}), llmlings::invalid_argument);
    CHECK_THROWS_AS(gradient_descent_backtracking(f, g, vector{}), llmlings::invalid_argument);
    CHECK_THROWS_AS(gradient_descent_momentum(f, g, vector{}), llmlings::invalid_argument);
    CHECK_THROWS_AS(gradient_descent(objective{}, g, vector{1, 1}), llmlings::invalid_argument);
    CHECK_THROWS_AS(gradient_descent_backtracking(f, gradient_function{}, vector{1, 1}), llmlings::invalid_argument);
    CHECK_THROWS_AS(gradient_descent_momentum(objective{}, gradient_function{}, vector{1, 1}),
                    llmlings::invalid_argument);
    // a gradient of length 3 for a point of length 2
    const gradient_function long_grad = [](const vector&) { return vector{1, 2, 3}; };
    CHECK_THROWS_AS(gradient_descent(f, long_grad, vector{1, 1}), llmlings::shape_error);
    CHECK_THROWS_AS(gradient_descent_backtracking(f, long_grad, vector{1, 1}), llmlings::shape_error);
    CHECK_THROWS_AS(gradient_descent_momentum(f, long_grad, vector{1, 1}), llmlings::shape_error);
}

TEST_CASE("the line search rejects mismatched lengths and bad parameters and ascent directions",
          "[linalg][08_gradient_descent]") {
    const objective f = [](const vector& x) { return x(0) * x(0) + x(1) * x(1); };
    const vector x{1, 1}, g{2, 2}, d{-2, -2};
    CHECK_THROWS_AS(backtracking_line_search(f, x, 2.0, vector{2}, d), llmlings::shape_error);
    CHECK_THROWS_AS(backtracking_line_search(f, x, 2.0, g, vector{-2, -2, 0}), llmlings::shape_error);
    CHECK_THROWS_AS(backtracking_line_search(f, x, 2.0, g, d, 0.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(backtracking_line_search(f, x, 2.0, g, d, 1.0, 1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(backtracking_line_search(f, x, 2.0, g, d, 1.0, 1e-4, 1.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(backtracking_line_search(objective{}, x, 2.0, g, d), llmlings::invalid_argument);
    // uphill (g·d = 8 > 0) and sideways (g·d = 0) are not descent directions
    CHECK_THROWS_AS(backtracking_line_search(f, x, 2.0, g, vector{2, 2}), llmlings::invalid_argument);
    CHECK_THROWS_AS(backtracking_line_search(f, x, 2.0, g, vector{1, -1}), llmlings::invalid_argument);
}
