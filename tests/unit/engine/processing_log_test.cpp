// The processing log's record display and its queue for KSQL_PROCESSING_LOG
// (core/exec/processing_log.h, core/engine/processing_log_stream.h).

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/engine/processing_log_stream.h"
#include "core/exec/processing_log.h"

namespace riffle {
namespace {

TEST(ShowRecord, TextStaysTextBinaryBecomesHex) {
  EXPECT_EQ(ShowRecord("not json"), "not json");
  EXPECT_EQ(ShowRecord("caf\xc3\xa9\n\t"), "caf\xc3\xa9\n\t");
  EXPECT_EQ(ShowRecord(std::string("\x00\xff\x10", 3)), "hex:00ff10");
  EXPECT_EQ(ShowRecord("\xc3"), "hex:c3");  // a cut-off UTF-8 sequence is not text
  EXPECT_EQ(ShowRecord(""), "");
}

TEST(ShowRecord, LongRecordsAreCutAndSayHowLong) {
  std::string text(5000, 'a');
  EXPECT_EQ(ShowRecord(text), std::string(kMaxShownRecordBytes, 'a') + "... (5000 bytes)");
  std::string binary(3000, '\x01');
  std::string shown = ShowRecord(binary);
  EXPECT_EQ(shown.rfind("hex:0101", 0), 0u);
  EXPECT_EQ(shown.size(), 4 + kMaxShownRecordBytes + std::string("... (3000 bytes)").size());
}

TEST(ShowRecord, ACutNeverSplitsACharacter) {
  // 1023 ASCII bytes, then a 2-byte character across the 1024-byte cut.
  std::string text = std::string(kMaxShownRecordBytes - 1, 'a') + "\xc3\xa9" + "tail";
  EXPECT_EQ(ShowRecord(text),
            std::string(kMaxShownRecordBytes - 1, 'a') + "... (" +
                std::to_string(text.size()) + " bytes)");
}

TEST(ProcessingLogQueue, OnlyWhilePublishingAndBounded) {
  ProcessingLog log;
  log.Add(ProcessingErrorType::kEvaluation, "J1", "t", -1, -1, "before");
  EXPECT_TRUE(log.TakeUnpublished().empty());  // not publishing yet
  log.EnablePublishing(2);
  for (int i = 0; i < 5; ++i) {
    log.Add(ProcessingErrorType::kDeserialization, "J1", "t", 0, i, "bad " + std::to_string(i));
  }
  std::vector<ProcessingLogEntry> taken = log.TakeUnpublished();
  ASSERT_EQ(taken.size(), 2u);
  EXPECT_EQ(taken[0].offset, 0);
  EXPECT_EQ(taken[1].offset, 1);
  EXPECT_EQ(log.dropped_unpublished(), 3);  // counted, not lost silently
  EXPECT_EQ(log.Count("J1"), 6);            // every entry still counts for the job
  EXPECT_TRUE(log.TakeUnpublished().empty());
}

TEST(ProcessingLogRecord, IsTheStreamsJsonValue) {
  ProcessingLogEntry e;
  e.logged_at_ms = 1700000000123;
  e.type = ProcessingErrorType::kDeserialization;
  e.job_id = "CSAS_X_1";
  e.topic = "orders";
  e.partition = 2;
  e.offset = 41;
  e.message = "value: not JSON \xff";  // what a message quotes need not be UTF-8
  e.record = "hex:ff";
  nlohmann::json v = nlohmann::json::parse(ProcessingLogRecord(e));
  EXPECT_EQ(v["LOGGED_AT"], 1700000000123);
  EXPECT_EQ(v["ERROR_TYPE"], "DESERIALIZATION");
  EXPECT_EQ(v["SOURCE"], "orders");
  EXPECT_EQ(v["SOURCE_PARTITION"], 2);
  EXPECT_EQ(v["SOURCE_OFFSET"], 41);
  EXPECT_EQ(v["RECORD"], "hex:ff");
  e.partition = -1;
  e.offset = -1;
  e.record.clear();
  v = nlohmann::json::parse(ProcessingLogRecord(e));
  EXPECT_TRUE(v["SOURCE_PARTITION"].is_null());
  EXPECT_TRUE(v["SOURCE_OFFSET"].is_null());
  EXPECT_TRUE(v["RECORD"].is_null());
}

TEST(ProcessingLogRecord, EntriesAboutTheLogItselfAreNotPublished) {
  ProcessingLogEntry e;
  e.topic = kProcessingLogTopic;
  EXPECT_TRUE(IsAboutTheProcessingLog(e));
  e.topic = "ksql_processing_log";
  EXPECT_TRUE(IsAboutTheProcessingLog(e));
  e.topic = "orders";
  EXPECT_FALSE(IsAboutTheProcessingLog(e));
  // On a cluster the log may have another topic (ksql.logging.processing.topic.name).
  e.topic = "ops_processing_log";
  EXPECT_FALSE(IsAboutTheProcessingLog(e));
  EXPECT_TRUE(IsAboutTheProcessingLog(e, "ops_processing_log"));
  e.topic = "KSQL_PROCESSING_LOG";
  EXPECT_TRUE(IsAboutTheProcessingLog(e, "ops_processing_log"));
}

TEST(ProcessingLogRecord, TheStreamIsDeclaredOverItsTopic) {
  std::string local = ProcessingLogStreamDdl();
  EXPECT_NE(local.find("KAFKA_TOPIC='riffle_processing_log'"), std::string::npos);
  EXPECT_NE(local.find("PARTITIONS=1"), std::string::npos);
  // On a cluster riffle creates the topic itself (or finds it): the DDL must not create one.
  std::string cluster = ProcessingLogStreamDdl("ops_processing_log", /*create_topic=*/false);
  EXPECT_NE(cluster.find("KAFKA_TOPIC='ops_processing_log'"), std::string::npos);
  EXPECT_EQ(cluster.find("PARTITIONS"), std::string::npos);
}

}  // namespace
}  // namespace riffle
