// Anonymous records (PostgreSQL's `record`, oid 2249): row values built by ROW(...) and
// `(a, b)`, and the rows set-returning functions such as information_schema._pg_expandarray
// return.
//
// A record value is a shared, immutable `Record` (its field values). Its fields' names and
// types are not in the value but in the expression's Type: a record Type's typmod is the
// number of a `RecordDescriptor` registered here, as PostgreSQL "blesses" anonymous row
// types with a typmod in its record type cache (assign_record_type_typmod). Equal
// descriptors get the same number, so the registry grows only with distinct row shapes.
// Thread-safety: the registry is guarded by one mutex; descriptors are never changed or
// removed once registered, so a pointer to one stays valid for the process's lifetime.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "types/type.hpp"
#include "types/value.hpp"

namespace granary::types {

struct Record {
  std::vector<Value> fields;
  // The typmod of the row type it was made as (RegisterRecordType), so that what reads the
  // value alone (to_json, json_agg) knows the fields' names; -1 when they have none.
  int32_t descriptor = -1;
};

struct RecordField {
  std::string name;
  Type type;
  bool operator==(const RecordField&) const = default;
};

struct RecordDescriptor {
  std::vector<RecordField> fields;
  bool operator==(const RecordDescriptor&) const = default;
};

// The typmod of a record Type whose fields are `descriptor` (registered on first use).
int32_t RegisterRecordType(RecordDescriptor descriptor);
// The descriptor of a record Type, or nullptr when its fields are not known (typmod -1).
const RecordDescriptor* RecordTypeOf(const Type& type);

Value MakeRecord(std::vector<Value> fields, int32_t descriptor = -1);

// record_out: "(1,abc)"; a NULL field is empty, a field that is empty or holds '"', '\\',
// '(', ')', ',' or white space is double-quoted with '"' and '\\' doubled.
std::string RecordToText(const Record& record);
// record_send: the field count, then for each field its type oid, its length (-1 for NULL)
// and its binary form.
void AppendRecordBinary(const Record& record, std::string& out);
// btrecordcmp: field by field, NULL after every value and equal to NULL; a record with
// fewer fields sorts first.
int CompareRecords(const Record& left, const Record& right);
size_t HashRecord(const Record& record);

}  // namespace granary::types
