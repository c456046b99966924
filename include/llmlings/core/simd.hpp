// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief exp, sigmoid, tanh and GPT-2's GELU written so that g++ vectorises the loops that call
 * them: the activations of the recurrent cells (nn/10–12) and of the transformer's MLP.
 */
#ifndef LLMLINGS_CORE_SIMD_HPP
#define LLMLINGS_CORE_SIMD_HPP

#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace llmlings {
namespace detail {

/**
 * @brief exp, sigmoid and tanh written so that the compiler vectorises the loops that call them.
 *
 * Why: an LSTM step evaluates 5·B·H exponentials (three sigmoids and two tanh per unit), 2 million
 * per forward of the char-LSTM's batch (nn/11), and GPT-2's MLP one tanh per hidden unit and
 * position. std::exp and std::tanh are calls into the C library that a
 * compiler cannot vectorise (without -ffast-math): ~5 and ~15 ns each, so the gate arithmetic
 * took 25 of the 40 ms of bench/nn_lstm.cpp's float forward. In float these are straight-line
 * arithmetic (a polynomial and a power of two made from bits), which g++ -O3 turns into 4-wide SSE
 * code: ~1 ns, 5 ms for the gates. They agree with the C library to 2 units in the last place
 * (measured against long double over [−40, 40] and down to 1e-30 for tanh), propagate NaN, and
 * give σ(±∞) = 1, 0 and tanh(±∞) = ±1.
 *
 * The selections are written with integer masks (select()): a `c ? a : b` on floating-point values
 * stays a branch under g++'s default -ftrapping-math, and a branch stops the vectoriser.
 */
namespace simd {

/// The integer type of T's bits: unsigned, so that shifts and wrap-around are defined.
template <class T>
using bits_t = std::conditional_t<std::is_same<T, float>::value, std::uint32_t, std::uint64_t>;

/// The bits of x.
template <class T>
inline bits_t<T> to_bits(T x) {
    bits_t<T> i;
    std::memcpy(&i, &x, sizeof x);
    return i;
}

/// The value with these bits.
template <class T>
inline T from_bits(bits_t<T> i) {
    T x;
    std::memcpy(&x, &i, sizeof x);
    return x;
}

/// c ? a : b with a mask, no branch.
template <class I>
inline I select(bool c, I a, I b) {
    const I m = -static_cast<I>(c);
    return (a & m) | (b & ~m);
}

/**
 * @brief e^(−|a|): what sigmoid and tanh need (the argument's sign is ignored), never overflowing.
 *
 * float: −|a| = n·ln 2 + r with n = round(−|a|/ln 2) (the "shifter" trick: adding 1.5·2^23 rounds
 * to an integer that the low bits then hold) and |r| ≤ ln2/2 (ln 2 in two parts, so that n·ln2 is
 * exact: Cody and Waite); e^r is Cephes' expf polynomial and 2^n is built from its exponent bits.
 * Beyond |a| = 87 the result is 0 (the true value is subnormal, below 1e-38).
 *
 * double: std::exp. SSE2, the x86-64 baseline, has no 64-bit integer comparison, so g++ does not
 * vectorise the same code for double, and as scalar code the C library's exp is twice as fast.
 */
template <class T>
inline T exp_minus(T a) {
    using I = bits_t<T>;
    constexpr I sign = I(1) << (8 * sizeof(T) - 1);
    const I ai = to_bits(a) & ~sign;
    if constexpr (!std::is_same<T, float>::value) {
        return std::exp(-from_bits<T>(ai));
    } else {
        const T bound = T(87);
        const bool beyond = from_bits<T>(ai) > bound;                   // false for NaN, true for +∞
        const T x = -from_bits<T>(select(beyond, to_bits(bound), ai));  // −|a|, clamped (NaN stays NaN)
        const T shifter = T(12582912.0);                                // 1.5·2^23
        const T t = x * T(1.4426950408889634074) + shifter;             // the low bits of t hold n
        const T n = t - shifter;
        const T r = (x - n * T(0.693359375)) - n * T(-2.12194440e-4);
        T p = T(1.9875691500e-4);
        p = p * r + T(1.3981999507e-3);
        p = p * r + T(8.3334519073e-3);
        p = p * r + T(4.1665795894e-2);
        p = p * r + T(1.6666665459e-1);
        p = p * r + T(5.0000001201e-1);
        p = p * r * r + r + T(1);
        const I n_int = to_bits(t) - to_bits(shifter);
        const T scale = from_bits<T>((n_int + I(127)) << 23);  // 2^n
        return from_bits<T>(select(beyond, I(0), to_bits(p * scale)));
    }
}

/// σ(z) = 1/(1 + e^(−z)) = e^z/(1 + e^z), the form without overflow for each sign of z.
template <class T>
inline T sigmoid(T z) {
    const T e = exp_minus(z);
    return from_bits<T>(select(z < T(0), to_bits(e), to_bits(T(1)))) / (T(1) + e);
}

/// tanh(x) = sign(x)·(1 − e^(−2|x|))/(1 + e^(−2|x|)); near 0 its Taylor series (the quotient
/// would lose digits to cancellation there).
template <class T>
inline T tanh(T x) {
    using I = bits_t<T>;
    constexpr bool is_float = std::is_same<T, float>::value;
    constexpr I sign = I(1) << (8 * sizeof(T) - 1);
    const I xi = to_bits(x);
    const T a = from_bits<T>(xi & ~sign);
    const T e = exp_minus(a + a);
    const T far = (T(1) - e) / (T(1) + e);
    const T z = a * a;
    T s = T(62.0 / 2835.0);
    if constexpr (!is_float) s = (T(21844.0 / 6081075.0) * z - T(1382.0 / 155925.0)) * z + s;
    s = s * z - T(17.0 / 315.0);
    s = s * z + T(2.0 / 15.0);
    s = s * z - T(1.0 / 3.0);
    const T near = a + a * z * s;  // x − x³/3 + 2x⁵/15 − …, to x⁹ (float, |x| < 0.3) or x¹³ (double, |x| < 0.1)
    const I magnitude = select(a < (is_float ? T(0.3) : T(0.1)), to_bits(near), to_bits(far));
    return from_bits<T>(magnitude | (xi & sign));
}

/// GPT-2's GELU, ½x(1 + tanh(√(2/π)(x + 0.044715x³))), with tanh() above: nn::gelu_tanh's values
/// (gelu(−∞) = 0, gelu(+∞) = +∞, NaN kept) in a form that vectorises. Below x = −100 the tanh is
/// −1 in float and double, so x is clamped there: ½x(1 + t) is then 0, not ∞ · 0 = NaN at −∞.
template <class T>
inline T gelu_tanh(T x) {
    const T k = T(0.79788456080286535588);  // √(2/π)
    const T u = k * (x + T(0.044715) * x * x * x);
    const T t = tanh(u);
    const T xc = from_bits<T>(select(x < T(-100), to_bits(T(-100)), to_bits(x)));
    return T(0.5) * xc * (T(1) + t);
}

/// The derivative of gelu_tanh(), ½(1 + t) + ½x(1 − t²)√(2/π)(1 + 3·0.044715x²), as
/// nn::gelu_tanh_derivative: 1 at +∞, 0 at −∞. 1 + t and 1 − t² are formed from e = e^(−2|u|)
/// (2/(1 + e) or 2e/(1 + e), and 4e/(1 + e)²) rather than from t, whose rounding they would
/// magnify where t is near ±1. Beyond |x| = 100, e is 0, so x is clamped to ±100 in the second
/// term, which is then 0 (never ∞ · 0).
template <class T>
inline T gelu_tanh_derivative(T x) {
    const T k = T(0.79788456080286535588);
    const T c = T(0.044715);
    const T u = k * (x + c * x * x * x);
    const T e = exp_minus(u + u);  // e^(−2|u|)
    const T r = T(1) / (T(1) + e);
    const T one_plus_t = from_bits<T>(select(u < T(0), to_bits(T(2) * e * r), to_bits(T(2) * r)));
    const T sech_squared = T(4) * e * r * r;
    T xc = from_bits<T>(select(x < T(-100), to_bits(T(-100)), to_bits(x)));
    xc = from_bits<T>(select(xc > T(100), to_bits(T(100)), to_bits(xc)));
    return T(0.5) * one_plus_t + T(0.5) * xc * sech_squared * k * (T(1) + T(3) * c * xc * xc);
}

/**
 * @brief Whether the loops below run an AVX2 copy of themselves: on x86-64 under g++ or clang,
 * when the compiler's flags do not already give AVX2 (-march=native does, and then the plain
 * loop is AVX2 code), and the processor has it.
 *
 * Why: the x86-64 baseline that Debian's compilers target has SSE2, four floats per instruction;
 * a processor since 2013 has AVX2, eight. PyTorch picks its elementwise kernels by the processor
 * at run time; so do these, for the loops where a transformer's training step spends its time
 * outside the BLAS (GPT-2's GELU and its derivative: 13 % of bench/transformer_gpt.cpp's step in
 * SSE2). The AVX2 copy is the same source compiled with AVX2 allowed, without FMA, so it performs
 * the same IEEE operations on each element and gives the same bits as the SSE2 loop. Define
 * LLMLINGS_NO_SIMD_DISPATCH to keep to the compiler's flags.
 */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(__AVX2__) && !defined(__CUDACC__) && \
    !defined(LLMLINGS_NO_SIMD_DISPATCH)
#define LLMLINGS_SIMD_DISPATCH 1
inline bool has_avx2() {
    static const bool yes = __builtin_cpu_supports("avx2");
    return yes;
}
#else
#define LLMLINGS_SIMD_DISPATCH 0
#endif

namespace loops {
template <class T>
[[gnu::always_inline]] inline void gelu_tanh(const T* x, T* y, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) y[i] = simd::gelu_tanh(x[i]);
}
template <class T>
[[gnu::always_inline]] inline void scale_by_gelu_tanh_derivative(const T* x, T* d, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) d[i] *= simd::gelu_tanh_derivative(x[i]);
}
#if LLMLINGS_SIMD_DISPATCH
// The loops above inlined into functions compiled for AVX2 (a function for the baseline may be
// inlined into one for a superset of its instructions).
[[gnu::target("avx2")]] inline void gelu_tanh_avx2(const float* x, float* y, std::size_t n) {
    gelu_tanh(x, y, n);
}
[[gnu::target("avx2")]] inline void scale_by_gelu_tanh_derivative_avx2(const float* x, float* d, std::size_t n) {
    scale_by_gelu_tanh_derivative(x, d, n);
}
#endif
}  // namespace loops

/// y[i] = gelu_tanh(x[i]) for i < n; y may be x. AVX2 where the processor has it (has_avx2()).
template <class T>
inline void apply_gelu_tanh(const T* x, T* y, std::size_t n) {
#if LLMLINGS_SIMD_DISPATCH
    if constexpr (std::is_same<T, float>::value)
        if (has_avx2()) return loops::gelu_tanh_avx2(x, y, n);
#endif
    loops::gelu_tanh(x, y, n);
}

/// d[i] *= gelu_tanh_derivative(x[i]) for i < n: the backward through the GELU in place.
template <class T>
inline void scale_by_gelu_tanh_derivative(const T* x, T* d, std::size_t n) {
#if LLMLINGS_SIMD_DISPATCH
    if constexpr (std::is_same<T, float>::value)
        if (has_avx2()) return loops::scale_by_gelu_tanh_derivative_avx2(x, d, n);
#endif
    loops::scale_by_gelu_tanh_derivative(x, d, n);
}

}  // namespace simd

}  // namespace detail
}  // namespace llmlings

#endif  // LLMLINGS_CORE_SIMD_HPP
