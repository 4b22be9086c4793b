#include "core/exec/latest_by_key.h"

#include <gtest/gtest.h>

#include <random>

#include "core/exec/table_snapshot.h"

namespace riffle {
namespace {

// Appends a row (key, window start, value) to a 3-column batch.
void Add(Batch& b, RowKind kind, Value key, int64_t start, int64_t value, int64_t ts) {
  b.columns[0].push_back(std::move(key));
  b.columns[1].push_back(Value::Int(start));
  b.columns[2].push_back(Value::Int(value));
  b.AddRowMeta(kind, ts, static_cast<int32_t>(ts % 3), ts * 10);
}

void ExpectSameBatch(const Batch& a, const Batch& b) {
  ASSERT_EQ(a.num_rows(), b.num_rows());
  ASSERT_EQ(a.columns.size(), b.columns.size());
  for (size_t r = 0; r < a.num_rows(); ++r) {
    for (size_t c = 0; c < a.columns.size(); ++c) {
      EXPECT_EQ(a.columns[c][r], b.columns[c][r]) << "row " << r << " column " << c;
    }
    EXPECT_EQ(a.kinds[r], b.kinds[r]);
    EXPECT_EQ(a.rowtime[r], b.rowtime[r]);
    EXPECT_EQ(a.partition[r], b.partition[r]);
    EXPECT_EQ(a.offset[r], b.offset[r]);
  }
}

TEST(LatestRowsByKeyTest, KeepsTheLastRowPerKeyInKeyOrder) {
  Batch b;
  b.Reset(3);
  Add(b, RowKind::kUpdateAfter, Value::Int(7), 0, 1, 1);
  Add(b, RowKind::kUpdateAfter, Value::Int(-2), 0, 1, 2);
  Add(b, RowKind::kUpdateAfter, Value::Int(7), 0, 2, 3);
  Add(b, RowKind::kUpdateBefore, Value::Int(7), 0, 99, 4);  // ignored
  Add(b, RowKind::kUpdateAfter, Value::Int(7), 60, 1, 5);
  Add(b, RowKind::kDelete, Value::Int(-2), 0, 0, 6);
  Batch out = LatestRowsByKey(std::move(b), {0, 1});
  ASSERT_EQ(out.num_rows(), 2u);
  EXPECT_EQ(out.columns[0][0], Value::Int(7));
  EXPECT_EQ(out.columns[1][0], Value::Int(0));
  EXPECT_EQ(out.columns[2][0], Value::Int(2));
  EXPECT_EQ(out.rowtime[0], 3);
  EXPECT_EQ(out.offset[0], 30);
  EXPECT_EQ(out.kinds[0], RowKind::kInsert);
  EXPECT_EQ(out.columns[1][1], Value::Int(60));
}

TEST(LatestRowsByKeyTest, WithoutKeyColumnsKeepsTheLastRow) {
  Batch b;
  b.Reset(3);
  Add(b, RowKind::kUpdateAfter, Value(), 0, 1, 1);
  Add(b, RowKind::kUpdateAfter, Value(), 0, 2, 2);
  Batch out = LatestRowsByKey(std::move(b), {});
  ASSERT_EQ(out.num_rows(), 1u);
  EXPECT_EQ(out.columns[2][0], Value::Int(2));
}

// The same answer as TableSnapshot (which pull queries use) over random changelogs mixing
// integer, double, string and NULL keys, deletes and updates.
TEST(LatestRowsByKeyTest, AgreesWithTableSnapshot) {
  std::mt19937 rng(42);
  for (int round = 0; round < 50; ++round) {
    Batch b;
    b.Reset(3);
    int n = static_cast<int>(rng() % 300);
    for (int i = 0; i < n; ++i) {
      Value key;
      switch (rng() % 5) {
        case 0:
          key = Value();
          break;
        case 1:
          key = Value::Double(static_cast<double>(rng() % 8) / 2);
          break;
        case 2:
          key = Value::String(std::string(1, static_cast<char>('a' + rng() % 4)));
          break;
        default:
          key = Value::Int(static_cast<int64_t>(rng() % 8) - 3);
      }
      RowKind kind = rng() % 6 == 0 ? RowKind::kDelete
                     : rng() % 6 == 0 ? RowKind::kUpdateBefore
                                      : RowKind::kUpdateAfter;
      Add(b, kind, std::move(key), static_cast<int64_t>(rng() % 3) * 60, i, i);
    }
    for (const std::vector<int>& key_columns : {std::vector<int>{0}, std::vector<int>{0, 1}}) {
      TableSnapshot snapshot(key_columns, 3);
      snapshot.Apply(b);
      Batch copy = b;
      ExpectSameBatch(LatestRowsByKey(std::move(copy), key_columns), snapshot.Take());
    }
  }
}

}  // namespace
}  // namespace riffle
