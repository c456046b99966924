// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nn/04 — scalar reverse-mode automatic differentiation: a micrograd-sized `value` graph.
 *
 * Every arithmetic operation on `value`s creates a new node that remembers its parents and the
 * local derivative of its output with respect to each parent (computed during the forward pass).
 * backward() visits the nodes in reverse topological order and applies the chain rule:
 * parent.grad += local · node.grad. It is a teaching engine for scalars, deliberately not a tensor
 * library; the later nn layers write their backward passes by hand and do not use it.
 *
 * Memory: nodes own their parents through shared_ptr and never their children, so the graph has
 * no cycles and is freed when the last `value` referring to its output goes away. Storing local
 * derivatives (numbers) instead of closures that capture the node avoids the classic
 * self-reference cycle of a `std::function` backward.
 *
 * Reference: Karpathy, micrograd (2020), `engine.py`; Baydin et al., "Automatic differentiation
 * in machine learning: a survey" (JMLR 2018).
 *
 * Guide: @ref nn_04_autograd (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NN_04_AUTOGRAD_HPP
#define LLMLINGS_NN_04_AUTOGRAD_HPP

#include <cmath>
#include <cstddef>
#include <memory>
#include <unordered_set>
#include <utility>
#include <vector>

#include <llmlings/core.hpp>

namespace llmlings {
namespace nn {
namespace autograd {

/**
 * @ingroup nn
 * @brief One node of the graph: its value, its gradient, its parents and ∂(this)/∂(parent).
 *
 * The destructor is given (it is not part of the exercise): freeing the last handle of a chain
 * x₁ → x₂ → … would otherwise destroy x₂'s parents from inside x₂'s destructor, and theirs from
 * inside that, one stack frame per node, and a chain of 10⁶ nodes overflows the stack. Instead
 * it moves the parents that only it owns onto a list and empties their parent lists in turn, so
 * every node dies with no parents left and the depth of recursion stays 1.
 */
struct node {
    double data = 0.0;                           ///< the forward value
    double grad = 0.0;                           ///< ∂(root)/∂(this), filled by backward()
    std::vector<std::shared_ptr<node>> parents;  ///< the inputs of the operation that made it
    std::vector<double> local_grads;             ///< ∂(this)/∂(parents[i]), one per parent
    const char* op = "";                         ///< the operation's name, for printing graphs

    /// Frees the ancestors that only this node keeps alive, with a loop instead of recursion.
    ~node() {
        std::vector<std::shared_ptr<node>> pending;
        pending.swap(parents);
        while (!pending.empty()) {
            std::shared_ptr<node> n = std::move(pending.back());
            pending.pop_back();
            if (n && n.use_count() == 1) {  // the last owner: take over its parents before it dies
                for (std::shared_ptr<node>& p : n->parents) pending.push_back(std::move(p));
                n->parents.clear();
            }
        }  // each n is destroyed here with an empty parents vector: no recursion
    }
};

/**
 * @ingroup nn
 * @brief A handle to a graph node. Copies share the node (like Python references in micrograd).
 *
 * Implicitly constructible from a double, so `x * 2.0 + 1.0` builds a graph with constant leaves.
 */
class value {
public:
    /// A leaf holding `data` (a parameter, an input or a constant), with gradient 0.
    value(double data = 0.0) : node_(std::make_shared<node>()) { node_->data = data; }
    /// Wraps an existing node (used by the operations).
    explicit value(std::shared_ptr<node> n) : node_(std::move(n)) {}

    /// The forward value.
    double data() const { return node_->data; }
    /// The gradient accumulated by backward().
    double grad() const { return node_->grad; }
    /// Overwrites the forward value of a leaf (a parameter update: w.set_data(w.data() - lr * w.grad())).
    void set_data(double data) { node_->data = data; }
    /// The shared node itself.
    const std::shared_ptr<node>& get() const { return node_; }

private:
    std::shared_ptr<node> node_;
};

namespace detail {

/**
 * @ingroup nn
 * @brief Makes the node of an operation: its forward value, its parents, and the local derivative
 * of its output with respect to each parent.
 */
inline value make_node(double data, std::vector<std::shared_ptr<node>> parents, std::vector<double> local_grads,
                       const char* op) {
    todo("nn/04_autograd", "make_node");
}

}  // namespace detail

/**
 * @ingroup nn
 * @brief a + b; ∂/∂a = 1, ∂/∂b = 1.
 *
 * @param a, b operands (a double converts to a constant leaf)
 * @return a new node; throws nothing
 *
 * Complexity: O(1). Example: `add(value(2), 3.0).data()` → `5`.
 */
inline value add(const value& a, const value& b) {
    todo("nn/04_autograd", "add");
}

/**
 * @ingroup nn
 * @brief a · b; ∂/∂a = b, ∂/∂b = a.
 *
 * Used twice on the same node (x · x) the two parents are the same node, so backward() adds both
 * contributions and d(x·x)/dx = 2x comes out.
 *
 * @param a, b operands
 * @return a new node; throws nothing
 *
 * Complexity: O(1). Example: `mul(value(2), value(-3)).data()` → `-6`.
 */
inline value mul(const value& a, const value& b) {
    todo("nn/04_autograd", "mul");
}

/**
 * @ingroup nn
 * @brief −a; ∂/∂a = −1.
 *
 * @param a operand
 * @return a new node; throws nothing
 *
 * Complexity: O(1). Example: `neg(value(2)).data()` → `-2`.
 */
inline value neg(const value& a) {
    todo("nn/04_autograd", "neg");
}

/**
 * @ingroup nn
 * @brief a − b; ∂/∂a = 1, ∂/∂b = −1.
 *
 * @param a, b operands
 * @return a new node; throws nothing
 *
 * Complexity: O(1). Example: `sub(value(2), 5.0).data()` → `-3`.
 */
inline value sub(const value& a, const value& b) {
    todo("nn/04_autograd", "sub");
}

/**
 * @ingroup nn
 * @brief a / b; ∂/∂a = 1/b, ∂/∂b = −a/b².
 *
 * @param a, b operands
 * @return a new node
 * @throws numerical_error when b is 0
 *
 * Complexity: O(1). Example: `div(value(1), 4.0).data()` → `0.25`.
 */
inline value div(const value& a, const value& b) {
    todo("nn/04_autograd", "div");
}

/**
 * @ingroup nn
 * @name Operators
 * The usual notation for add(), sub(), mul(), div() and neg(), given (one line each), so that
 * graphs read like formulas: `value d = a * b + pow(b, 3);`. `a += b` rebinds `a` to a new node
 * a + b; the old node stays in the graph, as in micrograd.
 * @{
 */
// Given: the operators are written for you, one line each.
/// a + b, see add().
inline value operator+(const value& a, const value& b) {
    return add(a, b);
}
/// a − b, see sub().
inline value operator-(const value& a, const value& b) {
    return sub(a, b);
}
/// a · b, see mul().
inline value operator*(const value& a, const value& b) {
    return mul(a, b);
}
/// a / b, see div().
inline value operator/(const value& a, const value& b) {
    return div(a, b);
}
/// −a, see neg().
inline value operator-(const value& a) {
    return neg(a);
}
/// a = a + b (a new node; `a` now refers to it).
inline value& operator+=(value& a, const value& b) {
    return a = add(a, b);
}
/// a = a − b.
inline value& operator-=(value& a, const value& b) {
    return a = sub(a, b);
}
/// a = a · b.
inline value& operator*=(value& a, const value& b) {
    return a = mul(a, b);
}
/// a = a / b.
inline value& operator/=(value& a, const value& b) {
    return a = div(a, b);
}
// End of the given code.
/** @} */

/**
 * @ingroup nn
 * @brief a raised to a constant power k; ∂/∂a = k a^(k−1).
 *
 * @param a the base
 * @param k the exponent, a plain number (it receives no gradient)
 * @return a new node; throws nothing (a negative base with a fractional k gives NaN, as std::pow)
 *
 * Complexity: O(1). Example: `pow(value(3), 2).data()` → `9`, gradient 6.
 */
inline value pow(const value& a, double k) {
    todo("nn/04_autograd", "pow");
}

/**
 * @ingroup nn
 * @brief e^a; its derivative is itself.
 *
 * @param a operand
 * @return a new node; throws nothing
 *
 * Complexity: O(1). Example: `exp(value(0)).data()` → `1`.
 */
inline value exp(const value& a) {
    todo("nn/04_autograd", "exp");
}

/**
 * @ingroup nn
 * @brief Natural logarithm; ∂/∂a = 1/a.
 *
 * @param a operand, positive
 * @return a new node
 * @throws numerical_error when a ≤ 0
 *
 * Complexity: O(1). Example: `log(value(1)).data()` → `0`, gradient 1.
 */
inline value log(const value& a) {
    todo("nn/04_autograd", "log");
}

/**
 * @ingroup nn
 * @brief tanh(a); ∂/∂a = 1 − tanh²(a).
 *
 * @param a operand
 * @return a new node; throws nothing
 *
 * Complexity: O(1). Example: `tanh(value(0)).data()` → `0`, gradient 1.
 */
inline value tanh(const value& a) {
    todo("nn/04_autograd", "tanh");
}

/**
 * @ingroup nn
 * @brief max(0, a); ∂/∂a = 1 for a > 0, else 0.
 *
 * @param a operand
 * @return a new node; throws nothing
 *
 * Complexity: O(1). Example: `relu(value(-2)).data()` → `0`.
 */
inline value relu(const value& a) {
    todo("nn/04_autograd", "relu");
}

/**
 * @ingroup nn
 * @brief The nodes of the graph that ends at `root`, every node after all of its parents.
 *
 * A depth-first search from the root, written with an explicit stack (no recursion, so deep
 * graphs cannot overflow the call stack); a node is emitted once all its parents have been, and
 * a node reached twice (a shared subexpression) is emitted once.
 *
 * @param root the output node
 * @return the nodes, leaves first, root last; throws nothing
 *
 * Complexity: O(nodes + edges). Example: for `c = a * b` → `{a, b, c}` (or `{b, a, c}`).
 */
inline std::vector<std::shared_ptr<node>> topological_order(const value& root) {
    todo("nn/04_autograd", "topological_order");
}

/**
 * @ingroup nn
 * @brief Backpropagation: accumulates ∂root/∂node into every node's grad.
 *
 First the gradients of the intermediate nodes (those with parents) are set to 0, so that they
 * hold this pass's values only; then root.grad += 1 (∂root/∂root), and for each node in reverse
 * topological order and each parent i:
 * @f[ \mathrm{parent}_i.\mathrm{grad} \mathrel{+}= \frac{\partial\,\mathrm{node}}{\partial\,\mathrm{parent}_i}\cdot \mathrm{node}.\mathrm{grad} @f]
 * The reverse order guarantees a node's grad is complete before it is passed on. The leaves
 * (parameters and inputs) accumulate, as in PyTorch: calling backward twice without
 * zero_grad() doubles their gradients.
 *
 * @param root the scalar output (usually a loss)
 * throws nothing
 *
 * Complexity: O(nodes + edges). Example: for `c = a * b` with a = 2, b = −3 → a.grad = −3, b.grad = 2.
 */
inline void backward(const value& root) {
    todo("nn/04_autograd", "backward");
}

/**
 * @ingroup nn
 * @brief Sets the gradient of every node of the graph ending at `root` to 0.
 *
 * @param root the output node
 * throws nothing
 *
 * Complexity: O(nodes + edges). Example: after backward(c) and zero_grad(c), a.grad() is 0.
 */
inline void zero_grad(const value& root) {
    todo("nn/04_autograd", "zero_grad");
}

}  // namespace autograd
}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_04_AUTOGRAD_HPP
