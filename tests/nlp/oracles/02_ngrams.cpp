// SPDX-License-Identifier: MIT
// Oracles of tests/nlp/02_ngrams.cpp: the golden corpora, the golden-file reader and stats/03's
// categorical draw; no code of the topic under test.
#include "02_ngrams.hpp"

#include <cmath>
#include <set>
#include <sstream>

#include <llmlings/stats/03_sampling.hpp>
#include <llmlings/testing.hpp>

namespace oracles {

namespace {

corpus split_lines(std::initializer_list<const char*> lines) {
    corpus out;
    for (const char* line : lines) {
        std::istringstream in(line);
        std::vector<std::string> words;
        for (std::string w; in >> w;) words.push_back(w);
        out.push_back(words);
    }
    return out;
}

// The symbols the golden file's index arrays point into: every token of TRAIN and TEST, "<s>",
// "</s>" and "<unk>", sorted (Python's sorted() on ASCII strings is std::string's <).
std::vector<std::string> golden_symbols() {
    std::set<std::string> symbols = {"<s>", "</s>", "<unk>"};
    for (const corpus* c : {&golden_train_corpus(), &golden_test_corpus()})
        for (const auto& sentence : *c) symbols.insert(sentence.begin(), sentence.end());
    return {symbols.begin(), symbols.end()};
}

std::vector<std::vector<double>> table(const xt::xarray<double>& a) {
    std::vector<std::vector<double>> rows(a.shape()[0], std::vector<double>(a.shape()[1]));
    for (std::size_t i = 0; i < rows.size(); ++i)
        for (std::size_t j = 0; j < rows[i].size(); ++j) rows[i][j] = a(i, j);
    return rows;
}

std::vector<double> flat(const xt::xarray<double>& a) {
    return std::vector<double>(a.begin(), a.end());
}

}  // namespace

const corpus& golden_train_corpus() {
    static const corpus c = split_lines({
        "the cat sat on the mat",
        "the dog sat on the log",
        "the cat saw the dog",
        "a dog saw a cat on the mat",
        "the cat ate the fish",
        "san francisco is foggy",
        "the dog likes san francisco",
        "my glasses are on the mat",
        "",
    });
    return c;
}

const corpus& golden_test_corpus() {
    static const corpus c = split_lines({
        "the cat sat on the log",
        "a dog ate the fish",
        "the bird saw san francisco",
        "",
    });
    return c;
}

const std::vector<ngram_golden>& ngram_golden_configs() {
    static const std::vector<ngram_golden> configs = [] {
        using llmlings::testing::golden_file;
        const golden_file g = golden_file::load(llmlings::testing::golden_path("nlp/02_ngrams.txt"));
        const std::vector<std::string> symbols = golden_symbols();
        if (g.array("symbol_count")(0) != static_cast<double>(symbols.size()))
            throw llmlings::io_error(
                "ngram_golden_configs",
                "the golden file's corpora differ from golden_train_corpus and golden_test_corpus");
        const auto word = [&](double index) { return symbols.at(static_cast<std::size_t>(index)); };
        std::vector<ngram_golden> out;
        const std::size_t configs[][2] = {{1, 1}, {2, 1}, {3, 1}, {2, 2}, {3, 2}};
        for (const auto& config : configs) {
            ngram_golden c;
            c.order = config[0];
            c.min_count = config[1];
            c.lidstone_k = g.array("settings")(0);
            c.discount = g.array("settings")(1);
            const std::string name = "N" + std::to_string(c.order) + "_m" + std::to_string(c.min_count) + "_";
            for (double i : g.array(name + "vocab")) c.vocabulary.push_back(word(i));
            const xt::xarray<double>& contexts = g.array(name + "contexts");
            for (std::size_t i = 0; i < contexts.shape()[0]; ++i) {
                std::vector<std::string> context;
                for (std::size_t j = 0; j < contexts.shape()[1]; ++j) context.push_back(word(contexts(i, j)));
                c.contexts.push_back(context);
            }
            c.perplexity = flat(g.array(name + "perplexity"));
            const auto optional_table = [&](const char* what) {
                try {
                    return table(g.array(name + what));
                } catch (const llmlings::io_error&) {
                    return std::vector<std::vector<double>>();
                }
            };
            c.lidstone = optional_table("lidstone");
            c.laplace = optional_table("laplace");
            c.kn = optional_table("kn");
            if (c.order >= 2) {
                c.kn_unigram = flat(g.array(name + "kn_unigram"));
                c.kn_total = g.array(name + "kn_totals")(0);
                c.kn_types = g.array(name + "kn_totals")(1);
            }
            out.push_back(c);
        }
        return out;
    }();
    return configs;
}

std::size_t categorical_draw(const std::vector<double>& p, llmlings::rng& gen) {
    llmlings::vector probabilities = xt::adapt(p, {p.size()});
    return llmlings::stats::sample_categorical(probabilities, gen);
}

}  // namespace oracles
