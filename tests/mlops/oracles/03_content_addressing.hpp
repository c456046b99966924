// SPDX-License-Identifier: MIT
// The oracles of tests/mlops/03_content_addressing.cpp, compiled once in
// oracles/03_content_addressing.cpp (never with the learner's file): the hashlib golden digests
// (tools/golden/mlops_sha256.py) and their messages, a hex writer of its own, seeded bytes, and the
// file plumbing the store's tests use to look behind the store's back. Plain containers only.
#ifndef LLMLINGS_TESTS_MLOPS_ORACLES_03_CONTENT_ADDRESSING_HPP
#define LLMLINGS_TESTS_MLOPS_ORACLES_03_CONTENT_ADDRESSING_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace oracles {

/// The first n bytes (n ≤ 200) of the golden byte pattern p[i] = (37 i + 11) mod 256.
std::string pattern_bytes(std::size_t n);
/// hashlib's SHA-256 of pattern_bytes(n), as 64 lowercase hex digits, for n = 0…200.
std::string pattern_digest_hex(std::size_t n);
/// How many seeded random buffers the golden file holds; buffer k and hashlib's digest of it in hex.
std::size_t random_buffer_count();
std::string random_buffer(std::size_t k);
std::string random_digest_hex(std::size_t k);

/// 32 bytes as 64 lowercase hex digits, written here (not by the topic's to_hex).
std::string hex_of(const std::array<std::uint8_t, 32>& bytes);

/// n bytes drawn from llmlings::rng(seed), every value 0…255 (zero bytes included).
std::string seeded_bytes(std::size_t n, std::uint64_t seed);

/// The bytes of a file (an empty string when it cannot be read), and a file written with them.
std::string read_bytes(const std::string& path);
void write_bytes(const std::string& path, const std::string& bytes);
/// Every entry under `dir` that is not a directory, as a path relative to `dir` with '/', sorted.
std::vector<std::string> files_under(const std::string& dir);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_MLOPS_ORACLES_03_CONTENT_ADDRESSING_HPP
