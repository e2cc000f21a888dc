// Lab 08's report for a student's service, from made-up rows (the measurements are tested on real servers in
// service-lab.test.ts): the findings name only the stacks and methods that ran, with one stack, two, and a stack
// missing (no raw TCP floor sentence without tcp), with numbers worked out by hand from the rows; a difference is
// called only when its 95% interval (Hodges-Lehmann) excludes 0; the wire-headers table and findings per method on the
// HTTP stacks only.
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/core/stats.js';
import type { ServiceResults } from '../../src/rpc/service-experiment.js';
import { serviceReport } from '../../src/rpc/service-report.js';
import type { ServiceConnectionRow, ServiceWireRow } from '../../src/rpc/service-tables.js';
import type { Stack } from '../../src/rpc/stacks.js';
import type { UnaryRow } from '../../src/rpc/unary.js';

/** 20 latencies around `at`: at - 4, at - 2, at, at + 2, at + 4, four times each (median `at`). */
const around = (at: number) => Array.from({ length: 20 }, (_, i) => at + 2 * ((i % 5) - 2));
const unary = (stack: Stack, method: string, p50Us: number, cpu: number, samples = around(p50Us)): UnaryRow => ({
  stack,
  method,
  calls: samples.length,
  p50Us,
  p90Us: p50Us,
  p99Us: p50Us,
  p999Us: p50Us,
  maxUs: p50Us,
  latencyUs: summarize(samples),
  callsPerSecond: 1e6 / p50Us,
  clientCpuUsPerCall: cpu / 2,
  serverCpuUsPerCall: cpu / 2,
});
const wire = (stack: Stack, sent: number, received: number): ServiceWireRow => ({
  stack,
  method: 'Add',
  request: 1,
  reqMessageBytes: 4,
  respMessageBytes: 2,
  firstSent: sent,
  firstReceived: received,
  calls: 5,
  sentPerCall: sent,
  receivedPerCall: received,
  overheadShare: 1 - 6 / (sent + received),
  connections: 1,
});
const conn = (stack: Stack, mode: ServiceConnectionRow['mode'], p50Us: number): ServiceConnectionRow => ({
  stack,
  method: 'Add',
  mode,
  available: true,
  calls: 20,
  p50Us,
  p99Us: p50Us,
  callsPerSecond: 1e6 / p50Us,
  clientCpuUsPerCall: 10,
  samplesUs: around(p50Us),
});
const results = (stacks: Stack[], extra: Partial<ServiceResults>): ServiceResults => ({
  service: 'coursework.shapes.Shapes',
  protoFile: 'shapes.proto',
  handlerFile: 'shapes.ts',
  stacks,
  methods: [
    {
      method: 'Add',
      requestType: 'coursework.shapes.AddReq',
      responseType: 'coursework.shapes.AddResp',
      given: true,
      requestBytes: [4],
      responseBytes: [2],
      requestHex: '08 02 10 03',
      responseHex: '08 05',
      referenceStack: stacks[0],
    },
  ],
  notRun: [],
  unavailable: [],
  serverPid: 1,
  ...extra,
});

describe('the service report', () => {
  it('with one stack: its median, no comparison, no raw TCP floor', () => {
    const r = serviceReport(results(['grpc'], { unary: [unary('grpc', 'Add', 500, 300)] }));
    expect(r.findings).toEqual([
      "coursework.shapes.Shapes's 1 unary method (Add) ran on grpc only, so no other stack’s answers were compared.",
      "Add, one call at a time: grpc's median call took 500 µs.",
    ]);
    expect(Object.keys(r.tables)).toEqual(['methods', 'unary']);
  });

  it('with raw TCP, gRPC and REST: the floor, what each adds (when the samples can tell), the bytes per call', () => {
    const r = serviceReport(
      results(['tcp', 'grpc', 'rest'], {
        // gRPC: every call 300 µs slower than raw TCP's; REST: 2 calls, 1 and 1,400 µs: the 95% interval runs from the
        // smallest pairwise difference (below 0) to the largest, so no clear difference.
        unary: [
          unary('tcp', 'Add', 100, 50),
          unary('grpc', 'Add', 400, 300),
          unary('rest', 'Add', 700, 500, [1, 1400]),
        ],
        wire: [wire('tcp', 8, 6), wire('grpc', 60, 40)],
      }),
    );
    expect(r.findings).toEqual([
      "coursework.shapes.Shapes's 1 unary method (Add) answered every request with the same bytes on tcp, grpc and rest.",
      'Add, one call at a time: tcp had the lowest median latency, 100 µs, and rest the highest, 700 µs (7.0×).',
      "Add above raw TCP's median of 100 µs (median shift of each stack's calls): grpc 300 µs more and rest no clear " +
        'difference; client + server CPU per call: tcp 50 µs, grpc 300 µs and rest 500 µs.',
      // (8 + 6) and (60 + 40) bytes per call; gRPC's overhead 1 - 6 / 100 = 94%.
      "Add's first request (4 bytes, answered in 2 bytes) put on the wire per call, both ways: tcp 14 B and grpc 100 B; " +
        "grpc's overhead share was 94.0%.",
    ]);
  });

  it('says what was not run and not measured, and the TLS cost per new connection', () => {
    const r = serviceReport(
      results(['rest'], {
        unavailable: [{ stack: 'thrift-binary', reason: 'no IDL' }],
        notRun: [{ what: 'the streaming table', reason: 'Calc only' }],
        connections: [
          conn('rest', 'keep-alive', 300),
          conn('rest', 'new-connection', 300),
          conn('rest', 'tls-new-connection', 2300),
          { stack: 'rest', method: 'Add', mode: 'tls-keep-alive', available: false, reason: 'no certificate' },
        ],
      }),
    );
    expect(r.findings).toEqual([
      'thrift-binary was not measured: no IDL.',
      'The streaming table was not run: Calc only.',
      "coursework.shapes.Shapes's 1 unary method (Add) ran on rest only, so no other stack’s answers were compared.",
      // The same latencies kept alive and new: no difference to call; TLS: every call 2,000 µs slower.
      'Add, a new connection per call against a kept-alive one (median shift): rest no clear difference.',
      'Add, a new TLS connection against a plain one (median shift): rest 2,000 µs more.',
      'Not measured in the connections table: rest tls-keep-alive (no certificate).',
    ]);
  });

  it("splits the HTTP stacks' first requests into headers, per method, and leaves raw TCP out", () => {
    // gRPC's Add: 48 B of connection preface and SETTINGS + 80 B HEADERS + 14 B DATA = 142 B on call 1, then 30 B of
    // headers per call (2 fields: 164 B per RFC 7541 §4.1, so 164 - 2 × 32 = 100 B of names and values).
    const part = (headerBytes: number) => ({
      headerBytes,
      headerListBytes: 164,
      fields: 2,
      dataBytes: 14,
      otherBytes: 0,
    });
    const run = { first: part(80), second: part(30), later: part(30) };
    const grpc: ServiceWireRow = {
      ...wire('grpc', 142, 40),
      headers: {
        protocol: 'http2',
        request: run,
        response: run,
        connectionFirst: { sent: 48, received: 0 },
        connectionPerLaterCall: { sent: 0, received: 0 },
        errors: [],
      },
    };
    const r = serviceReport(results(['tcp', 'grpc'], { wire: [wire('tcp', 8, 6), grpc] }));
    expect(r.tables['wire-headers'].rows.map((x) => [x.stack, x.method, x.direction, x.call1Bytes])).toEqual([
      ['grpc', 'Add', 'request', 80],
      ['grpc', 'Add', 'response', 80],
    ]);
    expect(r.findings).toContain(
      "Add: HTTP/2 request headers shrank once HPACK's dynamic table held them: grpc 80 B on call 1, then 30 B per " +
        'later call (30.0% of its 100 B of names and values). A field already in the table is sent as an index of a ' +
        'byte or two; only fields whose value changed travel again.',
    );
    expect(r.findings).toContain(
      "Add: Call 1 on a new HTTP/2 connection sent grpc 142 B = 48 + 80 + 14 B: the connection's own bytes (preface, " +
        'frames on stream 0 such as SETTINGS) + HEADERS + DATA.',
    );
  });

  it('without an HTTP stack: no wire-headers table', () => {
    const r = serviceReport(results(['tcp'], { wire: [wire('tcp', 8, 6)] }));
    expect(r.tables['wire-headers']).toBeUndefined();
  });
});
