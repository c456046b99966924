// SPDX-License-Identifier: MIT
// Oracles of tests/peft/03_adapters.cpp: the adapter GPT through transformer/02–05's reference
// layers and an adapter written out in xtensor, the prompted GPT as the base GPT on a longer
// sequence, and central differences over the trainable tensors; no code of the topic under test.
#include "03_adapters.hpp"

#include <cmath>
#include <string>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmanipulation.hpp>

// The prerequisites' one instance for float and double (gpt_instances.hpp, 06's backward, and
// peft/02's block passes).
LLMLINGS_GPT_INSTANCES(template)
LLMLINGS_GPT_TRAINING_INSTANCES(template)
LLMLINGS_LORA_GPT_INSTANCES(template)

namespace oracles {

namespace {

// y + GELU_tanh(y Dᵀ + d) Uᵀ + u, row by row, in double.
matrix adapter_of(const matrix& y, const llmlings::parameter_store<double>& store, std::size_t block) {
    const std::string p = "blocks." + std::to_string(block) + ".adapter.";
    const matrix down = values_matrix(store.find(p + "down.weight"));
    const vector down_bias = values_of(store.find(p + "down.bias"));
    const matrix up = values_matrix(store.find(p + "up.weight"));
    const vector up_bias = values_of(store.find(p + "up.bias"));
    matrix pre = xt::linalg::dot(y, xt::transpose(down));
    pre += xt::view(down_bias, xt::newaxis(), xt::all());
    const double k = std::sqrt(2.0 / M_PI);
    const matrix act = 0.5 * pre * (1.0 + xt::tanh(k * (pre + 0.044715 * pre * pre * pre)));
    matrix out = y + xt::linalg::dot(act, xt::transpose(up));
    out += xt::view(up_bias, xt::newaxis(), xt::all());
    return out;
}

}  // namespace

matrix adapter_reference_logits(const llmlings::transformer::gpt_model<double>& gpt,
                                const llmlings::transformer::token_ids& ids) {
    using namespace llmlings::transformer;
    using llmlings::as_rows;
    using llmlings::as_view;
    const std::size_t B = ids.shape()[0], T = ids.shape()[1], C = gpt.config.channels, rows = B * T;
    tensor3 x = tensor3::from_shape({B, T, C});
    embed_tokens(gpt.wte, ids, as_view(x));
    learned_positions_forward(gpt.wpe, as_view(x), as_view(x));
    attention_mask causal;
    causal.causal = true;
    for (std::size_t l = 0; l < gpt.blocks.size(); ++l) {
        const gpt_block<double>& b = gpt.blocks[l];
        gpt_block_state<double> s;
        for (matrix* m : {&s.ln1_out, &s.residual, &s.ln2_out, &s.mlp_out, &s.output}) *m = matrix({rows, C});
        s.attn_out = tensor3::from_shape({B, T, C});
        const auto x_rows = llmlings::view_of<2>(static_cast<const double*>(x.data()), rows * C, {rows, C});
        layer_norm_forward(b.ln1, x_rows, as_rows(s.ln1_out), s.ln1);
        multi_head_forward(b.attn,
                           llmlings::view_of<3>(static_cast<const double*>(s.ln1_out.data()), rows * C, {B, T, C}),
                           as_view(s.attn_out), s.attn, causal);
        residual_add(x_rows, as_rows(s.attn_out), as_rows(s.residual));
        layer_norm_forward(b.ln2, as_rows(s.residual), as_rows(s.ln2_out), s.ln2);
        mlp_forward(b.mlp, as_rows(s.ln2_out), as_rows(s.mlp_out), s.mlp);
        residual_add(as_rows(s.residual), as_rows(s.mlp_out), as_rows(s.output));
        const matrix next = adapter_of(s.output, gpt.params, l);
        std::copy(next.begin(), next.end(), x.begin());
    }
    matrix normed({rows, C});
    layer_norm_cache<double> cache;
    layer_norm_forward(gpt.ln_f, llmlings::view_of<2>(static_cast<const double*>(x.data()), rows * C, {rows, C}),
                       as_rows(normed), cache);
    return xt::linalg::dot(normed, xt::transpose(values_matrix(gpt.wte)));
}

template <class T>
matrix prompted_reference_logits(const llmlings::transformer::gpt_model<T>& gpt,
                                 const std::vector<std::size_t>& prompt_ids,
                                 const llmlings::transformer::token_ids& ids) {
    using namespace llmlings::transformer;
    const std::size_t B = ids.shape()[0], T_ = ids.shape()[1], P = prompt_ids.size(), S = P + T_;
    const std::size_t V = gpt.config.vocab_size;
    token_ids longer({B, S});
    for (std::size_t b = 0; b < B; ++b) {
        for (std::size_t i = 0; i < P; ++i) longer(b, i) = prompt_ids[i];
        for (std::size_t t = 0; t < T_; ++t) longer(b, P + t) = ids(b, t);
    }
    gpt_workspace<T> ws;
    const matrix all = to_double(gpt_forward(gpt, longer, ws));
    matrix out({B * T_, V});
    for (std::size_t b = 0; b < B; ++b)
        for (std::size_t t = 0; t < T_; ++t)
            for (std::size_t v = 0; v < V; ++v) out(b * T_ + t, v) = all(b * S + P + t, v);
    return out;
}

template matrix prompted_reference_logits<float>(const llmlings::transformer::gpt_model<float>&,
                                                 const std::vector<std::size_t>&,
                                                 const llmlings::transformer::token_ids&);
template matrix prompted_reference_logits<double>(const llmlings::transformer::gpt_model<double>&,
                                                  const std::vector<std::size_t>&,
                                                  const llmlings::transformer::token_ids&);

std::vector<llmlings::testing::tensor_gradient_report> trainable_gradient_check(
    llmlings::parameter_store<double>& store, const std::function<double()>& loss) {
    std::vector<llmlings::testing::tensor_gradient_report> reports;
    for (std::size_t k = 0; k < store.count(); ++k) {
        const llmlings::parameter<double> p = store.at(k);
        if (!p.trainable()) continue;
        const llmlings::parameter_info& info = store.info(k);
        const xt::xarray<double> point = xt::adapt(p.data(), info.size, xt::no_ownership(), info.shape);
        const xt::xarray<double> analytic = xt::adapt(p.grad_data(), info.size, xt::no_ownership(), info.shape);
        double* values = p.data();
        const auto f = [&](const xt::xarray<double>& moved) {
            std::copy(moved.begin(), moved.end(), values);
            return loss();
        };
        llmlings::testing::tensor_gradient_report r;
        r.name = info.name;
        r.report = llmlings::testing::gradient_check(f, point, analytic);
        std::copy(point.begin(), point.end(), values);  // restore θ
        reports.push_back(std::move(r));
    }
    return reports;
}

}  // namespace oracles
