// Lab 05: protobuf sizes and the wire format. Measures message sizes against canonical JSON (with and without gzip),
// the bytes each integer type takes, what field numbers, packing, presence, strings and nesting cost, and encode/decode
// speed, with Apache Thrift's binary and compact sizes beside protobuf's; includes an annotated wire dump. Logic:
// src/protobuf/ (experiment.ts, report.ts); handout: labs/05-protobuf.md; tests: test/protobuf/.
import { defineLab, p, runIfMain } from '../src/core/index.js';

const lab = defineLab({
  id: '05',
  slug: 'protobuf',
  title: 'Protobuf sizes and the wire format',
  summary:
    'protobuf versus JSON and Thrift sizes (with gzip), varint and zigzag costs, field layout rules, ' +
    'encode/decode speed, a wire inspector',
  libraries: ['@bufbuild/protobuf', '@bufbuild/buf', 'protobufjs', 'thrift'],
  params: {
    batch: p.int({
      default: 1000,
      min: 1,
      max: 1_000_000,
      description: 'readings in the generated SensorBatch sample',
    }),
    benchMs: p.int({
      default: 500,
      quick: 20,
      min: 5,
      max: 60_000,
      description: 'time spent timing each encode/decode case, in ms',
    }),
    proto: p.path({ description: 'your own .proto file (compiled with buf); needs --message and --json' }),
    message: p.string({
      description: 'the message type in --proto, package-qualified (pkg.Msg) or a unique short name',
    }),
    json: p.path({
      description: 'your message in protobuf canonical JSON (int64 as strings, bytes as base64, enums by name)',
    }),
    thriftCompiler: p.string({
      default: 'thrift',
      description:
        "the Apache Thrift compiler (Debian's thrift-compiler) for the messages table's Thrift columns; one that " +
        'cannot run leaves them empty, with the reason',
    }),
  },
  async run(ctx) {
    // Loaded here, not at the top: `syslab list` imports every lab file, and the protobuf libraries are large.
    const { experiment } = await import('../src/protobuf/experiment.js');
    const { report } = await import('../src/protobuf/report.js');
    return report(await experiment(ctx.params, ctx));
  },
});

export default lab;
await runIfMain(import.meta.url, lab);
