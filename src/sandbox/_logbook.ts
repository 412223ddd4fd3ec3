// Owns the console lines of one run as the parent collects them, capped in total with one marker.
import { untrustedText } from "./_text.ts";

/** Console lines of one run, capped in total. */
export class LogBook {
  readonly lines: string[] = [];
  #used = 0;
  #full = false;
  constructor(readonly max: number) {}

  /**
   * Appends `lines` (the candidate's text, read as untrusted) until the cap; the line that crosses
   * it is cut and followed by a marker.
   */
  add(lines: unknown): void {
    if (!Array.isArray(lines)) return;
    for (const raw of lines) {
      if (this.#full) return;
      const line = untrustedText(raw, this.max);
      if (this.#used + line.length <= this.max) {
        this.lines.push(line);
        this.#used += line.length;
        continue;
      }
      if (this.#used < this.max) this.lines.push(line.slice(0, this.max - this.#used));
      this.lines.push(
        `[sandbox] logs truncated: the run's console output passed ${this.max} characters`,
      );
      this.#full = true;
    }
  }
}
