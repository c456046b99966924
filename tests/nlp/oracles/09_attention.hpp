// SPDX-License-Identifier: MIT
// The oracles of tests/nlp/09_attention.cpp, compiled once in oracles/09_attention.cpp (never with
// the learner's file): PyTorch's forward and backward of a tiny attentional encoder-decoder for
// each score function, from tests/golden/nlp/09_attention.txt (tools/golden/nlp_attention.py), the
// seeded batches of the reversal task, and the measure of how close an attention map is to the
// anti-diagonal. The seeded random data, gradient checks and tensor helpers are those of
// common/oracles.hpp. Each returns plain containers.
#ifndef LLMLINGS_TESTS_NLP_ORACLES_09_ATTENTION_HPP
#define LLMLINGS_TESTS_NLP_ORACLES_09_ATTENTION_HPP

#include <cstddef>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "common/oracles.hpp"

namespace oracles {

/// Token ids (B,T), the type of llmlings::nlp::seq2seq_ids.
using id_matrix = xt::xtensor<std::size_t, 2>;

/// A (B,T) id matrix from rows of equal length; `ids` with `extra` pad (0) columns appended.
id_matrix token_ids(std::initializer_list<std::initializer_list<std::size_t>> rows);
id_matrix pad_columns(const id_matrix& ids, std::size_t extra);

/// ids(b, t), the bounds checked (shape_error): made here once, so that the test file instantiates
/// none of xtensor's element accessors. (tensor3_from, element and set_element of a (B,T,F)
/// tensor are common/oracles.hpp's.)

/// One score function's model in tests/golden/nlp/09_attention.txt: every tensor's values and
/// gradient under the C++ store's names, in registration order, and the weights (B,T,S), context
/// (B,T,H), logits (B,T,V) and loss of the forward.
struct attention_golden_model {
    std::vector<std::pair<std::string, vector>> values, grads;
    tensor3 weights, context, logits;
    double loss = 0.0;
};
/// The golden file: src (B,S) and tgt (B,T) (B=3, S=5, T=4, V_src=6, V=7, E=3, H=4, A=3; pad 0,
/// bos 1, eos 2; source lengths 5, 3, 1) and the models "dot", "general", "additive".
struct attention_golden {
    id_matrix src, tgt;
    attention_golden_model dot, general, additive;
};
const attention_golden& load_attention_golden();

/// A seeded batch of the reversal task: `rows` sources of min_len … max_len digits (uniform
/// lengths) drawn uniformly from the ids 3 … 3 + digits − 1 (llmlings::rng, uniform01),
/// right-padded with 0 to max_len columns; each target is its source reversed, then eos = 2,
/// padded with 0 to max_len + 1 columns.
struct reversal_batch {
    id_matrix src, tgt;
};
reversal_batch reversal_task(std::size_t rows, std::size_t min_len, std::size_t max_len, std::size_t digits,
                             llmlings::rng& gen);

/// The baseline of the attention's training test: nlp/08's model without attention (E = 8,
/// H = 16, V = 9, float), initialised with init_seq2seq(rng(init_seed)), trained for `steps` Adam
/// steps (lr 0.01, clipping at 1) on reversal_task(32, min_len, max_len, 6, rng(data_seed))
/// batches, and its teacher-forced token accuracy on `held_out`. Compiled here, from the
/// reference nlp/08, so that the learner's test file does not instantiate it.
double plain_seq2seq_reversal_accuracy(std::size_t steps, std::size_t min_len, std::size_t max_len, unsigned init_seed,
                                       unsigned data_seed, const reversal_batch& held_out);

/// How close attention maps (B,T,S) are to the anti-diagonal of a reversal: over every target
/// position t < ℓ_b of every row (ℓ_b the source's length, the number of leading ids ≠ 0 of src),
/// the mean weight on source position ℓ_b − 1 − t, and the fraction of those rows whose largest
/// weight is there.
struct anti_diagonal_measure {
    double mean_weight = 0.0;
    double argmax_fraction = 0.0;
    std::size_t positions = 0;
};
anti_diagonal_measure anti_diagonal(const tensor3_of<float>& weights, const id_matrix& src);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NLP_ORACLES_09_ATTENTION_HPP
