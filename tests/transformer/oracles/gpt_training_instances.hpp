// SPDX-License-Identifier: MIT
// transformer/06's backward passes, prerequisites of the topics after it (08, 11): instantiated
// for float and double once, in an oracles file (`LLMLINGS_GPT_TRAINING_INSTANCES(template)`), and
// declared `extern` here, as gpt_instances.hpp does for transformer/01–05. Never included by
// transformer/06's own tests, whose topic these functions are.
#ifndef LLMLINGS_TESTS_TRANSFORMER_ORACLES_GPT_TRAINING_INSTANCES_HPP
#define LLMLINGS_TESTS_TRANSFORMER_ORACLES_GPT_TRAINING_INSTANCES_HPP

#include <llmlings/transformer/06_gpt_training.hpp>

#include "gpt_instances.hpp"

#define LLMLINGS_GPT_TRAINING_INSTANCES_OF(KIND, T)                                          \
    KIND void llmlings::transformer::gpt_hidden_backward<T>(                                 \
        const llmlings::transformer::gpt_model<T>&, const llmlings::transformer::token_ids&, \
        llmlings::transformer::gpt_workspace<T>&, llmlings::transformer::gpt_gradients<T>&); \
    KIND void llmlings::transformer::gpt_backward<T>(                                        \
        const llmlings::transformer::gpt_model<T>&, const llmlings::transformer::token_ids&, \
        llmlings::transformer::gpt_workspace<T>&, llmlings::transformer::gpt_gradients<T>&);

#define LLMLINGS_GPT_TRAINING_INSTANCES(KIND)       \
    LLMLINGS_GPT_TRAINING_INSTANCES_OF(KIND, float) \
    LLMLINGS_GPT_TRAINING_INSTANCES_OF(KIND, double)

LLMLINGS_GPT_TRAINING_INSTANCES(extern template)

#endif  // LLMLINGS_TESTS_TRANSFORMER_ORACLES_GPT_TRAINING_INSTANCES_HPP
