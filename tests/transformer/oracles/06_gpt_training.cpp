// SPDX-License-Identifier: MIT
// Oracles of tests/transformer/06_gpt_training.cpp: the PyTorch golden file; no code of the topic
// under test.
#include "06_gpt_training.hpp"

#include <algorithm>

#include <xtensor/xview.hpp>

#include <llmlings/testing.hpp>

#include "common/golden_arrays.hpp"

// The prerequisites' one instance for float and double (gpt_instances.hpp).
LLMLINGS_GPT_INSTANCES(template)

namespace oracles {

const training_tensor& training_golden::tensor(const std::string& name) const {
    for (const training_tensor& t : tensors)
        if (t.name == name) return t;
    throw llmlings::invalid_argument("oracles::training_golden::tensor", "no tensor '" + name + "'");
}

namespace {

// Batch s of a (STEPS, B, T) id array.
std::vector<id_matrix> id_batches(const xt::xarray<double>& a) {
    std::vector<id_matrix> out;
    for (std::size_t s = 0; s < a.shape()[0]; ++s) {
        const xt::xarray<double> batch = xt::view(a, s, xt::all(), xt::all());
        const index_vector flat = golden_ids(batch);
        id_matrix ids = xt::zeros<std::size_t>({a.shape()[1], a.shape()[2]});
        std::copy(flat.begin(), flat.end(), ids.begin());
        out.push_back(ids);
    }
    return out;
}

}  // namespace

const training_golden& load_training_golden() {
    static const training_golden golden = [] {
        using llmlings::testing::golden_file;
        const golden_file g = golden_file::load(llmlings::testing::golden_path("transformer/06_gpt_training.txt"));
        training_golden out;
        for (const std::string& n : gpt_tensor_names(2))
            out.tensors.push_back({n, golden_vector(g.array(n)), golden_vector(g.array("grad." + n)),
                                   golden_vector(g.array("grad32." + n))});
        out.ids = id_batches(g.array("ids"));
        out.targets = id_batches(g.array("targets"));
        out.loss64 = golden_vector(g.array("loss64"));
        out.loss32 = golden_vector(g.array("loss32"));
        out.norm64 = golden_vector(g.array("norm64"));
        return out;
    }();
    return golden;
}

std::vector<std::size_t> byte_tokens(const std::string& text) {
    std::vector<std::size_t> out;
    for (const char c : text) out.push_back(static_cast<unsigned char>(c));
    return out;
}

}  // namespace oracles
