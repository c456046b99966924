// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief A file-based model registry with MLflow's ideas: runs become numbered versions, every
 * artifact is content-addressed, stages change only through an append-only event log, and a
 * version reaches Production only through the promotion gate. Glue over the mlops module:
 * mlops/03 stores and verifies the artifacts, mlops/04 validates the stage transitions.
 *
 * On disk, under the registry's root (a directory a CI job, a pipeline and the server share):
 *
 *     artifacts/sha256/ab/cdef…             every artifact, named by the SHA-256 of its bytes
 *     models/NAME/versions/0001.json        one file per version, written once (never replaced)
 *     models/NAME/events.jsonl              one JSON line per stage change, appended
 *     models/NAME/gates/0002.json           the gate's decision for a candidate, with its reasons
 *
 * A version file records what MLflow's run does: parameters, metrics, the training data's
 * hash, the code version, and the addresses of the weights (safetensors), the model card
 * (JSON) and the test-set predictions (for the paired test of the next candidate). The current
 * stage of each version is not stored anywhere: it is the event log replayed through
 * mlops::transition, so it cannot disagree with the history.
 *
 * Nothing is overwritten: a version file is created with exclusive create (`fopen(..., "wx")`: a
 * second writer of the same number fails and takes the next), and artifacts are immutable by
 * construction. Reading an artifact re-hashes it: a corrupted file is refused with io_error.
 */
#ifndef LLMLINGS_PROJECTS_MLOPS_REGISTRY_HPP
#define LLMLINGS_PROJECTS_MLOPS_REGISTRY_HPP

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <llmlings/core.hpp>
#include <llmlings/mlops/03_content_addressing.hpp>
#include <llmlings/mlops/04_promotion_gate.hpp>

namespace mlops_service {

namespace fs = std::filesystem;
namespace mlops = llmlings::mlops;
using json = nlohmann::ordered_json;

/// The current time as ISO 8601 UTC, e.g. "2026-12-06T19:30:00Z".
inline std::string utc_now() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

/// One registered version, as its file records it.
struct version_record {
    std::string model;
    int version = 0;
    std::string created;                    ///< ISO 8601 UTC
    json params;                            ///< the run's parameters (seed, epochs, …)
    std::map<std::string, double> metrics;  ///< accuracy, test_loss, ms_per_image, model_bytes
    std::string data;                       ///< content address of the training data
    std::string code;                       ///< the code version (git describe)
    std::string weights;                    ///< content address of the safetensors file
    std::string card;                       ///< content address of the model card (JSON)
    std::string predictions;                ///< content address of the test-set predictions
};

/// A version and the stage the event log gives it.
struct version_state {
    version_record record;
    mlops::stage stage = mlops::stage::none;
};

inline json to_json(const version_record& r) {
    json j;
    j["model"] = r.model;
    j["version"] = r.version;
    j["created"] = r.created;
    j["params"] = r.params;
    j["metrics"] = r.metrics;
    j["data"] = r.data;
    j["code"] = r.code;
    j["artifacts"] = {{"weights", r.weights}, {"model_card", r.card}, {"predictions", r.predictions}};
    return j;
}

inline version_record version_from_json(const json& j) {
    version_record r;
    r.model = j.at("model").get<std::string>();
    r.version = j.at("version").get<int>();
    r.created = j.at("created").get<std::string>();
    r.params = j.at("params");
    r.metrics = j.at("metrics").get<std::map<std::string, double>>();
    r.data = j.at("data").get<std::string>();
    r.code = j.at("code").get<std::string>();
    r.weights = j.at("artifacts").at("weights").get<std::string>();
    r.card = j.at("artifacts").at("model_card").get<std::string>();
    r.predictions = j.at("artifacts").at("predictions").get<std::string>();
    return r;
}

/// The registry rooted at a directory (created on first use).
class registry {
public:
    explicit registry(fs::path root) : root_(std::move(root)), store_{root_ / "artifacts"} {}

    const fs::path& root() const { return root_; }
    const mlops::artifact_store& store() const { return store_; }

    /// Stores bytes as an artifact; returns its content address.
    std::string put(const std::string& bytes) const { return mlops::put_artifact(store_, bytes); }

    /// An artifact's bytes, re-hashed: io_error when missing or corrupted.
    std::string get(const std::string& address) const { return mlops::get_artifact(store_, address); }

    /// Registers a run as the next version of its model, in stage None; returns the number.
    int register_version(version_record record) const {
        const fs::path dir = root_ / "models" / record.model / "versions";
        fs::create_directories(dir);
        for (int attempt = 0; attempt < 1000; ++attempt) {
            record.version = next_number(dir);
            record.created = utc_now();
            const fs::path file = dir / version_file(record.version);
            std::FILE* f = std::fopen(file.c_str(), "wx");  // exclusive: never replaces a version
            if (f == nullptr) {
                if (errno == EEXIST) continue;  // another writer took the number
                throw llmlings::io_error("registry", "cannot create " + file.string());
            }
            const std::string text = to_json(record).dump(2) + "\n";
            const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
            if (std::fclose(f) != 0 || !ok) throw llmlings::io_error("registry", "cannot write " + file.string());
            return record.version;
        }
        throw llmlings::io_error("registry", "no free version number in " + dir.string());
    }

    /// Every version of a model, in number order, with the stage the event log gives it.
    std::vector<version_state> versions(const std::string& model) const {
        std::vector<version_state> out;
        const fs::path dir = root_ / "models" / model / "versions";
        if (!fs::exists(dir)) return out;
        std::vector<fs::path> files;
        for (const fs::directory_entry& e : fs::directory_iterator(dir))
            if (e.path().extension() == ".json") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const fs::path& file : files) out.push_back({version_from_json(read_json(file)), mlops::stage::none});
        std::vector<mlops::model_version> stages;
        for (const version_state& v : out)
            stages.push_back({model, v.record.version, mlops::stage::none, v.record.weights});
        for (const json& e : events(model)) {
            mlops::transition(stages, model, e.at("version").get<int>(),
                              mlops::parse_stage(e.at("to").get<std::string>()));
        }
        for (std::size_t i = 0; i < out.size(); ++i) out[i].stage = stages[i].current;
        return out;
    }

    /// The version in Production, if any.
    std::optional<version_state> production(const std::string& model) const {
        for (const version_state& v : versions(model))
            if (v.stage == mlops::stage::production) return v;
        return std::nullopt;
    }

    /// Moves a version to a stage: checked by mlops::transition on the replayed history, then
    /// appended to the event log (moving to Production archives the previous one on replay).
    void move(const std::string& model, int version, mlops::stage to, const std::string& reason) const {
        std::vector<mlops::model_version> stages;
        for (const version_state& v : versions(model))
            stages.push_back({model, v.record.version, v.stage, v.record.weights});
        mlops::transition(stages, model, version, to);  // throws when not allowed
        json e;
        e["time"] = utc_now();
        e["version"] = version;
        e["to"] = mlops::stage_name(to);
        e["reason"] = reason;
        std::ofstream out(root_ / "models" / model / "events.jsonl", std::ios::app);
        out << e.dump() << "\n";
        if (!out) throw llmlings::io_error("registry", "cannot append to the event log of " + model);
    }

    /// Records the gate's decision for a candidate (one file per candidate, written once).
    void record_gate(const std::string& model, int version, const json& decision) const {
        const fs::path dir = root_ / "models" / model / "gates";
        fs::create_directories(dir);
        std::ofstream out(dir / version_file(version));
        out << decision.dump(2) << "\n";
        if (!out)
            throw llmlings::io_error("registry",
                                     "cannot write the gate decision of version " + std::to_string(version));
    }

private:
    static std::string version_file(int version) {
        char name[32];
        std::snprintf(name, sizeof name, "%04d.json", version);
        return name;
    }

    static int next_number(const fs::path& dir) {
        int highest = 0;
        for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
            const std::string stem = e.path().stem().string();
            if (e.path().extension() == ".json" && !stem.empty() &&
                stem.find_first_not_of("0123456789") == std::string::npos)
                highest = std::max(highest, std::stoi(stem));
        }
        return highest + 1;
    }

    static json read_json(const fs::path& file) {
        std::ifstream in(file);
        if (!in) throw llmlings::io_error("registry", "cannot read " + file.string());
        try {
            return json::parse(in);
        } catch (const json::exception& e) {
            throw llmlings::io_error("registry", file.string() + ": " + e.what());
        }
    }

    std::vector<json> events(const std::string& model) const {
        std::vector<json> out;
        std::ifstream in(root_ / "models" / model / "events.jsonl");
        std::string line;
        while (std::getline(in, line)) {
            if (line.empty()) continue;
            try {
                out.push_back(json::parse(line));
            } catch (const json::exception& e) {
                throw llmlings::io_error("registry",
                                         "the event log of " + model + " holds a damaged line: " + e.what());
            }
        }
        return out;
    }

    fs::path root_;
    mlops::artifact_store store_;
};

}  // namespace mlops_service

#endif  // LLMLINGS_PROJECTS_MLOPS_REGISTRY_HPP
