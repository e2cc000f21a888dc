// The shared body of every TensorFlow.js backend (tfjs-cpu, tfjs-wasm, webgpu, tfjs-node-gpu): they differ only in
// how they load and how to wait for a device; tensors, ops and the phase split are the same. tfjs falls back to its
// 'cpu' backend silently when one fails, so every use checks that the backend asked for is the one running.
// Tests: test/compute/backends.test.ts.
import type * as TF from '@tensorflow/tfjs';
import type { Backend, MlpWeights, Probe, Staged } from './types.js';

export type Tf = typeof TF;

/** What makes one tfjs backend different from another. */
export interface TfjsFlavour {
  /** The lab's name for it, e.g. 'tfjs-wasm'. */
  name: string;
  /** tfjs's registered backend name, e.g. 'wasm'. */
  tfName: string;
  phases: string;
  /** Loads and registers the backend; throws with a readable message when that is impossible here. */
  load(tf: Tf): Promise<Omit<Probe, 'available'>>;
  /** After tensors were created: make sure their data really sits in device memory, and wait for it. */
  settleUpload?(tf: Tf, tensors: TF.Tensor[]): Promise<void>;
  /** After an op was issued: wait until the device finished it (without reading the whole result back). */
  settleCompute?(tf: Tf, output: TF.Tensor): Promise<void>;
  /** Frees the device so the process can exit. */
  unload?(tf: Tf): Promise<void>;
}

let tfModule: Promise<Tf> | undefined;
/**
 * @tensorflow/tfjs, loaded on first use (it is large) and shared: all tfjs backends live in its one engine.
 * Production mode, as a deployment would run: tfjs skips its debug-only checks (and its "install tfjs-node" hint).
 */
export function loadTf(): Promise<Tf> {
  tfModule ??= import('@tensorflow/tfjs').then((tf) => {
    tf.enableProdMode();
    return tf;
  });
  return tfModule;
}

/**
 * Switches tfjs to `tfName` and proves it: setBackend() must return true and getBackend() must name it. tfjs reports
 * a failed initialisation only through console.warn, so that is caught here and becomes the error's message.
 */
export async function switchTo(tf: Tf, tfName: string): Promise<void> {
  if (tf.getBackend() === tfName) return;
  const warnings: string[] = [];
  const warn = console.warn;
  const prod = tf.env().getBool('PROD');
  // Production mode silences those warnings; lift it while switching.
  tf.env().set('PROD', false);
  console.warn = (...args: unknown[]) => {
    warnings.push(firstLine(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')));
  };
  let ok: boolean;
  try {
    ok = await tf.setBackend(tfName);
  } finally {
    console.warn = warn;
    tf.env().set('PROD', prod);
  }
  const running = tf.getBackend();
  if (!ok) {
    const why = warnings
      .map((w) => w.trim())
      .filter(Boolean)
      .join(': ');
    throw new Error(`tf.setBackend('${tfName}') returned false${why ? ` (${why})` : ''}`);
  }
  if (running !== tfName) throw new Error(`tf.setBackend('${tfName}') returned true but tfjs is running '${running}'`);
  for (const w of warnings) warn(w);
}

export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].trim() || 'unknown error';
}

export function makeTfjsBackend(flavour: TfjsFlavour): Backend {
  let loaded = false;
  const tfReady = async (): Promise<Tf> => {
    const tf = await loadTf();
    if (!loaded) throw new Error(`backend ${flavour.name} was used before a successful probe()`);
    await switchTo(tf, flavour.tfName);
    return tf;
  };

  /** Builds a Staged from "create the input tensors" and "run the op on them". */
  const stage = async (
    makeInputs: (tf: Tf) => TF.Tensor[],
    run: (tf: Tf, inputs: TF.Tensor[]) => TF.Tensor,
    resident: TF.Tensor[] = [],
  ): Promise<Staged> => {
    const tf = await tfReady();
    let inputs: TF.Tensor[] = [];
    let output: TF.Tensor | undefined;
    const freeOutput = () => {
      output?.dispose();
      output = undefined;
    };
    return {
      async upload() {
        await switchTo(tf, flavour.tfName);
        for (const t of inputs) t.dispose();
        inputs = makeInputs(tf);
        await flavour.settleUpload?.(tf, inputs);
      },
      async compute() {
        await switchTo(tf, flavour.tfName); // another tfjs backend may have run in between
        freeOutput();
        output = run(tf, inputs);
        await flavour.settleCompute?.(tf, output);
      },
      async download() {
        if (!output) throw new Error('download() before compute()');
        return (await output.data()) as Float32Array;
      },
      release() {
        freeOutput();
        for (const t of [...inputs, ...resident]) t.dispose();
        inputs = [];
      },
    };
  };

  return {
    name: flavour.name,
    phases: flavour.phases,
    async probe() {
      try {
        const tf = await loadTf();
        const found = await flavour.load(tf);
        await switchTo(tf, flavour.tfName);
        loaded = true;
        return { available: true, ...found };
      } catch (error) {
        return { available: false, kind: null, device: '', version: '', reason: firstLine(error) };
      }
    },
    matmul(a, b, n) {
      return stage(
        (tf) => [tf.tensor2d(a, [n, n]), tf.tensor2d(b, [n, n])],
        (tf, [x, y]) => tf.matMul(x, y),
      );
    },
    add(a, b) {
      return stage(
        (tf) => [tf.tensor1d(a), tf.tensor1d(b)],
        (tf, [x, y]) => tf.add(x, y),
      );
    },
    async mlp(model: MlpWeights, input: Float32Array, batch: number) {
      const tf = await tfReady();
      const layers = model.weights.map((w, i) => ({
        w: tf.tensor2d(w, [model.sizes[i], model.sizes[i + 1]]),
        b: tf.tensor1d(model.biases[i]),
      }));
      const weights = layers.flatMap((l) => [l.w, l.b]);
      await flavour.settleUpload?.(tf, weights);
      return stage(
        (t) => [t.tensor2d(input, [batch, model.sizes[0]])],
        (t, [x]) =>
          t.tidy(() => {
            let h = x;
            layers.forEach((l, i) => {
              const z = t.add(t.matMul(h, l.w), l.b);
              h = i < layers.length - 1 ? t.relu(z) : t.softmax(z);
            });
            return h;
          }),
        weights,
      );
    },
    async dispose() {
      if (!loaded) return;
      const tf = await loadTf();
      await flavour.unload?.(tf);
      loaded = false;
    },
  };
}
