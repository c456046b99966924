// SPDX-License-Identifier: MIT
// Tests for nlp/04_word2vec. Oracles: the vocabulary's order worked by hand; the C code's
// subsampling keep probability and the unigram^0.75 noise distribution in closed form (counts
// chosen as powers, so the values are exact fractions); the alias table's implied probabilities
// against that closed form, and 200,000 draws counted within 5 standard errors; the dynamic
// window's expected pair counts by exhaustive enumeration of every window the centers can draw
// (oracles/04_word2vec.cpp), against 4,000 seeded documents; the SGNS loss, its gradients and one
// SGD step of a three-word model worked by hand (the arithmetic is in the comments); central
// differences over both tensors of the store (check_store_gradients, in double); the C code's
// learning-rate schedule in closed form; properties of training on planted corpora (two topics
// that never meet end up as two clusters of neighbours; a rank × gender toy grammar makes
// king − man + woman = queen); cosines of vectors chosen so that the values are exact.
#include <llmlings/testing.hpp>
#include <llmlings/testing/allocations.hpp>

#include <llmlings/nlp/04_word2vec.hpp>

#include <cmath>
#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

#include "oracles/04_word2vec.hpp"

using llmlings::matrix;
using llmlings::matrix_of;
using llmlings::parameter_store;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::nlp;
using namespace oracles;
using words = std::vector<std::string>;
using ids = std::vector<std::size_t>;

namespace {

// The three-word model of the hand-worked cases, in its own store:
//   W (input) = [[1, 0], [0, 1], [1, 1]],  W′ (output) = [[0.5, 0.5], [−1, 0], [0, 2]].
template <class T>
struct three_words {
    parameter_store<T> store;
    word2vec_model<T> model = make_word2vec(store, "w2v", 3, 2);
    three_words() {
        const T w[] = {1, 0, 0, 1, 1, 1}, wo[] = {0.5, 0.5, -1, 0, 0, 2};
        std::copy(w, w + 6, model.input.data());
        std::copy(wo, wo + 6, model.output.data());
    }
};

// The values and gradients of a tensor, in double.
template <class T>
llmlings::vector flat_values(const llmlings::parameter<T>& p) {
    llmlings::vector v = xt::empty<double>({p.size()});
    std::copy(p.data(), p.data() + p.size(), v.begin());
    return v;
}
template <class T>
llmlings::vector flat_grads(const llmlings::parameter<T>& p) {
    llmlings::vector v = xt::empty<double>({p.size()});
    std::copy(p.grad_data(), p.grad_data() + p.size(), v.begin());
    return v;
}

// The tolerance of a float or double result against a value computed in double: float rounds
// each operation to 2⁻²⁴ ≈ 6e-8 relative; a few operations (an exp, a log1p, a dot of two) on
// O(1) numbers stay within 1e-6.
template <class T>
tolerance type_tolerance() {
    return std::is_same<T, float>::value ? tolerance{1e-6, 1e-6} : tolerance{1e-14, 1e-15};
}

const double e = std::exp(1.0);

// The alias table's probability of each outcome: (probability[w] + Σ_{alias[i] = w} (1 − probability[i]))/V.
std::vector<double> implied(const word2vec_noise_sampler& s) {
    const std::size_t n = s.probability.size();
    std::vector<double> p(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        p[i] += s.probability[i] / double(n);
        p[s.alias[i]] += (1.0 - s.probability[i]) / double(n);
    }
    return p;
}

}  // namespace

// ---- Vocabulary, subsampling, noise ------------------------------------------------------------

TEST_CASE("build_word2vec_vocabulary orders words by count then by string and drops rare words", "[nlp][04_word2vec]") {
    const std::vector<words> corpus = {{"the", "cat", "sat"}, {}, {"the", "dog", "sat", "the"}, {"a", "cat"}};
    // counts: the 3, cat 2, sat 2, dog 1, a 1; ties in string order: cat < sat, a < dog
    const word2vec_vocabulary v = build_word2vec_vocabulary(corpus, 1);
    CHECK(v.words == words{"the", "cat", "sat", "a", "dog"});
    CHECK(v.counts == ids{3, 2, 2, 1, 1});
    REQUIRE(v.ids.size() == 5);
    for (std::size_t id = 0; id < v.words.size(); ++id) CHECK(v.ids.at(v.words[id]) == id);
    CHECK(build_word2vec_vocabulary(corpus, 2).words == words{"the", "cat", "sat"});
    CHECK(build_word2vec_vocabulary(corpus, 3).words == words{"the"});
    // the default min_count is the C code's 5: one word of this corpus occurs 5 times
    CHECK(build_word2vec_vocabulary({{"x", "y", "x", "x"}, {"x", "x", "y"}}).words == words{"x"});
    // UTF-8 words are bytes to the vocabulary: "é" (C3 A9) sorts after "z"
    CHECK(build_word2vec_vocabulary({{"\xc3\xa9t\xc3\xa9", "zoo"}}, 1).words == words{"zoo", "\xc3\xa9t\xc3\xa9"});
}

TEST_CASE("word2vec_keep_probability follows the C code's formula and stops at one", "[nlp][04_word2vec]") {
    // P = min(1, (√x + 1)/x) with x = f/(tN). t = 1e-3, N = 100,000: tN = 100.
    const tolerance tight{1e-15, 0.0};
    LLMLINGS_CHECK_CLOSE(word2vec_keep_probability(400, 100000, 1e-3), 0.75, tight);       // x = 4: 3/4
    LLMLINGS_CHECK_CLOSE(word2vec_keep_probability(900, 100000, 1e-3), 4.0 / 9.0, tight);  // x = 9: 4/9
    LLMLINGS_CHECK_CLOSE(word2vec_keep_probability(10000, 100000, 1e-3), 0.11, tight);     // x = 100: 11/100
    LLMLINGS_CHECK_CLOSE(word2vec_keep_probability(100000, 100000, 1e-3), 0.0316227766016838 + 0.001,
                         (tolerance{1e-12, 0.0}));  // x = 1000: (√1000 + 1)/1000
    // up to x = φ² ≈ 2.618 the formula is ≥ 1: kept always (x = 1 would give 2)
    CHECK(word2vec_keep_probability(100, 100000, 1e-3) == 1.0);
    CHECK(word2vec_keep_probability(1, 100000, 1e-3) == 1.0);
    CHECK(word2vec_keep_probability(261, 100000, 1e-3) == 1.0);
    CHECK(word2vec_keep_probability(262, 100000, 1e-3) < 1.0);
    // sample 0 turns subsampling off, even for a word that is the whole corpus
    CHECK(word2vec_keep_probability(5, 5, 0.0) == 1.0);
    // it falls as the word gets more frequent
    CHECK(word2vec_keep_probability(5000, 100000, 1e-3) > word2vec_keep_probability(5001, 100000, 1e-3));
}

TEST_CASE("word2vec_noise_distribution raises the counts to the power three quarters", "[nlp][04_word2vec]") {
    const tolerance tight{1e-15, 1e-17};
    // 16^(3/4) = 8, 1 → 8/9, 1/9
    std::vector<double> p = word2vec_noise_distribution({16, 1});
    REQUIRE(p.size() == 2);
    LLMLINGS_CHECK_CLOSE(p[0], 8.0 / 9.0, tight);
    LLMLINGS_CHECK_CLOSE(p[1], 1.0 / 9.0, tight);
    // 1, 16, 81, 0 → 1, 8, 27, 0 over 36
    p = word2vec_noise_distribution({1, 16, 81, 0});
    REQUIRE(p.size() == 4);
    const double expected[] = {1.0 / 36, 8.0 / 36, 27.0 / 36, 0.0};
    for (std::size_t w = 0; w < 4; ++w) LLMLINGS_CHECK_CLOSE(p[w], expected[w], tight);
    // power 1 is the unigram distribution; power 0 the uniform over the words seen
    p = word2vec_noise_distribution({3, 1, 0}, 1.0);
    LLMLINGS_CHECK_CLOSE(p[0], 0.75, tight);
    LLMLINGS_CHECK_CLOSE(p[1], 0.25, tight);
    p = word2vec_noise_distribution({3, 1, 0}, 0.0);
    LLMLINGS_CHECK_CLOSE(p[0], 0.5, tight);
    LLMLINGS_CHECK_CLOSE(p[1], 0.5, tight);
    CHECK(p[2] == 0.0);
}

TEST_CASE("the alias table reproduces the noise distribution exactly", "[nlp][04_word2vec]") {
    // {16, 1}: P = {8/9, 1/9}; scaled by V = 2: {16/9, 2/9}. Column 1 is small: it keeps 2/9 and
    // is topped up by column 0, which is left with 16/9 + 2/9 − 1 = 1.
    const word2vec_noise_sampler s = make_word2vec_noise_sampler({16, 1});
    REQUIRE(s.probability.size() == 2);
    REQUIRE(s.alias.size() == 2);
    LLMLINGS_CHECK_CLOSE(s.probability[1], 2.0 / 9.0, (tolerance{1e-15, 0.0}));
    CHECK(s.alias[1] == 0);
    LLMLINGS_CHECK_CLOSE(s.probability[0], 1.0, (tolerance{1e-15, 0.0}));
    // every outcome's implied probability equals the closed form, for several count vectors
    const std::vector<ids> cases = {{16, 1}, {1, 16, 81, 0}, {7}, {5, 5, 5}, {1000, 1, 1, 1, 1, 250, 3, 0, 12}};
    for (const ids& counts : cases) {
        double total = 0.0;
        for (std::size_t c : counts) total += std::pow(double(c), 0.75);
        const std::vector<double> p = implied(make_word2vec_noise_sampler(counts));
        REQUIRE(p.size() == counts.size());
        for (std::size_t w = 0; w < counts.size(); ++w) {
            INFO(counts.size() << " counts, word " << w);
            LLMLINGS_CHECK_CLOSE(p[w], std::pow(double(counts[w]), 0.75) / total, (tolerance{1e-12, 1e-15}));
        }
    }
}

TEST_CASE("word2vec_draw_noise draws each word with its probability", "[nlp][04_word2vec]") {
    // 200,000 draws over counts 1, 16, 81, 0, 256 (weights 1, 8, 27, 0, 64 over 100): each
    // frequency within 5 standard errors √(p(1 − p)/n) of P, the zero-count word never.
    const ids counts = {1, 16, 81, 0, 256};
    const double p[] = {0.01, 0.08, 0.27, 0.0, 0.64};
    const word2vec_noise_sampler s = make_word2vec_noise_sampler(counts);
    llmlings::rng gen(3);
    const std::size_t n = 200000;
    std::vector<std::size_t> seen(5, 0);
    for (std::size_t i = 0; i < n; ++i) ++seen.at(word2vec_draw_noise(s, gen));
    for (std::size_t w = 0; w < 5; ++w) {
        const double f = double(seen[w]) / double(n), se = std::sqrt(p[w] * (1.0 - p[w]) / double(n));
        INFO("word " << w << ": frequency " << f << ", P = " << p[w]);
        CHECK(std::fabs(f - p[w]) <= 5.0 * se);
    }
    CHECK(seen[3] == 0);
    // the same seed gives the same draws
    llmlings::rng a(11), b(11);
    for (int i = 0; i < 100; ++i) CHECK(word2vec_draw_noise(s, a) == word2vec_draw_noise(s, b));
}

TEST_CASE("word2vec_subsample removes unknown words and keeps each token with its probability", "[nlp][04_word2vec]") {
    const word2vec_vocabulary v = build_word2vec_vocabulary({{"a", "b", "a"}}, 1);  // a = 0, b = 1
    llmlings::rng gen(5), copy(5);
    ids out = {42};
    // keep 1: no draw at all, out-of-vocabulary tokens take no position
    CHECK(word2vec_subsample(v, {1.0, 1.0}, {"a", "x", "b", "y", "a"}, out, gen) == 3);
    CHECK(out == ids{0, 1, 0});
    CHECK(gen() == copy());
    CHECK(word2vec_subsample(v, {1.0, 1.0}, {}, out, gen) == 0);
    CHECK(out.empty());
    // keep 0 for b: every b dropped, still counted as read
    CHECK(word2vec_subsample(v, {1.0, 0.0}, {"b", "a", "b", "b"}, out, gen) == 4);
    CHECK(out == ids{0});
    // keep 0.3 for a: of 20,000 a's about 6,000 stay (5 standard errors: √(20000·0.3·0.7)·5 = 324)
    const words many(20000, "a");
    CHECK(word2vec_subsample(v, {0.3, 1.0}, many, out, gen) == 20000);
    INFO("kept " << out.size());
    CHECK(std::fabs(double(out.size()) - 6000.0) <= 324.0);
}

TEST_CASE("word2vec_skipgram_pairs pairs each center with its window on both sides", "[nlp][04_word2vec]") {
    llmlings::rng gen(1);
    std::vector<word2vec_pair> pairs = {{5, 5}};
    // window 1: every center's window is 1
    word2vec_skipgram_pairs({7, 8, 9}, 1, pairs, gen);
    REQUIRE(pairs.size() == 4);
    const std::size_t expected[4][2] = {{7, 8}, {8, 7}, {8, 9}, {9, 8}};
    for (std::size_t k = 0; k < 4; ++k) {
        INFO("pair " << k);
        CHECK(pairs[k].center == expected[k][0]);
        CHECK(pairs[k].context == expected[k][1]);
    }
    // a word repeated is paired with itself at another position, never with its own position
    word2vec_skipgram_pairs({4, 4}, 1, pairs, gen);
    REQUIRE(pairs.size() == 2);
    CHECK((pairs[0].center == 4 && pairs[0].context == 4));
    // fewer than two words: no pair
    word2vec_skipgram_pairs({3}, 5, pairs, gen);
    CHECK(pairs.empty());
    word2vec_skipgram_pairs({}, 5, pairs, gen);
    CHECK(pairs.empty());
    // one uniform_index(window) per position, whatever the pairs
    llmlings::rng a(9), b(9);
    word2vec_skipgram_pairs({0, 1, 2, 3, 4}, 3, pairs, a);
    for (int p = 0; p < 5; ++p) llmlings::uniform_index(3, b);
    CHECK(a() == b());
}

TEST_CASE("the dynamic window makes each pair as often as exhaustive enumeration says", "[nlp][04_word2vec]") {
    // Six distinct words, window 3: the oracle enumerates all 3^6 = 729 windows of the centers.
    // E[p][q] = P(window(p) ≥ |p − q|) = (3 − d + 1)/3 for d ≤ 3. Over 4,000 documents each pair's
    // frequency lies within 5 standard errors (√(E(1 − E)/4000) ≤ 0.0079) of E; d = 1 always, d > 3 never.
    const std::size_t n = 6, window = 3, runs = 4000;
    const matrix expected = window_pair_expectations(n, window);
    std::vector<double> seen(n * n, 0.0);
    llmlings::rng gen(7);
    std::vector<word2vec_pair> pairs;
    const ids document = {0, 1, 2, 3, 4, 5};
    for (std::size_t r = 0; r < runs; ++r) {
        word2vec_skipgram_pairs(document, window, pairs, gen);
        for (const word2vec_pair& pair : pairs) seen[pair.center * n + pair.context] += 1.0;
    }
    for (std::size_t p = 0; p < n; ++p)
        for (std::size_t q = 0; q < n; ++q) {
            const double f = seen[p * n + q] / double(runs), ex = expected(p, q);
            INFO("center " << p << ", context " << q << ": frequency " << f << ", expected " << ex);
            if (ex == 0.0 || ex == 1.0)
                CHECK(f == ex);
            else
                CHECK(std::fabs(f - ex) <= 5.0 * std::sqrt(ex * (1.0 - ex) / double(runs)));
        }
}

// ---- The model, the loss and its gradients -----------------------------------------------------

TEST_CASE("make_word2vec registers two matrices and init_word2vec fills them as the C code", "[nlp][04_word2vec]") {
    parameter_store<float> store;
    word2vec_model<float> m = make_word2vec(store, "w2v", 50, 4);
    CHECK(store.count() == 2);
    CHECK(store.numel() == 400);
    CHECK(m.input.name() == "w2v.input");
    CHECK(m.output.name() == "w2v.output");
    CHECK(m.input.shape() == ids{50, 4});
    CHECK(m.output.shape() == ids{50, 4});
    CHECK((m.vocab_size == 50 && m.dim == 4));
    // W: (u − 0.5)/D, u uniform in [0, 1): 200 values in [−1/8, 1/8), spread over the range; W′: 0
    std::fill(m.output.data(), m.output.data() + 200, 3.0f);
    llmlings::rng gen(9);
    init_word2vec(m, gen);
    float lo = 1, hi = -1;
    for (std::size_t k = 0; k < 200; ++k) {
        lo = std::min(lo, m.input.data()[k]);
        hi = std::max(hi, m.input.data()[k]);
        CHECK(m.output.data()[k] == 0.0f);
    }
    CHECK(lo >= -0.125f);
    CHECK(hi < 0.125f);
    CHECK(lo < -0.1f);
    CHECK(hi > 0.1f);
    parameter_store<float> again;
    word2vec_model<float> m2 = make_word2vec(again, "w2v", 50, 4);
    llmlings::rng gen2(9);
    init_word2vec(m2, gen2);
    CHECK(std::equal(store.values(), store.values() + store.numel(), again.values()));
}

TEMPLATE_TEST_CASE("word2vec_forward computes the loss of a three-word case worked by hand", "[nlp][04_word2vec]",
                   float, double) {
    three_words<TestType> t;
    // Example 0: center 0 (v = (1, 0)), context 1 (v′ = (−1, 0)), noise 2 (v′ = (0, 2)):
    //   s_o = −1, s_k = 0: L = −log σ(−1) − log σ(0) = log(1 + e) + log 2;
    //   dL/ds_o = σ(−1) − 1 = −e/(1 + e), dL/ds_k = σ(0) = 1/2.
    // Example 1: center 2 (v = (1, 1)), context 0 (v′ = (0.5, 0.5)), noise 1 (v′ = (−1, 0)):
    //   s_o = 1, s_k = −1: L = −log σ(1) − log σ(1) = 2 log(1 + 1/e);
    //   dL/ds_o = σ(1) − 1 = −1/(1 + e), dL/ds_k = σ(−1) = 1/(1 + e).
    word2vec_batch batch{1, {0, 2}, {1, 2, 0, 1}};
    word2vec_cache<TestType> cache;
    const double loss = word2vec_forward(t.model, batch, cache);
    const double l0 = std::log(1.0 + e) + std::log(2.0), l1 = 2.0 * std::log(1.0 + 1.0 / e);
    LLMLINGS_CHECK_CLOSE(loss, l0 + l1, type_tolerance<TestType>());
    REQUIRE(cache.dscore.size() == 4);
    const double ds[] = {-e / (1.0 + e), 0.5, -1.0 / (1.0 + e), 1.0 / (1.0 + e)};
    for (std::size_t k = 0; k < 4; ++k) {
        INFO("target " << k);
        LLMLINGS_CHECK_CLOSE(double(cache.dscore[k]), ds[k], type_tolerance<TestType>());
    }
    LLMLINGS_CHECK_CLOSE(word2vec_loss(t.model, word2vec_batch{1, {0}, {1, 2}}), l0, type_tolerance<TestType>());
    // a noise word equal to the context word is skipped: only −log σ(−1) is left
    LLMLINGS_CHECK_CLOSE(word2vec_forward(t.model, word2vec_batch{1, {0}, {1, 1}}, cache), std::log(1.0 + e),
                         type_tolerance<TestType>());
    CHECK(cache.dscore[1] == TestType(0));
    // K = 0 is the positive term alone; an empty batch costs nothing
    LLMLINGS_CHECK_CLOSE(word2vec_loss(t.model, word2vec_batch{0, {2}, {0}}), std::log(1.0 + 1.0 / e),
                         type_tolerance<TestType>());
    CHECK(word2vec_forward(t.model, word2vec_batch{3, {}, {}}, cache) == 0.0);
    CHECK(cache.dscore.empty());
    // large scores do not overflow: s = ±1000 gives a loss of 1000 (or ~0), not ∞
    t.model.input.data()[0] = TestType(1000);
    LLMLINGS_CHECK_CLOSE(word2vec_loss(t.model, word2vec_batch{0, {0}, {1}}), 1000.0, type_tolerance<TestType>());
    CHECK(word2vec_loss(t.model, word2vec_batch{0, {0}, {0}}) < 1e-200);  // s = 500: log1p(e^−500) ≈ 7e-218
}

TEST_CASE("word2vec_backward writes the hand-worked gradients and accumulates them", "[nlp][04_word2vec]") {
    three_words<double> t;
    // With a = e/(1 + e), b = 1/(1 + e) (the dscores of the forward case):
    //   dv_0 = −a·v′_1 + ½·v′_2 = −a(−1, 0) + ½(0, 2) = (a, 1)
    //   dv_2 = −b·v′_0 + b·v′_1 = −b(0.5, 0.5) + b(−1, 0) = (−1.5b, −0.5b)
    //   dv′_1 = −a·v_0 + b·v_2 = (−a + b, b); dv′_2 = ½·v_0 = (½, 0); dv′_0 = −b·v_2 = (−b, −b)
    const double a = e / (1.0 + e), b = 1.0 / (1.0 + e);
    const word2vec_batch batch{1, {0, 2}, {1, 2, 0, 1}};
    word2vec_cache<double> cache;
    word2vec_forward(t.model, batch, cache);
    word2vec_backward(t.model, batch, cache);
    const tolerance tol{1e-14, 1e-15};
    const llmlings::vector dw = {a, 1.0, 0.0, 0.0, -1.5 * b, -0.5 * b};
    const llmlings::vector dwo = {-b, -b, -a + b, b, 0.5, 0.0};
    LLMLINGS_CHECK_CLOSE(flat_grads(t.model.input), dw, tol);
    LLMLINGS_CHECK_CLOSE(flat_grads(t.model.output), dwo, tol);
    // a second backward adds the same again (×2 is exact)
    word2vec_backward(t.model, batch, cache);
    LLMLINGS_CHECK_CLOSE(flat_grads(t.model.input), (llmlings::vector{2 * a, 2.0, 0.0, 0.0, -3 * b, -b}), tol);
    // one center twice in a batch collects both terms
    t.store.zero_grad();
    const word2vec_batch twice{0, {0, 0}, {1, 1}};
    word2vec_forward(t.model, twice, cache);
    word2vec_backward(t.model, twice, cache);
    LLMLINGS_CHECK_CLOSE(flat_grads(t.model.input), (llmlings::vector{2 * a, 0, 0, 0, 0, 0}), tol);
    // a skipped noise word adds nothing to its row
    t.store.zero_grad();
    const word2vec_batch skipped{1, {0}, {1, 1}};
    word2vec_forward(t.model, skipped, cache);
    word2vec_backward(t.model, skipped, cache);
    LLMLINGS_CHECK_CLOSE(flat_grads(t.model.output), (llmlings::vector{0, 0, -a, 0, 0, 0}), tol);
}

TEST_CASE("word2vec_backward agrees with central differences over both tensors", "[nlp][04_word2vec]") {
    // V = 6, D = 3, N(0, 0.8²) parameters, 4 examples with K = 3 (repeated centers and targets, a
    // noise word equal to its context, one equal to its center): the loss is smooth, so in double a
    // correct gradient gives relative errors near 1e-9 (CS231n's bar: 1e-7).
    parameter_store<double> store;
    const word2vec_model<double> m = make_word2vec(store, "w2v", 6, 3);
    seed_random(17);
    const llmlings::vector values = normal_vector(store.numel(), 0.8);
    std::copy(values.begin(), values.end(), store.values());
    const word2vec_batch batch{3, {0, 1, 0, 5}, {2, 3, 4, 5, 0, 1, 2, 3, 4, 4, 2, 2, 1, 5, 0, 3}};
    word2vec_cache<double> cache;
    store.zero_grad();
    word2vec_forward(m, batch, cache);
    word2vec_backward(m, batch, cache);
    LLMLINGS_CHECK_STORE_GRADIENTS(store_gradient_check(store, [&] { return word2vec_loss(m, batch); }), 1e-7);
}

// ---- Training ----------------------------------------------------------------------------------

TEMPLATE_TEST_CASE("word2vec_sgd_update takes one step on the touched rows and clears them", "[nlp][04_word2vec]",
                   float, double) {
    three_words<TestType> t;
    const double a = e / (1.0 + e);
    // Example 0 alone: dv_0 = (a, 1), dv′_1 = −a·v_0 = (−a, 0), dv′_2 = ½·v_0 = (½, 0); lr 0.1.
    const word2vec_batch batch{1, {0}, {1, 2}};
    word2vec_cache<TestType> cache;
    word2vec_forward(t.model, batch, cache);
    word2vec_backward(t.model, batch, cache);
    word2vec_sgd_update(t.model, batch, 0.1);
    const tolerance tol = type_tolerance<TestType>();
    LLMLINGS_CHECK_CLOSE(flat_values(t.model.input), (llmlings::vector{1 - 0.1 * a, -0.1, 0, 1, 1, 1}), tol);
    LLMLINGS_CHECK_CLOSE(flat_values(t.model.output), (llmlings::vector{0.5, 0.5, -1 + 0.1 * a, 0, -0.05, 2}), tol);
    for (double g : flat_grads(t.model.input)) CHECK(g == 0.0);
    for (double g : flat_grads(t.model.output)) CHECK(g == 0.0);
    // a row listed twice moves once
    three_words<TestType> d;
    const word2vec_batch dup{1, {0, 0}, {1, 2, 1, 2}};
    d.model.input.grad_data()[0] = TestType(1);
    word2vec_sgd_update(d.model, dup, 0.5);
    CHECK(double(d.model.input.data()[0]) == 0.5);
    // a frozen tensor keeps its values; its gradients are cleared all the same
    three_words<TestType> f;
    f.store.set_trainable("w2v.output", false);
    word2vec_forward(f.model, batch, cache);
    word2vec_backward(f.model, batch, cache);
    word2vec_sgd_update(f.model, batch, 0.1);
    LLMLINGS_CHECK_CLOSE(flat_values(f.model.output), (llmlings::vector{0.5, 0.5, -1, 0, 0, 2}), tol);
    LLMLINGS_CHECK_CLOSE(flat_values(f.model.input), (llmlings::vector{1 - 0.1 * a, -0.1, 0, 1, 1, 1}), tol);
    for (double g : flat_grads(f.model.output)) CHECK(g == 0.0);
}

TEST_CASE("word2vec_learning_rate decays linearly to its floor as the C code", "[nlp][04_word2vec]") {
    const tolerance tight{1e-15, 0.0};
    // lr₀ · max(1e-4, 1 − done/(planned + 1)), planned 999
    CHECK(word2vec_learning_rate(0.025, 0, 999) == 0.025);
    LLMLINGS_CHECK_CLOSE(word2vec_learning_rate(0.025, 500, 999), 0.0125, tight);
    LLMLINGS_CHECK_CLOSE(word2vec_learning_rate(0.025, 999, 999), 0.025 / 1000.0, tight);
    LLMLINGS_CHECK_CLOSE(word2vec_learning_rate(0.025, 1000, 999), 0.025e-4, tight);  // floor
    LLMLINGS_CHECK_CLOSE(word2vec_learning_rate(0.025, 1000000, 999), 0.025e-4, tight);
    LLMLINGS_CHECK_CLOSE(word2vec_learning_rate(1.0, 3, 3, 0.5), 0.5, tight);  // 1 − 3/4 = 0.25 < 0.5
    LLMLINGS_CHECK_CLOSE(word2vec_learning_rate(1.0, 1, 3, 0.5), 0.75, tight);
    CHECK(word2vec_learning_rate(1.0, 4, 3, 0.0) == 0.0);
}

TEST_CASE("an epoch follows the schedule and is reproducible and allocates nothing after the first",
          "[nlp][04_word2vec]") {
    const documents corpus = two_topic_corpus(3, 40, 6);
    const word2vec_vocabulary vocab = build_word2vec_vocabulary(corpus, 1);
    REQUIRE(vocab.words.size() == 12);
    parameter_store<float> a, b;
    word2vec_model<float> ma = make_word2vec(a, "w2v", 12, 4), mb = make_word2vec(b, "w2v", 12, 4);
    llmlings::rng ia(8), ib(8);
    init_word2vec(ma, ia);
    init_word2vec(mb, ib);
    word2vec_train_options o;
    o.epochs = 2;
    o.sample = 0.0;
    word2vec_trainer<float> ta = make_word2vec_trainer(ma, vocab, o), tb = make_word2vec_trainer(mb, vocab, o);
    CHECK(ta.planned_words == 480);  // 2 epochs · 240 tokens
    CHECK(ta.lr == 0.025);
    llmlings::rng ga(21), gb(21);
    const double first = word2vec_train_epoch(ta, corpus, ga);
    CHECK(first == word2vec_train_epoch(tb, corpus, gb));
    // before the epoch's last document 234 tokens were read: lr = 0.025 · (1 − 234/481)
    CHECK(ta.words_done == 240);
    LLMLINGS_CHECK_CLOSE(ta.lr, 0.025 * (1.0 - 234.0 / 481.0), (tolerance{1e-15, 0.0}));
    // every document of 6 words has 6 positions with a window of 1 … 5: at least 10 pairs each
    CHECK(ta.examples >= 400);
    // the first loss is about (K + 1) log 2 (W′ starts at 0, every score is 0)
    CHECK(first < 6.0 * std::log(2.0));
    CHECK(first > 5.0 * std::log(2.0));
    const std::size_t before = llmlings::testing::allocation_count();
    word2vec_train_epoch(ta, corpus, ga);
    CHECK(llmlings::testing::allocation_count() == before);
    word2vec_train_epoch(tb, corpus, gb);
    CHECK(std::equal(a.values(), a.values() + a.numel(), b.values()));
    CHECK(ta.epochs == 2);
    // past the planned epochs the rate stays at its floor
    word2vec_train_epoch(ta, corpus, ga);
    LLMLINGS_CHECK_CLOSE(ta.lr, 0.025e-4, (tolerance{1e-15, 0.0}));
}

TEMPLATE_TEST_CASE("two topics that never meet become two clusters of neighbours", "[nlp][04_word2vec]", float,
                   double) {
    // 300 documents of 8 words, each from topic a (a0 … a5) or topic b (b0 … b5) only. SGNS gives
    // words of one topic the same output targets and words of the other topic as noise, so every
    // word's 5 nearest neighbours should be the 5 other words of its topic. Measured (-O2 probe,
    // float): with corpus seeds 4 to 11 and training seeds 5 to 12, no word had a neighbour of the
    // other topic among its first 5, the gap between the 5th and 6th cosines was at least 0.885,
    // and the mean loss per pair fell from about 2.19 to 1.77.
    const documents corpus = two_topic_corpus(4, 300, 8);
    const word2vec_vocabulary vocab = build_word2vec_vocabulary(corpus, 1);
    REQUIRE(vocab.words.size() == 12);
    parameter_store<TestType> store;
    word2vec_model<TestType> m = make_word2vec(store, "w2v", 12, 8);
    llmlings::rng gen(5);
    init_word2vec(m, gen);
    word2vec_train_options o;
    o.window = 3;
    o.negatives = 4;
    o.sample = 0.0;
    o.epochs = 5;
    word2vec_trainer<TestType> trainer = make_word2vec_trainer(m, vocab, o);
    const double first = word2vec_train_epoch(trainer, corpus, gen);
    double last = first;
    for (int epoch = 1; epoch < 5; ++epoch) last = word2vec_train_epoch(trainer, corpus, gen);
    INFO("mean loss: first epoch " << first << ", last " << last);
    CHECK(last < first);
    const matrix_of<TestType> vectors = word2vec_vectors(m);
    std::size_t wrong = 0;
    double worst_margin = 1.0;
    for (std::size_t w = 0; w < 12; ++w) {
        const std::vector<word2vec_neighbor> near = word2vec_nearest(vectors, w, 11);
        REQUIRE(near.size() == 11);
        for (std::size_t r = 0; r < 5; ++r) wrong += vocab.words[near[r].id][0] != vocab.words[w][0] ? 1 : 0;
        worst_margin = std::min(worst_margin, near[4].cosine - near[5].cosine);
    }
    INFO("smallest gap between the 5th neighbour (same topic) and the 6th: " << worst_margin);
    CHECK(wrong == 0);
}

TEST_CASE("a planted analogy ranks first", "[nlp][04_word2vec]") {
    // The rank × gender grammar of oracles/04_word2vec.cpp: king = royal + male, man = common +
    // male, woman = common + female, so king − man + woman = royal + female = queen. Measured
    // (-O2 probe): with corpus seeds 6 to 13 and training seeds 2 to 9 all four analogies came
    // first, at cosines 0.960 to 0.995, the runner-up (a context word) at most 0.81.
    const documents corpus = analogy_corpus(6, 1200);
    const word2vec_vocabulary vocab = build_word2vec_vocabulary(corpus, 1);
    parameter_store<float> store;
    word2vec_model<float> m = make_word2vec(store, "w2v", vocab.words.size(), 10);
    llmlings::rng gen(2);
    init_word2vec(m, gen);
    word2vec_train_options o;
    o.window = 3;
    o.sample = 0.0;
    o.epochs = 4;
    word2vec_trainer<float> trainer = make_word2vec_trainer(m, vocab, o);
    for (int epoch = 0; epoch < 4; ++epoch) word2vec_train_epoch(trainer, corpus, gen);
    const matrix_of<float> vectors = word2vec_vectors(m);
    auto id = [&](const char* w) { return vocab.ids.at(w); };
    struct analogy {
        const char *a, *b, *c, *answer;
    };
    const analogy cases[] = {{"king", "man", "woman", "queen"},
                             {"queen", "woman", "man", "king"},
                             {"boy", "man", "woman", "girl"},
                             {"woman", "girl", "boy", "man"}};
    for (const analogy& q : cases) {
        const std::vector<word2vec_neighbor> got = word2vec_analogy(vectors, id(q.a), id(q.b), id(q.c), 3);
        REQUIRE(got.size() == 3);
        INFO(q.a << " - " << q.b << " + " << q.c << " = " << vocab.words[got[0].id] << " (" << got[0].cosine
                 << "), then " << vocab.words[got[1].id] << " (" << got[1].cosine << ")");
        CHECK(vocab.words[got[0].id] == q.answer);
        CHECK(got[0].cosine - got[1].cosine > 0.1);
    }
}

// ---- Similarity --------------------------------------------------------------------------------

TEST_CASE("word2vec_most_similar ranks by cosine with the query words excluded", "[nlp][04_word2vec]") {
    // nearest of row 0 (1, 0): row 3 (1e300, 0) cosine 1 (its squares would overflow without
    // scaling); rows 1 (0.75, 1) and 5 (1.5, 2) both 0.75/1.25 = 0.6 (a tie: smaller id first);
    // row 2 (−1, 0) −1; row 4 is zero and has no cosine.
    const matrix v = {{1, 0}, {0.75, 1}, {-1, 0}, {1e300, 0}, {0, 0}, {1.5, 2}};
    const tolerance tight{1e-15, 0.0};
    const std::vector<word2vec_neighbor> all = word2vec_nearest(v, 0, 10);
    REQUIRE(all.size() == 4);
    const std::size_t order[] = {3, 1, 5, 2};
    const double cosines[] = {1.0, 0.6, 0.6, -1.0};
    for (std::size_t k = 0; k < 4; ++k) {
        INFO("rank " << k);
        CHECK(all[k].id == order[k]);
        LLMLINGS_CHECK_CLOSE(all[k].cosine, cosines[k], tight);
    }
    CHECK(word2vec_nearest(v, 0, 2).size() == 2);
    CHECK(word2vec_nearest(v, 0, 0).empty());
    // two positive words: q = û_0 + û_1 = (1, 1); row 2 (1, 1) has cosine 1, row 4 (0, 3) 1/√2,
    // row 3 (−1, 0) −1/√2; neither query word is returned
    const matrix m = {{1, 0}, {0, 1}, {1, 1}, {-1, 0}, {0, 3}};
    const std::vector<word2vec_neighbor> two = word2vec_most_similar(m, {0, 1}, {}, 10);
    REQUIRE(two.size() == 3);
    CHECK((two[0].id == 2 && two[1].id == 4 && two[2].id == 3));
    LLMLINGS_CHECK_CLOSE(two[0].cosine, 1.0, (tolerance{1e-15, 0.0}));
    LLMLINGS_CHECK_CLOSE(two[1].cosine, std::sqrt(0.5), (tolerance{1e-15, 0.0}));
    LLMLINGS_CHECK_CLOSE(two[2].cosine, -std::sqrt(0.5), (tolerance{1e-15, 0.0}));
    // unit vectors, not raw ones: row 4 = 3·row 1 adds the same direction, q = (1, 1) again (the raw
    // sum (1, 3) would rank row 1 first, at 3/√10)
    const std::vector<word2vec_neighbor> scaled = word2vec_most_similar(m, {0, 4}, {}, 1);
    REQUIRE(scaled.size() == 1);
    CHECK(scaled[0].id == 2);
    LLMLINGS_CHECK_CLOSE(scaled[0].cosine, 1.0, (tolerance{1e-15, 0.0}));
    // a negative word alone: −û_3 = (1, 0), row 0's direction
    const std::vector<word2vec_neighbor> neg = word2vec_most_similar(m, {}, {3}, 2);
    REQUIRE(neg.size() == 2);
    CHECK((neg[0].id == 0 && neg[1].id == 2));  // then row 2 at 1/√2
    LLMLINGS_CHECK_CLOSE(neg[0].cosine, 1.0, (tolerance{1e-15, 0.0}));
}

TEST_CASE("word2vec_analogy adds and subtracts unit vectors and excludes the three words", "[nlp][04_word2vec]") {
    // king (1, 1), man (1, 0), woman (0, 1), queen (0, 2), prince (2, 2), apple (−1, 0.1):
    // q = û_king − û_man + û_woman = (1/√2 − 1, 1/√2 + 1), |q|² = (1/2 + 1 − √2) + (1/2 + 1 + √2) = 3.
    // queen (0, 1): (1/√2 + 1)/√3 = 0.98559; prince (= king's direction (1, 1)/√2):
    // ((1/√2 − 1) + (1/√2 + 1))/√2/√3 = 1/√3 = 0.57735; king itself would have it too, but the
    // query words are excluded; apple last.
    const matrix v = {{1, 1}, {1, 0}, {0, 1}, {0, 2}, {2, 2}, {-1, 0.1}};
    const std::vector<word2vec_neighbor> got = word2vec_analogy(v, 0, 1, 2, 5);
    REQUIRE(got.size() == 3);
    CHECK((got[0].id == 3 && got[1].id == 4 && got[2].id == 5));
    LLMLINGS_CHECK_CLOSE(got[0].cosine, (1.0 / std::sqrt(2.0) + 1.0) / std::sqrt(3.0), (tolerance{1e-14, 0.0}));
    LLMLINGS_CHECK_CLOSE(got[1].cosine, 1.0 / std::sqrt(3.0), (tolerance{1e-14, 0.0}));
    // float vectors give the same order
    const matrix_of<float> f = {{1, 1}, {1, 0}, {0, 1}, {0, 2}, {2, 2}, {-1, 0.1f}};
    const std::vector<word2vec_neighbor> gf = word2vec_analogy(f, 0, 1, 2, 1);
    REQUIRE(gf.size() == 1);
    CHECK(gf[0].id == 3);
    LLMLINGS_CHECK_CLOSE(gf[0].cosine, (1.0 / std::sqrt(2.0) + 1.0) / std::sqrt(3.0), (tolerance{1e-7, 0.0}));
}

// ---- Bad input ---------------------------------------------------------------------------------

TEST_CASE("the vocabulary subsampling noise and pairs reject bad input", "[nlp][04_word2vec]") {
    CHECK_THROWS_WITH(build_word2vec_vocabulary({}), contains("build_word2vec_vocabulary") && contains("no documents"));
    CHECK_THROWS_WITH(build_word2vec_vocabulary({{"a"}}, 0),
                      contains("build_word2vec_vocabulary") && contains("min_count"));
    CHECK_THROWS_WITH(build_word2vec_vocabulary({{"a"}, {"b", ""}}, 1),
                      contains("build_word2vec_vocabulary") && contains("document 1, token 1"));
    CHECK_THROWS_WITH(build_word2vec_vocabulary({{"a", "b"}}), contains("build_word2vec_vocabulary"));
    for (double bad : {-1e-3, std::nan(""), HUGE_VAL}) {
        INFO("sample " << bad);
        CHECK_THROWS_WITH(word2vec_keep_probability(1, 10, bad),
                          contains("word2vec_keep_probability") && contains("sample"));
        CHECK_THROWS_WITH(word2vec_noise_distribution({1, 2}, bad),
                          contains("word2vec_noise_distribution") && contains("power"));
    }
    CHECK_THROWS_WITH(word2vec_keep_probability(0, 10, 1e-3), contains("word2vec_keep_probability"));
    CHECK_THROWS_WITH(word2vec_keep_probability(11, 10, 1e-3), contains("word2vec_keep_probability"));
    CHECK_THROWS_WITH(word2vec_noise_distribution({}), contains("word2vec_noise_distribution"));
    CHECK_THROWS_WITH(word2vec_noise_distribution({0, 0}), contains("word2vec_noise_distribution"));
    CHECK_THROWS_WITH(make_word2vec_noise_sampler({0}), contains("make_word2vec_noise_sampler"));
    llmlings::rng gen(1);
    CHECK_THROWS_WITH(word2vec_draw_noise(word2vec_noise_sampler{}, gen), contains("word2vec_draw_noise"));
    CHECK_THROWS_WITH(word2vec_draw_noise(word2vec_noise_sampler{{1.0, 1.0}, {0}}, gen),
                      contains("word2vec_draw_noise"));
    const word2vec_vocabulary v = build_word2vec_vocabulary({{"a", "b"}}, 1);
    ids out;
    CHECK_THROWS_WITH(word2vec_subsample(v, {1.0}, {"a"}, out, gen), contains("word2vec_subsample"));
    CHECK_THROWS_WITH(word2vec_subsample(word2vec_vocabulary{}, {}, {"a"}, out, gen),
                      contains("word2vec_subsample") && contains("build_word2vec_vocabulary"));
    std::vector<word2vec_pair> pairs;
    CHECK_THROWS_WITH(word2vec_skipgram_pairs({0, 1}, 0, pairs, gen),
                      contains("word2vec_skipgram_pairs") && contains("window"));
}

TEST_CASE("the model and its passes reject bad input and propagate NaN", "[nlp][04_word2vec]") {
    parameter_store<double> store;
    CHECK_THROWS_WITH(make_word2vec(store, "w", 0, 3), contains("make_word2vec"));
    CHECK_THROWS_WITH(make_word2vec(store, "w", 3, 0), contains("make_word2vec"));
    three_words<double> t;
    word2vec_cache<double> cache;
    CHECK_THROWS_WITH(word2vec_forward(t.model, word2vec_batch{1, {0}, {1, 3}}, cache),
                      contains("word2vec_forward") && contains("target 1"));
    CHECK_THROWS_WITH(word2vec_forward(t.model, word2vec_batch{1, {4}, {1, 2}}, cache),
                      contains("word2vec_forward") && contains("center 0"));
    CHECK_THROWS_AS(word2vec_forward(t.model, word2vec_batch{2, {0}, {1, 2}}, cache), llmlings::shape_error);
    CHECK_THROWS_WITH(word2vec_forward(word2vec_model<double>{}, word2vec_batch{0, {0}, {1}}, cache),
                      contains("word2vec_forward") && contains("make_word2vec"));
    word2vec_model<double> unbuilt;
    llmlings::rng gen(1);
    CHECK_THROWS_WITH(init_word2vec(unbuilt, gen), contains("init_word2vec"));
    // the cache of another batch
    word2vec_forward(t.model, word2vec_batch{1, {0}, {1, 2}}, cache);
    CHECK_THROWS_AS(word2vec_backward(t.model, word2vec_batch{1, {0, 1}, {1, 2, 0, 2}}, cache), llmlings::shape_error);
    CHECK_THROWS_WITH(word2vec_backward(t.model, word2vec_batch{1, {5}, {1, 2}}, cache), contains("word2vec_backward"));
    for (double bad : {-0.1, std::nan(""), HUGE_VAL})
        CHECK_THROWS_WITH(word2vec_sgd_update(t.model, word2vec_batch{1, {0}, {1, 2}}, bad),
                          contains("word2vec_sgd_update") && contains("lr"));
    CHECK_THROWS_WITH(word2vec_learning_rate(0.0, 1, 2), contains("word2vec_learning_rate") && contains("lr"));
    CHECK_THROWS_WITH(word2vec_learning_rate(0.1, 1, 2, std::nan("")),
                      contains("word2vec_learning_rate") && contains("min_fraction"));
    CHECK_THROWS_WITH(word2vec_learning_rate(0.1, 1, 2, 1.5), contains("word2vec_learning_rate"));
    // NaN in a parameter: NaN loss and NaN dscores, no exception; row 1's examples are unaffected
    t.model.input.data()[0] = std::nan("");
    CHECK(std::isnan(word2vec_loss(t.model, word2vec_batch{1, {0}, {1, 2}})));
    word2vec_forward(t.model, word2vec_batch{0, {0}, {1}}, cache);
    CHECK(std::isnan(cache.dscore[0]));
    LLMLINGS_CHECK_CLOSE(word2vec_loss(t.model, word2vec_batch{0, {2}, {0}}), std::log(1.0 + 1.0 / e),
                         (tolerance{1e-15, 0.0}));
}

TEST_CASE("training and similarity reject bad input", "[nlp][04_word2vec]") {
    using llmlings::invalid_argument;
    three_words<double> t;
    const word2vec_vocabulary v = build_word2vec_vocabulary({{"a", "b", "c", "a"}}, 1);
    llmlings::rng gen(1);
    word2vec_train_options bad;
    bad.lr = 0.0;
    CHECK_THROWS_WITH(make_word2vec_trainer(t.model, v, bad), contains("make_word2vec_trainer") && contains("lr"));
    bad = {};
    bad.window = 0;
    CHECK_THROWS_WITH(make_word2vec_trainer(t.model, v, bad), contains("make_word2vec_trainer") && contains("window"));
    bad = {};
    bad.negatives = 0;
    CHECK_THROWS_WITH(make_word2vec_trainer(t.model, v, bad),
                      contains("make_word2vec_trainer") && contains("negatives"));
    bad = {};
    bad.sample = std::nan("");
    CHECK_THROWS_WITH(make_word2vec_trainer(t.model, v, bad), contains("make_word2vec_trainer") && contains("sample"));
    bad = {};
    bad.epochs = 0;
    CHECK_THROWS_WITH(make_word2vec_trainer(t.model, v, bad), contains("make_word2vec_trainer") && contains("epochs"));
    bad = {};
    bad.min_lr_fraction = -1.0;
    CHECK_THROWS_AS(make_word2vec_trainer(t.model, v, bad), invalid_argument);
    CHECK_THROWS_WITH(make_word2vec_trainer(t.model, build_word2vec_vocabulary({{"a", "b"}}, 1)),
                      contains("make_word2vec_trainer") && contains("3"));
    CHECK_THROWS_AS(make_word2vec_trainer(word2vec_model<double>{}, v), invalid_argument);
    word2vec_train_options keep_all;
    keep_all.sample = 0.0;
    word2vec_trainer<double> trainer = make_word2vec_trainer(t.model, v, keep_all);
    CHECK_THROWS_WITH(word2vec_train_epoch(trainer, {}, gen),
                      contains("word2vec_train_epoch") && contains("no documents"));
    // a NaN parameter makes the loss NaN: numerical_error, not silent NaN vectors
    t.model.output.data()[0] = std::nan("");
    CHECK_THROWS_AS(word2vec_train_epoch(trainer, {{"a", "b", "c", "a", "b", "c"}}, gen), llmlings::numerical_error);
    // similarity
    const matrix m = {{1, 0}, {0, 0}, {0, 1}};
    CHECK_THROWS_WITH(word2vec_nearest(m, 3, 1), contains("word2vec_most_similar") && contains("3"));
    CHECK_THROWS_WITH(word2vec_nearest(m, 1, 1), contains("word2vec_most_similar") && contains("zero"));
    CHECK_THROWS_WITH(word2vec_most_similar(m, {}, {}, 1), contains("word2vec_most_similar"));
    CHECK_THROWS_WITH(word2vec_most_similar(m, {0}, {0}, 1), contains("word2vec_most_similar"));
    CHECK_THROWS_WITH(word2vec_nearest(matrix({0, 2}), 0, 1), contains("word2vec_most_similar"));
    const matrix with_nan = {{1, 0}, {std::nan(""), 1}};
    CHECK_THROWS_WITH(word2vec_nearest(with_nan, 0, 1), contains("word2vec_most_similar") && contains("vector 1"));
    const matrix with_inf = {{1, 0}, {0, -HUGE_VAL}};
    CHECK_THROWS_AS(word2vec_analogy(with_inf, 0, 0, 0, 1), invalid_argument);
}
