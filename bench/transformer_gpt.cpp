// SPDX-License-Identifier: MIT
// transformer/06: one full GPT training step (forward, cross-entropy, backward, gradient clipping,
// AdamW) in float, at two configurations: "small", the bench model of transformer/05 (V 256, P 64,
// L 4, H 4, C 128) with B = 16 sequences of T = 64 tokens, and "large" (V 256, P 128, L 6, H 8,
// C 256) with B = 8, T = 128. The peer is PyTorch 1.13 doing the same step on the same model,
// measured by the maintainer's script bench/peers/gpt_torch.py (Python: not a CI step);
// bench/README.md has the table. Also timed alone: the forward; and greedy generation of 63 tokens
// with and without transformer/07's KV cache.
// Build and run:  cmake --preset bench && cmake --build --preset bench --target bench_transformer_gpt
//                 OPENBLAS_NUM_THREADS=1 build/bench/bench/bench_transformer_gpt
// One thread: OPENBLAS_NUM_THREADS=1, as the peer's torch.set_num_threads(1).
#include <benchmark/benchmark.h>

#include <cstddef>

#include <sys/resource.h>

#include <llmlings/transformer/06_gpt_training.hpp>
#include <llmlings/transformer/07_sampling.hpp>

namespace {

using namespace llmlings::transformer;

struct bench_config {
    gpt_config model;
    std::size_t batch, steps;
};

bench_config config_of(int which) {
    bench_config c;
    if (which == 0) {
        c.batch = 16;
        c.steps = 64;  // the gpt_config defaults: V 256, P 64, L 4, H 4, C 128
    } else {
        c.model.block_size = 128;
        c.model.layers = 6;
        c.model.heads = 8;
        c.model.channels = 256;
        c.batch = 8;
        c.steps = 128;
    }
    return c;
}

/// A model, its optimizer, buffers and a fixed random batch, as a training loop holds them.
struct gpt_setup {
    bench_config c;
    gpt_model<float> model;
    llmlings::nn::adam_optimizer<float> opt;
    gpt_workspace<float> ws;
    gpt_gradients<float> g;
    token_ids ids, targets;

    explicit gpt_setup(int which) : c(config_of(which)), model(make_gpt(llmlings::parameter_store<float>(), c.model)) {
        llmlings::rng gen(1);
        init_gpt(model, gen);
        llmlings::nn::adamw_options o;
        o.lr = 1e-3;
        o.beta2 = 0.95;
        o.weight_decay = 0.1;
        opt = llmlings::nn::make_adamw(model.params, o);
        std::vector<std::size_t> corpus(c.batch * c.steps * 4);
        for (std::size_t& t : corpus) t = static_cast<std::size_t>(llmlings::uniform_index(c.model.vocab_size, gen));
        get_batch(corpus, c.batch, c.steps, gen, ids, targets);
    }
};

/// Tokens per second, training steps per second, and the step's flops (6·B·T·(12LC² + 2LTC + VC)).
/// The process's minor page faults so far (getrusage).
long minor_faults() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_minflt;
}

void counters(benchmark::State& state, const bench_config& c, double passes) {
    const double B = static_cast<double>(c.batch), T = static_cast<double>(c.steps);
    const double L = static_cast<double>(c.model.layers), C = static_cast<double>(c.model.channels);
    const double V = static_cast<double>(c.model.vocab_size);
    const double flops = 2.0 * passes * B * T * (12 * L * C * C + 2 * L * T * C + V * C);
    const double n = static_cast<double>(state.iterations());
    state.counters["steps/s"] = benchmark::Counter(n, benchmark::Counter::kIsRate);
    state.counters["tokens/s"] = benchmark::Counter(n * B * T, benchmark::Counter::kIsRate);
    state.counters["GFLOP/s"] = benchmark::Counter(flops * n, benchmark::Counter::kIsRate, benchmark::Counter::kIs1000);
}

void train_step(benchmark::State& state) {
    gpt_setup s(static_cast<int>(state.range(0)));
    gpt_train_step(s.model, s.ids, s.targets, s.ws, s.g, s.opt);  // sizes every buffer
    const long faults = minor_faults();
    for (auto _ : state) {
        const train_step_result r = gpt_train_step(s.model, s.ids, s.targets, s.ws, s.g, s.opt);
        benchmark::DoNotOptimize(r.loss);
    }
    counters(state, s.c, 3.0);  // the backward has twice the forward's products
    // Pages the kernel had to map during the steps: memory freed to the system and taken again.
    state.counters["faults/step"] =
        static_cast<double>(minor_faults() - faults) / static_cast<double>(state.iterations());
}

void forward_only(benchmark::State& state) {
    gpt_setup s(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        const auto& logits = gpt_forward(s.model, s.ids, s.ws);
        benchmark::DoNotOptimize(logits.data());
        benchmark::ClobberMemory();
    }
    counters(state, s.c, 1.0);
}

/// Generation of 63 tokens after a 1-token prompt at the small configuration (B = 1, greedy): the
/// whole window (up to 64 tokens) again for every token without the cache, one token with it.
void generate_tokens(benchmark::State& state) {
    gpt_setup s(0);
    const bool cached = state.range(0) != 0;
    generate_options o;
    o.max_new_tokens = s.c.model.block_size - 1;
    o.sampling.temperature = 0.0;
    o.use_cache = cached;
    const token_ids prompt = xt::zeros<std::size_t>({1, 1});
    llmlings::rng gen(3);
    for (auto _ : state) {
        const token_ids out = generate(s.model, prompt, o, gen);
        benchmark::DoNotOptimize(out.data());
    }
    state.counters["tokens/s"] =
        benchmark::Counter(static_cast<double>(state.iterations() * o.max_new_tokens), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(generate_tokens)->Arg(0)->Arg(1)->ArgName("cache")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(train_step)->Arg(0)->Arg(1)->ArgName("large")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(forward_only)->Arg(0)->Arg(1)->ArgName("large")->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
