import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchCase } from '../core/cases';
import { kb } from '../core/format';
import { RENDERER_OUT_DIR } from '../harness/pages';

// 8. The JavaScript the terminal must load before it can start: the entry module and every module the
// built index.html preloads, gzip -9 (what a server or an installer's compression gets).

const TARGET_BYTES = 300_000;

/** Script and modulepreload URLs of the built index.html, relative to out/renderer. */
export function initialScripts(html: string): string[] {
  const urls = [
    ...html.matchAll(/<script\b[^>]*\bsrc="([^"]+\.js)"/g),
    ...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+\.js)"/g),
  ].map((match) => match[1] ?? '');
  return [...new Set(urls.filter(Boolean))];
}

export const bundleCase: BenchCase = {
  id: 'bundle',
  title: 'Initial renderer JavaScript',
  async run() {
    const html = fs.readFileSync(path.join(RENDERER_OUT_DIR, 'index.html'), 'utf8');
    const files = initialScripts(html).map((url) => {
      const bytes = fs.readFileSync(path.join(RENDERER_OUT_DIR, url.replace(/^\.?\//, '')));
      return { file: url, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    });
    if (files.length === 0) throw new Error('no script in out/renderer/index.html');
    const raw = files.reduce((sum, file) => sum + file.raw, 0);
    const gzip = files.reduce((sum, file) => sum + file.gzip, 0);
    return {
      rows: [
        {
          case: '8 Initial renderer JS (gzip -9)',
          takt: `${kb(gzip)} (${kb(raw)} raw, ${files.length} file${files.length === 1 ? '' : 's'})`,
          reference: '—',
          ratio: null,
          target: `≤ ${kb(TARGET_BYTES)}`,
          met: gzip <= TARGET_BYTES,
        },
      ],
      metrics: { gzipBytes: gzip, rawBytes: raw, files: files.map((f) => `${f.file} ${f.raw}/${f.gzip}`).join(', ') },
      notes: [],
    };
  },
};
