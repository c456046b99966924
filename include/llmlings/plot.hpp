// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Pictures of data and training: line plots, scatter plots, histograms, heatmaps and bar
 * charts, drawn by gnuplot into PNG files.
 *
 * Every function writes two small text files beside the PNG it is asked for, then runs gnuplot:
 *
 * | file | what |
 * | --- | --- |
 * | `runs/loss.dat` | the numbers, one row per point, the columns named in a `#` line |
 * | `runs/loss.gp` | the gnuplot script that draws them |
 * | `runs/loss.png` | the picture (`cd runs && gnuplot loss.gp`, run by std::system) |
 * | `runs/loss.log` | what gnuplot said, kept only when it said something |
 *
 * The scripts are short and plain on purpose: open one to see how its picture is made, change it
 * and run `gnuplot loss.gp` in its directory to redraw without recompiling. gnuplot is Debian's
 * `gnuplot-nox` package, which draws PNG files without X (its `pngcairo` terminal, or the plain
 * `png` one). Without gnuplot the functions still write the data and the script, then throw
 * io_error `gnuplot not found: apt-get install gnuplot-nox`; available() asks first, and
 * options::run_gnuplot = false writes the two files only.
 *
 * What this file deliberately is not: a plotting library. Five kinds of picture with a title,
 * axis labels and a size; anything else is an edit of the script.
 *
 * @code
 * #include <llmlings/plot.hpp>
 * namespace plot = llmlings::plot;
 * llmlings::vector epoch{1, 2, 3, 4}, train{0.9, 0.5, 0.3, 0.2}, valid{1.0, 0.6, 0.45, 0.4};
 * plot::options o;
 * o.title = "learning curves"; o.xlabel = "epoch"; o.ylabel = "loss";
 * plot::line_plot("runs/loss.png", epoch, {{"train", train}, {"validation", valid}}, o);
 * // writes runs/loss.dat, runs/loss.gp and runs/loss.png
 * @endcode
 */
#ifndef LLMLINGS_PLOT_HPP
#define LLMLINGS_PLOT_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iterator>
#include <limits>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include <llmlings/core.hpp>

namespace llmlings {

/**
 * @defgroup plot plot — pictures of data and training
 * @brief Line plots (learning curves), scatter plots (predicted vs actual), histograms, heatmaps
 * (confusion matrices, attention maps) and bar charts, written as data + gnuplot script + PNG.
 */

/// @ingroup plot
/// @brief Pictures drawn by gnuplot: each function writes NAME.dat and NAME.gp, then NAME.png.
namespace plot {

/**
 * @ingroup plot
 * @brief What every picture may set: title, axis labels, size, log scale, and whether to draw.
 *
 * An empty string leaves that text out. Labels are printed as they are: no gnuplot markup, so
 * `bill_length_mm` keeps its underscores.
 */
struct options {
    std::string title;        ///< above the picture
    std::string xlabel;       ///< under the x axis
    std::string ylabel;       ///< beside the y axis
    int width = 800;          ///< picture width in pixels, > 0
    int height = 600;         ///< picture height in pixels, > 0
    bool log_y = false;       ///< logarithmic y axis: losses that fall over several decades
    bool run_gnuplot = true;  ///< false: write the data and the script only, draw nothing
};

/**
 * @ingroup plot
 * @brief One named curve of a line_plot(): its legend entry and one y value per x.
 */
struct series {
    std::string name;  ///< the legend entry, e.g. `"validation loss"`
    vector y;          ///< the values, one per x; a NaN or infinity leaves a gap
};

/**
 * @ingroup plot
 * @brief Whether gnuplot can be run: a shell exists and `gnuplot` is on the PATH.
 *
 * @return true when the plotting functions can draw PNG files
 *
 * Throws nothing. Complexity: starts one shell (`command -v gnuplot`), a few milliseconds.
 * Example: `if (!plot::available()) std::cerr << "apt-get install gnuplot-nox\n";`
 */
inline bool available() {
    return std::system(nullptr) != 0 && std::system("command -v gnuplot > /dev/null 2>&1") == 0;
}

namespace detail {

/// Where one picture's three files go: NAME.png, NAME.dat and NAME.gp in one directory.
struct files {
    std::filesystem::path image, data, script;
};

/// Checks the options and the path (it must end in .png) and names the three files.
inline files prepare(const char* function, const std::string& png_path, const options& opts) {
    if (opts.width <= 0 || opts.height <= 0)
        throw invalid_argument(function, ::llmlings::detail::concat("the picture needs a positive size, got ",
                                                                    opts.width, " x ", opts.height));
    const std::filesystem::path image(png_path);
    if (image.extension() != ".png" || image.stem().empty())
        throw invalid_argument(function,
                               ::llmlings::detail::concat("the picture's path must end in .png, got '", png_path, "'"));
    files f{image, image, image};
    f.data.replace_extension(".dat");
    f.script.replace_extension(".gp");
    return f;
}

/// A number as gnuplot reads it: up to 10 significant digits, NaN for a missing or infinite value.
inline std::string number(double x) {
    if (!std::isfinite(x)) return "NaN";
    std::ostringstream out;
    out << std::setprecision(10) << x;
    return out.str();
}

/// A gnuplot string literal in single quotes: a quote inside is doubled, a line break is a space.
inline std::string quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'')
            out += "''";
        else if (c == '\n' || c == '\r')
            out += ' ';
        else
            out += c;
    }
    return out + "'";
}

/// A shell word in single quotes, for std::system: `it's` becomes `'it'\''s'`.
inline std::string shell_quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

/// Writes `text` into `path`; throws io_error naming `function` when it cannot.
inline void write_file(const char* function, const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.close();
    if (!out) throw io_error(function, ::llmlings::detail::concat("cannot write '", path.string(), "'"));
}

/// The lines every script starts with: the terminal, the output file, the texts and (`grid`) a grid.
inline std::string script_header(const char* function, const files& f, const options& opts, bool grid = true) {
    const std::string size = ::llmlings::detail::concat(opts.width, ",", opts.height);
    std::string s = ::llmlings::detail::concat(
        "# Written by llmlings::plot::", function, ". Redraw with: gnuplot ", f.script.filename().string(),
        " (in this directory)\n", "# pngcairo draws smoother lines; the plain png terminal is the fallback\n",
        "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n", "    set terminal pngcairo size ", size, " noenhanced\n",
        "} else {\n", "    set terminal png size ", size, " noenhanced\n", "}\n", "set output ",
        quote(f.image.filename().string()), "\n");
    if (!opts.title.empty()) s += "set title " + quote(opts.title) + "\n";
    if (!opts.xlabel.empty()) s += "set xlabel " + quote(opts.xlabel) + "\n";
    if (!opts.ylabel.empty()) s += "set ylabel " + quote(opts.ylabel) + "\n";
    if (opts.log_y) s += "set logscale y\n";
    if (grid) s += "set grid\n";
    return s;
}

/// `set xtics ('a' 0, 'b' 1, …)` (axis "x" or "y"): one named tick per index.
inline std::string named_tics(const char* axis, const std::vector<std::string>& labels) {
    std::string s = std::string("set ") + axis + "tics (";
    for (std::size_t i = 0; i < labels.size(); ++i)
        s += ::llmlings::detail::concat(i == 0 ? "" : ", ", quote(labels[i]), " ", i);
    return s + ")\n";
}

/// Writes the data and the script, then (when asked) runs gnuplot in the files' directory.
inline std::string draw(const char* function, const files& f, const options& opts, const std::string& data,
                        const std::string& script) {
    std::error_code ignored;
    const std::filesystem::path dir = f.image.has_parent_path() ? f.image.parent_path() : ".";
    std::filesystem::create_directories(dir, ignored);  // write_file reports what still fails
    write_file(function, f.data, data);
    write_file(function, f.script, script);
    if (!opts.run_gnuplot) return f.image.string();
    if (!available()) throw io_error(function, "gnuplot not found: apt-get install gnuplot-nox");
    std::filesystem::path log = f.image;  // gnuplot's messages go to NAME.log
    log.replace_extension(".log");
    const std::string command = "cd " + shell_quote(dir.string()) + " && gnuplot " +
                                shell_quote(f.script.filename().string()) + " 2> " +
                                shell_quote(log.filename().string());
    std::filesystem::remove(f.image, ignored);  // so that an old picture cannot pass for a new one
    const int status = std::system(command.c_str());
    if (status != 0 || !std::filesystem::exists(f.image)) {
        std::ifstream in(log);
        const std::string message((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        throw io_error(function, ::llmlings::detail::concat("gnuplot did not draw '", f.image.string(), "' from ",
                                                            f.script.string(), " (exit status ", status,
                                                            "); it said:\n", message));
    }
    if (std::filesystem::file_size(log, ignored) == 0) std::filesystem::remove(log, ignored);
    return f.image.string();
}

}  // namespace detail

/**
 * @ingroup plot
 * @brief Line plot of one or more named series over a shared x: learning curves (x = epoch,
 * one series per loss or metric).
 *
 * Data file: one row per x, `x y₀ y₁ …`. Script: `plot 'NAME.dat' using 1:2 with lines title
 * 'train', '' using 1:3 …`. A non-finite value is written as NaN and leaves a gap in its line.
 *
 * @param png_path where the picture goes; must end in `.png` (NAME.dat and NAME.gp go beside it,
 *        missing directories are created)
 * @param x vector (n), n ≥ 1: the shared x values, e.g. the epochs 1…n
 * @param ys the series, at least one, each with y of length n
 * @param opts title, labels, size (options::log_y for losses), whether to draw
 * @return png_path
 * @throws invalid_argument when there is no series, x is empty, the size is not positive or the
 *         path does not end in .png
 * @throws shape_error when a series has a length other than n
 * @throws io_error when a file cannot be written, gnuplot is not installed or fails
 *
 * Complexity: O(n · number of series) to write, plus one gnuplot run (~0.1 s).
 * Example: `line_plot("loss.png", {1, 2, 3}, {{"train", {0.9, 0.5, 0.3}}})` writes `loss.dat`
 * holding `1 0.9`, `2 0.5`, `3 0.3` under a `# x, train` line.
 */
inline std::string line_plot(const std::string& png_path, const vector& x, const std::vector<series>& ys,
                             const options& opts = {}) {
    const detail::files f = detail::prepare("line_plot", png_path, opts);
    check::not_empty("line_plot", x);
    if (ys.empty()) throw invalid_argument("line_plot", "expected at least one series, got none");
    for (const series& s : ys)
        if (s.y.size() != x.size())
            throw shape_error("line_plot", ::llmlings::detail::concat("series '", s.name, "' has ", s.y.size(),
                                                                      " values for ", x.size(), " x values"));
    // 1. the data: one row per x, one column per series
    std::string data = "# " + (opts.xlabel.empty() ? std::string("x") : opts.xlabel);
    for (const series& s : ys) data += ", " + s.name;
    data += "\n";
    for (std::size_t i = 0; i < x.size(); ++i) {
        data += detail::number(x(i));
        for (const series& s : ys) data += " " + detail::number(s.y(i));
        data += "\n";
    }
    // 2. the script: one curve per column after the first
    std::string script = detail::script_header("line_plot", f, opts) + "set key top right\n";
    for (std::size_t k = 0; k < ys.size(); ++k)
        script += ::llmlings::detail::concat(
            k == 0 ? "plot " + detail::quote(f.data.filename().string()) : std::string("     ''"), " using 1:", k + 2,
            " with lines lw 2 title ", detail::quote(ys[k].name), k + 1 < ys.size() ? ", \\\n" : "\n");
    return detail::draw("line_plot", f, opts, data, script);
}

/**
 * @ingroup plot
 * @brief Scatter plot of pairs (xᵢ, yᵢ), by default with the line y = x: predicted against actual
 * values of a regression, where every point on the line is a perfect prediction.
 *
 * Data file: `x y` per point. With `identity_line`, both axes get the same range (the data's
 * smallest and largest finite value, 5 % margin each side), the plot is square and the dashed line
 * y = x is drawn, so distances from it are comparable in both directions. Points with a
 * non-finite coordinate are not drawn.
 *
 * @param png_path where the picture goes; must end in `.png`
 * @param x vector (n), n ≥ 1: e.g. the actual values (set opts.xlabel = "actual")
 * @param y vector (n): e.g. the predictions (opts.ylabel = "predicted")
 * @param opts title, labels, size, whether to draw
 * @param identity_line true (default) for the line y = x and equal axes; false for a plain scatter
 * @return png_path
 * @throws shape_error when x and y differ in length
 * @throws invalid_argument when x is empty, no pair is finite, the size is not positive or the
 *         path does not end in .png
 * @throws io_error when a file cannot be written, gnuplot is not installed or fails
 *
 * Complexity: O(n) plus one gnuplot run. Example: `scatter_plot("fit.png", {1, 2, 4}, {1.5, 2, 3})`
 * sets both ranges to [0.85:4.15] and plots `x` as the dashed line.
 */
inline std::string scatter_plot(const std::string& png_path, const vector& x, const vector& y, const options& opts = {},
                                bool identity_line = true) {
    const detail::files f = detail::prepare("scatter_plot", png_path, opts);
    check::same_size("scatter_plot", x, y);
    check::not_empty("scatter_plot", x);
    std::string data = "# " + (opts.xlabel.empty() ? std::string("x") : opts.xlabel) + ", " +
                       (opts.ylabel.empty() ? std::string("y") : opts.ylabel) + "\n";
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;  // the range of the finite pairs
    for (std::size_t i = 0; i < x.size(); ++i) {
        data += detail::number(x(i)) + " " + detail::number(y(i)) + "\n";
        if (std::isfinite(x(i)) && std::isfinite(y(i))) {
            lo = std::min({lo, x(i), y(i)});
            hi = std::max({hi, x(i), y(i)});
        }
    }
    if (!(lo <= hi)) throw invalid_argument("scatter_plot", "no point has two finite coordinates");
    std::string script = detail::script_header("scatter_plot", f, opts);
    if (identity_line) {
        const double margin = hi > lo ? 0.05 * (hi - lo) : 1.0;
        const std::string range = "[" + detail::number(lo - margin) + ":" + detail::number(hi + margin) + "]";
        script += "set size square\nset xrange " + range + "\nset yrange " + range + "\nset key top left\n";
    }
    script += "plot " + detail::quote(f.data.filename().string()) + " using 1:2 with points pt 7 ps 0.8 title 'data'";
    script += identity_line ? ", \\\n     x with lines dt 2 lc rgb 'black' title 'y = x'\n" : "\n";
    return detail::draw("scatter_plot", f, opts, data, script);
}

/**
 * @ingroup plot
 * @brief Histogram from its bins: k counts between k + 1 increasing edges, drawn as touching boxes.
 *
 * Data file: `left right count` per bin. Script: `plot 'NAME.dat' using (($1+$2)/2):3:($2-$1)
 * with boxes`, i.e. centre : height : width. Compute the bins first (stats/07's histogram() gives
 * edges and counts; an index_vector of counts converts to a vector by itself).
 *
 * @param png_path where the picture goes; must end in `.png`
 * @param edges vector (k + 1), strictly increasing: bin i is [edges(i), edges(i+1))
 * @param counts vector (k), k ≥ 1: the height of each bin (counts, or densities)
 * @param opts title, labels, size, whether to draw
 * @return png_path
 * @throws shape_error when edges does not have one element more than counts
 * @throws invalid_argument when there is no bin, the edges are not strictly increasing (or not
 *         finite), the size is not positive or the path does not end in .png
 * @throws io_error when a file cannot be written, gnuplot is not installed or fails
 *
 * Complexity: O(k) plus one gnuplot run. Example: `histogram("h.png", {0, 2, 4}, {3, 1})` writes
 * the rows `0 2 3` and `2 4 1`.
 */
inline std::string histogram(const std::string& png_path, const vector& edges, const vector& counts,
                             const options& opts = {}) {
    const detail::files f = detail::prepare("histogram", png_path, opts);
    check::not_empty("histogram", counts);
    if (edges.size() != counts.size() + 1)
        throw shape_error("histogram", ::llmlings::detail::concat("expected counts.size() + 1 = ", counts.size() + 1,
                                                                  " edges, got ", edges.size()));
    for (std::size_t i = 0; i + 1 < edges.size(); ++i)
        if (!(edges(i) < edges(i + 1)) || !std::isfinite(edges(i + 1)) || !std::isfinite(edges(i)))
            throw invalid_argument("histogram", ::llmlings::detail::concat(
                                                    "the edges must be finite and strictly increasing, but edges(", i,
                                                    ") = ", edges(i), " and edges(", i + 1, ") = ", edges(i + 1)));
    std::string data = "# left edge, right edge, count\n";
    for (std::size_t i = 0; i < counts.size(); ++i)
        data += detail::number(edges(i)) + " " + detail::number(edges(i + 1)) + " " + detail::number(counts(i)) + "\n";
    const std::string script = detail::script_header("histogram", f, opts) +
                               "set style fill solid 0.5 border -1\n"
                               "set yrange [0:*]\n"
                               "# x = centre of the bin, height = count, box width = right - left\n"
                               "plot " +
                               detail::quote(f.data.filename().string()) +
                               " using (($1+$2)/2):3:($2-$1) with boxes notitle\n";
    return detail::draw("histogram", f, opts, data, script);
}

/**
 * @ingroup plot
 * @brief Heatmap of a matrix, row 0 at the top as the matrix is printed: confusion matrices,
 * correlation matrices, attention maps.
 *
 * Data file: the matrix, one line per row (gnuplot's `matrix` format). Script: the labels as
 * named tics, then `plot 'NAME.dat' matrix with image`; with `show_values` also each value
 * printed in its cell (`'' matrix using 1:2:(sprintf('%g', $3)) with labels`).
 *
 * @param png_path where the picture goes; must end in `.png`
 * @param values matrix (r, c), r, c ≥ 1; a non-finite value is written as NaN
 * @param row_labels r names, shown top to bottom (for a confusion matrix, the true classes); empty
 *        for 0 … r−1
 * @param col_labels c names, shown left to right (the predicted classes); empty for 0 … c−1
 * @param opts title, labels, size, whether to draw
 * @param show_values true to print each value in its cell (small matrices)
 * @return png_path
 * @throws shape_error when a non-empty label list does not have r (or c) names
 * @throws invalid_argument when the matrix is empty, the size is not positive or the path does
 *         not end in .png
 * @throws io_error when a file cannot be written, gnuplot is not installed or fails
 *
 * Complexity: O(r c) plus one gnuplot run. Example: `heatmap("cm.png", {{5, 1}, {2, 7}},
 * {"cat", "dog"}, {"cat", "dog"})` writes the lines `5 1` and `2 7` and `set xtics ('cat' 0, 'dog' 1)`.
 */
inline std::string heatmap(const std::string& png_path, const matrix& values,
                           const std::vector<std::string>& row_labels = {},
                           const std::vector<std::string>& col_labels = {}, const options& opts = {},
                           bool show_values = false) {
    const detail::files f = detail::prepare("heatmap", png_path, opts);
    check::not_empty("heatmap", values);
    const std::size_t r = values.shape()[0], c = values.shape()[1];
    if (!row_labels.empty() && row_labels.size() != r)
        throw shape_error("heatmap",
                          ::llmlings::detail::concat("expected ", r, " row labels for ", shape_str(values.shape()),
                                                     ", got ", row_labels.size()));
    if (!col_labels.empty() && col_labels.size() != c)
        throw shape_error("heatmap",
                          ::llmlings::detail::concat("expected ", c, " column labels for ", shape_str(values.shape()),
                                                     ", got ", col_labels.size()));
    const auto or_numbers = [](const std::vector<std::string>& labels, std::size_t n) {
        std::vector<std::string> out = labels;
        for (std::size_t i = out.size(); i < n; ++i) out.push_back(std::to_string(i));
        return out;
    };
    std::string data = ::llmlings::detail::concat("# ", r, " rows x ", c, " columns\n");
    for (std::size_t i = 0; i < r; ++i) {
        for (std::size_t j = 0; j < c; ++j) data += (j == 0 ? "" : " ") + detail::number(values(i, j));
        data += "\n";
    }
    std::string script = detail::script_header("heatmap", f, opts, false) +
                         detail::named_tics("x", or_numbers(col_labels, c)) +
                         detail::named_tics("y", or_numbers(row_labels, r)) +
                         ::llmlings::detail::concat("set xrange [-0.5:", c - 0.5, "]\n", "set yrange [", r - 0.5,
                                                    ":-0.5]  # reversed: row 0 at the top\n") +
                         "set palette defined (0 'white', 1 'steelblue')\n"
                         "plot " +
                         detail::quote(f.data.filename().string()) + " matrix with image notitle";
    script += show_values ? ", \\\n     '' matrix using 1:2:(sprintf('%g', $3)) with labels notitle\n" : "\n";
    return detail::draw("heatmap", f, opts, data, script);
}

/**
 * @ingroup plot
 * @brief Bar chart: one named bar per value (class sizes, per-class accuracy, feature importances).
 *
 * Data file: `index value` per bar. Script: the names as x tics, then `plot 'NAME.dat' using 1:2
 * with boxes`. When no value is negative the y axis starts at 0, so bar heights compare honestly.
 *
 * @param png_path where the picture goes; must end in `.png`
 * @param labels k names, one per bar
 * @param values vector (k), k ≥ 1
 * @param opts title, labels, size, whether to draw
 * @return png_path
 * @throws shape_error when labels and values differ in length
 * @throws invalid_argument when there is no value, the size is not positive or the path does not
 *         end in .png
 * @throws io_error when a file cannot be written, gnuplot is not installed or fails
 *
 * Complexity: O(k) plus one gnuplot run. Example: `bar_chart("species.png", {"Adelie",
 * "Chinstrap", "Gentoo"}, {152, 68, 124})` writes the rows `0 152`, `1 68`, `2 124`.
 */
inline std::string bar_chart(const std::string& png_path, const std::vector<std::string>& labels, const vector& values,
                             const options& opts = {}) {
    const detail::files f = detail::prepare("bar_chart", png_path, opts);
    check::not_empty("bar_chart", values);
    if (labels.size() != values.size())
        throw shape_error("bar_chart", ::llmlings::detail::concat("expected one label per value: ", labels.size(),
                                                                  " labels vs ", values.size(), " values"));
    std::string data = "# index, value\n";
    bool negative = false;
    for (std::size_t i = 0; i < values.size(); ++i) {
        data += ::llmlings::detail::concat(i, " ", detail::number(values(i)), "\n");
        negative = negative || values(i) < 0.0;
    }
    const std::string script = detail::script_header("bar_chart", f, opts) +
                               "set style fill solid 0.5 border -1\n"
                               "set boxwidth 0.8\n" +
                               detail::named_tics("x", labels) +
                               ::llmlings::detail::concat("set xrange [-0.5:", values.size() - 0.5, "]\n") +
                               (negative ? "set xzeroaxis\n" : "set yrange [0:*]\n") + "plot " +
                               detail::quote(f.data.filename().string()) + " using 1:2 with boxes notitle\n";
    return detail::draw("bar_chart", f, opts, data, script);
}

}  // namespace plot
}  // namespace llmlings

#endif  // LLMLINGS_PLOT_HPP
