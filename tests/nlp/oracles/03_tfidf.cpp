// SPDX-License-Identifier: MIT
// Oracles of tests/nlp/03_tfidf.cpp: the golden documents, the golden-file reader and a ranking by
// std::stable_sort; no code of the topic under test.
#include "03_tfidf.hpp"

#include <algorithm>
#include <numeric>
#include <set>
#include <sstream>

#include <llmlings/testing.hpp>

namespace oracles {

namespace {

token_documents split_lines(std::initializer_list<const char*> lines) {
    token_documents out;
    for (const char* line : lines) {
        std::istringstream in(line);
        std::vector<std::string> words;
        for (std::string w; in >> w;) words.push_back(w);
        out.push_back(words);
    }
    return out;
}

const llmlings::testing::golden_file& golden() {
    static const llmlings::testing::golden_file g =
        llmlings::testing::golden_file::load(llmlings::testing::golden_path("nlp/03_tfidf.txt"));
    return g;
}

// SYMBOLS of the generator: every token of DOCS and QUERIES, sorted. Python sorts str by code
// point, std::set<std::string> by bytes (as unsigned char): the same order for UTF-8.
const std::vector<std::string>& symbols() {
    static const std::vector<std::string> s = [] {
        std::set<std::string> all;
        for (const token_documents* c : {&tfidf_golden_documents(), &tfidf_golden_queries()})
            for (const auto& document : *c) all.insert(document.begin(), document.end());
        std::vector<std::string> out(all.begin(), all.end());
        if (golden().array("symbol_count")(0) != static_cast<double>(out.size()))
            throw llmlings::io_error("tfidf_golden", "the golden file's documents differ from tfidf_golden_documents");
        return out;
    }();
    return s;
}

}  // namespace

const token_documents& tfidf_golden_documents() {
    static const token_documents c = split_lines({
        "the cat sat on the mat",
        "the dog sat on the log",
        "the cat saw the dog and the dog saw the cat",
        "a café in zürich serves crème brûlée",
        "the café near the mat serves the cat",
        "",
        "日本 の 猫 cat",
        "the the the the",
        "dog dog dog bites man",
        "man bites dog",
        "dog bites man",
    });
    return c;
}

const token_documents& tfidf_golden_queries() {
    static const token_documents c = split_lines({
        "the cat on the mat",
        "zebra quagga",
        "dog bites man dog",
        "café cat 猫 zebra",
        "",
    });
    return c;
}

table tfidf_golden_table(const std::string& name) {
    const xt::xarray<double>& a = golden().array(name);
    table rows(a.shape()[0], std::vector<double>(a.shape()[1]));
    for (std::size_t i = 0; i < rows.size(); ++i)
        for (std::size_t j = 0; j < rows[i].size(); ++j) rows[i][j] = a(i, j);
    return rows;
}

std::vector<double> tfidf_golden_row(const std::string& name) {
    const xt::xarray<double>& a = golden().array(name);
    return std::vector<double>(a.begin(), a.end());
}

const std::vector<golden_vocabulary>& tfidf_golden_vocabularies() {
    static const std::vector<golden_vocabulary> configs = [] {
        std::vector<golden_vocabulary> out = {
            {"all", 1, 1.0, 0, {}, {}, {}},        {"min_df_2", 2, 1.0, 0, {}, {}, {}},
            {"max_df_0_3", 1, 0.3, 0, {}, {}, {}}, {"max_features_5", 1, 1.0, 5, {}, {}, {}},
            {"combined", 2, 0.4, 3, {}, {}, {}},
        };
        for (golden_vocabulary& c : out) {
            for (double i : golden().array("vocab_" + c.name))
                c.terms.push_back(symbols().at(static_cast<std::size_t>(i)));
            c.df = tfidf_golden_row("df_" + c.name);
            c.counts = tfidf_golden_table("counts_" + c.name);
        }
        return out;
    }();
    return configs;
}

std::vector<std::size_t> ranking_by_score(const std::vector<double>& scores) {
    std::vector<std::size_t> order(scores.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    return order;
}

}  // namespace oracles
