// Owns per-proposer statistics and token/cost usage, from programs, rejection events and LLM calls.
import type { EventRecord, LlmCallRecord, StoredProgram } from "../../evolve/records/mod.ts";
import type { ProposalUsage } from "../../evolve/records/proposal.ts";
import { usageByModel } from "../../runview/mod.ts";
import type { ProposerStats, Usage } from "./model.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Rejection {
  readonly proposer?: string;
  readonly usage?: ProposalUsage;
}

/** Stats per proposer, most attempts first. Initial and human programs count as proposers too. */
export function proposerStats(
  programs: readonly StoredProgram[],
  events: readonly EventRecord[],
): ProposerStats[] {
  const stats = new Map<string, Mutable<ProposerStats>>();
  const entry = (proposer: string, usage?: ProposalUsage) => {
    let s = stats.get(proposer);
    if (!s) {
      s = {
        proposer,
        proposals: 0,
        ok: 0,
        failed: 0,
        duplicates: 0,
        proposalFailures: 0,
        improvements: 0,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
      };
      stats.set(proposer, s);
    }
    s.proposals++;
    s.inputTokens += usage?.inputTokens ?? 0;
    s.outputTokens += usage?.outputTokens ?? 0;
    s.costUsd += usage?.costUsd ?? 0;
    return s;
  };
  const byId = new Map(programs.map((p) => [p.id, p]));
  for (const p of programs) {
    const s = entry(p.proposer, p.usage);
    if (!p.evaluation) continue;
    if (p.evaluation.ok) {
      s.ok++;
      const score = p.evaluation.train?.score;
      if (score !== undefined && !(s.bestTrainScore !== undefined && s.bestTrainScore >= score)) {
        s.bestTrainScore = score;
      }
    } else s.failed++;
  }
  for (const e of events) {
    const payload = e.payload as Rejection;
    if (e.kind === "duplicate-rejected") {
      entry(payload.proposer ?? "unknown", payload.usage).duplicates++;
    }
    if (e.kind === "proposal-failed") {
      entry(payload.proposer ?? "unknown", payload.usage).proposalFailures++;
    }
    if (e.kind === "new-best" && e.programId !== undefined) {
      const p = byId.get(e.programId);
      if (p) stats.get(p.proposer)!.improvements++;
    }
  }
  return [...stats.values()].sort((a, b) =>
    b.proposals - a.proposals || a.proposer.localeCompare(b.proposer)
  );
}

/** Token and dollar totals: the budget's view (proposals) and the LLM client's (calls). */
export function usage(stats: readonly ProposerStats[], calls: readonly LlmCallRecord[]): Usage {
  return {
    inputTokens: stats.reduce((sum, s) => sum + s.inputTokens, 0),
    outputTokens: stats.reduce((sum, s) => sum + s.outputTokens, 0),
    costUsd: stats.reduce((sum, s) => sum + s.costUsd, 0),
    llmCalls: calls.length,
    // The report predates per-model failure counts; its JSON keeps its shape.
    byModel: usageByModel(calls).map(({ failed: _failed, ...m }) => m),
  };
}
