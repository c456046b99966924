// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief project_mlops — the mlops module's capstone: the Fashion-MNIST CNN from a training run
 * to a model registry, through the promotion gate, and served over the v2 inference protocol.
 *
 *     ./llmlings data fashion-mnist
 *     ./llmlings project mlops                      # the scripted run below, into build/projects-output
 *     build/projects/projects/project_mlops OUT [--quick]
 *     build/projects/projects/project_mlops train REGISTRY [--seed N] [--epochs N] [--train-limit N] [--quick]
 *                                                           [--require-promotion]     (exit 3 when the gate refuses)
 *     build/projects/projects/project_mlops registry REGISTRY
 *     build/projects/projects/project_mlops serve REGISTRY [--host H] [--port P] [--version N] [--max-batch N]
 *                                                           [--drain-ms N]
 *
 * The scripted run, into OUT/registry:
 * 1. version 1: seed 1 → registered, the first model faces the gate's limits only → Production;
 * 2. the server (server.hpp) on a free port of 127.0.0.1 serves it: health, metadata, an infer
 *    request checked against the pipeline's own predictions, malformed requests refused (400,
 *    404, 413), eight concurrent clients batched together, and the drift gauge before and after
 *    brightened images;
 * 3. version 2, a careless run on a tenth of the images, while a client keeps sending requests →
 *    the gate refuses it (accuracy, and McNemar's test on the same test images) → Staging;
 * 4. version 3: seed 3, one epoch more → passes the gate → Production, version 1 archived;
 * 5. the server reloads version 3 without a failed request;
 * 6. the monitoring loop (monitoring.hpp): a private Prometheus scrapes the server; brightened
 *    images make the drift alert fire; the pipeline retrains on them and promotes through the
 *    gate; the server reloads; the alert resolves; dashboards drawn from Prometheus' query API;
 * 7. load: wrk at 1, 8 and 32 connections (bench/mlops_load.sh compares with FastAPI + PyTorch),
 *    then the server stops gracefully;
 * 8. version 1's run again (same seed, data, code): the same weights bytes, the same address;
 * 9. a copy of the registry with one bit of version 3's weights changed: reading it is refused;
 * 10. the registry's table and a picture of the versions' accuracy (OUT/registry.png); the
 *    server's last metrics in OUT/metrics.txt.
 * --quick trains on 6,000 images for fewer epochs (the self-test).
 *
 * `serve` runs the server alone until SIGTERM or SIGINT (the container's command): it serves the
 * version in Production, or the one pinned by --version or MODEL_VERSION (a ConfigMap), reloads
 * when Production changes, and drains for --drain-ms (2000) before it stops.
 *
 * Pipeline, registry, protocol and server: pipeline.hpp, registry.hpp, v2_protocol.hpp, server.hpp.
 */
#include <signal.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <llmlings/plot.hpp>

#include "pipeline.hpp"
#include "monitoring.hpp"
#include "server.hpp"

namespace fs = std::filesystem;
namespace mlops = llmlings::mlops;
using llmlings::projects::format;
using namespace mlops_service;

namespace {

const char* program = "project_mlops";

/// Prints the registry's versions, as `mlflow models list` would.
void print_registry(const registry& reg, std::ostream& out) {
    out << format("  %-8s %-11s %-9s %-9s %-10s %s\n", "version", "stage", "accuracy", "ms/image", "seed", "weights");
    for (const version_state& v : reg.versions(model_name)) {
        out << format("  %-8d %-11s %-9.4f %-9.3f %-10s %s\n", v.record.version, mlops::stage_name(v.stage),
                      v.record.metrics.at("accuracy"), v.record.metrics.at("ms_per_image"),
                      v.record.params.at("seed").dump().c_str(), v.record.weights.c_str());
    }
}

/// The value of the first sample named `name` in Prometheus' text format (NaN when absent).
double metric_value(const std::string& text, const std::string& name) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#' || line.compare(0, name.size(), name) != 0) continue;
        const char next = line.size() > name.size() ? line[name.size()] : '\0';
        if (next != ' ' && next != '{') continue;
        const std::size_t end = next == '{' ? line.find('}') : name.size();
        if (end == std::string::npos) continue;
        return std::strtod(line.c_str() + end + 1, nullptr);
    }
    return std::nan("");
}

/// An infer request body for test images [first, first + n), pixels scaled to [0, 1], optionally
/// brightened (p → 0.5 + 0.5 p): the kind of shift a new camera brings.
std::string infer_body(const dataset& data, std::size_t first, std::size_t n, bool brighten = false) {
    json input;
    input["name"] = "image";
    input["datatype"] = "FP32";
    input["shape"] = {n, 1, 28, 28};
    json pixels = json::array();
    for (std::size_t i = first; i < first + n; ++i)
        for (std::size_t k = 0; k < 784; ++k) {
            const double p = data.test.X(i % data.test.X.shape()[0], k) / 255.0;
            pixels.push_back(static_cast<float>(brighten ? 0.5 + 0.5 * p : p));
        }
    input["data"] = pixels;
    json body;
    body["id"] = std::to_string(first);
    body["inputs"] = json::array({input});
    return body.dump();
}

/// The "class" output of an infer response.
std::vector<std::size_t> classes_of(const std::string& response) {
    const json j = json::parse(response);
    for (const json& o : j.at("outputs"))
        if (o.at("name") == "class") return o.at("data").get<std::vector<std::size_t>>();
    return {};
}

/// The server part of the scripted run: the protocol's answers, malformed requests, batching
/// under concurrent clients, and input drift.
void probe_server(server& srv, const dataset& data, const registry& reg, int version, std::ostream& out) {
    httplib::Client client("127.0.0.1", srv.port());
    client.set_tcp_nodelay(true);
    const std::string infer = "/v2/models/fashion_cnn/infer";
    auto status = [&](const httplib::Result& r) { return r ? r->status : -1; };
    out << format("  GET  /v2/health/live   → %d\n", status(client.Get("/v2/health/live")));
    out << format("  GET  /v2/health/ready  → %d\n", status(client.Get("/v2/health/ready")));
    const auto meta = client.Get("/v2/models/fashion_cnn");
    out << format("  GET  /v2/models/fashion_cnn → %d %s\n", status(meta),
                  meta ? meta->body.substr(0, 90).c_str() : "");
    const auto r = client.Post(infer, infer_body(data, 0, 8), "application/json");
    if (status(r) != 200)
        throw llmlings::io_error(program, "infer failed: " + (r ? r->body : std::string("no answer")));
    const std::vector<std::size_t> served = classes_of(r->body);
    const std::string stored =
        reg.get(reg.versions(model_name).at(static_cast<std::size_t>(version - 1)).record.predictions);
    std::size_t same = 0;
    for (std::size_t i = 0; i < served.size(); ++i) same += served[i] == static_cast<unsigned char>(stored[i]) ? 1 : 0;
    out << format("  POST %s (8 test images) → 200, classes", infer.c_str());
    for (std::size_t c : served) out << " " << c;
    out << format("; %zu of 8 equal the pipeline's predictions of version %d\n", same, version);
    if (same != 8) throw llmlings::io_error(program, "the server's predictions differ from the pipeline's");
    std::string nan_body = R"({"inputs":[{"name":"image","shape":[1,784],"datatype":"FP32","data":["NaN")";
    for (int i = 1; i < 784; ++i) nan_body += ",0";
    nan_body += "]}]}";
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"not JSON", "{\"inputs\": ["},
        {"a wrong shape", R"({"inputs":[{"name":"image","shape":[1,3,28,28],"datatype":"FP32","data":[]}]})"},
        {"a wrong datatype", R"({"inputs":[{"name":"image","shape":[1,784],"datatype":"FP64","data":[]}]})"},
        {"a NaN pixel", nan_body},
        {"too few pixels", R"({"inputs":[{"name":"image","shape":[1,784],"datatype":"FP32","data":[0.5]}]})"},
    };
    for (const auto& [what, body] : bad) {
        const auto e = client.Post(infer, body, "application/json");
        out << format("  POST %s, %-16s → %d %s\n", "infer", what.c_str(), status(e),
                      e ? e->body.substr(0, 100).c_str() : "");
        if (status(e) != 400) throw llmlings::io_error(program, "a malformed request was not refused with 400");
    }
    const auto unknown = client.Post("/v2/models/resnet50/infer", infer_body(data, 0, 1), "application/json");
    out << format("  POST an unknown model → %d %s\n", status(unknown), unknown ? unknown->body.c_str() : "");
    const auto huge = client.Post(infer, std::string(9u << 20, ' '), "application/json");
    out << format("  POST a 9 MiB body     → %d %s\n", status(huge), huge ? huge->body.c_str() : "");
    if (status(unknown) != 404 || status(huge) != 413) throw llmlings::io_error(program, "unexpected status");

    // Eight clients at once, one image per request: the batcher gathers them.
    const double before_sum = metric_value(srv.metrics_text(), "v2_batch_size_sum");
    const double before_count = metric_value(srv.metrics_text(), "v2_batch_size_count");
    std::atomic<int> errors{0};
    std::vector<std::thread> clients;
    const auto start = std::chrono::steady_clock::now();
    for (int c = 0; c < 8; ++c)
        clients.emplace_back([&, c] {
            httplib::Client cl("127.0.0.1", srv.port());
            cl.set_tcp_nodelay(true);
            for (int i = 0; i < 50; ++i) {
                const auto res =
                    cl.Post(infer, infer_body(data, static_cast<std::size_t>(c * 50 + i), 1), "application/json");
                if (!res || res->status != 200) ++errors;
            }
        });
    for (std::thread& t : clients) t.join();
    const double seconds = llmlings::projects::seconds_since(start);
    const std::string m = srv.metrics_text();
    const double batches = metric_value(m, "v2_batch_size_count") - before_count;
    const double images = metric_value(m, "v2_batch_size_sum") - before_sum;
    out << format(
        "  8 clients × 50 requests of one image: %.0f requests/s, %d errors, %.0f forward passes, "
        "%.2f images per pass\n",
        400 / seconds, errors.load(), batches, images / batches);
    if (errors != 0) throw llmlings::io_error(program, "requests failed under concurrency");

    // Drift: the same images, then brightened ones, 300 each; the gauge is PSI over the last 1000.
    for (std::size_t i = 0; i < 300; i += 30) client.Post(infer, infer_body(data, 1000 + i, 30), "application/json");
    const double normal = metric_value(srv.metrics_text(), "v2_input_drift_psi");
    for (std::size_t i = 0; i < 600; i += 30)
        client.Post(infer, infer_body(data, 1000 + i, 30, true), "application/json");
    const double shifted = metric_value(srv.metrics_text(), "v2_input_drift_psi");
    out << format(
        "  input drift (PSI of the mean pixel, last 1000 images): %.3f with test images, %.3f after 600 "
        "brightened ones%s\n",
        normal, shifted, shifted > 0.2 ? " (> 0.2: the drift alert's threshold)" : "");
}

/// The sizes of a run: the full data set, or the self-test's slice.
struct sizes {
    std::size_t train_images = 0, test_images = 0, epochs = 3;
};

sizes sizes_for(bool quick) {
    return quick ? sizes{6000, 2000, 1} : sizes{0, 0, 3};
}

/// One wrk run's summary: requests per second, p50 and p99 in ms, errors (NaN when unreadable).
struct load_result {
    double rps = std::nan(""), p50 = std::nan(""), p99 = std::nan("");
    long errors = 0;
};

/// Reads wrk's --latency report.
load_result read_wrk(const std::string& text) {
    load_result r;
    auto ms = [&](const std::string& label) {
        const std::size_t at = text.find("\n" + label);
        if (at == std::string::npos) return std::nan("");
        char* end = nullptr;
        const double v = std::strtod(text.c_str() + at + 1 + label.size(), &end);
        const std::string unit(end, end + 2);
        return unit == "us" ? v / 1000.0 : unit == "ms" ? v : v * 1000.0;
    };
    r.p50 = ms("     50%");
    r.p99 = ms("     99%");
    const std::size_t rps = text.find("Requests/sec:");
    if (rps != std::string::npos) r.rps = std::strtod(text.c_str() + rps + 13, nullptr);
    for (const char* key : {"Non-2xx or 3xx responses: ", "Socket errors: connect "}) {
        const std::size_t at = text.find(key);
        if (at != std::string::npos) r.errors += std::strtol(text.c_str() + at + std::strlen(key), nullptr, 10);
    }
    return r;
}

/// Step 7: wrk against the server (the same request as bench/mlops_load.sh), when wrk is installed.
void load_test(const server& srv, const dataset& data, const fs::path& out, bool quick) {
    std::cout << "\n== 7. load: wrk on loopback, one test image per request\n";
    if (!have_program("wrk")) {
        std::cout << "  skipped: wrk is not installed (sudo apt-get install wrk; ./llmlings project mlops installs "
                     "it); bench/mlops_load.sh compares with FastAPI + PyTorch\n";
        return;
    }
    const fs::path dir = out / "load";
    fs::create_directories(dir);
    std::ofstream(dir / "body.json") << infer_body(data, 0, 1);
    std::ofstream(dir / "post.lua") << "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
                                    << "local f = assert(io.open(\"" << (dir / "body.json").string()
                                    << "\", \"rb\"))\nwrk.body = f:read(\"*a\")\nf:close()\n";
    const int seconds = quick ? 2 : 10;
    std::cout << format("  %11s %12s %9s %9s %7s\n", "connections", "requests/s", "p50 ms", "p99 ms", "errors");
    long errors = 0;
    for (int c : {1, 8, 32}) {
        const std::string command = format(
            "wrk -t%d -c%d -d%ds --latency -s '%s' "
            "http://127.0.0.1:%d/v2/models/fashion_cnn/infer 2>&1",
            c < 2 ? 1 : 2, c, seconds, (dir / "post.lua").c_str(), srv.port());
        std::string text;
        if (std::FILE* p = ::popen(command.c_str(), "r")) {
            char buffer[4096];
            std::size_t n = 0;
            while ((n = std::fread(buffer, 1, sizeof buffer, p)) > 0) text.append(buffer, n);
            ::pclose(p);
        }
        std::ofstream(dir / format("wrk-c%d.txt", c)) << text;
        const load_result r = read_wrk(text);
        errors += r.errors;
        std::cout << format("  %11d %12.0f %9.2f %9.2f %7ld\n", c, r.rps, r.p50, r.p99, r.errors);
    }
    if (errors != 0) throw llmlings::io_error(program, "requests failed under load (see " + dir.string() + ")");
}

/// Reads a text file of the source tree's deploy directory.
std::string deploy_file(const std::string& relative) {
    std::ifstream in(fs::path(LLMLINGS_MLOPS_DEPLOY_DIR) / relative);
    if (!in) throw llmlings::io_error(program, "cannot read deploy/" + relative);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

/// Step 6 of the scripted run: drift → alert → retrain → promote → resolved, watched by a real
/// Prometheus, and the dashboards drawn from its query API.
void monitoring_loop(server& srv, const registry& reg, const dataset& data, const sizes& z, const gate_options& gate,
                     const fs::path& out) {
    std::cout << "\n== 6. the monitoring loop: drift → alert → retrain → promote\n";
    if (!have_program("prometheus")) {
        std::cout << "  skipped: Prometheus is not installed (sudo apt-get install prometheus; ./llmlings project "
                     "mlops installs it)\n";
        return;
    }
    // The production rules, with the drift alert's `for: 2m` shortened to 5 s for the demonstration.
    std::string rules = deploy_file("prometheus/rules.yml");
    const std::size_t at = rules.find("for: 2m");
    if (at == std::string::npos) throw llmlings::io_error(program, "rules.yml has no `for: 2m` drift alert");
    rules.replace(at, 7, "for: 5s");
    const fs::path dir = out / "prometheus";
    fs::remove_all(dir);
    prometheus_process prom(dir, "127.0.0.1:" + std::to_string(srv.port()), rules);
    std::cout << "  Prometheus "
              << " on 127.0.0.1:" << prom.port() << ", scraping the server every second, rules "
              << "from deploy/prometheus/rules.yml (the drift alert's for: 5s instead of 2m)\n";
    const dataset recent = fetch(z.train_images, z.test_images, true);
    const double t0 = unix_now();
    std::atomic<bool> done{false}, bright{false};
    std::atomic<int> failures{0};
    std::thread traffic([&] {
        httplib::Client cl("127.0.0.1", srv.port());
        cl.set_tcp_nodelay(true);
        for (std::size_t i = 0; !done; i += 30) {
            const auto r = cl.Post("/v2/models/fashion_cnn/infer", infer_body(bright ? recent : data, i % 1800, 30),
                                   "application/json");
            if (!r || r->status != 200) ++failures;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
    auto wait_for = [&](const std::string& state, double limit) {
        const double start = unix_now();
        while (unix_now() - start < limit) {
            if (prom.alert_state("FashionCnnInputDrift") == state) return unix_now() - t0;
            std::this_thread::sleep_for(std::chrono::milliseconds(250));
        }
        return -1.0;
    };
    std::this_thread::sleep_for(std::chrono::seconds(5));  // a baseline of ordinary images
    std::cout << format("  +%4.1f s  ordinary images; then the same images brightened (p → 0.5 + p/2)\n",
                        unix_now() - t0);
    bright = true;
    const double pending = wait_for("pending", 60);
    const double firing = wait_for("firing", 60);
    std::cout << format("  +%4.1f s  FashionCnnInputDrift pending\n  +%4.1f s  FashionCnnInputDrift firing\n", pending,
                        firing);
    if (firing < 0) throw llmlings::io_error(program, "the drift alert did not fire within a minute");
    std::cout << format("  +%4.1f s  retraining on recent data (the brightened images)\n", unix_now() - t0);
    run_options retrain{4, z.epochs, 0, "retrained after the drift alert", true};
    const run_outcome r = run_pipeline(reg, recent, retrain, gate, std::cout);
    if (!r.promoted) throw llmlings::io_error(program, "the retrained model did not pass the gate");
    for (int i = 0; i < 100 && srv.serving_version() != r.version; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::cout << format("  +%4.1f s  the server serves version %d (its drift reference: the brightened images)\n",
                        unix_now() - t0, srv.serving_version());
    const double resolved = wait_for("inactive", 60);
    std::cout << format("  +%4.1f s  FashionCnnInputDrift resolved\n", resolved);
    std::this_thread::sleep_for(std::chrono::seconds(3));
    done = true;
    traffic.join();
    if (resolved < 0 || failures != 0)
        throw llmlings::io_error(program, "the alert did not resolve, or requests failed during the loop");
    const double t1 = unix_now();
    const auto psi = prom.query_range("max(v2_input_drift_psi)", t0, t1, 1);
    const auto p99 = prom.query_range(
        "histogram_quantile(0.99, sum by (le) (rate(v2_request_duration_seconds_bucket[5s])))", t0, t1, 1);
    const auto rps = prom.query_range("sum(rate(v2_requests_total{endpoint=\"infer\"}[5s]))", t0, t1, 1);
    if (llmlings::plot::available() && psi.size() > 1 && p99.size() > 1 && rps.size() > 1) {
        llmlings::vector x = xt::empty<double>({psi.size()}), y = xt::empty<double>({psi.size()}),
                         limit = xt::empty<double>({psi.size()});
        for (std::size_t i = 0; i < psi.size(); ++i) {
            x(i) = psi[i].first - t0;
            y(i) = psi[i].second;
            limit(i) = 0.2;
        }
        llmlings::plot::options o;
        o.title = "v2_input_drift_psi (from Prometheus' query API): drift, alert, retrained model promoted";
        o.xlabel = "seconds";
        o.ylabel = "PSI of the mean pixel";
        std::cout << "  "
                  << llmlings::plot::line_plot((out / "dashboard_drift.png").string(), x,
                                               {{"PSI", y}, {"alert threshold", limit}}, o)
                  << "\n";
        const std::size_t n = std::min(p99.size(), rps.size());
        llmlings::vector tx = xt::empty<double>({n}), ms = xt::empty<double>({n}), rate = xt::empty<double>({n});
        for (std::size_t i = 0; i < n; ++i) {
            tx(i) = p99[i].first - t0;
            ms(i) = 1000.0 * p99[i].second;
            rate(i) = rps[i].second;
        }
        o.title = "infer requests per second and p99 latency (ms), from Prometheus";
        o.ylabel = "";
        std::cout << "  "
                  << llmlings::plot::line_plot((out / "dashboard_traffic.png").string(), tx,
                                               {{"requests/s", rate}, {"p99 latency (ms)", ms}}, o)
                  << "\n";
    }
    prom.stop();
}

int scripted_run(const fs::path& out, bool quick) {
    const auto start = std::chrono::steady_clock::now();
    const sizes z = sizes_for(quick);
    const fs::path root = out / "registry";
    if (fs::exists(root)) fs::remove_all(root);  // the scripted run starts from an empty registry
    fs::create_directories(out);
    const registry reg(root);
    std::cout << "MLOps capstone: Fashion-MNIST CNN → registry → gate" << (quick ? " (quick run)" : "") << "\n"
              << "registry: " << root.string() << "\n\n[fetch] Fashion-MNIST\n";
    const dataset data = fetch(z.train_images, z.test_images);
    std::cout << "  " << data.train.X.shape()[0] << " training and " << data.test.X.shape()[0]
              << " test images; training data " << data.address << "\n";
    const gate_options gate;

    std::cout << "\n== 1. the first model\n";
    const run_outcome v1 = run_pipeline(reg, data, {1, z.epochs, 0, "baseline"}, gate, std::cout);
    std::cout << "\n== 2. serving version 1 (v2 inference protocol on 127.0.0.1, a free port)\n";
    server_options so;
    so.port = 0;
    so.reload_interval = std::chrono::milliseconds(100);
    server srv(reg, model_name, so);
    std::cout << "  listening on port " << srv.start() << ", serving version " << srv.serving_version() << "\n";
    probe_server(srv, data, reg, v1.version, std::cout);

    // A client keeps sending while the next runs register and the server reloads.
    std::atomic<bool> done{false};
    std::atomic<int> sent{0}, failed{0};
    std::vector<int> seen;
    std::thread background([&] {
        httplib::Client cl("127.0.0.1", srv.port());
        cl.set_tcp_nodelay(true);
        while (!done) {
            const auto res = cl.Post("/v2/models/fashion_cnn/infer",
                                     infer_body(data, static_cast<std::size_t>(sent) * 4, 4), "application/json");
            ++sent;
            if (!res || res->status != 200) {
                ++failed;
                continue;
            }
            const int v = std::stoi(json::parse(res->body).at("model_version").get<std::string>());
            if (seen.empty() || seen.back() != v) seen.push_back(v);
        }
    });

    std::cout << "\n== 3. a careless run: a tenth of the training images\n";
    const std::size_t n = data.train.X.shape()[0];
    const run_outcome v2 = run_pipeline(reg, data, {2, z.epochs, n / 10, "a tenth of the data"}, gate, std::cout);
    std::cout << "\n== 4. one epoch more\n";
    const run_outcome v3 = run_pipeline(reg, data, {3, z.epochs + 1, 0, "one epoch more"}, gate, std::cout);
    const int expected_version = v3.promoted ? v3.version : v1.version;
    for (int i = 0; i < 100 && srv.serving_version() != expected_version; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    done = true;
    background.join();
    std::cout << "\n== 5. hot reload\n  a client sent " << sent << " requests while versions 2 and 3 were trained and "
              << "registered: " << failed << " failed; the versions it was answered by:";
    for (std::size_t i = 0; i < seen.size(); ++i) std::cout << (i ? " → " : " ") << seen[i];
    std::cout << "\n  the server now serves version " << srv.serving_version() << "\n";
    if (failed != 0 || srv.serving_version() != expected_version)
        throw llmlings::io_error(program, "the hot reload dropped requests or did not happen");
    monitoring_loop(srv, reg, data, z, gate, out);
    load_test(srv, data, out, quick);

    const auto stop_start = std::chrono::steady_clock::now();
    srv.stop();
    std::cout << format("  stopped (readiness 503, listener closed, in-flight requests finished) in %.3f s\n",
                        llmlings::projects::seconds_since(stop_start));
    std::ofstream(out / "metrics.txt") << srv.metrics_text();
    std::cout << "  the server's last metrics: " << (out / "metrics.txt").string() << "\n";

    std::cout << "\n== 8. reproducing version 1 (seed 1, the same data and code)\n";
    const trained_model again = train_and_evaluate(data, {1, z.epochs, 0, "baseline"}, std::cout);
    const std::string address = mlops::content_address(again.weights);
    std::cout << "  weights " << address << "\n  version 1 " << v1.weights << "\n  "
              << (address == v1.weights ? "identical: the run is reproducible, and the store keeps one copy"
                                        : "DIFFERENT: the run is not reproducible on this machine")
              << "\n";

    std::cout << "\n== 9. a damaged artifact\n";
    const fs::path damaged = out / "registry-damaged";
    if (fs::exists(damaged)) fs::remove_all(damaged);
    fs::copy(root, damaged, fs::copy_options::recursive);
    const registry copy(damaged);
    const fs::path file = mlops::artifact_path(copy.store(), v3.weights);
    {
        std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
        f.seekg(1000);
        char c = 0;
        f.read(&c, 1);
        c = static_cast<char>(c ^ 0x01);  // one bit of one weight
        f.seekp(1000);
        f.write(&c, 1);
    }
    bool refused = false;
    try {
        copy.get(v3.weights);
    } catch (const llmlings::io_error& e) {
        refused = true;
        std::cout << "  one bit changed in " << fs::relative(file, out).string() << "\n  refused: " << e.what() << "\n";
    }
    if (!refused) throw llmlings::io_error(program, "a damaged artifact was read without complaint");

    std::cout << "\n== 10. the registry\n";
    print_registry(reg, std::cout);
    const std::vector<version_state> versions = reg.versions(model_name);
    std::vector<std::string> labels;
    llmlings::vector accuracy = xt::empty<double>({versions.size()});
    for (std::size_t i = 0; i < versions.size(); ++i) {
        labels.push_back(format("v%d %s", versions[i].record.version, mlops::stage_name(versions[i].stage)));
        accuracy(i) = 100.0 * versions[i].record.metrics.at("accuracy");
    }
    if (llmlings::plot::available()) {
        llmlings::plot::options o;
        o.title = "fashion_cnn: test accuracy of each registered version, and its stage";
        o.ylabel = "test accuracy (%)";
        std::cout << "  " << llmlings::plot::bar_chart((out / "registry.png").string(), labels, accuracy, o) << "\n";
    } else {
        std::cout << "  note: gnuplot is not installed, so no PNG is drawn (sudo apt-get install gnuplot-nox)\n";
    }
    const bool expected = v1.promoted && !v2.promoted && address == v1.weights;
    std::cout << format("\n%s in %.1f s\n", expected ? "done" : "done, with a surprise (see above)",
                        llmlings::projects::seconds_since(start));
    (void)v3;
    return expected ? 0 : 1;
}

int train_command(int argc, char** argv) {
    if (argc < 3) throw llmlings::invalid_argument(program, "train expects a registry directory");
    const fs::path root = argv[2];
    run_options run;
    bool quick = false, require_promotion = false;
    for (int i = 3; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--quick") {
            quick = true;
        } else if (a == "--require-promotion") {
            require_promotion = true;
        } else if ((a == "--seed" || a == "--epochs" || a == "--train-limit") && i + 1 < argc) {
            const std::size_t v = llmlings::projects::positive_argument(program, a, argv[++i]);
            if (a == "--seed") run.seed = v;
            if (a == "--epochs") run.epochs = v;
            if (a == "--train-limit") run.train_limit = v;
        } else {
            throw llmlings::invalid_argument(program, "unknown option '" + a + "' of train");
        }
    }
    const sizes z = sizes_for(quick);
    const registry reg(root);
    const dataset data = fetch(z.train_images, z.test_images);
    const run_outcome outcome = run_pipeline(reg, data, run, gate_options{}, std::cout);
    // A CI job stops the line here: exit status 3 when the gate refused the candidate.
    return require_promotion && !outcome.promoted ? 3 : 0;
}

/// `serve REGISTRY [options]`: serves until SIGTERM or SIGINT, then drains and exits 0.
int serve_command(int argc, char** argv) {
    if (argc < 3) throw llmlings::invalid_argument(program, "serve expects a registry directory");
    server_options o;
    o.drain = std::chrono::milliseconds(2000);
    if (const char* pinned = std::getenv("MODEL_VERSION"); pinned != nullptr && *pinned != '\0')
        o.pinned_version = static_cast<int>(llmlings::projects::positive_argument(program, "MODEL_VERSION", pinned));
    for (int i = 3; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 >= argc) throw llmlings::invalid_argument(program, "option '" + a + "' of serve needs a value");
        const char* v = argv[++i];
        if (a == "--host")
            o.host = v;
        else if (a == "--port")
            o.port =
                std::strcmp(v, "0") == 0 ? 0 : static_cast<int>(llmlings::projects::positive_argument(program, a, v));
        else if (a == "--version")
            o.pinned_version = static_cast<int>(llmlings::projects::positive_argument(program, a, v));
        else if (a == "--max-batch")
            o.max_batch = llmlings::projects::positive_argument(program, a, v);
        else if (a == "--drain-ms")
            o.drain = std::chrono::milliseconds(
                std::strcmp(v, "0") == 0 ? 0 : llmlings::projects::positive_argument(program, a, v));
        else
            throw llmlings::invalid_argument(program, "unknown option '" + a + "' of serve");
    }
    // Every thread the server starts inherits this mask, so SIGTERM and SIGINT reach sigwait only.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    server srv(registry(argv[2]), model_name, o);
    const int port = srv.start();
    std::cout << "serving " << model_name << " version " << srv.serving_version() << " on http://" << o.host << ":"
              << port << " (v2 inference protocol; /metrics for Prometheus)" << std::endl;
    int signal = 0;
    sigwait(&signals, &signal);
    std::cout << "signal " << signal << ": readiness 503, draining for " << o.drain.count() << " ms, then stopping"
              << std::endl;
    srv.stop();
    std::cout << "stopped" << std::endl;
    return 0;
}

int run(int argc, char** argv) {
    if (argc >= 2 && std::strcmp(argv[1], "train") == 0) return train_command(argc, argv);
    if (argc >= 2 && std::strcmp(argv[1], "serve") == 0) return serve_command(argc, argv);
    if (argc >= 2 && std::strcmp(argv[1], "registry") == 0) {
        if (argc != 3) throw llmlings::invalid_argument(program, "registry expects one directory");
        print_registry(registry(argv[2]), std::cout);
        return 0;
    }
    fs::path out = "build/projects-output";
    bool quick = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0)
            quick = true;
        else
            out = argv[i];
    }
    return scripted_run(out, quick);
}

}  // namespace

int main(int argc, char** argv) {
    return llmlings::projects::run_main(program, run, argc, argv);
}
