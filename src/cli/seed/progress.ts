/**
 * A one-line progress bar on stderr (redrawn in place on a terminal; a line per tenth
 * otherwise, so logs stay short).
 */
export class Progress {
  private readonly startedAt = Date.now();
  private count = 0;
  private lastTenth = -1;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {
    this.draw();
  }

  add(n: number): void {
    this.count = Math.min(this.total, this.count + n);
    this.draw();
  }

  done(): void {
    this.count = this.total;
    this.draw(true);
  }

  private draw(final = false): void {
    const share = this.total === 0 ? 1 : this.count / this.total;
    const width = 30;
    const filled = Math.round(share * width);
    const line =
      `  ${this.label.padEnd(9)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ` +
      `${this.count.toLocaleString('en-US').padStart(11)} / ${this.total.toLocaleString('en-US')}` +
      `  ${((Date.now() - this.startedAt) / 1000).toFixed(1)} s`;
    if (this.out.isTTY) {
      this.out.write(`\r${line}${final ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor(share * 10);
    if (tenth !== this.lastTenth || final) {
      if (!final || tenth !== this.lastTenth) this.out.write(`${line}\n`);
      this.lastTenth = tenth;
    }
  }
}
