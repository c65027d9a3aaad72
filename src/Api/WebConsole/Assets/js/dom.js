// Building blocks for the console's pages. Data from the API is only ever written as text (textContent) or as the
// value of an attribute that can't run code; nothing here parses HTML.

const SVG_NS = 'http://www.w3.org/2000/svg';

function setAttributes(node, attrs) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (/^on/i.test(name) || name === 'style' || name === 'srcdoc') {
      throw new Error(`The console does not set the attribute '${name}'.`);
    }
    if ((name === 'href' || name === 'src' || name === 'action') && !/^(#|\/(?!\/))/.test(String(value))) {
      throw new Error(`The console only links within this site; '${value}' is not.`);
    }
    node.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * An HTML element: h('button', { class: 'primary', type: 'button', on: { click } }, 'Retry').
 * Strings among the children become text nodes.
 */
export function h(tag, props, ...children) {
  const node = document.createElement(tag);
  const { on, text, ...attrs } = props ?? {};
  setAttributes(node, attrs);
  for (const [event, handler] of Object.entries(on ?? {})) {
    node.addEventListener(event, handler);
  }
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  append(node, children);
  return node;
}

/** An SVG element, built the same way. */
export function s(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  const { text, ...rest } = attrs ?? {};
  setAttributes(node, rest);
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  append(node, children);
  return node;
}

/** Replaces the children of a node. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** A labelled form field: the label names the input for assistive technology. */
let fieldCount = 0;
export function field(label, input, hint) {
  fieldCount += 1;
  const id = input.id || `field-${fieldCount}`;
  input.id = id;
  const hintNode = hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintNode) {
    input.setAttribute('aria-describedby', hintNode.id);
  }
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, hintNode);
}

/** A select of [value, label] pairs. */
export function select(options, selected, attrs) {
  return h('select', attrs ?? {}, options.map(([value, label]) => h('option', { value, selected: value === selected }, label)));
}

/** A table with a caption, column headers and rows of cells (nodes or text). */
export function table(caption, headers, rows, attrs) {
  return h('table', attrs ?? {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map((name) => h('th', { scope: 'col' }, name)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell) => h('td', {}, cell))))));
}

/** A message box; kind is 'error', 'info' or 'ok'. */
export function notice(kind, ...children) {
  return h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, children);
}

/** Says something to screen readers without moving focus. */
export function announce(message) {
  const region = document.getElementById('announce');
  if (region) {
    region.textContent = message;
  }
}
