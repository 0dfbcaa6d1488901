import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import matter from 'gray-matter';
import { isDomainError } from '../errors';
import type { ImportedArticle, KnowledgeBase, UpsertOutcome } from './service';
import { KB_LOCALES, type KbLocale } from './types';

/** One article read from a file, before validation. */
export interface ReadArticle {
  /** File (and row or index) it came from, for error messages. */
  source: string;
  article: Partial<Record<keyof ImportedArticle, unknown>>;
}

export interface ImportReport {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: { source: string; message: string }[];
}

const MARKDOWN = /\.(md|markdown)$/i;

function localeFromPath(file: string): KbLocale | undefined {
  return path
    .dirname(file)
    .split(path.sep)
    .reverse()
    .find((part): part is KbLocale => (KB_LOCALES as readonly string[]).includes(part));
}

/** Tags may come as a YAML list, or as one string separated by commas, semicolons or pipes. */
function tagList(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value
    .split(/[;,|]/)
    .map((t) => t.trim())
    .filter(Boolean);
}

function booleanish(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (/^(true|yes|oui|1)$/i.test(value.trim())) return true;
  if (/^(false|no|non|0|)$/i.test(value.trim())) return false;
  return value;
}

/** Maps the field names files use (snake case, "known_error") onto the article's. */
function normalise(
  raw: Record<string, unknown>,
  defaults: Partial<ReadArticle['article']> = {},
): ReadArticle['article'] {
  const pick = (...names: string[]): unknown => names.map((n) => raw[n]).find((v) => v !== undefined && v !== '');
  const article: ReadArticle['article'] = {
    id: pick('id', 'slug') ?? defaults.id,
    locale: pick('locale', 'lang', 'language') ?? defaults.locale,
    title: pick('title'),
    body: pick('body', 'content') ?? defaults.body,
    tags: tagList(pick('tags')),
    category: pick('category'),
    status: pick('status'),
    knownError: booleanish(pick('knownError', 'known_error', 'knownerror')),
    author: pick('author'),
    sourcePath: defaults.sourcePath,
  };
  for (const key of Object.keys(article) as (keyof typeof article)[])
    if (article[key] === undefined) delete article[key];
  return article;
}

async function markdownFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((e) => !e.name.startsWith('.'))
      .map((e) =>
        e.isDirectory()
          ? markdownFiles(path.join(dir, e.name))
          : Promise.resolve(MARKDOWN.test(e.name) ? [path.join(dir, e.name)] : []),
      ),
  );
  return nested.flat().sort();
}

async function readMarkdownFolder(dir: string): Promise<ReadArticle[]> {
  const files = await markdownFiles(dir);
  return Promise.all(
    files.map(async (file) => {
      const relative = path.relative(dir, file).split(path.sep).join('/');
      const { data, content } = matter(await readFile(file, 'utf8'));
      const defaults = {
        id: path.basename(file).replace(MARKDOWN, ''),
        locale: localeFromPath(relative),
        body: content.trim(),
        sourcePath: relative,
      };
      return { source: relative, article: normalise({ ...data, body: content.trim() }, defaults) };
    }),
  );
}

function readJson(text: string, name: string): ReadArticle[] {
  const parsed: unknown = JSON.parse(text);
  const list = Array.isArray(parsed) ? parsed : (parsed as { articles?: unknown }).articles;
  if (!Array.isArray(list)) throw new Error(`${name}: expected an array of articles`);
  return list.map((raw, i) => ({
    source: `${name}[${i}]`,
    article: normalise((raw ?? {}) as Record<string, unknown>, { sourcePath: name }),
  }));
}

function readCsv(text: string, name: string): ReadArticle[] {
  const rows = parseCsv(text, {
    columns: (header: string[]) => header.map((h) => h.trim()),
    skip_empty_lines: true,
    trim: true,
    bom: true,
  }) as Record<string, string>[];
  // The header is line 1, so the first article is on line 2.
  return rows.map((row, i) => ({ source: `${name}:${i + 2}`, article: normalise(row, { sourcePath: name }) }));
}

/** Reads the articles of a folder of markdown files with front matter, a JSON array or a CSV file. */
export async function readArticles(target: string): Promise<ReadArticle[]> {
  const info = await stat(target);
  if (info.isDirectory()) return readMarkdownFolder(target);
  const name = path.basename(target);
  const text = await readFile(target, 'utf8');
  if (/\.json$/i.test(target)) return readJson(text, name);
  if (/\.csv$/i.test(target)) return readCsv(text, name);
  if (MARKDOWN.test(target))
    return readMarkdownFolder(path.dirname(target)).then((all) => all.filter((a) => a.source === name));
  throw new Error(`${target}: expected a folder of markdown files, a .json or a .csv file`);
}

/**
 * Upserts every article by id: a new id is created, a changed one updated, an identical one left
 * alone, so importing the same files again reports no change. A bad article is reported with its
 * file and skipped; the others are imported.
 */
export async function importArticles(kb: KnowledgeBase, target: string): Promise<ImportReport> {
  const read = await readArticles(target);
  const report: ImportReport = { read: read.length, created: 0, updated: 0, unchanged: 0, errors: [] };
  const seen = new Map<string, string>();
  for (const { source, article } of read) {
    const id = typeof article.id === 'string' ? article.id.trim() : '';
    if (id && seen.has(id)) {
      report.errors.push({ source, message: `id ${id} already used by ${seen.get(id)}` });
      continue;
    }
    if (id) seen.set(id, source);
    try {
      const outcome: UpsertOutcome = await kb.upsertArticle(article as ImportedArticle);
      report[outcome] += 1;
    } catch (err) {
      if (!isDomainError(err)) throw err;
      report.errors.push({ source, message: String(err.params.details ?? err.code) });
    }
  }
  return report;
}

/** Loads the sample articles shipped with the project, once: only into an empty knowledge base. */
export async function seedSampleKb(kb: KnowledgeBase, dir: string): Promise<ImportReport | undefined> {
  if (!(await kb.isEmpty())) return undefined;
  return importArticles(kb, dir);
}
