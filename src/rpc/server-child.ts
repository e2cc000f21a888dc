// The server process of lab 08 (started by src/rpc/servers.ts with fork, never imported by the lab). It serves
// Calc.Mult on every stack on loopback ports the kernel picks (port 0): raw TCP with length-prefixed protobuf frames,
// gRPC (@grpc/grpc-js), Connect on node:http (HTTP/1.1) and on node:http2 (h2c; it also answers the gRPC protocol),
// and REST/JSON `POST /mult` on node:http; then it sends {ready, ports} over IPC. It answers {cpu} with its
// process.cpuUsage(), closes everything on {stop}, and exits when the IPC channel closes (its parent died, however).
// SERVER_BEHAVIOUR (ok, throw, hang) makes every handler answer, throw, or never answer, for the failure tests.
// For the failures table it counts executions of Mult, remembers answers by request_id (the idempotency key: a
// repeated id gets the remembered answer without executing again), and on {failures: dropNext} loses the answers of
// the next dropNext executions (executes, then never answers: the client sees its deadline pass).
// With TLS_CERT and TLS_KEY (PEM files) it also serves raw TCP, gRPC, Connect HTTP/1.1 and HTTP/2 over TLS; with
// THRIFT_GEN (a folder of `thrift --gen js:node` output) Thrift over framed transport, binary and compact protocol.
// HANDLER_FILE (a student's module whose default export is Mult's implementation) replaces the built-in mult.
// Tests: test/rpc/servers.test.ts, test/rpc/connections.test.ts, test/rpc/handler.test.ts.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import {
  decodeReq,
  encodeResp,
  frame,
  frameReader,
  mult,
  MULT_PATH,
  reqFromJson,
  respJson,
  type MultReq,
} from './calc.js';
import { decodeResp, encodeReq, MultRespSchema, type MultResp } from './calc.js';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { compilePlugin, pluginLabel } from '../core/plugin.js';
import {
  MULT_BATCH_PATH,
  MULT_MANY_PATH,
  MultBatchReqSchema,
  MultBatchRespSchema,
  multBatch,
  multMany,
} from './calc.js';
import type { MultBatchReq, MultBatchResp } from './calc.js';
import { Calc } from './gen/calc_pb.js';
import { fromThriftReq, loadThrift, thriftLib, toThriftResp } from './thrift.js';
import type { ChildMessage, ParentMessage, Ports } from './servers.js';

const behaviour = process.env.SERVER_BEHAVIOUR ?? 'ok';
const failures = { executions: 0, dropNext: 0, answers: new Map<string, MultResp>() };
const never = () => new Promise<MultResp>(() => undefined);
/** The Mult that runs: the built-in one, or the student's from HANDLER_FILE (set in main before any server starts). */
let implementation: (req: MultReq) => Promise<MultResp> = (req) => Promise.resolve(mult(req));

/**
 * Loads HANDLER_FILE's default export through the core's plug-in compiler (esbuild: a file anywhere on disk, `syslab/`
 * imports, one-line compile errors) and wraps it so that any answer becomes a MultResp or a clear error. The core's
 * plug-in kinds have no "handler" yet, so its messages are compiled as a "backend" and relabelled here.
 */
async function studentHandler(file: string): Promise<(req: MultReq) => Promise<MultResp>> {
  let mod: { default?: unknown };
  try {
    mod = (await import(await compilePlugin('backend', file))) as { default?: unknown };
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    throw new Error(text.replace(pluginLabel('backend', file), `handler file "${file}"`), { cause: error });
  }
  const f = mod.default;
  if (typeof f !== 'function') {
    throw new Error(`${file}: its default export must be a function (req) => MultResp, not ${typeof f}`);
  }
  return async (req) => {
    const out = (await (f as (r: MultReq) => unknown)(req)) as { product?: unknown; pad?: unknown } | undefined;
    const product = out?.product;
    if (typeof product !== 'bigint' && typeof product !== 'number') {
      throw new Error(`the handler answered ${JSON.stringify(out) ?? 'undefined'}: an object with a product is needed`);
    }
    return create(MultRespSchema, {
      product: BigInt(product),
      pad: out?.pad instanceof Uint8Array ? out.pad : req.pad,
    });
  };
}

/** The handler every stack calls: answers, throws, or returns a promise that never settles. */
function handle(req: MultReq): Promise<MultResp> {
  if (behaviour === 'throw') return Promise.reject(new Error('handler failed on purpose (SERVER_BEHAVIOUR=throw)'));
  if (behaviour === 'hang') return never();
  const remembered = req.requestId ? failures.answers.get(req.requestId) : undefined;
  if (remembered) return Promise.resolve(remembered);
  failures.executions++;
  return implementation(req).then((resp) => {
    if (req.requestId) failures.answers.set(req.requestId, resp);
    if (failures.dropNext > 0) {
      failures.dropNext--;
      return never();
    }
    return resp;
  });
}

const send = (m: ChildMessage) => process.send?.(m);
type AnyServer = net.Server | http.Server | http2.Http2Server | http2.Http2SecureServer;
const portOf = (s: AnyServer) => (s.address() as net.AddressInfo).port;
const listen = (s: AnyServer) =>
  new Promise<number>((resolve, reject) => {
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(portOf(s)));
  });

/** Serves length-prefixed frames on one connection (plain or TLS). */
function serveFrames(socket: net.Socket): void {
  socket.setNoDelay(true);
  socket.on('error', () => socket.destroy());
  // Answers strictly in order, so a client may keep many calls in flight on one connection.
  let chain = Promise.resolve();
  socket.on(
    'data',
    frameReader((message) => {
      const req = decodeReq(message);
      chain = chain
        .then(() => handle(req))
        .then(
          (resp) => void socket.write(frame(encodeResp(resp))),
          () => void socket.destroy(),
        );
    }),
  );
}

function restServer(): http.Server {
  return http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/mult') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let parsed: MultReq;
      try {
        parsed = reqFromJson(Buffer.concat(chunks).toString('utf8'));
      } catch (error) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
        return;
      }
      handle(parsed).then(
        (resp) => res.writeHead(200, { 'content-type': 'application/json' }).end(respJson(resp)),
        (error: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(error.message),
      );
    });
  });
}

async function grpcServer(credentials?: {
  cert: Buffer;
  key: Buffer;
}): Promise<{ server: grpc.Server; port: number; tlsPort?: number }> {
  const server = new grpc.Server();
  const definition: grpc.ServiceDefinition = {
    Mult: {
      path: MULT_PATH,
      requestStream: false,
      responseStream: false,
      requestSerialize: (m: MultReq) => Buffer.from(encodeReq(m)),
      requestDeserialize: (b: Buffer) => decodeReq(b),
      responseSerialize: (m: MultResp) => Buffer.from(encodeResp(m)),
      responseDeserialize: (b: Buffer) => decodeResp(b),
      originalName: 'mult',
    },
    MultMany: {
      path: MULT_MANY_PATH,
      requestStream: false,
      responseStream: true,
      requestSerialize: (m: MultReq) => Buffer.from(encodeReq(m)),
      requestDeserialize: (b: Buffer) => decodeReq(b),
      responseSerialize: (m: MultResp) => Buffer.from(encodeResp(m)),
      responseDeserialize: (b: Buffer) => decodeResp(b),
      originalName: 'multMany',
    },
    MultBatch: {
      path: MULT_BATCH_PATH,
      requestStream: false,
      responseStream: false,
      requestSerialize: (m: MultBatchReq) => Buffer.from(toBinary(MultBatchReqSchema, m)),
      requestDeserialize: (b: Buffer) => fromBinary(MultBatchReqSchema, b),
      responseSerialize: (m: MultBatchResp) => Buffer.from(toBinary(MultBatchRespSchema, m)),
      responseDeserialize: (b: Buffer) => fromBinary(MultBatchRespSchema, b),
      originalName: 'multBatch',
    },
  };
  server.addService(definition, {
    Mult: (call: grpc.ServerUnaryCall<MultReq, MultResp>, callback: grpc.sendUnaryData<MultResp>) => {
      handle(call.request).then(
        (resp) => callback(null, resp),
        (error: Error) => callback({ code: grpc.status.INTERNAL, details: error.message }),
      );
    },
    MultMany: (call: grpc.ServerWritableStream<MultReq, MultResp>) => {
      // Respects backpressure: waits for 'drain' whenever the stream's buffer is full.
      void (async () => {
        for (const resp of multMany(call.request)) {
          if (call.cancelled) return;
          if (!call.write(resp)) await new Promise((r) => call.once('drain', r));
        }
        call.end();
      })();
    },
    MultBatch: (call: grpc.ServerUnaryCall<MultBatchReq, MultBatchResp>, callback: grpc.sendUnaryData<MultBatchResp>) =>
      callback(null, multBatch(call.request)),
  });
  const bind = (creds: grpc.ServerCredentials) =>
    new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', creds, (error, p) => (error ? reject(error) : resolve(p))),
    );
  const port = await bind(grpc.ServerCredentials.createInsecure());
  const tlsPort = credentials
    ? await bind(
        grpc.ServerCredentials.createSsl(null, [{ cert_chain: credentials.cert, private_key: credentials.key }], false),
      )
    : undefined;
  return { server, port, tlsPort };
}

const connectHandler = () =>
  connectNodeAdapter({
    routes: (router) =>
      router.service(Calc, {
        mult: (req) => handle(req),
        multMany: async function* (req) {
          yield* multMany(req);
        },
        multBatch: (req) => multBatch(req),
      }),
  });

/** Thrift's framed servers (binary and compact protocol) on the generated code in `dir`. */
function thriftServers(dir: string): { binary: net.Server; compact: net.Server } {
  const thrift = thriftLib();
  const t = loadThrift(dir);
  const handler = {
    mult: (req: unknown, callback: (error: unknown, resp?: unknown) => void) => {
      handle(fromThriftReq(req)).then(
        (resp) => callback(null, toThriftResp(t, resp)),
        (error: Error) =>
          callback(new thrift.TApplicationException(thrift.TApplicationExceptionType.INTERNAL_ERROR, error.message)),
      );
    },
  };
  const make = (protocol: unknown) =>
    thrift.createServer(t.Calc, handler, { transport: thrift.TFramedTransport, protocol });
  return { binary: make(thrift.TBinaryProtocol), compact: make(thrift.TCompactProtocol) };
}

async function main(): Promise<void> {
  if (process.env.HANDLER_FILE) {
    const student = await studentHandler(process.env.HANDLER_FILE);
    // A student's error also goes to stderr: raw TCP has no way to carry it to the client.
    implementation = (req) =>
      student(req).catch((error: unknown) => {
        process.stderr.write(`handler error: ${error instanceof Error ? error.message : String(error)}\n`);
        throw error;
      });
  }
  const credentials =
    process.env.TLS_CERT && process.env.TLS_KEY
      ? { cert: readFileSync(process.env.TLS_CERT), key: readFileSync(process.env.TLS_KEY) }
      : undefined;
  const tcp = net.createServer(serveFrames);
  const rest = restServer();
  const h1 = http.createServer(connectHandler());
  const h2 = http2.createServer({}, connectHandler());
  const sessions = new Set<http2.ServerHttp2Session>();
  h2.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  const g = await grpcServer(credentials);
  const secure = credentials && {
    tcp: tls.createServer(credentials, serveFrames),
    h1: https.createServer(credentials, connectHandler()),
    h2: http2.createSecureServer(credentials, connectHandler()),
  };
  secure?.h2.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  const ports: Ports = {
    tcp: await listen(tcp),
    rest: await listen(rest),
    h1: await listen(h1),
    h2: await listen(h2),
    grpc: g.port,
  };
  const thriftDir = process.env.THRIFT_GEN;
  const th = thriftDir ? thriftServers(thriftDir) : undefined;
  if (th) ports.thrift = { binary: await listen(th.binary), compact: await listen(th.compact) };
  if (secure && g.tlsPort) {
    ports.tls = {
      tcp: await listen(secure.tcp),
      grpc: g.tlsPort,
      h1: await listen(secure.h1),
      h2: await listen(secure.h2),
    };
  }
  const stop = () => {
    tcp.close();
    rest.closeAllConnections();
    rest.close();
    h1.closeAllConnections();
    h1.close();
    for (const s of sessions) s.destroy();
    h2.close();
    if (secure) {
      secure.tcp.close();
      secure.h1.closeAllConnections();
      secure.h1.close();
      secure.h2.close();
    }
    th?.binary.close();
    th?.compact.close();
    g.server.forceShutdown();
    process.exit(0);
  };
  process.on('message', (m: ParentMessage) => {
    if (m.type === 'cpu') send({ type: 'cpu', id: m.id, usage: process.cpuUsage() });
    else if (m.type === 'failures') {
      Object.assign(failures, { executions: 0, dropNext: m.dropNext, answers: new Map() });
      send({ type: 'executions', id: m.id, executions: 0 });
    } else if (m.type === 'executions') send({ type: 'executions', id: m.id, executions: failures.executions });
    else if (m.type === 'stop') stop();
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', ports, pid: process.pid });
}

main().catch((error: Error) => {
  send({ type: 'failed', message: error.message });
  process.exit(1);
});
