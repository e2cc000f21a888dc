// Lab 08's parameters, declared once (defaults, quick sizes, ranges, --help text). Used by labs/08-rpc.ts.
// Tests: test/rpc/lab.test.ts.
import { p, type ParamValues } from '../core/params.js';
import { STACKS } from './stacks.js';

export const TABLES = ['unary', 'wire', 'concurrency', 'connections', 'streaming', 'failures'] as const;
export type TableName = (typeof TABLES)[number];

export const rpcParams = {
  tables: p.enumList({ values: TABLES, default: [...TABLES], description: 'tables to measure' }),
  stacks: p.enumList({ values: STACKS, default: [...STACKS], description: 'RPC stacks to measure' }),
  calls: p.int({
    default: 5000,
    quick: 200,
    min: 10,
    max: 10_000_000,
    description: 'timed calls per stack in the unary table (after warm-up calls, a tenth as many)',
  }),
  payloads: p.intList({
    default: [0, 10, 1000, 100_000, 1_000_000],
    quick: [0, 1_000_000],
    min: 0,
    max: 16_000_000,
    description: "wire table: bytes of the request's payload (echoed in the response)",
  }),
  wireCalls: p.int({
    default: 50,
    quick: 5,
    min: 1,
    max: 100_000,
    description: 'wire table: calls counted per payload after the first call on a new connection',
  }),
  inFlight: p.intList({
    default: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    quick: [1, 16],
    min: 1,
    max: 4096,
    description: 'concurrency table, closed loop: calls kept in flight',
  }),
  rates: p.intList({
    default: [1000, 2000, 5000, 10_000, 20_000],
    quick: [200],
    min: 1,
    max: 1_000_000,
    description: 'concurrency table, open loop: arrival rates, calls per second',
  }),
  loadCalls: p.int({
    default: 5000,
    quick: 150,
    min: 10,
    max: 10_000_000,
    description: 'concurrency table: calls per closed-loop level and per open-loop rate',
  }),
  connectionCalls: p.int({
    default: 300,
    quick: 20,
    min: 1,
    max: 1_000_000,
    description: 'connections table: timed calls per stack and mode (after a tenth as many warm-up calls)',
  }),
  connectionInFlight: p.int({
    default: 16,
    quick: 8,
    min: 1,
    max: 4096,
    description: 'connections table, concurrent mode: calls in flight at once on one client',
  }),
  streamMessages: p.int({
    default: 100_000,
    quick: 2000,
    min: 1,
    max: 10_000_000,
    description: 'streaming table: answers as one server stream, and as batches (gRPC and Connect over HTTP/2)',
  }),
  streamUnaryCalls: p.int({
    default: 5000,
    quick: 200,
    min: 1,
    max: 10_000_000,
    description: 'streaming table: unary calls, one at a time, compared per message',
  }),
  batchSize: p.int({
    default: 100,
    min: 1,
    max: 1_000_000,
    description: 'streaming table: requests per batch call',
  }),
  failureCalls: p.int({
    default: 5,
    quick: 2,
    min: 1,
    max: 10_000,
    description: 'failures table: calls per stack and variant, each losing its first answer',
  }),
  deadline: p.int({
    default: 200,
    quick: 100,
    min: 1,
    max: 600_000,
    description: 'failures table: the deadline in ms after which the client retries',
  }),
  handler: p.path({
    description:
      'your own Mult: a .ts file whose default export is (req: MultReq) => MultResp | Promise<MultResp>; with ' +
      '--proto and --service, your service: a default export { Method: (req) => response, ... } with one function ' +
      'per unary method (req the Protobuf-ES message, response a plain object of its fields, or a promise of one), ' +
      'and optionally `export const requests = { Method: [request, ...] }` (see the handout); the server runs it on ' +
      'every stack, and every answer is checked',
  }),
  proto: p.path({
    description:
      'your own service: a .proto file (compiled with buf, as in lab 05), with --service and --handler; measured ' +
      'with the unary, wire, concurrency and connections tables on every stack but Thrift',
  }),
  service: p.string({
    valueName: '<name>',
    description: 'the service in --proto to measure (full or short name); its unary methods are called',
  }),
  timeout: p.int({
    default: 5000,
    quick: 2000,
    min: 1,
    max: 600_000,
    description: 'deadline of every call, in ms (a call past it fails the run with a message naming the stack)',
  }),
};

export type RpcParams = ParamValues<typeof rpcParams>;
