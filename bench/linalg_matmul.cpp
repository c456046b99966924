// SPDX-License-Identifier: MIT
// linalg/02: the matrix product in loop order i-j-k (matmul_naive), in i-k-j (matmul), and by
// OpenBLAS's dgemm through xtensor-blas, side by side on the same square matrices.
// Build and run:  cmake --preset bench && cmake --build --preset bench && build/bench/bench/bench_linalg_matmul
// Set OPENBLAS_NUM_THREADS=1 to compare single-threaded code with single-threaded BLAS.
#include <benchmark/benchmark.h>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xrandom.hpp>

#include <llmlings/linalg/02_matmul.hpp>

namespace {

llmlings::matrix random_matrix(std::size_t n, int seed) {
    xt::random::seed(seed);
    return xt::random::randn<double>({n, n});
}

void flops(benchmark::State& state) {
    const double n = static_cast<double>(state.range(0));
    state.counters["GFLOP/s"] = benchmark::Counter(2 * n * n * n * static_cast<double>(state.iterations()),
                                                   benchmark::Counter::kIsRate, benchmark::Counter::kIs1000);
}

void naive_ijk(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto a = random_matrix(n, 1), b = random_matrix(n, 2);
    for (auto _ : state) benchmark::DoNotOptimize(llmlings::linalg::matmul_naive(a, b));
    flops(state);
}

void loops_ikj(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto a = random_matrix(n, 1), b = random_matrix(n, 2);
    for (auto _ : state) benchmark::DoNotOptimize(llmlings::linalg::matmul(a, b));
    flops(state);
}

void openblas_dgemm(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto a = random_matrix(n, 1), b = random_matrix(n, 2);
    for (auto _ : state) {
        auto c = xt::linalg::dot(a, b);  // auto: no copy into an xtensor (STYLE.md)
        benchmark::DoNotOptimize(c.data());
    }
    flops(state);
}

}  // namespace

BENCHMARK(naive_ijk)->RangeMultiplier(2)->Range(64, 512)->Unit(benchmark::kMillisecond);
BENCHMARK(loops_ikj)->RangeMultiplier(2)->Range(64, 512)->Unit(benchmark::kMillisecond);
BENCHMARK(openblas_dgemm)->RangeMultiplier(2)->Range(64, 512)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
