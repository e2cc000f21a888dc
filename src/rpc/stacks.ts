// Lab 08's stacks: their names (the --stacks values), what each one is, and which of the server child's ports it
// calls. Tests: test/rpc/clients.test.ts, test/rpc/thrift.test.ts.
import type { Ports } from './servers.js';

/** The stacks built from npm packages alone (always available). */
export const CORE_STACKS = ['tcp', 'grpc', 'connect-h1', 'connect-h2', 'connect-grpc', 'rest'] as const;
/** Apache Thrift's stacks: they need Debian's thrift compiler at run time. */
export const THRIFT_STACKS = ['thrift-binary', 'thrift-compact'] as const;
export const STACKS = [...CORE_STACKS, ...THRIFT_STACKS] as const;
export type Stack = (typeof STACKS)[number];
export type ThriftStack = (typeof THRIFT_STACKS)[number];
export const isThrift = (s: Stack): s is ThriftStack => s.startsWith('thrift-');

export const STACK_TEXT: Record<Stack, string> = {
  tcp: 'raw TCP, 4-byte length + protobuf',
  grpc: 'gRPC (@grpc/grpc-js, HTTP/2)',
  'connect-h1': 'Connect protocol, HTTP/1.1',
  'connect-h2': 'Connect protocol, HTTP/2',
  'connect-grpc': 'gRPC protocol via connect-node',
  rest: 'REST/JSON POST /mult, fetch',
  'thrift-binary': 'Apache Thrift, binary protocol, framed',
  'thrift-compact': 'Apache Thrift, compact protocol, framed',
};

/** The server port a stack's client connects to. */
export function portFor(stack: Stack, ports: Ports): number {
  switch (stack) {
    case 'tcp':
      return ports.tcp;
    case 'grpc':
      return ports.grpc;
    case 'connect-h1':
      return ports.h1;
    case 'connect-h2':
    case 'connect-grpc':
      return ports.h2;
    case 'rest':
      return ports.rest;
    case 'thrift-binary':
    case 'thrift-compact':
      if (!ports.thrift) throw new Error(`${stack}: the server was started without Thrift`);
      return stack === 'thrift-binary' ? ports.thrift.binary : ports.thrift.compact;
  }
}

/** The server's TLS port for a stack's Calc calls, when the server was started with a certificate (else undefined). */
export function tlsPortFor(stack: Stack, ports: Ports): number | undefined {
  const tls = ports.tls;
  if (!tls) return undefined;
  if (stack === 'rest') return tls.rest;
  if (stack === 'thrift-binary' || stack === 'thrift-compact') return tls.thrift?.[stack.slice(7) as 'binary'];
  if (stack === 'tcp' || stack === 'grpc') return tls[stack];
  return stack === 'connect-h1' ? tls.h1 : tls.h2;
}
