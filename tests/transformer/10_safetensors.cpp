// SPDX-License-Identifier: MIT
// Tests for transformer/10_safetensors. Oracles: the definitions of binary16 and bfloat16 over
// all 65,536 patterns of each; files assembled byte by byte from the format's description (the
// exact bytes of small stores, hand-made headers); tools/golden/transformer_safetensors.py, which
// writes the format from its specification with json, struct and NumPy (Debian 12 has no
// safetensors package): its file is read here against the closed forms it was written from, and
// the file written here can be handed to its `check` (LLMLINGS_SAFETENSORS_OUT, below); a corpus of
// 64 malformed files, each refused with its own message; every truncation and 3,000 seeded byte
// mutations of a valid file, which must give a result or an io_error and nothing else (the
// sanitize build runs them under ASan and UBSan). Values are compared bit for bit: a checkpoint
// is copied, not computed, so there is no tolerance anywhere in this file.
#include <llmlings/testing.hpp>

#include <llmlings/transformer/10_safetensors.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "oracles/10_safetensors.hpp"

using llmlings::parameter_store;
using llmlings::testing::contains;
using namespace llmlings::transformer;
using namespace oracles;

namespace {

template <class T>
const char* dtype_of() {
    return std::is_same<T, float>::value ? "F32" : "F64";
}

// The store of the `check` interop and the round trip: the generator's closed forms of T's dtype.
template <class T>
parameter_store<T> closed_form_store() {
    parameter_store<T> store;
    for (const python_tensor& t : cpp_check_tensors()) {
        const auto p = store.add(t.name, t.shape);
        set_values(p, safetensors_expected_values(t.name, dtype_of<T>(), p.size(), false));
    }
    return store;
}

// Every tensor of `store` against the closed forms, as the file's dtype held them, converted to T.
template <class T>
void check_closed_forms(const parameter_store<T>& store, const std::vector<python_tensor>& tensors) {
    REQUIRE(store.count() == tensors.size());
    for (std::size_t k = 0; k < tensors.size(); ++k) {
        const python_tensor& t = tensors[k];
        INFO("tensor " << k << ": " << t.name);
        CHECK(store.info(k).name == t.name);  // registered in the order of the bytes
        CHECK(store.info(k).shape == t.shape);
        const std::string dtype = t.dtype.empty() ? dtype_of<T>() : t.dtype;
        const vector want =
            safetensors_expected_values(t.name, dtype, store.info(k).size, std::is_same<T, float>::value);
        CHECK(bit_differences(values_of(store.at(k)), want) == "");
    }
}

}  // namespace

TEST_CASE("half precision bit patterns give the values IEEE 754 defines", "[transformer][10_safetensors]") {
    CHECK(half_to_float(0x3C00) == 1.0f);
    CHECK(half_to_float(0xC000) == -2.0f);
    CHECK(half_to_float(0x7BFF) == 65504.0f);                  // the largest half
    CHECK(half_to_float(0x0400) == std::ldexp(1.0f, -14));     // the smallest normal
    CHECK(half_to_float(0x0001) == std::ldexp(1.0f, -24));     // the smallest subnormal
    CHECK(half_to_float(0x03FF) == std::ldexp(1023.0f, -24));  // the largest subnormal
    CHECK(half_to_float(0x3555) == 0.333251953125f);           // 1/3 rounded to 10 bits
    CHECK(half_to_float(0x7C00) == std::numeric_limits<float>::infinity());
    CHECK(half_to_float(0xFC00) == -std::numeric_limits<float>::infinity());
    CHECK(std::isnan(half_to_float(0x7E00)));
    CHECK(std::isnan(half_to_float(0x7C01)));  // a signalling NaN stays NaN, not +inf
    CHECK(std::signbit(half_to_float(0x8000)));
    CHECK(half_to_float(0x8000) == 0.0f);
    // All 65,536 patterns against (−1)^s 2^(e−15) (1 + m/1024) and its subnormal and special cases.
    CHECK(all_patterns_differences([](std::uint16_t bits) { return half_to_float(bits); }, half_value) == "");
}

TEST_CASE("bfloat16 bit patterns are the upper half of a float", "[transformer][10_safetensors]") {
    CHECK(bfloat16_to_float(0x3F80) == 1.0f);
    CHECK(bfloat16_to_float(0xC0A0) == -5.0f);
    CHECK(bfloat16_to_float(0x4049) == 3.140625f);
    CHECK(bfloat16_to_float(0x0001) == std::ldexp(1.0f, -133));  // a subnormal float
    CHECK(bfloat16_to_float(0x7F80) == std::numeric_limits<float>::infinity());
    CHECK(std::isnan(bfloat16_to_float(0x7FC0)));
    CHECK(std::signbit(bfloat16_to_float(0x8000)));
    CHECK(all_patterns_differences([](std::uint16_t bits) { return bfloat16_to_float(bits); }, bfloat16_value) == "");
}

TEST_CASE("to_safetensors writes the documented bytes for small stores", "[transformer][10_safetensors]") {
    // A float store: metadata first, compact JSON, keys dtype shape data_offsets, 7 spaces to 152
    // bytes, then 1, −2 and 0.5 as little-endian floats.
    parameter_store<float> store;
    set_values(store.add("a.weight", {2}), vector_from({1.0, -2.0}));
    set_values(store.add("b", {}), vector_from({0.5}));
    const std::string header = R"({"__metadata__":{"format":"pt"},"a.weight":{"dtype":"F32","shape":[2],)"
                               R"("data_offsets":[0,8]},"b":{"dtype":"F32","shape":[],"data_offsets":[8,12]}})";
    const std::string expected = std::string("\x98\0\0\0\0\0\0\0", 8) + header + std::string(7, ' ') +
                                 std::string("\0\0\x80\x3f\0\0\0\xc0\0\0\0\x3f", 12);
    CHECK(hex(to_safetensors(store, {{"format", "pt"}})) == hex(expected));
    // A double store without metadata: N = 64 (57 + 7 spaces); 0.25 and −1 as little-endian doubles.
    parameter_store<double> doubles;
    set_values(doubles.add("w", {1, 2}), vector_from({0.25, -1.0}));
    const std::string expected_f64 = std::string("\x40\0\0\0\0\0\0\0", 8) +
                                     R"({"w":{"dtype":"F64","shape":[1,2],"data_offsets":[0,16]}})" +
                                     std::string(7, ' ') + std::string("\0\0\0\0\0\0\xd0\x3f\0\0\0\0\0\0\xf0\xbf", 16);
    CHECK(hex(to_safetensors(doubles)) == hex(expected_f64));
    // The empty store: "{}" and 6 spaces.
    CHECK(hex(to_safetensors(parameter_store<float>())) == hex(std::string("\x08\0\0\0\0\0\0\0{}      ", 16)));
}

TEMPLATE_TEST_CASE("a store written and read back is identical bit for bit", "[transformer][10_safetensors]", float,
                   double) {
    using T = TestType;
    const T inf = std::numeric_limits<T>::infinity();
    parameter_store<T> a;
    set_values(a.add("wte.weight", {4, 3}), normal_vector(12));
    set_values(a.add("blocks.0.attn.qkv.bias", {9}), normal_vector(9, 1e-3));
    set_values(a.add("ln_f.weight", {}), vector_from({-0.0}));
    set_values(a.add("h.0", {2, 1, 3}), normal_vector(6, 1e6));
    set_values(
        a.add("specials", {9}),
        vector_from({-0.0, inf, -inf, std::numeric_limits<T>::denorm_min(), -std::numeric_limits<T>::denorm_min(),
                     std::numeric_limits<T>::max(), std::numeric_limits<T>::lowest(), std::numeric_limits<T>::min(),
                     std::numeric_limits<T>::quiet_NaN()}));
    const std::string bytes = to_safetensors(a, {{"format", "pt"}, {"step", "1000"}});
    // The same layout with other values and gradients: the values are replaced, the gradients kept.
    parameter_store<T> b;
    for (const llmlings::parameter<T>& p : a) set_values(b.add(p.name(), p.shape()), filled(p.size(), 7.0));
    std::fill(b.grads(), b.grads() + b.numel(), T(5));
    from_safetensors(bytes, b);
    for (std::size_t k = 0; k < a.count(); ++k) {
        INFO(a.info(k).name);
        CHECK(bit_differences(values_of(b.at(k)), values_of(a.at(k))) == "");
        CHECK(grads_all(b.at(k), 5.0));
    }
    // The header: registration order, consecutive offsets, the buffer 8-byte aligned, the metadata.
    const safetensors_header h = parse_safetensors_header(bytes);
    CHECK(h.data_start % 8 == 0);
    CHECK(bytes.size() == h.data_start + a.numel() * sizeof(T));
    CHECK(h.metadata.size() == 2);
    CHECK(h.metadata.at("format") == "pt");
    CHECK(h.metadata.at("step") == "1000");
    REQUIRE(h.tensors.size() == a.count());
    std::size_t offset = 0;
    for (std::size_t k = 0; k < a.count(); ++k) {
        CHECK(h.tensors[k].name == a.info(k).name);
        CHECK(h.tensors[k].dtype == dtype_of<T>());
        CHECK(h.tensors[k].shape == a.info(k).shape);
        CHECK(h.tensors[k].begin == offset);
        offset += a.info(k).size * sizeof(T);
        CHECK(h.tensors[k].end == offset);
    }
}

TEST_CASE("parse_safetensors_header sorts the entries by offset and reads the metadata",
          "[transformer][10_safetensors]") {
    // Keys in no particular order, an I64 tensor (the format's, not ours to convert), an empty
    // tensor, a scalar, a \u escape, spaces between the tokens and 13 spaces of padding.
    const std::string header = R"({ "z": {"shape": [2, 3], "dtype": "BF16", "data_offsets": [8, 20]},)"
                               R"( "__metadata__": {"format": "pt", "author": "caf\u00e9"},)"
                               R"( "empty": {"dtype": "F32", "shape": [0, 4], "data_offsets": [20, 20]},)"
                               R"( "step": {"data_offsets": [0, 8], "dtype": "I64", "shape": []},)"
                               R"( "a": {"dtype": "F16", "shape": [1], "data_offsets": [20, 22]}})"
                               "             ";
    const std::string file = safetensors_file(header, std::string(22, '\x5a'));
    const safetensors_header h = parse_safetensors_header(file);
    CHECK(h.data_start == 8 + header.size());
    CHECK(h.metadata.size() == 2);
    CHECK(h.metadata.at("author") == "caf\xc3\xa9");
    REQUIRE(h.tensors.size() == 4);
    CHECK(h.tensors[0].name == "step");
    CHECK(h.tensors[0].dtype == "I64");
    CHECK(h.tensors[0].shape.empty());
    CHECK(h.tensors[1].name == "z");
    CHECK(h.tensors[1].shape == std::vector<std::size_t>{2, 3});
    CHECK(h.tensors[1].begin == 8);
    CHECK(h.tensors[1].end == 20);
    CHECK(h.tensors[2].name == "empty");  // [20, 20) comes before [20, 22)
    CHECK(h.tensors[2].shape == std::vector<std::size_t>{0, 4});
    CHECK(h.tensors[3].name == "a");
    CHECK(h.tensors[3].dtype == "F16");
    // A header with no tensor and no buffer is a valid (empty) file.
    const safetensors_header none = parse_safetensors_header(safetensors_file("{}", ""));
    CHECK(none.tensors.empty());
    CHECK(none.data_start == 10);
}

TEMPLATE_TEST_CASE("the file written by the Python script reads back with every closed form value",
                   "[transformer][10_safetensors]", float, double) {
    // F64 values round to T (thirds, 1e300 → +inf in float, 5e-324 → 0); F32, F16 and BF16 are exact.
    const parameter_store<TestType> store =
        read_safetensors<TestType>(llmlings::testing::golden_path("transformer/10_safetensors/python.safetensors"));
    check_closed_forms(store, python_tensors());
    const safetensors_header h = parse_safetensors_header(python_safetensors());
    CHECK(h.data_start == 8 + python_header_size());  // the padding (16 spaces past alignment) is the header's
    CHECK(h.metadata.at("format") == "pt");
    CHECK(h.metadata.at("note") == python_note());
}

TEMPLATE_TEST_CASE("the file written here holds the closed forms the Python checker expects",
                   "[transformer][10_safetensors]", float, double) {
    // To hand this file to the generator: LLMLINGS_SAFETENSORS_OUT=/tmp/our.safetensors (and
    // LLMLINGS_SAFETENSORS_OUT_F64 for the double store) set when the test runs, then
    // /usr/bin/python3 tools/golden/transformer_safetensors.py check /tmp/our.safetensors
    const parameter_store<TestType> store = closed_form_store<TestType>();
    scratch_files dir("safetensors");
    save_safetensors(dir.file("our.safetensors"), store, {{"format", "pt"}});
    const char* out =
        std::getenv(std::is_same<TestType, float>::value ? "LLMLINGS_SAFETENSORS_OUT" : "LLMLINGS_SAFETENSORS_OUT_F64");
    if (out != nullptr) save_safetensors(out, store, {{"format", "pt"}});
    check_closed_forms(read_safetensors<TestType>(dir.file("our.safetensors")), cpp_check_tensors());
    // and into a store of the same layout, as a model loads its checkpoint
    parameter_store<TestType> model;
    for (const python_tensor& t : cpp_check_tensors()) model.add(t.name, t.shape);
    load_safetensors(dir.file("our.safetensors"), model);
    check_closed_forms(model, cpp_check_tensors());
}

TEST_CASE("every malformed file gives an io_error with its own message", "[transformer][10_safetensors]") {
    const std::vector<malformed_file> files = malformed_safetensors();
    CHECK(files.size() == 64);
    parameter_store<float> store;
    store.add("a", {2});
    for (const malformed_file& f : files) {
        INFO("the file with " << f.name);
        CHECK_THROWS_AS(parse_safetensors_header(f.bytes), llmlings::io_error);
        CHECK_THROWS_WITH(parse_safetensors_header(f.bytes),
                          contains("parse_safetensors_header: ") && contains(f.fragment));
        CHECK_THROWS_WITH(from_safetensors(f.bytes, store, false),
                          contains("from_safetensors: ") && contains(f.fragment));
    }
    // The valid file they are variations of passes.
    CHECK(parse_safetensors_header(valid_small_file()).tensors.size() == 3);
}

TEST_CASE("from_safetensors checks names shapes and dtypes before it copies anything",
          "[transformer][10_safetensors]") {
    // "a" F64 (0.1, −3); "b" F16 (1, −2, +inf); "c" BF16 scalar 3.140625.
    const std::string header = R"({"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},)"
                               R"("b":{"dtype":"F16","shape":[3],"data_offsets":[16,22]},)"
                               R"("c":{"dtype":"BF16","shape":[],"data_offsets":[22,24]}})";
    const std::string file =
        safetensors_file(header, f64_bytes({0.1, -3.0}) + u16_bytes({0x3C00, 0xC000, 0x7C00}) + u16_bytes({0x4049}));
    parameter_store<float> ab;
    const auto a = ab.add("a", {2}), b = ab.add("b", {3});
    set_values(a, vector_from({9.0, 9.0}));
    set_values(b, vector_from({9.0, 9.0, 9.0}));
    // Strict: "c" is not in the store; nothing is copied.
    CHECK_THROWS_WITH(from_safetensors(file, ab), contains("from_safetensors") && contains("not in the store: c"));
    CHECK_THROWS_AS(from_safetensors(file, ab), llmlings::io_error);
    CHECK(values_all(a, 9.0));
    CHECK(values_all(b, 9.0));
    // Not strict: "c" is skipped, the others converted (F64 rounds to float, F16 is exact).
    from_safetensors(file, ab, false);
    CHECK(bit_differences(values_of(a), vector_from({static_cast<double>(0.1f), -3.0})) == "");
    CHECK(bit_differences(values_of(b), vector_from({1.0, -2.0, std::numeric_limits<double>::infinity()})) == "");
    // A store tensor missing from the file, and both lists at once.
    parameter_store<double> abcd;
    abcd.add("a", {2});
    abcd.add("b", {3});
    abcd.add("c", {});
    abcd.add("d", {});
    CHECK_THROWS_WITH(from_safetensors(file, abcd), contains("missing from the file: d"));
    from_safetensors(file, abcd, false);
    CHECK(element(values_of(abcd.find("c")), 0) == 3.140625);
    CHECK(element(values_of(abcd.find("a")), 0) == 0.1);  // F64 into double: exact
    parameter_store<float> bx;
    bx.add("b", {3});
    bx.add("x", {1});
    CHECK_THROWS_WITH(from_safetensors(file, bx),
                      contains("missing from the file: x") && contains("not in the store: a, c"));
    // A shape mismatch is an error even when not strict, and names both shapes.
    parameter_store<float> reshaped;
    const auto r = reshaped.add("a", {1, 2});
    set_values(r, vector_from({9.0, 9.0}));
    CHECK_THROWS_WITH(from_safetensors(file, reshaped, false),
                      contains("'a' has shape (2) in the file and (1,2) in the store"));
    CHECK(values_all(r, 9.0));
    // An integer tensor cannot be converted; skipped when the store does not hold it.
    const std::string with_step = safetensors_file(
        R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"step":{"dtype":"I64","shape":[],"data_offsets":[8,16]}})",
        f32_bytes({1.0, 2.0}) + std::string(8, '\0'));
    parameter_store<float> step;
    step.add("step", {});
    CHECK_THROWS_WITH(from_safetensors(with_step, step, false), contains("'step': dtype I64 is not supported"));
    parameter_store<float> only_a;
    const auto a2 = only_a.add("a", {2});
    from_safetensors(with_step, only_a, false);
    CHECK(bit_differences(values_of(a2), vector_from({1.0, 2.0})) == "");
}

TEST_CASE("the file functions name the path and read_safetensors refuses empty tensors",
          "[transformer][10_safetensors]") {
    scratch_files dir("safetensors");
    const std::string missing = dir.file("missing.safetensors");
    parameter_store<float> store;
    store.add("a", {2});
    CHECK_THROWS_WITH(load_safetensors(missing, store), contains("load_safetensors") && contains(missing));
    CHECK_THROWS_AS(read_safetensors<float>(missing), llmlings::io_error);
    CHECK_THROWS_WITH(save_safetensors(dir.file("no/such/dir/x.safetensors"), store),
                      contains("save_safetensors") && contains("no/such/dir"));
    // A malformed file: the message has the function, the path and the reason.
    dir.write("short.safetensors", "1234");
    CHECK_THROWS_WITH(read_safetensors<double>(dir.file("short.safetensors")), contains("read_safetensors: '") &&
                                                                                   contains("short.safetensors") &&
                                                                                   contains("fewer than 8 bytes"));
    CHECK_THROWS_WITH(load_safetensors(dir.file("short.safetensors"), store), contains("fewer than 8 bytes"));
    // An empty tensor is valid in the format, but a store cannot hold it.
    dir.write("empty.safetensors",
              safetensors_file(R"({"e":{"dtype":"F32","shape":[0,3],"data_offsets":[0,0]}}   )", ""));
    CHECK(parse_safetensors_header(read_text(dir.file("empty.safetensors"))).tensors.size() == 1);
    CHECK_THROWS_WITH(read_safetensors<float>(dir.file("empty.safetensors")),
                      contains("'e' has shape (0,3)") && contains("empty tensor"));
    // save then load: the file on disk is to_safetensors' bytes.
    set_values(store.find("a"), vector_from({0.5, -0.25}));
    save_safetensors(dir.file("a.safetensors"), store);
    CHECK(read_text(dir.file("a.safetensors")) == to_safetensors(store));
}

TEST_CASE("to_safetensors escapes names and refuses those a JSON header cannot hold", "[transformer][10_safetensors]") {
    parameter_store<float> odd;
    const std::string name = "quote\" backslash\\ newline\n tab\t bell\x07 caf\xc3\xa9";
    set_values(odd.add(name, {1}), vector_from({2.0}));
    const std::string bytes = to_safetensors(odd);
    CHECK(bytes.find(R"("quote\" backslash\\ newline\n tab\t bell\u0007 caf)") != std::string::npos);
    parameter_store<float> same;
    const auto p = same.add(name, {1});
    from_safetensors(bytes, same);
    CHECK(element(values_of(p), 0) == 2.0);
    parameter_store<float> reserved;
    reserved.add("__metadata__", {1});
    CHECK_THROWS_AS(to_safetensors(reserved), llmlings::invalid_argument);
    parameter_store<float> invalid;
    invalid.add("bad\xff", {1});
    CHECK_THROWS_WITH(to_safetensors(invalid), contains("to_safetensors") && contains("UTF-8"));
    CHECK_THROWS_AS(to_safetensors(odd, {{"k", "\xc0\xaf"}}), llmlings::invalid_argument);
    CHECK_THROWS_AS(to_safetensors(odd, {{"\xed\xa0\x80", "v"}}), llmlings::invalid_argument);  // a surrogate
}

TEST_CASE("truncated and mutated files give a result or an io_error and nothing else",
          "[transformer][10_safetensors]") {
    const std::string valid = valid_small_file();
    parameter_store<float> store;
    store.add("a", {2});
    store.add("b", {2});
    store.add("c", {});
    from_safetensors(valid, store);
    std::vector<std::string> inputs;
    for (std::size_t length = 0; length < valid.size(); ++length) inputs.push_back(valid.substr(0, length));
    const std::vector<std::string> mutated = mutated_copies(valid, 3000, 10);
    inputs.insert(inputs.end(), mutated.begin(), mutated.end());
    const fuzz_outcomes parsed = outcomes_of(inputs, [](const std::string& bytes) { parse_safetensors_header(bytes); });
    const fuzz_outcomes loaded =
        outcomes_of(inputs, [&](const std::string& bytes) { from_safetensors(bytes, store, false); });
    INFO(parsed.first_other << loaded.first_other);
    CHECK(parsed.other == 0);
    CHECK(loaded.other == 0);
    CHECK(parsed.refused >= valid.size());  // every truncation is refused
    CHECK(loaded.refused >= valid.size());
    CHECK(parsed.returned > 0);  // and some mutations (of the data, of the padding) still load
    CHECK(loaded.returned > 0);
}
