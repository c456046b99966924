// SPDX-License-Identifier: MIT
// Oracles of tests/transformer/02_multi_head.cpp: the PyTorch golden file; no code of the topic
// under test.
#include "02_multi_head.hpp"

#include <algorithm>
#include <map>

#include <llmlings/testing.hpp>

#include "common/golden_arrays.hpp"

namespace oracles {

namespace {

multi_head_golden_case load_case(const llmlings::testing::golden_file& g, const std::string& name) {
    multi_head_golden_case c;
    c.x = golden_tensor3(g.array(name + ".x"));
    c.g = golden_tensor3(g.array(name + ".g"));
    c.y = golden_tensor3(g.array(name + ".y"));
    c.dx = golden_tensor3(g.array(name + ".dx"));
    c.weights = golden_tensor3(g.array(name + ".weights"));  // (B,H,T,T) as (B·H,T,T)
    c.lengths = golden_ids(g.array(name + ".lengths"));
    c.causal = g.array(name + ".causal")(0) != 0.0;
    c.heads = static_cast<std::size_t>(g.array(name + ".heads")(0));
    c.qkv_weight = golden_matrix(g.array(name + ".qkv.weight"));
    c.proj_weight = golden_matrix(g.array(name + ".proj.weight"));
    c.grad_qkv_weight = golden_matrix(g.array(name + ".grad.qkv.weight"));
    c.grad_proj_weight = golden_matrix(g.array(name + ".grad.proj.weight"));
    c.qkv_bias = golden_vector(g.array(name + ".qkv.bias"));
    c.proj_bias = golden_vector(g.array(name + ".proj.bias"));
    c.grad_qkv_bias = golden_vector(g.array(name + ".grad.qkv.bias"));
    c.grad_proj_bias = golden_vector(g.array(name + ".grad.proj.bias"));
    return c;
}

}  // namespace

const multi_head_golden_case& multi_head_golden(const std::string& name) {
    static const std::map<std::string, multi_head_golden_case> cases = [] {
        using llmlings::testing::golden_file;
        const golden_file g = golden_file::load(llmlings::testing::golden_path("transformer/02_multi_head.txt"));
        std::map<std::string, multi_head_golden_case> out;
        for (const char* n : {"masked", "plain"}) out[n] = load_case(g, n);
        return out;
    }();
    const auto it = cases.find(name);
    if (it == cases.end()) throw llmlings::invalid_argument("oracles::multi_head_golden", "no case '" + name + "'");
    return it->second;
}

}  // namespace oracles
