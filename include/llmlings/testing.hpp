// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The test helpers in one include: Catch2, tolerance comparison, gradient checks, golden
 * files, the guard of tests on real data.
 *
 * `llmlings::testing::golden_path("linalg/svd.txt")` finds a golden file of this source tree
 * (the build passes LLMLINGS_GOLDEN_DIR); installed users pass their own paths to golden_file::load.
 */
#ifndef LLMLINGS_TESTING_HPP
#define LLMLINGS_TESTING_HPP

#include <string>

#include <llmlings/testing/catch.hpp>
#include <llmlings/testing/close.hpp>
#include <llmlings/testing/golden.hpp>
#include <llmlings/testing/gradcheck.hpp>
#include <llmlings/testing/real_data.hpp>
#include <llmlings/testing/scratch_dir.hpp>

namespace llmlings {
namespace testing {

#ifdef LLMLINGS_GOLDEN_DIR
/// @ingroup testing
/// @brief The path of a golden file under tests/golden/ of the source tree.
inline std::string golden_path(const std::string& relative) {
    return std::string(LLMLINGS_GOLDEN_DIR) + "/" + relative;
}
#endif

}  // namespace testing
}  // namespace llmlings

#endif  // LLMLINGS_TESTING_HPP
