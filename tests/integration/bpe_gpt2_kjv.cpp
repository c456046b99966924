// SPDX-License-Identifier: MIT
// Integration test of nlp/06_bpe on the whole King James Bible (reference code only):
// 1. GPT-2's tokenizer (the real encoder.json and vocab.bpe) gives js-tiktoken's ids for every
//    one of the 31,102 verses, each encoded on its own: the number of ids and an FNV-1a hash of
//    them per verse, from tests/golden/nlp/06_bpe_kjv.txt (tools/golden/nlp_bpe.mjs,
//    js-tiktoken 1.0.21), and gpt2_decode gives every verse back;
// 2. the fast BPE trainer learns exactly the naive trainer's merges on the first 1,000 verses
//    with GPT-2's split (200 merges), and the tokenizer round-trips the text.
// The data sets must have been fetched (`./llmlings data kjv`, which also fetches the GPT-2
// files); see testing/real_data.hpp: a missing file fails the case, or with
// LLMLINGS_ALLOW_MISSING_DATA=1 skips it.
#include <llmlings/testing.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <llmlings/data/kjv.hpp>
#include <llmlings/nlp/06_bpe.hpp>

namespace {

// FNV-1a, 32 bits, over the ids as 4 little-endian bytes each (as tools/golden/nlp_bpe.mjs).
std::uint32_t fnv1a(const std::vector<llmlings::nlp::bpe_token>& ids) {
    std::uint32_t h = 2166136261u;
    for (const std::uint32_t id : ids) {
        for (int k = 0; k < 4; ++k) {
            h ^= (id >> (8 * k)) & 0xFFu;
            h *= 16777619u;
        }
    }
    return h;
}

}  // namespace

TEST_CASE("gpt2_encode gives js-tiktoken's ids for every KJV verse", "[integration][bpe_gpt2_kjv]") {
    if (!llmlings::testing::have_real_data({"kjv.tsv", "gpt2/encoder.json", "gpt2/vocab.bpe"})) return;
    const auto verses = llmlings::data::load_kjv();
    const auto tok = llmlings::nlp::load_gpt2_tokenizer();
    const auto golden = llmlings::testing::golden_file::load(llmlings::testing::golden_path("nlp/06_bpe_kjv.txt"));
    const auto& count = golden.array("kjv_count");
    const auto& hash = golden.array("kjv_hash");
    REQUIRE(verses.size() == 31102);
    REQUIRE(count.size() == verses.size());
    std::size_t wrong = 0, total = 0, not_back = 0;
    std::string first;
    for (std::size_t i = 0; i < verses.size(); ++i) {
        const auto ids = llmlings::nlp::gpt2_encode(tok, verses[i].text);
        total += ids.size();
        if (ids.size() != static_cast<std::size_t>(count(i)) || fnv1a(ids) != static_cast<std::uint32_t>(hash(i))) {
            if (wrong++ < 3)
                first += verses[i].book + " " + std::to_string(verses[i].chapter) + ":" +
                         std::to_string(verses[i].number) + ": " + std::to_string(ids.size()) + " ids, js-tiktoken " +
                         std::to_string(static_cast<std::size_t>(count(i))) + "\n";
        }
        if (llmlings::nlp::gpt2_decode(tok, ids) != verses[i].text) ++not_back;
    }
    INFO(wrong << " verses differ from js-tiktoken; the first:\n" << first);
    CHECK(wrong == 0);
    CHECK(not_back == 0);
    CHECK(total == static_cast<std::size_t>(golden.array("kjv_total")(0)));
}

TEST_CASE("bpe_train learns the naive trainer's merges on the first thousand KJV verses",
          "[integration][bpe_gpt2_kjv]") {
    if (!llmlings::testing::have_real_data({"kjv.tsv"})) return;
    auto verses = llmlings::data::load_kjv();
    verses.resize(1000);
    const std::string text = llmlings::data::kjv_text(verses);
    using llmlings::nlp::bpe_split;
    const auto naive = llmlings::nlp::bpe_train_naive(text, 256 + 200, bpe_split::gpt2);
    const auto fast = llmlings::nlp::bpe_train(text, 256 + 200, bpe_split::gpt2);
    REQUIRE(naive.merges.size() == 200);
    std::size_t first = 0;
    while (first < 200 && naive.merges[first] == fast.merges[first]) ++first;
    INFO("the first merge that differs: " << first);
    CHECK(fast.merges.size() == 200);
    CHECK(first == 200);
    const auto ids = llmlings::nlp::bpe_encode(fast, text);
    CHECK(ids.size() < text.size() / 2);
    CHECK(llmlings::nlp::bpe_decode(fast, ids) == text);
}
