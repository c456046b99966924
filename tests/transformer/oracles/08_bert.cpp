// SPDX-License-Identifier: MIT
// Oracles of tests/transformer/08_bert.cpp: the PyTorch golden file, seeded corpora, the masking's
// counts and its draws replayed; no code of the topic under test.
#include "08_bert.hpp"

#include <algorithm>
#include <cmath>

#include <xtensor/xrandom.hpp>
#include <xtensor/xview.hpp>

#include <llmlings/testing.hpp>

#include "common/golden_arrays.hpp"

// The prerequisites' one instance for float and double (gpt_instances.hpp and 08_bert.hpp).
LLMLINGS_GPT_INSTANCES(template)
LLMLINGS_GPT_TRAINING_INSTANCES(template)
LLMLINGS_BERT_PREREQUISITES(template)

namespace oracles {

namespace {

using llmlings::transformer::ignore_index;

// A (rows, cols) id matrix from a flat array of whole numbers; −100 (PyTorch's ignore_index)
// becomes llmlings' ignore_index.
id_matrix id_table(const xt::xarray<double>& a, std::size_t rows, std::size_t cols) {
    if (a.size() != rows * cols) throw llmlings::shape_error("oracles::id_table", "the array has another size");
    id_matrix ids = xt::zeros<std::size_t>({rows, cols});
    std::size_t i = 0;
    for (const double value : a) {
        if (value == -100.0) {
            ids.data()[i++] = ignore_index;
            continue;
        }
        if (!(value >= 0.0) || value != std::floor(value))
            throw llmlings::shape_error("oracles::id_table", "not an index");
        ids.data()[i++] = static_cast<std::size_t>(value);
    }
    return ids;
}

// A uniform integer in [lo, hi] from xt::random's stream.
std::size_t draw_between(std::size_t lo, std::size_t hi) {
    const auto r = xt::random::randint<long>({1}, static_cast<long>(lo), static_cast<long>(hi) + 1);
    return static_cast<std::size_t>(r(0));
}

}  // namespace

const bert_golden& load_bert_golden() {
    static const bert_golden golden = [] {
        using llmlings::testing::golden_file;
        const golden_file g = golden_file::load(llmlings::testing::golden_path("transformer/08_bert.txt"));
        bert_golden out;
        std::vector<std::string> names = gpt_tensor_names(2);
        names.push_back("classifier.weight");
        names.push_back("classifier.bias");
        for (const std::string& n : names)
            out.tensors.push_back({n, golden_vector(g.array(n)), golden_vector(g.array("mlm_grad." + n)),
                                   golden_vector(g.array("class_grad." + n))});
        const auto& ids = g.array("ids");
        const std::size_t B = ids.shape()[0], T = ids.shape()[1];
        out.ids = id_table(ids, B, T);
        out.corrupted = id_table(g.array("corrupted"), B, T);
        out.targets = id_table(g.array("targets"), B, T);
        out.lengths = golden_ids(g.array("lengths"));
        out.labels = golden_ids(g.array("labels"));
        out.label_targets = xt::zeros<std::size_t>({out.labels.size(), std::size_t(1)});
        std::copy(out.labels.begin(), out.labels.end(), out.label_targets.begin());
        out.mlm_logits = golden_matrix(g.array("mlm_logits"));
        out.class_logits = golden_matrix(g.array("class_logits"));
        out.mlm_loss = g.array("mlm_loss")(0);
        out.class_loss = g.array("class_loss")(0);
        const auto& step_ids = g.array("step_ids");
        const matrix step_lengths = golden_matrix(g.array("step_lengths"));
        const matrix step_labels = golden_matrix(g.array("step_labels"));
        for (std::size_t s = 0; s < step_ids.shape()[0]; ++s) {
            const xt::xarray<double> batch = xt::view(step_ids, s, xt::all(), xt::all());
            out.step_ids.push_back(id_table(batch, B, T));
            out.step_lengths.push_back(golden_ids(xt::xarray<double>(xt::view(step_lengths, s, xt::all()))));
            out.step_labels.push_back(golden_ids(xt::xarray<double>(xt::view(step_labels, s, xt::all()))));
        }
        out.loss64 = golden_vector(g.array("loss64"));
        out.loss32 = golden_vector(g.array("loss32"));
        out.norm64 = golden_vector(g.array("norm64"));
        return out;
    }();
    return golden;
}

token_batch special_token_batch(std::size_t batch, std::size_t steps, std::size_t normal, unsigned seed) {
    xt::random::seed(seed);
    token_batch out;
    const auto tokens = xt::random::randint<long>({batch, steps}, 0, static_cast<long>(normal));
    out.ids = xt::zeros<std::size_t>({batch, steps});
    out.lengths = xt::zeros<std::size_t>({batch});
    for (std::size_t b = 0; b < batch; ++b) {
        const std::size_t n = draw_between(2, steps);
        out.lengths(b) = n;
        for (std::size_t t = 0; t < steps; ++t) out.ids(b, t) = static_cast<std::size_t>(tokens(b, t));
        out.ids(b, 0) = normal + 1;      // [CLS]
        out.ids(b, n - 1) = normal + 2;  // [SEP]
        out.eligible += n - 2;
    }
    return out;
}

masking_counts count_masking(const token_batch& in, const id_matrix& corrupted, const id_matrix& targets,
                             std::size_t normal, std::size_t mask_id) {
    masking_counts c;
    c.replacement_counts.assign(normal, 0);
    const std::size_t B = in.ids.shape()[0], T = in.ids.shape()[1];
    if (corrupted.shape() != in.ids.shape() || targets.shape() != in.ids.shape())
        throw llmlings::shape_error("oracles::count_masking", "corrupted and targets must have the ids' shape");
    for (std::size_t b = 0; b < B; ++b)
        for (std::size_t t = 0; t < T; ++t) {
            const std::size_t id = in.ids(b, t), x = corrupted(b, t), y = targets(b, t);
            if (y == ignore_index) {
                if (x != id) ++c.changed_unchosen;
                continue;
            }
            ++c.chosen;
            if (t >= in.lengths(b) || id >= normal) ++c.chosen_ineligible;
            if (y != id) ++c.wrong_targets;
            if (x == mask_id) {
                ++c.masked;
            } else if (x >= normal) {
                ++c.bad_replacements;
            } else if (x == id) {
                ++c.kept;
            } else {
                ++c.replaced;
                ++c.replacement_counts[x];
            }
        }
    return c;
}

bool within_binomial(std::size_t count, std::size_t n, double p, double sigmas) {
    const double mean = static_cast<double>(n) * p, sd = std::sqrt(static_cast<double>(n) * p * (1.0 - p));
    return std::fabs(static_cast<double>(count) - mean) <= sigmas * sd;
}

masking_replay replay_masking(const token_batch& in, std::size_t normal, std::size_t mask_id, double select,
                              double mask, double random, llmlings::rng gen) {
    masking_replay r;
    r.corrupted = in.ids;
    r.targets = in.ids;
    std::fill(r.targets.begin(), r.targets.end(), ignore_index);
    for (std::size_t b = 0; b < in.ids.shape()[0]; ++b)
        for (std::size_t t = 0; t < in.lengths(b); ++t) {  // the padding draws nothing
            if (in.ids(b, t) >= normal) continue;          // nor do the special tokens
            if (llmlings::uniform01(gen) >= select) continue;
            r.targets(b, t) = in.ids(b, t);
            const double u = llmlings::uniform01(gen);
            if (u < mask) {
                r.corrupted(b, t) = mask_id;
                ++r.masked;
            } else if (u < mask + random) {
                r.corrupted(b, t) = static_cast<std::size_t>(llmlings::uniform_index(normal, gen));
                ++r.randomised;
            } else {
                ++r.kept;
            }
        }
    r.next = gen();
    return r;
}

classification_task needle_task(std::size_t n, unsigned seed) {
    constexpr std::size_t T = 8, needle = 0, pad = 6, cls = 7, sep = 8;
    xt::random::seed(seed);
    classification_task out;
    out.ids = xt::zeros<std::size_t>({n, T});
    out.lengths = xt::zeros<std::size_t>({n});
    out.labels = xt::zeros<std::size_t>({n});
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t len = draw_between(6, T);
        out.lengths(i) = len;
        out.ids(i, 0) = cls;
        for (std::size_t t = 1; t + 1 < len; ++t) out.ids(i, t) = draw_between(1, 5);
        out.ids(i, len - 1) = sep;
        for (std::size_t t = len; t < T; ++t) out.ids(i, t) = pad;
        if (i % 2 == 0) {  // positive: the needle at a position in [4, len − 2]
            out.ids(i, draw_between(4, len - 2)) = needle;
            out.labels(i) = 1;
        } else if (i % 4 == 1) {  // negative: the needle too early
            out.ids(i, draw_between(1, 3)) = needle;
        }
    }
    return out;
}

token_batch cyclic_corpus(std::size_t n, std::size_t steps, std::size_t normal, std::size_t period, unsigned seed) {
    if (period == 0 || period > normal || steps < 3)
        throw llmlings::invalid_argument("oracles::cyclic_corpus", "bad sizes");
    xt::random::seed(seed);
    token_batch out;
    out.ids = xt::zeros<std::size_t>({n, steps});
    out.lengths = xt::zeros<std::size_t>({n});
    for (std::size_t b = 0; b < n; ++b) {
        const std::size_t phase = draw_between(0, period - 1);
        out.lengths(b) = steps;
        out.ids(b, 0) = normal + 1;
        for (std::size_t t = 1; t + 1 < steps; ++t) out.ids(b, t) = (phase + t) % period;
        out.ids(b, steps - 1) = normal + 2;
        out.eligible += steps - 2;
    }
    return out;
}

matrix first_rows(const matrix& m, std::size_t n) {
    if (n > m.shape()[0]) throw llmlings::shape_error("oracles::first_rows", "fewer rows than asked for");
    return xt::view(m, xt::range(0, n), xt::all());
}

std::size_t id_differences(const id_matrix& a, const id_matrix& b) {
    if (a.shape() != b.shape()) return std::max(a.size(), b.size());
    std::size_t n = 0;
    for (std::size_t i = 0; i < a.size(); ++i) n += a.data()[i] != b.data()[i] ? 1 : 0;
    return n;
}

double agreement(const index_vector& a, const index_vector& b) {
    if (a.size() != b.size() || a.size() == 0) return 0.0;
    std::size_t same = 0;
    for (std::size_t i = 0; i < a.size(); ++i) same += a(i) == b(i) ? 1 : 0;
    return static_cast<double>(same) / static_cast<double>(a.size());
}

}  // namespace oracles
