// SPDX-License-Identifier: MIT
// Oracles of tests/nlp/10_decoding.cpp: toy prefix tables, exhaustive and greedy search by their
// definitions, and nlp/08's teacher-forced pass as a scorer; no code of the topic under test.
#include "10_decoding.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace oracles {

namespace {

// log softmax of v in long double: v_c − log Σ_k exp(v_k − m) − m, rounded to double at the end.
std::vector<double> log_softmax_ld(const std::vector<long double>& v) {
    long double m = v[0];
    for (long double x : v) m = std::max(m, x);
    long double sum = 0.0L;
    for (long double x : v) sum += std::exp(x - m);
    const long double log_sum = m + std::log(sum);
    std::vector<double> out(v.size());
    for (std::size_t c = 0; c < v.size(); ++c) out[c] = static_cast<double>(v[c] - log_sum);
    return out;
}

}  // namespace

prefix_table_model make_prefix_table_model(std::size_t vocab, std::size_t eos, std::size_t max_len, unsigned seed,
                                           double sd) {
    prefix_table_model m;
    m.vocab = vocab;
    m.eos = eos;
    m.max_len = max_len;
    seed_random(seed);
    std::vector<token_sequence> level = {{}};
    for (std::size_t len = 0; len < max_len; ++len) {
        std::vector<token_sequence> next;
        for (const token_sequence& prefix : level) {
            const vector z = normal_vector(vocab, sd);
            m.table[prefix] = log_softmax_ld(std::vector<long double>(z.begin(), z.end()));
            for (std::size_t w = 0; w < vocab; ++w) {
                if (w == eos) continue;
                token_sequence longer = prefix;
                longer.push_back(w);
                next.push_back(longer);
            }
        }
        level.swap(next);
    }
    return m;
}

double reference_length_penalty(std::size_t length, bool gnmt, double alpha) {
    const double n = static_cast<double>(length);
    return gnmt ? std::pow((5.0 + n) / 6.0, alpha) : std::pow(n, alpha);
}

std::vector<ranked_sequence> exhaustive_ranking(const prefix_scorer& model, std::size_t vocab, std::size_t eos,
                                                std::size_t max_len, bool gnmt, double alpha) {
    std::vector<ranked_sequence> all;
    // depth-first: extend `prefix` (log-probability `lp`) by every token
    std::function<void(const token_sequence&, double)> visit = [&](const token_sequence& prefix, double lp) {
        const std::vector<double> next = model(prefix);
        if (next.size() != vocab) throw std::logic_error("exhaustive_ranking: the scorer's V changed");
        for (std::size_t w = 0; w < vocab; ++w) {
            token_sequence y = prefix;
            y.push_back(w);
            const double sum = lp + next[w];
            if (w == eos || y.size() == max_len) {
                ranked_sequence r;
                r.tokens = y;
                r.log_prob = sum;
                r.score = sum / reference_length_penalty(y.size(), gnmt, alpha);
                r.finished = w == eos;
                all.push_back(r);
            }
            if (w != eos && y.size() < max_len) visit(y, sum);
        }
    };
    visit({}, 0.0);
    std::stable_sort(all.begin(), all.end(),
                     [](const ranked_sequence& a, const ranked_sequence& b) { return a.score > b.score; });
    return all;
}

ranked_sequence greedy_reference(const prefix_scorer& model, std::size_t eos, std::size_t max_len, bool gnmt,
                                 double alpha) {
    ranked_sequence r;
    while (r.tokens.size() < max_len) {
        const std::vector<double> next = model(r.tokens);
        const std::size_t w = static_cast<std::size_t>(std::max_element(next.begin(), next.end()) - next.begin());
        r.tokens.push_back(w);
        r.log_prob += next[w];
        if (w == eos) {
            r.finished = true;
            break;
        }
    }
    r.score = r.log_prob / reference_length_penalty(r.tokens.size(), gnmt, alpha);
    return r;
}

double sequence_log_prob(const prefix_scorer& model, const token_sequence& tokens) {
    double sum = 0.0;
    token_sequence prefix;
    for (std::size_t w : tokens) {
        sum += model(prefix).at(w);
        prefix.push_back(w);
    }
    return sum;
}

prefix_scorer table_scorer(const prefix_table_model& m) {
    return [&m](const token_sequence& prefix) { return m.log_probs(prefix); };
}

template <class T>
seeded_seq2seq<T> make_seeded_seq2seq(unsigned seed) {
    llmlings::nlp::seq2seq_config c;
    c.source_vocab = 6;
    c.target_vocab = 5;
    c.embedding_size = 3;
    c.hidden_size = 4;
    seeded_seq2seq<T> s;
    s.model = llmlings::nlp::make_seq2seq(s.store, c);
    llmlings::rng gen(seed);
    llmlings::nlp::init_seq2seq(s.model, gen);
    T* w = s.model.decoder.out.weight.data();
    for (std::size_t i = 0; i < s.model.decoder.out.weight.size(); ++i) w[i] *= T(4);
    return s;
}

template seeded_seq2seq<float> make_seeded_seq2seq<float>(unsigned);
template seeded_seq2seq<double> make_seeded_seq2seq<double>(unsigned);

template <class T>
prefix_scorer seq2seq_scorer(const llmlings::nlp::seq2seq_model<T>& model, const token_sequence& source) {
    using namespace llmlings::nlp;
    const std::size_t S = source.size(), H = model.encoder.gru.hidden_size;
    // The encoder's final state of the one source.
    seq2seq_ids src = xt::zeros<std::size_t>({std::size_t(1), S});
    std::copy(source.begin(), source.end(), src.begin());
    tensor3_of<T> states = xt::zeros<T>({std::size_t(1), S, H});
    matrix_of<T> h0 = xt::zeros<T>({std::size_t(1), H});
    seq2seq_encoder_cache<T> enc_cache;
    seq2seq_encode(model.encoder, src, llmlings::view_of<3>(states.data(), states.size(), {1, S, H}),
                   llmlings::as_rows(h0), enc_cache);
    return [model, h0](const token_sequence& prefix) {
        const std::size_t steps = prefix.size() + 1, Vd = model.decoder.vocab_size;
        seq2seq_ids inputs = xt::zeros<std::size_t>({std::size_t(1), steps});
        inputs(0, 0) = model.decoder.bos_id;
        for (std::size_t t = 0; t < prefix.size(); ++t) inputs(0, t + 1) = prefix[t];
        tensor3_of<T> logits = xt::zeros<T>({std::size_t(1), steps, Vd});
        seq2seq_decoder_cache<T> cache;
        seq2seq_decode(model.decoder, inputs, llmlings::const_matrix_view<T>(llmlings::as_rows(h0)),
                       llmlings::view_of<3>(logits.data(), logits.size(), {1, steps, Vd}), cache);
        std::vector<long double> last(Vd);
        for (std::size_t c = 0; c < Vd; ++c) last[c] = static_cast<long double>(logits(0, steps - 1, c));
        return log_softmax_ld(last);
    };
}

template prefix_scorer seq2seq_scorer<float>(const llmlings::nlp::seq2seq_model<float>&, const token_sequence&);
template prefix_scorer seq2seq_scorer<double>(const llmlings::nlp::seq2seq_model<double>&, const token_sequence&);

}  // namespace oracles
