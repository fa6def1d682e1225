// S-expression rendering of INSERT, UPDATE and DELETE (see ast_dump.hpp).
#include "parser/ast_dumper.hpp"

#include <string_view>

namespace granary::parser::dump {

void Dumper::Insert(const InsertStmt& insert) {
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
}

void Dumper::Update(const UpdateStmt& update) {
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
  if (!update.current_of.empty()) {
    Key("current_of");
    Text(update.current_of);
  }
  if (!update.returning.empty()) {
    Key("returning");
    Targets(update.returning);
  }
  With(update.with);
  Close();
}

void Dumper::Delete(const DeleteStmt& del) {
  Open("delete ");
  Table(*del.table);
  if (!del.using_tables.empty()) {
    Key("using");
    TableRefs(del.using_tables);
  }
  MaybeExpr("where", del.where);
  if (!del.current_of.empty()) {
    Key("current_of");
    Text(del.current_of);
  }
  if (!del.returning.empty()) {
    Key("returning");
    Targets(del.returning);
  }
  With(del.with);
  Close();
}

}  // namespace granary::parser::dump
