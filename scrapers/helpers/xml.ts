/**
 * Reading HL7 CDA R2 XML (urn:hl7-org:v3) by element names, whatever prefix a producer gave the
 * namespace: walks of child elements by local name, never CSS selectors (whose type selectors
 * on XML namespaces differ between engines). Pure functions of the parsed document.
 */

export const HL7 = 'urn:hl7-org:v3';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** Child elements of `parent` named `name` (local name, in the HL7 namespace or none). */
export function children(parent: Element | null | undefined, name: string): Element[] {
  const found: Element[] = [];
  for (let child = parent?.firstElementChild ?? null; child !== null; child = child.nextElementSibling) {
    if (child.localName === name && (child.namespaceURI === HL7 || child.namespaceURI === null))
      found.push(child);
  }
  return found;
}

/** The first child element named `name`, or null. */
export function child(parent: Element | null | undefined, name: string): Element | null {
  for (let node = parent?.firstElementChild ?? null; node !== null; node = node.nextElementSibling) {
    if (node.localName === name && (node.namespaceURI === HL7 || node.namespaceURI === null)) return node;
  }
  return null;
}

/** The element at the end of a path of child names (`path(doc, 'recordTarget', 'patientRole')`). */
export function path(parent: Element | null | undefined, ...names: string[]): Element | null {
  let at: Element | null = parent ?? null;
  for (const name of names) at = child(at, name);
  return at;
}

/** Every descendant element named `name`, in document order. */
export function descendants(parent: Element | Document | null | undefined, name: string): Element[] {
  if (!parent) return [];
  return [
    ...Array.from(parent.getElementsByTagNameNS(HL7, name)),
    ...Array.from(parent.getElementsByTagNameNS('', name)),
  ];
}

/** An attribute's value, trimmed; null when absent or empty. */
export function attr(element: Element | null | undefined, name: string): string | null {
  const value = element?.getAttribute(name)?.trim();
  return value ? value : null;
}

/** `xsi:type` of a value element (`PQ`, `IVL_PQ`, `CD`…), whatever its prefix. */
export function xsiType(element: Element | null | undefined): string | null {
  if (!element) return null;
  const typed = element.getAttributeNS(XSI, 'type');
  if (typed) return typed.replace(/^.*:/, '');
  // A parser that keeps `prefix:type` as the attribute's name (happy-dom): its prefix must still
  // name the XML Schema instance namespace.
  for (const attribute of Array.from(element.attributes)) {
    const match = /^([\w.-]+):type$/.exec(attribute.name);
    if (!match) continue;
    const namespace = declaredNamespace(element, match[1]!);
    if (namespace === XSI) return attribute.value.replace(/^.*:/, '');
  }
  return null;
}

/** The namespace a prefix is declared for on the element or an ancestor (`xmlns:xsi="…"`). */
function declaredNamespace(element: Element, prefix: string): string | null {
  for (let at: Element | null = element; at !== null; at = at.parentElement) {
    const declared = at.getAttribute(`xmlns:${prefix}`);
    if (declared !== null) return declared;
  }
  return null;
}

/** The element's text, white space collapsed; null when it has none. */
export function textIn(element: Element | null | undefined): string | null {
  const text = element?.textContent?.replace(/\s+/g, ' ').trim();
  return text ? text : null;
}

/** The `root` values of an element's `templateId` children. */
export function templateIds(element: Element | null | undefined): string[] {
  return children(element, 'templateId').flatMap((template) => attr(template, 'root') ?? []);
}

/** Whether the document failed to parse as XML (a `parsererror` element, as browsers and happy-dom put it). */
export function parseFailed(doc: Document): boolean {
  return doc.getElementsByTagName('parsererror').length > 0 || doc.documentElement === null;
}
