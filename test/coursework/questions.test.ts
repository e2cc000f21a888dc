// Questions as data: the answers.md template, reading answers back, and scoring numeric answers against a report
// whose values are known.
import { describe, expect, it } from 'vitest';
import {
  answerNumber,
  answersTemplate,
  loadQuestions,
  parseAnswers,
  scoreAnswers,
  type QuestionSet,
} from '../../src/coursework/questions.js';

const set: QuestionSet = {
  lab: '03',
  questions: [
    {
      id: 'q1',
      text: 'LRU hits on the loop?',
      points: 5,
      from: { table: 'loop', where: { policy: 'lru' }, metric: 'hits', tolerance: 0 },
    },
    { id: 'q2', text: 'Why?', points: 0 },
    {
      id: 'q3',
      text: 'Seconds?',
      points: 3,
      from: { table: 'speed', where: { policy: 'lru', size: 10 }, metric: 'seconds', tolerance: 0.05 },
    },
  ],
};

const report = {
  results: {
    tables: {
      loop: {
        rows: [
          { policy: 'opt', hits: 4 },
          { policy: 'lru', hits: 0 },
        ],
      },
      speed: { rows: [{ policy: 'lru', size: 10, seconds: { median: 2, min: 1, max: 3 } }] },
    },
  },
};

describe('questions', () => {
  it('every lab questions file loads, and the template has one Answer: line per question', () => {
    // Every lab has its questions as data; each file's numbered questions match its handout's count.
    const counts: Record<string, number> = {};
    for (const lab of ['01', '02', '03', '04', '05', '06', '07', '08']) {
      const q = loadQuestions(lab);
      expect(q.lab).toBe(lab);
      expect(answersTemplate(q).match(/^Answer: $/gm)?.length).toBe(q.questions.length);
      counts[lab] = q.questions.length;
    }
    expect(counts).toMatchObject({ '01': 8, '04': 10, '05': 9, '07': 12, '08': 12 });
    expect(answersTemplate(set)).toContain(
      '## q1 (number from your report, 5 point(s))\n\nLRU hits on the loop?\n\nAnswer: \n',
    );
    expect(answersTemplate(set)).toContain('## q2 (explain in words, graded by hand)');
  });

  it('reads the first number of each answer; a percentage is a ratio', () => {
    expect(parseAnswers('## q1 (x)\nAnswer: 0 hits\n## q3\n text\nAnswer:  about 2.06 s\n')).toEqual(
      new Map([
        ['q1', '0 hits'],
        ['q3', 'about 2.06 s'],
      ]),
    );
    expect(answerNumber('48.7 %')).toBeCloseTo(0.487, 12);
    expect(answerNumber('1,234 requests')).toBe(1234);
    expect(answerNumber('none')).toBeUndefined();
  });

  it('scores a numeric answer against the report value it names, within its tolerance', () => {
    const good = scoreAnswers(set, '## q1\nAnswer: 0\n## q3\nAnswer: 2.06\n', report);
    expect(good.map((g) => [g.outcome.name, g.outcome.passed, g.points])).toEqual([
      ['answer q1', true, 5],
      ['answer q3', true, 3],
    ]);
    // 2.2 is 10% off the median of 2: outside 5%.
    const bad = scoreAnswers(set, '## q1\nAnswer: 4\n## q3\nAnswer: 2.2\n', report);
    expect(bad.map((g) => g.outcome.output)).toEqual([
      "4 is not your report's loop policy=lru hits = 0 (within 0.0%)",
      "2.2 is not your report's speed policy=lru size=10 seconds = 2 (within 5.0%)",
    ]);
    expect(scoreAnswers(set, '', { results: { tables: {} } })[0].outcome.output).toBe(
      'your report has no loop policy=lru hits; run the lab with the options the question names',
    );
  });
});
