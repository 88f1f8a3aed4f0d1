/**
 * Runs at most `limit` tasks at once, the rest in FIFO order. Reading a PDF is CPU work on the main
 * thread: a hundred documents "processing" must not mean a hundred pdfjs parses interleaved, which
 * only adds memory and cache misses without finishing anything sooner.
 */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
