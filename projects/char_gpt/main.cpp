// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Capstone of the transformer module: a byte-level GPT trained from scratch on the King
 * James Bible, with progress, a validation curve, samples, a safetensors checkpoint and --resume.
 *
 * What it does:
 * 1. load the 31102 verses (data/kjv.hpp), join their texts with '\n' (4.1 million bytes) and hold
 *    out the last 5 % as validation text (the end of the New Testament). The vocabulary is the 256
 *    byte values, so the same model reads any UTF-8 text (the peft module moves it to another);
 * 2. print the unigram entropy of the bytes: the bar a model that knows no order would reach;
 * 3. train transformer/05's GPT (4 blocks of 4 heads, 128 wide, 64 positions) with
 *    transformer/06's training step: AdamW (weight decay 0.1 on matrices and embeddings, betas
 *    0.9, 0.95), a warm-up then cosine learning rate (nn/07), clipping at 1 (nn/13), batches of
 *    random windows (get_batch); every few hundred steps print the step, the training and
 *    validation losses, tokens per second and the time left, and save a checkpoint;
 * 4. measure the final validation loss over many fixed windows, draw the curves, print how much
 *    each head attends to the previous byte and draw the most such head's map and the attention
 *    rollout over a verse (transformer/09), and print samples after the prompt "And God said"
 *    (transformer/07: greedy and with temperature, with the KV cache).
 *
 * Files in OUTPUT_DIR: char_gpt.safetensors (the weights under transformer/05's names, with the
 * configuration and the step in its metadata; transformer/10), char_gpt.optimizer.safetensors
 * (AdamW's two moments of every tensor, the step count and the state of the random generator),
 * char_gpt_loss.png/.dat/.gp, char_gpt_attention_head.png, char_gpt_attention_rollout.png.
 *
 * --resume continues from the checkpoint in OUTPUT_DIR: the weights, the optimizer's moments, the
 * step, the random generator (so the batches continue where they stopped) and the curve. A run
 * stopped with --stop-at and resumed ends with the same weights, bit for bit, as one that was not
 * stopped (the learning-rate schedule depends on --steps only, which must be the same).
 *
 * Usage: project_char_gpt [OUTPUT_DIR] [--quick] [--steps N] [--stop-at N] [--resume] [--save-init]
 *   OUTPUT_DIR  default build/projects-output (created if missing)
 *   --quick     a short run (seconds) with a smaller model that exercises every step (the selftest's)
 *   --steps N   training steps in all (full run: 3000); the schedule's length
 *   --stop-at N stop (and save) after step N, to be resumed
 *   --save-init also write the initial weights to char_gpt.init.safetensors (for the PyTorch
 *               comparison, bench/peers/char_gpt_torch.py)
 * Same build, same seed → the same numbers (the timings aside). OpenBLAS's thread count is the
 * caller's (OPENBLAS_NUM_THREADS; the CLI sets 1).
 */
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/data/kjv.hpp>
#include <llmlings/plot.hpp>
#include <llmlings/transformer/06_gpt_training.hpp>
#include <llmlings/transformer/07_sampling.hpp>
#include <llmlings/transformer/09_interpretability.hpp>
#include <llmlings/transformer/10_safetensors.hpp>

#include "../project.hpp"

namespace nn = llmlings::nn;
namespace plot = llmlings::plot;
namespace tr = llmlings::transformer;
namespace projects = llmlings::projects;
using projects::format;
using projects::seconds_since;

namespace {

constexpr const char* program = "project_char_gpt";

/// The run's settings; the defaults are the full run.
struct run_config {
    tr::gpt_config model;              ///< V 256, P 64, L 4, H 4, C 128 (the gpt_config defaults)
    std::size_t batch = 16;            ///< B, windows per step
    std::size_t steps = 3000;          ///< training steps in all: the schedule's length
    double lr = 3e-3;                  ///< AdamW's peak learning rate
    double min_lr = 3e-4;              ///< the cosine's floor, reached at the last step
    std::size_t warmup = 100;          ///< linear warm-up steps, from lr/10
    double weight_decay = 0.1;         ///< on the matrices and embeddings (the store's decay group)
    double max_norm = 1.0;             ///< gradient-norm clip
    std::size_t eval_every = 250;      ///< steps between progress lines and checkpoints
    std::size_t eval_windows = 64;     ///< validation windows of a progress line
    std::size_t final_windows = 1024;  ///< validation windows of the final loss
    std::size_t sample_bytes = 300;    ///< bytes per sample
    std::uint64_t seed = 2024;         ///< the one seed: initialisation, batches, samples
};

run_config quick_config() {
    run_config c;
    c.model.block_size = 32;
    c.model.layers = 2;
    c.model.heads = 2;
    c.model.channels = 64;
    c.batch = 8;
    c.steps = 300;
    c.lr = 3e-3;
    c.min_lr = 1e-3;
    c.warmup = 10;
    c.eval_every = 50;
    c.eval_windows = 32;
    c.final_windows = 128;
    c.sample_bytes = 120;
    return c;
}

/// One point of the learning curve.
struct curve_point {
    std::size_t step = 0;
    double train = 0.0, valid = 0.0;
};

/// The mean next-byte loss of the model over `windows` windows of T + 1 bytes of tokens[first, last),
/// their starts spread evenly over the range, in batches of `batch`: the same windows at every call.
double validation_loss(const tr::gpt_model<float>& model, const std::vector<std::size_t>& tokens, std::size_t first,
                       std::size_t last, std::size_t windows, std::size_t batch, tr::gpt_workspace<float>& ws) {
    const std::size_t T = model.config.block_size, span = last - first - (T + 1);
    tr::token_ids ids = tr::token_ids::from_shape({batch, T}), targets = ids;
    double total = 0.0;
    std::size_t done = 0;
    while (done < windows) {
        const std::size_t rows = std::min(batch, windows - done);
        if (ids.shape()[0] != rows) ids = targets = tr::token_ids::from_shape({rows, T});
        for (std::size_t b = 0; b < rows; ++b) {
            const std::size_t start = first + (done + b) * span / windows;
            for (std::size_t t = 0; t < T; ++t) {
                ids(b, t) = tokens[start + t];
                targets(b, t) = tokens[start + t + 1];
            }
        }
        const auto& logits = tr::gpt_forward(model, ids, ws);
        total += tr::gpt_cross_entropy<float>(llmlings::as_rows(logits), targets, llmlings::empty_view<float>()) *
                 static_cast<double>(rows);
        done += rows;
    }
    return total / static_cast<double>(windows);
}

/// The bytes of a text as token ids.
std::vector<std::size_t> bytes_of(const std::string& text) {
    std::vector<std::size_t> out(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) out[i] = static_cast<unsigned char>(text[i]);
    return out;
}

/// The bytes of token ids as a text; '\n' kept.
std::string text_of(const tr::token_ids& ids, std::size_t from) {
    std::string out;
    for (std::size_t t = from; t < ids.shape()[1]; ++t) out += static_cast<char>(ids(0, t));
    return out;
}

// ---- checkpoints --------------------------------------------------------------------------------

/// The configuration as metadata, and back (checked against this run's).
std::map<std::string, std::string> config_metadata(const run_config& c, std::size_t step) {
    return {{"format", "llmlings char_gpt"},
            {"vocab_size", std::to_string(c.model.vocab_size)},
            {"block_size", std::to_string(c.model.block_size)},
            {"layers", std::to_string(c.model.layers)},
            {"heads", std::to_string(c.model.heads)},
            {"channels", std::to_string(c.model.channels)},
            {"steps", std::to_string(c.steps)},
            {"step", std::to_string(step)}};
}

/// Saves the weights and the training state (AdamW's moments, the step, the generator, the curve).
void save_checkpoint(const std::filesystem::path& dir, const run_config& c, const tr::gpt_model<float>& model,
                     const nn::adam_optimizer<float>& opt, std::size_t step, const llmlings::rng& gen,
                     const std::vector<curve_point>& curve) {
    tr::save_safetensors((dir / "char_gpt.safetensors").string(), model.params, config_metadata(c, step));
    llmlings::parameter_store<float> state;
    for (const nn::state_slot& slot : opt.slots) {
        const llmlings::parameter_info& info = model.params.info(slot.tensor);
        const llmlings::parameter<float> m = state.add("exp_avg." + info.name, info.shape);
        const llmlings::parameter<float> v = state.add("exp_avg_sq." + info.name, info.shape);
        std::copy(opt.exp_avg.begin() + static_cast<std::ptrdiff_t>(slot.offset),
                  opt.exp_avg.begin() + static_cast<std::ptrdiff_t>(slot.offset + info.size), m.data());
        std::copy(opt.exp_avg_sq.begin() + static_cast<std::ptrdiff_t>(slot.offset),
                  opt.exp_avg_sq.begin() + static_cast<std::ptrdiff_t>(slot.offset + info.size), v.data());
    }
    std::ostringstream rng_state, points;
    rng_state << gen;
    points.precision(17);
    for (const curve_point& p : curve) points << p.step << ' ' << p.train << ' ' << p.valid << ' ';
    std::map<std::string, std::string> meta = config_metadata(c, step);
    meta["optimizer_steps"] = std::to_string(opt.steps);
    meta["rng"] = rng_state.str();
    meta["curve"] = points.str();
    tr::save_safetensors((dir / "char_gpt.optimizer.safetensors").string(), state, meta);
}

/// Loads what save_checkpoint wrote into the model, the optimizer, the generator and the curve;
/// returns the step it was saved at.
std::size_t load_checkpoint(const std::filesystem::path& dir, const run_config& c, tr::gpt_model<float>& model,
                            nn::adam_optimizer<float>& opt, llmlings::rng& gen, std::vector<curve_point>& curve) {
    const std::string weights = (dir / "char_gpt.safetensors").string();
    const std::string training = (dir / "char_gpt.optimizer.safetensors").string();
    std::ifstream in(training, std::ios::binary);
    if (!in) throw llmlings::io_error(program, "cannot open " + training + " (run without --resume first)");
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const tr::safetensors_header header = tr::parse_safetensors_header(bytes);
    for (const auto& kv : config_metadata(c, 0))
        if (kv.first != "step" && (header.metadata.count(kv.first) == 0 || header.metadata.at(kv.first) != kv.second))
            throw llmlings::invalid_argument(
                program, "the checkpoint in " + dir.string() + " was saved with " + kv.first + " = " +
                             (header.metadata.count(kv.first) ? header.metadata.at(kv.first) : "(none)") +
                             ", this run has " + kv.second + " (resume with the same --quick and --steps)");
    tr::load_safetensors(weights, model.params);
    const llmlings::parameter_store<float> state = tr::read_safetensors<float>(training);
    for (const nn::state_slot& slot : opt.slots) {
        const llmlings::parameter_info& info = model.params.info(slot.tensor);
        const llmlings::parameter<float> m = state.find("exp_avg." + info.name);
        const llmlings::parameter<float> v = state.find("exp_avg_sq." + info.name);
        std::copy(m.data(), m.data() + info.size, opt.exp_avg.begin() + static_cast<std::ptrdiff_t>(slot.offset));
        std::copy(v.data(), v.data() + info.size, opt.exp_avg_sq.begin() + static_cast<std::ptrdiff_t>(slot.offset));
    }
    opt.steps = std::stoull(header.metadata.at("optimizer_steps"));
    std::istringstream rng_state(header.metadata.at("rng")), points(header.metadata.at("curve"));
    rng_state >> gen;
    curve.clear();
    curve_point p;
    while (points >> p.step >> p.train >> p.valid) curve.push_back(p);
    return std::stoull(header.metadata.at("step"));
}

int run(int argc, char** argv) {
    const auto start = std::chrono::steady_clock::now();
    std::filesystem::path out_dir = "build/projects-output";
    bool quick = false, resume = false, save_init = false;
    std::size_t steps = 0, stop_at = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--quick")
            quick = true;
        else if (arg == "--resume")
            resume = true;
        else if (arg == "--save-init")
            save_init = true;
        else if ((arg == "--steps" || arg == "--stop-at") && i + 1 < argc)
            (arg == "--steps" ? steps : stop_at) = projects::positive_argument(program, arg, argv[++i]);
        else if (!arg.empty() && arg[0] == '-')
            throw llmlings::invalid_argument(program, "unknown option '" + arg +
                                                          "' (usage: project_char_gpt [OUTPUT_DIR] [--quick] "
                                                          "[--steps N] [--stop-at N] [--resume] [--save-init])");
        else
            out_dir = arg;
    }
    run_config cfg = quick ? quick_config() : run_config{};
    if (steps != 0) cfg.steps = steps;
    if (cfg.warmup >= cfg.steps) cfg.warmup = std::max<std::size_t>(1, cfg.steps / 10);
    const std::size_t last_step = stop_at != 0 ? std::min(stop_at, cfg.steps) : cfg.steps;
    std::filesystem::create_directories(out_dir);
    const bool draw = plot::available();
    if (!draw)
        std::cout << "note: gnuplot is not installed, so no PNG is drawn (the .dat and .gp files are written);\n"
                     "      install it with: sudo apt-get install gnuplot-nox\n";
    std::cout << "A byte-level GPT trained on the King James Bible (transformer/05-07, 09, 10)"
              << (quick ? "  [--quick: a short run]" : "") << "\n\n";

    // 1. The corpus and the split.
    const std::vector<llmlings::data::verse> verses = llmlings::data::load_kjv();
    const std::vector<std::size_t> tokens = bytes_of(llmlings::data::kjv_text(verses));
    const std::size_t n = tokens.size(), n_train = n - n / 20;
    const std::vector<std::size_t> train_tokens(tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(n_train));
    std::cout << "corpus: " << verses.size() << " verses, " << n
              << " bytes (verse texts joined with \\n); vocabulary: the 256 byte values\n"
              << "split: the first " << n_train << " bytes train, the last " << n - n_train << " (5 %) validate\n";

    // 2. The bar to clear: the entropy of the byte frequencies.
    std::vector<double> counts(256, 0.0);
    for (std::size_t i = 0; i < n_train; ++i) counts[tokens[i]] += 1.0;
    double unigram = 0.0;
    for (double k : counts)
        if (k > 0) unigram -= k / static_cast<double>(n_train) * std::log(k / static_cast<double>(n_train));
    std::cout << format("unigram entropy of the training bytes: %.4f nats (%.4f bits); uniform: ln 256 = %.4f\n\n",
                        unigram, unigram / std::log(2.0), std::log(256.0));

    // 3. The model, the optimizer, and the state of a resumed run.
    llmlings::rng gen(cfg.seed);
    tr::gpt_model<float> model = tr::make_gpt(llmlings::parameter_store<float>(), cfg.model);
    tr::init_gpt(model, gen);
    if (save_init) {
        // with the generator's state after the initialisation: the peer draws the same batches
        std::map<std::string, std::string> meta = config_metadata(cfg, 0);
        std::ostringstream rng_state;
        rng_state << gen;
        meta["rng"] = rng_state.str();
        tr::save_safetensors((out_dir / "char_gpt.init.safetensors").string(), model.params, meta);
        std::cout << "wrote the initial weights to " << (out_dir / "char_gpt.init.safetensors").string() << "\n";
    }
    nn::adamw_options adamw;
    adamw.lr = cfg.lr;
    adamw.beta1 = 0.9;
    adamw.beta2 = 0.95;
    adamw.weight_decay = cfg.weight_decay;
    nn::adam_optimizer<float> opt = nn::make_adamw(model.params, adamw);
    std::vector<curve_point> curve;
    std::size_t first_step = 1;
    if (resume) {
        first_step = load_checkpoint(out_dir, cfg, model, opt, gen, curve) + 1;
        std::cout << "resumed from " << (out_dir / "char_gpt.safetensors").string() << " at step " << first_step - 1
                  << "\n";
    }
    const std::size_t T = cfg.model.block_size, C = cfg.model.channels;
    std::cout << format("model: GPT, %zu blocks of %zu heads, %zu channels, %zu positions; %zu parameters\n",
                        cfg.model.layers, cfg.model.heads, C, T, model.params.numel())
              << format(
                     "training: %zu steps of B = %zu windows of T = %zu bytes (%zu tokens per step), AdamW "
                     "(betas 0.9, 0.95; weight decay %.g), lr %.g -> %.g (warm-up %zu, cosine), clip %.g\n",
                     cfg.steps, cfg.batch, T, cfg.batch * T, cfg.weight_decay, cfg.lr, cfg.min_lr, cfg.warmup,
                     cfg.max_norm)
              << format("progress: every %zu steps; val = the mean loss over %zu fixed validation windows\n\n",
                        cfg.eval_every, cfg.eval_windows);

    // 4. Training.
    tr::gpt_workspace<float> ws, eval_ws;
    tr::gpt_gradients<float> grads;
    tr::token_ids ids, targets;
    const auto train_start = std::chrono::steady_clock::now();
    double loss_sum = 0.0, max_grad_norm = 0.0;
    std::size_t in_sum = 0;
    for (std::size_t s = first_step; s <= last_step; ++s) {
        opt.options.lr = nn::warmup_cosine_lr(cfg.lr, s - 1, cfg.warmup, cfg.steps, cfg.min_lr, 0.1);
        tr::get_batch(train_tokens, cfg.batch, T, gen, ids, targets);
        const tr::train_step_result r = tr::gpt_train_step(model, ids, targets, ws, grads, opt, cfg.max_norm);
        loss_sum += r.loss;
        max_grad_norm = std::max(max_grad_norm, r.grad_norm);
        ++in_sum;
        if (s % cfg.eval_every == 0 || s == last_step) {
            const double seconds = seconds_since(train_start);
            const double valid = validation_loss(model, tokens, n_train, n, cfg.eval_windows, cfg.batch, eval_ws);
            curve.push_back({s, loss_sum / static_cast<double>(in_sum), valid});
            const double done = static_cast<double>(s - first_step + 1);
            const double tokens_per_second = done * static_cast<double>(cfg.batch * T) / seconds;
            const double eta = seconds / done * static_cast<double>(cfg.steps - s);
            std::cout
                << format(
                       "step %5zu/%zu  loss %.4f  val %.4f  |g|max %5.2f  lr %.2e  %6.0f tokens/s  %6.1fs  ETA %.0fs\n",
                       s, cfg.steps, curve.back().train, valid, max_grad_norm, opt.options.lr, tokens_per_second,
                       seconds, eta)
                << std::flush;
            save_checkpoint(out_dir, cfg, model, opt, s, gen, curve);
            loss_sum = max_grad_norm = 0.0;
            in_sum = 0;
        }
    }
    const double training_seconds = seconds_since(train_start);
    const std::size_t trained = last_step + 1 - first_step;
    std::cout << format("\ntrained %zu steps in %.1f s (%.1f ms per step, %.0f tokens per second)\n", trained,
                        training_seconds,
                        1000.0 * training_seconds / static_cast<double>(std::max<std::size_t>(trained, 1)),
                        static_cast<double>(trained * cfg.batch * T) / training_seconds)
              << "checkpoint: " << (out_dir / "char_gpt.safetensors").string() << " (weights), "
              << (out_dir / "char_gpt.optimizer.safetensors").string() << " (AdamW's state, for --resume)\n";
    if (last_step < cfg.steps) {
        std::cout << format("stopped at step %zu of %zu: continue with --resume\n", last_step, cfg.steps);
        return 0;
    }

    // 5. The final loss, the curves and the samples.
    const double valid = validation_loss(model, tokens, n_train, n, cfg.final_windows, cfg.batch, eval_ws);
    std::cout << format(
        "final validation loss over %zu windows of %zu bytes: %.4f nats per byte (%.4f bits); "
        "unigram entropy %.4f\n",
        cfg.final_windows, T, valid, valid / std::log(2.0), unigram);
    llmlings::vector xs = xt::empty<double>({curve.size()}), train_loss = xs, valid_loss = xs;
    for (std::size_t i = 0; i < curve.size(); ++i) {
        xs(i) = static_cast<double>(curve[i].step);
        train_loss(i) = curve[i].train;
        valid_loss(i) = curve[i].valid;
    }
    plot::options o;
    o.run_gnuplot = draw;
    o.title = format("char-GPT on the KJV (L %zu, H %zu, C %zu): validation %.3f nats/byte", cfg.model.layers,
                     cfg.model.heads, C, valid);
    o.xlabel = "training step";
    o.ylabel = "cross-entropy (nats per byte)";
    const std::string picture = plot::line_plot((out_dir / "char_gpt_loss.png").string(), xs,
                                                {{"train (mean since the last point)", train_loss},
                                                 {"validation", valid_loss},
                                                 {"unigram entropy", xt::full_like(xs, unigram)}},
                                                o);
    std::cout << (draw ? "picture: " : "gnuplot script and data, to draw later (.png -> .gp): ") << picture << "\n";
    // What the trained model attends to (transformer/09), over one verse's first bytes.
    const std::string verse = "And God said, Let there be light: and there was light.";
    tr::token_ids verse_ids = tr::token_ids::from_shape({1, std::min(verse.size(), T)});
    for (std::size_t t = 0; t < verse_ids.shape()[1]; ++t) verse_ids(0, t) = static_cast<unsigned char>(verse[t]);
    tr::gpt_workspace<float> map_ws;
    tr::gpt_forward(model, verse_ids, map_ws);
    const std::vector<std::string> labels = tr::byte_labels(verse_ids, 0);
    std::size_t best_layer = 0, best_head = 0;
    double best = -1.0;
    std::cout << "\nattention at offset 1 (the previous byte), per block and head:";
    for (std::size_t l = 0; l < cfg.model.layers; ++l) {
        std::cout << "\n  block " << l << ":";
        for (std::size_t h = 0; h < cfg.model.heads; ++h) {
            const double score = tr::offset_score(tr::attention_map(model, map_ws, l, 0, h), 1);
            std::cout << format(" %.2f", score);
            if (score > best) best = score, best_layer = l, best_head = h;
        }
    }
    std::cout << "\n";
    plot::options m;
    m.run_gnuplot = draw;
    m.title = format("block %zu, head %zu: %.0f %% of its attention on the previous byte", best_layer, best_head,
                     100.0 * best);
    const std::string head_picture =
        tr::draw_attention((out_dir / "char_gpt_attention_head.png").string(),
                           tr::attention_map(model, map_ws, best_layer, 0, best_head), labels, m);
    m.title = "attention rollout over the blocks (residual 0.5)";
    const std::string rollout_picture = tr::draw_attention((out_dir / "char_gpt_attention_rollout.png").string(),
                                                           tr::attention_rollout(model, map_ws, 0), labels, m);
    std::cout << "attention maps: " << head_picture << " (the head most on the previous byte), " << rollout_picture
              << "\n";
    const std::string prompt = "And God said";
    tr::token_ids prompt_ids = tr::token_ids::from_shape({1, prompt.size()});
    for (std::size_t t = 0; t < prompt.size(); ++t) prompt_ids(0, t) = static_cast<unsigned char>(prompt[t]);
    for (const double temperature : {0.0, 0.8}) {
        tr::generate_options g;
        g.max_new_tokens = cfg.sample_bytes;
        g.sampling.temperature = temperature;
        const auto t0 = std::chrono::steady_clock::now();
        const tr::token_ids out = tr::generate(model, prompt_ids, g, gen);
        const double secs = seconds_since(t0);
        std::cout << format("\nsample, %s (%.0f tokens/s with the KV cache):\n",
                            temperature == 0.0 ? "greedy" : "temperature 0.8",
                            static_cast<double>(cfg.sample_bytes) / secs)
                  << prompt << text_of(out, prompt.size()) << "\n";
    }
    std::cout << format("\ndone in %.1f s\n", seconds_since(start));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    return llmlings::projects::run_main(program, run, argc, argv);
}
