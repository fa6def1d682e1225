// hba.conf parsing and first-match lookup.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "auth/hba.hpp"
#include "granary/error.hpp"

using namespace granary::auth;

namespace {

ConnectionInfo Client(const char* address, const char* database, const char* user) {
  return ConnectionInfo{*IpAddress::Parse(address), database, user};
}

std::string ParseError(const std::string& text) {
  try {
    HbaFile::Parse(text, "hba.conf");
  } catch (const granary::Error& error) {
    return error.sqlstate() + " " + error.message() + " / " + error.detail();
  }
  return "none";
}

}  // namespace

TEST_CASE("the first matching rule decides", "[auth][hba]") {
  const HbaFile file = HbaFile::Parse(
      "# TYPE  DATABASE  USER  ADDRESS  METHOD\n"
      "local   all       all            trust\n"
      "host    all       admin 127.0.0.1/32 reject   # comment\n"
      "host    granary,\"all\" alice 127.0.0.1 255.255.255.255 md5\n"
      "hostnossl sameuser all 10.0.0.0/8 password\n"
      "host    all       +bob  ::1/128  scram-sha-256\n"
      "\n"
      "host    all       all   all      scram-sha-256\n",
      "hba.conf");
  REQUIRE(file.rules().size() == 6);
  CHECK(file.Match(Client("127.0.0.1", "granary", "admin"))->method == AuthMethod::kReject);
  CHECK(file.Match(Client("127.0.0.1", "granary", "alice"))->method == AuthMethod::kMd5);
  CHECK(file.Match(Client("127.0.0.1", "all", "alice"))->method == AuthMethod::kMd5);
  CHECK(file.Match(Client("127.0.0.1", "postgres", "alice"))->line == 8);
  CHECK(file.Match(Client("10.1.2.3", "carol", "carol"))->method == AuthMethod::kPassword);
  CHECK(file.Match(Client("10.1.2.3", "granary", "carol"))->line == 8);
  CHECK(file.Match(Client("::1", "granary", "bob"))->method == AuthMethod::kScramSha256);
  CHECK(file.Match(Client("::1", "granary", "bob"))->line == 6);
}

TEST_CASE("no matching rule means no entry", "[auth][hba]") {
  const HbaFile file = HbaFile::Parse("host all all 127.0.0.1/32 trust\n", "hba.conf");
  CHECK(file.Match(Client("127.0.0.2", "granary", "x")) == nullptr);
  CHECK(file.Match(Client("::1", "granary", "x")) == nullptr);
  CHECK(file.Match(Client("127.0.0.1", "granary", "x")) != nullptr);
  CHECK(HbaFile::Parse("hostssl all all all trust\n", "hba.conf").Match(Client("127.0.0.1", "a", "b")) == nullptr);
}

TEST_CASE("bad lines are configuration errors naming the line", "[auth][hba]") {
  CHECK(ParseError("\nhots all all all trust") ==
        "F0000 invalid connection type \"hots\" / line 2 of configuration file \"hba.conf\"");
  CHECK(ParseError("host all all all ident") ==
        "F0000 invalid authentication method \"ident\" / line 1 of configuration file \"hba.conf\"");
  CHECK(ParseError("host all all 127.0.0.1/33 trust").rfind("F0000 invalid CIDR mask", 0) == 0);
  CHECK(ParseError("host all all example.com trust").rfind("F0000 invalid IP address", 0) == 0);
  CHECK(ParseError("host all all").rfind("F0000 end-of-line before IP address", 0) == 0);
  CHECK(ParseError("host all all all").rfind("F0000 end-of-line before authentication", 0) == 0);
  CHECK(ParseError("host all all all trust clientcert=1").rfind("F0000 authentication option", 0) == 0);
  CHECK(ParseError("host \"all all all trust").rfind("F0000 unterminated quoted string", 0) == 0);
  CHECK(ParseError("host all all samehost trust").rfind("F0000", 0) == 0);
  CHECK(ParseError("") == "none");
}

TEST_CASE("@file lists, samerole and replication", "[auth][hba]") {
  const std::string directory = "/tmp/granary_hba_test_" + std::to_string(::getpid());
  std::filesystem::create_directories(directory);
  {
    std::ofstream admins(directory + "/admins");
    admins << "# the operators\nalice, bob\n\"Carol\"  dave\n";
  }
  const HbaFile file = HbaFile::Parse(
      "host replication all 0.0.0.0/0 trust\n"
      "host all @admins 10.0.0.0/8 md5\n"
      "host samerole all 10.0.0.0/8 trust\n"
      "host all all 0.0.0.0/0 reject\n",
      directory + "/hba.conf");
  // replication matches no (non-replication) connection, even to a database of that name.
  CHECK(file.Match(Client("10.1.1.1", "replication", "eve"))->method == AuthMethod::kReject);
  CHECK(file.Match(Client("10.1.1.1", "app", "bob"))->method == AuthMethod::kMd5);
  CHECK(file.Match(Client("10.1.1.1", "app", "Carol"))->method == AuthMethod::kMd5);
  CHECK(file.Match(Client("10.1.1.1", "app", "carol"))->method == AuthMethod::kReject);
  CHECK(file.Match(Client("10.1.1.1", "eve", "eve"))->method == AuthMethod::kTrust);
  CHECK(file.Match(Client("10.1.1.1", "app", "eve"))->method == AuthMethod::kReject);
  // A list file that cannot be read is an error naming the line.
  const std::string error = ParseError("host all @missing_list 10.0.0.0/8 md5\n");
  CHECK(error.find("F0000 could not open secondary authentication file \"@missing_list\"") == 0);
  CHECK(error.find("line 1 of configuration file \"hba.conf\"") != std::string::npos);
  std::filesystem::remove_all(directory);
}
