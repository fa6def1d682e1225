// SCRAM-SHA-256: RFC 7677's example exchange, verifiers made by PostgreSQL 15, and malformed
// client messages.
#include <catch2/catch.hpp>

#include "auth/crypto.hpp"
#include "auth/scram.hpp"
#include "granary/error.hpp"

using granary::auth::Base64Decode;
using granary::auth::Base64Encode;
using granary::auth::ScramExchange;
using granary::auth::ScramVerifier;

namespace {

// RFC 7677, section 3: user "user", password "pencil".
constexpr const char* kClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
constexpr const char* kServerNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
constexpr const char* kServerFirst =
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
constexpr const char* kClientFinal =
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
    "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
constexpr const char* kServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

ScramVerifier Rfc7677Verifier() {
  return ScramVerifier::FromPassword("pencil", *Base64Decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
}

std::string SqlStateOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const granary::Error& error) {
    return error.sqlstate();
  }
  return "none";
}

}  // namespace

TEST_CASE("the RFC 7677 example exchange succeeds", "[auth][scram]") {
  ScramExchange exchange(Rfc7677Verifier(), "user", kServerNonce);
  CHECK(exchange.HandleClientFirst(kClientFirst) == kServerFirst);
  std::string server_final;
  REQUIRE(exchange.HandleClientFinal(kClientFinal, server_final));
  CHECK(server_final == kServerFinal);
}

TEST_CASE("a wrong proof fails without an error", "[auth][scram]") {
  ScramExchange exchange(ScramVerifier::FromPassword("not pencil",
                                                     *Base64Decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096),
                         "user", kServerNonce);
  CHECK(exchange.HandleClientFirst(kClientFirst) == kServerFirst);
  std::string server_final;
  CHECK_FALSE(exchange.HandleClientFinal(kClientFinal, server_final));
  CHECK(server_final.empty());
}

TEST_CASE("a mock exchange looks real and always fails", "[auth][scram]") {
  ScramExchange first(std::nullopt, "ghost", kServerNonce);
  ScramExchange second(std::nullopt, "ghost", kServerNonce);
  const std::string reply = first.HandleClientFirst(kClientFirst);
  CHECK(reply.substr(0, 2) == "r=");
  CHECK(reply == second.HandleClientFirst(kClientFirst));  // the same salt each attempt
  std::string server_final;
  const std::string final_message =
      std::string("c=biws,r=rOprNGfwEbeRWgbNEkqO") + kServerNonce +
      ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
  CHECK_FALSE(first.HandleClientFinal(final_message, server_final));
}

TEST_CASE("verifiers have PostgreSQL's text form", "[auth][scram]") {
  const ScramVerifier verifier = Rfc7677Verifier();
  const std::string text = verifier.ToString();
  CHECK(text.rfind("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$", 0) == 0);
  const auto parsed = ScramVerifier::Parse(text);
  REQUIRE(parsed);
  CHECK(parsed->stored_key == verifier.stored_key);
  CHECK(parsed->server_key == verifier.server_key);

  // Made by PostgreSQL 15: CREATE ROLE alice PASSWORD 'secret'.
  const char* postgres =
      "SCRAM-SHA-256$4096:a1ugoXLtKNOj3mwaWfm66Q==$dwxxJQrPZPkrU2srotG89iLSD+pxIxIbx3nATCKb0qI=:"
      "8wcW/YtRwLbrZcF6E7qkhuc7XJxpc1/r3Rw6nphAIGE=";
  const auto from_postgres = ScramVerifier::Parse(postgres);
  REQUIRE(from_postgres);
  const ScramVerifier recomputed =
      ScramVerifier::FromPassword("secret", from_postgres->salt, from_postgres->iterations);
  CHECK(recomputed.ToString() == postgres);

  CHECK_FALSE(ScramVerifier::Parse("SCRAM-SHA-256$4096:abc"));
  CHECK_FALSE(ScramVerifier::Parse("SCRAM-SHA-256$x:W22ZaJ0SNY7soEsUEjb6gQ==$AAAA:AAAA"));
  CHECK_FALSE(ScramVerifier::Parse("md5abc"));
}

TEST_CASE("malformed SCRAM messages are protocol violations", "[auth][scram]") {
  auto first_fails = [](const std::string& message) {
    return SqlStateOf([&] { ScramExchange(Rfc7677Verifier(), "user", kServerNonce).HandleClientFirst(message); });
  };
  CHECK(first_fails("") == "08P01");
  CHECK(first_fails("x,,n=user,r=abc") == "08P01");
  CHECK(first_fails("p=tls-server-end-point,,n=user,r=abc") == "08P01");
  CHECK(first_fails("n,a=admin,n=user,r=abc") == "0A000");
  CHECK(first_fails("n,,m=ext,n=user,r=abc") == "0A000");
  CHECK(first_fails("n,,n=user") == "08P01");
  CHECK(first_fails("n,,n=user,r=") == "08P01");
  CHECK(first_fails("n") == "08P01");

  auto final_fails = [](const std::string& message) {
    ScramExchange exchange(Rfc7677Verifier(), "user", kServerNonce);
    exchange.HandleClientFirst(kClientFirst);
    std::string server_final;
    return SqlStateOf([&] { exchange.HandleClientFinal(message, server_final); });
  };
  CHECK(final_fails("c=eSws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=AAAA") == "08P01");
  CHECK(final_fails("c=biws,r=wrongnonce,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=") == "08P01");
  CHECK(final_fails("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0") == "08P01");
  CHECK(final_fails("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=!!!!") == "08P01");
  CHECK(final_fails("") == "08P01");
  CHECK(final_fails(std::string(kClientFinal) + ",x=1") == "08P01");

  std::string server_final;
  ScramExchange never_started(Rfc7677Verifier(), "user", kServerNonce);
  CHECK(SqlStateOf([&] { never_started.HandleClientFinal(kClientFinal, server_final); }) == "08P01");
}

TEST_CASE("base64 round-trips and rejects non-canonical text", "[auth][crypto]") {
  for (const std::string& data : {std::string(""), std::string("f"), std::string("fo"),
                                  std::string("foo"), std::string("foob"), std::string("\xff\x00\x10", 3)}) {
    CHECK(Base64Decode(Base64Encode(data)) == data);
  }
  CHECK(Base64Encode("foobar") == "Zm9vYmFy");
  CHECK(Base64Encode("fo") == "Zm8=");
  CHECK_FALSE(Base64Decode("Zm8"));
  CHECK_FALSE(Base64Decode("Z=8="));
  CHECK_FALSE(Base64Decode("Zm9v!mFy"));
}
