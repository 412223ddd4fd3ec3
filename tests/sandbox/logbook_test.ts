// Tests the per-run cap on console lines collected from every call.
import assert from "node:assert/strict";
import { LogBook } from "../../src/sandbox/_logbook.ts";

Deno.test("LogBook.add() keeps lines across calls until the cap, cuts the crossing line, marks it once", () => {
  const book = new LogBook(10);
  book.add(["abcd", "efg"]);
  book.add(["hijklmn", "dropped"]);
  book.add(["also dropped"]);
  assert.deepEqual(book.lines, [
    "abcd",
    "efg",
    "hij",
    "[sandbox] logs truncated: the run's console output passed 10 characters",
  ]);
});
