// The installed executable (dist/src/cli/bin.js, built by npm test's pretest) as a shell runs it:
// a reader that closes the pipe early must end the run quietly, with exit 0.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = new URL("../../dist/src/cli/bin.js", import.meta.url).pathname;

describe("the newsbrief executable", () => {
  it("ends quietly with exit 0 when stdout is closed early, as `| head -1` does", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "nb-bin-")), "records.jsonl");
    const record = (i: number) =>
      JSON.stringify({
        id: `r${i}`,
        text: "The ferry sailed at dawn. Passengers cheered on the quay. The crossing took an hour.",
      });
    writeFileSync(file, `${Array.from({ length: 2000 }, (_, i) => record(i)).join("\n")}\n`);
    const child = spawn(process.execPath, [BIN, "analyze", "--jsonl", file], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LOG_LEVEL: "silent" },
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // Read the first line, then close the pipe as `head -1` does.
    const first = await new Promise<string>((resolve) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("\n")) {
          child.stdout.destroy();
          resolve(out.split("\n")[0]!);
        }
      });
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(JSON.parse(first)).toMatchObject({ id: "r0" });
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});
