// A handout's questions as data (labs/NN-slug.questions.json): `syslab questions NN` prints an answers.md template,
// and a question whose answer is a number names the report value it comes from (table, the row's key values,
// metric), so `syslab check --answers answers.md --report report.json` scores it against the student's own report,
// within the question's tolerance. Free-text questions are listed for the grader and score nothing automatically.
// Tests: test/coursework/questions.test.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { PROJECT_ROOT } from '../core/plugin.js';
import type { CheckOutcome } from './checks.js';

const question = z.object({
  id: z.string().regex(/^q\d+$/),
  text: z.string(),
  /** Points when the numeric answer matches; free-text questions have none here. */
  points: z.number().min(0).default(0),
  /** Where the numeric answer is in report.json: results.tables[table].rows, the row whose keys equal `where`. */
  from: z
    .object({
      table: z.string(),
      where: z.record(z.string(), z.union([z.string(), z.number()])),
      metric: z.string(),
      /** Largest |answer - value| / |value| that is still right (default 0.01); 0 with an absolute 0 for counts. */
      tolerance: z.number().min(0).default(0.01),
    })
    .optional(),
});

const schema = z.object({ lab: z.string().regex(/^\d\d$/), questions: z.array(question) });
export type QuestionSet = z.infer<typeof schema>;
export type Question = QuestionSet['questions'][number];

/** Lab `lab`'s questions file (labs/NN-slug.questions.json), or undefined when it has none. */
export function questionsFile(lab: string, labsDir = path.join(PROJECT_ROOT, 'labs')): string | undefined {
  if (!existsSync(labsDir)) return undefined;
  const found = readdirSync(labsDir).find((f) => f.startsWith(`${lab}-`) && f.endsWith('.questions.json'));
  return found ? path.join(labsDir, found) : undefined;
}

/** Loads and validates lab `lab`'s questions. */
export function loadQuestions(lab: string, labsDir?: string): QuestionSet {
  const file = questionsFile(lab, labsDir);
  if (!file)
    throw new InputError(`lab ${lab} has no questions file; allowed: a lab with labs/${lab}-<slug>.questions.json`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`questions file "${file}" is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`questions file "${file}": ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/** The answers.md template: one section per question, with an `Answer:` line to fill in. */
export function answersTemplate(set: QuestionSet): string {
  const lines = [
    `# Lab ${set.lab}: answers`,
    '',
    'Write each answer after "Answer:" (a number where the question asks for one, taken from your own report),',
    'and explain below it. `syslab check` scores the numeric answers against your report.json.',
    '',
  ];
  for (const q of set.questions) {
    const kind = q.from ? `number from your report, ${q.points} point(s)` : 'explain in words, graded by hand';
    lines.push(`## ${q.id} (${kind})`, '', q.text, '', 'Answer: ', '');
  }
  return `${lines.join('\n')}\n`;
}

/** The text after `Answer:` in each `## qN` section of answers.md. */
export function parseAnswers(text: string): Map<string, string> {
  const answers = new Map<string, string>();
  let current: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const heading = /^##\s+(q\d+)\b/.exec(line);
    if (heading) current = heading[1];
    const answer = /^\s*Answer:\s*(.*)$/i.exec(line);
    if (current && answer && !answers.has(current)) answers.set(current, answer[1].trim());
  }
  return answers;
}

/** The number `from` names in a report (a timing cell gives its median), or undefined when it is not there. */
export function reportValue(report: unknown, from: NonNullable<Question['from']>): number | undefined {
  const tables = (report as { results?: { tables?: Record<string, { rows?: Record<string, unknown>[] }> } })?.results
    ?.tables;
  const rows = tables?.[from.table]?.rows ?? [];
  const row = rows.find((r) => Object.entries(from.where).every(([k, v]) => String(r[k]) === String(v)));
  const cell = row?.[from.metric];
  if (typeof cell === 'number') return cell;
  if (cell && typeof cell === 'object' && typeof (cell as { median?: unknown }).median === 'number')
    return (cell as { median: number }).median;
  return undefined;
}

/** The first number in an answer ("0.42", "42 %", "about 1,234 hits"); percentages become ratios. */
export function answerNumber(answer: string): number | undefined {
  const m = /(-?\d[\d,]*(?:\.\d+)?(?:e-?\d+)?)\s*(%)?/i.exec(answer);
  if (!m) return undefined;
  const value = Number(m[1].replace(/,/g, ''));
  return m[2] ? value / 100 : value;
}

/** Scores the numeric questions of `set` in `answersText` against `report`: one check per numeric question. */
export function scoreAnswers(
  set: QuestionSet,
  answersText: string,
  report: unknown,
): { outcome: CheckOutcome; points: number }[] {
  const answers = parseAnswers(answersText);
  return set.questions
    .filter((q) => q.from)
    .map((q) => {
      const from = q.from!;
      const name = `answer ${q.id}`;
      const expected = reportValue(report, from);
      const given = answerNumber(answers.get(q.id) ?? '');
      const where = `${from.table} ${Object.entries(from.where)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')} ${from.metric}`;
      let outcome: CheckOutcome;
      if (expected === undefined)
        outcome = {
          name,
          passed: false,
          output: `your report has no ${where}; run the lab with the options the question names`,
        };
      else if (given === undefined)
        outcome = { name, passed: false, output: `no number after "Answer:" in ## ${q.id}` };
      else {
        const off = Math.abs(given - expected) / Math.max(Math.abs(expected), 1e-12);
        const ok = given === expected || off <= from.tolerance;
        outcome = {
          name,
          passed: ok,
          output: ok
            ? `${given} matches your report (${where} = ${expected})`
            : `${given} is not your report's ${where} = ${expected} (within ${(from.tolerance * 100).toFixed(1)}%)`,
        };
      }
      return { outcome, points: q.points };
    });
}
