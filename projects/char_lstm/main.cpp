// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Capstone of the nn module: a character-level LSTM language model of the King James
 * Bible that writes pseudo-English, and the loss curve that shows it learning.
 *
 * What it does:
 * 1. load the 31102 verses (data/kjv.hpp), join their texts with '\n' (4.1 million characters),
 *    take the distinct characters as the vocabulary, and hold out the last 5 % as validation
 *    text (the end of the New Testament: Hebrews to Revelation);
 * 2. print the unigram entropy of the text, the loss of a model that knows only how often each
 *    character occurs: the bar the LSTM must clear to have learned anything about order;
 * 3. train one-hot → LSTM (nn/11) → dense (nn/05) → softmax cross-entropy (nn/03) in float32, its
 *    tensors in one parameter store, by truncated backpropagation through time over windows of T
 *    characters at random offsets, with Adam (nn/07), a cosine learning-rate decay (nn/07) and
 *    gradient-norm clipping (nn/13); every few hundred steps print the training loss, the
 *    validation loss and the speed, and at the end the time per step;
 * 4. measure the final loss on the whole validation text and on as much training text, reading
 *    it as long streams with the LSTM's state carried along;
 * 5. draw the learning curves (nats per character, the unigram entropy as a line) and print
 *    samples at temperatures 0.5 and 1.0 after the prompt "And God said".
 * The model and its training step live in char_model.hpp, shared with the integration test.
 *
 * Usage: project_char_lstm [OUTPUT_DIR] [--quick] [--steps N] [--hidden H]
 *   OUTPUT_DIR  default build/projects-output (created if missing)
 *   --quick     a short run (well under a minute) that exercises every step; the selftest's
 *   --steps N   training steps (full run: 2500), --hidden H  LSTM units (full run: 128)
 * Same build, same seed → the same numbers (the timings aside). OpenBLAS's thread count is the
 * caller's (OPENBLAS_NUM_THREADS; the CLI sets 1).
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
#include <llmlings/data/kjv.hpp>
#include <llmlings/plot.hpp>

#include "../project.hpp"
#include "char_model.hpp"

namespace nn = llmlings::nn;
namespace plot = llmlings::plot;

namespace projects = llmlings::projects;
using projects::format;
using projects::seconds_since;

namespace {

/// The run's settings; the defaults are the full run.
struct run_config {
    std::size_t hidden = 128;        ///< H, LSTM units
    std::size_t seq_len = 100;       ///< T, characters per training window (the BPTT horizon)
    std::size_t batch = 32;          ///< B, windows per step
    std::size_t steps = 2500;        ///< training steps
    double lr = 3e-3;                ///< Adam's peak learning rate
    double min_lr = 1e-4;            ///< cosine decay's floor, reached at the last step
    double max_norm = 1.0;           ///< gradient-norm clip
    std::size_t eval_every = 100;    ///< steps between progress lines
    std::size_t eval_streams = 32;   ///< validation streams of the progress lines
    std::size_t eval_chars = 400;    ///< characters per stream (32·400 = 12800 per check)
    std::size_t final_streams = 64;  ///< streams of the final evaluation (whole validation text)
    std::size_t sample_chars = 300;  ///< characters per sample
    std::uint64_t seed = 2024;       ///< the one seed: initialisation, batches, samples
};

run_config quick_config() {
    run_config c;
    c.hidden = 64;
    c.seq_len = 50;
    c.batch = 16;
    c.steps = 600;
    c.lr = 1e-2;
    c.min_lr = 1e-3;
    c.eval_every = 100;
    c.eval_streams = 16;
    c.eval_chars = 250;
    c.final_streams = 32;
    return c;
}

/// A character as the report prints it: '\n' as \n, the others as they are.
std::string shown(char c) {
    return c == '\n' ? std::string("\\n") : std::string(1, c);
}

int run(int argc, char** argv) {
    const auto start = std::chrono::steady_clock::now();
    std::filesystem::path out_dir = "build/projects-output";
    run_config cfg;
    bool quick = false;
    std::size_t steps = 0, hidden = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--quick")
            quick = true;
        else if ((arg == "--steps" || arg == "--hidden") && i + 1 < argc)
            (arg == "--steps" ? steps : hidden) = projects::positive_argument("project_char_lstm", arg, argv[++i]);
        else if (!arg.empty() && arg[0] == '-')
            throw llmlings::invalid_argument(
                "project_char_lstm",
                "unknown option '" + arg +
                    "' (usage: project_char_lstm [OUTPUT_DIR] [--quick] [--steps N] [--hidden H])");
        else
            out_dir = arg;
    }
    if (quick) cfg = quick_config();
    if (steps != 0) cfg.steps = steps;
    if (hidden != 0) cfg.hidden = hidden;
    std::filesystem::create_directories(out_dir);
    const bool draw = plot::available();
    if (!draw)
        std::cout << "note: gnuplot is not installed, so no PNG is drawn (the .dat and .gp files are written);\n"
                     "      install it with: sudo apt-get install gnuplot-nox\n";
    std::cout << "Character-level LSTM language model of the King James Bible (nn/11)"
              << (quick ? "  [--quick: a short run]" : "") << "\n\n";

    // 1. The corpus, its vocabulary and the split.
    const std::vector<llmlings::data::verse> verses = llmlings::data::load_kjv();
    const std::string text = llmlings::data::kjv_text(verses);
    const char_lstm::vocabulary vocab = char_lstm::make_vocabulary(text);
    const char_lstm::id_sequence ids = char_lstm::encode(vocab, text);
    const std::size_t n = ids.size(), n_train = n - n / 20;
    std::size_t first_val_verse = 0;  // the verse that holds character n_train
    for (std::size_t pos = 0; first_val_verse < verses.size(); ++first_val_verse) {
        pos += verses[first_val_verse].text.size() + 1;
        if (pos > n_train) break;
    }
    std::cout << "corpus: " << verses.size() << " verses, " << n << " characters (verse texts joined with \\n)\n"
              << "vocabulary: " << vocab.size() << " characters: ";
    for (char c : vocab.chars) std::cout << shown(c);
    const llmlings::data::verse& v = verses[std::min(first_val_verse, verses.size() - 1)];
    std::cout << "\nsplit: the first " << n_train << " characters train, the last " << n - n_train << " (5 %, from "
              << v.book << " " << v.chapter << ":" << v.number << " on) validate\n";

    // 2. The bar to clear: a model that knows only the character frequencies.
    const double ln2 = std::log(2.0);
    const double unigram = char_lstm::unigram_entropy(ids, 0, n, vocab.size());
    std::cout << format(
        "unigram entropy of the text: %.4f nats = %.4f bits per character "
        "(uniform over the vocabulary: %.4f bits)\n\n",
        unigram, unigram / ln2, std::log2(static_cast<double>(vocab.size())));

    // 3. The model and the training loop.
    llmlings::rng gen(cfg.seed);
    char_lstm::char_model model = char_lstm::make_char_model(vocab, cfg.hidden, gen);
    nn::adam_options adam;
    adam.lr = cfg.lr;
    char_lstm::trainer train(model, cfg.batch, cfg.seq_len, adam);
    std::cout << format("model: one-hot (%zu) -> LSTM (H = %zu) -> dense (%zu logits); %zu parameters\n", vocab.size(),
                        cfg.hidden, vocab.size(), char_lstm::parameter_count(model))
              << format(
                     "training: %zu steps of B = %zu windows of T = %zu characters (%zu characters per step), "
                     "Adam, lr %.g -> %.g (cosine), clip %.g\n",
                     cfg.steps, cfg.batch, cfg.seq_len, cfg.batch * cfg.seq_len, cfg.lr, cfg.min_lr, cfg.max_norm)
              << format(
                     "progress: every %zu steps; val = %zu validation streams of %zu characters with the state "
                     "carried (%zu characters)\n",
                     cfg.eval_every, cfg.eval_streams, cfg.eval_chars, cfg.eval_streams * cfg.eval_chars);
    nn::learning_curve curve;
    const auto train_start = std::chrono::steady_clock::now();
    double loss_sum = 0.0, acc_sum = 0.0, train_seconds = 0.0, max_grad_norm = 0.0;
    std::size_t in_sum = 0;
    for (std::size_t s = 1; s <= cfg.steps; ++s) {
        const double lr = nn::cosine_lr(cfg.lr, s - 1, cfg.steps - 1 == 0 ? 1 : cfg.steps - 1, cfg.min_lr);
        const char_lstm::step_stats st = train.step(ids, 0, n_train, gen, lr, cfg.max_norm);
        loss_sum += st.loss;
        acc_sum += st.accuracy;
        max_grad_norm = std::max(max_grad_norm, st.grad_norm);
        ++in_sum;
        if (s % cfg.eval_every == 0 || s == cfg.steps) {
            train_seconds = seconds_since(train_start);
            const char_lstm::eval_result val =
                char_lstm::evaluate(model, ids, n_train, n, cfg.eval_streams, cfg.seq_len, cfg.eval_chars);
            nn::epoch_record r;
            r.epoch = s;
            r.train_loss = loss_sum / static_cast<double>(in_sum);
            r.train_accuracy = acc_sum / static_cast<double>(in_sum);
            r.valid_loss = val.loss;
            r.valid_accuracy = val.accuracy;
            r.seconds = seconds_since(train_start);
            nn::record_epoch(curve, r);
            const double chars_seen = static_cast<double>(s * cfg.batch * cfg.seq_len);
            std::cout << format(
                             "step %5zu/%zu  epoch %.2f  loss %.4f (%.3f bits)  acc %4.1f%%  val_loss %.4f  "
                             "val_acc %4.1f%%  |g|max %.2f  %6.0f chars/s  %6.1fs\n",
                             s, cfg.steps, chars_seen / static_cast<double>(n_train), r.train_loss, r.train_loss / ln2,
                             100.0 * r.train_accuracy, val.loss, 100.0 * val.accuracy, max_grad_norm,
                             chars_seen / train_seconds, r.seconds)
                      << std::flush;
            loss_sum = acc_sum = max_grad_norm = 0.0;
            in_sum = 0;
        }
    }
    const double training_seconds = seconds_since(train_start);

    // 4. The final losses: the whole validation text, and as much training text, as streams.
    const auto eval_start = std::chrono::steady_clock::now();
    const char_lstm::eval_result val = char_lstm::evaluate(model, ids, n_train, n, cfg.final_streams, cfg.seq_len);
    const char_lstm::eval_result tr = char_lstm::evaluate(model, ids, 0, n_train, cfg.final_streams, cfg.seq_len,
                                                          (n - n_train - 1) / cfg.final_streams);
    std::cout << format("\ntrained %zu steps in %.1f s (%.1f ms per step, %.0f characters per second)\n", cfg.steps,
                        training_seconds, 1000.0 * training_seconds / static_cast<double>(cfg.steps),
                        static_cast<double>(cfg.steps * cfg.batch * cfg.seq_len) / training_seconds)
              << format("final loss, %zu streams with the state carried (%.1f s):\n", cfg.final_streams,
                        seconds_since(eval_start))
              << format("  %-34s %8s %8s %9s\n", "", "nats", "bits", "accuracy")
              << format("  %-34s %8.4f %8.4f %8.1f%%\n", "training text (spread sample)", tr.loss, tr.loss / ln2,
                        100.0 * tr.accuracy)
              << format("  %-34s %8.4f %8.4f %8.1f%%\n",
                        ("validation text (all " + std::to_string(val.chars) + " chars)").c_str(), val.loss,
                        val.loss / ln2, 100.0 * val.accuracy)
              << format("  %-34s %8.4f %8.4f\n", "unigram entropy (frequencies only)", unigram, unigram / ln2)
              << format(
                     "the LSTM needs %.2f bits per character fewer than the unigram model on text it never saw "
                     "(%.0f %% of its entropy)\n",
                     (unigram - val.loss) / ln2, 100.0 * val.loss / unigram);

    // 5. The learning curves and the samples.
    const std::size_t points = curve.epochs.size();
    llmlings::vector xs = xt::empty<double>({points}), train_loss = xt::empty<double>({points}),
                     valid_loss = xt::empty<double>({points});
    for (std::size_t i = 0; i < points; ++i) {
        xs(i) = static_cast<double>(curve.epochs[i].epoch);
        train_loss(i) = curve.epochs[i].train_loss;
        valid_loss(i) = curve.epochs[i].valid_loss;
    }
    plot::options o;
    o.run_gnuplot = draw;
    o.title = format("char-LSTM on the KJV (H = %zu): validation %.3f bits/char, unigram %.3f", cfg.hidden,
                     val.loss / ln2, unigram / ln2);
    o.xlabel = "training step";
    o.ylabel = "cross-entropy (nats per character)";
    const std::string picture = plot::line_plot((out_dir / "char_lstm_loss.png").string(), xs,
                                                {{"train (mean of the last batches)", train_loss},
                                                 {"validation", valid_loss},
                                                 {"unigram entropy", xt::full_like(xs, unigram)}},
                                                o);
    nn::write_csv(curve, (out_dir / "char_lstm_loss.csv").string());
    std::cout << (draw ? "\npicture: " : "\ngnuplot script and data, to draw later (.png -> .gp): ") << picture
              << "  (numbers: char_lstm_loss.dat, char_lstm_loss.csv)\n";
    const std::string prompt = "And God said";
    for (double temperature : {0.5, 1.0}) {
        const std::string text_out = char_lstm::sample(model, prompt, cfg.sample_chars, temperature, gen);
        std::cout << "\nsample at temperature " << temperature << ":\n" << prompt << text_out << "\n";
    }
    std::cout << format("\ndone in %.1f s\n", seconds_since(start));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    return llmlings::projects::run_main("project_char_lstm", run, argc, argv);
}
