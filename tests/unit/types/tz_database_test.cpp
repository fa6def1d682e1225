// The tz database reader: TZif parsing (a hand-built file and the system's), POSIX TZ rules,
// PostgreSQL's choice of offset for skipped and repeated local times, and the process-wide
// cache under concurrent lookups.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "types/tz_database.hpp"

using namespace granary::types;

namespace {

void AppendBigEndian(std::string& out, int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

// A TZif file of `version` with the given transitions (time, type index) and types
// (offset, is_dst, abbreviation), and a footer; version 1 files have 32-bit times only.
std::string MakeTzif(char version, const std::vector<std::pair<int64_t, int>>& transitions,
                     const std::vector<std::tuple<int32_t, bool, std::string>>& types,
                     const std::string& footer) {
  std::string chars;
  std::vector<int> abbreviation_at;
  for (const auto& [offset, dst, name] : types) {
    abbreviation_at.push_back(static_cast<int>(chars.size()));
    chars += name;
    chars.push_back('\0');
  }
  auto block = [&](int width) {
    std::string out = "TZif";
    out.push_back(version);
    out.append(15, '\0');
    AppendBigEndian(out, 0, 4);  // isutcnt
    AppendBigEndian(out, 0, 4);  // isstdcnt
    AppendBigEndian(out, 0, 4);  // leapcnt
    AppendBigEndian(out, static_cast<int64_t>(transitions.size()), 4);
    AppendBigEndian(out, static_cast<int64_t>(types.size()), 4);
    AppendBigEndian(out, static_cast<int64_t>(chars.size()), 4);
    for (const auto& [time, type] : transitions) AppendBigEndian(out, time, width);
    for (const auto& [time, type] : transitions) out.push_back(static_cast<char>(type));
    for (size_t i = 0; i < types.size(); ++i) {
      AppendBigEndian(out, std::get<0>(types[i]), 4);
      out.push_back(std::get<1>(types[i]) ? 1 : 0);
      out.push_back(static_cast<char>(abbreviation_at[i]));
    }
    out += chars;
    return out;
  };
  std::string file = block(4);
  if (version >= '2') file += block(8) + "\n" + footer + "\n";
  return file;
}

constexpr int64_t k2026March8At7Utc = 1772953200;    // 02:00 EST: clocks go forward
constexpr int64_t k2026November1At6Utc = 1793512800;  // 02:00 EDT: clocks go back

}  // namespace

TEST_CASE("a TZif file's transitions give the offset at each instant", "[types][tz]") {
  const std::string file = MakeTzif('2', {{k2026March8At7Utc, 1}, {k2026November1At6Utc, 0}},
                                    {{-18000, false, "EST"}, {-14400, true, "EDT"}},
                                    "EST5EDT,M3.2.0,M11.1.0");
  const auto zone = TimeZone::FromTzif(file, "Test/Zone");
  REQUIRE(zone);
  CHECK(zone->name() == "Test/Zone");
  CHECK(zone->AtUtc(k2026March8At7Utc - 1).utc_offset == -18000);
  CHECK(zone->AtUtc(k2026March8At7Utc).utc_offset == -14400);
  CHECK(zone->AtUtc(k2026March8At7Utc).abbreviation == "EDT");
  CHECK(zone->AtUtc(k2026March8At7Utc).is_dst);
  CHECK(zone->AtUtc(k2026November1At6Utc).utc_offset == -18000);
  // Before the first transition: the first type.
  CHECK(zone->AtUtc(0).abbreviation == "EST");
  // After the last: the footer's rules (2030-07-01 is in daylight time, 2030-01-01 not).
  CHECK(zone->AtUtc(1909137600).utc_offset == -14400);
  CHECK(zone->AtUtc(1893499200).utc_offset == -18000);
  const auto next = zone->NextTransition(k2026November1At6Utc);
  REQUIRE(next);
  CHECK(next->at == 1805007600);  // 2027-03-14 07:00 UTC, from the footer
  CHECK(next->offset_after == -14400);
}

TEST_CASE("version 1 TZif files and malformed files", "[types][tz]") {
  const std::string v1 = MakeTzif('\0', {{100, 1}}, {{3600, false, "A"}, {7200, true, "B"}}, "");
  const auto zone = TimeZone::FromTzif(v1, "V1");
  REQUIRE(zone);
  CHECK(zone->AtUtc(99).utc_offset == 3600);
  CHECK(zone->AtUtc(100).utc_offset == 7200);
  CHECK_FALSE(TimeZone::FromTzif("", "x"));
  CHECK_FALSE(TimeZone::FromTzif("TZif2 short", "x"));
  CHECK_FALSE(TimeZone::FromTzif(v1.substr(0, v1.size() - 3), "x"));
  // A transition naming a type that does not exist.
  CHECK_FALSE(TimeZone::FromTzif(MakeTzif('2', {{5, 3}}, {{0, false, "UTC"}}, "UTC0"), "x"));
}

TEST_CASE("local times skipped or repeated by a transition get PostgreSQL's offset", "[types][tz]") {
  const auto zone = FindTimeZone("America/New_York");
  REQUIRE(zone);
  // 2026-03-08 02:30 does not exist: the offset before (EST), so it is 03:30 EDT.
  CHECK(zone->OffsetForLocal(k2026March8At7Utc - 18000 + 1800) == -18000);
  // 2026-11-01 01:30 happens twice: the offset after (EST).
  CHECK(zone->OffsetForLocal(k2026November1At6Utc - 14400 - 1800) == -18000);
  // Ordinary times.
  CHECK(zone->OffsetForLocal(1782907200) == -14400);  // 2026-07-01 12:00 local
  CHECK(zone->OffsetForLocal(1767268800) == -18000);  // 2026-01-01 12:00 local
}

TEST_CASE("POSIX TZ strings", "[types][tz]") {
  const auto utc3 = TimeZone::FromPosix("UTC+3", "UTC+3");
  REQUIRE(utc3);
  CHECK(utc3->AtUtc(0).utc_offset == -3 * 3600);  // POSIX offsets count west
  const auto bracketed = TimeZone::FromPosix("<+0530>-5:30", "x");
  REQUIRE(bracketed);
  CHECK(bracketed->AtUtc(0).utc_offset == 19800);
  CHECK(bracketed->AtUtc(0).abbreviation == "+0530");
  const auto bare = TimeZone::FromPosix("+08", "+08");
  REQUIRE(bare);
  CHECK(bare->AtUtc(0).utc_offset == -8 * 3600);
  // Southern hemisphere: daylight time spans the new year.
  const auto sydney = TimeZone::FromPosix("AEST-10AEDT,M10.1.0,M4.1.0/3", "x");
  REQUIRE(sydney);
  CHECK(sydney->AtUtc(1767268800).utc_offset == 39600);  // January
  CHECK(sydney->AtUtc(1782907200).utc_offset == 36000);  // July
  // Without rules a daylight zone follows the US rules (posixrules).
  const auto est = TimeZone::FromPosix("EST5EDT", "x");
  REQUIRE(est);
  CHECK(est->AtUtc(1782907200).utc_offset == -14400);
  CHECK_FALSE(TimeZone::FromPosix("", "x"));
  CHECK_FALSE(TimeZone::FromPosix("abc", "x"));
  CHECK_FALSE(TimeZone::FromPosix("EST5EDT,M13.1.0,M11.1.0", "x"));
  CHECK_FALSE(TimeZone::FromPosix("EST5EDT,M3.2.0", "x"));
}

TEST_CASE("zones are found by name in any case, and unknown names are not", "[types][tz]") {
  const auto shanghai = FindTimeZone("asia/SHANGHAI");
  REQUIRE(shanghai);
  CHECK(shanghai->name() == "Asia/Shanghai");
  CHECK(shanghai->AtUtc(1767268800).utc_offset == 28800);
  CHECK(FindTimeZone("Asia/Shanghai") == FindTimeZone("ASIA/shanghai"));
  const auto kolkata = FindTimeZone("Asia/Kolkata");
  REQUIRE(kolkata);
  CHECK(kolkata->AtUtc(-2208988800).utc_offset == 19270);  // 1900: local mean time +05:21:10
  CHECK_FALSE(FindTimeZone("Mars/Base"));
  CHECK_FALSE(FindTimeZone("../../etc/passwd"));
  CHECK_FALSE(FindTimeZone("/etc/localtime"));
  CHECK_FALSE(FindTimeZone("Asia"));  // a directory
  CHECK(FindTimeZone("UTC"));
}

TEST_CASE("concurrent lookups share one parsed zone", "[types][tz]") {
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  const char* names[] = {"Europe/Paris", "europe/paris", "America/Sao_Paulo", "Australia/Sydney"};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const auto zone = FindTimeZone(names[(t + i) % 4]);
        if (!zone || zone != FindTimeZone(zone->name())) mismatches++;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(mismatches == 0);
}
