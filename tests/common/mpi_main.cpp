// SPDX-License-Identifier: MIT
// The main of the test programs that run on several MPI ranks (LLMLINGS_MPI_TOPICS in
// CMakeLists.txt: transformer/11_data_parallel), linked instead of tests/main.cpp. Such a program
// works however it is started, as every other test program: by ./llmlings run, CTest,
// tools/prove-tests.sh (`prog "case name"`), tools/mutants.py and tools/time-topics.sh, which all
// run the binary directly.
//
//  - Not under mpirun (no OMPI_COMM_WORLD_SIZE, PMIX_RANK or PMI_RANK in the environment), and not
//    only asked for a listing: the program starts itself again as
//      mpirun -np 3 --oversubscribe [--allow-run-as-root] --stdin none -x OPENBLAS_NUM_THREADS ...
//             <itself> <args>
//    (execvp: mpirun takes the process's place, so its exit status is the program's and a
//    timeout's SIGTERM reaches it). Three ranks, because a ring of two has one step each way and
//    hides the index mistakes that three expose; the tests make communicators of 1 and 2 ranks
//    from them. LLMLINGS_MPI_RANKS=N starts N instead. Without mpirun: a message and exit 1.
//  - --list-tests, --list-*, --libidentify, -h, --help: one process, no MPI.
//  - Under mpirun: MPI_Init; ranks > 0 write their Catch2 report into a temporary file; every
//    rank runs the same session (the same arguments select the same cases in the same order);
//    the report of a rank > 0 whose session failed is shown under a "rank N:" banner after rank
//    0's, in rank order (rank 0 writes them: show_failed_ranks); MPI_Finalize. The program returns
//    its session's result, and mpirun exits non-zero when a rank does.
//  - Each rank exits when mpirun disappears (killed by a timeout's SIGKILL): a rank left waiting in
//    a collective would otherwise spin in MPI's progress loop for ever.
#include <mpi.h>

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "common/catch_main.hpp"

// Open MPI's libraries keep allocations until the process ends (hwloc's topology, libevent's and
// the runtime's state, the transports' buffers), which LeakSanitizer would report in the sanitize
// build: suppressed by library (the run shows libmpi, libopen-pal, libopen-rte, libhwloc and
// libevent; libpmix, libprrte, UCX and libfabric are Open MPI 5's and other transports'). The
// tests' own allocations are still checked. Open MPI is built without frame pointers, so the fast
// unwinder stops in its first frame, often in a plugin that MPI_Finalize has unloaded by the time
// leaks are reported (no library to match): the slower unwinder reaches libopen-pal's and libmpi's
// frames, which match (a sanitize run of this program takes ~1 s longer).
extern "C" const char* __asan_default_options() {
    return "fast_unwind_on_malloc=0";
}

extern "C" const char* __lsan_default_options() {
    return "print_suppressions=0";  // no table of the suppressed leaks after every run
}

extern "C" const char* __lsan_default_suppressions() {
    return "leak:libmpi.so\n"
           "leak:libopen-pal.so\n"
           "leak:libopen-rte.so\n"
           "leak:libhwloc.so\n"
           "leak:libevent\n"
           "leak:libpmix.so\n"
           "leak:libprrte.so\n"
           "leak:mca_\n"
           "leak:libucp.so\n"
           "leak:libucs.so\n"
           "leak:libfabric.so\n";
}

namespace {

// The number of ranks the program starts when it starts itself.
int ranks_wanted() {
    const char* n = std::getenv("LLMLINGS_MPI_RANKS");
    const int ranks = n != nullptr ? std::atoi(n) : 3;
    return ranks >= 1 ? ranks : 3;
}

bool under_mpirun() {
    return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMIX_RANK") != nullptr ||
           std::getenv("PMI_RANK") != nullptr;
}

// Whether the arguments ask Catch2 for a listing or help only, which runs no test case.
bool only_lists(int argc, char* argv[]) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a.rfind("--list", 0) == 0 || a == "--libidentify" || a == "-h" || a == "--help" || a == "-?") return true;
    }
    return false;
}

// Replaces this process by mpirun running this program on ranks_wanted() ranks.
[[noreturn]] void start_under_mpirun(int argc, char* argv[]) {
    // Three ranks share a few cores: one OpenBLAS thread each (CTest and ./llmlings set it too).
    setenv("OPENBLAS_NUM_THREADS", "1", 0);
    // A launcher that sets none of the variables above must not make the ranks start it again.
    setenv("LLMLINGS_MPI_STARTED", "1", 1);
    std::string self = argv[0];
    std::vector<char> path(4096);
    const ssize_t length = readlink("/proc/self/exe", path.data(), path.size() - 1);
    if (length > 0) self.assign(path.data(), static_cast<std::size_t>(length));
    std::vector<std::string> args{"mpirun", "-np", std::to_string(ranks_wanted()), "--oversubscribe"};
    if (geteuid() == 0) args.emplace_back("--allow-run-as-root");  // containers and CI run as root
    // --stdin none: mpirun would otherwise read the caller's stdin for rank 0, and swallow the rest
    // of a `while read name; do prog "$name"; done` loop's input.
    args.insert(args.end(), {"--stdin", "none", "-x", "OPENBLAS_NUM_THREADS", "-x", "LLMLINGS_MPI_STARTED", self});
    bool colour_chosen = false;
    for (int i = 1; i < argc; ++i) {
        args.emplace_back(argv[i]);
        colour_chosen = colour_chosen || args.back() == "--colour-mode";
    }
    // mpirun gives each rank a terminal of its own, so Catch2 would colour a report that goes to
    // a file or a pipe (CTest's log, tools/mutants.py): decide here, where the real stdout is seen.
    if (!colour_chosen && !isatty(STDOUT_FILENO)) args.insert(args.end(), {"--colour-mode", "none"});
    std::vector<char*> c_args;
    for (std::string& a : args) c_args.push_back(&a[0]);
    c_args.push_back(nullptr);
    std::fflush(nullptr);
    execvp("mpirun", c_args.data());
    const int error = errno;  // execvp returns only when it failed
    std::fprintf(stderr,
                 "%s: these tests run on %d MPI ranks, started with mpirun, which could not be run (%s).\n"
                 "Install Open MPI: sudo apt-get install openmpi-bin libopenmpi-dev\n",
                 argv[0], ranks_wanted(), std::strerror(error));
    std::exit(1);
}

// Ends this rank when its parent (mpirun) is gone.
void exit_with_parent() {
    const pid_t parent = getppid();
    std::thread([parent] {
        while (getppid() == parent) std::this_thread::sleep_for(std::chrono::milliseconds(500));
        std::_Exit(3);
    }).detach();
}

// The text a rank > 0 wrote into `log`.
std::string report_of(std::FILE* log) {
    std::string text;
    std::rewind(log);
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, log)) > 0) text.append(buffer, n);
    return text;
}

// Rank 0 writes the report of every rank > 0 whose session failed after its own, on its stdout
// under a "rank N:" banner: one stream of one process, so the reports never interleave (reports
// that each rank wrote to its own stderr did, at mpirun, even one after another).
void show_failed_ranks(int rank, const std::string& report) {
    constexpr int tag = 1;
    int size = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rank > 0) {
        const int length = static_cast<int>(report.size());
        MPI_Send(&length, 1, MPI_INT, 0, tag, MPI_COMM_WORLD);
        if (length > 0) MPI_Send(report.data(), length, MPI_CHAR, 0, tag, MPI_COMM_WORLD);
        return;
    }
    for (int r = 1; r < size; ++r) {
        int length = 0;
        MPI_Recv(&length, 1, MPI_INT, r, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (length == 0) continue;
        std::string text(static_cast<std::size_t>(length), '\0');
        MPI_Recv(&text[0], length, MPI_CHAR, r, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        std::printf("\nrank %d:\n%s", r, text.c_str());
    }
    std::fflush(stdout);
}

int run_rank(int argc, char* argv[]) {
    MPI_Init(&argc, &argv);
    exit_with_parent();
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    std::FILE* log = nullptr;
    int real_stdout = -1, real_stderr = -1;
    if (rank > 0) {  // rank 0's report is the one shown; the others only when they fail
        std::fflush(nullptr);
        log = std::tmpfile();
        real_stdout = dup(STDOUT_FILENO);
        real_stderr = dup(STDERR_FILENO);
        if (log == nullptr || real_stdout < 0 || real_stderr < 0 || dup2(fileno(log), STDOUT_FILENO) < 0 ||
            dup2(fileno(log), STDERR_FILENO) < 0) {
            std::fprintf(stderr, "rank %d: cannot redirect the report (%s); it is shown as it comes\n", rank,
                         std::strerror(errno));
            log = nullptr;
        }
    }
    const int result = llmlings_catch_main(argc, argv);
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    if (log != nullptr) {  // what comes after the session (MPI's, a sanitizer's messages) is shown
        dup2(real_stdout, STDOUT_FILENO);
        dup2(real_stderr, STDERR_FILENO);
    }
    show_failed_ranks(rank, log != nullptr && result != 0 ? report_of(log) : std::string());
    MPI_Finalize();
    return result;
}

}  // namespace

int main(int argc, char* argv[]) {
    if (only_lists(argc, argv)) return llmlings_catch_main(argc, argv);
    if (!under_mpirun() && std::getenv("LLMLINGS_MPI_STARTED") == nullptr) start_under_mpirun(argc, argv);
    return run_rank(argc, argv);
}
