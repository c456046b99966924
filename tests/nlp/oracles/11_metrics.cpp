// SPDX-License-Identifier: MIT
// Oracles of tests/nlp/11_metrics.cpp: the golden segments, the golden-file reader and brute-force
// definitions; no code of the topic under test.
#include "11_metrics.hpp"

#include <algorithm>
#include <sstream>

#include <llmlings/testing.hpp>

namespace oracles {

namespace {

text split(const char* line) {
    std::istringstream in(line);
    text words;
    for (std::string w; in >> w;) words.push_back(w);
    return words;
}

metrics_segment segment(const char* hypothesis, std::initializer_list<const char*> references) {
    metrics_segment s;
    s.hypothesis = split(hypothesis);
    for (const char* r : references) s.references.push_back(split(r));
    return s;
}

std::size_t to_size(double x) {
    return static_cast<std::size_t>(x);
}

// Whether `small` is a subsequence of `big`.
bool is_subsequence(const text& small, const text& big) {
    std::size_t i = 0;
    for (std::size_t j = 0; j < big.size() && i < small.size(); ++j)
        if (small[i] == big[j]) ++i;
    return i == small.size();
}

// How often the n tokens of `a` at i occur in `b`.
std::size_t occurrences(const text& a, std::size_t i, const text& b, std::size_t n) {
    std::size_t count = 0;
    for (std::size_t j = 0; j + n <= b.size(); ++j)
        if (std::equal(a.begin() + static_cast<long>(i), a.begin() + static_cast<long>(i + n),
                       b.begin() + static_cast<long>(j)))
            ++count;
    return count;
}

}  // namespace

const std::vector<metrics_segment>& bleu_segments() {
    static const std::vector<metrics_segment> segments = [] {
        const char* r1 = "It is a guide to action that ensures that the military will forever heed Party commands";
        const char* r2 =
            "It is the guiding principle which guarantees the military forces always being under the command of the "
            "Party";
        const char* r3 = "It is the practical guide for the army always to heed the directions of the party";
        const char* h1 =
            "It is a guide to action which ensures that the military always obeys the commands of the party";
        const char* h2 = "It is to insure the troops forever hearing the activity guidebook that party direct";
        return std::vector<metrics_segment>{
            segment(h1, {r1, r2, r3}),
            segment(h2, {r1, r2, r3}),
            segment("the the the the the the the", {"the cat is on the mat", "there is a cat on the mat"}),
            segment("of the", {r1, r2, r3}),
            segment(h1, {r1}),
            segment("he read the book because he was interested in world history",
                    {"he was interested in world history because he read the book"}),
            segment("the cat", {"the cat is on the mat"}),
            segment("dogs bark loudly at night", {"the cat is on the mat"}),
            segment("cat", {"the cat sat"}),
            segment("the cat sat on the mat today in the warm sun", {"the cat sat on the mat"}),
            segment("a b c d e f g h i j k l", {"a b c d e f g h i j k l m", "a b c d e f x h i j k"}),
            segment("", {"a b c"}),
            segment("the cat sat", {"the cat sat on the mat"}),
            segment("le chat est sûr , très sûr", {"le chat est très sûr", "un chat sûr"}),
            segment("the cat is on the mat", {"the cat is on the mat"}),
            segment("a cat on the mat", {"", "the cat is on the mat"}),
            segment("on the mat the cat is", {"the cat is on the mat"}),
            segment("x y", {""}),
            segment("the cat the cat the cat the", {"the cat", "cat the cat"}),
        };
    }();
    return segments;
}

const bleu_golden& nltk_bleu() {
    static const bleu_golden golden = [] {
        using llmlings::testing::golden_file;
        const golden_file g = golden_file::load(llmlings::testing::golden_path("nlp/11_metrics.txt"));
        const std::vector<metrics_segment>& segments = bleu_segments();
        const xt::xarray<double>& shape = g.array("segment_shape");
        bool same = shape.shape()[0] == segments.size();
        for (std::size_t s = 0; same && s < segments.size(); ++s) {
            std::size_t total = 0;
            for (const text& r : segments[s].references) total += r.size();
            same = to_size(shape(s, 0)) == segments[s].hypothesis.size() &&
                   to_size(shape(s, 1)) == segments[s].references.size() && to_size(shape(s, 2)) == total;
        }
        if (!same)
            throw llmlings::io_error("nltk_bleu",
                                     "the golden file's segments differ from bleu_segments(): rerun "
                                     "tools/golden/nlp_metrics.py or fix tests/nlp/oracles/11_metrics.cpp");
        bleu_golden out;
        const std::size_t S = segments.size();
        const xt::xarray<double>& p = g.array("modified_precision");
        const xt::xarray<double>& weights = g.array("weights");
        const xt::xarray<double>& sentence = g.array("sentence_bleu");
        const std::size_t W = weights.shape()[0], M = sentence.shape()[2];
        for (std::size_t w = 0; w < W; ++w) {
            std::vector<double> set;
            for (std::size_t n = 0; n < weights.shape()[1]; ++n)
                if (!std::isnan(weights(w, n))) set.push_back(weights(w, n));
            out.weights.push_back(set);
        }
        const auto table = [&](const xt::xarray<double>& a, std::size_t i) {
            std::vector<std::vector<double>> t(W, std::vector<double>(M));
            for (std::size_t w = 0; w < W; ++w)
                for (std::size_t m = 0; m < M; ++m) t[w][m] = a(i, w, m);
            return t;
        };
        for (std::size_t s = 0; s < S; ++s) {
            std::vector<std::pair<std::size_t, std::size_t>> fractions;
            for (std::size_t n = 0; n < p.shape()[1]; ++n)
                fractions.emplace_back(to_size(p(s, n, 0)), to_size(p(s, n, 1)));
            out.modified_precision.push_back(fractions);
            out.closest_ref_length.push_back(to_size(g.array("closest_ref_length")(s)));
            out.brevity_penalty.push_back(g.array("brevity_penalty")(s));
            out.sentence.push_back(table(sentence, s));
            out.sentence_eps.push_back(g.array("sentence_bleu_eps")(s));
            out.sentence_k.push_back(g.array("sentence_bleu_k")(s));
        }
        const xt::xarray<double>& members = g.array("corpus_segments");
        for (std::size_t c = 0; c < members.shape()[0]; ++c) {
            std::vector<std::size_t> corpus;
            for (std::size_t s = 0; s < S; ++s)
                if (members(c, s) != 0.0) corpus.push_back(s);
            out.corpora.push_back(corpus);
            out.corpus.push_back(table(g.array("corpus_bleu"), c));
            out.corpus_eps.push_back(g.array("corpus_bleu_eps")(c));
            out.corpus_k.push_back(g.array("corpus_bleu_k")(c));
        }
        out.epsilon2 = g.array("settings")(0);
        out.k2 = g.array("settings")(1);
        return out;
    }();
    return golden;
}

std::vector<std::pair<text, text>> random_text_pairs(std::size_t count, std::size_t max_length, unsigned seed) {
    static const char* alphabet[] = {"a", "b", "c", "d", "e", "é"};
    llmlings::rng gen(seed);
    const auto draw = [&](std::size_t length) {
        text t;
        for (std::size_t i = 0; i < length; ++i) t.push_back(alphabet[llmlings::uniform_index(6, gen)]);
        return t;
    };
    std::vector<std::pair<text, text>> pairs;
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t m = llmlings::uniform_index(max_length + 1, gen);
        const std::size_t n = llmlings::uniform_index(max_length + 1, gen);
        text a = draw(m);
        pairs.emplace_back(std::move(a), draw(n));
    }
    return pairs;
}

std::size_t brute_force_lcs(const text& a, const text& b) {
    const text& small = a.size() <= b.size() ? a : b;
    const text& big = a.size() <= b.size() ? b : a;
    if (small.size() > 16) throw llmlings::invalid_argument("brute_force_lcs", "at most 16 tokens in the shorter text");
    std::size_t best = 0;
    for (unsigned long mask = 0; mask < (1UL << small.size()); ++mask) {
        text sub;
        for (std::size_t i = 0; i < small.size(); ++i)
            if (mask & (1UL << i)) sub.push_back(small[i]);
        if (sub.size() > best && is_subsequence(sub, big)) best = sub.size();
    }
    return best;
}

std::size_t brute_force_overlap(const text& reference, const text& hypothesis, std::size_t n) {
    std::size_t overlap = 0;
    for (std::size_t i = 0; i + n <= hypothesis.size(); ++i) {
        bool first = true;  // count each distinct n-gram at its first position only
        for (std::size_t j = 0; j < i && first; ++j)
            first =
                !std::equal(hypothesis.begin() + static_cast<long>(i), hypothesis.begin() + static_cast<long>(i + n),
                            hypothesis.begin() + static_cast<long>(j));
        if (first)
            overlap += std::min(occurrences(hypothesis, i, hypothesis, n), occurrences(hypothesis, i, reference, n));
    }
    return overlap;
}

std::size_t brute_force_common(const text& a, const text& b) {
    text x = a, y = b;
    std::sort(x.begin(), x.end());
    std::sort(y.begin(), y.end());
    text both;
    std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(both));
    return both.size();
}

}  // namespace oracles
