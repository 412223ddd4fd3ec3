// Owns prompt templates: loading templates/*.md (overridable file by file from a user directory)
// and rendering `{{name}}` placeholders and `{{#name}}...{{/name}}` sections.
// Hand-written: Mustache would HTML-escape code unless told otherwise, and we need only these two
// forms plus a strict check that names a user's typo.
import { UsageError } from "../../errors/usage_error.ts";

/** The template files, by name (file `<name>.md`). */
export const TEMPLATE_NAMES = ["system", "user", "format_diff", "format_rewrite"] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];
export type Templates = Readonly<Record<TemplateName, string>>;

/** Directory of the shipped templates (the repository's `templates/`). */
export const DEFAULT_TEMPLATES_DIR = new URL("../../../templates/", import.meta.url);

/** Loads the shipped templates, replacing each one found as `<name>.md` in `dir`. */
export async function loadTemplates(dir?: string | URL): Promise<Templates> {
  if (dir !== undefined) await checkDir(dir);
  const out = {} as Record<TemplateName, string>;
  for (const name of TEMPLATE_NAMES) {
    const own = dir === undefined ? undefined : await readIfPresent(join(dir, `${name}.md`));
    out[name] = own ?? await Deno.readTextFile(join(DEFAULT_TEMPLATES_DIR, `${name}.md`));
  }
  return out;
}

const COMMENT = /<!--[\s\S]*?-->[ \t]*\n?/g;
/** A section tag alone on its line takes the line with it (as Mustache's standalone tags do). */
const STANDALONE = /^[ \t]*(\{\{[#/][A-Za-z_]\w*\}\})[ \t]*\n/gm;
const SECTION = /\{\{#([A-Za-z_][\w]*)\}\}([\s\S]*?)\{\{\/\1\}\}/g;
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * Renders `template`: HTML comments are dropped, a section shows when its value is non-blank, and
 * values are inserted verbatim and never re-scanned, so code containing `{{` is safe. Unknown names
 * throw a UsageError.
 */
export function renderTemplate(
  template: string,
  values: Readonly<Record<string, string>>,
  name = "template",
): string {
  const known = (key: string) => {
    if (!Object.hasOwn(values, key)) {
      throw new UsageError(
        `templates: ${name} uses {{${key}}}, which is not a known placeholder; known: ` +
          Object.keys(values).sort().join(", "),
      );
    }
    return values[key];
  };
  // Blank lines left by hidden sections are squeezed before values go in, so code keeps its own.
  const shown = template.replace(COMMENT, "").replace(STANDALONE, "$1").replace(
    SECTION,
    (_, key: string, inner: string) => known(key).trim() ? inner : "",
  ).replace(/\n{3,}/g, "\n\n");
  return shown.replace(PLACEHOLDER, (_, key: string) => known(key));
}

function join(dir: string | URL, file: string): string | URL {
  if (dir instanceof URL) return new URL(file, dir.href.endsWith("/") ? dir : `${dir.href}/`);
  return `${dir.replace(/\/+$/, "")}/${file}`;
}

async function readIfPresent(path: string | URL): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw new UsageError(`templates: cannot read ${path}: ${(e as Error).message}`);
  }
}

async function checkDir(dir: string | URL): Promise<void> {
  let isDir = false;
  try {
    isDir = (await Deno.stat(dir)).isDirectory;
  } catch { /* reported below */ }
  if (!isDir) {
    throw new UsageError(
      `templates: ${dir} is not a directory; pass --templates with a folder holding any of ` +
        TEMPLATE_NAMES.map((n) => `${n}.md`).join(", "),
    );
  }
}
