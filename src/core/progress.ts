// Progress on long work: a bar (cli-progress) when stderr is a terminal, silence when it is not or when CI=true,
// so logs and CI output stay clean. The cursor stays visible, so a Ctrl-C never leaves the terminal without one.
import cliProgress from 'cli-progress';

export interface Progress {
  tick(n?: number): void;
  done(): void;
}

export function progressEnabled(): boolean {
  return Boolean(process.stderr.isTTY) && !process.env.CI;
}

export function createProgress(label: string, total: number): Progress {
  if (!progressEnabled() || total <= 0) return { tick() {}, done() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `  ${label} [{bar}] {percentage}% {value}/{total} eta {eta_formatted}`,
      stream: process.stderr,
      clearOnComplete: true,
      hideCursor: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  let finished = false;
  return {
    tick: (n = 1) => bar.increment(n),
    done: () => {
      if (!finished) bar.stop();
      finished = true;
    },
  };
}
