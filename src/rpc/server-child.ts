// The server process of lab 08 (started by src/rpc/servers.ts with fork, never imported by the lab). It serves
// Calc.Mult on every stack on loopback ports the kernel picks (port 0): raw TCP with length-prefixed protobuf frames,
// gRPC (@grpc/grpc-js), Connect on node:http (HTTP/1.1) and on node:http2 (h2c; it also answers the gRPC protocol),
// and REST/JSON `POST /mult` on node:http; then it sends {ready, ports} over IPC. It answers {cpu} with its
// process.cpuUsage(), closes everything on {stop}, and exits when the IPC channel closes (its parent died, however).
// SERVER_BEHAVIOUR (ok, throw, hang) makes every handler answer, throw, or never answer, for the failure tests.
// For the failures table it counts executions of Mult, remembers answers by request_id (the idempotency key: a
// repeated id gets the remembered answer without executing again), and on {failures: dropNext} loses the answers of
// the next dropNext executions (executes, then never answers: the client sees its deadline pass).
// With THRIFT_GEN (a folder of `thrift --gen js:node` output) it serves Thrift over framed transport, binary and
// compact protocol; with TLS_CERT and TLS_KEY (PEM files) every server again over TLS (raw TCP, gRPC, Connect HTTP/1.1
// and HTTP/2, REST, Thrift).
// HANDLER_FILE (a student's module whose default export is Mult's implementation) replaces the built-in mult.
// With SERVICE_SET (a FileDescriptorSet file) and SERVICE_NAME it serves a student's service instead of Calc: every
// unary method on every stack but Thrift (raw TCP on a port per method), HANDLER_FILE's default export an object of
// one function per method, and its optional `requests` export (or a built sample: src/rpc/service.ts) sent to the
// parent in the ready message. Loading and checking the module: src/rpc/student-module.ts; one that does not fit is
// a {failed} message naming the file. Tests: test/rpc/servers.test.ts, test/rpc/connections.test.ts,
// test/rpc/handler.test.ts, test/rpc/service-lab.test.ts.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import type { ConnectRouter } from '@connectrpc/connect';
import { createFileRegistry, fromBinary, toBinary, type DescMethodUnary, type Message } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { CALC_MULT, frame, frameReader, mult, type MultReq, type MultResp } from './calc.js';
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
import { findService, unaryMethod } from './service.js';
import { logError, studentHandler, studentService, type Served } from './student-module.js';
import { fromThriftReq, loadThrift, thriftLib, toThriftResp } from './thrift.js';
import type { ChildMessage, ParentMessage, Ports, Samples } from './servers.js';

const behaviour = process.env.SERVER_BEHAVIOUR ?? 'ok';
const failures = { executions: 0, dropNext: 0, answers: new Map<string, MultResp>() };
const never = () => new Promise<MultResp>(() => undefined);
/** The Mult that runs: the built-in one, or the student's from HANDLER_FILE (set in main before any server starts). */
let implementation: (req: MultReq) => Promise<MultResp> = (req) => Promise.resolve(mult(req));

/** SERVER_BEHAVIOUR for the failure tests: answer, throw, or never answer. */
function answerOrMisbehave<T>(answer: () => Promise<T>): Promise<T> {
  if (behaviour === 'throw') return Promise.reject(new Error('handler failed on purpose (SERVER_BEHAVIOUR=throw)'));
  if (behaviour === 'hang') return new Promise<T>(() => undefined);
  return answer();
}

/** Calc.Mult as every stack calls it: answers, throws, or returns a promise that never settles. */
function handle(req: MultReq): Promise<MultResp> {
  return answerOrMisbehave(() => {
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

/** Serves one method's length-prefixed frames on one connection (plain or TLS). */
const serveFrames =
  ({ method, handle }: Served) =>
  (socket: net.Socket): void => {
    socket.setNoDelay(true);
    socket.on('error', () => socket.destroy());
    // Answers strictly in order, so a client may keep many calls in flight on one connection.
    let chain = Promise.resolve();
    socket.on(
      'data',
      frameReader((message) => {
        const req = method.decodeReq(message);
        chain = chain
          .then(() => handle(req))
          .then((resp) => void socket.write(frame(method.encodeResp(resp))))
          .catch(() => void socket.destroy());
      }),
    );
  };

/** REST: `POST <restPath>` per method, JSON in and out. */
function restHandler(served: Served[]): http.RequestListener {
  return (req, res) => {
    const s = req.method === 'POST' ? served.find((x) => x.method.restPath === req.url) : undefined;
    if (!s) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let parsed: Message;
      try {
        parsed = s.method.reqFromJson(Buffer.concat(chunks).toString('utf8'));
      } catch (error) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
        return;
      }
      // The body is encoded before the head is written, so an answer that cannot be encoded still gets its 500.
      s.handle(parsed)
        .then((resp) => s.method.respJson(resp))
        .then(
          (body) => res.writeHead(200, { 'content-type': 'application/json' }).end(body),
          (error: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(error.message),
        );
    });
  };
}

/** gRPC's definition and implementation of a served method. */
function grpcMethod(s: Served): [grpc.MethodDefinition<Message, Message>, grpc.UntypedHandleCall] {
  const definition: grpc.MethodDefinition<Message, Message> = {
    path: s.method.path,
    requestStream: false,
    responseStream: false,
    requestSerialize: (m) => Buffer.from(s.method.encodeReq(m)),
    requestDeserialize: (b) => s.method.decodeReq(b),
    responseSerialize: (m) => Buffer.from(s.method.encodeResp(m)),
    responseDeserialize: (b) => s.method.decodeResp(b),
    originalName: s.method.desc.localName,
  };
  const implementation = (call: grpc.ServerUnaryCall<Message, Message>, callback: grpc.sendUnaryData<Message>) => {
    s.handle(call.request).then(
      (resp) => callback(null, resp),
      (error: Error) => callback({ code: grpc.status.INTERNAL, details: error.message }),
    );
  };
  return [definition, implementation as grpc.UntypedHandleCall];
}

/** Calc's streaming and batch methods (the streaming table), for gRPC. */
function calcStreamingGrpc(): [grpc.ServiceDefinition, grpc.UntypedServiceImplementation] {
  const encode = (m: MultResp) => Buffer.from(CALC_MULT.encodeResp(m));
  const definition: grpc.ServiceDefinition = {
    MultMany: {
      path: MULT_MANY_PATH,
      requestStream: false,
      responseStream: true,
      requestSerialize: (m: MultReq) => Buffer.from(CALC_MULT.encodeReq(m)),
      requestDeserialize: (b: Buffer) => CALC_MULT.decodeReq(b),
      responseSerialize: encode,
      responseDeserialize: (b: Buffer) => CALC_MULT.decodeResp(b),
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
  const implementation: grpc.UntypedServiceImplementation = {
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
  };
  return [definition, implementation];
}

async function grpcServer(
  served: Served[],
  calc: boolean,
  credentials?: { cert: Buffer; key: Buffer },
): Promise<{ server: grpc.Server; port: number; tlsPort?: number }> {
  const server = new grpc.Server();
  const [streaming, streamingImpl] = calc ? calcStreamingGrpc() : [{}, {}];
  const unary = served.map((s) => [s.method.name, ...grpcMethod(s)] as const);
  server.addService(
    { ...streaming, ...Object.fromEntries(unary.map(([name, d]) => [name, d])) },
    { ...streamingImpl, ...Object.fromEntries(unary.map(([name, , i]) => [name, i])) },
  );
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

/** Connect's routes: every served method, and with Calc its streaming and batch methods. */
const connectHandler = (served: Served[], calc: boolean) =>
  connectNodeAdapter({
    routes: (router: ConnectRouter) => {
      for (const s of served) router.rpc(s.method.desc, (req: Message) => s.handle(req));
      if (calc) {
        router.rpc(Calc.method.multMany, async function* (req) {
          yield* multMany(req);
        });
        router.rpc(Calc.method.multBatch, (req) => multBatch(req));
      }
    },
  });

/**
 * Thrift's framed servers (binary and compact protocol) on the generated code in `dir`, and with `credentials` the
 * same two over TLS (the thrift package's `tls` server option).
 */
function thriftServers(
  dir: string,
  credentials?: { cert: Buffer; key: Buffer },
): { binary: net.Server; compact: net.Server; tls?: { binary: net.Server; compact: net.Server } } {
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
  // Answers go out at once, as on every other stack's server (no Nagle delay when calls are in flight at once).
  const make = (protocol: unknown, tls?: object) =>
    thrift
      .createServer(t.Calc, handler, { transport: thrift.TFramedTransport, protocol, ...(tls ? { tls } : {}) })
      .on(tls ? 'secureConnection' : 'connection', (socket: net.Socket) => socket.setNoDelay(true));
  return {
    binary: make(thrift.TBinaryProtocol),
    compact: make(thrift.TCompactProtocol),
    ...(credentials
      ? {
          tls: {
            binary: make(thrift.TBinaryProtocol, { ...credentials }),
            compact: make(thrift.TCompactProtocol, { ...credentials }),
          },
        }
      : {}),
  };
}

/** What this process serves: Calc (Mult, the built-in one or HANDLER_FILE's), or SERVICE_NAME from SERVICE_SET. */
async function whatToServe(): Promise<{ served: Served[]; calc: boolean; samples?: Samples }> {
  const setFile = process.env.SERVICE_SET;
  const handlerFile = process.env.HANDLER_FILE;
  if (setFile) {
    const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(setFile)));
    const service = findService(registry, process.env.SERVICE_NAME ?? '', setFile);
    const methods = service.methods
      .filter((m): m is DescMethodUnary => m.methodKind === 'unary')
      .map((m) => unaryMethod(m, registry));
    if (!handlerFile) throw new Error('a service needs a handler file');
    const shown = process.env.HANDLER_SHOWN ?? handlerFile;
    const student = await studentService(handlerFile, shown, methods, service.typeName);
    const served = student.served.map((x) => ({
      ...x,
      handle: (req: Message) => answerOrMisbehave(() => x.handle(req)),
    }));
    return { served, samples: student.samples, calc: false };
  }
  if (handlerFile) {
    const student = await studentHandler(handlerFile);
    implementation = (req) =>
      student(req).catch((error: unknown) => {
        logError('', error);
        throw error;
      });
  }
  const calcMult = { method: CALC_MULT, handle } as unknown as Served;
  return { served: [calcMult], calc: true };
}

async function main(): Promise<void> {
  const { served, calc, samples } = await whatToServe();
  const credentials =
    process.env.TLS_CERT && process.env.TLS_KEY
      ? { cert: readFileSync(process.env.TLS_CERT), key: readFileSync(process.env.TLS_KEY) }
      : undefined;
  const tcp = served.map((s) => net.createServer(serveFrames(s)));
  const rest = http.createServer(restHandler(served));
  const h1 = http.createServer(connectHandler(served, calc));
  const h2 = http2.createServer({}, connectHandler(served, calc));
  const sessions = new Set<http2.ServerHttp2Session>();
  const track = (s: http2.ServerHttp2Session) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  };
  h2.on('session', track);
  const g = await grpcServer(served, calc, credentials);
  const secure = credentials && {
    tcp: served.map((s) => tls.createServer(credentials, serveFrames(s))),
    h1: https.createServer(credentials, connectHandler(served, calc)),
    h2: http2.createSecureServer(credentials, connectHandler(served, calc)),
    rest: https.createServer(credentials, restHandler(served)),
  };
  secure?.h2.on('session', track);
  const byMethod = async (servers: net.Server[]) => {
    const out: Record<string, number> = {};
    for (const [i, s] of servers.entries()) out[served[i].method.name] = await listen(s);
    return out;
  };
  const tcpPorts = await byMethod(tcp);
  const ports: Ports = {
    tcp: tcpPorts[served[0].method.name],
    rest: await listen(rest),
    h1: await listen(h1),
    h2: await listen(h2),
    grpc: g.port,
    ...(calc ? {} : { tcpByMethod: tcpPorts }),
  };
  const thriftDir = calc ? process.env.THRIFT_GEN : undefined;
  const th = thriftDir ? thriftServers(thriftDir, credentials) : undefined;
  if (th) ports.thrift = { binary: await listen(th.binary), compact: await listen(th.compact) };
  if (secure && g.tlsPort) {
    const tlsTcp = await byMethod(secure.tcp);
    ports.tls = {
      tcp: tlsTcp[served[0].method.name],
      grpc: g.tlsPort,
      h1: await listen(secure.h1),
      h2: await listen(secure.h2),
      rest: await listen(secure.rest),
      ...(calc ? {} : { tcpByMethod: tlsTcp }),
      ...(th?.tls ? { thrift: { binary: await listen(th.tls.binary), compact: await listen(th.tls.compact) } } : {}),
    };
  }
  const stop = () => {
    for (const s of tcp) s.close();
    for (const s of [rest, h1, ...(secure ? [secure.h1, secure.rest] : [])]) {
      s.closeAllConnections();
      s.close();
    }
    for (const s of sessions) s.destroy();
    h2.close();
    if (secure) {
      for (const s of secure.tcp) s.close();
      secure.h2.close();
    }
    for (const s of th ? [th.binary, th.compact, ...(th.tls ? [th.tls.binary, th.tls.compact] : [])] : []) s.close();
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
  send({ type: 'ready', ports, pid: process.pid, ...(samples ? { samples } : {}) });
}

main().catch((error: Error) => {
  send({ type: 'failed', message: error.message });
  process.exit(1);
});
