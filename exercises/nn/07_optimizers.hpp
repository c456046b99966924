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
    todo("nn/07_optimizers", "check_non_negative");
}

/// Throws invalid_argument unless 0 ≤ value < 1.
inline void check_unit_interval(const char* function, const char* name, double value) {
    todo("nn/07_optimizers", "check_unit_interval");
}

/**
 * @brief Freezes the store and lays out the state of its trainable tensors: one slot each, back
 * to back. `total` receives the number of trainable elements (the length of each state buffer).
 */
template <class T>
std::vector<state_slot> plan_state(const char* function, parameter_store<T>& params, std::size_t& total) {
    todo("nn/07_optimizers", "plan_state");
}

/// The registry entry of a slot's tensor, after checking that it is still trainable.
template <class T>
const parameter_info& slot_info(const char* function, const parameter_store<T>& params, const state_slot& slot) {
    todo("nn/07_optimizers", "slot_info");
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
    todo("nn/07_optimizers", "make_sgd");
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
    todo("nn/07_optimizers", "step");
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
    todo("nn/07_optimizers", "make_rmsprop");
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
    todo("nn/07_optimizers", "step");
}

namespace detail {

/// Validates Adam's hyper-parameters and lays out its state.
template <class T>
adam_optimizer<T> make_adam_like(const char* function, parameter_store<T>& params, const adam_options& options,
                                 bool decoupled) {
    todo("nn/07_optimizers", "make_adam_like");
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
    todo("nn/07_optimizers", "make_adam");
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
    todo("nn/07_optimizers", "make_adamw");
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
    todo("nn/07_optimizers", "step");
}

namespace detail {

/// Throws invalid_argument unless the base learning rate is finite and ≥ 0.
inline void check_base_lr(const char* function, double base_lr) {
    todo("nn/07_optimizers", "check_base_lr");
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
    todo("nn/07_optimizers", "step_lr");
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
    todo("nn/07_optimizers", "exponential_lr");
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
    todo("nn/07_optimizers", "cosine_lr");
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
    todo("nn/07_optimizers", "linear_warmup_lr");
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
    todo("nn/07_optimizers", "warmup_cosine_lr");
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_07_OPTIMIZERS_HPP
