#!/usr/bin/env node
// The executable behind `newsbrief`: runs the CLI on this process's streams and exits with its code.
import { loadDotEnv } from "../config.js";
import { runCli } from "./main.js";

loadDotEnv();
const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
process.exitCode = code;
