// SPDX-License-Identifier: MIT
// Oracles of tests/transformer/05_gpt_forward.cpp: the PyTorch golden file and a cross-entropy of
// its own; no code of the topic under test.
#include "05_gpt_forward.hpp"

#include <algorithm>
#include <cmath>

#include <xtensor/xview.hpp>

#include <llmlings/testing.hpp>

#include "common/golden_arrays.hpp"

namespace oracles {

const vector& gpt_golden::tensor(const std::string& name) const {
    for (const auto& t : tensors)
        if (t.first == name) return t.second;
    throw llmlings::invalid_argument("oracles::gpt_golden::tensor", "no tensor '" + name + "'");
}

matrix gpt_golden::table(const std::string& name, std::size_t rows, std::size_t cols) const {
    const vector& v = tensor(name);
    if (v.size() != rows * cols)
        throw llmlings::shape_error("oracles::gpt_golden::table", "'" + name + "' has another size");
    matrix m = xt::zeros<double>({rows, cols});
    std::copy(v.begin(), v.end(), m.begin());
    return m;
}

const gpt_golden& load_gpt_golden() {
    static const gpt_golden golden = [] {
        using llmlings::testing::golden_file;
        const golden_file g = golden_file::load(llmlings::testing::golden_path("transformer/05_gpt_forward.txt"));
        gpt_golden out;
        for (const std::string& n : gpt_tensor_names(2)) out.tensors.emplace_back(n, golden_vector(g.array(n)));
        const auto& ids = g.array("ids");
        out.ids = xt::zeros<std::size_t>({ids.shape()[0], ids.shape()[1]});
        const index_vector flat_ids = golden_ids(ids), flat_targets = golden_ids(g.array("targets"));
        out.targets = out.ids;
        std::copy(flat_ids.begin(), flat_ids.end(), out.ids.begin());
        std::copy(flat_targets.begin(), flat_targets.end(), out.targets.begin());
        out.logits = golden_matrix(g.array("logits"));
        out.loss = g.array("loss")(0);
        out.key_lengths = golden_ids(g.array("key_lengths"));
        out.hidden_padded = golden_matrix(g.array("hidden_padded"));
        return out;
    }();
    return golden;
}

matrix rows_of(const matrix& m, std::size_t r0, std::size_t r1) {
    if (r0 > r1 || r1 > m.shape()[0]) throw llmlings::shape_error("oracles::rows_of", "rows out of range");
    return xt::view(m, xt::range(r0, r1), xt::all());
}

id_matrix row_ids(const id_matrix& ids, std::size_t b) {
    if (b >= ids.shape()[0]) throw llmlings::shape_error("oracles::row_ids", "row out of range");
    id_matrix out = xt::zeros<std::size_t>({std::size_t(1), ids.shape()[1]});
    for (std::size_t t = 0; t < ids.shape()[1]; ++t) out(0, t) = ids(b, t);
    return out;
}

id_matrix prefix_ids(const id_matrix& ids, std::size_t n) {
    if (n > ids.shape()[1]) throw llmlings::shape_error("oracles::prefix_ids", "prefix longer than the rows");
    return xt::view(ids, xt::all(), xt::range(0, n));
}

llmlings::testing::gradient_report cross_entropy_gradient_check(const matrix& z,
                                                                const std::vector<std::size_t>& targets,
                                                                const matrix& analytic) {
    const auto loss = [&](const matrix& x) {
        double total = 0.0;
        for (std::size_t r = 0; r < x.shape()[0]; ++r) {
            double largest = x(r, 0);
            for (std::size_t v = 1; v < x.shape()[1]; ++v) largest = std::max(largest, x(r, v));
            double sum = 0.0;
            for (std::size_t v = 0; v < x.shape()[1]; ++v) sum += std::exp(x(r, v) - largest);
            total += largest + std::log(sum) - x(r, targets.at(r));
        }
        return total / static_cast<double>(x.shape()[0]);
    };
    return check_gradient(loss, z, analytic);
}

}  // namespace oracles
