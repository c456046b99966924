// SPDX-License-Identifier: MIT
// Oracles of tests/nlp/04_word2vec.cpp: the dynamic window's expected pair counts by exhaustive
// enumeration, and the planted corpora; no code of the topic under test.
#include "04_word2vec.hpp"

#include <llmlings/core/random.hpp>

namespace oracles {

matrix window_pair_expectations(std::size_t n, std::size_t window) {
    matrix counts = xt::zeros<double>({n, n});
    std::vector<std::size_t> w(n, 1);  // the windows of the n centers, as an odometer over 1 … window
    std::size_t assignments = 0;
    while (true) {
        ++assignments;
        for (std::size_t p = 0; p < n; ++p)
            for (std::size_t q = 0; q < n; ++q)
                if (q != p && (q > p ? q - p : p - q) <= w[p]) counts(p, q) += 1.0;
        std::size_t digit = 0;
        while (digit < n && w[digit] == window) w[digit++] = 1;
        if (digit == n) break;
        ++w[digit];
    }
    for (double& c : counts) c /= static_cast<double>(assignments);
    return counts;
}

documents two_topic_corpus(unsigned seed, std::size_t count, std::size_t length) {
    llmlings::rng gen(seed);
    documents corpus(count);
    for (std::size_t d = 0; d < count; ++d) {
        const std::string topic = d % 2 == 0 ? "a" : "b";
        for (std::size_t p = 0; p < length; ++p)
            corpus[d].push_back(topic + std::to_string(llmlings::uniform_index(6, gen)));
    }
    return corpus;
}

documents analogy_corpus(unsigned seed, std::size_t count) {
    const std::vector<std::string> entities = {"king", "queen", "man", "woman", "boy", "girl"};
    const std::vector<std::vector<std::string>> rank = {{"crown", "throne", "palace", "reign"},
                                                        {"field", "work", "bread", "house"},
                                                        {"play", "school", "toy", "small"}};
    const std::vector<std::vector<std::string>> gender = {{"he", "his", "him", "beard"},
                                                          {"she", "her", "hers", "gown"}};
    llmlings::rng gen(seed);
    documents corpus(count);
    for (std::size_t d = 0; d < count; ++d) {
        const std::size_t e = d % entities.size();
        std::vector<std::string> company = rank[e / 2];
        company.insert(company.end(), gender[e % 2].begin(), gender[e % 2].end());
        for (int p = 0; p < 7; ++p)
            corpus[d].push_back(p == 3 ? entities[e] : company[llmlings::uniform_index(company.size(), gen)]);
    }
    return corpus;
}

}  // namespace oracles
