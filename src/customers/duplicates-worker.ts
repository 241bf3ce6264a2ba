import { scoreDuplicatePairs, type DuplicateCandidate, type DuplicatePair } from './duplicates.js';

/** The worker thread's task (see duplicate-finder.ts): scoring is seconds of CPU at 100,000 customers. */
export default function scorePairs(task: { candidates: DuplicateCandidate[]; similarNames: boolean }): DuplicatePair[] {
  return scoreDuplicatePairs(task.candidates, { similarNames: task.similarNames });
}
