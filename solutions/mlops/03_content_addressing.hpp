// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief mlops/03 — content-addressed artifacts: SHA-256 (FIPS 180-4) with a streaming interface,
 * the OCI digest form `sha256:<64 hex digits>`, and a file store that names every object by the
 * hash of its bytes and refuses one whose bytes no longer match.
 *
 * A model travels as files (a safetensors checkpoint, a JSON model card) from the training job to
 * a registry, a cache, a container image and a Pod's volume. A name like `model-v3.safetensors`
 * or a tag like `:latest` can point at other bytes tomorrow; a content address cannot: it *is*
 * the SHA-256 of the bytes. OCI registries (image digests), Git, DVC and MLflow's artifact stores
 * work this way, and so does this file's store, which the mlops capstone's model registry uses.
 *
 * Layers: the SHA-256 building blocks in `detail` (the bit functions of FIPS 180-4 §4.1.2 and the
 * compression of one 64-byte block, §6.2.2); the streaming interface sha256_init(),
 * sha256_update(), sha256_final() and the one-shot sha256() and sha256_file(); the text forms
 * to_hex(), content_address(), parse_address(); the store artifact_path(), put_artifact(),
 * put_artifact_file(), get_artifact(), verify_artifact().
 *
 * What this file deliberately is not: a fast SHA-256 (no SIMD or SHA-NI instructions: OpenSSL's
 * is ~5-10x faster), other hash functions (SHA-512, BLAKE3), authenticity (a hash detects
 * accidents; against an attacker who can replace the bytes *and* the digest you need signatures:
 * cosign, sigstore), durability across a power cut (no fsync), garbage collection or locking.
 *
 * References: NIST FIPS 180-4, *Secure Hash Standard* (2015), §4.1.2, §4.2.2, §5.1.1, §5.3.3,
 * §6.2; NIST CSRC "Examples with intermediate values" (SHA256.pdf) and FIPS 180-2 Appendix B for
 * the test vectors; RFC 6234 (US Secure Hash Algorithms, with C code); the OCI Image Format
 * Specification, descriptor.md ("Digests"); Git's object format (`git hash-object`).
 *
 * Guide: @ref mlops_03_content_addressing (the why, the math, the pitfalls) and @ref cpp_guide.
 */
#ifndef LLMLINGS_MLOPS_03_CONTENT_ADDRESSING_HPP
#define LLMLINGS_MLOPS_03_CONTENT_ADDRESSING_HPP

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <llmlings/core.hpp>

namespace llmlings {
namespace mlops {

/**
 * @ingroup mlops
 * @brief A SHA-256 digest: 32 bytes (256 bits), in the order FIPS 180-4 writes them (H₀'s most
 * significant byte first).
 */
using sha256_digest = std::array<std::uint8_t, 32>;

/**
 * @ingroup mlops
 * @brief The running state of a streamed SHA-256: start it with sha256_init(), feed it with
 * sha256_update(), finish it with sha256_final().
 *
 * A default-constructed state is all zeros, which is *not* a valid start: use sha256_init().
 * Invariants: `buffered < 64`; `length` is the number of bytes fed so far, at most 2⁶¹ − 1 (the
 * standard's limit of 2⁶⁴ − 1 bits).
 */
struct sha256_state {
    std::array<std::uint32_t, 8> h{};       ///< H₀…H₇: the hash of the blocks compressed so far
    std::array<std::uint8_t, 64> buffer{};  ///< bytes waiting for a full 64-byte block
    std::size_t buffered = 0;               ///< how many bytes of buffer are in use, 0…63
    std::uint64_t length = 0;               ///< bytes fed so far (the padding writes it in bits)
};

/**
 * @ingroup mlops
 * @brief Where a store keeps its objects: under `root/sha256/<first 2 hex digits>/<other 62>`,
 * the layout of Git's `.git/objects` and of an OCI image layout's `blobs/sha256/`.
 *
 * The struct holds only the path: every function opens the files it needs, so two processes may
 * share one store (writes are atomic renames, reads verify the bytes).
 */
struct artifact_store {
    std::filesystem::path root;  ///< the store's directory; created on the first put
};

namespace detail {

// Given: the constants of FIPS 180-4 (the first 32 bits of the fractional parts of the cube roots
// of the first 64 primes, and of the square roots of the first 8 primes), the checks of the
// streaming functions' arguments, and the file plumbing (you call them; they are not the exercise).

/// The 64 round constants K₀…K₆₃ of SHA-256 (FIPS 180-4 §4.2.2).
inline constexpr std::array<std::uint32_t, 64> sha256_k = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

/// The initial hash value H⁽⁰⁾ of SHA-256 (FIPS 180-4 §5.3.3).
inline constexpr std::array<std::uint32_t, 8> sha256_h0 = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                                           0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

/// The longest message SHA-256 takes, in bytes: 2⁶⁴ − 1 bits, rounded down to whole bytes.
inline constexpr std::uint64_t sha256_max_bytes = (std::uint64_t{1} << 61) - 1;

/**
 * @brief Throws invalid_argument naming `function` when `s` breaks its invariants (`buffered`
 * ≥ 64 would write past the buffer; a length past the limit cannot be padded).
 *
 * @param function the public function, for the message
 * @param s the state
 */
inline void check_state(const char* function, const sha256_state& s) {
    if (s.buffered >= 64)
        throw invalid_argument(function,
                               ::llmlings::detail::concat("the state is corrupt: buffered = ", s.buffered,
                                                          " (expected 0 to 63; start a state with sha256_init())"));
    if (s.length > sha256_max_bytes)
        throw invalid_argument(function, ::llmlings::detail::concat("the state is corrupt: length = ", s.length,
                                                                    " bytes, past SHA-256's limit of 2^61 - 1"));
}

/**
 * @brief The checks of sha256_update(): a valid state, data that is not null unless n = 0, and a
 * message that stays within SHA-256's limit of 2⁶⁴ − 1 bits.
 *
 * @param s the state
 * @param data the bytes to add
 * @param n how many
 * @throws invalid_argument naming sha256_update otherwise
 */
inline void check_update(const sha256_state& s, const void* data, std::size_t n) {
    check_state("sha256_update", s);
    if (data == nullptr && n > 0)
        throw invalid_argument("sha256_update", ::llmlings::detail::concat("data is null but n = ", n,
                                                                           " (null is allowed only with n = 0)"));
    if (n > sha256_max_bytes - s.length)
        throw invalid_argument("sha256_update",
                               ::llmlings::detail::concat("the message would exceed SHA-256's limit of 2^64 - 1 bits: ",
                                                          s.length, " bytes so far, ", n, " more"));
}

/**
 * @brief `text` for an error message: in single quotes, bytes that are not printable ASCII as
 * `\xNN`, and cut after 80 characters with the full length added, so a megabyte that was passed
 * as an address does not become a megabyte of message.
 *
 * @param text any bytes
 * @return e.g. `'sha256:ABC'`, `'xxxx…xxxx'... (1000000 characters)`
 */
inline std::string quoted(std::string_view text) {
    constexpr std::size_t shown = 80;
    std::string out = "'";
    for (std::size_t i = 0; i < text.size() && i < shown; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            const char* digits = "0123456789abcdef";
            out += "\\x";
            out += digits[c >> 4];
            out += digits[c & 0xf];
        }
    }
    out += "'";
    if (text.size() > shown) out += ::llmlings::detail::concat("... (", text.size(), " characters)");
    return out;
}

/**
 * @brief Whether `path` is a regular file (or a link to one); false when it is missing, is a
 * directory, or cannot be examined. Throws nothing.
 *
 * @param path the path
 * @return true for a regular file
 */
inline bool is_file(const std::filesystem::path& path) {
    std::error_code ignored;
    return std::filesystem::is_regular_file(path, ignored);
}

/**
 * @brief Opens `path` for reading bytes.
 *
 * @param function the public function, for the message
 * @param path the file
 * @return the open stream
 * @throws io_error naming `function` and the path when it is a directory or cannot be opened
 */
inline std::ifstream open_for_reading(const char* function, const std::filesystem::path& path) {
    std::error_code ignored;
    if (std::filesystem::is_directory(path, ignored))
        throw io_error(function, "cannot read '" + path.string() + "': it is a directory");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw io_error(function, "cannot open '" + path.string() + "' for reading");
    return in;
}

/**
 * @brief Reads the next at most `size` bytes of `in` into `buffer`.
 *
 * @param function the public function, for the message
 * @param path the file's path, for the message
 * @param in a stream from open_for_reading()
 * @param buffer where the bytes go
 * @param size the buffer's size
 * @return how many bytes were read: `size`, fewer at the end of the file, 0 after it
 * @throws io_error naming `function` and the path when the read fails
 */
inline std::size_t read_some(const char* function, const std::filesystem::path& path, std::ifstream& in, char* buffer,
                             std::size_t size) {
    in.read(buffer, static_cast<std::streamsize>(size));
    if (in.bad()) throw io_error(function, "cannot read '" + path.string() + "'");
    return static_cast<std::size_t>(in.gcount());
}

/**
 * @brief The bytes of a file.
 *
 * @param function the public function, for the message
 * @param path the file
 * @return its bytes
 * @throws io_error naming `function` and the path when it cannot be opened or read
 */
inline std::string read_file(const char* function, const std::filesystem::path& path) {
    std::ifstream in = open_for_reading(function, path);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw io_error(function, "cannot read '" + path.string() + "'");
    return bytes;
}

/**
 * @brief Writes `bytes` to `path` so that no reader ever sees a half-written file: the bytes go
 * to a new temporary file in the same directory (`<name>.tmp-<random>`), which is then renamed
 * to `path`. A rename within one file system is atomic on POSIX: a reader opens either the old
 * file, or no file, or the complete new one. The directories on the way are created.
 *
 * On any failure the temporary file is removed. Not done: fsync of the file and its directory,
 * which a store that must survive a power cut adds before and after the rename.
 *
 * @param function the public function, for the message
 * @param path where the file ends up
 * @param bytes its contents
 * @throws io_error naming `function` and the path when a directory, the temporary file or the
 *         rename fails
 */
inline void write_file_atomically(const char* function, const std::filesystem::path& path, std::string_view bytes) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec)
        throw io_error(function, "cannot create the directory '" + path.parent_path().string() + "': " + ec.message());
    static std::atomic<std::uint64_t> serial{0};
    const std::uint64_t tag = (std::uint64_t{std::random_device{}()} << 32) ^ serial.fetch_add(1);
    std::filesystem::path temporary = path;
    temporary += ".tmp-" + std::to_string(tag);
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) throw io_error(function, "cannot open '" + temporary.string() + "' for writing");
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out) {
            std::filesystem::remove(temporary, ec);
            throw io_error(function, "cannot write '" + temporary.string() + "'");
        }
    }
    std::filesystem::rename(temporary, path, ec);
    if (ec) {
        const std::string why = ec.message();
        std::filesystem::remove(temporary, ec);
        throw io_error(function, "cannot rename '" + temporary.string() + "' to '" + path.string() + "': " + why);
    }
}
// End of the given code.

/**
 * @brief ROTR: rotates a 32-bit word right by n bits; the bits that fall off the right end come
 * back at the left (FIPS 180-4 §3.2).
 *
 * @f[ \mathrm{ROTR}^n(x) = (x \gg n) \lor (x \ll (32 - n)) @f]
 * @param x the word
 * @param n 1…31 (0 and 32 would shift by 32 bits: undefined behaviour in C++)
 * @return the rotated word. Example: `rotr(0x12345678, 8)` → `0x78123456`.
 */
inline std::uint32_t rotr(std::uint32_t x, unsigned n) {
    return (x >> n) | (x << (32 - n));
}

/**
 * @brief Ch ("choose"): each bit of x chooses the bit of y (where x is 1) or of z (where x is 0)
 * (FIPS 180-4 §4.1.2).
 *
 * @f[ \mathrm{Ch}(x, y, z) = (x \land y) \oplus (\lnot x \land z) @f]
 * @param x the selector
 * @param y chosen where x is 1
 * @param z chosen where x is 0
 * @return the word. Example: `ch(0xFFFF0000, 0x12345678, 0x9ABCDEF0)` → `0x1234DEF0`.
 */
inline std::uint32_t ch(std::uint32_t x, std::uint32_t y, std::uint32_t z) {
    return (x & y) ^ (~x & z);
}

/**
 * @brief Maj ("majority"): each bit is the value that at least two of x, y, z have there
 * (FIPS 180-4 §4.1.2).
 *
 * @f[ \mathrm{Maj}(x, y, z) = (x \land y) \oplus (x \land z) \oplus (y \land z) @f]
 * @param x, y, z the words
 * @return the word. Example: `maj(0xFF00FF00, 0xF0F0F0F0, 0xCCCCCCCC)` → `0xFCC0FCC0`.
 */
inline std::uint32_t maj(std::uint32_t x, std::uint32_t y, std::uint32_t z) {
    return (x & y) ^ (x & z) ^ (y & z);
}

/**
 * @brief Σ₀, mixed into the working variable a in every round (FIPS 180-4 (4.4)).
 *
 * @f[ \Sigma_0(x) = \mathrm{ROTR}^2(x) \oplus \mathrm{ROTR}^{13}(x) \oplus \mathrm{ROTR}^{22}(x) @f]
 * @param x the word @return the word. Example: `big_sigma0(1)` → `0x40080400`.
 */
inline std::uint32_t big_sigma0(std::uint32_t x) {
    return rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22);
}

/**
 * @brief Σ₁, mixed into the working variable e in every round (FIPS 180-4 (4.5)).
 *
 * @f[ \Sigma_1(x) = \mathrm{ROTR}^6(x) \oplus \mathrm{ROTR}^{11}(x) \oplus \mathrm{ROTR}^{25}(x) @f]
 * @param x the word @return the word. Example: `big_sigma1(1)` → `0x04200080`.
 */
inline std::uint32_t big_sigma1(std::uint32_t x) {
    return rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25);
}

/**
 * @brief σ₀ of the message schedule (FIPS 180-4 (4.6)). Its last term is a *shift*, not a
 * rotation: the top 3 bits become 0.
 *
 * @f[ \sigma_0(x) = \mathrm{ROTR}^7(x) \oplus \mathrm{ROTR}^{18}(x) \oplus (x \gg 3) @f]
 * @param x the word @return the word. Example: `small_sigma0(1)` → `0x02004000`.
 */
inline std::uint32_t small_sigma0(std::uint32_t x) {
    return rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3);
}

/**
 * @brief σ₁ of the message schedule (FIPS 180-4 (4.7)); its last term is a shift as well.
 *
 * @f[ \sigma_1(x) = \mathrm{ROTR}^{17}(x) \oplus \mathrm{ROTR}^{19}(x) \oplus (x \gg 10) @f]
 * @param x the word @return the word. Example: `small_sigma1(0x400)` → `0x02800001`.
 */
inline std::uint32_t small_sigma1(std::uint32_t x) {
    return rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10);
}

/**
 * @brief The 32-bit word whose bytes, most significant first (big-endian, as FIPS 180-4 reads a
 * message), are p[0], p[1], p[2], p[3]. Independent of the machine's own byte order.
 *
 * @param p four bytes
 * @return the word. Example: bytes `12 34 56 78` → `0x12345678`.
 */
inline std::uint32_t load_be32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}

/**
 * @brief The SHA-256 compression function: folds one 64-byte block into the hash value h
 * (FIPS 180-4 §6.2.2).
 *
 * 1. Message schedule: W₀…W₁₅ are the block's sixteen big-endian words, then
 *    @f[ W_t = \sigma_1(W_{t-2}) + W_{t-7} + \sigma_0(W_{t-15}) + W_{t-16}, \quad 16 \le t \le 63. @f]
 * 2. Start the working variables a…h at H₀…H₇.
 * 3. 64 rounds, t = 0…63:
 *    @f[ T_1 = h + \Sigma_1(e) + \mathrm{Ch}(e,f,g) + K_t + W_t, \qquad T_2 = \Sigma_0(a) + \mathrm{Maj}(a,b,c), @f]
 *    then h = g, g = f, f = e, e = d + T₁, d = c, c = b, b = a, a = T₁ + T₂.
 * 4. Add them back: H₀ += a, …, H₇ += h.
 * Every + is modulo 2³², which unsigned 32-bit arithmetic in C++ does by itself.
 *
 * @param h H₀…H₇, updated in place
 * @param block 64 bytes
 *
 * Complexity: 48 schedule words and 64 rounds, O(1). Example: from sha256_h0, the padded block
 * of "abc" (61 62 63 80 00 … 00 18) gives h = ba7816bf 8f01cfea … f20015ad, the digest of "abc".
 */
inline void sha256_compress(std::array<std::uint32_t, 8>& h, const std::uint8_t* block) {
    std::array<std::uint32_t, 64> w;
    for (std::size_t t = 0; t < 16; ++t) w[t] = load_be32(block + 4 * t);
    for (std::size_t t = 16; t < 64; ++t)
        w[t] = small_sigma1(w[t - 2]) + w[t - 7] + small_sigma0(w[t - 15]) + w[t - 16];
    std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (std::size_t t = 0; t < 64; ++t) {
        const std::uint32_t t1 = hh + big_sigma1(e) + ch(e, f, g) + sha256_k[t] + w[t];
        const std::uint32_t t2 = big_sigma0(a) + maj(a, b, c);
        hh = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
}

}  // namespace detail

/**
 * @ingroup mlops
 * @brief A fresh SHA-256 state: the hash value H⁽⁰⁾ of FIPS 180-4 §5.3.3, an empty buffer, length 0.
 *
 * @return the state. Throws nothing.
 *
 * Complexity: O(1). Example: `sha256_init().h[0]` → `0x6a09e667`.
 */
inline sha256_state sha256_init() {
    sha256_state s;
    s.h = detail::sha256_h0;
    s.buffered = 0;
    s.length = 0;
    return s;
}

/**
 * @ingroup mlops
 * @brief Feeds n more bytes of the message into a streamed SHA-256.
 *
 * Bytes are collected in `s.buffer` until a 64-byte block is full, which is then compressed; whole
 * blocks in `data` are compressed straight from it. So any way of cutting a message into updates
 * gives the same digest: `update("ab"); update("c")` is `update("abc")`. That is what lets
 * sha256_file() hash a 10 GB checkpoint in 64 KiB pieces. Begin with the given
 * `detail::check_update(s, data, n)`, which throws for the bad inputs below.
 *
 * @param s a state from sha256_init(), updated in place
 * @param data the bytes; may be null only when n = 0
 * @param n how many bytes; 0 changes nothing
 * @throws invalid_argument naming sha256_update when data is null and n > 0, when the state is
 *         corrupt (buffered ≥ 64), or when the message would pass 2⁶⁴ − 1 bits
 *
 * Complexity: O(n). Example: `s = sha256_init(); sha256_update(s, "ab", 2); sha256_update(s,
 * "c", 1);` → `s.length == 3`, `s.buffered == 3`, and sha256_final(s) is the digest of "abc".
 */
inline void sha256_update(sha256_state& s, const void* data, std::size_t n) {
    detail::check_update(s, data, n);
    if (n == 0) return;
    const auto* p = static_cast<const std::uint8_t*>(data);
    s.length += n;
    if (s.buffered > 0) {
        const std::size_t take = std::min(n, s.buffer.size() - s.buffered);
        std::memcpy(s.buffer.data() + s.buffered, p, take);
        s.buffered += take;
        p += take;
        n -= take;
        if (s.buffered < s.buffer.size()) return;
        detail::sha256_compress(s.h, s.buffer.data());
        s.buffered = 0;
    }
    for (; n >= 64; p += 64, n -= 64) detail::sha256_compress(s.h, p);
    if (n > 0) std::memcpy(s.buffer.data(), p, n);
    s.buffered = n;
}

/**
 * @ingroup mlops
 * @brief Pads the message and returns its SHA-256 digest (FIPS 180-4 §5.1.1, §6.2.2).
 *
 * Padding appends the byte 0x80 (a 1 bit, then zeros), then zero bytes until the length is 56
 * modulo 64, then the message length **in bits** as a 64-bit big-endian number: one or two more
 * blocks. The length no longer fits in the current block when 56 or more bytes are buffered
 * (a message of 55 bytes pads to one block, 56 to two). The digest is H₀…H₇, each written
 * big-endian.
 *
 * Afterwards the state is **reset** to sha256_init(), ready for a new message: a second call
 * without updates returns the digest of the empty message, e3b0c442…b855. Begin with the given
 * `detail::check_state("sha256_final", s)`.
 *
 * @param s a state from sha256_init() and any sha256_update()s; reset on return
 * @return the 32-byte digest
 * @throws invalid_argument naming sha256_final when the state is corrupt (buffered ≥ 64)
 *
 * Complexity: one or two compressions. Example: after `sha256_update(s, "abc", 3)`,
 * `to_hex(sha256_final(s))` → `"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"`.
 */
inline sha256_digest sha256_final(sha256_state& s) {
    detail::check_state("sha256_final", s);
    const std::uint64_t bits = s.length * 8;
    s.buffer[s.buffered++] = 0x80;
    if (s.buffered > 56) {
        std::fill(s.buffer.begin() + static_cast<std::ptrdiff_t>(s.buffered), s.buffer.end(), std::uint8_t{0});
        detail::sha256_compress(s.h, s.buffer.data());
        s.buffered = 0;
    }
    std::fill(s.buffer.begin() + static_cast<std::ptrdiff_t>(s.buffered), s.buffer.begin() + 56, std::uint8_t{0});
    for (std::size_t i = 0; i < 8; ++i) s.buffer[56 + i] = static_cast<std::uint8_t>(bits >> (56 - 8 * i));
    detail::sha256_compress(s.h, s.buffer.data());
    sha256_digest digest;
    for (std::size_t i = 0; i < 8; ++i)
        for (std::size_t j = 0; j < 4; ++j) digest[4 * i + j] = static_cast<std::uint8_t>(s.h[i] >> (24 - 8 * j));
    s = sha256_init();
    return digest;
}

/**
 * @ingroup mlops
 * @brief The SHA-256 digest of a byte string, in one call: init, one update, final.
 *
 * A `std::string_view` is just bytes here: a std::string with zero bytes inside, the contents of
 * a binary file, UTF-8 text.
 *
 * @param bytes the message
 * @return its digest. Throws nothing (for messages under 2⁶¹ bytes).
 *
 * Complexity: O(n), n/64 compressions. Example: `to_hex(sha256(""))` →
 * `"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"`.
 */
inline sha256_digest sha256(std::string_view bytes) {
    sha256_state s = sha256_init();
    sha256_update(s, bytes.data(), bytes.size());
    return sha256_final(s);
}

namespace detail {

/**
 * @brief sha256_file() with errors reported under `function` (the store hashes its objects with it).
 *
 * Open the file with the given open_for_reading(), then read_some() 64 KiB at a time into a
 * buffer and feed sha256_update() the count each read returned, until it returns 0.
 *
 * @param function the public function, for the message
 * @param path the file
 * @return the digest of its bytes
 */
inline sha256_digest sha256_of_file(const char* function, const std::filesystem::path& path) {
    std::ifstream in = open_for_reading(function, path);
    std::vector<char> chunk(64 * 1024);
    sha256_state s = sha256_init();
    for (;;) {
        const std::size_t got = read_some(function, path, in, chunk.data(), chunk.size());
        if (got == 0) break;
        sha256_update(s, chunk.data(), got);
    }
    return sha256_final(s);
}

}  // namespace detail

/**
 * @ingroup mlops
 * @brief The SHA-256 digest of a file's bytes, read in 64 KiB chunks: memory stays at 64 KiB
 * whatever the file's size (a model checkpoint may be gigabytes).
 *
 * Same digest as `sha256sum FILE`, as `sha256(bytes of the file)`, and as an OCI registry's
 * digest of the same blob.
 *
 * @param path the file
 * @return the digest
 * @throws io_error naming sha256_file and the path when the file is missing, is a directory or
 *         cannot be read: `sha256_file: cannot open '/tmp/x' for reading`
 *
 * Complexity: O(file size). Example: a file holding `abc` → ba7816bf…15ad.
 */
inline sha256_digest sha256_file(const std::filesystem::path& path) {
    return detail::sha256_of_file("sha256_file", path);
}

/**
 * @ingroup mlops
 * @brief A digest as 64 lowercase hexadecimal digits, two per byte, most significant nibble first:
 * the form `sha256sum`, Git and OCI registries print.
 *
 * @param d the digest
 * @return 64 characters from `0123456789abcdef`. Throws nothing.
 *
 * Complexity: O(1). Example: a digest whose bytes are 0x00, 0x01, …, 0x1f →
 * `"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"`.
 */
inline std::string to_hex(const sha256_digest& d) {
    const char* digits = "0123456789abcdef";
    std::string out(64, '0');
    for (std::size_t i = 0; i < d.size(); ++i) {
        out[2 * i] = digits[d[i] >> 4];
        out[2 * i + 1] = digits[d[i] & 0xf];
    }
    return out;
}

/**
 * @ingroup mlops
 * @brief The content address of some bytes: `"sha256:"` + to_hex(sha256(bytes)), the digest form
 * of the OCI image specification (`docker pull repo@sha256:…`, `image: repo@sha256:…`).
 *
 * @param bytes the artifact's bytes
 * @return 71 characters. Throws nothing.
 *
 * Complexity: O(n). Example: `content_address("abc")` →
 * `"sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"`.
 */
inline std::string content_address(std::string_view bytes) {
    return "sha256:" + to_hex(sha256(bytes));
}

namespace detail {

/**
 * @brief The value 0…15 of a lowercase hex digit, or −1 for any other character (including
 * the uppercase A–F, which the OCI form does not allow).
 *
 * @param c the character
 * @return 0…15 or −1. Example: `'a'` → 10, `'A'` → −1.
 */
inline int hex_digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/**
 * @brief parse_address() with errors reported under `function`.
 *
 * @param function the public function, for the message
 * @param address the text
 * @return the digest
 */
inline sha256_digest parse_digest(const char* function, std::string_view address) {
    constexpr std::string_view prefix = "sha256:";
    const std::string expected = "expected 'sha256:' followed by 64 lowercase hex digits, got " + quoted(address);
    if (address.substr(0, prefix.size()) != prefix)
        throw invalid_argument(function, expected + ": it does not start with 'sha256:'");
    const std::string_view hex = address.substr(prefix.size());
    if (hex.size() != 64)
        throw invalid_argument(function,
                               ::llmlings::detail::concat(expected, ": ", hex.size(), " characters after the prefix"));
    sha256_digest d;
    for (std::size_t i = 0; i < 32; ++i) {
        const int hi = hex_digit_value(hex[2 * i]), lo = hex_digit_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            const std::size_t at = prefix.size() + 2 * i + (hi < 0 ? 0 : 1);
            throw invalid_argument(
                function, ::llmlings::detail::concat(expected, ": character ", at, ", ", quoted(address.substr(at, 1)),
                                                     ", is not a lowercase hex digit"));
        }
        d[i] = static_cast<std::uint8_t>(hi * 16 + lo);
    }
    return d;
}

}  // namespace detail

/**
 * @ingroup mlops
 * @brief The digest that a content address names, after checking that the address has exactly
 * the OCI form for SHA-256: `sha256:` and 64 lowercase hex digits.
 *
 * Strict on purpose: `SHA256:…`, uppercase hex, a missing prefix or another algorithm would each
 * be a second spelling of one object, or a path outside the store (`sha256:../../etc`).
 *
 * @param address the text
 * @return the 32 bytes it names
 * @throws invalid_argument naming parse_address, what was expected and what came in (shortened to
 *         80 characters), e.g. `parse_address: expected 'sha256:' followed by 64 lowercase hex
 *         digits, got 'md5:d41d8cd98f00b204e9800998ecf8427e': it does not start with 'sha256:'`
 *
 * Complexity: O(1). Example: `to_hex(parse_address(content_address("abc")))` → `"ba7816bf…15ad"`.
 */
inline sha256_digest parse_address(std::string_view address) {
    return detail::parse_digest("parse_address", address);
}

namespace detail {

/**
 * @brief artifact_path() with errors reported under `function`.
 *
 * @param function the public function, for the message
 * @param store the store
 * @param address a content address (checked)
 * @return the object's path
 */
inline std::filesystem::path object_path(const char* function, const artifact_store& store, std::string_view address) {
    parse_digest(function, address);
    const std::string_view hex = address.substr(7);
    return store.root / "sha256" / std::string(hex.substr(0, 2)) / std::string(hex.substr(2));
}

/**
 * @brief put_artifact() and put_artifact_file() with errors reported under `function`.
 *
 * The address, then the path; an existing object (is_file()) is re-hashed with sha256_of_file()
 * and either accepted or reported as corrupted; a new one is written with the given
 * write_file_atomically().
 *
 * @param function the public function, for the message
 * @param store the store
 * @param bytes the artifact
 * @return its address
 */
inline std::string put_bytes(const char* function, const artifact_store& store, std::string_view bytes) {
    const std::string address = content_address(bytes);
    const std::filesystem::path path = object_path(function, store, address);
    if (is_file(path)) {
        const sha256_digest found = sha256_of_file(function, path);
        if (found != parse_digest(function, address))
            throw io_error(function, "corrupted: the stored object '" + path.string() + "' of " + address +
                                         " now hashes to sha256:" + to_hex(found) +
                                         "; it is not overwritten (remove it, then put the artifact again)");
        return address;
    }
    write_file_atomically(function, path, bytes);
    return address;
}

}  // namespace detail

/**
 * @ingroup mlops
 * @brief Where the object of `address` lives: `root/sha256/<first 2 hex digits>/<other 62>`.
 *
 * The two-character directories spread a million objects over 256 directories of ~4000 files
 * each, as Git does, instead of one directory that every listing has to wade through.
 *
 * @param store the store
 * @param address a content address, checked as parse_address() does
 * @return the path (whether or not the object exists)
 * @throws invalid_argument naming artifact_path when the address is malformed
 *
 * Complexity: O(1). Example: with root `/srv/models`, `artifact_path(store, content_address("abc"))`
 * → `/srv/models/sha256/ba/7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad`.
 */
inline std::filesystem::path artifact_path(const artifact_store& store, std::string_view address) {
    return detail::object_path("artifact_path", store, address);
}

/**
 * @ingroup mlops
 * @brief Stores bytes under their content address and returns the address.
 *
 * - A new object is written to a temporary file in its directory and renamed into place, so a
 *   reader never sees half of it; missing directories are created.
 * - An object that is already there is **not** written again (same address, same bytes: the
 *   store deduplicates). Its bytes are re-hashed instead, and a mismatch throws "corrupted"
 *   without touching the file: the damage is reported, not silently papered over.
 *
 * @param store the store
 * @param bytes the artifact (any bytes, also empty)
 * @return its address, `sha256:<64 hex digits>`
 * @throws io_error naming put_artifact: `corrupted: the stored object '…' of sha256:… now hashes
 *         to sha256:…`, or a directory, the temporary file or the rename failed (the message names
 *         the path)
 *
 * Complexity: O(n), plus one read of an existing object. Example: `put_artifact(store, "abc")` →
 * `"sha256:ba7816bf…15ad"`; a second call returns the same and writes nothing.
 */
inline std::string put_artifact(const artifact_store& store, std::string_view bytes) {
    return detail::put_bytes("put_artifact", store, bytes);
}

/**
 * @ingroup mlops
 * @brief Stores a file's bytes under their content address, as put_artifact() does.
 *
 * Reads the whole file into memory (fine for checkpoints of a few hundred MB; a store for larger
 * files hashes while it copies into the temporary file and then renames it to the address).
 *
 * @param store the store
 * @param file the file to store
 * @return its address
 * @throws io_error naming put_artifact_file when the file cannot be read, and as put_artifact()
 *
 * Complexity: O(file size). Example: `put_artifact_file(store, "model.safetensors")` →
 * `"sha256:…"`, the same address as `sha256sum model.safetensors` prints.
 */
inline std::string put_artifact_file(const artifact_store& store, const std::filesystem::path& file) {
    const std::string bytes = detail::read_file("put_artifact_file", file);
    return detail::put_bytes("put_artifact_file", store, bytes);
}

/**
 * @ingroup mlops
 * @brief The bytes stored under `address`, re-hashed on every read: what comes back is what was
 * put, or an exception.
 *
 * @param store the store
 * @param address a content address
 * @return the bytes
 * @throws invalid_argument naming get_artifact when the address is malformed
 * @throws io_error naming get_artifact: `not found: sha256:… (no file '…')`, or `hash mismatch:
 *         sha256:… is stored in '…' but its bytes hash to sha256:…` (the file was changed: a
 *         flipped bit, a truncated copy, someone's edit), or the file cannot be read
 *
 * Complexity: O(n). Example: `get_artifact(store, put_artifact(store, "abc"))` → `"abc"`.
 */
inline std::string get_artifact(const artifact_store& store, std::string_view address) {
    const std::filesystem::path path = detail::object_path("get_artifact", store, address);
    if (!detail::is_file(path))
        throw io_error("get_artifact",
                       std::string("not found: ") + std::string(address) + " (no file '" + path.string() + "')");
    std::string bytes = detail::read_file("get_artifact", path);
    const std::string found = content_address(bytes);
    if (found != address)
        throw io_error("get_artifact", "hash mismatch: " + std::string(address) + " is stored in '" + path.string() +
                                           "' but its bytes hash to " + found);
    return bytes;
}

/**
 * @ingroup mlops
 * @brief Whether the object of `address` is present and intact (its bytes hash to the address),
 * checked by streaming the file (memory stays at 64 KiB).
 *
 * For health checks and audits (`verify` every object of the registry at start-up); missing,
 * corrupted and unreadable objects all answer false.
 *
 * @param store the store
 * @param address a content address
 * @return true when present and intact
 * @throws invalid_argument naming verify_artifact when the address is malformed (the only throw)
 *
 * Complexity: O(object size). Example: after `put_artifact(store, "abc")`,
 * `verify_artifact(store, content_address("abc"))` → `true`; `content_address("abd")` → `false`.
 */
inline bool verify_artifact(const artifact_store& store, std::string_view address) {
    const std::filesystem::path path = detail::object_path("verify_artifact", store, address);
    const sha256_digest expected = detail::parse_digest("verify_artifact", address);
    if (!detail::is_file(path)) return false;
    try {
        return detail::sha256_of_file("verify_artifact", path) == expected;
    } catch (const io_error&) {
        return false;
    }
}

}  // namespace mlops
}  // namespace llmlings

#endif  // LLMLINGS_MLOPS_03_CONTENT_ADDRESSING_HPP
