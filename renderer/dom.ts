/**
 * Building DOM from data. Text only ever goes in through textContent: order fields come from
 * the network, and nothing here can turn them into markup.
 */
type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    else if (name === 'className') element.className = String(value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/**
 * Status arrives every second. Replacing unchanged DOM would steal keyboard focus from the
 * mute buttons and make screen readers announce the alerts again, so each child that equals
 * the one it would replace stays.
 */
export function updateIfChanged(parent: HTMLElement, ...children: (HTMLElement | null)[]): void {
  const next = children.filter((child): child is HTMLElement => child !== null);
  next.forEach((child, i) => {
    const current = parent.children[i];
    if (!current) parent.append(child);
    else if (!current.isEqualNode(child)) current.replaceWith(child);
  });
  while (parent.children.length > next.length) parent.lastElementChild!.remove();
}

/** Sets a node's text only when it differs: writing the same text still replaces the node, and the page lays out and paints again. */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}
