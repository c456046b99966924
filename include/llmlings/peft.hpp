// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The peft module in one include: LoRA, LoRA fine-tuning of the GPT, adapters and prompt tuning, int8 and NF4
 * quantisation, QLoRA.
 */
#ifndef LLMLINGS_PEFT_HPP
#define LLMLINGS_PEFT_HPP

/**
 * @defgroup peft peft — parameter-efficient fine-tuning and compression
 * @brief Weeks 23–24 and 31–32: LoRA, adapters, int8 and NF4 quantisation, QLoRA.
 */

#include <llmlings/peft/01_lora.hpp>
#include <llmlings/peft/02_lora_finetuning.hpp>
#include <llmlings/peft/03_adapters.hpp>
#include <llmlings/peft/04_quantization.hpp>
#include <llmlings/peft/05_nf4.hpp>
#include <llmlings/peft/06_qlora.hpp>

#endif  // LLMLINGS_PEFT_HPP
