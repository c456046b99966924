// SPDX-License-Identifier: MIT
// Tests of core/simd.hpp's vectorisable activations that nn/10–12's tests do not cover: GPT-2's
// GELU and its derivative (transformer/04's MLP), against the same formulas in long double, with
// nn/02's forms (the C library's tanh) measured beside them. Errors are in units in the last place
// of the larger of the value and 1 (GELU passes through 0 at x = 0, where relative errors mean
// nothing); the infinities, NaN and huge values at the ends.
#include <llmlings/testing.hpp>

#include <llmlings/core/simd.hpp>
#include <llmlings/nn/02_activations.hpp>

#include <cmath>
#include <limits>
#include <vector>

namespace {

// The GELU and its derivative in long double, from std::tanh: the reference both are measured by.
long double gelu_exact(long double x, bool derivative) {
    const long double k = std::sqrt(2.0L / 3.14159265358979323846264338327950288L), c = 0.044715L;
    const long double t = std::tanh(k * (x + c * x * x * x));
    if (!derivative) return 0.5L * x * (1.0L + t);
    return 0.5L * (1.0L + t) + 0.5L * x * (1.0L - t * t) * k * (1.0L + 3.0L * c * x * x);
}

// The largest error over [−12, 12] by 1/64, in units of T's epsilon times max(1, |exact|).
template <class T, class F>
double worst_gelu_error(F f, bool derivative) {
    double worst = 0.0;
    for (int i = -12 * 64; i <= 12 * 64; ++i) {
        const T x = static_cast<T>(i) / T(64);
        const long double exact = gelu_exact(x, derivative);
        const long double scale = std::max(1.0L, std::fabs(exact));
        worst = std::max(worst, static_cast<double>(std::fabs(static_cast<long double>(f(x)) - exact) / scale /
                                                    std::numeric_limits<T>::epsilon()));
    }
    return worst;
}

}  // namespace

TEMPLATE_TEST_CASE("the vectorisable GELU and its derivative agree with nn/02's", "[infra][simd]", float, double) {
    using llmlings::detail::simd::gelu_tanh;
    using llmlings::detail::simd::gelu_tanh_derivative;
    using T = TestType;
    // nn/02's forms (the C library's tanh) are measured beside them: their derivative's 1 − t²
    // cancels where t is near ±1, 4.5 (float) and 10.9 (double) units off; core/simd.hpp forms
    // 1 − t² from e^(−2|u|) and stays within 1.3 (measured).
    const auto fast = [](T x) { return gelu_tanh(x); };
    const auto fast_derivative = [](T x) { return gelu_tanh_derivative(x); };
    const auto slow = [](T x) { return llmlings::nn::gelu_tanh(x); };
    const auto slow_derivative = [](T x) { return llmlings::nn::gelu_tanh_derivative(x); };
    const double value_error = worst_gelu_error<T>(fast, false),
                 derivative_error = worst_gelu_error<T>(fast_derivative, true);
    CAPTURE(worst_gelu_error<T>(slow, false), worst_gelu_error<T>(slow_derivative, true));
    CHECK(value_error <= 2.0);
    CHECK(derivative_error <= 2.0);
    const T inf = std::numeric_limits<T>::infinity();
    CHECK(gelu_tanh(inf) == inf);
    CHECK(gelu_tanh(-inf) == T(0));
    CHECK(gelu_tanh(T(-1e30)) == T(0));
    CHECK(gelu_tanh(T(1e30)) == T(1e30));
    CHECK(std::isnan(gelu_tanh(std::numeric_limits<T>::quiet_NaN())));
    CHECK(gelu_tanh_derivative(inf) == T(1));
    CHECK(gelu_tanh_derivative(-inf) == T(0));
    CHECK(gelu_tanh_derivative(T(1e30)) == T(1));
    CHECK(gelu_tanh_derivative(T(0)) == T(0.5));
    CHECK(std::isnan(gelu_tanh_derivative(std::numeric_limits<T>::quiet_NaN())));
}

TEMPLATE_TEST_CASE("the GELU loops give the scalar functions' bits, AVX2 or not, in place too", "[infra][simd]", float,
                   double) {
    namespace simd = llmlings::detail::simd;
    using T = TestType;
    const T inf = std::numeric_limits<T>::infinity(), nan = std::numeric_limits<T>::quiet_NaN();
    // 1003 values: not a multiple of any vector width, so the loops' tails run; the ends included.
    std::vector<T> x;
    for (int i = -500; i <= 495; ++i) x.push_back(static_cast<T>(i) * T(0.0173));
    for (T e : {inf, -inf, nan, T(-1e30), T(1e30), T(-150), T(150)}) x.push_back(e);
    const std::size_t n = x.size();
    std::vector<T> y(n, T(7)), d(n, T(1.5)), in_place = x;
    simd::apply_gelu_tanh(x.data(), y.data(), n);
    simd::scale_by_gelu_tanh_derivative(x.data(), d.data(), n);
    simd::apply_gelu_tanh(in_place.data(), in_place.data(), n);
    CAPTURE(LLMLINGS_SIMD_DISPATCH);
    const auto same = [](T a, T b) { return (std::isnan(a) && std::isnan(b)) || a == b; };
    for (std::size_t i = 0; i < n; ++i) {
        CAPTURE(i, x[i]);
        REQUIRE(same(y[i], simd::gelu_tanh(x[i])));
        REQUIRE(same(in_place[i], y[i]));
        REQUIRE(same(d[i], T(1.5) * simd::gelu_tanh_derivative(x[i])));
    }
    // n = 0 touches nothing.
    simd::apply_gelu_tanh(x.data(), y.data(), 0);
    CHECK(same(y[0], simd::gelu_tanh(x[0])));
}
