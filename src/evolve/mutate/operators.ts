// Owns the registry of offline mutation operators and the one-line description of each (for docs).
import type { MutationOperator, OperatorName } from "./_context.ts";
import { EXPRESSION_OPERATORS } from "./_ops_expression.ts";
import { CONTROL_OPERATORS } from "./_ops_control.ts";
import { SORT_OPERATORS } from "./_ops_sort.ts";
import { CROSSOVER_OPERATORS } from "./_ops_crossover.ts";

export type { OperatorName } from "./_context.ts";

/** Every operator, in doc order. */
export const OPERATORS: readonly MutationOperator[] = [
  ...EXPRESSION_OPERATORS,
  ...CONTROL_OPERATORS,
  ...SORT_OPERATORS,
  ...CROSSOVER_OPERATORS,
];

/** What the docs and `--help` say about an operator. */
export interface OfflineOperatorInfo {
  readonly name: OperatorName;
  readonly description: string;
  /** Relative weight used when `OfflineMutatorOptions.weights` does not name it. */
  readonly defaultWeight: number;
}

/** Name, one-line description and default weight of every offline mutation operator. */
export const OFFLINE_OPERATORS: readonly OfflineOperatorInfo[] = OPERATORS.map((op) => ({
  name: op.name,
  description: op.description,
  defaultWeight: op.defaultWeight,
}));
