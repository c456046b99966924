// SPDX-License-Identifier: MIT
// The main of every topic's test program but those that run under MPI (tests/common/mpi_main.cpp):
// one process, one Catch2 session with the shared command line (tests/common/catch_main.cpp).
#include "common/catch_main.hpp"

int main(int argc, char* argv[]) {
    return llmlings_catch_main(argc, argv);
}
