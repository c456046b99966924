// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The text parsing the data loaders share: files, lines, cells, numbers, error messages.
 *
 * Implementation details (namespace `llmlings::data::detail`); the public API is in the loaders.
 * A numeric block is read with xtensor's CSV reader (`xt::load_csv`). That reader cannot say
 * where a problem is, so when it fails, or a line has the wrong number of values, or the table
 * has the wrong number of rows, the block is scanned again line by line to report the first bad
 * line as `file:line: what was expected, what was found`. Like xtensor, a cell is read with
 * std::stod, so a number followed by junk (`5.1x`) is read as its number part.
 */
#ifndef LLMLINGS_DATA_PARSE_HPP
#define LLMLINGS_DATA_PARSE_HPP

#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xcsv.hpp>

#include <llmlings/core/errors.hpp>
#include <llmlings/core/tensor.hpp>

namespace llmlings {
namespace data {
namespace detail {

using llmlings::detail::concat;

/// A file being read, and the public loader reading it (for messages).
struct source {
    std::string loader;  // e.g. "load_iris"
    std::string path;    // e.g. "/work/llmlings/.data/iris.csv"
};

inline std::string join_path(const std::string& dir, const std::string& file) {
    return (std::filesystem::path(dir) / file).string();
}

/// Throws io_error "loader: path:line: what" (or "loader: path: what" when line is 0).
[[noreturn]] inline void fail(const source& src, std::size_t line, const std::string& what) {
    if (line == 0) throw io_error(src.loader, concat(src.path, ": ", what));
    throw io_error(src.loader, concat(src.path, ":", line, ": ", what));
}

/// The whole file, read in one go; a missing file is an io_error that says how to fetch the data
/// sets (`fetch`: the command to name, e.g. "./llmlings data kjv" for a large data set).
inline std::string read_file(const source& src, const char* fetch = "./llmlings data") {
    std::ifstream in(src.path, std::ios::binary);
    if (!in || std::filesystem::is_directory(src.path))
        throw io_error(src.loader, concat("cannot open '", src.path, "': data set missing; run ", fetch,
                                          " to fetch the data sets from Debian packages into .data/ (or pass "
                                          "the directory that holds the file)"));
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    in.seekg(0, std::ios::beg);
    std::string bytes;
    if (size > 0) {
        bytes.resize(static_cast<std::size_t>(size));
        in.read(&bytes[0], size);
        if (in.gcount() != size) fail(src, 0, concat("cannot read its ", size, " bytes"));
    } else {  // not a regular file (a pipe): no size to ask for
        std::ostringstream text;
        text << in.rdbuf();
        bytes = text.str();
    }
    return bytes;
}

/// The lines of `text`, without their '\n' or "\r\n"; no empty last line after a final newline.
inline std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t begin = 0;
    while (begin < text.size()) {
        std::size_t end = text.find('\n', begin);
        if (end == std::string::npos) end = text.size();
        std::size_t stop = end;
        if (stop > begin && text[stop - 1] == '\r') --stop;
        lines.emplace_back(text, begin, stop - begin);
        begin = end + 1;
    }
    return lines;
}

/// The cells of one line, split exactly as xt::load_csv splits them (std::getline on the
/// delimiter: empty cells are kept, a delimiter at the very end adds no empty cell).
inline std::vector<std::string> split_cells(const std::string& line, char delimiter) {
    std::vector<std::string> cells;
    std::istringstream in(line);
    std::string cell;
    while (std::getline(in, cell, delimiter)) cells.push_back(cell);
    return cells;
}

/// The number of cells split_cells() would return, without building them.
inline std::size_t cells_in(const std::string& line, char delimiter) {
    if (line.empty()) return 0;
    std::size_t n = 1;
    for (char c : line) n += c == delimiter ? 1 : 0;
    return line.back() == delimiter ? n - 1 : n;
}

/// The whitespace-separated tokens of one line.
inline std::vector<std::string> split_words(const std::string& line) {
    std::vector<std::string> words;
    std::istringstream in(line);
    std::string word;
    while (in >> word) words.push_back(word);
    return words;
}

inline std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

/// `"name"` → `name`: the quotes R and pandas put around header cells.
inline std::string unquote(const std::string& s) {
    std::string t = trim(s);
    if (t.size() >= 2 && t.front() == '"' && t.back() == '"') t = t.substr(1, t.size() - 2);
    return t;
}

/// Strict number parsing: the whole cell must be one number (surrounding blanks allowed).
/// On failure returns false and leaves `value` unchanged.
inline bool to_number(const std::string& cell, double& value) {
    const std::string t = trim(cell);
    if (t.empty()) return false;
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(t.c_str(), &end);
    if (end != t.c_str() + t.size() || errno == ERANGE) return false;
    value = v;
    return true;
}

/// A cell that must be a number; otherwise io_error at `file:line`, naming the column (1-based).
inline double number(const source& src, std::size_t line, std::size_t column, const std::string& cell) {
    double value = 0.0;
    if (!to_number(cell, value))
        fail(src, line,
             concat("column ", column, ": expected a number, found ",
                    trim(cell).empty() ? std::string("an empty cell") : "'" + cell + "'"));
    return value;
}

/// A cell that must be a positive integer (a count in a header line).
inline std::size_t count(const source& src, std::size_t line, const std::string& cell, const char* what) {
    const std::string t = trim(cell);
    std::size_t value = 0;
    bool ok = !t.empty() && t.size() < 10;
    for (char c : t) {
        if (c < '0' || c > '9') {
            ok = false;
            break;
        }
        value = value * 10 + static_cast<std::size_t>(c - '0');
    }
    if (!ok || value == 0) fail(src, line, concat("expected ", what, " (a positive integer), found '", cell, "'"));
    return value;
}

/// Where `delimiter` is named in messages.
inline std::string delimiter_name(char delimiter) {
    if (delimiter == ' ') return "spaces";
    if (delimiter == '\t') return "tabs";
    return concat("'", delimiter, "'");
}

/**
 * Reads a block of numbers, `cols` per line, with xt::load_csv. `first_line` is the line number of
 * the block's first line in the file; `rows` the number of rows the file's header announced
 * (0: any number, at least one). On any problem the block is scanned again to name the first bad
 * line; see the file comment.
 */
inline matrix numeric_block(const source& src, const std::string& block, std::size_t first_line, char delimiter,
                            std::size_t cols, std::size_t rows) {
    std::string reader_error;
    matrix table;
    try {
        std::istringstream in(block);
        // "\n" as the comment marker: no line (getline strips the '\n') starts with it, so no line
        // is skipped as a comment and row i of the table is line first_line + i of the file.
        table = xt::load_csv<double>(in, delimiter, 0, -1, "\n");
    } catch (const std::exception& e) {
        reader_error = e.what();
    }
    const auto lines = split_lines(block);
    // xt::load_csv only checks the total count of values, so rows of 3, 1 and 2 values would pass
    // as a (3,2) table: check every line's count as well.
    bool rows_ok = true;
    for (const auto& line : lines) rows_ok = rows_ok && cells_in(line, delimiter) == cols;
    const std::size_t found_rows = table.shape()[0];
    if (reader_error.empty() && rows_ok && table.shape()[1] == cols && found_rows == lines.size() &&
        (rows == 0 ? found_rows > 0 : found_rows == rows))
        return table;

    // Something is wrong: find the first line that says what.
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::size_t line_no = first_line + i;
        const auto cells = split_cells(lines[i], delimiter);
        if (cells.size() != cols)
            fail(src, line_no,
                 concat("expected ", cols, " numbers separated by ", delimiter_name(delimiter), ", found ",
                        cells.size(), cells.empty() ? " (an empty line)" : ""));
        for (std::size_t j = 0; j < cells.size(); ++j) number(src, line_no, j + 1, cells[j]);
    }
    if (lines.empty())
        fail(src, 0, first_line > 1 ? concat("no data rows after line ", first_line - 1) : "the file is empty");
    if (rows != 0 && lines.size() != rows)
        fail(src, 0, concat("expected ", rows, " data rows (as the header says), found ", lines.size()));
    fail(src, 0, concat("cannot be read as a table of ", cols, " numbers per line: ", reader_error));
}

/// Column `col` of `table` as class indices in [0, k): each must be an integer (io_error at its
/// line otherwise). Returned as doubles, for dataset::y.
inline vector class_column(const source& src, const matrix& table, std::size_t col, std::size_t first_line,
                           std::size_t k) {
    vector y = xt::empty<double>({table.shape()[0]});
    for (std::size_t i = 0; i < table.shape()[0]; ++i) {
        const double v = table(i, col);
        if (!(v >= 0.0 && v < static_cast<double>(k)) || v != std::floor(v))
            fail(src, first_line + i,
                 concat("column ", col + 1, ": expected a class index from 0 to ", k - 1, ", found ", v));
        y(i) = v;
    }
    return y;
}

/// The first `cols` columns of `table`, as a matrix of their own.
inline matrix first_columns(const matrix& table, std::size_t cols) {
    matrix out = xt::empty<double>({table.shape()[0], cols});
    for (std::size_t i = 0; i < table.shape()[0]; ++i)
        for (std::size_t j = 0; j < cols; ++j) out(i, j) = table(i, j);
    return out;
}

/// Column `col` of `table` as a vector.
inline vector column(const matrix& table, std::size_t col) {
    vector out = xt::empty<double>({table.shape()[0]});
    for (std::size_t i = 0; i < table.shape()[0]; ++i) out(i) = table(i, col);
    return out;
}

/// Splits `text` after its first `n` lines: the header lines and the rest.
inline std::pair<std::vector<std::string>, std::string> split_header(const source& src, const std::string& text,
                                                                     std::size_t n) {
    std::vector<std::string> header;
    std::size_t pos = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (pos >= text.size())
            fail(src, 0,
                 concat("the file ends after ", i, " lines, expected ", n, " header line", n == 1 ? "" : "s",
                        " and data"));
        std::size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        header.push_back(std::move(line));
        pos = end + 1;
    }
    return {std::move(header), pos < text.size() ? text.substr(pos) : std::string()};
}

}  // namespace detail
}  // namespace data
}  // namespace llmlings

#endif  // LLMLINGS_DATA_PARSE_HPP
