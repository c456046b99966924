// SPDX-License-Identifier: MIT
// Tests for nlp/10_decoding. Oracles: small tables of next-token probabilities worked by hand (the
// classic case where greedy misses the most probable sequence, a case where length normalisation
// changes the winner, ties, eos and max_len); the closed forms of the length penalties; toy models
// given the whole prefix, drawn at random, whose every sequence up to max_len is enumerated by
// exhaustive search (beam search as wide as |V|^max_len must return exactly its ranking, and
// width 1 exactly greedy); the sum of the step log-probabilities recomputed along each returned
// sequence; and a seeded nlp/08 encoder-decoder, scored independently by its teacher-forced
// sequence pass. The tables, the enumeration and the seq2seq scorer are in oracles/10_decoding.cpp,
// compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/nlp/10_decoding.hpp>

#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "oracles/10_decoding.hpp"

using llmlings::vector_of;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::nlp;
using namespace oracles;

namespace {

// The hand-worked tables: tokens a = 0, b = 1, eos = 2; bos = 3 is an input, never an output.
constexpr std::size_t a = 0, b = 1, eos = 2, bos = 3;

// Sums of a few logarithms of numbers near 1: agreement to a few ulps.
const tolerance tight{1e-14, 1e-15};

decoding_options options(std::size_t max_len, std::size_t width = 1, std::size_t n_best = 1, double alpha = 0.0,
                         length_penalty penalty = length_penalty::power) {
    decoding_options o;
    o.bos_id = bos;
    o.eos_id = eos;
    o.max_len = max_len;
    o.beam_width = width;
    o.n_best = n_best;
    o.alpha = alpha;
    o.penalty = penalty;
    return o;
}

// The one step type of the toy models, so that each search is compiled once: the state is the
// tokens read so far, bos first; `next` gives the next token's log-probabilities from them, as a
// table keyed by the previous token or by the whole prefix does; `calls` counts the calls.
struct table_step {
    std::function<std::vector<double>(const token_sequence& read)> next;
    std::size_t calls = 0;
    token_sequence operator()(const token_sequence& read, std::size_t previous, std::vector<double>& log_probs) {
        ++calls;
        token_sequence longer = read;
        longer.push_back(previous);
        log_probs = next(longer);
        return longer;
    }
};

// The state every search starts from: nothing read.
const token_sequence start{};

// A model that looks at the previous token only: p[previous] = P(next token), as probabilities.
table_step bigram(const std::map<std::size_t, std::vector<double>>& p) {
    return {[p](const token_sequence& read) {
                const std::vector<double>& row = p.at(read.back());
                std::vector<double> log_probs(row.size());
                for (std::size_t w = 0; w < row.size(); ++w) log_probs[w] = std::log(row[w]);
                return log_probs;
            },
            0};
}

// The classic case. After bos: a .5, b .4, eos .1; after a: a .3, b .3, eos .4; after b: a .05,
// b .05, eos .9.
//   greedy: a (.5), then eos (.4): P(a eos) = .20
//   but P(b eos) = .4 · .9 = .36: the first token that looked best leads to a worse sequence.
//   beam, B = 2, step 1: a .5 and b .4 kept (eos .1 dropped); step 2, six candidates
//   a a .15, a b .15, a eos .20, b a .02, b b .02, b eos .36: the best two, b eos and a eos,
//   both finish, so |F| = 2 = B and the search stops: (b eos) .36, then (a eos) .20.
table_step classic() {
    return bigram({{bos, {0.5, 0.4, 0.1}}, {a, {0.3, 0.3, 0.4}}, {b, {0.05, 0.05, 0.9}}});
}

// The length case. After bos: a .5, b .1, eos .4; after a: a .1, b .8, eos .1; after b: a .05,
// b .05, eos .9.
//   (eos) = .4 over 1 token; (a b eos) = .5 · .8 · .9 = .36 over 3 tokens.
//   Unnormalised (α = 0): .4 > .36, the short one wins. Per token (power, α = 1): ln(.4) = −0.916
//   against ln(.36)/3 = −0.341 (geometric mean .711 > .4): the long one wins. GNMT, α = 1:
//   lp(1) = 6/6 = 1, lp(3) = 8/6: ln(.36)·6/8 = −0.766 > −0.916, the long one wins.
//   Beam, B = 2: step 1 keeps a (.5, live) and eos (.4, finished): one place left; step 2 keeps
//   a b (.4); step 3 keeps a b eos (.36), finished: F = {(eos), (a b eos)}; three calls in all.
table_step length_case() {
    return bigram({{bos, {0.5, 0.1, 0.4}}, {a, {0.1, 0.8, 0.1}}, {b, {0.05, 0.05, 0.9}}});
}

// A model given the whole prefix (oracles::prefix_table_model): a prefix that the table does not
// hold (one after eos, after a wrong previous token, one too long) throws std::out_of_range.
table_step prefix_table(const prefix_table_model& t, std::size_t bos_id) {
    return {[&t, bos_id](const token_sequence& read) {
                if (read.front() != bos_id) throw std::out_of_range("the first token read was not bos");
                return t.log_probs(token_sequence(read.begin() + 1, read.end()));
            },
            0};
}

// The tokens of a hypothesis and of an oracle's sequence, for messages.
std::string show(const std::vector<std::size_t>& tokens) {
    std::string s = "(";
    for (std::size_t i = 0; i < tokens.size(); ++i) s += (i ? " " : "") + std::to_string(tokens[i]);
    return s + ")";
}

// A hypothesis against an oracle's sequence: the same tokens and flag, log_prob and score within tol.
void check_same(const decoding_hypothesis& got, const ranked_sequence& want, tolerance tol, const std::string& where) {
    INFO(where << ": got " << show(got.tokens) << " " << got.log_prob << ", expected " << show(want.tokens) << " "
               << want.log_prob);
    CHECK(got.tokens == want.tokens);
    CHECK(got.finished == want.finished);
    CHECK_CLOSE_AT(got.log_prob, want.log_prob, tol);
    CHECK_CLOSE_AT(got.score, want.score, tol);
}

}  // namespace

// ---- Length penalties --------------------------------------------------------------------------

TEST_CASE("length penalties follow the power and GNMT formulas", "[nlp][10_decoding]") {
    // power: n^α; GNMT: ((5 + n)/6)^α; both 1 at n = 1 and for α = 0
    CHECK(length_penalty_factor(4, length_penalty::power, 0.5) == 2.0);
    CHECK(length_penalty_factor(3, length_penalty::power, 1.0) == 3.0);
    CHECK(length_penalty_factor(1, length_penalty::gnmt, 0.7) == 1.0);
    CHECK(length_penalty_factor(1, length_penalty::power, 2.5) == 1.0);
    CHECK(length_penalty_factor(9, length_penalty::gnmt, 0.0) == 1.0);
    CHECK_CLOSE_AT(length_penalty_factor(3, length_penalty::gnmt, 1.0), 8.0 / 6.0, tight);
    CHECK_CLOSE_AT(length_penalty_factor(7, length_penalty::gnmt, 2.0), 4.0, tight);
    CHECK_CLOSE_AT(length_penalty_factor(10, length_penalty::gnmt, 0.6), std::pow(2.5, 0.6), tight);
    // the score divides by it; −∞ (probability 0) stays −∞
    CHECK_CLOSE_AT(length_normalized_score(std::log(0.36), 3, length_penalty::power, 1.0), std::log(0.36) / 3.0, tight);
    CHECK_CLOSE_AT(length_normalized_score(-2.0, 3, length_penalty::gnmt, 1.0), -1.5, tight);
    CHECK(length_normalized_score(-5.0, 8, length_penalty::power, 0.0) == -5.0);
    const double minus_inf = -std::numeric_limits<double>::infinity();
    CHECK(length_normalized_score(minus_inf, 2, length_penalty::power, 1.0) == minus_inf);
}

// ---- Greedy ------------------------------------------------------------------------------------

TEST_CASE("greedy decoding takes the most probable token at each step and stops at eos", "[nlp][10_decoding]") {
    table_step m = classic();
    const decoding_hypothesis g = greedy_decode(m, start, options(10));
    // a (.5), then eos (.4): the worked case above
    CHECK(g.tokens == std::vector<std::size_t>{a, eos});
    CHECK(g.finished);
    CHECK_CLOSE_AT(g.log_prob, std::log(0.2), tight);
    CHECK_CLOSE_AT(g.score, std::log(0.2), tight);  // α = 0
    CHECK(m.calls == 2);                            // one call per token, none after eos
    // with α = 1 the score is the mean per token, ln(.2)/2
    table_step m2 = classic();
    CHECK_CLOSE_AT(greedy_decode(m2, start, options(10, 1, 1, 1.0)).score, std::log(0.2) / 2.0, tight);
}

TEST_CASE("greedy decoding stops after max_len tokens when eos never wins", "[nlp][10_decoding]") {
    // after bos a .6; after a: a .7 — greedy repeats a until max_len
    table_step m = bigram({{bos, {0.6, 0.1, 0.3}}, {a, {0.7, 0.1, 0.2}}});
    const decoding_hypothesis g = greedy_decode(m, start, options(4));
    CHECK(g.tokens == std::vector<std::size_t>{a, a, a, a});
    CHECK_FALSE(g.finished);
    CHECK_CLOSE_AT(g.log_prob, std::log(0.6) + 3.0 * std::log(0.7), tight);
    CHECK(m.calls == 4);
    // max_len 1: one token
    const decoding_hypothesis one = greedy_decode(m, start, options(1, 1, 1, 1.0));
    CHECK(one.tokens == std::vector<std::size_t>{a});
    CHECK_FALSE(one.finished);
    CHECK_CLOSE_AT(one.score, std::log(0.6), tight);
    // eos as the very first token: finished after one token
    table_step e = bigram({{bos, {0.2, 0.2, 0.6}}});
    const decoding_hypothesis g2 = greedy_decode(e, start, options(5));
    CHECK(g2.tokens == std::vector<std::size_t>{eos});
    CHECK(g2.finished);
}

TEST_CASE("greedy decoding breaks ties by the smallest token id", "[nlp][10_decoding]") {
    // after bos: a and b tie at .4; after a: b and eos tie at .45; the smaller id wins each time
    table_step m = bigram({{bos, {0.4, 0.4, 0.2}}, {a, {0.1, 0.45, 0.45}}, {b, {0.1, 0.45, 0.45}}});
    const decoding_hypothesis g = greedy_decode(m, start, options(3));
    CHECK(g.tokens == std::vector<std::size_t>{a, b, b});
    CHECK_FALSE(g.finished);
    // a model given the prefix: greedy by its definition
    const prefix_table_model t = make_prefix_table_model(4, 1, 5, 7, 1.5);
    for (std::size_t max_len = 1; max_len <= 5; ++max_len) {
        table_step step = prefix_table(t, 4);
        decoding_options o = options(max_len);
        o.eos_id = 1;
        o.bos_id = 4;
        check_same(greedy_decode(step, start, o), greedy_reference(table_scorer(t), 1, max_len, false, 0.0), tight,
                   "max_len " + std::to_string(max_len));
    }
}

// ---- Beam search by hand -----------------------------------------------------------------------

TEST_CASE("beam search finds the sequence that greedy decoding misses in the classic case", "[nlp][10_decoding]") {
    table_step m = classic();
    const std::vector<decoding_hypothesis> best = beam_search(m, start, options(10, 2, 2));
    REQUIRE(best.size() == 2);
    CHECK(best[0].tokens == std::vector<std::size_t>{b, eos});
    CHECK_CLOSE_AT(best[0].log_prob, std::log(0.36), tight);
    CHECK(best[0].finished);
    CHECK(best[1].tokens == std::vector<std::size_t>{a, eos});
    CHECK_CLOSE_AT(best[1].log_prob, std::log(0.2), tight);
    CHECK(m.calls == 3);  // step 1 from bos, step 2 from a and from b; then |F| = B
    // n_best 1 returns the winner only
    table_step m1 = classic();
    const std::vector<decoding_hypothesis> top = beam_search(m1, start, options(10, 2, 1));
    REQUIRE(top.size() == 1);
    CHECK(top[0].tokens == std::vector<std::size_t>{b, eos});
}

TEST_CASE("length normalisation changes the winner of a constructed case", "[nlp][10_decoding]") {
    const std::vector<std::size_t> short_one{eos}, long_one{a, b, eos};
    const double lp_short = std::log(0.4), lp_long = std::log(0.5) + std::log(0.8) + std::log(0.9);
    // α = 0: (eos) .4 beats (a b eos) .36
    table_step m0 = length_case();
    const auto plain = beam_search(m0, start, options(5, 2, 2, 0.0));
    REQUIRE(plain.size() == 2);
    CHECK(plain[0].tokens == short_one);
    CHECK(plain[1].tokens == long_one);
    CHECK_CLOSE_AT(plain[0].score, lp_short, tight);
    CHECK_CLOSE_AT(plain[1].score, lp_long, tight);
    CHECK(m0.calls == 3);  // the beam shrank to one place after (eos) finished
    // power, α = 1: ln(.36)/3 beats ln(.4)
    table_step m1 = length_case();
    const auto mean = beam_search(m1, start, options(5, 2, 2, 1.0));
    REQUIRE(mean.size() == 2);
    CHECK(mean[0].tokens == long_one);
    CHECK_CLOSE_AT(mean[0].score, lp_long / 3.0, tight);
    CHECK_CLOSE_AT(mean[0].log_prob, lp_long, tight);
    CHECK(mean[1].tokens == short_one);
    CHECK_CLOSE_AT(mean[1].score, lp_short, tight);
    // GNMT, α = 1: ln(.36)·6/8 beats ln(.4)/1
    table_step m2 = length_case();
    const auto gnmt = beam_search(m2, start, options(5, 2, 2, 1.0, length_penalty::gnmt));
    REQUIRE(gnmt.size() == 2);
    CHECK(gnmt[0].tokens == long_one);
    CHECK_CLOSE_AT(gnmt[0].score, lp_long * 6.0 / 8.0, tight);
    CHECK_CLOSE_AT(gnmt[1].score, lp_short, tight);
}

TEST_CASE("beam search sets finished hypotheses aside and returns the live ones at max_len", "[nlp][10_decoding]") {
    // The length case with max_len 2: step 1 sets (eos) aside and keeps a; step 2 keeps a b (.4),
    // live when max_len stops the search: F = {(eos) .4 finished, (a b) .4 unfinished}. Equal
    // log-probabilities (ln .4 against ln .5 + ln .8, equal to rounding): with α = 1, (a b) scores
    // ln(.4)/2 and wins; unfinished hypotheses have exactly max_len tokens.
    table_step m = length_case();
    const auto best = beam_search(m, start, options(2, 2, 2, 1.0));
    REQUIRE(best.size() == 2);
    CHECK(best[0].tokens == std::vector<std::size_t>{a, b});
    CHECK_FALSE(best[0].finished);
    CHECK_CLOSE_AT(best[0].log_prob, std::log(0.5) + std::log(0.8), tight);
    CHECK_CLOSE_AT(best[0].score, (std::log(0.5) + std::log(0.8)) / 2.0, tight);
    CHECK(best[1].tokens == std::vector<std::size_t>{eos});
    CHECK(best[1].finished);
    CHECK(m.calls == 2);
    // max_len 1, B = 3: the three one-token hypotheses, eos finished and the others not
    table_step m1 = length_case();
    const auto first = beam_search(m1, start, options(1, 3, 3));
    REQUIRE(first.size() == 3);
    CHECK(first[0].tokens == std::vector<std::size_t>{a});
    CHECK_FALSE(first[0].finished);
    CHECK(first[1].tokens == std::vector<std::size_t>{eos});
    CHECK(first[1].finished);
    CHECK(first[2].tokens == std::vector<std::size_t>{b});
    CHECK(m1.calls == 1);
}

TEST_CASE("beam search breaks ties by parent rank then token id and keeps the order set aside", "[nlp][10_decoding]") {
    // Every row uniform, 1/3 each: every candidate of a step has the same sum.
    // B = 2, eos = 2: step 1 keeps tokens 0 and 1 (the first two ids; eos is third); step 2, the
    // six candidates (0 0) (0 1) (0 eos) (1 0) (1 1) (1 eos) tie: the children of the better parent
    // (0) come first, smaller id first: (0 0) and (0 1), both live at max_len 2.
    const std::vector<double> third(3, 1.0 / 3.0);
    table_step u = bigram({{bos, third}, {a, third}, {b, third}});
    const auto best = beam_search(u, start, options(2, 2, 2));
    REQUIRE(best.size() == 2);
    CHECK(best[0].tokens == std::vector<std::size_t>{a, a});
    CHECK(best[1].tokens == std::vector<std::size_t>{a, b});
    CHECK(greedy_decode(u, start, options(2)).tokens == std::vector<std::size_t>{a, a});
    // eos = 0 comes first: step 1 sets (eos) aside and keeps (1); step 2 sets (1 eos) aside.
    // With α = 1 both score −ln 3 exactly (−2 ln 3 / 2): the tie goes to the one set aside first.
    decoding_options o = options(4, 2, 2, 1.0);
    o.eos_id = 0;
    table_step v = bigram({{bos, third}, {1, third}, {2, third}});
    const auto tied = beam_search(v, start, o);
    REQUIRE(tied.size() == 2);
    CHECK(tied[0].score == tied[1].score);
    CHECK(tied[0].tokens == std::vector<std::size_t>{0});
    CHECK(tied[1].tokens == std::vector<std::size_t>{1, 0});
    CHECK(v.calls == 2);
}

// ---- Against exhaustive search -----------------------------------------------------------------

TEST_CASE("beam search as wide as every sequence equals exhaustive search", "[nlp][10_decoding]") {
    // V = 4 (eos = 1), max_len 4: B = 4^4 = 256 never prunes; every one of the 121 sequences
    // (40 ending in eos, 81 of 4 tokens without) must come back in the oracle's order.
    const prefix_table_model t = make_prefix_table_model(4, 1, 4, 11, 1.5);
    struct setting {
        double alpha;
        length_penalty penalty;
    };
    for (const setting s : {setting{0.0, length_penalty::power}, setting{1.0, length_penalty::power},
                            setting{0.7, length_penalty::gnmt}}) {
        const bool gnmt = s.penalty == length_penalty::gnmt;
        const std::vector<ranked_sequence> all = exhaustive_ranking(table_scorer(t), 4, 1, 4, gnmt, s.alpha);
        REQUIRE(all.size() == 121);
        table_step step = prefix_table(t, 9);
        decoding_options o = options(4, 256, 256, s.alpha, s.penalty);
        o.bos_id = 9;
        o.eos_id = 1;
        const std::vector<decoding_hypothesis> beam = beam_search(step, start, o);
        INFO("alpha " << s.alpha << (gnmt ? " GNMT" : " power"));
        REQUIRE(beam.size() == all.size());
        // the sums are added in the same order: equal to the last bit, but 1e-13 allows a
        // learner's other order
        for (std::size_t i = 0; i < all.size(); ++i)
            check_same(beam[i], all[i], (tolerance{1e-13, 1e-13}), "rank " + std::to_string(i));
        // a width of 40 (the 1 + 3 + 9 + 27 prefixes without eos) still finds the best sequence
        table_step narrow = prefix_table(t, 9);
        o.beam_width = o.n_best = 40;
        check_same(beam_search(narrow, start, o).at(0), all[0], (tolerance{1e-13, 1e-13}), "B = 40");
    }
}

TEST_CASE("beam search of width 1 is greedy decoding exactly", "[nlp][10_decoding]") {
    for (unsigned seed : {1u, 2u, 3u, 4u}) {
        const prefix_table_model t = make_prefix_table_model(5, 0, 6, seed, 2.0);
        for (double alpha : {0.0, 0.6}) {
            table_step s1 = prefix_table(t, 7), s2 = prefix_table(t, 7);
            decoding_options o = options(6, 1, 1, alpha, length_penalty::gnmt);
            o.bos_id = 7;
            o.eos_id = 0;
            const decoding_hypothesis g = greedy_decode(s1, start, o);
            const std::vector<decoding_hypothesis> beam = beam_search(s2, start, o);
            INFO("seed " << seed << ", alpha " << alpha << ": greedy " << show(g.tokens));
            REQUIRE(beam.size() == 1);
            CHECK(beam[0].tokens == g.tokens);
            CHECK(beam[0].finished == g.finished);
            CHECK(beam[0].log_prob == g.log_prob);  // the same additions in the same order
            CHECK(beam[0].score == g.score);
            CHECK(s1.calls == s2.calls);
            check_same(g, greedy_reference(table_scorer(t), 0, 6, true, alpha), tight, "greedy by its definition");
        }
    }
    table_step m = classic(), m1 = classic();
    CHECK(beam_search(m, start, options(10)).at(0).tokens == greedy_decode(m1, start, options(10)).tokens);
}

TEST_CASE("beam search scores are the sums of the step log-probabilities", "[nlp][10_decoding]") {
    // V = 6 (eos = 5), max_len 7, B = 3: a real pruning search. Each hypothesis: its log_prob is
    // the sum recomputed along its tokens, its score that over lp(|Y|); the list is sorted; only a
    // last token is eos, and one without eos has max_len tokens.
    const prefix_table_model t = make_prefix_table_model(6, 5, 7, 5, 1.0);
    for (std::size_t width : {2u, 3u, 5u}) {
        table_step step = prefix_table(t, 8);
        decoding_options o = options(7, width, width, 0.8, length_penalty::power);
        o.bos_id = 8;
        o.eos_id = 5;
        const std::vector<decoding_hypothesis> best = beam_search(step, start, o);
        INFO("B = " << width);
        CHECK(best.size() == width);
        CHECK(step.calls <= width * 7);
        for (std::size_t i = 0; i < best.size(); ++i) {
            const decoding_hypothesis& h = best[i];
            INFO("rank " << i << ": " << show(h.tokens));
            REQUIRE_FALSE(h.tokens.empty());
            CHECK_CLOSE_AT(h.log_prob, sequence_log_prob(table_scorer(t), h.tokens), tight);
            CHECK_CLOSE_AT(h.score, h.log_prob / reference_length_penalty(h.tokens.size(), false, 0.8), tight);
            CHECK(h.finished == (h.tokens.back() == 5));
            if (!h.finished) CHECK(h.tokens.size() == 7);
            for (std::size_t k = 0; k + 1 < h.tokens.size(); ++k) CHECK(h.tokens[k] != 5);
            if (i > 0) CHECK(best[i - 1].score >= h.score);
        }
    }
}

// ---- nlp/08's encoder-decoder ------------------------------------------------------------------

TEMPLATE_TEST_CASE("the seq2seq adapter decodes as the teacher forced decoder scores", "[nlp][10_decoding]", float,
                   double) {
    // The oracle scores a prefix with seq2seq_decode over (bos, prefix) — the sequence pass, not
    // the one-step function — and a long double log-softmax. Tolerances: double 1e-12 (a few
    // roundings of sums of three logs of O(1)); float 2e-5 (the two passes round their float logits
    // differently, ~1e-7 relative, summed over three steps).
    const double tol = std::is_same<TestType, float>::value ? 2e-5 : 1e-12;
    for (unsigned seed : {3u, 8u}) {
        const seeded_seq2seq<TestType> s = make_seeded_seq2seq<TestType>(seed);
        const token_sequence source{3, 5, 4};
        const prefix_scorer scorer = seq2seq_scorer(s.model, source);
        decoding_options o;
        o.max_len = 3;
        o.alpha = 0.5;
        o.beam_width = 1;
        INFO("seed " << seed);
        // greedy, and beam of width 1
        const decoding_hypothesis g = seq2seq_greedy_decode(s.model, source, o);
        check_same(g, greedy_reference(scorer, 2, 3, false, 0.5), (tolerance{tol, tol}), "greedy");
        const std::vector<decoding_hypothesis> one = seq2seq_beam_search(s.model, source, o);
        REQUIRE(one.size() == 1);
        CHECK(one[0].tokens == g.tokens);
        CHECK(one[0].log_prob == g.log_prob);
        if (seed == 8) {
            // the guide's example: greedy writes 3 tokens (log P = -2.98, score -2.98/sqrt(3) =
            // -1.72), a beam of width 4 finds eos alone (log P = -1.61), a better score
            CHECK(g.tokens.size() == 3);
            o.beam_width = 4;
            const std::vector<decoding_hypothesis> four = seq2seq_beam_search(s.model, source, o);
            CHECK(four.at(0).tokens == token_sequence{2});
            CHECK_CLOSE_AT(four.at(0).log_prob, -1.6064555, (tolerance{1e-6, 1e-6}));
            CHECK_CLOSE_AT(g.log_prob, -2.9805894, (tolerance{1e-6, 1e-6}));
        }
        // B = 5^3 = 125: the exhaustive ranking of all 1 + 4 + 16 + 64 = 85 sequences (ending in eos
        // after 1, 2, 3 tokens, or 3 tokens without eos). In float,
        // two sequences whose scores are within 1e-4 may swap: their tokens are not compared.
        o.beam_width = o.n_best = 125;
        const std::vector<decoding_hypothesis> beam = seq2seq_beam_search(s.model, source, o);
        const std::vector<ranked_sequence> all = exhaustive_ranking(scorer, 5, 2, 3, false, 0.5);
        REQUIRE(beam.size() == all.size());
        std::size_t compared = 0;
        for (std::size_t i = 0; i < all.size(); ++i) {
            const bool clear = (i == 0 || all[i - 1].score - all[i].score > 1e-4) &&
                               (i + 1 == all.size() || all[i].score - all[i + 1].score > 1e-4);
            if (std::is_same<TestType, double>::value || clear) {
                check_same(beam[i], all[i], (tolerance{tol, tol}), "rank " + std::to_string(i));
                ++compared;
            }
            CHECK_CLOSE_AT(beam[i].log_prob, sequence_log_prob(scorer, beam[i].tokens), (tolerance{tol, tol}));
        }
        CHECK(compared >= 70);
        // the step function and the first state, used directly
        const vector_of<TestType> h0 = seq2seq_first_state(s.model, source);
        CHECK(greedy_decode(make_seq2seq_decoding_step(s.model.decoder), h0, o).tokens == g.tokens);
    }
}

TEST_CASE("the seq2seq first state is the encoder's final state and zero for an empty source", "[nlp][10_decoding]") {
    const seeded_seq2seq<double> s = make_seeded_seq2seq<double>(5);
    const vector_of<double> empty = seq2seq_first_state(s.model, {});
    REQUIRE(empty.size() == 4);
    for (double v : empty) CHECK(v == 0.0);
    // an empty source decodes from h = 0: the oracle's scorer with an empty source agrees
    decoding_options o;
    o.max_len = 4;
    check_same(seq2seq_greedy_decode(s.model, {}, o), greedy_reference(seq2seq_scorer(s.model, {}), 2, 4, false, 1.0),
               (tolerance{1e-12, 1e-12}), "empty source");
    // two different sources give different first states
    const vector_of<double> x = seq2seq_first_state(s.model, {3}), y = seq2seq_first_state(s.model, {4, 4});
    REQUIRE(x.size() == 4);
    CHECK((x != y));
    // a step returns the next state and V log-probabilities that sum to 1
    seq2seq_decoding_step<double> step = make_seq2seq_decoding_step(s.model.decoder);
    std::vector<double> lp;
    const vector_of<double> h1 = step(x, 1, lp);
    REQUIRE(lp.size() == 5);
    double total = 0.0;
    for (double v : lp) total += std::exp(v);
    CHECK_CLOSE_AT(total, 1.0, (tolerance{1e-14, 1e-14}));
    CHECK((h1 != x));
}

// ---- Bad input ---------------------------------------------------------------------------------

TEST_CASE("decoding rejects bad options with typed errors", "[nlp][10_decoding]") {
    using llmlings::invalid_argument;
    table_step m = classic();
    CHECK_THROWS_WITH(greedy_decode(m, start, options(0)), contains("greedy_decode") && contains("max_len"));
    CHECK_THROWS_WITH(beam_search(m, start, options(0, 2)), contains("beam_search") && contains("max_len"));
    CHECK_THROWS_WITH(beam_search(m, start, options(3, 0)), contains("beam_search") && contains("beam_width"));
    CHECK_THROWS_WITH(beam_search(m, start, options(3, 2, 0)), contains("beam_search") && contains("n_best"));
    CHECK_THROWS_WITH(beam_search(m, start, options(3, 2, 3)), contains("beam_search") && contains("n_best"));
    const double nan = std::nan(""), inf = HUGE_VAL;
    for (double alpha : {-0.5, nan, inf}) {
        INFO("alpha " << alpha);
        CHECK_THROWS_AS(greedy_decode(m, start, options(3, 1, 1, alpha)), invalid_argument);
        CHECK_THROWS_WITH(beam_search(m, start, options(3, 2, 1, alpha)), contains("beam_search") && contains("alpha"));
        CHECK_THROWS_WITH(length_penalty_factor(2, length_penalty::gnmt, alpha),
                          contains("length_penalty_factor") && contains("alpha"));
    }
    CHECK_THROWS_WITH(length_penalty_factor(0, length_penalty::power, 1.0), contains("length_penalty_factor"));
    CHECK_THROWS_WITH(length_normalized_score(nan, 2, length_penalty::power, 1.0), contains("length_normalized_score"));
    CHECK_THROWS_AS(length_normalized_score(-1.0, 0, length_penalty::power, 1.0), invalid_argument);
    // eos must be an id the model scores
    decoding_options o = options(3, 2);
    o.eos_id = 3;
    CHECK_THROWS_WITH(beam_search(m, start, o), contains("beam_search") && contains("eos_id 3"));
    CHECK_THROWS_WITH(greedy_decode(m, start, o), contains("greedy_decode") && contains("eos_id"));
}

TEST_CASE("decoding rejects step functions that write bad log-probabilities", "[nlp][10_decoding]") {
    using llmlings::invalid_argument;
    using llmlings::shape_error;
    const double nan = std::nan("");
    // NaN (order needs numbers) and +inf: invalid_argument naming the step and the token
    for (double bad : {nan, HUGE_VAL}) {
        table_step step{[bad](const token_sequence&) { return std::vector<double>{-1.0, bad, -2.0}; }};
        INFO("value " << bad);
        CHECK_THROWS_WITH(greedy_decode(step, start, options(3)), contains("greedy_decode") && contains("token 1"));
        CHECK_THROWS_WITH(beam_search(step, start, options(3, 2)), contains("beam_search") && contains("token 1"));
    }
    // −inf is a probability 0: allowed, and chosen last. Any callable and any copyable state fit:
    // here a lambda whose state is an int.
    auto forbid = [](int s, std::size_t, std::vector<double>& lp) {
        lp = {-HUGE_VAL, -HUGE_VAL, std::log(0.5), std::log(0.5)};
        return s + 1;
    };
    const decoding_hypothesis f = greedy_decode(forbid, 0, options(3));
    CHECK(f.tokens == std::vector<std::size_t>{eos});
    // no values, or a V that changes (3 at the first step, 4 at the second): shape_error
    table_step none{[](const token_sequence&) { return std::vector<double>{}; }};
    CHECK_THROWS_AS(greedy_decode(none, start, options(3)), shape_error);
    CHECK_THROWS_WITH(beam_search(none, start, options(3, 2)), contains("beam_search"));
    table_step growing{[](const token_sequence& read) {
        std::vector<double> lp(read.size() + 2, -3.0);
        lp[0] = -0.1;
        return lp;
    }};
    CHECK_THROWS_AS(greedy_decode(growing, start, options(3)), shape_error);
    CHECK_THROWS_WITH(beam_search(growing, start, options(3, 2)), contains("beam_search") && contains("4"));
}

TEST_CASE("the seq2seq adapters reject bad sources states and unbuilt models", "[nlp][10_decoding]") {
    using llmlings::invalid_argument;
    const seeded_seq2seq<double> s = make_seeded_seq2seq<double>(1);
    decoding_options o;
    o.max_len = 3;
    // ids beyond V_src, and pad inside a source of one
    CHECK_THROWS_WITH(seq2seq_first_state(s.model, {3, 6}),
                      contains("seq2seq_first_state") && contains("id 6 at position 1"));
    CHECK_THROWS_WITH(seq2seq_greedy_decode(s.model, {3, 0, 4}, o), contains("seq2seq_first_state") && contains("pad"));
    CHECK_THROWS_AS(seq2seq_beam_search(s.model, {9}, o), invalid_argument);
    // a state of the wrong size
    seq2seq_decoding_step<double> step = make_seq2seq_decoding_step(s.model.decoder);
    std::vector<double> lp;
    const vector_of<double> wrong = {0.0, 0.0};
    CHECK_THROWS_AS(step(wrong, 1, lp), llmlings::shape_error);
    // models and decoders never built
    const seq2seq_model<double> empty{};
    CHECK_THROWS_WITH(seq2seq_first_state(empty, {}), contains("seq2seq_first_state"));
    CHECK_THROWS_WITH(make_seq2seq_decoding_step(seq2seq_decoder<double>{}), contains("make_seq2seq_decoding_step"));
    // the options are still checked
    o.beam_width = 0;
    CHECK_THROWS_WITH(seq2seq_beam_search(s.model, {3}, o), contains("beam_search") && contains("beam_width"));
}
