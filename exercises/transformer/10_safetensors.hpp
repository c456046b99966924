// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief transformer/10 — checkpoints in the safetensors format: write a parameter store, read one
 * back, and refuse every malformed file with an io_error.
 *
 * A checkpoint is a model's parameters on disk, under their names (PyTorch's state_dict):
 * `wte.weight`, `blocks.0.attn.qkv.weight`, … The safetensors format (Hugging Face, 2022) is the
 * one the Hugging Face hub, PyTorch, JAX, candle and llama.cpp's converters all read:
 *
 *     bytes 0–7       N, the header's size in bytes: an unsigned 64-bit integer, little-endian
 *     bytes 8–8+N     the header: a UTF-8 JSON object, padded at its end with spaces
 *                     {"__metadata__": {"format": "pt"},
 *                      "wte.weight": {"dtype": "F32", "shape": [256, 128], "data_offsets": [0, 131072]},
 *                      ...}
 *     bytes 8+N–end   the byte buffer: every tensor's elements, row-major and little-endian, at
 *                     [begin, end) of data_offsets, counted from the buffer's first byte
 *
 * The rules a reader enforces (the Rust reference's, and a few more): the header size is at most
 * 100,000,000 bytes and within the file; the header is one JSON object without duplicate keys;
 * `__metadata__`, if present, maps strings to strings; every other key is a non-empty tensor name
 * whose value has exactly the keys dtype, shape (non-negative integers) and data_offsets (two
 * integers, begin ≤ end); end − begin = number of elements × the dtype's size; and the tensors
 * cover the byte buffer exactly: no byte outside a tensor, no byte in two. A file that breaks one
 * is refused before a single value is copied: a server that loads checkpoints it did not make
 * must never read past a buffer or allocate what a crafted header asks for.
 *
 * This file writes F32 (a float store) or F64 (a double store), in registration order with
 * consecutive offsets, the header padded so that the byte buffer starts at a multiple of 8. It
 * reads F64, F32, F16 and BF16 into either type. Header sizes, offsets and shapes are std::size_t
 * (64 bits on every platform the library builds on).
 *
 * Given in the exercise (plumbing, not the topic): the little-endian byte helpers, the dtype
 * sizes, a strict JSON reader (detail::json_reader: the caller asks for the value it expects, the
 * reader checks the syntax, UTF-8 and duplicate keys as it goes) and JSON string quoting, and the
 * file functions save_safetensors(), load_safetensors() and read_safetensors(). The reader is the
 * project's own, as nlp/06's tokenizer reader is: a JSON library would cost every program that
 * includes this header a second of compile time, and a header needs only this much of JSON.
 *
 * References: the safetensors README ("Format") and its Rust reader, `safetensors/src/tensor.rs`
 * (`read_metadata`, `validate`, `prepare`); IEEE 754-2008 (binary16); Google Brain's bfloat16;
 * PyTorch's `Module.state_dict` and `load_state_dict(strict=True)`.
 *
 * Guide: @ref transformer_10_safetensors (the format, byte by byte) and @ref cpp_guide (the C++
 * used here).
 */
#ifndef LLMLINGS_TRANSFORMER_10_SAFETENSORS_HPP
#define LLMLINGS_TRANSFORMER_10_SAFETENSORS_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>

namespace llmlings {
namespace transformer {

/**
 * @ingroup transformer
 * @brief One tensor's entry in a safetensors header: its name, dtype, shape and where its bytes
 * are in the byte buffer.
 */
struct safetensors_entry {
    std::string name;                ///< e.g. "blocks.0.attn.qkv.weight"; never empty
    std::string dtype;               ///< e.g. "F32", "BF16", "I64" (one of safetensors_dtype_size()'s)
    std::vector<std::size_t> shape;  ///< e.g. {384, 128}; {} is a scalar (1 element)
    std::size_t begin = 0;           ///< its first byte, counted from the byte buffer's start
    std::size_t end = 0;             ///< one past its last byte: end − begin = numel × dtype size
};

/**
 * @ingroup transformer
 * @brief A parsed and validated safetensors header.
 */
struct safetensors_header {
    std::vector<safetensors_entry> tensors;       ///< sorted by begin offset (the order of the bytes)
    std::map<std::string, std::string> metadata;  ///< `__metadata__`; empty when absent
    std::size_t data_start = 0;                   ///< where the byte buffer starts in the file: 8 + N
};

/// @ingroup transformer
/// @brief The largest header size a reader accepts, in bytes (the Rust reference's MAX_HEADER_SIZE).
constexpr std::size_t safetensors_max_header_size = 100000000;

// Given: the dtypes, the byte helpers, the JSON reader and the quoting (plumbing, not the topic).
/**
 * @ingroup transformer
 * @brief The size in bytes of one element of a safetensors dtype; 0 for a string that is not one.
 *
 * BOOL, U8, I8, F8_E5M2, F8_E4M3: 1; I16, U16, F16, BF16: 2; I32, U32, F32: 4; I64, U64, F64: 8.
 * (The newer sub-byte types F4 and F6_* are not in this list: a file holding one is refused.)
 *
 * @param dtype the dtype string of a header
 * @return its element size, or 0
 *
 * Complexity: O(1); throws nothing. Example: `safetensors_dtype_size("BF16")` → 2.
 */
inline std::size_t safetensors_dtype_size(const std::string& dtype) {
    static const std::map<std::string, std::size_t> sizes = {
        {"BOOL", 1}, {"U8", 1},  {"I8", 1},  {"F8_E5M2", 1}, {"F8_E4M3", 1}, {"I16", 2}, {"U16", 2}, {"F16", 2},
        {"BF16", 2}, {"I32", 4}, {"U32", 4}, {"F32", 4},     {"I64", 8},     {"U64", 8}, {"F64", 8}};
    const auto it = sizes.find(dtype);
    return it == sizes.end() ? 0 : it->second;
}

namespace detail {

/// The unsigned integer of `bytes` (1 to 8) bytes at p, little-endian: whatever the machine's order.
inline std::uint64_t load_le(const unsigned char* p, std::size_t bytes) {
    std::uint64_t value = 0;
    for (std::size_t k = bytes; k-- > 0;) value = (value << 8) | p[k];
    return value;
}

/// Appends the low `bytes` bytes of value to out, little-endian (least significant byte first).
inline void append_le(std::string& out, std::uint64_t value, std::size_t bytes) {
    for (std::size_t k = 0; k < bytes; ++k) out.push_back(static_cast<char>((value >> (8 * k)) & 0xff));
}

/// The bits of a float or a double as an unsigned integer of its size, and back (a memcpy: the
/// one defined way to reinterpret them in C++17).
inline std::uint32_t bits_of(float x) {
    std::uint32_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    return bits;
}
inline std::uint64_t bits_of(double x) {
    std::uint64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    return bits;
}
inline float float_from_bits(std::uint32_t bits) {
    float x;
    std::memcpy(&x, &bits, sizeof x);
    return x;
}
inline double double_from_bits(std::uint64_t bits) {
    double x;
    std::memcpy(&x, &bits, sizeof x);
    return x;
}

/// The offset of the first byte of p[0, n) that is not part of valid UTF-8 (a stray continuation
/// byte, an overlong form, a surrogate, a code point past U+10FFFF, a truncated sequence), or n
/// when all of it is valid.
inline std::size_t utf8_error_at(const char* text, std::size_t n) {
    const auto* p = reinterpret_cast<const unsigned char*>(text);
    for (std::size_t i = 0; i < n;) {
        const unsigned char c = p[i];
        std::size_t length = 0;
        unsigned char low = 0x80, high = 0xbf;  // the range of the second byte
        if (c < 0x80)
            length = 1;
        else if (c >= 0xc2 && c <= 0xdf)
            length = 2;
        else if (c >= 0xe0 && c <= 0xef) {
            length = 3;
            if (c == 0xe0) low = 0xa0;   // no overlong form
            if (c == 0xed) high = 0x9f;  // no surrogate
        } else if (c >= 0xf0 && c <= 0xf4) {
            length = 4;
            if (c == 0xf0) low = 0x90;   // no overlong form
            if (c == 0xf4) high = 0x8f;  // nothing past U+10FFFF
        } else
            return i;
        if (length > n - i) return i;
        for (std::size_t k = 1; k < length; ++k) {
            const unsigned char lo = k == 1 ? low : 0x80, hi = k == 1 ? high : 0xbf;
            if (p[i + k] < lo || p[i + k] > hi) return i;
        }
        i += length;
    }
    return n;
}

/// s as a JSON string literal, quotes included: `"`, `\` and the control characters escaped (as
/// Python's json and Rust's serde_json write them), every other byte as it is.
/// @throws invalid_argument naming `function` when s is not valid UTF-8 (`what` says what s is)
inline std::string json_quote(const char* function, const char* what, const std::string& s) {
    if (utf8_error_at(s.data(), s.size()) != s.size())
        throw invalid_argument(function,
                               std::string(what) + " '" + s + "' is not valid UTF-8: a JSON header holds text");
    static const char hex[] = "0123456789abcdef";
    std::string out = "\"";
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"')
            out += "\\\"";
        else if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else if (c == '\b')
            out += "\\b";
        else if (c == '\f')
            out += "\\f";
        else if (u < 0x20)
            out += std::string("\\u00") + hex[u >> 4] + hex[u & 0xf];
        else
            out += c;
    }
    return out + "\"";
}

/// What the next JSON value is, as json_reader::peek() sees it from its first byte.
enum class json_kind { object, array, string, number, boolean, null };

/// "an object", "an array", … for messages.
inline const char* json_kind_name(json_kind kind) {
    switch (kind) {
        case json_kind::object:
            return "an object";
        case json_kind::array:
            return "an array";
        case json_kind::string:
            return "a string";
        case json_kind::number:
            return "a number";
        case json_kind::boolean:
            return "a boolean";
        default:
            return "null";
    }
}

/**
 * @brief A strict pull reader of a JSON text (RFC 8259): the caller asks for the value it
 * expects, the reader checks the syntax as it goes and never reads past the end.
 *
 * The whole text must be UTF-8 (checked first, as the Rust reference does). Whitespace is space,
 * tab, CR and LF; strings take the escapes `\" \\ \/ \b \f \n \r \t \uXXXX` (surrogate pairs
 * joined, a lone surrogate refused) and no raw control character; numbers follow JSON's grammar
 * (no leading zero, no `+`, no `.5`). A key repeated in one object is refused: two readers could
 * otherwise keep different copies. Every syntax error throws io_error naming `function` with
 * `the header is not valid JSON: byte K: …`, K counted from the header's first byte.
 *
 * The reading protocol: peek() says what comes; begin_object() then next_key(key) until it
 * returns false (it reads the `,`, the key and the `:`; false at `}`), reading each member's value
 * in between; begin_array() then next_item() likewise (false at `]`); read_string(),
 * read_unsigned(), read_sizes() read one value; end() checks that only whitespace is left.
 */
class json_reader {
public:
    /// @param function the public function, for messages @param first, last the text
    json_reader(const char* function, const char* first, const char* last)
        : function_(function), first_(first), last_(last), at_(first) {
        const std::size_t bad = utf8_error_at(first, static_cast<std::size_t>(last - first));
        if (bad != static_cast<std::size_t>(last - first)) {
            at_ = first + bad;
            fail("invalid UTF-8");
        }
    }

    /// The kind of the next value (after whitespace); throws at the end or at a byte no value starts with.
    json_kind peek() {
        skip_space();
        if (at_ == last_) fail("the header ends where a value should come");
        switch (*at_) {
            case '{':
                return json_kind::object;
            case '[':
                return json_kind::array;
            case '"':
                return json_kind::string;
            case 't':
                literal("true");
                return json_kind::boolean;
            case 'f':
                literal("false");
                return json_kind::boolean;
            case 'n':
                literal("null");
                return json_kind::null;
            default:
                if (*at_ == '-' || (*at_ >= '0' && *at_ <= '9')) return json_kind::number;
                fail("no JSON value starts with the byte 0x" + hex_byte(*at_));
        }
    }

    /// Reads the `{` of an object.
    void begin_object() {
        open('{');
        keys_.emplace_back();
    }
    /// Reads up to the next member's value: `,` (not before the first), the key and `:`. Returns
    /// false, having read the `}`, when the object ends. @throws io_error for a repeated key
    bool next_key(std::string& key) {
        if (levels_.empty() || levels_.back().closer != '}') fail("next_key outside an object");
        if (!next('}')) {
            keys_.pop_back();
            return false;
        }
        skip_space();
        key = read_string();
        if (!keys_.back().insert(key).second)
            throw io_error(function_,
                           "the header has a duplicate key \"" + key + "\" (readers would keep different copies)");
        skip_space();
        expect(':', "':' after a key");
        return true;
    }
    /// Reads the `[` of an array.
    void begin_array() { open('['); }
    /// Reads the `,` before the next item (not before the first); false, having read the `]`,
    /// when the array ends.
    bool next_item() {
        if (levels_.empty() || levels_.back().closer != ']') fail("next_item outside an array");
        return next(']');
    }

    /// Reads a string value, escapes decoded (UTF-8).
    std::string read_string() {
        skip_space();
        expect('"', "a string");
        std::string out;
        for (;;) {
            if (at_ == last_) fail("the header ends inside a string");
            const auto c = static_cast<unsigned char>(*at_);
            if (c == '"') {
                ++at_;
                return out;
            }
            if (c < 0x20) fail("a control character inside a string (JSON needs an escape)");
            ++at_;
            if (c != '\\') {
                out += static_cast<char>(c);
                continue;
            }
            if (at_ == last_) fail("the header ends inside an escape");
            const char e = *at_++;
            if (e == '"' || e == '\\' || e == '/')
                out += e;
            else if (e == 'b')
                out += '\b';
            else if (e == 'f')
                out += '\f';
            else if (e == 'n')
                out += '\n';
            else if (e == 'r')
                out += '\r';
            else if (e == 't')
                out += '\t';
            else if (e == 'u')
                append_utf8(out, code_point());
            else
                fail("an invalid escape \\" + std::string(1, e));
        }
    }

    /// Reads a number. True, with `value`, when it is written as a non-negative integer (digits
    /// only) that fits size_t; false for any other number (−1, 2.5, 1e3, 2⁶⁴), which is read all
    /// the same. @throws io_error when it is not a JSON number at all ("01", "-", "1.")
    bool read_unsigned(std::size_t& value) {
        skip_space();
        const char* start = at_;
        bool integer = true;
        if (at_ != last_ && *at_ == '-') {
            integer = false;
            ++at_;
        }
        if (at_ == last_ || !digit(*at_)) fail("a number needs a digit");
        if (*at_ == '0' && at_ + 1 != last_ && digit(at_[1])) fail("a number with a leading zero");
        while (at_ != last_ && digit(*at_)) ++at_;
        if (at_ != last_ && *at_ == '.') {
            integer = false;
            ++at_;
            if (at_ == last_ || !digit(*at_)) fail("a digit must follow the decimal point");
            while (at_ != last_ && digit(*at_)) ++at_;
        }
        if (at_ != last_ && (*at_ == 'e' || *at_ == 'E')) {
            integer = false;
            ++at_;
            if (at_ != last_ && (*at_ == '+' || *at_ == '-')) ++at_;
            if (at_ == last_ || !digit(*at_)) fail("an exponent needs a digit");
            while (at_ != last_ && digit(*at_)) ++at_;
        }
        if (!integer) return false;
        std::size_t v = 0;
        for (const char* p = start; p != at_; ++p) {
            const auto d = static_cast<std::size_t>(*p - '0');
            if (v > (std::numeric_limits<std::size_t>::max() - d) / 10) return false;  // past 2⁶⁴ − 1
            v = v * 10 + d;
        }
        value = v;
        return true;
    }

    /// Reads an array of non-negative integers (a shape, data_offsets) into `out`; false as soon
    /// as the value turns out to be anything else (the rest is then left unread: the caller throws).
    bool read_sizes(std::vector<std::size_t>& out) {
        out.clear();
        if (peek() != json_kind::array) return false;
        begin_array();
        while (next_item()) {
            std::size_t v = 0;
            if (peek() != json_kind::number || !read_unsigned(v)) return false;
            out.push_back(v);
        }
        return true;
    }

    /// Checks that only whitespace follows: the header is one value.
    void end() {
        skip_space();
        if (at_ != last_) fail("unexpected bytes after the object");
    }

    /// Throws io_error: the header is not valid JSON at the current byte.
    [[noreturn]] void fail(const std::string& what) const {
        throw io_error(function_, "the header is not valid JSON: byte " + std::to_string(at_ - first_) + ": " + what);
    }

private:
    struct level {
        char closer;  // '}' or ']'
        bool first;   // no member or item read yet
    };

    static bool digit(char c) { return c >= '0' && c <= '9'; }
    static std::string hex_byte(char c) {
        static const char hex[] = "0123456789abcdef";
        const auto u = static_cast<unsigned char>(c);
        return std::string{hex[u >> 4], hex[u & 0xf]};
    }
    void skip_space() {
        while (at_ != last_ && (*at_ == ' ' || *at_ == '\t' || *at_ == '\n' || *at_ == '\r')) ++at_;
    }
    void expect(char c, const char* what) {
        if (at_ == last_) fail(std::string("the header ends where ") + what + " should come");
        if (*at_ != c) fail(std::string("expected ") + what + ", found the byte 0x" + hex_byte(*at_));
        ++at_;
    }
    void literal(const char* word) {
        const std::size_t n = std::strlen(word);
        if (static_cast<std::size_t>(last_ - at_) < n || std::memcmp(at_, word, n) != 0)
            fail(std::string("expected ") + word);
    }
    void open(char opener) {
        skip_space();
        expect(opener, opener == '{' ? "'{'" : "'['");
        levels_.push_back({opener == '{' ? '}' : ']', true});
    }
    // Before a member or item: false (the closer read, the level closed) at the closer, else
    // reads the ',' that separates it from the previous one.
    bool next(char closer) {
        skip_space();
        if (at_ != last_ && *at_ == closer) {
            ++at_;
            levels_.pop_back();
            return false;
        }
        if (!levels_.back().first) expect(',', closer == '}' ? "',' or '}'" : "',' or ']'");
        levels_.back().first = false;
        return true;
    }
    unsigned hex4() {
        if (last_ - at_ < 4) fail("the header ends inside a \\u escape");
        unsigned v = 0;
        for (int k = 0; k < 4; ++k, ++at_) {
            const char c = *at_;
            const unsigned d = c >= '0' && c <= '9'   ? unsigned(c - '0')
                               : c >= 'a' && c <= 'f' ? unsigned(c - 'a' + 10)
                               : c >= 'A' && c <= 'F' ? unsigned(c - 'A' + 10)
                                                      : 16u;
            if (d == 16u) fail("a \\u escape needs four hexadecimal digits");
            v = v * 16 + d;
        }
        return v;
    }
    // After "\u": the code point, a surrogate pair joined.
    char32_t code_point() {
        char32_t cp = hex4();
        if (cp >= 0xDC00 && cp <= 0xDFFF) fail("a \\u escape of a lone low surrogate");
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (last_ - at_ < 2 || at_[0] != '\\' || at_[1] != 'u') fail("a high surrogate without its low half");
            at_ += 2;
            const char32_t low = hex4();
            if (low < 0xDC00 || low > 0xDFFF) fail("a high surrogate without its low half");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        return cp;
    }
    static void append_utf8(std::string& out, char32_t cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    const char* function_;
    const char* first_;
    const char* last_;
    const char* at_;
    std::vector<level> levels_;                // the open objects and arrays, innermost last
    std::vector<std::set<std::string>> keys_;  // the keys read so far in each open object
};

/// The names joined with ", ".
inline std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

/// The bytes of a file. @throws io_error naming `function` and the path when it cannot be read
inline std::string read_file(const char* function, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw io_error(function, "cannot open '" + path + "' for reading");
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw io_error(function, "cannot read '" + path + "'");
    return bytes;
}
// End of the given code.

}  // namespace detail

/**
 * @ingroup transformer
 * @brief The float that an IEEE 754 half-precision (binary16, safetensors' F16) bit pattern encodes.
 *
 * A half is 1 sign bit s, 5 exponent bits e (bias 15) and 10 mantissa bits m:
 * @f[ x = (-1)^s \cdot 2^{e-15} \cdot (1 + m/2^{10}) \ (1 \le e \le 30), \qquad
 *     x = (-1)^s \cdot 2^{-14} \cdot m/2^{10} \ (e = 0,\ \text{subnormal or } \pm 0), @f]
 * and e = 31 is ±∞ (m = 0) or NaN (m ≠ 0). Every half is exactly a float: rebias the exponent
 * (+112 = 127 − 15) and shift the mantissa 13 bits left; a subnormal half is a normal float,
 * found by shifting m left until its leading 1 reaches bit 10.
 *
 * @param bits the 16 bits
 * @return the value as a float (exact); a NaN stays NaN, with its payload shifted into the float's
 *
 * Complexity: O(1) (at most 10 shifts); throws nothing. Example: 0x3C00 → 1, 0xC000 → −2,
 * 0x7BFF → 65504 (the largest half), 0x0001 → 2⁻²⁴ (the smallest), 0x7C00 → +∞.
 */
inline float half_to_float(std::uint16_t bits) {
    todo("transformer/10_safetensors", "half_to_float");
}

/**
 * @ingroup transformer
 * @brief The float that a bfloat16 (safetensors' BF16) bit pattern encodes.
 *
 * bfloat16 is the upper half of a float: the same sign, the same 8 exponent bits, the first 7 of
 * the 23 mantissa bits. So the float is the 16 bits shifted 16 to the left: subnormals, ±∞ and
 * NaN included. (Training in bfloat16 keeps float's range with fewer digits: no loss scaling.)
 *
 * @param bits the 16 bits
 * @return the value as a float (exact)
 *
 * Complexity: O(1); throws nothing. Example: 0x3F80 → 1, 0xC0A0 → −5, 0x4049 → 3.140625,
 * 0x7F80 → +∞.
 */
inline float bfloat16_to_float(std::uint16_t bits) {
    todo("transformer/10_safetensors", "bfloat16_to_float");
}

namespace detail {

/**
 * @brief Reads and checks one tensor's entry of a header: exactly the keys dtype, shape and
 * data_offsets; a known dtype; a shape of non-negative integers whose byte count fits size_t;
 * two offsets begin ≤ end inside the byte buffer, as far apart as the tensor's bytes.
 *
 * @param function the public function, named in the messages
 * @param name the entry's key (not empty: the caller checked)
 * @param json the reader, before the entry's value
 * @param buffer_size the byte buffer's size: the file's size − 8 − N
 * @return the entry
 * @throws io_error naming function and the tensor, with one fragment per defect: `is not an
 *         object`, `unknown key`, `lacks`, `dtype must be a string`, `unknown dtype`, `shape must
 *         be`, `overflows`, `data_offsets must be`, `past the end of the byte buffer`, `bytes, but`
 */
inline safetensors_entry read_entry(const char* function, const std::string& name, json_reader& json,
                                    std::size_t buffer_size) {
    todo("transformer/10_safetensors", "read_entry");
}

/**
 * @brief Reads `__metadata__`: an object whose values are all strings.
 * @throws io_error naming function (`__metadata__ must be`) for anything else
 */
inline std::map<std::string, std::string> read_metadata(const char* function, json_reader& json) {
    todo("transformer/10_safetensors", "read_metadata");
}

/**
 * @brief Checks that tensors sorted by (begin, end) cover [0, buffer_size) exactly once.
 *
 * Walks the sorted entries with `covered`, the end of the bytes claimed so far: an entry that
 * begins before it overlaps the previous one, after it leaves a hole; at the end, covered must be
 * the buffer's size.
 *
 * @throws io_error naming function: `overlaps` (both tensors named), `a hole` (the bytes and the
 *         next tensor), `after the last tensor` (the trailing bytes)
 */
inline void check_coverage(const char* function, const std::vector<safetensors_entry>& sorted,
                           std::size_t buffer_size) {
    todo("transformer/10_safetensors", "check_coverage");
}

/**
 * @brief parse_safetensors_header()'s work, with the name of the public function that called it
 * (parse_safetensors_header, from_safetensors, read_safetensors) for the messages.
 */
inline safetensors_header read_safetensors_header(const char* function, const std::string& bytes) {
    todo("transformer/10_safetensors", "read_safetensors_header");
}

}  // namespace detail

// Given: the public name of the header reader, which calls the one above.
/**
 * @ingroup transformer
 * @brief Parses and validates the header of a safetensors file: every rule of the format, before
 * anything else is read.
 *
 * The file's first 8 bytes are N (little-endian); N ≤ 100,000,000 and 8 + N ≤ the file's size;
 * bytes 8 … 8 + N − 1 are one JSON object (trailing whitespace allowed, duplicate keys not);
 * `__metadata__` maps strings to strings; every other key names a tensor (detail::read_entry()),
 * and the tensors cover the byte buffer exactly once (detail::check_coverage()). Dtypes are
 * checked against the format's list only: an I64 tensor passes here (from_safetensors() refuses
 * to convert it).
 *
 * @param bytes the whole file (the byte buffer is only measured, never read)
 * @return the entries sorted by begin offset, the metadata, and data_start = 8 + N
 * @throws io_error naming the function with a message that says what is wrong and where, e.g.
 *         `parse_safetensors_header: 'b' [4, 12) overlaps 'a' [0, 8)`; the fragments: `fewer than
 *         8 bytes`, `exceeds the limit`, `past the end of the file`, `not valid JSON` (with the
 *         byte and the reason: bad syntax, invalid UTF-8), `duplicate key`, `not a JSON object`,
 *         `empty name`, `__metadata__ must be`, read_entry()'s and check_coverage()'s
 *
 * Complexity: O(N + k log k) for k tensors; allocates O(N): the entries and their names, no tree
 * of the JSON.
 * Example: the 68 bytes of to_safetensors() of a float store holding one scalar "x" = 1.5 →
 * tensors {{"x", "F32", {}, 0, 4}}, metadata {}, data_start 64.
 */
inline safetensors_header parse_safetensors_header(const std::string& bytes) {
    return detail::read_safetensors_header("parse_safetensors_header", bytes);
}
// End of the given code.

/**
 * @ingroup transformer
 * @brief A parameter store as the bytes of a safetensors file: F32 for a float store, F64 for a
 * double store; the tensors in registration order, with consecutive offsets.
 *
 * The header is compact JSON, as the Rust reference writes it: `__metadata__` first (when
 * `metadata` is not empty), then one entry per tensor with its keys in the order dtype, shape,
 * data_offsets, no spaces; then spaces up to a multiple of 8 bytes, so that the byte buffer, at
 * 8 + N, is 8-byte aligned (a reader that maps the file can use F64 data in place). The byte
 * buffer is the store's values() in order, each element little-endian.
 *
 * @tparam T float or double
 * @param store the parameters (their values; the gradients are not saved)
 * @param metadata free-form strings, e.g. {"format", "pt"} (what PyTorch's writer puts there)
 * @return the file's bytes
 * @throws invalid_argument when a tensor is named `__metadata__` or a name, metadata key or
 *         value is not valid UTF-8 (the header is JSON text)
 *
 * Complexity: O(numel + the header's size). Example: a float store holding one scalar "x" = 1.5
 * → 68 bytes: 38 00 00 00 00 00 00 00 (N = 56), `{"x":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}`
 * and 3 spaces, then 00 00 C0 3F (1.5f).
 */
template <class T>
std::string to_safetensors(const parameter_store<T>& store, const std::map<std::string, std::string>& metadata = {}) {
    todo("transformer/10_safetensors", "to_safetensors");
}

namespace detail {

/**
 * @brief Converts `count` elements of a supported dtype (F64, F32, F16, BF16), little-endian at
 * src, to T at dst: a double rounds to the nearest float, a half or bfloat16 is exact.
 *
 * @tparam T float or double
 */
template <class T>
void convert_elements(const unsigned char* src, const std::string& dtype, std::size_t count, T* dst) {
    todo("transformer/10_safetensors", "convert_elements");
}

}  // namespace detail

/**
 * @ingroup transformer
 * @brief Copies the tensors of a safetensors file into the store tensors of the same names
 * (values only; the gradients are untouched), as PyTorch's `load_state_dict`.
 *
 * First everything is checked, then everything is copied, so a file that fails leaves the store
 * as it was: the header (parse_safetensors_header()'s rules); for each file tensor the store
 * holds, a supported dtype (F64, F32, F16 or BF16, converted to T) and the same shape; and under
 * `strict`, that the file and the store hold the same names. Non-finite values are copied as they
 * are: a checkpoint is data.
 *
 * @tparam T float or double
 * @param bytes the whole file
 * @param store the model's parameters, already registered (make_gpt, make_dense, …)
 * @param strict true (PyTorch's default): a store tensor missing from the file, or a file tensor
 *        the store lacks, is an error; false: both are skipped
 * @throws io_error naming from_safetensors: any defect of the header; `'blocks.0.ln1.weight' has
 *         shape (3) in the file and (4) in the store`; `'step': dtype I64 is not supported (F64,
 *         F32, F16 or BF16)`; under strict, `missing from the file: …` and `not in the store: …`
 *         with the names
 *
 * Complexity: O(header + numel). Example: from_safetensors(to_safetensors(a), b) makes b's values
 * a's, bit for bit, when a and b have the same names, shapes and element type.
 */
template <class T>
void from_safetensors(const std::string& bytes, parameter_store<T>& store, bool strict = true) {
    todo("transformer/10_safetensors", "from_safetensors");
}

// Given: the file functions (plumbing, not the topic).
/**
 * @ingroup transformer
 * @brief Writes to_safetensors(store, metadata) to a file, replacing it.
 *
 * @tparam T float or double
 * @param path the file, e.g. `runs/model.safetensors` (its directory must exist)
 * @param store the parameters
 * @param metadata free-form strings
 * @throws io_error naming save_safetensors and the path when the file cannot be written
 * @throws invalid_argument as to_safetensors()
 *
 * Complexity: O(numel). Example: `save_safetensors("gpt.safetensors", net.params, {{"format", "pt"}})`,
 * then in Python `safetensors.torch.load_file("gpt.safetensors")`.
 */
template <class T>
void save_safetensors(const std::string& path, const parameter_store<T>& store,
                      const std::map<std::string, std::string>& metadata = {}) {
    const std::string bytes = to_safetensors(store, metadata);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw io_error("save_safetensors", "cannot open '" + path + "' for writing");
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) throw io_error("save_safetensors", "cannot write '" + path + "'");
}

/**
 * @ingroup transformer
 * @brief Reads a safetensors file into a store whose tensors are registered (from_safetensors()).
 *
 * @tparam T float or double
 * @param path the file
 * @param store the model's parameters
 * @param strict as from_safetensors()
 * @throws io_error naming load_safetensors and the path: the file cannot be read, or any error of
 *         from_safetensors() (its message follows the path)
 *
 * Complexity: O(file size). Example: `load_safetensors("gpt.safetensors", net.params)`.
 */
template <class T>
void load_safetensors(const std::string& path, parameter_store<T>& store, bool strict = true) {
    const std::string bytes = detail::read_file("load_safetensors", path);
    try {
        from_safetensors(bytes, store, strict);
    } catch (const io_error& e) {
        throw io_error("load_safetensors", "'" + path + "': " + e.message());
    }
}

/**
 * @ingroup transformer
 * @brief A new store holding every tensor of a safetensors file, registered in offset order
 * under the file's names: to inspect a checkpoint, or to use one without building the model.
 *
 * @tparam T float or double (the file's F64, F32, F16 and BF16 are converted)
 * @param path the file
 * @return the store (not frozen; the gradients are 0)
 * @throws io_error naming read_safetensors and the path: the file cannot be read, a defect of
 *         the header, a dtype that cannot be converted, or an empty tensor (a 0 in its shape: a
 *         store holds none)
 *
 * Complexity: O(file size). Example: `read_safetensors<float>("gpt.safetensors").count()` → the
 * number of tensors in the file.
 */
template <class T>
parameter_store<T> read_safetensors(const std::string& path) {
    const std::string bytes = detail::read_file("read_safetensors", path);
    try {
        const safetensors_header h = detail::read_safetensors_header("read_safetensors", bytes);
        parameter_store<T> store;
        for (const safetensors_entry& e : h.tensors) {
            if (std::find(e.shape.begin(), e.shape.end(), std::size_t{0}) != e.shape.end())
                throw io_error("read_safetensors", "'" + e.name + "' has shape " + shape_str(e.shape) +
                                                       ": an empty tensor, which a parameter store cannot hold");
            store.add(e.name, e.shape);
        }
        from_safetensors(bytes, store, true);
        return store;
    } catch (const io_error& e) {
        throw io_error("read_safetensors", "'" + path + "': " + e.message());
    }
}
// End of the given code.

}  // namespace transformer
}  // namespace llmlings

#endif  // LLMLINGS_TRANSFORMER_10_SAFETENSORS_HPP
