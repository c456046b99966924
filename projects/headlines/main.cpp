// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Capstone of the nlp module: headline generation. Debian's package descriptions give
 * (long description → one-line synopsis) pairs; an attentional GRU encoder-decoder (nlp/09) learns
 * to write the synopsis, decoded greedily and by beam search (nlp/10), scored with BLEU and ROUGE
 * (nlp/11) against the lead-words baseline, with nlp/08's plain encoder-decoder as the ablation.
 *
 * What it does:
 * 1. the pairs: load_debian_descriptions() (packages with a long description), nlp/01's tokenize()
 *    on both sides (lower-cased word tokens), the source cut to its first N tokens, synopses of
 *    1 … M tokens, identical (source, synopsis) pairs kept once;
 * 2. a seeded split by source text: every pair whose (cut) source is the same lands in the same
 *    part (gcc-12's and gcc-13's identical descriptions cannot straddle train and test), test and
 *    validation first, the training pairs after them;
 * 3. the vocabularies: the most frequent training words of each side (nlp/03's
 *    fit_term_vocabulary with max_features) plus <pad>, <unk> (and <bos>, <eos> for the targets);
 * 4. the baseline: the first k words of the long description, k tuned on the validation pairs
 *    (the k with the best mean ROUGE-L F1);
 * 5. the model: nlp/09's attentional seq2seq (Luong's general score), Adam, gradient norm clipped
 *    to 1, teacher forcing, float32; the training and validation loss per epoch;
 * 6. decoding the test pairs with nlp/10's greedy_decode() and beam_search() (width 4, the
 *    log-probability divided by |Y|), through a small adapter around attention_decoder_step();
 * 7. the ablation: nlp/08's seq2seq without attention, trained alike and decoded with nlp/10's
 *    own adapter (make_seq2seq_decoding_step, seq2seq_first_state);
 * 8. the scores: corpus BLEU-4 (nlp/11, smoothing method1, ε = 0.1) and the mean ROUGE-1, ROUGE-2
 *    and ROUGE-L F1 of every system, example headlines beside the real synopses;
 * 9. pictures: the loss curves, a bar chart of the scores and three attention heatmaps
 *    (nlp/09's plot_attention).
 *
 * Usage: project_headlines [OUTPUT_DIR] [--quick] [--epochs N] [--train N] [--no-ablation]
 *   OUTPUT_DIR     default build/projects-output (created if missing)
 *   --quick        E = 32, H = 48 on 2,000 training pairs, 4 epochs (the selftest's run)
 *   --epochs N     training epochs (full run 3)
 *   --train N      at most N training pairs (full run 20,000)
 *   --no-ablation  skip nlp/08's plain seq2seq
 * Same build → the same numbers on every run (the timings aside).
 */
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <limits>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/data/debian_descriptions.hpp>
#include <llmlings/ml/03_logistic_regression.hpp>
#include <llmlings/nlp/01_tokenization.hpp>
#include <llmlings/nlp/03_tfidf.hpp>
#include <llmlings/nlp/08_seq2seq.hpp>
#include <llmlings/nlp/09_attention.hpp>
#include <llmlings/nlp/10_decoding.hpp>
#include <llmlings/nlp/11_metrics.hpp>
#include <llmlings/nn/07_optimizers.hpp>
#include <llmlings/plot.hpp>
#include <llmlings/stats/03_sampling.hpp>

#include "../project.hpp"

namespace nlp = llmlings::nlp;
namespace plot = llmlings::plot;
using tokens = std::vector<std::string>;
using ids = std::vector<std::size_t>;

namespace projects = llmlings::projects;
using projects::format;
using projects::seconds_since;

namespace {

/// The run's settings; the defaults are the full run.
struct config {
    std::size_t max_source = 32;      ///< N: the source's first tokens kept
    std::size_t max_synopsis = 12;    ///< M: the longest synopsis kept, in tokens
    std::size_t source_vocab = 6000;  ///< most frequent source words kept (plus <pad>, <unk>)
    std::size_t target_vocab = 3000;  ///< most frequent synopsis words kept (plus 4 special ids)
    std::size_t train_pairs = 20000;  ///< at most this many training pairs
    std::size_t validation_pairs = 1000;
    std::size_t test_pairs = 1000;
    std::size_t embed = 64;   ///< E
    std::size_t hidden = 96;  ///< H
    std::size_t epochs = 3;
    std::size_t batch = 32;
    double lr = 3e-3;      ///< Adam's η
    double clip = 1.0;     ///< the global gradient norm's bound
    std::size_t beam = 4;  ///< beam width
    double alpha = 1.0;    ///< the power length penalty's α: log P(Y) / |Y|
    bool ablation = true;  ///< also train nlp/08's plain seq2seq
    std::uint64_t seed = 2024;
};

config quick_config() {
    config c;
    c.max_source = 25;
    c.source_vocab = 2000;
    c.target_vocab = 1000;
    c.train_pairs = 2000;
    c.validation_pairs = 150;
    c.test_pairs = 150;
    c.embed = 32;
    c.hidden = 48;
    c.epochs = 4;
    c.lr = 5e-3;
    return c;
}

// The special ids: both vocabularies start with pad; the target's with pad, bos, eos, unk.
constexpr std::size_t pad_id = 0, bos_id = 1, eos_id = 2;
constexpr std::size_t source_unk = 1, target_unk = 3;

std::string join(const tokens& words, std::size_t limit = std::numeric_limits<std::size_t>::max()) {
    std::string out;
    for (std::size_t i = 0; i < words.size() && i < limit; ++i) out += (i == 0 ? "" : " ") + words[i];
    if (words.size() > limit) out += " ...";
    return out;
}

/// One (long description → synopsis) pair, tokenised.
struct pair_example {
    std::string package;
    tokens source;    ///< the long description's first N tokens
    tokens synopsis;  ///< the synopsis's tokens (1 … M)
};

/// A word ↔ id table: the special names first, then the kept words.
struct vocabulary {
    std::vector<std::string> words;
    std::unordered_map<std::string, std::size_t> index;
    std::size_t unk = 0;

    std::size_t id(const std::string& w) const {
        const auto it = index.find(w);
        return it == index.end() ? unk : it->second;
    }
};

/// The `limit` most frequent words of the training texts (nlp/03's max_features) after `specials`.
vocabulary make_vocabulary(const std::vector<tokens>& texts, std::size_t limit, std::vector<std::string> specials,
                           std::size_t unk) {
    nlp::vocabulary_options o;
    o.max_features = limit;
    const nlp::term_vocabulary terms = nlp::fit_term_vocabulary(texts, o);
    vocabulary v;
    v.words = std::move(specials);
    v.unk = unk;
    for (const std::string& t : terms.terms) v.words.push_back(t);
    for (std::size_t i = 0; i < v.words.size(); ++i) v.index.emplace(v.words[i], i);
    return v;
}

/// The share of the tokens of `texts` that the vocabulary reads as <unk>.
double unknown_rate(const vocabulary& v, const std::vector<tokens>& texts) {
    std::size_t unknown = 0, total = 0;
    for (const tokens& t : texts)
        for (const std::string& w : t) {
            unknown += v.id(w) == v.unk ? 1 : 0;
            ++total;
        }
    return total == 0 ? 0.0 : double(unknown) / double(total);
}

/// The encoded data of one part of the split.
struct encoded {
    std::vector<ids> source;  ///< source ids, unpadded
    std::vector<ids> target;  ///< synopsis ids followed by eos
};

encoded encode(const std::vector<pair_example>& pairs, const vocabulary& src, const vocabulary& tgt) {
    encoded e;
    for (const pair_example& p : pairs) {
        ids s, t;
        for (const std::string& w : p.source) s.push_back(src.id(w));
        for (const std::string& w : p.synopsis) t.push_back(tgt.id(w));
        t.push_back(eos_id);
        e.source.push_back(std::move(s));
        e.target.push_back(std::move(t));
    }
    return e;
}

/// Rows `order[first … last)` of `lists` as a right-padded (B, longest) batch.
nlp::seq2seq_ids padded(const std::vector<ids>& lists, const std::vector<std::size_t>& order, std::size_t first,
                        std::size_t last) {
    std::size_t longest = 0;
    for (std::size_t r = first; r < last; ++r) longest = std::max(longest, lists[order[r]].size());
    nlp::seq2seq_ids batch = xt::zeros<std::size_t>({last - first, longest});
    for (std::size_t r = first; r < last; ++r) {
        const ids& row = lists[order[r]];
        std::copy(row.begin(), row.end(), batch.data() + (r - first) * longest);
    }
    return batch;
}

/// The decoded ids as words: eos dropped, <unk> kept as "<unk>" (it matches no reference word).
tokens words_of(const ids& generated, const vocabulary& tgt) {
    tokens out;
    for (const std::size_t id : generated)
        if (id != eos_id) out.push_back(tgt.words[id]);
    return out;
}

/**
 * The step function nlp/10's greedy_decode() and beam_search() call, for nlp/09's model: one
 * attention_decoder_step() for a batch of one over one encoded source, its logits turned into
 * log-probabilities by ml/03's log_softmax, <unk> forbidden (log-probability −∞: a headline of
 * "<unk> <unk>" helps no reader). The state is the decoder's hidden vector (H). Glue: nlp/10 ships
 * this adapter for nlp/08's model only.
 */
struct attention_decoding_step {
    const nlp::attention_seq2seq_model<float>* model = nullptr;
    llmlings::tensor3_of<float> encoder_states;  ///< (1,S,H)
    llmlings::index_vector lengths;              ///< (1): S
    nlp::attention_step_cache<float> cache;
    llmlings::index_vector previous;          ///< (1)
    llmlings::matrix_of<float> h_next;        ///< (1,H)
    llmlings::matrix_of<float> logits;        ///< (1,V)
    llmlings::matrix_of<float> weights;       ///< (1,S)
    llmlings::matrix_of<double> wide, log_p;  ///< (1,V): the logits in double, their log-softmax

    llmlings::vector_of<float> operator()(const llmlings::vector_of<float>& h, std::size_t previous_token,
                                          std::vector<double>& log_probs) {
        const std::size_t H = model->decoder.gru.hidden_size, V = model->decoder.vocab_size;
        const std::size_t S = encoder_states.shape()[1];
        llmlings::ensure_shape(previous, {1});
        llmlings::ensure_shape(h_next, {1, H});
        llmlings::ensure_shape(logits, {1, V});
        llmlings::ensure_shape(weights, {1, S});
        llmlings::ensure_shape(wide, {1, V});
        llmlings::ensure_shape(log_p, {1, V});
        previous(0) = previous_token;
        nlp::attention_decoder_step(*model, previous, llmlings::as_rows(h),
                                    llmlings::view_of<3>(static_cast<const float*>(encoder_states.data()),
                                                         encoder_states.size(), {std::size_t{1}, S, H}),
                                    lengths, llmlings::as_rows(h_next), llmlings::as_rows(logits),
                                    llmlings::as_rows(weights), cache);
        std::copy(logits.begin(), logits.end(), wide.begin());
        llmlings::ml::log_softmax(llmlings::as_rows(std::as_const(wide)), llmlings::as_rows(log_p));
        log_probs.assign(log_p.begin(), log_p.end());
        log_probs[target_unk] = -std::numeric_limits<double>::infinity();  // never write <unk>
        llmlings::vector_of<float> next = xt::empty<float>({H});
        std::copy(h_next.begin(), h_next.end(), next.begin());
        return next;
    }
};

/// Encodes one source (nlp/08's seq2seq_encode on a batch of one) into the step's keys; returns
/// the decoder's first state.
llmlings::vector_of<float> encode_source(const nlp::attention_seq2seq_model<float>& model, const ids& source,
                                         attention_decoding_step& step) {
    const std::size_t S = source.size(), H = model.encoder.gru.hidden_size;
    nlp::seq2seq_ids src = xt::empty<std::size_t>({std::size_t{1}, S});
    std::copy(source.begin(), source.end(), src.data());
    llmlings::ensure_shape(step.encoder_states, {1, S, H});
    llmlings::ensure_shape(step.lengths, {1});
    llmlings::vector_of<float> h0 = xt::empty<float>({H});
    nlp::seq2seq_encoder_cache<float> cache;
    nlp::seq2seq_encode(model.encoder, src,
                        llmlings::view_of<3>(step.encoder_states.data(), step.encoder_states.size(), {1, S, H}),
                        llmlings::as_rows(h0), cache);
    step.lengths(0) = S;
    step.model = &model;
    return h0;
}

/// The scores of one system on the test pairs.
struct system_scores {
    std::string name;
    std::string tag;  ///< short, for the bar chart's labels
    std::vector<tokens> outputs;
    double bleu = 0.0, rouge1 = 0.0, rouge2 = 0.0, rougel = 0.0, length = 0.0;
};

system_scores score(std::string name, std::string tag, std::vector<tokens> outputs,
                    const std::vector<pair_example>& pairs) {
    system_scores s;
    s.name = std::move(name);
    s.tag = std::move(tag);
    std::vector<std::vector<tokens>> references;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        const std::vector<tokens> refs{pairs[i].synopsis};
        s.rouge1 += nlp::rouge_n(refs, outputs[i], 1).f;
        s.rouge2 += nlp::rouge_n(refs, outputs[i], 2).f;
        s.rougel += nlp::rouge_l(refs, outputs[i]).f;
        s.length += double(outputs[i].size());
        references.push_back(refs);
    }
    nlp::bleu_options o;
    o.smoothing = nlp::bleu_smoothing::method1;
    s.bleu = nlp::corpus_bleu(references, outputs, o);
    const double n = double(pairs.size());
    s.rouge1 /= n;
    s.rouge2 /= n;
    s.rougel /= n;
    s.length /= n;
    s.outputs = std::move(outputs);
    return s;
}

/// The first k words of each source: the lead-words baseline.
std::vector<tokens> lead_words(const std::vector<pair_example>& pairs, std::size_t k) {
    std::vector<tokens> out;
    for (const pair_example& p : pairs)
        out.emplace_back(p.source.begin(), p.source.begin() + std::min(k, p.source.size()));
    return out;
}

/// The training history of one model.
struct history {
    std::vector<double> train_loss, validation_loss;
    double seconds = 0.0;
};

/// Trains either model with teacher forcing: one shuffled pass per epoch (stats/03's
/// random_permutation), the mean batch loss, then the validation loss (teacher-forced).
template <class Model, class Workspace, class TrainStep, class Evaluate>
history train(Model& model, Workspace& ws, TrainStep train_step, Evaluate evaluate, const encoded& train_set,
              const encoded& validation, const config& cfg, const char* label) {
    history h;
    const auto start = std::chrono::steady_clock::now();
    llmlings::rng order_gen(cfg.seed + 1);
    llmlings::nn::adam_options o;
    o.lr = cfg.lr;
    auto opt = llmlings::nn::make_adam(model.params, o);
    std::vector<std::size_t> validation_order(validation.source.size());
    for (std::size_t i = 0; i < validation_order.size(); ++i) validation_order[i] = i;
    const std::size_t n = train_set.source.size();
    for (std::size_t epoch = 0; epoch < cfg.epochs; ++epoch) {
        const llmlings::index_vector perm = llmlings::stats::random_permutation(n, order_gen);
        const std::vector<std::size_t> order(perm.begin(), perm.end());
        double loss = 0.0;
        std::size_t batches = 0;
        for (std::size_t first = 0; first < n; first += cfg.batch) {
            const std::size_t last = std::min(n, first + cfg.batch);
            const nlp::seq2seq_ids src = padded(train_set.source, order, first, last);
            const nlp::seq2seq_ids tgt = padded(train_set.target, order, first, last);
            loss += train_step(model, src, tgt, opt, cfg.clip, ws).loss;
            ++batches;
        }
        h.train_loss.push_back(loss / double(batches));
        double vloss = 0.0;
        std::size_t vtokens = 0;
        for (std::size_t first = 0; first < validation_order.size(); first += 256) {
            const std::size_t last = std::min(validation_order.size(), first + 256);
            const nlp::seq2seq_scores s = evaluate(model, padded(validation.source, validation_order, first, last),
                                                   padded(validation.target, validation_order, first, last),
                                                   nlp::seq2seq_feeding::teacher_forcing, ws);
            vloss += s.loss * double(s.tokens);
            vtokens += s.tokens;
        }
        h.validation_loss.push_back(vloss / double(vtokens));
        std::cout << format("  %-9s epoch %zu: training loss %.3f, validation loss %.3f  (%.0f s)\n", label, epoch + 1,
                            h.train_loss.back(), h.validation_loss.back(), seconds_since(start))
                  << std::flush;
    }
    h.seconds = seconds_since(start);
    return h;
}

int run(int argc, char** argv) {
    const auto start = std::chrono::steady_clock::now();
    std::filesystem::path out_dir = "build/projects-output";
    bool quick = false, no_ablation = false;
    std::size_t epochs = 0, train_limit = 0;
    const std::string usage =
        " (usage: project_headlines [OUTPUT_DIR] [--quick] [--epochs N] [--train N] [--no-ablation])";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--quick")
            quick = true;
        else if (arg == "--no-ablation")
            no_ablation = true;
        else if ((arg == "--epochs" || arg == "--train") && i + 1 < argc)
            (arg == "--epochs" ? epochs : train_limit) =
                projects::positive_argument("project_headlines", arg, argv[++i]);
        else if (!arg.empty() && arg[0] == '-')
            throw llmlings::invalid_argument("project_headlines", "unknown option '" + arg + "'" + usage);
        else
            out_dir = arg;
    }
    config cfg = quick ? quick_config() : config{};
    if (epochs != 0) cfg.epochs = epochs;
    if (train_limit != 0) cfg.train_pairs = train_limit;
    if (no_ablation) cfg.ablation = false;
    std::filesystem::create_directories(out_dir);
    const bool draw = plot::available();
    if (!draw)
        std::cout << "note: gnuplot is not installed, so no PNG is drawn (the .dat and .gp files are written);\n"
                     "      install it with: sudo apt-get install gnuplot-nox\n";
    std::cout << "Headline generation: Debian package descriptions -> one-line synopses. Lead words against\n"
                 "a GRU encoder-decoder with attention (nlp/09), greedy and beam search (nlp/10), BLEU and\n"
                 "ROUGE (nlp/11)"
              << (quick ? "  [--quick: a small model on a small subset]" : "") << "\n\n";

    // 1. The pairs.
    const auto t_data = std::chrono::steady_clock::now();
    const std::vector<llmlings::data::package_description> records =
        llmlings::data::with_long_description(llmlings::data::load_debian_descriptions());
    std::vector<pair_example> pairs;
    std::unordered_set<std::string> seen;
    std::size_t too_long = 0, duplicates = 0, empty = 0;
    for (const auto& r : records) {
        pair_example p{r.package, nlp::tokenize(r.long_description), nlp::tokenize(r.synopsis)};
        if (p.source.empty() || p.synopsis.empty()) {
            ++empty;
            continue;
        }
        if (p.synopsis.size() > cfg.max_synopsis) {
            ++too_long;
            continue;
        }
        if (p.source.size() > cfg.max_source) p.source.resize(cfg.max_source);
        if (!seen.insert(join(p.source) + "\t" + join(p.synopsis)).second) {
            ++duplicates;
            continue;
        }
        pairs.push_back(std::move(p));
    }
    std::cout << format(
        "data: %zu packages with a long description; %zu without a word on one side, %zu with a synopsis\n"
        "      of more than M = %zu tokens and %zu repeated (source, synopsis) pairs dropped: %zu pairs\n"
        "      (nlp/01's tokenize: lower-cased word tokens; the source cut to its first N = %zu tokens)\n",
        records.size(), empty, too_long, cfg.max_synopsis, duplicates, pairs.size(), cfg.max_source);

    // 2. The split: groups of pairs that share their (cut) source, in a seeded order.
    std::unordered_map<std::string, std::size_t> group_of;
    std::vector<std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        const auto [it, added] = group_of.emplace(join(pairs[i].source), groups.size());
        if (added) groups.emplace_back();
        groups[it->second].push_back(i);
    }
    llmlings::rng split_gen(cfg.seed);
    const llmlings::index_vector group_order = llmlings::stats::random_permutation(groups.size(), split_gen);
    std::vector<pair_example> test, validation, training;
    std::size_t unused = 0;
    for (const std::size_t g : group_order) {
        std::vector<pair_example>& part = test.size() < cfg.test_pairs               ? test
                                          : validation.size() < cfg.validation_pairs ? validation
                                                                                     : training;
        for (const std::size_t i : groups[g]) {
            if (&part == &training && training.size() >= cfg.train_pairs) {
                ++unused;
                continue;
            }
            part.push_back(pairs[i]);
        }
    }
    std::cout << format(
        "split: %zu groups of pairs with the same source (seed %llu): %zu test, %zu validation and %zu\n"
        "       training pairs (%zu more pairs left unused, to keep the run short)\n",
        groups.size(), static_cast<unsigned long long>(cfg.seed), test.size(), validation.size(), training.size(),
        unused);

    // 3. The vocabularies, from the training pairs only.
    std::vector<tokens> train_sources, train_synopses, test_synopses;
    double synopsis_words = 0.0;
    for (const pair_example& p : training) {
        train_sources.push_back(p.source);
        train_synopses.push_back(p.synopsis);
        synopsis_words += double(p.synopsis.size());
    }
    for (const pair_example& p : test) test_synopses.push_back(p.synopsis);
    const vocabulary src_vocab = make_vocabulary(train_sources, cfg.source_vocab, {"<pad>", "<unk>"}, source_unk);
    const vocabulary tgt_vocab =
        make_vocabulary(train_synopses, cfg.target_vocab, {"<pad>", "<bos>", "<eos>", "<unk>"}, target_unk);
    std::cout << format(
        "vocabularies (nlp/03's fit_term_vocabulary, the most frequent training words): source %zu ids,\n"
        "      target %zu ids; %.1f %% of the test synopses' words are out of the target vocabulary\n"
        "      (the model cannot write them); a training synopsis has %.2f words on average\n",
        src_vocab.words.size(), tgt_vocab.words.size(), 100.0 * unknown_rate(tgt_vocab, test_synopses),
        synopsis_words / double(training.size()));
    const encoded train_set = encode(training, src_vocab, tgt_vocab);
    const encoded validation_set = encode(validation, src_vocab, tgt_vocab);
    const encoded test_set = encode(test, src_vocab, tgt_vocab);
    std::cout << format("      (data prepared in %.1f s)\n", seconds_since(t_data));

    // 4. The lead-words baseline, k tuned on the validation pairs by mean ROUGE-L F1.
    std::size_t best_k = 1;
    double best_rl = -1.0;
    std::cout << "\nBaseline: the first k words of the long description; mean ROUGE-L F1 on validation:\n ";
    const std::size_t k_max = std::min<std::size_t>(20, cfg.max_source);
    for (std::size_t k = 1; k <= k_max; ++k) {
        const system_scores s = score("lead", "lead", lead_words(validation, k), validation);
        std::cout << format(" k=%zu %.3f", k, s.rougel) << (k % 10 == 0 && k < k_max ? "\n " : "");
        if (s.rougel > best_rl) {
            best_rl = s.rougel;
            best_k = k;
        }
    }
    std::cout << format("\n  -> k = %zu (the mean training synopsis has %.1f words)\n", best_k,
                        synopsis_words / double(training.size()));
    std::vector<system_scores> systems;
    systems.push_back(score(format("lead-%zu words", best_k), "lead", lead_words(test, best_k), test));

    // 5. The attentional model.
    nlp::attention_seq2seq_config mc;
    mc.source_vocab = src_vocab.words.size();
    mc.target_vocab = tgt_vocab.words.size();
    mc.embedding_size = cfg.embed;
    mc.hidden_size = cfg.hidden;
    mc.pad_id = pad_id;
    mc.bos_id = bos_id;
    mc.eos_id = eos_id;
    mc.score = nlp::attention_score::general;
    llmlings::parameter_store<float> store;
    nlp::attention_seq2seq_model<float> model = nlp::make_attention_seq2seq(store, mc);
    llmlings::rng init_gen(cfg.seed);
    nlp::init_attention_seq2seq(model, init_gen);
    std::cout << format(
        "\nModel: GRU encoder-decoder with Luong's general attention (nlp/09), E = %zu, H = %zu,\n"
        "  %zu parameters in one float32 store; teacher forcing, Adam lr %g, batch %zu, gradient norm\n"
        "  clipped to %g, %zu epochs over %zu pairs, seed %llu\n",
        cfg.embed, cfg.hidden, model.params.numel(), cfg.lr, cfg.batch, cfg.clip, cfg.epochs, training.size(),
        static_cast<unsigned long long>(cfg.seed));
    nlp::attention_seq2seq_workspace<float> ws;
    const history attn_history = train(
        model, ws,
        [](auto& m, const auto& s, const auto& t, auto& opt, double clip, auto& w) {
            return nlp::attention_seq2seq_train_step(m, s, t, opt, clip, w);
        },
        [](const auto& m, const auto& s, const auto& t, nlp::seq2seq_feeding f, auto& w) {
            return nlp::attention_seq2seq_evaluate(m, s, t, f, w);
        },
        train_set, validation_set, cfg, "attention");

    // 6. Decoding the test pairs: greedy and beam search through nlp/10.
    nlp::decoding_options greedy_o;
    greedy_o.bos_id = bos_id;
    greedy_o.eos_id = eos_id;
    greedy_o.max_len = cfg.max_synopsis + 1;
    greedy_o.penalty = nlp::length_penalty::power;
    greedy_o.alpha = cfg.alpha;
    nlp::decoding_options beam_o = greedy_o;
    beam_o.beam_width = cfg.beam;
    std::vector<tokens> greedy_out, beam_out;
    std::vector<ids> beam_ids;
    const auto t_decode = std::chrono::steady_clock::now();
    {
        attention_decoding_step step;
        for (std::size_t i = 0; i < test.size(); ++i) {
            const llmlings::vector_of<float> h0 = encode_source(model, test_set.source[i], step);
            greedy_out.push_back(words_of(nlp::greedy_decode(step, h0, greedy_o).tokens, tgt_vocab));
            const std::vector<nlp::decoding_hypothesis> best = nlp::beam_search(step, h0, beam_o);
            beam_ids.push_back(best.front().tokens);
            beam_out.push_back(words_of(best.front().tokens, tgt_vocab));
        }
    }
    const double decode_seconds = seconds_since(t_decode);
    systems.push_back(score("attention, greedy", "att-g", greedy_out, test));
    systems.push_back(score(format("attention, beam %zu", cfg.beam), "att-b", beam_out, test));

    // 7. The ablation: nlp/08 without attention, decoded by nlp/10's own adapters.
    history plain_history;
    if (cfg.ablation) {
        llmlings::parameter_store<float> plain_store;
        nlp::seq2seq_model<float> plain = nlp::make_seq2seq(plain_store, static_cast<const nlp::seq2seq_config&>(mc));
        llmlings::rng plain_gen(cfg.seed);
        nlp::init_seq2seq(plain, plain_gen);
        std::cout << format("\nAblation: the same encoder-decoder without attention (nlp/08), %zu parameters\n",
                            plain.params.numel());
        nlp::seq2seq_workspace<float> plain_ws;
        plain_history = train(
            plain, plain_ws,
            [](auto& m, const auto& s, const auto& t, auto& opt, double clip, auto& w) {
                return nlp::seq2seq_train_step(m, s, t, opt, clip, w);
            },
            [](const auto& m, const auto& s, const auto& t, nlp::seq2seq_feeding f, auto& w) {
                return nlp::seq2seq_evaluate(m, s, t, f, w);
            },
            train_set, validation_set, cfg, "plain");
        // nlp/10's step function for nlp/08's decoder, with <unk> forbidden as in the attentional one
        auto plain_step = [inner = nlp::make_seq2seq_decoding_step(plain.decoder)](
                              const llmlings::vector_of<float>& h, std::size_t previous,
                              std::vector<double>& log_probs) mutable {
            llmlings::vector_of<float> next = inner(h, previous, log_probs);
            log_probs[target_unk] = -std::numeric_limits<double>::infinity();
            return next;
        };
        std::vector<tokens> plain_greedy, plain_beam;
        for (std::size_t i = 0; i < test.size(); ++i) {
            const llmlings::vector_of<float> h0 = nlp::seq2seq_first_state(plain, test_set.source[i]);
            plain_greedy.push_back(words_of(nlp::greedy_decode(plain_step, h0, greedy_o).tokens, tgt_vocab));
            plain_beam.push_back(words_of(nlp::beam_search(plain_step, h0, beam_o).front().tokens, tgt_vocab));
        }
        systems.push_back(score("no attention, greedy", "plain-g", plain_greedy, test));
        systems.push_back(score(format("no attention, beam %zu", cfg.beam), "plain-b", plain_beam, test));
    }

    // 8. The scores and some examples.
    std::cout << format("\nTest set: %zu pairs (decoding with attention took %.1f s, greedy and beam together)\n",
                        test.size(), decode_seconds);
    std::cout << format("  %-24s %7s %8s %8s %8s %8s\n", "system", "BLEU-4", "ROUGE-1", "ROUGE-2", "ROUGE-L", "words");
    for (const system_scores& s : systems)
        std::cout << format("  %-24s %7.2f %8.3f %8.3f %8.3f %8.2f\n", s.name.c_str(), 100.0 * s.bleu, s.rouge1,
                            s.rouge2, s.rougel, s.length);
    std::cout << "  (corpus BLEU-4 x 100, smoothing method1 of Chen & Cherry, eps 0.1; ROUGE: mean F1 per pair;\n"
                 "   words: mean output length; the models may not write <unk>)\n";

    std::cout << "\nThe first test pairs (not chosen):\n";
    for (std::size_t i = 0; i < std::min<std::size_t>(6, test.size()); ++i) {
        std::cout << format("  %s: %s\n", test[i].package.c_str(), join(test[i].source, 14).c_str());
        std::cout << format("    %-14s %s\n", "synopsis", join(test[i].synopsis).c_str());
        for (const system_scores& s : systems)
            if (s.name.find("no attention") == std::string::npos || s.name.find("beam") != std::string::npos)
                std::cout << format(
                    "    %-14s %s\n",
                    (s.name.substr(0, s.name.find(',')) + (s.name.find("greedy") != std::string::npos ? " g"
                                                           : s.name.find("beam") != std::string::npos ? " b"
                                                                                                      : ""))
                        .c_str(),
                    join(s.outputs[i]).c_str());
    }

    // What the table says, in numbers computed here.
    {
        std::size_t best = 1;
        for (std::size_t k = 2; k < systems.size(); ++k)
            if (systems[k].rougel > systems[best].rougel) best = k;
        const system_scores& lead = systems[0];
        std::cout << format(
            "\nReading: the first %zu words of the long description score ROUGE-L %.3f and BLEU %.2f;\n"
            "the best model (%s) %.3f and %.2f. Long descriptions often open by restating\n"
            "the synopsis; a small GRU trained for minutes writes the house style (\"library for ...\",\n"
            "\"development files for ...\") and cannot write the %.1f %% of synopsis words outside its\n"
            "vocabulary.\n",
            best_k, lead.rougel, 100.0 * lead.bleu, systems[best].name.c_str(), systems[best].rougel,
            100.0 * systems[best].bleu, 100.0 * unknown_rate(tgt_vocab, test_synopses));
    }

    // 9. The pictures.
    std::cout << (draw ? "\npictures:\n" : "\ngnuplot scripts and data, to draw later (.png -> .gp):\n");
    {
        llmlings::vector x = xt::empty<double>({cfg.epochs});
        for (std::size_t e = 0; e < cfg.epochs; ++e) x(e) = double(e + 1);
        std::vector<plot::series> curves;
        const auto add = [&](const std::string& name, const std::vector<double>& values) {
            plot::series s{name, xt::empty<double>({values.size()})};
            std::copy(values.begin(), values.end(), s.y.begin());
            curves.push_back(std::move(s));
        };
        add("attention, training (mean over the epoch)", attn_history.train_loss);
        add("attention, validation (after the epoch)", attn_history.validation_loss);
        if (cfg.ablation) {
            add("no attention, training (mean over the epoch)", plain_history.train_loss);
            add("no attention, validation (after the epoch)", plain_history.validation_loss);
        }
        plot::options o;
        o.run_gnuplot = draw;
        o.title = "headline generation: cross-entropy per target token (teacher forcing)";
        o.xlabel = "epoch";
        o.ylabel = "loss (nats per token)";
        std::cout << "  " << plot::line_plot((out_dir / "headlines_loss.png").string(), x, curves, o) << "\n";
    }
    {
        std::vector<std::string> labels;
        llmlings::vector values = xt::empty<double>({4 * systems.size()});
        std::size_t k = 0;
        for (const char* metric : {"BLEU", "R-1", "R-2", "R-L"})  // grouped by metric
            for (const system_scores& s : systems) {
                labels.push_back(s.tag + " " + metric);
                const std::string m = metric;
                values(k++) = m == "BLEU" ? s.bleu : m == "R-1" ? s.rouge1 : m == "R-2" ? s.rouge2 : s.rougel;
            }
        plot::options o;
        o.run_gnuplot = draw;
        o.width = std::max(900, 120 * static_cast<int>(labels.size()));
        o.title =
            "headlines on the test pairs: BLEU-4, ROUGE-1/2/L F1 (lead words; att = attention, plain = none; "
            "-g greedy, -b beam)";
        o.ylabel = "score";
        std::cout << "  " << plot::bar_chart((out_dir / "headlines_scores.png").string(), labels, values, o) << "\n";
    }
    {
        // Three attention maps of the beam's headlines: of the test pairs whose source has at most 20
        // tokens (so that the labels can be read), the two with the best ROUGE-L and the median one.
        std::vector<std::size_t> by_rouge;
        std::vector<double> rl(test.size());
        for (std::size_t i = 0; i < test.size(); ++i) {
            rl[i] = nlp::rouge_l({test[i].synopsis}, beam_out[i]).f;
            if (test[i].source.size() <= 20) by_rouge.push_back(i);
        }
        if (by_rouge.size() < 3)
            for (std::size_t i = 0; i < test.size(); ++i) by_rouge.push_back(i);
        std::stable_sort(by_rouge.begin(), by_rouge.end(), [&](std::size_t a, std::size_t b) { return rl[a] > rl[b]; });
        const std::vector<std::pair<std::size_t, const char*>> picks = {
            {by_rouge[0], "best"}, {by_rouge[1], "second best"}, {by_rouge[by_rouge.size() / 2], "median"}};
        for (std::size_t n = 0; n < picks.size(); ++n) {
            const std::size_t i = picks[n].first;
            // The teacher-forced forward over the beam's own output gives the weights it was decoded with.
            const std::vector<std::size_t> one{0};
            const std::vector<ids> src_list{test_set.source[i]}, tgt_list{beam_ids[i]};
            if (tgt_list[0].empty()) continue;
            nlp::attention_seq2seq_forward(model, padded(src_list, one, 0, 1), padded(tgt_list, one, 0, 1), ws);
            tokens target_labels;
            for (const std::size_t id : beam_ids[i]) target_labels.push_back(tgt_vocab.words[id]);
            tokens source_labels;
            for (const std::string& w : test[i].source)
                source_labels.push_back((w.size() > 9 ? w.substr(0, 8) + "~" : w) +
                                        (src_vocab.id(w) == source_unk ? "*" : ""));
            plot::options o;
            o.run_gnuplot = draw;
            o.width = std::max(800, 84 * static_cast<int>(source_labels.size()) + 260);
            o.height = std::max(360, 32 * static_cast<int>(target_labels.size()) + 200);
            o.title = format("%s (%s ROUGE-L of the short test pairs): synopsis \"%s\"", test[i].package.c_str(),
                             picks[n].second, join(test[i].synopsis).c_str());
            o.xlabel = "source: the long description's tokens (* = <unk> for the model, ~ = cut)";
            o.ylabel = format("beam %zu output", cfg.beam);
            o.width = std::max(o.width, 9 * static_cast<int>(o.title.size()) + 120);  // the title fits
            std::cout << "  "
                      << nlp::plot_attention((out_dir / format("headlines_attention_%zu.png", n + 1)).string(),
                                             ws.weights, 0, source_labels, target_labels, o)
                      << "\n";
        }
    }
    std::cout << format("\ndone in %.1f s\n", seconds_since(start));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    return llmlings::projects::run_main("project_headlines", run, argc, argv);
}
