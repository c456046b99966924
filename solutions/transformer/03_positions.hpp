// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief transformer/03 — positional encodings: sinusoidal (fixed), learned (GPT-2's wpe) and
 * rotary (RoPE, LLaMA's).
 *
 * Attention (transformer/01) is blind to order: permute the keys and values together and every
 * output stays the same. A transformer therefore tells each position where it is, in one of three
 * ways, all written here:
 * - **sinusoidal** (Vaswani et al. 2017, section 3.5): a fixed (positions, C) table added to the
 *   token embeddings, PE(p, 2i) = sin(p·ω_i), PE(p, 2i+1) = cos(p·ω_i), ω_i = base^(−2i/C);
 * - **learned** (GPT-2's `wpe`): a (max_positions, C) parameter, row p added to every token at
 *   position p, trained like any weight;
 * - **rotary** (Su et al. 2021, RoFormer; Meta's LLaMA): nothing is added; instead the queries
 *   and keys of every head are rotated, pair of dimensions (2i, 2i+1) by the angle p·θ_i,
 *   θ_i = base^(−2i/d), so that q·k depends on the positions only through their difference.
 *
 * Shapes: B sequences of T positions with C channels for the added encodings, x, y, dy: (B, T, C);
 * N = B·H problems (transformer/02's heads) of T positions with head size d for RoPE, x, y, dy, dx:
 * (N, T, d). A sequence may start at position `start` (> 0 when a KV cache (transformer/07) holds
 * the first `start` positions): its row t is at position start + t.
 *
 * Angles are computed in double and rounded once to T: in float, p·ω at p = 10⁴ carries an error
 * of about 10⁴ · 6·10⁻⁸ ≈ 6·10⁻⁴ radians, and so would every sine and cosine of the table.
 *
 * The passes are element loops (there is no product to give to BLAS); y may be x itself (in
 * place), each element being read before it is written. None allocates.
 *
 * Given in the exercise (plumbing, not the topic): the checks of a base, of a position range and
 * of shapes, and the overloads on owning tensors.
 *
 * References: Vaswani et al. (2017), "Attention is all you need", section 3.5; Radford et al.
 * (2019), GPT-2 (the learned `wpe`, initialised N(0, 0.02²)); Su et al. (2021), "RoFormer:
 * enhanced transformer with rotary position embedding", section 3.4; Touvron et al. (2023),
 * LLaMA, and its reference code (`precompute_freqs_cis`, `apply_rotary_emb`).
 *
 * Guide: @ref transformer_03_positions (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_TRANSFORMER_03_POSITIONS_HPP
#define LLMLINGS_TRANSFORMER_03_POSITIONS_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/stats/03_sampling.hpp>

namespace llmlings {
namespace transformer {

/**
 * @ingroup transformer
 * @brief Learned absolute positions (GPT-2's `wpe`): a view of the (max_positions, C) weight in a
 * parameter_store.
 *
 * Build it with make_learned_positions() and initialise it with init_normal(). Row p of the
 * weight is the vector added to every token at position p.
 *
 * @tparam T float or double
 */
template <class T>
struct learned_positions {
    parameter<T> weight;            ///< (max_positions, C): row p is position p's vector
    std::size_t max_positions = 0;  ///< the number of rows: the longest sequence (GPT-2: 1024)
    std::size_t channels = 0;       ///< C, the embedding size
};

/**
 * @ingroup transformer
 * @brief The cosines and sines of RoPE's angles p·θ_i, computed once for every position.
 *
 * Make it with make_rope_table(); rope_forward() and rope_backward() read row start + t for the
 * sequence's row t. (LLaMA's `freqs_cis` holds the same numbers as complex numbers cos + i·sin.)
 *
 * @tparam T float or double
 */
template <class T>
struct rope_table {
    matrix_of<T> cos;  ///< (max_positions, d/2): cos(p·θ_i)
    matrix_of<T> sin;  ///< (max_positions, d/2): sin(p·θ_i)
};

namespace detail {

// Given: the checks (plumbing, not the topic).
/// Throws invalid_argument unless base is finite and > 1 (NaN fails `base > 1`).
inline void check_base(const char* function, double base) {
    if (!(base > 1.0) || !std::isfinite(base))
        throw invalid_argument(function, ::llmlings::detail::concat("base must be finite and > 1, got ", base));
}

/// Throws invalid_argument unless positions start … start + steps − 1 all exist in a table of
/// max_positions rows (written so that start + steps cannot overflow).
inline void check_positions(const char* function, std::size_t start, std::size_t steps, std::size_t max_positions) {
    if (start > max_positions || steps > max_positions - start)
        throw invalid_argument(function, ::llmlings::detail::concat("positions start + T = ", start, " + ", steps,
                                                                    " exceed max_positions = ", max_positions));
}

/// Throws shape_error unless `y` has the shape of `x`; `what` names y in the message.
template <class X, class Y>
void check_same_shape3(const char* function, const char* what, const X& x, const Y& y) {
    const auto& xs = x.shape();
    const auto& ys = y.shape();
    if (xs[0] != ys[0] || xs[1] != ys[1] || xs[2] != ys[2])
        throw shape_error(function, ::llmlings::detail::concat(what, " must be ", shape_str(xs), " as the input, got ",
                                                               shape_str(ys)));
}

/// The checks of a learned-positions pass: the layer is built, x is (B, T, C) for its C, and the
/// positions start … start + T − 1 exist.
template <class T, class X>
void check_learned(const char* function, const learned_positions<T>& layer, const X& x, std::size_t start) {
    if (layer.channels == 0 || !layer.weight.registered())
        throw invalid_argument(function, "the layer is not built (make it with make_learned_positions)");
    if (x.shape()[2] != layer.channels)
        throw shape_error(
            function, ::llmlings::detail::concat("expected (B,T,", layer.channels, "), got ", shape_str(x.shape())));
    check_positions(function, start, x.shape()[1], layer.max_positions);
}

/// The checks of a RoPE pass: the table is made, x is (N, T, d) for its d, and the positions
/// start … start + T − 1 exist.
template <class T, class X>
void check_rope(const char* function, const rope_table<T>& table, const X& x, std::size_t start) {
    const std::size_t half = table.cos.shape()[1];
    if (half == 0 || table.sin.shape()[0] != table.cos.shape()[0] || table.sin.shape()[1] != half)
        throw invalid_argument(function, "the table is not made (make it with make_rope_table)");
    if (x.shape()[2] != 2 * half)
        throw shape_error(function, ::llmlings::detail::concat("the table is for head size ", 2 * half, ", got x ",
                                                               shape_str(x.shape())));
    check_positions(function, start, x.shape()[1], table.cos.shape()[0]);
}
// End of the given code.

}  // namespace detail

/**
 * @ingroup transformer
 * @brief The sinusoidal encodings of positions 0 … P − 1 into a preallocated (P, C) matrix.
 *
 * @f[ \mathrm{PE}(p, 2i) = \sin(p\,\omega_i), \qquad \mathrm{PE}(p, 2i+1) = \cos(p\,\omega_i),
 *     \qquad \omega_i = \text{base}^{-2i/C} @f]
 * Pair i turns with position at the frequency ω_i, from 1 radian per position (i = 0) down to
 * about 1/base: the wavelengths 2π/ω_i form a geometric series from 2π to 2π·base. Because
 * sin(p + k) and cos(p + k) are a rotation of sin p and cos p, PE(p + k) is a fixed linear map of
 * PE(p) for every p (the property the paper gives for choosing it). With an odd C the last column
 * is the sine of an unpaired i = (C − 1)/2 (ω = base^(−(C−1)/C)), without its cosine.
 *
 * The angle p·ω_i is computed in double and rounded once to T (in float, p·ω_i at p = 10⁴ would
 * be off by about 6·10⁻⁴ radians).
 *
 * @tparam T float or double
 * @param out (P, C), preallocated; every element is overwritten. P or C may be 0.
 * @param base the longest wavelength's factor (default 10000, the paper's)
 * @throws invalid_argument when base is not finite and > 1 (NaN too):
 *         `sinusoidal_positions: base must be finite and > 1, got 1`
 *
 * Complexity: P·C/2 evaluations of pow, sin and cos; no allocation. Example: C = 4, base 10⁴:
 * row 0 is (0, 1, 0, 1), row 1 is (sin 1, cos 1, sin 0.01, cos 0.01).
 */
template <class T>
void sinusoidal_positions(matrix_view<T> out, double base = 10000.0) {
    detail::check_base("sinusoidal_positions", base);
    const std::size_t positions = out.shape()[0], channels = out.shape()[1];
    T* o = out.data();
    for (std::size_t p = 0; p < positions; ++p) {
        T* row = o + p * channels;
        for (std::size_t i = 0; 2 * i < channels; ++i) {  // pair i: the columns 2i and 2i + 1
            const double frequency = std::pow(base, -2.0 * static_cast<double>(i) / static_cast<double>(channels));
            const double angle = static_cast<double>(p) * frequency;
            row[2 * i] = static_cast<T>(std::sin(angle));
            if (2 * i + 1 < channels) row[2 * i + 1] = static_cast<T>(std::cos(angle));
        }
    }
}

// Given: the overload returning the table, which calls the one above.
/**
 * @ingroup transformer
 * @brief The (positions, channels) table of sinusoidal encodings (see the overload with an
 * output for the math).
 *
 * @tparam T float or double, given explicitly: `sinusoidal_positions<float>(1024, 768)`
 * @param positions P, the number of rows (positions 0 … P − 1)
 * @param channels C, the embedding size; odd C ends with an unpaired sine
 * @param base the longest wavelength's factor (default 10000)
 * @return the table (P, C)
 * @throws invalid_argument when base is not finite and > 1
 *
 * Complexity: as the overload, plus one allocation. Example: `sinusoidal_positions<double>(2, 4)`
 * → [[0, 1, 0, 1], [0.841, 0.540, 0.0100, 1.000]].
 */
template <class T>
matrix_of<T> sinusoidal_positions(std::size_t positions, std::size_t channels, double base = 10000.0) {
    matrix_of<T> table = matrix_of<T>::from_shape({positions, channels});
    sinusoidal_positions<T>(as_view(table), base);
    return table;
}
// End of the given code.

/**
 * @ingroup transformer
 * @brief Learned positions of `max_positions` rows of `channels`, registered in `store` as
 * "<name>.weight" (max_positions, channels), every value zero.
 *
 * GPT-2 names it "wpe" (1024, 768). Zero is a placeholder: call init_normal() next.
 *
 * @tparam T float or double
 * @param store where the weight lives
 * @param name the prefix in the store, e.g. "wpe"
 * @param max_positions the number of positions, the longest sequence the model can read
 * @param channels C, the embedding size
 * @return the layer, holding a view of its weight
 * @throws invalid_argument when max_positions or channels is 0, or the store refuses the name
 *
 * Complexity: O(max_positions·C) to allocate. Example: `make_learned_positions(store, "wpe", 8,
 * 4).weight.shape()` → (8,4).
 */
template <class T>
learned_positions<T> make_learned_positions(parameter_store<T>& store, const std::string& name,
                                            std::size_t max_positions, std::size_t channels) {
    if (max_positions == 0 || channels == 0)
        throw invalid_argument("make_learned_positions",
                               ::llmlings::detail::concat("max_positions and channels must be > 0, got ", max_positions,
                                                          " and ", channels));
    learned_positions<T> layer;
    layer.weight = store.add(name + ".weight", {max_positions, channels});
    layer.max_positions = max_positions;
    layer.channels = channels;
    return layer;
}

/**
 * @ingroup transformer
 * @brief GPT-2's initialisation of learned positions: every weight drawn from N(0, stddev²).
 *
 * The draws come from stats::sample_normal (Box–Muller on llmlings::rng), in double, rounded to
 * T, in row-major order: the same seed gives the same weights on every platform, and a float layer
 * holds the double layer's draws rounded.
 *
 * @tparam T float or double
 * @param layer the layer; its weight is overwritten
 * @param gen the generator (max_positions·C normal draws)
 * @param stddev the standard deviation (default 0.02, GPT-2's)
 * @throws invalid_argument when stddev is not finite and > 0, or the layer is not built
 *
 * Complexity: O(max_positions·C), one temporary vector of the draws. Example: a (1024, 768)
 * table gets weights of standard deviation ≈ 0.02.
 */
template <class T>
void init_normal(learned_positions<T>& layer, rng& gen, double stddev = 0.02) {
    if (layer.channels == 0 || !layer.weight.registered())
        throw invalid_argument("init_normal", "cannot initialise a layer that is not built (make_learned_positions)");
    if (!(stddev > 0.0) || !std::isfinite(stddev))
        throw invalid_argument("init_normal",
                               ::llmlings::detail::concat("stddev must be finite and > 0, got ", stddev));
    const vector draws = stats::sample_normal(layer.weight.size(), gen, 0.0, stddev);
    std::transform(draws.begin(), draws.end(), layer.weight.data(), [](double v) { return static_cast<T>(v); });
}

/**
 * @ingroup transformer
 * @brief Adds the learned positions to a batch: y[b, t] = x[b, t] + weight[start + t].
 *
 * @f[ y_{btc} = x_{btc} + W_{\text{start}+t,\,c} @f]
 * The same row goes to every sequence of the batch. `start` > 0 continues a sequence whose first
 * `start` positions were processed before (a KV cache). y may be x itself (in place).
 *
 * @tparam T float or double
 * @param layer the layer
 * @param x the token embeddings (B, T, C)
 * @param y the output (B, T, C), preallocated; overwritten (may alias x)
 * @param start the position of row t = 0 (default 0)
 * @throws invalid_argument when start + T > max_positions, naming the numbers:
 *         `learned_positions_forward: positions start + T = 3 + 6 exceed max_positions = 8`, or
 *         when the layer is not built
 * @throws shape_error when x does not have C channels or y has another shape
 *
 * Complexity: B·T·C additions; no allocation. Example: W = [[0, 0], [1, 2], [3, 4]], x all ones
 * (1, 2, 2), start = 1 → y = [[[2, 3], [4, 5]]].
 */
template <class T>
void learned_positions_forward(const learned_positions<T>& layer, const const_tensor_view<T, 3>& x, tensor_view<T, 3> y,
                               std::size_t start = 0) {
    detail::check_learned("learned_positions_forward", layer, x, start);
    detail::check_same_shape3("learned_positions_forward", "y", x, y);
    const std::size_t batch = x.shape()[0], steps = x.shape()[1], C = layer.channels;
    for (std::size_t b = 0; b < batch; ++b)
        for (std::size_t t = 0; t < steps; ++t) {
            const T* w = layer.weight.data() + (start + t) * C;
            const T* in = x.data() + (b * steps + t) * C;
            T* out = y.data() + (b * steps + t) * C;
            for (std::size_t c = 0; c < C; ++c) out[c] = in[c] + w[c];
        }
}

// Given: the overload for owning tensors, which calls the one above.
/**
 * @ingroup transformer
 * @brief Adds the learned positions to a batch, returning y (see the overload with an output).
 *
 * @tparam T float or double
 * @param layer the layer
 * @param x the token embeddings (B, T, C)
 * @param start the position of row t = 0 (default 0)
 * @return y (B, T, C)
 * @throws invalid_argument, shape_error as the overload with an output
 *
 * Complexity: as the overload, plus one allocation. Example: see the overload.
 */
template <class T>
tensor3_of<T> learned_positions_forward(const learned_positions<T>& layer, const tensor3_of<T>& x,
                                        std::size_t start = 0) {
    tensor3_of<T> y = tensor3_of<T>::from_shape({x.shape()[0], x.shape()[1], x.shape()[2]});
    learned_positions_forward<T>(layer, as_view(x), as_view(y), start);
    return y;
}
// End of the given code.

/**
 * @ingroup transformer
 * @brief Backward of learned_positions_forward(): accumulates dL/dW; dL/dx is dy itself.
 *
 * @f[ \frac{\partial L}{\partial W_{\text{start}+t,\,c}} \mathrel{+}= \sum_b dy_{btc}, \qquad
 *     \frac{\partial L}{\partial x} = dy @f]
 * Row start + t was added to position t of every sequence, so its gradient sums over the batch;
 * rows outside start … start + T − 1 were not used and get nothing. The gradient of the input is
 * the upstream gradient unchanged (y = x + const): the caller passes dy on to the token
 * embedding's backward, so this function has no dx.
 *
 * @tparam T float or double
 * @param layer the layer; its weight's gradient is added to (`+=`)
 * @param dy ∂L/∂y (B, T, C)
 * @param start the start the forward had (default 0)
 * @throws invalid_argument when start + T > max_positions or the layer is not built
 * @throws shape_error when dy does not have C channels
 *
 * Complexity: B·T·C additions; no allocation. Example: dy all ones (2, 3, C), start 1 → rows 1,
 * 2 and 3 of the gradient grow by 2, the others stay.
 */
template <class T>
void learned_positions_backward(const learned_positions<T>& layer, const const_tensor_view<T, 3>& dy,
                                std::size_t start = 0) {
    detail::check_learned("learned_positions_backward", layer, dy, start);
    const std::size_t batch = dy.shape()[0], steps = dy.shape()[1], C = layer.channels;
    for (std::size_t b = 0; b < batch; ++b)
        for (std::size_t t = 0; t < steps; ++t) {
            T* g = layer.weight.grad_data() + (start + t) * C;
            const T* d = dy.data() + (b * steps + t) * C;
            for (std::size_t c = 0; c < C; ++c) g[c] += d[c];
        }
}

/**
 * @ingroup transformer
 * @brief The cosines and sines of RoPE's angles for positions 0 … max_positions − 1 and head size
 * d (even).
 *
 * @f[ \theta_i = \text{base}^{-2i/d}, \qquad \text{cos}(p, i) = \cos(p\,\theta_i), \qquad
 *     \text{sin}(p, i) = \sin(p\,\theta_i), \qquad i = 0 \dots d/2 - 1 @f]
 * the frequencies of the sinusoidal encoding with C = d. The angles are computed in double and
 * rounded once to T (LLaMA's reference code computes them in float32).
 *
 * @tparam T float or double, given explicitly: `make_rope_table<float>(2048, 128)`
 * @param max_positions the number of positions the table covers (≥ 1)
 * @param head_size d, the size of a query and a key of one head; even, ≥ 2
 * @param base the frequency base (default 10000, RoFormer's and LLaMA's)
 * @return the table, cos and sin (max_positions, d/2)
 * @throws invalid_argument when head_size is odd or 0, max_positions is 0, or base is not finite
 *         and > 1: `make_rope_table: head_size must be even and > 0, got 5`
 *
 * Complexity: max_positions·d/2 evaluations of pow, cos and sin; two allocations. Example: d = 4,
 * base 100: θ = (1, 0.1), row 1 holds cos = (cos 1, cos 0.1), sin = (sin 1, sin 0.1).
 */
template <class T>
rope_table<T> make_rope_table(std::size_t max_positions, std::size_t head_size, double base = 10000.0) {
    if (head_size == 0 || head_size % 2 != 0)
        throw invalid_argument("make_rope_table",
                               ::llmlings::detail::concat("head_size must be even and > 0, got ", head_size));
    if (max_positions == 0) throw invalid_argument("make_rope_table", "max_positions must be > 0, got 0");
    detail::check_base("make_rope_table", base);
    const std::size_t half = head_size / 2;
    rope_table<T> table;
    table.cos = matrix_of<T>::from_shape({max_positions, half});
    table.sin = matrix_of<T>::from_shape({max_positions, half});
    for (std::size_t p = 0; p < max_positions; ++p)
        for (std::size_t i = 0; i < half; ++i) {
            const double theta = std::pow(base, -2.0 * static_cast<double>(i) / static_cast<double>(head_size));
            const double angle = static_cast<double>(p) * theta;
            table.cos.data()[p * half + i] = static_cast<T>(std::cos(angle));
            table.sin.data()[p * half + i] = static_cast<T>(std::sin(angle));
        }
    return table;
}

/**
 * @ingroup transformer
 * @brief Rotary position embedding: rotates each pair (2i, 2i+1) of every row by the angle of
 * its position.
 *
 * For row t of each problem, at position p = start + t:
 * @f[ \begin{pmatrix} y_{2i} \\ y_{2i+1} \end{pmatrix} =
 *     \begin{pmatrix} \cos p\theta_i & -\sin p\theta_i \\ \sin p\theta_i & \cos p\theta_i \end{pmatrix}
 *     \begin{pmatrix} x_{2i} \\ x_{2i+1} \end{pmatrix} @f]
 * (LLaMA: the pair as a complex number x_{2i} + i·x_{2i+1}, multiplied by e^{i p θ_i}). Applied to
 * the queries and the keys (never the values), it makes q_m·k_n = (R_m q)ᵀ(R_n k) = qᵀ R_{n−m} k:
 * the score depends on the positions only through their offset. This is the interleaved pairing of
 * the paper and of LLaMA's reference code; Hugging Face's and GPT-NeoX's `rotate_half` pairs
 * dimension i with i + d/2 instead (a fixed permutation of the dimensions: weights must be
 * permuted when moving between the two).
 *
 * @tparam T float or double
 * @param table the cosines and sines (make_rope_table()) of head size d
 * @param x the queries or keys (N, T, d), N = B·H problems
 * @param y the output (N, T, d), preallocated; overwritten (may alias x)
 * @param start the position of row t = 0 (default 0; a KV cache's length)
 * @throws invalid_argument when start + T exceeds the table's positions
 *         (`rope_forward: positions start + T = 6 + 4 exceed max_positions = 8`), or the table is
 *         not made
 * @throws shape_error when x's d is not the table's head size or y has another shape
 *
 * Complexity: 4·N·T·d/2 multiplications; no allocation. Example: d = 2, x = (1, 0) at position 1
 * with θ_0 = 1 → (cos 1, sin 1) = (0.540, 0.841).
 */
template <class T>
void rope_forward(const rope_table<T>& table, const const_tensor_view<T, 3>& x, tensor_view<T, 3> y,
                  std::size_t start = 0) {
    detail::check_rope("rope_forward", table, x, start);
    detail::check_same_shape3("rope_forward", "y", x, y);
    const std::size_t problems = x.shape()[0], steps = x.shape()[1], d = x.shape()[2], half = d / 2;
    for (std::size_t n = 0; n < problems; ++n)
        for (std::size_t t = 0; t < steps; ++t) {
            const T* c = table.cos.data() + (start + t) * half;
            const T* s = table.sin.data() + (start + t) * half;
            const T* in = x.data() + (n * steps + t) * d;
            T* out = y.data() + (n * steps + t) * d;
            for (std::size_t i = 0; i < half; ++i) {
                const std::size_t a = 2 * i, b = 2 * i + 1;  // the pair that turns together
                const T x0 = in[a], x1 = in[b];              // both read before either is written
                out[a] = x0 * c[i] - x1 * s[i];
                out[b] = x0 * s[i] + x1 * c[i];
            }
        }
}

// Given: the overload for owning tensors, which calls the one above.
/**
 * @ingroup transformer
 * @brief Rotary position embedding returning y (see the overload with an output).
 *
 * @tparam T float or double
 * @param table the cosines and sines of head size d
 * @param x the queries or keys (N, T, d)
 * @param start the position of row t = 0 (default 0)
 * @return y (N, T, d)
 * @throws invalid_argument, shape_error as the overload with an output
 *
 * Complexity: as the overload, plus one allocation. Example: see the overload.
 */
template <class T>
tensor3_of<T> rope_forward(const rope_table<T>& table, const tensor3_of<T>& x, std::size_t start = 0) {
    tensor3_of<T> y = tensor3_of<T>::from_shape({x.shape()[0], x.shape()[1], x.shape()[2]});
    rope_forward<T>(table, as_view(x), as_view(y), start);
    return y;
}
// End of the given code.

/**
 * @ingroup transformer
 * @brief Backward of rope_forward(): rotates the gradient back, by the transposed (inverse)
 * rotation of each pair.
 *
 * y = R x with R a rotation (orthogonal, fixed by the positions), so dx = Rᵀ dy, the rotation by
 * the opposite angle:
 * @f[ \begin{pmatrix} dx_{2i} \\ dx_{2i+1} \end{pmatrix} =
 *     \begin{pmatrix} \cos p\theta_i & \sin p\theta_i \\ -\sin p\theta_i & \cos p\theta_i \end{pmatrix}
 *     \begin{pmatrix} dy_{2i} \\ dy_{2i+1} \end{pmatrix} @f]
 * RoPE has no parameters, so nothing is accumulated: dx is written.
 *
 * @tparam T float or double
 * @param table the table the forward used
 * @param dy ∂L/∂y (N, T, d)
 * @param dx ∂L/∂x (N, T, d), preallocated; overwritten (may alias dy)
 * @param start the start the forward had (default 0)
 * @throws invalid_argument, shape_error as rope_forward() (dx in place of y)
 *
 * Complexity: 4·N·T·d/2 multiplications; no allocation. Example: d = 2, dy = (cos 1, sin 1) at
 * position 1 with θ_0 = 1 → dx = (1, 0).
 */
template <class T>
void rope_backward(const rope_table<T>& table, const const_tensor_view<T, 3>& dy, tensor_view<T, 3> dx,
                   std::size_t start = 0) {
    detail::check_rope("rope_backward", table, dy, start);
    detail::check_same_shape3("rope_backward", "dx", dy, dx);
    const std::size_t problems = dy.shape()[0], steps = dy.shape()[1], d = dy.shape()[2], half = d / 2;
    for (std::size_t n = 0; n < problems; ++n)
        for (std::size_t t = 0; t < steps; ++t) {
            const std::size_t p = start + t;  // the forward's position of row t
            const T* c = table.cos.data() + p * half;
            const T* s = table.sin.data() + p * half;
            const T* g = dy.data() + (n * steps + t) * d;
            T* out = dx.data() + (n * steps + t) * d;
            for (std::size_t i = 0; i < half; ++i) {
                const T g0 = g[2 * i], g1 = g[2 * i + 1];
                out[2 * i] = g0 * c[i] + g1 * s[i];
                out[2 * i + 1] = g1 * c[i] - g0 * s[i];
            }
        }
}

}  // namespace transformer
}  // namespace llmlings

#endif  // LLMLINGS_TRANSFORMER_03_POSITIONS_HPP
