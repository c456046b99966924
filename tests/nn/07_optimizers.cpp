// SPDX-License-Identifier: MIT
// Tests for nn/07_optimizers. Oracles: golden parameter values after 1, 2 and 10 steps of each
// torch.optim optimizer on a fixed quadratic, and golden learning rates of each torch scheduler
// over 20 steps (tools/golden/nn_optimizers.py); closed forms (SGD on ½x² gives x(1−η)^k, Adam's
// first step is η·sign(g), AdamW on a zero gradient decays by (1−ηλ)^k, cosine endpoints).
#include <llmlings/testing.hpp>

#include <llmlings/nn/07_optimizers.hpp>

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include <xtensor/xview.hpp>

using llmlings::matrix;
using llmlings::vector;
using llmlings::testing::golden_file;
using llmlings::testing::golden_path;
using llmlings::testing::tolerance;
using namespace llmlings::nn;

namespace {

// The golden problem: parameters M (2,3) and v (3) on f = Σ ½·curv·p² + lin·p, gradient
// curv⊙p + lin, recomputed before every step exactly as the generator does.
struct quadratic {
    golden_file g = golden_file::load(golden_path("nn/07_optimizers.txt"));
    matrix M = g.array("start_M");
    vector v = g.array("start_v");
    matrix grad_M = xt::zeros<double>({2, 3});
    vector grad_v = xt::zeros<double>({3});

    std::vector<parameter_ref> params() { return {make_parameter(M, grad_M), make_parameter(v, grad_v)}; }
    void compute_gradients() {
        const auto& curv_M = g.array("curv_M");
        const auto& lin_M = g.array("lin_M");
        const auto& curv_v = g.array("curv_v");
        const auto& lin_v = g.array("lin_v");
        for (std::size_t i = 0; i < M.size(); ++i) grad_M.data()[i] = curv_M.data()[i] * M.data()[i] + lin_M.data()[i];
        for (std::size_t i = 0; i < v.size(); ++i) grad_v(i) = curv_v(i) * v(i) + lin_v(i);
    }
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
            LLMLINGS_CHECK_CLOSE(q.M, q.g.array(name + "_M_" + std::to_string(k)), close);
            LLMLINGS_CHECK_CLOSE(q.v, q.g.array(name + "_v_" + std::to_string(k)), close);
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

TEST_CASE("make_parameter views a tensor and its gradient and checks their shapes", "[nn][07_optimizers]") {
    matrix w({2, 3});
    matrix gw({2, 3});
    const parameter_ref p = make_parameter(w, gw);
    CHECK(p.value == w.data());
    CHECK(p.grad == gw.data());
    CHECK(p.size == 6);
    matrix wrong({3, 2});
    CHECK_THROWS_AS(make_parameter(w, wrong), llmlings::shape_error);
}

TEST_CASE("plain SGD on one half x squared shrinks x by one minus lr per step", "[nn][07_optimizers]") {
    vector x{1.0, -2.0};
    vector grad = xt::zeros<double>({2});
    sgd_optimizer opt = make_sgd({make_parameter(x, grad)}, sgd_options{0.1});
    for (int k = 1; k <= 20; ++k) {
        grad = x;  // ∇(½x²) = x
        step(opt);
        // x_k = x_0 (1 − η)^k; pow and k multiplications differ by a few ulps.
        LLMLINGS_CHECK_CLOSE(x, (vector{1.0, -2.0} * std::pow(0.9, k)), (tolerance{1e-14, 0}));
    }
    CHECK(opt.steps == 20);
}

TEST_CASE("SGD matches torch optim SGD on the golden quadratic", "[nn][07_optimizers]") {
    quadratic q;
    sgd_optimizer opt = make_sgd(q.params(), sgd_options{0.1});
    check_against_golden(q, opt, "sgd");
}

TEST_CASE("SGD with momentum and dampening matches torch", "[nn][07_optimizers]") {
    quadratic q;
    sgd_options o;
    o.lr = 0.1;
    o.momentum = 0.9;
    o.dampening = 0.1;
    o.weight_decay = 0.01;
    sgd_optimizer opt = make_sgd(q.params(), o);
    check_against_golden(q, opt, "sgd_momentum");
}

TEST_CASE("SGD with Nesterov momentum matches torch", "[nn][07_optimizers]") {
    quadratic q;
    sgd_options o;
    o.lr = 0.1;
    o.momentum = 0.9;
    o.nesterov = true;
    o.weight_decay = 0.01;
    sgd_optimizer opt = make_sgd(q.params(), o);
    check_against_golden(q, opt, "sgd_nesterov");
}

TEST_CASE("the first momentum step is a plain gradient step", "[nn][07_optimizers]") {
    // PyTorch starts the buffer at b₁ = g (no dampening on the first step), so the first step
    // equals plain SGD's; with a constant gradient the second moves by η(μ + (1 − d)) g.
    vector x{0.0};
    vector grad{1.0};
    sgd_options o;
    o.lr = 0.5;
    o.momentum = 0.9;
    o.dampening = 0.5;
    sgd_optimizer opt = make_sgd({make_parameter(x, grad)}, o);
    step(opt);
    LLMLINGS_CHECK_CLOSE(x(0), -0.5, (tolerance{1e-15, 0}));
    step(opt);
    LLMLINGS_CHECK_CLOSE(x(0), -0.5 - 0.5 * (0.9 + 0.5), (tolerance{1e-15, 0}));
}

TEST_CASE("RMSProp matches torch optim RMSprop", "[nn][07_optimizers]") {
    quadratic q;
    rmsprop_options o;
    o.lr = 0.01;
    o.alpha = 0.9;
    o.eps = 1e-8;
    o.weight_decay = 0.01;
    o.momentum = 0.5;
    rmsprop_optimizer opt = make_rmsprop(q.params(), o);
    check_against_golden(q, opt, "rmsprop");
}

TEST_CASE("RMSProp adds eps after the square root", "[nn][07_optimizers]") {
    // One step from v = 0 with α = 0.75: v = 0.25 g², step = η g / (0.5|g| + ε). With g = 1e-8
    // and ε = 1e-8 that is η/1.5 — eps inside the root would give η·1e-8/√(0.25e-16 + 1e-8) ≈ 1e-4 η.
    vector x{0.0};
    vector grad{1e-8};
    rmsprop_options o;
    o.lr = 1.0;
    o.alpha = 0.75;
    o.eps = 1e-8;
    rmsprop_optimizer opt = make_rmsprop({make_parameter(x, grad)}, o);
    step(opt);
    LLMLINGS_CHECK_CLOSE(x(0), -1.0 / 1.5, (tolerance{1e-14, 0}));
}

TEST_CASE("Adam matches torch optim Adam with L2 weight decay", "[nn][07_optimizers]") {
    quadratic q;
    adam_options o;
    o.lr = 0.1;
    o.weight_decay = 0.01;
    adam_optimizer opt = make_adam(q.params(), o);
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
    adam_optimizer opt = make_adamw(q.params(), o);
    CHECK(opt.decoupled_weight_decay);
    check_against_golden(q, opt, "adamw");
}

TEST_CASE("the first Adam step moves every coordinate by lr whatever the gradient scale", "[nn][07_optimizers]") {
    // Bias correction: m̂ = g and √v̂ = |g| after one step, so Δ = −η g / (|g| + ε).
    vector x{1.0, 1.0, 1.0};
    vector grad{1e-3, -5.0, 1e4};
    adam_options o;
    o.lr = 0.01;
    o.eps = 1e-12;
    adam_optimizer opt = make_adam({make_parameter(x, grad)}, o);
    step(opt);
    // |g| ≥ 1e-3 ≫ ε = 1e-12: the deviation from η is below 1e-9 relative.
    LLMLINGS_CHECK_CLOSE(x, (vector{0.99, 1.01, 0.99}), (tolerance{1e-9, 0}));
}

TEST_CASE("AdamW on a zero gradient decays weights geometrically but Adam does not", "[nn][07_optimizers]") {
    // AdamW: θ_k = θ_0 (1 − ηλ)^k exactly, the gradient part being 0/(0 + ε) = 0.
    // Adam puts λθ into the gradient, which the normalisation turns into steps of about η.
    adam_options o;
    o.lr = 0.1;
    o.weight_decay = 0.5;
    vector w{2.0, -4.0};
    vector zero = xt::zeros<double>({2});
    adam_optimizer adamw = make_adamw({make_parameter(w, zero)}, o);
    vector a{2.0, -4.0};
    adam_optimizer adam = make_adam({make_parameter(a, zero)}, o);
    for (int k = 0; k < 5; ++k) {
        step(adamw);
        step(adam);
    }
    LLMLINGS_CHECK_CLOSE(w, (vector{2.0, -4.0} * std::pow(0.95, 5)), (tolerance{1e-14, 0}));
    // Adam: each step is about η·sign(θ), so both coordinates move by about 5η = 0.5 although
    // one is twice the other (m̂/√v̂ is 1 for a constant gradient; λθ drifts by < 5 % a step).
    LLMLINGS_CHECK_CLOSE(a, (vector{1.5, -3.5}), (tolerance{0, 0.02}));
}

TEST_CASE("changing options lr between steps takes effect", "[nn][07_optimizers]") {
    vector x{1.0};
    vector grad{1.0};
    sgd_optimizer opt = make_sgd({make_parameter(x, grad)}, sgd_options{0.1});
    step(opt);
    opt.options.lr = 0.01;
    step(opt);
    LLMLINGS_CHECK_CLOSE(x(0), 1.0 - 0.1 - 0.01, (tolerance{1e-15, 0}));
}

TEST_CASE("step and exponential schedules match torch", "[nn][07_optimizers]") {
    const golden_file g = golden_file::load(golden_path("nn/07_optimizers.txt"));
    // γ^k by pow vs PyTorch's repeated multiplication: a few ulps apart.
    const tolerance close{1e-14, 0};
    LLMLINGS_CHECK_CLOSE(rates([](std::size_t t) { return step_lr(0.1, t, 5, 0.5); }), g.array("lr_step"), close);
    LLMLINGS_CHECK_CLOSE(rates([](std::size_t t) { return exponential_lr(0.1, t, 0.9); }), g.array("lr_exponential"),
                         close);
    CHECK(step_lr(0.1, 12, 5, 0.5) == 0.025);
}

TEST_CASE("the cosine schedule matches torch and hits its endpoints", "[nn][07_optimizers]") {
    const golden_file g = golden_file::load(golden_path("nn/07_optimizers.txt"));
    // PyTorch updates the rate recursively from the previous one; the closed form agrees to
    // rounding accumulated over 19 steps.
    LLMLINGS_CHECK_CLOSE(rates([](std::size_t t) { return cosine_lr(0.1, t, 19, 0.001); }), g.array("lr_cosine"),
                         (tolerance{1e-12, 1e-15}));
    const tolerance exact{1e-15, 1e-17};
    LLMLINGS_CHECK_CLOSE(cosine_lr(0.1, 0, 10, 0.01), 0.1, exact);
    LLMLINGS_CHECK_CLOSE(cosine_lr(0.1, 5, 10, 0.01), 0.055, exact);  // halfway: the mean
    LLMLINGS_CHECK_CLOSE(cosine_lr(0.1, 10, 10, 0.01), 0.01, exact);
    LLMLINGS_CHECK_CLOSE(cosine_lr(0.1, 25, 10, 0.01), 0.01, exact);  // held after t_max
}

TEST_CASE("linear warm-up and warm-up then cosine match torch", "[nn][07_optimizers]") {
    const golden_file g = golden_file::load(golden_path("nn/07_optimizers.txt"));
    const tolerance close{1e-12, 1e-15};
    LLMLINGS_CHECK_CLOSE(rates([](std::size_t t) { return linear_warmup_lr(0.1, t, 5, 0.1); }), g.array("lr_warmup"),
                         close);
    LLMLINGS_CHECK_CLOSE(rates([](std::size_t t) { return warmup_cosine_lr(0.1, t, 5, 20, 0.001, 0.1); }),
                         g.array("lr_warmup_cosine"), close);
    LLMLINGS_CHECK_CLOSE(warmup_cosine_lr(0.1, 20, 5, 20, 0.001, 0.1), 0.001, (tolerance{1e-15, 0}));
}

TEST_CASE("optimizers reject invalid hyper-parameters", "[nn][07_optimizers]") {
    vector x{1.0};
    vector grad{1.0};
    const std::vector<parameter_ref> params{make_parameter(x, grad)};
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
    CHECK_THROWS_AS(make_adamw(params, bad_adam), llmlings::invalid_argument);
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
