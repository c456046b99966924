// SPDX-License-Identifier: MIT
// Tests of the parameter store (include/llmlings/core/parameters.hpp): registration, layout,
// lookup, counts, freezing, and views that stay valid whatever happens to the store. The cases
// marked "use-after-free" do what was undefined behaviour with raw pointers; they run under
// AddressSanitizer in the sanitizer build, which reports any access to freed memory.
#include <llmlings/testing.hpp>

#include <llmlings/core/parameters.hpp>
#include <llmlings/testing/allocations.hpp>

#include <array>
#include <string>
#include <vector>

using llmlings::parameter;
using llmlings::parameter_store;
using llmlings::testing::contains;

TEMPLATE_TEST_CASE("the store lays tensors out back to back in registration order", "[infra][parameters]", float,
                   double) {
    parameter_store<TestType> store;
    const parameter<TestType> w = store.add("fc.weight", {3, 4});
    const parameter<TestType> b = store.add("fc.bias", {3});
    const parameter<TestType> s = store.add("scale", {});
    CHECK(store.count() == 3);
    CHECK(store.numel() == 12 + 3 + 1);
    CHECK(w.offset() == 0);
    CHECK(b.offset() == 12);
    CHECK(s.offset() == 15);
    CHECK(s.size() == 1);
    CHECK(w.shape() == std::vector<std::size_t>{3, 4});
    CHECK(w.dimension() == 2);
    // the views point into the store's two buffers
    CHECK(w.data() == store.values());
    CHECK(b.data() == store.values() + 12);
    CHECK(b.grad_data() == store.grads() + 12);
    // everything starts at zero
    for (std::size_t i = 0; i < store.numel(); ++i) {
        CHECK(store.values()[i] == TestType(0));
        CHECK(store.grads()[i] == TestType(0));
    }
    // iteration follows registration order
    std::vector<std::string> names;
    for (const parameter<TestType>& p : store) names.push_back(p.name());
    CHECK(names == std::vector<std::string>{"fc.weight", "fc.bias", "scale"});
}

TEMPLATE_TEST_CASE("a tensor view reads and writes the store's memory", "[infra][parameters]", float, double) {
    parameter_store<TestType> store;
    store.add("first", {2});
    const parameter<TestType> w = store.add("w", {2, 3});
    auto value = w.template value<2>();
    value(1, 2) = TestType(5);
    CHECK(store.values()[2 + 5] == TestType(5));
    w.template grad<2>()(0, 1) = TestType(-1);
    CHECK(store.grads()[2 + 1] == TestType(-1));
    CHECK(value.shape()[0] == 2);
    CHECK(value.shape()[1] == 3);
    CHECK_THROWS_AS(w.template value<1>(), llmlings::shape_error);
    CHECK_THROWS_WITH(w.template value<1>(), contains("rank 2"));
}

TEST_CASE("weight decay groups and trainable flags follow the options", "[infra][parameters]") {
    parameter_store<float> store;
    const auto w = store.add("w", {4, 4});
    const auto b = store.add("b", {4});
    const auto e = store.add("emb", {10, 4}, {true, llmlings::weight_decay::skip});
    const auto g = store.add("gain", {4}, {false, llmlings::weight_decay::apply});
    CHECK(w.decays());
    CHECK(!b.decays());  // automatic: rank 1 does not decay
    CHECK(!e.decays());
    CHECK(g.decays());
    CHECK(!g.trainable());
    CHECK(store.numel() == 16 + 4 + 40 + 4);
    CHECK(store.trainable_numel() == 16 + 4 + 40);
    // LoRA-style freezing by name prefix
    CHECK(store.set_trainable("w", false) == 1);
    CHECK(store.trainable_numel() == 4 + 40);
    CHECK(store.set_trainable("", true) == 4);
    CHECK(store.trainable_numel() == store.numel());
    CHECK_THROWS_AS(store.set_trainable("decoder.", false), llmlings::invalid_argument);
}

TEST_CASE("lookup by name finds the registered tensor and names what exists otherwise", "[infra][parameters]") {
    parameter_store<double> store;
    store.add("blocks.0.attn.qkv.weight", {6, 2});
    store.add("blocks.0.attn.qkv.bias", {6});
    CHECK(store.contains("blocks.0.attn.qkv.bias"));
    CHECK(!store.contains("blocks.1.attn.qkv.bias"));
    const auto p = store.find("blocks.0.attn.qkv.bias");
    CHECK(p.offset() == 12);
    CHECK(store.at(1).name() == "blocks.0.attn.qkv.bias");
    CHECK(store.info(0).size == 12);
    CHECK_THROWS_AS(store.find("qkv"), llmlings::invalid_argument);
    CHECK_THROWS_WITH(store.find("qkv"), contains("parameter_store::find") && contains("blocks.0.attn.qkv.weight"));
    CHECK_THROWS_AS(store.at(2), llmlings::invalid_argument);
}

TEST_CASE("registration rejects duplicate names empty names and empty dimensions", "[infra][parameters]") {
    parameter_store<float> store;
    store.add("w", {2, 2});
    CHECK_THROWS_AS(store.add("w", {3}), llmlings::invalid_argument);
    CHECK_THROWS_WITH(store.add("w", {3}), contains("already registered"));
    CHECK_THROWS_AS(store.add("", {3}), llmlings::invalid_argument);
    CHECK_THROWS_AS(store.add("z", {3, 0}), llmlings::invalid_argument);
    CHECK_THROWS_AS(store.add("huge", {std::size_t(1) << 40, std::size_t(1) << 40}), llmlings::invalid_argument);
    CHECK(store.count() == 1);  // a rejected registration leaves the store as it was
    CHECK(store.numel() == 4);
}

TEST_CASE("zero_grad clears every gradient and nothing else", "[infra][parameters]") {
    parameter_store<float> store;
    const auto a = store.add("a", {3});
    const auto b = store.add("b", {2, 2});
    for (std::size_t i = 0; i < store.numel(); ++i) {
        store.values()[i] = 1.5f;
        store.grads()[i] = -2.0f;
    }
    store.zero_grad();
    for (std::size_t i = 0; i < store.numel(); ++i) {
        CHECK(store.grads()[i] == 0.0f);
        CHECK(store.values()[i] == 1.5f);
    }
    CHECK(a.grad_data()[2] == 0.0f);
    CHECK(b.data()[3] == 1.5f);
}

TEST_CASE("views stay valid while the buffers grow during registration", "[infra][parameters]") {
    // use-after-free: with raw pointers, the first tensor's pointer dangles once the buffer
    // reallocates to make room for the next ones.
    parameter_store<double> store;
    const auto first = store.add("first", {4});
    first.data()[3] = 7.0;
    for (int i = 0; i < 100; ++i) store.add("t" + std::to_string(i), {64});
    CHECK(first.data()[3] == 7.0);
    CHECK(first.value<1>()(3) == 7.0);
    CHECK(first.data() == store.values());
}

TEST_CASE("a frozen store refuses new tensors so the optimizer's view cannot go stale", "[infra][parameters]") {
    // use-after-free: `layer = make_dense(...)` after the optimizer was made over the old layer
    // freed the buffers the optimizer stepped. With a store, replacing a layer means registering
    // its tensors again, which throws once the registry is frozen.
    parameter_store<float> store;
    store.add("fc.weight", {2, 3});
    store.freeze();
    CHECK(store.frozen());
    CHECK_THROWS_AS(store.add("fc2.weight", {2, 3}), llmlings::invalid_argument);
    CHECK_THROWS_WITH(store.add("fc2.weight", {2, 3}), contains("frozen"));
    CHECK(store.count() == 1);
}

TEST_CASE("views and copies outlive the store object they came from", "[infra][parameters]") {
    // use-after-free: a layer kept after the model's store object is destroyed or moved.
    parameter<float> kept;
    {
        parameter_store<float> store;
        kept = store.add("w", {8});
        parameter_store<float> moved = std::move(store);
        kept.data()[7] = 3.0f;
        parameter_store<float> copy = moved;  // a handle: shares the tensors
        CHECK(copy.same_as(moved));
        CHECK(copy.values()[7] == 3.0f);
    }
    CHECK(kept.data()[7] == 3.0f);
    CHECK(kept.value<1>()(7) == 3.0f);
}

TEST_CASE("a view that was never registered throws instead of reading nothing", "[infra][parameters]") {
    const parameter<double> none;
    CHECK(!none.registered());
    CHECK_THROWS_AS(none.data(), llmlings::invalid_argument);
    CHECK_THROWS_AS(none.value<2>(), llmlings::invalid_argument);
    CHECK_THROWS_WITH(none.size(), contains("not registered"));
}

TEST_CASE("view_of wraps memory with a checked shape", "[infra][parameters]") {
    std::vector<float> memory{0, 1, 2, 3, 4, 5};
    auto m = llmlings::view_of<2>(memory.data(), memory.size(), {2, 3});
    CHECK(m(1, 0) == 3.0f);
    m(0, 2) = 9.0f;
    CHECK(memory[2] == 9.0f);
    CHECK_THROWS_AS(llmlings::view_of<2>(memory.data(), memory.size(), {4, 2}), llmlings::shape_error);
}

TEST_CASE("ensure_shape reallocates only when the shape changes", "[infra][parameters]") {
    llmlings::matrix_of<float> buffer;
    CHECK(llmlings::ensure_shape(buffer, {32, 128}));
    const float* memory = buffer.data();
    const std::size_t before = llmlings::testing::allocation_count();
    const bool again = llmlings::ensure_shape(buffer, {32, 128});
    const std::size_t after = llmlings::testing::allocation_count();
    CHECK_FALSE(again);
    CHECK(after == before);  // the same shape: nothing allocated
    CHECK(buffer.data() == memory);
    CHECK(llmlings::ensure_shape(buffer, std::array<std::size_t, 2>{16, 128}));
    CHECK(buffer.shape()[0] == 16);
    CHECK(llmlings::testing::allocation_count() > before);  // the counter sees allocations
}
