// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief A reader for the IDX format of MNIST and Fashion-MNIST: an n-dimensional array of
 * unsigned bytes behind a small big-endian header.
 *
 * The format (LeCun et al., "THE MNIST DATABASE of handwritten digits", the file-format section):
 * ```
 * bytes 0-1   0x00 0x00
 * byte  2     the element type; 0x08 = unsigned byte (the only type read here)
 * byte  3     the number of dimensions k (1 for labels, 3 for images)
 * then        k sizes, 4-byte big-endian unsigned integers
 * then        the elements, row-major (the last dimension varies fastest), one byte each
 * ```
 * So an image file starts with the magic number 0x00000803, then n, 28, 28; a label file with
 * 0x00000801, then n. Example: 3 images of 2×2 pixels are 4 + 3·4 + 12 = 28 bytes:
 * `00 00 08 03 | 00 00 00 03 | 00 00 00 02 | 00 00 00 02 | 12 pixel bytes`.
 *
 * What this file is not: a reader for the other element types (signed byte, short, int, float,
 * double), which no data set of this library uses; they are refused with a clear message.
 */
#ifndef LLMLINGS_DATA_IDX_HPP
#define LLMLINGS_DATA_IDX_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <llmlings/data/parse.hpp>

namespace llmlings {
namespace data {

/**
 * @ingroup data
 * @brief An IDX file in memory: its shape and its unsigned-byte elements, row-major.
 *
 * Example: for Fashion-MNIST's `train-images-idx3-ubyte`, `shape == {60000, 28, 28}` and pixel
 * (r,c) of image i is `values[(i * 28 + r) * 28 + c]`.
 */
struct idx_array {
    std::vector<std::size_t> shape;    ///< the sizes of the k dimensions, from the header
    std::vector<std::uint8_t> values;  ///< the product of `shape` elements, row-major
};

namespace detail {

/// `0x00000803`: a 4-byte number written as C writes hex literals, for messages.
inline std::string hex32(std::uint32_t v) {
    const char* digits = "0123456789abcdef";
    std::string s = "0x";
    for (int shift = 28; shift >= 0; shift -= 4) s += digits[(v >> shift) & 0xF];
    return s;
}

/// The 4-byte big-endian unsigned integer at `bytes[pos]` (the caller checks the size).
inline std::uint32_t big_endian32(const std::string& bytes, std::size_t pos) {
    std::uint32_t v = 0;
    for (std::size_t k = 0; k < 4; ++k) v = (v << 8) | static_cast<unsigned char>(bytes[pos + k]);
    return v;
}

/// `3x2x2`: a shape, for messages.
inline std::string shape_text(const std::vector<std::size_t>& shape) {
    std::string s;
    for (std::size_t k = 0; k < shape.size(); ++k) s += (k > 0 ? "x" : "") + std::to_string(shape[k]);
    return s;
}

/// Parses the bytes of an IDX file (see the file comment); io_error naming `src` on any problem.
inline idx_array parse_idx(const source& src, const std::string& bytes) {
    // 1. The magic number: two zero bytes, the type, the number of dimensions.
    if (bytes.size() < 4)
        fail(src, 0,
             concat("expected an IDX file (a 4-byte magic number such as 0x00000803, then the "
                    "sizes and the data), found only ",
                    bytes.size(), " bytes"));
    const std::uint32_t magic = big_endian32(bytes, 0);
    const unsigned type = (magic >> 8) & 0xFF, k = magic & 0xFF;
    if ((magic >> 16) != 0 || k == 0)
        fail(src, 0,
             concat("expected the IDX magic number 0x000008kk (0x00000801 for labels, "
                    "0x00000803 for images), found ",
                    hex32(magic), ": not an IDX file"));
    if (type != 0x08)
        fail(src, 0,
             concat("expected unsigned bytes (magic 0x000008kk: type 0x08), found magic ", hex32(magic), " (type 0x",
                    hex32(type).substr(8),
                    "); only unsigned-byte IDX "
                    "files are read"));
    // 2. The k sizes.
    const std::size_t header = 4 + 4 * static_cast<std::size_t>(k);
    if (bytes.size() < header)
        fail(src, 0,
             concat("truncated header: magic ", hex32(magic), " announces ", k, " dimension sizes (", header,
                    " header bytes), but the file has only ", bytes.size(), " bytes"));
    idx_array out;
    std::size_t count = 1;
    bool too_large = false;  // the sizes multiply to more than the file holds (and maybe overflow)
    for (std::size_t d = 0; d < k; ++d) {
        const std::size_t size = big_endian32(bytes, 4 + 4 * d);
        out.shape.push_back(size);
        if (size != 0 && count > bytes.size() / size) too_large = true;
        if (!too_large) count *= size;
    }
    // 3. The elements: exactly the product of the sizes, no more, no less.
    const std::size_t found = bytes.size() - header;
    if (too_large)
        fail(src, 0,
             concat("the header announces ", shape_text(out.shape), " bytes of data, more than the ", "file's ",
                    bytes.size(), " bytes (truncated?)"));
    if (found != count)
        fail(src, 0,
             concat("the header announces ", shape_text(out.shape), " = ", count, " bytes of data (", header + count,
                    " bytes in all), but ", found, " bytes follow the header",
                    found < count ? " (truncated?)" : " (extra bytes at the end)"));
    out.values.assign(bytes.begin() + static_cast<std::ptrdiff_t>(header), bytes.end());
    return out;
}

}  // namespace detail

/**
 * @ingroup data
 * @brief Reads an IDX file of unsigned bytes (MNIST's format): its shape and its elements.
 *
 * @param path the file, uncompressed (gunzip MNIST's `.gz` files first; tools/fetch-data.sh does
 * for Fashion-MNIST).
 * @return the shape from the header and the elements, row-major.
 * @throws io_error (naming `read_idx` and the path) if the file cannot be opened, the magic number
 * is not 0x000008kk with k ≥ 1 (an element type other than unsigned byte is refused), the header
 * is truncated, or the data is not exactly as many bytes as the sizes multiply to.
 *
 * Complexity: the file is read in one go; O(file size). Example:
 * `read_idx(".data/fashion-mnist/t10k-labels-idx1-ubyte").shape == {10000}`.
 */
inline idx_array read_idx(const std::string& path) {
    const detail::source src{"read_idx", path};
    return detail::parse_idx(src, detail::read_file(src));
}

}  // namespace data
}  // namespace llmlings

#endif  // LLMLINGS_DATA_IDX_HPP
