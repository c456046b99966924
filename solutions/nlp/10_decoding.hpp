// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nlp/10 — decoding: greedy search and beam search with length normalisation, over any
 * "step function" of a left-to-right model, and the adapter that decodes with nlp/08's
 * encoder-decoder.
 *
 * A trained decoder gives P(y_t | y_<t, x), one token at a time. Decoding is the search for an
 * output y with a high P(y | x) = Π_t P(y_t | y_<t, x), i.e. a high sum of log-probabilities:
 * - **greedy** takes the most probable token at every step (cheap, and often not the best
 *   sequence: one good-looking first token can lead into a poor continuation);
 * - **beam search** keeps the B best partial outputs (hypotheses) at every step, extends each by
 *   every token, and keeps the B best of those; B = 1 is greedy, and a B large enough to hold
 *   every sequence is exhaustive search.
 *
 * The model: a step function, any callable (a lambda, a struct with operator(); nlp/09's
 * attentional decoder as well as seq2seq_decoding_step below) with the signature
 *
 *     State step(const State& state, std::size_t previous, std::vector<double>& log_probs)
 *
 * It reads the decoder's state and the previous token (bos at the first step), writes V
 * log-probabilities of the next token into log_probs (resized by the step), and returns the
 * decoder's next state. State is whatever the model needs to carry (a GRU's hidden vector; a
 * prefix; a struct of several tensors): copyable, and never changed by the search itself.
 *
 * Conventions (stated, tested):
 * - **Tokens.** A hypothesis holds the generated tokens, bos excluded, eos included when it
 *   finished; |Y| is their number. Nothing follows eos. max_len bounds |Y|; a hypothesis that
 *   reaches it without eos is returned as unfinished.
 * - **Scores.** log_prob = Σ_t log P(y_t | y_<t, x), the sum of the step's values in token order.
 *   score = log_prob / lp(|Y|) with lp(n) = n^α (power, as fairseq and Hugging Face) or
 *   ((5 + n)/6)^α (Wu et al. 2016's GNMT penalty); α = 0 is no normalisation.
 * - **Beam search** is Jurafsky & Martin's (3rd ed., §13.4): each finished hypothesis (ending in
 *   eos) is set aside and takes one of the B places for good, so the beam shrinks from B to
 *   B − |finished|; the search ends when B hypotheses have finished or after max_len steps, when
 *   the live ones join the finished. All live hypotheses have the same length, so normalisation
 *   only matters when the finished ones (of different lengths) are ranked at the end.
 * - **Ties** are broken deterministically: greedy takes the smallest token id; beam search ranks
 *   equal sums by the order the candidates were generated (the extension of the better-ranked
 *   hypothesis first, then the smaller token id), and the final list ranks equal scores in the
 *   order the hypotheses were set aside (the live ones at max_len last, in rank order).
 * - **Batch of one**: one source, one search. A batch is a loop over sources.
 *
 * What this file deliberately is not: sampling (temperature, top-k, top-p: transformer/07),
 * batched beam search over several sources, diverse or constrained beams, coverage penalties
 * (GNMT's cp), or early stopping on score bounds.
 *
 * References: D. Jurafsky, J. H. Martin, *Speech and Language Processing*, 3rd ed. draft, §13.4
 * ("Decoding in MT: beam search"); Y. Wu et al. (2016), "Google's neural machine translation
 * system", §7 (the length penalty lp(Y) = (5 + |Y|)^α/(5 + 1)^α); K. Murray, D. Chiang (2018),
 * "Correcting length bias in neural machine translation"; fairseq's SequenceGenerator and
 * Hugging Face's BeamSearchScorer (score = sum of log-probabilities / length^α).
 *
 * Guide: @ref nlp_10_decoding (the ideas) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NLP_10_DECODING_HPP
#define LLMLINGS_NLP_10_DECODING_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <utility>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/nlp/08_seq2seq.hpp>

namespace llmlings {
namespace nlp {

/// @ingroup nlp
/// @brief The form of the length penalty lp(n) that a hypothesis's log-probability is divided by.
enum class length_penalty {
    power,  ///< lp(n) = n^α (fairseq's and Hugging Face's; α = 1 is the mean log-probability per token)
    gnmt    ///< lp(n) = ((5 + n)/6)^α (Wu et al. 2016, who tune α on development data)
};

/**
 * @ingroup nlp
 * @brief What greedy_decode() and beam_search() need besides the model: the special ids, the
 * length bound, the beam's width, how many hypotheses to return and the length penalty.
 */
struct decoding_options {
    std::size_t bos_id = 1;                          ///< the first previous token (nlp/08's default)
    std::size_t eos_id = 2;                          ///< ends a hypothesis (nlp/08's default)
    std::size_t max_len = 50;                        ///< the most tokens generated, eos included, ≥ 1
    std::size_t beam_width = 4;                      ///< B ≥ 1 (beam_search only)
    std::size_t n_best = 1;                          ///< how many hypotheses beam_search returns, 1 … B
    length_penalty penalty = length_penalty::power;  ///< the form of lp(|Y|)
    double alpha = 1.0;                              ///< α ≥ 0 (0: no normalisation); fairseq's and HF's default 1
};

/**
 * @ingroup nlp
 * @brief One decoded output: its tokens, the sum of their log-probabilities, the normalised
 * score the hypotheses are ranked by, and whether it ended with eos.
 */
struct decoding_hypothesis {
    std::vector<std::size_t> tokens;  ///< the generated ids: bos excluded, eos last when finished
    double log_prob = 0.0;            ///< Σ_t log P(y_t | y_<t, x)
    double score = 0.0;               ///< log_prob / lp(|Y|): the ranking key
    bool finished = false;            ///< true when the last token is eos; false when max_len stopped it
};

namespace detail {

// Given: the checks every function makes (you call them; they are not the exercise).

/**
 * @brief Throws unless α is a valid length-penalty exponent: finite and ≥ 0.
 *
 * @param function the public function, for the message
 * @param alpha the exponent
 * @throws invalid_argument for a negative, infinite or NaN α
 */
inline void decoding_check_alpha(const char* function, double alpha) {
    if (!(alpha >= 0.0) || !std::isfinite(alpha))
        throw invalid_argument(
            function, ::llmlings::detail::concat("the length penalty's alpha must be finite and >= 0, got ", alpha));
}

/**
 * @brief Throws unless the options are valid: max_len ≥ 1, α finite and ≥ 0, and for a beam
 * search B ≥ 1 and 1 ≤ n_best ≤ B.
 *
 * @param function the public function, for the message
 * @param o the options
 * @param beam whether beam_width and n_best are used
 * @throws invalid_argument naming the field and its value
 */
inline void decoding_check_options(const char* function, const decoding_options& o, bool beam) {
    if (o.max_len == 0)
        throw invalid_argument(function, "max_len must be >= 1 (the most tokens generated, eos included), got 0");
    if (beam && o.beam_width == 0) throw invalid_argument(function, "beam_width must be >= 1, got 0");
    if (beam && (o.n_best == 0 || o.n_best > o.beam_width))
        throw invalid_argument(
            function,
            ::llmlings::detail::concat("n_best must be in 1 ... beam_width = ", o.beam_width, ", got ", o.n_best));
    decoding_check_alpha(function, o.alpha);
}

/**
 * @brief Checks what a step function wrote: V ≥ 1 values (the same V at every call), eos < V,
 * and no NaN or +∞ (−∞, probability 0, is allowed).
 *
 * @param function the public function, for the message
 * @param log_probs what the step wrote
 * @param vocab V from the earlier calls, 0 at the first
 * @param eos_id the end id
 * @param t the step (0 for the first token), for the message
 * @return V
 * @throws shape_error when no value, or another number of values than before, came back
 * @throws invalid_argument when eos_id ≥ V, or a value is NaN or +∞
 */
inline std::size_t decoding_check_log_probs(const char* function, const std::vector<double>& log_probs,
                                            std::size_t vocab, std::size_t eos_id, std::size_t t) {
    if (vocab == 0) {
        if (log_probs.empty())
            throw shape_error(function,
                              ::llmlings::detail::concat("the step function wrote no log-probabilities at step ", t));
        if (eos_id >= log_probs.size())
            throw invalid_argument(
                function, ::llmlings::detail::concat("eos_id ", eos_id, " is not one of the ", log_probs.size(),
                                                     " ids the step function scores"));
        vocab = log_probs.size();
    } else if (log_probs.size() != vocab) {
        throw shape_error(function,
                          ::llmlings::detail::concat("the step function wrote ", log_probs.size(),
                                                     " log-probabilities at step ", t, " but ", vocab, " before"));
    }
    for (std::size_t w = 0; w < vocab; ++w)
        if (std::isnan(log_probs[w]) || log_probs[w] == std::numeric_limits<double>::infinity())
            throw invalid_argument(function, ::llmlings::detail::concat(
                                                 "the step function wrote ", log_probs[w], " for token ", w,
                                                 " at step ", t, ": a log-probability must be a number below +inf"));
    return vocab;
}

/// Throws invalid_argument unless every id of `source` is a source id other than pad.
template <class T>
void decoding_check_source(const char* function, const seq2seq_model<T>& model,
                           const std::vector<std::size_t>& source) {
    check_encoder(function, model.encoder);
    check_decoder(function, model.decoder);
    for (std::size_t i = 0; i < source.size(); ++i)
        if (source[i] >= model.encoder.vocab_size || source[i] == model.encoder.pad_id)
            throw invalid_argument(function, ::llmlings::detail::concat(
                                                 "the source holds id ", source[i], " at position ", i,
                                                 ": expected ids below ", model.encoder.vocab_size, " other than pad ",
                                                 model.encoder.pad_id, " (one unpadded source)"));
}

/// The back-pointer of one token a beam kept: the node of the token before it (no_parent for
/// the first) and the token. A hypothesis is the index of its last node.
struct decoding_node {
    std::size_t parent;  ///< index of the previous token's node, or decoding_no_parent
    std::size_t token;   ///< the token
};

/// The parent of a first token: the hypothesis before it is empty (bos).
inline constexpr std::size_t decoding_no_parent = static_cast<std::size_t>(-1);

/// A hypothesis that left the beam: its last node, log-probability, length and whether it ended with eos.
struct decoding_end {
    std::size_t node;
    double log_prob;
    std::size_t length;
    bool finished;
};

// End of the given code.

/**
 * @brief The tokens of the hypothesis that ends at `last`: the back-pointers followed to the
 * first token, then reversed.
 *
 * @param nodes every node the beam kept
 * @param last the hypothesis's last node
 * @param length its number of tokens (to reserve once)
 * @return the tokens, first to last
 *
 * Complexity: O(length). Example: nodes {(none, 4), (0, 7), (1, 2)} and last 2 → {4, 7, 2}.
 */
inline std::vector<std::size_t> decoding_trace(const std::vector<decoding_node>& nodes, std::size_t last,
                                               std::size_t length) {
    std::vector<std::size_t> tokens;
    tokens.reserve(length);
    for (std::size_t n = last; n != decoding_no_parent; n = nodes[n].parent) tokens.push_back(nodes[n].token);
    std::reverse(tokens.begin(), tokens.end());
    return tokens;
}

/**
 * @brief log softmax of V logits, in double, with the log-sum-exp trick: x_c − m − log Σ_k e^{x_k − m},
 * m = max x. A NaN logit makes every value NaN (the search then throws).
 *
 * @param x the logits
 * @param vocab V ≥ 1
 * @param out V values, overwritten
 */
template <class T>
void decoding_log_softmax(const T* x, std::size_t vocab, double* out) {
    double m = static_cast<double>(x[0]);
    for (std::size_t c = 1; c < vocab; ++c) m = std::max(m, static_cast<double>(x[c]));
    double sum = 0.0;
    for (std::size_t c = 0; c < vocab; ++c) sum += std::exp(static_cast<double>(x[c]) - m);
    const double log_sum = m + std::log(sum);
    for (std::size_t c = 0; c < vocab; ++c) out[c] = static_cast<double>(x[c]) - log_sum;
}

}  // namespace detail

/**
 * @ingroup nlp
 * @brief The length penalty lp(n) that a hypothesis's log-probability is divided by.
 *
 * @f[ \mathrm{lp}_{\text{power}}(n) = n^\alpha, \qquad
 *     \mathrm{lp}_{\text{GNMT}}(n) = \Big(\frac{5 + n}{6}\Big)^\alpha @f]
 *
 * Both are 1 at n = 1 and grow with n for α > 0; α = 0 gives 1 (no normalisation). A sum of
 * log-probabilities is negative and falls with every token, so the plain sum favours short
 * outputs; dividing by lp(|Y|) offsets that (α = 1 with the power form: the mean per token).
 *
 * @param length n = |Y| ≥ 1, the tokens generated (eos included)
 * @param penalty the form
 * @param alpha α, finite and ≥ 0
 * @return lp(n) ≥ 1 (+∞ only if n^α overflows)
 * @throws invalid_argument naming length_penalty_factor when n = 0 or α is negative, infinite or NaN
 *
 * Complexity: O(1). Example: `length_penalty_factor(3, length_penalty::gnmt, 1.0)` → 8/6 = 1.333…,
 * `length_penalty_factor(4, length_penalty::power, 0.5)` → 2.
 */
inline double length_penalty_factor(std::size_t length, length_penalty penalty, double alpha) {
    detail::decoding_check_alpha("length_penalty_factor", alpha);
    if (length == 0) throw invalid_argument("length_penalty_factor", "the length must be >= 1, got 0");
    const double n = static_cast<double>(length);
    return penalty == length_penalty::power ? std::pow(n, alpha) : std::pow((5.0 + n) / 6.0, alpha);
}

/**
 * @ingroup nlp
 * @brief The score a hypothesis is ranked by: its log-probability divided by lp(|Y|)
 * (length_penalty_factor()); −∞ stays −∞.
 *
 * @f[ s(Y) = \frac{\log P(Y \mid x)}{\mathrm{lp}(|Y|)} @f]
 *
 * @param log_prob the summed log-probability, ≤ 0 for probabilities (any number but NaN and +∞)
 * @param length |Y| ≥ 1
 * @param penalty the form of lp
 * @param alpha α, finite and ≥ 0
 * @return the score
 * @throws invalid_argument naming length_normalized_score when n = 0, α is invalid, or log_prob
 *         is NaN or +∞
 *
 * Complexity: O(1). Example: log_prob = ln 0.36 over 3 tokens with the power form and α = 1 →
 * ln(0.36)/3 = ln 0.711… ≈ −0.3405.
 */
inline double length_normalized_score(double log_prob, std::size_t length, length_penalty penalty, double alpha) {
    if (std::isnan(log_prob) || log_prob == std::numeric_limits<double>::infinity())
        throw invalid_argument(
            "length_normalized_score",
            ::llmlings::detail::concat("the log-probability must be a number below +inf, got ", log_prob));
    detail::decoding_check_alpha("length_normalized_score", alpha);
    if (length == 0) throw invalid_argument("length_normalized_score", "the length must be >= 1, got 0");
    if (std::isinf(log_prob)) return log_prob;  // −∞ / lp would be NaN if lp overflowed
    return log_prob / length_penalty_factor(length, penalty, alpha);
}

/**
 * @ingroup nlp
 * @brief Greedy decoding: from the initial state and bos, take the most probable token at every
 * step, feed it back, and stop after eos or max_len tokens.
 *
 * @f[ y_t = \arg\max_w \log P(w \mid y_{<t}, x), \qquad t = 1, 2, \dots \text{ until } y_t = \text{eos}
 *     \text{ or } t = \text{max\_len} @f]
 *
 * Ties go to the smallest token id. The result's score is length_normalized_score() with the
 * options' penalty, so that it compares with beam_search()'s (which, at B = 1, returns exactly
 * this hypothesis).
 *
 * @param step the model: `State step(const State& state, std::size_t previous, std::vector<double>& log_probs)`
 *        (see the file's description); called once per generated token
 * @param initial_state the decoder's first state (nlp/08: the encoder's final state)
 * @param options bos_id, eos_id, max_len and the penalty (beam_width and n_best are not used)
 * @return the hypothesis: tokens (eos last when finished), log_prob, score, finished
 * @throws invalid_argument naming greedy_decode when max_len = 0, α is invalid, eos_id ≥ V, or
 *         the step writes NaN or +∞
 * @throws shape_error when the step writes no values, or a V that changes between steps
 *
 * Complexity: max_len calls of the step and O(max_len·V) comparisons; the state is the only
 * thing copied. Example (the tests' classic table, a = 0, b = 1, eos = 2: after bos a .5, b .4,
 * eos .1; after a: a .3, b .3, eos .4) → tokens {0, 2}, finished, log_prob = ln .5 + ln .4 = ln .2.
 */
template <class Step, class State>
decoding_hypothesis greedy_decode(Step&& step, const State& initial_state, const decoding_options& options) {
    detail::decoding_check_options("greedy_decode", options, false);
    decoding_hypothesis result;
    State state = initial_state;
    std::vector<double> log_probs;
    std::size_t previous = options.bos_id, vocab = 0;
    for (std::size_t t = 0; t < options.max_len; ++t) {
        state = step(std::as_const(state), previous, log_probs);
        vocab = detail::decoding_check_log_probs("greedy_decode", log_probs, vocab, options.eos_id, t);
        std::size_t best = 0;
        for (std::size_t w = 1; w < vocab; ++w)
            if (log_probs[w] > log_probs[best]) best = w;  // strict: the first maximum wins a tie
        result.tokens.push_back(best);
        result.log_prob += log_probs[best];
        if (best == options.eos_id) {
            result.finished = true;
            break;
        }
        previous = best;
    }
    result.score = length_normalized_score(result.log_prob, result.tokens.size(), options.penalty, options.alpha);
    return result;
}

/**
 * @ingroup nlp
 * @brief Beam search: keep the B best partial hypotheses by summed log-probability, extend each
 * by every token, set aside those that end in eos, and return the n best by normalised score.
 *
 * 1. The beam starts as one empty hypothesis (log-probability 0, the initial state, previous
 *    token bos). Let F be the hypotheses set aside so far.
 * 2. At each step t = 1 … max_len, call the step once per live hypothesis h; every token w
 *    gives the candidate h·w with log P(h) + log P(w | h).
 * 3. Keep the best B − |F| candidates (a partial sort of the k·V candidates, ties as described in
 *    the file's description). A kept candidate ending in eos joins F; the others are the new
 *    beam, each with its parent's new state.
 * 4. Stop when the beam is empty (|F| = B) or after max_len steps; the live hypotheses then join
 *    F as unfinished.
 * 5. Rank F by the score log P(Y)/lp(|Y|) (length_normalized_score()) and return the first n_best.
 *
 * Tokens are stored once, as back-pointers (parent node, token): extending a hypothesis appends
 * one node, and only the returned hypotheses are spelt out. With B = 1 this is greedy_decode(),
 * token for token and bit for bit. With B ≥ |V|^max_len nothing is ever pruned and the result
 * is the exhaustive search's: the n best of all sequences that end in eos within max_len tokens
 * or reach max_len without it.
 *
 * @param step the model, as for greedy_decode(); called once per live hypothesis per step
 * @param initial_state the decoder's first state
 * @param options bos_id, eos_id, max_len, beam_width B, n_best and the length penalty
 * @return min(n_best, |F|) hypotheses, best first (|F| = B unless the search space is smaller)
 * @throws invalid_argument naming beam_search when max_len or B is 0, n_best is not in 1 … B, α
 *         is invalid, eos_id ≥ V, or the step writes NaN or +∞
 * @throws shape_error when the step writes no values, or a V that changes between calls
 *
 * Complexity: at most B·max_len calls of the step; per step O(B·V log B) for the partial sort;
 * memory O(B·V + B·max_len) plus B states. Example (greedy_decode()'s table, and after b: a .05,
 * b .05, eos .9): greedy returns (a eos), P = .20; B = 2 returns (b eos), P = .36, then (a eos).
 */
template <class Step, class State>
std::vector<decoding_hypothesis> beam_search(Step&& step, const State& initial_state, const decoding_options& options) {
    detail::decoding_check_options("beam_search", options, true);
    struct live_hypothesis {
        std::size_t node;  // its last token's node, decoding_no_parent while empty
        double log_prob;
        State state;  // the decoder's state after reading every token but the last
    };
    std::vector<detail::decoding_node> nodes;  // every token kept, as (parent, token) back-pointers
    std::vector<detail::decoding_end> ends;    // F: the hypotheses set aside
    std::vector<live_hypothesis> live, next_live;
    std::vector<State> new_states;              // new_states[i]: the state after live[i]'s last token
    std::vector<double> log_probs, candidates;  // candidates[i·V + w] = log P(live[i]) + log P(w | live[i])
    std::vector<std::size_t> order;
    live.push_back({detail::decoding_no_parent, 0.0, initial_state});
    std::size_t vocab = 0, t = 0;
    for (; t < options.max_len && !live.empty(); ++t) {
        // 1. One step per live hypothesis: its candidates' summed log-probabilities.
        new_states.clear();
        candidates.clear();
        for (const live_hypothesis& h : live) {
            const std::size_t previous = h.node == detail::decoding_no_parent ? options.bos_id : nodes[h.node].token;
            new_states.push_back(step(h.state, previous, log_probs));
            vocab = detail::decoding_check_log_probs("beam_search", log_probs, vocab, options.eos_id, t);
            for (std::size_t w = 0; w < vocab; ++w) candidates.push_back(h.log_prob + log_probs[w]);
        }
        // 2. The best B − |F| candidates, by a partial sort of their indices: higher sum first, then
        //    the smaller index (the better-ranked parent, then the smaller token id).
        const std::size_t keep = std::min(options.beam_width - ends.size(), candidates.size());
        order.resize(candidates.size());
        std::iota(order.begin(), order.end(), std::size_t(0));
        std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
                          [&](std::size_t a, std::size_t b) {
                              return candidates[a] > candidates[b] || (candidates[a] == candidates[b] && a < b);
                          });
        // 3. Each kept candidate appends one node; eos sets it aside, the others form the next beam.
        next_live.clear();
        for (std::size_t r = 0; r < keep; ++r) {
            const std::size_t c = order[r], parent = c / vocab, token = c % vocab;
            nodes.push_back({live[parent].node, token});
            if (token == options.eos_id)
                ends.push_back({nodes.size() - 1, candidates[c], t + 1, true});
            else
                next_live.push_back({nodes.size() - 1, candidates[c], new_states[parent]});
        }
        std::swap(live, next_live);
    }
    // 4. max_len reached: the live hypotheses join, unfinished, in rank order.
    for (const live_hypothesis& h : live) ends.push_back({h.node, h.log_prob, t, false});
    // 5. Rank by the normalised score; a stable sort keeps the order they were set aside in on ties.
    std::vector<double> scores(ends.size());
    for (std::size_t i = 0; i < ends.size(); ++i)
        scores[i] = length_normalized_score(ends[i].log_prob, ends[i].length, options.penalty, options.alpha);
    order.resize(ends.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    std::vector<decoding_hypothesis> best(std::min(options.n_best, ends.size()));
    for (std::size_t r = 0; r < best.size(); ++r) {
        const detail::decoding_end& e = ends[order[r]];
        best[r].tokens = detail::decoding_trace(nodes, e.node, e.length);
        best[r].log_prob = e.log_prob;
        best[r].score = scores[order[r]];
        best[r].finished = e.finished;
    }
    return best;
}

/**
 * @ingroup nlp
 * @brief The step function of nlp/08's decoder, for greedy_decode() and beam_search(): one
 * seq2seq_decoder_step() for a batch of one, its logits turned into log-probabilities.
 *
 * The state is the decoder's hidden vector h (H). Make it with make_seq2seq_decoding_step(); it
 * holds a copy of the decoder (a handle: its views share the model's store) and the buffers of
 * one step, reused from call to call.
 * @tparam T float or double, the model's type
 */
template <class T>
struct seq2seq_decoding_step {
    seq2seq_decoder<T> decoder;   ///< the decoder
    seq2seq_step_cache<T> cache;  ///< seq2seq_decoder_step()'s buffers
    index_vector previous;        ///< (1) the previous token
    matrix_of<T> h_next;          ///< (1,H) the next state
    matrix_of<T> logits;          ///< (1,V) the next token's logits

    /**
     * @brief One decoder step: h' = GRU(E[previous], h), log_probs = log softmax(h' W_outᵀ + b_out).
     *
     * @param h the state (H)
     * @param previous_token the previous token (bos at the first step), < V
     * @param log_probs output: V log-probabilities, computed in double with the log-sum-exp trick
     * @return the next state h' (H)
     * @throws shape_error naming seq2seq_decoding_step when h does not hold H values
     * @throws invalid_argument when the decoder is not built, or previous_token ≥ V (the message
     *         then names seq2seq_decoder_step)
     */
    vector_of<T> operator()(const vector_of<T>& h, std::size_t previous_token, std::vector<double>& log_probs);
};

/**
 * @ingroup nlp
 * @brief One decoder step of seq2seq_decoding_step (the operator's documentation is above).
 *
 * Complexity: 6·H·(E+H) + 2·H·V flops and O(V) exp; allocates only the returned state.
 */
template <class T>
vector_of<T> seq2seq_decoding_step<T>::operator()(const vector_of<T>& h, std::size_t previous_token,
                                                  std::vector<double>& log_probs) {
    detail::check_decoder("seq2seq_decoding_step", decoder);
    const std::size_t H = decoder.gru.hidden_size, V = decoder.vocab_size;
    if (h.size() != H)
        throw shape_error("seq2seq_decoding_step",
                          ::llmlings::detail::concat("the state must hold H = ", H, " values, got ", h.size()));
    ensure_shape(previous, {1});  // no-ops after make_seq2seq_decoding_step() (or the first call)
    ensure_shape(h_next, {1, H});
    ensure_shape(logits, {1, V});
    previous(0) = previous_token;
    seq2seq_decoder_step(decoder, previous, as_rows(h), as_rows(h_next), as_rows(logits), cache);
    log_probs.resize(V);
    detail::decoding_log_softmax(static_cast<const T*>(logits.data()), V, log_probs.data());
    vector_of<T> next;
    ensure_shape(next, {H});
    std::copy(h_next.data(), h_next.data() + H, next.data());
    return next;
}

/**
 * @ingroup nlp
 * @brief The step function of a seq2seq decoder: seq2seq_decoding_step with its buffers sized.
 *
 * @param decoder a decoder made by make_seq2seq_decoder() or make_seq2seq()
 * @return the step function; pass it to greedy_decode() or beam_search()
 * @throws invalid_argument naming make_seq2seq_decoding_step when the decoder is not built
 *
 * Complexity: O(H + V). Example: `greedy_decode(make_seq2seq_decoding_step(model.decoder),
 * seq2seq_first_state(model, {3, 4}), options)`.
 */
template <class T>
seq2seq_decoding_step<T> make_seq2seq_decoding_step(const seq2seq_decoder<T>& decoder) {
    detail::check_decoder("make_seq2seq_decoding_step", decoder);
    seq2seq_decoding_step<T> step;
    step.decoder = decoder;
    ensure_shape(step.previous, {1});
    ensure_shape(step.h_next, {1, decoder.gru.hidden_size});
    ensure_shape(step.logits, {1, decoder.vocab_size});
    return step;
}

/**
 * @ingroup nlp
 * @brief The decoder's first state for one source: the encoder's final state (seq2seq_encode()
 * on a batch of one).
 *
 * @param model the model
 * @param source the source ids, unpadded (may be empty: the state is then 0)
 * @return h (H)
 * @throws invalid_argument naming seq2seq_first_state when the model is not built or a source id
 *         is ≥ V_src or pad
 *
 * Complexity: 6·S·H·(E+H) flops. Example: `seq2seq_first_state(model, {})` is H zeros.
 */
template <class T>
vector_of<T> seq2seq_first_state(const seq2seq_model<T>& model, const std::vector<std::size_t>& source) {
    detail::decoding_check_source("seq2seq_first_state", model, source);
    const std::size_t S = source.size(), H = model.encoder.gru.hidden_size;
    seq2seq_ids src;
    ensure_shape(src, {1, S});
    std::copy(source.begin(), source.end(), src.data());
    tensor3_of<T> states;
    ensure_shape(states, {1, S, H});
    vector_of<T> final_state;
    ensure_shape(final_state, {H});
    seq2seq_encoder_cache<T> cache;
    seq2seq_encode(model.encoder, src, detail::seq_view(states), as_rows(final_state), cache);
    return final_state;
}

/**
 * @ingroup nlp
 * @brief Greedy decoding of one source with nlp/08's model: greedy_decode() from
 * seq2seq_first_state(), with the model's bos and eos.
 *
 * @param model the model
 * @param source the source ids, unpadded
 * @param options max_len and the penalty (bos_id and eos_id are replaced by the decoder's)
 * @return the hypothesis
 * @throws invalid_argument as seq2seq_first_state() and greedy_decode()
 *
 * Complexity: one encoding and at most max_len decoder steps. Example: an empty source decodes
 * from h = 0 (the tests check it against the teacher-forced decoder).
 */
template <class T>
decoding_hypothesis seq2seq_greedy_decode(const seq2seq_model<T>& model, const std::vector<std::size_t>& source,
                                          decoding_options options) {
    const vector_of<T> h0 = seq2seq_first_state(model, source);
    options.bos_id = model.decoder.bos_id;
    options.eos_id = model.decoder.eos_id;
    return greedy_decode(make_seq2seq_decoding_step(model.decoder), h0, options);
}

/**
 * @ingroup nlp
 * @brief Beam search over one source with nlp/08's model: beam_search() from
 * seq2seq_first_state(), with the model's bos and eos.
 *
 * @param model the model
 * @param source the source ids, unpadded
 * @param options max_len, beam_width, n_best and the penalty (bos_id and eos_id are replaced by
 *        the decoder's)
 * @return the n_best hypotheses, best first
 * @throws invalid_argument as seq2seq_first_state() and beam_search()
 *
 * Complexity: one encoding and at most B·max_len decoder steps. Example: with beam_width 1 it
 * returns seq2seq_greedy_decode()'s hypothesis.
 */
template <class T>
std::vector<decoding_hypothesis> seq2seq_beam_search(const seq2seq_model<T>& model,
                                                     const std::vector<std::size_t>& source, decoding_options options) {
    const vector_of<T> h0 = seq2seq_first_state(model, source);
    options.bos_id = model.decoder.bos_id;
    options.eos_id = model.decoder.eos_id;
    return beam_search(make_seq2seq_decoding_step(model.decoder), h0, options);
}

}  // namespace nlp
}  // namespace llmlings

#endif  // LLMLINGS_NLP_10_DECODING_HPP
