// SPDX-License-Identifier: MIT
// Oracles of tests/transformer/07_sampling.cpp: the PyTorch golden file of transformer/01, a
// seeded model, generation from transformer/05's full forward and a sampler of its own, and the
// chi-square test of stats/02; no code of the topic under test.
#include "07_sampling.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <llmlings/stats/02_distributions.hpp>
#include <llmlings/testing.hpp>

#include "common/golden_arrays.hpp"

// The prerequisites' one instance for float and double (gpt_instances.hpp).
LLMLINGS_GPT_INSTANCES(template)

namespace oracles {

namespace {

using llmlings::transformer::gpt_model;
using llmlings::transformer::gpt_workspace;

// The last min(length, P) tokens of each row of ids, the first `length` columns being filled.
id_matrix window_of(const id_matrix& ids, std::size_t length, std::size_t block_size) {
    const std::size_t B = ids.shape()[0], steps = std::min(length, block_size);
    id_matrix w = xt::zeros<std::size_t>({B, steps});
    for (std::size_t b = 0; b < B; ++b)
        for (std::size_t t = 0; t < steps; ++t) w(b, t) = ids(b, length - steps + t);
    return w;
}

// The prompt in the first columns of a (B, T0 + n) matrix.
id_matrix extended(const id_matrix& prompt, std::size_t n) {
    const std::size_t B = prompt.shape()[0], T0 = prompt.shape()[1];
    id_matrix out = xt::zeros<std::size_t>({B, T0 + n});
    for (std::size_t b = 0; b < B; ++b)
        for (std::size_t t = 0; t < T0; ++t) out(b, t) = prompt(b, t);
    return out;
}

// Generation from gpt_forward over the window; pick(z, V) chooses a token from a row of logits.
template <class T, class Pick>
id_matrix generate_by_full_forward(const gpt_model<T>& model, const id_matrix& prompt, std::size_t n, Pick pick) {
    id_matrix out = extended(prompt, n);
    const std::size_t B = prompt.shape()[0], T0 = prompt.shape()[1], V = model.config.vocab_size;
    gpt_workspace<T> ws;
    for (std::size_t length = T0; length < T0 + n; ++length) {
        const id_matrix w = window_of(out, length, model.config.block_size);
        const std::size_t steps = w.shape()[1];
        const auto& logits = llmlings::transformer::gpt_forward(model, w, ws);
        for (std::size_t b = 0; b < B; ++b) {
            std::vector<double> z(V);
            for (std::size_t v = 0; v < V; ++v) z[v] = static_cast<double>(logits((b + 1) * steps - 1, v));
            out(b, length) = pick(z);
        }
    }
    return out;
}

std::size_t argmax(const std::vector<double>& z) {
    return static_cast<std::size_t>(std::max_element(z.begin(), z.end()) - z.begin());  // the first maximum
}

}  // namespace

const cached_attention_golden& load_cached_attention_golden() {
    static const cached_attention_golden golden = [] {
        using llmlings::testing::golden_file;
        const golden_file g = golden_file::load(llmlings::testing::golden_path("transformer/01_attention.txt"));
        cached_attention_golden c;
        c.q = golden_tensor3(g.array("cached.q"));
        c.k = golden_tensor3(g.array("cached.k"));
        c.v = golden_tensor3(g.array("cached.v"));
        c.weights = golden_tensor3(g.array("cached.weights"));
        c.out = golden_tensor3(g.array("cached.out"));
        return c;
    }();
    return golden;
}

template <class T>
gpt_model<T> small_gpt(unsigned seed) {
    llmlings::transformer::gpt_config c;
    c.vocab_size = 11;
    c.block_size = 8;
    c.layers = 2;
    c.heads = 2;
    c.channels = 8;
    gpt_model<T> m = llmlings::transformer::make_gpt(llmlings::parameter_store<T>(), c);
    seed_random(seed);
    for (std::size_t k = 0; k < m.params.count(); ++k) {
        const llmlings::parameter<T> p = m.params.at(k);
        set_values(p, normal_vector(p.size(), 0.5));
    }
    return m;
}

template <class T>
matrix full_logits(const gpt_model<T>& model, const id_matrix& ids) {
    gpt_workspace<T> ws;
    return to_double(llmlings::transformer::gpt_forward(model, ids, ws));
}

template <class T>
id_matrix greedy_by_full_forward(const gpt_model<T>& model, const id_matrix& prompt, std::size_t new_tokens) {
    return generate_by_full_forward(model, prompt, new_tokens, argmax);
}

template <class T>
id_matrix sampled_by_full_forward(const gpt_model<T>& model, const id_matrix& prompt, std::size_t new_tokens,
                                  double temperature, std::size_t top_k, unsigned seed) {
    llmlings::rng gen(seed);
    const auto pick = [&](const std::vector<double>& z) -> std::size_t {
        const std::size_t V = z.size();
        if (temperature == 0.0) return argmax(z);
        std::vector<std::size_t> order(V);
        std::iota(order.begin(), order.end(), std::size_t(0));
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return z[a] > z[b]; });
        const std::size_t k = top_k == 0 ? V : top_k;
        std::vector<double> p(V, 0.0);
        double sum = 0.0;
        for (std::size_t i = 0; i < k; ++i) sum += (p[order[i]] = std::exp((z[order[i]] - z[order[0]]) / temperature));
        const double u = llmlings::uniform01(gen);
        double cumulative = 0.0;
        std::size_t last = order[0];
        for (std::size_t v = 0; v < V; ++v) {
            if (p[v] == 0.0) continue;
            cumulative += p[v] / sum;
            if (cumulative > u) return v;
            last = v;
        }
        return last;
    };
    return generate_by_full_forward(model, prompt, new_tokens, pick);
}

vector as_vector(const std::vector<double>& v) {
    vector out = xt::zeros<double>({v.size()});
    std::copy(v.begin(), v.end(), out.begin());
    return out;
}

tensor3 with_slots(const tensor3& x, std::size_t slots, double fill) {
    const std::size_t N = x.shape()[0], T = x.shape()[1], F = x.shape()[2];
    if (slots < T) throw llmlings::shape_error("oracles::with_slots", "fewer slots than rows");
    tensor3 out = xt::zeros<double>({N, slots, F});
    for (std::size_t n = 0; n < N; ++n)
        for (std::size_t t = 0; t < slots; ++t)
            for (std::size_t f = 0; f < F; ++f) out(n, t, f) = t < T ? x(n, t, f) : fill;
    return out;
}

tensor3 with_columns(const tensor3& x, std::size_t columns, double fill) {
    const std::size_t N = x.shape()[0], T = x.shape()[1], F = x.shape()[2];
    if (columns < F) throw llmlings::shape_error("oracles::with_columns", "fewer columns than x has");
    tensor3 out = xt::zeros<double>({N, T, columns});
    for (std::size_t n = 0; n < N; ++n)
        for (std::size_t t = 0; t < T; ++t)
            for (std::size_t f = 0; f < columns; ++f) out(n, t, f) = f < F ? x(n, t, f) : fill;
    return out;
}

id_matrix columns_of(const id_matrix& ids, std::size_t first, std::size_t count) {
    if (first + count > ids.shape()[1]) throw llmlings::shape_error("oracles::columns_of", "columns out of range");
    id_matrix out = xt::zeros<std::size_t>({ids.shape()[0], count});
    for (std::size_t b = 0; b < ids.shape()[0]; ++b)
        for (std::size_t t = 0; t < count; ++t) out(b, t) = ids(b, first + t);
    return out;
}

matrix positions_of(const matrix& logits, std::size_t batch, std::size_t steps, std::size_t first, std::size_t count) {
    if (logits.shape()[0] != batch * steps || first + count > steps)
        throw llmlings::shape_error("oracles::positions_of", "positions out of range");
    const std::size_t V = logits.shape()[1];
    matrix out = xt::zeros<double>({batch * count, V});
    for (std::size_t b = 0; b < batch; ++b)
        for (std::size_t t = 0; t < count; ++t)
            for (std::size_t v = 0; v < V; ++v) out(b * count + t, v) = logits(b * steps + first + t, v);
    return out;
}

bool same_ids(const id_matrix& a, const id_matrix& b) {
    return a.shape() == b.shape() && std::equal(a.begin(), a.end(), b.begin());
}

std::string ids_text(const id_matrix& ids) {
    std::string text;
    for (std::size_t b = 0; b < ids.shape()[0]; ++b) {
        text += b == 0 ? "{" : " {";
        for (std::size_t t = 0; t < ids.shape()[1]; ++t) text += (t == 0 ? "" : " ") + std::to_string(ids(b, t));
        text += "}";
    }
    return text;
}

double chi_square_p_value(const std::vector<std::size_t>& counts, const std::vector<double>& probs) {
    if (counts.size() != probs.size()) throw llmlings::shape_error("oracles::chi_square_p_value", "sizes differ");
    const double n = static_cast<double>(std::accumulate(counts.begin(), counts.end(), std::size_t(0)));
    double statistic = 0.0;
    std::size_t cells = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        if (probs[i] == 0.0) continue;
        const double expected = n * probs[i];
        statistic +=
            (static_cast<double>(counts[i]) - expected) * (static_cast<double>(counts[i]) - expected) / expected;
        ++cells;
    }
    return llmlings::stats::chi_square_sf(statistic, static_cast<double>(cells - 1));
}

#define LLMLINGS_ORACLES_07_SAMPLING(T)                                                                       \
    template gpt_model<T> small_gpt<T>(unsigned);                                                             \
    template matrix full_logits<T>(const gpt_model<T>&, const id_matrix&);                                    \
    template id_matrix greedy_by_full_forward<T>(const gpt_model<T>&, const id_matrix&, std::size_t);         \
    template id_matrix sampled_by_full_forward<T>(const gpt_model<T>&, const id_matrix&, std::size_t, double, \
                                                  std::size_t, unsigned);
LLMLINGS_ORACLES_07_SAMPLING(float)
LLMLINGS_ORACLES_07_SAMPLING(double)
#undef LLMLINGS_ORACLES_07_SAMPLING

}  // namespace oracles
