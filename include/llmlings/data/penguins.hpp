// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Palmer penguins (Gorman, Williams, Fraser 2014; Horst, Hill, Gorman 2020): 344 penguins,
 * 3 species, with missing values.
 *
 * The file is `penguins.csv` from Debian's r-cran-palmerpenguins package
 * (`/usr/lib/R/site-library/palmerpenguins/extdata/`, CC0), copied by `./llmlings data`. It has a
 * header line and writes a missing value as `NA`:
 * ```
 * species,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year
 * Adelie,Torgersen,39.1,18.7,181,3750,male,2007
 * Adelie,Torgersen,NA,NA,NA,NA,NA,2007
 * ```
 */
#ifndef LLMLINGS_DATA_PENGUINS_HPP
#define LLMLINGS_DATA_PENGUINS_HPP

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include <llmlings/data/dataset.hpp>
#include <llmlings/data/parse.hpp>

namespace llmlings {
namespace data {

/**
 * @ingroup data
 * @brief The Palmer penguins: 344 samples × 4 body measurements, 3 species; NA becomes NaN.
 *
 * File: `penguins.csv` in `dir` (from r-cran-palmerpenguins). X holds the four numeric
 * measurements, in this order:
 *
 * | column | name | unit | missing |
 * | --- | --- | --- | --- |
 * | 0 | bill_length_mm | mm | 2 (NaN) |
 * | 1 | bill_depth_mm | mm | 2 |
 * | 2 | flipper_length_mm | mm | 2 |
 * | 3 | body_mass_g | g | 2 |
 *
 * The two incomplete rows (Adelie 4 and Gentoo 272, 1-based) are NaN in all four columns; drop
 * or impute them before computing anything (a NaN spreads through every sum). The target is the
 * species, y = 0 Adelie (152), 1 Chinstrap (68), 2 Gentoo (124) (alphabetical, as R's factor
 * levels). The file's island, sex (11 missing) and year columns are not returned: they are
 * categories or a date, not measurements, and X stays numeric.
 * @param dir the data directory (default_data_dir()).
 * @throws io_error if the file is missing, its header differs from the one above, or a line does
 * not have 8 cells, names an unknown species or has a measurement that is neither a number nor
 * `NA` (the message gives `file:line` and the column).
 *
 * Example: `load_penguins().X(0, 0)` is 39.1; `std::isnan(load_penguins().X(3, 0))` is true.
 */
inline dataset load_penguins(const std::string& dir = default_data_dir()) {
    using namespace detail;
    const source src{"load_penguins", join_path(dir, "penguins.csv")};
    const std::string expected_header =
        "species,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year";
    const std::vector<std::string> species = {"Adelie", "Chinstrap", "Gentoo"};
    const auto lines = split_lines(read_file(src));
    if (lines.empty() || lines[0] != expected_header)
        fail(src, 1,
             concat("expected the header '", expected_header, "', found '", lines.empty() ? std::string() : lines[0],
                    "'"));
    if (lines.size() < 2) fail(src, 0, "no data rows after the header");

    const std::size_t n = lines.size() - 1;
    dataset ds;
    ds.X = xt::empty<double>({n, std::size_t{4}});
    ds.y = xt::empty<double>({n});
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t line_no = i + 2;
        const auto cells = split_cells(lines[i + 1], ',');
        if (cells.size() != 8) fail(src, line_no, concat("expected 8 cells separated by ',', found ", cells.size()));
        std::size_t k = 0;
        while (k < species.size() && species[k] != cells[0]) ++k;
        if (k == species.size())
            fail(src, line_no,
                 concat("column 1: expected the species Adelie, Chinstrap or Gentoo, "
                        "found '",
                        cells[0], "'"));
        ds.y(i) = static_cast<double>(k);
        for (std::size_t j = 0; j < 4; ++j) {
            const std::string& cell = cells[j + 2];
            double value = std::numeric_limits<double>::quiet_NaN();
            if (trim(cell) != "NA" && !to_number(cell, value))
                fail(src, line_no, concat("column ", j + 3, ": expected a number or NA, found '", cell, "'"));
            ds.X(i, j) = value;
        }
    }
    ds.feature_names = {"bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"};
    ds.class_names = species;
    ds.name = "penguins";
    return ds;
}

}  // namespace data
}  // namespace llmlings

#endif  // LLMLINGS_DATA_PENGUINS_HPP
