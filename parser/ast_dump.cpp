// S-expression rendering of the raw AST (see ast_dump.hpp). One function per node family;
// each appends to the output so that large trees are rendered in linear time.
#include "parser/ast_dump.hpp"

#include <string_view>
#include <vector>

namespace granary::parser {
namespace {

class Dumper {
 public:
  std::string Take() { return std::move(out_); }

  void Statement(const Stmt& stmt);
  void Expression(const Expr& expr);
  void Type(const TypeName& type);

 private:
  void Text(std::string_view text) { out_ += text; }
  void Open(std::string_view head) {
    out_ += '(';
    out_ += head;
  }
  void Close() { out_ += ')'; }
  void Space() { out_ += ' '; }
  void Key(std::string_view key) {
    out_ += " :";
    out_ += key;
    out_ += ' ';
  }
  void Flag(bool on, std::string_view key) {
    if (!on) return;
    out_ += " :";
    out_ += key;
  }
  void OnCommit(OnCommitAction action) {
    Flag(action == OnCommitAction::kPreserveRows, "on-commit-preserve-rows");
    Flag(action == OnCommitAction::kDeleteRows, "on-commit-delete-rows");
    Flag(action == OnCommitAction::kDrop, "on-commit-drop");
  }
  void Quoted(std::string_view text);
  void Names(const std::vector<std::string>& names);
  void NameList(const std::vector<std::string>& names);
  void MaybeExpr(std::string_view key, const ExprPtr& expr);
  void ExprList(const granary::parser::ExprList& exprs);
  void Sorts(const std::vector<SortBy>& sorts);
  void Window(const WindowDef& window);
  void Targets(const std::vector<ResTarget>& targets);
  void TableRefs(const std::vector<TableRefPtr>& refs);
  void Table(const TableRef& ref);
  void AliasSuffix(const std::optional<Alias>& alias);
  void Select(const SelectStmt& select);
  void With(const std::unique_ptr<WithClause>& with);
  void Constraints(const std::vector<Constraint>& constraints);
  void OneConstraint(const Constraint& constraint);
  void RoleOptions(const std::vector<RoleOption>& options);
  void SequenceOptions(const std::vector<SequenceOption>& options);

  void Constant(const ConstantExpr& constant);
  void Function(const FuncCallExpr& call);
  void Subquery(const SubqueryExpr& subquery);

  std::string out_;
};

void Dumper::Quoted(std::string_view text) {
  out_ += '\'';
  for (char c : text) {
    if (c == '\'') out_ += '\'';
    out_ += c;
  }
  out_ += '\'';
}

void Dumper::Names(const std::vector<std::string>& names) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out_ += '.';
    out_ += names[i];
  }
}

void Dumper::NameList(const std::vector<std::string>& names) {
  out_ += '(';
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) Space();
    out_ += names[i];
  }
  out_ += ')';
}

void Dumper::MaybeExpr(std::string_view key, const ExprPtr& expr) {
  if (expr == nullptr) return;
  Key(key);
  Expression(*expr);
}

void Dumper::ExprList(const granary::parser::ExprList& exprs) {
  out_ += '(';
  for (std::size_t i = 0; i < exprs.size(); ++i) {
    if (i > 0) Space();
    Expression(*exprs[i]);
  }
  out_ += ')';
}

void Dumper::Sorts(const std::vector<SortBy>& sorts) {
  out_ += '(';
  for (std::size_t i = 0; i < sorts.size(); ++i) {
    if (i > 0) Space();
    const SortBy& sort = sorts[i];
    const bool plain = sort.direction == SortDirection::kDefault &&
                       sort.nulls == NullsOrder::kDefault;
    if (plain) {
      Expression(*sort.expr);
      continue;
    }
    Open("sort ");
    Expression(*sort.expr);
    if (sort.direction == SortDirection::kAscending) Text(" asc");
    if (sort.direction == SortDirection::kDescending) Text(" desc");
    if (sort.nulls == NullsOrder::kFirst) Text(" nulls-first");
    if (sort.nulls == NullsOrder::kLast) Text(" nulls-last");
    Close();
  }
  out_ += ')';
}

void Dumper::Targets(const std::vector<ResTarget>& targets) {
  out_ += '(';
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (i > 0) Space();
    if (targets[i].alias.empty()) {
      Expression(*targets[i].expr);
    } else {
      Open("as ");
      Expression(*targets[i].expr);
      Space();
      Text(targets[i].alias);
      Close();
    }
  }
  out_ += ')';
}

void Dumper::TableRefs(const std::vector<TableRefPtr>& refs) {
  out_ += '(';
  for (std::size_t i = 0; i < refs.size(); ++i) {
    if (i > 0) Space();
    Table(*refs[i]);
  }
  out_ += ')';
}

void Dumper::AliasSuffix(const std::optional<Alias>& alias) {
  if (!alias) return;
  Key("alias");
  Text(alias->name);
  if (!alias->column_names.empty()) NameList(alias->column_names);
}

void Dumper::Table(const TableRef& ref) {
  switch (ref.kind) {
    case TableRefKind::kRelation: {
      const auto& range = ref.As<RangeVar>();
      if (!range.alias) {
        if (!range.schema.empty()) Text(range.schema + ".");
        Text(range.name);
        return;
      }
      Open("rel ");
      if (!range.schema.empty()) Text(range.schema + ".");
      Text(range.name);
      AliasSuffix(range.alias);
      Close();
      return;
    }
    case TableRefKind::kJoin: {
      const auto& join = ref.As<JoinRef>();
      static constexpr std::string_view kTypes[] = {"inner", "left", "right", "full", "cross"};
      Open("join ");
      if (join.natural) Text("natural-");
      Text(kTypes[static_cast<int>(join.join_type)]);
      Space();
      Table(*join.left);
      Space();
      Table(*join.right);
      MaybeExpr("on", join.condition);
      if (!join.using_columns.empty()) {
        Key("using");
        NameList(join.using_columns);
      }
      AliasSuffix(join.alias);
      Close();
      return;
    }
    case TableRefKind::kSubquery: {
      const auto& subquery = ref.As<SubqueryRef>();
      Open(subquery.lateral ? "lateral " : "subquery ");
      Select(*subquery.select);
      AliasSuffix(subquery.alias);
      Close();
      return;
    }
    case TableRefKind::kFunction: {
      const auto& function = ref.As<FunctionRef>();
      Open("function ");
      Expression(*function.call);
      AliasSuffix(function.alias);
      Close();
      return;
    }
  }
}

void Dumper::Select(const SelectStmt& select) {
  if (select.set_op != SetOperation::kNone) {
    static constexpr std::string_view kOps[] = {"", "union", "intersect", "except"};
    Open(kOps[static_cast<int>(select.set_op)]);
    if (select.all) Text(" all");
    Space();
    Select(*select.left);
    Space();
    Select(*select.right);
  } else if (!select.values.empty()) {
    Open("values");
    for (const auto& row : select.values) {
      Space();
      ExprList(row);
    }
  } else {
    Open("select");
    Flag(select.distinct && select.distinct_on.empty(), "distinct");
    if (!select.distinct_on.empty()) {
      Key("distinct-on");
      ExprList(select.distinct_on);
    }
    Key("targets");
    Targets(select.targets);
    if (select.into) {
      Key(select.into->temporary ? "into-temporary" : "into");
      Table(*select.into->table);
    }
    if (!select.from.empty()) {
      Key("from");
      TableRefs(select.from);
    }
    MaybeExpr("where", select.where);
    if (!select.group_by.empty()) {
      Key(select.group_by_distinct ? "group-by-distinct" : "group-by");
      ExprList(select.group_by);
    }
    MaybeExpr("having", select.having);
  }
  if (!select.order_by.empty()) {
    Key("order-by");
    Sorts(select.order_by);
  }
  MaybeExpr("limit", select.limit);
  MaybeExpr("offset", select.offset);
  for (const LockingClause& clause : select.locking) {
    static constexpr std::string_view kStrengths[] = {"key-share", "share", "no-key-update", "update"};
    static constexpr std::string_view kPolicies[] = {"", "skip-locked", "nowait"};
    Space();
    Open("for");
    Space();
    Text(kStrengths[static_cast<int>(clause.strength)]);
    for (const auto& table : clause.relations) {
      Space();
      Table(*table);
    }
    Flag(clause.wait_policy != LockWaitPolicy::kBlock, kPolicies[static_cast<int>(clause.wait_policy)]);
    Close();
  }
  With(select.with);
  Close();
}

// :with [recursive] ((name (columns) :materialized|:not-materialized query) ...)
void Dumper::With(const std::unique_ptr<WithClause>& with) {
  if (!with) return;
  Key("with");
  if (with->recursive) Text("recursive ");
  out_ += '(';
  for (std::size_t i = 0; i < with->ctes.size(); ++i) {
    const CommonTableExpr& cte = with->ctes[i];
    if (i > 0) Space();
    Open(cte.name);
    if (!cte.column_names.empty()) {
      Space();
      NameList(cte.column_names);
    }
    Flag(cte.materialized == CteMaterialize::kAlways, "materialized");
    Flag(cte.materialized == CteMaterialize::kNever, "not-materialized");
    Space();
    Statement(*cte.query);
    Close();
  }
  out_ += ')';
}

void Dumper::OneConstraint(const Constraint& constraint) {
  static constexpr std::string_view kKinds[] = {"null",        "not-null", "default", "primary-key",
                                                "unique",      "check",    "foreign-key",
                                                "identity",    "attribute"};
  Open(kKinds[static_cast<int>(constraint.kind)]);
  if (constraint.kind == ConstraintKind::kIdentity) {
    Text(constraint.generated_always ? " always" : " by-default");
    SequenceOptions(constraint.sequence_options);
  }
  if (!constraint.name.empty()) {
    Key("name");
    Text(constraint.name);
  }
  if (constraint.expr != nullptr) {
    Space();
    Expression(*constraint.expr);
  }
  if (!constraint.columns.empty()) {
    Space();
    NameList(constraint.columns);
  }
  if (constraint.referenced_table != nullptr) {
    Key("references");
    Table(*constraint.referenced_table);
    if (!constraint.referenced_columns.empty()) NameList(constraint.referenced_columns);
  }
  Close();
}

void Dumper::Constraints(const std::vector<Constraint>& constraints) {
  for (const Constraint& constraint : constraints) {
    Space();
    OneConstraint(constraint);
  }
}

void Dumper::Statement(const Stmt& stmt) {
  switch (stmt.kind) {
    case StmtKind::kSelect:
      Select(stmt.As<SelectStmt>());
      return;
    case StmtKind::kInsert: {
      const auto& insert = stmt.As<InsertStmt>();
      Open("insert ");
      Table(*insert.table);
      if (!insert.columns.empty()) {
        Key("columns");
        NameList(insert.columns);
      }
      if (insert.overriding != OverridingKind::kNone) {
        Key("overriding");
        Text(insert.overriding == OverridingKind::kSystemValue ? "system" : "user");
      }
      if (insert.source != nullptr) {
        Space();
        Select(*insert.source);
      } else {
        Text(" default-values");
      }
      if (insert.on_conflict != nullptr) {
        const OnConflictClause& conflict = *insert.on_conflict;
        Key("on-conflict");
        Open(conflict.action == OnConflictAction::kNothing ? "nothing" : "update");
        for (const IndexElem& element : conflict.target) {
          Space();
          if (element.expr != nullptr) {
            Expression(*element.expr);
          } else {
            Text(element.column);
          }
        }
        MaybeExpr("target-where", conflict.target_where);
        if (!conflict.constraint_name.empty()) {
          Key("constraint");
          Text(conflict.constraint_name);
        }
        for (const SetClause& clause : conflict.set_clauses) {
          Key("set");
          Text(clause.column);
          Space();
          Expression(*clause.value);
        }
        MaybeExpr("where", conflict.where);
        Close();
      }
      if (!insert.returning.empty()) {
        Key("returning");
        Targets(insert.returning);
      }
      With(insert.with);
      Close();
      return;
    }
    case StmtKind::kUpdate: {
      const auto& update = stmt.As<UpdateStmt>();
      Open("update ");
      Table(*update.table);
      Key("set");
      out_ += '(';
      for (std::size_t i = 0; i < update.set_clauses.size(); ++i) {
        if (i > 0) Space();
        Open("= ");
        Text(update.set_clauses[i].column);
        Space();
        Expression(*update.set_clauses[i].value);
        Close();
      }
      out_ += ')';
      if (!update.from.empty()) {
        Key("from");
        TableRefs(update.from);
      }
      MaybeExpr("where", update.where);
      if (!update.returning.empty()) {
        Key("returning");
        Targets(update.returning);
      }
      With(update.with);
      Close();
      return;
    }
    case StmtKind::kCreateIndex: {
      const auto& index = stmt.As<CreateIndexStmt>();
      Open(index.unique ? "create-unique-index " : "create-index ");
      Text(index.name.empty() ? "-" : index.name);
      Space();
      Table(*index.table);
      if (!index.access_method.empty()) Key("using"), Text(index.access_method);
      out_ += " (";
      for (std::size_t i = 0; i < index.elements.size(); ++i) {
        if (i > 0) Space();
        const IndexElem& elem = index.elements[i];
        if (elem.expr) {
          Expression(*elem.expr);
        } else {
          Text(elem.column);
        }
        if (elem.direction == SortDirection::kDescending) Text(" desc");
        if (elem.nulls == NullsOrder::kFirst) Text(" nulls-first");
        if (elem.nulls == NullsOrder::kLast) Text(" nulls-last");
      }
      out_ += ')';
      MaybeExpr("where", index.where);
      if (index.if_not_exists) Text(" if-not-exists");
      Close();
      return;
    }
    case StmtKind::kComment: {
      const auto& comment = stmt.As<CommentStmt>();
      static constexpr std::string_view kTypes[] = {"table", "index", "view", "sequence",
                                                    "schema", "column", "database", "role",
                                                    "constraint"};
      Open("comment ");
      Text(kTypes[static_cast<int>(comment.object_type)]);
      if (!comment.constraint_name.empty()) {
        Space();
        Text(comment.constraint_name);
      }
      Space();
      Names(comment.name);
      Space();
      if (comment.text) {
        Quoted(*comment.text);
      } else {
        Text("null");
      }
      Close();
      return;
    }
    case StmtKind::kCreateTableAs: {
      const auto& create = stmt.As<CreateTableAsStmt>();
      Open("create-table-as ");
      Table(*create.table);
      if (!create.columns.empty()) NameList(create.columns);
      Flag(create.if_not_exists, "if-not-exists");
      Flag(create.temporary, "temporary");
      OnCommit(create.on_commit);
      Flag(!create.with_data, "no-data");
      Space();
      Statement(*create.query);
      Close();
      return;
    }
    case StmtKind::kCreateView: {
      const auto& view = stmt.As<CreateViewStmt>();
      Open(view.or_replace ? "create-or-replace-view " : "create-view ");
      Table(*view.view);
      if (!view.columns.empty()) NameList(view.columns);
      Flag(view.temporary, "temporary");
      Space();
      Select(*view.query);
      Close();
      return;
    }
    case StmtKind::kDelete: {
      const auto& del = stmt.As<DeleteStmt>();
      Open("delete ");
      Table(*del.table);
      if (!del.using_tables.empty()) {
        Key("using");
        TableRefs(del.using_tables);
      }
      MaybeExpr("where", del.where);
      if (!del.returning.empty()) {
        Key("returning");
        Targets(del.returning);
      }
      With(del.with);
      Close();
      return;
    }
    case StmtKind::kCreateTable: {
      const auto& create = stmt.As<CreateTableStmt>();
      Open("create-table");
      Flag(create.temporary, "temporary");
      OnCommit(create.on_commit);
      Flag(create.if_not_exists, "if-not-exists");
      Space();
      Table(*create.table);
      for (const ColumnDef& column : create.columns) {
        Text(" (column ");
        Text(column.name);
        Space();
        Type(column.type);
        Constraints(column.constraints);
        Close();
      }
      Constraints(create.table_constraints);
      Close();
      return;
    }
    case StmtKind::kDrop: {
      const auto& drop = stmt.As<DropStmt>();
      static constexpr std::string_view kTypes[] = {"table", "index", "view", "sequence",
                                                    "schema", "column", "database", "role",
                                                    "constraint"};
      Open("drop ");
      Text(kTypes[static_cast<int>(drop.object_type)]);
      Flag(drop.if_exists, "if-exists");
      Flag(drop.cascade, "cascade");
      for (const auto& name : drop.names) {
        Space();
        Names(name);
      }
      Close();
      return;
    }
    case StmtKind::kTransaction: {
      const auto& txn = stmt.As<TransactionStmt>();
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
      return;
    }
    case StmtKind::kExplain: {
      const auto& explain = stmt.As<ExplainStmt>();
      Open("explain");
      Flag(explain.analyze, "analyze");
      Flag(explain.verbose, "verbose");
      Space();
      Statement(*explain.statement);
      Close();
      return;
    }
    case StmtKind::kPrepare: {
      const auto& prepare = stmt.As<PrepareStmt>();
      Open("prepare ");
      Text(prepare.name);
      for (const TypeName& type : prepare.parameter_types) {
        Space();
        Type(type);
      }
      Space();
      Statement(*prepare.statement);
      Close();
      return;
    }
    case StmtKind::kExecute: {
      const auto& execute = stmt.As<ExecuteStmt>();
      Open("execute ");
      Text(execute.name);
      if (!execute.arguments.empty()) {
        Space();
        ExprList(execute.arguments);
      }
      Close();
      return;
    }
    case StmtKind::kDeallocate: {
      const auto& deallocate = stmt.As<DeallocateStmt>();
      Open("deallocate");
      Space();
      Text(deallocate.all ? "all" : deallocate.name);
      Close();
      return;
    }
    case StmtKind::kVariableSet: {
      const auto& set = stmt.As<VariableSetStmt>();
      Open(set.reset ? "reset " : "set ");
      Text(set.name);
      Flag(set.local, "local");
      for (const std::string& value : set.values) {
        Space();
        Quoted(value);
      }
      Close();
      return;
    }
    case StmtKind::kVariableShow:
      Open("show ");
      Text(stmt.As<VariableShowStmt>().name);
      Close();
      return;
    case StmtKind::kCreateRole: {
      const auto& create = stmt.As<CreateRoleStmt>();
      Open(create.is_user ? "create-user " : "create-role ");
      Text(create.name);
      RoleOptions(create.options);
      Close();
      return;
    }
    case StmtKind::kAlterRole: {
      const auto& alter = stmt.As<AlterRoleStmt>();
      Open("alter-role ");
      Text(alter.name);
      RoleOptions(alter.options);
      Close();
      return;
    }
    case StmtKind::kDropRole: {
      const auto& drop = stmt.As<DropRoleStmt>();
      Open("drop-role");
      Flag(drop.if_exists, "if-exists");
      for (const std::string& name : drop.names) {
        Space();
        Text(name);
      }
      Close();
      return;
    }
    case StmtKind::kCreateSchema: {
      const auto& create = stmt.As<CreateSchemaStmt>();
      Open("create-schema");
      Flag(create.if_not_exists, "if-not-exists");
      if (!create.name.empty()) {
        Space();
        Text(create.name);
      }
      if (!create.authorization.empty()) {
        Key("authorization");
        Text(create.authorization);
      }
      Close();
      return;
    }
    case StmtKind::kRenameSchema: {
      const auto& rename = stmt.As<RenameSchemaStmt>();
      Open("rename-schema ");
      Text(rename.name);
      Space();
      Text(rename.new_name);
      Close();
      return;
    }
    case StmtKind::kDeclareCursor: {
      const auto& declare = stmt.As<DeclareCursorStmt>();
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
      return;
    }
    case StmtKind::kFetch: {
      const auto& fetch = stmt.As<FetchStmt>();
      Open(fetch.move ? "move " : "fetch ");
      static constexpr const char* kDirections[] = {"forward", "backward", "absolute", "relative"};
      Text(kDirections[static_cast<int>(fetch.direction)]);
      Space();
      Text(fetch.count == FetchStmt::kAll ? "all" : std::to_string(fetch.count));
      Space();
      Text(fetch.name);
      Close();
      return;
    }
    case StmtKind::kClosePortal: {
      const auto& close = stmt.As<ClosePortalStmt>();
      Open("close");
      Space();
      Text(close.all ? "all" : close.name);
      Close();
      return;
    }
    case StmtKind::kCheckpoint:
      Open("checkpoint");
      Close();
      return;
    case StmtKind::kSetConstraints: {
      const auto& set = stmt.As<SetConstraintsStmt>();
      Open(set.deferred ? "set-constraints-deferred" : "set-constraints-immediate");
      for (const std::vector<std::string>& name : set.names) {
        Space();
        Names(name);
      }
      Close();
      return;
    }
    case StmtKind::kCopy: {
      const auto& copy = stmt.As<CopyStmt>();
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
      return;
    }
    case StmtKind::kLock: {
      static constexpr std::string_view kModes[] = {
          "", "access-share", "row-share", "row-exclusive", "share-update-exclusive", "share",
          "share-row-exclusive", "exclusive", "access-exclusive"};
      const auto& lock = stmt.As<LockStmt>();
      Open("lock");
      Space();
      Text(kModes[lock.mode]);
      Flag(lock.nowait, "nowait");
      for (const auto& table : lock.tables) {
        Space();
        Table(*table);
      }
      Close();
      return;
    }
    case StmtKind::kTruncate: {
      const auto& truncate = stmt.As<TruncateStmt>();
      Open("truncate");
      Flag(truncate.restart_identity, "restart-identity");
      Flag(truncate.cascade, "cascade");
      for (const auto& table : truncate.tables) {
        Space();
        Table(*table);
      }
      Close();
      return;
    }
    case StmtKind::kAlterTable: {
      static constexpr std::string_view kKinds[] = {
          "add-column", "drop-column", "set-default", "set-not-null", "drop-not-null",
          "alter-type", "add-constraint", "drop-constraint", "validate-constraint", "set-options", "reset-options",
          "rename-table", "rename-column", "rename-constraint", "alter-identity",
          "add-identity", "drop-identity"};
      const auto& alter = stmt.As<AlterTableStmt>();
      Open("alter-table");
      Flag(alter.missing_ok, "if-exists");
      Space();
      Table(*alter.table);
      for (const AlterTableCmd& command : alter.commands) {
        Text(" (");
        Text(kKinds[static_cast<int>(command.kind)]);
        if (!command.name.empty()) {
          Space();
          Text(command.name);
        }
        if (!command.new_name.empty()) {
          Key("to");
          Text(command.new_name);
        }
        Flag(command.missing_ok, "missing-ok");
        Flag(command.cascade, "cascade");
        if (command.column != nullptr) {
          Space();
          Type(command.column->type);
          Constraints(command.column->constraints);
        }
        if (command.kind == AlterTableCmdKind::kAddConstraint ||
            command.kind == AlterTableCmdKind::kAddIdentity) {
          Space();
          OneConstraint(command.constraint);
        }
        if (command.kind == AlterTableCmdKind::kAlterType) {
          Space();
          Type(command.type);
        }
        MaybeExpr("expr", command.expr);
        SequenceOptions(command.sequence_options);
        for (const RelOption& option : command.options) {
          Key(option.name);
          if (option.has_value) Quoted(option.value);
        }
        Close();
      }
      Close();
      return;
    }
    case StmtKind::kCreateSequence: {
      const auto& create = stmt.As<CreateSequenceStmt>();
      Open("create-sequence ");
      Table(*create.sequence);
      Flag(create.if_not_exists, "if-not-exists");
      Flag(create.temporary, "temporary");
      SequenceOptions(create.options);
      Close();
      return;
    }
    case StmtKind::kAlterSequence: {
      const auto& alter = stmt.As<AlterSequenceStmt>();
      Open("alter-sequence ");
      Table(*alter.sequence);
      Flag(alter.missing_ok, "if-exists");
      SequenceOptions(alter.options);
      Close();
      return;
    }
    case StmtKind::kVacuum: {
      const auto& vacuum = stmt.As<VacuumStmt>();
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
      return;
    }
  }
}

void Dumper::SequenceOptions(const std::vector<SequenceOption>& options) {
  for (const SequenceOption& option : options) {
    Key(option.name);
    if (option.name == "as") {
      Text(option.type.names.back());
    } else if (option.name == "cycle" || option.name == "generated") {
      Text(option.flag ? "true" : "false");
    } else if (!option.names.empty()) {
      Names(option.names);
    } else {
      Text(option.has_value ? option.value : "none");
    }
  }
}

void Dumper::RoleOptions(const std::vector<RoleOption>& options) {
  for (const RoleOption& option : options) {
    Key(option.name);
    if (option.name == "password") {
      if (option.password) {
        Quoted(*option.password);
      } else {
        Text("null");
      }
    } else {
      Text(option.value ? "true" : "false");
    }
  }
}

void Dumper::Constant(const ConstantExpr& constant) {
  switch (constant.constant_kind) {
    case ConstantKind::kInteger:
    case ConstantKind::kDecimal:
      Text(constant.text);
      return;
    case ConstantKind::kString:
      Quoted(constant.text);
      return;
    case ConstantKind::kBool:
      Text(constant.bool_value ? "true" : "false");
      return;
    case ConstantKind::kNull:
      Text("null");
      return;
  }
}

void Dumper::Function(const FuncCallExpr& call) {
  Open("call ");
  Names(call.name);
  Flag(call.distinct, "distinct");
  if (call.star) Text(" *");
  for (const ExprPtr& arg : call.args) {
    Space();
    Expression(*arg);
  }
  if (!call.order_by.empty()) {
    Key("order-by");
    Sorts(call.order_by);
  }
  if (!call.within_group.empty()) {
    Key("within-group");
    Sorts(call.within_group);
  }
  MaybeExpr("filter", call.filter);
  if (call.over) {
    Key("over");
    Window(*call.over);
  }
  Close();
}

void Dumper::Window(const WindowDef& window) {
  Open("window");
  if (!window.name.empty()) {
    Key("name");
    Text(window.name);
  }
  if (!window.existing.empty()) {
    Key("existing");
    Text(window.existing);
  }
  for (const ExprPtr& key : window.partition_by) {
    Space();
    Expression(*key);
  }
  if (!window.order_by.empty()) {
    Key("order-by");
    Sorts(window.order_by);
  }
  if (window.frame_mode != FrameMode::kDefault) {
    static const char* kModes[] = {"", "rows", "range", "groups"};
    static const char* kBounds[] = {"unbounded-preceding", "preceding", "current-row", "following",
                                    "unbounded-following"};
    Key("frame");
    Text(kModes[static_cast<int>(window.frame_mode)]);
    for (const FrameBound* bound : {&window.frame_start, &window.frame_end}) {
      Space();
      Text(kBounds[static_cast<int>(bound->kind)]);
      if (bound->offset) {
        Space();
        Expression(*bound->offset);
      }
    }
  }
  Close();
}

void Dumper::Subquery(const SubqueryExpr& subquery) {
  switch (subquery.subquery_kind) {
    case SubqueryKind::kScalar:
      Open("subquery ");
      break;
    case SubqueryKind::kExists:
      Open("exists ");
      break;
    case SubqueryKind::kIn:
      Open("in-subquery ");
      break;
    case SubqueryKind::kAny:
      Open("any ");
      break;
    case SubqueryKind::kAll:
      Open("all ");
      break;
  }
  if (subquery.subquery_kind == SubqueryKind::kAny ||
      subquery.subquery_kind == SubqueryKind::kAll) {
    Text(subquery.operator_name);
    Space();
  }
  if (subquery.test_expr != nullptr) {
    Expression(*subquery.test_expr);
    Space();
  }
  Select(*subquery.select);
  Close();
}

void Dumper::Expression(const Expr& expr) {
  switch (expr.kind) {
    case ExprKind::kConstant:
      Constant(expr.As<ConstantExpr>());
      return;
    case ExprKind::kColumnRef:
      Names(expr.As<ColumnRefExpr>().names);
      return;
    case ExprKind::kStar: {
      const auto& star = expr.As<StarExpr>();
      if (!star.qualifier.empty()) {
        Names(star.qualifier);
        Text(".");
      }
      Text("*");
      return;
    }
    case ExprKind::kParamRef:
      Text("$" + std::to_string(expr.As<ParamRefExpr>().number));
      return;
    case ExprKind::kOperator: {
      const auto& op = expr.As<OperatorExpr>();
      Open(op.name);
      if (op.left != nullptr) {
        Space();
        Expression(*op.left);
      }
      Space();
      Expression(*op.right);
      Close();
      return;
    }
    case ExprKind::kBool: {
      const auto& bool_expr = expr.As<BoolExpr>();
      static constexpr std::string_view kOps[] = {"and", "or", "not"};
      Open(kOps[static_cast<int>(bool_expr.op)]);
      for (const ExprPtr& arg : bool_expr.args) {
        Space();
        Expression(*arg);
      }
      Close();
      return;
    }
    case ExprKind::kNullTest: {
      const auto& test = expr.As<NullTestExpr>();
      Open(test.is_not ? "notnull " : "isnull ");
      Expression(*test.arg);
      Close();
      return;
    }
    case ExprKind::kBooleanTest: {
      const auto& test = expr.As<BooleanTestExpr>();
      static constexpr std::string_view kTests[] = {"true", "false", "unknown"};
      Open(test.is_not ? "is-not-" : "is-");
      Text(kTests[static_cast<int>(test.test)]);
      Space();
      Expression(*test.arg);
      Close();
      return;
    }
    case ExprKind::kFuncCall:
      Function(expr.As<FuncCallExpr>());
      return;
    case ExprKind::kTypeCast: {
      const auto& cast = expr.As<TypeCastExpr>();
      Open("cast ");
      Expression(*cast.arg);
      Space();
      Type(cast.type);
      Close();
      return;
    }
    case ExprKind::kCollate: {
      const auto& collate = expr.As<CollateExpr>();
      Open("collate ");
      Expression(*collate.arg);
      std::string name;
      for (const std::string& part : collate.collation) name += (name.empty() ? "" : ".") + part;
      out_ += " " + name;
      Close();
      return;
    }
    case ExprKind::kInList: {
      const auto& in = expr.As<InListExpr>();
      Open(in.negated ? "not-in " : "in ");
      Expression(*in.arg);
      Space();
      ExprList(in.list);
      Close();
      return;
    }
    case ExprKind::kBetween: {
      const auto& between = expr.As<BetweenExpr>();
      Open(between.negated ? "not-between" : "between");
      if (between.symmetric) Text("-symmetric");
      Space();
      Expression(*between.arg);
      Space();
      Expression(*between.low);
      Space();
      Expression(*between.high);
      Close();
      return;
    }
    case ExprKind::kLike: {
      const auto& like = expr.As<LikeExpr>();
      Open(like.negated ? "not-" : "");
      Text(like.case_insensitive ? "ilike " : "like ");
      Expression(*like.arg);
      Space();
      Expression(*like.pattern);
      MaybeExpr("escape", like.escape);
      Close();
      return;
    }
    case ExprKind::kCase: {
      const auto& case_expr = expr.As<CaseExpr>();
      Open("case");
      if (case_expr.arg != nullptr) {
        Space();
        Expression(*case_expr.arg);
      }
      for (const CaseWhen& when : case_expr.whens) {
        Text(" (when ");
        Expression(*when.condition);
        Space();
        Expression(*when.result);
        Close();
      }
      if (case_expr.else_result != nullptr) {
        Text(" (else ");
        Expression(*case_expr.else_result);
        Close();
      }
      Close();
      return;
    }
    case ExprKind::kSubquery:
      Subquery(expr.As<SubqueryExpr>());
      return;
    case ExprKind::kDefault:
      Text("default");
      return;
    case ExprKind::kGroupingSet: {
      const auto& set = expr.As<GroupingSetExpr>();
      static constexpr std::string_view kKinds[] = {"empty-set", "list", "rollup", "cube",
                                                    "grouping-sets"};
      Open(kKinds[static_cast<int>(set.set_kind)]);
      for (const ExprPtr& item : set.content) {
        Space();
        Expression(*item);
      }
      Close();
      return;
    }
    case ExprKind::kArray: {
      const auto& array = expr.As<ArrayExpr>();
      if (array.select) {
        Open("array-subquery ");
        Select(*array.select);
        Close();
        return;
      }
      Open(array.nested ? "row" : "array");
      for (const ExprPtr& element : array.elements) {
        Space();
        Expression(*element);
      }
      Close();
      return;
    }
    case ExprKind::kSubscript: {
      const auto& subscript = expr.As<SubscriptExpr>();
      Open("subscript ");
      Expression(*subscript.base);
      for (const Subscript& step : subscript.subscripts) {
        Text(step.slice ? " (slice " : " (index ");
        if (step.lower) Expression(*step.lower); else Text("-");
        if (step.slice) {
          Space();
          if (step.upper) Expression(*step.upper); else Text("-");
        }
        Close();
      }
      Close();
      return;
    }
    case ExprKind::kRow: {
      const auto& row = expr.As<RowExpr>();
      Open(row.explicit_row ? "row" : "implicit-row");
      for (const ExprPtr& arg : row.args) {
        Space();
        Expression(*arg);
      }
      Close();
      return;
    }
    case ExprKind::kFieldSelect: {
      const auto& select = expr.As<FieldSelectExpr>();
      Open("field ");
      Expression(*select.arg);
      Space();
      if (select.star) Text("*"); else Quoted(select.field);
      Close();
      return;
    }
    case ExprKind::kArrayComparison: {
      const auto& comparison = expr.As<ArrayComparisonExpr>();
      Open(comparison.all ? "all " : "any ");
      Quoted(comparison.operator_name);
      Space();
      Expression(*comparison.left);
      Space();
      Expression(*comparison.array);
      Close();
      return;
    }
  }
}

void Dumper::Type(const TypeName& type) {
  Names(type.names);
  if (!type.modifiers.empty()) {
    out_ += '(';
    for (std::size_t i = 0; i < type.modifiers.size(); ++i) {
      if (i > 0) out_ += ',';
      out_ += std::to_string(type.modifiers[i]);
    }
    out_ += ')';
  }
  for (int i = 0; i < type.array_bounds; ++i) out_ += "[]";
}

}  // namespace

std::string DumpStatement(const Stmt& stmt) {
  Dumper dumper;
  dumper.Statement(stmt);
  return dumper.Take();
}

std::string DumpExpr(const Expr& expr) {
  Dumper dumper;
  dumper.Expression(expr);
  return dumper.Take();
}

std::string DumpTypeName(const TypeName& type) {
  Dumper dumper;
  dumper.Type(type);
  return dumper.Take();
}

}  // namespace granary::parser
