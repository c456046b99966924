// SPDX-License-Identifier: MIT
// Tests for nn/13_training_utilities. Oracles: properties of the batches (every index exactly
// once per epoch, the sizes, same seed same order, different epochs different orders), the
// closed form of torch.nn.utils.clip_grad_norm_ (scale max_norm / (n + 1e-6)) on hand-worked
// norms (a 3-4-5 triangle spread over two tensors), golden values from PyTorch's clip_grad_norm_
// and clip_grad_value_ (tools/golden/nn_clip.py), hand-clipped values, hand-worked quotients
// k/255 for the gathered batches, and exact CSV text. (The progress line is tested with its
// header, in tests/infra/progress.cpp.)
#include <llmlings/testing.hpp>

#include <llmlings/nn/13_training_utilities.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "oracles/13_training_utilities.hpp"

using llmlings::as_rows;
using llmlings::index_vector;
using llmlings::matrix;
using llmlings::matrix_of;
using llmlings::vector;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::nn;
using oracles::gradients;
using oracles::read_text;

namespace {

const double missing = std::numeric_limits<double>::quiet_NaN();

// Counts how often each index 0..n-1 occurs over the batches; false if one is out of range.
bool count_indices(const std::vector<index_vector>& batches, std::size_t n, std::vector<std::size_t>& counts) {
    counts.assign(n, 0);
    for (const index_vector& b : batches)
        for (std::size_t i : b) {
            if (i >= n) return false;
            ++counts[i];
        }
    return true;
}

}  // namespace

TEST_CASE("without shuffling the batches are consecutive and the last one is partial", "[nn][13_training_utilities]") {
    batch_loader loader = make_batch_loader(10, 4, false);
    const std::vector<index_vector> batches = next_epoch(loader);
    REQUIRE(batches.size() == 3);
    CHECK((batches[0] == index_vector{0, 1, 2, 3}));
    CHECK((batches[1] == index_vector{4, 5, 6, 7}));
    CHECK((batches[2] == index_vector{8, 9}));
    CHECK(batch_count(10, 4, false) == 3);
    CHECK(batch_count(12, 4, false) == 3);
    CHECK(batch_count(3, 8, false) == 1);
}

TEST_CASE("drop_last removes the partial batch and keeps only full ones", "[nn][13_training_utilities]") {
    batch_loader loader = make_batch_loader(10, 4, false, 0, true);
    const std::vector<index_vector> batches = next_epoch(loader);
    REQUIRE(batches.size() == 2);
    CHECK((batches[1] == index_vector{4, 5, 6, 7}));
    CHECK(batch_count(10, 4, true) == 2);
    CHECK(batch_count(3, 8, true) == 0);
    batch_loader tiny = make_batch_loader(3, 8, true, 1, true);
    CHECK(next_epoch(tiny).empty());
}

TEST_CASE("every shuffled epoch visits every index exactly once in batches of the right size",
          "[nn][13_training_utilities]") {
    const std::size_t n = 103, b = 16;
    batch_loader loader = make_batch_loader(n, b, true, 42);
    for (int epoch = 0; epoch < 5; ++epoch) {
        const std::vector<index_vector> batches = next_epoch(loader);
        REQUIRE(batches.size() == 7);  // ceil(103 / 16)
        for (std::size_t k = 0; k + 1 < batches.size(); ++k) CHECK(batches[k].size() == b);
        CHECK(batches.back().size() == 7);  // 103 - 6 * 16
        std::vector<std::size_t> counts;
        REQUIRE(count_indices(batches, n, counts));
        for (std::size_t i = 0; i < n; ++i) CHECK(counts[i] == 1);
    }
}

TEST_CASE("with drop_last a shuffled epoch visits distinct indices in full batches only",
          "[nn][13_training_utilities]") {
    const std::size_t n = 50, b = 8;
    batch_loader loader = make_batch_loader(n, b, true, 3, true);
    const std::vector<index_vector> batches = next_epoch(loader);
    REQUIRE(batches.size() == 6);
    for (const index_vector& batch : batches) CHECK(batch.size() == b);
    std::vector<std::size_t> counts;
    REQUIRE(count_indices(batches, n, counts));
    std::size_t seen = 0;
    for (std::size_t c : counts) {
        CHECK(c <= 1);
        seen += c;
    }
    CHECK(seen == 48);
}

TEST_CASE("the same seed gives the same orders and successive epochs give different orders",
          "[nn][13_training_utilities]") {
    batch_loader a = make_batch_loader(40, 5, true, 7), b = make_batch_loader(40, 5, true, 7);
    batch_loader c = make_batch_loader(40, 5, true, 8);
    const auto a1 = next_epoch(a), a2 = next_epoch(a), b1 = next_epoch(b), b2 = next_epoch(b);
    const auto c1 = next_epoch(c);
    const auto flat = [](const std::vector<index_vector>& batches) {
        std::vector<std::size_t> order;
        for (const index_vector& batch : batches) order.insert(order.end(), batch.begin(), batch.end());
        return order;
    };
    CHECK(flat(a1) == flat(b1));
    CHECK(flat(a2) == flat(b2));
    // Two equal permutations of 40 elements by chance: probability 1/40!, about 1e-48.
    CHECK(flat(a1) != flat(a2));
    CHECK(flat(a1) != flat(c1));
    std::vector<std::size_t> identity(40);
    for (std::size_t i = 0; i < 40; ++i) identity[i] = i;
    CHECK(flat(a1) != identity);
}

TEST_CASE("gather_rows and gather pick the rows and targets of a batch in order", "[nn][13_training_utilities]") {
    const matrix x{{1, 2}, {3, 4}, {5, 6}};
    const index_vector idx{2, 0, 2};
    CHECK((gather_rows(x, idx) == matrix{{5, 6}, {1, 2}, {5, 6}}));
    CHECK((gather(vector{10, 20, 30}, idx) == vector{30, 10, 30}));
    CHECK((gather(index_vector{7, 8, 9}, idx) == index_vector{9, 7, 9}));
    CHECK_THROWS_AS(gather_rows(x, index_vector{3}), llmlings::invalid_argument);
    CHECK_THROWS_AS(gather(vector{1, 2}, index_vector{2}), llmlings::invalid_argument);
    CHECK_THROWS_AS(gather(index_vector{1, 2}, index_vector{5}), llmlings::invalid_argument);
}

TEMPLATE_TEST_CASE("gather_rows copies rows of bytes into a batch of the model type with a scale",
                   "[nn][13_training_utilities]", float, double) {
    // Pixels stay bytes in the data set; a batch holds T(x / 255). The oracle is the hand-worked
    // quotient k/255 (k = 0, 1, 17, 128, 255) rounded to T: one product in double rounded once,
    // so within half an ulp of T (2^-24 relative in float, 2^-53 plus the product's rounding in
    // double; 1e-7 and 1e-15 leave room).
    const xt::xtensor<std::uint8_t, 2> x{{0, 255, 17}, {128, 1, 0}, {255, 17, 128}};
    const index_vector idx{2, 0, 2, 1};
    matrix_of<TestType> batch({4, 3});
    batch.fill(TestType(-1));
    const TestType* memory = batch.data();
    gather_rows(x, idx, 1.0 / 255.0, as_rows(batch));
    const matrix expected{
        {1, 17 / 255.0, 128 / 255.0}, {0, 1, 17 / 255.0}, {1, 17 / 255.0, 128 / 255.0}, {128 / 255.0, 1 / 255.0, 0}};
    const double rtol = std::is_same<TestType, float>::value ? 1e-7 : 1e-15;
    LLMLINGS_CHECK_CLOSE(batch, expected, (tolerance{rtol, 0}));
    CHECK(batch.data() == memory);  // written in place: the buffer is reused from batch to batch
    // doubles in, scale 1: an exact copy of the rows
    matrix_of<TestType> two({2, 2});
    gather_rows(matrix{{1.5, -2}, {3, 4.25}}, index_vector{1, 1}, 1.0, as_rows(two));
    CHECK((two == matrix_of<TestType>{{3, 4.25}, {3, 4.25}}));
}

TEST_CASE("gather_rows into a batch rejects a wrong shape a bad scale and an index out of range",
          "[nn][13_training_utilities]") {
    const xt::xtensor<std::uint8_t, 2> x{{1, 2}, {3, 4}, {5, 6}};
    matrix_of<float> batch({2, 2}), wide({2, 3});
    CHECK_THROWS_AS(gather_rows(x, index_vector{0, 1}, 1.0, as_rows(wide)), llmlings::shape_error);
    CHECK_THROWS_AS(gather_rows(x, index_vector{0}, 1.0, as_rows(batch)), llmlings::shape_error);
    CHECK_THROWS_WITH(gather_rows(x, index_vector{0, 1}, 1.0, as_rows(wide)), contains("gather_rows"));
    CHECK_THROWS_AS(gather_rows(x, index_vector{0, 1}, 0.0, as_rows(batch)), llmlings::invalid_argument);
    CHECK_THROWS_AS(gather_rows(x, index_vector{0, 1}, missing, as_rows(batch)), llmlings::invalid_argument);
    CHECK_THROWS_AS(gather_rows(x, index_vector{0, 3}, 1.0, as_rows(batch)), llmlings::invalid_argument);
    // an index out of range is found before anything is written
    batch.fill(7.0f);
    CHECK_THROWS_AS(gather_rows(x, index_vector{0, 3}, 1.0, as_rows(batch)), llmlings::invalid_argument);
    CHECK(xt::all(xt::equal(batch, 7.0f)));
}

TEST_CASE("the loader rejects an empty data set and a zero batch size", "[nn][13_training_utilities]") {
    CHECK_THROWS_AS(make_batch_loader(0, 4), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_batch_loader(10, 0), llmlings::invalid_argument);
    CHECK_THROWS_AS(batch_count(10, 0, false), llmlings::invalid_argument);
}

TEST_CASE("clipping by norm scales all gradients by max_norm over the total norm plus 1e-6",
          "[nn][13_training_utilities]") {
    // Hand-worked: ‖[[1,2],[2,0]]‖ = 3 and ‖(0,4)‖ = 4, so the total norm is √(9 + 16) = 5.
    gradients<double> g({matrix{{1, 2}, {2, 0}}, vector{0, 4}});
    const double total = clip_grad_norm(g.store, 2.5);
    CHECK(total == 5.0);                      // √25 and √(3² + 4²) are exact in double
    const double scale = 2.5 / (5.0 + 1e-6);  // torch.nn.utils.clip_grad_norm_'s clip_coef
    // One multiplication per element: a few ulps.
    const tolerance ulps{1e-15, 0.0};
    // (grad(k) is tensor k's gradient row by row: here [[1, 2], [2, 0]] · scale.)
    LLMLINGS_CHECK_CLOSE(g.grad(0), (vector{scale, 2 * scale, 2 * scale, 0}), ulps);
    LLMLINGS_CHECK_CLOSE(g.grad(1), (vector{0, 4 * scale}), ulps);
    // The clipped norm sits just below max_norm: 2.5 · 5 / (5 + 1e-6).
    LLMLINGS_CHECK_CLOSE(global_grad_norm(g.store), 2.5 * 5.0 / (5.0 + 1e-6), ulps);
}

TEMPLATE_TEST_CASE("clipping by norm and by value match torch on gradients of three shapes",
                   "[nn][13_training_utilities]", float, double) {
    const oracles::torch_clipping& torch = oracles::torch_clip_golden();
    gradients<TestType> g(torch.before);
    // float64 on both sides, sums of 20 squares in another order: rounding only. In float the
    // inputs and outputs are rounded to 2⁻²⁴ ≈ 6e-8 relative (the norm is summed in double).
    const tolerance torch_tol = std::is_same<TestType, float>::value ? tolerance{2e-7, 1e-7} : tolerance{1e-13, 1e-15};
    LLMLINGS_CHECK_CLOSE(clip_grad_norm(g.store, 1.5), torch.norm, torch_tol);
    for (std::size_t k = 0; k < 3; ++k) {
        CAPTURE(k);
        LLMLINGS_CHECK_CLOSE(g.grad(k), torch.by_norm[k], torch_tol);
    }
    gradients<TestType> v(torch.before);
    CHECK(clip_grad_value(v.store, 2.0) > 0);
    // clamping copies values: exact (in float, the golden values rounded to float)
    for (std::size_t k = 0; k < 3; ++k) {
        CAPTURE(k);
        LLMLINGS_CHECK_CLOSE(v.grad(k), oracles::rounded_values<TestType>(torch.by_value[k]), (tolerance{0, 0}));
    }
}

TEST_CASE("clipping by norm leaves gradients alone when their norm is within the bound",
          "[nn][13_training_utilities]") {
    gradients<double> g({matrix{{1, 2}, {2, 0}}, vector{0, 4}});
    CHECK(clip_grad_norm(g.store, 5.0) == 5.0);  // n > max_norm is false at n = 5
    CHECK((g.grad(0) == vector{1, 2, 2, 0}));
    CHECK((g.grad(1) == vector{0, 4}));
    gradients<double> none({});
    CHECK(clip_grad_norm(none.store, 1.0) == 0.0);
    gradients<double> b({vector{0, 4}});
    CHECK(global_grad_norm(b.store) == 4.0);
}

TEST_CASE("clipping leaves the gradients of frozen tensors out of the norm and alone", "[nn][13_training_utilities]") {
    // PyTorch clips only the parameters it is given; a frozen tensor (LoRA's base weights) has no
    // say in the norm and keeps its gradient.
    gradients<double> g({vector{3, 4}, vector{100, 0}});
    g.store.set_trainable("g1", false);
    CHECK(global_grad_norm(g.store) == 5.0);
    CHECK(clip_grad_norm(g.store, 1.0) == 5.0);
    CHECK((g.grad(1) == vector{100, 0}));
    CHECK(clip_grad_value(g.store, 1.0) == 0);  // (0.6, 0.8) after clipping: nothing left to clip
    CHECK((g.grad(1) == vector{100, 0}));
}

TEST_CASE("clipping by norm handles huge finite gradients without overflow", "[nn][13_training_utilities]") {
    // (3e300, 4e300) and (0, 12e300): the squares overflow a plain sum to ∞, yet the norm is the
    // finite 13e300 (a 5-12-13 triangle). Scaled by the largest element first, every step is
    // exact up to rounding: a few ulps.
    const tolerance ulps{1e-15, 0.0};
    gradients<double> g({vector{3e300, 4e300}, vector{0.0, 12e300}});
    LLMLINGS_CHECK_CLOSE(global_grad_norm(g.store), 13e300, ulps);
    const double total = clip_grad_norm(g.store, 1.0);
    LLMLINGS_CHECK_CLOSE(total, 13e300, ulps);
    const double scale = 1.0 / (13e300 + 1e-6);  // torch's clip_coef; the 1e-6 is lost next to 13e300
    LLMLINGS_CHECK_CLOSE(g.grad(0), (vector{3e300 * scale, 4e300 * scale}), ulps);
    LLMLINGS_CHECK_CLOSE(g.grad(1), (vector{0.0, 12e300 * scale}), ulps);
    // and tiny ones, whose squares underflow to 0: the norm of (3e-200, 4e-200) is 5e-200
    gradients<double> tiny({vector{3e-200, -4e-200}});
    LLMLINGS_CHECK_CLOSE(global_grad_norm(tiny.store), 5e-200, ulps);
    // A norm beyond the largest double (≈1.8e308) is +∞, the documented answer, but the finite
    // gradients are still scaled to max_norm: (1.5e308, 1.5e308, 1.5e308) has norm 1.5√3·1e308.
    gradients<double> big({vector{1.5e308, 1.5e308, -1.5e308}});
    CHECK(global_grad_norm(big.store) == std::numeric_limits<double>::infinity());
    CHECK(clip_grad_norm(big.store, 2.0) == std::numeric_limits<double>::infinity());
    const double each = 2.0 / std::sqrt(3.0);
    LLMLINGS_CHECK_CLOSE(big.grad(0), (vector{each, each, -each}), ulps);
}

TEST_CASE("clipping by norm rejects a bad bound and a non-finite gradient", "[nn][13_training_utilities]") {
    gradients<double> g({vector{1, 2}});
    CHECK_THROWS_AS(clip_grad_norm(g.store, 0.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(clip_grad_norm(g.store, missing), llmlings::invalid_argument);
    gradients<float> bad({vector{1, missing}});
    CHECK_THROWS_AS(clip_grad_norm(bad.store, 1.0), llmlings::numerical_error);
}

TEST_CASE("clipping by value bounds every element and counts the clipped ones", "[nn][13_training_utilities]") {
    gradients<double> g({vector{-3, 0.5, 2}, matrix{{1, -1}, {0.25, -0.5}}});
    CHECK(clip_grad_value(g.store, 1.0) == 2);
    CHECK((g.grad(0) == vector{-1, 0.5, 1}));
    CHECK((g.grad(1) == vector{1, -1, 0.25, -0.5}));  // [[1, -1], [0.25, -0.5]]: ±1 exactly on the bound stays
    CHECK_THROWS_AS(clip_grad_value(g.store, -1.0), llmlings::invalid_argument);
}

TEST_CASE("the learning curve is written as CSV with a header and one exact row per epoch",
          "[nn][13_training_utilities]") {
    learning_curve curve;
    record_epoch(curve, {1, 0.5, 0.75, 0.625, 0.7, 2});
    record_epoch(curve, {2, 0.1, 0.875, missing, missing, 1.5});
    const std::string expected =
        "epoch,train_loss,train_accuracy,valid_loss,valid_accuracy,seconds\n"
        "1,0.5,0.75,0.625,0.7,2\n"
        "2,0.1,0.875,,,1.5\n";
    CHECK(to_csv(curve) == expected);
    const std::filesystem::path path = std::filesystem::temp_directory_path() / "llmlings_nn13_curve.csv";
    write_csv(curve, path.string());
    CHECK(read_text(path.string()) == expected);
    std::filesystem::remove(path);
    CHECK(to_csv(learning_curve{}) == "epoch,train_loss,train_accuracy,valid_loss,valid_accuracy,seconds\n");
    CHECK_THROWS_AS(write_csv(curve, "/nonexistent-dir/x/curve.csv"), llmlings::io_error);
}

TEST_CASE("record_epoch rejects decreasing epochs and accuracies outside zero to one", "[nn][13_training_utilities]") {
    learning_curve curve;
    record_epoch(curve, {1, 0.5, 0.5, missing, missing, 0});
    CHECK_THROWS_AS(record_epoch(curve, {1, 0.4, 0.5, missing, missing, 0}), llmlings::invalid_argument);
    CHECK_THROWS_AS(record_epoch(curve, {2, 0.4, 1.5, missing, missing, 0}), llmlings::invalid_argument);
    CHECK_THROWS_AS(record_epoch(curve, {2, missing, 0.5, missing, missing, 0}), llmlings::invalid_argument);
    CHECK_THROWS_AS(record_epoch(curve, {2, 0.4, 0.5, missing, missing, -1}), llmlings::invalid_argument);
    CHECK(curve.epochs.size() == 1);
}

TEST_CASE("the learning curve plot writes the losses of each epoch beside the picture", "[nn][13_training_utilities]") {
    learning_curve curve;
    record_epoch(curve, {1, 0.9, 0.5, 1.0, 0.4, 1});
    record_epoch(curve, {2, 0.5, 0.7, 0.75, 0.6, 1});
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "llmlings_nn13_plot";
    llmlings::plot::options opts;
    opts.run_gnuplot = llmlings::plot::available();
    const std::string png = (dir / "loss.png").string();
    CHECK(plot_learning_curve(curve, png, opts) == png);
    const std::string data = read_text((dir / "loss.dat").string());
    CHECK(data == "# epoch, train loss, validation loss\n1 0.9 1\n2 0.5 0.75\n");
    if (opts.run_gnuplot) CHECK(std::filesystem::exists(dir / "loss.png"));
    std::filesystem::remove_all(dir);
    CHECK_THROWS_AS(plot_learning_curve(learning_curve{}, png, opts), llmlings::invalid_argument);
}
