// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The guard of every test case that reads a real data set from `.data/`.
 *
 * A test on real data must never pass by checking nothing. When a file is missing the guard
 * FAILs the test case with the fix (`./llmlings data`); only with the environment variable
 * `LLMLINGS_ALLOW_MISSING_DATA=1` (a machine that cannot reach Debian's mirrors) does it skip the
 * case (LLMLINGS_SKIP: reported as skipped on Catch2 3; a warning and `false` on Catch2 2.13, so
 * that the caller returns without checking anything).
 */
#ifndef LLMLINGS_TESTING_REAL_DATA_HPP
#define LLMLINGS_TESTING_REAL_DATA_HPP

#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <string>

#include <llmlings/testing/catch.hpp>

#include <llmlings/data/dataset.hpp>

namespace llmlings {
namespace testing {

/**
 * @ingroup testing
 * @brief True when every file is in the data directory (llmlings::data::default_data_dir()).
 *
 * Otherwise FAILs the running test case, or with LLMLINGS_ALLOW_MISSING_DATA=1 skips it
 * (LLMLINGS_SKIP) and returns false. Use as `if (!llmlings::testing::have_real_data({"iris.csv"})) return;`.
 */
inline bool have_real_data(std::initializer_list<const char*> files) {
    const std::string dir = data::default_data_dir();
    std::string missing;
    for (const char* f : files)
        if (!std::filesystem::is_regular_file(std::filesystem::path(dir) / f))
            missing += std::string(missing.empty() ? "" : ", ") + f;
    if (missing.empty()) return true;
    const char* allow = std::getenv("LLMLINGS_ALLOW_MISSING_DATA");
    if (allow != nullptr && std::string(allow) == "1") {
        LLMLINGS_SKIP("data set missing: run ./llmlings data (" << missing << " not in " << dir
                                                                << "); not checked, LLMLINGS_ALLOW_MISSING_DATA=1");
        return false;
    }
    FAIL("data set missing: run ./llmlings data (" << missing << " not in " << dir
                                                   << "; LLMLINGS_ALLOW_MISSING_DATA=1 turns this into a warning)");
    return false;
}

}  // namespace testing
}  // namespace llmlings

#endif  // LLMLINGS_TESTING_REAL_DATA_HPP
