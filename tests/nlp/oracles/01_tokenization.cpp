// SPDX-License-Identifier: MIT
// Oracles of tests/nlp/01_tokenization.cpp: the Unicode Standard's tables written out here, the
// published Porter vocabulary and the stop-word loader; no code of the topic under test.
#include "01_tokenization.hpp"

#include <cstddef>
#include <sstream>
#include <string_view>

#include <llmlings/data/dataset.hpp>
#include <llmlings/data/stopwords.hpp>

namespace oracles {

namespace {

// UTF-8 by Table 3-6 of the Unicode Standard: n bytes for the range, the low 6 bits of c into
// each continuation byte from the last one back, what is left of c into the lead byte after its
// n-byte marker (110, 1110, 11110).
std::string utf8_of(char32_t c) {
    if (c < 0x80) return std::string(1, static_cast<char>(c));
    const std::size_t n = c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    const unsigned lead_marker[] = {0, 0, 0xC0, 0xE0, 0xF0};
    std::string bytes(n, '\0');
    for (std::size_t k = n - 1; k > 0; --k) {
        bytes[k] = static_cast<char>(0x80 | (c & 0x3F));
        c >>= 6;
    }
    bytes[0] = static_cast<char>(lead_marker[n] | c);
    return bytes;
}

bool in_range(char byte, unsigned lo, unsigned hi) {
    const auto b = static_cast<unsigned char>(byte);
    return b >= lo && b <= hi;
}

// Table 3-7, "Well-Formed UTF-8 Byte Sequences": the allowed range of each byte, by lead byte.
//   00..7F | C2..DF 80..BF | E0 A0..BF 80..BF | E1..EC 80..BF 80..BF | ED 80..9F 80..BF |
//   EE..EF 80..BF 80..BF | F0 90..BF 80..BF 80..BF | F1..F3 80..BF 80..BF 80..BF |
//   F4 80..8F 80..BF 80..BF
bool well_formed(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        std::size_t length = 0;
        unsigned lo = 0x80, hi = 0xBF;  // the second byte's range
        if (b0 <= 0x7F) {
            ++i;
            continue;
        } else if (b0 >= 0xC2 && b0 <= 0xDF) {
            length = 2;
        } else if (b0 == 0xE0) {
            length = 3;
            lo = 0xA0;
        } else if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) {
            length = 3;
        } else if (b0 == 0xED) {
            length = 3;
            hi = 0x9F;
        } else if (b0 == 0xF0) {
            length = 4;
            lo = 0x90;
        } else if (b0 >= 0xF1 && b0 <= 0xF3) {
            length = 4;
        } else if (b0 == 0xF4) {
            length = 4;
            hi = 0x8F;
        } else {
            return false;  // 80..C1, F5..FF
        }
        if (i + length > s.size() || !in_range(s[i + 1], lo, hi)) return false;
        for (std::size_t k = 2; k < length; ++k)
            if (!in_range(s[i + k], 0x80, 0xBF)) return false;
        i += length;
    }
    return true;
}

std::string hex(unsigned long v, int digits) {
    std::ostringstream out;
    out << std::hex << std::uppercase;
    out.width(digits);
    out.fill('0');
    out << v;
    return out.str();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(line);
    }
    return lines;
}

}  // namespace

const std::u32string& every_code_point() {
    static const std::u32string all = [] {
        std::u32string s;
        s.reserve(0x110000 - 0x800);
        for (char32_t c = 0; c <= 0x10FFFF; ++c)
            if (c < 0xD800 || c > 0xDFFF) s += c;
        return s;
    }();
    return all;
}

const std::string& every_code_point_utf8() {
    static const std::string all = [] {
        std::string s;
        s.reserve(4382592);
        for (const char32_t c : every_code_point()) s += utf8_of(c);
        return s;
    }();
    return all;
}

const std::vector<byte_case>& byte_cases() {
    static const std::vector<byte_case> cases = [] {
        std::vector<byte_case> v;
        auto add = [&v](std::string bytes) {
            const bool ok = well_formed(bytes);
            v.push_back({std::move(bytes), ok});
        };
        for (unsigned b0 = 0; b0 < 256; ++b0) add(std::string(1, static_cast<char>(b0)));
        for (unsigned b0 = 0; b0 < 256; ++b0)
            for (unsigned b1 = 0; b1 < 256; ++b1) add({static_cast<char>(b0), static_cast<char>(b1)});
        const unsigned later[] = {0x41, 0x80, 0xBF, 0xC0};  // ASCII, the two ends of 80..BF, a lead byte
        for (unsigned b0 = 0xE0; b0 <= 0xEF; ++b0)
            for (unsigned b1 = 0; b1 < 256; ++b1)
                for (unsigned b2 : later) add({static_cast<char>(b0), static_cast<char>(b1), static_cast<char>(b2)});
        for (unsigned b0 = 0xF0; b0 <= 0xF7; ++b0)
            for (unsigned b1 = 0; b1 < 256; ++b1)
                for (unsigned b2 : later)
                    for (unsigned b3 : later)
                        add({static_cast<char>(b0), static_cast<char>(b1), static_cast<char>(b2),
                             static_cast<char>(b3)});
        return v;
    }();
    return cases;
}

char32_t expected_lower(char32_t c) {
    struct block {
        char32_t first, last, offset, except;  // except: a code point of the range that is no capital
    };
    const block blocks[] = {
        {0x0041, 0x005A, 0x20, 0},       // A–Z → a–z
        {0x00C0, 0x00DE, 0x20, 0x00D7},  // À–Þ → à–þ; × (U+00D7) is a sign
        {0x0391, 0x03A9, 0x20, 0x03A2},  // Α–Ω → α–ω; U+03A2 is unassigned (ς has no capital)
        {0x0410, 0x042F, 0x20, 0},       // А–Я → а–я
        {0x0400, 0x040F, 0x50, 0},       // Ѐ–Џ → ѐ–џ
    };
    for (const block& b : blocks)
        if (c >= b.first && c <= b.last && c != b.except) return c + b.offset;
    return c;
}

std::string first_difference(const std::u32string& got, const std::u32string& expected) {
    if (got == expected) return "";
    std::size_t i = 0;
    while (i < got.size() && i < expected.size() && got[i] == expected[i]) ++i;
    std::ostringstream out;
    out << "first difference at index " << i << ": got "
        << (i < got.size() ? "U+" + hex(got[i], 4) : std::string("the end")) << ", expected "
        << (i < expected.size() ? "U+" + hex(expected[i], 4) : std::string("the end")) << " (lengths " << got.size()
        << " and " << expected.size() << ")";
    return out.str();
}

std::string first_difference(const std::string& got, const std::string& expected) {
    if (got == expected) return "";
    std::size_t i = 0;
    while (i < got.size() && i < expected.size() && got[i] == expected[i]) ++i;
    auto byte = [](const std::string& s, std::size_t k) {
        return k < s.size() ? "0x" + hex(static_cast<unsigned char>(s[k]), 2) : std::string("the end");
    };
    std::ostringstream out;
    out << "first difference at byte " << i << ": got " << byte(got, i) << ", expected " << byte(expected, i)
        << " (lengths " << got.size() << " and " << expected.size() << ")";
    return out.str();
}

std::string u_plus(char32_t c) {
    return "U+" + hex(c, 4);
}

std::string hex_bytes(const std::string& bytes) {
    std::string out;
    for (const char b : bytes) out += (out.empty() ? "" : " ") + hex(static_cast<unsigned char>(b), 2);
    return out;
}

const std::vector<porter_pair>& porter_vocabulary() {
    static const std::vector<porter_pair> pairs = [] {
        const std::string dir = llmlings::data::default_data_dir();
        const std::vector<std::string> words = lines_of(read_text(dir + "/porter-voc.txt"));
        const std::vector<std::string> stems = lines_of(read_text(dir + "/porter-output.txt"));
        std::vector<porter_pair> v;
        if (words.size() != stems.size()) return v;
        for (std::size_t i = 0; i < words.size(); ++i) v.push_back({words[i], stems[i]});
        return v;
    }();
    return pairs;
}

const std::unordered_set<std::string>& english_stopwords() {
    static const std::unordered_set<std::string> words = llmlings::data::load_stopwords("english");
    return words;
}

}  // namespace oracles
