// SPDX-License-Identifier: MIT
// Oracles of tests/peft/06_qlora.cpp: LoRA (peft/02's reference) on the float GPT whose weights are
// peft/05's dequantize(quantize_nf4(W)), LoRA on the float base and full fine-tuning; no code of
// the topic under test.
#include "06_qlora.hpp"

#include <algorithm>
#include <stdexcept>

// The prerequisites' one instance for float and double (gpt_instances.hpp, 06's backward, peft/02 and 05).
LLMLINGS_GPT_INSTANCES(template)
LLMLINGS_GPT_TRAINING_INSTANCES(template)
LLMLINGS_LORA_GPT_INSTANCES(template)
LLMLINGS_QLORA_PREREQUISITE_INSTANCES(template)

namespace oracles {

namespace {

using namespace llmlings::transformer;
using namespace llmlings::peft;

template <class T>
gpt_model<T> copy_gpt(const gpt_model<T>& from) {
    gpt_model<T> m = make_gpt(llmlings::parameter_store<T>(), from.config);
    for (const llmlings::parameter<T>& p : m.params) {
        const llmlings::parameter<T> source = from.params.find(p.name());
        std::copy(source.data(), source.data() + source.size(), p.data());
    }
    return m;
}

}  // namespace

template <class T>
dequantized_lora_result dequantized_lora(const gpt_model<T>& pretrained, const lora_config& config,
                                         unsigned factor_seed, const std::vector<matrix>& b, const token_ids& ids,
                                         const token_ids& targets) {
    dequantized_lora_result r;
    gpt_model<T> gpt = copy_gpt(pretrained);
    for (gpt_block<T>& block : gpt.blocks)
        for (const llmlings::nn::dense_layer<T>* d :
             {&block.attn.qkv, &block.attn.proj, &block.mlp.fc, &block.mlp.proj}) {
            const nf4_tensor<T> q =
                quantize_nf4<T>(llmlings::view_of<2>(static_cast<const T*>(d->weight.data()), d->weight.size(),
                                                     {d->out_features, d->in_features}),
                                64, true);
            dequantize(q, d->weight.template value<2>());
            r.weights.push_back(values_matrix(d->weight));
        }
    llmlings::rng gen(factor_seed);
    lora_gpt<T> m = make_lora_gpt(gpt, config, gen);
    std::size_t k = 0;
    for (lora_block<T>& block : m.blocks)
        for (lora_layer<T>* layer : {&block.qkv, &block.attn_proj, &block.fc, &block.mlp_proj}) {
            if (layer->rank == 0) continue;
            if (k >= b.size()) throw std::logic_error("dequantized_lora: fewer B factors than adapted layers");
            set_values(layer->b.weight, b[k++]);
            r.a.push_back(values_matrix(layer->a.weight));
        }
    if (k != b.size()) throw std::logic_error("dequantized_lora: more B factors than adapted layers");
    lora_gpt_workspace<T> ws;
    gpt_gradients<T> g;
    m.gpt.params.zero_grad();
    const llmlings::matrix_of<T>& logits = lora_gpt_forward(m, ids, ws);
    r.logits = to_double(logits);
    llmlings::ensure_shape(g.d_logits, {logits.shape()[0], logits.shape()[1]});
    r.loss = gpt_cross_entropy<T>(input_rows(logits), targets, output_rows(g.d_logits));
    lora_gpt_backward(m, ids, ws, g);
    for (lora_block<T>& block : m.blocks)
        for (lora_layer<T>* layer : {&block.qkv, &block.attn_proj, &block.fc, &block.mlp_proj}) {
            if (layer->rank == 0) continue;
            r.da.push_back(grads_matrix(layer->a.weight));
            r.db.push_back(grads_matrix(layer->b.weight));
        }
    return r;
}

template dequantized_lora_result dequantized_lora<float>(const gpt_model<float>&, const lora_config&, unsigned,
                                                         const std::vector<matrix>&, const token_ids&,
                                                         const token_ids&);
template dequantized_lora_result dequantized_lora<double>(const gpt_model<double>&, const lora_config&, unsigned,
                                                          const std::vector<matrix>&, const token_ids&,
                                                          const token_ids&);

std::vector<std::size_t> old_text() {
    const std::string text = "In the beginning God created the heaven and the earth.";
    return std::vector<std::size_t>(text.begin(), text.end());
}

std::vector<std::size_t> new_text() {
    const std::string text = "God created the earth and the heaven in the beginning.";
    return std::vector<std::size_t>(text.begin(), text.end());
}

gpt_model<float> pretrained_byte_gpt() {
    static const gpt_model<float> pretrained = [] {
        gpt_config c;
        c.vocab_size = 256;
        c.block_size = 16;
        c.layers = 2;
        c.heads = 2;
        c.channels = 32;
        gpt_model<float> gpt = make_gpt(llmlings::parameter_store<float>(), c);
        llmlings::rng gen(21);
        init_gpt(gpt, gen);
        llmlings::nn::adamw_options o;
        o.lr = 1e-2;
        auto opt = llmlings::nn::make_adamw(gpt.params, o);
        gpt_workspace<float> ws;
        gpt_gradients<float> g;
        token_ids ids, targets;
        const std::vector<std::size_t> text = old_text();
        for (int step = 0; step < 100; ++step) {
            get_batch(text, 8, 16, gen, ids, targets);
            gpt_train_step(gpt, ids, targets, ws, g, opt);
        }
        return gpt;
    }();
    return copy_gpt(pretrained);
}

double loss_of(const llmlings::matrix_of<float>& logits, const token_ids& targets) {
    llmlings::matrix_of<float> d = filled<float>(logits.shape()[0], logits.shape()[1], 0.0);
    return gpt_cross_entropy<float>(input_rows(logits), targets, output_rows(d));
}

fine_tuning_losses lora_fine_tuning(const gpt_model<float>& base, const lora_config& config, unsigned factor_seed,
                                    unsigned batch_seed, int steps, const token_ids& eval_ids,
                                    const token_ids& eval_targets) {
    llmlings::rng factors(factor_seed), batches(batch_seed);
    lora_gpt<float> m = make_lora_gpt(copy_gpt(base), config, factors);
    llmlings::nn::adamw_options o;
    o.lr = 1e-2;
    auto opt = llmlings::nn::make_adamw(m.gpt.params, o);
    lora_gpt_workspace<float> ws;
    gpt_gradients<float> g;
    fine_tuning_losses r;
    r.before = loss_of(lora_gpt_forward(m, eval_ids, ws), eval_targets);
    token_ids ids, targets;
    const std::vector<std::size_t> text = new_text();
    for (int step = 0; step < steps; ++step) {
        get_batch(text, 8, 16, batches, ids, targets);
        lora_gpt_train_step(m, ids, targets, ws, g, opt);
    }
    r.after = loss_of(lora_gpt_forward(m, eval_ids, ws), eval_targets);
    return r;
}

fine_tuning_losses full_fine_tuning(const gpt_model<float>& base, unsigned batch_seed, int steps,
                                    const token_ids& eval_ids, const token_ids& eval_targets) {
    llmlings::rng batches(batch_seed);
    gpt_model<float> m = copy_gpt(base);
    llmlings::nn::adamw_options o;
    o.lr = 1e-2;
    auto opt = llmlings::nn::make_adamw(m.params, o);
    gpt_workspace<float> ws;
    gpt_gradients<float> g;
    fine_tuning_losses r;
    r.before = loss_of(gpt_forward(m, eval_ids, ws), eval_targets);
    token_ids ids, targets;
    const std::vector<std::size_t> text = new_text();
    for (int step = 0; step < steps; ++step) {
        get_batch(text, 8, 16, batches, ids, targets);
        gpt_train_step(m, ids, targets, ws, g, opt);
    }
    r.after = loss_of(gpt_forward(m, eval_ids, ws), eval_targets);
    return r;
}

}  // namespace oracles
