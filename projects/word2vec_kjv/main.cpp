// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief word2vec (nlp/04) on the King James Bible: skip-gram with negative sampling, then nearest
 * neighbours and analogies for a fixed list of probe words, and the training speed in words/s.
 *
 * The peer is gensim 4.2 on the same corpus with the same settings:
 * `/usr/bin/python3 tools/golden/nlp_word2vec_gensim.py` prints the same probes (the two
 * programs tokenize alike: nlp/01's tokenize(), one document per verse). Only the kind of answer
 * can agree — the vectors depend on every random draw — so compare the neighbours, not the digits.
 *
 * Settings (word2vec.c's and gensim's skip-gram defaults): min_count 5, D = 100, window 5,
 * K = 5 noise words, sample 1e-3, lr 0.025 decaying linearly, 5 epochs, one thread, seed 1.
 *
 * Usage: project_word2vec_kjv [OUTPUT_DIR] [--quick] [--epochs N] [--dim D]
 *   OUTPUT_DIR  where the loss curve goes (word2vec_kjv_loss.png; default build/projects-output)
 *   --quick     3 epochs of D = 50 over the first 8000 verses, Genesis to Judges (the selftest's run)
 */
#include <chrono>
#include <ctime>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/data/kjv.hpp>
#include <llmlings/nlp/01_tokenization.hpp>
#include <llmlings/nlp/04_word2vec.hpp>
#include <llmlings/plot.hpp>

namespace nlp = llmlings::nlp;

int main(int argc, char** argv) try {
    std::size_t epochs = 5, dim = 100, max_verses = 0;  // 0: every verse
    std::filesystem::path out_dir = "build/projects-output";
    const auto count = [&](int& i) {
        const std::string name = argv[i];
        if (i + 1 >= argc) throw llmlings::invalid_argument("project_word2vec_kjv", name + " needs a number");
        char* end = nullptr;
        const unsigned long n = std::strtoul(argv[++i], &end, 10);
        if (*argv[i] == '\0' || *end != '\0' || n == 0)
            throw llmlings::invalid_argument("project_word2vec_kjv",
                                             name + " needs a number >= 1, got '" + argv[i] + "'");
        return static_cast<std::size_t>(n);
    };
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--epochs") {
            epochs = count(i);
        } else if (arg == "--dim") {
            dim = count(i);
        } else if (arg == "--quick") {
            epochs = 3;
            dim = 50;
            max_verses = 8000;
        } else if (arg.empty() || arg[0] == '-') {
            throw llmlings::invalid_argument(
                "project_word2vec_kjv",
                "unknown option '" + arg +
                    "' (usage: project_word2vec_kjv [OUTPUT_DIR] [--quick] [--epochs N] [--dim D])");
        } else {
            out_dir = arg;
        }
    }
    // 1. The corpus: one document of tokens per verse.
    std::vector<llmlings::data::verse> verses = llmlings::data::load_kjv();
    if (max_verses > 0 && verses.size() > max_verses) verses.resize(max_verses);
    std::vector<std::vector<std::string>> documents;
    documents.reserve(verses.size());
    std::size_t tokens = 0;
    for (const auto& v : verses) {
        documents.push_back(nlp::tokenize(v.text));
        tokens += documents.back().size();
    }
    const nlp::word2vec_vocabulary vocab = nlp::build_word2vec_vocabulary(documents, 5);
    std::size_t kept = 0;
    for (std::size_t c : vocab.counts) kept += c;
    std::cout << documents.size() << " verses, " << tokens << " tokens, vocabulary " << vocab.words.size()
              << " words (min_count 5) covering " << kept << " tokens\n";
    // 2. Training.
    llmlings::parameter_store<float> store;
    nlp::word2vec_model<float> model = nlp::make_word2vec(store, "w2v", vocab.words.size(), dim);
    llmlings::rng gen(1);
    nlp::init_word2vec(model, gen);
    nlp::word2vec_train_options options;
    options.epochs = epochs;
    nlp::word2vec_trainer<float> trainer = nlp::make_word2vec_trainer(model, vocab, options);
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    auto epoch_axis = llmlings::vector::from_shape({epochs});
    auto epoch_loss = llmlings::vector::from_shape({epochs});
    for (std::size_t epoch = 0; epoch < epochs; ++epoch) {
        const double loss = nlp::word2vec_train_epoch(trainer, documents, gen);
        epoch_axis(epoch) = static_cast<double>(epoch + 1);
        epoch_loss(epoch) = loss;
        std::cout << "epoch " << epoch + 1 << ": mean loss per pair " << std::fixed << std::setprecision(4) << loss
                  << ", lr " << std::setprecision(6) << trainer.lr << ", pairs so far " << trainer.examples << '\n';
    }
    // CPU time as well as wall time: on a shared machine the wall clock measures the neighbours too.
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    const double words = static_cast<double>(trainer.words_done);
    std::cout << std::setprecision(1) << "trained in " << seconds << " s wall, " << cpu
              << " s CPU: " << std::setprecision(0) << words / cpu << " words/s of CPU time, " << words / seconds
              << " words/s of wall time (in-vocabulary tokens read)\n";
    std::filesystem::create_directories(out_dir);
    llmlings::plot::options o;
    o.run_gnuplot = llmlings::plot::available();
    o.title = "word2vec skip-gram on the KJV";
    o.xlabel = "epoch";
    o.ylabel = "mean loss per (centre, context) pair";
    std::cout << "loss curve: "
              << llmlings::plot::line_plot((out_dir / "word2vec_kjv_loss.png").string(), epoch_axis,
                                           {{"training loss", epoch_loss}}, o)
              << '\n';
    // 3. Probes: the same lists as tools/golden/nlp_word2vec_gensim.py.
    const llmlings::matrix_of<float> vectors = nlp::word2vec_vectors(model);
    auto print = [&](const std::vector<nlp::word2vec_neighbor>& result) {
        for (const auto& n : result) std::cout << ' ' << vocab.words[n.id] << ' ' << std::setprecision(3) << n.cosine;
        std::cout << '\n';
    };
    const char* probes[] = {"god",   "lord",  "moses", "david", "jesus", "king",
                            "water", "bread", "gold",  "sin",   "love",  "egypt"};
    for (const char* word : probes) {
        const auto it = vocab.ids.find(word);
        if (it == vocab.ids.end()) continue;
        std::cout << "nearest " << word << ':';
        print(nlp::word2vec_nearest(vectors, it->second, 5));
    }
    const char* analogies[][3] = {{"king", "man", "woman"},     {"father", "son", "daughter"},
                                  {"brother", "man", "woman"},  {"husband", "man", "woman"},
                                  {"egypt", "pharaoh", "king"}, {"abraham", "isaac", "jacob"}};
    for (const auto& q : analogies) {
        if (vocab.ids.count(q[0]) == 0 || vocab.ids.count(q[1]) == 0 || vocab.ids.count(q[2]) == 0) continue;
        std::cout << "analogy " << q[0] << " - " << q[1] << " + " << q[2] << ':';
        print(nlp::word2vec_analogy(vectors, vocab.ids.at(q[0]), vocab.ids.at(q[1]), vocab.ids.at(q[2]), 3));
    }
    return 0;
} catch (const std::exception& e) {
    std::cerr << e.what() << '\n';  // llmlings' errors name the function
    return 1;
}
