// Owns the Thompson-sampling bandit the adaptive proposers share: per arm, a Beta posterior over
// "this pull improved on its parent", drawn through the seeded Rng so a run stays reproducible.
// Hand-written because the draws must come from our Rng (npm samplers bring their own source).
import type { Rng } from "./rng.ts";

/** What the bandit knows about one arm. */
export interface BanditArmStats {
  readonly name: string;
  /** Outcomes reported for the arm. */
  readonly pulls: number;
  /** Outcomes that were rewarded (the child beat its parent). */
  readonly wins: number;
  /** Posterior mean of the win rate, (1 + wins) / (2 + pulls). */
  readonly mean: number;
}

/** A Beta(1 + wins, 1 + losses) posterior per named arm; unknown names are added on first use. */
export class ThompsonBandit {
  readonly #arms = new Map<string, { pulls: number; wins: number }>();

  constructor(names: readonly string[] = []) {
    for (const name of names) this.#arm(name);
  }

  /** Records one outcome of `name`: a win when `rewarded`. */
  reward(name: string, rewarded: boolean): void {
    const arm = this.#arm(name);
    arm.pulls++;
    if (rewarded) arm.wins++;
  }

  /** One posterior draw per arm in `names`: the sampled win rate, in (0, 1). */
  sample(names: readonly string[], rng: Rng): Map<string, number> {
    return new Map(names.map((name) => {
      const { pulls, wins } = this.#arm(name);
      return [name, beta(1 + wins, 1 + pulls - wins, rng)];
    }));
  }

  /** Per-arm counts and posterior means, in the order the arms were first named. */
  stats(): BanditArmStats[] {
    return [...this.#arms].map(([name, { pulls, wins }]) => ({
      name,
      pulls,
      wins,
      mean: (1 + wins) / (2 + pulls),
    }));
  }

  #arm(name: string): { pulls: number; wins: number } {
    let arm = this.#arms.get(name);
    if (!arm) this.#arms.set(name, arm = { pulls: 0, wins: 0 });
    return arm;
  }
}

/** A Beta(a, b) draw as X / (X + Y) of two Gamma draws. */
function beta(a: number, b: number, rng: Rng): number {
  const x = gamma(a, rng);
  return x / (x + gamma(b, rng));
}

/** Marsaglia and Tsang's Gamma(k, 1) sampler for k >= 1 (the bandit's shapes are all >= 1). */
function gamma(k: number, rng: Rng): number {
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(rng);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = 1 - rng.float();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** A standard normal draw (Box-Muller; 1 - float() keeps the logarithm finite). */
function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.float())) * Math.cos(2 * Math.PI * rng.float());
}
