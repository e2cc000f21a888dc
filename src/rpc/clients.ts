// One client per stack with the same shape, for any unary method (an RpcMethod from src/rpc/service.ts; Calc.Mult
// unless told another): call(req) resolves with the response or rejects with an Error that names
// the stack and what went wrong (a deadline of `timeoutMs` per call on every stack, so a server that never answers
// ends in a clear message, never a hang); close() releases its connections. Each client keeps its connection(s)
// open between calls (keep-alive; HTTP/2 and raw TCP carry every call on one connection). Tests:
// test/rpc/clients.test.ts.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { Code, ConnectError } from '@connectrpc/connect';
import { Agent as UndiciAgent } from 'undici';
import { createConnectTransport, createGrpcTransport, Http2SessionManager } from '@connectrpc/connect-node';
import type { Message } from '@bufbuild/protobuf';
import { CALC_MULT, frame, frameReader } from './calc.js';
import type { MultReq, MultResp } from './calc.js';
import type { RpcMethod } from './service.js';
import type { Stack, ThriftStack } from './stacks.js';
import { currentThrift, fromThriftResp, thriftLib, toThriftReq } from './thrift.js';
import type { ThriftCalcClient, ThriftConnection } from './thrift.js';

export interface RpcClient<Req = MultReq, Resp = MultResp> {
  stack: Stack;
  call(req: Req): Promise<Resp>;
  close(): void;
}

/**
 * fresh: a new connection for every call (closed after its answer) instead of one kept alive; ca: call over TLS,
 * trusting this certificate (the port must then be the server's TLS port).
 */
export interface ClientOptions {
  fresh?: boolean;
  ca?: Buffer;
}

/**
 * An HTTPS agent whose TLS sockets send at once (tls.connect ignores the noDelay option): without it a request
 * written as headers then body waits for the server's delayed ACK, about 40 ms on Linux.
 */
class NoDelayHttpsAgent extends https.Agent {
  override createConnection(
    options: https.RequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const socket = super.createConnection(options, callback);
    if (socket instanceof net.Socket) socket.setNoDelay(true);
    return socket;
  }
}

export class CallError extends Error {
  override readonly name = 'CallError';
}

function fail(stack: Stack, error: unknown, timeoutMs: number): CallError {
  const text = error instanceof Error ? error.message : String(error);
  const deadline =
    (error instanceof ConnectError && error.code === Code.DeadlineExceeded) ||
    (error as { code?: number }).code === grpc.status.DEADLINE_EXCEEDED ||
    (error as { name?: string }).name === 'TimeoutError';
  return new CallError(deadline ? `${stack}: no answer within ${timeoutMs} ms (${text})` : `${stack}: ${text}`);
}

type M = Message;

function tcpClient(method: RpcMethod<M, M>, port: number, timeoutMs: number, o: ClientOptions): RpcClient<M, M> {
  // Answers come back in order, so each one settles the oldest call still waiting.
  const waiting: { resolve: (r: M) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }[] = [];
  const failAll = (error: Error) => {
    for (const w of waiting.splice(0)) {
      clearTimeout(w.timer);
      w.reject(error);
    }
  };
  const connect = () => {
    const s: net.Socket = o.ca
      ? tls.connect({ port, host: '127.0.0.1', ca: o.ca, servername: '' }).setNoDelay(true)
      : net.connect({ port, host: '127.0.0.1', noDelay: true });
    s.on(
      'data',
      frameReader((m) => {
        const w = waiting.shift();
        if (!w) return;
        clearTimeout(w.timer);
        w.resolve(method.decodeResp(m));
        if (o.fresh && !waiting.length) s.destroy();
      }),
    );
    // Only the current connection's end fails the waiting calls (an old one closes after its replacement opened).
    s.on('error', (e: Error) => s === socket && failAll(new CallError(`tcp: ${e.message}`)));
    s.on('close', () => s === socket && failAll(new CallError('tcp: the server closed the connection')));
    return s;
  };
  let socket: net.Socket = connect();
  return {
    stack: 'tcp',
    call: (req) =>
      new Promise((resolve, reject) => {
        // After a deadline the connection was closed: the next call opens a new one.
        if (socket.destroyed) socket = connect();
        const timer = setTimeout(() => {
          // A late answer would now settle the wrong call: the connection is useless, close it.
          socket.destroy();
          failAll(new CallError(`tcp: no answer within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.push({ resolve, reject, timer });
        socket.write(frame(method.encodeReq(req)));
      }),
    close: () => socket.destroy(),
  };
}

function grpcClient(m: RpcMethod<M, M>, port: number, timeoutMs: number, o: ClientOptions): RpcClient<M, M> {
  const open = () =>
    new grpc.Client(`127.0.0.1:${port}`, o.ca ? grpc.credentials.createSsl(o.ca) : grpc.credentials.createInsecure(), {
      'grpc.max_receive_message_length': 64 * 1024 * 1024,
      'grpc.max_send_message_length': 64 * 1024 * 1024,
      // grpc-js shares connections between clients of one target through a process-wide subchannel pool: a "new"
      // client would ride on another client's open connection (the connections table's kept-alive one). A pool of
      // its own makes every client's connections its own, as on the other stacks.
      'grpc.use_local_subchannel_pool': 1,
      // TLS: present and verify the name localhost (in the throwaway certificate), not the IP Node warns about.
      ...(o.ca ? { 'grpc.ssl_target_name_override': 'localhost' } : {}),
    });
  let kept: grpc.Client | undefined = o.fresh ? undefined : open();
  return {
    stack: 'grpc',
    call: (req) =>
      new Promise<M>((resolve, reject) => {
        const client = kept ?? open();
        const done = () => {
          if (!kept) client.close();
        };
        client.makeUnaryRequest(
          m.path,
          (r: M) => Buffer.from(m.encodeReq(r)),
          (b: Buffer) => m.decodeResp(b),
          req,
          new grpc.Metadata(),
          { deadline: Date.now() + timeoutMs },
          (error: grpc.ServiceError | null, resp?: M) => {
            done();
            if (error || !resp) reject(fail('grpc', error ?? new Error('empty response'), timeoutMs));
            else resolve(resp);
          },
        );
      }),
    close: () => {
      kept?.close();
      kept = undefined;
    },
  };
}

function connectClient(
  m: RpcMethod<M, M>,
  stack: 'connect-h1' | 'connect-h2' | 'connect-grpc',
  port: number,
  timeoutMs: number,
  o: ClientOptions,
): RpcClient<M, M> {
  const baseUrl = `${o.ca ? 'https' : 'http'}://127.0.0.1:${port}`;
  const limits = { readMaxBytes: 64 * 1024 * 1024, writeMaxBytes: 64 * 1024 * 1024 };
  const agentOptions = { keepAlive: !o.fresh, noDelay: true, ...(o.ca ? { ca: o.ca } : {}) };
  const agent = o.ca ? new NoDelayHttpsAgent(agentOptions) : new http.Agent(agentOptions);
  const sessions = new Set<Http2SessionManager>();
  /** A client on its own HTTP/2 session manager (one session), or on the HTTP/1.1 agent. */
  const open = () => {
    const sessionManager = new Http2SessionManager(baseUrl, undefined, o.ca ? { ca: o.ca } : undefined);
    sessions.add(sessionManager);
    const transport =
      stack === 'connect-h1'
        ? createConnectTransport({
            baseUrl,
            httpVersion: '1.1',
            useBinaryFormat: true,
            nodeOptions: { agent },
            ...limits,
          })
        : stack === 'connect-h2'
          ? createConnectTransport({ baseUrl, httpVersion: '2', useBinaryFormat: true, sessionManager, ...limits })
          : createGrpcTransport({ baseUrl, sessionManager, ...limits });
    return { transport, sessionManager };
  };
  const kept = o.fresh && stack !== 'connect-h1' ? undefined : open();
  return {
    stack,
    call: async (req) => {
      const c = kept ?? open();
      try {
        return (await c.transport.unary(m.desc, undefined, timeoutMs, undefined, req)).message;
      } catch (error) {
        throw fail(stack, error, timeoutMs);
      } finally {
        if (!kept) {
          c.sessionManager.abort();
          sessions.delete(c.sessionManager);
        }
      }
    },
    close: () => {
      agent.destroy();
      for (const m of sessions) m.abort();
      sessions.clear();
    },
  };
}

function restClient(m: RpcMethod<M, M>, port: number, timeoutMs: number, o: ClientOptions): RpcClient<M, M> {
  const url = `${o.ca ? 'https' : 'http'}://127.0.0.1:${port}${m.restPath}`;
  // Each client calls through an undici Agent of its own (Node's fetch takes an undici dispatcher): its connections
  // are its own, as on every other stack, instead of a pool shared by the whole process, and close() ends them; over
  // TLS the Agent trusts the throwaway certificate (fetch's default pool trusts only the system's CAs).
  const agent = new UndiciAgent(o.ca ? { connect: { ca: o.ca } } : {});
  return {
    stack: 'rest',
    call: async (req) => {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(o.fresh ? { connection: 'close' } : {}) },
          body: m.reqJson(req),
          signal: AbortSignal.timeout(timeoutMs),
          // npm undici's Agent and the undici-types of Node's fetch describe the same Dispatcher, typed apart.
          dispatcher: agent as unknown as RequestInit['dispatcher'],
        });
        const text = await res.text();
        if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
        return m.respFromJson(text);
      } catch (error) {
        throw fail('rest', error, timeoutMs);
      }
    },
    close: () => void agent.destroy().catch(() => undefined),
  };
}

function thriftClient(stack: ThriftStack, port: number, timeoutMs: number, o: ClientOptions): RpcClient {
  const t = currentThrift();
  if (!t) throw new CallError(`${stack}: no generated Thrift code is loaded`);
  const thrift = thriftLib();
  const protocol = stack === 'thrift-binary' ? thrift.TBinaryProtocol : thrift.TCompactProtocol;
  let conn: ThriftConnection | undefined;
  let client: ThriftCalcClient | undefined;
  let lastError: string | undefined;
  const open = (): ThriftCalcClient => {
    const options = { transport: thrift.TFramedTransport, protocol, max_attempts: 0 };
    const c = o.ca
      ? thrift.createSSLConnection('127.0.0.1', port, { ...options, ca: o.ca })
      : thrift.createConnection('127.0.0.1', port, options);
    c.on('error', (e: Error) => (lastError = e.message));
    // As every other stack's sockets: calls in flight at once must not wait for Nagle's algorithm.
    c.connection?.setNoDelay(true);
    conn = c;
    client = thrift.createClient(t.Calc, c);
    return client;
  };
  const drop = () => {
    conn?.connection?.destroy();
    conn = undefined;
  };
  return {
    stack,
    call: (req) =>
      new Promise<MultResp>((resolve, reject) => {
        const calc = conn && client ? client : open();
        const mine = conn;
        const timer = setTimeout(() => {
          // Its answer may still come, on a connection nobody listens to any more.
          if (conn === mine) drop();
          reject(new CallError(`${stack}: no answer within ${timeoutMs} ms${lastError ? ` (${lastError})` : ''}`));
        }, timeoutMs);
        calc.mult(toThriftReq(t, req), (error: unknown, resp: unknown) => {
          clearTimeout(timer);
          if (o.fresh && conn === mine) drop();
          if (error)
            reject(new CallError(`${stack}: ${error instanceof Error ? error.message : JSON.stringify(error)}`));
          else resolve(fromThriftResp(resp));
        });
      }),
    close: drop,
  };
}

/**
 * A client for `stack` calling `o.method` (Calc.Mult unless told) on 127.0.0.1:`port`, with a deadline of
 * `timeoutMs` on every call. Thrift carries Calc.Mult only (its IDL is data/rpc/calc.thrift).
 */
export function makeClient(stack: Stack, port: number, timeoutMs: number, o?: ClientOptions): RpcClient;
export function makeClient<Req extends M, Resp extends M>(
  stack: Stack,
  port: number,
  timeoutMs: number,
  o: ClientOptions & { method: RpcMethod<Req, Resp> },
): RpcClient<Req, Resp>;
export function makeClient(
  stack: Stack,
  port: number,
  timeoutMs: number,
  o: ClientOptions & { method?: RpcMethod<M, M> } = {},
): RpcClient<M, M> {
  const method = o.method ?? (CALC_MULT as unknown as RpcMethod<M, M>);
  switch (stack) {
    case 'tcp':
      return tcpClient(method, port, timeoutMs, o);
    case 'grpc':
      return grpcClient(method, port, timeoutMs, o);
    case 'connect-h1':
    case 'connect-h2':
    case 'connect-grpc':
      return connectClient(method, stack, port, timeoutMs, o);
    case 'rest':
      return restClient(method, port, timeoutMs, o);
    case 'thrift-binary':
    case 'thrift-compact':
      if (method.path !== CALC_MULT.path) {
        throw new CallError(`${stack}: Thrift carries the lab's Calc service only, not a protobuf service`);
      }
      return thriftClient(stack, port, timeoutMs, o);
  }
}
