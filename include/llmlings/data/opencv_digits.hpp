// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief OpenCV's handwritten digits: 5000 grey 20×20 images, 500 of each digit, cut from one
 * 2000×1000 picture (`digits.png` of OpenCV's samples, taken from MNIST).
 *
 * Shapes: X (5000,400), one cell per row, row-major within the cell (pixel (r,c) of the cell is
 * column 20·r + c), raw grey levels 0–255 as bytes (0 is the background); y (5000), the digit.
 *
 * The picture is 100 cells wide and 50 cells high; cell row R (0–49) holds the digit R / 5, so
 * rows 0–4 are zeros, 5–9 ones, and so on. Sample i is the cell at row i / 100, column i % 100,
 * so samples 0–499 are the zeros, in reading order.
 *
 * The file `opencv-digits.pgm` is derived by `./llmlings data opencv-digits`: it extracts
 * `/usr/share/doc/opencv-doc/examples/data/digits.png` from Debian's opencv-doc package (without
 * unpacking the rest) and converts it with netpbm's `pngtopnm`; it is read with read_pgm().
 */
#ifndef LLMLINGS_DATA_OPENCV_DIGITS_HPP
#define LLMLINGS_DATA_OPENCV_DIGITS_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include <xtensor/xbuilder.hpp>

#include <llmlings/data/dataset.hpp>
#include <llmlings/data/parse.hpp>
#include <llmlings/data/pgm.hpp>

namespace llmlings {
namespace data {

/**
 * @ingroup data
 * @brief OpenCV's digits.png cut into its 5000 cells: X (5000,400) grey levels 0–255 as bytes, y
 * the digit 0–9 (500 of each).
 *
 * File: `dir/opencv-digits.pgm`, a 2000×1000 greymap with maxval 255. class_names are `"0"` …
 * `"9"`; feature_names `pixel_R_C` (row, column within the 20×20 cell). Unlike load_digits()
 * (8×8 images with 0–16 counts), these are MNIST-style images at full grey-level resolution.
 *
 * @param dir the data directory (default_data_dir()).
 * @return the image_dataset, named `"opencv-digits"`, samples in reading order of the cells.
 * @throws io_error if the file is missing (the message says to run
 * `./llmlings data opencv-digits`), is not a valid P5 greymap (see read_pgm()), or is not
 * 2000×1000 with maxval 255.
 *
 * Complexity: one pass over the 2 MB file. Example: `load_opencv_digits().y(500)` is 1.0
 * (the first cell of row 5).
 */
inline image_dataset load_opencv_digits(const std::string& dir = default_data_dir()) {
    using namespace detail;
    const source src{"load_opencv_digits", join_path(dir, "opencv-digits.pgm")};
    const pgm_image img = parse_pgm(src, read_file(src, "./llmlings data opencv-digits"));
    constexpr std::size_t cell = 20, across = 100, down = 50;
    if (img.width != cell * across || img.height != cell * down || img.maxval != 255)
        fail(src, 0,
             concat("expected a 2000x1000 greymap with maxval 255 (100x50 cells of 20x20), found ", img.width, "x",
                    img.height, " with maxval ", img.maxval));
    image_dataset ds;
    ds.X = xt::empty<std::uint8_t>({across * down, cell * cell});
    ds.y = xt::empty<double>({across * down});
    for (std::size_t row = 0; row < down; ++row) {
        for (std::size_t col = 0; col < across; ++col) {
            const std::size_t i = row * across + col;
            std::uint8_t* x = &ds.X(i, 0);
            for (std::size_t r = 0; r < cell; ++r) {
                const std::uint8_t* line = &img.pixels[(row * cell + r) * img.width + col * cell];
                std::copy(line, line + cell, x + r * cell);
            }
            ds.y(i) = static_cast<double>(row / 5);
        }
    }
    for (std::size_t r = 0; r < cell; ++r)
        for (std::size_t c = 0; c < cell; ++c) ds.feature_names.push_back(concat("pixel_", r, "_", c));
    for (int digit = 0; digit < 10; ++digit) ds.class_names.push_back(std::to_string(digit));
    ds.name = "opencv-digits";
    return ds;
}

}  // namespace data
}  // namespace llmlings

#endif  // LLMLINGS_DATA_OPENCV_DIGITS_HPP
