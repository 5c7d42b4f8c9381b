/**
 * The only way the panel's renderers build DOM: `h(tag, props, ...children)`. Children that are
 * strings become text nodes, so text from logs (task names, targets, predictions, reasons) can never
 * become markup; there is no innerHTML anywhere in webview/. Attributes that can run or load
 * something (`on*`, `href`, `src`, `style`, ...) are refused outright.
 *
 * The helpers are typed against a minimal document interface rather than the DOM lib, so the unit
 * tier can render through a fake document in plain Node and inspect what was built.
 */

/** A text node or element, as far as the renderers care. */
export type NodeLike = object;

/** The element operations the renderers use. The browser's HTMLElement satisfies it. */
export interface ElementLike {
  append(...nodes: NodeLike[]): void;
  setAttribute(name: string, value: string): void;
  addEventListener(type: string, listener: (ev: never) => void): void;
}

/** The document operations the renderers use. The browser's `document` satisfies it. */
export interface DocumentLike {
  createElement(tag: string): ElementLike;
  createTextNode(data: string): NodeLike;
}

let doc: DocumentLike | undefined = (globalThis as { document?: DocumentLike }).document;

/** Switches the document the helpers build in (tests pass a fake one). */
export function setDocument(d: DocumentLike): void {
  doc = d;
}

function currentDocument(): DocumentLike {
  if (!doc) throw new Error('dom: no document (call setDocument first)');
  return doc;
}

/** Attribute names that could run code, load a resource or inject inline style. */
const FORBIDDEN_ATTR = /^(on|href$|src$|srcset$|style$|action$|formaction$|xlink:|srcdoc$)/i;

export type Child = NodeLike | string | number | null | undefined | false;

export interface Props {
  /** Space-separated class names. */
  class?: string;
  /** Plain attributes (aria-*, role, data-*, title...). Values are set as text. */
  attrs?: Record<string, string | number | boolean | undefined>;
  /** Event listeners. */
  on?: Record<string, (ev: never) => void>;
}

/** Creates an element. String children become text nodes; falsy children are skipped. */
export function h(tag: string, props: Props | null = null, ...children: Child[]): ElementLike {
  if (!/^[a-z][a-z0-9-]*$/.test(tag) || tag === 'script' || tag === 'iframe' || tag === 'object') {
    throw new Error(`dom: refusing to create <${tag}>`);
  }
  const d = currentDocument();
  const el = d.createElement(tag);
  if (props?.class) el.setAttribute('class', props.class);
  if (props?.attrs) {
    for (const [name, value] of Object.entries(props.attrs)) {
      if (value === undefined || value === false) continue;
      if (FORBIDDEN_ATTR.test(name)) throw new Error(`dom: refusing attribute ${name}`);
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  if (props?.on) {
    for (const [type, fn] of Object.entries(props.on)) el.addEventListener(type, fn);
  }
  append(el, ...children);
  return el;
}

/** Appends children to an element; strings and numbers as text nodes. */
export function append(el: ElementLike, ...children: Child[]): void {
  const d = currentDocument();
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' || typeof c === 'number' ? d.createTextNode(String(c)) : c);
  }
}

/** Shortens very long text for display; the full text goes into a `title` tooltip. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
