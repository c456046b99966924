// SPDX-License-Identifier: MIT
// Oracles of tests/nlp/05_glove.cpp: a random corpus, the brute-force dense co-occurrence count,
// seeded values and the twin corpus; no code of the topic under test.
#include "05_glove.hpp"

#include <map>
#include <sstream>

#include <xtensor/xrandom.hpp>

#include <llmlings/core/random.hpp>

namespace oracles {

documents random_corpus(unsigned seed, std::size_t count, std::size_t max_length, std::size_t alphabet) {
    llmlings::rng gen(seed);
    std::vector<double> cumulative(alphabet);
    double total = 0.0;
    for (std::size_t k = 0; k < alphabet; ++k) cumulative[k] = (total += 1.0 / static_cast<double>(k + 1));
    documents corpus(count);
    for (auto& document : corpus) {
        const std::size_t length = static_cast<std::size_t>(llmlings::uniform_index(max_length + 1, gen));
        for (std::size_t p = 0; p < length; ++p) {
            const double u = llmlings::uniform01(gen) * total;
            std::size_t k = 0;
            while (k + 1 < alphabet && cumulative[k] <= u) ++k;
            document.push_back("w" + std::to_string(k));
        }
    }
    return corpus;
}

matrix dense_cooccurrence(const documents& corpus, const std::vector<std::string>& words, std::size_t window) {
    std::map<std::string, std::size_t> id;
    for (std::size_t k = 0; k < words.size(); ++k) id[words[k]] = k;
    matrix x = xt::zeros<double>({words.size(), words.size()});
    for (const auto& document : corpus) {
        std::vector<std::size_t> kept;
        for (const std::string& token : document)
            if (id.count(token) != 0) kept.push_back(id[token]);
        for (std::size_t p = 0; p < kept.size(); ++p)
            for (std::size_t q = p + 1; q < kept.size() && q - p <= window; ++q) {
                const double weight = 1.0 / static_cast<double>(q - p);
                x(kept[q], kept[p]) += weight;
                x(kept[p], kept[q]) += weight;
            }
    }
    return x;
}

std::vector<double> seeded_values(unsigned seed, std::size_t n, double sd) {
    xt::random::seed(seed);
    const vector v = xt::random::randn<double>({n}, 0.0, sd);
    return std::vector<double>(v.begin(), v.end());
}

documents twin_corpus() {
    const char* lines[] = {
        "the cat sat on the mat", "the dog sat on the mat", "a cat ate the fish",   "a dog ate the fish",
        "my cat likes warm milk", "my dog likes warm milk", "the sun is warm",      "the fish likes the sea",
        "on the mat sat a bird",  "the bird ate a seed",    "milk is on the table", "the sea is warm",
    };
    documents corpus;
    for (const char* line : lines) {
        std::istringstream in(line);
        std::vector<std::string> tokens;
        for (std::string w; in >> w;) tokens.push_back(w);
        corpus.push_back(tokens);
    }
    return corpus;
}

}  // namespace oracles
