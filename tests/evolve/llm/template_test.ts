import assert from "node:assert/strict";
import { UsageError } from "../../../src/errors/usage_error.ts";
import { loadTemplates, renderTemplate, TEMPLATE_NAMES } from "../../../src/evolve/llm/template.ts";

Deno.test("renderTemplate() fills placeholders and shows sections only for non-blank values", () => {
  const t = "A {{x}}.\n{{#y}}Y is {{y}}.\n{{/y}}{{#z}}Z is {{z}}.\n{{/z}}end";
  assert.equal(renderTemplate(t, { x: "1", y: "2", z: "  " }), "A 1.\nY is 2.\nend");
});

Deno.test("renderTemplate() inserts values verbatim without expanding braces inside them", () => {
  const code = "const t = `{{y}}`; // {{#y}}x{{/y}}\n\n\n\nlet gap;";
  assert.equal(renderTemplate("<{{code}}>", { code, y: "Y" }), `<${code}>`);
});

Deno.test("renderTemplate() squeezes blank lines left by hidden sections", () => {
  const t = "a\n\n{{#none}}\nhidden\n\n{{/none}}\n\nb";
  assert.equal(renderTemplate(t, { none: "" }), "a\n\nb");
});

Deno.test("renderTemplate() lets a section tag alone on its line take the line with it", () => {
  const t = "- a\n{{#x}}\n- {{x}}\n{{/x}}\n- c\n";
  assert.equal(renderTemplate(t, { x: "b" }), "- a\n- b\n- c\n");
  assert.equal(renderTemplate(t, { x: "" }), "- a\n- c\n");
});

Deno.test("renderTemplate() drops HTML comments, placeholders inside them included", () => {
  assert.equal(renderTemplate("<!-- uses {{unknown}} -->\nhi {{x}}", { x: "you" }), "hi you");
});

Deno.test("renderTemplate() names an unknown placeholder and the known ones", () => {
  assert.throws(
    () => renderTemplate("{{descripton}}", { description: "", entry: "" }, "user.md"),
    (e: unknown) =>
      e instanceof UsageError && /user\.md uses \{\{descripton\}\}/.test(e.message) &&
      e.message.includes("description, entry"),
  );
});

Deno.test("loadTemplates() loads every shipped template", async () => {
  const t = await loadTemplates();
  for (const name of TEMPLATE_NAMES) assert.ok(t[name].length > 50, name);
  assert.match(t.format_diff, /<<<<<<< SEARCH/);
});

Deno.test("loadTemplates() replaces the shipped templates file by file from a directory", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/system.md`, "My own system prompt for {{name}}.");
    const [own, shipped] = await Promise.all([loadTemplates(dir), loadTemplates()]);
    assert.equal(own.system, "My own system prompt for {{name}}.");
    assert.equal(own.user, shipped.user);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadTemplates() rejects a templates path that is not a directory", async () => {
  await assert.rejects(() => loadTemplates("/nonexistent/templates-dir"), UsageError);
});
