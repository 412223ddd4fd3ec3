// Owns the `import` subcommand's entry (PostgreSQL run -> SQLite); the work is in _transfer.ts.
import { importHelp, importMain } from "./_transfer.ts";

export const help = importHelp;
/** Runs `import`. */
export const main = importMain;
