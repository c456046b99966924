// SPDX-License-Identifier: MIT
// The oracles of tests/transformer/07_sampling.cpp, compiled once in oracles/07_sampling.cpp (never
// with the learner's file): PyTorch's attention for a KV cache's last two queries (the "cached"
// case of tests/golden/transformer/01_attention.txt, tools/golden/transformer_attention.py); a
// small GPT with seeded random weights; generation written independently of the topic, from
// transformer/05's gpt_forward over the last P tokens (an argmax, and a sampler of its own:
// temperature, top-k, the inverse CDF of one uniform01 per token); the chi-square p-value of
// sampled counts (stats/02's chi_square_sf). The seeded random data and tensor helpers are those
// of common/oracles.hpp. Each returns plain containers or the reference's model.
#ifndef LLMLINGS_TESTS_TRANSFORMER_ORACLES_07_SAMPLING_HPP
#define LLMLINGS_TESTS_TRANSFORMER_ORACLES_07_SAMPLING_HPP

#include <cstddef>
#include <string>
#include <vector>

#include <llmlings/transformer/05_gpt_forward.hpp>

#include "common/oracles.hpp"
#include "gpt_instances.hpp"

namespace oracles {

/// PyTorch's causal attention of T_q = 2 queries over T_k = 6 keys (the last two positions of a
/// sequence of 6): q (2,2,4), k (2,6,4), v (2,6,3), weights (2,2,6), out (2,2,3); loaded once.
struct cached_attention_golden {
    tensor3 q, k, v, weights, out;
};
const cached_attention_golden& load_cached_attention_golden();

/// The tests' GPT: V = 11, P = 8, L = 2, H = 2, C = 8, every tensor (norm gains and biases too)
/// N(0, 0.5²) from xt::random seeded with `seed`. Larger than GPT-2's 0.02, so that the attention
/// weights are far from uniform and the logits spread over a few units: a wrong scale, mask or
/// position changes them visibly.
template <class T>
llmlings::transformer::gpt_model<T> small_gpt(unsigned seed);

/// gpt_forward's logits (B·T, V) of ids, widened to double.
template <class T>
matrix full_logits(const llmlings::transformer::gpt_model<T>& model, const id_matrix& ids);

/// Greedy generation without a cache, written here: for each new token, gpt_forward over the last
/// min(length, P) tokens and the argmax (the first of equal maxima) of each sequence's last row.
template <class T>
id_matrix greedy_by_full_forward(const llmlings::transformer::gpt_model<T>& model, const id_matrix& prompt,
                                 std::size_t new_tokens);

/// Sampling without a cache, written here: the same windows; p = softmax(z/τ) in double over the
/// top_k largest logits (the lower id first on ties; 0 keeps all), and the token is the first
/// whose cumulative probability exceeds u = uniform01(gen), one u per sequence and step, the
/// sequences in order, gen seeded with `seed`.
template <class T>
id_matrix sampled_by_full_forward(const llmlings::transformer::gpt_model<T>& model, const id_matrix& prompt,
                                  std::size_t new_tokens, double temperature, std::size_t top_k, unsigned seed);

/// A std::vector of doubles as a vector (what CHECK_CLOSE_AT compares).
vector as_vector(const std::vector<double>& v);
/// x (N, T, F) grown to (N, slots, F) along T, the new rows holding `fill`: keys and values in a
/// cache of `slots` positions.
tensor3 with_slots(const tensor3& x, std::size_t slots, double fill);
/// x (N, T, F) grown to (N, T, columns), the new columns holding `fill`: weights over P slots.
tensor3 with_columns(const tensor3& x, std::size_t columns, double fill);
/// Columns first … first + count − 1 of ids (B, T).
id_matrix columns_of(const id_matrix& ids, std::size_t first, std::size_t count);
/// The rows of positions first … first + count − 1 of each of the B sequences of a (B·T, V)
/// logits matrix, as a (B·count, V) matrix.
matrix positions_of(const matrix& logits, std::size_t batch, std::size_t steps, std::size_t first, std::size_t count);
/// Whether two id matrices have the same shape and ids; the ids as text, row by row.
bool same_ids(const id_matrix& a, const id_matrix& b);
std::string ids_text(const id_matrix& ids);

/// The p-value of Pearson's chi-square test of `counts` (of n draws) against `probs`, over the
/// cells of positive probability (k − 1 degrees of freedom).
double chi_square_p_value(const std::vector<std::size_t>& counts, const std::vector<double>& probs);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_TRANSFORMER_ORACLES_07_SAMPLING_HPP
