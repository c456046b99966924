// SPDX-License-Identifier: MIT
// The oracles of tests/nlp/01_tokenization.cpp, compiled once in oracles/01_tokenization.cpp (never
// with the learner's file): every code point and its UTF-8 bytes written by an encoder of this file,
// the well-formed byte sequences of the Unicode Standard's Table 3-7, the simple lowercase mapping
// within to_lower's scope, the Porter stemmer's published test vocabulary and the English stop-word
// list, both read from .data/. Each returns plain strings and containers, so the test file does no
// heavy work of its own.
#ifndef LLMLINGS_TESTS_NLP_ORACLES_01_TOKENIZATION_HPP
#define LLMLINGS_TESTS_NLP_ORACLES_01_TOKENIZATION_HPP

#include <string>
#include <unordered_set>
#include <vector>

#include "common/oracles.hpp"

namespace oracles {

/// Every code point U+0000–U+10FFFF except the surrogates U+D800–U+DFFF, in increasing order:
/// 1,112,064 of them.
const std::u32string& every_code_point();
/// The same code points as UTF-8, each written from the bit table of the Unicode Standard
/// (Table 3-6) by this file's own encoder: 4,382,592 bytes (128·1 + 1,920·2 + 61,440·3 +
/// 1,048,576·4).
const std::string& every_code_point_utf8();

/// A short byte string and whether it is well-formed UTF-8.
struct byte_case {
    std::string bytes;
    bool well_formed;
};
/// Byte strings of one to four bytes that exercise every lead byte: all 65,536 two-byte strings,
/// and three- and four-byte strings with every lead byte from 0xE0 (0xF0), every second byte and
/// representative later bytes. well_formed is decided by the byte ranges of Table 3-7 ("Well-Formed
/// UTF-8 Byte Sequences"), not by decoding.
const std::vector<byte_case>& byte_cases();

/// The simple lowercase mapping of the Unicode Character Database (UnicodeData.txt, field 13)
/// within to_lower's scope, written as ranges: A–Z, À–Þ except ×, Α–Ω except U+03A2, А–Я, Ѐ–Џ;
/// every other code point maps to itself. Checked on 2026-12-05 against Python 3.11's str.lower
/// (Unicode 14.0) for every code point in those ranges.
char32_t expected_lower(char32_t c);

/// "" when the two are equal, else where they first differ: the index, both values (as U+XXXX or
/// as bytes 0xXX) and the lengths.
std::string first_difference(const std::u32string& got, const std::u32string& expected);
std::string first_difference(const std::string& got, const std::string& expected);
/// `U+00E9`: a code point as Unicode writes it; `C0 AF`: bytes in hexadecimal, for messages.
std::string u_plus(char32_t c);
std::string hex_bytes(const std::string& bytes);

/// One word of the Porter stemmer's test vocabulary and its published stem.
struct porter_pair {
    std::string word, stem;
};
/// The 30,428 pairs of .data/porter-voc.txt and porter-output.txt (line i of one with line i of
/// the other; snowball-data's porter/voc.txt and output.txt), read once; empty when a file is
/// missing or the two differ in length.
const std::vector<porter_pair>& porter_vocabulary();

/// The English stop-word list, llmlings::data::load_stopwords("english"), read once (174 words).
const std::unordered_set<std::string>& english_stopwords();

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NLP_ORACLES_01_TOKENIZATION_HPP
