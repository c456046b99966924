// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief A fresh temporary directory for one test case, removed when the case ends.
 */
#ifndef LLMLINGS_TESTING_SCRATCH_DIR_HPP
#define LLMLINGS_TESTING_SCRATCH_DIR_HPP

#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include <unistd.h>

namespace llmlings {
namespace testing {

/**
 * @ingroup testing
 * @brief A new directory under the system's temporary directory, unique to this process and
 * object, deleted with everything in it by the destructor.
 *
 * Example: `scratch_dir dir("plot"); dir.write("a.csv", "1,2\n"); load(dir.file("a.csv"));`
 */
class scratch_dir {
public:
    /// @param label a word for the directory's name, e.g. the test program's subject
    explicit scratch_dir(const std::string& label) {
        static int serial = 0;
        path_ = std::filesystem::temp_directory_path() /
                ("llmlings-" + label + "-test-" + std::to_string(::getpid()) + "-" + std::to_string(serial++));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~scratch_dir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;

    /// Writes `text` to the file `name` in this directory.
    void write(const std::string& name, const std::string& text) const {
        std::ofstream(path_ / name, std::ios::binary) << text;
    }
    /// The directory's path.
    std::string str() const { return path_.string(); }
    /// The path of the file `name` in this directory.
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

}  // namespace testing
}  // namespace llmlings

#endif  // LLMLINGS_TESTING_SCRATCH_DIR_HPP
