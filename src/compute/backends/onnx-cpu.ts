// onnx-cpu: ONNX Runtime's CPU execution provider (MLAS kernels, all cores), the fastest native CPU engine that
// installs from npm. Its graphs are built in code (../onnx-graphs.ts). Tests: test/compute/backends.test.ts.
import os from 'node:os';
import type * as Ort from 'onnxruntime-node';
import { addModel, matmulModel, mlpModel } from '../onnx-graphs.js';
import { firstLine } from './tfjs.js';
import type { Backend, MlpWeights, Staged } from './types.js';

type OrtModule = typeof Ort;

export function onnxCpu(options: { threads?: number } = {}): Backend {
  const threads = options.threads ?? os.availableParallelism();
  let ort: OrtModule | undefined;
  const sessions = new Map<string, Ort.InferenceSession>();
  const mlpSessions = new WeakMap<MlpWeights, Ort.InferenceSession>();
  const all: Ort.InferenceSession[] = [];

  const createSession = async (bytes: Uint8Array): Promise<Ort.InferenceSession> => {
    if (!ort) throw new Error('backend onnx-cpu was used before a successful probe()');
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: ['cpu'],
      intraOpNumThreads: threads,
      graphOptimizationLevel: 'all',
    });
    all.push(session);
    return session;
  };
  const named = async (key: string, build: () => Uint8Array) => {
    let session = sessions.get(key);
    if (!session) sessions.set(key, (session = await createSession(build())));
    return session;
  };

  /** Feeds are JavaScript arrays wrapped as tensors; run() returns its outputs in JavaScript memory. */
  const stage = (
    session: Ort.InferenceSession,
    makeFeeds: (o: OrtModule) => Record<string, Ort.Tensor>,
    outputName: string,
  ): Staged => {
    const o = ort!;
    let feeds: Record<string, Ort.Tensor> = {};
    let result: Ort.InferenceSession.OnnxValueMapType | undefined;
    return {
      async upload() {
        feeds = makeFeeds(o);
      },
      async compute() {
        result = await session.run(feeds);
      },
      async download() {
        const out = result?.[outputName];
        if (!out) throw new Error('download() before compute()');
        return out.data as Float32Array;
      },
      release() {
        feeds = {};
        result = undefined;
      },
    };
  };

  return {
    name: 'onnx-cpu',
    phases:
      'upload wraps the arrays as tensors (no copy), compute is session.run(), which also allocates the output ' +
      'in JavaScript memory, download reads it in place',
    async probe() {
      try {
        ort = await import('onnxruntime-node');
        const providers = ort.listSupportedBackends?.().map((b) => b.name) ?? ['cpu'];
        if (!providers.includes('cpu')) throw new Error(`no CPU execution provider (has: ${providers.join(', ')})`);
        await named('matmul', matmulModel);
        return {
          available: true,
          kind: 'cpu',
          device: `${os.cpus()[0]?.model.trim() ?? 'CPU'}, ${threads} thread${threads === 1 ? '' : 's'}`,
          version: `onnxruntime-node ${ort.env.versions.node ?? '?'}`,
          reason: 'native MLAS kernels, multithreaded',
        };
      } catch (error) {
        ort = undefined;
        return { available: false, kind: null, device: '', version: '', reason: firstLine(error) };
      }
    },
    async matmul(a, b, n) {
      const session = await named('matmul', matmulModel);
      return stage(
        session,
        (o) => ({ A: new o.Tensor('float32', a, [n, n]), B: new o.Tensor('float32', b, [n, n]) }),
        'C',
      );
    },
    async add(a, b) {
      const session = await named('add', addModel);
      return stage(
        session,
        (o) => ({ A: new o.Tensor('float32', a, [a.length]), B: new o.Tensor('float32', b, [b.length]) }),
        'C',
      );
    },
    async mlp(model, input, batch) {
      let session = mlpSessions.get(model);
      if (!session) mlpSessions.set(model, (session = await createSession(mlpModel(model))));
      return stage(session, (o) => ({ X: new o.Tensor('float32', input, [batch, model.sizes[0]]) }), 'Y');
    },
    async dispose() {
      for (const s of all.splice(0)) await s.release();
      sessions.clear();
    },
  };
}
