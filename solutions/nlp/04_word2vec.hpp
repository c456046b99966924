// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nlp/04 — word2vec: skip-gram with negative sampling (SGNS). A vocabulary with min_count,
 * subsampling of frequent words, the unigram^0.75 noise distribution (alias sampling), skip-gram
 * pairs in a dynamic window, the SGNS loss with its gradients for both embedding matrices, SGD with
 * a linearly decaying learning rate, and nearest neighbours and analogies by cosine.
 *
 * Shapes: V = vocabulary size, D = vector dimension, K = noise words per pair, B = pairs in a batch.
 *   input vectors W ("syn0"), output vectors W′ ("syn1neg"): (V,D)
 *   a batch: centers (B), targets (B,K+1) flattened row by row: the context word, then K noise words
 *
 * Skip-gram predicts, from a word, the words around it. For each (center c, context o) pair of the
 * text it raises σ(v′_o·v_c), the model's belief that o really appeared near c, and lowers
 * σ(v′_k·v_c) for K words k drawn at random from a noise distribution, which stand in for "words
 * that did not appear there". Words that keep the same company are pushed towards the same output
 * vectors, so their input vectors end up pointing the same way.
 *
 * Conventions, those of the word2vec C code (word2vec.c, Mikolov 2013) unless said otherwise:
 * - **Vocabulary.** Words seen at least min_count times (default 5), most frequent first; ties in
 *   std::string order (the C code's qsort leaves them unspecified). Out-of-vocabulary tokens are
 *   removed before anything else, so the words around one become neighbours.
 * - **Subsampling.** With t = `sample`, f = a word's count and N = Σ counts (train_words), a token
 *   is kept with probability min(1, (√(f/(tN)) + 1)·tN/f): the C code's formula, which gensim uses
 *   too (the paper's 1 − √(t/f) is the probability of *discarding*, and differs).
 * - **Noise.** P_n(w) ∝ count(w)^0.75; drawn by Walker's alias method (O(1) a draw; the C code
 *   uses a table of 10⁸ entries, gensim a cumulative table and a binary search). A noise word
 *   equal to the pair's context word is skipped, as `if (target == word) continue;` in the C code.
 * - **Window.** For each center position the C code draws b uniform in 0 … window − 1 and uses the
 *   window window − b, uniform in 1 … window: near words are used more often than far ones.
 * - **Roles.** The loss is the paper's: the center's input vector v_c predicts the context's output
 *   vector v′_o. (The C code and gensim loop the other way round, the context's input vector
 *   predicting the center word; over a corpus both see every pair of positions with the same
 *   probability.)
 * - **Sigmoid.** Exact (σ(s) = 1/(1 + e^−s), the losses as log1p): the C code and gensim read σ
 *   from a table of 1000 values and clip |s| at 6.
 * - **Learning rate.** lr_t = lr · max(10⁻⁴, 1 − words_done/(epochs · N + 1)), words_done counting
 *   the in-vocabulary tokens read before subsampling; updated at each document (the C code every
 *   10,000 words; gensim decays linearly to an absolute 0.0001).
 * - **Updates.** Plain SGD, one pair at a time, single-threaded (the C code runs unsynchronised
 *   threads), on the rows a pair touches. The C code updates v′ of each target before moving to
 *   the next; here every gradient of a pair is taken at the same point, which differs only when a
 *   noise word repeats within one pair.
 * - **Similarity.** The input vectors W are the word vectors. Neighbours and analogies rank by
 *   cosine, excluding the query words, as gensim's KeyedVectors.most_similar (3CosAdd).
 *
 * What this file deliberately is not: CBOW, hierarchical softmax, phrases, multithreading.
 *
 * References: T. Mikolov, K. Chen, G. Corrado, J. Dean (2013), "Efficient Estimation of Word
 * Representations in Vector Space", ICLR workshop; T. Mikolov, I. Sutskever, K. Chen, G. Corrado,
 * J. Dean (2013), "Distributed Representations of Words and Phrases and their Compositionality",
 * NeurIPS (eq. 4, the negative-sampling objective; §2.3, subsampling); the C code,
 * code.google.com/archive/p/word2vec (word2vec.c); Y. Goldberg, O. Levy (2014), "word2vec
 * Explained", arXiv:1402.3722; A. J. Walker (1977), "An efficient method for generating discrete
 * random variables with general distributions", ACM TOMS 3(3); M. D. Vose (1991), IEEE TSE 17(9).
 *
 * Guide: @ref nlp_04_word2vec (the ideas) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NLP_04_WORD2VEC_HPP
#define LLMLINGS_NLP_04_WORD2VEC_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>

namespace llmlings {
namespace nlp {

/**
 * @ingroup nlp
 * @brief The words word2vec gives vectors to, as build_word2vec_vocabulary() makes them: id →
 * word and count, most frequent first, and word → id.
 */
struct word2vec_vocabulary {
    std::vector<std::string> words;                    ///< id → word, by count descending, ties in std::string order
    std::vector<std::size_t> counts;                   ///< id → occurrences in the corpus (≥ 1)
    std::unordered_map<std::string, std::size_t> ids;  ///< word → id
};

/**
 * @ingroup nlp
 * @brief Walker's alias table of a discrete distribution over 0 … V − 1 (make_word2vec_noise_sampler()).
 *
 * Column i is chosen uniformly; it returns i with probability `probability[i]`, else `alias[i]`.
 */
struct word2vec_noise_sampler {
    std::vector<double> probability;  ///< per column, in [0, 1]
    std::vector<std::size_t> alias;   ///< per column, the other outcome
};

/// @ingroup nlp
/// @brief One skip-gram pair: a center word and a word of its window (ids).
struct word2vec_pair {
    std::size_t center = 0;   ///< the word whose input vector predicts
    std::size_t context = 0;  ///< the word predicted (its output vector)
};

/**
 * @ingroup nlp
 * @brief B examples for word2vec_forward(): a center per example and K + 1 targets, the context
 * word first, then K noise words.
 */
struct word2vec_batch {
    std::size_t negatives = 0;         ///< K ≥ 0, noise words per example
    std::vector<std::size_t> centers;  ///< (B) center ids
    std::vector<std::size_t> targets;  ///< (B·(K+1)): row b = context of b, then its K noise words
};

/**
 * @ingroup nlp
 * @brief A skip-gram model: views of its two matrices in a parameter_store, made by make_word2vec().
 * @tparam T float (training) or double (gradient checks)
 */
template <class T>
struct word2vec_model {
    parameter<T> input;          ///< W (V,D): row c is v_c, the vector of word c as a center word
    parameter<T> output;         ///< W′ (V,D): row o is v′_o, the vector of word o as a target
    std::size_t vocab_size = 0;  ///< V
    std::size_t dim = 0;         ///< D
};

/**
 * @ingroup nlp
 * @brief What word2vec_forward() keeps for word2vec_backward(): dL/ds for every target score.
 * @tparam T the model's element type
 */
template <class T>
struct word2vec_cache {
    /// (B·(K+1)): σ(s) − 1 for a context word, σ(s) for a noise word, 0 for a skipped noise word
    std::vector<T> dscore;
};

/// @ingroup nlp
/// @brief Hyper-parameters of word2vec training (the C code's defaults for skip-gram).
struct word2vec_train_options {
    double lr = 0.025;              ///< the starting learning rate, finite and > 0 (-alpha 0.025)
    double min_lr_fraction = 1e-4;  ///< the rate never falls below lr · this, in [0, 1]
    std::size_t window = 5;         ///< the largest window, ≥ 1 (-window 5)
    std::size_t negatives = 5;      ///< K noise words per pair, ≥ 1 (-negative 5)
    double sample = 1e-3;           ///< the subsampling threshold t, finite and ≥ 0; 0 keeps every word
    double power = 0.75;            ///< the noise distribution's exponent, finite and ≥ 0
    std::size_t epochs = 5;         ///< the planned number of epochs, ≥ 1: the rate reaches its floor after them
};

/**
 * @ingroup nlp
 * @brief The state of word2vec training: the model, the vocabulary's counts, the subsampling and
 * noise tables, the schedule, and the buffers a document reuses. Build it with
 * make_word2vec_trainer(), run word2vec_train_epoch().
 * @tparam T the model's element type
 */
template <class T>
struct word2vec_trainer {
    word2vec_model<T> model;           ///< the model it updates (views: shares the store's tensors)
    word2vec_vocabulary vocabulary;    ///< the words and counts the model was built for
    word2vec_train_options options;    ///< the hyper-parameters (fixed at make_word2vec_trainer())
    std::vector<double> keep;          ///< keep probability of each word (word2vec_keep_probability())
    word2vec_noise_sampler noise;      ///< the alias table of P_n
    std::size_t planned_words = 0;     ///< epochs · Σ counts: where the rate reaches its floor
    std::size_t words_done = 0;        ///< in-vocabulary tokens read so far, before subsampling
    double lr = 0.0;                   ///< the rate of the current document
    std::vector<std::size_t> ids;      ///< the current document, encoded and subsampled
    std::vector<word2vec_pair> pairs;  ///< its skip-gram pairs
    word2vec_batch batch;              ///< the current pair and its noise words
    word2vec_cache<T> cache;           ///< word2vec_forward()'s output for it
    std::size_t examples = 0;          ///< pairs trained on so far
    std::size_t epochs = 0;            ///< epochs run so far
};

/**
 * @ingroup nlp
 * @brief One result of word2vec_most_similar(): a word id and its cosine with the query.
 */
struct word2vec_neighbor {
    std::size_t id = 0;   ///< the word's id (row of the vectors)
    double cosine = 0.0;  ///< cosine with the (combined) query, in [−1, 1]
};

namespace detail {

// Given: the checks every function makes (you call them; they are not the exercise).
/**
 * @brief Throws unless the vocabulary is consistent: V ≥ 1 words, one count ≥ 1 and one id each.
 *
 * @param function the public function, for the message
 * @param vocab the vocabulary
 * @throws invalid_argument otherwise
 */
inline void check_w2v_vocabulary(const char* function, const word2vec_vocabulary& vocab) {
    const std::size_t v = vocab.words.size();
    if (v == 0 || vocab.counts.size() != v || vocab.ids.size() != v)
        throw invalid_argument(function, ::llmlings::detail::concat(
                                             "the vocabulary has ", v, " words, ", vocab.counts.size(), " counts and ",
                                             vocab.ids.size(), " ids: make it with build_word2vec_vocabulary"));
    for (std::size_t id = 0; id < v; ++id)
        if (vocab.counts[id] == 0)
            throw invalid_argument(function, ::llmlings::detail::concat("word ", id, " ('", vocab.words[id],
                                                                        "') has count 0: every word must occur"));
}

/**
 * @brief Throws unless the model was made by make_word2vec(): V, D ≥ 1 and two registered tensors.
 *
 * @param function the public function, for the message
 * @param model the model
 * @throws invalid_argument otherwise
 */
template <class T>
void check_w2v_model(const char* function, const word2vec_model<T>& model) {
    if (model.vocab_size == 0 || model.dim == 0 || !model.input.registered() || !model.output.registered())
        throw invalid_argument(function, "the model is not built (make it with make_word2vec)");
}

/**
 * @brief Throws unless the batch is well formed: B·(K+1) targets and every id < V.
 *
 * @param function the public function, for the message
 * @param batch the batch
 * @param vocab_size V
 * @throws shape_error for a wrong number of targets; invalid_argument naming the first id ≥ V
 */
inline void check_w2v_batch(const char* function, const word2vec_batch& batch, std::size_t vocab_size) {
    const std::size_t row = batch.negatives + 1;
    if (batch.targets.size() != batch.centers.size() * row)
        throw shape_error(function, ::llmlings::detail::concat(
                                        "a batch of ", batch.centers.size(), " centers and K = ", batch.negatives,
                                        " needs ", batch.centers.size() * row, " targets, got ", batch.targets.size()));
    for (std::size_t b = 0; b < batch.centers.size(); ++b)
        if (batch.centers[b] >= vocab_size)
            throw invalid_argument(function, ::llmlings::detail::concat("center ", b, " has id ", batch.centers[b],
                                                                        ", the vocabulary has ", vocab_size, " words"));
    for (std::size_t k = 0; k < batch.targets.size(); ++k)
        if (batch.targets[k] >= vocab_size)
            throw invalid_argument(function, ::llmlings::detail::concat("target ", k, " has id ", batch.targets[k],
                                                                        ", the vocabulary has ", vocab_size, " words"));
}

/**
 * @brief Throws unless the training options are valid (see word2vec_train_options).
 *
 * @param function the public function, for the message
 * @param o the options
 * @throws invalid_argument naming the parameter
 */
inline void check_w2v_options(const char* function, const word2vec_train_options& o) {
    if (!(o.lr > 0.0) || !std::isfinite(o.lr))
        throw invalid_argument(function, ::llmlings::detail::concat("lr must be finite and > 0, got ", o.lr));
    if (!(o.min_lr_fraction >= 0.0 && o.min_lr_fraction <= 1.0))
        throw invalid_argument(
            function, ::llmlings::detail::concat("min_lr_fraction must be in [0, 1], got ", o.min_lr_fraction));
    if (o.window == 0) throw invalid_argument(function, "window must be >= 1, got 0");
    if (o.negatives == 0) throw invalid_argument(function, "negatives must be >= 1, got 0");
    if (!(o.sample >= 0.0) || !std::isfinite(o.sample))
        throw invalid_argument(function, ::llmlings::detail::concat("sample must be finite and >= 0, got ", o.sample));
    if (!(o.power >= 0.0) || !std::isfinite(o.power))
        throw invalid_argument(function, ::llmlings::detail::concat("power must be finite and >= 0, got ", o.power));
    if (o.epochs == 0) throw invalid_argument(function, "epochs must be >= 1, got 0");
}

/**
 * @brief −log σ(s) = log(1 + e^−s), without overflow for any finite s (NaN gives NaN).
 *
 * @param s a score
 * @return the loss of a target whose label is 1; call it with −s for a label 0
 */
inline double w2v_neg_log_sigmoid(double s) {
    if (std::isnan(s)) return s;
    return s >= 0.0 ? std::log1p(std::exp(-s)) : -s + std::log1p(std::exp(s));
}

/**
 * @brief σ(s) = 1/(1 + e^−s), without overflow for any finite s (NaN gives NaN).
 *
 * @param s a score
 * @return σ(s) in [0, 1]
 */
template <class T>
T w2v_sigmoid(T s) {
    if (s >= T(0)) return T(1) / (T(1) + std::exp(-s));
    const T e = std::exp(s);  // NaN falls here and stays NaN
    return e / (T(1) + e);
}
// End of the given code.

/**
 * @brief build_word2vec_vocabulary()'s counting, which GloVe's vocabulary (nlp/05) shares: every
 * word seen at least min_count times, by count descending, ties in std::string order.
 * @param function the public function, named in the errors
 */
inline word2vec_vocabulary build_word_vocabulary(const char* function,
                                                 const std::vector<std::vector<std::string>>& documents,
                                                 std::size_t min_count) {
    if (documents.empty()) throw invalid_argument(function, "no documents");
    if (min_count == 0) throw invalid_argument(function, "min_count must be >= 1, got 0");
    std::unordered_map<std::string, std::size_t> frequency;
    for (std::size_t doc = 0; doc < documents.size(); ++doc)
        for (std::size_t p = 0; p < documents[doc].size(); ++p) {
            if (documents[doc][p].empty())
                throw invalid_argument(function,
                                       ::llmlings::detail::concat("document ", doc, ", token ", p, " is empty"));
            ++frequency[documents[doc][p]];
        }
    std::vector<std::pair<std::string, std::size_t>> kept;
    for (const auto& entry : frequency)
        if (entry.second >= min_count) kept.push_back(entry);
    if (kept.empty())
        throw invalid_argument(function, ::llmlings::detail::concat("no word occurs min_count = ", min_count,
                                                                    " times (", frequency.size(), " distinct words)"));
    std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    word2vec_vocabulary vocab;
    vocab.words.reserve(kept.size());
    vocab.counts.reserve(kept.size());
    for (std::size_t id = 0; id < kept.size(); ++id) {
        vocab.ids.emplace(kept[id].first, id);
        vocab.words.push_back(std::move(kept[id].first));
        vocab.counts.push_back(kept[id].second);
    }
    return vocab;
}

}  // namespace detail

/**
 * @ingroup nlp
 * @brief The vocabulary of a tokenised corpus: every word seen at least min_count times, most
 * frequent first (word2vec.c's SortVocab and ReduceVocab).
 *
 * Ids go by count, descending; words with the same count are in std::string order (byte order),
 * so the ids do not depend on the order of a hash map.
 *
 * @param documents the corpus, one vector of tokens per document (sentence, verse, line); an
 *        empty document is allowed
 * @param min_count the least number of occurrences that keeps a word, ≥ 1 (default 5, the C
 *        code's and gensim's)
 * @return the vocabulary
 * @throws invalid_argument naming build_word2vec_vocabulary when there are no documents,
 *         min_count is 0, a token is empty (with its document and position), or no word occurs
 *         min_count times
 *
 * Complexity: O(T) expected for T tokens, plus O(V log V) to sort.
 * Example: `build_word2vec_vocabulary({{"b", "a", "b", "c"}}, 1)` → words {"b", "a", "c"},
 * counts {2, 1, 1}, ids {b: 0, a: 1, c: 2}.
 */
inline word2vec_vocabulary build_word2vec_vocabulary(const std::vector<std::vector<std::string>>& documents,
                                                     std::size_t min_count = 5) {
    return detail::build_word_vocabulary("build_word2vec_vocabulary", documents, min_count);
}

/**
 * @ingroup nlp
 * @brief The probability that subsampling keeps one occurrence of a word (the C code's formula).
 *
 * With f the word's count, N the corpus's total count and t the threshold:
 * @f[ P_{\text{keep}} = \min\!\Big(1,\ \Big(\sqrt{\frac{f}{tN}} + 1\Big)\frac{tN}{f}\Big) @f]
 * A word whose frequency f/N is at most about 2.6·t is always kept ((√x + 1)/x ≥ 1 for
 * x = f/(tN) ≤ φ² ≈ 2.618); above, P falls like √(tN/f). "the", with f/N = 5 % and t = 10⁻³,
 * keeps about 16 % of its occurrences: most of them say little about their neighbours, and
 * dropping them also brings the remaining words closer together in the window.
 *
 * @param count f ≥ 1
 * @param total N ≥ f
 * @param sample t, finite and ≥ 0; t = 0 turns subsampling off (returns 1)
 * @return P_keep in (0, 1]
 * @throws invalid_argument naming word2vec_keep_probability for count 0, count > total, or t
 *         negative, infinite or NaN
 *
 * Complexity: O(1). Example: f = 400, N = 10⁵, t = 10⁻³: tN/f = 1/4, (√4 + 1)/4 = 0.75.
 */
inline double word2vec_keep_probability(std::size_t count, std::size_t total, double sample) {
    if (!(sample >= 0.0) || !std::isfinite(sample))
        throw invalid_argument("word2vec_keep_probability",
                               ::llmlings::detail::concat("sample must be finite and >= 0, got ", sample));
    if (count == 0 || count > total)
        throw invalid_argument(
            "word2vec_keep_probability",
            ::llmlings::detail::concat("need 1 <= count <= total, got count ", count, " and total ", total));
    if (sample == 0.0) return 1.0;
    const double threshold = sample * static_cast<double>(total);
    const double f = static_cast<double>(count);
    return std::min(1.0, (std::sqrt(f / threshold) + 1.0) * threshold / f);
}

/**
 * @ingroup nlp
 * @brief The noise distribution of negative sampling: P_n(w) ∝ count(w)^power (power 3/4).
 *
 * @f[ P_n(w) = \frac{c_w^{\,3/4}}{\sum_{u} c_u^{\,3/4}} @f]
 * Raising the counts to 3/4 flattens the unigram distribution: rare words are drawn as noise more
 * often than their frequency, the most frequent less (Mikolov et al. found 3/4 better than the
 * unigram, power 1, and the uniform, power 0). A count of 0 gets probability 0.
 *
 * @param counts the words' counts (at least one > 0)
 * @param power the exponent, finite and ≥ 0 (default 0.75)
 * @return the V probabilities, summing to 1
 * @throws invalid_argument naming word2vec_noise_distribution for no counts, all counts 0, or a
 *         power negative, infinite or NaN
 *
 * Complexity: O(V). Example: counts {16, 1} → weights {8, 1} → {8/9, 1/9}.
 */
inline std::vector<double> word2vec_noise_distribution(const std::vector<std::size_t>& counts, double power = 0.75) {
    if (!(power >= 0.0) || !std::isfinite(power))
        throw invalid_argument("word2vec_noise_distribution",
                               ::llmlings::detail::concat("power must be finite and >= 0, got ", power));
    if (counts.empty()) throw invalid_argument("word2vec_noise_distribution", "no counts");
    std::vector<double> p(counts.size());
    double total = 0.0;
    for (std::size_t w = 0; w < counts.size(); ++w) {
        p[w] = counts[w] == 0 ? 0.0 : std::pow(static_cast<double>(counts[w]), power);
        total += p[w];
    }
    if (total == 0.0) throw invalid_argument("word2vec_noise_distribution", "every count is 0");
    for (double& x : p) x /= total;
    return p;
}

/**
 * @ingroup nlp
 * @brief Walker's alias table of P_n (word2vec_noise_distribution()), built by Vose's method, so
 * that a draw costs two random numbers whatever V is.
 *
 * Scale every probability by V, so the average column holds exactly 1. Repeatedly take a column
 * s holding less than 1 ("small") and one l holding at least 1 ("large"): s keeps its own mass,
 * probability[s] = V·p_s, and is topped up to 1 by l, alias[s] = l; l gives away 1 − V·p_s and
 * goes back to the small or the large list. What is left at the end (rounding) holds 1. Column i
 * then returns i with probability probability[i] and alias[i] otherwise, and
 * @f[ \frac{1}{V}\Big(\text{probability}_w + \sum_{i:\ \text{alias}_i = w} (1 - \text{probability}_i)\Big) = P_n(w) @f]
 *
 * @param counts the words' counts
 * @param power the exponent (default 0.75)
 * @return the table
 * @throws invalid_argument naming make_word2vec_noise_sampler, as word2vec_noise_distribution()
 *
 * Complexity: O(V). Example: counts {16, 1} (P = {8/9, 1/9}): column 1 is small (2/9), topped up
 * by column 0: probability {1, 2/9}, alias {0, 0}; P(1) = (2/9)/2 = 1/9.
 */
inline word2vec_noise_sampler make_word2vec_noise_sampler(const std::vector<std::size_t>& counts, double power = 0.75) {
    std::vector<double> scaled;
    try {
        scaled = word2vec_noise_distribution(counts, power);
    } catch (const invalid_argument& e) {
        throw invalid_argument("make_word2vec_noise_sampler", e.what());
    }
    const std::size_t n = scaled.size();
    for (double& x : scaled) x *= static_cast<double>(n);
    word2vec_noise_sampler sampler;
    sampler.probability.assign(n, 1.0);
    sampler.alias.resize(n);
    std::vector<std::size_t> small, large;
    for (std::size_t i = 0; i < n; ++i) {
        sampler.alias[i] = i;
        (scaled[i] < 1.0 ? small : large).push_back(i);
    }
    while (!small.empty() && !large.empty()) {
        const std::size_t s = small.back(), l = large.back();
        small.pop_back();
        large.pop_back();
        sampler.probability[s] = scaled[s];
        sampler.alias[s] = l;
        scaled[l] = (scaled[l] + scaled[s]) - 1.0;
        (scaled[l] < 1.0 ? small : large).push_back(l);
    }
    // Whatever is left holds 1 up to rounding: it keeps probability 1 and is its own alias.
    return sampler;
}

/**
 * @ingroup nlp
 * @brief One draw from an alias table: a column i uniform in 0 … V − 1, then i with probability
 * probability[i], else alias[i].
 *
 * @param sampler a table made by make_word2vec_noise_sampler()
 * @param gen the generator: uniform_index(V), then uniform01
 * @return a word id < V
 * @throws invalid_argument naming word2vec_draw_noise for an empty or inconsistent table
 *
 * Complexity: O(1). Example: with probability {1, 2/9}, alias {0, 0}, column 1 and u = 0.5 give 0.
 */
inline std::size_t word2vec_draw_noise(const word2vec_noise_sampler& sampler, rng& gen) {
    const std::size_t n = sampler.probability.size();
    if (n == 0 || sampler.alias.size() != n)
        throw invalid_argument(
            "word2vec_draw_noise",
            ::llmlings::detail::concat("the table has ", n, " probabilities and ", sampler.alias.size(),
                                       " aliases: make it with make_word2vec_noise_sampler"));
    const std::size_t column = static_cast<std::size_t>(uniform_index(n, gen));
    return uniform01(gen) < sampler.probability[column] ? column : sampler.alias[column];
}

/**
 * @ingroup nlp
 * @brief A document as the trainer reads it: the ids of its in-vocabulary tokens, each kept with
 * its probability `keep[id]` (subsampling).
 *
 * Out-of-vocabulary tokens are removed (they take no position). A token whose keep probability
 * is below 1 costs one uniform u of `gen` and is kept when u < keep[id]; the others cost nothing.
 *
 * @param vocab the vocabulary
 * @param keep the keep probability of each word (e.g. word2vec_keep_probability() of its count)
 * @param tokens the document
 * @param ids receives the kept ids, in order (cleared first; no allocation once large enough)
 * @param gen the generator
 * @return the number of in-vocabulary tokens, before subsampling (what the schedule counts)
 * @throws invalid_argument naming word2vec_subsample for an inconsistent vocabulary or a keep
 *         table of another size
 *
 * Complexity: O(L) expected for L tokens. Example: vocabulary {a, b}, keep {1, 1}: {"a", "x",
 * "b"} → ids {0, 1}, returns 2.
 */
inline std::size_t word2vec_subsample(const word2vec_vocabulary& vocab, const std::vector<double>& keep,
                                      const std::vector<std::string>& tokens, std::vector<std::size_t>& ids, rng& gen) {
    detail::check_w2v_vocabulary("word2vec_subsample", vocab);
    if (keep.size() != vocab.words.size())
        throw invalid_argument(
            "word2vec_subsample",
            ::llmlings::detail::concat("keep has ", keep.size(), " probabilities for ", vocab.words.size(), " words"));
    ids.clear();
    std::size_t known = 0;
    for (const std::string& token : tokens) {
        const auto it = vocab.ids.find(token);
        if (it == vocab.ids.end()) continue;
        ++known;
        const std::size_t id = it->second;
        if (keep[id] < 1.0 && !(uniform01(gen) < keep[id])) continue;
        ids.push_back(id);
    }
    return known;
}

/**
 * @ingroup nlp
 * @brief The skip-gram pairs of a document, each center with its own random window (the C code's
 * dynamic window).
 *
 * For each position p (in order), draw b = uniform_index(window) and let w = window − b, uniform
 * in 1 … window; every other position q with |p − q| ≤ w gives the pair (ids[p], ids[q]), the
 * left ones first. A word d positions away is used with probability (window − d + 1)/window:
 * the window weights near words more, as GloVe's 1/d does.
 *
 * @param ids a document's ids (word2vec_subsample())
 * @param window the largest window, ≥ 1
 * @param pairs receives the pairs (cleared first; no allocation once large enough)
 * @param gen the generator: one uniform_index per position
 * @throws invalid_argument naming word2vec_skipgram_pairs for window 0
 *
 * Complexity: O(L·window). Example: ids {7, 8, 9} with windows drawn 1, 2, 1 → (7, 8), (8, 7),
 * (8, 9), (9, 8).
 */
inline void word2vec_skipgram_pairs(const std::vector<std::size_t>& ids, std::size_t window,
                                    std::vector<word2vec_pair>& pairs, rng& gen) {
    if (window == 0) throw invalid_argument("word2vec_skipgram_pairs", "window must be >= 1, got 0");
    pairs.clear();
    const std::size_t n = ids.size();
    for (std::size_t p = 0; p < n; ++p) {
        const std::size_t w = window - static_cast<std::size_t>(uniform_index(window, gen));
        const std::size_t first = p >= w ? p - w : 0;
        const std::size_t last = std::min(n - 1, p + w);
        for (std::size_t q = first; q <= last; ++q)
            if (q != p) pairs.push_back({ids[p], ids[q]});
    }
}

/**
 * @ingroup nlp
 * @brief A skip-gram model for `vocab_size` words in `dim` dimensions, registered in `store` as
 * "<name>.input" (V,D) and "<name>.output" (V,D), every value zero. Call init_word2vec() next.
 *
 * @param store where the parameters live
 * @param name the model's prefix in the store, e.g. "word2vec"
 * @param vocab_size V ≥ 1
 * @param dim D ≥ 1
 * @return the model, holding views of its tensors
 * @throws invalid_argument when V or D is 0, or the store refuses the names (taken, or frozen)
 *
 * Complexity: O(V·D). Example: `make_word2vec(store, "w2v", 5, 3)` registers 2·15 = 30 values.
 */
template <class T>
word2vec_model<T> make_word2vec(parameter_store<T>& store, const std::string& name, std::size_t vocab_size,
                                std::size_t dim) {
    if (vocab_size == 0 || dim == 0)
        throw invalid_argument("make_word2vec", ::llmlings::detail::concat("vocab_size and dim must be > 0, got ",
                                                                           vocab_size, " and ", dim));
    word2vec_model<T> model;
    model.input = store.add(name + ".input", {vocab_size, dim});
    model.output = store.add(name + ".output", {vocab_size, dim});
    model.vocab_size = vocab_size;
    model.dim = dim;
    return model;
}

/**
 * @ingroup nlp
 * @brief The C code's initialisation: W uniform in [−0.5/D, 0.5/D), W′ zero.
 *
 * W′ may start at zero because W does not: the first gradient of v′ is a multiple of v_c ≠ 0. If
 * both were zero, every gradient would be zero and nothing would ever move.
 *
 * @param model the model; every value is overwritten
 * @param gen the generator (V·D uniforms, row by row)
 * @throws invalid_argument naming init_word2vec when the model is not built
 *
 * Complexity: O(V·D). Example: with D = 100 every input value lies in [−0.005, 0.005).
 */
template <class T>
void init_word2vec(word2vec_model<T>& model, rng& gen) {
    detail::check_w2v_model("init_word2vec", model);
    const double scale = 1.0 / static_cast<double>(model.dim);
    T* w = model.input.data();
    for (std::size_t k = 0; k < model.input.size(); ++k) w[k] = static_cast<T>((uniform01(gen) - 0.5) * scale);
    std::fill(model.output.data(), model.output.data() + model.output.size(), T(0));
}

/**
 * @ingroup nlp
 * @brief The SGNS loss of a batch, and what its backward pass needs.
 *
 * For example b with center c, context o and noise words k₁ … k_K, with scores s = v′·v_c:
 * @f[ L_b = -\log \sigma(v'_o \cdot v_c) - \sum_{i=1}^{K} \log \sigma(-v'_{k_i} \cdot v_c) @f]
 * (Mikolov et al. 2013b, eq. 4, negated: a loss to minimise). The first term asks σ(s_o) → 1 (o
 * really was there), the others σ(s_k) → 0. A noise word equal to o is skipped (no term), as in
 * the C code. The terms are computed as log1p(e^−|s|) + max(∓s, 0), so no exponential overflows.
 *
 * @param model the model
 * @param batch B examples; ids < V, B·(K+1) targets (B = 0 gives 0)
 * @param cache receives dL/ds per target: σ(s_o) − 1, σ(s_k), or 0 for a skipped word
 * @return Σ_b L_b, accumulated in double; NaN when a parameter is NaN
 * @throws invalid_argument naming word2vec_forward for a model not built or an id ≥ V
 * @throws shape_error naming word2vec_forward for a number of targets other than B·(K+1)
 *
 * Complexity: O(B·(K+1)·D). Example: v_c = (1, 0), v′_o = (−1, 0), one noise word with v′ = (0, 2):
 * s = −1 and 0, L = log(1 + e) + log 2 = 2.0064.
 */
template <class T>
double word2vec_forward(const word2vec_model<T>& model, const word2vec_batch& batch, word2vec_cache<T>& cache) {
    detail::check_w2v_model("word2vec_forward", model);
    detail::check_w2v_batch("word2vec_forward", batch, model.vocab_size);
    const std::size_t dim = model.dim, row = batch.negatives + 1;
    const T* w = model.input.data();
    const T* wo = model.output.data();
    cache.dscore.resize(batch.targets.size());
    double loss = 0.0;
    for (std::size_t b = 0; b < batch.centers.size(); ++b) {
        const T* vc = w + batch.centers[b] * dim;
        const std::size_t context = batch.targets[b * row];
        for (std::size_t k = 0; k < row; ++k) {
            const std::size_t target = batch.targets[b * row + k];
            if (k > 0 && target == context) {  // a noise word that is the context word: skipped
                cache.dscore[b * row + k] = T(0);
                continue;
            }
            const T* vt = wo + target * dim;
            T s = T(0);
            for (std::size_t d = 0; d < dim; ++d) s += vt[d] * vc[d];
            if (k == 0) {
                cache.dscore[b * row + k] = detail::w2v_sigmoid(s) - T(1);
                loss += detail::w2v_neg_log_sigmoid(static_cast<double>(s));
            } else {
                cache.dscore[b * row + k] = detail::w2v_sigmoid(s);
                loss += detail::w2v_neg_log_sigmoid(-static_cast<double>(s));
            }
        }
    }
    return loss;
}

/**
 * @ingroup nlp
 * @brief The SGNS loss of a batch (word2vec_forward() with a cache of its own): for evaluation and
 * for the loss of a gradient check.
 *
 * @param model the model
 * @param batch the examples
 * @return Σ_b L_b
 * @throws invalid_argument, shape_error naming word2vec_forward, as word2vec_forward()
 *
 * Complexity: O(B·(K+1)·D) and one allocation. Example: as word2vec_forward().
 */
template <class T>
double word2vec_loss(const word2vec_model<T>& model, const word2vec_batch& batch) {
    word2vec_cache<T> cache;
    return word2vec_forward(model, batch, cache);
}

/**
 * @ingroup nlp
 * @brief The backward pass of word2vec_forward(): adds dL/dW and dL/dW′ to the store's gradients.
 *
 * With g = dL/ds of a target t (σ(s) − 1 for the context word, σ(s) for a noise word), since
 * s = v′_t·v_c:
 * @f[ \frac{\partial L}{\partial v_c} \mathrel{+}= g\, v'_t, \qquad
 *     \frac{\partial L}{\partial v'_t} \mathrel{+}= g\, v_c @f]
 * summed over the K + 1 targets of each example. σ(s) − 1 < 0 pulls v_c towards v′_o and v′_o
 * towards v_c; σ(s_k) > 0 pushes v_c away from the noise words. A word that appears several
 * times in a batch collects every term: `+=`, never `=`.
 *
 * @param model the model; its gradients are added to
 * @param batch the examples word2vec_forward() saw
 * @param cache what word2vec_forward() wrote for them
 * @throws invalid_argument naming word2vec_backward for a model not built or an id ≥ V
 * @throws shape_error when the batch is malformed or the cache holds another number of values
 *
 * Complexity: O(B·(K+1)·D), no allocation. Example: the forward's example gives g = −e/(1 + e)
 * and 1/2: dL/dv_c = −e/(1 + e)·(−1, 0) + ½·(0, 2) = (0.7311, 1).
 */
template <class T>
void word2vec_backward(const word2vec_model<T>& model, const word2vec_batch& batch, const word2vec_cache<T>& cache) {
    detail::check_w2v_model("word2vec_backward", model);
    detail::check_w2v_batch("word2vec_backward", batch, model.vocab_size);
    if (cache.dscore.size() != batch.targets.size())
        throw shape_error(
            "word2vec_backward",
            ::llmlings::detail::concat("the cache holds ", cache.dscore.size(), " values for ", batch.targets.size(),
                                       " targets: run word2vec_forward on this batch first"));
    const std::size_t dim = model.dim, row = batch.negatives + 1;
    const T* w = model.input.data();
    const T* wo = model.output.data();
    T* dw = model.input.grad_data();
    T* dwo = model.output.grad_data();
    for (std::size_t b = 0; b < batch.centers.size(); ++b) {
        const std::size_t c = batch.centers[b];
        const T* vc = w + c * dim;
        T* dvc = dw + c * dim;
        for (std::size_t k = 0; k < row; ++k) {
            const T g = cache.dscore[b * row + k];
            if (g == T(0)) continue;
            const std::size_t t = batch.targets[b * row + k];
            const T* vt = wo + t * dim;
            T* dvt = dwo + t * dim;
            for (std::size_t d = 0; d < dim; ++d) {
                dvc[d] += g * vt[d];
                dvt[d] += g * vc[d];
            }
        }
    }
}

/**
 * @ingroup nlp
 * @brief A sparse SGD step on the rows a batch touched: θ ← θ − lr·g, then g ← 0, for the center
 * rows of W and the target rows of W′.
 *
 * Only those rows have nonzero gradients after word2vec_backward(), so a dense step over the
 * store (2·V·D values) would waste almost all its work. A row listed twice is updated once: its
 * gradient is 0 the second time. A tensor marked not trainable (set_trainable) keeps its values;
 * its gradients are still cleared.
 *
 * @param model the model
 * @param batch the examples whose gradients were added
 * @param lr the learning rate, finite and ≥ 0
 * @throws invalid_argument naming word2vec_sgd_update for a model not built, an id ≥ V, or lr
 *         negative, infinite or NaN
 * @throws shape_error for a malformed batch
 *
 * Complexity: O(B·(K+2)·D). Example: gradient (0.7311, 1) on v_c = (1, 0) with lr 0.1 →
 * v_c = (0.92689, −0.1).
 */
template <class T>
void word2vec_sgd_update(const word2vec_model<T>& model, const word2vec_batch& batch, double lr) {
    detail::check_w2v_model("word2vec_sgd_update", model);
    detail::check_w2v_batch("word2vec_sgd_update", batch, model.vocab_size);
    if (!(lr >= 0.0) || !std::isfinite(lr))
        throw invalid_argument("word2vec_sgd_update",
                               ::llmlings::detail::concat("lr must be finite and >= 0, got ", lr));
    const std::size_t dim = model.dim;
    const T rate = static_cast<T>(lr);
    auto step = [&](const parameter<T>& p, std::size_t row, bool update) {
        T* value = p.data() + row * dim;
        T* grad = p.grad_data() + row * dim;
        for (std::size_t d = 0; d < dim; ++d) {
            if (update) value[d] -= rate * grad[d];
            grad[d] = T(0);
        }
    };
    const bool update_input = model.input.trainable(), update_output = model.output.trainable();
    for (const std::size_t c : batch.centers) step(model.input, c, update_input);
    for (const std::size_t t : batch.targets) step(model.output, t, update_output);
}

/**
 * @ingroup nlp
 * @brief The C code's linearly decaying learning rate, with its floor.
 *
 * @f[ \text{lr}_t = \text{lr}_0 \cdot \max\!\Big(f_{\min},\ 1 - \frac{\text{words\_done}}{\text{planned} + 1}\Big) @f]
 * planned = epochs · N, the number of in-vocabulary tokens the whole training reads (the C code's
 * iter · train_words; its "+ 1" keeps the rate above 0 at the very end). Large steps first, to
 * move the random start; small ones at the end, so the vectors settle instead of jittering.
 *
 * @param lr the starting rate lr₀, finite and > 0
 * @param words_done tokens read so far
 * @param planned_words tokens the training will read
 * @param min_fraction f_min, in [0, 1] (the C code's 10⁻⁴)
 * @return lr_t, in [lr₀·f_min, lr₀]
 * @throws invalid_argument naming word2vec_learning_rate for lr not finite and > 0 or
 *         min_fraction outside [0, 1] (NaN included)
 *
 * Complexity: O(1). Example: lr₀ = 0.025, planned 999, words_done 500 → 0.025·(1 − 500/1000) = 0.0125.
 */
inline double word2vec_learning_rate(double lr, std::size_t words_done, std::size_t planned_words,
                                     double min_fraction = 1e-4) {
    if (!(lr > 0.0) || !std::isfinite(lr))
        throw invalid_argument("word2vec_learning_rate",
                               ::llmlings::detail::concat("lr must be finite and > 0, got ", lr));
    if (!(min_fraction >= 0.0 && min_fraction <= 1.0))
        throw invalid_argument("word2vec_learning_rate",
                               ::llmlings::detail::concat("min_fraction must be in [0, 1], got ", min_fraction));
    const double progress = static_cast<double>(words_done) / (static_cast<double>(planned_words) + 1.0);
    return lr * std::max(min_fraction, 1.0 - progress);
}

/**
 * @ingroup nlp
 * @brief Builds the training state: the keep probabilities, the noise table, the schedule.
 *
 * @param model the model (initialised with init_word2vec())
 * @param vocab the vocabulary the model was made for (V words)
 * @param options the hyper-parameters (the C code's skip-gram defaults)
 * @return the trainer, its rate at lr and words_done at 0
 * @throws invalid_argument naming make_word2vec_trainer for a model not built, a vocabulary that
 *         is inconsistent or of another size than the model, or invalid options
 *
 * Complexity: O(V). Example: `auto trainer = make_word2vec_trainer(model, vocab);` then
 * `word2vec_train_epoch(trainer, documents, gen)` `options.epochs` times.
 */
template <class T>
word2vec_trainer<T> make_word2vec_trainer(const word2vec_model<T>& model, const word2vec_vocabulary& vocab,
                                          const word2vec_train_options& options = {}) {
    detail::check_w2v_model("make_word2vec_trainer", model);
    detail::check_w2v_vocabulary("make_word2vec_trainer", vocab);
    detail::check_w2v_options("make_word2vec_trainer", options);
    if (vocab.words.size() != model.vocab_size)
        throw invalid_argument("make_word2vec_trainer",
                               ::llmlings::detail::concat("the vocabulary has ", vocab.words.size(),
                                                          " words, the model ", model.vocab_size));
    word2vec_trainer<T> trainer;
    trainer.model = model;
    trainer.vocabulary = vocab;
    trainer.options = options;
    std::size_t total = 0;
    for (const std::size_t c : vocab.counts) total += c;
    trainer.keep.resize(vocab.counts.size());
    for (std::size_t id = 0; id < vocab.counts.size(); ++id)
        trainer.keep[id] = word2vec_keep_probability(vocab.counts[id], total, options.sample);
    trainer.noise = make_word2vec_noise_sampler(vocab.counts, options.power);
    trainer.planned_words = options.epochs * total;
    trainer.lr = options.lr;
    trainer.batch.negatives = options.negatives;
    trainer.batch.centers.assign(1, 0);
    trainer.batch.targets.assign(options.negatives + 1, 0);
    return trainer;
}

/**
 * @ingroup nlp
 * @brief One epoch of skip-gram training with negative sampling: every document once, in order.
 *
 * Per document:
 * 1. the rate: lr = word2vec_learning_rate(options.lr, words_done, planned_words, min_lr_fraction);
 * 2. word2vec_subsample() (draws for words with keep probability < 1); words_done grows by the
 *    document's in-vocabulary tokens;
 * 3. word2vec_skipgram_pairs() (one draw per kept position);
 * 4. per pair (c, o): K noise words by word2vec_draw_noise() (two draws each), then
 *    word2vec_forward(), word2vec_backward() and word2vec_sgd_update() with lr on the one-example
 *    batch {c; o, k₁ … k_K}.
 *
 * @param trainer the state (make_word2vec_trainer()); the model, the schedule and the counters
 *        are updated
 * @param documents the corpus (tokens; out-of-vocabulary ones are skipped)
 * @param gen the generator, in the order above
 * @return the mean over this epoch's pairs of L, each computed just before its own update; 0 when
 *         the epoch made no pair (every document shorter than two kept words)
 * @throws invalid_argument naming word2vec_train_epoch for no documents or a trainer that does
 *         not fit its model
 * @throws numerical_error when a pair's loss is not finite (diverged, or NaN in the parameters)
 *
 * Complexity: O(T·window·(K+1)·D) for T tokens; no allocation once the buffers have grown to the
 * longest document.
 */
template <class T>
double word2vec_train_epoch(word2vec_trainer<T>& trainer, const std::vector<std::vector<std::string>>& documents,
                            rng& gen) {
    const word2vec_model<T>& model = trainer.model;
    detail::check_w2v_model("word2vec_train_epoch", model);
    detail::check_w2v_options("word2vec_train_epoch", trainer.options);
    if (documents.empty()) throw invalid_argument("word2vec_train_epoch", "no documents");
    const word2vec_train_options& o = trainer.options;
    const std::size_t v = model.vocab_size;
    if (trainer.vocabulary.words.size() != v || trainer.keep.size() != v || trainer.noise.probability.size() != v ||
        trainer.batch.negatives != o.negatives || trainer.batch.centers.size() != 1 ||
        trainer.batch.targets.size() != o.negatives + 1)
        throw invalid_argument("word2vec_train_epoch",
                               "the trainer does not fit its model: make it with make_word2vec_trainer");
    double total = 0.0;
    std::size_t count = 0;
    for (const std::vector<std::string>& document : documents) {
        // 1.–3. The rate, the kept ids, the pairs.
        trainer.lr = word2vec_learning_rate(o.lr, trainer.words_done, trainer.planned_words, o.min_lr_fraction);
        trainer.words_done += word2vec_subsample(trainer.vocabulary, trainer.keep, document, trainer.ids, gen);
        word2vec_skipgram_pairs(trainer.ids, o.window, trainer.pairs, gen);
        // 4. One SGD step per pair.
        for (const word2vec_pair& pair : trainer.pairs) {
            trainer.batch.centers[0] = pair.center;
            trainer.batch.targets[0] = pair.context;
            for (std::size_t k = 1; k <= o.negatives; ++k)
                trainer.batch.targets[k] = word2vec_draw_noise(trainer.noise, gen);
            const double loss = word2vec_forward(model, trainer.batch, trainer.cache);
            if (!std::isfinite(loss))
                throw numerical_error(
                    "word2vec_train_epoch",
                    ::llmlings::detail::concat("the loss is ", loss, " at pair ", trainer.examples, " (epoch ",
                                               trainer.epochs, "): training diverged or a parameter is NaN"));
            total += loss;
            ++count;
            word2vec_backward(model, trainer.batch, trainer.cache);
            word2vec_sgd_update(model, trainer.batch, trainer.lr);
            ++trainer.examples;
        }
    }
    ++trainer.epochs;
    return count == 0 ? 0.0 : total / static_cast<double>(count);
}

/**
 * @ingroup nlp
 * @brief The word vectors word2vec publishes: the input vectors W, one row per word.
 *
 * @param model the model
 * @return (V,D), a copy of W
 * @throws invalid_argument naming word2vec_vectors when the model is not built
 *
 * Complexity: O(V·D). Example: `word2vec_most_similar(word2vec_vectors(model), {id}, {}, 10)`.
 */
template <class T>
matrix_of<T> word2vec_vectors(const word2vec_model<T>& model) {
    detail::check_w2v_model("word2vec_vectors", model);
    matrix_of<T> vectors({model.vocab_size, model.dim});
    std::copy(model.input.data(), model.input.data() + model.input.size(), vectors.data());
    return vectors;
}

/**
 * @ingroup nlp
 * @brief The k words most similar to a combination of words: gensim's most_similar (3CosAdd).
 *
 * Every vector is scaled to unit length (û = u/‖u‖); the query is q = Σ_{p ∈ positive} û_p −
 * Σ_{n ∈ negative} û_n, and every other word x is scored by
 * @f[ \cos(x, q) = \hat x \cdot \frac{q}{\|q\|} @f]
 * the query words themselves excluded, most similar first, ties by the smaller id. With one
 * positive word this is its nearest neighbours; positive {a, c} and negative {b} is the analogy
 * "a − b + c" (king − man + woman), which ranks x by cos(x, a) − cos(x, b) + cos(x, c) up to the
 * constant 1/‖q‖ (Mikolov et al. 2013's 3CosAdd; Levy and Goldberg 2014 name it). Each row is
 * divided by its largest |element| before the sums (the cosine does not change), so no square
 * overflows. A row of zeros has no direction: it is nobody's neighbour.
 *
 * @param vectors (V,D), e.g. word2vec_vectors(model)
 * @param positive ids whose directions are added (< V)
 * @param negative ids whose directions are subtracted (< V)
 * @param k how many results (fewer when fewer words remain; 0 gives none)
 * @return up to k results, cosine descending, ties by id ascending
 * @throws invalid_argument naming word2vec_most_similar for an empty matrix, no query words, an id
 *         ≥ V, a query word whose vector is zero, a query that sums to zero, or a NaN or infinite
 *         element anywhere (with its row and column): an order needs numbers
 *
 * Complexity: O(V·D + V log k). Example: rows (1, 0), (0, 1), (1, 1), (−1, 0), positive {0, 1}:
 * q = (1, 1), row 2 has cosine 1, row 3 −1/√2.
 */
template <class T>
std::vector<word2vec_neighbor> word2vec_most_similar(const matrix_of<T>& vectors,
                                                     const std::vector<std::size_t>& positive,
                                                     const std::vector<std::size_t>& negative, std::size_t k) {
    const char* function = "word2vec_most_similar";
    const std::size_t rows = vectors.shape()[0], dim = vectors.shape()[1];
    if (rows == 0 || dim == 0)
        throw invalid_argument(function,
                               ::llmlings::detail::concat("the vectors are empty: ", shape_str(vectors.shape())));
    if (positive.empty() && negative.empty()) throw invalid_argument(function, "no query words");
    const T* data = vectors.data();
    // 1. The scale of every row, every element checked; the rows of the query marked.
    std::vector<double> scale(rows, 0.0);
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t d = 0; d < dim; ++d) {
            const double value = static_cast<double>(data[r * dim + d]);
            if (!std::isfinite(value))
                throw invalid_argument(function, ::llmlings::detail::concat("vector ", r, ", element ", d, " is ",
                                                                            value, ": an order needs numbers"));
            scale[r] = std::max(scale[r], std::fabs(value));
        }
    std::vector<unsigned char> in_query(rows, 0);
    std::vector<double> q(dim, 0.0), unit(dim);
    // unit = the row r scaled to length 1
    auto unit_row = [&](std::size_t r) {
        double norm = 0.0;
        for (std::size_t d = 0; d < dim; ++d) {
            unit[d] = static_cast<double>(data[r * dim + d]) / scale[r];
            norm += unit[d] * unit[d];
        }
        norm = std::sqrt(norm);
        for (double& x : unit) x /= norm;
    };
    // 2. q = Σ û_positive − Σ û_negative.
    const std::vector<std::size_t>* const lists[2] = {&positive, &negative};
    for (std::size_t list = 0; list < 2; ++list) {
        const double sign = list == 0 ? 1.0 : -1.0;
        for (const std::size_t id : *lists[list]) {
            if (id >= rows)
                throw invalid_argument(
                    function,
                    ::llmlings::detail::concat("query id ", id, " is out of range: there are ", rows, " vectors"));
            if (scale[id] == 0.0)
                throw invalid_argument(function, ::llmlings::detail::concat("the vector of query word ", id,
                                                                            " is zero: its direction is undefined"));
            in_query[id] = 1;
            unit_row(id);
            for (std::size_t d = 0; d < dim; ++d) q[d] += sign * unit[d];
        }
    }
    double q_norm = 0.0;
    for (const double x : q) q_norm += x * x;
    q_norm = std::sqrt(q_norm);
    if (!(q_norm > 1e-12)) throw invalid_argument(function, "the query's directions cancel out (their sum is zero)");
    // 3. The cosine of every other nonzero row with q, then the k best.
    std::vector<word2vec_neighbor> candidates;
    candidates.reserve(rows);
    for (std::size_t r = 0; r < rows; ++r) {
        if (in_query[r] || scale[r] == 0.0) continue;
        unit_row(r);
        double dot = 0.0;
        for (std::size_t d = 0; d < dim; ++d) dot += unit[d] * q[d];
        candidates.push_back({r, std::min(1.0, std::max(-1.0, dot / q_norm))});
    }
    const std::size_t keep = std::min(k, candidates.size());
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(keep), candidates.end(),
                      [](const word2vec_neighbor& a, const word2vec_neighbor& b) {
                          return a.cosine != b.cosine ? a.cosine > b.cosine : a.id < b.id;
                      });
    candidates.resize(keep);
    return candidates;
}

/**
 * @ingroup nlp
 * @brief The k nearest neighbours of one word by cosine: word2vec_most_similar(vectors, {query}, {}, k).
 *
 * @param vectors (V,D)
 * @param query the word's id
 * @param k how many neighbours
 * @return up to k neighbours, the query excluded, cosine descending, ties by id
 * @throws invalid_argument naming word2vec_most_similar, as it does
 *
 * Complexity: O(V·D + V log k). Example: rows (1, 0), (0.6, 0.8), (−1, 0): word2vec_nearest(v, 0,
 * 2) → {(1, 0.6), (2, −1)}.
 */
template <class T>
std::vector<word2vec_neighbor> word2vec_nearest(const matrix_of<T>& vectors, std::size_t query, std::size_t k) {
    return word2vec_most_similar(vectors, {query}, {}, k);
}

/**
 * @ingroup nlp
 * @brief The analogy "a is to b as x is to c" solved as a − b + c (king − man + woman ≈ queen):
 * word2vec_most_similar(vectors, {a, c}, {b}, k), the three words excluded.
 *
 * @param vectors (V,D)
 * @param a the word whose relation is transferred ("king")
 * @param b the word it is relative to ("man")
 * @param c the word it is transferred to ("woman")
 * @param k how many answers
 * @return up to k answers, best first
 * @throws invalid_argument naming word2vec_most_similar, as it does
 *
 * Complexity: O(V·D + V log k). Example: rows king (1, 1), man (1, 0), woman (0, 1), queen (0, 2):
 * û_king − û_man + û_woman = (1/√2 − 1, 1/√2 + 1), whose nearest other row is queen.
 */
template <class T>
std::vector<word2vec_neighbor> word2vec_analogy(const matrix_of<T>& vectors, std::size_t a, std::size_t b,
                                                std::size_t c, std::size_t k) {
    return word2vec_most_similar(vectors, {a, c}, {b}, k);
}

}  // namespace nlp
}  // namespace llmlings

#endif  // LLMLINGS_NLP_04_WORD2VEC_HPP
