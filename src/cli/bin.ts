#!/usr/bin/env node
// The executable behind `newsbrief`: runs the CLI on this process's streams and exits with its code.
import { loadDotEnv } from "../config.js";
import { runCli } from "./main.js";

// A reader that stops early (`newsbrief analyze … | head -1`) closes the pipe. As in other Unix
// tools, that ends the run quietly and successfully: there is no one left to write for.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

loadDotEnv();
const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
process.exitCode = code;
