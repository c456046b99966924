// SPDX-License-Identifier: MIT
// nlp/04: one epoch of word2vec skip-gram with negative sampling on the King James Bible, in
// words/s: in-vocabulary tokens read (before subsampling) per second of wall time, the measure of
// word2vec.c and gensim (also per second of CPU time: words_per_cpu_s). The peer is gensim's Word2Vec at the same settings, measured by the
// maintainer's script bench/peers/word2vec_gensim.py (Python: not a CI step); bench/README.md has
// the table.
// Settings, both sides (projects/word2vec_kjv's, word2vec.c's skip-gram defaults, one epoch):
// nlp/01's tokenize(), one document per verse (31102); min_count 5; D = 100 (float); window 5;
// 5 noise words; sample 1e-3; lr 0.025 decaying linearly over the epoch; one thread.
// Each iteration trains a fresh model (its initialisation is outside the timing) for one epoch.
// Build and run:  cmake --preset bench && cmake --build --preset bench --target bench_nlp_word2vec
//                 build/bench/bench/bench_nlp_word2vec
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <ctime>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/data/kjv.hpp>
#include <llmlings/nlp/01_tokenization.hpp>
#include <llmlings/nlp/04_word2vec.hpp>

namespace {

namespace nlp = llmlings::nlp;

std::vector<std::vector<std::string>> documents;
nlp::word2vec_vocabulary vocab;
constexpr std::size_t dim = 100;

void word2vec_epoch(benchmark::State& state) {
    std::size_t words = 0;
    double loss = 0.0, cpu = 0.0;
    std::uint64_t seed = 1;
    for (auto _ : state) {
        state.PauseTiming();
        llmlings::parameter_store<float> store;
        nlp::word2vec_model<float> model = nlp::make_word2vec(store, "w2v", vocab.words.size(), dim);
        llmlings::rng gen(seed++);
        nlp::init_word2vec(model, gen);
        nlp::word2vec_train_options options;  // window 5, 5 noise words, sample 1e-3, lr 0.025
        options.epochs = 1;
        nlp::word2vec_trainer<float> trainer = nlp::make_word2vec_trainer(model, vocab, options);
        state.ResumeTiming();
        const std::clock_t cpu_start = std::clock();
        loss = nlp::word2vec_train_epoch(trainer, documents, gen);
        cpu += static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
        words += trainer.words_done;
        benchmark::DoNotOptimize(loss);
    }
    state.counters["words"] = benchmark::Counter(static_cast<double>(words), benchmark::Counter::kIsRate);
    state.counters["words_per_cpu_s"] = static_cast<double>(words) / cpu;  // on a loaded machine
    state.counters["loss"] = loss;
}

}  // namespace

int main(int argc, char** argv) try {
    const std::vector<llmlings::data::verse> verses = llmlings::data::load_kjv();
    std::size_t tokens = 0;
    for (const auto& v : verses) {
        documents.push_back(nlp::tokenize(v.text));
        tokens += documents.back().size();
    }
    vocab = nlp::build_word2vec_vocabulary(documents, 5);
    std::size_t kept = 0;
    for (std::size_t c : vocab.counts) kept += c;
    std::cout << documents.size() << " verses, " << tokens << " tokens, vocabulary " << vocab.words.size()
              << " words (min_count 5) covering " << kept << " tokens; D = " << dim << ", one epoch\n"
              << std::flush;
    benchmark::RegisterBenchmark("word2vec_sgns_epoch", word2vec_epoch)
        ->Unit(benchmark::kSecond)
        ->Iterations(1)
        ->UseRealTime();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
} catch (const std::exception& e) {
    std::cerr << e.what() << '\n';
    return 1;
}
