import assert from "node:assert/strict";
import { escapeHtml, html, jsonScript, trusted } from "../../../src/html/template.ts";

Deno.test("html`` escapes interpolated text, joins arrays, drops empty values, keeps Html", () => {
  const evil = `</p><script>alert("x")</script>'`;
  const out = html`<p title="${evil}">${evil}${[
    html`<b>${"<i>"}</b>`,
    "<u>",
  ]}${undefined}${null}${false}${0}</p>`;
  assert.equal(
    out.value,
    '<p title="&lt;/p&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;">' +
      "&lt;/p&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;<b>&lt;i&gt;</b>&lt;u&gt;0</p>",
  );
  assert.equal(html`${trusted("<hr>")}`.value, "<hr>");
  assert.equal(escapeHtml("a&b"), "a&amp;b");
});

Deno.test("jsonScript() keeps data that contains </script> and line separators inert", () => {
  const data = { source: "</script><script>alert(1)</script>", odd: "a\u2028b\u2029c", x: "<!--" };
  const out = jsonScript("page-data", data).value;
  assert.equal(out.match(/<\/script>/g)?.length, 1, "only the closing tag of the data island");
  assert.ok(!out.includes("<!--") && !out.includes("\u2028") && !out.includes("\u2029"));
  const body = /<script type="application\/json" id="page-data">(.*)<\/script>/s.exec(out)![1];
  assert.deepEqual(JSON.parse(body), data);
});
