// Owns where a PostgreSQL run store's address comes from and how it is shown: credentials come
// from the environment (SPECEVOLVE_DATABASE_URL, PGPASSWORD, ~/.pgpass) and are never printed.
import { UsageError } from "../../errors/mod.ts";

/** The environment variable holding the database URL (it may carry the password). */
export const DATABASE_URL_ENV = "SPECEVOLVE_DATABASE_URL";

/** True when `s` names a PostgreSQL database (`postgres://` or `postgresql://`). */
export function isPostgresUrl(s: string | undefined): s is string {
  return s !== undefined && /^postgres(ql)?:\/\//i.test(s);
}

/** `url` without its password, for messages and for what a run directory may record. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "";
    return u.toString().replace(/:@/, "@");
  } catch {
    return "postgres://(unparsable URL)";
  }
}

/**
 * The URL to connect with: `SPECEVOLVE_DATABASE_URL` when set (it may hold the password), else
 * `given`. A password on the command line is refused: other users see it in the process list.
 */
export function resolveDatabaseUrl(
  given: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  where: string,
): string | undefined {
  if (given !== undefined && isPostgresUrl(given) && new URL(given).password) {
    throw new UsageError(
      `${where}: the database URL on the command line carries a password; put it in ` +
        `${DATABASE_URL_ENV}, PGPASSWORD or ~/.pgpass instead (a command line is visible to ` +
        "every user of the machine)",
    );
  }
  const fromEnv = env[DATABASE_URL_ENV];
  if (fromEnv !== undefined && fromEnv !== "") {
    if (!isPostgresUrl(fromEnv)) {
      throw new UsageError(`${where}: ${DATABASE_URL_ENV} must be a postgres:// URL`);
    }
    return fromEnv;
  }
  return given;
}
