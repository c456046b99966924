// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The data sets scikit-learn ships: iris, wine, breast cancer, diabetes, digits, Boston.
 *
 * The files come from Debian's python3-sklearn package
 * (`/usr/lib/python3/dist-packages/sklearn/datasets/data/`), unpacked, never installed, by
 * `./llmlings data`, which also gunzips the `.csv.gz` ones. Formats, as scikit-learn writes them:
 *
 * - iris, wine, breast cancer: a metadata line `n_samples,n_features,class names…`
 *   (`150,4,setosa,versicolor,virginica`), then n lines of d numbers and the class index.
 * - Boston: a metadata line `506,13,,…`, a line of quoted column names, then 14 numbers per line.
 * - digits: 1797 lines of 64 pixel values and the digit, no header.
 * - diabetes: `diabetes_data_raw.csv` (10 numbers separated by spaces per line) and
 *   `diabetes_target.csv` (one number per line), no header.
 *
 * The feature names are scikit-learn's (`load_iris().feature_names`, …), so results can be
 * compared with scikit-learn's documentation.
 */
#ifndef LLMLINGS_DATA_SKLEARN_HPP
#define LLMLINGS_DATA_SKLEARN_HPP

#include <cstddef>
#include <string>
#include <vector>

#include <llmlings/data/dataset.hpp>
#include <llmlings/data/parse.hpp>

namespace llmlings {
namespace data {
namespace detail {

/// Reads a classification file with scikit-learn's metadata line (iris, wine, breast cancer).
inline dataset load_sklearn_classification(const char* loader, const std::string& dir, const char* file,
                                           const char* name, std::vector<std::string> feature_names) {
    const source src{loader, join_path(dir, file)};
    const std::string text = read_file(src);
    const auto [header, block] = split_header(src, text, 1);
    const auto meta = split_cells(header[0], ',');
    if (meta.size() < 3)
        fail(src, 1,
             concat("expected the metadata line 'n_samples,n_features,class names...', found '", header[0], "'"));
    const std::size_t n = count(src, 1, meta[0], "the number of samples");
    const std::size_t d = count(src, 1, meta[1], "the number of features");
    if (d != feature_names.size())
        fail(src, 1, concat("expected ", feature_names.size(), " features, the metadata line says ", d));
    std::vector<std::string> classes;
    for (std::size_t j = 2; j < meta.size(); ++j) {
        const std::string c = trim(meta[j]);
        if (c.empty()) fail(src, 1, concat("class name ", j - 1, " of the metadata line is empty"));
        classes.push_back(c);
    }
    const matrix table = numeric_block(src, block, 2, ',', d + 1, n);
    dataset ds;
    ds.X = first_columns(table, d);
    ds.y = class_column(src, table, d, 2, classes.size());
    ds.feature_names = std::move(feature_names);
    ds.class_names = std::move(classes);
    ds.name = name;
    return ds;
}

}  // namespace detail

/**
 * @ingroup data
 * @brief Fisher's iris flowers (1936): 150 samples × 4 measurements, 3 species of 50.
 *
 * File: `iris.csv` in `dir` (from python3-sklearn). Features, in cm: sepal length, sepal width,
 * petal length, petal width (`"sepal length (cm)"`, …). Classes: setosa, versicolor, virginica;
 * y is 0, 1 or 2. These are the values of Fisher's paper (as R's `iris`), which differ from the
 * UCI copy in two samples. Published means 5.843, 3.057, 3.758, 1.199; sample standard
 * deviations 0.828, 0.436, 1.765, 0.762.
 * @param dir the data directory (default_data_dir()).
 * @throws io_error if the file is missing (the message says to run `./llmlings data`) or malformed
 * (the message gives `file:line`).
 *
 * Example: `load_iris().X(0, 2)` is 1.4 (the first flower's petal length).
 */
inline dataset load_iris(const std::string& dir = default_data_dir()) {
    return detail::load_sklearn_classification(
        "load_iris", dir, "iris.csv", "iris",
        {"sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"});
}

/**
 * @ingroup data
 * @brief Italian wines (UCI, Forina et al.): 178 samples × 13 chemical measurements, 3 cultivars.
 *
 * File: `wine_data.csv` (python3-sklearn). Features: alcohol, malic_acid, ash, alcalinity_of_ash,
 * magnesium, total_phenols, flavanoids, nonflavanoid_phenols, proanthocyanins, color_intensity,
 * hue, od280/od315_of_diluted_wines, proline. Classes class_0, class_1, class_2 with 59, 71 and
 * 48 samples. The features' scales differ by three orders of magnitude (proline ~750, hue ~1):
 * the textbook case for standardising before k-NN or gradient descent.
 * @param dir the data directory (default_data_dir()).
 * @throws io_error if the file is missing or malformed.
 */
inline dataset load_wine(const std::string& dir = default_data_dir()) {
    return detail::load_sklearn_classification(
        "load_wine", dir, "wine_data.csv", "wine",
        {"alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids",
         "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue", "od280/od315_of_diluted_wines",
         "proline"});
}

/**
 * @ingroup data
 * @brief Wisconsin diagnostic breast cancer (UCI, Street, Wolberg, Mangasarian 1993):
 * 569 samples × 30 features, malignant or benign.
 *
 * File: `breast_cancer.csv` (python3-sklearn). Ten measurements of the cell nuclei in an image
 * (radius, texture, perimeter, area, smoothness, compactness, concavity, concave points, symmetry,
 * fractal dimension), each as its mean (`"mean radius"`, columns 0–9), standard error
 * (`"radius error"`, 10–19) and worst value (`"worst radius"`, 20–29). Classes: 0 = malignant
 * (212 samples), 1 = benign (357).
 * @param dir the data directory (default_data_dir()).
 * @throws io_error if the file is missing or malformed.
 */
inline dataset load_breast_cancer(const std::string& dir = default_data_dir()) {
    std::vector<std::string> names;
    for (const char* stat : {"mean ", "", "worst "})
        for (const char* m : {"radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
                              "concave points", "symmetry", "fractal dimension"})
            names.push_back(*stat != '\0' ? std::string(stat) + m : std::string(m) + " error");
    return detail::load_sklearn_classification("load_breast_cancer", dir, "breast_cancer.csv", "breast_cancer",
                                               std::move(names));
}

/**
 * @ingroup data
 * @brief Efron, Hastie, Johnstone, Tibshirani (2004), "Least Angle Regression": 442 diabetes
 * patients × 10 baseline variables; the target is disease progression one year later.
 *
 * Files: `diabetes_data_raw.csv` and `diabetes_target.csv` (python3-sklearn's `.csv.gz`,
 * gunzipped by `./llmlings data`). Features: age (years), sex (1 or 2), bmi (body mass index),
 * bp (average blood pressure), s1–s6 (six blood serum measurements: tc, ldl, hdl, tch, ltg, glu).
 * These are the **raw** values of the paper's table, not scikit-learn's default `scaled=True`
 * version (each column centred and scaled to unit sum of squares). Target: a quantitative
 * measure of progression, 25 to 346. Regression: class_names is empty.
 * @param dir the data directory (default_data_dir()).
 * @throws io_error if a file is missing or malformed, or the two files differ in length.
 *
 * Example: the first patient is `59 2 32.1 101 157 93.2 38 4 4.8598 87`, target 151.
 */
inline dataset load_diabetes(const std::string& dir = default_data_dir()) {
    using namespace detail;
    const source data_src{"load_diabetes", join_path(dir, "diabetes_data_raw.csv")};
    const source target_src{"load_diabetes", join_path(dir, "diabetes_target.csv")};
    const std::string data_text = read_file(data_src);
    const std::string target_text = read_file(target_src);
    dataset ds;
    ds.X = numeric_block(data_src, data_text, 1, ' ', 10, 0);
    const std::size_t n = ds.X.shape()[0];
    const auto target_lines = split_lines(target_text);
    if (target_lines.size() != n)
        fail(
            target_src, 0,
            concat("expected one target per row of diabetes_data_raw.csv (", n, " rows), found ", target_lines.size()));
    ds.y = column(numeric_block(target_src, target_text, 1, ',', 1, n), 0);
    ds.feature_names = {"age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"};
    ds.name = "diabetes";
    return ds;
}

/**
 * @ingroup data
 * @brief Handwritten digits (UCI optdigits test set, Alpaydin & Kaynak): 1797 images of 8×8
 * pixels, 10 classes.
 *
 * File: `digits.csv` (python3-sklearn's `digits.csv.gz`, gunzipped by `./llmlings data`). Each row
 * of X is an 8×8 image in row-major order, `X(i, 8*r + c)` = pixel (r, c), a count of ink in 0–16
 * (feature names `pixel_r_c`). Classes `"0"` … `"9"`, so `labels()(i)` is the digit itself; about
 * 180 images per digit.
 * @param dir the data directory (default_data_dir()).
 * @throws io_error if the file is missing or malformed.
 */
inline dataset load_digits(const std::string& dir = default_data_dir()) {
    using namespace detail;
    const source src{"load_digits", join_path(dir, "digits.csv")};
    const matrix table = numeric_block(src, read_file(src), 1, ',', 65, 0);
    dataset ds;
    ds.X = first_columns(table, 64);
    ds.y = class_column(src, table, 64, 1, 10);
    for (int r = 0; r < 8; ++r)
        for (int c = 0; c < 8; ++c) ds.feature_names.push_back(concat("pixel_", r, "_", c));
    for (int k = 0; k < 10; ++k) ds.class_names.push_back(std::to_string(k));
    ds.name = "digits";
    return ds;
}

/**
 * @ingroup data
 * @brief Boston house prices (Harrison & Rubinfeld 1978): 506 census tracts × 13 features;
 * the target is the median home value in $1000s.
 *
 * File: `boston_house_prices.csv` (python3-sklearn). Features, named as in the file's header
 * line: CRIM, ZN, INDUS, CHAS, NOX, RM, AGE, DIS, RAD, TAX, PTRATIO, B, LSTAT; target MEDV
 * (mean 22.53, capped at 50). Regression: class_names is empty.
 *
 * A caveat to teach with, not around: the column B is 1000 (Bk − 0.63)², Bk the proportion of
 * Black residents, built on the assumption that racial segregation raises prices; scikit-learn
 * 1.2 removed `load_boston` for this reason (and still ships the file). Prefer
 * load_census_house() or load_diabetes() for regression exercises.
 * @param dir the data directory (default_data_dir()).
 * @throws io_error if the file is missing or malformed.
 */
inline dataset load_boston(const std::string& dir = default_data_dir()) {
    using namespace detail;
    const source src{"load_boston", join_path(dir, "boston_house_prices.csv")};
    const std::string text = read_file(src);
    const auto [header, block] = split_header(src, text, 2);
    const auto meta = split_cells(header[0], ',');
    if (meta.size() < 2)
        fail(src, 1, concat("expected the metadata line 'n_samples,n_features', found '", header[0], "'"));
    const std::size_t n = count(src, 1, meta[0], "the number of samples");
    const std::size_t d = count(src, 1, meta[1], "the number of features");
    std::vector<std::string> names;
    for (const auto& cell : split_cells(header[1], ',')) names.push_back(unquote(cell));
    if (names.size() != d + 1)
        fail(src, 2,
             concat("expected ", d + 1, " column names (", d, " features and the target), found ", names.size()));
    const matrix table = numeric_block(src, block, 3, ',', d + 1, n);
    dataset ds;
    ds.X = first_columns(table, d);
    ds.y = column(table, d);
    names.pop_back();
    ds.feature_names = std::move(names);
    ds.name = "boston";
    return ds;
}

}  // namespace data
}  // namespace llmlings

#endif  // LLMLINGS_DATA_SKLEARN_HPP
