// SPDX-License-Identifier: MIT
// Oracles of tests/transformer/01_attention.cpp: the PyTorch golden file; no code of the topic
// under test.
#include "01_attention.hpp"

#include <map>

#include <llmlings/testing.hpp>

#include "common/golden_arrays.hpp"

namespace oracles {

namespace {

attention_golden_case load_case(const llmlings::testing::golden_file& g, const std::string& name) {
    attention_golden_case c;
    c.q = golden_tensor3(g.array(name + ".q"));
    c.k = golden_tensor3(g.array(name + ".k"));
    c.v = golden_tensor3(g.array(name + ".v"));
    c.g = golden_tensor3(g.array(name + ".g"));
    c.weights = golden_tensor3(g.array(name + ".weights"));
    c.out = golden_tensor3(g.array(name + ".out"));
    c.dq = golden_tensor3(g.array(name + ".dq"));
    c.dk = golden_tensor3(g.array(name + ".dk"));
    c.dv = golden_tensor3(g.array(name + ".dv"));
    c.lengths = golden_ids(g.array(name + ".lengths"));
    c.causal = g.array(name + ".causal")(0) != 0.0;
    return c;
}

}  // namespace

const attention_golden_case& attention_golden(const std::string& name) {
    static const std::map<std::string, attention_golden_case> cases = [] {
        using llmlings::testing::golden_file;
        const golden_file g = golden_file::load(llmlings::testing::golden_path("transformer/01_attention.txt"));
        std::map<std::string, attention_golden_case> out;
        for (const char* n : {"masked", "cached", "plain"}) out[n] = load_case(g, n);
        return out;
    }();
    const auto it = cases.find(name);
    if (it == cases.end()) throw llmlings::invalid_argument("oracles::attention_golden", "no case '" + name + "'");
    return it->second;
}

}  // namespace oracles
