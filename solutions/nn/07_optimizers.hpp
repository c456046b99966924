// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nn/07 — optimizers (SGD, momentum, Nesterov, RMSProp, Adam, AdamW) and learning-rate
 * schedules (step, exponential, cosine, linear warm-up, warm-up then cosine).
 *
 * Shapes: an optimizer updates every trainable tensor of a parameter_store
 * (include/llmlings/core/parameters.hpp), whatever their shapes: it walks the store's registry,
 * and each tensor is a range of the store's value and gradient buffers. Making an optimizer
 * freezes the registry, so no tensor can be added (or replaced) behind its back. State (momentum
 * buffers, moment estimates) is allocated once by make_*, one buffer per kind of state for all
 * the trainable elements; step() allocates nothing. Weight decay applies to the tensors of the
 * store's decay group (matrices, not biases, unless registered otherwise), as nanoGPT's
 * configure_optimizers does. The element type T is the store's: float for training, double for
 * checks; the per-step scalars (bias corrections) are computed in double as PyTorch does.
 *
 * The update formulas are PyTorch 1.13's torch.optim, term for term (SGD's dampening and first
 * momentum step, RMSprop's eps added after the square root, Adam's bias correction, AdamW's
 * decoupled decay), so that a model trained here and there takes the same steps. Schedules are
 * pure functions of the step index t = 0, 1, 2, …; set `opt.options.lr` from one before each step.
 *
 * References: Polyak (1964) and Sutskever et al. (2013) for momentum and Nesterov; Hinton's
 * Coursera lecture 6e for RMSProp; Kingma & Ba (2015), "Adam"; Loshchilov & Hutter (2019),
 * "Decoupled weight decay regularization" (AdamW) and (2017) "SGDR" (cosine annealing);
 * Goyal et al. (2017) for linear warm-up.
 *
 * Guide: @ref nn_07_optimizers (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NN_07_OPTIMIZERS_HPP
#define LLMLINGS_NN_07_OPTIMIZERS_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <utility>
#include <vector>

#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>

namespace llmlings {
namespace nn {

/// @ingroup nn
/// @brief Hyper-parameters of sgd (PyTorch's names and defaults, lr aside: PyTorch has none).
struct sgd_options {
    double lr = 0.01;           ///< learning rate η ≥ 0
    double momentum = 0.0;      ///< μ ≥ 0; 0 is plain SGD, 0.9 is the usual choice
    double dampening = 0.0;     ///< scales the new gradient in the buffer by (1 − dampening)
    double weight_decay = 0.0;  ///< λ ≥ 0, adds λ·θ to the gradient of the tensors in the decay group
    bool nesterov = false;      ///< Nesterov's look-ahead; needs momentum > 0 and dampening = 0
};

/// @ingroup nn
/// @brief Hyper-parameters of rmsprop (PyTorch's names and defaults; centred RMSProp is not included).
struct rmsprop_options {
    double lr = 0.01;           ///< learning rate η ≥ 0
    double alpha = 0.99;        ///< decay of the running mean of g², 0 ≤ α ≤ 1
    double eps = 1e-8;          ///< ε ≥ 0, added to √(mean g²), not inside the root
    double weight_decay = 0.0;  ///< λ ≥ 0, adds λ·θ to the gradient of the tensors in the decay group
    double momentum = 0.0;      ///< μ ≥ 0, momentum on the normalised step
};

/// @ingroup nn
/// @brief Hyper-parameters of adam (PyTorch's torch.optim.Adam defaults, betas split in two).
struct adam_options {
    double lr = 1e-3;           ///< learning rate η ≥ 0
    double beta1 = 0.9;         ///< decay of the first moment m, 0 ≤ β₁ < 1
    double beta2 = 0.999;       ///< decay of the second moment v, 0 ≤ β₂ < 1
    double eps = 1e-8;          ///< ε ≥ 0, added to √v̂
    double weight_decay = 0.0;  ///< λ ≥ 0, L2 added to the gradient of the tensors in the decay group
};

/// @ingroup nn
/// @brief Hyper-parameters of adamw (PyTorch's torch.optim.AdamW defaults: weight decay 0.01).
struct adamw_options {
    double lr = 1e-3;            ///< learning rate η ≥ 0
    double beta1 = 0.9;          ///< decay of the first moment m, 0 ≤ β₁ < 1
    double beta2 = 0.999;        ///< decay of the second moment v, 0 ≤ β₂ < 1
    double eps = 1e-8;           ///< ε ≥ 0, added to √v̂
    double weight_decay = 0.01;  ///< λ ≥ 0, decoupled decay θ ← (1 − ηλ)θ of the tensors in the decay group
};

/**
 * @ingroup nn
 * @brief Where one trainable tensor's optimizer state starts: the tensor's index in the store,
 * and its first element in the optimizer's state buffers.
 *
 * An optimizer keeps state (momentum, moments) only for the tensors that were trainable when it
 * was made, back to back in one buffer per kind of state, as the store keeps the values.
 */
struct state_slot {
    std::size_t tensor = 0;  ///< index in the store (parameter_store::info(tensor))
    std::size_t offset = 0;  ///< first element of this tensor's state
};

/**
 * @ingroup nn
 * @brief SGD with its store and state; build it with make_sgd(), advance it with step().
 * @tparam T float or double, the store's element type
 */
template <class T>
struct sgd_optimizer {
    parameter_store<T> params;       ///< the store it updates (a handle: shares the model's tensors)
    sgd_options options;             ///< may be changed between steps (options.lr by a schedule)
    std::vector<state_slot> slots;   ///< one per trainable tensor, in registration order
    std::vector<T> momentum_buffer;  ///< b for every trainable element (empty when momentum = 0)
    std::size_t steps = 0;           ///< steps taken so far
};

/**
 * @ingroup nn
 * @brief RMSProp with its store and state; build it with make_rmsprop().
 * @tparam T float or double
 */
template <class T>
struct rmsprop_optimizer {
    parameter_store<T> params;       ///< the store it updates
    rmsprop_options options;         ///< may be changed between steps
    std::vector<state_slot> slots;   ///< one per trainable tensor
    std::vector<T> square_avg;       ///< v, the running mean of g², for every trainable element
    std::vector<T> momentum_buffer;  ///< b (empty when momentum = 0)
    std::size_t steps = 0;           ///< steps taken so far
};

/**
 * @ingroup nn
 * @brief Adam or AdamW with its store and state; build it with make_adam() or make_adamw().
 * @tparam T float or double
 */
template <class T>
struct adam_optimizer {
    parameter_store<T> params;            ///< the store it updates
    adam_options options;                 ///< may be changed between steps
    bool decoupled_weight_decay = false;  ///< true for AdamW
    std::vector<state_slot> slots;        ///< one per trainable tensor
    std::vector<T> exp_avg;               ///< m, the running mean of g, for every trainable element
    std::vector<T> exp_avg_sq;            ///< v, the running mean of g², for every trainable element
    std::size_t steps = 0;                ///< steps taken so far (t in the bias correction)
};

namespace detail {

/// Throws invalid_argument unless `value` is finite and ≥ 0.
inline void check_non_negative(const char* function, const char* name, double value) {
    if (!(value >= 0.0) || !std::isfinite(value))
        throw invalid_argument(function, ::llmlings::detail::concat(name, " must be finite and >= 0, got ", value));
}

/// Throws invalid_argument unless 0 ≤ value < 1.
inline void check_unit_interval(const char* function, const char* name, double value) {
    if (!(value >= 0.0 && value < 1.0))
        throw invalid_argument(function, ::llmlings::detail::concat(name, " must be in [0, 1), got ", value));
}

/**
 * @brief Freezes the store and lays out the state of its trainable tensors: one slot each, back
 * to back. `total` receives the number of trainable elements (the length of each state buffer).
 */
template <class T>
std::vector<state_slot> plan_state(const char* function, parameter_store<T>& params, std::size_t& total) {
    if (params.count() == 0)
        throw invalid_argument(function, "the store holds no tensors: build the model before its optimizer");
    params.freeze();
    std::vector<state_slot> slots;
    total = 0;
    for (std::size_t k = 0; k < params.count(); ++k) {
        const parameter_info& info = params.info(k);
        if (!info.trainable) continue;
        slots.push_back({k, total});
        total += info.size;
    }
    return slots;
}

/// The registry entry of a slot's tensor, after checking that it is still trainable.
template <class T>
const parameter_info& slot_info(const char* function, const parameter_store<T>& params, const state_slot& slot) {
    const parameter_info& info = params.info(slot.tensor);
    if (!info.trainable)
        throw invalid_argument(
            function, ::llmlings::detail::concat("'", info.name,
                                                 "' was frozen after the optimizer was made; make the optimizer after "
                                                 "the last set_trainable()"));
    return info;
}

}  // namespace detail

/**
 * @ingroup nn
 * @brief Builds an SGD optimizer (with optional momentum, Nesterov and weight decay) over the
 * trainable tensors of `params`, and freezes the store's registry.
 *
 * @param params the model's store (a handle; the optimizer keeps a copy of it)
 * @param options the hyper-parameters
 * @return the optimizer, its momentum buffer allocated and zero
 * @throws invalid_argument when the store is empty, lr, momentum or weight_decay is negative or
 *         not finite, dampening is not finite, or nesterov is set without momentum > 0 and
 *         dampening = 0
 *
 * Complexity: O(trainable elements) to allocate. Example: `make_sgd(params, {0.1})` is
 * torch.optim.SGD(model.parameters(), lr=0.1).
 */
template <class T>
sgd_optimizer<T> make_sgd(parameter_store<T> params, const sgd_options& options) {
    detail::check_non_negative("make_sgd", "lr", options.lr);
    detail::check_non_negative("make_sgd", "momentum", options.momentum);
    detail::check_non_negative("make_sgd", "weight_decay", options.weight_decay);
    if (!std::isfinite(options.dampening))
        throw invalid_argument("make_sgd",
                               ::llmlings::detail::concat("dampening must be finite, got ", options.dampening));
    if (options.nesterov && (options.momentum <= 0.0 || options.dampening != 0.0))
        throw invalid_argument(
            "make_sgd", ::llmlings::detail::concat("nesterov needs momentum > 0 and dampening = 0, got momentum ",
                                                   options.momentum, " and dampening ", options.dampening));
    sgd_optimizer<T> opt;
    std::size_t total = 0;
    opt.slots = detail::plan_state("make_sgd", params, total);
    opt.params = params;
    opt.options = options;
    if (options.momentum != 0.0) opt.momentum_buffer.assign(total, T(0));
    return opt;
}

/**
 * @ingroup nn
 * @brief One SGD step on every trainable tensor (PyTorch's torch.optim.SGD).
 *
 * With g = ∇θ + λθ (λ for the tensors in the decay group, 0 for the others):
 * @f[ b_1 = g, \quad b_t = \mu b_{t-1} + (1 - \text{dampening})\, g \qquad
 *     d = \begin{cases} g + \mu b_t & \text{Nesterov} \\ b_t & \text{otherwise} \end{cases}
 *     \qquad \theta \leftarrow \theta - \eta\, d @f]
 * (d = g when μ = 0.) Momentum is a running sum of past gradients: directions that agree add up,
 * oscillating ones cancel. Nesterov uses the gradient at the look-ahead point, which this form
 * expresses without a second gradient evaluation.
 *
 * @param opt the optimizer; the store's values and the buffer are updated in place
 * @throws invalid_argument when a tensor was frozen after the optimizer was made; the message
 *         names the tensor and what to do: step: 'lora.weight' was frozen after the optimizer
 *         was made; make the optimizer after the last set_trainable()
 *
 * Complexity: O(trainable elements), no allocation. Example: on f = ½x² from x = 1 with lr 0.1,
 * one step gives 0.9.
 */
template <class T>
void step(sgd_optimizer<T>& opt) {
    const sgd_options& o = opt.options;
    const bool first = opt.steps == 0;
    const T lr = static_cast<T>(o.lr), momentum = static_cast<T>(o.momentum);
    const T keep = static_cast<T>(1.0 - o.dampening);
    for (const state_slot& slot : opt.slots) {
        const parameter_info& info = detail::slot_info("step", opt.params, slot);
        T* value = opt.params.values() + info.offset;
        const T* grad = opt.params.grads() + info.offset;
        const T decay = info.decay ? static_cast<T>(o.weight_decay) : T(0);
        if (o.momentum == 0.0) {  // plain SGD: a loop without branches, which the compiler vectorises
            for (std::size_t i = 0; i < info.size; ++i) value[i] -= lr * (grad[i] + decay * value[i]);
            continue;
        }
        T* buffer = opt.momentum_buffer.data() + slot.offset;
        for (std::size_t i = 0; i < info.size; ++i) {
            const T g = grad[i] + decay * value[i];
            T& b = buffer[i];
            b = first ? g : momentum * b + keep * g;
            value[i] -= lr * (o.nesterov ? g + momentum * b : b);
        }
    }
    ++opt.steps;
}

/**
 * @ingroup nn
 * @brief Builds an RMSProp optimizer over the trainable tensors of `params` and freezes the
 * store's registry.
 *
 * @param params the model's store
 * @param options the hyper-parameters
 * @return the optimizer, its running averages allocated and zero
 * @throws invalid_argument when the store is empty, lr, alpha, eps, weight_decay or momentum is
 *         negative or not finite, or alpha > 1
 *
 * Complexity: O(trainable elements) to allocate. Example: `make_rmsprop(params, {0.01})` is
 * torch.optim.RMSprop(model.parameters(), lr=0.01).
 */
template <class T>
rmsprop_optimizer<T> make_rmsprop(parameter_store<T> params, const rmsprop_options& options) {
    detail::check_non_negative("make_rmsprop", "lr", options.lr);
    detail::check_non_negative("make_rmsprop", "alpha", options.alpha);
    detail::check_non_negative("make_rmsprop", "eps", options.eps);
    detail::check_non_negative("make_rmsprop", "weight_decay", options.weight_decay);
    detail::check_non_negative("make_rmsprop", "momentum", options.momentum);
    if (options.alpha > 1.0)
        throw invalid_argument("make_rmsprop", ::llmlings::detail::concat("alpha must be <= 1, got ", options.alpha));
    rmsprop_optimizer<T> opt;
    std::size_t total = 0;
    opt.slots = detail::plan_state("make_rmsprop", params, total);
    opt.params = params;
    opt.options = options;
    opt.square_avg.assign(total, T(0));
    if (options.momentum > 0.0) opt.momentum_buffer.assign(total, T(0));
    return opt;
}

/**
 * @ingroup nn
 * @brief One RMSProp step on every trainable tensor (PyTorch's torch.optim.RMSprop, not centred).
 *
 * With g = ∇θ + λθ (λ for the decay group):
 * @f[ v \leftarrow \alpha v + (1-\alpha) g^2, \qquad
 *     s = \frac{g}{\sqrt{v} + \epsilon}, \qquad
 *     b \leftarrow \mu b + s, \qquad \theta \leftarrow \theta - \eta\, b @f]
 * (θ ← θ − η s when μ = 0). Dividing by the root-mean-square of recent gradients gives each
 * coordinate its own step size: steep, noisy directions get small steps, flat ones large steps.
 *
 * @param opt the optimizer; values and state are updated in place
 * @throws invalid_argument when a tensor was frozen after the optimizer was made; the message
 *         names the tensor and what to do: step: 'lora.weight' was frozen after the optimizer
 *         was made; make the optimizer after the last set_trainable()
 *
 * Complexity: O(trainable elements), no allocation. Example: from v = 0 with α = 0.99, the first
 * step is η·g/(0.1|g| + ε) ≈ 10η·sign(g).
 */
template <class T>
void step(rmsprop_optimizer<T>& opt) {
    const rmsprop_options& o = opt.options;
    const T lr = static_cast<T>(o.lr), alpha = static_cast<T>(o.alpha), eps = static_cast<T>(o.eps);
    const T momentum = static_cast<T>(o.momentum);
    for (const state_slot& slot : opt.slots) {
        const parameter_info& info = detail::slot_info("step", opt.params, slot);
        T* value = opt.params.values() + info.offset;
        const T* grad = opt.params.grads() + info.offset;
        T* v = opt.square_avg.data() + slot.offset;
        const T decay = info.decay ? static_cast<T>(o.weight_decay) : T(0);
        for (std::size_t i = 0; i < info.size; ++i) {
            const T g = grad[i] + decay * value[i];
            v[i] = alpha * v[i] + (T(1) - alpha) * g * g;
            const T scaled = g / (std::sqrt(v[i]) + eps);
            if (o.momentum > 0.0) {
                T& b = opt.momentum_buffer[slot.offset + i];
                b = momentum * b + scaled;
                value[i] -= lr * b;
            } else {
                value[i] -= lr * scaled;
            }
        }
    }
    ++opt.steps;
}

namespace detail {

/// Validates Adam's hyper-parameters and lays out its state.
template <class T>
adam_optimizer<T> make_adam_like(const char* function, parameter_store<T>& params, const adam_options& options,
                                 bool decoupled) {
    check_non_negative(function, "lr", options.lr);
    check_non_negative(function, "eps", options.eps);
    check_non_negative(function, "weight_decay", options.weight_decay);
    check_unit_interval(function, "beta1", options.beta1);
    check_unit_interval(function, "beta2", options.beta2);
    adam_optimizer<T> opt;
    std::size_t total = 0;
    opt.slots = plan_state(function, params, total);
    opt.params = params;
    opt.options = options;
    opt.decoupled_weight_decay = decoupled;
    opt.exp_avg.assign(total, T(0));
    opt.exp_avg_sq.assign(total, T(0));
    return opt;
}

}  // namespace detail

/**
 * @ingroup nn
 * @brief Builds an Adam optimizer (weight decay as an L2 term in the gradient) over the
 * trainable tensors of `params`, and freezes the store's registry.
 *
 * @param params the model's store
 * @param options the hyper-parameters
 * @return the optimizer, both moment estimates allocated and zero
 * @throws invalid_argument when the store is empty, lr, eps or weight_decay is negative or not
 *         finite, or a beta is outside [0, 1)
 *
 * Complexity: O(trainable elements) to allocate. Example: `make_adam(params, {})` is
 * torch.optim.Adam(model.parameters()) with its defaults.
 */
template <class T>
adam_optimizer<T> make_adam(parameter_store<T> params, const adam_options& options) {
    return detail::make_adam_like("make_adam", params, options, false);
}

/**
 * @ingroup nn
 * @brief Builds an AdamW optimizer (decoupled weight decay) over the trainable tensors of
 * `params`, and freezes the store's registry.
 *
 * The same state as make_adam(), with decoupled_weight_decay set: step() then shrinks θ by
 * (1 − ηλ) before the Adam update instead of adding λθ to the gradient. λ applies to the decay
 * group only (weight matrices, not biases: GPT-2's and nanoGPT's rule).
 *
 * @param params the model's store
 * @param options the hyper-parameters; the defaults are torch.optim.AdamW's (weight_decay 0.01)
 * @return the optimizer
 * @throws invalid_argument as make_adam()
 *
 * Complexity: O(trainable elements) to allocate. Example: `make_adamw(params, {})` is
 * torch.optim.AdamW with its defaults over the decay group and with weight_decay 0 over the rest.
 */
template <class T>
adam_optimizer<T> make_adamw(parameter_store<T> params, const adamw_options& options) {
    const adam_options same{options.lr, options.beta1, options.beta2, options.eps, options.weight_decay};
    return detail::make_adam_like("make_adamw", params, same, true);
}

/**
 * @ingroup nn
 * @brief One Adam (or AdamW) step on every trainable tensor (PyTorch's torch.optim.Adam / AdamW).
 *
 * With t the step number (1 on the first step) and g = ∇θ (+ λθ for Adam; λ for the decay group):
 * @f[ m \leftarrow \beta_1 m + (1-\beta_1) g, \qquad v \leftarrow \beta_2 v + (1-\beta_2) g^2 @f]
 * @f[ \theta \leftarrow \theta - \frac{\eta}{1-\beta_1^t}\,
 *     \frac{m}{\sqrt{v}/\sqrt{1-\beta_2^t} + \epsilon} @f]
 * AdamW first sets θ ← (1 − ηλ) θ and leaves λ out of g. m and v start at 0, so early on they
 * are biased towards 0 by the factors 1 − βᵗ; dividing by them removes the bias, and the first
 * step moves every coordinate by about η, whatever the scale of its gradient.
 *
 * @param opt the optimizer; values and state are updated in place
 * @throws invalid_argument when a tensor was frozen after the optimizer was made; the message
 *         names the tensor and what to do: step: 'lora.weight' was frozen after the optimizer
 *         was made; make the optimizer after the last set_trainable()
 *
 * Complexity: O(trainable elements), no allocation. Example: the first step from any θ with
 * gradient g ≠ 0 changes θ by −η·g/(|g| + ε) ≈ −η·sign(g).
 */
template <class T>
void step(adam_optimizer<T>& opt) {
    const adam_options& o = opt.options;
    ++opt.steps;
    const double t = static_cast<double>(opt.steps);
    // The per-step scalars in double, as PyTorch computes them in Python floats.
    const T bias_correction2_sqrt = static_cast<T>(std::sqrt(1.0 - std::pow(o.beta2, t)));
    const T step_size = static_cast<T>(o.lr / (1.0 - std::pow(o.beta1, t)));
    const T beta1 = static_cast<T>(o.beta1), beta2 = static_cast<T>(o.beta2), eps = static_cast<T>(o.eps);
    for (const state_slot& slot : opt.slots) {
        const parameter_info& info = detail::slot_info("step", opt.params, slot);
        T* value = opt.params.values() + info.offset;
        const T* grad = opt.params.grads() + info.offset;
        T* m = opt.exp_avg.data() + slot.offset;
        T* v = opt.exp_avg_sq.data() + slot.offset;
        const double decay = info.decay ? o.weight_decay : 0.0;
        const T l2 = opt.decoupled_weight_decay ? T(0) : static_cast<T>(decay);
        const T shrink = static_cast<T>(opt.decoupled_weight_decay ? 1.0 - o.lr * decay : 1.0);
        for (std::size_t i = 0; i < info.size; ++i) {
            value[i] *= shrink;  // AdamW's decoupled decay (shrink = 1 for Adam)
            const T g = grad[i] + l2 * value[i];
            m[i] = beta1 * m[i] + (T(1) - beta1) * g;
            v[i] = beta2 * v[i] + (T(1) - beta2) * g * g;
            const T denom = std::sqrt(v[i]) / bias_correction2_sqrt + eps;
            value[i] -= step_size * m[i] / denom;
        }
    }
}

namespace detail {

/// Throws invalid_argument unless the base learning rate is finite and ≥ 0.
inline void check_base_lr(const char* function, double base_lr) {
    check_non_negative(function, "base_lr", base_lr);
}

}  // namespace detail

/**
 * @ingroup nn
 * @brief Step decay: the rate is multiplied by γ every `step_size` steps (PyTorch's StepLR).
 *
 * @f[ \eta_t = \eta_0\, \gamma^{\lfloor t / \text{step\_size} \rfloor} @f]
 *
 * @param base_lr η₀ ≥ 0
 * @param t the step index, from 0
 * @param step_size steps between decays, > 0
 * @param gamma the factor γ, finite and ≥ 0
 * @return η_t
 * @throws invalid_argument when base_lr or gamma is negative or not finite, or step_size is 0
 *
 * Complexity: O(1). Example: `step_lr(0.1, 12, 5, 0.5)` → `0.025`.
 */
inline double step_lr(double base_lr, std::size_t t, std::size_t step_size, double gamma) {
    detail::check_base_lr("step_lr", base_lr);
    detail::check_non_negative("step_lr", "gamma", gamma);
    if (step_size == 0) throw invalid_argument("step_lr", "step_size must be > 0, got 0");
    return base_lr * std::pow(gamma, static_cast<double>(t / step_size));
}

/**
 * @ingroup nn
 * @brief Exponential decay: η_t = η₀ γᵗ (PyTorch's ExponentialLR).
 *
 * @param base_lr η₀ ≥ 0
 * @param t the step index, from 0
 * @param gamma the factor γ per step, finite and ≥ 0
 * @return η_t
 * @throws invalid_argument when base_lr or gamma is negative or not finite
 *
 * Complexity: O(1). Example: `exponential_lr(0.1, 2, 0.9)` → `0.081`.
 */
inline double exponential_lr(double base_lr, std::size_t t, double gamma) {
    detail::check_base_lr("exponential_lr", base_lr);
    detail::check_non_negative("exponential_lr", "gamma", gamma);
    return base_lr * std::pow(gamma, static_cast<double>(t));
}

/**
 * @ingroup nn
 * @brief Cosine annealing from η₀ down to η_min over t_max steps (PyTorch's CosineAnnealingLR).
 *
 * @f[ \eta_t = \eta_{\min} + \frac{\eta_0 - \eta_{\min}}{2}\left(1 + \cos\frac{\pi t}{T}\right),
 *     \quad 0 \le t \le T; \qquad \eta_t = \eta_{\min}, \quad t > T @f]
 * Slow decay at first, fastest in the middle, slow again near the end. After T the rate stays at
 * η_min (as in nanoGPT); PyTorch's scheduler would instead let the cosine rise again.
 *
 * @param base_lr η₀ ≥ 0
 * @param t the step index, from 0
 * @param t_max T > 0, the step at which η_min is reached
 * @param min_lr η_min, finite, 0 ≤ η_min ≤ η₀
 * @return η_t
 * @throws invalid_argument when t_max is 0 or min_lr is outside [0, base_lr]
 *
 * Complexity: O(1). Example: `cosine_lr(0.1, 5, 10, 0.0)` → `0.05`.
 */
inline double cosine_lr(double base_lr, std::size_t t, std::size_t t_max, double min_lr) {
    detail::check_base_lr("cosine_lr", base_lr);
    if (t_max == 0) throw invalid_argument("cosine_lr", "t_max must be > 0, got 0");
    if (!(min_lr >= 0.0 && min_lr <= base_lr))
        throw invalid_argument(
            "cosine_lr", ::llmlings::detail::concat("min_lr must be in [0, base_lr = ", base_lr, "], got ", min_lr));
    if (t >= t_max) return min_lr;
    const double pi = std::acos(-1.0);
    const double progress = static_cast<double>(t) / static_cast<double>(t_max);
    return min_lr + (base_lr - min_lr) * (1.0 + std::cos(pi * progress)) / 2.0;
}

/**
 * @ingroup nn
 * @brief Linear warm-up from start_factor·η₀ to η₀ over `warmup_steps`, then η₀ (PyTorch's
 * LinearLR with end_factor 1).
 *
 * @f[ \eta_t = \eta_0 \left(f + (1 - f)\,\frac{\min(t, W)}{W}\right) @f]
 * Early gradients of a freshly initialised network are large and Adam's second-moment estimate
 * rests on few samples; small first steps keep them from throwing the weights far off.
 *
 * @param base_lr η₀ ≥ 0
 * @param t the step index, from 0
 * @param warmup_steps W > 0
 * @param start_factor f in [0, 1], the fraction of η₀ at t = 0
 * @return η_t
 * @throws invalid_argument when warmup_steps is 0 or start_factor is outside [0, 1]
 *
 * Complexity: O(1). Example: `linear_warmup_lr(0.1, 1, 5, 0.1)` → `0.028`.
 */
inline double linear_warmup_lr(double base_lr, std::size_t t, std::size_t warmup_steps, double start_factor) {
    detail::check_base_lr("linear_warmup_lr", base_lr);
    if (warmup_steps == 0) throw invalid_argument("linear_warmup_lr", "warmup_steps must be > 0, got 0");
    if (!(start_factor >= 0.0 && start_factor <= 1.0))
        throw invalid_argument("linear_warmup_lr",
                               ::llmlings::detail::concat("start_factor must be in [0, 1], got ", start_factor));
    const double done = static_cast<double>(std::min(t, warmup_steps)) / static_cast<double>(warmup_steps);
    return base_lr * (start_factor + (1.0 - start_factor) * done);
}

/**
 * @ingroup nn
 * @brief Linear warm-up for W steps, then cosine annealing to η_min at step `total_steps`
 * (PyTorch's SequentialLR of LinearLR and CosineAnnealingLR; the schedule of GPT training).
 *
 * @f[ \eta_t = \begin{cases} \text{linear\_warmup\_lr}(\eta_0, t, W, f) & t < W \\
 *     \text{cosine\_lr}(\eta_0, t - W, T - W, \eta_{\min}) & t \ge W \end{cases} @f]
 *
 * @param base_lr η₀ ≥ 0, the peak rate, reached at t = W
 * @param t the step index, from 0
 * @param warmup_steps W > 0
 * @param total_steps T > W, where η_min is reached
 * @param min_lr η_min in [0, η₀]
 * @param start_factor f in [0, 1]
 * @return η_t
 * @throws invalid_argument when W is 0, T ≤ W, or min_lr or start_factor is out of range
 *
 * Complexity: O(1). Example: `warmup_cosine_lr(0.1, 5, 5, 20, 0.001, 0.1)` → `0.1`.
 */
inline double warmup_cosine_lr(double base_lr, std::size_t t, std::size_t warmup_steps, std::size_t total_steps,
                               double min_lr, double start_factor) {
    if (total_steps <= warmup_steps)
        throw invalid_argument("warmup_cosine_lr",
                               ::llmlings::detail::concat("total_steps must exceed warmup_steps, got ", total_steps,
                                                          " <= ", warmup_steps));
    if (t < warmup_steps) {
        // Validate the cosine part as well, so bad arguments fail at any t.
        cosine_lr(base_lr, 0, total_steps - warmup_steps, min_lr);
        return linear_warmup_lr(base_lr, t, warmup_steps, start_factor);
    }
    linear_warmup_lr(base_lr, 0, warmup_steps, start_factor);
    return cosine_lr(base_lr, t - warmup_steps, total_steps - warmup_steps, min_lr);
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_07_OPTIMIZERS_HPP
