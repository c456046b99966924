// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Counts the heap allocations of a test program, to check that a training step allocates
 * nothing once its workspace exists.
 *
 * Including this header *replaces the global operator new and delete* of the program (the
 * standard allows one replacement per program), so include it in exactly one file of one test
 * program, and in no library code. The replacements forward to std::malloc and std::free, which
 * AddressSanitizer still watches.
 *
 * Example:
 * @code
 * train_step(model, batch);                        // the first step sizes the workspace
 * const std::size_t before = llmlings::testing::allocation_count();
 * train_step(model, batch);
 * CHECK(llmlings::testing::allocation_count() == before);
 * @endcode
 */
#ifndef LLMLINGS_TESTING_ALLOCATIONS_HPP
#define LLMLINGS_TESTING_ALLOCATIONS_HPP

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace llmlings {
namespace testing {
namespace detail {
/// The number of calls of the global operator new so far.
inline std::atomic<std::size_t> allocations{0};
}  // namespace detail

/// @ingroup testing
/// @brief How many times the program called the global operator new so far.
inline std::size_t allocation_count() noexcept {
    return detail::allocations.load();
}

}  // namespace testing
}  // namespace llmlings

/// Counting replacement of the global operator new (see the file comment).
void* operator new(std::size_t size) {
    ++llmlings::testing::detail::allocations;
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
/// Counting replacement of the global operator new[].
void* operator new[](std::size_t size) {
    ++llmlings::testing::detail::allocations;
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
/// Counting replacement of the non-throwing operator new (std::get_temporary_buffer, used by
/// std::stable_sort, allocates with it). Replaced too, so that every new of the program pairs with
/// the delete below: AddressSanitizer's own nothrow new would report a mismatch with std::free.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    ++llmlings::testing::detail::allocations;
    return std::malloc(size == 0 ? 1 : size);
}
/// Counting replacement of the non-throwing operator new[].
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
    ++llmlings::testing::detail::allocations;
    return std::malloc(size == 0 ? 1 : size);
}
/// The matching operator delete.
void operator delete(void* p) noexcept {
    std::free(p);
}
/// The matching operator delete[].
void operator delete[](void* p) noexcept {
    std::free(p);
}
/// The matching sized operator delete.
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
/// The matching sized operator delete[].
void operator delete[](void* p, std::size_t) noexcept {
    std::free(p);
}
/// The matching non-throwing operator delete.
void operator delete(void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}
/// The matching non-throwing operator delete[].
void operator delete[](void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}

#endif  // LLMLINGS_TESTING_ALLOCATIONS_HPP
