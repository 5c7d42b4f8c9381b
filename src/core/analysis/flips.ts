import type { FlipExample } from '../report';
import type { ModelCell } from './collector';

/**
 * Items whose score on `metric` changes between two adjacent models, with their texts (only items
 * whose texts were kept, see collector.TEXT_CAP). Improvements first.
 */
export function flipExamples(cells: readonly ModelCell[], metric: string, from: string, to: string, max = 6): FlipExample[] {
  const a = cells.find((c) => c.model === from);
  const b = cells.find((c) => c.model === to);
  if (!a || !b) return [];
  const ca = a.metrics.get(metric);
  const cb = b.metrics.get(metric);
  if (!ca || !cb) return [];
  // Only items with texts kept in both models qualify: b's few (collector.TEXT_CAP) by id, rather
  // than a map of all its items (rebuilt for cells read by worker threads).
  const indexB = new Map<string, number>();
  for (const slot of b.texts.keys()) indexB.set(b.itemIds[slot]!, slot);
  const out: FlipExample[] = [];
  for (const [slotA, textA] of a.texts) {
    const id = a.itemIds[slotA]!;
    const slotB = indexB.get(id);
    if (slotB === undefined) continue;
    const textB = b.texts.get(slotB);
    if (!textB) continue;
    const na = ca.count.data[slotA] ?? 0;
    const nb = cb.count.data[slotB] ?? 0;
    if (na === 0 || nb === 0) continue;
    const sa = ca.sum.data[slotA]! / na;
    const sb = cb.sum.data[slotB]! / nb;
    if (sa === sb) continue;
    out.push({ itemId: id, fromModel: from, toModel: to, target: textA.target, fromPrediction: textA.prediction, toPrediction: textB.prediction, fromScore: sa, toScore: sb });
  }
  out.sort((x, y) => (y.toScore - y.fromScore) - (x.toScore - x.fromScore));
  return out.slice(0, max);
}
