// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The dataset struct every loader returns, and where the loaders look for their files.
 *
 * Shapes: X (n,d), one sample per row; y (n). n = samples, d = features.
 *
 * Two element types for X: `dataset` holds doubles (the tabular sets, which closed-form topics fit
 * as they are), `image_dataset` holds the grey levels 0–255 of images as bytes, as the files do.
 * Fashion-MNIST's 60000 training images of 784 pixels are 47 MB as bytes and 376 MB as doubles;
 * a model scales them to [0, 1] only when it gathers a batch into float (nn/13's
 * `gather_rows(x, indices, 1.0 / 255, out)`), so the data set itself is never converted.
 */
#ifndef LLMLINGS_DATA_DATASET_HPP
#define LLMLINGS_DATA_DATASET_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <xtensor/xbuilder.hpp>

#include <llmlings/core/errors.hpp>
#include <llmlings/core/tensor.hpp>

namespace llmlings {
/// @ingroup data
/// @brief Real data sets: the dataset struct, the data directory and one loader per data set.
namespace data {

/**
 * @ingroup data
 * @brief A data set in memory: features, targets and the names that go with them.
 *
 * The same struct serves classification and regression. For classification `class_names` holds
 * the k class names and `y(i)` is the class index of sample i stored as a double (0, 1, …, k-1),
 * so `class_names[labels()(i)]` names it. For regression `class_names` is empty and `y` holds the
 * real-valued target.
 *
 * Missing values (only in load_penguins()) are NaN in X.
 *
 * @tparam E the element type of X: double (`dataset`) or std::uint8_t (`image_dataset`)
 */
template <class E>
struct basic_dataset {
    xt::xtensor<E, 2> X;                     ///< features, shape (n,d): one sample per row
    vector y;                                ///< targets, shape (n): class index or real value
    std::vector<std::string> feature_names;  ///< d names, one per column of X
    std::vector<std::string> class_names;    ///< k class names; empty for regression
    std::string name;                        ///< the data set's name, e.g. `"iris"`

    /// The number of samples n (rows of X).
    std::size_t n_samples() const noexcept { return X.shape()[0]; }
    /// The number of features d (columns of X).
    std::size_t n_features() const noexcept { return X.shape()[1]; }
    /// True when the target is a class (class_names is not empty).
    bool is_classification() const noexcept { return !class_names.empty(); }

    /**
     * @brief The class indices as an index_vector, shape (n), each in [0, k).
     * @throws invalid_argument for a regression data set, or when some `y(i)` is not an integer
     * in [0, k) (a dataset changed by hand).
     *
     * Example: for iris, `labels()(0) == 0` and `class_names[0] == "setosa"`.
     */
    index_vector labels() const {
        using llmlings::detail::concat;
        if (!is_classification())
            throw invalid_argument("dataset::labels", concat("'", name,
                                                             "' is a regression data set: "
                                                             "y holds real values, not class indices"));
        index_vector out = xt::empty<std::size_t>({y.size()});
        const double k = static_cast<double>(class_names.size());
        for (std::size_t i = 0; i < y.size(); ++i) {
            const double v = y(i);
            if (!(v >= 0.0 && v < k) || v != std::floor(v))
                throw invalid_argument("dataset::labels", concat("y(", i, ") = ", v, " is not a class index in [0, ",
                                                                 class_names.size(), ")"));
            out(i) = static_cast<std::size_t>(v);
        }
        return out;
    }
};

/// @ingroup data
/// @brief A data set whose features are doubles: the tabular sets (iris, wine, census-house, …).
using dataset = basic_dataset<double>;

/**
 * @ingroup data
 * @brief A data set of grey images, one image per row of X, pixels as bytes 0–255 as the files
 * store them (load_fashion_mnist(), load_opencv_digits()).
 *
 * One byte per pixel instead of eight: Fashion-MNIST's training set is 47 MB instead of 376 MB.
 * Arithmetic on the bytes themselves wraps around (200 + 100 is 44 in uint8): convert first, as
 * nn/13's gather_rows does when it copies a batch into float and scales it by 1/255, or with
 * `xt::cast<double>(ds.X)` for statistics.
 */
using image_dataset = basic_dataset<std::uint8_t>;

namespace detail {
/// The data directory: the environment's when set and not empty, else the compile-time path
/// when given, else ".data".
inline std::string choose_data_dir(const char* compiled, const char* environment) {
    if (environment != nullptr && *environment != '\0') return environment;
    if (compiled != nullptr && *compiled != '\0') return compiled;
    return ".data";
}
}  // namespace detail

/**
 * @ingroup data
 * @brief Where the loaders look when no directory is passed.
 *
 * In order: the environment variable `LLMLINGS_DATA_DIR` when it is set and not empty (so any
 * built program can be pointed at another copy of the data without rebuilding: the same variable
 * tells `tools/fetch-data.sh` where to unpack); else the `LLMLINGS_DATA_DIR` compile definition
 * (the project's build sets it to the source tree's `.data/`, so its tests and projects find the
 * data from any working directory); else `".data"`, relative to the working directory.
 * `./llmlings data` fills the source tree's `.data/`.
 */
inline std::string default_data_dir() {
#ifdef LLMLINGS_DATA_DIR
    return detail::choose_data_dir(LLMLINGS_DATA_DIR, std::getenv("LLMLINGS_DATA_DIR"));
#else
    return detail::choose_data_dir(nullptr, std::getenv("LLMLINGS_DATA_DIR"));
#endif
}

}  // namespace data
}  // namespace llmlings

#endif  // LLMLINGS_DATA_DATASET_HPP
