// The committed generated code (src/protobuf/gen/) is what protoc-gen-es makes from data/proto/ today: regenerate into
// a temporary folder with the same template (`npm run proto:gen` does it in place) and compare file by file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/core/index.js';
import { bufLauncher } from '../../src/protobuf/compile.js';

describe('generated code', () => {
  it('is up to date with data/proto/*.proto', () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'syslab-gen-'));
    const env = {
      ...process.env,
      PATH: `${path.join(projectRoot, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    };
    const result = spawnSync(
      process.execPath,
      [bufLauncher(), 'generate', '--template', 'data/proto/buf.gen.yaml', '-o', out],
      { cwd: projectRoot, env, encoding: 'utf8' },
    );
    expect(result.status, result.stderr).toBe(0);
    const committed = path.join(projectRoot, 'src', 'protobuf', 'gen');
    const fresh = path.join(out, 'src', 'protobuf', 'gen');
    const files = readdirSync(committed).sort();
    expect(readdirSync(fresh).sort()).toEqual(files);
    for (const file of files) {
      expect(readFileSync(path.join(fresh, file), 'utf8'), `${file} is stale: run npm run proto:gen`).toBe(
        readFileSync(path.join(committed, file), 'utf8'),
      );
    }
  });
});
