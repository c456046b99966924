// SPDX-License-Identifier: MIT
// Oracles of tests/mlops/03_content_addressing.cpp: the golden file, the standard library and
// llmlings::rng, no llmlings algorithm code.
#include "03_content_addressing.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <llmlings/core/random.hpp>
#include <llmlings/testing.hpp>

namespace oracles {

namespace {

const llmlings::testing::golden_file& golden() {
    static const llmlings::testing::golden_file g =
        llmlings::testing::golden_file::load(llmlings::testing::golden_path("mlops/03_content_addressing.txt"));
    return g;
}

// The byte values of a golden array, from element `first` on, `count` of them.
std::string bytes_of(const std::string& name, std::size_t first, std::size_t count) {
    const xt::xarray<double>& a = golden().array(name);
    std::string out;
    out.reserve(count);
    for (std::size_t i = first; i < first + count; ++i)
        out += static_cast<char>(static_cast<unsigned char>(a.data()[i]));
    return out;
}

std::string hex_of_string(const std::string& bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        out += digits[b / 16];
        out += digits[b % 16];
    }
    return out;
}

}  // namespace

std::string pattern_bytes(std::size_t n) {
    return bytes_of("pattern", 0, n);
}

std::string pattern_digest_hex(std::size_t n) {
    return hex_of_string(bytes_of("pattern_digests", 32 * n, 32));
}

std::size_t random_buffer_count() {
    return 3;
}

std::string random_buffer(std::size_t k) {
    const std::string name = "random_" + std::to_string(k);
    return bytes_of(name, 0, golden().array(name).size());
}

std::string random_digest_hex(std::size_t k) {
    return hex_of_string(bytes_of("random_" + std::to_string(k) + "_digest", 0, 32));
}

std::string hex_of(const std::array<std::uint8_t, 32>& bytes) {
    return hex_of_string(std::string(bytes.begin(), bytes.end()));
}

std::string seeded_bytes(std::size_t n, std::uint64_t seed) {
    llmlings::rng gen(seed);
    std::string out(n, '\0');
    for (char& c : out) c = static_cast<char>(static_cast<unsigned char>(gen() >> 56));
    return out;
}

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::vector<std::string> files_under(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
        if (!it->is_directory()) out.push_back(std::filesystem::relative(it->path(), dir).generic_string());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace oracles
