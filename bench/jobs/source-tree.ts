import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** The commit the run measured, and which files differed from it then (others edit too). */
export function sourceTree(): { commit: string; changedFiles: string[] } {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT }).toString().trim();
  try {
    return {
      commit: git('rev-parse', 'HEAD'),
      changedFiles: git('status', '--porcelain', '--untracked-files=all')
        .split('\n')
        .filter((line) => line !== '' && !line.includes('bench/jobs/')),
    };
  } catch {
    return { commit: 'unknown', changedFiles: [] };
  }
}
