// `syslab submit <lab> [--run DIR] [--answers answers.md] [--student NAME] [--out submission.zip] [extra files]`: zips
// the lab's report from a run (default: the newest run under reports/ that has the lab) with its plug-in sources and
// a manifest of SHA-256 hashes, version, commit, params, seed and machine. Tests: test/coursework/submission.test.ts.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { labEntries } from '../core/registry.js';
import { labId, parseArgs } from '../coursework/args.js';
import { createSubmission } from '../coursework/submission.js';

/** The lab's folder: --run names a run folder or the lab's folder itself; default the newest run under reports/. */
function labFolder(lab: string, slug: string, run: string | undefined): string {
  const name = `${lab}-${slug}`;
  if (run !== undefined) {
    if (existsSync(path.join(run, 'report.json'))) return run;
    if (existsSync(path.join(run, name, 'report.json'))) return path.join(run, name);
    throw new InputError(`submit: --run "${run}" has no ${name}/report.json; allowed: a run folder or a lab's folder`);
  }
  const runs = existsSync('reports')
    ? readdirSync('reports')
        .map((r) => path.join('reports', r))
        .filter((r) => existsSync(path.join(r, name, 'report.json')))
        .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
    : [];
  if (!runs.length) throw new InputError(`submit: no run of lab ${lab} under reports/; run it first or give --run DIR`);
  return path.join(runs[0], name);
}

export function submitCommand(args: readonly string[]): Promise<number> {
  const { positionals, options } = parseArgs('submit', args, ['run', 'answers', 'student', 'out']);
  const entries = labEntries();
  const lab = labId('submit', positionals[0], entries);
  const slug = entries.find((e) => e.id === lab)!.slug;
  const dir = labFolder(lab, slug, options.get('run'));
  const { zip, manifest } = createSubmission({
    labDir: dir,
    answers: options.get('answers'),
    student: options.get('student'),
    extra: positionals.slice(1),
  });
  const out = options.get('out') ?? `submission-${lab}-${slug}.zip`;
  writeFileSync(out, zip);
  process.stdout.write(
    `${out}: lab ${lab} report from ${dir}, ${manifest.files.length} files with SHA-256, ` +
      `syslab ${manifest.syslab.version} (${manifest.syslab.commit.slice(0, 12)}), seed ${manifest.seed}\n`,
  );
  for (const f of manifest.files) process.stdout.write(`  ${f.sha256.slice(0, 16)}  ${f.name}\n`);
  return Promise.resolve(0);
}
