// Owns a request's view of a run: a RunReader that answers the whole-list reads several views make
// (program summaries, stage outcomes, LLM usage, the run row) from memory, so a page that shows a
// summary, charts and a lineage reads each list once. Narrowed or paged queries pass through.
import type { RunReader } from "../evolve/database/store.ts";

/** `reader`, with its unfiltered list reads done at most once; the lists must not be mutated. */
export function memoizedReader(reader: RunReader): RunReader {
  const memo = new Map<string, unknown>();
  const once = <T>(key: string, read: () => T): T => {
    if (!memo.has(key)) memo.set(key, read());
    return memo.get(key) as T;
  };
  return {
    location: reader.location,
    getRun: () => once("run", () => reader.getRun()),
    listPrograms: () => reader.listPrograms(),
    listProgramSummaries: (query) =>
      query
        ? reader.listProgramSummaries(query)
        : once("summaries", () => reader.listProgramSummaries()),
    listStageOutcomes: (page) =>
      page ? reader.listStageOutcomes(page) : once("stages", () => reader.listStageOutcomes()),
    getProgram: (id) => reader.getProgram(id),
    listIslandCopies: (programId) => reader.listIslandCopies(programId),
    listEvents: (kinds, query) => reader.listEvents(kinds, query),
    listLlmCalls: (query) => reader.listLlmCalls(query),
    listLlmUsage: () => once("usage", () => reader.listLlmUsage()),
    close: () => reader.close(),
  };
}
