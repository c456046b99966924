// SPDX-License-Identifier: MIT
// Oracles of tests/transformer/09_interpretability.cpp: the PyTorch golden files of transformer/05
// and 09, a seeded model, the rollout and the heatmap's numbers; no code of the topic under test.
#include "09_interpretability.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <llmlings/testing.hpp>

#include "common/golden_arrays.hpp"

// The prerequisites' one instance for float and double (gpt_instances.hpp).
LLMLINGS_GPT_INSTANCES(template)

namespace oracles {

namespace {

using llmlings::transformer::gpt_model;
using llmlings::transformer::gpt_workspace;

}  // namespace

matrix interpretability_golden::sequence_of(const tensor3& x, std::size_t b) {
    const std::size_t steps = x.shape()[1], cols = x.shape()[2];
    if (b >= x.shape()[0]) throw llmlings::shape_error("oracles::sequence_of", "problem out of range");
    matrix m = xt::zeros<double>({steps, cols});
    for (std::size_t i = 0; i < steps; ++i)
        for (std::size_t j = 0; j < cols; ++j) m(i, j) = x(b, i, j);
    return m;
}

matrix interpretability_golden::map(std::size_t l, std::size_t b, std::size_t h) const {
    return sequence_of(weights.at(l), b * oracles::golden_gpt_config().heads + h);
}

matrix interpretability_golden::average(std::size_t l, std::size_t b) const {
    return sequence_of(averages.at(l), b);
}

const interpretability_golden& load_interpretability_golden() {
    static const interpretability_golden golden = [] {
        using llmlings::testing::golden_file;
        const golden_file g = golden_file::load(llmlings::testing::golden_path("transformer/09_interpretability.txt"));
        interpretability_golden out;
        const auto& ids = g.array("ids");
        out.ids = xt::zeros<std::size_t>({ids.shape()[0], ids.shape()[1]});
        const index_vector flat = golden_ids(ids);
        std::copy(flat.begin(), flat.end(), out.ids.begin());
        for (std::size_t l = 0; l < oracles::golden_gpt_config().layers; ++l) {
            out.weights.push_back(golden_tensor3(g.array("weights." + std::to_string(l))));
            out.averages.push_back(golden_tensor3(g.array("average." + std::to_string(l))));
        }
        out.rollout_half = golden_tensor3(g.array("rollout.half"));
        out.rollout_zero = golden_tensor3(g.array("rollout.zero"));
        return out;
    }();
    return golden;
}

template <class T>
std::shared_ptr<forward_run<T>> golden_run() {
    using llmlings::testing::golden_file;
    const golden_file g = golden_file::load(llmlings::testing::golden_path("transformer/05_gpt_forward.txt"));
    auto run = std::make_shared<forward_run<T>>();
    run->model = llmlings::transformer::make_gpt(llmlings::parameter_store<T>(), oracles::golden_gpt_config());
    for (std::size_t k = 0; k < run->model.params.count(); ++k) {
        const llmlings::parameter<T> p = run->model.params.at(k);
        const vector v = golden_vector(g.array(p.name()));
        if (v.size() != p.size()) throw llmlings::shape_error("oracles::golden_run", "'" + p.name() + "' differs");
        set_values(p, v);
    }
    llmlings::transformer::gpt_forward(run->model, load_interpretability_golden().ids, run->ws);
    return run;
}

id_matrix seeded_ids() {
    return ids_from({{3, 1, 4, 1, 5}, {9, 2, 6, 5, 3}});
}

template <class T>
std::shared_ptr<forward_run<T>> seeded_run(std::size_t layers, unsigned seed, bool uniform, bool forward) {
    llmlings::transformer::gpt_config c;
    c.vocab_size = 11;
    c.block_size = 8;
    c.layers = layers;
    c.heads = 2;
    c.channels = 8;
    auto run = std::make_shared<forward_run<T>>();
    gpt_model<T>& m = run->model;
    m = llmlings::transformer::make_gpt(llmlings::parameter_store<T>(), c);
    seed_random(seed);
    for (std::size_t k = 0; k < m.params.count(); ++k) {
        const llmlings::parameter<T> p = m.params.at(k);
        set_values(p, normal_vector(p.size(), 0.5));
    }
    if (uniform)
        for (const auto& b : m.blocks) {
            set_values(b.attn.qkv.weight, filled(b.attn.qkv.weight.size(), 0.0));
            set_values(b.attn.qkv.bias, filled(b.attn.qkv.bias.size(), 0.0));
        }
    if (forward) llmlings::transformer::gpt_forward(m, seeded_ids(), run->ws);
    return run;
}

template <class T>
void as_if_cached(gpt_workspace<T>& ws, std::size_t heads, std::size_t block_size) {
    const std::size_t B = ws.embedded.shape()[0];
    for (auto& b : ws.blocks) b.attn.attention.weights = xt::zeros<T>({B * heads, std::size_t(1), block_size});
}

matrix uniform_causal(std::size_t steps) {
    matrix m = xt::zeros<double>({steps, steps});
    for (std::size_t i = 0; i < steps; ++i)
        for (std::size_t j = 0; j <= i; ++j) m(i, j) = 1.0 / static_cast<double>(i + 1);
    return m;
}

template <class T>
tensor3 weights_of(const gpt_workspace<T>& ws, std::size_t l) {
    return to_double(ws.blocks.at(l).attn.attention.weights);
}

matrix mean_of_heads(const tensor3& weights, std::size_t b, std::size_t heads) {
    const std::size_t steps = weights.shape()[1];
    matrix m = xt::zeros<double>({steps, steps});
    for (std::size_t h = 0; h < heads; ++h) m += interpretability_golden::sequence_of(weights, b * heads + h);
    return m / static_cast<double>(heads);
}

matrix rollout_of(const std::vector<matrix>& averages, double r) {
    const std::size_t steps = averages.at(0).shape()[0];
    matrix product = identity(steps);
    for (const matrix& a : averages) {
        const matrix mixed = (1.0 - r) * a + r * identity(steps);
        product = blas_product(mixed, product);
    }
    return product;
}

double max_above_diagonal(const matrix& m) {
    double largest = 0.0;
    for (std::size_t i = 0; i < m.shape()[0]; ++i)
        for (std::size_t j = i + 1; j < m.shape()[1]; ++j) largest = std::max(largest, std::abs(m(i, j)));
    return largest;
}

matrix heatmap_numbers(const std::string& path) {
    std::istringstream in(read_text(path));
    std::vector<std::vector<double>> rows;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        std::vector<double> row;
        double x = 0.0;
        while (fields >> x) row.push_back(x);
        rows.push_back(row);
    }
    if (rows.empty()) return empty_matrix(0, 0);
    matrix m = xt::zeros<double>({rows.size(), rows[0].size()});
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].size() != rows[0].size()) return empty_matrix(0, 0);
        for (std::size_t j = 0; j < rows[i].size(); ++j) m(i, j) = rows[i][j];
    }
    return m;
}

#define LLMLINGS_ORACLES_09_INTERPRETABILITY(T)                                                \
    template std::shared_ptr<forward_run<T>> golden_run<T>();                                  \
    template std::shared_ptr<forward_run<T>> seeded_run<T>(std::size_t, unsigned, bool, bool); \
    template tensor3 weights_of<T>(const gpt_workspace<T>&, std::size_t);                      \
    template void as_if_cached<T>(gpt_workspace<T>&, std::size_t, std::size_t);
LLMLINGS_ORACLES_09_INTERPRETABILITY(float)
LLMLINGS_ORACLES_09_INTERPRETABILITY(double)
#undef LLMLINGS_ORACLES_09_INTERPRETABILITY

}  // namespace oracles
