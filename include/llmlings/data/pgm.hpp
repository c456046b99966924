// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief A reader for binary greymaps (PGM, netpbm's `P5` format) of one byte per pixel.
 *
 * The format (netpbm's pgm(5) manual page): the magic `P5`, then the width, the height and the
 * maximum grey level maxval as decimal numbers, separated by whitespace, where a `#` starts a
 * comment that runs to the end of its line; then exactly one whitespace character; then the
 * pixels, row by row from the top, one byte each when maxval < 256:
 * ```
 * P5
 * # made by pngtopnm
 * 3 2
 * 255
 * <6 bytes>
 * ```
 * What this file is not: a reader for ASCII greymaps (`P2`), colour (`P3`, `P6`), bitmaps, 16-bit
 * greymaps (maxval > 255) or several images in one file; they are refused with a clear message.
 * tools/fetch-data.sh makes the PGM files it needs with netpbm's `pngtopnm`.
 */
#ifndef LLMLINGS_DATA_PGM_HPP
#define LLMLINGS_DATA_PGM_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <llmlings/data/parse.hpp>

namespace llmlings {
namespace data {

/**
 * @ingroup data
 * @brief A greymap in memory: its size, its maximum grey level and its pixels, row-major.
 *
 * Pixel (row r, column c) is `pixels[r * width + c]`, from 0 (black) to maxval (white).
 */
struct pgm_image {
    std::size_t width = 0;             ///< columns
    std::size_t height = 0;            ///< rows
    unsigned maxval = 0;               ///< the largest grey level the header allows, 1 to 255
    std::vector<std::uint8_t> pixels;  ///< height × width grey levels, row by row from the top
};

namespace detail {

/// Skips whitespace and `#` comments in a PGM header, from `pos`.
inline void skip_pgm_blanks(const std::string& bytes, std::size_t& pos) {
    while (pos < bytes.size()) {
        const char c = bytes[pos];
        if (c == '#') {
            while (pos < bytes.size() && bytes[pos] != '\n' && bytes[pos] != '\r') ++pos;
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
            ++pos;
        } else {
            return;
        }
    }
}

/// The next header number (`what`: "the width", …): a positive decimal integer below 10^7.
inline std::size_t pgm_number(const source& src, const std::string& bytes, std::size_t& pos, const char* what) {
    skip_pgm_blanks(bytes, pos);
    const std::size_t start = pos;
    std::size_t value = 0;
    while (pos < bytes.size() && bytes[pos] >= '0' && bytes[pos] <= '9' && pos - start < 7)
        value = value * 10 + static_cast<std::size_t>(bytes[pos++] - '0');
    // A number ends at whitespace or a comment (or, after maxval, at the one whitespace byte).
    const char next = pos < bytes.size() ? bytes[pos] : '\0';
    const bool ends =
        next == ' ' || next == '\t' || next == '\n' || next == '\r' || next == '\v' || next == '\f' || next == '#';
    if (pos == start || value == 0 || !ends) {
        const std::string found = start >= bytes.size() ? std::string("the end of the file")
                                  : pos >= bytes.size() ? "'" + bytes.substr(start) + "' and the end of the file"
                                  : ends                ? "'" + bytes.substr(start, pos - start) + "'"
                                                        : "'" + bytes.substr(start, pos - start + 1) + "'";
        fail(src, 0, concat("expected ", what, " (a positive integer) in the PGM header, found ", found));
    }
    return value;
}

/// Parses the bytes of a P5 greymap (see the file comment); io_error naming `src` on any problem.
inline pgm_image parse_pgm(const source& src, const std::string& bytes) {
    // 1. The magic number.
    if (bytes.compare(0, 2, "P5") != 0) {
        const std::string found = bytes.size() < 2 ? "'" + bytes + "'" : "'" + bytes.substr(0, 2) + "'";
        fail(src, 0,
             concat("expected a binary greymap (PGM, magic 'P5'), found ", found,
                    bytes.compare(0, 2, "P2") == 0 ? " (an ASCII greymap)"
                    : bytes.compare(0, 2, "P6") == 0 || bytes.compare(0, 2, "P3") == 0
                        ? " (a colour pixmap: convert it with ppmtopgm)"
                        : ""));
    }
    // 2. Width, height, maxval, each after whitespace or comments; then one whitespace byte.
    std::size_t pos = 2;
    pgm_image img;
    img.width = pgm_number(src, bytes, pos, "the width");
    img.height = pgm_number(src, bytes, pos, "the height");
    const std::size_t maxval = pgm_number(src, bytes, pos, "the maximum grey level");
    if (maxval > 255)
        fail(src, 0,
             concat("maximum grey level ", maxval,
                    " means two bytes per pixel; expected one "
                    "byte per pixel (maxval 1 to 255)"));
    img.maxval = static_cast<unsigned>(maxval);
    if (bytes[pos] == '#')
        fail(src, 0, "expected one whitespace character after the maximum grey level, found a comment");
    ++pos;  // the single whitespace byte before the pixels (pgm_number checked that it is one)
    // 3. The pixels: exactly width × height bytes, each at most maxval.
    const std::size_t count = img.width * img.height, found = bytes.size() - pos;
    if (found != count)
        fail(src, 0,
             concat("the header announces ", img.width, "x", img.height, " = ", count, " pixels, but ", found,
                    " bytes follow the header",
                    found < count ? " (truncated?)" : " (extra bytes: several images in one file?)"));
    img.pixels.assign(bytes.begin() + static_cast<std::ptrdiff_t>(pos), bytes.end());
    for (std::size_t k = 0; k < count; ++k)
        if (img.pixels[k] > img.maxval)
            fail(src, 0,
                 concat("pixel (", k / img.width, ",", k % img.width, ") is ", static_cast<int>(img.pixels[k]),
                        ", above the maximum grey level ", img.maxval));
    return img;
}

}  // namespace detail

/**
 * @ingroup data
 * @brief Reads a binary greymap (PGM `P5`, maxval ≤ 255): its size, maxval and pixels.
 *
 * Comments (`#` to the end of the line) may appear anywhere in the header, as pgm(5) allows.
 * @param path the file.
 * @return the image; pixel (r,c) is `pixels[r * width + c]`.
 * @throws io_error (naming `read_pgm` and the path) if the file cannot be opened, is not `P5`
 * (an ASCII or colour file says so), a header number is missing or not a positive integer,
 * maxval is above 255, the pixel data is not exactly width × height bytes, or a pixel is above
 * maxval.
 *
 * Complexity: the file is read in one go; O(file size). Example: for `.data/opencv-digits.pgm`,
 * `width == 2000`, `height == 1000`, `maxval == 255`.
 */
inline pgm_image read_pgm(const std::string& path) {
    const detail::source src{"read_pgm", path};
    return detail::parse_pgm(src, detail::read_file(src));
}

}  // namespace data
}  // namespace llmlings

#endif  // LLMLINGS_DATA_PGM_HPP
