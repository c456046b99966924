// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The transformer module in one include: attention, the blocks of a GPT, its training and
 * sampling, checkpoints.
 *
 * Not included: transformer/11, data-parallel training, whose header includes <mpi.h> and whose
 * programs link MPI. Include <llmlings/transformer/11_data_parallel.hpp> explicitly, and build with
 * `find_package(MPI REQUIRED COMPONENTS CXX)` and `MPI::MPI_CXX` (@ref transformer_11_data_parallel).
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
#include <llmlings/transformer/08_bert.hpp>
#include <llmlings/transformer/09_interpretability.hpp>
#include <llmlings/transformer/10_safetensors.hpp>
// transformer/11_data_parallel is not included: it needs MPI (see above).

#endif  // LLMLINGS_TRANSFORMER_HPP
