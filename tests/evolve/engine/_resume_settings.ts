// Engine settings shared by the resume test and its child process.
export const RESUME_SETTINGS = {
  seed: 5,
  concurrency: 1,
  evolve: { iterations: 14, islands: 2, migrationInterval: 3, top: 2, diverse: 2 },
} as const;
