// SPDX-License-Identifier: MIT
// The oracles of tests/transformer/10_safetensors.cpp, compiled once in oracles/10_safetensors.cpp
// (never with the learner's file): the values of half and bfloat16 bit patterns from their
// definitions, the closed forms of tools/golden/transformer_safetensors.py, its file
// tests/golden/transformer/10_safetensors/python.safetensors, files assembled byte by byte from a
// header text, the malformed files with the message each must give, and the seeded mutations of
// the fuzz test. Nothing here parses or writes safetensors the way the topic does.
#ifndef LLMLINGS_TESTS_TRANSFORMER_ORACLES_10_SAFETENSORS_HPP
#define LLMLINGS_TESTS_TRANSFORMER_ORACLES_10_SAFETENSORS_HPP

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/oracles.hpp"

namespace oracles {

/// The value of an IEEE 754 binary16 bit pattern by the standard's formula, in double:
/// (−1)^s 2^(e−15) (1 + m/1024), subnormals 2^−14 m/1024, e = 31 infinite or NaN.
double half_value(std::uint16_t bits);
/// The value of a bfloat16 bit pattern by its definition (sign, 8-bit exponent of bias 127,
/// 7-bit mantissa), in double.
double bfloat16_value(std::uint16_t bits);

/// Element i of tensor `name` in the generator's closed forms, rounded to `dtype` (F64, F32, F16,
/// BF16) and widened back to double: (i − 3)/8; i/3 for "thirds"; for names starting with
/// "specials" the dtype's list: +∞, −∞, −0, its smallest subnormal, a large finite value, NaN.
double safetensors_expected(const std::string& name, const std::string& dtype, std::size_t i);
/// Elements 0 … count − 1 of safetensors_expected(name, dtype, ·), each rounded to float when
/// to_float (what a float store holds after reading them).
vector safetensors_expected_values(const std::string& name, const std::string& dtype, std::size_t count, bool to_float);

/// The bytes of tests/golden/transformer/10_safetensors/python.safetensors, and its header size N
/// as provenance.txt records it.
const std::string& python_safetensors();
std::size_t python_header_size();
/// The (name, dtype, shape) of python.safetensors's tensors in the order of their bytes, and its
/// metadata key "note" (non-ASCII text written with \u escapes).
struct python_tensor {
    std::string name, dtype;
    std::vector<std::size_t> shape;
};
std::vector<python_tensor> python_tensors();
std::string python_note();

/// The tensors the test writes for the generator's `check`: (name, shape) in registration order.
std::vector<python_tensor> cpp_check_tensors();

/// A file from its parts: N as 8 little-endian bytes, the header text, then the byte buffer.
std::string safetensors_file(const std::string& header, const std::string& buffer);
/// Little-endian bytes of doubles, floats (rounded from the doubles) and 16-bit patterns.
std::string f64_bytes(const std::vector<double>& values);
std::string f32_bytes(const std::vector<double>& values);
std::string u16_bytes(const std::vector<std::uint16_t>& values);
/// The bytes as hexadecimal pairs separated by spaces: a readable failure message.
std::string hex(const std::string& bytes);

/// "" when got and want hold the same doubles bit for bit (−0 ≠ +0; any NaN equals any NaN),
/// else the first difference: "element 3: got 0.5, expected -0.5 (of 8)".
std::string bit_differences(const vector& got, const vector& want);

/// Calls f on each of the 65,536 bit patterns and compares the result with value(pattern) bit for
/// bit (any NaN equals any NaN): "" when all agree, else the number that differ and the first.
std::string all_patterns_differences(const std::function<float(std::uint16_t)>& f, double (*value)(std::uint16_t));

/// What calling f on each input did: returned, threw llmlings::io_error, or threw anything else
/// (counted, and the first such message kept).
struct fuzz_outcomes {
    std::size_t returned = 0, refused = 0, other = 0;
    std::string first_other;
};
fuzz_outcomes outcomes_of(const std::vector<std::string>& inputs, const std::function<void(const std::string&)>& f);

/// One malformed file and a fragment of the message its io_error must hold.
struct malformed_file {
    std::string name, bytes, fragment;
};
/// Every defect the reader must refuse, each in a file that is otherwise valid_small_file()
/// (or a variant with the buffer fitted to it).
std::vector<malformed_file> malformed_safetensors();
/// A valid file: "a" F32 (2) = (1, −2), "b" F16 (2) = (0.5, −0), "c" BF16 () = 3.140625, and
/// __metadata__ {"format": "pt"}; 12 bytes of buffer.
std::string valid_small_file();
/// `count` copies of `valid`, each with 1 to 4 bytes replaced (a flipped bit, 0xff, '[', '"',
/// '}', ',', ' ', a digit), two thirds of them inside the first 8 + N bytes; mt19937_64(seed).
std::vector<std::string> mutated_copies(const std::string& valid, std::size_t count, unsigned seed);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_TRANSFORMER_ORACLES_10_SAFETENSORS_HPP
