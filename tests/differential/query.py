"""A generated query as parts that can be rendered and shrunk.

ORDER BY is kept as one (direction, nulls) pair per output column and rendered by position, so
an ordered query is always ordered by every output column: its row order is then fully
determined (rows that tie are equal), and LIMIT/OFFSET pick the same rows on any engine.
"""
import copy


def _order_sql(order, limit, offset):
    sql = ""
    if order:
        sql += " ORDER BY " + ", ".join("%d%s%s" % (i + 1, d, n) for i, (d, n) in enumerate(order))
    if limit is not None:
        sql += " LIMIT %d" % limit
    if offset is not None:
        sql += " OFFSET %d" % offset
    return sql


class Select:
    def __init__(self, from_sql):
        self.from_sql = from_sql
        self.items, self.where, self.group_by, self.having = [], [], [], []
        self.distinct = False
        self.order, self.limit, self.offset = [], None, None

    def items_for_order(self):
        return self.items

    def ordered(self):
        return bool(self.order)

    def limited(self):
        return self.limit is not None or self.offset is not None

    def sql(self):
        text = "SELECT %s%s FROM %s" % ("DISTINCT " if self.distinct else "", ", ".join(self.items),
                                        self.from_sql)
        if self.where:
            text += " WHERE " + " AND ".join(self.where)
        if self.group_by:
            text += " GROUP BY " + ", ".join(self.group_by)
        if self.having:
            text += " HAVING " + " AND ".join(self.having)
        return text + _order_sql(self.order, self.limit, self.offset)

    def shrunk(self):
        """Smaller variants of this query, each one step simpler."""
        for attribute in ("offset", "limit"):
            if getattr(self, attribute) is not None:
                variant = copy.deepcopy(self)
                setattr(variant, attribute, None)
                yield variant
        if self.order and self.limit is None and self.offset is None:
            variant = copy.deepcopy(self)
            variant.order = []
            yield variant
        if self.distinct:
            variant = copy.deepcopy(self)
            variant.distinct = False
            yield variant
        for attribute in ("having", "where"):
            for i in range(len(getattr(self, attribute))):
                variant = copy.deepcopy(self)
                del getattr(variant, attribute)[i]
                yield variant
        if len(self.items) > 1:
            for i in range(len(self.items)):
                variant = copy.deepcopy(self)
                del variant.items[i]
                if variant.order:
                    del variant.order[i]
                yield variant


class SetOp:
    def __init__(self, left, operator, right):
        self.left, self.operator, self.right = left, operator, right
        self.order, self.limit, self.offset = [], None, None

    def items_for_order(self):
        return self.left.items

    def ordered(self):
        return bool(self.order)

    def limited(self):
        return self.limit is not None or self.offset is not None

    @property
    def items(self):
        return self.left.items

    def sql(self):
        right = self.right.sql()
        if isinstance(self.right, SetOp):
            right = "(%s)" % right
        return "%s %s %s%s" % (self.left.sql(), self.operator, right,
                               _order_sql(self.order, self.limit, self.offset))

    def shrunk(self):
        if not self.order:
            yield self.left
            yield self.right
        for attribute in ("offset", "limit"):
            if getattr(self, attribute) is not None:
                variant = copy.deepcopy(self)
                setattr(variant, attribute, None)
                yield variant
        if self.order and self.limit is None and self.offset is None:
            variant = copy.deepcopy(self)
            variant.order = []
            yield variant
        for side in ("left", "right"):
            for smaller in getattr(self, side).shrunk():
                if isinstance(smaller, SetOp) != isinstance(getattr(self, side), SetOp):
                    continue
                # Both sides must keep the same columns.
                if len(smaller.items) != len(getattr(self, side).items):
                    continue
                variant = copy.copy(self)
                setattr(variant, side, smaller)
                yield variant
