// SPDX-License-Identifier: MIT
// The oracles of tests/peft/06_qlora.cpp, compiled once in oracles/06_qlora.cpp (never with the
// learner's file): QLoRA computed another way — the float GPT whose linear weights are replaced by
// dequantize(quantize_nf4(W)) (peft/05's reference, blocks of 64, double quantisation), then
// peft/02's reference LoRA on it (make_lora_gpt with the same seed, its forward and backward) — and
// the two runs QLoRA is measured against: LoRA on the float base and full fine-tuning
// (transformer/06), on a byte-level GPT pretrained here. Also the prerequisites' one instance
// (transformer/01–06, and the peft/02 and peft/05 functions a QLoRA solution calls).
#ifndef LLMLINGS_TESTS_PEFT_ORACLES_06_QLORA_HPP
#define LLMLINGS_TESTS_PEFT_ORACLES_06_QLORA_HPP

#include <cstddef>
#include <string>
#include <vector>

#include <llmlings/peft/02_lora_finetuning.hpp>
#include <llmlings/peft/05_nf4.hpp>

#include "common/oracles.hpp"
#include "lora_gpt_instances.hpp"

// KIND is `template` (the definitions, in oracles/06_qlora.cpp) or `extern template` (below).
#define LLMLINGS_QLORA_PREREQUISITE_INSTANCES_OF(KIND, T)                                                     \
    KIND llmlings::peft::nf4_tensor<T> llmlings::peft::quantize_nf4<T>(const llmlings::const_matrix_view<T>&, \
                                                                       std::size_t, bool);                    \
    KIND void llmlings::peft::dequantize<T>(const llmlings::peft::nf4_tensor<T>&, llmlings::matrix_view<T>);  \
    KIND bool llmlings::peft::merge_lora<T>(llmlings::peft::lora_layer<T>&);

#define LLMLINGS_QLORA_PREREQUISITE_INSTANCES(KIND)       \
    LLMLINGS_QLORA_PREREQUISITE_INSTANCES_OF(KIND, float) \
    LLMLINGS_QLORA_PREREQUISITE_INSTANCES_OF(KIND, double)

LLMLINGS_QLORA_PREREQUISITE_INSTANCES(extern template)

namespace oracles {

/// What LoRA on the dequantised float GPT gives, widened to double (exactly): the logits, the
/// loss, per adapted layer (block by block, qkv, attn.proj, fc, mlp.proj) A and the gradients of A
/// and B, and per block its four dequantised weights in the same order.
struct dequantized_lora_result {
    double loss = 0.0;
    matrix logits;
    std::vector<matrix> a, da, db;
    std::vector<matrix> weights;
};

/// `pretrained` copied into a fresh store, every linear weight W replaced by
/// dequantize(quantize_nf4<T>(W, 64, true)); peft/02's make_lora_gpt with `config` and
/// rng(factor_seed); the B factors set to `b` (rounded to T, in the order above); then
/// lora_gpt_forward, gpt_cross_entropy and lora_gpt_backward of (ids, targets), in T.
template <class T>
dequantized_lora_result dequantized_lora(const llmlings::transformer::gpt_model<T>& pretrained,
                                         const llmlings::peft::lora_config& config, unsigned factor_seed,
                                         const std::vector<matrix>& b, const llmlings::transformer::token_ids& ids,
                                         const llmlings::transformer::token_ids& targets);

/// The two texts of the fine-tuning test: the base is pretrained on the first, fine-tuned on the
/// second (the same bytes in another order: the frozen embeddings know every byte of it).
std::vector<std::size_t> old_text();
std::vector<std::size_t> new_text();

/// A byte-level GPT (V 256, P 16, L 2, H 2, C 32; init_gpt with rng(21)) pretrained on old_text()
/// for 100 AdamW steps (lr 1e-2, batches of 8 windows of 16), computed once; each call returns a
/// copy in a fresh store.
llmlings::transformer::gpt_model<float> pretrained_byte_gpt();

/// The mean cross-entropy of a model's logits for these targets.
double loss_of(const llmlings::matrix_of<float>& logits, const llmlings::transformer::token_ids& targets);

/// Fine-tuning on new_text(): `steps` AdamW steps (lr 1e-2, clip 1) on the batches of
/// get_batch(new_text(), 8, 16, rng(batch_seed)); the loss on (eval_ids, eval_targets) before the
/// first step and after the last.
struct fine_tuning_losses {
    double before = 0.0;
    double after = 0.0;
};

/// peft/02's LoRA on the float base (make_lora_gpt with `config` and rng(factor_seed)).
fine_tuning_losses lora_fine_tuning(const llmlings::transformer::gpt_model<float>& base,
                                    const llmlings::peft::lora_config& config, unsigned factor_seed,
                                    unsigned batch_seed, int steps, const llmlings::transformer::token_ids& eval_ids,
                                    const llmlings::transformer::token_ids& eval_targets);

/// Full fine-tuning of every tensor (transformer/06's gpt_train_step).
fine_tuning_losses full_fine_tuning(const llmlings::transformer::gpt_model<float>& base, unsigned batch_seed, int steps,
                                    const llmlings::transformer::token_ids& eval_ids,
                                    const llmlings::transformer::token_ids& eval_targets);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_PEFT_ORACLES_06_QLORA_HPP
