// Collations: CREATE COLLATION (ICU locales, or copies of an existing collation) and DROP
// COLLATION, rows of the pg_collation system table (catalog/collation_catalog.cpp).
#include "engine/collation_commands.hpp"

#include <algorithm>

#include "common/sqlstate.hpp"
#include "planner/analyze/collation_assign.hpp"
#include "planner/analyze/deparse.hpp"

namespace granary {
namespace {

Result Tagged(std::string tag) {
  Result result;
  result.impl().command_tag = std::move(tag);
  return result;
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// defGetBoolean's spellings.
std::optional<bool> BooleanOption(const parser::RelOption& option) {
  if (!option.has_value) return true;
  const std::string value = Lower(option.value);
  if (value == "true" || value == "on" || value == "1") return true;
  if (value == "false" || value == "off" || value == "0") return false;
  return std::nullopt;
}

// The collation DefineCollation would make from the options.
types::CollationDefinition FromOptions(const parser::CreateCollationStmt& stmt, planner::AnalyzeContext& context) {
  std::optional<std::string> provider;
  std::optional<std::string> locale;
  std::optional<std::string> lc_collate;
  bool deterministic = true;
  for (const parser::RelOption& option : stmt.options) {
    const std::string name = Lower(option.name);
    if (name == "provider") {
      provider = Lower(option.value);
    } else if (name == "locale") {
      locale = option.value;
    } else if (name == "lc_collate" || name == "lc_ctype") {
      lc_collate = option.value;
    } else if (name == "deterministic") {
      const std::optional<bool> value = BooleanOption(option);
      if (!value) {
        throw context.ErrorAt(sqlstate::kSyntaxError, "deterministic requires a Boolean value", option.location);
      }
      deterministic = *value;
    } else if (name == "version" || name == "from") {
      continue;
    } else {
      throw context.ErrorAt(sqlstate::kSyntaxError, "collation attribute \"" + option.name + "\" not recognized",
                            option.location);
    }
  }
  if (!locale) locale = lc_collate;
  const std::string chosen = provider.value_or("libc");
  if (chosen != "icu" && chosen != "libc") {
    throw Error(sqlstate::kInvalidObjectDefinition, "unrecognized collation provider: " + chosen);
  }
  if (!locale) throw Error(sqlstate::kInvalidObjectDefinition, "parameter \"locale\" must be specified");
  if (!deterministic) {
    throw Error(sqlstate::kFeatureNotSupported, "nondeterministic collations are not supported");
  }
  types::CollationDefinition collation;
  collation.deterministic = true;
  if (chosen == "libc") {
    // Only the byte-order locales exist here (the cluster's libc locales are C and C.utf8).
    if (*locale != "C" && *locale != "POSIX" && *locale != "C.utf8" && *locale != "C.UTF-8") {
      throw Error(sqlstate::kInvalidParameterValue, "could not create locale \"" + *locale + "\": No such file or directory")
          .WithDetail("The operating system could not find any locale data for the locale name \"" + *locale + "\".");
    }
    collation.provider = 'c';
    collation.collate = *locale;
    collation.encoding = 6;
    return collation;
  }
  if (!types::IsValidIcuLocale(*locale)) {
    throw Error(sqlstate::kInvalidParameterValue, "could not open collator for locale \"" + *locale + "\"");
  }
  collation.provider = 'i';
  collation.icu_locale = *locale;
  return collation;
}

}  // namespace

Result CreateCollation(Session::Impl& session, const parser::CreateCollationStmt& stmt,
                       planner::AnalyzeContext& context) {
  Result result = Tagged("CREATE COLLATION");
  types::CollationDefinition collation;
  if (!stmt.from.empty()) {
    const uint32_t source = planner::LookupCollation(stmt.from, -1, context);
    if (source == types::kDefaultCollationOid) {
      throw Error(sqlstate::kInvalidObjectDefinition, "collation \"default\" cannot be copied");
    }
    collation = *types::FindCollation(source);
  } else {
    collation = FromOptions(stmt, context);
  }
  const std::string schema = stmt.name.size() >= 2 ? stmt.name[stmt.name.size() - 2] : "";
  const catalog::NamespaceName target =
      session.db.catalog->CreationNamespace(schema, context.SearchPath(), context.snapshot);
  collation.name = stmt.name.back();
  collation.namespace_oid = target.oid;
  const bool exists =
      (target.oid == catalog::kPgCatalogNamespace && types::FindBuiltinCollation(collation.name) != nullptr) ||
      session.db.catalog->FindUserCollation(target.name, collation.name, context.SearchPath(), context.snapshot);
  if (exists) {
    const std::string message = "collation \"" + collation.name + "\" already exists";
    if (!stmt.if_not_exists) throw Error(sqlstate::kDuplicateObject, message);
    result.impl().notices.push_back(Error(sqlstate::kDuplicateObject, message + ", skipping", Severity::kNotice));
    return result;
  }
  // Owned by the bootstrap superuser, as pg_collation shows every collation (OwnerOid).
  session.db.catalog->CreateCollation(std::move(collation), 10, context.snapshot, context.snapshot.command_id);
  session.MarkCatalogChanged();
  return result;
}

Result DropCollations(Session::Impl& session, const parser::DropStmt& stmt, planner::AnalyzeContext& context) {
  Result result = Tagged("DROP COLLATION");
  std::vector<types::CollationDefinition> dropped;
  for (const std::vector<std::string>& names : stmt.names) {
    std::string shown;
    for (const std::string& part : names) shown += (shown.empty() ? "" : ".") + part;
    const std::string schema = names.size() >= 2 ? names[names.size() - 2] : "";
    std::optional<types::CollationDefinition> found;
    if (schema.empty() || schema == "pg_catalog") {
      if (const types::CollationDefinition* builtin = types::FindBuiltinCollation(names.back())) found = *builtin;
    }
    if (!found && schema != "pg_catalog") {
      found = session.db.catalog->FindUserCollation(schema, names.back(), context.SearchPath(), context.snapshot);
    }
    if (!found) {
      if (!stmt.if_exists) {
        throw Error(sqlstate::kUndefinedObject, "collation \"" + shown + "\" for encoding \"UTF8\" does not exist");
      }
      result.impl().notices.push_back(Error(sqlstate::kSuccessfulCompletion,
                                            "collation \"" + shown + "\" does not exist, skipping", Severity::kNotice));
      continue;
    }
    if (found->namespace_oid == catalog::kPgCatalogNamespace) {
      throw Error(sqlstate::kDependentObjectsStillExist,
                  "cannot drop collation " + found->name + " because it is required by the database system");
    }
    dropped.push_back(*found);
  }
  // Columns that use a collation depend on it (pg_depend): no CASCADE here.
  for (const types::CollationDefinition& collation : dropped) {
    for (const catalog::CatalogRow& row :
         session.db.catalog->ReadSystemTable(catalog::SystemTable::kAttribute, context.snapshot)) {
      if (row.size() <= catalog::pg_attribute::kCollation || row[catalog::pg_attribute::kCollation].is_null() ||
          static_cast<uint32_t>(row[catalog::pg_attribute::kCollation].AsInt()) != collation.oid) {
        continue;
      }
      const auto relation = static_cast<catalog::Oid>(row[catalog::pg_attribute::kRelation].AsInt());
      std::string table = std::to_string(relation);
      for (const catalog::CatalogRow& class_row :
           session.db.catalog->ReadSystemTable(catalog::SystemTable::kClass, context.snapshot)) {
        if (static_cast<catalog::Oid>(class_row[catalog::pg_class::kOid].AsInt()) == relation) {
          table = class_row[catalog::pg_class::kName].AsString();
        }
      }
      if (stmt.cascade) {
        throw Error(sqlstate::kFeatureNotSupported, "DROP COLLATION ... CASCADE is not supported");
      }
      throw Error(sqlstate::kDependentObjectsStillExist,
                  "cannot drop collation " + planner::QuoteIdentifier(collation.name) +
                      " because other objects depend on it")
          .WithDetail("column " + row[catalog::pg_attribute::kName].AsString() + " of table " + table +
                      " depends on collation " + planner::QuoteIdentifier(collation.name))
          .WithHint("Use DROP ... CASCADE to drop the dependent objects too.");
    }
  }
  for (const types::CollationDefinition& collation : dropped) {
    session.db.catalog->DropCollation(collation.oid, context.snapshot, context.snapshot.command_id);
  }
  if (!dropped.empty()) session.MarkCatalogChanged();
  return result;
}

}  // namespace granary
