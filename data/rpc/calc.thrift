// Lab 08's service in Apache Thrift's IDL, the same fields as data/rpc/calc.proto. The lab runs
// `thrift --gen js:node` on it at run time into its scratch folder (src/rpc/thrift.ts); nothing generated is committed.
namespace js syslab.rpc

struct MultReq {
  1: i32 x,
  2: i32 y,
  3: optional binary pad,
  4: optional string requestId,
}

struct MultResp {
  1: i64 product,
  2: optional binary pad,
}

service Calc {
  MultResp mult(1: MultReq req)
}
