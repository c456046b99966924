// SPDX-License-Identifier: MIT
// Catch2's main, compiled once and linked into every topic's test program.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
