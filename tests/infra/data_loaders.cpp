// SPDX-License-Identifier: MIT
// Tests of the data loaders (include/llmlings/data/). Two kinds of test case:
//
// [infra][data]        unit tests on small files each case writes into its own directory under
//                      /tmp: the formats, NA handling and the errors. They need no data set.
// [infra][data][real]  integration tests on the real files that `./llmlings data` unpacks into
//                      .data/ (the build passes that path as LLMLINGS_DATA_DIR), checked against
//                      published statistics. A missing data set FAILS the case with "data set
//                      missing: run ./llmlings data": a case that passes without its data would
//                      lie. Where the data cannot be fetched (no apt), set
//                      LLMLINGS_ALLOW_MISSING_DATA=1: the case is then skipped and checks nothing
//                      (LLMLINGS_SKIP: reported as skipped on Catch2 3, a warning on 2.13).
//                      The unit tests alone: test_infra_data_loaders "~[real]".
//
// Tolerances: parsed numbers are compared exactly with the same decimal literal (both are the
// correctly rounded double); statistics computed from the data are compared with a published value
// to half a unit of its last printed digit (a whole unit where the source truncates).
#include <llmlings/testing.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <string>
#include <type_traits>
#include <unordered_set>
#include <utility>
#include <vector>

#include <unistd.h>

#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include <llmlings/data.hpp>

using llmlings::testing::contains;
using llmlings::testing::ends_with;
using llmlings::testing::starts_with;
using llmlings::testing::within_abs;

namespace fs = std::filesystem;
namespace data = llmlings::data;

namespace {

using llmlings::testing::scratch_dir;

// n comma-separated copies of `value`, then `last`: a data line of the sklearn files.
std::string row(int n, const std::string& value, const std::string& last) {
    std::string line;
    for (int i = 0; i < n; ++i) line += value + ",";
    return line + last + "\n";
}

// A census-house sample: 16 inputs on one line (input j = base + j / 100), the output on the next.
std::string fann_sample(double base, double output) {
    std::string text;
    for (int j = 0; j < 16; ++j) text += std::to_string(base + j / 100.0) + (j < 15 ? " " : " \n");
    return text + std::to_string(output) + "\n";
}

// A 4-byte big-endian unsigned integer, as IDX headers store their numbers.
std::string be32(std::uint32_t v) {
    std::string s(4, '\0');
    for (int k = 0; k < 4; ++k) s[static_cast<std::size_t>(k)] = static_cast<char>((v >> (24 - 8 * k)) & 0xFF);
    return s;
}

// An IDX file: the magic number, the sizes, then `values` as they are.
std::string idx_file(std::uint32_t magic, std::initializer_list<std::uint32_t> sizes, const std::string& values) {
    std::string bytes = be32(magic);
    for (auto size : sizes) bytes += be32(size);
    return bytes + values;
}

// n bytes counting up from `first` (mod 256): 12 bytes from 244 end with 255.
std::string byte_run(std::size_t n, unsigned first) {
    std::string s;
    for (std::size_t k = 0; k < n; ++k) s += static_cast<char>((first + k) % 256);
    return s;
}

// The message of the io_error that `load` throws, or "no io_error".
std::string io_error_of(const std::function<void()>& load) {
    try {
        load();
    } catch (const llmlings::io_error& e) {
        return e.what();
    }
    return "no io_error";
}

const char* const iris_text =
    "3,4,setosa,versicolor,virginica\n"
    "5.1,3.5,1.4,0.2,0\n"
    "7.0,3.2,4.7,1.4,1\n"
    "6.3,3.3,6.0,2.5,2\n";

const char* const penguins_header =
    "species,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year\n";

}  // namespace

// ---- unit tests on files the tests write -----------------------------------------------------

TEST_CASE("load_iris reads the sklearn metadata line and the rows after it", "[infra][data]") {
    scratch_dir dir("data");
    dir.write("iris.csv", iris_text);
    const auto iris = data::load_iris(dir.str());
    REQUIRE(iris.n_samples() == 3);
    REQUIRE(iris.n_features() == 4);
    CHECK(iris.X(0, 0) == 5.1);
    CHECK(iris.X(1, 2) == 4.7);
    CHECK(iris.X(2, 3) == 2.5);
    CHECK(iris.y(0) == 0.0);
    CHECK(iris.y(2) == 2.0);
    CHECK(iris.labels()(1) == 1);
    CHECK(iris.class_names == std::vector<std::string>{"setosa", "versicolor", "virginica"});
    CHECK(iris.feature_names.front() == "sepal length (cm)");
    CHECK(iris.feature_names.back() == "petal width (cm)");
    CHECK(iris.name == "iris");
    CHECK(iris.is_classification());
}

TEST_CASE("load_wine and load_breast_cancer check the feature count of the metadata line", "[infra][data]") {
    scratch_dir dir("data");
    dir.write("wine_data.csv", "2,13,class_0,class_1,class_2\n" + row(13, "1.5", "0") + row(13, "2", "2"));
    const auto wine = data::load_wine(dir.str());
    CHECK(wine.n_samples() == 2);
    CHECK(wine.n_features() == 13);
    CHECK(wine.feature_names[12] == "proline");
    CHECK(wine.class_names.size() == 3);
    CHECK(wine.X(1, 12) == 2.0);

    dir.write("breast_cancer.csv", "1,30,malignant,benign\n" + row(30, "0.25", "1"));
    const auto cancer = data::load_breast_cancer(dir.str());
    CHECK(cancer.n_features() == 30);
    CHECK(cancer.feature_names[0] == "mean radius");
    CHECK(cancer.feature_names[10] == "radius error");
    CHECK(cancer.feature_names[27] == "worst concave points");
    CHECK(cancer.feature_names[29] == "worst fractal dimension");
    CHECK(cancer.class_names == std::vector<std::string>{"malignant", "benign"});
    CHECK(cancer.y(0) == 1.0);

    dir.write("wine_data.csv", "1,12,class_0,class_1,class_2\n" + row(12, "1", "0"));
    CHECK_THROWS_WITH(data::load_wine(dir.str()), starts_with("load_wine: " + dir.file("wine_data.csv") + ":1: ") &&
                                                      contains("expected 13 features, the metadata line says 12"));
}

TEST_CASE("A malformed line is reported with its file and line number", "[infra][data]") {
    scratch_dir dir("data");
    const std::string where = "load_iris: " + dir.file("iris.csv");
    auto iris_error = [&](const std::string& text) {
        dir.write("iris.csv", text);
        try {
            data::load_iris(dir.str());
        } catch (const llmlings::io_error& e) {
            return std::string(e.what());
        }
        return std::string("no io_error");
    };
    const std::string meta = "3,4,setosa,versicolor,virginica\n";
    const std::string good = "5.1,3.5,1.4,0.2,0\n";
    CHECK(iris_error(meta + good + "7.0,abc,4.7,1.4,1\n" + good) ==
          where + ":3: column 2: expected a number, found 'abc'");
    CHECK(iris_error(meta + good + good + "6.3,3.3,6.0,2\n") ==
          where + ":4: expected 5 numbers separated by ',', found 4");
    CHECK(iris_error(meta + good + "\n" + good) ==
          where + ":3: expected 5 numbers separated by ',', found 0 (an empty line)");
    CHECK(iris_error(meta + good + "7.0,,4.7,1.4,1\n" + good) ==
          where + ":3: column 2: expected a number, found an empty cell");
    CHECK(iris_error(meta + "5.1,3.5,1.4,0.2,3\n" + good + good) ==
          where + ":2: column 5: expected a class index from 0 to 2, found 3");
    CHECK(iris_error(meta + good + "5.1,3.5,1.4,0.2,0.5\n" + good) ==
          where + ":3: column 5: expected a class index from 0 to 2, found 0.5");
    CHECK(iris_error(meta + good + good) == where + ": expected 3 data rows (as the header says), found 2");
    CHECK(iris_error(meta) == where + ": no data rows after line 1");
    CHECK(iris_error("iris flowers\n" + good) ==
          where + ":1: expected the metadata line 'n_samples,n_features,class names...', found 'iris flowers'");
    CHECK(iris_error("three,4,a,b,c\n" + good) ==
          where + ":1: expected the number of samples (a positive integer), found 'three'");
    CHECK(iris_error("") == where + ": the file ends after 0 lines, expected 1 header line and data");
    // 6, 4 and 5 values: 15 in all, which xt::load_csv alone would take for a (3,5) table.
    CHECK(iris_error(meta + "1,2,3,4,5,0\n1,2,3,0\n1,2,3,4,0\n") ==
          where + ":2: expected 5 numbers separated by ',', found 6");
    // Windows line ends are read like Unix ones.
    std::string crlf = iris_text;
    for (std::size_t p = crlf.find('\n'); p != std::string::npos; p = crlf.find('\n', p + 2)) crlf.insert(p, "\r");
    dir.write("iris.csv", crlf);
    CHECK(data::load_iris(dir.str()).class_names.back() == "virginica");
}

TEST_CASE("load_boston takes the feature names from its quoted header line", "[infra][data]") {
    scratch_dir dir("data");
    dir.write("boston_house_prices.csv",
              "2,3,,,\n\"CRIM\",\"ZN\",\"INDUS\",\"MEDV\"\n0.00632,18,2.31,24\n0.02731,0,7.07,21.6\n");
    const auto boston = data::load_boston(dir.str());
    CHECK(boston.feature_names == std::vector<std::string>{"CRIM", "ZN", "INDUS"});
    CHECK(boston.n_samples() == 2);
    CHECK(boston.X(0, 0) == 0.00632);
    CHECK(boston.y(1) == 21.6);
    CHECK(boston.class_names.empty());
    CHECK_FALSE(boston.is_classification());

    dir.write("boston_house_prices.csv", "1,3,,,\n\"CRIM\",\"ZN\",\"MEDV\"\n1,2,3,4\n");
    CHECK_THROWS_WITH(data::load_boston(dir.str()),
                      "load_boston: " + dir.file("boston_house_prices.csv") +
                          ":2: expected 4 column names (3 features and the target), found 3");
}

TEST_CASE("load_diabetes joins the data file and the target file", "[infra][data]") {
    scratch_dir dir("data");
    dir.write("diabetes_data_raw.csv",
              "59 2 32.1 101.0 157 93.2 38.0 4.0 4.8598 87\n48 1 21.6 87.0 183 103.2 70.0 3.0 3.8918 69\n");
    dir.write("diabetes_target.csv", "1.510000000000000000e+02\n7.500000000000000000e+01\n");
    const auto diabetes = data::load_diabetes(dir.str());
    REQUIRE(diabetes.n_samples() == 2);
    REQUIRE(diabetes.n_features() == 10);
    CHECK(diabetes.X(0, 8) == 4.8598);
    CHECK(diabetes.X(1, 9) == 69.0);
    CHECK(diabetes.y(0) == 151.0);
    CHECK(diabetes.y(1) == 75.0);
    CHECK(diabetes.feature_names[2] == "bmi");
    CHECK_THROWS_AS(diabetes.labels(), llmlings::invalid_argument);

    dir.write("diabetes_target.csv", "1.51e+02\n");
    CHECK_THROWS_WITH(data::load_diabetes(dir.str()),
                      starts_with("load_diabetes: " + dir.file("diabetes_target.csv") + ": ") &&
                          ends_with("expected one target per row of diabetes_data_raw.csv (2 rows), found 1"));
    dir.write("diabetes_data_raw.csv", "59  2 32.1 101.0 157 93.2 38.0 4.0 4.8598 87\n");
    CHECK_THROWS_WITH(data::load_diabetes(dir.str()), "load_diabetes: " + dir.file("diabetes_data_raw.csv") +
                                                          ":1: expected 10 numbers separated by spaces, found 11");
}

TEST_CASE("load_digits reads 64 pixels and the digit per line", "[infra][data]") {
    scratch_dir dir("data");
    std::string second;
    for (int p = 0; p < 64; ++p) second += std::to_string(p % 17) + ",";
    dir.write("digits.csv", row(64, "0", "7") + second + "3\n");
    const auto digits = data::load_digits(dir.str());
    REQUIRE(digits.n_samples() == 2);
    REQUIRE(digits.n_features() == 64);
    CHECK(digits.X(1, 8 * 2 + 3) == 19 % 17);  // pixel (2,3) is value 19 % 17 of the row
    CHECK(digits.feature_names[8 * 2 + 3] == "pixel_2_3");
    CHECK(digits.labels()(0) == 7);
    CHECK(digits.class_names[digits.labels()(1)] == "3");

    dir.write("digits.csv", "");
    CHECK_THROWS_WITH(data::load_digits(dir.str()), "load_digits: " + dir.file("digits.csv") + ": the file is empty");
    dir.write("digits.csv", row(64, "0", "10"));
    CHECK_THROWS_WITH(data::load_digits(dir.str()),
                      contains("digits.csv:1: column 65: expected a class index from 0 to 9, found 10"));
}

TEST_CASE("load_penguins turns NA into NaN and species into classes", "[infra][data]") {
    scratch_dir dir("data");
    dir.write("penguins.csv", std::string(penguins_header) +
                                  "Adelie,Torgersen,39.1,18.7,181,3750,male,2007\n"
                                  "Adelie,Torgersen,NA,NA,NA,NA,NA,2007\n"
                                  "Gentoo,Biscoe,46.1,13.2,211,4500,female,2007\n"
                                  "Chinstrap,Dream,46.5,17.9,192,3500,NA,2007\n");
    const auto penguins = data::load_penguins(dir.str());
    REQUIRE(penguins.n_samples() == 4);
    REQUIRE(penguins.n_features() == 4);
    CHECK(penguins.X(0, 0) == 39.1);
    CHECK(penguins.X(3, 3) == 3500.0);
    for (std::size_t j = 0; j < 4; ++j) CHECK(std::isnan(penguins.X(1, j)));
    CHECK(penguins.class_names == std::vector<std::string>{"Adelie", "Chinstrap", "Gentoo"});
    CHECK(penguins.labels()(2) == 2);  // Gentoo
    CHECK(penguins.labels()(3) == 1);  // Chinstrap
    CHECK(penguins.feature_names ==
          std::vector<std::string>{"bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"});

    const std::string where = "load_penguins: " + dir.file("penguins.csv");
    dir.write("penguins.csv", std::string(penguins_header) + "Adelie,Torgersen,39.1,18.7,181,3750,male,2007\n" +
                                  "Emperor,Ross,100,20,230,30000,male,2007\n");
    CHECK_THROWS_WITH(data::load_penguins(dir.str()),
                      where + ":3: column 1: expected the species Adelie, Chinstrap or Gentoo, found 'Emperor'");
    dir.write("penguins.csv", std::string(penguins_header) + "Adelie,Torgersen,39.1,n/a,181,3750,male,2007\n");
    CHECK_THROWS_WITH(data::load_penguins(dir.str()), where + ":2: column 4: expected a number or NA, found 'n/a'");
    dir.write("penguins.csv", std::string(penguins_header) + "Adelie,Torgersen,39.1,18.7,181,3750,male\n");
    CHECK_THROWS_WITH(data::load_penguins(dir.str()), where + ":2: expected 8 cells separated by ',', found 7");
    dir.write("penguins.csv", "species,bill_length_mm\nAdelie,39.1\n");
    CHECK_THROWS_WITH(data::load_penguins(dir.str()), starts_with(where + ":1: expected the header 'species,island,"));
}

TEST_CASE("load_census_house reads FANN alternating input and output lines", "[infra][data]") {
    scratch_dir dir("data");
    dir.write("census-house.train", "2 16 1\n" + fann_sample(0.25, 0.5) + fann_sample(0.5, 0.75));
    dir.write("census-house.test", "1 16 1\n" + fann_sample(0.125, 0.0625));
    const auto train = data::load_census_house(dir.str(), "train");
    REQUIRE(train.n_samples() == 2);
    REQUIRE(train.n_features() == 16);
    CHECK(train.X(0, 0) == 0.25);
    CHECK(train.X(1, 15) == 0.65);
    CHECK(train.y(0) == 0.5);
    CHECK(train.y(1) == 0.75);
    CHECK(train.feature_names[15] == "input_15");
    CHECK(train.name == "census-house.train");
    const auto test = data::load_census_house(dir.str(), "test");
    REQUIRE(test.n_samples() == 1);
    CHECK(test.y(0) == 0.0625);

    const std::string where = "load_census_house: " + dir.file("census-house.train");
    dir.write("census-house.train", "2 16\n" + fann_sample(0.25, 0.5));
    CHECK_THROWS_WITH(data::load_census_house(dir.str()),
                      where + ":1: expected the header 'N n_in n_out' (three counts), found '2 16'");
    dir.write("census-house.train", "3 16 1\n" + fann_sample(0.25, 0.5) + fann_sample(0.5, 0.75));
    CHECK_THROWS_WITH(data::load_census_house(dir.str()),
                      where + ": the header announces 3 samples, i.e. 6 lines after it, but there are 4");
    std::string short_sample = fann_sample(0.5, 0.75);
    short_sample.erase(0, short_sample.find(' ') + 1);  // drop the first input: 15 are left
    dir.write("census-house.train", "2 16 1\n" + fann_sample(0.25, 0.5) + short_sample);
    CHECK_THROWS_WITH(data::load_census_house(dir.str()),
                      where + ":4: expected the 16 inputs of sample 2, found 15 numbers");
    dir.write("census-house.train", "1 2 1\n0.5 0.5\n1\n");
    CHECK_THROWS_WITH(data::load_census_house(dir.str()),
                      where + ":1: expected 16 inputs and 1 output (header 'N 16 1'), found 2 and 1");
    CHECK_THROWS_AS(data::load_census_house(dir.str(), "validation"), llmlings::invalid_argument);
}

TEST_CASE("read_idx reads the shape and the bytes of 3 images of 2x2 pixels", "[infra][data]") {
    scratch_dir dir("data");
    dir.write("images", idx_file(0x00000803, {3, 2, 2}, byte_run(12, 244)));
    const auto images = data::read_idx(dir.file("images"));
    CHECK(images.shape == std::vector<std::size_t>{3, 2, 2});
    REQUIRE(images.values.size() == 12);
    CHECK(images.values[0] == 244);
    CHECK(images.values[4 * 1 + 2 * 1 + 0] == 250);  // image 1, pixel (1,0)
    CHECK(images.values[11] == 255);
    dir.write("labels", idx_file(0x00000801, {3}, std::string("\x09\x00\x03", 3)));
    const auto labels = data::read_idx(dir.file("labels"));
    CHECK(labels.shape == std::vector<std::size_t>{3});
    CHECK(labels.values == std::vector<std::uint8_t>{9, 0, 3});
    dir.write("empty", idx_file(0x00000802, {0, 5}, ""));  // no rows: a valid, empty array
    CHECK(data::read_idx(dir.file("empty")).shape == std::vector<std::size_t>{0, 5});
}

TEST_CASE("read_idx rejects a truncated file a wrong magic number and other element types", "[infra][data]") {
    scratch_dir dir("data");
    const std::string where = "read_idx: " + dir.file("f");
    auto idx_error = [&](const std::string& bytes) {
        dir.write("f", bytes);
        return io_error_of([&] { data::read_idx(dir.file("f")); });
    };
    CHECK(idx_error(idx_file(0x00000803, {3, 2, 2}, byte_run(11, 0))) ==
          where +
              ": the header announces 3x2x2 = 12 bytes of data (28 bytes in all), but 11 bytes follow "
              "the header (truncated?)");
    CHECK(idx_error(idx_file(0x00000803, {3, 2, 2}, byte_run(13, 0))) ==
          where +
              ": the header announces 3x2x2 = 12 bytes of data (28 bytes in all), but 13 bytes follow "
              "the header (extra bytes at the end)");
    CHECK(idx_error(idx_file(0x00000803, {3, 2}, "")) ==
          where +
              ": truncated header: magic 0x00000803 announces 3 dimension sizes (16 header bytes), but "
              "the file has only 12 bytes");
    CHECK(idx_error(idx_file(0x00000803, {0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF}, byte_run(8, 0))) ==
          where +
              ": the header announces 4294967295x4294967295x4294967295 bytes of data, more than the "
              "file's 24 bytes (truncated?)");
    CHECK(idx_error("P5\n2 2\n255\n....") ==
          where +
              ": expected the IDX magic number 0x000008kk (0x00000801 for labels, 0x00000803 for "
              "images), found 0x50350a32: not an IDX file");
    CHECK_THAT(idx_error(idx_file(0x00000800, {}, "")), starts_with(where + ": expected the IDX magic number"));
    CHECK(idx_error(idx_file(0x00000d03, {1, 1, 1}, "abcd")) ==
          where +
              ": expected unsigned bytes (magic 0x000008kk: type 0x08), found magic 0x00000d03 (type "
              "0x0d); only unsigned-byte IDX files are read");
    CHECK(idx_error("ab") == where +
                                 ": expected an IDX file (a 4-byte magic number such as 0x00000803, then "
                                 "the sizes and the data), found only 2 bytes");
    CHECK_THROWS_WITH(data::read_idx(dir.file("none")),
                      starts_with("read_idx: cannot open '" + dir.file("none") + "'"));
}

TEST_CASE("load_fashion_mnist turns 28x28 IDX images into rows of 784 pixels", "[infra][data]") {
    scratch_dir dir("data");
    fs::create_directories(dir.file("fashion-mnist"));
    // 3 train images whose pixel k of image i is (7 i + k) mod 256; labels 9, 0, 3. 1 test image.
    std::string pixels;
    for (unsigned i = 0; i < 3; ++i) pixels += byte_run(784, 7 * i);
    dir.write("fashion-mnist/train-images-idx3-ubyte", idx_file(0x00000803, {3, 28, 28}, pixels));
    dir.write("fashion-mnist/train-labels-idx1-ubyte", idx_file(0x00000801, {3}, std::string("\x09\x00\x03", 3)));
    dir.write("fashion-mnist/t10k-images-idx3-ubyte", idx_file(0x00000803, {1, 28, 28}, byte_run(784, 100)));
    dir.write("fashion-mnist/t10k-labels-idx1-ubyte", idx_file(0x00000801, {1}, std::string("\x07", 1)));
    const auto train = data::load_fashion_mnist("train", 0, dir.str());
    REQUIRE(train.n_samples() == 3);
    REQUIRE(train.n_features() == 784);
    // Bytes, as the file stores them: one byte per pixel (scaled to [0, 1] only in a batch).
    CHECK(std::is_same<std::decay_t<decltype(train.X(0, 0))>, std::uint8_t>::value);
    CHECK(train.X(0, 0) == 0);
    CHECK(train.X(1, 28 * 2 + 5) == (7 + 28 * 2 + 5) % 256);  // image 1, pixel (2,5)
    CHECK(train.X(2, 783) == (14 + 783) % 256);
    CHECK(train.X(0, 255) == 255.0);
    CHECK((train.labels() == llmlings::index_vector{9, 0, 3}));
    CHECK(train.class_names.size() == 10);
    CHECK(train.class_names[9] == "Ankle boot");
    CHECK(train.class_names[0] == "T-shirt/top");
    CHECK(train.feature_names[28 * 2 + 5] == "pixel_2_5");
    CHECK(train.name == "fashion-mnist.train");
    const auto first_two = data::load_fashion_mnist("train", 2, dir.str());
    CHECK(first_two.n_samples() == 2);
    CHECK(first_two.X(1, 783) == train.X(1, 783));
    CHECK(data::load_fashion_mnist("train", 10, dir.str()).n_samples() == 3);  // more than there are: all
    const auto test = data::load_fashion_mnist("test", 0, dir.str());
    REQUIRE(test.n_samples() == 1);
    CHECK(test.X(0, 0) == 100.0);
    CHECK(test.y(0) == 7.0);
    CHECK(test.class_names[test.labels()(0)] == "Sneaker");

    const std::string images = dir.file("fashion-mnist/train-images-idx3-ubyte");
    const std::string labels = dir.file("fashion-mnist/train-labels-idx1-ubyte");
    auto train_error = [&] { return io_error_of([&] { data::load_fashion_mnist("train", 0, dir.str()); }); };
    dir.write("fashion-mnist/train-labels-idx1-ubyte", idx_file(0x00000801, {2}, std::string("\x09\x00", 2)));
    CHECK(train_error() ==
          "load_fashion_mnist: " + labels + ": expected one label per image of " + images + " (3), found 2");
    dir.write("fashion-mnist/train-labels-idx1-ubyte", idx_file(0x00000801, {3}, std::string("\x09\x0a\x03", 3)));
    CHECK(train_error() == "load_fashion_mnist: " + labels + ": label 1 (byte 9) is 10, expected a class from 0 to 9");
    dir.write("fashion-mnist/train-images-idx3-ubyte", idx_file(0x00000803, {3, 2, 2}, byte_run(12, 0)));
    CHECK(train_error() ==
          "load_fashion_mnist: " + images + ": expected images of 28x28 pixels (shape n x 28 x 28), found shape 3x2x2");
    dir.write("fashion-mnist/train-images-idx3-ubyte", idx_file(0x00000803, {3, 28, 28}, pixels.substr(1)));
    CHECK_THAT(train_error(), starts_with("load_fashion_mnist: " + images + ": the header announces 3x28x28") &&
                                  ends_with("(truncated?)"));
    CHECK_THROWS_AS(data::load_fashion_mnist("validation", 0, dir.str()), llmlings::invalid_argument);
    fs::remove(images);
    CHECK_THAT(train_error(), starts_with("load_fashion_mnist: cannot open '" + images + "'") &&
                                  contains("run ./llmlings data fashion-mnist"));
}

TEST_CASE("read_pgm reads a P5 greymap whose header has comments", "[infra][data]") {
    scratch_dir dir("data");
    dir.write("a.pgm",
              "P5\n# made by hand\n3 2\n# a second comment\n255\n" + std::string("\x00\x10\x20\xf0\xfe\xff", 6));
    const auto img = data::read_pgm(dir.file("a.pgm"));
    CHECK(img.width == 3);
    CHECK(img.height == 2);
    CHECK(img.maxval == 255);
    CHECK(img.pixels == std::vector<std::uint8_t>{0x00, 0x10, 0x20, 0xf0, 0xfe, 0xff});
    // A comment right after the magic, one line for all numbers, and the pixel byte 10 ('\n').
    dir.write("b.pgm", "P5# comment\n1 1 15\n\x0a");
    const auto tiny = data::read_pgm(dir.file("b.pgm"));
    CHECK(tiny.maxval == 15);
    CHECK(tiny.pixels == std::vector<std::uint8_t>{10});
}

TEST_CASE("read_pgm rejects other netpbm formats a bad header and truncated pixels", "[infra][data]") {
    scratch_dir dir("data");
    const std::string where = "read_pgm: " + dir.file("f.pgm");
    auto pgm_error = [&](const std::string& bytes) {
        dir.write("f.pgm", bytes);
        return io_error_of([&] { data::read_pgm(dir.file("f.pgm")); });
    };
    CHECK(pgm_error("P2\n3 1\n255\n1 2 3\n") ==
          where + ": expected a binary greymap (PGM, magic 'P5'), found 'P2' (an ASCII greymap)");
    CHECK(pgm_error("P6\n1 1\n255\nabc") ==
          where +
              ": expected a binary greymap (PGM, magic 'P5'), found 'P6' (a colour pixmap: convert it with ppmtopgm)");
    CHECK(pgm_error("\x89PNG\r\n") == where + ": expected a binary greymap (PGM, magic 'P5'), found '\x89P'");
    CHECK(pgm_error("P5\n3\n") ==
          where + ": expected the height (a positive integer) in the PGM header, found the end of the file");
    CHECK(pgm_error("P5\n3 x2\n255\n") ==
          where + ": expected the height (a positive integer) in the PGM header, found 'x'");
    CHECK(pgm_error("P5\n0 2\n255\n") ==
          where + ": expected the width (a positive integer) in the PGM header, found '0'");
    CHECK(pgm_error("P5\n3 2\n65535\n" + std::string(12, 'a')) ==
          where +
              ": maximum grey level 65535 means two bytes per pixel; expected one byte per pixel (maxval 1 to 255)");
    CHECK(pgm_error("P5\n3 2\n255\nabcde") ==
          where + ": the header announces 3x2 = 6 pixels, but 5 bytes follow the header (truncated?)");
    CHECK(pgm_error("P5\n3 2\n255\nabcdefP5\n") ==
          where +
              ": the header announces 3x2 = 6 pixels, but 9 bytes follow the header (extra bytes: several "
              "images in one file?)");
    CHECK(pgm_error("P5\n2 1\n100\n\x64\x65") == where + ": pixel (0,1) is 101, above the maximum grey level 100");
    CHECK(pgm_error("P5\n1 1\n255#\n\x01") ==
          where + ": expected one whitespace character after the maximum grey level, found a comment");
}

TEST_CASE("load_opencv_digits cuts the 2000x1000 picture into 5000 cells of 20x20", "[infra][data]") {
    scratch_dir dir("data");
    // Pixel (y,x) of the picture is (y + 3 x) mod 256; cell (R,C) starts at y = 20 R, x = 20 C.
    std::string pixels(2000 * 1000, '\0');
    for (std::size_t y = 0; y < 1000; ++y)
        for (std::size_t x = 0; x < 2000; ++x) pixels[y * 2000 + x] = static_cast<char>((y + 3 * x) % 256);
    dir.write("opencv-digits.pgm", "P5\n# pngtopnm\n2000 1000\n255\n" + pixels);
    const auto digits = data::load_opencv_digits(dir.str());
    REQUIRE(digits.n_samples() == 5000);
    REQUIRE(digits.n_features() == 400);
    CHECK(std::is_same<std::decay_t<decltype(digits.X(0, 0))>, std::uint8_t>::value);  // bytes, as in the file
    const auto expect = [](std::size_t row, std::size_t col, std::size_t r, std::size_t c) {
        return static_cast<std::uint8_t>((20 * row + r + 3 * (20 * col + c)) % 256);
    };
    CHECK(digits.X(0, 0) == 0);
    CHECK(digits.X(1, 0) == expect(0, 1, 0, 0));                  // the next cell to the right
    CHECK(digits.X(100, 0) == expect(1, 0, 0, 0));                // the first cell of the second row
    CHECK(digits.X(4999, 20 * 19 + 7) == expect(49, 99, 19, 7));  // the last cell, pixel (19,7)
    CHECK(digits.X(1234, 20 * 5 + 11) == expect(12, 34, 5, 11));
    CHECK(digits.y(0) == 0.0);
    CHECK(digits.y(499) == 0.0);  // row 4: still zeros
    CHECK(digits.y(500) == 1.0);  // row 5: the ones
    CHECK(digits.y(4999) == 9.0);
    CHECK(digits.class_names == std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"});
    CHECK(digits.feature_names[20 * 5 + 11] == "pixel_5_11");
    CHECK(digits.name == "opencv-digits");

    const std::string file = dir.file("opencv-digits.pgm");
    dir.write("opencv-digits.pgm", "P5\n20 20\n255\n" + std::string(400, 'a'));
    CHECK_THROWS_WITH(data::load_opencv_digits(dir.str()), "load_opencv_digits: " + file +
                                                               ": expected a 2000x1000 greymap with maxval 255 (100x50 "
                                                               "cells of 20x20), found 20x20 with maxval 255");
    dir.write("opencv-digits.pgm", "P2\n2000 1000\n255\n");
    CHECK_THROWS_WITH(data::load_opencv_digits(dir.str()),
                      starts_with("load_opencv_digits: " + file + ": expected a binary greymap"));
    fs::remove(file);
    CHECK_THROWS_WITH(data::load_opencv_digits(dir.str()), contains("run ./llmlings data opencv-digits"));
}

TEST_CASE("load_kjv reads book chapter verse and text per line and kjv_text joins the texts", "[infra][data]") {
    scratch_dir dir("data");
    dir.write("kjv.tsv",
              "Genesis\t1\t1\tIn the beginning God created the heaven and the earth.\n"
              "1 Samuel\t3\t10\tAnd the LORD came, and stood.\n"
              "Revelation\t22\t21\tAmen. \n");
    const auto verses = data::load_kjv(dir.str());
    REQUIRE(verses.size() == 3);
    CHECK(verses[0].book == "Genesis");
    CHECK(verses[0].chapter == 1);
    CHECK(verses[0].number == 1);
    CHECK(verses[0].text == "In the beginning God created the heaven and the earth.");
    CHECK(verses[1].book == "1 Samuel");  // a book name with a space
    CHECK(verses[1].chapter == 3);
    CHECK(verses[1].number == 10);
    CHECK(verses[2].chapter == 22);
    CHECK(verses[2].text == "Amen. ");  // the text is kept byte for byte, trailing blank included
    CHECK(data::kjv_text(verses) ==
          "In the beginning God created the heaven and the earth.\nAnd the LORD came, and stood.\nAmen. ");
    CHECK(data::kjv_text({}).empty());
    CHECK(data::kjv_text({{"Jude", 1, 1, "Jude"}}) == "Jude");
}

TEST_CASE("load_kjv reports a malformed line with its file and line number", "[infra][data]") {
    scratch_dir dir("data");
    const std::string where = "load_kjv: " + dir.file("kjv.tsv");
    auto kjv_error = [&](const std::string& text) {
        dir.write("kjv.tsv", text);
        try {
            data::load_kjv(dir.str());
        } catch (const llmlings::io_error& e) {
            return std::string(e.what());
        }
        return std::string("no io_error");
    };
    const std::string good = "Genesis\t1\t1\tIn the beginning\n";
    CHECK(kjv_error(good + "Genesis\t1\tAnd the earth\n") ==
          where + ":2: expected 4 fields separated by tabs (book, chapter, verse, text), found 3");
    CHECK(kjv_error(good + good + "Genesis 1 3 And God said\n") ==
          where + ":3: expected 4 fields separated by tabs (book, chapter, verse, text), found 1");
    CHECK(kjv_error(good + "Genesis\t1\t2\tAnd\tthe earth\n") ==
          where + ":2: expected 4 fields separated by tabs (book, chapter, verse, text), found more");
    CHECK(kjv_error(good + "Genesis\tone\t2\tAnd the earth\n") ==
          where + ":2: expected the chapter number (a positive integer), found 'one'");
    CHECK(kjv_error("Genesis\t1\t0\tIn the beginning\n") ==
          where + ":1: expected the verse number (a positive integer), found '0'");
    CHECK(kjv_error(good + "\t1\t2\tAnd the earth\n") ==
          where + ":2: expected a book name in field 1, found an empty field");
    CHECK(kjv_error(good + "Genesis\t1\t2\t\n") ==
          where + ":2: expected the verse's text in field 4, found an empty field");
    CHECK(kjv_error(good + "\n") ==
          where + ":2: expected 4 fields separated by tabs (book, chapter, verse, text), found 1");
    CHECK(kjv_error("") == where + ": the file is empty, expected one verse per line");
    // Windows line ends are read like Unix ones.
    dir.write("kjv.tsv", "Genesis\t1\t1\tIn the beginning\r\nGenesis\t1\t2\tAnd\r\n");
    CHECK(data::kjv_text(data::load_kjv(dir.str())) == "In the beginning\nAnd");
}

TEST_CASE("load_rv1909 reads kjv.tsv's format from rv1909.tsv with its UTF-8 text byte for byte", "[infra][data]") {
    scratch_dir dir("data");
    dir.write("rv1909.tsv",
              "Genesis\t1\t1\tEN el principio cri\xC3\xB3 Dios los cielos y la tierra.\n"
              "1 Samuel\t3\t10\tY vino Jehov\xC3\xA1, y par\xC3\xB3se: \xC2\xA1Samuel, Samuel!\n"
              "Revelation\t22\t21\tAm\xC3\xA9n.");  // no final newline
    const auto verses = data::load_rv1909(dir.str());
    REQUIRE(verses.size() == 3);
    CHECK(verses[0].book == "Genesis");
    CHECK(verses[0].chapter == 1);
    CHECK(verses[0].number == 1);
    CHECK(verses[0].text == "EN el principio crió Dios los cielos y la tierra.");
    CHECK(verses[0].text.size() == 50);  // "ó" is 2 bytes: 49 characters
    CHECK(verses[1].book == "1 Samuel");
    CHECK(verses[1].chapter == 3);
    CHECK(verses[1].number == 10);
    CHECK(verses[1].text == "Y vino Jehová, y paróse: ¡Samuel, Samuel!");
    CHECK(verses[2].book == "Revelation");
    CHECK(verses[2].chapter == 22);
    CHECK(verses[2].number == 21);
    CHECK(data::rv1909_text(verses) ==
          "EN el principio crió Dios los cielos y la tierra.\nY vino Jehová, y paróse: ¡Samuel, Samuel!\nAmén.");
    CHECK(data::rv1909_text({}).empty());
    CHECK(data::rv1909_text(verses) == data::kjv_text(verses));
}

TEST_CASE("load_rv1909 reports a malformed line with its file and line number as load_kjv does", "[infra][data]") {
    scratch_dir dir("data");
    const std::string where = "load_rv1909: " + dir.file("rv1909.tsv");
    auto rv_error = [&](const std::string& text) {
        dir.write("rv1909.tsv", text);
        try {
            data::load_rv1909(dir.str());
        } catch (const llmlings::io_error& e) {
            return std::string(e.what());
        }
        return std::string("no io_error");
    };
    const std::string good = "Genesis\t1\t1\tEN el principio\n";
    // diatheke's own line, not converted
    CHECK(rv_error(good + "Genesis 1:2: Y la tierra\n") ==
          where + ":2: expected 4 fields separated by tabs (book, chapter, verse, text), found 1");
    CHECK(rv_error(good + "Genesis\t1\tY la tierra\n") ==
          where + ":2: expected 4 fields separated by tabs (book, chapter, verse, text), found 3");
    CHECK(rv_error(good + "Genesis\t1\t2\tY la\ttierra\n") ==
          where + ":2: expected 4 fields separated by tabs (book, chapter, verse, text), found more");
    CHECK(rv_error(good + "Genesis\tuno\t2\tY la tierra\n") ==
          where + ":2: expected the chapter number (a positive integer), found 'uno'");
    CHECK(rv_error(good + "Genesis\t1\t-2\tY la tierra\n") ==
          where + ":2: expected the verse number (a positive integer), found '-2'");
    CHECK(rv_error(good + "Genesis\t1\t0\tY la tierra\n") ==
          where + ":2: expected the verse number (a positive integer), found '0'");
    CHECK(rv_error(good + "Genesis\t1\t2\t\n") ==
          where + ":2: expected the verse's text in field 4, found an empty field");
    CHECK(rv_error("") == where + ": the file is empty, expected one verse per line");
    dir.write("rv1909.tsv", "Genesis\t1\t1\tEN\r\n");
    CHECK_THROWS_AS(data::load_rv1909(dir.str() + "/nowhere"), llmlings::io_error);
    CHECK(data::load_rv1909(dir.str()).front().text == "EN");  // Windows line ends too
}

TEST_CASE("load_stopwords reads one word per line and skips blank lines", "[infra][data]") {
    scratch_dir dir("data");
    dir.write("stopwords-english.txt", "the\nand\n\n  is \r\n\t\nthe\ndon't\n");
    const auto english = data::load_stopwords("english", dir.str());
    CHECK(english == std::unordered_set<std::string>{"the", "and", "is", "don't"});  // trimmed, once each
    dir.write("stopwords-smart.txt", "a\na's\nable");                                // no final newline
    CHECK(data::load_stopwords("smart", dir.str()) == std::unordered_set<std::string>{"a", "a's", "able"});
    // the list name is checked before any file is read
    CHECK_THROWS_AS(data::load_stopwords("English", dir.str()), llmlings::invalid_argument);
    CHECK_THROWS_WITH(data::load_stopwords("german", dir.str()),
                      starts_with("load_stopwords: unknown list 'german'") && contains("\"english\" or \"smart\""));
    dir.write("stopwords-english.txt", "\n \n\t\n");
    CHECK(io_error_of([&] { data::load_stopwords("english", dir.str()); }) ==
          "load_stopwords: " + dir.file("stopwords-english.txt") +
              ": the file holds no word, expected one stop word per line");
}

TEST_CASE("parse_debian_faq splits the text into sections after the first chapter line", "[infra][data]") {
    // The FAQ's layout: a table of contents (indented), then "Chapter N. Title" lines, section
    // headings "N.M." + a no-break space (C2 A0) at the start of a line, a question wrapped up to a
    // blank line, an indented answer; deeper headings stay in their section's answer.
    const std::string nbsp = "\xC2\xA0";
    const std::string text =
        "Contents\n\n    1.1. What is this FAQ?\n    1.2. Why?\n\n"
        "Chapter" +
        nbsp + "1." + nbsp +
        "Definitions\n\n"
        "1.1." +
        nbsp +
        "What is this FAQ?\n\n"
        "    This document gives\n    answers.\n\n" +
        nbsp + nbsp +
        "  A second paragraph.\n\n"
        "1.2." +
        nbsp +
        "A question that is wrapped over\nline two?\n\n    Yes.\n\n"
        "1.2.1." +
        nbsp +
        "dpkg\n\n    The low level.\n\n"
        "1.2.1.1. dpkg-deb\n\n    Archives.\n\n"
        "Chapter 2. More\n\n2.1. Plain space heading\n\n    12.1. is not a heading here\n";
    const auto entries = data::parse_debian_faq(text, "faq.txt");
    REQUIRE(entries.size() == 3);
    CHECK(entries[0].number == "1.1");
    CHECK(entries[0].question == "What is this FAQ?");
    CHECK(entries[0].answer == "This document gives answers.\nA second paragraph.");
    CHECK(entries[1].number == "1.2");
    CHECK(entries[1].question == "A question that is wrapped over line two?");
    CHECK(entries[1].answer == "Yes.\n1.2.1. dpkg\nThe low level.\n1.2.1.1. dpkg-deb\nArchives.");
    CHECK(entries[2].number == "2.1");
    CHECK(entries[2].question == "Plain space heading");
    CHECK(entries[2].answer == "12.1. is not a heading here");

    const auto error = [](const std::string& bad) {
        return io_error_of([&] { data::parse_debian_faq(bad, "faq.txt"); });
    };
    CHECK(error("no chapters here\n") ==
          "parse_debian_faq: faq.txt: holds no section: expected lines \"Chapter N. Title\" and \"N.M. Question\"");
    CHECK(error("1.1. Before any chapter\n\n    text\n") ==
          "parse_debian_faq: faq.txt:1: section 1.1 comes before the first Chapter line");
    CHECK(error("Chapter 1. A\n\n1.1. Question\n\n1.2. Next\n\n    text\n") ==
          "parse_debian_faq: faq.txt:3: section 1.1 has no answer");
    CHECK(error("Chapter 1. A\n\n1.1.1. Sub first\n") ==
          "parse_debian_faq: faq.txt:3: subsection 1.1.1 comes before any section N.M");
    CHECK(error("Chapter 1. A\n\n1.1. \n\n    text\n") ==
          "parse_debian_faq: faq.txt:3: section 1.1 has no question after its number");
}

TEST_CASE("parse_debian_descriptions renders the synopsis paragraphs blank lines and verbatim lines", "[infra][data]") {
    // Debian Policy 5.6.13: a continuation line " text" is paragraph text (word-wrapped: joined by
    // spaces), " ." an empty line, "  text" (two or more blanks) a verbatim line. Also: blanks at
    // line ends dropped, UTF-8 kept, other fields and their continuation lines skipped, field
    // names in any case, tabs as continuation and blank-only lines as stanza separators.
    const std::string text =
        "Package: caf\xC3\xA9-tools\n"
        "Description-md5: 0123456789abcdef0123456789abcdef\n"
        "Description-en: Tools for a caf\xC3\xA9 \xE2\x80\x94 na\xC3\xAFve  \n"
        " The first paragraph is wrapped   \n"
        " over two lines.\n"
        " .\n"
        " Its features:\n"
        "  * one\n"
        "    continued \xF0\x9F\x98\x80\n"
        "  * two\n"
        " Text after the list.\n"
        " .cabal files: a reserved \".\" line is text\n"
        "\n"
        "Package: empty-long\n"
        "Description-en: Only a synopsis\n"
        "X-Other: a field of its own\n"
        " with a continuation line that is skipped\n"
        " .\n"
        "\n"
        "\n"
        "package: lower-case\n"
        "DESCRIPTION-EN:\tTabbed synopsis\n"
        " .\n"
        "\tA tab starts a continuation line too.\n"
        " .\n"
        " .\n"
        " After two empty lines.\n"
        " .\n"
        " \t \n"
        "Package: lower-case\n"
        "Description-en: The same name twice\n"
        " Kept.";  // no newline at the end
    const auto records = data::parse_debian_descriptions(text, "Translation-en");
    REQUIRE(records.size() == 4);
    CHECK(records[0].package == "caf\xC3\xA9-tools");
    CHECK(records[0].synopsis == "Tools for a caf\xC3\xA9 \xE2\x80\x94 na\xC3\xAFve");
    CHECK(records[0].long_description ==
          "The first paragraph is wrapped over two lines.\n"
          "\n"
          "Its features:\n"
          " * one\n"
          "   continued \xF0\x9F\x98\x80\n"
          " * two\n"
          "Text after the list. .cabal files: a reserved \".\" line is text");
    CHECK(records[1].package == "empty-long");
    CHECK(records[1].synopsis == "Only a synopsis");
    CHECK(records[1].long_description.empty());
    CHECK(records[2].package == "lower-case");
    CHECK(records[2].synopsis == "Tabbed synopsis");
    // the empty lines at the start and the end are dropped, two in the middle kept
    CHECK(records[2].long_description == "A tab starts a continuation line too.\n\n\nAfter two empty lines.");
    CHECK(records[3].package == "lower-case");
    CHECK(records[3].long_description == "Kept.");

    const auto kept = data::with_long_description(records);
    REQUIRE(kept.size() == 3);
    CHECK(kept[0].package == "caf\xC3\xA9-tools");
    CHECK(kept[1].synopsis == "Tabbed synopsis");
    CHECK(kept[2].long_description == "Kept.");
}

TEST_CASE("parse_debian_descriptions names the line and the problem of a malformed stanza", "[infra][data]") {
    const auto error = [](const std::string& bad) {
        return io_error_of([&] { data::parse_debian_descriptions(bad, "T-en"); });
    };
    const std::string ok = "Package: a\nDescription-en: A\n long\n";
    CHECK(error("") ==
          "parse_debian_descriptions: T-en: holds no stanza: expected 'Package:' and 'Description-en:' fields");
    CHECK(error("\n \n\n") ==
          "parse_debian_descriptions: T-en: holds no stanza: expected 'Package:' and 'Description-en:' fields");
    CHECK(error(ok + "\n continued\nPackage: b\n") ==
          "parse_debian_descriptions: T-en:5: a continuation line (starting with a space) comes before any field of "
          "its stanza");
    CHECK(error(ok + "\nDescription-md5: 0\nDescription-en: B\n long\n") ==
          "parse_debian_descriptions: T-en:5: the stanza has no Package field");
    CHECK(error(ok + "\nPackage: b\nDescription-md5: 0\n\nPackage: c\n") ==
          "parse_debian_descriptions: T-en:5: the stanza of package 'b' has no Description-en field");
    CHECK(error("Package: a\r\nDescription-en: A\r\n") ==
          "parse_debian_descriptions: T-en:1: the line ends with a carriage return: expected LF line endings, found "
          "CRLF");
    CHECK(error(ok + "Package: b\n") ==
          "parse_debian_descriptions: T-en:4: a second Package field in the stanza that starts at line 1");
    CHECK(error(ok + "Description-en: again\n") ==
          "parse_debian_descriptions: T-en:4: a second Description-en field in the stanza that starts at line 1");
    CHECK(error("Package:  \nDescription-en: A\n") == "parse_debian_descriptions: T-en:1: the Package field is empty");
    CHECK(error("Package: a\nDescription-en:\n long\n") ==
          "parse_debian_descriptions: T-en:2: Description-en has no synopsis (its first line is empty)");
    CHECK(error("Package: a\n b\nDescription-en: A\n") ==
          "parse_debian_descriptions: T-en:2: Package is a one-line field, found a continuation line");
    CHECK(error(ok + "no colon on this line\n") ==
          "parse_debian_descriptions: T-en:4: expected a field 'Name: value' or a continuation line, found 'no colon "
          "on this line'");
    CHECK(error(ok + "A very long line without any colon at all, cut in the message\n") ==
          "parse_debian_descriptions: T-en:4: expected a field 'Name: value' or a continuation line, found 'A very "
          "long line without any colon at al...'");
    CHECK(error("# comment: no\n" + ok) ==
          "parse_debian_descriptions: T-en:1: expected a field name of printable ASCII before ':', found '# comment'");
    CHECK(error(": value\n") ==
          "parse_debian_descriptions: T-en:1: expected a field name of printable ASCII before ':', found ''");
    CHECK(error("\xEF\xBB\xBFPackage: a\n") ==  // a byte-order mark is not part of a field name
          "parse_debian_descriptions: T-en:1: expected a field name of printable ASCII before ':', found "
          "'\xEF\xBB\xBFPackage'");
    // Not well-formed UTF-8: the byte is counted from 1 in its line.
    CHECK(error(ok + " caf\xC3\n") == "parse_debian_descriptions: T-en:4: byte 5 is not well-formed UTF-8");
    CHECK(error(ok + " \xC0\xAF overlong\n") == "parse_debian_descriptions: T-en:4: byte 2 is not well-formed UTF-8");
    CHECK(error(ok + " \xED\xA0\x80 surrogate\n") ==
          "parse_debian_descriptions: T-en:4: byte 2 is not well-formed UTF-8");
    CHECK(error(ok + " \xF4\x90\x80\x80 above U+10FFFF\n") ==
          "parse_debian_descriptions: T-en:4: byte 2 is not well-formed UTF-8");
    CHECK(error(ok + " \x80 lone continuation\n") ==
          "parse_debian_descriptions: T-en:4: byte 2 is not well-formed UTF-8");
    CHECK(error("Package: a\xFF\n") == "parse_debian_descriptions: T-en:1: byte 11 is not well-formed UTF-8");
    // The largest and smallest of each length pass.
    CHECK(data::parse_debian_descriptions(ok + " \x7F \xC2\x80 \xDF\xBF \xE0\xA0\x80 \xEF\xBF\xBF \xF0\x90\x80\x80 "
                                               "\xF4\x8F\xBF\xBF\n")
              .size() == 1);
}

TEST_CASE("A missing file names the loader the path and the fix", "[infra][data]") {
    scratch_dir dir("data");
    const std::string d = dir.str();
    const std::vector<std::pair<std::string, std::function<void()>>> loaders = {
        {"load_iris: cannot open '" + dir.file("iris.csv") + "'", [&] { data::load_iris(d); }},
        {"load_wine: cannot open '" + dir.file("wine_data.csv") + "'", [&] { data::load_wine(d); }},
        {"load_breast_cancer: cannot open '" + dir.file("breast_cancer.csv") + "'",
         [&] { data::load_breast_cancer(d); }},
        {"load_diabetes: cannot open '" + dir.file("diabetes_data_raw.csv") + "'", [&] { data::load_diabetes(d); }},
        {"load_digits: cannot open '" + dir.file("digits.csv") + "'", [&] { data::load_digits(d); }},
        {"load_boston: cannot open '" + dir.file("boston_house_prices.csv") + "'", [&] { data::load_boston(d); }},
        {"load_penguins: cannot open '" + dir.file("penguins.csv") + "'", [&] { data::load_penguins(d); }},
        {"load_census_house: cannot open '" + dir.file("census-house.test") + "'",
         [&] { data::load_census_house(d, "test"); }},
        {"load_kjv: cannot open '" + dir.file("kjv.tsv") + "'", [&] { data::load_kjv(d); }},
        {"load_rv1909: cannot open '" + dir.file("rv1909.tsv") + "'", [&] { data::load_rv1909(d); }},
        {"load_stopwords: cannot open '" + dir.file("stopwords-english.txt") + "'",
         [&] { data::load_stopwords("english", d); }},
        {"load_stopwords: cannot open '" + dir.file("stopwords-smart.txt") + "'",
         [&] { data::load_stopwords("smart", d); }},
        {"load_fashion_mnist: cannot open '" + dir.file("fashion-mnist/t10k-images-idx3-ubyte") + "'",
         [&] { data::load_fashion_mnist("test", 0, d); }},
        {"load_opencv_digits: cannot open '" + dir.file("opencv-digits.pgm") + "'",
         [&] { data::load_opencv_digits(d); }},
        {"load_debian_faq: cannot open '" + dir.file("debian-faq.en.txt") + "'", [&] { data::load_debian_faq(d); }},
        {"load_debian_descriptions: cannot open '" + dir.file("debian-descriptions/Translation-en") + "'",
         [&] { data::load_debian_descriptions(d); }},
    };
    for (const auto& [expected, load] : loaders) {
        INFO(expected);
        CHECK_THROWS_AS(load(), llmlings::io_error);
        CHECK_THROWS_WITH(load(), starts_with(expected) && contains("run ./llmlings data"));
    }
}

TEST_CASE("The data directory comes from the environment then the build then .data", "[infra][data]") {
    using llmlings::data::detail::choose_data_dir;
    CHECK(choose_data_dir("/build/.data", "/env/data") == "/env/data");
    CHECK(choose_data_dir("/build/.data", "") == "/build/.data");  // set but empty counts as unset
    CHECK(choose_data_dir("/build/.data", nullptr) == "/build/.data");
    CHECK(choose_data_dir(nullptr, "/env/data") == "/env/data");
    CHECK(choose_data_dir("", "/env/data") == "/env/data");
    CHECK(choose_data_dir(nullptr, nullptr) == ".data");
    CHECK(choose_data_dir(nullptr, "") == ".data");
}

TEST_CASE("The LLMLINGS_DATA_DIR environment variable overrides the compiled-in data directory", "[infra][data]") {
    // Saved and restored, so the other cases (and a caller's own setting) are not disturbed.
    const char* before = std::getenv("LLMLINGS_DATA_DIR");
    const std::string saved = before != nullptr ? before : "";
    const bool was_set = before != nullptr;
    REQUIRE(setenv("LLMLINGS_DATA_DIR", "/somewhere/else/data", 1) == 0);
    const std::string overridden = data::default_data_dir();
    REQUIRE(setenv("LLMLINGS_DATA_DIR", "", 1) == 0);
    const std::string when_empty = data::default_data_dir();
    REQUIRE(unsetenv("LLMLINGS_DATA_DIR") == 0);
    const std::string when_unset = data::default_data_dir();
    if (was_set) setenv("LLMLINGS_DATA_DIR", saved.c_str(), 1);
    CHECK(overridden == "/somewhere/else/data");
#ifdef LLMLINGS_DATA_DIR
    CHECK(when_empty == LLMLINGS_DATA_DIR);  // the build's path, as if the variable were unset
    CHECK(when_unset == LLMLINGS_DATA_DIR);
#else
    CHECK(when_empty == ".data");
    CHECK(when_unset == ".data");
#endif
}

TEST_CASE("dataset labels rejects a regression set and a value that is not a class index", "[infra][data]") {
    data::dataset ds;
    ds.name = "toy";
    ds.y = {0.0, 1.0, 2.0};
    CHECK_THROWS_WITH(ds.labels(), contains("'toy' is a regression data set"));
    ds.class_names = {"a", "b", "c"};
    CHECK((ds.labels() == llmlings::index_vector{0, 1, 2}));
    ds.y(1) = 1.5;
    CHECK_THROWS_WITH(ds.labels(), contains("y(1) = 1.5 is not a class index in [0, 3)"));
    ds.y(1) = 3.0;
    CHECK_THROWS_AS(ds.labels(), llmlings::invalid_argument);
}

// ---- integration tests on the real data sets ---------------------------------------------------

namespace {

// How many samples of each class (of a dataset or an image_dataset).
template <class E>
std::vector<std::size_t> class_counts(const data::basic_dataset<E>& ds) {
    std::vector<std::size_t> counts(ds.class_names.size(), 0);
    for (auto label : ds.labels()) ++counts[label];
    return counts;
}

// Mean and sample standard deviation (divide by n - 1) of column j, skipping NaN.
std::pair<double, double> mean_sd(const data::dataset& ds, std::size_t j) {
    double sum = 0.0, n = 0.0;
    for (std::size_t i = 0; i < ds.n_samples(); ++i)
        if (!std::isnan(ds.X(i, j))) {
            sum += ds.X(i, j);
            n += 1.0;
        }
    const double mean = sum / n;
    double ss = 0.0;
    for (std::size_t i = 0; i < ds.n_samples(); ++i)
        if (!std::isnan(ds.X(i, j))) ss += (ds.X(i, j) - mean) * (ds.X(i, j) - mean);
    return {mean, std::sqrt(ss / (n - 1.0))};
}

}  // namespace

TEST_CASE("Real iris has 150 flowers of 3 species with the published means and deviations", "[infra][data][real]") {
    if (!llmlings::testing::have_real_data({"iris.csv"})) return;
    const auto iris = data::load_iris();
    REQUIRE(iris.n_samples() == 150);
    REQUIRE(iris.n_features() == 4);
    CHECK(class_counts(iris) == std::vector<std::size_t>{50, 50, 50});
    // Fisher (1936) / R's iris, printed to 3 decimals: tolerance half a unit, 5e-4.
    const double means[] = {5.843, 3.057, 3.758, 1.199};
    const double sds[] = {0.828, 0.436, 1.765, 0.762};
    for (std::size_t j = 0; j < 4; ++j) {
        INFO("feature " << iris.feature_names[j]);
        const auto [mean, sd] = mean_sd(iris, j);
        CHECK_THAT(mean, within_abs(means[j], 5e-4));
        CHECK_THAT(sd, within_abs(sds[j], 5e-4));
    }
}

TEST_CASE("Real wine has 178 samples of 13 features in classes of 59 71 and 48", "[infra][data][real]") {
    if (!llmlings::testing::have_real_data({"wine_data.csv"})) return;
    const auto wine = data::load_wine();
    REQUIRE(wine.n_samples() == 178);
    REQUIRE(wine.n_features() == 13);
    CHECK(class_counts(wine) == std::vector<std::size_t>{59, 71, 48});
    // scikit-learn's wine description: min and max as in the file (exact); its means are
    // truncated, not rounded (ash 2.3665 is printed 2.36), so the mean must lie in [printed,
    // printed + one unit of the last digit].
    const auto col_min = [&](std::size_t j) { return xt::amin(xt::view(wine.X, xt::all(), j))(); };
    const auto col_max = [&](std::size_t j) { return xt::amax(xt::view(wine.X, xt::all(), j))(); };
    CHECK(col_min(1) == 0.74);  // malic acid
    CHECK(col_max(1) == 5.80);
    CHECK(col_min(4) == 70.0);  // magnesium
    CHECK(col_max(4) == 162.0);
    CHECK(col_min(12) == 278.0);  // proline
    CHECK(col_max(12) == 1680.0);
    CHECK_THAT(mean_sd(wine, 0).first, within_abs(13.0 + 0.05, 0.05));  // alcohol: 13.0
    CHECK_THAT(mean_sd(wine, 12).first, within_abs(746.0 + 0.5, 0.5));  // proline: 746
}

TEST_CASE("Real breast cancer has 569 samples of 30 features 212 malignant and 357 benign", "[infra][data][real]") {
    if (!llmlings::testing::have_real_data({"breast_cancer.csv"})) return;
    const auto cancer = data::load_breast_cancer();
    REQUIRE(cancer.n_samples() == 569);
    REQUIRE(cancer.n_features() == 30);
    CHECK(cancer.class_names == std::vector<std::string>{"malignant", "benign"});
    CHECK(class_counts(cancer) == std::vector<std::size_t>{212, 357});
    // scikit-learn's description, min and max of mean radius and worst area, exact.
    const auto col_min = [&](std::size_t j) { return xt::amin(xt::view(cancer.X, xt::all(), j))(); };
    const auto col_max = [&](std::size_t j) { return xt::amax(xt::view(cancer.X, xt::all(), j))(); };
    CHECK(col_min(0) == 6.981);
    CHECK(col_max(0) == 28.11);
    CHECK(col_min(23) == 185.2);
    CHECK(col_max(23) == 4254.0);
}

TEST_CASE("Real digits has 1797 images of 64 pixels from 0 to 16 and the UCI class counts", "[infra][data][real]") {
    if (!llmlings::testing::have_real_data({"digits.csv"})) return;
    const auto digits = data::load_digits();
    REQUIRE(digits.n_samples() == 1797);
    REQUIRE(digits.n_features() == 64);
    CHECK(xt::amin(digits.X)() == 0.0);
    CHECK(xt::amax(digits.X)() == 16.0);
    CHECK(xt::all(xt::equal(digits.X, xt::floor(digits.X))));  // integer counts
    // UCI optdigits.names, class distribution of the test set (scikit-learn's digits).
    CHECK(class_counts(digits) == std::vector<std::size_t>{178, 182, 177, 183, 181, 182, 181, 179, 174, 180});
}

TEST_CASE("Real diabetes has 442 patients and the first row of the LARS paper", "[infra][data][real]") {
    if (!llmlings::testing::have_real_data({"diabetes_data_raw.csv", "diabetes_target.csv"})) return;
    const auto diabetes = data::load_diabetes();
    REQUIRE(diabetes.n_samples() == 442);
    REQUIRE(diabetes.n_features() == 10);
    // Efron, Hastie, Johnstone, Tibshirani (2004), table 1, patient 1.
    const double first[] = {59, 2, 32.1, 101, 157, 93.2, 38, 4, 4.8598, 87};
    for (std::size_t j = 0; j < 10; ++j) CHECK(diabetes.X(0, j) == first[j]);
    CHECK(diabetes.y(0) == 151.0);
    // scikit-learn's load_diabetes documentation: targets are integers from 25 to 346.
    CHECK(xt::amin(diabetes.y)() == 25.0);
    CHECK(xt::amax(diabetes.y)() == 346.0);
}

TEST_CASE("Real Boston has 506 tracts with a mean value of 22.533 and 16 censored at 50", "[infra][data][real]") {
    if (!llmlings::testing::have_real_data({"boston_house_prices.csv"})) return;
    const auto boston = data::load_boston();
    REQUIRE(boston.n_samples() == 506);
    REQUIRE(boston.n_features() == 13);
    CHECK(boston.feature_names.front() == "CRIM");
    CHECK(boston.feature_names.back() == "LSTAT");
    // Harrison and Rubinfeld (1978): MEDV mean 22.533, SD 9.197 (3 decimals, tolerance 5e-4);
    // Gilley and Pace (1996): 16 tracts censored at 50.
    CHECK_THAT(xt::mean(boston.y)(), within_abs(22.533, 5e-4));
    CHECK_THAT(xt::stddev(boston.y)() * std::sqrt(506.0 / 505.0), within_abs(9.197, 5e-4));
    std::size_t censored = 0;
    for (double v : boston.y) censored += v == 50.0 ? 1 : 0;
    CHECK(censored == 16);
    CHECK(boston.X(0, 0) == 0.00632);
    CHECK(boston.y(0) == 24.0);
}

TEST_CASE("Real penguins has 344 birds 2 without measurements and 152 68 124 per species", "[infra][data][real]") {
    if (!llmlings::testing::have_real_data({"penguins.csv"})) return;
    const auto penguins = data::load_penguins();
    REQUIRE(penguins.n_samples() == 344);
    REQUIRE(penguins.n_features() == 4);
    CHECK(class_counts(penguins) == std::vector<std::size_t>{152, 68, 124});
    std::size_t missing_bill = 0;
    for (std::size_t i = 0; i < 344; ++i) missing_bill += std::isnan(penguins.X(i, 0)) ? 1 : 0;
    CHECK(missing_bill == 2);
    // palmerpenguins' summary: mean bill length 43.92 mm, body mass 4201.75 g (NA removed).
    CHECK_THAT(mean_sd(penguins, 0).first, within_abs(43.92, 0.005));
    CHECK_THAT(mean_sd(penguins, 3).first, within_abs(4201.75, 0.005));
}

TEST_CASE("Real census-house has 11392 train and 11392 test regions of 16 scaled inputs", "[infra][data][real]") {
    if (!llmlings::testing::have_real_data({"census-house.train", "census-house.test"})) return;
    for (const char* part : {"train", "test"}) {
        INFO("census-house." << part);
        const auto ds = data::load_census_house(data::default_data_dir(), part);
        CHECK(ds.n_samples() == 11392);  // DELVE census-house: 22784 cases, halved by FANN
        CHECK(ds.n_features() == 16);
        CHECK(xt::amin(ds.X)() >= 0.0);
        CHECK(xt::amax(ds.X)() <= 1.0);
        CHECK(xt::amin(ds.y)() >= 0.0);
        CHECK(xt::amax(ds.y)() <= 1.0);
    }
}

TEST_CASE("Real KJV has 31102 verses in 66 books from Genesis 1:1 to Revelation 22:21", "[infra][data][real]") {
    if (!llmlings::testing::have_real_data({"kjv.tsv"})) return;
    const auto verses = data::load_kjv();
    // The published counts of the King James Bible: 66 books, 1189 chapters, 31102 verses.
    REQUIRE(verses.size() == 31102);
    CHECK(verses.front().book == "Genesis");
    CHECK(verses.front().chapter == 1);
    CHECK(verses.front().number == 1);
    CHECK(verses.front().text == "In the beginning God created the heaven and the earth.");
    CHECK(verses.back().book == "Revelation");
    CHECK(verses.back().chapter == 22);
    CHECK(verses.back().number == 21);
    CHECK(verses.back().text == "The grace of our Lord Jesus Christ be with you all. Amen.");
    std::vector<std::string> books;
    std::size_t chapters = 0;
    for (std::size_t i = 0; i < verses.size(); ++i) {
        if (books.empty() || books.back() != verses[i].book) books.push_back(verses[i].book);
        if (i == 0 || verses[i].chapter != verses[i - 1].chapter || verses[i].book != verses[i - 1].book) ++chapters;
    }
    CHECK(books.size() == 66);
    CHECK(chapters == 1189);
    CHECK(books[8] == "1 Samuel");
    CHECK(books[39] == "Matthew");
    // The corpus: 4106748 characters of verse text and 31101 newlines between them. Measured on
    // Debian 12's bible-kjv 4.38 with
    //   bible -l100000 "gen1:1-rev22:21" | grep -E '^  [0-9]+ ' | sed -E 's/^  [0-9]+ //' | head -c -1 | wc -c
    // i.e. the program's output without chapter headers, blank lines and verse numbers.
    const std::string corpus = data::kjv_text(verses);
    CHECK(corpus.size() == 4137849);
    CHECK(corpus.compare(0, 16, "In the beginning") == 0);
}

TEST_CASE("Real Reina-Valera 1909 has 31084 verses in the KJV's 66 books from Genesis 1:1 to Revelation 22:21",
          "[infra][data][real]") {
    if (!llmlings::testing::have_real_data({"rv1909.tsv"})) return;
    const auto verses = data::load_rv1909();
    // The KJV's 31102 references less the 18 that the SWORD module spaRV1909eb leaves empty
    // (Numbers 12:16, ..., 2 Corinthians 13:14: see data/rv1909.hpp), counted on Debian 12 with
    //   diatheke -b spaRV1909eb -f plain -k "Genesis 1:1-Revelation 22:21" | grep -cE ':[0-9]+: *[^ ]'
    REQUIRE(verses.size() == 31084);
    CHECK(verses.front().book == "Genesis");
    CHECK(verses.front().chapter == 1);
    CHECK(verses.front().number == 1);
    CHECK(verses.front().text == "EN el principio crió Dios los cielos y la tierra.");
    CHECK(verses.back().book == "Revelation");  // diatheke's "Revelation of John"
    CHECK(verses.back().chapter == 22);
    CHECK(verses.back().number == 21);
    // Debian 12's diatheke prints "... Jesucristo <G5547> sea con todos vosotros. Amén.   " and
    // "... en que hay vida <H2416>, toda hierba ...": the Strong numbers and their blanks are gone
    CHECK(verses.back().text == "La gracia de nuestro Señor Jesucristo sea con todos vosotros. Amén.");
    CHECK(verses[29].number == 30);
    CHECK(verses[29].text.find("en que hay vida, toda hierba verde") != std::string::npos);
    // Within a chapter the numbers run 1, 2, 3, ... (every left-out verse ends its chapter), and no
    // text has a Strong number, a double blank, a blank at either end or before a punctuation mark:
    // the first offender, if any.
    std::vector<std::string> books;
    std::size_t chapters = 0;
    std::string bad_numbering, bad_text;
    for (std::size_t i = 0; i < verses.size(); ++i) {
        const auto& v = verses[i];
        if (books.empty() || books.back() != v.book) books.push_back(v.book);
        const bool same_chapter = i > 0 && v.chapter == verses[i - 1].chapter && v.book == verses[i - 1].book;
        if (!same_chapter) ++chapters;
        const std::string where = v.book + " " + std::to_string(v.chapter) + ":" + std::to_string(v.number);
        if (bad_numbering.empty() && v.number != (same_chapter ? verses[i - 1].number + 1 : 1)) bad_numbering = where;
        if (bad_text.empty() &&
            (v.text.find_first_of("<>\t") != std::string::npos || v.text.find("  ") != std::string::npos ||
             v.text.front() == ' ' || v.text.back() == ' ' || v.text.find(" ,") != std::string::npos ||
             v.text.find(" ;") != std::string::npos || v.text.find(" .") != std::string::npos))
            bad_text = where + ": " + v.text;
    }
    CHECK(bad_numbering.empty());
    CHECK(bad_text.empty());
    CHECK(books.size() == 66);
    CHECK(chapters == 1189);
    CHECK(books[8] == "1 Samuel");  // diatheke's "I Samuel"
    CHECK(books[63] == "3 John");   // and "III John"
    const std::string corpus = data::rv1909_text(verses);
    CHECK(corpus.size() == 3938488);                      // bytes: 3907405 of text and 31083 newlines
    CHECK(corpus.find("\xC3\xB3") != std::string::npos);  // "ó", UTF-8
}

TEST_CASE("The real Debian FAQ has its 112 or 114 sections from 1.1 to 16.4", "[infra][data][real]") {
    if (!llmlings::testing::have_real_data({"debian-faq.en.txt"})) return;
    const auto faq = data::load_debian_faq();
    // debian-faq 11.1 (Debian 12) has 112 sections N.M, 12.2 (Debian 13) 114: counted with
    // grep -cP '^\d+\.\d+\.(\xa0| )' on the text after its table of contents
    CHECK((faq.size() == 112 || faq.size() == 114));
    REQUIRE(faq.size() >= 2);
    CHECK(faq.front().number == "1.1");
    CHECK(faq.front().question == "What is this FAQ?");
    CHECK(starts_with("This document gives frequently asked questions").match(faq.front().answer));
    CHECK(faq.back().number == "16.4");
    CHECK(faq.back().question == "Document format");
    for (const auto& e : faq) {
        INFO(e.number);
        CHECK(!e.question.empty());
        CHECK(e.answer.size() > 20);
        CHECK(e.answer.find("\xC2\xA0") == std::string::npos);  // no-break spaces became spaces
    }
}

TEST_CASE("Real Debian descriptions have 55000 to 90000 packages each with a name and a synopsis bash among them",
          "[infra][data][real]") {
    if (!llmlings::testing::have_real_data({"debian-descriptions/Translation-en"})) return;
    const auto records = data::load_debian_descriptions();
    // The main component's Translation-en: 63956 stanzas on Debian 12.15, 69287 on 13.8 (grep -c
    // '^Package: '); the range leaves room for the point releases to come.
    CHECK(records.size() >= 55000);
    CHECK(records.size() <= 90000);
    std::unordered_set<std::string> names;
    std::size_t empty_long = 0;
    const data::package_description* bash = nullptr;
    for (const auto& r : records) {
        if (r.package.empty() || r.synopsis.empty() || r.synopsis.back() == ' ' ||
            r.long_description.find('\r') != std::string::npos) {
            INFO("package '" << r.package << "', synopsis '" << r.synopsis << "'");
            CHECK(!r.package.empty());
            CHECK(!r.synopsis.empty());
            CHECK(r.synopsis.back() != ' ');
            CHECK(r.long_description.find('\r') == std::string::npos);
        }
        names.insert(r.package);
        empty_long += r.long_description.empty() ? 1 : 0;
        if (r.package == "bash" && bash == nullptr) bash = &r;
    }
    // A few names have two stanzas (15 on Debian 12, 26 on 13: descriptions that differ by architecture);
    // a few packages have no long description (1 on Debian 12, 0 on 13).
    CHECK(names.size() + 100 > records.size());
    CHECK(empty_long < 100);
    CHECK(data::with_long_description(records).size() == records.size() - empty_long);
    // apt-cache show bash (5.2.15 on Debian 12): "Description: GNU Bourne Again SHell"; the same on Debian 13
    REQUIRE(bash != nullptr);
    CHECK(bash->synopsis == "GNU Bourne Again SHell");
    CHECK(starts_with("Bash is an sh-compatible command language interpreter that executes commands read from the "
                      "standard input or from a file.")
              .match(bash->long_description));
    CHECK(contains("\n\nBash is ultimately intended to be a conformant implementation").match(bash->long_description));
}

TEST_CASE("Real stop-word lists have 174 English and 570 SMART words", "[infra][data][real]") {
    if (!llmlings::testing::have_real_data({"stopwords-english.txt", "stopwords-smart.txt"})) return;
    // tm's english.dat (the Snowball list) has 174 lines; SMART.dat has 571 lines, "would" twice
    const auto english = data::load_stopwords();
    const auto smart = data::load_stopwords("smart");
    CHECK(english.size() == 174);
    CHECK(smart.size() == 570);
    for (const char* w : {"i", "the", "and", "is", "not", "don't", "yourselves"}) {
        INFO(w);
        CHECK(english.count(w) == 1);
    }
    for (const char* w : {"a's", "able", "zero", "would", "the"}) {
        INFO(w);
        CHECK(smart.count(w) == 1);
    }
    CHECK(english.count("cat") == 0);
    CHECK(english.count("The") == 0);  // lowercase only
}

/// Smallest, largest, mean and (population) standard deviation of the bytes of an image data set,
/// from exact integer sums: one pass over 47 million bytes, quick even under the sanitizers
/// (xtensor's reducers over a cast to double took 30 s there).
struct byte_moments {
    unsigned min = 255, max = 0;
    double mean = 0, sd = 0;
};
inline byte_moments moments_of(const xt::xtensor<std::uint8_t, 2>& X) {
    byte_moments m;
    std::uint64_t sum = 0, squares = 0;
    const std::uint8_t* p = X.data();
    for (std::size_t i = 0, n = X.size(); i < n; ++i) {
        const unsigned v = p[i];
        m.min = std::min(m.min, v);
        m.max = std::max(m.max, v);
        sum += v;
        squares += v * v;
    }
    const double n = static_cast<double>(X.size());
    m.mean = static_cast<double>(sum) / n;
    m.sd = std::sqrt(static_cast<double>(squares) / n - m.mean * m.mean);
    return m;
}

TEST_CASE("Real Fashion-MNIST has 60000 train and 10000 test images of 784 pixels 6000 and 1000 per class",
          "[infra][data][real]") {
    if (!llmlings::testing::have_real_data(
            {"fashion-mnist/train-images-idx3-ubyte", "fashion-mnist/train-labels-idx1-ubyte",
             "fashion-mnist/t10k-images-idx3-ubyte", "fashion-mnist/t10k-labels-idx1-ubyte"}))
        return;
    const auto t0 = std::chrono::steady_clock::now();
    const auto train = data::load_fashion_mnist("train");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    INFO("load_fashion_mnist(\"train\") took " << seconds << " s");  // shown on failure; not asserted
    // Xiao, Rasul, Vollgraf (2017), table 1: 60000 training and 10000 test images of 28x28, 10
    // classes of equal size.
    REQUIRE(train.n_samples() == 60000);
    REQUIRE(train.n_features() == 784);
    CHECK(class_counts(train) == std::vector<std::size_t>(10, 6000));
    const byte_moments pixels = moments_of(train.X);
    CHECK(pixels.min == 0);
    CHECK(pixels.max == 255);
    // 60000 × 784 bytes: 47 MB in memory, not the 376 MB of doubles.
    CHECK(train.X.size() * sizeof(train.X(0, 0)) == 47040000);
    // The normalisation constants usually quoted for the data set (mean 0.2860, sd 0.3530 of the
    // pixels scaled to [0, 1]); NumPy on the package's own .gz file agrees, independently of this
    // loader: np.frombuffer(gzip.open(".../train-images-idx3-ubyte.gz").read()[16:], np.uint8) / 255
    // has mean 0.28604059698879 and std 0.35302424451492. Four decimals, tolerance half a unit.
    CHECK_THAT(pixels.mean / 255.0, within_abs(0.2860, 5e-5));
    CHECK_THAT(pixels.sd / 255.0, within_abs(0.3530, 5e-5));
    // The TensorFlow tutorial "Basic classification" prints train_labels as [9, 0, 0, ..., 3, 0, 5].
    CHECK(train.labels()(0) == 9);
    CHECK(train.labels()(1) == 0);
    CHECK(train.labels()(59999) == 5);
    CHECK(train.class_names[9] == "Ankle boot");

    const auto test = data::load_fashion_mnist("test");
    REQUIRE(test.n_samples() == 10000);
    REQUIRE(test.n_features() == 784);
    CHECK(class_counts(test) == std::vector<std::size_t>(10, 1000));
    CHECK(moments_of(test.X).max == 255);

    const auto first = data::load_fashion_mnist("train", 100);
    REQUIRE(first.n_samples() == 100);
    CHECK((xt::view(first.X, 99, xt::all()) == xt::view(train.X, 99, xt::all())));
    CHECK(first.labels()(0) == 9);
}

TEST_CASE("Real OpenCV digits has 5000 images of 400 pixels from 0 to 255 and 500 per digit", "[infra][data][real]") {
    if (!llmlings::testing::have_real_data({"opencv-digits.pgm"})) return;
    const auto digits = data::load_opencv_digits();
    // OpenCV's samples (digits.py, knn.py): 5000 digits of 20x20, 500 of each, cut from digits.png.
    REQUIRE(digits.n_samples() == 5000);
    REQUIRE(digits.n_features() == 400);
    CHECK(class_counts(digits) == std::vector<std::size_t>(10, 500));
    CHECK(xt::amin(digits.X)() == 0);
    CHECK(xt::amax(digits.X)() == 255);
    // Every cell holds a digit: no blank cell, and the ink is mostly inside the cell, not on its
    // border rows (a wrong cut would slice digits in two).
    std::size_t blank = 0;
    double border = 0.0, total = 0.0;
    for (std::size_t i = 0; i < 5000; ++i) {
        double ink = 0.0;
        for (std::size_t j = 0; j < 400; ++j) {
            ink += digits.X(i, j);
            if (j < 20 || j >= 380) border += digits.X(i, j);
        }
        blank += ink == 0.0 ? 1 : 0;
        total += ink;
    }
    CHECK(blank == 0);
    CHECK(border < 0.02 * total);
}
