// S-expression rendering of the statements that define catalog objects (see ast_dump.hpp).
#include "parser/ast_dumper.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace granary::parser::dump {
namespace {

// DROP's and COMMENT ON's object type, indexed by ObjectType.
std::string_view ObjectTypeName(ObjectType type) {
  static constexpr std::string_view kNames[] = {
      "table", "index", "view", "sequence", "schema", "column",
      "database", "role", "constraint", "collation", "function", "type", "materialized-view"};
  return kNames[static_cast<int>(type)];
}

}  // namespace

void Dumper::CreateTable(const CreateTableStmt& create) {
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
  for (const TableLikeClause& like : create.like_clauses) {
    Text(" (like ");
    Table(*like.relation);
    Key("at");
    Text(std::to_string(like.position));
    Key("options");
    Text(std::to_string(like.options));
    Close();
  }
  Constraints(create.table_constraints);
  Close();
}

void Dumper::CreateTableAs(const CreateTableAsStmt& create) {
  Open(create.materialized ? "create-materialized-view " : "create-table-as ");
  Table(*create.table);
  if (!create.columns.empty()) NameList(create.columns);
  Flag(create.if_not_exists, "if-not-exists");
  Flag(create.temporary, "temporary");
  OnCommit(create.on_commit);
  Flag(!create.with_data, "no-data");
  Space();
  Statement(*create.query);
  Close();
}

void Dumper::CreateIndex(const CreateIndexStmt& index) {
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
  if (!index.including.empty()) {
    Key("include");
    for (const IndexElem& elem : index.including) {
      Space();
      Text(elem.column);
    }
  }
  MaybeExpr("where", index.where);
  if (index.if_not_exists) Text(" if-not-exists");
  Close();
}

void Dumper::CreateView(const CreateViewStmt& view) {
  Open(view.or_replace ? "create-or-replace-view " : "create-view ");
  Table(*view.view);
  if (!view.columns.empty()) NameList(view.columns);
  Flag(view.temporary, "temporary");
  Space();
  Select(*view.query);
  Close();
}

void Dumper::Drop(const DropStmt& drop) {
  Open("drop ");
  Text(ObjectTypeName(drop.object_type));
  Flag(drop.if_exists, "if-exists");
  Flag(drop.cascade, "cascade");
  for (const auto& name : drop.names) {
    Space();
    Names(name);
  }
  Close();
}

void Dumper::Comment(const CommentStmt& comment) {
  Open("comment ");
  Text(ObjectTypeName(comment.object_type));
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
}

void Dumper::AlterTable(const AlterTableStmt& alter) {
  static constexpr std::string_view kKinds[] = {
      "add-column", "drop-column", "set-default", "set-not-null", "drop-not-null",
      "alter-type", "add-constraint", "drop-constraint", "validate-constraint", "set-options", "reset-options",
      "rename-table", "rename-column", "rename-constraint", "alter-identity",
      "add-identity", "drop-identity", "cluster-on", "set-without-cluster", "drop-expression"};
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
}

void Dumper::CreateSequence(const CreateSequenceStmt& create) {
  Open("create-sequence ");
  Table(*create.sequence);
  Flag(create.if_not_exists, "if-not-exists");
  Flag(create.temporary, "temporary");
  SequenceOptions(create.options);
  Close();
}

void Dumper::AlterSequence(const AlterSequenceStmt& alter) {
  Open("alter-sequence ");
  Table(*alter.sequence);
  Flag(alter.missing_ok, "if-exists");
  SequenceOptions(alter.options);
  Close();
}

void Dumper::CreateSchema(const CreateSchemaStmt& create) {
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
}

void Dumper::RenameSchema(const RenameSchemaStmt& rename) {
  Open("rename-schema ");
  Text(rename.name);
  Space();
  Text(rename.new_name);
  Close();
}

void Dumper::CreateRole(const CreateRoleStmt& create) {
  Open(create.is_user ? "create-user " : "create-role ");
  Text(create.name);
  RoleOptions(create.options);
  Close();
}

void Dumper::AlterRole(const AlterRoleStmt& alter) {
  Open("alter-role ");
  Text(alter.name);
  RoleOptions(alter.options);
  Close();
}

void Dumper::DropRole(const DropRoleStmt& drop) {
  Open("drop-role");
  Flag(drop.if_exists, "if-exists");
  for (const std::string& name : drop.names) {
    Space();
    Text(name);
  }
  Close();
}

void Dumper::OneConstraint(const Constraint& constraint) {
  static constexpr std::string_view kKinds[] = {"null",        "not-null", "default", "primary-key",
                                                "unique",      "check",    "foreign-key",
                                                "identity",    "attribute", "collate",
                                                "generated"};
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
  if (!constraint.including.empty()) {
    Key("include");
    NameList(constraint.including);
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

}  // namespace granary::parser::dump
