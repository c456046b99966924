// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The exceptions every llmlings function throws, and the helpers that build their messages.
 *
 * Every message has the same shape: `function: what was expected, what came in`, for example
 * `matmul: inner dimensions differ: (2,3) x (4,5)`. Catch `llmlings::error` to catch them all.
 */
#ifndef LLMLINGS_CORE_ERRORS_HPP
#define LLMLINGS_CORE_ERRORS_HPP

#include <cstddef>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace llmlings {

/**
 * @defgroup core core — errors, tensor aliases, checks
 * @brief The infrastructure every module uses.
 */

namespace detail {
/// Writes every argument with `operator<<` into one string.
template <class... Parts>
std::string concat(const Parts&... parts) {
    std::ostringstream out;
    (out << ... << parts);
    return out.str();
}
}  // namespace detail

/**
 * @ingroup core
 * @brief Base class of every exception llmlings throws.
 *
 * `what()` reads `function: message`; function() and message() give the two parts.
 */
class error : public std::runtime_error {
public:
    /// @param function the public function that rejected its input, e.g. `"matmul"`.
    /// @param message what was expected and what came in.
    error(std::string function, std::string message)
        : std::runtime_error(function + ": " + message), function_(std::move(function)), message_(std::move(message)) {}

    /// The name of the function that threw.
    const std::string& function() const noexcept { return function_; }
    /// The message without the function name.
    const std::string& message() const noexcept { return message_; }

private:
    std::string function_;
    std::string message_;
};

/// @ingroup core
/// @brief Operands whose shapes do not fit together (lengths, ranks, inner dimensions).
class shape_error : public error {
public:
    using error::error;
};

/// @ingroup core
/// @brief An argument outside its domain (negative step size, k larger than n, zero vector, …).
class invalid_argument : public error {
public:
    using error::error;
};

/// @ingroup core
/// @brief A numerical failure: a singular matrix, an iteration that did not converge.
class numerical_error : public error {
public:
    using error::error;
};

/// @ingroup core
/// @brief A file that is missing, unreadable or not in the expected format.
class io_error : public error {
public:
    using error::error;
};

/**
 * @ingroup core
 * @brief Thrown by an exercise stub that the learner has not written yet.
 *
 * The message names the topic, the file to edit, the command that runs the topic's tests and
 * the command that shows a hint.
 */
class not_implemented : public error {
public:
    /// @param topic the topic id, e.g. `"linalg/01_vectors"`.
    /// @param function the unwritten function, e.g. `"dot"`.
    not_implemented(const std::string& topic, const std::string& function)
        : error(function,
                detail::concat("not implemented yet (topic ", topic, ")\n", "    edit:  exercises/", topic,
                               topic.rfind("cuda/", 0) == 0 ? ".cuh\n" : ".hpp\n", "    test:  ./llmlings run ", topic,
                               "\n", "    hint:  ./llmlings hint ", topic)),
          topic_(topic) {}

    /// The topic id whose stub threw.
    const std::string& topic() const noexcept { return topic_; }

private:
    std::string topic_;
};

/**
 * @ingroup core
 * @brief The body of every exercise stub: throws not_implemented for `function` of `topic`.
 *
 * Example: `llmlings::todo("linalg/01_vectors", "dot");`
 */
[[noreturn]] inline void todo(const std::string& topic, const std::string& function) {
    throw not_implemented(topic, function);
}

/**
 * @ingroup core
 * @brief Writes a shape as `(2,3)`; works for any container of sizes (xtensor shapes, std::array).
 */
template <class Shape>
std::string shape_str(const Shape& shape) {
    std::ostringstream out;
    out << '(';
    bool first = true;
    for (auto extent : shape) {
        if (!first) out << ',';
        out << extent;
        first = false;
    }
    out << ')';
    return out.str();
}

}  // namespace llmlings

#endif  // LLMLINGS_CORE_ERRORS_HPP
