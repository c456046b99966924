// SPDX-License-Identifier: MIT
// The oracles of tests/nlp/06_bpe.cpp, compiled once in oracles/06_bpe.cpp (never with the
// learner's file): js-tiktoken's GPT-2 ids of tests/golden/nlp/06_bpe.txt
// (tools/golden/nlp_bpe.mjs), the malformed tokenizer files of tests/golden/nlp/06_bpe_malformed/
// (tools/golden/nlp_bpe_malformed.py) with the message each must give, and seeded random texts
// for the properties. Each returns plain strings and containers.
#ifndef LLMLINGS_TESTS_NLP_ORACLES_06_BPE_HPP
#define LLMLINGS_TESTS_NLP_ORACLES_06_BPE_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace oracles {

/// A text and js-tiktoken's GPT-2 ids for it.
struct gpt2_golden_text {
    std::string text;                ///< UTF-8
    std::vector<std::uint32_t> ids;  ///< enc.encode(text, [], []) (06_bpe.txt) or with "all" specials
};

/// The texts of tools/golden/nlp_bpe.mjs's TEXTS with their ids (special tokens as ordinary text), read once.
const std::vector<gpt2_golden_text>& gpt2_golden_texts();
/// SPECIAL_TEXT of the generator, encoded with <|endoftext|> allowed.
const gpt2_golden_text& gpt2_golden_special();

/// One file pair of the malformed corpus and a fragment that the io_error's message must hold.
struct malformed_tokenizer {
    std::string name;          ///< the case, e.g. "truncated_json"
    std::string encoder_json;  ///< the bytes of NAME.encoder.json
    std::string vocab_bpe;     ///< the bytes of NAME.vocab.bpe
    std::string fragment;      ///< e.g. "ends inside a string"
};

/// The valid pair of the corpus (256 byte tokens, merges "Ġ t", "h e", "Ġt he", "i n", <|endoftext|> = 260).
malformed_tokenizer small_gpt2_files();
/// Every malformed case of the corpus (tools/golden/nlp_bpe_malformed.py's CASES), files read from disk.
std::vector<malformed_tokenizer> malformed_gpt2_files();

/// n random bytes, each uniform over `alphabet` symbols: the first of "ab cd\n", then (alphabet > 6)
/// the bytes 0, 1, …, alphabet − 7 (NUL and invalid UTF-8 included), from llmlings::rng(seed):
/// small alphabets give texts with many ties and repeats.
std::string bpe_random_text(std::size_t n, std::size_t alphabet, unsigned seed);
/// n random characters of valid UTF-8 (ASCII letters, spaces, punctuation, é, ж, 中, 😀), seeded.
std::string bpe_random_utf8(std::size_t n, unsigned seed);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NLP_ORACLES_06_BPE_HPP
