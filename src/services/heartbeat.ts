// A heartbeat for a worker with calls running: ping every interval (never two pings at once) and give
// up after a number of unanswered pings in a row. It catches a worker that vanished without an error
// event (e.g. it closed itself or was killed by the browser) while a caller is still waiting.

export class Heartbeat {
  private timer: ReturnType<typeof setInterval> | undefined;
  private isBeating = false;
  private misses = 0;

  /**
   * @param beat resolves true when the worker answered, false when it stayed silent
   * @param onSilent called once the worker missed `maxMisses` beats in a row
   */
  constructor(
    private readonly intervalMs: number,
    private readonly maxMisses: number,
    private readonly beat: () => Promise<boolean>,
    private readonly onSilent: () => void,
  ) {}

  start(): void {
    if (this.timer !== undefined) return;
    this.misses = 0;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    if (this.isBeating) return;
    this.isBeating = true;
    try {
      if (await this.beat()) {
        this.misses = 0;
      } else if (++this.misses >= this.maxMisses) {
        this.stop();
        this.onSilent();
      }
    } finally {
      this.isBeating = false;
    }
  }
}
