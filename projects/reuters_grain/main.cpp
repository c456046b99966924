// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Capstone of the nlp module: is this news article about grain? The two classifiers of
 * nlp/07 and a BERT-style encoder (transformer/08) on Reuters-21578's Grain split, scored the way
 * an imbalanced data set must be scored.
 *
 * What it does:
 * 1. read Weka's ReutersGrain-{train,test}.arff (nlp/07's read_arff, arff_text_labels): 1,554
 *    training and 604 test articles, 103 and 57 of them about grain; tokenise them (nlp/01);
 * 2. the majority guess ("never grain", nlp/07's majority_baseline): high accuracy, F1 0, the trap;
 * 3. model A: TF-IDF (nlp/03) + logistic regression (nlp/07's fit_tfidf_classifier, sklearn's C = 1),
 *    unweighted and with balanced class weights n / (K n_c);
 * 4. model B: word embeddings + LSTM + mean pooling + a dense head (nlp/07's lstm_classifier, nn/11
 *    inside), trained by Adam in float32 from one seed, unweighted and class-weighted;
 * 5. model C: a small BERT-style encoder in float32 (transformer/08: transformer/05's trunk without
 *    the causal mask, a classifier on [CLS]) over the LSTM's words plus the specials <pad>, <unk>,
 *    [CLS] and [MASK]. Masked-LM pre-training (mask_tokens: 15 %, 80/10/10, dynamic; bert_mlm_step)
 *    on the training articles' text only, with the MLM loss before and after; then fine-tuning of
 *    the [CLS] classifier (bert_classify_step) on [CLS] + the first words of each article, in
 *    batches of half grain, half other articles (balanced batch sampling, the expectation of
 *    balanced class weights); and the same fine-tuning from the same fresh initialisation without
 *    pre-training, so that what pre-training is worth is measured. AdamW with warm-up and cosine
 *    (nn/07), clipping at 1; progress lines (step, loss, tokens per second). P(grain) is the
 *    softmax of the two class logits;
 * 6. for every model: accuracy, precision, recall and F1 of the positive class (grain), ROC AUC
 *    (ml/04) and the 2×2 confusion matrix (ml/04's confusion_matrix) as a table, then a paragraph
 *    on what the numbers mean;
 * 7. pictures: each confusion matrix as a heatmap, a bar chart of accuracy against F1, and F1
 *    against the decision threshold for the six trained models.
 *
 * Usage: project_reuters_grain [OUTPUT_DIR] [--quick] [--epochs N] [--hidden H] [--max-length L]
 *                              [--mlm-steps N] [--tune-steps N]
 *   OUTPUT_DIR    default build/projects-output (created if missing)
 *   --quick       the LSTMs and BERT smaller, on shorter texts, for fewer epochs and steps (the
 *                 selftest's run); the TF-IDF models are the full ones in both runs
 *   --epochs N    the LSTMs' epochs (full run 8), --hidden H  E = H (full run 32),
 *   --max-length L  tokens the LSTMs read per article (full run 200)
 *   --mlm-steps N   BERT's masked-LM pre-training steps (full run 600)
 *   --tune-steps N  BERT's fine-tuning steps, for both BERT rows (full run 150)
 * Same build → the same numbers on every run (the timings aside). OpenBLAS's thread count is the
 * caller's (OPENBLAS_NUM_THREADS; the measured runs set 1).
 */
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/data/dataset.hpp>
#include <llmlings/ml/03_logistic_regression.hpp>
#include <llmlings/ml/04_metrics.hpp>
#include <llmlings/ml/07_trees.hpp>
#include <llmlings/nlp/01_tokenization.hpp>
#include <llmlings/nlp/07_text_classification.hpp>
#include <llmlings/nn/07_optimizers.hpp>
#include <llmlings/plot.hpp>
#include <llmlings/stats/03_sampling.hpp>
#include <llmlings/transformer/08_bert.hpp>

#include "../project.hpp"

namespace ml = llmlings::ml;
namespace nlp = llmlings::nlp;
namespace nn = llmlings::nn;
namespace plot = llmlings::plot;
namespace stats = llmlings::stats;
namespace tr = llmlings::transformer;
using llmlings::index_vector;
using token_lists = std::vector<std::vector<std::string>>;
using id_lists = std::vector<std::vector<std::size_t>>;

namespace projects = llmlings::projects;
using projects::format;
using projects::seconds_since;

namespace {

/// The LSTM's settings; the defaults are the full run.
struct lstm_config {
    std::size_t max_length = 200;  ///< tokens kept per article (its first ones: headline, lead)
    std::size_t min_count = 2;     ///< words seen fewer times in training become <unk>
    std::size_t embed = 32;        ///< E
    std::size_t hidden = 32;       ///< H
    std::size_t epochs = 8;        ///< passes over the 1,554 training articles
    std::size_t batch = 32;        ///< articles per Adam step
    double lr = 5e-3;              ///< Adam's η
    std::uint64_t seed = 2024;     ///< initialisation and batch order (the same for both runs)
};

lstm_config quick_config() {
    lstm_config c;
    c.max_length = 40;
    c.embed = 16;
    c.hidden = 16;
    c.epochs = 4;
    c.lr = 1e-2;
    return c;
}

/// One classifier's test-set results.
struct result {
    std::string name;    ///< for the tables
    std::string label;   ///< short, for the pictures
    std::string file;    ///< the heatmap's file name stem
    llmlings::vector p;  ///< P(grain | article) per test article (empty for the majority guess)
    index_vector predicted;
    nlp::binary_report report;
    double auc = 0.0;  ///< ROC AUC (ml/04), for the models that give a score
};

index_vector at_threshold(const llmlings::vector& p, double threshold) {
    index_vector out = xt::empty<std::size_t>({p.size()});
    for (std::size_t i = 0; i < p.size(); ++i) out(i) = p(i) >= threshold ? 1 : 0;
    return out;
}

result scored(std::string name, std::string label, std::string file, const llmlings::vector& p,
              const index_vector& truth) {
    result r{std::move(name), std::move(label), std::move(file), p, at_threshold(p, 0.5), {}, 0.0};
    r.report = nlp::binary_classification_report(truth, r.predicted);
    r.auc = ml::roc_auc_score(truth, p);
    return r;
}

/// Trains one embedding + LSTM classifier (nlp/07) and returns its test probabilities.
llmlings::vector train_lstm(const lstm_config& cfg, std::size_t vocab_size, const id_lists& train,
                            const index_vector& labels, const id_lists& test, bool balanced) {
    llmlings::rng gen(cfg.seed);  // the same initial weights and batch order, weighted or not
    auto model = nlp::make_lstm_classifier<float>(vocab_size, cfg.embed, cfg.hidden, nlp::sequence_pooling::mean, gen);
    nlp::lstm_train_options o;
    o.epochs = cfg.epochs;
    o.batch_size = cfg.batch;
    o.learning_rate = cfg.lr;
    o.balanced = balanced;
    const auto start = std::chrono::steady_clock::now();
    const std::vector<double> losses = nlp::train_lstm_classifier(model, train, labels, o, gen);
    std::cout << "  " << (balanced ? "class-weighted" : "unweighted    ") << "  training loss per epoch:";
    for (const double l : losses) std::cout << format(" %.4f", l);
    std::cout << format("  (%.1f s)\n", seconds_since(start)) << std::flush;
    return nlp::lstm_classifier_proba(model, test);
}

/// The BERT-style encoder's settings (transformer/08); the defaults are the full run.
struct bert_config {
    std::size_t layers = 2;            ///< L, encoder blocks
    std::size_t heads = 2;             ///< attention heads, dividing channels
    std::size_t channels = 64;         ///< C
    std::size_t block = 128;           ///< positions: [CLS] and the first block − 1 words of an article
    std::size_t batch = 32;            ///< sequences per AdamW step, in pre-training and fine-tuning
    std::size_t mlm_steps = 600;       ///< masked-LM pre-training steps
    std::size_t tune_steps = 150;      ///< fine-tuning steps (batches of half grain, half not)
    double mlm_lr = 2e-3;              ///< AdamW's peak η in pre-training (warm-up, then cosine to a tenth)
    double tune_lr = 3e-4;             ///< the same in fine-tuning
    double weight_decay = 0.01;        ///< AdamW's decoupled decay of the matrices and embeddings (BERT's)
    double max_norm = 1.0;             ///< gradient clipping
    std::size_t eval_sequences = 128;  ///< sequences the MLM loss is measured on, before and after
    std::size_t log_every = 100;       ///< steps between two progress lines
    std::uint64_t seed = 2024;         ///< initialisation, masking and batch order
};

bert_config quick_bert_config() {
    bert_config c;
    c.layers = 1;
    c.heads = 2;
    c.channels = 32;
    c.block = 32;
    c.batch = 16;
    c.mlm_steps = 40;
    c.tune_steps = 40;
    c.mlm_lr = 3e-3;
    c.tune_lr = 1e-3;
    c.eval_sequences = 32;
    c.log_every = 20;
    return c;
}

/// BERT's ids: the LSTM's words first (ordinary, 0 … N − 1: the ones mask_tokens() may choose and
/// draw), then the special tokens <pad>, <unk>, [CLS], [MASK] (N … N + 3).
struct bert_vocabulary {
    std::size_t normal = 0;  ///< N
    std::size_t pad() const { return normal; }
    std::size_t unk() const { return normal + 1; }
    std::size_t cls() const { return normal + 2; }
    std::size_t mask() const { return normal + 3; }
    std::size_t size() const { return normal + 4; }
    /// The BERT id of an LSTM id (nlp/07: 0 <pad>, 1 <unk>, then the words).
    std::size_t of(std::size_t lstm_id) const { return lstm_id == 0 ? pad() : lstm_id == 1 ? unk() : lstm_id - 2; }
};

/// [CLS] and the BERT ids of the words from `begin` (at most `words` of them).
std::vector<std::size_t> bert_sequence(const bert_vocabulary& bv, const std::vector<std::size_t>& lstm_ids,
                                       std::size_t begin, std::size_t words) {
    std::vector<std::size_t> out{bv.cls()};
    for (std::size_t i = begin; i < std::min(lstm_ids.size(), begin + words); ++i) out.push_back(bv.of(lstm_ids[i]));
    return out;
}

/// The sequences `which` of `seqs` as a (B, T) batch padded with <pad> (T the longest), and their lengths.
void fill_batch(const id_lists& seqs, const std::vector<std::size_t>& which, std::size_t pad, tr::token_ids& ids,
                index_vector& lengths) {
    std::size_t steps = 1;
    for (const std::size_t k : which) steps = std::max(steps, seqs[k].size());
    ids = tr::token_ids::from_shape({which.size(), steps});
    std::fill(ids.begin(), ids.end(), pad);
    lengths = index_vector::from_shape({which.size()});
    for (std::size_t b = 0; b < which.size(); ++b) {
        const std::vector<std::size_t>& s = seqs[which[b]];
        std::copy(s.begin(), s.end(), ids.begin() + static_cast<std::ptrdiff_t>(b * steps));
        lengths(b) = s.size();
    }
}

/// Draws indices of 0 … n − 1 in shuffled passes (stats/03's random_permutation), without
/// repetition inside a pass.
struct index_cycle {
    std::size_t n;
    index_vector order{};
    std::size_t next = 0;
    std::size_t draw(llmlings::rng& gen) {
        if (next == order.size()) {
            order = stats::random_permutation(n, gen);
            next = 0;
        }
        return order(next++);
    }
};

/// The masked-LM loss of `seqs`, masked once with a fixed seed (the same masks before and after
/// pre-training): the mean over every chosen position.
double mlm_loss(const tr::bert_model<float>& model, const bert_config& cfg, const bert_vocabulary& bv,
                const id_lists& seqs) {
    llmlings::rng gen(cfg.seed + 7);
    tr::bert_workspace<float> ws;
    tr::token_ids ids, corrupted, targets;
    index_vector lengths;
    double total = 0.0;
    std::size_t chosen = 0;
    for (std::size_t first = 0; first < seqs.size(); first += cfg.batch) {
        std::vector<std::size_t> which;
        for (std::size_t k = first; k < std::min(seqs.size(), first + cfg.batch); ++k) which.push_back(k);
        fill_batch(seqs, which, bv.pad(), ids, lengths);
        const std::size_t n = tr::mask_tokens(ids, lengths, bv.normal, bv.mask(), {}, gen, corrupted, targets);
        const auto& logits = tr::bert_mlm_forward(model, corrupted, lengths, ws);
        total += tr::gpt_cross_entropy<float>(llmlings::as_rows(logits), targets, llmlings::empty_view<float>()) *
                 static_cast<double>(n);
        chosen += n;
    }
    return total / static_cast<double>(std::max<std::size_t>(chosen, 1));
}

nn::adam_optimizer<float> make_optimizer(tr::bert_model<float>& model, const bert_config& cfg, double lr) {
    nn::adamw_options o;
    o.lr = lr;
    o.weight_decay = cfg.weight_decay;
    return nn::make_adamw(model.params, o);
}

std::size_t warmup_steps(std::size_t steps) {
    return std::max<std::size_t>(1, steps / 10);
}

/// One progress line: the step, the mean loss since the last line, real tokens per second.
void progress_line(const char* phase, std::size_t step, std::size_t steps, double loss_sum, std::size_t in_sum,
                   std::size_t tokens, double seconds, double lr) {
    std::cout << format("    %s step %4zu/%zu  loss %.4f  lr %.2e  %6.0f tokens/s  %6.1f s\n", phase, step, steps,
                        loss_sum / static_cast<double>(std::max<std::size_t>(in_sum, 1)), lr,
                        static_cast<double>(tokens) / seconds, seconds)
              << std::flush;
}

/// Masked-LM pre-training (transformer/08's mask_tokens, 15 % with 80/10/10, and bert_mlm_step) on
/// shuffled passes over `seqs`, the training articles' text.
void pretrain(tr::bert_model<float>& model, const bert_config& cfg, const bert_vocabulary& bv, const id_lists& seqs) {
    llmlings::rng gen(cfg.seed + 1);
    nn::adam_optimizer<float> opt = make_optimizer(model, cfg, cfg.mlm_lr);
    tr::bert_workspace<float> ws;
    tr::gpt_gradients<float> grads;
    tr::token_ids ids, corrupted, targets;
    index_vector lengths;
    index_cycle cycle{seqs.size()};
    const auto start = std::chrono::steady_clock::now();
    double loss_sum = 0.0;
    std::size_t in_sum = 0, tokens = 0;
    for (std::size_t s = 1; s <= cfg.mlm_steps; ++s) {
        opt.options.lr =
            nn::warmup_cosine_lr(cfg.mlm_lr, s - 1, warmup_steps(cfg.mlm_steps), cfg.mlm_steps, cfg.mlm_lr / 10, 0.1);
        std::vector<std::size_t> which;
        for (std::size_t b = 0; b < cfg.batch; ++b) which.push_back(cycle.draw(gen));
        fill_batch(seqs, which, bv.pad(), ids, lengths);
        tr::mask_tokens(ids, lengths, bv.normal, bv.mask(), {}, gen, corrupted, targets);
        loss_sum += tr::bert_mlm_step(model, corrupted, lengths, targets, ws, grads, opt, cfg.max_norm).loss;
        ++in_sum;
        for (const std::size_t n : lengths) tokens += n;
        if (s % cfg.log_every == 0 || s == cfg.mlm_steps) {
            progress_line("MLM", s, cfg.mlm_steps, loss_sum, in_sum, tokens, seconds_since(start), opt.options.lr);
            loss_sum = 0.0;
            in_sum = 0;
        }
    }
}

/// Fine-tunes the [CLS] classifier (bert_classify_step) on batches of half grain, half other
/// articles, and returns P(grain) of every test sequence: the softmax of its two logits.
llmlings::vector fine_tune(tr::bert_model<float>& model, const bert_config& cfg, const bert_vocabulary& bv,
                           const id_lists& train_seqs, const index_vector& labels, const id_lists& test_seqs) {
    llmlings::rng gen(cfg.seed + 2);  // the same batches for every model
    nn::adam_optimizer<float> opt = make_optimizer(model, cfg, cfg.tune_lr);
    tr::bert_workspace<float> ws;
    tr::gpt_gradients<float> grads;
    tr::token_ids ids;
    index_vector lengths, batch_labels = index_vector::from_shape({cfg.batch});
    std::vector<std::size_t> by_class[2];
    for (std::size_t i = 0; i < labels.size(); ++i) by_class[labels(i)].push_back(i);
    index_cycle cycles[2] = {{by_class[0].size()}, {by_class[1].size()}};
    const auto start = std::chrono::steady_clock::now();
    double loss_sum = 0.0;
    std::size_t in_sum = 0, tokens = 0;
    for (std::size_t s = 1; s <= cfg.tune_steps; ++s) {
        opt.options.lr = nn::warmup_cosine_lr(cfg.tune_lr, s - 1, warmup_steps(cfg.tune_steps), cfg.tune_steps,
                                              cfg.tune_lr / 10, 0.1);
        std::vector<std::size_t> which;
        for (std::size_t b = 0; b < cfg.batch; ++b) {
            const std::size_t c = b % 2;  // grain, not grain, grain, …: half of each class
            which.push_back(by_class[c][cycles[c].draw(gen)]);
            batch_labels(b) = c;
        }
        fill_batch(train_seqs, which, bv.pad(), ids, lengths);
        loss_sum += tr::bert_classify_step(model, ids, lengths, batch_labels, ws, grads, opt, cfg.max_norm).loss;
        ++in_sum;
        for (const std::size_t n : lengths) tokens += n;
        if (s % cfg.log_every == 0 || s == cfg.tune_steps) {
            progress_line("fine-tune", s, cfg.tune_steps, loss_sum, in_sum, tokens, seconds_since(start),
                          opt.options.lr);
            loss_sum = 0.0;
            in_sum = 0;
        }
    }
    llmlings::vector p = xt::empty<double>({test_seqs.size()});
    for (std::size_t first = 0; first < test_seqs.size(); first += 64) {
        std::vector<std::size_t> which;
        for (std::size_t k = first; k < std::min(test_seqs.size(), first + 64); ++k) which.push_back(k);
        fill_batch(test_seqs, which, bv.pad(), ids, lengths);
        const auto& logits = tr::bert_classify_forward(model, ids, lengths, ws);
        const llmlings::matrix z = xt::cast<double>(logits);
        const llmlings::matrix probs = ml::softmax(z);
        for (std::size_t b = 0; b < which.size(); ++b) p(first + b) = probs(b, 1);
    }
    return p;
}

void print_scores(const std::vector<result>& results) {
    std::cout << format("\n  %-38s %8s %9s %7s %6s %8s %8s\n", "model (threshold 0.5)", "accuracy", "precision",
                        "recall", "F1", "ROC AUC", "flagged");
    for (const result& r : results) {
        const nlp::binary_report& b = r.report;
        const std::string auc = r.p.size() == 0 ? "   -" : format("%.3f", r.auc);
        std::cout << format("  %-38s %8.3f %9.3f %7.3f %6.3f %8s %8zu\n", r.name.c_str(), b.accuracy, b.precision,
                            b.recall, b.f1, auc.c_str(), b.true_positives + b.false_positives);
    }
}

/// The confusion matrices (ml/04: rows the truth, columns the prediction), two models a row.
void print_confusion(const std::vector<llmlings::matrix>& cms, const std::vector<result>& results) {
    std::cout << format("\nConfusion matrices on the %zu test articles (rows: the truth; columns: the prediction):\n",
                        results[0].report.true_positives + results[0].report.false_positives +
                            results[0].report.false_negatives + results[0].report.true_negatives);
    for (std::size_t k = 0; k < results.size(); k += 2) {
        std::string head, cols, row0, row1;
        for (std::size_t m = k; m < std::min(k + 2, results.size()); ++m) {
            const llmlings::matrix& c = cms[m];
            head += format("  %-40s", results[m].name.c_str());
            cols += format("  %-16s %11s %11s ", "", "not grain", "grain");
            row0 += format("  %-16s %11.0f %11.0f ", "true not grain", c(0, 0), c(0, 1));
            row1 += format("  %-16s %11.0f %11.0f ", "true grain", c(1, 0), c(1, 1));
        }
        for (std::string* line : {&head, &cols, &row0, &row1}) {
            line->erase(line->find_last_not_of(' ') + 1);  // no trailing blanks
            std::cout << (line == &head ? "\n" : "") << *line << "\n";
        }
    }
}

int run(int argc, char** argv) {
    const auto start = std::chrono::steady_clock::now();
    std::filesystem::path out_dir = "build/projects-output";
    bool quick = false;
    std::size_t epochs = 0, hidden = 0, max_length = 0, mlm_steps = 0, tune_steps = 0;
    const std::string usage =
        " (usage: project_reuters_grain [OUTPUT_DIR] [--quick] [--epochs N] [--hidden H] [--max-length L]"
        " [--mlm-steps N] [--tune-steps N])";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--quick")
            quick = true;
        else if ((arg == "--epochs" || arg == "--hidden" || arg == "--max-length" || arg == "--mlm-steps" ||
                  arg == "--tune-steps") &&
                 i + 1 < argc)
            (arg == "--epochs"       ? epochs
             : arg == "--hidden"     ? hidden
             : arg == "--max-length" ? max_length
             : arg == "--mlm-steps"  ? mlm_steps
                                     : tune_steps) =
                projects::positive_argument("project_reuters_grain", arg, argv[++i]);
        else if (!arg.empty() && arg[0] == '-')
            throw llmlings::invalid_argument("project_reuters_grain", "unknown option '" + arg + "'" + usage);
        else
            out_dir = arg;
    }
    lstm_config cfg = quick ? quick_config() : lstm_config{};
    if (epochs != 0) cfg.epochs = epochs;
    if (hidden != 0) cfg.hidden = cfg.embed = hidden;
    if (max_length != 0) cfg.max_length = max_length;
    bert_config bcfg = quick ? quick_bert_config() : bert_config{};
    if (mlm_steps != 0) bcfg.mlm_steps = mlm_steps;
    if (tune_steps != 0) bcfg.tune_steps = tune_steps;
    std::filesystem::create_directories(out_dir);
    const bool draw = plot::available();
    if (!draw)
        std::cout << "note: gnuplot is not installed, so no PNG is drawn (the .dat and .gp files are written);\n"
                     "      install it with: sudo apt-get install gnuplot-nox\n";
    std::cout << "Is this article about grain? Reuters-21578 Grain, TF-IDF + logistic regression against\n"
                 "embeddings + LSTM (nlp/07) and a BERT-style encoder (transformer/08)"
              << (quick ? format("\n  [--quick: LSTM E = H = %zu, the first %zu tokens, %zu epochs; BERT L = %zu, C = "
                                 "%zu, %zu positions, %zu MLM + %zu fine-tuning steps]",
                                 cfg.hidden, cfg.max_length, cfg.epochs, bcfg.layers, bcfg.channels, bcfg.block,
                                 bcfg.mlm_steps, bcfg.tune_steps)
                        : std::string())
              << "\n\n";

    // 1. The data.
    const std::string dir = llmlings::data::default_data_dir();
    const nlp::labelled_texts train = nlp::arff_text_labels(nlp::read_arff(dir + "/ReutersGrain-train.arff"));
    const nlp::labelled_texts test = nlp::arff_text_labels(nlp::read_arff(dir + "/ReutersGrain-test.arff"));
    token_lists train_tokens, test_tokens;
    std::size_t train_words = 0;
    for (const std::string& t : train.texts) {
        train_tokens.push_back(nlp::tokenize(t));
        train_words += train_tokens.back().size();
    }
    for (const std::string& t : test.texts) test_tokens.push_back(nlp::tokenize(t));
    const auto positives = [](const index_vector& y) {
        std::size_t n = 0;
        for (const std::size_t v : y) n += v;
        return n;
    };
    const std::size_t pos_train = positives(train.labels), pos_test = positives(test.labels);
    std::cout << format(
        "data: %zu training articles (%zu about grain, %.1f %%), %zu test articles (%zu about grain, %.1f %%);\n"
        "      %zu training tokens (nlp/01's tokenize), %.0f per article\n",
        train.texts.size(), pos_train, 100.0 * double(pos_train) / double(train.texts.size()), test.texts.size(),
        pos_test, 100.0 * double(pos_test) / double(test.texts.size()), train_words,
        double(train_words) / double(train.texts.size()));

    // 2. The majority guess.
    std::vector<result> results;
    {
        result r{"majority guess (never \"grain\")", "majority", "majority", {}, {}, {}, 0.0};
        r.report = nlp::majority_baseline(train.labels, test.labels);
        r.predicted = xt::zeros<std::size_t>({test.labels.size()});  // the training majority is class 0
        results.push_back(r);
    }

    // 3. TF-IDF + logistic regression, sklearn's C = 1, unweighted and balanced.
    std::cout << "\nModel A: TF-IDF (nlp/03, sklearn's smoothed idf, L2 rows) + logistic regression (C = 1, "
                 "300 Nesterov epochs)\n";
    for (const bool balanced : {false, true}) {
        const auto t0 = std::chrono::steady_clock::now();
        nlp::tfidf_classifier_options o;
        o.balanced = balanced;
        const nlp::tfidf_classifier clf = nlp::fit_tfidf_classifier(train_tokens, train.labels, o);
        const llmlings::vector p = nlp::sparse_logistic_proba(clf.model, nlp::tfidf_vectors(clf.tfidf, test_tokens));
        std::cout << format("  %s  %zu terms, class weights {%.3f, %.3f}  (%.1f s)\n",
                            balanced ? "balanced  " : "unweighted", clf.tfidf.vocabulary.terms.size(),
                            clf.class_weights[0], clf.class_weights[1], seconds_since(t0));
        if (balanced) {  // the terms that push hardest towards "grain": the largest weights
            std::vector<std::size_t> order(clf.model.weights.size());
            for (std::size_t j = 0; j < order.size(); ++j) order[j] = j;
            std::partial_sort(order.begin(), order.begin() + 12, order.end(), [&](std::size_t a, std::size_t b) {
                return clf.model.weights(a) > clf.model.weights(b) ||
                       (clf.model.weights(a) == clf.model.weights(b) && a < b);
            });
            std::cout << "              its 12 largest weights (towards \"grain\"):";
            for (std::size_t k = 0; k < 12; ++k) {
                if (k % 6 == 0) std::cout << "\n               ";
                std::cout << format(" %s %.1f", clf.tfidf.vocabulary.terms[order[k]].c_str(),
                                    clf.model.weights(order[k]));
            }
            std::cout << "\n";
        }
        results.push_back(
            balanced ? scored("TF-IDF + logistic, balanced weights", "LR balanced", "tfidf_balanced", p, test.labels)
                     : scored("TF-IDF + logistic, unweighted", "LR", "tfidf", p, test.labels));
    }

    // 4. Embeddings + LSTM.
    const nlp::token_vocabulary vocab = nlp::build_token_vocabulary(train_tokens, cfg.min_count);
    id_lists train_ids, test_ids;
    std::size_t unknown = 0, test_steps = 0;
    for (const auto& t : train_tokens) train_ids.push_back(nlp::encode_tokens(vocab, t, cfg.max_length));
    for (const auto& t : test_tokens) {
        test_ids.push_back(nlp::encode_tokens(vocab, t, cfg.max_length));
        for (const std::size_t id : test_ids.back()) unknown += id == 1;
        test_steps += test_ids.back().size();
    }
    llmlings::rng probe_gen(cfg.seed);  // a model built only to count its parameters
    const auto lstm_probe = nlp::make_lstm_classifier<float>(vocab.words.size(), cfg.embed, cfg.hidden,
                                                             nlp::sequence_pooling::mean, probe_gen);
    std::cout << format(
        "\nModel B: embedding (E = %zu) -> LSTM (H = %zu, nn/11) -> mean over the real steps -> dense logit;\n"
        "  %zu ids (words seen %zu+ times in training, <pad>, <unk>), %zu parameters in one float32 store;\n"
        "  the first %zu tokens of each article (%.1f %% of the test tokens kept are <unk>);\n"
        "  Adam lr %.g, batch %zu, %zu epochs, gradient norm clipped to 1, seed %llu\n",
        cfg.embed, cfg.hidden, vocab.words.size(), cfg.min_count, lstm_probe.params.numel(), cfg.max_length,
        100.0 * double(unknown) / double(std::max<std::size_t>(test_steps, 1)), cfg.lr, cfg.batch, cfg.epochs,
        static_cast<unsigned long long>(cfg.seed));
    for (const bool balanced : {false, true}) {
        const llmlings::vector p = train_lstm(cfg, vocab.words.size(), train_ids, train.labels, test_ids, balanced);
        results.push_back(
            balanced ? scored("embeddings + LSTM, balanced weights", "LSTM balanced", "lstm_balanced", p, test.labels)
                     : scored("embeddings + LSTM, unweighted", "LSTM", "lstm", p, test.labels));
    }

    // 5. A BERT-style encoder (transformer/08): masked-LM pre-training on the training articles'
    // text only, then fine-tuning of the [CLS] classifier; and the same fine-tuning from a fresh init.
    const bert_vocabulary bv{vocab.words.size() - 2};
    id_lists mlm_seqs, tune_seqs, bert_test_seqs;
    std::size_t mlm_tokens = 0;
    for (const auto& t : train_tokens) {
        const std::vector<std::size_t> all = nlp::encode_tokens(vocab, t);
        tune_seqs.push_back(bert_sequence(bv, all, 0, bcfg.block - 1));
        for (std::size_t begin = 0; begin < all.size(); begin += bcfg.block - 1) {
            mlm_seqs.push_back(bert_sequence(bv, all, begin, bcfg.block - 1));
            mlm_tokens += mlm_seqs.back().size();
        }
    }
    for (const auto& t : test_tokens)
        bert_test_seqs.push_back(bert_sequence(bv, nlp::encode_tokens(vocab, t, bcfg.block - 1), 0, bcfg.block - 1));
    const id_lists mlm_eval_train(mlm_seqs.begin(), mlm_seqs.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                                           bcfg.eval_sequences, mlm_seqs.size())));
    const id_lists mlm_eval_test(
        bert_test_seqs.begin(),
        bert_test_seqs.begin() + static_cast<std::ptrdiff_t>(std::min(bcfg.eval_sequences, bert_test_seqs.size())));
    tr::gpt_config gc;
    gc.vocab_size = bv.size();
    gc.block_size = bcfg.block;
    gc.layers = bcfg.layers;
    gc.heads = bcfg.heads;
    gc.channels = bcfg.channels;
    const auto fresh_bert = [&] {  // the same initial weights for both rows
        llmlings::rng init_gen(bcfg.seed);
        tr::bert_model<float> m = tr::make_bert(llmlings::parameter_store<float>(), gc, 2);
        tr::init_bert(m, init_gen);
        return m;
    };
    tr::bert_model<float> bert = fresh_bert();
    std::cout << format(
        "\nModel C: a BERT-style encoder (transformer/08: pre-LN blocks, no causal mask, the tied MLM head,\n"
        "  a classifier on [CLS]): %zu block%s of %zu heads, %zu channels, %zu positions; %zu parameters (float32)\n"
        "  vocabulary %zu: the LSTM's %zu words, then <pad>, <unk>, [CLS], [MASK] (special: never masked or drawn)\n"
        "  pre-training: masked LM (15 %%; 80 %% [MASK], 10 %% a random word, 10 %% kept) on the training text only,\n"
        "    %zu sequences of [CLS] + up to %zu words (%zu tokens), %zu steps of %zu, AdamW lr %.g (warm-up, cosine)\n"
        "  fine-tuning: [CLS] + the first %zu words, %zu steps of %zu sequences, half grain and half not (balanced\n"
        "    batch sampling), AdamW lr %.g (warm-up, cosine), weight decay %.g, clip %.g, seed %llu\n",
        bcfg.layers, bcfg.layers == 1 ? "" : "s", bcfg.heads, bcfg.channels, bcfg.block, bert.params.numel(), bv.size(),
        bv.normal, mlm_seqs.size(), bcfg.block - 1, mlm_tokens, bcfg.mlm_steps, bcfg.batch, bcfg.mlm_lr, bcfg.block - 1,
        bcfg.tune_steps, bcfg.batch, bcfg.tune_lr, bcfg.weight_decay, bcfg.max_norm,
        static_cast<unsigned long long>(bcfg.seed));
    llmlings::vector word_counts = xt::zeros<double>({bv.normal});  // the bar: word frequencies alone
    for (const auto& seq : mlm_seqs)
        for (const std::size_t id : seq)
            if (id < bv.normal) word_counts(id) += 1.0;
    const double unigram = ml::entropy(word_counts) * std::log(2.0);  // ml/07's entropy is in bits
    const double mlm_before_train = mlm_loss(bert, bcfg, bv, mlm_eval_train);
    const double mlm_before_test = mlm_loss(bert, bcfg, bv, mlm_eval_test);
    std::cout << format(
                     "  MLM loss before pre-training: %.4f on %zu training sequences, %.4f on the first %zu test\n"
                     "    articles (measured only, never trained on); ln V = %.4f; the word frequencies alone\n"
                     "    (the unigram entropy of the training words) %.4f\n",
                     mlm_before_train, mlm_eval_train.size(), mlm_before_test, mlm_eval_test.size(),
                     std::log(double(bv.size())), unigram)
              << std::flush;
    auto t0 = std::chrono::steady_clock::now();
    pretrain(bert, bcfg, bv, mlm_seqs);
    const double mlm_seconds = seconds_since(t0);
    const double mlm_after_train = mlm_loss(bert, bcfg, bv, mlm_eval_train);
    const double mlm_after_test = mlm_loss(bert, bcfg, bv, mlm_eval_test);
    std::cout << format(
                     "  MLM loss after pre-training (%.1f s): %.4f on the training sequences, %.4f on the test "
                     "articles\n",
                     mlm_seconds, mlm_after_train, mlm_after_test)
              << std::flush;
    t0 = std::chrono::steady_clock::now();
    const llmlings::vector p_bert = fine_tune(bert, bcfg, bv, tune_seqs, train.labels, bert_test_seqs);
    std::cout << format("  fine-tuned the pre-trained encoder in %.1f s\n", seconds_since(t0)) << std::flush;
    t0 = std::chrono::steady_clock::now();
    tr::bert_model<float> scratch = fresh_bert();
    const llmlings::vector p_scratch = fine_tune(scratch, bcfg, bv, tune_seqs, train.labels, bert_test_seqs);
    std::cout << format("  fine-tuned a fresh encoder (no pre-training) in %.1f s\n", seconds_since(t0)) << std::flush;
    results.push_back(scored("BERT, MLM pre-trained + fine-tuned", "BERT", "bert", p_bert, test.labels));
    results.push_back(scored("BERT without MLM pre-training", "BERT fresh", "bert_fresh", p_scratch, test.labels));

    // 6. The scores and the confusion matrices.
    std::vector<llmlings::matrix> cms;
    for (const result& r : results) cms.push_back(ml::confusion_matrix(test.labels, r.predicted, 2));
    print_scores(results);
    print_confusion(cms, results);

    // the best F1 each scored model reaches over thresholds 0.01 … 0.99, read off the test set
    const std::size_t steps = 99;
    llmlings::vector thresholds = xt::empty<double>({steps});
    for (std::size_t i = 0; i < steps; ++i) thresholds(i) = double(i + 1) / 100.0;
    std::vector<plot::series> f1_curves;
    std::cout << "\nF1 at the best threshold, chosen on the test set itself (an optimistic bound, for insight):\n";
    for (const result& r : results) {
        if (r.p.size() == 0) continue;
        plot::series s{r.label, xt::empty<double>({steps})};
        std::size_t best = 0;
        for (std::size_t i = 0; i < steps; ++i) {
            s.y(i) = nlp::binary_classification_report(test.labels, at_threshold(r.p, thresholds(i))).f1;
            if (s.y(i) > s.y(best)) best = i;
        }
        std::cout << format("  %-38s F1 %.3f at threshold %.2f (F1 %.3f at 0.5)\n", r.name.c_str(), s.y(best),
                            thresholds(best), r.report.f1);
        f1_curves.push_back(std::move(s));
    }

    const result& lr = results[1];
    const result& lr_bal = results[2];
    const result& lstm = results[3];
    const result& lstm_bal = results[4];
    const double majority_acc = results[0].report.accuracy;
    std::cout << format(
        "\nWhat the numbers mean. Never saying \"grain\" is right on %.1f %% of the test articles and finds\n"
        "none of the %zu grain articles: accuracy rewards it for the easy negatives, the F1 of the\n"
        "grain class (which ignores true negatives) gives it 0. Unweighted, TF-IDF + logistic regression\n"
        "is only %.1f points more accurate than that, and its F1 of %.3f shows why: C = 1 regularises\n"
        "hard, the %zu grain articles pull little against the %zu others, so it flags %zu articles\n"
        "and misses %zu. Weighting each grain article %.1f times more (balanced) moves the decision\n"
        "boundary, not the ranking: F1 %.3f with a recall of %.3f, while the ROC AUC, which needs no\n"
        "threshold, hardly changes (%.3f against %.3f): the unweighted model ranked the articles\n"
        "about as well and only put its threshold in the wrong place, as the F1-threshold picture\n"
        "shows. Weighting matters less to the LSTM (F1 %.3f unweighted, %.3f weighted): it drives\n"
        "its training loss towards 0 either way, and weights only trade errors that remain. It reads\n"
        "word order but learns its %zu parameters from %zu articles, and ranks the test articles\n"
        "less well than the linear model (ROC AUC %.3f and %.3f): on news items whose topic words\n"
        "(wheat, grain, tonnes, corn) say it all, TF-IDF + logistic regression is the baseline to beat.\n",
        100.0 * majority_acc, pos_test, 100.0 * (lr.report.accuracy - majority_acc), lr.report.f1, pos_train,
        train.texts.size() - pos_train, lr.report.true_positives + lr.report.false_positives, lr.report.false_negatives,
        nlp::balanced_class_weights(train.labels)[1] / nlp::balanced_class_weights(train.labels)[0], lr_bal.report.f1,
        lr_bal.report.recall, lr_bal.auc, lr.auc, lstm.report.f1, lstm_bal.report.f1, lstm_probe.params.numel(),
        train.texts.size(), lstm.auc, lstm_bal.auc);
    const result& bert_r = results[5];
    const result& fresh_r = results[6];
    const auto compared = [](double a, double b, double level) {
        return a > b + level ? "ahead" : a < b - level ? "behind" : "level";
    };
    std::cout << format(
        "\nAnd BERT. The encoder reads each of its %zu positions in the light of all the others, but\n"
        "%.0f %% of its %zu parameters are word embeddings (V x C), and %zu labelled articles are few to\n"
        "learn them from: fine-tuned from a fresh initialisation it reaches F1 %.3f and ROC AUC %.3f.\n"
        "Pre-training on the masked words of the training articles' own text (no label, no test\n"
        "article) took the MLM loss from %.2f to %.2f (%.2f on test text it never saw; ln V = %.2f,\n"
        "the word frequencies alone %.2f) and, from the same initial weights with the same\n"
        "fine-tuning batches, %s F1 to %.3f and the ROC AUC to %.3f: the difference is what\n"
        "pre-training is worth here, measured. Against TF-IDF + logistic regression with balanced\n"
        "weights (F1 %.3f, ROC AUC %.3f) the pre-trained encoder is %s on F1 at the 0.5\n"
        "threshold and %s on ranking (level: within 0.02 in F1, 0.005 in ROC AUC). With %zu grain\n"
        "test articles one article more or less moves F1 by about 0.01, and one seed is one draw:\n"
        "only differences of several hundredths mean much.\n",
        bcfg.block, 100.0 * double(bert.encoder.wte.size()) / double(bert.params.numel()), bert.params.numel(),
        train.texts.size(), fresh_r.report.f1, fresh_r.auc, mlm_before_train, mlm_after_train, mlm_after_test,
        std::log(double(bv.size())), unigram, bert_r.report.f1 >= fresh_r.report.f1 ? "raised" : "lowered",
        bert_r.report.f1, bert_r.auc, lr_bal.report.f1, lr_bal.auc, compared(bert_r.report.f1, lr_bal.report.f1, 0.02),
        compared(bert_r.auc, lr_bal.auc, 0.005), pos_test);

    // 7. The pictures.
    std::cout << (draw ? "\npictures:\n" : "\ngnuplot scripts and data, to draw later (.png -> .gp):\n");
    for (std::size_t m = 0; m < results.size(); ++m) {
        plot::options o;
        o.run_gnuplot = draw;
        o.width = 520;
        o.height = 440;
        o.title = format("%s: F1 %.3f, accuracy %.3f", results[m].label.c_str(), results[m].report.f1,
                         results[m].report.accuracy);
        o.xlabel = "predicted";
        o.ylabel = "true";
        std::cout << "  "
                  << plot::heatmap((out_dir / ("reuters_grain_confusion_" + results[m].file + ".png")).string(), cms[m],
                                   {"not grain", "grain"}, {"not grain", "grain"}, o, true)
                  << "\n";
    }
    {
        std::vector<std::string> labels;
        llmlings::vector values = xt::empty<double>({2 * results.size()});
        for (std::size_t m = 0; m < results.size(); ++m) {
            std::string name = results[m].label;  // "LSTM balanced" -> "LSTM bal." so the tics fit
            if (name.size() > 9 && name.compare(name.size() - 9, 9, " balanced") == 0)
                name.replace(name.size() - 8, 8, "bal.");
            labels.push_back(name + " acc");
            labels.push_back(name + " F1");
            values(2 * m) = results[m].report.accuracy;
            values(2 * m + 1) = results[m].report.f1;
        }
        plot::options o;
        o.run_gnuplot = draw;
        o.width = static_cast<int>(280 * results.size());  // 280 pixels a model, so the tics fit
        o.title = "Reuters Grain test set: accuracy against F1 of the grain class (threshold 0.5)";
        o.ylabel = "score";
        std::cout << "  " << plot::bar_chart((out_dir / "reuters_grain_scores.png").string(), labels, values, o)
                  << "\n";
    }
    {
        plot::options o;
        o.run_gnuplot = draw;
        o.title = "F1 of the grain class against the decision threshold (test set)";
        o.xlabel = "threshold on P(grain | article)";
        o.ylabel = "F1";
        std::cout << "  "
                  << plot::line_plot((out_dir / "reuters_grain_f1_threshold.png").string(), thresholds, f1_curves, o)
                  << "\n";
    }
    std::cout << format("\ndone in %.1f s\n", seconds_since(start));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    return llmlings::projects::run_main("project_reuters_grain", run, argc, argv);
}
