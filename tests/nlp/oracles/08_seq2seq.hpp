// SPDX-License-Identifier: MIT
// The oracles of tests/nlp/08_seq2seq.cpp, compiled once in oracles/08_seq2seq.cpp (never with the
// learner's file): PyTorch's forward and backward of a tiny encoder-decoder from
// tests/golden/nlp/08_seq2seq.txt (tools/golden/nlp_seq2seq.py), the masked sequence cross-entropy
// computed with nn/03's cross_entropy_with_logits on the rows that are not pad, and the seeded
// batches of the reversal task. The seeded random data, gradient checks and tensor helpers are
// those of common/oracles.hpp. Each returns plain containers.
#ifndef LLMLINGS_TESTS_NLP_ORACLES_08_SEQ2SEQ_HPP
#define LLMLINGS_TESTS_NLP_ORACLES_08_SEQ2SEQ_HPP

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
id_matrix ids(std::initializer_list<std::initializer_list<std::size_t>> rows);
id_matrix padded(const id_matrix& ids, std::size_t extra);
/// Whether two id matrices, or an index vector and a list, hold the same ids (and shape).
bool same_ids(const id_matrix& a, const id_matrix& b);
bool same_ids(const index_vector& a, std::initializer_list<std::size_t> b);

/// ids(b, t) read, the bounds checked (shape_error): made here once, so that the test file
/// instantiates none of xtensor's element accessors. (tensor3_from and set_element are
/// common/oracles.hpp's.)

/// tests/golden/nlp/08_seq2seq.txt: torch.nn.Embedding, GRU (packed) and Linear in float64, with
/// CrossEntropyLoss(ignore_index = 0). Sizes B=3, S=5, T=4, V_src=6, V=7, E=3, H=4; pad 0, bos 1,
/// eos 2. `values` and `grads` are every tensor's values and gradient, flattened row-major, under
/// the C++ store's names ("encoder.gru.ih.weight"), in the store's registration order.
struct seq2seq_golden {
    id_matrix src, tgt;
    std::vector<std::pair<std::string, vector>> values, grads;
    tensor3 enc_states, logits;
    matrix enc_final;
    double loss = 0.0;
};
const seq2seq_golden& load_seq2seq_golden();

/// The masked cross-entropy and its gradient: the rows (b,t) whose target is not `pad` gathered
/// into one (N,V) matrix and passed to nn/03's cross_entropy_with_logits (the mean over those N
/// rows, PyTorch's ignore_index), its gradient scattered back, the pad rows 0.
struct masked_loss {
    double loss = 0.0;
    tensor3 grad;
};
masked_loss masked_cross_entropy_reference(const tensor3& logits, const id_matrix& tgt, std::size_t pad);

/// A seeded batch of the reversal task: `rows` sources of 1 … max_len digits drawn uniformly from
/// the ids 3 … 3 + digits − 1 (llmlings::rng, uniform01), right-padded with 0 to max_len columns;
/// each target is its source reversed, then eos = 2, padded with 0 to max_len + 1 columns.
struct reversal_batch {
    id_matrix src, tgt;
};
reversal_batch reversal_task(std::size_t rows, std::size_t max_len, std::size_t digits, llmlings::rng& gen);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NLP_ORACLES_08_SEQ2SEQ_HPP
