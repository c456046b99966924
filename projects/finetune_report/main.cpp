// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Capstone of the peft module: the char-GPT of the King James Bible moved to the Spanish
 * Reina-Valera 1909 by full fine-tuning and by parameter-efficient methods, on the same base, the
 * same batches and the same number of steps, and the table that compares them.
 *
 * What it does:
 * 1. load both Bibles as bytes (data/kjv.hpp, data/rv1909.hpp); the last 5 % of each is held out
 *    (the end of the New Testament), as projects/char_gpt does for the KJV;
 * 2. the base: the char_gpt project's checkpoint (OUTPUT_DIR/char_gpt.safetensors, or --base
 *    FILE); when there is none, train one with char_gpt's recipe first and save it there
 *    (--quick: a small base trained for seconds);
 * 3. each method, in a child process of its own (fork) so that its peak resident memory is its
 *    own: a copy of the base, the method's trainable tensors, AdamW, --steps steps of the same
 *    seeded batches of Spanish with a warm-up and cosine learning rate; the Spanish and the KJV
 *    validation losses before, every few steps and after; a sample;
 * 4. the table: trainable numbers, bytes of weights and of AdamW's state, peak resident memory,
 *    milliseconds per step, the Spanish loss before → after, and the KJV loss after (what is
 *    retained of the old text); the curves of both losses; the samples side by side.
 *
 * The methods: full fine-tuning (transformer/06); LoRA r = 8 on every linear layer (peft/02);
 * the same with the token and position embeddings trainable as well (PEFT's modules_to_save:
 * the bytes of accented letters never occur in the KJV, and their embeddings are also the tied
 * head's output vectors); bottleneck adapters of C/2 units after every block (peft/03), about
 * as many numbers as LoRA's; QLoRA, LoRA r = 8 over the base's linear weights in NF4 (peft/06).
 *
 * Files in OUTPUT_DIR: finetune_report.md (the table and the samples), finetune_spanish.png and
 * finetune_kjv.png (the validation losses along the steps; .dat/.gp beside them), and
 * char_gpt.safetensors when the base was trained here.
 *
 * Usage: project_finetune_report [OUTPUT_DIR] [--quick] [--steps N] [--base FILE]
 *   OUTPUT_DIR  default build/projects-output (created if missing)
 *   --quick     a short run (seconds) on a small base, what the selftest runs
 *   --steps N   fine-tuning steps per method (full run: 1000)
 *   --base FILE the base checkpoint (default OUTPUT_DIR/char_gpt.safetensors)
 * Same build, same seed → the same losses (the timings and memory aside). OpenBLAS's thread
 * count is the caller's (OPENBLAS_NUM_THREADS; the CLI sets 1).
 */
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/data/kjv.hpp>
#include <llmlings/data/rv1909.hpp>
#include <llmlings/nn/07_optimizers.hpp>
#include <llmlings/nn/13_training_utilities.hpp>
#include <llmlings/peft/02_lora_finetuning.hpp>
#include <llmlings/peft/03_adapters.hpp>
#include <llmlings/peft/06_qlora.hpp>
#include <llmlings/plot.hpp>
#include <llmlings/transformer/06_gpt_training.hpp>
#include <llmlings/transformer/07_sampling.hpp>
#include <llmlings/transformer/10_safetensors.hpp>

#include "../char_gpt_base.hpp"
#include "../project.hpp"

namespace nn = llmlings::nn;
namespace peft = llmlings::peft;
namespace plot = llmlings::plot;
namespace tr = llmlings::transformer;
namespace projects = llmlings::projects;
using projects::corpus;
using projects::format;
using projects::seconds_since;

namespace {

constexpr const char* program = "project_finetune_report";

/// The run's settings; the defaults are the full run.
struct run_config {
    std::size_t steps = 1000;        ///< fine-tuning steps per method
    std::size_t batch = 16;          ///< B, windows per step
    std::size_t warmup = 50;         ///< linear warm-up steps
    std::size_t eval_every = 100;    ///< steps between evaluations
    std::size_t eval_windows = 128;  ///< validation windows of each corpus per evaluation
    std::size_t sample_bytes = 200;  ///< bytes per sample
    std::size_t base_steps = 3000;   ///< the base's training steps when it is trained here
    std::uint64_t seed = 7;          ///< the fine-tuning batches and samples
};

run_config quick_config() {
    run_config c;
    c.steps = 40;
    c.batch = 8;
    c.warmup = 5;
    c.eval_every = 20;
    c.eval_windows = 16;
    c.sample_bytes = 60;
    c.base_steps = 150;
    return c;
}

/// A fine-tuned model as the report drives it: one training step, the logits of a batch, the
/// learning rate, and what it holds in memory.
struct tuned_model {
    std::function<tr::train_step_result(const tr::token_ids&, const tr::token_ids&)> step;
    projects::logits_function logits;
    std::function<void(double)> set_lr;
    peft::training_memory memory;
};

/// A method: its name, its peak learning rate and how it is made from the base.
struct method {
    std::string name;
    double lr = 1e-3;
    std::function<tuned_model(const tr::gpt_model<float>&, llmlings::rng&, double)> make;
};

/// A GPT of the base's sizes in a store of its own, with the base's values.
tr::gpt_model<float> copy_of(const tr::gpt_model<float>& base) {
    tr::gpt_model<float> m = tr::make_gpt(llmlings::parameter_store<float>(), base.config);
    for (const llmlings::parameter<float>& p : m.params) {
        const llmlings::parameter<float> from = base.params.find(p.name());
        std::copy(from.data(), from.data() + from.size(), p.data());
    }
    return m;
}

nn::adamw_options adamw(double lr) {
    nn::adamw_options o;
    o.lr = lr;
    o.beta1 = 0.9;
    o.beta2 = 0.95;
    o.weight_decay = 0.0;  // every method alike: a short fine-tuning run, no decay
    return o;
}

tuned_model full_finetuning(const tr::gpt_model<float>& base, llmlings::rng&, double lr) {
    struct state {
        tr::gpt_model<float> model;
        nn::adam_optimizer<float> opt;
        tr::gpt_workspace<float> ws;
        tr::gpt_gradients<float> g;
    };
    tr::gpt_model<float> model = copy_of(base);
    auto s = std::make_shared<state>(state{model, nn::make_adamw(model.params, adamw(lr)), {}, {}});
    tuned_model t;
    t.step = [s](const tr::token_ids& ids, const tr::token_ids& targets) {
        return tr::gpt_train_step(s->model, ids, targets, s->ws, s->g, s->opt);
    };
    t.logits = [s](const tr::token_ids& ids) -> const llmlings::matrix_of<float>& {
        return tr::gpt_forward(s->model, ids, s->ws);
    };
    t.set_lr = [s](double v) { s->opt.options.lr = v; };
    t.memory = peft::measure_training_memory(s->model.params, s->opt);
    return t;
}

/// LoRA r = 8, α = 16 on every linear layer (peft/02); with `embeddings`, wte and wpe trainable too.
tuned_model lora(const tr::gpt_model<float>& base, llmlings::rng& gen, double lr, bool embeddings) {
    struct state {
        peft::lora_gpt<float> model;
        nn::adam_optimizer<float> opt;
        peft::lora_gpt_workspace<float> ws;
        tr::gpt_gradients<float> g;
    };
    peft::lora_gpt<float> model = peft::make_lora_gpt(copy_of(base), peft::lora_config{}, gen);
    if (embeddings)
        for (const char* name : {"wte", "wpe"}) model.gpt.params.set_trainable(name, true);
    auto s = std::make_shared<state>(state{model, nn::make_adamw(model.gpt.params, adamw(lr)), {}, {}});
    tuned_model t;
    t.step = [s](const tr::token_ids& ids, const tr::token_ids& targets) {
        return peft::lora_gpt_train_step(s->model, ids, targets, s->ws, s->g, s->opt);
    };
    t.logits = [s](const tr::token_ids& ids) -> const llmlings::matrix_of<float>& {
        return peft::lora_gpt_forward(s->model, ids, s->ws);
    };
    t.set_lr = [s](double v) { s->opt.options.lr = v; };
    t.memory = peft::measure_training_memory(s->model.gpt.params, s->opt);
    return t;
}

/// Bottleneck adapters of m = C/2 hidden units after every block (peft/03): about as many
/// trainable numbers as LoRA r = 8.
tuned_model adapters(const tr::gpt_model<float>& base, llmlings::rng& gen, double lr) {
    struct state {
        peft::adapter_gpt<float> model;
        nn::adam_optimizer<float> opt;
        peft::adapter_gpt_workspace<float> ws;
        tr::gpt_gradients<float> g;
    };
    peft::adapter_gpt<float> model = peft::make_adapter_gpt(copy_of(base), base.config.channels / 2, gen);
    auto s = std::make_shared<state>(state{model, nn::make_adamw(model.gpt.params, adamw(lr)), {}, {}});
    tuned_model t;
    t.step = [s](const tr::token_ids& ids, const tr::token_ids& targets) {
        return peft::adapter_gpt_train_step(s->model, ids, targets, s->ws, s->g, s->opt);
    };
    t.logits = [s](const tr::token_ids& ids) -> const llmlings::matrix_of<float>& {
        return peft::adapter_gpt_forward(s->model, ids, s->ws);
    };
    t.set_lr = [s](double v) { s->opt.options.lr = v; };
    t.memory = peft::measure_training_memory(s->model.gpt.params, s->opt);
    return t;
}

/// QLoRA (peft/06): the base's linear weights in NF4, LoRA r = 8 on every linear layer.
tuned_model qlora(const tr::gpt_model<float>& base, llmlings::rng& gen, double lr) {
    struct state {
        peft::qlora_gpt<float> model;
        nn::adam_optimizer<float> opt;
        peft::lora_gpt_workspace<float> ws;
        tr::gpt_gradients<float> g;
    };
    peft::qlora_gpt<float> model = peft::make_qlora_gpt(base, peft::lora_config{}, gen);
    auto s = std::make_shared<state>(state{model, nn::make_adamw(model.lora.gpt.params, adamw(lr)), {}, {}});
    tuned_model t;
    t.step = [s](const tr::token_ids& ids, const tr::token_ids& targets) {
        return peft::qlora_train_step(s->model, ids, targets, s->ws, s->g, s->opt);
    };
    t.logits = [s](const tr::token_ids& ids) -> const llmlings::matrix_of<float>& {
        return peft::qlora_forward(s->model, ids, s->ws);
    };
    t.set_lr = [s](double v) { s->opt.options.lr = v; };
    const peft::qlora_training_memory q = peft::qlora_memory(s->model, s->opt);
    t.memory.parameters = base.params.numel() + s->model.lora.gpt.params.trainable_numel();
    t.memory.trainable = q.trainable;
    t.memory.weight_bytes = q.weight_bytes;
    t.memory.optimizer_bytes = q.optimizer_bytes;
    return t;
}

/// `count` bytes after `prompt`, at temperature 0.8, from the model's logits of the last (at
/// most block-size) bytes; no KV cache (the methods' forwards are not all transformer/07's).
std::string sample(const tuned_model& m, const std::string& prompt, std::size_t count, std::size_t block,
                   llmlings::rng& gen) {
    std::vector<std::size_t> bytes;
    for (char ch : prompt) bytes.push_back(static_cast<unsigned char>(ch));
    tr::sampling_options o;
    o.temperature = 0.8;
    std::vector<double> scratch;
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t T = std::min(block, bytes.size());
        tr::token_ids ids = tr::token_ids::from_shape({1, T});
        for (std::size_t t = 0; t < T; ++t) ids(0, t) = bytes[bytes.size() - T + t];
        const llmlings::matrix_of<float>& logits = m.logits(ids);
        const std::size_t V = logits.shape()[1];
        const std::size_t next = tr::sample_token(logits.data() + (T - 1) * V, V, o, scratch, gen);
        bytes.push_back(next);
        out += static_cast<char>(next);
    }
    return out;
}

/// What one method's run reports (a child process writes it, the parent reads it).
struct method_result {
    std::string name;
    std::size_t trainable = 0, parameters = 0, weight_bytes = 0, optimizer_bytes = 0;
    double ms_per_step = 0.0;
    long peak_kb = 0;   ///< the child's peak resident set (getrusage of the waited child)
    long start_kb = 0;  ///< the parent's resident set when it forked: the corpora and the base, shared
    std::vector<std::size_t> steps;
    std::vector<double> spanish, kjv;  ///< the validation losses at `steps`
    std::string sample;
};

std::string escape(const std::string& text) {
    std::string out;
    for (char ch : text) out += ch == '\n' ? std::string("\\n") : ch == '\\' ? std::string("\\\\") : std::string(1, ch);
    return out;
}

std::string unescape(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
            out += text[i + 1] == 'n' ? '\n' : text[i + 1];
            ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}

/// Runs one method: trains it and evaluates it, writes its result lines to `out`.
void run_method(const method& me, const tr::gpt_model<float>& base, const corpus& spanish, const corpus& kjv,
                const run_config& cfg, std::ostream& out) {
    llmlings::rng gen(cfg.seed);
    tuned_model m = me.make(base, gen, me.lr);
    const std::size_t T = base.config.block_size;
    out << "memory " << m.memory.parameters << ' ' << m.memory.trainable << ' ' << m.memory.weight_bytes << ' '
        << m.memory.optimizer_bytes << '\n';
    const auto evaluate = [&](std::size_t step) {
        out << "eval " << step << ' '
            << format("%.17g", projects::held_out_loss(m.logits, spanish, T, cfg.eval_windows, cfg.batch)) << ' '
            << format("%.17g", projects::held_out_loss(m.logits, kjv, T, cfg.eval_windows, cfg.batch)) << '\n';
    };
    evaluate(0);
    llmlings::rng batches(cfg.seed + 1);  // the same batches for every method
    tr::token_ids ids, targets;
    double training = 0.0;
    for (std::size_t s = 1; s <= cfg.steps; ++s) {
        m.set_lr(nn::warmup_cosine_lr(me.lr, s - 1, cfg.warmup, cfg.steps, me.lr / 10.0, 0.1));
        tr::get_batch(spanish.train, cfg.batch, T, batches, ids, targets);
        const auto t0 = std::chrono::steady_clock::now();
        m.step(ids, targets);
        training += seconds_since(t0);
        if (s % cfg.eval_every == 0 || s == cfg.steps) evaluate(s);
    }
    out << "ms " << format("%.6g", 1000.0 * training / static_cast<double>(cfg.steps)) << '\n';
    out << "sample " << escape(sample(m, "Y dijo Dios", cfg.sample_bytes, T, gen)) << '\n';
}

/// This process's resident set in kB (VmRSS of /proc/self/status; 0 when it cannot be read).
long resident_kb() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
    return 0;
}

/// Runs a method in a child process and reads its report; the child's peak resident set comes
/// from wait4's rusage. The child starts with the parent's pages (the corpora, the base): what
/// the method adds is the peak less the parent's resident set at the fork.
method_result run_in_child(const method& me, const tr::gpt_model<float>& base, const corpus& spanish, const corpus& kjv,
                           const run_config& cfg) {
    int fds[2];
    if (pipe(fds) != 0) throw llmlings::io_error(program, "pipe() failed");
    std::cout << std::flush;
    const long start_kb = resident_kb();
    const pid_t pid = fork();
    if (pid < 0) throw llmlings::io_error(program, "fork() failed");
    if (pid == 0) {
        close(fds[0]);
        int status = 0;
        try {
            std::ostringstream report;
            run_method(me, base, spanish, kjv, cfg, report);
            const std::string text = report.str();
            std::size_t written = 0;
            while (written < text.size()) {
                const ssize_t n = write(fds[1], text.data() + written, text.size() - written);
                if (n <= 0) break;
                written += static_cast<std::size_t>(n);
            }
        } catch (const std::exception& e) {
            std::cerr << program << ": " << me.name << ": " << e.what() << "\n";
            status = 1;
        }
        close(fds[1]);
        std::_Exit(status);
    }
    close(fds[1]);
    std::string text;
    char buffer[4096];
    for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
    close(fds[0]);
    int status = 0;
    rusage usage{};
    if (wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw llmlings::io_error(program, "the run of " + me.name + " failed (see above)");
    method_result r;
    r.name = me.name;
    r.peak_kb = usage.ru_maxrss;
    r.start_kb = start_kb;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        std::istringstream in(line);
        std::string key;
        in >> key;
        if (key == "memory") {
            in >> r.parameters >> r.trainable >> r.weight_bytes >> r.optimizer_bytes;
        } else if (key == "eval") {
            std::size_t step = 0;
            double es = 0.0, en = 0.0;
            in >> step >> es >> en;
            r.steps.push_back(step);
            r.spanish.push_back(es);
            r.kjv.push_back(en);
        } else if (key == "ms") {
            in >> r.ms_per_step;
        } else if (key == "sample") {
            r.sample = unescape(line.substr(std::min(line.size(), std::size_t(7))));
        }
    }
    if (r.steps.size() < 2) throw llmlings::io_error(program, "the run of " + me.name + " reported no losses");
    return r;
}

std::string megabytes(double bytes) {
    return format("%.2f MB", bytes / 1e6);
}

int run(int argc, char** argv) {
    const auto start = std::chrono::steady_clock::now();
    std::filesystem::path out_dir = "build/projects-output";
    std::string base_path;
    bool quick = false;
    std::size_t steps = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--quick")
            quick = true;
        else if (arg == "--steps" && i + 1 < argc)
            steps = projects::positive_argument(program, arg, argv[++i]);
        else if (arg == "--base" && i + 1 < argc)
            base_path = argv[++i];
        else if (!arg.empty() && arg[0] == '-')
            throw llmlings::invalid_argument(
                program, "unknown option '" + arg +
                             "' (usage: project_finetune_report [OUTPUT_DIR] [--quick] [--steps N] [--base FILE])");
        else
            out_dir = arg;
    }
    run_config cfg = quick ? quick_config() : run_config{};
    if (steps != 0) cfg.steps = steps;
    cfg.eval_every = std::min(cfg.eval_every, cfg.steps);
    cfg.warmup = std::min(cfg.warmup, std::max<std::size_t>(1, cfg.steps / 10));
    std::filesystem::create_directories(out_dir);
    const bool draw = plot::available();
    if (!draw)
        std::cout << "note: gnuplot is not installed, so no PNG is drawn (the .dat and .gp files are written);\n"
                     "      install it with: sudo apt-get install gnuplot-nox\n";
    std::cout
        << "Fine-tuning the KJV char-GPT on the Spanish Reina-Valera 1909: full fine-tuning, LoRA, adapters, QLoRA"
        << (quick ? "  [--quick: a short run]" : "") << "\n\n";

    // 1. The corpora.
    const corpus kjv = projects::make_corpus("KJV", llmlings::data::kjv_text(llmlings::data::load_kjv()));
    const corpus spanish = projects::make_corpus("RV1909", llmlings::data::rv1909_text(llmlings::data::load_rv1909()));
    std::size_t unseen = 0, unseen_count = 0;
    {
        std::vector<bool> in_kjv(256, false);
        for (std::size_t t : kjv.train) in_kjv[t] = true;
        std::vector<bool> counted(256, false);
        for (std::size_t t : spanish.tokens)
            if (!in_kjv[t]) {
                ++unseen_count;
                if (!counted[t]) counted[t] = true, ++unseen;
            }
    }
    std::cout << format(
                     "old text: the KJV, %zu bytes; new text: the RV1909, %zu bytes (its %zu byte values that "
                     "never occur in the KJV's training text make up %.2f %% of it)\n",
                     kjv.tokens.size(), spanish.tokens.size(), unseen,
                     100.0 * static_cast<double>(unseen_count) / static_cast<double>(spanish.tokens.size()))
              << "each held out: its last 5 %\n\n";

    // 2. The base.
    if (base_path.empty()) base_path = (out_dir / "char_gpt.safetensors").string();
    tr::gpt_config config;
    if (quick) {
        config.block_size = 32;
        config.layers = 2;
        config.heads = 2;
        config.channels = 64;
        base_path = (out_dir / "finetune_quick_base.safetensors").string();
        std::cout << "base: a small GPT trained here on the KJV for " << cfg.base_steps << " steps\n";
        projects::train_base(kjv, config, cfg.base_steps, base_path);
    } else if (!std::filesystem::exists(base_path)) {
        std::cout << "base: " << base_path << " does not exist: training it with projects/char_gpt's recipe ("
                  << cfg.base_steps << " steps; `./llmlings project char_gpt` trains it the same way)\n";
        projects::train_base(kjv, config, cfg.base_steps, base_path);
    }
    config = projects::config_of(base_path);
    tr::gpt_model<float> base = tr::make_gpt(llmlings::parameter_store<float>(), config);
    tr::load_safetensors(base_path, base.params);
    std::cout << format("base: %s, L %zu, H %zu, C %zu, %zu positions, %zu numbers\n", base_path.c_str(), config.layers,
                        config.heads, config.channels, config.block_size, base.params.numel())
              << format(
                     "fine-tuning: %zu steps of B = %zu windows of %zu bytes of the RV1909, the same batches for "
                     "every method; AdamW (0.9, 0.95, no decay), warm-up %zu then cosine to lr/10\n\n",
                     cfg.steps, cfg.batch, config.block_size, cfg.warmup);

    // 3. The methods, each in a process of its own.
    const std::vector<method> methods = {
        {"full fine-tuning", 1e-3, full_finetuning},
        {"LoRA r=8", 3e-3,
         [](const tr::gpt_model<float>& b, llmlings::rng& g, double lr) { return lora(b, g, lr, false); }},
        {"LoRA r=8 + embeddings", 3e-3,
         [](const tr::gpt_model<float>& b, llmlings::rng& g, double lr) { return lora(b, g, lr, true); }},
        {"adapters m=C/2", 3e-3, adapters},
        {"QLoRA r=8 (NF4 base)", 3e-3, qlora},
    };
    std::vector<method_result> results;
    for (const method& me : methods) {
        std::cout << format("%-24s lr %.0e ... ", me.name.c_str(), me.lr) << std::flush;
        results.push_back(run_in_child(me, base, spanish, kjv, cfg));
        const method_result& r = results.back();
        std::cout << format("Spanish %.3f -> %.3f, KJV %.3f -> %.3f, %.1f ms/step\n", r.spanish.front(),
                            r.spanish.back(), r.kjv.front(), r.kjv.back(), r.ms_per_step);
    }

    // 4. The table, the curves, the samples.
    std::ostringstream table;
    table << "| method | trainable | weights | AdamW state | peak RSS (added) | ms/step | RV1909 loss | KJV loss |\n"
          << "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
    for (const method_result& r : results)
        table << format(
            "| %s | %zu (%.1f %%) | %s | %s | %.1f MB (%.1f MB) | %.1f | %.3f → %.3f | %.3f → %.3f |\n", r.name.c_str(),
            r.trainable, 100.0 * static_cast<double>(r.trainable) / static_cast<double>(r.parameters),
            megabytes(static_cast<double>(r.weight_bytes)).c_str(),
            megabytes(static_cast<double>(r.optimizer_bytes)).c_str(), static_cast<double>(r.peak_kb) * 1024.0 / 1e6,
            static_cast<double>(r.peak_kb - r.start_kb) * 1024.0 / 1e6, r.ms_per_step, r.spanish.front(),
            r.spanish.back(), r.kjv.front(), r.kjv.back());
    std::cout << "\n" << table.str();
    std::cout << "\n(losses in nats per byte over " << cfg.eval_windows
              << " fixed held-out windows of each text; peak RSS: the method's process, which also holds both "
                 "corpora and the base; added: above the parent's resident set when it forked)\n";
    std::ostringstream samples;
    for (const method_result& r : results) samples << "\n" << r.name << ":\nY dijo Dios" << r.sample << "\n";
    std::cout << "\nsamples after \"Y dijo Dios\" (temperature 0.8):\n" << samples.str();
    {
        std::ofstream md(out_dir / "finetune_report.md");
        md << "# Fine-tuning the KJV char-GPT on the RV1909\n\n" << table.str() << "\n## Samples\n" << samples.str();
    }
    llmlings::vector xs = xt::empty<double>({results.front().steps.size()});
    for (std::size_t i = 0; i < xs.size(); ++i) xs(i) = static_cast<double>(results.front().steps[i]);
    std::vector<plot::series> es, en;
    for (const method_result& r : results) {
        llmlings::vector a = xt::empty<double>({r.spanish.size()}), b = a;
        for (std::size_t i = 0; i < a.size(); ++i) a(i) = r.spanish[i], b(i) = r.kjv[i];
        es.push_back({r.name, a});
        en.push_back({r.name, b});
    }
    plot::options o;
    o.run_gnuplot = draw;
    o.xlabel = "fine-tuning step";
    o.ylabel = "validation loss (nats per byte)";
    o.title = "the new text: RV1909 held out";
    const std::string p1 = plot::line_plot((out_dir / "finetune_spanish.png").string(), xs, es, o);
    o.title = "the old text: KJV held out (what is retained)";
    const std::string p2 = plot::line_plot((out_dir / "finetune_kjv.png").string(), xs, en, o);
    std::cout << "\n"
              << (draw ? "pictures: " : "gnuplot scripts and data: ") << p1 << ", " << p2 << "\n"
              << "table and samples: " << (out_dir / "finetune_report.md").string() << "\n"
              << format("done in %.1f s\n", seconds_since(start));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    return llmlings::projects::run_main(program, run, argc, argv);
}
