// Owns the engine's options: what the CLI (or a test) hands `evolve()`, and `resolveEngineOptions`
// which fills defaults, applies overrides to the spec's `evolve` settings and checks them.
import type { Evaluator } from "../../evaluate/types.ts";
import type { EvolveConfig, Spec } from "../../spec/types.ts";
import type { ControlSource } from "./control.ts";
import type { Store } from "../database/store.ts";
import { EvolveError } from "../../errors/mod.ts";
import type { ProgressSnapshot } from "./progress.ts";
import type { Proposer } from "../records/proposal.ts";
import { checkFeatures } from "../selection/map_elites.ts";
import {
  type ResolvedSelectionOptions,
  resolveSelectionOptions,
  type SelectionOptions,
} from "../selection/options.ts";

/** What the engine needs of a spec; a loaded `Spec` fits. */
export type EngineSpec = Pick<Spec, "name" | "hash" | "evolve"> & {
  readonly metrics?: readonly {
    readonly name: string;
    readonly goal?: "max" | "min";
    readonly measure?: string;
  }[];
};

/** The limits a command line sets over the spec's `evolve` block; a run keeps them across resumes. */
export const LIMIT_KEYS = [
  "iterations",
  "maxSeconds",
  "targetScore",
  "plateau",
  "budgetUsd",
] as const;

/** Settings a command line may override; a resumed run keeps those it started with. */
export type EvolveOverrides = Partial<Pick<EvolveConfig, (typeof LIMIT_KEYS)[number]>>;

/** JSON-safe settings of the caller (e.g. the command line's proposer and model flags). */
export type RunSettings = Readonly<Record<string, unknown>>;

export interface EngineOptions extends EvolveOverrides {
  /** The run's database; a new run when it holds none. */
  readonly store: Store;
  readonly evaluator: Evaluator;
  readonly proposer: Proposer;
  readonly spec: EngineSpec;
  /** Source of the initial program, evaluated as iteration 0 of a new run. */
  readonly initialSource: string;
  /** Seed of a new run; a resumed run keeps the seed it started with. @default 0 */
  readonly seed?: number;
  /** Candidates in flight (being proposed or evaluated) at once. @default 2 (the sandbox pool size) */
  readonly concurrency?: number;
  readonly selection?: SelectionOptions;
  /** Continue the run in `store`; without it a store that already holds a run is refused. @default false */
  readonly resume?: boolean;
  /** Resume although the spec's hash changed since the run started. @default false */
  readonly force?: boolean;
  /** Ctrl-C: no new candidate starts, those in flight finish and are committed, then `evolve` returns. */
  readonly signal?: AbortSignal;
  /** Called after every outcome and state change, for progress displays. */
  readonly onProgress?: (snapshot: ProgressSnapshot) => void;
  /** Where pause/resume/hint/inject commands come from. @default a `StoreControlSource` over `store` */
  readonly control?: ControlSource;
  /** How often a paused engine asks `control` whether to go on, ms. @default 500 */
  readonly pollMs?: number;
  /** At the end, this many best (train) programs lacking a holdout score get one. @default 3 */
  readonly finalHoldout?: number;
  /** Clock in ms; tests pass a fake one to drive the wall-time rule. @default Date.now */
  readonly now?: () => number;
  /**
   * The caller's own settings, stored in the run's `config.settings` so a resume can reuse them;
   * on resume, those that differ from the stored ones are recorded in the `override` event.
   * @default the stored settings on resume, else {}
   */
  readonly settings?: RunSettings;
}

/** The settings a run works with, as stored in the run's `config`. */
export interface EngineConfig {
  readonly evolve: EvolveConfig;
  /** The limits the caller set over the spec's `evolve` block; a resume keeps them. */
  readonly overrides: EvolveOverrides;
  readonly selection: ResolvedSelectionOptions;
  readonly concurrency: number;
  readonly finalHoldout: number;
  readonly pollMs: number;
  /** The caller's own settings (see `EngineOptions.settings`). */
  readonly settings: RunSettings;
}

/**
 * Fills defaults, applies overrides and checks ranges; throws EvolveError naming the bad field.
 * `stored` is the config of the run being resumed: its overrides, concurrency and settings stand
 * wherever `options` gives none, so a resumed run continues under the limits it started with.
 */
export function resolveEngineOptions(
  options: EngineOptions,
  stored?: Partial<EngineConfig>,
): EngineConfig {
  const pick = (from: EvolveOverrides | undefined): EvolveOverrides =>
    Object.fromEntries(LIMIT_KEYS.filter((k) => from?.[k] !== undefined).map((k) => [k, from![k]]));
  // Limits set over the spec stay set over it: a forced resume after a spec edit takes the new
  // spec's other limits, never the old spec's.
  const overrides = { ...pick(stored?.overrides), ...pick(options) };
  const evolve: EvolveConfig = { ...options.spec.evolve, ...overrides };
  const config: EngineConfig = {
    evolve,
    overrides,
    selection: resolveSelectionOptions(options.selection),
    concurrency: options.concurrency ?? stored?.concurrency ?? 2,
    finalHoldout: options.finalHoldout ?? 3,
    pollMs: options.pollMs ?? 500,
    settings: options.settings ?? stored?.settings ?? {},
  };
  const count = (name: string, x: number, min: number) => {
    if (!Number.isInteger(x) || x < min) {
      throw new EvolveError(`evolve: ${name} must be an integer >= ${min}, got ${x}`, {
        kind: "usage",
      });
    }
  };
  count("iterations", evolve.iterations, 0);
  count("islands", evolve.islands, 1);
  count("migrationInterval", evolve.migrationInterval, 0);
  count("top", evolve.top, 0);
  count("diverse", evolve.diverse, 0);
  count("plateau", evolve.plateau, 0);
  count("stagnation", evolve.stagnation, 0);
  count("concurrency", config.concurrency, 1);
  count("finalHoldout", config.finalHoldout, 0);
  for (const [name, x] of [["maxSeconds", evolve.maxSeconds], ["budgetUsd", evolve.budgetUsd]]) {
    if (!(Number(x) >= 0)) {
      throw new EvolveError(`evolve: ${name} must be >= 0 (0 = no limit), got ${x}`, {
        kind: "usage",
      });
    }
  }
  checkFeatures(evolve.features, options.spec.metrics?.map((m) => m.name));
  return config;
}

/** One setting a resume changed: its stored value and the new one (undefined: unset). */
export interface SettingChange {
  readonly from: unknown;
  readonly to: unknown;
}

/** The limits, concurrency and caller settings that differ between a stored config and `next`. */
export function configChanges(
  stored: Partial<EngineConfig>,
  next: EngineConfig,
): Record<string, SettingChange> {
  const changes: Record<string, SettingChange> = {};
  const note = (name: string, from: unknown, to: unknown) => {
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[name] = { from, to };
  };
  for (const k of LIMIT_KEYS) note(k, stored.evolve?.[k], next.evolve[k]);
  note("concurrency", stored.concurrency, next.concurrency);
  const settings = new Set([...Object.keys(stored.settings ?? {}), ...Object.keys(next.settings)]);
  for (const k of settings) note(`settings.${k}`, stored.settings?.[k], next.settings[k]);
  return changes;
}
