// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nlp/11 — text metrics: BLEU (modified n-gram precision, brevity penalty, sentence and
 * corpus level, smoothing), ROUGE-N, ROUGE-L (longest common subsequence) and SQuAD's token F1.
 *
 * A system writes a *hypothesis* (a translation, a summary, an answer); people wrote one or more
 * *references*. These metrics count how much of the hypothesis is in the references (precision)
 * and how much of the references is in the hypothesis (recall), with words, n-grams or a common
 * subsequence as the unit.
 *
 * Shapes: a text is a `std::vector<std::string>` of tokens (nlp/01's tokenize() output, or any
 * other tokenisation: the metrics compare tokens as byte strings, so "Party" and "party" differ
 * and normalising is the caller's choice); the references of one hypothesis are a
 * `std::vector<std::vector<std::string>>` (at least one, each may be empty); a corpus is one
 * hypothesis and one list of references per segment. Every function takes the references first
 * and the hypothesis second, as NLTK's BLEU does; one reference is written `{reference}`.
 *
 * Conventions:
 * - **BLEU** is NLTK 3.8's (`nltk.translate.bleu_score`), which follows Papineni et al. (2002):
 *   clipped counts against the most generous reference, the closest reference length (ties to the
 *   shorter), corpus statistics summed before dividing, a hypothesis with no n-gram of an order
 *   counting 1 in that order's denominator (NLTK's guard against 0/0), and Chen & Cherry's
 *   smoothing methods 1–4 computed as NLTK computes them. One deliberate difference: without
 *   smoothing, a zero precision of weight w makes BLEU exactly 0, where NLTK returns a tiny number
 *   (it replaces the 0 by the smallest double, DBL_MIN, before taking the logarithm, which leaves
 *   a factor DBL_MIN^w: about 1e-77 for w = 1/4, 1e-31 for w = 0.1).
 * - **ROUGE** is Lin's (2004), at the sentence level: clipped n-gram overlap (ROUGE-N) and the
 *   longest common subsequence (ROUGE-L), each as precision, recall and F. With several
 *   references the score is that of the reference with the highest F (the first on ties): Lin
 *   takes the maximum pairwise score, as Google's rouge-score does in `score_multi`. A quantity
 *   whose denominator counts nothing (a text shorter than n) is 0, as in rouge-score.
 * - **Token F1** is SQuAD's (v1.1 and v2.0 evaluation scripts): multiset overlap of the tokens;
 *   both texts empty scores 1, one empty 0; several references: the best F.
 *
 * What this file deliberately is not: a tokenizer (sacreBLEU's `13a` tokenisation makes BLEU
 * numbers comparable across papers; here the caller tokenises), NLTK's `auto_reweigh` and its
 * smoothing methods 5–7, summary-level ROUGE-L (the union LCS over sentences), ROUGE-W, ROUGE-S,
 * stemming or stop-word removal inside ROUGE, or jackknifing over references.
 *
 * References: K. Papineni, S. Roukos, T. Ward, W.-J. Zhu (2002), "BLEU: a method for automatic
 * evaluation of machine translation", ACL; B. Chen, C. Cherry (2014), "A systematic comparison of
 * smoothing techniques for sentence-level BLEU", WMT; C.-Y. Lin, F. J. Och (2004), "ORANGE",
 * COLING; C.-Y. Lin (2004), "ROUGE: a package for automatic evaluation of summaries", ACL
 * workshop; P. Rajpurkar et al. (2016), "SQuAD: 100,000+ questions for machine comprehension of
 * text", EMNLP; NLTK 3.8, `nltk/translate/bleu_score.py`.
 *
 * Guide: @ref nlp_11_metrics (the ideas) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NLP_11_METRICS_HPP
#define LLMLINGS_NLP_11_METRICS_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <llmlings/core/errors.hpp>

namespace llmlings {
namespace nlp {

/**
 * @ingroup nlp
 * @brief How BLEU treats an order n whose clipped matches are 0 (Chen & Cherry 2014, as NLTK 3.8's
 * `SmoothingFunction` computes them). m_n is the corpus's clipped matches of order n, t_n its
 * n-gram total, T the hypothesis length (summed over the corpus).
 */
enum class bleu_smoothing {
    none,     ///< p_n = m_n / t_n: one zero precision (of positive weight) makes BLEU 0
    method1,  ///< a zero m_n becomes ε: p_n = ε / t_n (ε = bleu_options::epsilon, 0.1)
    method2,  ///< for every n ≥ 2, p_n = (m_n + 1) / (t_n + 1), zero or not (Lin & Och 2004); p_1 as is
    method3,  ///< the i-th zero precision (i = 1, 2, …) becomes 1 / (2^i t_n) (NIST's mteval-v13a)
    method4   ///< the i-th zero precision becomes ln(T) / (2^i k t_n) (k = bleu_options::k, 5); none when T ≤ 1
};

/**
 * @ingroup nlp
 * @brief The settings of sentence_bleu() and corpus_bleu(): the weights of the orders and the
 * smoothing. The defaults are BLEU-4 without smoothing, NLTK's defaults.
 */
struct bleu_options {
    /// w_1 … w_N: the orders used are 1 … N = weights.size(); each finite and ≥ 0 (uniform
    /// 1/N is standard; they need not sum to 1, as in NLTK)
    std::vector<double> weights = {0.25, 0.25, 0.25, 0.25};
    bleu_smoothing smoothing = bleu_smoothing::none;  ///< what a zero precision becomes
    double epsilon = 0.1;                             ///< method1's ε, finite and > 0 (NLTK's default)
    double k = 5.0;                                   ///< method4's k, finite and > 0 (NLTK's default)
};

/**
 * @ingroup nlp
 * @brief A modified n-gram precision as a fraction, kept unreduced so that a corpus can sum
 * numerators and denominators (NLTK's `Fraction(…, _normalize=False)`).
 */
struct ngram_matches {
    std::size_t matches = 0;  ///< clipped matches: Σ over the hypothesis's n-grams g of min(count(g), max_r count_r(g))
    std::size_t total = 0;    ///< the hypothesis's n-grams, or 1 when it has none (NLTK's guard)
};

/**
 * @ingroup nlp
 * @brief Precision, recall and their F score: what rouge_n(), rouge_l() and token_f1() return.
 */
struct overlap_score {
    double precision = 0.0;  ///< the share of the hypothesis found in the reference
    double recall = 0.0;     ///< the share of the reference found in the hypothesis
    double f = 0.0;          ///< their harmonic mean (F1), or F_β for rouge_l()
};

namespace detail {

// Given: n-gram hashing and the checks every function makes (you call them; they are not the
// exercise).
/**
 * @brief Hashes the n tokens that start at `first`: an n-gram is the position of its first token
 * in a text, so counting n-grams copies no string.
 */
struct metrics_ngram_hash {
    std::size_t n = 1;  ///< the order, fixed per hash map
    /// @param first the n-gram's first token; the next n − 1 follow it in the same vector
    /// @return a hash of the n strings (boost's hash_combine)
    std::size_t operator()(const std::string* first) const noexcept {
        std::size_t h = 0;
        for (std::size_t i = 0; i < n; ++i)
            h ^= std::hash<std::string>{}(first[i]) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
        return h;
    }
};

/// @brief Compares the n tokens that start at two positions.
struct metrics_ngram_equal {
    std::size_t n = 1;  ///< the order, fixed per hash map
    /// @return true when the two n-grams hold the same tokens
    bool operator()(const std::string* a, const std::string* b) const { return std::equal(a, a + n, b); }
};

/// @brief The counts of one n-gram of the hypothesis while the references are read.
struct metrics_ngram_count {
    std::size_t hypothesis = 0;  ///< how often it occurs in the hypothesis
    std::size_t reference = 0;   ///< how often in the reference being read
    std::size_t clip = 0;        ///< the most it occurred in any reference read so far
};

/// An n-gram (its first token's address) → its counts; hash and equality compare n tokens.
using metrics_ngram_map =
    std::unordered_map<const std::string*, metrics_ngram_count, metrics_ngram_hash, metrics_ngram_equal>;

/**
 * @brief The number of n-grams of a text of `length` tokens: length − n + 1, or 0 when it is
 * shorter than n.
 *
 * @param length the number of tokens
 * @param n the order, ≥ 1
 * @return e.g. 4 bigrams in 5 tokens, 0 trigrams in 2
 */
inline std::size_t metrics_ngram_count_of(std::size_t length, std::size_t n) {
    return length >= n ? length - n + 1 : 0;
}

/**
 * @brief Throws unless there is at least one reference.
 *
 * @param function the public function, for the message
 * @param references the references of one hypothesis
 * @param segment the segment's index in a corpus, for the message (any value for one sentence)
 * @param corpus whether to name the segment
 * @throws invalid_argument for an empty list
 */
inline void metrics_check_references(const char* function, const std::vector<std::vector<std::string>>& references,
                                     std::size_t segment = 0, bool corpus = false) {
    if (references.empty())
        throw invalid_argument(function, corpus ? ::llmlings::detail::concat("segment ", segment,
                                                                             " has no reference: expected at least one")
                                                : std::string("no reference: expected at least one"));
}

/**
 * @brief Throws unless the order n is ≥ 1.
 *
 * @param function the public function, for the message
 * @param n the order
 * @throws invalid_argument for n = 0
 */
inline void metrics_check_order(const char* function, std::size_t n) {
    if (n == 0) throw invalid_argument(function, "the n-gram order n must be >= 1, got 0");
}

/**
 * @brief Throws unless the BLEU options are valid: weights non-empty, finite and ≥ 0; ε and k
 * finite and > 0; a smoothing that bleu_smoothing names.
 *
 * @param function the public function, for the message
 * @param options the options
 * @throws invalid_argument naming the bad setting (NaN included)
 */
inline void metrics_check_bleu_options(const char* function, const bleu_options& options) {
    if (options.weights.empty())
        throw invalid_argument(function, "the weights are empty: expected one per n-gram order, e.g. 4 x 0.25");
    for (std::size_t i = 0; i < options.weights.size(); ++i)
        if (!(options.weights[i] >= 0.0) || !std::isfinite(options.weights[i]))
            throw invalid_argument(
                function, ::llmlings::detail::concat("weight ", i, " (order ", i + 1, ") must be finite and >= 0, got ",
                                                     options.weights[i]));
    if (!(options.epsilon > 0.0) || !std::isfinite(options.epsilon))
        throw invalid_argument(function,
                               ::llmlings::detail::concat("epsilon must be finite and > 0, got ", options.epsilon));
    if (!(options.k > 0.0) || !std::isfinite(options.k))
        throw invalid_argument(function, ::llmlings::detail::concat("k must be finite and > 0, got ", options.k));
    switch (options.smoothing) {
        case bleu_smoothing::none:
        case bleu_smoothing::method1:
        case bleu_smoothing::method2:
        case bleu_smoothing::method3:
        case bleu_smoothing::method4:
            return;
    }
    throw invalid_argument(
        function, ::llmlings::detail::concat("unknown smoothing method ", static_cast<int>(options.smoothing)));
}
// End of the given code.

/**
 * @brief The clipped n-gram matches of `hypothesis` against the references [first, last): each
 * n-gram of the hypothesis counts at most as often as it occurs in the one reference that has it
 * most often.
 *
 * @f[ \text{matches} = \sum_{g \in \text{hyp}} \min\big(c_{\text{hyp}}(g),\ \max_r c_r(g)\big) @f]
 *
 * @param first the first reference
 * @param last one past the last reference
 * @param hypothesis the hypothesis
 * @param n the order, ≥ 1
 * @return the clipped matches (0 when the hypothesis is shorter than n)
 *
 * Complexity: O(|hyp| + Σ|r|) hash look-ups of n tokens each; O(|hyp|) memory.
 * Example: hypothesis "the the the", references {"the cat the"}, n = 1 → min(3, 2) = 2.
 */
inline std::size_t metrics_clipped_matches(const std::vector<std::string>* first, const std::vector<std::string>* last,
                                           const std::vector<std::string>& hypothesis, std::size_t n) {
    const std::size_t count = metrics_ngram_count_of(hypothesis.size(), n);
    if (count == 0) return 0;
    metrics_ngram_map counts(count, metrics_ngram_hash{n}, metrics_ngram_equal{n});
    for (std::size_t i = 0; i < count; ++i) ++counts[&hypothesis[i]].hypothesis;
    for (const std::vector<std::string>* reference = first; reference != last; ++reference) {
        const std::size_t r = metrics_ngram_count_of(reference->size(), n);
        for (std::size_t j = 0; j < r; ++j) {
            const auto it = counts.find(&(*reference)[j]);
            if (it != counts.end()) ++it->second.reference;
        }
        for (auto& entry : counts) {
            entry.second.clip = std::max(entry.second.clip, entry.second.reference);
            entry.second.reference = 0;
        }
    }
    std::size_t matches = 0;
    for (const auto& entry : counts) matches += std::min(entry.second.hypothesis, entry.second.clip);
    return matches;
}

}  // namespace detail

/**
 * @ingroup nlp
 * @brief BLEU's modified n-gram precision of one hypothesis: its n-grams that the references
 * contain, each clipped to the most times any one reference has it, over its n-grams.
 *
 * @f[ p_n = \frac{\sum_{g} \min\big(c_{\text{hyp}}(g),\ \max_r c_r(g)\big)}{\max\big(1, \sum_g c_{\text{hyp}}(g)\big)} @f]
 *
 * Clipping is what stops "the the the the the the the" from scoring 7/7 against "the cat is on
 * the mat": "the" counts at most twice, the most any reference has it. The denominator is at
 * least 1, as in NLTK: a hypothesis shorter than n has p_n = 0/1, and corpus_bleu() adds that 1
 * to the corpus's total of order n.
 *
 * @param references the references (at least one; each may be empty)
 * @param hypothesis the hypothesis (may be empty)
 * @param n the order, ≥ 1
 * @return the fraction, unreduced: `matches` and `total`
 * @throws invalid_argument naming modified_precision for n = 0 or no reference
 *
 * Complexity: O(|hyp| + Σ|r|) hash look-ups of n tokens. Example (NLTK's docstring):
 * references {"the cat is on the mat", "there is a cat on the mat"}, hypothesis
 * "the the the the the the the", n = 1 → {2, 7} (0.2857…).
 */
inline ngram_matches modified_precision(const std::vector<std::vector<std::string>>& references,
                                        const std::vector<std::string>& hypothesis, std::size_t n) {
    detail::metrics_check_order("modified_precision", n);
    detail::metrics_check_references("modified_precision", references);
    const std::size_t total = detail::metrics_ngram_count_of(hypothesis.size(), n);
    return {detail::metrics_clipped_matches(references.data(), references.data() + references.size(), hypothesis, n),
            std::max<std::size_t>(1, total)};
}

/**
 * @ingroup nlp
 * @brief The length r of the reference closest in length to the hypothesis: the smallest
 * |len(ref) − c|, and on a tie the shorter reference (Papineni et al.; NLTK's
 * `closest_ref_length`).
 *
 * @param references the references (at least one)
 * @param hypothesis_length c, the hypothesis's number of tokens
 * @return the length of the closest reference
 * @throws invalid_argument naming closest_reference_length for no reference
 *
 * Complexity: O(number of references). Example: lengths {13, 11} and c = 12 → 11 (a tie, the
 * shorter wins); {11, 8} and c = 7 → 8.
 */
inline std::size_t closest_reference_length(const std::vector<std::vector<std::string>>& references,
                                            std::size_t hypothesis_length) {
    detail::metrics_check_references("closest_reference_length", references);
    const auto distance = [hypothesis_length](std::size_t r) {
        return r > hypothesis_length ? r - hypothesis_length : hypothesis_length - r;
    };
    std::size_t best = references[0].size();
    for (const std::vector<std::string>& reference : references) {
        const std::size_t r = reference.size();
        if (distance(r) < distance(best) || (distance(r) == distance(best) && r < best)) best = r;
    }
    return best;
}

/**
 * @ingroup nlp
 * @brief BLEU's brevity penalty: 1 for a hypothesis longer than the reference length, else
 * exp(1 − r/c), and 0 for an empty hypothesis.
 *
 * @f[ \text{BP} = \begin{cases} 1 & c > r \\ e^{\,1 - r/c} & 0 < c \le r \\ 0 & c = 0 \end{cases} @f]
 *
 * Precision alone rewards saying little: a one-word hypothesis that is in the reference has
 * p_1 = 1. The penalty takes that back. It is 1 at c = r too (e⁰), so being exactly as long as
 * the reference costs nothing. For a corpus, r and c are the sums over its segments.
 *
 * @param reference_length r, the closest reference length (closest_reference_length())
 * @param hypothesis_length c, the hypothesis length
 * @return BP in [0, 1]
 *
 * Throws nothing. Complexity: O(1). Example (Papineni's and NLTK's): r = 28, c = 12 →
 * exp(1 − 28/12) = 0.26359713811572677; r = 8, c = 7 → 0.8668778997501817.
 */
inline double brevity_penalty(std::size_t reference_length, std::size_t hypothesis_length) {
    if (hypothesis_length > reference_length) return 1.0;
    if (hypothesis_length == 0) return 0.0;
    return std::exp(1.0 - static_cast<double>(reference_length) / static_cast<double>(hypothesis_length));
}

namespace detail {

/**
 * @brief BLEU from the statistics of a corpus (or of one sentence): the smoothed precisions, their
 * weighted geometric mean and the brevity penalty.
 *
 * @f[ \text{BLEU} = \text{BP} \cdot \exp\Big(\sum_{n:\ p_n > 0} w_n \ln p_n\Big) @f]
 * p_n = m_n / t_n, then the smoothing of `options`; 0 when m_1 = 0 (whatever the smoothing, as
 * NLTK), and 0 when a p_n of positive weight is 0 after smoothing `none`. An order whose p_n is
 * still 0 after smoothing and whose weight is 0, or (method4 with T ≤ 1, as NLTK) whose p_n stayed
 * 0, is left out of the sum.
 *
 * @param stats m_n and t_n for n = 1 … weights.size()
 * @param hypothesis_length T, the hypothesis length (summed over the corpus)
 * @param reference_length R, the closest reference length (summed over the corpus)
 * @param options checked weights and smoothing
 * @return BLEU in [0, 1] for weights that sum to at most 1
 */
inline double metrics_bleu(const std::vector<ngram_matches>& stats, std::size_t hypothesis_length,
                           std::size_t reference_length, const bleu_options& options) {
    const double bp = brevity_penalty(reference_length, hypothesis_length);
    if (stats[0].matches == 0) return 0.0;  // no word in common: 0 whatever the smoothing (as NLTK)
    const double T = static_cast<double>(hypothesis_length);
    double log_sum = 0.0;
    int zeros = 0;  // how many zero precisions methods 3 and 4 have replaced so far
    for (std::size_t i = 0; i < options.weights.size(); ++i) {
        const double m = static_cast<double>(stats[i].matches), t = static_cast<double>(stats[i].total);
        double p = m / t;
        switch (options.smoothing) {
            case bleu_smoothing::none:
                break;
            case bleu_smoothing::method1:
                if (m == 0.0) p = (m + options.epsilon) / t;
                break;
            case bleu_smoothing::method2:
                if (i > 0) p = (m + 1.0) / (t + 1.0);
                break;
            case bleu_smoothing::method3:
                if (m == 0.0) p = 1.0 / (std::ldexp(1.0, ++zeros) * t);
                break;
            case bleu_smoothing::method4:
                if (m == 0.0 && hypothesis_length > 1)
                    p = 1.0 / (std::ldexp(1.0, ++zeros) * options.k / std::log(T)) / t;
                break;
        }
        if (p > 0.0)
            log_sum += options.weights[i] * std::log(p);
        else if (options.weights[i] > 0.0 && options.smoothing == bleu_smoothing::none)
            return 0.0;  // a zero precision of positive weight: the geometric mean is 0
    }
    return bp * std::exp(log_sum);
}

}  // namespace detail

/**
 * @ingroup nlp
 * @brief Sentence-level BLEU: the weighted geometric mean of the modified n-gram precisions of one
 * hypothesis, times the brevity penalty. The same number as corpus_bleu() of a one-segment corpus.
 *
 * @f[ \text{BLEU} = \text{BP} \cdot \exp\Big(\sum_{n=1}^{N} w_n \ln p_n\Big), \qquad
 *     \text{BP} = \min\big(1,\ e^{\,1 - r/c}\big) @f]
 * with p_n = modified_precision(references, hypothesis, n), after the smoothing of `options`
 * (bleu_smoothing), r = closest_reference_length() and c = |hypothesis|. Without smoothing a
 * sentence with no matching 4-gram scores 0, which is why sentence-level BLEU is usually smoothed.
 * BLEU is 0 when no word of the hypothesis is in a reference, whatever the smoothing, and 0 for an
 * empty hypothesis. Orders with weight 0 cannot make it 0. With method4 and a hypothesis of one
 * token, NLTK leaves the zero precisions unsmoothed and out of the mean; this does the same.
 *
 * @param references the references (at least one; each may be empty)
 * @param hypothesis the hypothesis (may be empty)
 * @param options the weights (default BLEU-4, 4 × 0.25) and the smoothing (default none)
 * @return BLEU, in [0, 1] when the weights sum to at most 1
 * @throws invalid_argument naming sentence_bleu for no reference, empty or negative or
 *         non-finite weights, ε or k not finite and > 0
 *
 * Complexity: O(N (|hyp| + Σ|r|)) n-gram look-ups. Example (NLTK's docstring): the hypothesis "It
 * is a guide to action which ensures that the military always obeys the commands of the party"
 * against its three references scores 0.5045…; with weights {0.5, 0.5}, 0.7453….
 */
inline double sentence_bleu(const std::vector<std::vector<std::string>>& references,
                            const std::vector<std::string>& hypothesis, const bleu_options& options = {}) {
    detail::metrics_check_bleu_options("sentence_bleu", options);
    detail::metrics_check_references("sentence_bleu", references);
    std::vector<ngram_matches> stats(options.weights.size());
    for (std::size_t n = 1; n <= stats.size(); ++n) stats[n - 1] = modified_precision(references, hypothesis, n);
    return detail::metrics_bleu(stats, hypothesis.size(), closest_reference_length(references, hypothesis.size()),
                                options);
}

/**
 * @ingroup nlp
 * @brief Corpus-level BLEU (Papineni et al.'s original): the clipped matches, the n-gram totals,
 * the hypothesis lengths and the closest reference lengths are each summed over the corpus, and
 * BLEU is computed once from the sums.
 *
 * @f[ p_n = \frac{\sum_s m_{n,s}}{\sum_s t_{n,s}}, \qquad \text{BP from } r = \sum_s r_s,\ c = \sum_s c_s @f]
 * This is not the mean of the sentence BLEUs: it is a micro-average, in which a long segment
 * weighs more than a short one and one segment with no 4-gram match does not zero the score.
 * Smoothing applies to the corpus's sums (method4's T is the corpus's hypothesis length). A
 * segment with no n-gram of order n (fewer than n tokens) adds 0 matches and 1 to t_n, as NLTK.
 *
 * @param references one list of references per segment (each list non-empty)
 * @param hypotheses one hypothesis per segment
 * @param options the weights and the smoothing, as sentence_bleu()
 * @return corpus BLEU
 * @throws shape_error naming corpus_bleu when the numbers of hypotheses and of reference lists
 *         differ; invalid_argument for an empty corpus, a segment without reference, or bad options
 *
 * Complexity: O(N Σ_s (|hyp_s| + Σ|r|)). Example (NLTK's docstring): its two segments score
 * 0.5920…, while the mean of their sentence BLEUs is 0.6223….
 */
inline double corpus_bleu(const std::vector<std::vector<std::vector<std::string>>>& references,
                          const std::vector<std::vector<std::string>>& hypotheses, const bleu_options& options = {}) {
    detail::metrics_check_bleu_options("corpus_bleu", options);
    if (references.size() != hypotheses.size())
        throw shape_error("corpus_bleu", ::llmlings::detail::concat(
                                             "one list of references per hypothesis expected, got ", hypotheses.size(),
                                             " hypotheses and ", references.size(), " reference lists"));
    if (hypotheses.empty()) throw invalid_argument("corpus_bleu", "the corpus is empty: expected at least one segment");
    for (std::size_t s = 0; s < references.size(); ++s)
        detail::metrics_check_references("corpus_bleu", references[s], s, true);
    std::vector<ngram_matches> stats(options.weights.size());
    std::size_t hypothesis_length = 0, reference_length = 0;
    for (std::size_t s = 0; s < hypotheses.size(); ++s) {
        for (std::size_t n = 1; n <= stats.size(); ++n) {
            const ngram_matches p = modified_precision(references[s], hypotheses[s], n);
            stats[n - 1].matches += p.matches;
            stats[n - 1].total += p.total;
        }
        hypothesis_length += hypotheses[s].size();
        reference_length += closest_reference_length(references[s], hypotheses[s].size());
    }
    return detail::metrics_bleu(stats, hypothesis_length, reference_length, options);
}

/**
 * @ingroup nlp
 * @brief The length of the longest common subsequence of two token sequences: the most tokens
 * that appear in both in the same order, not necessarily next to each other.
 *
 * Dynamic programming over the prefixes: L(i, j) = L(i−1, j−1) + 1 when a_i = b_j, else
 * max(L(i−1, j), L(i, j−1)), with L(0, ·) = L(·, 0) = 0. Only the previous row is needed, and the
 * row runs over the shorter sequence, so memory is O(min(m, n)); tokens are compared as small
 * integer ids of the shorter sequence's distinct tokens, and a token of the longer one that the
 * shorter lacks leaves the row as it is.
 *
 * @param a a token sequence (may be empty)
 * @param b a token sequence (may be empty)
 * @return LCS(a, b), between 0 and min(|a|, |b|)
 *
 * Throws nothing but std::bad_alloc. Complexity: O(|a| |b|) time, O(min(|a|, |b|)) memory.
 * Example (Lin 2004): "police killed the gunman" and "police kill the gunman" → 3 ("police the
 * gunman"); "the gunman kill police" → 2.
 */
inline std::size_t lcs_length(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    const std::vector<std::string>& shorter = a.size() <= b.size() ? a : b;
    const std::vector<std::string>& longer = a.size() <= b.size() ? b : a;
    if (shorter.empty()) return 0;
    // 1. The shorter sequence as ids of its distinct tokens.
    std::unordered_map<std::string_view, std::size_t> ids;
    ids.reserve(shorter.size());
    std::vector<std::size_t> column(shorter.size());
    for (std::size_t j = 0; j < shorter.size(); ++j) column[j] = ids.emplace(shorter[j], ids.size()).first->second;
    // 2. One row of L per token of the longer sequence; row[j] = L(i, j).
    std::vector<std::size_t> row(shorter.size() + 1, 0);
    for (const std::string& token : longer) {
        const auto it = ids.find(token);
        if (it == ids.end()) continue;  // no match anywhere: L(i, ·) = L(i − 1, ·)
        std::size_t diagonal = 0;       // L(i − 1, j − 1)
        for (std::size_t j = 1; j <= shorter.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = column[j - 1] == it->second ? diagonal + 1 : std::max(above, row[j - 1]);
            diagonal = above;
        }
    }
    return row[shorter.size()];
}

namespace detail {

/**
 * @brief F_β of a precision and a recall: (1 + β²) P R / (R + β² P); 0 when P R = 0; R when β² is
 * infinite (the limit, Lin's β → ∞).
 *
 * @param precision P
 * @param recall R
 * @param beta β > 0, checked
 * @return F_β
 */
inline double metrics_f_score(double precision, double recall, double beta) {
    if (precision * recall == 0.0) return 0.0;
    const double b2 = beta * beta;
    if (std::isinf(b2)) return recall;
    return (1.0 + b2) * precision * recall / (recall + b2 * precision);
}

/**
 * @brief The score of the reference with the highest F, the first on ties.
 *
 * @param scores one score per reference, at least one
 * @return the best
 */
inline overlap_score metrics_best(const std::vector<overlap_score>& scores) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < scores.size(); ++i)
        if (scores[i].f > scores[best].f) best = i;
    return scores[best];
}

}  // namespace detail

/**
 * @ingroup nlp
 * @brief ROUGE-N (Lin 2004): the clipped n-gram overlap of a hypothesis and a reference, as recall
 * (the ROUGE-N of the paper), precision and F1; with several references, the best.
 *
 * @f[ \text{overlap} = \sum_g \min\big(c_{\text{hyp}}(g), c_{\text{ref}}(g)\big), \quad
 *     R = \frac{\text{overlap}}{\#\text{n-grams(ref)}}, \quad
 *     P = \frac{\text{overlap}}{\#\text{n-grams(hyp)}}, \quad F = \frac{2PR}{P + R} @f]
 * A side with no n-gram (fewer than n tokens) gives 0 for the quantity that divides by it, and
 * F = 0 when P + R = 0 (as Google's rouge-score). With several references, each is scored alone
 * and the score with the highest F is returned (the first on ties), Lin's "maximum of the
 * pairwise scores".
 *
 * @param references the references (at least one; each may be empty)
 * @param hypothesis the hypothesis (may be empty)
 * @param n the order (1 for ROUGE-1, 2 for ROUGE-2), ≥ 1
 * @return precision, recall and F1 against the best reference
 * @throws invalid_argument naming rouge_n for n = 0 or no reference
 *
 * Complexity: O(Σ_r (|hyp| + |r|)) n-gram look-ups. Example (Lin 2004): reference "police killed
 * the gunman", hypothesis "police kill the gunman", n = 2: one common bigram ("the gunman") of 3
 * on each side, P = R = F = 1/3.
 */
inline overlap_score rouge_n(const std::vector<std::vector<std::string>>& references,
                             const std::vector<std::string>& hypothesis, std::size_t n) {
    detail::metrics_check_order("rouge_n", n);
    detail::metrics_check_references("rouge_n", references);
    const std::size_t hypothesis_ngrams = detail::metrics_ngram_count_of(hypothesis.size(), n);
    std::vector<overlap_score> scores;
    scores.reserve(references.size());
    for (const std::vector<std::string>& reference : references) {
        const std::size_t reference_ngrams = detail::metrics_ngram_count_of(reference.size(), n);
        const double overlap =
            static_cast<double>(detail::metrics_clipped_matches(&reference, &reference + 1, hypothesis, n));
        overlap_score s;
        s.precision = hypothesis_ngrams == 0 ? 0.0 : overlap / static_cast<double>(hypothesis_ngrams);
        s.recall = reference_ngrams == 0 ? 0.0 : overlap / static_cast<double>(reference_ngrams);
        s.f = detail::metrics_f_score(s.precision, s.recall, 1.0);
        scores.push_back(s);
    }
    return detail::metrics_best(scores);
}

/**
 * @ingroup nlp
 * @brief Sentence-level ROUGE-L (Lin 2004, §3.1): precision, recall and F_β of the longest common
 * subsequence; with several references, the best.
 *
 * @f[ R_{lcs} = \frac{\text{LCS}(\text{ref}, \text{hyp})}{|\text{ref}|}, \quad
 *     P_{lcs} = \frac{\text{LCS}(\text{ref}, \text{hyp})}{|\text{hyp}|}, \quad
 *     F_{lcs} = \frac{(1 + \beta^2)\, R_{lcs} P_{lcs}}{R_{lcs} + \beta^2 P_{lcs}} @f]
 * Unlike ROUGE-2, the LCS rewards words in the right order without asking them to be adjacent, and
 * needs no n. β = 1 gives F1 (rouge-score's choice); Lin's DUC runs set β → ∞, F = R (pass
 * +∞). An empty side gives 0; F = 0 when P R = 0. With several references: the highest F_β, the
 * first on ties.
 *
 * @param references the references (at least one; each may be empty)
 * @param hypothesis the hypothesis (may be empty)
 * @param beta β > 0 (+∞ allowed: recall only), default 1
 * @return precision, recall and F_β against the best reference
 * @throws invalid_argument naming rouge_l for no reference, or β ≤ 0 or NaN
 *
 * Complexity: O(Σ_r |r| |hyp|) time, O(min) memory (lcs_length()). Example (Lin 2004): reference
 * "police killed the gunman": "police kill the gunman" has LCS 3, F = 3/4; "the gunman kill
 * police" has LCS 2, F = 1/2.
 */
inline overlap_score rouge_l(const std::vector<std::vector<std::string>>& references,
                             const std::vector<std::string>& hypothesis, double beta = 1.0) {
    if (!(beta > 0.0))
        throw invalid_argument("rouge_l", ::llmlings::detail::concat("beta must be > 0 (+inf allowed), got ", beta));
    detail::metrics_check_references("rouge_l", references);
    std::vector<overlap_score> scores;
    scores.reserve(references.size());
    for (const std::vector<std::string>& reference : references) {
        const double lcs = static_cast<double>(lcs_length(reference, hypothesis));
        overlap_score s;
        s.precision = hypothesis.empty() ? 0.0 : lcs / static_cast<double>(hypothesis.size());
        s.recall = reference.empty() ? 0.0 : lcs / static_cast<double>(reference.size());
        s.f = detail::metrics_f_score(s.precision, s.recall, beta);
        scores.push_back(s);
    }
    return detail::metrics_best(scores);
}

/**
 * @ingroup nlp
 * @brief SQuAD's token F1: the multiset overlap of the hypothesis's and a reference's tokens, as
 * precision, recall and F1; with several references (SQuAD's several gold answers), the best.
 *
 * @f[ \text{common} = \sum_w \min\big(c_{\text{hyp}}(w), c_{\text{ref}}(w)\big), \quad
 *     P = \frac{\text{common}}{|\text{hyp}|}, \quad R = \frac{\text{common}}{|\text{ref}|}, \quad
 *     F_1 = \frac{2PR}{P + R} @f]
 * Word order does not matter (it is ROUGE-1 with SQuAD's rules for empty texts). Both empty: the
 * system correctly said "no answer", P = R = F = 1; exactly one empty: 0, as SQuAD v2.0's
 * `compute_f1`. SQuAD first normalises both answers (lowercase, no punctuation, no articles "a",
 * "an", "the"); here the caller tokenises and normalises.
 *
 * @param references the gold answers (at least one; each may be empty)
 * @param hypothesis the predicted answer (may be empty)
 * @return precision, recall and F1 against the best reference
 * @throws invalid_argument naming token_f1 for no reference
 *
 * Complexity: O(Σ_r (|hyp| + |r|)) hash look-ups. Example: reference "the cat sat", hypothesis
 * "the cat the mat": common = the, cat = 2, P = 2/4, R = 2/3, F1 = 4/7.
 */
inline overlap_score token_f1(const std::vector<std::vector<std::string>>& references,
                              const std::vector<std::string>& hypothesis) {
    detail::metrics_check_references("token_f1", references);
    std::vector<overlap_score> scores;
    scores.reserve(references.size());
    std::unordered_map<std::string_view, std::size_t> remaining;
    for (const std::vector<std::string>& reference : references) {
        overlap_score s;
        if (reference.empty() || hypothesis.empty()) {
            const double agree = reference.empty() && hypothesis.empty() ? 1.0 : 0.0;
            s = {agree, agree, agree};
        } else {
            remaining.clear();
            for (const std::string& token : reference) ++remaining[token];
            std::size_t common = 0;
            for (const std::string& token : hypothesis) {
                const auto it = remaining.find(token);
                if (it != remaining.end() && it->second > 0) {
                    --it->second;
                    ++common;
                }
            }
            s.precision = static_cast<double>(common) / static_cast<double>(hypothesis.size());
            s.recall = static_cast<double>(common) / static_cast<double>(reference.size());
            s.f = detail::metrics_f_score(s.precision, s.recall, 1.0);
        }
        scores.push_back(s);
    }
    return detail::metrics_best(scores);
}

}  // namespace nlp
}  // namespace llmlings

#endif  // LLMLINGS_NLP_11_METRICS_HPP
