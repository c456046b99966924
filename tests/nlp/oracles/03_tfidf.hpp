// SPDX-License-Identifier: MIT
// The oracles of tests/nlp/03_tfidf.cpp, compiled once in oracles/03_tfidf.cpp (never with the
// learner's file): the documents and queries of tools/golden/nlp_tfidf.py, repeated word for word,
// and scikit-learn 1.2's values from tests/golden/nlp/03_tfidf.txt with the terms of its index
// arrays written out; and the ranking "score descending, then index ascending" of a list of
// scores. Each returns plain strings and containers, so the test file does no heavy work.
#ifndef LLMLINGS_TESTS_NLP_ORACLES_03_TFIDF_HPP
#define LLMLINGS_TESTS_NLP_ORACLES_03_TFIDF_HPP

#include <cstddef>
#include <string>
#include <vector>

#include "common/oracles.hpp"

namespace oracles {

/// Documents of tokens.
using token_documents = std::vector<std::vector<std::string>>;
/// A dense table [row][column].
using table = std::vector<std::vector<double>>;

/// DOCS of tools/golden/nlp_tfidf.py, each line split on spaces: 11 documents (the sixth empty;
/// the last two hold the same words in another order; UTF-8 words such as "café", "日本").
const token_documents& tfidf_golden_documents();
/// QUERIES of tools/golden/nlp_tfidf.py: 5 queries (words outside the vocabulary, the last empty).
const token_documents& tfidf_golden_queries();

/// One CountVectorizer configuration of the golden file, and its options as the C++ ones.
struct golden_vocabulary {
    std::string name;                ///< the generator's name: all, min_df_2, max_df_0_3, max_features_5, combined
    std::size_t min_df = 1;          ///< sklearn's integer min_df
    double max_df = 1.0;             ///< sklearn's float max_df
    std::size_t max_features = 0;    ///< 0: none
    std::vector<std::string> terms;  ///< get_feature_names_out()
    std::vector<double> df;          ///< the document frequencies
    table counts;                    ///< fit_transform(DOCS), dense (documents, terms)
};

/// The five vocabulary configurations, in the file's order. Read once.
const std::vector<golden_vocabulary>& tfidf_golden_vocabularies();

/// A 2-D array of the golden file by name (counts, binary_counts, query_counts, tfidf_<tf>_<idf>_<norm>,
/// query_tfidf_…, cosine_docs, cosine_queries); throws llmlings::io_error for a name it lacks.
table tfidf_golden_table(const std::string& name);
/// A 1-D array of the golden file by name (idf_<variant>).
std::vector<double> tfidf_golden_row(const std::string& name);

/// The indices 0 … n − 1 ordered by score descending, then index ascending: the ranking search()
/// must return, from scores computed elsewhere (std::stable_sort on the scores alone).
std::vector<std::size_t> ranking_by_score(const std::vector<double>& scores);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NLP_ORACLES_03_TFIDF_HPP
