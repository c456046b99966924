// SPDX-License-Identifier: MIT
// nn/11: one forward and backward pass of the LSTM over a batch of sequences, in float and in
// double, at the shape of projects/char_lstm: B = 32 sequences of T = 100 steps, I = 65 inputs,
// H = 128 units. The peer is PyTorch's torch.nn.LSTM on the same shape, measured by the
// maintainer's script bench/peers/lstm_torch.py (Python: not a CI step); bench/README.md has the
// table. Also timed alone: the forward, and the backward after one forward.
// Build and run:  cmake --preset bench && cmake --build --preset bench --target bench_nn_lstm
//                 OPENBLAS_NUM_THREADS=1 build/bench/bench/bench_nn_lstm
// One thread: OPENBLAS_NUM_THREADS=1, as the peer's torch.set_num_threads(1).
#include <benchmark/benchmark.h>

#include <cstddef>
#include <utility>

#include <xtensor/xrandom.hpp>

#include <llmlings/nn/11_lstm.hpp>

namespace {

constexpr std::size_t B = 32, T = 100, I = 65, H = 128;

/// The model, its inputs, outputs and cache, as a training step holds them.
template <class F>
struct lstm_setup {
    llmlings::parameter_store<F> store;
    llmlings::nn::lstm_cell<F> cell;
    llmlings::nn::lstm_cache<F> cache;
    llmlings::tensor3_of<F> x, dh, h, dx;
    llmlings::matrix_of<F> h0, c0, dh0, dc0;

    lstm_setup()
        : cell(llmlings::nn::make_lstm_cell(store, "lstm", I, H)),
          h({B, T, H}),
          dx({B, T, I}),
          h0(xt::zeros<F>({B, H})),
          c0(xt::zeros<F>({B, H})),
          dh0({B, H}),
          dc0({B, H}) {
        llmlings::rng gen(1);
        llmlings::nn::init_lstm_uniform(cell, gen);
        xt::random::seed(2);
        x = xt::cast<F>(xt::random::randn<double>({B, T, I}));
        dh = xt::cast<F>(xt::random::randn<double>({B, T, H}));
    }
    static llmlings::tensor_view<const F, 3> in(const llmlings::tensor3_of<F>& t) {
        return llmlings::view_of<3>(t.data(), t.size(), {t.shape()[0], t.shape()[1], t.shape()[2]});
    }
    static llmlings::tensor_view<F, 3> out(llmlings::tensor3_of<F>& t) {
        return llmlings::view_of<3>(t.data(), t.size(), {t.shape()[0], t.shape()[1], t.shape()[2]});
    }
    void forward() {
        llmlings::nn::lstm_forward(cell, in(x), llmlings::as_rows(std::as_const(h0)),
                                   llmlings::as_rows(std::as_const(c0)), out(h), cache);
    }
    void backward() {
        llmlings::nn::lstm_backward(cell, cache, in(x), in(dh), out(dx), llmlings::as_rows(dh0),
                                    llmlings::as_rows(dc0));
    }
};

/// Sequences per second and the multiply-adds of the products (8·B·T·H·(I+H) per pass).
void counters(benchmark::State& state, double passes_per_iteration) {
    const double flops = 8.0 * B * T * H * (I + H) * passes_per_iteration;
    state.counters["seq/s"] =
        benchmark::Counter(static_cast<double>(B * state.iterations()), benchmark::Counter::kIsRate);
    state.counters["GFLOP/s"] = benchmark::Counter(flops * static_cast<double>(state.iterations()),
                                                   benchmark::Counter::kIsRate, benchmark::Counter::kIs1000);
}

template <class F>
void lstm_forward_backward(benchmark::State& state) {
    lstm_setup<F> s;
    for (auto _ : state) {
        s.store.zero_grad();
        s.forward();
        s.backward();
        benchmark::DoNotOptimize(s.dx.data());
        benchmark::ClobberMemory();
    }
    counters(state, 3.0);  // the backward has twice the forward's products
}

template <class F>
void lstm_forward_only(benchmark::State& state) {
    lstm_setup<F> s;
    for (auto _ : state) {
        s.forward();
        benchmark::DoNotOptimize(s.h.data());
        benchmark::ClobberMemory();
    }
    counters(state, 1.0);
}

template <class F>
void lstm_backward_only(benchmark::State& state) {
    lstm_setup<F> s;
    s.forward();
    for (auto _ : state) {
        s.backward();
        benchmark::DoNotOptimize(s.dx.data());
        benchmark::ClobberMemory();
    }
    counters(state, 2.0);
}

}  // namespace

BENCHMARK_TEMPLATE(lstm_forward_backward, float)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(lstm_forward_backward, double)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(lstm_forward_only, float)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(lstm_forward_only, double)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(lstm_backward_only, float)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(lstm_backward_only, double)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
