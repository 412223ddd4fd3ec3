// Owns the run report model: everything report.json, report.md and report.html show, computed once
// from a run database. The JSON form is this model verbatim (version 1, documented in
// docs/evolution.md#reports); the other formats render it.

/** A run report; `version` changes only with incompatible changes to this shape. */
export interface RunReport {
  readonly version: 1;
  /** ISO 8601 time the report was built. */
  readonly generatedAt: string;
  readonly run: RunInfo;
  readonly totals: Totals;
  /** The initial program (iteration 0), for the gain the run made. */
  readonly initial?: ProgramSummary;
  /** The best program by train score, with its lineage back to its root. */
  readonly best?: BestProgram;
  readonly series: ScoreSeries;
  readonly failures: FailureBreakdown;
  readonly holdout: HoldoutGap;
  readonly cascade: CascadeSavings;
  readonly proposers: readonly ProposerStats[];
  /** Offline mutation operators: how often their children beat the parent (the bandit's reward). */
  readonly operators: readonly OperatorStats[];
  readonly usage: Usage;
  /** The spec's baselines, evaluated at the end of `evolve` (absent before that). */
  readonly baselines?: readonly BaselineScore[];
}

/** One of the spec's `baselines` programs, scored on the same workloads as the evolved ones. */
export interface BaselineScore {
  readonly name: string;
  readonly ok: boolean;
  readonly trainScore?: number;
  readonly holdoutScore?: number;
  /** Why it failed the cascade, when it did. */
  readonly failure?: string;
}

export interface RunInfo {
  readonly spec: string;
  readonly specHash: string;
  /** "running" for a live or crashed run, "finished", "stopped" (Ctrl-C) or "failed". */
  readonly status: string;
  readonly stopReason?: string;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly seed: number;
  readonly rngAlgorithm: string;
  /** Engine configuration of the latest session. */
  readonly config: unknown;
  /** Sessions: the start plus each resume. */
  readonly sessions: number;
  /** The limits the run stops by (the start's, with resume overrides applied). */
  readonly limits: RunLimits;
}

/** A run's effective limits; 0 disables max seconds, plateau and budget. */
export interface RunLimits {
  readonly iterations?: number;
  readonly maxSeconds?: number;
  readonly targetScore?: number;
  readonly plateau?: number;
  readonly budgetUsd?: number;
  readonly concurrency?: number;
  /** `override` events: resumes whose flags changed a limit or setting. */
  readonly overrides: number;
}

export interface Totals {
  /** Highest iteration recorded. */
  readonly iterations: number;
  readonly programs: number;
  readonly evaluated: number;
  readonly ok: number;
  readonly failed: number;
  /** Stored but not evaluated (cut off; evaluated on resume). */
  readonly pending: number;
  readonly duplicates: number;
  readonly proposalFailures: number;
  readonly migrations: number;
  /** Stagnant islands reseeded with the run's best (`evolve.stagnation`). */
  readonly reseeds: number;
  /** Summed wall time of train evaluations, ms. */
  readonly evaluationMs: number;
}

export interface ProgramSummary {
  readonly id: number;
  readonly iteration: number;
  readonly proposer: string;
  readonly trainScore?: number;
  readonly holdoutScore?: number;
}

export interface BestProgram extends ProgramSummary {
  readonly generation: number;
  readonly description: string;
  readonly trainMetrics: Readonly<Record<string, number>>;
  readonly holdoutMetrics?: Readonly<Record<string, number>>;
  readonly source: string;
  /** Root (initial or injected program) first, the best program last. */
  readonly lineage: readonly LineageStep[];
}

export interface LineageStep extends ProgramSummary {
  readonly description: string;
  /** Unified diff from the parent's source to this one's; "" for the root. */
  readonly diff: string;
}

/** Every evaluated candidate as a point, and the best-so-far line. */
export interface ScoreSeries {
  readonly candidates: readonly {
    readonly id: number;
    readonly iteration: number;
    readonly proposer: string;
    readonly ok: boolean;
    readonly trainScore?: number;
    readonly failure?: string;
  }[];
  /** One point per improvement, in iteration order: the best train score from then on. */
  readonly best: readonly {
    readonly iteration: number;
    readonly id: number;
    readonly trainScore: number;
    readonly holdoutScore?: number;
  }[];
}

export interface FailureBreakdown {
  readonly total: number;
  /** Most frequent first. */
  readonly byCategory: readonly {
    readonly category: string;
    readonly count: number;
    /** The first failure of this category, as an example. */
    readonly example: { readonly programId: number; readonly message: string };
  }[];
  /** Failed evaluations by the cascade stage that rejected them. */
  readonly byStage: Readonly<Record<string, number>>;
}

export interface HoldoutGap {
  /** The best program's train score minus its holdout score (positive: overfit to train). */
  readonly best?: { readonly train: number; readonly holdout: number; readonly gap: number };
  /** Every program with a holdout score, best train first. */
  readonly programs: readonly {
    readonly id: number;
    readonly iteration: number;
    readonly train: number;
    readonly holdout: number;
    readonly gap: number;
  }[];
}

/**
 * Time the cascade's early exits saved: a candidate rejected at stage s did not run the stages
 * after it; each skipped stage is costed at its mean time over the candidates that ran it
 * (0 when none did).
 */
export interface CascadeSavings {
  readonly stages: readonly {
    readonly stage: string;
    readonly ran: number;
    readonly rejected: number;
    readonly meanMs: number;
    readonly totalMs: number;
    /** Time saved by this stage's rejections. */
    readonly savedMs: number;
  }[];
  /** Time all stages took. */
  readonly spentMs: number;
  readonly savedMs: number;
  /** savedMs / (spentMs + savedMs): the share of a cascade-less run's time not spent. */
  readonly savedShare: number;
}

export interface ProposerStats {
  readonly proposer: string;
  /** Attempts: evaluated programs, duplicates and failed proposals. */
  readonly proposals: number;
  readonly ok: number;
  readonly failed: number;
  readonly duplicates: number;
  readonly proposalFailures: number;
  /** New bests it produced. */
  readonly improvements: number;
  readonly bestTrainScore?: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
}

/** One offline mutation operator's children and how many beat their parent. */
export interface OperatorStats {
  readonly operator: string;
  /** Evaluated children it took part in (a stacked proposal counts for each operator). */
  readonly children: number;
  readonly improved: number;
  /** improved / children, and its 95% Wilson interval. */
  readonly rate: number;
  readonly low: number;
  readonly high: number;
}

export interface Usage {
  /** From the proposals' own accounting (what the budget counts). */
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  /** From the `llm_calls` table (every request, retries included). */
  readonly llmCalls: number;
  readonly byModel: readonly {
    readonly model: string;
    readonly calls: number;
    readonly inputTokens: number;
    readonly outputTokens: number;
    readonly costUsd: number;
  }[];
}
