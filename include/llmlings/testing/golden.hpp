// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Reader for the small golden files that tests compare against.
 *
 * A golden file is plain text written by a committed script in tools/golden/ from a reference
 * framework (NumPy, SciPy, PyTorch from Debian). It must carry its provenance; the reader refuses
 * a file without it. Format:
 *
 * ```
 * # generator: tools/golden/linalg.py
 * # versions: numpy 1.24.2
 * # seed: 7
 * array A 2 3 3        <- name, rank, then the extents
 * 1 2 3 4 5 6 7 8 9    <- the values in row-major order, any whitespace
 * ```
 * Values are written with 17 significant digits, so they round-trip doubles exactly.
 */
#ifndef LLMLINGS_TESTING_GOLDEN_HPP
#define LLMLINGS_TESTING_GOLDEN_HPP

#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <xtensor/xadapt.hpp>
#include <xtensor/xarray.hpp>

#include <llmlings/core/errors.hpp>

namespace llmlings {
namespace testing {

/**
 * @ingroup testing
 * @brief A parsed golden file: named arrays plus provenance (generator, versions, seed).
 */
class golden_file {
public:
    /**
     * @brief Reads and validates `path`.
     * @throws io_error if the file is missing, lacks a provenance key or is malformed.
     */
    static golden_file load(const std::string& path) {
        std::ifstream in(path);
        if (!in) throw io_error("golden_file::load", "cannot open '" + path + "'");
        golden_file g;
        g.path_ = path;
        std::string line;
        std::size_t line_no = 0;
        while (std::getline(in, line)) {
            ++line_no;
            if (line.empty()) continue;
            if (line[0] == '#') {
                const auto colon = line.find(':');
                if (colon != std::string::npos) {
                    std::string key = trim(line.substr(1, colon - 1));
                    g.provenance_[key] = trim(line.substr(colon + 1));
                }
                continue;
            }
            std::istringstream header(line);
            std::string word, name;
            std::size_t rank = 0;
            if (!(header >> word >> name >> rank) || word != "array")
                throw io_error("golden_file::load",
                               ::llmlings::detail::concat(path, ":", line_no,
                                                          ": expected 'array NAME RANK EXTENTS...', got '", line, "'"));
            std::vector<std::size_t> shape(rank);
            std::size_t count = 1;
            for (auto& extent : shape) {
                if (!(header >> extent))
                    throw io_error("golden_file::load",
                                   ::llmlings::detail::concat(path, ":", line_no, ": array '", name,
                                                              "' lists fewer than ", rank, " extents"));
                count *= extent;
            }
            std::vector<double> values(count);
            for (auto& v : values) {
                std::string token;
                if (!(in >> token))
                    throw io_error(
                        "golden_file::load",
                        ::llmlings::detail::concat(path, ": array '", name, "' ends before its ", count, " values"));
                // strtod accepts nan and inf (operator>> does not) and returns subnormals
                // (std::stod throws on them); only a token that is no number is an error.
                char* end = nullptr;
                v = std::strtod(token.c_str(), &end);
                if (end == token.c_str() || *end != '\0')
                    throw io_error("golden_file::load",
                                   ::llmlings::detail::concat(path, ": array '", name,
                                                              "' has a value that is no number: '", token, "'"));
            }
            std::getline(in, line);  // rest of the last value line
            g.arrays_[name] = xt::adapt(values, shape);
        }
        for (const char* key : {"generator", "versions", "seed"})
            if (g.provenance_.count(key) == 0)
                throw io_error("golden_file::load", path + ": missing provenance line '# " + key + ": ...'");
        return g;
    }

    /// The array called `name`. @throws io_error if there is none.
    const xt::xarray<double>& array(const std::string& name) const {
        auto it = arrays_.find(name);
        if (it == arrays_.end()) throw io_error("golden_file::array", path_ + " has no array '" + name + "'");
        return it->second;
    }

    /// A provenance value: "generator", "versions", "seed", or any other `# key: value` line.
    std::string provenance(const std::string& key) const {
        auto it = provenance_.find(key);
        return it == provenance_.end() ? std::string() : it->second;
    }

private:
    static std::string trim(const std::string& s) {
        const auto b = s.find_first_not_of(" \t\r");
        const auto e = s.find_last_not_of(" \t\r");
        return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
    }

    std::string path_;
    std::map<std::string, std::string> provenance_;
    std::map<std::string, xt::xarray<double>> arrays_;
};

}  // namespace testing
}  // namespace llmlings

#endif  // LLMLINGS_TESTING_GOLDEN_HPP
