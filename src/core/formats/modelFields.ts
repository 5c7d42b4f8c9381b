/**
 * Model fields for records built from a framework's metadata: the name as logged, plus family and
 * parameter count when the name itself carries a size ("EleutherAI/pythia-1.4b").
 */
import type { ModelInfo } from '../types';
import { splitModelName } from '../analysis/modelName';

/**
 * `{model, family, params}` from a model name. Family and params are set only when the name has a
 * size token: for a name without one ("openai/gpt-4o") they stay undefined so the analysis decides
 * (it may have a size from elsewhere, or group the model on its own).
 */
export function modelFields(name: string): ModelInfo {
  const split = splitModelName(name);
  if (split.params === undefined) return { model: name };
  return { model: name, family: split.family, params: split.params };
}
