import fs from 'node:fs';
import path from 'node:path';

// Plant IT reads these files when a station misbehaves: start, configuration, devices and sync errors, one
// line each. Lines never carry names, badge numbers, PINs, tokens or codes (operator ids are the most a line
// may name); what main writes is built for that, and `redact` removes the secrets main knows of.
// Writing is synchronous and small: main logs a few lines a minute, and a line must survive a crash.

export type LogLevel = 'info' | 'warn' | 'error';

export interface RotatingLogOptions {
  dir: string;
  /** Base file name; older files are `<name>.1` (newest) … `<name>.<keep>`. */
  fileName?: string;
  /** The current file is rotated before it would grow past this. */
  maxBytes?: number;
  /** Rotated files kept besides the current one. */
  keep?: number;
  now?: () => Date;
  /** Applied to every line before it is written (removes secrets main knows of). */
  redact?: (line: string) => string;
  /** Where a line goes when the file cannot be written. */
  fallback?: (line: string) => void;
  /** Also shown here (a developer's console); the file gets the line either way. */
  echo?: (line: string) => void;
}

export interface RotatingLog {
  info(topic: string, message: string): void;
  warn(topic: string, message: string): void;
  error(topic: string, message: string, problem?: unknown): void;
  /** The last `maxLines` lines, oldest first, across the current and the previous file. */
  tail(maxLines: number): string[];
  readonly file: string;
}

export const DEFAULT_LOG_MAX_BYTES = 1024 * 1024;
export const DEFAULT_LOG_KEEP = 4;
/** One line is cut here: a runaway message must not fill the file on its own. */
const MAX_LINE_CHARS = 4_000;

export function createRotatingLog(options: RotatingLogOptions): RotatingLog {
  const fileName = options.fileName ?? 'takt.log';
  const file = path.join(options.dir, fileName);
  const maxBytes = options.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
  const keep = options.keep ?? DEFAULT_LOG_KEEP;
  const now = options.now ?? (() => new Date());
  const redact = options.redact ?? ((line: string) => line);
  const fallback = options.fallback ?? ((line: string) => console.error(line));
  let size: number | null = null;

  const rotatedName = (index: number) => `${file}.${index}`;

  function rotate(): void {
    fs.rmSync(rotatedName(keep), { force: true });
    for (let index = keep - 1; index >= 1; index -= 1) {
      if (fs.existsSync(rotatedName(index))) fs.renameSync(rotatedName(index), rotatedName(index + 1));
    }
    if (keep >= 1) fs.renameSync(file, rotatedName(1));
    else fs.rmSync(file, { force: true });
    size = 0;
  }

  function write(level: LogLevel, topic: string, message: string): void {
    const text = redact(`${now().toISOString()} ${level.toUpperCase()} [${topic}] ${oneLine(message)}`);
    options.echo?.(text);
    const line = `${text}\n`;
    const bytes = Buffer.byteLength(line);
    try {
      if (size === null) {
        fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
        size = fs.existsSync(file) ? fs.statSync(file).size : 0;
      }
      if (size > 0 && size + bytes > maxBytes) rotate();
      fs.appendFileSync(file, line, { mode: 0o600 });
      size += bytes;
    } catch (error) {
      // A full disk or a read-only folder must not take main down: the line goes to stderr instead.
      size = null;
      fallback(`${text} (log file not writable: ${error instanceof Error ? error.message : String(error)})`);
    }
  }

  return {
    file,
    info: (topic, message) => write('info', topic, message),
    warn: (topic, message) => write('warn', topic, message),
    error: (topic, message, problem) =>
      write('error', topic, problem === undefined ? message : `${message} ${describeProblem(problem)}`),
    tail(maxLines) {
      const lines = [...readLines(rotatedName(1)), ...readLines(file)];
      return lines.slice(Math.max(0, lines.length - maxLines));
    },
  };
}

/** An error with its stack, anything else as text: main's errors are logged, never thrown further. */
export function describeProblem(problem: unknown): string {
  return problem instanceof Error ? (problem.stack ?? problem.message) : String(problem);
}

/** Line breaks in a message would forge log lines: they become ` | `. */
function oneLine(message: string): string {
  const flat = message.replace(/\r?\n/g, ' | ');
  return flat.length > MAX_LINE_CHARS ? `${flat.slice(0, MAX_LINE_CHARS)} …` : flat;
}

function readLines(file: string): string[] {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}
