// Lab 05's protobuf messages (data/proto/{mult,order,sensor,table_row}.proto) in Apache Thrift IDL, field for field and
// with the same field ids, so the messages table can set Thrift's binary and compact encodings beside protobuf's.
// Compiled at run time with `thrift --gen js:node`; src/protobuf/thrift-sizes.ts fills these structs from the samples
// and test/protobuf/thrift-sizes.test.ts checks this file against the .proto descriptors.
//
// How each protobuf type was mapped (Thrift has fewer types):
//   int32, sint32, sfixed32  -> i32      (compact zigzags every i32, as sint32 does; binary always takes 4 bytes)
//   uint32, fixed32          -> i32      (no unsigned types: the 32 bits are kept, so values above 2^31-1 read back
//                                         as negative numbers and cost compact its full 5 bytes)
//   int64, sint64, sfixed64  -> i64
//   uint64, fixed64          -> i64      (the 64 bits are kept, as for uint32)
//   double                   -> double   (8 bytes: big-endian in binary, little-endian in compact)
//   float                    -> double   (Thrift has no 32-bit float: 4 bytes become 8)
//   bool -> bool, string -> string (UTF-8), bytes -> binary
//   enum -> enum                         (same names and numbers; on the wire an i32)
//   nested message -> struct, repeated T -> list<T> (Thrift has no packed form: compact writes one list header and
//                                         then the elements back to back, which is what packing does)
//   map<K, V> -> map<K, V>               (no lab 05 message has a map)
//   presence: proto3 implicit presence -> default requiredness, left unset when the protobuf field holds its default
//             (protobuf does not write it either); proto3 `optional` -> optional, set when the protobuf field is set.
//             Unset Thrift fields are not written, so both encodings carry the same fields.

// ---- mult.proto
struct MultReq {
  1: i32 x,
  2: i32 y,
}

struct MultResp {
  1: i64 product,
}

// ---- order.proto
enum OrderStatus {
  ORDER_STATUS_UNSPECIFIED = 0,
  ORDER_STATUS_PLACED = 1,
  ORDER_STATUS_PAID = 2,
  ORDER_STATUS_SHIPPED = 3,
}

struct Address {
  1: string street,
  2: string city,
  3: string postal_code,
  4: string country,
}

struct Customer {
  1: i64 id,                    // uint64
  2: string name,
  3: string email,
  4: Address shipping,
}

struct LineItem {
  1: string sku,
  2: string title,
  3: i32 quantity,              // uint32
  4: i64 unit_price_cents,
  5: list<i32> category_ids,    // repeated uint32 (packed in protobuf)
}

struct Order {
  1: string order_id,
  2: Customer customer,
  3: list<LineItem> items,
  4: list<string> tags,
  5: OrderStatus status,
  6: i64 created_at_ms,
  7: binary payment_token,
  8: optional string coupon,    // proto3 optional: "" is written when set
}

// ---- sensor.proto
enum SensorStatus {
  SENSOR_STATUS_UNSPECIFIED = 0,
  SENSOR_STATUS_OK = 1,
  SENSOR_STATUS_LOW_BATTERY = 2,
  SENSOR_STATUS_FAULT = 3,
}

struct SensorReading {
  1: string sensor_id,
  2: i64 timestamp_ms,
  3: double temperature_c,
  4: double humidity_pct,       // float in protobuf
  5: i32 rssi_dbm,              // sint32
  6: i32 battery_mv,            // uint32
  7: SensorStatus status,
}

struct SensorBatch {
  1: string gateway_id,
  2: list<SensorReading> readings,
}

// ---- table_row.proto
struct TableRow {
  1: i64 id,
  2: i64 timestamp_us,
  3: string category,
  4: string text,
  5: double amount,
  6: i32 count,
  7: bool flag,
  8: optional double discount,  // nullable column: unset means null
}
