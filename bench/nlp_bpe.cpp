// SPDX-License-Identifier: MIT
// nlp/06: byte-pair encoding on the King James Bible.
// (a) Training: bpe_train() (pair counts kept up to date, a priority queue) against
//     bpe_train_naive() (every pair recounted for every merge, minbpe's `train`) at the same
//     vocabulary size on the same text, GPT-2's pre-tokenisation (bpe_split::gpt2). Before any
//     timing the program checks that both learn the same merges, and stops if they do not.
//     Default: the whole KJV text (below), vocabulary 512 (256 merges), where the naive trainer
//     takes ~25 s; `--train-bytes=N` (the first N bytes, cut at a verse's end) and `--vocab=V`
//     change them (Google Benchmark's own flags are passed on).
// (b) GPT-2 encoding: gpt2_encode() of the whole KJV text (data::kjv_text(): the 31102 verses
//     joined with '\n', 4,137,849 bytes) with the real GPT-2 tokenizer (.data/gpt2, from
//     tools/fetch-data.sh), in MB/s and tokens/s. The peer is js-tiktoken on the same text,
//     bench/peers/gpt2_encode_tiktoken.mjs; both print the number of ids and FNV-1a (32 bits) of
//     the id sequence (each id as 4 little-endian bytes, as tools/golden/nlp_bpe.mjs), which
//     must agree. One thread each.
// Build and run:  cmake --preset bench && cmake --build --preset bench --target bench_nlp_bpe
//                 build/bench/bench/bench_nlp_bpe        # bench/README.md has the table
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <llmlings/data/kjv.hpp>
#include <llmlings/nlp/06_bpe.hpp>

namespace {

namespace nlp = llmlings::nlp;

std::string train_text;  // the training text: the first train_bytes of the KJV, whole verses
std::string kjv;         // the whole KJV text
std::size_t vocab_size = 512;
nlp::gpt2_tokenizer gpt2;

/// FNV-1a (32 bits) of the ids, each as 4 little-endian bytes: tools/golden/nlp_bpe.mjs's hash.
std::uint32_t fnv1a(const std::vector<nlp::bpe_token>& ids) {
    std::uint32_t h = 2166136261u;
    for (nlp::bpe_token id : ids)
        for (int k = 0; k < 4; ++k) {
            h ^= (id >> (8 * k)) & 0xFFu;
            h *= 16777619u;
        }
    return h;
}

void bpe_train_fast(benchmark::State& state) {
    std::size_t merges = 0;
    for (auto _ : state) {
        const nlp::bpe_tokenizer tok = nlp::bpe_train(train_text, vocab_size, nlp::bpe_split::gpt2);
        merges = tok.merges.size();
        benchmark::DoNotOptimize(tok.merges.data());
    }
    state.counters["merges"] = static_cast<double>(merges);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * train_text.size()));
}

void bpe_train_naive(benchmark::State& state) {
    std::size_t merges = 0;
    for (auto _ : state) {
        const nlp::bpe_tokenizer tok = nlp::bpe_train_naive(train_text, vocab_size, nlp::bpe_split::gpt2);
        merges = tok.merges.size();
        benchmark::DoNotOptimize(tok.merges.data());
    }
    state.counters["merges"] = static_cast<double>(merges);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * train_text.size()));
}

void gpt2_encode_kjv(benchmark::State& state) {
    std::size_t tokens = 0;
    const std::clock_t cpu_start = std::clock();
    for (auto _ : state) {
        const std::vector<nlp::bpe_token> ids = nlp::gpt2_encode(gpt2, kjv);
        tokens = ids.size();
        benchmark::DoNotOptimize(ids.data());
    }
    const auto n = static_cast<double>(state.iterations());
    state.counters["MB"] = benchmark::Counter(n * static_cast<double>(kjv.size()) / 1e6, benchmark::Counter::kIsRate);
    state.counters["tokens"] = benchmark::Counter(n * static_cast<double>(tokens), benchmark::Counter::kIsRate);
    // per second of CPU time too: on a loaded machine the wall clock also measures the neighbours
    const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    state.counters["MB_per_cpu_s"] = n * static_cast<double>(kjv.size()) / 1e6 / cpu;
}

/// `--name=N` at argv[i]: sets `value` and returns true.
bool take_flag(const char* arg, const char* name, std::size_t& value) {
    const std::size_t len = std::strlen(name);
    if (std::strncmp(arg, name, len) != 0 || arg[len] != '=') return false;
    value = static_cast<std::size_t>(std::strtoull(arg + len + 1, nullptr, 10));
    return true;
}

}  // namespace

int main(int argc, char** argv) try {
    std::size_t train_bytes = 0;  // 0: the whole text
    std::vector<char*> rest{argv[0]};
    for (int i = 1; i < argc; ++i)
        if (!take_flag(argv[i], "--train-bytes", train_bytes) && !take_flag(argv[i], "--vocab", vocab_size))
            rest.push_back(argv[i]);
    int rest_argc = static_cast<int>(rest.size());
    rest.push_back(nullptr);

    kjv = llmlings::data::kjv_text(llmlings::data::load_kjv());
    const std::size_t cut = train_bytes == 0 || train_bytes >= kjv.size() ? kjv.size() : kjv.rfind('\n', train_bytes);
    train_text = kjv.substr(0, cut == std::string::npos ? train_bytes : cut);
    gpt2 = nlp::load_gpt2_tokenizer();

    // The checks, before any timing.
    std::cout << "training text: the first " << train_text.size() << " of " << kjv.size()
              << " bytes of the KJV (whole verses), vocabulary " << vocab_size << ", GPT-2's split\n"
              << std::flush;
    const nlp::bpe_tokenizer fast = nlp::bpe_train(train_text, vocab_size, nlp::bpe_split::gpt2);
    const nlp::bpe_tokenizer naive = nlp::bpe_train_naive(train_text, vocab_size, nlp::bpe_split::gpt2);
    if (fast.merges.size() != naive.merges.size()) {
        std::cerr << "FAIL: bpe_train learned " << fast.merges.size() << " merges, bpe_train_naive "
                  << naive.merges.size() << '\n';
        return 1;
    }
    for (std::size_t i = 0; i < fast.merges.size(); ++i)
        if (fast.merges[i] != naive.merges[i]) {
            std::cerr << "FAIL: merge " << i << " differs: (" << fast.merges[i].left << ", " << fast.merges[i].right
                      << ") against the naive (" << naive.merges[i].left << ", " << naive.merges[i].right << ")\n";
            return 1;
        }
    std::cout << "check: bpe_train and bpe_train_naive learned the same " << fast.merges.size() << " merges\n";
    const std::vector<nlp::bpe_token> ids = nlp::gpt2_encode(gpt2, kjv);
    std::cout << "gpt2_encode of the whole KJV (" << kjv.size() << " bytes): " << ids.size() << " ids, FNV-1a "
              << fnv1a(ids) << "\n"
              << std::flush;

    // Wall time (UseRealTime), as the peer's performance.now(): the rates are per wall second.
    benchmark::RegisterBenchmark("bpe_train_fast", bpe_train_fast)->Unit(benchmark::kMillisecond)->UseRealTime();
    benchmark::RegisterBenchmark("bpe_train_naive", bpe_train_naive)
        ->Unit(benchmark::kSecond)
        ->Iterations(1)
        ->UseRealTime();
    benchmark::RegisterBenchmark("gpt2_encode_kjv", gpt2_encode_kjv)->Unit(benchmark::kMillisecond)->UseRealTime();
    benchmark::Initialize(&rest_argc, rest.data());
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
} catch (const std::exception& e) {
    std::cerr << e.what() << '\n';
    return 1;
}
