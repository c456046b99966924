// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief What the capstone programs share besides the library: timing, printf-style formatting,
 * their command-line numbers and their main(). Glue only: no algorithm lives here.
 */
#ifndef LLMLINGS_PROJECTS_PROJECT_HPP
#define LLMLINGS_PROJECTS_PROJECT_HPP

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>

#include <llmlings/core.hpp>

namespace llmlings {
namespace projects {

/// Seconds since `start` on the steady clock.
inline double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// printf into a std::string of any length.
template <class... Args>
std::string format(const char* fmt, Args... args) {
    const int n = std::snprintf(nullptr, 0, fmt, args...);
    if (n <= 0) return {};
    std::string out(static_cast<std::size_t>(n) + 1, '\0');
    std::snprintf(out.data(), out.size(), fmt, args...);
    out.resize(static_cast<std::size_t>(n));
    return out;
}

/// The value of option `name` as an integer ≥ 1; invalid_argument naming `program` otherwise.
inline std::size_t positive_argument(const char* program, const std::string& name, const char* text) {
    char* end = nullptr;
    const unsigned long long v = std::strtoull(text, &end, 10);
    if (end == text || *end != '\0' || v == 0 || *text == '-')
        throw invalid_argument(program, name + " expects a positive integer, got '" + text + "'");
    return static_cast<std::size_t>(v);
}

/// main() of a capstone: run(argc, argv), and an exception becomes "program: message" on
/// stderr (the message alone when it names the program already) and exit status 1.
template <class Run>
int run_main(const char* program, Run run, int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        const std::string message = e.what();
        if (message.rfind(program, 0) != 0) std::cerr << program << ": ";
        std::cerr << message << "\n";
        return 1;
    }
}

}  // namespace projects
}  // namespace llmlings

#endif  // LLMLINGS_PROJECTS_PROJECT_HPP
