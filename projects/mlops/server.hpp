// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The capstone's inference server: the v2 inference protocol (v2_protocol.hpp) over
 * cpp-httplib, dynamic batching, hot reload of a newly promoted version, Prometheus metrics
 * through prometheus-cpp, input drift against the training data (mlops/01), and a graceful
 * shutdown that drains before it exits.
 *
 * Threads:
 * - httplib's pool answers HTTP requests. An infer handler parses and validates its body; when
 *   no forward pass runs and nothing waits, it runs the forward pass itself (a lone request never
 *   changes threads); otherwise it queues the job and waits for it.
 * - The batcher (one thread): whenever jobs wait and no pass runs, it runs one forward pass over
 *   the jobs at the front of the queue, up to max_batch images, and hands each job its rows
 *   (Triton's dynamic batching). While one pass runs, new requests queue up, so the batches grow
 *   with the load by themselves. One forward over 32 images costs far less than 32 forwards over
 *   one: the products become matrix products, and the pass's fixed costs are paid once. One pass
 *   runs at a time, so the model's workspace needs no copy.
 * - The watcher polls the registry every reload_interval: when another version is in Production
 *   (or, pinned, when the pinned version appears), it loads it, verifying its hashes, and swaps it
 *   in. A batch holds a shared_ptr to the model it started with, so requests in flight finish on
 *   the old version and no request is dropped; the next batch uses the new one.
 *
 * Shutdown (what Kubernetes expects on SIGTERM): readiness turns 503 at once (the Service stops
 * sending new requests), the server keeps answering for drain_seconds, then stops listening,
 * finishes the requests it has, stops the batcher and returns.
 */
#ifndef LLMLINGS_PROJECTS_MLOPS_SERVER_HPP
#define LLMLINGS_PROJECTS_MLOPS_SERVER_HPP

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <llmlings/core.hpp>
#include <llmlings/mlops/01_drift.hpp>
#include <llmlings/transformer/10_safetensors.hpp>
#include <llmlings/version.hpp>

#include "../image_classifiers/image_models.hpp"
#include "pipeline.hpp"
#include "registry.hpp"
#include "v2_protocol.hpp"

namespace mlops_service {

/// How the server runs.
struct server_options {
    std::string host = "127.0.0.1";
    int port = 8080;             ///< 0: any free port (printed, and server::port())
    int pinned_version = 0;      ///< 0: serve whatever is in Production; N: serve version N
    std::size_t max_batch = 64;  ///< images per forward pass, and per request
    std::chrono::milliseconds reload_interval{500};
    std::chrono::milliseconds drain{0};    ///< answering on after readiness turns 503
    std::size_t payload_limit = 8u << 20;  ///< bytes per request body (413 above)
    std::size_t drift_window = 1000;       ///< images in the drift gauge's window
};

/// A loaded, verified model version, shared by the batches that use it.
struct loaded_model {
    model_signature sig;
    int version = 0;
    image_models::small_cnn<float> net;
    llmlings::vector drift_edges;         ///< the training data's mean-pixel bins (model card)
    llmlings::index_vector drift_counts;  ///< the training data's counts in them
};

/// Loads a registered version: the weights and card are read through the registry, which checks
/// their SHA-256; the card gives the signature and the drift reference.
inline std::shared_ptr<loaded_model> load_version(const registry& reg, const version_record& v, std::size_t max_batch) {
    const json card = json::parse(reg.get(v.card));
    auto m = std::make_shared<loaded_model>();
    m->version = v.version;
    m->sig.name = card.at("name").get<std::string>();
    m->sig.version = std::to_string(v.version);
    m->sig.classes = card.at("classes").get<std::vector<std::string>>();
    m->sig.max_batch = max_batch;
    m->net = load_cnn(reg, v, m->sig.classes.size());
    const json& drift = card.at("drift_reference");
    const std::vector<double> edges = drift.at("edges").get<std::vector<double>>();
    const std::vector<std::size_t> counts = drift.at("counts").get<std::vector<std::size_t>>();
    m->drift_edges = xt::adapt(edges, {edges.size()});
    m->drift_counts = xt::adapt(counts, {counts.size()});
    return m;
}

/// The server. run() blocks until stop() (or a signal handled by the caller) ends it.
class server {
public:
    server(registry reg, std::string model, server_options options)
        : reg_(std::move(reg)),
          model_name_(std::move(model)),
          options_(std::move(options)),
          metrics_(std::make_shared<prometheus::Registry>()),
          requests_(prometheus::BuildCounter()
                        .Name("v2_requests_total")
                        .Help("HTTP requests by endpoint and status code")
                        .Register(*metrics_)),
          latency_(prometheus::BuildHistogram()
                       .Name("v2_request_duration_seconds")
                       .Help("Time from a request's arrival to its response, infer requests")
                       .Register(*metrics_)
                       .Add({}, prometheus::Histogram::BucketBoundaries{0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05,
                                                                        0.1, 0.25, 0.5, 1.0})),
          batch_sizes_(prometheus::BuildHistogram()
                           .Name("v2_batch_size")
                           .Help("Images per forward pass of the dynamic batcher")
                           .Register(*metrics_)
                           .Add({}, prometheus::Histogram::BucketBoundaries{1, 2, 4, 8, 16, 32, 64, 128})),
          predictions_(
              prometheus::BuildCounter().Name("v2_predictions_total").Help("Predicted classes").Register(*metrics_)),
          drift_(prometheus::BuildGauge()
                     .Name("v2_input_drift_psi")
                     .Help("PSI of the recent images' mean pixel against the training data's (mlops/01)")
                     .Register(*metrics_)
                     .Add({})),
          version_gauge_(prometheus::BuildGauge()
                             .Name("v2_model_version")
                             .Help("The registry version being served")
                             .Register(*metrics_)
                             .Add({})) {}

    ~server() { stop(); }

    /// Loads the model, binds the port and starts the threads; returns the port.
    int start() {
        if (!reload()) throw llmlings::io_error("server", "no version of " + model_name_ + " to serve");
        http_.set_tcp_nodelay(true);  // keep-alive answers would otherwise wait for Nagle's 40 ms
        http_.set_keep_alive_max_count(100000);
        http_.set_payload_max_length(options_.payload_limit);
        http_.new_task_queue = [] { return new httplib::ThreadPool(64); };
        routes();
        port_ = options_.port == 0 ? http_.bind_to_any_port(options_.host) : options_.port;
        if (options_.port != 0 && !http_.bind_to_port(options_.host, options_.port)) port_ = -1;
        if (port_ <= 0)
            throw llmlings::io_error("server",
                                     "cannot listen on " + options_.host + ":" + std::to_string(options_.port));
        watcher_ = std::thread([this] { watch_loop(); });
        batcher_ = std::thread([this] { batch_loop(); });
        listener_ = std::thread([this] { http_.listen_after_bind(); });
        while (!http_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        ready_ = true;
        return port_;
    }

    int port() const { return port_; }
    int serving_version() const {
        std::lock_guard<std::mutex> lock(model_mutex_);
        return model_ ? model_->version : 0;
    }

    /// Readiness 503, drain, stop listening, finish what is in flight, stop the threads.
    void stop() {
        if (stopped_.exchange(true)) return;
        ready_ = false;
        if (options_.drain.count() > 0 && http_.is_running()) std::this_thread::sleep_for(options_.drain);
        http_.stop();
        if (listener_.joinable()) listener_.join();  // httplib finishes its in-flight requests
        {
            std::lock_guard<std::mutex> lock(queue_mutex_);
            closing_ = true;
        }
        batcher_wake_.notify_all();
        if (batcher_.joinable()) batcher_.join();
        if (watcher_.joinable()) watcher_.join();
    }

    /// The metrics in Prometheus' text format, as GET /metrics serves them.
    std::string metrics_text() const { return prometheus::TextSerializer().Serialize(metrics_->Collect()); }

private:
    struct job {
        const infer_request* request = nullptr;
        std::vector<float> logits;
        std::shared_ptr<const loaded_model> model;
        bool done = false;             // answered (under queue_mutex_)
        std::condition_variable wake;  // its handler waits here
    };

    /// Loads the version that should be served when it differs from the one served; true when a
    /// model is loaded afterwards.
    bool reload() {
        std::optional<version_state> want;
        for (const version_state& v : reg_.versions(model_name_)) {
            if (options_.pinned_version != 0 ? v.record.version == options_.pinned_version
                                             : v.stage == mlops::stage::production)
                want = v;
        }
        if (!want) return serving_version() != 0;
        if (want->record.version == serving_version()) return true;
        std::shared_ptr<loaded_model> m = load_version(reg_, want->record, options_.max_batch);
        {
            std::lock_guard<std::mutex> lock(model_mutex_);
            model_ = std::move(m);
        }
        version_gauge_.Set(want->record.version);
        return true;
    }

    std::shared_ptr<const loaded_model> current() const {
        std::lock_guard<std::mutex> lock(model_mutex_);
        return model_;
    }

    void watch_loop() {
        while (!closing()) {
            std::this_thread::sleep_for(options_.reload_interval);
            try {
                reload();
            } catch (const std::exception& e) {
                // A damaged or half-written version is not served; the old one stays.
                std::lock_guard<std::mutex> lock(log_mutex_);
                std::cerr << "server: not reloading: " << e.what() << "\n";
            }
        }
    }

    bool closing() const {
        std::lock_guard<std::mutex> lock(queue_mutex_);
        return closing_;
    }

    /// The jobs at the front of the queue, up to max_batch images (at least one job). Locked by the caller.
    std::vector<job*> take_batch() {
        std::vector<job*> batch;
        std::size_t images = 0;
        while (!queue_.empty() && (batch.empty() || images + queue_.front()->request->batch <= options_.max_batch)) {
            images += queue_.front()->request->batch;
            batch.push_back(queue_.front());
            queue_.pop_front();
        }
        return batch;
    }

    /// Returns once the job is answered. An idle server answers it on the calling thread (no
    /// hand-over, no queue); otherwise the job waits in the queue for the batcher.
    void answer(job& j) {
        std::unique_lock<std::mutex> lock(queue_mutex_);
        if (closing_) throw protocol_error(503, "the server is shutting down");
        if (!running_ && queue_.empty()) {
            running_ = true;
            lock.unlock();
            const std::vector<job*> alone{&j};
            std::exception_ptr failure;
            try {
                run_batch(alone);
            } catch (...) {
                failure = std::current_exception();  // j.model stays empty: answered 500
            }
            lock.lock();
            j.done = true;
            running_ = false;
            if (!queue_.empty()) batcher_wake_.notify_one();
            if (failure) std::rethrow_exception(failure);
            return;
        }
        queue_.push_back(&j);
        batcher_wake_.notify_one();
        j.wake.wait(lock, [&j] { return j.done; });
    }

    /// The batcher: whenever jobs wait and no forward pass runs, one pass over the front of the queue.
    void batch_loop() {
        std::unique_lock<std::mutex> lock(queue_mutex_);
        for (;;) {
            batcher_wake_.wait(lock, [this] { return (closing_ && queue_.empty()) || (!running_ && !queue_.empty()); });
            if (queue_.empty()) return;  // closing, nothing left
            running_ = true;
            const std::vector<job*> batch = take_batch();
            lock.unlock();
            try {
                run_batch(batch);
            } catch (const std::exception& e) {
                std::lock_guard<std::mutex> log(log_mutex_);
                std::cerr << "server: a forward pass failed: " << e.what() << "\n";  // the jobs answer 500
            }
            lock.lock();
            for (job* b : batch) {
                b->done = true;
                b->wake.notify_one();
            }
            running_ = false;
        }
    }

    void run_batch(const std::vector<job*>& batch) {
        const std::shared_ptr<const loaded_model> shared = current();
        // One forward pass runs at a time (running_), so it may use the model's workspace.
        auto& net = const_cast<image_models::small_cnn<float>&>(shared->net);
        const std::size_t side = 28;
        std::size_t images = 0;
        for (const job* j : batch) images += j->request->batch;
        llmlings::ensure_shape(net.ws.x, {images, 1, side, side});
        float* x = net.ws.x.data();
        for (const job* j : batch) {
            std::copy(j->request->pixels.begin(), j->request->pixels.end(), x);
            x += j->request->pixels.size();
        }
        const llmlings::matrix_of<float>& logits = image_models::forward(net);
        const std::size_t classes = shared->sig.classes.size();
        batch_sizes_.Observe(static_cast<double>(images));
        std::size_t row = 0;
        for (job* j : batch) {
            const std::size_t n = j->request->batch;
            j->logits.assign(logits.data() + row * classes, logits.data() + (row + n) * classes);
            j->model = shared;
            row += n;
        }
        observe_drift(*shared, batch);
    }

    void observe_drift(const loaded_model& m, const std::vector<job*>& batch) {
        const std::size_t pixels = 28 * 28;
        for (const job* j : batch) {
            for (std::size_t b = 0; b < j->request->batch; ++b) {
                double sum = 0.0;
                for (std::size_t k = 0; k < pixels; ++k) sum += j->request->pixels[b * pixels + k];
                window_.push_back(sum / static_cast<double>(pixels));
                if (window_.size() > options_.drift_window) window_.pop_front();
            }
        }
        if (window_.size() < 100 || m.drift_counts.size() != m.drift_edges.size() + 1) return;
        llmlings::vector recent = xt::empty<double>({window_.size()});
        std::copy(window_.begin(), window_.end(), recent.begin());
        drift_.Set(mlops::psi(m.drift_counts, mlops::bin_counts(m.drift_edges, recent)));
    }

    void count(const std::string& endpoint, int status) {
        requests_.Add({{"endpoint", endpoint}, {"code", std::to_string(status)}}).Increment();
    }

    void reply_error(httplib::Response& res, const std::string& endpoint, int status, const std::string& message) {
        res.status = status;
        res.set_content(error_body(message), "application/json");
        count(endpoint, status);
    }

    /// The model a path names, or 404 (an unknown name or a version not being served).
    std::shared_ptr<const loaded_model> model_for(const httplib::Request& req) const {
        const std::shared_ptr<const loaded_model> m = current();
        const std::string name = req.matches[1];
        if (!m || name != m->sig.name) throw protocol_error(404, "unknown model \"" + name + "\"");
        if (req.matches.size() > 2 && req.matches[2].matched && req.matches[2].str() != m->sig.version)
            throw protocol_error(404, "model \"" + name + "\" version " + req.matches[2].str() +
                                          " is not served (serving version " + m->sig.version + ")");
        return m;
    }

    void routes() {
        http_.Get("/v2/health/live", [this](const httplib::Request&, httplib::Response& res) {
            res.set_content("{\"live\":true}", "application/json");
            count("live", 200);
        });
        http_.Get("/v2/health/ready", [this](const httplib::Request&, httplib::Response& res) {
            const bool ready = ready_ && current() != nullptr;
            res.status = ready ? 200 : 503;
            res.set_content(ready ? "{\"ready\":true}" : "{\"ready\":false}", "application/json");
            count("ready", res.status);
        });
        http_.Get("/v2", [this](const httplib::Request&, httplib::Response& res) {
            res.set_content(server_metadata(LLMLINGS_VERSION_STRING), "application/json");
            count("server_metadata", 200);
        });
        const std::string model = R"(/v2/models/([^/]+)(?:/versions/([^/]+))?)";
        http_.Get(model, [this](const httplib::Request& req, httplib::Response& res) {
            try {
                res.set_content(model_metadata(model_for(req)->sig), "application/json");
                count("model_metadata", 200);
            } catch (const protocol_error& e) {
                reply_error(res, "model_metadata", e.status(), e.what());
            }
        });
        http_.Get(model + "/ready", [this](const httplib::Request& req, httplib::Response& res) {
            try {
                model_for(req);
                res.set_content("{\"ready\":true}", "application/json");
                count("model_ready", 200);
            } catch (const protocol_error& e) {
                reply_error(res, "model_ready", e.status(), e.what());
            }
        });
        http_.Post(model + "/infer", [this](const httplib::Request& req, httplib::Response& res) {
            const auto start = std::chrono::steady_clock::now();
            try {
                const std::shared_ptr<const loaded_model> m = model_for(req);
                const infer_request r = parse_infer_request(req.body, m->sig);
                job j;
                j.request = &r;
                answer(j);
                if (!j.model) throw protocol_error(500, "the forward pass failed");
                res.set_content(infer_response(j.model->sig, r, j.logits.data()), "application/json");
                for (std::size_t b = 0; b < r.batch; ++b) {
                    const float* row = j.logits.data() + b * j.model->sig.classes.size();
                    const std::size_t best =
                        static_cast<std::size_t>(std::max_element(row, row + j.model->sig.classes.size()) - row);
                    predictions_.Add({{"class", j.model->sig.classes[best]}}).Increment();
                }
                count("infer", 200);
            } catch (const protocol_error& e) {
                reply_error(res, "infer", e.status(), e.what());
            }
            latency_.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        });
        http_.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
            res.set_content(metrics_text(), "text/plain; version=0.0.4; charset=utf-8");
        });
        // httplib's own refusals (404 for an unknown path, 413 for a body over the limit, 400 for a
        // malformed request line) get the protocol's JSON error object too.
        http_.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
            if (!res.body.empty()) return;
            const char* what = res.status == 404   ? "no such endpoint"
                               : res.status == 413 ? "the body is larger than the server's limit"
                               : res.status == 400 ? "malformed HTTP request"
                                                   : "refused";
            res.set_content(error_body(std::string(what) + ": " + req.method + " " + req.path), "application/json");
            count("other", res.status);
        });
    }

    registry reg_;
    std::string model_name_;
    server_options options_;
    httplib::Server http_;
    std::shared_ptr<prometheus::Registry> metrics_;
    prometheus::Family<prometheus::Counter>& requests_;
    prometheus::Histogram& latency_;
    prometheus::Histogram& batch_sizes_;
    prometheus::Family<prometheus::Counter>& predictions_;
    prometheus::Gauge& drift_;
    prometheus::Gauge& version_gauge_;

    mutable std::mutex model_mutex_;
    std::shared_ptr<const loaded_model> model_;
    mutable std::mutex queue_mutex_;
    std::deque<job*> queue_;
    bool closing_ = false;
    bool running_ = false;  // a forward pass runs (the batcher's or an idle server's handler's)
    std::condition_variable batcher_wake_;
    std::deque<double> window_;  // used by the running forward pass only
    std::mutex log_mutex_;
    std::atomic<bool> ready_{false};
    std::atomic<bool> stopped_{false};
    int port_ = 0;
    std::thread batcher_, watcher_, listener_;
};

}  // namespace mlops_service

#endif  // LLMLINGS_PROJECTS_MLOPS_SERVER_HPP
