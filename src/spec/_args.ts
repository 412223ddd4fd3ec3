// Owns the check that an `args` list and the input schema it draws from agree: every arg is an
// input property, and every input property reaches the entry through some arg.
import { didYouMean } from "./_didyoumean.ts";
import { toPointer } from "./_yaml.ts";

type Issue = (pointer: string, message: string, part?: "key" | "value") => void;

/**
 * Reports args that are not properties of the schema at `where.schema` (e.g. `["input"]`), and
 * properties missing from `args` (they would never reach `entry`).
 */
export function checkArgs(
  args: readonly string[],
  props: readonly string[],
  where: { readonly args: readonly string[]; readonly schema: readonly string[] },
  entry: string,
  issue: Issue,
): void {
  const schemaName = `\`${where.schema.join(".")}\``;
  args.forEach((a, i) => {
    if (!props.includes(a)) {
      issue(
        toPointer([...where.args, String(i)]),
        `arg \`${a}\` is not a property of ${schemaName}${didYouMean(a, props)}`,
      );
    }
  });
  for (const p of props) {
    if (!args.includes(p)) {
      issue(
        toPointer([...where.schema, "properties", p]),
        `${where.schema.join(".")} property \`${p}\` is not in \`${where.args.join(".")}\`, ` +
          `so it would never reach \`${entry}\`; add it to args or remove it`,
        "key",
      );
    }
  }
}
