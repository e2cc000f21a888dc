// A student's service on real servers, known answers worked out by hand from the protobuf encoding: the fixture
// coursework.shapes.Shapes (test/rpc/fixtures/service/) compiled with buf, served by the server child with the
// fixture's handler module, called over raw sockets, fetch and every stack's client; the requests the lab builds
// when a handler module gives none; and the byte-for-byte answer check.
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBinary, toBinary, type Message } from '@bufbuild/protobuf';
import { makeClient } from '../../src/rpc/clients.js';
import { startServers, type ServerProcess } from '../../src/rpc/servers.js';
import {
  loadStudentService,
  methodPort,
  sampleRequest,
  servicePlan,
  writeDescriptorSet,
  type References,
  type StudentService,
} from '../../src/rpc/service.js';
import { serviceWireRow } from '../../src/rpc/service-tables.js';
import { CORE_STACKS } from '../../src/rpc/stacks.js';
import { serverChildrenOf } from './helpers.js';

const dir = 'test/rpc/fixtures/service';
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Sends `frame` on a new raw TCP connection and resolves with the first `bytes` bytes that come back. */
function rawCall(port: number, frame: Buffer, bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = net.connect({ port, host: '127.0.0.1' }, () => s.write(frame));
    s.on('data', (c: Buffer) => {
      chunks.push(c);
      const all = Buffer.concat(chunks);
      if (all.length >= bytes) {
        s.destroy();
        resolve(all);
      }
    });
    s.on('error', reject);
  });
}

describe('a student service, compiled', () => {
  it('finds its unary methods, their paths and REST routes, and sets the streaming one aside', () => {
    const s = loadStudentService(`${dir}/shapes.proto`, 'Shapes');
    expect(s.service.typeName).toBe('coursework.shapes.Shapes');
    expect(s.methods.map((m) => [m.name, m.path, m.restPath])).toEqual([
      ['Add', '/coursework.shapes.Shapes/Add', '/add'],
      ['Echo', '/coursework.shapes.Shapes/Echo', '/echo'],
    ]);
    expect(s.skipped).toEqual([
      { method: 'Repeat', reason: "it is a server-streaming method, and the lab's tables call unary methods only" },
    ]);
  });

  it('builds a sample request with every field set once', () => {
    const s = loadStudentService(`${dir}/shapes.proto`, 'coursework.shapes.Shapes');
    const [add, echo] = s.methods.map((m) => m.desc.input);
    // AddReq{a: 7, b: 7}: field 1 varint (08 07), field 2 varint (10 07).
    expect(hex(toBinary(add, sampleRequest(add)))).toBe('08071007');
    // EchoReq{text: "abc"}: field 1 length-delimited (0a), length 3, "abc".
    expect(hex(toBinary(echo, sampleRequest(echo)))).toBe('0a03616263');
  });
});

describe('a student service whose handler module never finishes loading', () => {
  it('is given up at the ready limit, naming the file, and leaves no process', async () => {
    const student = loadStudentService(`${dir}/shapes.proto`, 'Shapes');
    const descriptorFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'syslab-08-service-')), 'set.binpb');
    writeDescriptorSet(student.registry, descriptorFile);
    const start = startServers({
      handlerFile: `${dir}/endless-top.ts`,
      service: { descriptorFile, name: student.service.typeName },
      readyMs: 3000,
    });
    await expect(start).rejects.toThrow(
      `the RPC server process was not ready within 3000 ms (does the top level of --handler ${dir}/endless-top.ts ever finish?)`,
    );
    expect(serverChildrenOf()).toEqual([]);
  });
});

describe('a student service, served', () => {
  let student: StudentService;
  let server: ServerProcess;
  beforeAll(async () => {
    student = loadStudentService(`${dir}/shapes.proto`, 'Shapes');
    const descriptorFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'syslab-08-service-')), 'set.binpb');
    writeDescriptorSet(student.registry, descriptorFile);
    server = await startServers({
      handlerFile: `${dir}/handler.ts`,
      service: { descriptorFile, name: student.service.typeName },
    });
  });
  afterAll(async () => {
    await server.stop();
    expect(serverChildrenOf()).toEqual([]);
  });

  it("sends the handler module's requests, and builds one where it gives none", () => {
    const b64 = (h: string) => Buffer.from(h, 'hex').toString('base64');
    expect(server.samples).toEqual({
      // {a: 2, b: 3}: 08 02 10 03. {a: -1, b: 300}: -1 as an int32 is a 10-byte varint (ff × 9, 01); 300 = ac 02.
      Add: { given: true, requests: [b64('08021003'), b64('08ffffffffffffffffff0110ac02')] },
      Echo: { given: false, requests: [b64('0a03616263')] },
    });
  });

  it('answers raw TCP frames, one port per method: 4-byte length + the protobuf bytes', async () => {
    const ports = server.ports.tcpByMethod!;
    expect(Object.keys(ports)).toEqual(['Add', 'Echo']);
    // Add(2, 3): frame 00000004 08021003; answer AddResp{sum: 5} = 08 05, framed 00000002 0805.
    expect(hex(await rawCall(ports.Add, Buffer.from('0000000408021003', 'hex'), 6))).toBe('000000020805');
    // Echo("abc"): answer EchoResp{text: "ABC", length: 3} = 0a 03 41 42 43 10 03 (7 bytes).
    expect(hex(await rawCall(ports.Echo, Buffer.from('000000050a03616263', 'hex'), 11))).toBe('000000070a034142431003');
  });

  it('answers REST POSTs with canonical JSON', async () => {
    const post = async (route: string, body: string) =>
      (await fetch(`http://127.0.0.1:${server.ports.rest}${route}`, { method: 'POST', body })).text();
    expect(await post('/add', '{"a":2,"b":3}')).toBe('{"sum":5}');
    expect(await post('/echo', '{"text":"abc"}')).toBe('{"text":"ABC","length":3}');
  });

  it('gives the same answer bytes on every stack', async () => {
    const [add] = student.methods;
    const req = add.decodeReq(Buffer.from('08021003', 'hex'));
    for (const stack of CORE_STACKS) {
      const client = makeClient(stack, methodPort(stack, 'Add', server.ports)!, 2000, { method: add });
      try {
        expect([stack, hex(add.encodeResp(await client.call(req)))]).toEqual([stack, '0805']);
      } finally {
        client.close();
      }
    }
  });

  it('counts 8 bytes out and 6 back per Add(2, 3) on raw TCP, 9 and 11 per Echo("abc")', async () => {
    const references: References = new Map();
    const rows = [];
    for (const m of student.methods) {
      const requests: Message[] = server.samples![m.name].requests.map((b) =>
        fromBinary(m.desc.input, Buffer.from(b, 'base64')),
      );
      const plan = servicePlan(m, requests, references);
      rows.push(await serviceWireRow(server, 'tcp', { method: m, plan, requests, references }, 0, 3, 2000));
    }
    expect(
      rows.map((r) => [r.method, r.reqMessageBytes, r.respMessageBytes, r.sentPerCall, r.receivedPerCall]),
    ).toEqual([
      ['Add', 4, 2, 8, 6],
      ['Echo', 5, 7, 9, 11],
    ]);
  });

  it('fails a call whose answer differs from the reference, naming the method and both stacks', async () => {
    const [add] = student.methods;
    const requests = [add.decodeReq(Buffer.from('08021003', 'hex'))];
    // A reference that says Add(2, 3) answered sum 6 (08 06) on tcp: gRPC's true answer, 08 05, must be refused.
    const references: References = new Map([['Add#0', { bytes: Buffer.from('0806', 'hex'), stack: 'tcp' }]]);
    const plan = servicePlan(add, requests, references);
    const caller = plan.open('grpc', server.ports.grpc, 2000);
    try {
      await expect(caller.call(0)).rejects.toThrow(
        'Add: grpc answered request 1 with 08 05, but tcp answered 08 06 (every stack must give the same bytes',
      );
    } finally {
      caller.close();
    }
  });
});
