// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The transformer module in one include: attention, the blocks of a GPT, its training and
 * sampling, checkpoints and data-parallel training.
 */
#ifndef LLMLINGS_TRANSFORMER_HPP
#define LLMLINGS_TRANSFORMER_HPP

/**
 * @defgroup transformer transformer — transformers and LLMs
 * @brief Weeks 21–28 and 33–34: attention, the GPT and BERT architectures, training in float32
 * on the parameter store, sampling, checkpoints.
 */

#include <llmlings/transformer/01_attention.hpp>
#include <llmlings/transformer/02_multi_head.hpp>
#include <llmlings/transformer/03_positions.hpp>
#include <llmlings/transformer/04_norms.hpp>
#include <llmlings/transformer/05_gpt_forward.hpp>
#include <llmlings/transformer/06_gpt_training.hpp>
#include <llmlings/transformer/07_sampling.hpp>
#include <llmlings/transformer/09_interpretability.hpp>
#include <llmlings/transformer/10_safetensors.hpp>

#endif  // LLMLINGS_TRANSFORMER_HPP
