#include "connectors/datagen/generator.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <iterator>

#include "core/common/text.h"

namespace riffle::datagen {

namespace {

// splitmix64: a fast, well-mixed hash, so record i needs no generator state from record i-1.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Random numbers for one record: draw k is a function of (seed, index, k) only.
class Draws {
 public:
  Draws(int64_t seed, int64_t index)
      : base_(Mix(static_cast<uint64_t>(seed) * 0x100000001b3ULL ^ Mix(index))) {}
  uint64_t Next() { return Mix(base_ + ++k_); }
  int64_t Uniform(int64_t n) { return n <= 0 ? 0 : static_cast<int64_t>(Next() % n); }
  double Unit() { return static_cast<double>(Next() >> 11) / 9007199254740992.0; }
  template <typename T, size_t N>
  const T& Pick(const std::array<T, N>& a) {
    return a[Uniform(N)];
  }

 private:
  uint64_t base_;
  uint64_t k_ = 0;
};

constexpr std::array<const char*, 8> kCities = {"Lyon", "Oslo", "Lima", "Austin",
                                                "Osaka", "Pune", "Accra", "Quebec"};
constexpr std::array<const char*, 8> kStates = {"OR", "ID", "CA", "WA", "TX", "NY", "AZ", "FL"};
constexpr std::array<const char*, 4> kRegions = {"Region_1", "Region_2", "Region_3", "Region_4"};
constexpr std::array<const char*, 3> kGenders = {"FEMALE", "MALE", "OTHER"};
constexpr std::array<const char*, 6> kSymbols = {"ACME", "GLOBX", "INIT", "UMBR", "WAYN", "STRK"};
constexpr std::array<double, 6> kBasePrices = {101.5, 54.25, 12.8, 230.0, 77.7, 9.95};
constexpr std::array<const char*, 4> kChannels = {"Google", "Facebook", "Baidu", "Apple"};
constexpr std::array<const char*, 8> kFirst = {"Peter", "Paul", "Luke", "John",
                                               "Saul",  "Vicky", "Kate", "Julie"};
constexpr std::array<const char*, 8> kLast = {"Shultz", "Abrams", "Spencer", "White",
                                              "Bartels", "Walton", "Smith", "Jones"};

// Nexmark's event mix: in every 50 events, 1 person, 3 auctions, 46 bids.
constexpr int64_t kEpoch = 50;
constexpr int64_t kFirstPersonId = 1000;
constexpr int64_t kFirstAuctionId = 1000;

class GeneratorBase : public Generator {
 public:
  explicit GeneratorBase(const GeneratorOptions& o)
      : seed_(o.seed), start_ms_(o.start_ms), step_us_(1000000 / std::max<int64_t>(o.rate, 1)) {
    if (o.rate <= 0) step_us_ = 10000;
  }

 protected:
  // Event time of the `n`th record of this generator, ~10% of them up to 2 s late.
  int64_t EventTime(int64_t n, Draws& d) const {
    int64_t t = start_ms_ + n * step_us_ / 1000;
    if (d.Uniform(10) == 0) t -= d.Uniform(2000);
    return std::max<int64_t>(t, 0);
  }
  int64_t seed_;
  int64_t start_ms_;
  int64_t step_us_;
};

class Orders : public GeneratorBase {
 public:
  using GeneratorBase::GeneratorBase;
  int64_t Make(int64_t i, std::string& json) override {
    Draws d(seed_, i);
    int64_t t = EventTime(i, d);
    // Draws in named statements: the order of function arguments is unspecified in C++, and the
    // same seed must give the same data whatever the compiler.
    int64_t city = d.Uniform(kCities.size());
    int64_t item = 1 + d.Uniform(200);
    double units = 0.1 + d.Unit() * 9.9;
    int64_t user = 1 + d.Uniform(9);
    json = fmt::format(
        R"({{"ORDERID":{},"ORDERTIME":{},"ITEMID":"Item_{}","ORDERUNITS":{:.2f},)"
        R"("USERID":"User_{}","CITY":"{}","STATE":"{}"}})",
        i + 1, t, item, units, user, kCities[city], kStates[city]);
    return t;
  }
};

class Pageviews : public GeneratorBase {
 public:
  using GeneratorBase::GeneratorBase;
  int64_t Make(int64_t i, std::string& json) override {
    Draws d(seed_, i);
    int64_t t = EventTime(i, d);
    int64_t user = 1 + d.Uniform(9);
    int64_t page = 1 + d.Uniform(99);
    json = fmt::format(R"({{"VIEWTIME":{},"USERID":"User_{}","PAGEID":"Page_{}"}})", t, user,
                       page);
    return t;
  }
};

class Users : public GeneratorBase {
 public:
  using GeneratorBase::GeneratorBase;
  int64_t Make(int64_t i, std::string& json) override {
    Draws d(seed_, i);
    int64_t t = EventTime(i, d);
    // Nine users, each updated in turn: a table of users changes over time.
    int64_t registered = t - d.Uniform(86400000LL * 365);
    const char* region = d.Pick(kRegions);
    const char* gender = d.Pick(kGenders);
    json = fmt::format(
        R"({{"USERID":"User_{}","REGISTERTIME":{},"REGIONID":"{}","GENDER":"{}"}})", 1 + i % 9,
        registered, region, gender);
    return t;
  }
};

class Trades : public GeneratorBase {
 public:
  using GeneratorBase::GeneratorBase;
  int64_t Make(int64_t i, std::string& json) override {
    Draws d(seed_, i);
    int64_t t = EventTime(i, d);
    size_t s = static_cast<size_t>(d.Uniform(kSymbols.size()));
    // A slow drift per symbol plus noise: prices move, without any state between records.
    double drift = std::sin(static_cast<double>(i) / 5000.0 + static_cast<double>(s)) * 0.05;
    double price = kBasePrices[s] * (1.0 + drift + (d.Unit() - 0.5) * 0.01);
    const char* side = d.Uniform(2) == 0 ? "BUY" : "SELL";
    int64_t quantity = 1 + d.Uniform(500);
    int64_t account = 100 + d.Uniform(50);
    json = fmt::format(
        R"({{"TRADEID":{},"SYMBOL":"{}","SIDE":"{}","PRICE":{:.2f},"QUANTITY":{},)"
        R"("ACCOUNT":"ACC_{}","TRADETIME":{}}})",
        i + 1, kSymbols[s], side, price, quantity, account, t);
    return t;
  }
};

// Nexmark: the three generators share one event numbering, so bids reference auctions and
// people that the auction and person generators (same seed) produce.
class NexmarkBase : public GeneratorBase {
 public:
  using GeneratorBase::GeneratorBase;

 protected:
  // People and auctions that exist at global event `g`.
  static int64_t PeopleBefore(int64_t g) { return g / kEpoch + (g % kEpoch >= 1 ? 1 : 0); }
  static int64_t AuctionsBefore(int64_t g) {
    return g / kEpoch * 3 + std::clamp<int64_t>(g % kEpoch - 1, 0, 3);
  }
  // Event time of global event g: every generator advances at RATE of its own records.
  int64_t GlobalTime(int64_t g, int64_t per_epoch, Draws& d) const {
    int64_t t = start_ms_ + g * step_us_ * per_epoch / kEpoch / 1000;
    if (d.Uniform(10) == 0) t -= d.Uniform(2000);
    return std::max<int64_t>(t, 0);
  }
  static std::string Extra(Draws& d, int64_t len) {
    std::string s(static_cast<size_t>(len), 'a');
    for (auto& c : s) c = static_cast<char>('a' + d.Uniform(26));
    return s;
  }
  int64_t RecentPerson(int64_t g, Draws& d) const {
    int64_t people = std::max<int64_t>(PeopleBefore(g), 1);
    return kFirstPersonId + std::max<int64_t>(0, people - 1 - d.Uniform(1000));
  }
  int64_t RecentAuction(int64_t g, Draws& d) const {
    int64_t auctions = std::max<int64_t>(AuctionsBefore(g), 1);
    // Half the bids go to a hot auction.
    if (d.Uniform(2) == 0) return kFirstAuctionId + (auctions - 1) / 100 * 100;
    return kFirstAuctionId + std::max<int64_t>(0, auctions - 1 - d.Uniform(100));
  }
};

class Person : public NexmarkBase {
 public:
  using NexmarkBase::NexmarkBase;
  int64_t Make(int64_t i, std::string& json) override {
    int64_t g = i * kEpoch;
    Draws d(seed_, g);
    int64_t t = GlobalTime(g, 1, d);
    const char* first = d.Pick(kFirst);
    const char* last = d.Pick(kLast);
    int64_t city = d.Uniform(kCities.size());
    int64_t card[4];
    for (auto& c : card) c = d.Uniform(10000);
    std::string extra = Extra(d, 20);
    json = fmt::format(
        R"({{"ID":{},"NAME":"{} {}","EMAILADDRESS":"{}.{}@example.com",)"
        R"("CREDITCARD":"{:04d} {:04d} {:04d} {:04d}","CITY":"{}","STATE":"{}","DATETIME":{},)"
        R"("EXTRA":"{}"}})",
        kFirstPersonId + i, first, last, first, last, card[0], card[1], card[2], card[3],
        kCities[city], kStates[city], t, extra);
    return t;
  }
};

class Auction : public NexmarkBase {
 public:
  using NexmarkBase::NexmarkBase;
  int64_t Make(int64_t i, std::string& json) override {
    int64_t g = i / 3 * kEpoch + 1 + i % 3;
    Draws d(seed_, g);
    int64_t t = GlobalTime(g, 3, d);
    int64_t initial = 1 + d.Uniform(1000);
    int64_t item = d.Uniform(100000);
    std::string description = Extra(d, 12);
    int64_t reserve = initial + d.Uniform(1000);
    int64_t expires = t + 10000 + d.Uniform(20000);
    int64_t seller = RecentPerson(g, d);
    int64_t category = 10 + d.Uniform(5);
    std::string extra = Extra(d, 20);
    json = fmt::format(
        R"({{"ID":{},"ITEMNAME":"item-{}","DESCRIPTION":"{}","INITIALBID":{},"RESERVE":{},)"
        R"("DATETIME":{},"EXPIRES":{},"SELLER":{},"CATEGORY":{},"EXTRA":"{}"}})",
        kFirstAuctionId + i, item, description, initial, reserve, t, expires, seller, category,
        extra);
    return t;
  }
};

class Bid : public NexmarkBase {
 public:
  using NexmarkBase::NexmarkBase;
  int64_t Make(int64_t i, std::string& json) override {
    int64_t g = i / 46 * kEpoch + 4 + i % 46;
    Draws d(seed_, g);
    int64_t t = GlobalTime(g, 46, d);
    const char* channel = d.Pick(kChannels);
    int64_t auction = RecentAuction(g, d);
    int64_t bidder = RecentPerson(g, d);
    int64_t price = 100 + d.Uniform(100000);
    std::string url_part = Extra(d, 5);
    std::string extra = Extra(d, 10);
    json = fmt::format(
        R"({{"AUCTION":{},"BIDDER":{},"PRICE":{},"CHANNEL":"{}",)"
        R"("URL":"https://www.nexmark.com/{}/item.htm?query=1","DATETIME":{},"EXTRA":"{}"}})",
        auction, bidder, price, channel, url_part, t, extra);
    return t;
  }
};

}  // namespace

const std::vector<GeneratorSpec>& Generators() {
  static const std::vector<GeneratorSpec> kGenerators = {
      {"orders", "online orders",
       {{"ORDERID", "BIGINT", true},
        {"ORDERTIME", "BIGINT"},
        {"ITEMID", "STRING"},
        {"ORDERUNITS", "DOUBLE"},
        {"USERID", "STRING"},
        {"CITY", "STRING"},
        {"STATE", "STRING"}}},
      {"pageviews", "page views by users",
       {{"VIEWTIME", "BIGINT"}, {"USERID", "STRING"}, {"PAGEID", "STRING"}}},
      {"users", "user profile updates (nine users)",
       {{"USERID", "STRING", true},
        {"REGISTERTIME", "BIGINT"},
        {"REGIONID", "STRING"},
        {"GENDER", "STRING"}}},
      {"trades", "stock trades",
       {{"TRADEID", "BIGINT", true},
        {"SYMBOL", "STRING"},
        {"SIDE", "STRING"},
        {"PRICE", "DOUBLE"},
        {"QUANTITY", "INT"},
        {"ACCOUNT", "STRING"},
        {"TRADETIME", "BIGINT"}}},
      {"bid", "Nexmark bids",
       {{"AUCTION", "BIGINT"},
        {"BIDDER", "BIGINT"},
        {"PRICE", "BIGINT"},
        {"CHANNEL", "STRING"},
        {"URL", "STRING"},
        {"DATETIME", "TIMESTAMP"},
        {"EXTRA", "STRING"}}},
      {"auction", "Nexmark auctions",
       {{"ID", "BIGINT", true},
        {"ITEMNAME", "STRING"},
        {"DESCRIPTION", "STRING"},
        {"INITIALBID", "BIGINT"},
        {"RESERVE", "BIGINT"},
        {"DATETIME", "TIMESTAMP"},
        {"EXPIRES", "TIMESTAMP"},
        {"SELLER", "BIGINT"},
        {"CATEGORY", "BIGINT"},
        {"EXTRA", "STRING"}}},
      {"person", "Nexmark people",
       {{"ID", "BIGINT", true},
        {"NAME", "STRING"},
        {"EMAILADDRESS", "STRING"},
        {"CREDITCARD", "STRING"},
        {"CITY", "STRING"},
        {"STATE", "STRING"},
        {"DATETIME", "TIMESTAMP"},
        {"EXTRA", "STRING"}}},
  };
  return kGenerators;
}

const GeneratorSpec* FindGenerator(const std::string& name) {
  std::string lower = name;
  AsciiLowerInPlace(lower);
  for (const auto& g : Generators()) {
    if (g.name == lower) return &g;
  }
  return nullptr;
}

std::unique_ptr<Generator> MakeGenerator(const std::string& name,
                                         const GeneratorOptions& options) {
  const std::string n = FindGenerator(name)->name;
  if (n == "orders") return std::make_unique<Orders>(options);
  if (n == "pageviews") return std::make_unique<Pageviews>(options);
  if (n == "users") return std::make_unique<Users>(options);
  if (n == "trades") return std::make_unique<Trades>(options);
  if (n == "bid") return std::make_unique<Bid>(options);
  if (n == "auction") return std::make_unique<Auction>(options);
  return std::make_unique<Person>(options);
}

}  // namespace riffle::datagen
