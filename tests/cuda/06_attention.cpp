// SPDX-License-Identifier: MIT
// Tests for cuda/06_attention, on the CPU simulator (and on a GPU where the build has one). Oracles:
// transformer/01's attention_forward in double on the same float inputs (oracles/06_attention.cpp),
// with and without the causal mask, for T_q = T_k, T_q < T_k (a KV cache's queries) and T_q > T_k
// (queries that see no key: output 0); transformer/01's key_limit rule for visible_keys; the worked
// example of transformer/01 (one query over two keys: weights ½ and ½).
#include <llmlings/testing/catch.hpp>

#include <llmlings/cuda/06_attention.cuh>

#include <cmath>
#include <cstddef>
#include <vector>

#include "oracles/06_attention.hpp"

using namespace llmlings::cuda;

namespace {

struct shape {
    int N, Tq, Tk, d;
};

std::vector<float> naive(const shape& s, bool causal, const std::vector<float>& q, const std::vector<float>& k,
                         const std::vector<float>& v) {
    device_buffer<float> dq(q, "q"), dk(k, "k"), dv(v, "v"), out(q.size(), "out");
    device_buffer<float> scores(
        static_cast<std::size_t>(s.N) * static_cast<std::size_t>(s.Tq) * static_cast<std::size_t>(s.Tk), "scores");
    attention_naive(s.N, s.Tq, s.Tk, s.d, causal, dq, dk, dv, out, scores);
    return out.to_host();
}

template <int Br, int Bc, int D>
std::vector<float> flash(const shape& s, bool causal, const std::vector<float>& q, const std::vector<float>& k,
                         const std::vector<float>& v) {
    device_buffer<float> dq(q, "q"), dk(k, "k"), dv(v, "v"), out(q.size(), "out");
    attention_flash<Br, Bc, D>(s.N, s.Tq, s.Tk, s.d, causal, dq, dk, dv, out);
    return out.to_host();
}

}  // namespace

TEST_CASE("visible_keys is transformer's causal rule aligned to the bottom right", "[cuda][06_attention]") {
    CHECK(visible_keys(0, 4, 4, true) == 1);
    CHECK(visible_keys(3, 4, 4, true) == 4);
    CHECK(visible_keys(0, 2, 5, true) == 4);  // the last 2 of 5 positions: the first sees 4 keys
    CHECK(visible_keys(1, 2, 5, true) == 5);
    CHECK(visible_keys(0, 5, 2, true) == 0);  // more queries than keys: the first 3 see none
    CHECK(visible_keys(3, 5, 2, true) == 1);
    CHECK(visible_keys(0, 5, 2, false) == 2);
}

TEST_CASE("one query over two keys weighs them equally", "[cuda][06_attention]") {
    // transformer/01's example: q = (0, 0), keys (1, 0) and (0, 1), values 10 and 20 (d = 2: v rows (10, 10), (20, 20)).
    const shape s{1, 1, 2, 2};
    const std::vector<float> q = {0.0f, 0.0f}, k = {1.0f, 0.0f, 0.0f, 1.0f}, v = {10.0f, 10.0f, 20.0f, 20.0f};
    CHECK(naive(s, false, q, k, v) == std::vector<float>{15.0f, 15.0f});
    CHECK(flash<32, 32, 64>(s, false, q, k, v) == std::vector<float>{15.0f, 15.0f});
}

TEST_CASE("naive and flash attention match transformer's attention in double", "[cuda][06_attention]") {
    const std::vector<shape> shapes = {{1, 1, 1, 1},    {2, 5, 5, 3},  {3, 17, 17, 8}, {2, 7, 20, 16},
                                       {1, 33, 70, 64}, {2, 20, 7, 4}, {1, 65, 65, 32}};
    for (const shape& s : shapes) {
        const std::size_t nq = static_cast<std::size_t>(s.N * s.Tq * s.d),
                          nk = static_cast<std::size_t>(s.N * s.Tk * s.d);
        const std::vector<float> q = oracles::uniform_floats(nq, 61), k = oracles::uniform_floats(nk, 62),
                                 v = oracles::uniform_floats(nk, 63);
        for (bool causal : {false, true}) {
            INFO("N = " << s.N << ", T_q = " << s.Tq << ", T_k = " << s.Tk << ", d = " << s.d
                        << (causal ? ", causal" : ""));
            const std::vector<double> want = oracles::attention_reference(s.N, s.Tq, s.Tk, s.d, causal, q, k, v);
            {
                INFO("naive");
                const std::vector<float> got = naive(s, causal, q, k, v);
                CHECK(oracles::first_off(got, want, 1e-5, 1e-4) == got.size());
            }
            {
                INFO("flash, 32 queries by tiles of 32 keys");
                const std::vector<float> got = flash<32, 32, 64>(s, causal, q, k, v);
                CHECK(oracles::first_off(got, want, 1e-5, 1e-4) == got.size());
            }
            {
                INFO("flash, 8 queries by tiles of 4 keys");
                const std::vector<float> got = flash<8, 4, 64>(s, causal, q, k, v);
                CHECK(oracles::first_off(got, want, 1e-5, 1e-4) == got.size());
            }
        }
    }
}

TEST_CASE("large scores stay finite through the online rescaling", "[cuda][06_attention]") {
    // q·k up to about 400·8 / √8: exp of that overflows float; the running maximum keeps it in range.
    const shape s{1, 9, 40, 8};
    std::vector<float> q = oracles::uniform_floats(72, 64, -20.0f, 20.0f),
                       k = oracles::uniform_floats(320, 65, -20.0f, 20.0f);
    const std::vector<float> v = oracles::uniform_floats(320, 66);
    const std::vector<double> want = oracles::attention_reference(s.N, s.Tq, s.Tk, s.d, true, q, k, v);
    const std::vector<float> got = flash<8, 4, 64>(s, true, q, k, v);
    for (float x : got) CHECK(std::isfinite(x));
    CHECK(oracles::first_off(got, want, 1e-4, 1e-3) == got.size());
    CHECK(oracles::first_off(naive(s, true, q, k, v), want, 1e-4, 1e-3) == got.size());
}

TEST_CASE("bad shapes are refused with the function's name", "[cuda][06_attention]") {
    device_buffer<float> q(std::vector<float>(12, 0.0f)), k(std::vector<float>(12, 0.0f)), out(std::size_t(12)),
        scores(std::size_t(9));
    // 1·3·4 = 12 floats each
    CHECK_NOTHROW(attention_flash(1, 3, 3, 4, false, q, k, k, out));
    CHECK_THROWS_AS(attention_flash(1, 3, 4, 4, false, q, k, k, out), llmlings::shape_error);  // k would need 16
    CHECK_THROWS_AS(attention_flash(1, 3, 3, 0, false, q, k, k, out), llmlings::invalid_argument);
    CHECK_THROWS_AS((attention_flash<32, 32, 2>(1, 3, 3, 4, false, q, k, k, out)),
                    llmlings::invalid_argument);                                                  // d > D
    CHECK_THROWS_AS(attention_naive(1, 3, 3, 4, false, q, k, k, out, q), llmlings::shape_error);  // scores 12 ≠ 9
    CHECK_THROWS_AS(attention_naive(2, 3, 3, 4, false, q, k, k, out, scores), llmlings::shape_error);
    CHECK_THROWS_AS(attention_naive(-1, 3, 3, 4, false, q, k, k, out, scores), llmlings::invalid_argument);
    device_buffer<float> none(std::size_t(0));
    CHECK_NOTHROW(attention_flash(0, 3, 3, 4, false, none, none, none, none));
    try {
        attention_naive(2, 3, 3, 4, false, q, k, k, out, scores);
    } catch (const llmlings::error& e) {
        CHECK(e.function() == "attention_naive");
    }
}
