// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief A CPU simulator for CUDA kernels: the same kernel source that nvcc compiles for a GPU runs
 * here, thread by thread, with the rules a GPU does not check.
 *
 * Do not include this header directly: a kernel file includes <llmlings/cuda/runtime.hpp>, which
 * picks this simulator when the compiler is not nvcc and CUDA's runtime when it is.
 *
 * **How a launch runs.** `launch(kernel, grid, block)(args…)` runs the blocks one after another
 * (x fastest, then y, then z). The threads of a block are fibers (each has its own stack, all run
 * on the calling thread; on x86-64 a switch saves six registers, elsewhere POSIX ucontext, whose
 * switch is a system call): thread 0 runs until it reaches a barrier or returns,
 * then thread 1, and so on; when every thread waits at the same `__syncthreads()`, the barrier
 * opens and they run on. Warp operations (`__shfl_*_sync`, `__syncwarp`) wait the same way for
 * the lanes of their mask. Nothing runs concurrently, so the simulator's own results do not
 * depend on timing, and every check below is exact.
 *
 * **What it reports** (each a kernel_fault naming the thread and the block, thrown by the launch;
 * the launch stops at the first):
 * - an access outside a device buffer or a `__shared__` array (`y[1000]` of 1000 floats), and a
 *   null pointer;
 * - a read of memory that nothing wrote: a device buffer allocated without data, a `__shared__`
 *   array before a thread of this block wrote the element (shared memory starts as garbage);
 * - a data race: two threads touch one element, at least one of them writes, and nothing orders
 *   them — no `__syncthreads()` between them (same block), no `__syncwarp()` (same warp), or they
 *   are in different blocks (which never synchronise within a launch); atomics do not race with
 *   atomics;
 * - a barrier that not every thread of the block reaches: a thread returned while others wait, or
 *   threads wait at different `__syncthreads()`;
 * - a warp operation whose mask names a lane that does not wait there (it returned, waits
 *   elsewhere, or is not a thread of the block), or that a lane outside its mask calls;
 * - a launch configuration a GPU refuses (more than 1024 threads per block, an empty grid, …),
 *   as invalid_argument.
 *
 * **What it cannot see.** It checks what goes through its types: device memory is reached
 * through `dev_ptr<T>` (a checked pointer here, `T*` under nvcc) and `__shared__` memory is a
 * `shared_array<T, N…>` (a checked array here, `T[N]…` under nvcc); a raw pointer taken out of
 * them is not checked. Timing (coalescing, bank conflicts, occupancy) is the GPU's business: the
 * simulator checks correctness, the benchmarks measure speed.
 */
#ifndef LLMLINGS_CUDA_SIMULATOR_HPP
#define LLMLINGS_CUDA_SIMULATOR_HPP

#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <functional>
#include <limits>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <llmlings/core/errors.hpp>

#if defined(__SANITIZE_ADDRESS__)
#define LLMLINGS_CUDA_SIM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LLMLINGS_CUDA_SIM_ASAN 1
#endif
#endif
#ifdef LLMLINGS_CUDA_SIM_ASAN
#include <sanitizer/common_interface_defs.h>
#endif

/// A launch's extent in up to three dimensions, as CUDA's (unset dimensions are 1).
struct dim3 {
    unsigned x;  ///< the first extent
    unsigned y;  ///< the second
    unsigned z;  ///< the third
    /// dim3(n) is (n, 1, 1), as CUDA's.
    constexpr dim3(unsigned x_ = 1, unsigned y_ = 1, unsigned z_ = 1) : x(x_), y(y_), z(z_) {}
};

/// A thread's or a block's index, as CUDA's.
struct uint3 {
    unsigned x;  ///< the index along x
    unsigned y;  ///< along y
    unsigned z;  ///< along z
};

namespace llmlings {
namespace cuda {

using ::llmlings::detail::concat;

/**
 * @ingroup cuda
 * @brief A defect the simulator found in a kernel: an out-of-bounds or uninitialised access, a
 * data race, a barrier or warp operation not every thread reaches.
 *
 * what() reads `launch: <what happened>, by thread (x,y,z) of block (x,y,z) in the launch at
 * FILE:LINE`; thread() and block() give the thread that made the faulting access.
 */
class kernel_fault : public error {
public:
    /// message: what happened and who; thread, block: the faulting thread's indices.
    kernel_fault(std::string message, uint3 thread, uint3 block)
        : error("launch", std::move(message)), thread_(thread), block_(block) {}
    /// The thread that faulted (threadIdx).
    uint3 thread() const noexcept { return thread_; }
    /// Its block (blockIdx).
    uint3 block() const noexcept { return block_; }

private:
    uint3 thread_, block_;
};

namespace sim {

/// Threads per warp.
constexpr unsigned warp_size = 32;

/// Where a memory region lives, for the race rules and the messages.
enum class space { global, shared };

/// One recorded access of an element: which launch, block and thread, at which barrier epochs.
struct access {
    std::uint64_t launch = 0;      ///< the launch's number (0: no access)
    std::uint32_t block = 0;       ///< the block, numbered x fastest
    std::uint32_t thread = 0;      ///< the thread in its block, numbered x fastest
    std::uint32_t epoch = 0;       ///< the block's __syncthreads() passed before it
    std::uint32_t warp_epoch = 0;  ///< its warp's __syncwarp()s and barriers passed before it
    bool atomic = false;           ///< made by an atomic operation
};

/// What the simulator knows about one element of a region.
struct cell {
    access write;               ///< the last write
    access read;                ///< a read since the last write
    bool many_readers = false;  ///< more than one thread read it since `read` was recorded
    bool initialized = false;   ///< global memory: written by the host or a kernel
};

/// A checked memory region: a device buffer or a `__shared__` array.
struct region {
    std::string name;                  ///< as messages name it: the buffer's name, or "shared"
    space where = space::global;       ///< global or shared memory
    std::size_t count = 0;             ///< elements
    const char* type = "";             ///< the element type's name
    std::vector<std::size_t> extents;  ///< a shared array's dimensions (empty: one dimension)
    std::vector<cell> cells;           ///< one per element
};

namespace detail {

inline std::string str(uint3 v) {
    return concat("(", v.x, ",", v.y, ",", v.z, ")");
}
inline std::string str(dim3 v) {
    return concat("(", v.x, ",", v.y, ",", v.z, ")");
}

#if defined(__x86_64__) && !defined(LLMLINGS_CUDA_SIM_UCONTEXT)
#define LLMLINGS_CUDA_SIM_X86_64_SWITCH 1
/**
 * Saves the callee-saved registers (rbx, rbp, r12–r15), MXCSR and the x87 control word on the
 * running stack, stores the stack pointer in *from, loads `to` and restores the same from there:
 * a function call that returns on another stack. (The System V ABI leaves every other register
 * to the caller.) glibc's swapcontext also saves the signal mask, a system call per switch.
 */
__attribute__((naked, noinline)) inline void switch_stack(void** /*from*/, void* /*to*/) {
    asm volatile(
        "pushq %rbp\n\t"
        "pushq %rbx\n\t"
        "pushq %r12\n\t"
        "pushq %r13\n\t"
        "pushq %r14\n\t"
        "pushq %r15\n\t"
        "subq $8, %rsp\n\t"
        "stmxcsr (%rsp)\n\t"
        "fnstcw 4(%rsp)\n\t"
        "movq %rsp, (%rdi)\n\t"
        "movq %rsi, %rsp\n\t"
        "ldmxcsr (%rsp)\n\t"
        "fldcw 4(%rsp)\n\t"
        "addq $8, %rsp\n\t"
        "popq %r15\n\t"
        "popq %r14\n\t"
        "popq %r13\n\t"
        "popq %r12\n\t"
        "popq %rbx\n\t"
        "popq %rbp\n\t"
        "ret\n\t");
}
#endif

/// A fiber's stack: mmap'ed memory with a guard page below it, reused across launches.
struct stack {
    void* base = nullptr;
    std::size_t size = 0;
    stack() = default;
    explicit stack(std::size_t bytes) {
        const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
        size = bytes;
        void* p =
            mmap(nullptr, size + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED) throw std::bad_alloc();
        mprotect(p, page, PROT_NONE);
        base = static_cast<char*>(p) + page;
    }
    stack(const stack&) = delete;
    stack& operator=(const stack&) = delete;
    stack(stack&& o) noexcept : base(std::exchange(o.base, nullptr)), size(o.size) {}
    stack& operator=(stack&& o) noexcept {
        std::swap(base, o.base);
        std::swap(size, o.size);
        return *this;
    }
    ~stack() {
        if (base) munmap(static_cast<char*>(base) - sysconf(_SC_PAGESIZE), size + sysconf(_SC_PAGESIZE));
    }
};

#ifdef LLMLINGS_CUDA_SIM_ASAN
constexpr std::size_t stack_bytes = 1024 * 1024;  // AddressSanitizer's frames are larger
#else
constexpr std::size_t stack_bytes = 256 * 1024;
#endif

enum class state { ready, at_barrier, at_warp, done };

/// A warp operation a lane waits in.
struct warp_wait {
    unsigned mask = 0;
    const char* what = "";
    const char* file = "";
    int line = 0;
    unsigned source = 0;       ///< the lane whose value this lane receives
    std::uint64_t value = 0;   ///< this lane's value, as bits
    std::uint64_t result = 0;  ///< what it receives, once released
};

struct thread_state {
    uint3 idx{0, 0, 0};
    unsigned linear = 0;
#ifdef LLMLINGS_CUDA_SIM_X86_64_SWITCH
    void* sp = nullptr;  ///< the saved stack pointer while it does not run
#else
    ucontext_t context{};
#endif
    stack* stk = nullptr;
    state st = state::ready;
    const char* barrier_file = "";
    int barrier_line = 0;
    warp_wait warp;
#ifdef LLMLINGS_CUDA_SIM_ASAN
    void* fake_stack = nullptr;
#endif
};

/// Everything about the block that runs now.
struct launch_state {
    std::uint64_t id = 0;
    dim3 grid, block;
    uint3 block_idx{0, 0, 0};
    std::uint32_t block_linear = 0;
    std::uint32_t epoch = 0;                 ///< __syncthreads() passed by this block
    std::vector<std::uint32_t> warp_epochs;  ///< per warp: barriers and __syncwarp()s passed
    std::vector<thread_state> threads;
    thread_state* current = nullptr;
#ifdef LLMLINGS_CUDA_SIM_X86_64_SWITCH
    void* scheduler_sp = nullptr;
#else
    ucontext_t scheduler{};
#endif
    std::exception_ptr fault;
    const char* file = "";
    int line = 0;
    std::function<void()>* body = nullptr;
    /// Reads of shared memory no thread of the block had written yet: a fault unless a thread
    /// writes the element before the next barrier (then it is a race, reported by that write).
    struct unwritten_read {
        region* r;
        std::ptrdiff_t index;
        unsigned thread;
    };
    std::vector<unwritten_read> unwritten;
#ifdef LLMLINGS_CUDA_SIM_ASAN
    void* scheduler_fake_stack = nullptr;
    const void* scheduler_stack_bottom = nullptr;
    std::size_t scheduler_stack_size = 0;
#endif
};

inline launch_state*& active() {
    static thread_local launch_state* s = nullptr;
    return s;
}

inline std::uint64_t next_launch_id() {
    static thread_local std::uint64_t n = 0;
    return ++n;
}

inline std::vector<stack>& stack_pool() {
    static thread_local std::vector<stack> pool;
    return pool;
}

/// The thread that runs now; a device builtin called outside a kernel is a programming error.
inline launch_state& running(const char* what) {
    launch_state* s = active();
    if (!s || !s->current)
        throw invalid_argument(what, "called outside a kernel: device code runs inside launch(kernel, grid, block)(…)");
    return *s;
}

[[noreturn]] inline void fault(const std::string& message) {
    launch_state& s = *active();
    throw kernel_fault(concat(message, ", by thread ", str(s.current->idx), " of block ", str(s.block_idx),
                              " in the launch at ", s.file, ":", s.line),
                       s.current->idx, s.block_idx);
}

/// From the fiber of t to the scheduler, and back from the scheduler to a fiber.
inline void switch_to_scheduler(launch_state& s, thread_state& t) {
#ifdef LLMLINGS_CUDA_SIM_X86_64_SWITCH
    switch_stack(&t.sp, s.scheduler_sp);
#else
    swapcontext(&t.context, &s.scheduler);
#endif
}
inline void switch_to_fiber(launch_state& s, thread_state& t) {
#ifdef LLMLINGS_CUDA_SIM_X86_64_SWITCH
    switch_stack(&s.scheduler_sp, t.sp);
#else
    swapcontext(&s.scheduler, &t.context);
#endif
}

/// Switches from the running fiber to the scheduler; returns when the scheduler resumes it.
inline void yield_to_scheduler(bool dying = false) {
    launch_state& s = *active();
    thread_state& t = *s.current;
#ifdef LLMLINGS_CUDA_SIM_ASAN
    __sanitizer_start_switch_fiber(dying ? nullptr : &t.fake_stack, s.scheduler_stack_bottom, s.scheduler_stack_size);
    switch_to_scheduler(s, t);
    __sanitizer_finish_switch_fiber(t.fake_stack, nullptr, nullptr);
#else
    (void)dying;
    switch_to_scheduler(s, t);
#endif
}

/// The body of every fiber: runs the kernel for the current thread, keeps the first fault.
inline void fiber_entry() {
    launch_state& s = *active();
#ifdef LLMLINGS_CUDA_SIM_ASAN
    __sanitizer_finish_switch_fiber(nullptr, &s.scheduler_stack_bottom, &s.scheduler_stack_size);
#endif
    try {
        (*s.body)();
    } catch (...) {
        if (!s.fault) s.fault = std::current_exception();
    }
    s.current->st = state::done;
    yield_to_scheduler(true);
}

inline void resume(launch_state& s, thread_state& t) {
    s.current = &t;
#ifdef LLMLINGS_CUDA_SIM_ASAN
    __sanitizer_start_switch_fiber(&s.scheduler_fake_stack, t.stk->base, t.stk->size);
    switch_to_fiber(s, t);
    __sanitizer_finish_switch_fiber(s.scheduler_fake_stack, nullptr, nullptr);
#else
    switch_to_fiber(s, t);
#endif
    s.current = nullptr;
}

inline std::string lanes_text(const std::vector<unsigned>& ids) {
    std::ostringstream out;
    for (std::size_t k = 0; k < ids.size() && k < 4; ++k) out << (k ? ", " : "") << ids[k];
    if (ids.size() > 4) out << " and " << ids.size() - 4 << " more";
    return out.str();
}

inline std::string element(const region& r, std::ptrdiff_t i);

/// Faults for a read of shared memory that no thread wrote before the barrier or the block's end.
inline void report_unwritten(launch_state& s) {
    for (const launch_state::unwritten_read& u : s.unwritten) {
        const cell& c = u.r->cells[static_cast<std::size_t>(u.index)];
        if (c.write.launch == s.id && c.write.block == s.block_linear)
            continue;  // written later (a race, reported then)
        s.current = &s.threads[u.thread];
        fault(concat("read of ", element(*u.r, u.index),
                     ", which no thread of this block has written (shared memory starts as garbage)"));
    }
    s.unwritten.clear();
}

/// Called when every thread of the block waits or is done: opens a barrier or a warp operation,
/// or reports why none can open. Returns false when every thread is done.
inline bool release(launch_state& s) {
    const std::size_t n = s.threads.size();
    bool any_waiting = false;
    // Warp operations first: a lane waits for its mask.
    for (std::size_t w = 0; w * warp_size < n; ++w) {
        const std::size_t first = w * warp_size, last = std::min(n, first + warp_size);
        for (std::size_t i = first; i < last; ++i) {
            thread_state& t = s.threads[i];
            if (t.st != state::at_warp) continue;
            const unsigned mask = t.warp.mask;
            bool ready = true;
            for (unsigned lane = 0; lane < warp_size && ready; ++lane) {
                if (!(mask >> lane & 1u)) continue;
                const std::size_t j = first + lane;
                if (j >= n) {
                    s.current = &t;
                    fault(concat(t.warp.what, " at ", t.warp.file, ":", t.warp.line, " names lane ", lane,
                                 " in its mask 0x", std::hex, mask, std::dec, ", which is not a thread of this block (",
                                 n, " threads)"));
                }
                const thread_state& u = s.threads[j];
                if (u.st == state::ready)
                    ready = false;  // still running towards it
                else if (u.st != state::at_warp || u.warp.mask != mask || u.warp.line != t.warp.line ||
                         std::strcmp(u.warp.file, t.warp.file) != 0) {
                    s.current = &t;
                    fault(concat(t.warp.what, " at ", t.warp.file, ":", t.warp.line, " waits for lane ", lane,
                                 " (mask 0x", std::hex, mask, std::dec, "), which ",
                                 u.st == state::done ? std::string("returned without reaching it")
                                 : u.st == state::at_barrier
                                     ? concat("waits at __syncthreads() at ", u.barrier_file, ":", u.barrier_line)
                                     : concat("waits at ", u.warp.what, " at ", u.warp.file, ":", u.warp.line)));
                }
            }
            if (!ready) continue;
            // Every lane of the mask is here: exchange the values, open.
            for (unsigned lane = 0; lane < warp_size; ++lane) {
                if (!(mask >> lane & 1u)) continue;
                thread_state& u = s.threads[first + lane];
                const unsigned src = u.warp.source;
                const bool in_mask = src < warp_size && (mask >> src & 1u);
                u.warp.result = in_mask ? s.threads[first + src].warp.value : u.warp.value;
                u.st = state::ready;
            }
            if (std::strcmp(t.warp.what, "__syncwarp()") == 0) ++s.warp_epochs[w];
            return true;
        }
    }
    // Then the block's barrier: every thread at the same __syncthreads().
    const thread_state* first_waiting = nullptr;
    std::vector<unsigned> done, elsewhere;
    for (const thread_state& t : s.threads) {
        if (t.st == state::done) {
            done.push_back(t.linear);
        } else {
            any_waiting = true;
            if (t.st == state::at_barrier && !first_waiting) first_waiting = &t;
        }
    }
    if (!any_waiting) {
        report_unwritten(s);
        return false;
    }
    if (first_waiting) {
        for (const thread_state& t : s.threads)
            if (t.st != state::done && (t.st != state::at_barrier || t.barrier_line != first_waiting->barrier_line ||
                                        std::strcmp(t.barrier_file, first_waiting->barrier_file) != 0))
                elsewhere.push_back(t.linear);
        const std::string where =
            concat("__syncthreads() at ", first_waiting->barrier_file, ":", first_waiting->barrier_line);
        if (!done.empty()) {
            s.current = &s.threads[done.front()];
            fault(concat(
                "threads ", lanes_text(done), " returned without reaching ", where,
                ", where other threads of the block wait: a barrier must be reached by every thread of the block"));
        }
        if (elsewhere.empty()) {
            report_unwritten(s);
            ++s.epoch;
            for (std::uint32_t& e : s.warp_epochs) ++e;
            for (thread_state& t : s.threads) t.st = state::ready;
            return true;
        }
        const thread_state& other = s.threads[elsewhere.front()];
        s.current = const_cast<thread_state*>(&other);
        fault(concat("threads wait at different barriers: ", where, " and ",
                     other.st == state::at_barrier
                         ? concat("__syncthreads() at ", other.barrier_file, ":", other.barrier_line)
                         : concat(other.warp.what, " at ", other.warp.file, ":", other.warp.line),
                     " (threads ", lanes_text(elsewhere), "); every thread of the block must reach the same one"));
    }
    // Only warp operations wait, and none can open.
    for (thread_state& t : s.threads)
        if (t.st == state::at_warp) {
            s.current = &t;
            fault(concat(t.warp.what, " at ", t.warp.file, ":", t.warp.line, " never opens: a lane of its mask 0x",
                         std::hex, t.warp.mask, std::dec, " never reaches it"));
        }
    return false;
}

/// Sets t up so that the first switch to it calls entry() on its own stack.
inline void make_fiber(thread_state& t, void (*entry)()) {
#ifdef LLMLINGS_CUDA_SIM_X86_64_SWITCH
    // The frame switch_stack() pops: MXCSR and the x87 control word (as they are now), six
    // registers, then entry as the return address, above it a null one (entry never returns).
    // The top is 16-byte aligned, so entry starts with rsp ≡ 8 (mod 16), as after a call.
    auto top = reinterpret_cast<std::uintptr_t>(t.stk->base) + t.stk->size;
    top &= ~std::uintptr_t(15);
    auto* frame = reinterpret_cast<std::uint64_t*>(top) - 9;
    std::uint32_t control[2];
    asm volatile("stmxcsr %0\n\tfnstcw %1" : "=m"(control[0]), "=m"(control[1]));
    std::memcpy(&frame[0], control, sizeof control);
    for (int r = 1; r <= 6; ++r) frame[r] = 0;
    frame[7] = reinterpret_cast<std::uint64_t>(entry);
    frame[8] = 0;
    t.sp = frame;
#else
    getcontext(&t.context);
    t.context.uc_stack.ss_sp = t.stk->base;
    t.context.uc_stack.ss_size = t.stk->size;
    t.context.uc_link = nullptr;
    makecontext(&t.context, entry, 0);
#endif
}

/// Runs one block: a fiber per thread, resumed in order until every one is done.
inline void run_block(launch_state& s) {
    std::vector<stack>& pool = stack_pool();
    const std::size_t n = s.threads.size();
    while (pool.size() < n) pool.emplace_back(stack_bytes);
    s.epoch = 0;
    s.unwritten.clear();
    std::fill(s.warp_epochs.begin(), s.warp_epochs.end(), 0);
    for (std::size_t i = 0; i < n; ++i) {
        thread_state& t = s.threads[i];
        t.st = state::ready;
        t.stk = &pool[i];
        make_fiber(t, &fiber_entry);
    }
    for (;;) {
        for (thread_state& t : s.threads) {
            if (t.st != state::ready) continue;
            resume(s, t);
            if (s.fault) return;
        }
        try {
            if (!release(s)) return;
        } catch (...) {
            s.fault = std::current_exception();
            return;
        }
    }
}

// ---- memory checks ----------------------------------------------------------------------------

/// Whether access `a` is ordered before the running thread's access (or is its own).
inline bool ordered(const access& a, const launch_state& s, space where) {
    if (a.launch != s.id) return true;                             // an earlier launch: launches run one after another
    if (a.block != s.block_linear) return where == space::shared;  // shared: another block's copy
    const unsigned me = s.current->linear;
    if (a.thread == me) return true;
    if (a.epoch != s.epoch) return true;  // a __syncthreads() between
    return a.thread / warp_size == me / warp_size && a.warp_epoch != s.warp_epochs[me / warp_size];
}

inline access now(const launch_state& s, bool atomic) {
    access a;
    a.launch = s.id;
    a.block = s.block_linear;
    a.thread = s.current->linear;
    a.epoch = s.epoch;
    a.warp_epoch = s.warp_epochs[s.current->linear / warp_size];
    a.atomic = atomic;
    return a;
}

inline std::string who(const access& a, const launch_state& s) {
    const unsigned bx = s.block.x, by = s.block.y;
    const uint3 t{a.thread % bx, a.thread / bx % by, a.thread / (bx * by)};
    if (a.block == s.block_linear) return concat("thread ", str(t), " of this block");
    const unsigned gx = s.grid.x, gy = s.grid.y;
    const uint3 b{a.block % gx, a.block / gx % gy, a.block / (gx * gy)};
    return concat("thread ", str(t), " of block ", str(b));
}

/// `name[i]`, or `name[i][j]…` for an element of a shared array of several dimensions.
inline std::string element(const region& r, std::ptrdiff_t i) {
    if (r.extents.size() < 2 || i < 0) return concat(r.name, "[", i, "]");
    std::string out = r.name;
    std::size_t stride = r.count;
    for (std::size_t e : r.extents) {
        stride /= e;
        out += concat("[", static_cast<std::size_t>(i) / stride % e, "]");
    }
    return out;
}

/// The name of an element type in messages.
template <class T>
const char* type_name() {
    using U = std::remove_cv_t<T>;
    if (std::is_same<U, float>::value) return "float";
    if (std::is_same<U, double>::value) return "double";
    if (std::is_same<U, int>::value) return "int";
    if (std::is_same<U, unsigned>::value) return "unsigned";
    if (std::is_same<U, std::int8_t>::value) return "int8";
    if (std::is_same<U, std::uint8_t>::value) return "uint8";
    return "element";
}

inline void check_index(const region* r, std::ptrdiff_t i, bool write) {
    if (!r) fault(concat(write ? "a write" : "a read", " through a null device pointer"));
    if (i < 0 || static_cast<std::size_t>(i) >= r->count)
        fault(concat("out-of-bounds ", write ? "write" : "read", " of ", element(*r, i), ": ", r->name, " has ",
                     r->count, " ", r->type, r->count == 1 ? "" : "s", " (indices 0 to ",
                     static_cast<std::ptrdiff_t>(r->count) - 1, ")"));
}

/// Checks and records a read of element i of r by the running thread.
inline void on_read(region* rp, std::ptrdiff_t i, bool atomic = false) {
    launch_state& s = running("a device memory read");
    check_index(rp, i, false);
    region& r = *rp;
    cell& c = r.cells[static_cast<std::size_t>(i)];
    const bool shared = r.where == space::shared;
    const bool written_here = c.write.launch == s.id && c.write.block == s.block_linear;
    if (shared && !written_here) s.unwritten.push_back({&r, i, s.current->linear});
    if (!shared && !c.initialized)
        fault(concat("read of ", element(r, i), ", which nothing has written (a buffer allocated without data)"));
    if (!ordered(c.write, s, r.where) && !(atomic && c.write.atomic))
        fault(concat("data race: read of ", element(r, i), ", which ", who(c.write, s), " wrote ",
                     c.write.block == s.block_linear ? "with no __syncthreads() in between"
                                                     : "(blocks never synchronise within a launch)"));
    if (ordered(c.read, s, r.where)) {
        c.read = now(s, atomic);
        c.many_readers = false;
    } else if (c.read.thread != s.current->linear || c.read.block != s.block_linear) {
        c.many_readers = true;
    }
}

/// Checks and records a write of element i of r by the running thread.
inline void on_write(region* rp, std::ptrdiff_t i, bool atomic = false) {
    launch_state& s = running("a device memory write");
    check_index(rp, i, true);
    region& r = *rp;
    cell& c = r.cells[static_cast<std::size_t>(i)];
    if (!ordered(c.write, s, r.where) && !(atomic && c.write.atomic))
        fault(concat("data race: write of ", element(r, i), ", which ", who(c.write, s), " also wrote ",
                     c.write.block == s.block_linear ? "with no __syncthreads() in between"
                                                     : "(blocks never synchronise within a launch)"));
    const bool read_by_other = !ordered(c.read, s, r.where) &&
                               (c.many_readers || c.read.thread != s.current->linear || c.read.block != s.block_linear);
    if (read_by_other && !(atomic && c.read.atomic))
        fault(concat("data race: write of ", element(r, i), ", which ", who(c.read, s), " read ",
                     c.read.block == s.block_linear
                         ? "with no __syncthreads() in between (it may read the old or the new value)"
                         : "(blocks never synchronise within a launch)"));
    c.write = now(s, atomic);
    c.initialized = true;
}

}  // namespace detail

/// Runs `body` as every thread of every block of a launch; throws the first fault.
inline void run(dim3 grid, dim3 block, const char* file, int line, std::function<void()> body) {
    auto positive = [](dim3 d) { return d.x > 0 && d.y > 0 && d.z > 0; };
    if (!positive(grid) || !positive(block))
        throw invalid_argument(
            "launch",
            concat("every dimension of the grid and the block must be at least 1, got grid ", detail::str(grid),
                   " and block ", detail::str(block), " (launch at ", file, ":", line, ")"));
    const unsigned long long threads = 1ull * block.x * block.y * block.z;
    if (threads > 1024 || block.z > 64)
        throw invalid_argument("launch",
                               concat("a block has at most 1024 threads and block.z at most 64 (CUDA's limits), got ",
                                      detail::str(block), " (launch at ", file, ":", line, ")"));
    if (grid.x > 2147483647u || grid.y > 65535 || grid.z > 65535)
        throw invalid_argument("launch", concat("the grid is at most (2147483647,65535,65535) blocks, got ",
                                                detail::str(grid), " (launch at ", file, ":", line, ")"));
    if (detail::active())
        throw invalid_argument("launch",
                               concat("a kernel cannot launch a kernel here (launch at ", file, ":", line, ")"));

    detail::launch_state s;
    s.id = detail::next_launch_id();
    s.grid = grid;
    s.block = block;
    s.file = file;
    s.line = line;
    s.body = &body;
    s.threads.resize(threads);
    s.warp_epochs.assign((threads + warp_size - 1) / warp_size, 0);
    for (unsigned z = 0, k = 0; z < block.z; ++z)
        for (unsigned y = 0; y < block.y; ++y)
            for (unsigned x = 0; x < block.x; ++x, ++k) {
                s.threads[k].idx = uint3{x, y, z};
                s.threads[k].linear = k;
            }
    struct activate {
        detail::launch_state* s;
        explicit activate(detail::launch_state* p) : s(p) { detail::active() = p; }
        ~activate() { detail::active() = nullptr; }
    } guard(&s);
    std::uint32_t linear = 0;
    for (unsigned z = 0; z < grid.z; ++z)
        for (unsigned y = 0; y < grid.y; ++y)
            for (unsigned x = 0; x < grid.x; ++x, ++linear) {
                s.block_idx = uint3{x, y, z};
                s.block_linear = linear;
                detail::run_block(s);
                if (s.fault) std::rethrow_exception(s.fault);
            }
}

}  // namespace sim

// ---- device memory --------------------------------------------------------------------------

template <class T>
class dev_ptr;

/// A reference to one element of checked device memory: reading it and writing it are checked.
template <class T>
class dev_ref {
public:
    /// The element at p, index i of region r.
    dev_ref(T* p, sim::region* r, std::ptrdiff_t i) : p_(p), r_(r), i_(i) {}
    /// A read of the element.
    operator T() const {
        sim::detail::on_read(r_, i_);
        return *p_;
    }
    /// A write of the element.
    dev_ref& operator=(T v) {
        sim::detail::on_write(r_, i_);
        *p_ = v;
        return *this;
    }
    /// A read of o and a write of this element.
    dev_ref& operator=(const dev_ref& o) { return *this = static_cast<T>(o); }
    /// A read, then a write (not atomic: use atomicAdd where threads share the element).
    dev_ref& operator+=(T v) { return *this = static_cast<T>(*this) + v; }
    /// A read, then a write.
    dev_ref& operator-=(T v) { return *this = static_cast<T>(*this) - v; }
    /// A read, then a write.
    dev_ref& operator*=(T v) { return *this = static_cast<T>(*this) * v; }
    /// A read, then a write.
    dev_ref& operator/=(T v) { return *this = static_cast<T>(*this) / v; }
    /// `&a[i]`: a pointer to the element (for atomics and pointer arithmetic).
    dev_ptr<T> operator&() const { return dev_ptr<T>(p_ - i_, r_, i_); }

private:
    T* p_;
    sim::region* r_;
    std::ptrdiff_t i_;
};

/**
 * @ingroup cuda
 * @brief A pointer into device memory: `T*` under nvcc; here a checked pointer (its region and
 * offset), so that every access is bounds-, initialisation- and race-checked.
 *
 * It does what a kernel does with a pointer: `p[i]`, `*p`, `p + k`, `p - q`, comparisons; a
 * `dev_ptr<T>` converts to `dev_ptr<const T>`. Reading through a `dev_ptr<const T>` gives the
 * value; through a `dev_ptr<T>` it gives a dev_ref, which reads on conversion and writes on
 * assignment (read it into a local `float v = x[i];` where a template needs a plain value).
 */
template <class T>
class dev_ptr {
    using value = std::remove_const_t<T>;

public:
    /// A null pointer.
    dev_ptr() = default;
    /// A null pointer.
    dev_ptr(std::nullptr_t) {}
    /// base: the region's first element; offset: where this pointer points.
    dev_ptr(T* base, sim::region* r, std::ptrdiff_t offset) : base_(base), r_(r), off_(offset) {}
    /// dev_ptr<float> to dev_ptr<const float>, as float* to const float*.
    template <class U, class = std::enable_if_t<std::is_same<const U, T>::value && !std::is_same<U, T>::value>>
    dev_ptr(const dev_ptr<U>& o) : base_(o.base_), r_(o.r_), off_(o.off_) {}

    /// Element i: a value for `const T`, a checked reference otherwise.
    std::conditional_t<std::is_const<T>::value, value, dev_ref<value>> operator[](std::ptrdiff_t i) const {
        return at(off_ + i);
    }
    /// The element pointed to: p[0].
    std::conditional_t<std::is_const<T>::value, value, dev_ref<value>> operator*() const { return at(off_); }

    /// k elements further.
    dev_ptr operator+(std::ptrdiff_t k) const { return dev_ptr(base_, r_, off_ + k); }
    /// k elements back.
    dev_ptr operator-(std::ptrdiff_t k) const { return dev_ptr(base_, r_, off_ - k); }
    /// The distance in elements to o (of the same buffer).
    std::ptrdiff_t operator-(const dev_ptr& o) const { return off_ - o.off_; }
    /// Moves k elements further.
    dev_ptr& operator+=(std::ptrdiff_t k) {
        off_ += k;
        return *this;
    }
    /// Moves k elements back.
    dev_ptr& operator-=(std::ptrdiff_t k) {
        off_ -= k;
        return *this;
    }
    /// One element further.
    dev_ptr& operator++() { return *this += 1; }
    /// One element back.
    dev_ptr& operator--() { return *this -= 1; }
    /// The same element of the same buffer.
    bool operator==(const dev_ptr& o) const { return r_ == o.r_ && off_ == o.off_; }
    /// Not the same element.
    bool operator!=(const dev_ptr& o) const { return !(*this == o); }
    /// Before o in the same buffer.
    bool operator<(const dev_ptr& o) const { return off_ < o.off_; }
    /// Not null.
    explicit operator bool() const { return r_ != nullptr; }

    /// The region (for atomics and the simulator's own use).
    sim::region* region() const { return r_; }
    /// The offset in the region, in elements.
    std::ptrdiff_t offset() const { return off_; }
    /// The element at the offset, unchecked (for the simulator's atomics, after their checks).
    T* raw() const { return base_ + off_; }

private:
    template <class U>
    friend class dev_ptr;

    auto at(std::ptrdiff_t i) const {
        if constexpr (std::is_const<T>::value) {
            sim::detail::on_read(r_, i);
            return static_cast<value>(base_[i]);
        } else {
            if (!r_) sim::detail::on_write(r_, i);  // a null pointer: reported as such
            return dev_ref<value>(base_ + i, r_, i);
        }
    }

    T* base_ = nullptr;
    sim::region* r_ = nullptr;
    std::ptrdiff_t off_ = 0;
};

/**
 * @ingroup cuda
 * @brief Memory on the device: `cudaMalloc`'d under nvcc; here host memory with the simulator's
 * record of every element.
 *
 * The name appears in the simulator's messages (`y[1000]`); a buffer made from host data counts
 * as written, one made from a size alone does not (reading it before a kernel writes it is a
 * fault, as its bytes on a GPU are garbage).
 */
template <class T>
class device_buffer {
    static_assert(std::is_trivially_copyable<T>::value, "device memory holds trivially copyable values");

public:
    /// n elements, unwritten.
    explicit device_buffer(std::size_t n, std::string name = "buffer")
        : data_(n), region_(std::make_unique<sim::region>()) {
        region_->name = std::move(name);
        region_->count = n;
        region_->type = sim::detail::type_name<T>();
        region_->cells.resize(n);
    }
    /// A copy of host data.
    explicit device_buffer(const std::vector<T>& host, std::string name = "buffer")
        : device_buffer(host.size(), std::move(name)) {
        copy_from_host(host);
    }

    /// The device pointer to element 0.
    dev_ptr<T> ptr() { return dev_ptr<T>(data_.data(), region_.get(), 0); }
    /// The device pointer to element 0, read-only.
    dev_ptr<const T> ptr() const { return dev_ptr<const T>(data_.data(), region_.get(), 0); }
    /// Elements.
    std::size_t size() const { return data_.size(); }

    /// Copies host data in (cudaMemcpy host to device); sizes must match.
    void copy_from_host(const std::vector<T>& host) {
        if (host.size() != data_.size())
            throw shape_error("device_buffer::copy_from_host",
                              concat("expected ", data_.size(), " elements, got ", host.size()));
        std::copy(host.begin(), host.end(), data_.begin());
        for (sim::cell& c : region_->cells) c = sim::cell{sim::access{}, sim::access{}, false, true};
    }
    /// Sets every byte to `byte` (cudaMemset): the buffer counts as written.
    void fill_bytes(unsigned char byte) {
        if (!data_.empty()) std::memset(static_cast<void*>(data_.data()), byte, data_.size() * sizeof(T));
        for (sim::cell& c : region_->cells) c = sim::cell{sim::access{}, sim::access{}, false, true};
    }
    /// Copies the buffer out (cudaMemcpy device to host).
    std::vector<T> to_host() const { return data_; }

private:
    std::vector<T> data_;
    std::unique_ptr<sim::region> region_;
};

// ---- shared memory ----------------------------------------------------------------------------

namespace sim {
namespace detail {
template <std::size_t... N>
struct extent_product;
template <>
struct extent_product<> : std::integral_constant<std::size_t, 1> {};
template <std::size_t N, std::size_t... Rest>
struct extent_product<N, Rest...> : std::integral_constant<std::size_t, N * extent_product<Rest...>::value> {};

[[noreturn]] inline void shared_out_of_range(const region& r, std::ptrdiff_t base, std::size_t dim, std::ptrdiff_t i) {
    // The indices before this dimension, from the flat offset of the view.
    std::string where = r.name;
    std::size_t stride = r.count;
    for (std::size_t d = 0; d < dim; ++d) {
        stride /= r.extents[d];
        where += concat("[", static_cast<std::size_t>(base) / stride % r.extents[d], "]");
    }
    fault(concat("out-of-bounds access of ", where, "[", i, "]: that dimension has ", r.extents[dim],
                 " elements (indices 0 to ", r.extents[dim] - 1, ")"));
}

/// A view of a shared array at dimension `dim` (its first element at flat offset `base`):
/// indexing it reaches the next dimension, and at the last one an element.
template <class T, std::size_t... N>
class shared_view;

template <class T, std::size_t N>
class shared_view<T, N> {
public:
    shared_view(T* data, region* r, std::ptrdiff_t base, std::size_t dim)
        : data_(data), r_(r), base_(base), dim_(dim) {}
    dev_ref<T> operator[](std::ptrdiff_t i) const {
        if (i < 0 || static_cast<std::size_t>(i) >= N) shared_out_of_range(*r_, base_, dim_, i);
        return dev_ref<T>(data_ + base_ + i, r_, base_ + i);
    }

private:
    T* data_;
    region* r_;
    std::ptrdiff_t base_;
    std::size_t dim_;
};

template <class T, std::size_t N, std::size_t M, std::size_t... Rest>
class shared_view<T, N, M, Rest...> {
public:
    shared_view(T* data, region* r, std::ptrdiff_t base, std::size_t dim)
        : data_(data), r_(r), base_(base), dim_(dim) {}
    shared_view<T, M, Rest...> operator[](std::ptrdiff_t i) const {
        if (i < 0 || static_cast<std::size_t>(i) >= N) shared_out_of_range(*r_, base_, dim_, i);
        return shared_view<T, M, Rest...>(
            data_, r_, base_ + i * static_cast<std::ptrdiff_t>(extent_product<M, Rest...>::value), dim_ + 1);
    }

private:
    T* data_;
    region* r_;
    std::ptrdiff_t base_;
    std::size_t dim_;
};
}  // namespace detail
}  // namespace sim

/**
 * @ingroup cuda
 * @brief A `__shared__` array of extents N…: `T[N]…` under nvcc; here a checked array.
 *
 * Declare it as a kernel declares shared memory, `__shared__ shared_array<float, 32, 33> tile;`,
 * and index it as an array, `tile[ty][tx]`. Every block sees its own contents (a block's first
 * read of an element it has not written is a fault), and the simulator checks the accesses of
 * its threads against each other.
 */
template <class T, std::size_t... N>
class shared_array {
    static_assert(sizeof...(N) > 0, "shared_array needs at least one extent");
    static constexpr std::size_t count = sim::detail::extent_product<N...>::value;

public:
    shared_array() {
        region_.name = "shared";
        region_.where = sim::space::shared;
        region_.count = count;
        region_.type = sim::detail::type_name<T>();
        region_.extents = {N...};
        region_.cells.resize(count);
    }
    shared_array(const shared_array&) = delete;
    shared_array& operator=(const shared_array&) = delete;

    /// Row i (or element i of a one-dimensional array), checked.
    auto operator[](std::ptrdiff_t i) { return sim::detail::shared_view<T, N...>(data_, &region_, 0, 0)[i]; }

private:
    T data_[count] = {};
    sim::region region_;
};

// ---- launching --------------------------------------------------------------------------------

/**
 * @ingroup cuda
 * @brief What launch() returns: call it with the kernel's arguments, as `kernel<<<grid, block>>>(…)`.
 */
template <class... Params>
class launcher {
public:
    /// A launch of kernel over grid × block, made at file:line.
    launcher(void (*kernel)(Params...), dim3 grid, dim3 block, const char* file, int line)
        : kernel_(kernel), grid_(grid), block_(block), file_(file), line_(line) {}

    /// Runs the kernel on the simulator; returns when every block is done. Throws kernel_fault.
    template <class... Args>
    void operator()(Args&&... args) const {
        static_assert(sizeof...(Args) == sizeof...(Params), "launch: the kernel takes another number of arguments");
        std::tuple<std::decay_t<Params>...> values(std::forward<Args>(args)...);
        auto kernel = kernel_;
        sim::run(grid_, block_, file_, line_, [&] { std::apply(kernel, values); });
    }

private:
    void (*kernel_)(Params...);
    dim3 grid_, block_;
    const char* file_;
    int line_;
};

/**
 * @ingroup cuda
 * @brief Launches `kernel` over `grid` blocks of `block` threads: `launch(k, grid, block)(args…)`
 * is `k<<<grid, block>>>(args…)`.
 *
 * On the simulator the launch runs to its end before returning and throws kernel_fault for a
 * defect, invalid_argument for a configuration a GPU refuses; under nvcc it is asynchronous, as
 * CUDA's (synchronize() waits and reports errors).
 */
template <class... Params>
launcher<Params...> launch(void (*kernel)(Params...), dim3 grid, dim3 block, const char* file = __builtin_FILE(),
                           int line = __builtin_LINE()) {
    return launcher<Params...>(kernel, grid, block, file, line);
}

/// Waits for the device (nothing to wait for on the simulator).
inline void synchronize() {}

/// GPUs this program can use: none on the simulator.
inline int device_count() {
    return 0;
}

/// Whether this build runs kernels on the simulator (true) or on a GPU.
constexpr bool simulated = true;

// ---- device builtins ------------------------------------------------------------------------

namespace sim {
namespace detail {
inline const uint3& thread_idx() {
    return running("threadIdx").current->idx;
}
inline const uint3& block_idx() {
    return running("blockIdx").block_idx;
}
inline const dim3& block_dim() {
    return running("blockDim").block;
}
inline const dim3& grid_dim() {
    return running("gridDim").grid;
}

inline void syncthreads(const char* file, int line) {
    launch_state& s = running("__syncthreads");
    s.current->st = state::at_barrier;
    s.current->barrier_file = file;
    s.current->barrier_line = line;
    yield_to_scheduler();
}

/// A warp operation of the running lane: waits for the lanes of `mask`, returns what it receives.
inline std::uint64_t warp_op(const char* what, const char* file, int line, unsigned mask, std::uint64_t value,
                             unsigned source) {
    launch_state& s = running(what);
    thread_state& t = *s.current;
    const unsigned lane = t.linear % warp_size;
    if (!(mask >> lane & 1u))
        fault(concat(what, " at ", file, ":", line, " called by lane ", lane, ", which its mask 0x", std::hex, mask,
                     std::dec, " leaves out"));
    t.warp = warp_wait{mask, what, file, line, source, value, 0};
    t.st = state::at_warp;
    yield_to_scheduler();
    return t.warp.result;
}

template <class T>
std::uint64_t bits_of(T v) {
    static_assert(sizeof(T) <= 8 && std::is_trivially_copyable<T>::value, "a shuffle moves a value of at most 8 bytes");
    std::uint64_t b = 0;
    std::memcpy(&b, &v, sizeof v);
    return b;
}
template <class T>
T from_bits(std::uint64_t b) {
    T v;
    std::memcpy(&v, &b, sizeof v);
    return v;
}

inline unsigned lane_of_running() {
    return running("a warp operation").current->linear % warp_size;
}

/// The segment of `width` lanes a lane belongs to starts at lane - lane % width.
inline void check_width(const char* what, int width) {
    if (width < 1 || width > 32 || (width & (width - 1)) != 0)
        fault(concat(what, ": width must be a power of two from 1 to 32, got ", width));
}

template <class T>
T shfl(const char* file, int line, unsigned mask, T v, int src, int width) {
    check_width("__shfl_sync", width);
    const unsigned lane = lane_of_running(), w = static_cast<unsigned>(width);
    const unsigned source = lane / w * w + static_cast<unsigned>(src) % w;
    return from_bits<T>(warp_op("__shfl_sync", file, line, mask, bits_of(v), source));
}
template <class T>
T shfl_down(const char* file, int line, unsigned mask, T v, unsigned delta, int width) {
    check_width("__shfl_down_sync", width);
    const unsigned lane = lane_of_running(), w = static_cast<unsigned>(width);
    const unsigned source = lane % w + delta < w ? lane + delta : lane;
    return from_bits<T>(warp_op("__shfl_down_sync", file, line, mask, bits_of(v), source));
}
template <class T>
T shfl_up(const char* file, int line, unsigned mask, T v, unsigned delta, int width) {
    check_width("__shfl_up_sync", width);
    const unsigned lane = lane_of_running(), w = static_cast<unsigned>(width);
    const unsigned source = lane % w >= delta ? lane - delta : lane;
    return from_bits<T>(warp_op("__shfl_up_sync", file, line, mask, bits_of(v), source));
}
template <class T>
T shfl_xor(const char* file, int line, unsigned mask, T v, int lane_mask, int width) {
    check_width("__shfl_xor_sync", width);
    const unsigned lane = lane_of_running(), w = static_cast<unsigned>(width);
    const unsigned partner = lane ^ static_cast<unsigned>(lane_mask);
    // A partner outside the lane's segment of `width` lanes leaves the value as it is (CUDA's rule).
    const unsigned source = partner / w == lane / w ? partner : lane;
    return from_bits<T>(warp_op("__shfl_xor_sync", file, line, mask, bits_of(v), source));
}
/// `__syncwarp(mask)`, its mask all 32 lanes when none is given (the macro passes the call site).
struct syncwarp_at {
    const char* file;
    int line;
    void operator()(unsigned mask = 0xffffffffu) const { warp_op("__syncwarp()", file, line, mask, 0, 0); }
};

template <class T>
T atomic_rmw(dev_ptr<T> p, const char* what, T (*op)(T, T), T v) {
    on_read(p.region(), p.offset(), true);
    on_write(p.region(), p.offset(), true);
    const T old = *p.raw();
    *p.raw() = op(old, v);
    (void)what;
    return old;
}
}  // namespace detail
}  // namespace sim

/// atomicAdd: *p += v in one step; returns the old value.
template <class T>
T atomicAdd(dev_ptr<T> p, T v) {
    const auto add = [](T a, T b) { return a + b; };
    return sim::detail::atomic_rmw<T>(p, "atomicAdd", add, v);
}
/// atomicMax: *p = max(*p, v) in one step; returns the old value.
template <class T>
T atomicMax(dev_ptr<T> p, T v) {
    const auto larger = [](T a, T b) { return a < b ? b : a; };
    return sim::detail::atomic_rmw<T>(p, "atomicMax", larger, v);
}
/// atomicExch: *p = v; returns the old value.
template <class T>
T atomicExch(dev_ptr<T> p, T v) {
    const auto second = [](T, T b) { return b; };
    return sim::detail::atomic_rmw<T>(p, "atomicExch", second, v);
}

}  // namespace cuda
}  // namespace llmlings

/// @cond LLMLINGS_CUDA_VOCABULARY
// CUDA's device vocabulary, for kernels compiled by a host compiler (runtime.hpp's table).
#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __restrict__
#define __shared__ static thread_local
#define threadIdx (::llmlings::cuda::sim::detail::thread_idx())
#define blockIdx (::llmlings::cuda::sim::detail::block_idx())
#define blockDim (::llmlings::cuda::sim::detail::block_dim())
#define gridDim (::llmlings::cuda::sim::detail::grid_dim())
#define __syncthreads() (::llmlings::cuda::sim::detail::syncthreads(__FILE__, __LINE__))
#define __syncwarp(...) (::llmlings::cuda::sim::detail::syncwarp_at{__FILE__, __LINE__}(__VA_ARGS__))
#define __shfl_sync(...) (::llmlings::cuda::sim::detail::shfl_sync_args(__FILE__, __LINE__, __VA_ARGS__))
#define __shfl_down_sync(...) (::llmlings::cuda::sim::detail::shfl_down_args(__FILE__, __LINE__, __VA_ARGS__))
#define __shfl_up_sync(...) (::llmlings::cuda::sim::detail::shfl_up_args(__FILE__, __LINE__, __VA_ARGS__))
#define __shfl_xor_sync(...) (::llmlings::cuda::sim::detail::shfl_xor_args(__FILE__, __LINE__, __VA_ARGS__))

namespace llmlings {
namespace cuda {
namespace sim {
namespace detail {
// The macros above pass the call site; these take CUDA's arguments with its default width of 32.
template <class T>
T shfl_sync_args(const char* f, int l, unsigned mask, T v, int src, int width = 32) {
    return shfl(f, l, mask, v, src, width);
}
template <class T>
T shfl_down_args(const char* f, int l, unsigned mask, T v, unsigned delta, int width = 32) {
    return shfl_down(f, l, mask, v, delta, width);
}
template <class T>
T shfl_up_args(const char* f, int l, unsigned mask, T v, unsigned delta, int width = 32) {
    return shfl_up(f, l, mask, v, delta, width);
}
template <class T>
T shfl_xor_args(const char* f, int l, unsigned mask, T v, int lane_mask, int width = 32) {
    return shfl_xor(f, l, mask, v, lane_mask, width);
}
}  // namespace detail
}  // namespace sim
}  // namespace cuda
}  // namespace llmlings

/// Threads per warp.
constexpr int warpSize = 32;

// CUDA's device math that <cmath> lacks.
inline float rsqrtf(float x) {
    return 1.0f / std::sqrt(x);
}
inline float __expf(float x) {
    return std::exp(x);
}
inline float __logf(float x) {
    return std::log(x);
}
inline float __fdividef(float a, float b) {
    return a / b;
}
inline int min(int a, int b) {
    return a < b ? a : b;
}
inline int max(int a, int b) {
    return a < b ? b : a;
}
inline unsigned min(unsigned a, unsigned b) {
    return a < b ? a : b;
}
inline unsigned max(unsigned a, unsigned b) {
    return a < b ? b : a;
}
inline float min(float a, float b) {
    return std::fmin(a, b);
}
inline float max(float a, float b) {
    return std::fmax(a, b);
}
inline double min(double a, double b) {
    return std::fmin(a, b);
}
inline double max(double a, double b) {
    return std::fmax(a, b);
}

/// @endcond

#endif  // LLMLINGS_CUDA_SIMULATOR_HPP
