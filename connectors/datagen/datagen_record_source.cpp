#include "connectors/datagen/datagen_record_source.h"

#include <algorithm>
#include <limits>
#include <thread>

namespace riffle {

DatagenRecordSource::DatagenRecordSource(const DatagenSourceOptions& options)
    : options_(options),
      name_("datagen:" + datagen::FindGenerator(options.generator)->name),
      generator_(datagen::MakeGenerator(options.generator, options.gen)),
      opened_(std::chrono::steady_clock::now()),
      next_(std::max<int64_t>(options.start_index, 0)) {}

int64_t DatagenRecordSource::Due(std::chrono::steady_clock::time_point now) const {
  int64_t due = std::numeric_limits<int64_t>::max();
  if (options_.rate > 0 && !options_.bounded) {
    auto elapsed_us =
        std::chrono::duration_cast<std::chrono::microseconds>(now - opened_).count();
    due = std::max<int64_t>(options_.start_index, 0) + elapsed_us * options_.rate / 1000000 + 1;
  }
  if (options_.count >= 0) due = std::min(due, options_.count);
  return due;
}

size_t DatagenRecordSource::Poll(std::vector<RawRecord>& out, size_t max_records,
                                 int timeout_ms) {
  out.clear();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (true) {
    auto now = std::chrono::steady_clock::now();
    int64_t n = std::min<int64_t>(Due(now) - next_, static_cast<int64_t>(max_records));
    if (n > 0) {
      if (values_.size() < static_cast<size_t>(n)) values_.resize(n);
      out.resize(n);
      for (int64_t i = 0; i < n; ++i) {
        RawRecord& r = out[i];
        r.timestamp = generator_->Make(next_, values_[i]);
        r.value = values_[i];
        r.value_null = false;
        r.key_null = true;
        r.partition = 0;
        r.offset = next_++;
      }
      return out.size();
    }
    bool finished = options_.count >= 0 && next_ >= options_.count;
    if (finished || now >= deadline) {
      // Nothing more will come (or not yet): do not spin the caller's loop.
      if (finished) std::this_thread::sleep_until(deadline);
      return 0;
    }
    auto wake = options_.rate > 0 && !options_.bounded
                    ? opened_ + std::chrono::microseconds(
                                    (next_ - std::max<int64_t>(options_.start_index, 0)) * 1000000 /
                                    options_.rate)
                    : deadline;
    std::this_thread::sleep_until(std::min(wake, deadline));
  }
}

bool DatagenRecordSource::AtEnd() {
  if (options_.count >= 0 && next_ >= options_.count) return true;
  return !options_.bounded && options_.rate > 0 && next_ >= Due(std::chrono::steady_clock::now());
}

}  // namespace riffle
