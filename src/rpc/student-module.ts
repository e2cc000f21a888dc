// A student's handler module as lab 08's server child loads it (src/rpc/server-child.ts): compiled through the core's
// plug-in compiler (esbuild, a file anywhere on disk, one-line compile errors relabelled as the handler file's), then
// either Calc's Mult (--handler alone: a function (req) => MultResp) or a whole service (--proto/--service: an object
// of one function per unary method, and an optional `requests` export), checked so that a module that does not fit
// fails in one line naming the file, the method and what was expected. Tests: test/rpc/handler.test.ts,
// test/rpc/service-lab.test.ts.
import { create, fromBinary, toBinary, type Message } from '@bufbuild/protobuf';
import { compilePlugin, describeValue, pluginLabel } from '../core/plugin.js';
import { MultRespSchema, type MultReq, type MultResp } from './calc.js';
import { sampleRequest, type RpcMethod } from './service.js';
import type { Samples } from './servers.js';

/** A method this process serves and the function that answers it. */
export interface Served {
  method: RpcMethod;
  handle: (req: Message) => Promise<Message>;
}

/** A student's error also goes to stderr: raw TCP has no way to carry it to the client. */
export const logError = (what: string, error: unknown) =>
  process.stderr.write(`handler error: ${what}${error instanceof Error ? error.message : String(error)}\n`);

/** Imports a student's module through the core's plug-in compiler, its messages relabelled as a handler file's. */
async function importStudent(file: string): Promise<Record<string, unknown>> {
  try {
    return (await import(await compilePlugin('backend', file))) as Record<string, unknown>;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    throw new Error(text.replace(pluginLabel('backend', file), `handler file "${file}"`), { cause: error });
  }
}

/**
 * Loads HANDLER_FILE's default export through the core's plug-in compiler (esbuild: a file anywhere on disk, `syslab/`
 * imports, one-line compile errors) and wraps it so that any answer becomes a MultResp or a clear error. The core's
 * plug-in kinds have no "handler" yet, so its messages are compiled as a "backend" and relabelled here.
 */
export async function studentHandler(file: string): Promise<(req: MultReq) => Promise<MultResp>> {
  const f = (await importStudent(file)).default;
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

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

/**
 * A student's service: HANDLER_FILE's default export maps each unary method's name to (req) => response init (or a
 * promise of one); its optional `requests` export maps a method's name to the requests to send (message inits). A
 * missing function, a key that is no unary method, or a request that is not a message of the method's input type
 * is an Error naming the file as `shown`. Every answer is checked against the response type (names and, once, types
 * through canonical JSON); a failure, or one to encode a response, is logged to stderr too (raw TCP cannot carry it).
 */
export async function studentService(
  file: string,
  shown: string,
  methods: RpcMethod[],
  serviceName: string,
): Promise<{ served: Served[]; samples: Samples }> {
  const mod = await importStudent(file);
  const impl = mod.default;
  const names = methods.map((m) => m.name);
  const expected = `an object with one function (req) => response per unary method of ${serviceName} (${names.join(', ')})`;
  const where = `--handler ${shown}`;
  if (!isRecord(impl)) throw new Error(`${where}: its default export must be ${expected}, not ${describeValue(impl)}`);
  const missing = names.filter((n) => typeof impl[n] !== 'function');
  if (missing.length)
    throw new Error(`${where}: no function for ${missing.join(', ')}; its default export must be ${expected}`);
  const unknown = Object.keys(impl).filter((k) => !names.includes(k));
  if (unknown.length) {
    throw new Error(
      `${where}: ${unknown.join(', ')} is not a unary method of ${serviceName} (its unary methods: ${names.join(', ')})`,
    );
  }
  const requests = mod.requests;
  if (requests !== undefined && !isRecord(requests)) {
    throw new Error(
      `${where}: its requests export must be an object of arrays of requests per method, not ${describeValue(requests)}`,
    );
  }
  for (const k of Object.keys(requests ?? {})) {
    if (!names.includes(k)) throw new Error(`${where}: requests.${k}: ${k} is not a unary method of ${serviceName}`);
  }
  const samples: Samples = {};
  const served = methods.map((method): Served => {
    const { input, output } = method.desc;
    const given = requests?.[method.name];
    if (given !== undefined && (!Array.isArray(given) || !given.length)) {
      throw new Error(`${where}: requests.${method.name} must be a non-empty array of ${input.typeName} values`);
    }
    const list = (given as unknown[] | undefined) ?? [sampleRequest(input)];
    const inputNames = new Set(['$typeName', '$unknown', ...input.members.map((m) => m.localName)]);
    const encoded = list.map((init, i) => {
      try {
        if (!isRecord(init)) throw new Error(`${describeValue(init)} is not an object of its fields`);
        const stray = Object.keys(init).filter((k) => !inputNames.has(k));
        if (stray.length) {
          const fields = input.members.map((m) => m.localName).join(', ');
          throw new Error(`${stray.join(', ')} is not one of its fields (${fields})`);
        }
        const message = create(input, init);
        // Canonical JSON refuses the wrong types that toBinary would take (a number for a string).
        method.reqJson(message);
        const bytes = toBinary(input, message);
        fromBinary(input, bytes);
        return Buffer.from(bytes).toString('base64');
      } catch (error) {
        throw new Error(
          `${where}: requests.${method.name}[${i}] is not a ${input.typeName}: ${(error as Error).message}`,
          { cause: error },
        );
      }
    });
    samples[method.name] = { given: given !== undefined, requests: encoded };
    const f = impl[method.name] as (req: Message) => unknown;
    // Names the answer may use: its fields' and oneofs' lowerCamel names (a message object also carries $typeName).
    const names = new Set(['$typeName', '$unknown', ...output.members.map((m) => m.localName)]);
    let checked = false;
    const handle = async (req: Message): Promise<Message> => {
      try {
        const out = await f(req);
        if (!isRecord(out)) {
          throw new Error(`answered ${describeValue(out)}: a ${output.typeName} (an object of its fields) is needed`);
        }
        const stray = Object.keys(out).filter((k) => !names.has(k));
        if (stray.length) {
          const fields = output.members.map((m) => m.localName).join(', ');
          throw new Error(`answered ${stray.join(', ')}, not a field of ${output.typeName} (its fields: ${fields})`);
        }
        const resp = create(output, out);
        // toBinary accepts some wrong types (a number for a string) that canonical JSON refuses: the first answer
        // goes through JSON once, so a wrong type fails on every stack alike instead of on REST alone.
        if (!checked) {
          method.respJson(resp);
          checked = true;
        }
        return resp;
      } catch (error) {
        logError(`${method.name}: `, error);
        throw error;
      }
    };
    const guard =
      <A, B>(f: (a: A) => B) =>
      (a: A): B => {
        try {
          return f(a);
        } catch (error) {
          logError(`${method.name}: its answer cannot be encoded: `, error);
          throw error;
        }
      };
    return {
      method: { ...method, encodeResp: guard(method.encodeResp), respJson: guard(method.respJson) },
      handle,
    };
  });
  return { served, samples };
}
