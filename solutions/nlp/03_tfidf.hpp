// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nlp/03 — bag of words, TF-IDF and cosine similarity of sparse document vectors, and
 * document search: a vocabulary fitted on tokenised documents, counts, the common TF-IDF
 * variants, and the top-k documents for a query.
 *
 * Shapes: a document is a `std::vector<std::string>` of tokens (nlp/01's tokenize() output), a
 * collection a `std::vector<std::vector<std::string>>`; the vocabulary has |V| terms, column j
 * being terms[j]; a document vector is a sparse_vector: the sorted columns of its nonzero
 * entries and their values, never a dense row of |V| numbers (a document of 200 distinct words
 * in a 10,000-word vocabulary has 50 times fewer entries than its dense row). to_dense() turns a list of them into the
 * dense (documents, |V|) llmlings::matrix that ml/03's logistic regression takes.
 *
 * Conventions (scikit-learn 1.2's CountVectorizer and TfidfVectorizer, fed the same tokens):
 * - **Vocabulary.** Terms sorted by std::string's < (byte order, which for UTF-8 is code-point
 *   order, Python's sorted()); document frequencies df; min_df (a count), max_df (a fraction of
 *   the documents) and max_features (the most frequent terms of the collection) as sklearn's
 *   integer min_df, float max_df and max_features. Words not in it are ignored afterwards.
 * - **TF-IDF.** tf(t, d) · idf(t), then optionally each row divided by its L2 norm; the tf
 *   variants (raw count, binary, 1 + ln count) and idf variants (none, ln(N/df), ln(N/df) + 1,
 *   ln((1 + N)/(1 + df)) + 1) are named after what they compute (tf_weighting, idf_weighting).
 *   The defaults are sklearn's TfidfVectorizer's: raw counts, the smoothed idf, L2 rows.
 * - **Cosine.** The cosine with a zero vector is 0 (not NaN, and not an error as
 *   linalg::cosine_similarity makes it): an empty document shares nothing with anything.
 * - **Search.** Documents ranked by cosine with the query, ties by the lower document index.
 *
 * What this file deliberately is not: an inverted index (a search here scores every document,
 * O(total entries); engines such as Lucene walk only the documents that hold a query term), BM25
 * (Robertson & Zaragoza's refinement of TF-IDF with length normalisation), or an n-gram or
 * character analyser (sklearn's ngram_range, analyzer='char'): tokens come in already made.
 *
 * References: C. D. Manning, P. Raghavan, H. Schütze, *Introduction to Information Retrieval*
 * (2008), ch. 6 ("Scoring, term weighting and the vector space model": tf-idf §6.2, sublinear tf
 * §6.4.1, cosine §6.3, the SMART notation of Table 6.15); K. Spärck Jones (1972), "A statistical
 * interpretation of term specificity and its application in retrieval", J. Documentation 28(1);
 * scikit-learn's User Guide §6.2.3 ("Text feature extraction", the tf-idf formulas).
 *
 * Guide: @ref nlp_03_tfidf (the ideas) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NLP_03_TFIDF_HPP
#define LLMLINGS_NLP_03_TFIDF_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/nlp/01_tokenization.hpp>

namespace llmlings {
namespace nlp {

/**
 * @ingroup nlp
 * @brief A sparse vector: the columns of its nonzero entries, strictly increasing, and their
 * values. Its length (|V| for a document vector) is not stored: it is the vocabulary's.
 *
 * Example: the dense row (0, 2, 0, 0, 1) is `{{1, 4}, {2.0, 1.0}}`; the zero vector is `{}`.
 * Every function that makes one stores no zero value; every function that reads one accepts
 * zero values and throws for indices that are not strictly increasing or for sizes that differ.
 */
struct sparse_vector {
    std::vector<std::size_t> indices;  ///< the columns, strictly increasing
    std::vector<double> values;        ///< values[i] is the entry in column indices[i]
};

/**
 * @ingroup nlp
 * @brief The terms of a document collection and how many documents hold each: what
 * fit_term_vocabulary() makes. A plain struct: read it, but build it with fit_term_vocabulary().
 */
struct term_vocabulary {
    std::vector<std::string> terms;               ///< sorted by std::string's <, unique: column j is terms[j]
    std::vector<std::size_t> document_frequency;  ///< df[j]: how many documents hold terms[j] (1 … documents)
    std::size_t documents = 0;                    ///< N: how many documents it was fitted on (empty ones too)
};

/**
 * @ingroup nlp
 * @brief Which terms fit_term_vocabulary() keeps; the defaults keep every term.
 *
 * The three filters are sklearn's CountVectorizer's, applied in its order: first the document
 * frequency, min_df ≤ df ≤ max_df · N, then of the survivors the max_features most frequent.
 */
struct vocabulary_options {
    /// Keep a term held by at least this many documents (sklearn's integer min_df).
    std::size_t min_df = 1;
    /// Keep a term held by at most max_df · N documents, 0 ≤ max_df ≤ 1 (sklearn's float max_df).
    double max_df = 1.0;
    /// Keep at most this many terms, those most frequent in the collection; 0: all.
    std::size_t max_features = 0;
};

/**
 * @ingroup nlp
 * @brief The term-frequency part of a TF-IDF weight, from the count c of the term in the
 * document (c ≥ 1: absent terms weigh 0 in every variant).
 */
enum class tf_weighting {
    raw,       ///< tf = c, the count (sklearn's default)
    binary,    ///< tf = 1: present or not (sklearn's binary=True)
    sublinear  ///< tf = 1 + ln c: the tenth occurrence adds less than the second (sklearn's sublinear_tf=True)
};

/**
 * @ingroup nlp
 * @brief The inverse-document-frequency part of a TF-IDF weight, from the number N of
 * documents and the document frequency df of the term (1 ≤ df ≤ N).
 */
enum class idf_weighting {
    none,                ///< idf = 1: tf alone (sklearn's use_idf=False)
    log,                 ///< idf = ln(N/df): the textbook form; 0 for a term of every document
    log_plus_one,        ///< idf = ln(N/df) + 1: sklearn's smooth_idf=False
    smooth_log_plus_one  ///< idf = ln((1 + N)/(1 + df)) + 1: sklearn's default, as if one more document held every term
};

/**
 * @ingroup nlp
 * @brief How make_tfidf() weighs a document; the defaults are sklearn's TfidfVectorizer's.
 */
struct tfidf_options {
    tf_weighting tf = tf_weighting::raw;                     ///< the term-frequency variant
    idf_weighting idf = idf_weighting::smooth_log_plus_one;  ///< the idf variant
    bool l2_normalize = true;  ///< divide each vector by its L2 norm (sklearn's norm='l2')
};

/**
 * @ingroup nlp
 * @brief A fitted TF-IDF weighting: the vocabulary, the options and the idf of every term, as
 * make_tfidf() makes it.
 */
struct tfidf_model {
    term_vocabulary vocabulary;  ///< the terms, their df and N
    tfidf_options options;       ///< the variants
    std::vector<double> idf;     ///< idf[j] of terms[j], by options.idf
};

/**
 * @ingroup nlp
 * @brief One document found by search(): its index in the collection and its cosine with the
 * query.
 */
struct search_hit {
    std::size_t document = 0;  ///< the index of the document in the collection searched
    double score = 0.0;        ///< cosine_similarity(query vector, document vector), in [0, 1] for TF-IDF vectors
};

namespace detail {

// Given: the checks the functions make, and the two scaling helpers of the norms (you call them;
// they are not the exercise).
/**
 * @brief Throws unless `v` is a valid sparse vector: as many values as indices, indices
 * strictly increasing.
 *
 * @param function the public function, for the message
 * @param v the vector
 * @param what which vector, for the message ("a", "row 3", …)
 * @throws shape_error when the sizes differ, invalid_argument for an index out of order
 */
inline void check_sparse(const char* function, const sparse_vector& v, const std::string& what) {
    if (v.indices.size() != v.values.size())
        throw shape_error(function, ::llmlings::detail::concat(what, " has ", v.indices.size(), " indices but ",
                                                               v.values.size(), " values"));
    for (std::size_t i = 1; i < v.indices.size(); ++i)
        if (v.indices[i] <= v.indices[i - 1])
            throw invalid_argument(
                function, ::llmlings::detail::concat(what, "'s indices must be strictly increasing: index ", i, " is ",
                                                     v.indices[i], " after ", v.indices[i - 1]));
}

/**
 * @brief Throws unless `vocabulary` looks like fit_term_vocabulary()'s work: one df per term, N
 * ≥ 1, every df in 1 … N, terms sorted and unique.
 *
 * @param function the public function, for the message
 * @param vocabulary the vocabulary
 * @throws invalid_argument (shape_error for the sizes) saying what is wrong, and to use
 *         fit_term_vocabulary
 *
 * Complexity: O(|V|) string comparisons.
 */
inline void check_vocabulary(const char* function, const term_vocabulary& vocabulary) {
    if (vocabulary.terms.size() != vocabulary.document_frequency.size())
        throw shape_error(function,
                          ::llmlings::detail::concat("the vocabulary has ", vocabulary.terms.size(), " terms but ",
                                                     vocabulary.document_frequency.size(),
                                                     " document frequencies: make it with fit_term_vocabulary"));
    if (vocabulary.documents == 0)
        throw invalid_argument(function, "the vocabulary was fitted on 0 documents: make it with fit_term_vocabulary");
    for (std::size_t j = 0; j < vocabulary.terms.size(); ++j) {
        const std::size_t df = vocabulary.document_frequency[j];
        if (df == 0 || df > vocabulary.documents)
            throw invalid_argument(function, ::llmlings::detail::concat("term ", j, " ('", vocabulary.terms[j],
                                                                        "') has document frequency ", df,
                                                                        ", outside 1 … ", vocabulary.documents));
        if (j > 0 && !(vocabulary.terms[j - 1] < vocabulary.terms[j]))
            throw invalid_argument(function, ::llmlings::detail::concat("the terms must be sorted and unique: term ", j,
                                                                        " ('", vocabulary.terms[j], "') follows '",
                                                                        vocabulary.terms[j - 1], "'"));
    }
}

/**
 * @brief Throws unless the options name known variants (an enum can be cast from any int).
 *
 * @param function the public function, for the message
 * @param options the options
 * @throws invalid_argument for an unknown tf_weighting or idf_weighting
 */
inline void check_options(const char* function, const tfidf_options& options) {
    const int tf = static_cast<int>(options.tf), idf = static_cast<int>(options.idf);
    if (tf < 0 || tf > 2 || idf < 0 || idf > 3)
        throw invalid_argument(function,
                               ::llmlings::detail::concat("unknown tf_weighting ", tf, " or idf_weighting ", idf));
}

/**
 * @brief Throws unless `model` looks like make_tfidf()'s work: one idf per term, known variants.
 *
 * @param function the public function, for the message
 * @param model the model
 * @throws shape_error when idf and the terms differ in size, invalid_argument for an unknown
 *         variant
 */
inline void check_model(const char* function, const tfidf_model& model) {
    if (model.idf.size() != model.vocabulary.terms.size())
        throw shape_error(function,
                          ::llmlings::detail::concat("the model has ", model.idf.size(), " idf values for ",
                                                     model.vocabulary.terms.size(), " terms: make it with make_tfidf"));
    check_options(function, model.options);
}
/**
 * @brief The largest |vᵢ| (0 for no values), or NaN when a value is NaN (std::max would drop it):
 * the scale norm_l2() and cosine_similarity() divide by, so that their squares neither overflow
 * nor underflow.
 *
 * @param values the values
 * @return max |vᵢ|, NaN if one is NaN
 */
inline double max_abs(const std::vector<double>& values) {
    double largest = 0.0;
    for (const double x : values) {
        if (std::isnan(x)) return x;
        largest = std::max(largest, std::fabs(x));
    }
    return largest;
}

/**
 * @brief Σ (vᵢ/scale)² for a finite, nonzero scale.
 *
 * @param values the values
 * @param scale max_abs(values)
 * @return the sum of the scaled squares, in [1, nnz]
 */
inline double scaled_sum_of_squares(const std::vector<double>& values, double scale) {
    double sum = 0.0;
    for (const double x : values) {
        const double r = x / scale;
        sum += r * r;
    }
    return sum;
}
// End of the given code.

/**
 * @brief The weight c of a term that occurs c ≥ 1 times, by the tf variant: c, 1 or 1 + ln c.
 *
 * @param tf the variant
 * @param count c ≥ 1
 * @return tf(c)
 */
inline double term_frequency(tf_weighting tf, double count) {
    switch (tf) {
        case tf_weighting::binary:
            return 1.0;
        case tf_weighting::sublinear:
            return 1.0 + std::log(count);
        case tf_weighting::raw:
            break;
    }
    return count;
}

/**
 * @brief Σⱼ aⱼ bⱼ / (sa · sb) over the columns a and b share: the merge of their sorted indices
 * (both already checked).
 *
 * @param a a sparse vector
 * @param b a sparse vector
 * @param sa divides a's values (1 for the plain dot product)
 * @param sb divides b's values
 * @return the scaled dot product
 */
inline double merge_dot(const sparse_vector& a, const sparse_vector& b, double sa, double sb) {
    double sum = 0.0;
    std::size_t i = 0, j = 0;
    while (i < a.indices.size() && j < b.indices.size()) {
        if (a.indices[i] < b.indices[j]) {
            ++i;
        } else if (b.indices[j] < a.indices[i]) {
            ++j;
        } else {
            sum += (a.values[i++] / sa) * (b.values[j++] / sb);
        }
    }
    return sum;
}

/**
 * @brief cosine_similarity() of two vectors already checked.
 *
 * @param a a sparse vector
 * @param b a sparse vector
 * @return the cosine in [−1, 1], 0 for a zero vector, NaN for a NaN or infinite value
 */
inline double cosine(const sparse_vector& a, const sparse_vector& b) {
    const double sa = max_abs(a.values), sb = max_abs(b.values);
    if (std::isnan(sa) || std::isnan(sb) || std::isinf(sa) || std::isinf(sb))
        return std::numeric_limits<double>::quiet_NaN();
    if (sa == 0.0 || sb == 0.0) return 0.0;  // a zero vector has no direction: 0 by convention
    const double c = merge_dot(a, b, sa, sb) /
                     (std::sqrt(scaled_sum_of_squares(a.values, sa)) * std::sqrt(scaled_sum_of_squares(b.values, sb)));
    return std::max(-1.0, std::min(1.0, c));
}

}  // namespace detail

/**
 * @ingroup nlp
 * @brief Fits a vocabulary on tokenised documents: every distinct term, its document frequency,
 * then sklearn's filters.
 *
 * 1. Count, for every term t, its document frequency df(t) (how many documents hold it, once
 *    per document however often it occurs) and its collection frequency cf(t) (how often it
 *    occurs in all, the "term frequency across the corpus" that sklearn's max_features ranks
 *    by).
 * 2. Keep the terms with min_df ≤ df(t) ≤ max_df · N (N the number of documents, empty ones
 *    included); the product max_df · N is compared as a double, as sklearn compares it.
 * 3. If max_features > 0 and more terms remain, keep the max_features with the largest cf, ties
 *    to the term that sorts first.
 * 4. Sort the terms (std::string's <: bytes compared as unsigned char, so UTF-8 text sorts in
 *    code-point order, as Python's sorted() does).
 *
 * Differences from sklearn's CountVectorizer: min_df is a count and max_df a fraction only
 * (sklearn accepts either as either); a max_features tie goes to the earlier term, where sklearn
 * 1.2 takes whichever NumPy's unstable argsort puts first; and with binary=True sklearn ranks
 * max_features by df, while this vocabulary does not depend on the weighting.
 *
 * @param documents the collection, one vector of tokens per document (any bytes; an empty
 *        document still counts in N)
 * @param options min_df, max_df, max_features (default: keep everything)
 * @return the vocabulary: terms sorted, their df, N
 * @throws invalid_argument naming fit_term_vocabulary when there are no documents, max_df is NaN
 *         or outside [0, 1], max_df · N < min_df (no term could pass both; sklearn's "max_df
 *         corresponds to < documents than min_df"), or no term is left (the documents are
 *         empty, or the filters removed everything)
 *
 * Complexity: O(T) expected hash-map operations for T tokens, then O(|V| log |V|) string
 * comparisons to sort. Example: `fit_term_vocabulary({{"b", "a", "b"}, {"b", "c"}})` has terms
 * {"a", "b", "c"}, document_frequency {1, 2, 1}, documents 2; with `{2}` as options (min_df = 2)
 * only "b" remains.
 */
inline term_vocabulary fit_term_vocabulary(const std::vector<std::vector<std::string>>& documents,
                                           const vocabulary_options& options = {}) {
    if (documents.empty()) throw invalid_argument("fit_term_vocabulary", "no documents");
    if (!(options.max_df >= 0.0 && options.max_df <= 1.0))
        throw invalid_argument("fit_term_vocabulary",
                               ::llmlings::detail::concat("max_df must be in [0, 1], got ", options.max_df));
    const std::size_t n = documents.size();
    const double max_count = options.max_df * static_cast<double>(n);
    if (max_count < static_cast<double>(options.min_df))
        throw invalid_argument("fit_term_vocabulary",
                               ::llmlings::detail::concat("max_df * N = ", max_count, " documents is below min_df = ",
                                                          options.min_df, ": no term could pass both"));
    // 1. df and cf of every term; `last` is 1 + the last document that counted it in df.
    struct term_counts {
        std::size_t df = 0, cf = 0, last = 0;
    };
    std::unordered_map<std::string, term_counts> seen;
    for (std::size_t d = 0; d < n; ++d) {
        for (const std::string& token : documents[d]) {
            term_counts& s = seen[token];
            ++s.cf;
            if (s.last != d + 1) {
                ++s.df;
                s.last = d + 1;
            }
        }
    }
    // 2. The document-frequency filter.
    std::vector<std::pair<const std::string*, const term_counts*>> kept;
    kept.reserve(seen.size());
    for (const auto& [term, s] : seen)
        if (s.df >= options.min_df && static_cast<double>(s.df) <= max_count) kept.emplace_back(&term, &s);
    // 3. The max_features most frequent in the collection, ties to the term that sorts first.
    if (options.max_features > 0 && kept.size() > options.max_features) {
        std::nth_element(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(options.max_features), kept.end(),
                         [](const auto& a, const auto& b) {
                             return a.second->cf != b.second->cf ? a.second->cf > b.second->cf : *a.first < *b.first;
                         });
        kept.resize(options.max_features);
    }
    if (kept.empty())
        throw invalid_argument("fit_term_vocabulary",
                               seen.empty() ? "the documents hold no token: the vocabulary would be empty"
                                            : "after the min_df, max_df filters no term remains: lower min_df or "
                                              "raise max_df");
    // 4. Sorted.
    std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) { return *a.first < *b.first; });
    term_vocabulary vocabulary;
    vocabulary.documents = n;
    vocabulary.terms.reserve(kept.size());
    vocabulary.document_frequency.reserve(kept.size());
    for (const auto& [term, s] : kept) {
        vocabulary.terms.push_back(*term);
        vocabulary.document_frequency.push_back(s->df);
    }
    return vocabulary;
}

/**
 * @ingroup nlp
 * @brief The column of `term` in the vocabulary, if it has one.
 *
 * @param vocabulary a fitted vocabulary (terms sorted and unique)
 * @param term any token
 * @return j with terms[j] == term, or std::nullopt for a term the vocabulary does not hold
 *
 * Complexity: O(log |V|) string comparisons (binary search); throws nothing.
 * Example: with terms {"a", "b", "c"}, `term_index(v, "b")` → 1, `term_index(v, "z")` → nullopt.
 */
inline std::optional<std::size_t> term_index(const term_vocabulary& vocabulary, const std::string& term) {
    const auto it = std::lower_bound(vocabulary.terms.begin(), vocabulary.terms.end(), term);
    if (it == vocabulary.terms.end() || *it != term) return std::nullopt;
    return static_cast<std::size_t>(it - vocabulary.terms.begin());
}

/**
 * @ingroup nlp
 * @brief The bag of words of one document: how often each vocabulary term occurs in it (or 1 if
 * it does, when binary), as a sparse vector. Tokens outside the vocabulary are ignored.
 *
 * @f[ x_j = c(t_j, d) = |\{i : d_i = t_j\}|, \qquad \text{binary: } x_j = [c(t_j, d) > 0] @f]
 * Word order is lost: "dog bites man" and "man bites dog" have the same bag.
 *
 * @param vocabulary a fitted vocabulary
 * @param tokens the document
 * @param binary 1 for a term present instead of its count (sklearn's binary=True)
 * @return the columns of the terms the document holds, increasing, and their counts (or 1s);
 *         empty for a document without a vocabulary term
 * @throws shape_error naming bag_of_words when the vocabulary has not one df per term
 *
 * Complexity: O(n log |V|) for the lookups and O(n log n) to sort the columns, for n tokens.
 * Example: terms {"a", "b", "c"}: `bag_of_words(v, {"c", "a", "c", "zebra"})` →
 * `{{0, 2}, {1.0, 2.0}}`, and with binary `{{0, 2}, {1.0, 1.0}}`.
 */
inline sparse_vector bag_of_words(const term_vocabulary& vocabulary, const std::vector<std::string>& tokens,
                                  bool binary = false) {
    if (vocabulary.terms.size() != vocabulary.document_frequency.size())
        throw shape_error("bag_of_words",
                          ::llmlings::detail::concat("the vocabulary has ", vocabulary.terms.size(), " terms but ",
                                                     vocabulary.document_frequency.size(), " document frequencies"));
    // 1. The column of every known token, sorted: equal columns are now neighbours.
    std::vector<std::size_t> columns;
    columns.reserve(tokens.size());
    for (const std::string& token : tokens)
        if (const std::optional<std::size_t> j = term_index(vocabulary, token)) columns.push_back(*j);
    std::sort(columns.begin(), columns.end());
    // 2. One entry per run of equal columns.
    sparse_vector x;
    for (std::size_t i = 0; i < columns.size();) {
        std::size_t end = i + 1;
        while (end < columns.size() && columns[end] == columns[i]) ++end;
        x.indices.push_back(columns[i]);
        x.values.push_back(binary ? 1.0 : static_cast<double>(end - i));
        i = end;
    }
    return x;
}

/**
 * @ingroup nlp
 * @brief The inverse document frequency of every term, by the variant `idf`.
 *
 * @f[ \text{none: } 1, \quad \text{log: } \ln\frac{N}{\mathrm{df}}, \quad
 *     \mathrm{log\_plus\_one}:\  \ln\frac{N}{\mathrm{df}} + 1, \quad
 *     \mathrm{smooth\_log\_plus\_one}:\  \ln\frac{1 + N}{1 + \mathrm{df}} + 1 @f]
 * A rare term (small df) gets a large idf, a term in every document the least: 0 under `log`,
 * so that term no longer counts at all; 1 under the "+ 1" forms, which keep it with the weight
 * of its tf alone. The smoothed form adds one imaginary document holding every term, which keeps
 * the ratio finite even for df = 0 (a term from elsewhere) and makes every idf ≥ 1.
 *
 * @param vocabulary a fitted vocabulary (N and every df)
 * @param idf the variant
 * @return |V| values, idf[j] for terms[j]
 * @throws invalid_argument (or shape_error) naming inverse_document_frequency for a vocabulary
 *         not made by fit_term_vocabulary (see detail::check_vocabulary) or an unknown variant
 *
 * Complexity: O(|V|). Example: N = 3, df = {1, 3}: `log` → {ln 3, 0} = {1.0986…, 0};
 * `smooth_log_plus_one` → {ln 2 + 1, 1} = {1.6931…, 1}.
 */
inline std::vector<double> inverse_document_frequency(const term_vocabulary& vocabulary, idf_weighting idf) {
    detail::check_vocabulary("inverse_document_frequency", vocabulary);
    const double n = static_cast<double>(vocabulary.documents);
    std::vector<double> out(vocabulary.terms.size());
    for (std::size_t j = 0; j < out.size(); ++j) {
        const double df = static_cast<double>(vocabulary.document_frequency[j]);
        switch (idf) {
            case idf_weighting::none:
                out[j] = 1.0;
                break;
            case idf_weighting::log:
                out[j] = std::log(n / df);
                break;
            case idf_weighting::log_plus_one:
                out[j] = std::log(n / df) + 1.0;
                break;
            case idf_weighting::smooth_log_plus_one:
                out[j] = std::log((n + 1.0) / (df + 1.0)) + 1.0;
                break;
            default:
                throw invalid_argument("inverse_document_frequency",
                                       ::llmlings::detail::concat("unknown idf_weighting ", static_cast<int>(idf)));
        }
    }
    return out;
}

/**
 * @ingroup nlp
 * @brief A TF-IDF weighting for a fitted vocabulary: the vocabulary, the options and the idf of
 * every term (inverse_document_frequency()).
 *
 * @param vocabulary a fitted vocabulary (copied into the model)
 * @param options the tf and idf variants and the normalisation (default: sklearn's
 *        TfidfVectorizer: raw counts, smooth_log_plus_one, L2 rows)
 * @return the model, for tfidf_vector() and search()
 * @throws invalid_argument (or shape_error) naming make_tfidf for a vocabulary not made by
 *         fit_term_vocabulary or an unknown variant
 *
 * Complexity: O(|V|) and a copy of the vocabulary.
 * Example: `make_tfidf(fit_term_vocabulary(docs), {tf_weighting::sublinear})` is sklearn's
 * `TfidfVectorizer(sublinear_tf=True)`.
 */
inline tfidf_model make_tfidf(const term_vocabulary& vocabulary, const tfidf_options& options = {}) {
    detail::check_vocabulary("make_tfidf", vocabulary);
    tfidf_model model;
    model.vocabulary = vocabulary;
    model.options = options;
    detail::check_options("make_tfidf", options);
    model.idf = inverse_document_frequency(vocabulary, options.idf);
    return model;
}

/**
 * @ingroup nlp
 * @brief The L2 norm √(Σ vᵢ²) of a sparse vector, computed without overflow or underflow (as
 * linalg::norm_l2: divide by the largest |vᵢ| first).
 *
 * @param v a sparse vector
 * @return ‖v‖₂ ≥ 0; 0 for the zero vector; NaN when v holds a NaN; +∞ when it holds an infinity
 * @throws shape_error or invalid_argument naming norm_l2 for a malformed v (detail::check_sparse)
 *
 * Complexity: O(nnz). Example: `norm_l2({{0, 7}, {3.0, -4.0}})` → 5.
 */
inline double norm_l2(const sparse_vector& v) {
    detail::check_sparse("norm_l2", v, "the vector");
    const double scale = detail::max_abs(v.values);
    if (scale == 0.0 || !std::isfinite(scale)) return scale;  // 0, NaN or +∞
    return scale * std::sqrt(detail::scaled_sum_of_squares(v.values, scale));
}

/**
 * @ingroup nlp
 * @brief The dot product Σⱼ aⱼ bⱼ of two sparse vectors: a merge of their sorted indices.
 *
 * Walk both index lists with one cursor each: equal indices multiply and both cursors move,
 * otherwise the smaller moves on (its partner there is 0). Only the common columns add.
 *
 * @param a a sparse vector
 * @param b a sparse vector
 * @return the dot product; 0 when they share no column; NaN/∞ as the products give them
 * @throws shape_error or invalid_argument naming dot for a malformed vector
 *
 * Complexity: O(nnz(a) + nnz(b)). Example: `dot({{0, 2}, {1.0, 2.0}}, {{2, 5}, {3.0, 4.0}})` → 6.
 */
inline double dot(const sparse_vector& a, const sparse_vector& b) {
    detail::check_sparse("dot", a, "a");
    detail::check_sparse("dot", b, "b");
    return detail::merge_dot(a, b, 1.0, 1.0);
}

/**
 * @ingroup nlp
 * @brief The cosine similarity a·b / (‖a‖₂ ‖b‖₂) of two sparse vectors; 0 when either is the
 * zero vector.
 *
 * @f[ \cos(a, b) = \frac{\sum_j a_j b_j}{\sqrt{\sum_j a_j^2}\,\sqrt{\sum_j b_j^2}} @f]
 * 1 for the same direction, 0 for no shared term; TF-IDF vectors have no negative entries, so
 * their cosine is in [0, 1]. A zero vector (an empty document, one without a vocabulary term)
 * has no direction: its cosine with anything is defined here as 0, as sklearn's
 * cosine_similarity makes it, so that it ranks last in a search instead of poisoning it with NaN.
 * Both vectors are scaled by their largest |value| first, so huge or tiny values neither
 * overflow nor underflow; the result is clamped to [−1, 1] against rounding.
 *
 * @param a a sparse vector
 * @param b a sparse vector
 * @return the cosine in [−1, 1]; 0 for a zero vector; NaN when a or b holds a NaN or an
 *         infinity (NaN in, NaN out: the clamp does not hide it)
 * @throws shape_error or invalid_argument naming cosine_similarity for a malformed vector
 *
 * Complexity: O(nnz(a) + nnz(b)). Example:
 * `cosine_similarity({{0, 1}, {1.0, 1.0}}, {{0}, {1.0}})` → 1/√2 = 0.7071…;
 * `cosine_similarity({}, {{0}, {1.0}})` → 0.
 */
inline double cosine_similarity(const sparse_vector& a, const sparse_vector& b) {
    detail::check_sparse("cosine_similarity", a, "a");
    detail::check_sparse("cosine_similarity", b, "b");
    return detail::cosine(a, b);
}

/**
 * @ingroup nlp
 * @brief The TF-IDF vector of one document: tf(c) · idf for every vocabulary term it holds,
 * then divided by its L2 norm if the model says so. Tokens outside the vocabulary are ignored.
 *
 * @f[ w_j = \mathrm{tf}(c(t_j, d))\,\mathrm{idf}(t_j), \qquad
 *     \text{L2: } w_j \leftarrow \frac{w_j}{\sqrt{\sum_k w_k^2}} @f]
 * with tf and idf as the model's tf_weighting and idf_weighting. A weight of 0 (a term of every
 * document under idf_weighting::log) is not stored. A document without a weighted term gives the
 * zero vector, which stays zero (nothing to divide: sklearn leaves such rows at zero too).
 *
 * @param model a model from make_tfidf()
 * @param tokens the document
 * @return the weights of the terms the document holds, columns increasing; unit L2 norm when
 *         options.l2_normalize and the vector is not zero
 * @throws shape_error or invalid_argument naming tfidf_vector for a model not made by
 *         make_tfidf
 *
 * Complexity: O(n log |V| + n log n) for n tokens (bag_of_words()), then O(nnz).
 * Example (the guide's corpus, N = 3, the plain `log` idf, no normalisation): "the cat sat on the
 * cat" → cat: 2 · ln(3/2) = 0.8109…, sat: 1 · ln(3/2) = 0.4055…; "the" and "on" (in every
 * document, idf 0) weigh 0 and are not stored.
 */
inline sparse_vector tfidf_vector(const tfidf_model& model, const std::vector<std::string>& tokens) {
    detail::check_model("tfidf_vector", model);
    const sparse_vector counts = bag_of_words(model.vocabulary, tokens);
    sparse_vector w;
    w.indices.reserve(counts.indices.size());
    w.values.reserve(counts.indices.size());
    double sum_of_squares = 0.0;
    for (std::size_t i = 0; i < counts.indices.size(); ++i) {
        const std::size_t j = counts.indices[i];
        const double value = detail::term_frequency(model.options.tf, counts.values[i]) * model.idf[j];
        if (value == 0.0) continue;
        w.indices.push_back(j);
        w.values.push_back(value);
        sum_of_squares += value * value;
    }
    if (model.options.l2_normalize && sum_of_squares > 0.0) {
        const double norm = std::sqrt(sum_of_squares);  // tf ≤ n and idf ≤ ln(N + 1) + 1: no overflow
        for (double& value : w.values) value /= norm;
    }
    return w;
}

/**
 * @ingroup nlp
 * @brief The TF-IDF vectors of a collection, one tfidf_vector() per document, in order.
 *
 * @param model a model from make_tfidf()
 * @param documents the documents
 * @return one sparse vector per document
 * @throws shape_error or invalid_argument naming tfidf_vectors for a model not made by
 *         make_tfidf
 *
 * Complexity: that of tfidf_vector() per document. Example: `tfidf_vectors(model, docs)` is the
 * matrix sklearn's `TfidfVectorizer().fit_transform(docs)` returns, row by row.
 */
inline std::vector<sparse_vector> tfidf_vectors(const tfidf_model& model,
                                                const std::vector<std::vector<std::string>>& documents) {
    detail::check_model("tfidf_vectors", model);
    std::vector<sparse_vector> rows;
    rows.reserve(documents.size());
    for (const std::vector<std::string>& tokens : documents) rows.push_back(tfidf_vector(model, tokens));
    return rows;
}

/**
 * @ingroup nlp
 * @brief Sparse rows as a dense (rows, columns) matrix, zeros filled in: the document-term
 * matrix that ml/03's logistic regression and linalg's functions take.
 *
 * @param rows the sparse rows, e.g. tfidf_vectors()
 * @param columns the number of columns, |V| for document vectors
 * @return the matrix, row r holding rows[r]'s values in their columns
 * @throws shape_error naming to_dense for a row with an index ≥ columns or sizes that differ,
 *         invalid_argument for indices not strictly increasing
 *
 * Complexity: O(rows · columns) to fill the zeros, memory 8 · rows · columns bytes: 120 MB for
 * 1,500 documents and 10,000 terms, where sparse rows of 200 entries take about 5 MB. Example:
 * `to_dense({{{1}, {2.0}}, {}}, 3)` → {{0, 2, 0}, {0, 0, 0}}.
 */
inline matrix to_dense(const std::vector<sparse_vector>& rows, std::size_t columns) {
    matrix out({rows.size(), columns});
    out.fill(0.0);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const std::string what = ::llmlings::detail::concat("row ", r);
        detail::check_sparse("to_dense", rows[r], what);
        if (!rows[r].indices.empty() && rows[r].indices.back() >= columns)
            throw shape_error("to_dense", ::llmlings::detail::concat(what, " has index ", rows[r].indices.back(),
                                                                     ", but the matrix has ", columns, " columns"));
        for (std::size_t i = 0; i < rows[r].indices.size(); ++i) out(r, rows[r].indices[i]) = rows[r].values[i];
    }
    return out;
}

namespace detail {

/**
 * @brief search() and search_text(): the query's vector, every document's cosine, the best
 * min(k, N) by score descending, then index ascending.
 *
 * @param function the public function, for the messages
 * @param model a model, already checked
 * @param index the documents' vectors
 * @param query_tokens the query
 * @param k how many hits
 * @return the hits, best first
 */
inline std::vector<search_hit> search_ranked(const char* function, const tfidf_model& model,
                                             const std::vector<sparse_vector>& index,
                                             const std::vector<std::string>& query_tokens, std::size_t k) {
    const sparse_vector query = ::llmlings::nlp::tfidf_vector(model, query_tokens);
    std::vector<search_hit> hits(index.size());
    for (std::size_t d = 0; d < index.size(); ++d) {
        check_sparse(function, index[d], ::llmlings::detail::concat("document ", d));
        hits[d] = {d, cosine(query, index[d])};
        if (std::isnan(hits[d].score))
            throw invalid_argument(function, ::llmlings::detail::concat("the score of document ", d,
                                                                        " is NaN: its vector holds a NaN or an "
                                                                        "infinity"));
    }
    const std::size_t m = std::min(k, hits.size());
    std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(m), hits.end(),
                      [](const search_hit& a, const search_hit& b) {
                          return a.score != b.score ? a.score > b.score : a.document < b.document;
                      });
    hits.resize(m);
    return hits;
}

}  // namespace detail

/**
 * @ingroup nlp
 * @brief Document search: the k documents most similar to the query, by the cosine of their
 * vectors with the query's TF-IDF vector, best first.
 *
 * The query is weighted by the model exactly as the documents were (tfidf_vector()); its words
 * outside the vocabulary are ignored. Every document gets its cosine (0 for no shared term, and
 * for an empty document or query); the result is the first min(k, N) documents in the order
 * score descending, then document index ascending: ties go to the lower index, so the order is
 * deterministic. Documents with score 0 are returned too when k reaches them (they come last, in
 * index order): drop them if only matches are wanted.
 *
 * @param model the model the index was made with
 * @param index the documents' vectors, tfidf_vectors(model, documents)
 * @param query_tokens the query, tokenised as the documents were
 * @param k how many documents to return; k > N returns all N; k = 0 returns none
 * @return min(k, N) hits {document, score}, best first
 * @throws shape_error or invalid_argument naming search for a model not made by make_tfidf or a
 *         malformed document vector; invalid_argument when a document's score is NaN (a NaN or
 *         infinite value in the index: a ranking needs numbers), naming the document
 *
 * Complexity: O(total entries of the index + n log n) for the scores, then O(N log k) to pick
 * the best (std::partial_sort). Example (the guide's corpus): `search(model, index, {"cat"}, 5)`
 * → documents 0 (0.7064…) and 2 (0.3851…), which hold "cat", then 1 with score 0.
 */
inline std::vector<search_hit> search(const tfidf_model& model, const std::vector<sparse_vector>& index,
                                      const std::vector<std::string>& query_tokens, std::size_t k) {
    detail::check_model("search", model);
    return detail::search_ranked("search", model, index, query_tokens, k);
}

/**
 * @ingroup nlp
 * @brief Document search for a query string: search() on tokenize(text) (nlp/01), so the
 * documents must have been tokenised with tokenize() too.
 *
 * @param model the model the index was made with
 * @param index the documents' vectors
 * @param text the query, UTF-8
 * @param k how many documents to return (k > N returns all N)
 * @return min(k, N) hits, best first, ties to the lower document index
 * @throws invalid_argument for text that is not UTF-8 (decode_utf8's error), and search()'s
 *         exceptions, named search_text
 *
 * Complexity: O(text) to tokenise, then that of search(). Example:
 * `search_text(model, index, "The CAT!", 1)` equals `search(model, index, {"the", "cat"}, 1)`.
 */
inline std::vector<search_hit> search_text(const tfidf_model& model, const std::vector<sparse_vector>& index,
                                           std::string_view text, std::size_t k) {
    detail::check_model("search_text", model);
    return detail::search_ranked("search_text", model, index, tokenize(text), k);
}

}  // namespace nlp
}  // namespace llmlings

#endif  // LLMLINGS_NLP_03_TFIDF_HPP
