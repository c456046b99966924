// SPDX-License-Identifier: MIT
// Oracles of tests/peft/02_lora_finetuning.cpp: the merged GPT through transformer/06's reference
// backward, and the chain rule through W₀ + s·B·A; no code of the topic under test.
#include "02_lora_finetuning.hpp"

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmanipulation.hpp>

// The prerequisites' one instance for float and double (gpt_instances.hpp, and 06's backward).
LLMLINGS_GPT_INSTANCES(template)
LLMLINGS_GPT_TRAINING_INSTANCES(template)

namespace oracles {

merged_result merged_gpt(const llmlings::transformer::gpt_model<double>& base, const std::vector<lora_factors>& factors,
                         const llmlings::transformer::token_ids& ids, const llmlings::transformer::token_ids& targets) {
    using namespace llmlings::transformer;
    gpt_model<double> m = make_gpt(llmlings::parameter_store<double>(), base.config);
    for (const llmlings::parameter<double>& p : m.params) {
        const llmlings::parameter<double> from = base.params.find(p.name());
        std::copy(from.data(), from.data() + from.size(), p.data());
    }
    for (const lora_factors& f : factors) {
        const llmlings::parameter<double> w = m.params.find(f.layer + ".weight");
        set_values(w, matrix(values_matrix(w) + f.s * xt::linalg::dot(f.b, f.a)));
    }
    gpt_workspace<double> ws;
    gpt_gradients<double> g;
    m.params.zero_grad();
    const llmlings::matrix& logits = gpt_forward(m, ids, ws);
    llmlings::ensure_shape(g.d_logits, {logits.shape()[0], logits.shape()[1]});
    merged_result r;
    r.logits = logits;
    r.loss = gpt_cross_entropy<double>(input_rows(logits), targets, output_rows(g.d_logits));
    gpt_backward(m, ids, ws, g);
    for (const lora_factors& f : factors) {
        const matrix dw = grads_matrix(m.params.find(f.layer + ".weight"));
        r.db.push_back(f.s * xt::linalg::dot(dw, xt::transpose(f.a)));
        r.da.push_back(f.s * xt::linalg::dot(xt::transpose(f.b), dw));
    }
    r.merged = m.params;
    return r;
}

}  // namespace oracles
