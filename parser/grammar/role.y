/*
 * parser/grammar/role.y -- CREATE ROLE / CREATE USER, ALTER ROLE / ALTER USER, DROP ROLE /
 * DROP USER, ported from PostgreSQL's gram.y. Role attributes written as words (SUPERUSER,
 * NOLOGIN, ...) are IDENT tokens there too and are recognised by MakeRoleIdentOption.
 */
%type <granary::parser::StmtPtr> CreateRoleStmt CreateUserStmt AlterRoleStmt DropRoleStmt
%type <std::vector<RoleOption>> OptRoleList AlterOptRoleList
%type <RoleOption> CreateOptRoleElem AlterOptRoleElem
%type <std::string> RoleId RoleSpec
%type <std::vector<std::string>> role_list

%%

CreateRoleStmt:
    CREATE ROLE RoleId opt_with OptRoleList
                                    { $$ = MakeCreateRole($3, @3.begin, $5, false); }
  ;

CreateUserStmt:
    CREATE USER RoleId opt_with OptRoleList
                                    { $$ = MakeCreateRole($3, @3.begin, $5, true); }
  ;

AlterRoleStmt:
    ALTER ROLE RoleSpec opt_with AlterOptRoleList
                                    { $$ = MakeAlterRole($3, @3.begin, $5); }
  | ALTER USER RoleSpec opt_with AlterOptRoleList
                                    { $$ = MakeAlterRole($3, @3.begin, $5); }
  ;

DropRoleStmt:
    DROP ROLE role_list             { $$ = MakeDropRole($3, false); }
  | DROP ROLE IF_P EXISTS role_list { $$ = MakeDropRole($5, true); }
  | DROP USER role_list             { $$ = MakeDropRole($3, false); }
  | DROP USER IF_P EXISTS role_list { $$ = MakeDropRole($5, true); }
  ;

opt_with:
    WITH
  | WITH_LA
  | %empty
  ;

OptRoleList:
    OptRoleList CreateOptRoleElem   { $$ = $1; $$.push_back($2); }
  | %empty                          { $$ = std::vector<RoleOption>{}; }
  ;

AlterOptRoleList:
    AlterOptRoleList AlterOptRoleElem
                                    { $$ = $1; $$.push_back($2); }
  | %empty                          { $$ = std::vector<RoleOption>{}; }
  ;

AlterOptRoleElem:
    PASSWORD Sconst                 { $$ = MakePasswordOption($2, @1.begin); }
  | PASSWORD NULL_P                 { $$ = MakePasswordOption(std::nullopt, @1.begin); }
  | ENCRYPTED PASSWORD Sconst       { $$ = MakePasswordOption($3, @1.begin); }
  | UNENCRYPTED PASSWORD Sconst     { $$ = RejectUnencryptedPassword(ctx, @1.begin); }
  | INHERIT                         { $$ = MakeRoleOption("inherit", @1.begin); }
  | CONNECTION LIMIT SignedIconst   { $$ = MakeRoleOption("connectionlimit", @1.begin); }
  | VALID UNTIL Sconst              { $$ = MakeRoleOption("validUntil", @1.begin); }
  | USER role_list                  { $$ = MakeRoleOption("rolemembers", @1.begin); }
  | IDENT                           { $$ = MakeRoleIdentOption(ctx, $1, @1.begin); }
  ;

CreateOptRoleElem:
    AlterOptRoleElem                { $$ = $1; }
  | SYSID Iconst                    { $$ = MakeRoleOption("sysid", @1.begin); }
  | ADMIN role_list                 { $$ = MakeRoleOption("adminmembers", @1.begin); }
  | ROLE role_list                  { $$ = MakeRoleOption("rolemembers", @1.begin); }
  | IN_P ROLE role_list             { $$ = MakeRoleOption("addroleto", @1.begin); }
  | IN_P GROUP_P role_list          { $$ = MakeRoleOption("addroleto", @1.begin); }
  ;

/* A name for a new role; CURRENT_USER and friends are not supported yet. */
RoleId:
    RoleSpec                        { $$ = CheckRoleName(ctx, $1, @1.begin); }
  ;

RoleSpec:
    NonReservedWord                 { $$ = $1; }
  ;

role_list:
    RoleSpec                        { $$.push_back($1); }
  | role_list ',' RoleSpec          { $$ = $1; $$.push_back($3); }
  ;
