// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief peft/04 — 8-bit quantisation: absmax (symmetric int8) and zero-point (affine uint8), per
 * tensor, per channel and per block; the int8 matrix product with int32 accumulation; error
 * metrics and the bytes a quantised tensor takes.
 *
 * A weight matrix W (R,C) (a layer's (out, in)) is split into groups that share one scale:
 * - per tensor: one group;
 * - per channel: one group per row (an output channel of an (out, in) weight);
 * - per block: consecutive runs of `block` values of the row-major data (bitsandbytes' blockwise
 *   quantisation, block 64 for QLoRA's weights), which may cross rows.
 *
 * absmax (LLM.int8, bitsandbytes): s = max|x| / 127 over the group, q = round(x / s) ∈ [−127, 127],
 * x ≈ q·s. Zero is exact and the code is symmetric; a group of zeros gets s = 0.
 * zero-point (PyTorch's MinMaxObserver with quint8): lo = min(0, min x), hi = max(0, max x),
 * s = (hi − lo)/255, z = round(−lo/s) ∈ [0, 255], q = clamp(round(x/s) + z, 0, 255), x ≈ (q − z)·s:
 * all 256 codes cover [lo, hi], so a one-sided range (activations after ReLU) loses no code to
 * the other sign. Rounding is to nearest, ties to even (std::nearbyint), as PyTorch's quantize.
 *
 * Guide: @ref peft_04_quantization.
 */
#ifndef LLMLINGS_PEFT_04_QUANTIZATION_HPP
#define LLMLINGS_PEFT_04_QUANTIZATION_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>

namespace llmlings {
namespace peft {

/// @ingroup peft
/// @brief Which values share a scale: the whole tensor, each row, or each run of `block` values.
enum class quant_granularity { per_tensor, per_channel, per_block };

/// @ingroup peft
/// @brief The grouping of a quantised tensor.
struct quant_layout {
    quant_granularity granularity = quant_granularity::per_tensor;  ///< how values are grouped
    std::size_t block = 64;  ///< values per group for per_block (must divide the tensor's size)
};

/**
 * @ingroup peft
 * @brief A tensor in absmax int8: codes q ∈ [−127, 127] (row-major) and one scale per group.
 * @tparam T the element type of the tensor it came from (and of its scales), float or double
 */
template <class T>
struct int8_absmax {
    std::vector<std::int8_t> q;  ///< rows·cols codes, row-major
    std::vector<T> scales;       ///< one per group: max|x|/127
    std::size_t rows = 0;        ///< R
    std::size_t cols = 0;        ///< C
    quant_layout layout;         ///< the grouping
};

/**
 * @ingroup peft
 * @brief A tensor in zero-point uint8: codes q ∈ [0, 255], and per group a scale and a zero point.
 * @tparam T float or double
 */
template <class T>
struct uint8_affine {
    std::vector<std::uint8_t> q;            ///< rows·cols codes, row-major
    std::vector<T> scales;                  ///< one per group: (hi − lo)/255
    std::vector<std::int32_t> zero_points;  ///< one per group, in [0, 255]: the code of 0
    std::size_t rows = 0;                   ///< R
    std::size_t cols = 0;                   ///< C
    quant_layout layout;                    ///< the grouping
};

/// @ingroup peft
/// @brief How far a quantised tensor is from the original.
struct quantization_error {
    double rmse = 0.0;     ///< √(mean (x − x̂)²)
    double max_abs = 0.0;  ///< max |x − x̂|
};

namespace detail {

// Given: the input checks and the grouping (plumbing, not the topic).
/// Throws unless x is non-empty and finite and the layout fits it: block ≥ 1 dividing R·C.
template <class T>
void check_quantizable(const char* function, const const_matrix_view<T>& x, const quant_layout& layout) {
    const std::size_t n = x.size();
    if (n == 0)
        throw shape_error(function,
                          ::llmlings::detail::concat("cannot quantise an empty tensor ", shape_str(x.shape())));
    if (layout.granularity == quant_granularity::per_block && (layout.block == 0 || n % layout.block != 0))
        throw invalid_argument(
            function, ::llmlings::detail::concat("block size ", layout.block, " must be >= 1 and divide the tensor's ",
                                                 n, " values ", shape_str(x.shape())));
    const T* p = x.data();
    for (std::size_t k = 0; k < n; ++k)
        if (!std::isfinite(p[k]))
            throw invalid_argument(function, ::llmlings::detail::concat("value ", k, " (row ", k / x.shape()[1],
                                                                        ", column ", k % x.shape()[1], ") is ", p[k],
                                                                        ": only finite values can be quantised"));
}

/// The number of values in one group of an (rows, cols) tensor.
inline std::size_t group_size(std::size_t rows, std::size_t cols, const quant_layout& layout) {
    switch (layout.granularity) {
        case quant_granularity::per_tensor:
            return rows * cols;
        case quant_granularity::per_channel:
            return cols;
        case quant_granularity::per_block:
            return layout.block;
    }
    return rows * cols;
}

/// Sets out's shape and layout from x and sizes its codes and scales; returns the group size.
template <class Q, class X>
std::size_t start_quantized(Q& out, const X& x, const quant_layout& layout) {
    out.rows = x.shape()[0];
    out.cols = x.shape()[1];
    out.layout = layout;
    const std::size_t size = group_size(out.rows, out.cols, layout);
    out.q.resize(x.size());
    out.scales.resize(x.size() / size);
    return size;
}

/// Throws shape_error unless out is (R,C) and q's codes, scales and `per_group` (its zero points,
/// or its scales again) fit its shape and layout; returns the group size.
template <class Q, class Out>
std::size_t check_dequantize(const Q& q, const Out& out, std::size_t per_group) {
    const std::size_t n = q.rows * q.cols;
    if (out.shape()[0] != q.rows || out.shape()[1] != q.cols)
        throw shape_error("dequantize", ::llmlings::detail::concat("out must be (", q.rows, ",", q.cols, "), got ",
                                                                   shape_str(out.shape())));
    const std::size_t size = n == 0 ? 1 : group_size(q.rows, q.cols, q.layout);
    if (q.q.size() != n || size == 0 || n % size != 0 || q.scales.size() != n / size || per_group != n / size)
        throw shape_error("dequantize",
                          ::llmlings::detail::concat("a (", q.rows, ",", q.cols, ") tensor needs ", n, " codes and ",
                                                     size == 0 ? 0 : n / size, " scales (and zero points), got ",
                                                     q.q.size(), ", ", q.scales.size(), " and ", per_group));
    return size;
}
// End of the given code.

}  // namespace detail

/**
 * @ingroup peft
 * @brief absmax int8 quantisation: per group, s = max|x|/127 and q = round(x/s), clamped to ±127.
 *
 * @f[ s_g = \frac{\max_{i\in g} |x_i|}{127}, \qquad q_i = \operatorname{round}(x_i / s_g),
 *     \qquad \hat x_i = q_i\, s_g, \qquad |x_i - \hat x_i| \le s_g / 2 @f]
 * The largest value of each group maps to ±127 exactly; 0 maps to 0. One outlier in a group
 * stretches s for every value of the group, which is why smaller groups (channels, blocks) lose
 * less. A group that is all zeros gets s = 0 and q = 0.
 *
 * @param x the tensor (R,C), finite
 * @param layout per tensor (default), per channel (row) or per block of `block` values
 * @return the codes and scales
 * @throws shape_error when x is empty
 * @throws invalid_argument when a value is NaN or infinite (the message gives its row and
 *         column), or a block size is 0 or does not divide R·C
 *
 * Complexity: O(R·C), two passes. Example: x = (0.5, −1.27, 0.127, 0) → s = 0.01,
 * q = (50, −127, 13, 0).
 */
template <class T>
int8_absmax<T> quantize_absmax(const const_matrix_view<T>& x, const quant_layout& layout = {}) {
    detail::check_quantizable<T>("quantize_absmax", x, layout);
    int8_absmax<T> out;
    const std::size_t size = detail::start_quantized(out, x, layout);
    const T* p = x.data();
    for (std::size_t g = 0; g < out.scales.size(); ++g) {
        const T* first = p + g * size;
        T largest = 0;
        for (std::size_t i = 0; i < size; ++i) largest = std::max(largest, std::fabs(first[i]));
        const T scale = largest / T(127);
        out.scales[g] = scale;
        for (std::size_t i = 0; i < size; ++i) {
            const T code = scale == T(0) ? T(0) : std::nearbyint(first[i] / scale);
            out.q[g * size + i] = static_cast<std::int8_t>(std::min(T(127), std::max(T(-127), code)));
        }
    }
    return out;
}

/**
 * @ingroup peft
 * @brief quantize_absmax() of a matrix (T deduced from it; the view form takes T explicitly:
 * `quantize_absmax<float>(view, layout)`).
 * @throws as the view form
 */
template <class T>
int8_absmax<T> quantize_absmax(const matrix_of<T>& x, const quant_layout& layout = {}) {
    return quantize_absmax<T>(as_rows(x), layout);
}

/**
 * @ingroup peft
 * @brief Zero-point (affine) uint8 quantisation: per group, the range [min(0, min x), max(0, max x)]
 * is cut into 255 steps and 0 gets a code of its own.
 *
 * @f[ s_g = \frac{hi_g - lo_g}{255}, \qquad z_g = \operatorname{round}(-lo_g / s_g),
 *     \qquad q_i = \operatorname{clamp}(\operatorname{round}(x_i / s_g) + z_g,\, 0,\, 255),
 *     \qquad \hat x_i = (q_i - z_g)\, s_g @f]
 * lo ≤ 0 ≤ hi always (so z ∈ [0, 255] and 0 is exact: zero padding and ReLU zeros stay zero).
 * A group of zeros gets s = 1, z = 0. A range wider than T's largest value (hi − lo overflows)
 * is divided before the subtraction.
 *
 * @param x the tensor (R,C), finite
 * @param layout per tensor (default), per channel or per block
 * @return the codes, scales and zero points
 * @throws shape_error when x is empty
 * @throws invalid_argument when a value is NaN or infinite, or a block size is 0 or does not
 *         divide R·C
 *
 * Complexity: O(R·C). Example: x = (−1, 3, 0, 1) → s = 4/255, z = 64, q = (0, 255, 64, 128).
 */
template <class T>
uint8_affine<T> quantize_zero_point(const const_matrix_view<T>& x, const quant_layout& layout = {}) {
    detail::check_quantizable<T>("quantize_zero_point", x, layout);
    uint8_affine<T> out;
    const std::size_t size = detail::start_quantized(out, x, layout);
    out.zero_points.resize(out.scales.size());
    const T* p = x.data();
    for (std::size_t g = 0; g < out.scales.size(); ++g) {
        const T* first = p + g * size;
        T lo = 0, hi = 0;
        for (std::size_t i = 0; i < size; ++i) {
            lo = std::min(lo, first[i]);
            hi = std::max(hi, first[i]);
        }
        // hi − lo overflows for a range wider than the type's largest value: divide first then.
        const T range = hi - lo;
        const T scale = hi > lo ? (std::isfinite(range) ? range / T(255) : hi / T(255) - lo / T(255)) : T(1);
        const T zero = std::min(T(255), std::max(T(0), std::nearbyint(-lo / scale)));
        out.scales[g] = scale;
        out.zero_points[g] = static_cast<std::int32_t>(zero);
        for (std::size_t i = 0; i < size; ++i) {
            const T code = std::nearbyint(first[i] / scale) + zero;
            out.q[g * size + i] = static_cast<std::uint8_t>(std::min(T(255), std::max(T(0), code)));
        }
    }
    return out;
}

/**
 * @ingroup peft
 * @brief quantize_zero_point() of a matrix (T deduced from it).
 * @throws as the view form
 */
template <class T>
uint8_affine<T> quantize_zero_point(const matrix_of<T>& x, const quant_layout& layout = {}) {
    return quantize_zero_point<T>(as_rows(x), layout);
}

/**
 * @ingroup peft
 * @brief x̂ = q·s: an absmax tensor back in T, into a preallocated (R,C) output.
 *
 * @param q a tensor from quantize_absmax()
 * @param out (R,C); overwritten
 * @throws shape_error when out is not (R,C), or q's codes and scales do not fit its shape and
 *         layout (a tensor assembled by hand or read from a damaged file)
 *
 * Complexity: O(R·C). Example: q = (50, −127), s = 0.01 → (0.5, −1.27).
 */
template <class T>
void dequantize(const int8_absmax<T>& q, matrix_view<T> out) {
    const std::size_t n = q.rows * q.cols, size = detail::check_dequantize(q, out, q.scales.size());
    T* o = out.data();
    for (std::size_t k = 0; k < n; ++k) o[k] = static_cast<T>(q.q[k]) * q.scales[k / size];
}

/**
 * @ingroup peft
 * @brief x̂ = (q − z)·s: a zero-point tensor back in T, into a preallocated (R,C) output.
 *
 * @param q a tensor from quantize_zero_point()
 * @param out (R,C); overwritten
 * @throws shape_error when out is not (R,C), or the codes, scales and zero points do not fit
 *
 * Complexity: O(R·C). Example: q = (0, 255, 64), s = 4/255, z = 64 → (−1.0039, 2.9961, 0).
 */
template <class T>
void dequantize(const uint8_affine<T>& q, matrix_view<T> out) {
    const std::size_t n = q.rows * q.cols, size = detail::check_dequantize(q, out, q.zero_points.size());
    T* o = out.data();
    for (std::size_t k = 0; k < n; ++k)
        o[k] = static_cast<T>(static_cast<std::int32_t>(q.q[k]) - q.zero_points[k / size]) * q.scales[k / size];
}

/**
 * @ingroup peft
 * @brief The largest inner dimension K an int8 product can sum in int32 without overflow:
 * K·127² ≤ 2³¹ − 1, so 133,144.
 */
inline constexpr std::size_t int8_matmul_max_inner =
    static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()) / (127 * 127);

/**
 * @ingroup peft
 * @brief The int8 product of LLM.int8: y = (A_q · W_qᵀ in int32) times the scales, applied once
 * per output.
 *
 * @f[ y_{mn} = s^A_m\, s^W_n \sum_k q^A_{mk}\, q^W_{nk} @f]
 * The sum runs in int32 over codes: exact, and on hardware 4× the int8 operations per instruction
 * of float32. The scales come out of the sum only when each is constant along k: per tensor or
 * per channel (one scale per row of A and per row of W, the "vector-wise" quantisation of
 * LLM.int8), never per block.
 *
 * @param a the activations (M,K), absmax per tensor or per channel
 * @param w the weight (N,K) as an (out, in) layer stores it, per tensor or per channel
 * @param y (M,N), preallocated; overwritten
 * @throws invalid_argument when a or w is quantised per block, or K > int8_matmul_max_inner
 *         (the int32 sum could overflow)
 * @throws shape_error when the inner dimensions differ, y is not (M,N), or a tensor's codes and
 *         scales do not fit its shape
 *
 * Complexity: 2·M·N·K integer operations. Example: a = (1, 2) with s = 0.5, w = (3, −1) with
 * s = 0.25 → y = 0.5·0.25·(3 − 2) = 0.125.
 */
template <class T>
void int8_matmul(const int8_absmax<T>& a, const int8_absmax<T>& w, matrix_view<T> y) {
    for (const int8_absmax<T>* t : {&a, &w}) {
        if (t->layout.granularity == quant_granularity::per_block)
            throw invalid_argument("int8_matmul",
                                   "per-block scales vary along the inner dimension and cannot be taken out of the "
                                   "sum: quantise per tensor or per channel");
        const std::size_t groups = t->layout.granularity == quant_granularity::per_tensor ? 1 : t->rows;
        if (t->q.size() != t->rows * t->cols || t->scales.size() != groups)
            throw shape_error("int8_matmul",
                              ::llmlings::detail::concat("a (", t->rows, ",", t->cols, ") tensor needs ",
                                                         t->rows * t->cols, " codes and ", groups, " scales, got ",
                                                         t->q.size(), " and ", t->scales.size()));
    }
    const std::size_t M = a.rows, N = w.rows, K = a.cols;
    if (w.cols != K)
        throw shape_error("int8_matmul", ::llmlings::detail::concat("inner dimensions differ: (", M, ",", K, ") x (", N,
                                                                    ",", w.cols, ")ᵀ"));
    if (K > int8_matmul_max_inner)
        throw invalid_argument("int8_matmul", ::llmlings::detail::concat("K = ", K, " could overflow the int32 sum (",
                                                                         "at most ", int8_matmul_max_inner, ")"));
    if (y.shape()[0] != M || y.shape()[1] != N)
        throw shape_error("int8_matmul",
                          ::llmlings::detail::concat("y must be (", M, ",", N, "), got ", shape_str(y.shape())));
    const bool a_rows = a.layout.granularity == quant_granularity::per_channel;
    const bool w_rows = w.layout.granularity == quant_granularity::per_channel;
    T* out = y.data();
    for (std::size_t m = 0; m < M; ++m) {
        const std::int8_t* qa = a.q.data() + m * K;
        const T sa = a.scales[a_rows ? m : 0];
        for (std::size_t n = 0; n < N; ++n) {
            const std::int8_t* qw = w.q.data() + n * K;
            std::int32_t sum = 0;
            for (std::size_t k = 0; k < K; ++k)
                sum += static_cast<std::int32_t>(qa[k]) * static_cast<std::int32_t>(qw[k]);
            out[m * N + n] = sa * w.scales[w_rows ? n : 0] * static_cast<T>(sum);
        }
    }
}

/**
 * @ingroup peft
 * @brief RMSE and largest absolute difference between a tensor and its approximation.
 *
 * @param x the original (R,C)
 * @param approx the dequantised tensor (R,C)
 * @return √(mean (x − x̂)²) and max |x − x̂|, in double
 * @throws shape_error when the shapes differ or are empty
 *
 * Complexity: O(R·C). Example: x = (1, 2), x̂ = (1, 2.5) → rmse √0.125 = 0.3536, max 0.5.
 */
template <class T>
quantization_error quantization_error_of(const const_matrix_view<T>& x, const const_matrix_view<T>& approx) {
    if (x.shape() != approx.shape() || x.size() == 0)
        throw shape_error("quantization_error_of",
                          ::llmlings::detail::concat("x ", shape_str(x.shape()), " and approx ",
                                                     shape_str(approx.shape()), " must have one non-empty shape"));
    quantization_error e;
    double squares = 0.0;
    for (std::size_t k = 0; k < x.size(); ++k) {
        const double d = static_cast<double>(x.data()[k]) - static_cast<double>(approx.data()[k]);
        squares += d * d;
        e.max_abs = std::max(e.max_abs, std::fabs(d));
    }
    e.rmse = std::sqrt(squares / static_cast<double>(x.size()));
    return e;
}

/**
 * @ingroup peft
 * @brief quantization_error_of() of two matrices (T deduced from them).
 * @throws as the view form
 */
template <class T>
quantization_error quantization_error_of(const matrix_of<T>& x, const matrix_of<T>& approx) {
    return quantization_error_of<T>(as_rows(x), as_rows(approx));
}

/**
 * @ingroup peft
 * @brief The bytes an absmax tensor takes: one per code and sizeof(T) per scale.
 *
 * Complexity: O(1). Example: a (64,64) tensor per block of 64 in float: 4096 + 64·4 = 4352 bytes,
 * 8.5 bits per value against 32.
 */
template <class T>
std::size_t storage_bytes(const int8_absmax<T>& q) {
    return q.q.size() + q.scales.size() * sizeof(T);
}

/**
 * @ingroup peft
 * @brief The bytes a zero-point tensor takes: one per code, sizeof(T) per scale and 4 per zero
 * point (PyTorch keeps them as int32; one byte would do).
 *
 * Complexity: O(1). Example: (64,64) per channel in float: 4096 + 64·(4 + 4) = 4608 bytes.
 */
template <class T>
std::size_t storage_bytes(const uint8_affine<T>& q) {
    return q.q.size() + q.scales.size() * sizeof(T) + q.zero_points.size() * sizeof(std::int32_t);
}

/**
 * @ingroup peft
 * @brief Replaces every matrix of a store (each tensor of rank 2: the linear layers' weights and
 * the embeddings) by its absmax round trip, to measure what 8-bit weights cost a model's loss.
 *
 * The model keeps running in T on the rounded values ("fake quantisation"): the loss it then
 * reaches is the loss of the int8 model, without writing an int8 forward pass.
 *
 * @param store the model's parameters; the values of its rank-2 tensors are changed in place
 * @param layout the grouping (per channel: each output row its own scale)
 * @return the error over all the changed values (RMSE over all of them, the largest difference)
 * @throws invalid_argument when a matrix holds NaN or infinity, or the block size does not
 *         divide a matrix's size; shape_error when the store has no matrix
 *
 * Complexity: O(parameters). Example: a store with one (2,2) weight (0.5, −1.27, 0.127, 0)
 * becomes (0.5, −1.27, 0.13, 0), error max 0.003.
 */
template <class T>
quantization_error fake_quantize_weights(parameter_store<T>& store, const quant_layout& layout = {}) {
    // Every matrix is quantised (and so checked) before any is changed.
    std::vector<parameter<T>> matrices;
    std::vector<int8_absmax<T>> codes;
    for (const parameter<T>& p : store) {
        if (p.dimension() != 2) continue;
        const std::size_t rows = p.shape()[0], cols = p.shape()[1];
        codes.push_back(
            quantize_absmax<T>(view_of<2>(static_cast<const T*>(p.data()), rows * cols, {rows, cols}), layout));
        matrices.push_back(p);
    }
    if (matrices.empty()) throw shape_error("fake_quantize_weights", "the store holds no matrix (tensor of rank 2)");
    quantization_error total;
    double squares = 0.0;
    std::size_t count = 0;
    std::vector<T> original;
    for (std::size_t t = 0; t < matrices.size(); ++t) {
        T* values = matrices[t].data();
        const std::size_t rows = codes[t].rows, cols = codes[t].cols;
        original.assign(values, values + rows * cols);
        dequantize(codes[t], view_of<2>(values, rows * cols, {rows, cols}));
        for (std::size_t k = 0; k < rows * cols; ++k) {
            const double d = static_cast<double>(original[k]) - static_cast<double>(values[k]);
            squares += d * d;
            total.max_abs = std::max(total.max_abs, std::fabs(d));
        }
        count += rows * cols;
    }
    total.rmse = std::sqrt(squares / static_cast<double>(count));
    return total;
}

}  // namespace peft
}  // namespace llmlings

#endif  // LLMLINGS_PEFT_04_QUANTIZATION_HPP
