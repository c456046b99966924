// SPDX-License-Identifier: MIT
// Tests for nlp/09_attention. Oracles: hand-worked attention over three source positions for each
// score function (scores chosen as logarithms, so the softmax weights are fractions: ¼ ½ ¼,
// ⅕ ⅗ ⅕, 2/7 4/7 1/7), with a masked row; properties of the mask (weight exactly 0, gradient 0,
// values never read, rows summing to 1, an empty row all 0); central differences over the
// queries, the keys and every tensor of the store, for each score; PyTorch's forward and backward
// of a tiny attentional encoder-decoder for each score (tools/golden/nlp_attention.py); decoder
// steps chained by hand; invariance to extra pad columns; the float model against the double one;
// the allocation counter; training on the reversal of 6 to 10 digits against nlp/08's model with
// the same budget, and the anti-diagonal of the trained attention map; the heatmap's data and
// script files. The golden file, the task's batches and the anti-diagonal measure are in
// oracles/09_attention.cpp, compiled once.
#include <llmlings/testing.hpp>
#include <llmlings/testing/allocations.hpp>  // replaces operator new: in this one file of the program

#include <llmlings/nlp/09_attention.hpp>
#include <llmlings/nn/07_optimizers.hpp>

#include <cmath>
#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "oracles/09_attention.hpp"

using llmlings::index_vector;
using llmlings::matrix;
using llmlings::parameter_store;
using llmlings::tensor3;
using llmlings::tensor3_of;
using llmlings::vector;
using llmlings::testing::Approx;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::nlp;
using namespace oracles;

namespace {

// A few exp, tanh and products of small numbers in double: agreement to a few ulps.
const tolerance tight{1e-13, 1e-14};

const attention_score all_scores[] = {attention_score::dot, attention_score::general, attention_score::additive};
const char* score_name(attention_score s) {
    return s == attention_score::dot ? "dot" : s == attention_score::general ? "general" : "additive";
}

// One attention forward on owning tensors: the context, the weights and the cache.
struct attended {
    tensor3 context, weights;
    attention_cache<double> cache;
};
attended attend(const attention_layer<double>& layer, const tensor3& q, const tensor3& k, const index_vector& lengths) {
    attended r;
    r.context = tensor3({q.shape()[0], q.shape()[1], k.shape()[2]});
    r.weights = tensor3({q.shape()[0], q.shape()[1], k.shape()[1]});
    attention_forward(layer, input_view3(q), input_view3(k), lengths, output_view3(r.context), output_view3(r.weights),
                      r.cache);
    return r;
}

// The golden file's sizes: V_src = 6, V = 7, E = 3, H = 4, A = 3, pad 0, bos 1, eos 2.
attention_seq2seq_config golden_config(attention_score score) {
    attention_seq2seq_config c;
    c.source_vocab = 6;
    c.target_vocab = 7;
    c.embedding_size = 3;
    c.hidden_size = 4;
    c.attention_size = 3;
    c.score = score;
    return c;
}

// A model in its own store, its parameters seeded N(0, 0.5²) from xtensor's generator (independent
// of the code under test), drawn in double and rounded to T; the pad rows of the embeddings 0.
template <class T = double>
struct random_model {
    parameter_store<T> store;
    attention_seq2seq_model<T> model;
    attention_seq2seq_workspace<T> ws;
    random_model(const attention_seq2seq_config& c, unsigned seed) : model(make_attention_seq2seq(store, c)) {
        seed_random(seed);
        for (std::size_t k = 0; k < store.count(); ++k) {
            const llmlings::parameter<T> p = store.at(k);
            set_values(p, normal_vector(p.size(), 0.5));
        }
        for (const llmlings::parameter<T>& table : {model.encoder.embedding, model.decoder.embedding})
            std::fill(table.data() + c.pad_id * c.embedding_size, table.data() + (c.pad_id + 1) * c.embedding_size,
                      T(0));
    }
};

// The sum of row (b,t) of a (B,T,S) tensor.
double row_sum(const tensor3& w, std::size_t b, std::size_t t) {
    double s = 0.0;
    for (std::size_t j = 0; j < w.shape()[2]; ++j) s += element(w, b, t, j);
    return s;
}

}  // namespace

TEST_CASE("make_attention registers the parameters of each score function", "[nlp][09_attention]") {
    parameter_store<float> store;
    const attention_layer<float> dot = make_attention(store, "dot", attention_score::dot, 4, 4);
    CHECK(store.count() == 0);  // q·k has no parameters
    CHECK(dot.query_size == 4);
    const attention_layer<float> general = make_attention(store, "gen", attention_score::general, 4, 6);
    CHECK(store.count() == 1);
    CHECK(general.general.weight.name() == "gen.general.weight");
    CHECK(general.general.weight.shape() == std::vector<std::size_t>{4, 6});  // W_a (Q,K): q·(W_a k)
    CHECK_FALSE(general.general.bias.registered());
    const attention_layer<float> add = make_attention(store, "add", attention_score::additive, 4, 6, 3);
    CHECK(store.count() == 4);
    CHECK(store.find("add.query.weight").shape() == std::vector<std::size_t>{3, 4});  // W_q (A,Q)
    CHECK(store.find("add.key.weight").shape() == std::vector<std::size_t>{3, 6});    // W_k (A,K)
    CHECK(store.find("add.v.weight").shape() == std::vector<std::size_t>{1, 3});      // v (1,A)
    CHECK(add.attention_size == 3);
    CHECK_THROWS_WITH(make_attention(store, "d2", attention_score::dot, 4, 6),
                      contains("make_attention") && contains("key_size"));
    CHECK_THROWS_AS(make_attention(store, "a2", attention_score::additive, 4, 6, 0), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_attention(store, "g2", attention_score::general, 0, 6), llmlings::invalid_argument);
}

TEST_CASE("make_attention_seq2seq adds the attention and W_c to the seq2seq tensors", "[nlp][09_attention]") {
    parameter_store<float> store;
    attention_seq2seq_model<float> m = make_attention_seq2seq(store, golden_config(attention_score::general));
    CHECK(store.count() == 14);  // nlp/08's 12, W_a and W_c
    CHECK(store.find("decoder.attention.general.weight").shape() == std::vector<std::size_t>{4, 4});
    CHECK(m.combine.weight.name() == "decoder.combine.weight");
    CHECK(m.combine.weight.shape() == std::vector<std::size_t>{4, 8});  // W_c (H,2H): [c; h] ↦ h̃
    CHECK_FALSE(m.combine.bias.registered());
    CHECK(store.numel() == 290 + 16 + 32);  // nlp/08's model (18 + 108 + 21 + 108 + 28 + 7), W_a, W_c
    CHECK(m.params.numel() == store.numel());
    parameter_store<float> other;
    make_attention_seq2seq(other, golden_config(attention_score::additive));
    CHECK(other.numel() == 290 + 12 + 12 + 3 + 32);  // W_q, W_k, v, W_c
    // init: W_c from U(−1/√8, 1/√8) (nn.Linear over 2H = 8 inputs), the encoder as nlp/08's.
    llmlings::rng gen(3);
    init_attention_seq2seq(m, gen);
    const double bound = 1.0 / std::sqrt(8.0);
    CHECK(max_abs(values_of(m.combine.weight)) <= bound);
    CHECK(max_abs(values_of(m.combine.weight)) > 0.5 * bound);
    CHECK(max_abs(values_of(m.attention.general.weight)) <= 0.5);  // 1/√4
    CHECK(max_abs(values_of(m.attention.general.weight)) > 0.25);
    CHECK(max_abs(values_of(m.decoder.gru.hh.weight)) <= 0.5);  // 1/√H
    CHECK(max_abs(values_of(m.encoder.embedding)) > 0.5);       // N(0, 1)
}

TEST_CASE("dot attention over three positions gives the hand worked weights and context", "[nlp][09_attention]") {
    // Keys (0, 1), (ln 2, 2), (0, −1). Query (1, 0): scores k·q = (0, ln 2, 0), e^e = (1, 2, 1), so
    // a = (¼, ½, ¼) and c = ¼(0, 1) + ½(ln 2, 2) + ¼(0, −1) = (½ ln 2, 1). Query (0, 0): scores 0,
    // a = (⅓, ⅓, ⅓), c = (ln 2/3, ⅔).
    parameter_store<double> store;
    const attention_layer<double> layer = make_attention(store, "att", attention_score::dot, 2, 2);
    const double ln2 = std::log(2.0);
    const tensor3 q = tensor3_from({{{1.0, 0.0}, {0.0, 0.0}}});
    const tensor3 k = tensor3_from({{{0.0, 1.0}, {ln2, 2.0}, {0.0, -1.0}}});
    const attended r = attend(layer, q, k, labels_of({3}));
    CHECK_CLOSE_AT(r.weights, tensor3_from({{{0.25, 0.5, 0.25}, {1.0 / 3, 1.0 / 3, 1.0 / 3}}}), tight);
    CHECK_CLOSE_AT(r.context, tensor3_from({{{0.5 * ln2, 1.0}, {ln2 / 3, 2.0 / 3}}}), tight);
    // Query (2000, 0): scores (0, 1386, 0), and e^1386 overflows a double. With the row's maximum
    // subtracted: e^(e − m) = (e^−1386, 1, e^−1386), so a = (0, 1, 0) and c = k₂ to double precision.
    const attended big = attend(layer, tensor3_from({{{2000.0, 0.0}}}), k, labels_of({3}));
    CHECK_CLOSE_AT(big.weights, tensor3_from({{{0.0, 1.0, 0.0}}}), tight);
    CHECK_CLOSE_AT(big.context, tensor3_from({{{ln2, 2.0}}}), tight);
}

TEST_CASE("general attention gives the hand worked weights and context with a masked key", "[nlp][09_attention]") {
    // W_a = [[0, 1], [0, 0]], so W_a k = (k₂, 0) and with q = (1, 5) the score is q·W_a k = k₂
    // (a transposed W_a would give 5·k₁). Keys (1, 0), (2, ln 3), (−1, 0): scores (0, ln 3, 0),
    // a = (⅕, ⅗, ⅕), c = (⅕ + 6/5 − ⅕, ⅗ ln 3) = (6/5, ⅗ ln 3). Row 1 has length 2 and a third key
    // (100, 100) that must not be read: scores (0, ln 3), a = (¼, ¾, 0), c = (¼ + 3/2, ¾ ln 3).
    parameter_store<double> store;
    const attention_layer<double> layer = make_attention(store, "att", attention_score::general, 2, 2);
    set_values(layer.general.weight, matrix_from({{0.0, 1.0}, {0.0, 0.0}}));
    const double ln3 = std::log(3.0);
    const tensor3 q = tensor3_from({{{1.0, 5.0}}, {{1.0, 5.0}}});
    const tensor3 k = tensor3_from({{{1.0, 0.0}, {2.0, ln3}, {-1.0, 0.0}}, {{1.0, 0.0}, {2.0, ln3}, {100.0, 100.0}}});
    const attended r = attend(layer, q, k, labels_of({3, 2}));
    CHECK_CLOSE_AT(r.weights, tensor3_from({{{0.2, 0.6, 0.2}}, {{0.25, 0.75, 0.0}}}), tight);
    CHECK(element(r.weights, 1, 0, 2) == 0.0);  // exactly
    CHECK_CLOSE_AT(r.context, tensor3_from({{{1.2, 0.6 * ln3}}, {{1.75, 0.75 * ln3}}}), tight);
}

TEST_CASE("additive attention gives the hand worked weights and context", "[nlp][09_attention]") {
    // α = atanh(½) = ½ ln 3. W_q = [[2, 0], [0, 0]], W_k = [[1, 0], [0, 0]], v = (2 ln 2, 0) (the
    // second unit is switched off). q = (α/2, 0): W_q q = (α, 0). Keys (−α, 5), (0, −3), (−2α, 1):
    // W_k k = (−α, 0), (0, 0), (−2α, 0). tanh(W_q q + W_k k) = (0, ½, −½) in the first unit, so the
    // scores are 2 ln 2·(0, ½, −½) = (0, ln 2, −ln 2), e^e = (1, 2, ½) and a = (2/7, 4/7, 1/7).
    // c = 2/7(−α, 5) + 4/7(0, −3) + 1/7(−2α, 1) = (−4α/7, −1/7).
    // Swapping W_q and W_k gives W_k q = α/2 and W_q k = 2k: other scores.
    parameter_store<double> store;
    const attention_layer<double> layer = make_attention(store, "att", attention_score::additive, 2, 2, 2);
    set_values(layer.query.weight, matrix_from({{2.0, 0.0}, {0.0, 0.0}}));
    set_values(layer.key.weight, matrix_from({{1.0, 0.0}, {0.0, 0.0}}));
    set_values(layer.v.weight, matrix_from({{2.0 * std::log(2.0), 0.0}}));
    const double alpha = 0.5 * std::log(3.0);
    const tensor3 q = tensor3_from({{{alpha / 2, 0.0}}});
    const tensor3 k = tensor3_from({{{-alpha, 5.0}, {0.0, -3.0}, {-2 * alpha, 1.0}}});
    const attended r = attend(layer, q, k, labels_of({3}));
    CHECK_CLOSE_AT(r.weights, tensor3_from({{{2.0 / 7, 4.0 / 7, 1.0 / 7}}}), tight);
    CHECK_CLOSE_AT(r.context, tensor3_from({{{-4 * alpha / 7, -1.0 / 7}}}), tight);
}

TEST_CASE("masked positions get zero weight and zero gradient and every row sums to one", "[nlp][09_attention]") {
    // B = 3 rows of lengths 5, 2 and 0 (a source of pads only: weights 0, context 0, documented).
    seed_random(12);
    const tensor3 q = normal_tensor3(3, 4, 3, 2.0);
    const tensor3 k = normal_tensor3(3, 5, 3, 2.0);
    const tensor3 dc = normal_tensor3(3, 4, 3);
    const index_vector lengths = labels_of({5, 2, 0});
    for (attention_score score : all_scores) {
        INFO(score_name(score));
        parameter_store<double> store;
        const attention_layer<double> layer = make_attention(store, "att", score, 3, 3, 4);
        for (std::size_t i = 0; i < store.count(); ++i) set_values(store.at(i), normal_vector(store.at(i).size()));
        attended r = attend(layer, q, k, lengths);
        for (std::size_t t = 0; t < 4; ++t) {
            CHECK(row_sum(r.weights, 0, t) == Approx(1.0).epsilon(1e-14));
            CHECK(row_sum(r.weights, 1, t) == Approx(1.0).epsilon(1e-14));
            CHECK(element(r.weights, 1, t, 0) > 0.0);
            for (std::size_t s = 2; s < 5; ++s) CHECK(element(r.weights, 1, t, s) == 0.0);  // exactly 0
            CHECK(max_abs(row_of(r.weights, 2, t)) == 0.0);
            CHECK(max_abs(row_of(r.context, 2, t)) == 0.0);
        }
        // The masked keys are never read: other values there give the same weights and context.
        tensor3 k2 = k;
        for (std::size_t i = 0; i < 3; ++i) {
            for (std::size_t s = 2; s < 5; ++s) set_element(k2, 1, s, i, 50.0);
            for (std::size_t s = 0; s < 5; ++s) set_element(k2, 2, s, i, -50.0);
        }
        const attended r2 = attend(layer, q, k2, lengths);
        CHECK_CLOSE_AT(r2.weights, r.weights, tight);
        CHECK_CLOSE_AT(r2.context, r.context, tight);
        // ...and they receive no gradient; neither does the query of the empty row.
        tensor3 dq({3, 4, 3}), dk({3, 5, 3});
        attention_backward(layer, r.cache, input_view3(q), input_view3(k), lengths, input_view3(r.weights),
                           input_view3(dc), output_view3(dq), output_view3(dk));
        CHECK(max_abs(dk) > 0.0);
        for (std::size_t s = 2; s < 5; ++s) CHECK(max_abs(row_of(dk, 1, s)) == 0.0);
        for (std::size_t s = 0; s < 5; ++s) CHECK(max_abs(row_of(dk, 2, s)) == 0.0);
        for (std::size_t t = 0; t < 4; ++t) CHECK(max_abs(row_of(dq, 2, t)) == 0.0);
    }
}

TEST_CASE("attention gradients agree with central differences for every score", "[nlp][09_attention]") {
    // L = Σ c⊙context + ½ Σ context², so dL/dcontext = c + context. Lengths 4, 2, 3 of S = 4.
    // Inputs N(0, 0.7²) and parameters N(0, 0.5²) keep the softmax away from saturation, where
    // gradients of 1e-8 would be all rounding noise. Double, smooth: central differences agree to
    // ~1e-9 relative on most entries and ~1e-6 on the smallest (the difference's noise ε·|L|/h ≈
    // 1e-10 against entries of ~1e-4); 1e-5 allows that, as nlp/08's checks do. A wrong gradient
    // is off by more than 1e-2.
    seed_random(13);
    const tensor3 q = normal_tensor3(3, 3, 4, 0.7);
    const tensor3 k = normal_tensor3(3, 4, 4, 0.7);
    const tensor3 c = normal_tensor3(3, 3, 4);
    const index_vector lengths = labels_of({4, 2, 3});
    for (attention_score score : all_scores) {
        INFO(score_name(score));
        parameter_store<double> store;
        const attention_layer<double> layer = make_attention(store, "att", score, 4, 4, 3);
        for (std::size_t i = 0; i < store.count(); ++i) set_values(store.at(i), normal_vector(store.at(i).size(), 0.5));
        const attended r = attend(layer, q, k, lengths);
        const tensor3 d_context = plus(c, r.context);
        attended kept = r;
        tensor3 dq({3, 3, 4}), dk({3, 4, 4});
        store.zero_grad();
        attention_backward(layer, kept.cache, input_view3(q), input_view3(k), lengths, input_view3(kept.weights),
                           input_view3(d_context), output_view3(dq), output_view3(dk));
        auto loss_q = [&](const tensor3& x) { return quadratic_loss(attend(layer, x, k, lengths).context, c); };
        auto loss_k = [&](const tensor3& x) { return quadratic_loss(attend(layer, q, x, lengths).context, c); };
        CHECK_GRADIENT_AT(tensor3_gradient_check(loss_q, q, dq), 1e-5);
        CHECK_GRADIENT_AT(tensor3_gradient_check(loss_k, k, dk), 1e-5);
        if (score != attention_score::dot)
            CHECK_STORE_GRADIENTS_AT(
                store_gradient_check(store, [&] { return quadratic_loss(attend(layer, q, k, lengths).context, c); }),
                1e-5);
    }
}

TEST_CASE("the attentional seq2seq matches PyTorch for each score function", "[nlp][09_attention]") {
    const attention_golden& g = load_attention_golden();
    // Sums of a few products and exp/tanh per step over up to 5 + 4 steps, in another order than
    // PyTorch's: a few ulps each; 1e-11 relative leaves a wide margin. A wrong term is O(0.01).
    const tolerance close{1e-11, 1e-12};
    for (attention_score score : all_scores) {
        INFO(score_name(score));
        const attention_golden_model& expected = score == attention_score::dot       ? g.dot
                                                 : score == attention_score::general ? g.general
                                                                                     : g.additive;
        parameter_store<double> store;
        const attention_seq2seq_model<double> m = make_attention_seq2seq(store, golden_config(score));
        REQUIRE(store.count() == expected.values.size());
        for (std::size_t k = 0; k < store.count(); ++k) {
            REQUIRE(store.info(k).name == expected.values[k].first);
            set_values(store.at(k), expected.values[k].second);
        }
        attention_seq2seq_workspace<double> ws;
        const double loss = attention_seq2seq_forward(m, g.src, g.tgt, ws);
        CHECK_CLOSE_AT(ws.weights, expected.weights, close);  // 0 at the pads
        CHECK_CLOSE_AT(ws.context, expected.context, close);
        CHECK_CLOSE_AT(ws.logits, expected.logits, close);
        CHECK(loss == Approx(expected.loss).epsilon(1e-12));
        attention_seq2seq_backward(m, g.src, ws);
        for (std::size_t k = 0; k < store.count(); ++k) {
            INFO(expected.grads[k].first);
            CHECK_CLOSE_AT(grads_of(store.at(k)), expected.grads[k].second, close);
        }
    }
}

TEST_CASE("every attentional seq2seq gradient agrees with central differences", "[nlp][09_attention]") {
    // Lengths 4, 2 and 0 (an empty source: no attention, decoder from 0); targets of 3, 1, 2 tokens.
    const id_matrix src = token_ids({{3, 5, 4, 1}, {2, 4, 0, 0}, {0, 0, 0, 0}});
    const id_matrix tgt = token_ids({{6, 3, 2}, {2, 0, 0}, {5, 2, 0}});
    for (attention_score score : all_scores) {
        INFO(score_name(score));
        random_model<> r(golden_config(score), 11);
        attention_seq2seq_forward(r.model, src, tgt, r.ws);
        attention_seq2seq_backward(r.model, src, r.ws);
        attention_seq2seq_workspace<double> probe;  // the checks' forwards must not overwrite r.ws
        // As nlp/08's check: ~1e-9 relative on most entries, ~1e-6 on the smallest; a wrong
        // gradient is off by more than 1e-2.
        CHECK_STORE_GRADIENTS_AT(
            store_gradient_check(r.store, [&] { return attention_seq2seq_forward(r.model, src, tgt, probe); }), 1e-5);
    }
}

TEST_CASE("attentional decoder steps chained by hand give the teacher forced logits and weights",
          "[nlp][09_attention]") {
    random_model<> r(golden_config(attention_score::additive), 3);
    const id_matrix src = token_ids({{3, 5, 4}, {2, 0, 0}});
    const id_matrix tgt = token_ids({{4, 3, 5, 2}, {6, 2, 0, 0}});
    attention_seq2seq_forward(r.model, src, tgt, r.ws);
    attention_step_cache<double> step;
    matrix h = r.ws.encoder_final, h_next({2, 4}), logits({2, 7}), weights({2, 3});
    const id_matrix inputs = token_ids({{1, 4, 3, 5}, {1, 6, 2, 0}});  // bos, then the targets
    for (std::size_t t = 0; t < 4; ++t) {
        INFO("step " << t);
        const index_vector previous = labels_of({id_at(inputs, 0, t), id_at(inputs, 1, t)});
        attention_decoder_step(r.model, previous, input_rows(h), input_view3(r.ws.encoder_states), r.ws.encoder.lengths,
                               output_rows(h_next), output_rows(logits), output_rows(weights), step);
        CHECK_CLOSE_AT(logits, step_of(r.ws.logits, t), tight);
        CHECK_CLOSE_AT(weights, step_of(r.ws.weights, t), tight);
        h = h_next;
    }
}

TEST_CASE("extra pad columns change neither the attentional loss nor its gradients", "[nlp][09_attention]") {
    const id_matrix src = token_ids({{3, 5, 4}, {2, 0, 0}});
    const id_matrix tgt = token_ids({{4, 3, 2}, {6, 2, 0}});
    random_model<> a(golden_config(attention_score::general), 31), b(golden_config(attention_score::general), 31);
    const double loss = attention_seq2seq_forward(a.model, src, tgt, a.ws);
    attention_seq2seq_backward(a.model, src, a.ws);
    const double longer = attention_seq2seq_forward(b.model, pad_columns(src, 3), pad_columns(tgt, 2), b.ws);
    attention_seq2seq_backward(b.model, pad_columns(src, 3), b.ws);
    CHECK(longer == Approx(loss).epsilon(1e-14));
    for (std::size_t k = 0; k < a.store.count(); ++k) {
        INFO(a.store.info(k).name);
        CHECK_CLOSE_AT(grads_of(b.store.at(k)), grads_of(a.store.at(k)), tight);
    }
    for (std::size_t t = 0; t < 5; ++t)
        for (std::size_t s = 1; s < 6; ++s) CHECK(element(b.ws.weights, 1, t, s) == 0.0);  // row 1 has one token
    // A second backward of the same forward adds the same gradients again: every one doubles.
    attention_seq2seq_backward(b.model, pad_columns(src, 3), b.ws);
    for (std::size_t k = 0; k < a.store.count(); ++k) {
        INFO(a.store.info(k).name);
        CHECK_CLOSE_AT(grads_of(b.store.at(k)), grads_of(a.store.at(k), 2.0), tight);
    }
}

TEMPLATE_TEST_CASE("the float attentional model computes what the double one computes to float precision",
                   "[nlp][09_attention]", float, double) {
    // Same parameters (the float ones are the double ones rounded), B = 6, S = 6, T = 7, E = 8,
    // H = 16, V = 9, general attention. Float: logits are sums of ~16 products of O(1) numbers
    // after 13 GRU steps and a softmax over 6 positions (measured ≤ 3e-6), so 2e-5; the loss
    // 1e-5 relative; the gradients sums over ≤ 42 rows, 2e-5 absolute. Double: another summation
    // order only. A wrong term is off by O(0.01).
    const bool is_float = std::is_same<TestType, float>::value;
    attention_seq2seq_config c = golden_config(attention_score::general);
    c.source_vocab = 9;
    c.target_vocab = 9;
    c.embedding_size = 8;
    c.hidden_size = 16;
    random_model<double> reference(c, 41);
    random_model<TestType> r(c, 41);
    llmlings::rng gen(42);
    const reversal_batch batch = reversal_task(6, 1, 6, 6, gen);
    const double loss_ref = attention_seq2seq_forward(reference.model, batch.src, batch.tgt, reference.ws);
    attention_seq2seq_backward(reference.model, batch.src, reference.ws);
    const double loss = attention_seq2seq_forward(r.model, batch.src, batch.tgt, r.ws);
    attention_seq2seq_backward(r.model, batch.src, r.ws);
    CHECK(loss == Approx(loss_ref).epsilon(is_float ? 1e-5 : 1e-13));
    CHECK_CLOSE_AT(to_double(r.ws.logits), reference.ws.logits, (tolerance{0, is_float ? 2e-5 : 1e-12}));
    CHECK_CLOSE_AT(to_double(r.ws.weights), reference.ws.weights, (tolerance{0, is_float ? 2e-5 : 1e-12}));
    for (std::size_t k = 0; k < r.store.count(); ++k) {
        INFO(r.store.info(k).name);
        CHECK_CLOSE_AT(grads_of(r.store.at(k)), grads_of(reference.store.at(k)),
                       (tolerance{is_float ? 0 : 1e-11, is_float ? 2e-5 : 1e-13}));
    }
}

TEST_CASE("an attentional training step zeroes clips and steps and the next one allocates nothing",
          "[nlp][09_attention]") {
    attention_seq2seq_config c = golden_config(attention_score::additive);
    c.source_vocab = 9;
    c.target_vocab = 9;
    c.embedding_size = 8;
    c.hidden_size = 16;
    c.attention_size = 8;
    parameter_store<float> store;
    attention_seq2seq_model<float> m = make_attention_seq2seq(store, c);
    llmlings::rng gen(51);
    init_attention_seq2seq(m, gen);
    llmlings::nn::sgd_options o;
    o.lr = 0.5;
    auto opt = llmlings::nn::make_sgd(m.params, o);
    const reversal_batch batch = reversal_task(8, 1, 5, 6, gen);
    attention_seq2seq_workspace<float> ws;
    // The gradient norm at these weights from a plain forward and backward (twice: zeroing matters).
    attention_seq2seq_workspace<float> probe;
    const double loss = attention_seq2seq_forward(m, batch.src, batch.tgt, probe);
    attention_seq2seq_backward(m, batch.src, probe);
    attention_seq2seq_backward(m, batch.src, probe);
    const double norm = llmlings::nn::global_grad_norm(store) / 2.0;
    const std::vector<float> before(store.values(), store.values() + store.numel());
    const seq2seq_step_result step = attention_seq2seq_train_step(m, batch.src, batch.tgt, opt, 0.01, ws);
    CHECK(step.loss == Approx(loss).epsilon(1e-6));
    CHECK(step.grad_norm == Approx(norm).epsilon(1e-4));  // zeroed first
    // Clipped to 0.01·n/(n + 1e-6), then θ ← θ − 0.5 g: the largest move is at most 0.005.
    double moved = 0.0;
    for (std::size_t i = 0; i < store.numel(); ++i)
        moved = std::fmax(moved, std::fabs(static_cast<double>(store.values()[i]) - before[i]));
    CHECK(moved > 1e-4);
    CHECK(moved < 0.0051);
    auto pass = [&] {
        const seq2seq_step_result r = attention_seq2seq_train_step(m, batch.src, batch.tgt, opt, 1.0, ws);
        const seq2seq_scores s = attention_seq2seq_evaluate(m, batch.src, batch.tgt, seq2seq_feeding::free_running, ws);
        return r.loss + s.loss;
    };
    pass();  // sizes the free-running buffers
    const std::size_t allocations = llmlings::testing::allocation_count();
    const double total = pass();
    CHECK(llmlings::testing::allocation_count() == allocations);
    CHECK(std::isfinite(total));
}

TEST_CASE("attention beats the plain seq2seq on long reversals and learns the anti diagonal", "[nlp][09_attention]") {
    // Reverse 6 to 10 digits out of 6 (V = 9); both models E = 8, H = 16, 300 Adam steps (lr 0.01)
    // of 32 sequences, clipping at 1, the same seeds and batches (about 0.8 s together). nlp/08's
    // model must squeeze up to 10 digits into 16 numbers; the attentional one reads them back.
    // Measured on 256 new sequences, teacher-forced accuracy: plain 0.666, general attention
    // 0.997 (free-running 0.450 and 0.994). The attention of target step t falls on source
    // position ℓ − 1 − t: its argmax there for 0.73 of the positions, mean weight 0.51 (a uniform
    // map would give ~0.13 for both). The bounds leave room for another compiler's rounding.
    attention_seq2seq_config c;
    c.source_vocab = 9;
    c.target_vocab = 9;
    c.embedding_size = 8;
    c.hidden_size = 16;
    c.score = attention_score::general;
    llmlings::nn::adam_options o;
    o.lr = 0.01;
    llmlings::rng held_gen(2);
    const reversal_batch held_out = reversal_task(256, 6, 10, 6, held_gen);

    parameter_store<float> store;
    attention_seq2seq_model<float> m = make_attention_seq2seq(store, c);
    llmlings::rng gen(1), data(3);
    init_attention_seq2seq(m, gen);
    auto opt = llmlings::nn::make_adam(m.params, o);
    attention_seq2seq_workspace<float> ws;
    for (std::size_t step = 0; step < 300; ++step) {
        const reversal_batch b = reversal_task(32, 6, 10, 6, data);
        REQUIRE(std::isfinite(attention_seq2seq_train_step(m, b.src, b.tgt, opt, 1.0, ws).loss));
    }
    const seq2seq_scores free =
        attention_seq2seq_evaluate(m, held_out.src, held_out.tgt, seq2seq_feeding::free_running, ws);
    const seq2seq_scores forced =
        attention_seq2seq_evaluate(m, held_out.src, held_out.tgt, seq2seq_feeding::teacher_forcing, ws);
    const anti_diagonal_measure diagonal = anti_diagonal(ws.weights, held_out.src);
    // nlp/08's model with the same sizes, seeds and batches (trained in the oracle file).
    const double plain_accuracy = plain_seq2seq_reversal_accuracy(300, 6, 10, 1, 3, held_out);
    INFO("plain: accuracy " << plain_accuracy << "; attention: teacher forcing " << forced.accuracy << ", free running "
                            << free.accuracy);
    INFO("anti-diagonal: argmax " << diagonal.argmax_fraction << ", mean weight " << diagonal.mean_weight);
    CHECK(plain_accuracy < 0.85);
    CHECK(forced.accuracy > 0.95);
    CHECK(forced.accuracy > plain_accuracy + 0.15);
    CHECK(free.accuracy > 0.9);
    CHECK(diagonal.positions > 1000);
    CHECK(diagonal.argmax_fraction > 0.6);
    CHECK(diagonal.mean_weight > 0.4);
}

TEST_CASE("plot_attention writes one row's map with the tokens as tics", "[nlp][09_attention]") {
    const scratch_files dir("nlp09");
    // B = 2, T = 3, S = 3; row 1 drawn for its 2 targets and 3 sources.
    tensor3 drawn = filled<double>(2, 3, 3, 0.0);
    set_element(drawn, 1, 0, 2, 1.0);
    set_element(drawn, 1, 1, 0, 0.25);
    set_element(drawn, 1, 1, 1, 0.75);
    set_element(drawn, 1, 2, 0, 0.5);  // not drawn: only two target labels
    const tensor3_of<float> weights = rounded<float>(drawn);
    llmlings::plot::options o;
    o.run_gnuplot = false;
    const std::string png = dir.file("attention.png");
    CHECK(plot_attention(png, weights, 1, {"a", "b", "c"}, {"c", "eos"}, o) == png);
    CHECK(read_text(dir.file("attention.dat")) == "# 2 rows x 3 columns\n0 0 1\n0.25 0.75 0\n");
    const std::string script = read_text(dir.file("attention.gp"));
    CHECK_THAT(script, contains("set xtics ('a' 0, 'b' 1, 'c' 2)\n"));  // the source across
    CHECK_THAT(script, contains("set ytics ('c' 0, 'eos' 1)\n"));       // the target down
    CHECK_THAT(script, contains("attention weights") && contains("source") && contains("target"));
    CHECK_THROWS_AS(plot_attention(png, weights, 2, {"a"}, {"b"}, o), llmlings::shape_error);  // B = 2
    CHECK_THROWS_AS(plot_attention(png, weights, 0, {"a", "b", "c", "d"}, {"b"}, o), llmlings::shape_error);
    CHECK_THROWS_AS(plot_attention(png, weights, 0, {}, {"b"}, o), llmlings::invalid_argument);
    CHECK_THROWS_AS(plot_attention(dir.file("attention.svg"), weights, 0, {"a"}, {"b"}, o), llmlings::invalid_argument);
}

TEST_CASE("attention functions reject bad input with typed errors", "[nlp][09_attention]") {
    parameter_store<double> store;
    attention_seq2seq_config bad = golden_config(attention_score::additive);
    bad.attention_size = 0;
    CHECK_THROWS_WITH(make_attention_seq2seq(store, bad), contains("make_attention_seq2seq"));
    bad = golden_config(attention_score::dot);
    bad.bos_id = 0;
    CHECK_THROWS_AS(make_attention_seq2seq(store, bad), llmlings::invalid_argument);

    const attention_layer<double> layer = make_attention(store, "att", attention_score::general, 2, 3);
    tensor3 q({2, 1, 2}), k({2, 4, 3}), ctx({2, 1, 3}), w({2, 1, 4}), wrong({2, 1, 2});
    attention_cache<double> cache;
    CHECK_THROWS_WITH(attention_forward(layer, input_view3(q), input_view3(k), labels_of({4, 5}), output_view3(ctx),
                                        output_view3(w), cache),
                      contains("attention_forward") && contains("lengths(1) = 5"));
    CHECK_THROWS_AS(attention_forward(layer, input_view3(q), input_view3(k), labels_of({4}), output_view3(ctx),
                                      output_view3(w), cache),
                    llmlings::shape_error);  // one length for two rows
    CHECK_THROWS_AS(attention_forward(layer, input_view3(q), input_view3(k), labels_of({4, 1}), output_view3(wrong),
                                      output_view3(w), cache),
                    llmlings::shape_error);  // context (2,1,2), not (2,1,3)
    CHECK_THROWS_AS(attention_forward(layer, input_view3(k), input_view3(k), labels_of({4, 1}), output_view3(ctx),
                                      output_view3(w), cache),
                    llmlings::shape_error);  // queries of 3 numbers, Q = 2
    tensor3 dq({2, 1, 2}), dk({2, 4, 3});
    CHECK_THROWS_WITH(attention_backward(layer, cache, input_view3(q), input_view3(k), labels_of({4, 1}),
                                         input_view3(w), input_view3(ctx), output_view3(dq), output_view3(dk)),
                      contains("attention_backward") && contains("cache"));  // no forward yet
    const attention_layer<double> unbuilt;
    CHECK_THROWS_AS(attention_forward(unbuilt, input_view3(q), input_view3(k), labels_of({4, 1}), output_view3(ctx),
                                      output_view3(w), cache),
                    llmlings::invalid_argument);

    random_model<> r(golden_config(attention_score::dot), 61);
    const id_matrix src = token_ids({{3, 4}, {5, 0}}), tgt = token_ids({{4, 2}, {2, 0}});
    CHECK_THROWS_AS(attention_seq2seq_forward(r.model, token_ids({{3, 6}, {5, 0}}), tgt, r.ws),
                    llmlings::invalid_argument);  // V_src = 6
    CHECK_THROWS_AS(attention_seq2seq_forward(r.model, src, token_ids({{7, 2}, {2, 0}}), r.ws),
                    llmlings::invalid_argument);  // V = 7
    CHECK_THROWS_AS(attention_seq2seq_forward(r.model, token_ids({{3, 4}}), tgt, r.ws), llmlings::shape_error);
    CHECK_THROWS_AS(attention_seq2seq_forward(r.model, src, token_ids({{0, 0}, {0, 0}}), r.ws),
                    llmlings::invalid_argument);  // no token
    CHECK_THROWS_AS(
        attention_seq2seq_evaluate(r.model, src, token_ids({{0}, {0}}), seq2seq_feeding::free_running, r.ws),
        llmlings::invalid_argument);
    auto opt = llmlings::nn::make_sgd(r.model.params, llmlings::nn::sgd_options{});
    CHECK_THROWS_AS(attention_seq2seq_train_step(r.model, src, tgt, opt, 0.0, r.ws), llmlings::invalid_argument);
    CHECK_THROWS_AS(attention_seq2seq_train_step(r.model, src, tgt, opt, std::nan(""), r.ws),
                    llmlings::invalid_argument);
    attention_seq2seq_forward(r.model, src, tgt, r.ws);
    CHECK_THROWS_WITH(attention_seq2seq_backward(r.model, token_ids({{3, 4, 5}, {5, 0, 0}}), r.ws),
                      contains("attention_seq2seq_backward"));  // another source than the forward's
    attention_step_cache<double> step;
    matrix h({2, 4}), h_next({2, 4}), logits({2, 7}), weights({2, 2});
    CHECK_THROWS_AS(attention_decoder_step(r.model, labels_of({1, 9}), input_rows(h), input_view3(r.ws.encoder_states),
                                           r.ws.encoder.lengths, output_rows(h_next), output_rows(logits),
                                           output_rows(weights), step),
                    llmlings::invalid_argument);  // id 9 ≥ V
    matrix weights3({2, 3});
    CHECK_THROWS_AS(attention_decoder_step(r.model, labels_of({1, 2}), input_rows(h), input_view3(r.ws.encoder_states),
                                           r.ws.encoder.lengths, output_rows(h_next), output_rows(logits),
                                           output_rows(weights3), step),
                    llmlings::shape_error);  // S = 2
    attention_seq2seq_model<double> empty;
    llmlings::rng gen(1);
    CHECK_THROWS_AS(init_attention_seq2seq(empty, gen), llmlings::invalid_argument);
}
