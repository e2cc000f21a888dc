// `npm run bundle:device:check`: builds the device bundle, copies it to a clean folder, runs lab 01 from there with a
// PATH that holds only sh, tar, xz and coreutils (no node, no npm, no node_modules), runs the same lab the normal way,
// and checks that both reports have the same tables, the same rows (by key; matmul rows are keyed by number type too)
// and the same backends with the same kinds and float16 status. Exits 1 on any difference. CI runs it (.ci/run).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../src/core/paths.js';
import { bundleDevice } from './bundle-device.js';

interface ReportTables {
  results: { tables: Record<string, { keys: string[]; rows: Array<Record<string, unknown>> }> };
}

const LAB_ARGS = ['--quick', '--sizes', '16,64', '--batches', '1,4', '--seed', '7'];
const TOOLS = ['sh', 'xz', 'tar', 'ar', 'grep', 'dirname', 'mkdir', 'rm', 'chmod', 'cat', 'ldconfig'];

/** Every table's rows as "table: key=value, ..." lines, sorted: what must match between the two runs. */
function rowKeys(report: ReportTables): string[] {
  return Object.entries(report.results.tables)
    .flatMap(([name, t]) => t.rows.map((r) => `${name}: ${t.keys.map((k) => `${k}=${String(r[k])}`).join(', ')}`))
    .sort();
}

/** Each backend with its kind and its float16 status, so a bundle that lost shader-f16 (or float16) shows here. */
function backends(report: ReportTables): string[] {
  return report.results.tables.backends.rows.map(
    (r) => `${String(r.backend)} ${String(r.kind)} (float16: ${String(r.float16)})`,
  );
}

function which(tool: string): string {
  return execFileSync('sh', ['-c', `command -v ${tool} || echo /sbin/${tool}`], { encoding: 'utf8' }).trim();
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'device-bundle-check-'));
try {
  const bundle = path.join(scratch, 'device');
  await bundleDevice(path.join(projectRoot, 'dist', 'device'));
  cpSync(path.join(projectRoot, 'dist', 'device'), bundle, { recursive: true });
  const tools = path.join(scratch, 'tools');
  mkdirSync(tools);
  for (const tool of TOOLS) symlinkSync(which(tool), path.join(tools, tool));
  const env = { HOME: scratch, PATH: tools, CI: 'true' };
  execFileSync(path.join(bundle, 'run.sh'), [...LAB_ARGS, '--out', path.join(scratch, 'bundled')], {
    cwd: scratch,
    env,
    stdio: 'inherit',
  });
  execFileSync('npx', ['tsx', 'src/cli/main.ts', 'run', '01', ...LAB_ARGS, '--out', path.join(scratch, 'normal')], {
    cwd: projectRoot,
    env: { ...process.env, CI: 'true' },
    stdio: 'inherit',
  });
  const read = (run: string) =>
    JSON.parse(readFileSync(path.join(scratch, run, '01-compute', 'report.json'), 'utf8')) as ReportTables;
  const [bundled, normal] = [read('bundled'), read('normal')];
  const problems: string[] = [];
  if (backends(bundled).join('; ') !== backends(normal).join('; ')) {
    problems.push(`backends differ: bundle ${backends(bundled).join('; ')} / normal ${backends(normal).join('; ')}`);
  }
  const [a, b] = [rowKeys(bundled), rowKeys(normal)];
  const onlyBundle = a.filter((k) => !b.includes(k));
  const onlyNormal = b.filter((k) => !a.includes(k));
  if (onlyBundle.length || onlyNormal.length) {
    problems.push(`rows differ: only in the bundle's report ${onlyBundle.join(' | ') || '(none)'}`);
    problems.push(`only in the normal report ${onlyNormal.join(' | ') || '(none)'}`);
  }
  if (problems.length) {
    process.stderr.write(`device bundle check FAILED:\n${problems.join('\n')}\n`);
    process.exitCode = 1;
  } else {
    const tables = Object.keys(normal.results.tables).length;
    process.stdout.write(`device bundle check: ${tables} tables, ${a.length} rows and the backends match\n`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
