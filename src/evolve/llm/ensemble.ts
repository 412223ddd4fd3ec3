// Owns model choice for the ensemble: weighted random picks, or a UCB1 bandit whose reward is
// score gain per dollar; exposes per-model statistics so a report can explain the choices.
import type { ModelSelectionMode } from "./options.ts";

/** One model as the selector sees it. */
export interface Arm {
  readonly label: string;
  readonly weight: number;
}

/** What the selector knows about one model; `ucb` is its current bandit index. */
export interface ArmStats {
  readonly label: string;
  readonly weight: number;
  /** Times chosen. */
  readonly pulls: number;
  /** Outcomes reported back (a proposal that failed to apply counts, with gain 0). */
  readonly rewards: number;
  /** Mean of max(gain, 0) / max(cost, costFloorUsd) over the outcomes. */
  readonly meanReward: number;
  readonly totalGain: number;
  readonly totalCostUsd: number;
  /** Bandit index now (mean normalised to the best mean, plus exploration); null in weighted mode or before the first pull. */
  readonly ucb: number | null;
}

export interface ModelSelectorOptions {
  /** @default "weighted" */
  readonly mode?: ModelSelectionMode;
  /** @default 0.0001 */
  readonly costFloorUsd?: number;
  /** @default 1 */
  readonly exploration?: number;
}

interface ArmState {
  pulls: number;
  rewards: number;
  rewardSum: number;
  gain: number;
  cost: number;
}

/** Chooses which model serves the next call and learns from reported outcomes. */
export class ModelSelector {
  readonly mode: ModelSelectionMode;
  readonly #arms: readonly Arm[];
  readonly #state: ArmState[];
  readonly #costFloor: number;
  readonly #exploration: number;

  constructor(arms: readonly Arm[], options: ModelSelectorOptions = {}) {
    if (arms.length === 0 || arms.some((a) => !(a.weight > 0))) {
      throw new RangeError("ModelSelector: needs at least one model, each with a weight > 0");
    }
    this.#arms = arms;
    this.#state = arms.map(() => ({ pulls: 0, rewards: 0, rewardSum: 0, gain: 0, cost: 0 }));
    this.mode = options.mode ?? "weighted";
    this.#costFloor = options.costFloorUsd ?? 0.0001;
    this.#exploration = options.exploration ?? 1;
  }

  /** Index of the model for the next call; `random` returns numbers in [0, 1). */
  choose(random: () => number): number {
    const i = this.mode === "bandit" ? this.#bestIndex() : this.#weighted(random());
    this.#state[i].pulls += 1;
    return i;
  }

  /** Records the outcome of a call made by `label`: score gain (negative counts as 0) and its cost. */
  reward(label: string, gain: number, costUsd: number): void {
    const i = this.#arms.findIndex((a) => a.label === label);
    if (i < 0) return;
    const s = this.#state[i];
    const g = Number.isFinite(gain) ? Math.max(gain, 0) : 0;
    s.rewards += 1;
    s.rewardSum += g / Math.max(costUsd, this.#costFloor);
    s.gain += g;
    s.cost += costUsd;
  }

  /** Per-model pulls, rewards, mean reward and current index, in configuration order. */
  stats(): ArmStats[] {
    const ucb = this.mode === "bandit" ? this.#indices() : undefined;
    return this.#arms.map((a, i) => {
      const s = this.#state[i];
      return {
        label: a.label,
        weight: a.weight,
        pulls: s.pulls,
        rewards: s.rewards,
        meanReward: s.rewards ? s.rewardSum / s.rewards : 0,
        totalGain: s.gain,
        totalCostUsd: s.cost,
        ucb: ucb?.[i] ?? null,
      };
    });
  }

  #weighted(u: number): number {
    const total = this.#arms.reduce((t, a) => t + a.weight, 0);
    let x = u * total;
    for (let i = 0; i < this.#arms.length; i++) {
      x -= this.#arms[i].weight;
      if (x < 0) return i;
    }
    return this.#arms.length - 1;
  }

  /** UCB1 index per arm, null for arms never pulled. */
  #indices(): (number | null)[] {
    const means = this.#state.map((s) => s.rewards ? s.rewardSum / s.rewards : null);
    // Gain per dollar has no natural bound, so means are scaled to the best one seen; an arm
    // whose outcomes are all still pending is assumed as good as the best (optimism).
    const best = Math.max(0, ...means.map((m) => m ?? 0));
    const total = this.#state.reduce((t, s) => t + s.pulls, 0);
    return this.#state.map((s, i) => {
      if (s.pulls === 0) return null;
      const mean = means[i] === null ? 1 : best > 0 ? means[i]! / best : 0;
      return mean + this.#exploration * Math.sqrt((2 * Math.log(Math.max(total, 1))) / s.pulls);
    });
  }

  #bestIndex(): number {
    const ucb = this.#indices();
    // Every model is tried once first, heaviest first; ties go to the heavier, then the earlier.
    let best = -1;
    for (let i = 0; i < this.#arms.length; i++) {
      if (best < 0) {
        best = i;
        continue;
      }
      const [a, b] = [ucb[i], ucb[best]];
      const better = a === null
        ? b !== null || this.#arms[i].weight > this.#arms[best].weight
        : b !== null && (a > b || (a === b && this.#arms[i].weight > this.#arms[best].weight));
      if (better) best = i;
    }
    return best;
  }
}
