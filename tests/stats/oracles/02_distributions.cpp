// SPDX-License-Identifier: MIT
// Oracles of tests/stats/02_distributions.cpp: the golden file, no llmlings algorithm code.
#include "02_distributions.hpp"

#include <map>

#include <llmlings/testing.hpp>

namespace oracles {

const matrix& golden_table(const char* name) {
    static const llmlings::testing::golden_file g =
        llmlings::testing::golden_file::load(std::string(LLMLINGS_GOLDEN_DIR) + "/stats/02_distributions.txt");
    static std::map<std::string, matrix> tables;
    auto found = tables.find(name);
    if (found == tables.end()) found = tables.emplace(name, matrix(g.array(name))).first;
    return found->second;
}

}  // namespace oracles
