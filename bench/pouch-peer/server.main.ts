import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import PouchDB from 'pouchdb';
import expressPouchDB from 'express-pouchdb';

// The peer's server, its own process: express-pouchdb (the core of pouchdb-server) on PouchDB's LevelDB
// adapter under /db/, plus the bench pages so the browser talks to it from the same origin.

const { values } = parseArgs({
  options: { port: { type: 'string' }, data: { type: 'string' }, static: { type: 'string' } },
});
const dataDir = path.resolve(values.data ?? 'pouch-data');
const staticDir = path.resolve(values.static ?? '.');
fs.mkdirSync(dataDir, { recursive: true });
process.chdir(dataDir); // express-pouchdb keeps its log file in the working folder

const pouch = expressPouchDB(PouchDB.defaults({ prefix: `${dataDir}/` }), {
  mode: 'minimumForPouchDB',
  inMemoryConfig: true,
  logPath: path.join(dataDir, 'pouch.log'),
});
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

const server = http.createServer((request, response) => {
  const url = request.url ?? '/';
  if (url === '/db' || url.startsWith('/db/')) {
    request.url = url.slice(3) || '/';
    pouch(request, response);
    return;
  }
  const file = path.resolve(staticDir, `.${decodeURIComponent(url.split('?')[0] ?? '/')}`);
  if (!file.startsWith(staticDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    response.writeHead(404).end('not found');
    return;
  }
  response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(response);
});

server.listen(Number(values.port ?? 0), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(`pouch server listening on http://127.0.0.1:${port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
