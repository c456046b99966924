// SPDX-License-Identifier: MIT
// Oracles of tests/transformer/10_safetensors.cpp: the definitions of half and bfloat16, the
// generator's closed forms and file, hand-assembled files and the malformed and mutated ones; no
// code of the topic under test.
#include "10_safetensors.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <sstream>
#include <typeinfo>

#include <llmlings/core/random.hpp>
#include <llmlings/testing.hpp>

namespace oracles {

namespace {

const double inf = std::numeric_limits<double>::infinity();
const double nan = std::numeric_limits<double>::quiet_NaN();

std::string le64(std::uint64_t n) {
    std::string out;
    for (int k = 0; k < 8; ++k) out.push_back(static_cast<char>((n >> (8 * k)) & 0xff));
    return out;
}

// One tensor's entry as header text; `shape` and `offsets` are JSON text, written as given.
std::string entry(const std::string& name, const std::string& dtype, const std::string& shape,
                  const std::string& offsets) {
    return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
}
std::string entry(const std::string& name, const std::string& dtype, const std::string& shape, std::uint64_t begin,
                  std::uint64_t end) {
    return entry(name, dtype, shape, "[" + std::to_string(begin) + "," + std::to_string(end) + "]");
}

// The header padded with spaces to a multiple of 8, and a file of it with `buffer` bytes of 0x11.
std::string padded(std::string header) {
    header.append((8 - header.size() % 8) % 8, ' ');
    return header;
}
std::string file_of(const std::string& object_body, std::size_t buffer) {
    return safetensors_file(padded("{" + object_body + "}"), std::string(buffer, '\x11'));
}

const std::string A = entry("a", "F32", "[2]", 0, 8);
const std::string B = entry("b", "F16", "[2]", 8, 12);

}  // namespace

double half_value(std::uint16_t bits) {
    const int e = (bits >> 10) & 0x1f, m = bits & 0x3ff;
    const double magnitude = e == 0    ? std::ldexp(m, -24)
                             : e == 31 ? (m == 0 ? inf : nan)
                                       : std::ldexp(1024 + m, e - 25);
    return (bits >> 15) != 0 ? -magnitude : magnitude;
}

double bfloat16_value(std::uint16_t bits) {
    const int e = (bits >> 7) & 0xff, m = bits & 0x7f;
    const double magnitude = e == 0     ? std::ldexp(m, -133)
                             : e == 255 ? (m == 0 ? inf : nan)
                                        : std::ldexp(128 + m, e - 134);
    return (bits >> 15) != 0 ? -magnitude : magnitude;
}

double safetensors_expected(const std::string& name, const std::string& dtype, std::size_t i) {
    double v = (static_cast<double>(i) - 3.0) / 8.0;
    if (name.rfind("specials", 0) == 0) {
        // +inf, −inf, −0, the smallest subnormal, a large finite value, NaN (the generator's SPECIALS)
        const double tiny = dtype == "F64"   ? std::numeric_limits<double>::denorm_min()
                            : dtype == "F32" ? std::ldexp(1.0, -149)
                            : dtype == "F16" ? std::ldexp(1.0, -24)
                                             : std::ldexp(1.0, -133);
        const double large = dtype == "F64"   ? 1e300
                             : dtype == "F32" ? static_cast<double>(std::numeric_limits<float>::max())
                             : dtype == "F16" ? 65504.0
                                              : 3.140625;
        const double list[] = {inf, -inf, -0.0, tiny, large, nan};
        v = list[i];
    } else if (name == "thirds") {
        v = static_cast<double>(i) / 3.0;
    }
    return dtype == "F32" ? static_cast<double>(static_cast<float>(v)) : v;  // F16 and BF16 forms are exact
}

vector safetensors_expected_values(const std::string& name, const std::string& dtype, std::size_t count,
                                   bool to_float) {
    vector out = xt::empty<double>({count});
    for (std::size_t i = 0; i < count; ++i) {
        const double v = safetensors_expected(name, dtype, i);
        out(i) = to_float ? static_cast<double>(static_cast<float>(v)) : v;
    }
    return out;
}

const std::string& python_safetensors() {
    static const std::string bytes =
        read_text(llmlings::testing::golden_path("transformer/10_safetensors/python.safetensors"));
    return bytes;
}

std::size_t python_header_size() {
    const auto g = llmlings::testing::golden_file::load(
        llmlings::testing::golden_path("transformer/10_safetensors/provenance.txt"));
    return static_cast<std::size_t>(g.array("python.header_size")(0));
}

std::vector<python_tensor> python_tensors() {
    return {{"tok\xc3\xa9n.weight", "F16", {2, 3}},
            {"scalar", "F32", {}},
            {"blocks.0.mlp.fc.weight", "BF16", {2, 2, 3}},
            {"specials.f64", "F64", {6}},
            {"thirds", "F64", {5}},
            {"specials.f16", "F16", {6}},
            {"specials.bf16", "BF16", {6}},
            {"a.matrix", "F32", {3, 4}},
            {"specials.f32", "F32", {6}}};
}

std::string python_note() {
    return "na\xc3\xafve caf\xc3\xa9 \xe2\x9c\x93";  // "naïve café ✓"
}

std::vector<python_tensor> cpp_check_tensors() {
    return {{"wte.weight", "", {4, 3}},
            {"blocks.0.ln1.bias", "", {3}},
            {"scalar", "", {}},
            {"specials", "", {6}},
            {"thirds", "", {5}}};
}

std::string safetensors_file(const std::string& header, const std::string& buffer) {
    return le64(header.size()) + header + buffer;
}

std::string f64_bytes(const std::vector<double>& values) {
    std::string out;
    for (const double v : values) {
        std::uint64_t bits;
        std::memcpy(&bits, &v, sizeof bits);
        out += le64(bits);
    }
    return out;
}

std::string f32_bytes(const std::vector<double>& values) {
    std::string out;
    for (const double v : values) {
        const float f = static_cast<float>(v);
        std::uint32_t bits;
        std::memcpy(&bits, &f, sizeof bits);
        out += le64(bits).substr(0, 4);
    }
    return out;
}

std::string u16_bytes(const std::vector<std::uint16_t>& values) {
    std::string out;
    for (const std::uint16_t v : values) out += le64(v).substr(0, 2);
    return out;
}

std::string hex(const std::string& bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (!out.empty()) out += ' ';
        out += digits[u >> 4];
        out += digits[u & 0xf];
    }
    return out;
}

std::string bit_differences(const vector& got, const vector& want) {
    if (got.size() != want.size())
        return "got " + std::to_string(got.size()) + " elements, expected " + std::to_string(want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        const double g = got(i), w = want(i);
        if (std::isnan(g) && std::isnan(w)) continue;
        if (std::memcmp(&g, &w, sizeof g) != 0) {
            std::ostringstream out;
            out.precision(17);
            out << "element " << i << ": got " << g << ", expected " << w << " (of " << got.size() << ")";
            return out.str();
        }
    }
    return "";
}

std::string all_patterns_differences(const std::function<float(std::uint16_t)>& f, double (*value)(std::uint16_t)) {
    std::size_t wrong = 0;
    std::string first;
    for (std::uint32_t b = 0; b < 65536; ++b) {
        const auto bits = static_cast<std::uint16_t>(b);
        const double got = f(bits), want = value(bits);
        if ((std::isnan(got) && std::isnan(want)) || std::memcmp(&got, &want, sizeof got) == 0) continue;
        if (wrong++ == 0) {
            std::ostringstream out;
            out.precision(17);
            out << "pattern 0x" << std::hex << b << std::dec << ": got " << got << ", expected " << want;
            first = out.str();
        }
    }
    return wrong == 0 ? "" : std::to_string(wrong) + " patterns differ; the first, " + first;
}

fuzz_outcomes outcomes_of(const std::vector<std::string>& inputs, const std::function<void(const std::string&)>& f) {
    fuzz_outcomes r;
    for (const std::string& bytes : inputs) {
        std::string other;
        try {
            f(bytes);
            ++r.returned;
        } catch (const llmlings::io_error&) {
            ++r.refused;
        } catch (const std::exception& e) {
            other = std::string("a ") + typeid(e).name() + ": " + e.what();
        } catch (...) {
            other = "something that is not a std::exception";
        }
        if (!other.empty() && r.other++ == 0) r.first_other = other;
    }
    return r;
}

std::string valid_small_file() {
    const std::string header =
        "{\"__metadata__\":{\"format\":\"pt\"}," + A + "," + B + "," + entry("c", "BF16", "[]", 12, 14) + "}";
    return safetensors_file(padded(header), f32_bytes({1.0, -2.0}) + u16_bytes({0x3800, 0x8000}) + u16_bytes({0x4049}));
}

std::vector<malformed_file> malformed_safetensors() {
    const std::string entry_body = "\"shape\":[2],\"data_offsets\":[0,8]";
    const std::string deep = std::string(20000, '[') + std::string(20000, ']');
    return {
        {"an empty file", "", "fewer than 8 bytes"},
        {"seven bytes", std::string(7, '\0'), "fewer than 8 bytes"},
        {"a header size over the limit", le64(100000001) + "{}      ", "exceeds the limit"},
        {"a header size of 2^64 - 1", le64(std::numeric_limits<std::uint64_t>::max()) + "{}", "exceeds the limit"},
        {"a header size past the end", le64(64) + "{}      ", "past the end of the file"},
        {"truncated JSON", safetensors_file("{\"a\":{\"dtype\":", ""), "not valid JSON"},
        {"an empty header", safetensors_file("", ""), "not valid JSON: byte 0: the header ends"},
        {"invalid UTF-8 in a name", file_of(entry("\xff", "F32", "[2]", 0, 8), 8), "invalid UTF-8"},
        {"an overlong UTF-8 form in a name", file_of(entry("\xc0\xaf", "F32", "[2]", 0, 8), 8), "invalid UTF-8"},
        {"a UTF-8 surrogate in a name", file_of(entry("\xed\xa0\x80", "F32", "[2]", 0, 8), 8), "invalid UTF-8"},
        {"a lone surrogate escape in a name", file_of(entry("\\ud800", "F32", "[2]", 0, 8), 8), "not valid JSON"},
        {"a bad escape in a name", file_of(entry("\\q", "F32", "[2]", 0, 8), 8), "not valid JSON"},
        {"a raw newline in a name", file_of(entry("a\nb", "F32", "[2]", 0, 8), 8), "not valid JSON"},
        {"a trailing comma", file_of(A + ",", 8), "not valid JSON"},
        {"a missing colon", safetensors_file("{\"a\" {}}  ", ""), "not valid JSON"},
        {"a leading zero", file_of(entry("a", "F32", "[02]", 0, 8), 8), "not valid JSON"},
        {"a misspelt literal", file_of("\"__metadata__\":nul", 0), "not valid JSON"},
        {"garbage after the object", safetensors_file("{} x    ", ""), "not valid JSON"},
        {"padding with NUL bytes", safetensors_file(std::string("{}") + std::string(6, '\0'), ""), "not valid JSON"},
        {"a NUL byte before garbage", safetensors_file(std::string("{}\0 [1,2]", 8), ""),
         "not valid JSON: byte 2: unexpected bytes after the object"},
        {"a comment", safetensors_file("{/**/}  ", ""), "not valid JSON"},
        {"a byte-order mark", safetensors_file("\xEF\xBB\xBF{}   ", ""), "not valid JSON: byte 0"},
        {"a tensor named twice", file_of(A + "," + entry("a", "F16", "[2]", 8, 12), 12), "duplicate key \"a\""},
        {"a key twice in an entry", file_of("\"a\":{\"dtype\":\"F32\",\"dtype\":\"F32\"," + entry_body + "}", 8),
         "duplicate key \"dtype\""},
        {"a metadata key twice", file_of("\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}", 0), "duplicate key \"k\""},
        {"an array", safetensors_file("[1, 2]  ", ""), "not a JSON object"},
        {"a string", safetensors_file("\"{}\"    ", ""), "not a JSON object"},
        {"20000 nested arrays", safetensors_file(deep, ""), "not a JSON object"},
        {"an entry that is an array", file_of("\"a\":[0,8]", 8), "is not an object"},
        {"an unknown key", file_of("\"a\":{\"dtype\":\"F32\"," + entry_body + ",\"offsets\":[0,8]}", 8),
         "unknown key \"offsets\""},
        {"no dtype", file_of("\"a\":{" + entry_body + "}", 8), "lacks \"dtype\""},
        {"no shape", file_of("\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}", 8), "lacks \"shape\""},
        {"no data_offsets", file_of("\"a\":{\"dtype\":\"F32\",\"shape\":[2]}", 8), "lacks \"data_offsets\""},
        {"a numeric dtype", file_of("\"a\":{\"dtype\":4," + entry_body + "}", 8), "dtype must be a string"},
        {"an unknown dtype", file_of(entry("a", "F17", "[2]", 0, 8), 8), "unknown dtype \"F17\""},
        {"a lowercase dtype", file_of(entry("a", "f32", "[2]", 0, 8), 8), "unknown dtype \"f32\""},
        {"a negative extent", file_of(entry("a", "F32", "[-2]", 0, 8), 8), "shape must be"},
        {"a fractional extent", file_of(entry("a", "F32", "[2.0]", 0, 8), 8), "shape must be"},
        {"a shape that is a number", file_of(entry("a", "F32", "2", 0, 8), 8), "shape must be"},
        {"a shape that is true", file_of(entry("a", "F32", "true", 0, 8), 8), "shape must be"},
        {"a shape of arrays", file_of(entry("a", "F32", "[[2]]", 0, 8), 8), "shape must be"},
        {"an extent of 2^64", file_of(entry("a", "F32", "[18446744073709551616]", 0, 8), 8), "shape must be"},
        {"a numel that overflows", file_of(entry("a", "F32", "[4294967296,4294967296,2]", 0, 0), 0), "overflows"},
        {"a byte count that overflows", file_of(entry("a", "F32", "[4611686018427387904]", 0, 0), 0), "overflows"},
        {"offsets in reverse", file_of(entry("a", "F32", "[2]", "[8,0]"), 8), "data_offsets must be"},
        {"three offsets", file_of(entry("a", "F32", "[2]", "[0,8,8]"), 8), "data_offsets must be"},
        {"a negative offset", file_of(entry("a", "F32", "[2]", "[-8,0]"), 8), "data_offsets must be"},
        {"offsets as strings", file_of(entry("a", "F32", "[2]", "[\"0\",\"8\"]"), 8), "data_offsets must be"},
        {"offsets too far apart", file_of(entry("a", "F32", "[2]", 0, 12) + "," + entry("b", "F16", "[2]", 12, 16), 16),
         "hold 12 bytes, but F32 (2) needs 8"},
        {"offsets too close", file_of(entry("a", "F32", "[2]", 0, 4) + "," + entry("b", "F16", "[2]", 4, 8), 8),
         "bytes, but"},
        {"a scalar of two elements", file_of(entry("a", "F32", "[]", 0, 8), 8), "bytes, but"},
        {"a tensor past the buffer", file_of(A + "," + B, 10), "past the end of the byte buffer"},
        {"an end offset of 2^64 - 1",
         file_of(entry("a", "F32", "[2]", 18446744073709551607ull, 18446744073709551615ull), 8),
         "past the end of the byte buffer"},
        {"overlapping tensors", file_of(A + "," + entry("b", "F16", "[2]", 6, 10), 10), "overlaps"},
        {"a tensor inside another",
         file_of(entry("a", "F32", "[4]", 0, 16) + "," + entry("b", "F32", "[2]", 4, 12), 16),
         "'b' [4, 12) overlaps 'a' [0, 16)"},
        {"an empty tensor inside another",
         file_of(entry("a", "F32", "[4]", 0, 16) + "," + entry("b", "F32", "[0]", 8, 8), 16), "overlaps"},
        {"a hole between tensors", file_of(A + "," + entry("b", "F16", "[2]", 10, 14), 14), "a hole"},
        {"a hole at the start", file_of(entry("a", "F32", "[2]", 2, 10), 10), "a hole"},
        {"bytes after the last tensor", file_of(A + "," + B, 16), "after the last tensor"},
        {"bytes and no tensor", file_of("", 4), "after the last tensor"},
        {"metadata with a number", file_of("\"__metadata__\":{\"k\":1}", 0), "__metadata__ must be"},
        {"metadata that is a string", file_of("\"__metadata__\":\"pt\"", 0), "__metadata__ must be"},
        {"metadata with an object", file_of("\"__metadata__\":{\"k\":{}}", 0), "__metadata__ must be"},
        {"an empty name", file_of(entry("", "F32", "[2]", 0, 8), 8), "empty name"},
    };
}

std::vector<std::string> mutated_copies(const std::string& valid, std::size_t count, unsigned seed) {
    llmlings::rng gen(seed);
    std::uint64_t n = 0;
    for (std::size_t k = std::min<std::size_t>(valid.size(), 8); k-- > 0;)
        n = (n << 8) | static_cast<unsigned char>(valid[k]);
    const std::size_t header_end = static_cast<std::size_t>(std::min<std::uint64_t>(valid.size(), 8 + n));
    const char replacements[] = {'\xff', '[', '"', '}', ',', ' ', '\0', ':'};
    std::vector<std::string> out;
    out.reserve(count);
    for (std::size_t c = 0; c < count; ++c) {
        std::string bytes = valid;
        const std::size_t edits = 1 + gen() % 4;
        for (std::size_t k = 0; k < edits; ++k) {
            const std::size_t position = gen() % 3 < 2 ? gen() % header_end : gen() % bytes.size();
            const std::size_t kind = gen() % 10;  // 0-7: a replacement byte, 8: a digit, 9: a flipped bit
            if (kind == 9)
                bytes[position] = static_cast<char>(bytes[position] ^ (1 << (gen() % 8)));  // flip one bit
            else
                bytes[position] = kind == 8 ? static_cast<char>('0' + gen() % 10) : replacements[kind];
        }
        out.push_back(bytes);
    }
    return out;
}

}  // namespace oracles
