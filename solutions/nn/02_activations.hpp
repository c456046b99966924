// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nn/02 — activation functions and their derivatives; the backward passes of softmax and
 * log-softmax.
 *
 * Scalar activations act element by element (apply them with a loop over a tensor's data());
 * each has a `_derivative` taking the same input x (not the output). They are templates over the
 * floating-point type T, written once: a network trains in float, a gradient check runs in
 * double, and `relu(x)` returns the type of x. An integer argument does not compile (`relu(2)`
 * would compute in int): write `relu(2.0)`.
 *
 * The forward sigmoid(), softmax() and log_softmax() were written in ml/03 (logistic regression)
 * and are brought into this namespace by using-declarations, so nn::softmax is ml::softmax: one
 * stable implementation, also templated (a view version for float and double, and the double
 * overloads returning a matrix). softmax and log_softmax act on the last axis of a matrix:
 * x (B, C) → (B, C), one distribution per row; a (B,T,C) tensor passes as as_rows(x). Their
 * backward functions, written here, take the forward output and the upstream gradient, both
 * (B, C), and write dL/dx into a preallocated (B, C) output; the overloads returning a matrix_of<T>
 * call them.
 *
 * Reference: GELU is Hendrycks and Gimpel (2016); the tanh approximation is the one GPT-2 uses
 * (PyTorch `approximate="tanh"`). The max-subtraction trick: Goodfellow et al., *Deep Learning*, 4.1.
 *
 * Guide: @ref nn_02_activations (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NN_02_ACTIVATIONS_HPP
#define LLMLINGS_NN_02_ACTIVATIONS_HPP

#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/ml/03_logistic_regression.hpp>

namespace llmlings {
namespace nn {

/// @ingroup nn
/// The stable logistic sigmoid σ(x) of any floating-point type, written in ml/03 (see
/// ml::sigmoid); used here, not written twice. This topic adds its derivative, sigmoid_derivative().
using ml::sigmoid;

/// @ingroup nn
/// Row-wise stable softmax, written in ml/03 (see ml::softmax): into a preallocated
/// matrix_view<T> for float and double, or returning a double matrix. Used here, not written
/// twice. This topic adds its backward pass, softmax_backward().
using ml::softmax;

/// @ingroup nn
/// Row-wise log-softmax by the log-sum-exp trick, written in ml/03 (see ml::log_softmax), in the
/// same two forms as softmax. Used here, not written twice. This topic adds its backward pass,
/// log_softmax_backward().
using ml::log_softmax;

namespace detail {

/// The template parameter that restricts a scalar activation to floating-point T:
/// `template <class T, detail::if_floating<T> = 0>`. An int argument finds no function, instead of
/// computing in int.
template <class T>
using if_floating = std::enable_if_t<std::is_floating_point<T>::value, int>;

/// Throws shape_error unless the forward output, the upstream gradient and the output dx have
/// the same shape.
template <class A, class B, class C>
void check_backward_shapes(const char* function, const A& forward, const B& upstream, const C& dx) {
    check::same_shape(function, forward, upstream);
    if (dx.shape()[0] != forward.shape()[0] || dx.shape()[1] != forward.shape()[1])
        throw shape_error(function, ::llmlings::detail::concat("dx must have the shape ", shape_str(forward.shape()),
                                                               " of the forward output, got ", shape_str(dx.shape())));
}

}  // namespace detail

/**
 * @ingroup nn
 * @brief σ'(x) = σ(x)(1 − σ(x)) = σ(x)σ(−x), with σ the stable ml::sigmoid.
 *
 * @f[ \sigma'(x) = \frac{e^{-x}}{(1 + e^{-x})^2} = \sigma(x)\,\bigl(1 - \sigma(x)\bigr) = \sigma(x)\,\sigma(-x) @f]
 * It is even (σ'(−x) = σ'(x)), largest at 0 and vanishes for large |x|: a saturated sigmoid
 * passes almost no gradient back. The last form is the one computed: for large x, 1 − σ(x)
 * subtracts two numbers close to 1 and keeps only a few digits (at x = 30 the relative error is
 * about 1e-3 in double; in float 1 − σ(x) is already 0 at x = 17), while σ(−x) is accurate to
 * the last digit. Built from the stable σ, it never overflows: σ'(±1e4) is 0, not NaN.
 *
 * @tparam T float or double
 * @param x the input of sigmoid()
 * @return the derivative, in [0, 0.25]; throws nothing
 *
 * Complexity: O(1). Example: `sigmoid_derivative(0.0)` → `0.25`, `sigmoid_derivative(std::log(3.0))`
 * → `0.1875` (= ¾ · ¼).
 */
template <class T, detail::if_floating<T> = 0>
T sigmoid_derivative(T x) {
    return ml::sigmoid(x) * ml::sigmoid(-x);  // = s (1 - s), without the cancellation in 1 - s
}

/**
 * @ingroup nn
 * @brief tanh'(x) = 1 − tanh²(x). The activation itself is `std::tanh`.
 *
 * @tparam T float or double
 * @param x the input of tanh
 * @return the derivative, in [0, 1]; throws nothing
 *
 * Complexity: O(1). Example: `tanh_derivative(0.0)` → `1`.
 */
template <class T, detail::if_floating<T> = 0>
T tanh_derivative(T x) {
    const T t = std::tanh(x);
    return T(1) - t * t;
}

/**
 * @ingroup nn
 * @brief The rectified linear unit max(0, x).
 *
 * A NaN input gives NaN (the comparison `x < 0` is false for NaN, so x itself is returned);
 * `x > 0 ? x : 0` would hide it as 0.
 *
 * @tparam T float or double
 * @param x any value
 * @return max(0, x); throws nothing
 *
 * Complexity: O(1). Example: `relu(-2.0)` → `0`, `relu(3.0)` → `3`.
 */
template <class T, detail::if_floating<T> = 0>
T relu(T x) {
    return x < T(0) ? T(0) : x;
}

/**
 * @ingroup nn
 * @brief ReLU's derivative: 1 for x > 0, else 0 (at the kink x = 0 we pick 0, like PyTorch).
 *
 * @tparam T float or double
 * @param x the input of relu()
 * @return 0 or 1; throws nothing
 *
 * Complexity: O(1). Example: `relu_derivative(3.0)` → `1`, `relu_derivative(0.0)` → `0`.
 */
template <class T, detail::if_floating<T> = 0>
T relu_derivative(T x) {
    return x > T(0) ? T(1) : T(0);
}

/**
 * @ingroup nn
 * @brief Leaky ReLU: x for x > 0, αx otherwise, so negative inputs keep a small gradient.
 *
 * α is a hyper-parameter, so it stays a double (converted to T once); `leaky_relu(x, 0.1)` works
 * for a float x.
 *
 * @tparam T float or double
 * @param x     any value
 * @param alpha the slope for x ≤ 0 (PyTorch's default is 0.01)
 * @return x or αx; throws nothing
 *
 * Complexity: O(1). Example: `leaky_relu(-2.0, 0.1)` → `-0.2`.
 */
template <class T, detail::if_floating<T> = 0>
T leaky_relu(T x, double alpha = 0.01) {
    return x > T(0) ? x : static_cast<T>(alpha) * x;
}

/**
 * @ingroup nn
 * @brief Leaky ReLU's derivative: 1 for x > 0, α otherwise.
 *
 * @tparam T float or double
 * @param x     the input of leaky_relu()
 * @param alpha the slope for x ≤ 0
 * @return 1 or α; throws nothing
 *
 * Complexity: O(1). Example: `leaky_relu_derivative(-2.0, 0.1)` → `0.1`.
 */
template <class T, detail::if_floating<T> = 0>
T leaky_relu_derivative(T x, double alpha = 0.01) {
    return x > T(0) ? T(1) : static_cast<T>(alpha);
}

/**
 * @ingroup nn
 * @brief GELU, exact form: x Φ(x), with Φ the standard normal CDF.
 *
 * @f[ \mathrm{GELU}(x) = x\,\Phi(x) = \frac{x}{2}\left(1 + \mathrm{erf}\frac{x}{\sqrt 2}\right)
 *    = \frac{x}{2}\,\mathrm{erfc}\!\left(-\frac{x}{\sqrt 2}\right) @f]
 * The erfc form keeps Φ(x) for negative x, where 1 + erf(x/√2) rounds to 0 (below x ≈ −8.3 in
 * double, −5.4 in float). The limits hold at the ends of the type: gelu(+∞) = +∞ and
 * gelu(−∞) = 0 (the product −∞ · 0 would be NaN, so −∞ is handled apart).
 *
 * @tparam T float or double
 * @param x any value, ±∞ included
 * @return x Φ(x); throws nothing (NaN gives NaN)
 *
 * Complexity: O(1). Example: `gelu(1.0)` → `0.8413447460685429` (= Φ(1)).
 */
template <class T, detail::if_floating<T> = 0>
T gelu(T x) {
    if (x == -std::numeric_limits<T>::infinity()) return T(0);
    return T(0.5) * x * std::erfc(-x / std::sqrt(T(2)));
}

/**
 * @ingroup nn
 * @brief GELU's derivative: Φ(x) + x φ(x), with φ the standard normal density.
 *
 * @f[ \mathrm{GELU}'(x) = \Phi(x) + \frac{x}{\sqrt{2\pi}} e^{-x^2/2} @f]
 * It tends to 1 as x → +∞ and to 0 as x → −∞ (from below: its minimum is −0.13, at x = −√2). For
 * huge |x| the density underflows to 0 and x·0 = 0; at x = ±∞ that product would be ∞ · 0 = NaN,
 * so the limits 1 and 0 are returned there.
 *
 * @tparam T float or double
 * @param x the input of gelu(), any value, ±∞ included
 * @return the derivative, finite for every x but NaN; throws nothing
 *
 * Complexity: O(1). Example: `gelu_derivative(0.0)` → `0.5`.
 */
template <class T, detail::if_floating<T> = 0>
T gelu_derivative(T x) {
    const T pi = T(3.14159265358979323846);
    if (std::isinf(x)) return x > T(0) ? T(1) : T(0);
    const T cdf = T(0.5) * std::erfc(-x / std::sqrt(T(2)));
    const T pdf = std::exp(T(-0.5) * x * x) / std::sqrt(T(2) * pi);
    return cdf + x * pdf;
}

/**
 * @ingroup nn
 * @brief GELU, tanh approximation (GPT-2's): ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
 *
 * @f[ \mathrm{GELU}_{\tanh}(x) = \frac{x}{2}\left(1 + \tanh\!\left(\sqrt{2/\pi}\,(x + 0.044715\,x^3)\right)\right) @f]
 * It differs from gelu() by less than 5e-4 (the largest gap is near x ≈ −2.7), enough to matter when comparing
 * with a reference: use the form the reference uses. As gelu(): gelu_tanh(+∞) = +∞, gelu_tanh(−∞) = 0.
 *
 * @tparam T float or double
 * @param x any value, ±∞ included
 * @return the approximation; throws nothing (NaN gives NaN)
 *
 * Complexity: O(1). Example: `gelu_tanh(1.0)` → `0.8411919906082768`.
 */
template <class T, detail::if_floating<T> = 0>
T gelu_tanh(T x) {
    const T pi = T(3.14159265358979323846);
    const T k = std::sqrt(T(2) / pi);
    if (x == -std::numeric_limits<T>::infinity()) return T(0);
    return T(0.5) * x * (T(1) + std::tanh(k * (x + T(0.044715) * x * x * x)));
}

/**
 * @ingroup nn
 * @brief Derivative of gelu_tanh(), by the product and chain rules.
 *
 * With u = √(2/π)(x + 0.044715x³) and t = tanh u:
 * @f[ \frac{d}{dx} = \tfrac12(1 + t) + \tfrac12 x\,(1 - t^2)\,\sqrt{2/\pi}\,(1 + 3\cdot 0.044715\,x^2) @f]
 * Once tanh saturates (|u| ≳ 19 in double, 9 in float, where t rounds to ±1 and 1 − t² = 0) the
 * second term is 0 and is skipped: for huge |x| the factor x² overflows to ∞ and ∞ · 0 would be
 * NaN. So the derivative is 1 for huge positive and 0 for huge negative x, ±∞ included.
 *
 * @tparam T float or double
 * @param x the input of gelu_tanh(), any value, ±∞ included
 * @return the derivative, finite for every x but NaN; throws nothing
 *
 * Complexity: O(1). Example: `gelu_tanh_derivative(0.0)` → `0.5`.
 */
template <class T, detail::if_floating<T> = 0>
T gelu_tanh_derivative(T x) {
    const T pi = T(3.14159265358979323846);
    const T k = std::sqrt(T(2) / pi);
    const T c = T(0.044715);
    const T t = std::tanh(k * (x + c * x * x * x));
    const T sech_squared = T(1) - t * t;
    if (sech_squared == T(0)) return T(0.5) * (T(1) + t);  // saturated: the second term is 0 (x² may be ∞)
    return T(0.5) * (T(1) + t) + T(0.5) * x * sech_squared * k * (T(1) + T(3) * c * x * x);
}

/**
 * @ingroup nn
 * @brief Backward of softmax into a preallocated output: the gradient w.r.t. the logits from the
 * gradient w.r.t. the output.
 *
 * With y = softmax(x) and upstream gradient g = ∂L/∂y, the Jacobian ∂yⱼ/∂xₖ = yⱼ(δⱼₖ − yₖ) gives
 * @f[ \frac{\partial L}{\partial x_{ik}} = y_{ik}\Big(g_{ik} - \sum_j g_{ij}\, y_{ij}\Big) @f]
 * without ever forming the C × C Jacobian. `dx` may be the memory of `dy` (in place).
 *
 * @tparam T float or double
 * @param y  the output of softmax() (B, C)
 * @param dy ∂L/∂y (B, C)
 * @param dx ∂L/∂x (B, C), preallocated; overwritten
 * @throws shape_error when the three shapes differ; the message names the function and both
 *         shapes: `softmax_backward: dx must have the shape (4,6) of the forward output, got (4,5)`
 *
 * Complexity: O(B C), no allocation. Example: a gradient that is the same in every column gives 0
 * (softmax does not change when a constant is added to its input).
 */
template <class T>
void softmax_backward(const const_matrix_view<T>& y, const const_matrix_view<T>& dy, matrix_view<T> dx) {
    detail::check_backward_shapes("softmax_backward", y, dy, dx);
    const std::size_t rows = y.shape()[0], cols = y.shape()[1];
    for (std::size_t i = 0; i < rows; ++i) {
        const T* y_row = y.data() + i * cols;
        const T* g = dy.data() + i * cols;
        T* out = dx.data() + i * cols;
        T dot = 0;
        for (std::size_t j = 0; j < cols; ++j) dot += g[j] * y_row[j];
        for (std::size_t j = 0; j < cols; ++j) out[j] = y_row[j] * (g[j] - dot);
    }
}

/**
 * @ingroup nn
 * @brief Backward of softmax returning ∂L/∂x (see the overload with an output for the math).
 *
 * @tparam T float or double
 * @param y  the output of softmax() (B, C)
 * @param dy ∂L/∂y (B, C)
 * @return ∂L/∂x (B, C)
 * @throws shape_error when the shapes differ; the message names the function and both shapes:
 *         `softmax_backward: shapes differ: (2,3) vs (3,2)`
 *
 * Complexity: O(B C) plus one allocation. Example: y = (1/4, 3/4), dy = (1, 0) → `(3/16, −3/16)`.
 */
template <class T>
matrix_of<T> softmax_backward(const matrix_of<T>& y, const matrix_of<T>& dy) {
    check::same_shape("softmax_backward", y, dy);
    matrix_of<T> dx(y.shape());
    softmax_backward(as_rows(y), as_rows(dy), as_rows(dx));
    return dx;
}

/**
 * @ingroup nn
 * @brief Backward of log_softmax into a preallocated output: ∂L/∂x from ∂L/∂(log-probabilities).
 *
 * With z = log_softmax(x), ∂zⱼ/∂xₖ = δⱼₖ − softmax(x)ₖ, so
 * @f[ \frac{\partial L}{\partial x_{ik}} = g_{ik} - e^{z_{ik}} \sum_j g_{ij} @f]
 * `dx` may be the memory of `dz` (in place).
 *
 * @tparam T float or double
 * @param log_probs z, the output of log_softmax() (B, C)
 * @param dz        ∂L/∂z (B, C)
 * @param dx        ∂L/∂x (B, C), preallocated; overwritten
 * @throws shape_error when the three shapes differ; the message names the function and both
 *         shapes: `log_softmax_backward: dx must have the shape (4,6) of the forward output, got
 *         (4,5)`
 *
 * Complexity: O(B C), B·C exp, no allocation. Example: for z = log_softmax({{0, 0}}) and
 * dz = {{-1, 0}} → dx `{{-0.5, 0.5}}`.
 */
template <class T>
void log_softmax_backward(const const_matrix_view<T>& log_probs, const const_matrix_view<T>& dz, matrix_view<T> dx) {
    detail::check_backward_shapes("log_softmax_backward", log_probs, dz, dx);
    const std::size_t rows = dz.shape()[0], cols = dz.shape()[1];
    for (std::size_t i = 0; i < rows; ++i) {
        const T* z = log_probs.data() + i * cols;
        const T* g = dz.data() + i * cols;
        T* out = dx.data() + i * cols;
        T sum = 0;
        for (std::size_t j = 0; j < cols; ++j) sum += g[j];
        for (std::size_t j = 0; j < cols; ++j) out[j] = g[j] - std::exp(z[j]) * sum;
    }
}

/**
 * @ingroup nn
 * @brief Backward of log_softmax returning ∂L/∂x (see the overload with an output for the math).
 *
 * @tparam T float or double
 * @param log_probs the output of log_softmax() (B, C)
 * @param dz        ∂L/∂z (B, C)
 * @return ∂L/∂x (B, C)
 * @throws shape_error when the shapes differ; the message names the function and both shapes:
 *         `log_softmax_backward: shapes differ: (2,3) vs (2,2)`
 *
 * Complexity: O(B C) plus one allocation. Example: z = log_softmax({{0, 0}}), dz = {{-1, 0}} →
 * `{{-0.5, 0.5}}`.
 */
template <class T>
matrix_of<T> log_softmax_backward(const matrix_of<T>& log_probs, const matrix_of<T>& dz) {
    check::same_shape("log_softmax_backward", log_probs, dz);
    matrix_of<T> dx(log_probs.shape());
    log_softmax_backward(as_rows(log_probs), as_rows(dz), as_rows(dx));
    return dx;
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_02_ACTIVATIONS_HPP
