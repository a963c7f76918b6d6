// Starts `algoreg serve` on a new SQLite database with demo data, waits until it is ready and its
// search index is built, runs every browser test against it, and stops it.
//
//   node e2e/run.mjs            (from the repository root, after `cargo build -p algoreg`)
//   ALGOREG_BIN=path/to/algoreg  to choose the binary; E2E_DEMO_COUNT to change the data size;
//   E2E_TESTS=e2e/tests/beheer.test.mjs  to run one file.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createServer } from "node:net";
import { randomBytes } from "node:crypto";
import { startIdp, CLIENT_ID, CLIENT_SECRET } from "./lib/idp.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const target = process.env.CARGO_TARGET_DIR || join(root, "target");
const bin = process.env.ALGOREG_BIN || join(target, "debug", "algoreg");
if (!existsSync(bin)) {
  console.error(`e2e: no algoreg binary at ${bin}; run \`cargo build -p algoreg\` first`);
  process.exit(2);
}

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const work = mkdtempSync(join(tmpdir(), "algoreg-e2e-"));
// An identity provider of organisation gm0363, for logging in through it.
const idp = await startIdp();
writeFileSync(
  join(work, "algoreg.toml"),
  `[[oidc]]
id = "e2e"
label = "Test-inlogdienst"
issuer = "${idp.issuer}"
client_id = "${CLIENT_ID}"
client_secret = "${CLIENT_SECRET}"
organisations = ["gm0363"]
`,
);
const server = spawn(
  bin,
  ["--database-url", `sqlite://${join(work, "e2e.db")}`, "serve", "--listen", `127.0.0.1:${port}`],
  {
    env: {
      ...process.env,
      ALGOREG_DEMO_COUNT: process.env.E2E_DEMO_COUNT || "400",
      ALGOREG_INDEX_DIR: join(work, "index"),
      ALGOREG_PUBLIC_URL: base,
      ALGOREG_LOG: "warn",
      ALGOREG_CONFIG: join(work, "algoreg.toml"),
      // As in production: two-step verification secrets stored encrypted.
      ALGOREG_SECRET_KEY: randomBytes(32).toString("hex"),
    },
    stdio: ["ignore", "inherit", "inherit"],
  },
);
let stopped = false;
const stop = () => {
  if (!stopped) {
    stopped = true;
    server.kill("SIGTERM");
  }
};
process.on("exit", () => {
  stop();
  idp.close();
  rmSync(work, { recursive: true, force: true });
});
server.on("exit", (code) => {
  if (!stopped) {
    console.error(`e2e: algoreg stopped early (${code})`);
    process.exit(1);
  }
});

const deadline = Date.now() + 120_000;
for (;;) {
  try {
    const r = await fetch(`${base}/api/v1/search?page_size=1`);
    if (r.ok && (await r.json()).total > 0) break;
  } catch {
    // not listening yet
  }
  if (Date.now() > deadline) {
    console.error("e2e: algoreg did not become ready within 120 s");
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 250));
}

// The organisation's admin, made with the CLI as an operator would; the back-office story starts with
// this admin inviting the editor and the approver.
const password = "e2e wachtwoord voor het beheer";
const accounts = [
  ["beheerder@e2e.example", "Bea Beheerder", "org-admin"],
  // An editor who logs in through the organisation's identity provider.
  ["olga@e2e.example", "Olga Oidc", "editor"],
];
for (const [email, name, role] of accounts) {
  const r = spawnSync(
    bin,
    ["--database-url", `sqlite://${join(work, "e2e.db")}`, "user", "add", "--email", email, "--name", name,
      "--password-stdin", "--org", "gm0363", "--role", role],
    { input: password + "\n", stdio: ["pipe", "inherit", "inherit"], env: { ...process.env, ALGOREG_LOG: "warn" } },
  );
  if (r.status !== 0) {
    console.error(`e2e: could not add the account ${email}`);
    process.exit(1);
  }
}

// A platform admin (no organisation), for the pages of the register's own team.
const platformAdmin = "platform@e2e.example";
{
  const r = spawnSync(
    bin,
    ["--database-url", `sqlite://${join(work, "e2e.db")}`, "user", "add", "--email", platformAdmin, "--name",
      "Pim Platform", "--password-stdin", "--platform-role", "admin"],
    { input: password + "\n", stdio: ["pipe", "inherit", "inherit"], env: { ...process.env, ALGOREG_LOG: "warn" } },
  );
  if (r.status !== 0) {
    console.error(`e2e: could not add the account ${platformAdmin}`);
    process.exit(1);
  }
}

// A supplier's account, for its templates.
const provider = "leverancier@e2e.example";
{
  const r = spawnSync(
    bin,
    ["--database-url", `sqlite://${join(work, "e2e.db")}`, "user", "add", "--email", provider, "--name",
      "Lev Leverancier", "--password-stdin", "--provider", "Leverancier E2E BV"],
    { input: password + "\n", stdio: ["pipe", "inherit", "inherit"], env: { ...process.env, ALGOREG_LOG: "warn" } },
  );
  if (r.status !== 0) {
    console.error(`e2e: could not add the account ${provider}`);
    process.exit(1);
  }
}

// E2E_TESTS: one test file (or several, space-separated) instead of the whole folder.
const files = process.env.E2E_TESTS ? process.env.E2E_TESTS.split(" ") : [join(here, "tests")];
const tests = spawn(process.execPath, ["--test", "--test-concurrency=1", ...files], {
  env: {
    ...process.env,
    E2E_BASE_URL: base,
    E2E_ADMIN: accounts[0][0],
    E2E_PLATFORM_ADMIN: platformAdmin,
    E2E_PROVIDER: provider,
    E2E_OIDC_USER: accounts[1][0],
    E2E_EDITOR: "redacteur@e2e.example",
    E2E_APPROVER: "goedkeurder@e2e.example",
    E2E_PASSWORD: password,
  },
  stdio: "inherit",
});
tests.on("exit", (code) => {
  stop();
  idp.close();
  process.exit(code ?? 1);
});
