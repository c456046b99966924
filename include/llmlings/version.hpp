// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The version of llmlings: the one place it is written (CMake and `./llmlings --version`
 * read it from here). Semantic versioning; CHANGELOG.md says what each version changed.
 */
#ifndef LLMLINGS_VERSION_HPP
#define LLMLINGS_VERSION_HPP

/// @ingroup core
/// @brief Major version: changes when a public function changes in a way that breaks callers.
#define LLMLINGS_VERSION_MAJOR 0
/// @ingroup core
/// @brief Minor version: changes when topics or functions are added.
#define LLMLINGS_VERSION_MINOR 6
/// @ingroup core
/// @brief Patch version: changes for fixes only.
#define LLMLINGS_VERSION_PATCH 0
/// @ingroup core
/// @brief The version as "MAJOR.MINOR.PATCH".
#define LLMLINGS_VERSION_STRING "0.6.0"

#endif  // LLMLINGS_VERSION_HPP
