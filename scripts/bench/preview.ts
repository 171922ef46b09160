// The production build served by `vite preview` for the browser benches: started detached (so the
// bench can stop its whole process group) and returned once it answers.
import { spawn, type ChildProcess } from 'node:child_process';

export async function startPreview(outDir: string, port: number): Promise<ChildProcess> {
  const server = spawn(
    'npx',
    ['vite', 'preview', '--port', String(port), '--strictPort', '--outDir', outDir],
    {
      stdio: 'ignore',
      detached: true,
    },
  );
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://localhost:${String(port)}/`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return server;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`vite preview did not answer on port ${String(port)}`);
}
