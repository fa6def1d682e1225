"""The generator's grammar: random schemas, data and queries, all from one random.Random.

Everything Granary is asked here must be SQL it supports today (docs/status.md). To cover a new
construct, add a production below and a name for it in FEATURES; `--without NAME` (and
CI_EXCLUDED for the ctest run) turns a production off.

Values are kept where every answer is determined by the SQL alone, never by a plan:
- integers stay within +-1000 and `*` only multiplies two leaves, so nothing overflows;
  `/` and `%` only divide by non-zero literals;
- scalar subqueries are aggregates (exactly one row); LIMIT/OFFSET come only with an ORDER BY
  over every output column;
- numeric columns hold values of one scale (numeric(8,2)).
"""

# Productions that can be switched off, e.g. while a Granary bug in them is open.
FEATURES = (
    "inner_join", "left_join", "right_join", "full_join", "cross_join", "using_join",
    "derived_table", "scalar_subquery", "in_subquery", "not_in_subquery", "exists",
    "any_all", "group_by", "having", "aggregate", "count_distinct", "distinct", "setop",
    "case", "coalesce", "nullif", "order_limit", "arithmetic", "division", "date_arith",
    "text_functions", "between", "in_list", "is_distinct", "greatest_least", "casts", "like",
    "is_true", "nested_setop", "boundaries", "using_column", "nested_subquery", "subquery_in_on",
    "ungrouped_column", "setop_branch_limit",
)

# Constructs the ctest run leaves out, each naming the open Granary bug it would report.
CI_EXCLUDED: dict[str, str] = {}

COLUMN_TYPES = {  # SQL type -> value class
    "int": "number", "bigint": "number", "numeric(8,2)": "number", "text": "text",
    "boolean": "bool", "date": "date",
}
COLUMN_NAMES = ("a", "b", "c", "d", "e", "f")
TEXTS = ("", "a", "A", "ab", "b", "abc", "B", "zz", " a", "a ")
COMPARISONS = ("=", "<>", "<", "<=", ">", ">=")
# Constants at and beyond the edges of int and bigint, and between integers; only compared with,
# never computed with (arithmetic on them could overflow depending on the plan).
BOUNDARIES = ("2147483647", "2147483648", "(-2147483648)", "(-2147483649)", "9223372036854775807",
              "9223372036854775808", "(-9223372036854775809)", "0.5", "(-0.5)", "2.005", "99.995",
              "1e3", "2.50", "(-1.0)")


class Column:
    def __init__(self, name, sql_type, not_null):
        self.name, self.sql_type, self.not_null = name, sql_type, not_null
        self.cls = COLUMN_TYPES[sql_type]


class Table:
    def __init__(self, name, columns, primary_key, indexes):
        self.name, self.columns = name, columns
        self.primary_key, self.indexes = primary_key, indexes
        self.rows = []

    def create_sql(self):
        parts = []
        for column in self.columns:
            text = "%s %s" % (column.name, column.sql_type)
            if column.not_null:
                text += " NOT NULL"
            parts.append(text)
        if self.primary_key:
            parts.append("PRIMARY KEY (%s)" % self.primary_key)
        return "CREATE TABLE %s (%s)" % (self.name, ", ".join(parts))

    def setup_sql(self, rows=None):
        rows = self.rows if rows is None else rows
        statements = [self.create_sql()]
        statements += ["CREATE INDEX %s_i%d ON %s (%s)" % (self.name, i, self.name, ", ".join(cols))
                       for i, cols in enumerate(self.indexes)]
        for start in range(0, len(rows), 25):
            chunk = rows[start:start + 25]
            statements.append("INSERT INTO %s VALUES %s" % (
                self.name, ", ".join("(%s)" % ", ".join(row) for row in chunk)))
        return statements


class Generator:
    def __init__(self, rng, excluded=()):
        self.rng = rng
        self.excluded = set(excluded)
        self.tables = []
        self.alias_counter = 0
        self.nesting = 0

    def on(self, feature, probability):
        return feature not in self.excluded and self.rng.random() < probability

    # ---- schema and data -------------------------------------------------------------------

    def schema(self):
        rng = self.rng
        for t in range(rng.randint(2, 4)):
            names = rng.sample(COLUMN_NAMES, rng.randint(2, 5))
            columns = [Column(n, rng.choice(list(COLUMN_TYPES)), rng.random() < 0.2) for n in names]
            keyable = [c for c in columns if c.cls in ("number", "text", "date")]
            primary_key = None
            if keyable and rng.random() < 0.3:
                key = rng.choice(keyable)
                key.not_null = True
                primary_key = key.name
            indexes = []
            for _ in range(rng.choice((0, 0, 1, 2))):
                indexes.append(rng.sample([c.name for c in columns], rng.randint(1, min(2, len(columns)))))
            table = Table("t%d" % t, columns, primary_key, indexes)
            self.fill(table)
            self.tables.append(table)
        return self.tables

    def fill(self, table):
        rng = self.rng
        count = rng.choice((0, 1, 5, 20, 40, 80, 150)) if rng.random() < 0.3 else rng.randint(10, 120)
        seen_keys = set()
        null_rate = rng.choice((0.1, 0.3, 0.5))
        for _ in range(count):
            row = []
            for column in table.columns:
                if not column.not_null and rng.random() < null_rate:
                    row.append("NULL")
                else:
                    row.append(self.literal(column.cls, column.sql_type, data=True))
            if table.primary_key:
                key = row[[c.name for c in table.columns].index(table.primary_key)]
                if key in seen_keys:
                    continue
                seen_keys.add(key)
            table.rows.append(row)

    def literal(self, cls, sql_type=None, data=False):
        rng = self.rng
        if cls == "number":
            if sql_type == "numeric(8,2)" or (sql_type is None and rng.random() < 0.3):
                value = "%.2f" % (rng.randint(-400, 400) / 4)
                return value if data or not value.startswith("-") else "(%s)" % value
            bound = rng.choice((3, 10, 1000))
            value = str(rng.randint(-bound, bound))
            return value if data or not value.startswith("-") else "(%s)" % value
        if cls == "text":
            return "'%s'" % rng.choice(TEXTS)
        if cls == "bool":
            return rng.choice(("true", "false"))
        return "DATE '2024-0%d-%02d'" % (rng.randint(1, 3), rng.randint(1, 28))

    # ---- expressions -----------------------------------------------------------------------
    # A scope is a list of (qualified name, class). Expressions are SQL text of a class.

    def column_of(self, scope, cls):
        matching = [name for name, c in scope if c == cls]
        return self.rng.choice(matching) if matching else None

    def leaf(self, scope, cls):
        column = self.column_of(scope, cls)
        if column and self.rng.random() < 0.8:
            return column
        return self.literal(cls) if self.rng.random() < 0.9 else "NULL::%s" % {
            "number": "int", "text": "text", "bool": "boolean", "date": "date"}[cls]

    def expr(self, scope, cls, depth=0):
        rng = self.rng
        if depth >= 2 or rng.random() < 0.5:
            return self.leaf(scope, cls)
        choice = rng.random()
        if cls == "bool":
            return self.pred(scope, depth + 1)
        if choice < 0.15 and self.on("case", 1):
            if rng.random() < 0.3:
                operand_cls = rng.choice(("number", "text"))
                whens = " ".join("WHEN %s THEN %s" % (self.literal(operand_cls), self.expr(scope, cls, depth + 1))
                                 for _ in range(rng.randint(1, 3)))
                return "CASE %s %s END" % (self.leaf(scope, operand_cls), whens)
            otherwise = " ELSE %s" % self.expr(scope, cls, depth + 1) if rng.random() < 0.8 else ""
            return "CASE WHEN %s THEN %s%s END" % (
                self.pred(scope, depth + 1), self.expr(scope, cls, depth + 1), otherwise)
        if choice < 0.3 and self.on("coalesce", 1):
            return "COALESCE(%s, %s)" % (self.expr(scope, cls, depth + 1), self.expr(scope, cls, depth + 1))
        if choice < 0.38 and self.on("nullif", 1):
            return "NULLIF(%s, %s)" % (self.expr(scope, cls, depth + 1), self.leaf(scope, cls))
        if choice < 0.45 and self.on("greatest_least", 1):
            return "%s(%s, %s)" % (rng.choice(("GREATEST", "LEAST")), self.expr(scope, cls, depth + 1),
                                   self.leaf(scope, cls))
        if choice < 0.5 and cls != "bool" and depth == 0 and self.on("scalar_subquery", 1):
            made = self.scalar_subquery(scope, cls)
            if made:
                return made
        if cls == "number" and self.on("arithmetic", 1):
            r = rng.random()
            if r < 0.3:
                return "(%s * %s)" % (self.leaf(scope, cls), self.leaf(scope, cls))
            if r < 0.45 and self.on("division", 1):
                return "(%s %s %s)" % (self.expr(scope, cls, depth + 1), rng.choice(("/", "%")),
                                       rng.choice(("1", "2", "3", "7", "(-4)", "0.25", "1.50", "3.0")))
            if r < 0.5 and self.on("casts", 1):
                return "CAST(%s AS %s)" % (self.expr(scope, cls, depth + 1),
                                           rng.choice(("int", "bigint", "numeric", "numeric(10,1)")))
            if r < 0.55 and self.on("date_arith", 1) and self.column_of(scope, "date"):
                return "(%s - %s)" % (self.leaf(scope, "date"), self.leaf(scope, "date"))
            if r < 0.6:
                return "(- %s)" % self.leaf(scope, cls)
            return "(%s %s %s)" % (self.expr(scope, cls, depth + 1), rng.choice("+-"),
                                   self.expr(scope, cls, depth + 1))
        if cls == "text" and self.on("casts", 0.15):
            source = rng.choice(("number", "date", "bool"))
            return "CAST(%s AS text)" % self.expr(scope, source, depth + 1)
        if cls == "text" and self.on("text_functions", 1):
            r = rng.random()
            if r < 0.5:
                return "(%s || %s)" % (self.expr(scope, cls, depth + 1), self.expr(scope, cls, depth + 1))
            return "%s(%s)" % (rng.choice(("upper", "lower")), self.expr(scope, cls, depth + 1))
        if cls == "date" and self.on("date_arith", 1):
            return "(%s + %d)" % (self.leaf(scope, cls), rng.randint(-40, 40))
        return self.leaf(scope, cls)

    def pred(self, scope, depth=0, subqueries=True):
        rng = self.rng
        classes = sorted({c for _, c in scope}) or ["number"]
        cls = rng.choice(classes)
        r = rng.random()
        if depth < 2 and r < 0.2:
            op = rng.choice(("AND", "OR"))
            return "(%s %s %s)" % (self.pred(scope, depth + 1, subqueries), op,
                                   self.pred(scope, depth + 1, subqueries))
        if depth < 2 and r < 0.25:
            return "(NOT %s)" % self.pred(scope, depth + 1, subqueries)
        if subqueries and depth < 2 and r < 0.4 and self.tables:
            made = self.subquery_pred(scope, cls)
            if made:
                return made
        if r < 0.5:
            return "(%s IS %sNULL)" % (self.expr(scope, cls, depth + 1), rng.choice(("", "NOT ")))
        if r < 0.55 and self.on("is_distinct", 1):
            return "(%s IS %sDISTINCT FROM %s)" % (self.expr(scope, cls, depth + 1), rng.choice(("", "NOT ")),
                                                   self.expr(scope, cls, depth + 1))
        if r < 0.6 and cls != "bool" and self.on("between", 1):
            return "(%s %sBETWEEN %s AND %s)" % (self.expr(scope, cls, depth + 1), rng.choice(("", "NOT ")),
                                                 self.literal(cls), self.literal(cls))
        if r < 0.67 and self.on("in_list", 1):
            items = [self.literal(cls) for _ in range(rng.randint(1, 4))]
            if rng.random() < 0.3:
                items.append("NULL")
            return "(%s %sIN (%s))" % (self.expr(scope, cls, depth + 1), rng.choice(("", "NOT ")),
                                       ", ".join(items))
        if r < 0.7 and cls == "text" and self.on("like", 1):
            return "(%s %s%s '%s')" % (self.expr(scope, cls, depth + 1), rng.choice(("", "NOT ")),
                                       rng.choice(("LIKE", "ILIKE")), rng.choice(("a%", "%b", "_", "%", "a_c", "")))
        if r < 0.72 and cls == "bool" and self.on("is_true", 1):
            return "(%s IS %s%s)" % (self.expr(scope, cls, depth + 1), rng.choice(("", "NOT ")),
                                     rng.choice(("TRUE", "FALSE", "UNKNOWN")))
        if cls == "bool" and r < 0.75:
            return self.leaf(scope, "bool")
        column = self.column_of(scope, cls)
        if column and r < 0.85 and self.on("boundaries", 1):
            # column op constant: what index scans take, with bounds outside the column's type.
            constant = rng.choice(BOUNDARIES) if cls == "number" and rng.random() < 0.5 else self.literal(cls)
            if rng.random() < 0.5:
                return "(%s %s %s)" % (column, rng.choice(COMPARISONS), constant)
            return "(%s %s %s)" % (constant, rng.choice(COMPARISONS), column)
        return "(%s %s %s)" % (self.expr(scope, cls, depth + 1), rng.choice(COMPARISONS),
                               self.expr(scope, cls, depth + 1))

    def inner_table(self, cls):
        """A table and alias for a subquery, with a column of class cls (or None)."""
        candidates = [t for t in self.tables if any(c.cls == cls for c in t.columns)]
        if not candidates:
            return None
        table = self.rng.choice(candidates)
        self.alias_counter += 1
        alias = "s%d" % self.alias_counter
        scope = [("%s.%s" % (alias, c.name), c.cls) for c in table.columns]
        column = self.rng.choice([name for name, c in scope if c == cls])
        return table, alias, scope, column

    def scalar_subquery(self, outer, cls):
        """An aggregate over another table, often correlated: always exactly one row."""
        inner = self.inner_table(cls)
        if not inner:
            return None
        table, alias, scope, column = inner
        where = []
        outer_column = self.column_of(outer, cls)
        if outer_column and self.rng.random() < 0.7:
            where.append("%s %s %s" % (column, self.rng.choice(("=", "<", ">=")), outer_column))
        if self.rng.random() < 0.3:
            where.append(self.pred(scope, 2, subqueries=False))
        functions = ("max", "min", "sum", "count") if cls == "number" else ("max", "min")
        return "(SELECT %s(%s) FROM %s %s%s)" % (
            self.rng.choice(functions), column, table.name, alias,
            " WHERE " + " AND ".join(where) if where else "")

    def subquery_pred(self, outer, cls):
        rng = self.rng
        inner = self.inner_table(cls)
        if not inner:
            return None
        table, alias, scope, column = inner
        correlated = rng.random() < 0.5
        where = []
        if correlated and outer:
            outer_column = self.column_of(outer, cls)
            if outer_column:
                where.append("%s %s %s" % (column, rng.choice(("=", "=", "<", "<>")), outer_column))
        if rng.random() < 0.4:
            where.append(self.pred(scope, 2, subqueries=False))
        if self.nesting < 2 and self.on("nested_subquery", 0.2):
            # A subquery inside this one that may refer to both levels above it.
            self.nesting += 1
            made = self.subquery_pred(scope + outer, rng.choice(sorted({c for _, c in scope})))
            self.nesting -= 1
            if made:
                where.append(made)
        where_sql = " WHERE " + " AND ".join(where) if where else ""
        source = "%s %s" % (table.name, alias)
        r = rng.random()
        if r < 0.3 and self.on("exists", 1):
            return "(%sEXISTS (SELECT 1 FROM %s%s))" % (rng.choice(("", "NOT ")), source, where_sql)
        if r < 0.5 and self.on("in_subquery", 1):
            return "(%s IN (SELECT %s FROM %s%s))" % (self.expr(outer, cls, 2), column, source, where_sql)
        if r < 0.65 and self.on("not_in_subquery", 1):
            return "(%s NOT IN (SELECT %s FROM %s%s))" % (self.expr(outer, cls, 2), column, source, where_sql)
        if r < 0.8 and cls != "bool" and self.on("any_all", 1):
            return "(%s %s %s (SELECT %s FROM %s%s))" % (
                self.expr(outer, cls, 2), rng.choice(COMPARISONS), rng.choice(("ANY", "ALL")), column,
                source, where_sql)
        if cls != "bool" and self.on("scalar_subquery", 1):
            aggregate = rng.choice(("max", "min")) if cls != "number" else rng.choice(("max", "min", "sum", "count"))
            return "(%s %s (SELECT %s(%s) FROM %s%s))" % (
                self.expr(outer, cls, 2), rng.choice(COMPARISONS), aggregate, column, source, where_sql)
        return None

    # ---- FROM ------------------------------------------------------------------------------

    def table_ref(self):
        table = self.rng.choice(self.tables)
        self.alias_counter += 1
        alias = "x%d" % self.alias_counter
        if self.on("derived_table", 0.12):
            scope = [("%s.%s" % (alias, c.name), c.cls) for c in table.columns]
            inner = [(c.name, c.cls) for c in table.columns]
            where = " WHERE %s" % self.pred(inner, 1, subqueries=False) if self.rng.random() < 0.6 else ""
            distinct = "DISTINCT " if self.on("distinct", 0.3) else ""
            names = ", ".join(c.name for c in table.columns)
            tail = ""
            if self.on("aggregate", 0.3):
                # One group per value of the first column; the others become aggregates of a class
                # they keep (count keeps numbers, min/max keep every comparable class).
                first = table.columns[0]
                items = [first.name]
                for c in table.columns[1:]:
                    function = self.rng.choice(("min", "max", "count") if c.cls == "number" else ("min", "max"))
                    argument = c.name if c.cls != "bool" else "%s::int" % c.name
                    item = "%s(%s)" % (function, argument) if c.cls != "bool" else "max(%s) = 1" % argument
                    items.append("%s AS %s" % (item, c.name))
                names = ", ".join(items)
                tail = " GROUP BY %s" % first.name
            elif self.on("order_limit", 0.2):
                tail = " ORDER BY %s LIMIT %d" % (
                    ", ".join("%d%s" % (i + 1, self.rng.choice(("", " DESC NULLS LAST"))) for i in range(len(table.columns))),
                    self.rng.choice((1, 5, 20)))
            return "(SELECT %s%s FROM %s%s%s) %s" % (distinct, names, table.name, where, tail, alias), scope, table
        scope = [("%s.%s" % (alias, c.name), c.cls) for c in table.columns]
        return "%s %s" % (table.name, alias), scope, table

    def from_clause(self):
        rng = self.rng
        sql, scope, table = self.table_ref()
        columns_by_name = {c.name: c.cls for c in table.columns}
        joins = rng.choice((0, 1, 1, 1, 2, 2)) if len(self.tables) > 1 else rng.choice((0, 1))
        for _ in range(joins):
            right_sql, right_scope, right_table = self.table_ref()
            kinds = [k for k in ("inner", "left", "right", "full", "cross", "using") if k + "_join" not in self.excluded]
            if not kinds:
                break
            kind = rng.choice(kinds)
            if kind == "cross" and (len(scope) > 12 or joins > 1):
                kind = "inner" if "inner_join" not in self.excluded else kinds[0]
            if kind == "cross":
                sql += " CROSS JOIN " + right_sql
            elif kind == "using":
                common = [c.name for c in right_table.columns if columns_by_name.get(c.name) == c.cls]
                if not common:
                    sql += " JOIN %s ON %s" % (right_sql, self.join_condition(scope, right_scope, False))
                else:
                    side = rng.choice(("", "LEFT ", "RIGHT ", "FULL "))
                    merged = rng.choice(common)
                    sql += " %sJOIN %s USING (%s)" % (side, right_sql, merged)
                    if self.on("using_column", 0.7):
                        # The merged column, unqualified (COALESCE of both sides in a FULL JOIN).
                        scope = scope + [(merged, columns_by_name[merged])]
            else:
                keyword = {"inner": "JOIN", "left": "LEFT JOIN", "right": "RIGHT JOIN",
                           "full": "FULL JOIN"}[kind]
                sql += " %s %s ON %s" % (keyword, right_sql,
                                         self.join_condition(scope, right_scope, kind == "full"))
            scope = scope + right_scope
            for c in right_table.columns:
                columns_by_name.setdefault(c.name, c.cls)
        return sql, scope

    def join_condition(self, left, right, equalities_only):
        rng = self.rng
        pairs = [(l, r) for l, lc in left for r, rc in right if lc == rc]
        conditions = []
        if pairs:
            for _ in range(rng.choice((1, 1, 2))):
                l, r = rng.choice(pairs)
                conditions.append("%s = %s" % (l, r))
        else:
            conditions.append("true" if equalities_only else self.pred(left + right, 1, subqueries=False))
        if not equalities_only and rng.random() < 0.3:
            conditions.append(self.pred(left + right, 1, subqueries=self.on("subquery_in_on", 0.3)))
        return " AND ".join(conditions)

    # ---- queries ---------------------------------------------------------------------------

    def query(self):
        if self.on("setop", 0.15):
            return self.setop()
        return self.select()

    def select(self, classes=None):
        from query import Select  # noqa: the query model renders and shrinks what this builds
        rng = self.rng
        from_sql, scope = self.from_clause()
        select = Select(from_sql)
        if rng.random() < 0.5:
            select.where = [self.pred(scope) for _ in range(rng.choice((1, 1, 1, 2)))]
        grouped = classes is None and self.on("aggregate", 0.3)
        if grouped:
            if self.on("group_by", 0.7):
                for _ in range(rng.randint(1, 2)):
                    cls = rng.choice(sorted({c for _, c in scope}))
                    keys = [name for name, c in scope if name.split(".")[-1] in self.primary_keys()]
                    if keys and rng.random() < 0.3:
                        key = rng.choice(keys)
                        if key not in select.group_by:
                            select.group_by.append(key)
                            select.items.append(key)
                        continue
                    key = self.expr(scope, cls, 1) if rng.random() < 0.3 else self.leaf(scope, cls)
                    if key not in select.group_by and not key.startswith(("NULL", "(", "'")) and \
                            not key[0].isdigit() and not key.startswith(("true", "false", "DATE")):
                        select.group_by.append(key)
                        select.items.append(key)
            for _ in range(rng.randint(1, 3)):
                select.items.append(self.aggregate(scope))
            if self.on("ungrouped_column", 0.08):
                # Valid only when functionally dependent on a grouped primary key (else 42803).
                select.items.insert(0, rng.choice(scope)[0])
            if self.on("having", 0.4 if select.group_by else 0.1):
                select.having = ["(%s %s %s)" % (self.aggregate(scope, numeric_only=True),
                                                 rng.choice(COMPARISONS), self.literal("number"))]
        else:
            wanted = classes or [rng.choice(sorted({c for _, c in scope})) for _ in range(rng.randint(1, 4))]
            select.items = [self.expr(scope, cls) for cls in wanted]
        select.distinct = self.on("distinct", 0.15)
        if classes is None and self.on("order_limit", 0.4):
            self.order(select)
        return select

    def primary_keys(self):
        return {t.primary_key for t in self.tables if t.primary_key}

    def aggregate(self, scope, numeric_only=False):
        rng = self.rng
        r = rng.random()
        if r < 0.2:
            return "count(*)"
        numbers = [n for n, c in scope if c == "number"]
        if numeric_only or (r < 0.7 and numbers):
            if not numbers:
                return "count(*)"
            function = rng.choice(("sum", "min", "max", "avg", "count"))
            distinct = "DISTINCT " if self.on("count_distinct", 0.2) else ""
            return "%s(%s%s)" % (function, distinct, rng.choice(numbers) if rng.random() < 0.8
                                 else self.expr(scope, "number", 1))
        cls = rng.choice(sorted({c for _, c in scope} - {"bool"}) or ["number"])
        column = self.column_of(scope, cls) or "1"
        function = rng.choice(("min", "max", "count"))
        distinct = "DISTINCT " if function == "count" and self.on("count_distinct", 0.3) else ""
        return "%s(%s%s)" % (function, distinct, column)

    def order(self, query):
        rng = self.rng
        query.order = [(rng.choice(("", " DESC", " ASC")), rng.choice(("", " NULLS FIRST", " NULLS LAST")))
                       for _ in query.items_for_order()]
        if rng.random() < 0.7:
            query.limit = rng.choice((0, 1, 3, 10, 10, 50))
            if rng.random() < 0.4:
                query.offset = rng.choice((0, 1, 2, 5))

    def setop(self):
        from query import SetOp
        rng = self.rng
        classes = [rng.choice(("number", "number", "text", "date", "bool")) for _ in range(rng.randint(1, 3))]
        left = self.select(classes)
        right = self.select(classes)
        if self.on("nested_setop", 0.25):
            right = SetOp(right, rng.choice(("UNION", "INTERSECT", "EXCEPT")) + rng.choice(("", " ALL")),
                          self.select(classes))
        operator = rng.choice(("UNION", "INTERSECT", "EXCEPT")) + rng.choice(("", " ALL"))
        setop = SetOp(left, operator, right)
        if self.on("order_limit", 0.4):
            self.order(setop)
        return setop
