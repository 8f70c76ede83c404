import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Every relative link in the Markdown we ship and every repository path a document names in backticks
// must exist, so a reader who follows one lands on the file, not on a rename from three issues ago.

const ROOT = process.cwd();
const SKIPPED_FOLDERS = new Set(['node_modules', 'out', 'dist', 'data', 'test-results', 'playwright-report', '.git']);
// Code spans starting with one of these name a file or folder of this repository.
const REPOSITORY_FOLDERS = [
  'shared',
  'renderer',
  'electron',
  'server',
  'tests',
  'bench',
  'scripts',
  'docs',
  'resources',
];
const ROOT_FILE = /^(?:[\w.-]+\.config\.[cm]?[jt]s|tsconfig[\w.-]*\.json|package\.json|electron-builder\.yml)$/;

function markdownFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory())
      return SKIPPED_FOLDERS.has(entry.name) || entry.name.startsWith('.') ? [] : markdownFiles(full);
    return entry.name.endsWith('.md') ? [full] : [];
  });
}

/** Link and image targets: `[text](target)`, `[label]: target`, `<img src="target">`. */
function linkTargets(markdown: string): string[] {
  const inline = [...markdown.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  const references = [...markdown.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]!);
  const images = [...markdown.matchAll(/<img\s[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
  return [...inline, ...references, ...images];
}

const isRelative = (target: string) => !/^(?:[a-z][a-z0-9+.-]*:|#|\/)/i.test(target);

/** Code spans that name a path in this repository (`server/src/db/migrations.ts`, `eslint.config.js`). */
function repositoryPaths(markdown: string): string[] {
  const withoutFences = markdown.replace(/^```[\s\S]*?^```/gm, '');
  return [...withoutFences.matchAll(/`([^`\s]+)`/g)]
    .map((m) => m[1]!.replace(/[:,.]$/, ''))
    .filter((span) => REPOSITORY_FOLDERS.some((folder) => span.startsWith(`${folder}/`)) || ROOT_FILE.test(span))
    .filter((span) => !/[*{}<>$]/.test(span));
}

const files = markdownFiles(ROOT);

describe('Markdown references', () => {
  it('finds the documents', () => {
    expect(files.map((file) => path.relative(ROOT, file))).toContain('README.md');
  });

  it.each(files.map((file) => [path.relative(ROOT, file), file]))('%s: relative links exist', (_name, file) => {
    const broken = linkTargets(readFileSync(file, 'utf8'))
      .filter(isRelative)
      .map((target) => decodeURIComponent(target.replace(/[#?].*$/, '')))
      .filter((target) => target !== '' && !existsSync(path.resolve(path.dirname(file), target)));
    expect(broken).toEqual([]);
  });

  it.each(files.map((file) => [path.relative(ROOT, file), file]))('%s: named repository paths exist', (_name, file) => {
    const missing = repositoryPaths(readFileSync(file, 'utf8')).filter(
      (named) => !existsSync(path.join(ROOT, named)) && !existsSync(path.resolve(path.dirname(file), named)),
    );
    expect(missing).toEqual([]);
  });
});
