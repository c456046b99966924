// SPDX-License-Identifier: MIT
// Tests of the test helpers themselves (include/llmlings/testing/): a helper that cannot fail
// would make every test that uses it worthless, so each is shown to fail where it must.
#include <llmlings/testing.hpp>

#include <cmath>
#include <limits>
#include <string>

#include <xtensor/xarray.hpp>

#include <llmlings/core/random.hpp>

using llmlings::testing::compare;
using llmlings::testing::contains;
using llmlings::testing::golden_file;
using llmlings::testing::gradient_check;
using llmlings::testing::starts_with;
using llmlings::testing::tolerance;

TEST_CASE("compare accepts values within atol plus rtol times expected", "[infra][testing]") {
    const xt::xarray<double> e{{1.0, 2.0}, {3.0, 0.0}};
    const xt::xarray<double> a{{1.0 + 1e-13, 2.0}, {3.0 - 2e-12, 5e-13}};
    CHECK(compare(a, e, tolerance{1e-12, 1e-12}).ok);
    CHECK(compare(1.0 + 1e-13, 1.0, tolerance{1e-12, 0}).ok);
}

TEST_CASE("compare reports the first mismatch and the largest differences", "[infra][testing]") {
    const xt::xarray<double> e{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};
    const xt::xarray<double> a{{1.0, 2.5, 3.0}, {4.0, 5.0, 9.0}};
    const auto r = compare(a, e, tolerance{1e-12, 1e-12});
    CHECK_FALSE(r.ok);
    CHECK_THAT(r.message, contains("2 of 6 elements differ"));
    CHECK_THAT(r.message, contains("first at (0,1):\n    expected 2\n    actual   2.5"));
    CHECK_THAT(r.message, contains("max abs diff 3 at (1,2)"));
    CHECK_THAT(r.message, contains("max rel diff 0.5 at (1,2)"));
}

TEST_CASE("compare rejects a shape mismatch and NaN against a number", "[infra][testing]") {
    const xt::xarray<double> e{1.0, 2.0, 3.0};
    const xt::xarray<double> a{{1.0, 2.0, 3.0}};
    const auto r = compare(a, e);
    CHECK_FALSE(r.ok);
    CHECK_THAT(r.message, contains("shape mismatch: expected (3), actual (1,3)"));
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK_FALSE(compare(nan, 1.0).ok);
    CHECK_FALSE(compare(1.0, nan).ok);
    CHECK(compare(nan, nan).ok);
    CHECK_FALSE(compare(std::numeric_limits<double>::infinity(), 1e308).ok);
}

TEST_CASE("gradient_check passes a correct gradient and flags a wrong one", "[infra][testing]") {
    // f(x) = sum x_i^3 + x_0 x_1, grad = 3 x_i^2 + (x_1, x_0, 0)
    auto f = [](const xt::xarray<double>& x) { return xt::sum(x * x * x)() + x(0) * x(1); };
    const xt::xarray<double> x{0.3, -1.2, 2.0};
    xt::xarray<double> good = 3.0 * x * x;
    good(0) += x(1);
    good(1) += x(0);
    const auto ok = gradient_check(f, x, good);
    CHECK(ok.max_rel_error < 1e-8);
    CHECK_THAT(ok.verdict(), starts_with("correct"));
    xt::xarray<double> wrong = good;
    wrong(2) *= 1.1;  // a 10 % error in one element
    const auto bad = gradient_check(f, x, wrong);
    CHECK(bad.max_rel_error > 1e-2);
    CHECK(bad.worst_index == std::vector<std::size_t>{2});
    CHECK_THAT(bad.message(), contains("wrong"));
    CHECK_THROWS_AS(gradient_check(f, x, xt::xarray<double>{1.0, 2.0}), llmlings::shape_error);
}

using llmlings::testing::scratch_dir;

TEST_CASE("golden_file reads arrays and provenance", "[infra][testing]") {
    const scratch_dir dir("helpers");
    dir.write("good.txt",
              "# generator: hand\n# versions: none\n# seed: 0\n"
              "array A 2 2 3\n1 2 3\n4 5 6.5\narray s 1 3\nnan -inf 4.9e-324\n");
    const auto g = golden_file::load(dir.file("good.txt"));
    CHECK(g.provenance("generator") == "hand");
    CHECK(g.array("A").shape() == std::vector<std::size_t>{2, 3});
    CHECK(g.array("A")(1, 2) == 6.5);
    CHECK(std::isnan(g.array("s")(0)));
    CHECK(g.array("s")(1) == -std::numeric_limits<double>::infinity());
    CHECK(g.array("s")(2) == std::numeric_limits<double>::denorm_min());  // subnormals survive
    CHECK_THROWS_AS(g.array("missing"), llmlings::io_error);
}

TEST_CASE("golden_file refuses a file without provenance or with too few values", "[infra][testing]") {
    const scratch_dir dir("helpers");
    dir.write("noseed.txt", "# generator: hand\n# versions: none\narray A 1 1\n1\n");
    CHECK_THROWS_WITH(golden_file::load(dir.file("noseed.txt")), contains("missing provenance line '# seed"));
    dir.write("short.txt", "# generator: g\n# versions: v\n# seed: 1\narray A 1 3\n1 2\n");
    CHECK_THROWS_WITH(golden_file::load(dir.file("short.txt")), contains("ends before its 3 values"));
    CHECK_THROWS_AS(golden_file::load("/nonexistent/golden.txt"), llmlings::io_error);
    dir.write("bad.txt", "# generator: g\n# versions: v\n# seed: 1\narray A 1 2\n1 x2\n");
    CHECK_THROWS_WITH(golden_file::load(dir.file("bad.txt")), contains("no number: 'x2'"));
}

TEST_CASE("not_implemented names the topic, the file, the run and the hint commands", "[infra][errors]") {
    try {
        llmlings::todo("linalg/01_vectors", "dot");
        FAIL("todo() returned");
    } catch (const llmlings::not_implemented& e) {
        const std::string what = e.what();
        CHECK_THAT(what, starts_with("dot: not implemented yet (topic linalg/01_vectors)"));
        CHECK_THAT(what, contains("exercises/linalg/01_vectors.hpp"));
        CHECK_THAT(what, contains("./llmlings run linalg/01_vectors"));
        CHECK_THAT(what, contains("./llmlings hint linalg/01_vectors"));
        CHECK(e.topic() == "linalg/01_vectors");
        CHECK(e.function() == "dot");
    }
}

TEST_CASE("shape_str writes shapes as tuples", "[infra][errors]") {
    CHECK(llmlings::shape_str(std::vector<std::size_t>{2, 3}) == "(2,3)");
    CHECK(llmlings::shape_str(std::vector<std::size_t>{}) == "()");
}

TEST_CASE("uniform_index rejects an empty range and stays inside a non-empty one", "[infra][random]") {
    llmlings::rng gen(7);
    // [0, 0) has no element: before the check, UINT64_MAX % 0 divided by zero
    CHECK_THROWS_AS(llmlings::uniform_index(0, gen), llmlings::invalid_argument);
    CHECK_THROWS_WITH(llmlings::uniform_index(0, gen), contains("uniform_index") && contains("n must be > 0"));
    CHECK(llmlings::uniform_index(1, gen) == 0);
    for (int i = 0; i < 1000; ++i) CHECK(llmlings::uniform_index(3, gen) < 3);
}
