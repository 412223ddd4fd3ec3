// Owns a bounded filter for fast-check arbitraries: `arb.filter` retries forever when its predicate
// never holds, which would hang the property gate on an unsatisfiable schema or `assume`.
import fc from "fast-check";
import { GenerationError } from "../errors/mod.ts";

/** Consecutive rejected values after which generation gives up. */
export const GUARD_LIMIT = 1000;

class GuardedFilterArbitrary<T> extends fc.Arbitrary<T> {
  constructor(
    private readonly inner: fc.Arbitrary<T>,
    private readonly keep: (v: T) => boolean,
    private readonly pointer: string,
    private readonly why: string,
  ) {
    super();
  }
  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    for (let i = 0; i < GUARD_LIMIT; i++) {
      const v = this.inner.generate(mrng, biasFactor);
      if (this.keep(v.value_)) return v;
    }
    throw new GenerationError(
      this.pointer,
      `${GUARD_LIMIT} generated values in a row failed: ${this.why}`,
    );
  }
  canShrinkWithoutContext(value: unknown): value is T {
    return this.inner.canShrinkWithoutContext(value) && this.keep(value);
  }
  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    // Shrinks that break the filter are skipped, never counted against the limit.
    return this.inner.shrink(value, context).filter((v) => this.keep(v.value_));
  }
}

/** `arb` restricted to values passing `keep`; throws GenerationError instead of looping forever. */
export function guardedFilter<T>(
  arb: fc.Arbitrary<T>,
  keep: (v: T) => boolean,
  pointer: string,
  why: string,
): fc.Arbitrary<T> {
  return new GuardedFilterArbitrary(arb, keep, pointer, why);
}
