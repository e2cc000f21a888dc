// `syslab questions <lab>`: prints the answers.md template of a lab's handout questions (labs/NN-slug.questions.json).
// Tests: test/coursework/questions.test.ts.
import { labEntries } from '../core/registry.js';
import { labId, parseArgs } from '../coursework/args.js';
import { answersTemplate, loadQuestions } from '../coursework/questions.js';

export function questionsCommand(args: readonly string[]): Promise<number> {
  const { positionals } = parseArgs('questions', args, []);
  const lab = labId('questions', positionals[0], labEntries());
  process.stdout.write(answersTemplate(loadQuestions(lab)));
  return Promise.resolve(0);
}
