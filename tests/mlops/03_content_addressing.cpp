// SPDX-License-Identifier: MIT
// Tests for mlops/03_content_addressing. Oracles: hand-worked values of the bit functions of
// FIPS 180-4; the published SHA-256 test vectors (NIST's examples, FIPS 180-2 Appendix B, NIST
// CAVP's SHAVS vectors); golden digests from Python's hashlib (OpenSSL) for every length 0..200 of
// a byte pattern and for seeded random buffers (tools/golden/mlops_sha256.py); properties (every
// way of cutting a message into updates gives the one-shot digest, a file hashes as its bytes);
// and the store's files, looked at directly. Digests are compared as hex written by the oracle
// (oracles::hex_of), not by the topic's to_hex, so a wrong to_hex fails only its own cases.
// Everything is exact: there are no tolerances in this file.
#include <llmlings/testing.hpp>

#include <llmlings/mlops/03_content_addressing.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "oracles/03_content_addressing.hpp"

using namespace llmlings::mlops;
using llmlings::testing::contains;
using llmlings::testing::scratch_dir;
using oracles::hex_of;

namespace {

// The published vectors. Sources: FIPS 180-2 (2002) Appendix B.1 ("abc"), B.2 (the 448-bit
// message) and B.3 (one million 'a'), repeated in NIST CSRC's "Examples with intermediate values"
// (SHA256.pdf); the empty message: NIST CAVP, SHAVS SHA256ShortMsg.rsp, Len = 0; the 896-bit
// message: the SHA-2 test vectors listed by DI Management (di-mgt.com.au/sha_testvectors.html),
// the two-block message of FIPS 180-2's SHA-384/512 examples. All checked against `sha256sum`.
const char* const empty_digest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const char* const abc_digest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
const char* const msg448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const char* const msg448_digest = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
const char* const msg896 =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
const char* const msg896_digest = "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1";
const char* const million_a_digest = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

std::string hex_digest_of(const std::string& bytes) {
    return hex_of(sha256(bytes));
}

std::string address_of_hex(const std::string& hex) {
    return "sha256:" + hex;
}

// The message of an io_error or invalid_argument thrown by f, or "(nothing thrown)".
template <class Exception, class F>
std::string message_of(F f) {
    try {
        f();
    } catch (const Exception& e) {
        return e.what();
    }
    return "(nothing thrown)";
}

}  // namespace

TEST_CASE("the bit functions of FIPS 180-4 on hand-worked words", "[mlops][03_content_addressing]") {
    using namespace llmlings::mlops::detail;
    CHECK(rotr(0x00000001u, 1) == 0x80000000u);
    CHECK(rotr(0x12345678u, 8) == 0x78123456u);
    CHECK(rotr(0x80000000u, 31) == 0x00000001u);
    // Ch takes y where x is 1 (the high half) and z where x is 0 (the low half).
    CHECK(ch(0xFFFF0000u, 0x12345678u, 0x9ABCDEF0u) == 0x1234DEF0u);
    // Maj: where x is 1 the answer is y OR z (F0|CC = FC), where x is 0 it is y AND z (C0).
    CHECK(maj(0xFF00FF00u, 0xF0F0F0F0u, 0xCCCCCCCCu) == 0xFCC0FCC0u);
    // On the word 1 each rotation moves the one bit to 32 - n: Σ0 → bits 30, 19, 10; Σ1 → 26, 21, 7.
    CHECK(big_sigma0(1u) == 0x40080400u);
    CHECK(big_sigma1(1u) == 0x04200080u);
    // σ0(1): bits 25 and 14; the shift by 3 drops the bit (a rotation would set bit 29).
    CHECK(small_sigma0(1u) == 0x02004000u);
    CHECK(small_sigma1(1u) == 0x0000A000u);
    // σ1 of bit 10: rotations to bits 25 and 23, the shift by 10 to bit 0.
    CHECK(small_sigma1(0x400u) == 0x02800001u);
    CHECK(small_sigma0(0x400u) == 0x01000088u);
    // A word with many bits set (H0's first word), computed by the formulas in Python.
    CHECK(big_sigma0(0x6a09e667u) == 0xce20b47eu);
    CHECK(big_sigma1(0x6a09e667u) == 0x55b65510u);
    CHECK(small_sigma0(0x6a09e667u) == 0xba0cf582u);
    CHECK(small_sigma1(0x6a09e667u) == 0xcfe5da3cu);
    const std::uint8_t bytes[4] = {0x12, 0x34, 0x56, 0xf8};
    CHECK(load_be32(bytes) == 0x123456f8u);
}

TEST_CASE("sha256_init holds the initial hash value of FIPS 180-4 section 5.3.3", "[mlops][03_content_addressing]") {
    const sha256_state s = sha256_init();
    const std::uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    for (std::size_t i = 0; i < 8; ++i) CHECK(s.h[i] == h0[i]);
    CHECK(s.buffered == 0);
    CHECK(s.length == 0);
}

TEST_CASE("one compression of the padded abc block gives the published digest", "[mlops][03_content_addressing]") {
    // "abc", the byte 0x80, zeros, and the length 24 bits in the last byte (FIPS 180-2 Appendix B.1).
    std::array<std::uint8_t, 64> block{};
    block[0] = 'a';
    block[1] = 'b';
    block[2] = 'c';
    block[3] = 0x80;
    block[63] = 24;
    sha256_state s = sha256_init();
    detail::sha256_compress(s.h, block.data());
    const std::uint32_t expected[8] = {0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223,
                                       0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad};
    for (std::size_t i = 0; i < 8; ++i) {
        INFO("word " << i);
        CHECK(s.h[i] == expected[i]);
    }
}

TEST_CASE("the published SHA-256 test vectors", "[mlops][03_content_addressing]") {
    CHECK(hex_digest_of("") == empty_digest);
    CHECK(hex_digest_of("abc") == abc_digest);
    CHECK(hex_digest_of(msg448) == msg448_digest);  // 56 bytes: the length needs a second block
    CHECK(hex_digest_of(msg896) == msg896_digest);  // 112 bytes
}

TEST_CASE("one million a in one piece and in a thousand updates", "[mlops][03_content_addressing]") {
    const std::string a(1000000, 'a');
    CHECK(hex_digest_of(a) == million_a_digest);
    sha256_state s = sha256_init();
    for (std::size_t i = 0; i < 1000; ++i) sha256_update(s, a.data() + 1000 * i, 1000);
    CHECK(s.length == 1000000u);
    CHECK(hex_of(sha256_final(s)) == million_a_digest);
}

TEST_CASE("hashlib digests of every length from 0 to 200 cover the padding boundaries",
          "[mlops][03_content_addressing]") {
    // Lengths 55 and 56 (the 64-bit length still fits behind the 0x80 byte, or not), 63, 64,
    // 119, 120 and every other length up to 200 bytes.
    for (std::size_t n = 0; n <= 200; ++n) {
        INFO("the first " << n << " bytes of the pattern");
        CHECK(hex_digest_of(oracles::pattern_bytes(n)) == oracles::pattern_digest_hex(n));
    }
}

TEST_CASE("hashlib digests of seeded random buffers of a few KB", "[mlops][03_content_addressing]") {
    for (std::size_t k = 0; k < oracles::random_buffer_count(); ++k) {
        const std::string bytes = oracles::random_buffer(k);
        INFO("random buffer " << k << " of " << bytes.size() << " bytes");
        CHECK(hex_digest_of(bytes) == oracles::random_digest_hex(k));
    }
}

TEST_CASE("every way of cutting a 200-byte message into updates gives the one-shot digest",
          "[mlops][03_content_addressing]") {
    const std::string message = oracles::pattern_bytes(200);
    const std::string expected = oracles::pattern_digest_hex(200);
    std::size_t wrong = 0;
    // Two pieces, at every split point (an empty first or last piece included).
    for (std::size_t cut = 0; cut <= message.size(); ++cut) {
        sha256_state s = sha256_init();
        sha256_update(s, message.data(), cut);
        sha256_update(s, message.data() + cut, message.size() - cut);
        if (hex_of(sha256_final(s)) != expected) {
            ++wrong;
            UNSCOPED_INFO("two pieces cut at byte " << cut);
        }
    }
    // Equal pieces of every size from 1 byte to 130 (the last piece shorter).
    for (std::size_t piece = 1; piece <= 130; ++piece) {
        sha256_state s = sha256_init();
        for (std::size_t at = 0; at < message.size(); at += piece)
            sha256_update(s, message.data() + at, std::min(piece, message.size() - at));
        if (hex_of(sha256_final(s)) != expected) {
            ++wrong;
            UNSCOPED_INFO("pieces of " << piece << " bytes");
        }
    }
    CHECK(wrong == 0);
}

TEST_CASE("sha256_update accepts n = 0 and rejects null data and a corrupt state", "[mlops][03_content_addressing]") {
    sha256_state s = sha256_init();
    sha256_update(s, nullptr, 0);
    sha256_update(s, "ab", 2);
    sha256_update(s, "", 0);
    sha256_update(s, "c", 1);
    CHECK(s.length == 3u);
    CHECK(s.buffered == 3u);
    CHECK(hex_of(sha256_final(s)) == abc_digest);

    CHECK_THROWS_AS(sha256_update(s, nullptr, 1), llmlings::invalid_argument);
    CHECK_THAT(message_of<llmlings::invalid_argument>([&] { sha256_update(s, nullptr, 5); }),
               contains("sha256_update") && contains("null") && contains("5"));
    sha256_state corrupt = sha256_init();
    corrupt.buffered = 64;
    CHECK_THROWS_AS(sha256_update(corrupt, "x", 1), llmlings::invalid_argument);
    CHECK_THROWS_AS(sha256_final(corrupt), llmlings::invalid_argument);
    // The standard's limit: a message of at most 2^64 - 1 bits, 2^61 - 1 whole bytes.
    sha256_state almost_full = sha256_init();
    almost_full.length = (std::uint64_t{1} << 61) - 2;
    sha256_update(almost_full, "x", 1);
    CHECK_THROWS_AS(sha256_update(almost_full, "x", 1), llmlings::invalid_argument);
}

TEST_CASE("sha256_final resets the state so that it starts a new message", "[mlops][03_content_addressing]") {
    sha256_state s = sha256_init();
    sha256_update(s, "abc", 3);
    CHECK(hex_of(sha256_final(s)) == abc_digest);
    CHECK(s.length == 0u);
    CHECK(s.buffered == 0u);
    // A second final without updates digests the empty message; updates start a new message.
    CHECK(hex_of(sha256_final(s)) == empty_digest);
    sha256_update(s, msg448, 56);
    CHECK(hex_of(sha256_final(s)) == msg448_digest);
}

TEST_CASE("to_hex writes two lowercase hex digits per byte in order", "[mlops][03_content_addressing]") {
    sha256_digest d{};
    for (std::size_t i = 0; i < d.size(); ++i) d[i] = static_cast<std::uint8_t>(i);
    CHECK(to_hex(d) == "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    for (std::size_t i = 0; i < d.size(); ++i) d[i] = static_cast<std::uint8_t>(0xff - 0x11 * (i % 16));
    CHECK(to_hex(d) == "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100");
    CHECK(to_hex(sha256("abc")) == abc_digest);
}

TEST_CASE("content_address is the OCI digest form of the bytes", "[mlops][03_content_addressing]") {
    CHECK(content_address("abc") == address_of_hex(abc_digest));
    CHECK(content_address("") == address_of_hex(empty_digest));
    // Bytes, not C strings: a zero byte inside is part of the artifact.
    const std::string with_zero("a\0c", 3);
    CHECK(content_address(with_zero) == address_of_hex(hex_digest_of(with_zero)));
    CHECK(content_address(with_zero) != content_address("a"));
}

TEST_CASE("parse_address reads back what content_address writes", "[mlops][03_content_addressing]") {
    CHECK(hex_of(parse_address(address_of_hex(abc_digest))) == abc_digest);
    CHECK(hex_of(parse_address(address_of_hex(msg896_digest))) == msg896_digest);
    const std::string all_digits = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    CHECK(hex_of(parse_address(all_digits)) == all_digits.substr(7));
}

TEST_CASE("parse_address rejects malformed addresses and names them", "[mlops][03_content_addressing]") {
    const std::string good = address_of_hex(abc_digest);
    std::string upper = good;
    upper[7] = 'B';  // uppercase hex: a second spelling of the same digest
    const std::string bad[] = {upper,
                               "SHA256:" + good.substr(7),
                               good.substr(0, good.size() - 1),  // 63 digits
                               good + "0",                       // 65 digits
                               "md5:d41d8cd98f00b204e9800998ecf8427e",
                               good.substr(7),  // no prefix
                               "sha256:" + std::string(64, 'g'),
                               "sha256:" + std::string(62, '0') + "/.",
                               "sha256:",
                               ""};
    for (const std::string& address : bad) {
        INFO("address '" << address << "'");
        CHECK_THROWS_AS(parse_address(address), llmlings::invalid_argument);
    }
    CHECK_THAT(message_of<llmlings::invalid_argument>([&] { parse_address(upper); }),
               contains("parse_address") && contains("lowercase") && contains(upper));
    CHECK_THAT(message_of<llmlings::invalid_argument>([] { parse_address("md5:d41d8cd98f00b204e9800998ecf8427e"); }),
               contains("md5:d41d8cd98f00b204e9800998ecf8427e") && contains("sha256:"));
    // A long input is shortened in the message.
    const std::string huge(100000, 'x');
    const std::string message = message_of<llmlings::invalid_argument>([&] { parse_address(huge); });
    CHECK_THAT(message, contains("parse_address") && contains("100000"));
    CHECK(message.size() < 400);
}

TEST_CASE("sha256_file equals sha256 of the same bytes across 64 KiB chunks", "[mlops][03_content_addressing]") {
    scratch_dir dir("mlops03");
    // Sizes around the 64 KiB chunk and the 64-byte block, and a file of several chunks.
    for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{65535}, std::size_t{65536},
                                std::size_t{65537}, std::size_t{200003}}) {
        const std::string bytes = oracles::seeded_bytes(n, 3000 + n);
        const std::string path = dir.file("data-" + std::to_string(n) + ".bin");
        oracles::write_bytes(path, bytes);
        INFO("a file of " << n << " bytes");
        CHECK(hex_of(sha256_file(path)) == hex_digest_of(bytes));
    }
    // The published vector as a 1 MB file: 15 full chunks and a partial one.
    const std::string path = dir.file("million-a.txt");
    oracles::write_bytes(path, std::string(1000000, 'a'));
    CHECK(hex_of(sha256_file(path)) == million_a_digest);
}

TEST_CASE("sha256_file throws io_error naming a missing file or a directory", "[mlops][03_content_addressing]") {
    scratch_dir dir("mlops03");
    const std::string missing = dir.file("no-such-model.safetensors");
    CHECK_THROWS_AS(sha256_file(missing), llmlings::io_error);
    CHECK_THAT(message_of<llmlings::io_error>([&] { sha256_file(missing); }),
               contains("sha256_file") && contains(missing));
    CHECK_THROWS_AS(sha256_file(dir.str()), llmlings::io_error);
}

TEST_CASE("artifact_path splits the digest into a 2-digit directory and a 62-digit file name",
          "[mlops][03_content_addressing]") {
    const artifact_store store{"/srv/models"};
    const std::string address = address_of_hex(abc_digest);
    const std::filesystem::path expected =
        std::filesystem::path("/srv/models") / "sha256" / "ba" / std::string(abc_digest).substr(2);
    CHECK(artifact_path(store, address) == expected);
    CHECK(artifact_path(store, address_of_hex(empty_digest)).filename().string().size() == 62u);
    CHECK(artifact_path(store, address_of_hex(empty_digest)).parent_path().filename() == "e3");
    CHECK_THROWS_AS(artifact_path(store, "sha256:../../../etc/passwd"), llmlings::invalid_argument);
    CHECK_THAT(message_of<llmlings::invalid_argument>([&] { artifact_path(store, "latest"); }),
               contains("artifact_path") && contains("latest"));
}

TEST_CASE("put_artifact stores bytes once under their address", "[mlops][03_content_addressing]") {
    scratch_dir dir("mlops03");
    const artifact_store store{dir.file("store")};
    const std::string model = oracles::seeded_bytes(5000, 7);
    const std::string address = put_artifact(store, model);
    CHECK(address == address_of_hex(hex_digest_of(model)));
    CHECK(oracles::read_bytes(artifact_path(store, address).string()) == model);
    // Putting the same bytes again returns the same address and adds no file.
    CHECK(put_artifact(store, model) == address);
    const std::string hex = address.substr(7);
    CHECK(oracles::files_under(store.root.string()) ==
          std::vector<std::string>{"sha256/" + hex.substr(0, 2) + "/" + hex.substr(2)});
    // Other bytes, another address and another file; the empty artifact is an artifact too.
    const std::string card = "{\"name\": \"fashion-cnn\", \"accuracy\": 0.91}";
    CHECK(put_artifact(store, card) == address_of_hex(hex_digest_of(card)));
    CHECK(put_artifact(store, "") == address_of_hex(empty_digest));
    CHECK(oracles::files_under(store.root.string()).size() == 3u);
}

TEST_CASE("put_artifact leaves no temporary file behind and reports a store it cannot write",
          "[mlops][03_content_addressing]") {
    scratch_dir dir("mlops03");
    const artifact_store store{dir.file("store")};
    for (std::size_t k = 0; k < 20; ++k) put_artifact(store, oracles::seeded_bytes(100 + k, k));
    const std::vector<std::string> files = oracles::files_under(store.root.string());
    CHECK(files.size() == 20u);
    for (const std::string& f : files) {
        INFO("file " << f);
        // sha256/xx/ and 62 hex digits: nothing else (no .tmp-…).
        CHECK(f.size() == 7u + 3u + 62u);
        CHECK(f.find("tmp") == std::string::npos);
    }
    // A root that is a regular file cannot hold directories.
    const std::string blocker = dir.file("not-a-directory");
    oracles::write_bytes(blocker, "x");
    const artifact_store broken{blocker};
    CHECK_THROWS_AS(put_artifact(broken, "abc"), llmlings::io_error);
    CHECK_THAT(message_of<llmlings::io_error>([&] { put_artifact(broken, "abc"); }),
               contains("put_artifact") && contains(blocker));
}

TEST_CASE("get_artifact returns the stored bytes", "[mlops][03_content_addressing]") {
    scratch_dir dir("mlops03");
    const artifact_store store{dir.file("store")};
    const std::string model = oracles::seeded_bytes(70000, 11);  // zero bytes included
    const std::string address = put_artifact(store, model);
    CHECK(get_artifact(store, address) == model);
    CHECK(get_artifact(store, put_artifact(store, "")).empty());
    CHECK(verify_artifact(store, address));
}

TEST_CASE("a flipped byte in a stored object is refused by get verify and put", "[mlops][03_content_addressing]") {
    scratch_dir dir("mlops03");
    const artifact_store store{dir.file("store")};
    const std::string model = oracles::seeded_bytes(3000, 5);
    const std::string address = put_artifact(store, model);
    const std::string object = artifact_path(store, address).string();
    std::string damaged = model;
    damaged[1234] = static_cast<char>(damaged[1234] ^ 0x01);
    oracles::write_bytes(object, damaged);
    const std::string damaged_hex = hex_digest_of(damaged);

    CHECK_THROWS_AS(get_artifact(store, address), llmlings::io_error);
    CHECK_THAT(message_of<llmlings::io_error>([&] { get_artifact(store, address); }),
               contains("get_artifact") && contains("hash mismatch") && contains(address) && contains(damaged_hex));
    CHECK_FALSE(verify_artifact(store, address));
    // put does not paper over the damage: it throws and leaves the file as it is.
    CHECK_THAT(message_of<llmlings::io_error>([&] { put_artifact(store, model); }),
               contains("put_artifact") && contains("corrupted") && contains(address));
    CHECK(oracles::read_bytes(object) == damaged);
    const std::string file = dir.file("model.bin");
    oracles::write_bytes(file, model);
    CHECK_THAT(message_of<llmlings::io_error>([&] { put_artifact_file(store, file); }),
               contains("put_artifact_file") && contains("corrupted"));
    CHECK(oracles::read_bytes(object) == damaged);
    // A truncated object is refused as well.
    oracles::write_bytes(object, model.substr(0, 2999));
    CHECK_FALSE(verify_artifact(store, address));
    CHECK_THROWS_AS(get_artifact(store, address), llmlings::io_error);
}

TEST_CASE("a missing artifact is not found and malformed addresses are rejected", "[mlops][03_content_addressing]") {
    scratch_dir dir("mlops03");
    const artifact_store store{dir.file("store")};
    put_artifact(store, "abc");
    const std::string other = content_address("abd");
    CHECK_THROWS_AS(get_artifact(store, other), llmlings::io_error);
    CHECK_THAT(message_of<llmlings::io_error>([&] { get_artifact(store, other); }),
               contains("get_artifact") && contains("not found") && contains(other));
    CHECK_FALSE(verify_artifact(store, other));
    CHECK(verify_artifact(store, address_of_hex(abc_digest)));
    // An empty store (its root does not exist yet) has nothing.
    const artifact_store empty{dir.file("nothing-here")};
    CHECK_FALSE(verify_artifact(empty, address_of_hex(abc_digest)));
    // A tag is not an address.
    CHECK_THROWS_AS(get_artifact(store, "fashion-cnn:latest"), llmlings::invalid_argument);
    CHECK_THROWS_AS(verify_artifact(store, "SHA256:" + std::string(abc_digest)), llmlings::invalid_argument);
    CHECK_THAT(message_of<llmlings::invalid_argument>([&] { verify_artifact(store, "latest"); }),
               contains("verify_artifact"));
}

TEST_CASE("put_artifact_file stores a file under the address of its bytes", "[mlops][03_content_addressing]") {
    scratch_dir dir("mlops03");
    const artifact_store store{dir.file("store")};
    const std::string bytes = oracles::seeded_bytes(65600, 13);
    const std::string file = dir.file("model.safetensors");
    oracles::write_bytes(file, bytes);
    const std::string address = put_artifact_file(store, file);
    CHECK(address == address_of_hex(hex_digest_of(bytes)));
    CHECK(oracles::read_bytes(artifact_path(store, address).string()) == bytes);
    CHECK(put_artifact(store, bytes) == address);
    CHECK(oracles::files_under(store.root.string()).size() == 1u);
    const std::string missing = dir.file("missing.safetensors");
    CHECK_THAT(message_of<llmlings::io_error>([&] { put_artifact_file(store, missing); }),
               contains("put_artifact_file") && contains(missing));
}
