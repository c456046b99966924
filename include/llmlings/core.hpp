// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Everything a topic file needs from the infrastructure: errors, tensor aliases, checks, the progress line.
 */
#ifndef LLMLINGS_CORE_HPP
#define LLMLINGS_CORE_HPP

#include <llmlings/core/errors.hpp>
#include <llmlings/core/progress.hpp>
#include <llmlings/core/random.hpp>
#include <llmlings/core/tensor.hpp>
#include <llmlings/version.hpp>

#endif  // LLMLINGS_CORE_HPP
