// Lab 08's stacks: their names (the --stacks values), what each one is, and which of the server child's ports it
// calls. Tests: test/rpc/clients.test.ts.
import type { Ports } from './servers.js';

export const STACKS = ['tcp', 'grpc', 'connect-h1', 'connect-h2', 'connect-grpc', 'rest'] as const;
export type Stack = (typeof STACKS)[number];

export const STACK_TEXT: Record<Stack, string> = {
  tcp: 'raw TCP, 4-byte length + protobuf',
  grpc: 'gRPC (@grpc/grpc-js, HTTP/2)',
  'connect-h1': 'Connect protocol, HTTP/1.1',
  'connect-h2': 'Connect protocol, HTTP/2',
  'connect-grpc': 'gRPC protocol via connect-node',
  rest: 'REST/JSON POST /mult, fetch',
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
  }
}
