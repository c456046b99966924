// SPDX-License-Identifier: MIT
// Tests for nlp/11_metrics. Oracles: the values printed in the docstrings of NLTK 3.8's
// nltk/translate/bleu_score.py (modified_precision, brevity_penalty, sentence_bleu, corpus_bleu,
// SmoothingFunction), cited where they are used; NLTK 3.8's BLEU on the 19 segments and 4 corpora
// of tools/golden/nlp_metrics.py for 7 weight sets and 5 smoothings (tests/golden/nlp/11_metrics.txt,
// read in oracles/11_metrics.cpp, compiled once); Lin (2004)'s example sentences for ROUGE-N and
// ROUGE-L and Cormen et al.'s LCS example, counted by hand below; SQuAD's token F1 worked by hand;
// and brute-force definitions of the LCS, the clipped overlap and the multiset overlap on seeded
// random texts.
#include <llmlings/testing.hpp>

#include <llmlings/nlp/11_metrics.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "oracles/11_metrics.hpp"

using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::nlp;
using namespace oracles;

namespace {

// A text split on spaces.
text words(const std::string& line) {
    text out;
    std::string word;
    for (char c : line) {
        if (c == ' ') {
            if (!word.empty()) out.push_back(word);
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty()) out.push_back(word);
    return out;
}

// NLTK's docstring sentences (sentence_bleu, modified_precision).
const text& ref1() {
    static const text t =
        words("It is a guide to action that ensures that the military will forever heed Party commands");
    return t;
}
const text& ref2() {
    static const text t = words(
        "It is the guiding principle which guarantees the military forces always being under the command of the "
        "Party");
    return t;
}
const text& ref3() {
    static const text t = words("It is the practical guide for the army always to heed the directions of the party");
    return t;
}
const text& hyp1() {
    static const text t =
        words("It is a guide to action which ensures that the military always obeys the commands of the party");
    return t;
}
const text& hyp2() {
    static const text t = words("It is to insure the troops forever hearing the activity guidebook that party direct");
    return t;
}

bleu_options with(std::vector<double> weights, bleu_smoothing smoothing = bleu_smoothing::none) {
    bleu_options o;
    o.weights = std::move(weights);
    o.smoothing = smoothing;
    return o;
}

const bleu_smoothing methods[] = {bleu_smoothing::none, bleu_smoothing::method1, bleu_smoothing::method2,
                                  bleu_smoothing::method3, bleu_smoothing::method4};

// NLTK's docstrings print 4 digits and an ellipsis: the value lies in [x, x + 1e-4).
void check_truncated(double got, double printed, const std::string& what) {
    INFO(what << ": got " << got << ", NLTK prints " << printed << "...");
    CHECK(got >= printed);
    CHECK(got < printed + 1e-4);
}

// Lin (2004)'s sentences: S1 is the reference.
const text s1 = words("police killed the gunman");
const text s2 = words("police kill the gunman");
const text s3 = words("the gunman kill police");

void check_score(const overlap_score& got, double p, double r, double f, const std::string& what) {
    INFO(what);
    const tolerance tol{1e-15, 1e-16};  // one or two roundings of small fractions
    LLMLINGS_CHECK_CLOSE(got.precision, p, tol);
    LLMLINGS_CHECK_CLOSE(got.recall, r, tol);
    LLMLINGS_CHECK_CLOSE(got.f, f, tol);
}

}  // namespace

// ---- BLEU: the pieces ---------------------------------------------------------------------------

TEST_CASE("modified_precision reproduces the examples of NLTK's docstring", "[nlp][11_metrics]") {
    // "the" seven times: the most any reference has it is 2 ("the cat is on the mat"): 2/7
    const ngram_matches the = modified_precision({words("the cat is on the mat"), words("there is a cat on the mat")},
                                                 words("the the the the the the the"), 1);
    CHECK(the.matches == 2);
    CHECK(the.total == 7);
    const std::vector<text> refs = {ref1(), ref2(), ref3()};
    // "of the": both words and the bigram are in reference 3: 1.0 and 1.0
    CHECK(modified_precision(refs, words("of the"), 1).matches == 2);
    CHECK(modified_precision(refs, words("of the"), 1).total == 2);
    CHECK(modified_precision(refs, words("of the"), 2).matches == 1);
    CHECK(modified_precision(refs, words("of the"), 2).total == 1);
    // 0.9444... = 17/18, 0.5714... = 8/14, 0.5882352941176471 = 10/17, 0.07692... = 1/13
    const ngram_matches a = modified_precision(refs, hyp1(), 1), b = modified_precision(refs, hyp2(), 1);
    const ngram_matches c = modified_precision(refs, hyp1(), 2), d = modified_precision(refs, hyp2(), 2);
    check_truncated(double(a.matches) / double(a.total), 0.9444, "p1 of hypothesis 1");
    check_truncated(double(b.matches) / double(b.total), 0.5714, "p1 of hypothesis 2");
    CHECK(double(c.matches) / double(c.total) == 0.5882352941176471);
    check_truncated(double(d.matches) / double(d.total), 0.0769, "p2 of hypothesis 2");
    CHECK((c.matches == 10 && c.total == 17));
}

TEST_CASE("modified_precision clips each n-gram to the most generous reference", "[nlp][11_metrics]") {
    // hypothesis: the cat the cat the cat the; references "the cat" and "cat the cat"
    //   unigrams: the x4, cat x3; the most per reference: the 1 (both), cat 2 (the second): 1 + 2 = 3 of 7
    //   bigrams: "the cat" x3, "cat the" x3; the most: "the cat" 1, "cat the" 1 (the second): 2 of 6
    //   trigrams: "the cat the" x3, "cat the cat" x2; only "cat the cat", once: 1 of 5
    const std::vector<text> refs = {words("the cat"), words("cat the cat")};
    const text hyp = words("the cat the cat the cat the");
    CHECK(modified_precision(refs, hyp, 1).matches == 3);
    CHECK(modified_precision(refs, hyp, 1).total == 7);
    CHECK(modified_precision(refs, hyp, 2).matches == 2);
    CHECK(modified_precision(refs, hyp, 2).total == 6);
    CHECK(modified_precision(refs, hyp, 3).matches == 1);
    CHECK(modified_precision(refs, hyp, 3).total == 5);
    // not the sum over the references: "cat" would count 1 + 2 = 3
    CHECK(modified_precision({words("cat"), words("cat cat")}, words("cat cat cat"), 1).matches == 2);
    // a hypothesis shorter than n, or empty: 0 matches of a denominator of 1 (NLTK's guard)
    CHECK(modified_precision(refs, words("the cat"), 3).matches == 0);
    CHECK(modified_precision(refs, words("the cat"), 3).total == 1);
    CHECK(modified_precision(refs, text{}, 1).total == 1);
    // tokens are compared as bytes: "Party" is not "party"; UTF-8 tokens are tokens like any other
    CHECK(modified_precision({words("the party")}, words("the Party"), 1).matches == 1);
    CHECK(modified_precision({words("très sûr")}, words("sûr très sûr"), 1).matches == 2);
}

TEST_CASE("closest_reference_length and brevity_penalty reproduce NLTK's docstring examples", "[nlp][11_metrics]") {
    const auto as = [](std::size_t n) { return text(n, "a"); };
    const tolerance tol{1e-15, 0.0};
    // references 12, 15, 17 and a hypothesis of 12: r = 12, BP = 1
    CHECK(closest_reference_length({as(12), as(15), as(17)}, 12) == 12);
    CHECK(brevity_penalty(12, 12) == 1.0);
    // 28, 28 and 12: exp(1 − 28/12) = 0.2635971381157267
    CHECK(closest_reference_length({as(28), as(28)}, 12) == 28);
    LLMLINGS_CHECK_CLOSE(brevity_penalty(28, 12), 0.2635971381157267, tol);
    // 13, 2 and 12: the closest is 13, exp(1 − 13/12) = 0.9200...
    CHECK(closest_reference_length({as(13), as(2)}, 12) == 13);
    check_truncated(brevity_penalty(13, 12), 0.9200, "BP(13, 12)");
    // 13, 11 and 12: a tie, the shorter wins whatever the order: r = 11, BP = 1
    CHECK(closest_reference_length({as(13), as(11)}, 12) == 11);
    CHECK(closest_reference_length({as(11), as(13)}, 12) == 11);
    CHECK(brevity_penalty(11, 12) == 1.0);
    // mteval-v13a.pl: 11, 8 and 7: r = 8, exp(1 − 8/7) = 0.8668...; with 6 and 7 too: r = 7, BP = 1
    CHECK(closest_reference_length({as(11), as(8)}, 7) == 8);
    check_truncated(brevity_penalty(8, 7), 0.8668, "BP(8, 7)");
    CHECK(closest_reference_length({as(11), as(8), as(6), as(7)}, 7) == 7);
    // an empty hypothesis: BP = 0 (and an empty reference is a length like any other)
    CHECK(brevity_penalty(3, 0) == 0.0);
    CHECK(brevity_penalty(0, 0) == 0.0);
    CHECK(closest_reference_length({text{}, as(4)}, 1) == 0);
    // longer than the reference: 1
    CHECK(brevity_penalty(5, 9) == 1.0);
}

TEST_CASE("modified_precision closest_reference_length and brevity_penalty match NLTK on every golden segment",
          "[nlp][11_metrics]") {
    const bleu_golden& g = nltk_bleu();
    const std::vector<metrics_segment>& segments = bleu_segments();
    REQUIRE(g.modified_precision.size() == segments.size());
    for (std::size_t s = 0; s < segments.size(); ++s) {
        const metrics_segment& seg = segments[s];
        INFO("segment " << s);
        for (std::size_t n = 1; n <= 5; ++n) {
            const ngram_matches p = modified_precision(seg.references, seg.hypothesis, n);
            INFO("n = " << n);
            CHECK(p.matches == g.modified_precision[s][n - 1].first);
            CHECK(p.total == g.modified_precision[s][n - 1].second);
        }
        const std::size_t r = closest_reference_length(seg.references, seg.hypothesis.size());
        CHECK(r == g.closest_ref_length[s]);
        // the same exp(1 − r/c) in the same order of operations
        LLMLINGS_CHECK_CLOSE(brevity_penalty(r, seg.hypothesis.size()), g.brevity_penalty[s], (tolerance{1e-15, 0.0}));
    }
}

// ---- BLEU: sentence and corpus ------------------------------------------------------------------

TEST_CASE("sentence_bleu reproduces the examples of NLTK's docstrings", "[nlp][11_metrics]") {
    const std::vector<text> refs = {ref1(), ref2(), ref3()};
    check_truncated(sentence_bleu(refs, hyp1()), 0.5045, "BLEU-4");
    // hypothesis 2 has no 3-gram and no 4-gram match: 0 (NLTK: round(…, 4) == 0.0; here exactly 0)
    CHECK(sentence_bleu(refs, hyp2()) == 0.0);
    check_truncated(sentence_bleu(refs, hyp2(), with({0.25, 0.25, 0.25, 0.25}, bleu_smoothing::method1)), 0.0370,
                    "method1");
    check_truncated(sentence_bleu(refs, hyp1(), with({0.2, 0.2, 0.2, 0.2, 0.2})), 0.3920, "BLEU-5");
    check_truncated(sentence_bleu(refs, hyp1(), with({0.5, 0.5})), 0.7453, "BLEU-2");
    check_truncated(sentence_bleu(refs, hyp1(), with({1. / 3., 1. / 3., 1. / 3.})), 0.6240, "BLEU-3");
    // SmoothingFunction's docstring, one reference: 0.4118... for none, methods 1, 3, 4; 0.4452... for method 2
    for (bleu_smoothing m :
         {bleu_smoothing::none, bleu_smoothing::method1, bleu_smoothing::method3, bleu_smoothing::method4})
        check_truncated(sentence_bleu({ref1()}, hyp1(), with({0.25, 0.25, 0.25, 0.25}, m)), 0.4118,
                        "smoothing " + std::to_string(static_cast<int>(m)));
    check_truncated(sentence_bleu({ref1()}, hyp1(), with({0.25, 0.25, 0.25, 0.25}, bleu_smoothing::method2)), 0.4452,
                    "method2");
}

TEST_CASE("sentence_bleu reproduces the worked example of the guide", "[nlp][11_metrics]") {
    // references "the cat is on the mat" (6), "there is a cat on the mat" (7); hypothesis "the cat
    // on the mat" (5): p1 = 5/5 (the x2 clipped by reference 1), p2 = 4/4, p3 = 2/3 (cat on the,
    // on the mat), p4 = 1/2 (cat on the mat); r = 6, BP = exp(1 − 6/5):
    // BLEU-4 = e^-0.2 (1/3)^(1/4) = 0.6221008431290531 (NLTK: the same digits)
    const std::vector<text> refs = {words("the cat is on the mat"), words("there is a cat on the mat")};
    const text hyp = words("the cat on the mat");
    CHECK(modified_precision(refs, hyp, 3).matches == 2);
    CHECK(modified_precision(refs, hyp, 4).matches == 1);
    CHECK(modified_precision(refs, hyp, 4).total == 2);
    CHECK(closest_reference_length(refs, hyp.size()) == 6);
    const tolerance tol{1e-15, 0.0};
    LLMLINGS_CHECK_CLOSE(sentence_bleu(refs, hyp), std::exp(-0.2) * std::pow(1.0 / 3.0, 0.25), tol);
    LLMLINGS_CHECK_CLOSE(sentence_bleu(refs, hyp), 0.6221008431290531, tol);
    LLMLINGS_CHECK_CLOSE(sentence_bleu(refs, hyp, with({0.5, 0.5})), std::exp(-0.2), tol);
}

TEST_CASE("sentence_bleu smooths a missing 4-gram as each method says worked by hand", "[nlp][11_metrics]") {
    // hypothesis "the cat sat", reference "the cat sat on the mat": p1 = 3/3, p2 = 2/2, p3 = 1/1,
    // p4 = 0/1 (no 4-gram: NLTK's denominator of 1); c = 3, r = 6, BP = exp(1 − 6/3) = e^-1
    const std::vector<text> refs = {words("the cat sat on the mat")};
    const text hyp = words("the cat sat");
    const double bp = std::exp(-1.0);
    const tolerance tol{1e-15, 0.0};
    CHECK(sentence_bleu(refs, hyp) == 0.0);  // none: p4 = 0 makes the geometric mean 0
    const auto bleu = [&](bleu_smoothing m) { return sentence_bleu(refs, hyp, with({0.25, 0.25, 0.25, 0.25}, m)); };
    // method1: p4 = (0 + 0.1)/1
    LLMLINGS_CHECK_CLOSE(bleu(bleu_smoothing::method1), bp * std::pow(0.1, 0.25), tol);
    // method2: p2 = 3/3, p3 = 2/2, p4 = (0 + 1)/(1 + 1); p1 stays 3/3
    LLMLINGS_CHECK_CLOSE(bleu(bleu_smoothing::method2), bp * std::pow(0.5, 0.25), tol);
    // method3: the first zero precision becomes 1/(2^1 · 1)
    LLMLINGS_CHECK_CLOSE(bleu(bleu_smoothing::method3), bp * std::pow(0.5, 0.25), tol);
    // method4: 1/(2^1 · 5/ln 3)/1 = ln 3/10
    LLMLINGS_CHECK_CLOSE(bleu(bleu_smoothing::method4), bp * std::pow(std::log(3.0) / 10.0, 0.25), tol);
    // method1 with ε = 0.01, method4 with k = 2
    bleu_options o = with({0.25, 0.25, 0.25, 0.25}, bleu_smoothing::method1);
    o.epsilon = 0.01;
    LLMLINGS_CHECK_CLOSE(sentence_bleu(refs, hyp, o), bp * std::pow(0.01, 0.25), tol);
    o.smoothing = bleu_smoothing::method4;
    o.k = 2.0;
    LLMLINGS_CHECK_CLOSE(sentence_bleu(refs, hyp, o), bp * std::pow(std::log(3.0) / 4.0, 0.25), tol);
    // two missing orders: "the cat" against "the cat sat on the mat", BLEU-4, c = 2, BP = e^-2:
    // method3 gives p3 = 1/2, p4 = 1/4 (NIST's geometric sequence), so BLEU = e^-2 (1/8)^(1/4)
    LLMLINGS_CHECK_CLOSE(sentence_bleu(refs, words("the cat"), with({0.25, 0.25, 0.25, 0.25}, bleu_smoothing::method3)),
                         std::exp(-2.0) * std::pow(0.125, 0.25), tol);
    // an order of weight 0 cannot make BLEU 0: (0.5, 0.5, 0, 0) is BLEU-2 = e^-1 · 1
    LLMLINGS_CHECK_CLOSE(sentence_bleu(refs, hyp, with({0.5, 0.5, 0.0, 0.0})), bp, tol);
}

TEST_CASE("sentence_bleu is 0 without a common word and 1 for a copy", "[nlp][11_metrics]") {
    const std::vector<text> refs = {words("the cat is on the mat")};
    for (bleu_smoothing m : methods) {
        INFO("smoothing " << static_cast<int>(m));
        const bleu_options o = with({0.25, 0.25, 0.25, 0.25}, m);
        CHECK(sentence_bleu(refs, words("dogs bark loudly at night"), o) == 0.0);  // m_1 = 0, whatever the smoothing
        CHECK(sentence_bleu(refs, text{}, o) == 0.0);                              // empty: BP = 0
        CHECK(sentence_bleu({text{}}, words("x y"), o) == 0.0);                    // only an empty reference
        LLMLINGS_CHECK_CLOSE(sentence_bleu(refs, refs[0], o), 1.0,
                             (tolerance{1e-15, 0.0}));  // method2: (m + 1)/(t + 1) = 1
    }
    // method4 and a one-token hypothesis: ln(1) = 0, so NLTK leaves p2 … p4 = 0 unsmoothed and out
    // of the mean: BLEU = BP · p1^(1/4) = exp(1 − 3/1) · 1
    LLMLINGS_CHECK_CLOSE(
        sentence_bleu({words("the cat sat")}, words("cat"), with({0.25, 0.25, 0.25, 0.25}, bleu_smoothing::method4)),
        std::exp(-2.0), (tolerance{1e-15, 0.0}));
}

TEST_CASE("sentence_bleu matches NLTK for every golden segment weight set and smoothing", "[nlp][11_metrics]") {
    // NLTK sums w·ln p with math.fsum and keeps Fractions until the logarithm: the same numbers
    // to a few roundings, 1e-14 relative. Where a precision of weight w is 0, NLTK's method0 puts
    // the smallest double in its place, and its BLEU holds a factor DBL_MIN^w ≈ 10^(−308 w), below
    // 1e-30 for every weight (≥ 0.1) used here; the answer here is then exactly 0.
    const bleu_golden& g = nltk_bleu();
    const std::vector<metrics_segment>& segments = bleu_segments();
    const tolerance tol{1e-14, 1e-300};
    std::size_t checked = 0;
    for (std::size_t s = 0; s < segments.size(); ++s) {
        for (std::size_t w = 0; w < g.weights.size(); ++w) {
            for (std::size_t m = 0; m < 5; ++m) {
                INFO("segment " << s << ", weight set " << w << ", smoothing " << m);
                const double got =
                    sentence_bleu(segments[s].references, segments[s].hypothesis, with(g.weights[w], methods[m]));
                const double want = g.sentence[s][w][m];
                if (m == 0 && want < 1e-30)
                    CHECK(got == 0.0);
                else
                    LLMLINGS_CHECK_CLOSE(got, want, tol);
                ++checked;
            }
        }
        bleu_options o = with({0.25, 0.25, 0.25, 0.25}, bleu_smoothing::method1);
        o.epsilon = g.epsilon2;
        LLMLINGS_CHECK_CLOSE(sentence_bleu(segments[s].references, segments[s].hypothesis, o), g.sentence_eps[s], tol);
        o.smoothing = bleu_smoothing::method4;
        o.k = g.k2;
        LLMLINGS_CHECK_CLOSE(sentence_bleu(segments[s].references, segments[s].hypothesis, o), g.sentence_k[s], tol);
    }
    CHECK(checked == 19 * 7 * 5);
}

TEST_CASE("corpus_bleu reproduces NLTK's docstring and is not the mean of sentence BLEUs", "[nlp][11_metrics]") {
    const text hyp2b = words("he read the book because he was interested in world history");
    const text ref2a = words("he was interested in world history because he read the book");
    const std::vector<std::vector<text>> refs = {{ref1(), ref2(), ref3()}, {ref2a}};
    const std::vector<text> hyps = {hyp1(), hyp2b};
    check_truncated(corpus_bleu(refs, hyps), 0.5920, "corpus BLEU-4");
    check_truncated((sentence_bleu(refs[0], hyps[0]) + sentence_bleu(refs[1], hyps[1])) / 2, 0.6223,
                    "the mean of the sentence BLEUs");
    check_truncated(corpus_bleu(refs, hyps, with({0.1, 0.3, 0.5, 0.1})), 0.5818, "weights 0.1 0.3 0.5 0.1");
    check_truncated(corpus_bleu(refs, hyps, with({0.5, 0.5})), 0.8242, "corpus BLEU-2");
    check_truncated(corpus_bleu(refs, hyps, with({0.333, 0.333, 0.334})), 0.7067, "corpus BLEU-3");
    check_truncated(corpus_bleu(refs, hyps, with({0.2, 0.2, 0.2, 0.2, 0.2})), 0.4719, "corpus BLEU-5");
}

TEST_CASE("corpus_bleu sums the counts before dividing worked by hand", "[nlp][11_metrics]") {
    // BLEU-1. Segment A: "the cat" against "the cat": 2 of 2, c = r = 2, sentence BLEU 1.
    // Segment B: "a b c d e f" against "u v w x y z": 0 of 6, sentence BLEU 0. Mean 0.5, but the
    // corpus has p1 = (2 + 0)/(2 + 6) = 1/4, c = r = 8, BP = 1: BLEU 0.25.
    const std::vector<std::vector<text>> refs = {{words("the cat")}, {words("u v w x y z")}};
    const std::vector<text> hyps = {words("the cat"), words("a b c d e f")};
    LLMLINGS_CHECK_CLOSE(corpus_bleu(refs, hyps, with({1.0})), 0.25, (tolerance{1e-15, 0.0}));
    // the brevity penalty from the sums: "the cat" against "the cat is on the mat" (c 2, r 6) and
    // "a b" against "a b" (c 2, r 2): BP = exp(1 − 8/4) = e^-1, p1 = 4/4
    LLMLINGS_CHECK_CLOSE(
        corpus_bleu({{words("the cat is on the mat")}, {words("a b")}}, {words("the cat"), words("a b")}, with({1.0})),
        std::exp(-1.0), (tolerance{1e-15, 0.0}));
    // one segment without a 4-gram match does not zero the corpus: "the cat sat" (p4 0/1) with a
    // copy of a 5-token sentence (p4 2/2): p = 8/8, 6/6, 4/4, 2/3, c = r = 8:
    // BLEU = (2/3)^(1/4)
    LLMLINGS_CHECK_CLOSE(
        corpus_bleu({{words("the cat sat")}, {words("a b c d e")}}, {words("the cat sat"), words("a b c d e")}),
        std::pow(2.0 / 3.0, 0.25), (tolerance{1e-15, 0.0}));
}

TEST_CASE("corpus_bleu matches NLTK on the golden corpora", "[nlp][11_metrics]") {
    const bleu_golden& g = nltk_bleu();
    const std::vector<metrics_segment>& segments = bleu_segments();
    const tolerance tol{1e-14, 1e-300};
    REQUIRE(g.corpora.size() == 4);
    for (std::size_t c = 0; c < g.corpora.size(); ++c) {
        std::vector<std::vector<text>> refs;
        std::vector<text> hyps;
        for (std::size_t s : g.corpora[c]) {
            refs.push_back(segments[s].references);
            hyps.push_back(segments[s].hypothesis);
        }
        for (std::size_t w = 0; w < g.weights.size(); ++w) {
            for (std::size_t m = 0; m < 5; ++m) {
                INFO("corpus " << c << ", weight set " << w << ", smoothing " << m);
                const double got = corpus_bleu(refs, hyps, with(g.weights[w], methods[m]));
                if (m == 0 && g.corpus[c][w][m] < 1e-30)  // as for sentence_bleu
                    CHECK(got == 0.0);
                else
                    LLMLINGS_CHECK_CLOSE(got, g.corpus[c][w][m], tol);
            }
        }
        bleu_options o = with({0.25, 0.25, 0.25, 0.25}, bleu_smoothing::method1);
        o.epsilon = g.epsilon2;
        LLMLINGS_CHECK_CLOSE(corpus_bleu(refs, hyps, o), g.corpus_eps[c], tol);
        o.smoothing = bleu_smoothing::method4;
        o.k = g.k2;
        LLMLINGS_CHECK_CLOSE(corpus_bleu(refs, hyps, o), g.corpus_k[c], tol);
    }
    // a corpus of one segment is that segment's sentence BLEU
    for (std::size_t s = 0; s < segments.size(); ++s) {
        INFO("segment " << s);
        const bleu_options o = with({0.25, 0.25, 0.25, 0.25}, bleu_smoothing::method4);
        CHECK(corpus_bleu({segments[s].references}, {segments[s].hypothesis}, o) ==
              sentence_bleu(segments[s].references, segments[s].hypothesis, o));
    }
}

// ---- LCS and ROUGE ------------------------------------------------------------------------------

TEST_CASE("lcs_length reproduces Lin's and Cormen's examples", "[nlp][11_metrics]") {
    // Lin 2004: S1/S2 share "police the gunman" (3), S1/S3 "the gunman" (2)
    CHECK(lcs_length(s1, s2) == 3);
    CHECK(lcs_length(s1, s3) == 2);
    CHECK(lcs_length(s3, s1) == 2);
    // Cormen et al., Introduction to Algorithms, §15.4: ABCBDAB and BDCABA have an LCS of 4 (BCBA)
    CHECK(lcs_length(words("A B C B D A B"), words("B D C A B A")) == 4);
    CHECK(lcs_length(words("B D C A B A"), words("A B C B D A B")) == 4);
    CHECK(lcs_length(text{}, s1) == 0);
    CHECK(lcs_length(s1, text{}) == 0);
    CHECK(lcs_length(s1, s1) == 4);
    CHECK(lcs_length(words("a b c"), words("x y")) == 0);
    CHECK(lcs_length(words("a a a"), words("a")) == 1);
    // long texts: 1500 distinct tokens, and the same with every third removed (1000 tokens)
    text longer, shorter;
    for (std::size_t i = 0; i < 1500; ++i) {
        longer.push_back("t" + std::to_string(i));
        if (i % 3 != 0) shorter.push_back(longer.back());
    }
    CHECK(lcs_length(longer, shorter) == 1000);
    CHECK(lcs_length(shorter, longer) == 1000);
}

TEST_CASE("lcs_length agrees with the brute-force definition on random texts", "[nlp][11_metrics]") {
    std::size_t wrong = 0;
    for (const auto& pair : random_text_pairs(300, 10, 11)) {
        const std::size_t want = brute_force_lcs(pair.first, pair.second);
        if (lcs_length(pair.first, pair.second) != want || lcs_length(pair.second, pair.first) != want) ++wrong;
    }
    CHECK(wrong == 0);
}

TEST_CASE("rouge_n reproduces Lin's example worked by hand", "[nlp][11_metrics]") {
    // ROUGE-2 against S1 (police killed | killed the | the gunman): S2 (police kill | kill the |
    // the gunman) and S3 (the gunman | gunman kill | kill police) share one bigram, "the gunman":
    // P = R = F = 1/3 for both, which is Lin's case for ROUGE-L
    check_score(rouge_n({s1}, s2, 2), 1. / 3., 1. / 3., 1. / 3., "ROUGE-2 of S2");
    check_score(rouge_n({s1}, s3, 2), 1. / 3., 1. / 3., 1. / 3., "ROUGE-2 of S3");
    // ROUGE-1: police, the, gunman of 4 on each side
    check_score(rouge_n({s1}, s2, 1), 0.75, 0.75, 0.75, "ROUGE-1 of S2");
    // hypothesis longer than the reference: "police killed the gunman in the street" (7 tokens,
    // 6 bigrams) against S1: 4 unigrams match, P = 4/7, R = 4/4, F = 2·(4/7)/(4/7 + 1) = 8/11;
    // 3 bigrams match: P = 3/6, R = 3/3, F = 2/3
    const text long_hyp = words("police killed the gunman in the street");
    check_score(rouge_n({s1}, long_hyp, 1), 4. / 7., 1.0, 8. / 11., "ROUGE-1, longer hypothesis");
    check_score(rouge_n({s1}, long_hyp, 2), 0.5, 1.0, 2. / 3., "ROUGE-2, longer hypothesis");
    // clipped: "the the the" against "the cat the": min(3, 2) = 2, P = 2/3, R = 2/3
    check_score(rouge_n({words("the cat the")}, words("the the the"), 1), 2. / 3., 2. / 3., 2. / 3., "clipped");
    // no n-gram on one side: 0, never a division by zero
    check_score(rouge_n({s1}, words("police"), 2), 0.0, 0.0, 0.0, "hypothesis shorter than n");
    check_score(rouge_n({text{}}, s1, 1), 0.0, 0.0, 0.0, "empty reference");
    check_score(rouge_n({text{}}, text{}, 1), 0.0, 0.0, 0.0, "both empty");
}

TEST_CASE("rouge_n and rouge_l take the reference with the best F and the first on ties", "[nlp][11_metrics]") {
    // S3 against {S1, S3}: S3 is a copy of the second reference: 1, 1, 1
    check_score(rouge_n({s1, s3}, s3, 2), 1.0, 1.0, 1.0, "ROUGE-2 best of two");
    check_score(rouge_l({s1, s3}, s3), 1.0, 1.0, 1.0, "ROUGE-L best of two");
    check_score(rouge_l({s3, s1}, s2), 0.75, 0.75, 0.75, "ROUGE-L best of two, the second");
    // a tie in F: "a b c d" against "a b" (P 2/4, R 1) and "a b c d e f g h" (P 1, R 4/8):
    // F = 2/3 both; the first reference's P and R come back
    check_score(rouge_n({words("a b"), words("a b c d e f g h")}, words("a b c d"), 1), 0.5, 1.0, 2. / 3.,
                "tie, first is short");
    check_score(rouge_n({words("a b c d e f g h"), words("a b")}, words("a b c d"), 1), 1.0, 0.5, 2. / 3.,
                "tie, first is long");
    check_score(rouge_l({words("a b c d e f g h"), words("a b")}, words("a b c d")), 1.0, 0.5, 2. / 3.,
                "ROUGE-L tie, first is long");
}

TEST_CASE("rouge_n agrees with the brute-force overlap on random texts", "[nlp][11_metrics]") {
    std::size_t wrong = 0;
    for (const auto& pair : random_text_pairs(200, 12, 5)) {
        for (std::size_t n = 1; n <= 3; ++n) {
            const double overlap = static_cast<double>(brute_force_overlap(pair.first, pair.second, n));
            const double hyp = pair.second.size() >= n ? static_cast<double>(pair.second.size() - n + 1) : 0.0;
            const double ref = pair.first.size() >= n ? static_cast<double>(pair.first.size() - n + 1) : 0.0;
            const double p = hyp > 0 ? overlap / hyp : 0.0, r = ref > 0 ? overlap / ref : 0.0;
            const double f = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
            const overlap_score got = rouge_n({pair.first}, pair.second, n);
            if (std::fabs(got.precision - p) > 1e-15 || std::fabs(got.recall - r) > 1e-15 ||
                std::fabs(got.f - f) > 1e-15)
                ++wrong;
        }
    }
    CHECK(wrong == 0);
}

TEST_CASE("rouge_l reproduces Lin's example and F beta worked by hand", "[nlp][11_metrics]") {
    // Lin 2004 §3.1, β = 1: S2 scores 3/4 (LCS "police the gunman"), S3 2/4 (LCS "the gunman")
    check_score(rouge_l({s1}, s2), 0.75, 0.75, 0.75, "S2");
    check_score(rouge_l({s1}, s3), 0.5, 0.5, 0.5, "S3");
    // "police kill the gunman yesterday": LCS 3, R = 3/4, P = 3/5
    //   β = 1: 2PR/(P + R) = (9/10)/(27/20) = 2/3
    //   β = 2: 5PR/(R + 4P) = (45/20)/(63/20) = 5/7
    //   β = ∞: R = 3/4 (Lin's DUC setting); β → 0: P
    const text hyp = words("police kill the gunman yesterday");
    check_score(rouge_l({s1}, hyp), 0.6, 0.75, 2. / 3., "beta 1");
    check_score(rouge_l({s1}, hyp, 2.0), 0.6, 0.75, 5. / 7., "beta 2");
    check_score(rouge_l({s1}, hyp, std::numeric_limits<double>::infinity()), 0.6, 0.75, 0.75, "beta inf");
    check_score(rouge_l({s1}, hyp, 1e300), 0.6, 0.75, 0.75, "beta 1e300, beta squared overflows");
    LLMLINGS_CHECK_CLOSE(rouge_l({s1}, hyp, 1e-9).f, 0.6, (tolerance{1e-12, 0.0}));
    // empty sides: 0
    check_score(rouge_l({s1}, text{}), 0.0, 0.0, 0.0, "empty hypothesis");
    check_score(rouge_l({text{}}, s1, std::numeric_limits<double>::infinity()), 0.0, 0.0, 0.0, "empty reference");
    // ROUGE-L against the brute-force LCS on random texts
    std::size_t wrong = 0;
    for (const auto& pair : random_text_pairs(100, 9, 3)) {
        const double lcs = static_cast<double>(brute_force_lcs(pair.first, pair.second));
        const double p = pair.second.empty() ? 0.0 : lcs / static_cast<double>(pair.second.size());
        const double r = pair.first.empty() ? 0.0 : lcs / static_cast<double>(pair.first.size());
        const overlap_score got = rouge_l({pair.first}, pair.second);
        if (got.precision != p || got.recall != r) ++wrong;
    }
    CHECK(wrong == 0);
}

// ---- Token F1 -----------------------------------------------------------------------------------

TEST_CASE("token_f1 counts the multiset overlap as SQuAD does", "[nlp][11_metrics]") {
    // "the cat the mat" against "the cat sat": common the, cat (the second "the" has no partner):
    // P = 2/4, R = 2/3, F1 = (2/3)/(7/6) = 4/7
    check_score(token_f1({words("the cat sat")}, words("the cat the mat")), 0.5, 2. / 3., 4. / 7., "the cat");
    // a multiset: "a a a" against "a a b": 2 in common, not 3
    check_score(token_f1({words("a a b")}, words("a a a")), 2. / 3., 2. / 3., 2. / 3., "repeats");
    // order does not matter
    check_score(token_f1({words("b a")}, words("a b")), 1.0, 1.0, 1.0, "reordered");
    // SQuAD-style: gold "Denver Broncos", predicted "the Denver Broncos": P = 2/3, R = 1, F1 = 0.8
    check_score(token_f1({words("Denver Broncos")}, words("the Denver Broncos")), 2. / 3., 1.0, 0.8, "Denver");
    check_score(token_f1({words("a b")}, words("c d")), 0.0, 0.0, 0.0, "nothing in common");
    // several gold answers: the best F1 ("Broncos" against the second: 1)
    check_score(token_f1({words("Denver Broncos"), words("Broncos")}, words("Broncos")), 1.0, 1.0, 1.0, "best gold");
    // against the brute-force multiset intersection
    std::size_t wrong = 0;
    for (const auto& pair : random_text_pairs(200, 8, 9)) {
        if (pair.first.empty() || pair.second.empty()) continue;
        const double common = static_cast<double>(brute_force_common(pair.first, pair.second));
        const overlap_score got = token_f1({pair.first}, pair.second);
        if (got.precision != common / static_cast<double>(pair.second.size()) ||
            got.recall != common / static_cast<double>(pair.first.size()))
            ++wrong;
    }
    CHECK(wrong == 0);
}

TEST_CASE("token_f1 scores two empty answers 1 and one empty answer 0", "[nlp][11_metrics]") {
    check_score(token_f1({text{}}, text{}), 1.0, 1.0, 1.0, "both empty: correctly no answer");
    check_score(token_f1({text{}}, words("Denver")), 0.0, 0.0, 0.0, "empty gold");
    check_score(token_f1({words("Denver")}, text{}), 0.0, 0.0, 0.0, "empty prediction");
    // an empty gold among others: "no answer" is one of the accepted answers
    check_score(token_f1({words("Denver"), text{}}, text{}), 1.0, 1.0, 1.0, "empty among golds");
}

// ---- Bad input ----------------------------------------------------------------------------------

TEST_CASE("the BLEU functions reject no reference bad orders and bad options", "[nlp][11_metrics]") {
    using llmlings::invalid_argument;
    const std::vector<text> refs = {words("the cat")};
    const text hyp = words("the cat");
    CHECK_THROWS_WITH(modified_precision(refs, hyp, 0), contains("modified_precision") && contains("order"));
    CHECK_THROWS_WITH(modified_precision({}, hyp, 1), contains("modified_precision") && contains("reference"));
    CHECK_THROWS_WITH(closest_reference_length({}, 3), contains("closest_reference_length") && contains("reference"));
    CHECK_THROWS_WITH(sentence_bleu({}, hyp), contains("sentence_bleu") && contains("reference"));
    const double nan = std::nan(""), inf = HUGE_VAL;
    CHECK_THROWS_WITH(sentence_bleu(refs, hyp, with({})), contains("sentence_bleu") && contains("weights"));
    for (double w : {-0.25, nan, inf}) {
        INFO("weight " << w);
        CHECK_THROWS_AS(sentence_bleu(refs, hyp, with({0.5, w})), invalid_argument);
        CHECK_THROWS_WITH(sentence_bleu(refs, hyp, with({0.5, w})), contains("sentence_bleu") && contains("weight 1"));
    }
    for (double x : {0.0, -1.0, nan, inf}) {
        INFO("epsilon and k " << x);
        bleu_options o;
        o.epsilon = x;
        CHECK_THROWS_WITH(sentence_bleu(refs, hyp, o), contains("sentence_bleu") && contains("epsilon"));
        o = bleu_options{};
        o.k = x;
        CHECK_THROWS_WITH(corpus_bleu({refs}, {hyp}, o), contains("corpus_bleu") && contains("k must"));
    }
    bleu_options bad;
    bad.smoothing = static_cast<bleu_smoothing>(42);
    CHECK_THROWS_WITH(sentence_bleu(refs, hyp, bad), contains("sentence_bleu") && contains("smoothing"));
}

TEST_CASE("corpus_bleu rejects mismatched sizes an empty corpus and a segment without references",
          "[nlp][11_metrics]") {
    const std::vector<text> refs = {words("the cat")};
    const text hyp = words("the cat");
    CHECK_THROWS_AS(corpus_bleu({refs, refs}, {hyp}), llmlings::shape_error);
    CHECK_THROWS_WITH(corpus_bleu({refs, refs}, {hyp}),
                      contains("corpus_bleu") && contains("1 hypotheses") && contains("2 reference lists"));
    CHECK_THROWS_AS(corpus_bleu({}, {}), llmlings::invalid_argument);
    CHECK_THROWS_WITH(corpus_bleu({}, {}), contains("corpus_bleu") && contains("empty"));
    CHECK_THROWS_WITH(corpus_bleu({refs, {}}, {hyp, hyp}), contains("corpus_bleu") && contains("segment 1"));
}

TEST_CASE("rouge_n rouge_l and token_f1 reject no reference and bad parameters", "[nlp][11_metrics]") {
    using llmlings::invalid_argument;
    const text hyp = words("the cat");
    CHECK_THROWS_AS(rouge_n({hyp}, hyp, 0), invalid_argument);
    CHECK_THROWS_WITH(rouge_n({hyp}, hyp, 0), contains("rouge_n") && contains("order"));
    CHECK_THROWS_WITH(rouge_n({}, hyp, 1), contains("rouge_n") && contains("reference"));
    CHECK_THROWS_WITH(rouge_l({}, hyp), contains("rouge_l") && contains("reference"));
    for (double beta : {0.0, -1.0, std::nan("")}) {
        INFO("beta " << beta);
        CHECK_THROWS_AS(rouge_l({hyp}, hyp, beta), invalid_argument);
        CHECK_THROWS_WITH(rouge_l({hyp}, hyp, beta), contains("rouge_l") && contains("beta"));
    }
    CHECK_THROWS_WITH(token_f1({}, hyp), contains("token_f1") && contains("reference"));
}
