// The core every lab stands on; labs import from here. See README.md "Writing a lab".
export {
  defineLab,
  runLab,
  runLabCommand,
  runIfMain,
  helpText,
  labDirName,
  type Lab,
  type LabContext,
  type LabResult,
} from './lab.js';
export { p, type ParamSpec } from './params.js';
export { table, cellValue, type Table, type Row, type Cell, type Metric, type MetricKind } from './table.js';
export { lineChart, barChart, vegaLite, type ChartSpec } from './charts.js';
export { summarize, mapSummary, median, isSummary, type Summary } from './stats.js';
export {
  measure,
  measureSync,
  timePhases,
  timePhasesSync,
  type TimingOptions,
  type PhaseTiming,
  type Phases,
} from './timing.js';
export { createRng, type Rng } from './rng.js';
export { InputError } from './errors.js';
export { parseBytes, formatBytes, formatNumber, formatSeconds, pct } from './units.js';
export { times, plural, spreadText, fasterOrSlower, listText } from './words.js';
export { writeFileAtomic } from './atomic.js';
export { machineInfo, libraryVersion } from './machine.js';
export { projectRoot } from './paths.js';
export type { Report, Section } from './report.js';
export type { Progress } from './progress.js';
