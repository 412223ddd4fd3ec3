// Public surface of the records every stage of an evolution may import.
export { byRank, type Ranked, ranksAbove } from "./ranking.ts";
