// SPDX-License-Identifier: MIT
// Tests for nlp/06_bpe. Oracles: minbpe's published example (Wikipedia's "aaabdaaabac": merges
// aa, aaa, aaab and the encoding [258, 100, 258, 97, 99] of minbpe's test_wikipedia_example) and
// small cases worked by hand below (ties, chunks, learning order); properties (the fast trainer
// learns the naive trainer's merges on seeded texts full of ties, with and without GPT-2's
// split; decode(encode(s)) == s for random bytes and UTF-8; GPT-2's pieces join to the text);
// GPT-2's byte table as openai/gpt-2's encoder.py defines it; and js-tiktoken 1.0.21's GPT-2 ids
// for 24 varied texts (tools/golden/nlp_bpe.mjs, read in oracles/06_bpe.cpp) with the real
// encoder.json and vocab.bpe of ./llmlings data. Every KJV verse is checked in
// tests/integration/bpe_gpt2_kjv.cpp. The malformed tokenizer files of
// tests/golden/nlp/06_bpe_malformed/ (tools/golden/nlp_bpe_malformed.py) must each give an io_error.
#include <llmlings/testing.hpp>

#include <llmlings/nlp/06_bpe.hpp>

#include <cstddef>
#include <string>
#include <vector>

#include "oracles/06_bpe.hpp"

using llmlings::testing::contains;
using namespace llmlings::nlp;
using namespace oracles;
using ids = std::vector<bpe_token>;
using pairs = std::vector<bpe_pair>;

namespace {

// Merges for messages: "(97,97) (256,97)".
std::string show(const pairs& merges) {
    std::string s;
    for (const bpe_pair& p : merges) s += "(" + std::to_string(p.left) + "," + std::to_string(p.right) + ") ";
    return s;
}

// The first index where two merge lists differ, for messages.
std::string first_difference(const pairs& a, const pairs& b) {
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        if (a[i] != b[i])
            return "merge " + std::to_string(i) + ": (" + std::to_string(a[i].left) + "," + std::to_string(a[i].right) +
                   ") vs (" + std::to_string(b[i].left) + "," + std::to_string(b[i].right) + ")";
    return a.size() == b.size() ? "none" : "lengths " + std::to_string(a.size()) + " and " + std::to_string(b.size());
}

// "" when the byte strings are equal, else where they first differ, every byte written as
// printable ASCII or \xNN: raw bytes (invalid UTF-8) must never reach the test's output.
std::string byte_difference(const std::string& got, const std::string& want) {
    if (got == want) return "";
    std::size_t i = 0;
    while (i < got.size() && i < want.size() && got[i] == want[i]) ++i;
    const auto show_byte = [](const std::string& s, std::size_t k) {
        if (k >= s.size()) return std::string("(end)");
        const auto b = static_cast<unsigned char>(s[k]);
        if (b >= 0x20 && b < 0x7F) return std::string(1, static_cast<char>(b));
        const char* hex = "0123456789ABCDEF";
        return std::string("\\x") + hex[b >> 4] + hex[b & 0xF];
    };
    return "lengths " + std::to_string(got.size()) + " and " + std::to_string(want.size()) + "; byte " +
           std::to_string(i) + " is " + show_byte(got, i) + ", expected " + show_byte(want, i);
}

// GPT-2's tokenizer from .data/gpt2, read once per program (two cases use it).
const gpt2_tokenizer& real_gpt2() {
    static const gpt2_tokenizer tok = load_gpt2_tokenizer();
    return tok;
}

bool same_pairs(const std::vector<bpe_pair_count>& got, const std::vector<bpe_pair_count>& want) {
    if (got.size() != want.size()) return false;
    for (std::size_t i = 0; i < got.size(); ++i)
        if (got[i].pair != want[i].pair || got[i].count != want[i].count) return false;
    return true;
}

}  // namespace

// ---- Tier (a): your own tokenizer -------------------------------------------------------------

TEST_CASE("bpe_count_pairs counts adjacent pairs in order of first occurrence", "[nlp][06_bpe]") {
    // minbpe's docstring example: [1, 2, 3, 1, 2] -> {(1, 2): 2, (2, 3): 1, (3, 1): 1}
    CHECK(same_pairs(bpe_count_pairs({{1, 2, 3, 1, 2}}), {{{1, 2}, 2}, {{2, 3}, 1}, {{3, 1}, 1}}));
    // overlapping pairs all count: "aaa" has (a, a) twice
    CHECK(same_pairs(bpe_count_pairs({{7, 7, 7}}), {{{7, 7}, 2}}));
    // pairs never span chunks; the order is chunk by chunk: (5,6) is first, (1,2) second
    CHECK(same_pairs(bpe_count_pairs({{5, 6}, {1, 2}, {2}, {1, 2, 5, 6}}), {{{5, 6}, 2}, {{1, 2}, 2}, {{2, 5}, 1}}));
    CHECK(bpe_count_pairs({}).empty());
    CHECK(bpe_count_pairs({{}, {4}, {9}}).empty());
}

TEST_CASE("bpe_merge replaces non-overlapping occurrences from the left", "[nlp][06_bpe]") {
    CHECK(bpe_merge({1, 2, 3, 1, 2}, {1, 2}, 4) == ids{4, 3, 4});  // minbpe's docstring example
    CHECK(bpe_merge({7, 7, 7}, {7, 7}, 9) == ids{9, 7});
    CHECK(bpe_merge({7, 7, 7, 7}, {7, 7}, 9) == ids{9, 9});
    CHECK(bpe_merge({2, 1, 2, 1}, {1, 2}, 5) == ids{2, 5, 1});
    CHECK(bpe_merge({1, 3, 2}, {1, 2}, 5) == ids{1, 3, 2});  // not adjacent: nothing to do
    CHECK(bpe_merge({3, 1}, {1, 2}, 5) == ids{3, 1});        // the last token has no partner
    CHECK(bpe_merge({}, {1, 2}, 5).empty());
}

TEST_CASE("bpe_make_tokenizer builds the vocabulary and ranks from the merges", "[nlp][06_bpe]") {
    const bpe_tokenizer tok = bpe_make_tokenizer({{97, 97}, {256, 97}, {257, 98}});
    REQUIRE(tok.vocab.size() == 259);
    CHECK(byte_difference(tok.vocab[0], std::string(1, '\0')).empty());
    CHECK(byte_difference(tok.vocab[97], "a").empty());
    CHECK(byte_difference(tok.vocab[255], "\xFF").empty());
    CHECK(byte_difference(tok.vocab[256], "aa").empty());
    CHECK(byte_difference(tok.vocab[257], "aaa").empty());
    CHECK(byte_difference(tok.vocab[258], "aaab").empty());
    CHECK(tok.ranks.size() == 3);
    CHECK(tok.ranks.at({256, 97}) == 257);
    CHECK(tok.split == bpe_split::none);
    CHECK(bpe_make_tokenizer({}, bpe_split::gpt2).split == bpe_split::gpt2);
    using llmlings::invalid_argument;
    // merge 1 may only use ids below 257
    CHECK_THROWS_AS(bpe_make_tokenizer({{97, 97}, {257, 97}}), invalid_argument);
    CHECK_THROWS_WITH(bpe_make_tokenizer({{256, 97}}), contains("bpe_make_tokenizer") && contains("merge 0"));
    CHECK_THROWS_WITH(bpe_make_tokenizer({{97, 98}, {97, 98}}), contains("bpe_make_tokenizer") && contains("repeats"));
}

TEST_CASE("bpe_train_naive learns the Wikipedia merges with the first pair winning ties", "[nlp][06_bpe]") {
    // aaabdaaabac: (a,a) occurs 4 times -> 256. Then 256 a b d 256 a b a c: (256,a) and (a,b) both
    // twice, (256,a) first -> 257 (lexicographic order would pick (97,98)). Then 257 b d 257 b a c:
    // (257,b) twice -> 258. minbpe's test: encode gives [258, 100, 258, 97, 99].
    const bpe_tokenizer tok = bpe_train_naive("aaabdaaabac", 256 + 3);
    INFO("merges " << show(tok.merges));
    CHECK(tok.merges == pairs{{97, 97}, {256, 97}, {257, 98}});
    CHECK(tok.vocab.size() == 259);
    CHECK(byte_difference(tok.vocab[258], "aaab").empty());
    CHECK(bpe_encode(tok, "aaabdaaabac") == ids{258, 100, 258, 97, 99});
    CHECK(byte_difference(bpe_decode(tok, bpe_encode(tok, "aaabdaaabac")), "aaabdaaabac").empty());
    CHECK(bpe_encode(tok, "aaaa") == ids{256, 256});  // (a,a) twice; (256,256) was never learned
    // vocab_size 256 learns nothing
    CHECK(bpe_train_naive("aaabdaaabac", 256).merges.empty());
}

TEST_CASE("bpe_train_naive breaks ties by first occurrence and stops when no pair is left", "[nlp][06_bpe]") {
    // One chunk "ab cd cd ab": (a,b) (' ',c) (c,d) (d,' ') twice each, (a,b) first -> 256.
    // X=256: X ' ' c d ' ' c d ' ' X: (' ',c), (c,d), (d,' ') twice, (' ',c) first -> 257.
    // X 257 d 257 d ' ' X: (257,d) twice -> 258. X 258 258 ' ' X: all once, (X,258) first -> 259.
    const bpe_tokenizer one = bpe_train_naive("ab cd cd ab", 260);
    INFO("merges " << show(one.merges));
    CHECK(one.merges == pairs{{97, 98}, {32, 99}, {257, 100}, {256, 258}});
    // GPT-2's split: "ab" " cd" " cd" " ab"; pairs never cross the pieces' edges, so (b,' ') and
    // (d,' ') do not exist. (a,b), (' ',c), (c,d) twice, (a,b) first -> 256; then (' ',c) -> 257;
    // (257,d) -> 258; (' ',256) once -> 259; then every piece is one token: training stops at 4
    // merges although 300 - 256 were asked for.
    const bpe_tokenizer split = bpe_train_naive("ab cd cd ab", 300, bpe_split::gpt2);
    INFO("merges " << show(split.merges));
    CHECK(split.merges == pairs{{97, 98}, {32, 99}, {257, 100}, {32, 256}});
    CHECK(split.vocab.size() == 260);
    CHECK(split.split == bpe_split::gpt2);
    CHECK(bpe_encode(split, "ab cd cd ab") == ids{256, 258, 258, 259});
    // without a split, a short text becomes one token: "abc" -> (a,b), then (256,c)
    CHECK(bpe_train_naive("abc", 1000).merges == pairs{{97, 98}, {256, 99}});
}

TEST_CASE("bpe_train learns the merges of the hand-worked examples", "[nlp][06_bpe]") {
    CHECK(bpe_train("aaabdaaabac", 259).merges == pairs{{97, 97}, {256, 97}, {257, 98}});
    CHECK(bpe_train("ab cd cd ab", 260).merges == pairs{{97, 98}, {32, 99}, {257, 100}, {256, 258}});
    CHECK(bpe_train("ab cd cd ab", 300, bpe_split::gpt2).merges == pairs{{97, 98}, {32, 99}, {257, 100}, {32, 256}});
    CHECK(bpe_train("abc", 1000).merges == pairs{{97, 98}, {256, 99}});
    // runs of one byte: "aaaa" -> (a,a) three times -> 256 256 -> (256,256)
    CHECK(bpe_train("aaaa", 300).merges == pairs{{97, 97}, {256, 256}});
    const bpe_tokenizer tok = bpe_train("aaabdaaabac", 259);
    CHECK(byte_difference(tok.vocab[257], "aaa").empty());
    CHECK(bpe_encode(tok, "aaabdaaabac") == ids{258, 100, 258, 97, 99});
}

TEST_CASE("bpe_train learns the same merges as bpe_train_naive on texts full of ties", "[nlp][06_bpe]") {
    // Small alphabets make many pairs tie; a wrong tie rule or a stale count shows up as the first
    // merge where the two lists differ.
    struct setting {
        std::size_t n, alphabet;
        unsigned seed;
        std::size_t vocab;
        bpe_split split;
    };
    const std::vector<setting> settings = {
        {300, 3, 1, 320, bpe_split::none}, {400, 6, 2, 360, bpe_split::none},  {500, 256, 3, 300, bpe_split::none},
        {800, 5, 4, 330, bpe_split::gpt2}, {1200, 6, 5, 400, bpe_split::gpt2}, {60, 2, 6, 400, bpe_split::none},
    };
    for (const setting& s : settings) {
        const std::string text = bpe_random_text(s.n, s.alphabet, s.seed);
        const pairs naive = bpe_train_naive(text, s.vocab, s.split).merges;
        const pairs fast = bpe_train(text, s.vocab, s.split).merges;
        INFO("seed " << s.seed << ", " << s.n << " bytes from " << s.alphabet << " symbols, " << naive.size()
                     << " merges; first difference: " << first_difference(naive, fast));
        CHECK(naive == fast);
        CHECK(!naive.empty());
    }
    const std::string utf8 = bpe_random_utf8(1500, 7);
    const pairs naive = bpe_train_naive(utf8, 420, bpe_split::gpt2).merges;
    const pairs fast = bpe_train(utf8, 420, bpe_split::gpt2).merges;
    INFO("random UTF-8; first difference: " << first_difference(naive, fast));
    CHECK(naive == fast);
}

TEST_CASE("bpe_encode applies the merges in the order they were learned", "[nlp][06_bpe]") {
    // (b,c) learned first: "abc" -> a, bc; (a,b) first: ab, c
    const bpe_tokenizer bc_first = bpe_make_tokenizer({{98, 99}, {97, 98}});
    CHECK(bpe_encode(bc_first, "abc") == ids{97, 256});
    const bpe_tokenizer ab_first = bpe_make_tokenizer({{97, 98}, {98, 99}});
    CHECK(bpe_encode(ab_first, "abc") == ids{256, 99});
    // a merge of merged tokens waits for them: "abab" -> 256 256 -> 258 with (256,256) = 258
    const bpe_tokenizer nested = bpe_make_tokenizer({{97, 98}, {99, 99}, {256, 256}});
    CHECK(bpe_encode(nested, "ababab") == ids{258, 256});
    CHECK(bpe_encode(nested, "") == ids{});
    CHECK(bpe_encode(nested, "x") == ids{120});
    // (x,' ') = 256 comes first in one chunk; GPT-2's split cuts "x ab" into "x", " ab", so
    // only (' ',a) = 257 can apply
    CHECK(bpe_encode(bpe_make_tokenizer({{120, 32}, {32, 97}}), "x ab") == ids{256, 97, 98});
    CHECK(bpe_encode(bpe_make_tokenizer({{120, 32}, {32, 97}}, bpe_split::gpt2), "x ab") == ids{120, 257, 98});
}

TEST_CASE("bpe_decode of bpe_encode gives back any bytes", "[nlp][06_bpe]") {
    // trained on random bytes of 8 symbols (NUL and 0x01 among them), then used on other texts
    // of those 8 (which the merges compress) and on random bytes of 250 values (invalid UTF-8)
    const bpe_tokenizer tok = bpe_train(bpe_random_text(3000, 8, 11), 400);
    for (std::size_t alphabet : {8, 256}) {
        const std::string text = bpe_random_text(2000, alphabet, static_cast<unsigned>(alphabet));
        const ids encoded = bpe_encode(tok, text);
        INFO(alphabet << " symbols");
        if (alphabet == 8) CHECK(encoded.size() < text.size() * 3 / 4);
        CHECK(byte_difference(bpe_decode(tok, encoded), text).empty());
    }
    const std::string nul("a\0b\0\xff\xfe", 6);
    CHECK(byte_difference(bpe_decode(tok, bpe_encode(tok, nul)), nul).empty());
    // with GPT-2's split, on UTF-8
    const std::string utf8 = bpe_random_utf8(2000, 14);
    const bpe_tokenizer gpt = bpe_train(utf8, 350, bpe_split::gpt2);
    CHECK(byte_difference(bpe_decode(gpt, bpe_encode(gpt, utf8)), utf8).empty());
    CHECK(
        byte_difference(bpe_decode(gpt, bpe_encode(gpt, "h\xC3\xA9 \xF0\x9F\x98\x80!")), "h\xC3\xA9 \xF0\x9F\x98\x80!")
            .empty());
    CHECK(bpe_decode(gpt, {}).empty());
    // decoding concatenates the tokens' bytes
    CHECK(byte_difference(bpe_decode(bpe_make_tokenizer({{97, 97}}), {256, 98, 256}), "aabaa").empty());
}

TEST_CASE("the bpe functions reject unknown tokens empty texts bad sizes and invalid UTF-8", "[nlp][06_bpe]") {
    using llmlings::invalid_argument;
    const bpe_tokenizer tok = bpe_make_tokenizer({{97, 97}});
    CHECK_THROWS_AS(bpe_decode(tok, {97, 257}), invalid_argument);
    CHECK_THROWS_WITH(bpe_decode(tok, {97, 257}), contains("bpe_decode") && contains("257") && contains("index 1"));
    CHECK_THROWS_WITH(bpe_train("", 300), contains("bpe_train") && contains("empty"));
    CHECK_THROWS_WITH(bpe_train_naive("", 300), contains("bpe_train_naive") && contains("empty"));
    CHECK_THROWS_WITH(bpe_train("abc", 255), contains("bpe_train") && contains("vocab_size"));
    CHECK_THROWS_WITH(bpe_train_naive("abc", 0), contains("bpe_train_naive") && contains("vocab_size"));
    // GPT-2's split reads characters: invalid UTF-8 is rejected with the offset of the bad byte
    CHECK_THROWS_WITH(bpe_train("ab\xC3(", 300, bpe_split::gpt2), contains("bpe_train") && contains("byte 2"));
    CHECK_THROWS_WITH(bpe_encode(bpe_make_tokenizer({}, bpe_split::gpt2), "ok \xFF"),
                      contains("bpe_encode") && contains("UTF-8") && contains("byte 3"));
    // a tokenizer that training did not make
    CHECK_THROWS_WITH(bpe_encode(bpe_tokenizer{}, "a"), contains("bpe_encode") && contains("bpe_train"));
    CHECK_THROWS_AS(bpe_decode(bpe_tokenizer{}, {1}), invalid_argument);
}

// ---- Tier (b): GPT-2 --------------------------------------------------------------------------

TEST_CASE("gpt2_pretokenize cuts text as GPT-2's regex does", "[nlp][06_bpe]") {
    using strings = std::vector<std::string>;
    CHECK(gpt2_pretokenize("Hello world!! It's   42") == strings{"Hello", " world", "!!", " It", "'s", "  ", " 42"});
    // contractions are lowercase ASCII only; "IT'S" keeps the apostrophe apart
    CHECK(gpt2_pretokenize("IT'S we'll") == strings{"IT", "'", "S", " we", "'ll"});
    // the last space of a run goes with the word; a newline never does: "a\n\nb" -> a, \n, \n, b
    CHECK(gpt2_pretokenize("   x") == strings{"  ", " x"});
    CHECK(gpt2_pretokenize("a\n\nb") == strings{"a", "\n", "\n", "b"});
    CHECK(gpt2_pretokenize("end  ") == strings{"end", "  "});
    // letters and digits of any script; symbols and emoji together
    CHECK(gpt2_pretokenize("na\xC3\xAFve caf\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87 \xD9\xA3") ==
          strings{"na\xC3\xAFve", " caf\xC3\xA9", " \xE4\xB8\xAD\xE6\x96\x87", " \xD9\xA3"});
    CHECK(gpt2_pretokenize("x=1+2;\xF0\x9F\x91\x8D!") == strings{"x", "=", "1", "+", "2", ";\xF0\x9F\x91\x8D!"});
    // JavaScript's \s: NBSP (U+00A0) is a space but only ' ' joins a word; U+0085 is a symbol
    CHECK(gpt2_pretokenize("x\xC2\xA0y") == strings{"x", "\xC2\xA0", "y"});
    CHECK(gpt2_pretokenize("a\xC2\x85z") == strings{"a", "\xC2\x85", "z"});
    CHECK(gpt2_pretokenize("").empty());
    CHECK_THROWS_WITH(gpt2_pretokenize("ok\xC3"), contains("gpt2_pretokenize") && contains("byte 2"));
    // the pieces tile every golden text
    for (const gpt2_golden_text& g : gpt2_golden_texts()) {
        std::string joined;
        for (const std::string& piece : gpt2_pretokenize(g.text)) joined += piece;
        CHECK(joined == g.text);
    }
}

TEST_CASE("gpt2_bytes_to_unicode maps printable bytes to themselves and the rest from U+0100", "[nlp][06_bpe]") {
    const std::array<char32_t, 256> t = gpt2_bytes_to_unicode();
    CHECK(t['!'] == U'!');
    CHECK(t['a'] == U'a');
    CHECK(t['~'] == U'~');
    CHECK(t[0xA1] == 0xA1);
    CHECK(t[0xAC] == 0xAC);
    CHECK(t[0xAE] == 0xAE);
    CHECK(t[0xFF] == 0xFF);
    // the 68 others in byte order: 0-32 -> U+0100-U+0120, 127-160 -> U+0121-U+0142, 173 -> U+0143
    CHECK(t[0] == 0x100);
    CHECK(t['\n'] == 0x10A);  // Ċ
    CHECK(t[' '] == 0x120);   // Ġ
    CHECK(t[127] == 0x121);
    CHECK(t[160] == 0x142);
    CHECK(t[173] == 0x143);
    std::size_t same = 0;
    std::vector<bool> used(0x144, false);
    for (int b = 0; b < 256; ++b) {
        same += t[b] == static_cast<char32_t>(b) ? 1 : 0;
        REQUIRE(t[b] < 0x144);
        CHECK(!used[t[b]]);
        used[t[b]] = true;
    }
    CHECK(same == 188);
}

TEST_CASE("parse_gpt2_tokenizer reads a small tokenizer and gpt2_encode merges by rank", "[nlp][06_bpe]") {
    // 256 bytes, then "Ġ t" = 256, "h e" = 257, "Ġt he" = 258, "i n" = 259, <|endoftext|> = 260.
    const malformed_tokenizer files = small_gpt2_files();
    const gpt2_tokenizer tok = parse_gpt2_tokenizer(files.encoder_json, files.vocab_bpe);
    CHECK(tok.tokens.size() == 261);
    CHECK(tok.ranks.size() == 260);
    CHECK(tok.end_of_text_id == 260);
    CHECK(byte_difference(tok.tokens[0], "!").empty());  // the first byte character
    CHECK(byte_difference(tok.tokens[258], " the").empty());
    CHECK(tok.ranks.at(" ") == 220);  // Ġ is the 221st character in code point order
    // " the" is a token as a whole; " tin": " t" (256) before "in" (259); "thin": t, h, in
    CHECK(gpt2_encode(tok, " the") == ids{258});
    CHECK(gpt2_encode(tok, " tin") == ids{256, 259});
    CHECK(gpt2_encode(tok, "thin") == ids{83, 71, 259});
    // "the the": "the" has no "Ġt" inside, so t + he; " the" whole
    CHECK(gpt2_encode(tok, "the the") == ids{83, 257, 258});
    CHECK(gpt2_encode(tok, "x<|endoftext|>", true) == ids{87, 260});
    CHECK(byte_difference(gpt2_decode(tok, {83, 257, 258, 260}), "the the<|endoftext|>").empty());
}

TEST_CASE("gpt2_encode gives js-tiktoken's ids for varied texts", "[nlp][06_bpe]") {
    if (!llmlings::testing::have_real_data({"gpt2/encoder.json", "gpt2/vocab.bpe"})) return;
    const gpt2_tokenizer& tok = real_gpt2();
    CHECK(tok.tokens.size() == 50257);
    CHECK(tok.end_of_text_id == 50256);
    CHECK(byte_difference(tok.tokens[262], " the").empty());
    const auto& texts = gpt2_golden_texts();
    REQUIRE(texts.size() == 24);
    for (std::size_t k = 0; k < texts.size(); ++k) {
        const ids got = gpt2_encode(tok, texts[k].text);
        INFO("text " << k << ": '" << texts[k].text << "'");
        CHECK(got == texts[k].ids);
    }
    const gpt2_golden_text& special = gpt2_golden_special();
    CHECK(gpt2_encode(tok, special.text, true) == special.ids);
    // without allow_special the marker is ordinary text: <, |, endo, ft, ext, |, >
    CHECK(gpt2_encode(tok, "<|endoftext|>") == ids{27, 91, 437, 1659, 5239, 91, 29});
}

TEST_CASE("gpt2_decode inverts gpt2_encode and rejects unknown ids", "[nlp][06_bpe]") {
    const malformed_tokenizer files = small_gpt2_files();
    const gpt2_tokenizer small = parse_gpt2_tokenizer(files.encoder_json, files.vocab_bpe);
    for (const gpt2_golden_text& g : gpt2_golden_texts())
        CHECK(byte_difference(gpt2_decode(small, gpt2_encode(small, g.text)), g.text).empty());
    const std::string utf8 = bpe_random_utf8(3000, 21);
    CHECK(byte_difference(gpt2_decode(small, gpt2_encode(small, utf8)), utf8).empty());
    // long pieces: a run of 100,000 letters and one of 100,000 spaces (merging must not be quadratic)
    const std::string letters(100000, 'h'), spaces = std::string(100000, ' ') + "the";
    CHECK(byte_difference(gpt2_decode(small, gpt2_encode(small, letters)), letters).empty());
    const ids s = gpt2_encode(small, spaces);
    CHECK(s.back() == 258);  // the last space goes with "the"
    CHECK(byte_difference(gpt2_decode(small, s), spaces).empty());
    using llmlings::invalid_argument;
    CHECK_THROWS_AS(gpt2_decode(small, {1, 261}), invalid_argument);
    CHECK_THROWS_WITH(gpt2_decode(small, {1, 261}), contains("gpt2_decode") && contains("261") && contains("index 1"));
    if (!llmlings::testing::have_real_data({"gpt2/encoder.json", "gpt2/vocab.bpe"})) return;
    const gpt2_tokenizer& tok = real_gpt2();
    for (const gpt2_golden_text& g : gpt2_golden_texts())
        CHECK(byte_difference(gpt2_decode(tok, g.ids), g.text).empty());
    CHECK(byte_difference(gpt2_decode(tok, gpt2_encode(tok, utf8)), utf8).empty());
    const std::string a(30000, 'a');  // one piece that merges all the way up
    const ids many = gpt2_encode(tok, a);
    CHECK(many.size() < 10000);
    CHECK(byte_difference(gpt2_decode(tok, many), a).empty());
    CHECK(byte_difference(gpt2_decode(tok, {15496, 50256, 995}), "Hello<|endoftext|> world").empty());
    CHECK_THROWS_WITH(gpt2_decode(tok, {50257}), contains("gpt2_decode") && contains("50257"));
}

TEST_CASE("gpt2_encode rejects invalid UTF-8 and tokenizers it cannot use", "[nlp][06_bpe]") {
    using llmlings::invalid_argument;
    const malformed_tokenizer files = small_gpt2_files();
    const gpt2_tokenizer tok = parse_gpt2_tokenizer(files.encoder_json, files.vocab_bpe);
    CHECK(gpt2_encode(tok, "").empty());
    CHECK_THROWS_AS(gpt2_encode(tok, "the \xFF"), invalid_argument);
    CHECK_THROWS_WITH(gpt2_encode(tok, "the \xFF"), contains("gpt2_encode") && contains("byte 4"));
    CHECK_THROWS_WITH(gpt2_encode(tok, "\xED\xA0\x80"), contains("gpt2_encode") && contains("UTF-8"));  // a surrogate
    CHECK_THROWS_WITH(gpt2_encode(gpt2_tokenizer{}, "a"), contains("gpt2_encode") && contains("load_gpt2_tokenizer"));
    CHECK_THROWS_WITH(gpt2_decode(gpt2_tokenizer{}, {1}), contains("gpt2_decode"));
    CHECK_THROWS_AS(load_gpt2_tokenizer("/nonexistent/llmlings"), llmlings::io_error);
    CHECK_THROWS_WITH(load_gpt2_tokenizer("/nonexistent/llmlings"),
                      contains("load_gpt2_tokenizer") && contains("llmlings data"));
}

TEST_CASE("the tokenizer readers reject every malformed file of the corpus with io_error", "[nlp][06_bpe]") {
    // the valid pair loads (so that the corpus tests the defects, not the format)
    const malformed_tokenizer valid = small_gpt2_files();
    REQUIRE(!valid.encoder_json.empty());
    CHECK(parse_gpt2_tokenizer(valid.encoder_json, valid.vocab_bpe).tokens.size() == 261);
    const std::vector<malformed_tokenizer> cases = malformed_gpt2_files();
    REQUIRE(cases.size() == 28);
    for (const malformed_tokenizer& c : cases) {
        INFO("case " << c.name);
        CHECK_THROWS_AS(parse_gpt2_tokenizer(c.encoder_json, c.vocab_bpe), llmlings::io_error);
        CHECK_THROWS_WITH(parse_gpt2_tokenizer(c.encoder_json, c.vocab_bpe),
                          contains("parse_gpt2_tokenizer") && contains(c.fragment));
    }
}
