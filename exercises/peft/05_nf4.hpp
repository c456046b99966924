// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief peft/05 — NF4, QLoRA's 4-bit NormalFloat: the 16 levels from the normal quantiles,
 * blockwise quantisation (block 64) with two codes per byte, and double quantisation of the
 * blocks' scales (8 bits, groups of 256).
 *
 * Trained weights are close to normally distributed. A 4-bit code has 16 levels; NF4 places them
 * at quantiles of N(0, 1), so that each level receives about the same share of the weights
 * (Dettmers et al. 2023, "QLoRA: Efficient Finetuning of Quantized LLMs"). A block of 64 weights
 * is divided by its absmax, so its values lie in [−1, 1], and each is stored as the index of the
 * nearest level. Dequantisation is a table lookup and one product: level[q]·absmax.
 *
 * The levels (bitsandbytes' create_normal_map, offset δ = 0.9677083): 8 positive values
 * Φ⁻¹(p) for the 8 probabilities of linspace(δ, 0.5, 9) without its last point, 7 negative
 * values −Φ⁻¹(p) for linspace(δ, 0.5, 8) without its last point, and an exact 0; sorted and
 * divided by the largest. One more positive level than negative: the code has an exact zero and
 * uses all 16 codes. δ is the midpoint of 1 − 1/(2·15) and 1 − 1/(2·16): the largest level is not
 * the infinite Φ⁻¹(1).
 *
 * Packing, as bitsandbytes: value 2i in the high nibble of byte i, value 2i + 1 in the low nibble.
 * Double quantisation: the per-block absmax values (one float per 64 weights: 0.5 bit per
 * weight) have their mean subtracted and are quantised again, absmax int8 (peft/04's scheme) in
 * groups of 256 blocks: 8 bits per block and one float per 16,384 weights, 0.127 bit per weight
 * in all. (bitsandbytes codes this second level with its 8-bit dynamic float map instead of
 * int8; the bytes are the same.)
 *
 * Guide: @ref peft_05_nf4.
 */
#ifndef LLMLINGS_PEFT_05_NF4_HPP
#define LLMLINGS_PEFT_05_NF4_HPP

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/peft/04_quantization.hpp>
#include <llmlings/stats/02_distributions.hpp>

namespace llmlings {
namespace peft {

/// @ingroup peft
/// @brief bitsandbytes' δ: the first level is Φ⁻¹(δ) before normalising, δ = ½(1 − 1/30 + 1 − 1/32).
constexpr double nf4_offset = 0.9677083;

/// @ingroup peft
/// @brief The number of absmax values that share one second-level scale in double quantisation.
constexpr std::size_t nf4_double_quant_group = 256;

/**
 * @ingroup peft
 * @brief A tensor in NF4: 4-bit level indices, two per byte, and one scale per block, either
 * stored in T or double-quantised.
 * @tparam T float or double
 */
template <class T>
struct nf4_tensor {
    std::vector<std::uint8_t> packed;       ///< rows·cols/2 bytes: value 2i high nibble, 2i + 1 low
    std::vector<T> absmax;                  ///< one per block when not double-quantised, else empty
    std::vector<std::int8_t> absmax_codes;  ///< double quantisation: one int8 code per block
    std::vector<T> absmax_scales;           ///< double quantisation: one per group of 256 blocks
    T absmax_mean = 0;                      ///< double quantisation: the mean subtracted first
    bool double_quantized = false;          ///< which of the two scale forms is stored
    std::size_t rows = 0;                   ///< R
    std::size_t cols = 0;                   ///< C
    std::size_t block = 64;                 ///< values per block
};

/**
 * @ingroup peft
 * @brief The 16 NF4 levels, ascending, from the normal quantiles (bitsandbytes'
 * create_normal_map(0.9677083, use_extra_value=True)).
 *
 * @f[ v^+_i = \Phi^{-1}\Big(\delta - i\,\tfrac{\delta - 0.5}{8}\Big),\ i = 0..7, \qquad
 *     v^-_i = -\Phi^{-1}\Big(\delta - i\,\tfrac{\delta - 0.5}{7}\Big),\ i = 0..6 @f]
 * with 0 added, sorted, and every level divided by the largest, Φ⁻¹(δ).
 *
 * @return the levels: −1, −0.6962, …, 0, …, 0.7230, 1 (the published table to float precision)
 *
 * Complexity: 15 normal quantiles. Example: level 7 is 0 and level 15 is 1.
 */
inline std::array<double, 16> nf4_levels() {
    todo("peft/05_nf4", "nf4_levels");
}

/**
 * @ingroup peft
 * @brief The index of the NF4 level nearest to x ∈ [−1, 1]; a value halfway between two levels
 * takes the lower (bitsandbytes' decision tree compares x > midpoint).
 *
 * @param x a value divided by its block's absmax
 * @param levels nf4_levels()
 * @return 0 … 15
 *
 * Complexity: 15 comparisons. Example: 0.03 → 7 (the level 0), 0.05 → 8 (0.0796).
 */
inline std::uint8_t nf4_code(double x, const std::array<double, 16>& levels) {
    todo("peft/05_nf4", "nf4_code");
}

namespace detail {

// Given: the input checks (plumbing, not the topic).
/// Throws unless x is non-empty and finite and the block is even and divides R·C (peft/04's checks
/// of a per-block layout, then the evenness that two codes per byte need).
template <class T>
void check_nf4_input(const const_matrix_view<T>& x, std::size_t block) {
    check_quantizable<T>("quantize_nf4", x, {quant_granularity::per_block, block});
    if (block % 2 != 0)
        throw invalid_argument("quantize_nf4", ::llmlings::detail::concat("the block size must be even (two codes "
                                                                          "per byte), got ",
                                                                          block));
}

/// Throws shape_error unless the tensor's codes and scales fit its shape and block.
template <class T>
void check_nf4_tensor(const char* function, const nf4_tensor<T>& q) {
    const std::size_t n = q.rows * q.cols;
    const bool block_ok = q.block != 0 && q.block % 2 == 0 && n % q.block == 0;
    const std::size_t blocks = block_ok ? n / q.block : 0;
    const std::size_t groups = (blocks + nf4_double_quant_group - 1) / nf4_double_quant_group;
    const bool scales_ok = q.double_quantized
                               ? q.absmax.empty() && q.absmax_codes.size() == blocks && q.absmax_scales.size() == groups
                               : q.absmax.size() == blocks && q.absmax_codes.empty() && q.absmax_scales.empty();
    if (n == 0 || !block_ok || q.packed.size() != n / 2 || !scales_ok)
        throw shape_error(
            function, ::llmlings::detail::concat(
                          "an NF4 (", q.rows, ",", q.cols, ") tensor in blocks of ", q.block, " needs ", n / 2,
                          " bytes and ", blocks, " block scales", q.double_quantized ? " (double-quantised)" : "",
                          ", got ", q.packed.size(), " bytes, ", q.absmax.size(), " scales, ", q.absmax_codes.size(),
                          " scale codes and ", q.absmax_scales.size(), " second-level scales"));
}
// End of the given code.

}  // namespace detail

/**
 * @ingroup peft
 * @brief The scale of block b: absmax[b], or, double-quantised, code·scale of its group + mean.
 *
 * @throws shape_error when b is not a block of q, or the scales do not fit (detail::check_nf4_tensor)
 *
 * Complexity: O(1). Example: codes (127), group scale 0.5/127, mean 2 → 2.5.
 */
template <class T>
T nf4_block_scale(const nf4_tensor<T>& q, std::size_t b) {
    todo("peft/05_nf4", "nf4_block_scale");
}

/**
 * @ingroup peft
 * @brief NF4 quantisation in blocks: per block, absmax m, then each value's nearest level of
 * x/m, two codes per byte; optionally the block scales double-quantised.
 *
 * Double quantisation: μ = mean of the block absmax values; each group of 256 (the last may be
 * shorter) of the centred values a_b − μ is quantised by peft/04's quantize_absmax() (s =
 * max|a_b − μ|/127, codes round((a_b − μ)/s)), so a block's scale is stored in 8 bits.
 *
 * @param x the tensor (R,C), finite
 * @param block values per block (64, QLoRA's), even and dividing R·C
 * @param double_quantize whether to quantise the block scales too (QLoRA: yes)
 * @return the packed codes and scales
 * @throws shape_error when x is empty
 * @throws invalid_argument when a value is NaN or infinite, or the block is 0, odd or does not
 *         divide R·C
 *
 * Complexity: O(R·C·16). Example: a block (−2, 2, 0, 0.1592, …) has absmax 2 and codes
 * (0, 15, 7, 8, …): bytes 0x0F, 0x78, ….
 */
template <class T>
nf4_tensor<T> quantize_nf4(const const_matrix_view<T>& x, std::size_t block = 64, bool double_quantize = true) {
    todo("peft/05_nf4", "quantize_nf4");
}

/**
 * @ingroup peft
 * @brief quantize_nf4() of a matrix (T deduced from it; the view form takes T explicitly).
 * @throws as the view form
 */
template <class T>
nf4_tensor<T> quantize_nf4(const matrix_of<T>& x, std::size_t block = 64, bool double_quantize = true) {
    todo("peft/05_nf4", "quantize_nf4");
}

/**
 * @ingroup peft
 * @brief x̂ = level[q]·(block scale), into a preallocated (R,C) output.
 *
 * @param q a tensor from quantize_nf4() (or read from a file)
 * @param out (R,C); overwritten
 * @throws shape_error when out is not (R,C), or the bytes and scales do not fit the tensor's
 *         shape and block
 *
 * Complexity: O(R·C). Example: byte 0x0F with scale 2 → (−2, 2).
 */
template <class T>
void dequantize(const nf4_tensor<T>& q, matrix_view<T> out) {
    todo("peft/05_nf4", "dequantize");
}

/**
 * @ingroup peft
 * @brief The bytes an NF4 tensor takes: half a byte per value, and per block either sizeof(T) or
 * one byte (double-quantised, plus sizeof(T) per group of 256 blocks and the mean).
 *
 * Complexity: O(1). Example: (64,64) in float, blocks of 64: 2048 + 64·4 = 2304 bytes (4.5 bits
 * per value); double-quantised 2048 + 64 + 4 + 4 = 2120 (4.14 bits).
 */
template <class T>
std::size_t storage_bytes(const nf4_tensor<T>& q) {
    todo("peft/05_nf4", "storage_bytes");
}

}  // namespace peft
}  // namespace llmlings

#endif  // LLMLINGS_PEFT_05_NF4_HPP
