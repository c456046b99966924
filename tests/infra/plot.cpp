// SPDX-License-Identifier: MIT
// Tests of the plotting layer (include/llmlings/plot.hpp). Two kinds of test case:
//
// - the data and script files: each picture is written with options::run_gnuplot = false and its
//   NAME.dat and NAME.gp are compared as text (numbers, quoting, ranges, the plot command). They
//   need no gnuplot; the pixels are never compared.
// - rendering: gnuplot draws each kind of picture, and the PNG must start with the PNG signature
//   and carry the requested width and height in its IHDR chunk. Without gnuplot that case FAILS
//   with "gnuplot not found: apt-get install gnuplot-nox" (a case that passes without drawing
//   would lie); LLMLINGS_ALLOW_MISSING_GNUPLOT=1 skips it (LLMLINGS_SKIP: skipped on Catch2 3,
//   a warning on 2.13). The missing-gnuplot error itself is tested by emptying PATH.
#include <llmlings/testing.hpp>

#include <llmlings/plot.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "common/oracles.hpp"

using llmlings::testing::contains;

namespace fs = std::filesystem;
namespace plot = llmlings::plot;
using llmlings::matrix;
using llmlings::vector;

namespace {

using llmlings::testing::scratch_dir;
using oracles::read_text;

// Options that only write the files.
plot::options files_only() {
    plot::options o;
    o.run_gnuplot = false;
    return o;
}

// Sets PATH for the lifetime of the object, then restores it.
class path_override {
public:
    explicit path_override(const char* value) {
        const char* old = std::getenv("PATH");
        had_ = old != nullptr;
        if (had_) old_ = old;
        ::setenv("PATH", value, 1);
    }
    ~path_override() {
        if (had_)
            ::setenv("PATH", old_.c_str(), 1);
        else
            ::unsetenv("PATH");
    }
    path_override(const path_override&) = delete;
    path_override& operator=(const path_override&) = delete;

private:
    bool had_ = false;
    std::string old_;
};

// Width and height from a PNG file's IHDR chunk, or {0, 0} when the file is not a PNG.
struct png_size {
    std::uint32_t width = 0, height = 0;
};
png_size read_png_size(const std::string& path) {
    const std::string bytes = read_text(path);
    const std::string signature = "\x89PNG\r\n\x1a\n";
    // signature (8), chunk length (4), "IHDR" (4), width (4, big-endian), height (4)
    if (bytes.size() < 24 || bytes.compare(0, 8, signature) != 0 || bytes.compare(12, 4, "IHDR") != 0) return {};
    const auto be32 = [&](std::size_t at) {
        std::uint32_t v = 0;
        for (std::size_t k = 0; k < 4; ++k) v = (v << 8) | static_cast<unsigned char>(bytes[at + k]);
        return v;
    };
    return {be32(16), be32(20)};
}

}  // namespace

TEST_CASE("line_plot writes one column per series and a script that draws each one", "[infra][plot]") {
    scratch_dir dir("plot");
    plot::options o = files_only();
    o.title = "the model's loss";
    o.xlabel = "epoch";
    o.ylabel = "cross_entropy";
    o.width = 640;
    o.height = 480;
    o.log_y = true;
    const std::string png = dir.file("curves.png");
    const vector epoch{1, 2, 3};
    const vector train{0.9, 0.5, 0.25};
    const vector valid{1.0, std::nan(""), 0.375};
    CHECK(plot::line_plot(png, epoch, {{"train", train}, {"validation", valid}}, o) == png);
    CHECK(read_text(dir.file("curves.dat")) ==
          "# epoch, train, validation\n"
          "1 0.9 1\n"
          "2 0.5 NaN\n"
          "3 0.25 0.375\n");
    const std::string script = read_text(dir.file("curves.gp"));
    CHECK_THAT(script, contains("set terminal pngcairo size 640,480 noenhanced\n"));
    CHECK_THAT(script, contains("set terminal png size 640,480 noenhanced\n"));  // the fallback
    CHECK_THAT(script, contains("set output 'curves.png'\n"));
    CHECK_THAT(script, contains("set title 'the model''s loss'\n"));  // a quote inside is doubled
    CHECK_THAT(script, contains("set xlabel 'epoch'\nset ylabel 'cross_entropy'\n"));
    CHECK_THAT(script, contains("set logscale y\n"));
    CHECK_THAT(script, contains("plot 'curves.dat' using 1:2 with lines lw 2 title 'train', \\\n"
                                "     '' using 1:3 with lines lw 2 title 'validation'\n"));
    CHECK_FALSE(fs::exists(png));  // run_gnuplot = false draws nothing
}

TEST_CASE("line_plot leaves out empty texts and names the x column x", "[infra][plot]") {
    scratch_dir dir("plot");
    plot::line_plot(dir.file("one.png"), vector{0, 10}, {{"accuracy", vector{0.5, 0.75}}}, files_only());
    CHECK(read_text(dir.file("one.dat")) == "# x, accuracy\n0 0.5\n10 0.75\n");
    const std::string script = read_text(dir.file("one.gp"));
    CHECK_THAT(script, contains("size 800,600"));  // the default size
    CHECK_THAT(script, !contains("set title") && !contains("set xlabel") && !contains("logscale"));
    CHECK_THAT(script, contains("plot 'one.dat' using 1:2 with lines lw 2 title 'accuracy'\n"));
}

TEST_CASE("scatter_plot writes the pairs and draws y = x on equal square axes", "[infra][plot]") {
    scratch_dir dir("plot");
    plot::options o = files_only();
    o.xlabel = "actual";
    o.ylabel = "predicted";
    plot::scatter_plot(dir.file("fit.png"), vector{1, 2, 4}, vector{1.5, 2, 3}, o);
    CHECK(read_text(dir.file("fit.dat")) == "# actual, predicted\n1 1.5\n2 2\n4 3\n");
    const std::string script = read_text(dir.file("fit.gp"));
    // range [1, 4] with a margin of 5 % of its width, 0.15, on each side
    CHECK_THAT(script, contains("set size square\nset xrange [0.85:4.15]\nset yrange [0.85:4.15]\n"));
    CHECK_THAT(script, contains("plot 'fit.dat' using 1:2 with points pt 7 ps 0.8 title 'data', \\\n"
                                "     x with lines dt 2 lc rgb 'black' title 'y = x'\n"));

    plot::scatter_plot(dir.file("plain.png"), vector{1, 2}, vector{5, 3}, files_only(), false);
    const std::string plain = read_text(dir.file("plain.gp"));
    CHECK_THAT(plain, !contains("set size square") && !contains("xrange") && !contains("y = x"));
    CHECK_THAT(plain, contains("plot 'plain.dat' using 1:2 with points pt 7 ps 0.8 title 'data'\n"));
}

TEST_CASE("histogram writes the left and right edge of each bin with its count and draws boxes", "[infra][plot]") {
    scratch_dir dir("plot");
    const llmlings::index_vector counts{3, 1, 5};  // converts to a vector by itself
    plot::histogram(dir.file("hist.png"), vector{0, 2, 4, 6}, counts, files_only());
    CHECK(read_text(dir.file("hist.dat")) == "# left edge, right edge, count\n0 2 3\n2 4 1\n4 6 5\n");
    const std::string script = read_text(dir.file("hist.gp"));
    CHECK_THAT(script, contains("set yrange [0:*]\n"));
    CHECK_THAT(script, contains("plot 'hist.dat' using (($1+$2)/2):3:($2-$1) with boxes notitle\n"));
}

TEST_CASE("heatmap writes the matrix row by row with named tics and row 0 at the top", "[infra][plot]") {
    scratch_dir dir("plot");
    const matrix confusion{{5, 1, 0}, {2, 7, 1}};
    plot::heatmap(dir.file("cm.png"), confusion, {"cat", "dog"}, {"cat", "dog", "bird"}, files_only(), true);
    CHECK(read_text(dir.file("cm.dat")) == "# 2 rows x 3 columns\n5 1 0\n2 7 1\n");
    const std::string script = read_text(dir.file("cm.gp"));
    CHECK_THAT(script, contains("set xtics ('cat' 0, 'dog' 1, 'bird' 2)\n"));
    CHECK_THAT(script, contains("set ytics ('cat' 0, 'dog' 1)\n"));
    CHECK_THAT(script, contains("set xrange [-0.5:2.5]\nset yrange [1.5:-0.5]"));
    CHECK_THAT(script, contains("plot 'cm.dat' matrix with image notitle, \\\n"
                                "     '' matrix using 1:2:(sprintf('%g', $3)) with labels notitle\n"));
    CHECK_THAT(script, !contains("set grid"));

    plot::heatmap(dir.file("attention.png"), matrix{{0.25, 0.75}, {1, 0}}, {}, {}, files_only());
    const std::string numbered = read_text(dir.file("attention.gp"));
    CHECK_THAT(numbered, contains("set xtics ('0' 0, '1' 1)\nset ytics ('0' 0, '1' 1)\n"));
    CHECK_THAT(numbered, contains("plot 'attention.dat' matrix with image notitle\n"));
}

TEST_CASE("bar_chart writes one indexed row per bar and names the bars on the x axis", "[infra][plot]") {
    scratch_dir dir("plot");
    plot::bar_chart(dir.file("species.png"), {"Adelie", "Chinstrap", "Gentoo"}, vector{152, 68, 124}, files_only());
    CHECK(read_text(dir.file("species.dat")) == "# index, value\n0 152\n1 68\n2 124\n");
    const std::string script = read_text(dir.file("species.gp"));
    CHECK_THAT(script, contains("set xtics ('Adelie' 0, 'Chinstrap' 1, 'Gentoo' 2)\n"));
    CHECK_THAT(script, contains("set xrange [-0.5:2.5]\nset yrange [0:*]\n"));
    CHECK_THAT(script, contains("plot 'species.dat' using 1:2 with boxes notitle\n"));

    plot::bar_chart(dir.file("signed.png"), {"a", "b"}, vector{-1, 2}, files_only());
    const std::string signed_script = read_text(dir.file("signed.gp"));
    CHECK_THAT(signed_script, contains("set xzeroaxis\n") && !contains("set yrange"));
}

TEST_CASE("A picture in a new directory creates it and a path without .png is rejected", "[infra][plot]") {
    scratch_dir dir("plot");
    const std::string png = dir.file("runs/first try/loss.png");
    plot::line_plot(png, vector{1}, {{"loss", vector{2}}}, files_only());
    CHECK(fs::is_regular_file(dir.file("runs/first try/loss.dat")));
    CHECK(fs::is_regular_file(dir.file("runs/first try/loss.gp")));
    CHECK_THROWS_AS(plot::line_plot(dir.file("loss.svg"), vector{1}, {{"loss", vector{2}}}, files_only()),
                    llmlings::invalid_argument);
    CHECK_THROWS_WITH(plot::bar_chart(dir.file("bars"), {"a"}, vector{1}, files_only()),
                      contains("bar_chart") && contains("must end in .png"));
}

TEST_CASE("Bad plot arguments throw the llmlings error types", "[infra][plot]") {
    scratch_dir dir("plot");
    const std::string png = dir.file("bad.png");
    const plot::options o = files_only();
    plot::options no_size = o;
    no_size.width = 0;
    CHECK_THROWS_AS(plot::line_plot(png, vector{1, 2}, {{"a", vector{1, 2}}}, no_size), llmlings::invalid_argument);
    CHECK_THROWS_AS(plot::line_plot(png, vector{1, 2}, {}, o), llmlings::invalid_argument);
    CHECK_THROWS_AS(plot::line_plot(png, vector{}, {{"a", vector{}}}, o), llmlings::invalid_argument);
    CHECK_THROWS_WITH(plot::line_plot(png, vector{1, 2}, {{"a", vector{1, 2}}, {"b", vector{1}}}, o),
                      "line_plot: series 'b' has 1 values for 2 x values");
    CHECK_THROWS_AS(plot::scatter_plot(png, vector{1, 2}, vector{1}, o), llmlings::shape_error);
    CHECK_THROWS_AS(plot::scatter_plot(png, vector{std::nan("")}, vector{1}, o), llmlings::invalid_argument);
    CHECK_THROWS_AS(plot::histogram(png, vector{0, 1}, vector{1, 2}, o), llmlings::shape_error);
    CHECK_THROWS_AS(plot::histogram(png, vector{0, 1, 1}, vector{1, 2}, o), llmlings::invalid_argument);
    CHECK_THROWS_AS(plot::histogram(png, vector{0}, vector{}, o), llmlings::invalid_argument);
    CHECK_THROWS_AS(plot::heatmap(png, matrix{{1, 2}}, {"a", "b"}, {}, o), llmlings::shape_error);
    CHECK_THROWS_AS(plot::heatmap(png, matrix{{1, 2}}, {}, {"a"}, o), llmlings::shape_error);
    CHECK_THROWS_AS(plot::bar_chart(png, {"a"}, vector{1, 2}, o), llmlings::shape_error);
    CHECK_THROWS_AS(plot::bar_chart(png, {}, vector{}, o), llmlings::invalid_argument);
    // a directory that cannot be made: a plain file stands in its way
    std::ofstream(dir.file("blocker")) << "not a directory";
    CHECK_THROWS_WITH(plot::bar_chart(dir.file("blocker/b.png"), {"a"}, vector{1}, o),
                      contains("bar_chart: cannot write") && contains("b.dat"));
}

TEST_CASE("Without gnuplot on the PATH a picture writes its files then throws io_error naming gnuplot-nox",
          "[infra][plot]") {
    scratch_dir dir("plot");
    const path_override empty_path("/nonexistent-llmlings-path");
    CHECK_FALSE(plot::available());
    CHECK_THROWS_AS(plot::bar_chart(dir.file("b.png"), {"a"}, vector{1}), llmlings::io_error);
    CHECK_THROWS_WITH(plot::line_plot(dir.file("l.png"), vector{1}, {{"y", vector{1}}}),
                      "line_plot: gnuplot not found: apt-get install gnuplot-nox");
    CHECK(fs::is_regular_file(dir.file("l.dat")));  // the learner can still draw it later
    CHECK(fs::is_regular_file(dir.file("l.gp")));
    CHECK_FALSE(fs::exists(dir.file("l.png")));
}

TEST_CASE("gnuplot renders every kind of picture as a PNG of the requested size", "[infra][plot]") {
    if (!plot::available()) {
        const char* allow = std::getenv("LLMLINGS_ALLOW_MISSING_GNUPLOT");
        if (allow != nullptr && std::string(allow) == "1") {
            LLMLINGS_SKIP(
                "gnuplot not found: apt-get install gnuplot-nox; not checked, LLMLINGS_ALLOW_MISSING_GNUPLOT=1");
            return;
        }
        FAIL(
            "gnuplot not found: apt-get install gnuplot-nox (LLMLINGS_ALLOW_MISSING_GNUPLOT=1 turns this into a "
            "warning)");
    }
    scratch_dir dir("plot");
    const auto sized = [](int w, int h) {
        plot::options o;
        o.width = w;
        o.height = h;
        o.title = "a test picture";
        return o;
    };
    const std::vector<std::pair<std::string, png_size>> pictures = {
        {plot::line_plot(dir.file("line.png"), vector{1, 2, 3},
                         {{"train", vector{3, 2, 1.5}}, {"valid", vector{3, 2.5, 2}}}, sized(640, 480)),
         {640, 480}},
        {plot::scatter_plot(dir.file("dir with space/scatter.png"), vector{1, 2, 3}, vector{1.1, 2.2, 2.7},
                            sized(400, 400)),
         {400, 400}},
        {plot::histogram(dir.file("hist.png"), vector{0, 1, 2}, vector{4, 6}, sized(321, 123)), {321, 123}},
        {plot::heatmap(dir.file("heat.png"), matrix{{5, 1}, {2, 7}}, {"cat", "dog"}, {"cat", "dog"}, sized(300, 300),
                       true),
         {300, 300}},
        {plot::bar_chart(dir.file("it's a bar.png"), {"a", "b", "c"}, vector{1, 3, 2}, sized(500, 250)), {500, 250}},
    };
    for (const auto& [path, expected] : pictures) {
        INFO(path);
        REQUIRE(fs::is_regular_file(path));
        const png_size size = read_png_size(path);
        CHECK(size.width == expected.width);
        CHECK(size.height == expected.height);
    }
    // A script gnuplot cannot draw is reported: a log axis has no place for the values 0 and -1.
    plot::options log_axis = sized(200, 200);
    log_axis.log_y = true;
    CHECK_THROWS_WITH(
        plot::line_plot(dir.file("log.png"), vector{1, 2}, {{"y", vector{0, -1}}}, log_axis),
        contains("line_plot: gnuplot did not draw") && contains("log.gp") && contains("all points y value undefined"));
}
