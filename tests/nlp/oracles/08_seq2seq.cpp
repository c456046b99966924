// SPDX-License-Identifier: MIT
// Oracles of tests/nlp/08_seq2seq.cpp: the PyTorch golden file, nn/03's cross-entropy on the rows
// that are not pad, and the reversal task's batches; no code of the topic under test.
#include "08_seq2seq.hpp"

#include <algorithm>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmanipulation.hpp>

#include <llmlings/nn/03_losses.hpp>
#include <llmlings/testing.hpp>

namespace oracles {

namespace {

id_matrix ids_of(const xt::xarray<double>& a) {
    id_matrix ids = xt::zeros<std::size_t>({a.shape()[0], a.shape()[1]});
    for (std::size_t i = 0; i < a.shape()[0]; ++i)
        for (std::size_t j = 0; j < a.shape()[1]; ++j) ids(i, j) = static_cast<std::size_t>(a(i, j));
    return ids;
}

}  // namespace

id_matrix ids(std::initializer_list<std::initializer_list<std::size_t>> rows) {
    id_matrix out = xt::zeros<std::size_t>({rows.size(), rows.size() == 0 ? 0 : rows.begin()->size()});
    std::size_t b = 0;
    for (const auto& row : rows) {
        std::size_t t = 0;
        for (std::size_t id : row) out(b, t++) = id;
        ++b;
    }
    return out;
}

id_matrix padded(const id_matrix& ids, std::size_t extra) {
    id_matrix out = xt::zeros<std::size_t>({ids.shape()[0], ids.shape()[1] + extra});
    for (std::size_t b = 0; b < ids.shape()[0]; ++b)
        for (std::size_t t = 0; t < ids.shape()[1]; ++t) out(b, t) = ids(b, t);
    return out;
}

bool same_ids(const id_matrix& a, const id_matrix& b) {
    return a.shape() == b.shape() && std::equal(a.begin(), a.end(), b.begin());
}

bool same_ids(const index_vector& a, std::initializer_list<std::size_t> b) {
    return a.size() == b.size() && std::equal(b.begin(), b.end(), a.begin());
}

const seq2seq_golden& load_seq2seq_golden() {
    static const seq2seq_golden golden = [] {
        using llmlings::testing::golden_file;
        const golden_file g = golden_file::load(llmlings::testing::golden_path("nlp/08_seq2seq.txt"));
        seq2seq_golden out;
        out.src = ids_of(g.array("src"));
        out.tgt = ids_of(g.array("tgt"));
        for (const char* name :
             {"encoder.embedding.weight", "encoder.gru.ih.weight", "encoder.gru.ih.bias", "encoder.gru.hh.weight",
              "encoder.gru.hh.bias", "decoder.embedding.weight", "decoder.gru.ih.weight", "decoder.gru.ih.bias",
              "decoder.gru.hh.weight", "decoder.gru.hh.bias", "decoder.out.weight", "decoder.out.bias"}) {
            out.values.emplace_back(name, xt::flatten(g.array(name)));
            out.grads.emplace_back(name, xt::flatten(g.array(std::string("grad.") + name)));
        }
        out.enc_states = g.array("enc_states");
        out.enc_final = g.array("enc_final");
        out.logits = g.array("logits");
        out.loss = g.array("loss")(0);
        return out;
    }();
    return golden;
}

masked_loss masked_cross_entropy_reference(const tensor3& logits, const id_matrix& tgt, std::size_t pad) {
    const std::size_t rows = logits.shape()[0] * logits.shape()[1], classes = logits.shape()[2];
    std::vector<std::size_t> kept;
    for (std::size_t i = 0; i < rows; ++i)
        if (tgt.data()[i] != pad) kept.push_back(i);
    matrix gathered({kept.size(), classes});
    index_vector targets = xt::zeros<std::size_t>({kept.size()});
    for (std::size_t k = 0; k < kept.size(); ++k) {
        for (std::size_t c = 0; c < classes; ++c) gathered(k, c) = logits.data()[kept[k] * classes + c];
        targets(k) = tgt.data()[kept[k]];
    }
    const llmlings::nn::loss_result<double> r = llmlings::nn::cross_entropy_with_logits(gathered, targets);
    masked_loss out;
    out.loss = r.loss;
    out.grad = xt::zeros<double>(logits.shape());
    for (std::size_t k = 0; k < kept.size(); ++k)
        for (std::size_t c = 0; c < classes; ++c) out.grad.data()[kept[k] * classes + c] = r.grad(k, c);
    return out;
}

reversal_batch reversal_task(std::size_t rows, std::size_t max_len, std::size_t digits, llmlings::rng& gen) {
    reversal_batch out;
    out.src = xt::zeros<std::size_t>({rows, max_len});
    out.tgt = xt::zeros<std::size_t>({rows, max_len + 1});
    for (std::size_t b = 0; b < rows; ++b) {
        const std::size_t len = std::min(max_len, 1 + static_cast<std::size_t>(llmlings::uniform01(gen) * max_len));
        for (std::size_t t = 0; t < len; ++t)
            out.src(b, t) = 3 + std::min(digits - 1, static_cast<std::size_t>(llmlings::uniform01(gen) * digits));
        for (std::size_t t = 0; t < len; ++t) out.tgt(b, t) = out.src(b, len - 1 - t);
        out.tgt(b, len) = 2;
    }
    return out;
}

}  // namespace oracles
