// SPDX-License-Identifier: MIT
// Oracles of tests/nlp/06_bpe.cpp: the golden-file reader, the malformed corpus and seeded texts;
// no code of the topic under test.
#include "06_bpe.hpp"

#include <llmlings/core/random.hpp>
#include <llmlings/testing.hpp>

#include "common/oracles.hpp"

namespace oracles {

namespace {

std::string bytes_of(const xt::xarray<double>& a) {
    std::string s;
    for (double v : a) s += static_cast<char>(static_cast<unsigned char>(v));
    return s;
}

std::vector<std::uint32_t> ids_of(const xt::xarray<double>& a) {
    std::vector<std::uint32_t> ids;
    for (double v : a) ids.push_back(static_cast<std::uint32_t>(v));
    return ids;
}

const llmlings::testing::golden_file& golden() {
    static const llmlings::testing::golden_file g =
        llmlings::testing::golden_file::load(llmlings::testing::golden_path("nlp/06_bpe.txt"));
    return g;
}

malformed_tokenizer read_case(const std::string& name, const std::string& fragment) {
    const std::string base = llmlings::testing::golden_path("nlp/06_bpe_malformed/" + name);
    return {name, read_text(base + ".encoder.json"), read_text(base + ".vocab.bpe"), fragment};
}

}  // namespace

const std::vector<gpt2_golden_text>& gpt2_golden_texts() {
    static const std::vector<gpt2_golden_text> texts = [] {
        std::vector<gpt2_golden_text> out;
        const auto n = static_cast<std::size_t>(golden().array("text_count")(0));
        for (std::size_t k = 0; k < n; ++k)
            out.push_back({bytes_of(golden().array("text_" + std::to_string(k))),
                           ids_of(golden().array("ids_" + std::to_string(k)))});
        return out;
    }();
    return texts;
}

const gpt2_golden_text& gpt2_golden_special() {
    static const gpt2_golden_text special{bytes_of(golden().array("special_text")),
                                          ids_of(golden().array("special_ids"))};
    return special;
}

malformed_tokenizer small_gpt2_files() {
    return read_case("valid", "");
}

std::vector<malformed_tokenizer> malformed_gpt2_files() {
    // Each case of tools/golden/nlp_bpe_malformed.py and a piece of the message it must give.
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"truncated_json", "ends"},
        {"truncated_in_escape", "ends inside a \\u escape"},
        {"empty_json", "the file ends where '{'"},
        {"bad_escape", "invalid escape '\\q'"},
        {"bad_unicode_escape", "four hexadecimal digits"},
        {"lone_surrogate", "without its low half"},
        {"control_character", "control character"},
        {"duplicate_key", "appears twice"},
        {"duplicate_merge", "duplicate of token 257"},
        {"merge_of_unknown_token", "neither a byte nor the result of an earlier merge"},
        {"missing_token", "(rank 259 in vocab.bpe) is missing"},
        {"missing_merge", "is not made by vocab.bpe"},
        {"unknown_token", "'xyz' (id 261) is not made by vocab.bpe"},
        {"wrong_id", "has id 300, but vocab.bpe gives it rank 257"},
        {"huge_number", "above 2^31 - 1"},
        {"negative_number", "expected a token id"},
        {"fraction", "without fraction or exponent"},
        {"string_value", "expected a token id"},
        {"not_an_object", "expected '{'"},
        {"trailing_garbage", "unexpected bytes after the object"},
        {"missing_special", "'<|endoftext|>' is missing"},
        {"special_wrong_id", "has id 5000, expected 260"},
        {"non_utf8_json", "not valid UTF-8"},
        {"non_utf8_vocab", "not valid UTF-8"},
        {"outside_byte_alphabet", "U+4E00"},
        {"three_fields", "two tokens separated by one space"},
        {"crlf_line_ends", "U+000D"},
        {"empty_line", "an empty line"},
    };
    std::vector<malformed_tokenizer> out;
    for (const auto& [name, fragment] : cases) out.push_back(read_case(name, fragment));
    return out;
}

std::string bpe_random_text(std::size_t n, std::size_t alphabet, unsigned seed) {
    static const std::string first = "ab cd\n";
    llmlings::rng gen(seed);
    std::string s;
    for (std::size_t i = 0; i < n; ++i) {
        const auto k = static_cast<std::size_t>(llmlings::uniform_index(alphabet, gen));
        s += k < first.size() ? first[k] : static_cast<char>(static_cast<unsigned char>(k - first.size()));
    }
    return s;
}

std::string bpe_random_utf8(std::size_t n, unsigned seed) {
    static const std::vector<std::string> chars = {"a",
                                                   "b",
                                                   "e",
                                                   "t",
                                                   "h",
                                                   "T",
                                                   " ",
                                                   " ",
                                                   " ",
                                                   "\n",
                                                   "'",
                                                   "s",
                                                   ".",
                                                   "1",
                                                   "2",
                                                   "\xC3\xA9",
                                                   "\xD0\xB6",
                                                   "\xE4\xB8\xAD",
                                                   "\xF0\x9F\x98\x80",
                                                   "\t",
                                                   "!"};
    llmlings::rng gen(seed);
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += chars[llmlings::uniform_index(chars.size(), gen)];
    return s;
}

}  // namespace oracles
