// Owns the `export` subcommand's entry (SQLite run -> PostgreSQL); the work is in _transfer.ts.
import { exportHelp, exportMain } from "./_transfer.ts";

export const help = exportHelp;
/** Runs `export`. */
export const main = exportMain;
