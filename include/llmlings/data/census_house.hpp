// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief census-house (DELVE, from the 1990 US census): 2 × 11392 regions × 16 features, house
 * prices; a regression data set in FANN's text format.
 *
 * The files come from Debian's libfann-doc package
 * (`/usr/share/doc/libfann-dev/examples/datasets/census-house.{train,test}`), copied by
 * `./llmlings data`. FANN's format: a header line `N n_in n_out`, then for each of the N samples
 * one line of n_in inputs and one line of n_out outputs, separated by whitespace:
 * ```
 * 11392 16 1
 * 0.000049 0.000067 0 0 0 0 0 0 0 0 0 0 0 0 0 0
 * 0.029998
 * ```
 */
#ifndef LLMLINGS_DATA_CENSUS_HOUSE_HPP
#define LLMLINGS_DATA_CENSUS_HOUSE_HPP

#include <cstddef>
#include <string>
#include <vector>

#include <llmlings/data/dataset.hpp>
#include <llmlings/data/parse.hpp>

namespace llmlings {
namespace data {
namespace detail {

/// A FANN training file: inputs (N,n_in) and outputs (N,n_out).
struct fann_file {
    matrix inputs;
    matrix outputs;
};

/// Reads FANN's format (see the file comment), line by line: each sample's inputs on one line,
/// its outputs on the next.
inline fann_file read_fann(const source& src) {
    const auto lines = split_lines(read_file(src));
    const auto head = split_words(lines.empty() ? std::string() : lines[0]);
    if (head.size() != 3)
        fail(src, 1,
             concat("expected the header 'N n_in n_out' (three counts), found '",
                    lines.empty() ? std::string() : lines[0], "'"));
    const std::size_t n = count(src, 1, head[0], "the number of samples N");
    const std::size_t n_in = count(src, 1, head[1], "the number of inputs n_in");
    const std::size_t n_out = count(src, 1, head[2], "the number of outputs n_out");
    std::size_t last = lines.size();  // ignore blank lines at the very end
    while (last > 1 && trim(lines[last - 1]).empty()) --last;
    if (last != 1 + 2 * n)
        fail(src, 0,
             concat("the header announces ", n, " samples, i.e. ", 2 * n, " lines after it, but there are ", last - 1));
    fann_file f;
    f.inputs = xt::empty<double>({n, n_in});
    f.outputs = xt::empty<double>({n, n_out});
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t part = 0; part < 2; ++part) {
            const std::size_t line_no = 2 + 2 * i + part;
            const std::size_t width = part == 0 ? n_in : n_out;
            matrix& dest = part == 0 ? f.inputs : f.outputs;
            const auto words = split_words(lines[line_no - 1]);
            if (words.size() != width)
                fail(src, line_no,
                     concat("expected the ", width, part == 0 ? " inputs" : " outputs", " of sample ", i + 1,
                            ", found ", words.size(), " numbers"));
            for (std::size_t j = 0; j < width; ++j) dest(i, j) = number(src, line_no, j + 1, words[j]);
        }
    }
    return f;
}

}  // namespace detail

/**
 * @ingroup data
 * @brief census-house, the train or the test half: 11392 regions × 16 features; the target is
 * the region's house price.
 *
 * Files: `census-house.train` and `census-house.test` in `dir` (from libfann-doc), 11392 samples
 * each. The data is DELVE's census-house set (16 inputs, as in its house-16 tasks): statistics of
 * a US region from the 1990 census, and the region's median house price, as FANN's benchmark ships them,
 * already scaled (inputs in [0, 1), target in [0, 1]). The files do not name the features, so
 * they are `input_0` … `input_15`. Regression: class_names is empty. Use it where a larger
 * regression set is needed (California housing is not in Debian; this is its substitute).
 * @param dir the data directory (default_data_dir()).
 * @param part `"train"` or `"test"`.
 * @throws invalid_argument if `part` is neither; io_error if the file is missing or malformed
 * (the message gives `file:line`), or its header is not `N 16 1`.
 *
 * Caveat, measured on Debian 12's libfann-doc 2.2.0: in both files only the first 2 of the 16
 * input columns hold values; the other 14 are 0 in every row. A regression on it explains about
 * 1 % of the price variance, so projects/house_prices drops the constant columns and uses Boston
 * as its main data set.
 *
 * Example: `load_census_house(default_data_dir(), "test").X.shape()` is (11392,16).
 */
inline dataset load_census_house(const std::string& dir = default_data_dir(), const std::string& part = "train") {
    using namespace detail;
    if (part != "train" && part != "test")
        throw invalid_argument("load_census_house", concat("part must be \"train\" or \"test\", got \"", part, "\""));
    const source src{"load_census_house", join_path(dir, "census-house." + part)};
    fann_file f = read_fann(src);
    if (f.inputs.shape()[1] != 16 || f.outputs.shape()[1] != 1)
        fail(src, 1,
             concat("expected 16 inputs and 1 output (header 'N 16 1'), found ", f.inputs.shape()[1], " and ",
                    f.outputs.shape()[1]));
    dataset ds;
    ds.X = std::move(f.inputs);
    ds.y = column(f.outputs, 0);
    for (int j = 0; j < 16; ++j) ds.feature_names.push_back(concat("input_", j));
    ds.name = "census-house." + part;
    return ds;
}

}  // namespace data
}  // namespace llmlings

#endif  // LLMLINGS_DATA_CENSUS_HOUSE_HPP
