// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nlp/02 — n-gram language models: counting, add-k (Lidstone) and interpolated
 * Kneser–Ney smoothing, perplexity, and generation by sampling.
 *
 * A language model gives every sentence a probability, one word at a time, by the chain rule:
 * P(w₁ … w_m) = Π P(wᵢ | w₁ … wᵢ₋₁). An n-gram model of order N makes the Markov assumption that
 * only the last N − 1 words matter, P(wᵢ | w₁ … wᵢ₋₁) ≈ P(wᵢ | wᵢ₋ₙ₊₁ … wᵢ₋₁), and estimates those
 * conditional probabilities from counts.
 *
 * Shapes: a sentence is a `std::vector<std::string>` of tokens (nlp/01's tokenize() output), a
 * corpus a `std::vector<std::vector<std::string>>`; a context is the words before the one
 * predicted (any number; the model looks at the last N − 1).
 *
 * Conventions (Jurafsky & Martin's, 3rd ed., ch. 3):
 * - **Padding.** Each sentence gets N − 1 start markers `<s>` on the left and one end marker
 *   `</s>` on the right: with N = 3, "I am Sam" is `<s> <s> I am Sam </s>`. The model predicts
 *   every word and the `</s>` (so it learns where sentences end), never a `<s>`: the pads are only
 *   context, so that the first word has a full-length history.
 * - **Vocabulary.** V is the sorted list of the training words seen at least `min_count` times,
 *   plus `</s>` and `<unk>`; every other word, in training and afterwards, is read as `<unk>`.
 *   `<s>` is not in V: it is never predicted, and giving it probability would waste mass.
 *   Every distribution of this file is over V and sums to 1 over V.
 * - **Counts.** For every predicted position and every order k = 1 … N, the k-gram that ends
 *   there is counted: the n-grams of the padded sentence that end on a word or on `</s>`. An
 *   n-gram is stored as its words joined by single spaces ("I am"), in a hash map per order;
 *   that is why a training token may contain no space.
 *
 * What this file deliberately is not: a large-scale toolkit (KenLM, SRILM store counts in tries of
 * word ids and prune them; the string keys here are for reading), nor modified Kneser–Ney with
 * three discounts (Chen & Goodman's best variant), nor a backoff model (Katz; stupid backoff).
 *
 * References: D. Jurafsky, J. H. Martin, *Speech and Language Processing*, 3rd ed. draft, ch. 3
 * ("N-gram Language Models"; the Sam corpus and its bigram probabilities, §3.1; smoothing and
 * Kneser–Ney, §3.6–3.7 in the 2023 draft); S. F. Chen, J. Goodman (1999), "An empirical study of
 * smoothing techniques for language modeling", Computer Speech & Language 13(4); R. Kneser,
 * H. Ney (1995), "Improved backing-off for m-gram language modeling", ICASSP.
 *
 * Guide: @ref nlp_02_ngrams (the ideas) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NLP_02_NGRAMS_HPP
#define LLMLINGS_NLP_02_NGRAMS_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>
#include <llmlings/stats/03_sampling.hpp>

namespace llmlings {
namespace nlp {

/// @ingroup nlp
/// @brief The start marker: N − 1 of them pad each sentence on the left (context only, never predicted).
inline const std::string sentence_start = "<s>";
/// @ingroup nlp
/// @brief The end marker: one ends each sentence, and the model predicts it like a word.
inline const std::string sentence_end = "</s>";
/// @ingroup nlp
/// @brief The unknown word: what every word outside the vocabulary is read as.
inline const std::string unknown_word = "<unk>";

/**
 * @ingroup nlp
 * @brief What the model knows about one context h (the k − 1 words before a predicted one) at
 * order k: the totals the smoothed estimates divide by.
 *
 * With c(h w) the count of the k-gram "h w" and N₁₊(• h w) = |{v : c(v h w) > 0}| its
 * continuation count (how many different words came before it):
 * - `count` = c(h •) = Σ_w c(h w): how many predicted tokens followed h;
 * - `types` = N₁₊(h •) = |{w : c(h w) > 0}|: how many different words followed h;
 * - `continuation` = N₁₊(• h •) = Σ_w N₁₊(• h w): how many different k+1-grams "v h w" there are
 *   (orders k < N only; 0 at the highest order).
 *
 * One `types` serves counts and continuation counts alike: every k-gram counted at an order
 * k < N is the end of a counted N-gram, so a word comes before it (the pads see to that at the
 * start of a sentence), and w has N₁₊(• h w) > 0 exactly when c(h w) > 0.
 */
struct ngram_context {
    std::size_t count = 0;         ///< c(h •) = Σ_w c(h w)
    std::size_t types = 0;         ///< N₁₊(h •) = |{w : c(h w) > 0}|
    std::size_t continuation = 0;  ///< N₁₊(• h •) = Σ_w N₁₊(• h w), for orders below N
};

/**
 * @ingroup nlp
 * @brief An n-gram language model: the vocabulary and the counts of every order 1 … N, as
 * fit_ngram_model() makes them. A plain struct: read it, print it, but build it with
 * fit_ngram_model().
 *
 * Keys are n-grams written as their words joined by single spaces: "I am Sam" for a trigram,
 * "am" for a unigram, "" for the empty context of the unigrams. Index k − 1 holds order k.
 *
 * Why these containers: a hash map (std::unordered_map) finds a key in O(1) expected time
 * (after hashing its L characters), where a std::map needs O(log n) string comparisons; its
 * iteration order is unspecified, which nothing here needs (a std::map would print sorted).
 * String keys cost memory, O(N) words per n-gram, but print as themselves; large toolkits map
 * words to integer ids first. The vocabulary is a sorted vector: a word is found by binary
 * search in O(log |V|), and generate() walks it in a fixed order, so a seed fixes the text.
 */
struct ngram_model {
    std::size_t order = 0;                ///< N: the model conditions on the last N − 1 words
    std::size_t min_count = 1;            ///< words seen fewer times in training became `<unk>`
    std::vector<std::string> vocabulary;  ///< V, sorted (std::string's <): the words kept, `</s>` and `<unk>`
    /// counts[k − 1]: every k-gram that ends on a predicted token → c, its number of occurrences
    std::vector<std::unordered_map<std::string, std::size_t>> counts;
    /// continuations[k − 1] for k < N: every k-gram g → N₁₊(• g), the number of different words
    /// seen before it; continuations[N − 1] stays empty (the highest order uses counts)
    std::vector<std::unordered_map<std::string, std::size_t>> continuations;
    /// contexts[k − 1]: every context h of k − 1 words that some token followed → its totals
    std::vector<std::unordered_map<std::string, ngram_context>> contexts;
};

/**
 * @ingroup nlp
 * @brief Which smoothed estimate perplexity() and generate() use: add-k with its k, or
 * interpolated Kneser–Ney with its discount d.
 */
enum class smoothing_method {
    add_k,      ///< add_k_probability(): parameter = k ≥ 0 (k = 1 is Laplace, k = 0 the MLE)
    kneser_ney  ///< kneser_ney_probability(): parameter = the discount d in (0, 1)
};

/**
 * @ingroup nlp
 * @brief A smoothing method and its parameter; the default is Kneser–Ney with d = 0.75, the
 * usual choice.
 */
struct smoothing {
    smoothing_method method = smoothing_method::kneser_ney;  ///< which estimate
    double parameter = 0.75;                                 ///< k for add-k, the discount d for Kneser–Ney
};

namespace detail {

// Given: joining words into keys, looking keys up, and the checks every function makes (you call
// them; they are not the exercise).
/**
 * @brief The words `words[first]` … `words[last − 1]` joined by single spaces: the key of an
 * n-gram or a context ("" when first == last).
 *
 * @param words the symbols
 * @param first the first index
 * @param last one past the last index (first ≤ last ≤ words.size())
 * @return e.g. `join({"<s>", "I", "am"}, 1, 3)` → "I am"
 */
inline std::string join(const std::vector<std::string>& words, std::size_t first, std::size_t last) {
    std::string key;
    for (std::size_t i = first; i < last; ++i) {
        if (i > first) key += ' ';
        key += words[i];
    }
    return key;
}

/**
 * @brief The count stored under `key`, or 0 when the map has none (without inserting it).
 *
 * @param counts a map of counts, e.g. model.counts[k − 1]
 * @param key an n-gram written as by join()
 * @return the count, 0 for an n-gram never seen
 */
inline std::size_t count_of(const std::unordered_map<std::string, std::size_t>& counts, const std::string& key) {
    const auto it = counts.find(key);
    return it == counts.end() ? 0 : it->second;
}

/**
 * @brief Throws unless `model` looks like fit_ngram_model()'s work: order ≥ 1, one map per order
 * and a vocabulary.
 *
 * @param function the public function, for the message
 * @param model the model
 * @throws invalid_argument otherwise, e.g. `perplexity: the model has order 0: make it with fit_ngram_model`
 */
inline void check_model(const char* function, const ngram_model& model) {
    if (model.order == 0 || model.counts.size() != model.order || model.continuations.size() != model.order ||
        model.contexts.size() != model.order || model.vocabulary.empty())
        throw invalid_argument(
            function, ::llmlings::detail::concat("the model has order ", model.order, ", ", model.counts.size(),
                                                 " count maps and a vocabulary of ", model.vocabulary.size(),
                                                 " words: make it with fit_ngram_model"));
}

/**
 * @brief Throws unless k is a valid add-k parameter: finite and ≥ 0.
 *
 * @param function the public function, for the message
 * @param k the pseudo-count
 * @throws invalid_argument for a negative, infinite or NaN k
 */
inline void check_k(const char* function, double k) {
    if (!(k >= 0.0) || !std::isfinite(k))
        throw invalid_argument(function, ::llmlings::detail::concat("k must be finite and >= 0, got ", k));
}

/**
 * @brief Throws unless d is a valid Kneser–Ney discount: 0 < d < 1.
 *
 * @param function the public function, for the message
 * @param discount d
 * @throws invalid_argument for d ≤ 0, d ≥ 1 or NaN
 */
inline void check_discount(const char* function, double discount) {
    if (!(discount > 0.0 && discount < 1.0))
        throw invalid_argument(function, ::llmlings::detail::concat("the discount must be in (0, 1), got ", discount));
}

/**
 * @brief Throws unless the sentences hold no marker: the model adds `<s>` and `</s>` itself.
 *
 * @param function the public function, for the message
 * @param sentences the sentences of a corpus (or one prefix)
 * @throws invalid_argument naming the sentence, the position and the marker
 */
inline void check_no_markers(const char* function, const std::vector<std::vector<std::string>>& sentences) {
    for (std::size_t s = 0; s < sentences.size(); ++s)
        for (std::size_t i = 0; i < sentences[s].size(); ++i)
            if (sentences[s][i] == sentence_start || sentences[s][i] == sentence_end)
                throw invalid_argument(function,
                                       ::llmlings::detail::concat("sentence ", s, ", token ", i, " is the marker '",
                                                                  sentences[s][i], "', which the model adds itself"));
}

/**
 * @brief Throws unless `s` is a valid method with a valid parameter (check_k(), check_discount()).
 *
 * @param function the public function, for the message
 * @param s the smoothing
 */
inline void check_smoothing(const char* function, const smoothing& s) {
    if (s.method == smoothing_method::add_k)
        check_k(function, s.parameter);
    else
        check_discount(function, s.parameter);
}
// End of the given code.

/**
 * @brief A word as the model reads it: itself when it is in the vocabulary, else `<unk>`.
 *
 * @param model a fitted model
 * @param word any token
 * @return `word` or unknown_word
 *
 * Complexity: O(log |V|) string comparisons (binary search of the sorted vocabulary).
 */
inline const std::string& known_or_unk(const ngram_model& model, const std::string& word) {
    todo("nlp/02_ngrams", "known_or_unk");
}

/**
 * @brief The N − 1 symbols the model conditions on: the last N − 1 words of `context`, each
 * read through known_or_unk() (`<s>` stays `<s>`), with `<s>` in front when there are fewer.
 *
 * So with N = 3 the context {} becomes (`<s>`, `<s>`): the start of a sentence, and
 * {"we", "like", "green"} becomes ("like", "green").
 *
 * @param function the public function, for the message
 * @param model a fitted model
 * @param context the words before the one predicted
 * @return N − 1 symbols
 * @throws invalid_argument when one of the last N − 1 words is `</s>`: nothing follows the end
 */
inline std::vector<std::string> history(const char* function, const ngram_model& model,
                                        const std::vector<std::string>& context) {
    todo("nlp/02_ngrams", "history");
}

/**
 * @brief The predicted word as the model reads it: known_or_unk(), and never `<s>`.
 *
 * @param function the public function, for the message
 * @param model a fitted model
 * @param word the word to predict
 * @return `word` or `<unk>`
 * @throws invalid_argument for `<s>`, which is context only and has no probability
 */
inline std::string predicted(const char* function, const ngram_model& model, const std::string& word) {
    todo("nlp/02_ngrams", "predicted");
}

/**
 * @brief Add-k on the N symbols x = (history, word): (c(h w) + k) / (c(h •) + k·|V|).
 *
 * @param function the public function, for the message
 * @param model a fitted model
 * @param x N − 1 history symbols and the predicted word, as history() and predicted() give them
 * @param k the pseudo-count, already checked
 * @return the probability
 * @throws invalid_argument when k = 0 and the context was never seen (0/0: the MLE is undefined)
 */
inline double add_k(const char* function, const ngram_model& model, const std::vector<std::string>& x, double k) {
    todo("nlp/02_ngrams", "add_k");
}

/**
 * @brief Interpolated Kneser–Ney on the N symbols x = (history, word), from the unigrams up.
 *
 * p starts as the uniform 1/|V|; then for k = 1 … N, with h the last k − 1 history symbols:
 * p ← max(c − d, 0)/T + (d·types(h)/T)·p, where c, T are c(h w), c(h •) at k = N and
 * N₁₊(• h w), N₁₊(• h •) below; a context h never seen leaves p as it is.
 *
 * @param model a fitted model
 * @param x N − 1 history symbols and the predicted word
 * @param discount d, already checked
 * @return the probability
 */
inline double kneser_ney(const ngram_model& model, const std::vector<std::string>& x, double discount) {
    todo("nlp/02_ngrams", "kneser_ney");
}

/**
 * @brief The smoothed probability of x's last symbol after the others, by add_k() or
 * kneser_ney().
 *
 * @param function the public function, for the message
 * @param model a fitted model
 * @param x N − 1 history symbols and the predicted word
 * @param s the method and its parameter, already checked
 * @return the probability
 */
inline double smoothed(const char* function, const ngram_model& model, const std::vector<std::string>& x,
                       const smoothing& s) {
    todo("nlp/02_ngrams", "smoothed");
}

}  // namespace detail

/**
 * @ingroup nlp
 * @brief Builds an n-gram model of order N: the vocabulary, and the counts, continuation counts
 * and context totals of every order 1 … N.
 *
 * 1. **Vocabulary.** Count every training token; V = the words with count ≥ min_count, plus
 *    `</s>` and `<unk>`, sorted. A token that is literally `<unk>` (a corpus prepared with
 *    unknowns, as the Penn Treebank's) is the unknown word.
 * 2. **Counts.** Pad each sentence, N − 1 × `<s>` · words (rare ones as `<unk>`) · `</s>`; at each
 *    position i of a word or of `</s>`, and for each k = 1 … N, add 1 to counts[k − 1] of the
 *    k-gram xᵢ₋ₖ₊₁ … xᵢ and to contexts[k − 1] of its first k − 1 words (`count`).
 * 3. **Types and continuations.** Each *distinct* k-gram "h w" adds 1 to `types` of its context
 *    h; when k ≥ 2, it is also one distinct left neighbour v = its first word of the shorter
 *    n-gram g = the rest, so continuations[k − 2][g] and `continuation` of g's context gain 1:
 * @f[ N_{1+}(\bullet\, g) = |\{v : c(v\, g) > 0\}|, \qquad
 *     N_{1+}(\bullet\, h\, \bullet) = \sum_w N_{1+}(\bullet\, h\, w) @f]
 *
 * Worked example (Jurafsky & Martin's corpus, N = 2): "I am Sam", "Sam I am", "I do not like
 * green eggs and ham" give c(`<s>` I) = 2, c(I am) = 2, c(`<s>` •) = 3, 15 distinct bigrams and
 * N₁₊(• Sam) = 2 (after `<s>` and after "am"); V has 12 words.
 *
 * @param sentences the training corpus, one vector of tokens per sentence (an empty sentence
 *        still teaches the model that `</s>` can follow `<s>`)
 * @param order N ≥ 1 (1: unigrams, 2: bigrams, 3: trigrams, …)
 * @param min_count the least number of occurrences that keeps a word in V, ≥ 1 (default 1: all)
 * @return the model
 * @throws invalid_argument naming fit_ngram_model when the order or min_count is 0, there are no
 *         sentences, or a token is empty, contains a space (the key separator) or is a marker
 *         (`<s>`, `</s>`), with the sentence and position of the token
 *
 * Complexity: O(T·N²) for T tokens (N keys of up to N words each per token), expected time of the
 * hash maps; memory O(T·N²) characters of keys in the worst case.
 * Example: `fit_ngram_model({{"I", "am", "Sam"}, {"Sam", "I", "am"}}, 2)` has
 * counts[1].at("I am") == 2 and contexts[1].at("am").count == 2.
 */
inline ngram_model fit_ngram_model(const std::vector<std::vector<std::string>>& sentences, std::size_t order,
                                   std::size_t min_count = 1) {
    todo("nlp/02_ngrams", "fit_ngram_model");
}

/**
 * @ingroup nlp
 * @brief Add-k (Lidstone) smoothing: every count of the highest order gets k more.
 *
 * @f[ P_{\text{add-}k}(w \mid h) = \frac{c(h\,w) + k}{c(h\,\bullet) + k\,|V|} @f]
 * with h the last N − 1 words of the context (padded with `<s>`, unknown words as `<unk>`).
 * Each of the |V| words gets k pseudo-counts, so the denominator grows by k·|V| and the
 * probabilities still sum to 1 over V. k = 1 is Laplace's add-one; k = 0 is the maximum
 * likelihood estimate (MLE) c(h w)/c(h •), which gives every unseen n-gram probability 0; a
 * small k (0.01–0.5) usually works better than 1, which moves too much mass to unseen words.
 * A context never seen in training gets the uniform k/(k|V|) = 1/|V|.
 *
 * @param model a fitted model
 * @param context the words before the one predicted (the last N − 1 are used; fewer are padded
 *        with `<s>` on the left, as at the start of a sentence)
 * @param word the word to predict (`</s>` for the end; a word outside V is read as `<unk>`)
 * @param k the pseudo-count, finite and ≥ 0
 * @return P(word | context), in (0, 1] for k > 0
 * @throws invalid_argument naming add_k_probability for a model not made by fit_ngram_model, a
 *         negative or non-finite k, a word `<s>`, `</s>` among the last N − 1 context words, or
 *         k = 0 with a context never seen (the MLE's 0/0)
 *
 * Complexity: O(N²) to build the keys, O(log |V|) per word looked up, O(1) expected per count.
 * Example (the Sam corpus, N = 2): add_k_probability(model, {"I"}, "am", 0) = 2/3 (the MLE
 * printed by Jurafsky & Martin), and with k = 1: (2 + 1)/(3 + 12) = 0.2.
 */
inline double add_k_probability(const ngram_model& model, const std::vector<std::string>& context,
                                const std::string& word, double k) {
    todo("nlp/02_ngrams", "add_k_probability");
}

/**
 * @ingroup nlp
 * @brief Interpolated Kneser–Ney smoothing (Jurafsky & Martin eq. 3.40–3.42; Chen & Goodman).
 *
 * Each order takes a fixed discount d from every n-gram it has seen and hands the mass so
 * freed, λ, to the order below:
 * @f[ P_{KN}(w \mid h) = \frac{\max(c_{KN}(h\,w) - d,\, 0)}{\sum_v c_{KN}(h\,v)}
 *     + \lambda(h)\, P_{KN}(w \mid h'), \qquad
 *     \lambda(h) = \frac{d\,|\{w : c_{KN}(h\,w) > 0\}|}{\sum_v c_{KN}(h\,v)} @f]
 * where h' is h without its first word. c_KN is the count c at the highest order N, and the
 * continuation count N₁₊(• h w) at the orders below: how many *different* words came before.
 * A lower order is only consulted to spread the mass of the order above, so what it should
 * measure is how readily a word follows new contexts, not how often it occurs: "Francisco" is
 * frequent, but follows only "San". The recursion ends at the unigrams, interpolated with the
 * uniform distribution, so every word of V, `<unk>` included, has a probability > 0:
 * @f[ P_{KN}(w) = \frac{\max(N_{1+}(\bullet\, w) - d,\, 0)}{N_{1+}(\bullet\,\bullet)}
 *     + \lambda(\varepsilon)\,\frac{1}{|V|} @f]
 * A context h never seen in training has no counts at its order: all its mass goes to the order
 * below, P_KN(w | h) = P_KN(w | h'). (For N = 1 the unigrams are the highest order and use
 * counts: max(c(w) − d, 0)/c(•) + λ(ε)/|V|.) For every context the probabilities sum to 1 over V.
 *
 * @param model a fitted model
 * @param context the words before the one predicted (the last N − 1 are used; fewer are padded
 *        with `<s>` on the left)
 * @param word the word to predict (`</s>` for the end; a word outside V is read as `<unk>`)
 * @param discount d, in (0, 1) (default 0.75, Chen & Goodman's usual value; their estimate is
 *        n₁/(n₁ + 2n₂) from the numbers n₁, n₂ of n-grams seen once and twice)
 * @return P_KN(word | context), in (0, 1)
 * @throws invalid_argument naming kneser_ney_probability for a model not made by
 *         fit_ngram_model, a discount outside (0, 1), a word `<s>` or `</s>` among the last
 *         N − 1 context words
 *
 * Complexity: O(N²) to build the N keys, O(1) expected per lookup.
 * Example (the Sam corpus, N = 2, d = 0.75): P_KN(Sam) = (2 − 0.75)/15 + (0.75·11/15)/12 =
 * 31/240 at the unigram level, and kneser_ney_probability(model, {"am"}, "Sam") =
 * (1 − 0.75)/2 + (0.75·2/2)·31/240 = 0.221875.
 */
inline double kneser_ney_probability(const ngram_model& model, const std::vector<std::string>& context,
                                     const std::string& word, double discount = 0.75) {
    todo("nlp/02_ngrams", "kneser_ney_probability");
}

/**
 * @ingroup nlp
 * @brief The smoothed P(word | context) by the method `s` names: add_k_probability() or
 * kneser_ney_probability().
 *
 * @param model a fitted model
 * @param context the words before the one predicted
 * @param word the word to predict
 * @param s the method and its parameter (default: Kneser–Ney, d = 0.75)
 * @return the probability
 * @throws invalid_argument naming probability, as the two functions do
 *
 * Complexity: that of the method. Example: `probability(model, {"I"}, "am", {smoothing_method::add_k, 1.0})`
 * equals `add_k_probability(model, {"I"}, "am", 1.0)`.
 */
inline double probability(const ngram_model& model, const std::vector<std::string>& context, const std::string& word,
                          const smoothing& s = {}) {
    todo("nlp/02_ngrams", "probability");
}

/**
 * @ingroup nlp
 * @brief Perplexity of a test corpus: the exponential of the average negative log-probability
 * per predicted token.
 *
 * @f[ \mathrm{PP} = \exp\Big(-\frac{1}{M} \sum_{i=1}^{M} \ln P(w_i \mid h_i)\Big)
 *     = \Big(\prod_i P(w_i \mid h_i)\Big)^{-1/M} @f]
 * M counts every predicted token: each word of each sentence and one `</s>` per sentence, not
 * the `<s>` pads (they are given, never predicted). A sentence of m words adds m + 1 to M, so a
 * corpus of S sentences and T words has M = T + S. Each sentence starts afresh from the padded
 * history (`<s>` … `<s>`); unknown words are predicted as `<unk>`.
 *
 * Perplexity is the weighted branching factor: a model that spreads its probability evenly over
 * |V| words has perplexity |V|, and a model that always knows the next word has 1. Lower is
 * better, but only between models with the same vocabulary (a model with V = {`</s>`, `<unk>`}
 * is very sure of itself). Under the MLE (add-k with k = 0) one test n-gram never seen in
 * training has probability 0, and the perplexity is +∞.
 *
 * @param model a fitted model
 * @param sentences the test corpus (tokens; no markers)
 * @param s the smoothing (default: Kneser–Ney, d = 0.75)
 * @return PP ≥ 1, +∞ when some token has probability 0
 * @throws invalid_argument naming perplexity for a model not made by fit_ngram_model, no test
 *         sentences, a marker among the tokens, an invalid smoothing parameter, or k = 0 with a
 *         test context never seen in training
 *
 * Complexity: O(M·N²) for Kneser–Ney and add-k. Example (the Sam corpus, N = 2, the MLE): the
 * sentence "I am Sam" has P = 2/3 · 2/3 · 1/2 · 1/2 = 1/9 over M = 4 tokens, PP = 9^(1/4) = √3.
 */
inline double perplexity(const ngram_model& model, const std::vector<std::vector<std::string>>& sentences,
                         const smoothing& s = {}) {
    todo("nlp/02_ngrams", "perplexity");
}

/**
 * @ingroup nlp
 * @brief Generates the rest of a sentence: draws each next word from the smoothed distribution
 * over V given the words so far, until `</s>` or max_tokens words.
 *
 * Each step computes P(w | h) for every w of V in the vocabulary's order and draws one index
 * with stats::sample_categorical (one uniform of `gen`); the drawn word joins the history and the
 * oldest history word drops out. `<unk>` may be drawn: it stands for "some rare word". With
 * add-k, k = 0 (the MLE), the model only ever produces n-grams it has seen, and a corpus with one
 * sentence is replayed word for word.
 *
 * @param model a fitted model
 * @param prefix the first words of the sentence (may be empty: the history is then `<s>` … `<s>`);
 *        no markers
 * @param max_tokens the most tokens to draw, the final `</s>` included
 * @param gen the generator (one uniform per token)
 * @param s the smoothing (default: Kneser–Ney, d = 0.75)
 * @return the drawn tokens, not the prefix: the last is `</s>` when the model ended the
 *         sentence, otherwise there are max_tokens of them
 * @throws invalid_argument naming generate for a model not made by fit_ngram_model, a marker in
 *         the prefix, an invalid smoothing parameter, or k = 0 with a context never seen
 *
 * Complexity: O(max_tokens · |V| · N²). Example: a bigram model of the one sentence "a b c" with
 * `{smoothing_method::add_k, 0}` generates `{"a", "b", "c", "</s>"}` from the prefix `{}` and
 * `{"c", "</s>"}` from `{"a", "b"}`.
 */
inline std::vector<std::string> generate(const ngram_model& model, const std::vector<std::string>& prefix,
                                         std::size_t max_tokens, rng& gen, const smoothing& s = {}) {
    todo("nlp/02_ngrams", "generate");
}

}  // namespace nlp
}  // namespace llmlings

#endif  // LLMLINGS_NLP_02_NGRAMS_HPP
