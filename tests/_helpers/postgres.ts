// Re-exports the throwaway PostgreSQL cluster (src/testing/postgres.ts), which the distributed
// benchmark shares with the tests.
export * from "../../src/testing/postgres.ts";
