// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The nlp module in one include: from bytes and words to language models, embeddings,
 * sequence-to-sequence models, decoding, text metrics and vector search.
 */
#ifndef LLMLINGS_NLP_HPP
#define LLMLINGS_NLP_HPP

/**
 * @defgroup nlp nlp — natural language processing
 * @brief Weeks 15–20: text into tokens, counts and vectors, and the classic models of language.
 */

#include <llmlings/nlp/01_tokenization.hpp>
#include <llmlings/nlp/02_ngrams.hpp>
#include <llmlings/nlp/03_tfidf.hpp>
#include <llmlings/nlp/04_word2vec.hpp>
#include <llmlings/nlp/05_glove.hpp>
#include <llmlings/nlp/06_bpe.hpp>
#include <llmlings/nlp/07_text_classification.hpp>
#include <llmlings/nlp/08_seq2seq.hpp>
#include <llmlings/nlp/09_attention.hpp>
#include <llmlings/nlp/10_decoding.hpp>
#include <llmlings/nlp/11_metrics.hpp>
#include <llmlings/nlp/12_vector_search.hpp>

#endif  // LLMLINGS_NLP_HPP
