// Large values through the embedding API: 64 MiB text and bytea values stored out of line,
// read back, and read back again after the database is reopened. A hidden test ([.1gib],
// `make test-1gib`) does the same with the largest value there can be, 1 GiB - 5 bytes.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <string_view>

#include "granary/granary.hpp"
#include "temp_data_directory.hpp"

using granary::Database;
using granary::Param;
using granary::Session;

namespace {

// FNV-1a over the bytes: enough to tell two large values apart.
uint64_t Checksum(std::string_view bytes) {
  uint64_t hash = 0xCBF29CE484222325ULL;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001B3ULL;
  }
  return hash;
}

// Random bytes: they do not compress, so every byte goes through the chunks.
std::string RandomBytes(size_t size, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::string bytes(size, '\0');
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    const uint64_t word = random();
    std::memcpy(bytes.data() + i, &word, 8);
  }
  for (; i < size; ++i) bytes[i] = static_cast<char>(random());
  return bytes;
}

// Text of random words: it compresses, so it goes out of line compressed.
std::string RandomText(size_t size, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::string text;
  text.reserve(size);
  while (text.size() < size) {
    const size_t length = 1 + random() % 9;
    for (size_t i = 0; i < length && text.size() < size; ++i) {
      text.push_back(static_cast<char>('a' + random() % 26));
    }
    if (text.size() < size) text.push_back(' ');
  }
  return text;
}

struct Fetched {
  std::string text;
  std::string bytes;
};

Fetched FetchRow(Session& session, int id) {
  granary::Result result =
      session.Execute("SELECT t, b FROM big WHERE id = $1", {Param(static_cast<long long>(id))});
  REQUIRE(result.row_count() == 1);
  Fetched fetched;
  if (!result.row(0).IsNull(0)) fetched.text = result.row(0).GetString(0);
  if (!result.row(0).IsNull(1)) result.row(0).AppendBinary(1, fetched.bytes);  // raw bytes
  return fetched;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

TEST_CASE("64 MiB text and bytea values round-trip and survive reopen", "[engine][toast]") {
  constexpr size_t kSize = size_t{64} << 20;
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  const std::string text = RandomText(kSize, 1);
  const std::string bytes = RandomBytes(kSize, 2);
  const uint64_t text_sum = Checksum(text);
  const uint64_t bytes_sum = Checksum(bytes);
  {
    Database db = Database::Open(directory.path());
    Session session = db.Connect();
    session.Execute("CREATE TABLE big (id int PRIMARY KEY, t text, b bytea, n int)");
    auto start = std::chrono::steady_clock::now();
    // Prepared, so that the binary parameter is received as bytea (libpq's binary format).
    granary::PreparedStatement insert = session.Prepare("INSERT INTO big VALUES (1, $1, $2, 0)");
    insert.Execute({Param(text), Param::Binary(bytes)});
    const double insert_seconds = Seconds(start);
    start = std::chrono::steady_clock::now();
    const Fetched fetched = FetchRow(session, 1);
    const double select_seconds = Seconds(start);
    CHECK(fetched.text.size() == kSize);
    CHECK(Checksum(fetched.text) == text_sum);
    CHECK(fetched.bytes.size() == kSize);
    CHECK(Checksum(fetched.bytes) == bytes_sum);
    std::printf("64 MiB text + 64 MiB bytea: insert %.2f s, select %.2f s\n", insert_seconds,
                select_seconds);

    // An UPDATE of another column keeps both values; the SQL functions see them whole.
    session.Execute("UPDATE big SET n = n + 1 WHERE id = 1");
    granary::Result sizes = session.Execute("SELECT length(t), length(b), n FROM big");
    CHECK(sizes.row(0).GetInt64(0) == static_cast<int64_t>(kSize));
    CHECK(sizes.row(0).GetInt64(1) == static_cast<int64_t>(kSize));
    CHECK(sizes.row(0).GetInt64(2) == 1);
    // A second row shares nothing with the first.
    session.Execute("INSERT INTO big SELECT 2, t || 'x', b, n FROM big WHERE id = 1");
  }
  {
    Database db = Database::Open(directory.path());
    Session session = db.Connect();
    const auto start = std::chrono::steady_clock::now();
    const Fetched fetched = FetchRow(session, 1);
    std::printf("after reopen: select %.2f s\n", Seconds(start));
    CHECK(Checksum(fetched.text) == text_sum);
    CHECK(Checksum(fetched.bytes) == bytes_sum);
    const Fetched second = FetchRow(session, 2);
    CHECK(second.text == text + "x");
    CHECK(Checksum(second.bytes) == bytes_sum);
    session.Execute("DELETE FROM big WHERE id = 1");
    CHECK(FetchRow(session, 2).text.size() == kSize + 1);
  }
}

TEST_CASE("a value of 1 GiB - 5 bytes round-trips; one byte more is refused", "[.1gib]") {
  constexpr size_t kMax = (size_t{1} << 30) - 5;
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  uint64_t sum = 0;
  {
    std::string bytes = RandomBytes(kMax, 3);
    sum = Checksum(bytes);
    Database db = Database::Open(directory.path());
    Session session = db.Connect();
    session.Execute("CREATE TABLE big (id int, t text, b bytea)");
    auto start = std::chrono::steady_clock::now();
    granary::PreparedStatement insert = session.Prepare("INSERT INTO big (id, b) VALUES ($1, $2)");
    insert.Execute({Param(1), Param::Binary(std::move(bytes))});
    std::printf("1 GiB - 5 bytes bytea: insert %.1f s\n", Seconds(start));
    try {
      insert.Execute({Param(2), Param::Binary(std::string(kMax + 1, 'x'))});
      FAIL("a value over the limit was stored");
    } catch (const granary::Error& error) {
      CHECK(error.sqlstate() == "54000");
      std::printf("one byte more: %s: %s\n", error.sqlstate().c_str(), error.message().c_str());
    }
  }
  Database db = Database::Open(directory.path());
  Session session = db.Connect();
  const auto start = std::chrono::steady_clock::now();
  const Fetched fetched = FetchRow(session, 1);
  std::printf("after reopen: select %.1f s\n", Seconds(start));
  CHECK(fetched.bytes.size() == kMax);
  CHECK(Checksum(fetched.bytes) == sum);
}
