// SPDX-License-Identifier: MIT
// Oracles of tests/nlp/09_attention.cpp: the PyTorch golden file, the reversal task's batches, the
// baseline trained with nlp/08 (an earlier topic, from the reference) and the anti-diagonal
// measure; no code of the topic under test.
#include "09_attention.hpp"

#include <algorithm>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmanipulation.hpp>

#include <llmlings/nlp/08_seq2seq.hpp>
#include <llmlings/nn/07_optimizers.hpp>
#include <llmlings/testing.hpp>

namespace oracles {

namespace {

id_matrix ids_of(const xt::xarray<double>& a) {
    id_matrix ids = xt::zeros<std::size_t>({a.shape()[0], a.shape()[1]});
    for (std::size_t i = 0; i < a.shape()[0]; ++i)
        for (std::size_t j = 0; j < a.shape()[1]; ++j) ids(i, j) = static_cast<std::size_t>(a(i, j));
    return ids;
}

attention_golden_model load_model(const llmlings::testing::golden_file& g, const std::string& score) {
    std::vector<std::string> names = {"encoder.embedding.weight", "encoder.gru.ih.weight", "encoder.gru.ih.bias",
                                      "encoder.gru.hh.weight",    "encoder.gru.hh.bias",   "decoder.embedding.weight",
                                      "decoder.gru.ih.weight",    "decoder.gru.ih.bias",   "decoder.gru.hh.weight",
                                      "decoder.gru.hh.bias",      "decoder.out.weight",    "decoder.out.bias"};
    if (score == "general") names.push_back("decoder.attention.general.weight");
    if (score == "additive")
        for (const char* n :
             {"decoder.attention.query.weight", "decoder.attention.key.weight", "decoder.attention.v.weight"})
            names.push_back(n);
    names.push_back("decoder.combine.weight");
    attention_golden_model m;
    for (const std::string& name : names) {
        m.values.emplace_back(name, xt::flatten(g.array(score + "." + name)));
        m.grads.emplace_back(name, xt::flatten(g.array(score + ".grad." + name)));
    }
    m.weights = g.array(score + ".weights");
    m.context = g.array(score + ".context");
    m.logits = g.array(score + ".logits");
    m.loss = g.array(score + ".loss")(0);
    return m;
}

}  // namespace

id_matrix token_ids(std::initializer_list<std::initializer_list<std::size_t>> rows) {
    id_matrix out = xt::zeros<std::size_t>({rows.size(), rows.size() == 0 ? 0 : rows.begin()->size()});
    std::size_t b = 0;
    for (const auto& row : rows) {
        std::size_t t = 0;
        for (std::size_t id : row) out(b, t++) = id;
        ++b;
    }
    return out;
}

id_matrix pad_columns(const id_matrix& ids, std::size_t extra) {
    id_matrix out = xt::zeros<std::size_t>({ids.shape()[0], ids.shape()[1] + extra});
    for (std::size_t b = 0; b < ids.shape()[0]; ++b)
        for (std::size_t t = 0; t < ids.shape()[1]; ++t) out(b, t) = ids(b, t);
    return out;
}

const attention_golden& load_attention_golden() {
    static const attention_golden golden = [] {
        using llmlings::testing::golden_file;
        const golden_file g = golden_file::load(llmlings::testing::golden_path("nlp/09_attention.txt"));
        attention_golden out;
        out.src = ids_of(g.array("src"));
        out.tgt = ids_of(g.array("tgt"));
        out.dot = load_model(g, "dot");
        out.general = load_model(g, "general");
        out.additive = load_model(g, "additive");
        return out;
    }();
    return golden;
}

reversal_batch reversal_task(std::size_t rows, std::size_t min_len, std::size_t max_len, std::size_t digits,
                             llmlings::rng& gen) {
    reversal_batch out;
    out.src = xt::zeros<std::size_t>({rows, max_len});
    out.tgt = xt::zeros<std::size_t>({rows, max_len + 1});
    const std::size_t span = max_len - min_len + 1;
    for (std::size_t b = 0; b < rows; ++b) {
        const std::size_t len =
            std::min(max_len, min_len + static_cast<std::size_t>(llmlings::uniform01(gen) * static_cast<double>(span)));
        for (std::size_t t = 0; t < len; ++t)
            out.src(b, t) = 3 + std::min(digits - 1, static_cast<std::size_t>(llmlings::uniform01(gen) * digits));
        for (std::size_t t = 0; t < len; ++t) out.tgt(b, t) = out.src(b, len - 1 - t);
        out.tgt(b, len) = 2;
    }
    return out;
}

double plain_seq2seq_reversal_accuracy(std::size_t steps, std::size_t min_len, std::size_t max_len, unsigned init_seed,
                                       unsigned data_seed, const reversal_batch& held_out) {
    using namespace llmlings::nlp;
    seq2seq_config c;
    c.source_vocab = 9;
    c.target_vocab = 9;
    c.embedding_size = 8;
    c.hidden_size = 16;
    llmlings::parameter_store<float> store;
    seq2seq_model<float> model = make_seq2seq(store, c);
    llmlings::rng gen(init_seed), data(data_seed);
    init_seq2seq(model, gen);
    llmlings::nn::adam_options o;
    o.lr = 0.01;
    auto opt = llmlings::nn::make_adam(model.params, o);
    seq2seq_workspace<float> ws;
    for (std::size_t step = 0; step < steps; ++step) {
        const reversal_batch b = reversal_task(32, min_len, max_len, 6, data);
        seq2seq_train_step(model, b.src, b.tgt, opt, 1.0, ws);
    }
    return seq2seq_evaluate(model, held_out.src, held_out.tgt, seq2seq_feeding::teacher_forcing, ws).accuracy;
}

anti_diagonal_measure anti_diagonal(const tensor3_of<float>& weights, const id_matrix& src) {
    anti_diagonal_measure m;
    const std::size_t S = src.shape()[1];
    std::size_t hits = 0;
    for (std::size_t b = 0; b < src.shape()[0]; ++b) {
        std::size_t len = 0;
        while (len < S && src(b, len) != 0) ++len;
        for (std::size_t t = 0; t < len; ++t) {
            const std::size_t target = len - 1 - t;
            std::size_t best = 0;
            for (std::size_t s = 1; s < S; ++s)
                if (weights(b, t, s) > weights(b, t, best)) best = s;
            hits += best == target ? 1 : 0;
            m.mean_weight += weights(b, t, target);
            ++m.positions;
        }
    }
    if (m.positions > 0) {
        m.mean_weight /= static_cast<double>(m.positions);
        m.argmax_fraction = static_cast<double>(hits) / static_cast<double>(m.positions);
    }
    return m;
}

}  // namespace oracles
