// Says once per run when the Postgres store suites are left out, and how to run them.
export default function setup(): void {
  if (!process.env.TEST_DATABASE_URL?.trim()) {
    console.log(
      'Postgres store tests not run: set TEST_DATABASE_URL=postgres://user@host:port/db (README, "Tests") to run them; CI does.',
    );
  }
}
