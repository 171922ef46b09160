// Global setup of the contention mode (THINKBANK_CONTENTION=N): N processes spin on the cores for the
// whole run, so every flow meets a device whose CPU is busy with other work. Returns the teardown that
// stops them.
import { spawn } from 'node:child_process';

export default function startContention(): () => void {
  const count = Number(process.env['THINKBANK_CONTENTION'] ?? 0);
  const spinners = Array.from({ length: count }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
  );
  console.log(`Contention: ${String(count)} processes keep the cores busy during this run.`);
  return () => {
    for (const spinner of spinners) spinner.kill('SIGKILL');
  };
}
