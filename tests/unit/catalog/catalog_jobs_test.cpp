#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "catalog/catalog.h"
#include "catalog_test_util.h"
#include "core/common/error.h"

namespace riffle {
namespace {

JobInfo MakeJob(const std::string& id, const std::string& kind, int64_t created_at_ms) {
  JobInfo job;
  job.id = id;
  job.sql = "CREATE STREAM S1 AS SELECT * FROM S EMIT CHANGES;";
  job.sink = "S1";
  job.state = "CREATED";
  job.kind = kind;
  job.created_at_ms = created_at_ms;
  return job;
}

TEST(CatalogJobsTest, CreateGetListDelete) {
  auto catalog = Catalog::Open(":memory:");
  catalog->CreateJob(MakeJob("CSAS_S1_2", "CSAS", 2000));
  catalog->CreateJob(MakeJob("CTAS_T_1", "CTAS", 1000));

  std::optional<JobInfo> job = catalog->GetJob("CSAS_S1_2");
  ASSERT_TRUE(job.has_value());
  EXPECT_EQ(job->sql, "CREATE STREAM S1 AS SELECT * FROM S EMIT CHANGES;");
  EXPECT_EQ(job->sink, "S1");
  EXPECT_EQ(job->state, "CREATED");
  EXPECT_EQ(job->kind, "CSAS");
  EXPECT_EQ(job->error, "");
  EXPECT_EQ(job->created_at_ms, 2000);
  EXPECT_EQ(job->updated_at_ms, 2000);

  std::vector<JobInfo> all = catalog->ListJobs();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, "CTAS_T_1");  // oldest first
  EXPECT_EQ(all[1].id, "CSAS_S1_2");

  EXPECT_TRUE(catalog->DeleteJob("CTAS_T_1"));
  EXPECT_FALSE(catalog->DeleteJob("CTAS_T_1"));
  EXPECT_FALSE(catalog->GetJob("CTAS_T_1").has_value());
  EXPECT_EQ(catalog->ListJobs().size(), 1u);
}

TEST(CatalogJobsTest, PropertiesRoundTripAndGoWithTheJob) {
  auto catalog = Catalog::Open(":memory:");
  JobInfo job = MakeJob("CSAS_S1_1", "CSAS", 1000);
  job.properties = {{"auto.offset.reset", "earliest"}, {"fail.on.deserialization.error", "true"}};
  catalog->CreateJob(job);
  catalog->CreateJob(MakeJob("CSAS_S2_2", "CSAS", 2000));
  EXPECT_EQ(catalog->GetJob("CSAS_S1_1")->properties, job.properties);
  std::vector<JobInfo> all = catalog->ListJobs();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].properties, job.properties);
  EXPECT_TRUE(all[1].properties.empty());
  ASSERT_TRUE(catalog->DeleteJob("CSAS_S1_1"));
  catalog->CreateJob(MakeJob("CSAS_S1_1", "CSAS", 3000));
  EXPECT_TRUE(catalog->GetJob("CSAS_S1_1")->properties.empty());
}

TEST(CatalogJobsTest, LookupIgnoresCaseWhenNoExactMatch) {
  auto catalog = Catalog::Open(":memory:");
  catalog->CreateJob(MakeJob("CSAS_S1_1", "CSAS", 0));
  ASSERT_TRUE(catalog->GetJob("csas_s1_1").has_value());
  EXPECT_EQ(catalog->GetJob("csas_s1_1")->id, "CSAS_S1_1");
  EXPECT_GT(catalog->GetJob("CSAS_S1_1")->created_at_ms, 1600000000000);  // 0 means now
}

TEST(CatalogJobsTest, DuplicateIdAndUnknownValuesAreRejected) {
  auto catalog = Catalog::Open(":memory:");
  catalog->CreateJob(MakeJob("J_1", "INSERT", 0));
  EXPECT_THROW(catalog->CreateJob(MakeJob("J_1", "INSERT", 0)), RiffleError);
  EXPECT_THROW(catalog->CreateJob(MakeJob("J_2", "UPSERT", 0)), RiffleError);
  JobInfo bad_state = MakeJob("J_3", "PUSH", 0);
  bad_state.state = "SLEEPING";
  EXPECT_THROW(catalog->CreateJob(bad_state), RiffleError);
  EXPECT_THROW(catalog->CreateJob(MakeJob("", "PUSH", 0)), RiffleError);
  try {
    catalog->UpdateJobState("J_1", "running", "");
    FAIL() << "expected an error";
  } catch (const RiffleError& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kCatalog);
    EXPECT_NE(error.message().find("RUNNING"), std::string::npos) << error.message();
  }
  EXPECT_EQ(catalog->ListJobs().size(), 1u);
}

TEST(CatalogJobsTest, UpdateStateRecordsErrorAndTime) {
  auto catalog = Catalog::Open(":memory:");
  catalog->CreateJob(MakeJob("J_1", "CSAS", 1000));
  EXPECT_TRUE(catalog->UpdateJobState("J_1", "RUNNING", ""));
  EXPECT_EQ(catalog->GetJob("J_1")->state, "RUNNING");
  EXPECT_TRUE(catalog->UpdateJobState("J_1", "FAILED", "topic X does not exist"));
  std::optional<JobInfo> job = catalog->GetJob("J_1");
  EXPECT_EQ(job->state, "FAILED");
  EXPECT_EQ(job->error, "topic X does not exist");
  EXPECT_EQ(job->created_at_ms, 1000);
  EXPECT_GT(job->updated_at_ms, 1600000000000);
  EXPECT_FALSE(catalog->UpdateJobState("NOPE", "RUNNING", ""));
}

TEST(CatalogJobsTest, DeleteJobRemovesItsCheckpoint) {
  auto catalog = Catalog::Open(":memory:");
  catalog->CreateJob(MakeJob("J_1", "CSAS", 0));
  catalog->SaveCheckpoint("J_1", {{0, "t", 0, 5}}, "state");
  catalog->SaveCheckpoint("J_2", {{0, "t", 0, 9}}, "other");
  EXPECT_TRUE(catalog->DeleteJob("J_1"));
  EXPECT_FALSE(catalog->LoadCheckpoint("J_1").has_value());
  EXPECT_TRUE(catalog->LoadCheckpoint("J_2").has_value());

  // Keyed state entries go with the job too: a new job of that id starts from nothing.
  catalog->CreateJob(MakeJob("J_3", "CSAS", 0));
  StateDelta delta;
  delta.upserts = {{0, "", "header"}, {0, "key", "entry"}};
  catalog->SaveCheckpointDelta("J_3", {{0, "t", 0, 5}}, delta);
  EXPECT_TRUE(catalog->DeleteJob("J_3"));
  catalog->SaveCheckpointDelta("J_3", {}, StateDelta{});
  EXPECT_TRUE(catalog->LoadCheckpoint("J_3")->entries.empty());
}

TEST(CatalogJobsTest, NextJobIdIsKsqlStyleAndMonotonic) {
  auto catalog = Catalog::Open(":memory:");
  EXPECT_EQ(catalog->NextJobId("CSAS_S1"), "CSAS_S1_1");
  EXPECT_EQ(catalog->NextJobId("ctas_t"), "CTAS_T_2");
  EXPECT_EQ(catalog->NextJobId("INSERTQUERY"), "INSERTQUERY_3");
  EXPECT_THROW(catalog->NextJobId(""), RiffleError);
}

TEST(CatalogJobsTest, NextJobIdIsUniqueAcrossThreads) {
  auto catalog = Catalog::Open(":memory:");
  std::vector<std::vector<std::string>> ids(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < ids.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) ids[t].push_back(catalog->NextJobId("Q"));
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::set<std::string> unique;
  for (const auto& list : ids) unique.insert(list.begin(), list.end());
  EXPECT_EQ(unique.size(), 200u);
  EXPECT_EQ(catalog->NextJobId("Q"), "Q_201");
}

}  // namespace
}  // namespace riffle
