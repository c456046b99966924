// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The capstone's monitoring loop with a real Prometheus (Debian's `prometheus`): a private
 * instance scrapes the inference server every second and evaluates deploy/prometheus/rules.yml;
 * brightened images make the drift alert fire; the pipeline retrains on the recent (brightened)
 * data and promotes through the gate; the server reloads; the alert resolves. The dashboards are
 * drawn from Prometheus' query API with gnuplot (Debian has no Grafana).
 *
 * The instance is the program's own child: its own configuration, data directory and port on
 * 127.0.0.1, stopped with SIGTERM at the end. A `prometheus` service that the package may have
 * started is not touched.
 */
#ifndef LLMLINGS_PROJECTS_MLOPS_MONITORING_HPP
#define LLMLINGS_PROJECTS_MLOPS_MONITORING_HPP

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <llmlings/core.hpp>

namespace mlops_service {

/// A free TCP port on 127.0.0.1 (bound, read and released; another process could take it before
/// the caller binds it, which does not happen on a test machine).
inline int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw llmlings::io_error("free_port", "no socket");
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t size = sizeof a;
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
                    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &size) == 0;
    ::close(fd);
    if (!ok) throw llmlings::io_error("free_port", "cannot bind a socket on 127.0.0.1");
    return ntohs(a.sin_port);
}

/// Whether an executable is on the PATH.
inline bool have_program(const std::string& name) {
    return std::system(("command -v " + name + " > /dev/null 2>&1").c_str()) == 0;
}

/// A child Prometheus on 127.0.0.1:port with its own configuration and data directory.
class prometheus_process {
public:
    /// Writes the configuration (scraping `target` every second, evaluating `rules` every second)
    /// into dir and starts `prometheus`; waits until it answers /-/ready.
    prometheus_process(const std::filesystem::path& dir, const std::string& target, const std::string& rules) {
        namespace fs = std::filesystem;
        fs::create_directories(dir / "data");
        std::ofstream(dir / "rules.yml") << rules;
        std::ofstream(dir / "prometheus.yml") << "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                                              << "rule_files:\n  - rules.yml\nscrape_configs:\n"
                                              << "  - job_name: fashion-cnn\n    static_configs:\n"
                                              << "      - targets: [\"" << target << "\"]\n";
        port_ = free_port();
        const std::string config = "--config.file=" + (dir / "prometheus.yml").string();
        const std::string data = "--storage.tsdb.path=" + (dir / "data").string();
        const std::string listen = "--web.listen-address=127.0.0.1:" + std::to_string(port_);
        const std::string log = (dir / "prometheus.log").string();
        pid_ = ::fork();
        if (pid_ < 0) throw llmlings::io_error("prometheus_process", "fork failed");
        if (pid_ == 0) {
            const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd >= 0) {
                ::dup2(fd, 1);
                ::dup2(fd, 2);
            }
            ::execlp("prometheus", "prometheus", config.c_str(), data.c_str(), listen.c_str(), "--log.level=warn",
                     static_cast<char*>(nullptr));
            ::_exit(127);
        }
        httplib::Client client("127.0.0.1", port_);
        for (int i = 0; i < 200; ++i) {
            const auto r = client.Get("/-/ready");
            if (r && r->status == 200) return;
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                throw llmlings::io_error("prometheus_process", "prometheus exited at start; see " + log);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        stop();
        throw llmlings::io_error("prometheus_process", "prometheus did not become ready in 20 s; see " + log);
    }

    prometheus_process(const prometheus_process&) = delete;
    prometheus_process& operator=(const prometheus_process&) = delete;
    ~prometheus_process() { stop(); }

    int port() const { return port_; }

    /// SIGTERM, then wait for it.
    void stop() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
    }

    /// The state of an alert: "inactive", "pending" or "firing" (GET /api/v1/alerts).
    std::string alert_state(const std::string& name) const {
        httplib::Client client("127.0.0.1", port_);
        const auto r = client.Get("/api/v1/alerts");
        if (!r || r->status != 200) return "unknown";
        const nlohmann::json j = nlohmann::json::parse(r->body, nullptr, false);
        if (j.is_discarded()) return "unknown";
        std::string state = "inactive";
        for (const nlohmann::json& a : j["data"]["alerts"])
            if (a["labels"]["alertname"] == name) state = a["state"].get<std::string>();
        return state;
    }

    /// The first series of a range query as (unix time, value) pairs, one per `step` seconds.
    std::vector<std::pair<double, double>> query_range(const std::string& query, double start, double end,
                                                       double step) const {
        httplib::Client client("127.0.0.1", port_);
        const httplib::Params params = {{"query", query},
                                        {"start", std::to_string(start)},
                                        {"end", std::to_string(end)},
                                        {"step", std::to_string(step)}};
        const auto r = client.Get("/api/v1/query_range", params, httplib::Headers{});
        std::vector<std::pair<double, double>> out;
        if (!r || r->status != 200) return out;
        const nlohmann::json j = nlohmann::json::parse(r->body, nullptr, false);
        if (j.is_discarded() || j["data"]["result"].empty()) return out;
        for (const nlohmann::json& v : j["data"]["result"][0]["values"])
            out.emplace_back(v[0].get<double>(), std::strtod(v[1].get<std::string>().c_str(), nullptr));
        return out;
    }

private:
    pid_t pid_ = -1;
    int port_ = 0;
};

/// Seconds since the epoch, as Prometheus' API takes them.
inline double unix_now() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace mlops_service

#endif  // LLMLINGS_PROJECTS_MLOPS_MONITORING_HPP
