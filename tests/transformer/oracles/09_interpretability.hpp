// SPDX-License-Identifier: MIT
// The oracles of tests/transformer/09_interpretability.cpp, compiled once in
// oracles/09_interpretability.cpp (never with the learner's file): PyTorch's attention weights of
// transformer/05's tiny GPT, their head averages and NumPy's rollouts, from
// tests/golden/transformer/09_interpretability.txt (tools/golden/transformer_interpretability.py),
// the model's weights from 05's golden file; a seeded model whose attention can be made uniform;
// the rollout as a product of matrices written here; the numbers of a heatmap's .dat file. The
// seeded random data and tensor helpers are those of common/oracles.hpp.
#ifndef LLMLINGS_TESTS_TRANSFORMER_ORACLES_09_INTERPRETABILITY_HPP
#define LLMLINGS_TESTS_TRANSFORMER_ORACLES_09_INTERPRETABILITY_HPP

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <llmlings/transformer/05_gpt_forward.hpp>

#include "common/oracles.hpp"
#include "gpt_instances.hpp"

namespace oracles {

/// The golden file: the ids (B = 2, T = 6) and, for each of the L = 2 blocks, PyTorch's attention
/// weights (B·H, T, T) (H = 2, problem b·H + h) and their mean over the heads (B, T, T); the
/// rollouts (B, T, T) for residual 0.5 and 0. Loaded once.
struct interpretability_golden {
    id_matrix ids;
    std::vector<tensor3> weights, averages;
    tensor3 rollout_half, rollout_zero;
    /// Head h of sequence b in block l; the average of block l over sequence b; a rollout's
    /// sequence b; each (T, T).
    matrix map(std::size_t l, std::size_t b, std::size_t h) const;
    matrix average(std::size_t l, std::size_t b) const;
    static matrix sequence_of(const tensor3& x, std::size_t b);
};
const interpretability_golden& load_interpretability_golden();

/// A model and the workspace of one gpt_forward. The tests hold it through a shared_ptr made here,
/// so that the model's and the workspace's destructors are compiled once, in this file.
template <class T>
struct forward_run {
    llmlings::transformer::gpt_model<T> model;
    llmlings::transformer::gpt_workspace<T> ws;
};

/// transformer/05's golden model (V = 13, P = 8, L = 2, H = 2, C = 8), every tensor read from
/// tests/golden/transformer/05_gpt_forward.txt and rounded to T, after gpt_forward of the golden
/// ids.
template <class T>
std::shared_ptr<forward_run<T>> golden_run();

/// A model of `layers` blocks (V = 11, P = 8, H = 2, C = 8), every tensor N(0, 0.5²) from
/// xt::random seeded with `seed`; with `uniform`, each block's qkv weight and bias are 0, so every
/// score is 0 and every attention row is uniform over the keys the mask allows. With `forward`,
/// after gpt_forward of seeded_ids(); else with an empty workspace.
template <class T>
std::shared_ptr<forward_run<T>> seeded_run(std::size_t layers, unsigned seed, bool uniform, bool forward = true);

/// B = 2 sequences of T = 5 ids below 11: {3, 1, 4, 1, 5} and {9, 2, 6, 5, 3}.
id_matrix seeded_ids();

/// Leaves in ws what gpt_forward_cached (transformer/07) would after one new token: each block's
/// weights (B·H, 1, P), zeros (only their shape matters).
template <class T>
void as_if_cached(llmlings::transformer::gpt_workspace<T>& ws, std::size_t heads, std::size_t block_size);

/// The uniform causal (T, T) map: row i is 1/(i+1) in columns 0…i.
matrix uniform_causal(std::size_t steps);
/// Block l's attention weights in ws, widened to double: (B·H, T, T).
template <class T>
tensor3 weights_of(const llmlings::transformer::gpt_workspace<T>& ws, std::size_t l);
/// The mean over the H problems b·H … b·H + H − 1 of weights (B·H, T, T): (T, T).
matrix mean_of_heads(const tensor3& weights, std::size_t b, std::size_t heads);
/// (1 − r)·A + r·I for each A, multiplied left to right in reverse: Â_{n−1} ⋯ Â_0.
matrix rollout_of(const std::vector<matrix>& averages, double r);
/// The largest |x_ij| above the diagonal (j > i).
double max_above_diagonal(const matrix& m);
/// The numbers of a heatmap's .dat file (a `#` line, then one line per row) as a matrix; an empty
/// matrix when the file cannot be read or its rows differ in length.
matrix heatmap_numbers(const std::string& path);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_TRANSFORMER_ORACLES_09_INTERPRETABILITY_HPP
