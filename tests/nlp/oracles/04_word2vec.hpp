// SPDX-License-Identifier: MIT
// The oracles of tests/nlp/04_word2vec.cpp, compiled once in oracles/04_word2vec.cpp (never with
// the learner's file): the expected skip-gram pair counts of the dynamic window by exhaustive
// enumeration of every window the centers can draw, and the two synthetic corpora with planted
// structure that the training tests learn. Each returns plain containers.
#ifndef LLMLINGS_TESTS_NLP_ORACLES_04_WORD2VEC_HPP
#define LLMLINGS_TESTS_NLP_ORACLES_04_WORD2VEC_HPP

#include <cstddef>
#include <string>
#include <vector>

#include "common/oracles.hpp"

namespace oracles {

/// Documents of tokens.
using documents = std::vector<std::vector<std::string>>;

/// For a document of n distinct words and the largest window W: the expected number of times the
/// pair (center at position p, context at position q) is made, E[p][q], when each center draws its
/// window uniformly from 1 … W. Computed by enumerating all W^n assignments of windows to the n
/// centers (each equally likely) and counting, for each, every q ≠ p with |p − q| ≤ window(p);
/// no formula is used. Keep W^n small (≤ 10^6).
matrix window_pair_expectations(std::size_t n, std::size_t window);

/// Two topics that never meet: `count` documents of `length` words, each drawn uniformly from one
/// topic only ("a0" … "a5" or "b0" … "b5", the topic alternating by document), llmlings::rng(seed).
documents two_topic_corpus(unsigned seed, std::size_t count, std::size_t length);

/// An analogy-friendly toy grammar. Six entities, rank × gender: king/queen (royal), man/woman
/// (common), boy/girl (young). Each document is one entity with three words on each side, each
/// drawn uniformly from the union of its rank's context words (royal: crown throne palace reign;
/// common: field work bread house; young: play school toy small) and its gender's (he his him
/// beard / she her hers gown). So king's company is royal ∪ male and queen's royal ∪ female, and
/// king − man + woman should land on queen. `count` documents, entities in turn, llmlings::rng(seed).
documents analogy_corpus(unsigned seed, std::size_t count);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NLP_ORACLES_04_WORD2VEC_HPP
