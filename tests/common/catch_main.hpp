// SPDX-License-Identifier: MIT
// The Catch2 session every test program runs (tests/common/catch_main.cpp), called by the two
// mains: tests/main.cpp (one process, every topic) and tests/common/mpi_main.cpp (the topics of
// LLMLINGS_MPI_TOPICS, one session per MPI rank).
#ifndef LLMLINGS_TESTS_COMMON_CATCH_MAIN_HPP
#define LLMLINGS_TESTS_COMMON_CATCH_MAIN_HPP

/// Runs the test cases that argv selects with Catch2 3's command line on Catch2 2.13 and 3 alike
/// (catch_main.cpp says what is translated) and returns the session's exit code: 0 when every case
/// passed, non-zero when one failed or when no case ran.
int llmlings_catch_main(int argc, char* argv[]);

#endif  // LLMLINGS_TESTS_COMMON_CATCH_MAIN_HPP
