// One client per stack with the same shape: call(req) resolves with the MultResp or rejects with an Error that names
// the stack and what went wrong (a deadline of `timeoutMs` per call on every stack, so a server that never answers
// ends in a clear message, never a hang); close() releases its connections. Each client keeps its connection(s)
// open between calls (keep-alive; HTTP/2 and raw TCP carry every call on one connection). Tests:
// test/rpc/clients.test.ts.
import http from 'node:http';
import net from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { Code, ConnectError, createClient } from '@connectrpc/connect';
import { createConnectTransport, createGrpcTransport, Http2SessionManager } from '@connectrpc/connect-node';
import { decodeResp, encodeReq, frame, frameReader, MULT_PATH, reqJson, respFromJson } from './calc.js';
import type { MultReq, MultResp } from './calc.js';
import { Calc } from './gen/calc_pb.js';
import type { Stack } from './stacks.js';

export interface RpcClient {
  stack: Stack;
  call(req: MultReq): Promise<MultResp>;
  close(): void;
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

function tcpClient(port: number, timeoutMs: number): RpcClient {
  // Answers come back in order, so each one settles the oldest call still waiting.
  const waiting: { resolve: (r: MultResp) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }[] = [];
  const failAll = (error: Error) => {
    for (const w of waiting.splice(0)) {
      clearTimeout(w.timer);
      w.reject(error);
    }
  };
  const connect = () => {
    const s = net.connect({ port, host: '127.0.0.1', noDelay: true });
    s.on(
      'data',
      frameReader((m) => {
        const w = waiting.shift();
        if (!w) return;
        clearTimeout(w.timer);
        w.resolve(decodeResp(m));
      }),
    );
    // Only the current connection's end fails the waiting calls (an old one closes after its replacement opened).
    s.on('error', (e) => s === socket && failAll(new CallError(`tcp: ${e.message}`)));
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
        socket.write(frame(encodeReq(req)));
      }),
    close: () => socket.destroy(),
  };
}

function grpcClient(port: number, timeoutMs: number): RpcClient {
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
    'grpc.max_send_message_length': 64 * 1024 * 1024,
  });
  return {
    stack: 'grpc',
    call: (req) =>
      new Promise((resolve, reject) => {
        client.makeUnaryRequest(
          MULT_PATH,
          (m: MultReq) => Buffer.from(encodeReq(m)),
          (b: Buffer) => decodeResp(b),
          req,
          new grpc.Metadata(),
          { deadline: Date.now() + timeoutMs },
          (error: grpc.ServiceError | null, resp?: MultResp) =>
            error || !resp ? reject(fail('grpc', error ?? new Error('empty response'), timeoutMs)) : resolve(resp),
        );
      }),
    close: () => client.close(),
  };
}

function connectClient(
  stack: 'connect-h1' | 'connect-h2' | 'connect-grpc',
  port: number,
  timeoutMs: number,
): RpcClient {
  const baseUrl = `http://127.0.0.1:${port}`;
  const agent = new http.Agent({ keepAlive: true });
  const sessionManager = new Http2SessionManager(baseUrl);
  const limits = { readMaxBytes: 64 * 1024 * 1024, writeMaxBytes: 64 * 1024 * 1024 };
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
  const client = createClient(Calc, transport);
  return {
    stack,
    call: async (req) => {
      try {
        return await client.mult(req, { timeoutMs });
      } catch (error) {
        throw fail(stack, error, timeoutMs);
      }
    },
    close: () => {
      agent.destroy();
      sessionManager.abort();
    },
  };
}

function restClient(port: number, timeoutMs: number): RpcClient {
  const url = `http://127.0.0.1:${port}/mult`;
  return {
    stack: 'rest',
    call: async (req) => {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: reqJson(req),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const text = await res.text();
        if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
        return respFromJson(text);
      } catch (error) {
        throw fail('rest', error, timeoutMs);
      }
    },
    close: () => undefined, // fetch's pool keeps its sockets until the server or the proxy closes them
  };
}

/** A client for `stack` calling 127.0.0.1:`port`, with a deadline of `timeoutMs` on every call. */
export function makeClient(stack: Stack, port: number, timeoutMs: number): RpcClient {
  switch (stack) {
    case 'tcp':
      return tcpClient(port, timeoutMs);
    case 'grpc':
      return grpcClient(port, timeoutMs);
    case 'connect-h1':
    case 'connect-h2':
    case 'connect-grpc':
      return connectClient(stack, port, timeoutMs);
    case 'rest':
      return restClient(port, timeoutMs);
  }
}
