// SPDX-License-Identifier: MIT
// Tests for nn/07_optimizers. Oracles: golden parameter values after 1, 2 and 10 steps of each
// torch.optim optimizer on a fixed quadratic, and golden learning rates of each torch scheduler
// over 20 steps (tools/golden/nn_optimizers.py); closed forms (SGD on ½x² gives x(1−η)^k, Adam's
// first step is η·sign(g), AdamW on a zero gradient decays by (1−ηλ)^k, cosine endpoints); float
// steps against double steps; the store's registry, trainable flags and decay groups. The golden
// file and the quadratic's gradient are in oracles/07_optimizers.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/nn/07_optimizers.hpp>

#include <llmlings/core/parameters.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

#include "oracles/07_optimizers.hpp"

using llmlings::matrix;
using llmlings::parameter;
using llmlings::parameter_store;
using llmlings::tensor_view;
using llmlings::vector;
using llmlings::weight_decay;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::nn;
using namespace oracles;

namespace {

// The golden problem: parameters M (2,3) and v (3) on f = Σ ½·curv·p² + lin·p, gradient
// curv⊙p + lin, recomputed before every step exactly as the generator does. Both tensors are in
// the decay group, as torch.optim applies weight_decay to every tensor it is given.
struct quadratic {
    golden_quadratic g = load_golden_quadratic();
    parameter_store<double> store;
    parameter<double> pM = store.add("M", {2, 3}, {true, weight_decay::apply});
    parameter<double> pv = store.add("v", {3}, {true, weight_decay::apply});
    tensor_view<double, 2> M = pM.value<2>();
    tensor_view<double, 1> v = pv.value<1>();

    quadratic() {
        M = g.start_M;
        v = g.start_v;
    }
    void compute_gradients() { quadratic_gradient(g, pM.data(), pv.data(), pM.grad_data(), pv.grad_data()); }
};

// One tensor "x" of element type T in its own store, in the decay group, with given values.
template <class T = double>
struct single {
    parameter_store<T> store;
    parameter<T> p;
    explicit single(const std::vector<double>& values)
        : p(store.add("x", {values.size()}, {true, weight_decay::apply})) {
        for (std::size_t i = 0; i < values.size(); ++i) p.data()[i] = static_cast<T>(values[i]);
    }
    tensor_view<T, 1> x() const { return p.template value<1>(); }
    tensor_view<T, 1> grad() const { return p.template grad<1>(); }
};

// Runs 10 steps and compares with the golden values after 1, 2 and 10 of them. Ten steps of a
// handful of double operations per element in two implementations (PyTorch fuses some of them):
// agreement to ~1e-15 relative, 1e-12 allowed.
template <class Optimizer>
void check_against_golden(quadratic& q, Optimizer& opt, const std::string& name) {
    const tolerance close{1e-12, 1e-14};
    for (int k = 1; k <= 10; ++k) {
        q.compute_gradients();
        step(opt);
        if (k == 1 || k == 2 || k == 10) {
            INFO(name << " after " << k << " steps");
            LLMLINGS_CHECK_CLOSE(q.M, golden_M(name, k), close);
            LLMLINGS_CHECK_CLOSE(q.v, golden_v(name, k), close);
        }
    }
}

// The learning rates a schedule gives at t = 0..19.
template <class Schedule>
vector rates(Schedule&& schedule) {
    vector out = xt::empty<double>({std::size_t{20}});
    for (std::size_t t = 0; t < 20; ++t) out(t) = schedule(t);
    return out;
}

}  // namespace

TEMPLATE_TEST_CASE("plain SGD on one half x squared shrinks x by one minus lr per step", "[nn][07_optimizers]", float,
                   double) {
    single<TestType> s({1.0, -2.0});
    auto opt = make_sgd(s.store, sgd_options{0.1});
    // x_k = x_0 (1 − η)^k; pow and k multiplications differ by a few ulps of T: 20 roundings of
    // 2⁻²⁴ ≈ 6e-8 in float, of 1.1e-16 in double.
    const tolerance close = std::is_same<TestType, float>::value ? tolerance{2e-6, 0} : tolerance{1e-14, 0};
    for (int k = 1; k <= 20; ++k) {
        s.grad() = s.x();  // ∇(½x²) = x
        step(opt);
        LLMLINGS_CHECK_CLOSE(s.x(), scaled(vector{1.0, -2.0}, std::pow(0.9, k)), close);
    }
    CHECK(opt.steps == 20);
}

TEST_CASE("SGD matches torch optim SGD on the golden quadratic", "[nn][07_optimizers]") {
    quadratic q;
    auto opt = make_sgd(q.store, sgd_options{0.1});
    check_against_golden(q, opt, "sgd");
}

TEST_CASE("SGD with momentum and dampening matches torch", "[nn][07_optimizers]") {
    quadratic q;
    sgd_options o;
    o.lr = 0.1;
    o.momentum = 0.9;
    o.dampening = 0.1;
    o.weight_decay = 0.01;
    auto opt = make_sgd(q.store, o);
    check_against_golden(q, opt, "sgd_momentum");
}

TEST_CASE("SGD with Nesterov momentum matches torch", "[nn][07_optimizers]") {
    quadratic q;
    sgd_options o;
    o.lr = 0.1;
    o.momentum = 0.9;
    o.nesterov = true;
    o.weight_decay = 0.01;
    auto opt = make_sgd(q.store, o);
    check_against_golden(q, opt, "sgd_nesterov");
}

TEST_CASE("the first momentum step is a plain gradient step", "[nn][07_optimizers]") {
    // PyTorch starts the buffer at b₁ = g (no dampening on the first step), so the first step
    // equals plain SGD's; with a constant gradient the second moves by η(μ + (1 − d)) g.
    single<> s({0.0});
    s.grad()(0) = 1.0;
    sgd_options o;
    o.lr = 0.5;
    o.momentum = 0.9;
    o.dampening = 0.5;
    auto opt = make_sgd(s.store, o);
    step(opt);
    LLMLINGS_CHECK_CLOSE(s.x()(0), -0.5, (tolerance{1e-15, 0}));
    step(opt);
    LLMLINGS_CHECK_CLOSE(s.x()(0), -0.5 - 0.5 * (0.9 + 0.5), (tolerance{1e-15, 0}));
}

TEST_CASE("RMSProp matches torch optim RMSprop", "[nn][07_optimizers]") {
    quadratic q;
    rmsprop_options o;
    o.lr = 0.01;
    o.alpha = 0.9;
    o.eps = 1e-8;
    o.weight_decay = 0.01;
    o.momentum = 0.5;
    auto opt = make_rmsprop(q.store, o);
    check_against_golden(q, opt, "rmsprop");
}

TEST_CASE("RMSProp adds eps after the square root", "[nn][07_optimizers]") {
    // One step from v = 0 with α = 0.75: v = 0.25 g², step = η g / (0.5|g| + ε). With g = 1e-8
    // and ε = 1e-8 that is η/1.5 — eps inside the root would give η·1e-8/√(0.25e-16 + 1e-8) ≈ 1e-4 η.
    single<> s({0.0});
    s.grad()(0) = 1e-8;
    rmsprop_options o;
    o.lr = 1.0;
    o.alpha = 0.75;
    o.eps = 1e-8;
    auto opt = make_rmsprop(s.store, o);
    step(opt);
    LLMLINGS_CHECK_CLOSE(s.x()(0), -1.0 / 1.5, (tolerance{1e-14, 0}));
}

TEST_CASE("Adam matches torch optim Adam with L2 weight decay", "[nn][07_optimizers]") {
    quadratic q;
    adam_options o;
    o.lr = 0.1;
    o.weight_decay = 0.01;
    auto opt = make_adam(q.store, o);
    check_against_golden(q, opt, "adam");
}

TEST_CASE("AdamW matches torch optim AdamW", "[nn][07_optimizers]") {
    quadratic q;
    adam_options o;
    o.lr = 0.1;
    o.beta1 = 0.8;
    o.beta2 = 0.99;
    o.eps = 1e-6;
    o.weight_decay = 0.1;
    const adamw_options ow{o.lr, o.beta1, o.beta2, o.eps, o.weight_decay};
    auto opt = make_adamw(q.store, ow);
    CHECK(opt.decoupled_weight_decay);
    check_against_golden(q, opt, "adamw");
}

TEMPLATE_TEST_CASE("the first Adam step moves every coordinate by lr whatever the gradient scale",
                   "[nn][07_optimizers]", float, double) {
    // Bias correction: m̂ = g and √v̂ = |g| after one step, so Δ = −η g / (|g| + ε).
    single<TestType> s({1.0, 1.0, 1.0});
    s.grad() = vector{1e-3, -5.0, 1e4};
    adam_options o;
    o.lr = 0.01;
    o.eps = 1e-12;
    auto opt = make_adam(s.store, o);
    step(opt);
    // |g| ≥ 1e-3 ≫ ε = 1e-12: the deviation from η is below 1e-9 relative in double; in float
    // the result 0.99 is rounded to 2⁻²⁴ relative and the few operations before add ~1e-7.
    const double rtol = std::is_same<TestType, float>::value ? 5e-7 : 1e-9;
    LLMLINGS_CHECK_CLOSE(s.x(), (vector{0.99, 1.01, 0.99}), (tolerance{rtol, 0}));
}

TEST_CASE("AdamW on a zero gradient decays weights geometrically but Adam does not", "[nn][07_optimizers]") {
    // AdamW: θ_k = θ_0 (1 − ηλ)^k exactly, the gradient part being 0/(0 + ε) = 0.
    // Adam puts λθ into the gradient, which the normalisation turns into steps of about η.
    adam_options o;
    o.lr = 0.1;
    o.weight_decay = 0.5;
    single<> w({2.0, -4.0});  // gradients stay zero
    const adamw_options ow{o.lr, o.beta1, o.beta2, o.eps, o.weight_decay};
    auto adamw = make_adamw(w.store, ow);
    single<> a({2.0, -4.0});
    auto adam = make_adam(a.store, o);
    for (int k = 0; k < 5; ++k) {
        step(adamw);
        step(adam);
    }
    LLMLINGS_CHECK_CLOSE(w.x(), scaled(vector{2.0, -4.0}, std::pow(0.95, 5)), (tolerance{1e-14, 0}));
    // Adam: each step is about η·sign(θ), so both coordinates move by about 5η = 0.5 although
    // one is twice the other (m̂/√v̂ is 1 for a constant gradient; λθ drifts by < 5 % a step).
    LLMLINGS_CHECK_CLOSE(a.x(), (vector{1.5, -3.5}), (tolerance{0, 0.02}));
}

TEST_CASE("changing options lr between steps takes effect", "[nn][07_optimizers]") {
    single<> s({1.0});
    s.grad()(0) = 1.0;
    auto opt = make_sgd(s.store, sgd_options{0.1});
    step(opt);
    opt.options.lr = 0.01;
    step(opt);
    LLMLINGS_CHECK_CLOSE(s.x()(0), 1.0 - 0.1 - 0.01, (tolerance{1e-15, 0}));
}

TEST_CASE("AdamW in float follows the torch golden steps to float precision", "[nn][07_optimizers]") {
    // The same ten AdamW steps as above with every element in float: each step rounds g, m, v and
    // θ to 2⁻²⁴ ≈ 6e-8 relative, and where g is near 0 the normalised step m/√v amplifies the
    // rounding of g. Ten steps of size up to η = 0.1 drift by 4e-7 at most (measured); 2e-6
    // absolute (17 float ulps at |θ| = 1) bounds that with a margin, and still fails a float step
    // that drops a term (the bias correction alone moves θ by 0.1 on the first step).
    const golden_quadratic g = load_golden_quadratic();
    parameter_store<float> store;
    const auto pM = store.add("M", {2, 3}, {true, weight_decay::apply});
    const auto pv = store.add("v", {3}, {true, weight_decay::apply});
    auto M = pM.value<2>();
    auto v = pv.value<1>();
    M = g.start_M;
    v = g.start_v;
    adamw_options o;
    o.lr = 0.1;
    o.beta1 = 0.8;
    o.beta2 = 0.99;
    o.eps = 1e-6;
    o.weight_decay = 0.1;
    auto opt = make_adamw(store, o);
    for (int k = 1; k <= 10; ++k) {
        // curv⊙p + lin computed in double from the float values, rounded to float once
        quadratic_gradient(g, pM.data(), pv.data(), pM.grad_data(), pv.grad_data());
        step(opt);
    }
    LLMLINGS_CHECK_CLOSE(M, golden_M("adamw", 10), (tolerance{0, 2e-6}));
    LLMLINGS_CHECK_CLOSE(v, golden_v("adamw", 10), (tolerance{0, 2e-6}));
}

TEST_CASE("AdamW defaults to the weight decay of torch optim AdamW", "[nn][07_optimizers]") {
    // torch.optim.AdamW(params) uses lr 1e-3 and weight_decay 1e-2; on a zero gradient one step
    // is exactly θ(1 − ηλ) = θ(1 − 1e-5).
    single<> s({1.0});
    auto opt = make_adamw(s.store, adamw_options{});
    CHECK(opt.options.weight_decay == 0.01);
    CHECK(opt.options.lr == 1e-3);
    step(opt);
    LLMLINGS_CHECK_CLOSE(s.x()(0), 1.0 - 1e-5, (tolerance{1e-15, 0}));
    CHECK(adam_options{}.weight_decay == 0.0);  // Adam's default is no decay, as torch.optim.Adam's
}

TEST_CASE("an optimizer updates only the tensors that are trainable when it is made", "[nn][07_optimizers]") {
    parameter_store<double> store;
    const auto frozen = store.add("base.weight", {2, 2});
    const auto free = store.add("lora.weight", {2, 2});
    for (std::size_t i = 0; i < 4; ++i) {
        frozen.data()[i] = 1.0;
        free.data()[i] = 1.0;
        frozen.grad_data()[i] = 1.0;
        free.grad_data()[i] = 1.0;
    }
    store.set_trainable("base.", false);
    auto opt = make_sgd(store, sgd_options{0.5, 0.9});
    CHECK(opt.momentum_buffer.size() == 4);  // state only for the trainable elements
    step(opt);
    for (std::size_t i = 0; i < 4; ++i) {
        CHECK(frozen.data()[i] == 1.0);
        CHECK(free.data()[i] == 0.5);
    }
    // unfreezing a tensor behind the optimizer's back would leave it without state: step says so
    store.set_trainable("", true);
    store.set_trainable("lora.", false);
    CHECK_THROWS_AS(step(opt), llmlings::invalid_argument);
    CHECK_THROWS_WITH(step(opt), contains("lora.weight") && contains("frozen after the optimizer"));
}

TEST_CASE("weight decay applies to the decay group and not to biases", "[nn][07_optimizers]") {
    // On zero gradients only decay moves θ: SGD gives θ(1 − ηλ) for a matrix and leaves a bias.
    parameter_store<double> store;
    const auto w = store.add("fc.weight", {1, 2});  // rank 2: decays
    const auto b = store.add("fc.bias", {2});       // rank 1: does not
    std::fill(w.data(), w.data() + 2, 2.0);
    std::fill(b.data(), b.data() + 2, 2.0);
    sgd_options o;
    o.lr = 0.1;
    o.weight_decay = 0.5;
    auto opt = make_sgd(store, o);
    step(opt);
    LLMLINGS_CHECK_CLOSE(w.value<2>(), (matrix{{1.9, 1.9}}), (tolerance{1e-15, 0}));
    CHECK(b.data()[0] == 2.0);
    CHECK(b.data()[1] == 2.0);
    // The same rule in AdamW: its decoupled decay θ(1 − ηλ) = 2(1 − 0.05) = 1.9 reaches the matrix
    // only; the bias has a zero gradient, so m = v = 0 and its step 0/(0 + ε) is exactly 0.
    parameter_store<double> adamw_store;
    const auto aw = adamw_store.add("fc.weight", {1, 2});
    const auto ab = adamw_store.add("fc.bias", {2});
    std::fill(aw.data(), aw.data() + 2, 2.0);
    std::fill(ab.data(), ab.data() + 2, 2.0);
    auto adamw = make_adamw(adamw_store, adamw_options{0.1, 0.9, 0.999, 1e-8, 0.5});
    step(adamw);
    LLMLINGS_CHECK_CLOSE(aw.value<2>(), (matrix{{1.9, 1.9}}), (tolerance{1e-15, 0}));
    CHECK(ab.data()[0] == 2.0);
    CHECK(ab.data()[1] == 2.0);
    // Adam's L2 puts λθ into the gradient of the matrix only: the bias still has g = 0 and stays.
    parameter_store<double> adam_store;
    const auto lw = adam_store.add("fc.weight", {1, 2});
    const auto lb = adam_store.add("fc.bias", {2});
    std::fill(lw.data(), lw.data() + 2, 2.0);
    std::fill(lb.data(), lb.data() + 2, 2.0);
    adam_options l2;
    l2.lr = 0.1;
    l2.weight_decay = 0.5;
    auto adam = make_adam(adam_store, l2);
    step(adam);
    CHECK(lw.data()[0] < 2.0);  // g = λθ = 1 > 0: the first Adam step is about −η
    CHECK(lb.data()[0] == 2.0);
    CHECK(lb.data()[1] == 2.0);
}

TEST_CASE("making an optimizer freezes the store so no layer can be replaced behind it", "[nn][07_optimizers]") {
    // The sequence that was a use-after-free with raw pointers: make the optimizer, then build a
    // new layer in place of an old one. Registering the new tensors now throws, and the
    // optimizer keeps stepping the tensors it was made over (AddressSanitizer watches this case).
    single<> s({1.0});
    auto opt = make_adam(s.store, adam_options{});
    CHECK(s.store.frozen());
    CHECK_THROWS_AS(s.store.add("x2", {3}), llmlings::invalid_argument);
    s.grad()(0) = 1.0;
    step(opt);
    LLMLINGS_CHECK_CLOSE(s.x()(0), 1.0 - 1e-3, (tolerance{1e-9, 0}));
    parameter_store<double> empty;
    CHECK_THROWS_AS(make_sgd(empty, sgd_options{}), llmlings::invalid_argument);
}

TEST_CASE("step and exponential schedules match torch", "[nn][07_optimizers]") {
    // γ^k by pow vs PyTorch's repeated multiplication: a few ulps apart.
    const tolerance close{1e-14, 0};
    LLMLINGS_CHECK_CLOSE(rates([](std::size_t t) { return step_lr(0.1, t, 5, 0.5); }), golden_rates("lr_step"), close);
    LLMLINGS_CHECK_CLOSE(rates([](std::size_t t) { return exponential_lr(0.1, t, 0.9); }),
                         golden_rates("lr_exponential"), close);
    CHECK(step_lr(0.1, 12, 5, 0.5) == 0.025);
}

TEST_CASE("the cosine schedule matches torch and hits its endpoints", "[nn][07_optimizers]") {
    // PyTorch updates the rate recursively from the previous one; the closed form agrees to
    // rounding accumulated over 19 steps.
    LLMLINGS_CHECK_CLOSE(rates([](std::size_t t) { return cosine_lr(0.1, t, 19, 0.001); }), golden_rates("lr_cosine"),
                         (tolerance{1e-12, 1e-15}));
    const tolerance exact{1e-15, 1e-17};
    LLMLINGS_CHECK_CLOSE(cosine_lr(0.1, 0, 10, 0.01), 0.1, exact);
    LLMLINGS_CHECK_CLOSE(cosine_lr(0.1, 5, 10, 0.01), 0.055, exact);  // halfway: the mean
    LLMLINGS_CHECK_CLOSE(cosine_lr(0.1, 10, 10, 0.01), 0.01, exact);
    LLMLINGS_CHECK_CLOSE(cosine_lr(0.1, 25, 10, 0.01), 0.01, exact);  // held after t_max
}

TEST_CASE("linear warm-up and warm-up then cosine match torch", "[nn][07_optimizers]") {
    const tolerance close{1e-12, 1e-15};
    LLMLINGS_CHECK_CLOSE(rates([](std::size_t t) { return linear_warmup_lr(0.1, t, 5, 0.1); }),
                         golden_rates("lr_warmup"), close);
    LLMLINGS_CHECK_CLOSE(rates([](std::size_t t) { return warmup_cosine_lr(0.1, t, 5, 20, 0.001, 0.1); }),
                         golden_rates("lr_warmup_cosine"), close);
    LLMLINGS_CHECK_CLOSE(warmup_cosine_lr(0.1, 20, 5, 20, 0.001, 0.1), 0.001, (tolerance{1e-15, 0}));
}

TEST_CASE("optimizers reject invalid hyper-parameters", "[nn][07_optimizers]") {
    const single<> s({1.0});
    const parameter_store<double>& params = s.store;
    sgd_options bad_sgd;
    bad_sgd.lr = -0.1;
    CHECK_THROWS_AS(make_sgd(params, bad_sgd), llmlings::invalid_argument);
    sgd_options nesterov;
    nesterov.nesterov = true;  // without momentum
    CHECK_THROWS_AS(make_sgd(params, nesterov), llmlings::invalid_argument);
    nesterov.momentum = 0.9;
    nesterov.dampening = 0.1;  // Nesterov needs dampening 0
    CHECK_THROWS_AS(make_sgd(params, nesterov), llmlings::invalid_argument);
    sgd_options negative_momentum;
    negative_momentum.momentum = -0.5;
    CHECK_THROWS_AS(make_sgd(params, negative_momentum), llmlings::invalid_argument);
    rmsprop_options bad_rms;
    bad_rms.alpha = 1.5;
    CHECK_THROWS_AS(make_rmsprop(params, bad_rms), llmlings::invalid_argument);
    bad_rms.alpha = 0.9;
    bad_rms.eps = -1e-8;
    CHECK_THROWS_AS(make_rmsprop(params, bad_rms), llmlings::invalid_argument);
    adam_options bad_adam;
    bad_adam.beta1 = 1.0;
    CHECK_THROWS_AS(make_adam(params, bad_adam), llmlings::invalid_argument);
    bad_adam.beta1 = 0.9;
    bad_adam.beta2 = -0.1;
    const adamw_options bad_adamw{bad_adam.lr, bad_adam.beta1, bad_adam.beta2, bad_adam.eps, bad_adam.weight_decay};
    CHECK_THROWS_AS(make_adamw(params, bad_adamw), llmlings::invalid_argument);
    bad_adam.beta2 = 0.999;
    bad_adam.weight_decay = std::nan("");
    CHECK_THROWS_AS(make_adam(params, bad_adam), llmlings::invalid_argument);
}

TEST_CASE("schedules reject invalid arguments", "[nn][07_optimizers]") {
    CHECK_THROWS_AS(step_lr(0.1, 0, 0, 0.5), llmlings::invalid_argument);
    CHECK_THROWS_AS(step_lr(-0.1, 0, 5, 0.5), llmlings::invalid_argument);
    CHECK_THROWS_AS(exponential_lr(0.1, 0, -0.9), llmlings::invalid_argument);
    CHECK_THROWS_AS(cosine_lr(0.1, 0, 0, 0.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(cosine_lr(0.1, 0, 10, 0.2), llmlings::invalid_argument);  // min above base
    CHECK_THROWS_AS(linear_warmup_lr(0.1, 0, 0, 0.1), llmlings::invalid_argument);
    CHECK_THROWS_AS(linear_warmup_lr(0.1, 0, 5, 1.5), llmlings::invalid_argument);
    CHECK_THROWS_AS(warmup_cosine_lr(0.1, 0, 10, 10, 0.0, 0.1), llmlings::invalid_argument);
    CHECK_THROWS_AS(warmup_cosine_lr(0.1, 12, 5, 20, 0.0, -1.0), llmlings::invalid_argument);
}
