// Lab 08's coursework service: a unary method described once (RpcMethod: gRPC path, REST route, binary and JSON
// codecs) so that every stack's client (src/rpc/clients.ts) and the server child (src/rpc/server-child.ts) carry any
// service, Calc among them; a student's `--proto F --service S` compiled as lab 05 does (buf, then a Protobuf-ES
// registry); the sample request built for a method the handler module gives no `requests` for; and the answer check
// every call passes (the same request must get byte-identical answers on every stack). Tests:
// test/rpc/service.test.ts, test/rpc/service-lab.test.ts.
import { writeFileSync } from 'node:fs';
import {
  create,
  fromBinary,
  fromJsonString,
  toBinary,
  toJsonString,
  ScalarType,
  type DescField,
  type DescMessage,
  type DescMethod,
  type DescMethodUnary,
  type DescService,
  type FileRegistry,
  type Message,
} from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { InputError } from '../core/errors.js';
import { compileProto } from '../protobuf/compile.js';
import { CallError, makeClient, type ClientOptions } from './clients.js';
import type { Ports } from './servers.js';
import type { Stack } from './stacks.js';
import type { CallPlan } from './unary.js';

/** One unary method as every stack calls and serves it. */
export interface RpcMethod<Req extends Message = Message, Resp extends Message = Message> {
  /** The method's name in the .proto ("Mult"): the handler module's key. */
  name: string;
  desc: DescMethodUnary;
  /** gRPC's and Connect's path: "/syslab.rpc.Calc/Mult". */
  path: string;
  /** The REST route, POST: "/" + the method's lowerCamel name ("/mult"). */
  restPath: string;
  encodeReq: (m: Req) => Uint8Array;
  decodeReq: (b: Uint8Array) => Req;
  encodeResp: (m: Resp) => Uint8Array;
  decodeResp: (b: Uint8Array) => Resp;
  reqJson: (m: Req) => string;
  reqFromJson: (text: string) => Req;
  respJson: (m: Resp) => string;
  respFromJson: (text: string) => Resp;
}

/** The gRPC path of a method: "/package.Service/Method". */
export const methodPath = (m: DescMethod) => `/${m.parent.typeName}/${m.name}`;

/**
 * A method whose REST body is the messages' canonical protobuf JSON (proto3's JSON mapping: lowerCamel names, 64-bit
 * integers as strings, bytes as base64), `registry` resolving any google.protobuf.Any inside.
 */
export function unaryMethod(desc: DescMethodUnary, registry?: FileRegistry): RpcMethod {
  const json = registry ? { registry } : {};
  return {
    name: desc.name,
    desc,
    path: methodPath(desc),
    restPath: `/${desc.localName}`,
    encodeReq: (m) => toBinary(desc.input, m),
    decodeReq: (b) => fromBinary(desc.input, b),
    encodeResp: (m) => toBinary(desc.output, m),
    decodeResp: (b) => fromBinary(desc.output, b),
    reqJson: (m) => toJsonString(desc.input, m, json),
    reqFromJson: (t) => fromJsonString(desc.input, t, json),
    respJson: (m) => toJsonString(desc.output, m, json),
    respFromJson: (t) => fromJsonString(desc.output, t, json),
  };
}

/** A student's service, compiled: its unary methods (measured) and the others, each with why it is not. */
export interface StudentService {
  protoFile: string;
  service: DescService;
  registry: FileRegistry;
  methods: RpcMethod[];
  skipped: { method: string; reason: string }[];
}

/** The service by full ("pkg.Svc") or short ("Svc") name; an unknown one is an InputError listing those there. */
export function findService(registry: FileRegistry, name: string, protoFile: string): DescService {
  const services = [...registry].filter((d): d is DescService => d.kind === 'service');
  const wanted = name.replace(/^\./, '');
  const matches = services.filter((s) => s.typeName === wanted || s.name === wanted);
  if (matches.length === 1) return matches[0];
  const names = services.map((s) => s.typeName).join(', ') || '(none)';
  if (matches.length > 1) throw new InputError(`--service ${name}: ambiguous in ${protoFile}; use one of: ${names}`);
  throw new InputError(`--service ${name}: no such service in ${protoFile}; services there: ${names}`);
}

/**
 * Compiles `protoFile` (buf, as lab 05 does) and picks `serviceName`. A file that does not compile, an unknown
 * service, or a service with no unary method is an InputError (one line, exit 2).
 */
export function loadStudentService(protoFile: string, serviceName: string): StudentService {
  const registry = compileProto(protoFile);
  const service = findService(registry, serviceName, protoFile);
  const unary = service.methods.filter((m): m is DescMethodUnary => m.methodKind === 'unary');
  if (!unary.length) {
    const kinds = service.methods.map((m) => `${m.name} (${m.methodKind})`).join(', ') || 'none';
    throw new InputError(
      `--service ${serviceName}: has no unary method to measure (its methods: ${kinds}); the lab calls unary methods`,
    );
  }
  return {
    protoFile,
    service,
    registry,
    methods: unary.map((m) => unaryMethod(m, registry)),
    skipped: service.methods
      .filter((m) => m.methodKind !== 'unary')
      .map((m) => ({
        method: m.name,
        reason: `it is a ${m.methodKind.replace('_', '-')} method, and the lab's tables call unary methods only`,
      })),
  };
}

/** Writes the compiled files as a FileDescriptorSet (binary), for the server child to load the same registry. */
export function writeDescriptorSet(registry: FileRegistry, file: string): void {
  const set = create(FileDescriptorSetSchema, { file: [...registry.files].map((f) => f.proto) });
  writeFileSync(file, toBinary(FileDescriptorSetSchema, set));
}

const SAMPLE_DEPTH = 2;

function scalarSample(t: ScalarType): unknown {
  switch (t) {
    case ScalarType.BOOL:
      return true;
    case ScalarType.STRING:
      return 'abc';
    case ScalarType.BYTES:
      return new Uint8Array([1, 2, 3]);
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
    case ScalarType.SINT64:
      return 7n;
    default:
      return 7;
  }
}

function fieldSample(f: DescField, depth: number): unknown {
  switch (f.fieldKind) {
    case 'scalar':
      return scalarSample(f.scalar);
    case 'enum':
      return (f.enum.values[1] ?? f.enum.values[0]).number;
    case 'message':
      return sampleInit(f.message, depth + 1);
    case 'list':
      if (f.listKind === 'scalar') return [scalarSample(f.scalar)];
      if (f.listKind === 'enum') return [(f.enum.values[1] ?? f.enum.values[0]).number];
      return depth + 1 < SAMPLE_DEPTH ? [sampleInit(f.message, depth + 1)] : [];
    case 'map':
      return undefined;
  }
}

function sampleInit(schema: DescMessage, depth: number): Record<string, unknown> {
  const init: Record<string, unknown> = {};
  if (depth >= SAMPLE_DEPTH || schema.typeName === 'google.protobuf.Any') return init;
  for (const f of schema.fields) {
    if (f.fieldKind === 'message' && depth + 1 >= SAMPLE_DEPTH) continue;
    const value = fieldSample(f, depth);
    if (value === undefined) continue;
    if (f.oneof) {
      if (!(f.oneof.localName in init)) init[f.oneof.localName] = { case: f.localName, value };
    } else init[f.localName] = value;
  }
  return init;
}

/**
 * The request the lab sends when the handler module gives none for a method: every field set once, numbers 7,
 * booleans true, strings "abc", bytes 01 02 03, enums their second value (the first if there is one only), repeated
 * fields one element, a oneof its first member, message fields filled the same way one level deep; maps and
 * google.protobuf.Any left empty.
 */
export function sampleRequest(schema: DescMessage): Message {
  return create(schema, sampleInit(schema, 0));
}

const hex = (b: Uint8Array) => {
  const text = Buffer.from(b.subarray(0, 24)).toString('hex');
  return (text.match(/../g) ?? []).join(' ') + (b.length > 24 ? ` … (${b.length} bytes)` : '') || '(0 bytes)';
};

/**
 * The first answer seen to each request, as bytes (toBinary), and the stack that gave it: every later answer to the
 * same request, on any stack, must be the same bytes.
 */
export type References = Map<string, { bytes: Uint8Array; stack: Stack }>;

/**
 * A plan for the tables: call i sends `requests[i mod n]` of `method` and checks the answer against `references` (the
 * first answer becomes the reference). A mismatch or a failed call is a CallError naming the method and the stack.
 */
export function servicePlan(method: RpcMethod, requests: Message[], references: References): CallPlan {
  return {
    method: method.name,
    port: (stack, ports, tls) => methodPort(stack, method.name, ports, tls),
    open: (stack: Stack, port: number, timeoutMs: number, o: ClientOptions = {}) => {
      const client = makeClient(stack, port, timeoutMs, { ...o, method });
      return {
        call: async (i: number) => {
          const k = i % requests.length;
          let bytes: Uint8Array;
          try {
            bytes = method.encodeResp(await client.call(requests[k]));
          } catch (error) {
            throw new CallError(`${method.name}: ${error instanceof Error ? error.message : String(error)}`);
          }
          const key = `${method.name}#${k}`;
          const ref = references.get(key);
          if (!ref) references.set(key, { bytes, stack });
          else if (Buffer.compare(Buffer.from(ref.bytes), Buffer.from(bytes)) !== 0) {
            throw new CallError(
              `${method.name}: ${stack} answered request ${k + 1} with ${hex(bytes)}, but ${ref.stack} answered ` +
                `${hex(ref.bytes)} (every stack must give the same bytes for the same request)`,
            );
          }
        },
        close: () => client.close(),
      };
    },
  };
}

/**
 * The port a stack calls for a method: raw TCP has one port per method (the frame carries no method name); the
 * others route by path on one port. `tls`: the TLS port, undefined where the server has none for that stack.
 */
export function methodPort(stack: Stack, method: string, ports: Ports, tls = false): number | undefined {
  const set = tls ? ports.tls : ports;
  if (!set) return undefined;
  switch (stack) {
    case 'tcp':
      return set.tcpByMethod?.[method] ?? set.tcp;
    case 'grpc':
      return set.grpc;
    case 'connect-h1':
      return set.h1;
    case 'connect-h2':
    case 'connect-grpc':
      return set.h2;
    case 'rest':
      return set.rest;
    default:
      return undefined;
  }
}
