// SPDX-License-Identifier: MIT
// Tests for nlp/08_seq2seq. Oracles: a hand-worked decoder step with one-dimensional embeddings and
// state (the gate values are chosen to be ¾, ¼ and tanh(0.3)); hand-worked masked cross-entropy
// values and nn/03's cross_entropy_with_logits on the rows that are not pad; PyTorch's forward and
// backward of a tiny encoder-decoder on a padded batch (packed GRU encoder, ignore_index loss;
// tools/golden/nlp_seq2seq.py); central differences over every tensor of the store with padding
// present; invariance properties (extra pad columns and the values of the pad rows change nothing);
// a decoder wired by hand to predict each token's successor, whose teacher-forced and free-running
// accuracies are counted by hand; the float model against the double one; the allocation counter;
// and training on the reversal task, whose answer is known. The golden file, nn/03's loss and the
// task's batches are in oracles/08_seq2seq.cpp, compiled once.
#include <llmlings/testing.hpp>
#include <llmlings/testing/allocations.hpp>  // replaces operator new: in this one file of the program

#include <llmlings/nlp/08_seq2seq.hpp>
#include <llmlings/nn/07_optimizers.hpp>

#include <cmath>
#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "oracles/08_seq2seq.hpp"

using llmlings::index_vector;
using llmlings::matrix;
using llmlings::matrix_of;
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

// The golden file's sizes: V_src = 6, V = 7, E = 3, H = 4, pad 0, bos 1, eos 2.
seq2seq_config golden_config() {
    seq2seq_config c;
    c.source_vocab = 6;
    c.target_vocab = 7;
    c.embedding_size = 3;
    c.hidden_size = 4;
    return c;
}

// A model in its own store, its parameters seeded N(0, 0.5²) from xtensor's generator (independent
// of the code under test), drawn in double and rounded to T; the pad rows of the embeddings 0.
template <class T = double>
struct random_model {
    parameter_store<T> store;
    seq2seq_model<T> model;
    seq2seq_workspace<T> ws;
    random_model(const seq2seq_config& c, unsigned seed) : model(make_seq2seq(store, c)) {
        seed_random(seed);
        for (std::size_t k = 0; k < store.count(); ++k) {
            const llmlings::parameter<T> p = store.at(k);
            set_values(p, normal_vector(p.size(), 0.5));
        }
        zero_pad_row(model.encoder.embedding, c.pad_id);
        zero_pad_row(model.decoder.embedding, c.pad_id);
    }
    static void zero_pad_row(const llmlings::parameter<T>& table, std::size_t pad) {
        const std::size_t width = table.shape()[1];
        std::fill(table.data() + pad * width, table.data() + (pad + 1) * width, T(0));
    }
};

// max |v_i| over i in [begin, end): a row of a flattened table.
double max_abs_of(const vector& v, std::size_t begin, std::size_t end) {
    double m = 0.0;
    for (std::size_t i = begin; i < end; ++i) m = std::fmax(m, std::fabs(element(v, i)));
    return m;
}

// The decoder step of the worked example: E = H = 1, V = 3 (pad 0, bos 1, eos 2). Embeddings
// bos → 0.5, eos → 0. W_ih = (0, 0, 2)ᵀ, b_ih = (ln 3, −ln 3, −1): at bos gi = (ln 3, −ln 3, 0),
// at eos (ln 3, −ln 3, −1). W_hh = (1, 2, 3)ᵀ, b_hh = (−0.8, −1.6, −2): at h = 0.8, gh = (0, 0, 0.4).
// So r = σ(ln 3) = ¾, z = σ(−ln 3) = ¼, n = tanh(gi_n + ¾·0.4) and h' = ¾ n + ¼ · 0.8.
// W_out = (1, −1, 2)ᵀ, b_out = (0, 0.5, −0.5): logits = (h', 0.5 − h', 2h' − 0.5).
seq2seq_decoder<double> worked_decoder(parameter_store<double>& store) {
    seq2seq_decoder<double> dec = make_seq2seq_decoder(store, "decoder", 3, 1, 1, 0, 1, 2);
    set_values(dec.embedding, matrix_from({{0.0}, {0.5}, {0.0}}));
    set_values(dec.gru.ih.weight, matrix_from({{0.0}, {0.0}, {2.0}}));
    set_values(dec.gru.ih.bias, vector_from({std::log(3.0), -std::log(3.0), -1.0}));
    set_values(dec.gru.hh.weight, matrix_from({{1.0}, {2.0}, {3.0}}));
    set_values(dec.gru.hh.bias, vector_from({-0.8, -1.6, -2.0}));
    set_values(dec.out.weight, matrix_from({{1.0}, {-1.0}, {2.0}}));
    set_values(dec.out.bias, vector_from({0.0, 0.5, -0.5}));
    return dec;
}

// A model whose decoder predicts a fixed successor of its input token, whatever the state: V = 6
// (pad 0, bos 1, eos 2, tokens 3, 4, 5), one-hot embeddings (E = V), H = V. The update gate is
// closed to the old state, z = σ(−30) ≈ 1e-13, so h' = n = tanh(3·onehot(k)) ≈ 0.995·e_k, and the
// projection's logit 20·h_k on successor(k) beats every other (0) by e^19.9. Successors:
// bos → 3, 3 → 4, 4 → 5, 5 → eos, eos → eos. The encoder is all 0 (its final state is 0).
struct successor_model {
    parameter_store<double> store;
    seq2seq_model<double> model;
    seq2seq_workspace<double> ws;
    successor_model() : model(make_seq2seq(store, config())) {
        const std::size_t successor[6] = {0, 3, 2, 4, 5, 2};
        matrix emb = filled(6, 6, 0.0), w_ih = filled(18, 6, 0.0), w_out = filled(6, 6, 0.0);
        vector b_ih = filled(18, 0.0);
        for (std::size_t k = 1; k < 6; ++k) {
            set_element(emb, k, k, 1.0);
            set_element(b_ih, 6 + k, -30.0);
            set_element(w_ih, 12 + k, k, 3.0);
            set_element(w_out, successor[k], k, 20.0);
        }
        set_element(b_ih, 6, -30.0);
        set_values(model.decoder.embedding, emb);
        set_values(model.decoder.gru.ih.weight, w_ih);
        set_values(model.decoder.gru.ih.bias, b_ih);
        set_values(model.decoder.out.weight, w_out);
    }
    static seq2seq_config config() {
        seq2seq_config c;
        c.source_vocab = 4;
        c.target_vocab = 6;
        c.embedding_size = 6;
        c.hidden_size = 6;
        return c;
    }
};

}  // namespace

TEST_CASE("make_seq2seq registers the encoder and decoder tensors under dotted names", "[nlp][08_seq2seq]") {
    parameter_store<float> store;
    const seq2seq_model<float> m = make_seq2seq(store, golden_config());
    CHECK(store.count() == 12);
    CHECK(m.encoder.embedding.name() == "encoder.embedding.weight");
    CHECK(m.encoder.embedding.shape() == std::vector<std::size_t>{6, 3});  // (V_src,E)
    CHECK(m.decoder.embedding.shape() == std::vector<std::size_t>{7, 3});  // (V,E)
    CHECK(store.find("encoder.gru.ih.weight").shape() == std::vector<std::size_t>{12, 3});
    CHECK(store.find("decoder.gru.hh.weight").shape() == std::vector<std::size_t>{12, 4});
    CHECK(store.find("decoder.out.weight").shape() == std::vector<std::size_t>{7, 4});  // (V,H), PyTorch's layout
    CHECK(store.find("decoder.out.bias").shape() == std::vector<std::size_t>{7});
    // 18 + (36 + 12 + 48 + 12) + 21 + 108 + 28 + 7
    CHECK(store.numel() == 18 + 108 + 21 + 108 + 28 + 7);
    CHECK(m.params.numel() == store.numel());  // the model holds the store's handle
    CHECK(m.decoder.bos_id == 1);
    CHECK(m.decoder.eos_id == 2);
    CHECK_THROWS_AS(make_seq2seq(store, golden_config()), llmlings::invalid_argument);  // the names are taken
}

TEST_CASE("init_seq2seq draws PyTorch's default ranges and keeps the pad rows zero", "[nlp][08_seq2seq]") {
    seq2seq_config c;
    c.source_vocab = 40;
    c.target_vocab = 30;
    c.embedding_size = 10;
    c.hidden_size = 16;
    parameter_store<float> store;
    seq2seq_model<float> m = make_seq2seq(store, c);
    llmlings::rng gen(5);
    init_seq2seq(m, gen);
    const double bound = 0.25;  // 1/√H
    for (const char* name : {"encoder.gru.ih.weight", "encoder.gru.hh.bias", "decoder.gru.hh.weight",
                             "decoder.out.weight", "decoder.out.bias"}) {
        INFO(name);
        const vector v = values_of(store.find(name));
        CHECK(max_abs(v) <= bound);
        CHECK(max_abs(v) > 0.5 * bound);
    }
    // Embeddings N(0, 1): 400 and 300 draws (less the pad row) have a standard deviation within
    // 0.1 of 1 (its standard error is about 1/√(2n) ≈ 0.04).
    for (const llmlings::parameter<float>& table : {m.encoder.embedding, m.decoder.embedding}) {
        INFO(table.name());
        const vector v = values_of(table);
        CHECK(max_abs_of(v, 0, 10) == 0.0);  // the pad row (id 0)
        const double n = static_cast<double>(v.size() - 10);
        double sum = 0.0, squares = 0.0;
        for (double x : v) sum += x, squares += x * x;
        CHECK(std::fabs(sum / n) < 0.15);
        CHECK(std::fabs(std::sqrt(squares / n - (sum / n) * (sum / n)) - 1.0) < 0.1);
    }
}

TEST_CASE("lengths and padding masks read right-padded batches", "[nlp][08_seq2seq]") {
    const id_matrix batch = ids({{5, 3, 0}, {4, 0, 0}, {0, 0, 0}, {1, 2, 3}});
    index_vector lengths;
    seq2seq_lengths(batch, 0, lengths);
    CHECK(same_ids(lengths, {2, 1, 0, 3}));
    CHECK_CLOSE_AT(seq2seq_padding_mask(batch, 0), matrix_from({{1, 1, 0}, {1, 0, 0}, {0, 0, 0}, {1, 1, 1}}), tight);
    seq2seq_lengths(ids({{5, 4, 3}, {3, 3, 3}, {1, 2, 4}}), 3, lengths);  // another pad id
    CHECK(same_ids(lengths, {2, 0, 3}));
    CHECK_THROWS_WITH(seq2seq_lengths(ids({{5, 0, 4}}), 0, lengths),
                      contains("seq2seq_lengths") && contains("row 0") && contains("column 2"));
    CHECK_THROWS_AS(seq2seq_padding_mask(ids({{1, 2}, {0, 7}}), 0), llmlings::invalid_argument);
}

TEST_CASE("teacher forcing inputs are the targets shifted right behind bos", "[nlp][08_seq2seq]") {
    id_matrix inputs;
    seq2seq_teacher_inputs(ids({{7, 5, 2, 0}, {2, 0, 0, 0}}), 1, inputs);
    CHECK(same_ids(inputs, ids({{1, 7, 5, 2}, {1, 2, 0, 0}})));
    seq2seq_teacher_inputs(ids({{9}}), 4, inputs);
    CHECK(same_ids(inputs, ids({{4}})));
}

TEST_CASE("one decoder step of a one-dimensional model gives the hand-worked logits", "[nlp][08_seq2seq]") {
    parameter_store<double> store;
    const seq2seq_decoder<double> dec = worked_decoder(store);
    const index_vector previous = labels_of({1, 2});  // bos, eos
    const matrix h = matrix_from({{0.8}, {0.8}});
    matrix h_next({2, 1}), logits({2, 3});
    seq2seq_step_cache<double> cache;
    seq2seq_decoder_step(dec, previous, input_rows(h), output_rows(h_next), output_rows(logits), cache);
    const double h_bos = 0.75 * std::tanh(0.3) + 0.2;   // gi_n = 2·0.5 − 1 = 0
    const double h_eos = 0.75 * std::tanh(-0.7) + 0.2;  // gi_n = 2·0 − 1 = −1
    CHECK_CLOSE_AT(h_next, matrix_from({{h_bos}, {h_eos}}), tight);
    CHECK_CLOSE_AT(logits, matrix_from({{h_bos, 0.5 - h_bos, 2 * h_bos - 0.5}, {h_eos, 0.5 - h_eos, 2 * h_eos - 0.5}}),
                   tight);
}

TEST_CASE("decoder steps chained by hand give the teacher forced logits", "[nlp][08_seq2seq]") {
    random_model<> r(golden_config(), 3);
    const id_matrix inputs = ids({{1, 4, 3, 2, 0}, {1, 6, 0, 0, 0}});
    seed_random(4);
    const matrix h0 = normal_matrix(2, 4, 0.5);
    tensor3 logits({2, 5, 7});
    seq2seq_decoder_cache<double> cache;
    seq2seq_decode(r.model.decoder, inputs, input_rows(h0), output_view3(logits), cache);
    seq2seq_step_cache<double> step;
    matrix h = h0, h_next({2, 4}), step_logits({2, 7});
    for (std::size_t t = 0; t < 5; ++t) {
        INFO("step " << t);
        const index_vector previous = labels_of({id_at(inputs, 0, t), id_at(inputs, 1, t)});
        seq2seq_decoder_step(r.model.decoder, previous, input_rows(h), output_rows(h_next), output_rows(step_logits),
                             step);
        CHECK_CLOSE_AT(step_logits, step_of(logits, t), tight);
        h = h_next;
    }
}

TEST_CASE("sequence cross entropy averages over the targets that are not pad", "[nlp][08_seq2seq]") {
    // Worked: V = 3, pad 0. Row (0,0): logits (0, 0, 0), target 1 → ln 3, gradient (⅓, −⅔, ⅓)/2.
    // Row (0,1): (0, ln 3, 0), target 1 → softmax (⅕, ⅗, ⅕), −ln ⅗ = ln(5/3), gradient (⅕, −⅖, ⅕)/2.
    // Row (0,2): target pad → nothing. Mean over N = 2 tokens: (ln 3 + ln 5/3)/2 = ln 5 / 2.
    const tensor3 logits = tensor3_from({{{0.0, 0.0, 0.0}, {0.0, std::log(3.0), 0.0}, {4.0, -1.0, 9.0}}});
    tensor3 grad({1, 3, 3});
    const double loss = seq2seq_cross_entropy(input_view3(logits), ids({{1, 1, 0}}), 0, output_view3(grad));
    CHECK(loss == Approx(std::log(5.0) / 2.0).epsilon(1e-14));
    CHECK_CLOSE_AT(grad, tensor3_from({{{1.0 / 6, -1.0 / 3, 1.0 / 6}, {0.1, -0.2, 0.1}, {0.0, 0.0, 0.0}}}), tight);

    // Logits of ±1000 (e^1000 overflows): log Σ e^x = 1000 + ln(1 + e^−1000 + e^−2000), so target
    // 1 (logit 0) costs 1000 and the gradient is (1, −1, 0) to double precision.
    const tensor3 large = tensor3_from({{{1000.0, 0.0, -1000.0}}});
    tensor3 g_large({1, 1, 3});
    CHECK(seq2seq_cross_entropy(input_view3(large), ids({{1}}), 0, output_view3(g_large)) ==
          Approx(1000.0).epsilon(1e-15));
    CHECK_CLOSE_AT(g_large, tensor3_from({{{1.0, -1.0, 0.0}}}), tight);

    // Random logits against nn/03's mean cross-entropy over the gathered rows that are not pad.
    seed_random(8);
    const tensor3 x = normal_tensor3(3, 4, 5, 3.0);
    const id_matrix tgt = ids({{3, 1, 2, 0}, {4, 4, 0, 0}, {2, 0, 0, 0}});
    const masked_loss expected = masked_cross_entropy_reference(x, tgt, 0);
    tensor3 g({3, 4, 5});
    CHECK(seq2seq_cross_entropy(input_view3(x), tgt, 0, output_view3(g)) == Approx(expected.loss).epsilon(1e-13));
    CHECK_CLOSE_AT(g, expected.grad, tight);
    CHECK_THROWS_AS(
        seq2seq_cross_entropy(input_view3(x), ids({{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}}), 0, output_view3(g)),
        llmlings::invalid_argument);  // no token: the mean of nothing
    CHECK_THROWS_AS(
        seq2seq_cross_entropy(input_view3(x), ids({{5, 0, 0, 0}, {1, 0, 0, 0}, {1, 0, 0, 0}}), 0, output_view3(g)),
        llmlings::invalid_argument);  // id 5 with V = 5
}

TEST_CASE("the seq2seq forward and backward match PyTorch on a padded batch", "[nlp][08_seq2seq]") {
    const seq2seq_golden& g = load_seq2seq_golden();
    parameter_store<double> store;
    const seq2seq_model<double> m = make_seq2seq(store, golden_config());
    REQUIRE(store.count() == g.values.size());
    for (std::size_t k = 0; k < store.count(); ++k) {
        REQUIRE(store.info(k).name == g.values[k].first);
        set_values(store.at(k), g.values[k].second);
    }
    // Sums of a few products and a few exp/tanh per step, over up to 5 + 4 steps, in another order
    // than PyTorch's: a few ulps each; 1e-11 relative leaves a wide margin. A wrong term is O(0.01).
    const tolerance close{1e-11, 1e-12};
    seq2seq_workspace<double> ws;
    const double loss = seq2seq_forward(m, g.src, g.tgt, ws);
    CHECK_CLOSE_AT(ws.encoder_states, g.enc_states, close);  // 0 at the pads (pad_packed_sequence)
    CHECK_CLOSE_AT(ws.encoder_final, g.enc_final, close);    // the state after each row's last token
    CHECK_CLOSE_AT(ws.logits, g.logits, close);
    CHECK(loss == Approx(g.loss).epsilon(1e-12));
    seq2seq_backward(m, g.src, ws);
    for (std::size_t k = 0; k < store.count(); ++k) {
        INFO(g.grads[k].first);
        CHECK_CLOSE_AT(grads_of(store.at(k)), g.grads[k].second, close);
    }
}

TEST_CASE("every seq2seq gradient agrees with central differences with padding present", "[nlp][08_seq2seq]") {
    random_model<> r(golden_config(), 11);
    // Lengths 4, 2 and 0 (an empty source); targets of 3, 1 and 2 tokens.
    const id_matrix src = ids({{3, 5, 4, 1}, {2, 4, 0, 0}, {0, 0, 0, 0}});
    const id_matrix tgt = ids({{6, 3, 2}, {2, 0, 0}, {5, 2, 0}});
    seq2seq_forward(r.model, src, tgt, r.ws);
    seq2seq_backward(r.model, src, r.ws);
    seq2seq_workspace<double> probe;  // the checks' forwards must not overwrite r.ws
    // A smooth loss in double: central differences agree to ~1e-9 relative on most entries; small
    // entries (~1e-4) carry the difference's rounding noise (ε·|L|/h ≈ 1e-10), ~1e-6 relative.
    // 1e-5 allows that; a wrong gradient is off by more than 1e-2.
    CHECK_STORE_GRADIENTS_AT(store_gradient_check(r.store, [&] { return seq2seq_forward(r.model, src, tgt, probe); }),
                             1e-5);
}

TEST_CASE("the encoder backward follows its states and ignores their pad positions", "[nlp][08_seq2seq]") {
    parameter_store<double> store;
    seq2seq_encoder<double> enc = make_seq2seq_encoder(store, "encoder", 6, 3, 4, 0);
    seed_random(21);
    for (std::size_t k = 0; k < store.count(); ++k) set_values(store.at(k), normal_vector(store.at(k).size(), 0.5));
    const id_matrix src = ids({{3, 5, 4, 1, 2}, {2, 4, 0, 0, 0}, {0, 0, 0, 0, 0}});
    const tensor3 c = normal_tensor3(3, 5, 4);  // nonzero at the pads too
    const matrix cf = normal_matrix(3, 4);
    // L = Σ c⊙states + ½Σ states² + Σ cf⊙final + ½Σ final², so dL/dstates = c + states, dL/dfinal = cf + final.
    auto loss = [&](seq2seq_encoder_cache<double>& cache, tensor3& states, matrix& fin) {
        seq2seq_encode(enc, src, output_view3(states), output_rows(fin), cache);
        return quadratic_loss(states, c) + quadratic_loss(fin, cf);
    };
    seq2seq_encoder_cache<double> cache, probe;
    tensor3 states({3, 5, 4}), probe_states({3, 5, 4});
    matrix fin({3, 4}), probe_fin({3, 4});
    loss(cache, states, fin);
    for (std::size_t t = 2; t < 5; ++t) CHECK(max_abs(row_of(states, 1, t)) == 0.0);  // pads: 0
    for (std::size_t t = 0; t < 5; ++t) CHECK(max_abs(row_of(states, 2, t)) == 0.0);  // the empty source
    CHECK(max_abs(row(fin, 2)) == 0.0);
    CHECK(max_abs(row(fin, 1)) > 0.0);
    const tensor3 d_states = plus(c, states);
    const matrix d_final = plus(cf, fin);
    seq2seq_encode_backward(enc, cache, src, input_view3(d_states), input_rows(d_final));
    CHECK(max_abs(grads_of(enc.embedding)) > 0.0);
    CHECK(max_abs_of(grads_of(enc.embedding), 0, 3) == 0.0);  // pad's row: nothing
    CHECK_STORE_GRADIENTS_AT(store_gradient_check(store, [&] { return loss(probe, probe_states, probe_fin); }), 1e-5);
}

TEST_CASE("pad positions contribute no loss and no gradient", "[nlp][08_seq2seq]") {
    const id_matrix src = ids({{3, 5, 4}, {2, 0, 0}});
    const id_matrix tgt = ids({{4, 3, 2}, {6, 2, 0}});
    random_model<> a(golden_config(), 31), b(golden_config(), 31);
    const double loss = seq2seq_forward(a.model, src, tgt, a.ws);
    seq2seq_backward(a.model, src, a.ws);
    // 1. Three more pad columns on both sides change nothing: same loss, same gradients.
    const double longer = seq2seq_forward(b.model, padded(src, 3), padded(tgt, 3), b.ws);
    seq2seq_backward(b.model, padded(src, 3), b.ws);
    CHECK(longer == Approx(loss).epsilon(1e-14));
    for (std::size_t k = 0; k < a.store.count(); ++k) {
        INFO(a.store.info(k).name);
        CHECK_CLOSE_AT(grads_of(b.store.at(k)), grads_of(a.store.at(k)), tight);
    }
    // 2. The pad rows of both embeddings receive no gradient...
    CHECK(max_abs_of(grads_of(a.model.encoder.embedding), 0, 3) == 0.0);
    CHECK(max_abs_of(grads_of(a.model.decoder.embedding), 0, 3) == 0.0);
    // 3. ...and their values do not matter: the loss of the padded batch is unchanged.
    b.model.encoder.embedding.data()[1] = 7.0;  // row 0, the pad's
    b.model.decoder.embedding.data()[2] = -5.0;
    CHECK(seq2seq_forward(b.model, padded(src, 3), padded(tgt, 3), b.ws) == Approx(loss).epsilon(1e-14));
    // 4. A source of no columns reads as sources of pads only: the decoder starts from 0.
    const id_matrix none = ids({{}, {}});  // (2,0)
    const double from_nothing = seq2seq_forward(b.model, none, tgt, b.ws);
    CHECK(max_abs(b.ws.encoder_final) == 0.0);
    CHECK(seq2seq_forward(b.model, ids({{0, 0}, {0, 0}}), tgt, b.ws) == Approx(from_nothing).epsilon(1e-14));
    seq2seq_forward(b.model, padded(src, 3), padded(tgt, 3), b.ws);
    // 5. The gradient of the logits is 0 wherever the target is pad.
    for (std::size_t t = 3; t < 6; ++t) CHECK(max_abs(row_of(b.ws.d_logits, 0, t)) == 0.0);
    CHECK(max_abs(row_of(b.ws.d_logits, 1, 2)) == 0.0);
    CHECK(max_abs(row_of(b.ws.d_logits, 1, 1)) > 0.0);
}

TEST_CASE("free running evaluation feeds back the model's own predictions", "[nlp][08_seq2seq]") {
    successor_model s;
    // Row 0: targets 3 5 4 eos. Teacher forcing reads bos 3 5 4 and predicts 3 4 eos 5: 1 right.
    // Free-running reads bos, then its own 3 4 5 and predicts 3 4 5 eos: 2 right (3 and eos).
    // Row 1: targets 3 4 5 eos, the successor chain itself: 4 right either way. Pads not scored.
    const id_matrix src = ids({{3, 1}, {2, 0}});
    const id_matrix tgt = ids({{3, 5, 4, 2, 0}, {3, 4, 5, 2, 0}});
    const seq2seq_scores forced = seq2seq_evaluate(s.model, src, tgt, seq2seq_feeding::teacher_forcing, s.ws);
    CHECK(forced.tokens == 8);
    CHECK(forced.accuracy == Approx(5.0 / 8.0));
    const seq2seq_scores free = seq2seq_evaluate(s.model, src, tgt, seq2seq_feeding::free_running, s.ws);
    CHECK(free.tokens == 8);
    CHECK(free.accuracy == Approx(6.0 / 8.0));
    // The free-running loss is the masked loss of the logits for the inputs it fed itself.
    tensor3 logits({2, 5, 6}), grad({2, 5, 6});
    seq2seq_decoder_cache<double> cache;
    const matrix h0 = filled(2, 6, 0.0);  // the all-0 encoder's final state
    seq2seq_decode(s.model.decoder, ids({{1, 3, 4, 5, 2}, {1, 3, 4, 5, 2}}), input_rows(h0), output_view3(logits),
                   cache);
    CHECK(free.loss == Approx(seq2seq_cross_entropy(input_view3(logits), tgt, 0, output_view3(grad))).epsilon(1e-12));
    CHECK(forced.loss == Approx(seq2seq_forward(s.model, src, tgt, s.ws)).epsilon(1e-12));
    CHECK(forced.loss > 3.0);  // three wrong tokens of 8 at about 20 nats each
}

TEMPLATE_TEST_CASE("the float seq2seq computes what the double seq2seq computes to float precision",
                   "[nlp][08_seq2seq]", float, double) {
    // Same parameters (the float ones are the double ones rounded), B = 6, S = 7, T = 6, E = 8,
    // H = 16, V = 11. Float: the logits are sums of ~16 products of O(1) numbers after 13 GRU
    // steps (measured ≤ 2e-6), so 2e-5; the loss ≤ 1e-6 relative, so 1e-5; the store's gradients
    // are sums over ≤ 42 rows (measured ≤ 1e-6), so 1e-5 absolute. A wrong term is off by O(0.01).
    // Double: another summation order only.
    const bool is_float = std::is_same<TestType, float>::value;
    seq2seq_config c;
    c.source_vocab = 9;
    c.target_vocab = 11;
    c.embedding_size = 8;
    c.hidden_size = 16;
    random_model<double> reference(c, 41);
    random_model<TestType> r(c, 41);
    llmlings::rng gen(42);
    const reversal_batch batch = reversal_task(6, 6, 6, gen);
    const double loss_ref = seq2seq_forward(reference.model, batch.src, batch.tgt, reference.ws);
    seq2seq_backward(reference.model, batch.src, reference.ws);
    const double loss = seq2seq_forward(r.model, batch.src, batch.tgt, r.ws);
    seq2seq_backward(r.model, batch.src, r.ws);
    CHECK(loss == Approx(loss_ref).epsilon(is_float ? 1e-5 : 1e-13));
    CHECK_CLOSE_AT(to_double(r.ws.logits), reference.ws.logits, (tolerance{0, is_float ? 2e-5 : 1e-12}));
    for (std::size_t k = 0; k < r.store.count(); ++k) {
        INFO(r.store.info(k).name);
        CHECK_CLOSE_AT(grads_of(r.store.at(k)), grads_of(reference.store.at(k)),
                       (tolerance{is_float ? 0 : 1e-11, is_float ? 1e-5 : 1e-13}));
    }
}

TEST_CASE("a training step zeroes the gradients then clips them and steps the optimizer", "[nlp][08_seq2seq]") {
    random_model<> r(golden_config(), 71);
    const id_matrix src = ids({{3, 5, 4}, {2, 1, 0}}), tgt = ids({{4, 3, 2}, {6, 2, 0}});
    const std::vector<double> before(r.store.values(), r.store.values() + r.store.numel());
    llmlings::nn::sgd_options o;
    o.lr = 0.5;
    auto opt = llmlings::nn::make_sgd(r.model.params, o);
    // The gradient norm of this batch at these weights, from a plain forward and backward.
    seq2seq_workspace<double> probe;
    const double loss = seq2seq_forward(r.model, src, tgt, probe);
    seq2seq_backward(r.model, src, probe);
    const double norm = llmlings::nn::global_grad_norm(r.store);
    REQUIRE(norm > 0.01);
    // max_norm 0.01 < norm: every gradient is scaled by 0.01/(norm + 1e-6), then θ ← θ − 0.5·g.
    const seq2seq_step_result step = seq2seq_train_step(r.model, src, tgt, opt, 0.01, r.ws);
    CHECK(step.loss == Approx(loss).epsilon(1e-14));
    CHECK(step.grad_norm == Approx(norm).epsilon(1e-12));  // zeroed first: not 2× the probe's gradient
    CHECK(llmlings::nn::global_grad_norm(r.store) == Approx(0.01 * norm / (norm + 1e-6)).epsilon(1e-12));
    double moved = 0.0;
    for (std::size_t i = 0; i < r.store.numel(); ++i) {
        const double expected = before[i] - 0.5 * r.store.grads()[i];
        moved = std::fmax(moved, std::fabs(r.store.values()[i] - before[i]));
        CHECK(r.store.values()[i] == Approx(expected).epsilon(1e-12).margin(1e-15));
    }
    CHECK(moved > 1e-4);
}

TEST_CASE("a second training step and evaluation allocate nothing", "[nlp][08_seq2seq]") {
    seq2seq_config c;
    c.source_vocab = 9;
    c.target_vocab = 9;
    c.embedding_size = 8;
    c.hidden_size = 16;
    parameter_store<float> store;
    seq2seq_model<float> m = make_seq2seq(store, c);
    llmlings::rng gen(51);
    init_seq2seq(m, gen);
    auto opt = llmlings::nn::make_adam(m.params, llmlings::nn::adam_options{});
    const reversal_batch batch = reversal_task(8, 5, 6, gen);
    seq2seq_workspace<float> ws;
    auto pass = [&] {
        const seq2seq_step_result r = seq2seq_train_step(m, batch.src, batch.tgt, opt, 1.0, ws);
        const seq2seq_scores s = seq2seq_evaluate(m, batch.src, batch.tgt, seq2seq_feeding::free_running, ws);
        return r.loss + s.loss;
    };
    pass();  // sizes the workspace
    const std::size_t before = llmlings::testing::allocation_count();
    const double total = pass();
    CHECK(llmlings::testing::allocation_count() == before);
    CHECK(std::isfinite(total));
    CHECK(max_abs(grads_of(m.decoder.embedding)) > 0.0);
}

TEST_CASE("a seq2seq trained with teacher forcing learns to reverse digit sequences", "[nlp][08_seq2seq]") {
    // Sources of 1 to 4 digits out of 6, targets reversed then eos (V = 9). 300 Adam steps of 32
    // sequences with clipping at 1 (about 0.3 s). Chance is ~1/7 per token; measured after 300
    // steps on 256 new sequences: teacher-forced accuracy 0.968 (loss 0.087), free-running 0.950
    // (loss 0.20). The bounds leave room for another summation order's rounding.
    seq2seq_config c;
    c.source_vocab = 9;
    c.target_vocab = 9;
    c.embedding_size = 16;
    c.hidden_size = 32;
    parameter_store<float> store;
    seq2seq_model<float> m = make_seq2seq(store, c);
    llmlings::rng gen(1);
    init_seq2seq(m, gen);
    llmlings::nn::adam_options o;
    o.lr = 0.01;
    auto opt = llmlings::nn::make_adam(m.params, o);
    seq2seq_workspace<float> ws;
    llmlings::rng data(2);
    const reversal_batch held_out = reversal_task(256, 4, 6, data);
    const seq2seq_scores before = seq2seq_evaluate(m, held_out.src, held_out.tgt, seq2seq_feeding::teacher_forcing, ws);
    CHECK(before.accuracy < 0.4);
    double first = 0.0, last = 0.0;
    for (std::size_t step = 0; step < 300; ++step) {
        const reversal_batch b = reversal_task(32, 4, 6, data);
        const seq2seq_step_result r = seq2seq_train_step(m, b.src, b.tgt, opt, 1.0, ws);
        REQUIRE(std::isfinite(r.loss));
        if (step == 0) first = r.loss;
        last = r.loss;
    }
    const seq2seq_scores forced = seq2seq_evaluate(m, held_out.src, held_out.tgt, seq2seq_feeding::teacher_forcing, ws);
    const seq2seq_scores free = seq2seq_evaluate(m, held_out.src, held_out.tgt, seq2seq_feeding::free_running, ws);
    INFO("teacher forcing: loss " << forced.loss << " accuracy " << forced.accuracy);
    INFO("free running: loss " << free.loss << " accuracy " << free.accuracy);
    CHECK(first == Approx(std::log(9.0)).margin(0.3));  // near-uniform logits at the start
    CHECK(last < 0.3);
    CHECK(forced.accuracy > 0.93);
    CHECK(free.accuracy > 0.88);
    CHECK(free.loss > forced.loss);  // exposure bias: its own mistakes are inputs it never trained on
}

TEST_CASE("seq2seq functions reject bad input with typed errors", "[nlp][08_seq2seq]") {
    parameter_store<double> store;
    seq2seq_config bad = golden_config();
    bad.bos_id = 0;  // = pad
    CHECK_THROWS_WITH(make_seq2seq(store, bad), contains("make_seq2seq") && contains("distinct"));
    bad = golden_config();
    bad.eos_id = 7;  // V = 7
    CHECK_THROWS_AS(make_seq2seq(store, bad), llmlings::invalid_argument);
    bad = golden_config();
    bad.hidden_size = 0;
    CHECK_THROWS_AS(make_seq2seq(store, bad), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_seq2seq_encoder(store, "e", 3, 2, 2, 3), llmlings::invalid_argument);  // pad ≥ V_src

    random_model<> r(golden_config(), 61);
    const id_matrix src = ids({{3, 4}, {5, 0}}), tgt = ids({{4, 2}, {2, 0}});
    CHECK_THROWS_WITH(seq2seq_forward(r.model, ids({{3, 6}, {5, 0}}), tgt, r.ws),
                      contains("seq2seq_encode") && contains("id 6"));  // V_src = 6
    CHECK_THROWS_AS(seq2seq_forward(r.model, src, ids({{7, 2}, {2, 0}}), r.ws), llmlings::invalid_argument);  // V = 7
    CHECK_THROWS_AS(seq2seq_forward(r.model, ids({{0, 4}, {5, 0}}), tgt, r.ws),
                    llmlings::invalid_argument);                                                 // not right-padded
    CHECK_THROWS_AS(seq2seq_forward(r.model, ids({{3, 4}}), tgt, r.ws), llmlings::shape_error);  // 1 row and 2
    CHECK_THROWS_AS(seq2seq_forward(r.model, src, ids({{0, 0}, {0, 0}}), r.ws),
                    llmlings::invalid_argument);  // no token
    CHECK_THROWS_AS(seq2seq_evaluate(r.model, src, ids({{0}, {0}}), seq2seq_feeding::free_running, r.ws),
                    llmlings::invalid_argument);
    auto opt = llmlings::nn::make_sgd(r.model.params, llmlings::nn::sgd_options{});
    CHECK_THROWS_AS(seq2seq_train_step(r.model, src, tgt, opt, 0.0, r.ws), llmlings::invalid_argument);
    CHECK_THROWS_AS(seq2seq_train_step(r.model, src, tgt, opt, std::nan(""), r.ws), llmlings::invalid_argument);

    tensor3 states({2, 2, 4}), wrong({2, 3, 4});
    matrix fin({2, 4});
    seq2seq_encoder_cache<double> cache;
    CHECK_THROWS_WITH(seq2seq_encode(r.model.encoder, src, output_view3(wrong), output_rows(fin), cache),
                      contains("seq2seq_encode") && contains("(2,2,4)"));
    seq2seq_encode(r.model.encoder, src, output_view3(states), output_rows(fin), cache);
    CHECK_THROWS_WITH(seq2seq_encode_backward(r.model.encoder, cache, ids({{3, 4, 5}, {5, 0, 0}}),
                                              llmlings::empty_view<const double, 3>(), input_rows(fin)),
                      contains("seq2seq_encode_backward") && contains("cache"));
    seq2seq_step_cache<double> step;
    matrix h({2, 4}), h_next({2, 4}), logits({2, 6});
    CHECK_THROWS_AS(seq2seq_decoder_step(r.model.decoder, labels_of({1, 2}), input_rows(h), output_rows(h_next),
                                         output_rows(logits), step),
                    llmlings::shape_error);  // logits need V = 7 columns
    matrix logits7({2, 7});
    CHECK_THROWS_AS(seq2seq_decoder_step(r.model.decoder, labels_of({1, 9}), input_rows(h), output_rows(h_next),
                                         output_rows(logits7), step),
                    llmlings::invalid_argument);
    seq2seq_model<double> empty;
    llmlings::rng gen(1);
    CHECK_THROWS_AS(init_seq2seq(empty, gen), llmlings::invalid_argument);
}
