// SPDX-License-Identifier: MIT
// A user's own test of llmlings code with the installed test helpers (llmlings::testing).
// Catch2 2.13 (Debian 12) is header-only: the one file that defines main asks for its runner
// before the first include; Catch2 3 (Debian 13) has Catch::Session in its library.
#if !__has_include(<catch2/catch_session.hpp>)
#define CATCH_CONFIG_RUNNER
#endif
#include <llmlings/testing.hpp>

#include <llmlings/linalg.hpp>

#if __has_include(<catch2/catch_session.hpp>)
#include <catch2/catch_session.hpp>
#endif

TEST_CASE("matvec of the installed library is close to the hand-worked product") {
    const llmlings::matrix a{{1.0, 2.0}, {3.0, 4.0}};
    const llmlings::vector x{1.0, -1.0};
    // (1 - 2, 3 - 4) = (-1, -1)
    LLMLINGS_CHECK_CLOSE(llmlings::linalg::matvec(a, x), (llmlings::vector{-1.0, -1.0}),
                         (llmlings::testing::tolerance{1e-15, 1e-15}));
}

int main(int argc, char* argv[]) {
    return Catch::Session().run(argc, argv);
}
