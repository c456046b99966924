// SPDX-License-Identifier: MIT
// The oracles of tests/nlp/10_decoding.cpp, compiled once in oracles/10_decoding.cpp (never with
// the learner's file): toy "models" given as tables of next-token log-probabilities given the
// whole prefix, drawn from xtensor's generator; exhaustive search, which enumerates every
// sequence up to max_len and ranks it by its summed log-probability divided by the length
// penalty (written out here from its formula); greedy search and the sum of a sequence's step
// log-probabilities, recomputed along the sequence; and nlp/08's encoder-decoder scored by its
// teacher-forced sequence pass (seq2seq_decode over bos and the prefix, not the one-step function
// the adapter under test calls), with a log-softmax in long double. Each returns plain containers.
#ifndef LLMLINGS_TESTS_NLP_ORACLES_10_DECODING_HPP
#define LLMLINGS_TESTS_NLP_ORACLES_10_DECODING_HPP

#include <cstddef>
#include <functional>
#include <map>
#include <vector>

#include <llmlings/nlp/08_seq2seq.hpp>

#include "common/oracles.hpp"

namespace oracles {

/// Token ids: a prefix or a whole output (bos excluded).
using token_sequence = std::vector<std::size_t>;

/// A model as the oracles see it: the V log-probabilities of the next token after a prefix of
/// generated tokens (bos excluded).
using prefix_scorer = std::function<std::vector<double>(const token_sequence&)>;

/// A toy model given the prefix: for every prefix of at most max_len − 1 tokens without eos, V
/// log-probabilities log softmax(sd·z), z drawn N(0, 1) from xt::random after seed_random(seed),
/// in the order of a breadth-first enumeration of the prefixes (shorter first, then ids
/// ascending). Asking for any other prefix (one holding eos, or too long) throws
/// std::out_of_range: nothing follows eos, and nothing is generated past max_len.
struct prefix_table_model {
    std::size_t vocab = 0, eos = 0, max_len = 0;
    std::map<token_sequence, std::vector<double>> table;
    const std::vector<double>& log_probs(const token_sequence& prefix) const { return table.at(prefix); }
};
prefix_table_model make_prefix_table_model(std::size_t vocab, std::size_t eos, std::size_t max_len, unsigned seed,
                                           double sd);

/// One ranked sequence of the oracles.
struct ranked_sequence {
    token_sequence tokens;
    double log_prob = 0.0;  ///< Σ of the step log-probabilities, summed first to last
    double score = 0.0;     ///< log_prob / lp(|Y|)
    bool finished = false;  ///< ends with eos
};

/// lp(n) = n^α, or ((5 + n)/6)^α when gnmt (Wu et al. 2016, §7), written out from the formulas.
double reference_length_penalty(std::size_t length, bool gnmt, double alpha);

/// Every sequence of the search space — those ending in eos within max_len tokens and those of
/// max_len tokens without eos — with its log-probability and score, sorted by score, highest
/// first (std::stable_sort over the depth-first enumeration order: ids ascending, a sequence
/// before its extensions). The inputs of the tests have no ties.
std::vector<ranked_sequence> exhaustive_ranking(const prefix_scorer& model, std::size_t vocab, std::size_t eos,
                                                std::size_t max_len, bool gnmt, double alpha);

/// Greedy search by its definition: the first maximum of each step's log-probabilities, until
/// eos or max_len tokens; the score with lp as above.
ranked_sequence greedy_reference(const prefix_scorer& model, std::size_t eos, std::size_t max_len, bool gnmt,
                                 double alpha);

/// Σ_t log P(y_t | y_<t) along `tokens`, recomputed from the model.
double sequence_log_prob(const prefix_scorer& model, const token_sequence& tokens);

/// The scorer of a prefix_table_model.
prefix_scorer table_scorer(const prefix_table_model& m);

/// nlp/08's model with V_src = 6, V = 5 (pad 0, bos 1, eos 2, tokens 3, 4), E = 3, H = 4,
/// initialised by init_seq2seq from llmlings::rng(seed), its projection's weight scaled by 4 so
/// that the next-token distributions are peaked rather than nearly uniform. Made here, so that
/// the test file does not compile the model's construction and initialisation.
template <class T>
struct seeded_seq2seq {
    llmlings::parameter_store<T> store;
    llmlings::nlp::seq2seq_model<T> model;
};
template <class T>
seeded_seq2seq<T> make_seeded_seq2seq(unsigned seed);

/// nlp/08's model as a scorer for one source: the logits of the last position of seq2seq_decode
/// over (bos, prefix) from the encoder's final state of `source` (seq2seq_encode on a batch of one),
/// log softmax in long double.
template <class T>
prefix_scorer seq2seq_scorer(const llmlings::nlp::seq2seq_model<T>& model, const token_sequence& source);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NLP_ORACLES_10_DECODING_HPP
