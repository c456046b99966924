// SPDX-License-Identifier: MIT
// Tests for nn/02_activations. Oracles: closed-form values (sigmoid'(0) = 1/4, GELU(1) = Phi(1),
// tanh'(atanh 0.5) = 3/4), identities (sigmoid' is even, a softmax gradient constant along a row
// vanishes), central differences via gradient_check (in double), limits at +-1e4, and the float
// functions against the double ones. sigmoid, softmax and log_softmax themselves are ml/03's
// (tested there); every case here calls code of this topic. The random inputs, ml/03's softmax and
// the central differences are in oracles/02_activations.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/nn/02_activations.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <type_traits>
#include <utility>

#include "oracles/02_activations.hpp"

using llmlings::matrix;
using llmlings::matrix_of;
using llmlings::testing::tolerance;
using namespace llmlings::nn;
using namespace oracles;

namespace {

// Checks f' against central differences at many points, one point at a time (none within 1e-3
// of the kink at 0, where the one-sided slopes of relu differ). Plain function pointers (the
// lambdas below capture nothing): one std::function instantiation for all of them, not two per pair.
void check_derivative(double (*f)(double), double (*df)(double)) {
    for (double x0 : {-4.0, -3.1, -1.0, -0.4, -0.01, 0.02, 0.5, 1.0, 2.2, 5.0}) {
        // Smooth functions in double with h = 1e-6: CS231n's "correct" threshold is 1e-7.
        INFO("x = " << x0);
        CHECK_GRADIENT_AT(check_scalar_derivative(f, x0, df(x0)), 1e-7);
    }
}

// The ten scalar functions of the float-against-double case at x, computed in the type of x and
// widened to double (exact), in the order of scalar_names.
constexpr std::size_t scalar_count = 10;
const char* const scalar_names[scalar_count] = {"sigmoid_derivative(x) vs in double",
                                                "tanh_derivative(x) vs in double",
                                                "relu(x) vs in double",
                                                "relu_derivative(x) vs in double",
                                                "leaky_relu(x, 0.1) vs in double",
                                                "leaky_relu_derivative(x, 0.1) vs in double",
                                                "gelu(x) vs in double",
                                                "gelu_derivative(x) vs in double",
                                                "gelu_tanh(x) vs in double",
                                                "gelu_tanh_derivative(x) vs in double"};
using scalar_array = std::array<double, scalar_count>;
template <class T>
scalar_array scalar_values(T x) {
    return {static_cast<double>(sigmoid_derivative(x)),
            static_cast<double>(tanh_derivative(x)),
            static_cast<double>(relu(x)),
            static_cast<double>(relu_derivative(x)),
            static_cast<double>(leaky_relu(x, 0.1)),
            static_cast<double>(leaky_relu_derivative(x, 0.1)),
            static_cast<double>(gelu(x)),
            static_cast<double>(gelu_derivative(x)),
            static_cast<double>(gelu_tanh(x)),
            static_cast<double>(gelu_tanh_derivative(x))};
}
// CHECK_CLOSE_AT of each function's value in T against its value in double, reported at the
// caller's line: ten checks written once, not once per instantiation of the TEMPLATE_TEST_CASE.
void check_scalar_values(const scalar_array& in_type, const scalar_array& in_double, tolerance tol, int line) {
    for (std::size_t f = 0; f < scalar_count; ++f)
        check_close_at(in_type[f], in_double[f], tol, scalar_names[f], __FILE__, line);
}

// Whether relu(X) names a function: false for an int, which must not compute in int.
template <class X, class = void>
struct relu_accepts : std::false_type {};
template <class X>
struct relu_accepts<X, decltype(void(relu(std::declval<X>())))> : std::true_type {};

}  // namespace

TEST_CASE("the sigmoid derivative has its closed forms and is stable for large inputs", "[nn][02_activations]") {
    CHECK(sigmoid_derivative(0.0) == 0.25);
    // sigma(log 3) = 3/4, so sigma' = 3/4 * 1/4 = 3/16; a few roundings.
    CHECK_CLOSE_AT(sigmoid_derivative(std::log(3.0)), 3.0 / 16.0, (tolerance{1e-15, 0}));
    // sigma'(x) = e^-x / (1 + e^-x)^2, written out where nothing overflows: agreement to rounding.
    // At x = 30 this also fails s (1 - s), whose 1 - s keeps only 3 digits of e^-30.
    for (double x : {-30.0, -2.5, -0.1, 0.7, 4.0, 30.0}) {
        const double e = std::exp(-x);
        CHECK_CLOSE_AT(sigmoid_derivative(x), e / ((1.0 + e) * (1.0 + e)), (tolerance{1e-13, 1e-300}));
        // Even: sigma'(-x) = sigma'(x). Both round sigma(x) or 1 - sigma(x) once or twice.
        CHECK_CLOSE_AT(sigmoid_derivative(-x), sigmoid_derivative(x), (tolerance{1e-13, 1e-300}));
        CHECK(sigmoid_derivative(x) <= 0.25);
    }
    // Saturated: exactly 0 at +-1e4 (no inf / inf), and a finite non-negative value at -800.
    CHECK(sigmoid_derivative(1e4) == 0.0);
    CHECK(sigmoid_derivative(-1e4) == 0.0);
    CHECK(std::isfinite(sigmoid_derivative(-800.0)));
    CHECK(sigmoid_derivative(-800.0) >= 0.0);
}

TEST_CASE("relu and leaky relu have their hand-worked values", "[nn][02_activations]") {
    CHECK(relu(-2.0) == 0.0);
    CHECK(relu(3.0) == 3.0);
    CHECK(relu_derivative(3.0) == 1.0);
    CHECK(relu_derivative(-3.0) == 0.0);
    CHECK(relu_derivative(0.0) == 0.0);
    CHECK(leaky_relu(-2.0, 0.1) == -0.2);
    CHECK(leaky_relu(2.0, 0.1) == 2.0);
    CHECK(leaky_relu(-100.0) == -1.0);  // default slope 0.01
    CHECK(leaky_relu_derivative(-2.0, 0.1) == 0.1);
    CHECK(leaky_relu_derivative(2.0, 0.1) == 1.0);
    // NaN in, NaN out (the NaN policy): relu must not turn it into 0.
    CHECK(std::isnan(relu(std::numeric_limits<double>::quiet_NaN())));
    CHECK(std::isnan(leaky_relu(std::numeric_limits<double>::quiet_NaN())));
}

TEST_CASE("tanh derivative is one at zero and vanishes far away", "[nn][02_activations]") {
    CHECK(tanh_derivative(0.0) == 1.0);
    CHECK_CLOSE_AT(tanh_derivative(std::atanh(0.5)), 0.75, (tolerance{1e-15, 0}));
    CHECK(tanh_derivative(1e4) == 0.0);
}

TEST_CASE("gelu exact and tanh forms have their published values", "[nn][02_activations]") {
    // GELU(1) = Phi(1) = 0.8413447460685429; GELU_tanh(1) = 0.5 (1 + tanh(sqrt(2/pi) 1.044715)).
    CHECK_CLOSE_AT(gelu(1.0), 0.8413447460685429, (tolerance{1e-15, 0}));
    CHECK_CLOSE_AT(gelu(-1.0), -0.15865525393145707, (tolerance{1e-14, 0}));  // -Phi(-1)
    CHECK_CLOSE_AT(gelu_tanh(1.0), 0.8411919906082768, (tolerance{1e-15, 0}));
    CHECK(gelu(0.0) == 0.0);
    CHECK(gelu_derivative(0.0) == 0.5);
    CHECK(gelu_tanh_derivative(0.0) == 0.5);
    // The two forms differ, but by less than 5e-4 everywhere (largest gap near x = -2.7).
    for (double x = -6.0; x <= 6.0; x += 0.01) CHECK(std::fabs(gelu(x) - gelu_tanh(x)) < 5e-4);
    CHECK(std::fabs(gelu(-2.7) - gelu_tanh(-2.7)) > 4e-4);
    CHECK(gelu(1e4) == 1e4);
    CHECK(gelu(-1e4) == 0.0);
}

TEST_CASE("gelu and its derivative reach their limits for huge and infinite inputs", "[nn][02_activations]") {
    // GELU(x) = x Φ(x) → x as x → +∞ and → 0 as x → −∞; GELU'(x) = Φ(x) + x φ(x) → 1 and → 0.
    // From |x| = 1e10 on, Φ(x) is exactly 1 or 0 in double and φ(x) underflows to 0, so the limits
    // hold exactly; at ±∞ and where x² overflows (1e300) a naive ∞ · 0 would give NaN. The tanh
    // form has the same limits.
    const double inf = std::numeric_limits<double>::infinity();
    for (double x : {1e10, 1e300, inf}) {
        INFO("x = " << x);
        CHECK(gelu_derivative(x) == 1.0);
        CHECK(gelu_derivative(-x) == 0.0);
        CHECK(gelu_tanh_derivative(x) == 1.0);
        CHECK(gelu_tanh_derivative(-x) == 0.0);
        CHECK(gelu(x) == x);
        CHECK(gelu(-x) == 0.0);
        CHECK(gelu_tanh(x) == x);
        CHECK(gelu_tanh(-x) == 0.0);
    }
    // far in the left tail the derivative is ≈ x φ(x) < 0 (Φ(x) ≈ φ(x)/|x| is smaller): at x = −10,
    // Φ(−10) = 7.6198530241605e-24 and −10 φ(10) = −7.6945986267064e-22 (published values, 1e-12)
    CHECK_CLOSE_AT(gelu_derivative(-10.0), 7.6198530241605e-24 - 7.6945986267064e-22, (tolerance{1e-12, 0}));
}

TEST_CASE("every activation derivative matches central differences", "[nn][02_activations]") {
    // In double: finite differences in float would be too coarse.
    check_derivative([](double x) { return sigmoid(x); }, [](double x) { return sigmoid_derivative(x); });
    check_derivative([](double x) { return std::tanh(x); }, [](double x) { return tanh_derivative(x); });
    check_derivative([](double x) { return relu(x); }, [](double x) { return relu_derivative(x); });
    check_derivative([](double x) { return leaky_relu(x, 0.05); },
                     [](double x) { return leaky_relu_derivative(x, 0.05); });
    check_derivative([](double x) { return gelu(x); }, [](double x) { return gelu_derivative(x); });
    check_derivative([](double x) { return gelu_tanh(x); }, [](double x) { return gelu_tanh_derivative(x); });
}

TEMPLATE_TEST_CASE("the scalar activations compute in their argument's type what they compute in double",
                   "[nn][02_activations]", float, double) {
    using T = TestType;
    // Each function returns the type of its argument, and an int argument finds no function.
    CHECK(std::is_same<decltype(relu(T(1))), T>::value);
    CHECK(std::is_same<decltype(gelu_tanh_derivative(T(1))), T>::value);
    CHECK(std::is_same<decltype(leaky_relu(T(1), 0.1)), T>::value);
    CHECK_FALSE(relu_accepts<int>::value);
    CHECK(relu_accepts<T>::value);
    // The oracle is the double function at the same (rounded) point. In double: the same code,
    // identical. In float each function is at most ~10 operations on O(1) numbers, each rounded
    // to 2⁻²⁴ ≈ 6e-8, with cancellations between O(1) terms (1 − tanh², Φ(x) + xφ(x)) that turn
    // them into absolute errors: 1e-6 relative and 1e-6 absolute on x in [−6, 6].
    const tolerance tol = std::is_same<T, float>::value ? tolerance{1e-6, 1e-6} : tolerance{0, 0};
    for (double x0 = -6.0; x0 <= 6.0; x0 += 0.37) {
        const T x = static_cast<T>(x0);
        const double xd = static_cast<double>(x);
        INFO("x = " << xd);
        check_scalar_values(scalar_values(x), scalar_values(xd), tol, __LINE__);
    }
    // The limits hold in T too: no ∞ · 0 at the ends of the type.
    const T inf = std::numeric_limits<T>::infinity(), huge = std::numeric_limits<T>::max();
    for (T x : {huge, inf}) {
        CHECK(gelu(x) == x);
        CHECK(gelu(-x) == T(0));
        CHECK(gelu_tanh(x) == x);
        CHECK(gelu_tanh(-x) == T(0));
        CHECK(gelu_derivative(x) == T(1));
        CHECK(gelu_derivative(-x) == T(0));
        CHECK(gelu_tanh_derivative(x) == T(1));
        CHECK(gelu_tanh_derivative(-x) == T(0));
        CHECK(sigmoid_derivative(x) == T(0));
    }
}

TEST_CASE("softmax and log softmax backward match central differences", "[nn][02_activations]") {
    const matrix x = seeded_normal(5, 3, 4);
    const matrix w = seeded_normal(-1, 3, 4);  // L = sum(w * f(x)) so dL/df = w
    // Smooth functions, double: relative error below 1e-7 is "correct".
    CHECK_GRADIENT_AT(check_softmax_loss_gradient(x, w, softmax_backward(softmax_rows(x), w)), 1e-7);
    CHECK_GRADIENT_AT(check_log_softmax_loss_gradient(x, w, log_softmax_backward(log_softmax_rows(x), w)), 1e-7);
    // A gradient constant along a row changes nothing: hand-worked zero.
    CHECK_CLOSE_AT(softmax_backward(softmax_rows(x), filled(3, 4, 1.0)), filled(3, 4, 0.0), (tolerance{0, 1e-15}));
    CHECK_CLOSE_AT(log_softmax_backward(log_softmax_rows(matrix_from({{0, 0}})), matrix_from({{-1, 0}})),
                   (matrix_from({{-0.5, 0.5}})), (tolerance{1e-15, 1e-15}));
    // y = softmax(0, log 3) = (1/4, 3/4), g = (1, 0): g.y = 1/4, so y * (g - 1/4) = (3/16, -3/16).
    CHECK_CLOSE_AT(softmax_backward(matrix_from({{0.25, 0.75}}), matrix_from({{1, 0}})),
                   (matrix_from({{3.0 / 16, -3.0 / 16}})), (tolerance{1e-15, 1e-16}));
}

TEST_CASE("softmax and log softmax backward stay finite at logits of plus or minus 1e4", "[nn][02_activations]") {
    // Saturated rows: y = (1, 0, 0) passes no gradient back whatever g; log-probabilities of -1e4
    // and -2e4 (probabilities 0 in double) give g - e^z sum(g) with e^z = 0 or 1 exactly.
    const matrix x = matrix_from({{1e4, 0.0, -1e4}});
    const matrix g = matrix_from({{0.5, -2.0, 3.0}});
    CHECK_CLOSE_AT(softmax_backward(softmax_rows(x), g), (matrix_from({{0, 0, 0}})), (tolerance{0, 0}));
    CHECK_CLOSE_AT(log_softmax_backward(log_softmax_rows(x), g), (matrix_from({{-1.0, -2.0, 3.0}})), (tolerance{0, 0}));
}

TEMPLATE_TEST_CASE("softmax and log softmax backward write into preallocated views in float and double",
                   "[nn][02_activations]", float, double) {
    using T = TestType;
    // The oracle is the double backward on the same (rounded) inputs. In double the view and the
    // matrix overloads run the same operations: identical. In float a row of 6 is a dot product
    // (or sum) of 6 O(1) terms and one product or exp: ~8 roundings of 2⁻²⁴ on O(1) values, 1e-6
    // absolute; plus 1e-6 relative for the exp of log-probabilities down to −12.
    const tolerance tol = std::is_same<T, float>::value ? tolerance{1e-6, 1e-6} : tolerance{0, 0};
    const matrix_of<T> x = to_type<T>(seeded_normal(7, 4, 6, 2.0));
    const matrix_of<T> g = to_type<T>(seeded_normal(-1, 4, 6));
    const matrix_of<T> y = softmax_rows(x), z = log_softmax_rows(x);
    matrix_of<T> dx({4, 6}), dx_log({4, 6});
    softmax_backward(input_rows(y), input_rows(g), output_rows(dx));
    log_softmax_backward(input_rows(z), input_rows(g), output_rows(dx_log));
    const matrix yd = to_double(y), zd = to_double(z), gd = to_double(g);
    CHECK_CLOSE_AT(to_double(dx), softmax_backward(yd, gd), tol);
    CHECK_CLOSE_AT(to_double(dx_log), log_softmax_backward(zd, gd), tol);
    // The overloads returning a matrix_of<T> give the same numbers.
    CHECK_CLOSE_AT(to_double(softmax_backward(y, g)), to_double(dx), (tolerance{0, 0}));
    CHECK_CLOSE_AT(to_double(log_softmax_backward(z, g)), to_double(dx_log), (tolerance{0, 0}));
    // In place: dx may be the memory of the upstream gradient.
    matrix_of<T> in_place = g;
    softmax_backward(input_rows(y), input_rows(in_place), output_rows(in_place));
    CHECK_CLOSE_AT(to_double(in_place), to_double(dx), (tolerance{0, 0}));
    in_place = g;
    log_softmax_backward(input_rows(z), input_rows(in_place), output_rows(in_place));
    CHECK_CLOSE_AT(to_double(in_place), to_double(dx_log), (tolerance{0, 0}));
    // A preallocated output of the wrong shape is never resized.
    matrix_of<T> wrong({4, 5});
    CHECK_THROWS_AS(softmax_backward(input_rows(y), input_rows(g), output_rows(wrong)), llmlings::shape_error);
    CHECK_THROWS_WITH(log_softmax_backward(input_rows(z), input_rows(g), output_rows(wrong)),
                      llmlings::testing::contains("log_softmax_backward"));
}

TEST_CASE("softmax backward functions reject bad shapes", "[nn][02_activations]") {
    CHECK_THROWS_AS(softmax_backward(matrix({2, 3}), matrix({3, 2})), llmlings::shape_error);
    CHECK_THROWS_AS(softmax_backward(matrix({2, 3}), matrix({2, 2})), llmlings::shape_error);
    CHECK_THROWS_AS(log_softmax_backward(matrix({2, 3}), matrix({2, 2})), llmlings::shape_error);
    CHECK_THROWS_AS(log_softmax_backward(matrix({1, 3}), matrix({2, 3})), llmlings::shape_error);
    CHECK_THROWS_WITH(softmax_backward(matrix({2, 3}), matrix({3, 2})),
                      llmlings::testing::contains("softmax_backward"));
}
