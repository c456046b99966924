// SPDX-License-Identifier: MIT
// Catch2's session, compiled once and called by the main of every test program (tests/main.cpp,
// tests/common/mpi_main.cpp). Every program takes Catch2 3's command line on Catch2 2.13 (Debian
// 12) and 3.x (Debian 13) alike, and fails when no test case ran, so that CTest, the CLI and
// tools/prove-tests.sh need not know the version:
//
//   --list-tests --verbosity quiet   the bare test names, one a line (2.13: --list-test-names-only)
//   --colour-mode ansi|none|default  coloured output or not (2.13: --use-colour yes|no|auto)
//   a filter that matches nothing    exit code 2 (2.13: only with --warn NoTests, added here)
//   no --order                       declaration order (3 defaults to random order), so that a
//                                    learner reads the failures in the order of the file
#include "common/catch_main.hpp"

#if __has_include(<catch2/catch_session.hpp>)
#include <catch2/catch_session.hpp>

int llmlings_catch_main(int argc, char* argv[]) {
    Catch::Session session;
    session.configData().runOrder = Catch::TestRunOrder::Declared;  // --order still overrides it
    return session.run(argc, argv);
}
#else
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <string>
#include <vector>

int llmlings_catch_main(int argc, char* argv[]) {
    std::vector<std::string> args(argv, argv + argc);
    std::vector<std::string> out{args[0], "--warn", "NoTests"};
    bool list = false, quiet = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        const bool has_value = i + 1 < args.size();
        if (a == "--list-tests") {
            list = true;
        } else if ((a == "--verbosity" || a == "-v") && has_value && args[i + 1] == "quiet") {
            quiet = true;
            ++i;
        } else if (a == "--colour-mode" && has_value) {
            const std::string& mode = args[++i];
            out.insert(out.end(), {"--use-colour", mode == "ansi" ? "yes" : mode == "none" ? "no" : "auto"});
        } else {
            out.push_back(a);
        }
    }
    if (list) out.push_back(quiet ? "--list-test-names-only" : "--list-tests");
    if (quiet && !list) out.insert(out.end(), {"--verbosity", "quiet"});
    std::vector<const char*> c_args;
    for (const std::string& s : out) c_args.push_back(s.c_str());
    return Catch::Session().run(static_cast<int>(c_args.size()), c_args.data());
}
#endif
