import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * STYLE.md item 3: the layers are enforced by lint. Each case lints a snippet as if it were a file
 * at `file` with the repo's own eslint.config.mjs, and checks that the rule it names fires — or, for
 * an allowed import, that nothing at all is reported. Imports point at files that exist, so the
 * resolver has something to find (without `import/resolver` a renderer → main import would pass
 * silently; the first case guards that).
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BOUNDARIES = 'boundaries/dependencies';
const IMPORTS = 'no-restricted-imports';
const GLOBALS = 'no-restricted-globals';

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

async function lint(file: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  if (!result) throw new Error(`no lint result for ${file}`);
  return result.messages;
}

function byRule(messages: Linter.LintMessage[], ruleId: string): Linter.LintMessage[] {
  return messages.filter((m) => m.ruleId === ruleId);
}

/** Asserts that `ruleId` reports exactly one error whose message matches `pattern`. */
function expectError(messages: Linter.LintMessage[], ruleId: string, pattern: RegExp): void {
  const hits = byRule(messages, ruleId);
  expect(hits, `${ruleId} in ${JSON.stringify(messages, null, 1)}`).toHaveLength(1);
  expect(hits[0]?.severity).toBe(2);
  expect(hits[0]?.message).toMatch(pattern);
}

describe('lint config (STYLE.md item 3: layers enforced by lint)', () => {
  it('loads the boundary rule with the .ts resolver for layered files', async () => {
    const config = (await eslint.calculateConfigForFile(path.join(ROOT, 'src-renderer/x.ts'))) as {
      rules: Record<string, unknown[]>;
      settings: Record<string, unknown>;
    };
    expect(config.rules[BOUNDARIES]?.[0]).toBe(2);
    expect(config.settings['import/resolver']).toEqual({
      node: { extensions: ['.ts', '.tsx', '.js', '.json'] },
    });
  });
});

describe('renderer imports only shared, itself and npm packages', () => {
  it('renderer → src-main is an error', async () => {
    const messages = await lint(
      'src-renderer/x.ts',
      "import { systemClock } from '../src-main/core/clock';\nexport const clock = systemClock;\n",
    );
    expectError(messages, BOUNDARIES, /renderer must not import core/);
  });

  it('renderer → electron is an error', async () => {
    const messages = await lint('src-renderer/x.ts', "import { ipcRenderer } from 'electron';\nexport const r = ipcRenderer;\n");
    expectError(messages, BOUNDARIES, /renderer must not import electron/);
    expectError(messages, IMPORTS, /'electron' import is restricted/);
  });

  it('renderer → shared is fine', async () => {
    const messages = await lint('src-renderer/x.ts', "import { AppError } from '../shared/errors';\nexport const E = AppError;\n");
    expect(messages).toEqual([]);
  });
});

describe('shared imports no Node, no electron, no DOM', () => {
  it("shared → 'node:path' is an error", async () => {
    const messages = await lint('shared/x.ts', "import path from 'node:path';\nexport const sep = path.sep;\n");
    expectError(messages, BOUNDARIES, /shared runs without Node; it must not import the Node builtin "node:path"/);
    expectError(messages, IMPORTS, /'node:path' import is restricted/);
  });

  it("shared → bare 'path' is an error", async () => {
    const messages = await lint('shared/x.ts', "import path from 'path';\nexport const sep = path.sep;\n");
    expectError(messages, BOUNDARIES, /shared runs without Node; it must not import the Node builtin "path"/);
    expectError(messages, IMPORTS, /'path' import is restricted/);
  });

  it("shared → 'electron' is an error", async () => {
    const messages = await lint('shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n");
    expectError(messages, BOUNDARIES, /shared must not import electron/);
    expectError(messages, IMPORTS, /'electron' import is restricted/);
  });

  it('shared → src-main is an error', async () => {
    const messages = await lint('shared/x.ts', "import { systemClock } from '../src-main/core/clock';\nexport const c = systemClock;\n");
    expectError(messages, BOUNDARIES, /shared must not import core/);
  });

  it('shared using DOM or Node globals is an error', async () => {
    const messages = await lint(
      'shared/x.ts',
      'export const w = window.location.href;\nexport const f = fetch;\nexport const p = process.env;\n',
    );
    const names = byRule(messages, GLOBALS).map((m) => m.message);
    expect(names).toHaveLength(3);
    expect(names[0]).toMatch(/'window'/);
    expect(names[1]).toMatch(/'fetch'/);
    expect(names[2]).toMatch(/'process'/);
  });
});

describe('inside main: ipc → services → db | sms, never backwards', () => {
  it('services → ipc is an error', async () => {
    const messages = await lint(
      'src-main/services/x.service.ts',
      "import { createRouter } from '../ipc/router';\nexport const r = createRouter;\n",
    );
    expectError(messages, BOUNDARIES, /services must not import ipc/);
  });

  it('db → services is an error', async () => {
    const messages = await lint('src-main/db/x.repo.ts', "import { x } from '../services/x';\nexport const y = x;\n");
    // The target need not exist: an import that resolves to no layer is refused too.
    expectError(messages, BOUNDARIES, /db must not import (services|"\.\.\/services\/x")/);
  });

  it('db → ipc is an error', async () => {
    const messages = await lint('src-main/db/x.repo.ts', "import { createRouter } from '../ipc/router';\nexport const r = createRouter;\n");
    expectError(messages, BOUNDARIES, /db must not import ipc/);
  });

  it('ipc → db is an error, type-only imports included', async () => {
    const messages = await lint('src-main/ipc/x.ts', "import type { Db } from '../db/connection';\nexport type D = Db;\n");
    expectError(messages, BOUNDARIES, /ipc must not import db/);
  });

  it('core → ipc is an error', async () => {
    const messages = await lint('src-main/core/x.ts', "import { createRouter } from '../ipc/router';\nexport const r = createRouter;\n");
    expectError(messages, BOUNDARIES, /core must not import ipc/);
  });

  it('cli (the command table) → app or ipc is an error; services → cli too', async () => {
    expectError(await lint('src-main/cli/x.command.ts', "import { startApp } from '../app/entry';\nexport const s = startApp;\n"), BOUNDARIES, /cli must not import app/);
    expectError(await lint('src-main/cli/x.command.ts', "import { createRouter } from '../ipc/router';\nexport const r = createRouter;\n"), BOUNDARIES, /cli must not import ipc/);
    expectError(await lint('src-main/services/x.service.ts', "import { CLI_COMMANDS } from '../cli/commands';\nexport const c = CLI_COMMANDS;\n"), BOUNDARIES, /services must not import cli/);
  });

  it('app → cli and cli → services are fine', async () => {
    const fromApp = await lint('src-main/app/x.ts', "import { runCli } from '../cli/run-cli';\nexport const r = runCli;\n");
    const fromCli = await lint('src-main/cli/x.command.ts', "import { verifyAudit } from '../services/audit.service';\nexport const v = verifyAudit;\n");
    expect(byRule([...fromApp, ...fromCli], BOUNDARIES)).toEqual([]);
  });
});

describe('only src-main/db and migrations import knex', () => {
  it("services → 'knex' is an error", async () => {
    const messages = await lint('src-main/services/x.service.ts', "import knex from 'knex';\nexport const k = knex;\n");
    expectError(messages, BOUNDARIES, /only src-main\/db and migrations may import knex \(found in services\)/);
    expectError(messages, IMPORTS, /'knex' import is restricted/);
  });

  it("services → type-only 'knex' is an error too", async () => {
    const messages = await lint('src-main/services/x.service.ts', "import type { Knex } from 'knex';\nexport type K = Knex;\n");
    expectError(messages, BOUNDARIES, /only src-main\/db and migrations may import knex/);
    expectError(messages, IMPORTS, /'knex' import is restricted/);
  });

  it("db → 'knex' is fine", async () => {
    const messages = await lint('src-main/db/x.repo.ts', "import knex from 'knex';\nexport const k = knex;\n");
    expect(messages).toEqual([]);
  });

  it("migrations → type-only 'knex' is fine", async () => {
    const messages = await lint('migrations/9999_probe.ts', "import type { Knex } from 'knex';\nexport type K = Knex;\n");
    expect(messages).toEqual([]);
  });
});

describe('headquarters (hq/) shares only shared/ with the desk', () => {
  it('hq → src-main is an error', async () => {
    const messages = await lint('hq/x.ts', "import { systemClock } from '../src-main/core/clock';\nexport const c = systemClock;\n");
    expectError(messages, BOUNDARIES, /headquarters \(hq\) shares only shared\/ with the desk; it must not import core/);
  });

  it("hq → the desk's migrations is an error", async () => {
    const messages = await lint('hq/db/x.ts', "import { MIGRATIONS } from '../../migrations';\nexport const m = MIGRATIONS;\n");
    expectError(messages, BOUNDARIES, /headquarters \(hq-db\) shares only shared\/ with the desk; it must not import migrations/);
  });

  it('the desk → hq is an error', async () => {
    const messages = await lint('src-main/cli.ts', "import { runHq } from '../hq/cli';\nexport const r = runHq;\n");
    expectError(messages, BOUNDARIES, /main-entry must not import hq/);
  });

  it("hq outside hq/db → 'pg' is an error; hq/db → 'pg' and hq → shared are fine", async () => {
    const outside = await lint('hq/ingest/x.ts', "import pg from 'pg';\nexport const p = pg;\n");
    expectError(outside, BOUNDARIES, /in headquarters only hq\/db and hq\/migrations may import pg/);
    expectError(outside, IMPORTS, /'pg' import is restricted/);
    expect(await lint('hq/db/x.ts', "import pg from 'pg';\nexport const p = pg;\n")).toEqual([]);
    expect(
      await lint('hq/ingest/x.ts', "import { canonicalJson } from '../../shared/journal';\nimport { createHash } from 'node:crypto';\nexport const f = [canonicalJson, createHash];\n"),
    ).toEqual([]);
  });
});

describe('Persian text only through the catalogues (STYLE.md item 10, issue 12 item 4)', () => {
  const SYNTAX = 'no-restricted-syntax';
  const CATALOGUE = /Persian text lives only in the catalogues/;

  it('a Persian string literal in a renderer component is an error', async () => {
    const messages = await lint('src-renderer/x.tsx', "export const title = 'ثبت نام';\n");
    expectError(messages, SYNTAX, CATALOGUE);
  });

  it('Persian in a template literal in main is an error', async () => {
    const messages = await lint('src-main/services/x.ts', 'export const text = (n: string) => `کد ${n}`;\n');
    expectError(messages, SYNTAX, CATALOGUE);
  });

  it('Persian JSX text is an error', async () => {
    const messages = await lint('src-renderer/x.tsx', 'export const A = () => <p>بستن</p>;\n');
    expectError(messages, SYNTAX, CATALOGUE);
  });

  it('Persian in shared/ and in headquarters outside the catalogues is an error', async () => {
    expectError(await lint('shared/x.ts', "export const s = 'شعبه';\n"), SYNTAX, CATALOGUE);
    expectError(await lint('hq/x.ts', "export const s = 'ستاد';\n"), SYNTAX, CATALOGUE);
  });

  it('the catalogues, tests, comments and \\u escapes of a character table are fine', async () => {
    expect(await lint('src-renderer/i18n/fa/x.ts', "export const x = { title: 'ثبت نام' };\n")).toEqual([]);
    expect(await lint('shared/i18n/x.ts', "export const X = 'پیامک';\n")).toEqual([]);
    expect(byRule(await lint('test/unit/x.test.ts', "export const expected = 'ثبت نام';\n"), SYNTAX)).toEqual([]);
    expect(await lint('shared/x.ts', "// ی and ک are normalised\nexport const YEH = '\\u06CC';\n")).toEqual([]);
  });
});
