import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** A real split: the monolith's files (relative to its folder at `before`) and the service each ended up in. */
export interface TruthFile {
  name: string;
  repository: string;
  before: string;
  after: string;
  /** The monolith's folder at `before`. */
  input: string;
  note: string;
  /** Added after the planner's settings were chosen and never used to choose them. */
  heldOut?: boolean;
  /** How the files were placed: renames git found, files left where they were, matched by name, not placed. */
  placed: { renamed: number; unchanged: number; byName: number; dropped: number };
  /** Files per service. */
  services: Record<string, number>;
  files: Record<string, string>;
}

export function readTruths(folder = __dirname): TruthFile[] {
  return readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as TruthFile);
}
