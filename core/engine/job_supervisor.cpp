// Jobs across processes: one riffle per catalog runs the background jobs; the others change the
// catalog and the owner's supervisor thread applies the change. See engine_impl.h.

#include <chrono>
#include <set>
#include <thread>

#include "core/engine/engine_impl.h"

namespace riffle {

namespace {

// How often the supervisor looks at the catalog: a job control from another process takes
// effect within about this long.
constexpr auto kSuperviseInterval = std::chrono::milliseconds(200);
// An outage is reported as an event once it has lasted this long: a client whose idle
// connection the broker closed finds every broker down until it reconnects, a moment later.
constexpr int64_t kReportOutageAfterMs = 2000;
// How long TERMINATE (or RESTART) in a process that does not run the jobs waits for the owner to
// apply it.
constexpr auto kTerminateWait = std::chrono::seconds(15);

}  // namespace

void EngineImpl::AddEvent(std::string text) {
  std::lock_guard<std::mutex> lock(events_mu_);
  events_.push_back(std::move(text));
}

std::vector<std::string> EngineImpl::TakeEvents() {
  std::lock_guard<std::mutex> lock(events_mu_);
  std::vector<std::string> out;
  out.swap(events_);
  return out;
}

void EngineImpl::SuperviseJobs() {
  while (!stopping_.load()) {
    auto next = std::chrono::steady_clock::now() + kSuperviseInterval;
    try {
      if (RunsJobs()) {
        ReconcileJobs();
      } else {
        TryTakeOver();
      }
    } catch (const std::exception& e) {
      // A busy or briefly unreadable catalog: try again on the next round.
      (void)e;
    }
    while (!stopping_.load() && std::chrono::steady_clock::now() < next) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
}

void EngineImpl::ReconcileJobs() {
  std::lock_guard<std::recursive_mutex> lock(jobs_mu_);
  std::set<std::string> in_catalog;
  for (const JobInfo& info : catalog_->ListJobs()) {
    in_catalog.insert(info.id);
    auto it = jobs_.find(info.id);
    if (info.state == "TERMINATED") {
      // Asked by another process: stop, forget its checkpoint, then drop the row, which is what
      // that process waits for.
      StopJob(info.id);
      catalog_->DeleteCheckpoint(info.id);
      catalog_->DeleteJob(info.id);
      in_catalog.erase(info.id);
      AddEvent("Query " + info.id + " terminated (asked by another riffle process).");
      continue;
    }
    if (info.state == "RESTARTING") {
      try {
        RestartFromBeginning(info.id);
        AddEvent("Query " + info.id + " restarted from the beginning (asked by another riffle "
                 "process).");
      } catch (const std::exception& e) {
        AddEvent(e.what());
      }
      continue;
    }
    if (info.state != "RUNNING" && info.state != "PAUSED") continue;
    if (it == jobs_.end()) {
      try {
        StartJobFromCatalog(info, kafka_config_);
        AddEvent("Query " + info.id + " started (created by another riffle process).");
      } catch (const std::exception& e) {
        catalog_->UpdateJobState(info.id, "FAILED", std::string("start failed: ") + e.what());
        AddEvent("Query " + info.id + " could not be started: " + e.what());
      }
      continue;
    }
    Job& job = *it->second.job;
    if (info.state == "PAUSED" && job.state() == JobState::kRunning) {
      job.Pause();
      AddEvent("Query " + info.id + " paused (asked by another riffle process).");
    } else if (info.state == "RUNNING" && job.state() == JobState::kPaused) {
      job.Resume();
      AddEvent("Query " + info.id + " resumed (asked by another riffle process).");
    }
  }
  // A job whose row is gone (terminated by a process that wrote the catalog directly, as an
  // older riffle did) must not keep writing.
  std::vector<std::string> orphans;
  for (const auto& [id, running] : jobs_) {
    if (!in_catalog.count(id)) orphans.push_back(id);
  }
  for (const std::string& id : orphans) {
    StopJob(id);
    AddEvent("Query " + id + " stopped: it is no longer in the catalog.");
  }
  ReportReachability();
}

void EngineImpl::ReportReachability() {
  const int64_t now = WallClockMs();
  for (auto& [id, running] : jobs_) {
    if (running.body == nullptr) continue;
    ReachabilityStatus status = running.body->Reachability();
    // Its clients (sources, sink) lose and regain the cluster one after the other: the job's
    // outage lasts from the first loss to the last recovery, and is reported once.
    if (!status.reachable && running.reported_outage_since_ms == 0 &&
        now - status.since_ms >= kReportOutageAfterMs) {
      running.reported_outage_since_ms = status.since_ms;
      AddEvent("Query " + id + " " + DescribeOutage(status, now) + "; it keeps retrying.");
    } else if (status.reachable && running.reported_outage_since_ms != 0) {
      AddEvent("Query " + id + " reaches Kafka again, after " +
               FormatUptime(now - running.reported_outage_since_ms) + ".");
      running.reported_outage_since_ms = 0;
    }
  }
}

void EngineImpl::TryTakeOver() {
  // The broker first: jobs need it. A riffle attached to another process's local broker starts
  // the broker itself once that process is gone, on the same port, so every client of this
  // process (and others) reconnects to the same address.
  if (local_broker_in_use_ && !local_broker_) {
    broker::LocalBrokerOptions options = broker_options_;
    std::string host;
    int port = -1;
    if (broker::ParseListenAddress(bootstrap_, &host, &port)) options.port = port;
    try {
      local_broker_ = broker::LocalBroker::Start(options);
      AddEvent("The riffle process that ran this catalog's Kafka broker exited; this one runs it "
               "now on " + local_broker_->bootstrap() + ".");
    } catch (const broker::BrokerBusy&) {
      return;  // Its owner is alive.
    } catch (const std::exception& e) {
      AddEvent(std::string("Could not take over this catalog's Kafka broker: ") + e.what());
      return;
    }
  }
  if (!jobs_lock_->TryAcquire()) return;
  runs_jobs_ = true;
  std::vector<std::string> problems;
  int restarted =
      RestartJobs([&problems](const std::string& text) { problems.push_back(text); });
  AddEvent("The riffle process that ran this catalog's background jobs exited; this one runs "
           "them now (" + std::to_string(restarted) + " restarted from their checkpoints).");
  for (std::string& p : problems) AddEvent(std::move(p));
}

void EngineImpl::RequestJobControl(JobControl action, const std::vector<std::string>& ids,
                                   ResultSink& sink) {
  for (const std::string& id : ids) {
    switch (action) {
      case JobControl::kTerminate: {
        catalog_->UpdateJobState(id, "TERMINATED", "");
        auto deadline = std::chrono::steady_clock::now() + kTerminateWait;
        bool gone = false;
        while (!gone && std::chrono::steady_clock::now() < deadline) {
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
          gone = !catalog_->GetJob(id).has_value();
        }
        if (gone) {
          sink.Notice("Query " + id + " terminated.");
        } else {
          sink.Warning("Query " + id + " is marked TERMINATED; the riffle process that runs "
                       "this catalog's jobs has not stopped it yet.");
        }
        break;
      }
      case JobControl::kPause:
        catalog_->UpdateJobState(id, "PAUSED", "");
        sink.Notice("Query " + id + " paused.");
        break;
      case JobControl::kResume:
        catalog_->UpdateJobState(id, "RUNNING", "");
        sink.Notice("Query " + id + " resumed.");
        break;
      case JobControl::kRestart: {
        std::string notice = RestartedNotice(id);  // counts the sink's records before the rerun
        catalog_->UpdateJobState(id, "RESTARTING", "");
        auto deadline = std::chrono::steady_clock::now() + kTerminateWait;
        std::optional<JobInfo> info = catalog_->GetJob(id);
        while (info && info->state == "RESTARTING" && std::chrono::steady_clock::now() < deadline) {
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
          info = catalog_->GetJob(id);
        }
        if (info && info->state == "RESTARTING") {
          sink.Warning("Query " + id + " is marked RESTARTING; the riffle process that runs "
                       "this catalog's jobs has not restarted it yet.");
        } else if (info && info->state == "FAILED") {
          sink.Warning("Query " + id + " could not be restarted: " + info->error);
        } else {
          sink.Notice(notice);
        }
        break;
      }
    }
  }
}

}  // namespace riffle
