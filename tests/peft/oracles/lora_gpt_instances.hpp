// SPDX-License-Identifier: MIT
// peft/02's functions that the later peft topics (03, 06) run, instantiated for float and double
// once, in each of their oracles files (`LLMLINGS_LORA_GPT_INSTANCES(template)`), and declared
// `extern` here, as transformer/oracles/gpt_instances.hpp does for the transformer's. Never
// included by peft/02's own tests, whose topic these functions are.
#ifndef LLMLINGS_TESTS_PEFT_ORACLES_LORA_GPT_INSTANCES_HPP
#define LLMLINGS_TESTS_PEFT_ORACLES_LORA_GPT_INSTANCES_HPP

#include <llmlings/peft/02_lora_finetuning.hpp>

#include "transformer/oracles/gpt_training_instances.hpp"

#define LLMLINGS_LORA_GPT_INSTANCES_OF(KIND, T)                                                          \
    KIND llmlings::peft::lora_gpt<T> llmlings::peft::make_lora_gpt<T>(                                   \
        const llmlings::transformer::gpt_model<T>&, const llmlings::peft::lora_config&, llmlings::rng&); \
    KIND void llmlings::peft::lora_block_forward<T>(                                                     \
        const llmlings::transformer::gpt_block<T>&, const llmlings::peft::lora_block<T>&,                \
        const llmlings::const_tensor_view<T, 3>&, llmlings::transformer::gpt_block_state<T>&,            \
        llmlings::peft::lora_block_cache<T>&);                                                           \
    KIND void llmlings::peft::lora_block_backward<T>(                                                    \
        const llmlings::transformer::gpt_block<T>&, const llmlings::peft::lora_block<T>&,                \
        const llmlings::const_tensor_view<T, 3>&, llmlings::transformer::gpt_block_state<T>&,            \
        llmlings::peft::lora_block_cache<T>&, llmlings::transformer::gpt_gradients<T>&);                 \
    KIND llmlings::peft::training_memory llmlings::peft::measure_training_memory<T>(                     \
        const llmlings::parameter_store<T>&, const llmlings::nn::adam_optimizer<T>&);

#define LLMLINGS_LORA_GPT_INSTANCES(KIND)       \
    LLMLINGS_LORA_GPT_INSTANCES_OF(KIND, float) \
    LLMLINGS_LORA_GPT_INSTANCES_OF(KIND, double)

LLMLINGS_LORA_GPT_INSTANCES(extern template)

#endif  // LLMLINGS_TESTS_PEFT_ORACLES_LORA_GPT_INSTANCES_HPP
