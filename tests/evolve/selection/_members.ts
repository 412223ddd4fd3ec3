// Builds selection members for tests: id, train score, code features and metrics.
import type { Member } from "../../../src/evolve/selection/population.ts";

export function member(
  id: number,
  score: number,
  features: { code_length?: number; loops?: number; metrics?: Record<string, number> } = {},
): Member {
  return {
    id,
    source: `// program ${id}`,
    score,
    metrics: features.metrics ?? { value: score },
    codeFeatures: {
      code_length: features.code_length ?? 100,
      loops: features.loops ?? 0,
      branches: 0,
      functions: 1,
      calls: 0,
    },
    iteration: id,
    evaluation: { ok: true, stages: [] },
  };
}
