// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief transformer/09 — interpretability: a GPT's attention maps, their head average, attention
 * rollout, two summary scores (entropy, offset score), and heatmaps over the tokens.
 *
 * After gpt_forward(model, ids, ws) (transformer/05), block l's attention weights are in
 * ws.blocks[l].attn.attention.weights, (B·H, T, T): problem b·H + h is head h of sequence b, and
 * its row i holds query i's weights over the keys 0…T−1 (0 right of the diagonal, the causal
 * mask; each row sums to 1). This topic turns them into things a person can read:
 *   attention_map      one head of one block of one sequence, (T, T)
 *   head_average       the mean over a block's H heads, (T, T)
 *   attention_rollout  how much each input token flows into each position at the top, (T, T):
 * @f[ \hat A_l = (1 - r)\, \frac{1}{H} \sum_h A_{l,h} + r I, \qquad
 *     R = \hat A_{L-1} \hat A_{L-2} \cdots \hat A_0 @f]
 *     (Abnar & Zuidema 2020; r I stands for the residual connection, the half of the stream that
 *     bypasses the attention)
 *   attention_entropy  mean over the rows of −Σ_j a_ij ln a_ij: how spread out a map's rows are
 *   offset_score       mean over queries i ≥ k of a(i, i − k): k = 1 finds previous-token heads
 *   byte_labels, draw_attention  the tokens as axis labels, the map as a heatmap (llmlings::plot)
 *
 * The maps are llmlings::matrix (double) whatever the model's T: they are for reading, scoring
 * and drawing, not for further passes. They need gpt_forward's full pass: gpt_forward_cached
 * (transformer/07) leaves only the new positions' rows, (B·H, T_new, P), which the functions
 * reject with a shape_error.
 *
 * Attention maps are evidence of where information moved, not an explanation of a prediction:
 * see the guide for what they do and do not show.
 *
 * References: Abnar & Zuidema (2020), "Quantifying attention flow in transformers"; Jain &
 * Wallace (2019), "Attention is not explanation"; Wiegreffe & Pinter (2019), "Attention is not
 * not explanation"; Olsson et al. (2022), "In-context learning and induction heads"; Clark et al.
 * (2019), "What does BERT look at?".
 *
 * Guide: @ref transformer_09_interpretability (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_TRANSFORMER_09_INTERPRETABILITY_HPP
#define LLMLINGS_TRANSFORMER_09_INTERPRETABILITY_HPP

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/plot.hpp>
#include <llmlings/transformer/05_gpt_forward.hpp>

namespace llmlings {
namespace transformer {

namespace detail {

// Given: the checks (plumbing, not the topic).
/// Throws invalid_argument "FUNCTION: WHAT i is out of range: expected WHAT < n" unless i < n.
inline void check_index(const char* function, const char* what, std::size_t i, std::size_t n) {
    if (i >= n)
        throw invalid_argument(function,
                               ::llmlings::detail::concat(what, " ", i, " is out of range: expected ", what, " < ", n));
}

/// Throws unless ws holds one gpt_forward of the model: invalid_argument when the model is not
/// built; shape_error unless ws has L blocks whose weights are (B·H, T, T), B and T being those
/// of ws.embedded (B, T, C). Returns {B, T}.
template <class T>
std::vector<std::size_t> check_forward(const char* function, const gpt_model<T>& model, const gpt_workspace<T>& ws) {
    if (model.blocks.size() != model.config.layers || !model.wte.registered())
        throw invalid_argument(function, "the model is not built (make it with make_gpt)");
    const std::size_t L = model.config.layers, H = model.config.heads;
    const auto& e = ws.embedded.shape();
    const std::size_t B = e[0], steps = e[1];
    if (ws.blocks.size() != L || B == 0 || steps == 0 || e[2] != model.config.channels)
        throw shape_error(function, ::llmlings::detail::concat("the workspace holds no forward pass of this model (",
                                                               ws.blocks.size(), " blocks for ", L, ", embedded ",
                                                               shape_str(e), "): run gpt_forward first"));
    for (std::size_t l = 0; l < L; ++l) {
        const auto& w = ws.blocks[l].attn.attention.weights.shape();
        if (w[0] != B * H || w[1] != steps || w[2] != steps)
            throw shape_error(
                function, ::llmlings::detail::concat(
                              "expected block ", l, "'s attention weights (B·H, T, T) = (", B * H, ", ", steps, ", ",
                              steps, "), got ", shape_str(w),
                              ": run gpt_forward first (gpt_forward_cached keeps only the new positions' rows; the "
                              "maps need gpt_forward's full pass)"));
    }
    return {B, steps};
}

/// Throws shape_error unless the map is square and not empty.
inline void check_map(const char* function, const matrix& map) {
    if (map.shape()[0] == 0 || map.shape()[0] != map.shape()[1])
        throw shape_error(function, ::llmlings::detail::concat("expected a square (T, T) map with T >= 1, got ",
                                                               shape_str(map.shape())));
}
// End of the given code.

}  // namespace detail

/**
 * @ingroup transformer
 * @brief One head's attention map: block `layer`'s weights of head `head` over sequence
 * `sequence`, as a (T, T) matrix in double.
 *
 * @f[ M_{ij} = P^{(l)}_{bH + h,\, i,\, j} @f]
 * Row i is query i's distribution over the keys j ≤ i (each row sums to 1; 0 above the diagonal).
 *
 * @tparam T float or double
 * @param model the model that ran
 * @param ws the workspace of a gpt_forward(model, ids, ws)
 * @param layer l < L
 * @param sequence b < B
 * @param head h < H
 * @return the (T, T) map
 * @throws invalid_argument when layer, sequence or head is out of range (the message names the
 *         function and the bounds: "attention_map: head 2 is out of range: expected head < 2"),
 *         or when the model is not built
 * @throws shape_error when ws holds no gpt_forward of the model ("… run gpt_forward first")
 *
 * Complexity: T² copies. Example: a model whose qkv weights and biases are 0 has scores 0, so
 * every head's map is the uniform causal one: row i is 1/(i+1) in columns 0…i.
 */
template <class T>
matrix attention_map(const gpt_model<T>& model, const gpt_workspace<T>& ws, std::size_t layer, std::size_t sequence,
                     std::size_t head) {
    todo("transformer/09_interpretability", "attention_map");
}

/**
 * @ingroup transformer
 * @brief The mean of a block's H attention maps over one sequence: what the block as a whole
 * reads from where.
 *
 * @f[ \bar A_{ij} = \frac{1}{H} \sum_{h=0}^{H-1} P^{(l)}_{bH + h,\, i,\, j} @f]
 * Still row-stochastic and lower-triangular.
 *
 * @tparam T float or double
 * @param model the model that ran
 * @param ws the workspace of a gpt_forward(model, ids, ws)
 * @param layer l < L
 * @param sequence b < B
 * @return the (T, T) average
 * @throws invalid_argument when layer or sequence is out of range, or the model is not built
 * @throws shape_error when ws holds no gpt_forward of the model
 *
 * Complexity: H·T² additions. Example: two heads with rows (1, 0) and (0, 1) average to (½, ½).
 */
template <class T>
matrix head_average(const gpt_model<T>& model, const gpt_workspace<T>& ws, std::size_t layer, std::size_t sequence) {
    todo("transformer/09_interpretability", "head_average");
}

/**
 * @ingroup transformer
 * @brief Attention rollout (Abnar & Zuidema 2020): how much of each input token reaches each
 * position of the last block's output, following the attention through every block and the
 * residual connections around them.
 *
 * @f[ \hat A_l = (1 - r)\,\bar A_l + r I, \qquad R = \hat A_{L-1} \hat A_{L-2} \cdots \hat A_0 @f]
 * with Ā_l the head_average() of block l. Row i of R is a distribution over the input tokens:
 * each Â_l is row-stochastic, and so is their product; under the causal mask every factor is
 * lower-triangular, and so is R. r = 0.5 (the paper's choice) gives the residual stream, which
 * carries each position's own vector past the attention, half of the weight; r = 1 gives I (no
 * mixing), r = 0 the product of the raw averages.
 *
 * @tparam T float or double
 * @param model the model that ran
 * @param ws the workspace of a gpt_forward(model, ids, ws)
 * @param sequence b < B
 * @param residual r in [0, 1], the weight of the identity (the residual connection)
 * @return R, (T, T)
 * @throws invalid_argument when sequence is out of range, residual is outside [0, 1] or NaN, or
 *         the model is not built
 * @throws shape_error when ws holds no gpt_forward of the model
 *
 * Complexity: L·T³ multiply-adds (T ≤ P is small). Example: with one block of uniform causal
 * attention and r = 0.5, R(1, ·) = (¼, ¾): half stays at position 1, half is spread over 0 and 1.
 */
template <class T>
matrix attention_rollout(const gpt_model<T>& model, const gpt_workspace<T>& ws, std::size_t sequence,
                         double residual = 0.5) {
    todo("transformer/09_interpretability", "attention_rollout");
}

/**
 * @ingroup transformer
 * @brief The mean entropy of a map's rows, in nats: how spread out the attention is (0 for a head
 * that looks at one token per query, large for a head that looks everywhere).
 *
 * @f[ \mathcal H = \frac{1}{T} \sum_{i=0}^{T-1} \Big( -\sum_{j} a_{ij} \ln a_{ij} \Big),
 *     \qquad 0 \ln 0 = 0 @f]
 * The masked entries are 0 and count nothing. A uniform causal row i has entropy ln(i + 1), so
 * the uniform causal map has the mean of ln 1, ln 2, …, ln T: a row cannot exceed ln(i + 1).
 * Arithmetic on data: a NaN entry gives NaN.
 *
 * @param map (T, T), rows of probabilities (attention_map(), head_average(), attention_rollout())
 * @return the mean row entropy in nats
 * @throws shape_error when the map is empty or not square
 *
 * Complexity: T² logarithms. Example: {{1, 0}, {½, ½}} gives (0 + ln 2)/2 ≈ 0.3466.
 */
inline double attention_entropy(const matrix& map) {
    todo("transformer/09_interpretability", "attention_entropy");
}

/**
 * @ingroup transformer
 * @brief The mean weight that queries put on the key `offset` positions back: offset 1 scores a
 * previous-token head, 0 a head that attends to itself.
 *
 * @f[ s_k = \frac{1}{T - k} \sum_{i=k}^{T-1} a_{i,\, i-k} @f]
 * the mean of the k-th subdiagonal. 1 for a perfect previous-token head (k = 1), 1/(i+1) per row
 * for uniform causal attention. Queries i < k have no such key and are left out. Arithmetic on
 * data: a NaN on the subdiagonal gives NaN.
 *
 * @param map (T, T), rows of probabilities
 * @param offset k < T
 * @return s_k, in [0, 1] for a map of probabilities
 * @throws shape_error when the map is empty or not square
 * @throws invalid_argument when offset ≥ T (no query has such a key)
 *
 * Complexity: T − k additions. Example: {{1, 0, 0}, {1, 0, 0}, {0, 1, 0}} (each query reads the
 * token before it; query 0 itself) has s₁ = 1 and s₀ = 1/3.
 */
inline double offset_score(const matrix& map, std::size_t offset) {
    todo("transformer/09_interpretability", "offset_score");
}

/**
 * @ingroup transformer
 * @brief A byte-level model's tokens as axis labels: printable ASCII as itself, a space as "␣",
 * a line break as `\n` (two characters), any other byte as `\xNN` (two lower-case hex digits).
 *
 * @param ids (B, T) token ids, each a byte (< 256)
 * @param sequence b < B
 * @return T labels, one per token of sequence b
 * @throws invalid_argument when sequence is out of range or an id is not a byte (naming it and
 *         its position)
 *
 * Complexity: T small strings. Example: the five bytes of `"a b\n\x01"` give the labels `a`, `␣`,
 * `b`, `\n` and `\x01`.
 */
inline std::vector<std::string> byte_labels(const token_ids& ids, std::size_t sequence) {
    todo("transformer/09_interpretability", "byte_labels");
}

/**
 * @ingroup transformer
 * @brief Draws a (T, T) map as a heatmap over the tokens (llmlings::plot::heatmap): the queries
 * down the rows (row 0 at the top), the keys across, the weight as the colour.
 *
 * Writes NAME.dat (the numbers, one line per query) and NAME.gp (the script, the tokens as named
 * tics) beside NAME.png, then runs gnuplot unless opts.run_gnuplot is false. An empty title,
 * xlabel or ylabel becomes "attention", "key (attended to)", "query (attending)".
 *
 * @param png_path where the picture goes; must end in .png
 * @param map (T, T) (attention_map(), head_average(), attention_rollout())
 * @param labels T labels (byte_labels(), or a tokenizer's pieces), used for both axes; empty for
 *        the numbers 0…T−1
 * @param opts the plot options
 * @return png_path
 * @throws shape_error when the map is empty or not square, or labels is neither empty nor of T
 *         names (plot::heatmap's check)
 * @throws invalid_argument when the path does not end in .png or the size is not positive
 * @throws io_error when a file cannot be written, or gnuplot is missing or fails
 *
 * Complexity: O(T²) plus one gnuplot run. Example: draw_attention("a.png", {{1, 0}, {0.25,
 * 0.75}}, {"a", "b"}) writes the lines `1 0` and `0.25 0.75` and `set xtics ('a' 0, 'b' 1)`.
 */
inline std::string draw_attention(const std::string& png_path, const matrix& map,
                                  const std::vector<std::string>& labels, plot::options opts = {}) {
    todo("transformer/09_interpretability", "draw_attention");
}

}  // namespace transformer
}  // namespace llmlings

#endif  // LLMLINGS_TRANSFORMER_09_INTERPRETABILITY_HPP
