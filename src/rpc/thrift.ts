// Apache Thrift for lab 08: generates JavaScript from data/rpc/calc.thrift with Debian's `thrift --gen js:node` into
// a folder of the run (unavailable, with the reason, when the compiler is absent or fails), loads the generated
// CommonJS files with this project's `thrift` and `node-int64` packages, and provides the handler for the server child
// and the conversions between Thrift's structs and the Protobuf-ES messages every stack shares. Framed transport,
// binary or compact protocol. Tests: test/rpc/thrift.test.ts.
/* eslint-disable
   @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return,
   @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call
   -- the generated code and the thrift package are untyped JavaScript */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { create } from '@bufbuild/protobuf';
import { MultReqSchema, MultRespSchema, type MultReq, type MultResp } from './calc.js';

export const THRIFT_FILE = fileURLToPath(new URL('../../data/rpc/calc.thrift', import.meta.url));
const projectRequire = createRequire(import.meta.url);
/** Resolves from inside the thrift package, so `node-int64` is thrift's own copy (its protocols test instanceof). */
const thriftRequire = createRequire(projectRequire.resolve('thrift'));

/** The part of the `thrift` npm package lab 08 uses (it ships no types of its own). */
export interface ThriftLib {
  TFramedTransport: unknown;
  TBinaryProtocol: unknown;
  TCompactProtocol: unknown;
  createServer(processor: unknown, handler: object, options: object): import('node:net').Server;
  createConnection(host: string, port: number, options: object): ThriftConnection;
  /** The same over TLS (node:tls's connect options, `ca` among them). */
  createSSLConnection(host: string, port: number, options: object): ThriftConnection;
  createClient(service: unknown, connection: ThriftConnection): ThriftCalcClient;
  TApplicationException: new (type: number, message: string) => Error;
  TApplicationExceptionType: { INTERNAL_ERROR: number };
}
export interface ThriftConnection {
  on(event: 'error', listener: (e: Error) => void): void;
  connection?: import('node:net').Socket;
}
export interface ThriftCalcClient {
  mult(req: unknown, callback: (error: unknown, resp: unknown) => void): void;
}

/** The `thrift` package, resolved from this project. */
export const thriftLib = (): ThriftLib => projectRequire('thrift') as ThriftLib;

export type ThriftGen = { available: true; dir: string } | { available: false; reason: string };

/**
 * Runs the Thrift compiler on an IDL file (calc.thrift unless told) into `dir`; available when it produced
 * `expectFile` (Calc.js for calc.thrift).
 */
export function generateThrift(
  dir: string,
  compiler = 'thrift',
  idlFile = THRIFT_FILE,
  expectFile = 'Calc.js',
): ThriftGen {
  const out = spawnSync(compiler, ['--gen', 'js:node', '-out', dir, idlFile], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (out.error) {
    return {
      available: false,
      reason: `${compiler} could not run (${out.error.message}; apt-get install thrift-compiler)`,
    };
  }
  if (out.status !== 0 || !existsSync(path.join(dir, expectFile))) {
    return {
      available: false,
      reason: `${compiler} --gen js:node failed: ${(out.stderr || out.stdout).trim().slice(-200)}`,
    };
  }
  return { available: true, dir };
}

export interface ThriftModule {
  Calc: any;
  types: { MultReq: new (o: any) => any; MultResp: new (o: any) => any };
  Int64: new (n: number) => { toNumber(): number };
}

const loaded = new Map<string, ThriftModule>();

/**
 * A loader for the compiler's CommonJS output in `dir`: `load(file)` runs one generated file (and the generated files
 * it requires, each once) with this project's `thrift` package, and returns its exports.
 */
export function generatedLoader(dir: string): (file: string) => unknown {
  const modules = new Map<string, unknown>();
  const load = (file: string): unknown => {
    if (modules.has(file)) return modules.get(file);
    const module = { exports: {} as unknown };
    modules.set(file, module.exports);
    const require = (id: string) =>
      id.startsWith('./') ? load(path.join(dir, `${id.slice(2)}.js`)) : projectRequire(id);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- running the compiler's output is the point
    new Function('require', 'module', 'exports', readFileSync(file, 'utf8'))(require, module, module.exports);
    modules.set(file, module.exports);
    return module.exports;
  };
  return load;
}

/** Thrift's own Int64 class (its protocols test instanceof, so it must be thrift's copy of node-int64). */
export const thriftInt64 = (): ThriftModule['Int64'] => thriftRequire('node-int64') as ThriftModule['Int64'];

/** Loads the generated Calc.js and calc_types.js from `dir` (once per folder). */
export function loadThrift(dir: string): ThriftModule {
  const cached = loaded.get(dir);
  if (cached) return cached;
  const load = generatedLoader(dir);
  const mod: ThriftModule = {
    Calc: load(path.join(dir, 'Calc.js')),
    types: load(path.join(dir, 'calc_types.js')) as ThriftModule['types'],
    Int64: thriftInt64(),
  };
  loaded.set(dir, mod);
  return mod;
}

/** The last folder loaded in this process (the lab generates once per run). */
export function currentThrift(): ThriftModule | undefined {
  return [...loaded.values()].pop();
}

export function toThriftReq(t: ThriftModule, m: MultReq): any {
  return new t.types.MultReq({
    x: m.x,
    y: m.y,
    pad: m.pad.length ? Buffer.from(m.pad) : undefined,
    requestId: m.requestId || undefined,
  });
}

export function fromThriftReq(r: any): MultReq {
  return create(MultReqSchema, {
    x: r.x as number,
    y: r.y as number,
    pad: r.pad ? new Uint8Array(r.pad as Buffer) : undefined,
    requestId: (r.requestId as string | undefined) ?? '',
  });
}

export function toThriftResp(t: ThriftModule, m: MultResp): any {
  return new t.types.MultResp({
    product: new t.Int64(Number(m.product)),
    pad: m.pad.length ? Buffer.from(m.pad) : undefined,
  });
}

export function fromThriftResp(r: any): MultResp {
  const product = typeof r.product === 'number' ? r.product : (r.product as { toNumber(): number }).toNumber();
  return create(MultRespSchema, { product: BigInt(product), pad: r.pad ? new Uint8Array(r.pad as Buffer) : undefined });
}
