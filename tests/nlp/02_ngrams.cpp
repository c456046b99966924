// SPDX-License-Identifier: MIT
// Tests for nlp/02_ngrams. Oracles: Jurafsky & Martin's corpus "I am Sam / Sam I am / I do not
// like green eggs and ham", whose bigram MLE probabilities the book prints, with its counts,
// add-one and Kneser–Ney values and perplexities worked by hand below; properties (every
// distribution sums to 1 over V, for every context seen in training and one never seen, orders 1
// to 3; add-k tends to the MLE as k → 0 and to the uniform 1/|V| as k → ∞, whose perplexity is
// |V|); NLTK 3.8's nltk.lm (Lidstone, Laplace, KneserNeyInterpolated, perplexity) on the corpora
// of tools/golden/nlp_ngrams.py; and generation replayed draw by draw and counted over 20,000
// draws. NLTK's Kneser–Ney ends its recursion in the bare continuation unigram N1+(• w)/N1+(• •)
// instead of Jurafsky & Martin's discounted unigram mixed with the uniform 1/|V|: the golden
// file's KN tables come from NLTK with only that level replaced, and one case checks NLTK's own
// unigram level against ours through the formula that relates them. The golden file is read in
// oracles/02_ngrams.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/nlp/02_ngrams.hpp>

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "oracles/02_ngrams.hpp"

using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::nlp;
using namespace oracles;
using words = std::vector<std::string>;

namespace {

// Jurafsky & Martin's three sentences (3rd ed., §3.1). Padded for N = 2:
//   <s> I am Sam </s> | <s> Sam I am </s> | <s> I do not like green eggs and ham </s>
// 17 predicted tokens (14 words and 3 </s>), 15 distinct bigrams, V = the 11 words, </s>, <unk>.
corpus sam() {
    return {{"I", "am", "Sam"}, {"Sam", "I", "am"}, {"I", "do", "not", "like", "green", "eggs", "and", "ham"}};
}

// A count of the model, 0 when the key is absent.
std::size_t count(const std::vector<std::unordered_map<std::string, std::size_t>>& maps, std::size_t k,
                  const std::string& key) {
    REQUIRE(maps.size() >= k);
    const auto it = maps[k - 1].find(key);
    return it == maps[k - 1].end() ? 0 : it->second;
}

// The totals of a context, all 0 when the model has none.
ngram_context totals(const ngram_model& model, std::size_t k, const std::string& key) {
    REQUIRE(model.contexts.size() >= k);
    const auto it = model.contexts[k - 1].find(key);
    return it == model.contexts[k - 1].end() ? ngram_context{} : it->second;
}

// Words joined by spaces, for messages.
std::string joined(const words& h) {
    std::string s;
    for (const std::string& word : h) s += (s.empty() ? "" : " ") + word;
    return s;
}

// A context key ("I am") as words ({"I", "am"}); "" gives {}.
words split(const std::string& key) {
    words out;
    std::string word;
    for (char c : key) {
        if (c == ' ') {
            out.push_back(word);
            word.clear();
        } else {
            word += c;
        }
    }
    if (!key.empty()) out.push_back(word);
    return out;
}

// add_k_probability or kneser_ney_probability, and its k or d.
using estimate = double (*)(const ngram_model&, const words&, const std::string&, double);

// Σ_w p(w | h) over V must be 1 within 1e-12 (|V| ≤ 25 terms of at most 1, each rounded once or
// twice) for every context h of N − 1 words that training showed, and for N − 1 words "<unk>",
// which it never showed (min_count = 1).
void check_sums_to_one(const ngram_model& model, estimate p, double parameter, const std::string& what) {
    std::vector<words> contexts;
    for (const auto& entry : model.contexts[model.order - 1]) contexts.push_back(split(entry.first));
    contexts.push_back(words(model.order - 1, "<unk>"));
    double worst = 0.0;
    std::string where;
    for (const words& h : contexts) {
        double sum = 0.0;
        for (const std::string& w : model.vocabulary) sum += p(model, h, w, parameter);
        if (!(std::fabs(sum - 1.0) <= worst)) {
            worst = std::fabs(sum - 1.0);
            where = "context '" + joined(h) + "', sum " + std::to_string(sum);
        }
    }
    INFO(what << ", N = " << model.order << ", " << contexts.size() << " contexts; the worst: " << where);
    CHECK(worst <= 1e-12);
}

// Every value of a table [context][word] of the golden file against the code under test.
void check_table(const ngram_golden& g, const std::vector<std::vector<double>>& expected, estimate p, double parameter,
                 const ngram_model& model, tolerance tol, const std::string& what) {
    REQUIRE(expected.size() == g.contexts.size());
    std::size_t wrong = 0;
    std::string first;
    for (std::size_t i = 0; i < g.contexts.size(); ++i) {
        for (std::size_t j = 0; j < g.vocabulary.size(); ++j) {
            const double got = p(model, g.contexts[i], g.vocabulary[j], parameter), want = expected[i][j];
            if (!llmlings::testing::compare(got, want, tol).ok && wrong++ < 3)
                first += "P(" + g.vocabulary[j] + " | " + joined(g.contexts[i]) + ") = " + std::to_string(got) +
                         ", NLTK " + std::to_string(want) + "\n";
        }
    }
    INFO(what << ", N = " << g.order << ", min_count = " << g.min_count << ": " << wrong
              << " values differ; the first:\n"
              << first);
    CHECK(wrong == 0);
}

}  // namespace

// ---- Counting ----------------------------------------------------------------------------------

TEST_CASE("fit_ngram_model counts the padded bigrams of the Sam corpus", "[nlp][02_ngrams]") {
    const ngram_model m = fit_ngram_model(sam(), 2);
    CHECK(m.order == 2);
    CHECK(m.vocabulary == words{"</s>", "<unk>", "I", "Sam", "am", "and", "do", "eggs", "green", "ham", "like", "not"});
    // bigrams ending on each predicted token
    CHECK(count(m.counts, 2, "<s> I") == 2);
    CHECK(count(m.counts, 2, "<s> Sam") == 1);
    CHECK(count(m.counts, 2, "I am") == 2);
    CHECK(count(m.counts, 2, "am Sam") == 1);
    CHECK(count(m.counts, 2, "Sam </s>") == 1);
    CHECK(count(m.counts, 2, "ham </s>") == 1);
    CHECK(count(m.counts, 2, "<s> am") == 0);
    CHECK(m.counts[1].size() == 15);
    // unigrams: the predicted tokens, </s> included, <s> never
    CHECK(count(m.counts, 1, "I") == 3);
    CHECK(count(m.counts, 1, "</s>") == 3);
    CHECK(count(m.counts, 1, "<s>") == 0);
    CHECK(m.counts[0].size() == 11);
    // c(<s> •) = 3 sentences, 2 types (I, Sam); c(I •) = 3 (am, am, do); c(•) = 17 tokens
    CHECK(totals(m, 2, "<s>").count == 3);
    CHECK(totals(m, 2, "<s>").types == 2);
    CHECK(totals(m, 2, "I").count == 3);
    CHECK(totals(m, 2, "am").types == 2);
    CHECK(totals(m, 1, "").count == 17);
    CHECK(totals(m, 1, "").types == 11);
}

TEST_CASE("fit_ngram_model stores continuation counts and context totals of every order", "[nlp][02_ngrams]") {
    const ngram_model m = fit_ngram_model(sam(), 3);
    REQUIRE(m.counts.size() == 3);
    REQUIRE(m.continuations.size() == 3);
    REQUIRE(m.contexts.size() == 3);
    // trigrams, from <s> <s> I am Sam </s> etc.
    CHECK(count(m.counts, 3, "<s> <s> I") == 2);
    CHECK(count(m.counts, 3, "<s> I am") == 1);
    CHECK(count(m.counts, 3, "I am </s>") == 1);
    CHECK(totals(m, 3, "<s> <s>").count == 3);
    CHECK(totals(m, 3, "<s> <s>").types == 2);
    // N1+(• I am) = |{<s>, Sam}| = 2, N1+(• <s> I) = |{<s>}| = 1 (while c(<s> I) = 2)
    CHECK(count(m.continuations, 2, "I am") == 2);
    CHECK(count(m.continuations, 2, "I do") == 1);
    CHECK(count(m.continuations, 2, "<s> I") == 1);
    CHECK(count(m.continuations, 2, "<s> Sam") == 1);
    // N1+(• I •) = 2 + 1, N1+(• <s> •) = 1 + 1
    CHECK(totals(m, 2, "I").continuation == 3);
    CHECK(totals(m, 2, "<s>").continuation == 2);
    CHECK(totals(m, 2, "<s>").count == 3);
    // unigrams: N1+(• Sam) = |{<s>, am}|, N1+(• </s>) = |{Sam, am, ham}|, N1+(• •) = 15 bigrams
    CHECK(count(m.continuations, 1, "Sam") == 2);
    CHECK(count(m.continuations, 1, "</s>") == 3);
    CHECK(count(m.continuations, 1, "am") == 1);
    CHECK(count(m.continuations, 1, "<unk>") == 0);
    CHECK(totals(m, 1, "").continuation == 15);
    CHECK(totals(m, 1, "").types == 11);
    CHECK(m.continuations[2].empty());  // the highest order uses counts
}

TEST_CASE("fit_ngram_model reads words below min_count as unk", "[nlp][02_ngrams]") {
    // I: 3, am: 2, Sam: 2, the seven words of the third sentence once each
    const ngram_model m = fit_ngram_model(sam(), 2, 2);
    CHECK(m.min_count == 2);
    CHECK(m.vocabulary == words{"</s>", "<unk>", "I", "Sam", "am"});
    // <s> I <unk> <unk> <unk> <unk> <unk> <unk> <unk> </s>: six <unk> <unk>
    CHECK(count(m.counts, 2, "I <unk>") == 1);
    CHECK(count(m.counts, 2, "<unk> <unk>") == 6);
    CHECK(count(m.counts, 2, "<unk> </s>") == 1);
    CHECK(count(m.counts, 1, "<unk>") == 7);
    // a token spelt <unk> is the unknown word, and is never kept as a word of its own
    const ngram_model u = fit_ngram_model({{"a", "<unk>", "b"}, {"<unk>"}}, 1);
    CHECK(u.vocabulary == words{"</s>", "<unk>", "a", "b"});
    CHECK(count(u.counts, 1, "<unk>") == 2);
    // min_count 3 keeps only I
    CHECK(fit_ngram_model(sam(), 2, 3).vocabulary == words{"</s>", "<unk>", "I"});
}

TEST_CASE("fit_ngram_model pads with one end marker and learns from empty sentences", "[nlp][02_ngrams]") {
    const ngram_model m = fit_ngram_model({{}, {"a"}}, 3);
    CHECK(m.vocabulary == words{"</s>", "<unk>", "a"});
    CHECK(count(m.counts, 3, "<s> <s> </s>") == 1);
    CHECK(count(m.counts, 3, "<s> <s> a") == 1);
    CHECK(count(m.counts, 3, "<s> a </s>") == 1);
    CHECK(count(m.counts, 3, "a </s> </s>") == 0);
    CHECK(totals(m, 1, "").count == 3);  // </s>, a, </s>
    const ngram_model u = fit_ngram_model({{"a", "b", "a"}}, 1);
    CHECK(count(u.counts, 1, "a") == 2);
    CHECK(count(u.counts, 1, "</s>") == 1);
    CHECK(totals(u, 1, "").count == 4);
    CHECK(totals(u, 1, "").types == 3);
}

// ---- Add-k -------------------------------------------------------------------------------------

TEST_CASE("add_k_probability with k 0 gives the bigram MLE values printed by Jurafsky and Martin", "[nlp][02_ngrams]") {
    const ngram_model m = fit_ngram_model(sam(), 2);
    const tolerance exact{1e-15, 0.0};
    // P(I|<s>) = 2/3 = .67, P(Sam|<s>) = 1/3 = .33, P(am|I) = 2/3, P(</s>|Sam) = 1/2,
    // P(Sam|am) = 1/2, P(do|I) = 1/3
    LLMLINGS_CHECK_CLOSE(add_k_probability(m, {}, "I", 0.0), 2.0 / 3.0, exact);
    LLMLINGS_CHECK_CLOSE(add_k_probability(m, {}, "Sam", 0.0), 1.0 / 3.0, exact);
    LLMLINGS_CHECK_CLOSE(add_k_probability(m, {"I"}, "am", 0.0), 2.0 / 3.0, exact);
    LLMLINGS_CHECK_CLOSE(add_k_probability(m, {"Sam"}, "</s>", 0.0), 0.5, exact);
    LLMLINGS_CHECK_CLOSE(add_k_probability(m, {"am"}, "Sam", 0.0), 0.5, exact);
    LLMLINGS_CHECK_CLOSE(add_k_probability(m, {"I"}, "do", 0.0), 1.0 / 3.0, exact);
    // the MLE of a bigram never seen is 0; only the last N − 1 = 1 context word counts
    CHECK(add_k_probability(m, {"I"}, "Sam", 0.0) == 0.0);
    LLMLINGS_CHECK_CLOSE(add_k_probability(m, {"green", "eggs", "Sam", "I"}, "am", 0.0), 2.0 / 3.0, exact);
    // trigram MLE: P(Sam | I am) = c(I am Sam)/c(I am •) = 1/2
    LLMLINGS_CHECK_CLOSE(add_k_probability(fit_ngram_model(sam(), 3), {"I", "am"}, "Sam", 0.0), 0.5, exact);
}

TEST_CASE("add_k_probability with k 1 is Laplace smoothing worked by hand", "[nlp][02_ngrams]") {
    const ngram_model m = fit_ngram_model(sam(), 2);
    const tolerance exact{1e-15, 0.0};
    // (c(I am) + 1)/(c(I •) + |V|) = 3/15; an unseen bigram (0 + 1)/15
    LLMLINGS_CHECK_CLOSE(add_k_probability(m, {"I"}, "am", 1.0), 3.0 / 15.0, exact);
    LLMLINGS_CHECK_CLOSE(add_k_probability(m, {"I"}, "Sam", 1.0), 1.0 / 15.0, exact);
    // a word outside V is predicted as <unk>, never seen after I: 1/15
    LLMLINGS_CHECK_CLOSE(add_k_probability(m, {"I"}, "zebra", 1.0), 1.0 / 15.0, exact);
    // a context never seen (the unknown "zebra") gets the uniform k/(k|V|) = 1/12
    LLMLINGS_CHECK_CLOSE(add_k_probability(m, {"zebra"}, "am", 1.0), 1.0 / 12.0, exact);
    // k = 0.5: (2 + 0.5)/(3 + 6) for P(I|<s>)
    LLMLINGS_CHECK_CLOSE(add_k_probability(m, {}, "I", 0.5), 2.5 / 9.0, exact);
    // unigrams: (c(I) + 1)/(17 + 12) = 4/29
    LLMLINGS_CHECK_CLOSE(add_k_probability(fit_ngram_model(sam(), 1), {"whatever"}, "I", 1.0), 4.0 / 29.0, exact);
}

TEST_CASE("add_k_probability sums to 1 over the vocabulary for every context of orders 1 to 3", "[nlp][02_ngrams]") {
    for (std::size_t order = 1; order <= 3; ++order) {
        const ngram_model a = fit_ngram_model(sam(), order), b = fit_ngram_model(golden_train_corpus(), order);
        for (double k : {0.01, 0.1, 1.0, 2.5}) {
            check_sums_to_one(a, &add_k_probability, k, "Sam corpus, k = " + std::to_string(k));
            check_sums_to_one(b, &add_k_probability, k, "golden corpus, k = " + std::to_string(k));
        }
    }
}

TEST_CASE("add_k_probability tends to the MLE as k goes to 0", "[nlp][02_ngrams]") {
    const ngram_model m = fit_ngram_model(golden_train_corpus(), 2);
    // |(c + k)/(T + k|V|) − c/T| ≤ k|V|/T: with k = 1e-10, below 21e-10
    for (const auto& entry : m.contexts[1]) {
        const words h = split(entry.first);
        for (const std::string& w : m.vocabulary) {
            INFO("P(" << w << " | " << entry.first << ")");
            CHECK(std::fabs(add_k_probability(m, h, w, 1e-10) - add_k_probability(m, h, w, 0.0)) <= 3e-9);
        }
    }
    // c(the mat) = 3 of c(the •) = 11: 3/11
    LLMLINGS_CHECK_CLOSE(add_k_probability(m, {"the"}, "mat", 1e-10), 3.0 / 11.0, (tolerance{1e-9, 0.0}));
}

// ---- Kneser–Ney --------------------------------------------------------------------------------

TEST_CASE("kneser_ney_probability reproduces the hand-worked bigram values of the Sam corpus", "[nlp][02_ngrams]") {
    const ngram_model m = fit_ngram_model(sam(), 2);
    const tolerance tol{1e-14, 0.0};  // a few roundings of numbers near 0.1
    // Unigram level: N1+(• •) = 15 bigrams, 11 words w with N1+(• w) > 0, λ(ε) = 0.75·11/15 = 0.55,
    // |V| = 12: P(w) = max(N1+(• w) − 0.75, 0)/15 + 0.55/12, in 240ths: Sam and I (N1+ = 2):
    // 20 + 11 = 31; </s> (3): 36 + 11 = 47; am, do, … (1): 4 + 11 = 15; <unk> (0): 11.
    // A context never seen (the unknown "zebra") hands everything to the unigram level.
    LLMLINGS_CHECK_CLOSE(kneser_ney_probability(m, {"zebra"}, "Sam"), 31.0 / 240.0, tol);
    LLMLINGS_CHECK_CLOSE(kneser_ney_probability(m, {"zebra"}, "</s>"), 47.0 / 240.0, tol);
    LLMLINGS_CHECK_CLOSE(kneser_ney_probability(m, {"zebra"}, "<unk>"), 11.0 / 240.0, tol);
    // P(Sam | am): c(am Sam) = 1, c(am •) = 2, 2 types: (1 − 0.75)/2 + (0.75·2/2)·31/240
    LLMLINGS_CHECK_CLOSE(kneser_ney_probability(m, {"am"}, "Sam"), 0.221875, tol);
    // P(</s> | Sam) = 0.25/2 + 0.75·47/240 = 65.25/240
    LLMLINGS_CHECK_CLOSE(kneser_ney_probability(m, {"Sam"}, "</s>"), 0.271875, tol);
    // P(I | <s>): c = 2 of 3, 2 types: 1.25/3 + (0.75·2/3)·31/240 = 115.5/240
    LLMLINGS_CHECK_CLOSE(kneser_ney_probability(m, {}, "I"), 0.48125, tol);
    // P(<unk> | am) = 0 + 0.75·11/240; with d = 0.5: P(Sam | am) = 0.5/2 + 0.5·P(Sam), where
    // λ(ε) = 0.5·11/15 and P(Sam) = 1.5/15 + (5.5/15)/12 = 23.5/180
    LLMLINGS_CHECK_CLOSE(kneser_ney_probability(m, {"am"}, "<unk>"), 8.25 / 240.0, tol);
    LLMLINGS_CHECK_CLOSE(kneser_ney_probability(m, {"am"}, "Sam", 0.5), 0.25 + 0.5 * 23.5 / 180.0, tol);
}

TEST_CASE("kneser_ney_probability uses continuation counts below the highest order", "[nlp][02_ngrams]") {
    const ngram_model m = fit_ngram_model(sam(), 3);
    const tolerance tol{1e-14, 0.0};
    // P(I | <s> <s>), d = 0.75. Middle level, context <s>: N1+(• <s> I) = N1+(• <s> Sam) = 1
    // (only <s> comes before), N1+(• <s> •) = 2, 2 types: P(I | <s>) = 0.25/2 + (0.75·2/2)·31/240
    // = 53.25/240 (raw counts would give 2 of 3). Top: c(<s> <s> I) = 2 of 3, 2 types:
    // 1.25/3 + (0.75·2/3)·53.25/240 = (100 + 26.625)/240.
    LLMLINGS_CHECK_CLOSE(kneser_ney_probability(m, {}, "I"), 126.625 / 240.0, tol);
    // P(am | <s> I): top c = 1 of 2 (am, do): 0.125 + 0.75·P(am | I); middle N1+(• I am) = 2 of
    // N1+(• I •) = 3, 2 types: 1.25/3 + 0.5·P(am), P(am) = 15/240: (100 + 7.5)/240.
    LLMLINGS_CHECK_CLOSE(kneser_ney_probability(m, {"I"}, "am"), (30.0 + 0.75 * 107.5) / 240.0, tol);
    // an unseen trigram context (am am) falls to P(Sam | am) = 0.25/2 + 0.75·31/240 at the
    // middle level (N1+(• am Sam) = N1+(• am </s>) = 1)
    LLMLINGS_CHECK_CLOSE(kneser_ney_probability(m, {"am", "am"}, "Sam"), 0.221875, tol);
}

TEST_CASE("kneser_ney_probability sums to 1 over the vocabulary for every context of orders 1 to 3",
          "[nlp][02_ngrams]") {
    for (std::size_t order = 1; order <= 3; ++order) {
        const ngram_model a = fit_ngram_model(sam(), order), b = fit_ngram_model(golden_train_corpus(), order),
                          c = fit_ngram_model(golden_train_corpus(), order, 2);
        for (double d : {0.1, 0.5, 0.75, 0.95}) {
            check_sums_to_one(a, &kneser_ney_probability, d, "Sam corpus, d = " + std::to_string(d));
            check_sums_to_one(b, &kneser_ney_probability, d, "golden corpus, d = " + std::to_string(d));
            check_sums_to_one(c, &kneser_ney_probability, d, "golden corpus, min_count 2, d = " + std::to_string(d));
        }
    }
}

TEST_CASE("kneser_ney_probability gives every word of the vocabulary a positive probability", "[nlp][02_ngrams]") {
    for (std::size_t order = 1; order <= 3; ++order) {
        const ngram_model m = fit_ngram_model(golden_train_corpus(), order);
        std::size_t zeros = 0;
        for (const auto& entry : m.contexts[order - 1])
            for (const std::string& w : m.vocabulary)
                zeros += kneser_ney_probability(m, split(entry.first), w) > 0.0 ? 0 : 1;
        INFO("N = " << order);
        CHECK(zeros == 0);
        // <unk> never occurred in training, yet has λ·…·λ(ε)/|V| > 0
        CHECK(kneser_ney_probability(m, {"the", "cat"}, "<unk>") > 0.0);
    }
}

TEST_CASE("kneser_ney_probability prefers a word seen after many words to francisco seen only after san",
          "[nlp][02_ngrams]") {
    const corpus text = {{"san", "francisco", "is", "foggy"},  {"we", "flew", "to", "san", "francisco"},
                         {"san", "francisco", "has", "hills"}, {"i", "love", "san", "francisco"},
                         {"reading", "glasses", "help"},       {"my", "glasses", "broke"},
                         {"new", "glasses", "cost", "money"}};
    // counts: francisco 4, glasses 3; continuation counts: francisco 1 (san), glasses 3
    const ngram_model unigrams = fit_ngram_model(text, 1);
    CHECK(add_k_probability(unigrams, {}, "francisco", 0.0) > add_k_probability(unigrams, {}, "glasses", 0.0));
    CHECK(kneser_ney_probability(unigrams, {}, "francisco") > kneser_ney_probability(unigrams, {}, "glasses"));
    // after a context never seen (the unknown "the"), the bigram model falls back on the
    // continuation unigram: (1 − 0.75)/T + … < (3 − 0.75)/T + …
    const ngram_model bigrams = fit_ngram_model(text, 2);
    CHECK(kneser_ney_probability(bigrams, {"the"}, "glasses") > kneser_ney_probability(bigrams, {"the"}, "francisco"));
    // but after "san" it is nearly certain: (4 − 0.75)/4 + (0.75·1/4)·P(francisco) > 0.8
    CHECK(kneser_ney_probability(bigrams, {"san"}, "francisco") > 0.8);
}

// ---- NLTK --------------------------------------------------------------------------------------

TEST_CASE("add_k_probability matches NLTK Lidstone and Laplace on every context", "[nlp][02_ngrams]") {
    // The same (c + k)/(T + k|V|) in the same order of operations: 1e-15 covers a last-bit difference.
    const tolerance tol{1e-15, 1e-16};
    std::size_t tables = 0;
    for (const ngram_golden& g : ngram_golden_configs()) {
        const ngram_model m = fit_ngram_model(golden_train_corpus(), g.order, g.min_count);
        CHECK(m.vocabulary == g.vocabulary);
        if (!g.lidstone.empty()) {
            check_table(g, g.lidstone, &add_k_probability, g.lidstone_k, m, tol, "Lidstone");
            ++tables;
        }
        if (!g.laplace.empty()) {
            check_table(g, g.laplace, &add_k_probability, 1.0, m, tol, "Laplace");
            ++tables;
        }
    }
    CHECK(tables == 5);
}

TEST_CASE("kneser_ney_probability matches NLTK KneserNeyInterpolated with the textbook unigram level",
          "[nlp][02_ngrams]") {
    // NLTK's code for every level but the last, whose unigram_score the generator replaces by
    // Jurafsky & Martin's eq. 3.42; λ·p is computed as (d·n/T)·p here and d·n/T·… there: a few
    // roundings of numbers below 1.
    const tolerance tol{1e-14, 1e-16};
    std::size_t tables = 0;
    for (const ngram_golden& g : ngram_golden_configs()) {
        if (g.kn.empty()) continue;
        const ngram_model m = fit_ngram_model(golden_train_corpus(), g.order, g.min_count);
        check_table(g, g.kn, &kneser_ney_probability, g.discount, m, tol, "Kneser-Ney");
        ++tables;
    }
    CHECK(tables == 3);
}

TEST_CASE("NLTK KneserNeyInterpolated differs only in its unigram level", "[nlp][02_ngrams]") {
    // NLTK's last level is U'(w) = N1+(• w)/T with T = N1+(• •); Jurafsky & Martin's is
    // U(w) = max(N1+(• w) − d, 0)/T + d·n/T/|V| with n = |{w : N1+(• w) > 0}|. So
    // U(w) = max(U'(w) − d/T, 0) + d·n/(T·|V|), and the two agree when n = |V|: when every word of
    // V has followed some word, as <unk> has with min_count = 2.
    const ngram_golden& g = ngram_golden_configs().at(1);  // N = 2, min_count = 1
    REQUIRE((g.order == 2 && g.min_count == 1));
    const ngram_model m = fit_ngram_model(golden_train_corpus(), 2, 1);
    const double d = g.discount, V = static_cast<double>(g.vocabulary.size());
    for (std::size_t j = 0; j < g.vocabulary.size(); ++j) {
        const std::string& w = g.vocabulary[j];
        INFO(w);
        // "<unk>" is a context training never showed: its mass all goes to the unigram level
        const double expected = std::max(g.kn_unigram[j] - d / g.kn_total, 0.0) + d * g.kn_types / (g.kn_total * V);
        LLMLINGS_CHECK_CLOSE(kneser_ney_probability(m, {"<unk>"}, w, d), expected, (tolerance{1e-14, 1e-16}));
    }
    // NLTK gives <unk> probability 0 at its last level, and so the test corpus, which holds the
    // unknown "bird", infinite perplexity; ours is finite
    REQUIRE(g.vocabulary.at(1) == "<unk>");
    CHECK(g.kn_unigram.at(1) == 0.0);
    CHECK(std::isinf(g.perplexity.at(4)));
    CHECK(std::isfinite(perplexity(m, golden_test_corpus(), {smoothing_method::kneser_ney, d})));
    // with min_count = 2 every word of V has a continuation count, and NLTK's own KN is ours
    for (const ngram_golden& h : ngram_golden_configs()) {
        if (h.min_count != 2) continue;
        CHECK(h.kn_types == static_cast<double>(h.vocabulary.size()));
        const ngram_model m2 = fit_ngram_model(golden_train_corpus(), h.order, 2);
        LLMLINGS_CHECK_CLOSE(perplexity(m2, golden_test_corpus(), {smoothing_method::kneser_ney, d}),
                             h.perplexity.at(4), (tolerance{1e-13, 0.0}));
    }
}

TEST_CASE("perplexity matches NLTK on the test corpus for every configuration", "[nlp][02_ngrams]") {
    // NLTK averages log2 and raises 2 to it; here ln and exp: the same number to a few roundings
    // of a sum of 23 logarithms, 1e-13 relative.
    const tolerance tol{1e-13, 0.0};
    for (const ngram_golden& g : ngram_golden_configs()) {
        const ngram_model m = fit_ngram_model(golden_train_corpus(), g.order, g.min_count);
        INFO("N = " << g.order << ", min_count = " << g.min_count);
        LLMLINGS_CHECK_CLOSE(perplexity(m, golden_test_corpus(), {smoothing_method::add_k, g.lidstone_k}),
                             g.perplexity.at(0), tol);
        LLMLINGS_CHECK_CLOSE(perplexity(m, golden_test_corpus(), {smoothing_method::add_k, 1.0}), g.perplexity.at(1),
                             tol);
        if (g.order == 1) continue;  // NLTK's Kneser–Ney divides by zero with N = 1
        LLMLINGS_CHECK_CLOSE(perplexity(m, golden_test_corpus(), {smoothing_method::kneser_ney, 0.75}),
                             g.perplexity.at(2), tol);
        LLMLINGS_CHECK_CLOSE(perplexity(m, golden_test_corpus(), {smoothing_method::kneser_ney, 0.4}),
                             g.perplexity.at(3), tol);
    }
}

// ---- Perplexity --------------------------------------------------------------------------------

TEST_CASE("perplexity under the bigram MLE is worked by hand", "[nlp][02_ngrams]") {
    const ngram_model m = fit_ngram_model(sam(), 2);
    const smoothing mle{smoothing_method::add_k, 0.0};
    const tolerance tol{1e-14, 0.0};
    // <s> I am Sam </s>: 2/3 · 2/3 · 1/2 · 1/2 = 1/9 over M = 4 predicted tokens: 9^(1/4) = √3
    LLMLINGS_CHECK_CLOSE(perplexity(m, {{"I", "am", "Sam"}}, mle), std::sqrt(3.0), tol);
    // and <s> Sam I am </s>: 1/3 · 1/2 · 2/3 · 1/2 = 1/18; together 1/162 over M = 8
    LLMLINGS_CHECK_CLOSE(perplexity(m, {{"I", "am", "Sam"}, {"Sam", "I", "am"}}, mle), std::pow(162.0, 1.0 / 8.0), tol);
    // an empty sentence predicts only </s>: add-one P(</s> | <s>) = (0 + 1)/(3 + 12), PP = 15
    LLMLINGS_CHECK_CLOSE(perplexity(m, {{}}, {smoothing_method::add_k, 1.0}), 15.0, tol);
}

TEST_CASE("perplexity counts one end marker per sentence and no start pads", "[nlp][02_ngrams]") {
    // trigram MLE of <s> <s> I am Sam </s>: P(I | <s> <s>) = 2/3, P(am | <s> I) = 1/2,
    // P(Sam | I am) = 1/2, P(</s> | am Sam) = 1: 1/6 over M = 4 (not 6 with the two pads)
    const ngram_model m = fit_ngram_model(sam(), 3);
    const smoothing mle{smoothing_method::add_k, 0.0};
    LLMLINGS_CHECK_CLOSE(perplexity(m, {{"I", "am", "Sam"}}, mle), std::pow(6.0, 0.25), (tolerance{1e-14, 0.0}));
    // two sentences: the second, <s> <s> Sam I am </s>: P(Sam | <s> <s>) = 1/3, P(I | <s> Sam) = 1,
    // P(am | Sam I) = 1, P(</s> | I am) = 1/2: 1/6; together 1/36 over M = 8
    LLMLINGS_CHECK_CLOSE(perplexity(m, {{"I", "am", "Sam"}, {"Sam", "I", "am"}}, mle), std::pow(36.0, 0.125),
                         (tolerance{1e-14, 0.0}));
}

TEST_CASE("perplexity of a uniform model is the vocabulary size", "[nlp][02_ngrams]") {
    // as k → ∞, (c + k)/(T + k|V|) → 1/|V| for every word: with k = 1e12 and counts below 30 the
    // relative error of each probability is below 3e-11
    for (std::size_t order = 1; order <= 3; ++order) {
        const ngram_model m = fit_ngram_model(golden_train_corpus(), order);
        const double V = static_cast<double>(m.vocabulary.size());
        INFO("N = " << order);
        LLMLINGS_CHECK_CLOSE(perplexity(m, golden_test_corpus(), {smoothing_method::add_k, 1e12}), V,
                             (tolerance{1e-10, 0.0}));
    }
}

TEST_CASE("perplexity is infinite under the MLE when a test bigram was never seen", "[nlp][02_ngrams]") {
    const ngram_model m = fit_ngram_model(sam(), 2);
    // c(Sam am) = 0: one zero probability makes the product 0 and the perplexity +∞
    CHECK(std::isinf(perplexity(m, {{"I", "am", "Sam"}, {"Sam", "am"}}, {smoothing_method::add_k, 0.0})));
    const double smoothed = perplexity(m, {{"I", "am", "Sam"}, {"Sam", "am"}}, {smoothing_method::add_k, 1.0});
    CHECK(std::isfinite(smoothed));
    CHECK(smoothed > 1.0);
    CHECK(std::isfinite(perplexity(m, {{"Sam", "am"}})));  // Kneser–Ney by default
}

// ---- Generation --------------------------------------------------------------------------------

TEST_CASE("generate replays a one-sentence corpus under the MLE and stops at the end marker", "[nlp][02_ngrams]") {
    const smoothing mle{smoothing_method::add_k, 0.0};
    for (std::size_t order = 2; order <= 3; ++order) {
        const ngram_model m = fit_ngram_model({{"a", "b", "c", "d"}}, order);
        llmlings::rng gen(1);
        INFO("N = " << order);
        CHECK(generate(m, {}, 10, gen, mle) == words{"a", "b", "c", "d", "</s>"});
        CHECK(generate(m, {"a", "b"}, 10, gen, mle) == words{"c", "d", "</s>"});
        CHECK(generate(m, {}, 2, gen, mle) == words{"a", "b"});  // max_tokens reached first
        CHECK(generate(m, {"a", "b", "c", "d"}, 3, gen, mle) == words{"</s>"});
        CHECK(generate(m, {}, 0, gen, mle).empty());
    }
}

TEST_CASE("generate draws each token from the smoothed distribution over the vocabulary in order", "[nlp][02_ngrams]") {
    // Replays generate(): for each token, P(w | the words so far) for every w of V, in V's order,
    // and one stats::sample_categorical draw from the same seed.
    const ngram_model m = fit_ngram_model(golden_train_corpus(), 3);
    for (const smoothing s : {smoothing{}, smoothing{smoothing_method::add_k, 0.5}}) {
        for (unsigned seed : {3u, 11u, 2024u}) {
            llmlings::rng gen(seed), replay(seed);
            const words got = generate(m, {"the"}, 12, gen, s);
            words sentence = {"the"}, expected;
            while (expected.size() < 12) {
                std::vector<double> p;
                for (const std::string& w : m.vocabulary) p.push_back(probability(m, sentence, w, s));
                const std::string& next = m.vocabulary[categorical_draw(p, replay)];
                expected.push_back(next);
                if (next == "</s>") break;
                sentence.push_back(next);
            }
            INFO("seed " << seed);
            CHECK(got == expected);
        }
    }
}

TEST_CASE("generate draws first words with their Kneser-Ney frequencies", "[nlp][02_ngrams]") {
    // 20,000 first words after <s>: each frequency within 5 standard errors of P_KN(w | <s>)
    // (0.48125 for I; a bound that a correct sampler misses with probability below 1e-5 per word)
    const ngram_model m = fit_ngram_model(sam(), 2);
    llmlings::rng gen(7);
    const std::size_t n = 20000;
    std::vector<double> seen(m.vocabulary.size(), 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const words first = generate(m, {}, 1, gen);
        REQUIRE(first.size() == 1);
        for (std::size_t j = 0; j < m.vocabulary.size(); ++j) seen[j] += first[0] == m.vocabulary[j] ? 1.0 : 0.0;
    }
    for (std::size_t j = 0; j < m.vocabulary.size(); ++j) {
        const double p = kneser_ney_probability(m, {}, m.vocabulary[j]);
        INFO(m.vocabulary[j] << ": P = " << p << ", frequency " << seen[j] / n);
        CHECK(std::fabs(seen[j] / n - p) <= 5.0 * std::sqrt(p * (1.0 - p) / n));
    }
}

// ---- Bad input ---------------------------------------------------------------------------------

TEST_CASE("fit_ngram_model rejects order 0 min_count 0 no sentences and bad tokens", "[nlp][02_ngrams]") {
    using llmlings::invalid_argument;
    CHECK_THROWS_AS(fit_ngram_model(sam(), 0), invalid_argument);
    CHECK_THROWS_WITH(fit_ngram_model(sam(), 0), contains("fit_ngram_model") && contains("order"));
    CHECK_THROWS_WITH(fit_ngram_model(sam(), 2, 0), contains("fit_ngram_model") && contains("min_count"));
    CHECK_THROWS_WITH(fit_ngram_model({}, 2), contains("fit_ngram_model") && contains("no training sentences"));
    CHECK_THROWS_WITH(fit_ngram_model({{"a"}, {"b", "</s>"}}, 2),
                      contains("fit_ngram_model") && contains("sentence 1, token 1") && contains("</s>"));
    CHECK_THROWS_WITH(fit_ngram_model({{"<s>", "a"}}, 2), contains("sentence 0, token 0") && contains("<s>"));
    CHECK_THROWS_WITH(fit_ngram_model({{"new york"}}, 2), contains("fit_ngram_model") && contains("space"));
    CHECK_THROWS_AS(fit_ngram_model({{"a", ""}}, 2), invalid_argument);
}

TEST_CASE("the probabilities reject bad parameters words and models", "[nlp][02_ngrams]") {
    using llmlings::invalid_argument;
    const ngram_model m = fit_ngram_model(sam(), 2);
    const double nan = std::nan(""), inf = HUGE_VAL;
    for (double k : {-0.5, nan, inf}) {
        INFO("k = " << k);
        CHECK_THROWS_AS(add_k_probability(m, {"I"}, "am", k), invalid_argument);
        CHECK_THROWS_WITH(add_k_probability(m, {"I"}, "am", k), contains("add_k_probability") && contains("k"));
    }
    for (double d : {0.0, 1.0, -0.1, 1.5, nan}) {
        INFO("d = " << d);
        CHECK_THROWS_AS(kneser_ney_probability(m, {"I"}, "am", d), invalid_argument);
        CHECK_THROWS_WITH(kneser_ney_probability(m, {"I"}, "am", d),
                          contains("kneser_ney_probability") && contains("discount"));
    }
    // <s> is context only; nothing follows </s>; the MLE of a context never seen is 0/0
    CHECK_THROWS_WITH(add_k_probability(m, {"I"}, "<s>", 1.0), contains("add_k_probability") && contains("<s>"));
    CHECK_THROWS_WITH(kneser_ney_probability(m, {"<s>"}, "<s>"), contains("kneser_ney_probability"));
    CHECK_THROWS_WITH(kneser_ney_probability(m, {"am", "</s>"}, "I"),
                      contains("kneser_ney_probability") && contains("</s>"));
    CHECK_THROWS_WITH(add_k_probability(m, {"zebra"}, "I", 0.0), contains("add_k_probability") && contains("k = 0"));
    CHECK_THROWS_WITH(probability(m, {"I"}, "am", {smoothing_method::add_k, -1.0}), contains("probability"));
    // a model that fit_ngram_model did not make
    CHECK_THROWS_WITH(add_k_probability(ngram_model{}, {}, "a", 1.0),
                      contains("add_k_probability") && contains("fit_ngram_model"));
    CHECK_THROWS_WITH(kneser_ney_probability(ngram_model{}, {}, "a"),
                      contains("kneser_ney_probability") && contains("fit_ngram_model"));
}

TEST_CASE("perplexity and generate reject bad input", "[nlp][02_ngrams]") {
    using llmlings::invalid_argument;
    const ngram_model m = fit_ngram_model(sam(), 2);
    llmlings::rng gen(1);
    CHECK_THROWS_WITH(perplexity(m, {}), contains("perplexity") && contains("no test sentences"));
    CHECK_THROWS_WITH(perplexity(m, {{"I", "</s>"}}), contains("perplexity") && contains("</s>"));
    CHECK_THROWS_WITH(perplexity(m, {{"I"}}, {smoothing_method::kneser_ney, 1.0}),
                      contains("perplexity") && contains("discount"));
    CHECK_THROWS_WITH(perplexity(m, {{"I"}}, {smoothing_method::add_k, -1.0}), contains("perplexity"));
    // k = 0 after a context never seen: 0/0
    CHECK_THROWS_WITH(perplexity(m, {{"zebra", "I"}}, {smoothing_method::add_k, 0.0}),
                      contains("perplexity") && contains("k = 0"));
    CHECK_THROWS_AS(perplexity(ngram_model{}, {{"I"}}), invalid_argument);
    CHECK_THROWS_WITH(generate(m, {"I", "<s>"}, 5, gen), contains("generate") && contains("<s>"));
    CHECK_THROWS_WITH(generate(m, {}, 5, gen, {smoothing_method::kneser_ney, 0.0}),
                      contains("generate") && contains("discount"));
    CHECK_THROWS_AS(generate(ngram_model{}, {}, 5, gen), invalid_argument);
}
