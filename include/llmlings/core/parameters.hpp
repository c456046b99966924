// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The parameter store: every trainable tensor of a model in two contiguous buffers (values
 * and gradients) and a registry of named tensors, with views that cannot dangle.
 *
 * A model registers its tensors once, by name and shape, while it is built:
 *
 *     llmlings::parameter_store<float> params;
 *     auto fc1 = nn::make_dense(params, "fc1", 784, 128);   // fc1.weight (128,784), fc1.bias (128)
 *     auto fc2 = nn::make_dense(params, "fc2", 128, 10);
 *     auto opt = nn::make_adamw(params, {});                  // freezes the registry
 *     // each step: params.zero_grad(); forward; backward; nn::step(opt);
 *
 * Everything that walks "all the parameters" is then one loop over the store, in registration
 * order: zero_grad(), an optimizer step, gradient clipping, parameter counts, lookup by name, and
 * later the checkpoint writer, the data-parallel all-reduce (one call on grads()), LoRA's freezing
 * (set_trainable()) and quantised storage. This is llm.c's ParameterTensors (one allocation,
 * named slices) and PyTorch's `model.named_parameters()`.
 *
 * Why nothing can dangle:
 * - a parameter_store is a *handle*: copies share the same tensors (as a std::shared_ptr does),
 *   and every parameter<T> view also holds the shared state. Destroying or moving the store a
 *   layer was built in leaves the layer's views valid.
 * - a view keeps (state, index), not a pointer: it finds its elements on each access, so the
 *   buffers may grow while the model is being built.
 * - the registry freezes when an optimizer is made over the store (or on freeze()); registering
 *   after that throws, so an optimizer can never miss a tensor or step one that has moved. The
 *   sequence that was a use-after-free with raw pointers — make an optimizer, then replace a
 *   layer with a new one — now throws at the replacement.
 *
 * Raw pointers (data(), values(), grads()) are for kernels: take them once per call, after the
 * model is built. They stay valid while the store lives and no tensor is registered.
 *
 * T is float (training, as PyTorch does) or double (gradient checks, closed forms).
 */
#ifndef LLMLINGS_CORE_PARAMETERS_HPP
#define LLMLINGS_CORE_PARAMETERS_HPP

#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include <xtensor/xadapt.hpp>
#include <xtensor/xnoalias.hpp>

#include <llmlings/core/errors.hpp>
#include <llmlings/core/tensor.hpp>

namespace llmlings {

namespace detail {
/// The memory of a tensor_view: a pointer and a length, not owned (the allocator only names the
/// element type; it never allocates).
template <class T>
using view_buffer = xt::xbuffer_adaptor<T*, xt::no_ownership, std::allocator<std::remove_const_t<T>>>;
}  // namespace detail

/**
 * @ingroup core
 * @brief A tensor of rank N over memory owned elsewhere (a parameter, a workspace slice): reads
 * and writes go to that memory, nothing is copied. Works with xtensor expressions and xt::blas.
 *
 * Copying a view makes a second view of the same memory (as copying a pointer). Assigning *to* a
 * view writes elements, as assigning to a reference does: `a.grad<1>() = b.value<1>()` copies b's
 * values into a's gradient (the shapes must agree). (xtensor's own adaptor would instead re-point
 * the temporary on the left at b's memory and copy nothing.)
 */
template <class T, std::size_t N>
class tensor_view : public xt::xtensor_adaptor<detail::view_buffer<T>, N> {
public:
    /// The xtensor adaptor this view is.
    using base_type = xt::xtensor_adaptor<detail::view_buffer<T>, N>;
    using base_type::base_type;

    /// A second view of the same memory.
    tensor_view(const tensor_view&) = default;
    /// A second view of the same memory.
    tensor_view(tensor_view&&) noexcept = default;
    /// A read-only view of a writable view's memory: a `tensor_view<float, 2>` passes where a
    /// `const_tensor_view<float, 2>` (an input) is expected.
    template <class U, class = std::enable_if_t<std::is_same<T, const U>::value>>
    tensor_view(const tensor_view<U, N>& other)  // NOLINT(google-explicit-constructor): as T* → const T*
        : base_type(detail::view_buffer<T>(other.data(), other.size()), other.shape()) {}
    ~tensor_view() = default;

    /// Copies rhs's elements into this view's memory. @throws shape_error when the shapes differ
    tensor_view& operator=(const tensor_view& rhs) { return assign(static_cast<const base_type&>(rhs)); }
    /// Copies rhs's elements into this view's memory. @throws shape_error when the shapes differ
    tensor_view& operator=(tensor_view&& rhs) { return assign(static_cast<const base_type&>(rhs)); }
    /// Evaluates an expression into this view's memory. @throws shape_error when the shapes differ
    template <class E>
    tensor_view& operator=(const xt::xexpression<E>& e) {
        return assign(e.derived_cast());
    }

private:
    template <class E>
    tensor_view& assign(const E& e) {
        if (e.dimension() != N || !std::equal(e.shape().begin(), e.shape().end(), this->shape().begin()))
            throw shape_error("tensor_view::operator=",
                              detail::concat("cannot assign shape ", shape_str(e.shape()), " to a view of shape ",
                                             shape_str(this->shape())));
        xt::noalias(static_cast<base_type&>(*this)) = e;
        return *this;
    }
};

}  // namespace llmlings

namespace xt {
namespace detail {
/// llmlings::tensor_view is an xtensor expression: its base, the adaptor, is one.
template <class T, std::size_t N>
struct is_crtp_base_of_impl<xexpression, llmlings::tensor_view<T, N>> : std::true_type {};
}  // namespace detail
}  // namespace xt

namespace llmlings {

/**
 * @ingroup core
 * @brief A rank-N view of `size` elements at `data` with the given shape (row-major).
 *
 * @throws shape_error when the shape's product is not `size`
 *
 * Example: `view_of<2>(p, 6, {2, 3})(1, 0)` is `p[3]`.
 */
template <std::size_t N, class T>
tensor_view<T, N> view_of(T* data, std::size_t size, const std::array<std::size_t, N>& shape) {
    std::size_t product = 1;
    for (std::size_t d : shape) product *= d;
    if (product != size)
        throw shape_error("view_of", detail::concat("a view of ", size, " elements cannot have shape ",
                                                    shape_str(shape), " (", product, " elements)"));
    return tensor_view<T, N>(detail::view_buffer<T>(data, size), shape);
}

/// @ingroup core
/// @brief A matrix view (rows, cols) over memory owned elsewhere; T may be const for inputs.
template <class T>
using matrix_view = tensor_view<T, 2>;

/**
 * @ingroup core
 * @brief A view of no elements, shape (0, …, 0): passed as an output that is not wanted, such as
 * the dL/dx of a network's first layer, whose input is data (PyTorch skips it too when the input
 * does not require a gradient). `empty_view<float>()` is a matrix, `empty_view<float, 3>()` a
 * (B,T,C) tensor.
 */
template <class T, std::size_t N = 2>
tensor_view<T, N> empty_view() {
    return tensor_view<T, N>(detail::view_buffer<T>(nullptr, 0), std::array<std::size_t, N>{});
}

namespace detail {
/// T itself; `typename identity<T>::type` keeps a parameter from deducing T.
template <class T>
struct identity {
    using type = T;
};
}  // namespace detail

/**
 * @ingroup core
 * @brief A read-only view of rank N: the type of a pass's inputs.
 *
 * The element type is taken from the other arguments (the layer, the output), never from this
 * one, so a writable `tensor_view<T, N>` or `as_rows(x)` of a non-const tensor converts to it.
 */
template <class T, std::size_t N>
using const_tensor_view = tensor_view<const typename detail::identity<T>::type, N>;

/// @ingroup core
/// @brief A read-only matrix view (rows, cols): the type of a pass's matrix inputs.
template <class T>
using const_matrix_view = const_tensor_view<T, 2>;

/**
 * @ingroup core
 * @brief A tensor of any rank ≥ 1 seen as a matrix of rows: (d₀·…·d_{N−2}, d_{N−1}). No copy.
 *
 * This is how a layer that works on rows (a dense layer, a softmax, a loss) applies to a batch
 * of sequences (B,T,C): as (B·T, C). A vector (n) is one row (1, n). The element type of the view
 * follows the argument: a const tensor gives a read-only view.
 *
 * @param t a row-major, contiguous tensor (xt::xtensor, or a tensor_view)
 * @return the view (rows, last dimension)
 *
 * Complexity: O(rank). Example: for x of shape (4, 10, 32), `as_rows(x).shape()` is (40, 32) and
 * `as_rows(x)(11, 0)` is `x(1, 1, 0)`.
 */
template <class E>
auto as_rows(E& t) -> tensor_view<std::remove_pointer_t<decltype(t.data())>, 2> {
    using element = std::remove_pointer_t<decltype(t.data())>;
    const auto& shape = t.shape();
    std::size_t rows = 1;
    for (std::size_t k = 0; k + 1 < shape.size(); ++k) rows *= shape[k];
    const std::size_t cols = shape.size() == 0 ? 1 : shape[shape.size() - 1];
    return tensor_view<element, 2>(detail::view_buffer<element>(t.data(), rows * cols),
                                   std::array<std::size_t, 2>{rows, cols});
}

/**
 * @ingroup core
 * @brief A tensor seen as a view of the same rank and shape. No copy.
 *
 * How an owning tensor (xt::xtensor) is passed to a pass that takes views: a `tensor3_of<T>`
 * becomes a `tensor_view<T, 3>` (or a read-only one, for a const tensor).
 *
 * @param t a row-major, contiguous tensor of fixed rank (xt::xtensor, or a tensor_view)
 * @return the view, with t's shape
 *
 * Complexity: O(rank). Example: for x of shape (2, 3, 4), `as_view(x)(1, 2, 3)` is `x(1, 2, 3)`.
 */
template <class E>
auto as_view(E& t) -> tensor_view<std::remove_pointer_t<decltype(t.data())>,
                                  std::tuple_size<std::decay_t<decltype(t.shape())>>::value> {
    using element = std::remove_pointer_t<decltype(t.data())>;
    constexpr std::size_t rank = std::tuple_size<std::decay_t<decltype(t.shape())>>::value;
    std::array<std::size_t, rank> shape{};
    std::size_t size = 1;
    for (std::size_t k = 0; k < rank; ++k) size *= (shape[k] = t.shape()[k]);
    return tensor_view<element, rank>(detail::view_buffer<element>(t.data(), size), shape);
}

/**
 * @ingroup core
 * @brief Which tensors weight decay applies to.
 *
 * `automatic` follows GPT-2's and nanoGPT's rule: tensors of rank ≥ 2 (weight matrices,
 * convolution kernels, embeddings) decay; biases and normalisation gains (rank 1) do not.
 */
enum class weight_decay { automatic, apply, skip };

/// @ingroup core
/// @brief How a tensor is registered: trainable or frozen, and its weight-decay group.
struct parameter_options {
    bool trainable = true;                         ///< false: optimizers and clipping skip it
    weight_decay decay = weight_decay::automatic;  ///< its weight-decay group
};

/// @ingroup core
/// @brief What the registry knows about one tensor.
struct parameter_info {
    std::string name;                ///< e.g. "blocks.0.attn.qkv.weight", unique in its store
    std::vector<std::size_t> shape;  ///< e.g. {2304, 768}
    std::size_t offset = 0;          ///< its first element in values() and grads()
    std::size_t size = 0;            ///< its number of elements, the product of shape
    bool trainable = true;           ///< whether optimizers update it
    bool decay = true;               ///< whether weight decay applies to it
};

namespace detail {

/// The shared state behind a parameter_store and its views.
template <class T>
struct store_state {
    std::vector<T> values;                                ///< every tensor's elements, back to back
    std::vector<T> grads;                                 ///< dL/d(values), same layout
    std::vector<parameter_info> entries;                  ///< registration order
    std::unordered_map<std::string, std::size_t> lookup;  ///< name → index in entries
    bool frozen = false;                                  ///< no registration once true
};

}  // namespace detail

/**
 * @ingroup core
 * @brief One registered tensor of a parameter_store: a view of its values and its gradient.
 *
 * Cheap to copy (a shared pointer and an index). Copies refer to the same tensor. A view made by
 * default refers to nothing: its accessors throw invalid_argument.
 */
template <class T>
class parameter {
public:
    /// The element type, float or double.
    using value_type = T;

    /// A view that refers to no tensor (a layer not built yet).
    parameter() = default;

    /// Whether this view refers to a registered tensor.
    bool registered() const noexcept { return state_ != nullptr; }
    /// Its registered name. @throws invalid_argument when not registered
    const std::string& name() const { return info("parameter::name").name; }
    /// Its shape. @throws invalid_argument when not registered
    const std::vector<std::size_t>& shape() const { return info("parameter::shape").shape; }
    /// Its number of elements. @throws invalid_argument when not registered
    std::size_t size() const { return info("parameter::size").size; }
    /// Its rank (number of dimensions). @throws invalid_argument when not registered
    std::size_t dimension() const { return info("parameter::dimension").shape.size(); }
    /// Whether optimizers update it. @throws invalid_argument when not registered
    bool trainable() const { return info("parameter::trainable").trainable; }
    /// Whether weight decay applies to it. @throws invalid_argument when not registered
    bool decays() const { return info("parameter::decays").decay; }
    /// Its first element in the store's values() and grads(). @throws invalid_argument when not registered
    std::size_t offset() const { return info("parameter::offset").offset; }

    /// Its elements, row-major (valid while the store registers nothing new).
    /// @throws invalid_argument when not registered
    T* data() const {
        const std::size_t offset = info("parameter::data").offset;  // throws before touching state_
        return state_->values.data() + offset;
    }
    /// Its gradient's elements, same layout. @throws invalid_argument when not registered
    T* grad_data() const {
        const std::size_t offset = info("parameter::grad_data").offset;
        return state_->grads.data() + offset;
    }

    /**
     * @brief Its values as a rank-N tensor view, e.g. `layer.weight.value<2>()` for a matrix.
     * @throws invalid_argument when not registered
     * @throws shape_error when the tensor's rank is not N
     */
    template <std::size_t N>
    tensor_view<T, N> value() const {
        const parameter_info& entry = info("parameter::value");
        return view<N>("parameter::value", state_->values.data() + entry.offset);
    }
    /// Its gradient as a rank-N tensor view (see value()).
    template <std::size_t N>
    tensor_view<T, N> grad() const {
        const parameter_info& entry = info("parameter::grad");
        return view<N>("parameter::grad", state_->grads.data() + entry.offset);
    }

private:
    template <class>
    friend class parameter_store;

    parameter(std::shared_ptr<detail::store_state<T>> state, std::size_t index)
        : state_(std::move(state)), index_(index) {}

    const parameter_info& info(const char* function) const {
        if (state_ == nullptr)
            throw invalid_argument(function,
                                   "this parameter is not registered in a store (build the layer with its make_ "
                                   "function, which registers its tensors)");
        return state_->entries[index_];
    }

    template <std::size_t N>
    tensor_view<T, N> view(const char* function, T* data) const {
        const parameter_info& entry = info(function);
        if (entry.shape.size() != N)
            throw shape_error(function, detail::concat("'", entry.name, "' has rank ", entry.shape.size(), " (shape ",
                                                       shape_str(entry.shape), "), asked for rank ", N));
        std::array<std::size_t, N> shape{};
        std::copy(entry.shape.begin(), entry.shape.end(), shape.begin());
        return tensor_view<T, N>(detail::view_buffer<T>(data, entry.size), shape);
    }

    std::shared_ptr<detail::store_state<T>> state_;
    std::size_t index_ = 0;
};

/**
 * @ingroup core
 * @brief The parameters of one model: named tensors in two contiguous buffers, values and
 * gradients, in registration order.
 *
 * A handle: copies share the same tensors. Make one per model; build the layers with it; make the
 * optimizer over it (which freezes the registry); train.
 *
 * @tparam T float or double
 */
template <class T>
class parameter_store {
    static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value,
                  "parameter_store holds float or double");

public:
    /// The element type.
    using value_type = T;

    /// An empty store.
    parameter_store() : state_(std::make_shared<detail::store_state<T>>()) {}

    /**
     * @brief Registers a tensor of the given shape, its values and gradient zero.
     *
     * @param name unique in this store, e.g. "fc1.weight"
     * @param shape its dimensions, each ≥ 1 (an empty shape is a scalar)
     * @param options trainable or not, and its weight-decay group
     * @return a view of the new tensor
     * @throws invalid_argument when the name is empty or taken, a dimension is 0, the size
     *         overflows, or the store is frozen (an optimizer was made over it)
     *
     * Complexity: amortised O(size). The buffers may move; views and the store stay valid.
     */
    parameter<T> add(const std::string& name, const std::vector<std::size_t>& shape,
                     const parameter_options& options = {}) {
        detail::store_state<T>& s = *state_;
        if (s.frozen)
            throw invalid_argument("parameter_store::add",
                                   detail::concat("cannot register '", name,
                                                  "': the store is frozen (an optimizer was made over it, or freeze() "
                                                  "was called). Build every layer before making the optimizer"));
        if (name.empty()) throw invalid_argument("parameter_store::add", "the name is empty");
        if (s.lookup.count(name) != 0)
            throw invalid_argument("parameter_store::add",
                                   detail::concat("'", name, "' is already registered (every name is unique; give ",
                                                  "each layer its own prefix, e.g. \"fc1\" and \"fc2\")"));
        std::size_t size = 1;
        for (std::size_t d : shape) {
            if (d == 0)
                throw invalid_argument(
                    "parameter_store::add",
                    detail::concat("'", name, "' has shape ", shape_str(shape), ": every dimension must be >= 1"));
            if (size > std::numeric_limits<std::size_t>::max() / d)
                throw invalid_argument("parameter_store::add", detail::concat("'", name, "' has shape ",
                                                                              shape_str(shape), ": too many elements"));
            size *= d;
        }
        parameter_info entry;
        entry.name = name;
        entry.shape = shape;
        entry.offset = s.values.size();
        entry.size = size;
        entry.trainable = options.trainable;
        entry.decay =
            options.decay == weight_decay::automatic ? shape.size() >= 2 : options.decay == weight_decay::apply;
        s.values.resize(entry.offset + size, T(0));
        s.grads.resize(entry.offset + size, T(0));
        s.lookup.emplace(name, s.entries.size());
        s.entries.push_back(std::move(entry));
        return parameter<T>(state_, s.entries.size() - 1);
    }

    /// Number of registered tensors.
    std::size_t count() const noexcept { return state_->entries.size(); }
    /// Total number of elements (every tensor, trainable or not).
    std::size_t numel() const noexcept { return state_->values.size(); }
    /// Number of elements of the trainable tensors.
    std::size_t trainable_numel() const noexcept {
        std::size_t n = 0;
        for (const parameter_info& e : state_->entries)
            if (e.trainable) n += e.size;
        return n;
    }

    /// Whether a tensor of this name is registered.
    bool contains(const std::string& name) const { return state_->lookup.count(name) != 0; }

    /**
     * @brief The tensor of this name.
     * @throws invalid_argument when no tensor has that name (the message lists the names)
     */
    parameter<T> find(const std::string& name) const {
        const auto it = state_->lookup.find(name);
        if (it == state_->lookup.end()) {
            std::string names;
            for (const parameter_info& e : state_->entries) names += (names.empty() ? "" : ", ") + e.name;
            throw invalid_argument("parameter_store::find",
                                   detail::concat("no tensor is named '", name,
                                                  "'; registered: ", names.empty() ? std::string("none") : names));
        }
        return parameter<T>(state_, it->second);
    }

    /// The i-th registered tensor. @throws invalid_argument when i ≥ count()
    parameter<T> at(std::size_t i) const {
        if (i >= count())
            throw invalid_argument(
                "parameter_store::at",
                detail::concat("index ", i, " is out of range: the store has ", count(), " tensors"));
        return parameter<T>(state_, i);
    }

    /// What the registry holds about the i-th tensor. @throws invalid_argument when i ≥ count()
    const parameter_info& info(std::size_t i) const {
        if (i >= count())
            throw invalid_argument(
                "parameter_store::info",
                detail::concat("index ", i, " is out of range: the store has ", count(), " tensors"));
        return state_->entries[i];
    }

    /// Iterates the tensors in registration order; dereferencing gives a parameter<T>.
    class iterator {
    public:
        using value_type = parameter<T>;         ///< what dereferencing gives
        using difference_type = std::ptrdiff_t;  ///< distance between positions
        /// The view at this position.
        parameter<T> operator*() const { return parameter<T>(state_, i_); }
        /// Next position.
        iterator& operator++() {
            ++i_;
            return *this;
        }
        /// Same position.
        bool operator==(const iterator& o) const { return i_ == o.i_ && state_ == o.state_; }
        /// Different positions.
        bool operator!=(const iterator& o) const { return !(*this == o); }

    private:
        friend class parameter_store;
        iterator(std::shared_ptr<detail::store_state<T>> state, std::size_t i) : state_(std::move(state)), i_(i) {}
        std::shared_ptr<detail::store_state<T>> state_;
        std::size_t i_;
    };
    /// The first tensor.
    iterator begin() const { return iterator(state_, 0); }
    /// Past the last tensor.
    iterator end() const { return iterator(state_, count()); }

    /// Every value, all tensors back to back (offsets in parameter_info). Valid until the next add().
    T* values() noexcept { return state_->values.data(); }
    /// Every value, read-only.
    const T* values() const noexcept { return state_->values.data(); }
    /// Every gradient, same layout as values(): one buffer to all-reduce or clip.
    T* grads() noexcept { return state_->grads.data(); }
    /// Every gradient, read-only.
    const T* grads() const noexcept { return state_->grads.data(); }

    /// Sets every gradient to 0 (before each backward pass: backward passes accumulate).
    void zero_grad() noexcept { std::fill(state_->grads.begin(), state_->grads.end(), T(0)); }

    /// Closes the registry: add() throws from now on. Optimizers call it when they are made.
    void freeze() noexcept { state_->frozen = true; }
    /// Whether the registry is closed.
    bool frozen() const noexcept { return state_->frozen; }

    /**
     * @brief Marks every tensor whose name starts with `prefix` as trainable or frozen (LoRA
     * freezes the base model this way; "" matches every tensor).
     *
     * Make the optimizer after the last change: it sizes its state for the tensors that are
     * trainable when it is made.
     *
     * @return how many tensors matched
     * @throws invalid_argument when no tensor matches
     */
    std::size_t set_trainable(const std::string& prefix, bool trainable) {
        std::size_t matched = 0;
        for (parameter_info& e : state_->entries)
            if (e.name.compare(0, prefix.size(), prefix) == 0) {
                e.trainable = trainable;
                ++matched;
            }
        if (matched == 0)
            throw invalid_argument("parameter_store::set_trainable",
                                   detail::concat("no tensor name starts with '", prefix, "'"));
        return matched;
    }

    /// Whether two handles share the same tensors.
    bool same_as(const parameter_store& other) const noexcept { return state_ == other.state_; }

private:
    std::shared_ptr<detail::store_state<T>> state_;
};

}  // namespace llmlings

#endif  // LLMLINGS_CORE_PARAMETERS_HPP
