// `syslab verify <submission.zip>`: checks the zip's hashes and re-runs the lab with the recorded params, seed and
// plug-ins; prints every exact metric that differs and exits 1 if any does (0 when the submission is consistent).
// Tests: test/coursework/submission.test.ts.
import { labEntries, loadLab } from '../core/registry.js';
import { labId, parseArgs } from '../coursework/args.js';
import { openSubmission, verifySubmission } from '../coursework/submission.js';
import { InputError } from '../core/errors.js';

export async function verifyCommand(args: readonly string[]): Promise<number> {
  const { positionals } = parseArgs('verify', args, []);
  const zip = positionals[0];
  if (zip === undefined) throw new InputError('verify: which submission? Usage: syslab verify <submission.zip>');
  const { manifest } = openSubmission(zip);
  const entries = labEntries();
  const id = labId('verify', manifest.lab.id, entries);
  const lab = await loadLab(entries.find((e) => e.id === id)!);
  process.stdout.write(`verifying ${zip}: lab ${id}, seed ${manifest.seed}, re-running the deterministic parts...\n`);
  const result = await verifySubmission(zip, lab);
  if (result.ok) {
    process.stdout.write(
      `OK: hashes match and all ${result.compared} exact values agree with a re-run (timings not re-judged)\n`,
    );
    return 0;
  }
  for (const p of result.problems) process.stdout.write(`DIFFERS: ${p}\n`);
  process.stdout.write(
    `FAILED: ${result.problems.length} problem(s); this report is not what the recorded run produces\n`,
  );
  return 1;
}
