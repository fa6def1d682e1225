// S-expression rendering of utility statements (see ast_dump.hpp).
#include "parser/ast_dumper.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace granary::parser::dump {

void Dumper::Transaction(const TransactionStmt& txn) {
  static constexpr std::string_view kKinds[] = {"begin",     "commit",  "rollback",
                                                "savepoint", "release", "rollback-to"};
  Open(kKinds[static_cast<int>(txn.transaction_kind)]);
  if (!txn.savepoint_name.empty()) {
    Space();
    Text(txn.savepoint_name);
  }
  if (!txn.isolation_level.empty()) {
    Key("isolation");
    Quoted(txn.isolation_level);
  }
  if (txn.read_only) Text(*txn.read_only ? " :read-only" : " :read-write");
  Flag(txn.chain, "chain");
  Close();
}

void Dumper::Prepare(const PrepareStmt& prepare) {
  Open("prepare ");
  Text(prepare.name);
  for (const TypeName& type : prepare.parameter_types) {
    Space();
    Type(type);
  }
  Space();
  Statement(*prepare.statement);
  Close();
}

void Dumper::Execute(const ExecuteStmt& execute) {
  Open("execute ");
  Text(execute.name);
  if (!execute.arguments.empty()) {
    Space();
    ExprList(execute.arguments);
  }
  Close();
}

void Dumper::Deallocate(const DeallocateStmt& deallocate) {
  Open("deallocate");
  Space();
  Text(deallocate.all ? "all" : deallocate.name);
  Close();
}

void Dumper::DeclareCursor(const DeclareCursorStmt& declare) {
  Open("declare-cursor ");
  Text(declare.name);
  Flag(declare.binary, "binary");
  Flag(declare.scroll, "scroll");
  Flag(declare.no_scroll, "no-scroll");
  Flag(declare.asensitive, "asensitive");
  Flag(declare.insensitive, "insensitive");
  Flag(declare.hold, "hold");
  Space();
  Statement(*declare.query);
  Close();
}

void Dumper::Fetch(const FetchStmt& fetch) {
  Open(fetch.move ? "move " : "fetch ");
  static constexpr const char* kDirections[] = {"forward", "backward", "absolute", "relative"};
  Text(kDirections[static_cast<int>(fetch.direction)]);
  Space();
  Text(fetch.count == FetchStmt::kAll ? "all" : std::to_string(fetch.count));
  Space();
  Text(fetch.name);
  Close();
}

void Dumper::ClosePortal(const ClosePortalStmt& close) {
  Open("close");
  Space();
  Text(close.all ? "all" : close.name);
  Close();
}

void Dumper::Explain(const ExplainStmt& explain) {
  Open("explain");
  Flag(explain.analyze, "analyze");
  Flag(explain.verbose, "verbose");
  Space();
  Statement(*explain.statement);
  Close();
}

void Dumper::VariableSet(const VariableSetStmt& set) {
  Open(set.reset ? "reset " : "set ");
  Text(set.name);
  Flag(set.local, "local");
  for (const std::string& value : set.values) {
    Space();
    Quoted(value);
  }
  Close();
}

void Dumper::VariableShow(const VariableShowStmt& show) {
  Open("show ");
  Text(show.name);
  Close();
}

void Dumper::Copy(const CopyStmt& copy) {
  Open(copy.is_from ? "copy-from " : "copy-to ");
  if (copy.table != nullptr) {
    Table(*copy.table);
  } else {
    Statement(*copy.query);
  }
  if (!copy.columns.empty()) {
    Space();
    NameList(copy.columns);
  }
  Flag(copy.is_program, "program");
  if (copy.filename) {
    Key("file");
    Quoted(*copy.filename);
  }
  for (const CopyOption& option : copy.options) {
    Key(option.name);
    switch (option.kind) {
      case CopyOptionKind::kNone: Text("none"); break;
      case CopyOptionKind::kString:
      case CopyOptionKind::kNumber: Quoted(option.value); break;
      case CopyOptionKind::kStar: Text("*"); break;
      case CopyOptionKind::kList: NameList(option.list); break;
    }
  }
  MaybeExpr("where", copy.where);
  Close();
}

void Dumper::Lock(const LockStmt& lock) {
  static constexpr std::string_view kModes[] = {
      "", "access-share", "row-share", "row-exclusive", "share-update-exclusive", "share",
      "share-row-exclusive", "exclusive", "access-exclusive"};
  Open("lock");
  Space();
  Text(kModes[lock.mode]);
  Flag(lock.nowait, "nowait");
  for (const auto& table : lock.tables) {
    Space();
    Table(*table);
  }
  Close();
}

void Dumper::Truncate(const TruncateStmt& truncate) {
  Open("truncate");
  Flag(truncate.restart_identity, "restart-identity");
  Flag(truncate.cascade, "cascade");
  for (const auto& table : truncate.tables) {
    Space();
    Table(*table);
  }
  Close();
}

void Dumper::Checkpoint(const CheckpointStmt& /*checkpoint*/) {
  Open("checkpoint");
  Close();
}

void Dumper::Reindex(const ReindexStmt& reindex) {
  static constexpr const char* kTargets[] = {"index", "table", "schema", "database", "system"};
  Open(std::string("reindex-") + kTargets[static_cast<int>(reindex.target)]);
  Flag(reindex.concurrently, "concurrently");
  Flag(reindex.verbose, "verbose");
  Space();
  Names(reindex.name);
  Close();
}

void Dumper::Cluster(const ClusterStmt& cluster) {
  Open("cluster");
  Flag(cluster.verbose, "verbose");
  if (cluster.table != nullptr) {
    Space();
    Table(*cluster.table);
  }
  if (!cluster.index.empty()) {
    Key("using");
    Text(cluster.index);
  }
  Close();
}

void Dumper::SetConstraints(const SetConstraintsStmt& set) {
  Open(set.deferred ? "set-constraints-deferred" : "set-constraints-immediate");
  for (const std::vector<std::string>& name : set.names) {
    Space();
    Names(name);
  }
  Close();
}

void Dumper::Vacuum(const VacuumStmt& vacuum) {
  Open(vacuum.vacuum ? "vacuum" : "analyze");
  if (vacuum.verbose) Key("verbose");
  if (vacuum.full) Key("full");
  if (vacuum.freeze) Key("freeze");
  if (vacuum.analyze && vacuum.vacuum) Key("analyze");
  if (!vacuum.truncate) Key("no_truncate");
  for (size_t i = 0; i < vacuum.relations.size(); ++i) {
    Text(vacuum.relations[i]->name);
    for (const std::string& column : vacuum.columns[i]) Text(column);
  }
  Close();
}

}  // namespace granary::parser::dump
